//! The DOCX writer, read back: the XML it writes (styles, fonts, page setup, header
//! and page field, tables, rules, metadata), its determinism, and, when LibreOffice is
//! installed, the issue's fidelity measure: the DOCX converted by LibreOffice has the
//! PDF's page count and line breaks.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use vanban::layout::Item;
use vanban::notice::Notice;
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
        let notice = Notice::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        out.push((name, notice));
    }
    assert!(!out.is_empty(), "no notice fixtures");
    out
}

fn fixture(name: &str) -> Notice {
    let text = std::fs::read_to_string(fixtures_dir().join(name)).unwrap();
    Notice::from_json(&text).unwrap()
}

fn docx(notice: &Notice) -> Vec<u8> {
    Renderer::new().docx(notice).expect("DOCX renders")
}

/// The entries of a zip, in order, as text.
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().to_string(), s)
        })
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
        let profile = renderer.profile(notice.profile.as_str());
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
            let sz = Pt(s.size_pt).to_half_points();
            assert!(
                xml.contains(&format!(r#"<w:sz w:val="{sz}"/>"#)),
                "{name}: {sname} size: {xml}"
            );
            let line = Pt(s.line_height_pt).to_twips();
            assert!(
                xml.contains(&format!(r#"w:line="{line}" w:lineRule="exact""#)),
                "{name}: {sname} exact line spacing: {xml}"
            );
            let after = Pt(s.space_after_pt).to_twips();
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
        let indent = twips_mm(profile.styles["body"].first_line_indent_mm);
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
        let profile = renderer.profile(notice.profile.as_str());
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
            ("w:top", page.margin_top_mm),
            ("w:bottom", page.margin_bottom_mm),
            ("w:left", page.margin_left_mm),
            ("w:right", page.margin_right_mm),
            ("w:header", profile.page_number.top_mm),
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
        let profile = renderer.profile(notice.profile.as_str());
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
    let profile: &Profile = renderer.profile(notice.profile.as_str());
    let doc_ir = renderer.document(&notice).unwrap();
    let layout = renderer.layout(&notice, &doc_ir);
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
            style: "body".into(),
            content: vec![
                run("đậm", true, false, false),
                Inline::LineBreak,
                run("nghiêng", false, true, false),
                run(" gạch", false, false, true),
            ],
        }),
    );
    let bytes = vanban::docx::write_docx(&doc, renderer.profile(notice.profile.as_str())).unwrap();
    let xml = part(&unzip(&bytes), "word/document.xml");
    assert!(xml.contains(r#"<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">đậm</w:t></w:r><w:r><w:rPr/><w:br w:type="textWrapping"/></w:r><w:r><w:rPr><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">nghiêng</w:t></w:r><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve"> gạch</w:t></w:r>"#), "{xml}");
}

// ---------------------------------------------------------------- LibreOffice

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
/// converts each fixture's DOCX: same pages, and at least 95% of the PDF's lines found
/// as they are on the same page of the conversion.
#[test]
fn libreoffice_conversion_breaks_lines_and_pages_like_the_pdf() {
    if !have("soffice", "--version") || !have("pdftotext", "-v") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let renderer = Renderer::new();
    let mut names = Vec::new();
    for (name, notice) in fixtures() {
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
    let out = cmd.output().expect("soffice runs");
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
        let share = same as f64 / total.max(1) as f64;
        eprintln!(
            "{n}: {pages} pages; {same}/{total} lines identical ({:.1}%)",
            share * 100.0
        );
        report.insert(n.clone(), share);
    }
    for (n, share) in report {
        assert!(
            share >= 0.95,
            "{n}: only {:.1}% identical lines",
            share * 100.0
        );
    }
}
