//! Nothing is drawn outside the page, and nothing is lost, however long a list or a
//! field (issue 12): a Nơi nhận list of hundreds of recipients continues on the
//! next pages beside nothing, the signature staying with the end of the body; a
//! header or closing field of 2,000 characters wraps in its column and flows on.
//!
//! Every glyph's box is computed from the PDF's content streams (text matrices,
//! font sizes, word spacing and the embedded fonts' widths), since poppler's
//! `pdftotext` does not report text drawn outside the page. The text is read back
//! with `pdftotext -raw` and from the DOCX's XML.

mod support;

use serde_json::{json, Value};
use std::io::Read;
use std::process::Command;
use std::time::Duration;
use support::content::glyphs;
use support::{fixture_text, have_tool, json_strings, run_bounded, PT_PER_MM};
use vanban::input::notice::Notice;
use vanban::render::Renderer;

// ---------------------------------------------------------------- tools

/// The text of a PDF as `pdftotext -raw` reads it.
fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = run_bounded(
        Command::new("pdftotext").arg("-raw").arg(&path).arg("-"),
        Duration::from_secs(60),
    );
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The text of a DOCX body: every `w:t` element's text, a paragraph a line.
fn docx_text(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut text = String::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let head_end = rest.find('>').unwrap();
        let head = &rest[..=head_end];
        rest = &rest[head_end + 1..];
        if head == "<w:t>" || head.starts_with("<w:t ") && !head.ends_with("/>") {
            let end = rest.find("</w:t>").unwrap();
            text.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if head == "</w:p>" {
            text.push('\n');
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `s` in NFC without any whitespace: a field wrapped over lines, or a word broken
/// between characters at the end of a line, still reads the same.
fn squeeze(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------- glyph boxes

/// Both profiles' page: A4, text area 20 mm from the top and the bottom, 30 mm from
/// the left, 15 mm from the right; the page number sits in the top margin.
const PAGE_W: f64 = 595.2756;
const PAGE_H: f64 = 841.8898;
const TOLERANCE: f64 = 0.5;

/// No glyph outside the page, and none outside the text area but the page numbers
/// in the top margin (which must be on the page).
fn assert_inside(pdf: &[u8], label: &str) -> usize {
    let (glyphs, pages, _) = glyphs(pdf);
    assert!(!glyphs.is_empty(), "{label}: no text");
    let left = 30.0 * PT_PER_MM - TOLERANCE;
    let right = PAGE_W - 15.0 * PT_PER_MM + TOLERANCE;
    let bottom = 20.0 * PT_PER_MM - TOLERANCE;
    let top = PAGE_H - 20.0 * PT_PER_MM + TOLERANCE;
    for g in &glyphs {
        assert!(
            g.x0 >= 0.0 && g.x1 <= PAGE_W && g.bottom >= 0.0 && g.top <= PAGE_H,
            "{label}: a glyph is drawn outside page {}: {g:?}",
            g.page
        );
        let in_area = g.x0 >= left && g.x1 <= right && g.bottom >= bottom && g.top <= top;
        let page_number = g.page > 1 && g.bottom > top - TOLERANCE;
        assert!(
            in_area || page_number,
            "{label}: a glyph lies outside the text area of page {}: {g:?}",
            g.page
        );
    }
    for p in 1..=pages {
        assert!(
            glyphs.iter().any(|g| g.page == p && g.top <= top),
            "{label}: page {p} is empty"
        );
    }
    pages
}

// ---------------------------------------------------------------- notices

fn fixture(profile: &str) -> Value {
    let name = match profile {
        "hd36" => "phuc-loi-2018.json",
        _ => "phuc-loi-2018-nd30.json",
    };
    serde_json::from_str(&fixture_text(name)).unwrap()
}

fn recipients(n: usize) -> Value {
    (1..=n)
        .map(|i| format!("Đảng ủy phường số {i} (để thực hiện)"))
        .collect()
}

struct Rendered {
    pdf: Vec<u8>,
    pages: usize,
    docx: Vec<u8>,
}

fn render(v: &Value) -> Rendered {
    let notice = Notice::from_json(&v.to_string()).expect("a valid notice");
    let renderer = Renderer::new();
    let (pdf, pages) = renderer.pdf(&notice).expect("PDF");
    let docx = renderer.docx(&notice).expect("DOCX");
    Rendered { pdf, pages, docx }
}

/// The pages of a PDF on which `needle` occurs (text squeezed as [`squeeze`]).
fn pages_with(text: &str, needle: &str) -> Vec<usize> {
    let needle = squeeze(needle);
    text.split('\u{c}')
        .enumerate()
        .filter(|(_, page)| squeeze(page).contains(&needle))
        .map(|(i, _)| i + 1)
        .collect()
}

/// Every string of the notice is printed, in the PDF and in the DOCX. The PDF's text
/// is read in content order from its content streams: `pdftotext -raw` mixes the
/// two cells of a row where their lines share a baseline. `pdftotext` must still
/// find every word.
fn assert_all_text(v: &Value, r: &Rendered, label: &str) {
    let lines: Vec<String> = glyphs(&r.pdf)
        .2
        .split(['\n', '\u{c}'])
        .map(squeeze)
        .filter(|l| !l.is_empty())
        .collect();
    let poppler = pdftotext(&r.pdf);
    let poppler_words: std::collections::BTreeSet<&str> = poppler.split_whitespace().collect();
    let docx = squeeze(&docx_text(&r.docx));
    let mut strings = Vec::new();
    json_strings(v, &mut strings);
    for s in strings {
        let is_date = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
        if is_date
            || matches!(
                s.as_str(),
                "hd36" | "nd30" | "thay_mat" | "ky_thay" | "thua_lenh" | "thua_uy_quyen"
            )
        {
            continue; // dates, the profile, the signing authority: printed otherwise
        }
        let short: String = s.chars().take(40).collect();
        assert!(
            printed(&lines, &squeeze(&s)),
            "{label}: the PDF lacks {short:?}…"
        );
        // A word longer than a line is broken between characters: only the others
        // are whole words for poppler.
        for word in s.split_whitespace().filter(|w| w.chars().count() <= 30) {
            assert!(
                poppler_words.iter().any(|w| w.contains(word)),
                "{label}: pdftotext does not find {word:?} of {short:?}…"
            );
        }
        assert!(
            docx.contains(&squeeze(&s)),
            "{label}: the DOCX lacks {short:?}…"
        );
    }
}

/// Whether `needle` is printed over `lines` (in content order): it starts in one line
/// and goes on over whole following lines to its end, in order. Lines of the other
/// cell of a row may come between (on each page the PDF draws one cell, then the
/// other), but every character must be there, in order.
fn printed(lines: &[String], needle: &str) -> bool {
    (0..lines.len()).any(|start| {
        let line = &lines[start];
        if line.contains(needle) {
            return true;
        }
        // The needle starts inside this line and runs to its end.
        let Some(k) = (1..needle.len())
            .filter(|&k| needle.is_char_boundary(k))
            .rev()
            .find(|&k| line.ends_with(&needle[..k]))
        else {
            return false;
        };
        let mut rest = &needle[k..];
        for line in &lines[start + 1..] {
            if rest.starts_with(line.as_str()) {
                rest = &rest[line.len()..];
                if rest.is_empty() {
                    return true;
                }
            } else if line.starts_with(rest) {
                return true;
            }
        }
        false
    })
}

// ---------------------------------------------------------------- tests

/// From about 54 recipients the closing block is taller than a page. The list
/// continues on the next pages, each of its lines inside the text area; the
/// signature stays on the page of the last lines of the body, beside the start of
/// the list; "Lưu" ends the list on the last page; every recipient is printed once.
#[test]
fn a_long_recipient_list_continues_on_the_next_pages() {
    if !have_tool("pdftotext") {
        return;
    }
    for profile in ["hd36", "nd30"] {
        for n in [60, 300] {
            let label = format!("{profile}, {n} recipients");
            let mut v = fixture(profile);
            v["recipients"] = recipients(n);
            v["signer"]["name"] = json!("Trần Thị Ký");
            let r = render(&v);
            let pages = assert_inside(&r.pdf, &label);
            assert_eq!(pages, r.pages, "{label}: the renderer's page count");
            // 14 pt a recipient: 52 to a page at most.
            assert!(pages >= 2 + n / 52, "{label}: {pages} pages");
            assert_all_text(&v, &r, &label);

            let text = pdftotext(&r.pdf);
            let closing = v["body"]["closing"].as_str().unwrap();
            let closing_tail: String = {
                let words: Vec<&str> = closing.split_whitespace().collect();
                words[words.len() - 3..].join(" ")
            };
            let signer = v["signer"]["name"].as_str().unwrap();
            let body_end = pages_with(&text, &closing_tail);
            let signed = pages_with(&text, signer);
            let label_page = pages_with(&text, "Nơi nhận:");
            assert_eq!(
                signed.len(),
                1,
                "{label}: the signer's name once: {signed:?}"
            );
            assert_eq!(body_end, signed, "{label}: the signature leaves the body");
            assert_eq!(label_page, signed, "{label}: Nơi nhận beside the signature");
            let first = pages_with(&text, "Đảng ủy phường số 1 (để thực hiện)");
            assert_eq!(
                first[0], signed[0],
                "{label}: the list starts beside the signature"
            );
            let last = pages_with(&text, &format!("Đảng ủy phường số {n} (để thực hiện)"));
            assert_eq!(
                last,
                [pages],
                "{label}: the last recipient on the last page"
            );
            let archive = format!("Lưu{}", if profile == "nd30" { ":" } else { "" });
            assert_eq!(
                pages_with(&text, &archive),
                [pages],
                "{label}: Lưu on the last page"
            );
            for i in 1..=n {
                let one = format!("- Đảng ủy phường số {i} (để thực hiện)");
                let count = squeeze(&text).matches(&squeeze(&one)).count();
                // "số 1 (" is not a prefix of "số 10 (": each occurs exactly once.
                assert_eq!(count, 1, "{label}: recipient {i} printed {count} times");
            }
        }
    }
}

/// A list that fits on a page is not split: it goes whole to the next page with the
/// last lines of the body, as before.
#[test]
fn a_list_that_fits_on_a_page_is_not_split() {
    if !have_tool("pdftotext") {
        return;
    }
    let mut v = fixture("hd36");
    v["recipients"] = recipients(40);
    v["signer"]["name"] = json!("Trần Thị Ký");
    let r = render(&v);
    assert_inside(&r.pdf, "40 recipients");
    let text = pdftotext(&r.pdf);
    let first = pages_with(&text, "Đảng ủy phường số 1 (để thực hiện)");
    let last = pages_with(&text, "Đảng ủy phường số 40 (để thực hiện)");
    let signer = pages_with(&text, v["signer"]["name"].as_str().unwrap());
    assert_eq!(first, last, "the list is on one page");
    assert_eq!(first, signer, "beside the signature");
    assert_eq!(first, [r.pages], "on the last page");
}

/// The sidecar's page count is the PDF's, for a notice whose list runs over pages.
#[test]
fn the_sidecar_counts_the_pages_of_a_split_list() {
    if !have_tool("pdfinfo") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut v = fixture("nd30");
    v["recipients"] = recipients(300);
    let input = dir.path().join("long.json");
    std::fs::write(&input, v.to_string()).unwrap();
    let out = run_bounded(
        Command::new(env!("CARGO_BIN_EXE_vanban"))
            .arg("render")
            .arg(&input)
            .arg("--out-dir")
            .arg(dir.path())
            .arg("--meta"),
        Duration::from_secs(60),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("long.meta.json")).unwrap())
            .unwrap();
    let info = run_bounded(
        Command::new("pdfinfo").arg(dir.path().join("long.pdf")),
        Duration::from_secs(30),
    );
    let pages: u64 = String::from_utf8(info.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pages >= 7, "{pages} pages");
    let amount = meta
        .pointer("/Document/PageAmount")
        .or_else(|| find_key(&meta, "PageAmount"))
        .and_then(Value::as_u64);
    assert_eq!(amount, Some(pages), "the sidecar's PageAmount");
    assert_eq!(
        meta.pointer("/ToPlaces")
            .and_then(Value::as_array)
            .map(Vec::len),
        Some(300)
    );
}

fn find_key<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v {
        Value::Object(o) => o
            .get(key)
            .or_else(|| o.values().find_map(|x| find_key(x, key))),
        Value::Array(a) => a.iter().find_map(|x| find_key(x, key)),
        _ => None,
    }
}

/// A field of 2,000 characters in a side-by-side row (the header's issuer, superior
/// body, number line, place and date; the closing's archive line and signer's
/// title) wraps in its column and flows onto the next pages: all of it printed,
/// inside the text area.
#[test]
fn a_huge_header_or_closing_field_wraps_and_flows() {
    if !have_tool("pdftotext") {
        return;
    }
    let words = "Ủy ban nhân dân phường Phúc Lợi quận Long Biên thành phố Hà Nội";
    let long: String = vec![words; 40].join(" ");
    assert!(long.chars().count() > 2_000);
    let letters: String = "ABCDEFGH".repeat(250);
    for profile in ["hd36", "nd30"] {
        for (path, value) in [
            ("/issuer/name", &long),
            ("/issuer/superior", &long),
            ("/place", &long),
            ("/type_abbreviation", &letters),
            ("/archive", &long),
            ("/signer/title", &long),
        ] {
            let label = format!("{profile}: {path}");
            let mut v = fixture(profile);
            set(&mut v, path, json!(value));
            let r = render(&v);
            let pages = assert_inside(&r.pdf, &label);
            assert!(pages >= 3, "{label}: {pages} pages");
            assert_all_text(&v, &r, &label);
        }
    }
}

/// Set the field at a JSON pointer, creating it in its object if absent.
fn set(v: &mut Value, path: &str, value: Value) {
    let (parent, key) = path.rsplit_once('/').unwrap();
    let object = v.pointer_mut(parent).unwrap().as_object_mut().unwrap();
    object.insert(key.to_string(), value);
}

// ---------------------------------------------------------------- property

/// A small deterministic generator (SplitMix64): the same seeds every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn words(&mut self, n: usize) -> String {
        const WORDS: &[&str] = &[
            "Ủy",
            "ban",
            "nhân",
            "dân",
            "phường",
            "Phúc",
            "Lợi",
            "quận",
            "Long",
            "Biên",
            "Đảng",
            "ủy",
            "Thường",
            "vụ",
            "các",
            "đồng",
            "chí",
            "thực",
            "hiện",
            "báo",
            "cáo",
            "HĐND",
            "UBND",
            "(để",
            "biết)",
            "2018",
            "số",
        ];
        (0..n)
            .map(|_| *self.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// For random notices with long lists and long fields, in both profiles: every
/// string of the input appears in the PDF's text and in the DOCX's, and no glyph
/// lies outside the page's text area.
#[test]
fn random_long_notices_keep_every_word_inside_the_page() {
    if !have_tool("pdftotext") {
        return;
    }
    let mut rng = Rng(12);
    for case in 0..14 {
        let mut v = fixture(if rng.below(2) == 0 { "hd36" } else { "nd30" });
        let n = *rng.pick(&[1usize, 8, 30, 55, 80, 140]);
        let list: Vec<String> = (0..n)
            .map(|_| {
                let len = *rng.pick(&[2usize, 4, 8, 16, 40]);
                rng.words(len)
            })
            .collect();
        v["recipients"] = json!(list);
        let fields = [
            "/issuer/name",
            "/issuer/superior",
            "/place",
            "/archive",
            "/signer/title",
            "/signer/name",
            "/summary",
            "/body/closing",
        ];
        for _ in 0..rng.below(3) {
            let path = *rng.pick(&fields);
            let len = *rng.pick(&[20usize, 120, 450]);
            set(&mut v, path, json!(rng.words(len)));
        }
        let label = format!("case {case}");
        let r = render(&v);
        let pages = assert_inside(&r.pdf, &label);
        assert_eq!(pages, r.pages, "{label}");
        assert_all_text(&v, &r, &label);
    }
}
