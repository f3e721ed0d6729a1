//! Cachet: the API's lists of components, incidents and schedules, v2 (`/api/v1/components`,
//! `/api/v1/incidents`, `/api/v1/schedules`: each record plain in `data`, with
//! `meta.pagination`) and v3 (JSON:API: each record's fields in its `attributes`, statuses as
//! `{human, value}`, times as `{human, string}`).
//!
//! Statuses are numbers, by Cachet's own tables:
//! - component: 1 operational, 2 performance issues (degraded performance), 3 partial outage,
//!   4 major outage, 0 or 5 unknown;
//! - incident: 0 scheduled, 1 investigating, 2 identified, 3 watching (monitoring), 4 fixed
//!   (resolved);
//! - schedule: 0 upcoming, 1 in progress, 2 complete.
//!
//! Cachet gives an incident no impact: each is read as `none` with a warning that
//! `candor.toml` settles. A fixed incident ends at its last `Fixed` update (v2), else when it
//! was last updated. Times carry no zone: Cachet writes them in its server's zone, read as UTC.
//! Each file is one page of a list (`?page=N`): a list of several pages is read from one file
//! per page.

use chrono::{DateTime, Utc};
use serde_json::Value;

use candor_core::{
    Component, ComponentStatus, Dataset, Impact, Incident, IncidentUpdate, Maintenance,
    UpdateStatus,
};

use crate::vendor::{self, list, not_a_record, shown, text};
use crate::{Issue, Records};

/// Which list a Cachet document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Components,
    Incidents,
    Schedules,
}

/// The kind of a record, by its JSON:API `type` (v3) or its fields (v2).
fn kind_of(record: &Value) -> Option<Kind> {
    match record.get("type").and_then(Value::as_str) {
        Some("components") => return Some(Kind::Components),
        Some("incidents") => return Some(Kind::Incidents),
        Some("schedules") => return Some(Kind::Schedules),
        _ => {}
    }
    let has = |k: &str| record.get(k).is_some();
    if has("occurred_at") || (has("human_status") && has("updates")) {
        Some(Kind::Incidents)
    } else if has("scheduled_at") {
        Some(Kind::Schedules)
    } else if has("status_name") || (has("group_id") && has("enabled")) {
        Some(Kind::Components)
    } else {
        None
    }
}

/// Whether a JSON document is a Cachet list: `data`, a list of Cachet records, with
/// `meta.pagination` (v2) or JSON:API types (v3).
pub fn looks_like(value: &Value) -> bool {
    let Some(items) = value.get("data").and_then(Value::as_array) else {
        return false;
    };
    let typed = items
        .first()
        .is_some_and(|r| r.get("attributes").is_some() && kind_of(r).is_some());
    let paginated = value.pointer("/meta/pagination").is_some()
        && items.first().is_none_or(|r| kind_of(r).is_some());
    typed || paginated
}

/// A record's fields: its `attributes` (v3) or itself (v2).
fn fields(record: &Value) -> &Value {
    record.get("attributes").unwrap_or(record)
}

/// A numeric status: a number (v2, and v3 components), or `{value}` (v3).
fn number(record: &Value, key: &str) -> Option<i64> {
    let v = record.get(key)?;
    v.as_i64()
        .or_else(|| v.get("value").and_then(Value::as_i64))
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// A time: `occurred_at` (v2) or `occurred.string` (v3).
fn time(
    record: &Value,
    v2: &str,
    v3: &str,
    path: &str,
    issues: &mut Vec<Issue>,
) -> Option<DateTime<Utc>> {
    if record.get(v2).is_some() {
        return vendor::instant(record, v2, path, issues);
    }
    let nested = record.get(v3)?;
    vendor::instant(nested, "string", &format!("{path}.{v3}"), issues)
}

/// Reads one page of a Cachet list.
pub fn read(text_in: &str) -> Records {
    let value = match vendor::parse_or_records(text_in, "cachet") {
        Ok(v) => v,
        Err(records) => return records,
    };
    let mut issues = Vec::new();
    let mut data = Dataset::default();
    let mut kind = None;
    for (k, record) in list(value.get("data"), "data", &mut issues)
        .into_iter()
        .enumerate()
    {
        let path = format!("data[{k}]");
        if !record.is_object() {
            issues.push(not_a_record(&path, record));
            continue;
        }
        let Some(id) = text(record, "id").or_else(|| text(fields(record), "id")) else {
            issues
                .push(Issue::error("a record without `id`: left out").field(format!("{path}.id")));
            continue;
        };
        let this = kind_of(record);
        kind = kind.or(this);
        let f = fields(record);
        let fpath = if record.get("attributes").is_some() {
            format!("{path}.attributes")
        } else {
            path.clone()
        };
        match this {
            Some(Kind::Components) => component(f, id, &fpath, &mut data, &mut issues),
            Some(Kind::Incidents) => incident(f, id, &fpath, &mut data, &mut issues),
            Some(Kind::Schedules) => schedule(f, id, &fpath, &mut data, &mut issues),
            None => issues.push(
                Issue::error(
                    "a record that is none of Cachet's (component, incident, schedule): left out",
                )
                .field(path)
                .found(shown(record)),
            ),
        }
    }
    let kind = match kind {
        Some(Kind::Components) => "components",
        Some(Kind::Incidents) => "incidents",
        Some(Kind::Schedules) => "schedules",
        None => "empty",
    };
    Records {
        dataset: data,
        issues,
        kind: Some(kind.into()),
        ..Records::default()
    }
}

fn component(f: &Value, id: String, path: &str, data: &mut Dataset, issues: &mut Vec<Issue>) {
    let status = match number(f, "status") {
        Some(1) => Some(ComponentStatus::Operational),
        Some(2) => Some(ComponentStatus::DegradedPerformance),
        Some(3) => Some(ComponentStatus::PartialOutage),
        Some(4) => Some(ComponentStatus::MajorOutage),
        Some(0 | 5) | None => None,
        Some(other) => {
            issues.push(
                Issue::warning(format!(
                    "component `{id}`: a status Cachet does not use: its status now is not known"
                ))
                .field(format!("{path}.status"))
                .found(other.to_string())
                .allowed(
                    "1 (operational), 2 (performance issues), 3 (partial outage), 4 (major outage)",
                ),
            );
            None
        }
    };
    let group = number(f, "group_id")
        .filter(|g| *g != 0)
        .map(|g| format!("group {g}"));
    data.components.push(Component {
        until: None,
        name: text(f, "name").unwrap_or_else(|| id.clone()),
        group,
        position: number(f, "order"),
        status,
        since: time(f, "created_at", "created", path, issues),
        id,
    });
}

fn incident_status(n: Option<i64>) -> UpdateStatus {
    match n {
        Some(0) => UpdateStatus::Scheduled,
        Some(1) => UpdateStatus::Investigating,
        Some(2) => UpdateStatus::Identified,
        Some(3) => UpdateStatus::Monitoring,
        Some(4) => UpdateStatus::Resolved,
        Some(n) => UpdateStatus::Other(n.to_string()),
        None => UpdateStatus::Other("unknown".into()),
    }
}

fn incident(f: &Value, id: String, path: &str, data: &mut Dataset, issues: &mut Vec<Issue>) {
    let start = time(f, "occurred_at", "occurred", path, issues)
        .or_else(|| time(f, "created_at", "created", path, issues));
    let Some(start) = start else {
        issues.push(
            Issue::error(format!("incident `{id}` has no time it occurred: left out"))
                .field(format!("{path}.occurred_at"))
                .allowed("YYYY-MM-DD HH:MM:SS"),
        );
        return;
    };
    let mut updates: Vec<IncidentUpdate> = Vec::new();
    for (k, u) in list(f.get("updates"), &format!("{path}.updates"), issues)
        .into_iter()
        .enumerate()
    {
        let upath = format!("{path}.updates[{k}]");
        let Some(at) = vendor::instant(u, "created_at", &upath, issues) else {
            continue;
        };
        updates.push(IncidentUpdate {
            at,
            status: incident_status(number(u, "status")),
            body: text(u, "message").unwrap_or_default(),
        });
    }
    // Oldest first; the API lists them newest first. Stable: equal times keep the reverse.
    updates.reverse();
    candor_core::sort::sort_by_key(&mut updates, |u| u.at);
    let latest = number(f, "latest_status").or_else(|| number(f, "status"));
    let status = incident_status(latest);
    let resolved = f
        .get("is_resolved")
        .and_then(Value::as_bool)
        .unwrap_or(status == UpdateStatus::Resolved);
    let end = resolved.then(|| {
        (updates.iter().rev())
            .find(|u| u.status == UpdateStatus::Resolved)
            .map(|u| u.at)
            .or_else(|| time(f, "updated_at", "updated", path, issues))
            .unwrap_or(start)
            .max(start)
    });
    issues.push(
        Issue::warning(format!(
            "incident `{id}`: Cachet gives incidents no impact: read as `none` (no downtime); \
             give it in candor.toml (`[incidents.\"{id}\"]` `impact = ...`)"
        ))
        .field(format!("{path}.status"))
        .incident(&id)
        .settled_by("impact"),
    );
    let mut updates_with_message = updates;
    if let Some(message) = text(f, "message") {
        updates_with_message.insert(
            0,
            IncidentUpdate {
                at: start,
                status: incident_status(number(f, "status")),
                body: message,
            },
        );
    }
    let components = number(f, "component_id")
        .filter(|c| *c != 0)
        .map(|c| c.to_string());
    let incident = Incident {
        title: text(f, "name").unwrap_or_else(|| id.clone()).into(),
        status: if resolved {
            UpdateStatus::Resolved
        } else {
            status
        },
        created_at: time(f, "created_at", "created", path, issues),
        updates: updates_with_message.into_boxed_slice(),
        url: text(f, "permalink").map(Into::into),
        ..Incident::new(&id, Impact::None, start, end)
    };
    data.incidents.push(match components {
        Some(c) => incident.affecting(&[&c]),
        None => incident,
    });
}

fn schedule(f: &Value, id: String, path: &str, data: &mut Dataset, issues: &mut Vec<Issue>) {
    let Some(start) = time(f, "scheduled_at", "scheduled", path, issues) else {
        issues.push(
            Issue::error(format!("schedule `{id}` has no `scheduled_at`: left out"))
                .field(format!("{path}.scheduled_at"))
                .allowed("YYYY-MM-DD HH:MM:SS"),
        );
        return;
    };
    let completed = time(f, "completed_at", "completed", path, issues);
    let until = match completed {
        Some(end) if end < start => {
            issues.push(
                Issue::warning(format!(
                    "schedule `{id}` is completed before it is scheduled to start: its end is not known"
                ))
                .field(format!("{path}.completed_at"))
                .found(end.to_rfc3339())
                .allowed(format!("a time at or after scheduled_at ({})", start.to_rfc3339())),
            );
            None
        }
        other => other,
    };
    let status = match number(f, "status") {
        Some(0) => UpdateStatus::Scheduled,
        Some(1) => UpdateStatus::InProgress,
        Some(2) => UpdateStatus::Completed,
        Some(n) => UpdateStatus::Other(n.to_string()),
        None => UpdateStatus::Scheduled,
    };
    let component_ids = (f.get("components").and_then(Value::as_array))
        .into_iter()
        .flatten()
        .filter_map(|c| text(c, "id").or_else(|| text(c, "component_id")))
        .collect();
    data.maintenances.push(Maintenance {
        title: text(f, "name").unwrap_or_else(|| id.clone()),
        id: format!("schedule-{id}"),
        status,
        scheduled_for: start,
        scheduled_until: until,
        component_ids,
        updates: Vec::new(),
        url: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const INCIDENTS_V2: &str = include_str!("../tests/fixtures/cachet/v2-incidents.json");
    const COMPONENTS_V2: &str = include_str!("../tests/fixtures/cachet/v2-components.json");
    const INCIDENTS_V3: &str = include_str!("../tests/fixtures/cachet/v3-incidents.json");

    #[test]
    fn v2_incidents_end_at_their_fixed_update_and_open_ones_stay_open() {
        let r = read(INCIDENTS_V2);
        let d = &r.dataset;
        assert_eq!(d.incidents.len(), 2);
        let fixed = &d.incidents[0];
        assert_eq!(
            fixed.end.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-09-12T14:00:00+00:00")
        );
        // The message first, then the updates oldest first.
        let statuses: Vec<&str> = fixed.updates.iter().map(|u| u.status.as_str()).collect();
        assert_eq!(statuses, ["investigating", "identified", "resolved"]);
        assert_eq!(&*fixed.components[0].component_id, "2");
        assert!(d.incidents[1].is_open());
        // One warning per incident for the impact Cachet does not give.
        assert_eq!(r.issues.len(), 2);
        assert!(r
            .issues
            .iter()
            .all(|i| i.severity == crate::Severity::Warning));
        assert_eq!(r.kind.as_deref(), Some("incidents"));
        assert!(looks_like(&vendor::parse(INCIDENTS_V2).expect("json")));
    }

    #[test]
    fn v2_component_statuses_are_read_by_cachets_numbers() {
        let r = read(COMPONENTS_V2);
        let statuses: Vec<Option<ComponentStatus>> =
            r.dataset.components.iter().map(|c| c.status).collect();
        assert_eq!(
            statuses,
            [
                Some(ComponentStatus::Operational),
                Some(ComponentStatus::PartialOutage),
                None
            ]
        );
        assert!(r.issues.is_empty(), "{:?}", r.issues);
    }

    #[test]
    fn v3_json_api_records_read_their_attributes() {
        let r = read(INCIDENTS_V3);
        let d = &r.dataset;
        assert_eq!(d.incidents.len(), 1);
        let i = &d.incidents[0];
        assert_eq!(&*i.title, "Login errors");
        assert_eq!(i.start.to_rfc3339(), "2026-09-01T08:00:00+00:00");
        assert_eq!(
            i.end.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-09-01T09:30:00+00:00")
        );
        assert!(looks_like(&vendor::parse(INCIDENTS_V3).expect("json")));
    }

    #[test]
    fn a_schedule_completed_before_it_starts_has_no_end() {
        let r = read(
            r#"{"meta":{"pagination":{"total":1}},"data":[{"id":1,"name":"Upgrade","status":0,
            "scheduled_at":"2026-09-12 15:00:00","completed_at":"2026-09-12 13:00:00","components":[]}]}"#,
        );
        assert_eq!(r.dataset.maintenances[0].scheduled_until, None);
        assert_eq!(r.issues.len(), 1);
    }
}
