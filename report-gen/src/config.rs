//! `candor.toml`: what the data lacks, in one file next to it (like mdBook's `book.toml`).
//!
//! ```toml
//! [page]
//! name = "Acme"
//! url = "https://status.acme.example"
//! time_zone = "Europe/Berlin"
//!
//! [uptime]                      # how much a minute in each status counts as downtime
//! major_outage = 1.0
//! partial_outage = 0.3
//! degraded_performance = 0.0
//!
//! [[components]]                # display order is the order listed here
//! id = "api"
//! name = "Public API"
//! group = "Platform"
//!
//! [[causes]]                    # the first rule whose keyword appears in the title or an
//! cause = "external"            # update sets the cause of an incident the data leaves unknown
//! keywords = ["AWS", "Stripe"]
//!
//! [incidents.inc-2026-08-14]    # per-incident corrections; they win over everything
//! cause = "internal"
//! end = "2026-08-14T11:00:00Z"
//! ```
//!
//! Precedence: command-line flags, then this file, then the data. An unknown key or a bad value
//! is an error naming the key and its line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use candor_core::uptime::UptimeWeights;
use candor_core::{AffectedComponent, Cause, Component, Dataset, Impact};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use toml::Spanned;

use crate::problem::Issue;

/// The name of the configuration file, which sits among data files without being one.
pub const CONFIG_FILE_NAME: &str = "candor.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub page: PageConfig,
    pub uptime: Option<Spanned<UptimeWeights>>,
    #[serde(default)]
    pub components: Vec<ComponentConfig>,
    #[serde(default)]
    pub causes: Vec<CauseRule>,
    #[serde(default)]
    pub incidents: BTreeMap<Spanned<String>, IncidentOverride>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageConfig {
    pub name: Option<String>,
    pub url: Option<String>,
    pub time_zone: Option<Spanned<String>>,
    /// Which Statuspage page this is, when the input holds documents of several.
    pub statuspage_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentConfig {
    pub id: String,
    pub name: Option<String>,
    pub group: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CauseRule {
    pub cause: Cause,
    pub keywords: Spanned<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentOverride {
    pub title: Option<String>,
    pub impact: Option<Impact>,
    pub cause: Option<Cause>,
    pub start: Option<Spanned<String>>,
    pub end: Option<Spanned<String>>,
    pub components: Option<Vec<String>>,
    pub url: Option<String>,
}

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot be read: {source}", path = path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}{at}: {message}", path = path.display(), at = at(*line, *column))]
    Invalid {
        path: PathBuf,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },
}

fn at(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

/// A configuration with where it came from, so that later checks can name lines.
#[derive(Debug, Default)]
pub struct LoadedConfig {
    pub path: Option<PathBuf>,
    text: String,
    pub config: Config,
}

/// The `candor.toml` that applies: the one named, else the one in the first input's folder,
/// else in that folder's parent.
pub fn find(inputs: &[PathBuf], explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.to_path_buf());
    }
    let first = inputs.first()?;
    let folder = if first.is_dir() {
        first.clone()
    } else {
        first.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let folder = if folder.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        folder
    };
    [
        Some(folder.clone()),
        folder
            .canonicalize()
            .ok()
            .and_then(|f| f.parent().map(Path::to_path_buf)),
    ]
    .into_iter()
    .flatten()
    .map(|dir| dir.join(CONFIG_FILE_NAME))
    .find(|p| p.is_file())
}

/// Reads and checks a configuration file. `None` gives the defaults.
pub fn load(path: Option<PathBuf>) -> Result<LoadedConfig, ConfigError> {
    let Some(path) = path else {
        return Ok(LoadedConfig::default());
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
        path: path.clone(),
        source,
    })?;
    parse(path, text)
}

/// Checks a configuration already read; `path` is only named in errors.
pub fn parse(path: PathBuf, text: String) -> Result<LoadedConfig, ConfigError> {
    let config: Config = toml::from_str(&text).map_err(|err| {
        let (line, column) = err.span().map(|s| line_column(&text, s.start)).unzip();
        ConfigError::Invalid {
            path: path.clone(),
            line,
            column,
            message: err.message().trim().to_string(),
        }
    })?;
    let loaded = LoadedConfig {
        path: Some(path),
        text,
        config,
    };
    loaded.validate()?;
    Ok(loaded)
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.len(), |nl| before.len() - nl - 1)
        + 1;
    (line, column)
}

impl LoadedConfig {
    fn invalid<T>(&self, span: std::ops::Range<usize>, message: String) -> Result<T, ConfigError> {
        let (line, column) = line_column(&self.text, span.start);
        Err(ConfigError::Invalid {
            path: self.path.clone().unwrap_or_default(),
            line: Some(line),
            column: Some(column),
            message,
        })
    }

    /// The line of a byte offset in the file, for issues found when applying it.
    fn issue_at(&self, span: std::ops::Range<usize>, issue: Issue) -> Issue {
        let (line, column) = line_column(&self.text, span.start);
        issue.at(Some(line), Some(column))
    }

    /// Checks what the types alone cannot.
    fn validate(&self) -> Result<(), ConfigError> {
        let c = &self.config;
        if let Some(zone) = &c.page.time_zone {
            if zone.get_ref().parse::<chrono_tz::Tz>().is_err() {
                return self.invalid(
                    zone.span(),
                    format!(
                        "page.time_zone: `{}` is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)",
                        zone.get_ref()
                    ),
                );
            }
        }
        if let Some(weights) = &c.uptime {
            let w = weights.get_ref();
            for (key, value) in [
                ("major_outage", w.major_outage),
                ("partial_outage", w.partial_outage),
                ("degraded_performance", w.degraded_performance),
            ] {
                if !(0.0..=1.0).contains(&value) {
                    // The key's own line, the first after the table's start that sets it.
                    let from = weights.span().start;
                    let mut offset = from;
                    for line in self.text[from.min(self.text.len())..].split_inclusive('\n') {
                        let set = line.trim_start().strip_prefix(key);
                        if set.is_some_and(|rest| rest.trim_start().starts_with('=')) {
                            offset += line.len() - line.trim_start().len();
                            break;
                        }
                        offset += line.len();
                    }
                    let offset = if offset >= self.text.len() {
                        from
                    } else {
                        offset
                    };
                    return self.invalid(
                        offset..offset,
                        format!("uptime.{key}: {value} is not a weight; allowed: 0 to 1"),
                    );
                }
            }
        }
        let mut ids: Vec<&str> = Vec::new();
        for component in &c.components {
            if ids.contains(&component.id.as_str()) {
                let offset = self
                    .text
                    .find(&format!("\"{}\"", component.id))
                    .unwrap_or(0);
                return self.invalid(
                    offset..offset,
                    format!("components: `{}` is listed twice", component.id),
                );
            }
            ids.push(&component.id);
        }
        for rule in &c.causes {
            if rule.keywords.get_ref().iter().all(|k| k.trim().is_empty()) {
                return self.invalid(
                    rule.keywords.span(),
                    "causes.keywords: a rule needs at least one keyword".into(),
                );
            }
        }
        for (id, o) in &c.incidents {
            for (key, value) in [("start", &o.start), ("end", &o.end)] {
                if let Some(v) = value {
                    if DateTime::parse_from_rfc3339(v.get_ref()).is_err() {
                        return self.invalid(
                            v.span(),
                            format!(
                                "incidents.{}.{key}: `{}` is not an RFC 3339 time (e.g. 2026-08-14T09:30:00Z)",
                                id.get_ref(),
                                v.get_ref()
                            ),
                        );
                    }
                }
            }
        }
        Ok(())
    }

    pub fn weights(&self) -> UptimeWeights {
        self.config
            .uptime
            .as_ref()
            .map(|w| *w.get_ref())
            .unwrap_or_default()
    }

    /// Whether an `[incidents.ID]` override gives this incident `key` (`end`, `start`,
    /// `impact`, `title`): a warning whose repair stands in for it ([`Issue::incident`],
    /// [`Issue::settled_by`]) is then settled.
    pub fn sets(&self, id: &str, key: &str) -> bool {
        (self.config.incidents.iter()).any(|(k, o)| {
            k.get_ref() == id
                && match key {
                    "end" => o.end.is_some(),
                    "start" => o.start.is_some(),
                    "impact" => o.impact.is_some(),
                    "title" => o.title.is_some(),
                    _ => false,
                }
        })
    }

    pub fn time_zone(&self) -> Option<&str> {
        self.config
            .page
            .time_zone
            .as_ref()
            .map(|z| z.get_ref().as_str())
    }

    /// Applies the file to the data: page fields, components, cause rules, then per-incident
    /// overrides. Returns what could not be applied (an override naming no incident).
    pub fn apply(&self, data: &mut Dataset) -> Vec<Issue> {
        let c = &self.config;
        let mut issues = Vec::new();
        if let Some(name) = &c.page.name {
            data.page.name = Some(name.clone());
        }
        if let Some(url) = &c.page.url {
            data.page.url = Some(url.clone());
        }
        if let Some(zone) = self.time_zone() {
            data.page.time_zone = Some(zone.to_string());
        }
        apply_components(&c.components, data);
        // Without rules, no pass over the incidents (a million of them are 144 MB to read).
        if !c.causes.is_empty() {
            for incident in &mut data.incidents {
                incident.cause = cause_by_rules(&c.causes, incident);
            }
        }
        for (id, o) in &c.incidents {
            let Some(incident) = data.incidents.iter_mut().find(|i| i.id == *id.get_ref()) else {
                issues.push(
                    self.issue_at(
                        id.span(),
                        Issue::warning(
                            "no incident in the data has this id; the override is unused",
                        )
                        .field(format!("incidents.{}", id.get_ref())),
                    ),
                );
                continue;
            };
            if let Some(title) = &o.title {
                incident.title = title.as_str().into();
            }
            if let Some(impact) = o.impact {
                incident.impact = impact;
            }
            if let Some(cause) = o.cause {
                incident.cause = cause;
            }
            let time = |v: &Spanned<String>| {
                DateTime::parse_from_rfc3339(v.get_ref())
                    .ok()
                    .map(|t| t.with_timezone(&Utc))
            };
            if let Some(start) = o.start.as_ref().and_then(time) {
                incident.start = start;
            }
            if let Some(end) = o.end.as_ref().and_then(time) {
                incident.end = Some(end);
                incident.status = candor_core::UpdateStatus::Resolved;
            }
            if let Some(components) = &o.components {
                incident.components = components
                    .iter()
                    .map(|id| AffectedComponent {
                        component_id: id.as_str().into(),
                        transitions: Vec::new(),
                    })
                    .collect();
            }
            if let Some(url) = &o.url {
                incident.url = Some(url.as_str().into());
            }
            if let Some(end) = incident.end {
                if end < incident.start {
                    issues.push(
                        self.issue_at(
                            id.span(),
                            Issue::error("after the override the incident ends before it starts")
                                .field(format!("incidents.{}", id.get_ref())),
                        ),
                    );
                }
            }
        }
        issues
    }
}

/// Names, groups and order from the file; components it lists but the data lacks are added,
/// those the data has but it does not list come after the listed ones, in the data's order.
fn apply_components(listed: &[ComponentConfig], data: &mut Dataset) {
    if listed.is_empty() {
        return;
    }
    let mut unlisted: Vec<usize> = (0..data.components.len())
        .filter(|&i| !listed.iter().any(|l| l.id == data.components[i].id))
        .collect();
    unlisted.sort_by_key(|&i| (data.components[i].position.unwrap_or(i64::MAX), i));
    for (rank, &i) in unlisted.iter().enumerate() {
        data.components[i].position = Some((listed.len() + rank) as i64);
    }
    for (position, l) in listed.iter().enumerate() {
        let component = match data.components.iter_mut().find(|c| c.id == l.id) {
            Some(c) => c,
            None => {
                data.components
                    .push(Component::named(l.id.clone(), l.id.clone()));
                let last = data.components.len() - 1;
                &mut data.components[last]
            }
        };
        if let Some(name) = &l.name {
            component.name = name.clone();
        }
        if let Some(group) = &l.group {
            component.group = Some(group.clone());
        }
        component.position = Some(position as i64);
    }
}

/// An incident's cause after the rules: its own when the data gives one, else that of the
/// first rule matching its title or an update, else unknown.
pub fn cause_by_rules(rules: &[CauseRule], incident: &candor_core::Incident) -> Cause {
    if incident.cause != Cause::Unknown {
        return incident.cause;
    }
    let texts =
        std::iter::once(&*incident.title).chain(incident.updates.iter().map(|u| u.body.as_str()));
    ruled_cause(rules, texts)
}

/// The cause of the first rule matching one of `texts` (an incident's title and updates),
/// else unknown: for an incident whose data leaves its cause unknown.
pub fn ruled_cause<'t>(rules: &[CauseRule], texts: impl Iterator<Item = &'t str>) -> Cause {
    if rules.is_empty() {
        return Cause::Unknown;
    }
    let lowered: Vec<String> = texts.map(str::to_lowercase).collect();
    rules
        .iter()
        .find(|r| r.matches_lowered(&lowered))
        .map_or(Cause::Unknown, |r| r.cause)
}

impl CauseRule {
    /// Whether a keyword appears as a whole word (case-insensitive) in the title or an update.
    pub fn matches(&self, incident: &candor_core::Incident) -> bool {
        let texts = std::iter::once(&*incident.title)
            .chain(incident.updates.iter().map(|u| u.body.as_str()));
        let lowered: Vec<String> = texts.map(str::to_lowercase).collect();
        self.matches_lowered(&lowered)
    }

    /// [`CauseRule::matches`] on texts already lowered.
    fn matches_lowered(&self, texts: &[String]) -> bool {
        self.keywords
            .get_ref()
            .iter()
            .map(|k| k.trim().to_lowercase())
            .filter(|k| !k.is_empty())
            .any(|k| texts.iter().any(|t| contains_word(t, &k)))
    }
}

fn contains_word(text: &str, word: &str) -> bool {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(word).any(|(i, _)| {
        !is_word(text[..i].chars().next_back()) && !is_word(text[i + word.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<LoadedConfig, ConfigError> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("candor.toml");
        std::fs::write(&path, text).expect("write");
        load(Some(path))
    }

    fn error_text(text: &str) -> String {
        let err = load_text(text).expect_err("should be refused");
        match err {
            ConfigError::Invalid { line, message, .. } => {
                format!("line {}: {message}", line.unwrap_or(0))
            }
            other => other.to_string(),
        }
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line() {
        let e = error_text("[page]\nname = \"Acme\"\nnmae = \"typo\"\n");
        assert!(e.starts_with("line 3: unknown field `nmae`"), "{e}");
    }

    #[test]
    fn bad_values_are_named_with_their_line() {
        let e = error_text("[page]\ntime_zone = \"Mars/Olympus\"\n");
        assert!(
            e.starts_with("line 2: page.time_zone: `Mars/Olympus`"),
            "{e}"
        );
        let e = error_text("\n[uptime]\nmajor_outage = 1\npartial_outage = 3\n");
        assert!(
            e.starts_with("line 4: uptime.partial_outage: 3 is not a weight"),
            "{e}"
        );
        let e = error_text("[[causes]]\ncause = \"partner\"\nkeywords = [\"AWS\"]\n");
        assert!(e.starts_with("line 2: unknown variant `partner`"), "{e}");
        let e = error_text("[incidents.x]\nend = \"yesterday\"\n");
        assert!(e.starts_with("line 2: incidents.x.end"), "{e}");
    }

    #[test]
    fn cause_rules_match_whole_words_in_titles_and_updates() {
        let loaded = load_text(
            "[[causes]]\ncause = \"external\"\nkeywords = [\"AWS\", \"upstream provider\"]\n",
        )
        .expect("valid");
        let rule = &loaded.config.causes[0];
        let incident = |title: &str| candor_core::Incident {
            id: "i".into(),
            title: title.into(),
            impact: Impact::Minor,
            start: DateTime::<Utc>::MIN_UTC,
            end: None,
            created_at: None,
            status: candor_core::UpdateStatus::Investigating,
            updates: Box::default(),
            components: vec![].into(),
            cause: Cause::Unknown,
            url: None,
            postmortem: None,
        };
        assert!(rule.matches(&incident("Outage at aws us-east-1")));
        assert!(rule.matches(&incident("Our Upstream Provider failed")));
        assert!(!rule.matches(&incident("New laws apply")));
    }

    #[test]
    fn components_take_names_groups_and_order_from_the_file() {
        let loaded = load_text(
            "[[components]]\nid = \"web\"\nname = \"Website\"\n\n[[components]]\nid = \"API\"\ngroup = \"Platform\"\n",
        )
        .expect("valid");
        let mut data = Dataset {
            components: vec![Component::named("API", "API"), Component::named("db", "db")],
            ..Dataset::default()
        };
        loaded.apply(&mut data);
        let mut list: Vec<_> = data
            .components
            .iter()
            .map(|c| {
                (
                    c.position,
                    c.id.as_str(),
                    c.name.as_str(),
                    c.group.as_deref(),
                )
            })
            .collect();
        list.sort();
        assert_eq!(
            list,
            [
                (Some(0), "web", "Website", None),
                (Some(1), "API", "API", Some("Platform")),
                (Some(2), "db", "db", None),
            ]
        );
    }
}
