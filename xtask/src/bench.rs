//! `cargo xtask bench-compare [--incidents N]`: `report-gen post`, `feed` and `check` against a
//! pandas + matplotlib script doing the post's job (`bench/pandas_post.py`), on the same
//! generated CSV, in one run, each measured with `/usr/bin/time -v` (wall time, peak memory).
//! Prints the table BENCHMARKS.md shows. `--binary PATH` measures a `report-gen` built before
//! (another revision's, say) instead of building the release one.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::setup;

const USAGE: &str =
    "usage: cargo xtask bench-compare [--incidents N] [--month YYYY-MM] [--binary PATH]";

/// The analysis time and reported month match the generated history (it ends 2026-09-30).
const NOW: &str = "2026-10-01T00:00:00Z";
const ZONE: &str = "Europe/Berlin";

pub fn run(args: &[String]) -> Result<(), String> {
    let mut incidents = 1_000_000usize;
    let mut month = "2026-08".to_string();
    let mut binary = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = it.next().ok_or(format!("{arg} needs a value\n{USAGE}"))?;
        match arg.as_str() {
            "--incidents" => {
                incidents = value
                    .parse()
                    .map_err(|_| format!("--incidents takes a whole number, not `{value}`"))?
            }
            "--month" => month = value.clone(),
            "--binary" => binary = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown flag `{arg}`\n{USAGE}")),
        }
    }
    if !Path::new("/usr/bin/time").exists() {
        return Err("bench-compare measures with GNU time: apt-get install time".into());
    }
    let python = Command::new("python3")
        .args(["-c", "import pandas, matplotlib"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !python {
        return Err(
            "bench-compare needs pandas and matplotlib: pip install pandas matplotlib".into(),
        );
    }

    let root = setup::root();
    let work = root.join("target").join("bench-compare");
    let data = work.join(format!("csv-{incidents}"));
    let csv = data.join("incidents.csv");
    if !csv.exists() {
        eprintln!(
            "bench-compare: generating {incidents} incidents into {}",
            data.display()
        );
        let history = candor_synth::generate(&candor_synth::Options::new(incidents));
        candor_synth::write(&data, candor_synth::Format::Csv, &history)
            .map_err(|e| format!("cannot write {}: {e}", data.display()))?;
    }
    let report_gen = match binary {
        Some(binary) => binary,
        None => {
            setup::run("cargo", &["build", "--release", "--package", "report-gen"])?;
            root.join("target").join("release").join("report-gen")
        }
    };
    let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or_default();

    let data_arg = data.to_string_lossy().into_owned();
    let post_out = work.join("post").to_string_lossy().into_owned();
    let feed_out = work.join("feed.json").to_string_lossy().into_owned();
    let pandas_out = work.join("pandas").to_string_lossy().into_owned();
    let runs: [(&str, PathBuf, Vec<&str>); 4] = [
        (
            "report-gen post",
            report_gen.clone(),
            vec![
                "post",
                "--month",
                &month,
                "--timezone",
                ZONE,
                "--now",
                NOW,
                "-o",
                &post_out,
                &data_arg,
            ],
        ),
        (
            "report-gen feed",
            report_gen.clone(),
            vec![
                "feed",
                "--timezone",
                ZONE,
                "--now",
                NOW,
                "-o",
                &feed_out,
                &data_arg,
            ],
        ),
        (
            "report-gen check",
            report_gen.clone(),
            vec!["check", "--timezone", ZONE, &data_arg],
        ),
        (
            "pandas + matplotlib (bench/pandas_post.py)",
            PathBuf::from("python3"),
            vec![
                "bench/pandas_post.py",
                csv.to_str().unwrap_or_default(),
                &month,
                ZONE,
                &pandas_out,
            ],
        ),
    ];
    // Every run finds the file in the page cache: read it once first. Otherwise the first run
    // (`post`) pays for the disk and the others do not.
    std::fs::read(&csv).map_err(|e| format!("cannot read {}: {e}", csv.display()))?;
    let mut rows = Vec::new();
    for (name, program, args) in &runs {
        let (seconds, cpu, kilobytes) = measure(&root, program, args)?;
        rows.push((*name, seconds, cpu, kilobytes));
    }
    println!(
        "\n{incidents} incidents, CSV of {:.0} MB, month {month} in {ZONE}, {} cores\n",
        size as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("| run | wall time | CPU time (user + system) | peak memory |");
    println!("|---|---:|---:|---:|");
    for (name, seconds, cpu, kilobytes) in &rows {
        println!(
            "| {name} | {seconds:.2} s | {cpu:.2} s | {:.0} MB |",
            *kilobytes as f64 / 1024.0
        );
    }
    if let (Some(post), Some(pandas)) = (rows.first(), rows.last()) {
        println!(
            "\n`report-gen post` against pandas: {:.1}x the speed (wall), {:.1}x (CPU), \
             {:.2}x the memory",
            pandas.1 / post.1,
            pandas.2 / post.2,
            post.3 as f64 / pandas.3 as f64
        );
    }
    Ok(())
}

/// Wall seconds, CPU seconds and peak resident kilobytes of one run, from GNU time's report.
/// CPU time says more than wall time on a machine others are using too.
fn measure(root: &Path, program: &Path, args: &[&str]) -> Result<(f64, f64, u64), String> {
    eprintln!(
        "$ /usr/bin/time -v {} {}",
        program.display(),
        args.join(" ")
    );
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(program)
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("could not start /usr/bin/time: {e}"))?;
    let report = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("{} failed:\n{report}", program.display()));
    }
    let field = |name: &str| {
        report
            .lines()
            .find_map(|l| l.trim().strip_prefix(name).map(|v| v.trim().to_string()))
    };
    let wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss):")
        .and_then(|v| {
            v.split(':').try_fold(0.0, |acc, part| {
                part.parse::<f64>().ok().map(|x| acc * 60.0 + x)
            })
        })
        .ok_or("GNU time gave no wall time")?;
    let peak = field("Maximum resident set size (kbytes):")
        .and_then(|v| v.parse().ok())
        .ok_or("GNU time gave no peak memory")?;
    let seconds = |name: &str| field(name).and_then(|v| v.parse::<f64>().ok());
    let cpu = seconds("User time (seconds):").unwrap_or_default()
        + seconds("System time (seconds):").unwrap_or_default();
    Ok((wall, cpu, peak))
}
