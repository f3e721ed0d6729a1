//! Incidents per month over the window, stacked by impact, with the reported months highlighted.
//! Months before the data begins have no bar: the chart says "no data" over them.

use candor_core::months::ImpactCounts;
use candor_core::Impact;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::{GRID, HIGHLIGHT, INK, MUTED, ORANGE, PAPER, SKY_BLUE, VERMILLION, YELLOW};
use super::{font, header, nice_ceiling, text, Drawing};

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Month {
    /// The axis label, e.g. `Aug 2026`.
    pub label: String,
    /// `None`: the data says nothing about the month (it begins later).
    pub counts: Option<ImpactCounts>,
    pub highlighted: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IncidentsPerMonth {
    pub title: String,
    pub months: Vec<Month>,
}

/// Bottom to top: the worst impact sits on the axis, where it is easiest to compare.
const STACK: [Impact; 4] = [Impact::Critical, Impact::Major, Impact::Minor, Impact::None];

pub fn colour(impact: Impact) -> RGBColor {
    match impact {
        Impact::Critical => VERMILLION,
        Impact::Major => ORANGE,
        Impact::Minor => YELLOW,
        Impact::None => SKY_BLUE,
    }
}

fn legend_name(impact: Impact) -> &'static str {
    match impact {
        Impact::Critical => "critical",
        Impact::Major => "major",
        Impact::Minor => "minor",
        Impact::None => "no impact",
    }
}

impl Drawing for IncidentsPerMonth {
    const NAME: &'static str = "incidents per month";

    fn size(&self) -> (u32, u32) {
        (960, 480)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&PAPER).map_err(text)?;
        let n = self.months.len().max(1);
        let max = self
            .months
            .iter()
            .filter_map(|m| m.counts.map(|c| c.total()))
            .max()
            .unwrap_or(0);
        let y_max = nice_ceiling(max as f64 + 1.0);
        let mut legend = vec![("reported".to_string(), HIGHLIGHT)];
        legend.extend(
            STACK
                .iter()
                .map(|i| (legend_name(*i).to_string(), colour(*i))),
        );
        let body = header(root, &self.title, &legend)?;
        let mut chart = ChartBuilder::on(&body)
            .margin(16)
            .margin_top(4)
            .x_label_area_size(72)
            .y_label_area_size(44)
            .build_cartesian_2d(0f64..n as f64, 0f64..y_max)
            .map_err(text)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .y_label_formatter(&|v| {
                if v.fract() == 0.0 {
                    format!("{v:.0}")
                } else {
                    String::new()
                }
            })
            .y_label_style(font(12.0, INK))
            .y_desc("incidents")
            .axis_desc_style(font(13.0, INK))
            .draw()
            .map_err(text)?;

        chart
            .draw_series(
                self.months
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| m.highlighted)
                    .map(|(i, _)| {
                        Rectangle::new(
                            [(i as f64, 0.0), (i as f64 + 1.0, y_max)],
                            HIGHLIGHT.filled(),
                        )
                    }),
            )
            .map_err(text)?;

        for (level, impact) in STACK.iter().enumerate() {
            let fill = colour(*impact);
            let bars = self.months.iter().enumerate().filter_map(|(i, m)| {
                let counts = m.counts?;
                let below: usize = STACK[..level].iter().map(|s| counts.get(*s)).sum();
                let own = counts.get(*impact);
                (own > 0).then(|| {
                    Rectangle::new(
                        [
                            (i as f64 + 0.15, below as f64),
                            (i as f64 + 0.85, (below + own) as f64),
                        ],
                        fill.filled(),
                    )
                })
            });
            chart.draw_series(bars).map_err(text)?;
        }

        // Totals above the reported months' bars.
        let total_style = font(12.0, INK).pos(Pos::new(HPos::Center, VPos::Bottom));
        for (i, m) in self
            .months
            .iter()
            .enumerate()
            .filter(|(_, m)| m.highlighted)
        {
            let total = m.counts.map_or(0, |c| c.total());
            let (x, y) = chart.backend_coord(&(i as f64 + 0.5, total as f64));
            root.draw(&Text::new(
                total.to_string(),
                (x, y - 3),
                total_style.clone(),
            ))
            .map_err(text)?;
        }

        // The months without data, in runs: "no data" across each run, where a bar would be.
        let mut i = 0;
        while i < self.months.len() {
            let run = self.months[i..]
                .iter()
                .take_while(|m| m.counts.is_none())
                .count();
            if run > 0 {
                let middle = i as f64 + run as f64 / 2.0;
                let (x, y) = chart.backend_coord(&(middle, y_max / 2.0));
                let mut style = font(13.0, MUTED).pos(Pos::new(HPos::Center, VPos::Center));
                if run < 3 {
                    // Too narrow to read across: upwards, as the labels.
                    style = style.transform(FontTransform::Rotate270);
                }
                root.draw(&Text::new("no data", (x, y), style))
                    .map_err(text)?;
            }
            i += run.max(1);
        }

        // Month labels, turned to read upwards so that every month can have one; on long
        // windows every k-th month, counted back from the last, plus the reported months.
        let step = n.div_ceil(40).max(1);
        let label_style = |c: RGBColor| {
            font(11.0, c)
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Right, VPos::Center))
        };
        for (i, m) in self.months.iter().enumerate() {
            let regular = (n - 1 - i) % step == 0;
            if !(regular || m.highlighted) {
                continue;
            }
            let (x, y) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
            let style = label_style(if m.highlighted { INK } else { MUTED });
            root.draw(&Text::new(m.label.clone(), (x, y + 6), style))
                .map_err(text)?;
        }
        Ok(())
    }
}
