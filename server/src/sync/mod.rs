//! Offline sync, protocol v1: push and pull over stable versioned URLs.
pub mod appeals;
pub mod attendance;
pub mod duty;
pub mod entries;
pub mod handlers;
pub mod kinds;
pub mod pull;
pub mod push;
pub mod rules;
pub mod snapshot;
pub mod tx;
