//! Server functions, grouped by area. Their bodies call [`Services`], which the
//! server crate implements, so this crate never touches the database.
pub mod activities;
pub mod admin;
pub mod attendance;
pub mod auth;
pub mod meals;
pub mod scheme;
pub mod school;
pub mod scores;
pub mod themes;

#[cfg(feature = "ssr")]
mod services;
#[cfg(feature = "ssr")]
pub use services::*;
