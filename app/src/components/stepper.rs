//! A number changed by steps with two large buttons: no keyboard on a phone, and never a
//! value outside the range the server accepts.
use leptos::prelude::*;

use crate::i18n::*;

/// `label`, − value +; the buttons stop at `min` and `max`.
#[component]
pub fn Stepper(
    /// The field's name, shown and read out with each button.
    label: Signal<String>,
    value: RwSignal<i64>,
    min: i64,
    max: i64,
    step: i64,
    /// How the value reads: ×2, −1.5.
    show: fn(i64) -> String,
) -> impl IntoView {
    let i18n = use_i18n();
    let less = move || t_string!(i18n, stepper_less, what = label.get()).to_string();
    let more = move || t_string!(i18n, stepper_more, what = label.get()).to_string();
    view! {
        <div class="stepper" role="group" aria-label=move || label.get()>
            <span class="stepper-label">{move || label.get()}</span>
            <button type="button" aria-label=less disabled=move || { value.get() - step < min }
                on:click=move |_| value.update(|v| *v = (*v - step).max(min))>"−"</button>
            <output aria-live="polite">{move || show(value.get())}</output>
            <button type="button" aria-label=more disabled=move || { value.get() + step > max }
                on:click=move |_| value.update(|v| *v = (*v + step).min(max))>"+"</button>
        </div>
    }
}
