//! Batches: one notice per ward, rendered in parallel from one file.
//!
//! A batch file is either `{"description"?, "base": {…}, "items": [patch, …]}`, where
//! each item is a JSON Merge Patch (RFC 7396) over `base`, or a plain array of
//! complete notices. The file is read as a stream: items are parsed one at a time and
//! handed to a bounded queue of workers, so memory stays flat however many wards a
//! province has. (Put `base` before `items`; items that come first are held until
//! `base` is read.)
//!
//! Each item succeeds or fails on its own: a bad item is reported with its index,
//! the JSON path and the reason, and every other item is still rendered. Outputs are
//! written atomically, named from a Handlebars pattern, and listed with their
//! SHA-256 in `manifest.json`, ordered by item so that `--jobs` never changes a byte.

use crate::notice::Notice;
use crate::output::write_atomic;
use crate::render::{Format, Renderer};
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserializer, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// The default file-name pattern: "125-phuc-loi".
pub const DEFAULT_NAME_PATTERN: &str =
    "{{number_padded}}-{{#if ward}}{{slug ward}}{{else}}{{index}}{{/if}}";

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

/// Make a rendered pattern safe as a file name: no path separators, no `..`, no
/// leading dot, no control characters, bounded length.
pub fn safe_file_stem(raw: &str) -> Option<String> {
    let mut s: String = raw
        .chars()
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
    let s = s.trim().trim_start_matches('.').trim();
    let s: String = s.chars().take(120).collect();
    (!s.is_empty()).then_some(s)
}

/// Options of a batch run.
pub struct BatchOptions {
    /// Folder that image paths in the batch are relative to.
    pub base_dir: PathBuf,
    pub out_dir: PathBuf,
    pub jobs: usize,
    pub format: Format,
    pub name_pattern: String,
}

/// One output file of an item.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OutputFile {
    /// File name inside the output folder.
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
    /// Pages after layout (PDF only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
}

/// What happened to one item.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ItemReport {
    /// Position in `items` (from 0).
    pub index: usize,
    pub ok: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<OutputFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// Number and symbol as printed, e.g. "125-TB/QU".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ward: Option<String>,
    /// JSON path of the bad value inside the item, when the item is invalid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl ItemReport {
    fn failed(index: usize, path: Option<String>, error: String) -> Box<ItemReport> {
        Box::new(ItemReport {
            index,
            ok: false,
            files: Vec::new(),
            number: None,
            symbol: None,
            date: None,
            ward: None,
            path,
            error: Some(error),
        })
    }
}

/// Counts of a finished batch; the items themselves are in `manifest.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
}

/// Writes `manifest.json` as items finish, in item order, holding back only the few
/// that finish before an earlier one: the manifest of a 10,000-notice batch never
/// sits in memory.
struct ManifestWriter {
    file: std::io::BufWriter<tempfile::NamedTempFile>,
    held: std::collections::BTreeMap<usize, ItemReport>,
    next: usize,
    summary: Summary,
}

impl ManifestWriter {
    fn new(dir: &Path) -> std::io::Result<ManifestWriter> {
        let tmp = tempfile::Builder::new()
            .prefix(".vanban-manifest-")
            .suffix(".part")
            .tempfile_in(dir)?;
        let mut file = std::io::BufWriter::new(tmp);
        use std::io::Write;
        write!(
            file,
            "{{\n  \"generator\": \"vanban {}\",\n  \"items\": [",
            env!("CARGO_PKG_VERSION")
        )?;
        Ok(ManifestWriter {
            file,
            held: Default::default(),
            next: 0,
            summary: Summary {
                total: 0,
                succeeded: 0,
                failed: 0,
            },
        })
    }

    fn add(&mut self, report: ItemReport) -> std::io::Result<()> {
        use std::io::Write;
        self.held.insert(report.index, report);
        while let Some(r) = self.held.remove(&self.next) {
            if self.next > 0 {
                self.file.write_all(b",")?;
            }
            self.file.write_all(b"\n    ")?;
            serde_json::to_writer(&mut self.file, &r)?;
            self.summary.total += 1;
            if r.ok {
                self.summary.succeeded += 1;
            } else {
                self.summary.failed += 1;
            }
            self.next += 1;
        }
        Ok(())
    }

    fn finish(mut self, path: &Path) -> std::io::Result<Summary> {
        use std::io::Write;
        // Reports after a gap (a malformed file stops the stream) are still listed.
        for (_, r) in std::mem::take(&mut self.held) {
            self.next = r.index;
            self.add(r)?;
        }
        let s = self.summary;
        write!(
            self.file,
            "\n  ],\n  \"total\": {},\n  \"succeeded\": {},\n  \"failed\": {}\n}}\n",
            s.total, s.succeeded, s.failed
        )?;
        let tmp = self.file.into_inner().map_err(|e| e.into_error())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(s)
    }
}

/// Progress events for the caller's display.
pub enum Progress<'a> {
    /// An item finished (successfully or not).
    Item(&'a ItemReport),
}

/// A batch-level failure: the file cannot be read or is not a batch.
#[derive(Debug)]
pub struct BatchError(pub String);

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BatchError {}

/// Count the items of a batch without keeping them (for a progress bar's total).
pub fn count_items(reader: impl Read) -> Result<usize, BatchError> {
    let mut n = 0usize;
    stream(reader, &mut |ev| {
        if let Event::Item(..) = ev {
            n += 1;
        }
    })?;
    Ok(n)
}

enum Event {
    Base(Value),
    Item(usize, Value),
}

/// Parse a batch from `reader`, calling `sink` for `base` and for each item in turn.
fn stream(reader: impl Read, sink: &mut dyn FnMut(Event)) -> Result<(), BatchError> {
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
    de.deserialize_any(TopVisitor { sink })
        .and_then(|()| de.end())
        .map_err(|e| {
            BatchError(format!(
                "{}:{}: {}",
                e.line(),
                e.column(),
                crate::errors::plain_serde_message(&e.to_string())
            ))
        })
}

struct TopVisitor<'a> {
    sink: &'a mut dyn FnMut(Event),
}

impl<'de> Visitor<'de> for TopVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a batch object {\"base\": …, \"items\": […]} or an array of notices")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        ItemsSeed { sink: self.sink }.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "base" => {
                    let base: Value = map.next_value()?;
                    if !base.is_object() {
                        return Err(serde::de::Error::custom("`base` must be an object"));
                    }
                    (self.sink)(Event::Base(base));
                }
                "items" => map.next_value_seed(ItemsSeed {
                    sink: &mut *self.sink,
                })?,
                "description" | "$comment" => {
                    map.next_value::<IgnoredAny>()?;
                }
                other => {
                    return Err(serde::de::Error::custom(format!(
                        "unknown field `{other}` in the batch (expected base, items, description)"
                    )))
                }
            }
        }
        Ok(())
    }
}

struct ItemsSeed<'a> {
    sink: &'a mut dyn FnMut(Event),
}

impl<'de> DeserializeSeed<'de> for ItemsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ItemsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while let Some(v) = seq.next_element::<Value>()? {
            (self.sink)(Event::Item(i, v));
            i += 1;
        }
        Ok(())
    }
}

/// A validated item ready to render.
struct Job {
    index: usize,
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
        .map_err(|e| BatchError(format!("--name pattern: {e}")))?;
    Ok(hb)
}

/// Render every item of the batch in `reader`. Returns the manifest (also written to
/// `out_dir/manifest.json`).
pub fn run(
    reader: impl Read,
    opts: &BatchOptions,
    renderer: &Renderer,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary, BatchError> {
    std::fs::create_dir_all(&opts.out_dir)
        .map_err(|e| BatchError(format!("cannot create {}: {e}", opts.out_dir.display())))?;
    let names = name_registry(&opts.name_pattern)?;
    let mut manifest = ManifestWriter::new(&opts.out_dir)
        .map_err(|e| BatchError(format!("cannot write in {}: {e}", opts.out_dir.display())))?;
    let jobs = opts.jobs.max(1);
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(jobs * 2);
    let job_rx = std::sync::Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<ItemReport>();

    let (stream_result, manifest_result) = std::thread::scope(|scope| {
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let job_rx = &job_rx;
            scope.spawn(move || loop {
                let job = match job_rx.lock().expect("queue").recv() {
                    Ok(j) => j,
                    Err(_) => break,
                };
                let report = render_job(job, opts, renderer);
                progress(Progress::Item(&report));
                if done_tx.send(report).is_err() {
                    break;
                }
            });
        }
        // The collector writes the manifest while items are still being rendered.
        let collector = scope.spawn(move || -> std::io::Result<ManifestWriter> {
            for report in done_rx {
                manifest.add(report)?;
            }
            Ok(manifest)
        });

        // The parser feeds the queue from this thread.
        let mut base: Option<Value> = None;
        let mut pending: Vec<(usize, Value)> = Vec::new();
        let mut used_names: HashMap<String, usize> = HashMap::new();
        let early = done_tx.clone();
        let mut dispatch = |index: usize, item: Value, base: &Option<Value>| {
            match prepare(
                index,
                item,
                base.as_ref(),
                &names,
                &mut used_names,
                &opts.base_dir,
            ) {
                Ok(job) => {
                    // Workers only stop after the sender is dropped.
                    let _ = job_tx.send(job);
                }
                Err(report) => {
                    progress(Progress::Item(&report));
                    let _ = early.send(*report);
                }
            }
        };
        let mut saw_base = false;
        let result = stream(reader, &mut |ev| match ev {
            Event::Base(b) => {
                base = Some(b);
                saw_base = true;
                for (i, v) in std::mem::take(&mut pending) {
                    dispatch(i, v, &base);
                }
            }
            Event::Item(i, v) => {
                if saw_base || base.is_some() {
                    dispatch(i, v, &base);
                } else {
                    pending.push((i, v));
                }
            }
        });
        // No base at all: items are complete notices.
        for (i, v) in std::mem::take(&mut pending) {
            dispatch(i, v, &None);
        }
        drop(job_tx);
        drop(early);
        drop(done_tx);
        let manifest = collector.join().expect("collector thread");
        (result, manifest)
    });

    let summary = manifest_result
        .and_then(|m| m.finish(&opts.out_dir.join("manifest.json")))
        .map_err(|e| BatchError(format!("cannot write manifest.json: {e}")))?;
    stream_result.map(|()| summary).map_err(|e| {
        BatchError(format!(
            "the batch file is malformed at {e}; items before that point were rendered"
        ))
    })
}

/// Merge, validate and name one item (on the parser thread: cheap work only).
fn prepare(
    index: usize,
    item: Value,
    base: Option<&Value>,
    names: &handlebars::Handlebars<'static>,
    used: &mut HashMap<String, usize>,
    base_dir: &Path,
) -> Result<Job, Box<ItemReport>> {
    let merged = match base {
        Some(b) => {
            let mut m = b.clone();
            merge_patch(&mut m, item);
            m
        }
        None => item,
    };
    let mut notice: Notice = serde_path_to_error::deserialize(merged).map_err(|e| {
        let path = e.path().to_string();
        let msg = crate::errors::plain_serde_message(&e.into_inner().to_string());
        ItemReport::failed(index, Some(path), msg)
    })?;
    notice
        .check()
        .map_err(|(path, message)| ItemReport::failed(index, Some(path), message))?;
    notice
        .load_images(base_dir, None)
        .map_err(|e| ItemReport::failed(index, Some(e.path), e.message))?;
    let profile = crate::profile::Profile::builtin_ref(notice.profile.as_str()).expect("built-in");
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
    let raw = names
        .render("name", &view)
        .map_err(|e| ItemReport::failed(index, None, format!("file name pattern: {e}")))?;
    let stem = safe_file_stem(&raw).ok_or_else(|| {
        ItemReport::failed(
            index,
            None,
            format!("the file name pattern gives an empty name ({raw:?})"),
        )
    })?;
    if let Some(first) = used.get(&stem.to_lowercase()) {
        return Err(ItemReport::failed(
            index,
            None,
            format!("file name {stem:?} is already used by item {first}; nothing was overwritten (make the --name pattern unique, e.g. add {{{{number}}}})"),
        ));
    }
    used.insert(stem.to_lowercase(), index);
    Ok(Job {
        index,
        notice,
        stem,
    })
}

fn render_job(job: Job, opts: &BatchOptions, renderer: &Renderer) -> ItemReport {
    let n = &job.notice;
    let profile = renderer.profile(n.profile.as_str());
    let (_, symbol) = crate::template::number_and_symbol(n, profile);
    let mut report = ItemReport {
        index: job.index,
        ok: true,
        files: Vec::new(),
        number: Some(n.number),
        symbol: Some(symbol),
        date: Some(n.date.to_string()),
        ward: n.ward.as_ref().map(|w| w.to_string()),
        path: None,
        error: None,
    };
    let outputs = match renderer.outputs(n, opts.format) {
        Ok(o) => o,
        Err(e) => {
            report.ok = false;
            report.error = Some(e.to_string());
            return report;
        }
    };
    for out in outputs {
        let file = format!("{}.{}", job.stem, out.extension);
        let path: &Path = &opts.out_dir.join(&file);
        if let Err(e) = write_atomic(path, &out.bytes) {
            report.ok = false;
            report.error = Some(format!("cannot write {file}: {e}"));
            return report;
        }
        report.files.push(OutputFile {
            file,
            sha256: hex(&Sha256::digest(&out.bytes)),
            bytes: out.bytes.len() as u64,
            pages: out.pages,
        });
    }
    report
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
}
