//! The file itself: lopdf's object tree compressed and written out as PDF 1.7 syntax.
//!
//! printpdf builds its pages as lopdf objects ([`super::page`]) and the other files of
//! `pdf` add the text layer, fonts, metadata and fields to the same tree; only the
//! compressing ([`compress_streams`]) and the writing ([`to_bytes`]) are done here. lopdf's writer goes
//! through `dyn Write` and `format!` for every token (a float took ~600
//! instructions), which was a sixth of the time of a notice. This one appends to one
//! buffer, renumbers the objects densely in id order (the tree has holes where
//! objects were replaced) and writes one cross-reference section.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::collections::HashMap;

/// Deflate level of the content streams (fonts: `font::LEVEL`). Measured on the 2-page
/// fixture (callgrind, 100 notices, PDF only): level 3 gives 30.5 KB for 10.4 M
/// instructions a notice, level 1 32.4 KB for 9.3 M. (Before fonts were cached and the
/// text layer written directly, with lopdf's level 9 a notice took 47 KB and 3.4 ms.)
const COMPRESSION_LEVEL: u32 = 1;

/// Streams shorter than this are stored as they are.
const MIN_DEFLATE: usize = 256;

/// Deflate every stream that is not yet filtered (the text layer, printpdf's page
/// graphics, the pictures, the ICC profile). Streams of a few operators are left as they are:
/// deflate saves nothing on them, and each call costs a reset of the compressor.
pub fn compress_streams(lo: &mut lopdf::Document) {
    for obj in lo.objects.values_mut() {
        let Object::Stream(stream) = obj else {
            continue;
        };
        if stream.dict.has(b"Filter")
            || !stream.allows_compression
            || stream.content.len() < MIN_DEFLATE
        {
            continue;
        }
        if let Ok(compressed) = crate::util::deflate::compress(
            &stream.content,
            COMPRESSION_LEVEL,
            crate::util::deflate::Framing::Zlib,
        ) {
            if compressed.len() < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(compressed);
            }
        }
    }
}

/// `doc` as the bytes of a PDF file.
pub fn to_bytes(doc: &lopdf::Document) -> Vec<u8> {
    let numbers = Numbers::new(doc);
    let mut w = Writer {
        out: Vec::with_capacity(64 * 1024),
        numbers: &numbers,
    };
    w.raw(b"%PDF-");
    w.raw(doc.version.as_bytes());
    w.raw(b"\n%");
    // Four bytes above 127 mark the file as binary (PDF/A asks for them).
    if doc.binary_mark.len() >= 4 && doc.binary_mark.iter().all(|&b| b >= 128) {
        w.raw(&doc.binary_mark);
    } else {
        w.raw(&[0xE2, 0xE3, 0xCF, 0xD3]);
    }
    w.raw(b"\n");

    let mut offsets = Vec::with_capacity(doc.objects.len());
    for (i, object) in doc.objects.values().enumerate() {
        offsets.push(w.out.len());
        w.integer(i as i64 + 1);
        w.raw(b" 0 obj\n");
        w.object(object);
        w.raw(b"\nendobj\n");
    }

    let xref = w.out.len();
    w.raw(b"xref\n0 ");
    w.integer(offsets.len() as i64 + 1);
    w.raw(b"\n0000000000 65535 f \n");
    for offset in offsets {
        // Ten digits, generation 0, in use: each entry is exactly 20 bytes.
        super::format::digits(&mut w.out, offset as u64, 10);
        w.raw(b" 00000 n \n");
    }
    w.raw(b"trailer\n");
    let mut trailer = doc.trailer.clone();
    trailer.set("Size", Object::Integer(doc.objects.len() as i64 + 1));
    trailer.remove(b"Prev");
    w.dictionary(&trailer);
    w.raw(b"\nstartxref\n");
    w.integer(xref as i64);
    w.raw(b"\n%%EOF\n");
    w.out
}

/// The new number of each object id: a table indexed by id for generation 0 (every
/// object lopdf and printpdf add), a map for any other. A `HashMap` for all of them
/// spent a SipHash on every reference written.
struct Numbers {
    by_id: Vec<u32>,
    other: HashMap<ObjectId, u32>,
}

impl Numbers {
    fn new(doc: &lopdf::Document) -> Numbers {
        // Ids beyond a few times the count (a sparse tree) go to the map.
        let limit = doc.objects.len() * 4 + 64;
        let mut n = Numbers {
            by_id: Vec::with_capacity(doc.objects.len() + 1),
            other: HashMap::new(),
        };
        for (i, &(id, generation)) in doc.objects.keys().enumerate() {
            let number = i as u32 + 1;
            let at = id as usize;
            if generation == 0 && at < limit {
                if n.by_id.len() <= at {
                    n.by_id.resize(at + 1, 0);
                }
                n.by_id[at] = number;
            } else {
                n.other.insert((id, generation), number);
            }
        }
        n
    }

    fn get(&self, id: &ObjectId) -> Option<u32> {
        match id.1 {
            0 => match self.by_id.get(id.0 as usize) {
                Some(&n) if n > 0 => Some(n),
                _ => self.other.get(id).copied(),
            },
            _ => self.other.get(id).copied(),
        }
    }
}

/// Whether a name writes byte `b` as `#xx`: delimiters, whitespace, `#` and bytes
/// outside `!`..`~`.
/// A table, not a test of ranges and a search of the delimiters: the name writer
/// runs it on every byte of some 190 names a notice, and the search's code changed
/// with the compiler's inlining (callgrind: 143 instructions a name, then 695 after
/// an unrelated change elsewhere).
#[inline]
fn needs_escape(b: u8) -> bool {
    const ESCAPED: [bool; 256] = {
        let mut t = [true; 256];
        let mut b = 33;
        while b <= 126 {
            t[b] = false;
            b += 1;
        }
        let delimiters = b"()<>[]{}/%#";
        let mut i = 0;
        while i < delimiters.len() {
            t[delimiters[i] as usize] = true;
            i += 1;
        }
        t
    };
    ESCAPED[usize::from(b)]
}

struct Writer<'a> {
    out: Vec<u8>,
    numbers: &'a Numbers,
}

impl Writer<'_> {
    fn raw(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    fn integer(&mut self, v: i64) {
        if v < 0 {
            self.out.push(b'-');
        }
        super::format::digits(&mut self.out, v.unsigned_abs(), 1);
    }

    fn object(&mut self, object: &Object) {
        match object {
            Object::Null => self.raw(b"null"),
            Object::Boolean(b) => self.raw(if *b { b"true" } else { b"false" }),
            Object::Integer(i) => self.integer(*i),
            Object::Real(r) => super::format::number(&mut self.out, f64::from(*r)),
            Object::Name(n) => self.name(n),
            Object::String(s, StringFormat::Literal) => self.literal(s),
            Object::String(s, StringFormat::Hexadecimal) => self.hex(s),
            Object::Array(items) => {
                self.out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(b' ');
                    }
                    self.object(item);
                }
                self.out.push(b']');
            }
            Object::Dictionary(d) => self.dictionary(d),
            Object::Stream(s) => {
                self.raw(b"<<");
                for (key, value) in &s.dict {
                    if key.as_slice() != b"Length" {
                        self.entry(key, value);
                    }
                }
                self.raw(b"/Length ");
                self.integer(s.content.len() as i64);
                self.raw(b">>\nstream\n");
                self.raw(&s.content);
                self.raw(b"\nendstream");
            }
            Object::Reference(id) => match self.numbers.get(id) {
                Some(n) => {
                    self.integer(i64::from(n));
                    self.raw(b" 0 R");
                }
                // A reference to no object is the null object (ISO 32000-1, 7.3.10).
                None => self.raw(b"null"),
            },
        }
    }

    fn dictionary(&mut self, d: &Dictionary) {
        self.raw(b"<<");
        for (key, value) in d {
            self.entry(key, value);
        }
        self.raw(b">>");
    }

    fn entry(&mut self, key: &[u8], value: &Object) {
        self.name(key);
        // A separator only where the value does not start with a delimiter.
        if matches!(
            value,
            Object::Null
                | Object::Boolean(_)
                | Object::Integer(_)
                | Object::Real(_)
                | Object::Reference(_)
        ) {
            self.out.push(b' ');
        }
        self.object(value);
    }

    /// A name, with delimiters, whitespace and bytes outside `!`..`~` as `#xx`.
    fn name(&mut self, name: &[u8]) {
        self.out.push(b'/');
        // Nearly every name is plain (`Type`, `F1`): copied whole.
        if name.iter().all(|&b| !needs_escape(b)) {
            self.out.extend_from_slice(name);
            return;
        }
        for &b in name {
            if needs_escape(b) {
                self.out.push(b'#');
                self.hex_byte(b);
            } else {
                self.out.push(b);
            }
        }
    }

    /// A literal string, escaped as the text layer escapes its codes.
    fn literal(&mut self, s: &[u8]) {
        self.out.push(b'(');
        for &b in s {
            super::format::escaped(&mut self.out, b);
        }
        self.out.push(b')');
    }

    fn hex(&mut self, s: &[u8]) {
        self.out.push(b'<');
        for &b in s {
            self.hex_byte(b);
        }
        self.out.push(b'>');
    }

    fn hex_byte(&mut self, b: u8) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.out.push(HEX[usize::from(b >> 4)]);
        self.out.push(HEX[usize::from(b & 0xF)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Stream;

    /// What the PDF writer relies on in lopdf's tree, since the bytes depend on it:
    /// objects numbered in the order they are added, a removed number never given
    /// again (so what is added after a removal keeps its place), dictionaries that
    /// keep their keys in insertion order (also when a key is set again), and new
    /// streams open to compression. If one fails after a lopdf upgrade, the goldens
    /// change for reasons of lopdf's: follow the new behaviour here first.
    #[test]
    fn lopdf_numbers_objects_in_order_and_keeps_dictionary_order() {
        let mut doc = lopdf::Document::with_version("1.7");
        let a = doc.add_object(Object::Integer(1));
        let b = doc.add_object(Object::Integer(2));
        assert!(a < b);
        doc.objects.remove(&b);
        let c = doc.add_object(Object::Integer(3));
        assert!(c > b, "a removed id is not reused");
        let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
        assert_eq!(ids, [a, c], "objects iterate in id order");

        let mut d = Dictionary::new();
        for key in ["Type", "Info", "ID"] {
            d.set(key, Object::Null);
        }
        d.set("Info", Object::Integer(9));
        let keys: Vec<&[u8]> = d.iter().map(|(k, _)| k.as_slice()).collect();
        assert_eq!(keys, [&b"Type"[..], b"Info", b"ID"]);
        assert!(Stream::new(Dictionary::new(), Vec::new()).allows_compression);
    }

    /// Names are written as ISO 32000-1, 7.3.5 says: `#xx` for the delimiters,
    /// whitespace, `#` and every byte outside `!`..`~`, the rest as it is.
    #[test]
    fn names_escape_exactly_the_bytes_the_standard_names() {
        for b in 0..=255u8 {
            let regular = (b'!'..=b'~').contains(&b) && !b"()<>[]{}/%#".contains(&b);
            assert_eq!(needs_escape(b), !regular, "byte {b:#04x}");
        }
        let numbers = Numbers::new(&lopdf::Document::with_version("1.7"));
        let mut w = Writer {
            out: Vec::new(),
            numbers: &numbers,
        };
        w.name(b"A b#(\xc3\xa9");
        assert_eq!(w.out, b"/A#20b#23#28#C3#A9");
    }

    fn rfind(hay: &[u8], needle: &[u8]) -> usize {
        hay.windows(needle.len())
            .rposition(|w| w == needle)
            .expect("present")
    }

    #[test]
    fn a_written_document_reads_back_with_lopdf() {
        let mut doc = lopdf::Document::with_version("1.7");
        // A hole in the numbering, as after replacing an object.
        let gone = doc.add_object(Object::Integer(7));
        let content = doc.add_object(Stream::new(Dictionary::new(), b"BT ET".to_vec()));
        let page = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Page".to_vec())),
            ("Contents", Object::Reference(content)),
            ("Odd Name#", Object::Real(-12.5)),
            (
                "Title",
                Object::String(b"a (b) \\ c\r".to_vec(), StringFormat::Literal),
            ),
            (
                "Id",
                Object::String(vec![0, 0xAB, 0xFF], StringFormat::Hexadecimal),
            ),
            (
                "Kids",
                Object::Array(vec![
                    Object::Integer(-3),
                    Object::Boolean(true),
                    Object::Null,
                    Object::Reference(gone),
                ]),
            ),
        ]));
        doc.objects.remove(&gone);
        doc.trailer.set("Root", Object::Reference(page));
        let bytes = to_bytes(&doc);
        assert!(bytes.starts_with(b"%PDF-1.7\n%"));
        assert!(bytes.ends_with(b"%%EOF\n"));

        let back = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
        assert_eq!(back.objects.len(), 2, "renumbered without the hole");
        let root = back.trailer.get(b"Root").unwrap().as_reference().unwrap();
        assert_eq!(root, (2, 0));
        let page = back.get_dictionary(root).unwrap();
        assert_eq!(page.get(b"Odd Name#").unwrap().as_float().unwrap(), -12.5);
        assert_eq!(
            page.get(b"Title").unwrap().as_str().unwrap(),
            b"a (b) \\ c\r"
        );
        assert_eq!(page.get(b"Id").unwrap().as_str().unwrap(), &[0, 0xAB, 0xFF]);
        let kids = page.get(b"Kids").unwrap().as_array().unwrap();
        assert_eq!(kids[0].as_i64().unwrap(), -3);
        assert!(matches!(kids[3], Object::Null), "dangling reference → null");
        let content = page.get(b"Contents").unwrap().as_reference().unwrap();
        let stream = back.get_object(content).unwrap().as_stream().unwrap();
        assert_eq!(stream.content, b"BT ET");

        // The cross-reference table points at each "N 0 obj", 20 bytes an entry.
        let tail = &bytes[rfind(&bytes, b"startxref\n") + 10..];
        let xref_at: usize = std::str::from_utf8(&tail[..rfind(tail, b"\n%%EOF")])
            .unwrap()
            .parse()
            .unwrap();
        assert!(bytes[xref_at..].starts_with(b"xref\n0 3\n0000000000 65535 f \n"));
        for n in 1..=2 {
            let entry = &bytes[xref_at + 9 + 20 * n..][..20];
            let offset: usize = std::str::from_utf8(&entry[..10]).unwrap().parse().unwrap();
            assert_eq!(&entry[10..], b" 00000 n \n");
            assert!(bytes[offset..].starts_with(format!("{n} 0 obj").as_bytes()));
        }
    }
}
