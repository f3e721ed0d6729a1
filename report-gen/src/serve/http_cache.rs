//! HTTP validators and conditional requests: the ETag and Last-Modified a response carries,
//! and whether a request's `If-None-Match` / `If-Modified-Since` lets us answer 304.
//!
//! A widget refreshes every minute or so; most refreshes find nothing new, and a 304 without
//! a body is what keeps that cheap for the server and the viewer alike.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::header::{IF_MODIFIED_SINCE, IF_NONE_MATCH};
use axum::http::HeaderMap;

/// What identifies one version of a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validators {
    /// A strong entity tag, quotes included.
    pub etag: String,
    /// Whole seconds: HTTP dates have no finer unit, and comparing finer times would make a
    /// client's `If-Modified-Since` never match.
    pub last_modified: SystemTime,
}

impl Validators {
    /// Validators for bytes that changed at `modified`: the tag is a hash of the bytes, so
    /// the same content always gets the same tag.
    pub fn of_bytes(bytes: &[u8], modified: SystemTime) -> Validators {
        let digest = sha1_smol::Sha1::from(bytes).digest().to_string();
        Validators {
            etag: format!("\"{}\"", &digest[..20]),
            last_modified: whole_seconds(modified),
        }
    }

    /// Validators for a file, from its size and modification time (reading a large file just
    /// to answer 304 would defeat the purpose).
    pub fn of_file(len: u64, modified: SystemTime, variant: &str) -> Validators {
        let nanos = modified
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Validators {
            etag: format!("\"{len:x}-{nanos:x}{variant}\""),
            last_modified: whole_seconds(modified),
        }
    }

    pub fn last_modified_header(&self) -> String {
        httpdate::fmt_http_date(self.last_modified)
    }
}

fn whole_seconds(t: SystemTime) -> SystemTime {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// Whether the client's copy is current (RFC 9110, section 13.2.2): `If-None-Match` decides
/// when present; only without it does `If-Modified-Since` count.
pub fn is_not_modified(request: &HeaderMap, current: &Validators) -> bool {
    if let Some(value) = request.get(IF_NONE_MATCH) {
        let Ok(list) = value.to_str() else {
            return false;
        };
        return list.split(',').map(str::trim).any(|tag| {
            // Weak comparison, as the standard asks for If-None-Match.
            tag == "*" || tag.trim_start_matches("W/") == current.etag.trim_start_matches("W/")
        });
    }
    if let Some(value) = request.get(IF_MODIFIED_SINCE) {
        if let Some(since) = value
            .to_str()
            .ok()
            .and_then(|s| httpdate::parse_http_date(s).ok())
        {
            return current.last_modified <= since;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                axum::http::HeaderName::from_bytes(name.as_bytes()).expect("name"),
                HeaderValue::from_str(value).expect("value"),
            );
        }
        map
    }

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn the_tag_depends_on_the_bytes_only() {
        let a = Validators::of_bytes(b"feed one", at(10));
        let b = Validators::of_bytes(b"feed one", at(99));
        let c = Validators::of_bytes(b"feed two", at(10));
        assert_eq!(a.etag, b.etag);
        assert_ne!(a.etag, c.etag);
        assert!(a.etag.starts_with('"') && a.etag.ends_with('"'));
    }

    #[test]
    fn a_matching_tag_is_not_modified() {
        let v = Validators::of_bytes(b"x", at(1_000));
        assert!(is_not_modified(&headers(&[("if-none-match", &v.etag)]), &v));
        let listed = format!("\"other\", W/{}", v.etag);
        assert!(is_not_modified(&headers(&[("if-none-match", &listed)]), &v));
        assert!(is_not_modified(&headers(&[("if-none-match", "*")]), &v));
        assert!(!is_not_modified(
            &headers(&[("if-none-match", "\"other\"")]),
            &v
        ));
    }

    #[test]
    fn if_none_match_wins_over_if_modified_since() {
        let v = Validators::of_bytes(b"x", at(1_000));
        let later = httpdate::fmt_http_date(at(2_000));
        let h = headers(&[
            ("if-none-match", "\"stale\""),
            ("if-modified-since", &later),
        ]);
        assert!(!is_not_modified(&h, &v));
    }

    #[test]
    fn if_modified_since_compares_whole_seconds() {
        let v = Validators::of_bytes(b"x", at(1_000) + Duration::from_millis(700));
        let same = v.last_modified_header();
        assert!(is_not_modified(
            &headers(&[("if-modified-since", &same)]),
            &v
        ));
        let before = httpdate::fmt_http_date(at(999));
        assert!(!is_not_modified(
            &headers(&[("if-modified-since", &before)]),
            &v
        ));
        assert!(!is_not_modified(
            &headers(&[("if-modified-since", "yesterday")]),
            &v
        ));
    }

    #[test]
    fn no_conditions_means_a_full_answer() {
        let v = Validators::of_bytes(b"x", at(1));
        assert!(!is_not_modified(&HeaderMap::new(), &v));
    }
}
