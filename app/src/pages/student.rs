//! Editing one student: name, sex, birth date, care flags, main guardian, the guardian's photo
//! consent; admins also move classes.
use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::school::{SaveStudent, get_student};
use crate::components::activity_labels::{domain_label, kind_label};
use crate::components::empty_state::EmptyState;
use crate::components::error_notice::ErrorNotice;
use crate::components::loaded::{Loaded, resource_for_route_id};
use crate::components::page::Page;
use crate::domain::activities::Participation;
use crate::domain::photos::PhotoConsent;
use crate::domain::school::{Guardian, Sex, StudentDetail, StudentInput};
use crate::i18n::*;

/// Loads the student named in the address.
#[component]
pub fn StudentPage() -> impl IntoView {
    let i18n = use_i18n();
    let detail = resource_for_route_id(get_student);
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, student_edit_title).to_string())>
            <Loaded resource=detail let:detail>
                <Participated participation=detail.participation.clone()/>
                <StudentForm detail/>
            </Loaded>
        </Page>
    }
}

/// The activities the student took part in this term, with the five domains counted.
#[component]
fn Participated(participation: Participation) -> impl IntoView {
    let i18n = use_i18n();
    let counts = participation
        .per_domain
        .iter()
        .map(|(domain, n)| format!("{} {n}", domain_label(i18n, *domain)))
        .collect::<Vec<_>>()
        .join(" · ");
    let empty = participation.activities.is_empty();
    view! {
        <section class="participation" aria-labelledby="participation-title">
            <h2 id="participation-title">{t!(i18n, student_participation)}</h2>
            <p class="card-meta">{counts}</p>
            <Show when=move || !empty fallback=move || view! { <EmptyState>{t!(i18n, student_no_activities)}</EmptyState> }>
                <ul>
                    {participation.activities.iter().map(|a| {
                        let line = format!("{} {} · {}", a.date, a.title, kind_label(i18n, a.kind, a.safety));
                        view! { <li>{line}</li> }
                    }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn StudentForm(detail: StudentDetail) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveStudent>::new();
    let s = detail.student.clone();
    let guardian = s.guardian.clone().unwrap_or(Guardian {
        name: String::new(),
        relation: String::new(),
        phone: String::new(),
    });
    let name = RwSignal::new(s.name.clone());
    let sex = RwSignal::new(s.sex);
    let birth = RwSignal::new(s.birth_date.map(|d| d.to_string()).unwrap_or_default());
    let class_id = RwSignal::new(s.class_id);
    let flags = RwSignal::new(s.flags.clone());
    let g_name = RwSignal::new(guardian.name);
    let g_relation = RwSignal::new(guardian.relation);
    let g_phone = RwSignal::new(guardian.phone);
    let consent = RwSignal::new(s.photo_consent.unwrap_or_default());
    let back = format!("/classes/{}", s.class_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveStudent {
            student: StudentInput {
                id: s.id,
                class_id: class_id.get(),
                name: name.get(),
                sex: sex.get(),
                birth_date: NaiveDate::parse_from_str(&birth.get(), "%Y-%m-%d").ok(),
                flags: flags.get(),
                guardian: Some(Guardian {
                    name: g_name.get(),
                    relation: g_relation.get(),
                    phone: g_phone.get(),
                }),
                photo_consent: Some(consent.get()),
            },
        });
    };
    let flag = |label: String,
                get: fn(&crate::domain::school::StudentFlags) -> bool,
                set: fn(&mut crate::domain::school::StudentFlags, bool)| {
        view! {
            <label class="check">
                <input type="checkbox" prop:checked=move || flags.with(get)
                    on:change=move |ev| flags.update(|f| set(f, event_target_checked(&ev)))/>
                {label}
            </label>
        }
    };
    let no = detail.student_no.clone();
    let movable = !detail.classes.is_empty();
    view! {
        <h2>{s.name.clone()} " · " {detail.class_name.clone()}</h2>
        <p class="muted">{t!(i18n, student_no_label, no = move || no.clone())}</p>
        <form class="form" on:submit=submit>
            <label for="student-name">{t!(i18n, student_name)}</label>
            <input id="student-name" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            <label for="student-sex">{t!(i18n, student_sex)}</label>
            <select id="student-sex" on:change=move |ev| sex.set(Sex::parse(&event_target_value(&ev)).unwrap_or(Sex::Male))>
                <option value="male" selected=move || sex.get() == Sex::Male>{t!(i18n, sex_male)}</option>
                <option value="female" selected=move || sex.get() == Sex::Female>{t!(i18n, sex_female)}</option>
            </select>
            <label for="student-birth">{t!(i18n, student_birth)}</label>
            <input id="student-birth" type="date" prop:value=move || birth.get() on:input=move |ev| birth.set(event_target_value(&ev))/>
            <Show when=move || movable>
                <label for="student-class">{t!(i18n, student_class)}</label>
                <select id="student-class" on:change=move |ev| {
                    if let Ok(id) = Uuid::parse_str(&event_target_value(&ev)) { class_id.set(id) }
                }>
                    {detail.classes.clone().into_iter().map(|c| view! {
                        <option value=c.id.to_string() selected=move || class_id.get() == c.id>{c.name}</option>
                    }).collect_view()}
                </select>
            </Show>
            <fieldset>
                <legend>{t!(i18n, student_flags)}</legend>
                {flag(t_string!(i18n, flag_left_behind).to_string(), |f| f.left_behind, |f, v| f.left_behind = v)}
                {flag(t_string!(i18n, flag_boarder).to_string(), |f| f.boarder, |f, v| f.boarder = v)}
                {flag(t_string!(i18n, flag_hardship).to_string(), |f| f.hardship, |f, v| f.hardship = v)}
                {flag(t_string!(i18n, flag_special_needs).to_string(), |f| f.special_needs, |f, v| f.special_needs = v)}
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, guardian_title)}</legend>
                <label for="guardian-name">{t!(i18n, guardian_name)}</label>
                <input id="guardian-name" prop:value=move || g_name.get() on:input=move |ev| g_name.set(event_target_value(&ev))/>
                <label for="guardian-relation">{t!(i18n, guardian_relation)}</label>
                <input id="guardian-relation" list="relations" prop:value=move || g_relation.get()
                    on:input=move |ev| g_relation.set(event_target_value(&ev))/>
                <datalist id="relations">
                    {["父亲", "母亲", "祖父", "祖母", "外祖父", "外祖母", "其他监护人"].map(|r| view! { <option value=r/> }).collect_view()}
                </datalist>
                <label for="guardian-phone">{t!(i18n, guardian_phone)}</label>
                <input id="guardian-phone" type="tel" inputmode="tel" prop:value=move || g_phone.get()
                    on:input=move |ev| g_phone.set(event_target_value(&ev))/>
            </fieldset>
            <label for="photo-consent">{t!(i18n, photo_consent)}</label>
            <select id="photo-consent" on:change=move |ev| {
                if let Some(choice) = PhotoConsent::parse(&event_target_value(&ev)) { consent.set(choice) }
            }>
                {PhotoConsent::ALL.map(|choice| view! {
                    <option value=choice.as_str() selected=move || consent.get() == choice>
                        {move || match choice {
                            PhotoConsent::Allowed => t_string!(i18n, consent_allowed),
                            PhotoConsent::SchoolOnly => t_string!(i18n, consent_school_only),
                            PhotoConsent::NotAllowed => t_string!(i18n, consent_not_allowed),
                        }}
                    </option>
                }).collect_view()}
            </select>
            <button type="submit" class="primary" disabled=move || save.pending().get()>
                {move || if save.pending().get() { t_string!(i18n, saving).to_string() } else { t_string!(i18n, save).to_string() }}
            </button>
        </form>
        {move || match save.value().get() {
            Some(Ok(())) => view! { <p class="notice ok" role="status">{t!(i18n, saved)}</p> }.into_any(),
            Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
            None => ().into_any(),
        }}
        <a class="button" href=back>{t!(i18n, back_to_class)}</a>
    }
}
