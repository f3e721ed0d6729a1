//! What every command does first: find and read `candor.toml`, import the inputs, apply the
//! configuration, and settle the page's name and time zone (flags, then the file, then the
//! data, then defaults). Also where the clock is read, once, for `--now`.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::config::{self, ConfigError, LoadedConfig};
use crate::import::{self, ImportOptions, ImportReport, KeepAll, PageFiles, Severity, Sink};

#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// IANA time zone for day and month boundaries (overrides candor.toml and the data)
    #[arg(long)]
    pub timezone: Option<String>,
    /// candor.toml to read instead of looking next to the input
    #[arg(long)]
    pub config: Option<std::path::PathBuf>,
    /// Warnings fail like errors (for a status repository's CI)
    #[arg(long)]
    pub strict: bool,
    /// Files or folders of incident data
    #[arg(required = true)]
    pub inputs: Vec<std::path::PathBuf>,
}

pub struct Loaded {
    /// Config applied (names, groups, causes, overrides).
    pub dataset: candor_core::Dataset,
    pub zone: chrono_tz::Tz,
    pub zone_name: String,
    /// Resolved: flag/config > data > input's name.
    pub page_name: String,
    pub weights: candor_core::uptime::UptimeWeights,
    /// Per-file outcome, counts, problems.
    pub report: ImportReport,
}

/// Why the data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(
        "`{zone}` ({from}) is not an IANA time zone; e.g. Europe/Berlin, America/New_York, UTC"
    )]
    TimeZone { zone: String, from: &'static str },
    #[error("{}", many_pages(pages))]
    ManyPages { pages: Vec<PageFiles> },
    #[error("{}", invalid_data(report, *strict))]
    InvalidData {
        report: Box<ImportReport>,
        strict: bool,
    },
}

fn many_pages(pages: &[PageFiles]) -> String {
    let listed: Vec<String> = pages.iter().map(|p| format!("  {p}")).collect();
    format!(
        "the input holds documents of {} Statuspage pages, which are not merged into one; say \
         which page this is with `[page] statuspage_id = \"...\"` in candor.toml (or give the \
         pages' files apart):\n{}",
        pages.len(),
        listed.join("\n")
    )
}

fn invalid_data(report: &ImportReport, strict: bool) -> String {
    let failing: Vec<String> = report.failing(strict).map(|p| p.to_string()).collect();
    let what = match (strict, failing.len()) {
        (false, 1) => "error",
        (false, _) => "errors",
        (true, 1) => "problem (--strict: warnings fail too)",
        (true, _) => "problems (--strict: warnings fail too)",
    };
    format!(
        "the input has {} {what}; nothing was written (`report-gen check` lists every problem):\n{}",
        failing.len(),
        failing.join("\n")
    )
}

/// Loads the inputs; an error when any problem in them is an error (every command except
/// `check` refuses bad data).
pub fn load(args: &InputArgs) -> Result<Loaded, LoadError> {
    let (loaded, KeepAll) = load_with(args, |_| KeepAll)?;
    refuse_errors(loaded, args.strict)
}

/// [`load`], each incident offered as it is read to the sink `sink` makes from the
/// configuration (read first): the dataset holds those it keeps; the account (and so what is
/// refused) is that of every incident.
pub fn load_into<S: Sink>(
    args: &InputArgs,
    sink: impl FnOnce(&LoadedConfig) -> S,
) -> Result<(Loaded, S), LoadError> {
    let (loaded, sink) = load_with(args, sink)?;
    Ok((refuse_errors(loaded, args.strict)?, sink))
}

/// Refuses data with errors, or, under `--strict`, with any problem.
fn refuse_errors(loaded: Loaded, strict: bool) -> Result<Loaded, LoadError> {
    if loaded.report.pages.len() > 1 {
        return Err(LoadError::ManyPages {
            pages: loaded.report.pages,
        });
    }
    if loaded.report.fails(strict) {
        return Err(LoadError::InvalidData {
            report: Box::new(loaded.report),
            strict,
        });
    }
    Ok(loaded)
}

/// Loads the inputs whatever problems they have, for `check`, which reports them all. Only a
/// bad configuration or time zone stops it.
pub fn load_unchecked(args: &InputArgs) -> Result<Loaded, LoadError> {
    let (loaded, KeepAll) = load_with(args, |_| KeepAll)?;
    Ok(loaded)
}

fn load_with<S: Sink>(
    args: &InputArgs,
    sink: impl FnOnce(&LoadedConfig) -> S,
) -> Result<(Loaded, S), LoadError> {
    let config_path = config::find(&args.inputs, args.config.as_deref());
    let config = config::load(config_path)?;

    // Times without an offset (cState) are read in the zone the user chose; the data's own
    // zone is not known before it is read.
    let chosen_zone = match (&args.timezone, config.time_zone()) {
        (Some(flag), _) => Some(parse_zone(flag, "--timezone")?),
        (None, Some(file)) => Some(parse_zone(file, "candor.toml page.time_zone")?),
        (None, None) => None,
    };
    let options = ImportOptions {
        naive_zone: chosen_zone.unwrap_or(chrono_tz::UTC),
    };
    let mut sink = sink(&config);
    let page = config.config.page.statuspage_id.as_deref();
    let (mut dataset, mut report) = import::import_page(&args.inputs, &options, &mut sink, page);

    let config_issues = config.apply(&mut dataset);
    // A repair the file replaces with the incident's own end (or impact, or title) is no longer
    // a problem.
    report.problems.retain(|p| {
        let settled = p
            .issue
            .incident
            .as_deref()
            .is_some_and(|id| config.sets(id, p.issue.settled_by));
        !(p.issue.severity == Severity::Warning && settled)
    });
    if let Some(path) = &config.path {
        for issue in config_issues {
            report.push(path, issue);
        }
    }

    let zone = match chosen_zone {
        Some(zone) => zone,
        // The importers checked the data's zone (a bad one is a warning naming its file).
        None => (dataset.page.time_zone.as_deref())
            .and_then(|name| parse_zone(name, "the data's page.time_zone").ok())
            .unwrap_or(chrono_tz::UTC),
    };
    let zone_name = zone.name().to_string();
    dataset.page.time_zone = Some(zone_name.clone());

    let page_name = dataset
        .page
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| name_of_input(&args.inputs));
    dataset.page.name = Some(page_name.clone());

    let loaded = Loaded {
        weights: config.weights(),
        dataset,
        zone,
        zone_name,
        page_name,
        report,
    };
    Ok((loaded, sink))
}

fn parse_zone(name: &str, source: &'static str) -> Result<chrono_tz::Tz, LoadError> {
    name.trim().parse().map_err(|_| LoadError::TimeZone {
        zone: name.to_string(),
        from: source,
    })
}

/// The page's name when nothing else gives one: the first input's folder or file name.
fn name_of_input(inputs: &[PathBuf]) -> String {
    let Some(first) = inputs.first() else {
        return "Status".into();
    };
    let path = first.canonicalize().unwrap_or_else(|_| first.clone());
    let name = if path.is_dir() {
        path.file_name()
    } else {
        path.file_stem()
    };
    name.map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "Status".into())
}

/// Why `--now` was refused.
#[derive(Debug, thiserror::Error)]
#[error("--now `{0}` is not an RFC 3339 time; e.g. 2026-08-31T23:59:59Z")]
pub struct BadNow(pub String);

/// The analysis time: `--now` when given, else the clock. The one place the clock is read.
pub fn parse_now(s: Option<&str>) -> Result<DateTime<Utc>, BadNow> {
    match s {
        Some(s) => DateTime::parse_from_rfc3339(s.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| BadNow(s.to_string())),
        None => Ok(DateTime::<Utc>::from(std::time::SystemTime::now())),
    }
}
