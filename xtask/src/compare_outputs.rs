//! `cargo xtask compare-outputs --base <rev>`: every output of `report-gen` (`check` as text and
//! JSON, `feed`, `badge`, `post`, with their exit codes and messages) on the sample data
//! (`www/data`), on each folder of real data under `../shared/data`, on each file of the
//! malformed corpus (`tests/malformed/files`) and on a few generated inputs (a CSV large enough
//! to be streamed), written by the base revision's binary and by the worktree's, compared byte
//! for byte. A change that should not change what users get is checked with it.
//!
//! The base is built from a `git worktree` into the same target folder (the dependencies are
//! shared), and its binary kept as `target/compare-outputs/bin/report-gen-<commit>`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::setup;

const USAGE: &str = "usage: cargo xtask compare-outputs --base <rev>";

/// Every run is reproducible: the analysis time is fixed.
const NOW: &str = "2026-09-30T12:00:00Z";

/// One input folder and the posts written from it.
struct Case {
    name: String,
    data: PathBuf,
    /// Each post's extra arguments (after `--now` and `-o`); empty: a post over every month of
    /// the data (see [`whole_post`]).
    posts: Vec<Vec<String>>,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let base = match args {
        [flag, rev] if flag == "--base" => rev.clone(),
        _ => return Err(USAGE.into()),
    };
    let root = setup::root();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let work = root.join("target").join("compare-outputs");
    let commit = git(
        &root,
        &["rev-parse", "--verify", &format!("{base}^{{commit}}")],
    )?;
    let base_bin = base_binary(&root, &target, &work, &commit)?;
    setup::run("cargo", &["build", "--package", "report-gen"])?;
    let head_bin = target.join("debug").join("report-gen");

    let cases = cases(&root, &work.join("inputs"))?;
    let mut differences = Vec::new();
    let base_out = work.join("base");
    let head_out = work.join("head");
    for (bin, out) in [(&base_bin, &base_out), (&head_bin, &head_out)] {
        let _ = std::fs::remove_dir_all(out);
        for case in &cases {
            eprintln!("compare-outputs: {} with {}", case.name, bin.display());
            run_case(bin, case, &out.join(&case.name))?;
        }
    }
    compare_trees(&base_out, &head_out, Path::new(""), &mut differences)?;
    if differences.is_empty() {
        println!(
            "compare-outputs: {} cases, every output byte-identical to {}'s ({})",
            cases.len(),
            base,
            &commit[..12]
        );
        Ok(())
    } else {
        Err(format!(
            "outputs differ from {base}'s (compare {} with {}):\n  {}",
            base_out.display(),
            head_out.display(),
            differences.join("\n  ")
        ))
    }
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("could not start git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The base's debug binary, built once per commit.
fn base_binary(root: &Path, target: &Path, work: &Path, commit: &str) -> Result<PathBuf, String> {
    let bin = work.join("bin").join(format!("report-gen-{commit}"));
    if bin.exists() {
        return Ok(bin);
    }
    let source = work.join(format!("src-{commit}"));
    if !source.exists() {
        let source = setup::path_str(&source)?;
        git(root, &["worktree", "add", "--detach", source, commit])?;
    }
    let manifest = source.join("Cargo.toml");
    let target_arg = setup::path_str(target)?;
    setup::run(
        "cargo",
        &[
            "build",
            "--package",
            "report-gen",
            "--manifest-path",
            setup::path_str(&manifest)?,
            "--target-dir",
            target_arg,
        ],
    )?;
    std::fs::create_dir_all(work.join("bin")).map_err(|e| e.to_string())?;
    std::fs::copy(target.join("debug").join("report-gen"), &bin)
        .map_err(|e| format!("cannot keep the base's binary: {e}"))?;
    git(
        root,
        &["worktree", "remove", "--force", setup::path_str(&source)?],
    )?;
    Ok(bin)
}

fn cases(root: &Path, inputs: &Path) -> Result<Vec<Case>, String> {
    let www = root.join("www").join("data");
    let mut cases = vec![Case {
        name: "www".into(),
        data: www.join("incidents"),
        posts: vec![
            strings(&[
                "--month",
                "2026-08..2026-09",
                "--support",
                "www/data/support.csv",
                "--intro",
                "www/data/intro.md",
                "--next",
                "www/data/next.md",
            ]),
            strings(&[
                "--month",
                "2026-08",
                "--template",
                "www/templates",
                "--front-matter",
                "toml",
                "--support",
                "www/data/support.csv",
            ]),
            Vec::new(),
        ],
    }];
    let shared = root.join("..").join("shared").join("data");
    if shared.is_dir() {
        for folder in folders(&shared)? {
            let name = folder
                .strip_prefix(&shared)
                .map(|p| p.to_string_lossy().replace('/', "-"))
                .unwrap_or_default();
            cases.push(Case {
                name: format!("shared-{name}").trim_end_matches('-').to_string(),
                data: folder,
                posts: vec![Vec::new()],
            });
        }
    } else {
        eprintln!("compare-outputs: skipped ../shared/data: absent");
    }
    // Each malformed file alone in a folder, as tests/malformed runs it.
    let corpus = root.join("tests").join("malformed").join("files");
    let mut names: Vec<PathBuf> = read_dir(&corpus)?;
    names.sort();
    for file in names {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        let folder = inputs.join(format!("malformed-{name}"));
        let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        write_input(&folder, &name, &bytes)?;
        cases.push(Case {
            name: format!("malformed-{name}"),
            data: folder,
            posts: vec![strings(&["--month", "2026-08"])],
        });
    }
    // Large CSV files: streamed by the importer, and a month of thousands of incidents.
    let synthetic = inputs.join("synthetic-csv-100000");
    if !synthetic.join("incidents.csv").exists() {
        let history = candor_synth::generate(&candor_synth::Options::new(100_000));
        candor_synth::write(&synthetic, candor_synth::Format::Csv, &history)
            .map_err(|e| format!("cannot write {}: {e}", synthetic.display()))?;
    }
    cases.push(Case {
        name: "synthetic-csv-100000".into(),
        data: synthetic,
        posts: vec![
            strings(&["--month", "2026-08"]),
            strings(&["--month", "2024-02..2024-03"]),
        ],
    });
    let header = "id,title,impact,started_at,resolved_at,components,cause,url\n";
    let mut large = header.to_string();
    for i in 0..60_000 {
        let day = 1 + i % 28;
        // Every seventh title quoted, with a comma and a doubled quote in it.
        let title = if i % 7 == 0 {
            format!("\"Row {i}, \"\"quoted\"\" {}\"", "q".repeat(150))
        } else {
            format!("Row {i} {}", "p".repeat(150))
        };
        large.push_str(&format!(
            "r{i},{title},minor,2026-08-{day:02}T0{}:00:00Z,2026-08-{day:02}T09:30:00+02:00,API;Web,,\n",
            i % 9
        ));
    }
    let mut repeated = large.clone().into_bytes();
    repeated.extend_from_slice(b"r5,Again,major,2026-08-03T00:00:00Z,,API,,\n");
    let mut bad = large.clone().into_bytes();
    bad.extend_from_slice(b"bad,Caf\xe9,minor,2026-08-01T00:00:00Z,,API,,\n");
    for (name, bytes) in [
        ("large.csv", large.into_bytes()),
        ("large-repeated-id.csv", repeated),
        ("large-invalid-utf8.csv", bad),
    ] {
        let folder = inputs.join(name);
        write_input(&folder, name, &bytes)?;
        cases.push(Case {
            name: name.into(),
            data: folder,
            posts: vec![strings(&["--month", "2026-08"])],
        });
    }
    Ok(cases)
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    entries
        .map(|e| e.map(|e| e.path()).map_err(|e| e.to_string()))
        .collect()
}

/// The folders holding files, under `dir`, in sorted order.
fn folders(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut entries = read_dir(dir)?;
    entries.sort();
    if entries.iter().any(|p| p.is_file()) {
        found.push(dir.to_path_buf());
    }
    for entry in entries {
        if entry.is_dir() {
            found.extend(folders(&entry)?);
        }
    }
    Ok(found)
}

fn write_input(folder: &Path, name: &str, bytes: &[u8]) -> Result<(), String> {
    std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let path = folder.join(name);
    if std::fs::read(&path).ok().as_deref() != Some(bytes) {
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Runs every command of a case with `out` as the working folder, so that the paths the
/// messages name are the same for both binaries; keeps stdout, stderr and the exit code.
fn run_case(bin: &Path, case: &Case, out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let data = setup::path_str(&case.data)?.to_string();
    let root = setup::root();
    let mut runs: Vec<(String, Vec<String>)> = vec![
        ("check".into(), vec!["check".into(), data.clone()]),
        (
            "check-json".into(),
            strings(&["check", "--format", "json", &data]),
        ),
        (
            "feed".into(),
            strings(&["feed", "--now", NOW, "-o", "feed.json", &data]),
        ),
        (
            "badge".into(),
            strings(&["badge", "--now", NOW, "-o", "badges", &data]),
        ),
    ];
    for (i, extra) in case.posts.iter().enumerate() {
        let mut args = strings(&["post", "--now", NOW, "-o", &format!("post-{i}")]);
        if extra.is_empty() {
            args.extend(whole_post(bin, &data, out)?);
        } else {
            // Paths of the author's files are relative to the workspace.
            for arg in extra {
                if arg.starts_with("www/") {
                    args.push(setup::path_str(&root.join(arg))?.to_string());
                } else {
                    args.push(arg.clone());
                }
            }
        }
        args.push(data.clone());
        runs.push((format!("post-{i}"), args));
    }
    for (name, args) in runs {
        let output = Command::new(bin)
            .args(&args)
            .current_dir(out)
            .output()
            .map_err(|e| format!("could not start {}: {e}", bin.display()))?;
        let mut record = format!(
            "$ report-gen {}\nexit: {:?}\n",
            args.join(" "),
            output.status.code()
        )
        .into_bytes();
        record.extend_from_slice(b"--- stdout\n");
        record.extend_from_slice(&output.stdout);
        record.extend_from_slice(b"--- stderr\n");
        record.extend_from_slice(&output.stderr);
        let path = out.join(format!("{name}.run"));
        std::fs::write(&path, record).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// The months of a post over the whole data: from the month the data begins (which `post`
/// names when asked about months before it) to the month of [`NOW`].
fn whole_post(bin: &Path, data: &str, out: &Path) -> Result<Vec<String>, String> {
    let range = |from: &str| strings(&["--month", &format!("{from}..2026-09"), "--window", "1200"]);
    let mut probe = strings(&["post", "--now", NOW, "-o", "probe"]);
    probe.extend(range("1990-01"));
    probe.push(data.to_string());
    let output = Command::new(bin)
        .args(&probe)
        .current_dir(out)
        .output()
        .map_err(|e| format!("could not start {}: {e}", bin.display()))?;
    let _ = std::fs::remove_dir_all(out.join("probe"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let begins = stderr
        .split("before the data begins (")
        .nth(1)
        .and_then(|rest| rest.get(..7));
    Ok(range(begins.unwrap_or("1990-01")))
}

fn compare_trees(
    base: &Path,
    head: &Path,
    relative: &Path,
    differences: &mut Vec<String>,
) -> Result<(), String> {
    let names = |dir: &Path| -> Result<Vec<String>, String> {
        let mut names: Vec<String> = read_dir(dir)?
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        names.sort();
        Ok(names)
    };
    let (in_base, in_head) = (names(&base.join(relative))?, names(&head.join(relative))?);
    for name in in_base.iter().filter(|n| !in_head.contains(n)) {
        differences.push(format!(
            "{}: only in the base",
            relative.join(name).display()
        ));
    }
    for name in in_head.iter().filter(|n| !in_base.contains(n)) {
        differences.push(format!(
            "{}: only in the worktree",
            relative.join(name).display()
        ));
    }
    for name in in_base.iter().filter(|n| in_head.contains(n)) {
        let path = relative.join(name);
        if base.join(&path).is_dir() {
            compare_trees(base, head, &path, differences)?;
        } else if std::fs::read(base.join(&path)).ok() != std::fs::read(head.join(&path)).ok() {
            differences.push(format!("{}: differs", path.display()));
        }
    }
    Ok(())
}
