//! Every class of bad input gets a clear error naming the field, a documented exit
//! code, and leaves no file behind. The CLI is run as a user would run it.

mod support;

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Output};

/// Run vanban in English: the tests below are about the English wording (the
/// Vietnamese default is checked by `every_kind_of_error_in_both_languages`).
fn vanban(args: &[&str], stdin: Option<&str>) -> Output {
    let mut with_lang = vec!["--lang", "en"];
    with_lang.extend_from_slice(args);
    vanban_as_is(&with_lang, stdin)
}

/// Run vanban with `args` as given (its default language: Vietnamese).
fn vanban_as_is(args: &[&str], stdin: Option<&str>) -> Output {
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
        // The template's own file and line, then where in the markup it showed.
        err.contains("hd36.hbs:2:")
            && err.contains("no such style")
            && err.contains("markup line 2"),
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

/// One bad input of each kind, the words each language must say about it, and where.
struct Case {
    code: &'static str,
    text: String,
    path: &'static str,
    /// A distinctive phrase of the Vietnamese message.
    vi: &'static str,
    /// A distinctive phrase of the English message.
    en: &'static str,
}

fn nd30() -> Value {
    serde_json::from_str(&support::fixture_text("phuc-loi-2018-nd30.json")).unwrap()
}

/// A notice with one mistake of every kind the input room names (one per error code).
fn one_case_per_code() -> Vec<Case> {
    let fixture = support::fixture_text("phuc-loi-2018.json");
    let mut unknown = base();
    unknown["sumary"] = unknown["summary"].take();
    unknown.as_object_mut().unwrap().remove("summary");
    vec![
        Case {
            code: "bad-json",
            text: "{\n  \"profile\": \"hd36\",\n  \"issuer\": {,}\n}".into(),
            path: ".",
            vi: "tệp không đúng cú pháp JSON: tên trường phải đặt trong dấu ngoặc kép",
            en: "malformed JSON: a field name must be in double quotes",
        },
        Case {
            code: "look-alike",
            text: fixture.replacen("\"summary\"", "“summary”", 1),
            path: ".",
            vi: "là dấu ngoặc kép cong “ của trình soạn thảo văn bản; JSON cần dấu ngoặc kép thẳng",
            en: "is a curly quote “ from a word processor; JSON needs the straight quote",
        },
        Case {
            code: "not-a-notice",
            text: format!("{fixture}}}\n"),
            path: ".",
            vi: "có chữ thừa sau khi thông báo đã kết thúc",
            en: "unexpected text after the end of the notice",
        },
        Case {
            code: "unknown-field",
            text: serde_json::to_string_pretty(&unknown).unwrap(),
            path: "sumary",
            vi: "không có trường `sumary` ở đây; có phải ý bạn là `summary`?",
            en: "unknown field `sumary`; did you mean `summary`?",
        },
        Case {
            code: "missing-field",
            text: with(base(), &["archive"], Value::Null),
            path: ".",
            vi: "thiếu trường bắt buộc `archive`: dòng lưu",
            en: "the required field `archive` is missing: the archive line",
        },
        Case {
            code: "wrong-type",
            text: with(base(), &["number"], json!("12")),
            path: "number",
            vi: "hãy viết 12 không có dấu ngoặc kép",
            en: "write 12 without quotes",
        },
        Case {
            code: "unknown-value",
            text: with(nd30(), &["signer", "authority"], json!("TM.")),
            path: "signer.authority",
            vi: "`TM.` là tiền tố in trên văn bản; hãy ghi thẩm quyền ký là \"thay_mat\"",
            en: "`TM.` is the prefix as printed; write the authority as \"thay_mat\"",
        },
        Case {
            code: "invalid-date",
            text: with(base(), &["date"], json!("15/03/2024")),
            path: "date",
            vi: "hãy viết ngày theo dạng YYYY-MM-DD: có phải ý bạn là 2024-03-15?",
            en: "write dates as YYYY-MM-DD: did you mean 2024-03-15?",
        },
        Case {
            code: "bad-text",
            text: with(base(), &["signer", "name"], json!("  ")),
            path: "signer.name",
            vi: "không được để trống",
            en: "must not be empty",
        },
        Case {
            code: "invalid-value",
            text: with(base(), &["number"], json!(0)),
            path: "number",
            vi: "số văn bản bắt đầu từ 1",
            en: "the number starts at 1",
        },
        Case {
            code: "bad-image",
            text: with(
                nd30(),
                &["seal"],
                json!({"file": "dau.png", "width_mm": 36}),
            ),
            path: "seal.file",
            vi: "không đọc được `dau.png`: không có tệp này trong thư mục ảnh",
            en: "cannot read `dau.png`: no such file in the assets folder",
        },
    ]
}

/// `vanban validate notice.json` on `text` in a fresh folder, with `args` before the
/// command: (exit code, stderr).
fn validate_file(text: &str, args: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notice.json"), text).unwrap();
    let mut all = args.to_vec();
    all.extend(["validate", "notice.json"]);
    let out = support::vanban_bounded(&all, Some(dir.path()), None);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code().unwrap(), err)
}

/// Each kind of input error is said in Vietnamese by default and in English with
/// `--lang en`, at the same path, line and column, with the same code; the JSON
/// message format carries the code and the message in the language asked for.
#[test]
fn every_kind_of_error_in_both_languages() {
    let cases = one_case_per_code();
    let codes: Vec<&str> = cases.iter().map(|c| c.code).collect();
    for code in vanban::input::messages::ErrorCode::ALL {
        assert!(codes.contains(&code.as_str()), "no case for {code}");
    }
    for case in &cases {
        let mut place = None;
        for (lang, words, other) in [
            (None, case.vi, case.en),
            (Some("vi"), case.vi, case.en),
            (Some("en"), case.en, case.vi),
        ] {
            let flag: Vec<&str> = lang.map_or(vec![], |l| vec!["--lang", l]);
            let mut json_args = flag.clone();
            json_args.extend(["--message-format", "json"]);
            let (exit, err) = validate_file(&case.text, &json_args);
            assert_eq!(exit, 2, "{}: {err}", case.code);
            let d: Value = serde_json::from_str(err.lines().next().unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}: {err}", case.code));
            assert_eq!(d["code"], case.code, "{d}");
            assert_eq!(d["path"], case.path, "{d}");
            let message = d["message"].as_str().unwrap();
            assert!(message.contains(words), "{:?}: {message}", lang);
            assert!(!message.contains(other), "{:?}: {message}", lang);
            let (line, column) = (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
            assert!(line > 0 && column > 0, "{d}");
            // The same place in every language.
            assert_eq!(*place.get_or_insert((line, column)), (line, column), "{d}");

            let (exit, plain) = validate_file(&case.text, &flag);
            assert_eq!(exit, 2, "{plain}");
            let first = plain.lines().next().unwrap();
            assert!(first.contains(&format!("{line}:{column}")), "{first}");
            assert!(first.contains(&format!("`{}`", case.path)), "{first}");
            assert!(first.contains(words), "{first}");
        }
    }
}

/// The places the syntax errors are reported at: where the fault is, as an editor
/// counts lines and columns.
#[test]
fn syntax_errors_point_at_the_fault_in_both_languages() {
    let fixture = support::fixture_text("phuc-loi-2018.json");
    let curly = fixture.replacen("\"summary\"", "“summary”", 1);
    let before = &curly[..curly.find('“').unwrap()];
    let want = (
        before.matches('\n').count() as u64 + 1,
        before.rsplit('\n').next().unwrap().chars().count() as u64 + 1,
    );
    for lang in ["vi", "en"] {
        let (_, err) = validate_file(&curly, &["--lang", lang, "--message-format", "json"]);
        // The opening quote, then the closing one, 8 characters on.
        let d: Vec<Value> = err
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let places: Vec<_> = d
            .iter()
            .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
            .collect();
        assert_eq!(places, [want, (want.0, want.1 + 8)], "{err}");
        let (_, err) = validate_file(
            "{\n  \"profile\": \"hd36\",\n  \"issuer\": {,}\n}",
            &["--lang", lang, "--message-format", "json"],
        );
        let d: Value = serde_json::from_str(err.trim()).unwrap();
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(3), Some(14))
        );
    }
}

/// serde_json's English never reaches a Vietnamese reader: the syntax faults a
/// clerk makes, each in plain Vietnamese.
#[test]
fn broken_json_is_told_in_plain_vietnamese() {
    for (text, words) in [
        ("{\"profile\": \"hd36\",", "tệp kết thúc"),
        ("{\"profile\": \"hd36\",}", "thừa dấu phẩy"),
        ("{\"profile\" \"hd36\"}", "thiếu dấu hai chấm"),
        ("{\"profile\": \"hd36\" \"number\": 1}", "thiếu dấu phẩy"),
        (
            "{profile: \"hd36\"}",
            "tên trường phải đặt trong dấu ngoặc kép",
        ),
        ("{\"profile\": hd36}", "ở đây cần một giá trị"),
        ("{\"seal\": nul}", "chỉ true, false và null"),
        ("", "tệp trống"),
    ] {
        let (exit, err) = validate_file(text, &["--message-format", "json"]);
        assert_eq!(exit, 2, "{text:?}: {err}");
        let d: Value = serde_json::from_str(err.trim()).unwrap_or_else(|e| panic!("{e}: {err}"));
        let m = d["message"].as_str().unwrap();
        assert!(m.contains(words), "{text:?}: {m}");
        for english in ["EOF", "expected", "trailing", "key must", "while parsing"] {
            assert!(!m.contains(english), "{text:?}: {m}");
        }
    }
}

/// The nd30 fixture with the mistakes of a clerk's first notice (issue 16): the
/// number in quotes, three dates typed 15/03/2024, "TM." for the authority, no
/// archive line.
fn clerks_mistakes() -> Value {
    let mut v = nd30();
    v["number"] = json!("12");
    v["date"] = json!("15/03/2024");
    v["meeting"]["date"] = json!("15/03/2024");
    v["body"]["tasks"][0]["deadline"] = json!("15/03/2024");
    v["signer"]["authority"] = json!("TM.");
    v.as_object_mut().unwrap().remove("archive");
    v
}

/// One JSON diagnostic a line, as `--message-format json` prints them.
fn json_lines(err: &str) -> Vec<Value> {
    err.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Several errors of one notice in one run, all in Vietnamese.
#[test]
fn several_errors_in_one_run_in_vietnamese() {
    let v = clerks_mistakes();
    let text = format!("\u{feff}{}", serde_json::to_string_pretty(&v).unwrap());
    let (exit, err) = validate_file(&text, &["--message-format", "json"]);
    assert_eq!(exit, 2, "{err}");
    let d = json_lines(&err);
    let got: Vec<(&str, &str)> = d
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["message"].as_str().unwrap()))
        .collect();
    for (path, words) in [
        ("number", "hãy viết 12 không có dấu ngoặc kép"),
        ("date", "có phải ý bạn là 2024-03-15?"),
        ("meeting.date", "có phải ý bạn là 2024-03-15?"),
        ("body.tasks[0].deadline", "có phải ý bạn là 2024-03-15?"),
        ("signer.authority", "hãy ghi thẩm quyền ký là \"thay_mat\""),
        (".", "thiếu trường bắt buộc `archive`: dòng lưu"),
    ] {
        assert!(
            got.iter().any(|(p, m)| *p == path && m.contains(words)),
            "{path}: {words:?} not in {got:?}"
        );
    }
    assert_eq!(d.len(), 6, "{got:?}");
    // The same errors in English with --lang en.
    let (_, en) = validate_file(&text, &["--lang", "en", "--message-format", "json"]);
    assert_eq!(en.lines().count(), 6, "{en}");
    assert!(en.contains("did you mean 2024-03-15?"), "{en}");
}

/// A list given to `render` is no notice: said in both languages.
#[test]
fn a_list_is_not_a_notice_in_both_languages() {
    for (args, words) in [
        (
            vec![],
            "một thông báo là một đối tượng JSON {…}; đây là một danh sách",
        ),
        (
            vec!["--lang", "en"],
            "a notice is a JSON object {…}; this is a list",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut all = args.clone();
        all.extend(["render", "-", "--out-dir", dir.path().to_str().unwrap()]);
        let out = vanban_as_is(&all, Some("[1, 2]"));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(words) && err.contains("1:1"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

/// The clerk's first notice of issue 16 (a number in quotes, three dates typed
/// 15/03/2024, the prefix "TM." for the authority, no archive line, saved by
/// Notepad with a byte order mark, quotes pasted from Word): the first run of
/// `vanban validate` names every mistake, in Vietnamese, each where it is; with
/// them corrected as the messages say, the second run finds the notice valid.
#[test]
fn a_clerks_first_notice_takes_two_runs() {
    let v = clerks_mistakes();
    let pretty = serde_json::to_string_pretty(&v).unwrap();
    let text = format!("\u{feff}{}", pretty.replacen("\"summary\"", "“summary”", 1));

    let (exit, err) = validate_file(&text, &["--message-format", "json"]);
    assert_eq!(exit, 2, "{err}");
    let d = json_lines(&err);
    let got: Vec<(&str, &str)> = d
        .iter()
        .map(|e| (e["code"].as_str().unwrap(), e["message"].as_str().unwrap()))
        .collect();
    for (code, words) in [
        ("wrong-type", "hãy viết 12 không có dấu ngoặc kép"),
        ("look-alike", "dấu ngoặc kép cong “"),
        ("look-alike", "dấu ngoặc kép cong ”"),
        ("invalid-date", "có phải ý bạn là 2024-03-15?"),
        ("unknown-value", "hãy ghi thẩm quyền ký là \"thay_mat\""),
        ("missing-field", "thiếu trường bắt buộc `archive`"),
    ] {
        assert!(
            got.iter().any(|(c, m)| *c == code && m.contains(words)),
            "{code}: {words:?} not in {got:?}"
        );
    }
    assert_eq!(d.len(), 8, "{got:?}");
    let dates = got.iter().filter(|(c, _)| *c == "invalid-date").count();
    assert_eq!(dates, 3, "{got:?}");
    // In the order of the text, after the reader's first.
    let places: Vec<(u64, u64)> = d[1..]
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["column"].as_u64().unwrap()))
        .collect();
    assert!(places.is_sorted(), "{places:?}");

    // The corrections the messages ask for, all at once.
    let fixed = text
        .replace("\"number\": \"12\"", "\"number\": 12")
        .replace("“summary”", "\"summary\"")
        .replace("15/03/2024", "2024-03-15")
        .replace("\"TM.\"", "\"thay_mat\"")
        .replacen(
            "\"recipients\": [",
            "\"archive\": \"VT, VP\",\n  \"recipients\": [",
            1,
        );
    let (exit, err) = validate_file(&fixed, &[]);
    assert_eq!(exit, 0, "{err}");
}

/// Text typed in a legacy encoding and invisible characters, in Vietnamese: the
/// characters shown as they are, the advice in plain words.
#[test]
fn text_problems_are_told_in_vietnamese() {
    for (path, value, words) in [
        (
            &["summary"][..],
            json!("Th«ng b¸o kÕt luËn cña Ban Th\u{AD}êng vô"),
            "bảng mã cũ TCVN3 (ABC) (\"Th«ng\" đọc là \"Thông\"",
        ),
        (
            &["place"][..],
            json!("Vieät Nam"),
            "\"Vieät\" đọc là \"Việt\"",
        ),
        (
            &["ward"][..],
            json!("Phúc\u{202E}Lợi"),
            "ký tự điều khiển hướng chữ vô hình U+202E",
        ),
        (
            &["summary"][..],
            json!("kết luận 😀"),
            "có ký tự '😀' (U+1F600) mà phông chữ của văn bản",
        ),
        (
            &["signer", "name"][..],
            json!("\u{200B}"),
            "không được để trống (chỉ có ký tự vô hình)",
        ),
    ] {
        let (exit, err) = validate_file(&with(base(), path, value), &["--message-format", "json"]);
        assert_eq!(exit, 2, "{err}");
        let d: Value = serde_json::from_str(err.lines().next().unwrap()).unwrap();
        assert_eq!(d["code"], "bad-text", "{d}");
        assert_eq!(d["path"], path.join("."), "{d}");
        let m = d["message"].as_str().unwrap();
        assert!(m.contains(words), "{m}");
        assert!(!m.contains("\\u{"), "{m}");
    }
}
