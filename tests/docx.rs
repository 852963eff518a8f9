//! The DOCX writer, read back: the XML it writes (styles, fonts, page setup, header
//! and page field, tables, rules, signature and seal pictures, metadata), its
//! determinism, and, when LibreOffice is installed, the issue's fidelity measure: the
//! DOCX converted by LibreOffice has the PDF's page count, line breaks and pictures.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use vanban::input::notice::Notice;
use vanban::layout::Item;
use vanban::profile::Profile;
use vanban::render::Renderer;
use vanban::units::{Mm, Pt};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every single-notice fixture (batch files are skipped), by file name.
fn fixtures() -> Vec<(String, Notice)> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        if value.get("items").is_some() || value.is_array() {
            continue; // a batch, not a notice
        }
        let mut notice = Notice::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        notice
            .load_images(&fixtures_dir(), Some(&text), &profile_of(&notice))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        out.push((name, notice));
    }
    assert!(!out.is_empty(), "no notice fixtures");
    out
}

/// The built-in profile `notice` names.
fn profile_of(notice: &Notice) -> vanban::profile::Profile {
    vanban::profile::Profile::builtin(notice.profile.as_str()).unwrap()
}

fn fixture(name: &str) -> Notice {
    let text = std::fs::read_to_string(fixtures_dir().join(name)).unwrap();
    let mut notice = Notice::from_json(&text).unwrap();
    let profile = profile_of(&notice);
    notice
        .load_images(&fixtures_dir(), Some(&text), &profile)
        .unwrap();
    notice
}

fn docx(notice: &Notice) -> Vec<u8> {
    Renderer::new().docx(notice).expect("DOCX renders")
}

/// The entries of a zip, in order, as bytes.
fn unzip_bytes(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (f.name().to_string(), v)
        })
        .collect()
}

/// The XML entries of a zip, in order, as text (pictures are left out).
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    unzip_bytes(bytes)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".xml") || name.ends_with(".rels"))
        .map(|(name, v)| (name, String::from_utf8(v).expect("XML is UTF-8")))
        .collect()
}

fn part(parts: &[(String, String)], name: &str) -> String {
    parts
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1
        .clone()
}

/// Where the next `<tag` element (not a longer name such as `<tagPr`) opens.
fn find_open(xml: &str, tag: &str, from: usize) -> Option<usize> {
    let open = format!("<{tag}");
    let mut at = from;
    while let Some(i) = xml[at..].find(&open) {
        let start = at + i;
        match xml.as_bytes().get(start + open.len()) {
            Some(b' ' | b'>' | b'/') => return Some(start),
            _ => at = start + open.len(),
        }
    }
    None
}

/// Every `<tag ...>...</tag>` (or `<tag .../>`) element of `xml`, outermost first.
fn elements(xml: &str, tag: &str) -> Vec<String> {
    let close = format!("</{tag}>");
    let self_closing = |at: usize| {
        let h = at + xml[at..].find('>').unwrap();
        (h, xml.as_bytes()[h - 1] == b'/')
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = find_open(xml, tag, from) {
        let (head_end, empty) = self_closing(start);
        if empty {
            out.push(xml[start..=head_end].to_string());
            from = head_end + 1;
            continue;
        }
        // Find the matching close tag, counting nested elements of the same name.
        let mut depth = 1;
        let mut pos = head_end + 1;
        while depth > 0 {
            let next_close = pos + xml[pos..].find(&close).expect("closed");
            match find_open(xml, tag, pos) {
                Some(o) if o < next_close => {
                    let (h, empty) = self_closing(o);
                    depth += usize::from(!empty);
                    pos = h + 1;
                }
                _ => {
                    depth -= 1;
                    pos = next_close + close.len();
                }
            }
        }
        out.push(xml[start..pos].to_string());
        from = pos;
    }
    out
}

fn attr(element: &str, name: &str) -> Option<String> {
    let head = &element[..element.find('>').unwrap_or(element.len())];
    let key = format!(" {name}=\"");
    let start = head.find(&key)? + key.len();
    let end = start + head[start..].find('"')?;
    Some(head[start..end].to_string())
}

fn twips_mm(mm: f64) -> i32 {
    Mm(mm).to_pt().to_twips()
}

fn style_id(name: &str) -> String {
    let camel: String = name
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    format!("Vb{camel}")
}

fn style<'a>(styles: &'a [String], id: &str) -> &'a str {
    styles
        .iter()
        .find(|s| attr(s, "w:styleId").as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no style {id}"))
}

const TNR: &str = r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/>"#;

#[test]
fn every_profile_style_is_a_named_style_with_its_size_fonts_and_spacing() {
    for (name, notice) in fixtures() {
        let renderer = Renderer::new();
        let profile = renderer.profile(notice.profile.as_str()).unwrap();
        let parts = unzip(&docx(&notice));
        let styles_xml = part(&parts, "word/styles.xml");
        let defaults = &elements(&styles_xml, "w:docDefaults")[0];
        assert!(defaults.contains(TNR), "{name}: docDefaults fonts");
        assert!(
            defaults.contains(r#"<w:kern w:val="0"/>"#),
            "{name}: no kerning"
        );
        let styles = elements(&styles_xml, "w:style");
        for (sname, s) in &profile.styles {
            let xml = style(&styles, &style_id(sname));
            assert!(xml.contains(TNR), "{name}: {sname} fonts: {xml}");
            let sz = s.size.to_half_points();
            assert!(
                xml.contains(&format!(r#"<w:sz w:val="{sz}"/>"#)),
                "{name}: {sname} size: {xml}"
            );
            let line = s.line_height.to_twips();
            assert!(
                xml.contains(&format!(r#"w:line="{line}" w:lineRule="exact""#)),
                "{name}: {sname} exact line spacing: {xml}"
            );
            let after = s.space_after.to_twips();
            assert!(
                xml.contains(&format!(r#"w:after="{after}""#)),
                "{name}: {sname}"
            );
            assert_eq!(xml.contains("<w:b/>"), s.bold, "{name}: {sname} bold");
            assert_eq!(xml.contains("<w:i/>"), s.italic, "{name}: {sname} italic");
            assert_eq!(
                xml.contains("<w:u "),
                s.underline,
                "{name}: {sname} underline"
            );
            assert_eq!(
                xml.contains("<w:keepNext/>"),
                s.keep_with_next,
                "{name}: {sname}"
            );
            let jc = match s.align {
                vanban::profile::Align::Justify => "both",
                vanban::profile::Align::Left => "left",
                vanban::profile::Align::Center => "center",
                vanban::profile::Align::Right => "right",
            };
            assert!(
                xml.contains(&format!(r#"<w:jc w:val="{jc}"/>"#)),
                "{name}: {sname}"
            );
        }
        let body = style(&styles, "VbBody");
        assert!(body.contains(r#"<w:jc w:val="both"/>"#));
        let indent = twips_mm(profile.styles["body"].first_line_indent.0);
        assert!(
            body.contains(&format!(r#"w:firstLine="{indent}""#)),
            "{body}"
        );
        for rule in profile.rules.keys() {
            let xml = style(&styles, &format!("VbRule{}", &style_id(rule)[2..]));
            assert!(xml.contains("<w:pBdr><w:bottom "), "{name}: {rule}: {xml}");
        }
    }
}

#[test]
fn page_setup_header_and_page_field() {
    for (name, notice) in fixtures() {
        let renderer = Renderer::new();
        let profile = renderer.profile(notice.profile.as_str()).unwrap();
        let parts = unzip(&docx(&notice));
        let doc = part(&parts, "word/document.xml");
        let sect = &elements(&doc, "w:sectPr")[0];
        assert!(
            sect.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#),
            "{sect}"
        );
        let mar = &elements(sect, "w:pgMar")[0];
        let page = &profile.page;
        for (key, mm) in [
            ("w:top", page.margin_top.0),
            ("w:bottom", page.margin_bottom.0),
            ("w:left", page.margin_left.0),
            ("w:right", page.margin_right.0),
            ("w:header", profile.page_number.top.0),
        ] {
            assert_eq!(
                attr(mar, key),
                Some(twips_mm(mm).to_string()),
                "{name}: {key} in {mar}"
            );
        }
        assert!(
            sect.contains("<w:titlePg/>"),
            "{name}: different first page"
        );

        // Resolve the header references through the relationships.
        let rels = part(&parts, "word/_rels/document.xml.rels");
        let target = |kind: &str| {
            let reference = elements(sect, "w:headerReference")
                .into_iter()
                .find(|r| attr(r, "w:type").as_deref() == Some(kind))
                .unwrap_or_else(|| panic!("{name}: no {kind} header"));
            let id = attr(&reference, "r:id").unwrap();
            let rel = elements(&rels, "Relationship")
                .into_iter()
                .find(|r| attr(r, "Id").as_deref() == Some(id.as_str()))
                .unwrap();
            part(&parts, &format!("word/{}", attr(&rel, "Target").unwrap()))
        };
        let default = target("default");
        assert!(
            default.contains("<w:instrText>PAGE</w:instrText>"),
            "{default}"
        );
        for kind in ["begin", "separate", "end"] {
            assert!(default.contains(&format!(r#"w:fldCharType="{kind}""#)));
        }
        let number_style = style_id(&profile.page_number.style);
        assert!(default.contains(&format!(r#"<w:pStyle w:val="{number_style}"/>"#)));
        let first = target("first");
        assert!(!first.contains("instrText"), "{name}: page 1 has no number");
        assert!(
            !first.contains("<w:t"),
            "{name}: the first-page header is empty"
        );
    }
}

#[test]
fn header_table_is_fixed_borderless_and_as_wide_as_the_pdf_columns() {
    for (name, notice) in fixtures() {
        let renderer = Renderer::new();
        let profile = renderer.profile(notice.profile.as_str()).unwrap();
        let doc = part(&unzip(&docx(&notice)), "word/document.xml");
        let tables = elements(&doc, "w:tbl");
        assert!(tables.len() >= 2, "{name}: header and closing tables");
        let page = &profile.page;
        let text = page.width().to_twips()
            - page.margin_left().to_twips()
            - page.margin_right().to_twips();
        for (t, role) in [(&tables[0], "header"), (tables.last().unwrap(), "closing")] {
            let tbl_pr = &elements(t, "w:tblPr")[0];
            assert!(
                tbl_pr.contains(r#"<w:tblLayout w:type="fixed"/>"#),
                "{name}: {role}"
            );
            assert!(
                !tbl_pr.contains(r#"w:val="single""#),
                "{name}: {role} borders"
            );
            for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                let b = &elements(tbl_pr, &format!("w:{side}"))[0];
                assert_eq!(attr(b, "w:val").as_deref(), Some("nil"), "{name}: {b}");
            }
            for side in ["top", "left", "bottom", "right"] {
                let m = &elements(&elements(tbl_pr, "w:tblCellMar")[0], &format!("w:{side}"))[0];
                assert_eq!(
                    attr(m, "w:w").as_deref(),
                    Some("0"),
                    "{name}: cell margin {m}"
                );
            }
            let cols: Vec<i32> = elements(t, "w:gridCol")
                .iter()
                .map(|c| attr(c, "w:w").unwrap().parse().unwrap())
                .collect();
            assert_eq!(
                cols.iter().sum::<i32>(),
                text,
                "{name}: {role} fills the text width"
            );
            for (c, f) in cols.iter().zip(&profile.rows[role].columns) {
                assert!(
                    (f64::from(*c) - f64::from(text) * f).abs() <= 1.0,
                    "{name}: {cols:?}"
                );
            }
            for row in elements(t, "w:tr") {
                assert!(
                    row.contains("<w:cantSplit/>"),
                    "{name}: {role} rows never split"
                );
            }
        }
        // Two header rows of one role make one table.
        assert_eq!(elements(&tables[0], "w:tr").len(), 2, "{name}");
    }
}

#[test]
fn closing_row_keeps_with_the_last_body_lines() {
    for (name, notice) in fixtures() {
        let doc = part(&unzip(&docx(&notice)), "word/document.xml");
        let closing = doc.rfind("<w:tbl>").unwrap();
        let before: Vec<String> = elements(&doc[..closing], "w:p");
        let last = before.last().unwrap();
        assert!(last.contains("<w:keepNext/>"), "{name}: {last}");
        assert!(
            last.contains(r#"<w:pStyle w:val="VbBody"/>"#),
            "{name}: {last}"
        );
        // The closing row's space above goes on the first paragraph of each cell.
        let table = &elements(&doc[closing..], "w:tbl")[0];
        for cell in elements(table, "w:tc") {
            let first = &elements(&cell, "w:p")[0];
            assert!(
                first.contains(r#"<w:spacing w:before="240"/>"#),
                "{name}: {first}"
            );
        }
    }
}

/// The rules are bordered empty paragraphs with the PDF rule's length and position.
#[test]
fn rules_have_the_length_and_position_of_the_pdf_rules() {
    let notice = fixture("phuc-loi-2018-nd30.json");
    let renderer = Renderer::new();
    let profile: &Profile = renderer.profile(notice.profile.as_str()).unwrap();
    let doc_ir = renderer.document(&notice).unwrap();
    let layout = renderer.layout(&notice, &doc_ir).unwrap();
    // nd30 has no underlined style: every stroke on page 1 is a rule, in flow order.
    let strokes: Vec<_> = layout.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Line(l) => Some(l.clone()),
            Item::Text(_) => None,
        })
        .collect();
    let doc = part(&unzip(&docx(&notice)), "word/document.xml");
    let rules: Vec<String> = elements(&doc, "w:p")
        .into_iter()
        .filter(|p| p.contains(r#"<w:pStyle w:val="VbRule"#))
        .collect();
    assert_eq!(rules.len(), 3, "issuer, motto and summary rules");
    assert_eq!(strokes.len(), rules.len());
    let page = &profile.page;
    let text = page.text_width();
    let header = &profile.rows["header"].columns;
    // Column of each rule: issuer (left cell), motto (right cell), summary (full width).
    let columns = [
        (page.margin_left(), text * header[0]),
        (page.margin_left() + text * header[0], text * header[1]),
        (page.margin_left(), text),
    ];
    for ((rule, stroke), (x0, width)) in rules.iter().zip(&strokes).zip(columns) {
        assert!(!rule.contains("<w:t"), "a rule has no text: {rule}");
        let ind = &elements(rule, "w:ind")[0];
        let left: i32 = attr(ind, "w:left").unwrap().parse().unwrap();
        let right: i32 = attr(ind, "w:right").unwrap().parse().unwrap();
        let expected_left = (stroke.x - x0).to_twips();
        let expected_len = stroke.width.to_twips();
        assert!(
            (left - expected_left).abs() <= 1,
            "{left} vs {expected_left}"
        );
        let len = width.to_twips() - left - right;
        assert!((len - expected_len).abs() <= 2, "{len} vs {expected_len}");
    }
}

#[test]
fn metadata_comes_from_the_notice() {
    let notice = fixture("phuc-loi-2018-nd30.json");
    let info = Renderer::new().document(&notice).unwrap().info;
    let core = part(&unzip(&docx(&notice)), "docProps/core.xml");
    assert!(
        core.contains(&format!("<dc:title>{}</dc:title>", info.title)),
        "{core}"
    );
    assert!(core.contains(&format!("<dc:creator>{}</dc:creator>", info.author)));
    assert!(core.contains(&format!(
        "<cp:keywords>{}</cp:keywords>",
        info.keywords.join(", ")
    )));
    let d = info.date.unwrap();
    let when = format!("{:04}-{:02}-{:02}T00:00:00+07:00", d.year, d.month, d.day);
    assert!(core.contains(&format!(
        r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}"#
    )));
}

#[test]
fn same_input_gives_identical_bytes() {
    for (name, notice) in fixtures() {
        let a = docx(&notice);
        let b = Renderer::new().docx(&notice).unwrap();
        assert_eq!(a, b, "{name}: two renders differ");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
        for i in 0..zip.len() {
            let f = zip.by_index(i).unwrap();
            let t = f.last_modified().unwrap();
            assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1), "{}", f.name());
        }
    }
}

#[test]
fn inline_emphasis_and_line_breaks_are_kept() {
    use vanban::document::{Block, Inline, Paragraph, Run};
    let notice = fixture("phuc-loi-2018-nd30.json");
    let renderer = Renderer::new();
    let mut doc = renderer.document(&notice).unwrap();
    let run = |text: &str, bold, italic, underline| {
        Inline::Text(Run {
            text: text.into(),
            bold,
            italic,
            underline,
        })
    };
    let first_body = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Paragraph(p) if p.style == "body"))
        .unwrap();
    doc.blocks.insert(
        first_body,
        Block::Paragraph(Paragraph {
            style: renderer
                .profile(notice.profile.as_str())
                .unwrap()
                .style_id("body")
                .unwrap(),
            content: vec![
                run("đậm", true, false, false),
                Inline::LineBreak,
                run("nghiêng", false, true, false),
                run(" gạch", false, false, true),
            ],
        }),
    );
    let parts = vanban::docx::PartsCache::new();
    let bytes = vanban::docx::write_docx(
        &doc,
        renderer.profile(notice.profile.as_str()).unwrap(),
        renderer.fonts(),
        &parts,
    )
    .unwrap();
    let xml = part(&unzip(&bytes), "word/document.xml");
    assert!(xml.contains(r#"<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">đậm</w:t></w:r><w:r><w:rPr/><w:br w:type="textWrapping"/></w:r><w:r><w:rPr><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">nghiêng</w:t></w:r><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve"> gạch</w:t></w:r>"#), "{xml}");
}

// ---------------------------------------------------------------- pictures

/// DrawingML's unit: 36,000 EMU to the millimetre, 12,700 to the point.
const EMU_PER_MM: f64 = 36_000.0;
const EMU_PER_PT: f64 = 12_700.0;

fn number(element: &str, name: &str) -> i64 {
    attr(element, name).unwrap().parse().unwrap()
}

/// The frame and the offset of an anchor's `wp:positionH` or `wp:positionV`.
fn position(anchor: &str, which: &str) -> (String, i64) {
    let pos = &elements(anchor, which)[0];
    let offset = &elements(pos, "wp:posOffset")[0];
    let value = &offset[offset.find('>').unwrap() + 1..offset.rfind('<').unwrap()];
    (attr(pos, "relativeFrom").unwrap(), value.parse().unwrap())
}

/// The signed fixture's signature and seal are floating pictures anchored to the
/// signer's name, at the size and the place the PDF gives them (the same
/// `place_signing` of the same signature area), and the package carries the PNGs
/// exactly as given.
#[test]
fn signature_and_seal_are_floating_pictures_where_the_pdf_draws_them() {
    let notice = fixture("phuc-loi-2018-nd30-signed.json");
    let renderer = Renderer::new();
    let ir = renderer.document(&notice).unwrap();
    let layout = renderer.layout(&notice, &ir).unwrap();
    let page = layout
        .pages
        .iter()
        .find(|p| p.signature_area.is_some())
        .expect("the PDF has a signature area");
    let area = page.signature_area.unwrap();
    // Where the layout placed the pictures, which the PDF draws and the DOCX anchors.
    let placed = page.signing;
    let bytes = docx(&notice);
    let entries = unzip_bytes(&bytes);
    let parts = unzip(&bytes);
    let doc = part(&parts, "word/document.xml");

    let anchors = elements(&doc, "wp:anchor");
    assert_eq!(anchors.len(), 2, "signature and seal");
    assert!(elements(&doc, "wp:inline").is_empty());
    let name = elements(&doc, "w:p")
        .into_iter()
        .find(|p| p.contains(r#"<w:pStyle w:val="VbSignerName"/>"#))
        .expect("the signer's name");
    assert_eq!(
        elements(&name, "wp:anchor"),
        anchors,
        "anchored to the name"
    );

    let rels = part(&parts, "word/_rels/document.xml.rels");
    let signing = &ir.signing;
    let cases = [
        (
            &anchors[0],
            "Signature",
            signing.signature.as_ref().unwrap(),
            placed.signature.unwrap(),
            "signature.png",
        ),
        (
            &anchors[1],
            "Seal",
            signing.seal.as_ref().unwrap(),
            placed.seal.unwrap(),
            "seal.png",
        ),
    ];
    for (anchor, what, picture, at, file) in cases {
        // In front of the text, no wrapping, laid out in the signing cell.
        assert_eq!(attr(anchor, "behindDoc").as_deref(), Some("0"), "{what}");
        assert_eq!(attr(anchor, "layoutInCell").as_deref(), Some("1"), "{what}");
        assert!(anchor.contains("<wp:wrapNone/>"), "{what}");
        let doc_pr = &elements(anchor, "wp:docPr")[0];
        assert_eq!(attr(doc_pr, "name").as_deref(), Some(what));

        // The printed size: millimetres × 36,000.
        let extent = &elements(anchor, "wp:extent")[0];
        let (cx, cy) = (number(extent, "cx"), number(extent, "cy"));
        assert!(
            (cx as f64 - picture.width_mm * EMU_PER_MM).abs() <= 2.0,
            "{what}: cx {cx} for {} mm",
            picture.width_mm
        );
        assert!(
            (cy as f64 - picture.height_mm() * EMU_PER_MM).abs() <= 2.0,
            "{what}: cy {cy} for {} mm",
            picture.height_mm()
        );
        let xfrm_ext = &elements(&elements(anchor, "a:xfrm")[0], "a:ext")[0];
        assert_eq!((number(xfrm_ext, "cx"), number(xfrm_ext, "cy")), (cx, cy));

        // The place: from the left edge of the cell (the signature area's), and from
        // the top of the name's paragraph, its space before (the signature area)
        // included.
        let (h_from, x) = position(anchor, "wp:positionH");
        let (v_from, y) = position(anchor, "wp:positionV");
        assert_eq!((h_from.as_str(), v_from.as_str()), ("column", "paragraph"));
        let expected_x = (at.x - area.x).0 * EMU_PER_PT;
        let expected_y = (at.y - area.y).0 * EMU_PER_PT;
        assert!(
            (x as f64 - expected_x).abs() <= 2.0,
            "{what}: x {x} vs {expected_x}"
        );
        assert!(
            (y as f64 - expected_y).abs() <= 2.0,
            "{what}: y {y} vs {expected_y}"
        );

        // The picture: the input PNG, byte for byte, through a relationship.
        let blip = &elements(anchor, "a:blip")[0];
        let id = attr(blip, "r:embed").unwrap();
        let rel = elements(&rels, "Relationship")
            .into_iter()
            .find(|r| attr(r, "Id").as_deref() == Some(id.as_str()))
            .unwrap_or_else(|| panic!("{what}: no relationship {id}"));
        assert!(attr(&rel, "Type")
            .unwrap()
            .ends_with("/relationships/image"));
        let target = format!("word/{}", attr(&rel, "Target").unwrap());
        assert!(target.ends_with(".png"), "{target}");
        let media = &entries.iter().find(|(n, _)| *n == target).unwrap().1;
        let given = std::fs::read(fixtures_dir().join("images").join(file)).unwrap();
        assert!(*media == given, "{what}: {target} is not the input PNG");
        assert!(*media == picture.png);
    }
    // The seal is stamped over the signature.
    assert!(number(&anchors[1], "relativeHeight") > number(&anchors[0], "relativeHeight"));
    let ids: Vec<i64> = anchors
        .iter()
        .map(|a| number(&elements(a, "wp:docPr")[0], "id"))
        .collect();
    assert_ne!(ids[0], ids[1], "drawing ids are unique");

    let types = part(&parts, "[Content_Types].xml");
    assert!(
        types.contains(r#"<Default Extension="png" ContentType="image/png"/>"#),
        "{types}"
    );

    // Without images: no drawing, no media, no PNG type.
    let plain = docx(&fixture("phuc-loi-2018-nd30.json"));
    let plain_parts = unzip(&plain);
    assert!(!part(&plain_parts, "word/document.xml").contains("<w:drawing>"));
    assert!(!part(&plain_parts, "[Content_Types].xml").contains("png"));
    assert!(unzip_bytes(&plain)
        .iter()
        .all(|(n, _)| !n.starts_with("word/media/")));
}

/// The parts made once per profile are made again for a profile changed under the
/// same id, and the built-in one still gets its own, from one cache.
#[test]
fn a_changed_profile_under_a_built_in_id_gets_its_own_parts() {
    let notice = fixture("phuc-loi-2018-nd30.json");
    let renderer = Renderer::new();
    let ir = renderer.document(&notice).unwrap();
    let builtin = renderer.profile("nd30").unwrap();
    let mut changed = builtin.clone();
    changed.styles.get_mut("body").unwrap().size = Pt(13.0);
    changed.page.margin_left = Mm(35.0);
    let cache = vanban::docx::PartsCache::new();
    let facts = |p: &Profile| {
        let parts = unzip(&vanban::docx::write_docx(&ir, p, renderer.fonts(), &cache).unwrap());
        let styles = elements(&part(&parts, "word/styles.xml"), "w:style");
        let body = style(&styles, "VbBody").to_string();
        let doc = part(&parts, "word/document.xml");
        let mar = elements(&doc, "w:pgMar")[0].clone();
        (
            body.contains(r#"<w:sz w:val="28"/>"#),
            body.contains(r#"<w:sz w:val="26"/>"#),
            attr(&mar, "w:left").unwrap(),
        )
    };
    let left = |mm: f64| twips_mm(mm).to_string();
    assert_eq!(facts(builtin), (true, false, left(30.0)));
    assert_eq!(facts(&changed), (false, true, left(35.0)));
    assert_eq!(facts(builtin), (true, false, left(30.0)));
}

// ---------------------------------------------------------------- long rows

/// Notices whose closing or header row is taller than a page: a Nơi nhận list of 60
/// (hd36) and 300 (nd30) recipients, an issuer's name of 2,000 characters.
fn long_notices() -> Vec<(String, Notice)> {
    let with = |name: &str, edit: &dyn Fn(&mut serde_json::Value)| {
        let text = std::fs::read_to_string(fixtures_dir().join(name)).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        edit(&mut v);
        Notice::from_json(&v.to_string()).unwrap()
    };
    let list = |n: usize| -> serde_json::Value {
        (1..=n)
            .map(|i| format!("Đảng ủy phường số {i} (để thực hiện)"))
            .collect()
    };
    let name: String = vec!["Ủy ban nhân dân phường Phúc Lợi quận Long Biên"; 45].join(" ");
    vec![
        (
            "long-list-hd36-60.json".into(),
            with("phuc-loi-2018.json", &|v| v["recipients"] = list(60)),
        ),
        (
            "long-list-nd30-300.json".into(),
            with("phuc-loi-2018-nd30.json", &|v| v["recipients"] = list(300)),
        ),
        (
            "long-issuer-hd36.json".into(),
            with("phuc-loi-2018.json", &|v| {
                v["issuer"]["name"] = serde_json::json!(name.clone())
            }),
        ),
    ]
}

/// A Nơi nhận list taller than a page: the closing is one table whose rows cannot
/// split, one per page the PDF gives the list, the first beside the signature; each
/// row holds the recipients the PDF prints on that page. A row that fits on a page
/// keeps its single row (the fixtures, above).
#[test]
fn a_long_list_is_one_table_row_per_pdf_page() {
    let (_, notice) = long_notices().swap_remove(1);
    let renderer = Renderer::new();
    let ir = renderer.document(&notice).unwrap();
    let layout = renderer.layout(&notice, &ir).unwrap();
    // The pages of the PDF on which each recipient is drawn.
    let page_of = |needle: &str| -> Vec<usize> {
        (0..layout.pages.len())
            .filter(|&p| {
                layout.pages[p]
                    .items
                    .iter()
                    .any(|i| matches!(i, Item::Text(t) if t.text == format!("- {needle};")))
            })
            .collect()
    };
    let recipients: Vec<String> = (1..=300)
        .map(|i| format!("Đảng ủy phường số {i} (để thực hiện)"))
        .collect();
    let pages: Vec<usize> = recipients.iter().map(|r| page_of(r)[0]).collect();
    let doc = part(&unzip(&docx(&notice)), "word/document.xml");
    let closing = elements(&doc, "w:tbl").pop().unwrap();
    let rows = elements(&closing, "w:tr");
    let first = pages[0];
    let last = *pages.last().unwrap();
    assert!(last >= first + 5, "the list spans {first}..={last}");
    assert_eq!(rows.len(), last - first + 1, "one row per page of the list");
    for (k, row) in rows.iter().enumerate() {
        assert!(row.contains("<w:cantSplit/>"), "row {k} cannot split");
        let cells = elements(row, "w:tc");
        assert_eq!(cells.len(), 2);
        let signer = cells[1].contains(r#"<w:pStyle w:val="VbSignerName"/>"#);
        assert_eq!(
            signer,
            k == 0,
            "row {k}: the signature is in the first row only"
        );
        for (r, page) in recipients.iter().zip(&pages) {
            let here = cells[0].contains(&format!(">- {r};<"));
            assert_eq!(here, *page == first + k, "row {k}: {r} (PDF page {page})");
        }
    }
    assert!(
        rows.last().unwrap().contains("Lưu"),
        "Lưu ends the last row"
    );
}

/// A header row taller than a page (an issuer's name of 2,000 characters) may split
/// in the DOCX, as the PDF splits it between the lines of the name.
#[test]
fn a_header_row_taller_than_a_page_may_split() {
    let (_, notice) = long_notices().swap_remove(2);
    let doc = part(&unzip(&docx(&notice)), "word/document.xml");
    let header = &elements(&doc, "w:tbl")[0];
    let rows = elements(header, "w:tr");
    assert_eq!(rows.len(), 2);
    assert!(!rows[0].contains("<w:cantSplit/>"), "{}", &rows[0][..200]);
    assert!(rows[1].contains("<w:cantSplit/>"));
    let (_, plain) = fixtures().swap_remove(0);
    let doc = part(&unzip(&docx(&plain)), "word/document.xml");
    assert!(
        !doc.contains("<w:keepLines/>"),
        "no keeps of a split row elsewhere"
    );
}

// ---------------------------------------------------------------- LibreOffice

/// Run `cmd`, killing it if it runs longer than `limit` (a hang fails the test).
fn output_within(cmd: &mut Command, limit: std::time::Duration) -> std::process::Output {
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("soffice runs");
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Whether `tool` can be run; a missing tool fails under CI and skips elsewhere.
fn have(tool: &str, arg: &str) -> bool {
    let found = Command::new(tool).arg(arg).output().is_ok();
    if !found {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is required in CI (install libreoffice-writer-nogui and poppler-utils)");
        }
        eprintln!("note: {tool} not found; skipping the LibreOffice fidelity check");
    }
    found
}

fn tool(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The images of a PDF as poppler lists them, soft masks left out: (page, width mm,
/// height mm), the size printed (pixels over resolution).
fn pdf_images(pdf: &Path) -> Vec<(usize, f64, f64)> {
    let list = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    let mut out: Vec<(usize, f64, f64)> = list
        .lines()
        .skip(2)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            if f.len() < 14 || f[2] != "image" {
                return None;
            }
            let n = |i: usize| f[i].parse::<f64>().ok();
            Some((
                f[0].parse().ok()?,
                n(3)? / n(12)? * 25.4,
                n(4)? / n(13)? * 25.4,
            ))
        })
        .collect();
    out.sort_by(|a, b| a.partial_cmp(b).unwrap());
    out
}

fn page_count(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// The text lines of one page, as `pdftotext` (without -layout) gives them.
fn page_lines(pdf: &Path, page: usize) -> Vec<String> {
    let p = page.to_string();
    tool(
        "pdftotext",
        &["-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"],
    )
    .lines()
    .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
    .filter(|l| !l.is_empty())
    .collect()
}

/// LibreOffice, which draws Times New Roman with Liberation Serif (the PDF's font),
/// converts each fixture's DOCX, and those of [`long_notices`] (rows split across
/// pages): same pages, every one of the PDF's lines found as it is on the same
/// page of the conversion, and the PDF's pictures (signature and
/// seal) on the same pages at the same sizes.
#[test]
fn libreoffice_conversion_breaks_lines_and_pages_like_the_pdf() {
    if !have("soffice", "--version") || !have("pdftotext", "-v") || !have("pdfimages", "-v") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let renderer = Renderer::new();
    let mut names = Vec::new();
    for (name, notice) in fixtures().into_iter().chain(long_notices()) {
        let stem = name.trim_end_matches(".json").to_string();
        let (pdf, _) = renderer.pdf(&notice).unwrap();
        std::fs::write(dir.path().join(format!("{stem}.pdf")), pdf).unwrap();
        std::fs::write(dir.path().join(format!("{stem}.docx")), docx(&notice)).unwrap();
        names.push(stem);
    }
    let lo = dir.path().join("lo");
    let profile = format!("file://{}", dir.path().join("profile").display());
    let mut cmd = Command::new("soffice");
    cmd.arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&lo);
    for n in &names {
        cmd.arg(dir.path().join(format!("{n}.docx")));
    }
    let out = output_within(&mut cmd, std::time::Duration::from_secs(600));
    let mut report = BTreeMap::new();
    for n in &names {
        let ours = dir.path().join(format!("{n}.pdf"));
        let theirs = lo.join(format!("{n}.pdf"));
        // soffice exits 0 even when it cannot convert: the file is the evidence.
        assert!(
            theirs.exists(),
            "{n}: LibreOffice wrote no PDF: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let pages = page_count(&ours);
        assert_eq!(page_count(&theirs), pages, "{n}: page count");
        let (mut same, mut total) = (0usize, 0usize);
        for p in 1..=pages {
            let mut left: BTreeMap<String, usize> = BTreeMap::new();
            for l in page_lines(&theirs, p) {
                *left.entry(l).or_default() += 1;
            }
            for l in page_lines(&ours, p) {
                total += 1;
                if let Some(c) = left.get_mut(&l).filter(|c| **c > 0) {
                    *c -= 1;
                    same += 1;
                }
            }
        }
        // The signature and seal: as many pictures, on the same pages, at the same
        // sizes (LibreOffice may resample them: the size is pixels over resolution).
        let (our_images, their_images) = (pdf_images(&ours), pdf_images(&theirs));
        if n.contains("signed") {
            assert!(our_images.len() >= 2, "{n}: {our_images:?}");
        }
        assert_eq!(
            our_images.len(),
            their_images.len(),
            "{n}: pictures {our_images:?} vs {their_images:?}"
        );
        for (a, b) in our_images.iter().zip(&their_images) {
            assert!(
                a.0 == b.0 && (a.1 - b.1).abs() < 0.5 && (a.2 - b.2).abs() < 0.5,
                "{n}: picture {a:?} vs {b:?} (page, width and height in mm)"
            );
        }
        let share = same as f64 / total.max(1) as f64;
        eprintln!(
            "{n}: {pages} pages; {same}/{total} lines identical ({:.1}%)",
            share * 100.0
        );
        report.insert(n.clone(), share);
    }
    for (n, share) in report {
        assert!(
            share >= 1.0,
            "{n}: only {:.1}% identical lines",
            share * 100.0
        );
    }
}
