//! The wasm entry point: hydrates the server-rendered page, loading a lazy route's chunk
//! first when the page is one.

/// Called by the hydration script that the server puts in every page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}
