//! Today as the server drew it into the page (a visit the service worker does not serve):
//! the copy in the page's head, and the phone's one reading of it.
use leptos::prelude::*;

use crate::sync::today::TodayData;

/// What the server drew into this page: from the request on the server; on the phone, taken
/// once from the page's JSON copy, so a later visit of Today reads the store alone.
pub fn drawn_copy() -> Option<TodayData> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        parts
            .extensions
            .get::<crate::sync::today::DrawnToday>()
            .map(|d| TodayData::clone(&d.0))
    }
    #[cfg(feature = "hydrate")]
    {
        let copy = document().get_element_by_id(crate::sync::today::DRAWN_ID)?;
        copy.remove();
        // Through a `Value`, as the store's rows are read: the rows' readers are in the code
        // already, where reading the text directly would add a second set.
        let value: serde_json::Value = serde_json::from_str(&copy.text_content()?).ok()?;
        serde_json::from_value(value).ok()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    None
}

/// The JSON copy of what the server drew into Today, in the page's head; nothing elsewhere.
#[component]
pub fn DrawnCopy() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        let drawn = parts.extensions.get::<crate::sync::today::DrawnToday>()?;
        // `<` escaped, so no text in it can close the script element.
        let json = serde_json::to_string(&*drawn.0)
            .ok()?
            .replace('<', "\\u003c");
        Some(
            view! { <script type="application/json" id=crate::sync::today::DRAWN_ID inner_html=json></script> },
        )
    }
    #[cfg(not(feature = "ssr"))]
    None::<()>
}
