//! Photos over HTTP on both databases: a real JPEG carrying GPS EXIF is kept once, served with
//! no metadata, refused by type, size and damage, and given to nobody but who may see it.
use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, RgbImage};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

use crate::both_databases;
use crate::harness::{TestApp, client};

/// EXIF with a camera model and a GPS position (31.2° N, 121.5° E): what a phone's camera
/// writes, and what must never leave the server.
fn camera_exif() -> Vec<u8> {
    let mut exif = b"II\x2a\0\x08\0\0\0".to_vec();
    // IFD0: Model (ASCII at 38), GPS IFD pointer (at 50).
    exif.extend_from_slice(&[2, 0]);
    exif.extend_from_slice(&[0x10, 0x01, 0x02, 0, 8, 0, 0, 0, 38, 0, 0, 0]);
    exif.extend_from_slice(&[0x25, 0x88, 0x04, 0, 1, 0, 0, 0, 50, 0, 0, 0]);
    exif.extend_from_slice(&[0, 0, 0, 0]);
    exif.extend_from_slice(b"Phone-X\0");
    // GPS IFD at 50: latitude ref N, latitude (rational at 80), longitude ref E, longitude (at 104).
    exif.extend_from_slice(&[4, 0]);
    exif.extend_from_slice(&[0x01, 0x00, 0x02, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
    exif.extend_from_slice(&[0x02, 0x00, 0x05, 0, 3, 0, 0, 0, 80, 0, 0, 0]);
    exif.extend_from_slice(&[0x03, 0x00, 0x02, 0, 2, 0, 0, 0, b'E', 0, 0, 0]);
    exif.extend_from_slice(&[0x04, 0x00, 0x05, 0, 3, 0, 0, 0, 104, 0, 0, 0]);
    exif.extend_from_slice(&[0, 0, 0, 0]);
    for (degrees, minutes) in [(31u32, 12u32), (121, 30)] {
        for value in [degrees, minutes, 0] {
            exif.extend_from_slice(&value.to_le_bytes());
            exif.extend_from_slice(&1u32.to_le_bytes());
        }
    }
    exif
}

/// A 2400 × 1800 camera-style JPEG with that EXIF; `seed` makes each photo's bytes differ.
pub fn camera_jpeg(seed: u8) -> Vec<u8> {
    let image = RgbImage::from_fn(2400, 1800, |x, y| {
        image::Rgb([(x / 10) as u8, (y / 10) as u8, seed])
    });
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, 90);
    encoder.set_exif_metadata(camera_exif()).unwrap();
    encoder
        .write_image(image.as_raw(), 2400, 1800, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

pub fn id_of(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub async fn put(
    client: &reqwest::Client,
    app: &TestApp,
    id: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    client
        .put(app.url(&format!("/api/photos/{id}")))
        .header("content-type", "image/jpeg")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

/// The status of a photo's thumbnail for a user.
pub async fn thumb_status(app: &TestApp, user: &str, photo: &str) -> StatusCode {
    let client = app.signed_in(user).await;
    let res = client
        .get(app.url(&format!("/api/photos/{photo}/thumb")))
        .send()
        .await;
    res.unwrap().status()
}

/// Files under the app's photo folder.
fn kept_files(app: &TestApp) -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        if e.path().is_dir() {
                            walk(&e.path())
                        } else {
                            1
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    walk(app.photos.path())
}

both_databases!(a_photo_is_kept_once_without_its_exif, photo_kept_once);
async fn photo_kept_once(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let teacher = app.signed_in("t101").await;
    let upload = camera_jpeg(1);
    assert!(upload.windows(7).any(|w| w == b"Phone-X"));
    let id = id_of(&upload);

    let first = put(&teacher, &app, &id, upload.clone()).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let again = put(&teacher, &app, &id, upload.clone()).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(kept_files(&app), 2, "one photo and one thumbnail");

    let res = teacher
        .get(app.url(&format!("/api/photos/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.headers()["cache-control"], "private, no-cache");
    let etag = res.headers()["etag"].clone();
    let kept = res.bytes().await.unwrap();
    for secret in [&b"Exif"[..], b"Phone-X", b"GPS"] {
        assert!(
            !kept.windows(secret.len()).any(|w| w == secret),
            "{secret:?} survived"
        );
    }
    let photo = image::load_from_memory(&kept).unwrap();
    assert_eq!((photo.width(), photo.height()), (1600, 1200));

    let thumb = teacher
        .get(app.url(&format!("/api/photos/{id}/thumb")))
        .send()
        .await
        .unwrap();
    let thumb = image::load_from_memory(&thumb.bytes().await.unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (320, 240));

    let unchanged = teacher
        .get(app.url(&format!("/api/photos/{id}")))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
}

both_databases!(uploads_that_are_not_photos_are_refused, refusals);
async fn refusals(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let teacher = app.signed_in("t101").await;

    let gif = b"GIF89a\x01\0\x01\0\0\0\0;".to_vec();
    let res = put(&teacher, &app, &id_of(&gif), gif).await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "photo_type");
    assert!(body["message"].as_str().unwrap().contains("JPEG"));

    let big = [&[0xFF, 0xD8, 0xFF][..], &vec![0u8; 9 * 1024 * 1024]].concat();
    let res = put(&teacher, &app, &id_of(&big), big).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let photo = camera_jpeg(2);
    let cut = photo[..photo.len() / 2].to_vec();
    let res = put(&teacher, &app, &id_of(&photo), cut).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["error"],
        "photo_damaged"
    );
    let garbled = [&[0xFF, 0xD8, 0xFF, 0xE0][..], &[0x5A; 1000]].concat();
    let res = put(&teacher, &app, &id_of(&garbled), garbled).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["error"],
        "photo_unreadable"
    );

    let res = put(&teacher, &app, "not-an-id", photo.clone()).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = put(&client(), &app, &id_of(&photo), photo).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    assert_eq!(kept_files(&app), 0, "nothing refused is kept");
    assert_eq!(
        crate::harness::count(&app.db, "SELECT COUNT(*) FROM photo").await,
        0
    );
}

both_databases!(a_photo_is_given_only_to_who_may_see_it, access);
async fn access(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let teacher = app.signed_in("t101").await;
    let photo = camera_jpeg(3);
    let id = id_of(&photo);
    assert_eq!(
        put(&teacher, &app, &id, photo).await.status(),
        StatusCode::CREATED
    );
    let path = format!("/api/photos/{id}");
    for user in ["t102", "jiawei101", "deyu"] {
        let other = app.signed_in(user).await;
        for suffix in ["", "/thumb"] {
            let res = other
                .get(app.url(&format!("{path}{suffix}")))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{user} {suffix}");
        }
    }
    let res = client().get(app.url(&path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let unknown = format!("/api/photos/{}", id_of(b"never sent"));
    let res = teacher.get(app.url(&unknown)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
