//! Batches: one notice per ward, rendered in parallel from one file.
//!
//! A batch file is either `{"description"?, "base": {…}, "items": [patch, …]}`, where
//! each item is a JSON Merge Patch (RFC 7396) over `base`, or a plain array of
//! complete notices. The file is read as a stream: items are parsed one at a time and
//! handed to a bounded queue of workers, so memory stays flat however many wards a
//! province has. (Put `base` before `items`; items that come first are held until
//! `base` is read.) `base` and every item get the limits of one notice
//! ([`MAX_ITEM_BYTES`]), and duplicate keys are refused as `render` refuses them.
//!
//! Each item succeeds or fails on its own: a bad item is reported with its number
//! (counted from 1, as the people who read the messages count), what is known of it
//! (ward, number, row), and every error it has, each with its JSON path, a stable
//! code ([`codes`], or the input's) and the reason; every other item is still
//! rendered. Strings of `base` may say `{ward}` ([`substitute`]). A fault of
//! the folder itself (disk full, read-only, removed, file-size limit) stops the run
//! at once and is reported once.
//!
//! The folder never lies (see [`folder`]): one batch at a time holds its lock;
//! `manifest.json` is replaced by a "running" marker before the first file changes
//! and by the full manifest at the end, listing every file with its SHA-256, ordered
//! by item so that `--jobs` never changes a byte; a file that differs from what
//! vanban last wrote is not overwritten without `overwrite`.

use crate::input::image::Picture;
use crate::input::notice::{ImageRef, Notice};
use crate::render::{Format, Renderer};
use crate::util::output::is_fatal;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserializer, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::collections::VecDeque;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

pub mod folder;
pub mod sheet;
pub mod substitute;

use crate::messages::batch as msg;
use folder::Folder;
use substitute::Base;

/// `base.meeting.place` for a path inside the base (`.` for the base itself).
fn base_path(path: &str) -> String {
    match path {
        "." | "" => "base".into(),
        p if p.starts_with('[') => format!("base{p}"),
        p => format!("base.{p}"),
    }
}

/// The default file-name pattern: "125-phuc-loi".
pub const DEFAULT_NAME_PATTERN: &str =
    "{{number_padded}}-{{#if ward}}{{slug ward}}{{else}}{{index}}{{/if}}";

/// The JSON of one item (and of `base`) may not exceed what `vanban render` accepts
/// for a whole notice: one wrong item must not take a province's run down with it
/// (a 30 MB item of 2 M tasks once took 5.9 GB).
pub const MAX_ITEM_BYTES: u64 = 1 << 20;

/// Past this many bytes inside one item the batch file is no longer read at all: up
/// to here an oversized item is skipped without keeping it, but one JSON string of
/// gigabytes would have to be held to be skipped.
const HARD_ITEM_BYTES: u64 = 64 << 20;

/// Most workers a run starts: beyond the cores they only cost memory (each holds a
/// notice and its outputs), and a mistyped `--jobs 100000` must not try 100,000
/// threads.
pub const MAX_JOBS: usize = 256;

/// Longest file stem in bytes: with `.meta.json` (10 bytes) a name stays well under
/// the 255 bytes of ext4, XFS, APFS and NTFS, whatever the script of the text.
const MAX_STEM_BYTES: usize = 200;

/// Prefix of a batch's temporary files (`.vanban-batch-<pid>-<n>.part`): a run that
/// holds the folder's lock may remove every such file, whoever left it.
pub const BATCH_TEMP_PREFIX: &str = ".vanban-batch-";

/// Decoded images kept for sharing between items (a seal in `base`): a few, since
/// one 4,000 px image is 64 MB decoded.
const MAX_SHARED_IMAGES: usize = 4;

/// Apply an RFC 7396 merge patch to `target`.
pub fn merge_patch(target: &mut Value, patch: Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(serde_json::Map::new());
            }
            let t = target.as_object_mut().expect("object");
            for (k, v) in p {
                if v.is_null() {
                    t.remove(&k);
                } else {
                    merge_patch(t.entry(k).or_insert(Value::Null), v);
                }
            }
        }
        other => *target = other,
    }
}

/// ASCII slug for file names: "Phúc Lợi" → "phuc-loi", "Đức Giang" → "duc-giang".
pub fn slug(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut dash = false;
    for c in s.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Characters that change how a name is displayed without being seen: bidirectional
/// controls (U+202E makes `exe.fdp` read as `pdf.exe`), zero-width and other format
/// characters. A file name keeps none of them.
fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFFB | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

/// Make a rendered pattern safe as a file name: no path separators, no `..`, no
/// leading dot, no control or invisible characters, at most `MAX_STEM_BYTES`
/// bytes (cut at a character boundary: Vietnamese letters take 2 to 3 bytes each).
pub fn safe_file_stem(raw: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut s: String = raw
        .nfc()
        .filter(|&c| !is_invisible(c))
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() || ":*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    while s.contains("..") {
        s = s.replace("..", ".");
    }
    let mut s = s.trim().trim_start_matches('.').trim().to_string();
    if s.len() > MAX_STEM_BYTES {
        let mut end = MAX_STEM_BYTES;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        let t = s.trim_end().trim_end_matches('.').len();
        s.truncate(t);
    }
    (!s.is_empty()).then_some(s)
}

/// Options of a batch run.
pub struct BatchOptions {
    /// Folder that image paths in the batch are relative to.
    pub base_dir: PathBuf,
    /// Folder the files and `manifest.json` are written into.
    pub out_dir: PathBuf,
    /// Workers; clamped to 1..=[`MAX_JOBS`].
    pub jobs: usize,
    /// Which files each notice gives.
    pub format: Format,
    /// How output files are named (`{number}-{ward}`…); see the README's Batch section.
    pub name_pattern: String,
    /// Replace files that differ from what vanban last wrote there (edited by hand,
    /// or never written by vanban).
    pub overwrite: bool,
    /// When set (by a signal handler), the run stops taking items, lets the running
    /// ones finish and ends with a manifest that says it is incomplete.
    pub cancel: &'static AtomicBool,
}

/// A flag that is never set, for runs that cannot be cancelled.
pub static NEVER: AtomicBool = AtomicBool::new(false);

/// One output file of an item.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OutputFile {
    /// File name inside the output folder.
    pub file: String,
    /// SHA-256 of the file, in hex: what the manifest vouches for.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Pages after layout (PDF only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
}

/// Codes of an item's failure that belong to the batch, not to the notice (the
/// notice's own are the input's codes, `missing-field`, `invalid-date`…): stable, for
/// a program that reacts to the kind of failure rather than to its words.
pub mod codes {
    /// The item's document number is also an earlier item's (same issuer, same year).
    pub const DUPLICATE_NUMBER: &str = "duplicate-number";
    /// The item's file name is also an earlier item's.
    pub const NAME_CLASH: &str = "name-clash";
    /// The `--name` pattern gives no usable name for this item.
    pub const BAD_NAME: &str = "bad-name";
    /// A field of the item is given twice.
    pub const DUPLICATE_KEY: &str = "duplicate-key";
    /// The item is larger than one notice may be.
    pub const TOO_LARGE: &str = "too-large";
    /// The base says `{ward}` where this item keeps the base's text, and the item
    /// has no ward.
    pub const NO_WARD: &str = "no-ward";
    /// A spreadsheet cell cannot be what its column names.
    pub const BAD_CELL: &str = "bad-cell";
    /// A file in the folder differs from what vanban last wrote there; it was kept.
    pub const FILE_KEPT: &str = "file-kept";
    /// A file of the item could not be written.
    pub const WRITE_FAILED: &str = "write-failed";
    /// The notice was valid but could not be laid out or written out.
    pub const RENDER_FAILED: &str = "render-failed";
    /// A bug in vanban while rendering the item.
    pub const INTERNAL_ERROR: &str = "internal-error";
}

/// One error of a failed item.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ItemError {
    /// The kind of error, stable across versions: an input code (`missing-field`,
    /// `invalid-date`…) or one of [`codes`].
    pub code: &'static str,
    /// JSON path of the bad value inside the item (empty for the item as a whole).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// The spreadsheet cell that gave the bad value (`Sheet1!C7`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// Line in the batch file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Column of that position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong, in plain words (the language of the run).
    pub message: String,
}

impl ItemError {
    fn new(code: &'static str, path: impl Into<String>, message: String) -> ItemError {
        ItemError {
            code,
            path: path.into(),
            cell: None,
            line: None,
            column: None,
            message,
        }
    }

    fn of_input(e: crate::input::notice::InputError) -> ItemError {
        ItemError::new(e.code.as_str(), e.path, e.message)
    }
}

/// What happened to one item.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ItemReport {
    /// The item's place in the batch as a person counts it, from 1: the number
    /// messages give it.
    pub item: usize,
    /// The same place counted from 0 (`item - 1`), as manifests of earlier versions
    /// gave it: kept so that programs reading them go on working.
    pub index: usize,
    /// The spreadsheet row the item was read from (as the spreadsheet numbers it,
    /// from 1), for a batch of rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Whether every file of the item was written.
    pub ok: bool,
    /// The files written for the item.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<OutputFile>,
    /// The document number, when the item gives one (read leniently from a failed
    /// item).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// Number and symbol as printed, e.g. "125-TB/QU".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// The notice's date (YYYY-MM-DD), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The ward or commune the notice is for, when known (read leniently from a
    /// failed item).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ward: Option<String>,
    /// The code of the first error (see [`ItemError::code`]), when the item failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// JSON path of the first error's bad value inside the item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The spreadsheet cell of the first error (`Sheet1!C7`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// Line of the first error in the batch file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Column of that position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// Why the item failed, in plain words: the first error's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Every error of a failed item, the first one first (the fields above repeat
    /// it, for readers of earlier manifests).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ItemError>,
    /// Files an earlier run wrote for this item, removed because the item now
    /// fails (they would look current beside a manifest that says it failed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// The cause was the folder's, not the item's: the run stopped (not printed
    /// per item; the run's end says it once).
    #[serde(skip)]
    pub fatal: bool,
}

impl ItemReport {
    /// A report of item `index` (from 0) that has not failed (yet).
    fn blank(index: usize) -> ItemReport {
        ItemReport {
            item: index + 1,
            index,
            row: None,
            ok: true,
            files: Vec::new(),
            number: None,
            symbol: None,
            date: None,
            ward: None,
            code: None,
            path: None,
            cell: None,
            line: None,
            column: None,
            error: None,
            errors: Vec::new(),
            removed: Vec::new(),
            fatal: false,
        }
    }

    fn failed(
        index: usize,
        code: &'static str,
        path: Option<String>,
        error: String,
    ) -> Box<ItemReport> {
        let mut r = Box::new(ItemReport::blank(index));
        r.fail(vec![ItemError::new(code, path.unwrap_or_default(), error)]);
        r
    }

    /// Mark the item failed with `errors` (at least one).
    fn fail(&mut self, errors: Vec<ItemError>) {
        self.ok = false;
        self.errors = errors;
        self.sync_first();
    }

    /// The first error's fields, repeated at the top of the entry.
    fn sync_first(&mut self) {
        if let Some(first) = self.errors.first() {
            self.code = Some(first.code);
            self.path = (!first.path.is_empty()).then(|| first.path.clone());
            self.cell = first.cell.clone();
            self.line = first.line;
            self.column = first.column;
            self.error = Some(first.message.clone());
        }
    }

    /// What a failed item's JSON says of its ward and number, read leniently (the
    /// notice as a whole did not read).
    fn known_from(&mut self, v: &Value) {
        if self.ward.is_none() {
            self.ward = v.get("ward").and_then(Value::as_str).map(str::to_string);
        }
        if self.number.is_none() {
            self.number = v
                .get("number")
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok());
        }
    }

    /// Name the spreadsheet cell of each error (a batch of rows).
    fn locate_cells(&mut self, origin: &Origin) {
        self.row = Some(origin.row);
        for e in &mut self.errors {
            if e.cell.is_none() {
                e.cell = origin.cell_of(&e.path).map(str::to_string);
            }
        }
        self.sync_first();
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// Every item of the file was read and handled (some may have failed).
    Complete,
    /// Cancelled (a signal): the items not yet started were not rendered.
    Interrupted,
    /// The run could not go on; `bad_input` when the batch file itself is malformed
    /// (items before that point were rendered).
    Stopped {
        /// Why it stopped.
        cause: String,
        /// The batch file itself is malformed.
        bad_input: bool,
    },
}

/// Counts of a finished batch; the items themselves are in `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Items handled (listed in the manifest).
    pub total: usize,
    /// Items whose files were all written.
    pub succeeded: usize,
    /// Items that failed (each with its reason in the manifest).
    pub failed: usize,
    /// Items read from the file but not rendered (the run stopped or was cancelled).
    pub not_rendered: usize,
    /// How the run ended.
    pub end: End,
    /// Temporary files of an earlier, killed run that this run removed.
    pub cleaned: usize,
    /// The pid of an earlier run into this folder that did not finish.
    pub previous_unfinished: Option<u32>,
    /// Whether `manifest.json` lists the run (false if even it could not be written).
    pub manifest_written: bool,
}

/// Progress events for the caller's display.
pub enum Progress<'a> {
    /// An item finished (successfully or not).
    Item(&'a ItemReport),
}

/// A batch-level failure before anything in the folder changed.
#[derive(Debug)]
pub struct BatchError {
    /// What went wrong, in plain words.
    pub message: String,
    /// The batch file or the options are wrong (exit 2), rather than the folder
    /// (exit 1).
    pub bad_input: bool,
}

impl BatchError {
    fn input(message: String) -> BatchError {
        BatchError {
            message,
            bad_input: true,
        }
    }
    fn output(message: String) -> BatchError {
        BatchError {
            message,
            bad_input: false,
        }
    }
}

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BatchError {}

/// Count the items of a batch without keeping them (for a progress bar's total).
pub fn count_items(reader: impl Read) -> Result<usize, BatchError> {
    let mut n = 0usize;
    stream(reader, &NEVER, &mut |ev| {
        if let Event::Item(..) | Event::Row(..) = ev {
            n += 1;
        }
        Ok(())
    })
    .map_err(|e| BatchError::input(e.to_string()))?;
    Ok(n)
}

// ---------------------------------------------------------------------------------
// Reading the batch file.

/// Where the parser is in the batch file, shared between the reader and the seeds.
struct Pos {
    bytes: Cell<u64>,
    line: Cell<usize>,
    /// Characters since the last line break.
    col: Cell<usize>,
    /// Where the value being read may end: its start + [`HARD_ITEM_BYTES`],
    /// `u64::MAX` when no value is bounded (the reader compares each byte's count
    /// with this one number).
    hard_end: Cell<u64>,
}

impl Default for Pos {
    fn default() -> Pos {
        Pos {
            bytes: Cell::new(0),
            line: Cell::new(0),
            col: Cell::new(0),
            hard_end: Cell::new(u64::MAX),
        }
    }
}

impl Pos {
    /// Bound the value starting at byte `start` (or none).
    fn bound(&self, start: Option<u64>) {
        self.hard_end
            .set(start.map_or(u64::MAX, |s| s.saturating_add(HARD_ITEM_BYTES)));
    }
}

/// Counts what serde_json consumes (it reads byte by byte), so that an item's size
/// and the position of a duplicate key are known without keeping the text. It is
/// also the buffer: serde_json asks for one byte at a time, and a `BufReader` under
/// the counter cost a second call per byte.
struct Counting<R> {
    inner: R,
    pos: Rc<Pos>,
    buf: Box<[u8]>,
    at: usize,
    end: usize,
}

impl<R> Counting<R> {
    fn new(inner: R, pos: Rc<Pos>) -> Counting<R> {
        Counting {
            inner,
            pos,
            buf: vec![0; 64 << 10].into_boxed_slice(),
            at: 0,
            end: 0,
        }
    }
}

impl<R: Read> Read for Counting<R> {
    #[inline]
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        // serde_json's reader asks for one byte at a time: that byte, counted.
        if let ([slot], Some(&b)) = (&mut *out, self.buf[..self.end].get(self.at)) {
            self.at += 1;
            *slot = b;
            let p = &self.pos;
            let bytes = p.bytes.get() + 1;
            p.bytes.set(bytes);
            if b == b'\n' {
                p.line.set(p.line.get() + 1);
                p.col.set(0);
            } else if b & 0xC0 != 0x80 {
                p.col.set(p.col.get() + 1);
            }
            if bytes > p.hard_end.get() {
                return Err(std::io::Error::other(Oversized));
            }
            return Ok(1);
        }
        if self.at == self.end {
            self.end = self.inner.read(&mut self.buf)?;
            self.at = 0;
        }
        let n = out.len().min(self.end - self.at);
        let buf = &mut out[..n];
        buf.copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        let p = &self.pos;
        p.bytes.set(p.bytes.get() + n as u64);
        for &b in &buf[..n] {
            if b == b'\n' {
                p.line.set(p.line.get() + 1);
                p.col.set(0);
            } else if b & 0xC0 != 0x80 {
                p.col.set(p.col.get() + 1);
            }
        }
        if p.bytes.get() > p.hard_end.get() {
            return Err(std::io::Error::other(Oversized));
        }
        Ok(n)
    }
}

/// The reader error of a value past [`HARD_ITEM_BYTES`].
#[derive(Debug)]
struct Oversized;

impl std::fmt::Display for Oversized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&msg::value_too_large(
            HARD_ITEM_BYTES >> 20,
            MAX_ITEM_BYTES >> 20,
        ))
    }
}

impl std::error::Error for Oversized {}

/// Turns a read interrupted by a signal into an error once the run is cancelled
/// (the standard library retries such reads, so a batch read from an idle pipe
/// would otherwise never notice Ctrl-C).
struct Interruptible<'a, R> {
    inner: R,
    cancel: &'a AtomicBool,
}

impl<R: Read> Read for Interruptible<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            match self.inner.read(buf) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                    if self.cancel.load(Ordering::SeqCst) {
                        return Err(std::io::Error::other("interrupted"));
                    }
                }
                r => return r,
            }
        }
    }
}

/// Why one item cannot be used, found while reading it.
#[derive(Debug, Clone)]
struct ItemProblem {
    code: &'static str,
    path: String,
    line: usize,
    column: usize,
    message: String,
    /// Further problems of the same kind (`path`, `message`): the other bad cells
    /// of a spreadsheet row.
    others: Vec<(String, String)>,
    /// What is known of the item despite the problems (a row's readable cells), to
    /// name its ward and number.
    known: Option<Value>,
}

enum Event {
    Base(Base),
    Item(usize, Result<Value, ItemProblem>),
    /// An item read from a spreadsheet row, with the cells it came from.
    Row(usize, Result<Value, ItemProblem>, Origin),
}

/// Where an item of a spreadsheet batch came from: its row and, for each value it
/// sets, the cell, so that an error in the merged notice names the cell to fix.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The row as the spreadsheet numbers it (from 1).
    pub row: usize,
    /// JSON path of each value the row sets (`meeting.date`, `body.tasks[0].text`,
    /// `recipients` for a whole list) and its cell (`Sheet1!C7`).
    pub cells: Vec<(String, String)>,
}

impl Origin {
    /// The cell behind the value at `path`: the cell that set it, or the cell that
    /// set the list it lies in (`recipients[]`). An error about an object as a whole
    /// (a required field missing from `meeting`) has no cell: the row and the path
    /// name it.
    pub fn cell_of(&self, path: &str) -> Option<&str> {
        let within = |inner: &str, outer: &str| {
            inner.len() > outer.len()
                && inner.starts_with(outer)
                && matches!(inner.as_bytes()[outer.len()], b'.' | b'[')
        };
        let find = |f: &dyn Fn(&str) -> bool| {
            self.cells
                .iter()
                .find(|(p, _)| f(p))
                .map(|(_, c)| c.as_str())
        };
        find(&|p| p == path).or_else(|| find(&|p| within(path, p)))
    }
}

/// One row of a spreadsheet batch, made into a merge patch over the base by the
/// caller ([`run_rows`]), and the cells that could not be read.
pub struct RowItem {
    /// Where the row came from (sheet and row).
    pub origin: Origin,
    /// The merge patch the row makes (its unreadable cells left out).
    pub patch: Value,
    /// Every cell that cannot be what its column names, in the order of the
    /// columns; the row fails when there is one.
    pub problems: Vec<RowProblem>,
}

/// A cell that cannot be read as what its column names.
#[derive(Debug, Clone)]
pub struct RowProblem {
    /// JSON path the column names.
    pub path: String,
    /// What is wrong with the cell, in plain words.
    pub message: String,
}

/// The sink asks the parser to stop (the run is cancelled or cannot go on).
struct StopParsing;

/// Why the stream ended early.
enum StreamError {
    Stopped,
    Malformed(String),
}

impl std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StreamError::Stopped => f.write_str("stopped"),
            StreamError::Malformed(m) => f.write_str(m),
        }
    }
}

type Sink<'s> = dyn FnMut(Event) -> Result<(), StopParsing> + 's;

/// Parse a batch from `reader`, calling `sink` for `base` and for each item in turn.
fn stream(reader: impl Read, cancel: &AtomicBool, sink: &mut Sink<'_>) -> Result<(), StreamError> {
    let pos = Rc::new(Pos::default());
    pos.line.set(1);
    let counting = Counting::new(
        Interruptible {
            inner: reader,
            cancel,
        },
        pos.clone(),
    );
    let stopped = Cell::new(false);
    let mut de = serde_json::Deserializer::from_reader(counting);
    let result = de
        .deserialize_any(TopVisitor {
            sink,
            pos: &pos,
            stopped: &stopped,
        })
        .and_then(|()| de.end());
    match result {
        Ok(()) => Ok(()),
        Err(_) if stopped.get() || cancel.load(Ordering::SeqCst) => Err(StreamError::Stopped),
        Err(e) => {
            let words = crate::input::messages::plain_serde_message(&e.to_string());
            let (line, column) = if e.line() > 0 {
                (e.line(), e.column())
            } else {
                (pos.line.get(), pos.col.get() + 1)
            };
            Err(StreamError::Malformed(format!("{line}:{column}: {words}")))
        }
    }
}

struct TopVisitor<'a, 's> {
    sink: &'a mut Sink<'s>,
    pos: &'a Pos,
    stopped: &'a Cell<bool>,
}

fn stop_error<E: serde::de::Error>(stopped: &Cell<bool>) -> E {
    stopped.set(true);
    E::custom("stopped")
}

/// Column of a key just read (the parser stands after its closing quote).
fn key_column(pos: &Pos, key: &str) -> usize {
    (pos.col.get() + 1).saturating_sub(key.chars().count() + 2)
}

impl<'de> Visitor<'de> for TopVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&msg::expecting_batch())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        ItemsSeed {
            sink: self.sink,
            pos: self.pos,
            stopped: self.stopped,
        }
        .visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen: HashSet<String> = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                // serde_json adds the position: just after the second key.
                return Err(serde::de::Error::custom(msg::batch_key_twice(&key)));
            }
            match key.as_str() {
                "base" => {
                    let mut problem = None;
                    self.pos.bound(Some(self.pos.bytes.get()));
                    let base = map.next_value_seed(ValueSeed {
                        pos: self.pos,
                        start: self.pos.bytes.get(),
                        path: &PathNode::root("base"),
                        problem: &mut problem,
                    })?;
                    self.pos.bound(None);
                    if let Some(p) = problem {
                        return Err(serde::de::Error::custom(msg::at_line_path(
                            p.line, p.column, p.path, p.message,
                        )));
                    }
                    if !base.is_object() {
                        return Err(serde::de::Error::custom(msg::base_not_object()));
                    }
                    let base = Base::new(base).map_err(|(path, message)| {
                        serde::de::Error::custom(msg::at_path(base_path(&path), message))
                    })?;
                    (self.sink)(Event::Base(base)).map_err(|_| stop_error(self.stopped))?;
                }
                "items" => map.next_value_seed(ItemsSeed {
                    sink: &mut *self.sink,
                    pos: self.pos,
                    stopped: self.stopped,
                })?,
                "description" | "$comment" => {
                    map.next_value::<IgnoredAny>()?;
                }
                other => return Err(serde::de::Error::custom(msg::unknown_batch_field(other))),
            }
        }
        Ok(())
    }
}

struct ItemsSeed<'a, 's> {
    sink: &'a mut Sink<'s>,
    pos: &'a Pos,
    stopped: &'a Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for ItemsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ItemsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&msg::expecting_items())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            let start = self.pos.bytes.get();
            let (line, column) = (self.pos.line.get(), self.pos.col.get() + 1);
            self.pos.bound(Some(start));
            let mut problem = None;
            let next = seq.next_element_seed(ValueSeed {
                pos: self.pos,
                start,
                path: &PathNode::root(""),
                problem: &mut problem,
            })?;
            self.pos.bound(None);
            let Some(v) = next else { break };
            let item = match problem {
                Some(mut p) => {
                    if p.path.is_empty() {
                        p.path = ".".into();
                        p.line = line;
                        p.column = column;
                    }
                    Err(p)
                }
                None => Ok(v),
            };
            (self.sink)(Event::Item(i, item)).map_err(|_| stop_error(self.stopped))?;
            i += 1;
        }
        Ok(())
    }
}

/// Reads one JSON value as `serde_json::Value` does, but refuses duplicate keys
/// (a `Map` keeps the last silently) and stops keeping a value past
/// [`MAX_ITEM_BYTES`]: the rest is skipped unkept, and `problem` says why.
struct ValueSeed<'a> {
    pos: &'a Pos,
    start: u64,
    /// Where the value is (`tasks[2].text`), for messages; written out only when a
    /// message needs it (formatting the path of every value was an eighth of the
    /// instructions of an ordinary batch).
    path: &'a PathNode<'a>,
    problem: &'a mut Option<ItemProblem>,
}

/// One step of a JSON path, linked to its parent: the path of a value is built on
/// the stack as the reader descends, and written out only for a message.
#[derive(Clone, Copy)]
struct PathNode<'a> {
    parent: Option<&'a PathNode<'a>>,
    step: Step<'a>,
}

#[derive(Clone, Copy)]
enum Step<'a> {
    /// The item itself (or a named root such as `base`).
    Root(&'a str),
    Key(&'a str),
    Index(usize),
}

impl PathNode<'_> {
    fn root(name: &str) -> PathNode<'_> {
        PathNode {
            parent: None,
            step: Step::Root(name),
        }
    }

    /// `base.a.b`, `tasks[2].text`; empty for the item itself.
    fn written(&self) -> String {
        let mut steps = Vec::new();
        let mut node = Some(self);
        while let Some(n) = node {
            steps.push(n.step);
            node = n.parent;
        }
        let mut out = String::new();
        for step in steps.into_iter().rev() {
            match step {
                Step::Root(name) => out.push_str(name),
                Step::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

impl<'p> ValueSeed<'p> {
    fn child<'c>(&'c mut self, path: &'c PathNode<'c>) -> ValueSeed<'c>
    where
        'p: 'c,
    {
        ValueSeed {
            pos: self.pos,
            start: self.start,
            path,
            problem: &mut *self.problem,
        }
    }

    fn check_size(&mut self) {
        if self.problem.is_none() && self.pos.bytes.get() - self.start > MAX_ITEM_BYTES {
            *self.problem = Some(ItemProblem {
                code: codes::TOO_LARGE,
                path: String::new(),
                line: 0,
                column: 0,
                others: Vec::new(),
                known: None,
                message: msg::item_too_large(MAX_ITEM_BYTES >> 20),
            });
        }
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        if self.problem.is_some() {
            d.deserialize_ignored_any(IgnoredAny)?;
            return Ok(Value::Null);
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(mut self, v: &str) -> Result<Value, E> {
        self.check_size();
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(mut self, v: String) -> Result<Value, E> {
        self.check_size();
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        let parent = self.path;
        loop {
            let path = PathNode {
                parent: Some(parent),
                step: Step::Index(out.len()),
            };
            match seq.next_element_seed(self.child(&path))? {
                Some(v) => out.push(v),
                None => break,
            }
            self.check_size();
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        let parent = self.path;
        while let Some(key) = map.next_key::<String>()? {
            let path = PathNode {
                parent: Some(parent),
                step: Step::Key(&key),
            };
            if self.problem.is_none() && out.contains_key(&key) {
                *self.problem = Some(ItemProblem {
                    code: codes::DUPLICATE_KEY,
                    others: Vec::new(),
                    known: None,
                    line: self.pos.line.get(),
                    column: key_column(self.pos, &key),
                    message: msg::key_twice(&key),
                    path: path.written(),
                });
            }
            let v = map.next_value_seed(self.child(&path))?;
            if self.problem.is_none() {
                out.insert(key, v);
            }
            self.check_size();
        }
        Ok(Value::Object(out))
    }
}

// ---------------------------------------------------------------------------------
// Naming and preparing items.

/// A validated item ready to render.
struct Job {
    index: usize,
    row: Option<usize>,
    notice: Notice,
    stem: String,
}

/// Context of the file-name pattern.
#[derive(Serialize)]
struct NameView<'a> {
    /// Position in the batch, from 1.
    index: usize,
    number: u32,
    number_padded: String,
    ward: Option<&'a str>,
    date: String,
    profile: &'a str,
    issuer: &'a str,
    summary: &'a str,
}

fn name_registry(pattern: &str) -> Result<handlebars::Handlebars<'static>, BatchError> {
    let mut hb = handlebars::Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    hb.register_helper(
        "slug",
        Box::new(
            |h: &handlebars::Helper,
             _: &handlebars::Handlebars,
             _: &handlebars::Context,
             _: &mut handlebars::RenderContext,
             out: &mut dyn handlebars::Output|
             -> handlebars::HelperResult {
                let v = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("");
                out.write(&slug(v))?;
                Ok(())
            },
        ),
    );
    hb.register_template_string("name", pattern)
        .map_err(|e| BatchError::input(msg::bad_name_pattern(e)))?;
    Ok(hb)
}

/// The stem an invalid item would have had, read leniently from its JSON, so that
/// the files an earlier run wrote for it can be found.
fn stem_of_value(
    index: usize,
    v: &Value,
    names: &handlebars::Handlebars<'static>,
    profiles: &crate::profile::ProfileSet,
) -> Option<String> {
    let number = u32::try_from(v.get("number")?.as_u64()?).ok()?;
    let profile_id = v.get("profile")?.as_str()?;
    let profile = profiles.get(profile_id)?;
    let view = NameView {
        index: index + 1,
        number,
        number_padded: profile.numbering.padded(number),
        ward: v.get("ward").and_then(Value::as_str),
        date: v.get("date")?.as_str()?.to_string(),
        profile: profile_id,
        issuer: v.get("issuer")?.get("abbreviation")?.as_str()?,
        summary: v.get("summary")?.as_str()?,
    };
    safe_file_stem(&names.render("name", &view).ok()?)
}

/// Key of a decoded image shared between items.
type ImageKey = (Option<String>, Option<String>, Option<u64>);

/// The key of `r`, whose width is `default_width` when it gives none (a signature
/// takes its profile's width, so two profiles may print one file at two widths).
fn image_key(r: &ImageRef, default_width: Option<f64>) -> ImageKey {
    (
        r.file.clone(),
        r.data_base64.clone(),
        r.width_mm.or(default_width).map(f64::to_bits),
    )
}

/// Decoded images by reference: the seal and signature of `base` are decoded once
/// per batch, not once per item (a 4,000 px seal is 64 MB decoded; per item, two
/// workers and their queue held 0.85 GB of copies).
#[derive(Default)]
struct ImageCache {
    map: HashMap<ImageKey, Arc<Picture>>,
}

impl ImageCache {
    fn load(
        &mut self,
        notice: &mut Notice,
        base_dir: &Path,
        profile: &crate::profile::Profile,
    ) -> Result<(), crate::input::notice::InputError> {
        let signature_width = Some(profile.signature.image_width.0);
        let sig_key = notice
            .signer
            .signature_image
            .as_ref()
            .map(|r| image_key(r, signature_width));
        let seal_key = notice.seal.as_ref().map(|r| image_key(r, None));
        let sig_hit = sig_key.as_ref().and_then(|k| self.map.get(k)).cloned();
        let seal_hit = seal_key.as_ref().and_then(|k| self.map.get(k)).cloned();
        // Hide what is cached from the loader, then put it back.
        let sig_ref = sig_hit
            .is_some()
            .then(|| notice.signer.signature_image.take())
            .flatten();
        let seal_ref = seal_hit.is_some().then(|| notice.seal.take()).flatten();
        let loaded = notice.load_images(base_dir, None, profile);
        if sig_ref.is_some() {
            notice.signer.signature_image = sig_ref;
        }
        if seal_ref.is_some() {
            notice.seal = seal_ref;
        }
        loaded?;
        for (key, hit, slot) in [
            (sig_key, sig_hit, &mut notice.images.signature),
            (seal_key, seal_hit, &mut notice.images.seal),
        ] {
            match (key, hit) {
                (Some(_), Some(pic)) => *slot = Some(pic),
                (Some(k), None) => {
                    if let Some(pic) = slot {
                        if self.map.len() < MAX_SHARED_IMAGES {
                            self.map.insert(k, pic.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------
// The run.

/// Bytes of decoded images that items being rendered may hold at once. Rendering an
/// item copies its images (the PDF writer converts and compresses the pixels), so
/// eight workers on items with a 64 MB seal would hold over a gigabyte; past this
/// budget a worker waits for the others (an item over the budget runs alone).
const IMAGE_BUDGET_BYTES: usize = 128 << 20;

/// The image memory of items being rendered, bounded by [`IMAGE_BUDGET_BYTES`].
#[derive(Default)]
struct ImageBudget {
    in_use: Mutex<usize>,
    freed: std::sync::Condvar,
}

impl ImageBudget {
    fn acquire(&self, bytes: usize) {
        if bytes == 0 {
            return;
        }
        let mut used = self.in_use.lock().unwrap_or_else(|p| p.into_inner());
        while *used > 0 && *used + bytes > IMAGE_BUDGET_BYTES {
            used = self.freed.wait(used).unwrap_or_else(|p| p.into_inner());
        }
        *used += bytes;
    }

    fn release(&self, bytes: usize) {
        if bytes == 0 {
            return;
        }
        let mut used = self.in_use.lock().unwrap_or_else(|p| p.into_inner());
        *used -= bytes;
        self.freed.notify_all();
    }
}

fn image_bytes(n: &Notice) -> usize {
    [&n.images.signature, &n.images.seal]
        .into_iter()
        .flatten()
        .map(|p| p.rgba.len() + p.png.len())
        .sum()
}

/// What workers and the parser share.
struct Shared<'a> {
    images: ImageBudget,
    opts: &'a BatchOptions,
    renderer: &'a Renderer,
    folder: &'a Folder,
    /// Set when the run must stop: cancelled, or the folder cannot take more files.
    stop: AtomicBool,
    /// The first cause that stopped the run, said once at the end.
    fatal: OnceLock<String>,
}

impl Shared<'_> {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst) || self.opts.cancel.load(Ordering::SeqCst)
    }

    fn set_fatal(&self, cause: String) {
        let _ = self.fatal.set(cause);
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Call the caller's progress display; a display that fails (stderr closed) must not
/// take the run down.
fn notify(progress: &(dyn Fn(Progress) + Sync), report: &ItemReport) {
    if report.fatal {
        return;
    }
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        progress(Progress::Item(report))
    }));
}

/// Render every item of the batch in `reader` into `opts.out_dir`.
///
/// An `Err` means nothing in the folder changed (bad pattern, another run holds the
/// folder, the file is not a batch). Everything else, including a run that had to
/// stop, is an `Ok` whose [`Summary::end`] says how it ended; `manifest.json` then
/// says the same.
pub fn run(
    reader: impl Read,
    opts: &BatchOptions,
    renderer: &Renderer,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary, BatchError> {
    run_fed(opts, renderer, progress, |cancel, sink| {
        stream(reader, cancel, sink)
    })
}

/// Render one notice per spreadsheet row: `base` holds the shared fields (read with
/// [`read_base`]) and each row is a merge patch over it. Everything else is as [`run`]: the lock, the journal, the
/// manifest (whose entries carry the row, and the cell of a bad value).
pub fn run_rows(
    base: Value,
    rows: impl IntoIterator<Item = RowItem>,
    opts: &BatchOptions,
    renderer: &Renderer,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary, BatchError> {
    let base = Base::new(base)
        .map_err(|(path, message)| BatchError::input(msg::at_path(path, message)))?;
    run_fed(opts, renderer, progress, move |cancel, sink| {
        sink(Event::Base(base)).map_err(|_| StreamError::Stopped)?;
        for (i, row) in rows.into_iter().enumerate() {
            if cancel.load(Ordering::SeqCst) {
                return Err(StreamError::Stopped);
            }
            let mut problems = row.problems.into_iter();
            let item = match problems.next() {
                None => Ok(row.patch),
                Some(first) => Err(ItemProblem {
                    code: codes::BAD_CELL,
                    path: first.path,
                    line: 0,
                    column: 0,
                    message: first.message,
                    others: problems.map(|p| (p.path, p.message)).collect(),
                    known: Some(row.patch),
                }),
            };
            sink(Event::Row(i, item, row.origin)).map_err(|_| StreamError::Stopped)?;
        }
        Ok(())
    })
}

/// Read the base of a spreadsheet batch: one JSON object, within the limit of one
/// notice, no key given twice (as a batch file's `base`).
pub fn read_base(reader: impl Read) -> Result<Value, String> {
    let pos = Rc::new(Pos::default());
    pos.line.set(1);
    pos.bound(Some(0));
    let mut de = serde_json::Deserializer::from_reader(Counting::new(reader, pos.clone()));
    let mut problem = None;
    let value = ValueSeed {
        pos: &pos,
        start: 0,
        path: &PathNode::root(""),
        problem: &mut problem,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v))
    .map_err(|e| {
        let words = crate::input::messages::plain_serde_message(&e.to_string());
        msg::malformed_json_at(e.line(), e.column(), words)
    })?;
    if let Some(p) = problem {
        return Err(if p.line > 0 {
            msg::at_line_path(p.line, p.column, p.path, p.message)
        } else {
            msg::the_base_is(p.message)
        });
    }
    if !value.is_object() {
        return Err(msg::base_file_not_object());
    }
    Base::new(value.clone()).map_err(|(path, message)| msg::at_path(path, message))?;
    Ok(value)
}

/// The run, with items from `feed` (the batch file's stream, or spreadsheet rows).
fn run_fed(
    opts: &BatchOptions,
    renderer: &Renderer,
    progress: &(dyn Fn(Progress) + Sync),
    feed: impl FnOnce(&AtomicBool, &mut Sink<'_>) -> Result<(), StreamError>,
) -> Result<Summary, BatchError> {
    let names = name_registry(&opts.name_pattern)?;
    std::fs::create_dir_all(&opts.out_dir)
        .map_err(|e| BatchError::output(msg::cannot_create(opts.out_dir.display(), e)))?;
    let folder = Folder::lock(&opts.out_dir).map_err(BatchError::output)?;
    let shared = Shared {
        opts,
        renderer,
        folder: &folder,
        stop: AtomicBool::new(false),
        fatal: OnceLock::new(),
        images: ImageBudget::default(),
    };
    let jobs = opts.jobs.clamp(1, MAX_JOBS);
    let queue = JobQueue::new(jobs * 4);
    // The manifest is written by whichever thread finishes an item (a collector
    // thread woken for every item cost two context switches a notice).
    let collected = Mutex::new(Collected::new(&folder));
    let collect = |report: ItemReport| {
        let added = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut c = collected.lock().unwrap_or_else(|p| p.into_inner());
            if let Err(e) = c.add(report) {
                if c.error.is_none() {
                    c.error = Some(e.to_string());
                    shared.set_fatal(msg::cannot_write_manifest(e));
                }
            }
        }));
        if added.is_err() {
            let mut c = collected.lock().unwrap_or_else(|p| p.into_inner());
            c.writer = None;
            if c.error.is_none() {
                c.error = Some(msg::manifest_writer_failed());
            }
            shared.set_fatal(msg::manifest_writer_failed());
        }
    };
    let mut seen = 0usize;
    let mut opened = false;

    let stream_result = std::thread::scope(|scope| {
        // Workers leave SIGINT/SIGTERM to this thread, whose reads they interrupt
        // (see `Interruptible`).
        let mask = folder::block_stop_signals();
        let mut started = 0;
        // Workers speak the language of the thread that started the batch.
        let lang = crate::messages::lang();
        for n in 0..jobs {
            let queue = &queue;
            let shared = &shared;
            let collect = &collect;
            let worker = std::thread::Builder::new()
                .name(format!("vanban-{n}"))
                .spawn_scoped(scope, move || {
                    crate::messages::set_lang(lang);
                    work(queue, shared, progress, collect)
                });
            if worker.is_ok() {
                started += 1;
            }
        }
        folder::restore_signals(mask);
        if started == 0 {
            shared.set_fatal(msg::no_worker());
        }

        // The parser feeds the queue from this thread.
        let mut base: Option<Base> = None;
        let mut pending: Vec<(usize, Result<Value, ItemProblem>)> = Vec::new();
        let mut used_names: HashMap<String, String> = HashMap::new();
        let mut numbers = Numbers::default();
        let mut images = ImageCache::default();
        let mut dispatch = |index: usize,
                            item: Result<Value, ItemProblem>,
                            origin: Option<Origin>,
                            base: &Option<Base>| {
            if !opened {
                opened = true;
                if let Err(cause) = shared.folder.open() {
                    shared.set_fatal(cause);
                }
            }
            if shared.stopping() {
                return Err(StopParsing);
            }
            seen += 1;
            match prepare(
                index,
                origin.as_ref().map(|o| o.row),
                item,
                base.as_ref(),
                &names,
                &mut used_names,
                &mut numbers,
                &mut images,
                &shared,
            ) {
                Ok(job) => {
                    // Workers keep taking jobs until the queue is closed.
                    queue.push(job);
                }
                Err(mut report) => {
                    if let Some(o) = &origin {
                        report.locate_cells(o);
                    }
                    notify(progress, &report);
                    collect(*report);
                }
            }
            Ok(())
        };
        let mut saw_base = false;
        let result = feed(opts.cancel, &mut |ev| match ev {
            Event::Base(b) => {
                base = Some(b);
                saw_base = true;
                for (i, v) in std::mem::take(&mut pending) {
                    dispatch(i, v, None, &base)?;
                }
                Ok(())
            }
            Event::Item(i, v) => {
                if saw_base || base.is_some() {
                    dispatch(i, v, None, &base)
                } else {
                    pending.push((i, v));
                    Ok(())
                }
            }
            // Rows come after their base.
            Event::Row(i, v, origin) => dispatch(i, v, Some(origin), &base),
        });
        // No base at all: items are complete notices.
        let result = result.and_then(|()| {
            for (i, v) in std::mem::take(&mut pending) {
                dispatch(i, v, None, &None).map_err(|_| StreamError::Stopped)?;
            }
            Ok(())
        });
        queue.close();
        result
    });
    let collected = collected.into_inner().unwrap_or_else(|p| p.into_inner());

    let end = match (&stream_result, shared.fatal.get()) {
        (_, Some(cause)) => End::Stopped {
            cause: cause.clone(),
            bad_input: false,
        },
        _ if opts.cancel.load(Ordering::SeqCst) => End::Interrupted,
        (Ok(()), None) => End::Complete,
        (Err(StreamError::Stopped), None) => End::Interrupted,
        (Err(StreamError::Malformed(m)), None) => {
            if !opened {
                // Nothing was read that could be rendered: the folder is untouched.
                return Err(BatchError::input(msg::malformed_batch(m)));
            }
            End::Stopped {
                cause: msg::malformed_batch_midway(m),
                bad_input: true,
            }
        }
    };
    let total = collected.summary.0;
    let summary = Summary {
        total,
        succeeded: collected.summary.1,
        failed: collected.summary.2,
        not_rendered: seen.saturating_sub(total),
        end: end.clone(),
        cleaned: folder.cleaned,
        previous_unfinished: folder.previous_pid,
        manifest_written: false,
    };
    let written = collected.finish(&end, seen);
    Ok(Summary {
        manifest_written: written,
        ..summary
    })
}

/// A worker: render the queued jobs until the queue closes, reporting each.
fn work(
    queue: &JobQueue,
    shared: &Shared,
    progress: &(dyn Fn(Progress) + Sync),
    collect: &(dyn Fn(ItemReport) + Sync),
) {
    // A worker never stops taking jobs before the queue closes: the parser may be
    // waiting for room in it.
    while let Some(job) = queue.pop() {
        if shared.stopping() {
            continue;
        }
        let index = job.index;
        let weight = image_bytes(&job.notice);
        shared.images.acquire(weight);
        let report =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render_job(job, shared)));
        shared.images.release(weight);
        let report = report.unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            *ItemReport::failed(
                index,
                codes::INTERNAL_ERROR,
                None,
                msg::internal_error(what),
            )
        });
        notify(progress, &report);
        collect(report);
    }
}

/// The items ready to render, between the parser and the workers.
///
/// A bounded channel woke the parser for every item taken and, with workers sharing
/// its receiver behind a lock, put a worker to sleep on that lock for every item:
/// about five context switches a notice (`perf record -e sched:sched_switch`). Here
/// the parser, once the queue is full, sleeps until it has drained to half, and a
/// worker is woken only when one is waiting for work.
struct JobQueue {
    state: Mutex<QueueState>,
    /// A job arrived, or the queue closed.
    ready: Condvar,
    /// The queue drained to half its capacity.
    room: Condvar,
    capacity: usize,
}

#[derive(Default)]
struct QueueState {
    jobs: VecDeque<Job>,
    closed: bool,
    /// Workers waiting on `ready`.
    idle: usize,
    /// The parser waits on `room`.
    full: bool,
}

impl JobQueue {
    fn new(capacity: usize) -> JobQueue {
        JobQueue {
            state: Mutex::new(QueueState::default()),
            ready: Condvar::new(),
            room: Condvar::new(),
            capacity: capacity.max(2),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        // Nothing panics while holding the lock; a poisoned one holds a whole queue.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queue `job`, waiting while the queue is full.
    fn push(&self, job: Job) {
        let mut s = self.lock();
        while s.jobs.len() >= self.capacity && !s.closed {
            s.full = true;
            s = self.room.wait(s).unwrap_or_else(|p| p.into_inner());
        }
        s.jobs.push_back(job);
        if s.idle > 0 {
            self.ready.notify_one();
        }
    }

    /// The next job; `None` once the queue is closed and empty.
    fn pop(&self) -> Option<Job> {
        let mut s = self.lock();
        loop {
            if let Some(job) = s.jobs.pop_front() {
                if s.full && s.jobs.len() <= self.capacity / 2 {
                    s.full = false;
                    self.room.notify_one();
                }
                return Some(job);
            }
            if s.closed {
                return None;
            }
            s.idle += 1;
            s = self.ready.wait(s).unwrap_or_else(|p| p.into_inner());
            s.idle -= 1;
        }
    }

    /// No more jobs: workers finish what is queued, then stop.
    fn close(&self) {
        let mut s = self.lock();
        s.closed = true;
        self.ready.notify_all();
        self.room.notify_all();
    }
}

/// The manifest as it is written: items in order, holding back only the few that
/// finish before an earlier one, so that the manifest of a 10,000-notice batch never
/// sits in memory.
struct Collected<'a> {
    folder: &'a Folder,
    writer: Option<folder::ManifestWriter>,
    held: BTreeMap<usize, ItemReport>,
    next: usize,
    /// total, succeeded, failed
    summary: (usize, usize, usize),
    /// Files this run wrote or removed (not "earlier" any more).
    touched: HashSet<String>,
    error: Option<String>,
}

impl<'a> Collected<'a> {
    fn new(folder: &'a Folder) -> Collected<'a> {
        let (writer, error) = match folder::ManifestWriter::new(folder.dir()) {
            Ok(w) => (Some(w), None),
            Err(e) => (None, Some(e.to_string())),
        };
        Collected {
            folder,
            writer,
            held: BTreeMap::new(),
            next: 0,
            summary: (0, 0, 0),
            touched: HashSet::new(),
            error,
        }
    }

    fn add(&mut self, report: ItemReport) -> std::io::Result<()> {
        // Only names an earlier run wrote can be "earlier": keeping the others would
        // grow with the batch (memory stays flat however many wards a province has).
        for f in report.files.iter().map(|f| &f.file).chain(&report.removed) {
            if self.folder.was_known(f) {
                self.touched.insert(f.clone());
            }
        }
        self.summary.0 += 1;
        if report.ok {
            self.summary.1 += 1;
        } else {
            self.summary.2 += 1;
        }
        self.held.insert(report.index, report);
        let mut result = Ok(());
        while let Some(r) = self.held.remove(&self.next) {
            self.next += 1;
            if let (Some(w), true) = (&mut self.writer, result.is_ok()) {
                result = w.item(&r);
            }
        }
        if result.is_err() {
            self.writer = None;
        }
        result
    }

    /// Write the final manifest; false if it could not be written (the folder then
    /// holds a manifest that says the run did not complete, or none).
    fn finish(mut self, end: &End, seen: usize) -> bool {
        // Reports after a gap (items discarded by a stop) are still listed.
        for (_, r) in std::mem::take(&mut self.held) {
            if let Some(w) = &mut self.writer {
                if w.item(&r).is_err() {
                    self.writer = None;
                }
            }
        }
        let earlier = self.folder.earlier(&self.touched);
        let result = match self.writer.take() {
            Some(w) => w
                .finish(
                    end,
                    self.summary,
                    seen.saturating_sub(self.summary.0),
                    &earlier,
                )
                .map_err(|e| e.to_string()),
            None => Err(self.error.clone().unwrap_or_default()),
        };
        match result {
            Ok(()) => {
                self.folder.done();
                true
            }
            Err(e) => {
                self.folder.manifest_failed(&e);
                false
            }
        }
    }
}

/// Merge an item over the base and read it as a notice, checked, its images
/// loaded. A failure lists every error of the item (as `vanban validate` lists a
/// notice's) and gives back the merged JSON when there is one (to find what an
/// earlier run wrote for the item).
fn notice_of(
    index: usize,
    item: Result<Value, ItemProblem>,
    base: Option<&Base>,
    images: &mut ImageCache,
    base_dir: &Path,
    profiles: &crate::profile::ProfileSet,
    draft: bool,
) -> Result<Notice, (Option<Value>, Box<ItemReport>)> {
    let item = item.map_err(|p| {
        let mut e = ItemError::new(p.code, p.path, p.message);
        e.line = (p.line > 0).then_some(p.line);
        e.column = (p.line > 0).then_some(p.column);
        let mut errors = vec![e];
        errors.extend(
            p.others
                .into_iter()
                .map(|(path, message)| ItemError::new(p.code, path, message)),
        );
        let mut r = Box::new(ItemReport::blank(index));
        r.fail(errors);
        if let Some(known) = &p.known {
            r.known_from(known);
        }
        (None, r)
    })?;
    let merged = match base {
        Some(b) => match b.merge(item) {
            Ok(m) => m,
            Err((at, item)) => {
                let path = base_path(&at);
                let mut r = ItemReport::failed(
                    index,
                    codes::NO_WARD,
                    Some("ward".into()),
                    msg::no_ward(path),
                );
                r.known_from(&item);
                return Err((None, r));
            }
        },
        None => item,
    };
    let failed = |merged: Value, errors: Vec<ItemError>| {
        let mut r = Box::new(ItemReport::blank(index));
        r.fail(errors);
        r.known_from(&merged);
        Err((Some(merged), r))
    };
    // A batch of drafts for issuance (`--draft`): number and date may be left out.
    let blanks = draft.then(|| {
        let mut m = merged.clone();
        (crate::input::notice::draft_blanks(&mut m), m)
    });
    let checked = blanks.as_ref().map_or(&merged, |(_, m)| m);
    // The plain reader: on any error, `every_error` below reads the notice again for
    // every message with its path, so tracking paths here (serde_path_to_error) was
    // work thrown away for every good item.
    let read = <Notice as serde::Deserialize>::deserialize(checked)
        .map_err(drop)
        .map(|mut n| {
            n.draft = blanks.as_ref().map(|(d, _)| *d);
            n
        })
        .and_then(|n| n.check().map(|()| n).map_err(drop))
        .ok()
        .and_then(|n| profiles.check_notice(&n).ok().map(|p| (n, p)));
    let Some((mut notice, profile)) = read else {
        // Rare, so read again for every error, the way `vanban validate` reads a
        // notice (positions are those of a text the item never was: left out).
        let errors = every_error(checked, profiles);
        return failed(merged, errors);
    };
    if let Err(p) = images.load(&mut notice, base_dir, profile) {
        return failed(merged, vec![ItemError::of_input(p)]);
    }
    Ok(notice)
}

/// Every error of the notice `merged`, each with its code and JSON path.
fn every_error(merged: &Value, profiles: &crate::profile::ProfileSet) -> Vec<ItemError> {
    use crate::input::check::{read_all, Reading};
    let text = serde_json::to_string(merged).unwrap_or_default();
    let errors: Vec<ItemError> = match read_all(&text, Reading::Notice, Some(profiles)) {
        Err(errors) => {
            // The reader steps over an error by putting a sample value at its path
            // (a missing field: by adding one inside it); a later error at a path
            // so replaced is about the sample, not the item.
            let mut replaced: HashSet<String> = HashSet::new();
            errors
                .into_iter()
                .filter(|e| {
                    let kept = !replaced.contains(&e.path);
                    if e.code != crate::input::messages::ErrorCode::MissingField {
                        replaced.insert(e.path.clone());
                    }
                    kept
                })
                .map(ItemError::of_input)
                .collect()
        }
        Ok(_) => Vec::new(),
    };
    if !errors.is_empty() {
        return errors;
    }
    // The text reads where the value did not (it should not happen): say what the
    // value's reading says.
    match serde_path_to_error::deserialize::<_, Notice>(merged) {
        Err(e) => {
            let path = e.path().to_string();
            let (code, words) = crate::input::messages::classify_serde(&e.into_inner().to_string());
            vec![ItemError::new(code.as_str(), path, words)]
        }
        Ok(n) => match n.check().and_then(|()| profiles.check_notice(&n).map(drop)) {
            Err((path, message)) => vec![ItemError::new(
                crate::input::messages::ErrorCode::InvalidValue.as_str(),
                path,
                message,
            )],
            Ok(()) => vec![ItemError::new(
                codes::INTERNAL_ERROR,
                "",
                msg::unreadable_item(),
            )],
        },
    }
}

/// The document numbers a batch has given, by issuer and year: a body numbers its
/// documents once a year, each number once, so a second item with the same number
/// is an error naming the first. Kept small (a hash of the issuer's name, the year,
/// the number, and who had it first): some 50 bytes per item.
#[derive(Default)]
struct Numbers {
    seen: HashMap<(u64, u16, u32), String>,
}

impl Numbers {
    /// Claim `n`'s number for the item that `who` names (`item 3 (Cự Khối)`, `row 7`,
    /// see [`who`]).
    fn claim(&mut self, n: &Notice, who: String) -> Result<(), String> {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        let issuer =
            BuildHasherDefault::<DefaultHasher>::default().hash_one(n.issuer.name.as_str());
        match self.seen.entry((issuer, n.date.year, n.number)) {
            std::collections::hash_map::Entry::Occupied(first) => Err(msg::number_taken(
                n.number,
                first.get(),
                n.issuer.name.replace('\n', " "),
                n.date.year,
            )),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(who);
                Ok(())
            }
        }
    }
}

/// What `vanban validate` found in a batch file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Items checked.
    pub total: usize,
    /// Items with at least one error.
    pub failed: usize,
}

/// Check every item of a batch as `run` would before rendering it (merged over the
/// base, read as a notice, its images loaded from `base_dir`), and that no two
/// items give the same issuer the same number in the same year (a body numbers
/// its documents once a year, each number once). Each failure is handed to
/// `report`, in order; nothing is rendered or written. An `Err` means the file is
/// not a well-formed batch (the items before the fault were checked and reported).
pub fn validate(
    reader: impl Read,
    base_dir: &Path,
    profiles: &crate::profile::ProfileSet,
    report: &mut dyn FnMut(&ItemReport),
) -> Result<Checked, BatchError> {
    let mut images = ImageCache::default();
    let mut numbers = Numbers::default();
    let mut checked = Checked {
        total: 0,
        failed: 0,
    };
    let mut base: Option<Base> = None;
    let mut pending: Vec<(usize, Result<Value, ItemProblem>)> = Vec::new();
    let mut check = |index: usize, item: Result<Value, ItemProblem>, base: Option<&Base>| {
        checked.total += 1;
        let failure = match notice_of(index, item, base, &mut images, base_dir, profiles, false) {
            Err((_, r)) => Some(r),
            Ok(n) => numbers
                .claim(&n, who(index, None, n.ward.as_deref()))
                .err()
                .map(|message| duplicate_number(index, &n, message)),
        };
        if let Some(r) = failure {
            checked.failed += 1;
            report(&r);
        }
    };
    let result = stream(reader, &NEVER, &mut |ev| {
        match ev {
            Event::Base(b) => {
                base = Some(b);
                for (i, v) in std::mem::take(&mut pending) {
                    check(i, v, base.as_ref());
                }
            }
            Event::Item(i, v) | Event::Row(i, v, _) => {
                if base.is_some() {
                    check(i, v, base.as_ref());
                } else {
                    pending.push((i, v));
                }
            }
        }
        Ok(())
    });
    // No base at all: items are complete notices.
    for (i, v) in std::mem::take(&mut pending) {
        check(i, v, None);
    }
    result.map_err(|e| BatchError::input(msg::malformed_batch_json(e)))?;
    Ok(checked)
}

/// How messages name an item: `item 3 (Cự Khối)`, `row 7 (Cự Khối)` for a
/// spreadsheet's (its row, as the spreadsheet numbers it), counted from 1.
fn who(index: usize, row: Option<usize>, ward: Option<&str>) -> String {
    match (row, ward) {
        (Some(r), Some(w)) => msg::row_with_ward(r, w),
        (Some(r), None) => msg::row(r),
        (None, Some(w)) => msg::item_with_ward(index + 1, w),
        (None, None) => msg::item(index + 1),
    }
}

/// The report of an item whose number an earlier item has.
fn duplicate_number(index: usize, n: &Notice, message: String) -> Box<ItemReport> {
    let mut r = ItemReport::failed(
        index,
        codes::DUPLICATE_NUMBER,
        Some("number".into()),
        message,
    );
    r.number = Some(n.number);
    r.ward = n.ward.as_ref().map(|w| w.to_string());
    r.date = Some(n.date.to_string());
    r
}

/// Merge, validate and name one item (on the parser thread: cheap work only).
#[allow(clippy::too_many_arguments)]
fn prepare(
    index: usize,
    row: Option<usize>,
    item: Result<Value, ItemProblem>,
    base: Option<&Base>,
    names: &handlebars::Handlebars<'static>,
    used: &mut HashMap<String, String>,
    numbers: &mut Numbers,
    images: &mut ImageCache,
    shared: &Shared,
) -> Result<Job, Box<ItemReport>> {
    let notice = match notice_of(
        index,
        item,
        base,
        images,
        &shared.opts.base_dir,
        shared.renderer.profiles(),
        shared.renderer.pdf_options().draft,
    ) {
        Ok(n) => n,
        // Files an earlier run wrote for an item that now fails must not look current.
        Err((merged, mut report)) => {
            if let Some(stem) =
                merged.and_then(|m| stem_of_value(index, &m, names, shared.renderer.profiles()))
            {
                if !used.contains_key(&stem.to_lowercase()) {
                    report.removed = shared.folder.remove_earlier(&stem);
                }
            }
            return Err(report);
        }
    };
    // A draft's number is given at issuance, not here.
    if notice.draft.is_none() {
        if let Err(message) = numbers.claim(&notice, who(index, row, notice.ward.as_deref())) {
            return Err(duplicate_number(index, &notice, message));
        }
    }
    // The item's failures from here on know the notice.
    let known = |mut r: Box<ItemReport>| {
        r.number = Some(notice.number);
        r.ward = notice.ward.as_ref().map(|w| w.to_string());
        r.date = Some(notice.date.to_string());
        r
    };
    // `notice_of` checked that the renderer knows the profile.
    let Some(profile) = shared.renderer.profile(notice.profile.as_str()) else {
        return Err(known(ItemReport::failed(
            index,
            crate::input::messages::ErrorCode::InvalidValue.as_str(),
            Some("profile".into()),
            msg::unknown_profile(),
        )));
    };
    let view = NameView {
        index: index + 1,
        number: notice.number,
        number_padded: profile.numbering.padded(notice.number),
        ward: notice.ward.as_deref(),
        date: notice.date.to_string(),
        profile: notice.profile.as_str(),
        issuer: &notice.issuer.abbreviation,
        summary: &notice.summary,
    };
    let raw = names.render("name", &view).map_err(|e| {
        known(ItemReport::failed(
            index,
            codes::BAD_NAME,
            None,
            msg::name_pattern_fails(e),
        ))
    })?;
    let stem = safe_file_stem(&raw).ok_or_else(|| {
        known(ItemReport::failed(
            index,
            codes::BAD_NAME,
            None,
            msg::name_empty(&raw),
        ))
    })?;
    if let Some(first) = used.get(&stem.to_lowercase()) {
        return Err(known(ItemReport::failed(
            index,
            codes::NAME_CLASH,
            None,
            msg::name_clash(&stem, first),
        )));
    }
    used.insert(stem.to_lowercase(), who(index, row, notice.ward.as_deref()));
    Ok(Job {
        index,
        row,
        notice,
        stem,
    })
}

/// Fault injection for the tests of a panicking worker: `VANBAN_FAULT_PANIC_ITEM=N`
/// makes the worker that renders item N (counted from 1, as messages count) panic,
/// as a bug in a later stage would.
fn injected_panic(index: usize) {
    static AT: OnceLock<Option<usize>> = OnceLock::new();
    let at = AT.get_or_init(|| {
        std::env::var("VANBAN_FAULT_PANIC_ITEM")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    if *at == Some(index + 1) {
        panic!("fault injected for item {}", index + 1);
    }
}

fn render_job(job: Job, shared: &Shared) -> ItemReport {
    injected_panic(job.index);
    let opts = shared.opts;
    let n = &job.notice;
    let symbol = shared
        .renderer
        .profile(n.profile.as_str())
        .map(|profile| crate::compose::template::number_and_symbol(n, profile).1);
    let mut report = ItemReport {
        row: job.row,
        number: Some(n.number),
        symbol,
        date: Some(n.date.to_string()),
        ward: n.ward.as_ref().map(|w| w.to_string()),
        ..ItemReport::blank(job.index)
    };
    let outputs = match shared.renderer.outputs(n, opts.format) {
        Ok(o) => o,
        Err(e) => {
            report.fail(vec![ItemError::new(
                codes::RENDER_FAILED,
                "",
                e.to_string(),
            )]);
            report.removed = shared.folder.remove_earlier(&job.stem);
            return report;
        }
    };
    let outputs: Vec<(String, String, crate::render::Output)> = outputs
        .into_iter()
        .map(|out| {
            let file = format!("{}.{}", job.stem, out.extension);
            let sha = hex(&Sha256::digest(&out.bytes));
            (file, sha, out)
        })
        .collect();
    // Check every file first: an item is written whole or not at all.
    if !opts.overwrite {
        let kept: Vec<&str> = outputs
            .iter()
            .filter(|(file, sha, _)| !shared.folder.may_replace(file, sha))
            .map(|(file, _, _)| file.as_str())
            .collect();
        if !kept.is_empty() {
            let files = kept.join(&msg::and());
            report.fail(vec![ItemError::new(
                codes::FILE_KEPT,
                "",
                msg::file_kept(files),
            )]);
            return report;
        }
    }
    for (file, sha, out) in outputs {
        if let Err(e) = shared.folder.write(&file, &sha, &out.bytes) {
            report.fail(vec![ItemError::new(
                codes::WRITE_FAILED,
                "",
                msg::cannot_write(&file, &e),
            )]);
            if is_fatal(&e) {
                report.fatal = true;
                shared.set_fatal(msg::cannot_write_in(&file, opts.out_dir.display(), &e));
            }
            return report;
        }
        report.files.push(OutputFile {
            file,
            sha256: sha,
            bytes: out.bytes.len() as u64,
            pages: out.pages,
        });
    }
    report
}

fn hex(bytes: &[u8]) -> String {
    // By table: `write!` per byte cost a formatter call each (~100 instructions).
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xF)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc_7396() {
        // The example of RFC 7396, section 3.
        let mut target = json!({"a": "b", "c": {"d": "e", "f": "g"}});
        merge_patch(&mut target, json!({"a": "z", "c": {"f": null}}));
        assert_eq!(target, json!({"a": "z", "c": {"d": "e"}}));
        let mut t = json!({"list": [1, 2]});
        merge_patch(&mut t, json!({"list": [3]}));
        assert_eq!(t, json!({"list": [3]}));
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Phúc Lợi"), "phuc-loi");
        assert_eq!(slug("Đức Giang"), "duc-giang");
        assert_eq!(slug("  Thượng Thanh! "), "thuong-thanh");
    }

    #[test]
    fn file_names_cannot_escape_the_folder() {
        assert_eq!(safe_file_stem("../../etc/passwd").unwrap(), "-.-etc-passwd");
        assert_eq!(safe_file_stem("a/b\\c").unwrap(), "a-b-c");
        assert!(safe_file_stem(" .. ").is_none());
    }

    #[test]
    fn file_names_are_cut_by_bytes_and_keep_no_invisible_characters() {
        let long = "Ủy ban nhân dân phường Thượng Thanh ".repeat(20);
        let s = safe_file_stem(&long).unwrap();
        assert!(s.len() <= MAX_STEM_BYTES, "{} bytes", s.len());
        assert!(s.len() > MAX_STEM_BYTES - 4);
        assert!(long.starts_with(&s));
        assert_eq!(
            safe_file_stem("125-\u{202E}fdp.exe").unwrap(),
            "125-fdp.exe"
        );
        assert_eq!(
            safe_file_stem("a\u{200B}b\u{2066}c\u{FEFF}d\u{061C}").unwrap(),
            "abcd"
        );
    }

    /// The events of a batch text, its messages in English.
    fn items_of(text: &str) -> (Vec<Event>, Result<(), String>) {
        crate::messages::with_lang(crate::messages::Lang::En, || {
            let mut events = Vec::new();
            let r = stream(text.as_bytes(), &NEVER, &mut |e| {
                events.push(e);
                Ok(())
            })
            .map_err(|e| e.to_string());
            (events, r)
        })
    }

    #[test]
    fn duplicate_keys_in_an_item_are_its_error_with_a_position() {
        let (events, r) =
            items_of("{\"base\": {\"a\": 1},\n \"items\": [{\"x\": 1},\n  {\"ward\": \"A\", \"ward\": \"B\"}]}");
        assert!(r.is_ok());
        let Event::Item(1, Err(p)) = &events[2] else {
            panic!("item 1 refused")
        };
        assert_eq!(p.path, "ward");
        assert_eq!((p.line, p.column), (3, 17), "{p:?}");
        assert!(p.message.contains("given twice"));
        assert!(matches!(&events[1], Event::Item(0, Ok(_))));
    }

    #[test]
    fn duplicate_keys_in_base_or_twice_items_stop_the_file() {
        let (_, r) = items_of("{\"base\": {\"a\": {\"b\": 1, \"b\": 2}}, \"items\": []}");
        let e = r.unwrap_err();
        assert!(e.contains("base.a.b") && e.contains("twice"), "{e}");
        let (events, r) = items_of("{\"items\": [{}],\n\"items\": [{}]}");
        let e = r.unwrap_err();
        assert!(e.starts_with("2:8: `items` is given twice"), "{e}");
        assert_eq!(events.len(), 1);
    }

    #[test]
    fn an_oversized_item_is_refused_unkept_and_the_next_is_read() {
        let big = format!(
            "{{\"items\": [{{\"tasks\": [{}]}}, {{\"ward\": \"B\"}}]}}",
            vec!["{\"text\": \"việc cần làm\"}"; 60_000].join(",")
        );
        assert!(big.len() as u64 > MAX_ITEM_BYTES);
        let (events, r) = items_of(&big);
        assert!(r.is_ok());
        let Event::Item(0, Err(p)) = &events[0] else {
            panic!("item 0 refused")
        };
        assert_eq!(p.path, ".");
        assert!(p.message.contains("1 MiB"), "{}", p.message);
        assert!(matches!(&events[1], Event::Item(1, Ok(v)) if v["ward"] == "B"));
    }

    #[test]
    fn a_shared_seal_is_decoded_once() {
        let dir = tempfile::tempdir().unwrap();
        let png = crate::input::image::encode_png(8, 8, &[0, 0, 200, 128].repeat(64));
        std::fs::write(dir.path().join("seal.png"), png).unwrap();
        let mut json: Value =
            serde_json::from_str(include_str!("../../fixtures/phuc-loi-2018.json")).unwrap();
        json["seal"] = json!({"file": "seal.png", "width_mm": 36.0});
        let mut cache = ImageCache::default();
        let mut notices: Vec<Notice> = (0..3)
            .map(|_| Notice::from_json(&json.to_string()).unwrap())
            .collect();
        let profile = crate::profile::Profile::builtin("hd36").unwrap();
        for n in &mut notices {
            cache.load(n, dir.path(), &profile).unwrap();
        }
        let seals: Vec<&Arc<Picture>> = notices
            .iter()
            .map(|n| n.images.seal.as_ref().expect("seal loaded"))
            .collect();
        assert!(Arc::ptr_eq(seals[0], seals[1]) && Arc::ptr_eq(seals[1], seals[2]));
        // The reference stays in the notice (its JSON is unchanged).
        assert!(notices[2].seal.as_ref().unwrap().file.is_some());
        // Another width is another picture.
        json["seal"]["width_mm"] = json!(40.0);
        let mut other = Notice::from_json(&json.to_string()).unwrap();
        cache.load(&mut other, dir.path(), &profile).unwrap();
        assert!(!Arc::ptr_eq(other.images.seal.as_ref().unwrap(), seals[0]));
    }

    #[test]
    fn the_job_queue_keeps_order_waits_for_half_and_closes() {
        use std::sync::atomic::AtomicUsize;
        use std::time::{Duration, Instant};
        let notice = Notice::from_json(include_str!("../../fixtures/phuc-loi-2018.json")).unwrap();
        let job = |index| Job {
            index,
            row: None,
            notice: notice.clone(),
            stem: format!("{index:02}"),
        };
        let queue = JobQueue::new(4);
        let pushed = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                for i in 0..6 {
                    queue.push(job(i));
                    pushed.store(i + 1, Ordering::SeqCst);
                }
            });
            // The parser fills the queue (4) and then waits.
            let deadline = Instant::now() + Duration::from_secs(10);
            while pushed.load(Ordering::SeqCst) < 4 {
                assert!(Instant::now() < deadline, "the queue never filled");
                std::thread::sleep(Duration::from_millis(1));
            }
            std::thread::sleep(Duration::from_millis(50));
            assert_eq!(
                pushed.load(Ordering::SeqCst),
                4,
                "a full queue takes no more"
            );
            // One taken leaves 3, above half: the parser still waits.
            assert_eq!(queue.pop().map(|j| j.index), Some(0));
            std::thread::sleep(Duration::from_millis(50));
            assert_eq!(pushed.load(Ordering::SeqCst), 4, "woken before half");
            // Two taken leaves 2, half: the parser goes on.
            assert_eq!(queue.pop().map(|j| j.index), Some(1));
            while pushed.load(Ordering::SeqCst) < 6 {
                assert!(
                    Instant::now() < deadline,
                    "the parser was not woken at half"
                );
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        // In order, then a worker waiting on an empty queue is woken by close.
        let order: Vec<usize> = (0..4).map(|_| queue.pop().unwrap().index).collect();
        assert_eq!(order, [2, 3, 4, 5]);
        std::thread::scope(|scope| {
            let waiting = scope.spawn(|| queue.pop().map(|j| j.index));
            std::thread::sleep(Duration::from_millis(50));
            queue.close();
            assert_eq!(waiting.join().unwrap(), None);
        });
        assert!(queue.pop().is_none(), "a closed, empty queue gives nothing");
    }
}
