//! `report-gen`'s libraries: the transparency post and its charts, as functions of an imported
//! dataset. The binary (`main.rs`) reads files and the command line and hands them to these.

pub mod chart;
pub mod post;
