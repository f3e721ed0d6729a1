//! How long `post` takes, and how much it allocates, on a generated history of 10,000 and
//! 100,000 incidents over ten years. Run with `cargo bench -p report-gen --bench post`.

use candor_core::uptime::UptimeWeights;
use candor_core::Dataset;
use candor_synth::{Format, Options as SynthOptions};
use report_gen::import::{self, ImportOptions};
use report_gen::post::{self, FrontMatterFormat, Options, Subject, Templates};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
}

/// `n` incidents over the ten years before October 2026, from `candor-synth` (the generator
/// behind `cargo xtask gen-data`), written as CSV and read back by the real importer.
fn history(n: usize) -> Dataset {
    let generated = candor_synth::generate(&SynthOptions {
        years: 10,
        ..SynthOptions::new(n)
    });
    let dir = tempfile::tempdir().expect("a temporary folder");
    candor_synth::write(dir.path(), Format::Csv, &generated).expect("generated files written");
    let options = ImportOptions {
        naive_zone: chrono_tz::UTC,
    };
    let (data, report) = import::import(&[dir.path().to_path_buf()], &options);
    assert!(!report.has_errors(), "generated data imports cleanly");
    data
}

#[divan::bench(args = [10_000, 100_000], sample_count = 10)]
fn post_of_ten_years(bencher: divan::Bencher, incidents: usize) {
    let data = history(incidents);
    let options = Options {
        range: "2026-08..2026-09".parse().expect("valid range"),
        window: 36,
        front_matter: FrontMatterFormat::Yaml,
        intro: None,
        next: None,
        support: None,
        templates: Templates::default(),
    };
    let subject = Subject {
        dataset: &data,
        counted: &[],
        zone: chrono_tz::America::New_York,
        zone_name: "America/New_York",
        page_name: "Bench",
        weights: UptimeWeights::default(),
        now: "2026-10-01T12:00:00Z".parse().expect("valid instant"),
    };
    bencher.bench_local(|| post::build(&subject, &options).expect("post"));
}
