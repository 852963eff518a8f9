//! Electronic issuance (Nghị định 30/2020, Điều 13–18): the competent person signs
//! the draft, then the văn thư fills in the number and the day and applies the
//! agency's signature, each step an incremental update that leaves the earlier
//! signatures valid.
//!
//! - [`keys`]: the PKCS#12 key and certificate, checked before anything is signed;
//! - [`cms`]: the PAdES baseline B-B container (CAdES detached, SHA-256);
//! - [`incremental`]: reading the PDF and appending an update to it;
//! - [`font`]: the font of the text that issuance adds;
//! - [`time`]: the signing time, in Vietnam time;
//! - [`tsa`]: RFC 3161 timestamps from a time-stamping service (PAdES B-T);
//! - `meta`: the info dictionary and the XMP packet, which issuance updates.
//!
//! The places come from the draft (`vanban render --draft`, or `--signature-field`
//! for the signature alone): a signature field named [`SIGNER_FIELD`] over the signer's
//! block, and text fields over the blanks of the number and the day.

pub mod blank;
pub mod cms;
pub mod edxml;
pub mod font;
pub mod incremental;
pub mod keys;
mod meta;
pub mod tasks;
pub mod time;
pub mod tsa;

use crate::input::image::Picture;
use crate::layout::Area;
use crate::messages::issue as m;
use crate::units::Pt;
use incremental::{text_string, write_object, Base, Update};
use keys::Credentials;
use lopdf::{Dictionary, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};
use time::SigningTime;

/// The signature field of the competent person.
pub const SIGNER_FIELD: &str = "Signature";
/// The signature field of the agency, added at issuance.
pub const AGENCY_FIELD: &str = "AgencySignature";
/// The text field over the blank of the number.
pub const NUMBER_FIELD: &str = "Number";
/// The text fields over the blanks of the day, the month and (when the draft had
/// no date at all) the year.
pub const DAY_FIELD: &str = "Day";
/// Name of the draft's text field for the month.
pub const MONTH_FIELD: &str = "Month";
/// Name of the draft's text field for the year.
pub const YEAR_FIELD: &str = "Year";
/// The key of the number field giving the year a draft prints (when it leaves no
/// blank for it): the issue date must be in that year.
pub const PRINTED_YEAR_KEY: &str = "VanbanYear";

/// Bytes reserved for the CMS container (one remote-signing client reserves as
/// much): an RSA 4,096 signature with a chain of three certificates takes some 6 KB.
const CONTENTS_BYTES: usize = 16_384;

/// Why a step was refused or failed. Nothing is written in any case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueError {
    /// The key file: wrong password, unusable certificate.
    Key(String),
    /// The PDF: damaged, not a draft, already signed or issued.
    Pdf(String),
    /// A value given on the command line.
    Input(String),
    /// The time-stamping service, at signing time: unreachable, or its answer
    /// refused (the service's fault, not the input's; the HTTP service says 502).
    Tsa(String),
    /// A bug or a limit of vanban.
    Internal(String),
}

impl std::fmt::Display for IssueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IssueError::Key(text)
            | IssueError::Pdf(text)
            | IssueError::Input(text)
            | IssueError::Tsa(text) => f.write_str(text),
            IssueError::Internal(text) => f.write_str(&m::internal_error(text)),
        }
    }
}

impl std::error::Error for IssueError {}

/// A field of the document's form (a terminal field merged with its widget).
struct Field {
    id: ObjectId,
    name: String,
    kind: Vec<u8>,
    dict: Dictionary,
    /// Whether it has a value (a signature, a filled number).
    filled: bool,
}

impl Field {
    fn rect(&self) -> Option<[f64; 4]> {
        let a = self.dict.get(b"Rect").ok()?.as_array().ok()?;
        let v: Vec<f64> = a.iter().filter_map(as_f64).collect();
        (v.len() == 4).then(|| {
            [
                v[0].min(v[2]),
                v[1].min(v[3]),
                v[0].max(v[2]),
                v[1].max(v[3]),
            ]
        })
    }
}

fn as_f64(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// The form of `base`: where the AcroForm dictionary is, and its fields.
struct Form {
    /// The AcroForm's own object, when it is not direct in the catalog.
    id: Option<ObjectId>,
    dict: Dictionary,
    fields: Vec<Field>,
}

impl Form {
    fn read(base: &Base) -> Form {
        let catalog = base.doc.catalog().ok();
        let (id, dict) = match catalog.and_then(|c| c.get(b"AcroForm").ok()) {
            Some(Object::Reference(r)) => (
                Some(*r),
                base.doc
                    .get_object(*r)
                    .and_then(Object::as_dict)
                    .cloned()
                    .unwrap_or_default(),
            ),
            Some(Object::Dictionary(d)) => (None, d.clone()),
            _ => (None, Dictionary::new()),
        };
        let mut fields = Vec::new();
        if let Ok(list) = dict.get(b"Fields").and_then(Object::as_array) {
            for item in list {
                let Ok(fid) = item.as_reference() else {
                    continue;
                };
                let Ok(d) = base.doc.get_object(fid).and_then(Object::as_dict) else {
                    continue;
                };
                let name = match d.get(b"T") {
                    Ok(Object::String(s, _)) => decode_text(s),
                    _ => String::new(),
                };
                let kind = d
                    .get(b"FT")
                    .and_then(Object::as_name)
                    .map(<[u8]>::to_vec)
                    .unwrap_or_default();
                let filled = match d.get(b"V") {
                    Ok(Object::String(s, _)) => !s.is_empty(),
                    Ok(Object::Null) | Err(_) => false,
                    Ok(_) => true,
                };
                fields.push(Field {
                    id: fid,
                    name,
                    kind,
                    dict: d.clone(),
                    filled,
                });
            }
        }
        Form { id, dict, fields }
    }

    fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    fn signatures(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.kind == b"Sig")
    }
}

fn decode_text(s: &[u8]) -> String {
    if s.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = s[2..]
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        s.iter().map(|&b| b as char).collect()
    }
}

/// An image XObject for `pic`: the colours, and the alpha channel as a soft mask.
fn image_xobject(update: &mut Update, pic: &Picture) -> ObjectId {
    let (mut rgb, mut alpha) = (Vec::new(), Vec::new());
    for p in pic.rgba.chunks_exact(4) {
        rgb.extend_from_slice(&p[..3]);
        alpha.push(p[3]);
    }
    let image_dict = |space: &[u8]| {
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Image".to_vec())),
            ("Width", Object::Integer(i64::from(pic.width_px))),
            ("Height", Object::Integer(i64::from(pic.height_px))),
            ("ColorSpace", Object::Name(space.to_vec())),
            ("BitsPerComponent", Object::Integer(8)),
        ])
    };
    let mut dict = image_dict(b"DeviceRGB");
    if pic.has_transparency() {
        let mut mask = Stream::new(image_dict(b"DeviceGray"), alpha);
        font::deflate(&mut mask);
        let mask_id = update.add(&Object::Stream(mask));
        dict.set("SMask", Object::Reference(mask_id));
    }
    let mut stream = Stream::new(dict, rgb);
    font::deflate(&mut stream);
    update.add(&Object::Stream(stream))
}

/// A form XObject `w` × `h` points with `content` and `resources`.
fn form_xobject(
    update: &mut Update,
    w: f64,
    h: f64,
    content: String,
    resources: Dictionary,
) -> ObjectId {
    let real = |v: f64| Object::Real(v as f32);
    let mut s = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Form".to_vec())),
            (
                "BBox",
                Object::Array(vec![real(0.0), real(0.0), real(w), real(h)]),
            ),
            ("Resources", Object::Dictionary(resources)),
        ]),
        content.into_bytes(),
    );
    font::deflate(&mut s);
    update.add(&Object::Stream(s))
}

fn rect_object(r: [f64; 4]) -> Object {
    Object::Array(r.iter().map(|&v| Object::Real(v as f32)).collect())
}

fn n(v: f64) -> String {
    incremental::number(v)
}

/// The page height of the page `page` (its MediaBox), for converting the layout's
/// top-down areas.
fn page_height(base: &Base, page: ObjectId) -> f64 {
    base.doc
        .get_object(page)
        .and_then(Object::as_dict)
        .ok()
        .and_then(|d| d.get(b"MediaBox").ok())
        .and_then(|m| m.as_array().ok())
        .and_then(|a| a.get(3).and_then(as_f64))
        .unwrap_or(841.89)
}

/// PDF rectangle (bottom-up) → layout area (top-down).
fn to_area(r: [f64; 4], height: f64) -> Area {
    Area {
        x: Pt(r[0]),
        y: Pt(height - r[3]),
        width: Pt(r[2] - r[0]),
        height: Pt(r[3] - r[1]),
    }
}

fn to_rect(a: Area, height: f64) -> [f64; 4] {
    [
        a.x.0,
        height - a.y.0 - a.height.0,
        a.x.0 + a.width.0,
        height - a.y.0,
    ]
}

/// The signature dictionary with its placeholders, as written.
fn signature_dictionary(name: &str, time: SigningTime) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(b"<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/M");
    write_object(&mut out, &Object::string_literal(time.pdf_date()));
    out.extend_from_slice(b"/Name");
    write_object(&mut out, &text_string(name));
    out.extend_from_slice(b"/ByteRange[0 0000000000 0000000000 0000000000]/Contents<");
    out.extend(std::iter::repeat_n(b'0', 2 * CONTENTS_BYTES));
    out.extend_from_slice(b">>>");
    out
}

/// Put the byte ranges into the written update; where the `/Contents` string
/// starts (its `<`), and the SHA-256 of the ranges.
fn place_ranges(bytes: &mut [u8], sig_offset: usize) -> Result<(usize, [u8; 32]), IssueError> {
    let find = |bytes: &[u8], needle: &[u8], from: usize| {
        bytes[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    };
    let internal = || IssueError::Internal(m::placeholder_missing());
    let range_at =
        find(bytes, b"/ByteRange[", sig_offset).ok_or_else(internal)? + b"/ByteRange[".len();
    let contents_at =
        find(bytes, b"/Contents<", sig_offset).ok_or_else(internal)? + b"/Contents".len();
    let (a, b) = (contents_at, contents_at + 2 * CONTENTS_BYTES + 2);
    let total = bytes.len();
    let ranges = format!("0 {a} {b} {}", total - b);
    let width = "0 0000000000 0000000000 0000000000".len();
    let padded = format!("{ranges:<width$}");
    bytes[range_at..range_at + width].copy_from_slice(padded.as_bytes());
    Ok((a, digest_of_ranges(bytes, a, b)))
}

fn digest_of_ranges(bytes: &[u8], a: usize, b: usize) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(&bytes[..a]);
    hasher.update(&bytes[b..]);
    hasher.finalize().into()
}

/// Write `der` into the `/Contents` string at `contents_at`, zeros after it.
fn embed(bytes: &mut [u8], contents_at: usize, der: &[u8]) -> Result<(), IssueError> {
    if der.len() > CONTENTS_BYTES {
        return Err(IssueError::Input(m::signature_too_large(
            der.len(),
            CONTENTS_BYTES,
        )));
    }
    let mut hex = String::with_capacity(2 * CONTENTS_BYTES);
    for byte in der {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex.extend(std::iter::repeat_n('0', 2 * (CONTENTS_BYTES - der.len())));
    bytes[contents_at + 1..contents_at + 1 + 2 * CONTENTS_BYTES].copy_from_slice(hex.as_bytes());
    Ok(())
}

/// Put the byte ranges into the written update, hash them, and sign.
fn fill_signature(
    mut bytes: Vec<u8>,
    sig_offset: usize,
    creds: &Credentials,
    tsa: Option<&tsa::Tsa>,
) -> Result<Vec<u8>, IssueError> {
    let (a, digest) = place_ranges(&mut bytes, sig_offset)?;
    let der = cms::sign(creds, &digest)?;
    let der = match tsa {
        Some(service) => service.timestamp(&der)?,
        None => der,
    };
    embed(&mut bytes, a, &der)?;
    Ok(bytes)
}

/// Refuse a PDF that was issued already: an agency signature, or a filled number.
fn refuse_issued(form: &Form, path: &str) -> Result<(), IssueError> {
    if form.field(AGENCY_FIELD).is_some_and(|f| f.filled) {
        return Err(IssueError::Pdf(m::issued_already_sealed(path)));
    }
    if form.field(NUMBER_FIELD).is_some_and(|f| f.filled) {
        return Err(IssueError::Pdf(m::issued_already_numbered(path)));
    }
    Ok(())
}

/// What both signing steps do first: the key checked at the signing time, the PDF
/// read with its form, and an issued PDF refused, before anything is written.
fn open_unissued<'a>(
    pdf: &'a [u8],
    path: &str,
    creds: &Credentials,
    key_path: &str,
    time: SigningTime,
) -> Result<(Base<'a>, Form), IssueError> {
    creds.check_usable(time, key_path)?;
    let base = Base::load(pdf, path)?;
    let form = Form::read(&base);
    refuse_issued(&form, path)?;
    Ok((base, form))
}

/// The page a signature field is on, and that page's height.
fn field_page(base: &Base, field: &Field, path: &str) -> Result<(ObjectId, f64), IssueError> {
    let page = field
        .dict
        .get(b"P")
        .and_then(Object::as_reference)
        .map_err(|_| IssueError::Pdf(m::field_no_page(path)))?;
    Ok((page, page_height(base, page)))
}

/// The catalog with `/AcroForm` pointing to the form's own object, and that object:
/// the form is then updated alone at the next step.
fn write_form(
    base: &Base,
    update: &mut Update,
    form: &Form,
    dict: Dictionary,
) -> Result<(), IssueError> {
    match form.id {
        Some(id) => update.replace(id, &Object::Dictionary(dict)),
        None => {
            let id = update.add(&Object::Dictionary(dict));
            let root = base
                .doc
                .trailer
                .get(b"Root")
                .and_then(Object::as_reference)
                .map_err(|_| IssueError::Pdf(m::pdf_no_catalog()))?;
            let mut catalog = base.doc.catalog().cloned().unwrap_or_default();
            catalog.set("AcroForm", Object::Reference(id));
            update.replace(root, &Object::Dictionary(catalog));
        }
    }
    Ok(())
}

/// What the competent person's signature needs.
pub struct SignRequest<'a> {
    /// The key and certificate that sign.
    pub creds: &'a Credentials,
    /// The key file, for messages.
    pub key_path: &'a str,
    /// The signing time written in /M.
    pub time: SigningTime,
    /// The signature image (blue, transparent background), shown as the appearance.
    pub image: Option<&'a Picture>,
    /// An RFC 3161 time-stamping service (`http://…` or `https://…`): PAdES B-T
    /// instead of B-B.
    pub tsa: Option<&'a str>,
}

/// Sign `pdf` (named `path`) in the signer's field: a PAdES B-B signature whose
/// appearance is the signature image, centred in the signer's block.
pub fn sign(pdf: &[u8], path: &str, req: &SignRequest) -> Result<Vec<u8>, IssueError> {
    let service = service_of(req.tsa)?;
    sign_with(pdf, path, req, service.as_ref())
}

/// [`sign`] with the time-stamping service `tsa` (an https one with its own
/// trusted CA, say) in place of `req.tsa`, which is not used; a batch makes the
/// service once for all its documents.
pub fn sign_with(
    pdf: &[u8],
    path: &str,
    req: &SignRequest,
    tsa: Option<&tsa::Tsa>,
) -> Result<Vec<u8>, IssueError> {
    let (bytes, at) = signer_update(pdf, path, req)?;
    fill_signature(bytes, at, req.creds, tsa)
}

/// The service at the address a request gives, trusting the system's roots.
fn service_of(url: Option<&str>) -> Result<Option<tsa::Tsa>, IssueError> {
    url.map(|u| tsa::Tsa::new(u, None, "")).transpose()
}

/// Marks a prepared PDF's `/Contents`: the certificates follow, for `finish`.
const PREPARED_MAGIC: &[u8] = b"vanban-prepared-1";

/// A PDF prepared for deferred signing and the digest to sign.
pub struct PreparedSignature {
    /// The PDF, signed.
    pub pdf: Vec<u8>,
    /// SHA-256 of the signed attributes: what the token or the service signs.
    pub digest: [u8; 32],
}

/// Deferred signing, first half: the signer's place reserved in `pdf` with the
/// certificate (no key) of `req`; the certificates wait in `/Contents` until
/// [`finish`] replaces them with the signature.
pub fn prepare(pdf: &[u8], path: &str, req: &SignRequest) -> Result<PreparedSignature, IssueError> {
    let (bytes, at) = signer_update(pdf, path, req)?;
    stash_certificates(bytes, at, req.creds)
}

/// Deferred issuance: the number and the day filled in and the agency's place
/// reserved with its certificate, as [`prepare`] does for the signer's; [`finish`]
/// completes it.
pub fn issue_prepare(
    pdf: &[u8],
    path: &str,
    req: &IssueRequest,
) -> Result<PreparedSignature, IssueError> {
    let (bytes, at) = issue_update(pdf, path, req)?;
    stash_certificates(bytes, at, req.creds)
}

/// The byte ranges placed in a written update, and the certificates kept in its
/// `/Contents` (they are all `finish` needs besides the signature): the prepared
/// PDF and the digest of the signed attributes.
fn stash_certificates(
    mut bytes: Vec<u8>,
    at: usize,
    creds: &Credentials,
) -> Result<PreparedSignature, IssueError> {
    let (a, digest) = place_ranges(&mut bytes, at)?;
    let attrs = cms::signed_attributes(creds, &digest)?;
    let mut stash = PREPARED_MAGIC.to_vec();
    for der in &creds.chain_der {
        stash.extend_from_slice(&(der.len() as u32).to_be_bytes());
        stash.extend_from_slice(der);
    }
    embed(&mut bytes, a, &stash)?;
    Ok(PreparedSignature {
        pdf: bytes,
        digest: Sha256::digest(&attrs).into(),
    })
}

/// What completes a prepared signature.
pub enum Completion<'a> {
    /// A raw signature over the digest `prepare` gave (RSA PKCS#1 v1.5, or ECDSA
    /// in DER), as `openssl pkeyutl -sign -pkeyopt digest:sha256` makes it.
    Raw(&'a [u8]),
    /// A whole CMS SignedData (DER) made by another tool over the byte ranges.
    Cms(&'a [u8]),
}

/// Deferred signing, second half: put the signature into a PDF prepared by
/// [`prepare`] or [`issue_prepare`], with a timestamp from `tsa` when given.
pub fn finish(
    prepared: &[u8],
    path: &str,
    with: Completion,
    tsa: Option<&str>,
) -> Result<Vec<u8>, IssueError> {
    let service = service_of(tsa)?;
    finish_with(prepared, path, with, service.as_ref())
}

/// [`finish`] with the time-stamping service `tsa`.
pub fn finish_with(
    prepared: &[u8],
    path: &str,
    with: Completion,
    tsa: Option<&tsa::Tsa>,
) -> Result<Vec<u8>, IssueError> {
    let not_prepared = || IssueError::Pdf(m::not_prepared(path));
    Base::load(prepared, path)?;
    let at = prepared
        .windows(b"/ByteRange[".len())
        .rposition(|w| w == b"/ByteRange[")
        .ok_or_else(not_prepared)?
        + b"/ByteRange[".len();
    let ranges: Vec<usize> = std::str::from_utf8(&prepared[at..(at + 48).min(prepared.len())])
        .unwrap_or_default()
        .split(']')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    let [0, a, b, rest] = ranges[..] else {
        return Err(not_prepared());
    };
    if b != a + 2 * CONTENTS_BYTES + 2 || b + rest != prepared.len() || prepared[a] != b'<' {
        return Err(not_prepared());
    }
    let hex = &prepared[a + 1..b - 1];
    let stash: Vec<u8> = hex
        .chunks_exact(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap_or("zz"), 16).unwrap_or(0))
        .collect();
    if !stash.starts_with(PREPARED_MAGIC) {
        return Err(not_prepared());
    }
    let creds =
        Credentials::from_certificates(&chain_pem(&stash), path).map_err(|_| not_prepared())?;
    let digest = digest_of_ranges(prepared, a, b);
    let der = match with {
        Completion::Raw(sig) => {
            let attrs = cms::signed_attributes(&creds, &digest)?;
            creds.verify(&attrs, sig).map_err(IssueError::Input)?;
            cms::assemble(&creds, &attrs, sig)?
        }
        Completion::Cms(der) => {
            use der::Decode;
            ::cms::content_info::ContentInfo::from_der(der)
                .map_err(|_| IssueError::Input(m::cms_file_not_signed_data()))?;
            der.to_vec()
        }
    };
    let der = match tsa {
        Some(service) => service.timestamp(&der)?,
        None => der,
    };
    let mut out = prepared.to_vec();
    embed(&mut out, a, &der)?;
    Ok(out)
}

/// The certificates a prepared PDF keeps, as PEM for [`Credentials::from_certificates`].
fn chain_pem(stash: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let mut rest = &stash[PREPARED_MAGIC.len()..];
    let mut pem = String::new();
    while rest.len() >= 4 {
        let n = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        if n == 0 || n > rest.len() - 4 {
            break;
        }
        pem.push_str("-----BEGIN CERTIFICATE-----\n");
        pem.push_str(&base64::engine::general_purpose::STANDARD.encode(&rest[4..4 + n]));
        pem.push_str("\n-----END CERTIFICATE-----\n");
        rest = &rest[4 + n..];
    }
    pem.into_bytes()
}

/// The signer's incremental update with its placeholders, and where the signature
/// dictionary starts.
fn signer_update(
    pdf: &[u8],
    path: &str,
    req: &SignRequest,
) -> Result<(Vec<u8>, usize), IssueError> {
    let (base, form) = open_unissued(pdf, path, req.creds, req.key_path, req.time)?;
    let field = form
        .field(SIGNER_FIELD)
        .filter(|f| f.kind == b"Sig")
        .ok_or_else(|| IssueError::Pdf(m::no_signature_place(path)))?;
    if field.filled {
        return Err(IssueError::Pdf(m::signed_already(path)));
    }
    let rect = field
        .rect()
        .ok_or_else(|| IssueError::Pdf(m::field_no_position(path)))?;
    let (_, height) = field_page(&base, field, path)?;

    let mut update = Update::new(&base);
    // The widget covers the image itself, so that the agency's seal can be placed
    // over its left third at issuance.
    let (rect, appearance) = match req.image {
        Some(pic) => {
            let signing = crate::input::image::Signing {
                signature: Some(std::sync::Arc::new(pic.clone())),
                seal: None,
            };
            // With a signature image the nominal signature width is not used.
            let at = crate::layout::place_signing(to_area(rect, height), &signing, Pt::ZERO)
                .signature
                .unwrap_or_else(|| to_area(rect, height));
            let r = to_rect(at, height);
            let (w, h) = (r[2] - r[0], r[3] - r[1]);
            let im = image_xobject(&mut update, pic);
            let resources = Dictionary::from_iter(vec![(
                "XObject",
                Object::Dictionary(Dictionary::from_iter(vec![("Im0", Object::Reference(im))])),
            )]);
            let content = format!("q {} 0 0 {} 0 0 cm /Im0 Do Q", n(w), n(h));
            (r, form_xobject(&mut update, w, h, content, resources))
        }
        None => (
            rect,
            form_xobject(
                &mut update,
                rect[2] - rect[0],
                rect[3] - rect[1],
                String::new(),
                Dictionary::new(),
            ),
        ),
    };
    let sig = update.add_raw(signature_dictionary(&req.creds.common_name(), req.time));
    let mut dict = field.dict.clone();
    dict.set("V", Object::Reference(sig));
    dict.set("Rect", rect_object(rect));
    dict.set(
        "AP",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "N",
            Object::Reference(appearance),
        )])),
    );
    update.replace(field.id, &Object::Dictionary(dict));
    let mut acro = form.dict.clone();
    acro.set("SigFlags", Object::Integer(3));
    write_form(&base, &mut update, &form, acro)?;
    let written = update.write(&base);
    let at = written.offsets[&sig];
    Ok((written.bytes, at))
}

/// What issuance needs.
pub struct IssueRequest<'a> {
    /// The agency's key and certificate.
    pub creds: &'a Credentials,
    /// Where the key came from, for messages.
    pub key_path: &'a str,
    /// The signing time written in /M.
    pub time: SigningTime,
    /// The document number to fill in.
    pub number: u32,
    /// The issuance date to fill in.
    pub date: crate::input::date::Date,
    /// The agency's seal (red, transparent background) at its real size.
    pub seal: Option<&'a Picture>,
    /// The agency's name shown beside the seal (default: the certificate's name).
    pub agency: Option<&'a str>,
    /// An RFC 3161 time-stamping service (`http://…` or `https://…`): PAdES B-T
    /// instead of B-B.
    pub tsa: Option<&'a str>,
}

/// The style of the draft's font named in a text field's `/DA` (its resource in
/// the form's `/DR`), and the size.
fn field_style(base: &Base, form: &Form, field: &Field) -> (crate::fonts::Style, f64) {
    use crate::fonts::Style;
    let da = match field.dict.get(b"DA") {
        Ok(Object::String(s, _)) => String::from_utf8_lossy(s).into_owned(),
        _ => String::new(),
    };
    let mut words = da.split_whitespace();
    let (mut resource, mut size) = (String::new(), 13.0);
    while let Some(w) = words.next() {
        if let Some(r) = w.strip_prefix('/') {
            resource = r.to_string();
            if let Some(s) = words.next().and_then(|s| s.parse().ok()) {
                size = s;
            }
        }
    }
    let base_font = form
        .dict
        .get(b"DR")
        .ok()
        .and_then(|o| base.get(o))
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| d.get(b"Font").ok())
        .and_then(|o| base.get(o))
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| d.get(resource.as_bytes()).ok())
        .and_then(|o| base.get(o))
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| d.get(b"BaseFont").ok())
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    let face = base_font.rsplit('+').next().unwrap_or("");
    let style = Style::ALL
        .into_iter()
        .find(|s| s.postscript_name() == face)
        .unwrap_or(Style::Regular);
    (style, size)
}

/// Number and day in the form Nghị định 30 prints them: a leading zero below 10
/// (the number, the day), and for the months January and February.
fn field_values(req: &IssueRequest) -> Vec<(&'static str, String)> {
    let month = if req.date.month <= 2 {
        format!("{:02}", req.date.month)
    } else {
        req.date.month.to_string()
    };
    vec![
        (NUMBER_FIELD, format!("{:02}", req.number)),
        (DAY_FIELD, format!("{:02}", req.date.day)),
        (MONTH_FIELD, month),
        (YEAR_FIELD, req.date.year.to_string()),
    ]
}

/// Issue `pdf`: fill in the number and the day, then apply the agency's signature
/// with the seal over the left third of the signer's image.
pub fn issue(pdf: &[u8], path: &str, req: &IssueRequest) -> Result<Vec<u8>, IssueError> {
    let service = service_of(req.tsa)?;
    issue_with(pdf, path, req, service.as_ref())
}

/// [`issue`] with the time-stamping service `tsa` in place of `req.tsa`, which is
/// not used.
pub fn issue_with(
    pdf: &[u8],
    path: &str,
    req: &IssueRequest,
    tsa: Option<&tsa::Tsa>,
) -> Result<Vec<u8>, IssueError> {
    let (bytes, at) = issue_update(pdf, path, req)?;
    fill_signature(bytes, at, req.creds, tsa)
}

/// Whether the signature dictionary `/V` of `field` holds a prepared signature
/// still waiting for `finish`.
fn waits_for_finish(base: &Base, field: &Field) -> bool {
    let contents = field
        .dict
        .get(b"V")
        .ok()
        .and_then(|v| base.get(v))
        .and_then(|v| v.as_dict().ok())
        .and_then(|d| d.get(b"Contents").ok());
    matches!(contents, Some(Object::String(s, _)) if s.starts_with(PREPARED_MAGIC))
}

/// The issuance update (number, day, the agency's signature with its
/// placeholders), and where the signature dictionary starts.
fn issue_update(
    pdf: &[u8],
    path: &str,
    req: &IssueRequest,
) -> Result<(Vec<u8>, usize), IssueError> {
    let (base, form) = open_unissued(pdf, path, req.creds, req.key_path, req.time)?;
    let signer = form
        .field(SIGNER_FIELD)
        .filter(|f| f.kind == b"Sig" && f.filled)
        .ok_or_else(|| IssueError::Pdf(m::not_signed_yet(path)))?;
    if waits_for_finish(&base, signer) {
        return Err(IssueError::Pdf(m::signature_not_finished(path)));
    }
    let number_field = form
        .field(NUMBER_FIELD)
        .ok_or_else(|| IssueError::Pdf(m::number_printed(path)))?;
    if number_field.kind != b"Tx" {
        return Err(IssueError::Pdf(m::number_place_not_text(path)));
    }
    if let Ok(year) = number_field
        .dict
        .get(PRINTED_YEAR_KEY.as_bytes())
        .and_then(Object::as_i64)
    {
        if year != i64::from(req.date.year) {
            return Err(IssueError::Input(m::issue_year_differs(year, req.date)));
        }
    }
    let (page, height) = field_page(&base, signer, path)?;
    let mut update = Update::new(&base);

    // 1. The number and the day. The faces are read once for all the fonts added.
    let fonts = crate::pdf::FontCache::new();
    let values = field_values(req);
    // The metadata says them too (the number as the field shows it).
    if let Some((_, number)) = values.iter().find(|(name, _)| *name == NUMBER_FIELD) {
        meta::write_issued(&base, &mut update, number, req.date, req.time);
    }
    let mut by_style: std::collections::BTreeMap<crate::fonts::Style, Vec<(&Field, String, f64)>> =
        Default::default();
    for (name, value) in values {
        if let Some(f) = form.field(name) {
            let (style, size) = field_style(&base, &form, f);
            by_style.entry(style).or_default().push((f, value, size));
        }
    }
    for (style, fields) in by_style {
        let texts: Vec<&str> = fields.iter().map(|(_, v, _)| v.as_str()).collect();
        let font = font::AppearanceFont::embed(&mut update, &fonts, style, &texts)?;
        for (f, value, size) in fields {
            let r = f
                .rect()
                .ok_or_else(|| IssueError::Pdf(m::text_field_no_position(path, &f.name)))?;
            let (w, h) = (r[2] - r[0], r[3] - r[1]);
            let tw = font.width(&value, size);
            // The number closes up to the "/" after it; the day and month stand in
            // the middle of their blanks.
            let x = if f.name == NUMBER_FIELD {
                w - tw
            } else {
                (w - tw) / 2.0
            };
            if tw > w + 0.01 {
                return Err(IssueError::Input(m::value_does_not_fit(
                    &value,
                    (w / font.width("0", size)).round(),
                )));
            }
            // The field's box reaches from the descender to the ascender, as the line.
            let baseline = crate::fonts::fonts().face(style).descent(Pt(size)).0;
            let content = format!(
                "/Tx BMC q BT /F0 {} Tf 0 g {} {} Td {} Tj ET Q EMC",
                n(size),
                n(x),
                n(baseline),
                font.encode(&value)
            );
            let resources = Dictionary::from_iter(vec![(
                "Font",
                Object::Dictionary(Dictionary::from_iter(vec![(
                    "F0",
                    Object::Reference(font.id),
                )])),
            )]);
            let ap = form_xobject(&mut update, w, h, content, resources);
            let mut dict = f.dict.clone();
            dict.set("V", text_string(&value));
            dict.set(
                "AP",
                Object::Dictionary(Dictionary::from_iter(vec![("N", Object::Reference(ap))])),
            );
            update.replace(f.id, &Object::Dictionary(dict));
        }
    }

    // 2. The agency's signature: the seal at its real size, its right edge at a
    // third of the signer's image, centred on it; the name and time below.
    let signer_rect = signer
        .rect()
        .ok_or_else(|| IssueError::Pdf(m::field_no_position(path)))?;
    let sig_area = to_area(signer_rect, height);
    let agency = req
        .agency
        .map_or_else(|| req.creds.common_name(), str::to_string);
    let when = req.time.iso();
    let info_size = 7.0;
    let info_font = font::AppearanceFont::embed(
        &mut update,
        &fonts,
        crate::fonts::Style::Regular,
        &[&agency, &when],
    )?;
    let (seal_w, seal_h) = match req.seal {
        Some(p) => (
            crate::units::Mm(p.width_mm).to_pt().0,
            crate::units::Mm(p.height_mm()).to_pt().0,
        ),
        None => (0.0, 0.0),
    };
    let text_w = info_font
        .width(&agency, info_size)
        .max(info_font.width(&when, info_size));
    let info_h = 2.0 * info_size * 1.2;
    let w = seal_w.max(text_w);
    let h = seal_h + info_h;
    let centre_x = if seal_w > 0.0 {
        sig_area.x.0 + sig_area.width.0 / 3.0 - seal_w / 2.0
    } else {
        sig_area.x.0 + sig_area.width.0 / 2.0
    };
    let top = sig_area.y.0 + sig_area.height.0 / 2.0 - seal_h / 2.0;
    let area = Area {
        x: Pt(centre_x - w / 2.0),
        y: Pt(top),
        width: Pt(w),
        height: Pt(h),
    };
    let rect = to_rect(area, height);
    let mut content = String::new();
    let mut xobjects = Dictionary::new();
    if let Some(pic) = req.seal {
        let im = image_xobject(&mut update, pic);
        xobjects.set("Im0", Object::Reference(im));
        content.push_str(&format!(
            "q {} 0 0 {} {} {} cm /Im0 Do Q ",
            n(seal_w),
            n(seal_h),
            n((w - seal_w) / 2.0),
            n(info_h)
        ));
    }
    for (i, line) in [&agency, &when].into_iter().enumerate() {
        let lw = info_font.width(line, info_size);
        content.push_str(&format!(
            "BT /F0 {} Tf 0 g {} {} Td {} Tj ET ",
            n(info_size),
            n((w - lw) / 2.0),
            n(info_h - (i as f64 + 1.0) * info_size * 1.2 + 0.25 * info_size),
            info_font.encode(line)
        ));
    }
    let resources = Dictionary::from_iter(vec![
        ("XObject", Object::Dictionary(xobjects)),
        (
            "Font",
            Object::Dictionary(Dictionary::from_iter(vec![(
                "F0",
                Object::Reference(info_font.id),
            )])),
        ),
    ]);
    let ap = form_xobject(&mut update, w, h, content.trim_end().to_string(), resources);
    let sig = update.add_raw(signature_dictionary(&agency, req.time));
    let field_id = update.add(&Object::Dictionary(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Widget".to_vec())),
        ("FT", Object::Name(b"Sig".to_vec())),
        ("T", Object::string_literal(AGENCY_FIELD)),
        (
            "TU",
            text_string("Chữ ký số của cơ quan / Signature of the agency"),
        ),
        ("F", Object::Integer(4)),
        ("Rect", rect_object(rect)),
        ("P", Object::Reference(page)),
        ("V", Object::Reference(sig)),
        (
            "AP",
            Object::Dictionary(Dictionary::from_iter(vec![("N", Object::Reference(ap))])),
        ),
    ])));
    // The page lists the new widget among its annotations.
    let mut page_dict = base
        .doc
        .get_object(page)
        .and_then(Object::as_dict)
        .cloned()
        .map_err(|_| IssueError::Pdf(m::page_unreadable(path)))?;
    let mut annots = match page_dict.get(b"Annots") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(r)) => base
            .doc
            .get_object(*r)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    annots.push(Object::Reference(field_id));
    match page_dict.get(b"Annots") {
        Ok(Object::Reference(r)) => update.replace(*r, &Object::Array(annots)),
        _ => {
            page_dict.set("Annots", Object::Array(annots));
            update.replace(page, &Object::Dictionary(page_dict));
        }
    }
    let mut acro = form.dict.clone();
    let mut fields = acro
        .get(b"Fields")
        .and_then(Object::as_array)
        .cloned()
        .unwrap_or_default();
    fields.push(Object::Reference(field_id));
    acro.set("Fields", Object::Array(fields));
    acro.set("SigFlags", Object::Integer(3));
    write_form(&base, &mut update, &form, acro)?;
    let written = update.write(&base);
    let at = written.offsets[&sig];
    Ok((written.bytes, at))
}

/// What an issued PDF says of its issuance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    /// The number filled in at issuance.
    pub number: u32,
    /// The date filled in at issuance.
    pub date: crate::input::date::Date,
    /// When the agency signed.
    pub signed_at: Option<SigningTime>,
    /// Pages of the PDF.
    pub pages: usize,
}

/// The number and date filled in at issuance, `None` for a PDF that prints them
/// (not made for issuance); a draft not issued yet is refused.
pub fn issued_values(pdf: &[u8], path: &str) -> Result<Option<Issued>, IssueError> {
    let base = Base::load(pdf, path)?;
    let form = Form::read(&base);
    let pages = base.doc.get_pages().len();
    let Some(number_field) = form.field(NUMBER_FIELD) else {
        return Ok(None);
    };
    let value = |name: &str| -> Option<String> {
        match form.field(name)?.dict.get(b"V") {
            Ok(Object::String(s, _)) => Some(decode_text(s)),
            _ => None,
        }
    };
    let not_issued = || IssueError::Pdf(m::not_issued_yet(path));
    let number: u32 = value(NUMBER_FIELD)
        .ok_or_else(not_issued)?
        .parse()
        .map_err(|_| IssueError::Pdf(m::number_not_a_number(path)))?;
    let part = |name: &str| value(name).and_then(|v| v.parse::<u16>().ok());
    let year = part(YEAR_FIELD).or_else(|| {
        number_field
            .dict
            .get(PRINTED_YEAR_KEY.as_bytes())
            .and_then(Object::as_i64)
            .ok()
            .map(|y| y as u16)
    });
    let (Some(day), Some(month), Some(year)) = (part(DAY_FIELD), part(MONTH_FIELD), year) else {
        return Err(IssueError::Pdf(m::date_not_filled(path)));
    };
    let date = crate::input::date::Date {
        year,
        month: month as u8,
        day: day as u8,
    };
    let signed_at = form
        .field(AGENCY_FIELD)
        .and_then(|f| f.dict.get(b"V").ok())
        .and_then(|v| base.get(v))
        .and_then(|v| v.as_dict().ok())
        .and_then(|d| d.get(b"M").ok())
        .and_then(|m| match m {
            Object::String(s, _) => SigningTime::from_pdf_date(&String::from_utf8_lossy(s)),
            _ => None,
        });
    Ok(Some(Issued {
        number,
        date,
        signed_at,
        pages,
    }))
}

/// The signatures a PDF carries, by field name, for messages and tests.
pub fn signed_fields(pdf: &[u8]) -> Result<Vec<String>, IssueError> {
    let base = Base::load(pdf, &m::what_the_pdf())?;
    let form = Form::read(&base);
    Ok(form
        .signatures()
        .filter(|f| f.filled)
        .map(|f| f.name.clone())
        .collect())
}
