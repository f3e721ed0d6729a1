//! Statuspage API v2 files, read by the same parser the widget uses in the browser
//! ([`candor_core::statuspage`]); this module only turns its errors into located issues and
//! checks what the parser leaves to its callers.

use candor_core::statuspage::{self as sp, StatuspageError};

use super::{Issue, Parsed, Snapshot};

pub fn import(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let document = match sp::parse_document(text) {
        Ok(d) => d,
        Err(err) => {
            parsed.issues.push(issue_of(&err));
            return parsed;
        }
    };
    for incident in &document.dataset.incidents {
        if let Some(end) = incident.end {
            if end < incident.start {
                parsed.issues.push(
                    Issue::error(format!(
                        "incident `{}` ends before it starts ({})",
                        incident.id, incident.start
                    ))
                    .field("resolved_at")
                    .found(end.to_rfc3339())
                    .allowed("a time at or after started_at"),
                );
            }
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
        StatuspageError::Invalid { record, message } => {
            Issue::error(message.clone()).field(record.clone())
        }
        StatuspageError::NotStatuspage => Issue::error(err.to_string()),
    }
}
