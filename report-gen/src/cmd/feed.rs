//! `report-gen feed`: writes the widget's static feed (format: `docs/feed.md`), atomically, and
//! beside it `history.atom` (`atom.rs`), its incidents and maintenances for feed readers.

use std::path::PathBuf;
use std::process::ExitCode;

use candor_core::feed::{self, FeedOptions};
use candor_core::History;

use crate::load::{self, InputArgs};
use crate::{atom, output};

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
    /// Replace the output file (and `history.atom` beside it) even when it is not one
    /// report-gen wrote
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub input: InputArgs,
}

pub fn run(args: Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let protected = output::protected_inputs(&args.input);
    let destination = output::file_output(&args.output, &protected, args.force)?;
    let atom_destination = atom_output(&destination, &protected, args.force)?;
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
    let mut atom_written = String::new();
    if let Some(path) = atom_destination {
        let text = atom::history_atom(&feed);
        output::FileOutput::Replace(path.clone())
            .write(text.as_bytes())
            .map_err(|err| format!("{}: cannot be written: {err}", path.display()))?;
        // Named as the feed was given, not by its real location.
        let shown = args.output.with_file_name(atom::FILE_NAME);
        atom_written = format!(", and {}", shown.display());
    }
    eprintln!(
        "wrote {written} ({} bytes): {} components, {} incidents{atom_written}",
        json.len(),
        feed.components.len(),
        feed.incidents.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Where `history.atom` goes: beside a feed written to a file, nowhere for a feed written to a
/// stream. Refused as the feed is (an input, a folder), and when a file of that name exists that
/// report-gen did not write, unless `force`.
fn atom_output(
    feed: &output::FileOutput,
    protected: &[output::Protected],
    force: bool,
) -> Result<Option<PathBuf>, output::Refused> {
    let output::FileOutput::Replace(feed_path) = feed else {
        return Ok(None);
    };
    let given = (feed_path.parent().map(|p| p.join(atom::FILE_NAME)))
        .unwrap_or_else(|| PathBuf::from(atom::FILE_NAME));
    // Forced here: whether an existing file may be replaced is the Atom's own question below.
    match output::file_output(&given, protected, true)? {
        output::FileOutput::Replace(path) => {
            let ours = std::fs::read(&path).map_or(true, |bytes| {
                bytes.is_empty() || bytes.starts_with(atom::START.as_bytes())
            });
            if ours || force {
                Ok(Some(path))
            } else {
                Err(output::Refused(format!(
                    "{}: this file is not a history.atom report-gen wrote; nothing was written: \
                     pass --force to replace it, or write the feed into another folder",
                    path.display()
                )))
            }
        }
        // A FIFO or a device named history.atom is not where a feed reader looks.
        _ => Ok(None),
    }
}
