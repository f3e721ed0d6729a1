//! `report-gen`: reads incident data and writes Candor's feed, posts, charts and badges.

mod cmd;
mod load;
mod output;

// The importers and the configuration are in the library, where the benchmarks and the fuzzers
// reach them too.
use report_gen::{config, import};

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "report-gen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import and validate incident data; print a summary and every problem.
    Check(cmd::check::Args),
    /// Write the widget's static feed.
    Feed(cmd::feed::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Feed(args) => cmd::feed::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
