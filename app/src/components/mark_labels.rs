//! The words for attendance reasons and symptoms, shared by the roll and the staff view.
use leptos_i18n::I18nContext;

use crate::domain::attendance::{MarkKind, Symptom};
use crate::i18n::*;

/// 病假, 事假, 旷课, 迟到, 早退.
pub fn kind_label(i18n: I18nContext<Locale>, kind: MarkKind) -> String {
    match kind {
        MarkKind::Sick => t_string!(i18n, kind_sick),
        MarkKind::Personal => t_string!(i18n, kind_personal),
        MarkKind::Truant => t_string!(i18n, kind_truant),
        MarkKind::Late => t_string!(i18n, kind_late),
        MarkKind::EarlyLeave => t_string!(i18n, kind_early_leave),
    }
    .to_string()
}

/// 发热, 咳嗽, …
pub fn symptom_label(i18n: I18nContext<Locale>, symptom: Symptom) -> String {
    match symptom {
        Symptom::Fever => t_string!(i18n, symptom_fever),
        Symptom::Cough => t_string!(i18n, symptom_cough),
        Symptom::Diarrhoea => t_string!(i18n, symptom_diarrhoea),
        Symptom::Vomiting => t_string!(i18n, symptom_vomiting),
        Symptom::Rash => t_string!(i18n, symptom_rash),
        Symptom::Other => t_string!(i18n, symptom_other),
    }
    .to_string()
}

/// A sick mark's symptoms, joined as people write them (发热、咳嗽).
pub fn symptoms_text(i18n: I18nContext<Locale>, symptoms: &[Symptom]) -> String {
    symptoms
        .iter()
        .map(|s| symptom_label(i18n, *s))
        .collect::<Vec<_>>()
        .join("、")
}
