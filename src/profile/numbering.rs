//! The number and symbol line ("Số: 05/TB-UBND", "Số 05-TB/QU") as parts.
//!
//! The line is printed from its parts, and the symbol in the metadata, the batch
//! manifest, the sidecar and the edXML envelope is taken from the same parts, so no
//! one has to cut the label back off the printed text (a label such as "Số hiệu"
//! would otherwise give a wrong symbol everywhere at once).

use serde::Deserialize;

/// How the number and symbol line is written:
/// `{label}{label_separator}{number}{number_separator}{notation}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Numbering {
    /// The word before the number: "Số".
    pub label: String,
    /// Between the label and the number: ": " (nd30) or " " (hd36).
    pub label_separator: String,
    /// Numbers are zero-padded to this many digits ("05").
    pub pad_digits: usize,
    /// Between the number and the notation: "/" (nd30) or "-" (hd36).
    pub number_separator: String,
    /// The notation, with `{type}` and `{issuer}`: "{type}-{issuer}" gives "TB-UBND".
    pub notation: String,
}

/// The parts of one number and symbol line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberParts {
    /// "Số".
    pub label: String,
    /// ": ".
    pub label_separator: String,
    /// The number as printed: "05" (or the blanks of a draft).
    pub number: String,
    /// "/".
    pub number_separator: String,
    /// "TB-UBND".
    pub notation: String,
}

impl NumberParts {
    /// The whole line as printed: "Số: 05/TB-UBND".
    pub fn line(&self) -> String {
        format!("{}{}{}", self.label, self.label_separator, self.symbol())
    }

    /// Number and symbol without the label: "05/TB-UBND".
    pub fn symbol(&self) -> String {
        format!("{}{}{}", self.number, self.number_separator, self.notation)
    }
}

impl Numbering {
    /// The number as printed: "05".
    pub fn padded(&self, number: u32) -> String {
        format!("{:0width$}", number, width = self.pad_digits)
    }

    /// The parts of the line for `number`, the type abbreviation and the issuer's.
    pub fn parts(&self, number: u32, type_abbr: &str, issuer_abbr: &str) -> NumberParts {
        self.parts_with(self.padded(number), type_abbr, issuer_abbr)
    }

    /// The parts with `number` printed as given (a draft's blanks).
    pub fn parts_with(&self, number: String, type_abbr: &str, issuer_abbr: &str) -> NumberParts {
        NumberParts {
            label: self.label.clone(),
            label_separator: self.label_separator.clone(),
            number,
            number_separator: self.number_separator.clone(),
            notation: self
                .notation
                .replace("{type}", type_abbr)
                .replace("{issuer}", issuer_abbr),
        }
    }

    /// The line as printed: "Số: 05/TB-UBND".
    pub fn format(&self, number: u32, type_abbr: &str, issuer_abbr: &str) -> String {
        self.parts(number, type_abbr, issuer_abbr).line()
    }

    /// What serde cannot check: a label, a sane padding, only known placeholders.
    pub(super) fn check(&self) -> Result<(), String> {
        if self.label.trim().is_empty() {
            return Err(crate::messages::compose::profile_empty_label());
        }
        if self.pad_digits > 9 {
            return Err(crate::messages::compose::profile_pad_digits());
        }
        let rest = self.notation.replace("{type}", "").replace("{issuer}", "");
        if rest.contains(['{', '}']) {
            return Err(crate::messages::compose::profile_bad_notation(
                &self.notation,
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;

    #[test]
    fn number_formats() {
        let nd30 = Profile::builtin("nd30").unwrap();
        assert_eq!(nd30.numbering.format(5, "TB", "UBND"), "Số: 05/TB-UBND");
        let hd36 = Profile::builtin("hd36").unwrap();
        assert_eq!(hd36.numbering.format(5, "TB", "QU"), "Số 05-TB/QU");
        assert_eq!(hd36.numbering.format(127, "TB", "QU"), "Số 127-TB/QU");
    }

    #[test]
    fn parts_are_data_not_cut_from_text() {
        let mut p = Profile::builtin("nd30").unwrap();
        p.numbering.label = "Số hiệu".into();
        let parts = p.numbering.parts(5, "TB", "UBND");
        assert_eq!(parts.line(), "Số hiệu: 05/TB-UBND");
        assert_eq!(parts.symbol(), "05/TB-UBND");
        assert_eq!(parts.notation, "TB-UBND");
        assert_eq!(parts.number, "05");
    }
}
