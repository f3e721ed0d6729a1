//! `cargo xtask test`: everything CI runs, in the order that fails fastest.

use crate::{feed_server, setup};

pub fn run(args: &[String]) -> Result<(), String> {
    // `cargo xtask test widget`: the widget's tests alone, native then in Chromium (what a
    // change of the widget needs before the whole run).
    if args.first().map(String::as_str) == Some("widget") {
        setup::run("cargo", &["test", "--package", "candor-widget"])?;
        return widget_in_chromium();
    }
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
    widget_in_chromium()?;
    stable_widget()?;
    // Builds dist/widget (with its size budget) and the npm package, then drives them in
    // Chromium.
    end_to_end()?;
    eprintln!("xtask test: all passed");
    Ok(())
}

/// The widget's wasm-bindgen tests in headless Chromium (flags in widget/webdriver.json).
fn widget_in_chromium() -> Result<(), String> {
    setup::wasm_bindgen_cli()?;
    setup::chromium()?;
    let chromedriver = which("chromedriver").unwrap_or_else(|| "/usr/bin/chromedriver".into());
    let fixture = setup::root().join("widget/tests/fixtures/feed.json");
    let server = feed_server::start(fixture)?;
    setup::run_with_env(
        "cargo",
        &[
            "test",
            "--package",
            "candor-widget",
            "--target",
            "wasm32-unknown-unknown",
        ],
        &[
            ("CHROMEDRIVER", &chromedriver),
            ("CANDOR_WIDGET_TEST_SERVER", &server),
        ],
    )
}

fn which(program: &str) -> Option<String> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
            .and_then(|p| p.to_str().map(str::to_string))
    })
}

/// The route of a machine with stable Rust only: `dist` builds the widget with stable, within
/// the stable budgets. Its output is replaced by the size build's next.
fn stable_widget() -> Result<(), String> {
    setup::run_with_env(
        "cargo",
        &["xtask", "dist"],
        &[(setup::TOOLCHAIN_ENV, "stable")],
    )
}

/// The end-to-end tests: the real `report-gen serve`, the widget's build, its npm package in a
/// Vite site, Chromium.
fn end_to_end() -> Result<(), String> {
    setup::chromium()?;
    setup::npm()?;
    crate::serve::dist()?;
    setup::run("cargo", &["test", "--package", "candor-e2e"])
}
