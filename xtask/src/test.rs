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
    setup::run("cargo", &["test", "--workspace"])?;
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
    eprintln!("xtask test: all passed");
    Ok(())
}
