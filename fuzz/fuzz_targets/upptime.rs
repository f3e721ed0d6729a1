//! The Upptime reader (`candor_sources::upptime`: summary.json and each site's history file),
//! on any text: the same bytes are given as the summary and as every site's `<slug>.yml`.
#![no_main]

use libfuzzer_sys::fuzz_target;

use candor_sources::upptime;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let _ = upptime::looks_like_upptime(&text);
    let records = upptime::read(&text, chrono_tz::UTC, &mut |slug| {
        Some((format!("history/{slug}.yml"), text.to_string()))
    });
    candor_fuzz::analyse(&records.dataset);
});
