//! Named paragraph styles from the profile.
//!
//! Every profile style becomes a Word paragraph style (`body` → `VbBody`, shown as
//! "vanban body"), so an editor restyles the whole notice in one place, and every rule
//! style becomes the style of the empty bordered paragraph that draws it. Sizes,
//! weights, alignment, indents, spacing and the exact line pitch all come from the same
//! profile the PDF layout reads.

use crate::fonts::DOCX_FAMILY;
use crate::profile::{Align, ParagraphStyle, Profile, RuleStyle};
use crate::units::{Mm, Pt};
use docx_rs::{
    AlignmentType, BorderType, LineSpacing, LineSpacingType, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, ParagraphProperty, RunFonts, RunProperty,
    SpecialIndentType, Style, StyleType,
};

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

pub fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(DOCX_FAMILY)
        .hi_ansi(DOCX_FAMILY)
        .cs(DOCX_FAMILY)
        .east_asia(DOCX_FAMILY)
}

pub fn twips(p: Pt) -> i32 {
    p.to_twips()
}

/// Twips for attributes that must not be negative.
pub fn utwips(p: Pt) -> u32 {
    p.to_twips().max(0) as u32
}

pub fn alignment(a: Align) -> AlignmentType {
    match a {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        // `both`: Word's justification. `Justified` writes an invalid value.
        Align::Justify => AlignmentType::Both,
    }
}

/// Exact line pitch with the given space before and after.
pub fn spacing(before: Pt, after: Pt, line: Pt) -> LineSpacing {
    LineSpacing::new()
        .before(utwips(before))
        .after(utwips(after))
        .line(twips(line))
        .line_rule(LineSpacingType::Exact)
}

fn paragraph_style(name: &str, s: &ParagraphStyle) -> Style {
    let mut ppr = ParagraphProperty::new()
        .align(alignment(s.align))
        .line_spacing(spacing(s.space_before(), s.space_after(), s.line_height()));
    if s.first_line_indent != Mm(0.0) {
        let indent = twips(s.first_line_indent.to_pt());
        ppr = ppr.indent(
            Some(0),
            Some(SpecialIndentType::FirstLine(indent)),
            None,
            None,
        );
    }
    if s.keep_with_next {
        ppr = ppr.keep_next(true);
    }
    let mut rpr = RunProperty::new()
        .fonts(fonts())
        .size(s.size().to_half_points());
    if s.bold {
        rpr = rpr.bold();
    }
    if s.italic {
        rpr = rpr.italic();
    }
    if s.underline {
        rpr = rpr.underline("single");
    }
    let mut style = Style::new(paragraph_style_id(name), StyleType::Paragraph)
        .name(format!("vanban {name}"))
        .based_on("Normal");
    style.paragraph_property = ppr;
    style.run_property = rpr;
    style
}

/// The paragraph properties that draw a rule: an exact line as tall as the gap above
/// the rule, a bottom border as thick as the rule, then the gap below. Together they
/// are exactly as tall as the PDF's rule box.
fn rule_style(name: &str, r: &RuleStyle) -> Style {
    // Border widths are in eighths of a point; Word's minimum is 2.
    let size = ((r.thickness.0 * 8.0).round() as usize).max(2);
    let border = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .val(BorderType::Single)
        .size(size)
        .space(0)
        .color("auto");
    let ppr = ParagraphProperty::new()
        .align(AlignmentType::Left)
        .line_spacing(spacing(Pt::ZERO, r.space_after(), r.space_before()))
        .keep_next(true)
        .set_borders(ParagraphBorders::with_empty().set(border));
    let rpr = RunProperty::new().fonts(fonts()).size(TINY_HALF_POINTS);
    let mut style = Style::new(rule_style_id(name), StyleType::Paragraph)
        .name(format!("vanban rule {name}"))
        .based_on("Normal");
    style.paragraph_property = ppr;
    style.run_property = rpr;
    style
}

/// Every style of the profile, paragraph styles first, each group in name order.
pub fn styles(profile: &Profile) -> Vec<Style> {
    let mut out: Vec<Style> = profile
        .styles
        .iter()
        .map(|(name, s)| paragraph_style(name, s))
        .collect();
    out.extend(profile.rules.iter().map(|(name, r)| rule_style(name, r)));
    out
}

/// Default size of the document: the body's, else 14 pt.
pub fn default_half_points(profile: &Profile) -> usize {
    profile
        .styles
        .get("body")
        .map_or(28, |s| s.size().to_half_points())
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
}
