//! `cargo xtask dist`: the widget's files for a web host or CDN, in `dist/widget/`.
//!
//! The release build (the size-optimised `widget` profile) goes through wasm-bindgen and, when
//! npm's binaryen is available, wasm-opt. The wasm and its JS glue get content-hashed names, so
//! they can be cached forever; `candor.js`, the stable entry a page loads, points at them.
//! Next to them: precompressed `.gz` files, `integrity.json` with SRI hashes, and a size report.
//! The task fails when what a page loads is over budget.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};

use crate::setup;

/// What a page loads (entry, glue and wasm), gzip -9, must stay under this many bytes.
pub const BUDGET_BYTES: usize = 120_000;
/// The size we aim for; over it the report says so, without failing.
pub const AIM_BYTES: usize = 100_000;

const TARGET: &str = "wasm32-unknown-unknown";

pub fn run(_args: &[String]) -> Result<(), String> {
    let root = setup::root();
    setup::wasm_target()?;
    setup::run(
        "cargo",
        &[
            "build",
            "--package",
            "candor-widget",
            "--lib",
            "--profile",
            "widget",
            "--target",
            TARGET,
        ],
    )?;
    setup::wasm_bindgen_cli()?;

    let built = root
        .join("target")
        .join(TARGET)
        .join("widget")
        .join("candor_widget.wasm");
    let bindgen_dir = root.join("target").join("widget-bindgen");
    let _ = fs::remove_dir_all(&bindgen_dir);
    setup::run(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            "--remove-name-section",
            "--remove-producers-section",
            "--out-dir",
            path_str(&bindgen_dir)?,
            path_str(&built)?,
        ],
    )?;
    let bindgen_wasm = bindgen_dir.join("candor_widget_bg.wasm");
    let wasm = match wasm_opt()? {
        Some(wasm_opt) => {
            let optimised = bindgen_dir.join("candor_widget_opt.wasm");
            // -Oz only: `--all-features` turns on compact imports, which Chromium refuses
            // ("Invalid import kind 127"); see TOOLCHAIN.md.
            setup::run(
                path_str(&wasm_opt)?,
                &[
                    "-Oz",
                    "--strip-debug",
                    "--strip-producers",
                    path_str(&bindgen_wasm)?,
                    "-o",
                    path_str(&optimised)?,
                ],
            )?;
            optimised
        }
        None => {
            eprintln!("xtask dist: wasm-opt not available (needs npm); the wasm is not optimised");
            bindgen_wasm
        }
    };

    let wasm_bytes = read(&wasm)?;
    let wasm_name = format!("candor-widget-{}.wasm", short_hash(&wasm_bytes));
    let glue = String::from_utf8(read(&bindgen_dir.join("candor_widget.js"))?)
        .map_err(|_| "wasm-bindgen's JS glue is not UTF-8".to_string())?
        .replace("candor_widget_bg.wasm", &wasm_name);
    let glue_name = format!("candor-widget-{}.js", short_hash(glue.as_bytes()));
    let entry_source = root.join("widget").join("js").join("candor.js");
    let entry = rewrite_entry(
        &String::from_utf8_lossy(&read(&entry_source)?),
        &glue_name,
        &wasm_name,
    )?;

    let files: Vec<(String, Vec<u8>)> = vec![
        ("candor.js".to_string(), entry.into_bytes()),
        (glue_name, glue.into_bytes()),
        (wasm_name, wasm_bytes),
    ];
    let out = root.join("dist").join("widget");
    let report = write_dist(&out, &files)?;
    print!("{report}");
    let total: usize = files.iter().map(|(_, b)| gzip(b).len()).sum();
    if total > BUDGET_BYTES {
        return Err(format!(
            "the widget is over its size budget: {total} bytes gzip -9, the budget is {BUDGET_BYTES}"
        ));
    }
    Ok(())
}

fn path_str(path: &Path) -> Result<&str, String> {
    path.to_str()
        .ok_or_else(|| format!("{} is not valid UTF-8", path.display()))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The entry with the file names wasm-bindgen gives replaced by the hashed ones; fails when the
/// source no longer names them, rather than shipping an entry that loads nothing.
pub fn rewrite_entry(source: &str, glue_name: &str, wasm_name: &str) -> Result<String, String> {
    for name in ["./candor_widget.js", "./candor_widget_bg.wasm"] {
        if !source.contains(name) {
            return Err(format!("widget/js/candor.js does not import `{name}`"));
        }
    }
    Ok(source
        .replace("./candor_widget.js", &format!("./{glue_name}"))
        .replace("./candor_widget_bg.wasm", &format!("./{wasm_name}")))
}

/// wasm-opt from npm's binaryen 132 in the repository's `node_modules`, installed from
/// `package-lock.json` when npm is there; `None` when it cannot be had.
fn wasm_opt() -> Result<Option<PathBuf>, String> {
    let root = setup::root();
    let bin = root.join("node_modules").join(".bin").join("wasm-opt");
    if bin.exists() {
        return Ok(Some(bin));
    }
    if !setup::have("npm") {
        return Ok(None);
    }
    setup::run("npm", &["ci", "--no-audit", "--no-fund"])?;
    Ok(bin.exists().then_some(bin))
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// The first 16 hex digits of the SHA-256: enough to tell builds apart in a file name.
pub fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A Subresource Integrity value: `sha384-` and the base64 of the digest.
pub fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes the files, their `.gz` twins and `integrity.json` into a fresh folder next to `out`,
/// then swaps it in, so `out` is never half-written. Returns the size report.
fn write_dist(out: &Path, files: &[(String, Vec<u8>)]) -> Result<String, String> {
    let parent = out.parent().ok_or("dist/widget has no parent folder")?;
    fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let staging = parent.join(".widget.tmp");
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging)
        .map_err(|e| format!("cannot create {}: {e}", staging.display()))?;
    let write = |name: &str, bytes: &[u8]| {
        let path = staging.join(name);
        fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };

    let mut report = String::from("\nwidget size (what a page loads):\n");
    let mut integrity_json = String::from("{\n");
    let mut total_raw = 0;
    let mut total_gz = 0;
    for (i, (name, bytes)) in files.iter().enumerate() {
        let gz = gzip(bytes);
        write(name, bytes)?;
        write(&format!("{name}.gz"), &gz)?;
        total_raw += bytes.len();
        total_gz += gz.len();
        let _ = writeln!(
            report,
            "  {name:<40} {:>9} bytes {:>9} gzip -9",
            bytes.len(),
            gz.len()
        );
        let comma = if i + 1 < files.len() { "," } else { "" };
        let _ = writeln!(
            integrity_json,
            "  {}: {}{comma}",
            json_string(name),
            json_string(&integrity(bytes))
        );
    }
    integrity_json.push_str("}\n");
    write("integrity.json", integrity_json.as_bytes())?;
    let verdict = if total_gz > BUDGET_BYTES {
        "OVER BUDGET"
    } else if total_gz > AIM_BYTES {
        "within budget, above the aim"
    } else {
        "within budget"
    };
    let _ = writeln!(
        report,
        "  {:<40} {total_raw:>9} bytes {total_gz:>9} gzip -9  (budget {BUDGET_BYTES}, aim {AIM_BYTES}: {verdict})",
        "total"
    );
    let _ = writeln!(report, "  written to {}", out.display());

    let _ = fs::remove_dir_all(out);
    fs::rename(&staging, out).map_err(|e| {
        format!(
            "cannot move {} to {}: {e}",
            staging.display(),
            out.display()
        )
    })?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_points_at_the_hashed_files() {
        let source = r#"import init from "./candor_widget.js";
const WASM = new URL("./candor_widget_bg.wasm", import.meta.url);"#;
        let entry = rewrite_entry(source, "candor-widget-ab.js", "candor-widget-cd.wasm")
            .expect("rewritten");
        assert!(entry.contains(r#"from "./candor-widget-ab.js""#));
        assert!(entry.contains(r#"new URL("./candor-widget-cd.wasm""#));
        assert!(rewrite_entry("import x from './other.js'", "a", "b").is_err());
    }

    #[test]
    fn hashes_are_stable_and_sri_shaped() {
        assert_eq!(short_hash(b"abc"), "ba7816bf8f01cfea");
        assert_eq!(
            integrity(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }

    #[test]
    fn gzip_round_trips() {
        use std::io::Read as _;
        let data = b"candor candor candor candor".repeat(50);
        let gz = gzip(&data);
        assert!(gz.len() < data.len());
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut back)
            .expect("valid gzip");
        assert_eq!(back, data);
    }
}
