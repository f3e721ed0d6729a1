//! The HTTP side of `pull`: one blocking client (ureq, rustls), polite and sturdy. It names
//! Candor in its User-Agent, asks conditionally (`If-None-Match`, `If-Modified-Since`), times
//! out, and honours 429 and 503 (and other passing failures) with `Retry-After` or exponential
//! backoff, each wait capped.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// Who is asking, in every request.
pub const USER_AGENT: &str = concat!(
    "Candor-report-gen/",
    env!("CARGO_PKG_VERSION"),
    " (report-gen pull; status history)"
);

/// How many times one document is asked for before giving up on it.
const ATTEMPTS: u32 = 6;

/// The largest document read: GitHub's biggest incidents are a few hundred kilobytes.
const MAX_BODY: u64 = 32 * 1024 * 1024;

/// What the server said about a document's version, to ask conditionally next time.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

#[derive(Debug)]
pub enum Fetched {
    Body {
        bytes: Vec<u8>,
        validators: Validators,
    },
    /// 304: what was stored is current.
    NotModified,
    /// 404 or 410.
    NotFound,
}

/// A document that could not be fetched, and why.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{url}: {message}")]
pub struct FetchError {
    pub url: String,
    pub message: String,
}

#[derive(Debug)]
pub struct Client {
    agent: ureq::Agent,
    /// The longest single wait between two attempts (`Retry-After` included).
    max_wait: Duration,
    requests: AtomicUsize,
    /// No request is sent before this: a 429 or a 503 slows every request down, not only the
    /// one that received it.
    not_before: Mutex<Instant>,
}

impl Client {
    pub fn new(timeout: Duration, max_wait: Duration) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .timeout_connect(Some(timeout.min(Duration::from_secs(10))))
            .timeout_global(Some(timeout))
            .build()
            .into();
        Client {
            agent,
            max_wait,
            requests: AtomicUsize::new(0),
            not_before: Mutex::new(Instant::now()),
        }
    }

    /// How many requests were sent, retries included.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    /// GETs `url` as JSON, conditionally when `known` holds validators, retrying what may pass.
    pub fn get(&self, url: &str, known: Option<&Validators>) -> Result<Fetched, FetchError> {
        let fail = |message: String| FetchError {
            url: url.to_string(),
            message,
        };
        let mut last = String::new();
        for attempt in 0..ATTEMPTS {
            let mut request = self.agent.get(url).header("Accept", "application/json");
            if let Some(v) = known {
                if let Some(etag) = &v.etag {
                    request = request.header("If-None-Match", etag);
                }
                if let Some(date) = &v.last_modified {
                    request = request.header("If-Modified-Since", date);
                }
            }
            self.wait_turn();
            self.requests.fetch_add(1, Ordering::Relaxed);
            let mut response = match request.call() {
                Ok(r) => r,
                Err(err) if passing(&err) => {
                    last = err.to_string();
                    std::thread::sleep(self.backoff(attempt, None));
                    continue;
                }
                Err(err) => return Err(fail(err.to_string())),
            };
            let status = response.status().as_u16();
            match status {
                200 => {
                    let header = |name: &str| {
                        (response.headers().get(name))
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_string)
                    };
                    let validators = Validators {
                        etag: header("etag"),
                        last_modified: header("last-modified"),
                    };
                    let read = response
                        .body_mut()
                        .with_config()
                        .limit(MAX_BODY)
                        .read_to_vec();
                    match read {
                        Ok(bytes) => return Ok(Fetched::Body { bytes, validators }),
                        Err(err) if passing(&err) => {
                            last = err.to_string();
                            std::thread::sleep(self.backoff(attempt, None));
                        }
                        Err(err) => return Err(fail(err.to_string())),
                    }
                }
                304 => return Ok(Fetched::NotModified),
                404 | 410 => return Ok(Fetched::NotFound),
                429 | 500 | 502 | 503 | 504 => {
                    let retry_after = (response.headers().get("retry-after"))
                        .and_then(|v| v.to_str().ok())
                        .and_then(parse_retry_after);
                    last = format!("HTTP {status}");
                    self.pause(self.backoff(attempt, retry_after));
                }
                _ => return Err(fail(format!("HTTP {status}"))),
            }
        }
        Err(fail(format!("{last}, {ATTEMPTS} times")))
    }

    fn wait_turn(&self) {
        let until = self
            .not_before
            .lock()
            .map(|t| *t)
            .unwrap_or_else(|_| Instant::now());
        let now = Instant::now();
        if until > now {
            std::thread::sleep(until - now);
        }
    }

    /// Holds every request back for `wait` from now (or longer, if one is already held longer).
    fn pause(&self, wait: Duration) {
        if let Ok(mut until) = self.not_before.lock() {
            *until = (*until).max(Instant::now() + wait);
        }
    }

    /// The wait before attempt `attempt + 1`: what the server asked, else 1 s doubled each
    /// time; never more than `max_wait`.
    fn backoff(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let doubled = Duration::from_secs(1u64 << attempt.min(10));
        retry_after.unwrap_or(doubled).min(self.max_wait)
    }
}

/// Whether a failure may pass if asked again (a timeout, a dropped connection).
fn passing(err: &ureq::Error) -> bool {
    matches!(
        err,
        ureq::Error::Io(_)
            | ureq::Error::Timeout(_)
            | ureq::Error::ConnectionFailed
            | ureq::Error::Protocol(_)
    )
}

/// `Retry-After`: seconds, or an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO),
            "a date past is now"
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn waits_double_and_are_capped() {
        let client = Client::new(Duration::from_secs(1), Duration::from_secs(5));
        assert_eq!(client.backoff(0, None), Duration::from_secs(1));
        assert_eq!(client.backoff(2, None), Duration::from_secs(4));
        assert_eq!(client.backoff(3, None), Duration::from_secs(5));
        let asked = Some(Duration::from_secs(120));
        assert_eq!(client.backoff(0, asked), Duration::from_secs(5));
    }
}
