//! The CSV reader (`candor_sources::csv`), on any bytes a spreadsheet export could hold; and the same bytes read as
//! `post` reads them (through its window: whole only the rows near its months) give the same
//! account.
#![no_main]

use libfuzzer_sys::fuzz_target;
use candor_sources::csv;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let _ = csv::looks_like_csv(&text);
    let parsed = csv::import(&text);
    candor_fuzz::analyse(&parsed.dataset);
    candor_fuzz::windowed_alike(&text, &parsed);
});
