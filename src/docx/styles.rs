//! The styles part, `word/styles.xml`, and the names and units its styles use.
//!
//! Every profile style becomes a Word paragraph style (`body` → `VbBody`, shown as
//! "vanban body"), so an editor restyles the whole notice in one place, and every rule
//! style becomes the style of the empty bordered paragraph that draws it. Sizes,
//! weights, alignment, indents, spacing and the exact line pitch all come from the same
//! profile the PDF layout reads; docx-rs builds those styles (`docx_rs`). This file
//! writes the part around them in schema order: the document defaults, which docx-rs
//! cannot fully say (no pair kerning, the Vietnamese language, widow control), and the
//! `Normal` style every other style is based on.

use crate::profile::Profile;
use crate::units::Pt;

/// Size of the invisible paragraph mark of a rule or a spacer paragraph: small enough
/// never to push its exact line box open.
pub const TINY_HALF_POINTS: usize = 2;

/// `signer-name` → `SignerName`.
fn camel(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            let first = cs.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(cs).collect::<String>()
        })
        .collect()
}

/// Word style id of the profile paragraph style `name`.
pub fn paragraph_style_id(name: &str) -> String {
    format!("Vb{}", camel(name))
}

/// Word style id of the profile rule style `name`.
pub fn rule_style_id(name: &str) -> String {
    format!("VbRule{}", camel(name))
}

/// Twips for attributes that must not be negative (spacing before and after).
pub fn utwips(p: Pt) -> u32 {
    p.to_twips().max(0) as u32
}

/// Default size of the document in half-points: the body's, else 14 pt.
fn default_half_points(profile: &Profile) -> usize {
    profile
        .styles
        .get("body")
        .map_or(28, |s| s.size().to_half_points())
}

/// `word/styles.xml`: the document defaults in `family` at the body's size, the
/// `Normal` style, then `styles` (the profile's `w:style` elements, in schema order).
pub fn styles_xml(profile: &Profile, family: &str, styles: &str) -> Vec<u8> {
    let sz = default_half_points(profile);
    let mut s = String::with_capacity(styles.len() + 1024);
    s.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<w:styles xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 w15">"#,
    ));
    let family = crate::util::xmlesc::escape(family);
    s.push_str(&format!(
        concat!(
            "<w:docDefaults><w:rPrDefault><w:rPr>",
            r#"<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}" w:eastAsia="{f}"/>"#,
            // No pair kerning: the PDF places glyphs by their advances alone, and
            // LibreOffice kerns by default unless told otherwise.
            r#"<w:kern w:val="0"/>"#,
            r#"<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>"#,
            r#"<w:lang w:val="vi-VN" w:eastAsia="vi-VN"/>"#,
            "</w:rPr></w:rPrDefault>",
            // Two-line widow and orphan control, as the PDF's pagination.
            "<w:pPrDefault><w:pPr><w:widowControl/></w:pPr></w:pPrDefault>",
            "</w:docDefaults>",
        ),
        f = family,
        sz = sz
    ));
    s.push_str(concat!(
        r#"<w:style w:type="paragraph" w:styleId="Normal">"#,
        r#"<w:name w:val="Normal"/><w:qFormat/><w:pPr/><w:rPr/></w:style>"#,
    ));
    s.push_str(styles);
    s.push_str("</w:styles>");
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_camel_case() {
        assert_eq!(paragraph_style_id("signer-name"), "VbSignerName");
        assert_eq!(paragraph_style_id("body"), "VbBody");
        assert_eq!(rule_style_id("motto-rule"), "VbRuleMottoRule");
    }

    #[test]
    fn defaults_take_the_body_size() {
        let mut profile = Profile::builtin("nd30").unwrap();
        profile.styles.get_mut("body").unwrap().size = Pt(13.0);
        let xml = String::from_utf8(styles_xml(&profile, "A & B", "")).unwrap();
        assert!(xml.contains(r#"<w:sz w:val="26"/>"#), "{xml}");
        assert!(xml.contains(r#"w:ascii="A &amp; B""#), "{xml}");
        profile.styles.remove("body");
        let xml = String::from_utf8(styles_xml(&profile, "T", "")).unwrap();
        assert!(xml.contains(r#"<w:sz w:val="28"/>"#), "{xml}");
    }
}
