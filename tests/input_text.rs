//! Text a notice must never lose, hide or fake: bidirectional controls, invisible
//! characters, foreign names beside Vietnamese, and list lines typed with their own
//! dash and semicolon. Each is a correct rendering (the PDF read back with poppler
//! and the DOCX text agree) or a refusal naming the field, line and column.

mod input_support;
mod support;

use input_support::*;
use serde_json::{json, Value};

fn base(name: &str) -> Value {
    serde_json::from_str(&support::fixture_text(name)).unwrap()
}

/// Render `v` through stdin with `--format all`: (run, PDF text, DOCX text, files).
fn render_all(v: &Value) -> (Run, Option<String>, Option<String>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = serde_json::to_string_pretty(v).unwrap();
    let run = vanban(
        &[
            "--lang",
            "en",
            "render",
            "-",
            "--format",
            "all",
            "--out-dir",
            out.to_str().unwrap(),
        ],
        Some(&input),
    );
    let files = files(&out);
    let (pdf, docx) = if run.code == 0 {
        (
            pdf_text(&out.join("notice.pdf")),
            Some(docx_text(&out.join("notice.docx"))),
        )
    } else {
        (None, None)
    };
    (run, pdf, docx, files)
}

/// Assert a refusal: exit 2, `at `path``, a line and column, `words`, no file.
fn assert_refused(v: &Value, path: &str, words: &[&str]) -> String {
    let (run, _, _, files) = render_all(v);
    assert_eq!(run.code, 2, "{path}: {}", run.stderr);
    let err = run.stderr;
    assert!(err.contains(&format!("at `{path}`")), "{err}");
    let before = err.split(&format!(": at `{path}`")).next().unwrap();
    let pos = before.rsplit(": ").next().unwrap();
    assert!(
        pos.split(':').count() == 2 && pos.split(':').all(|n| n.parse::<usize>().is_ok()),
        "line:column before the path: {err}"
    );
    for w in words {
        assert!(err.contains(w), "{w:?} not in {err}");
    }
    assert!(files.is_empty(), "no file for a refused notice: {files:?}");
    assert!(!err.contains("panicked") && !err.contains("\\u{"), "{err}");
    err
}

#[test]
fn bidirectional_controls_are_refused_by_code_point() {
    for c in [
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
    ] {
        let mut v = base("phuc-loi-2018.json");
        v["body"]["assessment"][0] = json!(format!("Tỷ lệ tăng 149,4{c}%"));
        assert_refused(
            &v,
            "body.assessment[0]",
            &[&format!("U+{:04X}", c as u32), "bidirectional", "remove it"],
        );
    }
}

#[test]
fn formatting_only_characters_are_dropped_alike_in_pdf_and_docx() {
    let mut v = base("phuc-loi-2018.json");
    // Soft hyphen, zero-width space, ZWJ, ZWNJ and a stray byte order mark, inside
    // words, where a clerk cannot see them.
    v["body"]["closing"] = json!(
        "Ban Thường\u{AD} vụ Quận ủy thông\u{200B} báo để Đảng ủy\u{200D} phường Phúc\u{200C} Lợi\u{FEFF} biết, thực hiện."
    );
    let (run, pdf, docx, _) = render_all(&v);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let clean = "Ban Thường vụ Quận ủy thông báo để Đảng ủy phường Phúc Lợi biết, thực hiện.";
    let docx = docx.unwrap();
    assert!(docx.contains(clean), "DOCX: {docx}");
    let invisible = ['\u{AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{FEFF}'];
    assert!(
        !docx.contains(invisible),
        "DOCX keeps an invisible character"
    );
    if let Some(pdf) = pdf {
        let folded = support::fold(&pdf);
        assert!(folded.contains(&support::fold(clean)), "PDF: {pdf}");
        assert!(!pdf.contains(invisible), "PDF keeps an invisible character");
    }
}

#[test]
fn invisible_characters_with_a_meaning_are_refused_by_code_point() {
    for (c, name) in [
        ('\u{034F}', "COMBINING GRAPHEME JOINER"),
        ('\u{2060}', "WORD JOINER"),
        ('\u{FE0F}', "VARIATION SELECTOR"),
        ('\u{2063}', "INVISIBLE"),
        ('\u{E0041}', "TAG CHARACTER"),
        ('\u{2028}', "LINE SEPARATOR"),
    ] {
        let mut v = base("phuc-loi-2018.json");
        v["place"] = json!(format!("Long{c} Biên"));
        assert_refused(&v, "place", &[&format!("U+{:04X}", c as u32), name]);
    }
}

#[test]
fn foreign_names_and_soft_hyphens_are_not_taken_for_tcvn3() {
    let mut v = base("phuc-loi-2018.json");
    let text = "Đoàn công tác của thành phố Zürich do ông Müller và bà Françoise Noël dẫn đầu; kế\u{AD}hoạch phát\u{AD}triển năm 2018.";
    v["body"]["assessment"][0] = json!(text);
    let (run, pdf, docx, _) = render_all(&v);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let printed = "Đoàn công tác của thành phố Zürich do ông Müller và bà Françoise Noël dẫn đầu; kếhoạch pháttriển năm 2018.";
    assert!(docx.unwrap().contains(printed));
    if let Some(pdf) = pdf {
        assert!(
            support::fold(&pdf).contains(&support::fold(printed)),
            "{pdf}"
        );
    }
}

#[test]
fn legacy_text_is_still_refused_and_shown_as_itself() {
    let mut v = base("phuc-loi-2018.json");
    v["ward"] = json!("Ph\u{AD}êng Phóc Lîi");
    let err = assert_refused(&v, "ward", &["TCVN3", "\"Lîi\" reads \"Lợi\""]);
    assert!(err.contains("\"Ph<U+00AD>êng\" reads \"Phường\""), "{err}");
    let mut v = base("phuc-loi-2018.json");
    v["meeting"]["place"] = json!("phoøng hoïp soá 1, truï sôû Ñaûng uûy");
    assert_refused(&v, "meeting.place", &["VNI", "reads"]);
}

/// The "Nơi nhận" lines of a PDF or DOCX text: those starting with "- ".
fn list_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("- "))
        .map(str::to_string)
        .collect()
}

#[test]
fn recipients_typed_with_dash_and_semicolon_are_not_doubled() {
    for (fixture, sep, archive) in [
        ("phuc-loi-2018-nd30.json", ";", "- Lưu: VT, VP."),
        ("phuc-loi-2018.json", ",", "- Lưu Văn phòng Quận ủy."),
    ] {
        let mut v = base(fixture);
        v["recipients"] = json!([
            "- Chủ tịch UBND quận;",
            "• Các phòng, ban chuyên môn,",
            "– Đảng ủy phường Phúc Lợi.",
            "Lãnh đạo Văn phòng"
        ]);
        if fixture.contains("nd30") {
            v["archive"] = json!("- Lưu: VT, VP.");
        } else {
            v["archive"] = json!("Văn phòng Quận ủy.");
        }
        let (run, pdf, docx, _) = render_all(&v);
        assert_eq!(run.code, 0, "{fixture}: {}", run.stderr);
        let expected = vec![
            format!("- Chủ tịch UBND quận{sep}"),
            format!("- Các phòng, ban chuyên môn{sep}"),
            format!("- Đảng ủy phường Phúc Lợi{sep}"),
            format!("- Lãnh đạo Văn phòng{sep}"),
            archive.to_string(),
        ];
        let docx_lines = list_lines(&docx.unwrap());
        assert_eq!(docx_lines, expected, "{fixture} DOCX");
        if let Some(pdf) = pdf {
            // The list shares its lines with the signature block in the PDF.
            for e in &expected {
                assert!(pdf.contains(e.as_str()), "{fixture}: {e:?} not in {pdf}");
            }
            assert!(!pdf.contains("- -") && !pdf.contains(";;") && !pdf.contains(",,"));
            assert!(!pdf.contains("..") && !pdf.contains("Lưu: Lưu"));
        }
    }
    // A line that is nothing but marks is refused where it stands.
    let mut v = base("phuc-loi-2018-nd30.json");
    v["recipients"][1] = json!("- ;");
    assert_refused(&v, "recipients[1]", &["only a dash or punctuation"]);
}
