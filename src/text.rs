//! `Text`: a string field of the input, normalised and checked at the boundary.
//!
//! Every string of a notice goes through [`Text`]'s deserializer, so no code after the
//! reader ever sees a decomposed (NFD) letter, a control character, an empty required
//! value or a character the document font cannot draw. Doing this while deserializing,
//! rather than in a later pass, means the error carries serde's JSON path and
//! line/column for free.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The longest text accepted in one field. The longest real field, an assessment
/// paragraph, is a few thousand characters; far past this, rendering costs hundreds of
/// megabytes (a 10 MB paragraph is some 2,300 pages).
pub const MAX_CHARS: usize = 100_000;

/// A non-empty, NFC-normalised string whose every character the document font can draw.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Text(String);

impl Text {
    /// Normalise and check `raw`, as the deserializer does.
    pub fn new(raw: &str) -> Result<Text, String> {
        Text::from_cow(Cow::Borrowed(raw))
    }

    /// Normalise and check `raw`, taking it over when it is owned and already NFC
    /// (nearly always: keyboards and Word produce NFC), so that the usual field costs
    /// one scan and no copy.
    fn from_cow(raw: Cow<'_, str>) -> Result<Text, String> {
        // NFC never makes a string more than 3× longer, and a character is at least
        // one byte: short fields need no counting.
        if raw.len() > MAX_CHARS / 3 {
            let chars = raw.chars().count();
            if chars > 3 * MAX_CHARS {
                return Err(too_long(chars));
            }
        }
        let nfc = if raw.chars().all(|c| class(c) & NFC_SAFE != 0)
            || is_nfc_quick(raw.chars()) == IsNormalized::Yes
        {
            raw.into_owned()
        } else {
            raw.nfc().collect()
        };
        if nfc.len() > MAX_CHARS {
            let chars = nfc.chars().count();
            if chars > MAX_CHARS {
                return Err(too_long(chars));
            }
        }
        if nfc.trim().is_empty() {
            return Err("must not be empty".to_string());
        }
        check_characters(&nfc)?;
        Ok(Text(nfc))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn too_long(chars: usize) -> String {
    format!("is {chars} characters long; the limit for one field is {MAX_CHARS}")
}

/// Reject characters that would come out wrong on paper: control characters, text
/// pasted from a legacy 8-bit Vietnamese encoding, and anything the font lacks.
fn check_characters(s: &str) -> Result<(), String> {
    // Legacy encodings leave Latin-1 signs behind; only then is the slower check run.
    let mut suspect = false;
    for c in s.chars() {
        let k = class(c);
        if k & CONTROL != 0 {
            return Err(format!(
                "contains the control character U+{:04X}; remove it (it is often left by copying from another program)",
                c as u32
            ));
        }
        if k & DRAWN == 0 {
            return Err(format!(
                "contains '{c}' (U+{:04X}), which the document font (Liberation Serif / Times New Roman) cannot draw; replace or remove it",
                c as u32
            ));
        }
        suspect |= k & SUSPECT != 0;
    }
    if suspect {
        if let Some(hint) = crate::legacy::detect(s) {
            return Err(hint);
        }
    }
    Ok(())
}

/// A control character other than tab and line ends.
const CONTROL: u8 = 1;
/// Whitespace, or a character every face of the font draws.
const DRAWN: u8 = 2;
/// A trace of a legacy encoding (see `legacy::suspect`).
const SUSPECT: u8 = 4;
/// NFC quick check "yes" and canonical combining class 0: a string of such
/// characters is in NFC as it is.
const NFC_SAFE: u8 = 8;

/// Characters below this code point (Latin, Vietnamese, general punctuation) are
/// classified once, in a table: every character of every field is looked up.
const TABLE_END: u32 = 0x2100;

/// What the checks need to know about `c`.
fn class(c: char) -> u8 {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..TABLE_END)
            .map(|cp| char::from_u32(cp).map_or(0, classify))
            .collect()
    });
    match table.get(c as usize) {
        Some(&k) => k,
        None => classify(c),
    }
}

fn classify(c: char) -> u8 {
    let mut k = 0;
    if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
        k |= CONTROL;
    }
    if c.is_whitespace() || crate::fonts::covers(c) {
        k |= DRAWN;
    }
    if crate::legacy::suspect(c) {
        k |= SUSPECT;
    }
    if is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
        && unicode_normalization::char::canonical_combining_class(c) == 0
    {
        k |= NFC_SAFE;
    }
    k
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        let raw = Cow::<str>::deserialize(d)?;
        Text::from_cow(raw).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "Văn bản Unicode (được chuẩn hóa NFC), không rỗng. / Non-empty Unicode text, normalised to NFC."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_input_is_composed() {
        let nfd = "Phu\u{0301}c Lo\u{031B}\u{0323}i";
        let t = Text::new(nfd).unwrap();
        assert_eq!(t.as_str(), "Phúc Lợi");
    }

    #[test]
    fn empty_and_blank_are_rejected() {
        assert!(Text::new("").is_err());
        assert!(Text::new("   ").is_err());
    }

    #[test]
    fn overlong_text_is_refused() {
        let err = Text::new(&"a".repeat(MAX_CHARS + 1)).unwrap_err();
        assert!(err.contains("limit"), "{err}");
        assert!(Text::new(&"a".repeat(MAX_CHARS)).is_ok());
    }

    #[test]
    fn emoji_is_named() {
        let err = Text::new("Phường 😀").unwrap_err();
        assert!(err.contains("U+1F600"), "{err}");
    }

    #[test]
    fn the_class_table_agrees_with_the_checks_it_replaces() {
        for cp in 0..0x2200u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let k = class(c);
            let control = c.is_control() && !matches!(c, '\n' | '\t' | '\r');
            assert_eq!(k & CONTROL != 0, control, "U+{cp:04X}");
            let drawn = c.is_whitespace() || crate::fonts::covers(c);
            assert_eq!(k & DRAWN != 0, drawn, "U+{cp:04X}");
            // A string of NFC-safe characters is its own NFC.
            if k & NFC_SAFE != 0 {
                let s = format!("a{c}b{c}");
                assert_eq!(s.nfc().collect::<String>(), s, "U+{cp:04X}");
            }
        }
        // Combining marks and compatibility singletons are not safe; Vietnamese
        // letters are.
        assert_eq!(class('\u{0301}') & NFC_SAFE, 0);
        assert_eq!(class('\u{2000}') & NFC_SAFE, 0);
        assert!("ủy ban phường Phúc Lợi"
            .chars()
            .all(|c| class(c) & NFC_SAFE != 0));
    }

    #[test]
    fn control_character_is_named() {
        let err = Text::new("a\u{0007}b").unwrap_err();
        assert!(err.contains("U+0007"), "{err}");
    }
}
