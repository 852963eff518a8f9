//! `vanban templates export DIR`: the built-in templates and partials, each with a
//! header comment, which given back with `--templates DIR` render every fixture to
//! the same bytes; and a file of `--templates DIR` that replaces nothing is an error.

mod support;

use std::path::Path;
use std::process::Output;
use vanban::input::notice::Notice;
use vanban::render::{Format, Renderer};

fn vanban(args: &[&str]) -> Output {
    support::vanban_bounded(args, None, None)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn export(dir: &Path) {
    let out = vanban(&["templates", "export", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

const FIXTURES: [&str; 4] = [
    "phuc-loi-2018.json",
    "phuc-loi-2018-nd30.json",
    "phuc-loi-2018-nd30-signed.json",
    "long-notice.json",
];

#[test]
fn exported_templates_given_back_render_the_same_bytes() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("my-templates");
    export(&dir);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["conclusions.hbs", "hd36.hbs", "nd30.hbs", "opening.hbs"]
    );
    for name in &names {
        let ours = std::fs::read_to_string(dir.join(name)).unwrap();
        let builtin = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("templates")
                .join(name),
        )
        .unwrap();
        // A header comment, then the built-in text unchanged.
        assert!(
            ours.starts_with(&format!("{{{{!-- {name} (vanban ")),
            "{ours}"
        );
        let (header, rest) = ours.split_once("--}}\n").unwrap();
        assert!(header.contains("--templates DIR"), "{header}");
        assert_eq!(rest, builtin, "{name}");
    }
    let builtin = Renderer::new();
    let exported = Renderer::with_templates(&dir).expect("the exported folder loads");
    for f in FIXTURES {
        let mut notice = Notice::from_json(&support::fixture_text(f)).unwrap();
        notice
            .load_images(
                &support::fixture_path(""),
                None,
                builtin.profile(notice.profile.as_str()).unwrap(),
            )
            .unwrap();
        assert_eq!(
            exported.markup(&notice).unwrap(),
            builtin.markup(&notice).unwrap(),
            "{f}: markup"
        );
        let a = exported.outputs(&notice, Format::All).unwrap();
        let b = builtin.outputs(&notice, Format::All).unwrap();
        assert_eq!(a.len(), 2);
        for (x, y) in a.iter().zip(&b) {
            assert!(x.bytes == y.bytes, "{f}: {} differs", x.extension);
        }
    }
    // The command line agrees: the same PDF file with and without the folder.
    let fixture = support::fixture_path("phuc-loi-2018.json");
    let (one, two) = (root.path().join("one"), root.path().join("two"));
    for (out, extra) in [
        (&one, vec![]),
        (&two, vec!["--templates", dir.to_str().unwrap()]),
    ] {
        let mut args = vec![
            "render",
            fixture.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        assert!(vanban(&args).status.success());
    }
    assert_eq!(
        std::fs::read(one.join("phuc-loi-2018.pdf")).unwrap(),
        std::fs::read(two.join("phuc-loi-2018.pdf")).unwrap()
    );
    // An edit shows: the exported file is the one used.
    let opening = dir.join("opening.hbs");
    let text = std::fs::read_to_string(&opening).unwrap();
    std::fs::write(
        &opening,
        text.replace("Chủ trì buổi làm việc", "Người chủ trì"),
    )
    .unwrap();
    let edited = Renderer::with_templates(&dir).unwrap();
    let notice = support::notice("phuc-loi-2018.json");
    assert!(edited
        .markup(&notice)
        .unwrap()
        .contains("Người chủ trì: đồng chí"));
}

#[test]
fn export_replaces_no_file() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("t");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("opening.hbs"), "mine").unwrap();
    let out = vanban(&["--lang", "en", "templates", "export", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("opening.hbs: already exists"),
        "{}",
        stderr(&out)
    );
    // Nothing else was written either.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    assert_eq!(
        std::fs::read_to_string(dir.join("opening.hbs")).unwrap(),
        "mine"
    );
}

#[test]
fn an_override_that_replaces_nothing_is_an_error_naming_the_valid_names() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("t");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("conclusion.hbs"), "<p style=\"body\">x</p>").unwrap();
    let fixture = support::fixture_path("phuc-loi-2018.json");
    let out_dir = root.path().join("out");
    let out = vanban(&[
        "render",
        fixture.to_str().unwrap(),
        "--templates",
        dir.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "template {}: `conclusion` is no template or partial of vanban and no template includes it, so it would be ignored; did you mean `conclusions.hbs`? (the names a file can have: nd30.hbs, hd36.hbs, opening.hbs, conclusions.hbs;",
            dir.join("conclusion.hbs").display()
        )),
        "{err}"
    );
    assert!(!out_dir.exists());
    // In Vietnamese, by default.
    let out = vanban(&[
        "render",
        fixture.to_str().unwrap(),
        "--templates",
        dir.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "mẫu {}: `conclusion` không phải tên một mẫu hay mẫu con của vanban và không mẫu nào gọi nó, nên tệp sẽ bị bỏ qua; có phải ý bạn là `conclusions.hbs`? (tên một tệp có thể có: nd30.hbs, hd36.hbs, opening.hbs, conclusions.hbs;",
            dir.join("conclusion.hbs").display()
        )),
        "{err}"
    );
    // A new partial is a name of its own when a template of the folder includes it.
    std::fs::remove_file(dir.join("conclusion.hbs")).unwrap();
    std::fs::write(dir.join("thanks.hbs"), "<p style=\"body\">Xin cảm ơn.</p>").unwrap();
    std::fs::write(
        dir.join("conclusions.hbs"),
        "{{#each assessment}}<p style=\"body\">{{this}}</p>{{/each}}{{> thanks}}",
    )
    .unwrap();
    let r = Renderer::with_templates(&dir).expect("a partial that is included");
    let markup = r.markup(&support::notice("phuc-loi-2018.json")).unwrap();
    assert!(markup.contains("Xin cảm ơn."), "{markup}");
}

/// A folder `t` under a new temporary directory holding `files`.
fn folder(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("t");
    std::fs::create_dir(&dir).unwrap();
    for (name, body) in files {
        std::fs::write(dir.join(name), body).unwrap();
    }
    (root, dir)
}

/// `vanban render` of the hd36 fixture with `--templates dir` and `extra` flags: the
/// exit code and standard error.
fn render_with(dir: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let fixture = support::fixture_path("phuc-loi-2018.json");
    let out_dir = dir.parent().unwrap().join("out");
    let mut args = vec![
        "render",
        fixture.to_str().unwrap(),
        "--templates",
        dir.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
    ];
    args.extend(extra);
    let out = vanban(&args);
    assert!(!out_dir.exists(), "nothing is written");
    (out.status.code(), stderr(&out))
}

#[test]
fn a_bad_tag_in_an_override_names_the_file_and_line_that_wrote_it() {
    let opening = "{{!-- my opening --}}\n<p style=\"body\">{{meeting.when}}, tại {{meeting.place}}.</p>\n\n<p style=\"bodyy\">Chủ trì: {{meeting.chair.name}}.</p>\n<p style=\"body\">{{meeting.report}}</p>\n";
    let (_root, dir) = folder(&[("opening.hbs", opening)]);
    let file = dir.join("opening.hbs").display().to_string();
    let (code, err) = render_with(&dir, &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "mẫu {file}:4: <p style=\"bodyy\">: thể thức 'hd36' không có kiểu đoạn này (các kiểu có: `body`,"
        )),
        "{err}"
    );
    assert!(err.contains("của markup)"), "{err}");
    let (code, err) = render_with(&dir, &["--lang", "en"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "template {file}:4: <p style=\"bodyy\">: the profile 'hd36' has no such style (the styles are: `body`,"
        )),
        "{err}"
    );
    assert!(
        err.contains("(the template produced invalid markup; check it with `vanban markup`)"),
        "{err}"
    );

    // Inside a block of a partial, behind whitespace control, and an inline tag: the
    // line of the `<table/>` in conclusions.hbs, not of the template including it.
    let conclusions = "<p style=\"heading\">{{headings.assessment}}</p>\n{{#each assessment~}}\n\n  <p style=\"body\">{{this}}</p>\n{{~/each}}\n{{#each recipients}}\n<p style=\"body\">{{this}}\n{{#if @last}}<table/>{{/if}}</p>\n{{/each}}\n";
    let (_root, dir) = folder(&[("conclusions.hbs", conclusions)]);
    let (code, err) = render_with(&dir, &["--lang", "en"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "template {}:8: <table> is not allowed inside a paragraph",
            dir.join("conclusions.hbs").display()
        )),
        "{err}"
    );

    // A built-in template is named as such: an override of a partial that leaves a
    // paragraph open makes the error show up where the built-in template continues.
    let (_root, dir) = folder(&[("opening.hbs", "<p style=\"body\">{{meeting.topic}}\n")]);
    let notice = support::notice("phuc-loi-2018.json");
    let r = Renderer::with_templates(&dir).unwrap();
    let e = vanban::messages::with_lang(vanban::messages::Lang::En, || {
        r.document(&notice).unwrap_err().to_string()
    });
    assert!(
        e.starts_with("template templates/conclusions.hbs (built in):2: <p> is not allowed inside a paragraph"),
        "{e}"
    );
}

#[test]
fn a_misspelt_variable_is_named_with_the_closest_one() {
    let (_root, dir) = folder(&[(
        "opening.hbs",
        "<p style=\"body\">{{meeting.when}}</p>\n<p style=\"body\">{{meeting.chiar.name}}</p>\n",
    )]);
    let file = dir.join("opening.hbs").display().to_string();
    let (code, err) = render_with(&dir, &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "mẫu {file}:2:17: mẫu dùng `meeting.chiar.name` nhưng dữ liệu của mẫu không có biến này; có phải ý bạn là `meeting.chair.name`?"
        )),
        "{err}"
    );
    assert!(
        !err.contains("strict mode") && !err.contains("Some("),
        "{err}"
    );
    let (code, err) = render_with(&dir, &["--lang", "en"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "template {file}:2:17: the template uses `meeting.chiar.name` but the template's data has no such variable; did you mean `meeting.chair.name`? (the variables at the top level: `archive`, `assessment`,"
        )),
        "{err}"
    );
    // Inside a list, the names of its items.
    let (_root, dir) = folder(&[(
        "conclusions.hbs",
        "{{#each tasks}}<p style=\"body\">{{txt}}</p>{{/each}}",
    )]);
    let (_, err) = render_with(&dir, &["--lang", "en"]);
    assert!(err.contains("did you mean `tasks[].text`?"), "{err}");
    // An unclosed block, in plain words.
    let (_root, dir) = folder(&[(
        "conclusions.hbs",
        "{{#each tasks}}<p style=\"body\">{{text}}</p>{{/if}}",
    )]);
    let (code, err) = render_with(&dir, &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("khối `{{#each}}` được mở nhưng lại đóng bằng `{{/if}}`"),
        "{err}"
    );
    let (_, err) = render_with(&dir, &["--lang", "en"]);
    assert!(
        err.contains("the block `{{#each}}` is closed by `{{/if}}`; close it with `{{/each}}`"),
        "{err}"
    );
}

#[test]
fn raw_values_are_there_for_a_template_to_write_its_own_way() {
    let (_root, dir) = folder(&[(
        "opening.hbs",
        "<p style=\"body\">{{number.value}}|{{number.number}}|{{date.iso}}|{{date.short}}|{{date.long}}|{{date.day}}.{{date.month}}.{{date.year}}|{{place}}|{{meeting.date.iso}}|{{meeting.time}}|{{#each tasks}}{{#if deadline_date}}{{deadline_date.iso}};{{/if}}{{/each}}</p>",
    )]);
    let r = Renderer::with_templates(&dir).unwrap();
    let markup = r
        .markup(&support::notice("phuc-loi-2018-nd30.json"))
        .unwrap();
    assert!(
        markup.contains("<p style=\"body\">5|05|2018-01-22|22/01/2018|ngày 22 tháng 01 năm 2018|22.1.2018|Long Biên|2018-01-19|Chiều|2018-02-28;2018-06-30;2018-12-15;"),
        "{markup}"
    );
}

/// Every name `value` has, as docs/templates.md writes it (`meeting.chair.name`,
/// `tasks[].text`).
fn paths(value: &serde_json::Value, prefix: &str, out: &mut std::collections::BTreeSet<String>) {
    match value {
        serde_json::Value::Object(o) => {
            for (k, v) in o {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                // The leaves and the lists (an object is a prefix of its names).
                if !v.is_object() {
                    out.insert(p.clone());
                }
                paths(v, &p, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_template_guide_names_every_variable_template_helper_and_tag() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md"))
            .unwrap();
    let mut missing = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for f in [
        "phuc-loi-2018.json",
        "phuc-loi-2018-nd30.json",
        "phuc-loi-2018-nd30-signed.json",
        "long-notice.json",
    ] {
        let notice = support::notice(f);
        let profile = vanban::profile::Profile::builtin(notice.profile.as_str()).unwrap();
        let view = vanban::compose::template::View::new(&notice, &profile);
        paths(&serde_json::to_value(&view).unwrap(), "", &mut names);
    }
    assert!(names.contains("tasks[].deadline_date.iso"), "{names:?}");
    assert!(names.contains("proposals[].answer"), "{names:?}");
    for name in &names {
        if !doc.contains(&format!("`{name}`")) && !doc.contains(&format!("`{name}`,")) {
            missing.push(format!("variable {name}"));
        }
    }
    // Every name the built-in templates use is one of them (or a loop's own).
    for (file, text) in vanban::compose::template::exported() {
        for used in text.split("{{").skip(1) {
            let expr = used.split("}}").next().unwrap_or_default();
            if expr.starts_with('!') {
                continue;
            }
            for word in expr.split_whitespace() {
                let word = word.trim_start_matches(['#', '/', '>', '^']);
                let known = word.is_empty()
                    || names.contains(word)
                    || names.iter().any(|n| n.ends_with(&format!("[].{word}")))
                    || ["this", "else", "@first", "@last", "@index"].contains(&word)
                    || vanban::compose::template::HELPERS.contains(&word)
                    || vanban::compose::template::builtin_names().contains(&word);
                if !known {
                    missing.push(format!("{file} uses {word}, which is no variable"));
                }
            }
        }
    }
    for name in vanban::compose::template::builtin_names() {
        if !doc.contains(&format!("`{name}.hbs`")) {
            missing.push(format!("template {name}.hbs"));
        }
    }
    for helper in vanban::compose::template::HELPERS {
        if !doc.contains(&format!("`{helper}`")) {
            missing.push(format!("helper {helper}"));
        }
    }
    for tag in [
        "<document>",
        "<row role=",
        "<cell>",
        "<p style=",
        "<rule style=",
        "<b>",
        "<i>",
        "<u>",
        "<br/>",
    ] {
        if !doc.contains(tag) {
            missing.push(format!("tag {tag}"));
        }
    }
    for id in ["nd30", "hd36"] {
        let p = vanban::profile::Profile::builtin(id).unwrap();
        for name in p.styles.keys().chain(p.rules.keys()).chain(p.rows.keys()) {
            if !doc.contains(&format!("| `{name}` |")) {
                missing.push(format!("{id} name {name}"));
            }
        }
    }
    assert!(missing.is_empty(), "docs/templates.md lacks: {missing:#?}");
}

#[test]
fn exported_headers_speak_vietnamese_by_default_and_english_when_asked() {
    let root = tempfile::tempdir().unwrap();
    let (vi, en) = (root.path().join("vi"), root.path().join("en"));
    export(&vi);
    let out = vanban(&["templates", "export", en.to_str().unwrap(), "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let vi_text = std::fs::read_to_string(vi.join("nd30.hbs")).unwrap();
    let en_text = std::fs::read_to_string(en.join("nd30.hbs")).unwrap();
    assert!(
        vi_text.contains("toàn bộ thông báo theo thể thức nd30") && vi_text.contains("Sửa tệp này"),
        "{vi_text}"
    );
    assert!(
        en_text.contains("the whole notice of profile nd30") && en_text.contains("Edit it"),
        "{en_text}"
    );
    // Either comment prints nothing: both folders render the same bytes.
    let notice = support::notice("phuc-loi-2018-nd30.json");
    let a = Renderer::with_templates(&vi)
        .unwrap()
        .pdf(&notice)
        .unwrap()
        .0;
    let b = Renderer::with_templates(&en)
        .unwrap()
        .pdf(&notice)
        .unwrap()
        .0;
    assert!(a == b && a == Renderer::new().pdf(&notice).unwrap().0);
}

#[test]
fn every_line_of_the_built_in_markup_is_traced_to_its_template() {
    use vanban::compose::template::Templates;
    let templates = Templates::builtin();
    for f in FIXTURES {
        let notice = support::notice(f);
        let profile = vanban::profile::Profile::builtin(notice.profile.as_str()).unwrap();
        let markup = templates.render(&notice, &profile).unwrap();
        // The marked render gives the same markup back, so every offset has a line.
        let at = |needle: &str| {
            let offset = markup.find(needle).unwrap() + needle.len();
            vanban::messages::with_lang(vanban::messages::Lang::En, || {
                templates.locate(&notice, &profile, &markup, offset)
            })
        };
        let own = format!("templates/{} (built in)", profile.template.clone() + ".hbs");
        assert_eq!(
            at("<document>"),
            Some((own.clone(), line_of(&profile.template, "<document>"))),
            "{f}"
        );
        assert_eq!(
            at("Chủ trì buổi làm việc"),
            Some(("templates/opening.hbs (built in)".into(), 3)),
            "{f}"
        );
        assert_eq!(
            at("<p style=\"heading\">"),
            Some(("templates/conclusions.hbs (built in)".into(), 2)),
            "{f}"
        );
        assert_eq!(
            at("</document>"),
            Some((own, line_of(&profile.template, "</document>"))),
            "{f}"
        );
    }
}

/// The line of built-in template `name` that is `line`.
fn line_of(name: &str, line: &str) -> usize {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("templates")
            .join(format!("{name}.hbs")),
    )
    .unwrap();
    text.lines().position(|l| l == line).unwrap() + 1
}
