//! The Upptime importer (history and summary.json), on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use report_gen::import::upptime;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let _ = upptime::looks_like_upptime(&text);
    let parsed = upptime::import(&text);
    candor_fuzz::analyse(&parsed.dataset);
});
