//! Integration tests: the real router over real SQLite and PostgreSQL, spoken to over HTTP.
// A test that unwraps or indexes what it expects fails loudly, which is the point of a test;
// the server crates deny these lints.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod harness;

mod access;
mod accounts;
mod activities;
mod activity_list;
mod appeals;
mod assets;
mod attendance;
mod backup;
mod bench_attendance;
mod bench_board;
mod bench_feed;
mod bench_load;
mod calendar;
mod conduct;
mod corrections;
mod coverage;
mod duty;
mod edits;
mod evidence;
mod feed;
mod hardening;
mod meals;
mod new_tables;
mod photos;
mod properties;
mod pulled_rows;
mod roster_import;
mod scheme;
mod scores;
mod staff_import;
mod store;
mod sync;
mod sync_stress;
mod sync_support;
mod themes;
mod today;
