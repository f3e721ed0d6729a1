//! Candor's shared model and analysis: every figure the feed, the post and the widget show is
//! computed here, once.
//!
//! This crate does no I/O and never reads the clock: data comes in as values, "now" is an
//! argument, and time zones come in as a [`zone::Zone`]. It builds for `wasm32-unknown-unknown`
//! as well as natively.

pub mod feed;
pub mod history;
pub mod id_index;
pub mod model;
pub mod months;
pub mod sort;
pub mod text;
pub mod timeline;
pub mod uptime;
pub mod zone;

pub use history::{History, Indicator, OverallStatus};
pub use model::*;
pub use text::Text;
pub use zone::Zone;
