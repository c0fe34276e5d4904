//! A failure told in the user's language; a lapsed session goes to the login page.
use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::error::{AppError, FieldError};
use crate::i18n::*;

/// Shows `error`; for `Unauthorized` it redirects to `/login` instead.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    if error == AppError::Unauthorized {
        return view! { <Redirect path="/login"/> }.into_any();
    }
    let i18n = use_i18n();
    let fields = match &error {
        AppError::Validation { fields } => fields.clone(),
        _ => Vec::new(),
    };
    view! {
        <div class="notice error" role="alert">
            <p>{move || error_message(i18n, &error)}</p>
            <ul>
                {fields
                    .into_iter()
                    .map(|f| view! { <li>{move || field_message(i18n, &f)}</li> })
                    .collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

/// The sentence for an error.
pub fn error_message(i18n: leptos_i18n::I18nContext<Locale>, error: &AppError) -> String {
    match error {
        AppError::Validation { .. } | AppError::BadRequest { .. } => t_string!(i18n, err_invalid),
        AppError::BadCredentials => t_string!(i18n, err_bad_credentials),
        AppError::Unauthorized => t_string!(i18n, err_unauthorized),
        AppError::Forbidden => t_string!(i18n, err_forbidden),
        AppError::NotFound => t_string!(i18n, err_not_found),
        AppError::Conflict { .. } => t_string!(i18n, err_conflict),
        AppError::RateLimited { .. } => t_string!(i18n, err_rate_limited),
        AppError::Internal => t_string!(i18n, err_internal),
        AppError::Transport { .. } => t_string!(i18n, err_network),
    }
    .to_string()
}

/// The sentence for a no-JavaScript error code from the query string.
pub fn code_message(i18n: leptos_i18n::I18nContext<Locale>, code: &str) -> String {
    match code {
        "bad_credentials" => t_string!(i18n, err_bad_credentials),
        "rate_limited" => t_string!(i18n, err_rate_limited),
        "invalid" => t_string!(i18n, err_invalid),
        _ => t_string!(i18n, err_failed),
    }
    .to_string()
}

/// "field: reason" for one invalid field.
pub fn field_message(i18n: leptos_i18n::I18nContext<Locale>, error: &FieldError) -> String {
    let reason = match error.code.as_str() {
        "required" => t_string!(i18n, field_required),
        "too_short" => t_string!(i18n, field_too_short),
        "too_long" => t_string!(i18n, field_too_long),
        "bad_chars" => t_string!(i18n, field_bad_chars),
        "taken" => t_string!(i18n, field_taken),
        "wrong" => t_string!(i18n, field_wrong),
        "bad_range" => t_string!(i18n, field_bad_range),
        "bad_weekdays" => t_string!(i18n, field_bad_weekdays),
        "bad_days" => t_string!(i18n, field_bad_days),
        "off_and_on" => t_string!(i18n, field_off_and_on),
        "out_of_range" => t_string!(i18n, field_out_of_range),
        "bad_points_range" => t_string!(i18n, field_bad_points_range),
        "bad_date" | "bad_month" => t_string!(i18n, field_bad_date),
        "too_many" => t_string!(i18n, field_too_many),
        "duplicate" => t_string!(i18n, field_duplicate),
        "not_recent" => t_string!(i18n, field_not_recent),
        "no_term" => t_string!(i18n, field_no_term),
        _ => t_string!(i18n, field_invalid),
    };
    format!("{}: {}", field_label(i18n, &error.field), reason)
}

fn field_label(i18n: leptos_i18n::I18nContext<Locale>, field: &str) -> String {
    match field {
        "username" => t_string!(i18n, login_username).to_string(),
        "password" | "new" => t_string!(i18n, login_password).to_string(),
        "current" => t_string!(i18n, pw_current).to_string(),
        "name" => t_string!(i18n, term_name).to_string(),
        "display_name" => t_string!(i18n, invite_name).to_string(),
        "date" | "week" | "month" => t_string!(i18n, field_date).to_string(),
        "start_date" => t_string!(i18n, term_start).to_string(),
        "end_date" => t_string!(i18n, term_end).to_string(),
        "weekdays" => t_string!(i18n, term_weekdays).to_string(),
        "days_off" => t_string!(i18n, term_days_off).to_string(),
        "make_up_days" => t_string!(i18n, term_make_up_days).to_string(),
        "scope" => t_string!(i18n, invite_scope).to_string(),
        "student_name" => t_string!(i18n, student_name).to_string(),
        "unit_name" => t_string!(i18n, unit_name).to_string(),
        "guardian_name" => t_string!(i18n, guardian_name).to_string(),
        "guardian_phone" => t_string!(i18n, guardian_phone).to_string(),
        "base" => t_string!(i18n, scheme_base).to_string(),
        "note" => t_string!(i18n, feed_note).to_string(),
        "red_flags_per_grade" => t_string!(i18n, scheme_red_flags).to_string(),
        "appeal_days" => t_string!(i18n, scheme_appeal_days).to_string(),
        "absence_alert_days" => t_string!(i18n, scheme_absence_alert_days).to_string(),
        "category" => t_string!(i18n, scheme_category).to_string(),
        "item_name" => t_string!(i18n, scheme_item_name).to_string(),
        "points" => t_string!(i18n, scheme_points).to_string(),
        "range" => t_string!(i18n, scheme_range).to_string(),
        "slots" => t_string!(i18n, scheme_slots).to_string(),
        "class_id" => t_string!(i18n, meals_class).to_string(),
        "taste" => t_string!(i18n, meal_taste).to_string(),
        "quantity" => t_string!(i18n, meal_quantity).to_string(),
        "hygiene" => t_string!(i18n, meal_hygiene).to_string(),
        "temperature" => t_string!(i18n, meal_temperature).to_string(),
        "notes" => t_string!(i18n, meals_notes_label).to_string(),
        "photos" => t_string!(i18n, meals_photos).to_string(),
        "reply" => t_string!(i18n, meals_reply).to_string(),
        "theme" => t_string!(i18n, themes_name).to_string(),
        "required" => t_string!(i18n, themes_required).to_string(),
        "grade_ids" => t_string!(i18n, themes_grades).to_string(),
        other => other.to_string(),
    }
}
