//! The body of `word/document.xml`, written straight to XML in schema order.
//!
//! The decisions are made in the parent module (which paragraphs keep together, how
//! a rule is indented...); this writes them. Building the body through docx-rs, then
//! parsing it back to put its elements in schema order, cost more than everything
//! else in the DOCX writer; writing the same elements in order directly gives the
//! same XML for a fraction of it. The document's start (namespaces, `package`) and end
//! (section properties, from docx-rs in `docx_rs`) are made once per profile.
//!
//! The signature and seal images are floating pictures (`wp:anchor`, no text wrap)
//! anchored to the first paragraph in the profile's `signature.anchor_style` (the
//! signer's name) and placed by [`place_signing`] in the gap above it, as in the PDF.

use super::{styles, text_width_twips, Node, Para, Table};
use crate::document::Inline;
use crate::input::image::{Picture, Signing};
use crate::layout::Area;
use crate::profile::Profile;
use crate::units::Pt;
use std::fmt::Write;

/// A picture file of the package, referenced from the document.
#[derive(Debug, Clone)]
pub struct Media<'a> {
    /// Relationship id, unique in `document.xml.rels`.
    pub rel_id: &'static str,
    /// Target relative to `word/`.
    pub target: &'static str,
    /// The PNG exactly as given.
    pub png: &'a [u8],
}

/// The two pictures of the signing block, in drawing order (the seal over the
/// signature, as the PDF stamps it).
#[derive(Debug, Clone, Copy)]
enum Kind {
    Signature,
    Seal,
}

impl Kind {
    fn rel_id(self) -> &'static str {
        match self {
            Kind::Signature => "rIdSignature",
            Kind::Seal => "rIdSeal",
        }
    }
    fn target(self) -> &'static str {
        match self {
            Kind::Signature => "media/signature.png",
            Kind::Seal => "media/seal.png",
        }
    }
    /// Drawing id (unique among the document's drawings) and name.
    fn id_and_name(self) -> (u32, &'static str) {
        match self {
            Kind::Signature => (1, "Signature"),
            Kind::Seal => (2, "Seal"),
        }
    }
    /// Alternative text.
    fn description(self) -> &'static str {
        match self {
            Kind::Signature => "Chữ ký của người có thẩm quyền / Signature of the signer",
            Kind::Seal => "Con dấu của cơ quan, tổ chức / Seal of the issuing body",
        }
    }
    /// Stacking order among floating objects: higher is in front.
    fn z(self) -> u32 {
        match self {
            Kind::Signature => 251_659_264,
            Kind::Seal => 251_660_288,
        }
    }
}

/// Writes the body of one document.
pub struct Writer<'a> {
    profile: &'a Profile,
    signing: &'a Signing,
    out: String,
    /// The next `w14:paraId`.
    next_id: u32,
    /// The pictures the document refers to, in order.
    pub media: Vec<Media<'a>>,
    /// Whether the signing pictures have been placed (on the first anchor only).
    signed: bool,
}

impl<'a> Writer<'a> {
    /// A writer whose paragraph ids start at `first_id` (the headers take those
    /// before).
    pub fn new(profile: &'a Profile, signing: &'a Signing, first_id: u32) -> Writer<'a> {
        Writer {
            profile,
            signing,
            out: String::new(),
            next_id: first_id,
            media: Vec::new(),
            signed: false,
        }
    }

    /// The whole `document.xml`: `start` (up to `<w:body>`), the items, `end` (the
    /// section properties and the closing tags).
    pub fn document(&mut self, start: &str, items: &[Node], end: &str) -> String {
        self.out = String::with_capacity(start.len() + end.len() + 16 * 1024);
        self.out.push_str(start);
        self.items(items);
        if matches!(items.last(), None | Some(Node::Table(_))) {
            // Word wants the body to end with a paragraph; make it as small as possible.
            self.spacer();
        }
        self.out.push_str(end);
        std::mem::take(&mut self.out)
    }

    fn items(&mut self, items: &[Node]) {
        for item in items {
            match item {
                Node::Para(p) => self.paragraph(p),
                Node::Table(t) => self.table(t),
                Node::PageBreak => self.page_break(),
            }
        }
    }

    fn id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn open_paragraph(&mut self) {
        let id = self.id();
        let _ = write!(self.out, r#"<w:p w14:paraId="{id:08X}">"#);
    }

    fn paragraph(&mut self, p: &Para) {
        self.open_paragraph();
        let out = &mut self.out;
        let _ = write!(out, r#"<w:pPr><w:pStyle w:val="{}"/>"#, p.style_id);
        if p.keep_next {
            out.push_str("<w:keepNext/>");
        }
        if p.keep_lines {
            out.push_str("<w:keepLines/>");
        }
        if p.space_before.is_some() || p.space_after.is_some() {
            out.push_str("<w:spacing");
            if let Some(b) = p.space_before {
                let _ = write!(out, r#" w:before="{}""#, styles::utwips(b));
            }
            if let Some(a) = p.space_after {
                let _ = write!(out, r#" w:after="{}""#, styles::utwips(a));
            }
            out.push_str("/>");
        }
        if let Some((left, right)) = p.indents {
            let _ = write!(out, r#"<w:ind w:left="{left}" w:right="{right}"/>"#);
        }
        out.push_str("<w:rPr/></w:pPr>");
        if !self.signed && p.signing.is_some() {
            self.signed = true;
            self.signing_pictures(p);
        }
        let out = &mut self.out;
        for inline in p.content {
            match inline {
                Inline::LineBreak => {
                    out.push_str(r#"<w:r><w:rPr/><w:br w:type="textWrapping"/></w:r>"#);
                }
                Inline::Text(r) if r.text.is_empty() => {}
                Inline::Text(r) => {
                    out.push_str("<w:r>");
                    if r.bold || r.italic || r.underline {
                        out.push_str("<w:rPr>");
                        if r.bold {
                            out.push_str("<w:b/><w:bCs/>");
                        }
                        if r.italic {
                            out.push_str("<w:i/><w:iCs/>");
                        }
                        if r.underline {
                            out.push_str(r#"<w:u w:val="single"/>"#);
                        }
                        out.push_str("</w:rPr>");
                    } else {
                        out.push_str("<w:rPr/>");
                    }
                    out.push_str(r#"<w:t xml:space="preserve">"#);
                    crate::util::xmlesc::escape_into(out, &r.text);
                    out.push_str("</w:t></w:r>");
                }
            }
        }
        self.out.push_str("</w:p>");
    }

    fn table(&mut self, t: &Table) {
        let width_twips = text_width_twips(self.profile);
        // Column widths in twips adding up to the text width exactly.
        let mut grid = Vec::with_capacity(t.columns.len());
        let mut used = 0i32;
        for (i, f) in t.columns.iter().enumerate() {
            let w = if i + 1 == t.columns.len() {
                width_twips - used
            } else {
                (f64::from(width_twips) * f).round() as i32
            };
            used += w;
            grid.push(w.max(0));
        }
        let nil = r#" w:val="nil" w:sz="2" w:space="0" w:color="000000"/>"#;
        let zero = r#" w:w="0" w:type="dxa"/>"#;
        let out = &mut self.out;
        let _ = write!(
            out,
            concat!(
                r#"<w:tbl><w:tblPr><w:tblW w:w="{w}" w:type="dxa"/><w:jc w:val="left"/>"#,
                r#"<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>"#,
                "<w:top{nil}<w:left{nil}<w:bottom{nil}<w:right{nil}<w:insideH{nil}<w:insideV{nil}",
                r#"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>"#,
                "<w:top{zero}<w:left{zero}<w:bottom{zero}<w:right{zero}",
                "</w:tblCellMar></w:tblPr><w:tblGrid>"
            ),
            w = width_twips.max(0),
            nil = nil,
            zero = zero
        );
        for w in &grid {
            let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
        }
        out.push_str("</w:tblGrid>");
        for row in &t.rows {
            self.out.push_str(if row.can_split {
                "<w:tr>"
            } else {
                "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            });
            for (items, w) in row.cells.iter().zip(&grid) {
                let _ = write!(
                    self.out,
                    r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>"#
                );
                let mut any = false;
                for item in items {
                    if let Node::Para(p) = item {
                        self.paragraph(p);
                        any = true;
                    }
                }
                if !any {
                    // A cell must hold a paragraph; an empty one (the signature's
                    // cell on the pages a Nơi nhận list continues on) must not make
                    // the row taller than the PDF's.
                    self.spacer();
                }
                self.out.push_str("</w:tc>");
            }
            self.out.push_str("</w:tr>");
        }
        self.out.push_str("</w:tbl>");
    }

    /// A paragraph as small as it can be: an exact line of one twip (1/20 pt) with a
    /// 1 pt mark. It must not need room of its own: after a closing row that fills a
    /// page to its last point (a long Nơi nhận list), even a 1 pt line would make
    /// LibreOffice start a page the PDF does not have.
    fn spacer(&mut self) {
        self.open_paragraph();
        let _ = write!(
            self.out,
            r#"<w:pPr><w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/><w:rPr><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr></w:pPr></w:p>"#,
            line = 1,
            sz = styles::TINY_HALF_POINTS
        );
    }

    /// An empty paragraph that starts a page, with no room of its own (see
    /// [`Writer::spacer`]).
    fn page_break(&mut self) {
        self.open_paragraph();
        let _ = write!(
            self.out,
            r#"<w:pPr><w:pageBreakBefore/><w:spacing w:before="0" w:after="0" w:line="1" w:lineRule="exact"/><w:rPr><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr></w:pPr></w:p>"#,
            sz = styles::TINY_HALF_POINTS
        );
    }

    /// The signature and seal of the document, anchored to `p` (the signer's name)
    /// where the PDF draws them.
    fn signing_pictures(&mut self, p: &Para) {
        let (Some(style), Some((area, placed))) = (p.style, p.signing) else {
            return;
        };
        // Word and LibreOffice measure a position relative to the paragraph from the
        // top of its space before (here the style's, plus a row's space above when
        // the name opens a cell), and relative to the column from the left edge of
        // the cell the paragraph is in.
        let top = -p.space_before.unwrap_or_else(|| style.space_before());
        let signing = self.signing;
        for (kind, picture, at) in [
            (Kind::Signature, &signing.signature, placed.signature),
            (Kind::Seal, &signing.seal, placed.seal),
        ] {
            if let (Some(picture), Some(at)) = (picture, at) {
                let offset = Area {
                    x: at.x - area.x,
                    y: at.y - top,
                    ..at
                };
                anchor(&mut self.out, kind, offset);
                self.media.push(media(kind, picture));
            }
        }
    }
}

fn media(kind: Kind, picture: &Picture) -> Media<'_> {
    Media {
        rel_id: kind.rel_id(),
        target: kind.target(),
        png: &picture.png,
    }
}

/// EMUs (DrawingML's unit: 12,700 to the point, 36,000 to the millimetre).
pub fn emu(p: Pt) -> i64 {
    (p.0 * 12_700.0).round() as i64
}

/// A run holding a floating picture: in front of the text, no wrapping, laid out in
/// its table cell, `at` giving its offset from the column (x) and the paragraph (y)
/// and its size.
fn anchor(out: &mut String, kind: Kind, at: Area) {
    let (id, name) = kind.id_and_name();
    let (cx, cy) = (emu(at.width), emu(at.height));
    let _ = write!(
        out,
        concat!(
            "<w:r><w:drawing>",
            r#"<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{z}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">"#,
            r#"<wp:simplePos x="0" y="0"/>"#,
            r#"<wp:positionH relativeFrom="column"><wp:posOffset>{x}</wp:posOffset></wp:positionH>"#,
            r#"<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV>"#,
            r#"<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>"#,
            r#"<wp:docPr id="{id}" name="{name}" descr="{descr}"/>"#,
            r#"<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>"#,
            r#"<a:graphic xmlns:a="{A}"><a:graphicData uri="{PIC}"><pic:pic xmlns:pic="{PIC}">"#,
            r#"<pic:nvPicPr><pic:cNvPr id="{id}" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>"#,
            r#"<pic:blipFill><a:blip r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"#,
            r#"<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>"#,
            r#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>"#,
            "</pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
        ),
        z = kind.z(),
        x = emu(at.x),
        y = emu(at.y),
        cx = cx,
        cy = cy,
        id = id,
        name = name,
        descr = kind.description(),
        rel = kind.rel_id(),
        A = "http://schemas.openxmlformats.org/drawingml/2006/main",
        PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emus_are_rounded() {
        assert_eq!(emu(Pt(1.0)), 12_700);
        assert_eq!(emu(crate::units::Mm(38.0).to_pt()), 38 * 36_000);
    }
}
