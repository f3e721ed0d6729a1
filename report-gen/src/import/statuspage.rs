//! Statuspage API v2 files, read by the same parser the widget uses in the browser
//! ([`candor_sources::statuspage`]); this module only turns its errors into located issues and
//! checks what the parser leaves to its callers.

use candor_sources::statuspage::{self as sp, StatuspageError};

use super::{end_before_start, Issue, Parsed, Snapshot};

pub fn import(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut document = match sp::parse_document(text) {
        Ok(d) => d,
        Err(err) => {
            parsed.issues.push(issue_of(&err));
            return parsed;
        }
    };
    for problem in std::mem::take(&mut document.problems) {
        parsed.issues.push(record_issue(problem));
    }
    for incident in &mut document.dataset.incidents {
        if let Some(end) = incident.end.filter(|end| *end < incident.start) {
            let warning = end_before_start(&incident.id, "resolved_at", incident.start, end, None);
            parsed.issues.push(warning);
            incident.end = Some(incident.start);
        }
    }
    if let Some(zone) = document.dataset.page.time_zone.as_deref() {
        if zone.trim().parse::<chrono_tz::Tz>().is_err() {
            parsed.issues.push(
                Issue::warning(
                    "not an IANA time zone: days are counted in the zone of --timezone or \
                     candor.toml's [page] time_zone, else in UTC",
                )
                .field("page.time_zone")
                .found(zone)
                .allowed("an IANA time zone, e.g. Europe/Berlin, America/New_York, UTC"),
            );
            document.dataset.page.time_zone = None;
        }
    }
    parsed.kind = Some(document.kind.as_str().to_string());
    parsed.snapshot = document.page_id.map(|page_id| Snapshot {
        page_id,
        updated_at: document.updated_at,
    });
    parsed.dataset = document.dataset;
    parsed
}

pub fn issue_of(err: &StatuspageError) -> Issue {
    match err {
        StatuspageError::Json {
            line,
            column,
            field,
            message,
        } => {
            let issue = Issue::error(message.clone()).at(Some(*line), Some(*column));
            if field.is_empty() {
                issue
            } else {
                issue.field(field.clone())
            }
        }
        StatuspageError::NotStatuspage => Issue::error(err.to_string()),
    }
}

/// A record's problem as an issue: an error for a record left out, a warning for a repair. A
/// repair an `[incidents.ID]` override can replace names the incident (see `Issue::incident`).
fn record_issue(p: sp::RecordProblem) -> Issue {
    let mut issue = match p.severity {
        sp::Severity::Error => Issue::error(p.message),
        sp::Severity::Warning => Issue::warning(p.message),
    }
    .at(p.line, p.column)
    .field(p.field);
    issue.found = p.found;
    issue.allowed = p.allowed;
    if let (Some(id), Some(key)) = (p.incident, p.settled_by) {
        issue = issue.incident(id).settled_by(key);
    }
    issue
}
