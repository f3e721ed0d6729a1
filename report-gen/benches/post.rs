//! How long `post` takes, and how much it allocates, on a generated history of 10,000 and
//! 100,000 incidents over ten years. Run with `cargo bench -p report-gen --bench post`.

use candor_core::uptime::UptimeWeights;
use candor_core::{
    AffectedComponent, Cause, Component, Dataset, Impact, Incident, IncidentUpdate, UpdateStatus,
};
use chrono::{DateTime, Duration, Utc};
use report_gen::post::{self, FrontMatterFormat, Options, Subject, Templates};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
}

/// A deterministic history: `n` incidents spread over the ten years before October 2026, on
/// eight components, with a linear congruential generator standing in for chance.
fn history(n: usize) -> Dataset {
    let start: DateTime<Utc> = "2016-10-01T00:00:00Z".parse().expect("valid instant");
    let span_minutes = 10 * 365 * 24 * 60;
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    let components: Vec<Component> = (0..8)
        .map(|i| Component::named(format!("c{i}"), format!("Component {i}")))
        .collect();
    let incidents = (0..n)
        .map(|i| {
            let at = start + Duration::minutes((next() % span_minutes) as i64);
            let minutes = 5 + (next() % 600) as i64;
            let end = at + Duration::minutes(minutes);
            Incident {
                id: format!("i{i}"),
                title: format!("Incident {i}"),
                impact: Impact::ALL[(next() % 4) as usize],
                start: at,
                end: Some(end),
                created_at: Some(at),
                status: UpdateStatus::Resolved,
                updates: vec![
                    IncidentUpdate {
                        at,
                        status: UpdateStatus::Investigating,
                        body: "We are investigating.".into(),
                    },
                    IncidentUpdate {
                        at: end,
                        status: UpdateStatus::Resolved,
                        body: "Resolved.".into(),
                    },
                ],
                components: vec![AffectedComponent {
                    component_id: format!("c{}", next() % 8),
                    transitions: vec![],
                }],
                cause: Cause::ALL[(next() % 3) as usize],
                url: None,
            }
        })
        .collect();
    Dataset {
        components,
        incidents,
        ..Dataset::default()
    }
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
        zone: chrono_tz::America::New_York,
        zone_name: "America/New_York",
        page_name: "Bench",
        weights: UptimeWeights::default(),
        now: "2026-10-01T12:00:00Z".parse().expect("valid instant"),
    };
    bencher.bench_local(|| post::build(&subject, &options).expect("post"));
}
