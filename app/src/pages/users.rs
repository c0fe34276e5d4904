//! The school's accounts and one-time invites (admin).
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::admin::{CreateInvite, list_users};
use crate::api::school::get_home;
use crate::components::empty_state::EmptyState;
use crate::components::error_notice::ErrorNotice;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::domain::role::Role;
use crate::domain::school::GradeClasses;
use crate::domain::users::{NewInvite, UserSummary};
use crate::i18n::*;

/// The account list and the invite form.
#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<CreateInvite>::new();
    let users = Resource::new(move || invite.version().get(), |_| list_users());
    let structure = Resource::new(|| (), |_| get_home());
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, users_title).to_string())>
            <Loaded resource=structure let:home>
                {(home.role == Some(Role::SchoolAdmin)).then(|| view! { <InviteForm invite grades=home.grades/> })}
            </Loaded>
            <h2>{t!(i18n, users_title)}</h2>
            <Loaded resource=users let:list>
                <UserList list/>
            </Loaded>
        </Page>
    }
}

#[component]
fn UserList(list: Vec<UserSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <EmptyState>{t!(i18n, users_empty)}</EmptyState> }.into_any();
    }
    view! { <ul class="list">{list.into_iter().map(|user| view! { <UserRow user/> }).collect_view()}</ul> }.into_any()
}

#[component]
fn UserRow(user: UserSummary) -> impl IntoView {
    let i18n = use_i18n();
    let inactive = !user.has_password;
    view! {
        <li>
            <strong>{user.display_name}</strong>
            <span class="muted">{user.username}</span>
            <Show when=move || inactive><span class="badge warn">{t!(i18n, users_no_password)}</span></Show>
            <div>
                {user.grants.into_iter().map(|g| {
                    let role = g.role;
                    view! { <span class="chip">{g.scope_name} " " {move || role_name(i18n, role)}</span> }
                }).collect_view()}
            </div>
        </li>
    }
}

#[component]
fn InviteForm(invite: ServerAction<CreateInvite>, grades: Vec<GradeClasses>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Teacher);
    let scope = RwSignal::new(String::from("school"));
    let sensitive = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (scope_kind, scope_id) = match scope.get().split_once(':') {
            Some((kind, id)) => (kind.to_string(), Uuid::parse_str(id).ok()),
            None => ("school".to_string(), None),
        };
        invite.dispatch(CreateInvite {
            invite: NewInvite {
                display_name: name.get(),
                role: role.get(),
                scope_kind,
                scope_id,
                sensitive: sensitive.get(),
                title: title.get(),
            },
        });
    };
    let roles = [Role::Teacher, Role::Staff, Role::Parent, Role::SchoolAdmin];
    view! {
        <h2>{t!(i18n, invite_title)}</h2>
        <form class="form" on:submit=submit>
            <label for="invite-name">{t!(i18n, invite_name)}</label>
            <input id="invite-name" required prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))/>
            <label for="invite-role">{t!(i18n, invite_role)}</label>
            <select id="invite-role" on:change=move |ev| {
                if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r) }
            }>
                {roles.into_iter().map(|r| view! {
                    <option value=r.as_str() selected=move || role.get() == r>{move || role_name(i18n, r)}</option>
                }).collect_view()}
            </select>
            <label for="invite-scope">{t!(i18n, invite_scope)}</label>
            <select id="invite-scope" on:change=move |ev| scope.set(event_target_value(&ev))>
                <option value="school">{t!(i18n, invite_scope_school)}</option>
                {grades.into_iter().map(|g| view! {
                    <optgroup label=g.grade_name.clone()>
                        <option value=format!("grade:{}", g.grade_id)>{g.grade_name.clone()}</option>
                        {g.classes.into_iter().map(|c| view! {
                            <option value=format!("class:{}", c.id)>{c.name}</option>
                        }).collect_view()}
                    </optgroup>
                }).collect_view()}
            </select>
            <label for="invite-title">{t!(i18n, invite_job_title)}</label>
            <input id="invite-title" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
            <label class="check">
                <input type="checkbox" prop:checked=move || sensitive.get() on:change=move |_| sensitive.update(|s| *s = !*s)/>
                {t!(i18n, invite_sensitive)}
            </label>
            <button type="submit" class="primary" disabled=move || invite.pending().get()>{t!(i18n, invite_create)}</button>
        </form>
        {move || match invite.value().get() {
            Some(Ok(created)) => {
                let link = format!("{}{}", window_origin(), created.path);
                let date = created.expires_at.format("%Y-%m-%d %H:%M").to_string();
                view! {
                    <div class="notice ok" role="status">
                        <p>{t!(i18n, invite_created, code = move || created.code.clone(), date = move || date.clone())}</p>
                        <p><a href=link.clone()>{link.clone()}</a></p>
                    </div>
                }.into_any()
            }
            Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
            None => ().into_any(),
        }}
    }
}

fn window_origin() -> String {
    #[cfg(feature = "hydrate")]
    {
        window().location().origin().unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// The role's name in the user's language.
pub fn role_name(i18n: leptos_i18n::I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::DistrictAdmin => t_string!(i18n, role_district_admin),
        Role::SchoolAdmin => t_string!(i18n, role_school_admin),
        Role::Staff => t_string!(i18n, role_staff),
        Role::Teacher => t_string!(i18n, role_teacher),
        Role::Parent => t_string!(i18n, role_parent),
    }
    .to_string()
}
