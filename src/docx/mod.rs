//! The DOCX writer: the Document IR to an editable Word file, through docx-rs.
//!
//! It reads the same IR and the same profile as the PDF writer, and makes the same
//! decisions the PDF layout makes, so that Word or LibreOffice, breaking lines first
//! fit with the same advance widths, put every line where the PDF has it:
//!
//! - every profile style is a named paragraph style with the exact line pitch of the
//!   PDF (`styles`);
//! - side-by-side rows are borderless fixed-width tables with zero cell margins, so a
//!   cell is exactly as wide as the PDF column; a row never splits;
//! - a rule is an empty paragraph with a bottom border, indented so the border has the
//!   length and position the PDF gives it (measured with the layout's own line
//!   breaker, [`crate::layout::line_widths`]);
//! - the body lines kept with the signature in the PDF are kept with it here
//!   (`keepNext`), and widow control matches the PDF's two-line rule;
//! - the page number is a PAGE field in the header, absent on the first page.
//!
//! docx-rs writes the parts; `package` puts their elements in schema order, adds
//! what docx-rs cannot say, and zips them deterministically.
//!
//! Measured against LibreOffice (which draws Times New Roman with Liberation Serif,
//! the PDF's font), lines break identically except in two known cases, both outside
//! this writer's reach:
//! - a hyphen inside a word ("05/TB-UBND"): Word and LibreOffice may break after it,
//!   the PDF line breaker only breaks at spaces;
//! - italic text ending a line with less than about 1/12 of the font height to spare:
//!   LibreOffice reserves that much for the slant in Word 2013+ documents
//!   (`compatibilityMode` 15; not in 14, which would open Word in compatibility mode).

mod package;
mod styles;
mod xml;

use crate::document::{Block, Document, Inline, Paragraph as IrParagraph, Row};
use crate::layout::line_widths;
use crate::profile::{Align, Profile};
use crate::units::{Mm, Pt};
use docx_rs::{
    BreakType, Docx, FieldCharType, Header, InstrPAGE, InstrText, PageMargin, Paragraph,
    ParagraphProperty, Run, RunProperty, Table, TableBorders, TableCell, TableCellMargins,
    TableLayoutType, TableRow, WidthType,
};

/// How many lines of the body stay with the signature block (as in the PDF layout).
const LINES_KEPT_WITH_SIGNATURE: usize = 2;

/// Write `doc` as DOCX bytes laid out as `profile` prescribes.
pub fn write_docx(doc: &Document, profile: &Profile) -> Result<Vec<u8>, String> {
    let page = &profile.page;
    let text_width = page.text_width();
    let items = flow(&doc.blocks, profile, text_width);

    let mut ids = ParaIds::default();
    let mut docx = Docx::new();
    for s in styles::styles(profile) {
        docx = docx.add_style(s);
    }
    docx = docx
        .default_fonts(styles::fonts())
        .default_size(styles::default_half_points(profile))
        .default_tab_stop(720)
        .page_size(
            page.width().to_twips() as u32,
            page.height().to_twips() as u32,
        )
        .page_margin(
            PageMargin::new()
                .top(page.margin_top().to_twips())
                .bottom(page.margin_bottom().to_twips())
                .left(page.margin_left().to_twips())
                .right(page.margin_right().to_twips())
                .header(Mm(profile.page_number.top_mm).to_pt().to_twips())
                .footer(page.margin_bottom().to_twips() / 2)
                .gutter(0),
        );
    let (header, first) = headers(profile, &mut ids);
    docx = docx.header(header);
    if let Some(first) = first {
        docx = docx.first_header(first);
    }

    let text_twips = text_width_twips(profile);
    let mut ends_with_table = false;
    for item in &items {
        ends_with_table = matches!(item, Item::Table(_));
        docx = match item {
            Item::Para(p) => docx.add_paragraph(p.to_docx(&mut ids)),
            Item::Table(t) => docx.add_table(t.to_docx(text_twips, &mut ids)),
        };
    }
    if ends_with_table || items.is_empty() {
        // Word wants the body to end with a paragraph; make it as small as possible.
        docx = docx.add_paragraph(spacer(&mut ids));
    }
    package::package(docx.build(), &doc.info)
}

/// The text width in twips, as Word computes it from the page and margins.
fn text_width_twips(profile: &Profile) -> i32 {
    let page = &profile.page;
    page.width().to_twips() - page.margin_left().to_twips() - page.margin_right().to_twips()
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

/// A paragraph, decided but not yet written.
#[derive(Debug, Clone)]
struct Para {
    /// Word style id.
    style_id: String,
    /// Profile style name (None for rules).
    style: Option<String>,
    content: Vec<Inline>,
    keep_next: bool,
    /// Direct spacing overrides (in a table cell).
    space_before: Option<Pt>,
    space_after: Option<Pt>,
    /// Left and right indents in twips (rules).
    indents: Option<(i32, i32)>,
    /// Lines the PDF breaks the paragraph into (0 for rules).
    lines: usize,
}

#[derive(Debug, Clone)]
struct TableItem {
    /// Column widths as fractions of the text width.
    columns: Vec<f64>,
    /// Rows, each of cells, each a flow of items.
    rows: Vec<Vec<Vec<Item>>>,
}

#[derive(Debug, Clone)]
enum Item {
    Para(Para),
    Table(TableItem),
}

/// What a rule needs to know about the paragraph above it (as in layout's flow).
#[derive(Clone, Copy)]
struct Above {
    widest: Pt,
    align: Align,
}

/// Decide the paragraphs and tables of a flow `width` wide, mirroring
/// `layout::flow`: the same rule sizes and the same keeps.
fn flow(blocks: &[Block], profile: &Profile, width: Pt) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut above: Option<Above> = None;
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                let (para, a) = paragraph(p, profile, width);
                above = Some(a);
                items.push(Item::Para(para));
            }
            Block::Rule(r) => {
                let style = &profile.rules[&r.style];
                if let Some(Item::Para(prev)) = items.last_mut() {
                    prev.keep_next = true;
                }
                let (len, align) = match above {
                    Some(a) => (a.widest * style.fraction_of_previous, a.align),
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
                    content: Vec::new(),
                    keep_next: false,
                    space_before: None,
                    space_after: None,
                    indents: Some((left.to_twips(), right.to_twips())),
                    lines: 0,
                }));
            }
            Block::Row(row) => {
                if row.keep_with_previous {
                    keep_last_lines(&mut items);
                }
                let spec = &profile.rows[&row.role];
                let cells = row_cells(row, profile, width);
                // Consecutive rows of one role make one table: adjacent tables would
                // be merged by Word anyway.
                match items.last_mut() {
                    Some(Item::Table(t))
                        if t.columns == spec.columns && !row.keep_with_previous =>
                    {
                        t.rows.push(cells)
                    }
                    _ => items.push(Item::Table(TableItem {
                        columns: spec.columns.clone(),
                        rows: vec![cells],
                    })),
                }
                above = None;
            }
        }
    }
    items
}

fn paragraph(p: &IrParagraph, profile: &Profile, width: Pt) -> (Para, Above) {
    let style = &profile.styles[&p.style];
    let widths = line_widths(p, profile, width);
    let widest = widths.iter().fold(Pt::ZERO, |w, l| w.max(*l));
    (
        Para {
            style_id: styles::paragraph_style_id(&p.style),
            style: Some(p.style.clone()),
            content: p.content.clone(),
            keep_next: false,
            space_before: None,
            space_after: None,
            indents: None,
            lines: widths.len(),
        },
        Above {
            widest,
            align: style.align,
        },
    )
}

/// Keep the last lines before a block that keeps with what precedes it: every
/// paragraph back to the one holding the second-to-last line gets `keepNext`; widow
/// control then moves those lines together, as the PDF does.
fn keep_last_lines(items: &mut [Item]) {
    let mut lines = 0;
    for item in items.iter_mut().rev() {
        if let Item::Para(p) = item {
            p.keep_next = true;
            lines += p.lines;
            if lines >= LINES_KEPT_WITH_SIGNATURE {
                break;
            }
        }
    }
}

/// The cells of a row as flows, with the row's space above moved onto the first
/// paragraph of each cell (a table has no space before), and no space after the last
/// paragraph of a cell (the PDF does not count it; Word and LibreOffice would).
fn row_cells(row: &Row, profile: &Profile, width: Pt) -> Vec<Vec<Item>> {
    let spec = &profile.rows[&row.role];
    row.cells
        .iter()
        .zip(&spec.columns)
        .map(|(cell, fraction)| {
            let mut items = flow(cell, profile, width * *fraction);
            if spec.space_before_pt > 0.0 {
                if let Some(Item::Para(first)) = items.first_mut() {
                    let own = first
                        .style
                        .as_ref()
                        .map_or(Pt::ZERO, |s| profile.styles[s].space_before());
                    first.space_before = Some(own + Pt(spec.space_before_pt));
                }
            }
            if let Some(Item::Para(last)) = items.last_mut() {
                if let Some(s) = &last.style {
                    if profile.styles[s].space_after_pt > 0.0 {
                        last.space_after = Some(Pt::ZERO);
                    }
                }
            }
            items
        })
        .collect()
}

impl Para {
    fn to_docx(&self, ids: &mut ParaIds) -> Paragraph {
        let mut p = Paragraph::new().id(ids.next()).style(&self.style_id);
        if self.keep_next {
            p = p.keep_next(true);
        }
        if self.space_before.is_some() || self.space_after.is_some() {
            let mut s = docx_rs::LineSpacing::new();
            if let Some(b) = self.space_before {
                s = s.before(styles::utwips(b));
            }
            if let Some(a) = self.space_after {
                s = s.after(styles::utwips(a));
            }
            p = p.line_spacing(s);
        }
        if let Some((left, right)) = self.indents {
            p = p.indent(Some(left), None, Some(right), None);
        }
        for inline in &self.content {
            match inline {
                Inline::LineBreak => {
                    p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                }
                Inline::Text(r) if r.text.is_empty() => {}
                Inline::Text(r) => {
                    let mut run = Run::new().add_text(r.text.clone());
                    if r.bold {
                        run = run.bold();
                    }
                    if r.italic {
                        run = run.italic();
                    }
                    if r.underline {
                        run = run.underline("single");
                    }
                    p = p.add_run(run);
                }
            }
        }
        p
    }
}

impl TableItem {
    fn to_docx(&self, width_twips: i32, ids: &mut ParaIds) -> Table {
        // Column widths in twips adding up to the text width exactly.
        let mut grid = Vec::with_capacity(self.columns.len());
        let mut used = 0i32;
        for (i, f) in self.columns.iter().enumerate() {
            let w = if i + 1 == self.columns.len() {
                width_twips - used
            } else {
                (f64::from(width_twips) * f).round() as i32
            };
            used += w;
            grid.push(w.max(0) as usize);
        }
        let rows = self
            .rows
            .iter()
            .map(|cells| {
                let cells = cells
                    .iter()
                    .zip(&grid)
                    .map(|(items, w)| {
                        let mut cell = TableCell::new().width(*w, WidthType::Dxa);
                        let mut any = false;
                        for item in items {
                            if let Item::Para(p) = item {
                                cell = cell.add_paragraph(p.to_docx(ids));
                                any = true;
                            }
                        }
                        if !any {
                            cell = cell.add_paragraph(Paragraph::new().id(ids.next()));
                        }
                        cell
                    })
                    .collect();
                TableRow::new(cells).cant_split()
            })
            .collect();
        Table::new(rows)
            .set_grid(grid)
            .width(width_twips.max(0) as usize, WidthType::Dxa)
            .indent(0)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(0, 0, 0, 0))
            .set_borders(TableBorders::new().clear_all())
    }
}

/// A paragraph as small as Word allows: a 1 pt exact line with a 1 pt mark.
fn spacer(ids: &mut ParaIds) -> Paragraph {
    let mut p = Paragraph::new().id(ids.next());
    p.property = ParagraphProperty::new()
        .line_spacing(styles::spacing(Pt::ZERO, Pt::ZERO, Pt(1.0)))
        .run_property(RunProperty::new().size(styles::TINY_HALF_POINTS));
    p
}

/// The default header (a centred PAGE field) and, when page 1 has no number, an
/// empty first-page header.
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
