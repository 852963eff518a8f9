//! A minimal, deterministic zip writer for the package.
//!
//! A DOCX is a dozen small entries, most of them the same for every notice of a
//! profile. The `zip` crate makes a fresh deflater for every entry, and a zlib-rs
//! deflater clears about 200 KB of tables when it is made; that was half of the cost
//! of writing a notice. Here each entry is prepared on its own ([`Entry`]: stored or
//! deflated, with its CRC), so constant parts are compressed once per profile (the
//! renderer keeps them, `package::PartsCache`) and copied afterwards, and the one
//! part compressed per notice reuses one deflater per thread ([`crate::util::deflate`]).
//! The archive itself is plain: no directory entries, no extra fields, no data
//! descriptors, every entry stamped 1980-01-01 00:00 with mode 0644.

/// Deflate level for parts compressed once per profile (styles, theme...): level 9
/// makes them 1% smaller for half as much work again.
pub const LEVEL_ONCE: u32 = 6;

/// An entry ready to be written: its name, its bytes as they go into the archive,
/// and what the headers say about them.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The part name, the path inside the archive (`word/document.xml`).
    pub name: String,
    /// Compression method: 0 stored, 8 deflated.
    method: u16,
    crc: u32,
    /// Length before compression.
    size: u32,
    /// The bytes as stored (compressed when `method` is 8).
    data: Vec<u8>,
}

impl Entry {
    /// An entry stored as is (already compressed data such as PNG, or tiny parts).
    pub fn stored(name: impl Into<String>, bytes: Vec<u8>) -> Result<Entry, String> {
        let size = len32(&bytes)?;
        Ok(Entry {
            name: name.into(),
            method: 0,
            crc: crc(&bytes),
            size,
            data: bytes,
        })
    }

    /// An entry deflated at `level`, or stored when deflating does not make it
    /// smaller.
    pub fn deflated(name: impl Into<String>, bytes: &[u8], level: u32) -> Result<Entry, String> {
        let size = len32(bytes)?;
        let name = name.into();
        let compressed = deflate(bytes, level).map_err(|e| format!("{name}: {e}"))?;
        if compressed.len() >= bytes.len() {
            return Entry::stored(name, bytes.to_vec());
        }
        Ok(Entry {
            name,
            method: 8,
            crc: crc(bytes),
            size,
            data: compressed,
        })
    }

    /// The uncompressed bytes, for entries stored as is.
    #[cfg(test)]
    pub fn stored_bytes(&self) -> Option<&[u8]> {
        (self.method == 0).then_some(&self.data[..])
    }
}

fn len32(bytes: &[u8]) -> Result<u32, String> {
    u32::try_from(bytes.len()).map_err(|_| "a part is larger than 4 GB".to_string())
}

fn crc(bytes: &[u8]) -> u32 {
    let mut c = flate2::Crc::new();
    c.update(bytes);
    c.sum()
}

/// Raw deflate (no zlib header) of `bytes`, as zip stores it.
fn deflate(bytes: &[u8], level: u32) -> Result<Vec<u8>, String> {
    crate::util::deflate::compress(bytes, level, crate::util::deflate::Framing::Raw)
}

/// 1980-01-01 in MS-DOS date format; the time is 00:00:00 (zero).
const DOS_DATE: u16 = (1 << 5) | 1;
/// Version made by: Unix (3), zip 2.0, so that readers honour the mode below.
const MADE_BY: u16 = (3 << 8) | 20;
/// A regular file, rw-r--r--, in the high half of the external attributes.
const EXTERNAL_ATTRS: u32 = 0o100644 << 16;

/// Write `entries` as a zip archive, in the given order.
pub fn write(entries: &[&Entry]) -> Result<Vec<u8>, String> {
    let names: usize = entries.iter().map(|e| e.name.len()).sum();
    let data: usize = entries.iter().map(|e| e.data.len()).sum();
    let mut out = Vec::with_capacity(data + names * 2 + entries.len() * (30 + 46) + 22);
    let mut offsets = Vec::with_capacity(entries.len());
    let too_big = || "the package is larger than 4 GB".to_string();
    for e in entries {
        offsets.push(u32::try_from(out.len()).map_err(|_| too_big())?);
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        header_fields(&mut out, e)?;
        out.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
    }
    let directory = u32::try_from(out.len()).map_err(|_| too_big())?;
    for (e, offset) in entries.iter().zip(offsets) {
        out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        out.extend_from_slice(&MADE_BY.to_le_bytes());
        header_fields(&mut out, e)?;
        out.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        out.extend_from_slice(&0u16.to_le_bytes()); // comment length
        out.extend_from_slice(&0u16.to_le_bytes()); // disk number
        out.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        out.extend_from_slice(&EXTERNAL_ATTRS.to_le_bytes());
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(e.name.as_bytes());
    }
    let directory_len = u32::try_from(out.len()).map_err(|_| too_big())? - directory;
    let count = u16::try_from(entries.len()).map_err(|_| "too many parts".to_string())?;
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // this disk
    out.extend_from_slice(&0u16.to_le_bytes()); // disk of the directory
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&directory_len.to_le_bytes());
    out.extend_from_slice(&directory.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    Ok(out)
}

/// The fields the local and central headers share, from "version needed" to the
/// name length.
fn header_fields(out: &mut Vec<u8>, e: &Entry) -> Result<(), String> {
    let needed: u16 = if e.method == 8 { 20 } else { 10 };
    let name_len = u16::try_from(e.name.len()).map_err(|_| "a part name is too long")?;
    out.extend_from_slice(&needed.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // flags
    out.extend_from_slice(&e.method.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // time 00:00:00
    out.extend_from_slice(&DOS_DATE.to_le_bytes());
    out.extend_from_slice(&e.crc.to_le_bytes());
    out.extend_from_slice(&len32(&e.data)?.to_le_bytes());
    out.extend_from_slice(&e.size.to_le_bytes());
    out.extend_from_slice(&name_len.to_le_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn entries_read_back_with_the_zip_crate() {
        let text = "<w:p>".repeat(500);
        let a = Entry::deflated("word/document.xml", text.as_bytes(), 6).unwrap();
        let b = Entry::stored("docProps/app.xml", b"<x/>".to_vec()).unwrap();
        // Incompressible data is stored even when deflate is asked for.
        let c = Entry::deflated("word/media/x.png", &[7, 1, 200, 3], 6).unwrap();
        assert_eq!(c.stored_bytes(), Some(&[7, 1, 200, 3][..]));
        let bytes = write(&[&a, &b, &c]).unwrap();
        // Deterministic: the reused deflater, set to another level and back, gives
        // the bytes a fresh one gives.
        let other = Entry::deflated("x", text.as_bytes(), 1).unwrap();
        assert_ne!(other.data, a.data);
        let again = Entry::deflated("word/document.xml", text.as_bytes(), 6).unwrap();
        assert_eq!(write(&[&again, &b, &c]).unwrap(), bytes);
        let fresh = std::thread::spawn(move || {
            Entry::deflated("word/document.xml", text.as_bytes(), 6).unwrap()
        })
        .join()
        .unwrap();
        assert_eq!(fresh.data, a.data);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(zip.len(), 3);
        let mut read = |i: usize| {
            let mut f = zip.by_index(i).unwrap();
            let t = f.last_modified().unwrap();
            assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
            assert_eq!(f.unix_mode(), Some(0o100644));
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (f.name().to_string(), v)
        };
        assert_eq!(
            read(0),
            ("word/document.xml".into(), "<w:p>".repeat(500).into())
        );
        assert_eq!(read(1), ("docProps/app.xml".into(), b"<x/>".to_vec()));
        assert_eq!(read(2), ("word/media/x.png".into(), vec![7, 1, 200, 3]));
    }
}
