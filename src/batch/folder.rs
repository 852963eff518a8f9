//! The output folder of a batch: its lock, its manifest, and what vanban knows it
//! wrote there.
//!
//! A folder holds, besides the outputs:
//!
//! - `.vanban-lock` while a run is in it: the run's pid, held with `flock`, so a
//!   second run is refused while the first is alive, and a killed run's lock (the
//!   kernel releases it with the process) blocks nobody; the next run sees the pid
//!   it left and cleans up after it;
//! - `manifest.json`: from the first item on, a marker (`"complete": false,
//!   "state": "running"`) listing the files of earlier runs; at the end the full
//!   manifest (`"complete": true` only if every item was read and handled);
//! - `.vanban-journal` while a run is in it: `sha256 name` of each file, appended
//!   *before* the file is renamed into place, so that after a kill the next run still
//!   knows which files vanban wrote; removed once the manifest is written;
//! - temporary files `.vanban-batch-<pid>-<n>.part` only while being written.
//!
//! What vanban "last wrote" is the union of the previous manifest (its items and its
//! `earlier` files) and the journal: a file whose content is neither that nor the
//! new output is someone else's, and is not replaced without `--overwrite`.

use super::{End, ItemReport, BATCH_TEMP_PREFIX};
use crate::messages::batch as msg;
use crate::util::output::{TempFile, TEMP_PREFIX, TEMP_SUFFIX};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The lock a running batch holds on its output folder, so two batches never write into one.
pub const LOCK_FILE: &str = ".vanban-lock";
/// The journal of the files a batch has finished, to resume or clean up after an interruption.
pub const JOURNAL_FILE: &str = ".vanban-journal";
/// The batch's report: one entry per item, written as items finish.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Temporary files of other vanban commands (`render`) are left alone while they
/// may still be in use: a render takes milliseconds.
const FOREIGN_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(60);

/// A folder locked for one batch run.
pub struct Folder {
    dir: PathBuf,
    lock: Option<File>,
    /// File name → SHA-256 of what vanban last wrote under that name.
    known: HashMap<String, String>,
    journal: Mutex<Option<File>>,
    /// Temporary files of a killed run removed when the lock was taken.
    pub cleaned: usize,
    /// The pid of a run that took the lock before and never released it.
    pub previous_pid: Option<u32>,
}

fn sha_of_file(path: &Path) -> Option<String> {
    let mut f = File::open(path).ok()?;
    let mut h = Sha256::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(super::hex(&h.finalize()))
}

fn is_regular_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

impl Folder {
    /// Take the folder's lock, clean up after a killed run, and read what earlier
    /// runs wrote. Nothing else in the folder changes.
    pub fn lock(dir: &Path) -> Result<Folder, String> {
        let path = dir.join(LOCK_FILE);
        let (file, previous) = take_lock(&path, dir)?;
        let mut folder = Folder {
            dir: dir.to_path_buf(),
            lock: Some(file),
            known: HashMap::new(),
            journal: Mutex::new(None),
            cleaned: 0,
            previous_pid: previous,
        };
        folder.cleaned = folder.clean_temporaries();
        folder.read_known();
        Ok(folder)
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn clean_temporaries(&self) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut n = 0;
        for e in entries.flatten() {
            let name = e.file_name();
            let Some(name) = name.to_str() else { continue };
            if !name.starts_with(TEMP_PREFIX) || !name.ends_with(TEMP_SUFFIX) {
                continue;
            }
            let ours = name.starts_with(BATCH_TEMP_PREFIX);
            let old = e
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > FOREIGN_TEMP_AGE);
            if (ours || old) && std::fs::remove_file(e.path()).is_ok() {
                n += 1;
            }
        }
        n
    }

    fn read_known(&mut self) {
        if let Some(m) = std::fs::read(self.dir.join(MANIFEST_FILE))
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        {
            let mut add = |f: &Value| {
                if let (Some(file), Some(sha)) = (
                    f.get("file").and_then(Value::as_str),
                    f.get("sha256").and_then(Value::as_str),
                ) {
                    self.known.insert(file.to_string(), sha.to_string());
                }
            };
            for item in m
                .get("items")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                for f in item
                    .get("files")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    add(f);
                }
            }
            for f in m
                .get("earlier")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                add(f);
            }
        }
        // The journal of a run that did not finish is newer than any manifest.
        if let Ok(text) = std::fs::read_to_string(self.dir.join(JOURNAL_FILE)) {
            for line in text.lines() {
                if let Some((sha, file)) = line.split_once(' ') {
                    if sha.len() == 64 && !file.is_empty() {
                        self.known.insert(file.to_string(), sha.to_string());
                    }
                }
            }
        }
    }

    /// Before the first file changes: the journal is opened and `manifest.json`
    /// becomes a marker that says a run is in progress. If the marker cannot be
    /// written (a full disk), the old manifest is removed instead, so that it never
    /// describes files that are about to change.
    pub fn open(&self) -> Result<(), String> {
        let journal = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(self.dir.join(JOURNAL_FILE))
            .map_err(|e| msg::cannot_write_into(self.dir.display(), e))?;
        *self.journal.lock().expect("journal") = Some(journal);
        let earlier = self.earlier(&HashSet::new());
        let marker = serde_json::json!({
            "generator": generator(),
            "complete": false,
            "state": "running",
            "pid": std::process::id(),
            "items": [],
            "earlier": earlier_json(&earlier),
        });
        let mut text = serde_json::to_vec_pretty(&marker).expect("marker serialises");
        text.push(b'\n');
        let path = self.dir.join(MANIFEST_FILE);
        if let Err(e) = crate::util::output::write_atomic_with(&path, &text, BATCH_TEMP_PREFIX) {
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(r) if r.kind() == std::io::ErrorKind::NotFound => {}
                Err(_) => return Err(msg::cannot_write_manifest_in(self.dir.display(), e)),
            }
        }
        Ok(())
    }

    /// Whether `file` may be replaced by content of hash `sha`: it is absent, or holds
    /// what vanban last wrote, or already the new content.
    pub fn may_replace(&self, file: &str, sha: &str) -> bool {
        let path = self.dir.join(file);
        match std::fs::symlink_metadata(&path) {
            Err(_) => true,
            Ok(m) if !m.is_file() => false,
            Ok(_) => match sha_of_file(&path) {
                Some(h) => h == sha || self.known.get(file) == Some(&h),
                None => false,
            },
        }
    }

    /// Write one output: temporary file, journal line, rename.
    pub fn write(&self, file: &str, sha: &str, bytes: &[u8]) -> std::io::Result<()> {
        let mut tmp = TempFile::new_in(&self.dir, BATCH_TEMP_PREFIX)?;
        tmp.file().write_all(bytes)?;
        {
            let mut j = self.journal.lock().unwrap_or_else(|p| p.into_inner());
            let j = j
                .as_mut()
                .ok_or_else(|| std::io::Error::other(msg::journal_not_open()))?;
            j.write_all(format!("{sha} {file}\n").as_bytes())?;
        }
        tmp.persist(&self.dir.join(file))
    }

    /// Remove the files an earlier run wrote for `stem`, if they still hold what it
    /// wrote; returns their names.
    pub fn remove_earlier(&self, stem: &str) -> Vec<String> {
        let mut removed = Vec::new();
        for ext in ["pdf", "docx", "meta.json"] {
            let file = format!("{stem}.{ext}");
            let Some(sha) = self.known.get(&file) else {
                continue;
            };
            let path = self.dir.join(&file);
            if is_regular_file(&path)
                && sha_of_file(&path).as_ref() == Some(sha)
                && std::fs::remove_file(&path).is_ok()
            {
                removed.push(file);
            }
        }
        removed
    }

    /// Whether an earlier run's manifest or journal lists `file`.
    pub fn was_known(&self, file: &str) -> bool {
        self.known.contains_key(file)
    }

    /// Files of earlier runs still in the folder and not rewritten or removed by this
    /// one (`touched`), sorted, with the hash vanban gave them.
    pub fn earlier(&self, touched: &HashSet<String>) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .known
            .iter()
            .filter(|(f, _)| !touched.contains(*f) && is_regular_file(&self.dir.join(f)))
            .map(|(f, s)| (f.clone(), s.clone()))
            .collect();
        out.sort();
        out
    }

    /// The manifest is written: the journal is no longer needed.
    pub fn done(&self) {
        drop(self.journal.lock().map(|mut j| j.take()));
        let _ = std::fs::remove_file(self.dir.join(JOURNAL_FILE));
    }

    /// The final manifest could not be written: say so in a short one, or remove the
    /// marker if even that fails. The journal stays for the next run.
    pub fn manifest_failed(&self, cause: &str) {
        let path = self.dir.join(MANIFEST_FILE);
        let note = serde_json::json!({
            "generator": generator(),
            "complete": false,
            "state": "stopped",
            "stopped_because": msg::manifest_could_not_be_written(cause),
            "items": [],
        });
        let mut text = serde_json::to_vec_pretty(&note).expect("serialises");
        text.push(b'\n');
        if crate::util::output::write_atomic_with(&path, &text, BATCH_TEMP_PREFIX).is_err() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        // Removed while still held: a run waiting on the old file finds it unlinked
        // and tries again (see `take_lock`).
        let _ = std::fs::remove_file(self.dir.join(LOCK_FILE));
        drop(self.lock.take());
    }
}

fn generator() -> String {
    format!("vanban {}", env!("CARGO_PKG_VERSION"))
}

fn earlier_json(earlier: &[(String, String)]) -> Value {
    Value::Array(
        earlier
            .iter()
            .map(|(f, s)| serde_json::json!({"file": f, "sha256": s}))
            .collect(),
    )
}

#[cfg(unix)]
fn take_lock(path: &Path, dir: &Path) -> Result<(File, Option<u32>), String> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    use std::os::unix::io::AsRawFd;
    let cannot = |e: std::io::Error| msg::cannot_lock(dir.display(), e);
    for _ in 0..100 {
        let mut f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o666)
            .open(path)
            .map_err(cannot)?;
        // SAFETY: flock on a descriptor this function owns.
        if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::WouldBlock {
                let mut s = String::new();
                let _ = f.read_to_string(&mut s);
                return Err(match s.trim().parse::<u32>() {
                    Ok(pid) => msg::locked_by_pid(pid, dir.display()),
                    Err(_) => msg::locked(dir.display()),
                });
            }
            return Err(cannot(e));
        }
        // The file may have been removed by the run that held it, after we opened it.
        let same = match (f.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
            _ => false,
        };
        if !same {
            continue;
        }
        let mut s = String::new();
        let _ = f.read_to_string(&mut s);
        let previous = s.trim().parse::<u32>().ok();
        f.set_len(0).map_err(cannot)?;
        use std::io::Seek;
        f.seek(std::io::SeekFrom::Start(0)).map_err(cannot)?;
        f.write_all(format!("{}\n", std::process::id()).as_bytes())
            .map_err(cannot)?;
        return Ok((f, previous));
    }
    Err(msg::lock_keeps_changing(dir.display()))
}

#[cfg(not(unix))]
fn take_lock(path: &Path, dir: &Path) -> Result<(File, Option<u32>), String> {
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| msg::cannot_lock(dir.display(), e))?;
    Ok((f, None))
}

/// Streams the final manifest into a temporary file while items finish.
pub struct ManifestWriter {
    file: BufWriter<TempFile>,
    first: bool,
    path: PathBuf,
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file().flush()
    }
}

impl ManifestWriter {
    /// Start the manifest in `dir`, marked as running until [`ManifestWriter::finish`].
    pub fn new(dir: &Path) -> std::io::Result<ManifestWriter> {
        let tmp = TempFile::new_in(dir, BATCH_TEMP_PREFIX)?;
        let mut file = BufWriter::new(tmp);
        write!(
            file,
            "{{\n  \"generator\": \"{}\",\n  \"items\": [",
            generator()
        )?;
        Ok(ManifestWriter {
            file,
            first: true,
            path: dir.join(MANIFEST_FILE),
        })
    }

    /// Add one item's entry, in item order.
    pub fn item(&mut self, r: &ItemReport) -> std::io::Result<()> {
        if !self.first {
            self.file.write_all(b",")?;
        }
        self.first = false;
        self.file.write_all(b"\n    ")?;
        serde_json::to_writer(&mut self.file, r)?;
        Ok(())
    }

    /// Close the manifest with the batch's totals and final state.
    pub fn finish(
        mut self,
        end: &End,
        (total, succeeded, failed): (usize, usize, usize),
        not_rendered: usize,
        earlier: &[(String, String)],
    ) -> std::io::Result<()> {
        self.file.write_all(b"\n  ],\n  \"earlier\": [")?;
        for (i, (f, s)) in earlier.iter().enumerate() {
            if i > 0 {
                self.file.write_all(b",")?;
            }
            self.file.write_all(b"\n    ")?;
            serde_json::to_writer(&mut self.file, &serde_json::json!({"file": f, "sha256": s}))?;
        }
        let (complete, state, cause) = match end {
            End::Complete => (true, "complete", None),
            End::Interrupted => (false, "interrupted", None),
            End::Stopped { cause, .. } => (false, "stopped", Some(cause.as_str())),
        };
        write!(
            self.file,
            "\n  ],\n  \"total\": {total},\n  \"succeeded\": {succeeded},\n  \"failed\": {failed},\n  \"not_rendered\": {not_rendered},\n  \"complete\": {complete},\n  \"state\": \"{state}\""
        )?;
        if let Some(c) = cause {
            self.file.write_all(b",\n  \"stopped_because\": ")?;
            serde_json::to_writer(&mut self.file, c)?;
        }
        self.file.write_all(b"\n}\n")?;
        let tmp = self.file.into_inner().map_err(|e| e.into_error())?;
        tmp.persist(&self.path)
    }
}

/// The signal mask of the calling thread, to restore.
#[cfg(unix)]
pub struct SignalMask(Option<libc::sigset_t>);
#[cfg(not(unix))]
pub struct SignalMask;

/// Block SIGINT, SIGTERM and SIGHUP in the calling thread (threads spawned now
/// inherit it), so that the process's stop signals reach the thread that reads the
/// batch file.
#[cfg(unix)]
pub fn block_stop_signals() -> SignalMask {
    // SAFETY: sigset_t is plain data; the calls only read and write the sets given.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::sigaddset(&mut set, libc::SIGHUP);
        let mut old: libc::sigset_t = std::mem::zeroed();
        if libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old) == 0 {
            SignalMask(Some(old))
        } else {
            SignalMask(None)
        }
    }
}

/// Give back the signal mask saved before the batch blocked its signals.
#[cfg(unix)]
pub fn restore_signals(mask: SignalMask) {
    if let Some(old) = mask.0 {
        // SAFETY: restores a mask obtained from pthread_sigmask.
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
        }
    }
}

#[cfg(not(unix))]
pub fn block_stop_signals() -> SignalMask {
    SignalMask
}

#[cfg(not(unix))]
pub fn restore_signals(_: SignalMask) {}
