//! What is wrong at one place in one document: the located problems every reader (and
//! report-gen's `candor.toml`) reports. Nothing of any format: the readers and the
//! configuration both report through it, neither through the other.

use serde::Serialize;

/// Whether a problem stops the data from being used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The record could not be read as the source meant it: commands other than `check` refuse.
    Error,
    /// The record was read, with a correction the message states.
    Warning,
}

/// What is wrong at one place in one file, for people and for `check --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The field or key, e.g. `impact`, `incidents[3].resolved_at`.
    pub field: Option<String>,
    pub found: Option<String>,
    /// What the field accepts.
    pub allowed: Option<String>,
    pub message: String,
    /// The incident a warning's repair is about: an `[incidents.ID]` override in
    /// `candor.toml` that gives it an `end` replaces the repair, and the warning goes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident: Option<String>,
    /// The key of the `[incidents.ID]` override that settles the warning: `end` unless said.
    #[serde(skip)]
    pub settled_by: &'static str,
}

impl Issue {
    pub fn error(message: impl Into<String>) -> Issue {
        Issue {
            severity: Severity::Error,
            line: None,
            column: None,
            field: None,
            found: None,
            allowed: None,
            message: message.into(),
            incident: None,
            settled_by: "end",
        }
    }

    pub fn warning(message: impl Into<String>) -> Issue {
        Issue {
            severity: Severity::Warning,
            ..Issue::error(message)
        }
    }

    pub fn at(mut self, line: Option<usize>, column: Option<usize>) -> Issue {
        self.line = line;
        self.column = column;
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Issue {
        self.field = Some(field.into());
        self
    }

    pub fn found(mut self, found: impl Into<String>) -> Issue {
        self.found = Some(found.into());
        self
    }

    pub fn allowed(mut self, allowed: impl Into<String>) -> Issue {
        self.allowed = Some(allowed.into());
        self
    }

    /// Names the incident whose end an override in `candor.toml` may give instead of the
    /// repair this warning states.
    pub fn incident(mut self, id: impl Into<String>) -> Issue {
        self.incident = Some(id.into());
        self
    }

    /// Names the key of the `[incidents.ID]` override (`impact`, `title`) that settles this
    /// warning, when it is not `end`.
    pub fn settled_by(mut self, key: &'static str) -> Issue {
        self.settled_by = key;
        self
    }
}
