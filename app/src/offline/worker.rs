//! Registers the service worker and notices when a new version waits to take over.
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{ServiceWorker, ServiceWorkerRegistration};

thread_local! {
    /// The user asked for the waiting version: its taking over reloads the page, even one
    /// opened before the first worker controlled it.
    static UPDATE_ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True once a new version of the app is installed and waiting for a reload.
#[derive(Clone, Copy)]
pub struct UpdateReady(pub RwSignal<bool>);

/// Registers `/sw.js` (once per page) and provides [`UpdateReady`].
pub fn register() {
    let ready = RwSignal::new(false);
    provide_context(UpdateReady(ready));
    let container = window().navigator().service_worker();
    let promise = container.register("/sw.js");
    leptos::task::spawn_local(async move {
        let Ok(value) = wasm_bindgen_futures::JsFuture::from(promise).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = value.unchecked_into();
        if registration.waiting().is_some() && has_controller() {
            ready.set(true);
        }
        let reg = registration.clone();
        let on_update = Closure::<dyn FnMut()>::new(move || {
            if let Some(installing) = reg.installing() {
                watch_install(installing, ready);
            }
        });
        registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
        on_update.forget();
    });
    // The first install also changes the controller; only a replaced one (or the update the
    // user asked for) means a new version.
    let had_controller = has_controller();
    let on_change = Closure::<dyn FnMut()>::new(move || {
        if had_controller || UPDATE_ASKED.with(std::cell::Cell::get) {
            let _ = window().location().reload();
        }
    });
    window()
        .navigator()
        .service_worker()
        .set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
}

fn has_controller() -> bool {
    window().navigator().service_worker().controller().is_some()
}

fn watch_install(worker: ServiceWorker, ready: RwSignal<bool>) {
    let w = worker.clone();
    let on_state = Closure::<dyn FnMut()>::new(move || {
        if w.state() == web_sys::ServiceWorkerState::Installed && has_controller() {
            ready.set(true);
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// Tells the waiting worker to take over; the page reloads on `controllerchange`.
pub fn activate_update() {
    let container = window().navigator().service_worker();
    leptos::task::spawn_local(async move {
        if let Ok(value) = wasm_bindgen_futures::JsFuture::from(container.get_registration()).await
        {
            let registration: ServiceWorkerRegistration = value.unchecked_into();
            if let Some(waiting) = registration.waiting() {
                UPDATE_ASKED.with(|asked| asked.set(true));
                let _ = waiting.post_message(&"skip-waiting".into());
            }
        }
    });
}

/// Asks the worker to drop cached pages (at logout).
pub fn forget_pages() {
    if let Some(active) = window().navigator().service_worker().controller() {
        let _ = active.post_message(&"forget-pages".into());
    }
}
