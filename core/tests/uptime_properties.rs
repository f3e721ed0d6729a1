//! Properties of the uptime engine that must hold for any incidents, in any zone.

use candor_core::model::{Dataset, Impact, Incident};
use candor_core::uptime::UptimeWeights;
use candor_core::{History, Zone};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

const ZONES: [Tz; 4] = [
    chrono_tz::UTC,
    chrono_tz::Europe::Berlin,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Lord_Howe, // half-hour DST shifts
];

/// Minutes since 2026-01-01T00:00Z; the range spans both DST changes of the year.
fn instant(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("valid")
        + Duration::minutes(minute)
}

fn impact(i: u8) -> Impact {
    Impact::ALL[usize::from(i) % Impact::ALL.len()]
}

fn incident(n: usize, start: i64, length: i64, impact: Impact) -> Incident {
    Incident {
        title: format!("Incident {n}").into(),
        ..Incident::new(
            &format!("inc-{n}"),
            impact,
            instant(start),
            Some(instant(start + length)),
        )
        .affecting(&["api"])
    }
}

fn dataset(incidents: Vec<Incident>) -> Dataset {
    Dataset {
        incidents,
        ..Dataset::default()
    }
}

const YEAR: i64 = 365 * 24 * 60;

fn whole_year(zone: &Tz) -> (NaiveDate, NaiveDate) {
    (
        zone.date_of(instant(-2 * 24 * 60)),
        zone.date_of(instant(YEAR + 2 * 24 * 60)),
    )
}

fn weight(impact: Impact) -> f64 {
    UptimeWeights::default().of(impact.component_status())
}

/// The length in minutes of the union of intervals, computed without the engine.
fn union_minutes(mut intervals: Vec<(i64, i64)>) -> i64 {
    intervals.sort_unstable();
    let mut total = 0;
    let mut current: Option<(i64, i64)> = None;
    for (a, b) in intervals {
        match current {
            Some((s, e)) if a <= e => current = Some((s, e.max(b))),
            Some((s, e)) => {
                total += e - s;
                current = Some((a, b));
            }
            None => current = Some((a, b)),
        }
    }
    total + current.map_or(0, |(s, e)| e - s)
}

proptest! {
    #[test]
    fn uptime_stays_between_0_and_100(
        spans in prop::collection::vec((0i64..YEAR, 0i64..5000, any::<u8>()), 0..30),
        zone in 0usize..ZONES.len(),
    ) {
        let zone = ZONES[zone];
        let incidents = spans.iter().enumerate()
            .map(|(n, &(s, l, i))| incident(n, s, l, impact(i))).collect();
        let data = dataset(incidents);
        let history = History::new(&data, &zone, instant(YEAR), UptimeWeights::default());
        let (first, last) = whole_year(&zone);
        for day in history.daily("api", first, last) {
            if let Some(p) = day.uptime.percent() {
                prop_assert!((0.0..=100.0).contains(&p), "{} has {p}%", day.date);
            }
            prop_assert!(day.uptime.downtime_minutes <= day.uptime.observed_minutes + 1e-6);
        }
    }

    #[test]
    fn daily_downtime_adds_up_to_the_weighted_duration(
        start in 0i64..YEAR - 10_000,
        length in 0i64..10_000,
        i in any::<u8>(),
        zone in 0usize..ZONES.len(),
    ) {
        let zone = ZONES[zone];
        let impact = impact(i);
        // A second, earlier incident on another component makes the data start before.
        let mut early = incident(99, 0, 1, Impact::None);
        let mut components = early.components.to_vec();
        components[0].component_id = "other".into();
        early.components = components.into();
        let data = dataset(vec![early, incident(0, start, length, impact)]);
        let history = History::new(&data, &zone, instant(YEAR), UptimeWeights::default());
        let (first, last) = whole_year(&zone);
        let total: f64 = history.daily("api", first, last).iter()
            .map(|d| d.uptime.downtime_minutes).sum();
        let expected = weight(impact) * length as f64;
        prop_assert!((total - expected).abs() < 1e-6, "{total} != {expected}");
    }

    #[test]
    fn overlapping_incidents_never_count_a_minute_twice(
        spans in prop::collection::vec((0i64..20_000, 1i64..3_000), 1..20),
        zone in 0usize..ZONES.len(),
    ) {
        let zone = ZONES[zone];
        let incidents = spans.iter().enumerate()
            .map(|(n, &(s, l))| incident(n, s, l, Impact::Critical)).collect();
        let data = dataset(incidents);
        let history = History::new(&data, &zone, instant(YEAR), UptimeWeights::default());
        let (first, last) = whole_year(&zone);
        let total = history.uptime("api", first, last).downtime_minutes;
        let union = union_minutes(spans.iter().map(|&(s, l)| (s, s + l)).collect());
        prop_assert!((total - union as f64).abs() < 1e-6, "{total} != {union}");
    }
}
