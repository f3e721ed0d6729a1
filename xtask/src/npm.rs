//! The widget as an npm package, made by `cargo xtask dist`: `dist/npm/candor-status/` and its
//! tarball `dist/npm/candor-status-<version>.tgz` (`npm pack`), for `npm install` and bundlers.
//!
//! The package carries the entry (`widget/js/candor.js` as written: it loads each build's glue
//! with `import("./…js")` and its wasm with `new URL("./…wasm", import.meta.url)`, the forms
//! bundlers follow and copy), every build under its unhashed names (the bundler hashes what it
//! copies), the types (`widget/npm/candor-status.d.ts`), a README, and `package.json` from
//! `widget/npm/package.json` with the workspace's version.

use std::fs;
use std::path::{Path, PathBuf};

use crate::dist::Built;
use crate::setup::{self, path_str};

/// The version in the template, which `dist` replaces with the workspace's.
const VERSION_PLACEHOLDER: &str = "0.0.0-set-by-cargo-xtask-dist";

/// What npm adds to every package whatever `files` says.
const ALWAYS_PACKED: [&str; 2] = ["package.json", "README.md"];

/// Writes the package folder and, where npm is, packs it; returns the tarball's path (or the
/// folder's, without npm).
pub fn package(root: &Path, entry: &str, built: &[Built]) -> Result<PathBuf, String> {
    let template = root.join("widget").join("npm");
    let version = workspace_version(&read_text(&root.join("Cargo.toml"))?)?;
    let manifest = manifest(&read_text(&template.join("package.json"))?, &version)?;
    let name = package_name(&manifest)?;

    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("package.json".into(), manifest.clone().into_bytes()),
        ("README.md".into(), read(&template.join("README.md"))?),
        (
            "candor-status.d.ts".into(),
            read(&template.join("candor-status.d.ts"))?,
        ),
        ("candor.js".into(), entry.as_bytes().to_vec()),
    ];
    for one in built {
        let glue = format!("candor_widget_{}.js", one.kind);
        let wasm = format!("candor_widget_{}_bg.wasm", one.kind);
        for needed in [&glue, &wasm] {
            if !entry.contains(&format!("./{needed}")) {
                return Err(format!("widget/js/candor.js does not load `./{needed}`"));
            }
        }
        files.push((glue, one.glue.clone().into_bytes()));
        files.push((wasm, one.wasm.clone()));
    }
    check_files_listed(&manifest, &files)?;

    let out = root.join("dist").join("npm");
    let _ = fs::remove_dir_all(&out);
    let folder = out.join(&name);
    fs::create_dir_all(&folder).map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    for (file, bytes) in &files {
        let path = folder.join(file);
        fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    if !setup::have("npm") {
        eprintln!(
            "xtask dist: npm is not installed, so the package in {} is not packed (install Node.js and npm)",
            folder.display()
        );
        return Ok(folder);
    }
    // npm pack writes its entries in a fixed order with a fixed time: the same files give the
    // same tarball.
    setup::run(
        "npm",
        &[
            "pack",
            path_str(&folder)?,
            "--pack-destination",
            path_str(&out)?,
            "--silent",
        ],
    )?;
    let tarball = out.join(format!("{name}-{version}.tgz"));
    if !tarball.is_file() {
        return Err(format!("npm pack did not write {}", tarball.display()));
    }
    Ok(tarball)
}

/// `[workspace.package] version` of the root Cargo.toml.
fn workspace_version(cargo_toml: &str) -> Result<String, String> {
    let mut in_section = false;
    for line in cargo_toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_section = line == "[workspace.package]";
        } else if in_section {
            if let Some(value) = line.strip_prefix("version") {
                if let Some(value) = value.trim_start().strip_prefix('=') {
                    return Ok(value.trim().trim_matches('"').to_string());
                }
            }
        }
    }
    Err("Cargo.toml has no [workspace.package] version".into())
}

/// The template's `package.json` with the version set.
fn manifest(template: &str, version: &str) -> Result<String, String> {
    let quoted = format!("\"{VERSION_PLACEHOLDER}\"");
    if template.matches(&quoted).count() != 1 {
        return Err(format!(
            "widget/npm/package.json must have \"version\": {quoted}, which dist replaces"
        ));
    }
    let manifest = template.replace(&quoted, &format!("\"{version}\""));
    serde_json::from_str::<serde_json::Value>(&manifest)
        .map_err(|e| format!("widget/npm/package.json is not JSON: {e}"))?;
    Ok(manifest)
}

fn package_name(manifest: &str) -> Result<String, String> {
    let value: serde_json::Value = serde_json::from_str(manifest)
        .map_err(|e| format!("widget/npm/package.json is not JSON: {e}"))?;
    match value["name"].as_str() {
        Some(name) if !name.is_empty() && !name.contains(['/', '\\', '.']) => Ok(name.to_string()),
        _ => Err("widget/npm/package.json: `name` must be a plain package name".into()),
    }
}

/// `files` in package.json names exactly what the package holds besides what npm always packs:
/// a file left out would be missing from the tarball, a name with no file a typo.
fn check_files_listed(manifest: &str, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    let value: serde_json::Value = serde_json::from_str(manifest)
        .map_err(|e| format!("widget/npm/package.json is not JSON: {e}"))?;
    let listed: Vec<&str> = value["files"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f.as_str()).collect())
        .unwrap_or_default();
    let mut written: Vec<&str> = files
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| !ALWAYS_PACKED.contains(name))
        .collect();
    written.sort_unstable();
    let mut sorted = listed.clone();
    sorted.sort_unstable();
    if sorted != written {
        return Err(format!(
            "widget/npm/package.json lists the files {sorted:?}, the package holds {written:?}"
        ));
    }
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn read_text(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_the_workspaces() {
        let cargo = "[workspace]\nmembers = []\n\n[workspace.package]\nedition = \"2021\"\nversion = \"1.2.3\"\n\n[profile.release]\nversion = \"9\"\n";
        assert_eq!(workspace_version(cargo).as_deref(), Ok("1.2.3"));
        assert!(workspace_version("[package]\nversion = \"1.0.0\"\n").is_err());
    }

    #[test]
    fn the_manifest_gets_the_version_once() {
        let template = format!("{{\"name\": \"x\", \"version\": \"{VERSION_PLACEHOLDER}\"}}");
        let manifest = manifest(&template, "0.4.0").expect("a manifest");
        assert_eq!(manifest, "{\"name\": \"x\", \"version\": \"0.4.0\"}");
        assert!(self::manifest("{\"name\": \"x\", \"version\": \"1.0.0\"}", "0.4.0").is_err());
    }

    #[test]
    fn the_template_lists_every_file_the_package_holds() {
        let template = include_str!("../../widget/npm/package.json");
        let manifest = manifest(template, "0.1.0").expect("the template is a manifest");
        assert_eq!(package_name(&manifest).as_deref(), Ok("candor-status"));
        let holds = |names: &[&str]| -> Vec<(String, Vec<u8>)> {
            names.iter().map(|n| (n.to_string(), Vec::new())).collect()
        };
        let package = [
            "package.json",
            "README.md",
            "candor-status.d.ts",
            "candor.js",
            "candor_widget_feed.js",
            "candor_widget_feed_bg.wasm",
            "candor_widget_statuspage.js",
            "candor_widget_statuspage_bg.wasm",
            "candor_widget_incidentio.js",
            "candor_widget_incidentio_bg.wasm",
        ];
        assert_eq!(check_files_listed(&manifest, &holds(&package)), Ok(()));
        let error = check_files_listed(&manifest, &holds(&package[..9])).expect_err("one short");
        assert!(
            error.contains("candor_widget_incidentio_bg.wasm"),
            "{error}"
        );
    }

    #[test]
    fn the_manifest_points_at_the_entry_and_the_types() {
        let manifest: serde_json::Value =
            serde_json::from_str(include_str!("../../widget/npm/package.json")).expect("JSON");
        assert_eq!(manifest["type"], "module");
        assert_eq!(manifest["exports"]["."]["default"], "./candor.js");
        assert_eq!(manifest["exports"]["."]["types"], "./candor-status.d.ts");
        assert_eq!(manifest["types"], "./candor-status.d.ts");
        // Importing the package defines the element: bundlers must not drop it as unused.
        assert_eq!(manifest["sideEffects"], true);
    }

    /// The attributes the types name are those the element observes, in its order.
    #[test]
    fn the_types_name_every_attribute_the_element_observes() {
        let entry = include_str!("../../widget/js/candor.js");
        let list = entry
            .split("const ATTRIBUTES = [")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .expect("candor.js lists its ATTRIBUTES");
        let observed: Vec<&str> = list
            .split(',')
            .map(|a| a.trim().trim_matches('"'))
            .filter(|a| !a.is_empty())
            .collect();
        let types = include_str!("../../widget/npm/candor-status.d.ts");
        let interface = types
            .split("export interface CandorStatusAttributes {")
            .nth(1)
            .and_then(|rest| rest.split("\n}").next())
            .expect("the types have CandorStatusAttributes");
        let typed: Vec<&str> = interface
            .lines()
            .map(str::trim)
            .filter_map(|l| l.split_once("?:"))
            .map(|(name, _)| name.trim_matches('"'))
            .collect();
        assert_eq!(typed, observed);
        assert!(types.contains("\"candor-status\": CandorStatus;"));
        assert!(types.contains("\"candor-status-change\": CandorStatusChangeEvent;"));
    }
}
