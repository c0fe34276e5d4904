//! Any bytes uploaded as a roster: read within the limits or refused, never a panic or an
//! allocation past the limits.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(sheets) = server::import::read_sheets("名单.xlsx", data) {
        let _ = app::domain::roster::parse_roster(&sheets);
    }
});
