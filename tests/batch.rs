//! Batch rendering: isolation of bad items, equality with single renders,
//! independence from the number of workers, safe names.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use vanban::batch::merge_patch;
use vanban::batch::substitute::Base;

/// Run vanban with its messages in English (the tests that check English words),
/// killed (and the test failed) if it has not ended within a minute.
fn vanban(args: &[&str]) -> Output {
    vanban_in(&["--lang", "en"], args)
}

/// Run vanban with `lang` before `args` (empty: the default language, Vietnamese),
/// bounded as [`vanban`].
fn vanban_in(lang: &[&str], args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .env_remove("VANBAN_LANG")
        .args(lang)
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
        err.contains("item 4") && err.contains("meeting.date") && err.contains("28 days"),
        "{err}"
    );
    assert!(err.contains("item 8") && err.contains("`number`"), "{err}");
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
        // The base's `{ward}` filled with the item's ward, as the batch does.
        let notice = Base::new(b["base"].clone())
            .unwrap()
            .merge(item.clone())
            .unwrap();
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
        .contains("already used by item 1 (Bồ Đề)"));
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

/// Write `b` as a batch file in a new folder and run `vanban batch` on it into
/// `out`, with `lang` and `extra` options.
fn run_batch_in(lang: &[&str], b: &Value, extra: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("batch.json");
    std::fs::write(&input, serde_json::to_vec(b).unwrap()).unwrap();
    let out_dir = dir.path().join("out");
    let mut args = vec![
        "batch",
        input.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = vanban_in(lang, &args);
    (dir, out)
}

/// The fixture with three faults: item 4 (Gia Thụy) has an impossible date and a
/// misspelt field, item 6 (Long Biên) the number of item 2 (Cự Khối).
fn faulty_batch() -> Value {
    let mut b = batch_json();
    b["items"][3]["meeting"]["date"] = json!("2018-02-30");
    b["items"][3]["nmber"] = json!(3);
    b["items"][5]["number"] = b["items"][1]["number"].clone();
    b
}

#[test]
fn items_are_counted_from_1_and_failed_ones_carry_what_is_known() {
    let b = faulty_batch();
    let (dir, out) = run_batch_in(&["--lang", "en"], &b, &["--message-format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let m = manifest(dir.path());
    let items = m["items"].as_array().unwrap();
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item["item"], i + 1, "{item}");
        assert_eq!(item["index"], i, "the key of earlier manifests stays");
    }
    // Every error of the item, each with its code; what is known of it.
    let bad = &items[3];
    assert_eq!(bad["ok"], false);
    assert_eq!(bad["ward"], "Gia Thụy");
    assert_eq!(bad["number"], b["items"][3]["number"]);
    let codes: Vec<(&str, &str)> = bad["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["code"].as_str().unwrap(), e["path"].as_str().unwrap()))
        .collect();
    assert!(
        codes.contains(&("invalid-date", "meeting.date")),
        "{codes:?}"
    );
    assert!(codes.contains(&("unknown-field", "nmber")), "{codes:?}");
    assert_eq!(bad["code"], bad["errors"][0]["code"]);
    assert_eq!(bad["error"], bad["errors"][0]["message"]);
    // A batch-level code, naming the earlier item as a person counts it.
    let dup = &items[5];
    assert_eq!(dup["code"], "duplicate-number");
    assert_eq!(dup["ward"], "Long Biên");
    assert_eq!(dup["number"], b["items"][1]["number"]);
    assert!(
        dup["error"]
            .as_str()
            .unwrap()
            .starts_with("number 117 is also given to item 2 (Cự Khối)"),
        "{dup}"
    );
    // The JSON messages say the same: one per error, counted from 1.
    let messages: Vec<Value> = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|v: &Value| v.get("item").is_some())
        .collect();
    let said: Vec<(u64, &str, &str, u64)> = messages
        .iter()
        .map(|v| {
            (
                v["item"].as_u64().unwrap(),
                v["code"].as_str().unwrap(),
                v["ward"].as_str().unwrap(),
                v["number"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(said.len(), codes.len() + 1, "{said:?}");
    assert!(
        said.contains(&(4, "invalid-date", "Gia Thụy", 119)),
        "{said:?}"
    );
    assert!(
        said.contains(&(4, "unknown-field", "Gia Thụy", 119)),
        "{said:?}"
    );
    assert!(
        said.contains(&(6, "duplicate-number", "Long Biên", 117)),
        "{said:?}"
    );
}

#[test]
fn batch_messages_are_vietnamese_by_default_and_english_on_request() {
    let b = faulty_batch();
    let (_, vi) = run_batch_in(&[], &b, &[]);
    let (_, en) = run_batch_in(&["--lang", "en"], &b, &[]);
    let (vi, en) = (
        String::from_utf8_lossy(&vi.stderr).into_owned(),
        String::from_utf8_lossy(&en.stderr).into_owned(),
    );
    assert!(
        vi.contains("số 117 cũng đã dùng cho mục 2 (Cự Khối)"),
        "{vi}"
    );
    assert!(vi.contains("đã xuất 12 trên 14 văn bản (2 lỗi)"), "{vi}");
    assert!(vi.contains("mục 1 Bồ Đề: xong 116-bo-de.pdf"), "{vi}");
    assert!(
        en.contains("number 117 is also given to item 2 (Cự Khối)"),
        "{en}"
    );
    assert!(en.contains("rendered 12 of 14 notices (2 failed)"), "{en}");
    assert!(en.contains("item 1 Bồ Đề: ok 116-bo-de.pdf"), "{en}");
    // A name clash names the earlier item, from 1.
    let (dir, _) = run_batch_in(&[], &batch_json(), &["--name", "tb", "--quiet"]);
    let m = manifest(dir.path());
    assert_eq!(m["items"][1]["code"], "name-clash");
    assert!(
        m["items"][1]["error"]
            .as_str()
            .unwrap()
            .contains("đã dùng cho mục 1 (Bồ Đề)"),
        "{}",
        m["items"][1]
    );
}

#[test]
fn the_fixture_names_each_ward_once_through_the_base() {
    let b = batch_json();
    let base = b["base"].to_string();
    for field in ["summary", "counterpart", "closing"] {
        assert!(
            base.contains(&format!("\"{field}\":")) && base.contains("{ward}"),
            "{field} is in the base"
        );
    }
    for item in b["items"].as_array().unwrap() {
        let ward = item["ward"].as_str().unwrap();
        assert!(item.get("summary").is_none() && item.get("recipients").is_none());
        let merged = Base::new(b["base"].clone())
            .unwrap()
            .merge(item.clone())
            .unwrap();
        let text = merged.to_string();
        assert!(!text.contains("{ward}"), "{ward}: {text}");
        assert!(merged["summary"]
            .as_str()
            .unwrap()
            .ends_with(&format!("phường {ward}")));
        assert_eq!(
            merged["recipients"][2],
            format!("Đảng ủy phường {ward} (để thực hiện)")
        );
    }
    if !support::have_tool("pdftotext") {
        return;
    }
    let (dir, out) = run_batch(&b, "2", &["--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = support::run(
        "pdftotext",
        &["-layout"],
        &dir.path().join("out/127-thach-ban.pdf"),
    );
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Ban Thường vụ Đảng ủy phường Thạch Bàn"),
        "{flat}"
    );
    assert!(
        flat.contains("Đảng ủy phường Thạch Bàn (để thực hiện)"),
        "{flat}"
    );
    assert!(!flat.contains("{ward}"), "{flat}");
}

#[test]
fn a_base_ward_without_an_item_ward_or_a_wrong_brace_is_an_error() {
    // An item without a ward fails, naming the item and the base's string.
    let mut b = batch_json();
    b["items"][2].as_object_mut().unwrap().remove("ward");
    for (lang, words) in [
        (
            &[][..],
            "`base.body.closing` có {ward}, nhưng mục này không có `ward`",
        ),
        (
            &["--lang", "en"][..],
            "`base.body.closing` says {ward}, but this item has no `ward`",
        ),
    ] {
        let (dir, out) = run_batch_in(lang, &b, &["--quiet", "--message-format", "json"]);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        let said: Value = err
            .lines()
            .find_map(|l| {
                serde_json::from_str::<Value>(l)
                    .ok()
                    .filter(|v| v.get("item").is_some())
            })
            .unwrap_or_else(|| panic!("{err}"));
        assert_eq!(said["item"], 3, "{said}");
        assert_eq!(said["code"], "no-ward", "{said}");
        assert_eq!(said["number"], 118, "{said}");
        assert!(said["message"].as_str().unwrap().contains(words), "{said}");
        let m = manifest(dir.path());
        assert_eq!(m["succeeded"], 13);
        assert_eq!(m["items"][2]["code"], "no-ward");
    }
    // An item that gives its own text needs no ward; its own strings are literal.
    let mut b = batch_json();
    let own = json!({"ward": null, "summary": "kết luận {ward}", "meeting": {"place": "hội trường",
        "counterpart": "Ban Thường vụ"}, "body": {"closing": "Đề nghị thực hiện."}, "recipients": ["Lưu"]});
    merge_patch(&mut b["items"][2], own);
    let (dir, out) = run_batch_in(&["--lang", "en"], &b, &["--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if support::have_tool("pdftotext") {
        let text = support::run("pdftotext", &[], &dir.path().join("out/118-3.pdf"));
        assert!(text.contains("kết luận {ward}"), "{text}");
    }
    // A brace that is not {ward}, {{ or }}: the file is refused before anything is
    // rendered, naming the path.
    let mut b = batch_json();
    b["base"]["meeting"]["place"] = json!("trụ sở phường {phuong}");
    let (dir, out) = run_batch_in(&["--lang", "en"], &b, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("at `base.meeting.place`: `{phuong}` is not a substitution"),
        "{err}"
    );
    assert!(!dir.path().join("out/manifest.json").exists());
}
