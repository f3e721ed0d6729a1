//! Incidents per month, by impact and by cause; a month's rank in a window; time to resolve.
//!
//! An incident belongs to the month of its start in the page's time zone. Maintenance is never
//! an incident and is not counted here.

use chrono::DateTime;
use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::model::{Cause, Impact, Incident, YearMonth};
use crate::zone::Zone;

/// Incidents counted by impact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactCounts {
    pub none: usize,
    pub minor: usize,
    pub major: usize,
    pub critical: usize,
}

impl ImpactCounts {
    pub fn add(&mut self, impact: Impact) {
        *self.get_mut(impact) += 1;
    }

    pub fn get(&self, impact: Impact) -> usize {
        match impact {
            Impact::None => self.none,
            Impact::Minor => self.minor,
            Impact::Major => self.major,
            Impact::Critical => self.critical,
        }
    }

    fn get_mut(&mut self, impact: Impact) -> &mut usize {
        match impact {
            Impact::None => &mut self.none,
            Impact::Minor => &mut self.minor,
            Impact::Major => &mut self.major,
            Impact::Critical => &mut self.critical,
        }
    }

    pub fn total(&self) -> usize {
        self.none + self.minor + self.major + self.critical
    }
}

/// Incidents counted by cause.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CauseCounts {
    pub internal: usize,
    pub external: usize,
    pub unknown: usize,
}

impl CauseCounts {
    pub fn add(&mut self, cause: Cause) {
        match cause {
            Cause::Internal => self.internal += 1,
            Cause::External => self.external += 1,
            Cause::Unknown => self.unknown += 1,
        }
    }

    pub fn get(&self, cause: Cause) -> usize {
        match cause {
            Cause::Internal => self.internal,
            Cause::External => self.external,
            Cause::Unknown => self.unknown,
        }
    }
}

/// One month's incidents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    pub month: YearMonth,
    pub count: usize,
    pub by_impact: ImpactCounts,
    pub by_cause: CauseCounts,
}

/// The month an incident is counted in.
pub fn month_of(incident: &Incident, zone: &impl Zone) -> YearMonth {
    zone.month_of(incident.start)
}

/// What [`monthly_counts`] counts of an incident: when it started, how bad it was, and why.
/// A caller that keeps only this of some incidents (`report-gen post`, of those far from its
/// months) counts them alongside the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub start: DateTime<Utc>,
    pub impact: Impact,
    pub cause: Cause,
}

impl Counted {
    #[inline]
    pub fn of(incident: &Incident) -> Counted {
        Counted {
            start: incident.start,
            impact: incident.impact,
            cause: incident.cause,
        }
    }
}

/// Counts for each of `months` (which must be sorted), months without incidents as zero.
/// Incidents outside the months are ignored. Linear in the number of incidents.
pub fn monthly_counts(
    incidents: impl IntoIterator<Item = Counted>,
    zone: &impl Zone,
    months: &[YearMonth],
) -> Vec<MonthCount> {
    let mut counts: Vec<MonthCount> = months
        .iter()
        .map(|&month| MonthCount {
            month,
            count: 0,
            by_impact: ImpactCounts::default(),
            by_cause: CauseCounts::default(),
        })
        .collect();
    // Incidents mostly come in time order: while they stay in the month of the one before,
    // the zone (a time zone database lookup) need not be asked again.
    let mut current: Option<(DateTime<Utc>, DateTime<Utc>, YearMonth)> = None;
    for incident in incidents {
        let month = match current {
            Some((from, to, month)) if from <= incident.start && incident.start < to => month,
            _ => {
                let month = zone.month_of(incident.start);
                let from = zone.start_of_month(month);
                let to = zone.start_of_month(month.next());
                // Only trusted when the zone agrees the instant is inside its own month.
                current =
                    (from <= incident.start && incident.start < to).then_some((from, to, month));
                month
            }
        };
        // Found by bisection in the sorted months, not in a hash map: as fast for a window of
        // months, and no hash table's code in the widget's wasm.
        if let Ok(i) = months.binary_search(&month) {
            let c = &mut counts[i];
            c.count += 1;
            c.by_impact.add(incident.impact);
            c.by_cause.add(incident.cause);
        }
    }
    counts
}

/// The part of a month the data covers: from where the data begins (or the month's start) to
/// `now` (or the month's end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthCoverage {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The data covers less than the whole month: it begins inside it, or the month had not
    /// ended by `now`. Its count is of that part only.
    pub partial: bool,
}

/// How much of `month` the data covers, given where it begins (`History::coverage_start`) and
/// the analysis time. `None` when it covers none of it: the month ended before the data
/// begins, or begins after `now`. Such a month has no data: no count, not 0 incidents.
pub fn month_coverage(
    zone: &impl Zone,
    month: YearMonth,
    coverage_start: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<MonthCoverage> {
    let (start, end) = (
        zone.start_of_month(month),
        zone.start_of_month(month.next()),
    );
    let from = start.max(coverage_start?);
    let to = end.min(now);
    (from < to).then_some(MonthCoverage {
        from,
        to,
        partial: from > start || to < end,
    })
}

/// A month's rank in a window: 1 + the number of months in the window with strictly more
/// incidents. `None` when the month is not in the window.
pub fn rank_in_window(counts: &[MonthCount], month: YearMonth) -> Option<usize> {
    let own = counts.iter().find(|c| c.month == month)?.count;
    Some(1 + counts.iter().filter(|c| c.count > own).count())
}

/// How long incidents took to resolve, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ResolveTimes {
    /// How many resolved incidents the figures are computed from.
    pub resolved: usize,
    /// The middle value; the mean of the two middle values for an even count.
    pub median: f64,
    /// The nearest-rank 90th percentile: the smallest value at least 90% of values are under or at.
    pub p90: f64,
    pub max: f64,
}

/// Time to resolve over the resolved incidents; open ones are not counted. `None` when none is
/// resolved.
pub fn time_to_resolve<'a>(
    incidents: impl IntoIterator<Item = &'a Incident>,
) -> Option<ResolveTimes> {
    let mut minutes: Vec<f64> = incidents.into_iter().filter_map(resolve_minutes).collect();
    if minutes.is_empty() {
        return None;
    }
    crate::sort::sort_by(&mut minutes, f64::total_cmp);
    let n = minutes.len();
    let median = if n % 2 == 1 {
        minutes[n / 2]
    } else {
        (minutes[n / 2 - 1] + minutes[n / 2]) / 2.0
    };
    let rank = (0.9 * n as f64).ceil() as usize;
    let p90 = minutes[rank.clamp(1, n) - 1];
    Some(ResolveTimes {
        resolved: n,
        median,
        p90,
        max: minutes[n - 1],
    })
}

/// Minutes from an incident's start to its end; `None` while it is open.
pub fn resolve_minutes(incident: &Incident) -> Option<f64> {
    let end = incident.end?;
    Some(duration_minutes(incident.start, end))
}

/// Whole-history duration in minutes, never negative.
pub fn duration_minutes(start: DateTime<Utc>, end: DateTime<Utc>) -> f64 {
    (end - start).num_seconds().max(0) as f64 / 60.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UpdateStatus;
    use chrono_tz::America::Los_Angeles;

    fn incident(start: &str, minutes: Option<i64>, impact: Impact) -> Incident {
        let start: DateTime<Utc> = start.parse().expect("test instant");
        let end = minutes.map(|m| start + chrono::Duration::minutes(m));
        Incident {
            title: "x".into(),
            status: UpdateStatus::Resolved,
            ..Incident::new(&start.to_rfc3339(), impact, start, end)
        }
    }

    fn ym(s: &str) -> YearMonth {
        s.parse().expect("test month")
    }

    #[test]
    fn months_are_counted_in_the_page_zone() {
        // 05:00 UTC on 1 September is still 31 August in Los Angeles.
        let incidents = [incident("2026-09-01T05:00:00Z", Some(10), Impact::Major)];
        let months = [ym("2026-08"), ym("2026-09")];
        let utc = monthly_counts(incidents.iter().map(Counted::of), &Utc, &months);
        let la = monthly_counts(incidents.iter().map(Counted::of), &Los_Angeles, &months);
        assert_eq!((utc[0].count, utc[1].count), (0, 1));
        assert_eq!((la[0].count, la[1].count), (1, 0));
        assert_eq!(la[0].by_impact.major, 1);
    }

    #[test]
    fn rank_counts_months_with_strictly_more() {
        let incidents: Vec<_> = [
            "2026-01-05T00:00:00Z",
            "2026-01-06T00:00:00Z",
            "2026-02-05T00:00:00Z",
            "2026-02-06T00:00:00Z",
            "2026-03-05T00:00:00Z",
        ]
        .iter()
        .map(|s| incident(s, Some(1), Impact::Minor))
        .collect();
        let months = ym("2026-01").through(ym("2026-04"));
        let counts = monthly_counts(incidents.iter().map(Counted::of), &Utc, &months);
        assert_eq!(rank_in_window(&counts, ym("2026-01")), Some(1));
        assert_eq!(rank_in_window(&counts, ym("2026-02")), Some(1));
        assert_eq!(rank_in_window(&counts, ym("2026-03")), Some(3));
        assert_eq!(rank_in_window(&counts, ym("2026-04")), Some(4));
        assert_eq!(rank_in_window(&counts, ym("2025-04")), None);
    }

    #[test]
    fn what_is_counted_of_an_incident_counts_as_the_incident() {
        let incidents: Vec<_> = [
            ("2026-01-31T23:30:00Z", Impact::Minor),
            ("2026-02-01T00:30:00Z", Impact::Major),
            ("2026-02-28T23:30:00Z", Impact::Critical),
        ]
        .iter()
        .map(|(s, impact)| Incident {
            cause: Cause::External,
            ..incident(s, Some(5), *impact)
        })
        .collect();
        let counted: Vec<Counted> = incidents.iter().map(Counted::of).collect();
        assert_eq!(counted[1].impact, Impact::Major);
        assert_eq!(counted[1].cause, Cause::External);
        let months = ym("2026-01").through(ym("2026-03"));
        let counts = monthly_counts(counted.iter().copied(), &Los_Angeles, &months);
        let by_month: Vec<usize> = counts.iter().map(|c| c.count).collect();
        assert_eq!(by_month, [2, 1, 0], "months in Los Angeles");
        assert_eq!(counts[0].by_cause.external, 2);
    }

    #[test]
    fn months_outside_the_data_have_no_coverage_and_its_edges_are_partial() {
        let t = |s: &str| -> DateTime<Utc> { s.parse().expect("test instant") };
        let now = t("2026-09-10T00:00:00Z");
        let begins = t("2026-07-31T23:55:00Z");
        let of = |m: &str| month_coverage(&Utc, ym(m), Some(begins), now);
        assert_eq!(of("2026-06"), None, "before the data");
        let july = of("2026-07").expect("five minutes of July");
        assert_eq!(
            (july.from, july.to, july.partial),
            (begins, t("2026-08-01T00:00:00Z"), true)
        );
        assert_eq!(of("2026-08").map(|c| c.partial), Some(false));
        let september = of("2026-09").expect("up to now");
        assert_eq!((september.to, september.partial), (now, true));
        assert_eq!(of("2026-10"), None, "after now");
        assert_eq!(
            month_coverage(&Utc, ym("2026-08"), None, now),
            None,
            "no data at all"
        );
    }

    #[test]
    fn resolve_times_skip_open_incidents() {
        let incidents: Vec<_> = [Some(10), Some(20), Some(30), Some(40), None]
            .into_iter()
            .map(|m| incident("2026-01-01T00:00:00Z", m, Impact::Minor))
            .collect();
        let r = time_to_resolve(&incidents).expect("some resolved");
        assert_eq!(r.resolved, 4);
        assert_eq!(r.median, 25.0);
        assert_eq!(r.p90, 40.0);
        assert_eq!(r.max, 40.0);
        assert_eq!(time_to_resolve(&incidents[4..]), None);
    }
}
