//! Detection of Vietnamese typed in a legacy 8-bit font encoding.
//!
//! Before Unicode, Vietnamese offices typed with TCVN3 (ABC) or VNI fonts: the bytes
//! were Latin-1 code points drawn with Vietnamese glyphs. Pasted into a Unicode
//! system, "Phường" in TCVN3 arrives as "Ph­êng" and "Việt" in VNI as "Vieät". Such text
//! passes every font check (Liberation Serif draws Latin-1) and would be printed as
//! gibberish, so it is caught here and the clerk is told how to convert it.
//!
//! Latin-1 letters alone prove nothing: notices name foreign partners and places
//! ("ông Müller", "Zürich", "François"). So the test is word by word: a word counts as
//! legacy text when it is not a Vietnamese syllable as written, but becomes one when
//! read back through the TCVN3 or VNI table ("Lîi" is "Lợi", "Vieät" is "Việt"),
//! while "Müller" read back is still no Vietnamese syllable. A field is refused when
//! such words outnumber the other words with Latin-1 signs in it.

use unicode_normalization::UnicodeNormalization;

/// Whether `c` is a Latin-1 character Vietnamese text never uses (letters such as
/// 'ü', 'Ö', 'ñ', and signs such as 'µ', '·', '§'), or the soft hyphen that TCVN3
/// uses for 'ư'.
pub fn suspect(c: char) -> bool {
    // Latin-1 letters that are also Vietnamese letters.
    const VIETNAMESE: &str = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý";
    matches!(c as u32, 0xA1..=0xFF) && !VIETNAMESE.contains(c)
}

/// TCVN3 (TCVN 5712:1993, the ABC fonts): the Latin-1 code points it gives
/// Vietnamese letters. The upper-case faces (.VnTimeH) reuse the same codes.
const TCVN3: &[(char, char)] = &[
    ('¡', 'Ă'),
    ('¢', 'Â'),
    ('£', 'Ê'),
    ('¤', 'Ô'),
    ('¥', 'Ơ'),
    ('¦', 'Ư'),
    ('§', 'Đ'),
    ('¨', 'ă'),
    ('©', 'â'),
    ('ª', 'ê'),
    ('«', 'ô'),
    ('¬', 'ơ'),
    ('\u{AD}', 'ư'),
    ('®', 'đ'),
    ('µ', 'à'),
    ('¶', 'ả'),
    ('·', 'ã'),
    ('¸', 'á'),
    ('¹', 'ạ'),
    ('»', 'ằ'),
    ('¼', 'ẳ'),
    ('½', 'ẵ'),
    ('¾', 'ắ'),
    ('Æ', 'ặ'),
    ('Ç', 'ầ'),
    ('È', 'ẩ'),
    ('É', 'ẫ'),
    ('Ê', 'ấ'),
    ('Ë', 'ậ'),
    ('Ì', 'è'),
    ('Î', 'ẻ'),
    ('Ï', 'ẽ'),
    ('Ð', 'é'),
    ('Ñ', 'ẹ'),
    ('Ò', 'ề'),
    ('Ó', 'ể'),
    ('Ô', 'ễ'),
    ('Õ', 'ế'),
    ('Ö', 'ệ'),
    ('×', 'ì'),
    ('Ø', 'ỉ'),
    ('Ü', 'ĩ'),
    ('Ý', 'í'),
    ('Þ', 'ị'),
    ('ß', 'ò'),
    ('á', 'ỏ'),
    ('â', 'õ'),
    ('ã', 'ó'),
    ('ä', 'ọ'),
    ('å', 'ồ'),
    ('æ', 'ổ'),
    ('ç', 'ỗ'),
    ('è', 'ố'),
    ('é', 'ộ'),
    ('ê', 'ờ'),
    ('ë', 'ở'),
    ('ì', 'ỡ'),
    ('í', 'ớ'),
    ('î', 'ợ'),
    ('ï', 'ù'),
    ('ñ', 'ủ'),
    ('ò', 'ũ'),
    ('ó', 'ú'),
    ('ô', 'ụ'),
    ('õ', 'ừ'),
    ('ö', 'ử'),
    ('÷', 'ữ'),
    ('ø', 'ứ'),
    ('ù', 'ự'),
    ('ú', 'ỳ'),
    ('û', 'ỷ'),
    ('ü', 'ỹ'),
    ('ý', 'ý'),
    ('þ', 'ỵ'),
];

fn decode_tcvn3(word: &str) -> String {
    word.chars()
        .map(|c| TCVN3.iter().find(|&&(k, _)| k == c).map_or(c, |&(_, v)| v))
        .collect()
}

const GRAVE: char = '\u{300}';
const ACUTE: char = '\u{301}';
const CIRCUMFLEX: char = '\u{302}';
const TILDE: char = '\u{303}';
const BREVE: char = '\u{306}';
const HOOK: char = '\u{309}';
const HORN: char = '\u{31B}';
const DOT: char = '\u{323}';

/// A VNI mark: the byte typed after a vowel, as (vowel sign, tone).
fn vni_mark(c: char) -> Option<(Option<char>, Option<char>)> {
    Some(match c.to_lowercase().next()? {
        'ù' => (None, Some(ACUTE)),
        'ø' => (None, Some(GRAVE)),
        'û' => (None, Some(HOOK)),
        'õ' => (None, Some(TILDE)),
        'ï' => (None, Some(DOT)),
        'â' => (Some(CIRCUMFLEX), None),
        'á' => (Some(CIRCUMFLEX), Some(ACUTE)),
        'à' => (Some(CIRCUMFLEX), Some(GRAVE)),
        'å' => (Some(CIRCUMFLEX), Some(HOOK)),
        'ã' => (Some(CIRCUMFLEX), Some(TILDE)),
        'ä' => (Some(CIRCUMFLEX), Some(DOT)),
        'ê' => (Some(BREVE), None),
        'é' => (Some(BREVE), Some(ACUTE)),
        'è' => (Some(BREVE), Some(GRAVE)),
        'ú' => (Some(BREVE), Some(HOOK)),
        'ü' => (Some(BREVE), Some(TILDE)),
        'ë' => (Some(BREVE), Some(DOT)),
        _ => return None,
    })
}

/// VNI letters typed as one byte.
fn vni_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ñ' => "đ",
        'Ñ' => "Đ",
        'ô' => "o\u{31B}",
        'Ô' => "O\u{31B}",
        'ö' => "u\u{31B}",
        'Ö' => "U\u{31B}",
        'æ' => "i\u{309}",
        'Æ' => "I\u{309}",
        'ó' => "i\u{303}",
        'Ó' => "I\u{303}",
        'ò' => "i\u{323}",
        'Ò' => "I\u{323}",
        'î' => "y\u{323}",
        'Î' => "Y\u{323}",
        _ => return None,
    })
}

fn decode_vni(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 8);
    // The base letter of the last character written, if it was a vowel.
    let mut vowel: Option<char> = None;
    for c in word.chars() {
        if let (Some(v), Some((sign, tone))) = (vowel, vni_mark(c)) {
            let fits = match sign {
                Some(CIRCUMFLEX) => "aeo".contains(v),
                Some(_) => v == 'a',
                None => true,
            };
            if fits {
                out.extend(sign);
                out.extend(tone);
                vowel = None;
                continue;
            }
        }
        match vni_letter(c) {
            Some(s) => {
                out.push_str(s);
                let base = s.chars().next().unwrap_or(c).to_ascii_lowercase();
                vowel = "aeiouy".contains(base).then_some(base);
            }
            None => {
                out.push(c);
                let base = c.to_ascii_lowercase();
                vowel = "aeiouy".contains(base).then_some(base);
            }
        }
    }
    out.nfc().collect()
}

/// Onsets of Vietnamese syllables (the empty one included).
const INITIALS: [&str; 28] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];
/// Vowel groups, with the glides that close a syllable ("ai", "ươu").
const NUCLEI: [&str; 59] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iu", "iê", "iêu", "oa", "oă", "oe", "oi", "oo", "ôi", "ơi", "ua", "uâ",
    "uê", "ui", "uô", "uôi", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "ươi", "ươu", "uya", "uyê", "uyu",
    "yê", "yêu", "oai", "oay", "oao", "oeo", "uây", "uao", "ueo", "uai", "uê",
];
/// Final consonants (the empty one included).
const FINALS: [&str; 9] = ["ch", "ng", "nh", "c", "m", "n", "p", "t", ""];

/// Vowel groups that end the syllable: those closed by a glide ("ai", "ươu") and the
/// open diphthongs ("ia", "ưa") take no final consonant.
fn open_only(nucleus: &str) -> bool {
    matches!(nucleus, "ia" | "ua" | "ưa" | "uya")
        || (nucleus.chars().count() > 1
            && !matches!(nucleus, "uy" | "oo")
            && nucleus.ends_with(['i', 'y', 'o', 'u']))
}

/// Whether `word` is a Vietnamese syllable: an onset, a vowel group, a final
/// consonant, and at most one tone mark. Lenient on purpose (it accepts some
/// syllables no one says): it only decides whether a read-back is Vietnamese.
fn is_syllable(word: &str) -> bool {
    let mut tones = 0;
    let mut plain = String::with_capacity(word.len());
    for c in word.nfd() {
        match c {
            GRAVE | ACUTE | TILDE | HOOK | DOT => tones += 1,
            CIRCUMFLEX | BREVE | HORN => plain.push(c),
            c if c.is_ascii_alphabetic() || c == 'đ' || c == 'Đ' => plain.push(c),
            _ => return false,
        }
    }
    if tones > 1 {
        return false;
    }
    let plain: String = plain.nfc().collect::<String>().to_lowercase();
    INITIALS.iter().any(|i| {
        plain.strip_prefix(i).is_some_and(|rest| {
            FINALS.iter().any(|f| {
                rest.strip_suffix(f).is_some_and(|nucleus| {
                    NUCLEI.contains(&nucleus) && (f.is_empty() || !open_only(nucleus))
                })
            })
        })
    })
}

/// Characters a legacy-encoded word is made of: letters, and the Latin-1 signs the
/// encodings use for letters.
fn in_word(c: char) -> bool {
    c.is_alphabetic() || matches!(c as u32, 0xA1..=0xFF)
}

/// Show a word as it is, with invisible characters (TCVN3's soft hyphen) named.
fn shown(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c == '\u{AD}' {
                "<U+00AD>".to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Returns a message when `s` looks like legacy-encoded Vietnamese.
pub fn detect(s: &str) -> Option<String> {
    if !s.chars().any(suspect) {
        return None;
    }
    let mut tcvn3: Vec<(&str, String)> = Vec::new();
    let mut vni: Vec<(&str, String)> = Vec::new();
    let mut other = 0usize;
    for word in s.split(|c: char| !in_word(c)).filter(|w| !w.is_empty()) {
        let has_suspect = word.chars().any(suspect);
        let vni_marked = word.chars().any(|c| vni_mark(c).is_some());
        // A lone sign ('·', a soft hyphen) is no word in any encoding.
        if (!has_suspect && !vni_marked) || word.chars().count() < 2 {
            continue;
        }
        if is_syllable(word) {
            continue;
        }
        let t = decode_tcvn3(word);
        let v = decode_vni(word);
        let t_ok = t != word && is_syllable(&t);
        let v_ok = v != word && is_syllable(&v);
        if t_ok {
            tcvn3.push((word, t));
        }
        if v_ok {
            vni.push((word, v));
        }
        if !t_ok && !v_ok && has_suspect {
            other += 1;
        }
    }
    let (which, words) = if vni.len() > tcvn3.len() {
        ("VNI", vni)
    } else {
        ("TCVN3 (ABC)", tcvn3)
    };
    // "ông Müller tại Zürich" has two foreign words and no legacy one; a pasted
    // TCVN3 sentence is nearly all legacy words.
    if words.is_empty() || words.len() <= other {
        return None;
    }
    let examples = words
        .iter()
        .take(3)
        .map(|(w, d)| crate::messages::input::legacy_reads_as(shown(w), d))
        .collect::<Vec<_>>()
        .join(", ");
    Some(crate::messages::input::legacy_encoding(which, examples))
}

#[cfg(test)]
mod tests {
    use super::{decode_tcvn3, decode_vni, detect, is_syllable, suspect};
    use crate::messages::{with_lang, Lang};

    #[test]
    fn detection_needs_a_suspect_character() {
        // Text checks skip `detect` when no character is a suspect, so `detect` must
        // find nothing in such text, and no Vietnamese letter is a suspect.
        assert!(detect("Vaên baûn").is_some());
        assert!(detect("Vaên").is_none());
        assert!("Ủy ban nhân dân phường Phúc Lợi àáâãèéêìíòóôõùúýđ"
            .chars()
            .all(|c| !suspect(c)));
        assert!(suspect('\u{AD}') && suspect('ü') && suspect('µ'));
    }

    #[test]
    fn syllables() {
        for w in [
            "Phường",
            "nghiêng",
            "khuya",
            "quốc",
            "giữa",
            "thuở",
            "Nguyễn",
            "gì",
            "huỳnh",
            "ông",
            "Việt",
            "xoăn",
            "ngoéo",
            "Lợi",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in [
            "Müller",
            "Zürich",
            "mỹller",
            "zỹrich",
            "François",
            "Noël",
            "hỏá",
            "Straße",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn the_tables_read_known_words_back() {
        assert_eq!(
            decode_tcvn3("Céng hßa x· héi chñ nghÜa ViÖt Nam"),
            "Cộng hòa xã hội chủ nghĩa Việt Nam"
        );
        assert_eq!(
            decode_tcvn3("§éc lËp - Tù do - H¹nh phóc"),
            "Độc lập - Tự do - Hạnh phúc"
        );
        assert_eq!(
            decode_vni("Vieät Nam, Nguyeãn Vaên"),
            "Việt Nam, Nguyễn Văn"
        );
        assert_eq!(decode_vni("ngöôøi"), "người");
    }

    #[test]
    fn unicode_vietnamese_passes() {
        assert!(detect("Ủy ban nhân dân phường Phúc Lợi, quận Long Biên").is_none());
        assert!(detect("Cộng hòa xã hội chủ nghĩa Việt Nam").is_none());
        assert!(detect("Hoá đơn quá hạn, ông Müller").is_none());
        assert!(detect("Đoàn công tác của thành phố Zürich do ông Müller dẫn đầu").is_none());
        assert!(
            detect("Zürich, Müller, Noël, François, Gaëlle, Jörg, São Paulo, Curaçao").is_none()
        );
        assert!(detect("Kế hoạch phát\u{AD}triển kinh\u{AD}tế năm 2018").is_none());
        assert!(detect("Nhiệt độ 25°C, độ ẩm 80% ± 5%, § 3 khoản 2, «Hà Nội»").is_none());
    }

    #[test]
    fn tcvn3_is_detected() {
        // "Phường Phúc Lợi" typed in TCVN3 and read as Latin-1.
        let msg = with_lang(Lang::En, || detect("Ph\u{AD}êng Phóc Lîi"))
            .expect("TCVN3 text must be caught");
        assert!(msg.contains("TCVN3"), "{msg}");
        assert!(msg.contains("\"Lîi\" reads \"Lợi\""), "{msg}");
        let vi = detect("Ph\u{AD}êng Phóc Lîi").expect("caught");
        assert!(vi.contains("bảng mã cũ TCVN3"), "{vi}");
        assert!(vi.contains("\"Lîi\" đọc là \"Lợi\""), "{vi}");
        assert!(msg.contains("\"Ph<U+00AD>êng\" reads \"Phường\""), "{msg}");
        assert!(!msg.contains("\\u{"), "{msg}");
        let msg = detect("Céng hßa x· héi chñ nghÜa ViÖt Nam").expect("caught");
        assert!(msg.contains("TCVN3"), "{msg}");
        // A pasted TCVN3 sentence in a Unicode paragraph with a foreign name.
        assert!(detect("Ông Müller phát biểu: §¶ng bé ph\u{AD}êng ®· l·nh ®¹o").is_some());
    }

    #[test]
    fn vni_is_detected() {
        // "Việt Nam, Nguyễn" typed in VNI and read as Latin-1.
        let msg = with_lang(Lang::En, || detect("Vieät Nam, Nguyeãn Vaên"))
            .expect("VNI text must be caught");
        assert!(msg.contains("VNI"), "{msg}");
        assert!(msg.contains("\"Vieät\" reads \"Việt\""), "{msg}");
        let vi = detect("Vieät Nam, Nguyeãn Vaên").expect("caught");
        assert!(vi.contains("\"Vieät\" đọc là \"Việt\""), "{vi}");
    }
}
