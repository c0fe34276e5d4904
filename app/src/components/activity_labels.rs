//! The words for an activity's kind (with its safety topic), its five domains and the level
//! staff organised it at, in the user's language.
use leptos_i18n::I18nContext;

use crate::domain::activities::{ActivityKind, FiveDomain, OrganisedLevel, SafetyTopic};
use crate::i18n::*;

/// 年级活动 or 全校活动: a copy of an activity staff organised for more classes than one.
pub fn level_label(i18n: I18nContext<Locale>, level: OrganisedLevel) -> String {
    match level {
        OrganisedLevel::Grade => t_string!(i18n, activities_level_grade).to_string(),
        OrganisedLevel::School => t_string!(i18n, activities_level_school).to_string(),
    }
}

/// 主题班会, or 安全教育·消防 for a safety lesson.
pub fn kind_label(
    i18n: I18nContext<Locale>,
    kind: ActivityKind,
    safety: Option<SafetyTopic>,
) -> String {
    let kind_text = match kind {
        ActivityKind::ThemedMeeting => t_string!(i18n, activity_themed_meeting),
        ActivityKind::FlagSpeech => t_string!(i18n, activity_flag_speech),
        ActivityKind::SocialPractice => t_string!(i18n, activity_social_practice),
        ActivityKind::Volunteering => t_string!(i18n, activity_volunteering),
        ActivityKind::Safety => t_string!(i18n, activity_safety),
        ActivityKind::MentalHealth => t_string!(i18n, activity_mental_health),
        ActivityKind::Labour => t_string!(i18n, activity_labour),
        ActivityKind::FamilyReading => t_string!(i18n, activity_family_reading),
        ActivityKind::StudyTrip => t_string!(i18n, activity_study_trip),
        ActivityKind::Other => t_string!(i18n, activity_other),
    };
    match safety {
        Some(topic) => format!("{kind_text}·{}", topic_label(i18n, topic)),
        None => kind_text.to_string(),
    }
}

/// 消防, 交通, 防溺水 …
pub fn topic_label(i18n: I18nContext<Locale>, topic: SafetyTopic) -> &'static str {
    match topic {
        SafetyTopic::Fire => t_string!(i18n, safety_fire),
        SafetyTopic::Traffic => t_string!(i18n, safety_traffic),
        SafetyTopic::Drowning => t_string!(i18n, safety_drowning),
        SafetyTopic::Food => t_string!(i18n, safety_food),
        SafetyTopic::Buildings => t_string!(i18n, safety_buildings),
        SafetyTopic::Assembly => t_string!(i18n, safety_assembly),
        SafetyTopic::StudyTrip => t_string!(i18n, safety_study_trip),
        SafetyTopic::Bullying => t_string!(i18n, safety_bullying),
        SafetyTopic::Other => t_string!(i18n, safety_other),
    }
}

/// 德 智 体 美 劳.
pub fn domain_label(i18n: I18nContext<Locale>, domain: FiveDomain) -> &'static str {
    match domain {
        FiveDomain::Moral => t_string!(i18n, domain_moral),
        FiveDomain::Intellectual => t_string!(i18n, domain_intellectual),
        FiveDomain::Physical => t_string!(i18n, domain_physical),
        FiveDomain::Aesthetic => t_string!(i18n, domain_aesthetic),
        FiveDomain::Labour => t_string!(i18n, domain_labour),
    }
}
