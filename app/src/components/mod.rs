//! Reusable pieces of the screens, one per file.
pub mod appeal;
pub mod bottom_nav;
pub mod class_card;
pub mod class_grid;
pub mod empty_state;
pub mod entry_form;
pub mod entry_line;
pub mod error_notice;
pub mod loaded;
pub mod mark_labels;
pub mod page;
pub mod rejection_text;
pub mod saving;
pub mod session;
pub mod stepper;
pub mod sync_status;
pub mod update_banner;
