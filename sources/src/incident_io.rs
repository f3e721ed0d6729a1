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
//!   each in its `current_status` from the last update.
//! - Maintenances: in progress from `started_at` to `scheduled_end_at`, scheduled from
//!   `starts_at` to `ends_at`.
//! - Only what is open now is listed: the page says nothing before the oldest of it.

use std::sync::Arc;

use serde_json::Value;

use candor_core::{
    AffectedComponent, Component, ComponentStatus, Dataset, Impact, Incident, IncidentUpdate,
    Maintenance, Page, StatusChange, UpdateStatus,
};

use crate::vendor::{self, instant, list, not_a_record, text};
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
            || value.get("summary").is_some())
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

/// Reads an incident.io widget summary.
pub fn read(text_in: &str) -> Records {
    let value = match vendor::parse_or_records(text_in, "widget_summary") {
        Ok(v) => v,
        Err(records) => return records,
    };
    let s = summary(&value);
    let mut issues = Vec::new();
    let mut data = Dataset {
        page: Page {
            name: text(s, "page_title"),
            url: text(s, "page_url"),
            time_zone: None,
        },
        ..Dataset::default()
    };
    for (k, raw) in list(s.get("ongoing_incidents"), "ongoing_incidents", &mut issues)
        .into_iter()
        .enumerate()
    {
        let path = format!("ongoing_incidents[{k}]");
        if !raw.is_object() {
            issues.push(not_a_record(&path, raw));
            continue;
        }
        let (Some(id), Some(at)) = (
            text(raw, "id"),
            instant(raw, "last_update_at", &path, &mut issues),
        ) else {
            issues.push(
                Issue::error("an incident without `id` or `last_update_at`: left out")
                    .field(path)
                    .allowed("`id`, and `last_update_at` an RFC 3339 time"),
            );
            continue;
        };
        let worst = text(raw, "current_worst_impact");
        let impact = match worst.as_deref().and_then(status) {
            Some(s) => vendor::impact_of(s),
            None => {
                issues.push(
                    Issue::warning(format!(
                        "incident `{id}`: no impact incident.io uses: read as `none`; give it in \
                         candor.toml (`[incidents.\"{id}\"]` `impact = ...`)"
                    ))
                    .field(format!("{path}.current_worst_impact"))
                    .found(worst.unwrap_or_else(|| "nothing".into()))
                    .allowed("degraded_performance, partial_outage, full_outage")
                    .incident(&id)
                    .settled_by("impact"),
                );
                Impact::None
            }
        };
        issues.push(
            Issue::warning(format!(
                "incident `{id}`: the widget gives no start: counted from its last update \
                 (`last_update_at`), the earliest time it gives; give its start in candor.toml \
                 (`[incidents.\"{id}\"]` `start = ...`)"
            ))
            .field(format!("{path}.last_update_at"))
            .incident(&id)
            .settled_by("start"),
        );
        let mut affected = Vec::new();
        for c in (raw.get("affected_components").and_then(Value::as_array))
            .into_iter()
            .flatten()
        {
            let Some(cid) = text(c, "id").or_else(|| text(c, "component_id")) else {
                continue;
            };
            if data.component(&cid).is_none() {
                data.components.push(Component {
                    until: None,
                    name: text(c, "name").unwrap_or_else(|| cid.clone()),
                    group: text(c, "group_name"),
                    position: Some(data.components.len() as i64),
                    status: text(c, "current_status").as_deref().and_then(status),
                    since: None,
                    id: cid.clone(),
                });
            }
            let transitions = (text(c, "current_status").as_deref().and_then(status))
                .map(|status| vec![StatusChange { at, status }])
                .unwrap_or_default();
            affected.push(AffectedComponent {
                component_id: Arc::from(cid.as_str()),
                transitions,
            });
        }
        let updates: Vec<IncidentUpdate> = text(raw, "last_update_message")
            .map(|body| {
                vec![IncidentUpdate {
                    at,
                    status: UpdateStatus::parse(&text(raw, "status").unwrap_or_default()),
                    body,
                }]
            })
            .unwrap_or_default();
        data.incidents.push(Incident {
            title: text(raw, "name").unwrap_or_else(|| id.clone()).into(),
            status: UpdateStatus::parse(&text(raw, "status").unwrap_or_default()),
            updates: updates.into_boxed_slice(),
            components: affected.into(),
            url: text(raw, "url").map(Into::into),
            ..Incident::new(&id, impact, at, None)
        });
    }
    for (list_name, from, to, state) in [
        (
            "in_progress_maintenances",
            "started_at",
            "scheduled_end_at",
            UpdateStatus::InProgress,
        ),
        (
            "scheduled_maintenances",
            "starts_at",
            "ends_at",
            UpdateStatus::Scheduled,
        ),
    ] {
        for (k, raw) in list(s.get(list_name), list_name, &mut issues)
            .into_iter()
            .enumerate()
        {
            let path = format!("{list_name}[{k}]");
            let start = instant(raw, from, &path, &mut issues)
                .or_else(|| instant(raw, "last_update_at", &path, &mut issues));
            let (Some(id), Some(start)) = (text(raw, "id"), start) else {
                issues.push(
                    Issue::error(format!("a maintenance without `id` or `{from}`: left out"))
                        .field(path)
                        .allowed(format!("`id`, and `{from}` an RFC 3339 time")),
                );
                continue;
            };
            let component_ids = (raw.get("affected_components").and_then(Value::as_array))
                .into_iter()
                .flatten()
                .filter_map(|c| text(c, "id"))
                .collect();
            data.maintenances.push(Maintenance {
                title: text(raw, "name").unwrap_or_else(|| id.clone()),
                status: state.clone(),
                scheduled_for: start,
                scheduled_until: instant(raw, to, &path, &mut issues).filter(|e| *e >= start),
                component_ids,
                updates: Vec::new(),
                url: text(raw, "url"),
                id,
            });
        }
    }
    data.covered_from = (data.incidents.iter().map(|i| i.start))
        .chain(data.maintenances.iter().map(|m| m.scheduled_for))
        .min();
    Records {
        dataset: data,
        issues,
        kind: Some("widget_summary".into()),
        ..Records::default()
    }
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
}
