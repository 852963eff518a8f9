//! The layout rules of the standards, measured on the produced PDF with poppler.
//!
//! Every assertion reads the PDF back through an independent tool: positions and
//! sizes from `pdftotext -bbox-layout`, text from `pdftotext -raw`, fonts from
//! `pdffonts`, rules from the content stream.

mod support;

use support::*;

const FIXTURES: [&str; 3] = [
    "phuc-loi-2018.json",
    "phuc-loi-2018-nd30.json",
    "long-notice.json",
];

const PAGE_W: f64 = 595.2756;
const PAGE_H: f64 = 841.8898;
const LEFT: f64 = 30.0 * PT_PER_MM;
const RIGHT: f64 = PAGE_W - 15.0 * PT_PER_MM;
const TOP: f64 = 20.0 * PT_PER_MM;
const BOTTOM: f64 = PAGE_H - 20.0 * PT_PER_MM;
/// Tolerance for positions, in points.
const TOL: f64 = 0.6;

fn find_line<'a>(lines: &'a [Line], starts: &str) -> &'a Line {
    lines
        .iter()
        .find(|l| l.text().starts_with(starts))
        .unwrap_or_else(|| panic!("no line starts with {starts:?}"))
}

#[test]
fn pages_are_a4_and_text_stays_inside_the_margins() {
    if !have_tool("pdftotext") {
        return;
    }
    for f in FIXTURES {
        let (_d, pdf, pages) = render_pdf(f);
        let info = run("pdfinfo", &[], &pdf);
        assert!(info.contains("595.276 x 841.89 pts (A4)"), "{f}: {info}");
        let reported: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|v| v.trim().parse().ok())
            .expect("pdfinfo reports pages");
        assert_eq!(reported, pages, "{f}");
        let lines = lines(&pdf);
        for l in &lines {
            assert!(
                l.x_min() >= LEFT - TOL,
                "{f}: {:?} starts left of the margin",
                l.text()
            );
            assert!(
                l.x_max() <= RIGHT + TOL,
                "{f}: {:?} crosses the right margin ({})",
                l.text(),
                l.x_max()
            );
            let is_page_number = l.text() == l.page.to_string() && l.y_max() < TOP;
            if !is_page_number {
                assert!(
                    l.y_min() >= TOP - TOL,
                    "{f}: {:?} is in the top margin",
                    l.text()
                );
            }
            assert!(
                l.y_max() <= BOTTOM + TOL,
                "{f}: {:?} is in the bottom margin",
                l.text()
            );
        }
    }
}

#[test]
fn extracted_text_gives_back_every_input_string() {
    if !have_tool("pdftotext") {
        return;
    }
    for f in FIXTURES {
        let (_d, pdf, _) = render_pdf(f);
        let text = folded_text(&pdf);
        let json: serde_json::Value = serde_json::from_str(&fixture_text(f)).unwrap();
        let mut strings = Vec::new();
        json_strings(&json, &mut strings);
        for s in strings {
            // Identifiers and enum values are not printed as such.
            if [
                "nd30",
                "hd36",
                "thay_mat",
                "ky_thay",
                "thua_lenh",
                "thua_uy_quyen",
                "quyen",
            ]
            .contains(&s.as_str())
                || s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-'
            {
                continue;
            }
            for part in s.split('\n') {
                let want = fold(part);
                assert!(
                    text.contains(&want),
                    "{f}: {want:?} not found in the extracted text"
                );
            }
        }
    }
}

#[test]
fn fonts_are_embedded_subset_and_mapped_to_unicode() {
    if !have_tool("pdffonts") {
        return;
    }
    for f in FIXTURES {
        let (_d, pdf, _) = render_pdf(f);
        let out = run("pdffonts", &[], &pdf);
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(
            rows.len() >= 3,
            "{f}: regular, bold and italic expected:\n{out}"
        );
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert!(cols[0].contains("+LiberationSerif"), "{f}: {row}");
            assert_eq!(cols[0].find('+'), Some(6), "{f}: subset tag: {row}");
            // name, type (2 words), encoding, emb, sub, uni, object id (2)
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{f}: {row}");
        }
        let size = std::fs::metadata(&pdf).unwrap().len();
        assert!(size < 120_000, "{f}: {size} bytes: fonts are not subset");
    }
}

#[test]
fn body_is_justified_with_first_line_indent() {
    if !have_tool("pdftotext") {
        return;
    }
    for f in FIXTURES {
        let (_d, pdf, _) = render_pdf(f);
        let lines = lines(&pdf);
        let body: Vec<&Line> = lines
            .iter()
            .filter(|l| {
                (l.size() - 14.0).abs() < 0.3 && l.y_min() > TOP + 150.0
                    || l.page > 1 && (l.size() - 14.0).abs() < 0.3
            })
            .collect();
        let full = body
            .iter()
            .filter(|l| (l.x_max() - RIGHT).abs() < TOL)
            .count();
        let indented = body
            .iter()
            .filter(|l| (l.x_min() - (LEFT + 12.7 * PT_PER_MM)).abs() < TOL)
            .count();
        let flush_left = body
            .iter()
            .filter(|l| (l.x_min() - LEFT).abs() < TOL)
            .count();
        assert!(
            full * 2 > body.len(),
            "{f}: only {full} of {} body lines reach the right margin",
            body.len()
        );
        assert!(
            indented >= 5,
            "{f}: {indented} paragraphs start with a 1.27 cm indent"
        );
        // Every line starting at the margin but the last of its paragraph is justified.
        assert!(full + indented >= flush_left, "{f}: lines ragged");
    }
}

#[test]
fn page_numbers_are_centred_in_the_top_margin_from_page_two() {
    if !have_tool("pdftotext") {
        return;
    }
    for f in FIXTURES {
        let (_d, pdf, pages) = render_pdf(f);
        assert_page_numbers(&lines(&pdf), pages, f);
    }
}

#[test]
fn long_notice_has_three_pages_or_more() {
    let (_d, _pdf, pages) = render_pdf("long-notice.json");
    assert!(pages >= 3, "long fixture has {pages} pages");
}

#[test]
fn signature_block_and_recipients_start_level_and_keep_two_body_lines() {
    if !have_tool("pdftotext") {
        return;
    }
    for f in FIXTURES {
        let n = notice(f);
        let (_d, pdf, pages) = render_pdf(f);
        let lines = lines(&pdf);
        let label = find_line(&lines, "Nơi nhận:");
        assert_eq!(
            label.page, pages,
            "{f}: the closing block is on the last page"
        );
        let profile = vanban::profile::Profile::builtin(n.profile.as_str()).unwrap();
        let view = vanban::compose::template::View::new(&n, &profile);
        // The authority line ("T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH"), else the title.
        let first_signer_line = view
            .signer
            .authority_line
            .clone()
            .unwrap_or_else(|| n.signer.title.to_string());
        let first_signer_line = first_signer_line.as_str();
        let signer = lines
            .iter()
            .find(|l| {
                l.page == label.page
                    && l.x_min() > PAGE_W / 2.0 - 20.0
                    && (l.y_min() - label.y_min()).abs() < 3.0
                    && l.text().starts_with(first_signer_line)
            })
            .unwrap_or_else(|| panic!("{f}: no signer line level with Nơi nhận"));
        // Same top edge (sizes differ: 12-14 pt label vs 14 pt authority).
        assert!(
            (signer.y_min() - label.y_min()).abs() < 2.5,
            "{f}: {} vs {}",
            signer.y_min(),
            label.y_min()
        );
        let name = lines
            .iter()
            .find(|l| l.text() == n.signer.name.as_str())
            .expect("signer's name");
        assert_eq!(
            name.page, pages,
            "{f}: the name is on the page of the block"
        );
        let body_above = lines
            .iter()
            .filter(|l| l.page == pages && l.y_max() < label.y_min() && l.y_min() >= TOP - TOL)
            .count();
        assert!(
            body_above >= 2,
            "{f}: only {body_above} lines above the signature block"
        );
        // Every recipient is in the block, in order, on the same page.
        for r in &n.recipients {
            let first_word = r.split_whitespace().next().unwrap();
            assert!(
                lines
                    .iter()
                    .any(|l| l.page == pages && l.text().starts_with(&format!("- {first_word}"))),
                "{f}: recipient {r:?}"
            );
        }
    }
}

#[test]
fn state_header_follows_nd30() {
    if !have_tool("pdftotext") {
        return;
    }
    let f = "phuc-loi-2018-nd30.json";
    let (_d, pdf, _) = render_pdf(f);
    let lines = lines(&pdf);
    let national = find_line(&lines, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    let motto = find_line(&lines, "Độc lập - Tự do - Hạnh phúc");
    assert!(
        (12.0 - 0.2..=13.0 + 0.2).contains(&national.size()),
        "Quốc hiệu {}",
        national.size()
    );
    assert!(
        (13.0 - 0.2..=14.2).contains(&motto.size()),
        "Tiêu ngữ {}",
        motto.size()
    );
    assert!(
        national.x_min() > PAGE_W / 2.0 - 60.0,
        "Quốc hiệu is in the right column"
    );
    let number = lines
        .iter()
        .find(|l| l.text().starts_with("Số: 05/TB-UBND"))
        .expect("Số: 05/TB-UBND");
    let date = find_line(&lines, "Long Biên, ngày");
    assert!(
        (number.y_max() - date.y_max()).abs() < 1.0,
        "Số and the date share a line"
    );
    assert!(number.x_max() < date.x_min(), "Số left, date right");
    // Rules: under the Tiêu ngữ as long as it; under the body's name 1/3 to 1/2 of it.
    let rules = rules(&pdf);
    let motto_rule = rules
        .iter()
        .find(|r| {
            r.0 == 1
                && r.2 > motto.y_max() - 1.0
                && r.2 < motto.y_max() + 6.0
                && r.1 > motto.x_min() - 2.0
        })
        .expect("rule under the Tiêu ngữ");
    assert!(
        (motto_rule.3 - (motto.x_max() - motto.x_min())).abs() < 1.0,
        "{motto_rule:?}"
    );
    // The issuing body's name (no superior line in this fixture): its widest line and
    // its lowest line.
    let issuer_lines: Vec<&Line> = lines
        .iter()
        .filter(|l| l.page == 1 && l.x_max() < PAGE_W / 2.0 && l.y_max() < number.y_min())
        .collect();
    let issuer = issuer_lines
        .iter()
        .max_by(|a, b| a.y_max().total_cmp(&b.y_max()))
        .expect("issuer line");
    let w = issuer_lines
        .iter()
        .map(|l| l.x_max() - l.x_min())
        .fold(0.0, f64::max);
    let issuer_rule = rules
        .iter()
        .find(|r| {
            r.0 == 1
                && r.1 + r.3 < PAGE_W / 2.0
                && r.2 > issuer.y_max() - 1.0
                && r.2 < issuer.y_max() + 6.0
        })
        .expect("rule under the issuing body");
    assert!(
        issuer_rule.3 >= w / 3.0 - 0.5 && issuer_rule.3 <= w / 2.0 + 0.5,
        "{issuer_rule:?} vs {w}"
    );
    // Title and trích yếu centred, bold sizes 13-14; a short rule under the trích yếu.
    let title = find_line(&lines, "THÔNG BÁO");
    let centre = (title.x_min() + title.x_max()) / 2.0;
    assert!((centre - (LEFT + RIGHT) / 2.0).abs() < TOL, "title centred");
    assert!((13.0 - 0.2..=14.2).contains(&title.size()));
    assert!(
        rules.iter().any(|r| r.0 == 1
            && r.2 > title.y_max()
            && r.2 < title.y_max() + 80.0
            && (r.1 + r.3 / 2.0 - (LEFT + RIGHT) / 2.0).abs() < 1.0),
        "trích yếu rule centred"
    );
}

#[test]
fn party_header_follows_hd36() {
    if !have_tool("pdftotext") {
        return;
    }
    let f = "phuc-loi-2018.json";
    let n = notice(f);
    let (_d, pdf, _) = render_pdf(f);
    let lines = lines(&pdf);
    let party = find_line(&lines, "ĐẢNG CỘNG SẢN VIỆT NAM");
    assert!(
        (party.size() - 15.0).abs() < 0.2,
        "tiêu đề {}",
        party.size()
    );
    let rules = rules(&pdf);
    let rule = rules
        .iter()
        .find(|r| r.0 == 1 && r.2 > party.y_max() - 1.0 && r.2 < party.y_max() + 6.0)
        .expect("rule under ĐẢNG CỘNG SẢN VIỆT NAM");
    assert!(
        (rule.3 - (party.x_max() - party.x_min())).abs() < 1.0,
        "rule as long as the tiêu đề"
    );
    let star = lines
        .iter()
        .find(|l| l.page == 1 && l.text() == "*")
        .expect("asterisk");
    let number = lines
        .iter()
        .find(|l| l.text() == format!("Số {:02}-TB/{}", n.number, n.issuer.abbreviation.as_str()))
        .expect("Số line without a colon");
    assert!(star.y_min() < number.y_min());
    let date = find_line(&lines, &format!("{}, ngày", n.place.as_str()));
    assert!((number.y_max() - date.y_max()).abs() < 1.0);
    let title = find_line(&lines, n.title.as_str());
    assert!((15.0 - 0.2..=16.2).contains(&title.size()));
    assert!(
        lines
            .iter()
            .any(|l| l.text() == "-----" && l.y_min() > title.y_max()),
        "dash line under the trích yếu"
    );
    let label = find_line(&lines, "Nơi nhận:");
    assert!((label.size() - 14.0).abs() < 0.2);
    // Underlined: a thin rule right under the label.
    assert!(rules.iter().any(|r| r.2 > label.y_max() - 5.0
        && r.2 < label.y_max() + 2.0
        && (r.1 - label.x_min()).abs() < 1.0));
}

#[test]
fn output_is_byte_identical_for_identical_input() {
    for f in FIXTURES {
        let n = notice(f);
        let r = vanban::render::Renderer::new();
        let a = r.pdf(&n).unwrap().0;
        let b = r.pdf(&n).unwrap().0;
        assert!(a == b, "{f}: two renders differ");
        // A date of this year in the info dictionary (D:2026…) or the XMP
        // (2026-…): the clock leaked in. (Four digits alone occur by chance, in
        // xref offsets.)
        let year = b"2026";
        assert!(
            !a.windows(6)
                .any(|w| (&w[..2] == b"D:" && &w[2..] == year)
                    || (&w[..4] == year && w[4] == b'-')),
            "{f}: a wall-clock year leaked in"
        );
    }
}

#[test]
fn decomposed_input_renders_identically() {
    use unicode_normalization::UnicodeNormalization;
    let text = fixture_text("phuc-loi-2018.json");
    let nfd: String = text.nfd().collect();
    assert_ne!(text, nfd);
    let r = vanban::render::Renderer::new();
    let a = r
        .pdf(&vanban::input::notice::Notice::from_json(&text).unwrap())
        .unwrap()
        .0;
    let b = r
        .pdf(&vanban::input::notice::Notice::from_json(&nfd).unwrap())
        .unwrap()
        .0;
    assert!(a == b, "NFD input must give the same PDF");
}

#[test]
fn an_unbreakable_token_longer_than_the_line_is_broken_not_overflowed() {
    if !have_tool("pdftotext") {
        return;
    }
    let mut v: serde_json::Value =
        serde_json::from_str(&fixture_text("phuc-loi-2018.json")).unwrap();
    let token = format!(
        "https://dichvucong.hanoi.gov.vn/{}",
        "tra-cuu-ho-so".repeat(25)
    );
    v["body"]["assessment"][0] =
        serde_json::Value::String(format!("Xem tại {token} để biết thêm."));
    let n = vanban::input::notice::Notice::from_json(&v.to_string()).unwrap();
    let (bytes, _) = vanban::render::Renderer::new().pdf(&n).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("long.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let lines = lines(&pdf);
    for l in &lines {
        assert!(
            l.x_max() <= RIGHT + TOL,
            "{:?} crosses the right margin",
            l.text()
        );
    }
    let pieces: Vec<&Line> = lines
        .iter()
        .filter(|l| l.text().contains("tra-cuu"))
        .collect();
    assert!(pieces.len() >= 3, "the token spans several lines");
    // Nothing lost: the pieces put together give the token back.
    let joined: String = pieces
        .iter()
        .map(|l| {
            l.text()
                .replace("Xem tại ", "")
                .replace(" để biết thêm.", "")
        })
        .collect();
    assert!(joined.contains(&token), "{joined}");
}

#[test]
fn a_face_with_more_than_256_glyphs_is_written_with_two_byte_codes() {
    if !have_tool("pdftotext") {
        return;
    }
    // One paragraph drawing every Vietnamese letter in both cases, Greek and Cyrillic:
    // over 256 glyphs of the regular face, past what one-byte codes can number.
    let words = support::many_glyph_words();
    let paragraph = words.join(" ");
    let mut v: serde_json::Value =
        serde_json::from_str(&fixture_text("phuc-loi-2018.json")).unwrap();
    v["body"]["assessment"][0] = serde_json::Value::String(paragraph.clone());
    let n = vanban::input::notice::Notice::from_json(&v.to_string()).unwrap();
    let (bytes, _) = vanban::render::Renderer::new().pdf(&n).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("many-glyphs.pdf");
    std::fs::write(&pdf, &bytes).unwrap();
    // Two-byte codes go with the predefined Identity-H encoding.
    let fonts = run("pdffonts", &[], &pdf);
    assert!(
        fonts
            .lines()
            .any(|l| l.contains("LiberationSerif ") && l.contains("Identity-H")),
        "{fonts}"
    );
    assert!(
        folded_text(&pdf).contains(&fold(&paragraph)),
        "the paragraph copies back"
    );
    // Justified with TJ numbers instead of word spacing: full lines still end at
    // the right margin.
    let lines = lines(&pdf);
    let full = lines
        .iter()
        .filter(|l| words.iter().any(|w| l.text().contains(w.as_str())))
        .filter(|l| (l.x_max() - RIGHT).abs() <= TOL)
        .count();
    assert!(full >= 3, "{full} justified lines");
}
