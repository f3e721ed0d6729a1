//! Small inline SVG icons, so that colour is never the only sign of a status: 16 × 16 paths
//! drawn in an `<svg class="icon">`.

use candor_core::{ComponentStatus, Indicator};
use yew::prelude::*;

const OK: &str = "M3.5 8.5l3 3 6-7";
pub const WARNING: &str = "M8 2.5v7M8 12.5v1";
const DOWN: &str = "M4 4l8 8M12 4l-8 8";
const MAINTENANCE: &str = "M8 2.5a5.5 5.5 0 1 0 0.01 0M8 5v3.5l2.5 1.5";

/// The drawing of an overall status or an impact.
pub fn indicator_path(indicator: Indicator) -> &'static str {
    match indicator {
        Indicator::None => OK,
        Indicator::Maintenance => MAINTENANCE,
        Indicator::Minor | Indicator::Major => WARNING,
        Indicator::Critical => DOWN,
    }
}

/// The drawing of a component's status.
pub fn component_path(status: ComponentStatus) -> &'static str {
    match status {
        ComponentStatus::Operational => OK,
        ComponentStatus::UnderMaintenance => MAINTENANCE,
        ComponentStatus::DegradedPerformance | ComponentStatus::PartialOutage => WARNING,
        ComponentStatus::MajorOutage => DOWN,
    }
}

/// An icon, hidden from assistive technology: the text beside it says the same. A function,
/// not a component: it has no state, and each component costs the wasm about 2 KB.
pub fn icon(path: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d={path} /></svg>
    }
}
