//! A photo made safe to keep: decoded under limits, turned upright by its EXIF orientation,
//! shrunk to the kept size and encoded again, so no EXIF, GPS or other metadata a client sent
//! survives, whatever the phone did first.
use std::io::Cursor;

use app::domain::photos::{MAX_PHOTO_SIDE, PHOTO_LONG_SIDE, PhotoType, THUMB_LONG_SIDE};
use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

/// The most memory one decode may take: a 48-megapixel photo with an alpha channel.
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
/// JPEG quality of a kept photo and of its thumbnail.
const PHOTO_QUALITY: u8 = 85;
const THUMB_QUALITY: u8 = 75;

/// What is kept of an upload: the photo and its thumbnail, both plain JPEG.
pub struct Processed {
    pub photo: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Why an upload is not a photo the server keeps.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not JPEG, PNG or WebP by its first bytes.
    NotAPhoto,
    /// More pixels than the server decodes.
    TooLarge,
    /// Claims to be a photo but does not decode.
    Unreadable,
}

/// Checks, cleans and shrinks an upload. CPU-bound: run it off the async threads.
pub fn process(bytes: &[u8]) -> Result<Processed, Refused> {
    let format = match PhotoType::sniff(bytes).ok_or(Refused::NotAPhoto)? {
        PhotoType::Jpeg => ImageFormat::Jpeg,
        PhotoType::Png => ImageFormat::Png,
        PhotoType::Webp => ImageFormat::WebP,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PHOTO_SIDE);
    limits.max_image_height = Some(MAX_PHOTO_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    image.apply_orientation(orientation);
    let photo = DynamicImage::ImageRgb8(shrink(&image, PHOTO_LONG_SIDE).to_rgb8());
    let thumb = photo.thumbnail(THUMB_LONG_SIDE, THUMB_LONG_SIDE);
    Ok(Processed {
        width: photo.width(),
        height: photo.height(),
        photo: jpeg(&photo, PHOTO_QUALITY)?,
        thumb: jpeg(&thumb, THUMB_QUALITY)?,
    })
}

/// The image with its longer side at most `side`, in proportion.
fn shrink(image: &DynamicImage, side: u32) -> DynamicImage {
    if image.width() <= side && image.height() <= side {
        image.clone()
    } else {
        image.resize(side, side, image::imageops::FilterType::Triangle)
    }
}

/// A baseline JPEG with no metadata: the encoder writes none unless asked.
fn jpeg(image: &DynamicImage, quality: u8) -> Result<Vec<u8>, Refused> {
    let mut out = Vec::new();
    image
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, quality))
        .map_err(refusal)?;
    Ok(out)
}

fn refusal(e: ImageError) -> Refused {
    match e {
        ImageError::Limits(_) => Refused::TooLarge,
        _ => Refused::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use image::{ImageEncoder, RgbImage};

    use super::*;

    /// A little-endian EXIF block with an orientation and a GPS latitude reference.
    fn exif(orientation: u8) -> Vec<u8> {
        let mut exif = b"II\x2a\0\x08\0\0\0\x02\0".to_vec();
        exif.extend_from_slice(&[0x12, 0x01, 0x03, 0, 1, 0, 0, 0, orientation, 0, 0, 0]);
        exif.extend_from_slice(&[0x25, 0x88, 0x04, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
        exif.extend_from_slice(&[0, 0, 0, 0]);
        exif
    }

    /// A JPEG 40 wide and 20 high, left half red, with EXIF.
    fn tagged_jpeg(orientation: u8) -> Result<Vec<u8>, ImageError> {
        let image = RgbImage::from_fn(40, 20, |x, _| {
            if x < 20 {
                image::Rgb([255, 0, 0])
            } else {
                image::Rgb([0, 0, 255])
            }
        });
        let mut out = Vec::new();
        let mut encoder = JpegEncoder::new_with_quality(&mut out, 95);
        encoder
            .set_exif_metadata(exif(orientation))
            .map_err(ImageError::Unsupported)?;
        encoder.write_image(image.as_raw(), 40, 20, image::ExtendedColorType::Rgb8)?;
        Ok(out)
    }

    #[test]
    fn the_kept_photo_is_upright_and_carries_no_exif() -> Result<(), ImageError> {
        let upload = tagged_jpeg(6)?;
        assert!(upload.windows(4).any(|w| w == b"Exif"));
        let kept = process(&upload)
            .map_err(|e| ImageError::IoError(std::io::Error::other(format!("{e:?}"))))?;
        assert!(!kept.photo.windows(4).any(|w| w == b"Exif"));
        assert!(!kept.thumb.windows(4).any(|w| w == b"Exif"));
        // Orientation 6 turns the picture a quarter clockwise: 20 wide and 40 high, red on top.
        assert_eq!((kept.width, kept.height), (20, 40));
        let photo = image::load_from_memory(&kept.photo)?.to_rgb8();
        let top = photo.get_pixel(10, 5);
        assert!(top[0] > 200 && top[2] < 60, "{top:?}");
        Ok(())
    }

    #[test]
    fn files_that_are_not_photos_or_too_large_are_refused() -> Result<(), ImageError> {
        assert_eq!(process(b"GIF89a....").err(), Some(Refused::NotAPhoto));
        assert_eq!(
            process(b"\xFF\xD8\xFF\xE0 broken").err(),
            Some(Refused::Unreadable)
        );
        // A real JPEG whose frame header now declares 20,000 × 20,000 pixels: after the SOF0
        // marker come the length (2 bytes), the precision (1), the height and the width (2 each).
        let mut huge = tagged_jpeg(1)?;
        let frame = huge.windows(2).position(|w| w == [0xFF, 0xC0]);
        assert!(frame.is_some());
        let at = frame.unwrap_or_default() + 5;
        let side = 20_000u16.to_be_bytes();
        huge.splice(at..at + 4, side.into_iter().chain(side));
        assert_eq!(process(&huge).err(), Some(Refused::TooLarge));
        Ok(())
    }
}
