//! The widget as web developers install it: the npm package `cargo xtask dist` packs
//! (`dist/npm/candor-status-<version>.tgz`), installed into a small Vite site (`tests/npm/`),
//! type-checked with TypeScript, built with Vite, served by `report-gen serve` with a feed and
//! shown in Chromium under a strict policy.
//!
//! The site's tools (Vite, TypeScript) come from the npm registry at the versions
//! `tests/npm/package-lock.json` pins, into a scratch copy of the site (npm's cache keeps them
//! for the next run); nothing is installed into the repository.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use candor_e2e::{copy_tree, root, Browser, Server};
use serde_json::json;

/// The one tarball in `dist/npm/`.
fn tarball() -> PathBuf {
    let dir = root().join("dist/npm");
    let tarballs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "tgz"))
                .collect()
        })
        .unwrap_or_default();
    match tarballs.as_slice() {
        [one] => one.clone(),
        _ => panic!(
            "{} should hold the one packed package, it holds {tarballs:?}: run `cargo xtask dist` (with npm installed) first (`cargo xtask test` does)",
            dir.display()
        ),
    }
}

/// Runs a command in `dir`, failing the test with its output when it fails.
fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!("could not start `{program}` ({e}): the npm package's test needs Node.js and npm (`apt-get install npm`)")
        });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "`{program} {}` failed in {}:\n{text}",
        args.join(" "),
        dir.display()
    );
    text
}

/// A scratch copy of `tests/npm/` with its tools and the packed widget installed, as a web
/// developer's `npm install candor-status` leaves it.
fn site_with_package() -> tempfile::TempDir {
    let tarball = tarball();
    let dir = tempfile::tempdir().expect("scratch folder");
    for entry in std::fs::read_dir(root().join("tests/npm")).expect("tests/npm exists") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("file type").is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
        }
    }
    let tarball = tarball.to_str().expect("a UTF-8 path");
    run(
        dir.path(),
        "npm",
        &[
            "install",
            "--no-audit",
            "--no-fund",
            "--prefer-offline",
            tarball,
        ],
    );
    let installed = dir.path().join("node_modules/candor-status");
    for file in [
        "package.json",
        "candor.js",
        "candor-status.d.ts",
        "candor_widget_feed_bg.wasm",
        "candor_widget_statuspage_bg.wasm",
    ] {
        assert!(
            installed.join(file).is_file(),
            "the installed package has no {file}"
        );
    }
    dir
}

#[test]
fn the_packages_types_check_a_typescript_developers_use_and_refuse_mistakes() {
    let site = site_with_package();
    // check.ts uses the element, its attributes and its event as typed, and marks with
    // `@ts-expect-error` what the types must refuse: a wrong view, an unknown attribute, a field
    // the event's detail does not have. A type too loose to refuse one fails the check too.
    run(site.path(), "node_modules/.bin/tsc", &["-p", "."]);
}

#[tokio::test]
async fn a_vite_site_built_with_the_package_shows_the_widget() {
    let site = site_with_package();
    run(
        site.path(),
        "node_modules/.bin/vite",
        &["build", "--logLevel", "warn"],
    );
    let built = site.path().join("dist");

    // Vite followed the package's `new URL("./….wasm", import.meta.url)` and copied the three
    // wasm files (feed, Statuspage, incident.io) into the site, under its own hashed names.
    let assets: Vec<String> = std::fs::read_dir(built.join("assets"))
        .expect("Vite wrote dist/assets")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let wasm: Vec<&String> = assets.iter().filter(|a| a.ends_with(".wasm")).collect();
    assert_eq!(wasm.len(), 3, "one wasm per kind of source in {assets:?}");

    copy_tree(
        &root().join("tests/fixtures/statuspage/api"),
        &built.join("statuspage/api"),
    );
    let data = root().join("tests/fixtures/acme");
    let server = Server::start(&[
        "--site",
        built.to_str().expect("utf-8"),
        data.to_str().expect("utf-8"),
    ]);
    let browser = Browser::start().await;
    browser
        .client
        .goto(&server.url("/"))
        .await
        .expect("goto the Vite site");
    for id in ["feed", "statuspage"] {
        browser
            .wait_js(
                &format!("the {id} widget to render its banner"),
                Duration::from_secs(30),
                &format!(
                    "const el = document.getElementById({}); return !!(el && el.shadowRoot && el.shadowRoot.querySelector('[part~=\"banner\"]'));",
                    json!(id)
                ),
            )
            .await;
    }
    let text = browser
        .js(
            "return ['feed', 'statuspage'].map((id) => document.getElementById(id).shadowRoot.textContent);",
            vec![],
        )
        .await;
    assert!(
        text[0].as_str().unwrap_or_default().contains("Public API"),
        "the feed's components: {text}"
    );
    assert!(
        text[1]
            .as_str()
            .unwrap_or_default()
            .contains("Minor service outage"),
        "the Statuspage page's status: {text}"
    );

    // Each widget announced its status, typed as the package's `.d.ts` says.
    let changes = browser
        .wait_js(
            "both widgets' candor-status-change",
            Duration::from_secs(10),
            "return window.__changes.length >= 2 && window.__changes;",
        )
        .await;
    for id in ["feed", "statuspage"] {
        let change = changes
            .as_array()
            .and_then(|all| all.iter().find(|c| c["id"] == id))
            .unwrap_or_else(|| panic!("no candor-status-change from #{id}: {changes}"));
        assert!(
            ["none", "maintenance", "minor", "major", "critical"]
                .contains(&change["indicator"].as_str().unwrap_or_default()),
            "{change}"
        );
        assert!(
            !change["description"]
                .as_str()
                .unwrap_or_default()
                .is_empty(),
            "{change}"
        );
    }
    assert_eq!(
        browser.js("return window.__defined;", vec![]).await,
        json!(true)
    );
    assert_eq!(
        browser.js("return window.__kinds;", vec![]).await,
        json!(["feed", "statuspage"])
    );

    // The wasm came from the site's own assets, not from the package's folder, and the strict
    // policy in index.html held.
    let loaded = browser
        .js(
            "return performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname).filter((p) => p.endsWith('.wasm'));",
            vec![],
        )
        .await;
    let loaded: Vec<&str> = loaded
        .as_array()
        .map(|a| a.iter().filter_map(|p| p.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(loaded.len(), 2, "{loaded:?}");
    for path in &loaded {
        assert!(
            path.starts_with("/assets/") && wasm.iter().any(|w| path.ends_with(w.as_str())),
            "{path} is not one of the site's assets {wasm:?}"
        );
    }
    assert_eq!(
        browser.js("return window.__violations;", vec![]).await,
        json!([])
    );
    browser.close().await;
}
