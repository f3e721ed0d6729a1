//! `report-gen` as a library: importing incident data, the configuration, and every output
//! (feed, post, charts, badges, the preview server). The binary (`main.rs`) only parses the
//! command line and hands it to `cmd`; benchmarks, fuzz targets and tests call the same code.

pub mod atom;
pub mod badge;
pub mod chart;
pub mod cmd;
pub mod config;
pub mod import;
pub mod load;
pub mod output;
pub mod post;
pub mod problem;
pub mod pull;
pub mod serve;
