//! Realistic, reproducible incident histories for benchmarks, fuzzing seeds and tests, in every
//! format Candor reads (`cargo xtask gen-data` writes them to files; the benchmarks take them
//! in memory).
//!
//! The same options always give the same bytes. Histories have what real pages have:
//! overlapping incidents, long outages, a few still open at the end, incidents crossing midnight
//! and month ends, titles that need CSV quoting, and update bodies with HTML.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// The formats a history can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Statuspage API v2: `components.json` and one `incidents-NNNNN.json` per 1,000 incidents.
    Statuspage,
    /// cState: one Markdown file per incident under `content/issues/`.
    Cstate,
    /// One `incidents.csv`.
    Csv,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "statuspage" => Some(Format::Statuspage),
            "cstate" => Some(Format::Cstate),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub incidents: usize,
    /// At least one.
    pub components: usize,
    /// At least one.
    pub years: u32,
    pub seed: u64,
    /// Days since 1970-01-01 of the last day of the history (UTC).
    pub end_day: i64,
}

impl Options {
    /// `incidents` over 3 years on 8 components, ending 2026-09-30, seed 1: what the
    /// benchmarks use.
    pub fn new(incidents: usize) -> Options {
        Options {
            incidents,
            components: 8,
            years: 3,
            seed: 1,
            end_day: days_from_civil(2026, 9, 30),
        }
    }
}

/// A generated history, before it is written in a format.
#[derive(Debug)]
pub struct History {
    components: Vec<String>,
    incidents: Vec<Generated>,
}

impl History {
    pub fn incidents(&self) -> usize {
        self.incidents.len()
    }

    pub fn components(&self) -> usize {
        self.components.len()
    }
}

#[derive(Debug)]
struct Generated {
    id: String,
    title: String,
    impact: &'static str,
    /// Unix seconds.
    start: i64,
    end: Option<i64>,
    components: Vec<usize>,
    cause: &'static str,
    updates: Vec<(i64, &'static str, String)>,
}

/// Writes the history into `dir` (created if missing) in `format`; returns how many files.
pub fn write(dir: &Path, format: Format, h: &History) -> io::Result<usize> {
    fs::create_dir_all(dir)?;
    match format {
        Format::Csv => {
            let mut w = create(&dir.join("incidents.csv"))?;
            write_csv(&mut w, h)?;
            w.flush()?;
            Ok(1)
        }
        Format::Statuspage => {
            let mut w = create(&dir.join("components.json"))?;
            write_statuspage_components(&mut w, h)?;
            w.flush()?;
            for chunk in 0..statuspage_chunks(h) {
                let mut w = create(&dir.join(format!("incidents-{chunk:05}.json")))?;
                write_statuspage_incidents(&mut w, h, chunk)?;
                w.flush()?;
            }
            Ok(1 + statuspage_chunks(h))
        }
        Format::Cstate => {
            let issues = dir.join("content").join("issues");
            fs::create_dir_all(&issues)?;
            for (name, text) in cstate_files(h) {
                fs::write(issues.join(name), text)?;
            }
            Ok(h.incidents.len())
        }
    }
}

const COMPONENT_NAMES: [&str; 12] = [
    "API",
    "Web app",
    "Webhooks",
    "Mobile apps",
    "Payments",
    "Search",
    "Notifications",
    "Dashboard",
    "Authentication",
    "File storage",
    "Analytics",
    "Email delivery",
];

const PARTNERS: [&str; 5] = ["AWS", "Cloudflare", "Stripe", "Twilio", "SendGrid"];

const TROUBLES: [&str; 8] = [
    "Elevated error rates",
    "Delayed processing",
    "Degraded performance",
    "Increased latency",
    "Partial outage",
    "Unavailable",
    "Intermittent failures",
    "Login problems",
];

/// Generates a history.
pub fn generate(o: &Options) -> History {
    let mut rng = fastrand::Rng::with_seed(o.seed);
    let components: Vec<String> = (0..o.components)
        .map(|i| match COMPONENT_NAMES.get(i) {
            Some(name) => name.to_string(),
            None => format!("Service {}", i + 1),
        })
        .collect();
    let end = (o.end_day + 1) * 86_400;
    let start = end - i64::from(o.years) * 365 * 86_400;
    let span = (end - start).max(1);
    // Spread starts evenly with jitter, so the history is sorted and the density steady.
    let step = span as f64 / o.incidents.max(1) as f64;
    let mut incidents = Vec::with_capacity(o.incidents);
    for n in 0..o.incidents {
        let at = start + (n as f64 * step) as i64 + rng.i64(0..(step as i64).max(1));
        let roll = rng.u32(0..100);
        let impact = match roll {
            0..=9 => "none",
            10..=54 => "minor",
            55..=84 => "major",
            _ => "critical",
        };
        // Mostly short, sometimes hours, rarely days: real outages have long tails.
        let minutes = match rng.u32(0..100) {
            0..=69 => rng.i64(5..90),
            70..=94 => rng.i64(90..600),
            _ => rng.i64(600..4_320),
        };
        let open = n + 3 >= o.incidents && rng.bool();
        let first = rng.usize(0..components.len());
        let mut affected = vec![first];
        if rng.u32(0..4) == 0 && components.len() > 1 {
            let second = (first + 1 + rng.usize(0..components.len() - 1)) % components.len();
            affected.push(second);
        }
        let external = rng.u32(0..4) == 0;
        let partner = PARTNERS[rng.usize(0..PARTNERS.len())];
        let trouble = TROUBLES[rng.usize(0..TROUBLES.len())];
        let title = if external {
            format!("{trouble} for {} due to {partner}", components[first])
        } else if rng.u32(0..10) == 0 {
            format!(
                "{trouble} for \"{}\", webhooks, and retries",
                components[first]
            )
        } else {
            format!("{trouble} for {}", components[first])
        };
        let cause = match (external, rng.u32(0..5)) {
            (true, _) => "external",
            (false, 0) => "unknown",
            _ => "internal",
        };
        let end_at = (!open).then_some(at + minutes * 60);
        let mut updates = vec![(
            at,
            "investigating",
            format!(
                "We are investigating <strong>{}</strong> for {}. See <a href=\"https://status.example.com\">our status page</a>.",
                trouble.to_lowercase(),
                components[first]
            ),
        )];
        if minutes > 30 {
            updates.push((
                at + minutes * 30,
                "identified",
                format!(
                    "The cause has been identified{}; a fix is being rolled out.",
                    if external {
                        format!(" as an issue at {partner}")
                    } else {
                        String::new()
                    }
                ),
            ));
        }
        if let Some(e) = end_at {
            updates.push((
                e,
                "resolved",
                "This incident has been resolved.".to_string(),
            ));
        }
        incidents.push(Generated {
            id: format!("gen{:08}", n),
            title,
            impact,
            start: at,
            end: end_at,
            components: affected,
            cause,
            updates,
        });
    }
    History {
        components,
        incidents,
    }
}

fn create(path: &Path) -> io::Result<BufWriter<fs::File>> {
    Ok(BufWriter::with_capacity(1 << 20, fs::File::create(path)?))
}

/// The history as one CSV file, header first.
pub fn write_csv(w: &mut impl Write, h: &History) -> io::Result<()> {
    writeln!(
        w,
        "id,title,impact,started_at,resolved_at,components,cause,url"
    )?;
    for i in &h.incidents {
        let components: Vec<&str> = i
            .components
            .iter()
            .map(|&c| h.components[c].as_str())
            .collect();
        writeln!(
            w,
            "{},{},{},{},{},{},{},https://status.example.com/incidents/{}",
            i.id,
            csv_field(&i.title),
            i.impact,
            rfc3339(i.start),
            i.end.map(rfc3339).unwrap_or_default(),
            csv_field(&components.join(";")),
            i.cause,
            i.id
        )?;
    }
    Ok(())
}

/// The history as CSV text.
pub fn csv_text(h: &History) -> String {
    let mut bytes = Vec::new();
    // Writing into a vector cannot fail, and everything written is UTF-8.
    let _ = write_csv(&mut bytes, h);
    String::from_utf8_lossy(&bytes).into_owned()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn component_id(i: usize) -> String {
    format!("comp{i:04}")
}

const PAGE: &str = r#"{"id":"genpage","name":"Example","url":"https://status.example.com","time_zone":"Etc/UTC","updated_at":"2026-09-30T00:00:00Z"}"#;

/// How many incident documents the Statuspage form has (1,000 incidents each).
pub fn statuspage_chunks(h: &History) -> usize {
    h.incidents.len().div_ceil(1000)
}

/// The Statuspage `components.json`.
pub fn write_statuspage_components(w: &mut impl Write, h: &History) -> io::Result<()> {
    write!(w, "{{\"page\":{PAGE},\"components\":[")?;
    for (i, name) in h.components.iter().enumerate() {
        if i > 0 {
            write!(w, ",")?;
        }
        write!(
            w,
            r#"{{"id":"{}","name":{},"status":"operational","created_at":"{}","updated_at":"{}","position":{},"description":null,"showcase":false,"start_date":null,"group_id":null,"page_id":"genpage","group":false,"only_show_if_degraded":false}}"#,
            component_id(i),
            json_string(name),
            rfc3339(h.incidents.first().map_or(0, |i| i.start) - 86_400),
            rfc3339(h.incidents.first().map_or(0, |i| i.start)),
            i + 1
        )?;
    }
    write!(w, "]}}")
}

/// Statuspage incident document number `chunk` (incidents `chunk * 1000` on).
pub fn write_statuspage_incidents(w: &mut impl Write, h: &History, chunk: usize) -> io::Result<()> {
    let from = (chunk * 1000).min(h.incidents.len());
    let to = (from + 1000).min(h.incidents.len());
    write!(w, "{{\"page\":{PAGE},\"incidents\":[")?;
    for (k, i) in h.incidents[from..to].iter().enumerate() {
        if k > 0 {
            write!(w, ",")?;
        }
        write!(w, "{}", statuspage_incident(h, i))?;
    }
    write!(w, "]}}")
}

/// Every document of the Statuspage form as text: `components.json` first, then the incidents.
pub fn statuspage_documents(h: &History) -> Vec<String> {
    let text = |write: &dyn Fn(&mut Vec<u8>) -> io::Result<()>| {
        let mut bytes = Vec::new();
        let _ = write(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let mut documents = vec![text(&|w| write_statuspage_components(w, h))];
    for chunk in 0..statuspage_chunks(h) {
        documents.push(text(&|w| write_statuspage_incidents(w, h, chunk)));
    }
    documents
}

fn statuspage_incident(h: &History, i: &Generated) -> String {
    let status = if i.end.is_some() {
        "resolved"
    } else {
        "investigating"
    };
    let component_status = match i.impact {
        "critical" => "major_outage",
        "major" => "partial_outage",
        "minor" => "degraded_performance",
        _ => "operational",
    };
    let mut updates = String::new();
    for (k, (at, st, body)) in i.updates.iter().enumerate().rev() {
        if !updates.is_empty() {
            updates.push(',');
        }
        let new = if *st == "resolved" {
            "operational"
        } else {
            component_status
        };
        let old = if k == 0 {
            "operational"
        } else {
            component_status
        };
        let affected: Vec<String> = i
            .components
            .iter()
            .map(|&c| {
                format!(
                    r#"{{"code":"{}","name":{},"old_status":"{old}","new_status":"{new}"}}"#,
                    component_id(c),
                    json_string(&h.components[c])
                )
            })
            .collect();
        let _ = write!(
            updates,
            r#"{{"id":"{}u{k}","status":"{st}","body":{},"incident_id":"{}","created_at":"{t}","updated_at":"{t}","display_at":"{t}","affected_components":[{}],"deliver_notifications":true}}"#,
            i.id,
            json_string(body),
            i.id,
            affected.join(","),
            t = rfc3339(*at),
        );
    }
    let components: Vec<String> = i
        .components
        .iter()
        .map(|&c| {
            format!(
                r#"{{"id":"{}","name":{},"status":"operational","position":{},"group_id":null,"group":false}}"#,
                component_id(c),
                json_string(&h.components[c]),
                c + 1
            )
        })
        .collect();
    let last = i.updates.last().map_or(i.start, |u| u.0);
    format!(
        r#"{{"id":"{id}","name":{name},"status":"{status}","created_at":"{start}","updated_at":"{last}","monitoring_at":null,"resolved_at":{end},"impact":"{impact}","shortlink":"https://stspg.io/{id}","started_at":"{start}","page_id":"genpage","incident_updates":[{updates}],"components":[{components}]}}"#,
        id = i.id,
        name = json_string(&i.title),
        start = rfc3339(i.start),
        last = rfc3339(last),
        end = i
            .end
            .map_or("null".to_string(), |e| format!("\"{}\"", rfc3339(e))),
        impact = i.impact,
        components = components.join(","),
    )
}

/// The cState form: each incident's file name (under `content/issues/`) and text.
pub fn cstate_files(h: &History) -> impl Iterator<Item = (String, String)> + '_ {
    h.incidents.iter().map(|i| {
        let severity = match i.impact {
            "critical" => "down",
            "major" => "disrupted",
            _ => "notice",
        };
        let mut s = String::new();
        let _ = writeln!(s, "---");
        let _ = writeln!(s, "title: {}", json_string(&i.title));
        let _ = writeln!(s, "date: {}", rfc3339(i.start));
        let _ = writeln!(s, "resolved: {}", i.end.is_some());
        if let Some(e) = i.end {
            let _ = writeln!(s, "resolvedWhen: {}", rfc3339(e));
        }
        let _ = writeln!(s, "severity: {severity}");
        let _ = writeln!(s, "affected:");
        for &c in &i.components {
            let _ = writeln!(s, "  - {}", json_string(&h.components[c]));
        }
        let _ = writeln!(s, "section: issue");
        let _ = writeln!(s, "---\n");
        for (at, _, body) in i.updates.iter().rev() {
            let _ = writeln!(s, "*{}* - {body}\n", rfc3339(*at));
        }
        let name = format!("{}-{}.md", &rfc3339(i.start)[..10], i.id);
        (name, s)
    })
}

/// A JSON string literal (also valid YAML).
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Unix seconds as RFC 3339 in UTC (`2026-09-30T12:00:00Z`), without a date library.
fn rfc3339(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

// Howard Hinnant's algorithms for the proleptic Gregorian calendar.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips() {
        for day in [-1000, 0, 10_957, 20_726, 20_727, 2_932_896] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_790_000_000), "2026-09-21T14:13:20Z");
    }

    #[test]
    fn same_seed_same_history() {
        let o = |seed| Options {
            incidents: 200,
            components: 5,
            years: 2,
            seed,
            ..Options::new(0)
        };
        let a = generate(&o(7));
        let b = generate(&o(7));
        let c = generate(&o(8));
        let titles = |h: &History| {
            h.incidents
                .iter()
                .map(|i| i.title.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(titles(&a), titles(&b));
        assert_ne!(titles(&a), titles(&c));
        assert!(a.incidents.windows(2).all(|w| w[0].start <= w[1].start));
    }
}
