//! From docx-rs's parts to the bytes of the file.
//!
//! Three jobs:
//! - **Schema order.** Every WordprocessingML part is parsed and its property
//!   elements put in the order the schema requires ([`xml::normalize`]).
//! - **What docx-rs cannot say.** Kerning off and the Vietnamese language in the
//!   document defaults, widow control, and the core properties (title, creator,
//!   subject, keywords, dates), which docx-rs can only partly set.
//! - **Determinism.** The zip is written here, not by docx-rs: a fixed entry order, a
//!   fixed DOS time stamp, fixed compression, no directory entries; the only dates
//!   inside are the notice's date of issue.

use super::xml::{self, Element, Node, Part};
use crate::document::Info;
use docx_rs::XMLDocx;
use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Parse a WordprocessingML part, apply `edit`, put it in schema order.
fn fix(bytes: &[u8], name: &str, edit: impl FnOnce(&mut Element)) -> Result<Vec<u8>, String> {
    let mut part = Part::parse(bytes).map_err(|e| format!("{name}: {e}"))?;
    edit(&mut part.root);
    xml::normalize(&mut part.root);
    Ok(part.to_bytes())
}

/// Document defaults docx-rs has no setter for.
fn edit_styles(root: &mut Element) {
    if let Some(defaults) = root.child_mut("w:docDefaults") {
        let rpr = defaults
            .child_or_insert("w:rPrDefault")
            .child_or_insert("w:rPr");
        // No pair kerning: the PDF places glyphs by their advances alone, and
        // LibreOffice kerns by default unless told otherwise.
        rpr.remove_children("w:kern");
        rpr.children
            .push(Node::Element(Element::new("w:kern").attr("w:val", "0")));
        rpr.remove_children("w:lang");
        rpr.children.push(Node::Element(
            Element::new("w:lang")
                .attr("w:val", "vi-VN")
                .attr("w:eastAsia", "vi-VN")
                .attr("w:bidi", "ar-SA"),
        ));
        let ppr = defaults
            .child_or_insert("w:pPrDefault")
            .child_or_insert("w:pPr");
        // Two-line widow and orphan control, as the PDF's pagination.
        ppr.remove_children("w:widowControl");
        ppr.children
            .push(Node::Element(Element::new("w:widowControl")));
    }
}

/// Compatibility settings.
fn edit_settings(root: &mut Element) {
    if let Some(compat) = root.child_mut("w:compat") {
        // An East Asian layout option that changes the width of spaces in LibreOffice.
        compat.remove_children("w:balanceSingleByteDoubleByteWidth");
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids never reach here (input is validated), but
            // drop them rather than write an unreadable part.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The core properties: the notice's own facts, its date of issue as the only date.
fn core_xml(info: &Info) -> Vec<u8> {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    );
    let mut el = |name: &str, value: &str| {
        if !value.is_empty() {
            s.push_str(&format!("<{name}>{}</{name}>", escape(value)));
        }
    };
    el("dc:title", &info.title);
    el("dc:subject", &info.subject);
    el("dc:creator", &info.author);
    el("cp:keywords", &info.keywords.join(", "));
    el("cp:lastModifiedBy", &info.author);
    el("cp:revision", "1");
    if let Some(d) = info.date {
        // Midnight in Vietnam (UTC+7), as in the PDF's dates.
        let when = format!("{:04}-{:02}-{:02}T00:00:00+07:00", d.year, d.month, d.day);
        for name in ["dcterms:created", "dcterms:modified"] {
            s.push_str(&format!(
                r#"<{name} xsi:type="dcterms:W3CDTF">{when}</{name}>"#
            ));
        }
    }
    s.push_str("</cp:coreProperties>");
    s.into_bytes()
}

fn app_xml() -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>vanban</Application><AppVersion>{}</AppVersion></Properties>"#,
        app_version()
    )
    .into_bytes()
}

/// AppVersion must look like `XX.YYYY`.
fn app_version() -> String {
    let major: u32 = env!("CARGO_PKG_VERSION_MAJOR").parse().unwrap_or(0);
    let minor: u32 = env!("CARGO_PKG_VERSION_MINOR").parse().unwrap_or(0);
    format!("{major:02}.{minor:04}")
}

/// Zip `xml` with the fixes above, deterministically.
pub fn package(parts: XMLDocx, info: &Info) -> Result<Vec<u8>, String> {
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), parts.content_type),
        ("_rels/.rels".into(), parts.rels),
        ("docProps/app.xml".into(), app_xml()),
        ("docProps/core.xml".into(), core_xml(info)),
        ("docProps/custom.xml".into(), parts.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), parts.document_rels),
        (
            "word/document.xml".into(),
            fix(&parts.document, "document.xml", |_| {})?,
        ),
        (
            "word/styles.xml".into(),
            fix(&parts.styles, "styles.xml", edit_styles)?,
        ),
        (
            "word/settings.xml".into(),
            fix(&parts.settings, "settings.xml", edit_settings)?,
        ),
        ("word/fontTable.xml".into(), parts.font_table),
        ("word/comments.xml".into(), parts.comments),
        ("word/numbering.xml".into(), parts.numberings),
        ("word/commentsExtended.xml".into(), parts.comments_extended),
        ("word/footnotes.xml".into(), parts.footnotes),
    ];
    for (i, h) in parts.headers.iter().enumerate() {
        let name = format!("header{}.xml", i + 1);
        entries.push((format!("word/{name}"), fix(h, &name, |_| {})?));
        if let Some(rels) = parts.header_rels.get(i) {
            entries.push((format!("word/_rels/{name}.rels"), rels.clone()));
        }
    }
    for (i, f) in parts.footers.iter().enumerate() {
        let name = format!("footer{}.xml", i + 1);
        entries.push((format!("word/{name}"), fix(f, &name, |_| {})?));
        if let Some(rels) = parts.footer_rels.get(i) {
            entries.push((format!("word/_rels/{name}.rels"), rels.clone()));
        }
    }
    debug_assert!(entries
        .iter()
        .all(|(n, b)| !n.ends_with(".xml") || !b.is_empty()));
    let _ = W_NS;
    zip(entries)
}

/// A zip with entries in the given order, all stamped 1980-01-01 00:00.
fn zip(entries: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, String> {
    let err = |e: zip::result::ZipError| format!("cannot write the zip: {e}");
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(name, options).map_err(err)?;
        zip.write_all(&bytes)
            .map_err(|e| format!("cannot write the zip: {e}"))?;
    }
    Ok(zip.finish().map_err(err)?.into_inner())
}
