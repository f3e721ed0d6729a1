//! `index.html`: the post's Markdown rendered with pulldown-cmark, sanitised with ammonia, and
//! set in a standalone page whose charts are inline `data:` images (no request to any host).

use std::collections::BTreeMap;

use base64::Engine;
use minijinja::value::Value;
use minijinja::Environment;
use pulldown_cmark::{html, Options, Parser};

use super::charts::PostChart;
use super::markdown::Meta;
use super::{PostError, Templates};

/// The Markdown after its front matter.
fn body_of(markdown: &str) -> &str {
    for fence in ["---\n", "+++\n"] {
        if let Some(rest) = markdown.strip_prefix(fence) {
            if let Some(end) = rest.find(&format!("\n{fence}")) {
                return &rest[end + 1 + fence.len()..];
            }
        }
    }
    markdown
}

/// The post's Markdown as sanitised HTML, its chart images replaced by inline SVG data.
pub fn body_html(markdown: &str, charts: &[PostChart]) -> String {
    let inline: BTreeMap<String, String> = charts
        .iter()
        .map(|c| {
            let data = base64::engine::general_purpose::STANDARD.encode(c.rendered.svg.as_bytes());
            (
                format!("charts/{}.svg", c.stem),
                format!("data:image/svg+xml;base64,{data}"),
            )
        })
        .collect();
    // The filter runs after ammonia's URL checks, so only our own chart paths can become
    // `data:` URLs; a `data:` URL written into the data is dropped like any other scheme
    // ammonia does not allow.
    let mut sanitiser = ammonia::Builder::default();
    sanitiser.attribute_filter(move |element, attribute, value| {
        if element == "img" && attribute == "src" {
            if let Some(data) = inline.get(value) {
                return Some(data.clone().into());
            }
        }
        Some(value.into())
    });
    let mut raw = String::with_capacity(markdown.len() * 2);
    html::push_html(
        &mut raw,
        Parser::new_ext(body_of(markdown), markdown_options()),
    );
    sanitiser.clean(&raw).to_string()
}

/// The Markdown the post is written in: CommonMark with tables and strikethrough.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Renders `index.html`.
pub fn render(
    env: &Environment<'_>,
    templates: &Templates,
    meta: &Meta,
    timezone: &str,
    markdown: &str,
    charts: &[PostChart],
) -> Result<String, PostError> {
    let template = env
        .get_template(Templates::HTML)
        .map_err(|e| PostError::template(&templates.html.origin, e))?;
    let body = body_html(markdown, charts);
    // The page is the body and the template around it: written into room for both rather than
    // grown by doubling (a page listing 28,311 incidents is 11 MB, and a copy of it growing
    // beside the body was the peak of `post`).
    let mut page = Vec::with_capacity(body.len() + templates.html.text.len() + 4096);
    template
        .render_captured_to(
            minijinja::context! {
                title => meta.title.clone(),
                date => meta.date.clone(),
                description => meta.description.clone(),
                timezone => timezone.to_string(),
                body => Value::from_safe_string(body),
            },
            &mut page,
        )
        .map_err(|e| PostError::template(&templates.html.origin, e))?;
    String::from_utf8(page).map_err(|e| PostError::Template {
        origin: templates.html.origin.clone(),
        message: format!("the page written is not UTF-8: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_not_part_of_the_body() {
        assert_eq!(body_of("---\ntitle: x\n---\nHello\n"), "Hello\n");
        assert_eq!(body_of("+++\ntitle = 'x'\n+++\nHello\n"), "Hello\n");
        assert_eq!(body_of("Hello\n"), "Hello\n");
    }

    #[test]
    fn raw_html_and_foreign_data_urls_are_removed() {
        let html = body_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n![a](data:image/svg+xml;base64,AAAA)\n\n[x](javascript:alert(1))\n",
            &[],
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }
}
