//! Spreadsheet batches (`vanban batch --base BASE.json --rows FILE`), with files
//! written by other programs inside the test: openpyxl (the library behind most
//! Python exports) and LibreOffice Calc (CSV converted to XLSX and ODS).

mod support;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

/// Run `cmd`, killed (and the test failed) if it has not ended within `limit`.
fn within(cmd: &mut Command, limit: Duration) -> Output {
    support::run_bounded(cmd, limit)
}

/// Run vanban (bounded in time), its messages in English: these tests check the
/// English words (see `both_languages_name_the_cell` for the Vietnamese).
fn vanban(args: &[&str]) -> Output {
    within(
        Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(["--lang", "en"])
            .args(args),
        Duration::from_secs(60),
    )
}

/// Whether python3 can import openpyxl; missing under CI is a failure.
fn have_openpyxl() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("python3 with openpyxl is required in CI (pip install openpyxl)");
        }
        eprintln!("note: openpyxl not found; skipping");
    }
    ok
}

/// Whether LibreOffice Calc is there (soffice without Calc cannot load a CSV).
fn have_calc() -> bool {
    let ok = Command::new("soffice").arg("--version").output().is_ok()
        && Path::new("/usr/lib/libreoffice/program/libsclo.so").exists();
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("LibreOffice Calc is required in CI (libreoffice-calc-nogui)");
        }
        eprintln!("note: LibreOffice Calc not found; skipping");
    }
    ok
}

fn text_of(pdf: &Path) -> String {
    support::run("pdftotext", &[], pdf)
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The base every test uses: the complete Phúc Lợi notice (rows change the ward).
fn base() -> String {
    support::fixture_path("phuc-loi-2018.json")
        .display()
        .to_string()
}

/// openpyxl writes real cell types: an int cell, date cells (numbers with a date
/// format: Excel's serial 45366 is 2024-03-15), a cell of two lines, and a bad
/// cell (text in `number`). The bad row fails alone, named by its cell; the good
/// rows print their date as a date.
#[test]
fn openpyxl_workbook_cells_are_read_as_what_they_hold() {
    if !have_openpyxl() || !support::have_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("wards.xlsx");
    let script = r##"
import datetime, sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet1"
ws.append(["ward", "number", "meeting.date", "body.tasks[0].text",
           "body.tasks[0].deadline", "recipients[]", "date", "# ghi chú"])
ws.append(["Cự Khối", 117, datetime.date(2024, 3, 15), "Rà soát quỹ đất công.",
           datetime.date(2024, 6, 30), "Thường trực Quận ủy\nĐảng ủy phường Cự Khối",
           datetime.date(2024, 3, 20), "x"])
ws.append(["Thạch Bàn", "mười", datetime.date(2024, 3, 16), None, None, None,
           datetime.date(2024, 3, 20)])
ws.append(["Việt Hưng", 119, datetime.date(2024, 3, 18), None, None, None,
           datetime.date(2024, 3, 20)])
assert ws["C2"].is_date and ws["B2"].data_type == "n"
other = wb.create_sheet("Phường 2")
other.append(["ward", "number", "date"])
other.append(["Gia Thụy", 12.5, datetime.date(2024, 3, 20)])
wb.save(sys.argv[1])
"##;
    let out = within(
        Command::new("python3").args(["-c", script]).arg(&book),
        Duration::from_secs(60),
    );
    assert!(out.status.success(), "openpyxl: {}", stderr(&out));
    // The serial number is what the file holds: the reader must make it a date.
    let raw = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml').decode())",
        ])
        .arg(&book)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&raw.stdout).contains("<v>45366</v>"));

    let out_dir = dir.path().join("out");
    let out = vanban(&[
        "batch",
        "--base",
        &base(),
        "--rows",
        book.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "wards.xlsx: Sheet1!B3 (number): “mười” is not a whole number; this field wants one, such as 125"
        ),
        "{err}"
    );
    assert!(err.contains("row 2 Cự Khối: ok 117-cu-khoi.pdf"), "{err}");
    let m = manifest(&out_dir);
    let items = m["items"].as_array().unwrap();
    let rows: Vec<(u64, bool)> = items
        .iter()
        .map(|i| (i["row"].as_u64().unwrap(), i["ok"].as_bool().unwrap()))
        .collect();
    assert_eq!(rows, [(2, true), (3, false), (4, true)]);
    assert_eq!(items[1]["cell"], "Sheet1!B3");
    assert_eq!(items[1]["path"], "number");
    assert_eq!(items[0]["number"], 117);
    assert_eq!(m["complete"], true);

    let text = text_of(&out_dir.join("117-cu-khoi.pdf"));
    assert!(text.contains("ngày 15/3/2024"), "{text}");
    assert!(text.contains("Rà soát quỹ đất công."), "{text}");
    assert!(text.contains("30/6/2024"), "{text}");
    assert!(text.contains("- Thường trực Quận ủy"), "{text}");
    assert!(text.contains("- Đảng ủy phường Cự Khối"), "{text}");
    // The base's other recipients were replaced by the row's list, as a JSON
    // batch item's array replaces the base's.
    assert!(!text.contains("Thường trực Thành ủy"), "{text}");
    let text = text_of(&out_dir.join("119-viet-hung.pdf"));
    assert!(text.contains("ngày 18/3/2024"), "{text}");
    // Another sheet, by name; its name is quoted as spreadsheets quote it.
    let out = vanban(&[
        "batch",
        "--base",
        &base(),
        "--rows",
        book.to_str().unwrap(),
        "--sheet",
        "Phường 2",
        "--out-dir",
        dir.path().join("out2").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "'Phường 2'!B2 (number): holds the number 12.5; this field wants a whole number"
        ),
        "{}",
        stderr(&out)
    );
    let out = vanban(&[
        "batch",
        "--base",
        &base(),
        "--rows",
        book.to_str().unwrap(),
        "--sheet",
        "Sheet9",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("has no sheet “Sheet9” (its sheets: Sheet1, Phường 2)"),
        "{}",
        stderr(&out)
    );
    // An empty cell leaves the base's value: the base's tasks are there.
    let base_text = text_of(&{
        let single = dir.path().join("single");
        let out = vanban(&["render", &base(), "--out-dir", single.to_str().unwrap()]);
        assert!(out.status.success());
        single.join("phuc-loi-2018.pdf")
    });
    let first_task = base_text
        .lines()
        .find(|l| l.starts_with("1. "))
        .expect("a task");
    assert!(text.contains(first_task), "{first_task}");
}

/// LibreOffice Calc converts one CSV to XLSX and to ODS; the three files give the
/// same notices, byte for byte, and the same error for the impossible date, named
/// by its cell.
#[test]
fn libreoffice_xlsx_and_ods_give_what_the_csv_gives() {
    if !have_calc() || !support::have_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("wards.csv");
    std::fs::write(
        &csv,
        "ward,number,meeting.date,meeting.counterpart,body.tasks[0].text,body.tasks[1].text,date\n\
         Cự Khối,117,2024-03-15,Ban Thường vụ Đảng ủy phường Cự Khối,Làm tốt việc A.,Làm tốt việc B.,2024-03-20\n\
         Thạch Bàn,118,2024-02-30,Ban Thường vụ Đảng ủy phường Thạch Bàn,,,2024-03-20\n\
         Việt Hưng,119,2024-03-18,Ban Thường vụ Đảng ủy phường Việt Hưng,,Chỉ việc B.,2024-03-20\n",
    )
    .unwrap();
    let profile = format!("file://{}", dir.path().join("lo-profile").display());
    for to in ["xlsx", "ods"] {
        let out = within(
            Command::new("soffice")
                .arg(format!("-env:UserInstallation={profile}"))
                .args([
                    "--headless",
                    "--infilter=CSV:44,34,76,1",
                    "--convert-to",
                    to,
                ])
                .arg("--outdir")
                .arg(dir.path())
                .arg(&csv),
            Duration::from_secs(180),
        );
        assert!(
            dir.path().join(format!("wards.{to}")).exists(),
            "soffice wrote no {to}: {}",
            stderr(&out)
        );
    }
    let mut pdfs = Vec::new();
    for ext in ["csv", "xlsx", "ods"] {
        let out_dir = dir.path().join(format!("out-{ext}"));
        let rows = dir.path().join(format!("wards.{ext}"));
        let out = vanban(&[
            "batch",
            "--base",
            &base(),
            "--rows",
            rows.to_str().unwrap(),
            "--out-dir",
            out_dir.to_str().unwrap(),
        ]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{ext}: {err}");
        assert!(
            err.contains(&format!(
                "wards.{ext}: wards!C3 (meeting.date): '2024-02-30' does not exist: month 2 of 2024 has 29 days"
            )),
            "{ext}: {err}"
        );
        let m = manifest(&out_dir);
        let ok: Vec<bool> = m["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["ok"].as_bool().unwrap())
            .collect();
        assert_eq!(ok, [true, false, true], "{ext}");
        let a = std::fs::read(out_dir.join("117-cu-khoi.pdf")).unwrap();
        let b = std::fs::read(out_dir.join("119-viet-hung.pdf")).unwrap();
        pdfs.push((ext, a, b));
        let text = text_of(&out_dir.join("119-viet-hung.pdf"));
        assert!(text.contains("ngày 18/3/2024"), "{ext}: {text}");
        // The list is compacted: the row's only task is task 1.
        assert!(text.contains("1. Chỉ việc B."), "{ext}: {text}");
    }
    for (ext, a, b) in &pdfs[1..] {
        assert!(*a == pdfs[0].1 && *b == pdfs[0].2, "{ext} differs from csv");
    }
    // Calc made the date a date cell (the proof that the workbook path reads
    // dates, not text that looks like one).
    if have_openpyxl() {
        let out = Command::new("python3")
            .args([
                "-c",
                "import sys,openpyxl; ws=openpyxl.load_workbook(sys.argv[1]).active; print(ws['C2'].is_date, ws['B2'].data_type)",
            ])
            .arg(dir.path().join("wards.xlsx"))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "True n");
    }
}

/// A wrong header is the file's fault: exit 2 before anything is written, naming
/// the cell and the field probably meant.
#[test]
fn a_wrong_header_stops_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("wards.csv");
    std::fs::write(&csv, "ward;meeting.dat\nCự Khối;2024-03-15\n").unwrap();
    let out_dir = dir.path().join("out");
    let out = vanban(&[
        "batch",
        "--base",
        &base(),
        "--rows",
        csv.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("wards.csv: wards!B1 (header “meeting.dat”): unknown field `dat` in `meeting`; did you mean `date`?"),
        "{err}"
    );
    assert!(!out_dir.exists());

    // A base that is not a notice's fields.
    let bad_base = dir.path().join("base.json");
    std::fs::write(&bad_base, "{\"ward\": \"A\",\n \"ward\": \"B\"}").unwrap();
    std::fs::write(&csv, "ward\nA\n").unwrap();
    let out = vanban(&[
        "batch",
        "--base",
        bad_base.to_str().unwrap(),
        "--rows",
        csv.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("base.json: 2:2: at `ward`: `ward` is given twice"),
        "{}",
        stderr(&out)
    );
    assert!(!out_dir.exists());

    // --rows needs --base, and takes no batch file.
    let out = vanban(&["batch", "--rows", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let out = vanban(&[
        "batch",
        "x.json",
        "--base",
        &base(),
        "--rows",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

/// A base that names the ward once, with `{ward}`, filled from each row's `ward`
/// cell; a row with several bad cells names each; messages in Vietnamese by default
/// and in English with `--lang en`.
#[test]
fn both_languages_name_the_cell_and_the_ward_column_fills_the_base() {
    let dir = tempfile::tempdir().unwrap();
    let mut base: Value =
        serde_json::from_str(&support::fixture_text("phuc-loi-2018.json")).unwrap();
    base["meeting"]["counterpart"] = serde_json::json!("Ban Thường vụ Đảng ủy phường {ward}");
    base["recipients"] = serde_json::json!(["Đảng ủy phường {ward} (để thực hiện)", "Lưu"]);
    let base_file = dir.path().join("base.json");
    std::fs::write(&base_file, serde_json::to_vec(&base).unwrap()).unwrap();
    let csv = dir.path().join("wards.csv");
    std::fs::write(
        &csv,
        "ward,number,seal.width_mm\nCự Khối,117,\nThạch Bàn,mười,rộng\n",
    )
    .unwrap();
    let run = |lang: &[&str], out: &str| {
        let mut args: Vec<&str> = lang.to_vec();
        let out_dir = dir.path().join(out);
        let (b, c, o) = (
            base_file.to_str().unwrap().to_string(),
            csv.to_str().unwrap().to_string(),
            out_dir.to_str().unwrap().to_string(),
        );
        args.extend(["batch", "--base", &b, "--rows", &c, "--out-dir", &o]);
        let r = within(
            Command::new(env!("CARGO_BIN_EXE_vanban"))
                .env_remove("VANBAN_LANG")
                .args(&args),
            Duration::from_secs(60),
        );
        (r, out_dir)
    };
    let (vi, out_dir) = run(&[], "out-vi");
    assert_eq!(vi.status.code(), Some(1), "{}", stderr(&vi));
    let err = stderr(&vi);
    assert!(
        err.contains(
            "wards!B3 (number): “mười” không phải số nguyên; trường này cần một số nguyên, như 125"
        ),
        "{err}"
    );
    assert!(
        err.contains("dòng 2 Cự Khối: xong 117-cu-khoi.pdf"),
        "{err}"
    );
    assert!(err.contains("đã xuất 1 trên 2 văn bản (1 lỗi)"), "{err}");
    let m = manifest(&out_dir);
    let bad = &m["items"][1];
    assert_eq!(
        (bad["item"].as_u64(), bad["row"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(bad["ward"], "Thạch Bàn", "what the row's good cells say");
    assert_eq!(bad["code"], "bad-cell");
    let cells: Vec<&str> = bad["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["cell"].as_str().unwrap())
        .collect();
    assert_eq!(cells, ["wards!B3", "wards!C3"], "every bad cell of the row");
    if support::have_tool("pdftotext") {
        let text = text_of(&out_dir.join("117-cu-khoi.pdf"));
        assert!(
            text.contains("Đảng ủy phường Cự Khối (để thực hiện)"),
            "{text}"
        );
        assert!(!text.contains("{ward}"), "{text}");
    }
    let (en, _) = run(&["--lang", "en"], "out-en");
    let err = stderr(&en);
    assert!(
        err.contains(
            "wards!B3 (number): “mười” is not a whole number; this field wants one, such as 125"
        ),
        "{err}"
    );
    assert!(err.contains("row 2 Cự Khối: ok 117-cu-khoi.pdf"), "{err}");
    assert!(err.contains("rendered 1 of 2 notices (1 failed)"), "{err}");
}
