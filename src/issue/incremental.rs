//! Incremental updates (ISO 32000-1, 7.5.6): the original bytes stay as they are,
//! and the changed and new objects follow them with a cross-reference section of
//! their own whose `/Prev` points back. A signature covers the file as it is when
//! signed, so every later step (filling the number, the agency's signature) must
//! append in this way for the earlier signatures to stay valid.

use super::IssueError;
use crate::messages::issue as m;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::collections::BTreeMap;

/// A PDF as read: its bytes, its objects (lopdf, following every `/Prev`), and
/// where its last cross-reference section starts.
pub struct Base<'a> {
    /// The file as read.
    pub bytes: &'a [u8],
    /// Its objects, parsed.
    pub doc: lopdf::Document,
    startxref: usize,
}

fn damaged(path: &str, why: &str) -> IssueError {
    IssueError::Pdf(m::pdf_damaged(path, why))
}

impl<'a> Base<'a> {
    /// Read `bytes` (named `path` in messages). A file cut short, without its
    /// cross-reference, or encrypted is refused.
    pub fn load(bytes: &'a [u8], path: &str) -> Result<Base<'a>, IssueError> {
        if !bytes.starts_with(b"%PDF-") {
            return Err(IssueError::Pdf(m::pdf_not_pdf(path)));
        }
        let tail_start = bytes.len().saturating_sub(1024);
        let tail = &bytes[tail_start..];
        let trimmed = tail.trim_ascii_end();
        if !trimmed.ends_with(b"%%EOF") {
            return Err(damaged(path, &m::pdf_cut_short()));
        }
        let at =
            find_last(tail, b"startxref").ok_or_else(|| damaged(path, &m::pdf_no_startxref()))?;
        let number: String = tail[at + 9..]
            .iter()
            .skip_while(|b| b.is_ascii_whitespace())
            .take_while(|b| b.is_ascii_digit())
            .map(|&b| b as char)
            .collect();
        let startxref: usize = number
            .parse()
            .map_err(|_| damaged(path, &m::pdf_startxref_no_offset()))?;
        let section = bytes
            .get(startxref..)
            .ok_or_else(|| damaged(path, &m::pdf_startxref_past_end()))?;
        let is_table = section.starts_with(b"xref");
        let is_stream = section.first().is_some_and(u8::is_ascii_digit)
            && section
                .iter()
                .take(32)
                .collect::<Vec<_>>()
                .windows(3)
                .any(|w| *w[0] == b'o' && *w[1] == b'b' && *w[2] == b'j');
        if !is_table && !is_stream {
            return Err(damaged(path, &m::pdf_startxref_not_xref()));
        }
        let doc = lopdf::Document::load_mem(bytes)
            .map_err(|e| damaged(path, &format!("{e}").to_lowercase()))?;
        if doc.trailer.has(b"Encrypt") {
            return Err(IssueError::Pdf(m::pdf_encrypted(path)));
        }
        if doc.catalog().is_err() {
            return Err(damaged(path, &m::pdf_no_catalog()));
        }
        Ok(Base {
            bytes,
            doc,
            startxref,
        })
    }

    /// The object `id`, following a reference.
    pub fn get(&self, obj: &'a Object) -> Option<&Object> {
        match obj {
            Object::Reference(id) => self.doc.get_object(*id).ok(),
            other => Some(other),
        }
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Objects to append, by number, each already written out.
pub struct Update {
    objects: BTreeMap<ObjectId, Vec<u8>>,
    next: u32,
    /// A new info dictionary for the trailer, when the base had none to replace.
    info: Option<ObjectId>,
}

/// Where a signature's placeholders are in a written update.
pub struct Written {
    /// The bytes appended so far.
    pub bytes: Vec<u8>,
    /// Offset of each appended object, by id.
    pub offsets: BTreeMap<ObjectId, usize>,
}

impl Update {
    /// An empty update to append after `base`.
    pub fn new(base: &Base) -> Update {
        let size = base
            .doc
            .trailer
            .get(b"Size")
            .and_then(Object::as_i64)
            .unwrap_or(0)
            .max(0) as u32;
        Update {
            objects: BTreeMap::new(),
            next: (base.doc.max_id + 1).max(size),
            info: None,
        }
    }

    /// Append a new object; its id.
    pub fn add(&mut self, obj: &Object) -> ObjectId {
        let mut body = Vec::new();
        write_object(&mut body, obj);
        self.add_raw(body)
    }

    /// Append a new object already written out.
    pub fn add_raw(&mut self, body: Vec<u8>) -> ObjectId {
        let id = (self.next, 0);
        self.next += 1;
        self.objects.insert(id, body);
        id
    }

    /// A new version of the existing object `id`.
    pub fn replace(&mut self, id: ObjectId, obj: &Object) {
        let mut body = Vec::new();
        write_object(&mut body, obj);
        self.objects.insert(id, body);
    }

    /// Make the object `id` (added to this update) the trailer's `/Info`.
    pub fn set_info(&mut self, id: ObjectId) {
        self.info = Some(id);
    }

    /// The base followed by the update: objects, cross-reference section, trailer.
    pub fn write(self, base: &Base) -> Written {
        let mut out = Vec::with_capacity(base.bytes.len() + 64 * 1024);
        out.extend_from_slice(base.bytes);
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        let mut offsets = BTreeMap::new();
        for (&(num, generation), body) in &self.objects {
            offsets.insert((num, generation), out.len());
            out.extend_from_slice(format!("{num} {generation} obj\n").as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(b"xref\n");
        // Subsections of consecutive numbers.
        let ids: Vec<ObjectId> = offsets.keys().copied().collect();
        let mut i = 0;
        while i < ids.len() {
            let mut j = i + 1;
            while j < ids.len() && ids[j].0 == ids[j - 1].0 + 1 {
                j += 1;
            }
            out.extend_from_slice(format!("{} {}\n", ids[i].0, j - i).as_bytes());
            for id in &ids[i..j] {
                out.extend_from_slice(format!("{:010} {:05} n \n", offsets[id], id.1).as_bytes());
            }
            i = j;
        }
        let mut trailer = Dictionary::new();
        trailer.set("Size", Object::Integer(i64::from(self.next)));
        for key in [b"Root".as_slice(), b"Info", b"ID"] {
            if let Ok(v) = base.doc.trailer.get(key) {
                trailer.set(key.to_vec(), v.clone());
            }
        }
        if let Some(id) = self.info {
            trailer.set("Info", Object::Reference(id));
        }
        trailer.set("Prev", Object::Integer(base.startxref as i64));
        out.extend_from_slice(b"trailer\n");
        write_object(&mut out, &Object::Dictionary(trailer));
        out.extend_from_slice(format!("\nstartxref\n{xref}\n%%EOF\n").as_bytes());
        Written {
            bytes: out,
            offsets,
        }
    }
}

/// Write `obj` in PDF syntax, references as they are.
pub fn write_object(out: &mut Vec<u8>, obj: &Object) {
    match obj {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        // The shortest form that reads back as the same f32: an object written
        // again (a page getting a widget) keeps its numbers exactly, which a
        // validator comparing revisions checks.
        Object::Real(r) if r.is_finite() => out.extend_from_slice(format!("{r}").as_bytes()),
        Object::Real(_) => out.push(b'0'),
        Object::Name(n) => write_name(out, n),
        Object::String(s, StringFormat::Literal) => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    0x20..=0x7E => out.push(b),
                    _ => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
                }
            }
            out.push(b')');
        }
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dict(out, d, None),
        Object::Stream(s) => {
            write_dict(out, &s.dict, Some(s.content.len()));
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((n, g)) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
    }
}

fn write_dict(out: &mut Vec<u8>, d: &Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (key, value) in d {
        if length.is_some() && key.as_slice() == b"Length" {
            continue;
        }
        write_name(out, key);
        if !matches!(
            value,
            Object::Name(_) | Object::Array(_) | Object::Dictionary(_) | Object::String(..)
        ) {
            out.push(b' ');
        }
        write_object(out, value);
    }
    if let Some(n) = length {
        out.extend_from_slice(format!("/Length {n}").as_bytes());
    }
    out.extend_from_slice(b">>");
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if (0x21..=0x7E).contains(&b) && !b"#/()<>[]{}%".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

/// A number as short as it can be written, to a thousandth.
pub fn number(v: f64) -> String {
    let r = (v * 1000.0).round() / 1000.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        let s = format!("{r:.3}");
        s.trim_end_matches('0').to_string()
    }
}

/// A PDF text string: PDFDocEncoding's ASCII part as is, anything else UTF-16BE.
pub fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_written_in_pdf_syntax() {
        let mut out = Vec::new();
        let dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Sig".to_vec())),
            ("N", Object::Integer(-3)),
            ("R", Object::Real(1.5)),
            ("S", Object::string_literal("a(b)\\")),
            (
                "A",
                Object::Array(vec![Object::Reference((4, 0)), Object::Null]),
            ),
            ("Odd name", Object::Boolean(true)),
        ]);
        write_object(&mut out, &Object::Dictionary(dict));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<</Type/Sig/N -3/R 1.5/S(a\\(b\\)\\\\)/A[4 0 R null]/Odd#20name true>>"
        );
        assert_eq!(number(12.3456), "12.346");
        assert_eq!(number(-0.0001), "0");
    }
}
