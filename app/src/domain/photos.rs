//! Photos: what a photo's id is, which files are photos, how large they may be, and who may
//! see one, shared by the phone and the server.
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::role::{ClassPlace, Principal, Role};
use crate::domain::wire::wire_enum;

/// The SHA-256 of the bytes the phone made, in lowercase hex: the same photo sent twice is one
/// photo, and an upload that is retried is recognised.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhotoId(String);

impl PhotoId {
    /// The id in `text`, if it is 64 lowercase hex digits.
    pub fn parse(text: &str) -> Option<PhotoId> {
        let hex = text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        (text.len() == 64 && hex).then(|| PhotoId(text.to_owned()))
    }

    /// The 64 hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where the server answers with the photo: sent there, and fetched full size.
    pub fn path(&self) -> String {
        format!("/api/photos/{}", self.0)
    }

    /// Where the server answers with the photo's thumbnail.
    pub fn thumb_path(&self) -> String {
        format!("/api/photos/{}/thumb", self.0)
    }
}

impl TryFrom<String> for PhotoId {
    type Error = String;

    fn try_from(text: String) -> Result<PhotoId, String> {
        PhotoId::parse(&text).ok_or_else(|| format!("not a photo id: {text:?}"))
    }
}

impl From<PhotoId> for String {
    fn from(id: PhotoId) -> String {
        id.0
    }
}

impl fmt::Display for PhotoId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The largest upload the server reads, in bytes: the phone's photos are 150–400 KB, a
/// camera's original a few MB.
pub const MAX_PHOTO_BYTES: usize = 8 * 1024 * 1024;
/// The most pixels along either side the server decodes, so a small file cannot ask for a
/// huge picture in memory.
pub const MAX_PHOTO_SIDE: u32 = 12_000;
/// The longest side of a kept photo, in pixels, on the phone and on the server.
pub const PHOTO_LONG_SIDE: u32 = 1600;
/// The longest side of a thumbnail, in pixels.
pub const THUMB_LONG_SIDE: u32 = 320;

/// `width`×`height` scaled down so neither side exceeds `long`, keeping the shape: the size the
/// phone gives a photo before it keeps it.
pub fn fitted(width: u32, height: u32, long: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= long {
        return (width, height);
    }
    let scale = |side: u32| {
        let scaled =
            (u64::from(side) * u64::from(long) + u64::from(longest) / 2) / u64::from(longest);
        u32::try_from(scaled).unwrap_or(long).max(1)
    };
    (scale(width), scale(height))
}

/// The image types accepted: told by their first bytes, never by a name or a header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoType {
    Jpeg,
    Png,
    Webp,
}

impl PhotoType {
    /// The type whose signature `bytes` start with.
    pub fn sniff(bytes: &[u8]) -> Option<PhotoType> {
        match bytes {
            [0xFF, 0xD8, 0xFF, ..] => Some(PhotoType::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(PhotoType::Png),
            [
                b'R',
                b'I',
                b'F',
                b'F',
                _,
                _,
                _,
                _,
                b'W',
                b'E',
                b'B',
                b'P',
                ..,
            ] => Some(PhotoType::Webp),
            _ => None,
        }
    }
}

wire_enum! {
    /// Who may see the photos of a record, besides the school's admins: its class's teachers
    /// and the staff over the class, and for a record shared with the parent committee, the
    /// committee members over the class too.
    pub enum PhotoAudience {
        Class = "class",
        Parents = "parents",
    }
}

wire_enum! {
    /// A guardian's choice about photos of their child. Until they choose, photos stay inside
    /// the school.
    #[derive(Default)]
    pub enum PhotoConsent {
        Allowed = "allowed",
        #[default]
        SchoolOnly = "school_only",
        NotAllowed = "not_allowed",
    }
}

impl PhotoAudience {
    /// Whether `who` may see a photo of a record of the class at `place` with this audience.
    pub fn admits(self, who: &Principal, place: &ClassPlace) -> bool {
        who.grants.iter().any(|g| {
            g.scope.contains(place)
                && match g.role {
                    Role::SchoolAdmin | Role::Staff | Role::Teacher => true,
                    Role::Parent => self == PhotoAudience::Parents,
                    Role::DistrictAdmin => false,
                }
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use uuid::Uuid;

    use super::*;
    use crate::domain::role::{Grant, Scope};

    proptest! {
        #[test]
        fn an_id_is_exactly_64_lowercase_hex_digits(text in "[0-9a-fA-Fg-z]{0,70}") {
            let valid = text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            prop_assert_eq!(PhotoId::parse(&text).is_some(), valid);
            prop_assert_eq!(serde_json::from_value::<PhotoId>(serde_json::json!(text)).is_ok(), valid);
        }

        #[test]
        fn only_the_three_signatures_are_photos(bytes in proptest::collection::vec(any::<u8>(), 0..16)) {
            let jpeg = bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
            let png = bytes.starts_with(b"\x89PNG\r\n\x1a\n");
            let webp = bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP");
            prop_assert_eq!(PhotoType::sniff(&bytes).is_some(), jpeg || png || webp);
        }
    }

    proptest! {
        #[test]
        fn a_fitted_picture_keeps_its_shape_within_the_long_side(w in 1u32..20_000, h in 1u32..20_000, long in 1u32..4000) {
            let (fw, fh) = fitted(w, h, long);
            prop_assert!(fw.max(fh) <= long);
            prop_assert!(fw >= 1 && fh >= 1 && fw <= w && fh <= h);
            if w.max(h) <= long {
                prop_assert_eq!((fw, fh), (w, h));
            } else {
                prop_assert_eq!(fw.max(fh), long);
                // The shape is kept to within rounding of the short side.
                let shape = f64::from(w) / f64::from(h);
                let kept = f64::from(fw) / f64::from(fh);
                let rounding = 1.0 / f64::from(fw.min(fh));
                prop_assert!((kept / shape - 1.0).abs() <= 2.0 * rounding + 1e-9);
            }
        }
    }

    #[test]
    fn a_camera_picture_comes_down_to_1600_pixels_long() {
        assert_eq!(fitted(4000, 3000, PHOTO_LONG_SIDE), (1600, 1200));
        assert_eq!(fitted(3000, 4000, PHOTO_LONG_SIDE), (1200, 1600));
        assert_eq!(fitted(1200, 800, PHOTO_LONG_SIDE), (1200, 800));
    }

    fn who(role: Role, scope: Scope) -> Principal {
        Principal {
            user_id: Uuid::from_u128(9),
            username: "u".into(),
            display_name: "u".into(),
            school_id: Some(Uuid::from_u128(1)),
            grants: vec![Grant {
                role,
                scope,
                sensitive: false,
                title: String::new(),
            }],
        }
    }

    #[test]
    fn parents_see_only_shared_photos_of_their_scope_and_staff_see_the_rest() {
        let place = ClassPlace {
            class_id: Uuid::from_u128(3),
            grade_id: Uuid::from_u128(2),
            school_id: Uuid::from_u128(1),
        };
        let other_class = Scope::Class(Uuid::from_u128(4));
        let cases = [
            (Role::Teacher, Scope::Class(place.class_id), true, true),
            (Role::Teacher, other_class, false, false),
            (Role::Staff, Scope::Grade(place.grade_id), true, true),
            (
                Role::SchoolAdmin,
                Scope::School(place.school_id),
                true,
                true,
            ),
            (Role::Parent, Scope::Class(place.class_id), false, true),
            (Role::Parent, Scope::School(place.school_id), false, true),
            (Role::Parent, other_class, false, false),
            (Role::DistrictAdmin, Scope::District, false, false),
        ];
        for (role, scope, class, parents) in cases {
            let who = who(role, scope);
            assert_eq!(
                PhotoAudience::Class.admits(&who, &place),
                class,
                "{role:?} {scope:?}"
            );
            assert_eq!(
                PhotoAudience::Parents.admits(&who, &place),
                parents,
                "{role:?} {scope:?}"
            );
        }
    }
}
