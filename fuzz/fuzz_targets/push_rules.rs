//! Any push body: decoded, and every mutation's fields run through the rules of its table,
//! never a panic; an accepted entry stays within the bound on its value.
#![no_main]
use std::collections::HashSet;

use app::domain::appeals::{AppealDecision, AppealStatus, NewAppeal, check_decision};
use app::domain::attendance::{MarkPatch, NewMark, check_mark};
use app::domain::checks::{
    ALL_DAY, CheckEntryPatch, CheckItem, EntryNote, Level, MAX_ENTRY_VALUE, NewCheckEntry, Points,
    Recorder, RecorderRoles, check_values, entry_value,
};
use app::sync::PushRequest;
use libfuzzer_sys::fuzz_target;
use uuid::Uuid;

fn fields_as<T: serde::de::DeserializeOwned>(m: &app::sync::Mutation) -> Option<T> {
    serde_json::from_value(serde_json::Value::Object(m.fields.clone())).ok()
}

fuzz_target!(|data: &[u8]| {
    let Ok(push) = serde_json::from_slice::<PushRequest>(data) else {
        return;
    };
    let roster: HashSet<Uuid> = (0..60).map(Uuid::from_u128).collect();
    let roles = RecorderRoles {
        staff: true,
        homeroom: true,
    };
    for m in &push.mutations {
        if let Some(new) = fields_as::<NewCheckEntry>(m) {
            for level in [Level::Class, Level::Student] {
                let item = CheckItem {
                    id: new.item_id,
                    category: "c".into(),
                    name: "n".into(),
                    points: Points(10),
                    min: Points(5),
                    max: Points(30),
                    level,
                    slots: vec![ALL_DAY.into()],
                    recorder: Recorder::Both,
                    active: true,
                };
                if let Ok(ok) = check_values(&item, roles, &roster, new.values(&item)) {
                    let value = entry_value(ok.points, ok.count, ok.student_ids.len());
                    assert!(value.0.abs() <= MAX_ENTRY_VALUE.0);
                }
            }
        }
        if let Some(patch) = fields_as::<CheckEntryPatch>(m) {
            let _ = patch.apply(&EntryNote {
                note: String::new(),
                voided: false,
                void_reason: String::new(),
            });
        }
        if let Some(new) = fields_as::<NewMark>(m) {
            let _ = check_mark(new.date, new.values());
            if let Some(patch) = fields_as::<MarkPatch>(m) {
                let _ = check_mark(new.date, patch.apply(&new.values()));
            }
        }
        if let Some(decision) = fields_as::<AppealDecision>(m) {
            let _ = check_decision(AppealStatus::Pending, &decision);
        }
        let _ = fields_as::<NewAppeal>(m);
    }
});
