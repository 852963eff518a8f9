//! From the parts to the bytes of the file.
//!
//! Four jobs:
//! - **Schema order.** Every WordprocessingML part docx-rs writes is parsed and its
//!   property elements put in the order the schema requires ([`xml::normalize`]).
//! - **What docx-rs cannot say.** Kerning off and the Vietnamese language in the
//!   document defaults, widow control, the pictures and their relationships, and the
//!   core properties (title, creator, subject, keywords, dates), which docx-rs can
//!   only partly set.
//! - **Once per profile.** Everything but the body and the core properties depends on
//!   the profile alone: it is built, fixed and compressed on first use and kept for
//!   the life of the process ([`profile_parts`]).
//! - **Determinism.** The zip is written here, not by docx-rs: a fixed entry order, a
//!   fixed DOS time stamp, fixed compression, no directory entries; the only dates
//!   inside are the notice's date of issue.

use super::archive::{self, Entry};
use super::body::Media;
use super::xml::{self, Element, Node, Part};
use super::{styles, ParaIds};
use crate::document::Info;
use crate::profile::{PageNumber, PageSetup, ParagraphStyle, Profile, RuleStyle};
use docx_rs::{Docx, PageMargin};
use std::hash::Hasher;
use std::sync::{Arc, Mutex, OnceLock};

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

/// The core properties: the notice's own facts, its date of issue as the only date.
fn core_xml(info: &Info) -> Vec<u8> {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    );
    let mut el = |name: &str, value: &str| {
        if !value.is_empty() {
            s.push_str(&format!(
                "<{name}>{}</{name}>",
                crate::xmlesc::escape(value)
            ));
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

/// `[Content_Types].xml` for the parts `names` (in order), with PNG pictures or not.
fn content_types<'a>(names: impl Iterator<Item = &'a str>, png: bool) -> Vec<u8> {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#,
    );
    if png {
        s.push_str(r#"<Default Extension="png" ContentType="image/png"/>"#);
    }
    for name in names {
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

/// Deflate level of the one part compressed for every notice, `document.xml`.
/// Measured with zlib-rs on the 2-page fixture's 14 KB of XML: level 6 gives 3.4 KB
/// for about 1.0 M instructions, level 2 3.7 KB for 0.6 M, level 1 4.6 KB for 0.3 M.
/// Level 1 made a 1,000-notice batch (PDF+DOCX) 11% faster for 0.9 KB more a file.
const DOCUMENT_LEVEL: u32 = 1;

/// What every notice of one profile shares, ready to be zipped.
pub struct ProfileParts {
    /// `w14:paraId` of the body's first paragraph (the headers take those before).
    pub first_paragraph_id: u32,
    /// `document.xml` up to and including `<w:body>`.
    pub document_start: String,
    /// `document.xml` from the section properties to the end.
    pub document_end: String,
    /// The parts after `document.xml`: styles, settings, fonts, theme, headers.
    word: Vec<Entry>,
    package_rels: Entry,
    app: Entry,
    /// `document.xml.rels` and `[Content_Types].xml` of a notice without pictures.
    document_rels: Entry,
    content_types: Entry,
    /// The relationships of `document.xml` before any picture's.
    rels: Vec<(String, String, String)>,
}

/// The parts of `profile`, made on first use and kept for the process. A profile is
/// known by its id and a digest of what its parts depend on ([`digest`]), so a
/// profile loaded from a file, or changed by a test, under a built-in id is never
/// confused with the built-in one.
pub fn profile_parts(profile: &Profile) -> Result<Arc<ProfileParts>, String> {
    /// Profiles kept; more than this (only a long-running process loading profiles
    /// over and over could have them) evicts the oldest.
    const KEEP: usize = 16;
    type Cache = Mutex<Vec<((String, u64), Arc<ProfileParts>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = (profile.id.clone(), digest(profile));
    let cache = CACHE.get_or_init(Default::default);
    let found = cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, parts)| parts.clone());
    if let Some(parts) = found {
        return Ok(parts);
    }
    // Built outside the lock: two threads may both build the same parts (the same
    // bytes) the first time; neither waits for the other.
    let parts = Arc::new(build(profile)?);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if !cache.iter().any(|(k, _)| *k == key) {
        if cache.len() >= KEEP {
            cache.remove(0);
        }
        cache.push((key, parts.clone()));
    }
    Ok(parts)
}

/// A 64-bit FNV-1a digest of what the parts of a profile depend on: the page, the
/// page number, the paragraph and rule styles. Every field is named (no `..`), so a
/// field added to one of these structures does not compile until it is considered
/// here.
fn digest(profile: &Profile) -> u64 {
    let mut h = crate::digest::Fnv::new();
    h.str(&profile.id);
    let PageSetup {
        width,
        height,
        margin_top,
        margin_bottom,
        margin_left,
        margin_right,
    } = &profile.page;
    for v in [
        width,
        height,
        margin_top,
        margin_bottom,
        margin_left,
        margin_right,
    ] {
        h.f64(v.0);
    }
    let PageNumber {
        style,
        first_numbered_page,
        top,
    } = &profile.page_number;
    h.str(style);
    h.write(&(*first_numbered_page as u64).to_le_bytes());
    h.f64(top.0);
    for (name, s) in &profile.styles {
        let ParagraphStyle {
            size,
            bold,
            italic,
            underline,
            align,
            first_line_indent,
            space_before,
            space_after,
            line_height,
            keep_with_next,
            // Underlines are drawn by the word processor, not from this geometry.
            underline_geometry: _,
        } = s;
        h.str(name);
        for v in [
            size.0,
            first_line_indent.0,
            space_before.0,
            space_after.0,
            line_height.0,
        ] {
            h.f64(v);
        }
        h.write(&[
            u8::from(*bold),
            u8::from(*italic),
            u8::from(*underline),
            u8::from(*keep_with_next),
            *align as u8,
        ]);
    }
    h.write(b"rules");
    for (name, r) in &profile.rules {
        let RuleStyle {
            fraction_of_previous,
            thickness,
            space_before,
            space_after,
        } = r;
        h.str(name);
        for v in [
            *fraction_of_previous,
            thickness.0,
            space_before.0,
            space_after.0,
        ] {
            h.f64(v);
        }
    }
    h.str(&profile.font.family);
    h.finish()
}

/// Build, fix and compress the parts of `profile` with docx-rs.
fn build(profile: &Profile) -> Result<ProfileParts, String> {
    let page = &profile.page;
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
                .header(profile.page_number.top.to_pt().to_twips())
                .footer(page.margin_bottom().to_twips() / 2)
                .gutter(0),
        );
    let mut ids = ParaIds::default();
    let (header, first) = super::headers(profile, &mut ids);
    docx = docx.header(header);
    if let Some(first) = first {
        docx = docx.first_header(first);
    }
    let parts = docx.build();

    // The document without a body: its start and its section properties.
    let document = String::from_utf8(fix(&parts.document, "document.xml", |_| {})?)
        .map_err(|e| format!("document.xml: {e}"))?;
    let body = document
        .find("<w:body>")
        .map(|i| i + "<w:body>".len())
        .ok_or("docx-rs wrote no <w:body>")?;
    let sect = document[body..]
        .find("<w:sectPr")
        .map(|i| body + i)
        .ok_or("docx-rs wrote no section properties")?;
    if sect != body {
        return Err("docx-rs wrote content into an empty body".into());
    }

    let mut word: Vec<(String, Vec<u8>)> = vec![
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

    let mut rels: Vec<(String, String, String)> = vec![
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
    rels.extend(hf);
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

    let level = archive::LEVEL_ONCE;
    let names: Vec<String> = word.iter().map(|(n, _)| n.clone()).collect();
    let types = content_types(part_names(&names), false);
    Ok(ProfileParts {
        first_paragraph_id: ids.0 + 1,
        document_start: document[..body].to_string(),
        document_end: document[sect..].to_string(),
        word: word
            .iter()
            .map(|(name, bytes)| Entry::deflated(name.as_str(), bytes, level))
            .collect::<Result<_, _>>()?,
        package_rels: Entry::deflated("_rels/.rels", &relationships(&package_rels), level)?,
        app: Entry::deflated("docProps/app.xml", &app_xml(), level)?,
        document_rels: Entry::deflated(
            "word/_rels/document.xml.rels",
            &relationships(&rels),
            level,
        )?,
        content_types: Entry::deflated("[Content_Types].xml", &types, level)?,
        rels,
    })
}

/// The parts of a package in order, after the content types and the package
/// relationships.
fn part_names(word: &[String]) -> impl Iterator<Item = &str> {
    [
        "docProps/core.xml",
        "docProps/app.xml",
        "word/_rels/document.xml.rels",
        "word/document.xml",
    ]
    .into_iter()
    .chain(word.iter().map(String::as_str))
}

/// Zip one notice: its `document.xml`, the pictures it refers to and its core
/// properties, with the profile's parts; content types and relationships match what
/// is shipped (no empty comments, numbering or footnotes).
pub fn package(
    parts: &ProfileParts,
    document: &str,
    media: &[Media],
    info: &Info,
) -> Result<Vec<u8>, String> {
    let document = Entry::deflated("word/document.xml", document.as_bytes(), DOCUMENT_LEVEL)?;
    // The core properties differ for every notice and take about a kilobyte:
    // stored, they cost nothing to write.
    let core = Entry::stored("docProps/core.xml", core_xml(info))?;
    // Pictures are PNG, compressed already: stored.
    let pictures: Vec<Entry> = media
        .iter()
        .map(|m| Entry::stored(format!("word/{}", m.target), m.png.to_vec()))
        .collect::<Result<_, _>>()?;
    let (own_types, own_rels);
    let (types, rels) = if media.is_empty() {
        (&parts.content_types, &parts.document_rels)
    } else {
        let word: Vec<String> = parts.word.iter().map(|e| e.name.clone()).collect();
        let names = part_names(&word).chain(pictures.iter().map(|e| e.name.as_str()));
        own_types = Entry::stored("[Content_Types].xml", content_types(names, true))?;
        let mut all = parts.rels.clone();
        all.extend(media.iter().map(|m| {
            (
                m.rel_id.to_string(),
                format!("{REL}/image"),
                m.target.to_string(),
            )
        }));
        own_rels = Entry::stored("word/_rels/document.xml.rels", relationships(&all))?;
        (&own_types, &own_rels)
    };
    let mut entries: Vec<&Entry> = vec![
        types,
        &parts.package_rels,
        &core,
        &parts.app,
        rels,
        &document,
    ];
    entries.extend(&parts.word);
    entries.extend(&pictures);
    archive::write(&entries)
}
