//! The repairs and refusals every reader shares, so that one quirk reads the same whatever the
//! format: an end before the start, a title too long to be one.

use chrono::{DateTime, Utc};

use candor_core::Dataset;

use crate::{Issue, RecordLines};

/// The warning for an incident whose end is before its start, and its one repair: the incident
/// is counted as ending when it started (lasting no time). Real histories hold such records
/// (backfilled incidents, typos); each is read, counted as a warning, and a `candor.toml`
/// override of the incident's `end` replaces the repair (the warning then goes).
pub fn end_before_start(
    id: &str,
    field: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    line: Option<usize>,
) -> Issue {
    Issue::warning(format!(
        "incident `{id}` ends before it starts: counted as ending when it started; correct the \
         data, or give its end in candor.toml (`[incidents.\"{id}\"]` `end = ...`)"
    ))
    .at(line, None)
    .field(field)
    .found(end.to_rfc3339())
    .allowed(format!(
        "a time at or after the start ({})",
        start.to_rfc3339()
    ))
    .incident(id)
}

/// The longest title accepted, in characters. Titles are one line on a status page (Statuspage
/// allows 255); a longer one is a column mix-up or an export gone wrong, and would make the
/// feed too large for the widget to read.
pub const MAX_TITLE_CHARS: usize = 1_000;

/// Whether a title is longer than [`MAX_TITLE_CHARS`].
pub fn title_too_long(title: &str) -> bool {
    title.len() > MAX_TITLE_CHARS && title.chars().count() > MAX_TITLE_CHARS
}

/// The error for an incident or maintenance left out for its title's length.
pub fn overlong_title(what: &str, id: &str, title: &str, line: Option<usize>) -> Issue {
    let start: String = title.chars().take(40).collect();
    Issue::error(format!(
        "{what} `{id}` has a title of {} characters",
        title.chars().count()
    ))
    .at(line, None)
    .field("title")
    .found(format!("{start}…"))
    .allowed(format!("at most {MAX_TITLE_CHARS} characters"))
}

/// Takes out the incidents and maintenances whose title is longer than [`MAX_TITLE_CHARS`],
/// with an error for each.
pub fn refuse_overlong_titles(
    dataset: &mut Dataset,
    lines: &mut RecordLines,
    issues: &mut Vec<Issue>,
) {
    if dataset.incidents.iter().any(|i| title_too_long(&i.title)) {
        let incidents = std::mem::take(&mut dataset.incidents);
        let read = std::mem::take(lines);
        for (k, incident) in incidents.into_iter().enumerate() {
            let line = read.get(k);
            if title_too_long(&incident.title) {
                let issue = overlong_title("incident", &incident.id, &incident.title, line);
                issues.push(issue);
            } else {
                dataset.incidents.push(incident);
                if let Some(line) = line {
                    lines.push(line);
                }
            }
        }
    }
    let mut refused = Vec::new();
    dataset.maintenances.retain(|m| {
        let keep = !title_too_long(&m.title);
        if !keep {
            refused.push(overlong_title("maintenance", &m.id, &m.title, None));
        }
        keep
    });
    issues.extend(refused);
}
