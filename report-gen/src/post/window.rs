//! What `report-gen post` keeps of the data as it is read: whole, only the incidents its
//! figures read one by one; of every other incident, only what the monthly counts count. At a
//! million incidents, the model of every one was the post's peak memory.

use std::collections::BTreeSet;
use std::sync::Arc;

use candor_core::months::Counted;
use candor_core::{Incident, Zone};
use chrono::{DateTime, Utc};

use super::range::MonthRange;
use crate::config::{self, CauseRule, LoadedConfig};
use crate::import::Sink;

/// The sink a post about some months reads the data into. It keeps whole:
/// - the incidents touching [`Window::period`] (those the post lists, and whose minutes count
///   in its uptime), and every open one;
/// - those `candor.toml` corrects (`[incidents.ID]`): a correction may move one into the
///   months, or change what is counted of it;
/// - the earliest-starting incident by `now` seen so far, so that the earliest of all is kept
///   (where the data begins: `History::coverage_start`);
/// - the first incident naming each component id, so that the components incidents name
///   without the data listing them are the same (`History::components`).
///
/// Of every other incident it keeps what the monthly counts count ([`Window::counted`]), its
/// cause by `candor.toml`'s cause rules as `Config::apply` gives the kept ones theirs. (The
/// corrected incidents are left out of the earliest start and the components named: their
/// start and components are those of the correction.)
#[derive(Debug)]
pub struct Window {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    /// The ids `candor.toml` corrects, sorted.
    corrected: Vec<String>,
    causes: Vec<CauseRule>,
    /// The earliest start by `now` of the incidents seen (corrected ones aside).
    earliest: Option<DateTime<Utc>>,
    /// The component ids the incidents seen name (corrected ones aside).
    components: BTreeSet<Arc<str>>,
    /// What is counted of each incident not kept, in the order read.
    pub counted: Vec<Counted>,
}

impl Window {
    /// The sink for a post about `range` as of `now`, with `candor.toml`'s corrections and
    /// cause rules.
    pub fn new(range: &MonthRange, now: DateTime<Utc>, config: &LoadedConfig) -> Window {
        let (from, to) = Window::period(range);
        let mut corrected: Vec<String> = (config.config.incidents.keys())
            .map(|id| id.get_ref().clone())
            .collect();
        corrected.sort_unstable();
        Window {
            from,
            to,
            now,
            corrected,
            causes: config.config.causes.clone(),
            earliest: None,
            components: BTreeSet::new(),
            counted: Vec::new(),
        }
    }

    /// The period whose incidents a post about `range` keeps whole, in whatever zone: it holds
    /// the months' days and the instants near them that the facts read (`facts::near`, two days
    /// either side of the zone's months). No zone is a day away from UTC, so the zone's months
    /// lie within a day of UTC's; three days either side of UTC's months hold both.
    pub fn period(range: &MonthRange) -> (DateTime<Utc>, DateTime<Utc>) {
        let margin = chrono::Duration::days(3);
        (
            Utc.start_of_month(range.first) - margin,
            Utc.start_of_month(range.last.next()) + margin,
        )
    }

    /// Whether an incident touches the period: it does unless it ended before it or started
    /// after it (an open incident lasts until whenever the analysis asks; an end before the
    /// start counts as the start, as `Incident::effective_end` has it).
    fn touches(&self, incident: &Incident) -> bool {
        match incident.end {
            Some(end) => end.max(incident.start) >= self.from && incident.start < self.to,
            None => true,
        }
    }
}

impl Sink for Window {
    fn keep(&mut self, incident: &Incident) -> bool {
        if self
            .corrected
            .binary_search_by(|id| id.as_str().cmp(&incident.id))
            .is_ok()
        {
            return true;
        }
        let started = incident.start <= self.now;
        let first = started && self.earliest.is_none_or(|e| incident.start < e);
        if first {
            self.earliest = Some(incident.start);
        }
        let mut names_new = false;
        for a in incident.components.iter() {
            if !self.components.contains(&a.component_id) {
                self.components.insert(Arc::clone(&a.component_id));
                names_new = true;
            }
        }
        if first || names_new || self.touches(incident) {
            return true;
        }
        self.counted.push(Counted {
            cause: config::cause_by_rules(&self.causes, incident),
            ..Counted::of(incident)
        });
        false
    }
}
