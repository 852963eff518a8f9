//! Suggestions that do the work, and every error of a notice in one run: the CLI is
//! run as a clerk would run it (bounded in time), and its messages are read back.

mod support;

use serde_json::{json, Value};
use std::path::Path;

fn base(name: &str) -> Value {
    serde_json::from_str(&support::fixture_text(name)).unwrap()
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

/// `vanban validate FILE` on `text` written to a fresh folder: (exit code, stderr).
fn validate(text: &[u8], extra: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notice.json");
    std::fs::write(&file, text).unwrap();
    // In English: these tests are about the English wording (the Vietnamese
    // default is checked in tests/errors.rs).
    let mut args = vec!["--lang", "en", "validate", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = support::vanban_bounded(&args, Some(dir.path()), None);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code().unwrap(), err)
}

/// The JSON diagnostics of `vanban validate --message-format json`.
fn diagnostics(text: &[u8]) -> (i32, Vec<Value>) {
    let (code, err) = validate(text, &["--message-format", "json"]);
    let lines = err
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (code, lines)
}

/// The one diagnostic of `text`: its code, path, line, column and message.
fn one(text: &str) -> Value {
    let (code, d) = diagnostics(text.as_bytes());
    assert_eq!(code, 2, "{d:?}");
    assert_eq!(d.len(), 1, "{d:?}");
    d[0].clone()
}

/// Line and column (1-based, in characters) of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (u64, u64) {
    let i = text.find(needle).unwrap();
    let before = &text[..i];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() as u64 + 1;
    (line, col)
}

#[test]
fn dates_typed_day_first_are_offered_in_iso_form() {
    for typed in ["15/03/2024", "15-03-2024", "15.3.2024"] {
        let mut v = base("phuc-loi-2018.json");
        v["date"] = json!(typed);
        let d = one(&pretty(&v));
        assert_eq!(d["code"], "invalid-date", "{d}");
        assert_eq!(d["path"], "date", "{d}");
        let m = d["message"].as_str().unwrap();
        assert!(
            m.contains("write dates as YYYY-MM-DD: did you mean 2024-03-15?"),
            "{typed}: {m}"
        );
    }
}

#[test]
fn printed_signing_prefixes_name_the_authority() {
    for (typed, meant, fixture) in [
        ("TM.", "thay_mat", "phuc-loi-2018-nd30.json"),
        ("T/M", "thay_mat", "phuc-loi-2018.json"),
        ("KT.", "ky_thay", "phuc-loi-2018-nd30.json"),
        ("K/T", "ky_thay", "phuc-loi-2018.json"),
        ("TL.", "thua_lenh", "phuc-loi-2018-nd30.json"),
        ("TUQ.", "thua_uy_quyen", "phuc-loi-2018-nd30.json"),
        ("Q.", "quyen", "phuc-loi-2018-nd30.json"),
        ("Thay mặt", "thay_mat", "phuc-loi-2018.json"),
    ] {
        let mut v = base(fixture);
        v["signer"]["authority"] = json!(typed);
        let d = one(&pretty(&v));
        assert_eq!(d["code"], "unknown-value", "{d}");
        assert_eq!(d["path"], "signer.authority", "{d}");
        let m = d["message"].as_str().unwrap();
        assert!(
            m.contains(&format!("write the authority as \"{meant}\"")),
            "{typed}: {m}"
        );
        assert!(!m.contains("variant"), "{m}");
    }
}

#[test]
fn a_number_in_quotes_is_told_to_lose_them() {
    let mut v = base("phuc-loi-2018.json");
    v["number"] = json!("12");
    let d = one(&pretty(&v));
    assert_eq!(d["code"], "wrong-type", "{d}");
    let m = d["message"].as_str().unwrap();
    assert!(m.starts_with("write 12 without quotes"), "{m}");
    assert!(!m.contains("u32"), "{m}");
}

#[test]
fn required_fields_say_what_they_hold() {
    let mut v = base("phuc-loi-2018.json");
    v.as_object_mut().unwrap().remove("archive");
    let d = one(&pretty(&v));
    assert_eq!(d["code"], "missing-field", "{d}");
    assert_eq!(
        d["message"],
        "the required field `archive` is missing: the archive line"
    );
    let mut v = base("phuc-loi-2018.json");
    v["meeting"]["chair"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    let d = one(&pretty(&v));
    assert_eq!(d["path"], "meeting.chair", "{d}");
    assert_eq!(
        d["message"],
        "the required field `name` is missing: full name"
    );
}

/// In Vietnamese (the default), a required field's message says what it holds in
/// the Vietnamese half of its description.
#[test]
fn required_fields_say_what_they_hold_in_vietnamese() {
    let mut v = base("phuc-loi-2018.json");
    v.as_object_mut().unwrap().remove("archive");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("n.json"), pretty(&v)).unwrap();
    let out = support::vanban_bounded(
        &["validate", "n.json", "--message-format", "json"],
        Some(dir.path()),
        None,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let d: Value = serde_json::from_str(err.trim()).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert_eq!(d["code"], "missing-field", "{d}");
    assert_eq!(d["message"], "thiếu trường bắt buộc `archive`: dòng lưu");
}

#[test]
fn look_alikes_in_the_syntax_are_named_at_their_place() {
    let text = support::fixture_text("phuc-loi-2018.json");
    for (from, to, at, words) in [
        (
            "\"summary\"",
            "“summary”",
            "“",
            "is a curly quote “ from a word processor; JSON needs the straight quote \"",
        ),
        (
            "\"summary\"",
            "‘summary’",
            "‘",
            "is a curly single quote ‘ from a word processor",
        ),
        (
            "\"summary\":",
            "\"summary\"：",
            "：",
            "is a full-width colon ：",
        ),
        (
            "\"summary\":",
            "\u{a0}\"summary\":",
            "\u{a0}",
            "is a no-break space (U+00A0)",
        ),
    ] {
        let bad = text.replacen(from, to, 1);
        // Each look-alike is named (a curly quote and its pair), and nothing else.
        let (code, all) = diagnostics(bad.as_bytes());
        assert_eq!(code, 2, "{all:?}");
        assert_eq!(
            all.len(),
            to.chars().filter(|c| !c.is_ascii()).count(),
            "{all:?}"
        );
        assert!(all.iter().all(|d| d["code"] == "look-alike"), "{all:?}");
        let d = all[0].clone();
        let (line, column) = position_of(&bad, at);
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(line), Some(column)),
            "{d}"
        );
        let m = d["message"].as_str().unwrap();
        assert!(m.contains(&format!("at {line}:{column} {words}")), "{m}");
    }
}

#[test]
fn legacy_encoding_shows_the_characters_themselves() {
    let mut v = base("phuc-loi-2018.json");
    v["summary"] = json!("Th«ng b¸o kÕt luËn cña Ban Th\u{AD}êng vô");
    let d = one(&pretty(&v));
    assert_eq!(d["code"], "bad-text", "{d}");
    let m = d["message"].as_str().unwrap();
    assert!(m.contains("\"Th«ng\" reads \"Thông\""), "{m}");
    assert!(!m.contains("\\u{"), "{m}");
}

/// A file saved by Windows Notepad starts with a byte order mark.
fn with_bom(text: &str) -> Vec<u8> {
    let mut b = vec![0xEF, 0xBB, 0xBF];
    b.extend_from_slice(text.as_bytes());
    b
}

#[test]
fn a_byte_order_mark_is_accepted_by_validate_render_and_batch() {
    let notice = with_bom(&support::fixture_text("phuc-loi-2018.json"));
    let (code, err) = validate(&notice, &[]);
    assert_eq!(code, 0, "{err}");
    // Positions are those an editor shows (no column for the mark): on one line, the
    // errors are where they are without it, the first one from serde's position and
    // the later ones located afresh.
    let mut v = base("phuc-loi-2018.json");
    v["number"] = json!("12");
    v["date"] = json!("15/03/2024");
    let text = serde_json::to_string(&v).unwrap();
    let strip = |d: Vec<Value>| -> Vec<Value> {
        d.into_iter()
            .map(|mut e| {
                e.as_object_mut().unwrap().remove("input");
                e
            })
            .collect()
    };
    let (_, d) = diagnostics(&with_bom(&text));
    let (_, plain) = diagnostics(text.as_bytes());
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(strip(d), strip(plain));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notice.json"), &notice).unwrap();
    let out = support::vanban_bounded(
        &["render", "notice.json", "--out-dir", "out"],
        Some(dir.path()),
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join("out/notice.pdf");
    assert!(std::fs::metadata(&pdf).unwrap().len() > 1000);
    if support::have_tool("pdftotext") {
        let text = support::run("pdftotext", &[], &pdf);
        assert!(text.contains("THÔNG BÁO"), "{text}");
    }

    let batch = support::fixture_text("long-bien-2018-batch.json");
    let batch_dir = tempfile::tempdir().unwrap();
    copy_dir(
        &support::fixture_path("images"),
        &batch_dir.path().join("images"),
    );
    std::fs::write(batch_dir.path().join("batch.json"), with_bom(&batch)).unwrap();
    let (code, err) = {
        let out =
            support::vanban_bounded(&["validate", "batch.json"], Some(batch_dir.path()), None);
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(code, 0, "{err}");
    let out = support::vanban_bounded(
        &["batch", "batch.json", "--out-dir", "out", "--quiet"],
        Some(batch_dir.path()),
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdfs = std::fs::read_dir(batch_dir.path().join("out"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "pdf")
        })
        .count();
    assert!(pdfs >= 2, "{pdfs} PDFs");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// The clerk's notice of the issue: seven runs, one error each, before.
fn clerks_notice() -> String {
    let mut v = base("phuc-loi-2018.json");
    v["number"] = json!("12");
    v["date"] = json!("15/03/2024");
    v["meeting"]["date"] = json!("14/03/2024");
    v["body"]["tasks"][0]["deadline"] = json!("30/6/2024");
    v["signer"]["authority"] = json!("T/M");
    v["sumary"] = v["summary"].take();
    v.as_object_mut().unwrap().remove("summary");
    v.as_object_mut().unwrap().remove("archive");
    pretty(&v)
}

#[test]
fn validate_reports_every_error_in_one_run() {
    let text = clerks_notice();
    let (code, d) = diagnostics(text.as_bytes());
    assert_eq!(code, 2);
    let got: Vec<(&str, &str)> = d
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    for want in [
        ("number", "wrong-type"),
        ("date", "invalid-date"),
        ("meeting.date", "invalid-date"),
        ("body.tasks[0].deadline", "invalid-date"),
        ("signer.authority", "unknown-value"),
        ("sumary", "unknown-field"),
        (".", "missing-field"),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
    // Each names the line of its value in the file as written.
    for e in &d {
        let path = e["path"].as_str().unwrap();
        let line = e["line"].as_u64().unwrap();
        let key = path.rsplit(['.', ']']).next().unwrap();
        if path != "." {
            let lines: Vec<&str> = text.lines().collect();
            assert!(
                lines[line as usize - 1].contains(&format!("\"{key}\"")),
                "{path} at line {line}: {}",
                lines[line as usize - 1]
            );
        }
        assert!(e["column"].as_u64().unwrap() > 0, "{e}");
    }
    // The same errors in plain words, one line each.
    let (code, plain) = validate(text.as_bytes(), &[]);
    assert_eq!(code, 2);
    assert_eq!(plain.lines().count(), d.len(), "{plain}");
}

#[test]
fn render_reports_every_error_and_writes_nothing() {
    let text = clerks_notice();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notice.json"), &text).unwrap();
    let out = support::vanban_bounded(
        &["--lang", "en", "render", "notice.json", "--out-dir", "out"],
        Some(dir.path()),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.lines().count() >= 7, "{err}");
    assert!(err.contains("did you mean 2024-03-15?"), "{err}");
    assert!(err.contains("did you mean `summary`?"), "{err}");
    let written: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(!dir.path().join("out").join("notice.pdf").exists());
}

#[test]
fn every_error_code_is_documented() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for code in vanban::input::messages::ErrorCode::ALL {
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "{code} is not in README's table of error codes"
        );
    }
}
