//! Shared helpers for the integration tests: rendering fixtures and reading PDFs back
//! with independent tools (poppler's pdftotext/pdffonts/pdfinfo).
#![allow(dead_code)]

pub mod content;
pub mod issuance;
pub mod pki;

use std::path::{Path, PathBuf};
use std::process::Command;
use vanban::input::notice::Notice;
use vanban::render::Renderer;

pub const PT_PER_MM: f64 = 72.0 / 25.4;
/// Word boxes from poppler span ascent + descent: 1.10693 em for Liberation Serif.
pub const BOX_EM: f64 = (1825.0 + 443.0) / 2048.0;

pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

pub fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn notice(name: &str) -> Notice {
    Notice::from_json(&fixture_text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Whether an external tool is available. Missing under CI is a failure, not a skip.
pub fn have_tool(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("-v")
        .output()
        .map(|_| true)
        .unwrap_or(false);
    if !found {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is required in CI (install poppler-utils / libreoffice)");
        }
        eprintln!("note: {tool} not found; skipping the checks that need it");
    }
    found
}

/// Render a fixture to PDF in a fresh temporary folder; returns the folder and path.
pub fn render_pdf(name: &str) -> (tempfile::TempDir, PathBuf, usize) {
    let n = notice(name);
    let (bytes, pages) = Renderer::new().pdf(&n).expect("render");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name.replace(".json", ".pdf"));
    std::fs::write(&path, bytes).unwrap();
    (dir, path, pages)
}

pub fn run(tool: &str, args: &[&str], path: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(path)
        .args(if tool == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A word as poppler sees it, in points from the top-left of its page.
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub y_max: f64,
    pub text: String,
}

impl Word {
    /// Font size implied by the box height.
    pub fn size(&self) -> f64 {
        (self.y_max - self.y_min) / BOX_EM
    }
}

/// A line: its words in order.
#[derive(Debug, Clone)]
pub struct Line {
    pub page: usize,
    pub words: Vec<Word>,
}

impl Line {
    pub fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
    pub fn x_min(&self) -> f64 {
        self.words.first().map_or(0.0, |w| w.x_min)
    }
    pub fn x_max(&self) -> f64 {
        self.words.last().map_or(0.0, |w| w.x_max)
    }
    pub fn y_min(&self) -> f64 {
        self.words.iter().map(|w| w.y_min).fold(f64::MAX, f64::min)
    }
    pub fn y_max(&self) -> f64 {
        self.words.iter().map(|w| w.y_max).fold(0.0, f64::max)
    }
    pub fn size(&self) -> f64 {
        self.words.iter().map(Word::size).fold(0.0, f64::max)
    }
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let start = tag.find(&key).expect("attribute") + key.len();
    let end = start + tag[start..].find('"').unwrap();
    tag[start..end].parse().unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Lines of every page, from `pdftotext -bbox-layout`.
pub fn lines(pdf: &Path) -> Vec<Line> {
    let xml = run("pdftotext", &["-bbox-layout"], pdf);
    let mut out = Vec::new();
    let mut page = 0;
    let mut current: Option<Line> = None;
    for raw in xml.lines() {
        let l = raw.trim();
        if l.starts_with("<page ") {
            page += 1;
        } else if l.starts_with("<line ") {
            current = Some(Line {
                page,
                words: Vec::new(),
            });
        } else if l.starts_with("</line>") {
            out.extend(current.take());
        } else if l.starts_with("<word ") {
            let close = l.find('>').unwrap();
            let tag = &l[..close];
            let text = &l[close + 1..l.rfind("</word>").unwrap()];
            if let Some(line) = current.as_mut() {
                line.words.push(Word {
                    page,
                    x_min: attr(tag, "xMin"),
                    y_min: attr(tag, "yMin"),
                    x_max: attr(tag, "xMax"),
                    y_max: attr(tag, "yMax"),
                    text: unescape(text),
                });
            }
        }
    }
    out
}

/// All text in content order with runs of whitespace folded to one space, page
/// numbers (a line holding only its page's number) removed, and a line that ends
/// inside a hyphenated word ("12/KH-" then "UBND") joined back without a space.
pub fn folded_text(pdf: &Path) -> String {
    let raw = run("pdftotext", &["-raw"], pdf);
    let mut joined = String::new();
    for (i, page) in raw.split('\u{c}').enumerate() {
        for line in page.lines() {
            if line.trim() == (i + 1).to_string() {
                continue;
            }
            joined.push_str(line.trim_end());
            let chars: Vec<char> = line.trim_end().chars().collect();
            let inside_word = chars.len() >= 2
                && matches!(chars[chars.len() - 1], '-' | '\u{2013}')
                && !chars[chars.len() - 2].is_whitespace();
            if !inside_word {
                joined.push(' ');
            }
        }
    }
    fold(&joined)
}

pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every string value in a JSON document (recursively).
pub fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

/// Filled rectangles (rules) drawn on each page: (page, x, y_top, width, height) in
/// points from the top-left.
pub fn rules(pdf: &Path) -> Vec<(usize, f64, f64, f64, f64)> {
    let doc = lopdf::Document::load(pdf).expect("lopdf loads the PDF");
    let mut out = Vec::new();
    for (i, (_, page_id)) in doc.get_pages().into_iter().enumerate() {
        let content = doc.get_and_decode_page_content(page_id).expect("content");
        let height = 841.889_83;
        for op in content.operations {
            if op.operator == "re" {
                let n: Vec<f64> = op
                    .operands
                    .iter()
                    .map(|o| o.as_float().map(f64::from).unwrap_or(0.0))
                    .collect();
                out.push((i + 1, n[0], height - n[1] - n[3], n[2], n[3]));
            }
        }
    }
    out
}

/// Page geometry of both profiles (A4, margins 20/20/30/15 mm), in points.
pub const PAGE_W: f64 = 595.2756;
pub const MARGIN_LEFT: f64 = 30.0 * PT_PER_MM;
pub const MARGIN_RIGHT_EDGE: f64 = PAGE_W - 15.0 * PT_PER_MM;
pub const MARGIN_TOP: f64 = 20.0 * PT_PER_MM;

/// Page 1 has nothing in its top margin; every later page has exactly its own number
/// there, centred between the margins, 12.5 to 14.5 pt, and body text below it.
pub fn assert_page_numbers(lines: &[Line], pages: usize, label: &str) {
    let centre = (MARGIN_LEFT + MARGIN_RIGHT_EDGE) / 2.0;
    for p in 1..=pages {
        let in_margin: Vec<&Line> = lines
            .iter()
            .filter(|l| l.page == p && l.y_max() < MARGIN_TOP)
            .collect();
        if p == 1 {
            assert!(
                in_margin.is_empty(),
                "{label}: page 1 has {in_margin:?} in its top margin"
            );
            continue;
        }
        assert_eq!(in_margin.len(), 1, "{label}: page {p}: {in_margin:?}");
        let n = in_margin[0];
        assert_eq!(n.text(), p.to_string(), "{label}: page {p}");
        let c = (n.x_min() + n.x_max()) / 2.0;
        assert!(
            (c - centre).abs() < 0.6,
            "{label}: page {p} number centred at {c}, not {centre}"
        );
        assert!(
            (12.5..14.5).contains(&n.size()),
            "{label}: number size {}",
            n.size()
        );
        assert!(
            lines
                .iter()
                .any(|l| l.page == p && l.y_min() >= MARGIN_TOP - 0.6),
            "{label}: page {p} has only its number"
        );
    }
}

/// Run `cmd` with a time limit, reading its output on threads so that a full pipe
/// never blocks it. An error when it cannot start, or when it runs past `limit`
/// (then it is killed): a hang fails the test instead of the CI run.
pub fn try_run_bounded(
    cmd: &mut Command,
    limit: std::time::Duration,
) -> Result<std::process::Output, String> {
    try_run_bounded_with_input(cmd, None, limit)
}

/// [`try_run_bounded`] with `input` written to the command's standard input (on a
/// thread of its own, so that neither side waits on a full pipe).
pub fn try_run_bounded_with_input(
    cmd: &mut Command,
    input: Option<&[u8]>,
    limit: std::time::Duration,
) -> Result<std::process::Output, String> {
    use std::io::{Read, Write};
    use std::process::Stdio;
    let mut child = cmd
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    if let (Some(bytes), Some(mut pipe)) = (input, child.stdin.take()) {
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stdout.read_to_end(&mut b);
        b
    });
    let err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stderr.read_to_end(&mut b);
        b
    });
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{cmd:?} did not finish within {limit:?}"));
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    Ok(std::process::Output {
        status,
        stdout: out.join().expect("reader thread"),
        stderr: err.join().expect("reader thread"),
    })
}

/// [`try_run_bounded`], failing the test when the command cannot start or hangs.
pub fn run_bounded(cmd: &mut Command, limit: std::time::Duration) -> std::process::Output {
    try_run_bounded(cmd, limit).unwrap_or_else(|e| panic!("{e}"))
}

/// `vanban ARGS`, with `input` on its standard input, failing the test when it has
/// not ended within a minute.
pub fn vanban_bounded(
    args: &[&str],
    dir: Option<&Path>,
    input: Option<&[u8]>,
) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vanban"));
    cmd.args(args);
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    try_run_bounded_with_input(&mut cmd, input, std::time::Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Words of seven letters drawing every Vietnamese letter in both cases, Greek and
/// Cyrillic: a paragraph of them needs more than 256 glyphs of the regular face,
/// past one-byte codes.
pub fn many_glyph_words() -> Vec<String> {
    let vietnamese =
        "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
    let greek = "αβγδεζηθικλμνξοπρστυφχψω";
    let cyrillic = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
    [vietnamese, greek, cyrillic]
        .iter()
        .flat_map(|s| [s.to_string(), s.to_uppercase()])
        .flat_map(|s| {
            s.chars()
                .collect::<Vec<char>>()
                .chunks(7)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect()
}
