//! What the metadata of a draft and of its issued PDF says, read back as an archive
//! reads it: the info dictionary with pikepdf and poppler's `pdfinfo`, the XMP
//! packet with pikepdf (parsed as XML). A draft without number and date says
//! neither (no placeholder number 01, no made-up day); the issued PDF says the
//! issued number and the signing time in both, in agreement, and the signer's
//! signature still holds under pyHanko's modification analysis.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::issuance::{have_python, s, text, vanban};
use support::pki::pki;

/// The agency's signing time as a PDF date (its `/M`) and in XMP.
const ISSUE_PDF_DATE: &str = "D:20261201101500+07'00'";
const ISSUE_XMP_DATE: &str = "2026-12-01T10:15:00+07:00";

/// Reads the info dictionary, the XMP properties an archive indexes, the agency
/// signature's `/M` and the raw packet, and prints them as JSON.
const READ_METADATA: &str = r#"
import json, sys
import xml.etree.ElementTree as ET
import pikepdf
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
}
pdf = pikepdf.open(sys.argv[1])
info = {str(k)[1:]: str(v) for k, v in pdf.docinfo.items()}
raw = pdf.Root.Metadata.read_bytes().decode("utf-8")
root = ET.fromstring(raw)
xmp = {}
for desc in root.iter("{%s}Description" % NS["rdf"]):
    for el in desc:
        for prefix, uri in NS.items():
            if el.tag.startswith("{%s}" % uri):
                name = prefix + ":" + el.tag[len(uri) + 2:]
                items = el.findall(".//{%s}li" % NS["rdf"])
                xmp[name] = [i.text or "" for i in items] if items else (el.text or "")
agency = None
for f in pdf.Root.get("/AcroForm", {}).get("/Fields", []):
    if str(f.get("/T")) == "AgencySignature" and "/V" in f:
        agency = str(f.V.M)
print(json.dumps({"info": info, "xmp": xmp, "raw": raw, "agency_m": agency}))
"#;

/// Whether `tool` starts (with `arg`); missing under CI is a failure.
fn have(tool: &str, arg: &str) -> bool {
    let ok = Command::new(tool)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty() || !o.stdout.is_empty());
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is required in CI");
        }
        eprintln!("note: {tool} not found; skipping");
    }
    ok
}

/// Whether python3 with pikepdf is there.
fn have_pikepdf() -> bool {
    have_python("pikepdf")
}

/// The metadata of `pdf`, as [`READ_METADATA`] prints it.
fn metadata(pdf: &Path) -> serde_json::Value {
    let out = support::run_bounded(
        Command::new("python3").args(["-c", READ_METADATA]).arg(pdf),
        Duration::from_secs(60),
    );
    assert!(
        out.status.success(),
        "reading {}: {}",
        pdf.display(),
        text(&out)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `pdfinfo -isodates` of `pdf`: each line's key and value.
fn pdfinfo(pdf: &Path) -> Vec<(String, String)> {
    let out = support::run_bounded(
        Command::new("pdfinfo").args(["-isodates", s(pdf)]),
        Duration::from_secs(60),
    );
    assert!(out.status.success(), "pdfinfo: {}", text(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn pdfinfo_value(lines: &[(String, String)], key: &str) -> Option<String> {
    lines.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// The fixture `name` as a draft for issuance (without `leave_out`, with the date
/// `date` if given), rendered with `--draft --pdfa` into `dir`.
fn draft(dir: &Path, name: &str, leave_out: &[&str], date: Option<&str>) -> PathBuf {
    let mut notice: serde_json::Value = serde_json::from_str(&support::fixture_text(name)).unwrap();
    let o = notice.as_object_mut().unwrap();
    for key in leave_out {
        o.remove(*key);
    }
    if let Some(d) = date {
        o.insert("date".into(), d.into());
    }
    let json = dir.join("notice.json");
    std::fs::write(&json, notice.to_string()).unwrap();
    let r = vanban(&["render", s(&json), "--draft", "--pdfa", "--out-dir", s(dir)]);
    assert!(r.status.success(), "render --draft: {}", text(&r));
    dir.join("notice.pdf")
}

/// Sign `draft`, then issue it as number 125 of 2026-12-01 into `issued`.
fn sign_and_issue(dir: &Path, draft: &Path, issued: &Path) {
    let signed = dir.join("signed.pdf");
    support::issuance::sign_and_issue(draft, &signed, issued, "signer.p12", "agency.p12");
}

/// The first signature accepted with what came after it, the second untouched
/// (pyHanko), both valid (pdfsig).
fn both_signatures_hold(issued: &Path) {
    if have("pyhanko", "--version") {
        let ca = pki().path("ca.pem");
        let out = support::run_bounded(
            Command::new("pyhanko").args([
                "sign",
                "validate",
                "--trust-replace",
                "--trust",
                s(&ca),
                "--no-revocation-check",
                s(issued),
            ]),
            Duration::from_secs(120),
        );
        let report = text(&out);
        assert!(out.status.success(), "pyHanko rejects: {report}");
        let lines: Vec<&str> = report.lines().filter(|l| l.contains(":INTACT:")).collect();
        assert_eq!(lines.len(), 2, "{report}");
        assert!(
            lines[0].starts_with("Signature:")
                && lines[0]
                    .contains("INTACT:TRUSTED,EXTENDED_WITH_FORM_FILLING,ACCEPTABLE_MODIFICATIONS"),
            "{report}"
        );
        assert!(
            lines[1].starts_with("AgencySignature:") && lines[1].contains("UNTOUCHED"),
            "{report}"
        );
    }
    if have("pdfsig", "-v") {
        let out = support::run_bounded(Command::new("pdfsig").arg(issued), Duration::from_secs(60));
        let report = text(&out);
        assert_eq!(report.matches("Signature is Valid.").count(), 2, "{report}");
    }
}

/// The PDF/A-2b checker of the repository passes on `pdf`.
fn stays_pdfa(pdf: &Path) {
    let ok = Command::new("python3")
        .args(["-c", "import fontTools"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "fontTools is required in CI"
        );
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pdfa/check.py");
    let out = support::run_bounded(
        Command::new("python3").arg(&script).arg(pdf),
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

fn str_of<'a>(v: &'a serde_json::Value, a: &str, b: &str) -> Option<&'a str> {
    v[a].get(b).and_then(|x| x.as_str())
}

#[test]
fn a_draft_without_number_and_date_says_neither_and_the_issued_pdf_says_both() {
    if !have_pikepdf() {
        return;
    }
    // nd30 prints "Số: 125/TB-UBND", hd36 "Số 125-TB/QU" (profiles/*.toml).
    for (fixture, blank, issued_symbol) in [
        ("phuc-loi-2018-nd30.json", "/TB-UBND", "125/TB-UBND"),
        ("phuc-loi-2018.json", "-TB/QU", "125-TB/QU"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let draft = draft(dir.path(), fixture, &["number", "date"], None);
        let m = metadata(&draft);
        // The draft: the symbol with the number blank, and no dates.
        assert_eq!(
            str_of(&m, "info", "Keywords"),
            Some(blank),
            "{fixture}: {m}"
        );
        assert_eq!(str_of(&m, "xmp", "pdf:Keywords"), Some(blank), "{fixture}");
        assert_eq!(
            m["xmp"]["dc:subject"],
            serde_json::json!([blank]),
            "{fixture}"
        );
        for key in ["CreationDate", "ModDate"] {
            assert!(
                m["info"].get(key).is_none(),
                "{fixture}: the draft has {key}"
            );
        }
        for key in ["xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"] {
            assert!(
                m["xmp"].get(key).is_none(),
                "{fixture}: the draft has {key}"
            );
        }
        // Nothing of the placeholders: number 01, the meeting's day of 2018.
        let everything = m.to_string();
        for placeholder in ["01/TB", "01-TB", "2018-01-19", "20180119"] {
            assert!(
                !everything.contains(placeholder),
                "{fixture}: {placeholder} in the draft's metadata: {everything}"
            );
        }
        if have("pdfinfo", "-v") {
            let lines = pdfinfo(&draft);
            assert_eq!(pdfinfo_value(&lines, "Keywords").as_deref(), Some(blank));
            assert_eq!(pdfinfo_value(&lines, "CreationDate"), None, "{lines:?}");
            assert_eq!(pdfinfo_value(&lines, "ModDate"), None, "{lines:?}");
        }

        let issued = dir.path().join("issued.pdf");
        sign_and_issue(dir.path(), &draft, &issued);
        let i = metadata(&issued);
        // The issued PDF: the number in both, the signing time as the modification.
        assert_eq!(
            str_of(&i, "info", "Keywords"),
            Some(issued_symbol),
            "{fixture}: {i}"
        );
        assert_eq!(str_of(&i, "xmp", "pdf:Keywords"), Some(issued_symbol));
        assert_eq!(i["xmp"]["dc:subject"], serde_json::json!([issued_symbol]));
        assert_eq!(str_of(&i, "info", "ModDate"), Some(ISSUE_PDF_DATE));
        assert_eq!(
            i["agency_m"].as_str(),
            Some(ISSUE_PDF_DATE),
            "ModDate is /M"
        );
        assert_eq!(str_of(&i, "xmp", "xmp:ModifyDate"), Some(ISSUE_XMP_DATE));
        assert_eq!(str_of(&i, "xmp", "xmp:MetadataDate"), Some(ISSUE_XMP_DATE));
        // The draft had no creation date; issuance does not invent one.
        assert!(i["info"].get("CreationDate").is_none(), "{i}");
        assert!(i["xmp"].get("xmp:CreateDate").is_none(), "{i}");
        // One document, a new version of it.
        assert_eq!(i["xmp"]["xmpMM:DocumentID"], m["xmp"]["xmpMM:DocumentID"]);
        assert_ne!(i["xmp"]["xmpMM:InstanceID"], m["xmp"]["xmpMM:InstanceID"]);
        // The rest as the draft said it.
        for key in ["Title", "Author", "Subject", "Creator", "Producer"] {
            assert_eq!(i["info"][key], m["info"][key], "{fixture}: {key}");
        }
        assert_eq!(i["xmp"]["dc:title"], m["xmp"]["dc:title"]);
        assert_eq!(i["xmp"]["pdfaid:part"], m["xmp"]["pdfaid:part"]);
        if have("pdfinfo", "-v") {
            let lines = pdfinfo(&issued);
            assert_eq!(
                pdfinfo_value(&lines, "Keywords").as_deref(),
                Some(issued_symbol)
            );
            assert_eq!(
                pdfinfo_value(&lines, "ModDate").as_deref(),
                Some("2026-12-01T10:15:00+07"),
                "{lines:?}"
            );
        }
        stays_pdfa(&draft);
        stays_pdfa(&issued);
        both_signatures_hold(&issued);

        // The same bytes again for the same inputs and time.
        let again = dir.path().join("again.pdf");
        sign_and_issue(dir.path(), &draft, &again);
        assert_eq!(
            std::fs::read(&again).unwrap(),
            std::fs::read(&issued).unwrap(),
            "{fixture}: issuance is deterministic"
        );
    }
}

#[test]
fn a_draft_with_its_number_and_date_says_them_and_issuance_keeps_its_creation_date() {
    if !have_pikepdf() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Of the year of issuance: a draft printing its year is issued in that year.
    let draft = draft(
        dir.path(),
        "phuc-loi-2018-nd30.json",
        &[],
        Some("2026-11-20"),
    );
    let m = metadata(&draft);
    // The draft's own number and day, as before.
    assert_eq!(str_of(&m, "info", "Keywords"), Some("05/TB-UBND"), "{m}");
    assert_eq!(
        str_of(&m, "info", "CreationDate"),
        Some("D:20261120000000+07'00'")
    );
    assert_eq!(
        str_of(&m, "xmp", "xmp:CreateDate"),
        Some("2026-11-20T00:00:00+07:00")
    );

    let issued = dir.path().join("issued.pdf");
    sign_and_issue(dir.path(), &draft, &issued);
    let i = metadata(&issued);
    assert_eq!(str_of(&i, "info", "Keywords"), Some("125/TB-UBND"), "{i}");
    assert_eq!(i["xmp"]["dc:subject"], serde_json::json!(["125/TB-UBND"]));
    assert!(!i.to_string().contains("05/TB-UBND"), "{i}");
    // Created when the draft was; modified at issuance.
    assert_eq!(i["info"]["CreationDate"], m["info"]["CreationDate"]);
    assert_eq!(i["xmp"]["xmp:CreateDate"], m["xmp"]["xmp:CreateDate"]);
    assert_eq!(str_of(&i, "info", "ModDate"), Some(ISSUE_PDF_DATE));
    assert_eq!(str_of(&i, "xmp", "xmp:ModifyDate"), Some(ISSUE_XMP_DATE));
    stays_pdfa(&issued);
    both_signatures_hold(&issued);
}

/// The `.meta.json` sidecar of a draft (the envelope fields an e-office system fills
/// its packet from) says `null` for the number and the day the văn thư gives at
/// issuance, not the placeholders that stand in for the checks; a draft given them,
/// and an ordinary notice, say them.
#[test]
fn a_drafts_sidecar_has_no_number_or_day_it_was_not_given() {
    let dir = tempfile::tempdir().unwrap();
    let sidecar = |leave_out: &[&str], draft: bool| -> serde_json::Value {
        let mut notice: serde_json::Value =
            serde_json::from_str(&support::fixture_text("phuc-loi-2018-nd30.json")).unwrap();
        for key in leave_out {
            notice.as_object_mut().unwrap().remove(*key);
        }
        let json = dir.path().join("n.json");
        std::fs::write(&json, notice.to_string()).unwrap();
        let out = dir.path().join("out");
        let mut args = vec!["render", s(&json), "--meta", "--out-dir", s(&out)];
        if draft {
            args.push("--draft");
        }
        let r = vanban(&args);
        assert!(r.status.success(), "render: {}", text(&r));
        let v = serde_json::from_slice(&std::fs::read(out.join("n.meta.json")).unwrap()).unwrap();
        std::fs::remove_dir_all(&out).unwrap();
        v
    };
    let blank = sidecar(&["number", "date"], true);
    assert_eq!(blank["Code"]["CodeNumber"], serde_json::Value::Null);
    assert_eq!(blank["Code"]["CodeNotation"], "TB-UBND");
    assert_eq!(
        blank["PromulgationInfo"]["PromulgationDate"],
        serde_json::Value::Null
    );
    let flat = blank.to_string();
    assert!(
        !flat.contains("2018-01-19") && !flat.contains("\"01\""),
        "{flat}"
    );
    let only_number = sidecar(&["date"], true);
    assert_eq!(only_number["Code"]["CodeNumber"], "05");
    assert_eq!(
        only_number["PromulgationInfo"]["PromulgationDate"],
        serde_json::Value::Null
    );
    let whole = sidecar(&[], false);
    assert_eq!(whole["Code"]["CodeNumber"], "05");
    assert_eq!(whole["PromulgationInfo"]["PromulgationDate"], "2018-01-22");
    // A draft given both prints blanks all the same (they are filled at issuance)
    // but says what it was given.
    let given = sidecar(&[], true);
    assert_eq!(given["Code"]["CodeNumber"], "05");
    assert_eq!(given["PromulgationInfo"]["PromulgationDate"], "2018-01-22");
    assert_ne!(given["Code"]["Printed"], whole["Code"]["Printed"]);
}
