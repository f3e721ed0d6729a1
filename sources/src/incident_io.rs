//! incident.io status pages: the public widget API, `https://<page>/api/v1/summary` (and the
//! same document from `https://status.incident.io/proxy/<domain>`, sometimes wrapped in
//! `summary`): `page_title`, `page_url`, `ongoing_incidents`, `in_progress_maintenances`,
//! `scheduled_maintenances`. (Pages that also serve Statuspage-compatible `/api/v2/*.json`
//! documents are read as Statuspage API v2.)
//!
//! - An ongoing incident is open; the widget gives no start, only `last_update_at`: it counts
//!   from then, with a warning (the earliest time the widget gives). Impact from
//!   `current_worst_impact`: `degraded_performance` minor, `partial_outage` major,
//!   `full_outage` critical. Its `affected_components` are components (in their `group_name`),
//!   each in its `current_status` from the last update, known from that update on.
//! - Maintenances: in progress from `started_at` to `scheduled_end_at`, scheduled from
//!   `starts_at` to `ends_at`.
//! - Only what is open now is listed: the page says nothing before the oldest of it.
//!
//! Read with [`crate::json::Reader`], not serde_json: the widget reads this document live
//! (its incident.io build), and serde_json would cost that build 6 KB gzip of its budget.

use std::sync::Arc;

use serde_json::Value;

use chrono::{DateTime, Utc};

use candor_core::{
    AffectedComponent, Component, ComponentStatus, Dataset, Impact, Incident, IncidentUpdate,
    Maintenance, Page, StatusChange, UpdateStatus,
};

use crate::json::{self, Reader};
use crate::vendor;
use crate::{Issue, Records};

const LISTS: [&str; 3] = [
    "ongoing_incidents",
    "in_progress_maintenances",
    "scheduled_maintenances",
];

/// The summary itself: the document, or its `summary`.
fn summary(value: &Value) -> &Value {
    value
        .get("summary")
        .filter(|s| s.is_object())
        .unwrap_or(value)
}

/// Whether a JSON document is an incident.io widget summary: one of its three lists, with
/// `page_title` or `page_url` (or inside `summary`).
pub fn looks_like(value: &Value) -> bool {
    let s = summary(value);
    LISTS.iter().any(|k| s.get(k).is_some())
        && (s.get("page_title").is_some()
            || s.get("page_url").is_some()
            || value.get("summary").is_some_and(Value::is_object))
}

fn status(word: &str) -> Option<ComponentStatus> {
    Some(match word {
        "operational" => ComponentStatus::Operational,
        "degraded_performance" => ComponentStatus::DegradedPerformance,
        "partial_outage" => ComponentStatus::PartialOutage,
        "full_outage" => ComponentStatus::MajorOutage,
        "under_maintenance" => ComponentStatus::UnderMaintenance,
        _ => return None,
    })
}

/// A time field as read: the instant, or what was there instead (as written, for the message).
type Time = Result<DateTime<Utc>, String>;

/// A record that is not read: not an object (as written), or an object that cannot be read
/// (a key given twice, say).
enum Unread {
    NotAnObject(String),
    Unreadable(json::JsonError),
}

/// The summary as read, before any record is checked.
struct RawSummary {
    page_title: Option<String>,
    page_url: Option<String>,
    /// `page_title` or `page_url` given (even as `null`), or the summary inside `summary`.
    names_a_page: bool,
    /// One of the three lists given (even as `null`).
    has_a_list: bool,
    /// Each list: its records, or what was there instead of a list (as written).
    lists: [Result<Vec<Result<RawEvent, Unread>>, String>; 3],
    /// The summary inside `summary`, where the document wraps it: read instead of the rest.
    inner: Option<Box<RawSummary>>,
}

#[derive(Default)]
struct RawEvent {
    id: Option<String>,
    name: Option<String>,
    status: Option<String>,
    url: Option<String>,
    last_update_at: Option<Time>,
    last_update_message: Option<String>,
    current_worst_impact: Option<String>,
    affected: Vec<RawComponent>,
    /// `started_at`, `scheduled_end_at`, `starts_at`, `ends_at`, in that order.
    times: [Option<Time>; 4],
}

#[derive(Default)]
struct RawComponent {
    id: Option<String>,
    name: Option<String>,
    group: Option<String>,
    status: Option<String>,
}

impl RawSummary {
    fn new() -> RawSummary {
        RawSummary {
            page_title: None,
            page_url: None,
            names_a_page: false,
            has_a_list: false,
            lists: [Ok(Vec::new()), Ok(Vec::new()), Ok(Vec::new())],
            inner: None,
        }
    }
}

/// A text field, trimmed: `None` when absent, `null`, empty or not text. A number is read as
/// its digits as written (ids are numbers in some APIs, some past 2^53).
fn text(r: &mut Reader<'_>) -> json::Result<Option<String>> {
    match r.found() {
        "a string" => {
            let s = r.string()?;
            let t = s.trim();
            Ok((!t.is_empty()).then(|| t.to_string()))
        }
        "a number" => written(r).map(Some),
        _ => r.skip().map(|()| None),
    }
}

/// The next value as the document writes it, cut to 60 characters, for messages.
fn written(r: &mut Reader<'_>) -> json::Result<String> {
    let mark = r.mark();
    r.skip()?;
    Ok(vendor::cut(r.since(mark)))
}

/// A time field: `None` when absent or `null`.
fn time(r: &mut Reader<'_>) -> json::Result<Option<Time>> {
    match r.found() {
        "null" => r.skip().map(|()| None),
        "a string" => {
            let shown = written(&mut r.clone())?;
            r.string()
                .map(|s| Some(vendor::instant_text(&s).ok_or(shown)))
        }
        _ => written(r).map(|shown| Some(Err(shown))),
    }
}

fn read_summary(r: &mut Reader<'_>, s: &mut RawSummary) -> json::Result<()> {
    json::fields!(r, {
        "summary" => if r.found() == "an object" {
            let mut inner = Box::new(RawSummary::new());
            read_summary(r, &mut inner)?;
            s.inner = Some(inner);
        } else {
            r.skip()?;
        },
        "page_title" => {
            s.names_a_page = true;
            s.page_title = text(r)?;
        },
        "page_url" => {
            s.names_a_page = true;
            s.page_url = text(r)?;
        },
        "ongoing_incidents" => read_list(r, s, 0)?,
        "in_progress_maintenances" => read_list(r, s, 1)?,
        "scheduled_maintenances" => read_list(r, s, 2)?,
    })
}

fn read_list(r: &mut Reader<'_>, s: &mut RawSummary, k: usize) -> json::Result<()> {
    s.has_a_list = true;
    s.lists[k] = match r.found() {
        "null" => r.skip().map(|()| Ok(Vec::new()))?,
        "an array" => {
            let mut list = Vec::new();
            r.array(&mut |r| {
                list.push(match r.found() {
                    // On a copy of the reader: a record that cannot be read is skipped whole.
                    "an object" => {
                        let mut attempt = r.clone();
                        match read_event(&mut attempt) {
                            Ok(event) => {
                                *r = attempt;
                                Ok(event)
                            }
                            Err(e) => r.skip().map(|()| Err(Unread::Unreadable(e)))?,
                        }
                    }
                    _ => Err(Unread::NotAnObject(written(r)?)),
                });
                Ok(())
            })?;
            Ok(list)
        }
        _ => Err(written(r)?),
    };
    Ok(())
}

fn read_event(r: &mut Reader<'_>) -> json::Result<RawEvent> {
    let mut e = RawEvent::default();
    json::fields!(r, {
        "id" => e.id = text(r)?,
        "name" => e.name = text(r)?,
        "status" => e.status = text(r)?,
        "url" => e.url = text(r)?,
        "last_update_at" => e.last_update_at = time(r)?,
        "last_update_message" => e.last_update_message = text(r)?,
        "current_worst_impact" => e.current_worst_impact = text(r)?,
        "affected_components" => if r.found() == "an array" {
            r.items(&mut |r| {
                if r.found() == "an object" {
                    e.affected.push(read_component(r)?);
                } else {
                    r.skip()?;
                }
                Ok(())
            })?;
        } else {
            r.skip()?;
        },
        "started_at" => e.times[0] = time(r)?,
        "scheduled_end_at" => e.times[1] = time(r)?,
        "starts_at" => e.times[2] = time(r)?,
        "ends_at" => e.times[3] = time(r)?,
    })?;
    Ok(e)
}

fn read_component(r: &mut Reader<'_>) -> json::Result<RawComponent> {
    let mut c = RawComponent::default();
    let mut component_id = None;
    json::fields!(r, {
        "id" => c.id = text(r)?,
        "component_id" => component_id = text(r)?,
        "name" => c.name = text(r)?,
        "group_name" => c.group = text(r)?,
        "current_status" => c.status = text(r)?,
    })?;
    c.id = c.id.or(component_id);
    Ok(c)
}

/// A time field: `None` when absent or `null`; a value that is not a time is an error at
/// `path.key`, and `None`.
fn instant<const K: bool>(
    value: &Option<Time>,
    key: &str,
    path: At,
    notes: &mut Notes<K>,
) -> Option<DateTime<Utc>> {
    let found = match value.as_ref()? {
        Ok(at) => return Some(*at),
        Err(found) => found.clone(),
    };
    notes.push(|| vendor::not_a_time(key, path, found));
    None
}

/// The problems found, kept when `K` (report-gen's `check` shows them; the widget, which reads
/// the summary live, shows none, and its build carries no code that words them).
struct Notes<const K: bool>(Vec<Issue>);

impl<const K: bool> Notes<K> {
    fn push(&mut self, issue: impl FnOnce() -> Issue) {
        if K {
            self.0.push(issue());
        }
    }
}

/// A record's place: its list and its index there, as `ongoing_incidents[2]`.
#[derive(Clone, Copy)]
struct At(&'static str, usize);

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.0, self.1)
    }
}

/// Why a whole document is not read: it is not JSON, or not a widget summary.
enum Unreadable {
    NotJson(json::JsonError),
    NotASummary,
}

impl Unreadable {
    fn issue(self) -> Issue {
        match self {
            Unreadable::NotJson(e) => {
                let issue = Issue::error(format!("cannot be read: {}", e.message))
                    .at(Some(e.line), Some(e.column))
                    .allowed("a JSON document, each key of an object once");
                if e.field.is_empty() {
                    issue
                } else {
                    issue.field(e.field)
                }
            }
            Unreadable::NotASummary => Issue::error("not an incident.io widget summary").allowed(
                "an object with `ongoing_incidents`, `in_progress_maintenances` or \
                 `scheduled_maintenances`, and `page_title` or `page_url` (or all inside \
                 `summary`)",
            ),
        }
    }
}

/// Reads an incident.io widget summary, with its problems.
pub fn read(text: &str) -> Records {
    let (dataset, issues) = match read_with::<true>(text) {
        Ok((dataset, notes)) => (dataset, notes.0),
        Err(unreadable) => (Dataset::default(), vec![unreadable.issue()]),
    };
    Records {
        dataset,
        issues,
        kind: Some("widget_summary".into()),
        ..Records::default()
    }
}

/// Reads an incident.io widget summary as the widget does, live: the records that can be
/// read (the others left out, as [`read`] leaves them out), no problems; `None` when the
/// document is not JSON or not a widget summary.
pub fn read_live(text: &str) -> Option<Dataset> {
    read_with::<false>(text).ok().map(|(dataset, _)| dataset)
}

fn read_with<const K: bool>(text: &str) -> Result<(Dataset, Notes<K>), Unreadable> {
    let mut s = RawSummary::new();
    Reader::new(text.as_bytes())
        .and_then(|mut r| {
            // JSON that is not an object is no summary (said below).
            if r.found() == "an object" {
                read_summary(&mut r, &mut s)?;
            } else {
                r.skip()?;
            }
            r.end()
        })
        .map_err(Unreadable::NotJson)?;
    // A wrapped summary is read alone (the proxy's wrapping), as a page's summary.
    if let Some(inner) = s.inner.take() {
        s = *inner;
        s.names_a_page = true;
    }
    if !(s.has_a_list && s.names_a_page) {
        return Err(Unreadable::NotASummary);
    }
    let mut notes = Notes::<K>(Vec::new());
    let mut data = Dataset {
        page: Page {
            name: s.page_title,
            url: s.page_url,
            time_zone: None,
        },
        ..Dataset::default()
    };
    let [ongoing, in_progress, scheduled] = s.lists;
    for (k, raw) in list(ongoing, LISTS[0], &mut notes).into_iter().enumerate() {
        let at = At(LISTS[0], k);
        if let Some(raw) = record(raw, at, &mut notes) {
            incident(raw, at, &mut data, &mut notes);
        }
    }
    for (list_name, raws, from, to, state) in [
        (LISTS[1], in_progress, 0, 1, UpdateStatus::InProgress),
        (LISTS[2], scheduled, 2, 3, UpdateStatus::Scheduled),
    ] {
        for (k, raw) in list(raws, list_name, &mut notes).into_iter().enumerate() {
            let at = At(list_name, k);
            if let Some(raw) = record(raw, at, &mut notes) {
                maintenance(raw, at, [from, to], state.clone(), &mut data, &mut notes);
            }
        }
    }
    data.covered_from = (data.incidents.iter().map(|i| i.start))
        .chain(data.maintenances.iter().map(|m| m.scheduled_for))
        .min();
    Ok((data, notes))
}

/// A list's records; what is not a list is one error, and no records.
fn list<T, const K: bool>(
    list: Result<Vec<T>, String>,
    path: &str,
    notes: &mut Notes<K>,
) -> Vec<T> {
    list.unwrap_or_else(|found| {
        notes.push(|| vendor::not_a_list(path, found));
        Vec::new()
    })
}

/// A record that could be read; anything else is an error, and left out.
fn record<const K: bool>(
    raw: Result<RawEvent, Unread>,
    path: At,
    notes: &mut Notes<K>,
) -> Option<RawEvent> {
    raw.map_err(|unread| {
        notes.push(|| match unread {
            Unread::NotAnObject(found) => vendor::not_an_object(path, found),
            Unread::Unreadable(e) => Issue::error(format!(
                "a record that cannot be read: left out: {}",
                e.message
            ))
            .at(Some(e.line), Some(e.column))
            .field(if e.field.is_empty() {
                path.to_string()
            } else {
                format!("{path}.{}", e.field)
            })
            .allowed("a JSON object, each key once"),
        });
    })
    .ok()
}

fn incident<const K: bool>(raw: RawEvent, path: At, data: &mut Dataset, notes: &mut Notes<K>) {
    let (Some(id), Some(at)) = (
        raw.id.clone(),
        instant(&raw.last_update_at, "last_update_at", path, notes),
    ) else {
        notes.push(|| {
            Issue::error("an incident without `id` or `last_update_at`: left out")
                .field(path.to_string())
                .allowed("`id`, and `last_update_at` an RFC 3339 time")
        });
        return;
    };
    let impact = match raw.current_worst_impact.as_deref().and_then(status) {
        Some(s) => vendor::impact_of(s),
        None => {
            notes.push(|| {
                Issue::warning(format!(
                    "incident `{id}`: no impact incident.io uses: read as `none`; give it in \
                     candor.toml (`[incidents.\"{id}\"]` `impact = ...`)"
                ))
                .field(format!("{path}.current_worst_impact"))
                .found(raw.current_worst_impact.unwrap_or_else(|| "nothing".into()))
                .allowed("degraded_performance, partial_outage, full_outage")
                .incident(&id)
                .settled_by("impact")
            });
            Impact::None
        }
    };
    notes.push(|| {
        Issue::warning(format!(
            "incident `{id}`: the widget gives no start: counted from its last update \
             (`last_update_at`), the earliest time it gives; give its start in candor.toml \
             (`[incidents.\"{id}\"]` `start = ...`)"
        ))
        .field(format!("{path}.last_update_at"))
        .incident(&id)
        .settled_by("start")
    });
    let mut affected = Vec::new();
    for c in raw.affected {
        let Some(cid) = c.id else {
            continue;
        };
        let current = c.status.as_deref().and_then(status);
        // The API speaks of a component only while an incident names it: from the earliest
        // time it gives for one, not from whatever else is open (a maintenance of days).
        match data.components.iter_mut().find(|known| known.id == cid) {
            Some(known) => known.since = known.since.map(|s| s.min(at)).or(Some(at)),
            None => data.components.push(Component {
                until: None,
                name: c.name.unwrap_or_else(|| cid.clone()),
                group: c.group,
                position: Some(data.components.len() as i64),
                status: current,
                since: Some(at),
                id: cid.clone(),
            }),
        }
        affected.push(AffectedComponent {
            component_id: Arc::from(cid.as_str()),
            transitions: current
                .map(|status| vec![StatusChange { at, status }])
                .unwrap_or_default(),
        });
    }
    let state = UpdateStatus::parse(raw.status.as_deref().unwrap_or_default());
    let updates: Vec<IncidentUpdate> = (raw.last_update_message)
        .map(|body| {
            vec![IncidentUpdate {
                at,
                status: state.clone(),
                body,
            }]
        })
        .unwrap_or_default();
    data.incidents.push(Incident {
        title: raw.name.unwrap_or_else(|| id.clone()).into(),
        status: state,
        updates: updates.into_boxed_slice(),
        components: affected.into(),
        url: raw.url.map(Into::into),
        ..Incident::new(&id, impact, at, None)
    });
}

/// A maintenance in progress (`started_at` to `scheduled_end_at`) or scheduled (`starts_at`
/// to `ends_at`): `times` says which of the record's times are its start and end.
fn maintenance<const K: bool>(
    raw: RawEvent,
    path: At,
    [from, to]: [usize; 2],
    state: UpdateStatus,
    data: &mut Dataset,
    notes: &mut Notes<K>,
) {
    const TIMES: [&str; 4] = ["started_at", "scheduled_end_at", "starts_at", "ends_at"];
    let start = instant(&raw.times[from], TIMES[from], path, notes)
        .or_else(|| instant(&raw.last_update_at, "last_update_at", path, notes));
    let (Some(id), Some(start)) = (raw.id, start) else {
        notes.push(|| {
            Issue::error(format!(
                "a maintenance without `id` or `{}`: left out",
                TIMES[from]
            ))
            .field(path.to_string())
            .allowed(format!("`id`, and `{}` an RFC 3339 time", TIMES[from]))
        });
        return;
    };
    let end = instant(&raw.times[to], TIMES[to], path, notes).filter(|e| *e >= start);
    data.maintenances.push(Maintenance {
        title: raw.name.unwrap_or_else(|| id.clone()),
        status: state,
        scheduled_for: start,
        scheduled_until: end,
        component_ids: raw.affected.into_iter().filter_map(|c| c.id).collect(),
        updates: Vec::new(),
        url: raw.url,
        id,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUMMARY: &str = include_str!("../tests/fixtures/incident-io/summary.json");

    #[test]
    fn ongoing_incidents_and_maintenances_are_read_with_their_components() {
        let r = read(SUMMARY);
        let d = &r.dataset;
        assert_eq!(d.page.name.as_deref(), Some("Acme"));
        let i = &d.incidents[0];
        assert_eq!((i.impact, i.is_open()), (Impact::Major, true));
        assert_eq!(
            i.components[0].transitions[0].status,
            ComponentStatus::PartialOutage
        );
        assert_eq!(d.components[0].group.as_deref(), Some("Platform"));
        let m: Vec<(&str, &UpdateStatus)> = d
            .maintenances
            .iter()
            .map(|m| (m.id.as_str(), &m.status))
            .collect();
        assert_eq!(
            m,
            [
                ("m-now", &UpdateStatus::InProgress),
                ("m-next", &UpdateStatus::Scheduled)
            ]
        );
        // The start the widget does not give is the one warning.
        assert_eq!(r.issues.len(), 1, "{:?}", r.issues);
        assert!(looks_like(&vendor::parse(SUMMARY).expect("json")));
        // The proxy's wrapping reads the same.
        let wrapped = format!("{{\"summary\": {SUMMARY}}}");
        assert_eq!(read(&wrapped).dataset.incidents.len(), 1);
    }

    #[test]
    fn a_bad_record_is_left_out_and_the_others_are_read() {
        let text = r#"{"page_title": "Acme", "ongoing_incidents": [
            7,
            {"id": "a", "last_update_at": "yesterday"},
            {"id": 42, "name": "  Login slow ", "last_update_at": "2026-09-12T10:30:00Z",
             "current_worst_impact": "degraded_performance",
             "affected_components": [3, {"component_id": "c1", "current_status": "degraded_performance"}]}
          ],
          "in_progress_maintenances": {"not": "a list"},
          "scheduled_maintenances": [{"id": "m", "starts_at": null, "last_update_at": "2026-09-10T09:00:00Z",
            "ends_at": 5}]}"#;
        let r = read(text);
        let fields: Vec<(&str, Option<&str>, Option<&str>)> = (r.issues.iter())
            .filter(|i| i.severity == crate::Severity::Error)
            .map(|i| (i.message.as_str(), i.field.as_deref(), i.found.as_deref()))
            .collect();
        assert_eq!(
            fields,
            [
                (
                    "a record that is not an object: left out",
                    Some("ongoing_incidents[0]"),
                    Some("7")
                ),
                (
                    "`last_update_at` is not a time",
                    Some("ongoing_incidents[1].last_update_at"),
                    Some("\"yesterday\"")
                ),
                (
                    "an incident without `id` or `last_update_at`: left out",
                    Some("ongoing_incidents[1]"),
                    None
                ),
                (
                    "`in_progress_maintenances` is not a list: its records are not read",
                    Some("in_progress_maintenances"),
                    Some("{\"not\": \"a list\"}")
                ),
                (
                    "`ends_at` is not a time",
                    Some("scheduled_maintenances[0].ends_at"),
                    Some("5")
                ),
            ]
        );
        let d = &r.dataset;
        let i = &d.incidents[0];
        assert_eq!(
            (&*i.id, &*i.title, i.impact),
            ("42", "Login slow", Impact::Minor)
        );
        assert_eq!(d.components[0].id, "c1");
        // A maintenance without its start is placed at its last update.
        let m = &d.maintenances[0];
        assert_eq!(
            (m.scheduled_for.to_rfc3339().as_str(), m.scheduled_until),
            ("2026-09-10T09:00:00+00:00", None)
        );
        assert_eq!(d.covered_from, Some(m.scheduled_for));
        // The widget's reading keeps the same records, without the problems.
        assert_eq!(read_live(text).as_ref(), Some(d));
        assert_eq!(read_live(SUMMARY), Some(read(SUMMARY).dataset));
        assert_eq!(read_live("[]"), None);
    }

    #[test]
    fn a_document_that_is_not_a_summary_is_one_error() {
        let not_json = read("{\"page_title\": \"Acme\",\n \"ongoing_incidents\": [}");
        let issue = &not_json.issues[0];
        assert_eq!((issue.line, issue.column), (Some(2), Some(24)), "{issue:?}");
        assert!(issue.message.starts_with("cannot be read"), "{issue:?}");
        for other in [
            r#"{"page": {"name": "x"}}"#,
            r#"{"ongoing_incidents": []}"#,
            "[]",
        ] {
            let r = read(other);
            assert_eq!(r.issues.len(), 1, "{other}");
            assert_eq!(r.issues[0].message, "not an incident.io widget summary");
            assert!(r.issues[0].field.is_none());
        }
        // Nothing open: an empty page, read without a problem.
        let quiet = read(
            r#"{"page_title": "Acme", "ongoing_incidents": [], "in_progress_maintenances": null}"#,
        );
        assert!(quiet.issues.is_empty() && quiet.dataset.incidents.is_empty());
    }

    #[test]
    fn a_record_with_a_key_twice_is_left_out_alone() {
        let text = r#"{"page_title": "Acme", "ongoing_incidents": [
            {"id": "a", "id": "b", "last_update_at": "2026-09-12T10:30:00Z"},
            {"id": 12345678901234567890, "last_update_at": "2026-09-12T10:30:00Z",
             "affected_components": [{"id": "c1", "name": "API", "current_status": "full_outage"}]}
          ]}"#;
        let r = read(text);
        let errors: Vec<(&str, Option<&str>)> = (r.issues.iter())
            .filter(|i| i.severity == crate::Severity::Error)
            .map(|i| (i.message.as_str(), i.field.as_deref()))
            .collect();
        assert_eq!(
            errors,
            [(
                "a record that cannot be read: left out: the key `id` is given twice",
                Some("ongoing_incidents[0]")
            )]
        );
        // The other is read; its id, past 2^53, as written.
        let i = &r.dataset.incidents[0];
        assert_eq!(&*i.id, "12345678901234567890");
        // Its component is known from the update that names it, not before.
        assert_eq!(r.dataset.components[0].since, Some(i.start));
    }

    #[test]
    fn a_wrapped_summary_is_read_alone() {
        let wrapped = format!(
            r#"{{"ongoing_incidents": [{{"id": "outside", "last_update_at": "2026-09-12T10:30:00Z"}}],
                "summary": {SUMMARY}}}"#
        );
        let r = read(&wrapped);
        let ids: Vec<&str> = r.dataset.incidents.iter().map(|i| &*i.id).collect();
        assert_eq!(ids, ["01J0000000000000000000000A"]);
        assert_eq!(r.dataset.page.name.as_deref(), Some("Acme"));
        let not_an_object = vendor::parse(r#"{"summary": "x", "ongoing_incidents": []}"#);
        assert!(!looks_like(&not_an_object.expect("json")));
    }
}
