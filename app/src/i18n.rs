//! The typed translations, generated from `locales/*.json` by `build.rs` (leptos_i18n) as a
//! module `i18n`, whose items this module re-exports.
#![allow(clippy::module_inception)]
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use self::i18n::*;
