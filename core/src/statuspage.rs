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

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use crate::id_index::IdIndex;
use crate::json::{self, JsonError, Reader};
use crate::model::{
    AffectedComponent, Cause, Component, ComponentStatus, Dataset, Impact, Incident,
    IncidentUpdate, Maintenance, Page, StatusChange, UpdateStatus,
};
use crate::wire_time::optional_instant;

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
}

/// Why a text could not be read as a Statuspage document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatuspageError {
    /// Not JSON, or JSON of the wrong shape (a missing field, a value of the wrong type or not
    /// among the allowed ones: the message says which, and what was found).
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
    /// A record lacks what the model needs.
    #[error("{record}: {message}")]
    Invalid { record: String, message: String },
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

/// The keys that tell the documents apart.
const SHAPE_KEYS: [&str; 6] = [
    "page",
    "components",
    "incidents",
    "incident",
    "scheduled_maintenances",
    "status",
];

/// Recognises the kind of document from its keys. `Ok(None)` for JSON that is not a Statuspage
/// document (an array, or an object without `page`); `Err` for text that is not JSON.
///
/// A key whose value is `null` counts as absent. The whole text is read (and must be JSON,
/// nested at most [`json::MAX_DEPTH`] deep), not only the keys.
pub fn detect(text: &str) -> Result<Option<DocumentKind>, StatuspageError> {
    let mut r = Reader::new(text.as_bytes())?;
    let mut present = [false; SHAPE_KEYS.len()];
    // Only an object can be a document; other JSON is still read, so that text that is not
    // JSON at all is an error.
    if r.found() == "an object" {
        r.fields(&SHAPE_KEYS, 0, &mut |r, key| {
            if !r.null()? {
                present[key] = true;
                r.skip()?;
            }
            Ok(())
        })?;
    } else {
        r.skip()?;
    }
    r.end()?;
    let [page, components, incidents, incident, maintenances, status] = present;
    if !page {
        return Ok(None);
    }
    let kind = match (components, incidents, incident, maintenances) {
        (true, true, _, _) | (true, _, _, true) => DocumentKind::Summary,
        (_, _, true, _) => DocumentKind::Incident,
        (_, true, _, _) => DocumentKind::Incidents,
        (true, _, _, _) => DocumentKind::Components,
        (_, _, _, true) => DocumentKind::ScheduledMaintenances,
        _ if status => DocumentKind::Status,
        _ => return Ok(None),
    };
    Ok(Some(kind))
}

/// Reads any Statuspage document into a dataset.
pub fn parse(text: &str) -> Result<Dataset, StatuspageError> {
    parse_document(text).map(|d| d.dataset)
}

/// Reads any Statuspage document, keeping which page it describes and as of when.
pub fn parse_document(text: &str) -> Result<Document, StatuspageError> {
    let kind = detect(text)?.ok_or(StatuspageError::NotStatuspage)?;
    let mut r = Reader::new(text.as_bytes())?;
    let raw = read_document(&mut r)?;
    r.end()?;
    let page = raw.page.unwrap_or_default();
    let mut dataset = Dataset {
        page: Page {
            name: page.name,
            url: page.url,
            time_zone: page.time_zone,
        },
        ..Dataset::default()
    };
    if let Some(components) = raw.components {
        dataset.components = components_in_display_order(components);
    }
    let listed = raw.incidents.as_ref().map_or(0, Vec::len);
    let incidents = raw
        .incidents
        .into_iter()
        .flatten()
        .chain(raw.incident)
        .map(|i| (i, false));
    let maintenances = raw
        .scheduled_maintenances
        .into_iter()
        .flatten()
        .map(|m| (m, true));
    for (raw, listed_as_maintenance) in incidents.chain(maintenances) {
        for c in &raw.components {
            if dataset.component(&c.id).is_none() && !c.group {
                dataset.components.push(Component {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    group: None,
                    position: None,
                    status: None,
                    since: c.created_at,
                });
            }
        }
        if listed_as_maintenance || raw.is_maintenance() {
            dataset.maintenances.push(raw.into_maintenance()?);
        } else {
            dataset.incidents.push(raw.into_incident()?);
        }
    }
    dataset.covered_from = coverage(kind, listed, &dataset, page.updated_at);
    Ok(Document {
        kind,
        page_id: page.id,
        updated_at: page.updated_at,
        dataset,
    })
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
/// ([`crate::model::earliest_coverage`]); an empty dataset declares nothing.
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
            crate::model::earliest_coverage(into.covered_from, other.covered_from)
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
// object; what it does not name is skipped. As before with serde: the first names of each list
// are required; a key whose value is `null` is absent, except where a list or `group` is
// expected (`null` is not a list); a key given twice is an error.

#[derive(Default)]
struct RawDocument {
    page: Option<RawPage>,
    components: Option<Vec<RawComponent>>,
    incidents: Option<Vec<RawIncident>>,
    incident: Option<RawIncident>,
    scheduled_maintenances: Option<Vec<RawIncident>>,
}

#[derive(Default)]
struct RawPage {
    id: Option<String>,
    name: Option<String>,
    url: Option<String>,
    time_zone: Option<String>,
    updated_at: Option<DateTime<Utc>>,
}

#[derive(Default)]
struct RawComponent {
    id: String,
    name: String,
    status: Option<ComponentStatus>,
    created_at: Option<DateTime<Utc>>,
    position: Option<i64>,
    group_id: Option<String>,
    group: bool,
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

#[derive(Default)]
struct RawIncident {
    id: String,
    name: String,
    status: Option<String>,
    impact: Option<RawImpact>,
    created_at: Option<DateTime<Utc>>,
    started_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    scheduled_for: Option<DateTime<Utc>>,
    scheduled_until: Option<DateTime<Utc>>,
    shortlink: Option<String>,
    incident_updates: Vec<RawUpdate>,
    components: Vec<RawComponent>,
}

#[derive(Default)]
struct RawUpdate {
    status: Option<String>,
    body: Option<String>,
    created_at: Option<DateTime<Utc>>,
    display_at: Option<DateTime<Utc>>,
    affected_components: Option<Vec<RawAffected>>,
}

#[derive(Default)]
struct RawAffected {
    code: String,
    new_status: Option<ComponentStatus>,
}

fn read_document(r: &mut Reader<'_>) -> json::Result<RawDocument> {
    let mut doc = RawDocument::default();
    let names = [
        "page",
        "components",
        "incidents",
        "incident",
        "scheduled_maintenances",
    ];
    r.fields(&names, 0, &mut |r, field| {
        if r.null()? {
            return Ok(());
        }
        match field {
            0 => doc.page = Some(read_page(r)?),
            1 => doc.components = Some(r.list(read_component)?),
            2 => doc.incidents = Some(r.list(read_incident)?),
            3 => doc.incident = Some(read_incident(r)?),
            _ => doc.scheduled_maintenances = Some(r.list(read_incident)?),
        }
        Ok(())
    })?;
    Ok(doc)
}

fn read_page(r: &mut Reader<'_>) -> json::Result<RawPage> {
    let mut page = RawPage::default();
    let names = ["id", "name", "url", "time_zone", "updated_at"];
    r.fields(&names, 0, &mut |r, field| {
        match field {
            0 => page.id = r.optional_string()?,
            1 => page.name = r.optional_string()?,
            2 => page.url = r.optional_string()?,
            3 => page.time_zone = r.optional_string()?,
            _ => page.updated_at = optional_instant(r)?,
        }
        Ok(())
    })?;
    Ok(page)
}

fn optional_status(r: &mut Reader<'_>) -> json::Result<Option<ComponentStatus>> {
    if r.null()? {
        return Ok(None);
    }
    r.word(&ComponentStatus::ALL, ComponentStatus::as_str)
        .map(Some)
}

fn read_component(r: &mut Reader<'_>) -> json::Result<RawComponent> {
    let mut c = RawComponent::default();
    let names = [
        "id",
        "name",
        "status",
        "created_at",
        "position",
        "group_id",
        "group",
    ];
    r.fields(&names, 2, &mut |r, field| {
        match field {
            0 => c.id = r.string()?,
            1 => c.name = r.string()?,
            2 => c.status = optional_status(r)?,
            3 => c.created_at = optional_instant(r)?,
            4 => c.position = if r.null()? { None } else { Some(r.integer()?) },
            5 => c.group_id = r.optional_string()?,
            _ => c.group = r.boolean()?,
        }
        Ok(())
    })?;
    Ok(c)
}

fn read_incident(r: &mut Reader<'_>) -> json::Result<RawIncident> {
    let mut i = RawIncident::default();
    let names = [
        "id",
        "name",
        "status",
        "impact",
        "created_at",
        "started_at",
        "resolved_at",
        "scheduled_for",
        "scheduled_until",
        "shortlink",
        "incident_updates",
        "components",
    ];
    r.fields(&names, 2, &mut |r, field| {
        match field {
            0 => i.id = r.string()?,
            1 => i.name = r.string()?,
            2 => i.status = r.optional_string()?,
            3 => {
                i.impact = match r.null()? {
                    true => None,
                    false => Some(r.word(&RawImpact::ALL, RawImpact::as_str)?),
                }
            }
            4 => i.created_at = optional_instant(r)?,
            5 => i.started_at = optional_instant(r)?,
            6 => i.resolved_at = optional_instant(r)?,
            7 => i.scheduled_for = optional_instant(r)?,
            8 => i.scheduled_until = optional_instant(r)?,
            9 => i.shortlink = r.optional_string()?,
            10 => i.incident_updates = r.list(read_update)?,
            _ => i.components = r.list(read_component)?,
        }
        Ok(())
    })?;
    Ok(i)
}

fn read_update(r: &mut Reader<'_>) -> json::Result<RawUpdate> {
    let mut u = RawUpdate::default();
    let names = [
        "status",
        "body",
        "created_at",
        "display_at",
        "affected_components",
    ];
    r.fields(&names, 0, &mut |r, field| {
        match field {
            0 => u.status = r.optional_string()?,
            1 => u.body = r.optional_string()?,
            2 => u.created_at = optional_instant(r)?,
            3 => u.display_at = optional_instant(r)?,
            _ => {
                u.affected_components = match r.null()? {
                    true => None,
                    false => Some(r.list(read_affected)?),
                }
            }
        }
        Ok(())
    })?;
    Ok(u)
}

fn read_affected(r: &mut Reader<'_>) -> json::Result<RawAffected> {
    let mut a = RawAffected::default();
    r.fields(&["code", "new_status"], 1, &mut |r, field| {
        match field {
            0 => a.code = r.string()?,
            _ => a.new_status = optional_status(r)?,
        }
        Ok(())
    })?;
    Ok(a)
}

/// Groups become their children's group names; the API's per-group positions become one
/// display order: the top level (groups, and components whose group is not in the document) by
/// position, each group's children in its place, by their own positions. Ties keep the
/// document's order.
fn components_in_display_order(raw: Vec<RawComponent>) -> Vec<Component> {
    // A page has a few groups: a search of the list is all the map it needs.
    let group_of = |c: &RawComponent| {
        let id = c.group_id.as_deref()?;
        raw.iter().position(|g| g.group && g.id == id)
    };
    // A place: a position (none is last), then the place in the document.
    type Place = (i64, usize);
    let place = |i: usize| -> Place { (raw[i].position.unwrap_or(i64::MAX), i) };
    // Each component's place: its group's place at the top level, then its own. A group
    // inside a group is not shown, nor are its children.
    let mut shown: Vec<(Place, Place, usize)> = Vec::new();
    for (i, c) in raw.iter().enumerate() {
        if c.group {
            continue;
        }
        match group_of(c) {
            None => shown.push((place(i), (i64::MIN, 0), i)),
            Some(g) if group_of(&raw[g]).is_none() => shown.push((place(g), place(i), i)),
            Some(_) => {}
        }
    }
    crate::order::sort_by(&mut shown, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    shown
        .into_iter()
        .enumerate()
        .map(|(position, (_, _, i))| {
            let c = &raw[i];
            Component {
                id: c.id.clone(),
                name: c.name.clone(),
                group: group_of(c).map(|g| raw[g].name.clone()),
                position: Some(position as i64),
                status: c.status,
                since: c.created_at,
            }
        })
        .collect()
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

    fn invalid(&self, message: impl Into<String>) -> StatuspageError {
        StatuspageError::Invalid {
            record: format!("incident `{}`", self.id),
            message: message.into(),
        }
    }

    /// The published updates, oldest first, legacy lists split into their entries.
    fn updates(&self) -> Result<Vec<IncidentUpdate>, StatuspageError> {
        let mut updates = Vec::with_capacity(self.incident_updates.len());
        for u in &self.incident_updates {
            let at = u.display_at.or(u.created_at).ok_or_else(|| {
                self.invalid("an update has neither `display_at` nor `created_at`")
            })?;
            updates.push(IncidentUpdate {
                at,
                status: UpdateStatus::parse(u.status.as_deref().unwrap_or("")),
                body: u.body.clone().unwrap_or_default(),
            });
        }
        crate::order::sort_by_key(&mut updates, |u| u.at);
        if let [single] = updates.as_slice() {
            if let Some(split) = split_legacy_update(single) {
                return Ok(split);
            }
        }
        Ok(updates)
    }

    /// The affected components with the statuses the updates gave them.
    fn affected(&self) -> Vec<AffectedComponent> {
        // Each component's transitions, in the order the components are named (the incident's
        // list, then the updates'). An incident names a handful: a list searched by id, not a
        // hash map. A component listed twice keeps its place twice; the first gets the changes.
        let mut affected: Vec<(String, Vec<StatusChange>)> = (self.components.iter())
            .map(|c| (c.id.clone(), Vec::new()))
            .collect();
        let mut updates: Vec<&RawUpdate> = self.incident_updates.iter().collect();
        crate::order::sort_by_key(&mut updates, |u| u.display_at.or(u.created_at));
        for u in updates {
            let Some(at) = u.display_at.or(u.created_at) else {
                continue;
            };
            for a in u.affected_components.iter().flatten() {
                let i = match affected.iter().position(|(id, _)| *id == a.code) {
                    Some(i) => i,
                    None => {
                        affected.push((a.code.clone(), Vec::new()));
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

    fn into_incident(self) -> Result<Incident, StatuspageError> {
        let impact = match self.impact {
            Some(RawImpact::None) => Impact::None,
            Some(RawImpact::Minor) => Impact::Minor,
            Some(RawImpact::Major) => Impact::Major,
            Some(RawImpact::Critical) => Impact::Critical,
            Some(RawImpact::Maintenance) | None => {
                return Err(self.invalid(
                    "`impact` is missing; allowed: none, minor, major, critical, maintenance",
                ))
            }
        };
        let start = self
            .started_at
            .or(self.created_at)
            .ok_or_else(|| self.invalid("has neither `started_at` nor `created_at`"))?;
        let status = UpdateStatus::parse(self.status.as_deref().unwrap_or(""));
        let updates = self.updates()?;
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
        Ok(Incident {
            id: self.id.into(),
            title: self.name.into(),
            impact,
            start,
            end,
            created_at: self.created_at,
            status,
            updates: updates.into(),
            components,
            cause: Cause::Unknown,
            url: self.shortlink.map(Into::into),
        })
    }

    fn into_maintenance(self) -> Result<Maintenance, StatuspageError> {
        let scheduled_for = self
            .scheduled_for
            .or(self.started_at)
            .or(self.created_at)
            .ok_or_else(|| {
                self.invalid("a maintenance without `scheduled_for`, `started_at` or `created_at`")
            })?;
        let updates = self.updates()?;
        let component_ids = self
            .affected()
            .into_iter()
            .map(|a| String::from(&*a.component_id))
            .collect();
        Ok(Maintenance {
            status: UpdateStatus::parse(self.status.as_deref().unwrap_or("")),
            scheduled_until: self.scheduled_until.or(self.resolved_at),
            id: self.id,
            title: self.name,
            scheduled_for,
            component_ids,
            updates,
            url: self.shortlink,
        })
    }
}

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
    crate::order::sort_by_key(&mut updates, |u| u.at);
    Some(updates)
}

/// Where `needle` (lowercase ASCII) first starts in `haystack` at or after `from`, ignoring
/// ASCII case. (A byte loop: a list's few tags need nothing faster, and `str::find` with a
/// `&str` would bring a string-search algorithm into the widget for them.)
fn find_ignore_case(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let last = h.len().checked_sub(n.len())?;
    (from..=last).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

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

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn parse_legacy_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let s = s.strip_suffix("UTC").map_or(s, str::trim_end);
    crate::wire_time::parse_date_time(s)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_value_outside_the_api_is_an_error_with_its_place() {
        let bad = SUMMARY.replacen("\"impact\": \"major\"", "\"impact\": \"catastrophic\"", 1);
        match parse(&bad) {
            Err(StatuspageError::Json {
                line,
                column,
                field,
                message,
            }) => {
                assert_eq!(field, "incidents[0].impact");
                assert_eq!(line, 18, "the line of the impact");
                assert!(column > 0);
                assert!(message.contains("catastrophic"), "{message}");
                assert!(message.contains("critical"), "{message}");
            }
            other => panic!("expected a located error, got {other:?}"),
        }
        let no_start = INCIDENTS.replace("\"created_at\": \"2026-07-01T08:00:00Z\",", "");
        assert!(matches!(
            parse(&no_start),
            Err(StatuspageError::Invalid { .. })
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
        use crate::feed::{build, FeedOptions};
        use crate::uptime::UptimeWeights;
        let data = parse(&incidents_list(INCIDENTS_WINDOW)).expect("document");
        let oldest = t("2026-04-05T10:00:00Z");
        assert_eq!(data.covered_from, Some(oldest));
        let now = t("2026-08-31T00:00:00Z");
        let history = crate::History::new(&data, &Utc, now, UptimeWeights::default());
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
