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
#[cfg(feature = "csv")]
pub mod csv;
pub mod feed;
mod issue;
pub mod json;
mod records;
pub mod repairs;
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
pub use records::{Dropped, KeepAll, RecordLines, Records, Sink};
