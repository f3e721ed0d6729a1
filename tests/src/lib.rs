//! The end-to-end harness: the real `report-gen serve` on a free loopback port over a scratch
//! copy of fixture data and the demo site, a tiny HTTP client to ask it things, and Chromium
//! driven through chromedriver.
//!
//! Nothing is skipped: when Chromium, ChromeDriver or the widget's build is missing, the test
//! that needs it fails and says exactly what to install or run.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The tests' fixed "now": the fixtures' incidents lie in the 90 days before it.
pub const NOW: &str = "2026-09-30T12:00:00Z";

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// The real status data published by others (`../shared/data`, beside the repository as CI has
/// it), or `None` when it is not there: a test that needs it then says in one line, on the
/// terminal even when the test harness captures output, that it was skipped.
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let dir = root().join("../shared/data");
    if dir.is_dir() {
        return Some(dir);
    }
    use std::io::Write;
    // Straight to the process's stderr: libtest captures only `print!`/`eprint!`.
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: no shared data at {} (it is beside the repository in CI)",
        dir.display()
    );
    None
}

/// The `report-gen` binary, built once per test run with the cargo that runs the tests.
pub fn report_gen() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let out = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "--package",
                "report-gen",
                "--message-format=json",
            ])
            .current_dir(root())
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .expect("cargo can be started to build report-gen");
        assert!(out.status.success(), "building report-gen failed");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| m["target"]["name"] == "report-gen")
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo names the report-gen executable")
    })
}

/// The widget's build, which `cargo xtask dist` writes. Browser tests of the widget need it.
pub fn widget_dist() -> PathBuf {
    let dir = root().join("dist/widget");
    assert!(
        dir.join("candor.js").is_file(),
        "{} is missing: run `cargo xtask dist` first (`cargo xtask test` does)",
        dir.join("candor.js").display()
    );
    dir
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A scratch folder with a copy of a fixture's data and of the demo site (without its data),
/// which a test may change freely.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    /// `fixture` is a folder under `tests/fixtures/`.
    pub fn new(fixture: &str) -> Scratch {
        Scratch::with_data(&root().join("tests/fixtures").join(fixture))
    }

    /// With a copy of the data in `data` (the demo's own sample data, `www/data`, for one).
    pub fn with_data(data: &Path) -> Scratch {
        let dir = tempfile::tempdir().expect("scratch folder");
        copy_tree(data, &dir.path().join("data"));
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).expect("site folder");
        for entry in std::fs::read_dir(root().join("www")).expect("www/ exists") {
            let entry = entry.expect("www entry");
            if entry.file_name() == "data" {
                continue;
            }
            if entry.file_type().expect("file type").is_dir() {
                copy_tree(&entry.path(), &site.join(entry.file_name()));
            } else {
                std::fs::copy(entry.path(), site.join(entry.file_name())).expect("copy");
            }
        }
        Scratch { dir }
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file the way an editor saves: whole, replacing the old one.
    pub fn write(&self, relative: &str, contents: &str) {
        let path = self.dir.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        let tmp = path.with_extension("tmp-e2e");
        std::fs::write(&tmp, contents).expect("write");
        std::fs::rename(&tmp, &path).expect("rename");
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(relative)).expect("read")
    }
}

/// A running `report-gen serve`; stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `report-gen serve --port 0 --now NOW` with `args` (site, widget, inputs...) and
    /// waits until it listens.
    pub fn start(args: &[&str]) -> Server {
        Server::start_on(0, args)
    }

    /// Like [`Server::start`] on a given port (0: any free one), so that a restarted server
    /// comes back at the address open pages already use.
    pub fn start_on(port: u16, args: &[&str]) -> Server {
        Server::start_with(port, NOW, args)
    }

    /// Like [`Server::start_on`] with another "now" than the fixtures' [`NOW`].
    pub fn start_with(port: u16, now: &str, args: &[&str]) -> Server {
        let port = port.to_string();
        let mut child = Command::new(report_gen())
            .args(["serve", "--port", port.as_str(), "--now", now])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("report-gen serve starts");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on ").nth(1) {
                    let _ = tx.send(rest.trim().trim_end_matches('/').to_string());
                }
            }
        });
        let stderr = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Ok(mut log) = sink.lock() {
                    log.push_str(&line);
                    log.push('\n');
                }
            }
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(base) => Server { child, base, log },
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                std::thread::sleep(Duration::from_millis(200));
                panic!(
                    "report-gen serve did not start listening:\n{}",
                    log.lock().map(|l| l.clone()).unwrap_or_default()
                );
            }
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.base
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("the server's address ends in its port")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Everything the server wrote to stderr so far.
    pub fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Waits until the log says `needle`, or fails after `timeout`.
    pub fn wait_for_log(&self, needle: &str, timeout: Duration) {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if self.log().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "the server never logged {needle:?}; its log:\n{}",
            self.log()
        );
    }

    /// Stops the server, like a developer pressing Ctrl-C, and waits for it.
    pub fn stop(mut self) {
        self.kill();
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    /// A header's value (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// A plain HTTP/1.1 GET, sending the path exactly as given (no normalisation, so that tests
/// can send `..`), with `headers`. Small on purpose: the server under test is what matters.
pub fn get(base: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
    let host = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).unwrap_or_else(|e| panic!("connect {host}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).expect("send");
    let raw = read_answer(&mut stream);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if is_chunked(&headers) {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn is_chunked(headers: &[(String, String)]) -> bool {
    headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
}

/// Reads one answer: the head, then as much body as it announces (some servers, chromedriver
/// among them, keep the connection open despite `Connection: close`).
fn read_answer(stream: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut buf).expect("read answer");
        if n == 0 {
            return raw;
        }
        raw.extend_from_slice(&buf[..n]);
        let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
        let body = raw.len() - split - 4;
        if head.starts_with("http/1.1 304") || head.starts_with("http/1.1 204") {
            return raw;
        }
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        match length {
            Some(len) if body >= len => return raw,
            Some(_) => {}
            None if head.contains("transfer-encoding: chunked") && raw.ends_with(b"0\r\n\r\n") => {
                return raw
            }
            None => {}
        }
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = raw.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&raw[..end])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = end + 2;
        out.extend_from_slice(&raw[start..(start + size).min(raw.len())]);
        raw = &raw[(start + size + 2).min(raw.len())..];
    }
}

/// Polls `check` every 100 ms until it gives a value, or fails after `timeout` naming `what`.
pub fn eventually<T>(what: &str, timeout: Duration, mut check: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(
            start.elapsed() < timeout,
            "timed out after {timeout:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A hosted status page's public API on loopback, as a vendor serves it to other origins:
/// each path's document with `Access-Control-Allow-Origin: *`. The documents can be changed
/// while it runs, and it counts the requests for each path. (report-gen's own server shares
/// only its feed and badges with other origins, not the files of its site.)
pub struct VendorApi {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
    documents: Arc<Mutex<Vec<(String, String)>>>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl VendorApi {
    /// Starts answering on a free loopback port, in a thread that lives as long as the test.
    pub fn start() -> VendorApi {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
        let base = format!(
            "http://{}",
            listener.local_addr().expect("the listener's address")
        );
        let documents: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let (docs, seen) = (Arc::clone(&documents), Arc::clone(&requests));
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let (docs, seen) = (Arc::clone(&docs), Arc::clone(&seen));
                std::thread::spawn(move || answer_api(stream, &docs, &seen));
            }
        });
        VendorApi {
            base,
            documents,
            requests,
        }
    }

    /// Serves `body` (JSON) at `path` from now on.
    pub fn set(&self, path: &str, body: &str) {
        let mut docs = self.documents.lock().expect("documents");
        docs.retain(|(p, _)| p != path);
        docs.push((path.to_string(), body.to_string()));
    }

    /// The GET requests for `path` answered so far.
    pub fn requests(&self, path: &str) -> usize {
        let seen = self.requests.lock().expect("requests");
        seen.iter().filter(|p| p.as_str() == path).count()
    }
}

fn answer_api(
    mut stream: TcpStream,
    documents: &Mutex<Vec<(String, String)>>,
    requests: &Mutex<Vec<String>>,
) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    // The headers, up to the blank line.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line.trim() != "" {
        line.clear();
    }
    let mut words = first.split_whitespace();
    let method = words.next().unwrap_or_default();
    let target = words.next().unwrap_or_default();
    let path = target.split('?').next().unwrap_or_default().to_string();
    let cors = "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Headers: If-None-Match, If-Modified-Since\r\n";
    let (status, body) = if method == "OPTIONS" {
        ("204 No Content", String::new())
    } else {
        requests.lock().expect("requests").push(path.clone());
        let docs = documents.lock().expect("documents");
        match docs.iter().find(|(p, _)| *p == path) {
            Some((_, body)) => ("200 OK", body.clone()),
            None => ("404 Not Found", "{\"error\": \"not found\"}".to_string()),
        }
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{cors}Connection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

/// A free loopback port, for chromedriver (which, unlike report-gen, cannot report the port
/// it picked).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn program(env: &str, default: &str, install: &str) -> PathBuf {
    let path = PathBuf::from(std::env::var(env).unwrap_or_else(|_| default.into()));
    assert!(
        path.is_file(),
        "{} not found (set {env} to use another): {install}",
        path.display()
    );
    path
}

/// Chromium, headless, driven through its own chromedriver; both stopped when dropped.
pub struct Browser {
    pub client: fantoccini::Client,
    driver: Driver,
    _profile: tempfile::TempDir,
}

/// WebDriver's codes for the keys the tests press ([`Browser::press`]).
pub mod keys {
    pub const TAB: char = '\u{E004}';
    pub const ENTER: char = '\u{E007}';
    pub const LEFT: char = '\u{E012}';
    pub const RIGHT: char = '\u{E014}';
    pub const HOME: char = '\u{E011}';
    pub const END: char = '\u{E010}';
}

/// The chromedriver process, stopped when dropped (also when starting the session fails
/// half-way). A closed session has already taken its browser with it.
struct Driver(Child, bool);

impl Driver {
    fn stop(&mut self) {
        if std::mem::replace(&mut self.1, true) {
            return;
        }
        // Only the one process this harness started, by its handle: never a process group or
        // a negative pid, which procps' `kill` can misread as "every process".
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Chromium's flags that work headless as root here (see ../shared/TOOLCHAIN.md), one per
/// line: `tests/chromium-flags.txt`, read by the end-to-end tests and `cargo xtask bench-widget`
/// (the widget's wasm-bindgen tests take theirs from `widget/webdriver.json`).
const HEADLESS: &str = include_str!("../chromium-flags.txt");

impl Browser {
    /// Presses and releases one key (a character, or a WebDriver key such as [`keys::TAB`]).
    pub async fn press(&self, key: char) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client.perform_actions(keys).await.expect("key press");
    }

    pub async fn start() -> Browser {
        let install = "install them with `apt-get install chromium chromium-driver` (`cargo xtask test` does, as root)";
        let chromium = program("CHROMIUM", "/usr/bin/chromium", install);
        let chromedriver = program("CHROMEDRIVER", "/usr/bin/chromedriver", install);
        let port = free_port();
        let mut command = Command::new(&chromedriver);
        command
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let driver = Driver(command.spawn().expect("chromedriver starts"), false);
        let webdriver = format!("http://127.0.0.1:{port}");
        let ready = Instant::now();
        while get_status(&webdriver).is_none() {
            assert!(
                ready.elapsed() < Duration::from_secs(20),
                "chromedriver did not answer on {webdriver}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().expect("profile folder");
        let mut args: Vec<String> = HEADLESS.lines().map(str::to_string).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "binary": chromium, "args": args }),
        );
        let client = fantoccini::ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .capabilities(caps)
        .connect(&webdriver)
        .await
        .expect("a Chromium session through chromedriver");
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page.
    pub async fn js(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Polls `script` until it returns something other than null/false, or fails naming `what`.
    pub async fn wait_js(&self, what: &str, timeout: Duration, script: &str) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let value = self.js(script, vec![]).await;
            if !(value.is_null() || value == serde_json::Value::Bool(false)) {
                return value;
            }
            assert!(
                start.elapsed() < timeout,
                "timed out after {timeout:?} waiting for {what}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Waits until the page's fonts are loaded and two frames have been drawn since, so that a
    /// screenshot shows the layout the page settled on (the widget re-renders once it knows its
    /// width).
    pub async fn settle(&self) {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));",
                vec![],
            )
            .await
            .unwrap_or_else(|e| panic!("the page did not settle: {e}"));
    }

    /// Saves a screenshot of the whole page (not only the window) under
    /// `target/e2e-screenshots/NAME.png`, at the window's width.
    pub async fn screenshot(&self, name: &str) {
        let (width, height) = self.client.get_window_size().await.expect("window size");
        // The window's size is its outer size: add what is not page to the page's height. A
        // cap keeps a runaway page from making a huge image.
        let needed = self
            .js(
                "return document.documentElement.scrollHeight + (window.outerHeight - window.innerHeight);",
                vec![],
            )
            .await
            .as_u64()
            .unwrap_or(height);
        let tall = needed.clamp(height, 6000);
        if tall != height {
            self.resize(width, tall).await;
        }
        let png = self.client.screenshot().await.expect("screenshot");
        if tall != height {
            self.resize(width, height).await;
        }
        let dir = root().join("target/e2e-screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// Sets the window's size and waits for the page to lay itself out again.
    pub async fn resize(&self, width: u64, height: u64) {
        let size = |n: u64| u32::try_from(n).expect("a window size that fits in u32");
        self.client
            .set_window_size(size(width), size(height))
            .await
            .expect("set the window size");
        self.settle().await;
    }

    /// Ends the session, then chromedriver.
    pub async fn close(mut self) {
        let client = self.client.clone();
        let _ = client.close().await;
        self.stop_driver();
    }

    fn stop_driver(&mut self) {
        self.driver.stop();
    }
}

fn get_status(webdriver: &str) -> Option<()> {
    let host = webdriver.trim_start_matches("http://");
    TcpStream::connect(host).ok()?;
    let answer = get(webdriver, "/status", &[]);
    (answer.status == 200 && answer.json()["value"]["ready"] == true).then_some(())
}
