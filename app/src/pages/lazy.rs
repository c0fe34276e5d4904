//! Screens as lazy routes: each is split into its own wasm chunks (`cargo xtask site`) and
//! loaded when first opened; the service worker keeps every chunk at install, so the offline
//! screens among them (记录, 值日安排) open for the first time with no network. Today, the
//! roll, home and login stay in the main module: split out too, they share so much that a
//! first visit of Today took 173 small chunks and more bytes (BENCHMARKS.md); home alone
//! would add 52 chunks and 86 KB to every sign-in, login 26 chunks and 60 KB to a new phone's
//! first page.
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

use super::*;

/// A lazy route for each page component: no data of its own, the page loads what it needs.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        #[doc = concat!("[`", stringify!($page), "`], loaded on first use.")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_route: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

lazy_pages! {
    ActivitiesRoute => ActivitiesPage,
    ActivityEditRoute => ActivityEditPage,
    ActivityListRoute => ActivityListPage,
    AdminRoute => AdminPage,
    AttendanceRoute => AttendancePage,
    BoardRoute => BoardPage,
    BoardCellRoute => BoardCellPage,
    ClassRoute => ClassPage,
    ConductRoute => ConductPage,
    CoverageRoute => CoveragePage,
    DutyRoute => DutyPage,
    EntriesRoute => EntriesPage,
    FeedRoute => FeedPage,
    ImportRoute => ImportPage,
    ImportPreviewRoute => ImportPreviewPage,
    RollRoute => RollPage,
    InviteRoute => InvitePage,
    MeRoute => MePage,
    MealsRoute => MealsPage,
    SchemeRoute => SchemePage,
    StaffImportRoute => StaffImportPage,
    StudentRoute => StudentPage,
    TermsRoute => TermsPage,
    ThemesRoute => ThemesPage,
    TrendRoute => TrendPage,
    UsersRoute => UsersPage,
}
