//! Statuspage API v2 documents, as real pages serve them, read into the model.
//!
//! One parser for every document a page publishes: `summary.json`, `incidents.json`,
//! `incidents/unresolved.json`, a single incident (`/api/v2/incidents/{id}.json`),
//! `components.json`, `scheduled-maintenances.json` (and its `upcoming`/`active` variants) and
//! `status.json`. The kind is recognised from the document's keys, not its name, because the
//! widget reads them from URLs and `report-gen` from files named anyhow.
//!
//! What the API says is translated, never guessed:
//! - Component groups (`group: true`) are not components: their names become the `group` of
//!   their children. Positions are per group in the API; they are turned into one display order
//!   (top-level entries by position, each group's children after it).
//! - A component's status over an incident comes from the updates' `affected_components`.
//!   Some pages (GitHub's, for one) publish only `operational` there while the incident's impact
//!   says otherwise; transitions that never leave `operational` say nothing about the outage and
//!   are dropped, so the impact decides.
//! - Incidents migrated from before 2019 carry all their updates as one HTML list of
//!   timestamped entries in a single update; it is split into one update per entry whose
//!   timestamp can be read. Such incidents were stored with `resolved_at` equal to their start;
//!   their last entry then tells when they ended.
//!
//! No I/O and no clock: the widget runs this in the browser on text it fetched.

use chrono::{DateTime, Utc};
#[cfg(feature = "legacy")]
use chrono::{Duration, NaiveDateTime};

use crate::json::{self, JsonError, Reader};
use candor_core::id_index::IdIndex;
use candor_core::model::{
    AffectedComponent, Cause, Component, ComponentStatus, Dataset, Impact, Incident,
    IncidentUpdate, Maintenance, Page, Postmortem, StatusChange, UpdateStatus,
};

/// Which document of the API a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// `summary.json`: page, components, unresolved incidents, upcoming and active maintenance.
    Summary,
    /// `incidents.json` or `incidents/unresolved.json`: page and incidents.
    Incidents,
    /// `incidents/{id}.json`: page and one incident.
    Incident,
    /// `components.json`.
    Components,
    /// `scheduled-maintenances.json` and its `upcoming` and `active` variants.
    ScheduledMaintenances,
    /// `status.json`: page and overall status only; no records.
    Status,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Summary => "summary",
            DocumentKind::Incidents => "incidents",
            DocumentKind::Incident => "incident",
            DocumentKind::Components => "components",
            DocumentKind::ScheduledMaintenances => "scheduled_maintenances",
            DocumentKind::Status => "status",
        }
    }
}

/// A parsed document with what identifies it as a snapshot of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub kind: DocumentKind,
    /// Statuspage's id of the page: documents with the same id describe the same page.
    pub page_id: Option<String>,
    /// When the page last changed, as of this document.
    pub updated_at: Option<DateTime<Utc>>,
    pub dataset: Dataset,
    /// The records left out (errors) and the quirks repaired (warnings), in document order of
    /// the records.
    pub problems: Vec<RecordProblem>,
}

/// Whether a record problem left the record out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The record cannot be read at all and is left out; the other records are kept.
    Error,
    /// The record was read, with the repair the message states.
    Warning,
}

/// A problem in one record of a document, located for a person to find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordProblem {
    pub severity: Severity,
    /// The path to the value at fault, as `incidents[3].impact`.
    pub field: String,
    /// Where the value (or the record) starts, from 1.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// What is wrong, naming the record, and what was done about it.
    pub message: String,
    pub found: Option<String>,
    /// What the field accepts.
    pub allowed: Option<String>,
    /// The incident the problem is in, when it is one.
    pub incident: Option<String>,
    /// The key of an `[incidents.ID]` override that gives what the repair stands in for
    /// (`impact`, `title`): with it, the warning is settled.
    pub settled_by: Option<&'static str>,
}

/// Why a text could not be read as a Statuspage document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatuspageError {
    /// Not JSON, or JSON of the wrong shape outside the records (the `page`, a list that is
    /// not a list): the message says which, and what was found.
    #[error("line {line}, column {column}: {}", in_field(field, message))]
    Json {
        line: usize,
        column: usize,
        /// The path to the value at fault, as `incidents[3].impact`; empty at the top.
        field: String,
        message: String,
    },
    /// Valid JSON, but none of the documents the API serves.
    #[error(
        "not a Statuspage API v2 document: expected an object with `page` and one of \
         `incidents`, `incident`, `components`, `scheduled_maintenances` or `status`"
    )]
    NotStatuspage,
}

fn in_field(field: &str, message: &str) -> String {
    if field.is_empty() {
        message.to_string()
    } else {
        format!("`{field}`: {message}")
    }
}

impl From<JsonError> for StatuspageError {
    fn from(err: JsonError) -> Self {
        StatuspageError::Json {
            line: err.line,
            column: err.column,
            field: err.field,
            message: err.message,
        }
    }
}

/// Recognises the kind of document from its keys. `Ok(None)` for JSON that is not a Statuspage
/// document (an array, or an object without `page`); `Err` for text that is not JSON.
///
/// A key whose value is `null` counts as absent. The whole text is read (and must be JSON,
/// nested at most [`json::MAX_DEPTH`] deep), not only the keys.
pub fn detect(text: &str) -> Result<Option<DocumentKind>, StatuspageError> {
    let mut r = Reader::new(text.as_bytes())?;
    let mut keys = Keys::default();
    // Only an object can be a document; other JSON is still read, so that text that is not
    // JSON at all is an error.
    if r.found() == "an object" {
        // The keys that tell the documents apart.
        json::fields!(r, {
            "page" => keys.page = given(r)?,
            "components" => keys.components = given(r)?,
            "incidents" => keys.incidents = given(r)?,
            "incident" => keys.incident = given(r)?,
            "scheduled_maintenances" => keys.maintenances |= given(r)?,
            // `scheduled-maintenances/{id}.json`: the page and one maintenance.
            "scheduled_maintenance" => keys.maintenances |= given(r)?,
            "status" => keys.status = given(r)?,
        })?;
    } else {
        r.skip()?;
    }
    r.end()?;
    Ok(keys.kind())
}

/// Which of the keys that tell the documents apart a document gives (not `null`).
#[derive(Default)]
struct Keys {
    page: bool,
    components: bool,
    incidents: bool,
    incident: bool,
    maintenances: bool,
    status: bool,
}

impl Keys {
    /// The kind of document with these keys, if any.
    fn kind(&self) -> Option<DocumentKind> {
        if !self.page {
            return None;
        }
        let kind = match (
            self.components,
            self.incidents,
            self.incident,
            self.maintenances,
        ) {
            (true, true, _, _) | (true, _, _, true) => DocumentKind::Summary,
            (_, _, true, _) => DocumentKind::Incident,
            (_, true, _, _) => DocumentKind::Incidents,
            (true, _, _, _) => DocumentKind::Components,
            (_, _, _, true) => DocumentKind::ScheduledMaintenances,
            _ if self.status => DocumentKind::Status,
            _ => return None,
        };
        Some(kind)
    }
}

/// Skips a value: `true` unless it is `null`.
fn given(r: &mut Reader<'_>) -> json::Result<bool> {
    if r.null()? {
        return Ok(false);
    }
    r.skip()?;
    Ok(true)
}

/// Reads any Statuspage document into a dataset.
pub fn parse(text: &str) -> Result<Dataset, StatuspageError> {
    parse_document(text).map(|d| d.dataset)
}

/// Reads any Statuspage document, keeping which page it describes and as of when.
///
/// Whole-document errors are for text that is not JSON, or JSON that is not a Statuspage
/// document (or whose `page` cannot be read). Each record is read on its own: one that cannot
/// be read at all (a value of the wrong type, no `id`, no time to place it) is left out with an
/// error in [`Document::problems`]; a quirk a person would read past is repaired and noted
/// there as a warning (see the README's "Check your data" for each repair), and every other
/// record is kept.
pub fn parse_document(text: &str) -> Result<Document, StatuspageError> {
    let mut problems = Vec::new();
    let mut document = parse_document_into(text, &mut problems)?;
    document.problems = problems;
    Ok(document)
}

/// Where the record problems of [`parse_document_into`] go, as the caller chooses (ripgrep's
/// "sink"): `report-gen` collects them in a `Vec<RecordProblem>`; the widget, which shows none,
/// passes [`IgnoreProblems`], whose `REPORTS` is `false`, so that the compiler leaves every
/// message, path and location built for a problem out of its wasm.
pub trait Problems {
    /// Whether [`Problems::push`] keeps anything: when `false`, no problem is built at all.
    const REPORTS: bool;
    fn push(&mut self, problem: RecordProblem);
}

impl Problems for Vec<RecordProblem> {
    const REPORTS: bool = true;
    fn push(&mut self, problem: RecordProblem) {
        Vec::push(self, problem);
    }
}

/// A sink that drops every problem (and has none built).
pub struct IgnoreProblems;

impl Problems for IgnoreProblems {
    const REPORTS: bool = false;
    fn push(&mut self, _: RecordProblem) {}
}

/// Notes a problem built by `problem`, only when `P` keeps problems.
fn push<P: Problems>(notes: &mut Vec<RecordProblem>, problem: impl FnOnce() -> RecordProblem) {
    if P::REPORTS {
        notes.push(problem());
    }
}

/// [`parse_document`] with the record problems sent to `sink` (in document order of the
/// records, located) instead of [`Document::problems`], which is left empty.
pub fn parse_document_into<P: Problems>(
    text: &str,
    sink: &mut P,
) -> Result<Document, StatuspageError> {
    // The kind comes from the keys read in the one pass over the text (a pass of `detect`
    // first read every document twice).
    let mut r = Reader::new(text.as_bytes())?;
    if r.found() != "an object" {
        r.skip()?;
        r.end()?;
        return Err(StatuspageError::NotStatuspage);
    }
    let raw = read_document::<P>(&mut r)?;
    r.end()?;
    let kind = raw.keys.kind().ok_or(StatuspageError::NotStatuspage)?;
    let RawDocument {
        keys: _,
        page,
        components,
        listed_incidents,
        incidents,
        incident,
        scheduled_maintenances,
        unreadable,
    } = raw;
    let mut problems = unreadable;
    let mut page = page.unwrap_or_default();
    if P::REPORTS {
        for mut n in std::mem::take(&mut page.notes) {
            n.field = format!("page.{}", n.field);
            problems.push(n);
        }
    }
    let mut dataset = Dataset {
        page: Page {
            name: page.name,
            url: page.url,
            time_zone: page.time_zone,
        },
        ..Dataset::default()
    };
    if let Some(components) = components {
        let mut named = Vec::with_capacity(components.len());
        for (index, mut c) in components {
            let path = lazy_path::<P>(|| format!("components[{index}]"));
            let Some((id, name)) = component_name::<P>(&mut c, &path, &mut problems) else {
                continue;
            };
            if P::REPORTS {
                for mut n in std::mem::take(&mut c.notes) {
                    n.field = format!("{path}.{}", n.field);
                    n.message = format!("component `{id}`: {}", n.message);
                    problems.push(n);
                }
            }
            named.push((id, name, c));
        }
        dataset.components = components_in_display_order(named);
    }
    let incidents = (incidents.into_iter().flatten())
        .map(|(i, raw)| (lazy_path::<P>(|| format!("incidents[{i}]")), raw, false))
        .chain(incident.map(|raw| (lazy_path::<P>(|| "incident".to_string()), raw, false)));
    let maintenances = (scheduled_maintenances.into_iter().flatten()).map(|(i, raw)| {
        (
            lazy_path::<P>(|| format!("scheduled_maintenances[{i}]")),
            raw,
            true,
        )
    });
    for (path, mut raw, listed_as_maintenance) in incidents.chain(maintenances) {
        if raw.id.is_some() {
            for (k, c) in raw.components.iter_mut().enumerate() {
                if c.group {
                    continue;
                }
                let field = lazy_path::<P>(|| format!("{path}.components[{k}]"));
                let Some((id, name)) = component_name::<P>(c, &field, &mut problems) else {
                    continue;
                };
                if dataset.component(&id).is_none() {
                    dataset.components.push(Component {
                        until: None,
                        id,
                        name,
                        group: None,
                        position: None,
                        status: None,
                        since: c.created_at,
                    });
                }
            }
        }
        // A component an update names that the incident does not list is listed by the name
        // the update gives it, not shown by its id.
        for a in (raw.incident_updates.iter()).flat_map(|u| u.affected_components.iter().flatten())
        {
            if let (Some(id), Some(name)) = (&a.code, &a.name) {
                if dataset.component(id).is_none() && !name.trim().is_empty() {
                    dataset.components.push(Component {
                        until: None,
                        id: id.clone(),
                        name: name.clone(),
                        group: None,
                        position: None,
                        status: None,
                        since: None,
                    });
                }
            }
        }
        if listed_as_maintenance || raw.is_maintenance() {
            dataset
                .maintenances
                .extend(raw.into_maintenance::<P>(&path, &mut problems));
        } else {
            dataset
                .incidents
                .extend(raw.into_incident::<P>(&path, &mut problems));
        }
    }
    dataset.covered_from = coverage(kind, listed_incidents, &dataset, page.updated_at);
    if P::REPORTS {
        locate(text, &mut problems);
        for p in problems {
            sink.push(p);
        }
    }
    Ok(Document {
        kind,
        page_id: page.id,
        updated_at: page.updated_at,
        dataset,
        problems: Vec::new(),
    })
}

/// A record's path for its problems (`incidents[3]`), built only when `P` keeps problems.
fn lazy_path<P: Problems>(path: impl FnOnce() -> String) -> String {
    if P::REPORTS {
        path()
    } else {
        String::new()
    }
}

/// How many incidents the API's `incidents.json` serves: the most recent ones only.
pub const INCIDENTS_WINDOW: usize = 50;

/// Where a document's knowledge of the page's history begins (see [`Dataset::covered_from`]).
/// - `incidents.json` holding [`INCIDENTS_WINDOW`] incidents is the API's window: nothing is
///   known before its oldest incident's start (the components' `created_at`, years earlier,
///   would otherwise make those years 100% uptime). With fewer, it is the page's whole history.
/// - A single incident's document speaks of that incident only: from its start.
/// - `summary.json`, `components.json`, the maintenances and `status.json` list no past
///   incidents: they speak of the time since the page last changed (`page.updated_at`: every
///   incident and update changes it), their unresolved incidents aside. Without `updated_at`
///   they speak of no time at all.
fn coverage(
    kind: DocumentKind,
    listed_incidents: usize,
    data: &Dataset,
    updated_at: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    match kind {
        DocumentKind::Incidents if listed_incidents < INCIDENTS_WINDOW => None,
        // The oldest of the listed records (a record the API lists as an incident may be
        // read as a maintenance).
        DocumentKind::Incidents | DocumentKind::Incident => {
            let mut oldest = None;
            for t in (data.incidents.iter().map(|i| i.start))
                .chain(data.maintenances.iter().map(|m| m.scheduled_for))
            {
                oldest = Some(oldest.map_or(t, |o: DateTime<Utc>| o.min(t)));
            }
            oldest
        }
        DocumentKind::Summary
        | DocumentKind::Components
        | DocumentKind::ScheduledMaintenances
        | DocumentKind::Status => Some(updated_at.unwrap_or(DateTime::<Utc>::MAX_UTC)),
    }
}

/// Merges a snapshot of a page into an earlier snapshot of the same page (summary.json and
/// incidents.json both carry the unresolved incidents). Call it oldest document first: for a
/// component, `other`'s fields win where it has them; for an incident or a maintenance with the
/// same id, the more recently updated version is kept, `other`'s on a tie. The coverage is the
/// earliest any of them declares, or the whole history when one holds it
/// ([`candor_core::model::earliest_coverage`]); an empty dataset declares nothing.
pub fn merge(into: &mut Dataset, other: Dataset) {
    let mut merging = Merging::over(std::mem::take(into));
    merging.add(other);
    *into = merging.data;
}

/// Merges snapshots of one page, oldest first: the same as [`merge`] on each in turn, with one
/// index of ids kept across them. A page exported as a thousand files would otherwise be
/// indexed a thousand times, which made merging quadratic.
pub fn merge_all(snapshots: impl IntoIterator<Item = Dataset>) -> Dataset {
    let mut merging = Merging::over(Dataset::default());
    for snapshot in snapshots {
        merging.add(snapshot);
    }
    merging.data
}

/// A dataset being merged into, with where each incident and maintenance id is in it. Indexed
/// by id: pages publish thousands of incidents, and a scan per record would be quadratic.
struct Merging {
    data: Dataset,
    incidents: IdIndex<String>,
    maintenances: IdIndex<String>,
}

impl Merging {
    fn over(data: Dataset) -> Merging {
        let mut incidents = IdIndex::default();
        for (i, e) in data.incidents.iter().enumerate() {
            incidents.insert(String::from(e.id.as_str()), i);
        }
        let mut maintenances = IdIndex::default();
        for (i, e) in data.maintenances.iter().enumerate() {
            maintenances.insert(e.id.clone(), i);
        }
        Merging {
            data,
            incidents,
            maintenances,
        }
    }

    fn add(&mut self, other: Dataset) {
        let into = &mut self.data;
        into.covered_from = if into.is_empty() {
            other.covered_from
        } else if other.is_empty() {
            into.covered_from
        } else {
            candor_core::model::earliest_coverage(into.covered_from, other.covered_from)
        };
        let Dataset {
            page,
            components,
            incidents,
            maintenances,
            recorded_downtime,
            covered_from: _,
        } = other;
        into.page.name = page.name.or(into.page.name.take());
        into.page.url = page.url.or(into.page.url.take());
        into.page.time_zone = page.time_zone.or(into.page.time_zone.take());
        for c in components {
            match into.components.iter_mut().find(|e| e.id == c.id) {
                Some(e) => {
                    e.name = c.name;
                    e.group = c.group.or(e.group.take());
                    e.position = c.position.or(e.position);
                    e.status = c.status.or(e.status);
                    e.since = match (e.since, c.since) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                }
                None => into.components.push(c),
            }
        }
        for incident in incidents {
            match self.incidents.get(incident.id.as_str()) {
                Some(i) => {
                    let e = &into.incidents[i];
                    if recency(&incident.updates, incident.end, incident.start)
                        >= recency(&e.updates, e.end, e.start)
                    {
                        into.incidents[i] = incident;
                    }
                }
                None => {
                    self.incidents
                        .insert(String::from(incident.id.as_str()), into.incidents.len());
                    into.incidents.push(incident);
                }
            }
        }
        for m in maintenances {
            match self.maintenances.get(&m.id) {
                Some(i) => {
                    let e = &into.maintenances[i];
                    if recency(&m.updates, m.scheduled_until, m.scheduled_for)
                        >= recency(&e.updates, e.scheduled_until, e.scheduled_for)
                    {
                        into.maintenances[i] = m;
                    }
                }
                None => {
                    self.maintenances
                        .insert(m.id.clone(), into.maintenances.len());
                    into.maintenances.push(m);
                }
            }
        }
        into.recorded_downtime.extend(recorded_downtime);
    }
}

/// How far a record's story has got: its latest update, then whether it has ended, then how
/// many updates it has. A later snapshot of a record is never behind an earlier one.
fn recency(
    updates: &[IncidentUpdate],
    end: Option<DateTime<Utc>>,
    start: DateTime<Utc>,
) -> (DateTime<Utc>, bool, usize) {
    let latest = updates.iter().map(|u| u.at).max().unwrap_or(start);
    (
        latest.max(end.unwrap_or(start)),
        end.is_some(),
        updates.len(),
    )
}

// The documents as the API gives them, read on `json::Reader` (not serde's derive, which was
// most of the widget's Statuspage build: see `json`). Each reading function below reads one
// object; what it does not name is skipped. A key whose value is `null` is absent (a list then
// empty, `group` false: pages publish such nulls); a key given twice is an error.
//
// Records are read one by one: a record with a value of the wrong type (or a key given twice)
// cannot be read and is left out with an error; a quirk in one (a word the reader does not
// know, a time it cannot read, a missing name) is noted where it was found, with its line and
// column, and repaired when the record is converted (see `parse_document`).

#[derive(Default)]
struct RawDocument {
    /// The keys given, for the kind of document.
    keys: Keys,
    page: Option<RawPage>,
    components: Option<Vec<(usize, RawComponent)>>,
    /// How many records the `incidents` list held, readable or not.
    listed_incidents: usize,
    incidents: Option<Vec<(usize, RawIncident)>>,
    incident: Option<RawIncident>,
    scheduled_maintenances: Option<Vec<(usize, RawIncident)>>,
    /// Records that could not be read at all.
    unreadable: Vec<RecordProblem>,
}

#[derive(Default)]
struct RawPage {
    id: Option<String>,
    name: Option<String>,
    url: Option<String>,
    time_zone: Option<String>,
    updated_at: Option<DateTime<Utc>>,
    notes: Vec<RecordProblem>,
}

#[derive(Default)]
struct RawComponent {
    id: Option<String>,
    name: Option<String>,
    status: Option<ComponentStatus>,
    created_at: Option<DateTime<Utc>>,
    position: Option<i64>,
    group_id: Option<String>,
    group: bool,
    notes: Vec<RecordProblem>,
    place: Place,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RawImpact {
    None,
    Minor,
    Major,
    Critical,
    Maintenance,
}

impl RawImpact {
    const ALL: [RawImpact; 5] = [
        RawImpact::None,
        RawImpact::Minor,
        RawImpact::Major,
        RawImpact::Critical,
        RawImpact::Maintenance,
    ];

    fn as_str(self) -> &'static str {
        match self {
            RawImpact::None => "none",
            RawImpact::Minor => "minor",
            RawImpact::Major => "major",
            RawImpact::Critical => "critical",
            RawImpact::Maintenance => "maintenance",
        }
    }
}

/// Where a value starts in the document, in bytes. Turned into a line and column only for the
/// few values a problem is about, all at once ([`locate`]): counting lines for every record
/// would read a large document once per record.
type Place = usize;

#[derive(Default)]
struct RawIncident {
    id: Option<String>,
    name: Option<String>,
    status: Option<String>,
    impact: Option<RawImpact>,
    /// The impact's word when it is none the API uses, and where it is; `None` when absent.
    unknown_impact: Option<(String, Place)>,
    created_at: Option<DateTime<Utc>>,
    started_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    scheduled_for: Option<DateTime<Utc>>,
    scheduled_until: Option<DateTime<Utc>>,
    shortlink: Option<String>,
    postmortem_body: Option<String>,
    postmortem_published_at: Option<DateTime<Utc>>,
    incident_updates: Vec<RawUpdate>,
    components: Vec<RawComponent>,
    /// Where the record starts.
    place: Place,
    /// What was repaired while reading, with fields relative to the record.
    notes: Vec<RecordProblem>,
}

#[derive(Default)]
struct RawUpdate {
    /// The update's index in `incident_updates`.
    index: usize,
    place: Place,
    status: Option<String>,
    body: Option<String>,
    created_at: Option<DateTime<Utc>>,
    display_at: Option<DateTime<Utc>>,
    affected_components: Option<Vec<RawAffected>>,
}

impl RawUpdate {
    fn at(&self) -> Option<DateTime<Utc>> {
        self.display_at.or(self.created_at)
    }
}

#[derive(Default)]
struct RawAffected {
    code: Option<String>,
    /// The component's name as the update gives it: the only place some incidents name a
    /// component they do not list.
    name: Option<String>,
    new_status: Option<ComponentStatus>,
}

fn place(r: &mut Reader<'_>) -> Place {
    r.mark()
}

/// Gives each problem noted while reading (`line` still `None`, `column` its byte offset) its
/// line and column, from 1, the column in characters: in one pass over the text.
fn locate(text: &str, problems: &mut [RecordProblem]) {
    let mut pending: Vec<(usize, usize)> = (problems.iter().enumerate())
        .filter(|(_, p)| p.line.is_none())
        .filter_map(|(i, p)| Some((p.column?, i)))
        .collect();
    pending.sort_unstable();
    let bytes = text.as_bytes();
    let (mut line, mut column, mut pos) = (1, 1, 0);
    for (offset, i) in pending {
        let offset = offset.min(bytes.len());
        for &b in &bytes[pos.min(offset)..offset] {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                column += 1;
            }
        }
        pos = pos.max(offset);
        problems[i].line = Some(line);
        problems[i].column = Some(column);
    }
}

/// A warning about the value at `place`, its field relative to its record. Until [`locate`]
/// places it, its `line` is `None` and its `column` the byte offset.
fn note(place: Place, field: impl Into<String>, message: impl Into<String>) -> RecordProblem {
    RecordProblem {
        severity: Severity::Warning,
        field: field.into(),
        line: None,
        column: Some(place),
        message: message.into(),
        found: None,
        allowed: None,
        incident: None,
        settled_by: None,
    }
}

/// The one of `all` whose name `text` is; else the one it names once spaces, hyphens and case
/// are set aside (`Major Outage`), with `false` for "not exactly".
fn known_word<T: Copy>(all: &[T], name: fn(T) -> &'static str, text: &str) -> Option<(T, bool)> {
    if let Some(v) = all.iter().copied().find(|v| name(*v) == text) {
        return Some((v, true));
    }
    let loose: String = (text.trim().chars())
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    all.iter()
        .copied()
        .find(|v| name(*v) == loose)
        .map(|v| (v, false))
}

/// An instant, or `null`; a string that is not an RFC 3339 instant is noted and read as absent.
fn lenient_instant<P: Problems>(
    r: &mut Reader<'_>,
    notes: &mut Vec<RecordProblem>,
    field: &str,
) -> json::Result<Option<DateTime<Utc>>> {
    if r.null()? {
        return Ok(None);
    }
    let at = place(r);
    let text = r.string()?;
    match crate::wire_time::parse_instant(&text) {
        Ok(t) => Ok(Some(t)),
        Err(_) => {
            push::<P>(notes, || RecordProblem {
                found: Some(text),
                allowed: Some("an RFC 3339 instant such as 2026-08-22T14:05:00Z".into()),
                ..note(
                    at,
                    field,
                    "a time that cannot be read: taken as absent (the record's other times \
                     stand in)",
                )
            });
            Ok(None)
        }
    }
}

/// A component status, or `null`; a word the API does not use is noted and read as unknown.
fn lenient_status<P: Problems>(
    r: &mut Reader<'_>,
    notes: &mut Vec<RecordProblem>,
    field: &str,
) -> json::Result<Option<ComponentStatus>> {
    if r.null()? {
        return Ok(None);
    }
    let at = place(r);
    let text = r.string()?;
    let status = match known_word(&ComponentStatus::ALL, ComponentStatus::as_str, &text) {
        Some((status, true)) => return Ok(Some(status)),
        Some((status, false)) => Some(status),
        None => None,
    };
    push::<P>(notes, || RecordProblem {
        found: Some(text),
        allowed: Some(words(&ComponentStatus::ALL, ComponentStatus::as_str)),
        ..match status {
            Some(status) => note(at, field, format!("read as `{}`", status.as_str())),
            None => note(at, field, "a status the API does not use: read as unknown"),
        }
    });
    Ok(status)
}

fn words<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> String {
    all.iter().map(|v| name(*v)).collect::<Vec<_>>().join(", ")
}

/// Reads a list of records, each on its own ([`record`]); `read` reads the record at the
/// reader with its index and keeps it. Then how many records the list held, readable or not.
/// Not generic over the record's type: one copy of this and its closure serves every list.
fn records<P: Problems>(
    r: &mut Reader<'_>,
    list: &str,
    read: &mut dyn FnMut(&mut Reader<'_>, usize) -> json::Result<()>,
    unreadable: &mut Vec<RecordProblem>,
) -> json::Result<usize> {
    let mut index = 0;
    r.array(&mut |r| {
        record::<P>(r, list, Some(index), &mut |r| read(r, index), unreadable)?;
        index += 1;
        Ok(())
    })?;
    Ok(index)
}

/// Reads one record, on a copy of the reader: one that cannot be read is skipped, and its
/// error, named by its index in `list` (and id where it has one), is kept in `unreadable`.
fn record<P: Problems>(
    r: &mut Reader<'_>,
    list: &str,
    index: Option<usize>,
    read: &mut dyn FnMut(&mut Reader<'_>) -> json::Result<()>,
    unreadable: &mut Vec<RecordProblem>,
) -> json::Result<()> {
    let mut attempt = r.clone();
    match read(&mut attempt) {
        Ok(()) => *r = attempt,
        Err(err) => {
            push::<P>(unreadable, || {
                let id = record_id(&mut r.clone());
                unreadable_record(list, index, id, err)
            });
            // Skipping fails only where the text is not JSON: the whole document is then.
            r.skip()?;
        }
    }
    Ok(())
}

/// The id of the record at the reader, if it has one as a string.
fn record_id(r: &mut Reader<'_>) -> Option<String> {
    let mut id = None;
    let _ = json::fields!(r, {
        "id" => id = r.optional_string()?,
    });
    id
}

fn unreadable_record(
    list: &str,
    index: Option<usize>,
    id: Option<String>,
    err: JsonError,
) -> RecordProblem {
    let err = match index {
        Some(index) => err.in_item(index),
        None => err,
    }
    .in_field(list);
    let kind = match list {
        "incidents" | "incident" => "incident",
        "scheduled_maintenances" | "scheduled_maintenance" => "maintenance",
        _ => "component",
    };
    let name = match &id {
        Some(id) => format!("{kind} `{id}`"),
        None => format!("an {kind} without an `id`").replace("an c", "a c"),
    };
    RecordProblem {
        severity: Severity::Error,
        field: err.field,
        line: Some(err.line),
        column: Some(err.column),
        message: format!("{name} cannot be read and is left out: {}", err.message),
        found: None,
        allowed: None,
        incident: id,
        settled_by: None,
    }
}

/// Whether one record's own document (`incidents/{id}.json`, `scheduled-maintenances/{id}.json`)
/// is read: what an archive of a page holds (`report-gen pull`, GitHub's published history),
/// never what the widget fetches live (`summary.json`, `incidents.json`), so the widget, which
/// builds without the default feature `archive`, leaves its code out of the wasm.
const ONE_RECORD_DOCUMENTS: bool = cfg!(feature = "archive");

fn read_document<P: Problems>(r: &mut Reader<'_>) -> json::Result<RawDocument> {
    let mut doc = RawDocument::default();
    // `null` is read as an absent key.
    let unreadable = &mut doc.unreadable;
    let keys = &mut doc.keys;
    json::fields!(r, {
        "page" => if !r.null()? {
            keys.page = true;
            doc.page = Some(read_page::<P>(r)?);
        },
        "components" => if !r.null()? {
            keys.components = true;
            let mut list = Vec::new();
            let read = &mut |r: &mut Reader<'_>, n| {
                list.push((n, read_component::<P>(r)?));
                Ok(())
            };
            records::<P>(r, "components", read, unreadable)?;
            doc.components = Some(list);
        },
        "incidents" => if !r.null()? {
            keys.incidents = true;
            let mut list = Vec::new();
            let read = &mut |r: &mut Reader<'_>, n| {
                list.push((n, read_incident::<P>(r)?));
                Ok(())
            };
            doc.listed_incidents = records::<P>(r, "incidents", read, unreadable)?;
            doc.incidents = Some(list);
        },
        "incident" => if !ONE_RECORD_DOCUMENTS {
            r.skip()?;
        } else if !r.null()? {
            keys.incident = true;
            let read = &mut |r: &mut Reader<'_>| {
                doc.incident = Some(read_incident::<P>(r)?);
                Ok(())
            };
            record::<P>(r, "incident", None, read, unreadable)?;
        },
        "scheduled_maintenances" => if !r.null()? {
            keys.maintenances = true;
            let mut list = Vec::new();
            let read = &mut |r: &mut Reader<'_>, n| {
                list.push((n, read_incident::<P>(r)?));
                Ok(())
            };
            records::<P>(r, "scheduled_maintenances", read, unreadable)?;
            doc.scheduled_maintenances = Some(list);
        },
        // One maintenance's document: read as a list of one.
        "scheduled_maintenance" => if !ONE_RECORD_DOCUMENTS {
            r.skip()?;
        } else if !r.null()? {
            let mut one = None;
            let read = &mut |r: &mut Reader<'_>| {
                one = Some(read_incident::<P>(r)?);
                Ok(())
            };
            record::<P>(r, "scheduled_maintenance", None, read, unreadable)?;
            if let Some(raw) = one {
                keys.maintenances = true;
                doc.scheduled_maintenances.get_or_insert_with(Vec::new).push((0, raw));
            }
        },
        "status" => keys.status = given(r)?,
    })?;
    Ok(doc)
}

fn read_page<P: Problems>(r: &mut Reader<'_>) -> json::Result<RawPage> {
    let mut page = RawPage::default();
    json::fields!(r, {
        "id" => page.id = r.optional_string()?,
        "name" => page.name = r.optional_string()?,
        "url" => page.url = r.optional_string()?,
        "time_zone" => page.time_zone = r.optional_string()?,
        "updated_at" => page.updated_at = lenient_instant::<P>(r, &mut page.notes, "updated_at")?,
    })?;
    Ok(page)
}

fn read_component<P: Problems>(r: &mut Reader<'_>) -> json::Result<RawComponent> {
    let mut c = RawComponent {
        place: place(r),
        ..RawComponent::default()
    };
    json::fields!(r, {
        "id" => c.id = r.optional_string()?,
        "name" => c.name = r.optional_string()?,
        "status" => c.status = lenient_status::<P>(r, &mut c.notes, "status")?,
        "created_at" => c.created_at = lenient_instant::<P>(r, &mut c.notes, "created_at")?,
        "position" => c.position = if r.null()? { None } else { Some(r.integer()?) },
        "group_id" => c.group_id = r.optional_string()?,
        // `null` reads as absent: not a group.
        "group" => c.group = !r.null()? && r.boolean()?,
    })?;
    Ok(c)
}

fn read_incident<P: Problems>(r: &mut Reader<'_>) -> json::Result<RawIncident> {
    let mut i = RawIncident {
        place: place(r),
        ..RawIncident::default()
    };
    let notes = &mut i.notes;
    json::fields!(r, {
        "id" => i.id = r.optional_string()?,
        "name" => i.name = r.optional_string()?,
        "status" => i.status = r.optional_string()?,
        "impact" => if !r.null()? {
            let at = place(r);
            let text = r.string()?;
            match known_word(&RawImpact::ALL, RawImpact::as_str, &text) {
                Some((impact, true)) => i.impact = Some(impact),
                Some((impact, false)) => {
                    push::<P>(notes, || RecordProblem {
                        found: Some(text),
                        allowed: Some(words(&RawImpact::ALL, RawImpact::as_str)),
                        ..note(at, "impact", format!("read as `{}`", impact.as_str()))
                    });
                    i.impact = Some(impact);
                }
                None => i.unknown_impact = Some((text, at)),
            }
        },
        "created_at" => i.created_at = lenient_instant::<P>(r, notes, "created_at")?,
        "started_at" => i.started_at = lenient_instant::<P>(r, notes, "started_at")?,
        "resolved_at" => i.resolved_at = lenient_instant::<P>(r, notes, "resolved_at")?,
        "scheduled_for" => i.scheduled_for = lenient_instant::<P>(r, notes, "scheduled_for")?,
        "scheduled_until" => {
            i.scheduled_until = lenient_instant::<P>(r, notes, "scheduled_until")?;
        },
        "shortlink" => i.shortlink = r.optional_string()?,
        // `null` reads as absent: no updates, no components.
        "incident_updates" => if !r.null()? {
            let mut index = 0;
            r.items(&mut |r| {
                let mut u = read_update::<P>(r, notes, index)?;
                u.index = index;
                i.incident_updates.push(u);
                index += 1;
                Ok(())
            })?;
        },
        "components" => if !r.null()? {
            let mut index = 0;
            r.items(&mut |r| {
                let mut c = read_component::<P>(r)?;
                if P::REPORTS {
                    let prefix = format!("components[{index}].");
                    for mut n in std::mem::take(&mut c.notes) {
                        n.field.insert_str(0, &prefix);
                        notes.push(n);
                    }
                }
                i.components.push(c);
                index += 1;
                Ok(())
            })?;
        },
        "postmortem_body" => i.postmortem_body = r.optional_string()?,
        "postmortem_published_at" => {
            let field = "postmortem_published_at";
            i.postmortem_published_at = lenient_instant::<P>(r, notes, field)?;
        },
    })?;
    Ok(i)
}

fn read_update<P: Problems>(
    r: &mut Reader<'_>,
    notes: &mut Vec<RecordProblem>,
    index: usize,
) -> json::Result<RawUpdate> {
    let mut u = RawUpdate {
        place: place(r),
        ..RawUpdate::default()
    };
    let field_of = |name: &str| lazy_path::<P>(|| format!("incident_updates[{index}].{name}"));
    json::fields!(r, {
        "status" => u.status = r.optional_string()?,
        "body" => u.body = r.optional_string()?,
        "created_at" => {
            u.created_at = lenient_instant::<P>(r, notes, &field_of("created_at"))?;
        },
        "display_at" => {
            u.display_at = lenient_instant::<P>(r, notes, &field_of("display_at"))?;
        },
        "affected_components" => if !r.null()? {
            let mut list = Vec::new();
            let mut k = 0;
            r.items(&mut |r| {
                let at = place(r);
                let mut a = RawAffected::default();
                let field =
                    lazy_path::<P>(|| field_of(&format!("affected_components[{k}].new_status")));
                json::fields!(r, {
                    "code" => a.code = r.optional_string()?,
                    "new_status" => a.new_status = lenient_status::<P>(r, notes, &field)?,
                    "name" => a.name = r.optional_string()?,
                })?;
                if a.code.is_none() {
                    push::<P>(notes, || {
                        note(
                            at,
                            field_of(&format!("affected_components[{k}]")),
                            "an affected component without `code`: left out of the incident",
                        )
                    });
                }
                list.push(a);
                k += 1;
                Ok(())
            })?;
            u.affected_components = Some(list);
        },
    })?;
    Ok(u)
}

/// Groups become their children's group names; the API's per-group positions become one
/// display order: the top level (groups, and components whose group is not in the document) by
/// position, each group's children in its place, by their own positions. Ties keep the
/// document's order. Every component here has an id.
fn components_in_display_order(raw: Vec<(String, String, RawComponent)>) -> Vec<Component> {
    // A page has a few groups: a search of the list is all the map it needs.
    let group_of = |c: &RawComponent| {
        let id = c.group_id.as_deref()?;
        raw.iter().position(|(gid, _, g)| g.group && gid == id)
    };
    // A place: a position (none is last), then the place in the document.
    type Order = (i64, usize);
    let place = |i: usize| -> Order { (raw[i].2.position.unwrap_or(i64::MAX), i) };
    // Each component's place: its group's place at the top level, then its own. A group
    // inside a group is not shown, nor are its children.
    let mut shown: Vec<(Order, Order, usize)> = Vec::new();
    for (i, (_, _, c)) in raw.iter().enumerate() {
        if c.group {
            continue;
        }
        match group_of(c) {
            None => shown.push((place(i), (i64::MIN, 0), i)),
            Some(g) if group_of(&raw[g].2).is_none() => shown.push((place(g), place(i), i)),
            Some(_) => {}
        }
    }
    candor_core::sort::sort_by_key(&mut shown, |s| (s.0, s.1));
    shown
        .into_iter()
        .enumerate()
        .map(|(position, (_, _, i))| {
            let (id, name, c) = &raw[i];
            Component {
                until: None,
                id: id.clone(),
                name: name.clone(),
                group: group_of(c).map(|g| raw[g].1.clone()),
                position: Some(position as i64),
                status: c.status,
                since: c.created_at,
            }
        })
        .collect()
}

/// A component's id and name; `None` (with an error) without an id. A component without a name
/// is shown by its id.
fn component_name<P: Problems>(
    c: &mut RawComponent,
    path: &str,
    problems: &mut Vec<RecordProblem>,
) -> Option<(String, String)> {
    let Some(id) = c.id.clone() else {
        push::<P>(problems, || RecordProblem {
            severity: Severity::Error,
            message: "a component without `id` cannot be read and is left out".into(),
            ..note(c.place, path, "")
        });
        return None;
    };
    let name = c.name.clone().unwrap_or_else(|| {
        push::<P>(problems, || RecordProblem {
            found: Some("nothing".into()),
            ..note(
                c.place,
                format!("{path}.name"),
                format!("component `{id}` has no `name`: shown by its id"),
            )
        });
        id.clone()
    });
    Some((id, name))
}

/// The impact an incident's updates tell when its own is missing or unknown: the worst status
/// they gave a component (major outage: critical, partial outage: major, degraded performance:
/// minor), else none.
fn impact_of_updates(updates: &[RawUpdate]) -> Impact {
    let worst = (updates.iter())
        .flat_map(|u| u.affected_components.iter().flatten())
        .filter_map(|a| a.new_status)
        .max();
    match worst {
        Some(ComponentStatus::MajorOutage) => Impact::Critical,
        Some(ComponentStatus::PartialOutage) => Impact::Major,
        Some(ComponentStatus::DegradedPerformance) => Impact::Minor,
        _ => Impact::None,
    }
}

impl RawIncident {
    fn is_maintenance(&self) -> bool {
        self.impact == Some(RawImpact::Maintenance)
            || (self.scheduled_for.is_some()
                && matches!(
                    self.status.as_deref().map(UpdateStatus::parse),
                    Some(
                        UpdateStatus::Scheduled
                            | UpdateStatus::InProgress
                            | UpdateStatus::Verifying
                            | UpdateStatus::Completed
                    )
                ))
    }

    /// Leaves out the updates without a time (noting each) and puts the others oldest first
    /// (ties in the document's order), so that what follows reads only timed ones, in order.
    fn drop_untimed_updates<P: Problems>(&mut self) {
        let (mut timed, untimed): (Vec<_>, Vec<_>) = std::mem::take(&mut self.incident_updates)
            .into_iter()
            .partition(|u| u.at().is_some());
        candor_core::sort::sort_by_key(&mut timed, RawUpdate::at);
        self.incident_updates = timed;
        for u in untimed {
            push::<P>(&mut self.notes, || RecordProblem {
                found: u.body.map(|b| b.chars().take(80).collect()),
                ..note(
                    u.place,
                    format!("incident_updates[{}]", u.index),
                    "an update without a readable `display_at` or `created_at`: left out",
                )
            });
        }
    }

    /// The earliest update's time, for a record that gives no start of its own.
    fn first_update(&self) -> Option<DateTime<Utc>> {
        self.incident_updates.iter().filter_map(RawUpdate::at).min()
    }

    /// The published updates, oldest first (as [`RawIncident::drop_untimed_updates`] left
    /// them), legacy lists split into their entries.
    fn updates(&self) -> Vec<IncidentUpdate> {
        let updates: Vec<IncidentUpdate> = (self.incident_updates.iter())
            .filter_map(|u| {
                Some(IncidentUpdate {
                    at: u.at()?,
                    status: UpdateStatus::parse(u.status.as_deref().unwrap_or("")),
                    body: u.body.clone().unwrap_or_default(),
                })
            })
            .collect();
        #[cfg(feature = "legacy")]
        if let [single] = updates.as_slice() {
            if let Some(split) = split_legacy_update(single) {
                return split;
            }
        }
        updates
    }

    /// The affected components with the statuses the updates gave them.
    fn affected(&self) -> Vec<AffectedComponent> {
        // Each component's transitions, in the order the components are named (the incident's
        // list, then the updates'). An incident names a handful: a list searched by id, not a
        // hash map. A component listed twice keeps its place twice; the first gets the changes.
        let mut affected: Vec<(String, Vec<StatusChange>)> = (self.components.iter())
            .filter(|c| !c.group)
            .filter_map(|c| Some((c.id.clone()?, Vec::new())))
            .collect();
        // Oldest first, as `drop_untimed_updates` left them.
        for u in &self.incident_updates {
            let Some(at) = u.at() else {
                continue;
            };
            for a in u.affected_components.iter().flatten() {
                let Some(code) = &a.code else {
                    continue;
                };
                let i = match affected.iter().position(|(id, _)| id == code) {
                    Some(i) => i,
                    None => {
                        affected.push((code.clone(), Vec::new()));
                        affected.len() - 1
                    }
                };
                if let Some(status) = a.new_status {
                    affected[i].1.push(StatusChange { at, status });
                }
            }
        }
        affected
            .into_iter()
            .map(|(id, mut changes)| {
                if changes
                    .iter()
                    .all(|c| c.status == ComponentStatus::Operational)
                {
                    changes.clear();
                }
                AffectedComponent {
                    component_id: id.into(),
                    transitions: changes,
                }
            })
            .collect()
    }

    /// Moves the notes into `problems`, under the record's path and name.
    fn report<P: Problems>(&mut self, path: &str, kind: &str, problems: &mut Vec<RecordProblem>) {
        if !P::REPORTS {
            return;
        }
        let id = self.id.clone().unwrap_or_default();
        for mut n in std::mem::take(&mut self.notes) {
            n.field = format!("{path}.{}", n.field);
            n.message = format!("{kind} `{id}`: {}", n.message);
            if kind == "incident" {
                n.incident = Some(id.clone());
            }
            problems.push(n);
        }
    }

    /// An error that leaves the record out, at its place (or the place of the value that could
    /// not be read, when the notes hold it), replacing its notes.
    fn left_out(&mut self, path: &str, message: String, fields: &[&str]) -> RecordProblem {
        let unreadable = (self.notes.iter()).find(|n| fields.contains(&n.field.as_str()));
        let (field, line, column, found) = match unreadable {
            Some(n) => (
                format!("{path}.{}", n.field),
                n.line,
                n.column,
                n.found.clone(),
            ),
            None => (path.to_string(), None, Some(self.place), None),
        };
        self.notes.clear();
        RecordProblem {
            severity: Severity::Error,
            line,
            column,
            found,
            ..note(0, field, message)
        }
    }

    /// The incident, with every quirk repaired and noted in `problems`; `None` (with an error)
    /// for one that cannot be read: no id, or no time at all to start it.
    fn into_incident<P: Problems>(
        mut self,
        path: &str,
        problems: &mut Vec<RecordProblem>,
    ) -> Option<Incident> {
        let Some(id) = self.id.clone() else {
            push::<P>(problems, || {
                self.left_out(
                    path,
                    "an incident without `id` cannot be read and is left out".into(),
                    &[],
                )
            });
            return None;
        };
        self.drop_untimed_updates::<P>();
        let Some(start) = (self.started_at.or(self.created_at)).or_else(|| self.first_update())
        else {
            push::<P>(problems, || {
                self.left_out(
                    path,
                    format!(
                        "incident `{id}` has no readable `started_at`, `created_at` or update \
                         time: it cannot be placed in time and is left out"
                    ),
                    &["started_at", "created_at"],
                )
            });
            return None;
        };
        if self.started_at.or(self.created_at).is_none() {
            push::<P>(&mut self.notes, || {
                note(
                    self.place,
                    "started_at",
                    "neither `started_at` nor `created_at`: taken to start at its first update",
                )
            });
        }
        let impact = match self.impact {
            Some(RawImpact::None) => Impact::None,
            Some(RawImpact::Minor) => Impact::Minor,
            Some(RawImpact::Major) => Impact::Major,
            Some(RawImpact::Critical) => Impact::Critical,
            Some(RawImpact::Maintenance) | None => {
                let impact = impact_of_updates(&self.incident_updates);
                let (found, at) = match self.unknown_impact.take() {
                    Some((word, at)) => (Some(word), at),
                    None => (None, self.place),
                };
                push::<P>(&mut self.notes, || RecordProblem {
                    found: Some(found.unwrap_or_else(|| "nothing".to_string())),
                    allowed: Some(words(&RawImpact::ALL, RawImpact::as_str)),
                    settled_by: Some("impact"),
                    ..note(
                        at,
                        "impact",
                        format!(
                            "no impact the API uses: taken as `{}` from the worst status its \
                             updates gave a component (major_outage: critical, partial_outage: \
                             major, degraded_performance: minor, else none); give it in \
                             candor.toml (`[incidents.\"{id}\"]` `impact = ...`)",
                            impact.as_str()
                        ),
                    )
                });
                impact
            }
        };
        let title = self.name.clone().unwrap_or_else(|| {
            push::<P>(&mut self.notes, || RecordProblem {
                settled_by: Some("title"),
                ..note(self.place, "name", "no `name`: titled by its id")
            });
            id.clone()
        });
        let status = UpdateStatus::parse(self.status.as_deref().unwrap_or(""));
        let updates = self.updates();
        let resolved = matches!(status, UpdateStatus::Resolved | UpdateStatus::Postmortem);
        let mut end = self.resolved_at;
        if resolved {
            // A resolved incident without `resolved_at`, or a legacy one whose `resolved_at`
            // is its start: its last update is when it was over.
            let last = updates.iter().map(|u| u.at).max();
            end = match (end, last) {
                (Some(e), Some(l)) if self.incident_updates.len() == 1 && updates.len() > 1 => {
                    Some(e.max(l))
                }
                (Some(e), _) => Some(e),
                (None, l) => Some(l.unwrap_or(start)),
            };
        }
        let components = self.affected().into();
        let postmortem = self.postmortem();
        self.report::<P>(path, "incident", problems);
        Some(Incident {
            id: id.into(),
            title: title.into(),
            impact,
            start,
            end,
            created_at: self.created_at,
            status,
            updates: updates.into(),
            components,
            cause: Cause::Unknown,
            url: self.shortlink.map(Into::into),
            postmortem,
        })
    }

    /// The post-mortem, when the record carries one: a `postmortem_body` with text in it, or
    /// a `postmortem_published_at` (the page says one was published, though not its text).
    fn postmortem(&mut self) -> Option<Box<Postmortem>> {
        let body = self.postmortem_body.take().filter(|b| !b.trim().is_empty());
        let published_at = self.postmortem_published_at;
        (body.is_some() || published_at.is_some()).then(|| {
            Box::new(Postmortem {
                url: None,
                body,
                published_at,
            })
        })
    }

    /// The maintenance, repaired as an incident is; `None` (with an error) without an id or
    /// any time.
    fn into_maintenance<P: Problems>(
        mut self,
        path: &str,
        problems: &mut Vec<RecordProblem>,
    ) -> Option<Maintenance> {
        let Some(id) = self.id.clone() else {
            push::<P>(problems, || {
                self.left_out(
                    path,
                    "a maintenance without `id` cannot be read and is left out".into(),
                    &[],
                )
            });
            return None;
        };
        self.drop_untimed_updates::<P>();
        let own = (self.scheduled_for.or(self.started_at)).or(self.created_at);
        let Some(scheduled_for) = own.or_else(|| self.first_update()) else {
            push::<P>(problems, || {
                self.left_out(
                    path,
                    format!(
                        "maintenance `{id}` has no readable `scheduled_for`, `started_at`, \
                         `created_at` or update time: it cannot be placed in time and is left out"
                    ),
                    &["scheduled_for", "started_at", "created_at"],
                )
            });
            return None;
        };
        if own.is_none() {
            push::<P>(&mut self.notes, || {
                note(
                    self.place,
                    "scheduled_for",
                    "no `scheduled_for`, `started_at` or `created_at`: taken to start at its \
                     first update",
                )
            });
        }
        let title = self.name.clone().unwrap_or_else(|| {
            push::<P>(&mut self.notes, || {
                note(self.place, "name", "no `name`: titled by its id")
            });
            id.clone()
        });
        let updates = self.updates();
        let component_ids = self
            .affected()
            .into_iter()
            .map(|a| String::from(&*a.component_id))
            .collect();
        self.report::<P>(path, "maintenance", problems);
        Some(Maintenance {
            status: UpdateStatus::parse(self.status.as_deref().unwrap_or("")),
            scheduled_until: self.scheduled_until.or(self.resolved_at),
            id,
            title,
            scheduled_for,
            component_ids,
            updates,
            url: self.shortlink,
        })
    }
}

#[cfg(feature = "legacy")]
/// Splits a legacy update (`<ul><li><strong>2013-09-01 06:50:31</strong> - text</li>...</ul>`)
/// into one update per entry. `None` when the body is not such a list or no timestamp in it can
/// be read. Entries without a readable timestamp stay with the entry before them.
///
/// The timestamps have no zone. The first entry is the incident's first update, whose instant
/// the API gives: the offset between the two is applied to every entry (it is zero on GitHub's
/// page, whose legacy times are UTC).
fn split_legacy_update(update: &IncidentUpdate) -> Option<Vec<IncidentUpdate>> {
    let entries = list_items(&update.body)?;
    let first = entries.iter().find_map(|item| timestamped(item).0)?;
    let offset = update.at - first.and_utc();
    let offset = if offset.num_seconds() % 900 == 0 && offset.num_hours().abs() <= 14 {
        offset
    } else {
        Duration::zero()
    };
    let mut updates: Vec<IncidentUpdate> = Vec::new();
    for item in entries {
        let (time, text) = timestamped(item);
        match (time, updates.last_mut()) {
            (None, Some(last)) => {
                last.body.push('\n');
                last.body.push_str(text);
            }
            (time, _) => updates.push(IncidentUpdate {
                at: time.map_or(update.at, |t| t.and_utc() + offset),
                status: UpdateStatus::Investigating,
                body: text.to_string(),
            }),
        }
    }
    // The list holds the whole story; the status the API gave belongs to its last entry.
    if let Some(last) = updates.last_mut() {
        last.status = update.status.clone();
    }
    candor_core::sort::sort_by_key(&mut updates, |u| u.at);
    Some(updates)
}

#[cfg(feature = "legacy")]
/// Where `needle` (lowercase ASCII) first starts in `haystack` at or after `from`, ignoring
/// ASCII case. (A byte loop: a list's few tags need nothing faster, and `str::find` with a
/// `&str` would bring a string-search algorithm into the widget for them.)
fn find_ignore_case(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let last = h.len().checked_sub(n.len())?;
    (from..=last).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(feature = "legacy")]
/// The inner HTML of each `<li>` of a body that is a list, or `None`.
fn list_items(body: &str) -> Option<Vec<&str>> {
    // The tags are ASCII, so every index found is a character boundary.
    let mut items = Vec::new();
    let mut rest = 0;
    while let Some(open) = find_ignore_case(body, "<li", rest) {
        let after_tag = open + body[open..].find('>')? + 1;
        let close = find_ignore_case(body, "</li", after_tag).unwrap_or(body.len());
        items.push(&body[after_tag..close]);
        rest = close;
        if rest >= body.len() {
            break;
        }
        rest += 1;
    }
    (!items.is_empty()).then_some(items)
}

#[cfg(feature = "legacy")]
/// Reads `<strong>TIME</strong> - text` (or `<b>`), returning the time when it can be read
/// and the text after the separator.
fn timestamped(item: &str) -> (Option<NaiveDateTime>, &str) {
    let trimmed = item.trim_start();
    for (open, close) in [("<strong>", "</strong>"), ("<b>", "</b>")] {
        let Some(inner) = strip_prefix_ignore_case(trimmed, open) else {
            continue;
        };
        let Some(end) = find_ignore_case(inner, close, 0) else {
            continue;
        };
        let Some(time) = parse_legacy_time(&inner[..end]) else {
            return (None, item.trim());
        };
        let text = inner[end + close.len()..]
            .trim_start()
            .trim_start_matches(['-', '\u{2013}', '\u{2014}', ':'])
            .trim();
        return (Some(time), text);
    }
    (None, item.trim())
}

#[cfg(feature = "legacy")]
fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(feature = "legacy")]
fn parse_legacy_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let s = s.strip_suffix("UTC").map_or(s, str::trim_end);
    crate::wire_time::parse_date_time(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    const LEGACY: &str = include_str!("../tests/fixtures/statuspage/legacy-incident.json");
    const SUMMARY: &str = include_str!("../tests/fixtures/statuspage/summary.json");
    const INCIDENTS: &str = include_str!("../tests/fixtures/statuspage/incidents.json");

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("test instant")
    }

    #[test]
    fn every_document_kind_is_recognised_from_its_keys() {
        let page = r#""page": {"id": "p", "name": "P"}"#;
        let cases = [
            (SUMMARY, Some(DocumentKind::Summary)),
            (INCIDENTS, Some(DocumentKind::Incidents)),
            (LEGACY, Some(DocumentKind::Incident)),
            (
                &format!("{{{page}, \"components\": []}}"),
                Some(DocumentKind::Components),
            ),
            (
                &format!("{{{page}, \"scheduled_maintenances\": []}}"),
                Some(DocumentKind::ScheduledMaintenances),
            ),
            (
                &format!("{{{page}, \"status\": {{\"indicator\": \"none\"}}}}"),
                Some(DocumentKind::Status),
            ),
            (r#"{"incidents": []}"#, None),
            (r#"[{"slug": "api"}]"#, None),
        ];
        for (text, kind) in cases {
            assert_eq!(detect(text).expect("json"), kind, "{text}");
        }
        assert!(matches!(
            detect("{\"page\": "),
            Err(StatuspageError::Json { line: 1, .. })
        ));
    }

    #[test]
    fn groups_name_their_children_and_positions_become_one_display_order() {
        let data = parse(SUMMARY).expect("summary");
        let list: Vec<_> = data
            .components
            .iter()
            .map(|c| (c.position, c.id.as_str(), c.group.as_deref()))
            .collect();
        // Top level: Dashboard (position 1), then the Europe group (position 2) with its
        // children in their own order.
        assert_eq!(
            list,
            [
                (Some(0), "dashboard", None),
                (Some(1), "eu-api", Some("Europe")),
                (Some(2), "eu-web", Some("Europe")),
            ]
        );
        let api = data.component("eu-api").expect("api");
        assert_eq!(api.status, Some(ComponentStatus::PartialOutage));
        assert_eq!(api.since, Some(t("2020-03-01T16:00:00Z")));
        assert_eq!(data.page.time_zone.as_deref(), Some("America/Denver"));
    }

    #[test]
    fn affected_components_give_status_transitions() {
        let data = parse(SUMMARY).expect("summary");
        let incident = &data.incidents[0];
        assert!(incident.is_open());
        assert_eq!(
            incident.start,
            t("2026-08-14T15:00:00Z"),
            "started_at, not created_at"
        );
        assert_eq!(
            incident.updates[0].body, "We are investigating errors.",
            "oldest first"
        );
        let api = &incident.components[0];
        assert_eq!(&*api.component_id, "eu-api");
        assert_eq!(
            api.transitions,
            [
                StatusChange {
                    at: t("2026-08-14T15:05:00Z"),
                    status: ComponentStatus::PartialOutage
                },
                StatusChange {
                    at: t("2026-08-14T16:00:00Z"),
                    status: ComponentStatus::MajorOutage
                },
            ]
        );
        // Marked affected but only ever `operational`: the transitions say nothing, the
        // impact decides.
        assert_eq!(&*incident.components[1].component_id, "eu-web");
        assert!(incident.components[1].transitions.is_empty());
    }

    #[test]
    fn maintenances_are_kept_apart_from_incidents() {
        let data = parse(SUMMARY).expect("summary");
        assert_eq!(data.maintenances.len(), 1);
        let m = &data.maintenances[0];
        assert_eq!(m.scheduled_for, t("2026-08-20T08:00:00Z"));
        assert_eq!(m.component_ids, ["dashboard"]);
        // In incidents.json a maintenance is known by its impact.
        let data = parse(INCIDENTS).expect("incidents");
        assert_eq!(data.incidents.len(), 2);
        assert_eq!(data.maintenances[0].id, "mnt0");
        let old = &data.incidents[1];
        assert_eq!(
            old.start,
            t("2026-07-01T08:00:00Z"),
            "created_at when started_at is null"
        );
        assert_eq!(old.end, Some(t("2026-07-01T09:00:00Z")));
    }

    #[cfg(all(feature = "legacy", feature = "archive"))]
    #[test]
    fn a_legacy_html_list_is_split_into_timestamped_updates() {
        let data = parse(LEGACY).expect("legacy incident");
        let incident = &data.incidents[0];
        let updates: Vec<_> = incident
            .updates
            .iter()
            .map(|u| (u.at.to_rfc3339(), u.status.as_str(), u.body.as_str()))
            .collect();
        assert_eq!(
            updates,
            [
                (
                    "2013-09-01T06:50:31+00:00".to_string(),
                    "investigating",
                    "Some pages are <em>unavailable</em>.\nStill looking, no time on this one."
                ),
                (
                    "2013-09-01T07:12:00+00:00".to_string(),
                    "investigating",
                    "A fix is deployed."
                ),
                (
                    "2013-09-01T07:30:05+00:00".to_string(),
                    "resolved",
                    "Everything operating normally."
                ),
            ]
        );
        // Stored with `resolved_at` equal to the start; the last entry says when it ended.
        assert_eq!(incident.end, Some(t("2013-09-01T07:30:05Z")));
        assert!(incident.components[0].transitions.is_empty());
        assert_eq!(
            data.components[0].since,
            Some(t("2012-01-31T20:04:33.923Z"))
        );
    }

    #[cfg(all(feature = "legacy", feature = "archive"))]
    #[test]
    fn legacy_times_follow_the_offset_of_the_first_update() {
        let shifted = LEGACY.replace(
            "\"display_at\": \"2013-09-01T06:50:31.000Z\"",
            "\"display_at\": \"2013-09-01T08:50:31.000Z\"",
        );
        let data = parse(&shifted).expect("legacy incident");
        let times: Vec<_> = data.incidents[0].updates.iter().map(|u| u.at).collect();
        assert_eq!(times[0], t("2013-09-01T08:50:31Z"));
        assert_eq!(times[2], t("2013-09-01T09:30:05Z"));
    }

    #[test]
    fn snapshots_of_a_page_merge_keeping_the_latest_version_of_each_incident() {
        for order in [[SUMMARY, INCIDENTS], [INCIDENTS, SUMMARY]] {
            let mut data = Dataset::default();
            for text in order {
                merge(&mut data, parse(text).expect("document"));
            }
            let ids: Vec<_> = data.incidents.iter().map(|i| i.id.as_str()).collect();
            assert_eq!(ids.len(), 2, "{ids:?}");
            let open1 = data
                .incidents
                .iter()
                .find(|i| i.id == "open1")
                .expect("open1");
            assert_eq!(
                open1.end,
                Some(t("2026-08-14T17:00:00Z")),
                "resolved version wins"
            );
            assert_eq!(open1.updates.len(), 3);
            assert_eq!(data.maintenances.len(), 2);
            assert_eq!(data.components.len(), 3);
        }
    }

    /// An `incidents.json` whose records are `records` (JSON objects), one per line after the
    /// page's line.
    fn document(records: &[&str]) -> String {
        format!(
            "{{\"page\": {{\"id\": \"pg1\", \"name\": \"Acme\"}}, \"incidents\": [\n{}\n]}}",
            records.join(",\n")
        )
    }

    /// A resolved incident `id`, from 10:00 to 11:00 on 1 August 2026, with `extra` fields
    /// (which replace none of these: a key given twice is an error) and `updates`.
    fn record(id: &str, extra: &str, updates: &str) -> String {
        format!(
            r#"{{"id": "{id}", "status": "resolved", "resolved_at": "2026-08-01T11:00:00Z", {extra}"incident_updates": [{updates}], "components": []}}"#
        )
    }

    const GOOD: &str = r#"{"id": "ok", "name": "Fine", "status": "resolved", "impact": "minor", "created_at": "2026-07-01T10:00:00Z", "resolved_at": "2026-07-01T11:00:00Z", "incident_updates": [], "components": []}"#;

    /// Reads a document that must be one, with its problems.
    fn read(text: &str) -> (Dataset, Vec<RecordProblem>) {
        let doc = parse_document(text).expect("a Statuspage document");
        (doc.dataset, doc.problems)
    }

    fn only_warning(problems: &[RecordProblem]) -> &RecordProblem {
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].severity, Severity::Warning, "{problems:#?}");
        &problems[0]
    }

    const START: &str =
        r#""name": "Slow", "started_at": "2026-08-01T10:00:00Z", "impact": "minor", "#;

    #[test]
    fn a_postmortem_is_read_from_its_body_and_publication_time() {
        let body = r#""postmortem_body": "We apologize.\r\n\r\nA **disk** filled.", "postmortem_published_at": "2017-05-22T15:52:27.995-04:00", "#;
        let text = document(&[
            &record("written", &format!("{START}{body}"), ""),
            &record(
                "none",
                &format!(r#"{START}"postmortem_body": null, "postmortem_published_at": null, "#),
                "",
            ),
            &record("blank", &format!(r#"{START}"postmortem_body": "  ", "#), ""),
            &record("absent", START, ""),
            &record(
                "only-published",
                &format!(r#"{START}"postmortem_published_at": "2026-08-02T09:00:00Z", "#),
                "",
            ),
        ]);
        let (data, _) = read(&text);
        let postmortems: Vec<(&str, Option<&Postmortem>)> = (data.incidents.iter())
            .map(|i| (i.id.as_str(), i.postmortem.as_deref()))
            .collect();
        assert_eq!(
            postmortems,
            [
                (
                    "written",
                    Some(&Postmortem {
                        url: None,
                        // As the page wrote it: line ends, Markdown and all.
                        body: Some("We apologize.\r\n\r\nA **disk** filled.".into()),
                        published_at: Some(t("2017-05-22T19:52:27.995Z")),
                    })
                ),
                ("none", None),
                ("blank", None),
                ("absent", None),
                (
                    "only-published",
                    Some(&Postmortem {
                        published_at: Some(t("2026-08-02T09:00:00Z")),
                        ..Postmortem::default()
                    })
                ),
            ]
        );
    }

    #[test]
    fn an_unreadable_postmortem_time_is_a_warning_and_the_postmortem_is_kept() {
        let extra =
            r#""postmortem_body": "Root cause: DNS.", "postmortem_published_at": "last tuesday", "#;
        let (data, problems) = read(&document(&[&record("i1", &format!("{START}{extra}"), "")]));
        let warning = only_warning(&problems);
        assert_eq!(warning.field, "incidents[0].postmortem_published_at");
        let postmortem = data.incidents[0].postmortem.as_deref().expect("kept");
        assert_eq!(postmortem.body.as_deref(), Some("Root cause: DNS."));
        assert_eq!(postmortem.published_at, None);
    }

    #[test]
    fn null_lists_and_a_null_group_read_as_absent() {
        let doc = r#"{"page": {"id": "p"}, "incidents": [
            {"id": "i1", "name": "A", "status": "resolved", "impact": "minor",
             "created_at": "2024-01-05T10:00:00Z", "resolved_at": "2024-01-05T11:00:00Z",
             "incident_updates": null, "components": null},
            {"id": "i2", "name": "B", "status": "resolved", "impact": "major",
             "created_at": "2024-01-06T10:00:00Z", "resolved_at": "2024-01-06T11:00:00Z",
             "incident_updates": [], "components": [{"id": "c1", "name": "API",
             "status": "operational", "group": null}]}]}"#;
        let document = parse_document(doc).expect("reads");
        assert!(document.problems.is_empty(), "{:?}", document.problems);
        let ids: Vec<&str> = (document.dataset.incidents.iter())
            .map(|i| &*i.id)
            .collect();
        assert_eq!(ids, ["i1", "i2"]);
        assert_eq!(document.dataset.components[0].name, "API");
    }

    #[cfg(feature = "archive")] // one record's own document
    #[test]
    fn one_maintenance_s_document_is_read_as_a_maintenance() {
        // `GET /api/v2/scheduled-maintenances/{id}.json`, which `report-gen pull` stores.
        let doc = r#"{"page": {"id": "p", "name": "P"}, "scheduled_maintenance": {
            "id": "m1", "name": "Database upgrade", "status": "completed", "impact": "maintenance",
            "created_at": "2026-08-01T00:00:00Z",
            "scheduled_for": "2026-08-02T02:00:00Z", "scheduled_until": "2026-08-02T04:00:00Z",
            "incident_updates": [], "components": []}}"#;
        assert_eq!(
            detect(doc).expect("json"),
            Some(DocumentKind::ScheduledMaintenances)
        );
        let read = parse_document(doc).expect("read");
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert!(read.dataset.incidents.is_empty());
        let ids: Vec<&str> = read.dataset.maintenances.iter().map(|m| &*m.id).collect();
        assert_eq!(ids, ["m1"]);
    }

    #[cfg(feature = "archive")] // one record's own document
    #[test]
    fn a_component_only_an_update_names_is_listed_by_that_name() {
        let doc = r#"{"page": {"id": "p", "name": "P"}, "incident": {"id": "i1", "name": "Slow",
            "status": "resolved", "impact": "minor", "created_at": "2026-08-01T10:00:00Z",
            "resolved_at": "2026-08-01T11:00:00Z", "components": [],
            "incident_updates": [{"status": "investigating", "body": "Slow.",
                "display_at": "2026-08-01T10:05:00Z",
                "affected_components": [{"code": "k1", "name": "Git Operations",
                    "old_status": "operational", "new_status": "degraded_performance"}]}]}}"#;
        let data = parse(doc).expect("reads");
        let names: Vec<(&str, &str)> = (data.components.iter())
            .map(|c| (c.id.as_str(), c.name.as_str()))
            .collect();
        assert_eq!(names, [("k1", "Git Operations")]);
    }

    const OUTAGE_UPDATES: &str = r#"{"status": "investigating", "body": "Down.", "display_at": "2026-08-01T10:05:00Z", "affected_components": [{"code": "api", "new_status": "degraded_performance"}]},
        {"status": "identified", "body": "Worse.", "display_at": "2026-08-01T10:20:00Z", "affected_components": [{"code": "api", "new_status": "partial_outage"}]}"#;

    #[test]
    fn a_missing_impact_is_the_worst_status_the_updates_gave() {
        let with = |impact: &str, updates: &str| {
            let extra = format!(r#""name": "X", "created_at": "2026-08-01T10:00:00Z", {impact}"#);
            read(&document(&[GOOD, &record("a1", &extra, updates)]))
        };
        for impact in ["", r#""impact": null, "#] {
            let (data, problems) = with(impact, OUTAGE_UPDATES);
            assert_eq!(data.incidents.len(), 2, "the other record is kept");
            assert_eq!(
                data.incidents[1].impact,
                Impact::Major,
                "partial outage: major"
            );
            let w = only_warning(&problems);
            assert_eq!(w.field, "incidents[1].impact");
            assert_eq!(w.line, Some(3), "the record's line");
            assert_eq!(w.found.as_deref(), Some("nothing"));
            assert_eq!(w.incident.as_deref(), Some("a1"));
            assert_eq!(w.settled_by, Some("impact"));
            assert!(w.message.contains("incident `a1`"), "{}", w.message);
            assert!(w.message.contains("`major`"), "{}", w.message);
        }
        let (data, problems) = with("", "");
        assert_eq!(data.incidents[1].impact, Impact::None, "no updates: none");
        only_warning(&problems);
        let critical = OUTAGE_UPDATES.replace("partial_outage", "major_outage");
        let (data, _) = with("", &critical);
        assert_eq!(data.incidents[1].impact, Impact::Critical);
    }

    #[test]
    fn an_unknown_impact_word_is_kept_in_the_warning_and_repaired_like_a_missing_one() {
        let bad = SUMMARY.replacen("\"impact\": \"major\"", "\"impact\": \"catastrophic\"", 1);
        let (data, problems) = read(&bad);
        let incident = &data.incidents[0];
        assert_eq!(incident.id, "open1");
        assert_eq!(
            incident.impact,
            Impact::Critical,
            "its updates reached major_outage"
        );
        let w = only_warning(&problems);
        assert_eq!(w.field, "incidents[0].impact");
        assert_eq!(w.line, Some(18), "the line of the impact");
        assert!(w.column.is_some_and(|c| c > 0));
        assert_eq!(w.found.as_deref(), Some("catastrophic"));
        assert!(w.allowed.as_deref().is_some_and(|a| a.contains("critical")));
        // A known word in another case or spacing is that word.
        let upper = SUMMARY.replacen("\"impact\": \"major\"", "\"impact\": \"Major\"", 1);
        let (data, problems) = read(&upper);
        assert_eq!(data.incidents[0].impact, Impact::Major);
        assert_eq!(only_warning(&problems).found.as_deref(), Some("Major"));
    }

    #[test]
    fn an_unknown_component_status_is_read_as_unknown() {
        let bad = SUMMARY.replacen("\"partial_outage\"", "\"on_fire\"", 1);
        assert_ne!(bad, SUMMARY);
        let (data, problems) = read(&bad);
        let w = only_warning(&problems);
        assert_eq!(w.found.as_deref(), Some("on_fire"));
        assert!(w.field.ends_with(".status"), "{}", w.field);
        assert_eq!(data.components.len(), 3, "every component kept");
        // Inside an update, the transition to an unknown status is not one.
        let text = document(&[&record(
            "a1",
            r#""name": "X", "impact": "minor", "created_at": "2026-08-01T10:00:00Z", "#,
            r#"{"status": "investigating", "display_at": "2026-08-01T10:05:00Z", "affected_components": [{"code": "api", "new_status": "melting"}]}"#,
        )]);
        let (data, problems) = read(&text);
        let w = only_warning(&problems);
        assert_eq!(
            w.field,
            "incidents[0].incident_updates[0].affected_components[0].new_status"
        );
        assert_eq!(w.found.as_deref(), Some("melting"));
        let api = &data.incidents[0].components[0];
        assert_eq!(&*api.component_id, "api");
        assert!(api.transitions.is_empty());
    }

    #[test]
    fn an_update_without_a_time_is_left_out() {
        let updates = r#"{"status": "investigating", "body": "Looking.", "display_at": "2026-08-01T10:05:00Z"},
            {"status": "identified", "body": "No time on this one."},
            {"status": "resolved", "body": "Fixed.", "display_at": null, "created_at": "2026-08-01T11:00:00Z"}"#;
        let extra = r#""name": "X", "impact": "minor", "created_at": "2026-08-01T10:00:00Z", "#;
        let (data, problems) = read(&document(&[&record("a1", extra, updates)]));
        let bodies: Vec<_> = (data.incidents[0].updates.iter())
            .map(|u| u.body.as_str())
            .collect();
        assert_eq!(bodies, ["Looking.", "Fixed."]);
        let w = only_warning(&problems);
        assert_eq!(w.field, "incidents[0].incident_updates[1]");
        assert_eq!(w.found.as_deref(), Some("No time on this one."));
    }

    #[test]
    fn an_unreadable_time_is_taken_as_absent() {
        // `started_at` unreadable: `created_at` stands in.
        let extra = r#""name": "X", "impact": "minor", "created_at": "2026-08-01T10:00:00Z", "started_at": "yesterday", "#;
        let (data, problems) = read(&document(&[GOOD, &record("a1", extra, "")]));
        assert_eq!(data.incidents[1].start, t("2026-08-01T10:00:00Z"));
        let w = only_warning(&problems);
        assert_eq!(w.field, "incidents[1].started_at");
        assert_eq!(w.found.as_deref(), Some("yesterday"));
        assert!(w.allowed.as_deref().is_some_and(|a| a.contains("RFC 3339")));
        // Out of chrono's range: the same.
        let far = extra.replace("yesterday", "+275760-09-13T00:00:00Z");
        let (data, problems) = read(&document(&[&record("a1", &far, "")]));
        assert_eq!(data.incidents.len(), 1);
        only_warning(&problems);
    }

    #[test]
    fn an_incident_without_a_start_starts_at_its_first_update_else_is_left_out() {
        let updates = r#"{"status": "resolved", "body": "Fixed.", "display_at": "2026-08-01T10:40:00Z"},
            {"status": "investigating", "body": "Looking.", "display_at": "2026-08-01T10:05:00Z"}"#;
        let extra = r#""name": "X", "impact": "minor", "#;
        let (data, problems) = read(&document(&[&record("a1", extra, updates), GOOD]));
        assert_eq!(data.incidents[0].start, t("2026-08-01T10:05:00Z"));
        assert_eq!(only_warning(&problems).field, "incidents[0].started_at");
        // No update either: it cannot be placed in time.
        let none = record(
            "a1",
            r#""name": "X", "impact": "minor", "created_at": "soon", "#,
            "",
        );
        let (data, problems) = read(&document(&[&none, GOOD]));
        let ids: Vec<_> = data.incidents.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["ok"], "the other record is kept");
        assert_eq!(
            problems.len(),
            1,
            "one error, not a warning too: {problems:#?}"
        );
        let e = &problems[0];
        assert_eq!(e.severity, Severity::Error);
        assert_eq!(
            e.field, "incidents[0].created_at",
            "the time that could not be read"
        );
        assert_eq!(e.found.as_deref(), Some("soon"));
        assert!(e.message.contains("`a1`"), "{}", e.message);
        assert_eq!((e.line, e.column.is_some()), (Some(2), true));
    }

    #[test]
    fn a_record_that_cannot_be_read_is_left_out_with_its_place_and_the_rest_is_read() {
        let wrong_type = r#"{"id": "w1", "name": ["not", "a", "string"], "impact": "major", "created_at": "2026-08-01T10:00:00Z", "incident_updates": [], "components": []}"#;
        let no_id = r#"{"name": "Who?", "impact": "major", "created_at": "2026-08-01T10:00:00Z", "incident_updates": [], "components": []}"#;
        let (data, problems) = read(&document(&[wrong_type, GOOD, no_id]));
        let ids: Vec<_> = data.incidents.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["ok"]);
        let errors: Vec<_> = (problems.iter())
            .map(|p| (p.severity, p.field.as_str(), p.line))
            .collect();
        assert_eq!(
            errors,
            [
                (Severity::Error, "incidents[0].name", Some(2)),
                (Severity::Error, "incidents[2]", Some(4)),
            ]
        );
        assert!(
            problems[0].message.contains("`w1`"),
            "{}",
            problems[0].message
        );
        assert!(problems[0].message.contains("expected a string"));
        // Three records were listed: a full window counts the ones left out too.
        let mut full: Vec<String> = (0..INCIDENTS_WINDOW - 1)
            .map(|k| GOOD.replace("\"ok\"", &format!("\"ok{k}\"")))
            .collect();
        full.push(no_id.to_string());
        let refs: Vec<&str> = full.iter().map(String::as_str).collect();
        let (data, _) = read(&document(&refs));
        assert_eq!(data.covered_from, Some(t("2026-07-01T10:00:00Z")));
    }

    #[test]
    fn a_component_without_a_name_is_shown_by_its_id() {
        let text = r#"{"page": {"id": "p"}, "components": [
            {"id": "api", "status": "operational", "group": false},
            {"name": "No id", "status": "operational", "group": false},
            {"id": "web", "name": "Web", "status": "operational", "group": false}]}"#;
        let (data, problems) = read(text);
        let names: Vec<_> = (data.components.iter())
            .map(|c| (c.id.as_str(), c.name.as_str()))
            .collect();
        assert_eq!(names, [("api", "api"), ("web", "Web")]);
        let found: Vec<_> = (problems.iter())
            .map(|p| (p.severity, p.field.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (Severity::Warning, "components[0].name"),
                (Severity::Error, "components[1]"),
            ]
        );
    }

    #[test]
    fn a_maintenance_without_a_time_starts_at_its_first_update_else_is_left_out() {
        let m = |updates: &str| {
            format!(
                r#"{{"id": "m1", "name": "Upgrade", "status": "completed", "impact": "maintenance", "incident_updates": [{updates}], "components": []}}"#
            )
        };
        let timed =
            m(r#"{"status": "completed", "body": "Done.", "display_at": "2026-08-02T01:00:00Z"}"#);
        let (data, problems) = read(&document(&[&timed, GOOD]));
        assert_eq!(
            data.maintenances[0].scheduled_for,
            t("2026-08-02T01:00:00Z")
        );
        assert_eq!(only_warning(&problems).field, "incidents[0].scheduled_for");
        let (data, problems) = read(&document(&[&m(""), GOOD]));
        assert!(data.maintenances.is_empty());
        assert_eq!(data.incidents.len(), 1);
        assert_eq!(problems[0].severity, Severity::Error);
    }

    #[test]
    fn json_syntax_and_a_document_that_is_not_one_stay_whole_document_errors() {
        assert!(matches!(
            parse(&document(&[GOOD]).replace("\n]}", ",]}")),
            Err(StatuspageError::Json { .. })
        ));
        assert!(matches!(
            parse(r#"{"incidents": []}"#),
            Err(StatuspageError::NotStatuspage)
        ));
    }

    /// An `incidents.json` of `n` incidents, one every three days back from 30 August 2026,
    /// each an hour of major outage of `api`, a component created in 2019.
    pub(crate) fn incidents_list(n: usize) -> String {
        let incidents: Vec<String> = (0..n)
            .map(|k| {
                let start = t("2026-08-30T10:00:00Z") - Duration::days(3 * k as i64);
                let end = start + Duration::hours(1);
                format!(
                    r#"{{"id": "i{k}", "name": "Outage {k}", "status": "resolved", "impact": "critical",
                    "created_at": "{start}", "started_at": "{start}", "resolved_at": "{end}",
                    "incident_updates": [],
                    "components": [{{"id": "api", "name": "API", "status": "operational",
                                    "created_at": "2019-01-01T00:00:00Z", "group": false}}]}}"#,
                    start = start.to_rfc3339(),
                    end = end.to_rfc3339()
                )
            })
            .collect();
        format!(
            r#"{{"page": {{"id": "pg1", "name": "Example", "updated_at": "2026-08-30T11:00:00Z"}},
            "incidents": [{}]}}"#,
            incidents.join(",")
        )
    }

    #[cfg(feature = "archive")] // one record's own document
    #[test]
    fn a_full_incidents_list_is_the_apis_window_and_begins_at_its_oldest_incident() {
        let full = parse(&incidents_list(INCIDENTS_WINDOW)).expect("document");
        let oldest = t("2026-08-30T10:00:00Z") - Duration::days(3 * 49);
        assert_eq!(full.covered_from, Some(oldest));
        let whole = parse(&incidents_list(INCIDENTS_WINDOW - 1)).expect("document");
        assert_eq!(whole.covered_from, None, "fewer than 50: the whole history");
        let single = parse(LEGACY).expect("document");
        assert_eq!(single.covered_from, Some(single.incidents[0].start));
    }

    #[test]
    fn a_summary_alone_speaks_of_the_time_since_the_page_last_changed() {
        let summary = parse(SUMMARY).expect("document");
        assert_eq!(summary.covered_from, Some(t("2026-08-14T16:30:00Z")));
        let undated = SUMMARY.replace(r#", "updated_at": "2026-08-14T10:30:00.000-06:00"}"#, "}");
        assert_ne!(undated, SUMMARY);
        let undated = parse(&undated).expect("document");
        assert_eq!(
            undated.covered_from,
            Some(DateTime::<Utc>::MAX_UTC),
            "no time at all"
        );
    }

    #[test]
    fn merged_documents_begin_where_the_earliest_full_one_does() {
        let merged = |texts: &[&str]| {
            let mut data = Dataset::default();
            for text in texts {
                merge(&mut data, parse(text).expect("document"));
            }
            (
                data.covered_from,
                merge_all(texts.iter().map(|t| parse(t).expect("document"))),
            )
        };
        let window = incidents_list(INCIDENTS_WINDOW);
        let oldest = t("2026-08-30T10:00:00Z") - Duration::days(3 * 49);
        for texts in [[SUMMARY, window.as_str()], [window.as_str(), SUMMARY]] {
            let (one_by_one, all) = merged(&texts);
            assert_eq!(one_by_one, Some(oldest));
            assert_eq!(all.covered_from, Some(oldest));
        }
        let whole = incidents_list(3);
        let (one_by_one, all) = merged(&[SUMMARY, whole.as_str(), window.as_str()]);
        assert_eq!(
            (one_by_one, all.covered_from),
            (None, None),
            "one holds the whole history"
        );
        // Report-gen puts each page's merged documents together with `Dataset::extend`.
        let mut extended = Dataset::default();
        extended.extend(parse(&window).expect("document"));
        assert_eq!(extended.covered_from, Some(oldest));
        extended.extend(parse(&whole).expect("document"));
        assert_eq!(extended.covered_from, None);
    }

    /// What the widget showed on a Statuspage page: every month before the 50 incidents "0",
    /// every day before them "100%", the components being years older.
    #[test]
    fn before_the_window_months_and_days_have_no_data() {
        use candor_core::feed::{build, FeedOptions};
        use candor_core::uptime::UptimeWeights;
        let data = parse(&incidents_list(INCIDENTS_WINDOW)).expect("document");
        let oldest = t("2026-04-05T10:00:00Z");
        assert_eq!(data.covered_from, Some(oldest));
        let now = t("2026-08-31T00:00:00Z");
        let history = candor_core::History::new(&data, &Utc, now, UptimeWeights::default());
        assert_eq!(history.coverage_start(), Some(oldest));
        assert_eq!(history.since("api"), Some(oldest), "not the 2019 creation");
        let feed = build(
            &history,
            &FeedOptions {
                days: 160,
                fallback_name: "Example".into(),
                time_zone: "UTC".into(),
            },
        );
        let months: Vec<(String, usize, bool)> = (feed.monthly_incidents.iter())
            .map(|m| (m.month.to_string(), m.count, m.partial))
            .collect();
        assert_eq!(
            months,
            [
                ("2026-04".to_string(), 9, true),
                ("2026-05".to_string(), 10, false),
                ("2026-06".to_string(), 10, false),
                ("2026-07".to_string(), 11, false),
                ("2026-08".to_string(), 10, true),
            ],
            "months before April are not listed: no data, not 0"
        );
        let days = &feed.components[0].days;
        let day = |date: &str| {
            days.iter()
                .find(|d| d.date.to_string() == date)
                .expect("a day of the feed")
        };
        assert_eq!(day("2026-04-04").uptime_percent, None, "before the window");
        assert_eq!(day("2026-03-25").uptime_percent, None);
        // The day of the oldest incident counts from its start: 14 hours, one of them down.
        let first = day("2026-04-05");
        assert_eq!(first.downtime_minutes, 60.0);
        assert_eq!(first.uptime_percent, Some(92.8571));
        assert_eq!(day("2026-04-06").uptime_percent, Some(100.0));
    }
}
