//! Incidents kept in a spreadsheet and exported as CSV (RFC 4180), one incident per row under
//! the header `id,title,impact,started_at,resolved_at,components,cause,url,postmortem`.
//!
//! Times are RFC 3339; `resolved_at` is empty while the incident is open; `components` are
//! separated by `;`; `cause` is `internal`, `external` or `unknown` (empty means unknown);
//! `postmortem` is where the incident's post-mortem is published (an http(s) address), empty
//! when it has none. Only the four first columns are required.
//! A bad row is reported with its line and field and left out; the other rows are kept.

#![allow(
    clippy::disallowed_types,
    reason = "read natively only (report-gen, feature `csv`): the size rules are the widget's wasm's"
)]

use candor_core::text::{TextBuffer, TextRange};
use candor_core::{
    AffectedComponent, Cause, Component, Impact, Incident, Postmortem, UpdateStatus,
};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use ::csv::ByteRecord;
use chrono::{DateTime, Utc};

use crate::repairs::{end_before_start, overlong_title, title_too_long};
use crate::{Dropped, Issue, KeepAll, RecordLines, Records, Severity, Sink};

/// The hasher of the importer's lookups (component ids and lists): a row's lookup showed in
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

pub fn import(text: &str) -> Records {
    import_with(text, &mut KeepAll)
}

/// [`import`], each row's incident offered to `sink` as it is read: `Records::dataset` holds
/// those it keeps, `Records::dropped` the ids of the others.
pub fn import_with(text: &str, sink: &mut dyn Sink) -> Records {
    // One incident per line in the usual file: reserving for every line up front avoids
    // regrowing a vector of a million incidents (and holding two copies while it moves).
    let lines = text.as_bytes().iter().filter(|&&b| b == b'\n').count();
    import_from(text.as_bytes(), lines, sink)
}

/// Reads CSV as it comes from `reader`, for files too large to hold whole next to what is read
/// from them: what [`import_with`] returns for the same text. A leading byte order mark is
/// passed over; rows that are not UTF-8 are errors. `expected_rows` is room reserved up front
/// (an estimate is fine: the list grows or shrinks).
pub fn import_reader(
    reader: impl std::io::Read,
    expected_rows: usize,
    sink: &mut dyn Sink,
) -> Records {
    import_from(reader, expected_rows, sink)
}

fn import_from(source: impl std::io::Read, expected_rows: usize, sink: &mut dyn Sink) -> Records {
    let mut parsed = Records::default();
    let mut source = source;
    // A byte order mark at the start is passed over (the `csv` crate would read it as part of
    // the first column's name).
    let mut head = [0u8; 3];
    let mut read = 0;
    while read < head.len() {
        match source.read(&mut head[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => {
                parsed
                    .issues
                    .push(Issue::error(format!("not valid CSV: {err}")));
                return parsed;
            }
        }
    }
    let head = match &head[..read] {
        b"\xef\xbb\xbf" => &[][..],
        head => head,
    };
    // Rows of any length are read, and refused with their line when their fields are not the
    // header's.
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(std::io::Read::chain(head, source));
    let mut record = ByteRecord::new();
    let Some(layout) = read_header(&mut reader, &mut record, &mut parsed) else {
        return parsed;
    };
    let mut rows = Rows::with_capacity(expected_rows, sink);
    rows.read(&mut reader, &mut record, &layout);
    rows.into_parsed(parsed)
}

/// Where each of Candor's columns is in a file, from its header.
struct Layout {
    columns: [Option<usize>; HEADER.len()],
    /// How many fields the header has: every row must have as many.
    fields: usize,
}

/// Reads the header; `None` (with the problems in `parsed`) when it is not one Candor reads.
fn read_header<R: std::io::Read>(
    reader: &mut ::csv::Reader<R>,
    record: &mut ByteRecord,
    parsed: &mut Records,
) -> Option<Layout> {
    let header = match header_of(reader, record) {
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
fn header_of<R: std::io::Read>(
    reader: &mut ::csv::Reader<R>,
    record: &mut ByteRecord,
) -> Result<Vec<String>, Issue> {
    match reader.read_byte_record(record) {
        Ok(true) => {}
        Ok(false) => return Ok(Vec::new()),
        Err(err) => return Err(Issue::error(format!("not valid CSV: {err}"))),
    }
    let mut names = Vec::with_capacity(record.len());
    for (i, field) in record.iter().enumerate() {
        match std::str::from_utf8(field) {
            Ok(name) => names.push(name.to_string()),
            Err(_) => {
                let line = Some(line_of(record));
                return Err(
                    Issue::error(format!("field {} is not UTF-8 text", i + 1)).at(line, None)
                );
            }
        }
    }
    Ok(names)
}

/// The line a record starts on (before any blank lines passed over), as the `csv` crate counts.
fn line_of(record: &ByteRecord) -> usize {
    record.position().map_or(0, |p| p.line() as usize)
}

/// The rows read so far: incidents, the line of each, problems, components named.
struct Rows<'s> {
    incidents: Vec<Incident>,
    lines: RecordLines,
    issues: Vec<Issue>,
    /// The rows left out for their title's length, reported after the other problems, as
    /// `import::account` reports them for other formats.
    overlong: Vec<Issue>,
    components: ComponentsSeen,
    /// The texts (id, title, URL) of the rows read since the last [`Rows::flush`], and those
    /// rows: every [`TEXT_ROWS`] rows they become incidents whose texts share one buffer.
    texts: TextBuffer,
    staged: Vec<Staged>,
    /// Where each incident goes as it is made; those it does not keep are `dropped`.
    sink: &'s mut dyn Sink,
    dropped: Dropped,
    /// How many incidents were offered to the sink so far.
    offered: usize,
}

/// How many rows' texts share a buffer (60 to 90 KB of ids, titles and URLs).
const TEXT_ROWS: usize = 1024;

impl<'s> Rows<'s> {
    fn with_capacity(expected_rows: usize, sink: &'s mut dyn Sink) -> Rows<'s> {
        // Only room: when it cannot be had up front, the list grows as rows come. Room a sink
        // leaves unused is address space, not memory (its pages are never written), and is
        // given back at the end.
        let mut incidents = Vec::new();
        let _ = incidents.try_reserve_exact(expected_rows);
        Rows {
            incidents,
            lines: RecordLines::default(),
            issues: Vec::new(),
            overlong: Vec::new(),
            components: ComponentsSeen::default(),
            texts: TextBuffer::default(),
            staged: Vec::with_capacity(TEXT_ROWS),
            sink,
            dropped: Dropped::default(),
            offered: 0,
        }
    }

    /// Makes incidents of the rows staged so far, their texts cut from one shared buffer, and
    /// offers each to the sink. (A buffer whose rows are all dropped goes with them.)
    fn flush(&mut self) {
        if self.staged.is_empty() {
            return;
        }
        let texts = self.texts.finish();
        let mut staged = std::mem::take(&mut self.staged);
        for row in staged.drain(..) {
            let incident = Incident {
                id: texts.text(row.id),
                title: texts.text(row.title),
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
            };
            if self.sink.keep(&incident) {
                self.incidents.push(incident);
                if let Some(line) = row.line {
                    self.lines.push(line);
                }
            } else {
                self.dropped.push(&incident.id, self.offered, row.line);
            }
            self.offered += 1;
        }
        self.staged = staged;
    }

    /// Reads the rows to the end of the file.
    fn read<R: std::io::Read>(
        &mut self,
        reader: &mut ::csv::Reader<R>,
        record: &mut ByteRecord,
        layout: &Layout,
    ) {
        loop {
            match reader.read_byte_record(record) {
                Ok(true) => self.row(record, layout),
                Ok(false) => break,
                // What the `csv` crate reported (the source could not be read); it read no
                // further.
                Err(err) => {
                    self.issues
                        .push(Issue::error(format!("not valid CSV: {err}")));
                    break;
                }
            }
        }
        self.flush();
    }

    fn row(&mut self, record: &ByteRecord, layout: &Layout) {
        let line = Some(line_of(record));
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            return;
        }
        // A quote never closed takes the rest of the file into one field: the row then has
        // too few fields, the last holding the commas (and line ends) of what followed.
        let last = record.iter().next_back().unwrap_or_default();
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
        // Checked once per record rather than once per field: a row is refused when its fields,
        // one after the other, are not UTF-8.
        let Ok(text) = std::str::from_utf8(record.as_slice()) else {
            self.issues.push(
                Issue::error("this row is not UTF-8 text; save the file as UTF-8")
                    .at(line, None)
                    .allowed("UTF-8 text (spreadsheets: \"CSV UTF-8\")"),
            );
            return;
        };
        let row = Row {
            fields: layout.columns.map(|column| {
                column
                    .and_then(|i| record.range(i))
                    .and_then(|range| text.get(range))
                    .map_or("", trim)
            }),
            columns: &layout.columns,
            line,
        };
        let mut values = match row.read(&mut self.components) {
            Ok(values) => values,
            Err(issue) => return self.issues.push(issue),
        };
        if let Some(repair) = values.repair.take() {
            self.issues.push(repair);
        }
        if let Some(warning) = values.bad_postmortem.take() {
            self.issues.push(warning);
        }
        if self.staged.len() == TEXT_ROWS || !self.texts.has_room_for(text) {
            self.flush();
        }
        match row.stage(values, &mut self.texts) {
            Ok(_) if title_too_long(row.get("title")) => {
                let issue = overlong_title("incident", row.get("id"), row.get("title"), line);
                self.overlong.push(issue);
            }
            Ok(incident) => self.staged.push(incident),
            Err(issue) => self.issues.push(issue),
        }
    }

    fn into_parsed(mut self, mut parsed: Records) -> Records {
        self.incidents.shrink_to_fit();
        parsed.dataset.incidents = self.incidents;
        parsed.lines = self.lines;
        parsed.issues.extend(self.issues);
        parsed.issues.extend(self.overlong);
        self.dropped.shrink_to_fit();
        parsed.dropped = self.dropped;
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
    line: Option<usize>,
    id: TextRange,
    title: TextRange,
    url: Option<TextRange>,
    impact: Impact,
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    cause: Cause,
    components: Arc<[AffectedComponent]>,
    postmortem: Option<Box<Postmortem>>,
}

/// The components rows name, in the order first named, each id held once and shared by every
/// incident that names it; the set beside the list keeps this linear when a file names
/// thousands. Likewise each `components` field: rows that write the same one share one list.
#[derive(Default)]
struct ComponentsSeen {
    in_order: Vec<Arc<str>>,
    set: HashSet<Arc<str>, FastHash>,
    /// The first fields seen, searched in order; the map holds the first [`ComponentsSeen::MAX`]
    /// (a file whose rows each name other components builds each row its own list).
    lists: Vec<(Box<str>, Arc<[AffectedComponent]>)>,
    list_of: HashMap<Box<str>, Arc<[AffectedComponent]>, FastHash>,
}

impl ComponentsSeen {
    /// How many fields (or ids) are compared one by one before hashing takes over.
    const FEW: usize = 16;
    /// How many `components` fields are remembered.
    const MAX: usize = 4096;

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
        if self.list_of.len() < Self::MAX {
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

    fn time(&self, name: &str) -> Result<Option<DateTime<Utc>>, Issue> {
        let value = self.get(name);
        if value.is_empty() {
            return Ok(None);
        }
        crate::wire_time::parse_instant(value)
            .map(Some)
            .map_err(|_| {
                self.issue(name, "not an RFC 3339 time")
                    .found(value)
                    .allowed("RFC 3339, e.g. 2026-08-14T09:30:00Z or 2026-08-14T11:30:00+02:00")
            })
    }

    /// The row's values, checked; its texts are not stored yet.
    fn read(&self, seen: &mut ComponentsSeen) -> Result<Values<'_>, Issue> {
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
            .time("started_at")?
            .ok_or_else(|| self.issue("started_at", "every incident needs a start"))?;
        let mut end = self.time("resolved_at")?;
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

    /// The row's texts stored in `texts`, for an incident kept.
    fn stage(&self, values: Values<'_>, texts: &mut TextBuffer) -> Result<Staged, Issue> {
        // The caller left room for the whole row; a row of 4 GB has none.
        let mut push = |text: &str| texts.push(text).ok_or_else(|| self.too_long());
        Ok(Staged {
            line: self.line,
            id: push(values.id)?,
            title: push(values.title)?,
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

    fn errors(p: &Records) -> Vec<String> {
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
        crate::repairs::refuse_overlong_titles(&mut p.dataset, &mut p.lines, &mut p.issues);
        assert_eq!(outcome(&p), before);
    }

    #[test]
    fn line_numbers_count_line_breaks_inside_quotes() {
        let text = format!("{HEAD}a,\"two\nlines\",minor,2026-08-01T00:00:00Z,,,,\nb,X,huge,2026-08-01T00:00:00Z,,,,\n");
        let p = import(&text);
        assert_eq!(errors(&p), ["line 4: impact not an impact (field 3)"]);
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
        // Unique titles first, then repeated ones; and a file of repeated titles from the start.
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

    /// What a parse gives, in full, for comparing two parses.
    fn outcome(p: &Records) -> String {
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            p.dataset, p.lines, p.issues, p.kind, p.dropped
        )
    }

    /// A sink that keeps the incidents starting in August 2026, and those it is told to, and
    /// notes every id offered.
    #[derive(Default)]
    struct August {
        also: Vec<&'static str>,
        offered: Vec<String>,
    }

    impl Sink for August {
        fn keep(&mut self, incident: &Incident) -> bool {
            self.offered.push(incident.id.to_string());
            let august = "2026-08-01T00:00:00Z"
                .parse::<DateTime<Utc>>()
                .expect("instant")
                .."2026-09-01T00:00:00Z".parse().expect("instant");
            august.contains(&incident.start) || self.also.contains(&&*incident.id)
        }
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
    fn rows_a_sink_drops_are_left_out_with_the_problems_of_all() {
        let text = mixed_rows();
        let all = import(&text);
        let mut sink = August {
            also: vec!["i1", "i6"],
            ..August::default()
        };
        let parsed = import_with(&text, &mut sink);
        // Every incident kept when all are, in order, is offered once.
        let all_ids: Vec<String> = all
            .dataset
            .incidents
            .iter()
            .map(|i| i.id.to_string())
            .collect();
        assert_eq!(sink.offered, all_ids);
        let (kept, dropped): (Vec<_>, Vec<_>) = (all.dataset.incidents.iter())
            .zip(all.lines.iter())
            .enumerate()
            .partition(|(_, (i, _))| {
                i.start.to_rfc3339().starts_with("2026-08") || ["i1", "i6"].contains(&&*i.id)
            });
        assert!(
            kept.len() > 50 && dropped.len() > 100,
            "{} {}",
            kept.len(),
            dropped.len()
        );
        let kept_incidents: Vec<Incident> = kept.iter().map(|(_, (i, _))| (*i).clone()).collect();
        assert_eq!(parsed.dataset.incidents, kept_incidents);
        let kept_lines: Vec<usize> = kept.iter().map(|(_, (_, line))| *line).collect();
        assert_eq!(parsed.lines.iter().collect::<Vec<_>>(), kept_lines);
        assert_eq!(parsed.issues, all.issues);
        assert_eq!(parsed.dataset.components, all.dataset.components);
        // The dropped ones' ids, places as read and lines.
        let read: Vec<(&str, usize, Option<usize>)> = (0..parsed.dropped.len())
            .map(|k| {
                let (id, record) = parsed.dropped.iter().nth(k).expect("k < len");
                (id, record, parsed.dropped.line(k))
            })
            .collect();
        let expected: Vec<(&str, usize, Option<usize>)> = (dropped.iter())
            .map(|(record, (i, line))| (&*i.id, *record, Some(*line)))
            .collect();
        assert_eq!(read, expected);
    }

    #[test]
    fn a_row_whose_title_is_too_long_is_refused_not_offered() {
        let long = "x".repeat(1_001);
        let text = format!("{HEAD}a,{long},minor,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,,,\n");
        let mut sink = August::default();
        let parsed = import_with(&text, &mut sink);
        assert!(sink.offered.is_empty() && parsed.dropped.is_empty());
        assert_eq!(parsed.issues, import(&text).issues);
    }

    #[test]
    fn a_file_read_as_it_streams_gives_what_its_text_gives() {
        let text = mixed_rows();
        for keep_all in [true, false] {
            for text in [text.clone(), format!("\u{feff}{text}")] {
                let sink = || -> Box<dyn Sink> {
                    match keep_all {
                        true => Box::new(KeepAll),
                        false => Box::new(August::default()),
                    }
                };
                // Read a few bytes at a time: records cut at every place.
                let streamed = import_reader(Trickle(text.as_bytes()), 10, &mut *sink());
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                let whole = import_with(text, &mut *sink());
                assert_eq!(outcome(&streamed), outcome(&whole));
            }
        }
    }

    /// A reader that hands out at most 3 bytes at a time.
    struct Trickle<'a>(&'a [u8]);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(3).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn rows_that_are_not_utf8_are_refused_with_their_line_and_the_rest_kept() {
        let mut bytes = HEAD.as_bytes().to_vec();
        bytes.extend_from_slice(b"a,Caf\xe9,minor,2026-08-01T00:00:00Z,,,,\n");
        bytes.extend_from_slice(b"b,\"Two\nlines\",minor,2026-08-01T00:00:00Z,,,,\n");
        let p = import_reader(&bytes[..], 2, &mut KeepAll);
        assert_eq!(
            errors(&p),
            ["line 2: - this row is not UTF-8 text; save the file as UTF-8"]
        );
        assert_eq!(p.dataset.incidents.len(), 1);
        assert_eq!(p.lines.iter().collect::<Vec<_>>(), [3]);
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
