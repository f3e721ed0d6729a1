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

use crate::history::{History, Indicator, OverallStatus};
use crate::json::{self, JsonError, Reader};
use crate::model::{
    BadMonth, Cause, ComponentStatus, Impact, Incident, IncidentUpdate, Maintenance, UpdateStatus,
    YearMonth,
};
use crate::months::{self, ImpactCounts};
use crate::tally::Tally;
use crate::wire_time::{instant, optional_date, optional_instant};
use crate::zone::Zone;

/// The only feed version this code writes and reads.
pub const FEED_VERSION: u32 = 1;
/// The most incidents a feed carries, newest first.
pub const MAX_INCIDENTS: usize = 50;
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
        crate::order::sort_by(&mut current.in_progress, soonest);
        crate::order::sort_by(&mut current.upcoming, soonest);
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
    recent.sort_by(by_recency);
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
        maintenances.sort_by(|a, b| {
            (over(a).cmp(&over(b)))
                .then_with(|| match over(a) {
                    false => a.scheduled_for.cmp(&b.scheduled_for),
                    true => b.scheduled_for.cmp(&a.scheduled_for),
                })
                .then_with(|| a.id.cmp(&b.id))
        });
        maintenances.truncate(MAX_INCIDENTS);
    }
    maintenances.sort_by(|a, b| {
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
            .map(Tally::of),
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
    list.sort_by_key(|u| std::cmp::Reverse(u.at));
    list
}

/// Why a feed could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("the feed is {size} bytes; at most {limit} are read")]
    TooLarge { size: usize, limit: usize },
    #[error("the feed is not valid JSON for feed version 1: {0}")]
    Malformed(#[from] JsonError),
    #[error("feed version {0} is not supported; this reader knows version 1")]
    UnsupportedVersion(u64),
}

/// The largest feed a reader accepts.
pub const MAX_FEED_BYTES: usize = 5 * 1024 * 1024;

/// Parses a feed from bytes that came from the network: never panics, checks the size and the
/// version before anything else.
///
/// Read by hand on [`crate::json::Reader`], not through serde (see that module for why): each
/// type below has one reading function. Unknown keys are skipped, so that a newer writer can
/// add fields; a key given twice, a missing required field or a value of the wrong type is an
/// error that names the field and the place.
pub fn parse(bytes: &[u8]) -> Result<Feed, FeedError> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge {
            size: bytes.len(),
            limit: MAX_FEED_BYTES,
        });
    }
    // A byte order mark is not JSON, but editors and some servers add one; it says nothing.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // First only the version (whatever JSON it is), so that a feed of another version is
    // refused as such, however different the rest of it is.
    let mut r = Reader::new(bytes)?;
    let mut version = None;
    json::fields!(r, {
        "version" (required) => version = r.whole_or_skip()?,
    })?;
    r.end()?;
    match version {
        Some(v) if v == u64::from(FEED_VERSION) => {
            let mut r = Reader::new(bytes)?;
            let feed = read_feed(&mut r)?;
            r.end()?;
            Ok(feed)
        }
        Some(v) => Err(FeedError::UnsupportedVersion(v)),
        None => Err(FeedError::UnsupportedVersion(0)),
    }
}

fn count(r: &mut Reader<'_>) -> json::Result<usize> {
    let n = r.whole()?;
    usize::try_from(n).map_err(|_| r.error("a count too large"))
}

fn update_status(r: &mut Reader<'_>) -> json::Result<UpdateStatus> {
    r.string().map(|s| UpdateStatus::parse(&s))
}

const INDICATORS: [Indicator; 5] = [
    Indicator::None,
    Indicator::Maintenance,
    Indicator::Minor,
    Indicator::Major,
    Indicator::Critical,
];

// Each reader starts from placeholder values and `Reader::fields` sees that every required
// field (those marked `(required)`) was given: a placeholder never survives into a feed.

fn read_feed(r: &mut Reader<'_>) -> json::Result<Feed> {
    let mut feed = Feed {
        version: FEED_VERSION,
        generated_at: DateTime::UNIX_EPOCH,
        page: FeedPage {
            name: String::new(),
            url: None,
            time_zone: String::new(),
        },
        status: OverallStatus {
            indicator: Indicator::None,
            description: String::new(),
        },
        components: Vec::new(),
        incidents: Vec::new(),
        maintenances: Vec::new(),
        monthly_incidents: Vec::new(),
    };
    json::fields!(r, {
        // `parse` has read it already: 1.
        "version" (required) => r.skip()?,
        "generated_at" (required) => feed.generated_at = instant(r)?,
        "page" (required) => feed.page = read_page(r)?,
        "status" (required) => feed.status = read_status(r)?,
        "components" (required) => feed.components = r.list(read_component)?,
        "incidents" (required) => feed.incidents = r.list(read_incident)?,
        "maintenances" => feed.maintenances = r.list(read_maintenance)?,
        "monthly_incidents" => feed.monthly_incidents = r.list(read_month)?,
    })?;
    Ok(feed)
}

fn read_page(r: &mut Reader<'_>) -> json::Result<FeedPage> {
    let mut page = FeedPage {
        name: String::new(),
        url: None,
        time_zone: String::new(),
    };
    json::fields!(r, {
        "name" (required) => page.name = r.string()?,
        "time_zone" (required) => page.time_zone = r.string()?,
        "url" => page.url = r.optional_string()?,
    })?;
    Ok(page)
}

fn read_status(r: &mut Reader<'_>) -> json::Result<OverallStatus> {
    let mut status = OverallStatus {
        indicator: Indicator::None,
        description: String::new(),
    };
    json::fields!(r, {
        "indicator" (required) => status.indicator = r.word(&INDICATORS, Indicator::as_str)?,
        "description" (required) => status.description = r.string()?,
    })?;
    Ok(status)
}

fn read_component(r: &mut Reader<'_>) -> json::Result<FeedComponent> {
    let mut c = FeedComponent {
        id: String::new(),
        name: String::new(),
        group: None,
        status: ComponentStatus::Operational,
        uptime_percent: None,
        days: Vec::new(),
    };
    json::fields!(r, {
        "id" (required) => c.id = r.string()?,
        "name" (required) => c.name = r.string()?,
        "status" (required) => c.status = r.word(&ComponentStatus::ALL, ComponentStatus::as_str)?,
        "uptime_percent" (required) => c.uptime_percent = r.optional_number()?,
        "days" (required) => c.days = read_days(r)?,
        "group" => c.group = r.optional_string()?,
    })?;
    Ok(c)
}

/// A component's days: each `date` that is left out is the day after the previous one's.
fn read_days(r: &mut Reader<'_>) -> json::Result<Vec<FeedDay>> {
    let mut days: Vec<FeedDay> = Vec::new();
    r.items(&mut |r| {
        let mut date = None;
        let mut day = FeedDay {
            date: NaiveDate::MIN,
            downtime_minutes: 0.0,
            uptime_percent: Some(100.0),
            incident_ids: Vec::new(),
        };
        json::fields!(r, {
            "date" => date = optional_date(r)?,
            "downtime_minutes" => day.downtime_minutes = r.number()?,
            "uptime_percent" => day.uptime_percent = r.optional_number()?,
            "incident_ids" => day.incident_ids = r.strings()?,
        })?;
        day.date = match (date, days.last()) {
            (Some(date), _) => date,
            (None, Some(previous)) => previous
                .date
                .succ_opt()
                .ok_or_else(|| r.error("a day after the last date there is"))?,
            (None, None) => return Err(r.error("the first day needs a `date`")),
        };
        days.push(day);
        Ok(())
    })?;
    Ok(days)
}

fn read_update(r: &mut Reader<'_>) -> json::Result<FeedUpdate> {
    let mut update = FeedUpdate {
        at: DateTime::UNIX_EPOCH,
        status: UpdateStatus::Investigating,
        body: String::new(),
    };
    json::fields!(r, {
        "at" (required) => update.at = instant(r)?,
        "status" (required) => update.status = update_status(r)?,
        "body" (required) => update.body = r.string()?,
    })?;
    Ok(update)
}

fn read_incident(r: &mut Reader<'_>) -> json::Result<FeedIncident> {
    let mut i = FeedIncident {
        id: String::new(),
        title: String::new(),
        impact: Impact::None,
        status: UpdateStatus::Investigating,
        cause: Cause::Unknown,
        start: DateTime::UNIX_EPOCH,
        end: None,
        url: None,
        components: Vec::new(),
        updates: Vec::new(),
        postmortem: None,
    };
    json::fields!(r, {
        "id" (required) => i.id = r.string()?,
        "title" (required) => i.title = r.string()?,
        "impact" (required) => i.impact = r.word(&Impact::ALL, Impact::as_str)?,
        "status" (required) => i.status = update_status(r)?,
        "start" (required) => i.start = instant(r)?,
        "cause" => i.cause = r.word(&Cause::ALL, Cause::as_str)?,
        "end" => i.end = optional_instant(r)?,
        "url" => i.url = r.optional_string()?,
        "components" => i.components = r.strings()?,
        "updates" => i.updates = r.list(read_update)?,
        "postmortem" => {
            i.postmortem = if r.null()? {
                None
            } else {
                Some(read_postmortem(r)?)
            }
        },
    })?;
    Ok(i)
}

fn read_postmortem(r: &mut Reader<'_>) -> json::Result<FeedPostmortem> {
    let mut p = FeedPostmortem {
        url: None,
        body: None,
        published_at: None,
    };
    json::fields!(r, {
        "url" => p.url = r.optional_string()?,
        "body" => p.body = r.optional_string()?,
        "published_at" => p.published_at = optional_instant(r)?,
    })?;
    Ok(p)
}

fn read_maintenance(r: &mut Reader<'_>) -> json::Result<FeedMaintenance> {
    let mut m = FeedMaintenance {
        id: String::new(),
        title: String::new(),
        status: UpdateStatus::Scheduled,
        scheduled_for: DateTime::UNIX_EPOCH,
        scheduled_until: None,
        url: None,
        components: Vec::new(),
        updates: Vec::new(),
    };
    json::fields!(r, {
        "id" (required) => m.id = r.string()?,
        "title" (required) => m.title = r.string()?,
        "status" (required) => m.status = update_status(r)?,
        "scheduled_for" (required) => m.scheduled_for = instant(r)?,
        "scheduled_until" => m.scheduled_until = optional_instant(r)?,
        "url" => m.url = r.optional_string()?,
        "components" => m.components = r.strings()?,
        "updates" => m.updates = r.list(read_update)?,
    })?;
    Ok(m)
}

fn read_month(r: &mut Reader<'_>) -> json::Result<FeedMonth> {
    let mut month = FeedMonth {
        month: YearMonth {
            year: 1970,
            month: 1,
        },
        count: 0,
        by_impact: ImpactCounts::default(),
        partial: false,
    };
    json::fields!(r, {
        "month" (required) => {
            let text = r.string()?;
            month.month = text.parse().map_err(|e: BadMonth| r.error(e.to_string()))?;
        },
        "count" (required) => month.count = count(r)?,
        "by_impact" (required) => {
            let c = &mut month.by_impact;
            json::fields!(r, {
                "none" (required) => c.none = count(r)?,
                "minor" (required) => c.minor = count(r)?,
                "major" (required) => c.major = count(r)?,
                "critical" (required) => c.critical = count(r)?,
            })?;
        },
        "partial" => month.partial = r.boolean()?,
    })?;
    Ok(month)
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
    use crate::model::{AffectedComponent, Component, Dataset, Incident, Postmortem};
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
                    id: format!("incident-{i:03}").into(),
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
                    }]
                    .into(),
                    cause: Cause::Unknown,
                    url: Some(format!("https://status.example.com/incidents/{i}").into()),
                    postmortem: None,
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
                updates: Box::default(),
                components: vec![AffectedComponent {
                    component_id: "api".into(),
                    transitions: vec![],
                }]
                .into(),
                cause: Cause::Unknown,
                url: None,
                postmortem: None,
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

    const SMALL: &str = r#"{"version":1,"generated_at":"2026-08-03T00:00:00Z",
        "page":{"name":"P","url":null,"time_zone":"UTC"},
        "status":{"indicator":"minor","description":"Partial outage"},
        "components":[{"id":"a","name":"A","status":"partial_outage","uptime_percent":99.5,
          "days":[{"date":"2026-08-02","downtime_minutes":7.2,"uptime_percent":99.5,
                   "incident_ids":["i1"]}]}],
        "incidents":[{"id":"i1","title":"Slow \u00e9","impact":"major","status":"identified",
          "start":"2026-08-02T10:00:00+02:00","end":null,"components":["a"],
          "updates":[{"at":"2026-08-02T08:05:00Z","status":"identified","body":"<b>x</b>"}]}],
        "monthly_incidents":[{"month":"2026-08","count":1,
          "by_impact":{"none":0,"minor":0,"major":1,"critical":0}}]}"#;

    #[test]
    fn every_field_is_read() {
        let feed = parse(SMALL.as_bytes()).expect("valid");
        assert_eq!(feed.status.indicator, Indicator::Minor);
        let c = &feed.components[0];
        assert_eq!(c.status, ComponentStatus::PartialOutage);
        assert_eq!(c.days[0].downtime_minutes, 7.2);
        assert_eq!(c.days[0].incident_ids, ["i1"]);
        let i = &feed.incidents[0];
        assert_eq!(i.title, "Slow é");
        assert_eq!(i.start, t("2026-08-02T08:00:00Z"));
        assert_eq!(
            (i.impact, i.cause, i.end),
            (Impact::Major, Cause::Unknown, None)
        );
        assert_eq!(i.updates[0].body, "<b>x</b>");
        assert_eq!(feed.monthly_incidents[0].by_impact.major, 1);
        assert!(feed.maintenances.is_empty());
        // What this reader reads, the writer writes back the same way, and it reads again.
        assert_eq!(parse(to_json(&feed).as_bytes()).expect("again"), feed);
    }

    #[test]
    fn unknown_keys_are_skipped_and_known_ones_checked() {
        let newer = SMALL.replace(
            r#""version":1,"#,
            r#""version":1,"future":{"a":[1,2.5e3]},"#,
        );
        assert!(parse(newer.as_bytes()).is_ok());
        let cases = [
            (
                SMALL.replace(r#""name":"P","#, r#""name":"P","name":"Q","#),
                "page: the key `name` is given twice",
            ),
            (
                SMALL.replace(r#""title":"Slow \u00e9","#, ""),
                "incidents[0]: missing field `title`",
            ),
            (
                SMALL.replace(r#""uptime_percent":99.5,"#, r#""uptime_percent":"99.5","#),
                "components[0].uptime_percent: expected a number, found a string",
            ),
            (
                SMALL.replace(r#""count":1"#, r#""count":1.5"#),
                "monthly_incidents[0].count: expected a whole number",
            ),
            (
                SMALL.replace("2026-08-02T10:00:00+02:00", "yesterday"),
                "incidents[0].start: `yesterday` is not an RFC 3339 instant",
            ),
            (format!("{SMALL} x"), "more after the end of the JSON value"),
        ];
        for (json, expected) in cases {
            let err = parse(json.as_bytes()).expect_err(expected).to_string();
            assert!(err.contains(expected), "{err}: does not say {expected}");
        }
    }

    #[test]
    fn a_postmortem_is_carried_and_an_incident_without_one_has_no_key() {
        let mut data = busy_page();
        data.incidents[59].postmortem = Some(Box::new(Postmortem {
            url: Some("https://blog.example.com/review".into()),
            body: Some("<p>A **disk** filled.</p>".into()),
            published_at: Some(t("2026-08-10T12:00:00Z")),
        }));
        data.incidents[58].postmortem = Some(Box::new(Postmortem::at("https://x.test/pm")));
        let feed = feed_of(&data, "2026-08-15T12:00:00Z");
        let json = to_json(&feed);
        let value: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(value["incidents"][0]["id"], "incident-059");
        assert_eq!(
            value["incidents"][0]["postmortem"],
            serde_json::json!({"url": "https://blog.example.com/review",
                "body": "<p>A **disk** filled.</p>", "published_at": "2026-08-10T12:00:00Z"})
        );
        assert_eq!(
            value["incidents"][1]["postmortem"],
            serde_json::json!({"url": "https://x.test/pm", "body": null, "published_at": null})
        );
        assert!(value["incidents"][2].get("postmortem").is_none());
        assert_eq!(json.matches("\"postmortem\"").count(), 2);
        assert_eq!(parse(json.as_bytes()).expect("reads back"), feed);
    }

    #[test]
    fn a_postmortem_is_read_as_null_or_an_object_of_known_fields() {
        let with = |p: &str| {
            SMALL.replace(
                r#""components":["a"],"#,
                &format!(r#""components":["a"],"postmortem":{p},"#),
            )
        };
        let read = |p: &str| parse(with(p).as_bytes()).map(|f| f.incidents[0].postmortem.clone());
        assert_eq!(read("null").expect("null"), None);
        assert_eq!(
            read(r#"{"body":"Why.","future":1}"#).expect("partial"),
            Some(FeedPostmortem {
                url: None,
                body: Some("Why.".into()),
                published_at: None
            })
        );
        let err = read(r#"{"url":5}"#).expect_err("a number").to_string();
        assert!(
            err.contains("incidents[0].postmortem.url: expected a string"),
            "{err}"
        );
        let err = read(r#""https://x.test""#)
            .expect_err("a string")
            .to_string();
        assert!(err.contains("incidents[0].postmortem"), "{err}");
    }

    fn window(id: &str, status: UpdateStatus, from: &str, until: Option<&str>) -> FeedMaintenance {
        FeedMaintenance {
            id: id.into(),
            title: format!("Maintenance {id}"),
            status,
            scheduled_for: t(from),
            scheduled_until: until.map(t),
            url: None,
            components: vec!["a".into()],
            updates: vec![],
        }
    }

    fn now_and_next<Z: Zone>(
        maintenances: Vec<FeedMaintenance>,
        zone: &Z,
        now: &str,
    ) -> (Vec<String>, Vec<String>) {
        let mut feed = parse(SMALL.as_bytes()).expect("valid");
        feed.maintenances = maintenances;
        let current = feed.maintenance_now_and_next(zone, t(now), 7);
        let ids = |list: Vec<&FeedMaintenance>| list.iter().map(|m| m.id.clone()).collect();
        (ids(current.in_progress), ids(current.upcoming))
    }

    #[test]
    fn maintenance_in_progress_is_what_the_page_says_else_what_the_window_says() {
        use UpdateStatus::*;
        let now = "2026-08-03T12:00:00Z";
        let (in_progress, upcoming) = now_and_next(
            vec![
                window(
                    "done",
                    Completed,
                    "2026-08-03T10:00:00Z",
                    Some("2026-08-03T14:00:00Z"),
                ),
                window("done-early", Completed, "2026-08-03T13:00:00Z", None),
                window(
                    "running",
                    InProgress,
                    "2026-08-03T11:00:00Z",
                    Some("2026-08-03T13:00:00Z"),
                ),
                window(
                    "overrun",
                    Verifying,
                    "2026-08-03T08:00:00Z",
                    Some("2026-08-03T09:00:00Z"),
                ),
                window(
                    "begun",
                    Scheduled,
                    "2026-08-03T11:30:00Z",
                    Some("2026-08-03T12:30:00Z"),
                ),
                window("open-ended", Scheduled, "2026-08-03T09:00:00Z", None),
                window(
                    "stale",
                    Scheduled,
                    "2026-08-02T09:00:00Z",
                    Some("2026-08-02T10:00:00Z"),
                ),
                window("ends-now", Scheduled, "2026-08-03T11:00:00Z", Some(now)),
                window(
                    "tomorrow",
                    Scheduled,
                    "2026-08-04T09:00:00Z",
                    Some("2026-08-04T10:00:00Z"),
                ),
                window(
                    "soon",
                    Other("planned".into()),
                    "2026-08-03T12:00:01Z",
                    None,
                ),
            ],
            &Utc,
            now,
        );
        assert_eq!(in_progress, ["overrun", "open-ended", "running", "begun"]);
        assert_eq!(upcoming, ["soon", "tomorrow"]);
    }

    #[test]
    fn maintenance_across_midnight_is_in_progress_on_both_days() {
        let night = || {
            let m = window(
                "night",
                UpdateStatus::Scheduled,
                "2026-08-03T22:00:00Z",
                Some("2026-08-04T02:00:00Z"),
            );
            vec![m]
        };
        let mut found = Vec::new();
        for now in [
            "2026-08-03T21:59:59Z",
            "2026-08-03T23:30:00Z",
            "2026-08-04T01:00:00Z",
            "2026-08-04T02:00:00Z",
        ] {
            found.push(now_and_next(night(), &Utc, now));
        }
        let none: Vec<String> = vec![];
        let night_only = vec!["night".to_string()];
        assert_eq!(
            found,
            [
                (none.clone(), night_only.clone()),
                (night_only.clone(), none.clone()),
                (night_only, none.clone()),
                (none.clone(), none),
            ]
        );
    }

    #[test]
    fn upcoming_means_by_the_end_of_the_seventh_local_day_whatever_the_dst_change() {
        use chrono_tz::Europe::Berlin;
        // Summer time ends in Berlin on Sunday 25 October 2026: the week from Thursday 22
        // October has a day of 25 hours. Thursday 29 October ends at 23:00 UTC (midnight CET);
        // seven times 24 hours from Thursday noon (10:00 UTC) would end the week 14 hours early
        // and one hour off.
        let now = "2026-10-22T10:00:00Z";
        let at = |id: &str, from: &str| window(id, UpdateStatus::Scheduled, from, None);
        let (_, upcoming) = now_and_next(
            vec![
                at("thursday-23:59-cet", "2026-10-29T22:59:00Z"),
                at("friday-00:00-cet", "2026-10-29T23:00:00Z"),
                at("sunday-02:30-cet", "2026-10-25T01:30:00Z"),
                at("sunday-02:30-cest", "2026-10-25T00:30:00Z"),
            ],
            &Berlin,
            now,
        );
        assert_eq!(
            upcoming,
            [
                "sunday-02:30-cest",
                "sunday-02:30-cet",
                "thursday-23:59-cet"
            ]
        );
    }

    #[test]
    fn a_year_of_weekly_maintenance_keeps_what_is_in_progress_and_next() {
        let mut data = busy_page();
        let now = t("2026-08-15T12:00:00Z");
        data.maintenances = (0..60)
            .map(|w: i64| {
                let from = now + Duration::weeks(w) - Duration::hours(1);
                Maintenance {
                    id: format!("week-{w:02}"),
                    title: "Weekly window".into(),
                    status: UpdateStatus::Scheduled,
                    scheduled_for: from,
                    scheduled_until: Some(from + Duration::hours(2)),
                    component_ids: vec![],
                    updates: vec![],
                    url: None,
                }
            })
            .collect();
        let feed = feed_of(&data, "2026-08-15T12:00:00Z");
        assert_eq!(feed.maintenances.len(), MAX_INCIDENTS);
        assert_eq!(
            feed.maintenances.last().map(|m| m.id.as_str()),
            Some("week-00")
        );
        assert_eq!(
            feed.maintenances[0].id, "week-49",
            "latest first, as with fewer"
        );
        let current = feed.maintenance_now_and_next(&Utc, now, 7);
        assert_eq!(current.in_progress[0].id, "week-00");
        assert_eq!(
            current
                .upcoming
                .iter()
                .map(|m| m.id.as_str())
                .collect::<Vec<_>>(),
            ["week-01"]
        );
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
