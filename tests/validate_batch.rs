//! `vanban validate` on batch files: every item checked, every error reported with
//! the item counted from 1; and the same document number given twice by one issuer
//! in one year is an error naming both items, in `validate` and in `batch` (from a
//! batch file or a spreadsheet).

mod support;

use serde_json::{json, Value};
use std::process::Output;

/// Run vanban (bounded in time) with its messages in English: these tests check the
/// English words (`validate_speaks_vietnamese_by_default` the Vietnamese).
fn vanban(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut all = vec!["--lang", "en"];
    all.extend_from_slice(args);
    support::vanban_bounded(&all, None, stdin)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn batch() -> Value {
    serde_json::from_str(&support::fixture_text("long-bien-2018-batch.json")).unwrap()
}

/// Four faults in one file: an impossible date and a misspelt field (item 3), a
/// number already given (item 5, the number of item 2) and a misspelt field (item 7).
fn bad_batch() -> Value {
    let mut b = batch();
    b["items"][4]["number"] = b["items"][1]["number"].clone();
    b["items"][2]["meeting"]["date"] = json!("2018-02-30");
    b["items"][2]["summry"] = json!("x");
    b["items"][6]["nmber"] = json!(3);
    b
}

#[test]
fn validate_checks_every_item_of_a_batch() {
    let fixture = support::fixture_path("long-bien-2018-batch.json");
    let out = vanban(&["validate", fixture.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).ends_with("long-bien-2018-batch.json: valid (14 notices)\n"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wards.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&bad_batch()).unwrap()).unwrap();
    let out = vanban(&["validate", file.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    let name = file.display().to_string();
    assert_eq!(
        lines,
        [
            format!("error: {name}: item 3: at `meeting.date`: '2018-02-30' does not exist: month 2 of 2018 has 28 days"),
            format!("error: {name}: item 3: at `summry`: unknown field `summry`; did you mean `summary`? (allowed here: profile, issuer, number, type_abbreviation, place, date, title, summary, ward, meeting, body, recipients, archive, signer, seal)"),
            format!("error: {name}: item 5: at `number`: number 117 is also given to item 2 (Cự Khối): both would be number 117 of QUẬN ỦY LONG BIÊN in 2018, and a body gives each number once a year; give one of them another number"),
            format!("error: {name}: item 7: at `nmber`: unknown field `nmber`; did you mean `number`? (allowed here: profile, issuer, number, type_abbreviation, place, date, title, summary, ward, meeting, body, recipients, archive, signer, seal)"),
            format!("{name}: 3 of 14 notices are invalid"),
        ]
    );

    // For programs: one JSON object per error, the item counted from 1.
    let out = vanban(
        &[
            "validate",
            "--message-format",
            "json",
            file.to_str().unwrap(),
        ],
        None,
    );
    let items: Vec<u64> = stderr(&out)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["item"].as_u64())
        .collect();
    assert_eq!(items, [3, 3, 5, 7]);

    // From standard input too; a plain list of notices is a batch as well.
    let text = serde_json::to_vec(&bad_batch()).unwrap();
    let out = vanban(&["validate", "-"], Some(&text));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-: 3 of 14 notices are invalid"));
    let one = support::fixture_text("phuc-loi-2018.json");
    let list = format!("[{one}, {one}]");
    let out = vanban(&["validate", "-"], Some(list.as_bytes()));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("item 2: at `number`: number 125 is also given to item 1 (Phúc Lợi)"),
        "{}",
        stderr(&out)
    );
    // A single notice is validated as before.
    let out = vanban(&["validate", "-"], Some(one.as_bytes()));
    assert!(out.status.success());
    assert_eq!(stderr(&out), "-: valid\n");
}

#[test]
fn a_batch_renders_a_number_once() {
    let mut b = batch();
    b["items"][4]["number"] = b["items"][1]["number"].clone();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wards.json");
    std::fs::write(&file, serde_json::to_vec(&b).unwrap()).unwrap();
    let out_dir = dir.path().join("out");
    let out = vanban(
        &[
            "batch",
            file.to_str().unwrap(),
            "--out-dir",
            out_dir.to_str().unwrap(),
            "--quiet",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let m: Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["succeeded"], 13);
    let item = &m["items"][4];
    assert_eq!(item["ok"], false);
    assert_eq!(item["path"], "number");
    assert_eq!(item["number"], 117);
    assert_eq!(
        (item["item"].as_u64(), item["index"].as_u64()),
        (Some(5), Some(4))
    );
    assert_eq!(item["code"], "duplicate-number");
    assert_eq!(item["ward"], "Giang Biên");
    assert!(
        item["error"]
            .as_str()
            .unwrap()
            .starts_with("number 117 is also given to item 2 (Cự Khối)"),
        "{item}"
    );
    assert!(out_dir.join("117-cu-khoi.pdf").exists());

    // From a spreadsheet, the rows are named.
    let csv = dir.path().join("wards.csv");
    std::fs::write(&csv, "ward,number\nCự Khối,117\nThạch Bàn,117\n").unwrap();
    let out_dir = dir.path().join("out-rows");
    let base = support::fixture_path("phuc-loi-2018.json");
    let out = vanban(
        &[
            "batch",
            "--base",
            base.to_str().unwrap(),
            "--rows",
            csv.to_str().unwrap(),
            "--out-dir",
            out_dir.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("wards.csv: wards!B3 (number): number 117 is also given to row 2 (Cự Khối)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn validate_speaks_vietnamese_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wards.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&bad_batch()).unwrap()).unwrap();
    let out = support::vanban_bounded(&["validate", file.to_str().unwrap()], None, None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    // The words of the batch's own messages (the rest is other rooms').
    assert!(
        err.contains("số 117 cũng đã dùng cho mục 2 (Cự Khối): cả hai sẽ là số 117 của QUẬN ỦY LONG BIÊN năm 2018"),
        "{err}"
    );
    assert!(err.ends_with(": 3 trên 14 văn bản không hợp lệ\n"), "{err}");
    let fixture = support::fixture_path("long-bien-2018-batch.json");
    let out = support::vanban_bounded(&["validate", fixture.to_str().unwrap()], None, None);
    assert!(
        stderr(&out).ends_with("long-bien-2018-batch.json: hợp lệ (14 văn bản)\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn validate_names_both_items_of_a_number_and_the_codes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wards.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&bad_batch()).unwrap()).unwrap();
    let out = vanban(
        &[
            "validate",
            "--message-format",
            "json",
            file.to_str().unwrap(),
        ],
        None,
    );
    let said: Vec<Value> = stderr(&out)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v.get("item").is_some())
        .collect();
    let codes: Vec<(u64, &str)> = said
        .iter()
        .map(|v| (v["item"].as_u64().unwrap(), v["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            (3, "invalid-date"),
            (3, "unknown-field"),
            (5, "duplicate-number"),
            (7, "unknown-field")
        ]
    );
    // The later item is the one reported; its message names the earlier one.
    let dup = &said[2];
    assert_eq!(dup["ward"], "Giang Biên");
    assert_eq!(dup["number"], 117);
    assert!(
        dup["message"]
            .as_str()
            .unwrap()
            .contains("also given to item 2 (Cự Khối)"),
        "{dup}"
    );
    assert_eq!(said[0]["ward"], "Đức Giang");
}
