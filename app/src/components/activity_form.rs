//! The activity form: a new activity pre-filled with the month's theme and its required kind,
//! or a correction of one. What is typed is kept on the phone as a draft, so closing the page
//! loses nothing, and the phone checks the server's rules before it saves.
use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::Redirect;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::components::activity_labels::{domain_label, kind_label, topic_label};
use crate::components::entry_form::StudentPicker;
use crate::components::photo_field::{PhotoField, names};
use crate::components::rejection_text::rejection_text;
use crate::components::saving::{SaveNotice, Saved};
use crate::domain::activities::{
    ActivityFields, ActivityKind, ActivityPhoto, ActivityProblem, ActivityRow, FiveDomain,
    MAX_PHOTOS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, OrganisedLevel, Participants, Roster, SafetyTopic,
    check_activity, unconsented,
};
use crate::domain::day::Day;
use crate::domain::photos::PhotoConsent;
use crate::domain::themes::{MonthlyTheme, theme_of_month};
use crate::i18n::*;
use crate::sync::rejection::Rejection;
use crate::sync::rows::{ClassRow, StudentRow, today_local};

/// Who took part, as the form asks it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
enum Who {
    #[default]
    WholeClass,
    Count,
    Named,
}

/// The form as typed, kept as the phone's draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Draft {
    /// The activity corrected; `None` for a new one.
    editing: Option<Uuid>,
    class_id: Uuid,
    title: String,
    kind: ActivityKind,
    safety: Option<SafetyTopic>,
    domains: Vec<FiveDomain>,
    theme_id: Option<Uuid>,
    date: String,
    minutes: String,
    place: String,
    who: Who,
    count: String,
    named: Vec<Uuid>,
    summary: String,
    reflection: String,
    shared: bool,
    #[serde(default)]
    photos: Vec<ActivityPhoto>,
    /// A grade's or the school's activity, organised from this form.
    #[serde(default)]
    organise: bool,
}

/// A grade's or the whole school's activity being organised: its level, the classes it is
/// recorded for (one copy each), and how the form names them.
#[derive(Clone, Debug, PartialEq)]
pub struct Organise {
    pub level: OrganisedLevel,
    pub classes: Vec<Uuid>,
    pub label: String,
}

impl Draft {
    /// A new activity of today: the month's theme, its first required kind, the whole class.
    fn new(class: &ClassRow, themes: &[MonthlyTheme]) -> Draft {
        let today = today_local();
        let theme = theme_of_month(themes, today, class.grade_id);
        let required = theme.and_then(|t| t.required.first());
        Draft {
            editing: None,
            class_id: class.id,
            title: theme.map(|t| t.theme.clone()).unwrap_or_default(),
            kind: required.map_or(ActivityKind::ThemedMeeting, |r| r.kind),
            safety: required.and_then(|r| r.safety),
            domains: vec![FiveDomain::Moral],
            theme_id: theme.map(|t| t.id),
            date: today.to_string(),
            minutes: "40".into(),
            place: String::new(),
            who: Who::WholeClass,
            count: String::new(),
            named: Vec::new(),
            summary: String::new(),
            reflection: String::new(),
            shared: false,
            photos: Vec::new(),
            organise: false,
        }
    }

    /// The form on a stored activity.
    fn of(row: &ActivityRow) -> Draft {
        let a = &row.activity;
        let (who, count, named) = match &a.participants {
            Participants::WholeClass => (Who::WholeClass, String::new(), Vec::new()),
            Participants::Count(n) => (Who::Count, n.to_string(), Vec::new()),
            Participants::Named(students) => (Who::Named, String::new(), students.clone()),
        };
        Draft {
            editing: Some(row.id),
            class_id: row.class_id,
            title: a.title.clone(),
            kind: a.kind,
            safety: a.safety,
            domains: a.domains.clone(),
            theme_id: a.theme_id,
            date: a.date.to_string(),
            minutes: a.minutes.map(|m| m.to_string()).unwrap_or_default(),
            place: a.place.clone(),
            who,
            count,
            named,
            summary: a.summary.clone(),
            reflection: a.reflection.clone(),
            shared: a.shared,
            photos: a.photos.clone(),
            organise: false,
        }
    }

    /// The activity the form says; `None` for a date, a duration or a count that is not a
    /// number.
    fn fields(&self) -> Option<ActivityFields> {
        let minutes = match self.minutes.trim() {
            "" => None,
            text => Some(text.parse().ok()?),
        };
        let participants = match self.who {
            Who::WholeClass => Participants::WholeClass,
            Who::Count => Participants::Count(self.count.trim().parse().ok()?),
            Who::Named => Participants::Named(self.named.clone()),
        };
        Some(ActivityFields {
            title: self.title.clone(),
            kind: self.kind,
            safety: self.safety.filter(|_| self.kind == ActivityKind::Safety),
            domains: self.domains.clone(),
            theme_id: self.theme_id,
            date: self.date.parse::<Day>().ok()?,
            minutes,
            place: self.place.clone(),
            participants,
            summary: self.summary.clone(),
            reflection: self.reflection.clone(),
            photos: self.photos.clone(),
            shared: self.shared,
        })
    }
}

/// The class's students as the rules see them on the phone.
struct PhoneRoster(HashMap<Uuid, PhotoConsent>);

impl Roster for PhoneRoster {
    fn has(&self, student: Uuid) -> bool {
        self.0.contains_key(&student)
    }

    fn consent(&self, student: Uuid) -> PhotoConsent {
        self.0.get(&student).copied().unwrap_or_default()
    }
}

/// The form for one class, a new activity or a correction of `original`: saved on the phone,
/// then back to `back`.
#[component]
pub fn ActivityForm(
    class: ClassRow,
    students: Vec<StudentRow>,
    themes: Vec<MonthlyTheme>,
    original: Option<ActivityRow>,
    back: String,
    /// Given to organise a grade's or the school's activity instead of one class's.
    #[prop(default = None)]
    organise: Option<Organise>,
    /// The other copies of the grade's or school's activity `original` is one of, which a
    /// correction by staff changes too.
    #[prop(default = Vec::new())]
    together: Vec<Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    let mut start = match &original {
        None => Draft::new(&class, &themes),
        Some(row) => Draft::of(row),
    };
    start.organise = organise.is_some();
    let heading = organise.as_ref().map(|o| o.label.clone());
    let organise = StoredValue::new(organise);
    let copies = together.len() + 1;
    let together = StoredValue::new(together);
    let one_class = organise.with_value(Option::is_none);
    let done = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    let on_close = move || done.set(true);
    let back_link = back.clone();
    let draft = RwSignal::new(start);
    let problem = RwSignal::new(None::<String>);
    let saved: Saved = RwSignal::new(None);
    // A refusal is about what was typed: it goes once the form changes.
    Effect::new(move |_| {
        draft.track();
        problem.set(None);
    });
    #[cfg(feature = "hydrate")]
    drafts::keep(draft);
    let roster = Arc::new(PhoneRoster(
        students.iter().map(|s| (s.id, s.photo_consent)).collect(),
    ));
    let picker_students = StoredValue::new(students.into_iter().collect::<Arc<[StudentRow]>>());
    let named = part_of(draft, |d| &d.named, |d| &mut d.named);
    let photos = part_of(draft, |d| &d.photos, |d| &mut d.photos);
    // Students tagged in a photo whose guardians keep photos inside the school: named, so the
    // teacher knows whom to untag before sharing.
    let blocked = {
        let roster = roster.clone();
        Memo::new(move |_| {
            draft.with(|d| {
                let ids = if d.shared {
                    unconsented(&d.photos, &*roster)
                } else {
                    Vec::new()
                };
                picker_students.with_value(|all| names(all, &ids))
            })
        })
    };
    let grade_themes: Vec<MonthlyTheme> = themes
        .into_iter()
        .filter(|t| t.covers_grade(class.grade_id))
        .collect();
    let saved_photos = original
        .as_ref()
        .map(|r| r.activity.photos.iter().map(|p| p.id.clone()).collect())
        .unwrap_or_default();
    let original = StoredValue::new(original);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(fields) = draft.with_untracked(Draft::fields) else {
            problem.set(Some(t_string!(i18n, activities_bad_number).to_string()));
            return;
        };
        match check_activity(fields, &*roster) {
            Err(ActivityProblem::PhotoConsent) => {
                let names = blocked.get_untracked();
                problem.set(Some(
                    t_string!(i18n, photos_consent_blocked, names = names).to_string(),
                ));
            }
            Err(refused) => {
                let code = Rejection::from(refused).code();
                problem.set(Some(rejection_text(i18n, code)));
            }
            Ok(fields) => {
                problem.set(None);
                #[cfg(feature = "hydrate")]
                match organise.get_value() {
                    Some(organise) => write::organised(organise, fields, saved, on_close),
                    None => write::activity(
                        class.id,
                        original.get_value(),
                        together.get_value(),
                        fields,
                        saved,
                        on_close,
                    ),
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = (fields, saved, together);
            }
        }
    };
    let withdraw = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(row) = original.get_value()
            && window()
                .confirm_with_message(t_string!(i18n, activities_withdraw_confirm))
                .unwrap_or(false)
        {
            write::withdraw(
                std::iter::once(row.id)
                    .chain(together.get_value())
                    .collect(),
                saved,
                on_close,
            );
        }
    };
    let editing_existing = original.with_value(Option::is_some);
    let field = move |update: fn(&mut Draft, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            draft.update(|d| update(d, value));
        }
    };
    view! {
        <form class="form activity-form" novalidate on:submit=save>
            <h2>{move || match &heading {
                Some(what) => t_string!(i18n, activities_organise_title, what = what.clone()).to_string(),
                None if editing_existing => t_string!(i18n, activities_edit).to_string(),
                None => t_string!(i18n, activities_new).to_string(),
            }}</h2>
            <Show when=move || { copies > 1 }>
                <p class="notice" role="status">{t!(i18n, activities_together, n = copies)}</p>
            </Show>
            <label for="activity-title">{t!(i18n, activities_field_title)}</label>
            <input id="activity-title" type="text" required maxlength=MAX_TITLE_CHARS
                prop:value=move || draft.with(|d| d.title.clone()) on:input=field(|d, v| d.title = v)/>
            <label for="activity-kind">{t!(i18n, activities_field_kind)}</label>
            <select id="activity-kind" on:change=move |ev| {
                let kind = ActivityKind::parse(&event_target_value(&ev)).unwrap_or(ActivityKind::Other);
                draft.update(|d| d.kind = kind);
            }>
                {ActivityKind::ALL.into_iter().map(|kind| view! {
                    <option value=kind.as_str() selected=move || draft.with(|d| d.kind == kind)>{kind_label(i18n, kind, None)}</option>
                }).collect_view()}
            </select>
            <Show when=move || draft.with(|d| d.kind == ActivityKind::Safety)>
                <label for="activity-topic">{t!(i18n, activities_field_topic)}</label>
                <select id="activity-topic" on:change=move |ev| {
                    let topic = SafetyTopic::parse(&event_target_value(&ev));
                    draft.update(|d| d.safety = topic);
                }>
                    <option value="" selected=move || draft.with(|d| d.safety.is_none())>{t!(i18n, activities_choose)}</option>
                    {SafetyTopic::ALL.into_iter().map(|topic| view! {
                        <option value=topic.as_str() selected=move || draft.with(|d| d.safety == Some(topic))>{topic_label(i18n, topic)}</option>
                    }).collect_view()}
                </select>
            </Show>
            <label for="activity-theme">{t!(i18n, activities_theme)}</label>
            <select id="activity-theme" on:change=move |ev| {
                let theme = event_target_value(&ev).parse::<Uuid>().ok();
                draft.update(|d| d.theme_id = theme);
            }>
                <option value="" selected=move || draft.with(|d| d.theme_id.is_none())>{t!(i18n, activities_no_theme)}</option>
                {grade_themes.into_iter().map(|theme| {
                    let id = theme.id;
                    let label = format!("{} {}", theme.month.format("%Y-%m"), theme.theme);
                    view! { <option value=id.to_string() selected=move || draft.with(|d| d.theme_id == Some(id))>{label}</option> }
                }).collect_view()}
            </select>
            <fieldset class="domains">
                <legend>{t!(i18n, activities_field_domains)}</legend>
                {FiveDomain::ALL.into_iter().map(|domain| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || draft.with(|d| d.domains.contains(&domain))
                            on:change=move |_| draft.update(|d| match d.domains.iter().position(|x| *x == domain) {
                                Some(i) => { d.domains.remove(i); }
                                None => d.domains.push(domain),
                            })/>
                        <span>{domain_label(i18n, domain)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <label for="activity-date">{t!(i18n, activities_field_date)}</label>
            <input id="activity-date" type="date" required prop:value=move || draft.with(|d| d.date.clone()) on:input=field(|d, v| d.date = v)/>
            <label for="activity-minutes">{t!(i18n, activities_field_minutes)}</label>
            <input id="activity-minutes" type="number" inputmode="numeric" min="1" max="1440"
                prop:value=move || draft.with(|d| d.minutes.clone()) on:input=field(|d, v| d.minutes = v)/>
            <label for="activity-place">{t!(i18n, activities_field_place)}</label>
            <input id="activity-place" type="text" maxlength=MAX_TITLE_CHARS
                prop:value=move || draft.with(|d| d.place.clone()) on:input=field(|d, v| d.place = v)/>
            <fieldset class="who">
                <legend>{t!(i18n, activities_field_who)}</legend>
                {[(Who::WholeClass, t_string!(i18n, feed_whole_class)), (Who::Count, t_string!(i18n, activities_who_count)),
                  (Who::Named, t_string!(i18n, activities_who_named))].into_iter()
                  .filter(|(who, _)| one_class || *who != Who::Named).map(|(who, label)| view! {
                    <label class="check">
                        <input type="radio" name="activity-who" prop:checked=move || draft.with(|d| d.who == who)
                            on:change=move |_| draft.update(|d| d.who = who)/>
                        <span>{label}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <Show when=move || draft.with(|d| d.who == Who::Count)>
                <label for="activity-count">{t!(i18n, activities_who_count)}</label>
                <input id="activity-count" type="number" inputmode="numeric" min="1"
                    prop:value=move || draft.with(|d| d.count.clone()) on:input=field(|d, v| d.count = v)/>
            </Show>
            <Show when=move || draft.with(|d| d.who == Who::Named)>
                <StudentPicker id="activity-students".to_string() students=picker_students picked=named/>
            </Show>
            <label for="activity-summary">{t!(i18n, activities_field_summary)}</label>
            <textarea id="activity-summary" rows="4" maxlength=MAX_TEXT_CHARS
                prop:value=move || draft.with(|d| d.summary.clone()) on:input=field(|d, v| d.summary = v)></textarea>
            <label for="activity-reflection">{t!(i18n, activities_field_reflection)}</label>
            <textarea id="activity-reflection" rows="3" maxlength=MAX_TEXT_CHARS
                prop:value=move || draft.with(|d| d.reflection.clone()) on:input=field(|d, v| d.reflection = v)></textarea>
            <PhotoField photos max=MAX_PHOTOS saved=saved_photos students=picker_students/>
            <label class="check">
                <input type="checkbox" prop:checked=move || draft.with(|d| d.shared)
                    on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| d.shared = on); }/>
                <span>{t!(i18n, activities_field_shared)}</span>
            </label>
            {move || { let names = blocked.get(); (!names.is_empty()).then(|| view! {
                <p class="notice warn" role="status">{t_string!(i18n, photos_consent_blocked, names = names)}</p>
            }) }}
            {move || problem.get().map(|text| view! { <p class="notice error" role="alert">{text}</p> })}
            <SaveNotice saved/>
            <button type="submit" class="primary">{t!(i18n, save)}</button>
            <a class="button" href=back_link>{t!(i18n, activities_back)}</a>
            <Show when=move || editing_existing>
                <button type="button" class="danger" on:click=withdraw>{t!(i18n, activities_withdraw)}</button>
            </Show>
        </form>
        {move || done.get().then(|| view! { <Redirect path=back.clone()/> })}
    }
}

/// A part of the draft as a signal of its own, for a component that takes one: each follows
/// the other, the draft restored from the phone included.
fn part_of<T>(
    draft: RwSignal<Draft>,
    read: fn(&Draft) -> &T,
    write: fn(&mut Draft) -> &mut T,
) -> RwSignal<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let signal = RwSignal::new(draft.with_untracked(|d| read(d).clone()));
    Effect::new(move |_| {
        let now = draft.with(|d| read(d).clone());
        if signal.with_untracked(|s| *s != now) {
            signal.set(now);
        }
    });
    Effect::new(move |_| {
        let now = signal.get();
        if draft.with_untracked(|d| *read(d) != now) {
            draft.update(|d| *write(d) = now);
        }
    });
    signal
}

/// The phone's draft: restored when the same form opens again, kept on every change.
#[cfg(feature = "hydrate")]
mod drafts {
    use leptos::prelude::*;

    use super::Draft;
    use crate::offline::local;

    /// The key of the phone's one activity draft.
    const DRAFT_KEY: &str = "draft:activity";

    /// Restores a draft of the same form, then keeps each change to it.
    pub fn keep(draft: RwSignal<Draft>) {
        let opened = draft.get_untracked();
        let restored = RwSignal::new(false);
        leptos::task::spawn_local(async move {
            if let Ok(Some(kept)) = local::draft::<Draft>(DRAFT_KEY).await
                && (kept.editing, kept.class_id, kept.organise)
                    == (opened.editing, opened.class_id, opened.organise)
            {
                draft.set(kept);
            }
            restored.set(true);
        });
        Effect::new(move |_| {
            let now = draft.get();
            if restored.get() && now != opened {
                leptos::task::spawn_local(async move {
                    // A draft is a convenience: a failure to keep one is not the user's to fix.
                    let _ = local::keep_draft(DRAFT_KEY, Some(&now)).await;
                });
            }
        });
    }

    /// Forgets the draft once what it held is saved.
    pub async fn forget() {
        let _ = local::keep_draft::<Draft>(DRAFT_KEY, None).await;
    }
}

/// Saving on the phone: a create for a new activity, a patch of what changed for a correction.
#[cfg(feature = "hydrate")]
mod write {
    use uuid::Uuid;

    use super::Organise;
    use crate::components::saving::{Saved, save_locally};
    use crate::domain::activities::{
        ActivityFields, ActivityPatch, ActivityPhoto, ActivityRow, NewActivity, Organised,
    };
    use crate::domain::photos::PhotoId;
    use crate::offline::outbox;
    use crate::sync::status::use_sync_status;

    /// Saves the activity (a correction changes `together` too), then forgets the draft and
    /// closes the form.
    pub fn activity(
        class_id: Uuid,
        original: Option<ActivityRow>,
        together: Vec<Uuid>,
        fields: ActivityFields,
        saved: Saved,
        close: impl Fn() + 'static,
    ) {
        let status = use_sync_status();
        let write = async move {
            match original {
                Some(row) => {
                    let patch = row.activity.patch_to(&fields);
                    if patch == ActivityPatch::default() {
                        return Ok(());
                    }
                    let photos = ids(patch.photos.as_deref().unwrap_or_default());
                    let copies: Vec<Uuid> = std::iter::once(row.id).chain(together).collect();
                    outbox::patch_all_with_photos(&copies, &patch, &photos).await?;
                }
                None => {
                    let photos = ids(&fields.photos);
                    let new = NewActivity {
                        class_id,
                        activity: fields,
                        organised: None,
                    };
                    let scope = format!("class:{class_id}");
                    outbox::create_with_photos(Uuid::now_v7(), scope, &new, &photos).await?;
                }
            }
            super::drafts::forget().await;
            Ok(())
        };
        save_locally(status, saved, write, close);
    }

    /// Saves a copy of the grade's or school's activity for each of its classes, all in one
    /// write and sharing one group, then forgets the draft and closes the form.
    pub fn organised(
        organise: Organise,
        fields: ActivityFields,
        saved: Saved,
        close: impl Fn() + 'static,
    ) {
        let status = use_sync_status();
        let write = async move {
            let photos = ids(&fields.photos);
            let organised = Organised {
                level: organise.level,
                group: Uuid::now_v7(),
            };
            let copies: Vec<(Uuid, String, NewActivity)> = organise
                .classes
                .iter()
                .map(|class_id| {
                    let new = NewActivity {
                        class_id: *class_id,
                        activity: fields.clone(),
                        organised: Some(organised),
                    };
                    (Uuid::now_v7(), format!("class:{class_id}"), new)
                })
                .collect();
            let rows: Vec<_> = copies
                .iter()
                .map(|(id, scope, new)| (*id, scope.clone(), new))
                .collect();
            outbox::create_all_with_photos(&rows, &photos).await?;
            super::drafts::forget().await;
            Ok(())
        };
        save_locally(status, saved, write, close);
    }

    fn ids(photos: &[ActivityPhoto]) -> Vec<PhotoId> {
        photos.iter().map(|p| p.id.clone()).collect()
    }

    /// Withdraws the activity (each of `copies`): out of every list and feed, kept with its
    /// history.
    pub fn withdraw(copies: Vec<Uuid>, saved: Saved, close: impl Fn() + 'static) {
        let status = use_sync_status();
        let patch = ActivityPatch {
            withdrawn: Some(true),
            ..ActivityPatch::default()
        };
        let write = async move {
            outbox::patch_all_with_photos(&copies, &patch, &[]).await?;
            super::drafts::forget().await;
            Ok(())
        };
        save_locally(status, saved, write, close);
    }
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;

    use super::*;

    fn class() -> ClassRow {
        ClassRow {
            id: Uuid::from_u128(1),
            name: "初一(1)班".into(),
            grade_id: Uuid::from_u128(2),
            grade_name: "初一".into(),
            grade_order: 1,
            sort_order: 1,
        }
    }

    #[test]
    fn a_stored_activity_opens_and_saves_unchanged() {
        let new = Draft::new(&class(), &[]);
        let Some(fields) = new.fields() else {
            panic!("a new draft is complete: {new:?}");
        };
        let row = ActivityRow {
            id: Uuid::from_u128(3),
            class_id: class().id,
            activity: fields.clone(),
            withdrawn: false,
            organised: None,
        };
        assert_eq!(Draft::of(&row).fields(), Some(fields));
    }

    #[test]
    fn a_new_draft_takes_the_months_theme_and_required_kind() {
        let today = today_local();
        let theme = MonthlyTheme {
            id: Uuid::from_u128(9),
            month: today.with_day(1).unwrap_or(today),
            grade_ids: Vec::new(),
            theme: "防溺水安全教育".into(),
            required: vec![crate::domain::themes::Requirement {
                kind: ActivityKind::Safety,
                safety: Some(SafetyTopic::Drowning),
            }],
        };
        let draft = Draft::new(&class(), &[theme]);
        assert_eq!(
            (
                draft.title.as_str(),
                draft.kind,
                draft.safety,
                draft.theme_id
            ),
            (
                "防溺水安全教育",
                ActivityKind::Safety,
                Some(SafetyTopic::Drowning),
                Some(Uuid::from_u128(9))
            )
        );
    }

    #[test]
    fn a_count_or_a_duration_that_is_no_number_is_caught_before_the_rules() {
        let mut draft = Draft::new(&class(), &[]);
        draft.minutes = "四十".into();
        assert_eq!(draft.fields(), None);
        draft.minutes = String::new();
        draft.who = Who::Count;
        draft.count = "x".into();
        assert_eq!(draft.fields(), None);
        draft.count = " 35 ".into();
        assert_eq!(
            draft.fields().map(|f| f.participants),
            Some(Participants::Count(35))
        );
    }
}
