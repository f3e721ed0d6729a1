//! Each component's status over time: what incidents and maintenances did to it, worst first.
//!
//! An incident says how it hurt a component in one of two ways. Where its updates carry status
//! transitions (Statuspage's `affected_components`), those are used as published. Otherwise the
//! incident's impact holds on each affected component from its start to its end. Where several
//! incidents cover the same instant, the worst status wins, so no minute is counted twice.

use chrono::{DateTime, Utc};

use crate::id_index::IdIndex;
use crate::model::{ComponentStatus, Dataset, Incident, Maintenance};

/// A half-open interval `[start, end)` during which a component was in `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusSpan {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub status: ComponentStatus,
}

/// The non-operational spans of one component, sorted, never overlapping.
pub type Timeline = Vec<StatusSpan>;

/// The spans one incident puts on each component it affected, before any merging.
/// An open incident lasts until `now`.
pub fn incident_spans(incident: &Incident, now: DateTime<Utc>) -> Vec<(&str, StatusSpan)> {
    let mut spans = Vec::new();
    for_each_incident_span(incident, now, |id, span| spans.push((id, span)));
    spans
}

/// What [`incident_spans`] returns, handed over one at a time: the timelines of a million
/// incidents are built without a vector per incident.
fn for_each_incident_span<'a>(
    incident: &'a Incident,
    now: DateTime<Utc>,
    mut span: impl FnMut(&'a str, StatusSpan),
) {
    let start = incident.start;
    let end = incident.effective_end(now);
    if end <= start {
        return;
    }
    for affected in incident.components.iter() {
        let id = &*affected.component_id;
        if affected.transitions.is_empty() {
            let status = incident.impact.component_status();
            if status != ComponentStatus::Operational {
                span(id, StatusSpan { start, end, status });
            }
            continue;
        }
        let mut changes = affected.transitions.clone();
        crate::sort::sort_by_key(&mut changes, |c| c.at);
        for (i, change) in changes.iter().enumerate() {
            let from = change.at.clamp(start, end);
            let to = changes
                .get(i + 1)
                .map_or(end, |next| next.at.clamp(start, end));
            if from < to && change.status != ComponentStatus::Operational {
                span(
                    id,
                    StatusSpan {
                        start: from,
                        end: to,
                        status: change.status,
                    },
                );
            }
        }
    }
}

/// The spans a maintenance puts its components under, as far as it has happened by `now`.
/// A maintenance scheduled for later has none yet.
pub fn maintenance_spans(maintenance: &Maintenance, now: DateTime<Utc>) -> Vec<(&str, StatusSpan)> {
    let start = maintenance.scheduled_for;
    let end = maintenance.scheduled_until.unwrap_or(now).min(now);
    if end <= start {
        return Vec::new();
    }
    maintenance
        .component_ids
        .iter()
        .map(|id| {
            (
                id.as_str(),
                StatusSpan {
                    start,
                    end,
                    status: ComponentStatus::UnderMaintenance,
                },
            )
        })
        .collect()
}

/// Merges possibly overlapping spans into sorted, disjoint spans where, at each instant, the
/// worst status of any span covering it wins. Adjacent spans of the same status are joined.
pub fn merge_worst(mut spans: Vec<StatusSpan>) -> Timeline {
    spans.retain(|s| s.start < s.end && s.status != ComponentStatus::Operational);
    if spans.is_empty() {
        return Vec::new();
    }
    // A sweep over start and end events, keeping how many spans of each status are open.
    // Starts and ends are sorted apart and then merged: incidents mostly come in time order, so
    // each list is nearly sorted already and sorts in about linear time, where sorting them
    // interleaved was the largest cost of a million-incident history. Events at the same
    // instant are applied together, so their order among themselves does not matter.
    let mut starts: Vec<(DateTime<Utc>, ComponentStatus)> =
        spans.iter().map(|s| (s.start, s.status)).collect();
    let mut ends: Vec<(DateTime<Utc>, ComponentStatus)> =
        spans.iter().map(|s| (s.end, s.status)).collect();
    drop(spans);
    crate::sort::sort_by_key(&mut starts, |e| e.0);
    crate::sort::sort_by_key(&mut ends, |e| e.0);
    let mut events: Vec<(DateTime<Utc>, ComponentStatus, i32)> =
        Vec::with_capacity(starts.len() * 2);
    let (mut s, mut e) = (starts.iter().peekable(), ends.iter().peekable());
    loop {
        let next = match (s.peek(), e.peek()) {
            (Some(a), Some(b)) if a.0 <= b.0 => s.next().map(|&(at, st)| (at, st, 1)),
            (_, Some(_)) => e.next().map(|&(at, st)| (at, st, -1)),
            (Some(_), None) => s.next().map(|&(at, st)| (at, st, 1)),
            (None, None) => None,
        };
        let Some(event) = next else { break };
        events.push(event);
    }
    drop((starts, ends));
    let mut open = [0i32; ComponentStatus::ALL.len()];
    let mut merged: Timeline = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let at = events[i].0;
        while i < events.len() && events[i].0 == at {
            open[events[i].1 as usize] += events[i].2;
            i += 1;
        }
        let Some(&(next_at, _, _)) = events.get(i) else {
            break;
        };
        let worst = ComponentStatus::ALL
            .iter()
            .rev()
            .find(|s| open[**s as usize] > 0)
            .copied();
        let Some(status) = worst.filter(|s| *s != ComponentStatus::Operational) else {
            continue;
        };
        match merged.last_mut() {
            Some(last) if last.end == at && last.status == status => last.end = next_at,
            _ => merged.push(StatusSpan {
                start: at,
                end: next_at,
                status,
            }),
        }
    }
    merged
}

/// Every component's merged timeline, keyed by component id. Components that nothing ever
/// affected have no entry.
pub fn component_timelines(data: &Dataset, now: DateTime<Utc>) -> Timelines<'_> {
    timelines_of(data.incidents.iter(), &data.maintenances, now)
}

/// [`component_timelines`] as far as it covers `[from, to)`: only the incidents that touch it
/// are merged (an incident's spans lie between its start and its effective end, so the others
/// cannot cover an instant inside). Every instant inside has the status the whole timeline
/// gives it, and so has every figure of a period inside; the merged spans may end differently
/// outside it. A post about one month of a million incidents merges the month's spans, not
/// three years of them.
pub fn component_timelines_within(
    data: &Dataset,
    now: DateTime<Utc>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Timelines<'_> {
    // Kept, so that gathering the spans reads the few incidents of the period, not every
    // incident of the data again.
    let touching: Vec<&Incident> = (data.incidents.iter())
        .filter(move |i| i.start < to && i.effective_end(now) > from)
        .collect();
    timelines_of(touching.into_iter(), &data.maintenances, now)
}

fn timelines_of<'a>(
    incidents: impl Iterator<Item = &'a Incident> + Clone,
    maintenances: &'a [Maintenance],
    now: DateTime<Utc>,
) -> Timelines<'a> {
    // Looked up by id while spans are gathered (a million incidents name a few components
    // over and over), then merged in place: the same index finds them. Counted first, so that each component's
    // list is allocated once at its size: grown by doubling, the lists of a million incidents
    // held up to twice their 35 MB, and were copied on the way.
    let mut raw = SpansById::default();
    // The widget (wasm) reads a few hundred incidents, where growing costs nothing and every
    // byte of code counts: it skips the counting pass (the result is the same either way).
    if !cfg!(target_arch = "wasm32") {
        for incident in incidents.clone() {
            for_each_incident_span(incident, now, |id, _| raw.count(id));
        }
        raw.reserve_counted();
    }
    for incident in incidents {
        for_each_incident_span(incident, now, |id, span| raw.add(id, span));
    }
    for maintenance in maintenances {
        for (id, span) in maintenance_spans(maintenance, now) {
            raw.add(id, span);
        }
    }
    Timelines {
        slot: raw.slot,
        merged: raw.spans.into_iter().map(merge_worst).collect(),
    }
}

/// Components' merged timelines, found by id through the index their spans were gathered with.
#[derive(Debug, Default)]
pub struct Timelines<'a> {
    slot: IdIndex<&'a str>,
    merged: Vec<Timeline>,
}

impl Timelines<'_> {
    /// The merged timeline of `component_id`, if anything ever affected it.
    pub fn get(&self, component_id: &str) -> Option<&Timeline> {
        self.merged.get(self.slot.get(component_id)?)
    }
}

/// Spans gathered per component id, in the order ids first appear.
#[derive(Default)]
struct SpansById<'a> {
    slot: IdIndex<&'a str>,
    spans: Vec<Vec<StatusSpan>>,
    /// Spans counted per list by [`SpansById::count`].
    counted: Vec<usize>,
}

impl<'a> SpansById<'a> {
    /// The place of `id`'s list in `spans`, made on first sight.
    fn slot_of(&mut self, id: &'a str) -> usize {
        let spans = &mut self.spans;
        self.slot.get_or_insert_with(id, || {
            spans.push(Vec::new());
            spans.len() - 1
        })
    }

    /// Counts a span to come, in the list's capacity (nothing is allocated yet).
    fn count(&mut self, id: &'a str) {
        let i = self.slot_of(id);
        self.counted.resize(self.spans.len(), 0);
        self.counted[i] += 1;
    }

    /// Allocates each list at the size counted.
    fn reserve_counted(&mut self) {
        for (list, &n) in self.spans.iter_mut().zip(&self.counted) {
            list.reserve_exact(n);
        }
    }

    fn add(&mut self, id: &'a str, span: StatusSpan) {
        let i = self.slot_of(id);
        self.spans[i].push(span);
    }
}

/// The status a timeline gives at an instant (operational outside every span).
pub fn status_at(timeline: &[StatusSpan], at: DateTime<Utc>) -> ComponentStatus {
    let i = timeline.partition_point(|s| s.end <= at);
    match timeline.get(i) {
        Some(span) if span.start <= at => span.status,
        _ => ComponentStatus::Operational,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Impact, StatusChange, UpdateStatus};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("test instant")
    }

    fn span(a: &str, b: &str, status: ComponentStatus) -> StatusSpan {
        StatusSpan {
            start: t(a),
            end: t(b),
            status,
        }
    }

    fn incident(start: &str, end: Option<&str>, impact: Impact, comps: &[&str]) -> Incident {
        Incident {
            title: "x".into(),
            status: UpdateStatus::Resolved,
            ..Incident::new(&format!("i-{start}"), impact, t(start), end.map(t)).affecting(comps)
        }
    }

    use ComponentStatus::*;

    #[test]
    fn overlapping_spans_keep_the_worst_and_count_once() {
        let merged = merge_worst(vec![
            span(
                "2026-01-01T00:00:00Z",
                "2026-01-01T02:00:00Z",
                PartialOutage,
            ),
            span("2026-01-01T01:00:00Z", "2026-01-01T01:30:00Z", MajorOutage),
            span(
                "2026-01-01T01:15:00Z",
                "2026-01-01T03:00:00Z",
                DegradedPerformance,
            ),
        ]);
        assert_eq!(
            merged,
            vec![
                span(
                    "2026-01-01T00:00:00Z",
                    "2026-01-01T01:00:00Z",
                    PartialOutage
                ),
                span("2026-01-01T01:00:00Z", "2026-01-01T01:30:00Z", MajorOutage),
                span(
                    "2026-01-01T01:30:00Z",
                    "2026-01-01T02:00:00Z",
                    PartialOutage
                ),
                span(
                    "2026-01-01T02:00:00Z",
                    "2026-01-01T03:00:00Z",
                    DegradedPerformance
                ),
            ]
        );
    }

    #[test]
    fn identical_spans_merge_into_one() {
        let s = span("2026-01-01T00:00:00Z", "2026-01-01T02:00:00Z", MajorOutage);
        assert_eq!(merge_worst(vec![s, s, s]), vec![s]);
    }

    #[test]
    fn impact_holds_when_no_transitions_are_known() {
        let i = incident(
            "2026-01-01T00:00:00Z",
            Some("2026-01-01T01:00:00Z"),
            Impact::Critical,
            &["api", "web"],
        );
        let spans = incident_spans(&i, t("2026-02-01T00:00:00Z"));
        assert_eq!(spans.len(), 2);
        assert!(spans.iter().all(|(_, s)| s.status == MajorOutage));
    }

    #[test]
    fn open_incident_lasts_until_now() {
        let i = incident("2026-01-01T00:00:00Z", None, Impact::Major, &["api"]);
        let spans = incident_spans(&i, t("2026-01-01T05:00:00Z"));
        assert_eq!(spans[0].1.end, t("2026-01-01T05:00:00Z"));
    }

    #[test]
    fn published_transitions_win_over_impact() {
        let mut i = incident(
            "2026-01-01T00:00:00Z",
            Some("2026-01-01T03:00:00Z"),
            Impact::Critical,
            &["api"],
        );
        let mut components = i.components.to_vec();
        components[0].transitions = vec![
            StatusChange {
                at: t("2026-01-01T00:30:00Z"),
                status: DegradedPerformance,
            },
            StatusChange {
                at: t("2026-01-01T01:00:00Z"),
                status: MajorOutage,
            },
            StatusChange {
                at: t("2026-01-01T02:00:00Z"),
                status: Operational,
            },
        ];
        i.components = components.into();
        let spans: Vec<_> = incident_spans(&i, t("2026-02-01T00:00:00Z"))
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(
            spans,
            vec![
                span(
                    "2026-01-01T00:30:00Z",
                    "2026-01-01T01:00:00Z",
                    DegradedPerformance
                ),
                span("2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z", MajorOutage),
            ]
        );
    }

    #[test]
    fn status_at_reads_the_timeline() {
        let tl = vec![span(
            "2026-01-01T00:00:00Z",
            "2026-01-01T01:00:00Z",
            MajorOutage,
        )];
        assert_eq!(status_at(&tl, t("2026-01-01T00:30:00Z")), MajorOutage);
        assert_eq!(status_at(&tl, t("2026-01-01T01:00:00Z")), Operational);
        assert_eq!(status_at(&tl, t("2025-12-31T23:00:00Z")), Operational);
    }
}
