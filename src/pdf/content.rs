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
use super::format::{escaped, number};
use crate::fonts::Style;
use crate::layout::Item;
use crate::units::Pt;

/// A face as the page uses it: its resource name and its embedded font.
pub struct PageFont<'a> {
    /// The font's name in the page's `/Font` resources (`F1`…).
    pub resource: &'a str,
    /// The subset embedded for the document, which gives each character's code.
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
