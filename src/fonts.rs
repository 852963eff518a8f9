//! The document font: Liberation Serif in four styles, shipped in `fonts/` and built
//! into the binary.
//!
//! Liberation Serif has the advance widths of Times New Roman, the font both standards
//! name, so a line measured here breaks where Word (or LibreOffice, which substitutes
//! Liberation Serif for Times New Roman) breaks it. Faces are parsed once per process:
//! parsing and the character map are the expensive part of a small document.

use crate::units::Pt;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One of the four faces of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// Upright, normal weight.
    Regular,
    /// Upright, bold.
    Bold,
    /// Italic, normal weight.
    Italic,
    /// Italic and bold.
    BoldItalic,
}

impl Style {
    /// Every face, in index order.
    pub const ALL: [Style; 4] = [
        Style::Regular,
        Style::Bold,
        Style::Italic,
        Style::BoldItalic,
    ];

    /// The face for a run's emphasis.
    pub fn from_flags(bold: bool, italic: bool) -> Style {
        match (bold, italic) {
            (false, false) => Style::Regular,
            (true, false) => Style::Bold,
            (false, true) => Style::Italic,
            (true, true) => Style::BoldItalic,
        }
    }

    /// Position in [`Style::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// PostScript name of the face, as embedded in the PDF.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Style::Regular => "LiberationSerif",
            Style::Bold => "LiberationSerif-Bold",
            Style::Italic => "LiberationSerif-Italic",
            Style::BoldItalic => "LiberationSerif-BoldItalic",
        }
    }
}

/// Family name written into the DOCX: Word has it, LibreOffice maps it to Liberation Serif.
pub const DOCX_FAMILY: &str = "Times New Roman";

const FONT_DATA: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// A glyph as layout needs it: its id in the full font and its advance in font units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Advance width in font units.
    pub advance: u16,
}

/// Characters below this code point (Latin, Vietnamese, general punctuation) are
/// looked up in a flat table: glyph lookup is the innermost loop of layout.
const TABLE_END: usize = 0x2100;

/// Metrics and character map of one face, extracted once.
pub struct Face {
    /// Which face of the family this is.
    pub style: Style,
    /// The face's TrueType file, as bundled.
    pub data: &'static [u8],
    /// Font units per em.
    pub units_per_em: u16,
    /// Ascender, in font units above the baseline.
    pub ascender: i16,
    /// Descender, in font units (negative: below the baseline).
    pub descender: i16,
    /// Glyphs of characters below `TABLE_END`, by code point; id 0 means absent.
    table: Vec<Glyph>,
    /// Glyphs of the other characters.
    others: HashMap<char, Glyph>,
}

impl Face {
    fn load(style: Style) -> Face {
        let data = FONT_DATA[style.index()];
        // The fonts are part of the build; a parse failure is a broken checkout.
        let face = ttf_parser::Face::parse(data, 0).expect("bundled font must parse");
        let absent = Glyph { id: 0, advance: 0 };
        let mut table = vec![absent; TABLE_END];
        let mut others = HashMap::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables {
                if !sub.is_unicode() {
                    continue;
                }
                sub.codepoints(|cp| {
                    let (Some(c), Some(gid)) = (char::from_u32(cp), sub.glyph_index(cp)) else {
                        return;
                    };
                    if gid.0 == 0 {
                        return;
                    }
                    let glyph = Glyph {
                        id: gid.0,
                        advance: face.glyph_hor_advance(gid).unwrap_or(0),
                    };
                    match table.get_mut(cp as usize) {
                        Some(slot) if slot.id == 0 => *slot = glyph,
                        Some(_) => {}
                        None => {
                            others.entry(c).or_insert(glyph);
                        }
                    }
                });
            }
        }
        Face {
            style,
            data,
            units_per_em: face.units_per_em(),
            ascender: face.ascender(),
            descender: face.descender(),
            table,
            others,
        }
    }

    /// The glyph drawing `c`, if the face has one.
    pub fn glyph(&self, c: char) -> Option<Glyph> {
        match self.table.get(c as usize) {
            Some(g) if g.id != 0 => Some(*g),
            Some(_) => None,
            None => self.others.get(&c).copied(),
        }
    }

    /// Advance of `c` in font units; characters the face lacks were rejected at
    /// input, so a miss here measures as zero rather than failing.
    fn advance_units(&self, c: char) -> u32 {
        u32::from(self.glyph(c).map_or(0, |g| g.advance))
    }

    /// Advance of `c` at `size`.
    pub fn advance(&self, c: char, size: Pt) -> Pt {
        Pt(f64::from(self.advance_units(c)) * size.0 / f64::from(self.units_per_em))
    }

    /// Advance width of `s` at `size` (no kerning, as Word and LibreOffice lay out).
    pub fn width(&self, s: &str, size: Pt) -> Pt {
        let units: u32 = s.chars().map(|c| self.advance_units(c)).sum();
        Pt(f64::from(units) * size.0 / f64::from(self.units_per_em))
    }

    /// Distance from the top of a line box to the baseline, at `size`.
    pub fn ascent(&self, size: Pt) -> Pt {
        Pt(f64::from(self.ascender) * size.0 / f64::from(self.units_per_em))
    }

    /// Depth of the descender below the baseline (positive), at `size`.
    pub fn descent(&self, size: Pt) -> Pt {
        Pt(-f64::from(self.descender) * size.0 / f64::from(self.units_per_em))
    }
}

/// The four faces of the family.
pub struct FontSet {
    faces: [Face; 4],
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FontSet(Liberation Serif)")
    }
}

impl FontSet {
    /// The face drawing `style`.
    pub fn face(&self, style: Style) -> &Face {
        &self.faces[style.index()]
    }
}

/// The process-wide font set, parsed on first use.
pub fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| FontSet {
        faces: Style::ALL.map(Face::load),
    })
}

/// Whether every face of the family can draw `c`.
pub fn covers(c: char) -> bool {
    let set = fonts();
    Style::ALL.iter().all(|&s| set.face(s).glyph(c).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vietnamese_letter_is_covered() {
        let letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        for c in letters.chars().chain(letters.to_uppercase().chars()) {
            assert!(covers(c), "missing {c}");
        }
    }

    #[test]
    fn times_metrics() {
        // Times New Roman and Liberation Serif: space = 512/2048 em, 'M' = 1821/2048.
        let f = fonts().face(Style::Regular);
        assert_eq!(f.units_per_em, 2048);
        assert_eq!(f.glyph(' ').unwrap().advance, 512);
        assert!((f.advance('M', Pt(14.0)).0 - 1821.0 * 14.0 / 2048.0).abs() < 1e-9);
        assert!(!covers('😀'));
        assert!(!covers('中'));
    }
}
