//! Pure types and rules shared by phone and server: no leptos, no IO.
pub mod checks;
pub mod role;
pub mod roster;
pub mod school;
pub mod scores;
pub mod text;
pub mod users;
