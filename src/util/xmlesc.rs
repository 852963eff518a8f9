//! Escaping text for XML: one function for every XML vocabulary vanban writes (the
//! template markup, the DOCX parts, the XMP packet), so a ward's name is text
//! everywhere and never markup.

/// Escape text for element content, as docx-rs does (quotes included); characters
/// XML 1.0 forbids are dropped (input validation refuses them before this).
pub fn escape_into(out: &mut String, s: &str) {
    // Every character to escape or drop is ASCII, so the scan is over bytes (a byte
    // below 0x80 is always a whole character in UTF-8).
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            b'\n' => "&#xA;",
            b'\t' => continue,
            0..=0x1F => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(replacement);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// `s` escaped for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_like_docx_rs() {
        let mut s = String::new();
        escape_into(&mut s, "a & b <c> \"d\" 'e'\tf\r\u{1}g đ");
        assert_eq!(s, "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;\tfg đ");
        assert_eq!(escape("x\ny"), "x&#xA;y");
        assert_eq!(escape("đ<ệ>&Ư"), "đ&lt;ệ&gt;&amp;Ư");
    }
}
