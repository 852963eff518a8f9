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

const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// Parse a WordprocessingML part, apply `edit`, put it in schema order.
fn fix(bytes: &[u8], name: &str, edit: impl FnOnce(&mut Element)) -> Result<Vec<u8>, String> {
    let mut part = Part::parse(bytes).map_err(|e| format!("{name}: {e}"))?;
    let declared = part
        .prolog
        .iter()
        .any(|n| matches!(n, Node::Raw(r) if r.starts_with("<?xml ")));
    if !declared {
        part.prolog.insert(0, Node::Raw(DECLARATION.into()));
    }
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
                .attr("w:eastAsia", "vi-VN"),
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

const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// The content type of each part this writer ships.
fn content_type(name: &str) -> Option<String> {
    Some(match name {
        "word/document.xml" => format!("{WML}.document.main+xml"),
        "word/styles.xml" => format!("{WML}.styles+xml"),
        "word/settings.xml" => format!("{WML}.settings+xml"),
        "word/fontTable.xml" => format!("{WML}.fontTable+xml"),
        "word/theme/theme1.xml" => "application/vnd.openxmlformats-officedocument.theme+xml".into(),
        "docProps/core.xml" => "application/vnd.openxmlformats-package.core-properties+xml".into(),
        "docProps/app.xml" => {
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".into()
        }
        n if n.starts_with("word/header") => format!("{WML}.header+xml"),
        n if n.starts_with("word/footer") => format!("{WML}.footer+xml"),
        _ => return None,
    })
}

fn content_types(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#,
    );
    for (name, _) in entries {
        if let Some(ct) = content_type(name) {
            s.push_str(&format!(
                r#"<Override PartName="/{name}" ContentType="{ct}"/>"#
            ));
        }
    }
    s.push_str("</Types>");
    s.into_bytes()
}

fn relationships(rels: &[(String, String, String)]) -> Vec<u8> {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS_NS}">"#
    );
    for (id, kind, target) in rels {
        s.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{kind}" Target="{target}"/>"#
        ));
    }
    s.push_str("</Relationships>");
    s.into_bytes()
}

/// The header and footer relationships docx-rs made (their ids are referenced from
/// the section properties), as (id, type, target).
fn header_footer_rels(document_rels: &[u8]) -> Result<Vec<(String, String, String)>, String> {
    let part = Part::parse(document_rels).map_err(|e| format!("document.xml.rels: {e}"))?;
    Ok(part
        .root
        .elements()
        .filter_map(|r| {
            let kind = r.get_attr("Type")?;
            (kind == format!("{REL}/header") || kind == format!("{REL}/footer")).then(|| {
                (
                    r.get_attr("Id").unwrap_or_default().to_string(),
                    kind.to_string(),
                    r.get_attr("Target").unwrap_or_default().to_string(),
                )
            })
        })
        .collect())
}

/// A small theme whose fonts are the document's, so Word's theme-font pickers agree
/// with the styles; the schema requires a main document to have one.
fn theme_xml() -> Vec<u8> {
    let fill = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let line = format!(r#"<a:ln w="6350">{fill}</a:ln>"#);
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    let font = format!(
        r#"<a:latin typeface="{f}"/><a:ea typeface=""/><a:cs typeface=""/>"#,
        f = crate::fonts::DOCX_FAMILY
    );
    let accents: String = ["4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47"]
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                r#"<a:accent{n}><a:srgbClr val="{c}"/></a:accent{n}>"#,
                n = i + 1
            )
        })
        .collect();
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="vanban"><a:themeElements>"#,
            r#"<a:clrScheme name="vanban"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>"#,
            r#"<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2>"#,
            r#"<a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>{accents}<a:hlink><a:srgbClr val="0563C1"/></a:hlink>"#,
            r#"<a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme>"#,
            r#"<a:fontScheme name="vanban"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont></a:fontScheme>"#,
            r#"<a:fmtScheme name="vanban"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst>"#,
            r#"<a:lnStyleLst>{line}{line}{line}</a:lnStyleLst>"#,
            r#"<a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>"#,
            r#"<a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme>"#,
            r#"</a:themeElements></a:theme>"#
        ),
        accents = accents,
        font = font,
        fill = fill,
        line = line,
        effect = effect
    )
    .into_bytes()
}

/// Zip docx-rs's parts with the fixes above, deterministically. Only the parts the
/// notice uses are shipped (no empty comments, numbering or footnotes), with content
/// types and relationships written to match.
pub fn package(parts: XMLDocx, info: &Info) -> Result<Vec<u8>, String> {
    let mut word: Vec<(String, Vec<u8>)> = vec![
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
        ("word/theme/theme1.xml".into(), theme_xml()),
    ];
    for (i, h) in parts.headers.iter().enumerate() {
        let name = format!("header{}.xml", i + 1);
        word.push((format!("word/{name}"), fix(h, &name, |_| {})?));
    }
    for (i, f) in parts.footers.iter().enumerate() {
        let name = format!("footer{}.xml", i + 1);
        word.push((format!("word/{name}"), fix(f, &name, |_| {})?));
    }

    let mut doc_rels: Vec<(String, String, String)> = vec![
        ("rId1".into(), format!("{REL}/styles"), "styles.xml".into()),
        (
            "rId2".into(),
            format!("{REL}/settings"),
            "settings.xml".into(),
        ),
        (
            "rId3".into(),
            format!("{REL}/fontTable"),
            "fontTable.xml".into(),
        ),
        (
            "rId4".into(),
            format!("{REL}/theme"),
            "theme/theme1.xml".into(),
        ),
    ];
    let hf = header_footer_rels(&parts.document_rels)?;
    for (_, _, target) in &hf {
        if !word.iter().any(|(n, _)| *n == format!("word/{target}")) {
            return Err(format!("docx-rs refers to a missing part: {target}"));
        }
    }
    doc_rels.extend(hf);
    let package_rels = [
        (
            "rId1".to_string(),
            format!("{REL}/officeDocument"),
            "word/document.xml".to_string(),
        ),
        (
            "rId2".into(),
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .into(),
            "docProps/core.xml".into(),
        ),
        (
            "rId3".into(),
            format!("{REL}/extended-properties"),
            "docProps/app.xml".into(),
        ),
    ];

    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("_rels/.rels".into(), relationships(&package_rels)),
        ("docProps/core.xml".into(), core_xml(info)),
        ("docProps/app.xml".into(), app_xml()),
        (
            "word/_rels/document.xml.rels".into(),
            relationships(&doc_rels),
        ),
    ];
    entries.extend(word);
    let types = content_types(&entries);
    entries.insert(0, ("[Content_Types].xml".into(), types));
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
