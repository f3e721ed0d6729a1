//! `cargo xtask fuzz --seconds N [TARGET...]`: runs each cargo-fuzz target in `fuzz/` for N
//! seconds, its corpus seeded from the project's fixtures, and fails when any target finds a
//! crash (the input is left in `fuzz/artifacts/TARGET/`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::setup;

/// The targets in `fuzz/fuzz_targets/`, with the fixture files each one's corpus starts from
/// (by file name ending), and the folders of seeds kept for it in `fuzz/seeds/`.
const TARGETS: [(&str, &[&str]); 7] = [
    ("csv", &[".csv"]),
    ("cstate", &[".md"]),
    ("statuspage", &[".json"]),
    ("upptime", &[".json"]),
    ("config", &["candor.toml"]),
    ("feed_parse", &[".json"]),
    ("vendors", &[".json", ".atom", ".rss"]),
];

/// Where fixtures live; every file under them whose name ends as a target asks is a seed.
const FIXTURE_DIRS: [&str; 3] = [
    "report-gen/tests/fixtures",
    "sources/tests/fixtures",
    "tests",
];

const USAGE: &str = "usage: cargo xtask fuzz [--seconds N] [TARGET...]
targets: csv, cstate, statuspage, upptime, config, feed_parse, vendors (default: all, in that order)";

pub fn run(args: &[String]) -> Result<(), String> {
    let mut seconds = 60u64;
    let mut chosen: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seconds" => {
                let v = it
                    .next()
                    .ok_or(format!("--seconds needs a value\n{USAGE}"))?;
                seconds = v
                    .parse()
                    .map_err(|_| format!("--seconds takes a whole number, not `{v}`"))?;
            }
            name => match TARGETS.iter().find(|(t, _)| *t == name) {
                Some((t, _)) => chosen.push(t),
                None => return Err(format!("unknown fuzz target `{name}`\n{USAGE}")),
            },
        }
    }
    if chosen.is_empty() {
        chosen = TARGETS.iter().map(|(t, _)| *t).collect();
    }
    require_tools()?;
    let root = setup::root();
    let mut crashed = Vec::new();
    for target in chosen {
        let corpus = seed_corpus(&root, target)?;
        eprintln!(
            "xtask fuzz: {target} for {seconds} s, corpus {}",
            corpus.display()
        );
        let status = Command::new("cargo")
            .args(["+nightly", "fuzz", "run", target, "--"])
            .arg(format!("-max_total_time={seconds}"))
            // Inputs up to 64 KB: enough for every structure the formats have.
            .args(["-max_len=65536", "-timeout=20", "-rss_limit_mb=4096"])
            .current_dir(root.join("fuzz"))
            .status()
            .map_err(|e| format!("could not start cargo fuzz: {e}"))?;
        if !status.success() {
            crashed.push(target);
        }
    }
    if crashed.is_empty() {
        eprintln!("xtask fuzz: no crash found");
        Ok(())
    } else {
        Err(format!(
            "crashes in {}: the inputs are in fuzz/artifacts/<target>/; reproduce with \
             `cd fuzz && cargo +nightly fuzz run <target> <file>`",
            crashed.join(", ")
        ))
    }
}

fn require_tools() -> Result<(), String> {
    let nightly = Command::new("rustup")
        .args(["run", "nightly", "rustc", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !nightly {
        return Err("fuzzing needs a nightly toolchain: rustup toolchain install nightly".into());
    }
    let fuzz = Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !fuzz {
        return Err("fuzzing needs cargo-fuzz: cargo install cargo-fuzz".into());
    }
    Ok(())
}

/// Fills `fuzz/corpus/TARGET` with the fixtures the target reads and the seeds kept in
/// `fuzz/seeds/TARGET`; what the fuzzer added in earlier runs stays.
fn seed_corpus(root: &Path, target: &str) -> Result<PathBuf, String> {
    let corpus = root.join("fuzz").join("corpus").join(target);
    fs::create_dir_all(&corpus).map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    let endings = TARGETS
        .iter()
        .find(|(t, _)| *t == target)
        .map_or(&[][..], |(_, e)| *e);
    let mut seeds = Vec::new();
    for dir in FIXTURE_DIRS {
        collect(&root.join(dir), &mut |path| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.is_some_and(|n| endings.iter().any(|e| n.ends_with(e))) {
                seeds.push(path.to_path_buf());
            }
        });
    }
    collect(&root.join("fuzz").join("seeds").join(target), &mut |path| {
        seeds.push(path.to_path_buf())
    });
    for seed in seeds {
        let Ok(bytes) = fs::read(&seed) else { continue };
        // Named by content, so reseeding never duplicates a seed.
        let name = format!("seed-{:016x}", fnv1a(&bytes));
        let dest = corpus.join(name);
        if !dest.exists() {
            fs::write(&dest, &bytes)
                .map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
        }
    }
    Ok(corpus)
}

fn collect(dir: &Path, found: &mut dyn FnMut(&Path)) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, found);
        } else {
            found(&path);
        }
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
