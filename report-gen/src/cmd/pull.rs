//! `report-gen pull URL -o DIR`: brings a Statuspage page's documents and whole history into a
//! folder the other commands read (`pull/`), and prints one summary line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use candor_core::YearMonth;

use crate::output::Refused;
use crate::pull::{self, Options, Source};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The status page's address, e.g. https://www.githubstatus.com
    pub url: String,
    /// What kind of status page it is
    #[arg(long, value_enum, default_value_t = Source::Statuspage)]
    pub source: Source,
    /// The folder to pull into (made if missing); files pull did not write are left alone
    #[arg(short, long)]
    pub output: PathBuf,
    /// The first month wanted (YYYY-MM): the history is not paged past it
    #[arg(long, value_name = "YYYY-MM")]
    pub since: Option<String>,
    /// Replace files in the folder that pull did not write
    #[arg(long)]
    pub force: bool,
    /// Seconds one request may take
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
    /// The longest wait, in seconds, before asking again after a 429 or a 503 (Retry-After
    /// included)
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub max_wait: u64,
}

pub fn run(args: Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let url = page_url(&args.url)?;
    let since = match &args.since {
        Some(text) => Some(parse_month(text)?),
        None => None,
    };
    if args.output == std::path::Path::new("-") {
        return Err(Refused("`-o -`: pull writes a folder; name a folder".into()).into());
    }
    if std::fs::metadata(&args.output).is_ok_and(|m| !m.is_dir()) {
        return Err(Refused(format!(
            "{}: is not a folder; nothing was fetched: name a folder (made if missing)",
            args.output.display()
        ))
        .into());
    }
    if since.is_some() && args.source != Source::Statuspage {
        return Err(Refused(
            "--since: only a Statuspage page's history is paged; the other sources give their \
             current state"
                .into(),
        )
        .into());
    }
    // An address that cannot name the source's documents is wrong usage, found before any request.
    pull::vendors::documents(args.source, &url).map_err(Refused)?;
    let options = Options {
        source: args.source,
        url: url.clone(),
        dir: args.output.clone(),
        since,
        force: args.force,
        timeout: Duration::from_secs(args.timeout),
        max_wait: Duration::from_secs(args.max_wait),
        progress: std::io::stderr().is_terminal(),
    };
    let outcome = pull::pull(&options)?;
    for path in &outcome.kept {
        eprintln!(
            "kept {}: pull did not write this file (or it changed since); its document was not \
             fetched: move it away, or pass --force to replace it",
            path.display()
        );
    }
    for warning in &outcome.warnings {
        eprintln!("warning: {warning}");
    }
    for failure in &outcome.failed {
        eprintln!("error: {failure}");
    }
    let mut line = match args.source {
        Source::Statuspage => format!(
            "pulled {url} into {}: {} history pages, {} incidents and {} maintenances; {} \
             files written, {} unchanged, {} requests",
            args.output.display(),
            outcome.pages,
            outcome.incidents,
            outcome.maintenances,
            outcome.written,
            outcome.unchanged,
            outcome.requests
        ),
        _ => format!(
            "pulled {url} into {}: {} documents; {} files written, {} unchanged, {} requests",
            args.output.display(),
            outcome.documents,
            outcome.written,
            outcome.unchanged,
            outcome.requests
        ),
    };
    if !outcome.kept.is_empty() {
        line += &format!("; {} files kept", outcome.kept.len());
    }
    if !outcome.failed.is_empty() {
        line += &format!(
            "; {} failed (the next pull asks again)",
            outcome.failed.len()
        );
    }
    eprintln!("{line}");
    Ok(if outcome.failed.is_empty() && outcome.kept.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The page's address without a trailing `/`: http or https, nothing after the host but a path.
fn page_url(given: &str) -> Result<String, Refused> {
    let url = given.trim().trim_end_matches('/');
    let host = (url.strip_prefix("https://")).or(url.strip_prefix("http://"));
    match host {
        Some(rest) if !rest.is_empty() && !rest.contains(['?', '#', ' ']) => Ok(url.to_string()),
        _ => Err(Refused(format!(
            "`{given}`: not a status page's address; allowed: http:// or https:// and the \
             page's host, e.g. https://www.githubstatus.com"
        ))),
    }
}

fn parse_month(text: &str) -> Result<YearMonth, Refused> {
    let parsed = text.split_once('-').and_then(|(y, m)| {
        let year = (y.len() == 4).then(|| y.parse().ok()).flatten()?;
        let month = (m.len() == 2).then(|| m.parse().ok()).flatten()?;
        YearMonth::new(year, month)
    });
    parsed.ok_or_else(|| {
        Refused(format!(
            "--since `{text}`: not a month; allowed: YYYY-MM, e.g. 2024-01"
        ))
    })
}
