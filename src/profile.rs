//! Formatting profiles: the standard as data.
//!
//! A profile says how a notice looks (page, margins, the size and weight of every
//! named paragraph style, the rules, the number and date formats, the signing
//! prefixes, the default headings, the signature area, the font); the template only
//! says what the parts are. Both writers read the same profile, so a size changed
//! here changes the PDF and the DOCX alike. The two standards ship built in
//! (`profiles/*.toml`); others are loaded from TOML files with `--profile FILE` (see
//! [`ProfileSet`]), so a new guide (such as the Party's 05-HD/VPTW) is a new file,
//! not new code.
//!
//! Names inside a profile (styles, rules, row roles) are strings in the TOML file and
//! in the markup; everything after the markup holds them as [`StyleId`], [`RuleId`]
//! and [`RowRole`], which only a profile can make, by resolving a name it defines.

mod numbering;
mod set;

pub use numbering::{NumberParts, Numbering};
pub use set::ProfileSet;

use crate::input::notice::Authority;
use crate::messages::compose as msg;
use crate::units::{Mm, Pt};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Built-in profiles: (id, TOML source).
const BUILTIN: [(&str, &str); 2] = [
    ("nd30", include_str!("../profiles/nd30.toml")),
    ("hd36", include_str!("../profiles/hd36.toml")),
];

/// The font families whose faces are bundled: the only values `font.family` may take.
pub const KNOWN_FAMILIES: [&str; 1] = ["Liberation Serif"];

/// A complete formatting profile. Read one with [`Profile::from_toml`] (or
/// [`ProfileSet::load`]), which checks it and completes what serde cannot (the
/// underline geometry of every style); deserialising it directly skips both.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Short identifier used in the input's `profile` field.
    pub id: String,
    /// Human-readable name of the standard.
    pub name: String,
    /// Name of the template (without `.hbs`) that gives the structure.
    pub template: String,
    /// The typeface of every line.
    pub font: FontSpec,
    /// Paper and margins.
    pub page: PageSetup,
    /// Where page numbers go.
    pub page_number: PageNumber,
    /// How the number and symbol line is written.
    pub numbering: Numbering,
    /// Section headings when the input gives none, and how sections are numbered.
    pub headings: Headings,
    /// Signing prefixes by authority (`thay_mat` → "TM." or "T/M"); an authority the
    /// profile does not list is refused in the input.
    pub signer_prefixes: BTreeMap<Authority, String>,
    /// Side-by-side rows (header, closing) by role: column widths as fractions.
    pub rows: BTreeMap<String, RowSpec>,
    /// Named paragraph styles.
    pub styles: BTreeMap<String, ParagraphStyle>,
    /// Named horizontal rules.
    pub rules: BTreeMap<String, RuleStyle>,
    /// Where the signature goes.
    pub signature: SignatureSpec,
    /// Where underlined text draws its line, relative to the font size.
    pub underline: Underline,
}

/// The typeface. Layout measures it and the PDF embeds it, so it must be one whose
/// faces are bundled; the DOCX names its metric twin, Times New Roman
/// (`fonts::DOCX_FAMILY`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontSpec {
    /// Family whose faces are embedded in the PDF and measured by layout; one of
    /// [`KNOWN_FAMILIES`] (only Liberation Serif is bundled).
    pub family: String,
}

/// Section headings ("I. Đánh giá chung") when the input does not name them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Headings {
    /// Heading of the assessment section.
    pub assessment: String,
    /// Heading of the tasks section.
    pub tasks: String,
    /// Heading of the proposals section.
    pub proposals: String,
    /// Section numerals in order ("I", "II", …); a section past the last reuses it.
    pub numerals: Vec<String>,
    /// Between the numeral and the heading (". ").
    pub numeral_separator: String,
}

impl Headings {
    /// "II. Nhiệm vụ…": the `n`th section's heading (from 1), numbered.
    pub fn numbered(&self, n: usize, title: &str) -> String {
        let i = n
            .saturating_sub(1)
            .min(self.numerals.len().saturating_sub(1));
        let numeral = self.numerals.get(i).map_or("", String::as_str);
        format!("{numeral}{}{title}", self.numeral_separator)
    }
}

/// The signature area: the space above the first paragraph in `anchor_style` (the
/// signer's name). Signature and seal images are placed in it, and a PDF signing
/// field reserves it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureSpec {
    /// Style of the paragraph (the signer's name) whose space above is the area.
    pub anchor_style: String,
    /// Width of a signature image when the input gives none, and the width a seal is
    /// placed against when there is no signature image.
    #[serde(rename = "image_width_mm")]
    pub image_width: Mm,
    /// Lines of the paragraph before the closing row kept on its page, so the
    /// signature never stands alone on a page.
    pub keep_lines_with_signature: usize,
}

/// Paper size and margins.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSetup {
    /// Paper width.
    #[serde(rename = "width_mm")]
    pub width: Mm,
    /// Paper height.
    #[serde(rename = "height_mm")]
    pub height: Mm,
    /// Top margin.
    #[serde(rename = "margin_top_mm")]
    pub margin_top: Mm,
    /// Bottom margin.
    #[serde(rename = "margin_bottom_mm")]
    pub margin_bottom: Mm,
    /// Left margin (binding side).
    #[serde(rename = "margin_left_mm")]
    pub margin_left: Mm,
    /// Right margin.
    #[serde(rename = "margin_right_mm")]
    pub margin_right: Mm,
}

impl PageSetup {
    /// Paper width in points.
    pub fn width(&self) -> Pt {
        self.width.to_pt()
    }
    /// Paper height in points.
    pub fn height(&self) -> Pt {
        self.height.to_pt()
    }
    /// Top margin in points.
    pub fn margin_top(&self) -> Pt {
        self.margin_top.to_pt()
    }
    /// Bottom margin in points.
    pub fn margin_bottom(&self) -> Pt {
        self.margin_bottom.to_pt()
    }
    /// Left margin in points.
    pub fn margin_left(&self) -> Pt {
        self.margin_left.to_pt()
    }
    /// Right margin in points.
    pub fn margin_right(&self) -> Pt {
        self.margin_right.to_pt()
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
    #[serde(rename = "top_mm")]
    pub top: Mm,
}

/// A side-by-side row's columns.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowSpec {
    /// Column widths as fractions of the text width; they should add up to 1.
    pub columns: Vec<f64>,
    /// Space above the row.
    #[serde(default, rename = "space_before_pt")]
    pub space_before: Pt,
}

/// Horizontal alignment of a paragraph's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
    /// Both edges, the last line flush left.
    Justify,
}

/// A named paragraph style.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParagraphStyle {
    /// Font size.
    #[serde(rename = "size_pt")]
    pub size: Pt,
    /// Bold face.
    #[serde(default)]
    pub bold: bool,
    /// Italic face.
    #[serde(default)]
    pub italic: bool,
    /// Every run underlined.
    #[serde(default)]
    pub underline: bool,
    /// Alignment of the lines.
    pub align: Align,
    /// Indent of the first line.
    #[serde(default, rename = "first_line_indent_mm")]
    pub first_line_indent: Mm,
    /// Space above the paragraph.
    #[serde(default, rename = "space_before_pt")]
    pub space_before: Pt,
    /// Space below the paragraph.
    #[serde(default, rename = "space_after_pt")]
    pub space_after: Pt,
    /// Exact distance between baselines. Fixed pitch makes the PDF and the DOCX (and
    /// Word and LibreOffice) agree on every line position.
    #[serde(rename = "line_height_pt")]
    pub line_height: Pt,
    /// Keep on the same page as the next block (titles, headings).
    #[serde(default)]
    pub keep_with_next: bool,
    /// The profile's underline geometry, copied in when the profile is loaded so
    /// that a line can be drawn from its style alone.
    #[serde(skip, default = "Underline::unset")]
    pub underline_geometry: Underline,
}

impl ParagraphStyle {
    /// Font size (the field, for callers that read styles through methods).
    pub fn size(&self) -> Pt {
        self.size
    }
    /// Distance between baselines.
    pub fn line_height(&self) -> Pt {
        self.line_height
    }
    /// Indent of the first line, in points.
    pub fn first_line_indent(&self) -> Pt {
        self.first_line_indent.to_pt()
    }
    /// Space above the paragraph.
    pub fn space_before(&self) -> Pt {
        self.space_before
    }
    /// Space below the paragraph.
    pub fn space_after(&self) -> Pt {
        self.space_after
    }
}

/// Where an underline goes, as fractions of the font size.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Underline {
    /// Distance below the baseline to the line's centre.
    pub offset_em: f64,
    /// Thickness of the line.
    pub thickness_em: f64,
}

impl Underline {
    /// A placeholder until [`Profile::from_toml`] copies the profile's values in.
    fn unset() -> Underline {
        Underline {
            offset_em: 0.0,
            thickness_em: 0.0,
        }
    }
}

/// A short horizontal rule under a header line or the title.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleStyle {
    /// Length as a fraction of the widest line of the paragraph just above.
    pub fraction_of_previous: f64,
    /// Thickness of the line.
    #[serde(rename = "thickness_pt")]
    pub thickness: Pt,
    /// Gap between the previous line box and the rule.
    #[serde(rename = "space_before_pt")]
    pub space_before: Pt,
    /// Gap between the rule and the next block.
    #[serde(rename = "space_after_pt")]
    pub space_after: Pt,
}

impl RuleStyle {
    /// Thickness of the line.
    pub fn thickness(&self) -> Pt {
        self.thickness
    }
    /// Gap above the rule.
    pub fn space_before(&self) -> Pt {
        self.space_before
    }
    /// Gap below the rule.
    pub fn space_after(&self) -> Pt {
        self.space_after
    }
}

macro_rules! name_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The name, as written in the profile and the markup.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        /// Read as the name, so that writers can use it where a `&str` is wanted
        /// (the DOCX style id is derived from it).
        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }
    };
}

name_id!(
    /// The name of a paragraph style a profile defines; made only by
    /// [`Profile::style_id`].
    StyleId
);
name_id!(
    /// The name of a rule a profile defines; made only by [`Profile::rule_id`].
    RuleId
);
name_id!(
    /// The role of a side-by-side row a profile defines; made only by
    /// [`Profile::row_role`].
    RowRole
);

/// A name the profile does not define, or a document that uses one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The profile asked.
    pub profile: String,
    /// "style", "rule" or "row".
    pub kind: &'static str,
    /// The name asked for.
    pub name: String,
}

impl std::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (p, n) = (&self.profile, &self.name);
        f.write_str(&match self.kind {
            "rule" => msg::profile_no_rule(p, n),
            "row" => msg::profile_no_row(p, n),
            _ => msg::profile_no_style(p, n),
        })
    }
}

impl std::error::Error for UnknownName {}

/// A TOML error of profile `origin` (whose text is `text`) in plain words, with its
/// line and column: the serde messages a person meets (an unknown key, a missing one,
/// a value of the wrong kind) are said in the catalogue's words, with the closest key.
fn toml_words(text: &str, origin: &str, e: &toml::de::Error) -> String {
    let detail = e.message().trim();
    let words = if let Some(rest) = detail.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let keys: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let list = keys
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        match crate::input::messages::closest(key, &keys) {
            Some(best) => msg::profile_unknown_key_did_you_mean(key, best, list),
            None => msg::profile_unknown_key(key, list),
        }
    } else if let Some(rest) = detail.strip_prefix("missing field `") {
        msg::profile_missing_key(rest.trim_end_matches('`'))
    } else if let Some(rest) = detail.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        msg::profile_wrong_type(value_kind(found), value_kind(expected))
    } else {
        msg::profile_toml_other(detail)
    };
    match e.span() {
        Some(span) => {
            let mut start = span.start.min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let at = crate::util::position::Position::after(&text[..start]);
            msg::profile_at_line(origin, at.line, at.column, words)
        }
        None => msg::profile_at(origin, words),
    }
}

/// A kind of value as serde names it (`f64`, `string "a"`, `a sequence`), in plain words.
fn value_kind(serde: &str) -> String {
    let (head, value) = serde.split_once(' ').unwrap_or((serde, ""));
    let kind = match head {
        "f64" | "f32" | "float" | "floating" => msg::kind_number(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "integer" => {
            msg::kind_integer()
        }
        "string" => msg::kind_text(),
        "boolean" | "bool" => msg::kind_bool(),
        "sequence" | "array" => msg::kind_list(),
        "map" | "struct" | "table" => msg::kind_table(),
        _ if serde.contains("sequence") => msg::kind_list(),
        _ if serde.contains("map") || serde.contains("struct") => msg::kind_table(),
        _ => return serde.to_string(),
    };
    // The value given, when serde shows it (`string "a"`, `integer 3`).
    match value.trim() {
        v if v.is_empty()
            || !(v.starts_with('"')
                || v.chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '-')) =>
        {
            kind
        }
        v => format!("{v}: {kind}"),
    }
}

impl Profile {
    /// Parse a profile from TOML text; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Profile, String> {
        let mut p: Profile = toml::from_str(text).map_err(|e| toml_words(text, origin, &e))?;
        p.check().map_err(|e| msg::profile_at(origin, e))?;
        let geometry = p.underline;
        for s in p.styles.values_mut() {
            s.underline_geometry = geometry;
        }
        Ok(p)
    }

    /// One of the built-in profiles by id, parsed from its TOML source.
    pub fn builtin(id: &str) -> Option<Profile> {
        BUILTIN
            .iter()
            .find(|(name, _)| *name == id)
            .map(|(name, src)| Profile::from_toml(src, name).expect("built-in profile is valid"))
    }

    /// Identifiers of the built-in profiles.
    pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(id, _)| *id)
    }

    /// The style `name`, as an id that layout and the writers can look up.
    pub fn style_id(&self, name: &str) -> Result<StyleId, UnknownName> {
        self.resolve_style(name.to_string())
    }

    /// [`Profile::style_id`] for a name already owned (the markup parser's), kept
    /// without a copy.
    pub fn resolve_style(&self, name: String) -> Result<StyleId, UnknownName> {
        if self.styles.contains_key(&name) {
            Ok(StyleId(name))
        } else {
            Err(self.unknown("style", &name))
        }
    }

    /// The rule `name`, as an id.
    pub fn rule_id(&self, name: &str) -> Result<RuleId, UnknownName> {
        self.resolve_rule(name.to_string())
    }

    /// [`Profile::rule_id`] for a name already owned.
    pub fn resolve_rule(&self, name: String) -> Result<RuleId, UnknownName> {
        if self.rules.contains_key(&name) {
            Ok(RuleId(name))
        } else {
            Err(self.unknown("rule", &name))
        }
    }

    /// The row role `name`, as an id.
    pub fn row_role(&self, name: &str) -> Result<RowRole, UnknownName> {
        self.resolve_row(name.to_string())
    }

    /// [`Profile::row_role`] for a name already owned.
    pub fn resolve_row(&self, name: String) -> Result<RowRole, UnknownName> {
        if self.rows.contains_key(&name) {
            Ok(RowRole(name))
        } else {
            Err(self.unknown("row", &name))
        }
    }

    fn unknown(&self, kind: &'static str, name: &str) -> UnknownName {
        UnknownName {
            profile: self.id.clone(),
            kind,
            name: name.to_string(),
        }
    }

    /// The style `id` names. An id is made by a profile from its own names; one made
    /// by another profile may name a style this one lacks, which
    /// [`Profile::check_document`] finds (the `Renderer` checks every document it is
    /// given), so here it is a broken invariant.
    pub fn style(&self, id: &StyleId) -> &ParagraphStyle {
        self.styles.get(id.as_str()).unwrap_or_else(|| {
            panic!(
                "{} (unchecked document)",
                self.unknown("style", id.as_str())
            )
        })
    }

    /// The style `name` names, for a writer that holds the name rather than the id:
    /// a name taken from a [`StyleId`] or from the profile itself (the page number's
    /// and the signature anchor's styles are checked when the profile is loaded).
    pub fn style_named(&self, name: &str) -> &ParagraphStyle {
        self.styles
            .get(name)
            .unwrap_or_else(|| panic!("{} (unchecked document)", self.unknown("style", name)))
    }

    /// The rule `id` names; see [`Profile::style`].
    pub fn rule(&self, id: &RuleId) -> &RuleStyle {
        self.rules
            .get(id.as_str())
            .unwrap_or_else(|| panic!("{} (unchecked document)", self.unknown("rule", id.as_str())))
    }

    /// The row `role` names; see [`Profile::style`].
    pub fn row(&self, role: &RowRole) -> &RowSpec {
        self.rows.get(role.as_str()).unwrap_or_else(|| {
            panic!(
                "{} (unchecked document)",
                self.unknown("row", role.as_str())
            )
        })
    }

    /// Whether every style, rule and row `doc` uses is one of this profile's, and
    /// every row has as many cells as the profile gives it columns: what layout and
    /// the writers rely on.
    pub fn check_document(&self, doc: &crate::document::Document) -> Result<(), UnknownName> {
        use crate::document::Block;
        fn walk(p: &Profile, blocks: &[Block]) -> Result<(), UnknownName> {
            for b in blocks {
                match b {
                    Block::Paragraph(para) => {
                        if !p.styles.contains_key(para.style.as_str()) {
                            return Err(p.unknown("style", &para.style));
                        }
                    }
                    Block::Rule(r) => {
                        if !p.rules.contains_key(r.style.as_str()) {
                            return Err(p.unknown("rule", &r.style));
                        }
                    }
                    Block::Row(r) => {
                        let spec = p
                            .rows
                            .get(r.role.as_str())
                            .ok_or_else(|| p.unknown("row", r.role.as_str()))?;
                        if spec.columns.len() != r.cells.len() {
                            return Err(UnknownName {
                                profile: p.id.clone(),
                                kind: "row",
                                name: format!(
                                    "{} with {} cells (it has {} columns)",
                                    r.role,
                                    r.cells.len(),
                                    spec.columns.len()
                                ),
                            });
                        }
                        for c in &r.cells {
                            walk(p, c)?;
                        }
                    }
                }
            }
            Ok(())
        }
        walk(self, &doc.blocks)
    }

    /// Consistency checks that serde cannot express.
    fn check(&self) -> Result<(), String> {
        let valid_id = !self.id.is_empty()
            && self.id.len() <= 32
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !valid_id {
            return Err(msg::profile_bad_id(&self.id));
        }
        if !KNOWN_FAMILIES.contains(&self.font.family.as_str()) {
            return Err(msg::profile_unknown_family(
                &self.font.family,
                KNOWN_FAMILIES.join(", "),
            ));
        }
        if !self.styles.contains_key(&self.signature.anchor_style) {
            return Err(msg::profile_undefined_style(
                "signature.anchor_style",
                &self.signature.anchor_style,
            ));
        }
        let w = self.signature.image_width.0;
        if !(w.is_finite() && w > 0.0) {
            return Err(msg::profile_positive_length("signature.image_width_mm"));
        }
        if !self.styles.contains_key(&self.page_number.style) {
            return Err(msg::profile_undefined_style(
                "page_number.style",
                &self.page_number.style,
            ));
        }
        let p = &self.page;
        for (key, v) in [
            ("width_mm", p.width),
            ("height_mm", p.height),
            ("margin_top_mm", p.margin_top),
            ("margin_bottom_mm", p.margin_bottom),
            ("margin_left_mm", p.margin_left),
            ("margin_right_mm", p.margin_right),
        ] {
            if !(v.0.is_finite() && v.0 >= 0.0) {
                return Err(msg::profile_non_negative_length(format!("page.{key}")));
            }
        }
        if p.text_width().0 < 50.0 || p.text_height().0 < 100.0 {
            return Err(msg::profile_page_too_small(
                format!("{:.0}", p.text_width().to_mm().0),
                format!("{:.0}", p.text_height().to_mm().0),
            ));
        }
        self.numbering.check()?;
        if self.headings.numerals.len() < 3 {
            return Err(msg::profile_few_numerals());
        }
        for (role, row) in &self.rows {
            let sum: f64 = row.columns.iter().sum();
            if row.columns.is_empty() || (sum - 1.0).abs() > 0.001 {
                return Err(msg::profile_columns_sum(role, sum));
            }
        }
        for (name, s) in &self.styles {
            if !(s.size.0 > 0.0 && s.line_height.0 > 0.0) {
                return Err(msg::profile_style_sizes(name));
            }
        }
        let u = self.underline;
        if !(u.offset_em.is_finite() && u.thickness_em > 0.0 && u.thickness_em < 1.0) {
            return Err(msg::profile_underline_thickness());
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
            assert_eq!(p.page.margin_left, Mm(30.0));
            assert_eq!(p.page.margin_right, Mm(15.0));
            assert_eq!(p.signature.keep_lines_with_signature, 2);
            assert_eq!(p.style(&p.style_id("body").unwrap()).size, Pt(14.0));
        }
    }

    #[test]
    fn names_resolve_only_when_defined() {
        let p = Profile::builtin("nd30").unwrap();
        assert_eq!(p.style_id("body").unwrap().as_str(), "body");
        let e = p.style_id("bdy").unwrap_err();
        use crate::messages::{with_lang, Lang};
        assert_eq!(
            with_lang(Lang::En, || e.to_string()),
            "the profile 'nd30' has no style named 'bdy'"
        );
        assert_eq!(
            with_lang(Lang::Vi, || e.to_string()),
            "thể thức 'nd30' không có kiểu đoạn tên 'bdy'"
        );
        assert!(p.rule_id("body").is_err());
        assert!(p.row_role("closing").is_ok());
    }

    #[test]
    fn unknown_family_is_refused() {
        let src = BUILTIN[0]
            .1
            .replace("family = \"Liberation Serif\"", "family = \"Comic Sans\"");
        let e = Profile::from_toml(&src, "x.toml").unwrap_err();
        assert_eq!(
            e,
            "thể thức x.toml: font.family 'Comic Sans' không phải phông chữ có sẵn trong chương trình (hãy dùng: Liberation Serif)"
        );
        let e = crate::messages::with_lang(crate::messages::Lang::En, || {
            Profile::from_toml(&src, "x.toml").unwrap_err()
        });
        assert_eq!(
            e,
            "profile x.toml: font.family 'Comic Sans' is not a bundled font family (use one of: Liberation Serif)"
        );
    }

    #[test]
    fn toml_errors_name_the_line_the_key_and_the_closest_key() {
        use crate::messages::{with_lang, Lang};
        let src = BUILTIN[0].1.replace("margin_left_mm", "margn_left_mm");
        let line = src
            .lines()
            .position(|l| l.starts_with("margn_left_mm"))
            .unwrap()
            + 1;
        let vi = Profile::from_toml(&src, "x.toml").unwrap_err();
        assert!(
            vi.starts_with(&format!(
                "thể thức x.toml, dòng {line}, cột 1: không có khóa `margn_left_mm` ở đây; có phải ý bạn là `margin_left_mm`?"
            )),
            "{vi}"
        );
        let en = with_lang(Lang::En, || Profile::from_toml(&src, "x.toml").unwrap_err());
        assert!(
            en.starts_with(&format!(
                "profile x.toml, line {line}, column 1: there is no key `margn_left_mm` here; did you mean `margin_left_mm`?"
            )),
            "{en}"
        );
        let src = BUILTIN[0].1.replace("pad_digits = 2", "pad_digits = \"2\"");
        let vi = Profile::from_toml(&src, "x.toml").unwrap_err();
        assert!(vi.contains("giá trị sai kiểu: có \"2\""), "{vi}");
        assert!(vi.contains("cần một số nguyên"), "{vi}");
        assert!(!vi.contains("u32") && !vi.contains("usize"), "{vi}");
    }

    #[test]
    fn headings_are_numbered_from_the_profile() {
        let p = Profile::builtin("hd36").unwrap();
        assert_eq!(p.headings.numbered(2, "X"), "II. X");
        assert_eq!(p.headings.numbered(40, "X"), "X. X");
    }
}
