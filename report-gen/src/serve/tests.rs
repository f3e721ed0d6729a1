//! The server's answers, asked through its own handler: routes, types, validators, 304s.

use super::*;
use axum::body::to_bytes;
use axum::http::Request;

fn built(feed: &str) -> Built {
    Built {
        feed: feed.as_bytes().to_vec(),
        atom: b"<feed/>".to_vec(),
        badges: vec![
            ("status.svg".into(), b"<svg/>".to_vec()),
            ("status.json".into(), b"{}".to_vec()),
        ],
        blog: vec![
            ("index.html".into(), b"<h1>Posts</h1>".to_vec()),
            ("2026-08/index.html".into(), b"<h1>August</h1>".to_vec()),
            ("2026-08/charts/a.svg".into(), b"<svg/>".to_vec()),
        ],
        summary: String::new(),
    }
}

fn state(site: Option<PathBuf>, widget: Option<PathBuf>) -> Arc<AppState> {
    Arc::new(AppState {
        current: RwLock::new(Arc::new(Snapshot::new(
            built("{\"version\":1}"),
            None,
            SystemTime::now(),
        ))),
        site,
        widget,
    })
}

async fn get(
    state: &Arc<AppState>,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut request = Request::builder().method(method.clone()).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(()).expect("request");
    let response = handle(
        State(Arc::clone(state)),
        method,
        request.uri().clone(),
        request.headers().clone(),
    )
    .await;
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    (status, headers, body.to_vec())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header"))
}

#[tokio::test]
async fn the_feed_is_json_short_lived_and_readable_from_other_sites() {
    let s = state(None, None);
    let (status, headers, body) = get(&s, Method::GET, "/feed.json", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, b"{\"version\":1}");
    assert_eq!(header(&headers, "content-type"), "application/json");
    assert_eq!(header(&headers, "cache-control"), "public, max-age=10");
    assert_eq!(header(&headers, "access-control-allow-origin"), "*");
    assert!(header(&headers, "etag").starts_with('"'));
    assert!(header(&headers, "last-modified").ends_with("GMT"));
}

#[tokio::test]
async fn the_history_atom_is_served_beside_the_feed_for_feed_readers() {
    let s = state(None, None);
    let (status, headers, body) = get(&s, Method::GET, "/history.atom", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, b"<feed/>");
    assert_eq!(header(&headers, "content-type"), "application/atom+xml");
    assert_eq!(header(&headers, "access-control-allow-origin"), "*");
}

#[tokio::test]
async fn a_current_copy_gets_304_without_a_body() {
    let s = state(None, None);
    let (_, headers, _) = get(&s, Method::GET, "/feed.json", &[]).await;
    let etag = header(&headers, "etag").to_string();
    let modified = header(&headers, "last-modified").to_string();
    let (status, h, body) = get(&s, Method::GET, "/feed.json", &[("if-none-match", &etag)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(header(&h, "etag"), etag);
    let (status, _, _) = get(
        &s,
        Method::GET,
        "/feed.json",
        &[("if-modified-since", &modified)],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    let (status, _, _) = get(
        &s,
        Method::GET,
        "/feed.json",
        &[("if-none-match", "\"old\"")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_rebuild_with_the_same_bytes_keeps_the_validators() {
    let s = state(None, None);
    let (_, before, _) = get(&s, Method::GET, "/feed.json", &[]).await;
    let later = SystemTime::now() + Duration::from_secs(120);
    let previous = s.snapshot();
    s.replace(Snapshot::new(
        built("{\"version\":1}"),
        Some(&previous),
        later,
    ));
    let (_, same, _) = get(&s, Method::GET, "/feed.json", &[]).await;
    assert_eq!(header(&before, "etag"), header(&same, "etag"));
    assert_eq!(
        header(&before, "last-modified"),
        header(&same, "last-modified")
    );

    let previous = s.snapshot();
    s.replace(Snapshot::new(
        built("{\"version\":1,\"x\":2}"),
        Some(&previous),
        later,
    ));
    let (_, changed, body) = get(&s, Method::GET, "/feed.json", &[]).await;
    assert_ne!(header(&before, "etag"), header(&changed, "etag"));
    assert_ne!(
        header(&before, "last-modified"),
        header(&changed, "last-modified")
    );
    assert_eq!(body, b"{\"version\":1,\"x\":2}");
}

#[tokio::test]
async fn badges_and_posts_have_their_types_and_folders_their_index() {
    let s = state(None, None);
    let (status, h, _) = get(&s, Method::GET, "/badges/status.svg", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&h, "content-type"), "image/svg+xml");
    let (status, h, body) = get(&s, Method::GET, "/blog/2026-08/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&h, "content-type"), "text/html; charset=utf-8");
    assert_eq!(body, b"<h1>August</h1>");
    let (status, h, _) = get(&s, Method::GET, "/blog/2026-08", &[]).await;
    assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(header(&h, "location"), "/blog/2026-08/");
    let (status, h, _) = get(&s, Method::GET, "/blog", &[]).await;
    assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(header(&h, "location"), "/blog/");
    let (status, _, _) = get(&s, Method::GET, "/blog/nope.html", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_site_and_widget_come_from_their_folders_with_precompressed_twins() {
    let site = tempfile::tempdir().expect("site");
    let widget = tempfile::tempdir().expect("widget");
    std::fs::write(site.path().join("index.html"), "home").expect("write");
    std::fs::write(widget.path().join("candor_bg.wasm"), b"\0asm").expect("write");
    std::fs::write(widget.path().join("candor.js"), "js").expect("write");
    std::fs::write(widget.path().join("candor.js.gz"), "zipped").expect("write");
    let s = state(Some(site.path().into()), Some(widget.path().into()));

    let (status, h, body) = get(&s, Method::GET, "/", &[]).await;
    assert_eq!((status, body.as_slice()), (StatusCode::OK, &b"home"[..]));
    assert_eq!(header(&h, "content-type"), "text/html; charset=utf-8");

    let (_, h, _) = get(&s, Method::GET, "/widget/candor_bg.wasm", &[]).await;
    assert_eq!(header(&h, "content-type"), "application/wasm");

    let (_, h, body) = get(
        &s,
        Method::GET,
        "/widget/candor.js",
        &[("accept-encoding", "gzip, br")],
    )
    .await;
    assert_eq!(body, b"zipped");
    assert_eq!(header(&h, "content-encoding"), "gzip");
    assert_eq!(header(&h, "content-type"), "text/javascript; charset=utf-8");
    let etag = header(&h, "etag").to_string();
    let (_, h, body) = get(&s, Method::GET, "/widget/candor.js", &[]).await;
    assert_eq!(body, b"js");
    assert!(h.get("content-encoding").is_none());
    assert_ne!(header(&h, "etag"), etag);

    let (status, _, _) = get(
        &s,
        Method::GET,
        "/widget/candor.js",
        &[("accept-encoding", "gzip"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);

    let (status, _, _) = get(&s, Method::GET, "/../../etc/passwd", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get(&s, Method::GET, "/%2e%2e/%2e%2e/etc/passwd", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_reading_is_allowed_and_other_origins_may_ask_conditionally() {
    let s = state(None, None);
    let (status, h, _) = get(&s, Method::POST, "/feed.json", &[]).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&h, "allow"), "GET, HEAD, OPTIONS");
    let (status, h, _) = get(&s, Method::OPTIONS, "/feed.json", &[]).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(header(&h, "access-control-allow-headers").contains("If-None-Match"));
}

#[tokio::test]
async fn without_a_widget_folder_the_answer_says_how_to_get_one() {
    let s = state(None, None);
    let (status, _, body) = get(&s, Method::GET, "/widget/candor.js", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(String::from_utf8_lossy(&body).contains("--widget"));
}
