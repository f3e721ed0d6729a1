//! Finding and installing the tools the tasks need: the wasm32 target, the pinned nightly (or
//! what can stand in for it), wasm-bindgen-cli at the version Cargo.lock pins, npm, Chromium and
//! ChromeDriver.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the folder above `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs a command in the workspace root, echoing it; fails when it fails.
pub fn run(program: &str, args: &[&str]) -> Result<(), String> {
    run_with_env(program, args, &[])
}

/// Like [`run`], with extra environment variables.
pub fn run_with_env(program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .status()
        .map_err(|e| format!("could not start `{program}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// A path as text for a command's arguments, or why it cannot be.
pub fn path_str(path: &Path) -> Result<&str, String> {
    path.to_str()
        .ok_or_else(|| format!("{} is not valid UTF-8", path.display()))
}

/// Whether a command can be started and answers `--version`.
pub fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Adds the wasm32 target when rustup does not have it yet.
pub fn wasm_target() -> Result<(), String> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|_| {
            "rustup is missing: install Rust with rustup (https://rustup.rs)".to_string()
        })?;
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run("rustup", &["target", "add", "wasm32-unknown-unknown"])
}

/// The nightly the widget's release wasm is built and its size budgets measured with
/// (`dist.rs`). Pinned: a newer nightly may reject or change the unstable flags the size build
/// uses (`-Z build-std`, `-Cpanic=immediate-abort`, `-Zfmt-debug`), or the bytes they give.
pub const PINNED_NIGHTLY: &str = "nightly-2026-05-19";

/// Names a toolchain for the widget's release build (`stable`, or a rustup toolchain such as
/// `nightly`) instead of choosing one; `cargo xtask test` sets it to `stable` to check the
/// route a machine with stable Rust only takes.
pub const TOOLCHAIN_ENV: &str = "CANDOR_WIDGET_TOOLCHAIN";

/// What the widget's release wasm is built with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WidgetToolchain {
    /// A nightly (rustup's name for it), with its `rust-src`: the standard library rebuilt
    /// for size (`-Z build-std`). [`PINNED_NIGHTLY`] is the one the budgets were measured with.
    Nightly(String),
    /// The toolchain `cargo` runs by default, with its precompiled standard library: larger,
    /// measured against the stable budgets.
    Stable,
}

impl WidgetToolchain {
    pub fn is_pinned(&self) -> bool {
        matches!(self, WidgetToolchain::Nightly(name) if is_pinned_name(name))
    }
}

/// Whether rustup's name for a toolchain is the pinned nightly (`nightly-2026-05-19` or
/// `nightly-2026-05-19-<host>`).
fn is_pinned_name(name: &str) -> bool {
    name == PINNED_NIGHTLY || name.starts_with(&format!("{PINNED_NIGHTLY}-"))
}

/// Chooses the toolchain for the widget's release build and makes sure it can build: the
/// pinned nightly, installed through rustup when it is missing; where that cannot be (no
/// rustup, no network), another installed nightly; else stable. Each step down says why on
/// stderr. Fails only when [`TOOLCHAIN_ENV`] names a nightly that cannot be used.
pub fn widget_toolchain() -> Result<WidgetToolchain, String> {
    if let Ok(asked) = std::env::var(TOOLCHAIN_ENV) {
        let asked = asked.trim();
        if asked == "stable" || asked.is_empty() {
            eprintln!("xtask: {TOOLCHAIN_ENV}=stable: the widget is built with stable Rust");
            return Ok(WidgetToolchain::Stable);
        }
        rust_src(asked).map_err(|e| format!("{e} ({TOOLCHAIN_ENV}={asked})"))?;
        return Ok(WidgetToolchain::Nightly(asked.to_string()));
    }
    let Some(installed) = installed_toolchains() else {
        eprintln!(
            "xtask: rustup is not installed, so the pinned {PINNED_NIGHTLY} cannot be had: the widget \
             is built with the stable toolchain (larger; install rustup from https://rustup.rs for the \
             size build)"
        );
        return Ok(WidgetToolchain::Stable);
    };
    let pinned_there = installed.iter().any(|t| is_pinned_name(t));
    let pinned_ready = if pinned_there {
        rust_src(PINNED_NIGHTLY).is_ok()
    } else {
        run(
            "rustup",
            &[
                "toolchain",
                "install",
                PINNED_NIGHTLY,
                "--profile",
                "minimal",
                "--component",
                "rust-src",
            ],
        )
        .is_ok()
    };
    if pinned_ready {
        return Ok(WidgetToolchain::Nightly(PINNED_NIGHTLY.to_string()));
    }
    for nightly in other_nightlies(&installed) {
        if rust_src(nightly).is_ok() {
            eprintln!(
                "xtask: the pinned {PINNED_NIGHTLY} could not be installed: the widget is built with \
                 {nightly} instead (its size may differ from the budgets' measure)"
            );
            return Ok(WidgetToolchain::Nightly(nightly.clone()));
        }
    }
    eprintln!(
        "xtask: no nightly toolchain with rust-src could be had (the pinned one is {PINNED_NIGHTLY}): \
         the widget is built with stable Rust, larger, against the stable budgets"
    );
    Ok(WidgetToolchain::Stable)
}

/// The installed nightlies other than the pinned one, in the order to try them: dated ones,
/// newest first (the nearer the pinned date, the likelier the size build's flags still work),
/// then the plain `nightly` channel, whatever date it is at.
fn other_nightlies(installed: &[String]) -> Vec<&String> {
    let mut nightlies: Vec<&String> = installed
        .iter()
        .filter(|t| (t.as_str() == "nightly" || t.starts_with("nightly-")) && !is_pinned_name(t))
        .collect();
    let dated = |t: &str| t.as_bytes().get(8).is_some_and(u8::is_ascii_digit);
    nightlies.sort_by(|a, b| (dated(b), b.as_str()).cmp(&(dated(a), a.as_str())));
    nightlies
}

/// rustup's names of the installed toolchains, or `None` without rustup.
fn installed_toolchains() -> Option<Vec<String>> {
    let listed = Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    Some(
        String::from_utf8_lossy(&listed.stdout)
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .map(str::to_string)
            .collect(),
    )
}

/// Makes sure a toolchain has `rust-src` (what `-Z build-std` compiles), adding it if need be.
fn rust_src(toolchain: &str) -> Result<(), String> {
    let components = Command::new("rustup")
        .args(["component", "list", "--installed", "--toolchain", toolchain])
        .output()
        .map_err(|_| {
            "rustup is missing: install Rust with rustup (https://rustup.rs)".to_string()
        })?;
    if !components.status.success() {
        return Err(format!("the toolchain {toolchain} is not installed"));
    }
    if String::from_utf8_lossy(&components.stdout)
        .lines()
        .any(|l| l.trim() == "rust-src" || l.trim().starts_with("rust-src-"))
    {
        return Ok(());
    }
    run(
        "rustup",
        &["component", "add", "rust-src", "--toolchain", toolchain],
    )
}

/// The wasm-bindgen version Cargo.lock pins.
pub fn pinned_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock does not pin wasm-bindgen".into())
}

/// Installs wasm-bindgen-cli at the pinned version when the one on PATH differs or is missing.
pub fn wasm_bindgen_cli() -> Result<(), String> {
    let pinned = pinned_wasm_bindgen()?;
    let current = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if current.as_deref() == Some(&format!("wasm-bindgen {pinned}")) {
        return Ok(());
    }
    run(
        "cargo",
        &["install", "wasm-bindgen-cli", "--version", &pinned],
    )
}

/// Makes sure npm is installed (with apt-get as root), or says how: `dist` packs the widget's
/// npm package with it, and the end-to-end tests build a Vite site with that package.
pub fn npm() -> Result<(), String> {
    if have("npm") {
        return Ok(());
    }
    if is_root() && have("apt-get") {
        run("apt-get", &["update"])?;
        return run("apt-get", &["install", "-y", "npm"]);
    }
    Err("npm is missing: run `sudo apt-get install npm` (or install Node.js from https://nodejs.org)".into())
}

/// Makes sure Chromium and ChromeDriver are installed (with apt-get as root), or says how.
pub fn chromium() -> Result<(), String> {
    if have("chromium") && have("chromedriver") {
        return Ok(());
    }
    if is_root() && have("apt-get") {
        run("apt-get", &["update"])?;
        return run("apt-get", &["install", "-y", "chromium", "chromium-driver"]);
    }
    Err("Chromium and ChromeDriver are missing: run `sudo apt-get install chromium chromium-driver`".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pinned_nightly_is_known_by_its_name_with_or_without_the_host() {
        assert!(is_pinned_name(PINNED_NIGHTLY));
        assert!(is_pinned_name(&format!(
            "{PINNED_NIGHTLY}-x86_64-unknown-linux-gnu"
        )));
        assert!(!is_pinned_name("nightly-x86_64-unknown-linux-gnu"));
        assert!(!is_pinned_name("nightly-2026-05-190"));
        assert!(WidgetToolchain::Nightly(PINNED_NIGHTLY.into()).is_pinned());
        assert!(!WidgetToolchain::Nightly("nightly".into()).is_pinned());
        assert!(!WidgetToolchain::Stable.is_pinned());
    }

    #[test]
    fn other_nightlies_are_tried_dated_newest_first_then_the_channel() {
        let installed: Vec<String> = [
            "stable-x86_64-unknown-linux-gnu",
            "nightly-x86_64-unknown-linux-gnu",
            "nightly-2026-03-01-x86_64-unknown-linux-gnu",
            &format!("{PINNED_NIGHTLY}-x86_64-unknown-linux-gnu"),
            "nightly-2026-09-30-x86_64-unknown-linux-gnu",
            "1.95.0-x86_64-unknown-linux-gnu",
            "nightlyish",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            other_nightlies(&installed),
            [
                "nightly-2026-09-30-x86_64-unknown-linux-gnu",
                "nightly-2026-03-01-x86_64-unknown-linux-gnu",
                "nightly-x86_64-unknown-linux-gnu",
            ]
        );
    }
}
