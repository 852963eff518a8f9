//! `vanban serve`: the server is started on an ephemeral loopback port and spoken to
//! over plain TCP (a small HTTP/1.1 client below), every wait bounded in time.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod support;

use support::pki::{last_timestamp, pki, timestamped, TestTsa, PASSWORD};

const BIN: &str = env!("CARGO_BIN_EXE_vanban");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name),
    )
    .unwrap()
}

/// A running server; killed when dropped. Its stderr (the log) is collected.
struct Server {
    child: Option<Child>,
    addr: SocketAddr,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        Server::start_env(args, &[])
    }

    fn start_env(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(BIN);
        cmd.args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start vanban serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if !sent {
                    if let Ok(v) = serde_json::from_str::<Value>(&line) {
                        if v["event"] == "listening" {
                            let _ = tx.send(v["addr"].as_str().unwrap_or_default().to_string());
                            sent = true;
                        }
                    }
                }
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(a) => a.parse().expect("an address"),
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "the server did not say where it listens: {}",
                    log.lock().unwrap()
                );
            }
        };
        Server {
            child: Some(child),
            addr,
            log,
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        request(self.addr, method, path, headers, body)
    }

    fn post_json(&self, path: &str, body: &[u8]) -> Resp {
        self.request("POST", path, &[("Content-Type", "application/json")], body)
    }

    /// `post_json` asking for English messages (a test about their English words).
    fn post_json_en(&self, path: &str, body: &[u8]) -> Resp {
        self.request(
            "POST",
            path,
            &[
                ("Content-Type", "application/json"),
                ("Accept-Language", "en"),
            ],
            body,
        )
    }

    fn get(&self, path: &str) -> Resp {
        self.request("GET", path, &[], b"")
    }

    fn pid(&self) -> i32 {
        self.child.as_ref().unwrap().id() as i32
    }

    /// Wait for the process to end within `limit`; its exit code.
    fn wait(&mut self, limit: Duration) -> Option<i32> {
        let mut child = self.child.take().unwrap();
        let start = Instant::now();
        loop {
            if let Some(st) = child.try_wait().unwrap() {
                return st.code();
            }
            if start.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the server did not stop within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

#[derive(Debug)]
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
    s
}

fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut s = connect(addr);
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // The server may refuse before reading the body (413): a failed write is fine.
    let _ = s.write_all(body);
    read_response(&mut s)
}

fn read_response(s: &mut TcpStream) -> Resp {
    let mut r = BufReader::new(s);
    let mut line = String::new();
    r.read_line(&mut line).expect("status line");
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("no status in {line:?}"))
        .parse()
        .unwrap();
    let mut headers = Vec::new();
    loop {
        let mut l = String::new();
        r.read_line(&mut l).unwrap();
        let l = l.trim_end();
        if l.is_empty() {
            break;
        }
        let (k, v) = l.split_once(':').unwrap();
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let find = |n: &str| {
        headers
            .iter()
            .find(|(k, _): &&(String, String)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if status == 304 {
    } else if find("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        loop {
            let mut size = String::new();
            r.read_line(&mut size).unwrap();
            let n = usize::from_str_radix(size.trim(), 16).expect("chunk size");
            let mut chunk = vec![0; n + 2];
            r.read_exact(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    } else if let Some(n) = find("content-length") {
        body = vec![0; n.parse().unwrap()];
        r.read_exact(&mut body).unwrap();
    } else {
        r.read_to_end(&mut body).unwrap();
    }
    Resp {
        status,
        headers,
        body,
    }
}

/// Run the CLI with a time limit; its output folder.
fn cli(args: &[&str], dir: &Path) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            assert!(st.success(), "vanban {args:?}: {st}");
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "vanban {args:?} hangs"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Run the CLI with a time limit (its output is small: the pipes cannot fill).
fn cli_output(args: &[&str]) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("vanban {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().to_string(), b)
        })
        .collect()
}

fn with_seal_file(notice: &[u8], file: &str) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(notice).unwrap();
    v["seal"] = json!({"file": file, "width_mm": 36});
    serde_json::to_vec_pretty(&v).unwrap()
}

#[test]
fn render_gives_the_cli_bytes_with_name_pages_and_etag() {
    let srv = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/phuc-loi-2018.json");
    let input = input.to_str().unwrap();
    cli(
        &[
            "render",
            input,
            "--out-dir",
            "cli",
            "--format",
            "all",
            "--meta",
        ],
        dir.path(),
    );
    cli(
        &["render", input, "--out-dir", "pdfa", "--pdfa"],
        dir.path(),
    );
    let body = fixture("phuc-loi-2018.json");

    let pdf = srv.post_json("/v1/render", &body);
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert_eq!(
        pdf.header("content-disposition"),
        Some("attachment; filename=\"125-phuc-loi.pdf\"")
    );
    assert_eq!(pdf.header("x-page-count"), Some("2"));
    assert_eq!(
        pdf.body,
        std::fs::read(dir.path().join("cli/phuc-loi-2018.pdf")).unwrap()
    );
    let etag = pdf.header("etag").unwrap().to_string();
    assert!(etag.starts_with('"') && etag.len() == 34, "{etag}");

    // Same input, same ETag; a matching If-None-Match gives 304 without the body.
    let again = srv.request(
        "POST",
        "/v1/render",
        &[
            ("Content-Type", "application/json"),
            ("If-None-Match", &etag),
        ],
        &body,
    );
    assert_eq!(again.status, 304);
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    assert!(again.body.is_empty());

    // Accept chooses DOCX; ?format=docx does too.
    let docx = srv.request(
        "POST",
        "/v1/render",
        &[
            ("Content-Type", "application/json"),
            (
                "Accept",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
        ],
        &body,
    );
    assert_eq!(docx.status, 200);
    assert_eq!(
        docx.body,
        std::fs::read(dir.path().join("cli/phuc-loi-2018.docx")).unwrap()
    );
    assert_eq!(docx.header("x-page-count"), Some("2"));
    assert_eq!(
        docx.header("content-disposition"),
        Some("attachment; filename=\"125-phuc-loi.docx\"")
    );
    assert_ne!(docx.header("etag"), Some(etag.as_str()));
    let docx2 = srv.post_json("/v1/render?format=docx", &body);
    assert_eq!(docx2.body, docx.body);

    // The zip holds the PDF, the DOCX and the sidecar, each the CLI's bytes.
    let zip = srv.post_json("/v1/render?format=zip", &body);
    assert_eq!(zip.status, 200);
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    let files = unzip(&zip.body);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "125-phuc-loi.pdf",
            "125-phuc-loi.meta.json",
            "125-phuc-loi.docx"
        ]
    );
    for (name, bytes) in &files {
        let ext = name.strip_prefix("125-phuc-loi.").unwrap();
        let cli = std::fs::read(dir.path().join(format!("cli/phuc-loi-2018.{ext}"))).unwrap();
        assert_eq!(bytes, &cli, "{name}");
    }

    let pdfa = srv.post_json("/v1/render?pdfa=true", &body);
    assert_eq!(pdfa.status, 200);
    assert_eq!(
        pdfa.body,
        std::fs::read(dir.path().join("pdfa/phuc-loi-2018.pdf")).unwrap()
    );
    assert_ne!(pdfa.body, pdf.body);

    // nd30 too, with its own stable name.
    let nd30 = srv.post_json("/v1/render", &fixture("phuc-loi-2018-nd30.json"));
    assert_eq!(nd30.status, 200);
    assert!(nd30.body.starts_with(b"%PDF-"));
    assert!(nd30
        .header("content-disposition")
        .unwrap()
        .contains(".pdf\""));
}

#[test]
fn images_in_base64_give_the_cli_bytes() {
    use base64::Engine as _;
    let b64 = |name: &str| {
        base64::engine::general_purpose::STANDARD.encode(fixture(&format!("images/{name}")))
    };
    let mut v: Value = serde_json::from_slice(&fixture("phuc-loi-2018-nd30-signed.json")).unwrap();
    let sig = v["signer"]["signature_image"].as_object_mut().unwrap();
    sig.remove("file");
    sig.insert("data_base64".into(), json!(b64("signature.png")));
    let seal = v["seal"].as_object_mut().unwrap();
    seal.remove("file");
    seal.insert("data_base64".into(), json!(b64("seal.png")));
    let body = serde_json::to_vec_pretty(&v).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("signed.json"), &body).unwrap();
    cli(&["render", "signed.json", "--out-dir", "cli"], dir.path());
    let srv = Server::start(&[]);
    let r = srv.post_json("/v1/render", &body);
    assert_eq!(r.status, 200);
    let cli = std::fs::read(dir.path().join("cli/signed.pdf")).unwrap();
    assert_eq!(r.body, cli);
    // The pictures are in it: the signature and the seal (each with its soft mask).
    let images = r
        .body
        .windows(14)
        .filter(|w| w == b"/Subtype/Image")
        .count();
    assert!(images >= 2, "{images} images");
}

#[test]
fn templates_come_from_the_servers_flag_and_give_the_cli_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    std::fs::create_dir(&tpl).unwrap();
    let hd36 =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/hd36.hbs"))
            .unwrap();
    assert!(hd36.contains("Nơi nhận:"));
    std::fs::write(
        tpl.join("hd36.hbs"),
        hd36.replace("Nơi nhận:", "Nơi nhận (bản sao):"),
    )
    .unwrap();
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/phuc-loi-2018.json");
    cli(
        &[
            "render",
            input.to_str().unwrap(),
            "--out-dir",
            "cli",
            "--templates",
            tpl.to_str().unwrap(),
        ],
        dir.path(),
    );
    cli(
        &["render", input.to_str().unwrap(), "--out-dir", "builtin"],
        dir.path(),
    );
    let srv = Server::start(&["--templates", tpl.to_str().unwrap()]);
    let r = srv.post_json("/v1/render", &fixture("phuc-loi-2018.json"));
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body,
        std::fs::read(dir.path().join("cli/phuc-loi-2018.pdf")).unwrap()
    );
    assert_ne!(
        r.body,
        std::fs::read(dir.path().join("builtin/phuc-loi-2018.pdf")).unwrap()
    );

    // A folder that is not one stops the server at its start, with a message (exit 2).
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--templates"])
        .arg(dir.path().join("missing"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("the server started with a missing templates folder");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"event\":\"start\"") && err.contains("missing"),
        "{err}"
    );
}

#[test]
fn profiles_come_from_the_servers_flag_and_give_the_cli_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hd36 = std::fs::read_to_string(root.join("profiles/hd36.toml")).unwrap();
    assert!(hd36.contains("margin_left_mm = 30.0"));
    let profile = dir.path().join("hd36-wide.toml");
    std::fs::write(
        &profile,
        hd36.replacen("id = \"hd36\"", "id = \"hd36-wide\"", 1)
            .replace("margin_left_mm = 30.0", "margin_left_mm = 35.0"),
    )
    .unwrap();
    let mut notice: Value = serde_json::from_slice(&fixture("phuc-loi-2018.json")).unwrap();
    notice["profile"] = json!("hd36-wide");
    let body = serde_json::to_vec(&notice).unwrap();
    std::fs::write(dir.path().join("wide.json"), &body).unwrap();
    cli(
        &[
            "render",
            "wide.json",
            "--out-dir",
            "cli",
            "--profile",
            profile.to_str().unwrap(),
        ],
        dir.path(),
    );

    // Without the flag the server does not know the name: 422 at `profile`.
    let plain = Server::start(&[]);
    let r = plain.post_json_en("/v1/render", &body);
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    let text = String::from_utf8_lossy(&r.body).into_owned();
    assert!(
        text.contains("\"profile\"") && text.contains("not a known profile"),
        "{text}"
    );
    drop(plain);

    let srv = Server::start(&["--profile", profile.to_str().unwrap()]);
    let r = srv.post_json("/v1/render", &body);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(
        r.body,
        std::fs::read(dir.path().join("cli/wide.pdf")).unwrap(),
        "the bytes of `vanban render --profile`"
    );
    let v = srv.post_json("/v1/validate", &body);
    assert_eq!(v.status, 200, "{}", String::from_utf8_lossy(&v.body));
    // The built-in profiles are still there.
    let r = srv.post_json("/v1/render", &fixture("phuc-loi-2018.json"));
    assert_eq!(r.status, 200);

    // A bad profile file stops the server at its start, naming the file and key.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, hd36.replace("margin_left_mm", "margn_left_mm")).unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--profile"])
        .arg(&bad)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("the server started with a bad profile");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("margn_left_mm"),
        "{err}"
    );
}

#[test]
fn validate_lists_every_error_the_first_as_the_cli_says_it() {
    let srv = Server::start(&[]);
    let text = String::from_utf8(fixture("phuc-loi-2018.json")).unwrap();
    let bad = text
        .replacen("\"summary\"", "\"sumary\"", 1)
        .replacen("2018-01-22", "2018-02-30", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, &bad).unwrap();
    let (code, _, stderr) = cli_output(&[
        "--lang",
        "en",
        "--message-format",
        "json",
        "validate",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    let cli: Value = serde_json::from_str(stderr.lines().next().unwrap()).unwrap();

    let r = srv.post_json_en("/v1/validate", bad.as_bytes());
    assert_eq!(r.status, 422);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = r.json();
    assert_eq!(p["status"], 422);
    let errors = p["errors"].as_array().unwrap();
    for key in ["path", "line", "column", "message", "code"] {
        assert_eq!(errors[0][key], cli[key], "{key}");
    }
    assert_eq!(p["detail"], cli["message"]);
    let date = errors
        .iter()
        .find(|e| e["path"] == "date")
        .expect("the date error is listed too");
    assert!(
        date["message"].as_str().unwrap().contains("28 days"),
        "{date}"
    );
    let line = bad.lines().position(|l| l.contains("2018-02-30")).unwrap() + 1;
    assert_eq!(date["line"], line);

    let ok = srv.post_json("/v1/validate", text.as_bytes());
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json(), json!({"valid": true, "pages": 2}));

    // render answers the same 422.
    let r = srv.post_json_en("/v1/render", bad.as_bytes());
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["errors"], p["errors"]);
}

#[test]
fn error_statuses_are_problem_documents() {
    let srv = Server::start(&["--max-body", "64K"]);
    let body = fixture("phuc-loi-2018.json");
    let problem = |r: &Resp, status: u16| {
        assert_eq!(r.status, status, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
        let p = r.json();
        assert_eq!(p["status"], status);
        assert!(p["type"]
            .as_str()
            .unwrap()
            .starts_with("urn:vanban:problem:"));
        assert!(!p["detail"].as_str().unwrap().is_empty());
        assert_eq!(p["request_id"].as_str(), r.header("x-request-id"));
        p
    };
    // 400: not JSON, with the CLI's position.
    let p = problem(
        &srv.post_json_en("/v1/render", b"{\n  \"profile\": \"hd36\",\n  oops"),
        400,
    );
    assert_eq!(p["errors"][0]["line"], 3);
    assert!(p["detail"].as_str().unwrap().starts_with("malformed JSON"));
    // 400: not UTF-8.
    let p = problem(&srv.post_json("/v1/validate", b"{\"ward\": \"\xff\"}"), 400);
    assert!(p["detail"].as_str().unwrap().contains("0xFF"), "{p}");
    // 400: a mistyped query parameter, a bad format.
    problem(&srv.post_json("/v1/render?fromat=docx", &body), 400);
    problem(&srv.post_json("/v1/render?format=odt", &body), 400);
    // 406: an Accept no format matches.
    problem(
        &srv.request(
            "POST",
            "/v1/render",
            &[
                ("Content-Type", "application/json"),
                ("Accept", "text/html"),
            ],
            &body,
        ),
        406,
    );
    // 413: over the body limit, refused from Content-Length before reading.
    let big = vec![b' '; 100 * 1024];
    let p = problem(&srv.post_json_en("/v1/batch", &big), 413);
    assert!(
        p["detail"].as_str().unwrap().contains("the server's limit"),
        "{p}"
    );
    // The issuance endpoints have the same bound.
    let p = problem(&srv.post_json_en("/v1/sign/prepare", &big), 413);
    assert_eq!(p["code"], "body-too-large");
    // A packet must come as XML.
    let p = problem(&srv.post_json("/v1/edxml/check", b"<edXML/>"), 415);
    assert_eq!(p["code"], "unsupported-media-type");
    // 415: not JSON by its type, or no type.
    problem(
        &srv.request(
            "POST",
            "/v1/render",
            &[("Content-Type", "text/plain")],
            &body,
        ),
        415,
    );
    problem(&srv.request("POST", "/v1/validate", &[], &body), 415);
    // 404, 405.
    problem(&srv.get("/v2/render"), 404);
    let r = srv.get("/v1/render");
    problem(&r, 405);
    assert_eq!(r.header("allow"), Some("POST"));
    // 422: a top-level list is not a notice.
    problem(&srv.post_json("/v1/render", b"[]"), 422);

    // Every rejection is counted by reason.
    let m = String::from_utf8(srv.get("/metrics").body).unwrap();
    for reason in [
        "bad_input",
        "body_too_large",
        "unsupported_media_type",
        "not_acceptable",
    ] {
        assert!(
            m.contains(&format!("vanban_rejections_total{{reason=\"{reason}\"}}")),
            "{reason}: {m}"
        );
    }
}

#[test]
fn one_notice_is_limited_to_a_mebibyte_as_in_the_cli() {
    let srv = Server::start(&[]);
    let mut big = String::from_utf8(fixture("phuc-loi-2018.json")).unwrap();
    big.insert_str(1, &" ".repeat(1 << 20));
    let r = srv.post_json_en("/v1/render", big.as_bytes());
    assert_eq!(r.status, 413);
    assert!(r.json()["detail"]
        .as_str()
        .unwrap()
        .contains("1 MiB, the limit for one notice"));
}

#[test]
fn an_image_file_is_refused_and_never_read() {
    let srv = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    // A FIFO: opening it would block the render for ever; the refusal comes first.
    let fifo = dir.path().join("seal.png");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo(3) on a path of our own temporary folder.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for file in [fifo.to_str().unwrap(), "seal.png", "../../etc/passwd"] {
        let body = with_seal_file(&fixture("phuc-loi-2018.json"), file);
        for path in ["/v1/render", "/v1/validate"] {
            let r = srv.post_json_en(path, &body);
            assert_eq!(r.status, 422, "{file} {path}");
            let p = r.json();
            assert_eq!(p["errors"][0]["path"], "seal.file");
            assert!(
                p["detail"].as_str().unwrap().contains("reads no file"),
                "{p}"
            );
            assert!(p["errors"][0]["line"].as_u64().unwrap() > 1);
        }
    }
    // In a batch the item fails, named in the manifest; the others render.
    let batch = json!({
        "base": serde_json::from_slice::<Value>(&fixture("phuc-loi-2018.json")).unwrap(),
        "items": [{"number": 1, "ward": "Một"}, {"number": 2, "ward": "Hai", "seal": {"file": "/etc/hostname", "width_mm": 36}}]
    });
    let r = srv.post_json_en("/v1/batch", &serde_json::to_vec(&batch).unwrap());
    assert_eq!(r.status, 200);
    let files = unzip(&r.body);
    let manifest: Value =
        serde_json::from_slice(&files.iter().find(|f| f.0 == "manifest.json").unwrap().1).unwrap();
    assert_eq!(manifest["items"][1]["ok"], false);
    assert_eq!(manifest["items"][1]["path"], "seal.file");
    assert!(manifest["items"][1]["error"]
        .as_str()
        .unwrap()
        .contains("reads no file"));
    assert!(!String::from_utf8_lossy(&files.last().unwrap().1).contains("vanban-serve-"));
    assert_eq!(manifest["items"][0]["ok"], true);
}

#[test]
fn batch_streams_the_cli_files_and_its_manifest() {
    let srv = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/long-bien-2018-batch.json");
    cli(
        &[
            "batch",
            input.to_str().unwrap(),
            "--out-dir",
            "cli",
            "--format",
            "all",
            "-q",
        ],
        dir.path(),
    );
    let mut v: Value = serde_json::from_slice(&fixture("long-bien-2018-batch.json")).unwrap();
    // One bad item: reported in the manifest, the others still rendered.
    v["items"][3]["date"] = json!("2018-02-30");
    let r = srv.post_json("/v1/batch?format=all", &serde_json::to_vec(&v).unwrap());
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/zip"));
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    let files = unzip(&r.body);
    assert_eq!(files.last().unwrap().0, "manifest.json");
    let manifest: Value = serde_json::from_slice(&files.last().unwrap().1).unwrap();
    let items = manifest["items"].as_array().unwrap();
    assert_eq!(items.len(), 14);
    assert_eq!(items[3]["ok"], false);
    assert_eq!(items[3]["path"], "date");
    assert_eq!(manifest["failed"], 1);
    assert_eq!(manifest["complete"], true);
    assert_eq!(files.len(), 13 * 2 + 1);
    for (name, bytes) in &files[..files.len() - 1] {
        let cli = std::fs::read(dir.path().join("cli").join(name)).unwrap();
        assert_eq!(bytes, &cli, "{name}");
    }
    // A batch of drafts, as `vanban batch --draft`: no number nor date in any item,
    // the same bytes as the CLI's, each PDF with the form fields issuance fills.
    let mut drafts: Value = serde_json::from_slice(&fixture("long-bien-2018-batch.json")).unwrap();
    drafts["base"].as_object_mut().unwrap().remove("date");
    for item in drafts["items"].as_array_mut().unwrap() {
        let item = item.as_object_mut().unwrap();
        item.remove("number");
        item.remove("date");
    }
    std::fs::write(dir.path().join("drafts.json"), drafts.to_string()).unwrap();
    cli(
        &[
            "batch",
            "drafts.json",
            "--draft",
            "--out-dir",
            "cli-drafts",
            "-q",
        ],
        dir.path(),
    );
    let r = srv.post_json("/v1/batch?draft=true", drafts.to_string().as_bytes());
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let files = unzip(&r.body);
    let manifest: Value = serde_json::from_slice(&files.last().unwrap().1).unwrap();
    assert_eq!(manifest["failed"], 0, "{manifest}");
    assert_eq!(files.len(), 14 + 1);
    for (name, bytes) in &files[..files.len() - 1] {
        let cli = std::fs::read(dir.path().join("cli-drafts").join(name)).unwrap();
        assert_eq!(bytes, &cli, "{name}");
        let doc = lopdf::Document::load_mem(bytes).unwrap();
        let catalog = doc.catalog().unwrap();
        let form = catalog.get(b"AcroForm").expect("a draft has a form");
        let form = doc.dereference(form).unwrap().1.as_dict().unwrap();
        assert!(
            form.get(b"Fields").unwrap().as_array().unwrap().len() >= 2,
            "{name}: the number, the day and the signature's places"
        );
    }
    // The same batch without draft: every item lacks its number.
    let r = srv.post_json("/v1/batch", drafts.to_string().as_bytes());
    let files = unzip(&r.body);
    let manifest: Value = serde_json::from_slice(&files.last().unwrap().1).unwrap();
    assert_eq!(manifest["failed"], 14, "{manifest}");
    // Not a batch at all: 422 before any byte of zip.
    let r = srv.post_json("/v1/batch", b"{\"items\": 5}");
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    // The batch logged once, when its last byte went, with its size.
    let log = srv.log();
    let line = log
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|l| l["path"] == "/v1/batch" && l["status"] == 200)
        .expect("a log line for the batch");
    assert!(line["bytes_out"].as_u64().unwrap() as usize >= r.body.len());
}

#[test]
fn schema_openapi_probes_metrics_and_logs() {
    let srv = Server::start(&[]);
    let schema = srv.get("/v1/schema");
    assert_eq!(schema.status, 200);
    let (_, cli_schema, _) = cli_output(&["schema"]);
    assert_eq!(String::from_utf8(schema.body).unwrap(), cli_schema);

    let api = srv.get("/openapi.json").json();
    assert_eq!(api["openapi"], "3.1.0");
    for p in [
        "/v1/render",
        "/v1/validate",
        "/v1/batch",
        "/v1/schema",
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.json",
    ] {
        assert!(api["paths"][p].is_object(), "{p} is documented");
    }
    assert!(api["components"]["schemas"]["Notice"]["properties"]["summary"].is_object());
    assert!(api["paths"]["/v1/render"]["post"]["responses"]["503"].is_object());

    assert_eq!(srv.get("/healthz").json(), json!({"status": "ok"}));
    let ready = srv.get("/readyz");
    assert_eq!(ready.status, 200);
    assert_eq!(ready.json(), json!({"ready": true, "tsa": false}));

    let r = srv.request(
        "POST",
        "/v1/render",
        &[
            ("Content-Type", "application/json"),
            ("X-Request-Id", "abc-123"),
        ],
        &fixture("phuc-loi-2018.json"),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-request-id"), Some("abc-123"));
    let generated = srv.get("/healthz");
    assert!(generated.header("x-request-id").unwrap().len() >= 16);

    let m = String::from_utf8(srv.get("/metrics").body).unwrap();
    for needle in [
        "vanban_http_requests_total{endpoint=\"/v1/render\",status=\"200\"} 1",
        "vanban_http_request_duration_seconds_bucket{endpoint=\"/v1/render\",le=\"+Inf\"} 1",
        "vanban_renders_total{format=\"pdf\"} 1",
        "vanban_in_flight 1",
        "vanban_queue_depth 0",
        "# TYPE vanban_rejections_total counter",
    ] {
        assert!(m.contains(needle), "{needle}\n{m}");
    }

    // One JSON line per request, with its id; never the notice's content.
    let log = srv.log();
    let line = log
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|l| l["request_id"] == "abc-123")
        .expect("the render's log line");
    assert_eq!(line["method"], "POST");
    assert_eq!(line["path"], "/v1/render");
    assert_eq!(line["status"], 200);
    assert_eq!(line["bytes_out"], r.body.len());
    assert!(line["duration_ms"].as_f64().unwrap() > 0.0);
    for secret in [
        "Phúc Lợi",
        "Phuc Loi",
        "phuc-loi",
        "Đỗ Mạnh Hải",
        "Long Biên",
    ] {
        assert!(!log.contains(secret), "the log holds `{secret}`");
    }
}

#[test]
fn a_slow_client_is_dropped() {
    let srv = Server::start(&["--timeout", "2"]);
    // Headers one byte at a time, every 300 ms (27 s for all of them): the server
    // closes the connection at its 2 s limit, and the writes start failing.
    let mut s = connect(srv.addr);
    let head = b"POST /v1/render HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n";
    let start = Instant::now();
    let mut cut = None;
    for b in head.iter() {
        if s.write_all(&[*b]).is_err() {
            cut = Some(start.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    let cut = cut.expect("the slow client was never cut off");
    assert!(cut < Duration::from_secs(6), "cut after {cut:?}");

    // Headers at once, then the body a byte every 300 ms: 408 at the deadline.
    let mut s = connect(srv.addr);
    s.write_all(b"POST /v1/render HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n").unwrap();
    let start = Instant::now();
    let writer = s.try_clone().unwrap();
    std::thread::spawn(move || {
        let mut w = writer;
        for _ in 0..40 {
            if w.write_all(b" ").is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(300));
        }
    });
    let r = read_response(&mut s);
    assert_eq!(r.status, 408);
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
    // A connection that sends nothing (or idles after a request) is closed too.
    let mut s = connect(srv.addr);
    let start = Instant::now();
    let mut buf = [0u8; 16];
    assert_eq!(s.read(&mut buf).unwrap_or(0), 0);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    // The server still answers others.
    assert_eq!(srv.get("/healthz").status, 200);
}

#[test]
fn deep_json_and_huge_strings_are_refused_without_harm() {
    let srv = Server::start(&[]);
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let deep_obj = format!(
        "{{\"ward\": {}{}}}",
        "{\"a\":".repeat(100_000),
        "}".repeat(100_000)
    );
    for body in [deep.as_bytes(), deep_obj.as_bytes()] {
        for path in ["/v1/render", "/v1/validate", "/v1/batch"] {
            let r = srv.post_json(path, body);
            assert!(matches!(r.status, 400 | 422), "{path}: {}", r.status);
            assert_eq!(r.header("content-type"), Some("application/problem+json"));
        }
    }
    let mut v: Value = serde_json::from_slice(&fixture("phuc-loi-2018.json")).unwrap();
    v["ward"] = json!("x".repeat(200_000));
    let r = srv.post_json("/v1/render", &serde_json::to_vec(&v).unwrap());
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["errors"][0]["path"], "ward");
    assert_eq!(srv.get("/healthz").status, 200);
}

/// A notice that renders 1.5 s longer (fault injection) holds the one slot.
fn slow_notice() -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(&fixture("phuc-loi-2018.json")).unwrap();
    v["number"] = json!(777);
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn a_full_queue_answers_503_at_once_and_a_deadline_504() {
    let srv = Server::start_env(
        &["--jobs", "1", "--queue", "0", "--timeout", "1"],
        &[("VANBAN_FAULT_SLOW_NUMBER", "777")],
    );
    let addr = srv.addr;
    let slow = std::thread::spawn(move || {
        request(
            addr,
            "POST",
            "/v1/render",
            &[("Content-Type", "application/json")],
            &slow_notice(),
        )
    });
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    let busy = srv.post_json("/v1/render", &fixture("phuc-loi-2018.json"));
    assert_eq!(busy.status, 503);
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(busy.header("retry-after"), Some("1"));
    assert_eq!(busy.json()["type"], "urn:vanban:problem:queue-full");
    // The slow one passes the 1 s deadline.
    let r = slow.join().unwrap();
    assert_eq!(r.status, 504, "{}", String::from_utf8_lossy(&r.body));
    let m = String::from_utf8(srv.get("/metrics").body).unwrap();
    assert!(
        m.contains("vanban_rejections_total{reason=\"queue_full\"} 1"),
        "{m}"
    );
    assert!(
        m.contains("vanban_rejections_total{reason=\"timeout\"} 1"),
        "{m}"
    );
}

#[test]
fn a_panic_is_a_500_and_a_log_line_and_the_server_goes_on() {
    let srv = Server::start_env(&[], &[("VANBAN_FAULT_PANIC_NUMBER", "666")]);
    let mut v: Value = serde_json::from_slice(&fixture("phuc-loi-2018.json")).unwrap();
    v["number"] = json!(666);
    let r = srv.post_json("/v1/render", &serde_json::to_vec(&v).unwrap());
    assert_eq!(r.status, 500);
    assert_eq!(r.json()["type"], "urn:vanban:problem:internal");
    assert_eq!(
        srv.post_json("/v1/render", &fixture("phuc-loi-2018.json"))
            .status,
        200
    );
    let log = srv.log();
    assert!(
        log.lines().any(|l| l.contains("\"event\":\"panic\"")),
        "{log}"
    );
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_and_exits_0() {
    let mut srv = Server::start_env(&["--jobs", "1"], &[("VANBAN_FAULT_SLOW_NUMBER", "777")]);
    let addr = srv.addr;
    let slow = std::thread::spawn(move || {
        request(
            addr,
            "POST",
            "/v1/render",
            &[("Content-Type", "application/json")],
            &slow_notice(),
        )
    });
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(kill(srv.pid(), libc::SIGTERM), 0);
    let r = slow.join().unwrap();
    assert_eq!(r.status, 200);
    assert!(r.body.starts_with(b"%PDF-"));
    assert_eq!(srv.wait(Duration::from_secs(10)), Some(0));
    assert!(TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err());
    let log = srv.log();
    assert!(log.contains("\"event\":\"draining\""), "{log}");
}

#[test]
fn a_second_sigterm_ends_the_drain_at_once() {
    let mut srv = Server::start_env(&["--jobs", "1"], &[("VANBAN_FAULT_SLOW_NUMBER", "777")]);
    let addr = srv.addr;
    let slow = std::thread::spawn(move || {
        let mut s = connect(addr);
        let body = slow_notice();
        let head = format!("POST /v1/render HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", body.len());
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(&body).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        out
    });
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    assert_eq!(kill(srv.pid(), libc::SIGTERM), 0);
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(kill(srv.pid(), libc::SIGTERM), 0);
    assert_eq!(srv.wait(Duration::from_secs(10)), Some(0));
    // Before the slow render (1.5 s) could finish: its connection was cut.
    assert!(
        start.elapsed() < Duration::from_millis(1000),
        "{:?}",
        start.elapsed()
    );
    assert!(!slow.join().unwrap().starts_with(b"HTTP/1.1 200"));
}

/// Send `sig` to the server we started.
fn kill(pid: i32, sig: i32) -> i32 {
    // SAFETY: a plain kill(2) of a child process of this test.
    unsafe { libc::kill(pid, sig) }
}

/// schemathesis (PyPI) generates requests from /openapi.json and checks every answer
/// against it: no status, content type, header or body outside the documented ones,
/// and no 5xx (a full queue or a deadline, 503 and 504, cannot happen with the
/// default queue under one client). Missing, it fails under CI.
#[test]
fn schemathesis_finds_no_undocumented_answer() {
    // Run as a module of the python3 that pip installed it into (no PATH shims needed).
    let st = || {
        let mut c = Command::new("python3");
        c.args(["-m", "schemathesis.cli"]);
        c
    };
    let found = st()
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("schemathesis is required in CI (pip install schemathesis)");
        }
        eprintln!("note: schemathesis not found; skipping the OpenAPI conformance run");
        return;
    }
    let srv = Server::start(&[]);
    let work = tempfile::tempdir().unwrap();
    let mut child = st()
        .args([
            "run",
            &format!("http://{}/openapi.json", srv.addr),
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance",
            "--max-examples",
            "25",
            "--seed",
            "15",
        ])
        .current_dir(work.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if start.elapsed() > Duration::from_secs(600) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("schemathesis did not finish within 10 minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let report = reader.join().unwrap();
    assert!(status.success(), "schemathesis found problems:\n{report}");
    assert!(report.contains("passed"), "{report}");
    // It really spoke to the server: every operation was exercised.
    let log = srv.log();
    for p in [
        "/v1/render",
        "/v1/validate",
        "/v1/batch",
        "/v1/sign/prepare",
        "/v1/sign/finish",
        "/v1/issue",
        "/v1/issue/prepare",
        "/v1/issue/finish",
        "/v1/edxml",
        "/v1/edxml/check",
        "/v1/issue/batch",
        "/v1/edxml/batch",
    ] {
        assert!(
            log.contains(&format!("\"path\":\"{p}\"")),
            "{p} was never called"
        );
    }
}

/// The words of a problem document in the language `Accept-Language` prefers
/// (Vietnamese by default), the codes the same in both, and the headers saying so.
#[test]
fn messages_follow_accept_language_and_codes_do_not() {
    let srv = Server::start(&[]);
    let bad = String::from_utf8(fixture("phuc-loi-2018.json"))
        .unwrap()
        .replacen("\"summary\"", "\"sumary\"", 1)
        .replacen("2018-01-22", "2018-02-30", 1);
    let ask = |path: &str, lang: Option<&str>, body: &[u8]| {
        let mut h = vec![("Content-Type", "application/json")];
        if let Some(l) = lang {
            h.push(("Accept-Language", l));
        }
        srv.request("POST", path, &h, body)
    };
    let codes = |p: &Value| -> Vec<(String, String)> {
        p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["path"].as_str().unwrap_or_default().to_string(),
                    e["code"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let vi = ask("/v1/validate", None, bad.as_bytes());
    let en = ask("/v1/validate", Some("en-US,en;q=0.9"), bad.as_bytes());
    assert_eq!((vi.status, en.status), (422, 422));
    assert_eq!(vi.header("content-language"), Some("vi"));
    assert_eq!(en.header("content-language"), Some("en"));
    for r in [&vi, &en] {
        assert_eq!(r.header("vary"), Some("Accept-Language"));
    }
    let (pv, pe) = (vi.json(), en.json());
    assert_eq!(pv["title"], "Thông báo không hợp lệ");
    assert_eq!(pe["title"], "The notice is not valid");
    assert_eq!(pv["code"], "invalid-notice");
    assert_eq!(pe["code"], "invalid-notice");
    assert_eq!(pv["type"], pe["type"]);
    let cv = codes(&pv);
    assert_eq!(cv, codes(&pe));
    assert!(
        cv.contains(&("sumary".into(), "unknown-field".into())),
        "{cv:?}"
    );
    assert!(
        cv.contains(&("date".into(), "invalid-date".into())),
        "{cv:?}"
    );

    // The service's own sentences: a query parameter, an endpoint, a request's fields.
    let vi = ask("/v1/render?fromat=docx", None, bad.as_bytes()).json();
    let en = ask("/v1/render?fromat=docx", Some("en"), bad.as_bytes()).json();
    assert!(
        vi["detail"]
            .as_str()
            .unwrap()
            .starts_with("không có tham số truy vấn `fromat`"),
        "{vi}"
    );
    assert!(
        en["detail"]
            .as_str()
            .unwrap()
            .starts_with("unknown query parameter `fromat`"),
        "{en}"
    );
    assert_eq!(
        (vi["code"].as_str(), en["code"].as_str()),
        (Some("bad-request"), Some("bad-request"))
    );
    let vi = srv.request("GET", "/v2/nothing", &[], b"");
    let en = srv.request(
        "GET",
        "/v2/nothing",
        &[("Accept-Language", "fr, en;q=0.5")],
        b"",
    );
    assert_eq!(vi.header("content-language"), Some("vi"));
    assert_eq!(en.header("content-language"), Some("en"));
    assert_eq!(vi.json()["title"], "Không tìm thấy");
    assert_eq!(en.json()["title"], "Not found");
    let body = br#"{"pdf_base64": "%%%", "numbr": 3}"#;
    let vi = ask("/v1/issue/prepare", Some("vi-VN"), body).json();
    let en = ask("/v1/issue/prepare", Some("en"), body).json();
    assert_eq!(vi["code"], "invalid-request");
    assert_eq!(codes(&vi), codes(&en));
    let message = |p: &Value, path: &str| {
        p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["path"] == path)
            .unwrap_or_else(|| panic!("no error at {path}: {p}"))["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(message(&vi, "number"), "thiếu trường bắt buộc `number`");
    assert_eq!(
        message(&en, "number"),
        "the required field `number` is missing"
    );
    assert!(message(&vi, "numbr").starts_with("không có trường `numbr`"));
    assert!(message(&en, "numbr").starts_with("unknown field `numbr`"));
    assert_eq!(
        message(&vi, "pdf_base64"),
        "trường `pdf_base64` không phải dữ liệu base64 hợp lệ"
    );
    assert_eq!(
        message(&en, "pdf_base64"),
        "the field `pdf_base64` is not valid base64"
    );
    assert_eq!(
        codes(&vi),
        [
            ("numbr".to_string(), "unknown-field".to_string()),
            ("pdf_base64".into(), "invalid-value".into()),
            ("certificate_pem".into(), "missing-field".into()),
            ("number".into(), "missing-field".into()),
            ("date".into(), "missing-field".into()),
        ]
    );
    // A file answer carries no Content-Language (it is in the notice's language).
    let pdf = ask("/v1/render", Some("en"), &fixture("phuc-loi-2018.json"));
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-language"), None);
    assert_eq!(pdf.header("vary"), Some("Accept-Language"));
}

const SIGN_TIME: &str = "2026-12-01T09:30:00+07:00";
const ISSUE_TIME: &str = "2026-12-01T10:15:00+07:00";

fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("base64")
}

/// The deferred flow of `step` (`sign` or `issue`) over HTTP: `/v1/STEP/prepare`
/// with `prepare`, the digest signed as a remote signing service would
/// ([`remote_sign`]), then `/v1/STEP/finish`; both asserted to succeed. The prepare
/// answer and the finish response.
fn deferred(srv: &Server, step: &str, prepare: &Value) -> (Value, Resp) {
    let prepared = post(srv, &format!("/v1/{step}/prepare"), prepare);
    assert_eq!(
        prepared.status,
        200,
        "{}",
        String::from_utf8_lossy(&prepared.body)
    );
    let prepared = prepared.json();
    let r = post(
        srv,
        &format!("/v1/{step}/finish"),
        &json!({"pdf_base64": prepared["prepared_pdf_base64"],
                "signature_base64": remote_sign(&prepared)}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    (prepared, r)
}

/// A raw RSA PKCS#1 v1.5 signature over a prepared digest, as a remote signing
/// service gives it back (what `openssl pkeyutl -sign -pkeyopt digest:sha256` makes).
fn remote_sign(prepared: &Value) -> String {
    let hex = prepared["digest_sha256"].as_str().expect("a digest");
    assert_eq!(hex.len(), 64, "{prepared}");
    let digest: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let sig = pki()
        .rsa
        .sign(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &digest)
        .unwrap();
    b64(&sig)
}

/// Whether a validator is there; missing under CI is a failure, not a skip.
fn have(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is required in CI (.ci/run installs it)");
        }
        eprintln!("note: {tool} not found; skipping the checks that need it");
    }
    found
}

/// Run a validator on `pdf` within two minutes; its exit status and its output.
fn validator(program: &str, args: &[&str], pdf: &Path) -> (bool, String) {
    let mut child = Command::new(program)
        .args(args)
        .arg(pdf)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{program} took over two minutes");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = format!("{}{}", err.join().unwrap(), out.join().unwrap());
    (status.success(), text)
}

/// pyHanko and pdfsig on a PDF with `signatures` signatures: every one intact and
/// trusted to the test CA, any earlier one followed only by accepted changes, the
/// last covering the whole file. pyHanko's report (empty without pyHanko).
fn assert_signatures_hold(pdf: &Path, signatures: usize) -> String {
    let mut pyhanko = String::new();
    if have("pyhanko") {
        let ca = pki().dir.join("ca.pem");
        let (ok, report) = validator(
            "pyhanko",
            &[
                "sign",
                "validate",
                "--trust-replace",
                "--trust",
                ca.to_str().unwrap(),
                "--no-revocation-check",
            ],
            pdf,
        );
        assert!(ok, "pyHanko rejects {}: {report}", pdf.display());
        let lines: Vec<&str> = report.lines().filter(|l| l.contains(":INTACT:")).collect();
        assert_eq!(lines.len(), signatures, "{report}");
        for l in &lines {
            assert!(l.contains("INTACT:TRUSTED"), "{report}");
        }
        if signatures == 2 {
            assert!(lines[0].contains("ACCEPTABLE_MODIFICATIONS"), "{report}");
            assert!(lines[1].starts_with("AgencySignature:"), "{report}");
        }
        assert!(lines[signatures - 1].contains("UNTOUCHED"), "{report}");
        pyhanko = report;
    }
    if have("pdfsig") {
        let (ok, report) = validator("pdfsig", &[], pdf);
        assert!(ok, "{report}");
        assert_eq!(
            report.matches("Signature is Valid.").count(),
            signatures,
            "{report}"
        );
        let last = report
            .split(&format!("Signature #{signatures}"))
            .nth(1)
            .expect("the last signature");
        assert!(last.contains("Total document signed"), "{report}");
    }
    pyhanko
}

/// The bundled nd30 notice as a draft: no number, no date.
fn draft_notice() -> Value {
    let mut v: Value = serde_json::from_slice(&fixture("phuc-loi-2018-nd30.json")).unwrap();
    let o = v.as_object_mut().unwrap();
    assert!(o.remove("number").is_some() && o.remove("date").is_some());
    v
}

/// [`draft_notice`] written to `dir/draft.json` and rendered by the CLI as a draft
/// into `dir/cli/draft.pdf`: what the service's answers are compared with.
fn cli_draft(dir: &Path) {
    std::fs::write(
        dir.join("draft.json"),
        serde_json::to_vec_pretty(&draft_notice()).unwrap(),
    )
    .unwrap();
    cli(
        &["render", "draft.json", "--draft", "--out-dir", "cli"],
        dir,
    );
}

fn post(srv: &Server, path: &str, body: &Value) -> Resp {
    srv.post_json(path, &serde_json::to_vec(body).unwrap())
}

/// The whole flow over HTTP, as the CLI does it: a draft, the signer's deferred
/// signature through a remote signing service, issuance with the server's agency
/// key (and deferred, on a server without one), the edXML packet and its check;
/// each refusal of the CLI a problem document with its code.
#[test]
fn a_draft_is_signed_issued_and_packaged_over_http_as_with_the_cli() {
    let pki = pki();
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let p = |name: &str| pki.dir.join(name).to_str().unwrap().to_string();
    let agency_p12 = p("agency.p12");
    let srv = Server::start_env(
        &[
            "--agency-p12",
            &agency_p12,
            "--agency-password-env",
            "AGENCY_PW",
        ],
        &[("AGENCY_PW", PASSWORD)],
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let image = std::fs::read(root.join("fixtures/images/signature.png")).unwrap();
    let seal = std::fs::read(root.join("fixtures/images/seal.png")).unwrap();

    // 1. The draft: the bytes of `vanban render --draft`.
    let notice = draft_notice();
    std::fs::write(d("draft.json"), serde_json::to_vec_pretty(&notice).unwrap()).unwrap();
    let r = srv.post_json(
        "/v1/render?draft=true",
        &serde_json::to_vec_pretty(&notice).unwrap(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let draft = r.body;
    cli(
        &[
            "render",
            d("draft.json").to_str().unwrap(),
            "--draft",
            "--out-dir",
            "cli",
        ],
        dir.path(),
    );
    assert!(
        draft == std::fs::read(d("cli/draft.pdf")).unwrap(),
        "the CLI's draft"
    );
    // Without `draft`, the number and the date are required.
    let r = post(&srv, "/v1/render", &notice);
    assert_eq!(r.status, 422);
    let missing = r.json();
    assert!(
        missing["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "missing-field"),
        "{missing}"
    );

    // 2. The signer's deferred signature: prepare, a raw signature, finish.
    let signer_pem = std::fs::read_to_string(p("signer.cert.pem")).unwrap();
    let (prepared, r) = deferred(
        &srv,
        "sign",
        &json!({"pdf_base64": b64(&draft), "certificate_pem": signer_pem, "time": SIGN_TIME,
                "image_base64": b64(&image)}),
    );
    assert_eq!(r.header("content-type"), Some("application/pdf"));
    let signed = r.body;
    assert!(
        signed.starts_with(&draft),
        "an incremental update keeps the draft"
    );
    std::fs::write(d("signed.pdf"), &signed).unwrap();
    assert_signatures_hold(&d("signed.pdf"), 1);
    // The same bytes as `vanban sign` with the key in a PKCS#12 file.
    let (code, _, err) = cli_output_env(
        &[
            "sign",
            d("cli/draft.pdf").to_str().unwrap(),
            "--p12",
            &p("signer.p12"),
            "--password-env",
            "PW",
            "--image",
            "fixtures/images/signature.png",
            "--time",
            SIGN_TIME,
            "--out",
            d("cli/signed.pdf").to_str().unwrap(),
        ],
        &[("PW", PASSWORD)],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        signed == std::fs::read(d("cli/signed.pdf")).unwrap(),
        "the CLI's signed PDF"
    );
    // One of the two signatures, as `--signature` or `--cms`.
    for extra in [
        json!({}),
        json!({"signature_base64": b64(b"x"), "cms_base64": b64(b"y")}),
    ] {
        let mut body = json!({"pdf_base64": prepared["prepared_pdf_base64"]});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let p = post(&srv, "/v1/sign/finish", &body).json();
        assert_eq!(p["code"], "invalid-request", "{p}");
        assert_eq!(p["errors"].as_array().unwrap().len(), 1, "{p}");
    }
    // A PDF that was not prepared is refused, as by `vanban sign finish`.
    let r = post(
        &srv,
        "/v1/sign/finish",
        &json!({"pdf_base64": b64(&draft), "signature_base64": b64(b"x")}),
    );
    assert_eq!(
        (r.status, r.json()["code"].as_str().map(String::from)),
        (422, Some("bad-pdf".into()))
    );

    // What `vanban sign` refuses: a PDF that is no draft, a draft signed already.
    let plain = srv
        .post_json("/v1/render", &fixture("phuc-loi-2018-nd30.json"))
        .body;
    for pdf in [&plain, &signed] {
        let r = post(
            &srv,
            "/v1/sign/prepare",
            &json!({"pdf_base64": b64(pdf), "certificate_pem": signer_pem, "time": SIGN_TIME}),
        );
        assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.json()["code"], "bad-pdf", "{}", r.json());
    }

    // 3. Issuance with the server's agency key: the bytes of `vanban issue`.
    let issue = json!({"pdf_base64": b64(&signed), "number": 125, "date": "2026-12-01",
                       "time": ISSUE_TIME, "seal_base64": b64(&seal), "seal_width_mm": 36});
    let r = post(&srv, "/v1/issue", &issue);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let issued = r.body;
    std::fs::write(d("issued.pdf"), &issued).unwrap();
    assert_signatures_hold(&d("issued.pdf"), 2);
    let (code, _, err) = cli_output_env(
        &[
            "issue",
            d("signed.pdf").to_str().unwrap(),
            "--number",
            "125",
            "--date",
            "2026-12-01",
            "--p12",
            &agency_p12,
            "--password-env",
            "PW",
            "--seal",
            "fixtures/images/seal.png",
            "--seal-width-mm",
            "36",
            "--time",
            ISSUE_TIME,
            "--out",
            d("cli/issued.pdf").to_str().unwrap(),
        ],
        &[("PW", PASSWORD)],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        issued == std::fs::read(d("cli/issued.pdf")).unwrap(),
        "the CLI's issued PDF"
    );
    // Refusals: issued already, not signed, a bad number or date.
    for pdf in [&issued, &draft] {
        let mut again = issue.clone();
        again["pdf_base64"] = b64(pdf).into();
        let r = post(&srv, "/v1/issue", &again);
        assert_eq!(r.status, 422);
        assert_eq!(r.json()["code"], "bad-pdf", "{}", r.json());
    }
    let mut bad = issue.clone();
    bad["number"] = json!(0);
    bad["date"] = json!("2026-02-30");
    let p422 = post(&srv, "/v1/issue", &bad).json();
    assert_eq!(p422["code"], "invalid-request");
    let paths: Vec<_> = p422["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].clone(), e["code"].clone()))
        .collect();
    assert_eq!(
        paths,
        [
            (json!("number"), json!("wrong-type")),
            (json!("date"), json!("invalid-date"))
        ]
    );
    assert_eq!(
        srv.log().matches("mật khẩu").count(),
        0,
        "the log holds no password"
    );

    // 4. Deferred issuance on a server without the key: 409 for /v1/issue.
    let keyless = Server::start(&[]);
    let r = post(&keyless, "/v1/issue", &issue);
    assert_eq!(r.status, 409);
    assert_eq!(r.json()["code"], "no-agency-key");
    let mut prep = issue.clone();
    prep["certificate_pem"] = std::fs::read_to_string(p("agency-rsa.cert.pem"))
        .unwrap()
        .into();
    let (prepared, r) = deferred(&keyless, "issue", &prep);
    std::fs::write(d("issued-deferred.pdf"), &r.body).unwrap();
    assert_signatures_hold(&d("issued-deferred.pdf"), 2);
    // A signature that is not over the digest is refused.
    let r = post(
        &keyless,
        "/v1/issue/finish",
        &json!({"pdf_base64": prepared["prepared_pdf_base64"], "signature_base64": b64(&[7u8; 256])}),
    );
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));

    // 5. The edXML packet: its attachment is the issued PDF, byte for byte.
    let r = post(
        &srv,
        "/v1/edxml",
        &json!({"notice": notice, "pdf_base64": b64(&issued), "pdf_name": "issued.pdf",
                "from": "000.00.00.H26", "to": ["000.00.01.H26", "000.00.02.H26"]}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.header("content-type"), Some("application/xml"));
    let packet = String::from_utf8(r.body).unwrap();
    let between = |open: &str, close: &str| {
        let a = packet.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
        packet[a..a + packet[a..].find(close).unwrap()].to_string()
    };
    // The element is written with the `edXML:` prefix, bound to the namespace.
    let files = unzip(&unb64(&between(":ContentTransferEncoded>", "</")));
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "issued.pdf");
    assert!(files[0].1 == issued, "the attachment is the issued PDF");
    assert_eq!(between("<CodeNumber>", "</CodeNumber>"), "125");
    // The packet passes the check; without its number it does not.
    let check = |xml: &str| {
        srv.request(
            "POST",
            "/v1/edxml/check",
            &[("Content-Type", "application/xml")],
            xml.as_bytes(),
        )
    };
    let r = check(&packet);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["valid"], true);
    let broken = packet.replacen(
        "<CodeNumber>125</CodeNumber>",
        "<CodeNumber></CodeNumber>",
        1,
    );
    let r = check(&broken);
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    let p = r.json();
    assert_eq!(p["code"], "invalid-packet");
    assert!(!p["errors"].as_array().unwrap().is_empty());
    assert_eq!(p["errors"][0]["code"], "packet-field");
    // A draft PDF is refused, as by `vanban edxml`.
    let r = post(
        &srv,
        "/v1/edxml",
        &json!({"notice": notice, "pdf_base64": b64(&draft), "from": "000.00.00.H26", "to": ["000.00.01.H26"]}),
    );
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["code"], "bad-pdf");
    // An invalid notice inside the request: its errors placed in the request.
    let mut wrong = notice.clone();
    wrong["sumary"] = json!("x");
    let body = serde_json::to_string_pretty(&json!({"notice": wrong, "pdf_base64": b64(&issued),
        "from": "000.00.00.H26", "to": ["000.00.01.H26"]}))
    .unwrap();
    let r = srv.post_json("/v1/edxml", body.as_bytes());
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    let e = &r.json()["errors"][0];
    assert_eq!(e["path"], "notice.sumary");
    assert_eq!(e["code"], "unknown-field");
    let line = body.lines().position(|l| l.contains("\"sumary\"")).unwrap() + 1;
    assert_eq!(e["line"], line);
}

/// [`cli_output`] with environment variables.
fn cli_output_env(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("vanban {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Files of a zip answer by name.
fn zip_map(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    unzip(bytes).into_iter().collect()
}

/// A batch of two drafts and one bad item, rendered, signed with the CLI, issued as
/// a batch over HTTP and packaged as a batch: each step the bytes of the CLI's
/// `issue --batch` and `edxml --batch`; a PDF that cannot be issued takes no number
/// and the others go on; an item without its PDF is listed and the others go on.
#[test]
fn a_batch_is_issued_and_packaged_over_http_as_with_the_cli() {
    let pki = pki();
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let ds = |name: &str| d(name).to_str().unwrap().to_string();
    let p = |name: &str| pki.dir.join(name).to_str().unwrap().to_string();
    let agency_p12 = p("agency.p12");
    let srv = Server::start_env(
        &[
            "--agency-p12",
            &agency_p12,
            "--agency-password-env",
            "AGENCY_PW",
        ],
        &[("AGENCY_PW", PASSWORD)],
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seal = std::fs::read(root.join("fixtures/images/seal.png")).unwrap();

    // The drafts of a batch: two items and one the batch refuses.
    let mut second = json!({"ward": "Cự Khối"});
    second["summary"] =
        json!("Kết luận của Chủ tịch Ủy ban nhân dân quận tại buổi làm việc với phường Cự Khối");
    let batch =
        json!({"base": draft_notice(), "items": [{"ward": "Phúc Lợi"}, second, {"summary": 5}]});
    std::fs::write(d("batch.json"), serde_json::to_vec_pretty(&batch).unwrap()).unwrap();
    let r = post(&srv, "/v1/batch?draft=true", &batch);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    std::fs::create_dir_all(d("drafts")).unwrap();
    for (name, bytes) in unzip(&r.body) {
        std::fs::write(d("drafts").join(name), bytes).unwrap();
    }
    let stems = ["01-phuc-loi", "01-cu-khoi"];
    std::fs::create_dir_all(d("signed")).unwrap();
    for stem in stems {
        let (code, _, err) = cli_output_env(
            &[
                "sign",
                &ds(&format!("drafts/{stem}.pdf")),
                "--p12",
                &p("signer.p12"),
                "--password-env",
                "PW",
                "--image",
                "fixtures/images/signature.png",
                "--time",
                SIGN_TIME,
                "--out",
                &ds(&format!("signed/{stem}.signed.pdf")),
            ],
            &[("PW", PASSWORD)],
        );
        assert_eq!(code, 0, "{err}");
    }
    // An unsigned draft between them: it cannot be issued.
    std::fs::copy(d("drafts/01-cu-khoi.pdf"), d("signed/khong-ky.pdf")).unwrap();
    let order = [
        "01-phuc-loi.signed.pdf",
        "khong-ky.pdf",
        "01-cu-khoi.signed.pdf",
    ];
    let pdfs: Vec<Value> = order
        .iter()
        .map(
            |n| json!({"name": n, "pdf_base64": b64(&std::fs::read(d("signed").join(n)).unwrap())}),
        )
        .collect();
    let issue = json!({"pdfs": pdfs, "first_number": 200, "date": "2026-12-01",
                       "time": ISSUE_TIME, "seal_base64": b64(&seal), "seal_width_mm": 36});

    // 1. The issued batch: 200 and 201, the unsigned draft no number.
    let r = post(&srv, "/v1/issue/batch", &issue);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.header("content-type"), Some("application/zip"));
    let files = zip_map(&r.body);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        [
            "01-cu-khoi.issued.pdf",
            "01-phuc-loi.issued.pdf",
            "manifest.json"
        ]
    );
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let items = manifest["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{manifest}");
    assert_eq!(
        (&items[0]["name"], &items[0]["number"], &items[0]["file"]),
        (
            &json!("01-phuc-loi.signed.pdf"),
            &json!(200),
            &json!("01-phuc-loi.issued.pdf")
        )
    );
    assert_eq!(
        (&items[1]["ok"], &items[1]["code"], items[1].get("number")),
        (&json!(false), &json!("bad-pdf"), None),
        "{manifest}"
    );
    assert!(!items[1]["error"].as_str().unwrap().is_empty());
    assert_eq!(items[2]["number"], 201, "{manifest}");
    assert_eq!(
        (&manifest["issued"], &manifest["total"]),
        (&json!(2), &json!(3))
    );
    for (stem, number) in [("01-phuc-loi", 200), ("01-cu-khoi", 201)] {
        let pdf = &files[&format!("{stem}.issued.pdf")];
        let read = vanban::issue::issued_values(pdf, stem).unwrap().unwrap();
        assert_eq!(read.number, number);
        assert_eq!(read.date.to_string(), "2026-12-01");
    }
    std::fs::write(d("one.issued.pdf"), &files["01-phuc-loi.issued.pdf"]).unwrap();
    assert_signatures_hold(&d("one.issued.pdf"), 2);

    // The same bytes as `vanban issue --batch` (which fails on the unsigned one).
    let mut args = vec!["issue".to_string(), "--batch".into()];
    args.extend(order.iter().map(|n| ds(&format!("signed/{n}"))));
    for a in [
        "--first-number",
        "200",
        "--date",
        "2026-12-01",
        "--p12",
        &agency_p12,
        "--password-env",
        "PW",
        "--seal",
        "fixtures/images/seal.png",
        "--seal-width-mm",
        "36",
        "--time",
        ISSUE_TIME,
        "--out-dir",
        &ds("cli-issued"),
    ] {
        args.push(a.to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, err) = cli_output_env(&args, &[("PW", PASSWORD)]);
    assert_ne!(code, 0, "the unsigned draft fails the CLI's batch: {err}");
    for stem in stems {
        let name = format!("{stem}.issued.pdf");
        assert!(
            files[&name] == std::fs::read(d("cli-issued").join(&name)).unwrap(),
            "the CLI's {name}"
        );
    }

    // `numbers`: each PDF its own; a number twice, too few numbers, both ways refused.
    let mut given = issue.clone();
    given["pdfs"] = json!([pdfs[2], pdfs[0]]);
    given.as_object_mut().unwrap().remove("first_number");
    given["numbers"] = json!([9, 4]);
    let r = post(&srv, "/v1/issue/batch", &given);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let got = zip_map(&r.body);
    let number = |stem: &str| {
        vanban::issue::issued_values(&got[&format!("{stem}.issued.pdf")], stem)
            .unwrap()
            .unwrap()
            .number
    };
    assert_eq!((number("01-cu-khoi"), number("01-phuc-loi")), (9, 4));
    for (numbers, path) in [
        (json!([9, 9]), "numbers[1]"),
        (json!([9]), "numbers"),
        (json!("9"), "numbers"),
    ] {
        let mut bad = given.clone();
        bad["numbers"] = numbers;
        let r = post(&srv, "/v1/issue/batch", &bad);
        assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
        let p = r.json();
        assert_eq!(p["code"], "invalid-request");
        assert_eq!(p["errors"][0]["path"], path, "{p}");
    }
    let mut both = issue.clone();
    both["numbers"] = json!([1, 2, 3]);
    let p = post(&srv, "/v1/issue/batch", &both).json();
    assert_eq!(p["errors"][0]["path"], "numbers", "{p}");
    let mut neither = issue.clone();
    neither.as_object_mut().unwrap().remove("first_number");
    let p = post(&srv, "/v1/issue/batch", &neither).json();
    assert_eq!(
        (&p["errors"][0]["path"], &p["errors"][0]["code"]),
        (&json!("first_number"), &json!("missing-field")),
        "{p}"
    );
    // Bad entries of `pdfs`, every one reported with its place.
    let mut bad = issue.clone();
    bad["pdfs"] = json!([{"name": "", "pdf_base64": "!!"}, {"pdf": 1}]);
    let body = serde_json::to_string_pretty(&bad).unwrap();
    let p = srv.post_json("/v1/issue/batch", body.as_bytes()).json();
    let paths: Vec<_> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "pdfs[0].name",
            "pdfs[0].pdf_base64",
            "pdfs[1].pdf",
            "pdfs[1].name",
            "pdfs[1].pdf_base64"
        ],
        "{p}"
    );
    let line = body.lines().position(|l| l.contains("\"!!\"")).unwrap() + 1;
    assert_eq!(p["errors"][1]["line"], line, "{p}");
    // Two PDFs giving one output file: the later one is not issued.
    let mut twice = issue.clone();
    twice["pdfs"] =
        json!([pdfs[0], {"name": "x/01-phuc-loi.pdf", "pdf_base64": pdfs[2]["pdf_base64"]}]);
    let r = post(&srv, "/v1/issue/batch", &twice);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let m: Value = serde_json::from_slice(&zip_map(&r.body)["manifest.json"]).unwrap();
    assert_eq!(m["items"][1]["code"], "name-clash", "{m}");
    assert_eq!(m["issued"], 1);
    // The words follow Accept-Language; the codes do not.
    let mut short = given.clone();
    short["numbers"] = json!([9]);
    let body = serde_json::to_vec(&short).unwrap();
    let vi = srv.post_json("/v1/issue/batch", &body).json();
    let en = srv.post_json_en("/v1/issue/batch", &body).json();
    assert_eq!(
        vi["errors"][0]["message"],
        "`numbers` có 1 số cho 2 PDF; mỗi PDF cần đúng một số"
    );
    assert_eq!(
        en["errors"][0]["message"],
        "`numbers` gives 1 numbers for 2 PDFs; each PDF needs exactly one"
    );
    assert_eq!(vi["errors"][0]["code"], en["errors"][0]["code"]);
    // A key that cannot sign at that time refuses the whole batch, as in the CLI.
    let mut early = issue.clone();
    early["time"] = json!("2025-06-01T09:00:00+07:00");
    let r = post(&srv, "/v1/issue/batch", &early);
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["code"], "bad-key");
    // Without the agency key on the server: 409.
    let keyless = Server::start(&[]);
    let r = post(&keyless, "/v1/issue/batch", &issue);
    assert_eq!(r.status, 409);
    assert_eq!(r.json()["code"], "no-agency-key");

    // 2. The packets: the bytes of `vanban edxml --batch`, each attachment its PDF.
    std::fs::create_dir_all(d("issued")).unwrap();
    let mut issued = Vec::new();
    for stem in stems {
        let name = format!("{stem}.issued.pdf");
        std::fs::write(d("issued").join(&name), &files[&name]).unwrap();
        issued.push(json!({"name": name, "pdf_base64": b64(&files[&name])}));
    }
    let to = ["000.00.01.H26", "000.00.02.H26"];
    let packets = json!({"batch": batch, "pdfs": issued, "from": "000.00.00.H26", "to": to});
    let r = post(&srv, "/v1/edxml/batch", &packets);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.header("content-type"), Some("application/zip"));
    let got = zip_map(&r.body);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        ["01-cu-khoi.edxml", "01-phuc-loi.edxml", "manifest.json"]
    );
    let m: Value = serde_json::from_slice(&got["manifest.json"]).unwrap();
    assert_eq!((&m["made"], &m["total"]), (&json!(2), &json!(2)), "{m}");
    assert_eq!(m["items"][2]["ok"], false, "{m}");
    assert_eq!(m["items"][2]["code"], "wrong-type", "{m}");
    let (code, _, err) = cli_output_env(
        &[
            "edxml",
            "--batch",
            &ds("batch.json"),
            "--manifest",
            &ds("drafts/manifest.json"),
            "--pdf-dir",
            &ds("issued"),
            "--from",
            "000.00.00.H26",
            "--to",
            to[0],
            "--to",
            to[1],
            "--out-dir",
            &ds("cli-edxml"),
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    for (stem, number) in [("01-phuc-loi", "200"), ("01-cu-khoi", "201")] {
        let name = format!("{stem}.edxml");
        let packet = String::from_utf8(got[&name].clone()).unwrap();
        assert!(
            got[&name] == std::fs::read(d("cli-edxml").join(&name)).unwrap(),
            "the CLI's {name}"
        );
        let between = |open: &str, close: &str| {
            let a = packet.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
            packet[a..a + packet[a..].find(close).unwrap()].to_string()
        };
        let inside = unzip(&unb64(&between(":ContentTransferEncoded>", "</")));
        assert_eq!(inside.len(), 1);
        assert_eq!(inside[0].0, format!("{stem}.issued.pdf"));
        assert!(
            inside[0].1 == files[&format!("{stem}.issued.pdf")],
            "the attachment of {name} is its issued PDF"
        );
        assert_eq!(between("<CodeNumber>", "</CodeNumber>"), number);
    }
    // An item without its PDF is listed and the others go on; a PDF no item names too.
    let mut partial = packets.clone();
    partial["pdfs"] =
        json!([issued[0], {"name": "khac.issued.pdf", "pdf_base64": issued[1]["pdf_base64"]}]);
    let r = post(&srv, "/v1/edxml/batch", &partial);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let got = zip_map(&r.body);
    let m: Value = serde_json::from_slice(&got["manifest.json"]).unwrap();
    assert_eq!((&m["made"], &m["total"]), (&json!(1), &json!(2)), "{m}");
    assert_eq!(m["items"][1]["code"], "missing-pdf", "{m}");
    assert_eq!(m["items"][3]["code"], "unused-pdf", "{m}");
    assert!(got.contains_key("01-phuc-loi.edxml") && !got.contains_key("01-cu-khoi.edxml"));
    // A PDF named as the drafts' manifest names its draft is that item's.
    let mut draft_named = packets.clone();
    draft_named["pdfs"][1]["name"] = json!("01-cu-khoi.pdf");
    let r = post(&srv, "/v1/edxml/batch", &draft_named);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let got = zip_map(&r.body);
    let m: Value = serde_json::from_slice(&got["manifest.json"]).unwrap();
    assert_eq!(
        (&m["made"], &m["items"][1]["pdf"]),
        (&json!(2), &json!("01-cu-khoi.pdf")),
        "{m}"
    );
    let packet = String::from_utf8(got["01-cu-khoi.edxml"].clone()).unwrap();
    let a = packet.find(":ContentTransferEncoded>").unwrap() + ":ContentTransferEncoded>".len();
    let inside = unzip(&unb64(&packet[a..a + packet[a..].find("</").unwrap()]));
    assert_eq!(
        inside[0].0, "01-cu-khoi.pdf",
        "the attachment keeps its name"
    );
    // Both batches are bounded by --max-body.
    let small = Server::start_env(
        &[
            "--agency-p12",
            &agency_p12,
            "--agency-password-env",
            "AGENCY_PW",
            "--max-body",
            "64K",
        ],
        &[("AGENCY_PW", PASSWORD)],
    );
    for (path, body) in [("/v1/issue/batch", &issue), ("/v1/edxml/batch", &packets)] {
        let r = post(&small, path, body);
        assert_eq!(r.status, 413, "{path}");
        assert_eq!(r.json()["code"], "body-too-large", "{path}");
    }
    // Not a batch; a batch with nothing to package.
    let mut wrong = packets.clone();
    wrong["batch"] = json!("x");
    let p = post(&srv, "/v1/edxml/batch", &wrong).json();
    assert_eq!(
        (&p["code"], &p["errors"][0]["path"], &p["errors"][0]["code"]),
        (
            &json!("invalid-request"),
            &json!("batch"),
            &json!("wrong-type")
        ),
        "{p}"
    );
    let mut none = packets.clone();
    none["batch"] = json!({"items": [{"summary": 5}]});
    let vi = post(&srv, "/v1/edxml/batch", &none).json();
    assert_eq!(
        vi["errors"][0]["message"], "lô không có mục nào hợp lệ để đóng gói",
        "{vi}"
    );
    let en = srv
        .post_json_en("/v1/edxml/batch", &serde_json::to_vec(&none).unwrap())
        .json();
    assert_eq!(
        en["errors"][0]["message"],
        "the batch has no valid item to package"
    );
}

/// `pdf` with the hex of every `/Contents<…>` zeroed: what stays when only the
/// signatures' containers differ (a time-stamp token holds the service's clock and
/// the request's nonce, so two tokens for the same signature never match).
fn without_contents(pdf: &[u8]) -> Vec<u8> {
    let mut out = pdf.to_vec();
    let mut from = 0;
    while let Some(at) = out[from..].windows(10).position(|w| w == b"/Contents<") {
        let start = from + at + 10;
        let end = start + out[start..].iter().position(|&b| b == b'>').unwrap();
        out[start..end].fill(b'0');
        from = end;
    }
    out
}

/// What a server with `--tsa` and the CLI with the same `--tsa` give for the same
/// inputs and time: the same bytes but for the containers, the same signature value
/// in the last one, each with a time-stamp token.
fn assert_same_but_tokens(served: &[u8], cli: &[u8], what: &str) {
    assert_eq!(served.len(), cli.len(), "{what}: the same length");
    assert!(
        without_contents(served) == without_contents(cli),
        "{what}: the same bytes outside the signatures' containers"
    );
    let (token, value) = last_timestamp(served);
    let (cli_token, cli_value) = last_timestamp(cli);
    assert_eq!(value, cli_value, "{what}: the same signature value");
    assert!(!token.is_empty() && !cli_token.is_empty(), "{what}");
}

/// pyHanko and pdfsig on a PDF whose `signatures` signatures must each carry a
/// time-stamp token trusted to the test CA (PAdES B-T).
fn assert_b_t(pdf: &Path, signatures: usize) {
    let report = assert_signatures_hold(pdf, signatures);
    if !report.is_empty() {
        assert_eq!(timestamped(&report), signatures, "{report}");
    }
}

/// A server started with `--tsa` (the test TSA over http, and over https with
/// `--tsa-ca`) time-stamps every signature it makes or finishes, as `vanban sign`
/// and `vanban issue` do with the same `--tsa`.
#[test]
fn a_server_with_a_tsa_makes_every_signature_b_t_as_the_cli_does() {
    if !have("openssl") || !have("python3") {
        return;
    }
    let pki = pki();
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let p = |name: &str| s(&pki.path(name));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let image = std::fs::read(root.join("fixtures/images/signature.png")).unwrap();
    let seal = std::fs::read(root.join("fixtures/images/seal.png")).unwrap();
    cli_draft(dir.path());
    let draft = std::fs::read(d("cli/draft.pdf")).unwrap();
    let signer_pem = std::fs::read_to_string(p("signer.cert.pem")).unwrap();
    let agency_pem = std::fs::read_to_string(p("agency-rsa.cert.pem")).unwrap();
    let agency_p12 = p("agency.p12");
    for (tsa, ca) in [
        (TestTsa::start(), None),
        (TestTsa::start_tls(), Some(p("tls-ca.pem"))),
    ] {
        let url = tsa.url("/");
        let mut flags = vec!["--tsa".to_string(), url.clone()];
        if let Some(ca) = &ca {
            flags.extend(["--tsa-ca".to_string(), ca.clone()]);
        }
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        let mut args = vec![
            "--agency-p12",
            &agency_p12,
            "--agency-password-env",
            "AGENCY_PW",
        ];
        args.extend(&flags);
        let srv = Server::start_env(&args, &[("AGENCY_PW", PASSWORD)]);
        assert_eq!(
            srv.get("/readyz").json(),
            json!({"ready": true, "tsa": true})
        );
        let cli_with = |args: &[&str], what: &str| {
            let mut all = args.to_vec();
            all.extend(&flags);
            let (code, _, err) = cli_output_env(&all, &[("PW", PASSWORD)]);
            assert_eq!(code, 0, "{what}: {err}");
        };

        // The signer's deferred signature, finished with a time-stamp.
        let (_, r) = deferred(
            &srv,
            "sign",
            &json!({"pdf_base64": b64(&draft), "certificate_pem": signer_pem,
                    "time": SIGN_TIME, "image_base64": b64(&image)}),
        );
        let signed = r.body;
        std::fs::write(d("signed.pdf"), &signed).unwrap();
        assert_b_t(&d("signed.pdf"), 1);
        cli_with(
            &[
                "sign",
                &s(&d("cli/draft.pdf")),
                "--p12",
                &p("signer.p12"),
                "--password-env",
                "PW",
                "--image",
                "fixtures/images/signature.png",
                "--time",
                SIGN_TIME,
                "--out",
                &s(&d("cli-signed.pdf")),
            ],
            "vanban sign --tsa",
        );
        assert_same_but_tokens(
            &signed,
            &std::fs::read(d("cli-signed.pdf")).unwrap(),
            "signed",
        );

        // Issuance with the server's agency key.
        let issue = json!({"pdf_base64": b64(&signed), "number": 125, "date": "2026-12-01",
                           "time": ISSUE_TIME, "seal_base64": b64(&seal), "seal_width_mm": 36});
        let r = post(&srv, "/v1/issue", &issue);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let issued = r.body;
        std::fs::write(d("issued.pdf"), &issued).unwrap();
        assert_b_t(&d("issued.pdf"), 2);
        cli_with(
            &[
                "issue",
                &s(&d("signed.pdf")),
                "--number",
                "125",
                "--date",
                "2026-12-01",
                "--p12",
                &agency_p12,
                "--password-env",
                "PW",
                "--seal",
                "fixtures/images/seal.png",
                "--time",
                ISSUE_TIME,
                "--out",
                &s(&d("cli-issued.pdf")),
            ],
            "vanban issue --tsa",
        );
        assert_same_but_tokens(
            &issued,
            &std::fs::read(d("cli-issued.pdf")).unwrap(),
            "issued",
        );

        // Deferred issuance: the time-stamp comes with the finish.
        let mut prepare = issue.clone();
        prepare["certificate_pem"] = agency_pem.clone().into();
        let (_, r) = deferred(&srv, "issue", &prepare);
        std::fs::write(d("deferred.pdf"), &r.body).unwrap();
        assert_b_t(&d("deferred.pdf"), 2);

        // A batch: every PDF of the zip time-stamped, as `vanban issue` one by one.
        let mut batch = issue.clone();
        let o = batch.as_object_mut().unwrap();
        o.remove("pdf_base64");
        o.remove("number");
        o.insert("first_number".into(), 7.into());
        o.insert(
            "pdfs".into(),
            json!([{"name": "a.pdf", "pdf_base64": b64(&signed)},
                   {"name": "b.pdf", "pdf_base64": b64(&signed)}]),
        );
        let r = post(&srv, "/v1/issue/batch", &batch);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let files = zip_map(&r.body);
        let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
        assert_eq!(manifest["issued"], 2, "{manifest}");
        std::fs::write(d("b.issued.pdf"), &files["b.issued.pdf"]).unwrap();
        assert_b_t(&d("b.issued.pdf"), 2);
        let mut one = issue.clone();
        one["number"] = 7.into();
        let alone = post(&srv, "/v1/issue", &one);
        assert_eq!(alone.status, 200);
        assert_same_but_tokens(&files["a.issued.pdf"], &alone.body, "a batch's first PDF");
        assert!(srv.log().contains("\"tsa\":true"), "{}", srv.log());
    }
}

/// A time-stamping service that is down, or answers with a token it did not sign,
/// is the service's fault: 502 `tsa-failed`, in the client's language, and no PDF,
/// for one PDF, a finish and a batch alike. A bad `--tsa` or `--tsa-ca` stops the
/// server at start (exit 2).
#[test]
fn a_tsa_down_or_answering_wrongly_is_a_502_and_no_pdf() {
    if !have("openssl") || !have("python3") {
        return;
    }
    let pki = pki();
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let p = |name: &str| s(&pki.path(name));
    cli_draft(dir.path());
    let (code, _, err) = cli_output_env(
        &[
            "sign",
            &s(&d("cli/draft.pdf")),
            "--p12",
            &p("signer.p12"),
            "--password-env",
            "PW",
            "--time",
            SIGN_TIME,
            "--out",
            &s(&d("signed.pdf")),
        ],
        &[("PW", PASSWORD)],
    );
    assert_eq!(code, 0, "{err}");
    let draft = std::fs::read(d("cli/draft.pdf")).unwrap();
    let signed = std::fs::read(d("signed.pdf")).unwrap();
    let signer_pem = std::fs::read_to_string(p("signer.cert.pem")).unwrap();
    let agency_p12 = p("agency.p12");
    let tsa = TestTsa::start();
    // A service that stopped: its port closed.
    let down = TestTsa::start().url("/");
    let issue = json!({"pdf_base64": b64(&signed), "number": 125, "date": "2026-12-01",
                       "time": ISSUE_TIME});
    for url in [down.clone(), tsa.url("/altered"), tsa.url("/broken")] {
        let srv = Server::start_env(
            &[
                "--agency-p12",
                &agency_p12,
                "--agency-password-env",
                "AGENCY_PW",
                "--tsa",
                &url,
            ],
            &[("AGENCY_PW", PASSWORD)],
        );
        let body = serde_json::to_vec(&issue).unwrap();
        let vi = srv.post_json("/v1/issue", &body);
        let en = srv.post_json_en("/v1/issue", &body);
        for (r, lang) in [(&vi, "vi"), (&en, "en")] {
            assert_eq!(r.status, 502, "{url}: {}", String::from_utf8_lossy(&r.body));
            assert_eq!(
                r.header("content-type"),
                Some("application/problem+json"),
                "{url}"
            );
            assert_eq!(r.header("content-language"), Some(lang), "{url}");
            let p = r.json();
            assert_eq!(p["code"], "tsa-failed", "{p}");
            assert_eq!(p["status"], 502, "{p}");
            assert!(p["detail"].as_str().unwrap().contains(&url), "{p}");
        }
        let (vi, en) = (vi.json(), en.json());
        assert!(
            vi["title"].as_str().unwrap().contains("dấu thời gian"),
            "{vi}"
        );
        assert!(en["title"].as_str().unwrap().contains("time-stamp"), "{en}");
        assert!(
            en["detail"]
                .as_str()
                .unwrap()
                .starts_with("the time-stamping service"),
            "{en}"
        );
        // A finish and a batch: the same problem, no PDF, no zip.
        let prepared = post(
            &srv,
            "/v1/sign/prepare",
            &json!({"pdf_base64": b64(&draft), "certificate_pem": signer_pem,
                    "time": SIGN_TIME}),
        );
        assert_eq!(
            prepared.status,
            200,
            "{}",
            String::from_utf8_lossy(&prepared.body)
        );
        let prepared = prepared.json();
        let r = post(
            &srv,
            "/v1/sign/finish",
            &json!({"pdf_base64": prepared["prepared_pdf_base64"],
                    "signature_base64": remote_sign(&prepared)}),
        );
        assert_eq!(
            (r.status, r.json()["code"].clone()),
            (502, json!("tsa-failed"))
        );
        let r = post(
            &srv,
            "/v1/issue/batch",
            &json!({"pdfs": [{"name": "a.pdf", "pdf_base64": b64(&signed)}],
                    "first_number": 1, "date": "2026-12-01", "time": ISSUE_TIME}),
        );
        assert_eq!(
            (r.status, r.json()["code"].clone()),
            (502, json!("tsa-failed"))
        );
        assert!(!r.body.starts_with(b"PK"));
        // The OpenAPI document describes the answer on each endpoint that can give it.
        let api = srv.get("/openapi.json").json();
        for path in [
            "/v1/sign/finish",
            "/v1/issue",
            "/v1/issue/finish",
            "/v1/issue/batch",
        ] {
            let doc = &api["paths"][path]["post"]["responses"]["502"];
            assert!(
                doc["description"].as_str().unwrap().contains("tsa-failed"),
                "{path}: {doc}"
            );
        }
        assert_eq!(
            api["components"]["schemas"]["Ready"]["properties"]["tsa"]["type"],
            "boolean"
        );
        assert_eq!(
            srv.get("/readyz").json(),
            json!({"ready": true, "tsa": true})
        );
        // The first half of a deferred issuance calls no service: it still works.
        let mut prepare = issue.clone();
        prepare["certificate_pem"] = std::fs::read_to_string(p("agency-rsa.cert.pem"))
            .unwrap()
            .into();
        assert_eq!(post(&srv, "/v1/issue/prepare", &prepare).status, 200);
        assert!(
            srv.get("/metrics")
                .body
                .windows(b"reason=\"tsa_failed\"} 4".len())
                .any(|w| w == b"reason=\"tsa_failed\"} 4"),
            "{}",
            String::from_utf8_lossy(&srv.get("/metrics").body)
        );
    }

    // Refused at start, before the server listens: exit 2 and why.
    let missing = s(&d("no-such-ca.pem"));
    std::fs::write(d("bad-ca.pem"), "not a certificate").unwrap();
    let bad_ca = s(&d("bad-ca.pem"));
    for (args, words) in [
        (vec!["--tsa", "ftp://127.0.0.1/"], "ftp://127.0.0.1/"),
        (
            vec!["--tsa", "https://127.0.0.1:1/", "--tsa-ca", &missing],
            "no-such-ca.pem",
        ),
        (
            vec!["--tsa", "https://127.0.0.1:1/", "--tsa-ca", &bad_ca],
            "bad-ca.pem",
        ),
    ] {
        let mut all = vec!["serve", "--listen", "127.0.0.1:0"];
        all.extend(&args);
        let (code, _, err) = cli_output(&all);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(words) && err.contains("\"event\":\"start\""),
            "{args:?}: {err}"
        );
    }
}
