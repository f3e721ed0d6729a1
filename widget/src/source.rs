//! What a `src` points at: a Candor feed, a Statuspage page (its URL, or the URL of its
//! `summary.json` or `incidents.json`) or an incident.io page's widget API
//! (`https://<page>/api/v1/summary`), and which documents to fetch for it.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// A Candor feed (version 1), fetched as is.
    CandorFeed { url: String },
    /// A Statuspage page: its API v2 summary (status, components, open incidents, maintenances)
    /// and its incident history.
    Statuspage {
        summary_url: String,
        incidents_url: String,
    },
    /// An incident.io status page's widget API: what is open now (incidents, maintenances in
    /// progress and scheduled), with the components they affect. incident.io serves it to
    /// other origins ("can be called directly from a web app", its documentation says).
    /// Known only to the builds that read it: `js/candor.js` gives such a `src` the
    /// incident.io build, and the Statuspage build is 0.2 KB smaller without it.
    #[cfg(feature = "incident-io")]
    IncidentIo { url: String },
}

impl SourceKind {
    /// Decides from an absolute URL. A path ending in `/api/v1/summary` is an incident.io
    /// page's widget API; a path ending in `summary.json` or `incidents.json` is a Statuspage
    /// API document; any other `.json` is a Candor feed; anything else is taken for a
    /// Statuspage page, whose API lives under `/api/v2/`. (`js/candor.js`'s `kindOf` decides
    /// the same way which build to load.)
    pub fn detect(url: &str) -> SourceKind {
        let without_fragment = url.split('#').next().unwrap_or(url);
        let path = without_fragment
            .split('?')
            .next()
            .unwrap_or(without_fragment);
        #[cfg(feature = "incident-io")]
        if path.trim_end_matches('/').ends_with("/api/v1/summary") {
            return SourceKind::IncidentIo {
                url: url.to_string(),
            };
        }
        let file = path.rsplit('/').next().unwrap_or("");
        let api_base = if file == "summary.json" || file == "incidents.json" {
            path[..path.len() - file.len()].to_string()
        } else if file.to_ascii_lowercase().ends_with(".json") {
            return SourceKind::CandorFeed {
                url: url.to_string(),
            };
        } else {
            format!("{}/api/v2/", path.trim_end_matches('/'))
        };
        SourceKind::Statuspage {
            summary_url: format!("{api_base}summary.json"),
            incidents_url: format!("{api_base}incidents.json"),
        }
    }

    /// The documents fetched on every refresh, in a fixed order.
    pub fn urls(&self) -> Vec<&str> {
        match self {
            SourceKind::CandorFeed { url } => vec![url],
            SourceKind::Statuspage {
                summary_url,
                incidents_url,
            } => vec![summary_url, incidents_url],
            #[cfg(feature = "incident-io")]
            SourceKind::IncidentIo { url } => vec![url],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuspage(summary: &str, incidents: &str) -> SourceKind {
        SourceKind::Statuspage {
            summary_url: summary.into(),
            incidents_url: incidents.into(),
        }
    }

    #[test]
    fn a_json_file_is_a_candor_feed() {
        assert_eq!(
            SourceKind::detect("https://status.example.com/feed.json?v=2"),
            SourceKind::CandorFeed {
                url: "https://status.example.com/feed.json?v=2".into()
            }
        );
    }

    #[test]
    fn a_page_url_fetches_its_api_documents() {
        let expected = statuspage(
            "https://www.githubstatus.com/api/v2/summary.json",
            "https://www.githubstatus.com/api/v2/incidents.json",
        );
        assert_eq!(SourceKind::detect("https://www.githubstatus.com"), expected);
        assert_eq!(
            SourceKind::detect("https://www.githubstatus.com/"),
            expected
        );
        assert_eq!(
            SourceKind::detect("https://www.githubstatus.com/#history"),
            expected
        );
    }

    #[test]
    fn either_api_document_brings_its_sibling() {
        let expected = statuspage(
            "http://127.0.0.1:8080/sp/api/v2/summary.json",
            "http://127.0.0.1:8080/sp/api/v2/incidents.json",
        );
        assert_eq!(
            SourceKind::detect("http://127.0.0.1:8080/sp/api/v2/summary.json"),
            expected
        );
        assert_eq!(
            SourceKind::detect("http://127.0.0.1:8080/sp/api/v2/incidents.json"),
            expected
        );
        assert_eq!(expected.urls().len(), 2);
    }

    #[test]
    #[cfg(feature = "incident-io")]
    fn an_incident_io_widget_api_is_fetched_as_is() {
        for url in [
            "https://status.openai.com/api/v1/summary",
            "https://statuspage.incident.io/acme/api/v1/summary/",
            "http://127.0.0.1:8080/api/v1/summary?x=1#top",
        ] {
            assert_eq!(
                SourceKind::detect(url),
                SourceKind::IncidentIo { url: url.into() }
            );
        }
        // Not the widget API: a Statuspage page and a feed.
        assert!(matches!(
            SourceKind::detect("https://status.example.com/api/v1/summary/more"),
            SourceKind::Statuspage { .. }
        ));
        assert!(matches!(
            SourceKind::detect("https://status.example.com/api/v1/summary.json"),
            SourceKind::Statuspage { .. }
        ));
    }
}
