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
        "8 files: 8 incidents, 2 maintenances, 7 components, 3 skipped, 0 errors, 1 warnings"
    );
    // The Upptime site's start is unknown without history/<slug>.yml, and said so.
    assert!(
        lines[1].contains("the start of `website` is unknown"),
        "{lines:?}"
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
            "2 files: 2 incidents, 0 maintenances, 1 components, 0 skipped, 2 errors, 1 warnings",
            "bad/broken.json:4:1: error: `incidents`: expected a key in quotes, found the end of the document",
            "bad/incidents.csv:3: error: `impact`: not an impact (field 3); found `catastrophic`; allowed: none, minor, major, critical",
            "bad/incidents.csv:4: warning: `resolved_at`: incident `bad-2` ends before it starts: counted as ending when it started; correct the data, or give its end in candor.toml (`[incidents.\"bad-2\"]` `end = ...`); found `2026-08-04T01:00:00+00:00`; allowed: a time at or after the start (2026-08-04T02:00:00+00:00)",
        ]
    );
}

#[test]
fn problems_are_listed_in_json_too() {
    let s = Scratch::of("bad");
    let run = s.run(&["check", "--format", "json", "bad"]);
    assert_eq!(run.code(), 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).expect("json");
    assert_eq!(report["summary"]["errors"], 2);
    assert_eq!(report["summary"]["warnings"], 1);
    assert_eq!(report["problems"][2]["incident"], "bad-2");
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

const HEAD: &str = "id,title,impact,started_at,resolved_at,components,cause,url\n";

/// A Statuspage incidents document of page `page` holding `incidents` (JSON objects).
fn statuspage(page: &str, name: &str, incidents: &str) -> String {
    format!(r#"{{"page": {{"id": "{page}", "name": "{name}"}}, "incidents": [{incidents}]}}"#)
}

fn backwards_incident(id: &str) -> String {
    format!(
        r#"{{"id": "{id}", "name": "Backfilled", "status": "resolved", "impact": "minor",
            "started_at": "2026-08-10T12:00:00Z", "resolved_at": "2026-08-10T09:00:00Z",
            "incident_updates": []}}"#
    )
}

fn json_report(run: &crate::Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout()).expect("check's JSON")
}

/// The feed's incidents as (id, start, end), for `data`, by start.
fn feed_incidents(s: &Scratch, data: &str) -> Vec<(String, String, String)> {
    let run = s.run(&[
        "feed",
        "--now",
        "2026-09-01T00:00:00Z",
        "-o",
        "feed.json",
        data,
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let feed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.path("feed.json")).expect("feed"))
            .expect("json");
    let mut incidents: Vec<(String, String, String)> = (feed["incidents"].as_array())
        .expect("incidents")
        .iter()
        .map(|i| {
            let text = |v: &serde_json::Value| v.as_str().unwrap_or("null").to_string();
            (text(&i["id"]), text(&i["start"]), text(&i["end"]))
        })
        .collect();
    incidents.sort_by(|a, b| a.1.cmp(&b.1));
    incidents
}

#[test]
fn an_end_before_the_start_is_a_warning_in_every_format_and_lasts_no_time() {
    let s = Scratch::empty();
    s.write(
        "data/a.csv",
        format!("{HEAD}csv-1,Backwards,minor,2026-08-04T02:00:00Z,2026-08-04T01:00:00Z,api,,\n"),
    );
    s.write(
        "data/cstate-1.md",
        "---\ntitle: Backwards\ndate: 2026-08-05T10:00:00Z\nresolved: true\nresolvedWhen: 2026-08-05T08:00:00Z\nseverity: disrupted\n---\n",
    );
    s.write(
        "data/sp.json",
        statuspage("p1", "Page", &backwards_incident("sp-1")),
    );
    let run = s.run(&["check", "--format", "json", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    let report = json_report(&run);
    assert_eq!(report["summary"]["incidents"], 3);
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 3);
    let about: Vec<&str> = (report["problems"].as_array().expect("problems").iter())
        .map(|p| p["incident"].as_str().expect("names its incident"))
        .collect();
    assert_eq!(about, ["csv-1", "cstate-1", "sp-1"]);
    // The feed is written, each incident ending when it started.
    assert_eq!(
        feed_incidents(&s, "data"),
        [
            (
                "csv-1".into(),
                "2026-08-04T02:00:00Z".into(),
                "2026-08-04T02:00:00Z".into()
            ),
            (
                "cstate-1".into(),
                "2026-08-05T10:00:00Z".into(),
                "2026-08-05T10:00:00Z".into()
            ),
            (
                "sp-1".into(),
                "2026-08-10T12:00:00Z".into(),
                "2026-08-10T12:00:00Z".into()
            ),
        ]
    );
}

#[test]
fn an_override_of_the_end_corrects_the_incident_and_settles_its_warning() {
    let s = Scratch::empty();
    s.write(
        "data/a.csv",
        format!("{HEAD}csv-1,Backwards,minor,2026-08-04T02:00:00Z,2026-08-04T01:00:00Z,api,,\n"),
    );
    s.write(
        "data/cstate-1.md",
        "---\ntitle: No end\ndate: 2026-08-05T10:00:00Z\nresolved: true\nseverity: disrupted\n---\n",
    );
    s.write(
        "data/sp.json",
        statuspage("p1", "Page", &backwards_incident("sp-1")),
    );
    s.write(
        "data/candor.toml",
        "[incidents.csv-1]\nend = \"2026-08-04T03:00:00Z\"\n\n\
         [incidents.cstate-1]\nend = \"2026-08-05T11:00:00Z\"\n\n\
         [incidents.sp-1]\nstart = \"2026-08-10T08:00:00Z\"\nend = \"2026-08-10T09:00:00Z\"\n",
    );
    let run = s.run(&["check", "--strict", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert_eq!(
        run.lines()[0],
        "4 files: 3 incidents, 0 maintenances, 1 components, 1 skipped, 0 errors"
    );
    assert_eq!(
        feed_incidents(&s, "data"),
        [
            (
                "csv-1".into(),
                "2026-08-04T02:00:00Z".into(),
                "2026-08-04T03:00:00Z".into()
            ),
            (
                "cstate-1".into(),
                "2026-08-05T10:00:00Z".into(),
                "2026-08-05T11:00:00Z".into()
            ),
            (
                "sp-1".into(),
                "2026-08-10T08:00:00Z".into(),
                "2026-08-10T09:00:00Z".into()
            ),
        ]
    );
}

#[test]
fn strict_makes_warnings_fail_on_every_command() {
    let s = Scratch::empty();
    s.write(
        "data/a.csv",
        format!("{HEAD}w,Backwards,minor,2026-08-04T02:00:00Z,2026-08-04T01:00:00Z,api,,\n"),
    );
    assert_eq!(s.run(&["check", "data"]).code(), 0);
    assert_eq!(s.run(&["check", "--strict", "data"]).code(), 1);
    let now = ["--now", "2026-09-01T00:00:00Z"];
    let feed = s.run(
        &[
            &["feed", "--strict", "-o", "feed.json"][..],
            &now,
            &["data"],
        ]
        .concat(),
    );
    assert_eq!(feed.code(), 1);
    assert!(feed.stderr().contains("--strict"), "{}", feed.stderr());
    assert!(!s.path("feed.json").exists());
    let badge = s.run(&[&["badge", "--strict", "-o", "badges"][..], &now, &["data"]].concat());
    assert_eq!(badge.code(), 1);
    let feed = s.run(&[&["feed", "-o", "feed.json"][..], &now, &["data"]].concat());
    assert_eq!(feed.code(), 0, "{}", feed.stderr());
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_and_a_loop_is_reported() {
    use std::os::unix::fs::symlink;
    let s = Scratch::empty();
    let csv = format!("{HEAD}a,A,minor,2026-08-04T02:00:00Z,2026-08-04T03:00:00Z,api,,\n");
    s.write("store/incidents.csv", &csv);
    std::fs::create_dir_all(s.path("data")).expect("mkdir");
    symlink(s.path("store/incidents.csv"), s.path("data/linked.csv")).expect("link");
    symlink(s.path("data"), s.path("data/loop")).expect("link");
    // A file named on the command line through a link is read.
    let run = s.run(&["check", "data/linked.csv"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(
        run.lines()[0].starts_with("1 files: 1 incidents"),
        "{}",
        run.stdout()
    );
    let run = s.run(&["check", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    let lines = run.lines();
    assert!(
        lines[0].starts_with("2 files: 1 incidents"),
        "{}",
        run.stdout()
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("data/loop: warning: a link back to")),
        "{lines:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_kubernetes_configmap_is_read_once_through_its_links() {
    use std::os::unix::fs::symlink;
    let s = Scratch::empty();
    let csv = format!("{HEAD}a,A,minor,2026-08-04T02:00:00Z,2026-08-04T03:00:00Z,api,,\n");
    s.write("cm/..2024_01_01/incidents.csv", &csv);
    symlink("..2024_01_01", s.path("cm/..data")).expect("link");
    symlink("..data/incidents.csv", s.path("cm/incidents.csv")).expect("link");
    let run = s.run(&["check", "--format", "json", "cm"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    let report = json_report(&run);
    assert_eq!(report["summary"]["incidents"], 1);
    let files: Vec<(String, String)> = (report["files"].as_array().expect("files").iter())
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").into(),
                f["outcome"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            ("cm/..2024_01_01".into(), "skipped".into()),
            ("cm/..data".into(), "skipped".into()),
            ("cm/incidents.csv".into(), "imported".into()),
        ]
    );
}

#[test]
fn hidden_files_and_folders_are_listed_as_skipped_and_git_as_one_entry() {
    let s = Scratch::empty();
    s.write(
        "data/a.csv",
        format!("{HEAD}a,A,minor,2026-08-04T02:00:00Z,2026-08-04T03:00:00Z,api,,\n"),
    );
    s.write("data/.notes.csv", "anything");
    s.write("data/.git/HEAD", "ref: refs/heads/main\n");
    s.write("data/.git/objects/ab/cdef", "x");
    let run = s.run(&["check", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert_eq!(
        run.lines(),
        [
            "3 files: 1 incidents, 0 maintenances, 1 components, 2 skipped, 0 errors",
            "data/.git: skipped: a Git repository's own files, not data",
            "data/.notes.csv: skipped: hidden file (its name starts with `.`), not read",
        ]
    );
}

#[test]
fn the_same_file_given_twice_is_read_once() {
    let s = Scratch::empty();
    s.write(
        "data/base.csv",
        format!("{HEAD}A-1,A,minor,2026-08-04T02:00:00Z,2026-08-04T03:00:00Z,api,,\n"),
    );
    let run = s.run(&["check", "data/base.csv", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert_eq!(
        run.lines(),
        [
            "2 files: 1 incidents, 0 maintenances, 1 components, 1 skipped, 0 errors",
            "data/base.csv: skipped: the same file as data/base.csv, read once",
        ]
    );
}

#[test]
fn utf16_text_is_read_with_or_without_a_byte_order_mark() {
    let s = Scratch::empty();
    let csv = format!("{HEAD}a,Café,minor,2026-08-04T02:00:00Z,2026-08-04T03:00:00Z,api,,\n");
    let le: Vec<u8> = csv.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(
            csv.replace("a,", "b,")
                .encode_utf16()
                .flat_map(u16::to_be_bytes),
        )
        .collect();
    s.write("data/le.csv", le);
    s.write("data/be.csv", be);
    let run = s.run(&["check", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert_eq!(
        run.lines(),
        ["2 files: 2 incidents, 0 maintenances, 1 components, 0 skipped, 0 errors"]
    );
}

#[test]
fn cstate_front_matter_in_toml_is_read_and_an_unclosed_one_with_a_warning() {
    let s = Scratch::empty();
    s.write(
        "data/toml.md",
        "+++\ntitle = \"Registry down\"\ndate = 2026-08-03T09:00:00Z\nresolved = true\nresolvedWhen = 2026-08-03T10:00:00Z\nseverity = \"down\"\naffected = [\"Registry\"]\n+++\nLooking into it.\n",
    );
    s.write(
        "data/unclosed.md",
        "---\ntitle: Slow\ndate: 2026-08-04T09:00:00Z\nresolved: true\nresolvedWhen: 2026-08-04T10:00:00Z\nseverity: disrupted\n\nWe are looking into it.\n",
    );
    let run = s.run(&["check", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert_eq!(
        run.lines(),
        [
            "2 files: 2 incidents, 0 maintenances, 1 components, 0 skipped, 0 errors, 1 warnings",
            "data/unclosed.md:1: warning: the front matter is never closed: taken to end before line 7; end it with a line `---`",
        ]
    );
}

#[test]
fn documents_of_two_statuspage_pages_are_listed_and_refused_until_one_is_chosen() {
    let s = Scratch::empty();
    let incident = |id: &str| {
        format!(
            r#"{{"id": "{id}", "name": "X", "status": "resolved", "impact": "minor",
                "started_at": "2026-08-10T12:00:00Z", "resolved_at": "2026-08-10T13:00:00Z"}}"#
        )
    };
    s.write(
        "data/github.json",
        statuspage("gh", "GitHub", &incident("g1")),
    );
    s.write("data/box.json", statuspage("bx", "Box", &incident("b1")));
    let run = s.run(&["check", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    let lines = run.lines();
    assert!(lines[1].starts_with("data/box.json: warning: documents of 2 Statuspage pages"));
    assert!(
        lines[1].contains("page `bx` (Box) in data/box.json"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains("page `gh` (GitHub) in data/github.json"),
        "{}",
        lines[2]
    );
    let now = ["--now", "2026-09-01T00:00:00Z"];
    let feed = s.run(&[&["feed", "-o", "feed.json"][..], &now, &["data"]].concat());
    assert_eq!(feed.code(), 1);
    let err = feed.stderr();
    assert!(err.contains("documents of 2 Statuspage pages"), "{err}");
    assert!(
        err.contains("page `gh` (GitHub) in data/github.json"),
        "{err}"
    );
    assert!(!s.path("feed.json").exists());

    s.write("data/candor.toml", "[page]\nstatuspage_id = \"gh\"\n");
    let run = s.run(&["check", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert_eq!(
        run.lines(),
        [
            "3 files: 1 incidents, 0 maintenances, 0 components, 2 skipped, 0 errors",
            "data/box.json: skipped: a document of another Statuspage page, `bx` (Box); candor.toml's [page] statuspage_id is `gh`",
            "data/candor.toml: skipped: Candor configuration, not data",
        ]
    );
    assert_eq!(feed_incidents(&s, "data")[0].0, "g1");
}

#[test]
fn report_gens_own_outputs_among_the_inputs_are_skipped_as_such() {
    let s = Scratch::empty();
    s.write(
        "data/a.csv",
        format!("{HEAD}a,A,minor,2026-08-04T02:00:00Z,2026-08-04T03:00:00Z,api,,\n"),
    );
    let now = ["--now", "2026-09-01T00:00:00Z"];
    let feed = s.run(&[&["feed", "-o", "feed.json"][..], &now, &["data/a.csv"]].concat());
    assert_eq!(feed.code(), 0, "{}", feed.stderr());
    std::fs::copy(s.path("feed.json"), s.path("data/feed.json")).expect("copy");
    s.write(
        "data/facts.json",
        r#"{"definitions": {}, "page": "P", "uptime_weights": {}}"#,
    );
    s.write("data/export.jsonl", "{\"a\": 1}\n{\"b\": 2}\n");
    let run = s.run(&["check", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    let lines = run.lines();
    assert_eq!(
        lines[0],
        "4 files: 1 incidents, 0 maintenances, 1 components, 3 skipped, 0 errors"
    );
    assert!(lines.contains(&"data/feed.json: skipped: a Candor feed (what `report-gen feed` writes), not input data".to_string()), "{lines:?}");
    assert!(lines
        .iter()
        .any(|l| l.starts_with("data/facts.json: skipped: a Candor post's facts.json")));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("data/export.jsonl: skipped: JSON Lines")));
}

#[test]
fn a_bad_time_zone_in_a_statuspage_document_is_a_warning_naming_the_file() {
    let s = Scratch::empty();
    s.write(
        "data/sp.json",
        r#"{"page": {"id": "p", "name": "P", "time_zone": "Mars/Olympus"}, "incidents": []}"#,
    );
    let run = s.run(&["check", "--format", "json", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    let report = json_report(&run);
    assert_eq!(report["time_zone"], "UTC");
    assert_eq!(report["problems"][0]["file"], "data/sp.json");
    assert_eq!(report["problems"][0]["field"], "page.time_zone");
    assert_eq!(report["problems"][0]["severity"], "warning");
}

#[test]
fn an_unterminated_quote_says_so() {
    let s = Scratch::empty();
    s.write(
        "data/a.csv",
        format!("{HEAD}a1,\"Never closed,minor,2026-08-01T00:00:00Z,,API,,\nb,B,minor,2026-08-01T00:00:00Z,,API,,\n"),
    );
    let run = s.run(&["check", "data"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.lines()[1]
            .starts_with("data/a.csv:2: error: a quote (\") opened in field 2 is never closed"),
        "{}",
        run.stdout()
    );
}

#[test]
fn bad_now_and_timezone_flags_are_wrong_usage() {
    let s = Scratch::empty();
    s.write(
        "data/a.csv",
        format!("{HEAD}a,A,minor,2026-08-04T02:00:00Z,2026-08-04T03:00:00Z,api,,\n"),
    );
    let feed = s.run(&["feed", "--now", "yesterday", "-o", "f.json", "data"]);
    assert_eq!(feed.code(), 2, "{}", feed.stderr());
    let check = s.run(&["check", "--timezone", "Mars/Olympus", "data"]);
    assert_eq!(check.code(), 2, "{}", check.stderr());
}

#[test]
fn an_upptime_sites_uptime_counts_from_its_start_time() {
    let s = Scratch::empty();
    // Ten minutes down on one day; the site was watched from 30 days before `now`.
    s.write(
        "repo/history/summary.json",
        r#"[{"name": "API", "url": "https://api.example", "slug": "api", "status": "up",
             "dailyMinutesDown": {"2026-08-25": 10}}]"#,
    );
    s.write(
        "repo/history/api.yml",
        "url: https://api.example\nstatus: up\nstartTime: Sat Aug 01 2026 00:00:00 GMT+0000 (Coordinated Universal Time)\n",
    );
    let run = s.run(&[
        "feed",
        "--now",
        "2026-08-31T00:00:00Z",
        "--days",
        "30",
        "-o",
        "feed.json",
        "repo/history/summary.json",
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let feed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.path("feed.json")).expect("feed"))
            .expect("json");
    let uptime = feed["components"][0]["uptime_percent"]
        .as_f64()
        .expect("a figure");
    // 10 of 30 × 1,440 minutes: 99.98%, not 99.93% (10 of the 10 days since the first
    // day with downtime).
    assert_eq!(format!("{uptime:.2}"), "99.98");
    let check = s.run(&["check", "--strict", "repo/history"]);
    assert_eq!(check.code(), 0, "{}", check.stdout());
}

/// A Statuspage `incidents.json` with one record of each quirk real pages publish, each on its
/// own line, followed by `extra` records.
fn statuspage_quirks(extra: &str) -> String {
    format!(
        r#"{{"page": {{"id": "pg1", "name": "Acme"}}, "incidents": [
{{"id": "no-impact", "name": "API errors", "status": "resolved", "created_at": "2026-08-01T10:00:00Z", "resolved_at": "2026-08-01T11:00:00Z", "incident_updates": [{{"status": "investigating", "body": "Errors.", "display_at": "2026-08-01T10:05:00Z", "affected_components": [{{"code": "api", "new_status": "major_outage"}}]}}], "components": [{{"id": "api", "name": "API"}}]}},
{{"id": "new-word", "name": "Slow", "status": "resolved", "impact": "elevated", "created_at": "2026-08-01T12:00:00Z", "resolved_at": "2026-08-01T13:00:00Z", "incident_updates": [], "components": []}},
{{"id": "odd-status", "name": "Web", "status": "resolved", "impact": "major", "created_at": "2026-08-01T14:00:00Z", "resolved_at": "2026-08-01T15:00:00Z", "incident_updates": [{{"status": "investigating", "body": "Down.", "display_at": "2026-08-01T14:05:00Z", "affected_components": [{{"code": "api", "new_status": "on_fire"}}]}}], "components": []}},
{{"id": "untimed", "name": "Queue", "status": "resolved", "impact": "minor", "created_at": "2026-08-02T10:00:00Z", "resolved_at": "2026-08-02T11:00:00Z", "incident_updates": [{{"status": "identified", "body": "No time."}}], "components": []}},
{{"id": "bad-time", "name": "Login", "status": "resolved", "impact": "minor", "created_at": "2026-08-02T12:00:00Z", "started_at": "2026-02-30T12:00:00Z", "resolved_at": "2026-08-02T13:00:00Z", "incident_updates": [], "components": []}},
{{"id": "no-start", "name": "DNS", "status": "resolved", "impact": "minor", "resolved_at": "2026-08-02T15:00:00Z", "incident_updates": [{{"status": "investigating", "body": "Looking.", "display_at": "2026-08-02T14:10:00Z"}}], "components": []}}{extra}
]}}"#
    )
}

#[test]
fn a_statuspage_document_with_odd_records_keeps_them_all_with_one_warning_each() {
    let s = Scratch::empty();
    s.write("data/incidents.json", statuspage_quirks(""));
    let run = s.run(&["check", "--format", "json", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    let report = json_report(&run);
    assert_eq!(report["summary"]["errors"], 0, "{}", run.stdout());
    assert_eq!(report["summary"]["warnings"], 6, "{}", run.stdout());
    let problems = report["problems"].as_array().expect("problems");
    let located: Vec<(String, u64)> = (problems.iter())
        .map(|p| {
            let field = p["field"].as_str().expect("field").to_string();
            (field, p["line"].as_u64().expect("line"))
        })
        .collect();
    let expected = [
        ("incidents[0].impact", 2),
        ("incidents[1].impact", 3),
        (
            "incidents[2].incident_updates[0].affected_components[0].new_status",
            4,
        ),
        ("incidents[3].incident_updates[0]", 5),
        ("incidents[4].started_at", 6),
        ("incidents[5].started_at", 7),
    ];
    let expected: Vec<(String, u64)> = (expected.iter())
        .map(|(f, l)| (f.to_string(), *l))
        .collect();
    assert_eq!(located, expected);
    assert_eq!(problems[1]["found"], "elevated", "the unknown word is kept");

    let incidents = feed_incidents(&s, "data");
    let ids: Vec<&str> = incidents.iter().map(|i| i.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "no-impact",
            "new-word",
            "odd-status",
            "untimed",
            "bad-time",
            "no-start"
        ],
        "every record kept"
    );
    assert_eq!(
        incidents[4].1, "2026-08-02T12:00:00Z",
        "created_at stands in"
    );
    assert_eq!(incidents[5].1, "2026-08-02T14:10:00Z", "its first update");
}

#[test]
fn only_the_unreadable_statuspage_record_is_an_error_and_an_impact_override_settles_its_warning() {
    let s = Scratch::empty();
    let no_id = r#",
{"name": "Who?", "status": "resolved", "impact": "minor", "created_at": "2026-08-03T10:00:00Z", "incident_updates": [], "components": []}"#;
    s.write("data/incidents.json", statuspage_quirks(no_id));
    let run = s.run(&["check", "data"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    let errors: Vec<String> = (run.lines().into_iter())
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stdout());
    assert!(
        errors[0].starts_with(
            "data/incidents.json:8:1: error: `incidents[6]`: an incident without `id`"
        ),
        "{}",
        errors[0]
    );
    assert!(run.lines()[0].contains("6 incidents"), "{}", run.stdout());

    // The repaired impact is `critical` (a major outage in its updates); an override gives
    // another, and its warning goes.
    s.write("data/incidents.json", statuspage_quirks(""));
    s.write(
        "data/candor.toml",
        "[incidents.\"no-impact\"]\nimpact = \"minor\"\n",
    );
    let run = s.run(&["check", "--format", "json", "data"]);
    let report = json_report(&run);
    assert_eq!(report["summary"]["warnings"], 5, "{}", run.stdout());
    assert!(
        !run.stdout().contains("incidents[0].impact"),
        "{}",
        run.stdout()
    );
    s.run(&[
        "feed",
        "--now",
        "2026-09-01T00:00:00Z",
        "-o",
        "feed.json",
        "data",
    ]);
    let feed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.path("feed.json")).expect("feed"))
            .expect("json");
    let impact = (feed["incidents"].as_array().expect("incidents").iter())
        .find(|i| i["id"] == "no-impact")
        .map(|i| i["impact"].clone());
    assert_eq!(impact, Some(serde_json::json!("minor")));
}
