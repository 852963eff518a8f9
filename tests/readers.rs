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
//! The same fixtures are drawn by five renderers (poppler, MuPDF, Ghostscript,
//! PDFium, pdf.js; `tests/readers/render.py`) and compared with poppler's pages:
//! the same page count, the same ink (no mark drawn by one and not the others),
//! and each line ending at the same place, so that a renderer that ignored word
//! spacing (ragged justified lines) or drew a glyph elsewhere fails.
//!
//! One reader quirk is allowed for, and only where it applies: poppler's default
//! mode drops a hyphen that ends a line ("Đảng ủy - HĐND -" + "UBND" gives
//! "Đảng ủy - HĐND UBND", and "12/KH-" + "UBND" gives "12/KHUBND"); in that mode a
//! string is also accepted with one of its hyphens left out.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
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
    let out = support::try_run_bounded(
        Command::new(&argv[0])
            .args(&argv[1..])
            .current_dir(env!("CARGO_MANIFEST_DIR")),
        TIMEOUT,
    )?;
    if !out.status.success() {
        return Err(format!(
            "{} failed ({}): {}",
            argv.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("{}: not UTF-8: {e}", argv.join(" ")))
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

/// A paragraph whose regular face needs more than 256 glyphs, past one-byte codes.
fn many_glyphs_paragraph() -> String {
    format!(
        "Đối tác nước ngoài: {}.",
        support::many_glyph_words().join(" ")
    )
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

/// One renderer: its name for `tests/readers/render.py` and a probe.
struct Renderer {
    name: &'static str,
    probe: &'static [&'static str],
}

const RENDERERS: &[Renderer] = &[
    Renderer {
        name: "poppler",
        probe: &["pdftoppm", "-v"],
    },
    Renderer {
        name: "mupdf",
        probe: &["mutool", "-v"],
    },
    Renderer {
        name: "ghostscript",
        probe: &["gs", "--version"],
    },
    Renderer {
        name: "pdfium",
        probe: &["python3", "-c", "import pypdfium2, PIL"],
    },
    Renderer {
        name: "pdfjs",
        probe: &[
            "node",
            "--input-type=module",
            "-e",
            "await import('./tests/readers/node_modules/@napi-rs/canvas/index.js')",
        ],
    },
];

/// Resolution of the comparison: 100 dpi, a pixel is a quarter of a millimetre.
const DPI: u32 = 100;

/// A page as 8-bit gray levels, row by row.
struct Page {
    width: usize,
    height: usize,
    gray: Vec<u8>,
}

impl Page {
    fn load(path: &Path) -> Page {
        let decoder = png::Decoder::new(std::io::BufReader::new(
            std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        ));
        let mut reader = decoder.read_info().expect("a PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("a frame");
        assert_eq!(info.bit_depth, png::BitDepth::Eight, "{}", path.display());
        let channels = info.color_type.samples();
        let gray = buf[..info.buffer_size()]
            .chunks(channels)
            .map(|px| match channels {
                1 | 2 => px[0],
                _ => {
                    let [r, g, b] = [px[0], px[1], px[2]].map(u32::from);
                    ((299 * r + 587 * g + 114 * b) / 1000) as u8
                }
            })
            .collect();
        Page {
            width: info.width as usize,
            height: info.height as usize,
            gray,
        }
    }

    /// Whether (x, y) is darker than `level`; outside the page is paper.
    fn darker(&self, x: isize, y: isize, level: u8) -> bool {
        x >= 0
            && y >= 0
            && (x as usize) < self.width
            && (y as usize) < self.height
            && self.gray[y as usize * self.width + x as usize] < level
    }

    /// Whether (x, y) is ink.
    fn ink(&self, x: isize, y: isize) -> bool {
        self.darker(x, y, 128)
    }

    /// Whether there is any trace of ink (a faint antialiased edge counts) within
    /// `r` pixels of (x, y).
    fn trace_near(&self, x: isize, y: isize, r: isize) -> bool {
        (-r..=r).any(|dy| (-r..=r).any(|dx| self.darker(x + dx, y + dy, 200)))
    }

    /// The rightmost ink of row `y`, if any.
    fn row_end(&self, y: usize) -> Option<usize> {
        (0..self.width)
            .rev()
            .find(|&x| self.ink(x as isize, y as isize))
    }

    /// The lines of ink: runs of rows with ink, as (first row, last row).
    fn bands(&self) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        let mut start = None;
        for y in 0..=self.height {
            let inked = y < self.height && self.row_end(y).is_some();
            match (inked, start) {
                (true, None) => start = Some(y),
                (false, Some(s)) => {
                    out.push((s, y - 1));
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    /// The rightmost ink of rows `a..=b`.
    fn band_end(&self, (a, b): (usize, usize)) -> Option<usize> {
        (a..=b.min(self.height - 1))
            .filter_map(|y| self.row_end(y))
            .max()
    }
}

/// Pixels of ink in `a` with no trace of ink within 2 px in `b`: antialiasing and
/// rounding move edges by a pixel and lighten thin strokes; a mark of its own, a
/// glyph drawn elsewhere or not at all, is far more.
fn ink_without_counterpart(a: &Page, b: &Page) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for y in 0..a.height {
        for x in 0..a.width {
            if a.ink(x as isize, y as isize) && !b.trace_near(x as isize, y as isize, 2) {
                out.push((x, y));
            }
        }
    }
    out
}

fn render_pages(renderer: &Renderer, pdf: &Path, out: &Path) -> Result<Vec<Page>, String> {
    let argv: Vec<String> = [
        "python3",
        "tests/readers/render.py",
        renderer.name,
        &pdf.to_string_lossy(),
        &out.to_string_lossy(),
        &DPI.to_string(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    run_bounded(&argv)?;
    let mut pages = Vec::new();
    while out.join(format!("page-{}.png", pages.len() + 1)).exists() {
        pages.push(Page::load(
            &out.join(format!("page-{}.png", pages.len() + 1)),
        ));
    }
    Ok(pages)
}

/// A signature field's box on a page, in pixels of the comparison.
struct FieldBox {
    page: usize,
    x: (usize, usize),
    y: (usize, usize),
}

impl FieldBox {
    fn contains(&self, page: usize, x: usize, y: usize) -> bool {
        page == self.page
            && (self.x.0..=self.x.1).contains(&x)
            && (self.y.0..=self.y.1).contains(&y)
    }
}

/// The widgets of the PDF's signature fields.
fn signature_fields(pdf: &Path) -> Vec<FieldBox> {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    let px = |v: f64| (v * f64::from(DPI) / 72.0).max(0.0) as usize;
    let mut out = Vec::new();
    for (n, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        let height = page
            .get(b"MediaBox")
            .and_then(lopdf::Object::as_array)
            .map(|b| b[3].as_float().unwrap() as f64)
            .unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(lopdf::Object::as_array) else {
            continue;
        };
        for a in annots {
            let w = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            if w.get(b"FT").and_then(lopdf::Object::as_name).ok() != Some(b"Sig".as_slice()) {
                continue;
            }
            let r: Vec<f64> = w
                .get(b"Rect")
                .and_then(lopdf::Object::as_array)
                .unwrap()
                .iter()
                .map(|v| v.as_float().unwrap() as f64)
                .collect();
            out.push(FieldBox {
                page: n as usize - 1,
                x: (px(r[0]), px(r[2]) + 2),
                y: (px(height - r[3]), px(height - r[1]) + 2),
            });
        }
    }
    out
}

#[test]
fn every_renderer_draws_the_same_pages() {
    let renderers: Vec<&Renderer> = RENDERERS
        .iter()
        .filter(|r| {
            available(&Reader {
                name: r.name,
                command: &[],
                probe: r.probe,
                drops_line_end_hyphens: false,
            })
        })
        .collect();
    if !renderers.iter().any(|r| r.name == "poppler") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (i, case) in cases(dir.path()).iter().enumerate() {
        let out = dir.path().join(format!("case-{i}"));
        std::fs::create_dir_all(&out).unwrap();
        let pdf = render(case, &out);
        let mut drawn = Vec::new();
        for r in &renderers {
            match render_pages(r, &pdf, &out.join(r.name)) {
                Ok(pages) if !pages.is_empty() => drawn.push((r.name, pages)),
                Ok(_) => failures.push(format!("{} / {}: no page drawn", case.label, r.name)),
                Err(e) => failures.push(format!("{} / {}: {e}", case.label, r.name)),
            }
        }
        let fields = signature_fields(&pdf);
        assert_eq!(
            !fields.is_empty(),
            case.args.contains(&"--signature-field"),
            "{}: a signature field only when asked for",
            case.label
        );
        let (_, reference) = &drawn[0];
        for (name, pages) in &drawn[1..] {
            if pages.len() != reference.len() {
                failures.push(format!(
                    "{} / {name}: {} pages, poppler {}",
                    case.label,
                    pages.len(),
                    reference.len()
                ));
                continue;
            }
            for (p, (page, base)) in pages.iter().zip(reference).enumerate() {
                let at = format!("{} / {name}, page {}", case.label, p + 1);
                if page.width.abs_diff(base.width) > 1 || page.height.abs_diff(base.height) > 1 {
                    failures.push(format!("{at}: {}×{} px", page.width, page.height));
                    continue;
                }
                // Nothing drawn that the others do not draw, nothing left out (a
                // word is hundreds of pixels; noise at the edges of thin strokes a
                // few).
                // One exception, by MuPDF's design: it draws its own "SIGN" arrow
                // over every unsigned signature field and ignores the file's
                // (empty) appearance for it, so the field's box is left out there.
                let mut drawn_here = ink_without_counterpart(page, base);
                if *name == "mupdf" {
                    drawn_here.retain(|&(x, y)| !fields.iter().any(|f| f.contains(p, x, y)));
                }
                for (what, stray) in [
                    ("drawn only here", drawn_here),
                    ("missing here", ink_without_counterpart(base, page)),
                ] {
                    if stray.len() > 40 {
                        failures.push(format!(
                            "{at}: {} px of ink {what} (first at {:?})",
                            stray.len(),
                            stray[0]
                        ));
                    }
                }
                // Lines end where poppler ends them: justified lines at the margin,
                // each line within 2 px (half a millimetre).
                let bands = base.bands();
                let off: Vec<(usize, usize, usize)> = bands
                    .iter()
                    .filter_map(|&band| {
                        let want = base.band_end(band)?;
                        // The same rows, or one row up or down: renderers round a
                        // thin rule to neighbouring rows.
                        let got = [
                            band,
                            (band.0.saturating_sub(1), band.1.saturating_sub(1)),
                            (band.0 + 1, band.1 + 1),
                        ]
                        .into_iter()
                        .filter_map(|b| page.band_end(b))
                        .min_by_key(|e| e.abs_diff(want))
                        .unwrap_or(0);
                        (got.abs_diff(want) > 2).then_some((band.0, got, want))
                    })
                    .collect();
                if !off.is_empty() {
                    failures.push(format!(
                        "{at}: {} of {} lines end elsewhere than in poppler \
                         (first at row {}: x = {} px instead of {})",
                        off.len(),
                        bands.len(),
                        off[0].0,
                        off[0].1,
                        off[0].2
                    ));
                }
                // A justified page: many lines end at the same place, the margin.
                if p == 0 {
                    let mut ends: Vec<usize> =
                        bands.iter().filter_map(|&b| page.band_end(b)).collect();
                    ends.sort_unstable();
                    let margin = ends.last().copied().unwrap_or(0);
                    let flush = ends.iter().filter(|&&e| e + 2 >= margin).count();
                    if flush < 8 {
                        failures.push(format!("{at}: only {flush} lines reach the right margin"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
