//! Incidents kept in a spreadsheet and exported as CSV (RFC 4180), one incident per row under
//! the header `id,title,impact,started_at,resolved_at,components,cause,url,postmortem`.
//!
//! Times are RFC 3339; `resolved_at` is empty while the incident is open; `components` are
//! separated by `;`; `cause` is `internal`, `external` or `unknown` (empty means unknown);
//! `postmortem` is where the incident's post-mortem is published (an http(s) address), empty
//! when it has none. Only the four first columns are required.
//! A bad row is reported with its line and field and left out; the other rows are kept.

use candor_core::text::{TextBuffer, TextRange};
use candor_core::{
    AffectedComponent, Cause, Component, Impact, Incident, Postmortem, Tallies, Tally, Text,
    UpdateStatus,
};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    end_before_start, id_hash, merge_into, overlong_title, title_too_long, Issue, Parsed,
    RecordLines, Severity, Tallying,
};
use crate::config::ruled_cause;

mod records;

use records::{Record, Records};

/// The hasher of the importer's lookups (titles, component lists): a row's lookup showed in
/// the profile with the standard SipHash; nothing here needs hashing resistant to crafted keys
/// (a file crafted to collide only makes its own import slower).
type FastHash = foldhash::fast::FixedState;

/// The columns, in the order Candor writes them. Files may order them differently.
pub const HEADER: [&str; 9] = [
    "id",
    "title",
    "impact",
    "started_at",
    "resolved_at",
    "components",
    "cause",
    "url",
    "postmortem",
];

/// Columns a row cannot do without.
const REQUIRED: [&str; 4] = ["id", "title", "impact", "started_at"];

/// True when the first line is a header naming Candor's required columns.
pub fn looks_like_csv(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("");
    let names: Vec<String> = first
        .split(',')
        .map(|f| f.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    REQUIRED.iter().all(|r| names.iter().any(|n| n == r))
}

pub fn import(text: &str) -> Parsed {
    import_tallying(text, None)
}

/// [`import`], keeping the incidents that lie outside `tallying`'s period only as tallies
/// (`Parsed::tallies`).
pub fn import_tallying(text: &str, tallying: Option<&Tallying<'_>>) -> Parsed {
    // One incident per line in the usual file: reserving for every line up front avoids
    // regrowing a vector of a million incidents (and holding two copies while it moves).
    let lines = text.as_bytes().iter().filter(|&&b| b == b'\n').count();
    import_from(text.as_bytes(), lines, tallying)
}

/// Reads CSV as it comes from `reader`, for files too large to hold whole next to what is read
/// from them. A leading byte order mark is passed over; rows that are not UTF-8 are errors.
/// `expected_rows` is room reserved up front (an estimate is fine: the list grows or shrinks).
pub fn import_reader(reader: impl std::io::Read, expected_rows: usize) -> Parsed {
    import_from(reader, expected_rows, None)
}

fn import_from(
    source: impl std::io::Read,
    expected_rows: usize,
    tallying: Option<&Tallying<'_>>,
) -> Parsed {
    let mut parsed = Parsed::default();
    let mut reader = Records::new(source);
    let Some(layout) = read_header(&mut reader, &mut parsed) else {
        return parsed;
    };
    let mut rows = Rows::with_capacity(expected_rows, tallying);
    rows.read(&mut reader, &layout, None);
    rows.into_parsed(parsed)
}

/// Reads a large CSV file on two threads: the first half from the start, the second from the
/// first line break after the middle. The second half counts only if the first, parsed from
/// the start as always, ends a record exactly there (a line break inside a quoted field is not
/// a record's end); otherwise the first thread reads on to the end and the second's work is
/// dropped. Either way the result is what [`import_reader`] returns for the same file: the
/// same incidents, lines, problems and components, in the same order (and, given
/// `tallying`, the same tallies).
pub fn import_file_halves(
    path: &std::path::Path,
    expected_rows: usize,
    tallying: Option<&Tallying<'_>>,
) -> std::io::Result<Parsed> {
    import_halves(path, expected_rows, BLOCK, tallying).map(|(parsed, _)| parsed)
}

/// [`import_file_halves`], and whether the second thread's half was used.
fn import_halves(
    path: &std::path::Path,
    expected_rows: usize,
    block: usize,
    tallying: Option<&Tallying<'_>>,
) -> std::io::Result<(Parsed, bool)> {
    use std::io::{Read, Seek, SeekFrom};
    let open = || std::fs::File::open(path);
    let mut file = open()?;
    let size = file.metadata()?.len();
    // The first line break after the middle; none in the next megabyte: one thread.
    let middle = size / 2;
    file.seek(SeekFrom::Start(middle))?;
    let mut window = Vec::new();
    (&mut file).take(1 << 20).read_to_end(&mut window)?;
    let split = window
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| middle + i as u64 + 1)
        .filter(|&split| split < size);
    file.rewind()?;
    let Some(split) = split else {
        return Ok((import_from(file, expected_rows, tallying), false));
    };

    // The header first: the second half reads its rows against the same columns.
    let mut parsed = Parsed::default();
    let mut reader = Records::new(file);
    let Some(layout) = read_header(&mut reader, &mut parsed) else {
        return Ok((parsed, false));
    };
    std::thread::scope(|scope| {
        let layout = &layout;
        let second = scope.spawn(move || -> std::io::Result<Rows> {
            let mut file = open()?;
            file.seek(SeekFrom::Start(split))?;
            let mut reader = Records::new(file);
            let mut rows = Rows::in_blocks(block, expected_rows / 2, tallying);
            rows.read(&mut reader, layout, None);
            Ok(rows)
        });
        let mut rows = Rows::with_capacity(expected_rows, tallying);
        let at_split = rows.read(&mut reader, layout, Some(split));
        let second = second.join();
        let halves = match (at_split, second) {
            (Some(line), Ok(Ok(second))) => {
                rows.append(second, line - 1);
                true
            }
            _ => {
                rows.read(&mut reader, layout, None);
                false
            }
        };
        Ok((rows.into_parsed(parsed), halves))
    })
}

/// How many incidents the second half keeps per block (6 MB or so).
const BLOCK: usize = 32 * 1024;

/// Where each of Candor's columns is in a file, from its header.
struct Layout {
    columns: [Option<usize>; HEADER.len()],
    /// How many fields the header has: every row must have as many.
    fields: usize,
}

/// Reads the header; `None` (with the problems in `parsed`) when it is not one Candor reads.
fn read_header<R: std::io::Read>(reader: &mut Records<R>, parsed: &mut Parsed) -> Option<Layout> {
    let header = match header_of(reader) {
        Ok(header) => header,
        Err(issue) => {
            parsed.issues.push(issue);
            return None;
        }
    };
    let mut columns: [Option<usize>; HEADER.len()] = [None; HEADER.len()];
    for (index, name) in header.iter().enumerate() {
        let name = name.trim().to_ascii_lowercase();
        match column_of(&name) {
            Some(c) if columns[c].is_none() => columns[c] = Some(index),
            Some(_) => parsed.issues.push(
                Issue::error("this column appears twice in the header")
                    .at(Some(1), None)
                    .field(name),
            ),
            None => parsed.issues.push(
                Issue::error(format!(
                    "unknown column in the header (column {})",
                    index + 1
                ))
                .at(Some(1), None)
                .found(name)
                .allowed(HEADER.join(", ")),
            ),
        }
    }
    for required in REQUIRED {
        if column_of(required).and_then(|c| columns[c]).is_none() {
            parsed.issues.push(
                Issue::error("the header lacks this column")
                    .at(Some(1), None)
                    .field(required)
                    .allowed(HEADER.join(",")),
            );
        }
    }
    if parsed.issues.iter().any(|i| i.severity == Severity::Error) {
        return None;
    }
    Some(Layout {
        columns,
        fields: header.len(),
    })
}

/// The header's names, or what the `csv` crate's `headers()` reported (every field UTF-8; an
/// empty file has a header without names).
fn header_of<R: std::io::Read>(reader: &mut Records<R>) -> Result<Vec<String>, Issue> {
    let record = match reader.next_record() {
        Ok(Some(record)) => record,
        Ok(None) => return Ok(Vec::new()),
        Err(err) => return Err(Issue::error(format!("not valid CSV: {err}"))),
    };
    let mut names = Vec::with_capacity(record.len());
    for (i, field) in record.fields().enumerate() {
        match std::str::from_utf8(field) {
            Ok(name) => names.push(name.to_string()),
            Err(_) => {
                let line = Some(record.line as usize);
                return Err(
                    Issue::error(format!("field {} is not UTF-8 text", i + 1)).at(line, None)
                );
            }
        }
    }
    Ok(names)
}

/// The rows read so far: incidents, the line of each, problems, components named.
struct Rows<'t> {
    incidents: Vec<Incident>,
    /// Set for the second half of a file: its incidents are kept in blocks of this many, so
    /// that moving them behind the first half's frees each block as it goes instead of holding
    /// a second copy of half the incidents until the end (90 MB at a million).
    block: Option<usize>,
    blocks: Vec<Vec<Incident>>,
    lines: RecordLines,
    issues: Vec<Issue>,
    /// The rows left out for their title's length, reported after the other problems, as
    /// `import::account` reports them for other formats.
    overlong: Vec<Issue>,
    /// The incidents' ids hashed for finding repeated ids (`import::combine`), here on the
    /// thread that read them, sorted at the end of each [`Rows::read`].
    id_hashes: Vec<u64>,
    components: ComponentsSeen,
    /// The texts (id, title, URL) of the rows read since the last [`Rows::flush`], and those
    /// rows: every [`TEXT_ROWS`] rows they become incidents whose texts share one buffer.
    texts: TextBuffer,
    staged: Vec<Staged>,
    titles: TitlesSeen,
    dates: LastDate,
    /// Given, the rows lying outside its period are kept only as `tallies` (and the hashes of
    /// their ids, sorted as `id_hashes` are).
    tallying: Option<&'t Tallying<'t>>,
    tallies: Tallies,
    tallied_id_hashes: Vec<u64>,
}

/// How many rows' texts share a buffer (60 to 90 KB of ids, titles and URLs).
const TEXT_ROWS: usize = 1024;

impl<'t> Rows<'t> {
    fn with_capacity(expected_rows: usize, tallying: Option<&'t Tallying<'t>>) -> Rows<'t> {
        let mut incidents = Vec::new();
        let mut tallies = Tallies::default();
        let mut tallied_id_hashes = Vec::new();
        // Only room: when it cannot be had up front, the list grows as rows come. Tallying,
        // most rows are expected to be tallied.
        match tallying {
            None => {
                let _ = incidents.try_reserve_exact(expected_rows);
            }
            Some(tallying) => {
                tallies = tallying.tallies();
                tallies.reserve(expected_rows);
                let _ = tallied_id_hashes.try_reserve_exact(expected_rows);
            }
        }
        Rows {
            incidents,
            block: None,
            blocks: Vec::new(),
            lines: RecordLines::default(),
            issues: Vec::new(),
            overlong: Vec::new(),
            id_hashes: Vec::with_capacity(if tallying.is_some() { 0 } else { expected_rows }),
            components: ComponentsSeen::default(),
            texts: TextBuffer::default(),
            staged: Vec::with_capacity(TEXT_ROWS),
            titles: TitlesSeen::default(),
            dates: LastDate::default(),
            tallying,
            tallies,
            tallied_id_hashes,
        }
    }

    fn in_blocks(
        block: usize,
        expected_rows: usize,
        tallying: Option<&'t Tallying<'t>>,
    ) -> Rows<'t> {
        let room = if tallying.is_some() {
            expected_rows
        } else {
            block
        };
        Rows {
            block: Some(block),
            ..Rows::with_capacity(room, tallying)
        }
    }

    fn push(&mut self, incident: Incident) {
        if let Some(block) = self.block {
            if self.incidents.len() == block {
                let full = std::mem::replace(&mut self.incidents, Vec::with_capacity(block));
                self.blocks.push(full);
            }
        }
        self.incidents.push(incident);
    }

    /// Makes incidents of the rows staged so far, their texts cut from one shared buffer.
    fn flush(&mut self) {
        if self.staged.is_empty() {
            return;
        }
        let texts = self.texts.finish();
        let mut staged = std::mem::take(&mut self.staged);
        for row in staged.drain(..) {
            let title = match row.title {
                StagedTitle::Seen(title) => title,
                StagedTitle::New(range) => {
                    let title = texts.text(range);
                    self.titles.remember(&title);
                    title
                }
            };
            self.push(Incident {
                id: texts.text(row.id),
                title,
                impact: row.impact,
                start: row.start,
                end: row.end,
                created_at: None,
                status: if row.end.is_some() {
                    UpdateStatus::Resolved
                } else {
                    UpdateStatus::Investigating
                },
                updates: Box::default(),
                components: row.components,
                cause: row.cause,
                url: row.url.map(|url| texts.text(url)),
                postmortem: row.postmortem,
            });
        }
        self.staged = staged;
    }

    /// Reads rows to the end, or, given `stop`, until the reader reaches that byte. Returns
    /// the line at which it stopped when it stopped exactly at `stop` (between two records).
    fn read<R: std::io::Read>(
        &mut self,
        reader: &mut Records<R>,
        layout: &Layout,
        stop: Option<u64>,
    ) -> Option<usize> {
        let stopped = self.read_rows(reader, layout, stop);
        self.flush();
        self.id_hashes.sort_unstable();
        self.tallied_id_hashes.sort_unstable();
        stopped
    }

    fn read_rows<R: std::io::Read>(
        &mut self,
        reader: &mut Records<R>,
        layout: &Layout,
        stop: Option<u64>,
    ) -> Option<usize> {
        loop {
            if let Some(stop) = stop {
                let (byte, line) = reader.position();
                if byte >= stop {
                    return (byte == stop).then_some(line as usize);
                }
            }
            match reader.next_record() {
                Ok(Some(record)) => self.row(&record, layout),
                Ok(None) => return None,
                // What the `csv` crate reported; it read no further.
                Err(err) => {
                    self.issues
                        .push(Issue::error(format!("not valid CSV: {err}")));
                    return None;
                }
            }
        }
    }

    fn row(&mut self, record: &Record, layout: &Layout) {
        let line = Some(record.line as usize);
        if record.fields().all(|f| f.trim_ascii().is_empty()) {
            return;
        }
        // A quote never closed takes the rest of the file into one field: the row then has
        // too few fields, the last holding the commas (and line ends) of what followed.
        let last = record.fields().last().unwrap_or_default();
        if record.len() < layout.fields && last.contains(&b',') {
            self.issues.push(
                Issue::error(format!(
                    "a quote (\") opened in field {} is never closed: the rest of the file was \
                     read into that field; close it, and write a quote inside a field as \"\"",
                    record.len()
                ))
                .at(line, None),
            );
            return;
        }
        if record.len() != layout.fields {
            self.issues.push(
                Issue::error(format!(
                    "this row has {} fields; the header has {}",
                    record.len(),
                    layout.fields
                ))
                .at(line, None),
            );
            return;
        }
        // Checked once per record rather than once per field. A row is refused when its
        // fields, one after the other, are not UTF-8 (a field that is not alone but is with
        // the next reads as empty): a line split where it stands is checked whole, commas and
        // all, which is the same when it is UTF-8; the rare line that is not is checked again
        // as its fields joined.
        let joined;
        let (text, bounds) = match std::str::from_utf8(record.bytes) {
            Ok(text) => (text, record.bounds),
            Err(_) => {
                joined = record.joined();
                match std::str::from_utf8(&joined.0) {
                    Ok(text) => (text, &joined.1[..]),
                    Err(_) => {
                        self.issues.push(
                            Issue::error("this row is not UTF-8 text; save the file as UTF-8")
                                .at(line, None)
                                .allowed("UTF-8 text (spreadsheets: \"CSV UTF-8\")"),
                        );
                        return;
                    }
                }
            }
        };
        let row = Row {
            fields: layout.columns.map(|column| {
                column
                    .and_then(|i| bounds.get(i).cloned())
                    .and_then(|range| text.get(range))
                    .map_or("", trim)
            }),
            columns: &layout.columns,
            line,
        };
        let mut values = match row.read(&mut self.components, &mut self.dates) {
            Ok(values) => values,
            Err(issue) => return self.issues.push(issue),
        };
        if let Some(repair) = values.repair.take() {
            self.issues.push(repair);
        }
        if let Some(warning) = values.bad_postmortem.take() {
            self.issues.push(warning);
        }
        if let Some(tallying) = self.tallying {
            if self.tallies.may_tally(values.start, values.end) && !tallying.corrects(values.id) {
                return self.tally(&row, values, tallying);
            }
        }
        if self.staged.len() == TEXT_ROWS || !self.texts.has_room_for(text) {
            self.flush();
        }
        match row.stage(values, &mut self.titles, &mut self.texts) {
            Ok(_) if title_too_long(row.get("title")) => {
                let issue = overlong_title("incident", row.get("id"), row.get("title"), line);
                self.overlong.push(issue);
            }
            Ok(incident) => {
                self.staged.push(incident);
                self.id_hashes.push(id_hash(row.get("id")));
                if let Some(line) = line {
                    self.lines.push(line);
                }
            }
            Err(issue) => self.issues.push(issue),
        }
    }

    /// Keeps a row that lies outside the period only as its tally, with the problems a kept
    /// row would have in the order it would have them: texts too long for a text buffer, then
    /// an overlong title. The cause rules give its cause now, as `Config::apply` gives the
    /// kept incidents theirs.
    fn tally(&mut self, row: &Row<'_>, values: Values<'_>, tallying: &Tallying<'_>) {
        let texts = values.id.len() + values.title.len() + values.url.map_or(0, str::len);
        if texts > TextBuffer::MAX {
            return self.issues.push(row.too_long());
        }
        if title_too_long(values.title) {
            let issue = overlong_title("incident", values.id, values.title, row.line);
            return self.overlong.push(issue);
        }
        let cause = match values.cause {
            Cause::Unknown => ruled_cause(tallying.causes, std::iter::once(values.title)),
            cause => cause,
        };
        let tally = Tally {
            start: values.start,
            impact: values.impact,
            cause,
        };
        // `may_tally` holds: a tallied incident has an end.
        let end = values.end.unwrap_or(values.start);
        self.tallies.push(tally, end);
        self.tallied_id_hashes.push(id_hash(values.id));
    }

    /// Appends the rows read after these, whose lines were counted from 1 where `lines_before`
    /// lines of the file had already passed.
    fn append(&mut self, after: Rows, lines_before: usize) {
        for block in after.blocks.into_iter().chain([after.incidents]) {
            self.incidents.extend(block);
        }
        self.lines.append(&after.lines, lines_before);
        let moved_on = |mut issue: Issue| {
            issue.line = issue.line.map(|line| line + lines_before);
            issue
        };
        self.issues.extend(after.issues.into_iter().map(moved_on));
        self.overlong
            .extend(after.overlong.into_iter().map(moved_on));
        merge_into(&mut self.id_hashes, &after.id_hashes);
        merge_into(&mut self.tallied_id_hashes, &after.tallied_id_hashes);
        self.tallies.append(after.tallies);
        for id in &after.components.in_order {
            self.components.intern(id);
        }
    }

    fn into_parsed(mut self, mut parsed: Parsed) -> Parsed {
        if !self.blocks.is_empty() {
            let last = std::mem::take(&mut self.incidents);
            let blocks = std::mem::take(&mut self.blocks);
            self.incidents = blocks.into_iter().flatten().chain(last).collect();
        }
        self.incidents.shrink_to_fit();
        parsed.dataset.incidents = self.incidents;
        parsed.lines = self.lines;
        parsed.issues.extend(self.issues);
        parsed.issues.extend(self.overlong);
        parsed.titles_checked = true;
        parsed.id_hashes = Some(self.id_hashes);
        self.tallies.shrink_to_fit();
        parsed.tallies = self.tallies;
        parsed.tallied_id_hashes = self.tallied_id_hashes;
        parsed.dataset.components = self
            .components
            .in_order
            .into_iter()
            .map(|name| Component::named(&*name, &*name))
            .collect();
        parsed
    }
}

/// A row read, waiting for its texts' buffer to be complete.
struct Staged {
    id: TextRange,
    title: StagedTitle,
    url: Option<TextRange>,
    impact: Impact,
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    cause: Cause,
    components: Arc<[AffectedComponent]>,
    postmortem: Option<Box<Postmortem>>,
}

/// A row's title: one already read (shared), or new, in the buffer being filled.
enum StagedTitle {
    Seen(Text),
    New(TextRange),
}

/// Titles read before, shared by the rows that repeat them: many histories name incidents from
/// a short list ("Elevated error rates for API"). Up to [`TitlesSeen::MAX`] titles are kept;
/// where titles turn out not to repeat, looking them up stops.
#[derive(Default)]
struct TitlesSeen {
    known: HashSet<Text, FastHash>,
    looked_up: usize,
    found: usize,
}

impl TitlesSeen {
    const MAX: usize = 4096;

    /// Whether looking titles up still pays: after 8,192 rows, at least one in four repeats.
    fn worth_it(&self) -> bool {
        self.looked_up < 8192 || self.found * 4 >= self.looked_up
    }

    fn find(&mut self, title: &str) -> Option<Text> {
        if !self.worth_it() {
            return None;
        }
        self.looked_up += 1;
        let found = self.known.get(title).cloned();
        self.found += usize::from(found.is_some());
        found
    }

    fn remember(&mut self, title: &Text) {
        if self.known.len() < Self::MAX && self.worth_it() {
            self.known.insert(title.clone());
        }
    }
}

/// The components rows name, in the order first named, each id held once and shared by every
/// incident that names it; the set beside the list keeps this linear when a file names
/// thousands. Likewise each `components` field: rows that write the same one share one list.
#[derive(Default)]
struct ComponentsSeen {
    in_order: Vec<Arc<str>>,
    set: HashSet<Arc<str>, FastHash>,
    /// The first fields seen, searched in order; the map holds the first [`TitlesSeen::MAX`]
    /// (a file whose rows each name other components builds each row its own list).
    lists: Vec<(Box<str>, Arc<[AffectedComponent]>)>,
    list_of: HashMap<Box<str>, Arc<[AffectedComponent]>, FastHash>,
}

impl ComponentsSeen {
    /// How many fields (or ids) are compared one by one before hashing takes over.
    const FEW: usize = 16;

    /// The list a `components` field names (`;`-separated, trimmed, empty parts left out).
    fn list(&mut self, field: &str) -> Arc<[AffectedComponent]> {
        if let Some((_, list)) = self.lists.iter().find(|(f, _)| **f == *field) {
            return Arc::clone(list);
        }
        if self.lists.len() == Self::FEW {
            if let Some(list) = self.list_of.get(field) {
                return Arc::clone(list);
            }
        }
        let list: Arc<[AffectedComponent]> = (field.split(';').map(str::trim))
            .filter(|c| !c.is_empty())
            .map(|c| AffectedComponent {
                component_id: self.intern(c),
                transitions: Vec::new(),
            })
            .collect();
        if self.lists.len() < Self::FEW {
            self.lists.push((field.into(), Arc::clone(&list)));
        }
        if self.list_of.len() < TitlesSeen::MAX {
            self.list_of.insert(field.into(), Arc::clone(&list));
        }
        list
    }

    /// The shared id, the same for every row naming it.
    fn intern(&mut self, id: &str) -> Arc<str> {
        // A page has a handful of components: comparing with each is cheaper than hashing.
        if self.in_order.len() <= Self::FEW {
            if let Some(shared) = self.in_order.iter().find(|c| ***c == *id) {
                return Arc::clone(shared);
            }
        } else if let Some(shared) = self.set.get(id) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(id);
        self.set.insert(Arc::clone(&shared));
        self.in_order.push(Arc::clone(&shared));
        shared
    }
}

/// `str::trim`, without its Unicode search for the usual field that starts and ends with an
/// ASCII character other than whitespace (it showed at a million rows).
#[inline]
fn trim(field: &str) -> &str {
    match (field.as_bytes().first(), field.as_bytes().last()) {
        (Some(a), Some(b)) if is_ascii_not_space(*a) && is_ascii_not_space(*b) => field,
        _ => field.trim(),
    }
}

#[inline]
fn is_ascii_not_space(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_whitespace() && !b.is_ascii_control()
}

/// The position of a column in [`HEADER`]. A `match` rather than a search, so that a call with
/// a literal name (every field of every row) folds to its number.
#[inline]
fn column_of(name: &str) -> Option<usize> {
    match name {
        "id" => Some(0),
        "title" => Some(1),
        "impact" => Some(2),
        "started_at" => Some(3),
        "resolved_at" => Some(4),
        "components" => Some(5),
        "cause" => Some(6),
        "url" => Some(7),
        "postmortem" => Some(8),
        _ => None,
    }
}

struct Row<'a> {
    /// Each of Candor's columns in this row, trimmed (empty when the file has not the column):
    /// found once, not at each look.
    fields: [&'a str; HEADER.len()],
    columns: &'a [Option<usize>; HEADER.len()],
    line: Option<usize>,
}

impl Row<'_> {
    fn get(&self, name: &str) -> &str {
        column_of(name).map_or("", |c| self.fields[c])
    }

    /// An issue about one field of this row, with the column it is in.
    fn issue(&self, name: &str, message: &str) -> Issue {
        let column = column_of(name).and_then(|c| self.columns[c]).map(|i| i + 1);
        Issue::error(match column {
            Some(c) => format!("{message} (field {c})"),
            None => message.to_string(),
        })
        .at(self.line, None)
        .field(name)
    }

    fn time(&self, name: &str, dates: &mut LastDate) -> Result<Option<DateTime<Utc>>, Issue> {
        let value = self.get(name);
        if value.is_empty() {
            return Ok(None);
        }
        dates.parse(value).map(Some).ok_or_else(|| {
            self.issue(name, "not an RFC 3339 time")
                .found(value)
                .allowed("RFC 3339, e.g. 2026-08-14T09:30:00Z or 2026-08-14T11:30:00+02:00")
        })
    }

    /// The row's values, checked; its texts are not stored yet (a tallied row's never are).
    fn read(&self, seen: &mut ComponentsSeen, dates: &mut LastDate) -> Result<Values<'_>, Issue> {
        let id = self.get("id");
        if id.is_empty() {
            return Err(self.issue("id", "every incident needs an id"));
        }
        let title = self.get("title");
        if title.is_empty() {
            return Err(self.issue("title", "every incident needs a title"));
        }
        let impact = parse_impact(self.get("impact")).ok_or_else(|| {
            self.issue("impact", "not an impact")
                .found(self.get("impact"))
                .allowed("none, minor, major, critical")
        })?;
        let start = self
            .time("started_at", dates)?
            .ok_or_else(|| self.issue("started_at", "every incident needs a start"))?;
        let mut end = self.time("resolved_at", dates)?;
        let mut repair = None;
        if let Some(before) = end.filter(|end| *end < start) {
            repair = Some(end_before_start(
                id,
                "resolved_at",
                start,
                before,
                self.line,
            ));
            end = Some(start);
        }
        let cause = parse_cause(self.get("cause")).ok_or_else(|| {
            self.issue("cause", "not a cause")
                .found(self.get("cause").to_ascii_lowercase())
                .allowed("internal, external, unknown (or empty)")
        })?;
        let components = seen.list(self.get("components"));
        let url = Some(self.get("url")).filter(|u| !u.is_empty());
        let (postmortem, bad_postmortem) = match self.get("postmortem") {
            "" => (None, None),
            url if Postmortem::is_web_url(url) => (Some(Box::new(Postmortem::at(url))), None),
            url => (None, Some(self.bad_postmortem(id, url))),
        };
        Ok(Values {
            id,
            title,
            url,
            impact,
            start,
            end,
            cause,
            components,
            postmortem,
            repair,
            bad_postmortem,
        })
    }

    /// The warning for a `postmortem` that is no web address: the row is kept without it.
    fn bad_postmortem(&self, id: &str, url: &str) -> Issue {
        let message = format!(
            "not a web address: incident `{id}` is kept without its post-mortem; correct the \
             address or empty the field"
        );
        let mut issue = self.issue("postmortem", &message);
        issue.severity = Severity::Warning;
        issue
            .found(url)
            .allowed(Postmortem::URL_ALLOWED)
            .incident(id)
    }

    /// The error for a row whose texts do not fit in a text buffer.
    fn too_long(&self) -> Issue {
        Issue::error("this row is longer than 4 GB")
            .at(self.line, None)
            .allowed("rows under 4 GB")
    }

    /// The row's texts stored in `texts` (titles read before shared), for an incident kept.
    fn stage(
        &self,
        values: Values<'_>,
        titles: &mut TitlesSeen,
        texts: &mut TextBuffer,
    ) -> Result<Staged, Issue> {
        // The caller left room for the whole row; a row of 4 GB has none.
        let mut push = |text: &str| texts.push(text).ok_or_else(|| self.too_long());
        Ok(Staged {
            id: push(values.id)?,
            title: match titles.find(values.title) {
                Some(seen) => StagedTitle::Seen(seen),
                None => StagedTitle::New(push(values.title)?),
            },
            url: values.url.map(&mut push).transpose()?,
            impact: values.impact,
            start: values.start,
            end: values.end,
            cause: values.cause,
            components: values.components,
            postmortem: values.postmortem,
        })
    }
}

/// A row's values, read and checked.
struct Values<'r> {
    id: &'r str,
    title: &'r str,
    url: Option<&'r str>,
    impact: Impact,
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    cause: Cause,
    components: Arc<[AffectedComponent]>,
    postmortem: Option<Box<Postmortem>>,
    /// The warning for a repair made in reading the row (an end before the start).
    repair: Option<Issue>,
    /// The warning for a `postmortem` left out.
    bad_postmortem: Option<Issue>,
}

/// An RFC 3339 time. Spreadsheets export one shape, `2026-08-14T09:30:00Z`, which is read
/// directly (chrono's general parser showed in the profile at a million rows); every other
/// shape goes to chrono, so what is accepted, and as what, is unchanged.
pub fn parse_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    utc_seconds(s.as_bytes()).or_else(|| chrono_rfc3339(s))
}

fn chrono_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, seconds below 60 (a leap second goes to chrono).
fn utc_seconds(b: &[u8]) -> Option<DateTime<Utc>> {
    let (day, clock) = b.split_at_checked(10)?;
    at_clock(date_of(day)?, clock)
}

/// `YYYY-MM-DD`, a date that exists.
fn date_of(b: &[u8]) -> Option<NaiveDate> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = b else {
        return None;
    };
    let year = two_digits(y0, y1)? * 100 + two_digits(y2, y3)?;
    let (month, day) = (two_digits(m0, m1)?, two_digits(d0, d1)?);
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// `THH:MM:SSZ` on `date`, seconds below 60.
fn at_clock(date: NaiveDate, b: &[u8]) -> Option<DateTime<Utc>> {
    let &[b'T', h0, h1, b':', n0, n1, b':', s0, s1, b'Z'] = b else {
        return None;
    };
    let (hour, minute) = (two_digits(h0, h1)?, two_digits(n0, n1)?);
    let second = two_digits(s0, s1)?;
    if second >= 60 {
        return None;
    }
    Some(date.and_hms_opt(hour, minute, second)?.and_utc())
}

fn two_digits(a: u8, b: u8) -> Option<u32> {
    let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
    Some(digit(a)? * 10 + digit(b)?)
}

/// The date of the last time a [`Rows`] read, with the ten bytes it was read from: rows come
/// in order of their start and an incident mostly ends on the day it started, so most times
/// need only their clock read (the date's digits and `NaiveDate::from_ymd_opt` were a third of
/// reading a time).
#[derive(Default)]
struct LastDate(Option<([u8; 10], NaiveDate)>);

impl LastDate {
    /// What [`parse_rfc3339`] reads.
    fn parse(&mut self, s: &str) -> Option<DateTime<Utc>> {
        let Some((day, clock)) = s.as_bytes().split_at_checked(10) else {
            return parse_rfc3339(s);
        };
        let date = match self.0 {
            Some((last, date)) if last[..] == *day => Some(date),
            _ => date_of(day),
        };
        if let (Some(date), Ok(day)) = (date, <[u8; 10]>::try_from(day)) {
            self.0 = Some((day, date));
        }
        date.and_then(|date| at_clock(date, clock))
            .or_else(|| chrono_rfc3339(s))
    }
}

/// A cause, in any case, without lowering it into a new string first (an allocation per row).
fn parse_cause(s: &str) -> Option<Cause> {
    if s.is_empty() || s.eq_ignore_ascii_case("unknown") {
        Some(Cause::Unknown)
    } else if s.eq_ignore_ascii_case("internal") {
        Some(Cause::Internal)
    } else if s.eq_ignore_ascii_case("external") {
        Some(Cause::External)
    } else {
        None
    }
}

pub(crate) fn parse_impact(s: &str) -> Option<Impact> {
    // `trim`, not `str::trim`: this is asked once per row (`str::trim` showed in the profile).
    let s = trim(s);
    Impact::ALL
        .into_iter()
        .find(|i| i.as_str().eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "id,title,impact,started_at,resolved_at,components,cause,url\n";

    fn errors(p: &Parsed) -> Vec<String> {
        p.issues
            .iter()
            .map(|i| {
                format!(
                    "line {}: {} {}",
                    i.line.unwrap_or(0),
                    i.field.as_deref().unwrap_or("-"),
                    i.message
                )
            })
            .collect()
    }

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks() {
        let text = format!(
            "{HEAD}inc-1,\"Login fails, \"\"sometimes\"\"\nfor EU users\",major,2026-08-14T09:30:00+02:00,2026-08-14T10:00:00Z,\"API; Web\",external,https://example.com/1\n"
        );
        let p = import(&text);
        assert_eq!(errors(&p), Vec::<String>::new());
        let i = &p.dataset.incidents[0];
        assert_eq!(&*i.title, "Login fails, \"sometimes\"\nfor EU users");
        assert_eq!(i.impact, Impact::Major);
        assert_eq!(i.start.to_rfc3339(), "2026-08-14T07:30:00+00:00");
        assert_eq!(
            i.end.map(|e| e.to_rfc3339()).as_deref(),
            Some("2026-08-14T10:00:00+00:00")
        );
        assert_eq!(i.cause, Cause::External);
        let ids: Vec<_> = i.components.iter().map(|a| &*a.component_id).collect();
        assert_eq!(ids, ["API", "Web"]);
        assert_eq!(p.dataset.components.len(), 2);
    }

    #[test]
    fn an_empty_resolved_at_means_open() {
        let p = import(&format!("{HEAD}a,Slow,minor,2026-08-14T09:30:00Z,,,,\n"));
        let i = &p.dataset.incidents[0];
        assert!(i.is_open());
        assert_eq!(i.status, UpdateStatus::Investigating);
        assert_eq!(i.cause, Cause::Unknown);
        assert_eq!(i.url, None);
    }

    #[test]
    fn a_postmortem_column_gives_where_each_postmortem_is_published() {
        let text = "id,title,impact,started_at,resolved_at,postmortem\n\
                    a,Slow,minor,2026-08-14T09:30:00Z,2026-08-14T10:00:00Z,https://blog.example.com/a\n\
                    b,Down,major,2026-08-15T09:30:00Z,2026-08-15T10:00:00Z,\n\
                    c,Down,major,2026-08-16T09:30:00Z,2026-08-16T10:00:00Z,/blog/c\n\
                    d,Down,major,2026-08-17T09:30:00Z,2026-08-17T10:00:00Z,  https://blog.example.com/d  \n";
        let p = import(text);
        let postmortems: Vec<_> = (p.dataset.incidents.iter())
            .map(|i| (&*i.id, i.postmortem.as_ref().and_then(|p| p.url.as_deref())))
            .collect();
        assert_eq!(
            postmortems,
            [
                ("a", Some("https://blog.example.com/a")),
                ("b", None),
                ("c", None),
                ("d", Some("https://blog.example.com/d")),
            ]
        );
        assert_eq!(
            errors(&p),
            [
                "line 4: postmortem not a web address: incident `c` is kept without its \
              post-mortem; correct the address or empty the field (field 6)"
            ]
        );
        let warning = &p.issues[0];
        assert_eq!(warning.severity, Severity::Warning);
        assert_eq!(warning.found.as_deref(), Some("/blog/c"));
        assert_eq!(warning.incident.as_deref(), Some("c"));
    }

    #[test]
    fn a_file_without_the_postmortem_column_reads_as_before() {
        let p = import(&format!(
            "{HEAD}a,Slow,minor,2026-08-14T09:30:00Z,2026-08-14T10:00:00Z,,,https://x.test/a\n"
        ));
        assert_eq!(errors(&p), Vec::<String>::new());
        assert_eq!(p.dataset.incidents[0].postmortem, None);
    }

    #[test]
    fn bad_rows_are_reported_with_line_and_field_and_the_rest_kept() {
        let text = format!(
            "{HEAD}\
             ok,Fine,minor,2026-08-01T00:00:00Z,2026-08-01T01:00:00Z,,,\n\
             bad-impact,X,catastrophic,2026-08-02T00:00:00Z,,,,\n\
             bad-time,X,major,2026-08-03 00:00,,,,\n\
             backwards,X,major,2026-08-04T02:00:00Z,2026-08-04T01:00:00Z,,,\n\
             bad-cause,X,major,2026-08-05T00:00:00Z,,,partner,\n\
             short,X,major\n"
        );
        let p = import(&text);
        // The row ending before it starts is kept, as lasting no time, with a warning.
        assert_eq!(p.dataset.incidents.len(), 2);
        assert_eq!(
            p.dataset.incidents[1].end,
            Some(p.dataset.incidents[1].start)
        );
        assert_eq!(p.issues[2].severity, Severity::Warning);
        assert_eq!(
            errors(&p),
            [
                "line 3: impact not an impact (field 3)",
                "line 4: started_at not an RFC 3339 time (field 4)",
                "line 5: resolved_at incident `backwards` ends before it starts: counted as ending when it started; correct the data, or give its end in candor.toml (`[incidents.\"backwards\"]` `end = ...`)",
                "line 6: cause not a cause (field 7)",
                "line 7: - this row has 3 fields; the header has 8",
            ]
        );
        assert_eq!(p.issues[0].found.as_deref(), Some("catastrophic"));
        assert_eq!(
            p.issues[0].allowed.as_deref(),
            Some("none, minor, major, critical")
        );
    }

    #[test]
    fn overlong_titles_are_refused_after_the_other_problems_as_for_other_formats() {
        let long = "é".repeat(1_001);
        let just = "é".repeat(1_000);
        let text = format!(
            "{HEAD}\
             a,X,minor,2026-08-01T00:00:00Z,,,,\n\
             long,{long},minor,2026-08-01T00:00:00Z,,,,\n\
             bad,{long},huge,2026-08-01T00:00:00Z,,,,\n\
             just,{just},minor,2026-08-01T00:00:00Z,,,,\n\
             short,X\n\
             b,X,minor,2026-08-01T00:00:00Z,,,,\n"
        );
        let mut p = import(&text);
        let ids: Vec<&str> = p.dataset.incidents.iter().map(|i| &*i.id).collect();
        assert_eq!(ids, ["a", "just", "b"]);
        assert_eq!(p.lines.iter().collect::<Vec<_>>(), [2, 5, 7]);
        assert_eq!(
            errors(&p),
            [
                "line 4: impact not an impact (field 3)",
                "line 6: - this row has 2 fields; the header has 8",
                "line 3: title incident `long` has a title of 1001 characters",
            ]
        );
        assert_eq!(p.issues[2].found, Some(format!("{}…", "é".repeat(40))));
        // What `account` would have done finds nothing more to do.
        let before = outcome(&p);
        p.titles_checked = false;
        super::super::refuse_overlong_titles(&mut p);
        assert_eq!(outcome(&p), before);
    }

    #[test]
    fn line_numbers_count_line_breaks_inside_quotes() {
        let text = format!("{HEAD}a,\"two\nlines\",minor,2026-08-01T00:00:00Z,,,,\nb,X,huge,2026-08-01T00:00:00Z,,,,\n");
        let p = import(&text);
        assert_eq!(errors(&p), ["line 4: impact not an impact (field 3)"]);
    }

    fn chrono_reading(s: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn fields_are_trimmed_as_str_trim_does() {
        for field in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "\u{a0}a\u{3000}",
            "é",
            " é ",
            "\u{85}x",
            "x\u{1f}",
            "\u{b}x",
            "x\u{b}",
            "ab",
            "a b",
        ] {
            assert_eq!(trim(field), field.trim(), "{field:?}");
        }
    }

    #[test]
    fn a_file_naming_many_components_shares_each_id() {
        let mut text = HEAD.to_string();
        for n in 0..40 {
            text.push_str(&format!(
                "i{n},X,minor,2026-08-01T00:00:00Z,,c{};c0,,\n",
                n % 20
            ));
        }
        let p = import(&text);
        assert_eq!(p.dataset.components.len(), 20);
        let first = &p.dataset.incidents[0].components[0].component_id;
        for i in &p.dataset.incidents {
            assert!(Arc::ptr_eq(&i.components[1].component_id, first));
        }
        let c19: Vec<_> = (p.dataset.incidents.iter())
            .filter(|i| &*i.components[0].component_id == "c19")
            .map(|i| &i.components[0].component_id)
            .collect();
        assert!(c19.len() == 2 && Arc::ptr_eq(c19[0], c19[1]));
    }

    #[test]
    fn titles_read_as_written_whether_they_repeat_or_not() {
        // Unique titles first (looking up stops after a while), then repeated ones; and a file
        // of repeated titles from the start.
        let row = |n: usize, title: &str| format!("i{n},{title},minor,2026-08-01T00:00:00Z,,,,\n");
        let mut unique_first = HEAD.to_string();
        let mut repeated = HEAD.to_string();
        let mut titles = Vec::new();
        for n in 0..12_000 {
            let title = if n < 9_000 {
                format!("T{n}")
            } else {
                format!("R{}", n % 3)
            };
            unique_first.push_str(&row(n, &title));
            repeated.push_str(&row(n, &format!("R{}", n % 5)));
            titles.push(title);
        }
        let p = import(&unique_first);
        let read: Vec<&str> = p.dataset.incidents.iter().map(|i| &*i.title).collect();
        assert_eq!(read, titles);
        let p = import(&repeated);
        assert_eq!(p.dataset.incidents.len(), 12_000);
        for (n, i) in p.dataset.incidents.iter().enumerate() {
            assert_eq!(*i.title, format!("R{}", n % 5));
            assert_eq!(*i.id, format!("i{n}"));
        }
    }

    #[test]
    fn column_numbers_are_the_header_positions() {
        for (i, name) in HEADER.iter().enumerate() {
            assert_eq!(column_of(name), Some(i), "{name}");
        }
        assert_eq!(column_of("severity"), None);
    }

    #[test]
    fn rows_naming_a_component_share_one_id() {
        let p = import(&format!(
            "{HEAD}a,X,minor,2026-08-01T00:00:00Z,,API;Web,,\nb,Y,minor,2026-08-02T00:00:00Z,,API,,\n"
        ));
        let [a, b] = &p.dataset.incidents[..] else {
            panic!("two incidents: {:?}", p.issues);
        };
        assert!(std::sync::Arc::ptr_eq(
            &a.components[0].component_id,
            &b.components[0].component_id
        ));
        assert_eq!(&*b.components[0].component_id, "API");
        let ids: Vec<_> = p.dataset.components.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["API", "Web"]);
    }

    #[test]
    fn the_fast_time_path_reads_what_chrono_reads() {
        for s in [
            "2026-08-14T09:30:00Z",
            "2024-02-29T23:59:59Z",
            "2023-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-08-14T24:00:00Z",
            "2026-08-14T09:60:00Z",
            "2016-12-31T23:59:60Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2026-08-14t09:30:00z",
            "2026-08-14 09:30:00Z",
            "2026-08-14T09:30:00+02:00",
            "2026-08-14T09:30:00.5Z",
            "2026-8-14T09:30:00Z",
            "+2026-08-14T09:30:0Z",
        ] {
            assert_eq!(parse_rfc3339(s), chrono_reading(s), "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn two_sorted_lists_merge_into_one(
            mut a in proptest::collection::vec(0u64..20, 0..30),
            mut b in proptest::collection::vec(0u64..20, 0..30),
        ) {
            a.sort_unstable();
            b.sort_unstable();
            let mut both = [a.clone(), b.clone()].concat();
            both.sort_unstable();
            merge_into(&mut a, &b);
            proptest::prop_assert_eq!(a, both);
        }

        #[test]
        fn any_utc_time_of_the_exported_shape_reads_as_chrono_reads_it(
            y in 0u32..10_000, m in 0u32..14, d in 0u32..33,
            h in 0u32..26, n in 0u32..62, sec in 0u32..62,
        ) {
            let s = format!("{y:04}-{m:02}-{d:02}T{h:02}:{n:02}:{sec:02}Z");
            proptest::prop_assert_eq!(parse_rfc3339(&s), chrono_reading(&s));
        }

        #[test]
        fn times_read_after_others_read_as_alone(
            times in proptest::collection::vec(
                (0usize..4, 0u32..26, 0u32..62, 0usize..5), 1..40),
        ) {
            // Few dates, so that most follow their own; clocks and endings of every kind.
            let dates = ["2026-08-14", "2024-02-29", "2023-02-29", "2026-8-14-"];
            let endings = ["Z", "z", "+02:00", ".5Z", ""];
            let mut last = LastDate::default();
            for (date, hour, second, ending) in times {
                let s = format!(
                    "{}T{hour:02}:30:{second:02}{}",
                    dates[date], endings[ending]
                );
                proptest::prop_assert_eq!(last.parse(&s), parse_rfc3339(&s), "{}", s);
            }
        }
    }

    /// What a parse gives, in full, for comparing two parses.
    fn outcome(p: &Parsed) -> String {
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            p.dataset, p.lines, p.issues, p.kind, p.id_hashes
        )
    }

    fn halves_of(text: &str) -> (Parsed, bool) {
        halves_tallying(text, None)
    }

    fn halves_tallying(text: &str, tallying: Option<&Tallying<'_>>) -> (Parsed, bool) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("incidents.csv");
        std::fs::write(&path, text).expect("written");
        // Blocks of 7 incidents: the second half's blocks are exercised too.
        import_halves(&path, 10, 7, tallying).expect("read")
    }

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("test instant")
    }

    /// Cause rules as candor.toml writes them.
    fn cause_rules() -> Vec<crate::config::CauseRule> {
        let text = "[[causes]]\ncause = \"external\"\nkeywords = [\"AWS\"]\n\n[[causes]]\ncause = \"internal\"\nkeywords = [\"deploy\"]\n";
        let loaded = crate::config::parse("candor.toml".into(), text.into()).expect("valid");
        loaded.config.causes
    }

    /// August 2026, with `corrected` kept whole.
    fn august<'a>(causes: &'a [crate::config::CauseRule], corrected: Vec<&'a str>) -> Tallying<'a> {
        Tallying {
            from: t("2026-08-01T00:00:00Z"),
            to: t("2026-09-01T00:00:00Z"),
            corrected,
            causes,
        }
    }

    /// What the import keeps whole, and the tallies of the rest, from the import keeping all.
    fn split(all: &Parsed, tallying: &Tallying<'_>) -> (Vec<Incident>, Vec<Tally>) {
        let tallies = tallying.tallies();
        let (tallied, kept): (Vec<&Incident>, Vec<&Incident>) = all
            .dataset
            .incidents
            .iter()
            .partition(|i| tallies.may_tally(i.start, i.end) && !tallying.corrects(&i.id));
        let tally = |i: &&Incident| Tally {
            cause: crate::config::cause_by_rules(tallying.causes, i),
            ..Tally::of(i)
        };
        (
            kept.into_iter().cloned().collect(),
            tallied.iter().map(tally).collect(),
        )
    }

    /// Rows inside, across and outside August 2026, open ones, and bad ones among them.
    fn mixed_rows() -> String {
        let long = "x".repeat(1_001);
        let mut text = HEAD.to_string();
        for n in 0..300 {
            let (start, end) = [
                ("2026-07-10T00:00:00Z", "2026-07-10T01:00:00Z"),
                ("2026-07-31T23:00:00Z", "2026-08-01T00:00:00Z"),
                ("2026-07-31T23:00:00Z", "2026-07-31T23:59:59Z"),
                ("2026-08-15T00:00:00Z", "2026-08-15T01:00:00Z"),
                ("2026-08-31T23:59:59Z", "2026-09-02T00:00:00Z"),
                ("2026-09-01T00:00:00Z", "2026-09-01T00:00:00Z"),
                ("2025-01-01T00:00:00+14:00", "2025-01-01T01:00:00.5+14:00"),
                ("2024-05-05T00:00:00Z", ""),
            ][n % 8];
            let title = ["AWS outage", "Bad deploy", "Slow", "aws-ish"][n % 4];
            let cause = ["", "unknown", "external", "Internal"][n / 8 % 4];
            let comps = ["API", "Web;API", "", "DB"][n % 4];
            text.push_str(&format!(
                "i{n},{title},minor,{start},{end},\"{comps}\",{cause},u{n}\n"
            ));
            if n % 37 == 5 {
                text.push_str(&format!("bad{n},X,huge,{start},,,,\n"));
                text.push_str("short,X\n\n");
                text.push_str(&format!("long{n},{long},none,{start},{end},,,\n"));
            }
        }
        text
    }

    #[test]
    fn rows_outside_the_period_are_tallied_with_the_problems_of_all() {
        let causes = cause_rules();
        let tallying = august(&causes, vec!["i1", "i6"]);
        let text = mixed_rows();
        let all = import(&text);
        let parsed = import_tallying(&text, Some(&tallying));
        let (kept, tallied) = split(&all, &tallying);
        assert!(
            kept.len() > 100 && tallied.len() > 100,
            "{} {}",
            kept.len(),
            tallied.len()
        );
        assert_eq!(parsed.dataset.incidents, kept);
        assert_eq!(parsed.tallies.iter().collect::<Vec<_>>(), tallied);
        assert_eq!(parsed.issues, all.issues);
        assert_eq!(parsed.dataset.components, all.dataset.components);
        // The corrected ids are kept whole wherever they lie.
        assert!(parsed.dataset.incidents.iter().any(|i| i.id == "i6"));
        // Lines are those of the kept incidents; every id is hashed once.
        let kept_lines: Vec<usize> = (all.dataset.incidents.iter().zip(all.lines.iter()))
            .filter(|(i, _)| kept.iter().any(|k| k.id == i.id))
            .map(|(_, line)| line)
            .collect();
        assert_eq!(parsed.lines.iter().collect::<Vec<_>>(), kept_lines);
        let mut hashes = parsed.id_hashes.clone().expect("hashed");
        hashes.extend(&parsed.tallied_id_hashes);
        hashes.sort_unstable();
        assert_eq!(Some(hashes), all.id_hashes);
    }

    #[test]
    fn a_tallied_row_whose_title_is_too_long_is_refused_as_a_kept_one_is() {
        let long = "x".repeat(1_001);
        let text = format!("{HEAD}a,{long},minor,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,,,\n");
        let tallying = august(&[], Vec::new());
        let parsed = import_tallying(&text, Some(&tallying));
        assert!(parsed.tallies.is_empty() && parsed.dataset.incidents.is_empty());
        assert_eq!(parsed.issues, import(&text).issues);
    }

    #[test]
    fn two_halves_tally_what_one_pass_tallies() {
        let causes = cause_rules();
        let tallying = august(&causes, vec!["i9"]);
        let text = mixed_rows();
        let (halves, used) = halves_tallying(&text, Some(&tallying));
        assert!(used, "the line break after the middle ends a record");
        let one = import_tallying(&text, Some(&tallying));
        assert_eq!(outcome(&halves), outcome(&one));
        assert_eq!(halves.tallies, one.tallies);
        assert_eq!(halves.tallied_id_hashes, one.tallied_id_hashes);
    }

    #[test]
    fn two_halves_read_what_one_pass_reads() {
        let mut text = HEAD.to_string();
        for n in 0..400 {
            let comps = ["API", "Web;API", "", "DB"][n % 4];
            text.push_str(&format!(
                "i{n},\"Down, \"\"{n}\"\"\",major,2026-08-01T00:00:00Z,2026-08-01T01:00:00Z,\"{comps}\",,u{n}\n"
            ));
            if n % 97 == 5 {
                // Problems in both halves, with their lines.
                text.push_str(&format!("bad{n},X,huge,2026-08-01T00:00:00Z,,,,\n"));
                text.push_str("short,X\n\n");
                let long = "x".repeat(1_001);
                text.push_str(&format!("long{n},{long},none,2026-08-01T00:00:00Z,,,,\n"));
            }
        }
        let (halves, used) = halves_of(&text);
        assert!(used, "the line break after the middle ends a record");
        assert_eq!(outcome(&halves), outcome(&import(&text)));
        assert!(halves.issues.iter().any(|i| i.line > Some(300)));
    }

    #[test]
    fn a_line_break_inside_quotes_at_the_middle_falls_back_to_one_pass() {
        // One long quoted title spanning the middle of the file, holding line breaks that look
        // like rows.
        let fake_rows = "x,Y,major,2026-08-01T00:00:00Z,,,,\n".repeat(20);
        let text = format!(
            "{HEAD}a,A,minor,2026-08-01T00:00:00Z,,,,\nb,\"{}\",minor,2026-08-01T00:00:00Z,,,,\nc,C,minor,2026-08-02T00:00:00Z,,,,\n",
            fake_rows.replace('"', "\"\"")
        );
        let (halves, used) = halves_of(&text);
        assert!(!used);
        assert_eq!(outcome(&halves), outcome(&import(&text)));
        assert_eq!(halves.dataset.incidents.len(), 3);
    }

    #[test]
    fn columns_may_come_in_another_order_but_unknown_ones_are_refused() {
        let p = import("title,id,impact,started_at\nDown,x,critical,2026-08-01T00:00:00Z\n");
        assert_eq!(errors(&p), Vec::<String>::new());
        assert_eq!(p.dataset.incidents[0].id, "x");
        let p =
            import("id,title,impact,started_at,severity\nx,Down,critical,2026-08-01T00:00:00Z,1\n");
        assert_eq!(p.issues[0].found.as_deref(), Some("severity"));
        assert!(p.dataset.incidents.is_empty());
    }
}
