//! Detection of Vietnamese typed in a legacy 8-bit font encoding.
//!
//! Before Unicode, Vietnamese offices typed with TCVN3 (ABC) or VNI fonts: the bytes
//! were Latin-1 code points drawn with Vietnamese glyphs. Pasted into a Unicode
//! system, "Phường" in TCVN3 arrives as "Ph­êng" and "Việt" in VNI as "Vieät". Such text
//! passes every font check (Liberation Serif draws Latin-1) and would be printed as
//! gibberish, so it is caught here and the clerk is told how to convert it.

/// Latin-1 letters and signs that Vietnamese text never uses: each is a trace of a
/// legacy encoding when it appears in a notice.
fn is_foreign_latin1(c: char) -> bool {
    let cp = c as u32;
    if !(0xA1..=0xFF).contains(&cp) {
        return false;
    }
    // Latin-1 letters that are also Vietnamese letters.
    const VIETNAMESE: &str = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý";
    // Signs an honest document may use.
    const ALLOWED_SIGNS: &str = "§°±«»·×÷½¼¾";
    !VIETNAMESE.contains(c) && !ALLOWED_SIGNS.contains(c)
}

/// Marks VNI writes as a separate byte after the base vowel, keeping only those that
/// are not Vietnamese letters themselves (so "hoá", "quá" are never suspects).
fn is_vni_mark(c: char) -> bool {
    "øûïäåëö".contains(c)
}

/// Whether `c` is a trace a legacy encoding could leave: [`detect`] finds nothing in
/// a string without one, so callers check this while scanning for other reasons.
pub fn suspect(c: char) -> bool {
    is_foreign_latin1(c) || c == '\u{AD}'
}

/// Returns a message when `s` looks like legacy-encoded Vietnamese.
pub fn detect(s: &str) -> Option<String> {
    let foreign = s.chars().filter(|&c| suspect(c)).count();
    let chars: Vec<char> = s.chars().collect();
    // A plain vowel followed by a VNI mark never happens in Vietnamese or in the
    // foreign names a notice may cite ("Müller" has a consonant before the 'ü').
    let vni = chars
        .windows(2)
        .any(|w| "aeiouyAEIOUY".contains(w[0]) && is_vni_mark(w[1]));
    let which = if vni {
        "VNI"
    } else if foreign >= 2 {
        "TCVN3 (ABC)"
    } else {
        return None;
    };
    Some(format!(
        "looks like Vietnamese typed in the legacy {which} encoding (characters such as {}); convert it to Unicode (for example with Unikey's converter) and paste it again",
        chars
            .iter()
            .filter(|&&c| suspect(c))
            .take(3)
            .map(|c| format!("'{}'", c.escape_default()))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::{detect, is_vni_mark, suspect};

    #[test]
    fn detection_needs_a_suspect_character() {
        // Text checks skip `detect` when no character is a suspect: every character
        // that can make `detect` fire must be one, and no Vietnamese letter is.
        for cp in 0..0x2000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if is_vni_mark(c) {
                assert!(suspect(c), "{c:?}");
            }
        }
        assert!("Ủy ban nhân dân phường Phúc Lợi àáâãèéêìíòóôõùúýđ"
            .chars()
            .all(|c| !suspect(c)));
    }

    #[test]
    fn unicode_vietnamese_passes() {
        assert!(detect("Ủy ban nhân dân phường Phúc Lợi, quận Long Biên").is_none());
        assert!(detect("Cộng hòa xã hội chủ nghĩa Việt Nam").is_none());
        assert!(detect("Hoá đơn quá hạn, ông Müller").is_none());
    }

    #[test]
    fn tcvn3_is_detected() {
        // "Phường Phúc Lợi" typed in TCVN3 and read as Latin-1.
        let msg = detect("Ph\u{AD}êng Phóc Lîi").expect("TCVN3 text must be caught");
        assert!(msg.contains("TCVN3"), "{msg}");
    }

    #[test]
    fn vni_is_detected() {
        // "Việt Nam, Nguyễn" typed in VNI and read as Latin-1.
        let msg = detect("Vieät Nam, Nguyeãn Vaên").expect("VNI text must be caught");
        assert!(msg.contains("VNI"), "{msg}");
    }
}
