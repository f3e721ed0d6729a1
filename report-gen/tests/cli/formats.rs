//! `report-gen check` on the formats other status page vendors publish (docs/formats.md):
//! each recognised by its content whatever its name, counted, and its quirks warned about.
//! The documents are the readers' own fixtures (`sources/tests/fixtures/`), written for them.

use crate::Scratch;

/// A fixture of the readers, by its path under `sources/tests/fixtures/`.
pub(crate) fn fixture(path: &str) -> String {
    let at = format!(
        "{}/../sources/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&at).unwrap_or_else(|err| panic!("{at}: {err}"))
}

fn json_report(run: &crate::Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout()).expect("check's JSON")
}

/// Each file's (name, outcome, format, kind, incidents, maintenances, components).
fn files(report: &serde_json::Value) -> Vec<String> {
    (report["files"].as_array().into_iter().flatten())
        .map(|f| {
            let name = f["path"]
                .as_str()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            match f["outcome"].as_str() {
                Some("imported") => format!(
                    "{name}: {} {} {}i {}m {}c",
                    f["format"].as_str().unwrap_or("?"),
                    f["kind"].as_str().unwrap_or("-"),
                    f["incidents"],
                    f["maintenances"],
                    f["components"]
                ),
                other => format!("{name}: {}", other.unwrap_or("?")),
            }
        })
        .collect()
}

#[test]
fn every_vendor_format_is_recognised_by_its_content_and_counted() {
    let s = Scratch::empty();
    // Names that say nothing: the content tells.
    s.write("data/a.json", fixture("instatus/summary.json"));
    s.write("data/b.json", fixture("instatus/components-v3.json"));
    s.write("data/c.json", fixture("better-stack/index.json"));
    s.write("data/d.json", fixture("cachet/v2-incidents.json"));
    s.write("data/e.json", fixture("cachet/v3-incidents.json"));
    s.write("data/f.json", fixture("gatus/endpoints-statuses.json"));
    s.write("data/g.json", fixture("statuspage-manage/incidents.json"));
    s.write("data/h.xml", fixture("statuspage-atom/history.atom"));
    s.write("data/i.xml", fixture("statuspage-atom/history.rss"));
    s.write("data/j.json", fixture("openstatus/feed.json"));
    s.write("data/k.json", fixture("incident-io/summary.json"));
    let run = s.run(&["check", "--format", "json", "data"]);
    let report = json_report(&run);
    assert_eq!(
        files(&report),
        [
            "a.json: instatus summary 3i 1m 0c",
            "b.json: instatus components 0i 0m 2c",
            "c.json: better_stack index 1i 1m 2c",
            "d.json: cachet incidents 2i 0m 0c",
            "e.json: cachet incidents 1i 0m 0c",
            "f.json: gatus endpoint_statuses 0i 0m 2c",
            "g.json: statuspage_manage manage_api_incidents 2i 1m 0c",
            "h.xml: statuspage_atom history_atom 2i 1m 0c",
            "i.xml: statuspage_atom history_rss 1i 0m 0c",
            "j.json: openstatus feed 2i 1m 2c",
            "k.json: incident_io widget_summary 1i 2m 1c",
        ]
    );
    // The Instatus incident without a start and the OpenStatus report without a dated update
    // are the errors, and the rest is read; the rest are warnings, each with its repair.
    assert_eq!(report["summary"]["errors"], 2, "{}", report["problems"]);
    assert_eq!(run.code(), 1);
    let problems = report["problems"].as_array().expect("problems");
    let error = problems
        .iter()
        .find(|p| p["severity"] == "error")
        .expect("an error");
    assert_eq!(error["field"], "activeIncidents[3].started");
    assert!(
        error["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("a.json")),
        "{error}"
    );
    // No impact in Cachet (3 incidents) nor the feeds (3): read as none, settled in candor.toml.
    let no_impact = (problems.iter())
        .filter(|p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("read as `none`"))
        })
        .count();
    assert_eq!(no_impact, 8, "{}", report["problems"]);
    let backfilled = problems.iter().any(|p| p["field"] == "[1].backfilled");
    assert!(backfilled, "{}", report["problems"]);
}

#[test]
fn an_uptime_kuma_page_is_read_with_the_heartbeat_list_in_its_folder() {
    let s = Scratch::empty();
    s.write(
        "kuma/status-page-shop.json",
        fixture("uptime-kuma/status-page-shop.json"),
    );
    s.write(
        "kuma/heartbeat-shop.json",
        fixture("uptime-kuma/heartbeat-shop.json"),
    );
    let run = s.run(&["check", "--format", "json", "kuma"]);
    let report = json_report(&run);
    assert_eq!(
        files(&report),
        [
            "heartbeat-shop.json: skipped",
            "status-page-shop.json: uptime_kuma status_page 1i 1m 2c"
        ]
    );
    let reason = report["files"][0]["reason"].as_str().unwrap_or("");
    assert!(
        reason.contains("read with the status page status-page-shop.json"),
        "{reason}"
    );
    // The beat of status 7 in the heartbeat list is the one error, reported with the page.
    assert_eq!(report["summary"]["errors"], 1, "{}", report["problems"]);
    let message = report["problems"][0]["message"].as_str().unwrap_or("");
    assert!(
        message.starts_with("in the heartbeat document"),
        "{message}"
    );

    // The heartbeat list alone: its monitors, named by their ids.
    let alone = Scratch::empty();
    alone.write(
        "beats/heartbeat.json",
        fixture("uptime-kuma/heartbeat-shop.json"),
    );
    let report = json_report(&alone.run(&["check", "--format", "json", "beats"]));
    assert_eq!(
        files(&report),
        ["heartbeat.json: uptime_kuma_heartbeat heartbeat 0i 0m 2c"]
    );
}

#[test]
fn a_manage_api_export_and_its_unresolved_list_are_one_page_not_repeated_ids() {
    let s = Scratch::empty();
    let all = fixture("statuspage-manage/incidents.json");
    let values: serde_json::Value = serde_json::from_str(&all).expect("json");
    // The unresolved list holds the first incident again, as Statuspage serves it.
    let unresolved = serde_json::to_string_pretty(&[&values[0]]).expect("json");
    s.write("export/all.json", &all);
    s.write("export/unresolved.json", unresolved);
    let run = s.run(&["check", "--format", "json", "export"]);
    let report = json_report(&run);
    assert_eq!(report["summary"]["errors"], 0, "{}", report["problems"]);
    assert_eq!(report["summary"]["incidents"], 2);
    assert_eq!(run.code(), 0);
}

#[test]
fn a_vendor_document_that_is_not_json_is_an_error_at_its_line() {
    let s = Scratch::empty();
    let broken =
        fixture("better-stack/index.json").replacen("\"included\": [", "\"included\": [,", 1);
    s.write("bs/index.json", broken);
    let run = s.run(&["check", "bs"]);
    // Not JSON at all: the file is not recognised as Better Stack, and says where it breaks.
    assert_eq!(run.code(), 1, "{}", run.stdout());
    let lines = run.lines();
    assert!(lines[1].starts_with("bs/index.json:"), "{lines:?}");
}

#[test]
fn the_feed_of_a_history_atom_places_updates_across_the_year_end() {
    let s = Scratch::empty();
    s.write("feed/history.atom", fixture("statuspage-atom/history.atom"));
    let run = s.run(&[
        "feed",
        "--now",
        "2027-01-03T00:00:00Z",
        "-o",
        "out.json",
        "feed",
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let feed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.path("out.json")).expect("feed"))
            .expect("json");
    let incident = (feed["incidents"].as_array().into_iter().flatten())
        .find(|i| i["id"] == "abc123")
        .expect("abc123");
    assert_eq!(incident["start"], "2026-12-31T23:50:00Z");
    assert_eq!(incident["end"], "2027-01-01T00:20:00Z");
}

#[test]
fn a_start_the_incident_io_widget_does_not_give_is_settled_by_candor_toml() {
    let s = Scratch::empty();
    s.write("page/summary.json", fixture("incident-io/summary.json"));
    let warned = |run: &crate::Run| {
        let report = json_report(run);
        (report["problems"].as_array().into_iter().flatten())
            .any(|p| p["field"] == "ongoing_incidents[0].last_update_at")
    };
    assert!(warned(&s.run(&["check", "--format", "json", "page"])));
    s.write(
        "candor.toml",
        "[incidents.\"01J0000000000000000000000A\"]\nstart = \"2026-09-12T10:00:00Z\"\n",
    );
    let run = s.run(&["check", "--format", "json", "page"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(!warned(&run), "{}", run.stdout());
}
