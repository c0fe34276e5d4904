//! An entry's appeal (申诉): where it stands, the teacher's form to file one, and the
//! staff's 通过 / 驳回. Everything is written to the phone first and synced.
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::saving::{SaveNotice, Saved};
use crate::domain::appeals::AppealStatus;
use crate::domain::checks::RecorderRoles;
use crate::i18n::*;
use crate::sync::rows::AppealRow;

/// The appeal controls under one entry.
#[component]
pub fn AppealBox(
    entry_id: Uuid,
    class_id: Uuid,
    appeal: Option<AppealRow>,
    roles: RecorderRoles,
    /// A live duty entry: the class's teacher may appeal it.
    appealable: bool,
) -> impl IntoView {
    match appeal {
        Some(appeal) => view! { <AppealState appeal roles/> }.into_any(),
        None if appealable && roles.homeroom => {
            view! { <AppealForm entry_id class_id/> }.into_any()
        }
        None => ().into_any(),
    }
}

/// The teacher's 申诉 button, then the reason and 提交申诉.
#[component]
fn AppealForm(entry_id: Uuid, class_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let field = format!("appeal-{entry_id}");
    let saved: Saved = RwSignal::new(None);
    #[cfg(feature = "hydrate")]
    let status = crate::sync::status::use_sync_status();
    view! {
        <Show when=move || !open.get()>
            <button class="small" on:click=move |_| open.set(true)>{t!(i18n, appeal_button)}</button>
        </Show>
        <Show when=move || open.get()>
            <div class="void-form">
                <label for=field.clone()>{t!(i18n, appeal_reason)}</label>
                <input id=field.clone() type="text" maxlength="200" bind:value=reason/>
                <button class="primary" disabled=move || reason.with(|r| r.trim().is_empty())
                    on:click=move |_| {
                        let _text = reason.get_untracked().trim().to_string();
                        #[cfg(feature = "hydrate")]
                        save::appeal(status, saved, entry_id, class_id, _text, move || open.set(false));
                        #[cfg(not(feature = "hydrate"))]
                        let _ = class_id;
                    }>{t!(i18n, appeal_submit)}</button>
            </div>
        </Show>
        <SaveNotice saved quiet=true/>
    }
}

/// 申诉中 / 申诉通过 / 申诉未通过, and for staff of the class the decision buttons.
#[component]
fn AppealState(appeal: AppealRow, roles: RecorderRoles) -> impl IntoView {
    let i18n = use_i18n();
    let id = appeal.id;
    let decided_reason = appeal.decision_reason.clone();
    let status_class = format!("chip appeal {}", appeal.status.as_str());
    let decidable = appeal.status == AppealStatus::Pending && roles.staff;
    let why = appeal.reason.clone();
    let text = move || match appeal.status {
        AppealStatus::Accepted => t_string!(i18n, appeal_accepted).to_string(),
        AppealStatus::Rejected => {
            t_string!(i18n, appeal_rejected, reason = decided_reason.clone()).to_string()
        }
        AppealStatus::Pending => t_string!(i18n, appeal_pending).to_string(),
    };
    let rejecting = RwSignal::new(false);
    let reject_reason = RwSignal::new(String::new());
    let saved: Saved = RwSignal::new(None);
    #[cfg(feature = "hydrate")]
    let status = crate::sync::status::use_sync_status();
    let decide = move |_accepted: bool, _reason: String| {
        #[cfg(feature = "hydrate")]
        save::decide(status, saved, id, _accepted, _reason, move || {
            rejecting.set(false)
        });
    };
    view! {
        <div class="appeal-line">
            <span class=status_class>{text}</span>
            <span class="muted">{t!(i18n, appeal_reason_shown, reason = move || why.clone())}</span>
        </div>
        <Show when=move || decidable && !rejecting.get()>
            <div class="entry-meta">
                <button class="small" on:click=move |_| decide(true, String::new())>{t!(i18n, appeal_accept)}</button>
                <button class="small danger" on:click=move |_| rejecting.set(true)>{t!(i18n, appeal_reject)}</button>
            </div>
        </Show>
        <Show when=move || rejecting.get()>
            <div class="void-form">
                <label for=format!("reject-{id}")>{t!(i18n, appeal_reject_reason)}</label>
                <input id=format!("reject-{id}") type="text" maxlength="200" bind:value=reject_reason/>
                <button class="danger" disabled=move || reject_reason.with(|r| r.trim().is_empty())
                    on:click=move |_| decide(false, reject_reason.get_untracked().trim().to_string())>
                    {t!(i18n, appeal_reject_confirm)}
                </button>
            </div>
        </Show>
        <SaveNotice saved quiet=true/>
    }
}

#[cfg(feature = "hydrate")]
mod save {
    use uuid::Uuid;

    use crate::components::saving::{Saved, save_locally};
    use crate::domain::appeals::{AppealDecision, AppealStatus, NewAppeal};
    use crate::offline::outbox;
    use crate::sync::status::SyncStatus;

    /// Files an appeal on the phone; it is pushed with the next sync.
    pub fn appeal(
        status: SyncStatus,
        saved: Saved,
        entry_id: Uuid,
        class_id: Uuid,
        reason: String,
        done: impl FnOnce() + 'static,
    ) {
        let appeal = NewAppeal { entry_id, reason };
        let scope = format!("class:{class_id}");
        let write = async move { outbox::create(Uuid::now_v7(), scope, &appeal).await };
        save_locally(status, saved, write, done);
    }

    /// Accepts or rejects an appeal on the phone; it is pushed with the next sync.
    pub fn decide(
        status: SyncStatus,
        saved: Saved,
        id: Uuid,
        accepted: bool,
        reason: String,
        done: impl FnOnce() + 'static,
    ) {
        let decision = AppealDecision {
            status: if accepted {
                AppealStatus::Accepted
            } else {
                AppealStatus::Rejected
            },
            decision_reason: reason,
        };
        save_locally(
            status,
            saved,
            async move { outbox::patch(id, &decision).await },
            done,
        );
    }
}
