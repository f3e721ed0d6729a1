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

use crate::setup::{self, path_str, WidgetToolchain};

/// The size we aim for: a page with the widget should cost no more than a small image.
pub const AIM_BYTES: usize = 100_000;

const TARGET: &str = "wasm32-unknown-unknown";

/// One wasm per kind of `src`: a page loads only the one its widgets need (`js/candor.js`
/// picks it), so each must fit its budget with the entry and its glue.
///
/// The budgets are the product's (issue 16): a page reading a Candor feed loads at most 120 KB
/// gzip -9, a page reading a live source (a vendor's API, parsed in the browser) at most 135 KB.
/// On 2026-12-06 they measured 103.3 KB and 129.4 KB; the widget's views are to be plain Yew
/// components, which costs bytes, and these budgets say how many it may cost.
///
/// They hold for the size build, with the pinned nightly (`setup::PINNED_NIGHTLY`). Where no
/// nightly can be had the widget is built with stable Rust, whose precompiled standard library
/// brings panic messages, locations and formatting along: each page has a stable budget too,
/// the product's plus what stable measured to cost more, and a little; a stable build over it
/// is reported, not refused (it is the fallback that keeps the demo running). On 2026-12-06
/// (`nightly-2026-05-19` against stable 1.95): a feed page 103.3 KB with nightly, 117.1 KB with
/// stable (+13.8); a Statuspage page 129.8 KB and 155.4 KB (+25.6: the Statuspage reader's
/// problem messages, which stable's formatting makes larger).
const BUILDS: [Build; 3] = [
    Build {
        kind: "feed",
        feature: "candor-feed",
        budget: FEED_PAGE_BYTES,
        stable_budget: FEED_PAGE_STABLE_BYTES,
    },
    Build {
        kind: "statuspage",
        feature: "statuspage",
        budget: LIVE_SOURCE_PAGE_BYTES,
        stable_budget: LIVE_SOURCE_PAGE_STABLE_BYTES,
    },
    Build {
        kind: "incidentio",
        feature: "incident-io",
        budget: LIVE_SOURCE_PAGE_BYTES,
        stable_budget: LIVE_SOURCE_PAGE_STABLE_BYTES,
    },
];

/// What a page whose `src` is a Candor feed may load.
pub const FEED_PAGE_BYTES: usize = 120_000;
/// What a page whose `src` is a live source (Statuspage's or incident.io's API) may load.
pub const LIVE_SOURCE_PAGE_BYTES: usize = 135_000;
/// [`FEED_PAGE_BYTES`] for a stable build: + 14 KB measured, + 2 KB.
pub const FEED_PAGE_STABLE_BYTES: usize = 136_000;
/// [`LIVE_SOURCE_PAGE_BYTES`] for a stable build: + 19 KB measured, + 2 KB.
pub const LIVE_SOURCE_PAGE_STABLE_BYTES: usize = 156_000;

/// The kind of source whose page loads the most over its budget: kind, bytes, budget.
type OverBudget = (String, usize, usize);

struct Build {
    /// The most bytes (gzip -9) a page with this kind of source may load, built with nightly.
    budget: usize,
    /// The same, built with stable Rust.
    stable_budget: usize,
    /// The name in `candor.js`: `./candor_widget_{kind}.js` and `./candor_widget_{kind}_bg.wasm`.
    kind: &'static str,
    /// The widget's cargo feature for this kind of source.
    feature: &'static str,
}

impl Build {
    fn glue_source(&self) -> String {
        format!("./candor_widget_{}.js", self.kind)
    }
    fn wasm_source(&self) -> String {
        format!("./candor_widget_{}_bg.wasm", self.kind)
    }
    /// The budget for a build with this toolchain.
    fn budget_with(&self, toolchain: &WidgetToolchain) -> usize {
        match toolchain {
            WidgetToolchain::Nightly(_) => self.budget,
            WidgetToolchain::Stable => self.stable_budget,
        }
    }
}

/// One kind of source's build: its minified JS glue and its wasm.
pub struct Built {
    pub kind: &'static str,
    pub glue: String,
    pub wasm: Vec<u8>,
}

pub fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err(format!(
            "unexpected arguments {args:?}: usage: cargo xtask dist (set {}=stable to build with stable Rust)",
            setup::TOOLCHAIN_ENV
        ));
    }
    let root = setup::root();
    let chosen = setup::widget_toolchain()?;
    setup::wasm_bindgen_cli()?;
    let (toolchain, built) = match build_all(&root, &chosen) {
        // A nightly other than the pinned one may reject the size build's unstable flags:
        // stable can still build the widget, so the demo still runs.
        Err(e)
            if !chosen.is_pinned()
                && chosen != WidgetToolchain::Stable
                && std::env::var_os(setup::TOOLCHAIN_ENV).is_none() =>
        {
            eprintln!("xtask dist: {e}\nxtask dist: that nightly could not build the widget: building it with stable Rust instead");
            let built = build_all(&root, &WidgetToolchain::Stable)?;
            (WidgetToolchain::Stable, built)
        }
        other => (chosen, other?),
    };

    let entry_source = root.join("widget").join("js").join("candor.js");
    let source = String::from_utf8_lossy(&read(&entry_source)?).into_owned();
    let mut entry = source.clone();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    // What a page with one kind of `src` loads: (kind, glue file, wasm file).
    let mut pages: Vec<(&Build, String, String)> = Vec::new();
    for (build, one) in BUILDS.iter().zip(&built) {
        let wasm_name = format!(
            "candor-widget-{}-{}.wasm",
            build.kind,
            short_hash(&one.wasm)
        );
        let glue_name = format!(
            "candor-widget-{}-{}.js",
            build.kind,
            short_hash(one.glue.as_bytes())
        );
        entry = rewrite_entry(
            &entry,
            &build.glue_source(),
            &glue_name,
            &build.wasm_source(),
            &wasm_name,
        )?;
        pages.push((build, glue_name.clone(), wasm_name.clone()));
        files.push((glue_name, one.glue.clone().into_bytes()));
        files.push((wasm_name, one.wasm.clone()));
    }
    let entry = minify_js(&entry, &root.join("target").join("widget-bindgen"))?;
    files.insert(0, ("candor.js".to_string(), entry.into_bytes()));

    let out = root.join("dist").join("widget");
    let (report, over) = write_dist(&out, &files, &pages, &toolchain)?;
    print!("{report}");
    if let Some((kind, total, budget)) = over {
        let message = format!(
            "the widget is over its size budget: a page with a {kind} source loads {total} bytes gzip -9, the budget is {budget}"
        );
        // The budgets are the size build's; a stable build is the fallback that keeps the demo
        // running where that build cannot be had: it says how far over it is, and goes on.
        if toolchain != WidgetToolchain::Stable {
            return Err(message);
        }
        eprintln!(
            "xtask dist: {message} (stable Rust; the size build with {} is what the budgets hold)",
            setup::PINNED_NIGHTLY
        );
    }
    let tarball = crate::npm::package(&root, &source, &built)?;
    println!("  npm package: {}", tarball.display());
    Ok(())
}

/// Every kind of source's build, in the order of [`BUILDS`].
fn build_all(root: &Path, toolchain: &WidgetToolchain) -> Result<Vec<Built>, String> {
    if toolchain == &WidgetToolchain::Stable && setup::have("rustup") {
        setup::wasm_target()?;
    }
    BUILDS
        .iter()
        .map(|build| build_one(root, build, toolchain))
        .collect()
}

/// Builds, binds and optimises the wasm for one kind of source.
fn build_one(root: &Path, build: &Build, toolchain: &WidgetToolchain) -> Result<Built, String> {
    // The same profile and package either way; a nightly adds its unstable flags.
    let (toolchain_arg, folder, unstable, rustflags) = match toolchain {
        // Nightly, rebuilding the standard library for size: `optimize_for_size` picks its
        // smaller implementations, and `panic=immediate-abort` drops panic messages, locations
        // and the formatting behind them (with `panic = "abort"` a panic already kills the
        // wasm; now it does so without words). About 16 KB gzip for the feed build, 25 KB for
        // Statuspage. Its own target folder, so that these flags do not rebuild the rest of
        // the workspace.
        //
        // `fmt-debug=none` and `location-detail=none`: no `Debug` formatting and no source
        // locations either (~0.8 KB gzip). The widget shows no error text, only "could not
        // update"; its tests, which read the messages, run on the ordinary build.
        // `--inline-max-stacksize=32`: LLVM inlines no function whose stack frame is over 32
        // bytes, mostly large functions with one caller: as with wasm-opt's `-ocimfs` below,
        // the copies compress worse than the calls (0.6 KB gzip).
        WidgetToolchain::Nightly(name) => (
            Some(format!("+{name}")),
            "dist-build",
            &[
                "-Z",
                "build-std=std,panic_abort",
                "-Z",
                "build-std-features=optimize_for_size",
            ][..],
            "-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none \
             -Cllvm-args=--inline-max-stacksize=32",
        ),
        // The toolchain cargo runs by default, its standard library as it comes. Its own
        // target folder, so that a stable build does not throw away the nightly one's.
        WidgetToolchain::Stable => (None, "dist-build-stable", &[][..], ""),
    };
    let target_dir = root.join("target").join(folder);
    let target_dir_arg = path_str(&target_dir)?;
    let mut args: Vec<&str> = toolchain_arg.iter().map(String::as_str).collect();
    args.extend([
        "build",
        "--package",
        "candor-widget",
        "--lib",
        "--profile",
        "widget",
        "--target",
        TARGET,
        "--no-default-features",
        "--features",
        build.feature,
    ]);
    args.extend(unstable);
    args.extend(["--target-dir", target_dir_arg]);
    setup::run_with_env("cargo", &args, &[("RUSTFLAGS", rustflags)])?;
    let built = target_dir
        .join(TARGET)
        .join("widget")
        .join("candor_widget.wasm");
    let out_name = format!("candor_widget_{}", build.kind);
    let bindgen_dir = root.join("target").join("widget-bindgen").join(build.kind);
    let _ = fs::remove_dir_all(&bindgen_dir);
    setup::run(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            // `candor.js` gives the glue its wasm, and every browser that runs the widget
            // has `TextEncoder.encodeInto`: neither fallback is needed in the glue.
            "--omit-default-module-path",
            "--encode-into",
            "always",
            "--remove-name-section",
            "--remove-producers-section",
            "--out-name",
            &out_name,
            "--out-dir",
            path_str(&bindgen_dir)?,
            path_str(&built)?,
        ],
    )?;
    let bindgen_wasm = bindgen_dir.join(format!("{out_name}_bg.wasm"));
    let wasm = match wasm_opt()? {
        Some(wasm_opt) => {
            let optimised = bindgen_dir.join(format!("{out_name}_opt.wasm"));
            // -Oz only: `--all-features` turns on compact imports, which Chromium refuses
            // ("Invalid import kind 127"); see TOOLCHAIN.md. `--converge` repeats the passes
            // while they still shrink the module (semantics-preserving; ~170 bytes gzip).
            // `--low-memory-unused` lets it fold constant offsets into loads and stores,
            // assuming nothing touches the first 1 KB of memory (~1.2 KB gzip). True of Rust's
            // wasm: the data starts at 1 MB and the stack grows down from there, so only a
            // stack already within 1 KB of overflowing would reach it.
            //
            // What counts is the size after gzip, not before, and two of -Oz's choices make
            // the module smaller but less compressible (measured on 2026-12-05, gzip -9 of the
            // wasm: Statuspage build 141.7 -> 131.6 KB, feed build 116.2 -> 110.4 KB):
            // - `-ocimfs 20`: a function with one caller is inlined only when it is small.
            //   By default every such function is, however large, and the copies (views,
            //   readers, the analysis) lose the likeness to their neighbours that gzip feeds on:
            //   -9.3 KB, though the raw module grows by 9 KB.
            // - `--skip-pass=local-cse`: reusing computed values in locals saves bytes raw but
            //   makes nearby code less alike: -0.8 KB.
            setup::run(
                path_str(&wasm_opt)?,
                &[
                    "-Oz",
                    "--converge",
                    "--low-memory-unused",
                    "--one-caller-inline-max-function-size",
                    "20",
                    "--skip-pass=local-cse",
                    "--strip-debug",
                    "--strip-producers",
                    path_str(&bindgen_wasm)?,
                    "-o",
                    path_str(&optimised)?,
                ],
            )?;
            // Then alike functions side by side, for gzip (`layout.rs`): wasm-opt moves them
            // into the order the names give, and the names go.
            let named = bindgen_dir.join(format!("{out_name}_named.wasm"));
            let laid_out = bindgen_dir.join(format!("{out_name}_laid_out.wasm"));
            let in_order = crate::layout::name_in_compression_order(&read(&optimised)?)?;
            fs::write(&named, in_order)
                .map_err(|e| format!("cannot write {}: {e}", named.display()))?;
            setup::run(
                path_str(&wasm_opt)?,
                &[
                    "--reorder-functions-by-name",
                    "--strip-debug",
                    "--strip-producers",
                    path_str(&named)?,
                    "-o",
                    path_str(&laid_out)?,
                ],
            )?;
            laid_out
        }
        None => {
            eprintln!("xtask dist: wasm-opt not available (needs npm); the wasm is not optimised");
            bindgen_wasm
        }
    };
    let glue = String::from_utf8(read(&bindgen_dir.join(format!("{out_name}.js")))?)
        .map_err(|_| "wasm-bindgen's JS glue is not UTF-8".to_string())?;
    let (wasm_bytes, glue) =
        crate::imports::shorten(&read(&wasm)?, &glue, &format!("./{out_name}_bg.js"))?;
    let glue = minify_js(&glue, &bindgen_dir)?;
    Ok(Built {
        kind: build.kind,
        glue,
        wasm: wasm_bytes,
    })
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The entry with one build's file names replaced by the hashed ones; fails when the source no
/// longer names them, rather than shipping an entry that loads nothing.
pub fn rewrite_entry(
    source: &str,
    glue_source: &str,
    glue_name: &str,
    wasm_source: &str,
    wasm_name: &str,
) -> Result<String, String> {
    for name in [glue_source, wasm_source] {
        if !source.contains(name) {
            return Err(format!("widget/js/candor.js does not import `{name}`"));
        }
    }
    Ok(source
        .replace(glue_source, &format!("./{glue_name}"))
        .replace(wasm_source, &format!("./{wasm_name}")))
}

/// The entry without its full-line comments, blank lines and indentation: every page loads it,
/// and the comments are for the source, not the CDN.
pub fn without_comments(source: &str) -> String {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .fold(String::new(), |mut out, line| {
            out.push_str(line);
            out.push('\n');
            out
        })
}

/// The glue without its whole-line `/* ... */` comments (wasm-bindgen's JSDoc), for
/// [`without_comments`] to finish; `None` when a line could be inside a string or template
/// literal that spans lines (an odd number of backticks, a trailing backslash), where lines
/// cannot be told apart from text.
pub fn without_doc_comments(source: &str) -> Option<String> {
    if source
        .lines()
        .any(|line| line.matches('`').count() % 2 == 1 || line.ends_with('\\'))
    {
        return None;
    }
    let mut out = String::with_capacity(source.len());
    let mut in_comment = false;
    for line in source.lines() {
        let trimmed = line.trim();
        if !in_comment && trimmed.starts_with("/*") {
            // Only a comment that ends at its line's end, or on a later line, is dropped.
            match trimmed[2..].find("*/") {
                Some(end) if end + 4 == trimmed.len() => continue,
                Some(_) => {}
                None => {
                    in_comment = true;
                    continue;
                }
            }
        }
        if in_comment {
            match trimmed.find("*/") {
                Some(end) if end + 2 == trimmed.len() => in_comment = false,
                Some(_) => return None,
                None => {}
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    (!in_comment).then_some(out)
}

/// wasm-opt from npm's binaryen 132 in the repository's `node_modules`, installed from
/// `package-lock.json` when npm is there; `None` when it cannot be had.
fn wasm_opt() -> Result<Option<PathBuf>, String> {
    node_tool("wasm-opt")
}

/// A tool from npm's packages (package.json): installed with `npm ci` when missing, `None`
/// when there is no npm.
fn node_tool(name: &str) -> Result<Option<PathBuf>, String> {
    let root = setup::root();
    let bin = root.join("node_modules").join(".bin").join(name);
    if bin.exists() {
        return Ok(Some(bin));
    }
    if !setup::have("npm") {
        return Ok(None);
    }
    setup::run("npm", &["ci", "--no-audit", "--no-fund"])?;
    Ok(bin.exists().then_some(bin))
}

/// An ES module minified by esbuild (names of exports and imports kept), or, without npm, with
/// its comments and indentation removed.
fn minify_js(source: &str, scratch: &Path) -> Result<String, String> {
    let Some(esbuild) = node_tool("esbuild")? else {
        eprintln!("xtask dist: esbuild not available (needs npm); the JS is not minified");
        let compact = without_doc_comments(source);
        return Ok(compact.map_or_else(|| without_comments(source), |c| without_comments(&c)));
    };
    fs::create_dir_all(scratch).map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let input = scratch.join("minify-input.js");
    let output = scratch.join("minify-output.js");
    fs::write(&input, source).map_err(|e| format!("cannot write {}: {e}", input.display()))?;
    setup::run(
        path_str(&esbuild)?,
        &[
            path_str(&input)?,
            "--minify",
            "--format=esm",
            "--target=es2022",
            "--log-level=warning",
            &format!("--outfile={}", path_str(&output)?),
        ],
    )?;
    String::from_utf8(read(&output)?).map_err(|_| "esbuild's output is not UTF-8".to_string())
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
/// then swaps it in, so `out` is never half-written. Returns the size report and, when a page
/// with one kind of source would load more than the budget, that kind and its total.
fn write_dist(
    out: &Path,
    files: &[(String, Vec<u8>)],
    pages: &[(&Build, String, String)],
    toolchain: &WidgetToolchain,
) -> Result<(String, Option<OverBudget>), String> {
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

    let mut report = match toolchain {
        WidgetToolchain::Nightly(name) if toolchain.is_pinned() => {
            format!("\nwidget built with {name}, the size build the budgets are for\n")
        }
        WidgetToolchain::Nightly(name) => format!(
            "\nwidget built with {name}, not the pinned {}: its size may differ from the budgets' measure\n",
            setup::PINNED_NIGHTLY
        ),
        WidgetToolchain::Stable => "\nwidget built with stable Rust: larger than the size build, measured against the stable budgets\n".to_string(),
    };
    report.push_str("widget files:\n");
    let mut integrity_json = String::from("{\n");
    let mut sizes: Vec<(&str, usize, usize)> = Vec::new();
    for (i, (name, bytes)) in files.iter().enumerate() {
        let gz = gzip(bytes);
        write(name, bytes)?;
        write(&format!("{name}.gz"), &gz)?;
        sizes.push((name, bytes.len(), gz.len()));
        let _ = writeln!(
            report,
            "  {name:<44} {:>9} bytes {:>9} gzip -9",
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

    let _ = writeln!(
        report,
        "what a page loads (candor.js, then one glue and wasm pair for its kind of src):"
    );
    let mut over: Option<OverBudget> = None;
    for (build, glue, wasm) in pages {
        let kind = build.kind;
        let loaded = ["candor.js", glue.as_str(), wasm.as_str()];
        let (raw, gz) = sizes
            .iter()
            .filter(|(name, _, _)| loaded.contains(name))
            .fold((0, 0), |(r, g), (_, raw, gz)| (r + raw, g + gz));
        let budget = build.budget_with(toolchain);
        let verdict = if gz > budget {
            if over.as_ref().is_none_or(|(_, worst, _)| gz > *worst) {
                over = Some((kind.to_string(), gz, budget));
            }
            "OVER BUDGET"
        } else if gz > AIM_BYTES {
            "within budget, above the aim"
        } else {
            "within budget"
        };
        let _ = writeln!(
            report,
            "  {:<44} {raw:>9} bytes {gz:>9} gzip -9  (budget {}, aim {AIM_BYTES}: {verdict})",
            format!("a page with a {kind} src"),
            budget
        );
    }
    let _ = writeln!(report, "  written to {}", out.display());

    let _ = fs::remove_dir_all(out);
    fs::rename(&staging, out).map_err(|e| {
        format!(
            "cannot move {} to {}: {e}",
            staging.display(),
            out.display()
        )
    })?;
    Ok((report, over))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_points_at_the_hashed_files() {
        let source = r#"glue: () => import("./candor_widget_feed.js"),
wasm: new URL("./candor_widget_feed_bg.wasm", import.meta.url),"#;
        let entry = rewrite_entry(
            source,
            "./candor_widget_feed.js",
            "candor-widget-feed-ab.js",
            "./candor_widget_feed_bg.wasm",
            "candor-widget-feed-cd.wasm",
        )
        .expect("rewritten");
        assert!(entry.contains(r#"import("./candor-widget-feed-ab.js")"#));
        assert!(entry.contains(r#"new URL("./candor-widget-feed-cd.wasm""#));
        assert!(rewrite_entry("import x from './other.js'", "./a.js", "a", "./b", "b").is_err());
    }

    #[test]
    fn the_glue_ships_without_its_doc_comments() {
        let glue = "/**\n * @param {string} a\n */\nexport function f(a) {\n    /* inline */ g(a);\n    return `${a}/**`;\n}\n/* one line */\n";
        let compact = without_doc_comments(glue).expect("no multi-line literals");
        assert_eq!(
            without_comments(&compact),
            "export function f(a) {\n/* inline */ g(a);\nreturn `${a}/**`;\n}\n"
        );
        // Text that may sit in a literal spanning lines is left alone.
        assert_eq!(without_doc_comments("const a = `\n/* text */\n`;\n"), None);
        assert_eq!(
            without_doc_comments("/* open */ x\n"),
            Some("/* open */ x\n".into())
        );
        assert_eq!(without_doc_comments("/* never closed\n"), None);
    }

    #[test]
    fn the_entry_ships_without_its_comments() {
        let source =
            "// what this is\n\nconst A = \"//not a comment\";\n  // indented\n  f(A); // kept\n";
        assert_eq!(
            without_comments(source),
            "const A = \"//not a comment\";\nf(A); // kept\n"
        );
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
    fn only_the_feed_page_has_the_feed_budget() {
        for build in &BUILDS {
            let expected = match build.kind {
                "feed" => (FEED_PAGE_BYTES, FEED_PAGE_STABLE_BYTES),
                _ => (LIVE_SOURCE_PAGE_BYTES, LIVE_SOURCE_PAGE_STABLE_BYTES),
            };
            let nightly = WidgetToolchain::Nightly(setup::PINNED_NIGHTLY.into());
            assert_eq!(
                (
                    build.budget_with(&nightly),
                    build.budget_with(&WidgetToolchain::Stable)
                ),
                expected,
                "the {} build's budgets",
                build.kind
            );
        }
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
