//! What a phone writes: each table and op has one payload type, written by the phone and read
//! by the server's rules, so a renamed field fails the build rather than a push.
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Op, Table};

/// The fields of one kind of mutation: the `create` or `patch` of one table (the registry in
/// [`super::tables`] says which).
pub trait Payload: Serialize + DeserializeOwned {
    const TABLE: Table;
    const OP: Op;

    /// The mutation's `fields`.
    fn to_fields(&self) -> Result<Map<String, Value>, serde_json::Error> {
        match serde_json::to_value(self)? {
            Value::Object(fields) => Ok(fields),
            _ => Err(serde::ser::Error::custom("a payload is an object")),
        }
    }

    /// A mutation's `fields` read as this payload.
    fn from_fields(fields: &Map<String, Value>) -> Result<Self, serde_json::Error> {
        serde_json::from_value(Value::Object(fields.clone()))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Utc};
    use uuid::Uuid;

    use super::*;
    use crate::domain::activities::{
        ActivityFields, ActivityKind, ActivityPatch, ActivityPhoto, FiveDomain, NewActivity,
        Organised, OrganisedLevel, Participants, SafetyTopic,
    };
    use crate::domain::appeals::{AppealDecision, AppealStatus, NewAppeal};
    use crate::domain::attendance::{MarkKind, MarkPatch, NewMark, Symptom};
    use crate::domain::checks::{CheckEntryPatch, NewCheckEntry, Points};
    use crate::domain::duty::{DutyDayPatch, NewDutyDay};
    use crate::domain::photos::PhotoId;

    /// The phone's payload is what the server reads, field for field.
    type Result<T> = std::result::Result<T, serde_json::Error>;

    fn round_trip<P: Payload + PartialEq + std::fmt::Debug>(
        payload: P,
    ) -> Result<Map<String, Value>> {
        let fields = payload.to_fields()?;
        assert_eq!(P::from_fields(&fields)?, payload);
        Ok(fields)
    }

    const DAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 9, 7) {
        Some(day) => day,
        None => NaiveDate::MIN,
    };

    #[test]
    fn every_payload_reads_back_as_written() -> Result<()> {
        round_trip(NewCheckEntry {
            class_id: Uuid::from_u128(1),
            date: DAY,
            slot: "上午".into(),
            item_id: Uuid::from_u128(2),
            points: Some(Points(-5)),
            count: Some(2),
            student_ids: vec![Uuid::from_u128(3)],
            note: "纸屑".into(),
            observed_at: Some(Utc::now()),
            corrects: Some(Uuid::from_u128(4)),
            reason: "记错".into(),
            photo: PhotoId::parse(&"ab".repeat(32)),
        })?;
        round_trip(NewAppeal {
            entry_id: Uuid::from_u128(5),
            reason: "已打扫".into(),
        })?;
        round_trip(AppealDecision {
            status: AppealStatus::Rejected,
            decision_reason: "照片显示未打扫".into(),
        })?;
        round_trip(NewMark {
            class_id: Uuid::from_u128(1),
            student_id: Uuid::from_u128(3),
            date: DAY,
            kind: MarkKind::Sick,
            symptoms: vec![Symptom::Fever],
            note: String::new(),
            expected_return: DAY.succ_opt(),
        })?;
        round_trip(NewDutyDay {
            class_id: Uuid::from_u128(1),
            weekday: 1,
            student_ids: vec![Uuid::from_u128(3)],
            task: "扫地".into(),
        })?;
        round_trip(NewActivity {
            class_id: Uuid::from_u128(1),
            activity: ActivityFields {
                title: "防溺水安全教育".into(),
                kind: ActivityKind::Safety,
                safety: Some(SafetyTopic::Drowning),
                domains: vec![FiveDomain::Moral, FiveDomain::Physical],
                theme_id: Some(Uuid::from_u128(4)),
                date: serde_json::from_value(serde_json::json!(DAY))?,
                minutes: Some(40),
                place: "教室".into(),
                participants: Participants::Named(vec![Uuid::from_u128(3)]),
                summary: "讲解了防溺水六不准".into(),
                reflection: String::new(),
                photos: vec![ActivityPhoto {
                    id: serde_json::from_value(serde_json::json!("ab".repeat(32)))?,
                    students: vec![Uuid::from_u128(3)],
                }],
                shared: true,
            },
            organised: Some(Organised {
                level: OrganisedLevel::Grade,
                group: Uuid::from_u128(5),
            }),
        })?;
        Ok(())
    }

    #[test]
    fn a_patch_names_only_what_it_changes() -> Result<()> {
        let void = round_trip(CheckEntryPatch {
            voided: Some(true),
            void_reason: Some("重复".into()),
            ..CheckEntryPatch::default()
        })?;
        let mut named: Vec<&String> = void.keys().collect();
        named.sort();
        assert_eq!(
            named,
            ["void_reason", "voided"],
            "absent fields stay absent, so the phone's copy keeps them"
        );
        let back = round_trip(MarkPatch {
            returned_on: Some(DAY),
            ..MarkPatch::default()
        })?;
        assert_eq!(back.keys().collect::<Vec<_>>(), ["returned_on"]);
        let task = round_trip(DutyDayPatch {
            task: Some("擦黑板".into()),
            ..DutyDayPatch::default()
        })?;
        assert_eq!(task.keys().collect::<Vec<_>>(), ["task"]);
        let other = round_trip(ActivityPatch {
            kind: Some(ActivityKind::Other),
            safety: Some(None),
            ..ActivityPatch::default()
        })?;
        assert_eq!(
            other.get("safety"),
            Some(&Value::Null),
            "a null clears the topic; an absent field keeps it"
        );
        Ok(())
    }
}
