//! Gatus: `/api/v1/endpoints/statuses`, a list of endpoints, each with its latest `results`
//! (`success`, `timestamp`, `duration` in nanoseconds).
//!
//! Each endpoint is a component (by its `key`, in its `group`); its results are checks: a
//! failed one counts as downtime until the next result (see `vendor::downtime_of_checks`), and
//! the first result is when the endpoint started being observed. The list holds only the
//! latest results: the page says nothing before the earliest of them. A result at Go's zero
//! time (`0001-01-01T00:00:00Z`, a result never timed) cannot be placed: it counts as neither
//! uptime nor downtime, with a warning.

use serde_json::Value;

use candor_core::{Component, Dataset};

use crate::vendor::{self, list, not_a_record, shown, text, Check};
use crate::{Issue, Records};

/// Whether a JSON document is Gatus's list of endpoint statuses: a list of objects with
/// `key` or `name`, and `results`.
pub fn looks_like(value: &Value) -> bool {
    value.as_array().is_some_and(|items| {
        !items.is_empty()
            && items.iter().all(|e| {
                e.get("results").is_some_and(Value::is_array)
                    && (e.get("key").is_some() || e.get("name").is_some())
            })
    })
}

/// Reads `/api/v1/endpoints/statuses`.
pub fn read(text_in: &str) -> Records {
    let value = match vendor::parse_or_records(text_in, "endpoint_statuses") {
        Ok(v) => v,
        Err(records) => return records,
    };
    let mut issues = Vec::new();
    let mut data = Dataset::default();
    for (k, endpoint) in list(Some(&value), "", &mut issues).into_iter().enumerate() {
        let path = format!("[{k}]");
        if !endpoint.is_object() {
            issues.push(not_a_record(&path, endpoint));
            continue;
        }
        let name = text(endpoint, "name");
        let group = text(endpoint, "group");
        // Gatus's key is `<group>_<name>`, lowercased; made so where it is missing.
        let key = text(endpoint, "key").or_else(|| {
            let name = name.as_deref()?;
            Some(match &group {
                Some(g) => format!("{g}_{name}"),
                None => name.to_string(),
            })
        });
        let Some(id) = key else {
            issues.push(
                Issue::error("an endpoint without `key` or `name`: left out")
                    .field(format!("{path}.key")),
            );
            continue;
        };
        let mut checks = Vec::new();
        let mut untimed = 0;
        for (r, result) in list(
            endpoint.get("results"),
            &format!("{path}.results"),
            &mut issues,
        )
        .into_iter()
        .enumerate()
        {
            let rpath = format!("{path}.results[{r}]");
            let Some(at) = vendor::instant(result, "timestamp", &rpath, &mut issues) else {
                continue;
            };
            if at.timestamp() <= -62_135_596_800 {
                untimed += 1;
                continue;
            }
            let down = match result.get("success") {
                Some(Value::Bool(ok)) => Some(!ok),
                other => {
                    issues.push(
                        Issue::error("a result without `success`: left out")
                            .field(format!("{rpath}.success"))
                            .found(other.map_or("nothing".into(), shown))
                            .allowed("true or false"),
                    );
                    continue;
                }
            };
            checks.push(Check { at, down });
        }
        if untimed > 0 {
            issues.push(
                Issue::warning(format!(
                    "endpoint `{id}`: {untimed} results at Go's zero time (0001-01-01T00:00:00Z), \
                     never timed: counted as neither uptime nor downtime"
                ))
                .field(format!("{path}.results"))
                .found("0001-01-01T00:00:00Z")
                .allowed("the time of the check"),
            );
        }
        let monitor = Component {
            name: name.unwrap_or_else(|| id.clone()),
            group,
            ..Component::named(id.clone(), "")
        };
        vendor::record_monitor(&mut data, monitor, &mut checks);
    }
    Records {
        dataset: data,
        issues,
        kind: Some("endpoint_statuses".into()),
        ..Records::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUSES: &str = include_str!("../tests/fixtures/gatus/endpoints-statuses.json");

    #[test]
    fn endpoints_are_components_and_failed_results_are_downtime() {
        let r = read(STATUSES);
        let d = &r.dataset;
        let ids: Vec<(&str, &str, Option<&str>)> = d
            .components
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str(), c.group.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                ("core_api", "api", Some("core")),
                ("core_site", "site", Some("core"))
            ]
        );
        // api failed at 10:00 and 10:01, succeeded at 10:02: two minutes down.
        let down: Vec<(&str, f64)> = d
            .recorded_downtime
            .iter()
            .map(|r| (r.component_id.as_str(), r.minutes))
            .collect();
        assert_eq!(down, [("core_api", 2.0), ("core_site", 0.0)]);
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        assert!(looks_like(&vendor::parse(STATUSES).expect("json")));
    }

    #[test]
    fn results_at_gos_zero_time_are_a_warning_and_count_for_nothing() {
        let r = read(
            r#"[{"name":"n","group":"g","key":"g_n","results":[
                {"success":false,"timestamp":"0001-01-01T00:00:00Z","duration":1}]}]"#,
        );
        assert_eq!(r.issues.len(), 1);
        assert_eq!(r.issues[0].severity, crate::Severity::Warning);
        assert!(r.dataset.recorded_downtime.is_empty());
        assert_eq!(r.dataset.components.len(), 1);
    }
}
