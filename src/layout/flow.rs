//! Stacking blocks into vertical boxes.
//!
//! Every line of a paragraph becomes its own box so pages can break between lines;
//! a rule and a whole side-by-side row are single boxes (a row never splits). Each box
//! says whether it must stay on the page of the box after it: that one flag expresses
//! orphan and widow control, headings that keep with their text, and the signature
//! block that keeps with the last two lines of the body.

use super::linebreak::layout_paragraph;
use super::{Area, Item, LineSeg};
use crate::document::{Block, Paragraph, Row};
use crate::profile::{Align, Profile, RuleStyle};
use crate::units::Pt;

/// A vertical box: its items are relative to the top of the box.
#[derive(Debug, Clone)]
pub struct VBox {
    pub height: Pt,
    pub space_before: Pt,
    pub space_after: Pt,
    pub keep_with_next: bool,
    /// One line of a paragraph (not a rule or a row).
    pub is_line: bool,
    pub items: Vec<Item>,
    /// The signature area, relative to the top of the box, if it lies in this box.
    pub signature_area: Option<Area>,
}

/// How many lines of the body must stay with a block that keeps with what precedes
/// it (the signature block): a lone last line above a signature looks forged.
const LINES_KEPT_WITH_SIGNATURE: usize = 2;

/// What a rule needs to know about the paragraph above it.
#[derive(Debug, Clone, Copy)]
struct Above {
    widest: Pt,
    align: Align,
}

/// Lay out top-level blocks in a column from `x` of `width`.
pub fn flow(blocks: &[Block], profile: &Profile, x: Pt, width: Pt) -> Vec<VBox> {
    let mut boxes: Vec<VBox> = Vec::new();
    let mut above: Option<Above> = None;
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                let (lines, a) = paragraph_boxes(p, profile, x, width);
                above = Some(a);
                boxes.extend(lines);
            }
            Block::Rule(r) => {
                let style = &profile.rules[&r.style];
                // A rule belongs to the text above it.
                if let Some(prev) = boxes.last_mut() {
                    prev.keep_with_next = true;
                }
                boxes.push(rule_box(style, above, x, width));
            }
            Block::Row(row) => {
                if row.keep_with_previous {
                    let mut lines = 0;
                    for prev in boxes.iter_mut().rev() {
                        prev.keep_with_next = true;
                        lines += usize::from(prev.is_line);
                        if lines == LINES_KEPT_WITH_SIGNATURE {
                            break;
                        }
                    }
                }
                boxes.push(row_box(row, profile, x, width));
                above = None;
            }
        }
    }
    boxes
}

fn paragraph_boxes(p: &Paragraph, profile: &Profile, x: Pt, width: Pt) -> (Vec<VBox>, Above) {
    let style = &profile.styles[&p.style];
    let lines = layout_paragraph(&p.content, style, x, width);
    let n = lines.len();
    let widest = lines.iter().fold(Pt::ZERO, |w, l| w.max(l.width));
    // The space above the signer's name is where the signature goes.
    let area =
        (p.style == profile.signature.anchor_style).then(|| super::signature_area(style, x, width));
    let boxes = lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| VBox {
            signature_area: if i == 0 { area } else { None },
            height: style.line_height(),
            space_before: if i == 0 {
                style.space_before()
            } else {
                Pt::ZERO
            },
            space_after: if i + 1 == n {
                style.space_after()
            } else {
                Pt::ZERO
            },
            // Orphan control (the first line keeps with the second), widow control
            // (the second-to-last keeps with the last), and the style's own keep.
            keep_with_next: if i + 1 == n {
                style.keep_with_next
            } else {
                i == 0 || i + 2 == n
            },
            is_line: true,
            items: line.items,
        })
        .collect();
    (
        boxes,
        Above {
            widest,
            align: style.align,
        },
    )
}

fn rule_box(style: &RuleStyle, above: Option<Above>, x: Pt, width: Pt) -> VBox {
    let (len, align) = match above {
        Some(a) => (a.widest * style.fraction_of_previous, a.align),
        None => (width * style.fraction_of_previous, Align::Center),
    };
    let rx = match align {
        Align::Left | Align::Justify => x,
        Align::Center => x + (width - len) / 2.0,
        Align::Right => x + width - len,
    };
    VBox {
        height: style.space_before() + style.thickness() + style.space_after(),
        space_before: Pt::ZERO,
        space_after: Pt::ZERO,
        keep_with_next: true,
        is_line: false,
        signature_area: None,
        items: vec![Item::Line(LineSeg {
            x: rx,
            y: style.space_before() + style.thickness() / 2.0,
            width: len,
            thickness: style.thickness(),
        })],
    }
}

/// Stack the boxes of a cell; returns its items (relative to the cell top), its
/// signature area if any, and its height.
fn stack(boxes: Vec<VBox>) -> (Vec<Item>, Option<Area>, Pt) {
    let mut y = Pt::ZERO;
    let mut items = Vec::new();
    let mut area = None;
    let mut pending_after = Pt::ZERO;
    for (i, b) in boxes.into_iter().enumerate() {
        if i > 0 {
            y += pending_after;
        }
        y += b.space_before;
        area = area.or(b.signature_area.map(|a| a.shifted(y)));
        items.extend(b.items.into_iter().map(|it| it.shifted(Pt::ZERO, y)));
        y += b.height;
        pending_after = b.space_after;
    }
    (items, area, y)
}

fn row_box(row: &Row, profile: &Profile, x: Pt, width: Pt) -> VBox {
    let spec = &profile.rows[&row.role];
    let mut cx = x;
    let mut items = Vec::new();
    let mut signature_area = None;
    let mut height = Pt::ZERO;
    for (cell, fraction) in row.cells.iter().zip(&spec.columns) {
        let cw = width * *fraction;
        let (cell_items, area, h) = stack(flow(cell, profile, cx, cw));
        signature_area = signature_area.or(area);
        items.extend(cell_items);
        height = height.max(h);
        cx += cw;
    }
    VBox {
        height,
        space_before: Pt(spec.space_before_pt),
        space_after: Pt::ZERO,
        keep_with_next: false,
        is_line: false,
        items,
        signature_area,
    }
}
