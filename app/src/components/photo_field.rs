//! A record's photos on the phone: taken with the camera or picked from the gallery, made
//! small and upright and kept on the phone at once, each tagged with the students it shows
//! and showing how far it is on its way to the server.
use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use uuid::Uuid;

use crate::components::entry_form::StudentPicker;
use crate::domain::activities::ActivityPhoto;
use crate::domain::photos::PhotoId;
use crate::i18n::*;
use crate::sync::rows::StudentRow;
use crate::sync::status::{PhotoState, use_sync_status};

/// The photos of a record being written, at most `max`; tagged with students when the record
/// has any.
#[component]
pub fn PhotoField(
    photos: RwSignal<Vec<ActivityPhoto>>,
    max: usize,
    /// The photos of the record as it is stored: a photo not among them waits for the save.
    saved: Vec<PhotoId>,
    students: StoredValue<Arc<[StudentRow]>>,
    /// Starts the ids of the field's inputs: unique on the page.
    #[prop(default = "photo".to_string())]
    id: String,
) -> impl IntoView {
    let saved = StoredValue::new(saved);
    let (camera, gallery) = (format!("{id}-camera"), format!("{id}-gallery"));
    let i18n = use_i18n();
    // Where each photo is shown from: this phone's copy, or the server's thumbnail.
    let shown = RwSignal::new(HashMap::<PhotoId, String>::new());
    let working = RwSignal::new(None::<(usize, usize)>);
    let problem = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    local::show(photos, shown);
    let pick = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        local::add(ev, max, photos, shown, working, problem, i18n);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, working, problem);
    };
    let full = move || photos.with(|p| p.len() >= max);
    view! {
        <fieldset class="photos-field">
            <legend>{move || t_string!(i18n, photos_legend, n = photos.with(Vec::len), max = max)}</legend>
            <ul class="photo-list">
                <For each=move || photos.get().into_iter().enumerate() key=|(n, p)| (*n, p.id.clone()) let:((n, photo))>
                    <PhotoItem n photo photos shown saved students/>
                </For>
            </ul>
            {move || photos.with(Vec::is_empty).then(|| view! { <p class="empty">{t!(i18n, photos_none)}</p> })}
            {move || working.get().map(|(done, all)| view! {
                <p class="notice" role="status">{t_string!(i18n, photos_working, done = done, all = all)}</p>
            })}
            {move || problem.get().map(|text| view! { <p class="notice error" role="alert">{text}</p> })}
            <div class="photo-add" class:hidden=full>
                <label class="button" for=camera.clone()>{t!(i18n, photos_camera)}</label>
                <input id=camera class="visually-hidden" type="file" accept="image/*" capture="environment" on:change=pick/>
                <label class="button" for=gallery.clone()>{t!(i18n, photos_gallery)}</label>
                <input id=gallery class="visually-hidden" type="file" accept="image/jpeg,image/png,image/webp,image/*" multiple on:change=pick/>
            </div>
        </fieldset>
    }
}

/// A one-photo field for a record that names no students (a check entry's evidence), loaded
/// when first drawn: the picture code then stays out of the main module, which Today is in.
#[leptos::lazy]
pub async fn single_photo_field(
    photos: RwSignal<Vec<ActivityPhoto>>,
    saved: Vec<PhotoId>,
    id: String,
) -> AnyView {
    let students = StoredValue::new(Arc::from([]));
    view! { <PhotoField photos max=1 saved students id/> }.into_any()
}

/// One photo: the picture, where it is, the students it shows, and a way to take it out.
#[component]
fn PhotoItem(
    n: usize,
    photo: ActivityPhoto,
    photos: RwSignal<Vec<ActivityPhoto>>,
    shown: RwSignal<HashMap<PhotoId, String>>,
    saved: StoredValue<Vec<PhotoId>>,
    students: StoredValue<Arc<[StudentRow]>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = use_sync_status();
    let is_saved = saved.with_value(|s| s.contains(&photo.id));
    let id = photo.id.clone();
    let tagged = RwSignal::new(photo.students.clone());
    let tag_id = id.clone();
    Effect::new(move |_| {
        let students = tagged.get();
        photos.update(|all| {
            if let Some(p) = all.iter_mut().find(|p| p.id == tag_id)
                && p.students != students
            {
                p.students = students;
            }
        });
    });
    let state_id = id.clone();
    let state = move || {
        status.photos.with(|p| match p.get(&state_id) {
            Some(state) => state_text(i18n, *state),
            None if is_saved => t_string!(i18n, photos_on_server).to_string(),
            None => t_string!(i18n, photos_unsaved).to_string(),
        })
    };
    let src_id = id.clone();
    let src = move || shown.with(|s| s.get(&src_id).cloned());
    let remove_id = id.clone();
    let remove = move |_| photos.update(|all| all.retain(|p| p.id != remove_id));
    let label = move || t_string!(i18n, feed_photo, n = n + 1).to_string();
    let picker = format!("photo-tags-{}", id.as_str().get(..12).unwrap_or_default());
    view! {
        <li class="photo" data-photo=id.to_string()>
            <img src=src alt=label width="96" height="96"/>
            <div class="photo-about">
                <span class="photo-state" aria-live="polite">{state}</span>
                <Show when=move || students.with_value(|s| !s.is_empty())>
                    <details>
                        <summary>{move || t_string!(i18n, photos_tags, n = tagged.with(Vec::len))}</summary>
                        <StudentPicker id=picker.clone() students picked=tagged/>
                    </details>
                </Show>
                <button type="button" class="danger" on:click=remove aria-label=move || t_string!(i18n, photos_remove_n, n = n + 1).to_string()>
                    {t!(i18n, photos_remove)}
                </button>
            </div>
        </li>
    }
}

/// Where a photo in the upload queue is: on this phone, n% sent, or refused.
pub fn state_text(i18n: leptos_i18n::I18nContext<Locale>, state: PhotoState) -> String {
    match state {
        PhotoState::OnPhone => t_string!(i18n, photos_on_phone).to_string(),
        PhotoState::Sending(percent) => {
            t_string!(i18n, photos_sending, percent = percent).to_string()
        }
        PhotoState::Refused => t_string!(i18n, photos_refused).to_string(),
    }
}

/// The names of the students in `ids`, for saying why a photo may not be shared.
pub fn names(students: &[StudentRow], ids: &[Uuid]) -> String {
    students
        .iter()
        .filter(|s| ids.contains(&s.id))
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

/// The phone's side: making photos from picked files, and showing them from the phone.
#[cfg(feature = "hydrate")]
mod local {
    use std::collections::HashMap;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    use crate::domain::activities::ActivityPhoto;
    use crate::domain::photos::PhotoId;
    use crate::i18n::*;
    use crate::offline::{photos as kept, picture};

    type Shown = RwSignal<HashMap<PhotoId, String>>;

    /// Shows each photo from the phone's copy when it has one, else from the server; the
    /// phone's copies are let go with the form.
    pub fn show(photos: RwSignal<Vec<ActivityPhoto>>, shown: Shown) {
        Effect::new(move |_| {
            let missing: Vec<PhotoId> = photos.with(|all| {
                shown.with_untracked(|s| {
                    all.iter()
                        .filter(|p| !s.contains_key(&p.id))
                        .map(|p| p.id.clone())
                        .collect()
                })
            });
            for id in missing {
                leptos::task::spawn_local(async move {
                    let src = match kept::blob(&id).await {
                        Ok(Some(blob)) => web_sys::Url::create_object_url_with_blob(&blob).ok(),
                        _ => None,
                    };
                    let src = src.unwrap_or_else(|| id.thumb_path());
                    shown.try_update(|s| s.insert(id, src));
                });
            }
        });
        on_cleanup(move || {
            shown.with_untracked(|s| {
                for url in s.values().filter(|u| u.starts_with("blob:")) {
                    let _ = web_sys::Url::revoke_object_url(url);
                }
            });
        });
    }

    /// Makes the picked files into photos, one after another, keeping each on the phone before
    /// it joins the form; files beyond the `max`th photo are left out, and the user told.
    pub fn add(
        ev: leptos::ev::Event,
        max: usize,
        photos: RwSignal<Vec<ActivityPhoto>>,
        shown: Shown,
        working: RwSignal<Option<(usize, usize)>>,
        problem: RwSignal<Option<String>>,
        i18n: leptos_i18n::I18nContext<Locale>,
    ) {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        // The same file may be picked again after it was removed.
        input.set_value("");
        let room = max.saturating_sub(photos.with_untracked(Vec::len));
        problem.set(
            (files.len() > room).then(|| t_string!(i18n, photos_too_many, max = max).to_string()),
        );
        let files: Vec<_> = files.into_iter().take(room).collect();
        let all = files.len();
        leptos::task::spawn_local(async move {
            for (done, file) in files.into_iter().enumerate() {
                working.set(Some((done + 1, all)));
                match picture::prepare(&file).await {
                    Ok((id, blob)) => {
                        if kept::keep(&id, &blob).await.is_err() {
                            problem.set(Some(t_string!(i18n, photos_not_kept).to_string()));
                            continue;
                        }
                        if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
                            shown.update(|s| {
                                if let Some(old) = s.insert(id.clone(), url) {
                                    let _ = web_sys::Url::revoke_object_url(&old);
                                }
                            });
                        }
                        photos.update(|all| {
                            if all.len() < max && !all.iter().any(|p| p.id == id) {
                                all.push(ActivityPhoto {
                                    id,
                                    students: Vec::new(),
                                });
                            }
                        });
                    }
                    Err(_) => problem.set(Some(
                        t_string!(i18n, photos_not_a_picture, name = file.name()).to_string(),
                    )),
                }
            }
            working.set(None);
        });
    }
}
