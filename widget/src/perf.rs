//! User Timing marks, for `cargo xtask bench-widget` and the end-to-end tests: how long the
//! widget takes from a feed's arrival to the rendered widget, and proof that it does not render
//! again when a refresh brings nothing new.
//!
//! - `candor:feed-arrived` (mark): a response body has been read, before it is parsed.
//! - `candor:rendered` (mark): the root component has rendered (every render).
//! - `candor:render` (measure): from `candor:feed-arrived` to the first `candor:rendered` that
//!   shows the data it brought whole (the first data's full view is drawn in stages a task
//!   apart: `view::BELOW`).
//!
//! Each name is cleared before it is set again, so a page that stays open for days holds one
//! entry of each; a `PerformanceObserver` still sees every one of them.

use std::cell::Cell;

use web_sys::Performance;

use crate::http::{FetchError, Outcome};

pub const ARRIVED: &str = "candor:feed-arrived";
pub const RENDERED: &str = "candor:rendered";
pub const RENDER: &str = "candor:render";

thread_local! {
    /// New data has been taken in and not rendered yet.
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

fn performance() -> Option<Performance> {
    web_sys::window()?.performance()
}

fn mark(performance: &Performance, name: &str) {
    performance.clear_marks_with_mark_name(name);
    let _ = performance.mark(name);
}

/// A request answered: marks the arrival when it brought a body (not for a 304 or a failure).
pub fn arrived(answer: &Result<Outcome, FetchError>) {
    if let (Ok(Outcome::Changed { .. }), Some(p)) = (answer, performance()) {
        mark(&p, ARRIVED);
    }
}

/// The root component took in data it has not shown before (`has_data`: and not "no data").
pub fn new_data(has_data: bool) {
    PENDING.with(|p| p.set(p.get() || has_data));
}

/// The root component has rendered: marks it, and measures the render that shows new data
/// whole (`complete`: with everything the view holds, not only what is drawn first).
pub fn rendered(complete: bool) {
    let Some(p) = performance() else {
        return;
    };
    mark(&p, RENDERED);
    if complete && PENDING.with(|p| p.replace(false)) {
        p.clear_measures_with_measure_name(RENDER);
        let _ = p.measure_with_start_mark_and_end_mark(RENDER, ARRIVED, RENDERED);
    }
}
