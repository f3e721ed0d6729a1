//! The parts of `report-gen` that other programs drive directly: the importers and the
//! configuration, for the benchmarks and the fuzzers. The command line lives in `main.rs`.

pub mod config;
pub mod import;
