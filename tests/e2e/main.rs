//! Candor end to end: the real `report-gen serve` on loopback, asked over HTTP and shown in
//! Chromium. One module per feature.

mod embed;
mod http;
mod site;
mod widget;
