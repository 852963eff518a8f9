//! The DOCX writer: the Document IR to an editable Word file.
//!
//! It reads the same IR and the same profile as the PDF writer, and makes the same
//! decisions the PDF layout makes, so that Word or LibreOffice, breaking lines first
//! fit with the same advance widths, put every line where the PDF has it:
//!
//! - every profile style is a named paragraph style with the exact line pitch of the
//!   PDF (`styles`);
//! - side-by-side rows are borderless fixed-width tables with zero cell margins, so a
//!   cell is exactly as wide as the PDF column; a row never splits. A row taller than a
//!   page ([`crate::layout::row_taller_than_page`], a long Nơi nhận list) becomes one
//!   row per page, holding what the PDF puts on that page (`split_rows`, from the
//!   layout's [`crate::layout::RowSplit`]); from a part the PDF breaks between two
//!   lines of one field (a field taller than a page), the rest is one row that may
//!   split, on a new page, its signature block kept whole (`keepNext`, `keepLines`);
//! - a rule is an empty paragraph with a bottom border, indented so the border has the
//!   length and position the PDF gives it (measured with the layout's own line
//!   breaker, [`crate::layout::line_widths`]);
//! - the body lines kept with the signature in the PDF are kept with it here
//!   (`keepNext`), and widow control matches the PDF's two-line rule;
//! - the signature and seal images are floating pictures anchored to the signer's
//!   name, placed by the PDF's own rule ([`crate::layout::place_signing`]; `body`);
//! - the page number is a PAGE field in the header, absent on the first page.
//!
//! What depends only on the profile (styles, settings, headers, the section
//! properties) is made once per process with docx-rs, put in schema order and
//! compressed (`package`); the body of each notice is written straight to XML in
//! schema order (`body`), and the parts are zipped deterministically (`archive`).
//!
//! Measured against LibreOffice (which draws Times New Roman with Liberation Serif,
//! the PDF's font), lines break identically except in two known cases, both outside
//! this writer's reach:
//! - a hyphen inside a word ("05/TB-UBND"): Word and LibreOffice may break after it,
//!   the PDF line breaker only breaks at spaces;
//! - italic text ending a line with less than about 1/12 of the font height to spare:
//!   LibreOffice reserves that much for the slant in Word 2013+ documents
//!   (`compatibilityMode` 15; not in 14, which would open Word in compatibility mode).

pub(crate) mod archive;
mod body;
mod package;
mod styles;
mod xml;

use crate::document::{Block, Document, Inline, Paragraph as IrParagraph, Row};
use crate::layout::{line_widths, RowSplit};
use crate::profile::{Align, Profile};
use crate::units::Pt;
use docx_rs::{FieldCharType, Header, InstrPAGE, InstrText, Paragraph, Run};

/// Write `doc` as DOCX bytes laid out as `profile` prescribes.
pub fn write_docx(doc: &Document, profile: &Profile) -> Result<Vec<u8>, String> {
    let parts = package::profile_parts(profile)?;
    let width = profile.page.text_width();
    // A row taller than a page is split where the PDF splits it, which depends on
    // where it starts: only then is the whole document laid out.
    let tall = doc.blocks.iter().any(
        |b| matches!(b, Block::Row(r) if crate::layout::row_taller_than_page(r, profile, width)),
    );
    let splits = if tall {
        crate::layout::layout(doc, profile).splits
    } else {
        Vec::new()
    };
    let items = flow(&doc.blocks, profile, width, Some(&splits));
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
    /// Profile style name (None for rules).
    style: Option<&'a str>,
    content: &'a [Inline],
    keep_next: bool,
    /// Never split between pages (the lines of the signature block).
    keep_lines: bool,
    /// Direct spacing overrides (in a table cell).
    space_before: Option<Pt>,
    space_after: Option<Pt>,
    /// Left and right indents in twips (rules).
    indents: Option<(i32, i32)>,
    /// The IR paragraph and the width of its column, to measure its lines when a
    /// decision needs them (None for rules, which have no lines).
    source: Option<(&'a IrParagraph, Pt)>,
}

impl Para<'_> {
    /// Lines the PDF breaks the paragraph into (0 for rules).
    fn lines(&self, profile: &Profile) -> usize {
        self.source
            .map_or(0, |(p, width)| line_widths(p, profile, width).len())
    }
}

#[derive(Debug, Clone)]
struct TableItem<'a> {
    /// Column widths as fractions of the text width.
    columns: Vec<f64>,
    rows: Vec<TableRow<'a>>,
}

#[derive(Debug, Clone)]
struct TableRow<'a> {
    /// Cells, each a flow of items.
    cells: Vec<Vec<Item<'a>>>,
    /// The row is taller than a page and may split (no `cantSplit`).
    can_split: bool,
}

#[derive(Debug, Clone)]
enum Item<'a> {
    Para(Para<'a>),
    Table(TableItem<'a>),
    /// An empty paragraph that starts a page and takes no room (one twip): before
    /// the part of a split row that the PDF starts on a new page, where Word and
    /// LibreOffice, free to split it, would begin it at the foot of the page before.
    PageBreak,
}

/// Decide the paragraphs and tables of a flow `width` wide, mirroring
/// `layout::flow`: the same rule sizes and the same keeps. Lines are measured only
/// where a decision needs them: under a rule, and before the signature block.
/// `splits` (for the document's own flow, not a cell's) says where the PDF split the
/// rows taller than a page.
fn flow<'a>(
    blocks: &'a [Block],
    profile: &Profile,
    width: Pt,
    splits: Option<&[RowSplit]>,
) -> Vec<Item<'a>> {
    let mut items: Vec<Item> = Vec::new();
    let mut above: Option<&IrParagraph> = None;
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Paragraph(p) => {
                above = Some(p);
                items.push(Item::Para(paragraph(p, width)));
            }
            Block::Rule(r) => {
                let style = profile.rule(&r.style);
                if let Some(Item::Para(prev)) = items.last_mut() {
                    prev.keep_next = true;
                }
                let (len, align) = match above {
                    Some(p) => {
                        let widest = line_widths(p, profile, width)
                            .into_iter()
                            .fold(Pt::ZERO, Pt::max);
                        (
                            widest * style.fraction_of_previous,
                            profile.style(&p.style).align,
                        )
                    }
                    None => (width * style.fraction_of_previous, Align::Center),
                };
                let left = match align {
                    Align::Left | Align::Justify => Pt::ZERO,
                    Align::Center => (width - len) / 2.0,
                    Align::Right => width - len,
                };
                let right = width - left - len;
                items.push(Item::Para(Para {
                    style_id: styles::rule_style_id(&r.style),
                    style: None,
                    content: &[],
                    keep_next: false,
                    keep_lines: false,
                    space_before: None,
                    space_after: None,
                    indents: Some((left.to_twips(), right.to_twips())),
                    source: None,
                }));
            }
            Block::Row(row) => {
                if row.keep_with_previous {
                    keep_last_lines(&mut items, profile);
                }
                let spec = profile.row(&row.role);
                let split = splits.unwrap_or_default().iter().find(|s| s.block == index);
                let (rows, rest) = match split {
                    Some(split) => split_rows(row, profile, width, split),
                    None => {
                        let cells = row.cells.iter().map(Vec::as_slice).collect();
                        (
                            vec![table_row(row, cells, profile, width, true, false)],
                            None,
                        )
                    }
                };
                // Consecutive rows of one role make one table: adjacent tables would
                // be merged by Word anyway.
                match items.last_mut() {
                    Some(Item::Table(t))
                        if t.columns == spec.columns && !row.keep_with_previous =>
                    {
                        t.rows.extend(rows)
                    }
                    _ => items.push(Item::Table(TableItem {
                        columns: spec.columns.clone(),
                        rows,
                    })),
                }
                if let Some(rest) = rest {
                    items.push(Item::PageBreak);
                    items.push(Item::Table(TableItem {
                        columns: spec.columns.clone(),
                        rows: vec![rest],
                    }));
                }
                above = None;
            }
        }
    }
    items
}

fn paragraph(p: &IrParagraph, width: Pt) -> Para<'_> {
    Para {
        style_id: styles::paragraph_style_id(&p.style),
        style: Some(&p.style),
        content: &p.content,
        keep_next: false,
        keep_lines: false,
        space_before: None,
        space_after: None,
        indents: None,
        source: Some((p, width)),
    }
}

/// Keep the last lines before a block that keeps with what precedes it: every
/// paragraph back to the one holding the second-to-last line gets `keepNext`; widow
/// control then moves those lines together, as the PDF does.
fn keep_last_lines(items: &mut [Item], profile: &Profile) {
    let mut lines = 0;
    for item in items.iter_mut().rev() {
        if let Item::Para(p) = item {
            p.keep_next = true;
            lines += p.lines(profile);
            if lines >= profile.signature.keep_lines_with_signature {
                break;
            }
        }
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
    row: &'a Row,
    profile: &Profile,
    width: Pt,
    split: &RowSplit,
) -> (Vec<TableRow<'a>>, Option<TableRow<'a>>) {
    let ends: Vec<usize> = row.cells.iter().map(Vec::len).collect();
    let mut rows = Vec::with_capacity(split.parts.len() + 1);
    let mut from = vec![0usize; row.cells.len()];
    let cells_between = |from: &[usize], to: &[usize]| -> Vec<&'a [Block]> {
        row.cells
            .iter()
            .zip(from.iter().zip(to))
            .map(|(cell, (&a, &b))| &cell[a.min(b)..b])
            .collect()
    };
    for starts in &split.parts {
        if starts.iter().flatten().any(|s| s.inside) {
            let rest = table_row(
                row,
                cells_between(&from, &ends),
                profile,
                width,
                rows.is_empty(),
                true,
            );
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
        rows.push(table_row(
            row,
            cells_between(&from, &to),
            profile,
            width,
            first,
            false,
        ));
        from = to;
    }
    let first = rows.is_empty();
    rows.push(table_row(
        row,
        cells_between(&from, &ends),
        profile,
        width,
        first,
        false,
    ));
    (rows, None)
}

/// One table row of `row` holding `cells` (all of its cells' blocks, or one part's),
/// with the row's space above moved onto the first paragraph of each cell when it
/// is the row's `first` part (a table has no space before), and no space after the
/// last paragraph of a cell (the PDF does not count it; Word and LibreOffice would).
/// In a row that may split, the signature block is kept whole, as the PDF keeps it.
fn table_row<'a>(
    row: &Row,
    cells: Vec<&'a [Block]>,
    profile: &Profile,
    width: Pt,
    first: bool,
    can_split: bool,
) -> TableRow<'a> {
    let spec = profile.row(&row.role);
    let cells = cells
        .into_iter()
        .zip(&spec.columns)
        .map(|(cell, fraction)| {
            let mut items = flow(cell, profile, width * *fraction, None);
            if can_split && crate::layout::holds_signature(cell, profile) {
                let n = items.len();
                for (i, item) in items.iter_mut().enumerate() {
                    if let Item::Para(p) = item {
                        p.keep_lines = true;
                        p.keep_next |= i + 1 < n;
                    }
                }
            }
            if first && spec.space_before > Pt::ZERO {
                if let Some(Item::Para(first)) = items.first_mut() {
                    let own = first
                        .style
                        .map_or(Pt::ZERO, |s| profile.style_named(s).space_before());
                    first.space_before = Some(own + spec.space_before);
                }
            }
            if let Some(Item::Para(last)) = items.last_mut() {
                if let Some(s) = last.style {
                    if profile.style_named(s).space_after > Pt::ZERO {
                        last.space_after = Some(Pt::ZERO);
                    }
                }
            }
            items
        })
        .collect();
    TableRow { cells, can_split }
}

/// Paragraph ids (`w14:paraId`) numbered per document, never per process: docx-rs
/// draws them from a thread-local counter that would make a second render differ.
#[derive(Default)]
struct ParaIds(u32);

impl ParaIds {
    fn next(&mut self) -> String {
        self.0 += 1;
        format!("{:08X}", self.0)
    }
}

/// The default header (a centred PAGE field) and, when page 1 has no number, an
/// empty first-page header. Their paragraphs take the first ids.
fn headers(profile: &Profile, ids: &mut ParaIds) -> (Header, Option<Header>) {
    let style = styles::paragraph_style_id(&profile.page_number.style);
    let number = Paragraph::new()
        .id(ids.next())
        .style(&style)
        .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
        .add_run(Run::new().add_instr_text(InstrText::PAGE(InstrPAGE::new())))
        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
        .add_run(Run::new().add_text("2"))
        .add_run(Run::new().add_field_char(FieldCharType::End, false));
    let header = Header::new().add_paragraph(number);
    // Page numbers from page 2 on: a different, empty, first-page header. (A profile
    // numbering from page 3 or later is not expressible without nested fields; it
    // gets the same treatment.)
    let first = (profile.page_number.first_numbered_page > 1)
        .then(|| Header::new().add_paragraph(Paragraph::new().id(ids.next()).style(&style)));
    (header, first)
}
