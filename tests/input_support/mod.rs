//! Helpers for the input tests: the CLI run with a time limit (a FIFO or a device
//! must make vanban refuse, never hang the test), and the text of both outputs.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a run of vanban gave.
pub struct Run {
    pub code: i32,
    pub stderr: String,
    pub elapsed: Duration,
}

/// Run vanban with `args` (and `stdin`), killing it and failing the test after
/// `limit`.
pub fn vanban_within(args: &[&str], stdin: Option<&str>, limit: Duration) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vanban runs");
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    // Messages are a few lines: the pipe never fills while we wait.
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("vanban {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stderr,
        elapsed: start.elapsed(),
    }
}

/// Run vanban with the usual limit of 30 s.
pub fn vanban(args: &[&str], stdin: Option<&str>) -> Run {
    vanban_within(args, stdin, Duration::from_secs(30))
}

/// Names of the files in `dir` (none if it does not exist).
pub fn files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The text of a DOCX body: every `w:t`, a paragraph per line.
pub fn docx_text(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut out = String::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        let tag = &rest[i..end];
        if tag == "</w:p>" {
            out.push('\n');
        }
        if tag.starts_with("<w:t>") || tag.starts_with("<w:t ") {
            let close = rest[end..].find("</w:t>").map_or(rest.len(), |c| end + c);
            out.push_str(&unescape(&rest[end..close]));
            rest = &rest[close..];
            continue;
        }
        rest = &rest[end..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The PDF's text as `pdftotext -raw` reads it, `None` when poppler is missing
/// outside CI.
pub fn pdf_text(path: &Path) -> Option<String> {
    if !super::support::have_tool("pdftotext") {
        return None;
    }
    Some(super::support::run("pdftotext", &["-raw"], path))
}
