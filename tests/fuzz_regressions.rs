//! Inputs from fuzzing (`fuzz/`), replayed on every test run: each crash the fuzzers
//! found, minimised, and a handful of small, diverse corpus entries. Every file of
//! `tests/fuzz-regressions/<target>/` goes through the same code path as the fuzz
//! target of that name and must not panic; an error must be a clean one.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use vanban::document::Info;
use vanban::input::notice::Notice;
use vanban::profile::Profile;
use vanban::render::Renderer;

/// The files of one target's folder, sorted by name.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no inputs", dir.display());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Stack of the thread that replays the inputs: small, so that recursion growing with
/// the input overflows with inputs of a few KB, as it did under the fuzzer's sanitizer.
const STACK: usize = 512 * 1024;

/// Run `f` on every input of `target`, naming every input that panicked.
fn replay(target: &str, f: impl Fn(&str) + Send + 'static) {
    let target = target.to_string();
    let panicked = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let mut panicked = Vec::new();
            for (path, bytes) in inputs(&target) {
                // As the fuzz targets do: bytes that are not UTF-8 never reach the parser.
                let Ok(text) = std::str::from_utf8(&bytes) else {
                    continue;
                };
                if catch_unwind(AssertUnwindSafe(|| f(text))).is_err() {
                    panicked.push(path.display().to_string());
                }
            }
            panicked
        })
        .unwrap()
        .join()
        .unwrap();
    assert!(panicked.is_empty(), "panicked on: {panicked:#?}");
}

/// Same path as `fuzz/fuzz_targets/json_to_pdf.rs`.
#[test]
fn json_to_pdf_inputs_do_not_panic() {
    static RENDERER: OnceLock<Renderer> = OnceLock::new();
    replay("json_to_pdf", |text| match Notice::from_json(text) {
        Ok(notice) => {
            let renderer = RENDERER.get_or_init(Renderer::new);
            match renderer.pdf(&notice) {
                Ok((bytes, pages)) => {
                    assert!(bytes.starts_with(b"%PDF-"));
                    assert!(pages >= 1);
                }
                Err(e) => assert!(!e.to_string().trim().is_empty()),
            }
        }
        Err(e) => {
            // A clean error: a path, a message, and a position inside the text.
            assert!(!e.path.is_empty(), "{e}");
            assert!(!e.message.trim().is_empty(), "{e:?}");
            assert!(!e.message.contains('\u{0}'), "{e:?}");
            assert!(e.line <= text.lines().count().max(1) + 1, "{e:?}");
        }
    });
}

/// Same path as `fuzz/fuzz_targets/markup.rs`.
#[test]
fn markup_inputs_do_not_panic() {
    let profile = Profile::builtin("nd30").expect("built-in profile");
    let fonts = vanban::pdf::FontCache::new();
    replay("markup", move |src| {
        match vanban::markup::parse(src, &profile, Info::default()) {
            Ok(doc) => {
                let layout = vanban::layout::layout(&doc, &profile, vanban::fonts::fonts());
                assert!(!layout.pages.is_empty());
                let pdf = vanban::pdf::write_pdf(&layout, &doc.info, &fonts).expect("PDF");
                assert!(pdf.starts_with(b"%PDF-"));
            }
            Err(e) => {
                assert!(!e.message.trim().is_empty(), "{e:?}");
                assert!(e.line >= 1 && e.column >= 1, "{e:?}");
            }
        }
    });
}
