//! The malformed-input corpus (`tests/malformed/cases.toml`) through the real binary (`check`,
//! `feed`, `post`) and the widget's feed parser: every bad input gets its expected outcome, a
//! problem line that names the file and the place, no panic, no partial output, and counts that
//! account for the file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    data: Vec<DataCase>,
    feed: Vec<FeedCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DataCase {
    file: Option<String>,
    generate: Option<String>,
    outcome: String,
    incidents: usize,
    errors: usize,
    #[serde(default)]
    warnings: usize,
    problem: Option<String>,
    lenient: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedCase {
    file: Option<String>,
    generate: Option<String>,
    #[serde(default)]
    ok: bool,
    error: Option<String>,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/malformed")
}

fn cases() -> Cases {
    let text = std::fs::read_to_string(corpus().join("cases.toml")).expect("cases.toml");
    toml::from_str(&text).expect("cases.toml is valid")
}

const HEADER: &str = "id,title,impact,started_at,resolved_at,components,cause,url\n";

/// The inputs too large or too regular to keep in git.
fn generated(name: &str) -> Vec<u8> {
    match name {
        // A 10 MB title: a column mix-up in a spreadsheet export.
        "title-10mb.csv" => format!(
            "{HEADER}ok,Fine,minor,2026-08-01T00:00:00Z,2026-08-01T01:00:00Z,API,,\n\
             huge,{},major,2026-08-02T00:00:00Z,,API,,\n",
            "x".repeat(10 * 1024 * 1024)
        )
        .into_bytes(),
        // Large enough to be read as it streams (over 8 MB), bad after the part read first.
        "invalid-utf8-large.csv" => {
            let mut bytes = HEADER.as_bytes().to_vec();
            let padding = "p".repeat(200);
            for i in 0..40_000 {
                let row = format!("r{i},Row {i} {padding},minor,2026-08-01T00:00:00Z,,API,,\n");
                bytes.extend_from_slice(row.as_bytes());
            }
            bytes.extend_from_slice(b"bad,Caf\xe9,minor,2026-08-01T00:00:00Z,,API,,\n");
            bytes
        }
        // JSON nested far deeper than any parser's stack should go.
        "nested.json" => format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
        "nested-inside.json" => format!(
            r#"{{"version": 1, "extra": {}{}}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        )
        .into_bytes(),
        "nested-yaml.md" => format!(
            "---\ntitle: Deep\nseverity: notice\naffected: {}{}\n---\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        )
        .into_bytes(),
        "too-large.json" => {
            let padding = " ".repeat(candor_core::feed::MAX_FEED_BYTES);
            format!("{{\"version\":1,{padding}}}").into_bytes()
        }
        other => panic!("cases.toml asks for an unknown generated input `{other}`"),
    }
}

fn input(file: &Option<String>, generate: &Option<String>, folder: &str) -> (String, Vec<u8>) {
    match (file, generate) {
        (Some(file), None) => {
            let bytes = std::fs::read(corpus().join(folder).join(file)).expect("corpus file");
            (file.clone(), bytes)
        }
        (None, Some(name)) => (name.clone(), generated(name)),
        _ => panic!("a case has either `file` or `generate`"),
    }
}

fn report_gen(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_report-gen"))
        .args(args)
        .output()
        .expect("report-gen runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "report-gen {args:?} panicked:\n{stderr}"
    );
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "report-gen {args:?} exits 0 or 1, not {:?}:\n{stderr}",
        output.status
    );
    output
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs one data case; returns what did not go as `cases.toml` says.
fn run_data_case(case: &DataCase) -> Vec<String> {
    let (name, bytes) = input(&case.file, &case.generate, "files");
    let mut wrong = Vec::new();
    let scratch = tempfile::tempdir().expect("temp dir");
    let data = scratch.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");
    std::fs::write(data.join(&name), &bytes).expect("write input");
    let data_arg = data.to_str().expect("UTF-8 temp path");

    // check --format json: the counts.
    let json = report_gen(&["check", "--format", "json", data_arg]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("check's JSON");
    let summary = &report["summary"];
    let count = |key: &str| summary[key].as_u64().unwrap_or(u64::MAX) as usize;
    if count("files") != 1 {
        wrong.push(format!("summary counts {} files, not 1", count("files")));
    }
    for (key, expected) in [
        ("incidents", case.incidents),
        ("errors", case.errors),
        ("warnings", case.warnings),
    ] {
        if count(key) != expected {
            wrong.push(format!("{key}: {} instead of {expected}", count(key)));
        }
    }
    let outcome = report["files"][0]["outcome"].as_str().unwrap_or("none");
    if outcome != case.outcome {
        wrong.push(format!("outcome {outcome} instead of {}", case.outcome));
    }
    // Nothing is lost quietly: a file that failed says why, a skipped one gives its reason.
    let problems = report["problems"].as_array().cloned().unwrap_or_default();
    if outcome == "failed" && problems.is_empty() {
        wrong.push("failed without a problem".into());
    }
    if json.status.code() != Some(if case.errors > 0 { 1 } else { 0 }) {
        wrong.push(format!("check exits {:?}", json.status.code()));
    }

    // check as text: the line a person reads names the file and the place.
    let text = report_gen(&["check", data_arg]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    let lines: Vec<&str> = stdout.lines().skip(1).collect();
    if let Some(problem) = &case.problem {
        let located = format!("{}/{problem}", data.display());
        if !lines.iter().any(|l| l.starts_with(&located)) {
            wrong.push(format!(
                "no line starts `{located}`; check printed:\n{stdout}"
            ));
        }
    } else if !lines.is_empty() {
        wrong.push(format!("no problem expected, check printed:\n{stdout}"));
    }
    if case.problem.is_none() && case.lenient.is_none() && case.outcome != "imported" {
        wrong.push("a case that is not a plain import needs `problem` or `lenient`".into());
    }

    // feed: refused without a trace on errors, else a feed the widget reads.
    let out = scratch.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let feed_path = out.join("feed.json");
    std::fs::write(&feed_path, "old").expect("write old feed");
    // The "old" stand-ins were not written by report-gen: --force lets them be replaced.
    let feed = report_gen(&[
        "feed",
        "--force",
        "--now",
        "2026-09-30T12:00:00Z",
        "-o",
        feed_path.to_str().expect("UTF-8 temp path"),
        data_arg,
    ]);
    // A feed written has its history.atom beside it; a refused one leaves nothing new.
    let expected: &[&str] = if feed.status.success() {
        &["feed.json", "history.atom"]
    } else {
        &["feed.json"]
    };
    if files_in(&out) != expected {
        wrong.push(format!("feed left {:?} behind", files_in(&out)));
    }
    // post: refused on errors; otherwise written whole or (a month without data is an error)
    // refused; either way the folder it replaces is intact and no staging folder is left.
    let post_dir = out.join("post");
    std::fs::create_dir(&post_dir).expect("mkdir");
    std::fs::write(post_dir.join("old.md"), "old").expect("write old post");
    let post = report_gen(&[
        "post",
        "--force",
        "--month",
        "2026-08",
        "--now",
        "2026-09-30T12:00:00Z",
        "-o",
        post_dir.to_str().expect("UTF-8 temp path"),
        data_arg,
    ]);
    if case.errors > 0 && post.status.success() {
        wrong.push("post wrote despite errors in the input".into());
    }
    if post.status.success() {
        let facts = std::fs::read(post_dir.join("facts.json")).unwrap_or_default();
        if serde_json::from_slice::<serde_json::Value>(&facts).is_err() {
            wrong.push("post succeeded without a readable facts.json".into());
        }
    } else {
        if files_in(&post_dir) != ["old.md"] {
            wrong.push(format!(
                "a refused post changed the folder: {:?}",
                files_in(&post_dir)
            ));
        }
        if String::from_utf8_lossy(&post.stderr).trim().is_empty() {
            wrong.push("post failed without saying why".into());
        }
    }
    std::fs::remove_dir_all(&post_dir).expect("remove post");
    let written = std::fs::read(&feed_path).expect("feed.json");
    if case.errors > 0 {
        if feed.status.success() || written != b"old" {
            wrong.push("feed wrote despite errors in the input".into());
        }
    } else {
        match candor_sources::feed::parse(&written) {
            Ok(parsed) => {
                let shown = parsed.incidents.len();
                if shown > case.incidents {
                    wrong.push(format!(
                        "the feed shows {shown} incidents of {}",
                        case.incidents
                    ));
                }
            }
            Err(err) => wrong.push(format!("the feed written does not parse: {err}")),
        }
    }
    wrong
}

#[test]
fn every_malformed_input_gets_its_documented_outcome() {
    let cases = cases();
    let mut failures = Vec::new();
    for case in &cases.data {
        let name = case
            .file
            .clone()
            .or(case.generate.clone())
            .unwrap_or_default();
        for problem in run_data_case(case) {
            failures.push(format!("{name}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_corpus_file_has_a_case() {
    let cases = cases();
    for (folder, named) in [
        (
            "files",
            cases
                .data
                .iter()
                .filter_map(|c| c.file.clone())
                .collect::<Vec<_>>(),
        ),
        (
            "feed",
            cases
                .feed
                .iter()
                .filter_map(|c| c.file.clone())
                .collect::<Vec<_>>(),
        ),
    ] {
        for file in files_in(&corpus().join(folder)) {
            assert!(
                named.contains(&file),
                "{folder}/{file} has no case in cases.toml"
            );
        }
    }
}

#[test]
fn the_widgets_feed_parser_refuses_bad_feeds_with_a_reason() {
    let mut failures = Vec::new();
    for case in cases().feed {
        let (name, bytes) = input(&case.file, &case.generate, "feed");
        let result = std::panic::catch_unwind(|| candor_sources::feed::parse(&bytes));
        match (result, case.ok, &case.error) {
            (Err(_), _, _) => failures.push(format!("{name}: feed::parse panicked")),
            (Ok(Ok(_)), true, None) => {}
            (Ok(Err(err)), false, Some(expected)) if err.to_string().contains(expected) => {}
            (Ok(outcome), _, _) => failures.push(format!(
                "{name}: {:?} where cases.toml says ok = {}, error = {:?}",
                outcome.map(|_| "a feed"),
                case.ok,
                case.error
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
