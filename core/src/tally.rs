//! Incidents kept only as what is counted of them: a post about one month of a long history
//! needs in full only the incidents that touch the month; of the others it counts when each
//! started, its impact and its cause (incidents per month over the window, the data's first
//! month, the start of the components' uptime).
//!
//! A [`Tally`] is those three, 16 bytes where an [`Incident`] is 152 and its texts; [`Tallies`]
//! are the tallies of the incidents that lie wholly outside one period. Figures read a dataset
//! and its tallies together through the same functions ([`crate::months::monthly_counts`]
//! counts tallies; [`crate::History::for_days`] takes the tallies beside the dataset), so that
//! they are those of the dataset the tallies were cut from.

use chrono::{DateTime, Utc};

use crate::model::{Cause, Impact, Incident};

/// What is counted of an incident: when it started, how bad it was, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub start: DateTime<Utc>,
    pub impact: Impact,
    pub cause: Cause,
}

impl Tally {
    #[inline]
    pub fn of(incident: &Incident) -> Tally {
        Tally {
            start: incident.start,
            impact: incident.impact,
            cause: incident.cause,
        }
    }
}

/// The tallies of the incidents that lie wholly outside a period `[from, to)`: each ended
/// before `from` or started at or after `to` (an open incident never does). Whatever asks
/// only about instants inside the period (timelines, the period's incidents) reads the
/// dataset alone; whatever counts every incident reads its tallies too.
///
/// The components a tallied incident names are listed in the dataset beside it
/// (`Dataset::components`): an importer tallies only where it lists every component its
/// records name (the CSV importer), so the components' list is the same with or without the
/// incidents themselves.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tallies {
    /// `None`: no period, no tallies (every incident kept whole).
    period: Option<(DateTime<Utc>, DateTime<Utc>)>,
    tallies: Vec<Tally>,
}

impl Tallies {
    /// None yet, for the incidents outside `[from, to)`.
    pub fn outside(from: DateTime<Utc>, to: DateTime<Utc>) -> Tallies {
        Tallies {
            period: Some((from, to)),
            tallies: Vec::new(),
        }
    }

    /// The period no tallied incident touches, if any.
    pub fn period(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        self.period
    }

    /// Whether an incident from `start` to `end` (`None`: open) lies wholly outside the
    /// period, and so may be tallied.
    #[inline]
    pub fn may_tally(&self, start: DateTime<Utc>, end: Option<DateTime<Utc>>) -> bool {
        match (self.period, end) {
            (Some((from, to)), Some(end)) => end.max(start) < from || start >= to,
            _ => false,
        }
    }

    /// Whether no tallied incident touches `[from, to)`: a question about instants inside it
    /// can be answered from the dataset alone.
    pub fn lie_outside(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
        match self.period {
            None => true,
            Some((start, end)) => from >= to || (start <= from && to <= end),
        }
    }

    /// Adds the tally of an incident that [`Tallies::may_tally`] allowed.
    #[inline]
    pub fn push(&mut self, tally: Tally, end: DateTime<Utc>) {
        debug_assert!(
            self.may_tally(tally.start, Some(end)),
            "tallied inside the period"
        );
        self.tallies.push(tally);
    }

    /// Adds those of `more`, tallied outside the same period.
    pub fn append(&mut self, mut more: Tallies) {
        debug_assert!(more.tallies.is_empty() || more.period == self.period);
        if self.tallies.is_empty() {
            std::mem::swap(&mut self.tallies, &mut more.tallies);
        } else {
            self.tallies.append(&mut more.tallies);
        }
    }

    pub fn reserve(&mut self, additional: usize) {
        // Only room: when it cannot be had up front, the list grows as tallies come.
        let _ = self.tallies.try_reserve_exact(additional);
    }

    pub fn shrink_to_fit(&mut self) {
        self.tallies.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.tallies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tallies.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Tally> + Clone + '_ {
        self.tallies.iter().copied()
    }

    /// The earliest start of a tallied incident that had started by `now`.
    pub fn first_start_by(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.iter().map(|t| t.start).filter(|&s| s <= now).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("test instant")
    }

    fn august() -> Tallies {
        Tallies::outside(t("2026-08-01T00:00:00Z"), t("2026-09-01T00:00:00Z"))
    }

    #[test]
    fn only_incidents_wholly_outside_the_period_may_be_tallied() {
        let tallies = august();
        let may = |start: &str, end: Option<&str>| tallies.may_tally(t(start), end.map(t));
        assert!(may("2026-07-01T00:00:00Z", Some("2026-07-31T23:59:59Z")));
        assert!(may("2026-09-01T00:00:00Z", Some("2026-09-01T01:00:00Z")));
        // Ending at the period's first instant touches it (an incident holds its end).
        assert!(!may("2026-07-01T00:00:00Z", Some("2026-08-01T00:00:00Z")));
        assert!(!may("2026-07-01T00:00:00Z", Some("2026-10-01T00:00:00Z")));
        assert!(!may("2026-08-31T23:59:59Z", Some("2026-09-01T01:00:00Z")));
        // Open incidents last until whenever the analysis asks: never tallied.
        assert!(!may("2024-01-01T00:00:00Z", None));
        assert!(!may("2027-01-01T00:00:00Z", None));
        // An end before the start counts as the start (`Incident::effective_end`).
        assert!(!may("2026-08-02T00:00:00Z", Some("2026-07-01T00:00:00Z")));
        assert!(!Tallies::default()
            .may_tally(t("2020-01-01T00:00:00Z"), Some(t("2020-01-01T01:00:00Z"))));
    }

    #[test]
    fn a_period_inside_the_kept_one_needs_no_tallies() {
        let tallies = august();
        assert!(tallies.lie_outside(t("2026-08-02T00:00:00Z"), t("2026-08-03T00:00:00Z")));
        assert!(tallies.lie_outside(t("2026-08-01T00:00:00Z"), t("2026-09-01T00:00:00Z")));
        assert!(!tallies.lie_outside(t("2026-07-31T00:00:00Z"), t("2026-08-03T00:00:00Z")));
        assert!(!tallies.lie_outside(t("2026-08-31T00:00:00Z"), t("2026-09-02T00:00:00Z")));
        assert!(
            Tallies::default().lie_outside(t("2000-01-01T00:00:00Z"), t("2100-01-01T00:00:00Z"))
        );
    }

    #[test]
    fn the_first_start_is_that_of_an_incident_started_by_now() {
        let mut tallies = august();
        for (start, end) in [
            ("2026-09-05T00:00:00Z", "2026-09-05T01:00:00Z"),
            ("2025-01-05T00:00:00Z", "2025-01-05T01:00:00Z"),
            ("2024-03-05T00:00:00Z", "2024-03-05T01:00:00Z"),
        ] {
            let tally = Tally {
                start: t(start),
                impact: Impact::Minor,
                cause: Cause::Unknown,
            };
            tallies.push(tally, t(end));
        }
        assert_eq!(tallies.len(), 3);
        assert_eq!(
            tallies.first_start_by(t("2026-10-01T00:00:00Z")),
            Some(t("2024-03-05T00:00:00Z"))
        );
        assert_eq!(tallies.first_start_by(t("2024-01-01T00:00:00Z")), None);
        let mut more = august();
        more.append(tallies.clone());
        more.append(tallies);
        assert_eq!(more.len(), 6);
    }
}
