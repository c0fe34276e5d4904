//! A photo shown small, as a link to its full size. The service worker answers both from this
//! phone's copy when it holds one, so a photo taken here shows offline and before it is sent.
use leptos::prelude::*;

use crate::domain::photos::PhotoId;

/// One photo as a link to its full size.
#[component]
pub fn PhotoThumb(id: PhotoId, label: String) -> impl IntoView {
    view! {
        <a class="photo-thumb" href=id.path() target="_blank" rel="noopener">
            <img src=id.thumb_path() alt=label loading="lazy" width="64" height="64"/>
        </a>
    }
}
