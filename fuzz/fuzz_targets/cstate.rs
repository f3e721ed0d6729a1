//! The cState importer (YAML front matter and Markdown), on any text.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use report_gen::import::{cstate, ImportOptions};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let _ = cstate::front_matter(&text);
    let _ = cstate::looks_like_cstate(&text);
    let options = ImportOptions {
        naive_zone: chrono_tz::America::New_York,
    };
    let parsed = cstate::import(Path::new("content/issues/2026-08-01-fuzz.md"), &text, &options);
    candor_fuzz::analyse(&parsed.dataset);
});
