//! User Timing marks, for `cargo xtask bench-widget` and the end-to-end tests: how long the
//! widget takes from a feed's arrival to the rendered widget, and proof that it does not render
//! again when a refresh brings nothing new.
//!
//! - `candor:feed-arrived` (mark): a response body has been read, before it is parsed.
//! - `candor:rendered` (mark): the root component has rendered (every render).
//! - `candor:render` (measure): from `candor:feed-arrived` to the first `candor:rendered` that
//!   shows the data it brought.
//!
//! Each name is cleared before it is set again, so a page that stays open for days holds one
//! entry of each; a `PerformanceObserver` still sees every one of them.

use std::cell::Cell;

use web_sys::Performance;

use crate::http::{FetchError, Outcome};

pub fn debug_mark(name: &str) {
    if option_env!("CANDOR_MARKS").is_none() {
        return;
    }
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
}

thread_local! {
    static ACC: std::cell::RefCell<Vec<(&'static str, f64, u32)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Debug: accumulates the time `f` takes under `name`.
pub fn debug_time<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if option_env!("CANDOR_MARKS").is_none() {
        return f();
    }
    let p = performance();
    let t0 = p.as_ref().map_or(0.0, |p| p.now());
    let out = f();
    let dt = p.as_ref().map_or(0.0, |p| p.now()) - t0;
    ACC.with(|acc| {
        let mut acc = acc.borrow_mut();
        match acc.iter_mut().find(|(n, _, _)| *n == name) {
            Some(e) => {
                e.1 += dt;
                e.2 += 1;
            }
            None => acc.push((name, dt, 1)),
        }
    });
    out
}

/// Debug: marks the accumulated times as `a:NAME=MS/COUNT` and starts again.
pub fn debug_flush() {
    if option_env!("CANDOR_MARKS").is_none() {
        return;
    }
    let Some(p) = performance() else { return };
    ACC.with(|acc| {
        for (name, ms, n) in acc.borrow_mut().drain(..) {
            let _ = p.mark(&format!("a:{name}={ms:.3}/{n}"));
        }
    });
}

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

/// The root component has rendered: marks it, and measures the render that shows new data.
pub fn rendered() {
    let Some(p) = performance() else {
        return;
    };
    mark(&p, RENDERED);
    debug_flush();
    if PENDING.with(|p| p.replace(false)) {
        p.clear_measures_with_measure_name(RENDER);
        let _ = p.measure_with_start_mark_and_end_mark(RENDER, ARRIVED, RENDERED);
    }
}
