//! Reading incident data from files and folders, whatever format each file is in, with an
//! account of every file: imported, skipped (and why), or in error (and where).
//!
//! Each file's format is recognised from its content, not only its name: a Statuspage API
//! document or an Upptime summary by its JSON keys, a cState incident by its front matter, a
//! CSV file by its header. Folders are walked recursively in sorted order so that every run sees
//! the files in the same order and produces the same result.

// An `Issue` is built once per bad record, where its size does not matter; boxing it would
// only make the importers harder to read.
#![allow(clippy::result_large_err)]

pub use candor_sources::repairs::{end_before_start, MAX_TITLE_CHARS};
pub use candor_sources::{cstate, csv, upptime};
pub use candor_sources::{Dropped, KeepAll, RecordLines, Sink};
pub mod statuspage;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use candor_core::Dataset;
use chrono::{DateTime, Utc};
use serde::Serialize;

pub use crate::config::CONFIG_FILE_NAME;
pub use crate::problem::{Issue, Problem, Severity};

/// The formats Candor reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Statuspage,
    Cstate,
    Csv,
    Upptime,
    // The vendors' documents read by `candor_sources` (docs/formats.md).
    Instatus,
    UptimeKuma,
    UptimeKumaHeartbeat,
    BetterStack,
    Cachet,
    Gatus,
    StatuspageManage,
    StatuspageAtom,
    Openstatus,
    IncidentIo,
}

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Read, possibly with problems in some of its records.
    Imported {
        format: Format,
        /// The document kind where the format has several (Statuspage: `summary`, ...).
        kind: Option<String>,
        incidents: usize,
        maintenances: usize,
        components: usize,
    },
    /// Not status data.
    Skipped { reason: String },
    /// Status data that could not be read at all; its problems say why.
    Failed { format: Option<Format> },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    pub path: PathBuf,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The account of one import: every file and every problem, in the order the files were read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
    pub problems: Vec<Problem>,
    /// The Statuspage pages whose documents were read, each with its files, when there are
    /// more than one: every command but `check` refuses to merge them into one page.
    #[serde(skip)]
    pub pages: Vec<PageFiles>,
}

/// One Statuspage page among several in the input, and the files of its documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFiles {
    pub id: String,
    pub name: Option<String>,
    pub files: Vec<PathBuf>,
}

impl fmt::Display for PageFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "page `{}`", self.id)?;
        if let Some(name) = &self.name {
            write!(f, " ({name})")?;
        }
        let files: Vec<String> = self.files.iter().map(|p| p.display().to_string()).collect();
        write!(f, " in {}", files.join(", "))
    }
}

/// The counts `check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub incidents: usize,
    pub maintenances: usize,
    pub components: usize,
    pub skipped: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} files: {} incidents, {} maintenances, {} components, {} skipped, {} errors",
            self.files,
            self.incidents,
            self.maintenances,
            self.components,
            self.skipped,
            self.errors
        )?;
        if self.warnings > 0 {
            write!(f, ", {} warnings", self.warnings)?;
        }
        Ok(())
    }
}

impl ImportReport {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.issue.severity == Severity::Error)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// The problems that refuse the data: its errors, or, `strict`, every problem.
    pub fn failing(&self, strict: bool) -> impl Iterator<Item = &Problem> {
        (self.problems.iter()).filter(move |p| strict || p.issue.severity == Severity::Error)
    }

    /// Whether the data is refused ([`ImportReport::failing`]).
    pub fn fails(&self, strict: bool) -> bool {
        self.failing(strict).next().is_some()
    }

    /// The counts for the data as combined (after snapshot overlaps are merged).
    pub fn summary(&self, data: &Dataset) -> Summary {
        let count = |s: Severity| {
            self.problems
                .iter()
                .filter(|p| p.issue.severity == s)
                .count()
        };
        Summary {
            files: self.files.len(),
            incidents: data.incidents.len(),
            maintenances: data.maintenances.len(),
            components: data.components.len(),
            skipped: self
                .files
                .iter()
                .filter(|f| matches!(f.outcome, Outcome::Skipped { .. }))
                .count(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        }
    }

    pub fn push(&mut self, file: &Path, issue: Issue) {
        self.problems.push(Problem {
            file: file.to_path_buf(),
            issue,
        });
    }
}

/// Settings the data itself cannot give.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The zone of times written without an offset (cState's lenient dates).
    pub naive_zone: chrono_tz::Tz,
}

impl From<candor_sources::Records> for Parsed {
    fn from(records: candor_sources::Records) -> Parsed {
        Parsed {
            dataset: records.dataset,
            issues: records.issues,
            kind: records.kind,
            lines: records.lines,
            dropped: records.dropped,
            snapshot: None,
        }
    }
}

/// What an importer made of one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub dataset: Dataset,
    pub issues: Vec<Issue>,
    /// The document kind, where the format has several.
    pub kind: Option<String>,
    /// Set for Statuspage documents: snapshots of the same page may overlap.
    pub snapshot: Option<Snapshot>,
    /// The line each incident was read from, where the format has one (CSV), so that problems
    /// found after parsing (a repeated id) can name it.
    pub lines: RecordLines,
    /// The incidents read but not kept ([`Sink::keep`]): their ids are still checked against
    /// every other.
    pub dropped: Dropped,
}

impl Parsed {
    /// Each incident's id and its place among the file's incidents as read, the kept ones'
    /// and the dropped ones' together, in the order read (ids usually come sorted or nearly,
    /// which the sort of every id then finds in one pass).
    fn incident_ids(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        let total = self.dataset.incidents.len() + self.dropped.len();
        let (mut kept, mut dropped) = (0, 0);
        (0..total).filter_map(move |record| {
            if self.dropped.record(dropped) == Some(record) {
                dropped += 1;
                Some((self.dropped.id(dropped - 1), record))
            } else {
                kept += 1;
                let incident = self.dataset.incidents.get(kept - 1)?;
                Some((&*incident.id, record))
            }
        })
    }

    /// Offers every incident to `sink` (in the order read), leaving out those it does not keep.
    fn sink_into(&mut self, sink: &mut dyn Sink) {
        debug_assert!(self.dropped.is_empty());
        let incidents = std::mem::take(&mut self.dataset.incidents);
        let lines = std::mem::take(&mut self.lines);
        self.dataset.incidents.reserve(incidents.len());
        for (record, incident) in incidents.into_iter().enumerate() {
            let line = lines.get(record);
            if sink.keep(&incident) {
                self.dataset.incidents.push(incident);
                if let Some(line) = line {
                    self.lines.push(line);
                }
            } else {
                self.dropped.push(&incident.id, record, line);
            }
        }
        self.dataset.incidents.shrink_to_fit();
        self.dropped.shrink_to_fit();
    }
}

/// Which page a Statuspage document describes, and as of when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub page_id: String,
    pub updated_at: Option<DateTime<Utc>>,
}

/// What a file turned out to be.
enum Detected {
    Data(Format),
    Skip(String),
    /// Meant as data (by its content or name) but unreadable.
    Broken(Format, Issue),
}

/// Imports every file under `inputs` (files or folders, walked recursively in sorted order)
/// into one dataset, with the account of every file.
pub fn import(inputs: &[PathBuf], options: &ImportOptions) -> (Dataset, ImportReport) {
    import_page(inputs, options, &mut KeepAll, None)
}

/// [`import`], each incident offered to `sink` as it is read (the dataset holds those it
/// keeps; the account is the same whatever it keeps: every record and problem of every file),
/// and of Statuspage's documents only those of the page with id `page` read when given
/// (`candor.toml`'s `[page] statuspage_id`): the others are listed as skipped, with their page.
pub fn import_page(
    inputs: &[PathBuf],
    options: &ImportOptions,
    sink: &mut dyn Sink,
    page: Option<&str>,
) -> (Dataset, ImportReport) {
    let mut report = ImportReport::default();
    let mut files: Vec<(PathBuf, Parsed)> = Vec::new();
    let mut seen = HashMap::new();
    for input in inputs {
        for path in files_under(input, &mut seen, &mut report) {
            let parsed = import_file(&path, options, sink, page, &mut report);
            if let Some(parsed) = parsed {
                files.push((path, parsed));
            }
        }
    }
    let data = combine(files, sink, &mut report);
    (data, report)
}

/// The files under a path, sorted, symbolic links followed. Whatever is not read is listed
/// with its reason: hidden files and folders (a `.git` folder as one entry), a link back to a
/// folder above it (reported, not followed again), a link to nothing, what is not a regular
/// file, and a file already read under another name (the same file named twice, or reached
/// through two links, as in a Kubernetes ConfigMap's `..data` layout): `seen` holds the real
/// paths of the files read so far.
fn files_under(
    input: &Path,
    seen: &mut HashMap<PathBuf, PathBuf>,
    report: &mut ImportReport,
) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    let skipped = |report: &mut ImportReport, path: &Path, reason: String| {
        report.files.push(FileReport {
            path: path.to_path_buf(),
            outcome: Outcome::Skipped { reason },
        });
    };
    let mut walker = walkdir::WalkDir::new(input)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().unwrap_or(input).to_path_buf();
                if let Some(ancestor) = err.loop_ancestor() {
                    let reason = format!(
                        "a link back to {}, a folder above it: not followed again",
                        ancestor.display()
                    );
                    report.push(&path, Issue::warning(reason.clone()));
                    skipped(report, &path, reason);
                    continue;
                }
                let not_found = err
                    .io_error()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
                if not_found && err.depth() > 0 {
                    skipped(
                        report,
                        &path,
                        "a symbolic link to nothing (its target is missing)".into(),
                    );
                    continue;
                }
                let message = match err.io_error() {
                    Some(_) if not_found => "no such file or folder".to_string(),
                    Some(io) => format!("cannot be read: {io}"),
                    None => err.to_string(),
                };
                report.files.push(FileReport {
                    path: path.clone(),
                    outcome: Outcome::Failed { format: None },
                });
                report.push(&path, Issue::error(message));
                continue;
            }
        };
        let hidden = is_hidden(&e);
        if e.file_type().is_dir() {
            if hidden {
                walker.skip_current_dir();
                let reason = if e.file_name() == ".git" {
                    "a Git repository's own files, not data".to_string()
                } else {
                    "hidden folder (its name starts with `.`), not read".to_string()
                };
                skipped(report, e.path(), reason);
            }
            continue;
        }
        if hidden {
            skipped(
                report,
                e.path(),
                "hidden file (its name starts with `.`), not read".into(),
            );
            continue;
        }
        if !e.file_type().is_file() {
            skipped(
                report,
                e.path(),
                "not a regular file (a socket, a pipe or a device)".into(),
            );
            continue;
        }
        let real = std::fs::canonicalize(e.path()).unwrap_or_else(|_| e.path().to_path_buf());
        if let Some(first) = seen.get(&real) {
            let reason = format!("the same file as {}, read once", first.display());
            skipped(report, e.path(), reason);
            continue;
        }
        seen.insert(real, e.path().to_path_buf());
        paths.push(e.into_path());
    }
    paths
}

/// Whether a walked entry is hidden (its name starts with `.`, as `.git` does): listed as
/// skipped, never read or walked into. What is named on the command line is never hidden.
pub fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.')
}

/// Files larger than this whose first part shows Candor's CSV header are parsed as they are
/// read, never held whole: at a million incidents the text alone is 170 MB, as much again as
/// the memory the incidents read from it take.
const STREAM_CSV_OVER: u64 = 8 * 1024 * 1024;

/// How much of a large file is read to recognise it.
const SNIFF_BYTES: u64 = 64 * 1024;

/// A large CSV file, read as it streams; `None` for anything else (read whole instead).
fn stream_large_csv(path: &Path, sink: &mut dyn Sink) -> Option<Parsed> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    if size <= STREAM_CSV_OVER {
        return None;
    }
    let mut head = Vec::new();
    (&mut file).take(SNIFF_BYTES).read_to_end(&mut head).ok()?;
    let text = match std::str::from_utf8(&head) {
        Ok(text) => text,
        // Cut inside a character at the end of the part read: what comes before is the text.
        Err(err) if err.error_len().is_none() => {
            std::str::from_utf8(&head[..err.valid_up_to()]).ok()?
        }
        // Not UTF-8: the whole-file path says where.
        Err(_) => return None,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let data_like = text.contains('\0') || text.trim_start().starts_with(['{', '[', '-']);
    if data_like || !csv::looks_like_csv(text) {
        return None;
    }
    // Rows as long as those read so far, and a twentieth more: one reservation instead of a
    // vector of a million incidents doubling (and copying) its way there.
    let rows_in_head = text.matches('\n').count().max(1);
    // No row that holds an incident is shorter than 32 bytes (`a,b,none,` and a time).
    let bytes_per_row = (text.len() / rows_in_head).max(32) as u64;
    let expected_rows = usize::try_from(size / bytes_per_row + size / bytes_per_row / 20).ok()?;
    std::io::Seek::rewind(&mut file).ok()?;
    Some(csv::import_reader(file, expected_rows, sink).into())
}

fn import_file(
    path: &Path,
    options: &ImportOptions,
    sink: &mut dyn Sink,
    page: Option<&str>,
    report: &mut ImportReport,
) -> Option<Parsed> {
    if let Some(parsed) = stream_large_csv(path, sink) {
        return Some(account(path, Format::Csv, parsed, report));
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(err) => {
            report.files.push(FileReport {
                path: path.to_path_buf(),
                outcome: Outcome::Failed { format: None },
            });
            report.push(path, Issue::error(format!("cannot be read: {err}")));
            return None;
        }
    };
    // Spreadsheets on Windows save "Unicode text" as UTF-16: read as the text it is.
    let bytes = utf16_text(&bytes).map_or(bytes, String::into_bytes);
    let detected = detect(path, &bytes);
    let (format, text) = match detected {
        Detected::Skip(reason) => {
            report.files.push(FileReport {
                path: path.to_path_buf(),
                outcome: Outcome::Skipped { reason },
            });
            return None;
        }
        Detected::Broken(format, issue) => {
            report.files.push(FileReport {
                path: path.to_path_buf(),
                outcome: Outcome::Failed {
                    format: Some(format),
                },
            });
            report.push(path, issue);
            return None;
        }
        Detected::Data(format) => {
            // `detect` only says Data for UTF-8 text, so this takes the bytes without a copy.
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned());
            (format, text)
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let parsed = match format {
        Format::Statuspage => statuspage::import(text),
        Format::Cstate => cstate::read(&file_stem(path), text, options.naive_zone).into(),
        Format::Csv => csv::import_with(text, sink).into(),
        Format::Upptime => {
            upptime::read(text, options.naive_zone, &mut |slug| site_file(path, slug)).into()
        }
        Format::Instatus => candor_sources::instatus::read(text).into(),
        Format::UptimeKuma => {
            let heartbeat = kuma_heartbeat_of(path, text);
            candor_sources::uptime_kuma::read(text, heartbeat.as_deref()).into()
        }
        Format::UptimeKumaHeartbeat => candor_sources::uptime_kuma::read_heartbeats(text).into(),
        Format::BetterStack => candor_sources::better_stack::read(text).into(),
        Format::Cachet => candor_sources::cachet::read(text).into(),
        Format::Gatus => candor_sources::gatus::read(text).into(),
        // A snapshot of its page, merged with the page's other documents.
        Format::StatuspageManage => Parsed {
            snapshot: (candor_sources::statuspage_manage::page(text)).map(
                |(page_id, updated_at)| Snapshot {
                    page_id,
                    updated_at,
                },
            ),
            ..candor_sources::statuspage_manage::read(text).into()
        },
        Format::StatuspageAtom => candor_sources::statuspage_atom::read(text).into(),
        Format::Openstatus => candor_sources::openstatus::read(text).into(),
        Format::IncidentIo => candor_sources::incident_io::read(text).into(),
    };
    if let (Some(chosen), Some(snapshot)) = (page, &parsed.snapshot) {
        if snapshot.page_id != chosen {
            let name = (parsed.dataset.page.name.as_deref())
                .map_or(String::new(), |name| format!(" ({name})"));
            let reason = format!(
                "a document of another Statuspage page, `{}`{name}; candor.toml's \
                 [page] statuspage_id is `{chosen}`",
                snapshot.page_id
            );
            report.files.push(FileReport {
                path: path.to_path_buf(),
                outcome: Outcome::Skipped { reason },
            });
            return None;
        }
    }
    let mut parsed = account(path, format, parsed, report);
    // The CSV importer offered its rows as it read them; a Statuspage document's incidents are
    // versions of its page's, offered once the page's snapshots are merged (`combine`).
    if format != Format::Csv && parsed.snapshot.is_none() {
        parsed.sink_into(sink);
    }
    Some(parsed)
}

/// A file's name without its extension: a cState incident's id.
fn file_stem(path: &Path) -> String {
    (path.file_stem()).map_or(String::new(), |s| s.to_string_lossy().into_owned())
}

/// Upptime's `history/<slug>.yml` beside `summary.json` at `summary`: its path and text, or
/// `None` where there is no such file (a slug naming another folder names no file beside it).
fn site_file(summary: &Path, slug: &str) -> Option<(String, String)> {
    if slug.contains(['/', '\\']) || slug.starts_with('.') {
        return None;
    }
    let file = summary.with_file_name(format!("{slug}.yml"));
    let text = std::fs::read_to_string(&file).ok()?;
    Some((file.display().to_string(), text))
}

/// The text of a UTF-16 file, little- or big-endian, with or without a byte order mark;
/// `None` for anything else. Without a mark, the NUL bytes tell: text that is mostly ASCII
/// has one in every pair of bytes, on the same side. What decodes to control characters
/// other than line ends and tabs is not text (a binary file with NULs in it).
fn utf16_text(bytes: &[u8]) -> Option<String> {
    if bytes.len() < 2 || bytes.len() % 2 != 0 {
        return None;
    }
    let (little, rest) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        _ => {
            let head = &bytes[..bytes.len().min(4096)];
            let pairs = head.len() / 2;
            let nul_at = |side: usize| head.chunks_exact(2).filter(|p| p[side] == 0).count();
            let (even, odd) = (nul_at(0), nul_at(1));
            // Nine pairs in ten with a NUL on one side, none on the other.
            match (even * 10 >= pairs * 9, odd * 10 >= pairs * 9) {
                (false, true) if even == 0 => (true, bytes),
                (true, false) if odd == 0 => (false, bytes),
                _ => return None,
            }
        }
    };
    let units = rest.chunks_exact(2).map(|p| match little {
        true => u16::from_le_bytes([p[0], p[1]]),
        false => u16::from_be_bytes([p[0], p[1]]),
    });
    let text: String = char::decode_utf16(units).collect::<Result<_, _>>().ok()?;
    let control = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    (!text.chars().any(control)).then_some(text)
}

/// Checks what every format shares, then records the file's outcome and problems.
fn account(path: &Path, format: Format, mut parsed: Parsed, report: &mut ImportReport) -> Parsed {
    candor_sources::repairs::refuse_overlong_titles(
        &mut parsed.dataset,
        &mut parsed.lines,
        &mut parsed.issues,
    );
    let failed = parsed.dataset == Dataset::default()
        && parsed.dropped.is_empty()
        && parsed.issues.iter().any(|i| i.severity == Severity::Error);
    let outcome = if failed {
        Outcome::Failed {
            format: Some(format),
        }
    } else {
        Outcome::Imported {
            format,
            kind: parsed.kind.clone(),
            incidents: parsed.dataset.incidents.len() + parsed.dropped.len(),
            maintenances: parsed.dataset.maintenances.len(),
            components: parsed.dataset.components.len(),
        }
    };
    report.files.push(FileReport {
        path: path.to_path_buf(),
        outcome,
    });
    for issue in &parsed.issues {
        report.push(path, issue.clone());
    }
    parsed
}

/// File name endings of the formats Candor reads: a file named so that is not UTF-8 is data in
/// the wrong encoding, not a binary file to pass over.
const DATA_EXTENSIONS: [(&str, Format); 4] = [
    ("csv", Format::Csv),
    ("json", Format::Statuspage),
    ("md", Format::Cstate),
    ("markdown", Format::Cstate),
];

/// The error for a data file that is not UTF-8: where the first byte that is not, by line and
/// column (in characters).
fn not_utf8(bytes: &[u8], err: &std::str::Utf8Error) -> Issue {
    let valid = std::str::from_utf8(&bytes[..err.valid_up_to()]).unwrap_or_default();
    let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
    let line = valid.matches('\n').count() + 1;
    let column = valid[line_start..].chars().count() + 1;
    let byte = bytes.get(err.valid_up_to()).copied().unwrap_or_default();
    Issue::error(format!(
        "not UTF-8 text (byte {} of the file); save it as UTF-8",
        err.valid_up_to() + 1
    ))
    .at(Some(line), Some(column))
    .found(format!("byte 0x{byte:02X}"))
    .allowed("UTF-8 text (spreadsheets: \"CSV UTF-8\")")
}

/// Recognises a file's format from its content; the name only breaks ties (a `.json` or `.csv`
/// file that is not readable as its format is an error, not skipped).
fn detect(path: &Path, bytes: &[u8]) -> Detected {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name == CONFIG_FILE_NAME {
        return Detected::Skip("Candor configuration, not data".into());
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            return match DATA_EXTENSIONS.iter().find(|(e, _)| *e == extension) {
                Some(&(_, format)) => Detected::Broken(format, not_utf8(bytes, &err)),
                None => Detected::Skip(format!(
                    "binary file ({}), not status data",
                    binary_kind(bytes)
                )),
            };
        }
    };
    if text.contains('\0') {
        return Detected::Skip(format!(
            "binary file ({}), not status data",
            binary_kind(bytes)
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if matches!(extension.as_str(), "jsonl" | "ndjson") {
        return Detected::Skip(
            "JSON Lines (a JSON document per line), which Candor does not read; save each \
             Statuspage document as its own .json file"
                .into(),
        );
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return match detect_json(text) {
            Detected::Data(Format::UptimeKumaHeartbeat) => kuma_heartbeat_detected(path),
            detected => detected,
        };
    }
    if candor_sources::statuspage_atom::looks_like(text) {
        return Detected::Data(Format::StatuspageAtom);
    }
    let markdown = matches!(extension.as_str(), "md" | "markdown");
    // Front matter never closed is read (with a warning) in Markdown files only: elsewhere a
    // leading `---` is more likely a YAML document's.
    let front = cstate::front_matter(text).filter(|f| f.unclosed.is_none() || markdown);
    if front.is_some() {
        return match cstate::looks_like_cstate(text) {
            Ok(true) => Detected::Data(Format::Cstate),
            Ok(false) => Detected::Skip(
                "Markdown whose front matter has none of cState's fields (severity, affected, resolved)".into(),
            ),
            Err(issue) => Detected::Broken(Format::Cstate, issue),
        };
    }
    if csv::looks_like_csv(text) {
        return Detected::Data(Format::Csv);
    }
    if extension == "csv" {
        return Detected::Broken(
            Format::Csv,
            Issue::error("the first line is not Candor's CSV header")
                .at(Some(1), None)
                .found(text.lines().next().unwrap_or("").trim())
                .allowed(csv::HEADER.join(",")),
        );
    }
    if extension == "json" {
        return Detected::Broken(
            Format::Statuspage,
            Issue::error("a .json file that does not hold a JSON object or array")
                .at(Some(1), Some(1)),
        );
    }
    if matches!(extension.as_str(), "yml" | "yaml") && path.with_file_name("summary.json").is_file()
    {
        return Detected::Skip(
            "an Upptime site's history: its `startTime` is read with the summary.json beside it"
                .into(),
        );
    }
    let upper = name.to_ascii_uppercase();
    let what = if [
        "README",
        "LICENSE",
        "LICENCE",
        "COPYING",
        "NOTICE",
        "CHANGELOG",
        "AUTHORS",
    ]
    .iter()
    .any(|doc| upper.starts_with(doc))
    {
        "documentation"
    } else {
        "text in no format Candor reads"
    };
    Detected::Skip(format!("{what}, not status data"))
}

fn detect_json(text: &str) -> Detected {
    // What report-gen itself writes, left among the inputs, is output, not input.
    let keys = top_level_keys(text);
    let has = |key: &str| keys.iter().any(|k| k == key);
    if has("version") && has("generated_at") && has("components") {
        return Detected::Skip(
            "a Candor feed (what `report-gen feed` writes), not input data".into(),
        );
    }
    if has("definitions") && has("uptime_weights") {
        return Detected::Skip(
            "a Candor post's facts.json (what `report-gen post` writes), not input data".into(),
        );
    }
    match candor_sources::statuspage::detect(text) {
        Ok(Some(_)) => return Detected::Data(Format::Statuspage),
        Ok(None) => {}
        Err(err) => {
            return Detected::Broken(Format::Statuspage, statuspage::issue_of(&err));
        }
    }
    if upptime::looks_like_upptime(text) {
        return Detected::Data(Format::Upptime);
    }
    if let Some(vendor) = candor_sources::detect::json(text) {
        use candor_sources::detect::Vendor;
        return Detected::Data(match vendor {
            Vendor::Instatus => Format::Instatus,
            Vendor::UptimeKuma => Format::UptimeKuma,
            Vendor::UptimeKumaHeartbeat => Format::UptimeKumaHeartbeat,
            Vendor::BetterStack => Format::BetterStack,
            Vendor::Cachet => Format::Cachet,
            Vendor::Gatus => Format::Gatus,
            Vendor::StatuspageManage => Format::StatuspageManage,
            Vendor::OpenStatus => Format::Openstatus,
            Vendor::IncidentIo => Format::IncidentIo,
        });
    }
    Detected::Skip(
        "JSON, but neither a Statuspage API v2 document (`page` with `incidents`, `incident`, \
         `components` or `scheduled_maintenances`) nor an Upptime history/summary.json"
            .into(),
    )
}

/// The Uptime Kuma status pages and heartbeat lists in a file's folder, each with its text,
/// in name order: a page is read with the heartbeat list beside it
/// ([`candor_sources::uptime_kuma::pair`]).
type Documents = Vec<(PathBuf, String)>;
fn kuma_folder(path: &Path) -> (Documents, Documents) {
    use candor_sources::detect::Vendor;
    let (mut pages, mut beats) = (Vec::new(), Vec::new());
    let mut siblings: Vec<PathBuf> = (path.parent().and_then(|dir| std::fs::read_dir(dir).ok()))
        .into_iter()
        .flatten()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        })
        .collect();
    siblings.sort();
    for sibling in siblings {
        let Ok(text) = std::fs::read_to_string(&sibling) else {
            continue;
        };
        match candor_sources::detect::json(&text) {
            Some(Vendor::UptimeKuma) => pages.push((sibling, text)),
            Some(Vendor::UptimeKumaHeartbeat) => beats.push((sibling, text)),
            _ => {}
        }
    }
    (pages, beats)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned())
}

/// The heartbeat list that goes with the Uptime Kuma status page in `path`, if any.
fn kuma_heartbeat_of(path: &Path, page: &str) -> Option<String> {
    let (_, beats) = kuma_folder(path);
    let names: Vec<String> = beats.iter().map(|(p, _)| file_name(p)).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let slug = candor_sources::uptime_kuma::slug(page);
    let chosen = candor_sources::uptime_kuma::pair(slug.as_deref(), &names)?;
    beats
        .into_iter()
        .find(|(p, _)| file_name(p) == chosen)
        .map(|(_, text)| text)
}

/// A heartbeat list is read with the status page it goes with, or alone without one.
fn kuma_heartbeat_detected(path: &Path) -> Detected {
    let (pages, beats) = kuma_folder(path);
    let names: Vec<String> = beats.iter().map(|(p, _)| file_name(p)).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let own = file_name(path);
    for (page, text) in &pages {
        let slug = candor_sources::uptime_kuma::slug(text);
        if candor_sources::uptime_kuma::pair(slug.as_deref(), &names) == Some(own.as_str()) {
            return Detected::Skip(format!(
                "an Uptime Kuma heartbeat list: read with the status page {} beside it",
                file_name(page)
            ));
        }
    }
    Detected::Data(Format::UptimeKumaHeartbeat)
}

/// The keys of a JSON object, in order; none for anything else.
fn top_level_keys(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let Ok(mut r) = candor_sources::json::Reader::new(text.as_bytes()) else {
        return keys;
    };
    if r.found() != "an object" {
        return keys;
    }
    let read = r.object(&mut |r, key| {
        keys.push(key.to_string());
        r.skip()
    });
    if read.is_err() {
        keys.clear();
    }
    keys
}

fn binary_kind(bytes: &[u8]) -> &'static str {
    const SIGNATURES: [(&[u8], &str); 6] = [
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"RIFF", "WebP image"),
        (b"%PDF", "PDF"),
        (b"PK\x03\x04", "zip archive"),
    ];
    SIGNATURES
        .iter()
        .find(|(sig, _)| bytes.starts_with(sig))
        .map_or("not UTF-8 text", |(_, kind)| kind)
}

/// Puts the files' datasets together. Statuspage documents of the same page are snapshots that
/// overlap (summary.json and incidents.json both carry the unresolved incidents): they are
/// merged, the most recent version of each record winning, and the merged page's incidents
/// offered to `sink`. Any other incident or maintenance id seen twice is an error in the later
/// file (the incidents a sink dropped included); the first one is kept.
fn combine(
    mut files: Vec<(PathBuf, Parsed)>,
    sink: &mut dyn Sink,
    report: &mut ImportReport,
) -> Dataset {
    let repeated_incidents = repeated_ids(&files, Parsed::incident_ids);
    let repeated_maintenances = repeated_ids(&files, |parsed| {
        (parsed.dataset.maintenances.iter().enumerate()).map(|(k, m)| (m.id.as_str(), k))
    });
    // Reported file by file in reading order, a file's incidents before its maintenances.
    let mut reported: Vec<(bool, &Repeated)> = repeated_incidents
        .iter()
        .map(|r| (false, r))
        .chain(repeated_maintenances.iter().map(|r| (true, r)))
        .collect();
    reported.sort_unstable_by_key(|(maintenance, r)| (r.file, *maintenance, r.record));
    // The kept incidents among the repeated ones, by their index in their file's dataset.
    let mut kept_incidents: Vec<Repeated> = Vec::new();
    for (maintenance, r) in reported {
        let parsed = &files[r.file].1;
        let (what, id, line) = if maintenance {
            let id = parsed.dataset.maintenances[r.record].id.as_str();
            ("maintenance", id, None)
        } else {
            match parsed.dropped.find(r.record) {
                Some(k) => ("incident", parsed.dropped.id(k), parsed.dropped.line(k)),
                None => {
                    let k = r.record - parsed.dropped.before(r.record);
                    kept_incidents.push(Repeated { record: k, ..*r });
                    let id = &*parsed.dataset.incidents[k].id;
                    ("incident", id, parsed.lines.get(k))
                }
            }
        };
        let issue = Issue::error(format!(
            "{what} id `{id}` is already used in {}; ids must be unique",
            files[r.first_file].0.display()
        ))
        .at(line, None)
        .field("id")
        .found(id);
        report.push(&files[r.file].0, issue);
    }
    drop_records(&mut files, &kept_incidents, |d| &mut d.incidents);
    drop_records(&mut files, &repeated_maintenances, |d| &mut d.maintenances);

    let mut pages: Vec<(String, PageSnapshots)> = Vec::new();
    let mut others: Vec<Dataset> = Vec::new();
    let mut order: Vec<Unit> = Vec::new();

    let mut page_files: Vec<PageFiles> = Vec::new();
    for (path, parsed) in files {
        match parsed.snapshot {
            Some(snapshot) => match pages.iter_mut().position(|(id, _)| *id == snapshot.page_id) {
                Some(i) => {
                    page_files[i].files.push(path);
                    if page_files[i].name.is_none() {
                        page_files[i].name = parsed.dataset.page.name.clone();
                    }
                    pages[i].1.push((snapshot.updated_at, parsed.dataset));
                }
                None => {
                    order.push(Unit::Page(pages.len()));
                    page_files.push(PageFiles {
                        id: snapshot.page_id.clone(),
                        name: parsed.dataset.page.name.clone(),
                        files: vec![path],
                    });
                    pages.push((
                        snapshot.page_id,
                        vec![(snapshot.updated_at, parsed.dataset)],
                    ));
                }
            },
            None => {
                order.push(Unit::Other(others.len()));
                others.push(parsed.dataset);
            }
        }
    }

    if page_files.len() > 1 {
        for page in &page_files {
            let issue = Issue::warning(format!(
                "documents of {} Statuspage pages are in the input; this is {page}. Say which \
                 page this is with `[page] statuspage_id = \"...\"` in candor.toml: feed, post, \
                 badge and serve refuse to merge pages",
                page_files.len()
            ));
            report.push(&page.files[0], issue);
        }
        report.pages = page_files;
    }
    let mut merged_pages: Vec<Option<Dataset>> = pages
        .into_iter()
        .map(|(_, mut snapshots)| {
            // Oldest first, so that the newest snapshot's view of a record wins. Stable: files
            // without a time keep their sorted order.
            snapshots.sort_by_key(|(at, _)| *at);
            let mut merged =
                candor_sources::statuspage::merge_all(snapshots.into_iter().map(|(_, data)| data));
            merged.incidents.retain(|incident| sink.keep(incident));
            Some(merged)
        })
        .collect();
    let mut others: Vec<Option<Dataset>> = others.into_iter().map(Some).collect();
    let mut all = Dataset::default();
    for unit in order {
        let data = match unit {
            Unit::Page(i) => merged_pages[i].take(),
            Unit::Other(i) => others[i].take(),
        };
        if let Some(data) = data {
            all.extend(data);
        }
    }
    all
}

/// The documents of one Statuspage page, each with the time its page was last updated.
type PageSnapshots = Vec<(Option<DateTime<Utc>>, Dataset)>;

enum Unit {
    Page(usize),
    Other(usize),
}

/// A record whose id an earlier record already has (outside the overlap of one Statuspage
/// page's snapshots).
#[derive(Debug, Clone, Copy)]
struct Repeated {
    file: usize,
    /// Its place among the file's records as read.
    record: usize,
    /// The file of the record that keeps the id.
    first_file: usize,
}

/// The records that repeat an earlier record's id, given each file's ids with their places as
/// read (in any order). The first record with an id keeps it; a later one is allowed only when
/// both come from the same Statuspage page.
fn repeated_ids<'a, I>(
    files: &'a [(PathBuf, Parsed)],
    ids: impl Fn(&'a Parsed) -> I,
) -> Vec<Repeated>
where
    I: Iterator<Item = (&'a str, usize)>,
{
    let mut entries: Vec<(&str, usize, usize)> = Vec::new();
    for (file, (_, parsed)) in files.iter().enumerate() {
        entries.extend(ids(parsed).map(|(id, record)| (id, file, record)));
    }
    entries.sort_unstable();
    let page = |file: usize| files[file].1.snapshot.as_ref().map(|s| &s.page_id);
    let mut repeated = Vec::new();
    for run in entries.chunk_by(|a, b| a.0 == b.0) {
        let first_file = run[0].1;
        let first_page = page(first_file);
        for &(_, file, record) in &run[1..] {
            let same_page = first_page.is_some() && page(file) == first_page;
            if !same_page {
                repeated.push(Repeated {
                    file,
                    record,
                    first_file,
                });
            }
        }
    }
    repeated
}

/// Removes the repeated records from their files, in place.
fn drop_records<T>(
    files: &mut [(PathBuf, Parsed)],
    repeated: &[Repeated],
    records: impl Fn(&mut Dataset) -> &mut Vec<T>,
) {
    let mut by_file: Vec<(usize, usize)> = repeated.iter().map(|r| (r.file, r.record)).collect();
    by_file.sort_unstable();
    for run in by_file.chunk_by(|a, b| a.0 == b.0) {
        let list = records(&mut files[run[0].0].1.dataset);
        let mut index = 0;
        let mut next = run.iter().map(|&(_, record)| record).peekable();
        list.retain(|_| {
            let keep = next.peek() != Some(&index);
            if !keep {
                next.next();
            }
            index += 1;
            keep
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candor_core::Incident;

    /// A sink that keeps the incidents starting in August 2026.
    struct August;

    impl Sink for August {
        fn keep(&mut self, incident: &Incident) -> bool {
            let august = "2026-08-01T00:00:00Z"
                .parse::<DateTime<Utc>>()
                .expect("instant")
                ..="2026-08-31T23:59:59Z".parse().expect("instant");
            august.contains(&incident.start)
        }
    }

    /// `files` written into a temporary folder, imported keeping all and into [`August`].
    fn imported_both_ways(
        files: &[(&str, &str)],
    ) -> ((Dataset, ImportReport), (Dataset, ImportReport)) {
        let dir = tempfile::tempdir().expect("temporary folder");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("written");
        }
        let inputs = [dir.path().to_path_buf()];
        let options = ImportOptions {
            naive_zone: chrono_tz::UTC,
        };
        (
            import(&inputs, &options),
            import_page(&inputs, &options, &mut August, None),
        )
    }

    const HEAD: &str = "id,title,impact,started_at,resolved_at,components,cause,url\n";

    fn row(id: &str, start: &str) -> String {
        format!("{id},X,minor,{start},{start},api,,\n")
    }

    #[test]
    fn an_id_used_again_is_reported_alike_whichever_of_its_records_were_dropped() {
        let (july, august) = ("2026-07-01T00:00:00Z", "2026-08-05T00:00:00Z");
        for (a, b) in [
            // Dropped first, then kept; kept, then dropped; both dropped, in two files.
            (
                format!("{HEAD}{}", row("x", july)),
                format!("{HEAD}{}", row("x", august)),
            ),
            (
                format!("{HEAD}{}", row("x", august)),
                format!("{HEAD}{}", row("x", july)),
            ),
            (
                format!("{HEAD}{}{}", row("y", august), row("x", july)),
                format!("{HEAD}{}", row("x", july)),
            ),
            // In one file, among kept and dropped ones: each repeat with its line.
            (
                format!(
                    "{HEAD}{}{}{}{}{}",
                    row("x", july),
                    row("y", august),
                    row("x", august),
                    row("z", july),
                    row("y", july)
                ),
                format!("{HEAD}{}", row("z", august)),
            ),
        ] {
            let ((_, report), (_, sunk_report)) =
                imported_both_ways(&[("a.csv", &a), ("b.csv", &b)]);
            assert!(report.has_errors());
            assert_eq!(sunk_report, report);
        }
    }

    #[test]
    fn ids_repeated_in_a_cstate_file_and_a_csv_file_are_reported_alike() {
        let cstate = "---\ntitle: Down\ndate: 2026-07-01T00:00:00Z\nresolved: true\nresolvedWhen: 2026-07-01T01:00:00Z\nseverity: down\naffected:\n  - api\n---\nBody\n";
        let ((data, report), (sunk, sunk_report)) = imported_both_ways(&[
            ("down.md", cstate),
            (
                "z.csv",
                &format!("{HEAD}{}", row("x", "2026-08-05T00:00:00Z")),
            ),
        ]);
        let cstate_id = data.incidents[0].id.to_string();
        assert_eq!(sunk.incidents.len(), 1);
        assert_eq!(sunk_report, report);
        let ((_, report), (_, sunk_report)) = imported_both_ways(&[
            ("down.md", cstate),
            (
                "z.csv",
                &format!("{HEAD}{}", row(&cstate_id, "2026-08-05T00:00:00Z")),
            ),
        ]);
        assert!(report.has_errors(), "{cstate_id} repeated");
        assert_eq!(sunk_report, report);
    }

    #[test]
    fn a_file_of_dropped_incidents_is_imported_not_failed() {
        // Naming no component: nothing is kept of the file.
        let a = format!(
            "{HEAD}t,X,minor,2026-07-01T00:00:00Z,2026-07-01T00:00:00Z,,,\nbad,X,huge,2026-07-01T00:00:00Z,,,,\n"
        );
        let ((_, report), (kept, sunk_report)) = imported_both_ways(&[("a.csv", &a)]);
        assert_eq!(sunk_report, report);
        assert!(kept.incidents.is_empty());
        assert!(matches!(
            report.files[0].outcome,
            Outcome::Imported { incidents: 1, .. }
        ));
    }

    #[test]
    fn dropped_ids_read_back_with_their_places_and_lines() {
        let mut dropped = Dropped::default();
        for (id, record, line) in [("a", 0, 2), ("bé", 3, 5), ("", 4, 6), ("c", 9, 12)] {
            dropped.push(id, record, Some(line));
        }
        let read: Vec<(&str, usize)> = dropped.iter().collect();
        assert_eq!(read, [("a", 0), ("bé", 3), ("", 4), ("c", 9)]);
        assert_eq!(
            (dropped.line(1), dropped.find(4), dropped.find(5)),
            (Some(5), Some(2), None)
        );
        assert_eq!(
            (dropped.before(0), dropped.before(4), dropped.before(10)),
            (0, 2, 4)
        );
    }

    #[test]
    fn kept_incidents_take_the_places_the_dropped_ones_left() {
        let text = format!(
            "{HEAD}{}{}{}{}{}",
            row("a", "2026-07-01T00:00:00Z"),
            row("b", "2026-08-02T00:00:00Z"),
            row("c", "2026-07-01T00:00:00Z"),
            row("d", "2026-07-01T00:00:00Z"),
            row("e", "2026-08-02T00:00:00Z"),
        );
        let parsed: Parsed = csv::import_with(&text, &mut August).into();
        let mut ids: Vec<(&str, usize)> = parsed.incident_ids().collect();
        ids.sort_unstable_by_key(|&(_, record)| record);
        assert_eq!(ids, [("a", 0), ("b", 1), ("c", 2), ("d", 3), ("e", 4)]);
        assert_eq!(parsed.lines.iter().collect::<Vec<_>>(), [3, 6]);
    }
}
