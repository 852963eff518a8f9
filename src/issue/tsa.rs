//! RFC 3161 timestamps for PAdES baseline B-T (ETSI EN 319 142-1, 5.4): the
//! SHA-256 of the signature value goes to a time-stamping service, whose token
//! becomes the signer's unsigned attribute signature-time-stamp-token.
//!
//! The client is a small blocking HTTP/1.1 one over `std::net::TcpStream`, plain
//! for `http://` services and TLS (rustls) for `https://` ones. The token is
//! signed by the service, so plain HTTP loses nothing, but some services (and
//! some offices' networks) only answer on https. The server's certificate is
//! checked against the system's trusted roots, and against an extra CA given for
//! a private service ([`Tsa::new`], `--tsa-ca`). An answer is used only when it is
//! a granted token over the digest that was sent, with the nonce that was sent;
//! anything else is refused and nothing is written.

use super::cms::{signature_value, tlv, with_timestamp_token, ID_SHA256};
use super::IssueError;
use crate::messages::issue as m;
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

/// How long a connection, a write or a read may take before the service is
/// given up.
const TIMEOUT: Duration = Duration::from_secs(30);
/// An answer larger than this is not a timestamp (a token with a chain of
/// certificates takes a few kilobytes).
const MAX_ANSWER: usize = 1 << 20;

const ID_CT_TST_INFO: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

fn refused(url: &str, why: &str) -> IssueError {
    IssueError::Tsa(m::tsa_refused(url, why))
}

/// A time-stamping service: its address read, and for `https://` the TLS client
/// that checks its certificate.
pub struct Tsa {
    url: String,
    host: String,
    port: u16,
    path: String,
    tls: Option<Arc<rustls::ClientConfig>>,
}

impl Tsa {
    /// The service at `url` (`http://` or `https://`). For https, the server's
    /// certificate must chain to a root the system trusts or to one of the
    /// certificates of `extra_ca` (PEM, or one DER certificate; `ca_name` names
    /// that file in messages).
    pub fn new(url: &str, extra_ca: Option<&[u8]>, ca_name: &str) -> Result<Tsa, IssueError> {
        let (https, host, port, path) = parse_url(url)?;
        let tls = if https {
            Some(Arc::new(client_config(extra_ca, ca_name)?))
        } else {
            None
        };
        Ok(Tsa {
            url: url.to_string(),
            host,
            port,
            path,
            tls,
        })
    }

    /// The CMS `der` with a timestamp of its signature from this service.
    pub fn timestamp(&self, der: &[u8]) -> Result<Vec<u8>, IssueError> {
        let imprint: [u8; 32] = Sha256::digest(signature_value(der)?).into();
        let nonce = nonce();
        let request = request(&imprint, &nonce);
        let answer = self.post(&request)?;
        let token = token_of(&answer, &imprint, &nonce).map_err(|why| refused(&self.url, &why))?;
        with_timestamp_token(der, &token)
    }
}

/// The CMS `der` with a timestamp of its signature from the service at `url`
/// (trusting the system's roots for https).
pub fn add_timestamp(der: &[u8], url: &str) -> Result<Vec<u8>, IssueError> {
    Tsa::new(url, None, "")?.timestamp(der)
}

/// The TLS client of an https service: TLS 1.2 and 1.3 on ring, the system's
/// trusted roots and the certificates of `extra_ca`.
fn client_config(
    extra_ca: Option<&[u8]>,
    ca_name: &str,
) -> Result<rustls::ClientConfig, IssueError> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::CertificateDer;
    let mut roots = rustls::RootCertStore::empty();
    // Certificates of the system store that rustls cannot use are left out, as
    // browsers leave them out; the others still count.
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(bytes) = extra_ca {
        let bad = || IssueError::Input(m::tsa_ca_unreadable(ca_name));
        let mut certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(bytes)
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        if certs.is_empty() {
            certs.push(CertificateDer::from(bytes.to_vec()));
        }
        for cert in certs {
            roots.add(cert).map_err(|_| bad())?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| IssueError::Internal(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Eight bytes no earlier request used, positive and minimal as a DER INTEGER:
/// the process's hash keys (seeded by the system) over the clock and the
/// process id.
fn nonce() -> [u8; 8] {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    h.write_u128(now);
    h.write_u32(std::process::id());
    let mut n = h.finish().to_be_bytes();
    n[0] = (n[0] & 0x7F) | 0x40;
    n
}

/// `TimeStampReq ::= SEQUENCE { version 1, messageImprint, nonce, certReq TRUE }`:
/// the service is asked for its certificate in the token, so that a validator
/// finds it there.
fn request(imprint: &[u8; 32], nonce: &[u8; 8]) -> Vec<u8> {
    let sha256 = ID_SHA256.to_der().unwrap_or_default();
    let algorithm = tlv(0x30, &[sha256, vec![0x05, 0x00]].concat());
    let message_imprint = tlv(0x30, &[algorithm, tlv(0x04, imprint)].concat());
    tlv(
        0x30,
        &[
            tlv(0x02, &[1]),
            message_imprint,
            tlv(0x02, nonce),
            tlv(0x01, &[0xFF]),
        ]
        .concat(),
    )
}

/// `http[s]://host[:port]/path` → whether https, host, port, path.
fn parse_url(url: &str) -> Result<(bool, String, u16, String), IssueError> {
    let bad = |why: String| IssueError::Input(m::tsa_bad_address(url, why));
    let (https, rest) = match (url.strip_prefix("http://"), url.strip_prefix("https://")) {
        (Some(r), _) => (false, r),
        (_, Some(r)) => (true, r),
        _ => return Err(bad(m::tsa_not_http())),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (
            h,
            p.parse::<u16>()
                .map_err(|_| bad(m::tsa_port_not_number()))?,
        ),
        _ => (authority, if https { 443 } else { 80 }),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() {
        return Err(bad(m::tsa_no_host()));
    }
    Ok((https, host.to_string(), port, path.to_string()))
}

impl Tsa {
    /// POST `body` as a timestamp query; the body of a 200 answer.
    fn post(&self, body: &[u8]) -> Result<Vec<u8>, IssueError> {
        let url = self.url.as_str();
        let (host, port, path) = (&self.host, self.port, &self.path);
        let unreachable = |e: std::io::Error| refused(url, &m::tsa_unreachable(e));
        let addrs: Vec<_> = (host.as_str(), port)
            .to_socket_addrs()
            .map_err(unreachable)?
            .collect();
        let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, m::tsa_no_address());
        let mut stream = None;
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, TIMEOUT) {
                Ok(s) => {
                    stream = Some(s);
                    break;
                }
                Err(e) => last = e,
            }
        }
        let stream = stream.ok_or_else(|| unreachable(last))?;
        let io = |e: std::io::Error| refused(url, &m::tsa_no_answer(e));
        stream.set_read_timeout(Some(TIMEOUT)).map_err(io)?;
        stream.set_write_timeout(Some(TIMEOUT)).map_err(io)?;
        let default_port = if self.tls.is_some() { 443 } else { 80 };
        let host_header = match (port == default_port, host.contains(':')) {
            (true, false) => host.clone(),
            (true, true) => format!("[{host}]"),
            (false, false) => format!("{host}:{port}"),
            (false, true) => format!("[{host}]:{port}"),
        };
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {host_header}\r\nContent-Type: application/timestamp-query\r\nAccept: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\nUser-Agent: vanban\r\n\r\n",
            body.len()
        );
        let mut request = head.into_bytes();
        request.extend_from_slice(body);
        let answer = match &self.tls {
            None => exchange(stream, &request).map_err(io)?,
            Some(config) => {
                let name = rustls_pki_types::ServerName::try_from(host.clone())
                    .map_err(|_| refused(url, &m::tsa_bad_host_name()))?;
                let conn = rustls::ClientConnection::new(config.clone(), name)
                    .map_err(|e| refused(url, &m::tsa_tls_failed(e)))?;
                let tls = rustls::StreamOwned::new(conn, stream);
                exchange(tls, &request).map_err(|e| tls_error(url, e))?
            }
        };
        if answer.len() > MAX_ANSWER {
            return Err(refused(url, &m::tsa_answer_too_large()));
        }
        http_body(&answer).map_err(|why| refused(url, &why))
    }
}

/// Write the request and read the answer to its end (the service closes the
/// connection after it). A TLS peer that closes without saying so has still sent
/// its whole answer when the answer's length says so, which [`http_body`] checks.
fn exchange(mut stream: impl Read + Write, request: &[u8]) -> std::io::Result<Vec<u8>> {
    stream.write_all(request)?;
    stream.flush()?;
    let mut answer = Vec::new();
    match stream.take(MAX_ANSWER as u64 + 1).read_to_end(&mut answer) {
        Ok(_) => Ok(answer),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && !answer.is_empty() => Ok(answer),
        Err(e) => Err(e),
    }
}

/// A failed https exchange, said as what went wrong: the server's certificate is
/// not trusted, expired, for another name, or the connection failed.
fn tls_error(url: &str, e: std::io::Error) -> IssueError {
    let tls = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    use rustls::CertificateError as C;
    let why = match tls {
        Some(rustls::Error::InvalidCertificate(C::UnknownIssuer | C::BadSignature)) => {
            m::tsa_cert_untrusted()
        }
        Some(rustls::Error::InvalidCertificate(C::Expired | C::ExpiredContext { .. })) => {
            m::tsa_cert_expired()
        }
        Some(rustls::Error::InvalidCertificate(C::NotValidYet | C::NotValidYetContext { .. })) => {
            m::tsa_cert_not_yet_valid()
        }
        Some(rustls::Error::InvalidCertificate(
            C::NotValidForName | C::NotValidForNameContext { .. },
        )) => m::tsa_cert_wrong_name(),
        Some(other) => m::tsa_tls_failed(other),
        None => m::tsa_no_answer(e),
    };
    refused(url, &why)
}

/// The body of an HTTP/1.x answer read to its end: status 200, the body as
/// Content-Length or chunked transfer give it.
fn http_body(answer: &[u8]) -> Result<Vec<u8>, String> {
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(m::tsa_no_http)?;
    let head = String::from_utf8_lossy(&answer[..end]);
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap_or_default();
    let code = status.split_whitespace().nth(1).unwrap_or_default();
    if !status.starts_with("HTTP/1.") {
        return Err(m::tsa_no_http());
    }
    if code != "200" {
        return Err(m::tsa_http_status(status.trim()));
    }
    let header = |name: &str| {
        head.split("\r\n").skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    let body = &answer[end + 4..];
    if header("Transfer-Encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        return dechunk(body);
    }
    match header("Content-Length") {
        Some(n) => {
            let n: usize = n.parse().map_err(|_| m::tsa_bad_length())?;
            body.get(..n)
                .map(<[u8]>::to_vec)
                .ok_or_else(m::tsa_cut_short)
        }
        None => Ok(body.to_vec()),
    }
}

fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let bad = m::tsa_bad_chunks;
    let mut out = Vec::new();
    loop {
        let eol = body.windows(2).position(|w| w == b"\r\n").ok_or_else(bad)?;
        let size = std::str::from_utf8(&body[..eol]).map_err(|_| bad())?;
        let size = size.split(';').next().unwrap_or_default().trim();
        let n = usize::from_str_radix(size, 16).map_err(|_| bad())?;
        body = &body[eol + 2..];
        if n == 0 {
            return Ok(out);
        }
        out.extend_from_slice(body.get(..n).ok_or_else(bad)?);
        body = body.get(n + 2..).ok_or_else(bad)?;
    }
}

/// One DER element: its tag, its content, and what follows it.
fn element(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let k = usize::from(first & 0x7F);
        if k == 0 || k > 4 || rest.len() < k {
            return None;
        }
        let len = rest[..k]
            .iter()
            .fold(0usize, |a, &b| (a << 8) | usize::from(b));
        (len, &rest[k..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The elements of a constructed element's content, in order.
fn elements(mut content: &[u8]) -> Option<Vec<(u8, &[u8])>> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let (tag, value, rest) = element(content)?;
        out.push((tag, value));
        content = rest;
    }
    Some(out)
}

/// The TimeStampToken of a `TimeStampResp`, checked: granted, a SignedData over a
/// TSTInfo whose message imprint is SHA-256 of `imprint` and whose nonce is `nonce`.
fn token_of(answer: &[u8], imprint: &[u8; 32], nonce: &[u8; 8]) -> Result<Vec<u8>, String> {
    let not_an_answer = m::tsa_not_an_answer;
    let (tag, content, _) = element(answer).ok_or_else(not_an_answer)?;
    if tag != 0x30 {
        return Err(not_an_answer());
    }
    let parts = elements(content).ok_or_else(not_an_answer)?;
    let (&(0x30, status_info), token) = parts.split_first().ok_or_else(not_an_answer)? else {
        return Err(not_an_answer());
    };
    let status = elements(status_info).ok_or_else(not_an_answer)?;
    let code = match status.first() {
        Some(&(0x02, v)) if v.len() == 1 => v[0],
        _ => return Err(not_an_answer()),
    };
    if code > 1 {
        // statusString: a SEQUENCE of UTF8String.
        let text: Vec<String> = status
            .iter()
            .find(|(t, _)| *t == 0x30)
            .and_then(|(_, v)| elements(v))
            .unwrap_or_default()
            .iter()
            .map(|(_, s)| String::from_utf8_lossy(s).into_owned())
            .collect();
        let what = match code {
            2 => m::tsa_status_rejection(),
            3 => m::tsa_status_waiting(),
            4 => m::tsa_status_revocation_warning(),
            5 => m::tsa_status_revoked(),
            _ => m::tsa_status_unknown(),
        };
        return Err(if text.is_empty() {
            what
        } else {
            m::tsa_status_with_text(what, text.join("; "))
        });
    }
    let &[(0x30, _)] = token else {
        return Err(m::tsa_no_token());
    };
    // The token's own DER, from the answer's bytes.
    let status_len = {
        let (_, _, after) = element(content).ok_or_else(not_an_answer)?;
        content.len() - after.len()
    };
    let token_der = &content[status_len..];
    let info = ::cms::content_info::ContentInfo::from_der(token_der)
        .map_err(|_| m::tsa_token_not_cms())?;
    let signed: ::cms::signed_data::SignedData = info
        .content
        .decode_as()
        .map_err(|_| m::tsa_token_not_signed_data())?;
    if signed.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err(m::tsa_token_no_tst_info());
    }
    let tst = signed
        .encap_content_info
        .econtent
        .as_ref()
        .and_then(|e| e.decode_as::<der::asn1::OctetString>().ok())
        .ok_or_else(m::tsa_token_no_tst_info)?;
    check_tst_info(tst.as_bytes(), imprint, nonce)?;
    check_token_digest(&signed, tst.as_bytes())?;
    Ok(token_der.to_vec())
}

/// The token's signer must have signed this TSTInfo: its message-digest
/// attribute is the hash of it. (Whether the signature and the service's
/// certificate are to be trusted is the validator's question, against its roots.)
fn check_token_digest(signed: &::cms::signed_data::SignedData, tst: &[u8]) -> Result<(), String> {
    const ID_MESSAGE_DIGEST: const_oid::ObjectIdentifier =
        const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
    let altered = m::tsa_token_altered;
    let [signer] = signed.signer_infos.0.as_slice() else {
        return Err(m::tsa_token_signers());
    };
    let digest: Vec<u8> = match signer.digest_alg.oid.to_string().as_str() {
        "2.16.840.1.101.3.4.2.1" => Sha256::digest(tst).to_vec(),
        "2.16.840.1.101.3.4.2.2" => sha2::Sha384::digest(tst).to_vec(),
        "2.16.840.1.101.3.4.2.3" => sha2::Sha512::digest(tst).to_vec(),
        other => return Err(m::tsa_unknown_digest(other)),
    };
    let claimed = signer
        .signed_attrs
        .as_ref()
        .and_then(|attrs| attrs.iter().find(|a| a.oid == ID_MESSAGE_DIGEST))
        .and_then(|a| a.values.get(0))
        .and_then(|v| v.decode_as::<der::asn1::OctetString>().ok())
        .ok_or_else(altered)?;
    if claimed.as_bytes() == digest.as_slice() {
        Ok(())
    } else {
        Err(altered())
    }
}

/// `TSTInfo ::= SEQUENCE { version, policy, messageImprint, serialNumber, genTime,
/// accuracy OPTIONAL, ordering DEFAULT FALSE, nonce OPTIONAL, tsa [0] OPTIONAL,
/// extensions [1] OPTIONAL }`.
fn check_tst_info(tst: &[u8], imprint: &[u8; 32], nonce: &[u8; 8]) -> Result<(), String> {
    let bad = m::tsa_bad_tst_info;
    let (tag, content, _) = element(tst).ok_or_else(bad)?;
    if tag != 0x30 {
        return Err(bad());
    }
    let parts = elements(content).ok_or_else(bad)?;
    let [(0x02, _), (0x06, _), (0x30, message_imprint), (0x02, _), (0x18, _), rest @ ..] =
        parts.as_slice()
    else {
        return Err(bad());
    };
    let mi = elements(message_imprint).ok_or_else(bad)?;
    let [(0x30, algorithm), (0x04, hashed)] = mi.as_slice() else {
        return Err(bad());
    };
    let oid = elements(algorithm)
        .and_then(|a| a.first().copied())
        .filter(|(t, _)| *t == 0x06)
        .map(|(_, v)| v)
        .ok_or_else(bad)?;
    let sha256 = ID_SHA256.as_bytes();
    if oid != sha256 || *hashed != imprint.as_slice() {
        return Err(m::tsa_other_digest());
    }
    match rest.iter().find(|(t, _)| *t == 0x02) {
        Some((_, n)) if *n == nonce.as_slice() => Ok(()),
        Some(_) => Err(m::tsa_other_nonce()),
        None => Err(m::tsa_no_nonce()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_for_http_and_https() {
        assert_eq!(
            parse_url("http://127.0.0.1:8318/tsa").unwrap(),
            (false, "127.0.0.1".into(), 8318, "/tsa".into())
        );
        assert_eq!(
            parse_url("http://tsa.example").unwrap(),
            (false, "tsa.example".into(), 80, "/".into())
        );
        assert_eq!(
            parse_url("http://[::1]:90/x").unwrap(),
            (false, "::1".into(), 90, "/x".into())
        );
        assert_eq!(
            parse_url("https://tsa.example/ts").unwrap(),
            (true, "tsa.example".into(), 443, "/ts".into())
        );
        let e = crate::messages::with_lang(crate::messages::Lang::En, || {
            parse_url("ftp://x").unwrap_err().to_string()
        });
        assert!(e.contains("http:// or https://"), "{e}");
        let e = crate::messages::with_lang(crate::messages::Lang::Vi, || {
            parse_url("https://:7/").unwrap_err().to_string()
        });
        assert!(e.contains("không có tên máy chủ"), "{e}");
    }

    #[test]
    fn http_answers_are_read_whole_or_refused() {
        let a = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef";
        assert_eq!(http_body(a).unwrap(), b"abc");
        let c = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n2;x\r\nde\r\n0\r\n\r\n";
        assert_eq!(http_body(c).unwrap(), b"abcde");
        let e = http_body(b"HTTP/1.0 500 Internal Server Error\r\n\r\n").unwrap_err();
        assert!(e.contains("500"), "{e}");
        assert!(http_body(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc").is_err());
    }

    #[test]
    fn the_request_is_der_with_the_digest_and_nonce() {
        let req = request(&[7; 32], &[0x41; 8]);
        let (tag, content, rest) = element(&req).unwrap();
        assert_eq!((tag, rest.len()), (0x30, 0));
        let parts = elements(content).unwrap();
        assert_eq!(parts.len(), 4);
        assert_eq!(parts[2], (0x02, [0x41u8; 8].as_slice()));
        assert!(req.windows(32).any(|w| w == [7; 32]));
    }
}
