//! Candor end to end: the real `report-gen serve` on loopback, asked over HTTP and shown in
//! Chromium. One module per feature.

mod banner;
mod demo;
mod embed;
mod http;
mod incident_io;
mod npm;
mod perf;
mod real_statuspage;
mod site;
mod widget;
