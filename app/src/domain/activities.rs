//! Moral-education activities (德育活动): what a class held, with whom and with which photos,
//! and whether the parent committee may see it. Phone and server check the same rules.
use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::day::Day;
use super::photos::{PhotoConsent, PhotoId};
use super::record::{RecordProblem, problems};
use super::role::{ClassPlace, Principal};
use super::wire::wire_enum;

/// Most photos one activity keeps.
pub const MAX_PHOTOS: usize = 9;
/// Most characters of a title or a place.
pub const MAX_TITLE_CHARS: usize = 60;
/// Most characters of a summary or a reflection.
pub const MAX_TEXT_CHARS: usize = 2000;
/// The longest activity, in minutes: a whole day's study trip.
pub const MAX_MINUTES: u16 = 24 * 60;
/// Most participants counted without names: a whole school assembly.
pub const MAX_COUNTED: u16 = 5000;

wire_enum! {
    /// What kind of activity was held.
    pub enum ActivityKind {
        /// 主题班会
        ThemedMeeting = "themed_meeting",
        /// 国旗下讲话
        FlagSpeech = "flag_speech",
        /// 社会实践
        SocialPractice = "social_practice",
        /// 志愿服务
        Volunteering = "volunteering",
        /// 安全教育, with a topic
        Safety = "safety",
        /// 心理健康
        MentalHealth = "mental_health",
        /// 劳动教育
        Labour = "labour",
        /// 亲子共读
        FamilyReading = "family_reading",
        /// 研学
        StudyTrip = "study_trip",
        /// 其他
        Other = "other",
    }
}

wire_enum! {
    /// The topic of a safety-education activity, as the county's coverage report names them.
    pub enum SafetyTopic {
        /// 消防
        Fire = "fire",
        /// 交通
        Traffic = "traffic",
        /// 防溺水
        Drowning = "drowning",
        /// 食品
        Food = "food",
        /// 校舍
        Buildings = "buildings",
        /// 集会
        Assembly = "assembly",
        /// 研学
        StudyTrip = "study_trip",
        /// 防欺凌
        Bullying = "bullying",
        /// 其他
        Other = "other",
    }
}

wire_enum! {
    /// The five domains of education (五育) an activity serves.
    pub enum FiveDomain {
        /// 德
        Moral = "moral",
        /// 智
        Intellectual = "intellectual",
        /// 体
        Physical = "physical",
        /// 美
        Aesthetic = "aesthetic",
        /// 劳
        Labour = "labour",
    }
}

wire_enum! {
    /// The level of an activity staff organised for more classes than one.
    pub enum OrganisedLevel {
        /// 年级活动
        Grade = "grade",
        /// 全校活动
        School = "school",
    }
}

impl OrganisedLevel {
    /// Whether `who` may organise at this level an activity held by the class at `place`:
    /// staff over the class for a grade's, staff over the whole school for the school's.
    pub fn allowed(self, who: &Principal, place: &ClassPlace) -> bool {
        match self {
            OrganisedLevel::Grade => who.oversees(place),
            OrganisedLevel::School => who.oversees_school(place.school_id),
        }
    }
}

/// A grade's or the whole school's activity, organised by staff and recorded once for each
/// class that held it: each class's teacher, feed and coverage see their own copy, and the
/// copies share `group`, so staff correct or withdraw them together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organised {
    pub level: OrganisedLevel,
    pub group: Uuid,
}

/// Who took part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Participants {
    WholeClass,
    Count(u16),
    Named(Vec<Uuid>),
}

/// One photo of an activity and the students it shows, for the consent rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityPhoto {
    pub id: PhotoId,
    #[serde(default)]
    pub students: Vec<Uuid>,
}

/// Declares the activity's fields once: [`ActivityFields`] as the phone writes them, and
/// [`ActivityPatch`], a correction naming any of them.
macro_rules! activity_fields {
    ($($(#[$attr:meta])* $field:ident: $ty:ty,)*) => {
        /// What an activity says, as the phone writes it and the rules check it.
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ActivityFields {
            $($(#[$attr])* pub $field: $ty,)*
        }

        /// A correction of an activity (`patch` of `activity`): each field it names replaces
        /// the stored one, the last write winning per field; `null` clears an optional field.
        /// `withdrawn` takes the activity out of every list and feed, for good.
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ActivityPatch {
            $(#[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
            pub $field: Option<$ty>,)*
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub withdrawn: Option<bool>,
        }

        impl ActivityPatch {
            /// `current` with this patch applied, before the rules are checked again.
            pub fn apply(&self, current: &ActivityFields) -> ActivityFields {
                ActivityFields {
                    $($field: self.$field.clone().unwrap_or_else(|| current.$field.clone()),)*
                }
            }
        }

        impl ActivityFields {
            /// The patch that turns these fields into `after`: each changed field, no other.
            pub fn patch_to(&self, after: &ActivityFields) -> ActivityPatch {
                ActivityPatch {
                    $($field: (self.$field != after.$field).then(|| after.$field.clone()),)*
                    withdrawn: None,
                }
            }

            /// Each field `after` changes: its name and its value before and after, as JSON
            /// (what the field history keeps).
            pub fn changes(&self, after: &ActivityFields) -> Vec<(&'static str, String, String)> {
                let mut changed = Vec::new();
                $(if self.$field != after.$field {
                    changed.push((stringify!($field), as_json(&self.$field), as_json(&after.$field)));
                })*
                changed
            }
        }
    };
}

activity_fields! {
    title: String,
    kind: ActivityKind,
    #[serde(default)]
    safety: Option<SafetyTopic>,
    #[serde(default)]
    domains: Vec<FiveDomain>,
    #[serde(default)]
    theme_id: Option<Uuid>,
    date: Day,
    #[serde(default)]
    minutes: Option<u16>,
    #[serde(default)]
    place: String,
    participants: Participants,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    reflection: String,
    #[serde(default)]
    photos: Vec<ActivityPhoto>,
    /// Shown in the parent committee's feed.
    #[serde(default)]
    shared: bool,
}

/// A field that is present, even as `null`, is `Some`: so a patch can clear an optional field.
fn present<'de, T: Deserialize<'de>, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A value as the field history keeps it.
fn as_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A new activity of a class (`create` of `activity`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewActivity {
    pub class_id: Uuid,
    pub activity: ActivityFields,
    /// Set for a copy of a grade's or the school's activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organised: Option<Organised>,
}

/// An activity as pulled and kept on the phone (`activity`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRow {
    /// The change's id: not in the fields on the wire.
    #[serde(default, skip_serializing)]
    pub id: Uuid,
    pub class_id: Uuid,
    pub activity: ActivityFields,
    /// Taken out of every list and feed; kept with its history.
    #[serde(default)]
    pub withdrawn: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organised: Option<Organised>,
}

problems! {
    /// Why an activity is refused.
    pub enum ActivityProblem shares RecordProblem {
        TitleRequired = "title_required",
        TitleTooLong = "title_too_long",
        /// A safety activity names its topic; no other kind has one.
        SafetyTopicRequired = "safety_topic_required",
        SafetyTopicNotAllowed = "safety_topic_not_allowed",
        BadDuration = "bad_duration",
        BadParticipants = "bad_participants",
        TextTooLong = "text_too_long",
        TooManyPhotos = "too_many_photos",
        DuplicatePhoto = "duplicate_photo",
        /// Shared with the parent committee while a photo shows a student whose guardian has
        /// not allowed photos outside the school.
        PhotoConsent = "photo_consent",
        /// The linked theme is not one of the school's monthly themes.
        UnknownTheme = "unknown_theme",
        /// Activities are withdrawn, never deleted.
        WithdrawInstead = "withdraw_instead",
        /// A withdrawn activity is not changed again.
        ActivityWithdrawn = "activity_withdrawn",
    }
}

/// One activity a student took part in, for their growth record (成长档案).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TookPartIn {
    pub date: Day,
    pub title: String,
    pub kind: ActivityKind,
    pub safety: Option<SafetyTopic>,
    pub domains: Vec<FiveDomain>,
}

/// A student's activities over a term, newest first, and how many served each of the five
/// domains (in their order): the first piece of the growth record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participation {
    pub activities: Vec<TookPartIn>,
    pub per_domain: Vec<(FiveDomain, u32)>,
}

/// The activities of the student's class that the student took part in: named, or the whole
/// class. A count without names names no one, so it is not the student's.
pub fn participation(
    student: Uuid,
    activities: impl IntoIterator<Item = (Participants, TookPartIn)>,
) -> Participation {
    let mut taken: Vec<TookPartIn> = activities
        .into_iter()
        .filter(|(who, _)| match who {
            Participants::WholeClass => true,
            Participants::Count(_) => false,
            Participants::Named(students) => students.contains(&student),
        })
        .map(|(_, activity)| activity)
        .collect();
    taken.sort_by_key(|a| std::cmp::Reverse(a.date));
    let per_domain = FiveDomain::ALL
        .into_iter()
        .map(|domain| {
            let n = taken.iter().filter(|a| a.domains.contains(&domain)).count();
            (domain, u32::try_from(n).unwrap_or(u32::MAX))
        })
        .collect();
    Participation {
        activities: taken,
        per_domain,
    }
}

/// A class's students as the rules need them: who is in the class, and each one's consent.
pub trait Roster {
    fn has(&self, student: Uuid) -> bool;
    fn consent(&self, student: Uuid) -> PhotoConsent;
}

/// Checks an activity and returns it as it is kept: texts trimmed, domains each once in
/// order. A shared activity whose photos show students without consent is refused; the
/// phone names them with [`unconsented`].
pub fn check_activity(
    fields: ActivityFields,
    roster: &impl Roster,
) -> Result<ActivityFields, ActivityProblem> {
    let title = fields.title.trim().to_string();
    if title.is_empty() {
        return Err(ActivityProblem::TitleRequired);
    }
    let place = fields.place.trim().to_string();
    if title.chars().count() > MAX_TITLE_CHARS || place.chars().count() > MAX_TITLE_CHARS {
        return Err(ActivityProblem::TitleTooLong);
    }
    match (fields.kind, fields.safety) {
        (ActivityKind::Safety, None) => return Err(ActivityProblem::SafetyTopicRequired),
        (kind, Some(_)) if kind != ActivityKind::Safety => {
            return Err(ActivityProblem::SafetyTopicNotAllowed);
        }
        _ => {}
    }
    if fields.minutes.is_some_and(|m| m == 0 || m > MAX_MINUTES) {
        return Err(ActivityProblem::BadDuration);
    }
    check_participants(&fields.participants, roster)?;
    let summary = fields.summary.trim().to_string();
    let reflection = fields.reflection.trim().to_string();
    if summary.chars().count() > MAX_TEXT_CHARS || reflection.chars().count() > MAX_TEXT_CHARS {
        return Err(ActivityProblem::TextTooLong);
    }
    check_photos(&fields.photos, roster)?;
    if fields.shared && !unconsented(&fields.photos, roster).is_empty() {
        return Err(ActivityProblem::PhotoConsent);
    }
    let mut domains = fields.domains;
    domains.sort();
    domains.dedup();
    Ok(ActivityFields {
        title,
        place,
        summary,
        reflection,
        domains,
        ..fields
    })
}

fn check_participants(who: &Participants, roster: &impl Roster) -> Result<(), ActivityProblem> {
    match who {
        Participants::WholeClass => Ok(()),
        Participants::Count(n) if (1..=MAX_COUNTED).contains(n) => Ok(()),
        Participants::Count(_) => Err(ActivityProblem::BadParticipants),
        Participants::Named(students) if students.is_empty() => {
            Err(ActivityProblem::BadParticipants)
        }
        Participants::Named(students) => students_of_class(students, roster),
    }
}

fn check_photos(photos: &[ActivityPhoto], roster: &impl Roster) -> Result<(), ActivityProblem> {
    if photos.len() > MAX_PHOTOS {
        return Err(ActivityProblem::TooManyPhotos);
    }
    let ids: HashSet<&PhotoId> = photos.iter().map(|p| &p.id).collect();
    if ids.len() != photos.len() {
        return Err(ActivityProblem::DuplicatePhoto);
    }
    photos
        .iter()
        .try_for_each(|p| students_of_class(&p.students, roster))
}

/// Students of the class, each named once.
fn students_of_class(students: &[Uuid], roster: &impl Roster) -> Result<(), ActivityProblem> {
    let named: HashSet<&Uuid> = students.iter().collect();
    if named.len() != students.len() {
        return Err(RecordProblem::DuplicateStudent.into());
    }
    if students.iter().any(|s| !roster.has(*s)) {
        return Err(RecordProblem::StudentNotInClass.into());
    }
    Ok(())
}

/// The students shown in the photos whose guardians have not allowed photos outside the
/// school, each once, in the order they first appear.
pub fn unconsented(photos: &[ActivityPhoto], roster: &impl Roster) -> Vec<Uuid> {
    let mut seen = HashSet::new();
    photos
        .iter()
        .flat_map(|p| &p.students)
        .filter(|s| roster.consent(**s) != PhotoConsent::Allowed)
        .filter(|s| seen.insert(**s))
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;

    struct Class(HashMap<Uuid, PhotoConsent>);

    impl Roster for Class {
        fn has(&self, student: Uuid) -> bool {
            self.0.contains_key(&student)
        }
        fn consent(&self, student: Uuid) -> PhotoConsent {
            self.0.get(&student).copied().unwrap_or_default()
        }
    }

    fn student(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    /// Students 1–3 allow photos, 4 only inside the school, 5 not at all.
    fn class() -> Class {
        Class(
            [
                (1, PhotoConsent::Allowed),
                (2, PhotoConsent::Allowed),
                (3, PhotoConsent::Allowed),
                (4, PhotoConsent::SchoolOnly),
                (5, PhotoConsent::NotAllowed),
            ]
            .into_iter()
            .map(|(n, c)| (student(n), c))
            .collect(),
        )
    }

    /// Photo `n`, showing `students`.
    fn photo(n: u8, students: &[u128]) -> Vec<ActivityPhoto> {
        PhotoId::parse(&format!("{n:02x}").repeat(32))
            .map(|id| ActivityPhoto {
                id,
                students: students.iter().map(|s| student(*s)).collect(),
            })
            .into_iter()
            .collect()
    }

    fn meeting() -> ActivityFields {
        ActivityFields {
            title: "  感恩主题班会 ".into(),
            kind: ActivityKind::ThemedMeeting,
            safety: None,
            domains: vec![FiveDomain::Moral, FiveDomain::Moral, FiveDomain::Aesthetic],
            theme_id: None,
            date: "2026-11-20".parse().unwrap_or_else(|e| panic!("{e}")),
            minutes: Some(40),
            place: "教室".into(),
            participants: Participants::WholeClass,
            summary: "".into(),
            reflection: "".into(),
            photos: photo(1, &[1, 2]),
            shared: true,
        }
    }

    #[test]
    fn a_meeting_is_kept_trimmed_with_each_domain_once() {
        let kept = check_activity(meeting(), &class());
        let kept = kept
            .as_ref()
            .map(|a| (a.title.as_str(), a.domains.as_slice()));
        assert_eq!(
            kept,
            Ok((
                "感恩主题班会",
                &[FiveDomain::Moral, FiveDomain::Aesthetic][..]
            ))
        );
    }

    #[test]
    fn each_rule_refuses_what_it_names() {
        let cases: Vec<(ActivityFields, ActivityProblem)> = vec![
            (
                ActivityFields {
                    title: "  ".into(),
                    ..meeting()
                },
                ActivityProblem::TitleRequired,
            ),
            (
                ActivityFields {
                    title: "长".repeat(61),
                    ..meeting()
                },
                ActivityProblem::TitleTooLong,
            ),
            (
                ActivityFields {
                    kind: ActivityKind::Safety,
                    ..meeting()
                },
                ActivityProblem::SafetyTopicRequired,
            ),
            (
                ActivityFields {
                    safety: Some(SafetyTopic::Fire),
                    ..meeting()
                },
                ActivityProblem::SafetyTopicNotAllowed,
            ),
            (
                ActivityFields {
                    minutes: Some(0),
                    ..meeting()
                },
                ActivityProblem::BadDuration,
            ),
            (
                ActivityFields {
                    participants: Participants::Count(0),
                    ..meeting()
                },
                ActivityProblem::BadParticipants,
            ),
            (
                ActivityFields {
                    participants: Participants::Named(vec![]),
                    ..meeting()
                },
                ActivityProblem::BadParticipants,
            ),
            (
                ActivityFields {
                    participants: Participants::Named(vec![student(9)]),
                    ..meeting()
                },
                RecordProblem::StudentNotInClass.into(),
            ),
            (
                ActivityFields {
                    participants: Participants::Named(vec![student(1), student(1)]),
                    ..meeting()
                },
                RecordProblem::DuplicateStudent.into(),
            ),
            (
                ActivityFields {
                    summary: "字".repeat(2001),
                    ..meeting()
                },
                ActivityProblem::TextTooLong,
            ),
            (
                ActivityFields {
                    photos: (0..10).flat_map(|n| photo(n, &[])).collect(),
                    ..meeting()
                },
                ActivityProblem::TooManyPhotos,
            ),
            (
                ActivityFields {
                    photos: [photo(1, &[]), photo(1, &[])].concat(),
                    ..meeting()
                },
                ActivityProblem::DuplicatePhoto,
            ),
            (
                ActivityFields {
                    photos: photo(1, &[9]),
                    ..meeting()
                },
                RecordProblem::StudentNotInClass.into(),
            ),
            (
                ActivityFields {
                    photos: photo(1, &[1, 4]),
                    ..meeting()
                },
                ActivityProblem::PhotoConsent,
            ),
        ];
        for (fields, problem) in cases {
            assert_eq!(
                check_activity(fields.clone(), &class()),
                Err(problem),
                "{fields:?}"
            );
        }
        let safety = ActivityFields {
            kind: ActivityKind::Safety,
            safety: Some(SafetyTopic::Drowning),
            ..meeting()
        };
        assert!(check_activity(safety, &class()).is_ok());
    }

    #[test]
    fn a_patch_changes_what_it_names_and_a_null_clears() -> Result<(), serde_json::Error> {
        let current = ActivityFields {
            kind: ActivityKind::Safety,
            safety: Some(SafetyTopic::Fire),
            ..meeting()
        };
        let patch: ActivityPatch = serde_json::from_value(serde_json::json!(
            {"title": "新标题", "kind": "themed_meeting", "safety": null}
        ))?;
        let after = patch.apply(&current);
        assert_eq!(
            (
                after.title.as_str(),
                after.kind,
                after.safety,
                after.place.as_str()
            ),
            ("新标题", ActivityKind::ThemedMeeting, None, "教室")
        );
        let changed: Vec<&str> = current.changes(&after).iter().map(|c| c.0).collect();
        assert_eq!(changed, ["title", "kind", "safety"]);
        assert_eq!(
            current
                .changes(&after)
                .get(2)
                .map(|c| (c.1.as_str(), c.2.as_str())),
            Some(("\"fire\"", "null"))
        );
        assert_eq!(
            current.patch_to(&after),
            patch,
            "the phone sends what changed"
        );
        assert_eq!(current.patch_to(&current), ActivityPatch::default());
        let empty: ActivityPatch = serde_json::from_value(serde_json::json!({}))?;
        assert_eq!(
            empty.apply(&current),
            current,
            "an absent field keeps its value"
        );
        for refused in [
            serde_json::json!({"title": null}),
            serde_json::json!({"colour": "red"}),
            serde_json::json!({"date": "1999-12-31"}),
        ] {
            assert!(
                serde_json::from_value::<ActivityPatch>(refused.clone()).is_err(),
                "{refused}"
            );
        }
        Ok(())
    }

    #[test]
    fn a_student_takes_part_when_named_or_with_the_whole_class() {
        let took = |title: &str, day: &str, domains: Vec<FiveDomain>| TookPartIn {
            date: day.parse().unwrap_or_else(|e| panic!("{e}")),
            title: title.into(),
            kind: ActivityKind::Other,
            safety: None,
            domains,
        };
        let me = student(1);
        let held = vec![
            (
                Participants::WholeClass,
                took("全班", "2026-11-02", vec![FiveDomain::Moral]),
            ),
            (
                Participants::Named(vec![me, student(2)]),
                took(
                    "点名",
                    "2026-11-20",
                    vec![FiveDomain::Moral, FiveDomain::Labour],
                ),
            ),
            (
                Participants::Named(vec![student(2)]),
                took("别人", "2026-11-21", vec![FiveDomain::Physical]),
            ),
            (
                Participants::Count(30),
                took("人数", "2026-11-22", vec![FiveDomain::Aesthetic]),
            ),
        ];
        let mine = participation(me, held);
        let titles: Vec<&str> = mine.activities.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["点名", "全班"], "newest first");
        assert_eq!(
            mine.per_domain,
            [
                (FiveDomain::Moral, 2),
                (FiveDomain::Intellectual, 0),
                (FiveDomain::Physical, 0),
                (FiveDomain::Aesthetic, 0),
                (FiveDomain::Labour, 1)
            ]
        );
    }

    proptest! {
        /// Sharing is refused exactly when a tagged student has not allowed photos, and the
        /// phone's list names each such student once.
        #[test]
        fn sharing_needs_every_tagged_students_consent(
            tags in proptest::collection::vec(proptest::collection::vec(1u128..=5, 0..4), 0..5),
            shared in any::<bool>(),
        ) {
            let photos: Vec<ActivityPhoto> = tags.iter().zip(0u8..).flat_map(|(t, n)| {
                let mut t = t.clone();
                t.sort();
                t.dedup();
                photo(n, &t)
            }).collect();
            let blocked: Vec<Uuid> = unconsented(&photos, &class());
            let expected: HashSet<u128> = tags.iter().flatten().copied().filter(|s| *s >= 4).collect();
            prop_assert_eq!(blocked.iter().map(|s| s.as_u128()).collect::<HashSet<_>>(), expected.clone());
            prop_assert_eq!(blocked.len(), expected.len());
            let fields = ActivityFields { photos, shared, ..meeting() };
            let refused = check_activity(fields, &class()) == Err(ActivityProblem::PhotoConsent);
            prop_assert_eq!(refused, shared && !expected.is_empty());
        }
    }

    #[test]
    fn grade_leaders_organise_their_grades_activities_and_school_staff_the_schools() {
        use crate::domain::role::{Grant, Role, Scope};
        let (school, grade, class) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let place = ClassPlace {
            class_id: class,
            grade_id: grade,
            school_id: school,
        };
        let who = |role, scope| Principal {
            user_id: Uuid::from_u128(9),
            username: "u".into(),
            display_name: "u".into(),
            school_id: Some(school),
            grants: vec![Grant {
                role,
                scope,
                sensitive: false,
                title: String::new(),
            }],
        };
        let cases = [
            (who(Role::Staff, Scope::School(school)), true, true),
            (who(Role::SchoolAdmin, Scope::School(school)), true, true),
            (who(Role::Staff, Scope::Grade(grade)), true, false),
            (
                who(Role::Staff, Scope::Grade(Uuid::from_u128(4))),
                false,
                false,
            ),
            (who(Role::Teacher, Scope::Class(class)), false, false),
            (who(Role::Parent, Scope::Class(class)), false, false),
        ];
        for (who, grade_level, school_level) in cases {
            let role = who.grants.first().map(|g| (g.role, g.scope));
            assert_eq!(
                OrganisedLevel::Grade.allowed(&who, &place),
                grade_level,
                "{role:?}"
            );
            assert_eq!(
                OrganisedLevel::School.allowed(&who, &place),
                school_level,
                "{role:?}"
            );
        }
    }
}
