//! `report-gen check`: imports and validates, prints one summary line that accounts for every
//! file, then one line per problem and per skipped file. Exit 0 without errors, 1 with errors
//! (or, with `--strict`, with warnings).

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::import::{FileReport, Outcome, Problem, Summary};
use crate::load::{self, InputArgs};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How to print the result
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    summary: Summary,
    page: &'a str,
    time_zone: &'a str,
    files: &'a [FileReport],
    problems: &'a [Problem],
}

pub fn run(args: Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let loaded = load::load_unchecked(&args.input)?;
    let report = &loaded.report;
    let summary = report.summary(&loaded.dataset);
    // Written whole at the end; a reader that stops early (`| head`) is not an error.
    let mut out = String::new();
    match args.format {
        OutputFormat::Text => {
            out.push_str(&format!("{summary}\n"));
            for problem in &report.problems {
                out.push_str(&format!("{problem}\n"));
            }
            for file in &report.files {
                if let Outcome::Skipped { reason } = &file.outcome {
                    out.push_str(&format!("{}: skipped: {reason}\n", file.path.display()));
                }
            }
        }
        OutputFormat::Json => {
            let json = JsonReport {
                summary,
                page: &loaded.page_name,
                time_zone: &loaded.zone_name,
                files: &report.files,
                problems: &report.problems,
            };
            out.push_str(&serde_json::to_string_pretty(&json)?);
            out.push('\n');
        }
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => return Err(err.into()),
        _ => {}
    }
    Ok(if report.fails(args.input.strict) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
