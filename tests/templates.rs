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
    let out = vanban(&["templates", "export", dir.to_str().unwrap()]);
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
