//! A font for the text that issuance adds in appearance streams (the number, the
//! day, the agency's name and signing time): the same Liberation Serif face as the
//! page, embedded afresh as a Type 0 font with the characters the text uses. The
//! draft's own subsets cannot be reused: they hold only the characters the draft
//! printed, and a digit of the number may not be among them.
//!
//! Codes are the face's glyph ids (Identity-H, CIDToGIDMap /Identity), two bytes
//! each: the subset is asked to keep them (`pdf::subset::Prepared::subset` with each id
//! at its own place), and ToUnicode gives the text back.

use super::incremental::Update;
use super::IssueError;
use crate::fonts::{fonts, Style};
use crate::messages::issue as m;
use lopdf::{Dictionary, Object, ObjectId, Stream};
use std::collections::BTreeMap;

/// An embedded appearance font and how to write text in it.
pub struct AppearanceFont {
    /// The Type 0 font dictionary added to the update.
    pub id: ObjectId,
    style: Style,
    glyphs: BTreeMap<char, u16>,
}

impl AppearanceFont {
    /// Embed `style` for the characters of `texts` into `update`, from the face as
    /// `cache` has it prepared for subsetting.
    pub fn embed(
        update: &mut Update,
        cache: &crate::pdf::FontCache,
        style: Style,
        texts: &[&str],
    ) -> Result<Self, IssueError> {
        let face = fonts().face(style);
        let mut glyphs = BTreeMap::new();
        for c in texts.iter().flat_map(|t| t.chars()) {
            let g = face.glyph(c).ok_or_else(|| {
                IssueError::Input(m::char_not_in_font(c, format!("U+{:04X}", c as u32)))
            })?;
            glyphs.insert(c, g.id);
        }
        let prepared = cache.prepared(style).map_err(IssueError::Internal)?;
        let gids: Vec<u16> = glyphs.values().copied().collect();
        // Glyph `g` of the program is the face's glyph `g` (the unused ids empty), so
        // the codes are the face's glyph ids; parts of composites come after.
        let mut order: Vec<Option<u16>> =
            vec![None; usize::from(gids.iter().max().copied().unwrap_or(0)) + 1];
        order[0] = Some(0);
        for &g in &gids {
            order[usize::from(g)] = Some(g);
        }
        let program = prepared.subset(&order);
        let units = f64::from(face.units_per_em);
        let scale = |v: f64| Object::Integer((v * 1000.0 / units).round() as i64);
        // The subset tag: six capitals from the glyphs it holds (ISO 32000-1, 9.6.4).
        let tag = crate::pdf::subset_tag(style, &gids);
        let name = format!("{tag}+{}", style.postscript_name());

        let mut file = Stream::new(
            Dictionary::from_iter(vec![("Length1", Object::Integer(program.len() as i64))]),
            program,
        );
        deflate(&mut file);
        let file_id = update.add(&Object::Stream(file));
        let italic = matches!(style, Style::Italic | Style::BoldItalic);
        let bold = matches!(style, Style::Bold | Style::BoldItalic);
        // The face's own bounding box (`head`), in font units.
        let bbox = ttf_parser::Face::parse(face.data, 0)
            .map(|f| {
                let r = f.global_bounding_box();
                [r.x_min, r.y_min, r.x_max, r.y_max].map(f64::from)
            })
            .unwrap_or([-0.3 * units, -0.25 * units, units, units]);
        let descriptor = update.add(&Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"FontDescriptor".to_vec())),
            ("FontName", Object::Name(name.clone().into_bytes())),
            // Serif, nonsymbolic, italic when it is.
            (
                "Flags",
                Object::Integer(2 | 32 | if italic { 64 } else { 0 }),
            ),
            (
                "FontBBox",
                Object::Array(bbox.iter().map(|&v| scale(v)).collect()),
            ),
            ("ItalicAngle", Object::Integer(if italic { -12 } else { 0 })),
            ("Ascent", scale(f64::from(face.ascender))),
            ("Descent", scale(f64::from(face.descender))),
            ("CapHeight", Object::Integer(662)),
            ("StemV", Object::Integer(if bold { 140 } else { 80 })),
            ("FontFile2", Object::Reference(file_id)),
        ])));
        let mut widths = Vec::new();
        for &g in glyphs.values() {
            let adv = f64::from(prepared.advance(g));
            widths.push(Object::Integer(i64::from(g)));
            widths.push(Object::Array(vec![scale(adv)]));
        }
        let cid_font = update.add(&Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
            ("BaseFont", Object::Name(name.clone().into_bytes())),
            (
                "CIDSystemInfo",
                Object::Dictionary(Dictionary::from_iter(vec![
                    ("Registry", Object::string_literal("Adobe")),
                    ("Ordering", Object::string_literal("Identity")),
                    ("Supplement", Object::Integer(0)),
                ])),
            ),
            ("FontDescriptor", Object::Reference(descriptor)),
            ("W", Object::Array(widths)),
            ("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
        ])));
        // Codes are glyph ids, two bytes each; `glyphs` is sorted by character.
        let codes: Vec<(char, u16)> = glyphs.iter().map(|(&c, &g)| (c, g)).collect();
        let cmap = crate::pdf::to_unicode_cmap(&codes, false);
        let mut to_unicode = Stream::new(Dictionary::new(), cmap.into_bytes());
        deflate(&mut to_unicode);
        let to_unicode = update.add(&Object::Stream(to_unicode));
        let id = update.add(&Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type0".to_vec())),
            ("BaseFont", Object::Name(name.into_bytes())),
            ("Encoding", Object::Name(b"Identity-H".to_vec())),
            (
                "DescendantFonts",
                Object::Array(vec![Object::Reference(cid_font)]),
            ),
            ("ToUnicode", Object::Reference(to_unicode)),
        ])));
        Ok(AppearanceFont { id, style, glyphs })
    }

    /// `text` as a hex string of glyph ids, for `Tj`.
    pub fn encode(&self, text: &str) -> String {
        let mut s = String::from("<");
        for c in text.chars() {
            s.push_str(&format!(
                "{:04X}",
                self.glyphs.get(&c).copied().unwrap_or(0)
            ));
        }
        s.push('>');
        s
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f64) -> f64 {
        fonts()
            .face(self.style)
            .width(text, crate::units::Pt(size))
            .0
    }
}

/// Deflate a stream's content (zlib framing) when that makes it smaller.
pub fn deflate(stream: &mut Stream) {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    if enc.write_all(&stream.content).is_ok() {
        if let Ok(z) = enc.finish() {
            if z.len() < stream.content.len() {
                stream
                    .dict
                    .set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.content = z;
            }
        }
    }
}
