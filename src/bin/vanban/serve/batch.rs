//! `POST /v1/batch`: a batch file in, a zip out, streamed as items finish.
//!
//! The batch is rendered by [`vanban::batch::run`], the code of `vanban batch`, into a
//! folder of its own under the server's work folder. As each item is written, its
//! files are copied into the zip stream and removed, so the folder and the memory hold
//! about one item at a time whatever the batch's size; `manifest.json` (the batch's
//! own, listing every item and its errors) ends the archive. A batch takes one render
//! slot and renders on one worker.

use super::check::file_refused;
use super::handlers::{self, BatchRef, Body, ChannelBody, DeferredLog};
use super::problem::{BodyErrors, FieldError, JsonBodyOnly, Problem, ProblemDoc};
use super::State;
use http_body_util::BodyExt as _;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Request, Response, StatusCode};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use vanban::batch::{BatchOptions, Progress};
use vanban::messages::serve as msg;
use vanban::render::Format;
use zip::write::SimpleFileOptions;

/// Bytes gathered before a chunk goes to the client.
const CHUNK: usize = 64 * 1024;

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn entry_options() -> SimpleFileOptions {
    // PDFs and DOCX files are compressed already; a fixed date keeps a zip of the
    // same files the same bytes.
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
}

/// A zip of `files` in memory (the `?format=zip` answer of `/v1/render`).
pub fn zip_of<'a>(
    files: impl Iterator<Item = (String, &'a [u8])>,
) -> zip::result::ZipResult<Vec<u8>> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        z.start_file(name, entry_options())?;
        z.write_all(bytes)?;
    }
    Ok(z.finish()?.into_inner())
}

/// Cancel flags for [`BatchOptions::cancel`], which wants a `'static` one: reused
/// from a free list, so there are only ever as many as batches at once.
fn take_flag() -> &'static AtomicBool {
    free_flags()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .pop()
        .unwrap_or_else(|| Box::leak(Box::new(AtomicBool::new(false))))
}

fn give_flag(f: &'static AtomicBool) {
    f.store(false, Ordering::SeqCst);
    free_flags()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(f);
}

fn free_flags() -> &'static Mutex<Vec<&'static AtomicBool>> {
    static FREE: Mutex<Vec<&'static AtomicBool>> = Mutex::new(Vec::new());
    &FREE
}

/// Says whether the batch started (its first bytes) or failed before anything.
type First = Arc<Mutex<Option<oneshot::Sender<Result<(), Problem>>>>>;

/// The zip stream's sink: gathers bytes into chunks and hands them to the answer's
/// body, waiting at most `stall` for a client that does not read.
struct ChunkWriter {
    buf: Vec<u8>,
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    first: First,
    sent: u64,
    stall: Duration,
}

impl ChunkWriter {
    fn push(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        if let Some(first) = self.first.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = first.send(Ok(()));
        }
        self.sent += self.buf.len() as u64;
        let mut chunk = Ok(Bytes::from(std::mem::take(&mut self.buf)));
        // Polling with a bounded wait: the answer's body may not be read at all (a
        // client that stopped reading), and a batch must not hold its slot for ever.
        let give_up = std::time::Instant::now() + self.stall;
        let mut pause = Duration::from_micros(200);
        loop {
            match self.tx.try_send(chunk) {
                Ok(()) => break,
                Err(mpsc::error::TrySendError::Closed(_)) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::BrokenPipe,
                        "the client went away",
                    ))
                }
                Err(mpsc::error::TrySendError::Full(back)) => {
                    if std::time::Instant::now() >= give_up {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::TimedOut,
                            "the client stopped reading",
                        ));
                    }
                    chunk = back;
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
            }
        }
        Ok(())
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.push()?;
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.push()
    }
}

type Zip = zip::ZipWriter<zip::write::StreamWriter<ChunkWriter>>;

/// Copy one written file into the zip and remove it from the folder.
fn add_file(zip: &mut Zip, dir: &Path, name: &str) -> std::io::Result<()> {
    let path = dir.join(name);
    let bytes = std::fs::read(&path)?;
    zip.start_file(name, entry_options())
        .map_err(std::io::Error::other)?;
    zip.write_all(&bytes)?;
    let _ = std::fs::remove_file(&path);
    Ok(())
}

/// The batch's manifest as the client sees it: an item refused for naming an image
/// file says why, and no message names the server's folders.
fn client_manifest(text: &str, dir: &Path) -> Vec<u8> {
    let here = dir.display().to_string();
    // Left as the batch wrote it (its key order) unless an item named a file.
    if !text.contains("file\",") && !text.contains("file\"}") {
        return text.replace(&here, &msg::work_folder()).into_bytes();
    }
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(text) else {
        return text.replace(&here, &msg::work_folder()).into_bytes();
    };
    if let Some(items) = v.get_mut("items").and_then(|i| i.as_array_mut()) {
        for item in items {
            let is_file = item
                .get("path")
                .and_then(|p| p.as_str())
                .is_some_and(|p| p == "file" || p.ends_with(".file"));
            if is_file {
                item["error"] = file_refused().into();
            }
        }
    }
    let mut out = serde_json::to_string_pretty(&v)
        .unwrap_or_default()
        .replace(&here, &msg::work_folder());
    out.push('\n');
    out.into_bytes()
}

struct Job {
    body: Bytes,
    dir: tempfile::TempDir,
    format: Format,
    state: Arc<State>,
    renderer: Arc<vanban::render::Renderer>,
    writer: ChunkWriter,
    log: oneshot::Receiver<super::RequestLog>,
    cancel: &'static AtomicBool,
}

fn run(job: Job) {
    let Job {
        body,
        dir,
        format,
        state,
        renderer,
        writer,
        log,
        cancel,
    } = job;
    let first = writer.first.clone();
    let out = dir.path().join("out");
    let zip = Mutex::new(Some(zip::ZipWriter::new_stream(writer)));
    let with_zip = |f: &mut dyn FnMut(&mut Zip) -> std::io::Result<()>| {
        let mut z = zip.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(w) = z.as_mut() {
            if f(w).is_err() {
                // The client is gone or stopped reading: stop the batch.
                *z = None;
                cancel.store(true, Ordering::SeqCst);
            }
        }
    };
    let report = |p: Progress| {
        let Progress::Item(r) = p;
        for f in &r.files {
            if f.file.ends_with(".pdf") {
                state.metrics.render("pdf");
            } else if f.file.ends_with(".docx") {
                state.metrics.render("docx");
            }
            with_zip(&mut |z| add_file(z, &out, &f.file));
        }
    };
    let opts = BatchOptions {
        base_dir: state.empty_assets.clone(),
        out_dir: out.clone(),
        jobs: 1,
        format,
        name_pattern: vanban::batch::DEFAULT_NAME_PATTERN.into(),
        overwrite: false,
        cancel,
    };
    let result = vanban::batch::run(std::io::Cursor::new(&body[..]), &opts, &renderer, &report);
    drop(body);
    let z = zip.lock().unwrap_or_else(|p| p.into_inner()).take();
    match result {
        Err(e) => {
            if let Some(first) = first.lock().unwrap_or_else(|p| p.into_inner()).take() {
                let _ = first.send(Err(if e.bad_input {
                    Problem::invalid(vec![FieldError::new(
                        None,
                        None,
                        e.message,
                        vanban::input::messages::ErrorCode::NotANotice,
                    )])
                } else {
                    Problem::internal(msg::batch_failed(
                        e.message
                            .replace(&dir.path().display().to_string(), &msg::work_folder()),
                    ))
                }));
            }
        }
        Ok(_summary) => {
            if let Some(mut w) = z {
                let manifest =
                    std::fs::read_to_string(out.join("manifest.json")).unwrap_or_default();
                let done = w
                    .start_file("manifest.json", entry_options())
                    .map_err(std::io::Error::other)
                    .and_then(|()| w.write_all(&client_manifest(&manifest, dir.path())))
                    .and_then(|()| w.finish().map_err(std::io::Error::other))
                    .and_then(|mut inner| {
                        inner.flush()?;
                        Ok(inner.into_inner())
                    });
                if let Ok(cw) = done {
                    let sent = cw.sent;
                    drop(cw);
                    if let Ok(line) = log.blocking_recv() {
                        line.write(&state, Some(sent));
                    }
                }
            }
        }
    }
    give_flag(cancel);
}

#[utoipa::path(post, path = "/v1/batch", tag = "notices",
    description = "Render a batch file (the input of `vanban batch`: `{\"base\": {…}, \"items\": [patch, …]}` or an array of notices) into a zip: every notice's files, named as `vanban batch` names them, and `manifest.json` (every item, with its files and SHA-256, or its error). The zip is streamed as items finish; a bad item is listed in the manifest and does not fail the others. One batch renders on one worker.",
    params(
        ("format" = Option<String>, Query, description = "pdf (default), docx or all", pattern = "^(pdf|docx|all)$"),
        ("pdfa" = Option<bool>, Query, description = "PDF/A-2b"),
        ("meta" = Option<bool>, Query, description = "also each notice's .meta.json (edXML envelope fields)"),
        ("draft" = Option<bool>, Query, description = "drafts for electronic issuance, as `vanban batch --draft`: number and date may be left out, and are blanks with form fields for `/v1/issue`"),
    ),
    request_body(content = BatchRef, content_type = "application/json", description = "A batch"),
    responses(
        (status = 200, description = "The zip", content_type = "application/zip", body = Vec<u8>),
        (status = 400, description = "A bad query parameter", body = ProblemDoc, content_type = "application/problem+json"),
        BodyErrors,
        JsonBodyOnly,
        (status = 422, description = "Not a batch file", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 504, description = "Not started within the server's deadline", body = ProblemDoc, content_type = "application/problem+json"),
    ))]
pub async fn batch(state: Arc<State>, req: Request<Incoming>) -> Result<Response<Body>, Problem> {
    let deadline = tokio::time::Instant::now() + state.timeout;
    let mut format = Format::Pdf;
    let (mut pdfa, mut meta, mut draft) = (false, false, false);
    for (k, v) in handlers::query(req.uri().query(), &["format", "pdfa", "meta", "draft"])? {
        match k {
            "format" => {
                format = match v {
                    "pdf" => Format::Pdf,
                    "docx" => Format::Docx,
                    "all" => Format::All,
                    _ => {
                        return Err(Problem::bad_request(msg::bad_choice(
                            "format",
                            super::problem::choices(&["pdf", "docx", "all"]),
                            v.chars().take(40).collect::<String>(),
                        )))
                    }
                }
            }
            "pdfa" => pdfa = handlers::flag("pdfa", v)?,
            "draft" => draft = handlers::flag("draft", v)?,
            _ => meta = handlers::flag("meta", v)?,
        }
    }
    handlers::json_body(req.headers())?;
    let body = handlers::read_body(&state, req, state.max_body, deadline).await?;
    let permit = state.admit(deadline).await?;
    let dir = tempfile::Builder::new()
        .prefix("batch-")
        .tempdir_in(state.work.path())
        .map_err(|e| Problem::internal(msg::cannot_make_folder(e)))?;
    let (tx, rx) = mpsc::channel(4);
    let (first_tx, first_rx) = oneshot::channel();
    let (log_tx, log_rx) = oneshot::channel();
    let cancel = take_flag();
    let job = Job {
        body,
        dir,
        format,
        state: state.clone(),
        renderer: state.renderer(draft, pdfa, meta),
        writer: ChunkWriter {
            buf: Vec::with_capacity(CHUNK),
            tx,
            first: Arc::new(Mutex::new(Some(first_tx))),
            sent: 0,
            stall: state.timeout,
        },
        log: log_rx,
        cancel,
    };
    let lang = vanban::messages::lang();
    tokio::task::spawn_blocking(move || {
        let _slot = permit;
        vanban::messages::with_lang(lang, || run(job))
    });
    match tokio::time::timeout_at(deadline, first_rx).await {
        // Dropping the stream's receiver stops the batch at its next chunk.
        Err(_) => Err(Problem::timeout(state.timeout.as_secs())),
        Ok(Err(_)) => Err(Problem::internal(msg::internal_batch())),
        Ok(Ok(Err(p))) => Err(p),
        Ok(Ok(Ok(()))) => {
            let mut r = Response::new(ChannelBody(rx).boxed());
            *r.status_mut() = StatusCode::OK;
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(handlers::ZIP),
            );
            h.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"batch.zip\""),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private"));
            r.extensions_mut()
                .insert(DeferredLog(Arc::new(Mutex::new(Some(log_tx)))));
            Ok(r)
        }
    }
}
