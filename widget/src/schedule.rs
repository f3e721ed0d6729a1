//! When to refresh next: the `refresh` interval, never sooner than the server's
//! `Cache-Control: max-age` nor than every 10 seconds, and after failures an exponential backoff
//! with jitter, up to 10 minutes.

/// The shortest interval between two requests for one source.
pub const FLOOR_SECS: f64 = 10.0;
/// The longest a failing source waits before it tries again.
pub const BACKOFF_CAP_SECS: f64 = 600.0;

/// Seconds until the next request, or `None` when nothing should be fetched again.
///
/// `refresh_secs` is the shortest interval any widget on the page asks for (0: none asks);
/// `max_age` comes from the last response; `failures` counts the failed attempts since the last
/// success; `jitter` is a random number in `[0, 1)` that spreads retries of many viewers apart.
pub fn next_delay(
    refresh_secs: u32,
    max_age: Option<u32>,
    failures: u32,
    has_data: bool,
    jitter: f64,
) -> Option<f64> {
    // With refreshing off, a source still retries until it has shown something.
    if refresh_secs == 0 && (has_data || failures == 0) {
        return None;
    }
    let base = f64::from(refresh_secs)
        .max(f64::from(max_age.unwrap_or(0)))
        .max(FLOOR_SECS);
    if failures == 0 {
        return Some(base);
    }
    // The first retry comes after twice the interval, the next after four times, ...; an
    // interval longer than the cap is never shortened by a failure.
    let exponent = failures.min(16) as i32;
    let backoff = (base * 2f64.powi(exponent)).min(BACKOFF_CAP_SECS.max(base));
    // "Equal jitter": half fixed, half random, so retries spread but still grow.
    let jittered = backoff / 2.0 + jitter.clamp(0.0, 1.0) * backoff / 2.0;
    Some(jittered.max(FLOOR_SECS))
}

/// Whether the last success is so old that the data shown may be out of date: more than three
/// refresh intervals.
pub fn is_stale(refresh_secs: u32, seconds_since_success: f64) -> bool {
    refresh_secs > 0 && seconds_since_success > 3.0 * f64::from(refresh_secs).max(FLOOR_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_healthy_source_refreshes_at_its_interval() {
        assert_eq!(next_delay(60, None, 0, true, 0.5), Some(60.0));
    }

    #[test]
    fn never_more_often_than_ten_seconds_nor_than_max_age() {
        assert_eq!(next_delay(1, None, 0, true, 0.5), Some(10.0));
        assert_eq!(next_delay(60, Some(300), 0, true, 0.5), Some(300.0));
        assert_eq!(next_delay(60, Some(5), 0, true, 0.5), Some(60.0));
    }

    #[test]
    fn refresh_zero_stops_once_something_is_shown() {
        assert_eq!(next_delay(0, None, 0, true, 0.5), None);
        assert_eq!(next_delay(0, None, 0, false, 0.5), None);
        // The first load failed: keep trying, or the widget stays empty.
        assert!(next_delay(0, None, 1, false, 0.5).is_some());
    }

    #[test]
    fn failures_back_off_exponentially_up_to_ten_minutes() {
        let upper = |failures| next_delay(60, None, failures, true, 1.0).expect("retries");
        let lower = |failures| next_delay(60, None, failures, true, 0.0).expect("retries");
        assert_eq!(upper(1), 120.0);
        assert_eq!(upper(2), 240.0);
        assert_eq!(upper(3), 480.0);
        assert_eq!(upper(4), 600.0);
        assert_eq!(upper(40), 600.0);
        assert_eq!(lower(1), 60.0);
        assert_eq!(lower(4), 300.0);
        let schedule: Vec<f64> = (1..10).map(upper).collect();
        assert!(schedule.windows(2).all(|w| w[0] <= w[1]), "{schedule:?}");
    }

    #[test]
    fn jitter_spreads_retries_between_half_and_all_of_the_backoff() {
        let d = next_delay(60, None, 2, true, 0.25).expect("retries");
        assert_eq!(d, 120.0 + 0.25 * 120.0);
    }

    #[test]
    fn a_long_interval_is_not_shortened_by_a_failure() {
        assert_eq!(next_delay(3600, None, 1, true, 1.0), Some(3600.0));
    }

    #[test]
    fn stale_after_three_intervals() {
        assert!(!is_stale(60, 180.0));
        assert!(is_stale(60, 181.0));
        assert!(!is_stale(0, 1e9));
        assert!(is_stale(1, 31.0));
    }
}
