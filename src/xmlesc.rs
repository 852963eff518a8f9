//! Escaping text for XML: one function for every XML vocabulary vanban writes (the
//! template markup, the DOCX parts, the XMP packet), so a ward's name is text
//! everywhere and never markup.

/// Escape text for element content, as docx-rs does (quotes included); characters
/// XML 1.0 forbids are dropped (input validation refuses them before this).
pub fn escape_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(|c: char| matches!(c, '&' | '<' | '>' | '"' | '\'') || c < ' ') {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().unwrap_or(' ');
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#xA;"),
            '\t' => out.push('\t'),
            _ => {}
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
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
    }
}
