//! RFC 3161 timestamps for PAdES baseline B-T (ETSI EN 319 142-1, 5.4): the
//! SHA-256 of the signature value goes to a time-stamping service, whose token
//! becomes the signer's unsigned attribute signature-time-stamp-token.
//!
//! The client is a small blocking HTTP/1.1 one over `std::net::TcpStream`, for
//! `http://` services only: the token is signed by the service, so the channel
//! needs no protection of its own, and most public services answer on plain HTTP.
//! An answer is used only when it is a granted token over the digest that was
//! sent, with the nonce that was sent; anything else is refused and nothing is
//! written.

use super::cms::{signature_value, tlv, with_timestamp_token, ID_SHA256};
use super::IssueError;
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
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
    IssueError::Input(format!(
        "the time-stamping service {url} {why}; nothing was written"
    ))
}

/// The CMS `der` with a timestamp of its signature from the service at `url`.
pub fn add_timestamp(der: &[u8], url: &str) -> Result<Vec<u8>, IssueError> {
    let imprint: [u8; 32] = Sha256::digest(signature_value(der)?).into();
    let nonce = nonce();
    let request = request(&imprint, &nonce);
    let answer = post(url, &request)?;
    let token = token_of(&answer, &imprint, &nonce).map_err(|why| refused(url, &why))?;
    with_timestamp_token(der, &token)
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

/// `http://host[:port]/path` → host, port, path.
fn parse_url(url: &str) -> Result<(String, u16, String), IssueError> {
    let bad = |why: &str| IssueError::Input(format!("--tsa {url}: {why}"));
    let rest = match url.strip_prefix("http://") {
        Some(r) => r,
        None if url.starts_with("https://") => {
            return Err(bad(
                "vanban speaks plain HTTP to time-stamping services (the token is signed, so it needs no TLS); give the service's http:// address",
            ))
        }
        None => return Err(bad("not an http:// address")),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (
            h,
            p.parse::<u16>()
                .map_err(|_| bad("the port is not a number"))?,
        ),
        _ => (authority, 80),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() {
        return Err(bad("no host"));
    }
    Ok((host.to_string(), port, path.to_string()))
}

/// POST `body` as a timestamp query to `url`; the body of a 200 answer.
fn post(url: &str, body: &[u8]) -> Result<Vec<u8>, IssueError> {
    let (host, port, path) = parse_url(url)?;
    let unreachable = |e: std::io::Error| refused(url, &format!("cannot be reached ({e})"));
    let addrs: Vec<_> = (host.as_str(), port)
        .to_socket_addrs()
        .map_err(unreachable)?
        .collect();
    let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, "no address");
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
    let mut stream = stream.ok_or_else(|| unreachable(last))?;
    let io = |e: std::io::Error| refused(url, &format!("did not answer ({e})"));
    stream.set_read_timeout(Some(TIMEOUT)).map_err(io)?;
    stream.set_write_timeout(Some(TIMEOUT)).map_err(io)?;
    let host_header = if port == 80 {
        host.clone()
    } else {
        format!("{host}:{port}")
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host_header}\r\nContent-Type: application/timestamp-query\r\nAccept: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\nUser-Agent: vanban\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).map_err(io)?;
    stream.write_all(body).map_err(io)?;
    stream.flush().map_err(io)?;
    let mut answer = Vec::new();
    stream
        .take(MAX_ANSWER as u64 + 1)
        .read_to_end(&mut answer)
        .map_err(io)?;
    if answer.len() > MAX_ANSWER {
        return Err(refused(url, "sent an answer too large to be a timestamp"));
    }
    http_body(&answer).map_err(|why| refused(url, &why))
}

/// The body of an HTTP/1.x answer read to its end: status 200, the body as
/// Content-Length or chunked transfer give it.
fn http_body(answer: &[u8]) -> Result<Vec<u8>, String> {
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("sent no HTTP answer")?;
    let head = String::from_utf8_lossy(&answer[..end]);
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap_or_default();
    let code = status.split_whitespace().nth(1).unwrap_or_default();
    if !status.starts_with("HTTP/1.") {
        return Err("sent no HTTP answer".into());
    }
    if code != "200" {
        return Err(format!("answered {}", status.trim()));
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
            let n: usize = n.parse().map_err(|_| "sent a bad Content-Length")?;
            body.get(..n)
                .map(<[u8]>::to_vec)
                .ok_or_else(|| "closed the connection before the end of its answer".into())
        }
        None => Ok(body.to_vec()),
    }
}

fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let bad = || "sent a damaged chunked answer".to_string();
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
    let not_an_answer = || "sent something that is not a timestamp answer".to_string();
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
            2 => "refused the request",
            3 => "is waiting for something",
            4 => "warns that a revocation is coming",
            5 => "says a revocation happened",
            _ => "answered with an unknown status",
        };
        return Err(if text.is_empty() {
            what.to_string()
        } else {
            format!("{what} ({})", text.join("; "))
        });
    }
    let &[(0x30, _)] = token else {
        return Err("granted the request but sent no token".into());
    };
    // The token's own DER, from the answer's bytes.
    let status_len = {
        let (_, _, after) = element(content).ok_or_else(not_an_answer)?;
        content.len() - after.len()
    };
    let token_der = &content[status_len..];
    let info = ::cms::content_info::ContentInfo::from_der(token_der)
        .map_err(|_| "sent a token that is not a CMS ContentInfo".to_string())?;
    let signed: ::cms::signed_data::SignedData = info
        .content
        .decode_as()
        .map_err(|_| "sent a token that is not a SignedData".to_string())?;
    if signed.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err("sent a token that holds no TSTInfo".into());
    }
    let tst = signed
        .encap_content_info
        .econtent
        .as_ref()
        .and_then(|e| e.decode_as::<der::asn1::OctetString>().ok())
        .ok_or("sent a token without its TSTInfo")?;
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
    let altered = || "sent a token whose signature does not cover its TSTInfo".to_string();
    let [signer] = signed.signer_infos.0.as_slice() else {
        return Err("sent a token without exactly one signer".into());
    };
    let digest: Vec<u8> = match signer.digest_alg.oid.to_string().as_str() {
        "2.16.840.1.101.3.4.2.1" => Sha256::digest(tst).to_vec(),
        "2.16.840.1.101.3.4.2.2" => sha2::Sha384::digest(tst).to_vec(),
        "2.16.840.1.101.3.4.2.3" => sha2::Sha512::digest(tst).to_vec(),
        other => {
            return Err(format!(
                "signed its token with a digest vanban does not know ({other})"
            ))
        }
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
    let bad = || "sent a damaged TSTInfo".to_string();
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
        return Err(
            "answered with a timestamp over another digest than the one sent (not this signature's)"
                .into(),
        );
    }
    match rest.iter().find(|(t, _)| *t == 0x02) {
        Some((_, n)) if *n == nonce.as_slice() => Ok(()),
        Some(_) => {
            Err("answered with another request's nonce (a replayed or mixed-up answer)".into())
        }
        None => Err("answered without the nonce that was sent".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_and_https_is_refused_plainly() {
        assert_eq!(
            parse_url("http://127.0.0.1:8318/tsa").unwrap(),
            ("127.0.0.1".into(), 8318, "/tsa".into())
        );
        assert_eq!(
            parse_url("http://tsa.example").unwrap(),
            ("tsa.example".into(), 80, "/".into())
        );
        assert_eq!(
            parse_url("http://[::1]:90/x").unwrap(),
            ("::1".into(), 90, "/x".into())
        );
        let e = parse_url("https://tsa.example/").unwrap_err().to_string();
        assert!(e.contains("http://"), "{e}");
        assert!(parse_url("ftp://x").is_err());
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
