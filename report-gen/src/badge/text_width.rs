//! How wide a line of text is in Verdana at 11px, the font and size shields.io-style badges use,
//! so that a badge's boxes fit its words without a browser to measure them.
//!
//! The widths are Verdana's advance widths in thousandths of an em, for Basic Latin and
//! Latin-1. Characters outside them count as a full em, which is at least as wide as almost any
//! glyph: a badge may then be a little roomy, but its text never overflows. Kerning is ignored,
//! as shields ignores it; the SVG's `textLength` makes the browser fit the text exactly.

/// The font size the badges are drawn at, in pixels.
pub const FONT_SIZE_PX: f64 = 11.0;

/// Advance widths of U+0020 to U+007E, in thousandths of an em.
const BASIC_LATIN: [u16; 95] = [
    351, 393, 458, 818, 635, 1076, 726, 268, 454, 454, 635, 818, 363, 454, 363,
    454, // ' '..'/'
    635, 635, 635, 635, 635, 635, 635, 635, 635, 635, 454, 454, 818, 818, 818,
    545, // '0'..'?'
    1000, 683, 685, 698, 770, 632, 574, 775, 751, 420, 454, 692, 556, 842, 748,
    787, // '@'..'O'
    603, 787, 695, 683, 616, 731, 683, 988, 685, 615, 685, 454, 454, 454, 818,
    635, // 'P'..'_'
    635, 600, 623, 520, 623, 595, 351, 623, 632, 274, 344, 591, 274, 972, 632,
    606, // '`'..'o'
    623, 623, 426, 520, 394, 632, 591, 818, 591, 591, 525, 634, 454, 634, 818, // 'p'..'~'
];

/// Advance widths of U+00A0 to U+00FF, in thousandths of an em.
const LATIN_1: [u16; 96] = [
    351, 393, 635, 635, 635, 635, 454, 635, 635, 1000, 545, 644, 818, 454, 1000,
    635, // A0..AF
    541, 818, 541, 541, 635, 639, 635, 363, 635, 541, 545, 644, 1000, 1000, 1000,
    545, // B0..BF
    683, 683, 683, 683, 683, 683, 984, 698, 632, 632, 632, 632, 420, 420, 420, 420, // C0..CF
    775, 748, 787, 787, 787, 787, 787, 818, 787, 731, 731, 731, 731, 615, 605, 620, // D0..DF
    600, 600, 600, 600, 600, 600, 955, 520, 595, 595, 595, 595, 274, 274, 274, 274, // E0..EF
    611, 632, 606, 606, 606, 606, 606, 818, 606, 632, 632, 632, 632, 591, 623, 591, // F0..FF
];

/// Characters beyond the tables: a full em.
const FALLBACK: u16 = 1000;

fn advance(c: char) -> u16 {
    let code = c as u32;
    match code {
        0x20..=0x7E => BASIC_LATIN[(code - 0x20) as usize],
        0xA0..=0xFF => LATIN_1[(code - 0xA0) as usize],
        // Combining marks sit on the previous letter; zero-width characters take no room.
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F => 0,
        c if c < 0x20 || (0x7F..0xA0).contains(&c) => 0,
        _ => FALLBACK,
    }
}

/// The width of `text` in pixels, in Verdana at [`FONT_SIZE_PX`].
pub fn verdana_11px(text: &str) -> f64 {
    let thousandths: u32 = text.chars().map(|c| u32::from(advance(c))).sum();
    f64::from(thousandths) * FONT_SIZE_PX / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_glyphs() {
        // "i" is the narrowest letter and "m" among the widest: the same count of letters
        // must not give the same width.
        assert!(verdana_11px("iiii") < verdana_11px("mmmm"));
        assert!((verdana_11px("a") - 6.6).abs() < 1e-9);
        assert!((verdana_11px("100%") - (3.0 * 6.985 + 11.836)).abs() < 1e-9);
    }

    #[test]
    fn accented_letters_measure_like_their_base_letters() {
        assert_eq!(verdana_11px("é"), verdana_11px("e"));
        assert_eq!(verdana_11px("Ü"), verdana_11px("U"));
        // A decomposed "é" (e + combining acute) is as wide as the precomposed one.
        assert_eq!(verdana_11px("e\u{301}"), verdana_11px("é"));
    }

    #[test]
    fn other_scripts_get_a_full_em_so_text_never_overflows() {
        assert_eq!(verdana_11px("日本"), 2.0 * FONT_SIZE_PX);
        assert!(verdana_11px("日") >= verdana_11px("W"));
    }
}
