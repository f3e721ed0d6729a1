//! A page's history ready for questions: every component's timeline, where its data begins,
//! its uptime per day and over a period, its status now, and the page's overall status.
//!
//! [`History`] is built once per run from a [`Dataset`], a [`Zone`] and the analysis time, and
//! then answers the feed, the post and the widget alike, so they cannot disagree.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::id_index::IdIndex;
use crate::model::{Component, ComponentStatus, Dataset, Impact};
use crate::timeline::{self, StatusSpan, Timelines};
use crate::uptime::{DayUptime, Observed, Uptime, UptimeWeights};
use crate::zone::Zone;

/// The page's overall status, in Statuspage's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    None,
    Maintenance,
    Minor,
    Major,
    Critical,
}

impl Indicator {
    pub fn as_str(self) -> &'static str {
        match self {
            Indicator::None => "none",
            Indicator::Maintenance => "maintenance",
            Indicator::Minor => "minor",
            Indicator::Major => "major",
            Indicator::Critical => "critical",
        }
    }

    /// The words Statuspage shows for each indicator.
    pub fn description(self) -> &'static str {
        match self {
            Indicator::None => "All Systems Operational",
            Indicator::Maintenance => "Service Under Maintenance",
            Indicator::Minor => "Minor Service Outage",
            Indicator::Major => "Partial System Outage",
            Indicator::Critical => "Major System Outage",
        }
    }

    /// The status an open incident of this impact gives the page.
    pub fn of_impact(impact: Impact) -> Indicator {
        match impact {
            Impact::None => Indicator::None,
            Impact::Minor => Indicator::Minor,
            Impact::Major => Indicator::Major,
            Impact::Critical => Indicator::Critical,
        }
    }

    fn of_component(status: ComponentStatus) -> Indicator {
        match status {
            ComponentStatus::Operational => Indicator::None,
            ComponentStatus::UnderMaintenance => Indicator::Maintenance,
            ComponentStatus::DegradedPerformance => Indicator::Minor,
            ComponentStatus::PartialOutage => Indicator::Major,
            ComponentStatus::MajorOutage => Indicator::Critical,
        }
    }
}

/// The overall indicator and the sentence that goes with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverallStatus {
    pub indicator: Indicator,
    pub description: String,
}

/// A dataset analysed as of one instant, in one zone.
#[derive(Debug)]
pub struct History<'a, Z: Zone> {
    pub data: &'a Dataset,
    pub zone: &'a Z,
    pub now: DateTime<Utc>,
    pub weights: UptimeWeights,
    timelines: Timelines<'a>,
    recorded: Recorded<'a>,
    /// Where the data begins (see [`History::coverage_start`]).
    coverage_start: Option<DateTime<Utc>>,
    components: Vec<Component>,
    /// Set by [`History::for_days`]: the instants the timelines cover.
    days: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

/// Downtime that monitors recorded, summed per component and local day: a list sorted by both,
/// searched by bisection. (A monitor records a value a day per component: thousands, not
/// millions, and a hash map type costs the widget's wasm a kilobyte.)
#[derive(Debug)]
struct Recorded<'a>(Vec<((&'a str, NaiveDate), f64)>);

impl<'a> Recorded<'a> {
    fn new(data: &'a Dataset) -> Self {
        let mut list: Vec<((&str, NaiveDate), f64)> = data
            .recorded_downtime
            .iter()
            // `+ 0.0`: a recorded -0.0 counts as 0.0, as it did when the entries were summed.
            .map(|r| ((r.component_id.as_str(), r.date), r.minutes.max(0.0) + 0.0))
            .collect();
        crate::sort::sort_by(&mut list, |a, b| a.0.cmp(&b.0));
        // Entries for the same component and day add up.
        list.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
        Recorded(list)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn get(&self, component_id: &str, date: NaiveDate) -> Option<f64> {
        let k = self
            .0
            .binary_search_by(|(key, _)| key.cmp(&(component_id, date)))
            .ok()?;
        Some(self.0[k].1)
    }
}

impl<'a, Z: Zone> History<'a, Z> {
    pub fn new(data: &'a Dataset, zone: &'a Z, now: DateTime<Utc>, weights: UptimeWeights) -> Self {
        let timelines = timeline::component_timelines(data, now);
        Self::build(data, zone, now, weights, timelines, None)
    }

    /// A history that answers about the local days `first..=last` only: uptime and daily
    /// uptime within them, as [`History::new`] answers. Its timelines hold only the spans that
    /// touch those days, so it is cheap to build from a long history (a post about one month of
    /// three years); asking it about other days, or about the status now when now is outside
    /// them, is a mistake (checked in debug builds).
    pub fn for_days(
        data: &'a Dataset,
        zone: &'a Z,
        now: DateTime<Utc>,
        weights: UptimeWeights,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Self {
        let days = (zone.start_of_day(first), zone.end_of_day(last));
        let timelines = timeline::component_timelines_within(data, now, days.0, days.1);
        Self::build(data, zone, now, weights, timelines, Some(days))
    }

    fn build(
        data: &'a Dataset,
        zone: &'a Z,
        now: DateTime<Utc>,
        weights: UptimeWeights,
        timelines: Timelines<'a>,
        days: Option<(DateTime<Utc>, DateTime<Utc>)>,
    ) -> Self {
        let recorded = Recorded::new(data);
        let (components, first_start) = Self::list_components(data, now);
        let inferred = || {
            first_start
                .into_iter()
                .chain(data.maintenances.iter().map(|m| m.scheduled_for))
                .chain(
                    data.recorded_downtime
                        .iter()
                        .map(|r| zone.start_of_day(r.date)),
                )
                .filter(|t| *t <= now)
                .min()
        };
        let coverage_start = match data.covered_from {
            Some(declared) => (declared <= now).then_some(declared),
            None => inferred(),
        };
        History {
            components,
            data,
            zone,
            now,
            weights,
            timelines,
            recorded,
            coverage_start,
            days,
        }
    }

    /// Whether the timelines cover `[from, to)`.
    fn covers(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
        self.days
            .is_none_or(|(start, end)| start <= from && to <= end)
    }

    /// The components to show, in display order: those the data lists, then any that incidents
    /// name without the data listing them (named by their id).
    pub fn components(&self) -> Vec<Component> {
        self.components.clone()
    }

    /// What [`History::components`] returns, worked out once, and the earliest start of an
    /// incident by `now`: both read every incident, in one pass (at a million incidents each
    /// pass reads the whole model from memory).
    fn list_components(
        data: &Dataset,
        now: DateTime<Utc>,
    ) -> (Vec<Component>, Option<DateTime<Utc>>) {
        let mut list: Vec<Component> = data.components.clone();
        // An `IdIndex` and a sorted list rather than a hash set and a B-tree: in the widget's
        // wasm each map type is kilobytes of code.
        let mut listed: IdIndex<&str> = IdIndex::default();
        for c in &data.components {
            listed.insert(&c.id, 0);
        }
        let mut unknown: Vec<&str> = Vec::new();
        let mut first_start: Option<DateTime<Utc>> = None;
        for incident in &data.incidents {
            if incident.start <= now {
                first_start = Some(first_start.map_or(incident.start, |t| t.min(incident.start)));
            }
            for a in incident.components.iter() {
                if listed.get(&a.component_id).is_none() {
                    insert_sorted(&mut unknown, &a.component_id);
                }
            }
        }
        list.extend(unknown.into_iter().map(|id| Component::named(id, id)));
        // Stable: components without a position keep the order the data gave them.
        crate::sort::sort_by_key(&mut list, |c| c.position.unwrap_or(i64::MAX));
        (list, first_start)
    }

    /// The merged, non-operational spans of a component.
    pub fn timeline(&self, component_id: &str) -> &[StatusSpan] {
        self.timelines
            .get(component_id)
            .map_or(&[][..], |t| t.as_slice())
    }

    /// Where the data begins: where its source declares it begins
    /// ([`Dataset::covered_from`]), else the earliest instant anything in it speaks of (an
    /// incident's start, a maintenance, a recorded day). `None` when it covers no time up to
    /// now. Days and months before it have no data: not 100% uptime, not 0 incidents.
    pub fn coverage_start(&self) -> Option<DateTime<Utc>> {
        self.coverage_start
    }

    /// Where a component's data begins: when it was created (or first recorded), else the
    /// start of the data; never before the data's declared coverage, so that a component
    /// created years before a Statuspage page's 50-incident window has no data before it.
    pub fn since(&self, component_id: &str) -> Option<DateTime<Utc>> {
        let own = self.own_since(component_id);
        match self.data.covered_from {
            Some(_) => Some(own?.max(self.coverage_start?)),
            None => own,
        }
    }

    fn own_since(&self, component_id: &str) -> Option<DateTime<Utc>> {
        let created = self.data.component(component_id).and_then(|c| c.since);
        let first_recorded = self
            .data
            .recorded_downtime
            .iter()
            .filter(|r| r.component_id == component_id)
            .map(|r| self.zone.start_of_day(r.date))
            .min();
        match (created, first_recorded) {
            (Some(c), Some(r)) => Some(c.min(r)),
            (Some(c), None) => Some(c),
            (None, Some(r)) => Some(r),
            (None, None) => self.coverage_start,
        }
    }

    fn observed(&self, component_id: &str) -> Observed<'_> {
        // A component whose data ends (a monitor's last check) is observed until then.
        let until = self.data.component(component_id).and_then(|c| c.until);
        Observed {
            timeline: self.timeline(component_id),
            since: self.since(component_id),
            now: until.map_or(self.now, |until| until.min(self.now)),
        }
    }

    /// A component's uptime on each local day from `first` to `last`. Where a monitor recorded
    /// downtime for a day, the larger of it and the incidents' downtime counts: both describe
    /// the same outage, and adding them would count it twice.
    pub fn daily(&self, component_id: &str, first: NaiveDate, last: NaiveDate) -> Vec<DayUptime> {
        debug_assert!(
            first > last || self.covers(self.zone.start_of_day(first), self.zone.end_of_day(last)),
            "asked about days outside those the history was built for"
        );
        let mut days = self
            .observed(component_id)
            .daily(self.zone, first, last, &self.weights);
        if !self.recorded.is_empty() {
            for day in &mut days {
                if let Some(minutes) = self.recorded.get(component_id, day.date) {
                    let u = &mut day.uptime;
                    u.downtime_minutes = u.downtime_minutes.max(minutes.min(u.observed_minutes));
                }
            }
        }
        days
    }

    /// A component's uptime over the local days from `first` to `last`.
    pub fn uptime(&self, component_id: &str, first: NaiveDate, last: NaiveDate) -> Uptime {
        let mut total = Uptime::default();
        for day in self.daily(component_id, first, last) {
            total.add(day.uptime);
        }
        total
    }

    /// A component's status now: the worst of what its timeline says and what the source
    /// reported as its current status.
    pub fn current_status(&self, component_id: &str) -> ComponentStatus {
        // Open incidents last until `now`, so their spans end there: look just before it.
        let just_before = self.now - chrono::Duration::milliseconds(1);
        debug_assert!(
            self.covers(just_before, self.now),
            "asked about now, outside the days the history was built for"
        );
        let from_timeline = timeline::status_at(self.timeline(component_id), just_before);
        let reported = self
            .data
            .component(component_id)
            .and_then(|c| c.status)
            .unwrap_or_default();
        from_timeline.max(reported)
    }

    /// The page's status now: the worst of its open incidents and its components.
    pub fn overall_status(&self) -> OverallStatus {
        let from_incidents = self
            .data
            .incidents
            .iter()
            .filter(|i| i.is_open() && i.has_started_by(self.now))
            .map(|i| Indicator::of_impact(i.impact));
        let from_components = self
            .components()
            .iter()
            .map(|c| Indicator::of_component(self.current_status(&c.id)))
            .collect::<Vec<_>>();
        let indicator = from_incidents
            .chain(from_components)
            .max()
            .unwrap_or(Indicator::None);
        OverallStatus {
            indicator,
            description: indicator.description().to_string(),
        }
    }

    /// For each component that had any, in no set order, the ids of the incidents that touched
    /// it on each local day from `first` to `last`, newest incident first within a day. One
    /// pass over the incidents for every component: a feed asks about the same days for each.
    /// (A list searched by id, not a map, and a list per day, not a B-tree: a page has tens of
    /// components and a feed 90 days, and in the widget's wasm each map type costs kilobytes.)
    pub fn incidents_by_day(&self, first: NaiveDate, last: NaiveDate) -> Vec<IncidentDays<'a>> {
        let day_count = usize::try_from((last - first).num_days() + 1).unwrap_or(0);
        let index = |day: NaiveDate| usize::try_from((day - first).num_days()).ok();
        type Days<'i> = Vec<Vec<(&'i str, DateTime<Utc>)>>;
        let mut by_component: Vec<(&'a str, Days<'a>)> = Vec::new();
        // Incidents wholly outside the days are passed over before any time zone arithmetic:
        // a feed asks for 90 days of a history that may hold a million incidents.
        let window_start = self.zone.start_of_day(first);
        let window_end = self.zone.end_of_day(last);
        let data: &'a Dataset = self.data;
        for incident in &data.incidents {
            if incident.start >= window_end || incident.effective_end(self.now) < window_start {
                continue;
            }
            let from = self.zone.date_of(incident.start).max(first);
            let to = last_day_touched(self.zone, incident.start, incident.effective_end(self.now))
                .min(last);
            let (Some(from), Some(to)) = (index(from), index(to)) else {
                continue;
            };
            for (k, affected) in incident.components.iter().enumerate() {
                let id: &'a str = &affected.component_id;
                // A component listed twice is still touched once.
                if incident.components[..k]
                    .iter()
                    .any(|a| *a.component_id == *id)
                {
                    continue;
                }
                let k = match by_component.iter().position(|(c, _)| *c == id) {
                    Some(k) => k,
                    None => {
                        by_component.push((id, vec![Vec::new(); day_count]));
                        by_component.len() - 1
                    }
                };
                for day in by_component[k].1.iter_mut().take(to + 1).skip(from) {
                    day.push((incident.id.as_str(), incident.start));
                }
            }
        }
        by_component
            .into_iter()
            .map(|(component, days)| IncidentDays {
                component,
                first,
                days: days
                    .into_iter()
                    .map(|mut ids| {
                        crate::sort::sort_by(&mut ids, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                        ids.into_iter().map(|(id, _)| id).collect()
                    })
                    .collect(),
            })
            .collect()
    }
}

/// The last local day a span from `start` to `end` touches: the day of its last instant, so
/// that an incident ending exactly at midnight is not listed on the day that midnight begins
/// (a span of no time touches the day it is in).
fn last_day_touched(zone: &impl Zone, start: DateTime<Utc>, end: DateTime<Utc>) -> NaiveDate {
    let day = zone.date_of(end);
    if end > start && zone.start_of_day(day) == end {
        zone.date_of(end - chrono::Duration::nanoseconds(1))
    } else {
        day
    }
}

/// The incidents that touched one component on each day of a range (what
/// [`History::incidents_by_day`] answers for each component).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentDays<'a> {
    pub component: &'a str,
    first: NaiveDate,
    /// The ids for each day from `first`, newest incident first.
    days: Vec<Vec<&'a str>>,
}

impl<'a> IncidentDays<'a> {
    /// The ids of the incidents that touched the component on `day`, newest first; `None` when
    /// none did or the day is outside the range.
    pub fn get(&self, day: NaiveDate) -> Option<&[&'a str]> {
        let i = usize::try_from((day - self.first).num_days()).ok()?;
        self.days
            .get(i)
            .map(Vec::as_slice)
            .filter(|ids| !ids.is_empty())
    }

    /// The days on which any incident touched the component, in order, with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (NaiveDate, &[&'a str])> + '_ {
        (self.first.iter_days().zip(&self.days))
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(day, ids)| (day, ids.as_slice()))
    }
}

/// Adds `id` to a sorted list of ids unless it is there already.
fn insert_sorted<'a>(ids: &mut Vec<&'a str>, id: &'a str) {
    if let Err(at) = ids.binary_search(&id) {
        ids.insert(at, id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Incident, RecordedDowntime, UpdateStatus};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("test instant")
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn incident(id: &str, start: &str, end: Option<&str>, impact: Impact, comp: &str) -> Incident {
        Incident {
            status: UpdateStatus::Investigating,
            ..Incident::new(id, impact, t(start), end.map(t)).affecting(&[comp])
        }
    }

    #[test]
    fn open_incident_sets_the_overall_status() {
        let data = Dataset {
            incidents: vec![
                incident("a", "2026-01-01T00:00:00Z", None, Impact::Major, "api"),
                incident(
                    "b",
                    "2025-12-01T00:00:00Z",
                    Some("2025-12-01T01:00:00Z"),
                    Impact::Critical,
                    "api",
                ),
            ],
            ..Dataset::default()
        };
        let h = History::new(
            &data,
            &Utc,
            t("2026-01-01T06:00:00Z"),
            UptimeWeights::default(),
        );
        let s = h.overall_status();
        assert_eq!(s.indicator, Indicator::Major);
        assert_eq!(h.current_status("api"), ComponentStatus::PartialOutage);
        assert_eq!(h.components()[0].id, "api");
    }

    #[test]
    fn recorded_downtime_is_not_added_to_incident_downtime() {
        let data = Dataset {
            incidents: vec![incident(
                "a",
                "2026-01-01T00:00:00Z",
                Some("2026-01-01T01:00:00Z"),
                Impact::Critical,
                "api",
            )],
            recorded_downtime: vec![
                RecordedDowntime {
                    component_id: "api".into(),
                    date: d("2026-01-01"),
                    minutes: 45.0,
                },
                RecordedDowntime {
                    component_id: "api".into(),
                    date: d("2026-01-02"),
                    minutes: 10.0,
                },
            ],
            ..Dataset::default()
        };
        let h = History::new(
            &data,
            &Utc,
            t("2026-02-01T00:00:00Z"),
            UptimeWeights::default(),
        );
        let days = h.daily("api", d("2026-01-01"), d("2026-01-02"));
        assert_eq!(days[0].uptime.downtime_minutes, 60.0);
        assert_eq!(days[1].uptime.downtime_minutes, 10.0);
    }

    #[test]
    fn recorded_downtime_of_one_day_adds_up_whatever_the_order() {
        let entry = |id: &str, date: &str, minutes: f64| RecordedDowntime {
            component_id: id.into(),
            date: d(date),
            minutes,
        };
        let data = Dataset {
            recorded_downtime: vec![
                entry("web", "2026-01-02", 5.0),
                entry("api", "2026-01-02", 20.0),
                entry("api", "2026-01-01", 3.0),
                entry("api", "2026-01-02", 15.0),
                entry("api", "2026-01-02", -4.0),
            ],
            ..Dataset::default()
        };
        let h = History::new(
            &data,
            &Utc,
            t("2026-02-01T00:00:00Z"),
            UptimeWeights::default(),
        );
        let minutes = |id| {
            h.daily(id, d("2026-01-01"), d("2026-01-03"))
                .iter()
                .map(|day| day.uptime.downtime_minutes)
                .collect::<Vec<_>>()
        };
        assert_eq!(minutes("api"), [3.0, 35.0, 0.0]);
        assert_eq!(minutes("web"), [0.0, 5.0, 0.0]);
    }

    #[test]
    fn incidents_are_listed_on_every_day_they_touch() {
        let data = Dataset {
            incidents: vec![incident(
                "a",
                "2026-01-31T22:00:00Z",
                Some("2026-02-02T01:00:00Z"),
                Impact::Minor,
                "api",
            )],
            ..Dataset::default()
        };
        let h = History::new(
            &data,
            &Utc,
            t("2026-03-01T00:00:00Z"),
            UptimeWeights::default(),
        );
        let all = h.incidents_by_day(d("2026-01-30"), d("2026-02-05"));
        let by_day = of(&all, "api");
        assert_eq!(
            by_day
                .iter()
                .map(|(d, _)| d.to_string())
                .collect::<Vec<_>>(),
            ["2026-01-31", "2026-02-01", "2026-02-02"]
        );
    }

    /// What a history for some days reads of the data: the incidents touching them, and the
    /// earliest one (where the data begins). `report-gen post` keeps only those whole.
    #[test]
    fn a_history_for_some_days_needs_only_their_incidents_and_the_first_one() {
        let closed =
            |id: &str, start: &str, end: &str| incident(id, start, Some(end), Impact::Major, "api");
        let (early, inside, later) = (
            closed("early", "2026-06-10T00:00:00Z", "2026-06-10T01:00:00Z"),
            closed("in", "2026-08-03T00:00:00Z", "2026-08-03T06:00:00Z"),
            closed("later", "2026-09-20T00:00:00Z", "2026-09-20T01:00:00Z"),
        );
        let with = |incidents: Vec<Incident>| Dataset {
            components: vec![Component::named("api", "api")],
            incidents,
            ..Dataset::default()
        };
        let all = with(vec![early.clone(), inside.clone(), later]);
        let kept = with(vec![early, inside.clone()]);
        let now = t("2026-10-01T00:00:00Z");
        let (first, last) = (d("2026-08-01"), d("2026-08-31"));
        let for_days =
            |data| History::for_days(data, &Utc, now, UptimeWeights::default(), first, last);
        let whole = History::new(&all, &Utc, now, UptimeWeights::default());
        let window = for_days(&kept);
        assert_eq!(window.since("api"), Some(t("2026-06-10T00:00:00Z")));
        assert_eq!(window.since("api"), whole.since("api"));
        assert_eq!(window.coverage_start(), whole.coverage_start());
        assert_eq!(
            window.uptime("api", first, last),
            whole.uptime("api", first, last)
        );
        // Without the first incident the data would begin in August.
        let alone = with(vec![inside]);
        assert_eq!(
            for_days(&alone).since("api"),
            Some(t("2026-08-03T00:00:00Z"))
        );
    }

    /// One component's days in what `incidents_by_day` returns.
    fn of<'m>(all: &'m [IncidentDays<'m>], component: &str) -> &'m IncidentDays<'m> {
        all.iter()
            .find(|c| c.component == component)
            .expect("component")
    }

    /// Every component's days come out of the one pass, for whatever days are asked.
    #[test]
    fn a_date_the_zone_skipped_is_no_day() {
        // Samoa moved across the date line: 2011-12-29 was followed by 2011-12-31.
        let data = Dataset {
            incidents: vec![incident(
                "a",
                "2011-12-20T00:00:00Z",
                Some("2011-12-20T01:00:00Z"),
                Impact::Minor,
                "api",
            )],
            ..Dataset::default()
        };
        let zone = chrono_tz::Pacific::Apia;
        let now = t("2012-01-05T00:00:00Z");
        let h = History::new(&data, &zone, now, UptimeWeights::default());
        let dates: Vec<String> = (h.daily("api", d("2011-12-28"), d("2012-01-01")).iter())
            .map(|day| day.date.to_string())
            .collect();
        assert_eq!(
            dates,
            ["2011-12-28", "2011-12-29", "2011-12-31", "2012-01-01"]
        );
    }

    #[test]
    fn an_incident_ending_at_local_midnight_is_not_listed_on_the_next_day() {
        // 23:00 to 00:00 in Berlin (UTC+1 in January): one day, not two.
        let data = Dataset {
            incidents: vec![incident(
                "a",
                "2026-01-09T22:00:00Z",
                Some("2026-01-09T23:00:00Z"),
                Impact::Minor,
                "api",
            )],
            ..Dataset::default()
        };
        let zone = chrono_tz::Europe::Berlin;
        let now = t("2026-01-12T00:00:00Z");
        let h = History::new(&data, &zone, now, UptimeWeights::default());
        let days = h.incidents_by_day(d("2026-01-08"), d("2026-01-11"));
        let listed: Vec<String> = of(&days, "api")
            .iter()
            .map(|(day, _)| day.to_string())
            .collect();
        assert_eq!(listed, ["2026-01-09"]);
    }

    #[test]
    fn incidents_by_day_answers_the_same_whatever_was_asked_before() {
        let data = Dataset {
            incidents: vec![
                incident(
                    "a",
                    "2026-01-31T22:00:00Z",
                    Some("2026-02-02T01:00:00Z"),
                    Impact::Minor,
                    "api",
                ),
                incident("b", "2026-02-01T08:00:00Z", None, Impact::Major, "web"),
                incident(
                    "c",
                    "2026-01-10T08:00:00Z",
                    Some("2026-01-10T09:00:00Z"),
                    Impact::Major,
                    "web",
                ),
                incident(
                    "d",
                    "2026-02-01T09:00:00Z",
                    Some("2026-02-01T10:00:00Z"),
                    Impact::Minor,
                    "api",
                ),
            ],
            ..Dataset::default()
        };
        let now = t("2026-02-03T00:00:00Z");
        let asked = History::new(&data, &Utc, now, UptimeWeights::default());
        let days = (d("2026-01-30"), d("2026-02-05"));
        let other = (d("2026-01-01"), d("2026-01-31"));
        let in_days = asked.incidents_by_day(days.0, days.1);
        let api: Vec<(String, Vec<&str>)> = of(&in_days, "api")
            .iter()
            .map(|(day, ids)| (day.to_string(), ids.to_vec()))
            .collect();
        assert_eq!(
            api,
            [
                ("2026-01-31".to_string(), vec!["a"]),
                ("2026-02-01".to_string(), vec!["d", "a"]),
                ("2026-02-02".to_string(), vec!["a"]),
            ]
        );
        let web = of(&in_days, "web");
        assert_eq!(web.get(d("2026-02-02")).map(<[_]>::len), Some(1));
        assert_eq!(
            of(&asked.incidents_by_day(other.0, other.1), "web")
                .iter()
                .count(),
            1
        );
    }
}
