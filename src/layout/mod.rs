//! Layout: from the Document IR to positioned glyph runs and rules on A4 pages.
//!
//! Three steps, one file each, as in Typst's `typst-layout`:
//! - [`linebreak`] breaks a paragraph into lines (first fit, the algorithm Word and
//!   LibreOffice use, so the DOCX breaks where the PDF does) and aligns them;
//! - [`flow`] stacks paragraphs, rules and side-by-side rows into vertical boxes that
//!   carry their keep-together constraints;
//! - [`paginate`] cuts the boxes into pages without stranding a heading, a single
//!   line of a paragraph, or the signature block, and numbers the pages.
//!
//! All coordinates are in points from the top-left corner of the paper.

mod flow;
mod linebreak;
mod paginate;

use crate::document::{Document, Paragraph};
use crate::fonts::Style;
use crate::profile::Profile;
use crate::units::Pt;

/// A laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub page_width: Pt,
    pub page_height: Pt,
    pub pages: Vec<Page>,
    /// The profile's signature width (`signature.image_width_mm`): a seal is placed
    /// against it when there is no signature image ([`place_signing`]).
    pub signature_width: Pt,
    /// The rows taller than a page, and where they were split.
    pub splits: Vec<RowSplit>,
}

/// Where a side-by-side row taller than a page was split across pages, so that the
/// DOCX writer splits its table row at the same places.
#[derive(Debug, Clone, PartialEq)]
pub struct RowSplit {
    /// Index of the row among the document's blocks.
    pub block: usize,
    /// For each part after the first (each on a new page), where each cell's share of
    /// it starts; None when nothing of that cell is left.
    pub parts: Vec<Vec<Option<CellStart>>>,
}

/// Where a cell's share of a row part starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellStart {
    /// Index of a block among the cell's blocks.
    pub block: usize,
    /// The part starts between two lines of that block, not at its start.
    pub inside: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub items: Vec<Item>,
    /// The signature area, on the page that holds the signature block.
    pub signature_area: Option<Area>,
}

/// A rectangle in points from the top-left corner of the paper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x: Pt,
    pub y: Pt,
    pub width: Pt,
    pub height: Pt,
}

impl Area {
    fn shifted(self, dy: Pt) -> Area {
        Area {
            y: self.y + dy,
            ..self
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextRun),
    Line(LineSeg),
}

/// A run of text in one face and size, drawn from `x` on `baseline`.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub x: Pt,
    pub baseline: Pt,
    pub style: Style,
    pub size: Pt,
    pub text: String,
    /// Extra advance after each space (justification).
    pub space_extra: Pt,
}

/// A horizontal stroke: from `x` for `width`, centred on `y`.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSeg {
    pub x: Pt,
    pub y: Pt,
    pub width: Pt,
    pub thickness: Pt,
}

impl Item {
    fn shifted(mut self, dx: Pt, dy: Pt) -> Item {
        match &mut self {
            Item::Text(t) => {
                t.x += dx;
                t.baseline += dy;
            }
            Item::Line(l) => {
                l.x += dx;
                l.y += dy;
            }
        }
        self
    }
}

/// Natural widths of the lines `paragraph` breaks into in a column `width` wide,
/// measured and broken exactly as the PDF lays it out. The DOCX writer uses it to size
/// rules from the paragraph above and to count the lines kept with the signature, so
/// both outputs make the same decisions.
pub fn line_widths(paragraph: &Paragraph, profile: &Profile, width: Pt) -> Vec<Pt> {
    let style = profile.style(&paragraph.style);
    linebreak::layout_paragraph(&paragraph.content, style, Pt::ZERO, width)
        .into_iter()
        .map(|line| line.width)
        .collect()
}

/// Whether `row`, laid out in a column `width` wide, is taller than the text area of
/// a page, its space above included. Such a row is split between the lines of its
/// cells in the PDF, and the DOCX writer lets Word and LibreOffice split its table
/// row the same way; any other row is kept whole on one page in both.
pub fn row_taller_than_page(row: &crate::document::Row, profile: &Profile, width: Pt) -> bool {
    let page = profile.page.text_height();
    row_height_bound(row, profile, width) > page && flow::row_extent(row, profile, width) > page
}

/// An upper bound of the height of `row`, found without breaking lines (the DOCX
/// writer asks of every row, and most are a few lines). First fit ends a line only
/// where the next piece does not fit, so a line and the first piece of the next are
/// wider than the column: a paragraph of total advance `w` takes fewer than
/// `2 + 2w / (column - space)` lines, plus one per forced break (the first line's
/// indent costing at most one more).
fn row_height_bound(row: &crate::document::Row, profile: &Profile, width: Pt) -> Pt {
    let spec = profile.row(&row.role);
    let tallest = row
        .cells
        .iter()
        .zip(&spec.columns)
        .map(|(cell, fraction)| blocks_height_bound(cell, profile, width * *fraction))
        .fold(Pt::ZERO, Pt::max);
    spec.space_before + tallest
}

fn blocks_height_bound(blocks: &[crate::document::Block], profile: &Profile, width: Pt) -> Pt {
    use crate::document::{Block, Inline};
    let set = crate::fonts::fonts();
    let mut height = Pt::ZERO;
    for block in blocks {
        height += match block {
            Block::Paragraph(p) => {
                let style = profile.style(&p.style);
                let size = style.size();
                let (mut total, mut lines, mut space) = (Pt::ZERO, 3.0, Pt::ZERO);
                for inline in &p.content {
                    match inline {
                        Inline::LineBreak => lines += 1.0,
                        Inline::Text(run) => {
                            let face = set.face(Style::from_flags(
                                style.bold || run.bold,
                                style.italic || run.italic,
                            ));
                            total += face.width(&run.text, size);
                            space = space.max(face.advance(' ', size));
                        }
                    }
                }
                let usable = width - space;
                if usable.0 <= 0.0 {
                    return Pt(f64::INFINITY);
                }
                lines += (total.0 * 2.0 / usable.0).floor();
                style.space_before() + style.space_after() + style.line_height() * lines
            }
            Block::Rule(r) => {
                let rule = profile.rule(&r.style);
                rule.space_before() + rule.thickness() + rule.space_after()
            }
            Block::Row(row) => row_height_bound(row, profile, width),
        };
    }
    height
}

/// Whether a cell holds the signer's name: the signature block, which is never
/// split across pages.
pub fn holds_signature(cell: &[crate::document::Block], profile: &Profile) -> bool {
    flow::holds_signature(cell, &profile.signature.anchor_style)
}

/// Lay out `doc` on pages as `profile` prescribes.
pub fn layout(doc: &Document, profile: &Profile) -> Layout {
    let page = &profile.page;
    let boxes = flow::flow(&doc.blocks, profile, page.margin_left(), page.text_width());
    let (mut pages, splits) = paginate::paginate(boxes, page.margin_top(), page.text_height());
    paginate::number_pages(&mut pages, profile);
    Layout {
        page_width: page.width(),
        page_height: page.height(),
        pages,
        splits,
        signature_width: profile.signature.image_width.to_pt(),
    }
}

/// The signature area of a paragraph in the profile's `signature.anchor_style`: the gap
/// its space before leaves above its first line, across its whole column. `x` is the
/// column's left edge; `y` is relative to the top of the paragraph's first line. The
/// PDF layout and the DOCX writer both place the images from this area with
/// [`place_signing`].
pub fn signature_area(style: &crate::profile::ParagraphStyle, x: Pt, width: Pt) -> Area {
    Area {
        x,
        y: -style.space_before(),
        width,
        height: style.space_before(),
    }
}

/// Where the signature and seal images go inside the signature area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SigningPlacement {
    pub signature: Option<Area>,
    pub seal: Option<Area>,
}

/// Place the images of `signing` in `area`, as Nghị định 30 describes (Phụ lục I,
/// II.7–8): the signature centred between the title and the name, never taller than
/// the gap; the seal at its real size, centred on the signature's height, covering
/// about the left third of the signature. Without a signature image the seal is
/// placed against a signature `signature_width` wide (the profile's
/// `signature.image_width_mm`, the width a signature image has by default).
pub fn place_signing(
    area: Area,
    signing: &crate::image::Signing,
    signature_width: Pt,
) -> SigningPlacement {
    let centre_x = area.x + area.width / 2.0;
    let centre_y = area.y + area.height / 2.0;
    let signature = signing.signature.as_ref().map(|p| {
        let mut w = crate::units::Mm(p.width_mm).to_pt();
        let mut h = crate::units::Mm(p.height_mm()).to_pt();
        if h > area.height {
            w = w * (area.height / h);
            h = area.height;
        }
        if w > area.width {
            h = h * (area.width / w);
            w = area.width;
        }
        Area {
            x: centre_x - w / 2.0,
            y: centre_y - h / 2.0,
            width: w,
            height: h,
        }
    });
    let seal = signing.seal.as_ref().map(|p| {
        let w = crate::units::Mm(p.width_mm).to_pt();
        let h = crate::units::Mm(p.height_mm()).to_pt();
        let (sig_x, sig_w) = match signature {
            Some(s) => (s.x, s.width),
            None => (centre_x - signature_width / 2.0, signature_width),
        };
        Area {
            x: sig_x + sig_w / 3.0 - w,
            y: centre_y - h / 2.0,
            width: w,
            height: h,
        }
    });
    SigningPlacement { signature, seal }
}
