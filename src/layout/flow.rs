//! Stacking resolved blocks into vertical boxes.
//!
//! The lines, rules and keeps come from [`super::resolve`], which the DOCX writer reads
//! too; this only turns them into boxes for the paginator.
//!
//! Every line of a paragraph becomes its own box so pages can break between lines;
//! a rule and a whole side-by-side row are single boxes. Each box says whether it must
//! stay on the page of the box after it: that one flag expresses orphan and widow
//! control, headings that keep with their text, and the signature block that keeps
//! with the last two lines of the body.
//!
//! A row keeps the boxes of its cells apart (they are stacked only when the row is
//! placed), so that a row taller than a page (a Nơi nhận list of a hundred wards, an
//! issuer's name of a page) can be split between the lines of its cells, as Word and
//! LibreOffice split a table row that is allowed to break ([`split_row`]). A row that
//! fits on a page is never split.

use super::resolve::{Decided, Flow, Para, Row as ResolvedRow, Rule};
use super::{Area, Item, LineSeg, SigningPlacement};
use crate::units::Pt;

/// The signature area and the pictures placed in it, relative to the same origin.
pub type Signature = (Area, SigningPlacement);

/// Move a signature area and its pictures down by `dy`.
pub fn shift(s: Signature, dy: Pt) -> Signature {
    (s.0.shifted(dy), s.1.shifted(dy))
}

/// A vertical box: its items are relative to the top of the box.
#[derive(Debug, Clone)]
pub struct VBox {
    pub height: Pt,
    pub space_before: Pt,
    pub space_after: Pt,
    pub keep_with_next: bool,
    /// `keep_with_next` comes only from orphan or widow control. LibreOffice does not
    /// apply those when it splits a table row between pages: a row split at the top
    /// of a page ignores them too, so that the DOCX breaks where the PDF does.
    pub widow_keep: bool,
    pub items: Vec<Item>,
    /// The signature area, relative to the top of the box, if it lies in this box.
    pub signature_area: Option<Signature>,
    /// A side-by-side row: the boxes of each cell, relative to the top of the row
    /// (`items` is then empty and `signature_area` None: both are in the cells).
    pub cells: Vec<Vec<VBox>>,
    /// Index, in the blocks of its flow, of the block this box comes from: a row is
    /// split between blocks of its cells where it can, and the DOCX writer is told
    /// where ([`super::RowSplit`]).
    pub block: usize,
}

impl VBox {
    /// Its items and signature area, relative to its top.
    pub fn contents(self) -> (Vec<Item>, Option<Signature>) {
        if self.cells.is_empty() {
            return (self.items, self.signature_area);
        }
        let mut items = self.items;
        let mut area = self.signature_area;
        for cell in self.cells {
            let (cell_items, cell_area, _) = stack(cell);
            items.extend(cell_items);
            area = area.or(cell_area);
        }
        (items, area)
    }

    /// Whether this is a row that can be split between the lines of its cells.
    pub fn is_row(&self) -> bool {
        !self.cells.is_empty()
    }
}

/// The boxes of a resolved column, in order. The lines' items move into the boxes
/// (they are not copied: a page of text is hundreds of runs); the widths and every
/// decision stay in `column`, which is what the DOCX writer reads.
pub fn flow(column: &mut Flow) -> Vec<VBox> {
    let mut boxes: Vec<VBox> = Vec::new();
    let x = column.x;
    for (index, block) in column.blocks.iter_mut().enumerate() {
        let first = boxes.len();
        match block {
            Decided::Paragraph(p) => paragraph_boxes(p, &mut boxes),
            Decided::Rule(r) => boxes.push(rule_box(r, x)),
            Decided::Row(row) => boxes.push(row_box(row)),
        }
        for b in &mut boxes[first..] {
            b.block = index;
        }
    }
    boxes
}

fn paragraph_boxes(p: &mut Para, boxes: &mut Vec<VBox>) {
    let style = p.style;
    let signing = p.signing;
    let n = p.lines.len();
    // The last lines kept with what follows (a rule, the signature block) keep with
    // their successor as a rule, not as orphan or widow control.
    let kept_from = n - p.kept_tail.min(n);
    for (i, line) in p.lines.iter_mut().enumerate() {
        let kept = i >= kept_from;
        boxes.push(VBox {
            signature_area: if i == 0 { signing } else { None },
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
            widow_keep: !kept && i + 1 < n && (i == 0 || i + 2 == n),
            keep_with_next: kept
                || if i + 1 == n {
                    style.keep_with_next
                } else {
                    i == 0 || i + 2 == n
                },
            items: std::mem::take(&mut line.items),
            cells: Vec::new(),
            block: 0,
        });
    }
}

fn rule_box(rule: &Rule, x: Pt) -> VBox {
    let style = rule.style;
    VBox {
        height: style.space_before() + style.thickness() + style.space_after(),
        space_before: Pt::ZERO,
        space_after: Pt::ZERO,
        keep_with_next: true,
        widow_keep: false,
        signature_area: None,
        cells: Vec::new(),
        block: 0,
        items: vec![Item::Line(LineSeg {
            x: x + rule.offset,
            y: style.space_before() + style.thickness() / 2.0,
            width: rule.length,
            thickness: style.thickness(),
        })],
    }
}

/// Stack the boxes of a cell; returns its items (relative to the cell top), its
/// signature area if any, and its height.
fn stack(boxes: Vec<VBox>) -> (Vec<Item>, Option<Signature>, Pt) {
    let mut y = Pt::ZERO;
    let mut items = Vec::new();
    let mut area = None;
    let mut pending_after = Pt::ZERO;
    for (i, b) in boxes.into_iter().enumerate() {
        if i > 0 {
            y += pending_after;
        }
        y += b.space_before;
        let (height, after) = (b.height, b.space_after);
        let (box_items, box_area) = b.contents();
        area = area.or(box_area.map(|a| shift(a, y)));
        items.extend(box_items.into_iter().map(|it| it.shifted(Pt::ZERO, y)));
        y += height;
        pending_after = after;
    }
    (items, area, y)
}

/// The bottom of each box of a cell stacked from its top, as [`stack`] places them.
fn bottoms(boxes: &[VBox]) -> impl Iterator<Item = Pt> + '_ {
    let mut y = Pt::ZERO;
    let mut pending_after = Pt::ZERO;
    boxes.iter().map(move |b| {
        y += pending_after + b.space_before + b.height;
        pending_after = b.space_after;
        y
    })
}

fn cell_height(boxes: &[VBox]) -> Pt {
    bottoms(boxes).last().unwrap_or(Pt::ZERO)
}

fn row_box(row: &mut ResolvedRow) -> VBox {
    let mut cells = Vec::with_capacity(row.cells.len());
    let mut height = Pt::ZERO;
    for cell in &mut row.cells {
        let mut boxes = flow(&mut cell.flow);
        // The signature block is never split: its title, the signature's gap and
        // the name stay together on one page.
        if cell.holds_signature {
            let n = boxes.len();
            for b in boxes.iter_mut().take(n.saturating_sub(1)) {
                b.keep_with_next = true;
                b.widow_keep = false;
            }
        }
        height = height.max(cell_height(&boxes));
        cells.push(boxes);
    }
    VBox {
        height,
        space_before: row.space_before,
        space_after: Pt::ZERO,
        keep_with_next: row.keep_with_next,
        widow_keep: false,
        items: Vec::new(),
        signature_area: None,
        cells,
        block: 0,
    }
}

/// Split `row` so that its first part is at most `avail` tall: `row` becomes that
/// part and the second is returned, to start the next page, without the row's space
/// above. This is how Word and LibreOffice split a table row allowed to break: each
/// cell breaks on its own at the bottom of the page.
///
/// A cell breaks between two of its blocks (whole recipients of the Nơi nhận list),
/// so that the DOCX writer can give each page its own table row, and never between a
/// box and the one it keeps with (a rule under its text, the signature block). Only
/// a block taller than a `page` (an issuer's name of 2,000 characters) breaks between
/// its lines, with no orphan or widow control, as LibreOffice splits a row; and only
/// a chain of kept boxes taller than a page (a signer's title of a page) breaks where
/// it overflows. Unless `forced`, the split is refused (None, `row` unchanged) when a
/// cell could keep nothing: the row then goes to the next page with what keeps with
/// it. When `forced` (the row starts a page), such a cell breaks between lines, or
/// where it overflows: a constraint that cannot be met must not lose content.
pub fn split_row(row: &mut VBox, avail: Pt, page: Pt, forced: bool) -> Option<VBox> {
    let tolerance = Pt(0.01);
    let mut cuts = Vec::with_capacity(row.cells.len());
    for boxes in &row.cells {
        let fitting = bottoms(boxes)
            .take_while(|&bottom| bottom <= avail + tolerance)
            .count();
        // Where the cell breaks: between blocks, or between lines (orphan and
        // widow control aside, as LibreOffice splits a row) where the block that
        // does not fit is taller than a page and can never be kept whole.
        let allowed = |k: usize, between_blocks: bool| {
            let (last, next) = (&boxes[k - 1], &boxes[k]);
            if between_blocks {
                !last.keep_with_next && last.block != next.block
            } else {
                !last.keep_with_next || last.widow_keep
            }
        };
        let best = |between_blocks: bool| {
            (1..=fitting)
                .rev()
                .find(|&k| allowed(k, between_blocks))
                .unwrap_or(0)
        };
        let k = if fitting == boxes.len() {
            fitting
        } else {
            let over = boxes[fitting].block;
            let block_height = boxes
                .iter()
                .filter(|b| b.block == over)
                .fold(Pt::ZERO, |h, b| h + b.height);
            // A chain of kept boxes taller than a page (a signer's title of a page)
            // cannot be kept: it breaks where it overflows, as in LibreOffice.
            let mut start = fitting;
            while start > 0 && boxes[start - 1].keep_with_next {
                start -= 1;
            }
            let mut end = fitting;
            while end + 1 < boxes.len() && boxes[end].keep_with_next {
                end += 1;
            }
            let chain_height = boxes[start..=end]
                .iter()
                .fold(Pt::ZERO, |h, b| h + b.height);
            let mut k = if chain_height > page {
                fitting
            } else {
                best(block_height <= page)
            };
            if k == 0 {
                if !forced {
                    return None;
                }
                k = best(false);
            }
            if k == 0 {
                k = fitting.max(1);
            }
            k
        };
        cuts.push(k);
    }
    let takes_all = row.cells.iter().zip(&cuts).all(|(c, &k)| k == c.len());
    if takes_all {
        return None;
    }
    let tail_cells: Vec<Vec<VBox>> = row
        .cells
        .iter_mut()
        .zip(cuts)
        .map(|(boxes, k)| boxes.split_off(k))
        .collect();
    row.height = parts_height(&row.cells);
    row.space_after = Pt::ZERO;
    let keep_with_next = std::mem::replace(&mut row.keep_with_next, false);
    Some(VBox {
        height: parts_height(&tail_cells),
        space_before: Pt::ZERO,
        space_after: Pt::ZERO,
        keep_with_next,
        widow_keep: false,
        items: Vec::new(),
        signature_area: None,
        cells: tail_cells,
        block: row.block,
    })
}

/// The height of a row whose cells hold `cells`.
fn parts_height(cells: &[Vec<VBox>]) -> Pt {
    cells.iter().map(|c| cell_height(c)).fold(Pt::ZERO, Pt::max)
}
