//! docx-rs, and only here: the elements of the package it models, built with its
//! public API.
//!
//! vanban asks docx-rs for three things, each depending on the profile alone:
//! - a paragraph style (`w:style`) for every profile style and every rule style;
//! - the page headers: the page number as a PAGE field, and the empty first-page
//!   header when page 1 shows no number;
//! - the section properties (`w:sectPr`): page size, margins, header references,
//!   `w:titlePg`.
//!
//! Each is built on its own with [`BuildXML`], then put in schema order by
//! [`xml::normalize`], because docx-rs writes some children in an order the schema
//! (ECMA-376 Part 1, transitional) does not allow: a style's `w:rPr` before its
//! `w:pPr` and its `w:basedOn` last, `w:sz` before `w:rFonts`, `w:jc` before
//! `w:spacing`, an empty `w:rPr` first in every `w:pPr`, the header references after
//! the page size. Word repairs such files silently; strict validators reject them.
//!
//! Everything around these elements is vanban's and written in schema order by the
//! file whose concern it is: the part names and relationship ids of the headers
//! (here, [`HEADERS`]), the styles part with its document defaults (`styles`), the
//! document's root and body (`package`, `body`), settings, fonts, theme, properties,
//! content types and relationships.
//!
//! The tests at the end of this file check what vanban assumes of docx-rs's output, so
//! that an upgrade which changes it fails here, loudly, rather than in a file Word
//! repairs: the root element of each piece, the ids it refers to, and that every
//! element docx-rs writes sits under a parent whose children [`xml::normalize`] knows
//! how to order.

use super::xml::{self, Node, Part};
use crate::profile::{Align, ParagraphStyle, Profile, RuleStyle};
use crate::units::Pt;
use docx_rs::{
    AlignmentType, BorderType, BuildXML, FieldCharType, Header, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, PageMargin, PageSize, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, ParagraphProperty, Run, RunFonts, RunProperty, SectionProperty,
    SpecialIndentType, Style, StyleType,
};

/// The headers' part names (under `word/`) and relationship ids: the default header,
/// then the first page's. vanban names them; docx-rs only writes their content.
pub const HEADERS: [(&str, &str); 2] =
    [("header1.xml", "rIdHeader1"), ("header2.xml", "rIdHeader2")];

/// What docx-rs builds for a profile, in schema order.
pub struct Built {
    /// The `w:style` elements of the profile's paragraph styles, then of its rule
    /// styles, each group in name order, one after the other.
    pub styles: String,
    /// The header parts, in the order of [`HEADERS`].
    pub headers: Vec<HeaderPart>,
    /// The section properties, `<w:sectPr>…</w:sectPr>`.
    pub section: String,
    /// The first `w14:paraId` left for the body (the headers take those before).
    pub first_paragraph_id: u32,
}

/// A header part, ready to be zipped and related from the document.
pub struct HeaderPart {
    /// Part name under `word/`.
    pub name: &'static str,
    /// Relationship id, as the section properties refer to it.
    pub rel_id: &'static str,
    /// The part, in schema order.
    pub xml: Vec<u8>,
}

impl HeaderPart {
    /// Header `i` of [`HEADERS`], from what docx-rs wrote for it.
    fn new(i: usize, header: &Header) -> Result<HeaderPart, String> {
        let (name, rel_id) = HEADERS[i];
        Ok(HeaderPart {
            name,
            rel_id,
            xml: part(&header.build(), "w:hdr")?,
        })
    }
}

/// Build the styles (in the font `family`), headers and section properties of
/// `profile`.
pub fn build(profile: &Profile, family: &str) -> Result<Built, String> {
    let mut styles = String::new();
    for style in paragraph_styles(profile, family) {
        styles.push_str(&element(&style.build(), "w:style")?);
    }
    let mut ids = ParaIds::default();
    let (header, first) = headers(profile, &mut ids);
    let mut built = vec![HeaderPart::new(0, &header)?];
    let mut section = section(profile).header(header, HEADERS[0].1);
    if let Some(first) = first {
        built.push(HeaderPart::new(1, &first)?);
        // Also sets `w:titlePg`: a different first page.
        section = section.first_header(first, HEADERS[1].1);
    }
    Ok(Built {
        styles,
        headers: built,
        section: element(&section.build(), "w:sectPr")?,
        first_paragraph_id: ids.0 + 1,
    })
}

/// A whole part docx-rs wrote (with its XML declaration), parsed, checked to have
/// the root `root`, and put in schema order.
fn part(bytes: &[u8], root: &str) -> Result<Vec<u8>, String> {
    let mut part = Part::parse(bytes).map_err(|e| format!("docx-rs wrote bad XML: {e}"))?;
    let declared = part
        .prolog
        .iter()
        .any(|n| matches!(n, Node::Raw(r) if r.starts_with("<?xml ")));
    if !declared || part.root.name != root {
        return Err(format!(
            "docx-rs no longer writes a {root} part with its XML declaration"
        ));
    }
    xml::normalize(&mut part.root);
    Ok(part.to_bytes())
}

/// One element docx-rs wrote (no declaration), checked to be a `root`, in schema
/// order.
fn element(bytes: &[u8], root: &str) -> Result<String, String> {
    let mut part = Part::parse(bytes).map_err(|e| format!("docx-rs wrote bad XML: {e}"))?;
    if !part.prolog.is_empty() || part.root.name != root {
        return Err(format!("docx-rs no longer writes a lone {root} element"));
    }
    xml::normalize(&mut part.root);
    String::from_utf8(part.to_bytes()).map_err(|e| format!("{root}: {e}"))
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
    let style = super::styles::paragraph_style_id(&profile.page_number.style);
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

/// The page and its margins; the header sits where the profile puts the page number,
/// the footer halfway into the bottom margin.
fn section(profile: &Profile) -> SectionProperty {
    let page = &profile.page;
    SectionProperty::new()
        .page_size(PageSize::new().size(
            page.width().to_twips() as u32,
            page.height().to_twips() as u32,
        ))
        .page_margin(
            PageMargin::new()
                .top(page.margin_top().to_twips())
                .bottom(page.margin_bottom().to_twips())
                .left(page.margin_left().to_twips())
                .right(page.margin_right().to_twips())
                .header(profile.page_number.top.to_pt().to_twips())
                .footer(page.margin_bottom().to_twips() / 2)
                .gutter(0),
        )
}

/// The document's font `family` for every script.
fn run_fonts(family: &str) -> RunFonts {
    RunFonts::new()
        .ascii(family)
        .hi_ansi(family)
        .cs(family)
        .east_asia(family)
}

fn alignment(a: Align) -> AlignmentType {
    match a {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        // `both`: Word's justification. `Justified` writes an invalid value.
        Align::Justify => AlignmentType::Both,
    }
}

/// Exact line pitch with the given space before and after.
fn spacing(before: Pt, after: Pt, line: Pt) -> LineSpacing {
    use super::styles::utwips;
    LineSpacing::new()
        .before(utwips(before))
        .after(utwips(after))
        .line(line.to_twips())
        .line_rule(LineSpacingType::Exact)
}

fn paragraph_style(name: &str, s: &ParagraphStyle, family: &str) -> Style {
    let mut ppr = ParagraphProperty::new()
        .align(alignment(s.align))
        .line_spacing(spacing(s.space_before(), s.space_after(), s.line_height()));
    if s.first_line_indent() != Pt::ZERO {
        let indent = s.first_line_indent().to_twips();
        ppr = ppr.indent(
            Some(0),
            Some(SpecialIndentType::FirstLine(indent)),
            None,
            None,
        );
    }
    if s.keep_with_next {
        ppr = ppr.keep_next(true);
    }
    let mut rpr = RunProperty::new()
        .fonts(run_fonts(family))
        .size(s.size().to_half_points());
    if s.bold {
        rpr = rpr.bold();
    }
    if s.italic {
        rpr = rpr.italic();
    }
    if s.underline {
        rpr = rpr.underline("single");
    }
    let mut style = Style::new(
        super::styles::paragraph_style_id(name),
        StyleType::Paragraph,
    )
    .name(format!("vanban {name}"))
    .based_on("Normal");
    style.paragraph_property = ppr;
    style.run_property = rpr;
    style
}

/// The paragraph properties that draw a rule: an exact line as tall as the gap above
/// the rule, a bottom border as thick as the rule, then the gap below. Together they
/// are exactly as tall as the PDF's rule box.
fn rule_style(name: &str, r: &RuleStyle, family: &str) -> Style {
    // Border widths are in eighths of a point; Word's minimum is 2.
    let size = ((r.thickness().0 * 8.0).round() as usize).max(2);
    let border = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .val(BorderType::Single)
        .size(size)
        .space(0)
        .color("auto");
    let ppr = ParagraphProperty::new()
        .align(AlignmentType::Left)
        .line_spacing(spacing(Pt::ZERO, r.space_after(), r.space_before()))
        .keep_next(true)
        .set_borders(ParagraphBorders::with_empty().set(border));
    let rpr = RunProperty::new()
        .fonts(run_fonts(family))
        .size(super::styles::TINY_HALF_POINTS);
    let mut style = Style::new(super::styles::rule_style_id(name), StyleType::Paragraph)
        .name(format!("vanban rule {name}"))
        .based_on("Normal");
    style.paragraph_property = ppr;
    style.run_property = rpr;
    style
}

/// Every style of the profile, paragraph styles first, each group in name order.
fn paragraph_styles(profile: &Profile, family: &str) -> Vec<Style> {
    let mut out: Vec<Style> = profile
        .styles
        .iter()
        .map(|(name, s)| paragraph_style(name, s, family))
        .collect();
    out.extend(
        profile
            .rules
            .iter()
            .map(|(name, r)| rule_style(name, r, family)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::xml::Element;

    /// A profile that uses every property vanban asks docx-rs for: bold, italic,
    /// underline, an indent, keep-with-next, a rule; and a first page without a
    /// number.
    fn every_property() -> Profile {
        let mut p = Profile::builtin("hd36").expect("built-in");
        let body = p.styles.get_mut("body").expect("hd36 has a body style");
        body.bold = true;
        body.italic = true;
        body.underline = true;
        body.keep_with_next = true;
        body.first_line_indent = crate::units::Mm(12.7);
        assert!(p.page_number.first_numbered_page > 1);
        assert!(!p.rules.is_empty());
        p
    }

    /// What docx-rs wrote, before any reordering: the styles, the headers, the
    /// section properties.
    fn raw(profile: &Profile) -> Vec<Element> {
        let mut ids = ParaIds::default();
        let (header, first) = headers(profile, &mut ids);
        let first = first.expect("a first-page header");
        let mut out: Vec<Element> = paragraph_styles(profile, "Times New Roman")
            .iter()
            .map(|s| Part::parse(&s.build()).unwrap().root)
            .collect();
        out.push(Part::parse(&header.build()).unwrap().root);
        out.push(Part::parse(&first.build()).unwrap().root);
        let section = section(profile)
            .header(header, HEADERS[0].1)
            .first_header(first, HEADERS[1].1);
        out.push(Part::parse(&section.build()).unwrap().root);
        out
    }

    /// Parents whose children docx-rs writes in content order (nothing to sort):
    /// a header's paragraphs, a border's sides.
    const CONTENT: &[&str] = &["w:hdr", "w:pBdr"];

    /// Every element docx-rs writes that has more than one child element sits under
    /// a parent whose child order [`xml::normalize`] knows, and (for the parents
    /// ordered by a full list, not only by their first child) is named in it: a new
    /// element docx-rs starts to write would otherwise be put last, perhaps against
    /// the schema, with no error anywhere.
    #[test]
    fn every_element_docx_rs_writes_has_a_known_place() {
        fn check(el: &Element, path: &str, unplaced: &mut Vec<String>) {
            let path = format!("{path}/{}", el.name);
            let children: Vec<&Element> = el.elements().collect();
            if children.len() > 1 && !CONTENT.contains(&el.name.as_str()) {
                match xml::order_of(&el.name) {
                    None => unplaced.push(format!("{path}: no child order")),
                    Some(order) if !xml::pins_first_only(&el.name) => {
                        for c in &children {
                            if !order.contains(&c.name.as_str()) {
                                unplaced.push(format!("{path}/{}", c.name));
                            }
                        }
                    }
                    Some(_) => {}
                }
            }
            for c in children {
                check(c, &path, unplaced);
            }
        }
        let mut unplaced = Vec::new();
        for root in raw(&every_property()) {
            check(&root, "", &mut unplaced);
        }
        unplaced.sort();
        unplaced.dedup();
        assert!(
            unplaced.is_empty(),
            "docx-rs writes elements whose place vanban does not know: {unplaced:?}"
        );
    }

    /// The pieces are what the package refers to: a style per profile style with
    /// vanban's id, headers whose paragraphs carry vanban's ids, section properties
    /// that refer to the headers by the ids vanban gave them.
    #[test]
    fn pieces_are_what_the_package_refers_to() {
        let profile = every_property();
        let built = build(&profile, "Liberation Serif").unwrap();
        let styles = Part::parse(format!("<w:styles>{}</w:styles>", built.styles).as_bytes())
            .unwrap()
            .root;
        let ids: Vec<&str> = styles
            .elements()
            .map(|s| {
                assert_eq!(s.name, "w:style");
                s.get_attr("w:styleId").unwrap()
            })
            .collect();
        let mut expected: Vec<String> = profile
            .styles
            .keys()
            .map(|n| super::super::styles::paragraph_style_id(n))
            .collect();
        expected.extend(
            profile
                .rules
                .keys()
                .map(|n| super::super::styles::rule_style_id(n)),
        );
        assert_eq!(ids, expected);
        // Every style names the family it was given, for every script.
        for s in styles.elements() {
            let rpr = s.elements().find(|e| e.name == "w:rPr").unwrap();
            let fonts = rpr.elements().find(|e| e.name == "w:rFonts").unwrap();
            for script in ["w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"] {
                assert_eq!(fonts.get_attr(script), Some("Liberation Serif"));
            }
        }
        // A style's paragraph properties hold no run properties (CT_PPrGeneral).
        for s in styles.elements() {
            let ppr = s.elements().find(|e| e.name == "w:pPr").unwrap();
            assert!(
                ppr.elements().all(|e| e.name != "w:rPr"),
                "{}",
                built.styles
            );
        }

        assert_eq!(built.headers.len(), 2);
        let mut para = 0;
        for (i, h) in built.headers.iter().enumerate() {
            assert_eq!((h.name, h.rel_id), HEADERS[i]);
            let part = Part::parse(&h.xml).unwrap();
            assert_eq!(part.root.name, "w:hdr");
            for p in part.root.elements() {
                para += 1;
                assert_eq!(
                    p.get_attr("w14:paraId"),
                    Some(format!("{para:08X}").as_str())
                );
                assert_eq!(p.elements().next().map(|e| e.name.as_str()), Some("w:pPr"));
            }
        }
        assert_eq!(built.first_paragraph_id, para + 1);

        let section = Part::parse(built.section.as_bytes()).unwrap().root;
        let names: Vec<&str> = section.elements().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "w:headerReference",
                "w:headerReference",
                "w:pgSz",
                "w:pgMar",
                "w:cols",
                "w:titlePg"
            ]
        );
        let refs: Vec<(&str, &str)> = section
            .elements()
            .filter(|e| e.name == "w:headerReference")
            .map(|e| (e.get_attr("w:type").unwrap(), e.get_attr("r:id").unwrap()))
            .collect();
        assert_eq!(refs, [("default", HEADERS[0].1), ("first", HEADERS[1].1)]);
    }

    /// A profile that numbers page 1 gets one header and no `w:titlePg`.
    #[test]
    fn a_numbered_first_page_has_one_header() {
        let mut profile = Profile::builtin("nd30").unwrap();
        profile.page_number.first_numbered_page = 1;
        let built = build(&profile, "Times New Roman").unwrap();
        assert_eq!(built.headers.len(), 1);
        assert_eq!(built.first_paragraph_id, 2);
        assert!(!built.section.contains("w:titlePg"), "{}", built.section);
        assert!(!built.section.contains(HEADERS[1].1), "{}", built.section);
    }
}
