//! The embed builder: its snippet says what the form says, and pasted into a blank page it
//! renders the same widget as the preview.

use std::time::Duration;

use candor_e2e::{widget_dist, Browser, Scratch, Server};
use fantoccini::Locator;
use serde_json::json;

async fn snippet(browser: &Browser) -> String {
    browser
        .js(
            "return document.getElementById('snippet').textContent;",
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn choose(browser: &Browser, css: &str) {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .expect("click");
}

#[tokio::test]
async fn the_snippet_follows_the_form_and_escapes_what_is_typed() {
    let scratch = Scratch::new("acme");
    let site = scratch.site();
    let data = scratch.data();
    let server = Server::start(&[
        "--site",
        site.to_str().expect("utf-8"),
        data.to_str().expect("utf-8"),
    ]);
    let browser = Browser::start().await;
    browser
        .client
        .goto(&server.url("/embed.html"))
        .await
        .expect("goto");
    browser
        .wait_js(
            "the first snippet",
            Duration::from_secs(10),
            "return document.getElementById('snippet').textContent.length > 0;",
        )
        .await;
    let first = snippet(&browser).await;
    assert_eq!(
        first,
        format!(
            "<script type=\"module\" src=\"{base}/widget/candor.js\"></script>\n<candor-status src=\"{base}/feed.json\"></candor-status>",
            base = server.base
        )
    );

    // The banner is offered too.
    choose(&browser, "input[name=view][value=banner]").await;
    let banner = snippet(&browser).await;
    assert!(banner.contains(" view=\"banner\""), "{banner}");

    choose(&browser, "input[name=view][value=compact]").await;
    choose(&browser, "input[name=theme][value=dark]").await;
    browser
        .js(
            "const f = (id, v) => { const el = document.getElementById(id); el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); };
             f('days', '30'); f('components', 'api, \"><script>x</script>'); f('locale', 'de');
             document.getElementById('locale').dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .await;
    let text = snippet(&browser).await;
    assert!(text.contains(" view=\"compact\""), "{text}");
    assert!(text.contains(" theme=\"dark\""), "{text}");
    assert!(text.contains(" days=\"30\""), "{text}");
    assert!(text.contains(" locale=\"de\""), "{text}");
    assert!(
        text.contains("components=\"api,&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""),
        "{text}"
    );
    // The preview carries the same attributes, and the typed text stayed text on the page.
    let preview = browser
        .js("const w = document.querySelector('#preview candor-status'); return [w.getAttribute('view'), w.getAttribute('theme'), w.getAttribute('days'), document.querySelectorAll('#builder ~ * script, .snippet script').length];", vec![])
        .await;
    assert_eq!(preview, json!(["compact", "dark", "30", 0]));

    choose(&browser, "input[name=kind][value=iframe]").await;
    let iframe = snippet(&browser).await;
    assert!(
        iframe.starts_with(&format!("<iframe src=\"{}/frame.html?src=", server.base)),
        "{iframe}"
    );
    assert!(iframe.contains("view=compact"), "{iframe}");
    assert!(iframe.contains("title=\"Service status\""), "{iframe}");
    browser.close().await;
}

#[tokio::test]
async fn the_snippet_pasted_into_a_blank_page_renders_the_same_widget() {
    let widget = widget_dist();
    let scratch = Scratch::new("acme");
    let site = scratch.site();
    let data = scratch.data();
    let server = Server::start(&[
        "--site",
        site.to_str().expect("utf-8"),
        "--widget",
        widget.to_str().expect("utf-8"),
        data.to_str().expect("utf-8"),
    ]);
    let browser = Browser::start().await;
    browser
        .client
        .goto(&server.url("/embed.html"))
        .await
        .expect("goto");
    choose(&browser, "input[name=view][value=compact]").await;
    browser
        .js("const l = document.getElementById('locale'); l.value = 'en'; l.dispatchEvent(new Event('change', { bubbles: true }));", vec![])
        .await;
    let rendered = "const el = document.querySelector(arguments[0]); return !!(el && el.shadowRoot && el.shadowRoot.querySelector('[part~=\"banner\"]')) && el.shadowRoot.querySelector('[part~=\"banner\"]').textContent;";
    let preview_banner = browser
        .wait_js(
            "the preview",
            Duration::from_secs(30),
            &rendered.replace("arguments[0]", "'#preview candor-status'"),
        )
        .await;
    let labels = "return [...document.querySelector(arguments[0]).shadowRoot.querySelectorAll('[part~=\"bar\"]')].map((b) => b.getAttribute('aria-label'));";
    let preview_bars = browser
        .js(labels, vec![json!("#preview candor-status")])
        .await;
    let text = snippet(&browser).await;

    let csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'";
    scratch.write(
        "site/pasted.html",
        &format!("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n<title>Pasted</title>\n</head>\n<body>\n{text}\n</body>\n</html>\n"),
    );
    browser
        .client
        .goto(&server.url("/pasted.html"))
        .await
        .expect("goto");
    let pasted_banner = browser
        .wait_js(
            "the pasted widget",
            Duration::from_secs(30),
            &rendered.replace("arguments[0]", "'candor-status'"),
        )
        .await;
    let pasted_bars = browser.js(labels, vec![json!("candor-status")]).await;
    assert_eq!(preview_banner, pasted_banner);
    // The same days with the same names. The preview's narrow column shows fewer of them (the
    // widget thins its bars below 640 px); the blank page has room for all 90.
    let preview_bars = preview_bars.as_array().expect("the preview's bars");
    let pasted_bars = pasted_bars.as_array().expect("the pasted widget's bars");
    assert_eq!(pasted_bars.len(), 90, "the default 90 days");
    assert!(!preview_bars.is_empty());
    assert_eq!(
        preview_bars[..],
        pasted_bars[pasted_bars.len() - preview_bars.len()..],
        "the preview's days are the pasted widget's last days"
    );
    browser.screenshot("embed-pasted").await;
    browser.close().await;
}
