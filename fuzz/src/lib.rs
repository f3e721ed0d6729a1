//! What every importer's fuzz target does with a dataset it accepted: the whole analysis the
//! feed and the post run, so that odd but accepted data (year 9999, zero-length incidents,
//! thousands of components) is fuzzed through core as well as through the parser.

use candor_core::feed::{self, FeedOptions};
use candor_core::{months, uptime::UptimeWeights, Dataset, History, Incident, YearMonth};
use chrono::{TimeZone, Utc};
use report_gen::config;
use candor_sources::{csv, Records, Sink};
use report_gen::post::{MonthRange, Window};

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
        let parsed = candor_sources::feed::parse(json.as_bytes());
        assert!(parsed.is_ok(), "a built feed must parse: {parsed:?}");
    }
    if let Some(last) = YearMonth::new(2026, 9) {
        let window = last.window_ending(36);
        let counted = data.incidents.iter().map(months::Counted::of);
        let counts = months::monthly_counts(counted, &zone, &window);
        let _ = months::rank_in_window(&counts, last);
    }
    let _ = months::time_to_resolve(&data.incidents);
}

/// Checks that the CSV importer reading into `post`'s window (August 2026) reads `text` as it
/// reads it whole (`all`): the same problems and components; kept, dropped and counted what
/// the window decides of each incident read whole, in order.
pub fn windowed_alike(text: &str, all: &Records) {
    const CONFIG: &str =
        "[[causes]]\ncause = \"external\"\nkeywords = [\"aws\", \"b\"]\n\n[incidents.a]\ncause = \"internal\"\n";
    let Ok(config) = config::parse("candor.toml".into(), CONFIG.into()) else {
        panic!("the configuration parses");
    };
    let (Ok(range), Some(now)) = (
        "2026-08".parse::<MonthRange>(),
        Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).single(),
    ) else {
        return;
    };
    let mut window = Window::new(&range, now, &config);
    let parsed = csv::import_with(text, &mut window);
    assert_eq!(parsed.issues, all.issues, "the same problems");
    assert_eq!(parsed.dataset.components, all.dataset.components);
    let mut replay = Window::new(&range, now, &config);
    let (kept, dropped): (Vec<&Incident>, Vec<&Incident>) =
        (all.dataset.incidents.iter()).partition(|i| replay.keep(i));
    assert!(parsed.dataset.incidents.iter().eq(kept), "the same kept");
    assert!(
        (parsed.dropped.iter().map(|(id, _)| id)).eq(dropped.iter().map(|i| &*i.id)),
        "the same dropped"
    );
    assert_eq!(window.counted, replay.counted, "the same counted");
}
