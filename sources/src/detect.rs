//! Which vendor's document a text is, from its content (names are anyhow): what the import
//! asks before it hands the text to that vendor's reader. Statuspage API v2, cState, CSV and
//! Upptime are recognised by their own modules; these are the others.

use serde_json::Value;

/// The vendors' documents recognised here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vendor {
    Instatus,
    /// An Uptime Kuma status page (`/api/status-page/<slug>`).
    UptimeKuma,
    /// An Uptime Kuma heartbeat list (`/api/status-page/heartbeat/<slug>`), read with the
    /// status page beside it ([`crate::uptime_kuma::pair`]).
    UptimeKumaHeartbeat,
    /// A Better Stack status page's `index.json`.
    BetterStack,
    /// A Cachet v2 or v3 list of components, incidents or schedules.
    Cachet,
    /// Gatus's `/api/v1/endpoints/statuses`.
    Gatus,
    /// A Statuspage Manage API v1 export of incidents.
    StatuspageManage,
    /// An OpenStatus status page's JSON feed.
    OpenStatus,
    /// An incident.io status page's widget summary.
    IncidentIo,
}

/// The vendor of a JSON document, if it is one of theirs; `None` for other JSON and for text
/// that is not JSON.
pub fn json(text: &str) -> Option<Vendor> {
    let value: Value = serde_json::from_str(text).ok()?;
    if crate::instatus::looks_like(&value) {
        return Some(Vendor::Instatus);
    }
    if crate::uptime_kuma::is_status_page(&value) {
        return Some(Vendor::UptimeKuma);
    }
    if crate::uptime_kuma::is_heartbeat(&value) {
        return Some(Vendor::UptimeKumaHeartbeat);
    }
    if crate::better_stack::looks_like(&value) {
        return Some(Vendor::BetterStack);
    }
    if crate::cachet::looks_like(&value) {
        return Some(Vendor::Cachet);
    }
    if crate::gatus::looks_like(&value) {
        return Some(Vendor::Gatus);
    }
    if crate::statuspage_manage::looks_like(&value) {
        return Some(Vendor::StatuspageManage);
    }
    if crate::openstatus::looks_like(&value) {
        return Some(Vendor::OpenStatus);
    }
    if crate::incident_io::looks_like(&value) {
        return Some(Vendor::IncidentIo);
    }
    None
}
