//! Incidents per month over the last 12 months: an SVG bar chart, with the same numbers in a
//! visually hidden table for screen readers. A month the feed does not list has no data (the
//! data begins later): no bar, "no data", never 0; a month the data covers in part is marked.

use std::rc::Rc;

use candor_core::feed::{Feed, FeedMonth};
use candor_core::YearMonth;
use web_sys::Element;
use yew::Html;

use super::dom::{self, Dom};
use crate::i18n::Text;
use crate::intl::Formats;

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

/// The chart as plain DOM (see [`dom`]), drawn again only with new data or another language;
/// nothing when the feed counts no months.
#[derive(Default)]
pub struct Chart {
    section: Option<Element>,
    shown: Option<(Rc<Feed>, Rc<Formats>)>,
}

impl Chart {
    pub fn view(&mut self, feed: &Rc<Feed>, formats: &Rc<Formats>) -> Html {
        if feed.monthly_incidents.is_empty() {
            return Html::default();
        }
        let section = self.section.get_or_insert_with(|| {
            let dom = Dom::new();
            let section = dom.element("section", "chart");
            dom.set_literal(&section, "part", "chart");
            section
        });
        let unchanged = self
            .shown
            .as_ref()
            .is_some_and(|(f, m)| Rc::ptr_eq(f, feed) && Rc::ptr_eq(m, formats));
        if !unchanged {
            draw(section, feed, formats);
            self.shown = Some((Rc::clone(feed), Rc::clone(formats)));
        }
        Html::VRef(section.clone().into())
    }
}

/// The entry of `month`: `None` where the feed lists none, a month the data says nothing about.
fn entry(listed: &[FeedMonth], month: YearMonth) -> Option<&FeedMonth> {
    listed.iter().find(|e| e.month == month)
}

fn draw(section: &Element, feed: &Feed, f: &Formats) {
    let listed = &feed.monthly_incidents[..];
    // The 12 months ending with the feed's last (`view` draws nothing without one).
    let last = listed
        .last()
        .map_or(YearMonth { year: 0, month: 1 }, |m| m.month);
    let first = (1..MONTHS).fold(last, |m, _| m.prev());
    let dom = Dom::new();
    dom::clear(section);
    let title = f.lang.text(Text::IncidentsPerMonth);
    dom.add_text(section, "h2", "", title);
    let mut months = Vec::with_capacity(MONTHS);
    let mut month = first;
    for _ in 0..MONTHS {
        months.push(month);
        month = month.next();
    }
    let counts: Vec<usize> = (months.iter())
        .map(|m| entry(listed, *m).map_or(0, |e| e.count))
        .collect();
    let no_data = f.lang.text(Text::NoData);
    let plot = HEIGHT - LABELS - VALUES;
    let heights = bar_heights(&counts, plot);
    let slot = WIDTH / months.len() as i64;
    let svg = dom.add_svg(section, "svg");
    dom.set_literal(&svg, "class", "chart-svg");
    dom.set(&svg, "viewBox", &format!("0 0 {WIDTH} {HEIGHT}"));
    dom.set_literal(&svg, "aria-hidden", "true");
    for (i, (month, h)) in months.iter().zip(&heights).enumerate() {
        let x = i as i64 * slot;
        let y = VALUES + plot - h;
        let middle = (x + slot / 2).to_string();
        let value = match entry(listed, *month) {
            Some(e) => {
                let bar = dom.add_svg(&svg, "rect");
                dom.set_literal(&bar, "class", "chart-bar");
                if e.partial {
                    dom.set_literal(&bar, "data-partial", "true");
                }
                dom.set(&bar, "x", &(x + slot / 5).to_string());
                dom.set(&bar, "y", &y.to_string());
                dom.set(&bar, "width", &(slot * 3 / 5).to_string());
                dom.set(&bar, "height", &h.to_string());
                dom.set_literal(&bar, "rx", "2");
                e.count.to_string()
            }
            None => {
                // In the bar's place, turned upwards by the stylesheet: "no data" is wider
                // than a month's slot.
                let none = dom.add_svg(&svg, "text");
                dom.set_literal(&none, "class", "chart-none");
                dom.set(&none, "x", &middle);
                dom.set(&none, "y", &(VALUES + plot / 2).to_string());
                none.set_text_content(Some(no_data));
                String::new()
            }
        };
        for (class, y, text) in [
            ("chart-value", y - 3, value),
            ("chart-label", HEIGHT - 3, f.month_short(*month)),
        ] {
            let label = dom.add_svg(&svg, "text");
            dom.set_literal(&label, "class", class);
            dom.set(&label, "x", &middle);
            dom.set(&label, "y", &y.to_string());
            label.set_text_content(Some(&text));
        }
    }
    let table = dom.add(section, "table", "visually-hidden");
    dom.add_text(&table, "caption", "", title);
    let head = dom.add(&dom.add(&table, "thead", ""), "tr", "");
    for text in [f.lang.text(Text::Month), f.lang.text(Text::Incidents)] {
        let th = dom.add_text(&head, "th", "", text);
        dom.set_literal(&th, "scope", "col");
    }
    let body = dom.add(&table, "tbody", "");
    for month in &months {
        let row = dom.add(&body, "tr", "");
        let th = dom.add_text(&row, "th", "", &f.month_year(*month));
        dom.set_literal(&th, "scope", "row");
        let cell = match entry(listed, *month) {
            None => no_data.to_string(),
            Some(e) if e.partial => {
                crate::i18n::fill(f.lang.text(Text::PartialMonth), &[&e.count.to_string()])
            }
            Some(e) => e.count.to_string(),
        };
        dom.add_text(&row, "td", "", &cell);
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
