//! Statuspage's Manage API v1 (`GET /v1/pages/{page_id}/incidents`, and one incident's
//! `/v1/pages/{page_id}/incidents/{id}`): what a page's owner exports with an API key, a list
//! of incidents (or one) with the fields of the public API v2 and more: `postmortem_body`,
//! `backfilled`, `impact_override`, times with local offsets, completed maintenances.
//!
//! Read by core's Statuspage reader (the records are API v2 incidents), then:
//! - `impact_override`, where set, is the impact (the page's owner chose it over the computed
//!   one);
//! - a `backfilled` incident was entered after the fact at one instant: Statuspage stores it
//!   with `resolved_at` equal to its start, so its duration is not known: a warning, settled
//!   by an `end` in candor.toml;
//! - the export holds the page's whole history, unless every incident in it is unresolved
//!   (`/incidents/unresolved`): that says nothing of the time before them.
//!
//! The page's id (`page_id`) makes the export a snapshot of that page, merged with the page's
//! other documents ([`page`]).

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::statuspage::{self as sp, StatuspageError};
use candor_core::Impact;

use crate::vendor::{self, text};
use crate::{Issue, Records};

/// Whether a JSON document is a Manage API export: a list of incidents (or one) with
/// `incident_updates` and `page_id`, and no `page` (which API v2 documents have).
pub fn looks_like(value: &Value) -> bool {
    let incident = |v: &Value| v.get("incident_updates").is_some() && v.get("page_id").is_some();
    match value {
        Value::Array(items) => !items.is_empty() && items.iter().all(incident),
        Value::Object(_) => value.get("page").is_none() && incident(value),
        _ => false,
    }
}

/// The page an export is of (`page_id`) and as of when (its latest `updated_at`), for the
/// import to merge it with the page's other documents.
pub fn page(text_in: &str) -> Option<(String, Option<DateTime<Utc>>)> {
    let value: Value = serde_json::from_str(text_in).ok()?;
    let records: Vec<&Value> = match &value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let id = records.iter().find_map(|r| text(r, "page_id"))?;
    let updated = (records.iter())
        .filter_map(|r| r.get("updated_at")?.as_str().and_then(vendor::instant_text))
        .max();
    Some((id, updated))
}

/// Reads a Manage API export.
pub fn read(text_in: &str) -> Records {
    let value = match vendor::parse_or_records(text_in, "incidents") {
        Ok(v) => v,
        Err(records) => return records,
    };
    let list = value.is_array();
    let page_id = page(text_in).map(|(id, _)| id).unwrap_or_default();
    // Wrapped as the API v2 document it matches, on the same line, so that lines stay true
    // (and columns on the first line are moved back).
    let prefix = format!(
        "{{\"page\":{{\"id\":{}}},\"{}\":",
        serde_json::Value::String(page_id),
        if list { "incidents" } else { "incident" }
    );
    let wrapped = format!("{prefix}{text_in}}}");
    let mut issues = Vec::new();
    let mut document = match sp::parse_document(&wrapped) {
        Ok(d) => d,
        Err(StatuspageError::Json {
            line,
            column,
            field,
            message,
        }) => {
            let column = if line == 1 {
                column.saturating_sub(prefix.len())
            } else {
                column
            };
            let issue = Issue::error(message).at(Some(line), Some(column));
            return Records {
                issues: vec![if field.is_empty() {
                    issue
                } else {
                    issue.field(unwrap_field(&field))
                }],
                kind: Some("incidents".into()),
                ..Records::default()
            };
        }
        Err(err) => {
            return Records {
                issues: vec![Issue::error(err.to_string())],
                kind: Some("incidents".into()),
                ..Records::default()
            }
        }
    };
    for p in std::mem::take(&mut document.problems) {
        let column = match p.line {
            Some(1) => p.column.map(|c| c.saturating_sub(prefix.len())),
            _ => p.column,
        };
        let mut issue = match p.severity {
            sp::Severity::Error => Issue::error(p.message),
            sp::Severity::Warning => Issue::warning(p.message),
        }
        .at(p.line, column)
        .field(unwrap_field(&p.field));
        issue.found = p.found;
        issue.allowed = p.allowed;
        if let (Some(id), Some(key)) = (p.incident, p.settled_by) {
            issue = issue.incident(id).settled_by(key);
        }
        issues.push(issue);
    }
    // Statuspage's own placeholder, `{"name": "No components were affected by this update."}`,
    // says what it says: not a component without its code.
    issues.retain(|i| {
        let placeholder = (i.field.as_deref().map(pointer))
            .and_then(|p| value.pointer(&format!("{p}/name")))
            .and_then(Value::as_str)
            .is_some_and(|name| name.starts_with("No components were affected"));
        !(placeholder && i.message.contains("without `code`"))
    });
    let mut data = document.dataset;
    let records: Vec<(String, &Value)> = match &value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(k, v)| (format!("[{k}]"), v))
            .collect(),
        other => vec![(String::new(), other)],
    };
    for (path, raw) in &records {
        let Some(id) = text(raw, "id") else { continue };
        let Some(incident) = data.incidents.iter_mut().find(|i| *i.id == *id) else {
            continue;
        };
        let chosen = match text(raw, "impact_override").as_deref() {
            Some("none") => Some(Impact::None),
            Some("minor") => Some(Impact::Minor),
            Some("major") => Some(Impact::Major),
            Some("critical") => Some(Impact::Critical),
            _ => None,
        };
        if let Some(impact) = chosen {
            incident.impact = impact;
            // The override settles core's warning about a missing impact.
            issues.retain(|i| {
                !(i.incident.as_deref() == Some(id.as_str()) && i.settled_by == "impact")
            });
        }
        if let Some(end) = incident.end.filter(|end| *end < incident.start) {
            issues.push(crate::repairs::end_before_start(
                &id,
                &format!("{path}.resolved_at"),
                incident.start,
                end,
                None,
            ));
            incident.end = Some(incident.start);
        }
        if raw.get("backfilled").and_then(Value::as_bool) == Some(true) {
            issues.push(
                Issue::warning(format!(
                    "incident `{id}` was backfilled: Statuspage records it at one instant, so \
                     how long it lasted is not known: counted as lasting no time; give its end \
                     in candor.toml (`[incidents.\"{id}\"]` `end = ...`)"
                ))
                .field(
                    format!("{path}.backfilled")
                        .trim_start_matches('.')
                        .to_string(),
                )
                .found("true")
                .incident(&id),
            );
        }
    }
    let all_open = !data.incidents.is_empty() && data.incidents.iter().all(|i| i.is_open());
    data.covered_from = if all_open {
        data.incidents.iter().map(|i| i.start).min()
    } else {
        None
    };
    Records {
        dataset: data,
        issues,
        kind: Some("manage_api_incidents".into()),
        ..Records::default()
    }
}

/// A field path (`[10].incident_updates[0].affected_components[0]`) as a JSON pointer.
fn pointer(field: &str) -> String {
    let mut p = String::new();
    for part in field.split(['.', '[']).filter(|s| !s.is_empty()) {
        p.push('/');
        p.push_str(part.trim_end_matches(']'));
    }
    p
}

/// A path in the wrapped document as a path in the export: `incidents[3].impact` is
/// `[3].impact`, `incident.impact` is `impact`.
fn unwrap_field(field: &str) -> String {
    if let Some(rest) = field.strip_prefix("incidents") {
        return rest.to_string();
    }
    match field.strip_prefix("incident") {
        Some(rest) => rest.trim_start_matches('.').to_string(),
        None => field.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = include_str!("../tests/fixtures/statuspage-manage/incidents.json");

    #[test]
    fn an_export_gives_incidents_maintenances_postmortems_and_flags_backfilled_ones() {
        let r = read(EXPORT);
        let d = &r.dataset;
        let ids: Vec<(&str, Impact)> = d.incidents.iter().map(|i| (&*i.id, i.impact)).collect();
        // `impact_override` wins over `impact`.
        assert_eq!(ids, [("inc1", Impact::Critical), ("inc2", Impact::None)]);
        assert_eq!(d.maintenances.len(), 1);
        assert_eq!(
            d.maintenances[0].status,
            candor_core::UpdateStatus::Completed
        );
        let pm = d.incidents[0]
            .postmortem
            .as_ref()
            .and_then(|p| p.body.as_deref());
        assert_eq!(pm, Some("The database ran out of disk."));
        // -04:00 offsets are read as the instants they are.
        assert_eq!(
            d.incidents[0].start.to_rfc3339(),
            "2018-03-31T15:00:00+00:00"
        );
        let warnings: Vec<String> = r
            .issues
            .iter()
            .map(|i| i.field.clone().unwrap_or_default())
            .collect();
        // Statuspage's placeholder for no components is no warning.
        assert_eq!(warnings, ["[1].backfilled"]);
        assert_eq!(d.covered_from, None);
        assert_eq!(page(EXPORT).map(|(id, _)| id).as_deref(), Some("pg1"));
        assert!(looks_like(&vendor::parse(EXPORT).expect("json")));
    }

    #[test]
    fn a_bad_record_is_an_error_at_its_place_and_the_others_are_read() {
        let broken = EXPORT.replacen(
            "\"incident_updates\": [",
            "\"incident_updates\": 5, \"x\": [",
            1,
        );
        let r = read(&broken);
        let errors: Vec<&Issue> = r
            .issues
            .iter()
            .filter(|i| i.severity == crate::Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{:?}", r.issues);
        assert!(errors[0].line.is_some_and(|l| l > 1));
        assert_eq!(r.dataset.incidents.len() + r.dataset.maintenances.len(), 2);
    }

    #[test]
    fn unresolved_incidents_alone_say_nothing_of_the_time_before_them() {
        let open = r#"[{"id":"o1","page_id":"pg1","name":"Down","status":"investigating","impact":"major",
            "created_at":"2018-04-30T16:54:12Z","resolved_at":null,"incident_updates":[]}]"#;
        let r = read(open);
        assert_eq!(
            r.dataset.covered_from.map(|t| t.to_rfc3339()).as_deref(),
            Some("2018-04-30T16:54:12+00:00")
        );
    }
}
