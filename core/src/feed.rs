//! The static feed the widget reads: its format (version 1, see `docs/feed.md`), how it is
//! built from a [`History`], and how a reader parses it without trusting it.
//!
//! The feed is small on purpose (20 components and 50 incidents stay far under 100 KB): a day's
//! fields are left out when they have their default value (no downtime, 100% uptime, no
//! incident), and its `date` is left out when it is the day after the previous entry's, so that
//! an uneventful day is written as `{}`. The reader fills the defaults back in. Numbers are
//! rounded so that the bytes are stable and short.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use crate::history::{History, OverallStatus};
use crate::model::{
    Cause, ComponentStatus, Impact, Incident, IncidentUpdate, Maintenance, UpdateStatus, YearMonth,
};
use crate::months::{self, ImpactCounts};
use crate::zone::Zone;

/// The only feed version this code writes and reads.
pub const FEED_VERSION: u32 = 1;
/// The most incidents a feed carries, newest first.
pub const MAX_INCIDENTS: usize = 50;
/// The largest feed a reader accepts (`candor_sources::feed::parse`) and a writer writes.
pub const MAX_FEED_BYTES: usize = 5 * 1024 * 1024;

/// How many months `monthly_incidents` covers, the current one included.
pub const MONTHS: usize = 36;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feed {
    pub version: u32,
    pub generated_at: DateTime<Utc>,
    pub page: FeedPage,
    pub status: OverallStatus,
    pub components: Vec<FeedComponent>,
    pub incidents: Vec<FeedIncident>,
    pub maintenances: Vec<FeedMaintenance>,
    pub monthly_incidents: Vec<FeedMonth>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedPage {
    pub name: String,
    pub url: Option<String>,
    /// The IANA zone the days and months of this feed are counted in.
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedComponent {
    pub id: String,
    pub name: String,
    pub group: Option<String>,
    pub status: ComponentStatus,
    /// Over all of `days`; `null` when none of them has data.
    pub uptime_percent: Option<f64>,
    /// Oldest first, one per local day, ending today. In JSON a day's `date` is left out when it
    /// follows the previous day's.
    #[serde(serialize_with = "consecutive_days")]
    pub days: Vec<FeedDay>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedDay {
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "is_zero")]
    pub downtime_minutes: f64,
    /// `null` when the day has no data; left out when it is 100.
    #[serde(skip_serializing_if = "is_full_uptime")]
    pub uptime_percent: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub incident_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedUpdate {
    pub at: DateTime<Utc>,
    pub status: UpdateStatus,
    /// Untrusted text as the source wrote it; readers must show it as text.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedIncident {
    pub id: String,
    pub title: String,
    pub impact: Impact,
    pub status: UpdateStatus,
    pub cause: Cause,
    pub start: DateTime<Utc>,
    /// `null` while open.
    pub end: Option<DateTime<Utc>>,
    pub url: Option<String>,
    /// Ids of the affected components.
    pub components: Vec<String>,
    /// Newest first, as status pages show them.
    pub updates: Vec<FeedUpdate>,
    /// Left out when the incident has none (the feeds of data without post-mortems stay as
    /// they were).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postmortem: Option<FeedPostmortem>,
}

/// A resolved incident's post-mortem: where it is published, its text, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedPostmortem {
    pub url: Option<String>,
    /// Untrusted text as the source wrote it (plain text, Markdown or HTML); readers must show
    /// it as text.
    pub body: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedMaintenance {
    pub id: String,
    pub title: String,
    pub status: UpdateStatus,
    pub scheduled_for: DateTime<Utc>,
    pub scheduled_until: Option<DateTime<Utc>>,
    pub url: Option<String>,
    pub components: Vec<String>,
    /// Newest first.
    pub updates: Vec<FeedUpdate>,
}

/// A month the data covers, wholly or in part. Months it does not cover are not listed: they
/// have no data, which is not 0 incidents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FeedMonth {
    pub month: YearMonth,
    pub count: usize,
    pub by_impact: ImpactCounts,
    /// The data covers only part of the month (it begins inside it, or the month is the
    /// current one): `count` is of that part. Left out when false.
    #[serde(skip_serializing_if = "is_false")]
    pub partial: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Writes a list of days with each `date` left out where it is the day after the previous one
/// ([`parse`] fills them back in).
fn consecutive_days<S: serde::Serializer>(
    days: &[FeedDay],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;

    #[derive(Serialize)]
    struct Day<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        date: Option<NaiveDate>,
        #[serde(skip_serializing_if = "is_zero")]
        downtime_minutes: f64,
        #[serde(skip_serializing_if = "is_full_uptime")]
        uptime_percent: Option<f64>,
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        incident_ids: &'a [String],
    }

    let mut seq = serializer.serialize_seq(Some(days.len()))?;
    let mut previous: Option<NaiveDate> = None;
    for day in days {
        let implied = previous.and_then(|p| p.succ_opt());
        seq.serialize_element(&Day {
            date: (implied != Some(day.date)).then_some(day.date),
            downtime_minutes: day.downtime_minutes,
            uptime_percent: day.uptime_percent,
            incident_ids: &day.incident_ids,
        })?;
        previous = Some(day.date);
    }
    seq.end()
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

/// The maintenances a reader shows as current: in progress now, and upcoming within a few days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MaintenanceNowAndNext<'f> {
    /// Soonest started first.
    pub in_progress: Vec<&'f FeedMaintenance>,
    /// Soonest first.
    pub upcoming: Vec<&'f FeedMaintenance>,
}

impl Feed {
    /// The maintenances in progress at `now`, and those that start after it, before the end
    /// of the local day `days` days after today in `zone` (the page's zone; `days` 7: "this
    /// week", whatever the DST changes in it).
    ///
    /// What the page says comes first: `completed` (or `resolved`) is over, `in_progress` and
    /// `verifying` are in progress even outside their window. Otherwise (`scheduled`, or a
    /// word of the page's own) the window decides: begun and not yet over (or with no end
    /// given) is in progress, ended is over (the page never said more), ahead is upcoming.
    pub fn maintenance_now_and_next<Z: Zone>(
        &self,
        zone: &Z,
        now: DateTime<Utc>,
        days: u32,
    ) -> MaintenanceNowAndNext<'_> {
        let horizon = zone
            .date_of(now)
            .checked_add_days(chrono::Days::new(u64::from(days)))
            .map_or(DateTime::<Utc>::MAX_UTC, |last| zone.end_of_day(last));
        let mut current = MaintenanceNowAndNext::default();
        for m in &self.maintenances {
            match m.status {
                UpdateStatus::Completed | UpdateStatus::Resolved => {}
                UpdateStatus::InProgress | UpdateStatus::Verifying => current.in_progress.push(m),
                _ if m.scheduled_for <= now => {
                    let ended = m.scheduled_until.is_some_and(|until| until <= now);
                    if !ended {
                        current.in_progress.push(m);
                    }
                }
                _ if m.scheduled_for < horizon => current.upcoming.push(m),
                _ => {}
            }
        }
        let soonest = |a: &&FeedMaintenance, b: &&FeedMaintenance| {
            (a.scheduled_for.cmp(&b.scheduled_for)).then_with(|| a.id.cmp(&b.id))
        };
        crate::sort::sort_by(&mut current.in_progress, soonest);
        crate::sort::sort_by(&mut current.upcoming, soonest);
        current
    }
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
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

    let incidents_by_component = history.incidents_by_day(first_day, today);
    let components = history
        .components()
        .into_iter()
        .map(|c| {
            let incidents = incidents_by_component
                .iter()
                .find(|by_day| by_day.component == c.id);
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
                            .and_then(|by_day| by_day.get(day.date))
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
    crate::sort::sort_by(&mut recent, by_recency);
    recent.truncate(MAX_INCIDENTS);
    let incidents = recent
        .into_iter()
        .map(|(_, i)| i)
        .map(|i| FeedIncident {
            id: String::from(i.id.as_str()),
            title: String::from(i.title.as_str()),
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
            postmortem: i.postmortem.as_deref().map(|p| FeedPostmortem {
                url: p.url.clone(),
                body: p.body.clone(),
                published_at: p.published_at,
            }),
        })
        .collect();

    // Maintenances still ahead or in the feed's days, soonest last like incidents.
    let horizon = zone.start_of_day(first_day);
    let mut maintenances: Vec<_> = data
        .maintenances
        .iter()
        .filter(|m| m.scheduled_until.unwrap_or(m.scheduled_for) >= horizon)
        .collect();
    if maintenances.len() > MAX_INCIDENTS {
        // More than a feed carries (a year of weekly windows): those not over by now, soonest
        // first, then the latest of the others, so that what is in progress or next is kept.
        let over = |m: &Maintenance| m.scheduled_until.unwrap_or(m.scheduled_for) < now;
        crate::sort::sort_by(&mut maintenances, |a, b| {
            (over(a).cmp(&over(b)))
                .then_with(|| match over(a) {
                    false => a.scheduled_for.cmp(&b.scheduled_for),
                    true => b.scheduled_for.cmp(&a.scheduled_for),
                })
                .then_with(|| a.id.cmp(&b.id))
        });
        maintenances.truncate(MAX_INCIDENTS);
    }
    crate::sort::sort_by(&mut maintenances, |a, b| {
        b.scheduled_for
            .cmp(&a.scheduled_for)
            .then_with(|| a.id.cmp(&b.id))
    });
    let maintenances = maintenances
        .into_iter()
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
        (data.incidents.iter())
            .filter(|i| i.has_started_by(now))
            .map(months::Counted::of),
        zone,
        &months,
    )
    .into_iter()
    // Only the months the data covers: before it begins nothing is known.
    .filter_map(|m| {
        let covered = months::month_coverage(zone, m.month, history.coverage_start(), now)?;
        Some(FeedMonth {
            month: m.month,
            count: m.count,
            by_impact: m.by_impact,
            partial: covered.partial,
        })
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
    crate::sort::sort_by_key(&mut list, |u| std::cmp::Reverse(u.at));
    list
}

/// Serialises a feed the one way the project writes it: compact JSON ending in a newline.
pub fn to_json(feed: &Feed) -> String {
    let mut s = serde_json::to_string(feed).unwrap_or_default();
    s.push('\n');
    s
}
