//! Signature and seal images: PNG in, checked and decoded with limits.
//!
//! An electronic notice carries the signer's signature image and the body's seal
//! image, PNG with a transparent background (Nghị định 30, Phụ lục I, II.7–8). Images
//! come from clerks' folders and e-office uploads, so every one is checked before
//! anything is decoded: the signature of the format, the encoded size, the pixel
//! dimensions, and a bound on the memory the decoder may take.

use std::sync::Arc;

/// Largest encoded image accepted.
pub const MAX_ENCODED_BYTES: usize = 8 * 1024 * 1024;
/// Largest width or height in pixels (a 4,000 px seal scanned at 2,400 dpi is 42 mm).
pub const MAX_SIDE_PX: u32 = 4000;
/// Memory the PNG decoder may allocate.
const DECODER_LIMIT_BYTES: usize = 96 * 1024 * 1024;

const PNG_MAGIC: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// Which picture of the signing block an image is: each has its real-world size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The signer's handwritten signature, fitted into the gap above the name.
    Signature,
    /// The body's seal, printed at its real size.
    Seal,
}

impl Kind {
    /// Printed width and height accepted, in millimetres. A Vietnamese seal is 30 to
    /// 45 mm across; the range leaves room for a transparent margin around the scan
    /// and keeps a seal on the page (a 1×4,000 px seal 40 mm wide would be 160 m
    /// tall). A signature is some 30 to 40 mm wide and 10 to 20 mm tall; it is then
    /// shrunk to fit the gap between the title and the name.
    pub fn bounds(self) -> ((f64, f64), (f64, f64)) {
        match self {
            Kind::Seal => ((20.0, 50.0), (20.0, 50.0)),
            Kind::Signature => ((10.0, 80.0), (3.0, 50.0)),
        }
    }

    /// Check a printed width before anything is read.
    pub fn check_width(self, width_mm: f64) -> Result<(), String> {
        let ((min_w, max_w), _) = self.bounds();
        if width_mm.is_finite() && (min_w..=max_w).contains(&width_mm) {
            Ok(())
        } else {
            Err(crate::messages::input::image_width_out_of_range(
                width_mm,
                self.name(),
                min_w,
                max_w,
            ))
        }
    }

    fn name(self) -> String {
        match self {
            Kind::Seal => crate::messages::input::image_seal(),
            Kind::Signature => crate::messages::input::image_signature(),
        }
    }
}

/// A decoded image and the size it is printed at.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// 8-bit RGBA, row by row.
    pub rgba: Vec<u8>,
    /// The PNG as given (the DOCX embeds it unchanged).
    pub png: Vec<u8>,
    /// Printed width in millimetres; the height follows the aspect ratio.
    pub width_mm: f64,
}

impl Picture {
    /// Height on paper at its width, keeping the aspect ratio.
    pub fn height_mm(&self) -> f64 {
        self.width_mm * f64::from(self.height_px) / f64::from(self.width_px)
    }

    /// Whether any pixel is not fully opaque.
    pub fn has_transparency(&self) -> bool {
        self.rgba.chunks_exact(4).any(|p| p[3] != 255)
    }
}

/// The images of the signing block, shared (not copied) by every output.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signing {
    /// The signer's signature image, if given.
    pub signature: Option<Arc<Picture>>,
    /// The agency's seal image, if given.
    pub seal: Option<Arc<Picture>>,
}

fn describe(bytes: &[u8]) -> String {
    use crate::messages::input as m;
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => m::image_is_jpeg(),
        [b'G', b'I', b'F', b'8', ..] => m::image_is_gif(),
        [b'%', b'P', b'D', b'F', ..] => m::image_is_pdf(),
        [b'B', b'M', ..] => m::image_is_bmp(),
        [b'R', b'I', b'F', b'F', ..] => m::image_is_riff(),
        [] => m::image_is_empty(),
        _ => m::image_is_unknown(),
    }
}

/// A PNG decoder error in plain words. The decoder's own messages print chunk types
/// in Rust's debug syntax (`ChunkType { type: IHDR, critical: true, … }`).
fn png_error(e: png::DecodingError) -> String {
    use crate::messages::input as m;
    match e {
        png::DecodingError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            m::png_cut_short()
        }
        png::DecodingError::IoError(e) => m::png_unreadable(crate::input::files::io_words(&e)),
        png::DecodingError::Format(f) => {
            let raw = f.to_string();
            let part = chunk_name(&raw).map_or_else(m::png_some_part, m::png_part);
            if raw.starts_with("CRC error") {
                m::png_checksum(part)
            } else if raw.contains('{') || raw.contains('}') {
                m::png_malformed(part)
            } else {
                // The decoder's own words, which name the fault exactly.
                m::png_damaged(raw.trim_end_matches('.'))
            }
        }
        png::DecodingError::Parameter(_) => m::png_not_decoded(),
        png::DecodingError::LimitsExceeded => {
            m::png_needs_memory(crate::input::files::size(DECODER_LIMIT_BYTES as u64))
        }
    }
}

/// The chunk type a decoder message names in debug syntax ("ChunkType { type: IHDR").
fn chunk_name(raw: &str) -> Option<&str> {
    let start = raw.find("type: ")? + "type: ".len();
    let name = &raw[start..];
    let end = name.find([',', ' ', '}'])?;
    Some(&name[..end]).filter(|n| n.len() == 4 && n.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Check and decode a PNG of `kind` to be printed `width_mm` wide.
pub fn decode_png(bytes: Vec<u8>, width_mm: f64, kind: Kind) -> Result<Picture, String> {
    let (_, (min_h, max_h)) = kind.bounds();
    use crate::messages::input as m;
    kind.check_width(width_mm).map_err(m::image_width_field)?;
    if bytes.len() > MAX_ENCODED_BYTES {
        return Err(m::image_too_many_bytes(
            bytes.len(),
            crate::input::files::size(MAX_ENCODED_BYTES as u64),
        ));
    }
    if !bytes.starts_with(PNG_MAGIC) {
        return Err(m::image_not_png(describe(&bytes)));
    }
    let mut decoder = png::Decoder::new_with_limits(
        std::io::Cursor::new(&bytes[..]),
        png::Limits {
            bytes: DECODER_LIMIT_BYTES,
        },
    );
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(png_error)?;
    let (w, h) = {
        let info = reader.info();
        (info.width, info.height)
    };
    if w == 0 || h == 0 || w > MAX_SIDE_PX || h > MAX_SIDE_PX {
        return Err(m::png_dimensions(w, h, MAX_SIDE_PX));
    }
    let height_mm = width_mm * f64::from(h) / f64::from(w);
    if !(min_h..=max_h).contains(&height_mm) {
        return Err(m::png_height(
            width_mm,
            w,
            h,
            format!("{height_mm:.1}"),
            kind.name(),
            min_h,
            max_h,
        ));
    }
    let size = reader.output_buffer_size().ok_or_else(m::png_too_large)?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(png_error)?;
    buf.truncate(frame.buffer_size());
    let pixels = (w as usize) * (h as usize);
    let rgba: Vec<u8> = match frame.color_type {
        png::ColorType::Rgba => buf,
        png::ColorType::Rgb => buf
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::GrayscaleAlpha => buf
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Grayscale => buf.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => return Err(m::png_palette()),
    };
    if rgba.len() != pixels * 4 {
        return Err(m::png_pixel_length());
    }
    Ok(Picture {
        width_px: w,
        height_px: h,
        rgba,
        png: bytes,
        width_mm,
    })
}

/// Encode RGBA pixels as a PNG (for tests and fixtures).
pub fn encode_png(width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().expect("header");
        w.write_image_data(rgba).expect("pixels");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{with_lang, Lang};

    #[test]
    fn a_transparent_png_decodes() {
        let mut px = vec![0u8; 4 * 20 * 10];
        px[3] = 255;
        let p = decode_png(encode_png(20, 10, &px), 40.0, Kind::Signature).unwrap();
        assert_eq!((p.width_px, p.height_px), (20, 10));
        assert!((p.height_mm() - 20.0).abs() < 1e-9);
        assert!(p.has_transparency());
    }

    #[test]
    fn other_formats_and_damage_are_named() {
        let err = decode_png(vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0], 30.0, Kind::Seal).unwrap_err();
        assert!(err.contains("JPEG"), "{err}");
        let mut png = encode_png(4, 4, &[255; 64]);
        let n = png.len();
        png.truncate(n - 20);
        let err = with_lang(Lang::En, || decode_png(png.clone(), 30.0, Kind::Seal)).unwrap_err();
        assert!(err.contains("damaged"), "{err}");
        let err = decode_png(png, 30.0, Kind::Seal).unwrap_err();
        assert!(err.contains("ảnh PNG bị hỏng"), "{err}");
        assert!(decode_png(encode_png(4, 4, &[255; 64]), 500.0, Kind::Seal).is_err());
    }

    #[test]
    fn huge_dimensions_are_refused_before_decoding() {
        // A valid header claiming 100,000 × 100,000 pixels.
        let mut png = encode_png(1, 1, &[0, 0, 0, 0]);
        png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(&png[12..29]);
        png[29..33].copy_from_slice(&crc.sum().to_be_bytes());
        let err = with_lang(Lang::En, || decode_png(png.clone(), 30.0, Kind::Seal)).unwrap_err();
        assert!(err.contains("100000×100000 pixels"), "{err}");
        let err = decode_png(png, 30.0, Kind::Seal).unwrap_err();
        assert!(err.contains("100000×100000 điểm ảnh"), "{err}");
    }

    #[test]
    fn sizes_are_bounded_to_a_real_seal_and_signature() {
        let tall = encode_png(1, 4000, &vec![0; 4 * 4000]);
        let err = with_lang(Lang::En, || decode_png(tall.clone(), 40.0, Kind::Seal)).unwrap_err();
        assert!(err.contains("160000.0 mm tall"), "{err}");
        let err = decode_png(tall, 40.0, Kind::Seal).unwrap_err();
        assert!(
            err.contains("cao 160000.0 mm; con dấu phải cao từ 20 đến 50 mm"),
            "{err}"
        );
        let err = with_lang(Lang::En, || {
            decode_png(encode_png(4, 4, &[0; 64]), 100.0, Kind::Seal)
        })
        .unwrap_err();
        assert!(err.contains("20 to 50 mm"), "{err}");
        let err = decode_png(encode_png(4, 4, &[0; 64]), 100.0, Kind::Seal).unwrap_err();
        assert!(err.contains("từ 20 đến 50 mm"), "{err}");
        assert!(decode_png(encode_png(4, 4, &[0; 64]), 45.0, Kind::Seal).is_ok());
        let thin = encode_png(400, 2, &vec![0; 4 * 800]);
        assert!(decode_png(thin, 35.0, Kind::Signature).is_err());
    }

    #[test]
    fn checksum_errors_are_in_words() {
        let mut png = encode_png(4, 4, &[255; 64]);
        png[29] ^= 0xFF; // the IHDR checksum
        let err = with_lang(Lang::En, || decode_png(png.clone(), 30.0, Kind::Seal)).unwrap_err();
        assert!(err.contains("checksum of the IHDR part"), "{err}");
        assert!(!err.contains('{') && !err.contains("ChunkType"), "{err}");
        let err = decode_png(png, 30.0, Kind::Seal).unwrap_err();
        assert!(err.contains("tổng kiểm tra của phần IHDR"), "{err}");
    }
}
