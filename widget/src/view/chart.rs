//! Incidents per month over the last 12 months: an SVG bar chart drawn by Yew, with the same
//! numbers in a visually hidden table for screen readers.

use candor_core::feed::Feed;
use yew::prelude::*;

use crate::app::ViewContext;
use crate::i18n::Text;

const MONTHS: usize = 12;
// Chart units; coordinates are whole numbers so that no float formatting is linked in.
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

pub fn monthly(feed: &Feed, ctx: &ViewContext) -> Html {
    let lang = ctx.formats.lang;
    let months = &feed.monthly_incidents[feed.monthly_incidents.len().saturating_sub(MONTHS)..];
    if months.is_empty() {
        return Html::default();
    }
    let counts: Vec<usize> = months.iter().map(|m| m.count).collect();
    let plot = HEIGHT - LABELS - VALUES;
    let heights = bar_heights(&counts, plot);
    let slot = WIDTH / months.len() as i64;
    let title = lang.text(Text::IncidentsPerMonth);
    html! {
        <section class="chart" part="chart">
            <h2>{ title }</h2>
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} aria-hidden="true" focusable="false" class="chart-svg">
                { for months.iter().zip(&heights).enumerate().map(|(i, (m, h))| {
                    let x = i as i64 * slot;
                    let y = VALUES + plot - h;
                    let middle = (x + slot / 2).to_string();
                    html! {
                        <g>
                            <rect class="chart-bar" x={(x + slot / 5).to_string()} y={y.to_string()}
                                width={(slot * 3 / 5).to_string()} height={h.to_string()} rx="2" />
                            <text class="chart-value" x={middle.clone()} y={(y - 3).to_string()}
                                text-anchor="middle">{ m.count.to_string() }</text>
                            <text class="chart-label" x={middle} y={(HEIGHT - 3).to_string()}
                                text-anchor="middle">{ ctx.formats.month_short(m.month) }</text>
                        </g>
                    }
                }) }
            </svg>
            <table class="visually-hidden">
                <caption>{ title }</caption>
                <thead><tr><th scope="col">{ lang.text(Text::Month) }</th><th scope="col">{ lang.text(Text::Incidents) }</th></tr></thead>
                <tbody>
                    { for months.iter().map(|m| html! {
                        <tr><th scope="row">{ ctx.formats.month_year(m.month) }</th><td>{ m.count.to_string() }</td></tr>
                    }) }
                </tbody>
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
