//! Instatus: a page's `summary.json` (`page` with its overall status, `activeIncidents`,
//! `activeMaintenances`; each list absent when empty) and its `v2`/`v3` `components.json`.
//!
//! The summary lists only what is open now: its incidents are read as open (a `RESOLVED` one
//! ends at its `updatedAt`), its maintenances as scheduled for `start` and lasting `duration`
//! minutes. `page.status` is the page's state now, not history, and is not a record.

use chrono::Duration;
use serde_json::Value;

use candor_core::{
    Component, ComponentStatus, Dataset, Impact, Incident, IncidentUpdate, Maintenance, Page,
    UpdateStatus,
};

use crate::vendor::{self, instant, list, not_a_record, shown, text};
use crate::{Issue, Records};

/// The words of `page.status`.
const PAGE_STATUSES: [&str; 3] = ["UP", "HASISSUES", "UNDERMAINTENANCE"];

/// Whether a JSON document is an Instatus document: a summary (`page` whose `status` is one of
/// Instatus's words, or `activeIncidents`/`activeMaintenances`) or a components list (only
/// `components`, its entries' statuses in Instatus's capitals).
pub fn looks_like(value: &Value) -> bool {
    let page_status = (value.pointer("/page/status").and_then(Value::as_str))
        .is_some_and(|s| PAGE_STATUSES.contains(&s));
    let summary = value.get("page").is_some()
        && (page_status
            || value.get("activeIncidents").is_some()
            || value.get("activeMaintenances").is_some());
    let components = value.as_object().is_some_and(|o| {
        o.len() == 1
            && (o.get("components").and_then(Value::as_array)).is_some_and(|list| {
                list.iter().all(|c| {
                    (c.get("status").and_then(Value::as_str))
                        .is_some_and(|s| component_status(s).is_some())
                })
            })
    });
    summary || components
}

/// A component's status in Instatus's words.
fn component_status(word: &str) -> Option<ComponentStatus> {
    Some(match word {
        "OPERATIONAL" => ComponentStatus::Operational,
        "UNDERMAINTENANCE" => ComponentStatus::UnderMaintenance,
        "DEGRADEDPERFORMANCE" => ComponentStatus::DegradedPerformance,
        "PARTIALOUTAGE" => ComponentStatus::PartialOutage,
        "MINOROUTAGE" => ComponentStatus::PartialOutage,
        "MAJOROUTAGE" => ComponentStatus::MajorOutage,
        _ => return None,
    })
}

const IMPACTS: &str = "DEGRADEDPERFORMANCE, PARTIALOUTAGE, MINOROUTAGE, MAJOROUTAGE, OPERATIONAL";

/// Reads an Instatus `summary.json` or `components.json`.
pub fn read(text: &str) -> Records {
    let value = match vendor::parse_or_records(text, "summary") {
        Ok(v) => v,
        Err(records) => return records,
    };
    if value.get("page").is_none() && value.get("components").is_some() {
        return read_components(&value);
    }
    let mut issues = Vec::new();
    let mut data = Dataset {
        page: Page {
            name: value
                .pointer("/page/name")
                .and_then(Value::as_str)
                .map(str::to_string),
            url: value
                .pointer("/page/url")
                .and_then(Value::as_str)
                .map(str::to_string),
            time_zone: None,
        },
        ..Dataset::default()
    };
    for (k, raw) in list(value.get("activeIncidents"), "activeIncidents", &mut issues)
        .into_iter()
        .enumerate()
    {
        let path = format!("activeIncidents[{k}]");
        if let Some(incident) = incident(raw, &path, &mut issues) {
            data.incidents.push(incident);
        }
    }
    for (k, raw) in list(
        value.get("activeMaintenances"),
        "activeMaintenances",
        &mut issues,
    )
    .into_iter()
    .enumerate()
    {
        let path = format!("activeMaintenances[{k}]");
        if let Some(m) = maintenance(raw, &path, &mut issues) {
            data.maintenances.push(m);
        }
    }
    // What is open now says nothing of the time before it.
    data.covered_from = (data.incidents.iter().map(|i| i.start))
        .chain(data.maintenances.iter().map(|m| m.scheduled_for))
        .min();
    Records {
        dataset: data,
        issues,
        kind: Some("summary".into()),
        ..Records::default()
    }
}

fn incident(raw: &Value, path: &str, issues: &mut Vec<Issue>) -> Option<Incident> {
    if !raw.is_object() {
        issues.push(not_a_record(path, raw));
        return None;
    }
    let Some(id) = text(raw, "id").or_else(|| text(raw, "url")) else {
        issues.push(
            Issue::error("an incident without `id` (nor `url`): left out")
                .field(format!("{path}.id"))
                .allowed("the incident's id"),
        );
        return None;
    };
    let Some(start) = instant(raw, "started", path, issues) else {
        if raw.get("started").is_none_or(Value::is_null) {
            issues.push(
                Issue::error(format!("incident `{id}` has no `started` time: left out"))
                    .field(format!("{path}.started"))
                    .allowed("an RFC 3339 time"),
            );
        }
        return None;
    };
    let updated = instant(raw, "updatedAt", path, issues);
    let impact_word = text(raw, "impact");
    let impact = match impact_word.as_deref().and_then(component_status) {
        Some(status) => vendor::impact_of(status),
        None => {
            issues.push(
                Issue::warning(format!(
                    "incident `{id}`: no impact Instatus uses: read as `none` (no downtime); give it in \
                     candor.toml (`[incidents.\"{id}\"]` `impact = ...`)"
                ))
                .field(format!("{path}.impact"))
                .found(impact_word.unwrap_or_else(|| "nothing".into()))
                .allowed(IMPACTS)
                .incident(&id)
                .settled_by("impact"),
            );
            Impact::None
        }
    };
    let status = UpdateStatus::parse(&text(raw, "status").unwrap_or_default());
    let end = match status {
        UpdateStatus::Resolved => {
            issues.push(
                Issue::warning(format!(
                    "incident `{id}` is resolved but the summary gives no end: counted as \
                     ending at its `updatedAt`; give its end in candor.toml \
                     (`[incidents.\"{id}\"]` `end = ...`)"
                ))
                .field(format!("{path}.status"))
                .found("RESOLVED")
                .incident(&id),
            );
            Some(updated.unwrap_or(start).max(start))
        }
        _ => None,
    };
    let title = text(raw, "name").unwrap_or_else(|| id.clone());
    Some(Incident {
        title: title.as_str().into(),
        status,
        url: text(raw, "url").map(Into::into),
        created_at: Some(start),
        ..Incident::new(&id, impact, start, end)
    })
}

fn maintenance(raw: &Value, path: &str, issues: &mut Vec<Issue>) -> Option<Maintenance> {
    if !raw.is_object() {
        issues.push(not_a_record(path, raw));
        return None;
    }
    let Some(id) = text(raw, "id").or_else(|| text(raw, "url")) else {
        issues.push(
            Issue::error("a maintenance without `id` (nor `url`): left out")
                .field(format!("{path}.id")),
        );
        return None;
    };
    let Some(start) = instant(raw, "start", path, issues) else {
        if raw.get("start").is_none_or(Value::is_null) {
            issues.push(
                Issue::error(format!("maintenance `{id}` has no `start` time: left out"))
                    .field(format!("{path}.start"))
                    .allowed("an RFC 3339 time"),
            );
        }
        return None;
    };
    // Minutes, a number (or a number written as text, as some pages serve it).
    let duration = raw.get("duration").filter(|v| !v.is_null());
    let minutes = duration.and_then(|d| {
        d.as_f64()
            .or_else(|| d.as_str().and_then(|s| s.trim().parse::<f64>().ok()))
            .filter(|m| m.is_finite() && *m >= 0.0 && *m <= 60.0 * 24.0 * 366.0)
    });
    if let (Some(d), None) = (duration, minutes) {
        issues.push(
            Issue::warning(format!(
                "maintenance `{id}`: `duration` is not a number of minutes: its end is not known"
            ))
            .field(format!("{path}.duration"))
            .found(shown(d))
            .allowed("minutes, a number"),
        );
    }
    let status = match text(raw, "status").as_deref() {
        Some("NOTSTARTEDYET") => UpdateStatus::Scheduled,
        Some("INPROGRESS") => UpdateStatus::InProgress,
        Some("COMPLETED") => UpdateStatus::Completed,
        Some(other) => UpdateStatus::parse(other),
        None => UpdateStatus::Scheduled,
    };
    Some(Maintenance {
        title: text(raw, "name").unwrap_or_else(|| id.clone()),
        id,
        status,
        scheduled_for: start,
        scheduled_until: minutes.map(|m| start + Duration::seconds((m * 60.0) as i64)),
        component_ids: Vec::new(),
        updates: Vec::<IncidentUpdate>::new(),
        url: text(raw, "url"),
    })
}

/// `components.json`: v3 gives each component its `group` (an object); v2 nests `children`. A
/// component that is another's group is a group, not a component: its name becomes its
/// children's group.
fn read_components(value: &Value) -> Records {
    let mut issues = Vec::new();
    let mut flat: Vec<(String, &Value, Option<String>)> = Vec::new();
    for (k, raw) in list(value.get("components"), "components", &mut issues)
        .into_iter()
        .enumerate()
    {
        let path = format!("components[{k}]");
        if !raw.is_object() {
            issues.push(not_a_record(&path, raw));
            continue;
        }
        let group = (raw.get("group").and_then(|g| g.get("name")))
            .and_then(Value::as_str)
            .map(str::to_string);
        flat.push((path.clone(), raw, group));
        let children = list(
            raw.get("children"),
            &format!("{path}.children"),
            &mut issues,
        );
        for (j, child) in children.into_iter().enumerate() {
            let child_path = format!("{path}.children[{j}]");
            if !child.is_object() {
                issues.push(not_a_record(&child_path, child));
                continue;
            }
            flat.push((child_path, child, text(raw, "name")));
        }
    }
    let is_group = |id: &str| {
        value
            .get("components")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|c| {
                c.pointer("/group/id").and_then(Value::as_str) == Some(id)
                    || c.get("children")
                        .and_then(Value::as_array)
                        .is_some_and(|l| !l.is_empty())
                        && text(c, "id").as_deref() == Some(id)
            })
    };
    let mut data = Dataset::default();
    for (position, (path, raw, group)) in flat.into_iter().enumerate() {
        let Some(id) = text(raw, "id") else {
            issues.push(
                Issue::error("a component without `id`: left out").field(format!("{path}.id")),
            );
            continue;
        };
        if is_group(&id) || data.component(&id).is_some() {
            continue;
        }
        let word = text(raw, "status");
        let status = word.as_deref().and_then(component_status);
        if status.is_none() {
            issues.push(
                Issue::warning(format!(
                    "component `{id}`: not a status Instatus uses: its status now is not known"
                ))
                .field(format!("{path}.status"))
                .found(word.unwrap_or_else(|| "nothing".into()))
                .allowed("OPERATIONAL, UNDERMAINTENANCE, DEGRADEDPERFORMANCE, PARTIALOUTAGE, MINOROUTAGE, MAJOROUTAGE"),
            );
        }
        data.components.push(Component {
            until: None,
            name: text(raw, "name").unwrap_or_else(|| id.clone()),
            id,
            group,
            position: Some(position as i64),
            status,
            since: None,
        });
    }
    Records {
        dataset: data,
        issues,
        kind: Some("components".into()),
        ..Records::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUMMARY: &str = include_str!("../tests/fixtures/instatus/summary.json");
    const COMPONENTS: &str = include_str!("../tests/fixtures/instatus/components-v3.json");

    #[test]
    fn a_summary_gives_open_incidents_and_upcoming_maintenances() {
        let r = read(SUMMARY);
        let data = &r.dataset;
        assert_eq!(data.page.name.as_deref(), Some("Example"));
        let impacts: Vec<(&str, Impact, bool)> = (data.incidents.iter())
            .map(|i| (&*i.id, i.impact, i.is_open()))
            .collect();
        assert_eq!(
            impacts,
            [
                ("inc-partial", Impact::Major, true),
                ("inc-degraded", Impact::Minor, true),
                ("inc-major", Impact::Critical, true),
            ]
        );
        let m = &data.maintenances[0];
        assert_eq!(m.status, UpdateStatus::Scheduled);
        assert_eq!(
            m.scheduled_until
                .map(|t| (t - m.scheduled_for).num_minutes()),
            Some(90)
        );
        // The record without a start is an error; the unknown impact a warning.
        let errors: Vec<_> = (r.issues.iter())
            .filter(|i| i.severity == crate::Severity::Error)
            .map(|i| i.field.clone().unwrap_or_default())
            .collect();
        assert_eq!(errors, ["activeIncidents[3].started"]);
        assert!(looks_like(&vendor::parse(SUMMARY).expect("json")));
    }

    #[test]
    fn keys_absent_when_empty_are_an_empty_page_not_a_problem() {
        let r = read(r#"{"page":{"name":"Quiet","url":"https://q.example","status":"UP"}}"#);
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        assert!(r.dataset.is_empty());
        assert_eq!(r.dataset.covered_from, None);
    }

    #[test]
    fn v3_components_take_their_groups_names_and_groups_are_not_components() {
        let r = read(COMPONENTS);
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        let names: Vec<(&str, Option<&str>)> = (r.dataset.components.iter())
            .map(|c| (c.name.as_str(), c.group.as_deref()))
            .collect();
        assert_eq!(names, [("API", Some("Core")), ("Dashboard", Some("Core"))]);
        assert_eq!(
            r.dataset.components[1].status,
            Some(ComponentStatus::PartialOutage)
        );
        assert!(looks_like(&vendor::parse(COMPONENTS).expect("json")));
    }

    #[test]
    fn v2_components_nest_their_children() {
        let r = read(
            r#"{"components":[{"id":"g","name":"Web","status":"OPERATIONAL","children":[
                {"id":"a","name":"Site","status":"MAJOROUTAGE"}]}]}"#,
        );
        assert_eq!(r.dataset.components.len(), 1);
        assert_eq!(r.dataset.components[0].group.as_deref(), Some("Web"));
        assert_eq!(
            r.dataset.components[0].status,
            Some(ComponentStatus::MajorOutage)
        );
    }

    #[test]
    fn text_that_is_not_json_is_one_located_error() {
        let r = read("{\"page\": ");
        assert_eq!(r.issues.len(), 1);
        assert_eq!(r.issues[0].line, Some(1));
    }
}
