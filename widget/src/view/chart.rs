//! Incidents per month over the last 12 months: an SVG bar chart, with the same numbers in a
//! visually hidden table for screen readers. A month the feed does not list has no data (the
//! data begins later): no bar, "no data", never 0; a month the data covers in part is marked.

use candor_core::feed::{Feed, FeedMonth};
use candor_core::YearMonth;
use yew::prelude::*;

use crate::i18n::{fill, Text};
use crate::intl::Formats;

const MONTHS: usize = 12;
// Chart units; coordinates are whole numbers so that no float formatting is linked in. The
// fixed ones are written as literals below (static attributes cost the wasm less), checked
// against these.
const WIDTH: i64 = 360;
const HEIGHT: i64 = 120;
const LABELS: i64 = 16;
const VALUES: i64 = 14;

/// Bar heights in chart units, scaled so the highest month fills the plot; a month with
/// incidents is always at least one unit high.
pub fn bar_heights(counts: &[usize], plot_height: i64) -> Vec<i64> {
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as i64;
    counts
        .iter()
        .map(|&c| {
            let h = plot_height * c as i64 / max;
            if c > 0 {
                h.max(1)
            } else {
                0
            }
        })
        .collect()
}

/// The entry of `month`: `None` where the feed lists none, a month the data says nothing about.
fn entry(listed: &[FeedMonth], month: YearMonth) -> Option<&FeedMonth> {
    listed.iter().find(|e| e.month == month)
}

/// The 12 months ending with the feed's last; nothing when the feed counts no months.
pub fn chart(f: &Formats, feed: &Feed) -> Html {
    let listed = &feed.monthly_incidents[..];
    let Some(last) = listed.last().map(|m| m.month) else {
        return Html::default();
    };
    let first = (1..MONTHS).fold(last, |m, _| m.prev());
    let months: Vec<YearMonth> = std::iter::successors(Some(first), |m| Some(m.next()))
        .take(MONTHS)
        .collect();
    let entries: Vec<Option<&FeedMonth>> = months.iter().map(|m| entry(listed, *m)).collect();
    let counts: Vec<usize> = entries.iter().map(|e| e.map_or(0, |e| e.count)).collect();
    let title = f.lang.text(Text::IncidentsPerMonth);
    let no_data = f.lang.text(Text::NoData);
    let plot = HEIGHT - LABELS - VALUES;
    let heights = bar_heights(&counts, plot);
    let slot = WIDTH / MONTHS as i64;
    // A month's values in chart units: the same for every month but `x` and the bar's height.
    const _: () = assert!(
        WIDTH == 360
            && HEIGHT == 120
            && WIDTH / MONTHS as i64 * 3 / 5 == 18
            && VALUES + (HEIGHT - LABELS - VALUES) / 2 == 59
            && HEIGHT - 3 == 117
    );
    let bars =
        (months.iter().zip(&entries).zip(&heights).enumerate()).map(|(i, ((month, e), h))| {
            let x = i as i64 * slot;
            let y = VALUES + plot - h;
            let middle = (x + slot / 2).to_string();
            html! {
                <>
                    if let Some(e) = e {
                        <rect class="chart-bar" data-partial={e.partial.then_some("true")}
                            x={(x + slot / 5).to_string()} y={y.to_string()} width="18"
                            height={h.to_string()} rx="2" />
                        <text class="chart-value" x={middle.clone()} y={(y - 3).to_string()}>
                            { e.count }
                        </text>
                    } else {
                        // In the bar's place, turned upwards by the stylesheet: "no data" is wider
                        // than a month's slot.
                        <text class="chart-none" x={middle.clone()} y="59">{ no_data }</text>
                    }
                    <text class="chart-label" x={middle} y="117">{ f.month_short(*month) }</text>
                </>
            }
        });
    let rows = months.iter().zip(&entries).map(|(month, e)| {
        let cell = match e {
            None => no_data.to_string(),
            Some(e) if e.partial => fill(f.lang.text(Text::PartialMonth), &[&e.count.to_string()]),
            Some(e) => e.count.to_string(),
        };
        html! { <tr><th scope="row">{ f.month_year(*month) }</th><td>{ cell }</td></tr> }
    });
    html! {
        <section class="chart" part="chart">
            <h2>{ title }</h2>
            <svg class="chart-svg" viewBox="0 0 360 120" aria-hidden="true">
                { for bars }
            </svg>
            <table class="visually-hidden">
                <caption>{ title }</caption>
                <thead><tr>
                    <th scope="col">{ f.lang.text(Text::Month) }</th>
                    <th scope="col">{ f.lang.text(Text::Incidents) }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busiest_month_fills_the_plot() {
        assert_eq!(bar_heights(&[0, 2, 4], 100), [0, 50, 100]);
        assert_eq!(bar_heights(&[0, 0], 100), [0, 0]);
        assert_eq!(bar_heights(&[1, 500], 90), [1, 90]);
    }
}
