//! Candor's build automation, in Rust, run as `cargo xtask <task>` (the cargo xtask pattern).
//!
//! Each task lives in its own module. Tasks install what a fresh Debian machine lacks, or stop
//! with one line that says exactly what to install.

mod bench;
mod bench_widget;
mod compare_outputs;
mod dist;
mod feed_server;
mod fuzz;
mod gen_data;
mod imports;
mod layout;
mod loopback;
mod npm;
mod serve;
mod setup;
mod test;
mod wasm_binary;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  dist    the widget's files in dist/widget/: release build (with the pinned nightly, else
          another nightly, else stable; CANDOR_WIDGET_TOOLCHAIN=stable forces stable),
          wasm-bindgen, wasm-opt, hashed names behind candor.js, .gz files, integrity.json;
          fails over the size budget; and the npm package, dist/npm/candor-status-<version>.tgz
  serve [--port N]
          build the widget, then serve the demo site with the sample data's feed, badges and
          post at http://127.0.0.1:8080, rebuilt when www/data/ changes
  test    formatting, clippy, every native test, core for wasm32, the widget's browser tests,
          the end-to-end tests: everything CI runs
  gen-data --incidents N --components C --years Y --seed S --format statuspage|cstate|csv -o DIR
          write a realistic, reproducible incident history
  fuzz [--seconds N] [TARGET...]
          run each cargo-fuzz target (importers, candor.toml, the feed parser) for N seconds
  bench-compare [--incidents N]
          report-gen post and feed against a pandas + matplotlib script on the same CSV
          (wall time and peak memory; BENCHMARKS.md)
  compare-outputs --base REV
          every output of report-gen (check, feed, badge, post) on www/data, ../shared/data,
          the malformed corpus and large generated CSV files, by REV's binary and the
          worktree's, compared byte for byte
  bench-widget [--runs N] [--refreshes N] [--no-dist] [--widget DIR] [--compare DIR] [--trace DIR]
          the widget in headless Chromium on 20 components x 90 days and 50 incidents: time
          from the feed's arrival to the rendered widget (median of N fresh pages, goal 16 ms),
          and that refreshes with an unchanged feed render nothing (BENCHMARKS.md); another
          build served, two builds alternated, Chromium traces written";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match task.as_str() {
        "dist" => dist::run(rest),
        "test" => test::run(rest),
        "gen-data" => gen_data::run(rest),
        "serve" => serve::run(rest),
        "fuzz" => fuzz::run(rest),
        "bench-compare" => bench::run(rest),
        "bench-widget" => bench_widget::run(rest),
        "compare-outputs" => compare_outputs::run(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => {
            eprintln!("unknown task `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err}");
            ExitCode::FAILURE
        }
    }
}
