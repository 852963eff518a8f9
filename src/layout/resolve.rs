//! Resolve: every decision both writers need, made once, before either writes.
//!
//! Between the [`Document`](crate::document::Document) and the writers sits this one
//! pass, vanban's counterpart of Typst's realize step: the PDF's page layout
//! (`flow`, `paginate`) and the DOCX writer both read its result, so
//! that an edit to a rule here changes both outputs, and neither can drift from the
//! other:
//!
//! - every paragraph broken into lines, first fit, in its own column (the DOCX needs
//!   the lines of a paragraph to size the rule under it and to count the lines kept with
//!   the signature; the PDF draws them);
//! - the keeps: a rule keeps with the text above it, and the signature block keeps with
//!   the last lines of the body (the profile's `signature.keep_lines_with_signature`:
//!   a lone last line above a signature looks forged);
//! - each rule's length and position in its column, from the paragraph above it;
//! - each row's columns and the space above it, and which cell holds the signature block;
//! - where the signature and seal pictures go, relative to the signer's name
//!   ([`super::place_signing`]).
//!
//! How each writer expresses a decision stays its own (a PDF box that keeps with the
//! next, a Word `keepNext`; a stroke, a paragraph border with indents).

use super::linebreak::{layout_paragraph, LaidLine};
use super::{place_signing, signature_area, Area, SigningPlacement};
use crate::document::{self, Block};
use crate::fonts::FontSet;
use crate::input::image::Signing;
use crate::profile::{Align, ParagraphStyle, Profile, RowSpec, RuleStyle};
use crate::units::Pt;

/// A document with its shared decisions made: the top-level flow, in the text area.
#[derive(Debug)]
pub struct Resolved<'a> {
    /// The blocks of the page's text column, in order.
    pub flow: Flow<'a>,
    /// The faces the lines were measured with (the page numbers are set with them too).
    pub fonts: &'a FontSet,
}

/// A column of blocks: the page's text area, or one cell of a row.
#[derive(Debug)]
pub struct Flow<'a> {
    /// The column's left edge, from the left edge of the paper.
    pub x: Pt,
    /// The column's width.
    pub width: Pt,
    /// One entry per block of the source, in the same order (so an index into the
    /// source's blocks is an index here).
    pub blocks: Vec<Decided<'a>>,
}

/// One block with its decisions.
#[derive(Debug)]
pub enum Decided<'a> {
    /// A paragraph broken into lines.
    Paragraph(Para<'a>),
    /// A horizontal rule, sized and placed.
    Rule(Rule<'a>),
    /// Cells side by side.
    Row(Row<'a>),
}

/// A paragraph, broken into lines in its column.
#[derive(Debug)]
pub struct Para<'a> {
    /// The paragraph of the document.
    pub source: &'a document::Paragraph,
    /// Its style in the profile.
    pub style: &'a ParagraphStyle,
    /// Its lines, placed from the column's left edge, each relative to the top of its
    /// own line box. Their drawing items move onto the pages when [`super::pages`]
    /// puts the document on pages; their widths stay.
    pub lines: Vec<LaidLine>,
    /// How many of its last lines must stay on the page of what follows, beyond the
    /// style's own keep and orphan and widow control: one under a rule, up to the
    /// profile's count before the signature block.
    pub kept_tail: usize,
    /// Whether it keeps with the block after it by a decision of this pass (a rule
    /// under it, the signature block after it); a style's own keep is not counted.
    pub keep_with_next: bool,
    /// For a paragraph in the signature's anchor style (the signer's name): the
    /// signature area above it, relative to the top of its first line, and where the
    /// pictures go in it.
    pub signing: Option<(Area, SigningPlacement)>,
}

/// A rule under the paragraph above it (or, with none, centred in its column).
#[derive(Debug)]
pub struct Rule<'a> {
    /// Its style's name in the profile.
    pub name: &'a str,
    /// Its style.
    pub style: &'a RuleStyle,
    /// From the column's left edge to the rule's start.
    pub offset: Pt,
    /// Its length.
    pub length: Pt,
    /// From the rule's end to the column's right edge.
    pub rest: Pt,
    /// Whether it keeps with the block after it by a decision of this pass (a rule
    /// under it, the signature block after it). In the PDF a rule always keeps with
    /// what follows; this is for the DOCX, whose rule is a paragraph.
    pub keep_with_next: bool,
}

/// A row of cells side by side.
#[derive(Debug)]
pub struct Row<'a> {
    /// The row of the document.
    pub source: &'a document::Row,
    /// Its role in the profile.
    pub spec: &'a RowSpec,
    /// The space above the row.
    pub space_before: Pt,
    /// Whether it keeps with the block after it (a rule under it).
    pub keep_with_next: bool,
    /// Its cells, each a column of its own.
    pub cells: Vec<Cell<'a>>,
}

/// One cell of a row.
#[derive(Debug)]
pub struct Cell<'a> {
    /// Its blocks, in the cell's column.
    pub flow: Flow<'a>,
    /// Whether it holds the signature block (the signer's name): never split across
    /// pages.
    pub holds_signature: bool,
}

impl Decided<'_> {
    /// Whether this is a paragraph in the signature's anchor style.
    pub fn is_signature_anchor(&self) -> bool {
        matches!(self, Decided::Paragraph(p) if p.signing.is_some())
    }
}

/// Whether any of `blocks` is the signer's name (the signature anchor).
pub fn holds_signature(blocks: &[Decided]) -> bool {
    blocks.iter().any(Decided::is_signature_anchor)
}

/// Make the shared decisions for `doc` as `profile` prescribes.
/// Lines are measured with `fonts`, the faces the writers will draw with.
pub fn resolve<'a>(
    doc: &'a document::Document,
    profile: &'a Profile,
    fonts: &'a FontSet,
) -> Resolved<'a> {
    let page = &profile.page;
    let cx = Context {
        profile,
        fonts,
        signing: &doc.signing,
    };
    Resolved {
        flow: cx.flow(&doc.blocks, page.margin_left(), page.text_width()),
        fonts,
    }
}

struct Context<'a> {
    profile: &'a Profile,
    fonts: &'a FontSet,
    signing: &'a Signing,
}

impl<'a> Context<'a> {
    fn flow(&self, blocks: &'a [Block], x: Pt, width: Pt) -> Flow<'a> {
        let profile = self.profile;
        let mut out: Vec<Decided<'a>> = Vec::with_capacity(blocks.len());
        for block in blocks {
            let decided = match block {
                Block::Paragraph(p) => Decided::Paragraph(self.paragraph(p, x, width)),
                Block::Rule(r) => {
                    let style = profile.rule(&r.style);
                    // A rule belongs to the text above it.
                    match out.last_mut() {
                        Some(Decided::Paragraph(p)) => {
                            p.kept_tail = p.kept_tail.max(1);
                            p.keep_with_next = true;
                        }
                        Some(Decided::Row(row)) => row.keep_with_next = true,
                        Some(Decided::Rule(rule)) => rule.keep_with_next = true,
                        None => {}
                    }
                    Decided::Rule(rule(&r.style, style, out.last(), width))
                }
                Block::Row(row) => {
                    if row.keep_with_previous {
                        keep_last_lines(&mut out, profile.signature.keep_lines_with_signature);
                    }
                    Decided::Row(self.row(row, x, width))
                }
            };
            out.push(decided);
        }
        Flow {
            x,
            width,
            blocks: out,
        }
    }

    fn paragraph(&self, p: &'a document::Paragraph, x: Pt, width: Pt) -> Para<'a> {
        let profile = self.profile;
        let style = profile.style(&p.style);
        let lines = layout_paragraph(self.fonts, &p.content, style, x, width);
        // The space above the signer's name is where the signature goes.
        let signing = (p.style == profile.signature.anchor_style).then(|| {
            let area = signature_area(style, x, width);
            (
                area,
                place_signing(area, self.signing, profile.signature.image_width.to_pt()),
            )
        });
        Para {
            source: p,
            style,
            lines,
            kept_tail: 0,
            keep_with_next: false,
            signing,
        }
    }

    fn row(&self, row: &'a document::Row, x: Pt, width: Pt) -> Row<'a> {
        let spec = self.profile.row(&row.role);
        let mut cx = x;
        let cells = row
            .cells
            .iter()
            .zip(&spec.columns)
            .map(|(cell, fraction)| {
                let cw = width * *fraction;
                let flow = self.flow(cell, cx, cw);
                cx += cw;
                Cell {
                    holds_signature: holds_signature(&flow.blocks),
                    flow,
                }
            })
            .collect();
        Row {
            source: row,
            spec,
            space_before: spec.space_before,
            keep_with_next: false,
            cells,
        }
    }
}

/// A rule sized from the paragraph above it: its widest line times the style's
/// fraction, aligned as that paragraph is; with no paragraph above, centred in the
/// column `width` wide.
fn rule<'a>(name: &'a str, style: &'a RuleStyle, above: Option<&Decided>, width: Pt) -> Rule<'a> {
    let (length, align) = match above {
        Some(Decided::Paragraph(p)) => {
            let widest = p.lines.iter().fold(Pt::ZERO, |w, l| w.max(l.width));
            (widest * style.fraction_of_previous, p.style.align)
        }
        _ => (width * style.fraction_of_previous, Align::Center),
    };
    let offset = match align {
        Align::Left | Align::Justify => Pt::ZERO,
        Align::Center => (width - length) / 2.0,
        Align::Right => width - length,
    };
    Rule {
        name,
        style,
        offset,
        length,
        rest: width - offset - length,
        keep_with_next: false,
    }
}

/// Keep the last `count` lines of the body with the block that follows (the signature
/// block): every block back to the one holding the earliest of those lines keeps with
/// its successor.
fn keep_last_lines(blocks: &mut [Decided], count: usize) {
    let mut lines = 0;
    for block in blocks.iter_mut().rev() {
        if lines >= count {
            break;
        }
        match block {
            Decided::Paragraph(p) => {
                let take = p.lines.len().min(count - lines);
                p.kept_tail = p.kept_tail.max(take);
                p.keep_with_next = true;
                lines += take;
            }
            Decided::Row(row) => row.keep_with_next = true,
            Decided::Rule(rule) => rule.keep_with_next = true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Inline, Paragraph, Run};
    use crate::input::notice::Notice;
    use crate::render::Renderer;

    fn para(profile: &Profile, style: &str, text: &str) -> Block {
        Block::Paragraph(Paragraph {
            style: profile.style_id(style).unwrap(),
            content: vec![Inline::Text(Run {
                text: text.into(),
                ..Run::default()
            })],
        })
    }

    fn fixture() -> (Renderer, Notice) {
        let json = include_str!("../../fixtures/phuc-loi-2018.json");
        (Renderer::new(), Notice::from_json(json).unwrap())
    }

    /// The signature block keeps with the last two lines of the body: a one-line last
    /// paragraph takes the last line of the one before with it, as the PDF's boxes and
    /// the DOCX's keepNext both read.
    #[test]
    fn the_signature_keeps_the_last_two_lines_across_paragraphs() {
        let (renderer, notice) = fixture();
        let mut doc = renderer.document(&notice).unwrap();
        let row = doc
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Row(r) if r.keep_with_previous))
            .expect("a signature row");
        let long = "Kết luận của Ban Thường vụ được gửi tới các chi bộ để quán triệt. ".repeat(4);
        let profile = renderer.profile(notice.profile.as_str()).unwrap();
        doc.blocks.insert(row, para(profile, "body", "Một dòng."));
        doc.blocks.insert(row, para(profile, "body", &long));
        let resolved = resolve(&doc, profile, renderer.fonts());
        let blocks = &resolved.flow.blocks;
        let (Decided::Paragraph(before), Decided::Paragraph(last)) =
            (&blocks[row], &blocks[row + 1])
        else {
            panic!("two paragraphs before the signature row");
        };
        assert!(before.lines.len() > 2, "{}", before.lines.len());
        assert_eq!((last.lines.len(), last.kept_tail), (1, 1));
        assert_eq!(before.kept_tail, 1, "the last line of the paragraph before");
        assert!(before.keep_with_next && last.keep_with_next);
        let Decided::Paragraph(earlier) = &blocks[row - 1] else {
            return;
        };
        assert_eq!((earlier.kept_tail, earlier.keep_with_next), (0, false));
    }

    /// A rule is as long as the widest line above it times its fraction, aligned as
    /// that paragraph is, and the paragraph keeps its last line with it.
    #[test]
    fn a_rule_is_sized_from_the_paragraph_above_it() {
        let (renderer, notice) = fixture();
        let doc = renderer.document(&notice).unwrap();
        let profile = renderer.profile(notice.profile.as_str()).unwrap();
        let resolved = resolve(&doc, profile, renderer.fonts());
        let mut seen = 0;
        let mut walk = vec![&resolved.flow];
        while let Some(flow) = walk.pop() {
            for pair in flow.blocks.windows(2) {
                if let [Decided::Paragraph(p), Decided::Rule(r)] = pair {
                    let widest = p.lines.iter().fold(Pt::ZERO, |w, l| w.max(l.width));
                    assert!(widest > Pt::ZERO);
                    assert_eq!(r.length, widest * r.style.fraction_of_previous);
                    let sum = r.offset + r.length + r.rest;
                    assert!(
                        (sum - flow.width).0.abs() < 1e-9,
                        "{sum:?} {:?}",
                        flow.width
                    );
                    if p.style.align == Align::Center {
                        assert!((r.offset - r.rest).0.abs() < 1e-9);
                    }
                    assert!(p.keep_with_next && p.kept_tail >= 1);
                    seen += 1;
                }
            }
            for block in &flow.blocks {
                if let Decided::Row(row) = block {
                    walk.extend(row.cells.iter().map(|c| &c.flow));
                }
            }
        }
        assert!(seen >= 1, "the rule under the header: {seen}");
    }

    /// The signer's name carries the signature area and the pictures' places.
    #[test]
    fn the_signer_name_carries_the_signature_area() {
        let (renderer, notice) = fixture();
        let doc = renderer.document(&notice).unwrap();
        let profile = renderer.profile(notice.profile.as_str()).unwrap();
        let resolved = resolve(&doc, profile, renderer.fonts());
        let cells: Vec<&Cell> = resolved
            .flow
            .blocks
            .iter()
            .filter_map(|b| match b {
                Decided::Row(r) => Some(r.cells.iter()),
                _ => None,
            })
            .flatten()
            .filter(|c| c.holds_signature)
            .collect();
        assert_eq!(cells.len(), 1);
        let anchor = cells[0]
            .flow
            .blocks
            .iter()
            .find_map(|b| match b {
                Decided::Paragraph(p) => p.signing,
                _ => None,
            })
            .expect("the name");
        let (area, _) = anchor;
        assert_eq!(area.x, cells[0].flow.x);
        assert_eq!(area.width, cells[0].flow.width);
        assert!(area.height > Pt::ZERO && area.y < Pt::ZERO);
    }
}
