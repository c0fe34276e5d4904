//! The user's words for a refused record: what kind of record it was, and why the server
//! refused it. Every table and every code this build knows has its own (each match is
//! exhaustive); a code from a newer server is shown as it came.
use leptos_i18n::I18nContext;

use crate::domain::activities::ActivityProblem;
use crate::domain::appeals::AppealProblem;
use crate::domain::attendance::MarkProblem;
use crate::domain::checks::EntryProblem;
use crate::domain::duty::DutyProblem;
use crate::domain::record::RecordProblem;
use crate::i18n::*;
use crate::sync::Table;
use crate::sync::rejection::Rejection;

/// The kind of a refused record, before its name; nothing for a check entry, whose item
/// name says it.
pub fn refused_kind(i18n: I18nContext<Locale>, table: Table) -> &'static str {
    match table {
        Table::CheckEntry => "",
        Table::CheckAppeal => t_string!(i18n, appeal_button),
        Table::Attendance => t_string!(i18n, reject_attendance),
        Table::DutyRoster => t_string!(i18n, duty_title),
        Table::Activity => t_string!(i18n, reject_activity),
    }
}

/// Why the server refused a record, from its code.
pub fn rejection_text(i18n: I18nContext<Locale>, code: &str) -> String {
    match Rejection::parse(code) {
        None => t_string!(i18n, reject_other, code = code.to_string()).to_string(),
        Some(Rejection::Record(p)) => record_text(i18n, p),
        Some(Rejection::CheckEntry(p)) => entry_text(i18n, p),
        Some(Rejection::CheckAppeal(p)) => appeal_text(i18n, p),
        Some(Rejection::Attendance(p)) => mark_text(i18n, p),
        Some(Rejection::DutyRoster(p)) => duty_text(i18n, p),
        Some(Rejection::Activity(p)) => activity_text(i18n, p),
    }
}

fn record_text(i18n: I18nContext<Locale>, problem: RecordProblem) -> String {
    match problem {
        RecordProblem::BadFields => t_string!(i18n, reject_bad_fields),
        RecordProblem::NotInScope => t_string!(i18n, reject_not_in_scope),
        RecordProblem::RoleNotAllowed => t_string!(i18n, reject_role_not_allowed),
        RecordProblem::OutsideTerm => t_string!(i18n, reject_outside_term),
        RecordProblem::FutureDay => t_string!(i18n, reject_future_day),
        RecordProblem::Exists => t_string!(i18n, reject_exists),
        RecordProblem::NotFound => t_string!(i18n, reject_not_found),
        RecordProblem::Deleted => t_string!(i18n, reject_deleted),
        RecordProblem::NoteTooLong => t_string!(i18n, reject_note_too_long),
        RecordProblem::ReasonRequired => t_string!(i18n, reject_reason_required),
        RecordProblem::StudentNotInClass => t_string!(i18n, reject_student_not_in_class),
        RecordProblem::DuplicateStudent => t_string!(i18n, reject_duplicate_student),
    }
    .to_string()
}

fn entry_text(i18n: I18nContext<Locale>, problem: EntryProblem) -> String {
    match problem {
        EntryProblem::Record(p) => return record_text(i18n, p),
        EntryProblem::UnknownItem => t_string!(i18n, reject_unknown_item),
        EntryProblem::ItemInactive => t_string!(i18n, reject_item_inactive),
        EntryProblem::SlotNotForItem => t_string!(i18n, reject_slot_not_for_item),
        EntryProblem::PointsOutOfRange => t_string!(i18n, reject_points_out_of_range),
        EntryProblem::BadCount => t_string!(i18n, reject_bad_count),
        EntryProblem::ValueTooLarge => t_string!(i18n, reject_value_too_large),
        EntryProblem::ClassItemNamesNoStudents => {
            t_string!(i18n, reject_class_item_names_no_students)
        }
        EntryProblem::VoidNeedsReason => t_string!(i18n, reject_void_needs_reason),
        EntryProblem::DutyEntry => t_string!(i18n, reject_duty_entry),
        EntryProblem::AlreadyVoided => t_string!(i18n, reject_already_voided),
        EntryProblem::CorrectInstead => t_string!(i18n, reject_correct_instead),
        EntryProblem::VoidInstead => t_string!(i18n, reject_void_instead),
    }
    .to_string()
}

fn appeal_text(i18n: I18nContext<Locale>, problem: AppealProblem) -> String {
    match problem {
        AppealProblem::Record(p) => return record_text(i18n, p),
        AppealProblem::NotAppealable => t_string!(i18n, reject_not_appealable),
        AppealProblem::AppealWindowClosed => t_string!(i18n, reject_appeal_window_closed),
        AppealProblem::AlreadyAppealed => t_string!(i18n, reject_already_appealed),
        AppealProblem::AppealDecided => t_string!(i18n, reject_appeal_decided),
        AppealProblem::EntryVoided => t_string!(i18n, reject_entry_voided),
    }
    .to_string()
}

fn mark_text(i18n: I18nContext<Locale>, problem: MarkProblem) -> String {
    match problem {
        MarkProblem::Record(p) => return record_text(i18n, p),
        MarkProblem::AlreadyMarked => t_string!(i18n, reject_already_marked),
        MarkProblem::SymptomsRequired => t_string!(i18n, reject_symptoms_required),
        MarkProblem::SymptomsNotForKind => t_string!(i18n, reject_symptoms_not_for_kind),
        MarkProblem::BadReturnDate => t_string!(i18n, reject_bad_return_date),
        MarkProblem::MarkCancelled => t_string!(i18n, reject_mark_cancelled),
        MarkProblem::CancelInstead => t_string!(i18n, reject_cancel_instead),
    }
    .to_string()
}

fn duty_text(i18n: I18nContext<Locale>, problem: DutyProblem) -> String {
    match problem {
        DutyProblem::Record(p) => return record_text(i18n, p),
        DutyProblem::BadWeekday => t_string!(i18n, reject_bad_weekday),
        DutyProblem::WeekdayTaken => t_string!(i18n, reject_weekday_taken),
        DutyProblem::TooManyOnDuty => t_string!(i18n, reject_too_many_on_duty),
    }
    .to_string()
}

fn activity_text(i18n: I18nContext<Locale>, problem: ActivityProblem) -> String {
    match problem {
        ActivityProblem::Record(p) => return record_text(i18n, p),
        ActivityProblem::TitleRequired => t_string!(i18n, reject_title_required),
        ActivityProblem::TitleTooLong => t_string!(i18n, reject_title_too_long),
        ActivityProblem::SafetyTopicRequired => t_string!(i18n, reject_safety_topic_required),
        ActivityProblem::SafetyTopicNotAllowed => {
            t_string!(i18n, reject_safety_topic_not_allowed)
        }
        ActivityProblem::BadDuration => t_string!(i18n, reject_bad_duration),
        ActivityProblem::BadParticipants => t_string!(i18n, reject_bad_participants),
        ActivityProblem::TextTooLong => t_string!(i18n, reject_text_too_long),
        ActivityProblem::TooManyPhotos => t_string!(i18n, reject_too_many_photos),
        ActivityProblem::DuplicatePhoto => t_string!(i18n, reject_duplicate_photo),
        ActivityProblem::PhotoConsent => t_string!(i18n, reject_photo_consent),
        ActivityProblem::UnknownTheme => t_string!(i18n, reject_unknown_theme),
        ActivityProblem::WithdrawInstead => t_string!(i18n, reject_withdraw_instead),
        ActivityProblem::ActivityWithdrawn => t_string!(i18n, reject_activity_withdrawn),
    }
    .to_string()
}
