//! `vanban init`: the starter notice validates and renders for both profiles, and
//! never replaces a file.

mod support;

use std::path::Path;
use std::process::Output;

/// Run vanban in `dir`, killed (and the test failed) if it has not ended in a minute.
/// Run vanban in `dir`, in English (the messages asserted here are the English ones).
fn vanban(dir: &Path, args: &[&str]) -> Output {
    let mut with_lang = vec!["--lang", "en"];
    with_lang.extend_from_slice(args);
    support::vanban_bounded(&with_lang, Some(dir), None)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn init_then_validate_then_render_for_both_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (profile, symbol, prefix) in [
        ("nd30", "Số: 05/TB-UBND", "TL. CHỦ TỊCH"),
        ("hd36", "Số 125-TB/QU", "T/M BAN THƯỜNG VỤ"),
    ] {
        let file = format!("{profile}.json");
        let out = vanban(d, &["init", "--profile", profile, &file]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stderr(&out).contains(&format!("wrote {file}")));
        let text = std::fs::read_to_string(d.join(&file)).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["profile"], profile);

        let out = vanban(d, &["validate", &file]);
        assert!(out.status.success(), "{profile}: {}", stderr(&out));
        assert_eq!(stderr(&out).trim(), format!("{file}: valid"));

        let out = vanban(d, &["render", &file, "--out-dir", "out", "--format", "all"]);
        assert!(out.status.success(), "{profile}: {}", stderr(&out));
        let pdf = d.join("out").join(format!("{profile}.pdf"));
        assert!(d.join("out").join(format!("{profile}.docx")).exists());
        if support::have_tool("pdftotext") {
            let printed = support::run("pdftotext", &[], &pdf);
            assert!(printed.contains(symbol), "{profile}: {printed}");
            assert!(printed.contains(prefix), "{profile}: {printed}");
            assert!(printed.contains("Phúc Lợi"), "{profile}: {printed}");
            assert!(printed.contains("Nơi nhận"), "{profile}: {printed}");
        }

        // `-` prints the same notice; the same command gives the same bytes.
        let out = vanban(d, &["init", "--profile", profile, "-"]);
        assert!(out.status.success());
        assert_eq!(String::from_utf8(out.stdout).unwrap(), text);
    }
}

#[test]
fn init_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("notice.json"), "my own notice").unwrap();
    // The default name is notice.json, which exists.
    let out = vanban(d, &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error: notice.json: already exists; vanban does not overwrite it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(d.join("notice.json")).unwrap(),
        "my own notice"
    );
    // Nor through a symbolic link, even a dangling one.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(d.join("elsewhere.json"), d.join("link.json")).unwrap();
        let out = vanban(d, &["init", "link.json"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(!d.join("elsewhere.json").exists());
    }
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".part")), "{names:?}");
    // A folder that does not exist is an error, not a panic.
    let out = vanban(d, &["init", "no/such/folder/n.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot write in no/such/folder"),
        "{}",
        stderr(&out)
    );
}

/// `vanban init`'s refusals in Vietnamese, the default.
#[test]
fn init_says_why_it_refuses_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("notice.json"), "my own notice").unwrap();
    let out = support::vanban_bounded(&["init"], Some(d), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("notice.json: đã có; vanban không ghi đè"),
        "{}",
        stderr(&out)
    );
    let out = support::vanban_bounded(&["init", "no/such/folder/n.json"], Some(d), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("không ghi được vào thư mục no/such/folder: không có thư mục này"),
        "{}",
        stderr(&out)
    );
}
