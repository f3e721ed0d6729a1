//! The preview server behind `report-gen serve`: the feed, badges and posts built from the
//! input and kept in memory, the widget's files and the site's folder from disk, all on one
//! origin, rebuilt whenever the input changes.
//!
//! The build itself is a function handed in by the command (it knows the importers, the feed
//! and the post); this module owns everything HTTP: routing, conditional requests, content
//! types, and swapping in a new build only when it succeeded, so that bad data after an edit
//! leaves the last good build online.

mod files;
mod http_cache;
mod watch;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{
    ACCEPT_ENCODING, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ALLOW,
    CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, LAST_MODIFIED, LOCATION, VARY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;

use files::Lookup;
pub use http_cache::Validators;
use watch::Fingerprint;

/// How long clients may reuse the feed and badges without asking again. Short, so that an
/// open widget sees a change at its next refresh; the 304s keep the asking cheap.
pub const FEED_MAX_AGE_SECS: u32 = 10;
/// How often the input is looked at for changes.
const POLL: Duration = Duration::from_secs(1);

/// What one build produced, before it is served.
#[derive(Debug, Default)]
pub struct Built {
    pub feed: Vec<u8>,
    /// `history.atom`, written beside the feed.
    pub atom: Vec<u8>,
    /// Paths relative to `/badges/`.
    pub badges: Vec<(String, Vec<u8>)>,
    /// Paths relative to `/blog/`.
    pub blog: Vec<(String, Vec<u8>)>,
    /// One line for the log, such as "120 incidents, 5 components".
    pub summary: String,
}

/// A response body with what HTTP needs to know about it.
#[derive(Debug, Clone)]
pub struct Resource {
    pub bytes: Bytes,
    pub content_type: &'static str,
    pub validators: Validators,
}

impl Resource {
    /// A resource whose Last-Modified is `at`, unless `previous` had the same bytes: then it
    /// keeps the earlier date, so that a rebuild that changed nothing answers 304 as before.
    fn new(
        bytes: Vec<u8>,
        content_type: &'static str,
        at: SystemTime,
        previous: Option<&Resource>,
    ) -> Resource {
        let bytes = Bytes::from(bytes);
        let validators = match previous {
            Some(p) if p.bytes == bytes => p.validators.clone(),
            _ => Validators::of_bytes(&bytes, at),
        };
        Resource {
            bytes,
            content_type,
            validators,
        }
    }
}

/// Everything built from the input, as served.
#[derive(Debug)]
pub struct Snapshot {
    pub feed: Resource,
    pub atom: Resource,
    pub badges: BTreeMap<String, Resource>,
    pub blog: BTreeMap<String, Resource>,
}

impl Snapshot {
    pub fn new(built: Built, previous: Option<&Snapshot>, at: SystemTime) -> Snapshot {
        let map = |files: Vec<(String, Vec<u8>)>, old: Option<&BTreeMap<String, Resource>>| {
            files
                .into_iter()
                .map(|(path, bytes)| {
                    let ty = files::content_type(std::path::Path::new(&path));
                    let before = old.and_then(|o| o.get(&path));
                    let resource = Resource::new(bytes, ty, at, before);
                    (path, resource)
                })
                .collect()
        };
        Snapshot {
            feed: Resource::new(
                built.feed,
                "application/json",
                at,
                previous.map(|p| &p.feed),
            ),
            atom: Resource::new(
                built.atom,
                "application/atom+xml",
                at,
                previous.map(|p| &p.atom),
            ),
            badges: map(built.badges, previous.map(|p| &p.badges)),
            blog: map(built.blog, previous.map(|p| &p.blog)),
        }
    }
}

/// Where and what to serve besides the build.
#[derive(Debug, Clone)]
pub struct Options {
    pub addr: SocketAddr,
    /// Served at `/`.
    pub site: Option<PathBuf>,
    /// Served at `/widget/`.
    pub widget: Option<PathBuf>,
    /// Files and folders whose changes trigger a rebuild.
    pub watch: Vec<PathBuf>,
    /// Rebuild this often even without changes: when "now" is the clock, today's bar and open
    /// incidents move on by themselves.
    pub rebuild_every: Option<Duration>,
}

struct AppState {
    current: RwLock<Arc<Snapshot>>,
    site: Option<PathBuf>,
    widget: Option<PathBuf>,
}

impl AppState {
    fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            // A panicking writer cannot leave a half-replaced Arc: the value is still whole.
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    fn replace(&self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        match self.current.write() {
            Ok(mut guard) => *guard = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
    }
}

/// Builds once, then serves until interrupted, rebuilding whenever the watched input changes.
/// Fails when the first build fails (there is nothing good to serve yet) or the address
/// cannot be bound.
pub fn run<F>(options: Options, build: F) -> Result<(), String>
where
    F: Fn() -> Result<Built, String> + Send + 'static,
{
    let mut seen = Fingerprint::of(&options.watch);
    let started = Instant::now();
    let built = build()?;
    eprintln!(
        "report-gen serve: built in {} ms: {}",
        started.elapsed().as_millis(),
        built.summary
    );
    let state = Arc::new(AppState {
        current: RwLock::new(Arc::new(Snapshot::new(built, None, SystemTime::now()))),
        site: options.site.clone(),
        widget: options.widget.clone(),
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server's runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
        let local = listener
            .local_addr()
            .map_err(|e| format!("cannot read the listening address: {e}"))?;
        announce(local, &options);

        let watcher_state = Arc::clone(&state);
        let watch = options.watch.clone();
        let every = options.rebuild_every;
        std::thread::spawn(move || {
            let mut last_build = Instant::now();
            loop {
                std::thread::sleep(POLL);
                // Taken before building: a change made during the build is seen next time.
                let now = Fingerprint::of(&watch);
                let due = every.is_some_and(|e| last_build.elapsed() >= e);
                if now == seen && !due {
                    continue;
                }
                seen = now;
                last_build = Instant::now();
                rebuild(&watcher_state, &build);
            }
        });

        let app = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&state));
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(|e| format!("the server stopped: {e}"))
    })
}

fn rebuild<F: Fn() -> Result<Built, String>>(state: &AppState, build: &F) {
    let started = Instant::now();
    match build() {
        Ok(built) => {
            let summary = built.summary.clone();
            let previous = state.snapshot();
            state.replace(Snapshot::new(built, Some(&previous), SystemTime::now()));
            eprintln!(
                "report-gen serve: rebuilt in {} ms: {summary}",
                started.elapsed().as_millis()
            );
        }
        Err(err) => {
            // One write, so that a reader of the log never sees the first line without the why.
            let message = format!(
                "report-gen serve: the input has a problem; still serving the last good build.\n{err}\n"
            );
            eprint!("{message}");
        }
    }
}

fn announce(local: SocketAddr, options: &Options) {
    let base = format!("http://{local}");
    // The first line is what scripts wait for; the address in it has the real port.
    println!("report-gen serve: listening on {base}/");
    if options.site.is_some() {
        println!("  site:    {base}/");
    }
    println!("  feed:    {base}/feed.json");
    println!("  atom:    {base}/history.atom");
    println!("  badges:  {base}/badges/status.svg");
    println!("  blog:    {base}/blog/");
    if options.widget.is_some() {
        println!("  widget:  {base}/widget/candor.js");
    }
    if !local.ip().is_loopback() {
        eprintln!(
            "report-gen serve: warning: listening on {}, which other machines can reach",
            local.ip()
        );
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

async fn handle(
    State(state): State<Arc<AppState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path().to_string();
    let query = uri.query().map(str::to_string);
    let shared = is_shared(&path);
    if method == Method::OPTIONS && shared {
        return preflight();
    }
    if method != Method::GET && method != Method::HEAD {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served here",
        )
        .with_header(ALLOW, "GET, HEAD, OPTIONS");
    }
    match route(&state, &path, &headers) {
        Route::Answer(response) => response,
        Route::AddSlash => {
            let mut location = format!("{path}/");
            if let Some(q) = query {
                location.push('?');
                location.push_str(&q);
            }
            plain(StatusCode::PERMANENT_REDIRECT, "moved").with_header(LOCATION, &location)
        }
        Route::File { root, relative } => {
            let accepts_gzip = headers
                .get(ACCEPT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
            match tokio::task::spawn_blocking(move || {
                serve_file(&root, &relative, &headers, accepts_gzip)
            })
            .await
            {
                Ok(Route::Answer(response)) => response,
                Ok(Route::AddSlash) => plain(StatusCode::PERMANENT_REDIRECT, "moved")
                    .with_header(LOCATION, &format!("{path}/")),
                Ok(Route::File { .. }) | Err(_) => {
                    plain(StatusCode::INTERNAL_SERVER_ERROR, "could not read the file")
                }
            }
        }
    }
}

/// Resources other sites' pages may read: the feed and badges are made to be embedded.
fn is_shared(path: &str) -> bool {
    path == "/feed.json" || path == "/history.atom" || path.starts_with("/badges/")
}

enum Route {
    Answer(Response),
    AddSlash,
    File { root: PathBuf, relative: String },
}

fn route(state: &AppState, path: &str, request: &HeaderMap) -> Route {
    let Some(decoded) = files::percent_decode(path) else {
        return Route::Answer(plain(
            StatusCode::BAD_REQUEST,
            "the path has a broken %-escape",
        ));
    };
    let snapshot = state.snapshot();
    let max_age = format!("public, max-age={FEED_MAX_AGE_SECS}");
    if decoded == "/feed.json" {
        return Route::Answer(answer(request, &snapshot.feed, &max_age, true));
    }
    if decoded == "/history.atom" {
        return Route::Answer(answer(request, &snapshot.atom, &max_age, true));
    }
    if let Some(rest) = decoded.strip_prefix("/badges/") {
        let key = if rest.is_empty() { "index.json" } else { rest };
        return Route::Answer(match snapshot.badges.get(key) {
            Some(r) => answer(request, r, &max_age, true),
            None => not_found(path),
        });
    }
    if decoded == "/badges" || decoded == "/blog" {
        return Route::AddSlash;
    }
    if let Some(rest) = decoded.strip_prefix("/blog/") {
        let key = if rest.is_empty() || rest.ends_with('/') {
            format!("{rest}index.html")
        } else if snapshot.blog.contains_key(&format!("{rest}/index.html")) {
            return Route::AddSlash;
        } else {
            rest.to_string()
        };
        return Route::Answer(match snapshot.blog.get(&key) {
            Some(r) => answer(request, r, "no-cache", false),
            None => not_found(path),
        });
    }
    if let Some(rest) = decoded.strip_prefix("/widget/") {
        return match &state.widget {
            Some(root) => Route::File {
                root: root.clone(),
                relative: rest.to_string(),
            },
            None => Route::Answer(plain(
                StatusCode::NOT_FOUND,
                "no widget here: start report-gen serve with --widget DIR (the folder `cargo xtask dist` writes, dist/widget)",
            )),
        };
    }
    if decoded == "/widget" {
        return Route::AddSlash;
    }
    match &state.site {
        Some(root) => Route::File {
            root: root.clone(),
            relative: decoded.trim_start_matches('/').to_string(),
        },
        None if decoded == "/" => Route::Answer(plain(
            StatusCode::OK,
            "report-gen serve\n\n/feed.json      the widget's feed\n/history.atom   incidents and maintenance for feed readers\n/badges/       status and uptime badges\n/blog/         the transparency post\n\nStart with --site DIR to serve a site here.\n",
        )),
        None => Route::Answer(not_found(path)),
    }
}

/// Serves a file from a folder; a `.gz` twin, when there is one and the client takes gzip.
fn serve_file(root: &std::path::Path, relative: &str, request: &HeaderMap, gzip: bool) -> Route {
    let path = match files::lookup(root, relative) {
        Lookup::File(path) => path,
        Lookup::AddSlash => return Route::AddSlash,
        Lookup::NotFound => return Route::Answer(not_found(&format!("/{relative}"))),
    };
    let content_type = files::content_type(&path);
    let zipped = {
        let mut name = path.clone().into_os_string();
        name.push(".gz");
        PathBuf::from(name)
    };
    let (file, encoding) = if gzip && zipped.is_file() {
        (zipped, Some("gzip"))
    } else {
        (path, None)
    };
    let Ok(meta) = std::fs::metadata(&file) else {
        return Route::Answer(not_found(&format!("/{relative}")));
    };
    let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    let validators = Validators::of_file(
        meta.len(),
        modified,
        if encoding.is_some() { "-gz" } else { "" },
    );
    let response = if http_cache::is_not_modified(request, &validators) {
        not_modified(&validators, "no-cache")
    } else {
        match std::fs::read(&file) {
            Ok(bytes) => full(Bytes::from(bytes), content_type, &validators, "no-cache"),
            Err(_) => plain(StatusCode::INTERNAL_SERVER_ERROR, "could not read the file"),
        }
    };
    let response = match encoding {
        Some(enc) => response.with_header(CONTENT_ENCODING, enc),
        None => response,
    };
    Route::Answer(response.with_header(VARY, "Accept-Encoding"))
}

fn answer(request: &HeaderMap, resource: &Resource, cache: &str, shared: bool) -> Response {
    let response = if http_cache::is_not_modified(request, &resource.validators) {
        not_modified(&resource.validators, cache)
    } else {
        full(
            resource.bytes.clone(),
            resource.content_type,
            &resource.validators,
            cache,
        )
    };
    if shared {
        response
            .with_header(ACCESS_CONTROL_ALLOW_ORIGIN, "*")
            .with_header(ACCESS_CONTROL_EXPOSE_HEADERS, "ETag, Last-Modified")
    } else {
        response
    }
}

fn full(bytes: Bytes, content_type: &str, v: &Validators, cache: &str) -> Response {
    Response::new(Body::from(bytes))
        .with_header(CONTENT_TYPE, content_type)
        .with_header(ETAG, &v.etag)
        .with_header(LAST_MODIFIED, &v.last_modified_header())
        .with_header(CACHE_CONTROL, cache)
        .with_header(X_CONTENT_TYPE_OPTIONS, "nosniff")
}

fn not_modified(v: &Validators, cache: &str) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NOT_MODIFIED;
    response
        .with_header(ETAG, &v.etag)
        .with_header(LAST_MODIFIED, &v.last_modified_header())
        .with_header(CACHE_CONTROL, cache)
}

/// The answer to a browser asking whether another origin may send conditional requests.
fn preflight() -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
        .with_header(ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .with_header(ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD")
        .with_header(
            ACCESS_CONTROL_ALLOW_HEADERS,
            "If-None-Match, If-Modified-Since",
        )
        .with_header(ACCESS_CONTROL_MAX_AGE, "86400")
}

fn not_found(path: &str) -> Response {
    plain(StatusCode::NOT_FOUND, &format!("not found: {path}"))
}

fn plain(status: StatusCode, text: &str) -> Response {
    let mut response = Response::new(Body::from(format!("{text}\n")));
    *response.status_mut() = status;
    response
        .with_header(CONTENT_TYPE, "text/plain; charset=utf-8")
        .with_header(X_CONTENT_TYPE_OPTIONS, "nosniff")
}

/// Setting a header in a chain; a value that is not a valid header (which none of ours
/// should be) is left out rather than panicking.
trait WithHeader {
    fn with_header(self, name: axum::http::HeaderName, value: &str) -> Self;
}

impl WithHeader for Response {
    fn with_header(mut self, name: axum::http::HeaderName, value: &str) -> Self {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.headers_mut().insert(name, v);
        }
        self
    }
}

#[cfg(test)]
mod tests;
