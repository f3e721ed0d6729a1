//! Nothing from the input may panic a reader: every fixture, cut short at every few bytes and
//! with bytes replaced, read by every reader (each must answer with records and issues).

use candor_sources::{
    better_stack, cachet, gatus, incident_io, instatus, openstatus, statuspage_atom,
    statuspage_manage, uptime_kuma,
};

const FIXTURES: &[&str] = &[
    include_str!("fixtures/instatus/summary.json"),
    include_str!("fixtures/instatus/components-v3.json"),
    include_str!("fixtures/better-stack/index.json"),
    include_str!("fixtures/uptime-kuma/status-page-shop.json"),
    include_str!("fixtures/uptime-kuma/heartbeat-shop.json"),
    include_str!("fixtures/gatus/endpoints-statuses.json"),
    include_str!("fixtures/cachet/v2-incidents.json"),
    include_str!("fixtures/cachet/v2-components.json"),
    include_str!("fixtures/cachet/v3-incidents.json"),
    include_str!("fixtures/statuspage-manage/incidents.json"),
    include_str!("fixtures/statuspage-atom/history.atom"),
    include_str!("fixtures/statuspage-atom/history.rss"),
    include_str!("fixtures/openstatus/feed.json"),
    include_str!("fixtures/incident-io/summary.json"),
];

fn read_with_every_reader(text: &str) {
    let _ = instatus::read(text);
    let _ = better_stack::read(text);
    let _ = uptime_kuma::read(text, Some(text));
    let _ = uptime_kuma::read_heartbeats(text);
    let _ = gatus::read(text);
    let _ = cachet::read(text);
    let _ = statuspage_manage::read(text);
    let _ = statuspage_manage::page(text);
    let _ = statuspage_atom::read(text);
    let _ = openstatus::read(text);
    let _ = incident_io::read(text);
    let _ = incident_io::read_live(text);
    let _ = candor_sources::detect::json(text);
    let _ = statuspage_atom::looks_like(text);
}

#[test]
fn truncated_and_altered_documents_never_panic_a_reader() {
    for fixture in FIXTURES {
        read_with_every_reader(fixture);
        for cut in (0..fixture.len()).step_by(7) {
            if let Some(head) = fixture.get(..cut) {
                read_with_every_reader(head);
            }
        }
        // Values swapped for others of another type, one kind at a time.
        for (from, to) in [
            ("\"", "1"),
            (":", ":null,\"x\":"),
            ("[", "{\"a\":["),
            ("2026", "0000"),
            ("T", " "),
            ("true", "\"yes\""),
            ("&lt;", "<"),
            ("</", "<"),
        ] {
            for k in 0..fixture.matches(from).count().min(40) {
                let altered = replace_nth(fixture, from, to, k);
                read_with_every_reader(&altered);
            }
        }
    }
}

fn replace_nth(text: &str, from: &str, to: &str, n: usize) -> String {
    match text.match_indices(from).nth(n) {
        Some((at, _)) => format!("{}{to}{}", &text[..at], &text[at + from.len()..]),
        None => text.to_string(),
    }
}
