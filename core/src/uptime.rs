//! Downtime and uptime: per day in the page's time zone, and over any period.
//!
//! Downtime is weighted the way Statuspage and Instatus weigh it: every major-outage minute
//! counts in full, every partial-outage minute counts 0.3; degraded performance and maintenance
//! are not downtime. The weights are settings ([`UptimeWeights`]). Uptime is measured against
//! the time actually observed: a day before a component's first data has no uptime at all
//! (not 100%), and today counts only up to `now`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::ComponentStatus;
use crate::timeline::StatusSpan;
use crate::zone::Zone;

/// How much one minute in each status counts as downtime, from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UptimeWeights {
    pub major_outage: f64,
    pub partial_outage: f64,
    pub degraded_performance: f64,
}

impl Default for UptimeWeights {
    fn default() -> Self {
        UptimeWeights {
            major_outage: 1.0,
            partial_outage: 0.3,
            degraded_performance: 0.0,
        }
    }
}

impl UptimeWeights {
    pub fn of(&self, status: ComponentStatus) -> f64 {
        match status {
            ComponentStatus::MajorOutage => self.major_outage,
            ComponentStatus::PartialOutage => self.partial_outage,
            ComponentStatus::DegradedPerformance => self.degraded_performance,
            ComponentStatus::Operational | ComponentStatus::UnderMaintenance => 0.0,
        }
    }
}

/// Downtime against observed time over some period.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Uptime {
    pub downtime_minutes: f64,
    pub observed_minutes: f64,
}

impl Uptime {
    /// `None` when nothing was observed: no data is not 100%.
    pub fn percent(&self) -> Option<f64> {
        (self.observed_minutes > 0.0).then(|| {
            (100.0 * (1.0 - self.downtime_minutes / self.observed_minutes)).clamp(0.0, 100.0)
        })
    }

    pub fn add(&mut self, other: Uptime) {
        self.downtime_minutes += other.downtime_minutes;
        self.observed_minutes += other.observed_minutes;
    }
}

/// One day of one component.
#[derive(Debug, Clone, PartialEq)]
pub struct DayUptime {
    pub date: NaiveDate,
    pub uptime: Uptime,
}

/// What is known about a component's history: its merged timeline and where its data begins.
#[derive(Debug, Clone, Copy)]
pub struct Observed<'a> {
    pub timeline: &'a [StatusSpan],
    /// The first instant with data; `None` when nothing at all is known.
    pub since: Option<DateTime<Utc>>,
    /// The last instant with data: the analysis time.
    pub now: DateTime<Utc>,
}

fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_milliseconds().max(0) as f64 / 60_000.0
}

impl Observed<'_> {
    /// Weighted downtime and observed time within `[from, to)`.
    pub fn over(&self, from: DateTime<Utc>, to: DateTime<Utc>, weights: &UptimeWeights) -> Uptime {
        let Some(since) = self.since else {
            return Uptime::default();
        };
        let from = from.max(since);
        let to = to.min(self.now);
        if from >= to {
            return Uptime::default();
        }
        let first = self.timeline.partition_point(|s| s.end <= from);
        let mut downtime = 0.0;
        for span in &self.timeline[first..] {
            if span.start >= to {
                break;
            }
            let weight = weights.of(span.status);
            if weight > 0.0 {
                downtime += weight * minutes(span.start.max(from), span.end.min(to));
            }
        }
        Uptime {
            downtime_minutes: downtime,
            observed_minutes: minutes(from, to),
        }
    }

    /// One entry per local day from `first` to `last`, both included.
    pub fn daily(
        &self,
        zone: &impl Zone,
        first: NaiveDate,
        last: NaiveDate,
        weights: &UptimeWeights,
    ) -> Vec<DayUptime> {
        first
            .iter_days()
            .take_while(|d| *d <= last)
            .filter_map(|date| {
                let (start, end) = (zone.start_of_day(date), zone.end_of_day(date));
                // A date the zone skipped (Samoa's 2011-12-30) is no day at all.
                (start < end).then(|| DayUptime {
                    date,
                    uptime: self.over(start, end, weights),
                })
            })
            .collect()
    }
}

/// How a day's bar is coloured, from its uptime. Shared by the widget, the badges and the post
/// so that a day looks the same everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayLevel {
    NoData,
    /// No downtime.
    None,
    /// Under 1% of the day down (about 14 minutes).
    Some,
    /// Under 5% of the day down (about 72 minutes).
    Partial,
    Major,
}

impl DayLevel {
    pub fn of(uptime_percent: Option<f64>) -> DayLevel {
        match uptime_percent {
            None => DayLevel::NoData,
            Some(p) if p >= 100.0 => DayLevel::None,
            Some(p) if p >= 99.0 => DayLevel::Some,
            Some(p) if p >= 95.0 => DayLevel::Partial,
            Some(_) => DayLevel::Major,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;
    use ComponentStatus::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("test instant")
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn span(a: &str, b: &str, status: ComponentStatus) -> StatusSpan {
        StatusSpan {
            start: t(a),
            end: t(b),
            status,
        }
    }

    #[test]
    fn partial_outage_counts_three_tenths() {
        let tl = [span(
            "2026-01-01T00:00:00Z",
            "2026-01-01T01:40:00Z",
            PartialOutage,
        )];
        let o = Observed {
            timeline: &tl,
            since: Some(t("2025-01-01T00:00:00Z")),
            now: t("2026-02-01T00:00:00Z"),
        };
        let u = o.over(
            t("2026-01-01T00:00:00Z"),
            t("2026-01-02T00:00:00Z"),
            &UptimeWeights::default(),
        );
        assert!((u.downtime_minutes - 30.0).abs() < 1e-9);
        assert_eq!(u.observed_minutes, 1440.0);
    }

    #[test]
    fn an_incident_across_midnight_splits_between_days() {
        let tl = [span(
            "2026-01-31T23:00:00Z",
            "2026-02-01T01:00:00Z",
            MajorOutage,
        )];
        let o = Observed {
            timeline: &tl,
            since: Some(t("2025-01-01T00:00:00Z")),
            now: t("2026-03-01T00:00:00Z"),
        };
        let days = o.daily(
            &Utc,
            d("2026-01-31"),
            d("2026-02-01"),
            &UptimeWeights::default(),
        );
        assert_eq!(days[0].uptime.downtime_minutes, 60.0);
        assert_eq!(days[1].uptime.downtime_minutes, 60.0);
    }

    #[test]
    fn a_dst_day_is_measured_against_its_own_length() {
        let tl = [span(
            "2026-03-29T10:00:00Z",
            "2026-03-29T11:00:00Z",
            MajorOutage,
        )];
        let o = Observed {
            timeline: &tl,
            since: Some(t("2025-01-01T00:00:00Z")),
            now: t("2026-04-01T00:00:00Z"),
        };
        let days = o.daily(
            &Berlin,
            d("2026-03-29"),
            d("2026-03-29"),
            &UptimeWeights::default(),
        );
        assert_eq!(days[0].uptime.observed_minutes, 23.0 * 60.0);
        let expected = 100.0 * (1.0 - 60.0 / (23.0 * 60.0));
        assert!((days[0].uptime.percent().expect("observed") - expected).abs() < 1e-9);
    }

    #[test]
    fn days_before_the_first_data_have_none() {
        let o = Observed {
            timeline: &[],
            since: Some(t("2026-01-02T12:00:00Z")),
            now: t("2026-01-03T06:00:00Z"),
        };
        let days = o.daily(
            &Utc,
            d("2026-01-01"),
            d("2026-01-04"),
            &UptimeWeights::default(),
        );
        let percents: Vec<_> = days.iter().map(|d| d.uptime.percent()).collect();
        assert_eq!(percents, [None, Some(100.0), Some(100.0), None]);
        assert_eq!(days[1].uptime.observed_minutes, 720.0);
        assert_eq!(days[2].uptime.observed_minutes, 360.0);
    }

    #[test]
    fn levels_bucket_by_uptime() {
        assert_eq!(DayLevel::of(None), DayLevel::NoData);
        assert_eq!(DayLevel::of(Some(100.0)), DayLevel::None);
        assert_eq!(DayLevel::of(Some(99.5)), DayLevel::Some);
        assert_eq!(DayLevel::of(Some(97.0)), DayLevel::Partial);
        assert_eq!(DayLevel::of(Some(50.0)), DayLevel::Major);
    }
}
