//! The static feed the widget reads: its format (version 1, see `docs/feed.md`), how it is
//! built from a [`History`], and how a reader parses it without trusting it.
//!
//! The feed is small on purpose (20 components and 50 incidents stay far under 100 KB): a day's
//! fields are left out when they have their default value (no downtime, 100% uptime, no
//! incident), and its `date` is left out when it is the day after the previous entry's, so that
//! an uneventful day is written as `{}`. The reader fills the defaults back in. Numbers are
//! rounded so that the bytes are stable and short.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::history::{History, OverallStatus};
use crate::model::{
    Cause, ComponentStatus, Impact, Incident, IncidentUpdate, UpdateStatus, YearMonth,
};
use crate::months::{self, ImpactCounts};
use crate::zone::Zone;

/// The only feed version this code writes and reads.
pub const FEED_VERSION: u32 = 1;
/// The most incidents a feed carries, newest first.
pub const MAX_INCIDENTS: usize = 50;
/// How many months `monthly_incidents` covers, the current one included.
pub const MONTHS: usize = 36;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feed {
    pub version: u32,
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub generated_at: DateTime<Utc>,
    pub page: FeedPage,
    pub status: OverallStatus,
    pub components: Vec<FeedComponent>,
    pub incidents: Vec<FeedIncident>,
    #[serde(default)]
    pub maintenances: Vec<FeedMaintenance>,
    #[serde(default)]
    pub monthly_incidents: Vec<FeedMonth>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedPage {
    pub name: String,
    pub url: Option<String>,
    /// The IANA zone the days and months of this feed are counted in.
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedComponent {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub group: Option<String>,
    pub status: ComponentStatus,
    /// Over all of `days`; `null` when none of them has data.
    pub uptime_percent: Option<f64>,
    /// Oldest first, one per local day, ending today. In JSON a day's `date` is left out when it
    /// follows the previous day's.
    #[serde(with = "consecutive_days")]
    pub days: Vec<FeedDay>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedDay {
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub downtime_minutes: f64,
    /// `null` when the day has no data; left out when it is 100.
    #[serde(default = "full_uptime", skip_serializing_if = "is_full_uptime")]
    pub uptime_percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incident_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedUpdate {
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub at: DateTime<Utc>,
    pub status: UpdateStatus,
    /// Untrusted text as the source wrote it; readers must show it as text.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedIncident {
    pub id: String,
    pub title: String,
    pub impact: Impact,
    pub status: UpdateStatus,
    #[serde(default)]
    pub cause: Cause,
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub start: DateTime<Utc>,
    /// `null` while open.
    #[serde(default, deserialize_with = "crate::wire_time::optional_instant")]
    pub end: Option<DateTime<Utc>>,
    #[serde(default)]
    pub url: Option<String>,
    /// Ids of the affected components.
    #[serde(default)]
    pub components: Vec<String>,
    /// Newest first, as status pages show them.
    #[serde(default)]
    pub updates: Vec<FeedUpdate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedMaintenance {
    pub id: String,
    pub title: String,
    pub status: UpdateStatus,
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub scheduled_for: DateTime<Utc>,
    #[serde(default, deserialize_with = "crate::wire_time::optional_instant")]
    pub scheduled_until: Option<DateTime<Utc>>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub components: Vec<String>,
    /// Newest first.
    #[serde(default)]
    pub updates: Vec<FeedUpdate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedMonth {
    pub month: YearMonth,
    pub count: usize,
    pub by_impact: ImpactCounts,
}

/// Writes a list of days with each `date` left out where it is the day after the previous one,
/// and reads such a list back, filling the dates in.
mod consecutive_days {
    use chrono::NaiveDate;
    use serde::de::Error as _;
    use serde::ser::SerializeSeq;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{full_uptime, is_full_uptime, is_zero, FeedDay};

    #[derive(Serialize, Deserialize)]
    struct Day {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::wire_time::optional_date"
        )]
        date: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "is_zero")]
        downtime_minutes: f64,
        #[serde(default = "full_uptime", skip_serializing_if = "is_full_uptime")]
        uptime_percent: Option<f64>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        incident_ids: Vec<String>,
    }

    pub fn serialize<S: Serializer>(days: &[FeedDay], serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(days.len()))?;
        let mut previous: Option<NaiveDate> = None;
        for day in days {
            let implied = previous.and_then(|p| p.succ_opt());
            seq.serialize_element(&Day {
                date: (implied != Some(day.date)).then_some(day.date),
                downtime_minutes: day.downtime_minutes,
                uptime_percent: day.uptime_percent,
                incident_ids: day.incident_ids.clone(),
            })?;
            previous = Some(day.date);
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<FeedDay>, D::Error> {
        let raw = Vec::<Day>::deserialize(deserializer)?;
        let mut days: Vec<FeedDay> = Vec::with_capacity(raw.len());
        for day in raw {
            let date = match (day.date, days.last()) {
                (Some(date), _) => date,
                (None, Some(previous)) => previous
                    .date
                    .succ_opt()
                    .ok_or_else(|| D::Error::custom("a day after the last date there is"))?,
                (None, None) => return Err(D::Error::custom("the first day needs a `date`")),
            };
            days.push(FeedDay {
                date,
                downtime_minutes: day.downtime_minutes,
                uptime_percent: day.uptime_percent,
                incident_ids: day.incident_ids,
            });
        }
        Ok(days)
    }
}

impl FeedComponent {
    /// The uptime over the feed's last `n` days. Over all of them it is the feed's own figure.
    /// Over fewer (a narrow widget shows 30 of 90 days) the feed has no observed minutes to
    /// weigh the days by, so each day with data counts equally: a DST day or the partial
    /// current day moves the result by a few thousandths of a percent at most.
    pub fn uptime_over_last(&self, n: usize) -> Option<f64> {
        if n >= self.days.len() {
            return self.uptime_percent;
        }
        let known: Vec<f64> = self.days[self.days.len() - n..]
            .iter()
            .filter_map(|d| d.uptime_percent)
            .collect();
        (!known.is_empty()).then(|| round(known.iter().sum::<f64>() / known.len() as f64, 4))
    }
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn full_uptime() -> Option<f64> {
    Some(100.0)
}

fn is_full_uptime(x: &Option<f64>) -> bool {
    *x == Some(100.0)
}

/// Rounds to `places` decimals, so that the feed's bytes are short and stable.
fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// What goes into a feed besides the data.
#[derive(Debug, Clone)]
pub struct FeedOptions {
    /// How many local days of uptime each component carries, today included.
    pub days: u32,
    /// The page's name when the data and the configuration give none.
    pub fallback_name: String,
    /// The IANA name of the zone the history is analysed in.
    pub time_zone: String,
}

/// Builds the feed from an analysed history. Deterministic: the same history gives the same feed.
pub fn build<Z: Zone>(history: &History<'_, Z>, options: &FeedOptions) -> Feed {
    let zone = history.zone;
    let now = history.now;
    let data = history.data;
    let today = zone.date_of(now);
    let first_day = today - Duration::days(i64::from(options.days.max(1)) - 1);

    let components = history
        .components()
        .into_iter()
        .map(|c| {
            let incidents = history.incidents_by_day(&c.id, first_day, today);
            let daily = history.daily(&c.id, first_day, today);
            let mut total = crate::uptime::Uptime::default();
            let days = daily
                .into_iter()
                .map(|day| {
                    total.add(day.uptime);
                    FeedDay {
                        date: day.date,
                        downtime_minutes: round(day.uptime.downtime_minutes, 2),
                        uptime_percent: day.uptime.percent().map(|p| round(p, 4)),
                        incident_ids: incidents
                            .get(&day.date)
                            .map(|ids| ids.iter().map(|s| s.to_string()).collect())
                            .unwrap_or_default(),
                    }
                })
                .collect();
            FeedComponent {
                status: history.current_status(&c.id),
                uptime_percent: total.percent().map(|p| round(p, 4)),
                id: c.id,
                name: c.name,
                group: c.group,
                days,
            }
        })
        .collect();

    // Newest first; ties by id, then in data order (what a stable sort of all would give).
    // Only the first MAX_INCIDENTS are sorted: the rest of a million are only partitioned.
    let mut recent: Vec<(usize, &Incident)> = (data.incidents.iter().enumerate())
        .filter(|(_, i)| i.has_started_by(now))
        .collect();
    let by_recency = |a: &(usize, &Incident), b: &(usize, &Incident)| {
        (b.1.start.cmp(&a.1.start))
            .then_with(|| a.1.id.cmp(&b.1.id))
            .then_with(|| a.0.cmp(&b.0))
    };
    if recent.len() > MAX_INCIDENTS {
        recent.select_nth_unstable_by(MAX_INCIDENTS, by_recency);
        recent.truncate(MAX_INCIDENTS);
    }
    recent.sort_unstable_by(by_recency);
    let incidents = recent
        .into_iter()
        .map(|(_, i)| i)
        .map(|i| FeedIncident {
            id: i.id.clone(),
            title: String::from(&*i.title),
            impact: i.impact,
            status: i.status.clone(),
            cause: i.cause,
            start: i.start,
            end: i.end,
            url: i.url.as_deref().map(String::from),
            components: i
                .components
                .iter()
                .map(|a| String::from(&*a.component_id))
                .collect(),
            updates: newest_first(&i.updates),
        })
        .collect();

    // Maintenances still ahead or in the feed's days, soonest last like incidents.
    let horizon = zone.start_of_day(first_day);
    let mut maintenances: Vec<_> = data
        .maintenances
        .iter()
        .filter(|m| m.scheduled_until.unwrap_or(m.scheduled_for) >= horizon)
        .collect();
    crate::order::sort_by(&mut maintenances, |a, b| {
        b.scheduled_for
            .cmp(&a.scheduled_for)
            .then_with(|| a.id.cmp(&b.id))
    });
    let maintenances = maintenances
        .into_iter()
        .take(MAX_INCIDENTS)
        .map(|m| FeedMaintenance {
            id: m.id.clone(),
            title: m.title.clone(),
            status: m.status.clone(),
            scheduled_for: m.scheduled_for,
            scheduled_until: m.scheduled_until,
            url: m.url.clone(),
            components: m.component_ids.clone(),
            updates: newest_first(&m.updates),
        })
        .collect();

    let months = zone.month_of(now).window_ending(MONTHS);
    let monthly_incidents = months::monthly_counts(
        data.incidents.iter().filter(|i| i.has_started_by(now)),
        zone,
        &months,
    )
    .into_iter()
    .map(|m| FeedMonth {
        month: m.month,
        count: m.count,
        by_impact: m.by_impact,
    })
    .collect();

    Feed {
        version: FEED_VERSION,
        generated_at: now,
        page: FeedPage {
            name: data
                .page
                .name
                .clone()
                .unwrap_or_else(|| options.fallback_name.clone()),
            url: data.page.url.clone(),
            time_zone: options.time_zone.clone(),
        },
        status: history.overall_status(),
        components,
        incidents,
        maintenances,
        monthly_incidents,
    }
}

fn newest_first(updates: &[IncidentUpdate]) -> Vec<FeedUpdate> {
    let mut list: Vec<FeedUpdate> = updates
        .iter()
        .map(|u| FeedUpdate {
            at: u.at,
            status: u.status.clone(),
            body: u.body.clone(),
        })
        .collect();
    crate::order::sort_by_key(&mut list, |u| std::cmp::Reverse(u.at));
    list
}

/// Why a feed could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("the feed is {size} bytes; at most {limit} are read")]
    TooLarge { size: usize, limit: usize },
    #[error("the feed is not valid JSON for feed version 1: {0}")]
    Malformed(#[from] serde_json::Error),
    #[error("feed version {0} is not supported; this reader knows version 1")]
    UnsupportedVersion(u64),
}

/// The largest feed a reader accepts.
pub const MAX_FEED_BYTES: usize = 5 * 1024 * 1024;

/// Parses a feed from bytes that came from the network: never panics, checks the size and the
/// version before anything else.
pub fn parse(bytes: &[u8]) -> Result<Feed, FeedError> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge {
            size: bytes.len(),
            limit: MAX_FEED_BYTES,
        });
    }
    // A byte order mark is not JSON, but editors and some servers add one; it says nothing.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    #[derive(Deserialize)]
    struct Version {
        version: AnyVersion,
    }
    let Version { version } = serde_json::from_slice(bytes)?;
    match version.0 {
        Some(v) if v == u64::from(FEED_VERSION) => Ok(serde_json::from_slice(bytes)?),
        Some(v) => Err(FeedError::UnsupportedVersion(v)),
        None => Err(FeedError::UnsupportedVersion(0)),
    }
}

/// A feed's `version` as whatever JSON it is: a whole number, or `None` for anything else.
/// (Not a `serde_json::Value`, which would bring a second JSON tree into the widget's wasm.)
struct AnyVersion(Option<u64>);

impl<'de> Deserialize<'de> for AnyVersion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AnyVersion;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_u64<E>(self, v: u64) -> Result<AnyVersion, E> {
                Ok(AnyVersion(Some(v)))
            }
            fn visit_i64<E>(self, _: i64) -> Result<AnyVersion, E> {
                Ok(AnyVersion(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<AnyVersion, E> {
                Ok(AnyVersion(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<AnyVersion, E> {
                Ok(AnyVersion(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<AnyVersion, E> {
                Ok(AnyVersion(None))
            }
            fn visit_unit<E>(self) -> Result<AnyVersion, E> {
                Ok(AnyVersion(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnyVersion, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(AnyVersion(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyVersion, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(AnyVersion(None))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Serialises a feed the one way the project writes it: compact JSON ending in a newline.
pub fn to_json(feed: &Feed) -> String {
    let mut s = serde_json::to_string(feed).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AffectedComponent, Component, Dataset, Incident};
    use crate::uptime::UptimeWeights;
    use chrono::Utc;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("test instant")
    }

    /// A page the size the feed is meant for: 20 components, 60 incidents (50 are kept) with
    /// four updates of realistic length each.
    fn busy_page() -> Dataset {
        let components = (0..20)
            .map(|i| Component {
                group: Some(format!("Region {}", i % 4)),
                position: Some(i),
                ..Component::named(format!("component-{i:02}"), format!("Component number {i}"))
            })
            .collect();
        let incidents = (0..60)
            .map(|i: i64| {
                let start = t("2026-05-01T00:00:00Z") + Duration::hours(i * 31);
                Incident {
                    id: format!("incident-{i:03}"),
                    title: format!("Elevated error rates on component number {}", i % 20).into(),
                    impact: Impact::ALL[(i % 4) as usize],
                    start,
                    end: Some(start + Duration::minutes(40 + i)),
                    created_at: Some(start),
                    status: UpdateStatus::Resolved,
                    updates: (0..4)
                        .map(|u| IncidentUpdate {
                            at: start + Duration::minutes(10 * u),
                            status: UpdateStatus::Investigating,
                            body: "We are investigating reports of elevated error rates and will \
                                   post an update as soon as we know more about the cause."
                                .into(),
                        })
                        .collect(),
                    components: vec![AffectedComponent {
                        component_id: format!("component-{:02}", i % 20).into(),
                        transitions: vec![],
                    }],
                    cause: Cause::Unknown,
                    url: Some(format!("https://status.example.com/incidents/{i}").into()),
                }
            })
            .collect();
        Dataset {
            components,
            incidents,
            ..Dataset::default()
        }
    }

    fn feed_of(data: &Dataset, now: &str) -> Feed {
        let history = History::new(data, &Utc, t(now), UptimeWeights::default());
        build(
            &history,
            &FeedOptions {
                days: 90,
                fallback_name: "Example".into(),
                time_zone: "UTC".into(),
            },
        )
    }

    #[test]
    fn incidents_after_now_are_in_no_figure() {
        let data = busy_page();
        let now = t("2026-06-10T00:00:00Z");
        let feed = feed_of(&data, "2026-06-10T00:00:00Z");
        let june_start = t("2026-06-01T00:00:00Z");
        let started_in_june_by_now = data
            .incidents
            .iter()
            .filter(|i| i.start >= june_start && i.start <= now)
            .count();
        let later_in_june = data
            .incidents
            .iter()
            .filter(|i| i.start > now && i.start < t("2026-07-01T00:00:00Z"))
            .count();
        assert!(
            later_in_june > 0,
            "the fixture must have incidents after now in June"
        );
        let june = feed.monthly_incidents.last().expect("months");
        assert_eq!(june.month.to_string(), "2026-06");
        assert_eq!(june.count, started_in_june_by_now);
        assert!(feed.incidents.iter().all(|i| i.start <= now));
    }

    #[test]
    fn twenty_components_and_fifty_incidents_stay_well_under_100_kb() {
        let feed = feed_of(&busy_page(), "2026-08-15T12:00:00Z");
        assert_eq!(feed.components.len(), 20);
        assert_eq!(feed.incidents.len(), MAX_INCIDENTS);
        let json = to_json(&feed);
        // Of which the incidents' own text is about 50 KB; the 1,800 component-days take 9 KB.
        assert!(json.len() < 70_000, "{} bytes", json.len());
    }

    #[test]
    fn a_feed_reads_back_as_it_was_written() {
        let feed = feed_of(&busy_page(), "2026-08-15T12:00:00Z");
        let json = to_json(&feed);
        assert_eq!(parse(json.as_bytes()).expect("valid feed"), feed);
        assert_eq!(to_json(&feed), json, "deterministic");
    }

    #[test]
    fn uneventful_days_are_written_as_empty_objects_after_the_first_date() {
        let data = Dataset {
            components: vec![Component::named("api", "API")],
            incidents: vec![Incident {
                id: "a".into(),
                title: "Down".into(),
                impact: Impact::Critical,
                start: t("2026-08-02T00:00:00Z"),
                end: Some(t("2026-08-02T01:00:00Z")),
                created_at: None,
                status: UpdateStatus::Resolved,
                updates: vec![],
                components: vec![AffectedComponent {
                    component_id: "api".into(),
                    transitions: vec![],
                }],
                cause: Cause::Unknown,
                url: None,
            }],
            ..Dataset::default()
        };
        let history = History::new(
            &data,
            &Utc,
            t("2026-08-03T12:00:00Z"),
            UptimeWeights::default(),
        );
        let feed = build(
            &history,
            &FeedOptions {
                days: 4,
                fallback_name: "Example".into(),
                time_zone: "UTC".into(),
            },
        );
        let value: serde_json::Value = serde_json::from_str(&to_json(&feed)).expect("json");
        assert_eq!(
            value["components"][0]["days"],
            serde_json::json!([
                {"date": "2026-07-31", "uptime_percent": null},
                {"uptime_percent": null},
                {"downtime_minutes": 60.0, "uptime_percent": 95.8333, "incident_ids": ["a"]},
                {}
            ])
        );
    }

    #[test]
    fn dates_that_do_not_follow_are_written_and_a_first_day_without_one_is_refused() {
        let json = r#"{"version":1,"generated_at":"2026-08-03T00:00:00Z",
            "page":{"name":"P","url":null,"time_zone":"UTC"},
            "status":{"indicator":"none","description":"All Systems Operational"},
            "components":[{"id":"a","name":"A","status":"operational","uptime_percent":100.0,
              "days":[{"date":"2026-08-01"},{},{"date":"2026-08-10"}]}],
            "incidents":[]}"#;
        let feed = parse(json.as_bytes()).expect("valid");
        let dates: Vec<String> = feed.components[0]
            .days
            .iter()
            .map(|d| d.date.to_string())
            .collect();
        assert_eq!(dates, ["2026-08-01", "2026-08-02", "2026-08-10"]);
        assert!(to_json(&feed).contains(r#"{"date":"2026-08-01"},{},{"date":"2026-08-10"}"#));
        let bad = json.replace(r#"{"date":"2026-08-01"},"#, "");
        assert!(matches!(
            parse(bad.as_bytes()),
            Err(FeedError::Malformed(_))
        ));
    }

    #[test]
    fn other_versions_are_refused_before_anything_else() {
        assert!(matches!(
            parse(br#"{"version": 2, "anything": true}"#),
            Err(FeedError::UnsupportedVersion(2))
        ));
        for version in [
            r#""1""#,
            "1.5",
            "-1",
            "null",
            "[1]",
            r#"{"major": 1}"#,
            "true",
        ] {
            let json = format!(r#"{{"version": {version}, "anything": true}}"#);
            assert!(
                matches!(
                    parse(json.as_bytes()),
                    Err(FeedError::UnsupportedVersion(0))
                ),
                "{version}"
            );
        }
    }

    fn component_with(days: &[Option<f64>], total: Option<f64>) -> FeedComponent {
        FeedComponent {
            id: "api".into(),
            name: "API".into(),
            group: None,
            status: ComponentStatus::Operational,
            uptime_percent: total,
            days: days
                .iter()
                .enumerate()
                .map(|(i, p)| FeedDay {
                    date: NaiveDate::from_ymd_opt(2026, 8, 1 + i as u32).expect("valid date"),
                    downtime_minutes: 0.0,
                    uptime_percent: *p,
                    incident_ids: vec![],
                })
                .collect(),
        }
    }

    #[test]
    fn uptime_over_all_days_is_the_feeds_own_figure() {
        let c = component_with(&[Some(90.0), Some(100.0)], Some(95.1234));
        assert_eq!(c.uptime_over_last(2), Some(95.1234));
        assert_eq!(c.uptime_over_last(90), Some(95.1234));
    }

    #[test]
    fn uptime_over_fewer_days_averages_the_days_with_data() {
        let c = component_with(&[Some(50.0), None, Some(99.0), Some(100.0)], Some(80.0));
        assert_eq!(c.uptime_over_last(3), Some(99.5));
        assert_eq!(c.uptime_over_last(1), Some(100.0));
        let empty = component_with(&[Some(50.0), None], Some(50.0));
        assert_eq!(empty.uptime_over_last(1), None);
    }
}
