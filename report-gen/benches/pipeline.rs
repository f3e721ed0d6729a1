//! The generator's pipeline at 1,000, 100,000 and 1,000,000 incidents: importing each format
//! from files (detection, parsing, combining, as `report-gen` does it), then each step of the
//! analysis on the imported data. Histories come from `candor-synth`, the generator behind
//! `cargo xtask gen-data`. How to run and what was measured: BENCHMARKS.md.
//!
//! `cargo bench -p report-gen --bench pipeline` runs everything (several minutes);
//! `cargo bench -p report-gen --bench pipeline -- csv` only what matches `csv`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use candor_core::feed::{self, FeedOptions};
use candor_core::uptime::UptimeWeights;
use candor_core::{months, Dataset, History, YearMonth};
use candor_synth::{Format, Options};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use divan::counter::ItemsCount;
use divan::Bencher;
use report_gen::import::{self, ImportOptions};

fn main() {
    divan::main();
}

/// Every size, for the formats that stay small on disk.
const SIZES: [usize; 3] = [1_000, 100_000, 1_000_000];
/// Statuspage is about 1.5 KB and cState one file per incident: a million would be 1.5 GB or a
/// million files, so these stop at 100,000 (`CANDOR_BENCH_ALL=1` adds a million).
const FILE_HEAVY_SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// The analysis time: the day after the generated histories end.
fn now() -> DateTime<Utc> {
    "2026-10-01T00:00:00Z"
        .parse()
        .expect("a valid constant instant")
}

/// Generated histories on disk, one folder per (format, size), made once per run.
fn folder(format: Format, incidents: usize) -> PathBuf {
    static ROOT: OnceLock<tempfile::TempDir> = OnceLock::new();
    static MADE: Mutex<Vec<(String, usize)>> = Mutex::new(Vec::new());
    let root = ROOT.get_or_init(|| tempfile::tempdir().expect("a temporary folder"));
    let name = format!("{format:?}").to_lowercase();
    let dir = root.path().join(format!("{name}-{incidents}"));
    let mut made = MADE.lock().expect("not poisoned");
    if !made.contains(&(name.clone(), incidents)) {
        let history = candor_synth::generate(&Options::new(incidents));
        candor_synth::write(&dir, format, &history).expect("generated files written");
        made.push((name, incidents));
    }
    dir
}

fn import_folder(dir: &Path) -> Dataset {
    let options = ImportOptions {
        naive_zone: chrono_tz::UTC,
    };
    let (data, report) = import::import(&[dir.to_path_buf()], &options);
    assert!(!report.has_errors(), "generated data imports cleanly");
    data
}

fn sizes(heavy: bool) -> Vec<usize> {
    let all = std::env::var_os("CANDOR_BENCH_ALL").is_some();
    match (heavy, all) {
        (true, false) => FILE_HEAVY_SIZES.to_vec(),
        _ => SIZES.to_vec(),
    }
}

fn bench_import(bencher: Bencher, format: Format, incidents: usize) {
    let dir = folder(format, incidents);
    bencher
        .counter(ItemsCount::new(incidents))
        .bench(|| import_folder(&dir));
}

#[divan::bench(args = sizes(false), sample_count = 5, sample_size = 1)]
fn import_csv(bencher: Bencher, incidents: usize) {
    bench_import(bencher, Format::Csv, incidents);
}

#[divan::bench(args = sizes(true), sample_count = 5, sample_size = 1)]
fn import_statuspage(bencher: Bencher, incidents: usize) {
    bench_import(bencher, Format::Statuspage, incidents);
}

#[divan::bench(args = sizes(true), sample_count = 5, sample_size = 1)]
fn import_cstate(bencher: Bencher, incidents: usize) {
    bench_import(bencher, Format::Cstate, incidents);
}

/// The imported CSV history of each size, shared by the analysis benchmarks.
fn dataset(incidents: usize) -> &'static Dataset {
    static DATA: OnceLock<Mutex<HashMap<usize, &'static Dataset>>> = OnceLock::new();
    let mut map = DATA
        .get_or_init(Default::default)
        .lock()
        .expect("not poisoned");
    map.entry(incidents)
        .or_insert_with(|| Box::leak(Box::new(import_folder(&folder(Format::Csv, incidents)))))
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn history_new(bencher: Bencher, incidents: usize) {
    let data = dataset(incidents);
    bencher.counter(ItemsCount::new(incidents)).bench(|| {
        History::new(
            data,
            &chrono_tz::Europe::Berlin,
            now(),
            UptimeWeights::default(),
        )
    });
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn monthly_counts(bencher: Bencher, incidents: usize) {
    let data = dataset(incidents);
    let window = YearMonth::new(2026, 9)
        .expect("a valid month")
        .window_ending(36);
    bencher.counter(ItemsCount::new(incidents)).bench(|| {
        let counted = data.incidents.iter().map(months::Counted::of);
        months::monthly_counts(counted, &chrono_tz::Europe::Berlin, &window)
    });
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn time_to_resolve(bencher: Bencher, incidents: usize) {
    let data = dataset(incidents);
    bencher
        .counter(ItemsCount::new(incidents))
        .bench(|| months::time_to_resolve(&data.incidents));
}

/// Daily uptime of every component over the whole three years (about 1,100 days each).
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn daily_uptime(bencher: Bencher, incidents: usize) {
    let data = dataset(incidents);
    let zone = chrono_tz::Europe::Berlin;
    let history = History::new(data, &zone, now(), UptimeWeights::default());
    let last = NaiveDate::from_ymd_opt(2026, 9, 30).expect("a valid date");
    let first = last - Duration::days(3 * 365);
    bencher.counter(ItemsCount::new(incidents)).bench(|| {
        history
            .components()
            .iter()
            .map(|c| history.daily(&c.id, first, last).len())
            .sum::<usize>()
    });
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn feed_build(bencher: Bencher, incidents: usize) {
    let data = dataset(incidents);
    let zone = chrono_tz::Europe::Berlin;
    let history = History::new(data, &zone, now(), UptimeWeights::default());
    let options = FeedOptions {
        days: 90,
        fallback_name: "Bench".into(),
        time_zone: "Europe/Berlin".into(),
    };
    bencher
        .counter(ItemsCount::new(incidents))
        .bench(|| feed::to_json(&feed::build(&history, &options)));
}
