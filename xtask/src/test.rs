//! `cargo xtask test`: everything CI runs, in the order that fails fastest.

use crate::setup;

pub fn run(_args: &[String]) -> Result<(), String> {
    setup::run("cargo", &["fmt", "--all", "--", "--check"])?;
    setup::run(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    // The end-to-end tests need the widget's build; they run last, after `dist`.
    setup::run("cargo", &["test", "--workspace", "--exclude", "candor-e2e"])?;
    setup::wasm_target()?;
    setup::run(
        "cargo",
        &[
            "build",
            "--package",
            "candor-core",
            "--target",
            "wasm32-unknown-unknown",
        ],
    )?;
    end_to_end()?;
    eprintln!("xtask test: all passed");
    Ok(())
}

/// The end-to-end tests: the real `report-gen serve`, the widget's build, Chromium.
fn end_to_end() -> Result<(), String> {
    setup::chromium()?;
    crate::serve::dist()?;
    setup::run("cargo", &["test", "--package", "candor-e2e"])
}
