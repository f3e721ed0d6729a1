//! `report-gen`: reads incident data and writes Candor's feed, posts, charts and badges.

use std::process::ExitCode;

use report_gen::cmd;

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
    /// Write a transparency post for a month or a range: Markdown, HTML, charts and facts.json.
    Post(cmd::post::Args),
    /// Write SVG badges and shields.io endpoint JSON: the status and each component's uptime.
    Badge(cmd::badge::Args),
    /// Pull a Statuspage page's documents and whole history into a folder, incrementally.
    Pull(cmd::pull::Args),
    /// Serve the feed, badges, posts, widget and a site on loopback, rebuilt when the input changes.
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Feed(args) => cmd::feed::run(args),
        Command::Post(args) => cmd::post::run(args),
        Command::Badge(args) => cmd::badge::run(args),
        Command::Pull(args) => cmd::pull::run(args),
        Command::Serve(args) => cmd::serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            // A flag's bad value, or an output refused before anything was written, is wrong
            // usage, as clap's own errors are.
            let usage = err.downcast_ref::<report_gen::load::BadNow>().is_some()
                || err.is::<report_gen::output::Refused>()
                || matches!(
                    err.downcast_ref::<report_gen::load::LoadError>(),
                    Some(report_gen::load::LoadError::TimeZone {
                        from: "--timezone",
                        ..
                    })
                );
            if usage {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
