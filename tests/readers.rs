//! Every PDF reader people use gives back the notice's text exactly.
//!
//! A notice is an official text: what a clerk copies, what Evince or Firefox
//! searches, what an archive indexer stores must be what the JSON says. Each reader
//! below is called the way its users call it (its ordinary text extraction, its
//! defaults), on every fixture, both profiles, the signed fixture, `--pdfa` and a
//! notice whose faces need more than 256 glyphs, and each input string must come
//! back verbatim with its spaces (whitespace folded on both sides: readers differ in
//! how they lay out spaces and line ends, not in the words).
//!
//! The readers: poppler (`pdftotext` default, `-layout`, `-raw`: Evince, Okular),
//! MuPDF (`mutool draw -F txt`), Ghostscript (`txtwrite`), PDFium (pypdfium2:
//! Chrome), pdf.js (`getTextContent`: Firefox), pdfminer.six and pdfplumber, pypdf,
//! Apache PDFBox (`PDFTextStripper`). The scripts for those without a command line
//! are in `tests/readers/`. A reader that is missing fails the test under `CI=true`.
//!
//! One reader quirk is allowed for, and only where it applies: poppler's default
//! mode drops a hyphen that ends a line ("Đảng ủy - HĐND -" + "UBND" gives
//! "Đảng ủy - HĐND UBND", and "12/KH-" + "UBND" gives "12/KHUBND"); in that mode a
//! string is also accepted with one of its hyphens left out.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{fixture_path, fixture_text, fold};

/// How long one reader may take on one file before the test fails.
const TIMEOUT: Duration = Duration::from_secs(120);

/// One way of extracting a PDF's text.
struct Reader {
    name: &'static str,
    /// The command, with `{}` for the PDF's path.
    command: &'static [&'static str],
    /// A command that succeeds when the reader is installed.
    probe: &'static [&'static str],
    /// Poppler's default mode drops a hyphen that ends a line (see the module doc).
    drops_line_end_hyphens: bool,
}

const PDFBOX_CLASSPATH: &str = "/usr/share/java/pdfbox2-tools.jar:/usr/share/java/pdfbox2.jar:\
/usr/share/java/fontbox2.jar:/usr/share/java/commons-logging.jar";

const READERS: &[Reader] = &[
    Reader {
        name: "poppler pdftotext",
        command: &["pdftotext", "{}", "-"],
        probe: &["pdftotext", "-v"],
        drops_line_end_hyphens: true,
    },
    Reader {
        name: "poppler pdftotext -layout",
        command: &["pdftotext", "-layout", "{}", "-"],
        probe: &["pdftotext", "-v"],
        drops_line_end_hyphens: false,
    },
    Reader {
        name: "poppler pdftotext -raw",
        command: &["pdftotext", "-raw", "{}", "-"],
        probe: &["pdftotext", "-v"],
        drops_line_end_hyphens: false,
    },
    Reader {
        name: "MuPDF",
        command: &["mutool", "draw", "-q", "-F", "txt", "-o", "-", "{}"],
        probe: &["mutool", "-v"],
        drops_line_end_hyphens: false,
    },
    Reader {
        name: "Ghostscript txtwrite",
        command: &[
            "gs",
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dSAFER",
            "-sDEVICE=txtwrite",
            "-sOutputFile=-",
            "{}",
        ],
        probe: &["gs", "--version"],
        drops_line_end_hyphens: false,
    },
    Reader {
        name: "PDFium (pypdfium2)",
        command: &["python3", "tests/readers/extract.py", "pdfium", "{}"],
        probe: &["python3", "-c", "import pypdfium2"],
        drops_line_end_hyphens: false,
    },
    Reader {
        name: "pdfminer.six",
        command: &["python3", "tests/readers/extract.py", "pdfminer", "{}"],
        probe: &["python3", "-c", "import pdfminer"],
        drops_line_end_hyphens: false,
    },
    Reader {
        name: "pdfplumber",
        command: &["python3", "tests/readers/extract.py", "pdfplumber", "{}"],
        probe: &["python3", "-c", "import pdfplumber"],
        drops_line_end_hyphens: false,
    },
    Reader {
        name: "pypdf",
        command: &["python3", "tests/readers/extract.py", "pypdf", "{}"],
        probe: &["python3", "-c", "import pypdf"],
        drops_line_end_hyphens: false,
    },
    Reader {
        name: "pdf.js",
        command: &["node", "tests/readers/pdfjs.mjs", "{}"],
        probe: &[
            "node",
            "--input-type=module",
            "-e",
            "await import('./tests/readers/node_modules/pdfjs-dist/legacy/build/pdf.mjs')",
        ],
        drops_line_end_hyphens: false,
    },
    Reader {
        name: "PDFBox PDFTextStripper",
        command: &[
            "java",
            "-cp",
            PDFBOX_CLASSPATH,
            "org.apache.pdfbox.tools.ExtractText",
            "-console",
            "-encoding",
            "UTF-8",
            "{}",
        ],
        probe: &[
            "java",
            "-cp",
            PDFBOX_CLASSPATH,
            "org.apache.pdfbox.tools.Version",
        ],
        drops_line_end_hyphens: false,
    },
];

/// Run `argv` in the crate's folder, killing it past `TIMEOUT`; its stdout, or the
/// reason it failed.
fn run_bounded(argv: &[String]) -> Result<String, String> {
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", argv[0]))?;
    // Read the pipes on threads so that a chatty reader never blocks on a full pipe.
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut b).map(|_| b)
    });
    let err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut b);
        b
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{} took over {TIMEOUT:?}", argv.join(" ")));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = out
        .join()
        .expect("reader thread")
        .map_err(|e| e.to_string())?;
    let err = err.join().expect("reader thread");
    if !status.success() {
        return Err(format!(
            "{} failed ({status}): {}",
            argv.join(" "),
            String::from_utf8_lossy(&err)
        ));
    }
    String::from_utf8(out).map_err(|e| format!("{}: not UTF-8: {e}", argv.join(" ")))
}

/// Whether the reader is installed; missing under CI is a failure, not a skip.
fn available(reader: &Reader) -> bool {
    let argv: Vec<String> = reader.probe.iter().map(|s| s.to_string()).collect();
    let ok = run_bounded(&argv).is_ok();
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!(
                "{} is required in CI ({}); .ci/run installs it",
                reader.name,
                reader.probe.join(" ")
            );
        }
        eprintln!("note: {} not found; not checked", reader.name);
    }
    ok
}

/// The text as one string: lines joined with a space, except a line that ends
/// inside a hyphenated word ("12/KH-" then "UBND"), which joins without one;
/// lines that hold only a page number dropped; whitespace folded.
fn folded(text: &str) -> String {
    let mut joined = String::new();
    for line in text.lines() {
        let line = line.trim_end();
        let trimmed = line.trim();
        if !trimmed.is_empty() && trimmed.len() <= 3 && trimmed.bytes().all(|b| b.is_ascii_digit())
        {
            continue;
        }
        joined.push_str(line);
        let chars: Vec<char> = line.chars().collect();
        let inside_word = chars.len() >= 2
            && matches!(chars[chars.len() - 1], '-' | '\u{2013}')
            && !chars[chars.len() - 2].is_whitespace();
        if !inside_word {
            joined.push(' ');
        }
    }
    fold(&joined.replace('\u{c}', " "))
}

/// The strings of the input that the notice prints as they are: every string
/// value but identifiers, enum values, ISO dates (printed in words) and image
/// sources.
fn printed_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            let is_date = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
            let identifier = [
                "nd30",
                "hd36",
                "thay_mat",
                "ky_thay",
                "thua_lenh",
                "thua_uy_quyen",
                "quyen",
            ]
            .contains(&s.as_str());
            if !is_date && !identifier {
                out.extend(s.split('\n').map(fold).filter(|s| !s.is_empty()));
            }
        }
        Value::Array(a) => a.iter().for_each(|x| printed_strings(x, out)),
        Value::Object(o) => {
            for (k, x) in o {
                if !matches!(k.as_str(), "signature_image" | "seal") {
                    printed_strings(x, out);
                }
            }
        }
        _ => {}
    }
}

/// A notice to render: its input file and the extra options.
struct Case {
    label: String,
    input: PathBuf,
    args: &'static [&'static str],
}

/// Render `case` with the command line, as a user would; returns the PDF's path.
fn render(case: &Case, dir: &Path) -> PathBuf {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("render")
        .arg(&case.input)
        .arg("--out-dir")
        .arg(dir)
        .args(case.args)
        .output()
        .expect("vanban runs");
    assert!(
        out.status.success(),
        "{}: {}",
        case.label,
        String::from_utf8_lossy(&out.stderr)
    );
    let stem = case
        .input
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .to_string();
    dir.join(format!("{stem}.pdf"))
}

/// A paragraph drawing every Vietnamese letter in both cases, Greek and Cyrillic:
/// more than 256 glyphs of the regular face, past one-byte codes.
fn many_glyphs_paragraph() -> String {
    let vietnamese =
        "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
    let greek = "αβγδεζηθικλμνξοπρστυφχψω";
    let cyrillic = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
    let words: Vec<String> = [vietnamese, greek, cyrillic]
        .iter()
        .flat_map(|s| [s.to_string(), s.to_uppercase()])
        .flat_map(|s| {
            s.chars()
                .collect::<Vec<char>>()
                .chunks(7)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect();
    format!("Đối tác nước ngoài: {}.", words.join(" "))
}

fn cases(dir: &Path) -> Vec<Case> {
    let mut cases: Vec<Case> = [
        "phuc-loi-2018.json",
        "phuc-loi-2018-nd30.json",
        "long-notice.json",
        "phuc-loi-2018-nd30-signed.json",
    ]
    .iter()
    .map(|f| Case {
        label: f.to_string(),
        input: fixture_path(f),
        args: &[],
    })
    .collect();
    cases.push(Case {
        label: "phuc-loi-2018-nd30-signed.json --pdfa --signature-field".into(),
        input: fixture_path("phuc-loi-2018-nd30-signed.json"),
        args: &["--pdfa", "--signature-field"],
    });
    let mut v: serde_json::Value =
        serde_json::from_str(&fixture_text("phuc-loi-2018.json")).unwrap();
    v["body"]["assessment"][0] = serde_json::Value::String(many_glyphs_paragraph());
    let input = dir.join("many-glyphs.json");
    std::fs::write(&input, v.to_string()).unwrap();
    cases.push(Case {
        label: "more than 256 glyphs in a face".into(),
        input,
        args: &[],
    });
    cases
}

/// `want` is in `text`, or, for a reader that drops line-end hyphens, `want` with
/// one of its hyphens removed (the one that ended a line: "HĐND -" + "UBND" reads
/// "HĐND UBND", "12/KH-" + "UBND" reads "12/KHUBND").
fn found(text: &str, want: &str, reader: &Reader) -> bool {
    if text.contains(want) {
        return true;
    }
    reader.drops_line_end_hyphens
        && want
            .match_indices('-')
            .any(|(i, _)| text.contains(&fold(&format!("{}{}", &want[..i], &want[i + 1..]))))
}

#[test]
fn every_reader_gives_back_every_input_string() {
    let readers: Vec<&Reader> = READERS.iter().filter(|r| available(r)).collect();
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (i, case) in cases(dir.path()).iter().enumerate() {
        let out = dir.path().join(format!("case-{i}"));
        std::fs::create_dir_all(&out).unwrap();
        let pdf = render(case, &out);
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&case.input).unwrap()).unwrap();
        let mut strings = Vec::new();
        printed_strings(&json, &mut strings);
        assert!(
            strings.len() > 20,
            "{}: {} strings",
            case.label,
            strings.len()
        );
        for reader in &readers {
            let argv: Vec<String> = reader
                .command
                .iter()
                .map(|a| a.replace("{}", &pdf.to_string_lossy()))
                .collect();
            let text = match run_bounded(&argv) {
                Ok(t) => folded(&t),
                Err(e) => {
                    failures.push(format!("{} / {}: {e}", case.label, reader.name));
                    continue;
                }
            };
            let missing: Vec<&String> = strings
                .iter()
                .filter(|s| !found(&text, s, reader))
                .collect();
            checked += strings.len();
            if !missing.is_empty() {
                failures.push(format!(
                    "{} / {}: {} of {} strings not given back, e.g. {:?}",
                    case.label,
                    reader.name,
                    missing.len(),
                    strings.len(),
                    &missing[..missing.len().min(3)]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("{checked} strings checked across {} readers", readers.len());
}
