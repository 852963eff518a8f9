//! Layout: from the Document IR to positioned glyph runs and rules on A4 pages.
//!
//! Four steps, one file each, as in Typst's `typst-layout`:
//! - `resolve` makes every decision both writers need, once: it breaks each paragraph
//!   into lines with `linebreak` (first fit, the algorithm Word and LibreOffice use, so
//!   the DOCX breaks where the PDF does), sizes the rules, decides the keeps and where the
//!   signing pictures go; the DOCX writer reads its result too;
//! - `flow` stacks the resolved paragraphs, rules and side-by-side rows into vertical
//!   boxes that carry their keep-together constraints;
//! - `paginate` cuts the boxes into pages without stranding a heading, a single
//!   line of a paragraph, or the signature block, and numbers the pages.
//!
//! All coordinates are in points from the top-left corner of the paper.

mod flow;
mod linebreak;
mod paginate;
pub mod resolve;

pub use resolve::{resolve, Resolved};

use crate::document::Document;
use crate::fonts::{FontSet, Style};
use crate::profile::Profile;
use crate::units::Pt;

/// A laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Paper width.
    pub page_width: Pt,
    /// Paper height.
    pub page_height: Pt,
    /// The pages, in order.
    pub pages: Vec<Page>,
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

/// One page: what is drawn on it, and its signing place if it holds the signature block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// What is drawn on the page: text runs and strokes.
    pub items: Vec<Item>,
    /// The signature area, on the page that holds the signature block.
    pub signature_area: Option<Area>,
    /// Where the signature and seal pictures go on that page, as the resolve pass
    /// placed them (none elsewhere).
    pub signing: SigningPlacement,
}

/// A rectangle in points from the top-left corner of the paper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// Left edge.
    pub x: Pt,
    /// Top edge.
    pub y: Pt,
    /// Width.
    pub width: Pt,
    /// Height.
    pub height: Pt,
}

impl Area {
    pub(crate) fn shifted(self, dy: Pt) -> Area {
        Area {
            y: self.y + dy,
            ..self
        }
    }
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of text.
    Text(TextRun),
    /// A stroke (a rule, an underline).
    Line(LineSeg),
}

/// A run of text in one face and size, drawn from `x` on `baseline`.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Start of the run.
    pub x: Pt,
    /// Baseline, from the top of the paper.
    pub baseline: Pt,
    /// The face.
    pub style: Style,
    /// The font size.
    pub size: Pt,
    /// The text, as the input gave it.
    pub text: String,
    /// Extra advance after each space (justification).
    pub space_extra: Pt,
}

/// A horizontal stroke: from `x` for `width`, centred on `y`.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSeg {
    /// Start of the stroke.
    pub x: Pt,
    /// Centre line of the stroke, from the top of the paper.
    pub y: Pt,
    /// Length.
    pub width: Pt,
    /// Thickness.
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

/// Lay out `doc` on pages as `profile` prescribes, measured with `fonts`:
/// [`resolve()`] then [`pages`].
pub fn layout(doc: &Document, profile: &Profile, fonts: &FontSet) -> Layout {
    pages(&mut resolve(doc, profile, fonts), profile)
}

/// Put a resolved document on pages: stack its blocks, cut them into pages, number
/// the pages. The lines' drawing items move onto the pages; every decision and line
/// width stays in `resolved` for the DOCX writer, but it is put on pages once.
pub fn pages(resolved: &mut Resolved, profile: &Profile) -> Layout {
    let page = &profile.page;
    let boxes = flow::flow(&mut resolved.flow);
    let (mut pages, splits) = paginate::paginate(boxes, page.margin_top(), page.text_height());
    paginate::number_pages(&mut pages, profile, resolved.fonts);
    Layout {
        page_width: page.width(),
        page_height: page.height(),
        pages,
        splits,
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
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SigningPlacement {
    /// The signer's signature image.
    pub signature: Option<Area>,
    /// The agency's seal, stamped over the left third of the signature.
    pub seal: Option<Area>,
}

impl SigningPlacement {
    /// Moved down by `dy`.
    pub fn shifted(self, dy: Pt) -> SigningPlacement {
        SigningPlacement {
            signature: self.signature.map(|a| a.shifted(dy)),
            seal: self.seal.map(|a| a.shifted(dy)),
        }
    }
}

/// Place the images of `signing` in `area`, as Nghị định 30 describes (Phụ lục I,
/// II.7–8): the signature centred between the title and the name, never taller than
/// the gap; the seal at its real size, centred on the signature's height, covering
/// about the left third of the signature. Without a signature image the seal is
/// placed against a signature `signature_width` wide (the profile's
/// `signature.image_width_mm`, the width a signature image has by default).
pub fn place_signing(
    area: Area,
    signing: &crate::input::image::Signing,
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
