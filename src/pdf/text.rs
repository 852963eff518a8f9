//! The text layer of a page: one content stream with every run of the page.
//!
//! printpdf takes text as one object per glyph (a code, an offset and a `String` for
//! the text map), which its serialiser turns into one PDF string per glyph; that was a
//! third of the time of a notice. Runs are already positioned by `layout`, so this
//! writes the operators directly: per run a text matrix and one literal string of
//! one-byte codes shown with `Tj`, the justification set once per line as word
//! spacing (`Tw`, which applies to code 32, the space: see `font`). A face with more
//! than 256 glyphs has two-byte codes, where `Tw` does not apply: its runs are `TJ`
//! arrays with the justification as a number after each space. Either way the
//! spaces stay in the text, so extracted text keeps its word boundaries.

use super::font::EmbeddedFont;
use crate::fonts::Style;
use crate::layout::Item;
use crate::units::Pt;

/// A face as the page uses it: its resource name and its embedded font.
pub struct PageFont<'a> {
    pub resource: &'a str,
    pub font: &'a EmbeddedFont,
}

/// The content stream showing the text runs of `items`, on a page `height` tall;
/// empty when there is no text. `font` gives the face of a style.
pub fn content<'a>(items: &[Item], height: Pt, font: impl Fn(Style) -> PageFont<'a>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut current: Option<(Style, f64)> = None;
    // Word spacing in force (text state lasts from one BT to the next).
    let mut word_spacing = 0.0;
    for item in items {
        let Item::Text(run) = item else { continue };
        if out.is_empty() {
            out.extend_from_slice(b"BT\n");
        }
        let face = font(run.style);
        if current != Some((run.style, run.size.0)) {
            out.push(b'/');
            out.extend_from_slice(face.resource.as_bytes());
            out.push(b' ');
            number(&mut out, run.size.0);
            out.extend_from_slice(b" Tf\n");
            current = Some((run.style, run.size.0));
        }
        out.extend_from_slice(b"1 0 0 1 ");
        number(&mut out, run.x.0);
        out.push(b' ');
        number(&mut out, (height - run.baseline).0);
        out.extend_from_slice(b" Tm\n");
        // Two bytes a character at most, and a few escapes.
        out.reserve(2 * run.text.len() + 16);
        if face.font.one_byte() {
            // The space is code 32: `Tw` adds the justification to each one.
            if run.space_extra.0 != word_spacing {
                number(&mut out, run.space_extra.0);
                out.extend_from_slice(b" Tw\n");
                word_spacing = run.space_extra.0;
            }
            out.push(b'(');
            for c in run.text.chars() {
                // A one-byte font has at most 256 glyphs, so every code fits.
                escaped(&mut out, face.font.code(c) as u8);
            }
            out.extend_from_slice(b") Tj\n");
        } else {
            // TJ numbers move the pen back by n/1000 em: a wider space is negative.
            let kern = -(run.space_extra.0 / run.size.0 * 1000.0);
            let kerned = kern.abs() >= 0.00005;
            out.extend_from_slice(b"[(");
            let mut chars = run.text.chars().peekable();
            while let Some(c) = chars.next() {
                for b in face.font.code(c).to_be_bytes() {
                    escaped(&mut out, b);
                }
                if c == ' ' && kerned && chars.peek().is_some() {
                    out.extend_from_slice(b") ");
                    number(&mut out, kern);
                    out.extend_from_slice(b" (");
                }
            }
            out.extend_from_slice(b")] TJ\n");
        }
    }
    if !out.is_empty() {
        out.extend_from_slice(b"ET\n");
    }
    out
}

/// A byte of a code inside a literal string: parentheses and backslashes are
/// escaped, and the line-end bytes too: a bare end of line inside a string is read
/// as one line feed whatever it was (ISO 32000-1, 7.3.4.2), and Ghostscript 10 read
/// two consecutive line feeds as one (a glyph whose code is 10 went missing).
pub(super) fn escaped(out: &mut Vec<u8>, b: u8) {
    match b {
        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\n' => out.extend_from_slice(b"\\n"),
        _ => out.push(b),
    }
}

/// `v` in PDF syntax with at most four decimals (0.0001 pt is far below any
/// device's resolution), without trailing zeros: the same bytes on every machine.
pub(super) fn number(out: &mut Vec<u8>, v: f64) {
    let scaled = (v * 10_000.0).round() as i64;
    if scaled < 0 {
        out.push(b'-');
    }
    let abs = scaled.unsigned_abs();
    digits(out, abs / 10_000, 1);
    let mut frac = abs % 10_000;
    if frac != 0 {
        out.push(b'.');
        let mut width = 4;
        while frac.is_multiple_of(10) {
            frac /= 10;
            width -= 1;
        }
        digits(out, frac, width);
    }
}

/// `v` in decimal, zero-padded to at least `width` digits.
pub(super) fn digits(out: &mut Vec<u8>, mut v: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    while v > 0 || buf.len() - i < width {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f64) -> String {
        let mut out = Vec::new();
        number(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_four_decimals() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(14.0), "14");
        assert_eq!(num(85.03937), "85.0394");
        assert_eq!(num(-1.26828), "-1.2683");
        assert_eq!(num(0.05), "0.05");
        assert_eq!(num(-0.00004), "0");
        assert_eq!(num(771.4732), "771.4732");
        assert_eq!(num(1.0001), "1.0001");
        assert_eq!(num(1.05), "1.05");
        assert_eq!(num(-1234567.5), "-1234567.5");
        assert_eq!(num(100.0), "100");
    }

    #[test]
    fn code_bytes_escape_string_delimiters() {
        let mut out = Vec::new();
        for b in [0x41, 0x28, 0x29, 0x5C, 0x0D, 0x0A, 0x00] {
            escaped(&mut out, b);
        }
        assert_eq!(out, b"A\\(\\)\\\\\\r\\n\0".to_vec());
    }
}
