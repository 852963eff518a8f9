//! `vanban serve`: the renderer as an HTTP service.
//!
//! hyper's HTTP/1.1 server on a small tokio runtime takes the connections; every
//! render runs on tokio's blocking pool behind a semaphore of `--jobs` slots, so
//! that the runtime's threads only move bytes and a slow render never stalls
//! another client. Requests beyond the slots wait in a queue of `--queue`; past it
//! they get 503 at once. Every request has a deadline (`--timeout`): waiting, the
//! headers, the body and the render together.
//!
//! The service is stateless: the templates are the server's (`--templates`), a
//! request cannot name a file (images come as base64), and nothing outlives a
//! request but the counters of `/metrics`. Logs carry no notice content.

mod api;
mod batch;
mod check;
mod handlers;
mod issuance;
mod issue_batch;
mod metrics;
mod problem;

use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use vanban::messages::serve as msg;
use vanban::render::Renderer;

pub use handlers::Body;

/// Options of `vanban serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free port, said in the first log line).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Renders at once, 1 to 256 (default: all cores).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=vanban::batch::MAX_JOBS as i64))]
    jobs: Option<u16>,
    /// Requests that may wait for a render slot; beyond them a request gets 503 at once.
    #[arg(long, default_value_t = 64)]
    queue: usize,
    /// Largest request body (e.g. 16M, 512K, 1048576); one notice is further limited to
    /// 1 MiB, as in `vanban render`.
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
    max_body: u64,
    /// Seconds a request may take, from its first byte to its answer (a batch: to its
    /// first byte); also the limit for reading the headers and the body.
    #[arg(long, value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    timeout: u64,
    /// Folder of `.hbs` templates overriding the built-in ones by name.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Load a formatting profile from a TOML file, or every `.toml` file of a folder
    /// (repeatable); requests may then name its `id` in "profile". Requests cannot
    /// bring profiles of their own.
    #[arg(long = "profile", value_name = "FILE")]
    profiles: Vec<PathBuf>,
    /// The agency's key and certificate (PKCS#12) for `POST /v1/issue`; it stays on
    /// the server, never in a request. Without it, issuance is deferred
    /// (`/v1/issue/prepare`, then `/v1/issue/finish`).
    #[arg(long, value_name = "FILE", requires = "agency_password_env")]
    agency_p12: Option<PathBuf>,
    /// Environment variable holding the password of `--agency-p12`.
    #[arg(long, value_name = "VAR", requires = "agency_p12")]
    agency_password_env: Option<String>,
    /// An RFC 3161 time-stamping service (http:// or https://): every signature the
    /// server makes or finishes is then PAdES B-T, as with `vanban issue --tsa`. A
    /// server's flag, never a request's field: a request could otherwise make the
    /// server call any address.
    #[arg(long, value_name = "URL")]
    tsa: Option<String>,
    /// A CA certificate (PEM) to trust for an https:// --tsa besides the system's
    /// roots (a private time-stamping service).
    #[arg(long, value_name = "FILE", requires = "tsa")]
    tsa_ca: Option<PathBuf>,
}

/// `16M`, `512K`, `1G`, `1048576` (binary multiples).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, mult) = match t.trim_end_matches(['B', 'b', 'i']).char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let m = match c.to_ascii_uppercase() {
                'K' => 1u64 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                _ => return Err(msg::size_unit(s)),
            };
            (&t[..i], m)
        }
        _ => (t.trim_end_matches(['B', 'b']), 1),
    };
    let n: u64 = digits.trim().parse().map_err(|_| msg::not_a_size(s))?;
    n.checked_mul(mult)
        .filter(|&v| v > 0)
        .ok_or_else(|| msg::unusable_size(s))
}

/// Connections served at once; more wait in the kernel's backlog.
const MAX_CONNECTIONS: usize = 4096;

/// Everything the handlers share.
pub struct State {
    /// Renderers by `[draft][pdfa][sidecar]`: compiled once, shared by every request.
    renderers: Vec<Arc<Renderer>>,
    /// The agency's key for `/v1/issue` (`--agency-p12`), read and checked at start.
    agency: Option<Arc<vanban::issue::keys::Credentials>>,
    /// The time-stamping service of `--tsa` (with `--tsa-ca`), made once at start.
    tsa: Option<vanban::issue::tsa::Tsa>,
    slots: Arc<Semaphore>,
    queue: usize,
    max_body: u64,
    timeout: Duration,
    draining: AtomicBool,
    metrics: metrics::Metrics,
    /// An empty folder given as the assets folder: no request can read a file.
    empty_assets: PathBuf,
    /// Where batches are rendered before they are streamed out (one folder each).
    work: tempfile::TempDir,
    next_id: AtomicU64,
    id_seed: u64,
}

impl State {
    /// Compile the renderers and make the work folder.
    fn new(args: &ServeArgs, jobs: usize) -> Result<State, String> {
        let mut profiles = vanban::profile::ProfileSet::builtin();
        for f in &args.profiles {
            profiles.load(f)?;
        }
        // One font cache for the four renderers: they differ only in their options, and
        // a font built for one notice serves the others.
        let fonts = Arc::new(vanban::pdf::FontCache::new());
        let mut renderers = Vec::new();
        for draft in [false, true] {
            for pdfa in [false, true] {
                for sidecar in [false, true] {
                    let r = match &args.templates {
                        Some(dir) => Renderer::with_templates(dir)
                            .map_err(|e| format!("{}: {e}", dir.display()))?,
                        None => Renderer::new(),
                    };
                    let r = r
                        .with_profiles(profiles.clone())
                        .map_err(|e| e.to_string())?;
                    // A draft, as `vanban render --draft`: blanks with form fields and
                    // the signer's field reserved.
                    renderers.push(Arc::new(
                        r.with_pdf_options(vanban::pdf::PdfOptions {
                            pdfa,
                            signature_field: draft,
                            draft,
                        })
                        .with_sidecar(sidecar)
                        .with_font_cache(fonts.clone()),
                    ));
                }
            }
        }
        let agency = match (&args.agency_p12, &args.agency_password_env) {
            (Some(file), Some(var)) => Some(Arc::new(issuance::agency_key(file, var)?)),
            (Some(_), None) => return Err(msg::password_env_needed()),
            _ => None,
        };
        let tsa = match &args.tsa {
            Some(url) => Some(issuance::tsa_service(url, args.tsa_ca.as_deref())?),
            None => None,
        };
        let cannot = msg::cannot_create_work_folder;
        let work = tempfile::Builder::new()
            .prefix("vanban-serve-")
            .tempdir()
            .map_err(cannot)?;
        let empty_assets = work.path().join("no-files");
        std::fs::create_dir(&empty_assets).map_err(cannot)?;
        Ok(State {
            renderers,
            agency,
            tsa,
            slots: Arc::new(Semaphore::new(jobs)),
            queue: args.queue,
            max_body: args.max_body,
            timeout: Duration::from_secs(args.timeout),
            draining: AtomicBool::new(false),
            metrics: metrics::Metrics::default(),
            empty_assets,
            work,
            next_id: AtomicU64::new(1),
            id_seed: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
                ^ u64::from(std::process::id()) << 32,
        })
    }

    fn renderer(&self, draft: bool, pdfa: bool, sidecar: bool) -> Arc<Renderer> {
        let i = usize::from(draft) << 2 | usize::from(pdfa) << 1 | usize::from(sidecar);
        self.renderers[i].clone()
    }

    /// Wait for a render slot: at once if one is free, in the queue if it has room,
    /// else 503. Past `deadline`, 504.
    async fn admit(
        &self,
        deadline: tokio::time::Instant,
    ) -> Result<tokio::sync::OwnedSemaphorePermit, problem::Problem> {
        if self.draining.load(Ordering::SeqCst) {
            return Err(problem::Problem::draining());
        }
        if let Ok(p) = self.slots.clone().try_acquire_owned() {
            return Ok(p);
        }
        let waiting = self.metrics.queued.fetch_add(1, Ordering::SeqCst);
        if waiting as usize >= self.queue {
            self.metrics.queued.fetch_sub(1, Ordering::SeqCst);
            return Err(problem::Problem::queue_full(1));
        }
        let got = tokio::time::timeout_at(deadline, self.slots.clone().acquire_owned()).await;
        self.metrics.queued.fetch_sub(1, Ordering::SeqCst);
        match got {
            Ok(Ok(p)) => Ok(p),
            Ok(Err(_)) => Err(problem::Problem::draining()),
            Err(_) => Err(problem::Problem::timeout(self.timeout.as_secs())),
        }
    }

    fn request_id(&self, given: Option<&hyper::header::HeaderValue>) -> String {
        if let Some(v) = given.and_then(|v| v.to_str().ok()) {
            if !v.is_empty()
                && v.len() <= 128
                && v.bytes().all(|b| b.is_ascii_graphic() && b != b'"')
            {
                return v.to_string();
            }
        }
        let n = self.next_id.fetch_add(1, Ordering::Relaxed);
        format!("{:016x}{:08x}", self.id_seed, n)
    }
}

/// One line of the log: JSON, to stderr, never failing (a closed stderr loses it).
pub fn log_line(v: serde_json::Value) {
    let mut line = v.to_string();
    line.push('\n');
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

fn now_unix() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| (d.as_millis() as f64) / 1000.0)
}

/// Run the service until SIGTERM or SIGINT; the exit code.
pub fn run(args: ServeArgs) -> u8 {
    let fail = |what: String| {
        log_line(
            serde_json::json!({"ts": now_unix(), "level": "error", "event": "start", "message": what}),
        );
        2u8
    };
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let state = match State::new(&args, jobs) {
        Ok(s) => Arc::new(s),
        Err(e) => return fail(e),
    };
    // A panic is answered as a 500 by the request's task; its report is a log line
    // (where and what, which never holds the notice: the library's panics name code).
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        log_line(serde_json::json!({
            "ts": now_unix(), "level": "error", "event": "panic",
            "location": info.location().map(|l| format!("{}:{}", l.file(), l.line())),
            "message": what,
        }));
    }));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(std::thread::available_parallelism().map_or(2, |n| n.get().min(4)))
        .max_blocking_threads(jobs + 8)
        .thread_name("vanban-serve")
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(msg::cannot_start(e)),
    };
    let work = state.work.path().to_path_buf();
    let code = runtime.block_on(serve(args.listen, state, jobs));
    // What still runs is no request's any more (a render past its deadline, the rest
    // of a batch cut by a second signal): leave it, and its files.
    runtime.shutdown_background();
    let _ = std::fs::remove_dir_all(work);
    code
}

async fn serve(addr: SocketAddr, state: Arc<State>, jobs: usize) -> u8 {
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            log_line(
                serde_json::json!({"ts": now_unix(), "level": "error", "event": "start",
                "message": msg::cannot_listen(addr, e)}),
            );
            return 1;
        }
    };
    let local = listener.local_addr().map_or(addr, |a| a);
    log_line(serde_json::json!({
        "ts": now_unix(), "level": "info", "event": "listening", "addr": local.to_string(),
        "jobs": jobs, "queue": state.queue, "max_body": state.max_body,
        "timeout_s": state.timeout.as_secs(), "tsa": state.tsa.is_some(),
    }));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut stop = match StopSignals::new() {
        Ok(s) => s,
        Err(e) => {
            log_line(
                serde_json::json!({"ts": now_unix(), "level": "error", "event": "start",
                "message": msg::cannot_watch_signals(e)}),
            );
            return 1;
        }
    };
    let signal = loop {
        let permit = tokio::select! {
            sig = stop.recv() => break sig,
            p = connections.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break "closed" },
        };
        let (stream, _peer) = tokio::select! {
            sig = stop.recv() => break sig,
            a = listener.accept() => match a {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait, never spin or stop.
                    log_line(serde_json::json!({"ts": now_unix(), "level": "warn", "event": "accept", "message": e.to_string()}));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let st = state.clone();
        let svc = hyper::service::service_fn(move |req| {
            let st = st.clone();
            async move { Ok::<_, std::convert::Infallible>(handle(st, req).await) }
        });
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(state.timeout.min(Duration::from_secs(10)))
            .max_buf_size(64 * 1024)
            .serve_connection(TokioIo::new(stream), svc);
        let watched = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = watched.await;
            drop(permit);
        });
    };
    state.draining.store(true, Ordering::SeqCst);
    drop(listener);
    let grace = state.timeout + Duration::from_secs(5);
    log_line(
        serde_json::json!({"ts": now_unix(), "level": "info", "event": "draining",
        "signal": signal, "grace_s": grace.as_secs()}),
    );
    // A second signal ends the wait at once, as it does for a batch.
    let end = tokio::select! {
        _ = graceful.shutdown() => "drained",
        _ = tokio::time::sleep(grace) => "grace period over",
        _ = stop.recv() => "second signal",
    };
    log_line(
        serde_json::json!({"ts": now_unix(), "level": "info", "event": "stopped",
        "because": end, "cut_connections": end != "drained"}),
    );
    0
}

/// SIGTERM (what systemd and Kubernetes send) or SIGINT (Ctrl-C).
struct StopSignals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn new() -> std::io::Result<StopSignals> {
        Ok(StopSignals {
            #[cfg(unix)]
            term: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?,
        })
    }

    async fn recv(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.term.recv() => "SIGTERM",
                _ = tokio::signal::ctrl_c() => "SIGINT",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "SIGINT"
        }
    }
}

/// Answer one request: route it on its own task (a panic there becomes a 500), then
/// count it and log it.
async fn handle(state: Arc<State>, req: Request<Incoming>) -> Response<Body> {
    // Every message of the answer in the language the client prefers: set on each
    // poll of the request's futures (they may move between the runtime's threads),
    // and by the handlers on the blocking threads they hand work to.
    let lang = req
        .headers()
        .get(hyper::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or_else(vanban::messages::Lang::default, |v| {
            vanban::messages::Lang::from_accept_language(v)
        });
    let mut resp = InLang(lang, Box::pin(answer(state, req))).await;
    let h = resp.headers_mut();
    h.insert(
        hyper::header::VARY,
        hyper::header::HeaderValue::from_static("Accept-Language"),
    );
    // Words are in the JSON answers and problem documents; a PDF, a DOCX or a
    // packet is in the notice's language, whatever the header.
    let worded = h
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.contains("json"));
    if worded {
        h.insert(
            hyper::header::CONTENT_LANGUAGE,
            hyper::header::HeaderValue::from_static(lang.tag()),
        );
    }
    resp
}

/// A future polled with its thread speaking a language.
struct InLang<F>(vanban::messages::Lang, std::pin::Pin<Box<F>>);

impl<F: std::future::Future> std::future::Future for InLang<F> {
    type Output = F::Output;
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<F::Output> {
        let lang = self.0;
        vanban::messages::with_lang(lang, || self.1.as_mut().poll(cx))
    }
}

async fn answer(state: Arc<State>, req: Request<Incoming>) -> Response<Body> {
    let lang = vanban::messages::lang();
    let start = Instant::now();
    let id = state.request_id(req.headers().get("x-request-id"));
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let endpoint = metrics::endpoint_label(&path);
    let bytes_in = req
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    state.metrics.in_flight.fetch_add(1, Ordering::SeqCst);
    let st = state.clone();
    let rid = id.clone();
    let routed = tokio::spawn(InLang(lang, Box::pin(handlers::route(st, req, rid)))).await;
    let mut resp = routed.unwrap_or_else(|e| {
        let p = problem::Problem::internal(if e.is_panic() {
            msg::internal_request()
        } else {
            msg::cancelled()
        });
        handlers::problem_response(&state, p, &id)
    });
    state.metrics.in_flight.fetch_sub(1, Ordering::SeqCst);
    if let Ok(v) = hyper::header::HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    let status = resp.status().as_u16();
    let deferred = resp.extensions_mut().remove::<handlers::DeferredLog>();
    let line = RequestLog {
        id,
        method,
        path,
        endpoint,
        status,
        bytes_in,
        start,
    };
    match deferred {
        // A streamed batch logs when its last byte is sent.
        Some(slot) => slot.send(line),
        None => {
            let bytes = http_body::Body::size_hint(resp.body()).exact();
            line.write(&state, bytes);
        }
    }
    resp
}

/// What the log line of a request says: never its body.
pub struct RequestLog {
    id: String,
    method: String,
    path: String,
    endpoint: &'static str,
    status: u16,
    bytes_in: Option<u64>,
    start: Instant,
}

impl RequestLog {
    pub fn write(self, state: &State, bytes_out: Option<u64>) {
        let took = self.start.elapsed();
        state.metrics.request(self.endpoint, self.status, took);
        log_line(serde_json::json!({
            "ts": now_unix(), "level": "info", "event": "request",
            "request_id": self.id, "method": self.method, "path": self.path,
            "status": self.status, "bytes_in": self.bytes_in, "bytes_out": bytes_out,
            "duration_ms": (took.as_secs_f64() * 1e6).round() / 1e3,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        args: ServeArgs,
    }

    fn state(flags: &[&str]) -> State {
        let cli = <Cli as clap::Parser>::parse_from(
            std::iter::once("serve").chain(flags.iter().copied()),
        );
        State::new(&cli.args, 1).unwrap()
    }

    /// Draining (after SIGTERM): readiness is false and new work is refused with a
    /// 503, while what was admitted goes on.
    #[tokio::test]
    async fn draining_turns_readiness_false_and_refuses_new_work() {
        let st = state(&["--queue", "0"]);
        assert_eq!(handlers::readyz(&st).status(), 200);
        let held = st
            .admit(tokio::time::Instant::now() + Duration::from_secs(1))
            .await
            .unwrap();
        // The one slot is taken and the queue is 0: 503 at once.
        let full = st
            .admit(tokio::time::Instant::now() + Duration::from_secs(1))
            .await
            .unwrap_err();
        assert_eq!(
            (full.status, full.kind.as_str()),
            (503, "urn:vanban:problem:queue-full")
        );
        st.draining.store(true, Ordering::SeqCst);
        assert_eq!(handlers::readyz(&st).status(), 503);
        drop(held);
        let refused = st
            .admit(tokio::time::Instant::now() + Duration::from_secs(1))
            .await
            .unwrap_err();
        assert_eq!(
            (refused.status, refused.kind.as_str()),
            (503, "urn:vanban:problem:draining")
        );
        assert_eq!(refused.retry_after, Some(1));
    }

    #[tokio::test]
    async fn a_queued_request_waits_for_a_slot_until_its_deadline() {
        let st = state(&["--queue", "1", "--timeout", "1"]);
        let held = st
            .admit(tokio::time::Instant::now() + Duration::from_secs(1))
            .await
            .unwrap();
        let late = st
            .admit(tokio::time::Instant::now() + Duration::from_millis(50))
            .await
            .unwrap_err();
        assert_eq!(late.status, 504);
        assert_eq!(st.metrics.queued.load(Ordering::SeqCst), 0);
        drop(held);
        assert!(st
            .admit(tokio::time::Instant::now() + Duration::from_millis(50))
            .await
            .is_ok());
    }

    #[test]
    fn request_ids_are_kept_when_sane_and_made_otherwise() {
        let st = state(&[]);
        let v = |s: &str| hyper::header::HeaderValue::from_str(s).unwrap();
        assert_eq!(st.request_id(Some(&v("abc-123"))), "abc-123");
        let made = st.request_id(Some(&v("has space")));
        assert_eq!(made.len(), 24);
        assert_ne!(st.request_id(None), made);
        assert_ne!(st.request_id(Some(&v(&"x".repeat(200)))), "x".repeat(200));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12Q").is_err());
        assert!(parse_size("lots").is_err());
    }
}
