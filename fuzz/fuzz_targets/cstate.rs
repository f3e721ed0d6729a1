//! The cState reader (`candor_sources::cstate`: YAML or TOML front matter and Markdown), on any
//! text.
#![no_main]

use libfuzzer_sys::fuzz_target;

use candor_sources::cstate;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let _ = cstate::front_matter(&text);
    let _ = cstate::looks_like_cstate(&text);
    let records = cstate::read("2026-08-01-fuzz", &text, chrono_tz::America::New_York);
    candor_fuzz::analyse(&records.dataset);
});
