//! The one test PKI of the issuance tests (`tests/issue.rs`, `tests/serve.rs`) and
//! the test time-stamping authority they both speak to. Every key and certificate
//! is made here with rcgen, once per test binary, so no secret is ever committed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// The password of every PKCS#12 file of the test PKI: not ASCII, so the tests
/// also check that a password is passed on as UTF-8.
pub const PASSWORD: &str = "mật khẩu 123";

/// The test PKI: files in a folder of this test run under the build's own
/// temporary folder (a static is never dropped, so a temporary folder would stay).
///
/// Each `NAME.p12` (password [`PASSWORD`]) has beside it `NAME.key.pem` (the key)
/// and `NAME.cert.pem` (the certificate then the CA's), for the deferred flow:
/// - `ca.pem`: the test CA (P-256) that every signing certificate chains to; the
///   validators are told to trust it alone.
/// - `signer`: the competent person, "Nguyễn Văn An", RSA 2,048 ([`Pki::rsa`]).
/// - `agency`: the agency, "UBND quận Long Biên", ECDSA P-256.
/// - `agency-rsa`: the agency with the signer's RSA key, for a deferred issuance
///   signed by a remote service that only holds RSA keys.
/// - `expired`, `future`: the signer's key with a certificate that ended before,
///   or starts after, the signing time of the tests (refusals).
/// - `no-sign`: the signer's key whose certificate allows key encipherment only,
///   not digital signatures (a refusal).
/// - `tsa.cert.pem`, `tsa.key.pem`: the time-stamping authority that [`TestTsa`]
///   signs its tokens with, chained to the test CA.
/// - `tls-ca.pem`, `tls-server.pem`, `tls-server.key`: a CA for TLS only (not the
///   signing CA, not a root of the system) and its certificate for 127.0.0.1, for
///   a TSA over https.
pub struct Pki {
    pub dir: PathBuf,
    /// The signer's RSA key, which also serves as the agency's for deferred
    /// issuance: a test signs a prepared digest with it as a remote service would.
    pub rsa: rsa::RsaPrivateKey,
}

impl Pki {
    /// A file of the test PKI (see [`Pki`] for the names).
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// A PKCS#12 file holding `key_der` (PKCS#8) and its chain, as signing tools and
/// USB token exports write them.
pub fn p12(key_der: &[u8], chain: &[&[u8]], password: &str) -> Vec<u8> {
    use p12_keystore::{Certificate, KeyStore, KeyStoreEntry, PrivateKeyChain};
    let certs: Vec<Certificate> = chain
        .iter()
        .map(|c| Certificate::from_der(c).expect("certificate"))
        .collect();
    let mut store = KeyStore::new();
    store.add_entry(
        "key",
        KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(key_der, [1u8, 2, 3, 4], certs)),
    );
    store.writer(password).write().expect("p12")
}

/// A fresh RSA 2,048 key, both for rcgen (to certify it) and as itself (to sign
/// digests with it in a test); rcgen cannot make RSA keys.
fn rsa_key() -> (rsa::RsaPrivateKey, rcgen::KeyPair) {
    use rsa::pkcs8::EncodePrivateKey;
    let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("rsa key");
    let der = key.to_pkcs8_der().expect("pkcs8");
    let pair = rcgen::KeyPair::try_from(der.as_bytes()).expect("rcgen rsa key");
    (key, pair)
}

/// A signing certificate for `cn`, issued by the test CA.
fn leaf(
    cn: &str,
    key: &rcgen::KeyPair,
    usages: Vec<rcgen::KeyUsagePurpose>,
    valid: ((i32, u8, u8), (i32, u8, u8)),
    ca: &rcgen::Certificate,
    ca_key: &rcgen::KeyPair,
) -> rcgen::Certificate {
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, cn);
    params.key_usages = usages;
    // rcgen writes the key usage only beside another extension.
    params.is_ca = rcgen::IsCa::ExplicitNoCa;
    params.use_authority_key_identifier_extension = true;
    params.not_before = rcgen::date_time_ymd(valid.0 .0, valid.0 .1, valid.0 .2);
    params.not_after = rcgen::date_time_ymd(valid.1 .0, valid.1 .1, valid.1 .2);
    params.signed_by(key, ca, ca_key).expect("leaf")
}

/// A self-signed CA named `cn`, valid 2025 to 2040.
fn self_signed_ca(cn: &str) -> (rcgen::Certificate, rcgen::KeyPair) {
    use rcgen::KeyUsagePurpose as U;
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, cn);
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params.key_usages = vec![U::KeyCertSign, U::CrlSign];
    params.not_before = rcgen::date_time_ymd(2025, 1, 1);
    params.not_after = rcgen::date_time_ymd(2040, 1, 1);
    let cert = params.self_signed(&key).unwrap();
    (cert, key)
}

/// The test PKI of this test binary, made on first use (see [`Pki`]).
pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        use rcgen::KeyUsagePurpose as U;
        let dir =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("pki-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (ca, ca_key) = self_signed_ca("vanban test CA");
        std::fs::write(dir.join("ca.pem"), ca.pem()).unwrap();
        let signing = vec![U::DigitalSignature, U::ContentCommitment];
        let valid = ((2026, 1, 1), (2036, 1, 1));
        let (rsa, signer_key) = rsa_key();
        let agency_key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let cases: Vec<(&str, &str, &rcgen::KeyPair, Vec<U>, _)> = vec![
            (
                "signer",
                "Nguyễn Văn An",
                &signer_key,
                signing.clone(),
                valid,
            ),
            (
                "agency",
                "UBND quận Long Biên",
                &agency_key,
                signing.clone(),
                valid,
            ),
            (
                "agency-rsa",
                "UBND quận Long Biên",
                &signer_key,
                signing.clone(),
                valid,
            ),
            (
                "expired",
                "Nguyễn Văn An",
                &signer_key,
                signing.clone(),
                ((2025, 1, 1), (2026, 6, 30)),
            ),
            (
                "future",
                "Nguyễn Văn An",
                &signer_key,
                signing.clone(),
                ((2027, 1, 1), (2036, 1, 1)),
            ),
            (
                "no-sign",
                "Nguyễn Văn An",
                &signer_key,
                vec![U::KeyEncipherment],
                valid,
            ),
        ];
        for (file, cn, key, usages, validity) in cases {
            let cert = leaf(cn, key, usages, validity, &ca, &ca_key);
            let bytes = p12(&key.serialize_der(), &[cert.der(), ca.der()], PASSWORD);
            std::fs::write(dir.join(format!("{file}.key.pem")), key.serialize_pem()).unwrap();
            std::fs::write(
                dir.join(format!("{file}.cert.pem")),
                format!("{}{}", cert.pem(), ca.pem()),
            )
            .unwrap();
            std::fs::write(dir.join(format!("{file}.p12")), bytes).unwrap();
        }
        // A time-stamping authority: extended key usage timeStamping alone, marked
        // critical as RFC 3161 (2.3) asks and `openssl ts` checks.
        let tsa_key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "vanban test TSA");
        params.key_usages = vec![U::DigitalSignature];
        params.is_ca = rcgen::IsCa::ExplicitNoCa;
        params.use_authority_key_identifier_extension = true;
        let mut eku = rcgen::CustomExtension::from_oid_content(
            &[2, 5, 29, 37],
            vec![
                0x30, 0x0A, 0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08,
            ],
        );
        eku.set_criticality(true);
        params.custom_extensions = vec![eku];
        params.not_before = rcgen::date_time_ymd(2025, 1, 1);
        params.not_after = rcgen::date_time_ymd(2040, 1, 1);
        let tsa = params.signed_by(&tsa_key, &ca, &ca_key).expect("tsa");
        std::fs::write(dir.join("tsa.cert.pem"), tsa.pem()).unwrap();
        std::fs::write(dir.join("tsa.key.pem"), tsa_key.serialize_pem()).unwrap();
        // The TLS side of an https TSA: its own CA (not the signing CA, not a root
        // of the system) and a server certificate for 127.0.0.1.
        let (tls_ca, tls_ca_key) = self_signed_ca("vanban test TLS CA");
        std::fs::write(dir.join("tls-ca.pem"), tls_ca.pem()).unwrap();
        let server_key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "127.0.0.1");
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
        params.not_before = rcgen::date_time_ymd(2025, 1, 1);
        params.not_after = rcgen::date_time_ymd(2040, 1, 1);
        let server = params
            .signed_by(&server_key, &tls_ca, &tls_ca_key)
            .expect("tls server");
        std::fs::write(dir.join("tls-server.pem"), server.pem()).unwrap();
        std::fs::write(dir.join("tls-server.key"), server_key.serialize_pem()).unwrap();
        Pki { dir, rsa }
    })
}

/// A time-stamping authority on loopback for one test: Python's http.server
/// answering each query with `openssl ts -reply` signed by the test TSA
/// (`tsa.cert.pem`). Paths other than `/` answer wrongly on purpose:
/// `/other-digest` and `/other-nonce` reply to a copy of the query with one byte of
/// the digest or the nonce changed, `/refuse` grants nothing (status rejection),
/// `/altered` changes the token after the TSA signed it, `/broken` answers HTTP
/// 500. The server stops by itself after two minutes, and when the test drops it.
pub struct TestTsa {
    child: std::process::Child,
    port: u16,
    scheme: &'static str,
    _dir: tempfile::TempDir,
}

const TSA_SERVER: &str = r#"
import http.server, os, subprocess, sys, tempfile, threading
conf = sys.argv[1]
threading.Timer(120, lambda: os._exit(3)).start()
class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def do_POST(self):
        query = bytearray(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == "/broken":
            self.send_response(500); self.send_header("Content-Length", "0"); self.end_headers()
            return
        if self.path == "/refuse":
            body = bytes([0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02])
        else:
            # vanban's query ends: digest (32 bytes), 02 08 nonce (8 bytes), 01 01 ff.
            if self.path == "/other-digest":
                query[-20] ^= 1
            if self.path == "/other-nonce":
                query[-4] ^= 1
            with tempfile.TemporaryDirectory() as d:
                q, r = os.path.join(d, "q.tsq"), os.path.join(d, "r.tsr")
                open(q, "wb").write(query)
                subprocess.run(["openssl", "ts", "-reply", "-config", conf, "-queryfile", q,
                                "-out", r], check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=30)
                body = bytearray(open(r, "rb").read())
            if self.path == "/altered":
                # One digit of the time in the TSTInfo, after the TSA signed it.
                at = body.find(bytes([0x18, 0x0F]))
                body[at + 14] ^= 1
            body = bytes(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
if len(sys.argv) > 3:
    import ssl
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[2], sys.argv[3])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

impl TestTsa {
    /// The test TSA over plain http.
    pub fn start() -> TestTsa {
        TestTsa::start_with(&[])
    }

    /// The same service over https, with the test TLS CA's server certificate
    /// (`tls-ca.pem` is what a client must trust to reach it).
    pub fn start_tls() -> TestTsa {
        let mut tsa =
            TestTsa::start_with(&[&pki().path("tls-server.pem"), &pki().path("tls-server.key")]);
        tsa.scheme = "https";
        tsa
    }

    fn start_with(tls: &[&Path]) -> TestTsa {
        let s = |p: &Path| p.to_str().unwrap().to_string();
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("serial"), "01\n").unwrap();
        std::fs::write(d.join("server.py"), TSA_SERVER).unwrap();
        let conf = format!(
            "[ tsa ]\ndefault_tsa = tsa_config\n[ tsa_config ]\nserial = {}\nsigner_cert = {}\nsigner_key = {}\ncerts = {}\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\ness_cert_id_alg = sha256\n",
            s(&d.join("serial")),
            s(&pki().path("tsa.cert.pem")),
            s(&pki().path("tsa.key.pem")),
            s(&pki().path("ca.pem")),
        );
        std::fs::write(d.join("tsa.cnf"), conf).unwrap();
        let mut child = Command::new("python3")
            .arg(d.join("server.py"))
            .arg(d.join("tsa.cnf"))
            .args(tls)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3");
        let mut stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = Vec::new();
            let mut b = [0u8; 1];
            while std::io::Read::read(&mut stdout, &mut b).unwrap_or(0) == 1 && b[0] != b'\n' {
                line.push(b[0]);
            }
            let _ = tx.send(String::from_utf8_lossy(&line).trim().to_string());
        });
        let port = match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(p) if p.parse::<u16>().is_ok() => p.parse().unwrap(),
            other => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the test TSA did not start: {other:?}");
            }
        };
        TestTsa {
            child,
            port,
            scheme: "http",
            _dir: dir,
        }
    }

    /// The address of `path` on this TSA (`/` answers rightly; see [`TestTsa`]).
    pub fn url(&self, path: &str) -> String {
        format!("{}://127.0.0.1:{}{path}", self.scheme, self.port)
    }
}

impl Drop for TestTsa {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The timestamp token of the last signature of `pdf` and the signature value it
/// stamps, read with the cms crate.
pub fn last_timestamp(pdf: &[u8]) -> (Vec<u8>, Vec<u8>) {
    use der::{Decode, Encode};
    let at = pdf.windows(10).rposition(|w| w == b"/Contents<").unwrap() + 10;
    let end = at + pdf[at..].iter().position(|&b| b == b'>').unwrap();
    let hex = std::str::from_utf8(&pdf[at..end]).unwrap();
    let bytes: Vec<u8> = (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    // The DER ends where its outer length says (30 82 hi lo: a few kilobytes);
    // the zeros after it are padding.
    assert_eq!(bytes[..2], [0x30, 0x82]);
    let total = 4 + (usize::from(bytes[2]) << 8 | usize::from(bytes[3]));
    let info = cms::content_info::ContentInfo::from_der(&bytes[..total]).expect("a CMS");
    let signed: cms::signed_data::SignedData = info.content.decode_as().unwrap();
    let signer = signed.signer_infos.0.get(0).unwrap();
    let token = signer
        .unsigned_attrs
        .as_ref()
        .expect("unsigned attributes")
        .iter()
        .find(|a| a.oid.to_string() == "1.2.840.113549.1.9.16.2.14")
        .expect("signature-time-stamp-token")
        .values
        .get(0)
        .unwrap()
        .to_der()
        .unwrap();
    (token, signer.signature.as_bytes().to_vec())
}

/// The pyHanko lines of each signature that has a timestamp token, valid and
/// trusted.
pub fn timestamped(report: &str) -> usize {
    report
        .lines()
        .filter(|l| l.contains(":INTACT:") && l.contains("TIMESTAMP_TOKEN<INTACT:TRUSTED>"))
        .count()
}
