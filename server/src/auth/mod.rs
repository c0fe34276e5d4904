//! Who is asking: passwords, sessions, login limits, and the account services.
pub mod device;
pub mod handlers;
pub mod invites;
pub mod middleware;
pub mod password;
pub mod rate_limit;
pub mod service;
pub mod session;
