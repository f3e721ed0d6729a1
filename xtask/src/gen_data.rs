//! `cargo xtask gen-data`: realistic, reproducible incident histories for benchmarks and tests.
//!
//! The same arguments always write the same bytes. Histories have what real pages have:
//! overlapping incidents, long outages, a few still open at the end, incidents crossing midnight
//! and month ends, titles that need CSV quoting, and update bodies with HTML.

use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const USAGE: &str = "usage: cargo xtask gen-data --incidents N --components C --years Y --seed S \
--format statuspage|cstate|csv -o DIR [--end YYYY-MM-DD]";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Statuspage,
    Cstate,
    Csv,
}

#[derive(Debug)]
struct Options {
    incidents: usize,
    components: usize,
    years: u32,
    seed: u64,
    format: Format,
    out: PathBuf,
    /// Days since 1970-01-01 of the last day of the history (UTC).
    end_day: i64,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut incidents = None;
    let mut components = 8usize;
    let mut years = 3u32;
    let mut seed = 1u64;
    let mut format = None;
    let mut out = None;
    let mut end_day = days_from_civil(2026, 9, 30);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        let number = |v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag} takes a whole number, not `{v}`"))
        };
        match flag.as_str() {
            "--incidents" => incidents = Some(number(value()?)? as usize),
            "--components" => components = number(value()?)?.max(1) as usize,
            "--years" => years = number(value()?)?.max(1) as u32,
            "--seed" => seed = number(value()?)?,
            "--format" => {
                format = Some(match value()?.as_str() {
                    "statuspage" => Format::Statuspage,
                    "cstate" => Format::Cstate,
                    "csv" => Format::Csv,
                    other => {
                        return Err(format!(
                            "--format takes statuspage, cstate or csv, not `{other}`"
                        ))
                    }
                })
            }
            "-o" | "--out" => out = Some(PathBuf::from(value()?)),
            "--end" => {
                let v = value()?;
                let parts: Vec<i64> = v.split('-').filter_map(|p| p.parse().ok()).collect();
                match parts[..] {
                    [y, m, d] if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                        end_day = days_from_civil(y, m as u32, d as u32)
                    }
                    _ => return Err(format!("--end takes YYYY-MM-DD, not `{v}`")),
                }
            }
            other => return Err(format!("unknown flag `{other}`\n{USAGE}")),
        }
    }
    Ok(Options {
        incidents: incidents.ok_or_else(|| format!("--incidents is required\n{USAGE}"))?,
        components,
        years,
        seed,
        format: format.ok_or_else(|| format!("--format is required\n{USAGE}"))?,
        out: out.ok_or_else(|| format!("-o DIR is required\n{USAGE}"))?,
        end_day,
    })
}

pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    let history = generate(&options);
    fs::create_dir_all(&options.out)
        .map_err(|e| format!("cannot create {}: {e}", options.out.display()))?;
    let written = match options.format {
        Format::Csv => write_csv(&options.out, &history),
        Format::Statuspage => write_statuspage(&options.out, &history),
        Format::Cstate => write_cstate(&options.out, &history),
    }
    .map_err(|e| format!("cannot write into {}: {e}", options.out.display()))?;
    eprintln!(
        "gen-data: {} incidents on {} components over {} years into {} ({written} files)",
        history.incidents.len(),
        history.components.len(),
        options.years,
        options.out.display()
    );
    Ok(())
}

struct History {
    components: Vec<String>,
    incidents: Vec<Generated>,
}

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

fn generate(o: &Options) -> History {
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

fn create(path: &Path) -> std::io::Result<BufWriter<fs::File>> {
    Ok(BufWriter::with_capacity(1 << 20, fs::File::create(path)?))
}

fn write_csv(dir: &Path, h: &History) -> std::io::Result<usize> {
    let mut w = create(&dir.join("incidents.csv"))?;
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
    w.flush()?;
    Ok(1)
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

fn write_statuspage(dir: &Path, h: &History) -> std::io::Result<usize> {
    let page = r#"{"id":"genpage","name":"Example","url":"https://status.example.com","time_zone":"Etc/UTC","updated_at":"2026-09-30T00:00:00Z"}"#;
    let mut w = create(&dir.join("components.json"))?;
    write!(w, "{{\"page\":{page},\"components\":[")?;
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
    write!(w, "]}}")?;
    w.flush()?;
    let mut files = 1;
    for (chunk_no, chunk) in h.incidents.chunks(1000).enumerate() {
        let mut w = create(&dir.join(format!("incidents-{chunk_no:05}.json")))?;
        write!(w, "{{\"page\":{page},\"incidents\":[")?;
        for (k, i) in chunk.iter().enumerate() {
            if k > 0 {
                write!(w, ",")?;
            }
            write!(w, "{}", statuspage_incident(h, i))?;
        }
        write!(w, "]}}")?;
        w.flush()?;
        files += 1;
    }
    Ok(files)
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

fn write_cstate(dir: &Path, h: &History) -> std::io::Result<usize> {
    let issues = dir.join("content").join("issues");
    fs::create_dir_all(&issues)?;
    for i in &h.incidents {
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
        fs::write(issues.join(name), s)?;
    }
    Ok(h.incidents.len())
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
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
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
            format: Format::Csv,
            out: PathBuf::new(),
            end_day: days_from_civil(2026, 9, 30),
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
