//! Escaping text for XML: one function for every XML vocabulary vanban writes (the
//! template markup, the DOCX parts, the XMP packet), so a ward's name is text
//! everywhere and never markup.

/// Which bytes [`escape_into`] replaces or drops: the five XML specials, the line
/// feed (kept as a character reference) and the controls but tab. A table so that
/// the scan over the other bytes (nearly all of a notice's text) is one load and
/// one test a byte: the `match` it replaces cost about ten instructions a byte,
/// 2% of an ordinary batch's (callgrind).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b != b'\t' as usize;
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// Escape text for element content, as docx-rs does (quotes included); characters
/// XML 1.0 forbids are dropped (input validation refuses them before this).
pub fn escape_into(out: &mut String, s: &str) {
    // Every character to escape or drop is ASCII, so the scan is over bytes (a byte
    // below 0x80 is always a whole character in UTF-8).
    let bytes = s.as_bytes();
    let mut start = 0;
    while let Some(offset) = bytes[start..].iter().position(|&b| SPECIAL[usize::from(b)]) {
        let i = start + offset;
        out.push_str(&s[start..i]);
        out.push_str(match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            b'\n' => "&#xA;",
            _ => "",
        });
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
        // Every byte below 0x80 as the table says: specials replaced, controls but
        // tab dropped, the rest kept.
        for b in 0u8..0x80 {
            let c = char::from(b).to_string();
            let want = match b {
                b'&' => "&amp;".to_string(),
                b'<' => "&lt;".into(),
                b'>' => "&gt;".into(),
                b'"' => "&quot;".into(),
                b'\'' => "&apos;".into(),
                b'\n' => "&#xA;".into(),
                b'\t' => c.clone(),
                0..=0x1F => String::new(),
                _ => c.clone(),
            };
            assert_eq!(
                escape(&format!("a{c}b")),
                format!("a{want}b"),
                "byte {b:#04x}"
            );
        }
    }
}
