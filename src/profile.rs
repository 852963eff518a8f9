//! Formatting profiles: the standard as data.
//!
//! A profile says how a notice looks (page, margins, the size and weight of every
//! named paragraph style, the rules, the number and date formats, the signing
//! prefixes); the template only says what the parts are. Both writers read the same
//! profile, so a size changed here changes the PDF and the DOCX alike. The two
//! standards ship built in (`profiles/*.toml`); `--profile-dir` can load others, such
//! as a future Party guide, without touching code.

use crate::units::{Mm, Pt};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Built-in profiles: (id, TOML source).
const BUILTIN: [(&str, &str); 2] = [
    ("nd30", include_str!("../profiles/nd30.toml")),
    ("hd36", include_str!("../profiles/hd36.toml")),
];

/// A complete formatting profile.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Short identifier used in the input's `profile` field.
    pub id: String,
    /// Human-readable name of the standard.
    pub name: String,
    /// Name of the template (without `.hbs`) that gives the structure.
    pub template: String,
    pub page: PageSetup,
    pub page_number: PageNumber,
    pub numbering: Numbering,
    /// Signing prefixes by authority (`thay_mat` → "TM." or "T/M").
    pub signer_prefixes: BTreeMap<String, String>,
    /// Side-by-side rows (header, closing) by role: column widths as fractions.
    pub rows: BTreeMap<String, RowSpec>,
    /// Named paragraph styles.
    pub styles: BTreeMap<String, ParagraphStyle>,
    /// Named horizontal rules.
    pub rules: BTreeMap<String, RuleStyle>,
    /// Where the signature goes.
    pub signature: SignatureSpec,
}

/// The signature area: the space above the first paragraph in `anchor_style` (the
/// signer's name). Signature and seal images are placed in it, and a PDF signing
/// field reserves it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureSpec {
    pub anchor_style: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSetup {
    pub width_mm: f64,
    pub height_mm: f64,
    pub margin_top_mm: f64,
    pub margin_bottom_mm: f64,
    pub margin_left_mm: f64,
    pub margin_right_mm: f64,
}

impl PageSetup {
    pub fn width(&self) -> Pt {
        Mm(self.width_mm).to_pt()
    }
    pub fn height(&self) -> Pt {
        Mm(self.height_mm).to_pt()
    }
    pub fn margin_top(&self) -> Pt {
        Mm(self.margin_top_mm).to_pt()
    }
    pub fn margin_bottom(&self) -> Pt {
        Mm(self.margin_bottom_mm).to_pt()
    }
    pub fn margin_left(&self) -> Pt {
        Mm(self.margin_left_mm).to_pt()
    }
    pub fn margin_right(&self) -> Pt {
        Mm(self.margin_right_mm).to_pt()
    }
    /// Width between the left and right margins.
    pub fn text_width(&self) -> Pt {
        self.width() - self.margin_left() - self.margin_right()
    }
    /// Height between the top and bottom margins.
    pub fn text_height(&self) -> Pt {
        self.height() - self.margin_top() - self.margin_bottom()
    }
}

/// Where page numbers go: centred over the text area, inside the top margin.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageNumber {
    /// Paragraph style of the number (size, weight).
    pub style: String,
    /// First page that shows its number (2: none on page 1).
    pub first_numbered_page: usize,
    /// Distance from the top edge of the paper to the top of the number's line box.
    pub top_mm: f64,
}

/// How the number and symbol line is written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Numbering {
    /// Pattern with `{number}`, `{type}` and `{issuer}`: "Số: {number}/{type}-{issuer}".
    pub pattern: String,
    /// Numbers are zero-padded to this many digits ("05").
    pub pad_digits: usize,
}

impl Numbering {
    /// The number as printed: "05".
    pub fn padded(&self, number: u32) -> String {
        format!("{:0width$}", number, width = self.pad_digits)
    }

    pub fn format(&self, number: u32, type_abbr: &str, issuer_abbr: &str) -> String {
        let n = self.padded(number);
        self.pattern
            .replace("{number}", &n)
            .replace("{type}", type_abbr)
            .replace("{issuer}", issuer_abbr)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowSpec {
    /// Column widths as fractions of the text width; they should add up to 1.
    pub columns: Vec<f64>,
    /// Space above the row.
    #[serde(default)]
    pub space_before_pt: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// A named paragraph style.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParagraphStyle {
    pub size_pt: f64,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub italic: bool,
    #[serde(default)]
    pub underline: bool,
    pub align: Align,
    #[serde(default)]
    pub first_line_indent_mm: f64,
    #[serde(default)]
    pub space_before_pt: f64,
    #[serde(default)]
    pub space_after_pt: f64,
    /// Exact distance between baselines. Fixed pitch makes the PDF and the DOCX (and
    /// Word and LibreOffice) agree on every line position.
    pub line_height_pt: f64,
    /// Keep on the same page as the next block (titles, headings).
    #[serde(default)]
    pub keep_with_next: bool,
}

impl ParagraphStyle {
    pub fn size(&self) -> Pt {
        Pt(self.size_pt)
    }
    pub fn line_height(&self) -> Pt {
        Pt(self.line_height_pt)
    }
    pub fn first_line_indent(&self) -> Pt {
        Mm(self.first_line_indent_mm).to_pt()
    }
    pub fn space_before(&self) -> Pt {
        Pt(self.space_before_pt)
    }
    pub fn space_after(&self) -> Pt {
        Pt(self.space_after_pt)
    }
}

/// A short horizontal rule under a header line or the title.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleStyle {
    /// Length as a fraction of the widest line of the paragraph just above.
    pub fraction_of_previous: f64,
    pub thickness_pt: f64,
    /// Gap between the previous line box and the rule.
    pub space_before_pt: f64,
    /// Gap between the rule and the next block.
    pub space_after_pt: f64,
}

impl RuleStyle {
    pub fn thickness(&self) -> Pt {
        Pt(self.thickness_pt)
    }
    pub fn space_before(&self) -> Pt {
        Pt(self.space_before_pt)
    }
    pub fn space_after(&self) -> Pt {
        Pt(self.space_after_pt)
    }
}

impl Profile {
    /// Parse a profile from TOML text; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Profile, String> {
        let p: Profile = toml::from_str(text).map_err(|e| format!("profile {origin}: {e}"))?;
        p.check().map_err(|e| format!("profile {origin}: {e}"))?;
        Ok(p)
    }

    /// One of the built-in profiles by id, parsed once per process.
    pub fn builtin_ref(id: &str) -> Option<&'static Profile> {
        static PARSED: OnceLock<Vec<Profile>> = OnceLock::new();
        PARSED
            .get_or_init(|| {
                BUILTIN
                    .iter()
                    .map(|(name, src)| {
                        Profile::from_toml(src, name).expect("built-in profile is valid")
                    })
                    .collect()
            })
            .iter()
            .find(|p| p.id == id)
    }

    /// An owned copy of a built-in profile, to modify or keep.
    pub fn builtin(id: &str) -> Option<Profile> {
        Profile::builtin_ref(id).cloned()
    }

    pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(id, _)| *id)
    }

    pub fn style(&self, name: &str) -> Option<&ParagraphStyle> {
        self.styles.get(name)
    }

    /// Consistency checks that serde cannot express.
    fn check(&self) -> Result<(), String> {
        if !self.styles.contains_key(&self.signature.anchor_style) {
            return Err(format!(
                "signature.anchor_style '{}' is not a defined style",
                self.signature.anchor_style
            ));
        }
        if !self.styles.contains_key(&self.page_number.style) {
            return Err(format!(
                "page_number.style '{}' is not a defined style",
                self.page_number.style
            ));
        }
        for (role, row) in &self.rows {
            let sum: f64 = row.columns.iter().sum();
            if row.columns.is_empty() || (sum - 1.0).abs() > 0.001 {
                return Err(format!(
                    "rows.{role}.columns must add up to 1 (they add up to {sum})"
                ));
            }
        }
        for (name, s) in &self.styles {
            if s.size_pt <= 0.0 || s.line_height_pt <= 0.0 {
                return Err(format!(
                    "styles.{name}: size and line height must be positive"
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_load() {
        for id in Profile::builtin_ids() {
            let p = Profile::builtin(id).unwrap();
            assert_eq!(p.id, id);
            assert_eq!(p.page.margin_left_mm, 30.0);
            assert_eq!(p.page.margin_right_mm, 15.0);
        }
    }

    #[test]
    fn number_formats() {
        let nd30 = Profile::builtin("nd30").unwrap();
        assert_eq!(nd30.numbering.format(5, "TB", "UBND"), "Số: 05/TB-UBND");
        let hd36 = Profile::builtin("hd36").unwrap();
        assert_eq!(hd36.numbering.format(5, "TB", "QU"), "Số 05-TB/QU");
        assert_eq!(hd36.numbering.format(127, "TB", "QU"), "Số 127-TB/QU");
    }
}
