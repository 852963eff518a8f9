//! Batch rendering: isolation of bad items, equality with single renders,
//! independence from the number of workers, safe names.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use vanban::batch::merge_patch;

/// Run vanban, killed (and the test failed) if it has not ended within a minute.
fn vanban(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("vanban runs");
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("vanban {args:?} did not end within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.wait_with_output().expect("output")
}

fn batch_json() -> Value {
    serde_json::from_str(&support::fixture_text("long-bien-2018-batch.json")).unwrap()
}

fn run_batch(batch: &Value, jobs: &str, extra: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("batch.json");
    std::fs::write(&input, serde_json::to_vec(batch).unwrap()).unwrap();
    let out_dir = dir.path().join("out");
    let mut args = vec![
        "batch",
        input.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
        "--jobs",
        jobs,
    ];
    args.extend_from_slice(extra);
    let out = vanban(&args);
    (dir, out)
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("out/manifest.json")).unwrap()).unwrap()
}

#[test]
fn the_fourteen_wards_render_with_a_manifest() {
    let (dir, out) = run_batch(&batch_json(), "2", &["--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = manifest(dir.path());
    assert_eq!(m["total"], 14);
    assert_eq!(m["succeeded"], 14);
    let items = m["items"].as_array().unwrap();
    let wards: Vec<&str> = items.iter().map(|i| i["ward"].as_str().unwrap()).collect();
    assert_eq!(wards[0], "Bồ Đề");
    assert_eq!(wards[13], "Việt Hưng");
    assert_eq!(items[9]["files"][0]["file"], "125-phuc-loi.pdf");
    assert_eq!(items[2]["files"][0]["file"], "118-duc-giang.pdf");
    let out_files = files(&dir.path().join("out"));
    assert_eq!(out_files.len(), 15, "14 PDFs and the manifest");
    for item in items {
        let f = &item["files"][0];
        let bytes = &out_files[f["file"].as_str().unwrap()];
        assert_eq!(f["bytes"].as_u64().unwrap(), bytes.len() as u64);
        use sha2::Digest;
        let sha: String = sha2::Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f["sha256"], sha);
        assert!(f["pages"].as_u64().unwrap() >= 1);
        assert!(item["symbol"].as_str().unwrap().ends_with("-TB/QU"));
    }
}

#[test]
fn one_bad_item_never_stops_the_others() {
    let mut b = batch_json();
    b["items"][3]["meeting"]["date"] = json!("2018-02-30");
    b["items"][7]["number"] = json!("mười");
    let (dir, out) = run_batch(&b, "2", &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed item makes the run exit 1"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("item 3") && err.contains("meeting.date") && err.contains("28 days"),
        "{err}"
    );
    assert!(err.contains("item 7") && err.contains("`number`"), "{err}");
    let m = manifest(dir.path());
    assert_eq!(m["succeeded"], 12);
    assert_eq!(m["failed"], 2);
    assert_eq!(m["items"][3]["ok"], false);
    assert_eq!(m["items"][3]["path"], "meeting.date");
    let names = files(&dir.path().join("out"));
    assert_eq!(
        names.len(),
        13,
        "12 PDFs and the manifest: {:?}",
        names.keys()
    );
    assert!(
        names.keys().all(|n| !n.contains(".part")),
        "no temporary file left"
    );
}

#[test]
fn batch_output_equals_rendering_each_item_alone() {
    let b = batch_json();
    let (dir, out) = run_batch(&b, "2", &["--quiet"]);
    assert!(out.status.success());
    let out_files = files(&dir.path().join("out"));
    let m = manifest(dir.path());
    let renderer = vanban::render::Renderer::new();
    for (i, item) in b["items"].as_array().unwrap().iter().enumerate() {
        let mut notice = b["base"].clone();
        merge_patch(&mut notice, item.clone());
        let n = vanban::input::notice::Notice::from_json(&notice.to_string()).unwrap();
        let (alone, _) = renderer.pdf(&n).unwrap();
        let name = m["items"][i]["files"][0]["file"].as_str().unwrap();
        assert!(
            out_files[name] == alone,
            "item {i} differs from a single render"
        );
    }
}

#[test]
fn jobs_do_not_change_a_byte() {
    let b = batch_json();
    let (d1, o1) = run_batch(&b, "1", &["--quiet"]);
    let (d2, o2) = run_batch(&b, "2", &["--quiet"]);
    assert!(o1.status.success() && o2.status.success());
    assert_eq!(files(&d1.path().join("out")), files(&d2.path().join("out")));
}

#[test]
fn name_collisions_are_errors_not_overwrites() {
    let b = batch_json();
    let (dir, out) = run_batch(&b, "2", &["--name", "notice-{{slug profile}}"]);
    assert_eq!(out.status.code(), Some(1));
    let m = manifest(dir.path());
    assert_eq!(m["succeeded"], 1);
    assert_eq!(m["failed"], 13);
    assert!(m["items"][1]["error"]
        .as_str()
        .unwrap()
        .contains("already used by item 0"));
    let out_files = files(&dir.path().join("out"));
    assert_eq!(out_files.len(), 2);
}

#[test]
fn names_cannot_leave_the_output_folder() {
    let mut b = batch_json();
    b["items"] = json!([b["items"][0].clone()]);
    b["items"][0]["ward"] = json!("../../escape");
    let (dir, out) = run_batch(&b, "1", &["--quiet", "--name", "{{ward}}"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = files(&dir.path().join("out"));
    assert!(
        written
            .keys()
            .any(|k| k.ends_with(".pdf") && !k.contains('/')),
        "{:?}",
        written.keys()
    );
    assert!(!dir.path().join("escape.pdf").exists());
}

#[test]
fn a_plain_array_of_notices_is_a_batch() {
    let a = json!([
        serde_json::from_str::<Value>(&support::fixture_text("phuc-loi-2018.json")).unwrap(),
        serde_json::from_str::<Value>(&support::fixture_text("phuc-loi-2018-nd30.json")).unwrap(),
    ]);
    let (dir, out) = run_batch(&a, "2", &["--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = manifest(dir.path());
    assert_eq!(m["succeeded"], 2);
    assert_eq!(m["items"][1]["files"][0]["file"], "05-phuc-loi.pdf");
}
