//! What the readers of the vendors' JSON documents share: the document read into a
//! `serde_json::Value` (so that one bad record is one error and the others are still read), its
//! values read leniently with the path of each, and the downtime measured by checks.
//!
//! Records are read one by one from the `Value`: a record of the wrong shape is an error
//! [`Issue`] naming its path (`activeIncidents[1].started`), and the others are read.

// An `Issue` is built once per document that is not JSON, where its size does not matter.
#![allow(clippy::result_large_err)]

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::Value;

use crate::wire_time;
use candor_core::{Component, Dataset, Impact, RecordedDowntime};

use crate::{Issue, Records};

/// Reads a whole document as JSON; text that is not JSON is one error with its line and column.
pub(crate) fn parse(text: &str) -> Result<Value, Issue> {
    serde_json::from_str(text).map_err(|err| {
        Issue::error(format!("not JSON: {err}"))
            .at(Some(err.line()), Some(err.column()))
            .allowed("a JSON document")
    })
}

/// [`parse`], or the records holding only its error.
pub(crate) fn parse_or_records(text: &str, kind: &str) -> Result<Value, Records> {
    parse(text).map_err(|issue| Records {
        issues: vec![issue],
        kind: Some(kind.to_string()),
        ..Records::default()
    })
}

/// A short rendering of a value for an issue's `found`.
pub(crate) fn shown(value: &Value) -> String {
    cut(&value.to_string())
}

/// A value as written, cut to 60 characters, for an issue's `found`.
pub(crate) fn cut(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// The error for a time field whose value (`found`, as written) is not a time.
pub(crate) fn not_a_time(key: &str, path: impl std::fmt::Display, found: String) -> Issue {
    Issue::error(format!("`{key}` is not a time"))
        .field(format!("{path}.{key}"))
        .found(found)
        .allowed("an RFC 3339 time such as 2026-08-22T14:05:00Z, or YYYY-MM-DD HH:MM:SS (UTC)")
}

/// The error for a list (at `path`) that is not one: `found`, as written.
pub(crate) fn not_a_list(path: &str, found: String) -> Issue {
    Issue::error(format!("`{path}` is not a list: its records are not read"))
        .field(path)
        .found(found)
        .allowed("a JSON array")
}

/// The error for a record (at `path`) that is not an object: `found`, as written.
pub(crate) fn not_an_object(path: impl std::fmt::Display, found: String) -> Issue {
    Issue::error("a record that is not an object: left out")
        .field(path.to_string())
        .found(found)
        .allowed("a JSON object")
}

/// A string field, trimmed; absent, `null` or empty is `None`. A number is read as its digits
/// (ids are numbers in some APIs).
pub(crate) fn text(record: &Value, key: &str) -> Option<String> {
    match record.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An instant as the vendors write them: RFC 3339, or a date and time without a zone
/// (`2026-09-12 12:24:39.701`), read as UTC. `None` for anything else.
pub(crate) fn instant_text(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(at) = wire_time::parse_instant(text) {
        return Some(at);
    }
    // Without a zone: the fraction apart, the rest as `YYYY-MM-DD HH:MM[:SS]`.
    let (head, fraction) = match text.split_once('.') {
        Some((head, fraction)) => (head, Some(fraction)),
        None => (text, None),
    };
    let local = wire_time::parse_date_time(head)?;
    let nanos = match fraction {
        None => 0,
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            let digits: i64 = f.parse().ok()?;
            digits * 10i64.pow(9 - f.len() as u32)
        }
        Some(_) => return None,
    };
    Some(local.and_utc() + Duration::nanoseconds(nanos))
}

/// Whether a text is an instant without a zone (read as UTC by [`instant_text`]).
pub(crate) fn is_zoneless(text: &str) -> bool {
    wire_time::parse_instant(text.trim()).is_err() && instant_text(text).is_some()
}

/// An instant field: absent or `null` is `None`; a value that is not an instant is an error
/// issue at `path.key`, and `None`.
pub(crate) fn instant(
    record: &Value,
    key: &str,
    path: &str,
    issues: &mut Vec<Issue>,
) -> Option<DateTime<Utc>> {
    let value = record.get(key).filter(|v| !v.is_null())?;
    match value.as_str().and_then(instant_text) {
        Some(at) => Some(at),
        None => {
            issues.push(not_a_time(key, path, shown(value)));
            None
        }
    }
}

/// The records of a list, each with its index; a value that is not a list is one error, and
/// no records.
pub(crate) fn list<'a>(
    value: Option<&'a Value>,
    path: &str,
    issues: &mut Vec<Issue>,
) -> Vec<&'a Value> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => {
            issues.push(not_a_list(path, shown(other)));
            Vec::new()
        }
    }
}

/// The error for a record that is not an object.
pub(crate) fn not_a_record(path: &str, value: &Value) -> Issue {
    not_an_object(path, shown(value))
}

/// The impact of the worst status an incident gave a component, as Statuspage's own reading
/// does (major outage: critical, partial outage: major, degraded performance: minor).
pub(crate) fn impact_of(status: candor_core::ComponentStatus) -> Impact {
    use candor_core::ComponentStatus as S;
    match status {
        S::MajorOutage => Impact::Critical,
        S::PartialOutage => Impact::Major,
        S::DegradedPerformance => Impact::Minor,
        S::Operational | S::UnderMaintenance => Impact::None,
    }
}

/// One check of a monitor: when, and whether the service was down. `None`: neither (pending,
/// maintenance), which counts as neither uptime nor downtime.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Check {
    pub at: DateTime<Utc>,
    pub down: Option<bool>,
}

/// Records a monitor as a component observed from its first check to its last (after the last
/// nothing is known: a monitor down at every check is down for all the time its checks speak
/// for, not up after), its checks' downtime, and the data's coverage from its first check. A
/// component the data lists already keeps its place.
pub(crate) fn record_monitor(data: &mut Dataset, monitor: Component, checks: &mut [Check]) {
    let since = checks.iter().map(|c| c.at).min();
    let until = checks.iter().map(|c| c.at).max();
    data.recorded_downtime
        .extend(downtime_of_checks(&monitor.id, checks));
    if data.component(&monitor.id).is_none() {
        data.components.push(Component {
            since,
            until,
            position: Some(data.components.len() as i64),
            ..monitor
        });
    }
    data.covered_from = data.covered_from.into_iter().chain(since).min();
}

/// The longest a check speaks for: no monitor checks less often than daily, and a longer gap
/// (a monitor paused, a clock gone wrong) is not measured.
const CHECK_SPEAKS_FOR_HOURS: i64 = 24;

/// The downtime a monitor's checks measured, per UTC day: a check that found the service down
/// counts as down until the next check, for a day at most (the last one counts no time:
/// nothing says how long it lasted, and the readers end the monitor's observation there,
/// `Component::until`). Sorted by time first.
pub(crate) fn downtime_of_checks(component: &str, checks: &mut [Check]) -> Vec<RecordedDowntime> {
    candor_core::sort::sort_by_key(checks, |c| c.at);
    // Days in order: the checks are sorted, so a day is the last one or after it.
    let mut per_day: Vec<(NaiveDate, f64)> = Vec::new();
    let mut add = |day: NaiveDate, minutes: f64| match per_day.last_mut() {
        Some((last, m)) if *last == day => *m += minutes,
        Some((last, _)) if *last > day => {}
        _ => per_day.push((day, minutes)),
    };
    for (k, check) in checks.iter().enumerate() {
        add(check.at.date_naive(), 0.0);
        let Some(next) = checks.get(k + 1) else {
            continue;
        };
        if check.down != Some(true) {
            continue;
        }
        let until = next
            .at
            .min(check.at + Duration::hours(CHECK_SPEAKS_FOR_HOURS));
        let mut start = check.at;
        while start < until {
            let day = start.date_naive();
            let next_day = (day.succ_opt().and_then(|d| d.and_hms_opt(0, 0, 0)))
                .map_or(until, |t| t.and_utc());
            let end = until.min(next_day);
            add(day, (end - start).num_milliseconds() as f64 / 60_000.0);
            start = end;
        }
    }
    (per_day.into_iter())
        .map(|(date, minutes)| RecordedDowntime {
            component_id: component.to_string(),
            date,
            minutes,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        instant_text(text).expect("an instant")
    }

    #[test]
    fn times_without_a_zone_are_read_as_utc_with_their_fraction() {
        assert_eq!(
            at("2026-09-12 12:24:39.701"),
            at("2026-09-12T12:24:39.701Z")
        );
        assert_eq!(at("2026-09-12 11:26"), at("2026-09-12T11:26:00Z"));
        assert_eq!(at("2026-09-12T14:00:00+02:00"), at("2026-09-12T12:00:00Z"));
        assert!(instant_text("yesterday").is_none());
        assert!(instant_text("2026-09-12 12:24:39.x").is_none());
        assert!(is_zoneless("2026-09-12 12:24"));
        assert!(!is_zoneless("2026-09-12T12:24:00Z"));
    }

    #[test]
    fn a_down_check_counts_until_the_next_check_split_at_midnight() {
        let check = |t: &str, down: Option<bool>| Check { at: at(t), down };
        let mut checks = [
            check("2026-09-02 00:30", Some(false)),
            check("2026-09-01 23:50", Some(true)),
            check("2026-09-02 00:40", Some(true)),
            check("2026-09-02 00:50", None),
        ];
        let days = downtime_of_checks("api", &mut checks);
        let minutes: Vec<(String, f64)> = (days.iter())
            .map(|d| (d.date.to_string(), (d.minutes * 1000.0).round() / 1000.0))
            .collect();
        assert_eq!(
            minutes,
            [
                ("2026-09-01".to_string(), 10.0),
                ("2026-09-02".to_string(), 40.0)
            ]
        );
    }

    #[test]
    fn a_down_check_speaks_for_a_day_at_most_and_days_without_checks_are_not_observed() {
        let check = |t: &str, down: Option<bool>| Check { at: at(t), down };
        let mut checks = [
            check("0002-01-01 00:00", Some(true)),
            check("9999-12-31 00:00", Some(false)),
        ];
        let days = downtime_of_checks("api", &mut checks);
        let minutes: Vec<(String, f64)> = (days.iter())
            .map(|d| (d.date.to_string(), d.minutes))
            .collect();
        assert_eq!(
            minutes,
            [
                ("0002-01-01".to_string(), 1440.0),
                ("9999-12-31".to_string(), 0.0)
            ]
        );
    }
}
