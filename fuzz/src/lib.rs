//! What every importer's fuzz target does with a dataset it accepted: the whole analysis the
//! feed and the post run, so that odd but accepted data (year 9999, zero-length incidents,
//! thousands of components) is fuzzed through core as well as through the parser.

use candor_core::feed::{self, FeedOptions};
use candor_core::{months, uptime::UptimeWeights, Dataset, History, Tally, YearMonth};
use chrono::{TimeZone, Utc};

/// Runs the analysis in a zone with DST, at a fixed "now", and checks the feed round-trips
/// through the widget's parser.
pub fn analyse(data: &Dataset) {
    let zone = chrono_tz::Europe::Berlin;
    let Some(now) = Utc.with_ymd_and_hms(2026, 9, 30, 12, 0, 0).single() else {
        return;
    };
    let history = History::new(data, &zone, now, UptimeWeights::default());
    let built = feed::build(
        &history,
        &FeedOptions {
            days: 90,
            fallback_name: "Fuzz".into(),
            time_zone: "Europe/Berlin".into(),
        },
    );
    let json = feed::to_json(&built);
    if json.len() <= feed::MAX_FEED_BYTES {
        let parsed = feed::parse(json.as_bytes());
        assert!(parsed.is_ok(), "a built feed must parse: {parsed:?}");
    }
    if let Some(last) = YearMonth::new(2026, 9) {
        let window = last.window_ending(36);
        let tallies = data.incidents.iter().map(Tally::of);
        let counts = months::monthly_counts(tallies, &zone, &window);
        let _ = months::rank_in_window(&counts, last);
    }
    let _ = months::time_to_resolve(&data.incidents);
}
