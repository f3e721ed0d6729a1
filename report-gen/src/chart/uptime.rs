//! Uptime by component: one horizontal bar per component and reported month, on an axis that
//! ends at 100% and says where it starts.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::{GRID, INK, MUTED, PAPER, SERIES};
use super::{clip_label, font, header, text, Drawing};
use plotters::style::RGBColor;

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The month, e.g. `August`.
    pub label: String,
    /// Uptime per component, in the order of `UptimeByComponent::components`; `None` when the
    /// month holds no observed time for it.
    pub values: Vec<Option<f64>>,
    /// The value as the post writes it, e.g. `99.12%`.
    pub value_labels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UptimeByComponent {
    pub title: String,
    pub components: Vec<String>,
    pub series: Vec<Series>,
}

const ROW: u32 = 20;

impl UptimeByComponent {
    /// Where the axis starts: a round number below the lowest uptime, so that the smallest
    /// bar still has a length. The chart states it; the facts give the exact figures.
    pub fn axis_start(&self) -> f64 {
        let lowest = self
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .fold(100.0f64, |a, &b| a.min(b));
        let margin = (100.0 - lowest) * 0.1;
        [99.9, 99.5, 99.0, 98.0, 95.0, 90.0, 75.0, 50.0, 0.0]
            .into_iter()
            .find(|&start| start <= lowest - margin)
            .unwrap_or(0.0)
    }
}

impl Drawing for UptimeByComponent {
    const NAME: &'static str = "uptime by component";

    fn size(&self) -> (u32, u32) {
        let rows =
            self.components.len().max(1) as u32 * (self.series.len().max(1) as u32 * ROW + 12);
        (960, 160 + rows)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&PAPER).map_err(text)?;
        let start = self.axis_start();
        let k = self.components.len().max(1);
        let names: Vec<String> = self.components.iter().map(|c| clip_label(c, 32)).collect();
        let name_style = font(13.0, INK);
        let widest = names
            .iter()
            .map(|n| {
                root.estimate_text_size(n, &name_style)
                    .map(|(w, _)| w)
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0);
        let legend: Vec<(String, RGBColor)> = if self.series.len() > 1 {
            self.series
                .iter()
                .enumerate()
                .map(|(s, series)| (series.label.clone(), SERIES[s % SERIES.len()]))
                .collect()
        } else {
            Vec::new()
        };
        let body = header(root, &self.title, &legend)?;
        let mut chart = ChartBuilder::on(&body)
            .margin(16)
            .margin_top(4)
            .margin_right(80)
            .x_label_area_size(44)
            .y_label_area_size(widest.min(360) + 16)
            .build_cartesian_2d(start..100.0f64, 0f64..k as f64)
            .map_err(text)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(6)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .x_label_formatter(&|v| format!("{}%", (v * 1000.0).round() / 1000.0))
            .x_label_style(font(12.0, INK))
            .x_desc(if start > 0.0 {
                format!("uptime (the axis starts at {start}%)")
            } else {
                "uptime".to_string()
            })
            .axis_desc_style(font(13.0, INK))
            .draw()
            .map_err(text)?;

        let m = self.series.len().max(1) as f64;
        let value_style = font(12.0, INK).pos(Pos::new(HPos::Left, VPos::Center));
        for (s, series) in self.series.iter().enumerate() {
            let fill = SERIES[s % SERIES.len()];
            // Component 0 at the top: rows count down from k.
            let band = |c: usize| {
                let top = (k - c) as f64 - 0.1;
                let height = 0.8 / m;
                (top - height * (s as f64 + 1.0), top - height * s as f64)
            };
            let bars = series.values.iter().enumerate().filter_map(|(c, v)| {
                let (y0, y1) = band(c);
                v.map(|v| {
                    Rectangle::new(
                        [(start, y0 + 0.02), (v.max(start), y1 - 0.02)],
                        fill.filled(),
                    )
                })
            });
            chart.draw_series(bars).map_err(text)?;
            for (c, label) in series.value_labels.iter().enumerate() {
                let (y0, y1) = band(c);
                let (x, y) = chart.backend_coord(&(100.0, (y0 + y1) / 2.0));
                root.draw(&Text::new(label.clone(), (x + 6, y), value_style.clone()))
                    .map_err(text)?;
            }
        }
        let label_style = name_style.pos(Pos::new(HPos::Right, VPos::Center));
        for (c, name) in names.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(start, (k - c) as f64 - 0.5));
            root.draw(&Text::new(name.clone(), (x - 8, y), label_style.clone()))
                .map_err(text)?;
        }
        Ok(())
    }
}
