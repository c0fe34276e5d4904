//! Reusable pieces of the screens, one per file.
pub mod bottom_nav;
pub mod class_card;
pub mod empty_state;
pub mod error_notice;
pub mod loaded;
pub mod page;
pub mod session;
