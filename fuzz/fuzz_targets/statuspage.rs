//! The Statuspage API v2 importer (core's parser and report-gen's wrapper), on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use report_gen::import::statuspage;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let _ = candor_sources::statuspage::detect(&text);
    let parsed = statuspage::import(&text);
    candor_fuzz::analyse(&parsed.dataset);
    let mut merged = parsed.dataset.clone();
    candor_sources::statuspage::merge(&mut merged, parsed.dataset);
    candor_fuzz::analyse(&merged);
});
