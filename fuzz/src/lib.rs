//! What every importer's fuzz target does with a dataset it accepted: the whole analysis the
//! feed and the post run, so that odd but accepted data (year 9999, zero-length incidents,
//! thousands of components) is fuzzed through core as well as through the parser.

use candor_core::feed::{self, FeedOptions};
use candor_core::{months, uptime::UptimeWeights, Dataset, History, Incident, Tally, YearMonth};
use chrono::{TimeZone, Utc};
use report_gen::config;
use report_gen::import::{csv, Parsed, Tallying};

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
        let tallies = data.incidents.iter().map(Tally::of);
        let counts = months::monthly_counts(tallies, &zone, &window);
        let _ = months::rank_in_window(&counts, last);
    }
    let _ = months::time_to_resolve(&data.incidents);
}

/// Checks that the CSV importer keeping only tallies outside a period (as `post` reads) reads
/// `text` as it reads it whole (`all`): the same problems and components, the incidents
/// touching the period (and one candor.toml corrects) whole, the others' tallies, their causes
/// given by the rules.
pub fn tallied_alike(text: &str, all: &Parsed) {
    const RULES: &str = "[[causes]]\ncause = \"external\"\nkeywords = [\"aws\", \"b\"]\n";
    let Ok(rules) = config::parse("candor.toml".into(), RULES.into()) else {
        panic!("the rules parse");
    };
    let (Some(from), Some(to)) = (
        Utc.with_ymd_and_hms(2026, 8, 1, 0, 0, 0).single(),
        Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).single(),
    ) else {
        return;
    };
    let tallying = Tallying {
        from,
        to,
        corrected: vec!["a"],
        causes: &rules.config.causes,
    };
    let parsed = csv::import_tallying(text, Some(&tallying));
    assert_eq!(parsed.issues, all.issues, "the same problems");
    assert_eq!(parsed.dataset.components, all.dataset.components);
    let tallies = tallying.tallies();
    let (tallied, kept): (Vec<&Incident>, Vec<&Incident>) = (all.dataset.incidents.iter())
        .partition(|i| tallies.may_tally(i.start, i.end) && !tallying.corrects(&i.id));
    assert!(parsed.dataset.incidents.iter().eq(kept), "the same kept");
    let tally = |i: &Incident| Tally {
        cause: config::cause_by_rules(tallying.causes, i),
        ..Tally::of(i)
    };
    assert!(
        parsed.tallies.iter().eq(tallied.into_iter().map(tally)),
        "the tallies of the others"
    );
}
