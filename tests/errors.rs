//! Every class of bad input gets a clear error naming the field, a documented exit
//! code, and leaves no file behind. The CLI is run as a user would run it.

mod support;

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Output};

fn vanban(args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vanban"));
    cmd.args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("vanban runs");
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn base() -> Value {
    serde_json::from_str(&support::fixture_text("phuc-loi-2018.json")).unwrap()
}

/// Render `input` through stdin into a fresh folder; returns (exit code, stderr, files).
fn render(input: &str) -> (i32, String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let out = vanban(
        &["render", "-", "--out-dir", dir.path().to_str().unwrap()],
        Some(input),
    );
    let files = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        files,
    )
}

fn with(mut v: Value, path: &[&str], value: Value) -> String {
    let mut cur = &mut v;
    for (i, k) in path.iter().enumerate() {
        if i + 1 == path.len() {
            match (value.is_null(), k.parse::<usize>()) {
                (true, _) => {
                    cur.as_object_mut().unwrap().remove(*k);
                }
                (false, Ok(n)) => cur[n] = value.clone(),
                (false, Err(_)) => cur[*k] = value.clone(),
            }
            break;
        }
        cur = match k.parse::<usize>() {
            Ok(n) => &mut cur[n],
            Err(_) => &mut cur[*k],
        };
    }
    serde_json::to_string_pretty(&v).unwrap()
}

/// Assert a bad input: exit 2, the message names `path` and contains `words`, no file.
fn assert_rejected(input: &str, path: &str, words: &str) {
    let (code, err, files) = render(input);
    assert_eq!(code, 2, "exit code for {path}: {err}");
    assert!(
        err.contains(&format!("at `{path}`")),
        "path {path} not named: {err}"
    );
    assert!(err.contains(words), "{words:?} not in: {err}");
    assert!(files.is_empty(), "files left behind: {files:?}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn malformed_json_names_line_and_column() {
    let (code, err, files) = render("{\n  \"profile\": \"hd36\",\n  \"issuer\": {,}\n}");
    assert_eq!(code, 2);
    assert!(
        err.contains("3:14") && err.contains("malformed JSON"),
        "{err}"
    );
    assert!(files.is_empty());
}

#[test]
fn missing_required_field() {
    assert_rejected(
        &with(base(), &["meeting", "chair"], Value::Null),
        "meeting",
        "required field `chair` is missing",
    );
}

#[test]
fn wrong_type() {
    assert_rejected(
        &with(base(), &["number"], json!("5")),
        "number",
        "write 5 without quotes",
    );
    assert_rejected(
        &with(base(), &["recipients"], json!("UBND quận")),
        "recipients",
        "wrong type: the text \"UBND quận\" where a list [ … ] belongs",
    );
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let mut v = base();
    let s = v.as_object_mut().unwrap().remove("summary").unwrap();
    v["sumary"] = s;
    assert_rejected(&v.to_string(), "sumary", "did you mean `summary`?");
}

#[test]
fn impossible_date() {
    assert_rejected(
        &with(base(), &["date"], json!("2018-02-30")),
        "date",
        "month 2 of 2018 has 28 days",
    );
}

#[test]
fn empty_required_string() {
    assert_rejected(
        &with(base(), &["signer", "name"], json!("  ")),
        "signer.name",
        "must not be empty",
    );
}

#[test]
fn characters_the_font_cannot_draw_are_named() {
    assert_rejected(
        &with(base(), &["summary"], json!("kết luận 😀")),
        "summary",
        "U+1F600",
    );
    assert_rejected(
        &with(base(), &["recipients", "0"], json!("中文")),
        "recipients[0]",
        "U+4E2D",
    );
}

#[test]
fn control_characters_are_refused() {
    assert_rejected(
        &with(base(), &["place"], json!("Long\u{0008}Biên")),
        "place",
        "U+0008",
    );
}

#[test]
fn legacy_encodings_are_detected() {
    // "Phường Phúc Lợi" typed with a TCVN3 font, read as Latin-1.
    assert_rejected(
        &with(
            base(),
            &["summary"],
            json!("kÕt luËn cña Ban Th\u{AD}êng vô"),
        ),
        "summary",
        "TCVN3",
    );
    // "Việt Nam" typed with a VNI font.
    assert_rejected(
        &with(base(), &["place"], json!("Vieät Nam")),
        "place",
        "VNI",
    );
}

#[test]
fn decomposed_unicode_is_accepted_and_normalised() {
    use unicode_normalization::UnicodeNormalization;
    let nfc = support::fixture_text("phuc-loi-2018.json");
    let nfd: String = nfc.nfd().collect();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for (text, dir) in [(&nfc, &a), (&nfd, &b)] {
        let out = vanban(
            &["render", "-", "--out-dir", dir.path().to_str().unwrap()],
            Some(text),
        );
        assert!(out.status.success());
    }
    let pa = std::fs::read(a.path().join("notice.pdf")).unwrap();
    let pb = std::fs::read(b.path().join("notice.pdf")).unwrap();
    assert!(pa == pb, "NFD input must give the NFC output byte for byte");
}

#[test]
fn markup_and_handlebars_in_data_are_literal() {
    let tricky = "về <b>việc</b> & {{summary}} {{{x}}} &amp; <p style=\"title\">";
    let input = with(base(), &["summary"], json!(tricky));
    let dir = tempfile::tempdir().unwrap();
    let out = vanban(
        &["render", "-", "--out-dir", dir.path().to_str().unwrap()],
        Some(&input),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if !support::have_tool("pdftotext") {
        return;
    }
    let text = support::folded_text(&dir.path().join("notice.pdf"));
    assert!(text.contains(tricky), "literal text lost: {text}");
}

fn template_dir(name: &str, body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), body).unwrap();
    dir
}

fn render_with_templates(dir: &Path) -> (i32, String) {
    let out_dir = tempfile::tempdir().unwrap();
    let out = vanban(
        &[
            "render",
            support::fixture_path("phuc-loi-2018.json")
                .to_str()
                .unwrap(),
            "--templates",
            dir.to_str().unwrap(),
            "--out-dir",
            out_dir.path().to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 0);
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn template_syntax_error_names_file_line_and_column() {
    let dir = template_dir(
        "hd36.hbs",
        "<document>\n<p style=\"body\">{{#if title}}x</p>\n</document>\n",
    );
    let (code, err) = render_with_templates(dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("hd36.hbs:4:1"), "{err}");
}

#[test]
fn template_missing_variable_names_file_line_and_column() {
    let dir = template_dir(
        "hd36.hbs",
        "<document>\n<p style=\"body\">{{meeting.chiar.name}}</p>\n</document>\n",
    );
    let (code, err) = render_with_templates(dir.path());
    assert_eq!(code, 2);
    assert!(
        err.contains("hd36.hbs:2:17") && err.contains("meeting.chiar.name"),
        "{err}"
    );
}

#[test]
fn template_missing_partial_names_file_line_and_column() {
    let dir = template_dir(
        "hd36.hbs",
        "<document>\n  {{> signature_block}}\n</document>\n",
    );
    let (code, err) = render_with_templates(dir.path());
    assert_eq!(code, 2);
    assert!(
        err.contains("hd36.hbs:2:3") && err.contains("signature_block"),
        "{err}"
    );
}

#[test]
fn template_producing_bad_markup_is_reported() {
    let dir = template_dir(
        "hd36.hbs",
        "<document>\n<p style=\"nope\">x</p>\n</document>\n",
    );
    let (code, err) = render_with_templates(dir.path());
    assert_eq!(code, 2);
    assert!(
        err.contains("markup 2:") && err.contains("no such style"),
        "{err}"
    );
}

#[test]
fn unwritable_output_folder_is_exit_1_and_clear() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"x").unwrap();
    // A folder below a regular file can never be created.
    let out = vanban(
        &[
            "render",
            support::fixture_path("phuc-loi-2018.json")
                .to_str()
                .unwrap(),
            "--out-dir",
            blocker.join("sub").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot create"), "{err}");
}

#[test]
fn json_message_format_is_machine_readable() {
    let out = vanban(
        &["--message-format", "json", "validate", "-"],
        Some(&with(base(), &["date"], json!("2018-13-01"))),
    );
    assert_eq!(out.status.code(), Some(2));
    let line = String::from_utf8_lossy(&out.stderr);
    let v: Value = serde_json::from_str(line.trim()).expect("one JSON object");
    assert_eq!(v["level"], "error");
    assert_eq!(v["path"], "date");
    assert!(v["line"].as_u64().unwrap() > 0 && v["column"].as_u64().unwrap() > 0);
    assert!(v["message"].as_str().unwrap().contains("month"));
}

#[test]
fn validate_accepts_the_fixtures_and_schema_describes_them() {
    for f in [
        "phuc-loi-2018.json",
        "phuc-loi-2018-nd30.json",
        "long-notice.json",
    ] {
        let out = vanban(
            &["validate", support::fixture_path(f).to_str().unwrap()],
            None,
        );
        assert!(
            out.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = vanban(&["schema"], None);
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    let props = &schema["properties"];
    for field in [
        "profile",
        "issuer",
        "number",
        "date",
        "summary",
        "meeting",
        "body",
        "recipients",
        "signer",
    ] {
        assert!(props.get(field).is_some(), "schema lacks {field}");
    }
    assert_eq!(schema["additionalProperties"], json!(false));
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(required.contains(&"summary") && !required.contains(&"ward"));
    // Descriptions in both languages.
    let d = props["place"]["description"].as_str().unwrap();
    assert!(d.contains("Địa danh") && d.contains("Place"), "{d}");
}
