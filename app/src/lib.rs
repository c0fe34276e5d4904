//! Homeroom (班务通): the Leptos app shared by the server (SSR) and the phone (hydrate).
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
#[cfg(feature = "hydrate")]
pub mod offline;
pub mod pages;
pub mod scripts;
pub mod sync;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, Meta, MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};

use crate::components::drawn_today::DrawnCopy;
use crate::components::session::provide_session;
use crate::components::update_banner::UpdateBanner;
use crate::i18n::*;
use crate::pages::lazy::*;
use crate::pages::*;
use crate::scripts::PaintFirstScripts;
use crate::sync::status::provide_sync_status;

/// The HTML document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <AutoReload options=options.clone()/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                <PaintFirstScripts options/>
                <DrawnCopy/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// A fresh nonce for this page's inline scripts, and the CSP header that allows only them.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    leptos::nonce::provide_nonce();
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The app: translations, the session, and the routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Meta name="color-scheme" content="light dark"/>
        <Meta name="theme-color" content="#1d6b4f"/>
        <I18nContextProvider ssr_lang_header_getter=zh_unless_chosen()>
            <Routed/>
        </I18nContextProvider>
    }
}

/// Marks `<body data-hydrated="true">` once the wasm runs, so tests and styles can tell.
fn mark_hydrated() {
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// Chinese unless the user picked English (a cookie): the browser's language is not asked.
fn zh_unless_chosen() -> leptos_i18n::context::UseLocalesOptions {
    leptos_i18n::context::UseLocalesOptions::default().ssr_lang_header_getter(|| None::<String>)
}

/// The document title in the user's language. The server writes `<title>` after the page's
/// reactive arena is released, where a closure would read another request's signals (or
/// none, and panic), so it gets the text. The phone sets it only when a change of language
/// changes it: leptos_meta's `Title` sets it twice while hydrating, and each set cost a
/// phone at 4× CPU 25 ms of the hydration task (`bench/first-load.mjs`).
#[component]
fn AppTitle() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    {
        let text = t_string!(i18n, app_name).to_string();
        // `Title` writes nothing into the body; the `()` writes the placeholder that the
        // phone's `()` hydrates.
        (view! { <leptos_meta::Title text/> }, ())
    }
    #[cfg(not(feature = "ssr"))]
    Effect::new(move |_| {
        let title = t_string!(i18n, app_name).to_string();
        if document().title() != title {
            document().set_title(&title);
        }
    });
}

#[component]
fn Routed() -> impl IntoView {
    provide_session();
    let _sync = provide_sync_status();
    mark_hydrated();
    #[cfg(feature = "hydrate")]
    {
        offline::worker::register();
        let session = components::session::use_session();
        offline::engine::start(_sync, async move { session.signed_in().await });
    }
    view! {
        <AppTitle/>
        <Router>
            <UpdateBanner/>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/classes/:id") view={Lazy::<ClassRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/classes/:id/conduct") view={Lazy::<ConductRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/students/:id") view={Lazy::<StudentRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/admin") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/admin/import") view={Lazy::<ImportRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/admin/import/:id") view={Lazy::<ImportPreviewRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/admin/staff-import") view={Lazy::<ImportRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/admin/staff-import/:id") view={Lazy::<StaffImportRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/admin/terms") view={Lazy::<TermsRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/admin/users") view={Lazy::<UsersRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/invite/:code") view={Lazy::<InviteRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/me") view={Lazy::<MeRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/board") view={Lazy::<BoardRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/feed") view={Lazy::<FeedRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/coverage") view={Lazy::<CoverageRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/meals") view={Lazy::<MealsRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/themes") view={Lazy::<ThemesRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/school-activities") view={Lazy::<ActivityListRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/board/:class_id/:date") view={Lazy::<BoardCellRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/trend/:id") view={Lazy::<TrendRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/scheme") view={Lazy::<SchemeRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/today") view=TodayPage/>
                <Route path=path!("/entries") view={Lazy::<EntriesRoute>::new()}/>
                <Route path=path!("/roll") view={Lazy::<RollRoute>::new()}/>
                <Route path=path!("/duty") view={Lazy::<DutyRoute>::new()}/>
                <Route path=path!("/activities") view={Lazy::<ActivitiesRoute>::new()}/>
                <Route path=path!("/activities/new") view={Lazy::<ActivityEditRoute>::new()}/>
                <Route path=path!("/activities/:id") view={Lazy::<ActivityEditRoute>::new()}/>
                <Route path=path!("/attendance") view={Lazy::<AttendanceRoute>::new()} ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
