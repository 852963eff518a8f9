//! `vanban edxml --batch --base BASE.json --rows FILE`: the packets of a batch that
//! `vanban batch --rows` rendered from a spreadsheet, the whole flow run through the
//! CLI (drafts, signed with one key, issued with numbers from 125, packed), for an
//! XLSX written by openpyxl and for a CSV; and each refusal: a row that no longer
//! matches the manifest, a row past the sheet, a bad cell, a missing issued PDF, an
//! issued PDF no row names.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;
use support::issuance::{have_python, s, vanban, vanban_in, ISSUE_TIME, SIGN_TIME};
use support::pki::pki;

const WARDS: [&str; 3] = ["Phúc Lợi", "Bồ Đề", "Cự Khối"];
const STEMS: [&str; 3] = ["1-phuc-loi", "2-bo-de", "3-cu-khoi"];

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The nd30 fixture without number and date: the base of the drafts.
fn base(dir: &Path) -> PathBuf {
    let mut base: serde_json::Value =
        serde_json::from_str(&support::fixture_text("phuc-loi-2018-nd30.json")).unwrap();
    let o = base.as_object_mut().unwrap();
    o.remove("number");
    o.remove("date");
    let path = dir.join("base.json");
    std::fs::write(&path, serde_json::to_string_pretty(&base).unwrap()).unwrap();
    path
}

fn summary(ward: &str) -> String {
    format!("Kết luận tại buổi làm việc với phường {ward}")
}

/// The CSV of the wards: header `ward,summary`, one row each.
fn csv(rows: &[&str]) -> String {
    let mut text = String::from("ward,summary\n");
    for w in rows {
        text.push_str(&format!("{w},{}\n", summary(w)));
    }
    text
}

/// Read a packet with Python's own XML, base64 and zip readers (independent of
/// vanban): its number, subject, and the SHA-256 of its attachment unzipped.
const READ_PACKET: &str = r#"
import base64, hashlib, io, json, sys, zipfile
import xml.etree.ElementTree as ET
NS = "{http://www.mic.gov.vn/TBT/QCVN_102_2016}"
root = ET.parse(sys.argv[1]).getroot()
h = root.find(NS + "edXMLEnvelope/" + NS + "edXMLHeader/" + NS + "MessageHeader")
att = root.find(NS + "AttachmentEncoded/" + NS + "Attachment")
z = zipfile.ZipFile(io.BytesIO(base64.b64decode(att.findtext(NS + "ContentTransferEncoded"))))
pdf = z.read(att.findtext(NS + "AttachmentName"))
print(json.dumps({
  "number": h.findtext(NS + "Code/" + NS + "CodeNumber"),
  "subject": h.findtext(NS + "Subject"),
  "name": att.findtext(NS + "AttachmentName"),
  "sha256": hashlib.sha256(pdf).hexdigest(),
}, ensure_ascii=False))
"#;

fn read_packet(packet: &Path) -> serde_json::Value {
    let out = support::run_bounded(
        Command::new("python3")
            .args(["-c", READ_PACKET])
            .arg(packet),
        Duration::from_secs(30),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A folder after the whole flow over `rows` (a spreadsheet of the three wards):
/// `drafts/` (with its manifest), `signed/`, `issued/` (numbers 125…127).
fn issued_batch(d: &Path, base: &Path, rows: &Path, sheet: Option<&str>) {
    let drafts = d.join("drafts");
    let mut args = vec!["batch", "--base", s(base), "--rows", s(rows)];
    if let Some(sheet) = sheet {
        args.extend(["--sheet", sheet]);
    }
    args.extend([
        "--draft",
        "--out-dir",
        s(&drafts),
        "--name",
        "{{index}}-{{slug ward}}",
        "-q",
    ]);
    let r = vanban(&args);
    assert!(r.status.success(), "batch --draft: {}", stderr(&r));
    let signed = d.join("signed");
    let signer = pki().path("signer.p12");
    let r = vanban(&[
        "sign",
        "--batch",
        s(&drafts),
        "--p12",
        s(&signer),
        "--password-env",
        "VANBAN_PW",
        "--image",
        "fixtures/images/signature.png",
        "--time",
        SIGN_TIME,
        "--out-dir",
        s(&signed),
    ]);
    assert!(r.status.success(), "sign --batch: {}", stderr(&r));
    let agency = pki().path("agency.p12");
    let r = vanban(&[
        "issue",
        "--batch",
        s(&signed),
        "--first-number",
        "125",
        "--date",
        "2026-12-01",
        "--p12",
        s(&agency),
        "--password-env",
        "VANBAN_PW",
        "--seal",
        "fixtures/images/seal.png",
        "--time",
        ISSUE_TIME,
        "--out-dir",
        s(&d.join("issued")),
    ]);
    assert!(r.status.success(), "issue --batch: {}", stderr(&r));
}

/// `vanban edxml --batch --base BASE --rows ROWS` over `d`'s drafts and issued PDFs.
fn pack(lang: &str, d: &Path, base: &Path, rows: &Path, sheet: Option<&str>) -> Output {
    let (manifest, issued, packets) = (
        d.join("drafts/manifest.json"),
        d.join("issued"),
        d.join("packets"),
    );
    let mut args = vec!["edxml", "--batch", "--base", s(base), "--rows", s(rows)];
    if let Some(sheet) = sheet {
        args.extend(["--sheet", sheet]);
    }
    args.extend([
        "--manifest",
        s(&manifest),
        "--pdf-dir",
        s(&issued),
        "--from",
        "000.00.00.H26",
        "--to",
        "000.00.01.H26",
        "--out-dir",
        s(&packets),
    ]);
    vanban_in(lang, &args)
}

/// Each packet of `d/packets` carries its issued PDF byte for byte, the number the
/// batch gave it and its ward, and passes `edxml --check`.
fn assert_packets(d: &Path) {
    for ((stem, ward), number) in STEMS.iter().zip(WARDS).zip(125..) {
        let packet = d.join(format!("packets/{stem}.edxml"));
        let got = read_packet(&packet);
        let pdf = std::fs::read(d.join(format!("issued/{stem}.issued.pdf"))).unwrap();
        assert_eq!(got["number"], number.to_string(), "{stem}: {got}");
        assert_eq!(got["sha256"], sha256_hex(&pdf), "{stem}: {got}");
        assert_eq!(got["name"], format!("{stem}.issued.pdf"), "{got}");
        let subject = got["subject"].as_str().unwrap_or_default();
        assert!(subject.contains(&format!("phường {ward}")), "{got}");
        // The PDF itself prints that number (read back by poppler).
        let text = support::run(
            "pdftotext",
            &[],
            &d.join(format!("issued/{stem}.issued.pdf")),
        );
        assert!(text.contains(&format!("Số: {number}/TB-UBND")), "{text}");
        let r = vanban(&["edxml", "--check", s(&packet)]);
        assert!(r.status.success(), "{}", stderr(&r));
    }
}

#[test]
fn an_xlsx_batch_is_drafted_signed_issued_and_packed_one_packet_per_row() {
    if !have_python("openpyxl") || !support::have_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = base(d);
    // A workbook whose wards are on its second sheet, "Phường", the first a note.
    let xlsx = d.join("wards.xlsx");
    let script = r#"
import sys, openpyxl
wb = openpyxl.Workbook()
wb.active.title = "Ghi chú"
wb.active["A1"] = "Danh sách phường ở trang sau"
ws = wb.create_sheet("Phường")
ws.append(["ward", "summary"])
for w in sys.argv[2:]:
    ws.append([w, "Kết luận tại buổi làm việc với phường " + w])
wb.save(sys.argv[1])
"#;
    let out = support::run_bounded(
        Command::new("python3")
            .args(["-c", script])
            .arg(&xlsx)
            .args(WARDS),
        Duration::from_secs(60),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    issued_batch(d, &base, &xlsx, Some("Phường"));
    let r = pack("en", d, &base, &xlsx, Some("Phường"));
    assert!(r.status.success(), "edxml --batch --rows: {}", stderr(&r));
    assert!(
        stderr(&r).contains("packed 3 of 3 documents"),
        "{}",
        stderr(&r)
    );
    assert_packets(d);
    // The same packets as a JSON batch of the same notices would give: the rows are
    // read as `vanban batch` reads them.
    let json = d.join("batch.json");
    let items: Vec<serde_json::Value> = WARDS
        .iter()
        .map(|w| serde_json::json!({"ward": w, "summary": summary(w)}))
        .collect();
    let base_value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&base).unwrap()).unwrap();
    std::fs::write(
        &json,
        serde_json::json!({"base": base_value, "items": items}).to_string(),
    )
    .unwrap();
    let from_json = d.join("from-json");
    let r = vanban(&[
        "edxml",
        "--batch",
        s(&json),
        "--manifest",
        s(&d.join("drafts/manifest.json")),
        "--pdf-dir",
        s(&d.join("issued")),
        "--from",
        "000.00.00.H26",
        "--to",
        "000.00.01.H26",
        "--out-dir",
        s(&from_json),
    ]);
    assert!(r.status.success(), "edxml --batch (JSON): {}", stderr(&r));
    for stem in STEMS {
        let a = std::fs::read(d.join(format!("packets/{stem}.edxml"))).unwrap();
        let b = std::fs::read(from_json.join(format!("{stem}.edxml"))).unwrap();
        assert!(
            a == b,
            "{stem}: the spreadsheet's packet differs from the JSON one"
        );
    }
}

#[test]
fn a_csv_batch_is_packed_and_each_mismatch_is_refused() {
    if !have_python("zipfile") || !support::have_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = base(d);
    let rows = d.join("wards.csv");
    std::fs::write(&rows, csv(&WARDS)).unwrap();
    issued_batch(d, &base, &rows, None);
    let r = pack("en", d, &base, &rows, None);
    assert!(r.status.success(), "edxml --batch --rows: {}", stderr(&r));
    assert_packets(d);
    let packets = d.join("packets");
    let clear = || {
        std::fs::remove_dir_all(&packets).unwrap();
    };

    // An empty row (its cells empty) under the header: every row one further down than the manifest
    // says. Refused row by row, in Vietnamese by default, nothing packed.
    clear();
    std::fs::write(&rows, csv(&WARDS).replacen('\n', "\n,\n", 1)).unwrap();
    let r = pack("vi", d, &base, &rows, None);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    let e = stderr(&r);
    assert!(
        e.contains(
            "wards.csv: dòng 3: tệp manifest ghi mục này ở dòng 2 nhưng bảng tính có nó ở dòng 3"
        ),
        "{e}"
    );
    assert!(e.contains("đã đóng gói 0/3 văn bản"), "{e}");
    assert!(!packets.join("1-phuc-loi.edxml").exists());

    // The rows in another order: the manifest's ward is not the row's.
    clear();
    std::fs::write(&rows, csv(&["Bồ Đề", "Phúc Lợi", "Cự Khối"])).unwrap();
    let r = pack("en", d, &base, &rows, None);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    let e = stderr(&r);
    assert!(
        e.contains(
            "wards.csv: row 2: the manifest lists this item for Phúc Lợi but the batch gives Bồ Đề"
        ),
        "{e}"
    );
    assert!(e.contains("packed 1 of 3 documents"), "{e}");
    assert!(packets.join("3-cu-khoi.edxml").exists());
    assert!(!packets.join("1-phuc-loi.edxml").exists());

    // A row fewer than the batch had: its item has no row.
    clear();
    std::fs::write(&rows, csv(&WARDS[..2])).unwrap();
    let r = pack("en", d, &base, &rows, None);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    let e = stderr(&r);
    assert!(
        e.contains("wards.csv: row 4: the spreadsheet has no row for this item"),
        "{e}"
    );
    assert!(e.contains("packed 2 of 3 documents"), "{e}");

    // A cell that cannot be what its column names: named by its cell, as `vanban
    // batch` names it; the other rows are packed.
    clear();
    let mut text = String::from("ward,summary,number\n");
    for (i, w) in WARDS.iter().enumerate() {
        let number = if i == 1 { "một trăm" } else { "" };
        text.push_str(&format!("{w},{},{number}\n", summary(w)));
    }
    std::fs::write(&rows, text).unwrap();
    let r = pack("en", d, &base, &rows, None);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    let e = stderr(&r);
    assert!(e.contains("wards.csv: wards!C3 (number): "), "{e}");
    assert!(e.contains("packed 2 of 3 documents"), "{e}");
    assert!(!packets.join("2-bo-de.edxml").exists());
    assert!(packets.join("1-phuc-loi.edxml").exists());

    // An issued PDF missing, and one that no row names: each said, the others packed.
    clear();
    std::fs::write(&rows, csv(&WARDS)).unwrap();
    let issued = d.join("issued");
    std::fs::rename(
        issued.join("2-bo-de.issued.pdf"),
        issued.join("9-other.issued.pdf"),
    )
    .unwrap();
    let r = pack("en", d, &base, &rows, None);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    let e = stderr(&r);
    assert!(
        e.contains(&format!(
            "the issued PDF {} is not there",
            issued.join("2-bo-de.issued.pdf").display()
        )),
        "{e}"
    );
    assert!(
        e.contains(&format!(
            "{}: no item of the batch names this issued PDF",
            issued.join("9-other.issued.pdf").display()
        )),
        "{e}"
    );
    assert!(e.contains("packed 2 of 3 documents"), "{e}");
    let r = pack("vi", d, &base, &rows, None);
    assert!(
        stderr(&r).contains("không mục nào của lô dùng bản đã ban hành này"),
        "{}",
        stderr(&r)
    );

    // --rows without --base, and with a batch file as well: usage errors.
    for args in [
        vec!["edxml", "--batch", "--rows", s(&rows)],
        vec![
            "edxml",
            "x.json",
            "--batch",
            "--base",
            s(&base),
            "--rows",
            s(&rows),
        ],
    ] {
        let mut args = args;
        args.extend([
            "--manifest",
            "m.json",
            "--from",
            "000.00.00.H26",
            "--to",
            "000.00.01.H26",
            "--out-dir",
            "p",
        ]);
        let r = vanban(&args);
        assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    }
}
