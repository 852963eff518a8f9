//! Deflate with one reusable compressor per thread and per framing.
//!
//! A zlib-rs compressor clears about 200 KB of tables when it is made, more than it
//! costs to compress one notice's content stream; a PDF has a dozen streams and a
//! DOCX a dozen parts. Each thread keeps one compressor per framing (zlib for PDF
//! streams, raw deflate for zip entries), resets it after each use and changes its
//! level only between streams, so the output is exactly what a fresh compressor
//! gives (checked by the tests below).
//!
//! These compressors are the one piece of state the writers keep out of sight, and on
//! purpose: they hold no data between calls (reset after each), so no caller can tell
//! one from a fresh compressor, and a thread-local needs no lock on the path of every
//! stream. Caches whose content matters (fonts) are values a renderer owns instead.

use flate2::{Compress, Compression, FlushCompress, Status};
use std::cell::RefCell;

/// How the deflate data is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// RFC 1950: a 2-byte header and an Adler-32 trailer (PDF's FlateDecode).
    Zlib,
    /// RFC 1951 alone (zip's method 8).
    Raw,
}

thread_local! {
    // The compressor of each framing, with the level it is set to.
    static ZLIB: RefCell<Option<(u32, Compress)>> = const { RefCell::new(None) };
    static RAW: RefCell<Option<(u32, Compress)>> = const { RefCell::new(None) };
}

/// `bytes` deflated at `level` (0–9) with the given framing.
pub fn compress(bytes: &[u8], level: u32, framing: Framing) -> Result<Vec<u8>, String> {
    let slot = match framing {
        Framing::Zlib => &ZLIB,
        Framing::Raw => &RAW,
    };
    slot.with(|cell| {
        let mut slot = cell.borrow_mut();
        let (current, c) = slot.get_or_insert_with(|| {
            let zlib = framing == Framing::Zlib;
            (level, Compress::new(Compression::new(level), zlib))
        });
        if *current != level {
            // Between streams (just reset), this only changes the parameters.
            c.set_level(Compression::new(level))
                .map_err(|e| format!("cannot set the deflate level: {e}"))?;
            *current = level;
        }
        let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
        let result = loop {
            let consumed = c.total_in() as usize;
            match c.compress_vec(&bytes[consumed..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => break Ok(out),
                Ok(_) => out.reserve(out.capacity().max(256)),
                Err(e) => break Err(format!("cannot deflate: {e}")),
            }
        };
        // Ready for the next stream, whatever happened to this one.
        c.reset();
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn sample() -> Vec<u8> {
        (0..40_000u32)
            .flat_map(|i| format!("{} Tj {} ", i % 97, i % 13).into_bytes())
            .collect()
    }

    #[test]
    fn a_reused_compressor_gives_what_a_fresh_one_gives() {
        let data = sample();
        let first = compress(&data, 3, Framing::Zlib).unwrap();
        // Another level and another framing in between change nothing.
        compress(&data, 9, Framing::Zlib).unwrap();
        compress(&data, 6, Framing::Raw).unwrap();
        assert_eq!(compress(&data, 3, Framing::Zlib).unwrap(), first);
        let d = data.clone();
        let fresh = std::thread::spawn(move || compress(&d, 3, Framing::Zlib).unwrap())
            .join()
            .unwrap();
        assert_eq!(fresh, first);
        assert!(first.len() < data.len() / 4);
    }

    #[test]
    fn both_framings_decompress_to_the_input() {
        let data = sample();
        let mut back = Vec::new();
        flate2::read::ZlibDecoder::new(&compress(&data, 3, Framing::Zlib).unwrap()[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
        back.clear();
        flate2::read::DeflateDecoder::new(&compress(&data, 6, Framing::Raw).unwrap()[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
        assert!(compress(b"", 3, Framing::Zlib).unwrap().len() >= 2);
    }
}
