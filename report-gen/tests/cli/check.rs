//! `report-gen check`: the summary line, one line per problem, and the exit codes.

use crate::Scratch;

#[test]
fn clean_data_exits_0_and_the_summary_accounts_for_every_file() {
    let s = Scratch::of("csv-page");
    let run = s.run(&["check", "csv-page"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        run.lines(),
        [
            "3 files: 5 incidents, 0 maintenances, 3 components, 2 skipped, 0 errors",
            "csv-page/README.md: skipped: documentation, not status data",
            "csv-page/candor.toml: skipped: Candor configuration, not data",
        ]
    );
}

#[test]
fn every_format_is_recognised_by_content_and_non_data_is_skipped_with_a_reason() {
    let s = Scratch::of("mixed");
    // An image and data files with names that say nothing.
    s.write("mixed/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let csv = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/csv-page/incidents.csv"
    ))
    .expect("csv fixture");
    s.write("mixed/export-from-sheets.txt", csv);
    let run = s.run(&["check", "mixed"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    let lines = run.lines();
    // The CSV's `dashboard` is the Statuspage page's: same id, one component.
    assert_eq!(
        lines[0],
        "8 files: 8 incidents, 2 maintenances, 7 components, 3 skipped, 0 errors"
    );
    assert!(lines.contains(
        &"mixed/logo.png: skipped: binary file (PNG image), not status data".to_string()
    ));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("mixed/cstate/content/about.md: skipped: Markdown")));
}

#[test]
fn statuspage_snapshots_of_one_page_overlap_without_being_duplicates() {
    let s = Scratch::of("mixed");
    let run = s.run(&["check", "--format", "json", "mixed/statuspage"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).expect("json");
    // summary.json and incidents.json both carry `open1`.
    assert_eq!(report["summary"]["incidents"], 2);
    assert_eq!(report["summary"]["maintenances"], 2);
    assert_eq!(report["page"], "Example");
    assert_eq!(report["time_zone"], "America/Denver");
    assert_eq!(report["files"][0]["format"], "statuspage");
    assert_eq!(report["files"][0]["kind"], "incidents");
}

#[test]
fn bad_data_exits_1_with_one_located_line_per_problem() {
    let s = Scratch::of("bad");
    let run = s.run(&["check", "bad"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.lines(),
        [
            "2 files: 1 incidents, 0 maintenances, 1 components, 0 skipped, 3 errors",
            "bad/broken.json:4:1: error: `incidents`: expected a key in quotes, found the end of the document",
            "bad/incidents.csv:3: error: `impact`: not an impact (field 3); found `catastrophic`; allowed: none, minor, major, critical",
            "bad/incidents.csv:4: error: `resolved_at`: the incident ends before it starts (field 5); found `2026-08-04T01:00:00Z`; allowed: a time at or after started_at (2026-08-04 02:00:00 UTC)",
        ]
    );
}

#[test]
fn problems_are_listed_in_json_too() {
    let s = Scratch::of("bad");
    let run = s.run(&["check", "--format", "json", "bad"]);
    assert_eq!(run.code(), 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).expect("json");
    assert_eq!(report["summary"]["errors"], 3);
    let impact = &report["problems"][1];
    assert_eq!(impact["file"], "bad/incidents.csv");
    assert_eq!(impact["line"], 3);
    assert_eq!(impact["field"], "impact");
    assert_eq!(impact["found"], "catastrophic");
    assert_eq!(impact["severity"], "error");
}

#[test]
fn an_incident_id_in_two_files_is_an_error() {
    let s = Scratch::of("duplicates");
    let run = s.run(&["check", "duplicates"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.lines()[1],
        "duplicates/b.csv:2: error: `id`: incident id `same` is already used in duplicates/a.csv; ids must be unique; found `same`"
    );
}

#[test]
fn wrong_usage_exits_2() {
    let s = Scratch::empty();
    assert_eq!(s.run(&["check"]).code(), 2, "no input");
    assert_eq!(
        s.run(&["check", "--format", "xml", "x"]).code(),
        2,
        "bad format"
    );
    assert_eq!(s.run(&["check", "--bogus", "x"]).code(), 2, "unknown flag");
    assert_eq!(s.run(&["frobnicate"]).code(), 2, "unknown command");
}

#[test]
fn a_missing_input_is_an_error_not_an_empty_success() {
    let s = Scratch::empty();
    let run = s.run(&["check", "nowhere"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.lines(),
        [
            "1 files: 0 incidents, 0 maintenances, 0 components, 0 skipped, 1 errors",
            "nowhere: error: no such file or folder",
        ]
    );
}

#[test]
fn a_bad_configuration_names_the_key_and_its_line() {
    let s = Scratch::of("csv-page");
    s.write(
        "csv-page/candor.toml",
        "[page]\nname = \"Shop\"\n\n[[components]]\nid = \"api\"\ncolour = \"red\"\n",
    );
    let run = s.run(&["check", "csv-page"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(
        err.contains("candor.toml:6:1: unknown field `colour`"),
        "{err}"
    );
}

#[test]
fn the_configuration_is_found_in_the_parent_folder_or_named() {
    let s = Scratch::of("csv-page");
    // An input file inside a sub-folder: candor.toml is one level up.
    std::fs::create_dir_all(s.path("csv-page/2026")).expect("mkdir");
    std::fs::rename(
        s.path("csv-page/incidents.csv"),
        s.path("csv-page/2026/august.csv"),
    )
    .expect("move");
    let run = s.run(&["check", "--format", "json", "csv-page/2026/august.csv"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).expect("json");
    assert_eq!(report["page"], "Example Shop");
    assert_eq!(report["time_zone"], "Europe/Berlin");

    let other = s.write(
        "other.toml",
        "[page]\nname = \"Named\"\ntime_zone = \"Asia/Tokyo\"\n",
    );
    let run = s.run(&[
        "check",
        "--format",
        "json",
        "--config",
        other.to_str().expect("path"),
        "--timezone",
        "America/New_York",
        "csv-page/2026/august.csv",
    ]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).expect("json");
    assert_eq!(report["page"], "Named");
    assert_eq!(
        report["time_zone"], "America/New_York",
        "the flag wins over the file"
    );
}

#[test]
fn without_configuration_the_page_is_named_after_the_input_in_utc() {
    let s = Scratch::of("duplicates");
    std::fs::remove_file(s.path("duplicates/b.csv")).expect("remove");
    let run = s.run(&["check", "--format", "json", "duplicates/a.csv"]);
    assert_eq!(run.code(), 0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).expect("json");
    assert_eq!(report["page"], "a");
    assert_eq!(report["time_zone"], "UTC");
}
