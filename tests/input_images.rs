//! Image files named by a notice: only inside the assets folder, only regular files,
//! only within the size limit, only at a real seal's or signature's size, and PNG
//! damage told in words. Every run is bounded in time: a FIFO or `/dev/zero` must be
//! refused, never hang or fill memory.

mod input_support;
mod support;

use input_support::*;
use serde_json::{json, Value};

use std::time::Duration;

/// A folder `in/` holding the notice and a seal, beside a folder `secret/` holding a
/// PNG the notice must not reach.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let seal = std::fs::read(support::fixture_path("images/seal.png")).unwrap();
        std::fs::create_dir_all(dir.path().join("in/images")).unwrap();
        std::fs::create_dir_all(dir.path().join("secret")).unwrap();
        std::fs::write(dir.path().join("in/images/seal.png"), &seal).unwrap();
        std::fs::write(dir.path().join("secret/x.png"), &seal).unwrap();
        Setup { dir }
    }

    fn path(&self, p: &str) -> std::path::PathBuf {
        self.dir.path().join(p)
    }

    /// Render the nd30 fixture with `seal` from `in/n.json`, plus `extra` arguments.
    fn render(&self, seal: Value, extra: &[&str]) -> (Run, Vec<String>) {
        let mut v: Value =
            serde_json::from_str(&support::fixture_text("phuc-loi-2018-nd30.json")).unwrap();
        v["seal"] = seal;
        let input = self.path("in/n.json");
        std::fs::write(&input, serde_json::to_string_pretty(&v).unwrap()).unwrap();
        let out = self.path("out");
        let _ = std::fs::remove_dir_all(&out);
        let mut args = vec![
            "render",
            input.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        // In English: the tests are about the English wording.
        args.splice(0..0, ["--lang", "en"]);
        let run = vanban_within(&args, None, Duration::from_secs(20));
        (run, files(&out))
    }
}

fn seal_file(f: &str) -> Value {
    json!({"file": f, "width_mm": 36})
}

fn assert_refused(run: &Run, files: &[String], path: &str, words: &str) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("at `{path}`")),
        "{}",
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
fn paths_out_of_the_assets_folder_are_refused_without_telling_what_is_there() {
    let s = Setup::new();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("../../secret/x.png", s.path("in/images/link.png")).unwrap();
        std::os::unix::fs::symlink("../../secret/none.png", s.path("in/images/dangling.png"))
            .unwrap();
    }
    let secret = s.path("secret/x.png");
    let missing = s.path("secret/none.png");
    let mut cases = vec![
        secret.to_str().unwrap().to_string(),
        missing.to_str().unwrap().to_string(),
        "../secret/x.png".to_string(),
        "../secret/none.png".to_string(),
        "images/../../secret/x.png".to_string(),
    ];
    if cfg!(unix) {
        cases.push("images/link.png".into());
        cases.push("images/dangling.png".into());
    }
    let mut messages = Vec::new();
    for given in &cases {
        let (run, files) = s.render(seal_file(given), &[]);
        assert_refused(&run, &files, "seal.file", "is outside the assets folder");
        // The same words whether the file exists or not: nothing about its size,
        // its existence or the real path behind a link.
        let message = run.stderr.replace(given.as_str(), "PATH");
        assert!(
            !message.contains("bytes") && !message.contains("secret"),
            "{message}"
        );
        messages.push(message);
    }
    assert!(messages.windows(2).all(|w| w[0] == w[1]), "{messages:#?}");
    // Inside the folder, the seal is found and printed.
    let (run, files) = s.render(seal_file("images/seal.png"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(files, ["n.pdf"]);
}

#[test]
fn the_assets_flag_names_the_folder_images_come_from() {
    let s = Setup::new();
    std::fs::create_dir_all(s.path("assets/con-dau")).unwrap();
    std::fs::copy(
        support::fixture_path("images/seal.png"),
        s.path("assets/con-dau/ubnd.png"),
    )
    .unwrap();
    let assets = s.path("assets");
    let (run, files) = s.render(
        seal_file("con-dau/ubnd.png"),
        &["--assets", assets.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = std::fs::read(s.path("out").join(&files[0])).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|st| {
                st.dict
                    .get(b"Subtype")
                    .is_ok_and(|t| t.as_name().ok() == Some(b"Image"))
            })
        })
        .count();
    assert!(images >= 1, "the seal is in the PDF");
    // Without the flag the same path is looked for beside the input, and missing.
    let (run, files) = s.render(seal_file("con-dau/ubnd.png"), &[]);
    assert_refused(
        &run,
        &files,
        "seal.file",
        "no such file in the assets folder",
    );
    // With the flag, the input's own folder is no longer reachable.
    let (run, files) = s.render(
        seal_file("../in/images/seal.png"),
        &["--assets", assets.to_str().unwrap()],
    );
    assert_refused(&run, &files, "seal.file", "outside the assets folder");
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_at_once() {
    let s = Setup::new();
    let fifo = s.path("in/images/fifo.png");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    // A FIFO nobody writes to: opening it normally would wait forever.
    let (run, files) = s.render(seal_file("images/fifo.png"), &[]);
    assert_refused(&run, &files, "seal.file", "not a regular file");
    assert!(run.elapsed < Duration::from_secs(10));
    // /dev/zero reports a length of 0 and reads without end.
    let (run, files) = s.render(seal_file("zero"), &["--assets", "/dev"]);
    assert_refused(&run, &files, "seal.file", "not a regular file");
    // A folder is no image either.
    let (run, files) = s.render(seal_file("images"), &[]);
    assert_refused(&run, &files, "seal.file", "not a regular file");
}

#[test]
fn files_past_the_size_limit_are_refused_unread() {
    let s = Setup::new();
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(vanban::input::image::MAX_ENCODED_BYTES + 1, 0);
    std::fs::write(s.path("in/images/big.png"), big).unwrap();
    let (run, files) = s.render(seal_file("images/big.png"), &[]);
    assert_refused(&run, &files, "seal.file", "larger than the limit of 8 MB");
}

#[test]
fn seals_and_signatures_are_bounded_to_their_real_size() {
    let s = Setup::new();
    // One pixel wide, 4,000 tall: at 40 mm wide this seal would be 160 m tall.
    let tall = vanban::input::image::encode_png(1, 4000, &vec![200; 4 * 4000]);
    std::fs::write(s.path("in/images/tall.png"), tall).unwrap();
    let (run, files) = s.render(json!({"file": "images/tall.png", "width_mm": 40}), &[]);
    assert_refused(&run, &files, "seal.file", "160000.0 mm tall");
    // A 100 mm seal would run past the top of the page.
    let (run, files) = s.render(json!({"file": "images/seal.png", "width_mm": 100}), &[]);
    assert_refused(&run, &files, "seal.width_mm", "20 to 50 mm");
    // The signature: the same tall image is refused there too.
    let mut v: Value =
        serde_json::from_str(&support::fixture_text("phuc-loi-2018-nd30.json")).unwrap();
    v["signer"]["signature_image"] = json!({"file": "images/tall.png"});
    let input = s.path("in/sig.json");
    std::fs::write(&input, v.to_string()).unwrap();
    let out = s.path("out-sig");
    let run = vanban(
        &[
            "--lang",
            "en",
            "render",
            input.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_refused(
        &run,
        &input_support::files(&out),
        "signer.signature_image.file",
        "mm tall",
    );
}

/// A PNG's chunk checksum broken: the message is words, not Rust debug syntax.
#[test]
fn png_damage_is_told_in_words() {
    let s = Setup::new();
    let mut png = std::fs::read(support::fixture_path("images/seal.png")).unwrap();
    png[29] ^= 0x55; // the IHDR chunk's CRC
    std::fs::write(s.path("in/images/crc.png"), &png).unwrap();
    let (run, files) = s.render(seal_file("images/crc.png"), &[]);
    assert_refused(
        &run,
        &files,
        "seal.file",
        "checksum of the IHDR part does not match",
    );
    assert!(
        !run.stderr.contains("ChunkType") && !run.stderr.contains('{'),
        "{}",
        run.stderr
    );
}
