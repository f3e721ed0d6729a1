//! cState incident files (`content/issues/*.md`): YAML front matter and a Markdown body.
//!
//! Front matter: `title`, `date`, `resolved`, `resolvedWhen`, `severity` (`down`, `disrupted`,
//! `notice`), `affected` (component names), `informational`, and Candor's own `postmortem`
//! (where the incident's post-mortem is published: an http(s) address); Hugo's own keys are
//! ignored.
//! Dates are read as leniently as Hugo reads them, because real files rely on it: a space
//! instead of `T`, a one-digit hour, no seconds, no offset. A date without an offset is in the
//! page's time zone. The body is the incident's updates: cState's `{{< track "DATE" >}}`
//! shortcode starts a timestamped update; text before any such mark is the first update, posted
//! when the incident started.

#![allow(
    clippy::disallowed_types,
    clippy::disallowed_methods,
    reason = "read natively only (report-gen, feature `cstate`): the size rules are the widget's wasm's"
)]

use candor_core::{
    AffectedComponent, Cause, Component, Impact, Incident, IncidentUpdate, Postmortem, UpdateStatus,
};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde_yaml_ng::Value;

use crate::{Issue, Records};

/// A file's front matter: YAML between `---` lines, or TOML between `+++` lines (Hugo reads
/// both), and the body after it.
pub struct FrontMatter<'a> {
    pub text: &'a str,
    pub body: &'a str,
    pub toml: bool,
    /// Set when the closing delimiter is missing: the file line at which the front matter is
    /// taken to end (its first empty line, else the end of the file).
    pub unclosed: Option<usize>,
}

/// The front matter, when the text starts with `---` or `+++`.
pub fn front_matter(text: &str) -> Option<FrontMatter<'_>> {
    for (delimiter, toml) in [("---", false), ("+++", true)] {
        let Some(rest) = text
            .strip_prefix(delimiter)
            .and_then(|r| r.strip_prefix("\r\n").or_else(|| r.strip_prefix('\n')))
        else {
            continue;
        };
        let mut offset = 0;
        let mut first_empty = None;
        let mut lines = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == delimiter {
                return Some(FrontMatter {
                    text: &rest[..offset],
                    body: &rest[offset + line.len()..],
                    toml,
                    unclosed: None,
                });
            }
            if first_empty.is_none() && line.trim().is_empty() {
                first_empty = Some((offset, lines));
            }
            offset += line.len();
            lines += 1;
        }
        // Line 1 is the opening delimiter.
        let (end, line) = first_empty.unwrap_or((rest.len(), lines));
        return Some(FrontMatter {
            text: &rest[..end],
            body: &rest[end..],
            toml,
            unclosed: Some(line + 2),
        });
    }
    None
}

impl FrontMatter<'_> {
    /// The front matter's values, as YAML values whichever language it is in.
    fn parse(&self) -> Result<Value, Issue> {
        let parsed = match self.toml {
            false => parse_yaml(self.text),
            true => parse_toml(self.text),
        };
        match (parsed, self.unclosed) {
            (Err(issue), Some(_)) => Err(Issue {
                message: format!(
                    "the front matter that starts here is never closed (end it with a line `{}`), \
                     and what follows it is not front matter: {}",
                    if self.toml { "+++" } else { "---" },
                    issue.message
                ),
                ..issue
            }
            .at(Some(1), None)),
            (parsed, _) => parsed,
        }
    }

    /// The warning for front matter whose closing delimiter is missing.
    fn unclosed_warning(&self) -> Option<Issue> {
        let line = self.unclosed?;
        let delimiter = if self.toml { "+++" } else { "---" };
        Some(
            Issue::warning(format!(
                "the front matter is never closed: taken to end before line {line}; \
                 end it with a line `{delimiter}`"
            ))
            .at(Some(1), None),
        )
    }
}

/// TOML front matter read into the values YAML would give.
fn parse_toml(text: &str) -> Result<Value, Issue> {
    let table: toml::Table = toml::from_str(text).map_err(|err| {
        let line = err
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 2);
        Issue::error(format!(
            "the front matter is not valid TOML: {}",
            err.message().trim()
        ))
        .at(line, None)
    })?;
    fn yaml_of(value: toml::Value) -> Value {
        match value {
            toml::Value::String(s) => Value::String(s),
            toml::Value::Integer(i) => Value::Number(i.into()),
            toml::Value::Float(f) => Value::Number(f.into()),
            toml::Value::Boolean(b) => Value::Bool(b),
            toml::Value::Datetime(d) => Value::String(d.to_string()),
            toml::Value::Array(items) => Value::Sequence(items.into_iter().map(yaml_of).collect()),
            toml::Value::Table(table) => Value::Mapping(
                (table.into_iter())
                    .map(|(k, v)| (Value::String(k), yaml_of(v)))
                    .collect(),
            ),
        }
    }
    Ok(yaml_of(toml::Value::Table(table)))
}

/// Keys only cState puts in front matter.
const CSTATE_KEYS: [&str; 5] = [
    "severity",
    "affected",
    "resolved",
    "resolvedWhen",
    "informational",
];

/// Whether front matter is a cState incident's. `Err` when the front matter is not YAML.
pub fn looks_like_cstate(text: &str) -> Result<bool, Issue> {
    let Some(front) = front_matter(text) else {
        return Ok(false);
    };
    let value = front.parse()?;
    Ok(CSTATE_KEYS.iter().any(|k| value.get(*k).is_some()))
}

/// How deeply `[` and `{` may nest in front matter. cState's fields nest two levels; the YAML
/// parser takes minutes on flow collections nested a hundred thousand deep before its own
/// recursion limit stops it (found by the malformed-input corpus).
const MAX_FLOW_DEPTH: usize = 64;

/// Where flow collections nest deeper than [`MAX_FLOW_DEPTH`]: the line (in the file) and
/// column of the bracket that goes too deep. Brackets inside quoted scalars and comments are
/// not counted.
fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (index, line) in yaml.lines().enumerate() {
        let mut quote: Option<char> = None;
        for (column, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        // Line 1 is the opening `---`.
                        return Some((index + 2, column + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                (None, _) => {}
            }
        }
    }
    None
}

fn parse_yaml(yaml: &str) -> Result<Value, Issue> {
    if let Some((line, column)) = too_deep(yaml) {
        return Err(Issue::error(format!(
            "the front matter nests `[` or `{{` more than {MAX_FLOW_DEPTH} levels deep"
        ))
        .at(Some(line), Some(column)));
    }
    serde_yaml_ng::from_str::<Value>(yaml).map_err(|err| {
        let location = err.location();
        let mut message = err.to_string();
        if let Some(at) = message.find(" at line ") {
            message.truncate(at);
        }
        // Line 1 is the opening `---`.
        Issue::error(format!("the front matter is not valid YAML: {message}")).at(
            location.as_ref().map(|l| l.line() + 1),
            location.as_ref().map(|l| l.column()),
        )
    })
}

/// Reads one cState incident file, `name` its file name without extension (the incident's id,
/// as cState makes it), times without an offset read in `zone`.
pub fn read(name: &str, text: &str, zone: chrono_tz::Tz) -> Records {
    let mut parsed = Records::default();
    let Some(front) = front_matter(text) else {
        parsed
            .issues
            .push(Issue::error("no front matter").at(Some(1), None));
        return parsed;
    };
    parsed.issues.extend(front.unclosed_warning());
    let value = match front.parse() {
        Ok(v) => v,
        Err(issue) => {
            parsed.issues.push(issue);
            return parsed;
        }
    };
    let (yaml, body) = (front.text, front.body);
    let file = File {
        yaml,
        value: &value,
        zone,
    };
    match file.incident(name, body, &mut parsed.issues) {
        Ok(incident) => {
            parsed.dataset.components = incident
                .components
                .iter()
                .map(|a| Component::named(&*a.component_id, &*a.component_id))
                .collect();
            parsed.dataset.incidents.push(incident);
        }
        Err(issue) => parsed.issues.push(issue),
    }
    parsed
}

struct File<'a> {
    yaml: &'a str,
    value: &'a Value,
    zone: chrono_tz::Tz,
}

impl File<'_> {
    /// The file line a top-level key is on (line 1 is the opening `---`).
    fn line_of(&self, key: &str) -> Option<usize> {
        self.yaml
            .lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
            })
            .map(|i| i + 2)
    }

    fn issue(&self, key: &str, message: impl Into<String>) -> Issue {
        Issue::error(message).at(self.line_of(key), None).field(key)
    }

    fn string(&self, key: &str) -> Result<Option<String>, Issue> {
        match self.value.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(_) => Err(self.issue(key, "expected a single value")),
        }
    }

    fn boolean(&self, key: &str) -> Result<bool, Issue> {
        match self.value.get(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(false),
            Some(other) => Err(self
                .issue(key, "not a boolean")
                .found(yaml_text(other))
                .allowed("true, false")),
        }
    }

    fn time(&self, key: &str) -> Result<Option<DateTime<Utc>>, Issue> {
        let Some(text) = self.string(key)? else {
            return Ok(None);
        };
        parse_lenient_time(&text, self.zone)
            .map(Some)
            .ok_or_else(|| {
                self.issue(key, "not a date Hugo reads")
                    .found(text)
                    .allowed(
                        "RFC 3339 (2024-05-02T10:53:00Z), or without offset in the page's zone \
                 (2024-05-02 10:53:00, 2024-05-02 9:53, 2024-05-02)",
                    )
            })
    }

    fn incident(&self, name: &str, body: &str, issues: &mut Vec<Issue>) -> Result<Incident, Issue> {
        if !matches!(self.value, Value::Mapping(_)) {
            return Err(
                Issue::error("the front matter is not a mapping of keys to values")
                    .at(Some(2), None),
            );
        }
        let id = name.to_string();
        let title = match self.string("title")?.filter(|t| !t.trim().is_empty()) {
            Some(title) => title,
            // cState names each file after its incident (`2022-06-13-repo-slow.md`): without a
            // title, the file's name is the best one a person would read.
            None => {
                issues.push(
                    Issue::warning(format!(
                        "no title: the incident is titled after its file, `{id}`; add a title \
                         or give one in candor.toml (`[incidents.\"{id}\"]` `title = ...`)"
                    ))
                    .at(self.line_of("title"), None)
                    .field("title")
                    .incident(&id)
                    .settled_by("title"),
                );
                id.clone()
            }
        };
        let start = self
            .time("date")?
            .ok_or_else(|| self.issue("date", "every incident needs a date"))?;
        let informational = self.boolean("informational")?;
        let severity = self.string("severity")?;
        let impact = match severity.as_deref().map(str::trim) {
            Some("down") => Impact::Critical,
            Some("disrupted") => Impact::Major,
            Some("notice") => Impact::None,
            None if informational => Impact::None,
            other => {
                let word = other.unwrap_or("");
                let impact = impact_of_unknown_severity(word);
                issues.push(
                    Issue::warning(format!(
                        "not a cState severity: read as `{}` by its words; correct the file or \
                         give the impact in candor.toml (`[incidents.\"{id}\"]` `impact = ...`)",
                        match impact {
                            Impact::Critical => "down",
                            Impact::Major => "disrupted",
                            _ => "notice",
                        }
                    ))
                    .at(self.line_of("severity"), None)
                    .field("severity")
                    .found(if other.is_some() { word } else { "(missing)" })
                    .allowed("down, disrupted, notice")
                    .incident(&id)
                    .settled_by("impact"),
                );
                impact
            }
        };
        let resolved = self.boolean("resolved")?;
        let resolved_when = self.time("resolvedWhen")?;
        let end = match (resolved, resolved_when) {
            (false, _) => None,
            (true, Some(end)) if end < start => {
                // Hand-written files carry such typos and cState publishes them anyway; the
                // incident is kept and counted as lasting no time, and the file is named.
                issues.push(
                    Issue::warning(format!(
                        "resolvedWhen is before date: counted as resolved when it started; \
                         correct the file or give its end in candor.toml \
                         (`[incidents.\"{id}\"]` `end = ...`)"
                    ))
                    .at(self.line_of("resolvedWhen"), None)
                    .field("resolvedWhen")
                    .found(end.to_rfc3339())
                    .allowed(format!("a time at or after date ({})", start.to_rfc3339()))
                    .incident(&id),
                );
                Some(start)
            }
            (true, Some(end)) => Some(end),
            (true, None) => {
                issues.push(
                    Issue::warning(format!(
                        "resolved without resolvedWhen: counted as resolved when it started; \
                         add resolvedWhen or give its end in candor.toml \
                         (`[incidents.\"{id}\"]` `end = ...`)"
                    ))
                    .at(self.line_of("resolved"), None)
                    .field("resolvedWhen")
                    .incident(&id),
                );
                Some(start)
            }
        };
        let components = match self.value.get("affected") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) => vec![s.trim().to_string()],
            Some(Value::Sequence(items)) => {
                let mut names = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) if !s.trim().is_empty() => {
                            names.push(s.trim().to_string())
                        }
                        Value::Null => {}
                        other => {
                            return Err(self
                                .issue("affected", "every affected system must be a name")
                                .found(yaml_text(other)))
                        }
                    }
                }
                names
            }
            Some(other) => {
                return Err(self
                    .issue("affected", "expected a list of system names")
                    .found(yaml_text(other)))
            }
        };
        let status = if end.is_some() {
            UpdateStatus::Resolved
        } else {
            UpdateStatus::Investigating
        };
        let updates = updates_of(body, start, &status, self.zone);
        let postmortem = self.postmortem(&id, issues);
        Ok(Incident {
            id: id.into(),
            title: title.trim().into(),
            impact,
            start,
            end,
            created_at: Some(start),
            status,
            updates: updates.into(),
            components: components
                .into_iter()
                .map(|c| AffectedComponent {
                    component_id: c.into(),
                    transitions: Vec::new(),
                })
                .collect(),
            cause: Cause::Unknown,
            url: None,
            postmortem,
        })
    }

    /// The `postmortem` key: where the incident's post-mortem is published. A value that is
    /// not one web address is a warning, and the incident is kept without it.
    fn postmortem(&self, id: &str, issues: &mut Vec<Issue>) -> Option<Box<Postmortem>> {
        let found = match self.value.get("postmortem") {
            None | Some(Value::Null) => return None,
            Some(Value::String(url)) if url.trim().is_empty() => return None,
            Some(Value::String(url)) if Postmortem::is_web_url(url.trim()) => {
                return Some(Box::new(Postmortem::at(url.trim())))
            }
            Some(other) => yaml_text(other),
        };
        issues.push(
            Issue::warning(format!(
                "not a web address: the incident is kept without its post-mortem; correct the \
                 file (`postmortem: https://...`) or remove the key (incident `{id}`)"
            ))
            .at(self.line_of("postmortem"), None)
            .field("postmortem")
            .found(found)
            .allowed(Postmortem::URL_ALLOWED)
            .incident(id),
        );
        None
    }
}

fn yaml_text(value: &Value) -> String {
    serde_yaml_ng::to_string(value)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// The body's updates, oldest first. HTML comments are dropped: Hugo does not show them.
fn updates_of(
    body: &str,
    start: DateTime<Utc>,
    final_status: &UpdateStatus,
    zone: chrono_tz::Tz,
) -> Vec<IncidentUpdate> {
    let body = without_html_comments(body);
    let mut updates = Vec::new();
    let mut at = start;
    let mut rest = body.as_str();
    loop {
        let next = rest.find("{{<").and_then(|open| {
            let close = open + rest[open..].find(">}}")?;
            let inner = rest[open + 3..close].trim();
            let arg = inner.strip_prefix("track")?.trim().trim_matches('"');
            Some((open, close + 3, parse_lenient_time(arg, zone)))
        });
        let (text, after) = match next {
            Some((open, after, _)) => (&rest[..open], Some(after)),
            None => (rest, None),
        };
        if !text.trim().is_empty() {
            updates.push(IncidentUpdate {
                at,
                status: UpdateStatus::Investigating,
                body: text.trim().to_string(),
            });
        }
        match (next, after) {
            (Some((_, _, Some(time))), Some(after)) => {
                at = time;
                rest = &rest[after..];
            }
            // An unreadable mark: its text stays with the update before it.
            (Some(_), Some(after)) => rest = &rest[after..],
            _ => break,
        }
    }
    candor_core::sort::sort_by_key(&mut updates, |u| u.at);
    if let Some(last) = updates.last_mut() {
        last.status = final_status.clone();
    }
    updates
}

fn without_html_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        match rest[open..].find("-->") {
            Some(close) => rest = &rest[open + close + 3..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads a date the way Hugo does: RFC 3339, or looser forms (a space for `T`, a one-digit
/// hour, no seconds, a date alone); without an offset, in `zone`.
pub fn parse_lenient_time(text: &str, zone: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    let (date, rest) = match text.find(['T', 't', ' ']) {
        Some(i) => (&text[..i], text[i + 1..].trim()),
        None => (text, ""),
    };
    // A year of four digits, as every date Hugo writes: chrono's `%Y` alone would take
    // `-026` or `20260` as a year, which no feed or post can write back as RFC 3339.
    if !(date.len() > 4 && date.as_bytes()[..4].iter().all(u8::is_ascii_digit))
        || date.as_bytes()[4] != b'-'
    {
        return None;
    }
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    if rest.is_empty() {
        return local(date.and_hms_opt(0, 0, 0)?, zone);
    }
    // Split the clock time from an offset or zone name after it.
    let clock_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(rest.len());
    let (clock, offset) = (&rest[..clock_end], rest[clock_end..].trim());
    let mut parts = clock.split(':');
    let hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = parts.next()?.parse().ok()?;
    let (second, nanos) = match parts.next() {
        Some(s) => {
            let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
            let nanos = if frac.is_empty() {
                0
            } else {
                let digits: String = frac.chars().chain("000000000".chars()).take(9).collect();
                digits.parse().ok()?
            };
            (whole.parse::<u32>().ok()?, nanos)
        }
        None => (0, 0),
    };
    if parts.next().is_some() {
        return None;
    }
    let naive = date.and_hms_nano_opt(hour, minute, second, nanos)?;
    match offset {
        "" => local(naive, zone),
        "Z" | "z" | "UTC" | "GMT" => Some(naive.and_utc()),
        offset => {
            let sign = match offset.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let h: i64 = digits[..2].parse().ok()?;
            let m: i64 = digits[2..].parse().ok()?;
            let seconds = sign * (h * 3600 + m * 60);
            Some(naive.and_utc() - Duration::seconds(seconds))
        }
    }
}

/// A wall-clock time in `zone`: the earlier instant when the clock passes it twice, and the
/// instant an hour later when it skips it (as Go's time package, Hugo's, resolves it).
fn local(naive: NaiveDateTime, zone: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
}

/// The impact of a severity cState does not know, by its words: an outage or "down" is `down`,
/// a disruption, degradation or partial outage `disrupted`, anything else `notice`. The one
/// repair for hand-written severities ("major outage", "Degraded").
fn impact_of_unknown_severity(word: &str) -> Impact {
    let word = word.to_lowercase();
    let has = |w: &str| word.contains(w);
    if has("partial") || has("disrupt") || has("degrad") || has("slow") {
        Impact::Major
    } else if has("down") || has("outage") || has("major") || has("critical") {
        Impact::Critical
    } else {
        Impact::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;
    use chrono_tz::Tz;

    fn utc(text: &str) -> Option<String> {
        parse_lenient_time(text, Tz::UTC).map(|t| t.to_rfc3339())
    }

    #[test]
    fn dates_are_read_as_leniently_as_hugo_reads_them() {
        let cases = [
            ("2024-05-02T10:53:00-00:00", "2024-05-02T10:53:00+00:00"),
            ("2020-06-13 15:54:00", "2020-06-13T15:54:00+00:00"),
            ("2020-06-13 9:54:00", "2020-06-13T09:54:00+00:00"),
            ("2020-06-13T9:54", "2020-06-13T09:54:00+00:00"),
            ("2020-06-13", "2020-06-13T00:00:00+00:00"),
            ("2020-06-13 15:54:00 +0200", "2020-06-13T13:54:00+00:00"),
            ("2020-06-13 15:54:00 -07:00", "2020-06-13T22:54:00+00:00"),
            ("2020-06-13 15:54:00Z", "2020-06-13T15:54:00+00:00"),
            (
                "2020-06-13T15:54:00.5+01:00",
                "2020-06-13T14:54:00.500+00:00",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(utc(input).as_deref(), Some(expected), "{input}");
        }
        for bad in [
            "13/06/2020",
            "2020-06-13 25:00",
            "yesterday",
            "2020-06-13 15:54:00 CEST",
        ] {
            assert_eq!(utc(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_date_without_a_four_digit_year_is_not_a_time() {
        // Found by fuzzing: `-026-08-01` was read as the year -26, which the feed wrote as
        // `-0026-08-01T...` and could not read back.
        for text in [
            "-026-08-01 9:05:00",
            "20260-08-01",
            "026-08-01",
            "+2026-08-01",
        ] {
            assert_eq!(parse_lenient_time(text, Tz::UTC), None, "{text}");
        }
        assert!(parse_lenient_time("0999-08-01", Tz::UTC).is_some());
    }

    #[test]
    fn a_date_without_offset_is_in_the_page_zone() {
        let berlin: Tz = "Europe/Berlin".parse().expect("zone");
        let t = parse_lenient_time("2026-07-01 12:00", berlin).expect("date");
        assert_eq!(t.to_rfc3339(), "2026-07-01T10:00:00+00:00");
        // 02:30 does not exist on the spring-forward night; Hugo moves it an hour on.
        let gap = parse_lenient_time("2026-03-29 02:30", berlin).expect("date");
        assert_eq!(gap.to_rfc3339(), "2026-03-29T01:30:00+00:00");
    }

    fn import_text(name: &str, text: &str) -> Records {
        let stem = std::path::Path::new(name).file_stem().unwrap_or_default();
        read(&stem.to_string_lossy(), text, Tz::UTC)
    }

    /// A resolved incident whose front matter ends with `extra`.
    fn with_front_matter(extra: &str) -> Records {
        let text = format!(
            "---\ntitle: Registry down\ndate: 2026-02-03 09:05:00\nresolved: true\nresolvedWhen: 2026-02-03 11:00:00\nseverity: down\n{extra}---\nFixed.\n"
        );
        import_text("2026-02-03-registry.md", &text)
    }

    #[test]
    fn a_postmortem_key_gives_where_the_postmortem_is_published() {
        let p = with_front_matter("postmortem: https://blog.example.com/2026/02/registry\n");
        assert_eq!(p.issues, vec![]);
        assert_eq!(
            p.dataset.incidents[0].postmortem.as_deref(),
            Some(&Postmortem::at("https://blog.example.com/2026/02/registry"))
        );
        for absent in ["", "postmortem:\n", "postmortem: ''\n"] {
            let p = with_front_matter(absent);
            assert_eq!(p.issues, vec![], "{absent:?}");
            assert_eq!(p.dataset.incidents[0].postmortem, None, "{absent:?}");
        }
    }

    #[test]
    fn a_postmortem_that_is_no_web_address_is_a_warning_and_the_incident_is_kept() {
        for (value, found) in [
            ("/blog/registry/", "/blog/registry/"),
            ("javascript:alert(1)", "javascript:alert(1)"),
            (
                "[https://a.test, https://b.test]",
                "- https://a.test\n- https://b.test",
            ),
        ] {
            let p = with_front_matter(&format!("postmortem: {value}\n"));
            assert_eq!(p.issues.len(), 1, "{value}");
            let issue = &p.issues[0];
            assert_eq!(issue.severity, Severity::Warning);
            assert_eq!(
                (issue.line, issue.field.as_deref(), issue.found.as_deref()),
                (Some(7), Some("postmortem"), Some(found))
            );
            assert_eq!(issue.allowed.as_deref(), Some(Postmortem::URL_ALLOWED));
            assert_eq!(issue.incident.as_deref(), Some("2026-02-03-registry"));
            assert_eq!(p.dataset.incidents.len(), 1);
            assert_eq!(p.dataset.incidents[0].postmortem, None);
        }
    }

    #[test]
    fn an_incident_file_becomes_an_incident_with_its_updates() {
        let text = "---\ntitle: Registry down\ndate: 2026-02-03 9:05:00\nresolved: true\nresolvedWhen: 2026-02-03 11:00:00\n# a comment\nseverity: down\naffected:\n  - Registry\n  - API\nsection: issue\n---\n\nWe are looking into it.\n<!-- internal note -->\n{{< track \"2026-02-03 10:00:00\" >}}\nA fix is rolling out.\n{{< track \"2026-02-03 11:00:00\" >}}\nAll good.\n";
        let p = import_text("2026-02-03-registry.md", text);
        assert_eq!(p.issues, vec![]);
        let i = &p.dataset.incidents[0];
        assert_eq!(i.id, "2026-02-03-registry");
        assert_eq!(i.impact, Impact::Critical);
        assert_eq!(i.start.to_rfc3339(), "2026-02-03T09:05:00+00:00");
        assert_eq!(
            i.end.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-02-03T11:00:00+00:00")
        );
        let updates: Vec<_> = i
            .updates
            .iter()
            .map(|u| {
                (
                    u.at.format("%H:%M").to_string(),
                    u.status.as_str(),
                    u.body.as_str(),
                )
            })
            .collect();
        assert_eq!(
            updates,
            [
                (
                    "09:05".to_string(),
                    "investigating",
                    "We are looking into it."
                ),
                (
                    "10:00".to_string(),
                    "investigating",
                    "A fix is rolling out."
                ),
                ("11:00".to_string(), "resolved", "All good."),
            ]
        );
        let affected: Vec<_> = i.components.iter().map(|a| &*a.component_id).collect();
        assert_eq!(affected, ["Registry", "API"]);
    }

    #[test]
    fn severities_map_to_impacts_and_unknown_words_are_read_by_their_words_with_a_warning() {
        let file = |severity: &str| {
            format!("---\ntitle: T\ndate: 2026-01-01\nseverity: {severity}\n---\nBody\n")
        };
        let impact = |s: &str| import_text("x.md", &file(s)).dataset.incidents[0].impact;
        assert_eq!(impact("down"), Impact::Critical);
        assert_eq!(impact("disrupted"), Impact::Major);
        assert_eq!(impact("notice"), Impact::None);
        assert_eq!(impact("major outage"), Impact::Critical);
        assert_eq!(impact("Partial outage"), Impact::Major);
        assert_eq!(impact("degraded"), Impact::Major);
        assert_eq!(impact("maintenance"), Impact::None);
        let p = import_text("x.md", &file("broken"));
        assert_eq!(p.dataset.incidents.len(), 1, "kept");
        assert_eq!(p.dataset.incidents[0].impact, Impact::None);
        let issue = &p.issues[0];
        assert_eq!(issue.severity, Severity::Warning);
        assert_eq!(issue.line, Some(4));
        assert_eq!(issue.field.as_deref(), Some("severity"));
        assert_eq!(issue.found.as_deref(), Some("broken"));
        assert_eq!(issue.allowed.as_deref(), Some("down, disrupted, notice"));
    }

    #[test]
    fn an_incident_without_a_title_is_titled_after_its_file_with_a_warning() {
        let p = import_text(
            "2022-06-13-repo-slow.md",
            "---\ndate: 2022-06-13T08:30:00Z\nseverity: disrupted\n---\n",
        );
        assert_eq!(&*p.dataset.incidents[0].title, "2022-06-13-repo-slow");
        let issue = &p.issues[0];
        assert_eq!(issue.severity, Severity::Warning);
        assert_eq!(issue.field.as_deref(), Some("title"));
        assert_eq!(issue.settled_by, "title");
    }

    #[test]
    fn an_unresolved_incident_is_open_and_informational_needs_no_severity() {
        let p = import_text(
            "n.md",
            "---\ntitle: Heads up\ndate: 2026-01-01T10:00:00Z\nresolved: false\ninformational: true\n---\n",
        );
        let i = &p.dataset.incidents[0];
        assert!(i.is_open());
        assert_eq!(i.impact, Impact::None);
        assert!(i.updates.is_empty());
    }

    #[test]
    fn a_resolution_before_the_start_is_a_warning_and_lasts_no_time() {
        let p = import_text(
            "w.md",
            "---\ntitle: T\ndate: 2026-06-13T08:30:00Z\nresolved: true\nresolvedWhen: 2026-05-15T11:00:00Z\nseverity: disrupted\n---\n",
        );
        let i = &p.dataset.incidents[0];
        assert_eq!(i.end, Some(i.start));
        assert_eq!(p.issues.len(), 1);
        assert_eq!(p.issues[0].severity, crate::Severity::Warning);
        assert_eq!(p.issues[0].line, Some(5));
    }

    #[test]
    fn broken_yaml_is_an_error_with_its_line() {
        let issue =
            looks_like_cstate("---\ntitle: T\nseverity: [down\n---\n").expect_err("bad yaml");
        assert!(issue.line.is_some_and(|l| l >= 3), "{issue:?}");
    }
}
