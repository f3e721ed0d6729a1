//! Files from a folder on disk (the site, the widget's build): which file a URL path names,
//! without ever leaving the folder, and the content type it is served with.

use std::path::{Path, PathBuf};

/// What a URL path names inside a folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    File(PathBuf),
    /// A folder asked for without its trailing slash: relative links inside it only work
    /// from the slashed URL, so the client is sent there.
    AddSlash,
    NotFound,
}

/// Decodes `%XX` escapes; `None` for a broken escape or bytes that are not UTF-8.
pub fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The safe segments of a decoded path relative to a folder, or `None` when the path tries
/// to climb out, names a hidden file, or holds characters no file of ours has.
fn segments(relative: &str) -> Option<Vec<&str>> {
    let mut list = Vec::new();
    for segment in relative.split('/') {
        if segment.is_empty() {
            continue;
        }
        // "..", ".", dotfiles (.git, .env) and Windows-style separators never name a page.
        if segment.starts_with('.') || segment.contains(['\\', '\0', ':']) {
            return None;
        }
        list.push(segment);
    }
    Some(list)
}

/// Finds the file `relative` (already percent-decoded, without a leading slash) names in
/// `root`; a folder means its `index.html`.
pub fn lookup(root: &Path, relative: &str) -> Lookup {
    let Some(parts) = segments(relative) else {
        return Lookup::NotFound;
    };
    let mut path = root.to_path_buf();
    path.extend(&parts);
    if path.is_dir() {
        if !relative.is_empty() && !relative.ends_with('/') {
            return Lookup::AddSlash;
        }
        path.push("index.html");
    }
    // Symbolic links may point anywhere: serve only what really lies inside the folder.
    let (Ok(real), Ok(real_root)) = (path.canonicalize(), root.canonicalize()) else {
        return Lookup::NotFound;
    };
    if real.starts_with(&real_root) && real.is_file() {
        Lookup::File(real)
    } else {
        Lookup::NotFound
    }
}

/// The content type for a file name, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        Some("txt") => "text/plain; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        Some("xml") => "application/xml",
        Some("csv") => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("blog")).expect("mkdir");
        std::fs::write(dir.path().join("index.html"), "home").expect("write");
        std::fs::write(dir.path().join("blog/index.html"), "blog").expect("write");
        std::fs::write(dir.path().join("a b.css"), "x").expect("write");
        std::fs::write(dir.path().join(".env"), "secret").expect("write");
        dir
    }

    #[test]
    fn folders_serve_their_index_and_want_a_slash() {
        let dir = site();
        let root = dir.path();
        let real = |p: &str| root.join(p).canonicalize().expect("exists");
        assert_eq!(lookup(root, ""), Lookup::File(real("index.html")));
        assert_eq!(lookup(root, "blog/"), Lookup::File(real("blog/index.html")));
        assert_eq!(lookup(root, "blog"), Lookup::AddSlash);
        assert_eq!(
            lookup(root, &percent_decode("a%20b.css").expect("decodes")),
            Lookup::File(real("a b.css"))
        );
    }

    #[test]
    fn nothing_outside_the_folder_or_hidden_is_served() {
        let dir = site();
        let root = dir.path().join("blog");
        for path in [
            "../index.html",
            "..",
            "./index.html",
            "../.env",
            "a\\..\\b",
            "missing.html",
        ] {
            assert_eq!(lookup(&root, path), Lookup::NotFound, "{path}");
        }
        assert_eq!(lookup(dir.path(), ".env"), Lookup::NotFound);
        let decoded = percent_decode("%2e%2e/index.html").expect("decodes");
        assert_eq!(lookup(&root, &decoded), Lookup::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_folder_is_not_followed() {
        let dir = site();
        let outside = tempfile::tempdir().expect("temp dir");
        std::fs::write(outside.path().join("secret.txt"), "s").expect("write");
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("s.txt"))
            .expect("symlink");
        assert_eq!(lookup(dir.path(), "s.txt"), Lookup::NotFound);
    }

    #[test]
    fn broken_escapes_are_refused() {
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%4"), None);
        assert_eq!(percent_decode("%ff"), None);
        assert_eq!(percent_decode("caf%C3%A9").as_deref(), Some("café"));
    }

    #[test]
    fn wasm_and_scripts_get_their_types() {
        assert_eq!(
            content_type(Path::new("x/candor_bg.wasm")),
            "application/wasm"
        );
        assert_eq!(
            content_type(Path::new("candor.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("feed.JSON")), "application/json");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
