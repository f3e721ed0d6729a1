//! A loopback HTTP server for the widget's browser tests, for what a static file server cannot
//! do: `/flaky/<name>` answers with the good fixture feed the first time and with broken JSON
//! every time after, so the tests can watch a malformed refresh keep the last good data.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::loopback::{self, Response};

/// What the server answers after the first request to a flaky path.
const BROKEN: &str = "{\"version\": 1, \"generated_at\": ";

/// Starts the server on a free loopback port, in a background thread that lives as long as the
/// process; returns its base URL.
pub fn start(good_feed: PathBuf) -> Result<String, String> {
    let good = std::fs::read(&good_feed)
        .map_err(|e| format!("cannot read {}: {e}", good_feed.display()))?;
    let counts: Mutex<HashMap<String, usize>> = Mutex::default();
    loopback::start("test server", move |request| {
        let (status, body): (&str, Vec<u8>) = if request.method == "OPTIONS" {
            ("204 No Content", Vec::new())
        } else if request.target.starts_with("/flaky/") {
            let mut counts = counts.lock().unwrap_or_else(|e| e.into_inner());
            let n = counts.entry(request.target.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                ("200 OK", good.clone())
            } else {
                ("200 OK", BROKEN.as_bytes().to_vec())
            }
        } else {
            ("404 Not Found", b"not found".to_vec())
        };
        Response {
            status,
            content_type: "application/json",
            body,
            headers: "Cache-Control: no-store\r\nAccess-Control-Allow-Origin: *\r\n\
                      Access-Control-Allow-Headers: If-None-Match, If-Modified-Since\r\n\
                      Connection: close\r\n"
                .to_string(),
        }
    })
}
