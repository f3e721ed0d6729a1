//! A located [`Issue`] in a named input file, and how `check` prints it. The issues
//! themselves come from the readers (`candor_sources`) and from `candor.toml`.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

pub use candor_sources::{Issue, Severity};

/// An [`Issue`] in a named file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: PathBuf,
    #[serde(flatten)]
    pub issue: Issue,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.issue;
        write!(f, "{}", self.file.display())?;
        if let Some(line) = i.line {
            write!(f, ":{line}")?;
            if let Some(column) = i.column {
                write!(f, ":{column}")?;
            }
        }
        let severity = match i.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}: ")?;
        if let Some(field) = &i.field {
            write!(f, "`{field}`: ")?;
        }
        write!(f, "{}", i.message)?;
        if let Some(found) = &i.found {
            write!(f, "; found `{found}`")?;
        }
        if let Some(allowed) = &i.allowed {
            write!(f, "; allowed: {allowed}")?;
        }
        Ok(())
    }
}
