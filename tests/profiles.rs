//! Profiles as files: a third profile loaded with `--profile FILE` renders with its
//! own values (checked in the PDF read back by poppler), a bad profile file is a
//! clear error naming the file and the key, and a document that names what its
//! profile lacks is an error from the renderer, not a panic.

mod support;

use std::path::{Path, PathBuf};
use support::{lines, vanban_bounded, PT_PER_MM};
use vanban::document::{Block, Inline, Paragraph, Run};
use vanban::profile::{Profile, ProfileSet};
use vanban::render::{Error, Format, Renderer};

fn builtin_source(id: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("profiles")
            .join(format!("{id}.toml")),
    )
    .unwrap()
}

/// hd36 with the text block moved `shift_mm` to the right (the text width kept, so
/// every line breaks where it did), under the id `id`.
fn shifted_hd36(id: &str, shift_mm: f64) -> String {
    let src = builtin_source("hd36");
    assert!(src.contains("id = \"hd36\"") && src.contains("margin_left_mm = 30.0"));
    assert!(src.contains("margin_right_mm = 15.0"));
    src.replacen("id = \"hd36\"", &format!("id = \"{id}\""), 1)
        .replace(
            "margin_left_mm = 30.0",
            &format!("margin_left_mm = {:.1}", 30.0 + shift_mm),
        )
        .replace(
            "margin_right_mm = 15.0",
            &format!("margin_right_mm = {:.1}", 15.0 - shift_mm),
        )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The fixture with its `"profile"` set to `id`.
fn notice_for(id: &str) -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(&support::fixture_text("phuc-loi-2018.json")).unwrap();
    assert_eq!(v["profile"], "hd36");
    v["profile"] = id.into();
    v.to_string()
}

fn render(dir: &Path, input: &Path, out: &str, extra: &[&str]) -> PathBuf {
    let mut args = vec![
        "render",
        input.to_str().unwrap(),
        "--format",
        "pdf",
        "--out-dir",
        out,
    ];
    args.extend_from_slice(extra);
    let o = vanban_bounded(&args, Some(dir), None);
    assert!(
        o.status.success(),
        "vanban {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stem = input.file_stem().unwrap().to_str().unwrap();
    dir.join(out).join(format!("{stem}.pdf"))
}

/// Every line of `moved` is the line of `base` with the same text, `dx` points to
/// the right and at the same height.
fn assert_moved(base: &[support::Line], moved: &[support::Line], dx: f64) {
    assert_eq!(base.len(), moved.len(), "the same lines");
    assert!(base.len() > 40);
    for (a, b) in base.iter().zip(moved) {
        assert_eq!(a.text(), b.text());
        assert_eq!(a.page, b.page);
        assert!(
            (b.x_min() - a.x_min() - dx).abs() < 0.05,
            "'{}' moved {:.3} pt, not {dx:.3}",
            a.text(),
            b.x_min() - a.x_min()
        );
        assert!(
            (b.y_min() - a.y_min()).abs() < 0.05,
            "'{}' moved up or down",
            a.text()
        );
    }
}

#[test]
fn a_third_profile_from_a_file_renders_with_its_margins() {
    if !support::have_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = write(
        dir.path(),
        "hd36-wide.toml",
        &shifted_hd36("hd36-wide", 10.0),
    );
    let input = write(dir.path(), "wide.json", &notice_for("hd36-wide"));
    let builtin = render(
        dir.path(),
        &support::fixture_path("phuc-loi-2018.json"),
        "builtin",
        &[],
    );
    let wide = render(
        dir.path(),
        &input,
        "wide",
        &["--profile", profile.to_str().unwrap()],
    );
    let dx = 10.0 * PT_PER_MM;
    let base = lines(&builtin);
    assert_moved(&base, &lines(&wide), dx);

    // Without the file the name is unknown: exit 2, naming the field and the remedy.
    let o = vanban_bounded(
        &[
            "--lang",
            "en",
            "render",
            input.to_str().unwrap(),
            "--out-dir",
            "none",
        ],
        Some(dir.path()),
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("`profile`") && err.contains("'hd36-wide' is not a known profile"),
        "{err}"
    );
    assert!(err.contains("--profile FILE"), "{err}");
    assert!(!dir.path().join("none").exists());

    // A loaded profile with a built-in's id replaces it; a folder loads every file.
    let folder = dir.path().join("profiles");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "hd36.toml", &shifted_hd36("hd36", 5.0));
    let replaced = render(
        dir.path(),
        &support::fixture_path("phuc-loi-2018.json"),
        "replaced",
        &["--profile", folder.to_str().unwrap()],
    );
    assert_moved(&base, &lines(&replaced), 5.0 * PT_PER_MM);

    // validate and batch take the same flag.
    let o = vanban_bounded(
        &[
            "validate",
            input.to_str().unwrap(),
            "--profile",
            profile.to_str().unwrap(),
        ],
        Some(dir.path()),
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let batch = write(
        dir.path(),
        "batch.json",
        &format!("[{}]", notice_for("hd36-wide")),
    );
    let o = vanban_bounded(
        &[
            "batch",
            batch.to_str().unwrap(),
            "--format",
            "pdf",
            "--out-dir",
            "batch",
            "--profile",
            profile.to_str().unwrap(),
        ],
        Some(dir.path()),
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let made: Vec<PathBuf> = std::fs::read_dir(dir.path().join("batch"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(made.len(), 1);
    assert_moved(&base, &lines(&made[0]), dx);
}

#[test]
fn a_bad_profile_file_names_the_file_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::fixture_path("phuc-loi-2018.json");
    let cases = [
        (
            "typo.toml",
            builtin_source("hd36").replace("margin_left_mm", "margn_left_mm"),
            "margn_left_mm",
        ),
        (
            "font.toml",
            builtin_source("hd36").replace(
                "family = \"Liberation Serif\"",
                "family = \"Times New Roman\"",
            ),
            "font.family 'Times New Roman' is not a bundled font family",
        ),
        (
            "anchor.toml",
            builtin_source("nd30").replace(
                "anchor_style = \"signer-name\"",
                "anchor_style = \"signer\"",
            ),
            "signature.anchor_style 'signer'",
        ),
        (
            "numbering.toml",
            builtin_source("nd30").replace("{type}-{issuer}", "{type}-{isuer}"),
            "numbering.notation",
        ),
    ];
    for (name, text, key) in cases {
        let file = write(dir.path(), name, &text);
        let o = vanban_bounded(
            &[
                "--lang",
                "en",
                "render",
                input.to_str().unwrap(),
                "--out-dir",
                "out",
                "--profile",
                file.to_str().unwrap(),
            ],
            Some(dir.path()),
            None,
        );
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(name) && err.contains(key), "{name}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(!dir.path().join("out").exists(), "{name}: nothing written");
    }
    // In Vietnamese, by default: the file, the line and the closest key.
    let file = dir.path().join("typo.toml");
    let o = vanban_bounded(
        &[
            "validate",
            input.to_str().unwrap(),
            "--profile",
            file.to_str().unwrap(),
        ],
        Some(dir.path()),
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    let line = builtin_source("hd36")
        .lines()
        .position(|l| l.starts_with("margin_left_mm"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!(
            "thể thức {}, dòng {line}, cột 1: không có khóa `margn_left_mm` ở đây; có phải ý bạn là `margin_left_mm`?",
            file.display()
        )),
        "{err}"
    );
    // The message names its file; the line does not name it a second time.
    assert_eq!(err.matches(&file.display().to_string()).count(), 1, "{err}");
    let file = dir.path().join("font.toml");
    let o = vanban_bounded(
        &[
            "validate",
            input.to_str().unwrap(),
            "--profile",
            file.to_str().unwrap(),
        ],
        Some(dir.path()),
        None,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("font.family 'Times New Roman' không phải phông chữ có sẵn trong chương trình (hãy dùng: Liberation Serif)"),
        "{err}"
    );
    // Two files giving one id: the second would be silently ignored.
    let a = write(dir.path(), "a.toml", &shifted_hd36("x", 1.0));
    let b = write(dir.path(), "b.toml", &shifted_hd36("x", 2.0));
    let o = vanban_bounded(
        &[
            "--lang",
            "en",
            "validate",
            input.to_str().unwrap(),
            "--profile",
            a.to_str().unwrap(),
            "--profile",
            b.to_str().unwrap(),
        ],
        Some(dir.path()),
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("b.toml") && err.contains("a.toml") && err.contains("id 'x'"),
        "{err}"
    );
}

/// A renderer that knows a third profile: nd30 with one more style.
fn renderer_with_extra_style() -> Renderer {
    let src = builtin_source("nd30").replacen("id = \"nd30\"", "id = \"nd30-extra\"", 1)
        + "\n[styles.extra]\nsize_pt = 11.0\nalign = \"left\"\nline_height_pt = 13.0\n";
    let mut set = ProfileSet::builtin();
    set.insert(Profile::from_toml(&src, "extra.toml").unwrap());
    Renderer::new().with_profiles(set).unwrap()
}

#[test]
fn a_document_naming_a_style_its_profile_lacks_is_an_error_not_a_panic() {
    vanban::messages::set_lang(vanban::messages::Lang::En);
    let renderer = renderer_with_extra_style();
    let notice = support::notice("phuc-loi-2018-nd30.json");
    let mut doc = renderer.document(&notice).unwrap();
    // Names resolve only against a profile that defines them.
    let nd30 = renderer.profile("nd30").unwrap();
    let e = nd30.style_id("extra").unwrap_err();
    assert_eq!(
        e.to_string(),
        "the profile 'nd30' has no style named 'extra'"
    );
    // An id the other profile made, in a document rendered with nd30.
    let extra = renderer
        .profile("nd30-extra")
        .unwrap()
        .style_id("extra")
        .unwrap();
    doc.blocks.push(Block::Paragraph(Paragraph {
        style: extra,
        content: vec![Inline::Text(Run {
            text: "x".into(),
            ..Run::default()
        })],
    }));
    for format in [Format::Pdf, Format::Docx, Format::All] {
        match renderer.document_outputs(&notice, &doc, format) {
            Err(Error::Profile(m)) => {
                assert!(m.contains("no style named 'extra'"), "{m}")
            }
            Err(e) => panic!("another error: {e}"),
            Ok(_) => panic!("rendered a style nd30 does not have"),
        }
    }
    assert!(matches!(
        renderer.layout(&notice, &doc),
        Err(Error::Profile(_))
    ));
    // The same document with nd30's own ids renders.
    doc.blocks.pop();
    let out = renderer
        .document_outputs(&notice, &doc, Format::All)
        .unwrap();
    assert_eq!(out.len(), 2);
    assert_eq!(
        out[0].bytes,
        renderer.pdf(&notice).unwrap().0,
        "the document path and the notice path give the same PDF"
    );
}

#[test]
fn a_notice_of_an_unknown_profile_is_an_input_error_from_the_library() {
    vanban::messages::set_lang(vanban::messages::Lang::En);
    let renderer = Renderer::new();
    let text = support::fixture_text("phuc-loi-2018.json").replace("\"hd36\"", "\"hd37\"");
    // Reading checks the form only; the renderer knows which profiles it has.
    let notice = vanban::input::notice::Notice::from_json(&text).unwrap();
    match renderer.pdf(&notice) {
        Err(Error::Input(e)) => {
            assert_eq!(e.path, "profile");
            assert!(e.message.contains("did you mean 'hd36'"), "{}", e.message);
        }
        other => panic!("{:?}", other.map(|o| o.1)),
    }
    let e = vanban::input::notice::Notice::from_json_in(&text, renderer.profiles()).unwrap_err();
    assert_eq!((e.path.as_str(), e.line), ("profile", 2));
    let bad = text.replace("\"hd37\"", "\"HD 36\"");
    let e = vanban::input::notice::Notice::from_json(&bad).unwrap_err();
    assert_eq!(e.path, "profile");
    assert!(e.message.contains("is not a profile id"), "{}", e.message);
}

#[test]
fn number_parts_headings_and_underline_come_from_the_profile() {
    if !support::have_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = builtin_source("hd36");
    for key in [
        "label = \"Số\"",
        "assessment = \"Đánh giá chung\"",
        "numeral_separator = \". \"",
        "thickness_em = 0.05",
    ] {
        assert!(src.contains(key), "{key}");
    }
    let custom = src
        .replacen("id = \"hd36\"", "id = \"hd36-x\"", 1)
        .replace("label = \"Số\"", "label = \"Số hiệu\"")
        .replace("assessment = \"Đánh giá chung\"", "assessment = \"Nhận xét chung\"")
        .replace(
            "numerals = [\"I\", \"II\", \"III\", \"IV\", \"V\", \"VI\", \"VII\", \"VIII\", \"IX\", \"X\"]",
            "numerals = [\"A\", \"B\", \"C\"]",
        )
        .replace("numeral_separator = \". \"", "numeral_separator = \"/ \"")
        .replace("thickness_em = 0.05", "thickness_em = 0.1");
    let profile = write(dir.path(), "x.toml", &custom);
    let input = write(dir.path(), "x.json", &notice_for("hd36-x"));
    let base = render(
        dir.path(),
        &support::fixture_path("phuc-loi-2018.json"),
        "base",
        &["--meta"],
    );
    let pdf = render(
        dir.path(),
        &input,
        "x",
        &["--meta", "--profile", profile.to_str().unwrap()],
    );
    let meta = |p: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(p.with_extension("meta.json")).unwrap()).unwrap()
    };
    let (m0, m1) = (meta(&base), meta(&pdf));
    assert_eq!(m0["Code"]["Printed"], "Số 125-TB/QU");
    // The label changed; the number and the notation, read from the same parts, did not.
    assert_eq!(m1["Code"]["Printed"], "Số hiệu 125-TB/QU");
    assert_eq!(m1["Code"]["CodeNumber"], "125");
    assert_eq!(m1["Code"]["CodeNotation"], "TB/QU");
    let text = support::folded_text(&pdf);
    assert!(text.contains("Số hiệu 125-TB/QU"), "{text}");
    assert!(text.contains("A/ Nhận xét chung"), "{text}");
    assert!(text.contains("B/ "), "{text}");
    assert!(!text.contains("I. Đánh giá chung"), "{text}");
    assert!(support::folded_text(&base).contains("I. Đánh giá chung"));
    // The underline under "Nơi nhận:" (14 pt) is 0.1 em thick instead of 0.05 em.
    let thick = |p: &Path, h: f64| {
        support::rules(p)
            .iter()
            .filter(|r| (r.4 - h).abs() < 0.01)
            .count()
    };
    assert!(thick(&base, 0.7) >= 1 && thick(&base, 1.4) == 0);
    assert!(thick(&pdf, 1.4) >= 1 && thick(&pdf, 0.7) == 0);
}

#[test]
fn the_signature_width_is_the_profiles() {
    let narrow = builtin_source("nd30")
        .replacen("id = \"nd30\"", "id = \"nd30-narrow\"", 1)
        .replace("image_width_mm = 35.0", "image_width_mm = 29.0");
    assert!(narrow.contains("image_width_mm = 29.0"));
    let mut set = ProfileSet::builtin();
    set.insert(Profile::from_toml(&narrow, "narrow.toml").unwrap());
    let renderer = Renderer::new().with_profiles(set).unwrap();
    let mut v: serde_json::Value =
        serde_json::from_str(&support::fixture_text("phuc-loi-2018-nd30-signed.json")).unwrap();
    v["signer"]["signature_image"]
        .as_object_mut()
        .unwrap()
        .remove("width_mm");
    let assets = support::fixture_path("");
    let read = |v: &serde_json::Value, id: &str| {
        let mut v = v.clone();
        v["profile"] = id.into();
        let text = v.to_string();
        let mut n =
            vanban::input::notice::Notice::from_json_in(&text, renderer.profiles()).unwrap();
        n.load_images(&assets, Some(&text), renderer.profile(id).unwrap())
            .unwrap();
        n
    };
    // A signature image without width_mm is as wide as the profile says.
    for (id, mm) in [("nd30", 35.0), ("nd30-narrow", 29.0)] {
        let n = read(&v, id);
        assert_eq!(n.images.signature.as_ref().unwrap().width_mm, mm, "{id}");
    }
    // A seal without a signature image is placed over the left third of a signature
    // of that width: 6 mm narrower puts the seal 1 mm (6/6) further right.
    v["signer"]
        .as_object_mut()
        .unwrap()
        .remove("signature_image");
    let seal_x = |id: &str| {
        let n = read(&v, id);
        let doc = renderer.document(&n).unwrap();
        let laid = renderer.layout(&n, &doc).unwrap();
        let page = laid
            .pages
            .iter()
            .find(|p| p.signature_area.is_some())
            .unwrap();
        let placed = page.signing;
        assert!(placed.signature.is_none());
        placed.seal.unwrap().x.0
    };
    let dx = seal_x("nd30-narrow") - seal_x("nd30");
    assert!((dx - PT_PER_MM).abs() < 1e-6, "{dx}");
}

#[test]
fn the_lines_kept_with_the_signature_are_the_profiles() {
    if !support::have_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = builtin_source("nd30");
    assert!(src.contains("keep_lines_with_signature = 2"));
    let five = src
        .replacen("id = \"nd30\"", "id = \"nd30-k5\"", 1)
        .replace(
            "keep_lines_with_signature = 2",
            "keep_lines_with_signature = 5",
        );
    let profile = write(dir.path(), "k5.toml", &five);
    // A five-line closing paragraph that does not fit with the signature block on
    // the page it starts on.
    let mut v: serde_json::Value =
        serde_json::from_str(&support::fixture_text("phuc-loi-2018-nd30.json")).unwrap();
    v["body"]["closing"] = ["Các cơ quan, đơn vị liên quan khẩn trương triển khai thực hiện các nội dung kết luận trên."; 4]
        .join(" ")
        .into();
    let mut kept = Vec::new();
    for (id, extra) in [
        ("nd30", vec![]),
        ("nd30-k5", vec!["--profile", profile.to_str().unwrap()]),
    ] {
        v["profile"] = id.into();
        let input = write(dir.path(), &format!("{id}.json"), &v.to_string());
        let pdf = render(dir.path(), &input, "out", &extra);
        let all = lines(&pdf);
        let last = all.iter().map(|l| l.page).max().unwrap();
        let label = all
            .iter()
            .find(|l| l.page == last && l.text().starts_with("Nơi nhận"))
            .expect("the closing row on the last page");
        // Body lines above the closing row on its page (the page number is in the
        // top margin).
        let above: Vec<String> = all
            .iter()
            .filter(|l| {
                l.page == last && l.y_min() > support::MARGIN_TOP && l.y_max() < label.y_min()
            })
            .map(|l| l.text())
            .collect();
        kept.push(above);
    }
    assert_eq!(kept[0].len(), 2, "{:?}", kept[0]);
    assert_eq!(kept[1].len(), 5, "{:?}", kept[1]);
    assert!(
        kept[1][0].starts_with("Các cơ quan"),
        "the whole paragraph moved: {:?}",
        kept[1]
    );
}
