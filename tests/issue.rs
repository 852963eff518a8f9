//! Electronic issuance end to end: `vanban render --draft`, `vanban sign`, `vanban
//! issue`, with a test CA, a signer (RSA 2,048) and an agency (ECDSA P-256) made
//! here with rcgen. The signatures are checked by pyHanko (integrity, trust to the
//! test CA, modification analysis) and poppler's `pdfsig`; every refusal is run and
//! must leave no output file.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

use support::pki::{last_timestamp, pki, timestamped, TestTsa, PASSWORD};

const BIN: &str = env!("CARGO_BIN_EXE_vanban");
const TIMEOUT: Duration = Duration::from_secs(120);
const TIME: &str = "2026-12-01T09:30:00+07:00";

struct Run {
    ok: bool,
    code: Option<i32>,
    stderr: String,
}

/// Run `program` with `args` and the password in `VANBAN_PW`, killed past `TIMEOUT`.
/// vanban speaks English here (`VANBAN_LANG`): the assertions on its words were
/// written in English; the tests of the Vietnamese default pass `--lang vi`.
fn run_with(program: &str, args: &[&str], password: &str) -> Run {
    let mut child = Command::new(program)
        .args(args)
        .env("VANBAN_PW", password)
        .env("VANBAN_LANG", "en")
        .env_remove("SOURCE_DATE_EPOCH")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{program} {args:?} took over {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = out.join().unwrap();
    let stderr = err.join().unwrap();
    Run {
        ok: status.success(),
        code: status.code(),
        stderr: format!("{stderr}{stdout}"),
    }
}

fn vanban(args: &[&str]) -> Run {
    run_with(BIN, args, PASSWORD)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Whether a validator is there; missing under CI is a failure, not a skip.
fn have(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is required in CI (.ci/run installs it)");
        }
        eprintln!("note: {tool} not found; skipping the checks that need it");
    }
    found
}

/// A draft of the bundled nd30 fixture in `dir`, rendered with `extra` options.
fn draft(dir: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec![
        "render",
        "fixtures/phuc-loi-2018-nd30.json",
        "--out-dir",
        s(dir),
    ];
    args.extend_from_slice(extra);
    let r = vanban(&args);
    assert!(r.ok, "render: {}", r.stderr);
    dir.join("phuc-loi-2018-nd30.pdf")
}

fn sign(input: &Path, out: &Path, key: &str) -> Run {
    let key = pki().path(key);
    vanban(&[
        "sign",
        s(input),
        "--p12",
        s(&key),
        "--password-env",
        "VANBAN_PW",
        "--image",
        "fixtures/images/signature.png",
        "--time",
        TIME,
        "--out",
        s(out),
    ])
}

/// pyHanko's verdict on every signature of `pdf`: trusted to the test CA, intact,
/// and (for a later revision) only changes it accepts.
fn pyhanko_validate(pdf: &Path) -> String {
    let ca = pki().path("ca.pem");
    let r = run_with(
        "pyhanko",
        &[
            "sign",
            "validate",
            "--trust-replace",
            "--trust",
            s(&ca),
            "--no-revocation-check",
            s(pdf),
        ],
        "",
    );
    assert!(r.ok, "pyHanko rejects {}: {}", pdf.display(), r.stderr);
    r.stderr
}

#[test]
fn a_signed_draft_validates_in_pyhanko_and_pdfsig() {
    let dir = tempfile::tempdir().unwrap();
    let input = draft(dir.path(), &["--signature-field"]);
    let out = dir.path().join("signed.pdf");
    let r = sign(&input, &out, "signer.p12");
    assert!(r.ok, "sign: {}", r.stderr);
    let original = std::fs::read(&input).unwrap();
    let signed = std::fs::read(&out).unwrap();
    assert!(
        signed.starts_with(&original),
        "an incremental update keeps the bytes"
    );
    if have("pyhanko") {
        let report = pyhanko_validate(&out);
        assert!(report.contains("INTACT:TRUSTED"), "{report}");
    }
    if have("pdfsig") {
        let r = run_with("pdfsig", &[s(&out)], "");
        assert!(r.ok, "{}", r.stderr);
        assert!(r.stderr.contains("Signature is Valid."), "{}", r.stderr);
        assert!(r.stderr.contains("ETSI.CAdES.detached"), "{}", r.stderr);
        assert!(
            r.stderr.contains("SHA-256") || r.stderr.contains("SHA256"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("Total document signed"), "{}", r.stderr);
        assert!(r.stderr.contains("Nguyễn Văn An"), "{}", r.stderr);
    }
}

/// A refused step exits with 2, says why, and writes nothing.
fn assert_refused(r: &Run, out: &Path, words: &str) {
    assert!(!r.ok, "expected a refusal");
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains(words),
        "expected {words:?} in: {}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(!out.exists(), "a refused step wrote {}", out.display());
}

#[test]
fn signing_is_deterministic_for_a_given_time_and_works_with_p256() {
    let dir = tempfile::tempdir().unwrap();
    let input = draft(dir.path(), &["--signature-field"]);
    let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
    assert!(sign(&input, &a, "signer.p12").ok);
    assert!(sign(&input, &b, "signer.p12").ok);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // SOURCE_DATE_EPOCH stands for --time.
    let key = pki().path("signer.p12");
    let mut cmd = Command::new(BIN);
    cmd.args([
        "sign",
        s(&input),
        "--p12",
        s(&key),
        "--password-env",
        "VANBAN_PW",
    ])
    .args(["--image", "fixtures/images/signature.png", "--out"])
    .arg(dir.path().join("c.pdf"))
    .env("VANBAN_PW", PASSWORD)
    .env("SOURCE_DATE_EPOCH", "1796092200")
    .current_dir(env!("CARGO_MANIFEST_DIR"));
    let status = cmd.status().unwrap();
    assert!(status.success());
    let c = std::fs::read(dir.path().join("c.pdf")).unwrap();
    assert!(
        c.windows(24).any(|w| w == b"/M(D:20261201093000+07'0"),
        "the time of SOURCE_DATE_EPOCH in /M"
    );
    assert_eq!(c, std::fs::read(&a).unwrap(), "the same moment as --time");

    // ECDSA P-256 (the agency's key here) signs as well.
    let p = dir.path().join("p256.pdf");
    let r = sign(&input, &p, "agency.p12");
    assert!(r.ok, "{}", r.stderr);
    if have("pyhanko") {
        let report = pyhanko_validate(&p);
        assert!(report.contains("INTACT:TRUSTED"), "{report}");
    }
    if have("pdfsig") {
        let r = run_with("pdfsig", &[s(&p)], "");
        assert!(r.stderr.contains("Signature is Valid."), "{}", r.stderr);
        assert!(
            r.stderr.contains("Common Name: UBND quận Long Biên"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn signing_refuses_bad_keys_and_bad_pdfs_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = draft(dir.path(), &["--signature-field"]);
    let out = dir.path().join("out.pdf");
    let key = pki().path("signer.p12");
    let sign_args = |input: &Path, key: &Path| {
        vec![
            "sign".to_string(),
            s(input).to_string(),
            "--p12".into(),
            s(key).to_string(),
            "--password-env".into(),
            "VANBAN_PW".into(),
            "--time".into(),
            TIME.into(),
            "--out".into(),
            s(&out).to_string(),
        ]
    };
    let args = sign_args(&input, &key);
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_refused(&run_with(BIN, &argv, "wrong"), &out, "wrong password");

    for (file, words) in [
        ("expired.p12", "expired on 2026-06-30"),
        ("future.p12", "not valid yet"),
        ("no-sign.p12", "does not allow digital signatures"),
    ] {
        assert_refused(&sign(&input, &out, file), &out, words);
    }

    // A PDF cut short in a copy.
    let bytes = std::fs::read(&input).unwrap();
    let cut = dir.path().join("cut.pdf");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    assert_refused(&sign(&cut, &out, "signer.p12"), &out, "damaged");
    // Not a PDF at all.
    let json = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/phuc-loi-2018-nd30.json");
    assert_refused(&sign(&json, &out, "signer.p12"), &out, "not a PDF");
    // A PDF without the signing place.
    let plain_dir = dir.path().join("plain");
    let plain = draft(&plain_dir, &[]);
    assert_refused(
        &sign(&plain, &out, "signer.p12"),
        &out,
        "no place for the signature",
    );
    // Signed already.
    let signed = dir.path().join("signed.pdf");
    assert!(sign(&input, &signed, "signer.p12").ok);
    assert_refused(&sign(&signed, &out, "signer.p12"), &out, "signed already");
    // The password's variable not set.
    let r = run_with(
        BIN,
        &[
            "sign",
            s(&input),
            "--p12",
            s(&key),
            "--password-env",
            "NO_SUCH_VARIABLE",
            "--out",
            s(&out),
        ],
        PASSWORD,
    );
    assert_refused(&r, &out, "NO_SUCH_VARIABLE");
}

/// The nd30 fixture without its number and date, as a drafter writes it before
/// issuance, in `dir`.
fn draft_input(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/phuc-loi-2018-nd30.json"),
    )
    .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let o = v.as_object_mut().unwrap();
    assert!(o.remove("number").is_some() && o.remove("date").is_some());
    let path = dir.join("draft.json");
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    path
}

fn render_draft(dir: &Path) -> PathBuf {
    let input = draft_input(dir);
    let r = vanban(&["render", s(&input), "--draft", "--out-dir", s(dir)]);
    assert!(r.ok, "render --draft: {}", r.stderr);
    dir.join("draft.pdf")
}

fn issue(input: &Path, out: &Path, key: &str, number: &str, date: &str) -> Run {
    issue_with(input, out, key, number, date, &[])
}

/// `vanban issue` with `extra` options (a `--tsa`).
fn issue_with(
    input: &Path,
    out: &Path,
    key: &str,
    number: &str,
    date: &str,
    extra: &[&str],
) -> Run {
    let key = pki().path(key);
    let mut args = vec![
        "issue",
        s(input),
        "--number",
        number,
        "--date",
        date,
        "--p12",
        s(&key),
        "--password-env",
        "VANBAN_PW",
        "--seal",
        "fixtures/images/seal.png",
        "--seal-width-mm",
        "36",
        "--time",
        ISSUE_TIME,
        "--out",
        s(out),
    ];
    args.extend_from_slice(extra);
    vanban(&args)
}

const ISSUE_TIME: &str = "2026-12-01T10:15:00+07:00";

fn text_of(pdf: &Path) -> String {
    let r = run_with("pdftotext", &["-f", "1", "-l", "1", s(pdf), "-"], "");
    assert!(r.ok, "{}", r.stderr);
    r.stderr
}

/// The x of the first word `w` on page 1 (pdftotext -bbox).
fn word_x(pdf: &Path, w: &str) -> f64 {
    let r = run_with(
        "pdftotext",
        &["-bbox", "-f", "1", "-l", "1", s(pdf), "-"],
        "",
    );
    let needle = format!(">{w}</word>");
    let line = r
        .stderr
        .lines()
        .find(|l| l.contains(&needle))
        .unwrap_or_else(|| panic!("{w} not on page 1"));
    let start = line.find("xMin=\"").unwrap() + 6;
    line[start..].split('"').next().unwrap().parse().unwrap()
}

#[test]
fn a_draft_is_signed_then_numbered_dated_and_sealed_and_both_signatures_hold() {
    let dir = tempfile::tempdir().unwrap();
    let draft = render_draft(dir.path());
    let signed = dir.path().join("signed.pdf");
    let issued = dir.path().join("issued.pdf");
    let r = sign(&draft, &signed, "signer.p12");
    assert!(r.ok, "sign: {}", r.stderr);
    let r = issue(&signed, &issued, "agency.p12", "125", "2026-12-01");
    assert!(r.ok, "issue: {}", r.stderr);
    let signed_bytes = std::fs::read(&signed).unwrap();
    let issued_bytes = std::fs::read(&issued).unwrap();
    assert!(
        issued_bytes.starts_with(&signed_bytes),
        "an incremental update"
    );

    // The same bytes again for the same inputs and times.
    let again = dir.path().join("again.pdf");
    assert!(issue(&signed, &again, "agency.p12", "125", "2026-12-01").ok);
    assert_eq!(std::fs::read(&again).unwrap(), issued_bytes);

    if have("pdftotext") {
        let before = text_of(&draft);
        assert!(
            before.contains("/TB-UBND") && !before.contains("125/TB-UBND"),
            "{before}"
        );
        let after = text_of(&issued);
        assert!(after.contains("Số: 125/TB-UBND"), "{after}");
        assert!(
            after.contains("Long Biên, ngày 01 tháng 12 năm 2026"),
            "{after}"
        );
        // Nothing else moved: the words after the blanks stand where they stood.
        for w in ["/TB-UBND", "tháng", "năm"] {
            assert!(
                (word_x(&draft, w) - word_x(&issued, w)).abs() < 0.01,
                "{w} moved"
            );
        }
        // A number of two digits leaves no gap that splits the line: "Số:" and
        // "05/TB-UBND" are read as one line, the symbol where the draft put it.
        let short = dir.path().join("issued-05.pdf");
        assert!(issue(&signed, &short, "agency.p12", "5", "2026-12-01").ok);
        let text = text_of(&short);
        assert!(text.lines().any(|l| l == "Số: 05/TB-UBND"), "{text}");
        assert!((word_x(&draft, "/TB-UBND") - word_x(&short, "/TB-UBND")).abs() < 0.01);
    }
    if have("pyhanko") {
        let report = pyhanko_validate(&issued);
        let lines: Vec<&str> = report.lines().filter(|l| l.contains(":INTACT:")).collect();
        assert_eq!(lines.len(), 2, "{report}");
        assert!(lines[0].starts_with("Signature:"), "{report}");
        assert!(
            lines[0].contains("INTACT:TRUSTED,EXTENDED_WITH_FORM_FILLING,ACCEPTABLE_MODIFICATIONS"),
            "{report}"
        );
        assert!(lines[1].starts_with("AgencySignature:"), "{report}");
        assert!(lines[1].contains("INTACT:TRUSTED,UNTOUCHED"), "{report}");
    }
    if have("pdfsig") {
        let r = run_with("pdfsig", &[s(&issued)], "");
        assert_eq!(
            r.stderr.matches("Signature is Valid.").count(),
            2,
            "{}",
            r.stderr
        );
        let second = r
            .stderr
            .split("Signature #2")
            .nth(1)
            .expect("two signatures");
        assert!(second.contains("Total document signed"), "{}", r.stderr);
        assert!(second.contains("UBND quận Long Biên"), "{}", r.stderr);
    }
    if have("qpdf") {
        let r = run_with("qpdf", &["--check", s(&issued)], "");
        assert!(r.ok, "{}", r.stderr);
    }
}

#[test]
fn issuance_refuses_what_cannot_be_issued_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let blank = render_draft(dir.path());
    let out = dir.path().join("out.pdf");
    // Not signed yet.
    assert_refused(
        &issue(&blank, &out, "agency.p12", "125", "2026-12-01"),
        &out,
        "has not signed",
    );
    let signed = dir.path().join("signed.pdf");
    assert!(sign(&blank, &signed, "signer.p12").ok);
    // The agency's key: wrong password, expired.
    let key = pki().path("agency.p12");
    let r = run_with(
        BIN,
        &[
            "issue",
            s(&signed),
            "--number",
            "125",
            "--date",
            "2026-12-01",
            "--p12",
            s(&key),
            "--password-env",
            "VANBAN_PW",
            "--out",
            s(&out),
        ],
        "wrong",
    );
    assert_refused(&r, &out, "wrong password");
    assert_refused(
        &issue(&signed, &out, "expired.p12", "125", "2026-12-01"),
        &out,
        "expired",
    );
    // A number wider than its place; a date that is no date.
    assert_refused(
        &issue(&signed, &out, "agency.p12", "1000", "2026-12-01"),
        &out,
        "does not fit the place the draft left for it (3 digits)",
    );
    assert_refused(
        &issue(&signed, &out, "agency.p12", "125", "2026-02-30"),
        &out,
        "--date",
    );
    // Issued once: the number is filled, so neither a second issue nor a signature.
    let issued = dir.path().join("issued.pdf");
    assert!(issue(&signed, &issued, "agency.p12", "125", "2026-12-01").ok);
    assert_refused(
        &issue(&issued, &out, "agency.p12", "126", "2026-12-01"),
        &out,
        "issued already",
    );
    assert_refused(&sign(&issued, &out, "signer.p12"), &out, "issued already");

    // A notice with its number printed has no place for a number.
    let plain_dir = dir.path().join("plain");
    let plain = draft(&plain_dir, &["--signature-field"]);
    let plain_signed = plain_dir.join("signed.pdf");
    assert!(sign(&plain, &plain_signed, "signer.p12").ok);
    assert_refused(
        &issue(&plain_signed, &out, "agency.p12", "125", "2026-12-01"),
        &out,
        "number printed",
    );
    // A draft that prints its year takes a date in that year only.
    let dated_dir = dir.path().join("dated");
    let dated = draft(&dated_dir, &["--draft"]);
    let dated_signed = dated_dir.join("signed.pdf");
    assert!(sign(&dated, &dated_signed, "signer.p12").ok);
    assert_refused(
        &issue(&dated_signed, &out, "agency.p12", "125", "2026-12-01"),
        &out,
        "prints the year 2018",
    );
    let r = issue(&dated_signed, &out, "agency.p12", "5", "2018-01-22");
    assert!(r.ok, "{}", r.stderr);
    if have("pdftotext") {
        let t = text_of(&out);
        // The number closes up to the symbol; the rest of the four-digit blank stays
        // between "Số:" and it, as when a number is written by hand into the blank.
        assert!(t.contains("05/TB-UBND"), "{t}");
        assert!(t.contains("ngày 22 tháng 01 năm 2018"), "{t}");
    }
}

#[test]
fn number_and_date_may_be_left_out_of_a_draft_only() {
    let dir = tempfile::tempdir().unwrap();
    let input = draft_input(dir.path());
    let r = vanban(&["render", s(&input), "--out-dir", s(dir.path())]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("number"), "{}", r.stderr);
    assert!(!dir.path().join("draft.pdf").exists());
    let pdf = render_draft(dir.path());
    if have("pdftotext") {
        // The header's two columns side by side, as printed.
        let r = run_with(
            "pdftotext",
            &["-layout", "-f", "1", "-l", "1", s(&pdf), "-"],
            "",
        );
        let line = r
            .stderr
            .lines()
            .find(|l| l.contains("Long Biên, ngày"))
            .expect("date line")
            .to_string();
        for w in ["Số:", "/TB-UBND", "tháng", "năm"] {
            assert!(line.contains(w), "{w} in {line}");
        }
        assert!(
            !line.chars().any(|c| c.is_ascii_digit()),
            "no number, day, month or year: {line}"
        );
    }
}

/// Read a packet with Python's own XML and zip readers (independent of vanban):
/// the root's namespace, the header fields, and the attachment decoded and unzipped.
const READ_PACKET: &str = r#"
import base64, hashlib, io, json, sys, zipfile
import xml.etree.ElementTree as ET
NS = "{http://www.mic.gov.vn/TBT/QCVN_102_2016}"
root = ET.parse(sys.argv[1]).getroot()
env = root.find(NS + "edXMLEnvelope")
h = env.find(NS + "edXMLHeader/" + NS + "MessageHeader")
t = lambda p: (h.findtext("/".join(NS + x for x in p.split("/"))) or "")
att = root.find(NS + "AttachmentEncoded/" + NS + "Attachment")
z = zipfile.ZipFile(io.BytesIO(base64.b64decode(att.findtext(NS + "ContentTransferEncoded"))))
name = att.findtext(NS + "AttachmentName")
pdf = z.read(name)
print(json.dumps({
  "root": root.tag, "envelope": env is not None,
  "from": t("From/OrganId"), "to": [x.findtext(NS + "OrganId") for x in h.findall(NS + "To")],
  "document_id": t("DocumentId"), "number": t("Code/CodeNumber"), "notation": t("Code/CodeNotation"),
  "date": t("PromulgationInfo/PromulgationDate"), "place": t("PromulgationInfo/Place"),
  "subject": t("Subject"), "signer": t("SignerInfo/FullName"), "pages": t("OtherInfo/PageAmount"),
  "places": [p.text for p in h.findall(NS + "ToPlaces/" + NS + "Place")],
  "manifest": env.find(NS + "edXMLBody/" + NS + "edXMLManifest/" + NS + "Reference/" + NS + "AttachmentName").text,
  "entries": z.namelist(), "sha256": hashlib.sha256(pdf).hexdigest(),
}, ensure_ascii=False))
"#;

fn issued_packet(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let draft = render_draft(dir);
    let signed = dir.join("signed.pdf");
    let issued = dir.join("issued.pdf");
    assert!(sign(&draft, &signed, "signer.p12").ok);
    assert!(issue(&signed, &issued, "agency.p12", "125", "2026-12-01").ok);
    let packet = dir.join("notice.edxml");
    let r = vanban(&[
        "edxml",
        s(&dir.join("draft.json")),
        "--pdf",
        s(&issued),
        "--from",
        "000.00.00.H26",
        "--to",
        "000.00.01.H26",
        "--to",
        "000.00.02.H26",
        "--out",
        s(&packet),
    ]);
    assert!(r.ok, "edxml: {}", r.stderr);
    (dir.join("draft.json"), issued, packet)
}

#[test]
fn the_edxml_packet_carries_the_issued_pdf_and_agrees_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let (input, issued, packet) = issued_packet(dir.path());
    let out = std::process::Command::new("python3")
        .args(["-c", READ_PACKET])
        .arg(&packet)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["root"], "{http://www.mic.gov.vn/TBT/QCVN_102_2016}edXML");
    assert_eq!(v["envelope"], true);
    assert_eq!(v["from"], "000.00.00.H26");
    assert_eq!(
        v["to"],
        serde_json::json!(["000.00.01.H26", "000.00.02.H26"])
    );
    assert_eq!(v["number"], "125");
    assert_eq!(v["notation"], "TB-UBND");
    assert_eq!(v["date"], "2026/12/01");
    assert_eq!(v["document_id"], "000.00.00.H26,2026/12/01,125/TB-UBND");
    assert_eq!(v["entries"], serde_json::json!(["issued.pdf"]));
    assert_eq!(v["manifest"], "issued.pdf");
    use sha2::Digest;
    let pdf = std::fs::read(&issued).unwrap();
    assert_eq!(
        v["sha256"],
        format!("{:x}", sha2::Sha256::digest(&pdf)),
        "byte for byte"
    );
    let notice: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&input).unwrap()).unwrap();
    assert_eq!(v["subject"], notice["summary"]);
    assert_eq!(v["signer"], notice["signer"]["name"]);
    assert_eq!(
        v["places"].as_array().unwrap().len(),
        notice["recipients"].as_array().unwrap().len()
    );
    if have("pdftotext") {
        let text = text_of(&issued);
        assert!(text.contains("125/TB-UBND"), "{text}");
        assert!(text.contains("ngày 01 tháng 12 năm 2026"), "{text}");
        for p in v["places"].as_array().unwrap() {
            let p = p.as_str().unwrap();
            let all = run_with("pdftotext", &[s(&issued), "-"], "").stderr;
            assert!(all.contains(p), "{p} on the page");
        }
        let info = run_with("pdfinfo", &[s(&issued)], "").stderr;
        let pages = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .to_string();
        assert_eq!(v["pages"], pages);
    }
    let r = vanban(&["edxml", "--check", s(&packet)]);
    assert!(r.ok, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

#[test]
fn edxml_check_catches_each_missing_required_field() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, packet) = issued_packet(dir.path());
    let good = std::fs::read_to_string(&packet).unwrap();
    let to_block = |xml: &str| {
        let a = xml.find("<To>").unwrap();
        let b = xml[a..].find("</To>").unwrap() + a + "</To>".len();
        (a, b)
    };
    let without_to = {
        let mut x = good.clone();
        while x.contains("<To>") {
            let (a, b) = to_block(&x);
            x.replace_range(a..b, "");
        }
        x
    };
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "no sender",
            good.replacen("<OrganId>000.00.00.H26</OrganId>", "<OrganId/>", 1),
            "From/OrganId",
        ),
        ("no receiver", without_to, "no To"),
        (
            "twice",
            good.replace("000.00.02.H26", "000.00.01.H26"),
            "named twice",
        ),
        (
            "number",
            good.replace("<CodeNumber>125</CodeNumber>", ""),
            "Code/CodeNumber",
        ),
        (
            "notation",
            good.replace("<CodeNotation>TB-UBND</CodeNotation>", "<CodeNotation/>"),
            "Code/CodeNotation",
        ),
        (
            "subject",
            {
                let a = good.find("<Subject>").unwrap();
                let b = good.find("</Subject>").unwrap() + "</Subject>".len();
                format!("{}{}", &good[..a], &good[b..])
            },
            "Subject",
        ),
        (
            "future",
            good.replace(
                "<PromulgationDate>2026/12/01",
                "<PromulgationDate>2099/12/01",
            ),
            "in the future",
        ),
        (
            "no date",
            good.replace("<PromulgationDate>2026/12/01</PromulgationDate>", ""),
            "PromulgationDate is missing",
        ),
        (
            "type",
            good.replace("<Type>1</Type>", "<Type>7</Type>"),
            "accepts 1 or 2",
        ),
        (
            "attachment",
            {
                let a = good.find("<AttachmentEncoded>").unwrap();
                let b = good.find("</AttachmentEncoded>").unwrap() + "</AttachmentEncoded>".len();
                format!("{}{}", &good[..a], &good[b..])
            },
            "carries no document",
        ),
        (
            "namespace",
            good.replace("QCVN_102_2016", "QCVN_102_2015"),
            "not in the edXML namespace",
        ),
        ("broken", good[..good.len() / 2].to_string(), "XML"),
    ];
    for (what, xml, words) in cases {
        let path = dir.path().join(format!("{what}.edxml"));
        std::fs::write(&path, &xml).unwrap();
        let r = vanban(&["edxml", "--check", s(&path)]);
        assert_eq!(r.code, Some(2), "{what}: {}", r.stderr);
        assert!(
            r.stderr.contains(words),
            "{what}: expected {words:?} in {}",
            r.stderr
        );
    }
    // An organ code of another shape is a warning, not a refusal.
    let path = dir.path().join("odd.edxml");
    std::fs::write(&path, good.replace("000.00.02.H26", "UBND-PL")).unwrap();
    let r = vanban(&["edxml", "--check", s(&path)]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning") && r.stderr.contains("UBND-PL"),
        "{}",
        r.stderr
    );
}

/// Deferred signing as a token or remote service does it: the digest out, signed
/// elsewhere (here `openssl pkeyutl`), the raw signature back in.
fn deferred_sign(input: &Path, out: &Path, who: &str, dir: &Path) -> Run {
    let cert = pki().path(&format!("{who}.cert.pem"));
    let prepared = dir.join(format!("{who}-prepared.pdf"));
    let r = vanban(&[
        "--message-format",
        "json",
        "sign",
        "prepare",
        s(input),
        "--cert",
        s(&cert),
        "--image",
        "fixtures/images/signature.png",
        "--time",
        TIME,
        "--out",
        s(&prepared),
    ]);
    assert!(r.ok, "prepare: {}", r.stderr);
    let sig_file = openssl_sign(&r.stderr, who, dir);
    vanban(&[
        "sign",
        "finish",
        s(&prepared),
        "--signature",
        s(&sig_file),
        "--out",
        s(out),
    ])
}

/// The digest a `prepare` printed (as JSON in `output`), signed by `openssl pkeyutl`
/// with the key of `who`: the file of the raw signature.
fn openssl_sign(output: &str, who: &str, dir: &Path) -> PathBuf {
    let key = pki().path(&format!("{who}.key.pem"));
    let line = output
        .lines()
        .find(|l| l.contains("digest_sha256"))
        .expect("the digest as JSON");
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    let hex = v["digest_sha256"].as_str().unwrap();
    assert_eq!(hex.len(), 64);
    let digest: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let digest_file = dir.join(format!("{who}.digest"));
    let sig_file = dir.join(format!("{who}.sig"));
    std::fs::write(&digest_file, digest).unwrap();
    let r = run_with(
        "openssl",
        &[
            "pkeyutl",
            "-sign",
            "-inkey",
            s(&key),
            "-pkeyopt",
            "digest:sha256",
            "-in",
            s(&digest_file),
            "-out",
            s(&sig_file),
        ],
        "",
    );
    assert!(r.ok, "openssl: {}", r.stderr);
    sig_file
}

#[test]
fn deferred_signing_with_a_digest_signed_by_openssl_gives_a_valid_signature() {
    if !have("openssl") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let draft = render_draft(dir.path());
    for who in ["signer", "agency"] {
        let signed = dir.path().join(format!("{who}-signed.pdf"));
        let r = deferred_sign(&draft, &signed, who, dir.path());
        assert!(r.ok, "{who}: {}", r.stderr);
        if have("pyhanko") {
            let report = pyhanko_validate(&signed);
            assert!(
                report.contains("INTACT:TRUSTED,UNTOUCHED"),
                "{who}: {report}"
            );
        }
        if have("pdfsig") {
            let r = run_with("pdfsig", &[s(&signed)], "");
            assert!(r.stderr.contains("Signature is Valid."), "{}", r.stderr);
        }
    }
    // The same signature as with the key in a PKCS#12 file, byte for byte.
    let direct = dir.path().join("direct.pdf");
    assert!(sign(&draft, &direct, "signer.p12").ok);
    assert_eq!(
        std::fs::read(&direct).unwrap(),
        std::fs::read(dir.path().join("signer-signed.pdf")).unwrap()
    );
    // Issuance goes on from a deferred signature as from any other.
    let issued = dir.path().join("issued.pdf");
    let r = issue(
        &dir.path().join("signer-signed.pdf"),
        &issued,
        "agency.p12",
        "7",
        "2026-12-01",
    );
    assert!(r.ok, "{}", r.stderr);
    if have("pyhanko") {
        assert!(!pyhanko_validate(&issued).contains("ILLEGAL"));
    }
    // A signature over something else is refused, and nothing is written.
    let out = dir.path().join("out.pdf");
    let prepared = dir.path().join("signer-prepared.pdf");
    let wrong = dir.path().join("agency.sig");
    let r = vanban(&[
        "sign",
        "finish",
        s(&prepared),
        "--signature",
        s(&wrong),
        "--out",
        s(&out),
    ]);
    assert_refused(&r, &out, "does not verify");
    // A PDF that was not prepared.
    let r = vanban(&[
        "sign",
        "finish",
        s(&draft),
        "--signature",
        s(&wrong),
        "--out",
        s(&out),
    ]);
    assert_refused(&r, &out, "not a PDF prepared");
}

/// Deferred issuance: `vanban issue prepare` with the agency's certificate, the
/// digest signed by `openssl pkeyutl` with the agency's key, `vanban issue finish`.
fn deferred_issue(signed: &Path, out: &Path, who: &str, dir: &Path, finish_extra: &[&str]) -> Run {
    let cert = pki().path(&format!("{who}.cert.pem"));
    let prepared = dir.join(format!("{who}-issue-prepared.pdf"));
    let r = vanban(&[
        "--message-format",
        "json",
        "issue",
        "prepare",
        s(signed),
        "--number",
        "125",
        "--date",
        "2026-12-01",
        "--cert",
        s(&cert),
        "--seal",
        "fixtures/images/seal.png",
        "--seal-width-mm",
        "36",
        "--time",
        ISSUE_TIME,
        "--out",
        s(&prepared),
    ]);
    assert!(r.ok, "issue prepare: {}", r.stderr);
    let sig = openssl_sign(&r.stderr, who, dir);
    let mut args = vec![
        "issue",
        "finish",
        s(&prepared),
        "--signature",
        s(&sig),
        "--out",
        s(out),
    ];
    args.extend_from_slice(finish_extra);
    vanban(&args)
}

/// The bytes of `pdf` the last signature covers: all but its `/Contents` string.
fn outside_last_contents(pdf: &[u8]) -> Vec<u8> {
    let at = pdf
        .windows(10)
        .rposition(|w| w == b"/Contents<")
        .expect("a signature");
    let end = at + pdf[at..].iter().position(|&b| b == b'>').unwrap();
    [&pdf[..at], &pdf[end..]].concat()
}

/// pyHanko and pdfsig on an issued PDF: both signatures intact and trusted, the
/// signer's followed only by accepted changes, the agency's covering the file.
fn assert_issued_validates(issued: &Path) -> String {
    let mut report = String::new();
    if have("pyhanko") {
        report = pyhanko_validate(issued);
        let lines: Vec<&str> = report.lines().filter(|l| l.contains(":INTACT:")).collect();
        assert_eq!(lines.len(), 2, "{report}");
        assert!(
            lines[0].starts_with("Signature:")
                && lines[0].contains("INTACT:TRUSTED")
                && lines[0].contains("ACCEPTABLE_MODIFICATIONS"),
            "{report}"
        );
        assert!(
            lines[1].starts_with("AgencySignature:") && lines[1].contains("INTACT:TRUSTED"),
            "{report}"
        );
        assert!(lines[1].contains("UNTOUCHED"), "{report}");
    }
    if have("pdfsig") {
        let r = run_with("pdfsig", &[s(issued)], "");
        assert_eq!(
            r.stderr.matches("Signature is Valid.").count(),
            2,
            "{}",
            r.stderr
        );
        let second = r.stderr.split("Signature #2").nth(1).expect("two");
        assert!(second.contains("Total document signed"), "{}", r.stderr);
        report.push_str(&r.stderr);
    }
    report
}

#[test]
fn deferred_issuance_with_a_digest_signed_by_openssl_equals_issuing_with_the_p12() {
    if !have("openssl") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let draft = render_draft(dir.path());
    let signed = dir.path().join("signed.pdf");
    assert!(sign(&draft, &signed, "signer.p12").ok);
    // P-256 and RSA agency keys.
    for who in ["agency", "agency-rsa"] {
        let deferred = dir.path().join(format!("{who}-deferred.pdf"));
        let r = deferred_issue(&signed, &deferred, who, dir.path(), &[]);
        assert!(r.ok, "{who}: {}", r.stderr);
        let direct = dir.path().join(format!("{who}-direct.pdf"));
        let r = issue(&signed, &direct, &format!("{who}.p12"), "125", "2026-12-01");
        assert!(r.ok, "{who}: {}", r.stderr);
        let (a, b) = (
            std::fs::read(&deferred).unwrap(),
            std::fs::read(&direct).unwrap(),
        );
        if who == "agency-rsa" {
            // RSA PKCS#1 v1.5 is deterministic: the same file, byte for byte.
            assert!(a == b, "{who}: differs from `vanban issue --p12`");
        } else {
            // openssl's ECDSA draws a random nonce: all but the signature value.
            assert!(
                outside_last_contents(&a) == outside_last_contents(&b),
                "{who}: differs from `vanban issue --p12` outside the signature"
            );
            assert!(a.len() == b.len() && a != b);
        }
        assert_issued_validates(&deferred);
        if have("pdftotext") {
            assert!(text_of(&deferred).contains("Số: 125/TB-UBND"));
        }
    }
    // `sign finish` completes a prepared issuance as well.
    let prepared = dir.path().join("agency-issue-prepared.pdf");
    let sig = dir.path().join("agency.sig");
    let out = dir.path().join("via-sign-finish.pdf");
    let r = vanban(&[
        "sign",
        "finish",
        s(&prepared),
        "--signature",
        s(&sig),
        "--out",
        s(&out),
    ]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        std::fs::read(&out).unwrap()
            == std::fs::read(dir.path().join("agency-deferred.pdf")).unwrap()
    );

    // Refusals, nothing written: the signer's key over the agency's digest; a
    // prepared issuance issued again; a signer's signature prepared, not finished.
    let out = dir.path().join("out.pdf");
    let other = dir.path().join("other.digest");
    let wrong = dir.path().join("other.sig");
    std::fs::write(&other, [0u8; 32]).unwrap();
    let r = run_with(
        "openssl",
        &[
            "pkeyutl",
            "-sign",
            "-inkey",
            s(&pki().path("agency.key.pem")),
            "-pkeyopt",
            "digest:sha256",
            "-in",
            s(&other),
            "-out",
            s(&wrong),
        ],
        "",
    );
    assert!(r.ok, "{}", r.stderr);
    let r = vanban(&[
        "issue",
        "finish",
        s(&prepared),
        "--signature",
        s(&wrong),
        "--out",
        s(&out),
    ]);
    assert_refused(&r, &out, "does not verify");
    let cert = pki().path("agency.cert.pem");
    let prepare = |input: &Path| {
        vanban(&[
            "issue",
            "prepare",
            s(input),
            "--number",
            "126",
            "--date",
            "2026-12-01",
            "--cert",
            s(&cert),
            "--out",
            s(&out),
        ])
    };
    assert_refused(&prepare(&prepared), &out, "issued already");
    let half = dir.path().join("half-signed.pdf");
    let r = vanban(&[
        "sign",
        "prepare",
        s(&draft),
        "--cert",
        s(&pki().path("signer.cert.pem")),
        "--out",
        s(&half),
    ]);
    assert!(r.ok, "{}", r.stderr);
    assert_refused(&prepare(&half), &out, "prepared but not finished");
    assert_refused(
        &issue(&half, &out, "agency.p12", "126", "2026-12-01"),
        &out,
        "prepared but not finished",
    );
    // The number and date are required, as for `vanban issue`.
    let r = vanban(&[
        "issue",
        "prepare",
        s(&signed),
        "--date",
        "2026-12-01",
        "--cert",
        s(&cert),
        "--out",
        s(&out),
    ]);
    assert_refused(&r, &out, "--number");
}

#[test]
fn a_tsa_timestamps_the_signatures_b_t_and_a_wrong_answer_is_refused() {
    if !have("openssl") || !have("python3") {
        return;
    }
    let tsa = TestTsa::start();
    let good = tsa.url("/");
    let dir = tempfile::tempdir().unwrap();
    let draft = render_draft(dir.path());
    // The signer's signature with a timestamp.
    let signed = dir.path().join("signed.pdf");
    let key = pki().path("signer.p12");
    let r = vanban(&[
        "sign",
        s(&draft),
        "--p12",
        s(&key),
        "--password-env",
        "VANBAN_PW",
        "--image",
        "fixtures/images/signature.png",
        "--time",
        TIME,
        "--tsa",
        &good,
        "--out",
        s(&signed),
    ]);
    assert!(r.ok, "sign --tsa: {}", r.stderr);
    if have("pyhanko") {
        let report = pyhanko_validate(&signed);
        assert_eq!(timestamped(&report), 1, "{report}");
    }
    if have("pdfsig") {
        let r = run_with("pdfsig", &[s(&signed)], "");
        assert!(r.stderr.contains("Signature is Valid."), "{}", r.stderr);
    }
    // The agency's, issued directly and deferred, each with a timestamp.
    let issued = dir.path().join("issued.pdf");
    let r = issue_with(
        &signed,
        &issued,
        "agency.p12",
        "125",
        "2026-12-01",
        &["--tsa", &good],
    );
    assert!(r.ok, "issue --tsa: {}", r.stderr);
    let report = assert_issued_validates(&issued);
    if have("pyhanko") {
        assert_eq!(timestamped(&report), 2, "{report}");
    }
    let deferred = dir.path().join("deferred.pdf");
    let r = deferred_issue(&signed, &deferred, "agency", dir.path(), &["--tsa", &good]);
    assert!(r.ok, "issue finish --tsa: {}", r.stderr);
    let report = assert_issued_validates(&deferred);
    if have("pyhanko") {
        assert_eq!(timestamped(&report), 2, "{report}");
    }
    if have("qpdf") {
        let r = run_with("qpdf", &["--check", s(&deferred)], "");
        assert!(r.ok, "{}", r.stderr);
    }
    // A second validator of the token: `openssl ts -verify` over the agency's
    // signature value, trusting the test CA.
    let (token, value) = last_timestamp(&std::fs::read(&deferred).unwrap());
    let (token_file, value_file) = (dir.path().join("token.der"), dir.path().join("value.bin"));
    std::fs::write(&token_file, token).unwrap();
    std::fs::write(&value_file, value).unwrap();
    let r = run_with(
        "openssl",
        &[
            "ts",
            "-verify",
            "-token_in",
            "-in",
            s(&token_file),
            "-data",
            s(&value_file),
            "-CAfile",
            s(&pki().path("ca.pem")),
        ],
        "",
    );
    assert!(
        r.ok && r.stderr.contains("Verification: OK"),
        "{}",
        r.stderr
    );

    // Wrong answers: refused with the reason, nothing written.
    let out = dir.path().join("out.pdf");
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        drop(l);
        format!("http://127.0.0.1:{port}/")
    };
    for (url, words) in [
        (tsa.url("/other-digest"), "over another digest"),
        (tsa.url("/other-nonce"), "another request's nonce"),
        (tsa.url("/refuse"), "refused the request"),
        (tsa.url("/altered"), "does not cover its TSTInfo"),
        (tsa.url("/broken"), "500"),
        (closed.clone(), "cannot be reached"),
        (closed.replace("http://", "https://"), "cannot be reached"),
    ] {
        let r = issue_with(
            &signed,
            &out,
            "agency.p12",
            "125",
            "2026-12-01",
            &["--tsa", &url],
        );
        assert_refused(&r, &out, words);
    }
}

#[test]
fn a_batch_signed_with_one_key_reports_each_draft_and_a_bad_one_stops_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    let first = render_draft(dir.path());
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::copy(&first, drafts.join("a.pdf")).unwrap();
    std::fs::copy(&first, drafts.join("c.pdf")).unwrap();
    // A damaged draft and one signed already, between the good ones.
    let bytes = std::fs::read(&first).unwrap();
    std::fs::write(drafts.join("b.pdf"), &bytes[..bytes.len() / 2]).unwrap();
    let signed = dir.path().join("signed-already.pdf");
    assert!(sign(&first, &signed, "signer.p12").ok);
    let out_dir = dir.path().join("out");
    let key = pki().path("signer.p12");
    let r = vanban(&[
        "sign",
        "--batch",
        s(&drafts),
        s(&signed),
        "--p12",
        s(&key),
        "--password-env",
        "VANBAN_PW",
        "--image",
        "fixtures/images/signature.png",
        "--time",
        TIME,
        "--out-dir",
        s(&out_dir),
    ]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(
        r.stderr.contains("b.pdf: the PDF is damaged"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("signed already"), "{}", r.stderr);
    assert!(r.stderr.contains("signed 2 of 4 drafts"), "{}", r.stderr);
    for (name, made) in [
        ("a", true),
        ("b", false),
        ("c", true),
        ("signed-already", false),
    ] {
        let out = out_dir.join(format!("{name}.signed.pdf"));
        assert_eq!(out.exists(), made, "{}", out.display());
    }
    // Each is the file `vanban sign` writes for that draft alone.
    let alone = dir.path().join("alone.pdf");
    assert!(sign(&drafts.join("a.pdf"), &alone, "signer.p12").ok);
    let a = std::fs::read(out_dir.join("a.signed.pdf")).unwrap();
    assert!(a == std::fs::read(&alone).unwrap());
    if have("pdfsig") {
        let r = run_with("pdfsig", &[s(&out_dir.join("c.signed.pdf"))], "");
        assert!(r.stderr.contains("Signature is Valid."), "{}", r.stderr);
    }
    // A key that cannot sign stops the batch before any draft, writing nothing.
    let none = dir.path().join("none");
    let expired = pki().path("expired.p12");
    let r = vanban(&[
        "sign",
        "--batch",
        s(&drafts),
        "--p12",
        s(&expired),
        "--password-env",
        "VANBAN_PW",
        "--time",
        TIME,
        "--out-dir",
        s(&none),
    ]);
    assert_refused(&r, &none, "expired");
    // Several drafts without --batch are a usage error.
    let r = vanban(&[
        "sign",
        s(&drafts.join("a.pdf")),
        s(&drafts.join("c.pdf")),
        "--p12",
        s(&key),
        "--password-env",
        "VANBAN_PW",
        "--out",
        s(&none),
    ]);
    assert_refused(&r, &none, "--batch");
}

/// `vanban` with `args` in the language `lang` (`--lang`).
fn vanban_in(lang: &str, args: &[&str]) -> Run {
    let mut all = vec!["--lang", lang];
    all.extend_from_slice(args);
    vanban(&all)
}

#[test]
fn a_tsa_over_https_is_trusted_through_its_own_ca_and_refused_without_it() {
    if !have("openssl") || !have("python3") {
        return;
    }
    let tsa = TestTsa::start_tls();
    let url = tsa.url("/");
    assert!(url.starts_with("https://"), "{url}");
    let dir = tempfile::tempdir().unwrap();
    let draft = render_draft(dir.path());
    let key = pki().path("signer.p12");
    let tls_ca = pki().path("tls-ca.pem");
    let sign_args = |out: &Path, extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "sign",
            s(&draft),
            "--p12",
            s(&key),
            "--password-env",
            "VANBAN_PW",
            "--image",
            "fixtures/images/signature.png",
            "--time",
            TIME,
            "--tsa",
            &url,
            "--out",
            s(out),
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        a.extend(extra.iter().map(|e| e.to_string()));
        a
    };
    let run = |lang: &str, args: &[String]| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        vanban_in(lang, &args)
    };
    // The service's CA given: the signature gets its token (PAdES B-T).
    let signed = dir.path().join("signed.pdf");
    let r = run("en", &sign_args(&signed, &["--tsa-ca", s(&tls_ca)]));
    assert!(r.ok, "sign --tsa https: {}", r.stderr);
    if have("pyhanko") {
        let report = pyhanko_validate(&signed);
        assert_eq!(timestamped(&report), 1, "{report}");
    }
    if have("pdfsig") {
        let r = run_with("pdfsig", &[s(&signed)], "");
        assert!(r.stderr.contains("Signature is Valid."), "{}", r.stderr);
    }
    // The agency's signature over https too, the token checked by pyHanko.
    let issued = dir.path().join("issued.pdf");
    let r = issue_with(
        &signed,
        &issued,
        "agency.p12",
        "125",
        "2026-12-01",
        &["--tsa", &url, "--tsa-ca", s(&tls_ca)],
    );
    assert!(r.ok, "issue --tsa https: {}", r.stderr);
    let report = assert_issued_validates(&issued);
    if have("pyhanko") {
        assert_eq!(timestamped(&report), 2, "{report}");
    }
    // Without the CA (the system does not trust it), or with another CA: refused,
    // in Vietnamese by default and in English when asked, nothing written.
    let out = dir.path().join("out.pdf");
    let wrong_ca = pki().path("ca.pem");
    for extra in [vec![], vec!["--tsa-ca", s(&wrong_ca)]] {
        let r = run("vi", &sign_args(&out, &extra));
        assert_refused(&r, &out, "dùng chứng thư TLS không được tin cậy");
        assert!(r.stderr.contains("--tsa-ca"), "{}", r.stderr);
        let r = run("en", &sign_args(&out, &extra));
        assert_refused(&r, &out, "has a TLS certificate that is not trusted");
    }
    // A CA file that holds no certificate.
    let junk = dir.path().join("junk.pem");
    std::fs::write(
        &junk,
        "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let r = run("vi", &sign_args(&out, &["--tsa-ca", s(&junk)]));
    assert_refused(&r, &out, "không đọc được chứng thư CA");
    // The http server spoken to over https: no TLS answer, refused.
    let plain = TestTsa::start();
    let r = issue_with(
        &signed,
        &out,
        "agency.p12",
        "125",
        "2026-12-01",
        &["--tsa", &plain.url("/").replace("http://", "https://")],
    );
    assert_refused(&r, &out, "https connection");
}

/// The nd30 fixture without number and date as the base of a batch of three
/// drafts, one per ward.
fn draft_batch(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/phuc-loi-2018-nd30.json"),
    )
    .unwrap();
    let mut base: serde_json::Value = serde_json::from_str(&text).unwrap();
    let o = base.as_object_mut().unwrap();
    o.remove("number");
    o.remove("date");
    let items: Vec<serde_json::Value> = ["Phúc Lợi", "Bồ Đề", "Cự Khối"]
        .iter()
        .map(|w| serde_json::json!({"ward": w, "summary": format!("Kết luận tại buổi làm việc với phường {w}")}))
        .collect();
    let batch = serde_json::json!({"base": base, "items": items});
    let path = dir.join("batch.json");
    std::fs::write(&path, serde_json::to_string_pretty(&batch).unwrap()).unwrap();
    path
}

/// The number an issued PDF prints on page 1, "Số: 125/TB-UBND" → 125.
fn printed_number(pdf: &Path) -> u32 {
    let text = text_of(pdf);
    let line = text
        .lines()
        .find(|l| l.starts_with("Số: "))
        .unwrap_or_else(|| panic!("no number in {}: {text}", pdf.display()));
    line["Số: ".len()..]
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn a_batch_of_drafts_is_signed_issued_in_order_and_packed_one_packet_each() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 1. Drafts: `vanban batch --draft`, number and date left out.
    let batch = draft_batch(d);
    let drafts = d.join("drafts");
    let r = vanban(&[
        "batch",
        s(&batch),
        "--draft",
        "--out-dir",
        s(&drafts),
        "--name",
        "{{index}}-{{slug ward}}",
        "-q",
    ]);
    assert!(r.ok, "batch --draft: {}", r.stderr);
    for stem in ["1-phuc-loi", "2-bo-de", "3-cu-khoi"] {
        let text = text_of(&drafts.join(format!("{stem}.pdf")));
        assert!(text.contains("/TB-UBND"), "{text}");
        assert!(
            !text.contains("Số: 01/"),
            "a draft prints no number: {text}"
        );
    }
    // 2. Signed with one key.
    let signed = d.join("signed");
    let key = pki().path("signer.p12");
    let r = vanban(&[
        "sign",
        "--batch",
        s(&drafts),
        "--p12",
        s(&key),
        "--password-env",
        "VANBAN_PW",
        "--image",
        "fixtures/images/signature.png",
        "--time",
        TIME,
        "--out-dir",
        s(&signed),
    ]);
    assert!(r.ok, "sign --batch: {}", r.stderr);
    // A damaged one among them, by name between the first and the second.
    let bytes = std::fs::read(signed.join("1-phuc-loi.signed.pdf")).unwrap();
    std::fs::write(
        signed.join("1-x-damaged.signed.pdf"),
        &bytes[..bytes.len() / 2],
    )
    .unwrap();
    // 3. Issued with numbers from 125 in the folder's order; the damaged one is
    // reported, takes no number, and stops nothing.
    let issued = d.join("issued");
    let agency = pki().path("agency.p12");
    let issue_batch = |lang: &str, first: &str, out: &Path| {
        vanban_in(
            lang,
            &[
                "issue",
                "--batch",
                s(&signed),
                "--first-number",
                first,
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
                s(out),
            ],
        )
    };
    let r = issue_batch("en", "125", &issued);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(r.stderr.contains("1-x-damaged.signed.pdf"), "{}", r.stderr);
    assert!(r.stderr.contains("damaged"), "{}", r.stderr);
    assert!(r.stderr.contains("issued 3 of 4 documents"), "{}", r.stderr);
    assert!(!issued.join("1-x-damaged.issued.pdf").exists());
    for (stem, number) in [("1-phuc-loi", 125), ("2-bo-de", 126), ("3-cu-khoi", 127)] {
        let pdf = issued.join(format!("{stem}.issued.pdf"));
        assert_eq!(printed_number(&pdf), number, "{}", pdf.display());
        assert!(
            r.stderr
                .contains(&format!("issued as number {number} → {}", pdf.display())),
            "{}",
            r.stderr
        );
    }
    let one = issued.join("2-bo-de.issued.pdf");
    assert_issued_validates(&one);
    // The same numbers again into that folder: each is refused (Vietnamese by
    // default), and no file changes.
    let before: Vec<Vec<u8>> = ["1-phuc-loi", "2-bo-de", "3-cu-khoi"]
        .iter()
        .map(|stem| std::fs::read(issued.join(format!("{stem}.issued.pdf"))).unwrap())
        .collect();
    let again = d.join("again");
    std::fs::create_dir_all(&again).unwrap();
    for f in std::fs::read_dir(&issued).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, again.join(f.file_name().unwrap())).unwrap();
    }
    std::fs::remove_file(again.join("2-bo-de.issued.pdf")).unwrap();
    let r = vanban_in(
        "vi",
        &[
            "issue",
            "--batch",
            s(&signed.join("2-bo-de.signed.pdf")),
            "--first-number",
            "125",
            "--date",
            "2026-12-01",
            "--p12",
            s(&agency),
            "--password-env",
            "VANBAN_PW",
            "--time",
            ISSUE_TIME,
            "--out-dir",
            s(&again),
        ],
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("số 125 của năm 2026 đã cấp cho"),
        "{}",
        r.stderr
    );
    assert!(!again.join("2-bo-de.issued.pdf").exists());
    let after: Vec<Vec<u8>> = ["1-phuc-loi", "2-bo-de", "3-cu-khoi"]
        .iter()
        .map(|stem| std::fs::read(issued.join(format!("{stem}.issued.pdf"))).unwrap())
        .collect();
    assert!(before == after);
    // 4. One packet per item, from the batch file, the drafts' manifest and the
    // issued PDFs; each carries its issued PDF and its number.
    let packets = d.join("packets");
    let r = vanban(&[
        "edxml",
        "--batch",
        s(&batch),
        "--manifest",
        s(&drafts.join("manifest.json")),
        "--pdf-dir",
        s(&issued),
        "--from",
        "000.00.00.H26",
        "--to",
        "000.00.01.H26",
        "--out-dir",
        s(&packets),
    ]);
    assert!(r.ok, "edxml --batch: {}", r.stderr);
    assert!(r.stderr.contains("packed 3 of 3 documents"), "{}", r.stderr);
    for (stem, number, ward) in [
        ("1-phuc-loi", 125, "Phúc Lợi"),
        ("2-bo-de", 126, "Bồ Đề"),
        ("3-cu-khoi", 127, "Cự Khối"),
    ] {
        let packet = packets.join(format!("{stem}.edxml"));
        let xml = std::fs::read_to_string(&packet).unwrap();
        assert!(
            xml.contains(&format!("<CodeNumber>{number}</CodeNumber>")),
            "{xml}"
        );
        assert!(xml.contains(&format!("phường {ward}")), "{xml}");
        assert!(xml.contains(&format!("{stem}.issued.pdf")), "{xml}");
        let out = std::process::Command::new("python3")
            .args(["-c", READ_PACKET])
            .arg(&packet)
            .output()
            .expect("python3");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let pdf = std::fs::read(issued.join(format!("{stem}.issued.pdf"))).unwrap();
        assert_eq!(got["number"], number.to_string(), "{got}");
        let sha = got["sha256"].as_str().unwrap_or_default().to_string();
        use sha2::Digest;
        let want: String = sha2::Sha256::digest(&pdf)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(sha, want, "{got}");
        let r = vanban(&["edxml", "--check", s(&packet)]);
        assert!(r.ok, "{}", r.stderr);
    }
}

#[test]
fn a_register_gives_each_pdf_its_number_and_a_mistake_in_it_refuses_it_all() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let draft = render_draft(d);
    for name in ["a", "b"] {
        assert!(sign(&draft, &d.join(format!("{name}.signed.pdf")), "signer.p12").ok);
    }
    let agency = pki().path("agency.p12");
    let issue_register = |lang: &str, register: &Path, out: &Path| {
        vanban_in(
            lang,
            &[
                "issue",
                "--batch",
                "--numbers",
                s(register),
                "--date",
                "2026-12-01",
                "--p12",
                s(&agency),
                "--password-env",
                "VANBAN_PW",
                "--time",
                ISSUE_TIME,
                "--out-dir",
                s(out),
            ],
        )
    };
    // A number given twice, then a number that is not one: nothing is issued.
    let out = d.join("out");
    let register = d.join("so-dang-ky.csv");
    std::fs::write(&register, "file,number\na.signed.pdf,7\nb.signed.pdf,7\n").unwrap();
    let r = issue_register("vi", &register, &out);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("số 7 ghi hai lần (dòng 2 và dòng 3)"),
        "{}",
        r.stderr
    );
    assert!(!out.exists(), "a refused register wrote {}", out.display());
    let r = issue_register("en", &register, &out);
    assert!(
        r.stderr.contains("number 7 is given twice (lines 2 and 3)"),
        "{}",
        r.stderr
    );
    std::fs::write(&register, "file,number\na.signed.pdf,bảy\n").unwrap();
    let r = issue_register("vi", &register, &out);
    assert!(
        r.stderr.contains("`bảy` không phải số văn bản"),
        "{}",
        r.stderr
    );
    std::fs::write(&register, "tệp,số\na.signed.pdf,7\n").unwrap();
    let r = issue_register("en", &register, &out);
    assert!(
        r.stderr.contains("the columns `file` and `number`"),
        "{}",
        r.stderr
    );
    assert!(!out.exists());
    // A good register (as a spreadsheet saves it: a byte order mark, another
    // column): each PDF gets its own number, in any order.
    std::fs::write(
        &register,
        "\u{FEFF}number,file,note\n12,b.signed.pdf,x\n9,a.signed.pdf,\n",
    )
    .unwrap();
    let r = issue_register("en", &register, &out);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(printed_number(&out.join("a.issued.pdf")), 9);
    assert_eq!(printed_number(&out.join("b.issued.pdf")), 12);
    // Neither --first-number nor --numbers: a usage error naming both.
    let r = vanban_in(
        "vi",
        &[
            "issue",
            "--batch",
            s(&d.join("a.signed.pdf")),
            "--date",
            "2026-12-01",
            "--p12",
            s(&agency),
            "--password-env",
            "VANBAN_PW",
            "--out-dir",
            s(&d.join("none")),
        ],
    );
    assert_refused(&r, &d.join("none"), "--first-number");
    assert!(r.stderr.contains("--numbers"), "{}", r.stderr);
}

#[test]
fn refusals_are_said_in_vietnamese_by_default_and_in_english_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let draft = render_draft(d);
    let out = d.join("out.pdf");
    let sign_in = |lang: Option<&str>, input: &Path, key: &str, password: &str| {
        let key = pki().path(key);
        let mut args = vec![];
        if let Some(l) = lang {
            args.extend(["--lang", l]);
        }
        args.extend([
            "sign",
            s(input),
            "--p12",
            s(&key),
            "--password-env",
            "VANBAN_PW",
            "--time",
            TIME,
            "--out",
            s(&out),
        ]);
        // No VANBAN_LANG: without --lang, vanban speaks its default.
        let mut child = Command::new(BIN);
        child
            .args(&args)
            .env("VANBAN_PW", password)
            .env_remove("VANBAN_LANG")
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        run_bounded(child)
    };
    let bytes = std::fs::read(&draft).unwrap();
    let cut = d.join("cut.pdf");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let signed = d.join("signed.pdf");
    assert!(sign(&draft, &signed, "signer.p12").ok);
    let issued = d.join("issued.pdf");
    assert!(issue(&signed, &issued, "agency.p12", "125", "2026-12-01").ok);
    // Each refusal: the input, the key, the password, the Vietnamese and English words.
    let cases: Vec<(&Path, &str, &str, &str, &str)> = vec![
        (
            &draft,
            "signer.p12",
            "sai",
            "sai mật khẩu",
            "wrong password",
        ),
        (
            &draft,
            "expired.p12",
            PASSWORD,
            "đã hết hạn ngày 2026-06-30",
            "expired on 2026-06-30",
        ),
        (
            &draft,
            "future.p12",
            PASSWORD,
            "chưa có hiệu lực vào thời điểm ký",
            "is not valid yet at the signing time",
        ),
        (
            &draft,
            "no-sign.p12",
            PASSWORD,
            "không cho phép ký số",
            "does not allow digital signatures",
        ),
        (
            &cut,
            "signer.p12",
            PASSWORD,
            "tệp PDF bị hỏng",
            "the PDF is damaged",
        ),
        (
            &issued,
            "signer.p12",
            PASSWORD,
            "văn bản đã được ban hành",
            "the document was issued already",
        ),
        (
            &signed,
            "signer.p12",
            PASSWORD,
            "văn bản đã được ký",
            "the document is signed already",
        ),
    ];
    for (input, key, password, vi, en) in cases {
        for (lang, words) in [(None, vi), (Some("vi"), vi), (Some("en"), en)] {
            let r = sign_in(lang, input, key, password);
            assert_refused(&r, &out, words);
        }
    }
    // Issuance refusals and a time-stamping service that cannot be reached.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        drop(l);
        format!("http://127.0.0.1:{port}/")
    };
    let issue_in = |lang: &str, input: &Path, extra: &[&str]| {
        let key = pki().path("agency.p12");
        let mut args = vec![
            "--lang",
            lang,
            "issue",
            s(input),
            "--number",
            "125",
            "--date",
            "2026-12-01",
            "--p12",
            s(&key),
            "--password-env",
            "VANBAN_PW",
            "--time",
            ISSUE_TIME,
            "--out",
            s(&out),
        ];
        args.extend_from_slice(extra);
        vanban(&args)
    };
    for (input, extra, vi, en) in [
        (
            &draft,
            vec![],
            "người có thẩm quyền chưa ký văn bản",
            "the competent person has not signed",
        ),
        (
            &issued,
            vec![],
            "văn bản đã được ban hành",
            "the document was issued already",
        ),
        (
            &signed,
            vec!["--tsa", closed.as_str()],
            "dịch vụ cấp dấu thời gian",
            "the time-stamping service",
        ),
        (
            &signed,
            vec!["--tsa", closed.as_str()],
            "không kết nối được",
            "cannot be reached",
        ),
        (
            &signed,
            vec!["--tsa", "ftp://x/"],
            "không phải địa chỉ http:// hay https://",
            "not an http:// or https:// address",
        ),
    ] {
        assert_refused(&issue_in("vi", input, &extra), &out, vi);
        assert_refused(&issue_in("en", input, &extra), &out, en);
    }
    // What `edxml --check` finds, and what the command line says on success.
    let packet = d.join("bad.edxml");
    std::fs::write(
        &packet,
        format!(
            "<edXML xmlns=\"{ns}\" xmlns:edXML=\"{ns}\"><edXML:edXMLEnvelope><edXML:edXMLHeader><edXML:MessageHeader><edXML:From><edXML:OrganId>UBND-LB</edXML:OrganId></edXML:From></edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>",
            ns = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
        ),
    )
    .unwrap();
    let vi = vanban(&["--lang", "vi", "edxml", "--check", s(&packet)]);
    let en = vanban(&["--lang", "en", "edxml", "--check", s(&packet)]);
    assert_eq!((vi.code, en.code), (Some(2), Some(2)));
    for (words_vi, words_en) in [
        ("không có To", "no To"),
        ("thiếu Code/CodeNumber", "Code/CodeNumber is missing"),
        ("thiếu Subject", "Subject is missing"),
        (
            "UBND-LB không giống mã định danh",
            "UBND-LB does not look like",
        ),
    ] {
        assert!(vi.stderr.contains(words_vi), "{words_vi}: {}", vi.stderr);
        assert!(en.stderr.contains(words_en), "{words_en}: {}", en.stderr);
    }
    let r = vanban(&[
        "--lang",
        "vi",
        "sign",
        s(&draft),
        "--p12",
        s(&pki().path("signer.p12")),
        "--password-env",
        "VANBAN_PW",
        "--time",
        TIME,
        "--out",
        s(&out),
    ]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("đã ghi {}", out.display())),
        "{}",
        r.stderr
    );
}

/// Run `cmd` (its output taken), killed past `TIMEOUT`.
fn run_bounded(mut cmd: Command) -> Run {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vanban");
    let mut err = child.stderr.take().unwrap();
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("vanban took over {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        ok: status.success(),
        code: status.code(),
        stderr: err.join().unwrap(),
    }
}
