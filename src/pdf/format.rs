//! PDF syntax shared by the content streams ([`super::text`]) and the file writer
//! ([`super::serialize`]): numbers, zero-padded digits, bytes in literal strings and
//! text strings.
//!
//! One place writes each token so that a number is the same bytes in a text matrix and
//! in a font's widths, on every machine: no `format!` of floats (whose shortest form
//! depends on the value's bits, and which cost ~600 instructions a float).

/// A byte of a code inside a literal string: parentheses and backslashes are
/// escaped, and the line-end bytes too: a bare end of line inside a string is read
/// as one line feed whatever it was (ISO 32000-1, 7.3.4.2), and Ghostscript 10 read
/// two consecutive line feeds as one (a glyph whose code is 10 went missing).
/// Inlined: it runs once per character drawn, from another module than its own.
#[inline]
pub(super) fn escaped(out: &mut Vec<u8>, b: u8) {
    match b {
        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\n' => out.extend_from_slice(b"\\n"),
        _ => out.push(b),
    }
}

/// `v` in PDF syntax with at most four decimals (0.0001 pt is far below any
/// device's resolution), without trailing zeros: the same bytes on every machine.
pub(super) fn number(out: &mut Vec<u8>, v: f64) {
    let scaled = (v * 10_000.0).round() as i64;
    if scaled < 0 {
        out.push(b'-');
    }
    let abs = scaled.unsigned_abs();
    digits(out, abs / 10_000, 1);
    let mut frac = abs % 10_000;
    if frac != 0 {
        out.push(b'.');
        let mut width = 4;
        while frac.is_multiple_of(10) {
            frac /= 10;
            width -= 1;
        }
        digits(out, frac, width);
    }
}

/// `v` in decimal, zero-padded to at least `width` digits.
pub(super) fn digits(out: &mut Vec<u8>, mut v: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    while v > 0 || buf.len() - i < width {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    // Byte by byte: a copy of a few bytes of unknown length is a call to memcpy;
    // those calls were 2% of an ordinary batch's time, the pushes cost half that
    // (perf, 2,000 notices, PDF+DOCX, one job).
    out.reserve(buf.len() - i);
    for &b in &buf[i..] {
        out.push(b);
    }
}

/// `s` as a PDF text string (ISO 32000-1, 7.9.2.2): UTF-16BE after a byte order mark,
/// written in hexadecimal, for the metadata and the fields' descriptions, which
/// hold Vietnamese.
pub(super) fn text_string(s: &str) -> lopdf::Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f64) -> String {
        let mut out = Vec::new();
        number(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_four_decimals() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(14.0), "14");
        assert_eq!(num(85.03937), "85.0394");
        assert_eq!(num(-1.26828), "-1.2683");
        assert_eq!(num(0.05), "0.05");
        assert_eq!(num(-0.00004), "0");
        assert_eq!(num(771.4732), "771.4732");
        assert_eq!(num(1.0001), "1.0001");
        assert_eq!(num(1.05), "1.05");
        assert_eq!(num(-1234567.5), "-1234567.5");
        assert_eq!(num(100.0), "100");
    }

    #[test]
    fn digits_are_zero_padded_to_the_width() {
        let mut out = Vec::new();
        digits(&mut out, 1234, 10);
        digits(&mut out, 0, 1);
        assert_eq!(out, b"00000012340");
    }

    #[test]
    fn code_bytes_escape_string_delimiters() {
        let mut out = Vec::new();
        for b in [0x41, 0x28, 0x29, 0x5C, 0x0D, 0x0A, 0x00] {
            escaped(&mut out, b);
        }
        assert_eq!(out, b"A\\(\\)\\\\\\r\\n\0".to_vec());
    }

    #[test]
    fn text_strings_are_utf16_with_a_byte_order_mark() {
        let lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal) = text_string("Lợi")
        else {
            panic!("a hexadecimal string");
        };
        assert_eq!(bytes, [0xFE, 0xFF, 0x00, 0x4C, 0x1E, 0xE3, 0x00, 0x69]);
    }
}
