//! Golden outputs: the bytes of every fixture's PDF and DOCX, and readable dumps of
//! them, are kept in `tests/golden/` and checked here, so that a change meant to
//! leave the output alone (a restructure, a speed-up) is proved to change no byte,
//! and a change meant to alter it shows what it altered in a diff a person can read.
//!
//! For each case: `NAME.sha256` (SHA-256 of the PDF and the DOCX), `NAME.pdf.txt`
//! (every run of text as the PDF's content streams draw it: page, position, font,
//! size, word spacing and text, read through the embedded fonts, see
//! `support::content`) and `NAME.document.xml` (the DOCX body, a paragraph a line).
//!
//! When a change is meant to alter the output, regenerate them and review the diff:
//!
//! ```sh
//! VANBAN_BLESS=1 cargo test --release --test golden
//! git diff tests/golden/
//! ```

mod support;

use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::fixture_path;

/// The cases: a name, the fixture, the options of `vanban render`.
const CASES: &[(&str, &str, &[&str])] = &[
    ("phuc-loi-2018", "phuc-loi-2018.json", &[]),
    ("phuc-loi-2018-nd30", "phuc-loi-2018-nd30.json", &[]),
    ("long-notice", "long-notice.json", &[]),
    (
        "phuc-loi-2018-nd30-signed",
        "phuc-loi-2018-nd30-signed.json",
        &[],
    ),
    (
        "phuc-loi-2018-nd30-signed.pdfa-field",
        "phuc-loi-2018-nd30-signed.json",
        &["--pdfa", "--signature-field"],
    ),
];

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
}

/// `vanban render` of a fixture to PDF and DOCX, killed past a minute.
fn render(fixture: &str, args: &[&str], out: &Path) -> (Vec<u8>, Vec<u8>) {
    let run = support::run_bounded(
        Command::new(env!("CARGO_BIN_EXE_vanban"))
            .arg("render")
            .arg(fixture_path(fixture))
            .args(["--format", "all", "--out-dir"])
            .arg(out)
            .args(args),
        Duration::from_secs(60),
    );
    assert!(
        run.status.success(),
        "{fixture}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stem = fixture.trim_end_matches(".json");
    let read = |ext: &str| std::fs::read(out.join(format!("{stem}.{ext}"))).unwrap();
    (read("pdf"), read("docx"))
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The PDF's runs of text, a line each.
fn pdf_dump(pdf: &[u8]) -> String {
    let mut out = String::new();
    for r in support::content::runs(pdf) {
        out.push_str(&format!(
            "p{} x={:.2} y={:.2} {} {} tw={:.3} | {}\n",
            r.page, r.x, r.y, r.font, r.size, r.word_spacing, r.text
        ));
    }
    out
}

/// The DOCX body, a line after each paragraph and each table row.
fn docx_dump(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    xml.replace("</w:p>", "</w:p>\n")
        .replace("<w:tr>", "\n<w:tr>")
        .replace("<w:tr ", "\n<w:tr ")
}

/// The first line where `got` and `want` differ, for the failure message.
fn first_difference(got: &str, want: &str) -> String {
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        if g != w {
            return format!("line {}:\n  now:    {g}\n  golden: {w}", i + 1);
        }
    }
    format!(
        "{} lines now, {} in the golden file",
        got.lines().count(),
        want.lines().count()
    )
}

#[test]
fn outputs_are_the_golden_ones() {
    let bless = std::env::var("VANBAN_BLESS").as_deref() == Ok("1");
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (i, (name, fixture, args)) in CASES.iter().enumerate() {
        let out = dir.path().join(i.to_string());
        std::fs::create_dir_all(&out).unwrap();
        let (pdf, docx) = render(fixture, args, &out);
        let stem = fixture.trim_end_matches(".json");
        let files = [
            (
                format!("{name}.sha256"),
                format!(
                    "{}  {stem}.pdf\n{}  {stem}.docx\n",
                    sha256(&pdf),
                    sha256(&docx)
                ),
            ),
            (format!("{name}.pdf.txt"), pdf_dump(&pdf)),
            (format!("{name}.document.xml"), docx_dump(&docx)),
        ];
        for (file, got) in files {
            let path = golden_dir().join(&file);
            if bless {
                std::fs::create_dir_all(golden_dir()).unwrap();
                std::fs::write(&path, &got).unwrap();
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(want) if want == got => {}
                Ok(want) => {
                    failures.push(format!("{file} differs, {}", first_difference(&got, &want)))
                }
                Err(e) => failures.push(format!("{file}: {e}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is meant to alter the output: \
         VANBAN_BLESS=1 cargo test --release --test golden, then review git diff tests/golden/",
        failures.join("\n")
    );
}
