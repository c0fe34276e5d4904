//! What Today shows, from the rows a phone holds: the phone builds it from its store, and the
//! server from the same rows when it draws a first visit itself.
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};
use uuid::Uuid;

use crate::domain::checks::{ItemUsage, RecorderRoles};
use crate::domain::duty::DutyDay;
use crate::domain::role::Principal;
use crate::sync::rows::{ClassRow, EntryRow, ItemRow, StudentRow};
use crate::sync::tables::SyncedRow;

/// Today's data for one user and one day; as JSON (the copy in a drawn page), every row
/// carries its id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TodayData {
    /// The day shown: the phone's own, or the school's when the server drew it.
    pub day: NaiveDate,
    /// The classes the user may record for, with the capacities they record in.
    #[serde(serialize_with = "classes_with_ids")]
    pub classes: Vec<(ClassRow, RecorderRoles)>,
    #[serde(serialize_with = "with_ids")]
    pub items: Vec<ItemRow>,
    #[serde(serialize_with = "with_ids")]
    pub students: Vec<StudentRow>,
    /// The day's entries.
    #[serde(serialize_with = "with_ids")]
    pub entries: Vec<EntryRow>,
    /// How often and how lately this phone's user logged each item (the phone's alone).
    #[serde(skip)]
    pub usage: HashMap<Uuid, ItemUsage>,
    /// The duty rosters of the user's classes.
    #[serde(serialize_with = "with_ids")]
    pub duty: Vec<DutyDay>,
}

/// Rows with their ids, which a row's own fields leave out on the wire; each row reads its id
/// back from its fields, so the phone reads a copy with the readers it has.
fn with_ids<R: SyncedRow, S: Serializer>(rows: &[R], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(rows.iter().map(WithId))
}

/// Classes with their ids, like [`with_ids`].
fn classes_with_ids<S: Serializer>(
    classes: &[(ClassRow, RecorderRoles)],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(classes.iter().map(|(c, r)| (WithId(c), r)))
}

/// A row serialised with its id among its fields.
struct WithId<'a, R>(&'a R);

impl<R: SyncedRow> Serialize for WithId<'_, R> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut fields = serde_json::to_value(self.0).map_err(serde::ser::Error::custom)?;
        if let Some(map) = fields.as_object_mut() {
            map.insert("id".into(), serde_json::json!(self.0.id()));
        }
        fields.serialize(s)
    }
}

/// What the server read for the page it is drawing, handed over in the request's extensions.
#[derive(Clone, Debug)]
pub struct DrawnToday(pub std::sync::Arc<TodayData>);

/// The id of the page's JSON copy of what the server drew, which the phone hydrates from.
pub const DRAWN_ID: &str = "drawn-today";

/// The rows Today is made of, as pulled.
#[derive(Clone, Debug, Default)]
pub struct TodayRows {
    pub classes: Vec<ClassRow>,
    pub items: Vec<ItemRow>,
    pub students: Vec<StudentRow>,
    pub entries: Vec<EntryRow>,
    pub duty: Vec<DutyDay>,
}

impl TodayRows {
    /// Today for `who` on `day`: the classes they record for, their own first; items in
    /// scheme order; students by number.
    pub fn arrange(self, who: Option<&Principal>, day: NaiveDate) -> TodayData {
        let mut classes = with_roles(who, self.classes);
        classes.retain(|(_, r)| r.any());
        let mut items = self.items;
        items.sort_by_key(|i| i.sort_order);
        let mut students = self.students;
        students.sort_by(|a, b| a.student_no.cmp(&b.student_no));
        TodayData {
            day,
            classes,
            items,
            students,
            entries: self.entries,
            usage: HashMap::new(),
            duty: self.duty,
        }
    }
}

/// Each class with the capacities `who` records in for it: their own classes first, then
/// in school order.
pub fn with_roles(
    who: Option<&Principal>,
    classes: Vec<ClassRow>,
) -> Vec<(ClassRow, RecorderRoles)> {
    let mut classes: Vec<(ClassRow, RecorderRoles)> = classes
        .into_iter()
        .map(|c| {
            let roles = who.and_then(|who| Some(who.recorder_roles(&c.place(who.school_id?))));
            (c, roles.unwrap_or_default())
        })
        .collect();
    classes.sort_by_key(|(c, r)| (!r.homeroom, c.grade_order, c.sort_order));
    classes
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    type Outcome = Result<(), Box<dyn std::error::Error>>;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn row<R: SyncedRow>(n: u128, fields: serde_json::Value) -> serde_json::Result<R> {
        Ok(serde_json::from_value::<R>(fields)?.with_id(id(n)))
    }

    #[test]
    fn a_drawn_copy_keeps_every_row_and_its_id() -> Outcome {
        let (class, item, student) = (id(1), id(2), id(3));
        let data = TodayData {
            day: "2026-12-07".parse()?,
            classes: vec![(
                row(
                    1,
                    json!({"name": "1班", "grade_id": id(9), "grade_name": "初一", "grade_order": 1, "sort_order": 1}),
                )?,
                RecorderRoles {
                    staff: false,
                    homeroom: true,
                },
            )],
            items: vec![row(
                2,
                json!({"category": "卫生", "name": "纸屑", "points": -1, "level": "class",
                "slots": ["早读"], "recorder": "both", "active": true, "sort_order": 0}),
            )?],
            students: vec![row(
                3,
                json!({"class_id": class, "student_no": "01", "name": "叶思桐"}),
            )?],
            entries: vec![row(
                4,
                json!({"class_id": class, "date": "2026-12-07", "slot": "早读",
                "item_id": item, "student_ids": [student], "note": "</script>"}),
            )?],
            usage: HashMap::new(),
            duty: vec![row(
                5,
                json!({"class_id": class, "weekday": 1, "student_ids": [student]}),
            )?],
        };
        let back: TodayData = serde_json::from_str(&serde_json::to_string(&data)?)?;
        assert_eq!(back, data);
        let ids: Vec<Uuid> = (back.classes.iter().map(|(c, _)| c.id))
            .chain(back.items.iter().map(|r| r.id))
            .chain(back.students.iter().map(|r| r.id))
            .chain(back.entries.iter().map(|r| r.id))
            .chain(back.duty.iter().map(|r| r.id))
            .collect();
        assert_eq!(ids, [id(1), id(2), id(3), id(4), id(5)]);
        Ok(())
    }
}
