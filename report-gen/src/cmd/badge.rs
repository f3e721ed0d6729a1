//! `report-gen badge`: writes SVG badges and shields.io endpoint JSON for the overall status
//! and each component's uptime, for READMEs and pages where no script may run.

use std::path::PathBuf;
use std::process::ExitCode;

use candor_core::History;

use crate::badge::{self, BadgeFile};
use crate::load::{self, InputArgs};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many days each uptime badge covers, today included
    #[arg(long, default_value_t = badge::DEFAULT_DAYS, value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
    /// The analysis time (RFC 3339) instead of the clock, for reproducible badges
    #[arg(long)]
    pub now: Option<String>,
    /// The folder to write the badges into; it is replaced as a whole
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace the output even when it is a file or a folder report-gen did not write
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub input: InputArgs,
}

pub fn run(args: Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let destination = output::folder_output(
        &args.output,
        "badge",
        &output::protected_inputs(&args.input),
        args.force,
    )?;
    let now = load::parse_now(args.now.as_deref())?;
    let loaded = load::load(&args.input)?;
    let history = History::new(&loaded.dataset, &loaded.zone, now, loaded.weights);
    let files = badge::render_all(&history, args.days);
    write_all(&destination, &files)
        .map_err(|err| format!("{}: cannot be written: {err}", args.output.display()))?;
    eprintln!(
        "wrote {} badges to {}",
        files.iter().filter(|f| f.path.ends_with(".svg")).count(),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes a badge set as a whole: the folder holds the old set or the new one, never a mix.
fn write_all(dest: &output::FolderOutput, files: &[BadgeFile]) -> std::io::Result<()> {
    dest.replace(|tmp| {
        for file in files {
            let path = tmp.join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, &file.bytes)?;
        }
        Ok::<(), std::io::Error>(())
    })
}
