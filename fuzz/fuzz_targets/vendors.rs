//! The vendors' readers in `candor_sources` (Instatus, Better Stack, Uptime Kuma, Gatus,
//! Cachet, OpenStatus, incident.io, Statuspage's Manage API exports and history.atom), each on
//! the same text: whatever one accepts goes through the whole analysis.
#![no_main]

use libfuzzer_sys::fuzz_target;

use candor_sources::{
    better_stack, cachet, detect, gatus, incident_io, instatus, openstatus, statuspage_atom,
    statuspage_manage, uptime_kuma,
};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let _ = detect::json(&text);
    let _ = statuspage_atom::looks_like(&text);
    let _ = statuspage_manage::page(&text);
    for records in [
        instatus::read(&text),
        better_stack::read(&text),
        uptime_kuma::read(&text, Some(&text)),
        uptime_kuma::read_heartbeats(&text),
        gatus::read(&text),
        cachet::read(&text),
        openstatus::read(&text),
        incident_io::read(&text),
        statuspage_manage::read(&text),
        statuspage_atom::read(&text),
    ] {
        candor_fuzz::analyse(&records.dataset);
    }
    // The widget's reading of incident.io keeps what `read` keeps, and refuses what `read`
    // reports as unreadable as a whole.
    let read = incident_io::read(&text);
    match incident_io::read_live(&text) {
        Some(live) => assert_eq!(live, read.dataset),
        None => assert!(read
            .issues
            .iter()
            .any(|i| i.field.is_none() || i.message.starts_with("cannot be read"))),
    }
});
