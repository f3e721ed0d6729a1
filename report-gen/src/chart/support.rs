//! Customer support per period: first responses within two hours, replies within a day and
//! satisfaction, side by side, with the reported months highlighted.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::{BLUE, BLUISH_GREEN, GRID, HIGHLIGHT, INK, MUTED, PAPER, SKY_BLUE};
use super::{font, header, text, Drawing};

#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// The axis label, e.g. `2026-Q2` or `Aug 2026`.
    pub label: String,
    pub highlighted: bool,
    /// The three figures in the order of [`SupportChart::series`], in percent.
    pub values: [Option<f64>; 3],
}

#[derive(Debug, Clone, PartialEq)]
pub struct SupportChart {
    pub title: String,
    pub series: [&'static str; 3],
    pub periods: Vec<Period>,
}

const COLOURS: [RGBColor; 3] = [BLUE, SKY_BLUE, BLUISH_GREEN];

impl Drawing for SupportChart {
    const NAME: &'static str = "support";

    fn size(&self) -> (u32, u32) {
        (960, 440)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&PAPER).map_err(text)?;
        let n = self.periods.len().max(1);
        let mut legend = vec![("reported".to_string(), HIGHLIGHT)];
        legend.extend(
            self.series
                .iter()
                .zip(COLOURS)
                .map(|(s, c)| (s.to_string(), c)),
        );
        let body = header(root, &self.title, &legend)?;
        let mut chart = ChartBuilder::on(&body)
            .margin(16)
            .margin_top(4)
            .x_label_area_size(36)
            .y_label_area_size(52)
            .build_cartesian_2d(0f64..n as f64, 0f64..104.0)
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
                if *v <= 100.0 {
                    format!("{v:.0}%")
                } else {
                    String::new()
                }
            })
            .y_label_style(font(12.0, INK))
            .draw()
            .map_err(text)?;
        chart
            .draw_series(
                self.periods
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.highlighted)
                    .map(|(i, _)| {
                        Rectangle::new(
                            [(i as f64, 0.0), (i as f64 + 1.0, 104.0)],
                            HIGHLIGHT.filled(),
                        )
                    }),
            )
            .map_err(text)?;
        let width = 0.7 / 3.0;
        let labelled = n <= 8;
        let value_style = font(11.0, INK).pos(Pos::new(HPos::Center, VPos::Bottom));
        for (s, fill) in COLOURS.iter().copied().enumerate() {
            let x0 = |i: usize| i as f64 + 0.15 + width * s as f64;
            let bars = self.periods.iter().enumerate().filter_map(|(i, p)| {
                p.values[s].map(|v| {
                    Rectangle::new([(x0(i), 0.0), (x0(i) + width * 0.92, v)], fill.filled())
                })
            });
            chart.draw_series(bars).map_err(text)?;
            for (i, p) in self.periods.iter().enumerate() {
                let Some(v) = p.values[s] else { continue };
                if !(labelled || p.highlighted) {
                    continue;
                }
                let (x, y) = chart.backend_coord(&(x0(i) + width * 0.46, v));
                root.draw(&Text::new(
                    format!("{v:.0}"),
                    (x, y - 2),
                    value_style.clone(),
                ))
                .map_err(text)?;
            }
        }
        let label_style = |c: RGBColor| font(12.0, c).pos(Pos::new(HPos::Center, VPos::Top));
        let step = n.div_ceil(16).max(1);
        for (i, p) in self.periods.iter().enumerate() {
            if (n - 1 - i) % step != 0 && !p.highlighted {
                continue;
            }
            let (x, y) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
            root.draw(&Text::new(
                p.label.clone(),
                (x, y + 6),
                label_style(if p.highlighted { INK } else { MUTED }),
            ))
            .map_err(text)?;
        }
        Ok(())
    }
}
