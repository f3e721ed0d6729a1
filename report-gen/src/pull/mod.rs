//! `report-gen pull`: brings a Statuspage page's public documents, its whole history included,
//! into a folder as the files `check`, `feed` and `post` read, and keeps them current.
//!
//! What is fetched, and where it goes in the folder:
//! - `/api/v2/summary.json`, `/api/v2/incidents.json`, `/api/v2/scheduled-maintenances.json`:
//!   `summary.json`, `incidents.json`, `scheduled-maintenances.json`;
//! - the history, `/history?page=N` (three months a page, newest first; a page without months
//!   is past the first): `.candor-pull/history/page-N.json`, kept to answer a 304;
//! - each incident of the history, `/api/v2/incidents/<code>.json`: `incidents/<code>.json`;
//!   each maintenance (impact `maintenance`), `/api/v2/scheduled-maintenances/<code>.json`, or
//!   where that is not found the incident document of the same code: `maintenances/<code>.json`.
//!
//! Documents are stored as the server sent them; the Statuspage reader merges them (one page's
//! overlapping snapshots). A second pull asks again, conditionally, for the three documents and
//! the history's pages until one holds nothing new, and for the records that are new, changed
//! their status or were open at the last pull ([`state`]). A file in the folder that `pull`
//! did not write is never replaced (without `--force`).

pub mod http;
pub mod state;
pub mod vendors;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{mpsc, Mutex};
use std::time::Duration;

use candor_core::YearMonth;

use self::http::{Client, FetchError, Fetched, Validators};
use self::state::{Folder, Kind, Ownership, Record};

/// Requests in flight at most.
const IN_FLIGHT: usize = 4;

/// A history longer than this many pages (750 years) is a server that never ends its history.
const MAX_PAGES: u32 = 3000;

/// The kinds of status page `pull` knows how to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Source {
    /// Atlassian Statuspage: the whole history, incrementally.
    Statuspage,
    /// Instatus: `summary.json` and `v2/components.json`.
    Instatus,
    /// Better Stack: `index.json`.
    Betterstack,
    /// Uptime Kuma: the status page and its heartbeats (the URL names the page:
    /// `https://host/status/<slug>`).
    UptimeKuma,
    /// Gatus: `/api/v1/endpoints/statuses`.
    Gatus,
    /// Cachet: `/api/v1/components`, `incidents` and `schedules`, every page of each.
    Cachet,
    /// OpenStatus: the page's JSON feed, `/feed/json`.
    Openstatus,
    /// incident.io: the page's widget API, `/api/v1/summary` (what is open now).
    IncidentIo,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub source: Source,
    /// The page's address (`https://www.githubstatus.com`), without a trailing `/`.
    pub url: String,
    pub dir: PathBuf,
    /// The first month wanted: the history is not paged past it.
    pub since: Option<YearMonth>,
    /// Replace files `pull` did not write.
    pub force: bool,
    pub timeout: Duration,
    pub max_wait: Duration,
    /// Draw a progress bar (on a terminal only).
    pub progress: bool,
}

/// What a pull did, for its summary line.
#[derive(Debug, Default)]
pub struct Outcome {
    /// History pages walked (Statuspage).
    pub pages: u32,
    /// Documents asked for (the other sources).
    pub documents: usize,
    /// The records the folder holds a document of.
    pub incidents: usize,
    pub maintenances: usize,
    /// Files written by this pull, and documents asked for that had not changed.
    pub written: usize,
    pub unchanged: usize,
    pub requests: usize,
    /// Files not written because `pull` did not write what is there.
    pub kept: Vec<PathBuf>,
    /// Documents that could not be fetched or stored.
    pub failed: Vec<String>,
    /// What was read past (a history record without a code).
    pub warnings: Vec<String>,
}

/// One record of a `/history` page, as far as `pull` needs it.
#[derive(Debug)]
struct HistoryRecord {
    code: String,
    impact: Option<String>,
    status: Option<String>,
}

/// A month of the history (`None` when its name or year cannot be read) and its records.
type HistoryMonth = (Option<YearMonth>, Vec<HistoryRecord>);

/// A `/history` page: its months (`None` when the month's name or year cannot be read), each
/// with its records, newest first; `Err` for a text that is not such a page at all. Read
/// leniently: a record without a code is noted in `warnings` and left out, `null` lists are
/// empty.
fn history_page(
    bytes: &[u8],
    warnings: &mut Vec<String>,
    url: &str,
) -> Result<Vec<HistoryMonth>, String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|err| err.to_string())?;
    let months = match value.get("months") {
        Some(serde_json::Value::Array(months)) => months,
        Some(serde_json::Value::Null) => return Ok(Vec::new()),
        _ => return Err("no `months` list".into()),
    };
    let text = |v: &serde_json::Value, key: &str| {
        (v.get(key).and_then(|x| x.as_str())).map(str::to_string)
    };
    let mut page = Vec::new();
    for (m, month) in months.iter().enumerate() {
        let year = match month.get("year") {
            Some(serde_json::Value::String(y)) => y.trim().parse().ok(),
            Some(y) => y.as_i64().and_then(|y| i32::try_from(y).ok()),
            None => None,
        };
        let name = text(month, "name").unwrap_or_default();
        let ym = year
            .zip(month_number(&name))
            .and_then(|(y, n)| YearMonth::new(y, n));
        let mut records = Vec::new();
        let listed = month.get("incidents").and_then(|l| l.as_array());
        for (k, record) in listed.into_iter().flatten().enumerate() {
            let Some(code) = text(record, "code") else {
                warnings.push(format!(
                    "{url}: `months[{m}].incidents[{k}]` has no `code`: left out"
                ));
                continue;
            };
            if !safe_code(&code) {
                warnings.push(format!(
                    "{url}: `months[{m}].incidents[{k}].code` `{code}` is not one a file can be \
                     named by (letters, digits, `-` and `_`): left out"
                ));
                continue;
            }
            records.push(HistoryRecord {
                code,
                impact: text(record, "impact"),
                status: text(record, "status"),
            });
        }
        page.push((ym, records));
    }
    Ok(page)
}

/// A record's document to fetch.
#[derive(Debug, Clone)]
struct Job {
    code: String,
    kind: Kind,
    /// Its status in the history, when this pull saw it there.
    status: Option<String>,
}

impl Job {
    fn file(&self) -> String {
        match self.kind {
            Kind::Incident => format!("incidents/{}.json", self.code),
            Kind::Maintenance => format!("maintenances/{}.json", self.code),
        }
    }
}

/// Pulls the page into the folder; `Err` only for what stops the pull as a whole.
pub fn pull(options: &Options) -> Result<Outcome, String> {
    let dir = &options.dir;
    std::fs::create_dir_all(dir)
        .map_err(|err| format!("{}: cannot be made: {err}", dir.display()))?;
    for sub in [
        "",
        "incidents",
        "maintenances",
        state::FOLDER,
        ".candor-pull/history",
    ] {
        for path in crate::output::clean_leftovers(&dir.join(sub)) {
            eprintln!("removed {}: left by an interrupted run", path.display());
        }
    }
    let mut folder = Folder::open(dir, &options.url)?;
    let client = Client::new(options.timeout, options.max_wait);
    let bar = progress_bar(options.progress);
    let mut outcome = Outcome::default();
    let result = match options.source {
        Source::Statuspage => statuspage(options, &mut folder, &client, &bar, &mut outcome),
        vendor => vendors::pull(vendor, options, &mut folder, &client, &bar, &mut outcome),
    };
    bar.finish_and_clear();
    // Saved even when the pull stopped: what was written stays known.
    if let Err(err) = folder.save() {
        outcome.failed.push(format!(
            "{}: cannot be written: {err}",
            dir.join(state::FOLDER).display()
        ));
    }
    result?;
    for (code, record) in &folder.state.records {
        let job = Job {
            code: code.clone(),
            kind: record.kind,
            status: None,
        };
        if folder.state.files.contains_key(&job.file()) {
            match record.kind {
                Kind::Incident => outcome.incidents += 1,
                Kind::Maintenance => outcome.maintenances += 1,
            }
        }
    }
    outcome.requests = client.requests();
    Ok(outcome)
}

/// A Statuspage page: the three documents, the history, each record's document.
fn statuspage(
    options: &Options,
    folder: &mut Folder,
    client: &Client,
    bar: &indicatif::ProgressBar,
    outcome: &mut Outcome,
) -> Result<(), String> {
    let dir = &options.dir;
    let was_complete = folder.state.complete;
    folder.state.complete = false;

    for (file, path) in [
        ("summary.json", "/api/v2/summary.json"),
        ("incidents.json", "/api/v2/incidents.json"),
        (
            "scheduled-maintenances.json",
            "/api/v2/scheduled-maintenances.json",
        ),
    ] {
        bar.set_message(file);
        let url = format!("{}{path}", options.url);
        let Some(known) = may_write(folder, file, options.force, outcome) else {
            continue;
        };
        let fetched = client.get(&url, known.as_ref());
        store(folder, file, &url, None, fetched, outcome);
    }

    // The history, newest page first.
    let mut jobs: BTreeMap<String, Job> = BTreeMap::new();
    let mut reached_end = false;
    let mut stopped_early = false;
    for number in 1..=MAX_PAGES {
        bar.set_message(format!("history page {number}"));
        let file = format!("{}/history/page-{number}.json", state::FOLDER);
        let url = format!("{}/history?page={number}", options.url);
        let known = folder.validators(&file);
        let bytes = match client.get(&url, known.as_ref()) {
            Ok(Fetched::Body { bytes, validators }) => {
                match folder.write(&file, &bytes, validators, None) {
                    Ok(()) => outcome.written += 1,
                    Err(err) => {
                        (outcome.failed).push(format!("{}: {err}", dir.join(&file).display()))
                    }
                }
                bytes
            }
            Ok(Fetched::NotModified) => {
                outcome.unchanged += 1;
                std::fs::read(dir.join(&file)).map_err(|err| {
                    format!("{}: cannot be read: {err}", dir.join(&file).display())
                })?
            }
            Ok(Fetched::NotFound) => {
                return Err(format!(
                    "{url}: not found: is {} a Statuspage page? (its history is /history)",
                    options.url
                ))
            }
            Err(err) => return Err(format!("the history stops at {err}")),
        };
        outcome.pages = number;
        let page = history_page(&bytes, &mut outcome.warnings, &url).map_err(|err| {
            format!(
                "{url}: not the history of a Statuspage page ({err}); expected \
                 {{\"months\":[{{\"name\",\"year\",\"incidents\":[{{\"code\",\"impact\",\
                 \"status\"}}]}}]}}"
            )
        })?;
        if page.is_empty() {
            reached_end = true;
            break;
        }
        let mut anything_new = false;
        let mut past_since = false;
        for (ym, records) in &page {
            if let (Some(since), Some(ym)) = (options.since, ym) {
                if *ym < since {
                    past_since = true;
                    continue;
                }
            }
            for r in records {
                let kind = match r.impact.as_deref() {
                    Some("maintenance") => Kind::Maintenance,
                    _ => Kind::Incident,
                };
                let job = Job {
                    code: r.code.clone(),
                    kind,
                    status: r.status.clone(),
                };
                let known = folder.state.records.get(&r.code);
                // A stored file the user has removed since is fetched again.
                let stored = (folder.state.files.contains_key(&job.file()))
                    && dir.join(job.file()).is_file();
                let changed = match known {
                    None => true,
                    Some(k) => !stored || k.open() || r.status.as_ref() != Some(&k.status),
                };
                if changed {
                    anything_new = true;
                    jobs.insert(job.code.clone(), job);
                }
            }
        }
        if past_since {
            stopped_early = true;
            break;
        }
        if was_complete && !anything_new {
            stopped_early = true;
            break;
        }
    }

    // Records open at the last pull, wherever they are in the history.
    for (code, record) in &folder.state.records {
        if record.open() && !jobs.contains_key(code) {
            let job = Job {
                code: code.clone(),
                kind: record.kind,
                status: None,
            };
            jobs.insert(code.clone(), job);
        }
    }

    bar.set_length(jobs.len() as u64);
    bar.set_position(0);
    bar.set_message("incidents");
    fetch_records(
        client,
        options,
        folder,
        jobs.into_values().collect(),
        bar,
        outcome,
    );
    folder.state.complete = outcome.failed.is_empty()
        && (reached_end || (stopped_early && was_complete && options.since.is_none()));
    Ok(())
}

/// Fetches the records' documents, [`IN_FLIGHT`] at a time; this thread alone writes them.
fn fetch_records(
    client: &Client,
    options: &Options,
    folder: &mut Folder,
    jobs: Vec<Job>,
    bar: &indicatif::ProgressBar,
    outcome: &mut Outcome,
) {
    // Asked here, before any request: a file that is not ours is not even fetched.
    let mut asks = Vec::new();
    for job in jobs {
        let file = job.file();
        if let Some(known) = may_write(folder, &file, options.force, outcome) {
            asks.push((job, known));
        } else {
            bar.inc(1);
        }
    }
    let queue = Mutex::new(asks.into_iter());
    let (send, receive) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..IN_FLIGHT {
            let send = send.clone();
            let queue = &queue;
            scope.spawn(move || loop {
                let next = queue.lock().map(|mut q| q.next()).unwrap_or(None);
                let Some((job, known)) = next else { break };
                let fetched = fetch_record(client, &options.url, &job, known.as_ref());
                if send.send((job, fetched)).is_err() {
                    break;
                }
            });
        }
        drop(send);
        for (job, fetched) in receive {
            let record = |status: Option<String>| Record {
                kind: job.kind,
                status: status.or(job.status.clone()).unwrap_or_default(),
            };
            let fetched = fetched.map(|f| match f {
                Fetched::Body { bytes, validators } => {
                    let status = document_status(&bytes);
                    (Fetched::Body { bytes, validators }, Some(record(status)))
                }
                other => (other, None),
            });
            match fetched {
                Ok((Fetched::NotModified, _)) => {
                    outcome.unchanged += 1;
                    // Unchanged: its status is the one the history shows now, else as it was.
                    let known = folder.state.records.get(&job.code).cloned();
                    let status = job.status.clone().or(known.map(|k| k.status));
                    if let Err(err) = folder.note(job.code.clone(), record(status)) {
                        outcome
                            .failed
                            .push(format!("{}: {err}", folder.dir.display()));
                    }
                }
                // Listed in the history, but without a document: read past, said so.
                Ok((Fetched::NotFound, _)) => outcome.warnings.push(format!(
                    "{}: the history lists {} `{}`, whose document is not found: left out",
                    options.url,
                    match job.kind {
                        Kind::Incident => "incident",
                        Kind::Maintenance => "maintenance",
                    },
                    job.code
                )),
                Ok((fetched, record)) => {
                    let record = record.map(|r| (job.code.clone(), r));
                    let url = format!("{}/api/v2/incidents/{}.json", options.url, job.code);
                    store(folder, &job.file(), &url, record, Ok(fetched), outcome);
                }
                Err(err) => outcome.failed.push(err.to_string()),
            }
            bar.inc(1);
        }
    });
}

/// A record's document: a maintenance's under `scheduled-maintenances/`, else (not found
/// there) under `incidents/`, where Statuspage also serves it.
fn fetch_record(
    client: &Client,
    base: &str,
    job: &Job,
    known: Option<&Validators>,
) -> Result<Fetched, FetchError> {
    let incident = format!("{base}/api/v2/incidents/{}.json", job.code);
    if job.kind == Kind::Maintenance {
        let url = format!("{base}/api/v2/scheduled-maintenances/{}.json", job.code);
        match client.get(&url, known)? {
            Fetched::NotFound => {}
            found => return Ok(found),
        }
    }
    client.get(&incident, known)
}

/// The status a single record's document gives (`incident.status`, `scheduled_maintenance.status`).
fn document_status(bytes: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let record = value
        .get("incident")
        .or(value.get("scheduled_maintenance"))?;
    Some(record.get("status")?.as_str()?.to_string())
}

/// `Some(validators to ask with)` when `file` may be written, else notes it as kept.
fn may_write(
    folder: &Folder,
    file: &str,
    force: bool,
    outcome: &mut Outcome,
) -> Option<Option<Validators>> {
    match folder.ownership(file) {
        Ownership::Absent => Some(None),
        Ownership::Ours => Some(folder.validators(file)),
        Ownership::NotOurs if force => Some(None),
        Ownership::NotOurs => {
            outcome.kept.push(folder.dir.join(file));
            None
        }
    }
}

/// Stores what was fetched from `url` as `file`: a body that is JSON is written, anything
/// else (a captive portal's page, a challenge) is a failure and not stored.
fn store(
    folder: &mut Folder,
    file: &str,
    url: &str,
    record: Option<(String, Record)>,
    fetched: Result<Fetched, FetchError>,
    outcome: &mut Outcome,
) {
    match fetched {
        Ok(Fetched::Body { bytes, .. })
            if serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_err() =>
        {
            outcome.failed.push(format!(
                "{url}: the answer is not JSON (a login or challenge page?); {} was not written",
                folder.dir.join(file).display()
            ))
        }
        Ok(Fetched::Body { bytes, validators }) => {
            match folder.write(file, &bytes, validators, record) {
                Ok(()) => outcome.written += 1,
                Err(err) => outcome.failed.push(format!(
                    "{}: cannot be written: {err}",
                    folder.dir.join(file).display()
                )),
            }
        }
        Ok(Fetched::NotModified) => outcome.unchanged += 1,
        Ok(Fetched::NotFound) => outcome.failed.push(format!("{url}: not found")),
        Err(err) => outcome.failed.push(err.to_string()),
    }
}

/// A code safe to name a file and a URL by: Statuspage's are 12 letters and digits.
fn safe_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && (code.bytes()).all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The month the history names in English (`January`), 1 to 12.
fn month_number(name: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let name = name.trim().to_ascii_lowercase();
    let index = NAMES.iter().position(|n| *n == name || n[..3] == name)?;
    u32::try_from(index + 1).ok()
}

fn progress_bar(on: bool) -> indicatif::ProgressBar {
    if !on {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}/{len}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_page_is_read_leniently() {
        let text = br#"{"months": [
            {"name": "March", "year": "2024", "incidents": [
                {"code": "abc123", "impact": "maintenance", "status": "completed"},
                {"name": "no code"}, {"code": "../x"}]},
            {"name": "February", "year": 2024, "incidents": null},
            {"name": "Smarch", "year": 2024, "incidents": [{"code": "def456"}]}]}"#;
        let mut warnings = Vec::new();
        let page = history_page(text, &mut warnings, "u").expect("a page");
        let months: Vec<_> = page.iter().map(|(ym, r)| (*ym, r.len())).collect();
        assert_eq!(
            months,
            [
                (YearMonth::new(2024, 3), 1),
                (YearMonth::new(2024, 2), 0),
                (None, 1)
            ]
        );
        assert_eq!(page[0].1[0].impact.as_deref(), Some("maintenance"));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(history_page(b"[1]", &mut warnings, "u").is_err());
        assert!(history_page(b"<html>", &mut warnings, "u").is_err());
    }

    #[test]
    fn months_are_named_in_english() {
        assert_eq!(month_number("January"), Some(1));
        assert_eq!(month_number("sep"), Some(9));
        assert_eq!(month_number("Brumaire"), None);
    }

    #[test]
    fn only_plain_codes_name_files() {
        assert!(safe_code("bhbcjn4n3jzp"));
        assert!(!safe_code("../etc/passwd"));
        assert!(!safe_code(""));
    }
}
