//! The demo site's pages as files: each carries the strict Content-Security-Policy, and none
//! relies on inline script or style, which that policy would block.

use candor_e2e::root;

fn pages() -> Vec<std::path::PathBuf> {
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(root().join("www")).expect("www/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "html") {
            pages.push(path);
        }
    }
    pages.sort();
    pages
}

#[test]
fn the_site_has_its_pages() {
    let names: Vec<String> = pages()
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    for page in ["embed.html", "frame.html", "index.html", "status.html"] {
        assert!(names.iter().any(|n| n == page), "www/{page} is missing");
    }
}

#[test]
fn every_page_has_the_strict_policy_and_nothing_inline() {
    for page in pages() {
        let html = std::fs::read_to_string(&page).expect("read page");
        let name = page.display();
        let csp = html
            .split("http-equiv=\"Content-Security-Policy\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{name}: no Content-Security-Policy meta tag"));
        assert!(csp.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'"), "{name}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{name}");
        assert!(!html.contains("<style"), "{name}: a <style> element");
        assert!(!html.contains(" style="), "{name}: a style attribute");
        assert!(!has_event_handler(&html), "{name}: an inline event handler");
        for script in html.split("<script").skip(1) {
            let tag = script.split('>').next().unwrap_or_default();
            assert!(tag.contains(" src="), "{name}: an inline script");
        }
        assert!(
            html.contains("src=\"/widget/candor.js\""),
            "{name}: no widget script"
        );
    }
}

/// Whether the markup has an `on...=` attribute, such as `onclick="..."`.
fn has_event_handler(html: &str) -> bool {
    html.match_indices(" on").any(|(at, _)| {
        let rest = &html[at + 3..];
        let name_len = rest.chars().take_while(char::is_ascii_lowercase).count();
        name_len > 0 && rest[name_len..].starts_with('=')
    })
}
