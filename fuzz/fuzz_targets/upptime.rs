//! The Upptime importer (history and summary.json), on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

use report_gen::import::{upptime, ImportOptions};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let _ = upptime::looks_like_upptime(&text);
    let options = ImportOptions {
        naive_zone: chrono_tz::UTC,
    };
    // A path with no `<slug>.yml` beside it: each site's start is then unknown (a warning).
    let parsed = upptime::import(Path::new("/nonexistent/history/summary.json"), &text, &options);
    candor_fuzz::analyse(&parsed.dataset);
});
