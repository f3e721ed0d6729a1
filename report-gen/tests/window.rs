//! A post's figures are the same whether the data is read keeping every incident whole
//! (`load::load`) or through the post's window (`post::Window`, what `report-gen post` does:
//! whole only the incidents its figures read one by one, of the others what is counted): on
//! generated CSV histories around the reported months' edges, with open incidents, incidents
//! after `now`, candor.toml's cause rules and corrections that move incidents into and out of
//! the months, repeated ids, components named only far from the months, in zones far from UTC.
//! The import's account (files, problems) is the same too.

use std::fmt::Write as _;
use std::path::PathBuf;

use candor_core::months::Counted;
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use report_gen::load::{self, InputArgs, Loaded};
use report_gen::post::{self, FrontMatterFormat, MonthRange, Options, Subject, Templates, Window};

const ZONES: [&str; 6] = [
    "Europe/Berlin",
    "UTC",
    "America/Los_Angeles",
    "Asia/Kathmandu",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
];
const TITLES: [&str; 4] = ["API down", "AWS outage", "Bad deploy went wrong", "Slow"];
const CAUSES: [&str; 4] = ["", "internal", "external", "unknown"];
const IMPACTS: [&str; 4] = ["none", "minor", "major", "critical"];
const COMPONENTS: [&str; 5] = ["api", "web;api", "", "db", "ghost"];

/// One CSV row, its times relative to the reported months.
#[derive(Debug, Clone)]
struct Row {
    /// Which instant the start is near (see [`Case::anchor`]) and how far from it, in minutes.
    anchor: usize,
    offset: i64,
    /// `None`: open.
    minutes: Option<i64>,
    title: usize,
    cause: usize,
    impact: usize,
    components: usize,
    /// Takes the id of an earlier row.
    repeats: bool,
}

/// A candor.toml correction of one row.
#[derive(Debug, Clone)]
struct Correction {
    row: usize,
    /// Moved to this many hours after the first reported month's start (negative: before),
    /// lasting that many minutes.
    moved: Option<(i64, i64)>,
    cause: Option<usize>,
    impact: Option<usize>,
    components: bool,
    title: bool,
}

#[derive(Debug, Clone)]
struct Case {
    first: (i32, u32),
    months: u32,
    zone: usize,
    /// Days after the end of the reported months (negative: before it).
    now_days: i64,
    rows: Vec<Row>,
    rules: bool,
    corrections: Vec<Correction>,
    /// Rows in a second file.
    split: usize,
}

fn month_start(year: i32, month: u32) -> DateTime<Utc> {
    let (year, month) = (year + (month as i32 - 1) / 12, (month - 1) % 12 + 1);
    format!("{year:04}-{month:02}-01T00:00:00Z")
        .parse()
        .expect("a month's start")
}

impl Case {
    fn range(&self) -> MonthRange {
        let (y, m) = self.first;
        let last = (
            y + (m + self.months - 2) as i32 / 12,
            (m + self.months - 2) % 12 + 1,
        );
        format!("{y:04}-{m:02}..{:04}-{:02}", last.0, last.1)
            .parse()
            .expect("a month range")
    }

    fn end_of_months(&self) -> DateTime<Utc> {
        month_start(self.first.0, self.first.1 + self.months)
    }

    fn anchor(&self, which: usize) -> DateTime<Utc> {
        let first = month_start(self.first.0, self.first.1);
        match which {
            0 => first,
            1 => self.end_of_months(),
            2 => first - Duration::days(400),
            _ => first + Duration::days(500),
        }
    }

    fn now(&self) -> DateTime<Utc> {
        self.end_of_months() + Duration::days(self.now_days)
    }

    fn id(&self, n: usize) -> String {
        match (n, self.rows[n].repeats) {
            (n, true) if n > 0 => format!("i{}", n / 2),
            _ => format!("i{n}"),
        }
    }

    /// The CSV files and candor.toml, written into `dir`.
    fn write(&self, dir: &std::path::Path) {
        let head = "id,title,impact,started_at,resolved_at,components,cause,url\n";
        let (mut a, mut b) = (head.to_string(), head.to_string());
        for (n, row) in self.rows.iter().enumerate() {
            let start = self.anchor(row.anchor) + Duration::minutes(row.offset);
            let end = row
                .minutes
                .map(|m| rfc3339(start + Duration::minutes(m)))
                .unwrap_or_default();
            let file = if n < self.split { &mut b } else { &mut a };
            let _ = writeln!(
                file,
                "{},{} {n},{},{},{end},\"{}\",{},https://x.test/{n}",
                self.id(n),
                TITLES[row.title],
                IMPACTS[row.impact],
                rfc3339(start),
                COMPONENTS[row.components],
                CAUSES[row.cause],
            );
        }
        std::fs::write(dir.join("a.csv"), a).expect("written");
        std::fs::write(dir.join("b.csv"), b).expect("written");
        let mut toml = format!(
            "[page]\nname = \"Windowed\"\ntime_zone = \"{}\"\n\n[[components]]\nid = \"web\"\nname = \"Website\"\n\n[[components]]\nid = \"api\"\n",
            ZONES[self.zone]
        );
        if self.rules {
            toml.push_str("\n[[causes]]\ncause = \"external\"\nkeywords = [\"AWS\"]\n\n[[causes]]\ncause = \"internal\"\nkeywords = [\"deploy\", \"api\"]\n");
        }
        let mut corrected = Vec::new();
        for c in &self.corrections {
            let id = if c.row < self.rows.len() {
                self.id(c.row)
            } else {
                "no-such-id".to_string()
            };
            if corrected.contains(&id) {
                continue;
            }
            let _ = writeln!(toml, "\n[incidents.{id}]");
            if let Some((hours, minutes)) = c.moved {
                let start = self.anchor(0) + Duration::hours(hours);
                let end = start + Duration::minutes(minutes);
                let _ = writeln!(toml, "start = \"{}\"", rfc3339(start));
                let _ = writeln!(toml, "end = \"{}\"", rfc3339(end));
            }
            if let Some(cause) = c.cause {
                let _ = writeln!(toml, "cause = \"{}\"", CAUSES[cause.max(1)]);
            }
            if let Some(impact) = c.impact {
                let _ = writeln!(toml, "impact = \"{}\"", IMPACTS[impact]);
            }
            if c.components {
                toml.push_str("components = [\"new-component\", \"api\"]\n");
            }
            if c.title {
                toml.push_str("title = \"Corrected AWS title\"\n");
            }
            corrected.push(id);
        }
        std::fs::write(dir.join("candor.toml"), toml).expect("written");
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn rows() -> impl Strategy<Value = Row> {
    // Most starts within a week of the months' edges, where being kept or not is decided.
    let offset = prop_oneof![
        3 => -12_000i64..12_000,
        1 => -600_000i64..600_000,
    ];
    let minutes = prop_oneof![
        1 => Just(None),
        6 => (0i64..6_000).prop_map(Some),
        1 => (0i64..200_000).prop_map(Some),
    ];
    (
        0usize..4,
        offset,
        minutes,
        0..TITLES.len(),
        0..CAUSES.len(),
        0..IMPACTS.len(),
        0..COMPONENTS.len(),
        prop::bool::weighted(0.003),
    )
        .prop_map(
            |(anchor, offset, minutes, title, cause, impact, components, repeats)| Row {
                anchor,
                offset,
                minutes,
                title,
                cause,
                impact,
                components,
                repeats,
            },
        )
}

fn corrections() -> impl Strategy<Value = Correction> {
    (
        0usize..90,
        prop::option::of((-200i64..1_000, 0i64..3_000)),
        prop::option::of(0..CAUSES.len()),
        prop::option::of(0..IMPACTS.len()),
        prop::bool::ANY,
        prop::bool::ANY,
    )
        .prop_map(
            |(row, moved, cause, impact, components, title)| Correction {
                row,
                moved,
                cause,
                impact,
                components,
                title,
            },
        )
}

fn cases() -> impl Strategy<Value = Case> {
    (
        (2025i32..2027, 1u32..13),
        1u32..4,
        0..ZONES.len(),
        -40i64..60,
        prop::collection::vec(rows(), 0..80),
        prop::bool::ANY,
        prop::collection::vec(corrections(), 0..5),
        0usize..20,
    )
        .prop_map(
            |(first, months, zone, now_days, rows, rules, corrections, split)| Case {
                first,
                months,
                zone,
                now_days,
                rows,
                rules,
                corrections,
                split,
            },
        )
}

/// What a post states, or why there is none; with how many incidents were kept whole.
fn facts_of(
    loaded: Result<(Loaded, Vec<Counted>), load::LoadError>,
    range: MonthRange,
    now: DateTime<Utc>,
) -> (String, usize) {
    let (loaded, counted) = match loaded {
        Ok(loaded) => loaded,
        Err(err) => return (format!("load error: {err}"), 0),
    };
    let subject = Subject {
        dataset: &loaded.dataset,
        counted: &counted,
        zone: loaded.zone,
        zone_name: &loaded.zone_name,
        page_name: &loaded.page_name,
        weights: loaded.weights,
        now,
    };
    let options = Options {
        range,
        window: 12,
        front_matter: FrontMatterFormat::Yaml,
        intro: None,
        next: None,
        support: None,
        templates: Templates::default(),
    };
    let report = format!("{:?}", loaded.report);
    let facts = match post::compute_facts(&subject, &options) {
        Ok(facts) => format!(
            "{report}\n{}",
            serde_json::to_string_pretty(&facts).expect("facts serialise")
        ),
        Err(err) => format!("{report}\nno facts: {err}"),
    };
    (facts, loaded.dataset.incidents.len())
}

/// The facts from every incident, and from the window with how many it kept whole.
struct BothWays {
    whole: String,
    windowed: String,
    kept: usize,
    all: usize,
}

fn both_ways(case: &Case) -> BothWays {
    let dir = tempfile::tempdir().expect("a temporary folder");
    case.write(dir.path());
    both_ways_in(dir.path(), case.range(), case.now())
}

/// The facts of a post about `range` as of `now` from the data in `dir`, both ways.
fn both_ways_in(dir: &std::path::Path, range: MonthRange, now: DateTime<Utc>) -> BothWays {
    let args = InputArgs {
        timezone: None,
        config: None,
        strict: false,
        inputs: vec![PathBuf::from(dir)],
    };
    let (whole, all) = facts_of(load::load(&args).map(|l| (l, Vec::new())), range, now);
    let windowed = load::load_into(&args, |config| Window::new(&range, now, config));
    let (windowed, kept) = facts_of(windowed.map(|(l, w)| (l, w.counted)), range, now);
    BothWays {
        whole,
        windowed,
        kept,
        all,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn facts_through_the_window_are_those_from_every_incident(case in cases()) {
        let both = both_ways(&case);
        prop_assert_eq!(both.whole, both.windowed);
    }
}

/// Some cases are worth keeping whatever proptest draws: the months' very edges, in the zones
/// furthest from UTC, with every incident either open, closed just outside or corrected in.
#[test]
fn facts_agree_at_the_edges_of_the_months() {
    for (zone, name) in ZONES.iter().enumerate() {
        let rows = (0..40)
            .map(|n| Row {
                anchor: n % 2,
                offset: [-1_500, -1_441, -1_440, -60, -1, 0, 1, 839, 840, 1_441][n % 10],
                minutes: [Some(0), Some(1), None, Some(59)][n % 4],
                title: n % TITLES.len(),
                cause: n % CAUSES.len(),
                impact: n % IMPACTS.len(),
                components: n % COMPONENTS.len(),
                repeats: false,
            })
            .collect();
        let case = Case {
            first: (2026, 3),
            months: 1,
            zone,
            now_days: 10,
            rows,
            rules: true,
            corrections: vec![Correction {
                row: 4,
                moved: Some((-100, 10)),
                cause: Some(2),
                impact: Some(3),
                components: true,
                title: true,
            }],
            split: 7,
        };
        let both = both_ways(&case);
        assert!(both.whole.contains("\"incidents\""), "{}", both.whole);
        assert_eq!(both.whole, both.windowed, "{name}");
    }
}

/// A row `days` days from the first reported month's start, lasting an hour.
fn row_at(days: i64, components: usize) -> Row {
    Row {
        anchor: 0,
        offset: days * 24 * 60,
        minutes: Some(60),
        title: 3,
        cause: 0,
        impact: 1,
        components,
        repeats: false,
    }
}

/// August 2026 in Berlin, seen on 1 October, from `rows` in one file.
fn august(rows: Vec<Row>, corrections: Vec<Correction>) -> Case {
    Case {
        first: (2026, 8),
        months: 1,
        zone: 0,
        now_days: 31,
        rows,
        rules: true,
        corrections,
        split: 0,
    }
}

/// Ten rows in August naming `api`, with `before` in front of them.
fn with_august(before: Vec<Row>) -> Vec<Row> {
    before
        .into_iter()
        .chain((0..10).map(|n| row_at(n * 2 + 1, 0)))
        .collect()
}

#[test]
fn data_beginning_long_before_the_months_begins_there_through_the_window() {
    // Two years of rows before August, oldest last: each is the earliest so far.
    let before: Vec<Row> = (0..30).map(|n| row_at(-40 - n * 25, 0)).collect();
    let both = both_ways(&august(with_august(before), Vec::new()));
    assert_eq!(both.whole, both.windowed);
    assert!(
        both.whole.contains("\"data_first_month\": \"2024-06\""),
        "{}",
        both.whole
    );
    // In time order, only the first of them is kept whole.
    let before: Vec<Row> = (0..30).rev().map(|n| row_at(-40 - n * 25, 0)).collect();
    let both = both_ways(&august(with_august(before), Vec::new()));
    assert_eq!(both.whole, both.windowed);
    assert_eq!((both.kept, both.all), (11, 40));
}

#[test]
fn a_component_named_only_outside_the_months_is_listed_through_the_window() {
    // "ghost" is named by one row a year before August, and listed nowhere.
    let before = vec![row_at(-400, 0), row_at(-300, 4), row_at(-200, 4)];
    let both = both_ways(&august(with_august(before), Vec::new()));
    assert_eq!(both.whole, both.windowed);
    assert!(both.whole.contains("\"ghost\""), "{}", both.whole);
    assert_eq!((both.kept, both.all), (12, 13));
}

#[test]
fn an_override_moving_an_incident_into_the_months_is_read_through_the_window() {
    let before = vec![row_at(-400, 0), row_at(-300, 0), row_at(-200, 0)];
    let moved = Correction {
        row: 2,
        moved: Some((100, 30)),
        cause: None,
        impact: Some(3),
        components: false,
        title: false,
    };
    let both = both_ways(&august(with_august(before), vec![moved]));
    assert_eq!(both.whole, both.windowed);
    assert!(
        both.whole.contains("\"id\": \"i2\""),
        "i2 is listed: {}",
        both.whole
    );
    assert!(both.whole.contains("\"critical\": 1"), "{}", both.whole);
    assert_eq!((both.kept, both.all), (12, 13));
}

#[test]
fn an_id_repeated_by_a_dropped_and_a_kept_record_is_refused_as_without_the_window() {
    // Row 2 takes row 1's id (`i1`): a year before August, then in it; and the other way round.
    for (first, second) in [(-365, 3), (3, -365)] {
        let mut rows = with_august(vec![row_at(-400, 0), row_at(first, 0), row_at(second, 0)]);
        rows[2].repeats = true;
        let both = both_ways(&august(rows, Vec::new()));
        assert!(
            both.whole.contains("incident id `i1` is already used in"),
            "{}",
            both.whole
        );
        assert!(
            both.whole.contains("a.csv:4: "),
            "the later record's line: {}",
            both.whole
        );
        assert_eq!(both.whole, both.windowed);
    }
}

/// A Statuspage incident on component `api`: `end` `None` is open.
fn statuspage_incident(id: &str, start: &str, end: Option<&str>) -> String {
    let (status, resolved) = match end {
        Some(end) => ("resolved", format!("\"{end}\"")),
        None => ("investigating", "null".to_string()),
    };
    format!(
        r#"{{"id":"{id}","name":"Down {id}","status":"{status}","impact":"major","created_at":"{start}","started_at":"{start}","resolved_at":{resolved},"incident_updates":[],"components":[{{"id":"api","name":"API"}}]}}"#
    )
}

fn statuspage_document(updated_at: &str, incidents: &[String]) -> String {
    format!(
        r#"{{"page":{{"id":"pg1","name":"Acme","time_zone":"Etc/UTC","updated_at":"{updated_at}"}},"incidents":[{}]}}"#,
        incidents.join(",")
    )
}

#[test]
fn a_statuspage_incident_is_judged_as_its_page_s_newest_snapshot_has_it() {
    // `x` is open in an old snapshot and resolved a year before August in the newer one: the
    // newer wins, so nothing of it touches August. Judged in the old snapshot alone, it would
    // be kept open and take the component down all month.
    let z = statuspage_incident("z", "2024-01-01T00:00:00Z", Some("2024-01-01T01:00:00Z"));
    let open = statuspage_incident("x", "2025-08-15T00:00:00Z", None);
    let resolved = statuspage_incident("x", "2025-08-15T00:00:00Z", Some("2025-08-15T02:00:00Z"));
    let y = statuspage_incident("y", "2026-08-10T00:00:00Z", Some("2026-08-10T01:00:00Z"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let old = statuspage_document("2025-09-01T00:00:00Z", &[z.clone(), open]);
    let new = statuspage_document("2026-09-20T00:00:00Z", &[z, resolved, y]);
    std::fs::write(dir.path().join("a-new.json"), new).expect("written");
    std::fs::write(dir.path().join("b-old.json"), old).expect("written");
    let range: MonthRange = "2026-08".parse().expect("a month");
    let now = "2026-10-01T00:00:00Z".parse().expect("an instant");
    let both = both_ways_in(dir.path(), range, now);
    assert!(both.whole.contains("\"incidents\": 1,"), "{}", both.whole);
    assert_eq!(both.whole, both.windowed);
    assert_eq!((both.kept, both.all), (2, 3), "x is only counted");
}

#[test]
fn a_component_only_a_cstate_incident_long_before_names_is_listed_through_the_window() {
    let cstate = |start: &str, end: &str, component: &str| {
        format!(
            "---\ntitle: Down\ndate: {start}\nresolved: true\nresolvedWhen: {end}\nseverity: down\naffected:\n  - {component}\n---\nBody\n"
        )
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let files = [
        (
            "2025-01-01-a.md",
            cstate("2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z", "API"),
        ),
        (
            "2025-03-01-b.md",
            cstate("2025-03-01T00:00:00Z", "2025-03-01T01:00:00Z", "Ghost"),
        ),
        (
            "2025-04-01-c.md",
            cstate("2025-04-01T00:00:00Z", "2025-04-01T01:00:00Z", "Ghost"),
        ),
        (
            "2026-08-03-d.md",
            cstate("2026-08-03T00:00:00Z", "2026-08-03T01:00:00Z", "API"),
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("written");
    }
    let range: MonthRange = "2026-08".parse().expect("a month");
    let now = "2026-10-01T00:00:00Z".parse().expect("an instant");
    let both = both_ways_in(dir.path(), range, now);
    assert!(both.whole.contains("Ghost"), "{}", both.whole);
    assert_eq!(both.whole, both.windowed);
    assert_eq!(
        (both.kept, both.all),
        (3, 4),
        "only the second incident naming Ghost is dropped"
    );
}
