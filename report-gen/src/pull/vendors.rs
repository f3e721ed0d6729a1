//! `pull` for the status pages other than Statuspage: their public endpoints give their current
//! state (Cachet's lists are paginated), so each is fetched, conditionally, and stored as
//! served under the name the import's readers expect beside it; the latest replaces the last.
//! Reading them is the import's job (`sources/`).

use super::http::{Client, Fetched};
use super::state::Folder;
use super::{may_write, store, Options, Outcome, Source};

/// More pages of one Cachet list than this is a server whose list never ends.
const MAX_LIST_PAGES: u32 = 1000;

/// The documents of a page of `source` at `url`: (file in the folder, address).
pub fn documents(source: Source, url: &str) -> Result<Vec<(String, String)>, String> {
    let at = |path: &str| format!("{url}{path}");
    Ok(match source {
        Source::Statuspage => Vec::new(),
        Source::Instatus => vec![
            ("summary.json".into(), at("/summary.json")),
            ("components.json".into(), at("/v2/components.json")),
        ],
        Source::Betterstack => vec![("index.json".into(), at("/index.json"))],
        Source::Gatus => vec![(
            "endpoints-statuses.json".into(),
            at("/api/v1/endpoints/statuses"),
        )],
        Source::UptimeKuma => {
            let (host, slug) = uptime_kuma_page(url)?;
            vec![
                (
                    format!("status-page-{slug}.json"),
                    format!("{host}/api/status-page/{slug}"),
                ),
                (
                    format!("heartbeat-{slug}.json"),
                    format!("{host}/api/status-page/heartbeat/{slug}"),
                ),
            ]
        }
        // Stored under names that say whose they are: the readers tell them by their content,
        // and a `feed.json` or `summary.json` would look like Candor's or Statuspage's.
        Source::Openstatus => vec![("openstatus-feed.json".into(), at("/feed/json"))],
        Source::IncidentIo => vec![("incident-io-summary.json".into(), at("/api/v1/summary"))],
        Source::Cachet => ["components", "incidents", "schedules"]
            .into_iter()
            .map(|list| (format!("{list}.json"), at(&format!("/api/v1/{list}"))))
            .collect(),
    })
}

/// Pulls the documents of `source`; Cachet's lists page by page (`incidents.json`,
/// `incidents-page-2.json`, ...).
pub fn pull(
    source: Source,
    options: &Options,
    folder: &mut Folder,
    client: &Client,
    bar: &indicatif::ProgressBar,
    outcome: &mut Outcome,
) -> Result<(), String> {
    for (first, url) in documents(source, &options.url)? {
        let mut file = first.clone();
        let mut url = url;
        for number in 1..=MAX_LIST_PAGES {
            bar.set_message(file.clone());
            let Some(known) = may_write(folder, &file, options.force, outcome) else {
                break;
            };
            let fetched = client.get(&url, known.as_ref());
            let next = match (&fetched, source) {
                (Ok(Fetched::Body { bytes, .. }), Source::Cachet) => next_page(bytes, &url),
                (Ok(Fetched::NotModified), Source::Cachet) => std::fs::read(folder.dir.join(&file))
                    .ok()
                    .and_then(|bytes| next_page(&bytes, &url)),
                _ => None,
            };
            store(folder, &file, &url, None, fetched, outcome);
            outcome.documents += 1;
            let Some(next) = next else { break };
            let stem = first.trim_end_matches(".json");
            file = format!("{stem}-page-{}.json", number + 1);
            url = next;
        }
    }
    Ok(())
}

/// An Uptime Kuma page's host and slug, from its address `https://host/status/<slug>`.
fn uptime_kuma_page(url: &str) -> Result<(String, String), String> {
    let refuse = || {
        format!(
            "`{url}`: an Uptime Kuma status page's address names the page: \
             https://host/status/<slug>"
        )
    };
    let (host, slug) = url.rsplit_once("/status/").ok_or_else(refuse)?;
    let plain = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    if slug.is_empty() || !slug.bytes().all(plain) {
        return Err(refuse());
    }
    Ok((host.to_string(), slug.to_string()))
}

/// The address of a Cachet list's next page: `meta.pagination.links.next_page` (v2) or
/// `links.next` (v3), only on the same server as `current`.
fn next_page(bytes: &[u8], current: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let next = (value.pointer("/meta/pagination/links/next_page"))
        .or(value.pointer("/links/next"))?
        .as_str()?;
    let origin = |u: &str| {
        let rest = u.split_once("://")?.1;
        Some(format!(
            "{}{}",
            &u[..u.len() - rest.len()],
            rest.split('/').next()?
        ))
    };
    (origin(next)? == origin(current)? && next != current).then(|| next.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_uptime_kuma_address_names_its_page() {
        assert_eq!(
            uptime_kuma_page("https://up.example.com/status/main"),
            Ok(("https://up.example.com".into(), "main".into()))
        );
        assert!(uptime_kuma_page("https://up.example.com").is_err());
        assert!(uptime_kuma_page("https://up.example.com/status/../x").is_err());
    }

    #[test]
    fn a_cachet_list_is_followed_on_its_own_server_only() {
        let v2 = br#"{"meta": {"pagination": {"current_page": 1, "total_pages": 2,
            "links": {"next_page": "https://c.example.com/api/v1/incidents?page=2"}}}, "data": []}"#;
        let current = "https://c.example.com/api/v1/incidents";
        assert_eq!(
            next_page(v2, current).as_deref(),
            Some("https://c.example.com/api/v1/incidents?page=2")
        );
        let v3 = br#"{"links": {"next": "https://elsewhere.example/api/v1/incidents?page=2"}}"#;
        assert_eq!(next_page(v3, current), None);
        let last = br#"{"meta": {"pagination": {"links": {"next_page": null}}}}"#;
        assert_eq!(next_page(last, current), None);
    }
}
