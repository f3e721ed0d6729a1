//! Finding and installing the tools the tasks need: the wasm32 target, wasm-bindgen-cli at the
//! version Cargo.lock pins, Chromium and ChromeDriver.

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

/// The toolchain the widget's release wasm is built with: nightly, for `-Z build-std` (the
/// standard library rebuilt for size, with `panic=immediate-abort`: no panic messages or
/// formatting in the wasm). Makes sure it and its `rust-src` component are installed.
pub const WIDGET_TOOLCHAIN: &str = "nightly";

pub fn widget_toolchain() -> Result<(), String> {
    let listed = Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .map_err(|_| {
            "rustup is missing: install Rust with rustup (https://rustup.rs)".to_string()
        })?;
    let installed = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .any(|l| l.starts_with(&format!("{WIDGET_TOOLCHAIN}-")));
    if !installed {
        run(
            "rustup",
            &["toolchain", "install", WIDGET_TOOLCHAIN, "--profile", "minimal"],
        )
        .map_err(|e| {
            format!("{e}: the widget's wasm needs a nightly toolchain (`rustup toolchain install nightly`)")
        })?;
    }
    let components = Command::new("rustup")
        .args([
            "component",
            "list",
            "--installed",
            "--toolchain",
            WIDGET_TOOLCHAIN,
        ])
        .output()
        .map_err(|e| format!("could not run rustup: {e}"))?;
    if String::from_utf8_lossy(&components.stdout)
        .lines()
        .any(|l| l.trim() == "rust-src")
    {
        return Ok(());
    }
    run(
        "rustup",
        &[
            "component",
            "add",
            "rust-src",
            "--toolchain",
            WIDGET_TOOLCHAIN,
        ],
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
