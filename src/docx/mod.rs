//! The DOCX writer: the Document IR to an editable Word file.
//!
//! It reads the same IR, the same profile and the same decisions as the PDF: those of
//! the layout's resolve pass ([`crate::layout::resolve()`]), made once for both. It only
//! says them as Word does, so that Word or LibreOffice, breaking lines first fit with
//! the same advance widths, put every line where the PDF has it:
//!
//! - every profile style is a named paragraph style with the exact line pitch of the
//!   PDF (`styles`);
//! - side-by-side rows are borderless fixed-width tables with zero cell margins, so a
//!   cell is exactly as wide as the PDF column; a row never splits. A row taller than a
//!   page (a long Nơi nhận list) becomes one
//!   row per page, holding what the PDF puts on that page (`split_rows`, from the
//!   layout's [`crate::layout::RowSplit`]); from a part the PDF breaks between two
//!   lines of one field (a field taller than a page), the rest is one row that may
//!   split, on a new page, its signature block kept whole (`keepNext`, `keepLines`);
//! - a rule is an empty paragraph with a bottom border, indented so the border has the
//!   length and position the resolve pass gave it (the PDF strokes the same);
//! - the body lines the resolve pass keeps with the signature are kept with it here
//!   (`keepNext`), and widow control matches the PDF's two-line rule;
//! - the signature and seal images are floating pictures anchored to the signer's
//!   name, where the resolve pass placed them (the PDF draws the same rectangles; `body`);
//! - the page number is a PAGE field in the header, absent on the first page.
//!
//! What depends only on the profile (styles, headers, the section properties, built
//! with docx-rs in `docx_rs` and put in schema order) is made once per profile with
//! the static parts, compressed and kept in the renderer's [`PartsCache`]
//! (`package`); the body of each notice is written straight to XML in schema order
//! (`body`), and the parts are zipped deterministically (`archive`).
//!
//! Measured against LibreOffice (which draws Times New Roman with Liberation Serif,
//! the PDF's font), lines break identically except in two known cases, both outside
//! this writer's reach:
//! - a hyphen right before a digit ("05/TB-UBND-2"): the PDF line breaker does not
//!   break there (UAX #14 keeps a hyphen with a number), where Word may;
//! - italic text ending a line with less than about 1/12 of the font height to spare:
//!   LibreOffice reserves that much for the slant in Word 2013+ documents
//!   (`compatibilityMode` 15; not in 14, which would open Word in compatibility mode).

pub(crate) mod archive;
mod body;
mod content_types;
mod doc_props;
mod docx_rs;
mod package;
mod rels;
mod styles;
mod theme;
mod xml;

pub use package::PartsCache;

use crate::document::{Document, Inline};
use crate::fonts::FontSet;
use crate::layout::resolve::{holds_signature, Decided, Para as ResolvedPara, Row as ResolvedRow};
use crate::layout::{Area, Resolved, RowSplit, SigningPlacement};
use crate::profile::{ParagraphStyle, Profile};
use crate::units::Pt;

/// Write `doc` as DOCX bytes laid out as `profile` prescribes: resolves and paginates
/// it first, measuring with `fonts` (see [`write_resolved`], which takes both from the caller).
pub fn write_docx(
    doc: &Document,
    profile: &Profile,
    fonts: &FontSet,
    parts: &PartsCache,
) -> Result<Vec<u8>, String> {
    let mut resolved = crate::layout::resolve(doc, profile, fonts);
    let pages = crate::layout::pages(&mut resolved, profile);
    write_resolved(doc, &resolved, &pages.splits, profile, parts)
}

/// Write `doc` as DOCX bytes laid out as `profile` prescribes, from the decisions of
/// `resolved` (made from `doc` and `profile`), with the rows taller than a page split
/// where the PDF's pages split them (`splits`, from [`crate::layout::pages`]), and the
/// parts of `profile` from `parts` (built there on first use).
pub fn write_resolved(
    doc: &Document,
    resolved: &Resolved,
    splits: &[RowSplit],
    profile: &Profile,
    parts: &PartsCache,
) -> Result<Vec<u8>, String> {
    let parts = parts.get(profile)?;
    let items = flow(&resolved.flow.blocks, Some(splits));
    let mut writer = body::Writer::new(profile, &doc.signing, parts.first_paragraph_id);
    let document = writer.document(&parts.document_start, &items, &parts.document_end);
    package::package(&parts, &document, &writer.media, &doc.info)
}

/// The text width in twips, as Word computes it from the page and margins.
fn text_width_twips(profile: &Profile) -> i32 {
    let page = &profile.page;
    page.width().to_twips() - page.margin_left().to_twips() - page.margin_right().to_twips()
}

/// A paragraph, decided but not yet written.
#[derive(Debug, Clone)]
struct Para<'a> {
    /// Word style id.
    style_id: String,
    /// Profile style (None for rules).
    style: Option<&'a ParagraphStyle>,
    content: &'a [Inline],
    keep_next: bool,
    /// Never split between pages (the lines of the signature block).
    keep_lines: bool,
    /// Direct spacing overrides (in a table cell).
    space_before: Option<Pt>,
    space_after: Option<Pt>,
    /// Left and right indents in twips (rules).
    indents: Option<(i32, i32)>,
    /// For the signer's name: the signature area above it and where the pictures go,
    /// as the resolve pass placed them.
    signing: Option<(Area, SigningPlacement)>,
}

#[derive(Debug, Clone)]
struct Table<'a> {
    /// Column widths as fractions of the text width.
    columns: &'a [f64],
    rows: Vec<TableRow<'a>>,
}

#[derive(Debug, Clone)]
struct TableRow<'a> {
    /// Cells, each a flow of items.
    cells: Vec<Vec<Node<'a>>>,
    /// The row is taller than a page and may split (no `cantSplit`).
    can_split: bool,
}

#[derive(Debug, Clone)]
enum Node<'a> {
    Para(Para<'a>),
    Table(Table<'a>),
    /// An empty paragraph that starts a page and takes no room (one twip): before
    /// the part of a split row that the PDF starts on a new page, where Word and
    /// LibreOffice, free to split it, would begin it at the foot of the page before.
    PageBreak,
}

/// The paragraphs and tables of a resolved flow, with its keeps and rule sizes as
/// Word expresses them. `splits` (for the document's own flow, not a cell's) says
/// where the PDF split the rows taller than a page.
fn flow<'a>(blocks: &'a [Decided<'a>], splits: Option<&[RowSplit]>) -> Vec<Node<'a>> {
    let mut items: Vec<Node> = Vec::with_capacity(blocks.len());
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Decided::Paragraph(p) => items.push(Node::Para(paragraph(p))),
            Decided::Rule(r) => {
                let (left, right) = (r.offset, r.rest);
                items.push(Node::Para(Para {
                    style_id: styles::rule_style_id(r.name),
                    style: None,
                    content: &[],
                    keep_next: r.keep_with_next,
                    keep_lines: false,
                    space_before: None,
                    space_after: None,
                    indents: Some((left.to_twips(), right.to_twips())),
                    signing: None,
                }));
            }
            Decided::Row(row) => {
                let split = splits.unwrap_or_default().iter().find(|s| s.block == index);
                let (rows, rest) = match split {
                    Some(split) => split_rows(row, split),
                    None => {
                        let cells = row.cells.iter().map(|c| c.flow.blocks.as_slice()).collect();
                        (vec![table_row(row, cells, true, false)], None)
                    }
                };
                let columns = row.spec.columns.as_slice();
                // Consecutive rows of one role make one table: adjacent tables would
                // be merged by Word anyway.
                match items.last_mut() {
                    Some(Node::Table(t))
                        if t.columns == columns && !row.source.keep_with_previous =>
                    {
                        t.rows.extend(rows)
                    }
                    _ => items.push(Node::Table(Table { columns, rows })),
                }
                if let Some(rest) = rest {
                    items.push(Node::PageBreak);
                    items.push(Node::Table(Table {
                        columns,
                        rows: vec![rest],
                    }));
                }
            }
        }
    }
    items
}

fn paragraph<'a>(p: &'a ResolvedPara<'a>) -> Para<'a> {
    Para {
        style_id: styles::paragraph_style_id(&p.source.style),
        style: Some(p.style),
        content: &p.source.content,
        keep_next: p.keep_with_next,
        keep_lines: false,
        space_before: None,
        space_after: None,
        indents: None,
        signing: p.signing,
    }
}

/// The table rows of a row the PDF split across pages: one row that cannot split per
/// PDF part, each holding the blocks the PDF put on that page (each part after the
/// first starts a page, being too tall for what is left of the page before). From
/// the first part the PDF ends between two lines of a block (a block taller than a
/// page), the rest is one row allowed to split, which Word and LibreOffice split
/// between lines as the PDF does; when that is not the first part, it is returned
/// apart, to be put on a new page.
fn split_rows<'a>(
    row: &'a ResolvedRow<'a>,
    split: &RowSplit,
) -> (Vec<TableRow<'a>>, Option<TableRow<'a>>) {
    let ends: Vec<usize> = row.cells.iter().map(|c| c.flow.blocks.len()).collect();
    let mut rows = Vec::with_capacity(split.parts.len() + 1);
    let mut from = vec![0usize; row.cells.len()];
    let cells_between = |from: &[usize], to: &[usize]| -> Vec<&'a [Decided<'a>]> {
        row.cells
            .iter()
            .zip(from.iter().zip(to))
            .map(|(cell, (&a, &b))| &cell.flow.blocks[a.min(b)..b])
            .collect()
    };
    for starts in &split.parts {
        if starts.iter().flatten().any(|s| s.inside) {
            let rest = table_row(row, cells_between(&from, &ends), rows.is_empty(), true);
            if rows.is_empty() {
                return (vec![rest], None);
            }
            return (rows, Some(rest));
        }
        let to: Vec<usize> = starts
            .iter()
            .zip(&ends)
            .map(|(s, &end)| s.map_or(end, |s| s.block))
            .collect();
        let first = rows.is_empty();
        rows.push(table_row(row, cells_between(&from, &to), first, false));
        from = to;
    }
    let first = rows.is_empty();
    rows.push(table_row(row, cells_between(&from, &ends), first, false));
    (rows, None)
}

/// One table row of `row` holding `cells` (all of its cells' blocks, or one part's),
/// with the row's space above moved onto the first paragraph of each cell when it
/// is the row's `first` part (a table has no space before), and no space after the
/// last paragraph of a cell (the PDF does not count it; Word and LibreOffice would).
/// In a row that may split, the signature block is kept whole, as the PDF keeps it.
fn table_row<'a>(
    row: &ResolvedRow,
    cells: Vec<&'a [Decided<'a>]>,
    first: bool,
    can_split: bool,
) -> TableRow<'a> {
    let cells = cells
        .into_iter()
        .map(|cell| {
            let mut items = flow(cell, None);
            if can_split && holds_signature(cell) {
                let n = items.len();
                for (i, item) in items.iter_mut().enumerate() {
                    if let Node::Para(p) = item {
                        p.keep_lines = true;
                        p.keep_next |= i + 1 < n;
                    }
                }
            }
            if first && row.space_before > Pt::ZERO {
                if let Some(Node::Para(first)) = items.first_mut() {
                    let own = first.style.map_or(Pt::ZERO, ParagraphStyle::space_before);
                    first.space_before = Some(own + row.space_before);
                }
            }
            if let Some(Node::Para(last)) = items.last_mut() {
                if last.style.is_some_and(|s| s.space_after > Pt::ZERO) {
                    last.space_after = Some(Pt::ZERO);
                }
            }
            items
        })
        .collect();
    TableRow { cells, can_split }
}
