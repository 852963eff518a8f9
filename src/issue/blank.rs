//! The blanks a draft for issuance prints where the number and the day go.
//!
//! They are figure spaces (U+2007), as wide as a digit in Liberation Serif as in
//! Times New Roman, so the digits filled in at issuance take the place the blanks
//! held and nothing else on the line moves. The PDF writer finds each run of them
//! and puts a text field over it.

/// The figure space.
pub const CHAR: char = '\u{2007}';
/// The blank of the number: one digit more than the profile pads numbers to
/// (two, "05"), i.e. room for 01 to 999. A wider blank leaves a number of two
/// digits so far from "Số:" (more than the font size) that text extraction
/// (poppler) takes it for another column and reads "Số:" and "05/TB-UBND" on
/// lines of their own; with one spare digit the gap is three quarters of it.
pub fn number(pad_digits: usize) -> String {
    std::iter::repeat_n(CHAR, pad_digits.max(1) + 1).collect()
}
/// Two digits: 01 to 31.
pub const DAY: &str = "\u{2007}\u{2007}";
/// Two digits: 01, 02, 3 to 12.
pub const MONTH: &str = "\u{2007}\u{2007}";
/// Four digits.
pub const YEAR: &str = "\u{2007}\u{2007}\u{2007}\u{2007}";

use crate::fonts::{fonts, Style};
use crate::layout::{Item, Layout};
use crate::units::Pt;

/// A run of blanks on a laid-out page, and the field that goes over it.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The field's name: [`super::NUMBER_FIELD`], [`super::DAY_FIELD`]…
    pub name: &'static str,
    /// Index of the page.
    pub page: usize,
    /// Left edge and width of the blanks.
    pub x: Pt,
    /// Width of the blank.
    pub width: Pt,
    /// The line's baseline, from the top of the page.
    pub baseline: Pt,
    /// The face of the line it stands in.
    pub style: Style,
    /// The font size of that line.
    pub size: Pt,
}

/// The blanks of a draft's number and date lines, in the order the fields are
/// named: the line with "ngày" holds the day, the month and maybe the year; the
/// other line the number.
pub fn places(layout: &Layout) -> Vec<Place> {
    let mut out = Vec::new();
    for (page, p) in layout.pages.iter().enumerate() {
        for item in &p.items {
            let Item::Text(run) = item else { continue };
            if !run.text.contains(CHAR) {
                continue;
            }
            let face = fonts().face(run.style);
            let is_date = run.text.contains("ngày");
            let mut names: &[&'static str] = if is_date {
                &[super::DAY_FIELD, super::MONTH_FIELD, super::YEAR_FIELD]
            } else {
                &[super::NUMBER_FIELD]
            };
            let mut x = run.x;
            let mut start: Option<Pt> = None;
            let chars: Vec<char> = run.text.chars().chain([' ']).collect();
            for &c in &chars {
                if c == CHAR {
                    start.get_or_insert(x);
                } else if let Some(s) = start.take() {
                    if let Some((&name, rest)) = names.split_first() {
                        out.push(Place {
                            name,
                            page,
                            x: s,
                            width: x - s,
                            baseline: run.baseline,
                            style: run.style,
                            size: run.size,
                        });
                        names = rest;
                    }
                }
                x += face.advance(c, run.size);
                if c == ' ' {
                    x += run.space_extra;
                }
            }
        }
    }
    out
}
