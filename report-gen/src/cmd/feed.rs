//! `report-gen feed`: writes the widget's static feed (format: `docs/feed.md`), atomically.

use std::path::PathBuf;
use std::process::ExitCode;

use candor_core::feed::{self, FeedOptions};
use candor_core::History;

use crate::load::{self, InputArgs};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many days of uptime per component, today included
    #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
    /// The analysis time (RFC 3339) instead of the clock, for reproducible feeds
    #[arg(long)]
    pub now: Option<String>,
    /// Where to write the feed; `-` for standard output
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace the output file even when it is not a feed report-gen wrote
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub input: InputArgs,
}

pub fn run(args: Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let destination = output::file_output(
        &args.output,
        &output::protected_inputs(&args.input),
        args.force,
    )?;
    let now = load::parse_now(args.now.as_deref())?;
    let loaded = load::load(&args.input)?;
    let history = History::new(&loaded.dataset, &loaded.zone, now, loaded.weights);
    let feed = feed::build(
        &history,
        &FeedOptions {
            days: args.days,
            fallback_name: loaded.page_name.clone(),
            time_zone: loaded.zone_name.clone(),
        },
    );
    let json = feed::to_json(&feed);
    if json.len() > feed::MAX_FEED_BYTES {
        return Err(format!(
            "the feed would be {} bytes, more than the {} the widget reads (docs/feed.md); \
             nothing was written: shorten the longest update texts or lower --days",
            json.len(),
            feed::MAX_FEED_BYTES
        )
        .into());
    }
    destination
        .write(json.as_bytes())
        .map_err(|err| format!("{}: cannot be written: {err}", args.output.display()))?;
    let written = match destination {
        output::FileOutput::Stdout => "the feed to standard output".to_string(),
        _ => args.output.display().to_string(),
    };
    eprintln!(
        "wrote {written} ({} bytes): {} components, {} incidents",
        json.len(),
        feed.components.len(),
        feed.incidents.len()
    );
    Ok(ExitCode::SUCCESS)
}
