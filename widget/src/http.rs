//! One GET of a feed document: conditional on what the last answer said, limited in size and
//! time, with every failure turned into a value (nothing from the network may panic the wasm).

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader, RequestCache, RequestInit, Response};

use candor_core::feed::MAX_FEED_BYTES;

/// A request that has not answered after this long is given up.
const TIMEOUT_MS: u32 = 30_000;

/// What the server said about the version of a document we hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

#[derive(Debug)]
pub enum Outcome {
    Changed {
        bytes: Vec<u8>,
        validators: Validators,
        max_age: Option<u32>,
    },
    NotModified {
        max_age: Option<u32>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    Network,
    Status(u16),
    TooLarge,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Network => f.write_str("network error or timeout"),
            FetchError::Status(code) => write!(f, "HTTP status {code}"),
            FetchError::TooLarge => write!(f, "larger than {MAX_FEED_BYTES} bytes"),
        }
    }
}

/// `max-age` from a `Cache-Control` header, in seconds.
pub fn max_age(cache_control: &str) -> Option<u32> {
    cache_control.split(',').find_map(|directive| {
        let (name, value) = directive.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("max-age")
            .then(|| value.trim().trim_matches('"').parse().ok())
            .flatten()
    })
}

fn same_origin(url: &str) -> bool {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok());
    origin.is_some_and(|o| url.starts_with(&format!("{o}/")) || url == o)
}

/// Fetches `url`. Same-origin requests carry `If-None-Match` / `If-Modified-Since` themselves
/// and see the 304. Cross-origin they would need a CORS preflight that static hosts rarely
/// answer, so there the browser's HTTP cache revalidates with the same headers
/// (`cache: no-cache`) and hands back its copy.
pub async fn get(url: &str, previous: &Validators) -> Result<Outcome, FetchError> {
    let window = web_sys::window().ok_or(FetchError::Network)?;
    let controller = AbortController::new().map_err(|_| FetchError::Network)?;
    let init = RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    init.set_method("GET");
    let headers = web_sys::Headers::new().map_err(|_| FetchError::Network)?;
    if same_origin(url) {
        init.set_cache(RequestCache::NoStore);
        if let Some(etag) = &previous.etag {
            let _ = headers.set("If-None-Match", etag);
        }
        if let Some(date) = &previous.last_modified {
            let _ = headers.set("If-Modified-Since", date);
        }
    } else {
        init.set_cache(RequestCache::NoCache);
    }
    init.set_headers(&headers);

    let abort = controller.clone();
    let _timeout = gloo::timers::callback::Timeout::new(TIMEOUT_MS, move || abort.abort());
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| FetchError::Network)?
        .dyn_into()
        .map_err(|_| FetchError::Network)?;
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let max_age = header("Cache-Control").as_deref().and_then(max_age);
    if response.status() == 304 {
        return Ok(Outcome::NotModified { max_age });
    }
    if !response.ok() {
        return Err(FetchError::Status(response.status()));
    }
    if header("Content-Length")
        .and_then(|l| l.trim().parse::<usize>().ok())
        .is_some_and(|l| l > MAX_FEED_BYTES)
    {
        controller.abort();
        return Err(FetchError::TooLarge);
    }
    let validators = Validators {
        etag: header("ETag"),
        last_modified: header("Last-Modified"),
    };
    let bytes = read_limited(&response, &controller).await?;
    Ok(Outcome::Changed {
        bytes,
        validators,
        max_age,
    })
}

/// Reads the body chunk by chunk and stops as soon as it passes the limit, so a huge answer
/// without a `Content-Length` is not held in memory.
async fn read_limited(
    response: &Response,
    controller: &AbortController,
) -> Result<Vec<u8>, FetchError> {
    let Some(body) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|_| FetchError::Network)?;
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|_| FetchError::Network)?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done"))
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            return Ok(bytes);
        }
        let value =
            Reflect::get(&chunk, &JsValue::from_str("value")).map_err(|_| FetchError::Network)?;
        let array: Uint8Array = value.dyn_into().map_err(|_| FetchError::Network)?;
        if bytes.len() + array.length() as usize > MAX_FEED_BYTES {
            controller.abort();
            return Err(FetchError::TooLarge);
        }
        let start = bytes.len();
        bytes.resize(start + array.length() as usize, 0);
        array.copy_to(&mut bytes[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_is_read_from_cache_control() {
        assert_eq!(max_age("public, max-age=300"), Some(300));
        assert_eq!(max_age("Max-Age = 60 , must-revalidate"), Some(60));
        assert_eq!(max_age("no-cache"), None);
        assert_eq!(max_age("max-age=soon"), None);
    }
}
