//! A photo as the phone keeps it: turned upright by its EXIF orientation, at most
//! [`PHOTO_LONG_SIDE`] pixels long, re-encoded as JPEG, which leaves every EXIF field behind
//! (a GPS position included), and named by the SHA-256 of the bytes.
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap, ImageBitmapOptions,
    ImageOrientation, ResizeQuality,
};

use crate::domain::photos::{PHOTO_LONG_SIDE, PhotoId, fitted};

/// JPEG quality of a kept photo: 150–400 KB for a phone camera's picture.
const JPEG_QUALITY: f64 = 0.8;

/// Why a picked file could not be made into a photo.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PictureError {
    /// The browser could not decode it: not an image, or damaged.
    #[error("not a picture")]
    NotAPicture,
    #[error("browser: {0}")]
    Browser(String),
}

impl From<JsValue> for PictureError {
    fn from(e: JsValue) -> Self {
        PictureError::Browser(format!("{e:?}"))
    }
}

/// The photo made from `file`, and its id.
pub async fn prepare(file: &Blob) -> Result<(PhotoId, Blob), PictureError> {
    let upright = bitmap(file, None).await?;
    let (width, height) = fitted(upright.width(), upright.height(), PHOTO_LONG_SIDE);
    let resized = if (width, height) == (upright.width(), upright.height()) {
        upright
    } else {
        let resized = bitmap(&upright, Some((width, height))).await;
        upright.close();
        resized?
    };
    let jpeg = encode(&resized, width, height).await;
    resized.close();
    let jpeg = jpeg?;
    let id = digest(&jpeg).await?;
    Ok((id, jpeg))
}

/// Decodes `source` (a file or a bitmap) upright, at `size` if given.
async fn bitmap(source: &JsValue, size: Option<(u32, u32)>) -> Result<ImageBitmap, PictureError> {
    let options = ImageBitmapOptions::new();
    options.set_image_orientation(ImageOrientation::FromImage);
    if let Some((width, height)) = size {
        options.set_resize_width(width);
        options.set_resize_height(height);
        options.set_resize_quality(ResizeQuality::High);
    }
    let window = web_sys::window().ok_or(PictureError::NotAPicture)?;
    let promise = match source.dyn_ref::<ImageBitmap>() {
        Some(bitmap) => window
            .create_image_bitmap_with_image_bitmap_and_image_bitmap_options(bitmap, &options)?,
        None => window.create_image_bitmap_with_blob_and_image_bitmap_options(
            source.unchecked_ref(),
            &options,
        )?,
    };
    JsFuture::from(promise)
        .await
        .map_err(|_| PictureError::NotAPicture)?
        .dyn_into()
        .map_err(|_| PictureError::NotAPicture)
}

/// The bitmap as a JPEG.
async fn encode(bitmap: &ImageBitmap, width: u32, height: u32) -> Result<Blob, PictureError> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(PictureError::NotAPicture)?;
    let canvas: HtmlCanvasElement = document.create_element("canvas")?.unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or(PictureError::NotAPicture)?
        .unchecked_into();
    context.draw_image_with_image_bitmap(bitmap, 0.0, 0.0)?;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = canvas.to_blob_with_type_and_encoder_options(
            &resolve,
            "image/jpeg",
            &JPEG_QUALITY.into(),
        );
    });
    let blob = JsFuture::from(promise).await?;
    // Shrinking the canvas frees its pixels now rather than at the next collection.
    canvas.set_width(0);
    canvas.set_height(0);
    blob.dyn_into().map_err(|_| PictureError::NotAPicture)
}

/// The id of `blob`'s bytes: their SHA-256 in lowercase hex.
async fn digest(blob: &Blob) -> Result<PhotoId, PictureError> {
    let bytes = js_sys::Uint8Array::new(&JsFuture::from(blob.array_buffer()).await?).to_vec();
    let subtle = web_sys::window()
        .ok_or(PictureError::NotAPicture)?
        .crypto()?
        .subtle();
    let hash = JsFuture::from(subtle.digest_with_str_and_u8_array("SHA-256", &bytes)?).await?;
    let hex: String = js_sys::Uint8Array::new(&hash)
        .to_vec()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    PhotoId::parse(&hex).ok_or(PictureError::Browser("digest".into()))
}
