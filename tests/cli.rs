//! The `vanban` program speaks Vietnamese first: `--help`, usage errors and its own
//! messages, in Vietnamese by default and in English with `--lang en` (before or
//! after the command) or `VANBAN_LANG=en`. Every run is bounded in time.

mod support;

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

/// `vanban ARGS` in `dir` with `VANBAN_LANG` set to `lang` (or unset), killed and the
/// test failed if it has not ended within a minute.
fn run(args: &[&str], lang: Option<&str>, dir: Option<&Path>, input: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vanban"));
    cmd.args(args).env_remove("VANBAN_LANG");
    if let Some(lang) = lang {
        cmd.env("VANBAN_LANG", lang);
    }
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    support::try_run_bounded_with_input(&mut cmd, input, Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn vanban(args: &[&str]) -> Output {
    run(args, None, None, None)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 output")
}

/// The help `vanban ARGS` prints (exit 0, on standard output, nothing on stderr).
fn help(args: &[&str], lang: Option<&str>) -> String {
    let out = run(args, lang, None, None);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    assert!(out.stderr.is_empty(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// What shows that a help text is the Vietnamese one of `vanban render`.
fn assert_vietnamese_render_help(text: &str, how: &str) {
    for expected in [
        "Tạo một thông báo thành PDF (và/hoặc DOCX).",
        "Cách dùng: vanban render [TÙY CHỌN] <INPUT>",
        "Tham số:",
        "Tùy chọn:",
        "Tệp thông báo JSON; `-` là đọc từ đầu vào chuẩn.",
        "[mặc định: pdf] [giá trị: pdf, docx, all]",
        "In trợ giúp này",
        "Ví dụ:",
    ] {
        assert!(text.contains(expected), "{how}: no {expected:?} in\n{text}");
    }
    for english in ["Usage:", "Options:", "[OPTIONS]", "[default:", "Print help"] {
        assert!(!text.contains(english), "{how}: {english:?} in\n{text}");
    }
}

/// What shows that a help text is the English one of `vanban render`.
fn assert_english_render_help(text: &str, how: &str) {
    for expected in [
        "Render one notice to PDF (and/or DOCX).",
        "Usage: vanban render [OPTIONS] <INPUT>",
        "Arguments:",
        "Options:",
        "The notice as JSON; `-` reads standard input.",
        "[default: pdf] [possible values: pdf, docx, all]",
        "Print help",
        "Example:",
    ] {
        assert!(text.contains(expected), "{how}: no {expected:?} in\n{text}");
    }
    assert!(!text.contains("Cách dùng"), "{how}:\n{text}");
}

#[test]
fn help_is_vietnamese_by_default() {
    let top = help(&["--help"], None);
    for expected in [
        "Cách dùng: vanban [TÙY CHỌN] <LỆNH>",
        "Lệnh:",
        "Tạo một thông báo cho mỗi mục của tệp lô, chạy song song.",
        "Mã thoát: 0 thành công",
        "--lang <LANG>",
        "[giá trị: vi, en]",
        "In số phiên bản",
    ] {
        assert!(top.contains(expected), "no {expected:?} in\n{top}");
    }
    assert_vietnamese_render_help(&help(&["render", "--help"], None), "render --help");
    assert_vietnamese_render_help(&help(&["render", "-h"], None), "render -h");
    assert_vietnamese_render_help(&help(&["help", "render"], None), "help render");
    // A command two levels down, and the flags every command shares.
    let prepare = help(&["sign", "prepare", "--help"], None);
    assert!(
        prepare.contains("Chứng thư số của người ký") && prepare.contains("[mặc định: 35]"),
        "{prepare}"
    );
}

#[test]
fn help_is_english_with_lang_en_anywhere_or_vanban_lang() {
    for (args, env) in [
        (&["--lang", "en", "render", "--help"][..], None),
        (&["render", "--help", "--lang", "en"][..], None),
        (&["render", "--lang=en", "--help"][..], None),
        (&["render", "--help"][..], Some("en")),
        (&["render", "--help"][..], Some("en-US")),
    ] {
        assert_english_render_help(&help(args, env), &format!("{args:?}, VANBAN_LANG={env:?}"));
    }
    // The flag wins over the environment.
    assert_vietnamese_render_help(
        &help(&["render", "--help", "--lang", "vi"], Some("en")),
        "--lang vi with VANBAN_LANG=en",
    );
    // A language vanban does not speak in the environment: Vietnamese.
    assert_vietnamese_render_help(&help(&["render", "--help"], Some("fr")), "VANBAN_LANG=fr");
}

#[test]
fn a_command_without_its_subcommand_prints_its_help_and_fails() {
    let out = vanban(&["templates"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.contains("Cách dùng: vanban templates [TÙY CHỌN] <LỆNH>") && text.contains("export"),
        "{text}"
    );
}

#[test]
fn the_version_is_printed() {
    let text = help(&["--version"], None);
    assert_eq!(text.trim(), format!("vanban {}", env!("CARGO_PKG_VERSION")));
}

/// `vanban ARGS` fails with exit 2 and says `expected` (Vietnamese, default) and
/// `english` (with `--lang en`) on standard error.
fn assert_usage_error(args: &[&str], expected: &str, english: &str) {
    let out = vanban(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.contains(expected),
        "{args:?}: no {expected:?} in\n{text}"
    );
    assert!(text.contains("Xem thêm: `vanban"), "{args:?}:\n{text}");
    let mut en = vec!["--lang", "en"];
    en.extend_from_slice(args);
    let out = vanban(&en);
    assert_eq!(out.status.code(), Some(2), "{en:?}: {}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains(english), "{en:?}: no {english:?} in\n{text}");
    assert!(
        text.contains("For more information, try `vanban"),
        "{en:?}:\n{text}"
    );
}

#[test]
fn usage_errors_are_sentences_in_both_languages_with_exit_2() {
    assert_usage_error(
        &["render", "x.json", "--frmat", "pdf"],
        "lệnh này không có tùy chọn `--frmat`; có phải ý bạn là `--format`?",
        "unexpected argument `--frmat`; did you mean `--format`?",
    );
    assert_usage_error(
        &["rendr", "x.json"],
        "không có lệnh `rendr`; có phải ý bạn là `render`?",
        "unrecognized command `rendr`; did you mean `render`?",
    );
    assert_usage_error(
        &["render", "x.json", "--format", "pdff"],
        "`pdff` không phải giá trị hợp lệ của `--format`; có phải ý bạn là `pdf`?",
        "invalid value `pdff` for `--format`; did you mean `pdf`?",
    );
    assert_usage_error(
        &["render"],
        "thiếu tham số bắt buộc: `<INPUT>`",
        "the following required arguments were not provided: `<INPUT>`",
    );
    assert_usage_error(
        &["render", "x.json", "--out-dir"],
        "`--out-dir` cần một giá trị",
        "a value is required for `--out-dir`",
    );
    assert_usage_error(
        &["batch", "x.json", "--jobs", "0"],
        "`0` không hợp lệ cho `--jobs`: phải từ 1 đến 256",
        "invalid value `0` for `--jobs`: it must be from 1 to 256",
    );
    assert_usage_error(
        &["batch", "x.json", "--jobs", "two"],
        "`two` không hợp lệ cho `--jobs`: phải là một số nguyên",
        "invalid value `two` for `--jobs`: it must be a whole number",
    );
    assert_usage_error(
        &["render", "a.json", "b.json"],
        "thừa giá trị `b.json`",
        "unexpected value `b.json`",
    );
    assert_usage_error(
        &["--message-format", "human"],
        "`vanban` cần một lệnh con",
        "`vanban` requires a subcommand",
    );
    // The usage line, in the language, and the pointer to help name the command the
    // error is about.
    let text = stderr(&vanban(&["render", "a.json", "b.json"]));
    assert!(
        text.contains("\nCách dùng: vanban render [TÙY CHỌN] <INPUT>\n"),
        "{text}"
    );
    let text = stderr(&vanban(&["render", "a.json", "b.json", "--lang", "en"]));
    assert!(
        text.contains("\nUsage: vanban render [OPTIONS] <INPUT>\n"),
        "{text}"
    );
    let text = stderr(&vanban(&["sign", "prepare", "d.pdf", "--crt", "c.pem"]));
    assert!(
        text.contains("Xem thêm: `vanban sign prepare --help`"),
        "{text}"
    );
}

#[test]
fn an_unknown_language_is_a_usage_error() {
    let out = vanban(&["--lang", "fr", "schema"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.contains("`fr` không phải giá trị hợp lệ của `--lang`") && text.contains("`vi`, `en`"),
        "{text}"
    );
}

/// The JSON lines of standard error.
fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stderr(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn json_messages_carry_their_code_and_language() {
    let out = vanban(&["--message-format", "json", "render", "x.json", "--frmat"]);
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1, "{}", stderr(&out));
    assert_eq!(lines[0]["code"], "unknown-argument");
    assert_eq!(lines[0]["lang"], "vi");
    assert_eq!(lines[0]["input"], "vanban render");
    assert!(lines[0]["message"]
        .as_str()
        .unwrap()
        .contains("không có tùy chọn `--frmat`"));

    let dir = tempfile::tempdir().unwrap();
    for (lang, words) in [
        ("vi", "không đọc được: không có tệp hoặc thư mục này"),
        ("en", "cannot read: no such file or folder"),
    ] {
        let out = run(
            &[
                "render",
                "missing.json",
                "--message-format=json",
                "--lang",
                lang,
            ],
            None,
            Some(dir.path()),
            None,
        );
        assert_eq!(out.status.code(), Some(2));
        let lines = json_lines(&out);
        assert_eq!(lines.len(), 1, "{}", stderr(&out));
        assert_eq!(lines[0]["code"], "cannot-read");
        assert_eq!(lines[0]["lang"], lang);
        assert_eq!(lines[0]["input"], "missing.json");
        assert_eq!(lines[0]["message"], words);
    }
}

#[test]
fn render_errors_carry_their_code_in_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("t")).unwrap();
    std::fs::write(dir.path().join("t/opening.hbs"), "{{#if}}").unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/phuc-loi-2018.json");
    let out = run(
        &[
            "--message-format",
            "json",
            "render",
            fixture.to_str().unwrap(),
            "--templates",
            "t",
        ],
        Some("en"),
        Some(dir.path()),
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1, "{}", stderr(&out));
    assert_eq!(lines[0]["code"], "template");
    assert_eq!(lines[0]["lang"], "en");
    assert!(!dir.path().join("phuc-loi-2018.pdf").exists());
}

#[test]
fn the_programs_own_messages_are_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/phuc-loi-2018.json");
    let fixture = fixture.to_str().unwrap();

    // Reading: a missing file, a file that is not UTF-8, a file far too large.
    for (args, input, vi, en) in [
        (
            &["validate", "missing.json"][..],
            None,
            "không đọc được: không có tệp hoặc thư mục này",
            "cannot read: no such file or folder",
        ),
        (
            &["validate", "-"][..],
            Some(&b"{\"a\": \"\xff\"}"[..]),
            ": 1:8: byte 0xFF không phải văn bản UTF-8; hãy lưu tệp dưới dạng UTF-8 (Unicode)",
            ": 1:8: byte 0xFF is not UTF-8 text; save the file as UTF-8 (Unicode)",
        ),
        (
            &["render", "-"][..],
            Some(&vec![b' '; (1 << 20) + 1][..]),
            "tệp lớn hơn 1 MiB, giới hạn của một thông báo",
            "the input is larger than 1 MiB, the limit for one notice",
        ),
    ] {
        let out = run(args, None, Some(d), input);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(vi), "{args:?}: {}", stderr(&out));
        let out = run(args, Some("en"), Some(d), input);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(en), "{args:?}: {}", stderr(&out));
    }

    // Writing: what was written, and an output folder that cannot be made.
    let out = run(
        &["render", fixture, "--out-dir", "out"],
        None,
        Some(d),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        format!(
            "đã ghi {}",
            Path::new("out").join("phuc-loi-2018.pdf").display()
        )
    );
    std::fs::write(d.join("file"), b"").unwrap();
    let out = run(
        &["render", fixture, "--out-dir", "file/sub"],
        None,
        Some(d),
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("không tạo được file/sub: "),
        "{}",
        stderr(&out)
    );
    let out = run(
        &["render", fixture, "--out-dir", "file/sub", "--lang", "en"],
        None,
        Some(d),
        None,
    );
    assert!(
        stderr(&out).contains("cannot create file/sub: "),
        "{}",
        stderr(&out)
    );

    // `templates export` into a folder that has its files already.
    let out = run(&["templates", "export", "t"], None, Some(d), None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("đã ghi t"), "{}", stderr(&out));
    let out = run(&["templates", "export", "t"], None, Some(d), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("đã có tệp này; vanban không ghi đè"),
        "{}",
        stderr(&out)
    );
    let out = run(&["templates", "export", "t"], Some("en"), Some(d), None);
    assert!(
        stderr(&out).contains("already exists; vanban does not overwrite it"),
        "{}",
        stderr(&out)
    );

    // `init`: what to do next.
    let out = run(&["init", "a.json"], None, Some(d), None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "đã ghi a.json: một thông báo mẫu nd30 để sửa; sau đó chạy `vanban validate a.json`"
        ),
        "{}",
        stderr(&out)
    );
    let out = run(&["init", "b.json", "--lang", "en"], None, Some(d), None);
    assert!(
        stderr(&out).contains("wrote b.json: a nd30 notice to edit"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_error_prefix_and_places_are_in_the_language() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.json"), b"{\"date\": 5}").unwrap();
    let out = run(&["validate", "bad.json"], None, Some(dir.path()), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .lines()
            .all(|l| l.starts_with("lỗi: bad.json: ")),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(": tại `date`: "), "{}", stderr(&out));
    let out = run(
        &["validate", "bad.json"],
        Some("en"),
        Some(dir.path()),
        None,
    );
    assert!(
        stderr(&out)
            .lines()
            .all(|l| l.starts_with("error: bad.json: ")),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(": at `date`: "), "{}", stderr(&out));
}
