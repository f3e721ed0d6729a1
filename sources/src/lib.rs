//! The documents status pages publish, read: bytes in, records and located problems out.
//!
//! One module per format. A reader does no I/O: report-gen walks folders, reads files and
//! fetches pages, then hands each document's text to the reader of its format; the widget hands
//! it what it fetched. A reader never stops at a record it cannot read: it leaves that record
//! out with an error [`Issue`] naming where it is, repairs what a person would read past with a
//! warning stating the repair, and reads the rest.

// An `Issue` is what many small reading functions fail with: returned once per problem found,
// never per record read, so it is not boxed.
#![allow(clippy::result_large_err)]

#[cfg(feature = "cstate")]
pub mod cstate;
pub mod feed;
mod issue;
pub mod json;
pub mod statuspage;
#[cfg(feature = "upptime")]
pub mod upptime;
mod vendor;
pub mod wire_time;

pub mod better_stack;
pub mod cachet;
pub mod detect;
pub mod gatus;
pub mod incident_io;
pub mod instatus;
pub mod openstatus;
pub mod statuspage_atom;
pub mod statuspage_manage;
pub mod uptime_kuma;

pub use issue::{Issue, Severity};

use candor_core::Dataset;

/// What a reader made of one document.
#[derive(Debug, Default)]
pub struct Records {
    /// The records read, repaired where a warning says so.
    pub dataset: Dataset,
    /// The problems found, in document order.
    pub issues: Vec<Issue>,
    /// The kind of document, where the format has several (`summary`, `incidents`, ...).
    pub kind: Option<String>,
}
