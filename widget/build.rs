//! Writes the stylesheet the widget embeds: `src/style.css` minified by `src/css.rs`.

#[path = "src/css.rs"]
mod css;

use std::path::PathBuf;

fn main() -> Result<(), String> {
    println!("cargo::rerun-if-changed=src/style.css");
    println!("cargo::rerun-if-changed=src/css.rs");
    let source = std::fs::read_to_string("src/style.css")
        .map_err(|e| format!("cannot read widget/src/style.css: {e}"))?;
    let out_dir = std::env::var_os("OUT_DIR").ok_or("cargo did not set OUT_DIR")?;
    let out = PathBuf::from(out_dir).join("style.css");
    std::fs::write(&out, css::minify(&source))
        .map_err(|e| format!("cannot write {}: {e}", out.display()))
}
