//! The CSV importer, on any bytes a spreadsheet export could hold; and the same bytes read as
//! `post` reads them (rows outside a period kept as tallies) give the same account.
#![no_main]

use libfuzzer_sys::fuzz_target;
use report_gen::import::csv;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let _ = csv::looks_like_csv(&text);
    let parsed = csv::import(&text);
    candor_fuzz::analyse(&parsed.dataset);
    candor_fuzz::tallied_alike(&text, &parsed);
});
