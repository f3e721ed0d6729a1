//! `candor.toml`: parsed, checked, then applied to a small dataset it can name things in.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use report_gen::{config, import::csv};

const DATA: &str = "id,title,impact,started_at,resolved_at,components,cause,url
inc-1,AWS outage,critical,2026-08-14T09:30:00Z,2026-08-14T11:00:00Z,api;web,,
inc-2,Slow search,minor,2026-09-01T23:30:00Z,,search,internal,https://example.com/2
";

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(loaded) = config::parse(PathBuf::from("candor.toml"), text.to_string()) else {
        return;
    };
    let _ = loaded.weights();
    let _ = loaded.time_zone();
    let mut data = csv::import(DATA).dataset;
    let _ = loaded.apply(&mut data);
    candor_fuzz::analyse(&data);
});
