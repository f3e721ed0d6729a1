//! A loopback HTTP server for the widget's browser tests, for what a static file server cannot
//! do: `/flaky/<name>` answers with the good fixture feed the first time and with broken JSON
//! every time after, so the tests can watch a malformed refresh keep the last good data.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What the server answers after the first request to a flaky path.
const BROKEN: &str = "{\"version\": 1, \"generated_at\": ";

/// Starts the server on a free loopback port, in a background thread that lives as long as the
/// process; returns its base URL.
pub fn start(good_feed: PathBuf) -> Result<String, String> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| format!("cannot open a loopback port for the test server: {e}"))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("test server has no address: {e}"))?;
    let good = std::fs::read(&good_feed)
        .map_err(|e| format!("cannot read {}: {e}", good_feed.display()))?;
    let counts: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let good = good.clone();
            let counts = Arc::clone(&counts);
            std::thread::spawn(move || answer(stream, &good, &counts));
        }
    });
    Ok(format!("http://{address}"))
}

fn answer(mut stream: TcpStream, good: &[u8], counts: &Mutex<HashMap<String, usize>>) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Read (and ignore) the headers up to the blank line.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let path = parts.next().unwrap_or("/").to_string();
    let (status, body): (&str, Vec<u8>) = if method == "OPTIONS" {
        ("204 No Content", Vec::new())
    } else if path.starts_with("/flaky/") {
        let mut counts = counts.lock().unwrap_or_else(|e| e.into_inner());
        let n = counts.entry(path).or_insert(0);
        *n += 1;
        if *n == 1 {
            ("200 OK", good.to_vec())
        } else {
            ("200 OK", BROKEN.as_bytes().to_vec())
        }
    } else {
        ("404 Not Found", b"not found".to_vec())
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nAccess-Control-Allow-Origin: *\r\n\
         Access-Control-Allow-Headers: If-None-Match, If-Modified-Since\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}
