//! A small HTTP/1.1 server on a free loopback port, for the tasks that drive a real browser
//! against answers a static file server cannot give (a feed that breaks on its second request,
//! a 304 on every other one). Each task says what to answer; this module does the sockets:
//! one thread per connection, keep-alive, the request line and headers read, the answer written
//! with its length.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

/// What a request asked for.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The path and query, as sent.
    pub target: String,
    headers: Vec<(String, String)>,
}

impl Request {
    /// A header's value; names compare without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An answer: status line text, content type, body, and extra header lines (each ending in
/// `\r\n`).
#[derive(Debug)]
pub struct Response {
    pub status: &'static str,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: String,
}

/// Starts serving in background threads that live as long as the process; returns the base
/// URL, `http://127.0.0.1:PORT`. `what` names the server in errors.
pub fn start(
    what: &str,
    handler: impl Fn(&Request) -> Response + Send + Sync + 'static,
) -> Result<String, String> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| format!("cannot open a loopback port for the {what}: {e}"))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("the {what} has no address: {e}"))?;
    let handler = Arc::new(handler);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let handler = Arc::clone(&handler);
            std::thread::spawn(move || connection(stream, &*handler));
        }
    });
    Ok(format!("http://{address}"))
}

/// Answers the requests of one connection until the client closes it, or an answer says
/// `Connection: close`.
fn connection(stream: TcpStream, handler: &dyn Fn(&Request) -> Response) {
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).map_or(true, |n| n == 0) {
            return;
        }
        let mut headers = Vec::new();
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
            line.clear();
        }
        let mut parts = request_line.split_whitespace();
        let request = Request {
            method: parts.next().unwrap_or("").to_string(),
            target: parts.next().unwrap_or("/").to_string(),
            headers,
        };
        let response = handler(&request);
        let head = format!(
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}\r\n",
            response.status,
            response.content_type,
            response.body.len(),
            response.headers
        );
        if stream.write_all(head.as_bytes()).is_err() || stream.write_all(&response.body).is_err() {
            return;
        }
        if response.headers.contains("Connection: close") {
            return;
        }
    }
}
