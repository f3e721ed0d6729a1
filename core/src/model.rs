//! The incident model every importer produces and every analysis reads.
//!
//! All instants are UTC. A page's time zone is kept as its IANA name; turning it into day and
//! month boundaries is the job of a [`crate::zone::Zone`], supplied by the caller.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::text::Text;

/// Everything known about one status page: what an importer returns and what analysis reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub page: Page,
    pub components: Vec<Component>,
    pub incidents: Vec<Incident>,
    pub maintenances: Vec<Maintenance>,
    /// Downtime measured per day by a monitor (Upptime's `dailyMinutesDown`), as opposed to
    /// downtime derived from incidents.
    pub recorded_downtime: Vec<RecordedDowntime>,
    /// The instant before which the data says nothing, when its source declares one: a
    /// Statuspage `incidents.json` holding the API's 50 incidents begins at the oldest of them,
    /// and what came before is not known. `None`: the source holds its whole history, which
    /// begins at the earliest instant anything in it speaks of (see
    /// [`crate::History::coverage_start`]).
    #[serde(default)]
    pub covered_from: Option<DateTime<Utc>>,
}

impl Dataset {
    /// Adds another dataset's records to this one. The page fields already set win. The
    /// coverage is the earliest either declares; a dataset that holds its whole history (no
    /// declared coverage) makes the whole history of both the answer, and an empty dataset
    /// declares nothing.
    pub fn extend(&mut self, other: Dataset) {
        self.covered_from = if self.is_empty() {
            other.covered_from
        } else if other.is_empty() {
            self.covered_from
        } else {
            earliest_coverage(self.covered_from, other.covered_from)
        };
        self.page.fill_from(other.page);
        for component in other.components {
            match self.components.iter_mut().find(|c| c.id == component.id) {
                Some(existing) => existing.fill_from(component),
                None => self.components.push(component),
            }
        }
        append(&mut self.incidents, other.incidents);
        append(&mut self.maintenances, other.maintenances);
        append(&mut self.recorded_downtime, other.recorded_downtime);
    }

    /// Whether the dataset holds no record at all (a page's name alone is no record).
    pub fn is_empty(&self) -> bool {
        self.components.is_empty()
            && self.incidents.is_empty()
            && self.maintenances.is_empty()
            && self.recorded_downtime.is_empty()
    }

    /// The component with this id, if the data names it.
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }
}

/// The coverage of two sources of one page together: the earlier start, and the whole history
/// (`None`) when either holds it.
pub fn earliest_coverage(
    a: Option<DateTime<Utc>>,
    b: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    Some(a?.min(b?))
}

/// Appends `more` to `list`, taking `more`'s buffer whole when `list` is empty: at a million
/// incidents a copy would hold two of them at once.
fn append<T>(list: &mut Vec<T>, mut more: Vec<T>) {
    if list.is_empty() {
        std::mem::swap(list, &mut more);
    } else {
        list.append(&mut more);
    }
}

/// The status page itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub name: Option<String>,
    pub url: Option<String>,
    /// IANA time zone name, e.g. `Europe/Berlin`.
    pub time_zone: Option<String>,
}

impl Page {
    fn fill_from(&mut self, other: Page) {
        if self.name.is_none() {
            self.name = other.name;
        }
        if self.url.is_none() {
            self.url = other.url;
        }
        if self.time_zone.is_none() {
            self.time_zone = other.time_zone;
        }
    }
}

/// A part of the service whose status is tracked separately.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub id: String,
    pub name: String,
    /// The name of the group the component is shown under, if any.
    pub group: Option<String>,
    /// Display order; lower first.
    pub position: Option<i64>,
    /// The status the source reports now, when it reports one (Statuspage `components.json`).
    pub status: Option<ComponentStatus>,
    /// When the component started being tracked. Days before it have no data.
    pub since: Option<DateTime<Utc>>,
    /// When its data ends, where the source says so: a monitor's last check (Uptime Kuma,
    /// Gatus). Time after it has no data, not uptime. `None`: the data runs to now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<DateTime<Utc>>,
}

impl Component {
    /// A component known only by the name incidents give it.
    pub fn named(id: impl Into<String>, name: impl Into<String>) -> Self {
        Component {
            id: id.into(),
            name: name.into(),
            group: None,
            position: None,
            status: None,
            since: None,
            until: None,
        }
    }

    fn fill_from(&mut self, other: Component) {
        if self.group.is_none() {
            self.group = other.group;
        }
        if self.position.is_none() {
            self.position = other.position;
        }
        if self.status.is_none() {
            self.status = other.status;
        }
        self.since = match (self.since, other.since) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
}

/// How badly an incident hurts, in Statuspage's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    None,
    Minor,
    Major,
    Critical,
}

impl Impact {
    pub const ALL: [Impact; 4] = [Impact::None, Impact::Minor, Impact::Major, Impact::Critical];

    pub fn as_str(self) -> &'static str {
        match self {
            Impact::None => "none",
            Impact::Minor => "minor",
            Impact::Major => "major",
            Impact::Critical => "critical",
        }
    }

    /// The status an incident of this impact puts its components in when the source says no more.
    pub fn component_status(self) -> ComponentStatus {
        match self {
            Impact::None => ComponentStatus::Operational,
            Impact::Minor => ComponentStatus::DegradedPerformance,
            Impact::Major => ComponentStatus::PartialOutage,
            Impact::Critical => ComponentStatus::MajorOutage,
        }
    }
}

/// Why an incident happened, as far as the data or the configuration says.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    Internal,
    External,
    #[default]
    Unknown,
}

impl Cause {
    pub const ALL: [Cause; 3] = [Cause::Internal, Cause::External, Cause::Unknown];

    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Internal => "internal",
            Cause::External => "external",
            Cause::Unknown => "unknown",
        }
    }
}

/// A component's status, ordered from best to worst: where incidents overlap, the worst wins.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    #[default]
    Operational,
    UnderMaintenance,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
}

impl ComponentStatus {
    pub const ALL: [ComponentStatus; 5] = [
        ComponentStatus::Operational,
        ComponentStatus::UnderMaintenance,
        ComponentStatus::DegradedPerformance,
        ComponentStatus::PartialOutage,
        ComponentStatus::MajorOutage,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ComponentStatus::Operational => "operational",
            ComponentStatus::UnderMaintenance => "under_maintenance",
            ComponentStatus::DegradedPerformance => "degraded_performance",
            ComponentStatus::PartialOutage => "partial_outage",
            ComponentStatus::MajorOutage => "major_outage",
        }
    }
}

/// The lifecycle state of an incident or of one of its updates, as Statuspage names them.
/// Sources use other words too; those are kept verbatim in [`UpdateStatus::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UpdateStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Postmortem,
    Scheduled,
    InProgress,
    Verifying,
    Completed,
    Other(String),
}

impl UpdateStatus {
    pub fn as_str(&self) -> &str {
        match self {
            UpdateStatus::Investigating => "investigating",
            UpdateStatus::Identified => "identified",
            UpdateStatus::Monitoring => "monitoring",
            UpdateStatus::Resolved => "resolved",
            UpdateStatus::Postmortem => "postmortem",
            UpdateStatus::Scheduled => "scheduled",
            UpdateStatus::InProgress => "in_progress",
            UpdateStatus::Verifying => "verifying",
            UpdateStatus::Completed => "completed",
            UpdateStatus::Other(s) => s,
        }
    }

    /// Reads a status word; unknown words are kept, not rejected: sources invent their own.
    pub fn parse(s: &str) -> UpdateStatus {
        match s.trim().to_ascii_lowercase().as_str() {
            "investigating" => UpdateStatus::Investigating,
            "identified" => UpdateStatus::Identified,
            "monitoring" => UpdateStatus::Monitoring,
            "resolved" => UpdateStatus::Resolved,
            "postmortem" => UpdateStatus::Postmortem,
            "scheduled" => UpdateStatus::Scheduled,
            "in_progress" | "in progress" => UpdateStatus::InProgress,
            "verifying" => UpdateStatus::Verifying,
            "completed" => UpdateStatus::Completed,
            _ => UpdateStatus::Other(s.trim().to_string()),
        }
    }
}

impl Serialize for UpdateStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for UpdateStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Ok(UpdateStatus::parse(&s))
    }
}

/// Something that went wrong, from its start to its end (or still open).
///
/// Sized for a history of a million incidents: its id, title and URL are [`Text`]s (a CSV
/// import cuts them from one buffer per thousand rows instead of three allocations per
/// incident), and its list of affected components is shared (a million rows name a handful of
/// combinations of components; importers hand out one list per combination).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub id: Text,
    pub title: Text,
    pub impact: Impact,
    /// When the problem started (`started_at`, else `created_at`; cState `date`).
    pub start: DateTime<Utc>,
    /// When it was resolved; `None` while open.
    pub end: Option<DateTime<Utc>>,
    pub created_at: Option<DateTime<Utc>>,
    pub status: UpdateStatus,
    /// Oldest first. Boxed, not a `Vec`: the list never grows once read (8 bytes less an
    /// incident, and most incidents of a spreadsheet have none).
    pub updates: Box<[IncidentUpdate]>,
    pub components: Arc<[AffectedComponent]>,
    pub cause: Cause,
    pub url: Option<Text>,
    /// What the page published about the incident once it was over, when it did. Boxed: most
    /// incidents have none, and `None` costs one word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postmortem: Option<Box<Postmortem>>,
}

impl Incident {
    /// An incident with what every record has: titled by its id, no updates, no components,
    /// cause unknown; resolved when it has an end, investigating while open. The one place an
    /// incident is put together field by field for tests and examples; the rest is set with
    /// struct update syntax (`Incident { title, ..Incident::new(..) }`) or [`Incident::affecting`].
    pub fn new(
        id: &str,
        impact: Impact,
        start: DateTime<Utc>,
        end: Option<DateTime<Utc>>,
    ) -> Incident {
        Incident {
            id: id.into(),
            title: id.into(),
            impact,
            start,
            end,
            created_at: None,
            status: match end {
                Some(_) => UpdateStatus::Resolved,
                None => UpdateStatus::Investigating,
            },
            updates: Box::default(),
            components: Arc::default(),
            cause: Cause::Unknown,
            url: None,
            postmortem: None,
        }
    }

    /// The incident, affecting these components (by id), without published transitions.
    pub fn affecting(mut self, component_ids: &[&str]) -> Incident {
        self.components = (component_ids.iter())
            .map(|id| AffectedComponent {
                component_id: (*id).into(),
                transitions: Vec::new(),
            })
            .collect();
        self
    }

    /// The instant the incident stops counting: its end, or `now` while open.
    /// Never before the start, so a bad record cannot produce negative durations.
    // Called per incident per component in the analysis loops, from other crates: without
    // `inline` it is a call each time (it showed in the profile of a million incidents).
    #[inline]
    pub fn effective_end(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.end.unwrap_or(now).max(self.start)
    }

    #[inline]
    pub fn is_open(&self) -> bool {
        self.end.is_none()
    }

    /// Whether the incident had started by `now`. Data can hold incidents dated after the
    /// analysis time (a `--now` in the past, a clock behind the source's): as of `now` they have
    /// not happened, so no figure counts them.
    pub fn has_started_by(&self, now: DateTime<Utc>) -> bool {
        self.start <= now
    }
}

/// A resolved incident's post-mortem (a review, a root-cause analysis): where it is published,
/// its text, or both, as the source gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Postmortem {
    /// Where it is published (a CSV `postmortem` column, cState's `postmortem` key).
    pub url: Option<String>,
    /// Its text as the source wrote it (Statuspage's `postmortem_body`: plain text, Markdown or
    /// HTML). Untrusted.
    pub body: Option<String>,
    /// When it was published, if the source says (Statuspage's `postmortem_published_at`).
    pub published_at: Option<DateTime<Utc>>,
}

impl Postmortem {
    /// A post-mortem known only by where it is published.
    pub fn at(url: impl Into<String>) -> Postmortem {
        Postmortem {
            url: Some(url.into()),
            ..Postmortem::default()
        }
    }

    /// What a post-mortem's `url` may be where a person writes it (a CSV column, a front
    /// matter key): an absolute `http://` or `https://` address without spaces, so that every
    /// reader can link it as it is (a relative path would be relative to a page the reader
    /// does not know, and other schemes are not for links on a status page).
    pub const URL_ALLOWED: &'static str = "an absolute http:// or https:// address, e.g. \
                                            https://blog.example.com/2026/08/outage-review";

    /// Whether `url` is what [`Postmortem::URL_ALLOWED`] says.
    pub fn is_web_url(url: &str) -> bool {
        let rest = strip_prefix_ignore_case(url, "https://")
            .or_else(|| strip_prefix_ignore_case(url, "http://"));
        rest.is_some_and(|rest| {
            !rest.is_empty()
                && !rest.starts_with('/')
                && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        })
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// One published update of an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentUpdate {
    pub at: DateTime<Utc>,
    pub status: UpdateStatus,
    /// As the source wrote it: plain text, Markdown or HTML. Untrusted.
    pub body: String,
}

/// A component an incident affected, with what the source says about its status over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedComponent {
    /// Shared: a history names a handful of components a million times, and importers hand
    /// every incident the same id of a component instead of a copy (`Arc::from("api")` or
    /// `"api".into()` makes one).
    pub component_id: Arc<str>,
    /// Status changes published with the incident's updates, oldest first. Empty when the source
    /// says only that the component was affected: the incident's impact then decides.
    pub transitions: Vec<StatusChange>,
}

/// From `at` on, the component is in `status` (until the next change or the incident's end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub at: DateTime<Utc>,
    pub status: ComponentStatus,
}

/// Planned work, kept apart from incidents: it is never counted as one, nor as downtime.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Maintenance {
    pub id: String,
    pub title: String,
    pub status: UpdateStatus,
    pub scheduled_for: DateTime<Utc>,
    pub scheduled_until: Option<DateTime<Utc>>,
    pub component_ids: Vec<String>,
    pub updates: Vec<IncidentUpdate>,
    pub url: Option<String>,
}

/// Downtime a monitor measured for one component on one day of the page's calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedDowntime {
    pub component_id: String,
    pub date: NaiveDate,
    pub minutes: f64,
}

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        (1..=12)
            .contains(&month)
            .then_some(YearMonth { year, month })
    }

    pub fn of(date: NaiveDate) -> YearMonth {
        use chrono::Datelike;
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn next(self) -> YearMonth {
        if self.month == 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> YearMonth {
        if self.month == 1 {
            YearMonth {
                year: self.year - 1,
                month: 12,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The `n` months ending with (and including) this one, oldest first; none before January
    /// of year 1 (a window reaching further is cut there rather than counting months before
    /// the calendar's first, which no data can hold).
    pub fn window_ending(self, n: usize) -> Vec<YearMonth> {
        let mut months = Vec::with_capacity(n.min(12 * 10_000));
        let mut m = self;
        for _ in 0..n {
            if m.year < 1 {
                break;
            }
            months.push(m);
            m = m.prev();
        }
        months.reverse();
        months
    }

    /// Months from `self` to `last`, both included.
    pub fn through(self, last: YearMonth) -> Vec<YearMonth> {
        let mut months = Vec::new();
        let mut m = self;
        while m <= last {
            months.push(m);
            m = m.next();
        }
        months
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Why a `YYYY-MM` string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a month: expected YYYY-MM, e.g. 2026-08")]
pub struct BadMonth(pub String);

impl FromStr for YearMonth {
    type Err = BadMonth;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadMonth(s.to_string());
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        YearMonth::new(year, month).ok_or_else(bad)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_month_parses_and_steps() {
        let m: YearMonth = "2026-12".parse().expect("valid");
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(m.prev().to_string(), "2026-11");
        assert!("2026-13".parse::<YearMonth>().is_err());
        assert!("26-01".parse::<YearMonth>().is_err());
        let w = m.window_ending(3);
        assert_eq!(
            w.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
            ["2026-10", "2026-11", "2026-12"]
        );
    }

    /// A history holds a million incidents: what each costs inline is a budget, not an accident.
    /// 152 bytes: 144, and one word for the boxed post-mortem (most incidents have none).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn an_incident_stays_small() {
        assert!(
            std::mem::size_of::<Incident>() <= 152,
            "{}",
            std::mem::size_of::<Incident>()
        );
        assert_eq!(std::mem::size_of::<AffectedComponent>(), 40);
    }

    #[test]
    fn shared_component_lists_serialise_as_lists() {
        let list: Arc<[AffectedComponent]> = vec![AffectedComponent {
            component_id: Arc::from("api"),
            transitions: Vec::new(),
        }]
        .into();
        let json = serde_json::to_string(&list).expect("serialises");
        assert_eq!(json, r#"[{"component_id":"api","transitions":[]}]"#);
        let back: Arc<[AffectedComponent]> = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, list);
    }

    #[test]
    fn shared_component_ids_serialise_as_strings() {
        let a = AffectedComponent {
            component_id: Arc::from("api"),
            transitions: Vec::new(),
        };
        let json = serde_json::to_string(&a).expect("serialises");
        assert_eq!(json, r#"{"component_id":"api","transitions":[]}"#);
        let back: AffectedComponent = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, a);
    }

    #[test]
    fn a_postmortem_url_is_an_absolute_web_address() {
        for url in [
            "https://blog.example.com/review",
            "HTTP://example.com",
            "https://x.test/a?b=c#d",
        ] {
            assert!(Postmortem::is_web_url(url), "{url}");
        }
        for url in [
            "",
            "https://",
            "https:///path",
            "/blog/review",
            "blog.example.com/review",
            "javascript:alert(1)",
            "ftp://example.com/review.txt",
            "https://example.com/a review",
            "https://example.com/\u{7}",
        ] {
            assert!(!Postmortem::is_web_url(url), "{url}");
        }
    }

    #[test]
    fn worst_status_is_greatest() {
        assert!(ComponentStatus::MajorOutage > ComponentStatus::PartialOutage);
        assert!(ComponentStatus::PartialOutage > ComponentStatus::DegradedPerformance);
        assert!(ComponentStatus::DegradedPerformance > ComponentStatus::UnderMaintenance);
        assert!(ComponentStatus::UnderMaintenance > ComponentStatus::Operational);
    }
}
