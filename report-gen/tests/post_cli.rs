//! `report-gen post` as users run it: the real binary on real files, on the sample company's
//! data in `www/data/` and on small fixtures.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

fn sample(file: &str) -> String {
    repo().join("www/data").join(file).display().to_string()
}

fn fixture(file: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/post")
        .join(file)
        .display()
        .to_string()
}

fn report_gen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_report-gen"))
        .args(args)
        .output()
        .expect("report-gen runs")
}

/// The command of the brief, on the sample data, into `out`.
fn sample_post(out: &Path) -> Output {
    report_gen(&[
        "post",
        "--month",
        "2026-08..2026-09",
        "--support",
        &sample("support.csv"),
        "--intro",
        &sample("intro.md"),
        "--next",
        &sample("next.md"),
        "--now",
        "2026-10-02T14:00:00Z",
        "-o",
        &out.display().to_string(),
        &sample("incidents"),
    ])
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_sample_post_tells_the_story_from_the_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("post");
    let run = sample_post(&out);
    assert!(run.status.success(), "{}", stderr(&run));

    let md = read(&out.join("index.md"));
    for sentence in [
        "August and September had the most incidents of any months in the past three years.",
        "September had fewer incidents than August.",
        "46% of first responses within two hours in August and 59% in September, against 60% in the second quarter.",
        "99% of customers got a reply within 24 hours in August and September.",
        "91% of customers who rated their support were satisfied in August and September.",
    ] {
        assert!(md.contains(sentence), "missing: {sentence}\n{md}");
    }
    assert!(md.contains("We are sorry."), "the author's introduction");
    assert!(
        md.contains("We will publish these figures again next month"),
        "the author's next steps"
    );

    // The figures the sentences state are the ones facts.json computed.
    let facts: serde_json::Value =
        serde_json::from_str(&read(&out.join("facts.json"))).expect("JSON");
    let counts = facts["monthly_counts"].as_object().expect("monthly_counts");
    assert_eq!(counts.len(), 36);
    assert_eq!(counts.keys().next().map(String::as_str), Some("2023-10"));
    let (aug, sep) = (counts["2026-08"].as_u64(), counts["2026-09"].as_u64());
    let (aug, sep) = (aug.expect("a count"), sep.expect("a count"));
    assert!(aug > sep, "September better than August");
    let others = counts
        .iter()
        .filter(|(m, _)| !m.starts_with("2026-08") && !m.starts_with("2026-09"))
        .filter_map(|(_, c)| c.as_u64())
        .max()
        .expect("other months");
    assert!(sep > others, "the two worst months of the three years");
    assert_eq!(facts["incidents"].as_u64(), Some(aug + sep));
    assert!(
        md.contains(&format!(": {aug} in August and {sep} in September.")),
        "{md}"
    );
    assert_eq!(facts["range_rank_in_window"].as_u64(), Some(1));
    let causes = &facts["by_cause"];
    assert!(causes["internal"].as_u64() > Some(0) && causes["external"].as_u64() > Some(0));
    assert_eq!(facts["months"].as_array().map(Vec::len), Some(2));
    assert_eq!(facts["timezone"], "America/New_York");

    for chart in ["incidents-per-month", "uptime-by-component", "support"] {
        assert!(
            out.join(format!("charts/{chart}.svg")).is_file(),
            "{chart}.svg"
        );
        let png = std::fs::read(out.join(format!("charts/{chart}.png"))).expect("png");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{chart}.png");
        assert!(
            md.contains(&format!("](charts/{chart}.svg)")),
            "{chart} in the post"
        );
    }
    let html = read(&out.join("index.html"));
    assert!(
        html.contains("<img src=\"data:image/svg+xml;base64,"),
        "charts inline"
    );
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"//"),
        "no other host"
    );
}

#[test]
fn two_runs_write_byte_identical_folders() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(sample_post(&a).status.success());
    assert!(sample_post(&b).status.success());
    let files = |root: &Path| {
        let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(root).expect("inside").to_path_buf();
                (relative, std::fs::read(e.path()).expect("read"))
            })
            .collect();
        files.sort();
        files
    };
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(
        fa.len(),
        10,
        "the post's 9 files and report-gen's .candor-output marker"
    );
    assert!(fa == fb, "the two folders differ");
}

#[test]
fn a_failed_run_leaves_the_folder_as_it_was_and_a_good_one_replaces_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("post");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("old.txt"), "the previous post").expect("write");
    // Marked as written by report-gen, so it is replaced without --force.
    std::fs::write(
        out.join(".candor-output"),
        "Written by `report-gen post`.\n",
    )
    .expect("write");
    let failed = report_gen(&[
        "post",
        "--month",
        "2026-08",
        "--support",
        &fixture("support-bad-row.csv"),
        "--now",
        "2026-10-02T14:00:00Z",
        "-o",
        &out.display().to_string(),
        &sample("incidents"),
    ]);
    assert!(!failed.status.success());
    let entries: Vec<_> = std::fs::read_dir(&out).expect("still there").collect();
    assert_eq!(entries.len(), 2, "only the old file and the marker");
    assert_eq!(read(&out.join("old.txt")), "the previous post");
    let leftovers = std::fs::read_dir(dir.path()).expect("parent").count();
    assert_eq!(leftovers, 1, "no temporary folder left beside it");

    assert!(sample_post(&out).status.success());
    assert!(
        !out.join("old.txt").exists(),
        "the folder is replaced as a whole"
    );
    assert!(out.join("index.md").is_file());
}

#[test]
fn a_bad_support_row_names_the_file_line_and_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = report_gen(&[
        "post",
        "--month",
        "2026-08",
        "--support",
        &fixture("support-bad-row.csv"),
        "-o",
        &dir.path().join("post").display().to_string(),
        &sample("incidents"),
    ]);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("support-bad-row.csv, line 3, field `satisfaction_pct`: `nine-one` is not a percentage: expected a number from 0 to 100"),
        "{err}"
    );
}

#[test]
fn a_bad_month_says_what_is_allowed() {
    let run = report_gen(&[
        "post",
        "--month",
        "2026-13",
        "-o",
        "unused",
        &sample("incidents"),
    ]);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("`2026-13` is not a month or a range of months: expected YYYY-MM (e.g. 2026-08) or YYYY-MM..YYYY-MM"),
        "{err}"
    );
    let run = report_gen(&[
        "post",
        "--month",
        "2026-09..2026-08",
        "-o",
        "unused",
        &sample("incidents"),
    ]);
    assert!(stderr(&run).contains("runs backwards"), "{}", stderr(&run));
}

/// Accepted once, with 0 incidents for the months that had not happened.
#[test]
fn a_month_after_now_is_refused_even_at_the_end_of_a_range() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("post");
    let run = report_gen(&[
        "post",
        "--month",
        "2026-08..2026-10",
        "--now",
        "2026-09-01T00:00:00Z",
        "-o",
        &out.display().to_string(),
        &sample("incidents"),
    ]);
    assert!(!run.status.success());
    let err = stderr(&run);
    // The sample page counts its months in New York, where at that instant it is still
    // 31 August: September is the first month that has not begun.
    assert!(
        err.contains("2026-09 has not begun at 2026-09-01T00:00:00Z (--now)"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn a_window_without_data_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = report_gen(&[
        "post",
        "--month",
        "2019-05",
        "--window",
        "12",
        "--now",
        "2026-10-02T14:00:00Z",
        "-o",
        &dir.path().join("post").display().to_string(),
        &sample("incidents"),
    ]);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains(
            "no incidents in the 12 months from 2018-06 to 2019-05 (America/New_York): the data's"
        ),
        "{err}"
    );
    assert!(!dir.path().join("post").exists());
}

#[test]
fn hostile_data_reaches_the_page_only_as_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("post");
    let run = report_gen(&[
        "post",
        "--month",
        "2026-08",
        "--now",
        "2026-10-02T14:00:00Z",
        "-o",
        &out.display().to_string(),
        &fixture("hostile"),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let html = read(&out.join("index.html"));
    assert!(!html.contains("<script"), "a script element in index.html");
    assert!(!html.contains("javascript:"), "a script URL in index.html");
    assert!(
        !html.contains("<img src=\"x\""),
        "the payload's image in index.html"
    );
    assert!(html.contains("&lt;script&gt;alert('title')&lt;/script&gt; Checkout down"));
    let md = read(&out.join("index.md"));
    assert!(
        !md.contains("<script") && !md.contains("<img"),
        "a raw tag in index.md"
    );
    assert!(!md.contains("(<javascript"), "a script link in index.md");
    let front_matter = md.split("---").nth(1).expect("front matter");
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(front_matter).expect("valid YAML");
    assert_eq!(
        yaml["title"].as_str(),
        Some("Hostile reliability report: August 2026"),
        "markup in the page name is removed from the front matter, which themes print unescaped"
    );
}

/// `--now` before every incident of the data: the message says the data holds them, after
/// `--now`, instead of "no incidents at all"; one incident is not "1 incidents".
#[test]
fn now_before_all_the_data_says_the_incidents_start_after_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("incidents.csv");
    let header = "id,title,impact,started_at,resolved_at,components,cause,url\n";
    let row = |id: &str, day: u32| {
        format!(
            "{id},Slow,minor,2027-01-{day:02}T10:00:00Z,2027-01-{day:02}T11:00:00Z,api,internal,\n"
        )
    };
    let out = dir.path().join("post").display().to_string();
    let run = |rows: &str| {
        std::fs::write(&data, format!("{header}{rows}")).expect("write data");
        report_gen(&[
            "post",
            "--month",
            "2026-08",
            "--now",
            "2026-09-01T00:00:00Z",
            "-o",
            &out,
            &data.display().to_string(),
        ])
    };
    let two = run(&(row("a", 3) + &row("b", 4)));
    assert!(!two.status.success());
    assert!(
        stderr(&two).contains("the data's 2 incidents all start after --now"),
        "{}",
        stderr(&two)
    );
    let one = run(&row("a", 3));
    assert!(
        stderr(&one).contains("the data's one incident starts after --now"),
        "{}",
        stderr(&one)
    );
    assert!(!stderr(&one).contains("1 incidents"), "{}", stderr(&one));
}
