//! Integration tests: the real router over real SQLite and PostgreSQL, spoken to over HTTP.
mod harness;

mod access;
mod accounts;
mod appeals;
mod attendance;
mod bench_attendance;
mod bench_board;
mod calendar;
mod conduct;
mod corrections;
mod edits;
mod roster_import;
mod scheme;
mod scores;
mod staff_import;
mod store;
mod sync;
mod sync_stress;
mod sync_support;
