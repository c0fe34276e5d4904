//! Offline sync, protocol v1: push and pull over stable versioned URLs.
pub mod handlers;
pub mod kinds;
pub mod pull;
pub mod push;
pub mod rules;
pub mod snapshot;
pub mod today;
pub mod tx;
