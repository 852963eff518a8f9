//! PDF/A-2b through issuance: a draft rendered with `--draft --pdfa`, signed and
//! issued by the CLI (an RSA signer and a P-256 agency, and the other way round),
//! each file run through `tests/pdfa/check.py`, which checks the clauses of ISO
//! 19005-2 that signing and issuing touch. The checker must also fail: copies of
//! those files broken on purpose (with pikepdf, or byte by byte) are each caught
//! under their clause.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;
use support::issuance::{have_python, s, text, vanban, ISSUE_TIME, SIGN_TIME};
use support::pki::{pki, TestTsa};

/// Whether python3 with pikepdf and fontTools is there (the checker's needs).
fn have_pikepdf() -> bool {
    have_python("pikepdf, fontTools")
}

/// The checker's verdict on `pdf`: its exit code and what it printed.
fn check(pdf: &Path) -> (Option<i32>, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pdfa/check.py");
    let out = support::run_bounded(
        Command::new("python3").arg(&script).arg(pdf),
        Duration::from_secs(60),
    );
    (out.status.code(), text(&out))
}

/// A draft for issuance (number and date left out) of the nd30 fixture, with
/// `--draft` and `extra`.
fn draft(dir: &Path, extra: &[&str]) -> PathBuf {
    let mut notice: serde_json::Value =
        serde_json::from_str(&support::fixture_text("phuc-loi-2018-nd30.json")).unwrap();
    let o = notice.as_object_mut().unwrap();
    o.remove("number");
    o.remove("date");
    let json = dir.join("notice.json");
    std::fs::write(&json, notice.to_string()).unwrap();
    let mut args = vec!["render", s(&json), "--draft", "--out-dir", s(dir)];
    args.extend_from_slice(extra);
    let r = vanban(&args);
    assert!(r.status.success(), "render --draft: {}", text(&r));
    dir.join("notice.pdf")
}

/// Sign `draft` with `signer`, issue it with `agency`: the signed and issued PDFs.
fn sign_and_issue(dir: &Path, draft: &Path, signer: &str, agency: &str) -> (PathBuf, PathBuf) {
    let (signed, issued) = (dir.join("signed.pdf"), dir.join("issued.pdf"));
    support::issuance::sign_and_issue(draft, &signed, &issued, signer, agency);
    (signed, issued)
}

#[test]
fn the_draft_the_signed_and_the_issued_pdf_stay_pdfa_2b() {
    if !have_pikepdf() {
        return;
    }
    for (signer, agency) in [
        ("signer.p12", "agency.p12"),
        ("agency.p12", "agency-rsa.p12"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let draft = draft(dir.path(), &["--pdfa"]);
        let (signed, issued) = sign_and_issue(dir.path(), &draft, signer, agency);
        for (pdf, revisions, signatures) in
            [(&draft, 1, false), (&signed, 2, true), (&issued, 3, true)]
        {
            let (code, out) = check(pdf);
            assert_eq!(code, Some(0), "{signer} → {agency}: {out}");
            // Every clause was looked at, the signatures' too.
            for clause in [
                "6.1.3",
                "6.2.11.4",
                "6.3.2",
                "6.3.3",
                "6.4.1",
                "6.6.2.3.1",
                "6.6.4",
            ] {
                assert!(out.contains(clause), "{out}");
            }
            assert_eq!(out.contains("6.4.3"), signatures, "{out}");
            assert!(out.contains(&format!("({revisions} revision(s))")), "{out}");
        }
    }
    // A draft without --pdfa is no PDF/A: the checker says so.
    let dir = tempfile::tempdir().unwrap();
    let plain = draft(dir.path(), &[]);
    let (code, out) = check(&plain);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("FAIL 6.6.4: "), "{out}");
    assert!(out.contains("FAIL 6.2.2: "), "{out}");
}

/// Whether `tool` starts; missing under CI is a failure.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("version").output().is_ok();
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is required in CI");
        }
        eprintln!("note: {tool} not found; skipping");
    }
    ok
}

/// The digest a `prepare` printed (as JSON), signed by `openssl pkeyutl` with the
/// key of `who` as a remote signing service would: the raw signature's file.
fn remote_sign(prepare: &Output, who: &str, dir: &Path) -> PathBuf {
    let out = text(prepare);
    let line = out
        .lines()
        .find(|l| l.contains("digest_sha256"))
        .unwrap_or_else(|| panic!("no digest in {out}"));
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    let hex = v["digest_sha256"].as_str().unwrap();
    let digest: Vec<u8> = (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    assert_eq!(digest.len(), 32, "{out}");
    let (digest_file, sig) = (
        dir.join(format!("{who}.digest")),
        dir.join(format!("{who}.sig")),
    );
    std::fs::write(&digest_file, digest).unwrap();
    let key = pki().path(&format!("{who}.key.pem"));
    let r = support::run_bounded(
        Command::new("openssl")
            .args([
                "pkeyutl",
                "-sign",
                "-inkey",
                s(&key),
                "-pkeyopt",
                "digest:sha256",
                "-in",
            ])
            .args([&digest_file, Path::new("-out"), &sig]),
        Duration::from_secs(30),
    );
    assert!(r.status.success(), "openssl pkeyutl: {}", text(&r));
    sig
}

/// The other ways a signature is made: deferred (prepare, a raw signature from
/// `openssl pkeyutl`, finish) for both steps, and with a timestamp (`--tsa`,
/// PAdES B-T, a larger signature). Each file stays PDF/A-2b.
#[test]
fn deferred_and_timestamped_signatures_stay_pdfa_2b() {
    if !have_pikepdf() || !have("openssl") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let draft = draft(d, &["--pdfa"]);
    let json = |args: &[&str]| {
        let mut all = vec!["--message-format", "json"];
        all.extend_from_slice(args);
        vanban(&all)
    };
    // Deferred: the signer's RSA key, then the agency's.
    let prepared = d.join("prepared.pdf");
    let signer_cert = pki().path("signer.cert.pem");
    let r = json(&[
        "sign",
        "prepare",
        s(&draft),
        "--cert",
        s(&signer_cert),
        "--image",
        "fixtures/images/signature.png",
        "--time",
        SIGN_TIME,
        "--out",
        s(&prepared),
    ]);
    assert!(r.status.success(), "sign prepare: {}", text(&r));
    let sig = remote_sign(&r, "signer", d);
    let signed = d.join("signed-deferred.pdf");
    let r = vanban(&[
        "sign",
        "finish",
        s(&prepared),
        "--signature",
        s(&sig),
        "--out",
        s(&signed),
    ]);
    assert!(r.status.success(), "sign finish: {}", text(&r));
    let prepared_issue = d.join("prepared-issue.pdf");
    let agency_cert = pki().path("agency-rsa.cert.pem");
    let r = json(&[
        "issue",
        "prepare",
        s(&signed),
        "--number",
        "125",
        "--date",
        "2026-12-01",
        "--cert",
        s(&agency_cert),
        "--seal",
        "fixtures/images/seal.png",
        "--time",
        ISSUE_TIME,
        "--out",
        s(&prepared_issue),
    ]);
    assert!(r.status.success(), "issue prepare: {}", text(&r));
    let sig = remote_sign(&r, "agency-rsa", d);
    let issued = d.join("issued-deferred.pdf");
    let r = vanban(&[
        "issue",
        "finish",
        s(&prepared_issue),
        "--signature",
        s(&sig),
        "--out",
        s(&issued),
    ]);
    assert!(r.status.success(), "issue finish: {}", text(&r));
    // With a timestamp from the test TSA, both signatures.
    let tsa = TestTsa::start();
    let url = tsa.url("/");
    let signed_t = d.join("signed-tsa.pdf");
    let r = vanban(&[
        "sign",
        s(&draft),
        "--p12",
        s(&pki().path("signer.p12")),
        "--password-env",
        "VANBAN_PW",
        "--image",
        "fixtures/images/signature.png",
        "--time",
        SIGN_TIME,
        "--tsa",
        &url,
        "--out",
        s(&signed_t),
    ]);
    assert!(r.status.success(), "sign --tsa: {}", text(&r));
    let issued_t = d.join("issued-tsa.pdf");
    let r = vanban(&[
        "issue",
        s(&signed_t),
        "--number",
        "126",
        "--date",
        "2026-12-01",
        "--p12",
        s(&pki().path("agency.p12")),
        "--password-env",
        "VANBAN_PW",
        "--seal",
        "fixtures/images/seal.png",
        "--time",
        ISSUE_TIME,
        "--tsa",
        &url,
        "--out",
        s(&issued_t),
    ]);
    assert!(r.status.success(), "issue --tsa: {}", text(&r));
    for pdf in [&signed, &issued, &signed_t, &issued_t] {
        let (code, out) = check(pdf);
        assert_eq!(code, Some(0), "{}: {out}", pdf.display());
        assert!(out.contains("6.4.3"), "{out}");
    }
}

/// Copies of a PDF/A draft and of an issued PDF, each breaking one rule; written
/// into argv[3] as `<case>.pdf`.
const BREAK: &str = r#"
import os, sys, pikepdf
from pikepdf import Name, Dictionary, Array
draft, issued, out = sys.argv[1], sys.argv[2], sys.argv[3]
def widgets(pdf):
    return [a for p in pdf.pages for a in p.get("/Annots", [])]
def number_field(pdf):
    return next(a for a in widgets(pdf) if a.get("/T") == "Number")
def case(name, edit, source=draft, **save):
    pdf = pikepdf.open(source)
    edit(pdf)
    pdf.save(os.path.join(out, name + ".pdf"), **save)
case("rewritten", lambda pdf: None)
case("no-print", lambda pdf: number_field(pdf).__setitem__("/F", 0))
case("hidden", lambda pdf: number_field(pdf).__setitem__("/F", 4 | 2))
def down(pdf):
    ap = number_field(pdf).AP
    ap.D = ap.N
case("ap-down", down)
case("need-appearances", lambda pdf: pdf.Root.AcroForm.__setitem__("/NeedAppearances", True))
case("widget-action", lambda pdf: number_field(pdf).__setitem__(
    "/A", Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert(1)"))))
case("field-aa", lambda pdf: number_field(pdf).__setitem__(
    "/AA", Dictionary(K=Dictionary(S=Name.JavaScript, JS=pikepdf.String("1")))))
def unembed(pdf):
    font = next(iter(number_field(pdf).AP.N.Resources.Font.values()))
    fd = font.DescendantFonts[0].FontDescriptor
    del fd["/FontFile2"]
case("font-not-embedded", unembed, source=issued)
case("moddate", lambda pdf: pdf.docinfo.__setitem__("/ModDate", pikepdf.String("D:20261201101500+07'00'")))
def part1(pdf):
    m = pdf.Root.Metadata
    m.write(m.read_bytes().replace(b"<pdfaid:part>2</pdfaid:part>", b"<pdfaid:part>1</pdfaid:part>"))
case("part-1", part1)
case("no-output-intent", lambda pdf: pdf.Root.__delitem__("/OutputIntents"))
case("encrypted", lambda pdf: None, encryption=pikepdf.Encryption(owner="o", user="", R=6))
case("version-2", lambda pdf: None, force_version="2.0")
# An issued PDF: rewritten whole (the signatures' byte ranges no longer end a
# revision), a signature of another SubFilter, a reference with DigestLocation.
case("issued-rewritten", lambda pdf: None, source=issued)
def seal(pdf):
    return next(a for a in widgets(pdf) if a.get("/T") == "AgencySignature").AP.N.Resources.XObject.Im0
def number_ap(pdf):
    return number_field(pdf).AP.N
def wide(pdf):
    font = number_ap(pdf).Resources.Font.F0.DescendantFonts[0]
    font.W = Array([20, [700], 21, [500], 24, [500]])
case("width", wide, source=issued)
case("glyph-missing", lambda pdf: number_ap(pdf).write(
    number_ap(pdf).read_bytes().replace(b"<001400150018>", b"<0014FFF0>")), source=issued)
def empty_glyph(pdf):
    # The digit 5's code drawn with a glyph the program keeps empty (an id the
    # subset does not hold), its ToUnicode still saying 5.
    ap = number_ap(pdf)
    ap.write(ap.read_bytes().replace(b"<001400150018>", b"<001400160018>"))
    font = ap.Resources.Font.F0
    font.ToUnicode.write(font.ToUnicode.read_bytes().replace(b"<0015>", b"<0016>"))
    font.DescendantFonts[0].W = Array([20, [500], 22, [500], 24, [500]])
case("empty-glyph", empty_glyph, source=issued)
case("interpolate", lambda pdf: seal(pdf).__setitem__("/Interpolate", True), source=issued)
def cmyk(pdf):
    im = seal(pdf)
    im.ColorSpace = Name.DeviceCMYK
case("cmyk", cmyk, source=issued)
def sigs(pdf):
    return [a.V for a in widgets(pdf) if a.get("/FT") == Name.Sig]
case("subfilter", lambda pdf: sigs(pdf)[0].__setitem__("/SubFilter", Name("/adbe.x509.rsa_sha1")), source=issued)
case("digest-location", lambda pdf: sigs(pdf)[0].__setitem__("/Reference", Array([
    Dictionary(Type=Name.SigRef, TransformMethod=Name.DocMDP, DigestLocation=Array([0, 10]))])), source=issued)
# Byte edits of the issued file that keep every offset: the first revision's
# trailer without /ID, and bytes after the last %%EOF.
data = open(issued, "rb").read()
t = data.index(b"trailer")
first = data[t:data.index(b"startxref", t)]
assert b"/ID" in first
open(os.path.join(out, "revision-without-id.pdf"), "wb").write(
    data[:t] + first.replace(b"/ID", b"/XD", 1) + data[t + len(first):])
open(os.path.join(out, "after-eof.pdf"), "wb").write(data + b"junk after the end\n")
# A stream's /Length one byte off; an object header without its end of line (the
# first object the signing update writes).
at = data.index(b"/Length ", data.index(b"%%EOF"))
digits = data[at + 8:at + 8 + 12].split(b">")[0].split(b"/")[0]
wrong = str(int(digits) + 1).encode()
assert len(wrong) == len(digits)
open(os.path.join(out, "stream-length.pdf"), "wb").write(
    data[:at + 8] + wrong + data[at + 8 + len(digits):])
eof = data.index(b"%%EOF") + 6
header = data[eof:data.index(b"obj", eof) + 4]
assert header.endswith(b" obj\n"), header
open(os.path.join(out, "object-header.pdf"), "wb").write(
    data[:eof] + header[:-1] + b" " + data[eof + len(header):])
"#;

#[test]
fn the_checker_catches_each_broken_rule() {
    if !have_pikepdf() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let draft = draft(d, &["--pdfa"]);
    let (_, issued) = sign_and_issue(d, &draft, "signer.p12", "agency.p12");
    let broken = d.join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    let out = support::run_bounded(
        Command::new("python3")
            .args(["-c", BREAK])
            .args([&draft, &issued, &broken]),
        Duration::from_secs(60),
    );
    assert!(out.status.success(), "{}", text(&out));
    // A copy pikepdf rewrote without a change still holds: what follows is caught
    // for the change alone.
    let (code, report) = check(&broken.join("rewritten.pdf"));
    assert_eq!(code, Some(0), "{report}");
    for (case, clause, words) in [
        ("no-print", "6.3.2", "Number: the Print flag is not set"),
        ("hidden", "6.3.2", "Number: the Hidden flag is set"),
        ("ap-down", "6.3.3", "the appearance has /D besides /N"),
        ("need-appearances", "6.4.1", "NeedAppearances true"),
        (
            "widget-action",
            "6.4.1",
            "Number: a form field's widget has /A",
        ),
        (
            "widget-action",
            "6.5.1",
            "action /JavaScript is not allowed",
        ),
        ("field-aa", "6.4.1", "has /AA"),
        (
            "font-not-embedded",
            "6.2.11.4",
            "Number's appearance: font /F0",
        ),
        ("moddate", "6.6.2.3.1", "/ModDate"),
        ("part-1", "6.6.4", "part 1, not 2"),
        ("no-output-intent", "6.2.2", "no output intent"),
        ("encrypted", "6.1.3", "/Encrypt"),
        ("version-2", "6.1.2", "past 1.7"),
        ("issued-rewritten", "6.4.3", "not at the end of a revision"),
        (
            "interpolate",
            "6.2.8",
            "AgencySignature's appearance: XObject /Im0: an image with Interpolate true",
        ),
        (
            "cmyk",
            "6.2.4.3",
            "/DeviceCMYK without an output intent of 4 components",
        ),
        (
            "width",
            "6.2.11.5",
            "the width of CID 20 is 700 in the font dictionary but 500 in the program",
        ),
        (
            "glyph-missing",
            "6.2.11.4.1",
            "is not in the embedded program",
        ),
        (
            "empty-glyph",
            "6.2.11.4.1",
            "the glyph of '2' (CID 22) is empty",
        ),
        ("subfilter", "6.4.3", "SubFilter /adbe.x509.rsa_sha1"),
        ("digest-location", "6.4.3", "has /DigestLocation"),
        (
            "revision-without-id",
            "6.1.3",
            "the trailer of revision 1 has no /ID",
        ),
        ("after-eof", "6.1.3", "follow the last %%EOF"),
        (
            "stream-length",
            "6.1.7.1",
            "does not end at the end of line before endstream",
        ),
        ("object-header", "6.1.9", "revision 2, object"),
    ] {
        let (code, report) = check(&broken.join(format!("{case}.pdf")));
        assert_eq!(code, Some(1), "{case}: {report}");
        let line = format!("FAIL {clause}: ");
        assert!(
            report
                .lines()
                .any(|l| l.starts_with(&line) && l.contains(words)),
            "{case}: no `{line}…{words}` in\n{report}"
        );
    }
}
