//! Pure types and rules shared by phone and server: no leptos, no IO.
pub mod activities;
pub mod appeals;
pub mod attendance;
pub mod checks;
pub mod conduct;
pub mod day;
pub mod duty;
pub mod photos;
pub mod record;
pub mod role;
pub mod roster;
pub mod scheme;
pub mod school;
pub mod scores;
pub mod text;
pub mod users;
pub mod wire;
