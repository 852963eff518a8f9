//! User templates (`--templates DIR`) that would crash or hang vanban: partials that
//! include each other, a partial named by an expression, a FIFO, `/dev/zero`, a huge
//! file, expressions nested thousands deep. Each is a template error (exit 2) naming
//! the file, within a few seconds; none aborts (exit 134) or hangs.

mod input_support;
mod support;

use input_support::*;
use std::path::Path;
use std::time::Duration;

fn render_with(dir: &Path) -> (Run, Vec<String>) {
    let out = dir.parent().unwrap().join("out");
    let run = vanban_within(
        &[
            "--lang",
            "en",
            "render",
            support::fixture_path("phuc-loi-2018.json")
                .to_str()
                .unwrap(),
            "--templates",
            dir.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ],
        None,
        Duration::from_secs(20),
    );
    (run, files(&out))
}

fn folder(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("templates");
    std::fs::create_dir(&dir).unwrap();
    for (name, body) in files {
        std::fs::write(dir.join(name), body).unwrap();
    }
    (root, dir)
}

fn assert_template_error(dir: &Path, file: &str, words: &str) {
    let (run, files) = render_with(dir);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("template {}", dir.join(file).display())),
        "names the file: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(words),
        "{words:?} not in {}",
        run.stderr
    );
    assert!(files.is_empty(), "{files:?}");
}

#[test]
fn partials_that_include_each_other_are_refused() {
    let (_root, dir) = folder(&[
        ("opening.hbs", "{{> conclusions}}"),
        ("conclusions.hbs", "<p style=\"body\">x</p>{{> opening}}"),
    ]);
    assert_template_error(&dir, "conclusions.hbs", "include each other without end");
    // Through an inline partial and a partial block as well.
    let (_root, dir) = folder(&[(
        "opening.hbs",
        "{{#*inline \"a\"}}{{> b}}{{/inline}}{{#*inline \"b\"}}{{> a}}{{/inline}}{{> a}}",
    )]);
    assert_template_error(&dir, "opening.hbs", "a → b → a");
    let (_root, dir) = folder(&[
        ("opening.hbs", "{{#> wrap}}{{> wrap}}{{/wrap}}"),
        ("wrap.hbs", "{{> @partial-block}}"),
    ]);
    let (run, _) = render_with(&dir);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("without end"), "{}", run.stderr);
}

#[test]
fn a_partial_named_by_an_expression_is_refused() {
    let (_root, dir) = folder(&[("opening.hbs", "{{> (lookup this \"profile\")}}")]);
    assert_template_error(&dir, "opening.hbs", "named by an expression");
}

#[test]
fn partials_nested_too_deep_are_refused() {
    let names: Vec<String> = (0..40).map(|i| format!("p{i}")).collect();
    let mut files: Vec<(String, String)> = names
        .windows(2)
        .map(|w| (format!("{}.hbs", w[0]), format!("{{{{> {}}}}}", w[1])))
        .collect();
    files.push(("p39.hbs".into(), "x".into()));
    files.push(("opening.hbs".into(), "{{> p0}}".into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (_root, dir) = folder(&refs);
    let (run, _) = render_with(&dir);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("nested more than 16 deep"),
        "{}",
        run.stderr
    );
}

#[test]
fn expressions_nested_thousands_deep_are_an_error_not_an_abort() {
    let n = 19_000;
    let body = format!(
        "{{{{lookup {}this \"a\"{} \"a\"}}}}",
        "(lookup ".repeat(n),
        " \"a\")".repeat(n)
    );
    let (_root, dir) = folder(&[("opening.hbs", &body)]);
    assert_template_error(&dir, "opening.hbs", "nested more than 64 deep");
    let body = format!(
        "{}x{}",
        "{{#if profile}}".repeat(5000),
        "{{/if}}".repeat(5000)
    );
    let (_root, dir) = folder(&[("opening.hbs", &body)]);
    assert_template_error(&dir, "opening.hbs", "blocks are nested more than 64 deep");
}

#[test]
fn a_template_file_past_the_limit_is_refused() {
    let body = "x".repeat(vanban::compose::template::MAX_TEMPLATE_BYTES as usize + 1);
    let (_root, dir) = folder(&[("opening.hbs", &body)]);
    assert_template_error(&dir, "opening.hbs", "larger than the limit of 256 KB");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_as_template_is_refused_at_once() {
    let (_root, dir) = folder(&[]);
    let fifo = dir.join("opening.hbs");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    assert_template_error(&dir, "opening.hbs", "not a regular file");
    std::fs::remove_file(&fifo).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &fifo).unwrap();
    assert_template_error(&dir, "opening.hbs", "not a regular file");
}

#[test]
fn a_correct_override_still_renders() {
    let (_root, dir) = folder(&[("opening.hbs", include_str!("../templates/opening.hbs"))]);
    let (run, files) = render_with(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(files, ["phuc-loi-2018.pdf"]);
}
