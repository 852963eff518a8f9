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
        // Counted only when the bytes could be too many characters.
        let too_long_nfc = |nfc: &str| {
            let chars = if nfc.len() > MAX_CHARS {
                nfc.chars().count()
            } else {
                0
            };
            (chars > MAX_CHARS).then(|| too_long(chars))
        };
        let (nfc, scan) = match plain_scan(&raw) {
            Some(scan) => {
                if let Some(e) = too_long_nfc(&raw) {
                    return Err(e);
                }
                (raw.into_owned(), scan)
            }
            None => {
                let nfc = if is_nfc_quick(raw.chars()) == IsNormalized::Yes {
                    raw.into_owned()
                } else {
                    raw.nfc().collect()
                };
                if let Some(e) = too_long_nfc(&nfc) {
                    return Err(e);
                }
                let scan = check_characters(&nfc)?;
                (nfc, scan)
            }
        };
        if scan.suspect {
            if let Some(hint) = crate::input::legacy::detect(&nfc) {
                return Err(hint);
            }
        }
        // Formatting-only characters are dropped here, at the boundary, so that the
        // PDF and the DOCX print the same text. Dropping may leave letters and marks
        // next to each other that compose: the result is normalised and checked again.
        let text = if scan.droppable {
            let kept: String = nfc.chars().filter(|&c| !is_dropped(c)).collect();
            let kept = if is_nfc_quick(kept.chars()) == IsNormalized::Yes {
                kept
            } else {
                kept.nfc().collect()
            };
            check_characters(&kept)?;
            kept
        } else {
            nfc
        };
        if text.trim().is_empty() {
            return Err(if scan.droppable {
                crate::messages::input::text_empty_invisible()
            } else {
                crate::messages::input::text_empty()
            });
        }
        Ok(Text(text))
    }

    /// The text, checked and normalised.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn too_long(chars: usize) -> String {
    crate::messages::input::text_too_long(chars, MAX_CHARS)
}

/// A code point as Unicode charts write it: `0007`, `1F600`.
fn code(c: char) -> String {
    format!("{:04X}", c as u32)
}

/// What a scan of a field found, besides characters it refuses.
struct Scan {
    /// A trace of a legacy encoding: `legacy::detect` must look.
    suspect: bool,
    /// A formatting-only character to drop (see [`invisible`]).
    droppable: bool,
}

/// Reject characters that would come out wrong on paper: control characters,
/// bidirectional controls, invisible characters with a meaning vanban cannot keep,
/// and anything the font lacks.
fn check_characters(s: &str) -> Result<Scan, String> {
    let mut scan = Scan {
        suspect: false,
        droppable: false,
    };
    for c in s.chars() {
        let k = class(c);
        if k & CONTROL != 0 {
            return Err(crate::messages::input::text_control(code(c)));
        }
        scan.suspect |= k & SUSPECT != 0;
        if k & INVISIBLE != 0 {
            match invisible(c) {
                Some(Invisible::Drop(_)) => scan.droppable = true,
                Some(Invisible::Bidi(name)) => {
                    return Err(crate::messages::input::text_bidi(code(c), name))
                }
                Some(Invisible::Refuse(name, advice)) => {
                    return Err(crate::messages::input::text_invisible(
                        code(c),
                        name,
                        advice.words(),
                    ))
                }
                None => {}
            }
            continue;
        }
        if k & DRAWN == 0 {
            return Err(crate::messages::input::text_not_drawn(c, code(c)));
        }
    }
    Ok(scan)
}

/// What happens to a character that prints nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invisible {
    /// Formatting only, with no effect on what a reader reads in Vietnamese or in
    /// the Latin, Greek and Cyrillic text the font draws: dropped at the input.
    Drop(&'static str),
    /// A bidirectional control: refused, it makes the screen and the print differ.
    Bidi(&'static str),
    /// Refused: it changes the text in a way that cannot be printed faithfully.
    Refuse(&'static str, Advice),
}

/// What to do about a refused invisible character (said in the thread's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advice {
    /// Remove it: it is a trace of copying.
    Remove,
    /// COMBINING GRAPHEME JOINER: it keeps accents off their letter.
    GraphemeJoiner,
    /// WORD JOINER: a no-break the DOCX would not keep.
    WordJoiner,
    /// LINE SEPARATOR: a line break written another way.
    LineSeparator,
    /// PARAGRAPH SEPARATOR: a new paragraph written another way.
    ParagraphSeparator,
    /// A variation selector: a glyph variant the font lacks.
    VariationSelector,
}

impl Advice {
    /// The advice, in the thread's language.
    pub fn words(self) -> String {
        use crate::messages::input as m;
        match self {
            Advice::Remove => m::advice_remove(),
            Advice::GraphemeJoiner => m::advice_grapheme_joiner(),
            Advice::WordJoiner => m::advice_word_joiner(),
            Advice::LineSeparator => m::advice_line_separator(),
            Advice::ParagraphSeparator => m::advice_paragraph_separator(),
            Advice::VariationSelector => m::advice_variation_selector(),
        }
    }
}

const REMOVE: Advice = Advice::Remove;

/// The decision for each invisible character (the README lists them). Soft hyphens
/// mark where a word may be hyphenated (vanban does not hyphenate), zero-width spaces
/// where a line may break (lines break at spaces and hyphens), and ZWJ/ZWNJ only
/// matter to scripts and emoji the font cannot draw: dropping them changes no word.
/// A byte order mark inside a field is the trace of files joined together.
/// Everything else either carries a meaning vanban cannot print or reorders text.
pub fn invisible(c: char) -> Option<Invisible> {
    use Invisible::*;
    Some(match c {
        '\u{00AD}' => Drop("SOFT HYPHEN"),
        '\u{200B}' => Drop("ZERO WIDTH SPACE"),
        '\u{200C}' => Drop("ZERO WIDTH NON-JOINER"),
        '\u{200D}' => Drop("ZERO WIDTH JOINER"),
        '\u{FEFF}' => Drop("BYTE ORDER MARK"),
        '\u{061C}' => Bidi("ARABIC LETTER MARK"),
        '\u{200E}' => Bidi("LEFT-TO-RIGHT MARK"),
        '\u{200F}' => Bidi("RIGHT-TO-LEFT MARK"),
        '\u{202A}' => Bidi("LEFT-TO-RIGHT EMBEDDING"),
        '\u{202B}' => Bidi("RIGHT-TO-LEFT EMBEDDING"),
        '\u{202C}' => Bidi("POP DIRECTIONAL FORMATTING"),
        '\u{202D}' => Bidi("LEFT-TO-RIGHT OVERRIDE"),
        '\u{202E}' => Bidi("RIGHT-TO-LEFT OVERRIDE"),
        '\u{2066}' => Bidi("LEFT-TO-RIGHT ISOLATE"),
        '\u{2067}' => Bidi("RIGHT-TO-LEFT ISOLATE"),
        '\u{2068}' => Bidi("FIRST STRONG ISOLATE"),
        '\u{2069}' => Bidi("POP DIRECTIONAL ISOLATE"),
        '\u{034F}' => Refuse("COMBINING GRAPHEME JOINER", Advice::GraphemeJoiner),
        '\u{2060}' => Refuse("WORD JOINER", Advice::WordJoiner),
        '\u{180E}' => Refuse("MONGOLIAN VOWEL SEPARATOR", REMOVE),
        '\u{2061}'..='\u{2064}' => Refuse("INVISIBLE MATHEMATICAL OPERATOR", REMOVE),
        '\u{206A}'..='\u{206F}' => Refuse("DEPRECATED FORMAT CHARACTER", REMOVE),
        '\u{2028}' => Refuse("LINE SEPARATOR", Advice::LineSeparator),
        '\u{2029}' => Refuse("PARAGRAPH SEPARATOR", Advice::ParagraphSeparator),
        '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => {
            Refuse("VARIATION SELECTOR", Advice::VariationSelector)
        }
        '\u{FFF9}'..='\u{FFFB}' => Refuse("INTERLINEAR ANNOTATION CONTROL", REMOVE),
        '\u{E0001}' | '\u{E0020}'..='\u{E007F}' => Refuse("TAG CHARACTER", REMOVE),
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => Refuse("HANGUL FILLER", REMOVE),
        '\u{17B4}' | '\u{17B5}' => Refuse("KHMER INHERENT VOWEL", REMOVE),
        _ => return None,
    })
}

fn is_dropped(c: char) -> bool {
    class(c) & INVISIBLE != 0 && matches!(invisible(c), Some(Invisible::Drop(_)))
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
/// An invisible character with a decision in [`invisible`].
const INVISIBLE: u8 = 16;

/// Characters below this code point (Latin, Vietnamese, general punctuation) are
/// classified once, in a table: every character of every field is looked up.
const TABLE_END: u32 = 0x2100;

/// The classes of every code point below [`TABLE_END`], made on first use.
fn table() -> &'static [u8] {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..TABLE_END)
            .map(|cp| char::from_u32(cp).map_or(0, classify))
            .collect()
    })
}

/// What the checks need to know about `c`.
fn class(c: char) -> u8 {
    match table().get(c as usize) {
        Some(&k) => k,
        None => classify(c),
    }
}

/// The usual field in one pass: every character in the table, in NFC as it stands
/// (NFC-safe), drawn, and neither a control nor invisible. Then the field needs no
/// normalising and [`check_characters`] would find nothing to refuse; the scan says
/// whether it is suspect. `None` for anything else, which takes the full path
/// (normalise, then check, so that a refusal names the character as normalised).
/// Two passes with a table lookup behind a `OnceLock` each character were 4% of an
/// ordinary batch's time (perf, 2,000 notices, PDF+DOCX, one job).
fn plain_scan(s: &str) -> Option<Scan> {
    const NEEDED: u8 = NFC_SAFE | DRAWN;
    let table = table();
    let mut suspect = false;
    for c in s.chars() {
        let k = *table.get(c as usize)?;
        if k & NEEDED != NEEDED || k & (CONTROL | INVISIBLE) != 0 {
            return None;
        }
        suspect |= k & SUSPECT != 0;
    }
    Some(Scan {
        suspect,
        droppable: false,
    })
}

fn classify(c: char) -> u8 {
    let mut k = 0;
    if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
        k |= CONTROL;
    }
    if c.is_whitespace() || crate::fonts::covers(c) {
        k |= DRAWN;
    }
    if crate::input::legacy::suspect(c) {
        k |= SUSPECT;
    }
    if invisible(c).is_some() {
        k |= INVISIBLE;
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
        Text::from_cow(raw).map_err(|m| {
            serde::de::Error::custom(crate::input::messages::tagged(
                crate::input::messages::ErrorCode::BadText,
                &m,
            ))
        })
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
    use crate::messages::{with_lang, Lang};

    /// The one-pass path takes a field only when the full path would keep it as it
    /// is and find what it finds: for every code point of the table, between two
    /// letters and after a letter a mark could compose with.
    #[test]
    fn the_one_pass_path_agrees_with_normalising_and_checking() {
        let mut taken = 0;
        for cp in 0..TABLE_END {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            for s in [format!("a{c}b"), format!("e{c}"), format!("{c}\u{301}")] {
                let Some(scan) = plain_scan(&s) else { continue };
                taken += 1;
                assert_eq!(
                    is_nfc_quick(s.chars()),
                    IsNormalized::Yes,
                    "{cp:04X} in {s:?}"
                );
                let full = check_characters(&s).unwrap_or_else(|e| panic!("{cp:04X}: {e}"));
                assert_eq!(
                    (scan.suspect, scan.droppable),
                    (full.suspect, full.droppable)
                );
            }
        }
        // Vietnamese letters, digits and punctuation take it; marks and controls not.
        assert!(taken > 1000, "{taken}");
        assert!(plain_scan("Phường Phúc Lợi, 2018.").is_some());
        assert!(plain_scan("Phu\u{031B}\u{0300}o\u{031B}ng").is_none());
        assert!(plain_scan("a\u{7}b").is_none() && plain_scan("a\u{AD}b").is_none());
    }

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
        let err = with_lang(Lang::En, || {
            Text::new(&"a".repeat(MAX_CHARS + 1)).unwrap_err()
        });
        assert!(err.contains("limit"), "{err}");
        let err = Text::new(&"a".repeat(MAX_CHARS + 1)).unwrap_err();
        assert!(err.contains("tối đa 100000 ký tự"), "{err}");
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

    #[test]
    fn bidi_controls_are_refused_by_code_point() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let err = with_lang(Lang::En, || {
                Text::new(&format!("tăng 149,4{c}%")).unwrap_err()
            });
            assert!(err.contains(&format!("U+{:04X}", c as u32)), "{err}");
            assert!(err.contains("bidirectional"), "{err}");
            let err = Text::new(&format!("tăng 149,4{c}%")).unwrap_err();
            assert!(err.contains("hướng chữ"), "{err}");
        }
    }

    #[test]
    fn formatting_only_characters_are_dropped_the_rest_refused() {
        let t = Text::new("Phường\u{AD} Phúc\u{200B} Lợi\u{200D}\u{200C}\u{FEFF}").unwrap();
        assert_eq!(t.as_str(), "Phường Phúc Lợi");
        // Dropping a joiner between a letter and its accent composes them.
        let t = Text::new("Lo\u{200D}\u{031B}\u{0323}i").unwrap();
        assert_eq!(t.as_str(), "Lợi");
        for c in [
            '\u{034F}',
            '\u{2060}',
            '\u{FE0F}',
            '\u{2063}',
            '\u{E0041}',
            '\u{2028}',
        ] {
            let err = with_lang(Lang::En, || Text::new(&format!("a{c}b")).unwrap_err());
            assert!(err.contains(&format!("U+{:04X}", c as u32)), "{err}");
            assert!(err.contains("invisible"), "{err}");
            let err = Text::new(&format!("a{c}b")).unwrap_err();
            assert!(err.contains("vô hình") && err.contains("hãy"), "{err}");
        }
        let err = with_lang(Lang::En, || Text::new("\u{200B}\u{AD}").unwrap_err());
        assert!(err.contains("empty"), "{err}");
        let err = Text::new("\u{200B}\u{AD}").unwrap_err();
        assert_eq!(err, "không được để trống (chỉ có ký tự vô hình)");
    }
}
