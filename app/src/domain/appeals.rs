//! Appeals (申诉): a homeroom teacher contests a duty entry on their class within the
//! window; staff accept it (the entry is voided, the score restored) or reject it, with a reason.
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::checks::RecorderRole;
use super::record::{RecordProblem, problems, reason_text};
use super::wire::wire_enum;

wire_enum! {
    /// Where an appeal stands.
    pub enum AppealStatus {
        Pending = "pending",
        Accepted = "accepted",
        Rejected = "rejected",
    }
}

/// A new appeal as the phone sends it (`create` fields of table `check_appeal`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAppeal {
    pub entry_id: Uuid,
    pub reason: String,
}

/// A staff decision (`patch` fields of table `check_appeal`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppealDecision {
    pub status: AppealStatus,
    #[serde(default)]
    pub decision_reason: String,
}

problems! {
    /// Why an appeal or a decision on one is refused.
    pub enum AppealProblem shares RecordProblem {
        /// The entry was made by the class's own teacher: it is corrected, not appealed.
        NotAppealable = "not_appealable",
        AppealWindowClosed = "appeal_window_closed",
        AlreadyAppealed = "already_appealed",
        AppealDecided = "appeal_decided",
        /// The appealed entry no longer counts.
        EntryVoided = "entry_voided",
    }
}

/// What the rules need to know about the appealed entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppealedEntry {
    /// Only duty entries are appealed: a teacher's own entries are corrected.
    pub recorded_as: RecorderRole,
    pub voided: bool,
    pub deleted: bool,
    pub date: NaiveDate,
}

/// How long an appeal may wait on a phone without signal and still be judged by the day it
/// was made: the phone's clock is trusted this far back and no further.
pub const OFFLINE_GRACE_DAYS: u64 = 3;

/// The day an appeal counts as made: the phone's date for it, but never after the school's
/// `today` nor more than [`OFFLINE_GRACE_DAYS`] before it.
pub fn appeal_day(made_on_phone: NaiveDate, today: NaiveDate) -> NaiveDate {
    let earliest = today
        .checked_sub_days(Days::new(OFFLINE_GRACE_DAYS))
        .unwrap_or(today);
    made_on_phone.clamp(earliest, today)
}

/// Checks a new appeal on `today` (the school's date); the trimmed reason when it passes.
/// The window is `appeal_days` days after the entry's date, that day included.
pub fn check_new_appeal(
    entry: AppealedEntry,
    reason: &str,
    appeal_days: u32,
    today: NaiveDate,
) -> Result<String, AppealProblem> {
    let reason = reason_text(reason, true)?;
    if entry.deleted {
        return Err(RecordProblem::Deleted.into());
    }
    if entry.voided {
        return Err(AppealProblem::EntryVoided);
    }
    if entry.recorded_as != RecorderRole::Staff {
        return Err(AppealProblem::NotAppealable);
    }
    let closes = entry
        .date
        .checked_add_days(Days::new(u64::from(appeal_days)));
    if closes.is_some_and(|closes| today > closes) {
        return Err(AppealProblem::AppealWindowClosed);
    }
    Ok(reason)
}

/// Checks a decision on an appeal that is `current`; the trimmed reason when it passes.
/// A rejection must say why; an appeal is decided once.
pub fn check_decision(
    current: AppealStatus,
    decision: &AppealDecision,
) -> Result<String, AppealProblem> {
    if current != AppealStatus::Pending {
        return Err(AppealProblem::AppealDecided);
    }
    match decision.status {
        AppealStatus::Pending => Err(RecordProblem::BadFields.into()),
        AppealStatus::Accepted => Ok(reason_text(&decision.decision_reason, false)?),
        AppealStatus::Rejected => Ok(reason_text(&decision.decision_reason, true)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_appeal_made_offline_counts_from_the_day_it_was_made_within_the_grace() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert_eq!(
            appeal_day(day(24), day(25)),
            day(24),
            "yesterday, synced today"
        );
        assert_eq!(
            appeal_day(day(10), day(25)),
            day(22),
            "no further back than 3 days"
        );
        assert_eq!(
            appeal_day(day(28), day(25)),
            day(25),
            "a phone clock ahead counts as today"
        );
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn duty_entry() -> AppealedEntry {
        AppealedEntry {
            recorded_as: RecorderRole::Staff,
            voided: false,
            deleted: false,
            date: day(23),
        }
    }

    #[test]
    fn an_appeal_is_open_for_the_window_and_needs_a_reason() {
        assert_eq!(
            check_new_appeal(duty_entry(), " 当时在上体育课 ", 3, day(26)),
            Ok("当时在上体育课".into())
        );
        assert_eq!(
            check_new_appeal(duty_entry(), "理由", 3, day(27)),
            Err(AppealProblem::AppealWindowClosed)
        );
        assert_eq!(
            check_new_appeal(duty_entry(), "  ", 3, day(23)),
            Err(RecordProblem::ReasonRequired.into())
        );
    }

    #[test]
    fn only_live_duty_entries_can_be_appealed() {
        let own = AppealedEntry {
            recorded_as: RecorderRole::Homeroom,
            ..duty_entry()
        };
        assert_eq!(
            check_new_appeal(own, "理由", 3, day(23)),
            Err(AppealProblem::NotAppealable)
        );
        let voided = AppealedEntry {
            voided: true,
            ..duty_entry()
        };
        assert_eq!(
            check_new_appeal(voided, "理由", 3, day(23)),
            Err(AppealProblem::EntryVoided)
        );
    }

    #[test]
    fn a_rejection_says_why_and_an_appeal_is_decided_once() {
        let reject = |reason: &str| AppealDecision {
            status: AppealStatus::Rejected,
            decision_reason: reason.into(),
        };
        assert_eq!(
            check_decision(AppealStatus::Pending, &reject("")),
            Err(RecordProblem::ReasonRequired.into())
        );
        assert_eq!(
            check_decision(AppealStatus::Pending, &reject("有照片为证")),
            Ok("有照片为证".into())
        );
        let accept = AppealDecision {
            status: AppealStatus::Accepted,
            decision_reason: String::new(),
        };
        assert_eq!(
            check_decision(AppealStatus::Pending, &accept),
            Ok(String::new())
        );
        assert_eq!(
            check_decision(AppealStatus::Rejected, &accept),
            Err(AppealProblem::AppealDecided)
        );
    }
}
