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

/// A decoded image and the size it is printed at.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub width_px: u32,
    pub height_px: u32,
    /// 8-bit RGBA, row by row.
    pub rgba: Vec<u8>,
    /// The PNG as given (the DOCX embeds it unchanged).
    pub png: Vec<u8>,
    /// Printed width in millimetres; the height follows the aspect ratio.
    pub width_mm: f64,
}

impl Picture {
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
    pub signature: Option<Arc<Picture>>,
    pub seal: Option<Arc<Picture>>,
}

fn describe(bytes: &[u8]) -> &'static str {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => "a JPEG image",
        [b'G', b'I', b'F', b'8', ..] => "a GIF image",
        [b'%', b'P', b'D', b'F', ..] => "a PDF file",
        [b'B', b'M', ..] => "a BMP image",
        [b'R', b'I', b'F', b'F', ..] => "a WebP or other RIFF file",
        [] => "an empty file",
        _ => "not an image vanban recognises",
    }
}

/// Check and decode a PNG to be printed `width_mm` wide.
pub fn decode_png(bytes: Vec<u8>, width_mm: f64) -> Result<Picture, String> {
    if !(width_mm.is_finite() && (5.0..=100.0).contains(&width_mm)) {
        return Err(format!("width_mm {width_mm} is out of range (5 to 100 mm)"));
    }
    if bytes.len() > MAX_ENCODED_BYTES {
        return Err(format!(
            "the image is {} bytes; the limit is {} MB",
            bytes.len(),
            MAX_ENCODED_BYTES / (1024 * 1024)
        ));
    }
    if !bytes.starts_with(PNG_MAGIC) {
        return Err(format!(
            "must be a PNG image (with a transparent background); this is {}",
            describe(&bytes)
        ));
    }
    let mut decoder = png::Decoder::new_with_limits(
        std::io::Cursor::new(&bytes[..]),
        png::Limits {
            bytes: DECODER_LIMIT_BYTES,
        },
    );
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("the PNG is damaged: {e}"))?;
    let (w, h) = {
        let info = reader.info();
        (info.width, info.height)
    };
    if w == 0 || h == 0 || w > MAX_SIDE_PX || h > MAX_SIDE_PX {
        return Err(format!(
            "the image is {w}×{h} pixels; each side must be 1 to {MAX_SIDE_PX} pixels"
        ));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "the PNG is too large to decode".to_string())?;
    let mut buf = vec![0; size];
    let frame = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("the PNG is damaged: {e}"))?;
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
        png::ColorType::Indexed => return Err("the PNG palette could not be expanded".into()),
    };
    if rgba.len() != pixels * 4 {
        return Err("the PNG is damaged: unexpected pixel data length".into());
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

    #[test]
    fn a_transparent_png_decodes() {
        let mut px = vec![0u8; 4 * 20 * 10];
        px[3] = 255;
        let p = decode_png(encode_png(20, 10, &px), 40.0).unwrap();
        assert_eq!((p.width_px, p.height_px), (20, 10));
        assert!((p.height_mm() - 20.0).abs() < 1e-9);
        assert!(p.has_transparency());
    }

    #[test]
    fn other_formats_and_damage_are_named() {
        let err = decode_png(vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0], 30.0).unwrap_err();
        assert!(err.contains("JPEG"), "{err}");
        let mut png = encode_png(4, 4, &[255; 64]);
        let n = png.len();
        png.truncate(n - 20);
        let err = decode_png(png, 30.0).unwrap_err();
        assert!(err.contains("damaged"), "{err}");
        assert!(decode_png(encode_png(4, 4, &[255; 64]), 500.0).is_err());
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
        let err = decode_png(png, 30.0).unwrap_err();
        assert!(err.contains("100000×100000 pixels"), "{err}");
    }
}
