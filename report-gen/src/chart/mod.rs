//! The post's charts, drawn with plotters as SVG and as PNG from the same drawing code.
//!
//! PNG text is rasterised from the DejaVu Sans file shipped in `assets/fonts/`, never from a
//! system font, so a PNG is the same on every machine. Colours are the Okabe-Ito palette,
//! which stays distinguishable with the common colour-vision deficiencies. Charts know nothing
//! of posts: they draw the plain data they are given.

pub mod incidents;
pub mod support;
pub mod uptime;

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;

/// The font every chart's text is measured and (in PNG) drawn with.
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The family name charts ask for; SVG viewers fall back to their own sans-serif.
pub const FAMILY: &str = "sans-serif";

/// Okabe & Ito (2008), "Color Universal Design".
pub mod palette {
    use plotters::style::RGBColor;
    pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
    pub const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
    pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    pub const REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
    /// Series colours in order, for charts with one series per month.
    pub const SERIES: [RGBColor; 6] = [
        BLUE,
        ORANGE,
        BLUISH_GREEN,
        REDDISH_PURPLE,
        SKY_BLUE,
        VERMILLION,
    ];
    /// Text and axes.
    pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
    pub const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
    pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
    /// Behind the reported months.
    pub const HIGHLIGHT: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
    pub const PAPER: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
}

/// A chart in both formats.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub svg: String,
    pub png: Vec<u8>,
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the chart font shipped with report-gen could not be read")]
    Font,
    #[error("drawing the {chart} chart failed: {message}")]
    Draw {
        chart: &'static str,
        message: String,
    },
    #[error("encoding the {chart} chart as PNG failed: {source}")]
    Png {
        chart: &'static str,
        source: png::EncodingError,
    },
}

/// Something that can draw itself on any plotters backend.
pub trait Drawing {
    /// Names the chart in errors.
    const NAME: &'static str;

    /// The size in pixels, which may depend on the data (one row per component).
    fn size(&self) -> (u32, u32);

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

fn register_font() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED
        .get_or_init(|| plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_ok());
    if ok {
        Ok(())
    } else {
        Err(ChartError::Font)
    }
}

/// Draws a chart as SVG and as PNG.
pub fn render<D: Drawing>(drawing: &D) -> Result<Rendered, ChartError> {
    register_font()?;
    let (w, h) = drawing.size();
    let draw_error = |message: String| ChartError::Draw {
        chart: D::NAME,
        message,
    };

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        drawing.draw(&root).map_err(draw_error)?;
        root.present().map_err(|e| draw_error(e.to_string()))?;
    }

    let mut pixels = vec![0u8; (w as usize) * (h as usize) * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        drawing.draw(&root).map_err(draw_error)?;
        root.present().map_err(|e| draw_error(e.to_string()))?;
    }
    let png = encode_png(&pixels, w, h).map_err(|source| ChartError::Png {
        chart: D::NAME,
        source,
    })?;
    Ok(Rendered { svg, png })
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

/// Any plotters error as text: the backends' error types differ.
pub(crate) fn text<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// A text style in the chart font.
pub(crate) fn font(size: f64, color: RGBColor) -> TextStyle<'static> {
    TextStyle {
        font: (FAMILY, size).into_font(),
        color: color.to_backend_color(),
        pos: plotters::style::text_anchor::Pos::default(),
    }
}

/// Draws the title and a one-line legend across the top of the chart, where they cannot hide
/// a bar, and returns the area left for the plot.
pub(crate) fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    legend: &[(String, RGBColor)],
) -> Result<DrawingArea<DB, Shift>, String> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let (width, _) = root.dim_in_pixel();
    let (top, body) = root.split_vertically(if legend.is_empty() { 52 } else { 84 });
    let centre = (width / 2) as i32;
    top.draw(&Text::new(
        title.to_string(),
        (centre, 14),
        font(20.0, palette::INK).pos(Pos::new(HPos::Center, VPos::Top)),
    ))
    .map_err(text)?;
    let style = font(13.0, palette::INK).pos(Pos::new(HPos::Left, VPos::Center));
    let widths: Vec<i32> = legend
        .iter()
        .map(|(label, _)| {
            root.estimate_text_size(label, &style)
                .map_or(0, |(w, _)| w as i32)
        })
        .collect();
    let total: i32 = widths.iter().map(|w| w + 18 + 24).sum::<i32>() - 24;
    let mut x = centre - total / 2;
    let y = 60;
    for ((label, colour), w) in legend.iter().zip(widths) {
        top.draw(&Rectangle::new(
            [(x, y - 6), (x + 12, y + 6)],
            colour.filled(),
        ))
        .map_err(text)?;
        top.draw(&Rectangle::new(
            [(x, y - 6), (x + 12, y + 6)],
            palette::MUTED.stroke_width(1),
        ))
        .map_err(text)?;
        top.draw(&Text::new(label.clone(), (x + 18, y), style.clone()))
            .map_err(text)?;
        x += w + 18 + 24;
    }
    Ok(body)
}

/// A round upper bound for an axis that starts at zero: 5, 10, 20, 25, 50, 100...
pub(crate) fn nice_ceiling(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * magnitude >= max {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

/// Text cut to `max` characters with an ellipsis, for axis labels.
pub(crate) fn clip_label(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_ceiling(17.0), 20.0);
        assert_eq!(nice_ceiling(4.0), 5.0);
        assert_eq!(nice_ceiling(21.0), 25.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
    }
}
