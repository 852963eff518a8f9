//! Fonts as embedded in a PDF: a subset of the face, stripped of hinting, with its
//! widths and text map, kept for the next document that uses the same characters.
//!
//! Each face becomes a Type 0 font over a CIDFontType2 (ISO 32000-1, 9.7) whose
//! glyph ids are its CIDs (CIDToGIDMap Identity: [`super::subset`] numbers the subset so).
//! Codes are one byte when the text needs at most 256 glyphs of the face (a notice
//! uses about a hundred), and then the code is the CID: the embedded CMap is the
//! one-byte identity, named `OneByteIdentityH` (the name pdfminer knows), with the
//! space at CID 32 so that word spacing (`Tw`) justifies lines and every reader
//! takes it off the space. A larger set falls back to two-byte Identity-H codes.
//! Code = CID matters to readers that look text maps and widths up by CID
//! (pdfminer), and poppler takes `Tw` off the glyph whose CID is 32: both were
//! wrong while the CMap swapped codes and CIDs (`tests/readers.rs`).
//!
//! The finished font depends only on the face and the characters used, and the
//! notices of a batch (one template, one district) use nearly the same characters,
//! so it is kept in a small cache keyed by that set ([`FontCache`], which the
//! renderer owns); the PDF writer
//! rounds sets up to whole tone families of Vietnamese vowels ([`tone_family`]) so
//! that notices differing letter by letter still share fonts. A hit gives exactly
//! the bytes a miss would compute, so output never depends on what was rendered
//! before.
//!
//! CIDs follow the glyphs' order in the full face, not the order of first use: two
//! notices with the same characters share one font.

use super::content::PageFont;
use super::subset::Prepared;
use super::PdfError;
use crate::fonts::{fonts, Style};
use crate::layout::{Item, Layout};
use crate::util::digest::Fnv;
use lopdf::{Dictionary, Object, ObjectId, Stream};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::Hasher;
use std::sync::{Arc, Mutex, OnceLock};

/// Deflate level of font programs and text maps: 1, as for the content streams. A
/// notice whose characters no cached font has pays for this deflate itself: at
/// level 6 such notices took 17% more instructions (callgrind, 100 of them) for
/// 0.9 KB less a PDF.
pub const LEVEL: u32 = 1;

/// One face cut down to a set of characters, ready to embed.
pub struct EmbeddedFont {
    style: Style,
    /// `ABCDEF+LiberationSerif`: a subset tag (ISO 32000-1, 9.6.4) and the face.
    pub base_font: String,
    /// Character → its code in content streams, sorted by character.
    codes: Vec<(char, u16)>,
    /// Codes are one byte (see `ONE_BYTE_CMAP`), else two (Identity-H).
    one_byte: bool,
    /// Code of each character below [`LOW`], by code point (0 when not in the set):
    /// one array read per character drawn.
    low: Box<[u16]>,
    /// Advance of each CID (the code with one-byte codes, the subset glyph id with
    /// two), in thousandths of an em.
    widths: Vec<f32>,
    /// The TrueType program, deflated, and its length before deflating.
    program: Vec<u8>,
    program_len: usize,
    /// The ToUnicode CMap, deflated.
    to_unicode: Vec<u8>,
    metrics: Metrics,
}

/// What the font descriptor says about the face, in thousandths of an em.
#[derive(Debug, Clone, Copy)]
struct Metrics {
    bbox: [f32; 4],
    italic_angle: f32,
    ascent: f32,
    descent: f32,
    cap_height: f32,
}

impl EmbeddedFont {
    /// The code of `c` in content streams (the glyph id in the subset, but for the
    /// space's swap with 32 in one-byte codes); 0 (`.notdef`) for a character the set
    /// does not have, which input checks make impossible.
    pub fn code(&self, c: char) -> u16 {
        match self.low.get(c as usize) {
            Some(&code) => code,
            None => self
                .codes
                .binary_search_by_key(&c, |&(ch, _)| ch)
                .map_or(0, |i| self.codes[i].1),
        }
    }

    /// Whether a code is one byte, with the space at 32 (word spacing, `Tw`, then
    /// applies to it), rather than two.
    pub fn one_byte(&self) -> bool {
        self.one_byte
    }

    /// Add the font's objects to `doc` and return the Type 0 font dictionary's id.
    /// `one_byte_cmap` is the document's one-byte CMap stream, added by the first font
    /// that needs it and shared by the others.
    pub fn add_to(
        &self,
        doc: &mut lopdf::Document,
        one_byte_cmap: &mut Option<ObjectId>,
    ) -> ObjectId {
        let name = |s: &str| Object::Name(s.as_bytes().to_vec());
        let real = Object::Real;
        let program = doc.add_object(Stream::new(
            Dictionary::from_iter([
                ("Length1", Object::Integer(self.program_len as i64)),
                ("Filter", name("FlateDecode")),
            ]),
            self.program.clone(),
        ));
        let m = self.metrics;
        let italic = matches!(self.style, Style::Italic | Style::BoldItalic);
        // Serif (2) and nonsymbolic (32), plus italic (64) (ISO 32000-1, 9.8.2).
        let flags = 2 | 32 | if italic { 64 } else { 0 };
        let bold = matches!(self.style, Style::Bold | Style::BoldItalic);
        let descriptor = doc.add_object(Dictionary::from_iter([
            ("Type", name("FontDescriptor")),
            ("FontName", name(&self.base_font)),
            ("Flags", Object::Integer(flags)),
            ("FontBBox", Object::Array(m.bbox.map(real).to_vec())),
            ("ItalicAngle", real(m.italic_angle)),
            ("Ascent", real(m.ascent)),
            ("Descent", real(m.descent)),
            ("CapHeight", real(m.cap_height)),
            // Required, and not in a TrueType font; the usual estimate.
            ("StemV", Object::Integer(if bold { 140 } else { 80 })),
            ("FontFile2", Object::Reference(program)),
        ]));
        let cid_font = Dictionary::from_iter([
            ("Type", name("Font")),
            ("Subtype", name("CIDFontType2")),
            ("BaseFont", name(&self.base_font)),
            ("CIDSystemInfo", cid_system_info()),
            ("FontDescriptor", Object::Reference(descriptor)),
            ("CIDToGIDMap", name("Identity")),
            (
                "W",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Array(self.widths.iter().copied().map(real).collect()),
                ]),
            ),
        ]);
        let to_unicode = doc.add_object(Stream::new(
            Dictionary::from_iter([("Filter", name("FlateDecode"))]),
            self.to_unicode.clone(),
        ));
        let encoding = if self.one_byte {
            let id = *one_byte_cmap.get_or_insert_with(|| {
                doc.add_object(Stream::new(
                    Dictionary::from_iter([
                        ("Type", name("CMap")),
                        ("CMapName", name(ONE_BYTE_CMAP_NAME)),
                        ("CIDSystemInfo", cid_system_info()),
                    ]),
                    ONE_BYTE_CMAP.as_bytes().to_vec(),
                ))
            });
            Object::Reference(id)
        } else {
            name("Identity-H")
        };
        doc.add_object(Dictionary::from_iter([
            ("Type", name("Font")),
            ("Subtype", name("Type0")),
            ("BaseFont", name(&self.base_font)),
            ("Encoding", encoding),
            ("DescendantFonts", Object::Array(vec![cid_font.into()])),
            ("ToUnicode", Object::Reference(to_unicode)),
        ]))
    }

    /// Bytes this entry keeps alive, for the cache's budget.
    fn weight(&self) -> usize {
        self.program.len()
            + self.to_unicode.len()
            + 8 * self.codes.len()
            + 2 * self.low.len()
            + 1024
    }
}

/// Adobe-Identity-0: glyph ids are CIDs, for the CIDFont and the one-byte CMap.
fn cid_system_info() -> Object {
    Object::Dictionary(Dictionary::from_iter([
        ("Registry", Object::string_literal("Adobe")),
        ("Ordering", Object::string_literal("Identity")),
        ("Supplement", Object::Integer(0)),
    ]))
}

/// The six tones of the Vietnamese vowel letter `c` belongs to (ư → ư ừ ứ ử ữ ự, Ậ →
/// Â Ầ Ấ Ẩ Ẫ Ậ), or `None` for any other character.
///
/// A face is embedded with whole tone families rather than the letters alone: the
/// notices of a batch differ in names and figures, so their texts use different
/// tones of the same letters far more often than different letters; with families
/// the character sets, and so the cached fonts (see [`embedded`]), are the same,
/// where letter by letter nearly every notice needed its fonts built afresh. The
/// cost is a few composite glyphs of about 40 bytes each.
///
/// The table of families is a process-wide static on purpose: it is pure data,
/// derived from Unicode alone (the same for every renderer, font and profile), and
/// built once on first use as a constant would be.
pub fn tone_family(c: char) -> Option<&'static [char; 6]> {
    static TABLE: OnceLock<(Vec<u8>, Vec<[char; 6]>)> = OnceLock::new();
    let (index, families) = TABLE.get_or_init(|| {
        use unicode_normalization::UnicodeNormalization;
        const VOWELS: &str = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY";
        // Grave, acute, hook above, tilde, dot below.
        const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];
        let families: Vec<[char; 6]> = VOWELS
            .chars()
            .map(|v| {
                let mut f = [v; 6];
                for (slot, tone) in f[1..].iter_mut().zip(TONES) {
                    let composed: String = [v, tone].iter().collect::<String>().nfc().collect();
                    let mut chars = composed.chars();
                    if let (Some(one), None) = (chars.next(), chars.next()) {
                        *slot = one;
                    }
                }
                f
            })
            .collect();
        let mut index = vec![0u8; LOW as usize];
        for (i, f) in families.iter().enumerate() {
            for &m in f {
                if let Some(slot) = index.get_mut(m as usize) {
                    *slot = i as u8 + 1;
                }
            }
        }
        (index, families)
    });
    let i = *index.get(c as usize)?;
    (i > 0).then(|| &families[usize::from(i) - 1])
}

/// Characters below this code point (Latin, Vietnamese, general punctuation) are
/// looked up in flat tables: the bitmap of a [`CharSet`], the codes of an
/// [`EmbeddedFont`] and the tone families. A notice has thousands of characters but
/// about a hundred distinct ones, nearly all below it.
pub(super) const LOW: u32 = 0x2100;

/// The characters a face draws: a bitmap below [`LOW`], a list above.
#[derive(Default)]
struct CharSet {
    low: Vec<u64>,
    others: Vec<char>,
}

impl CharSet {
    fn insert(&mut self, c: char) {
        let cp = c as u32;
        if cp < LOW {
            if self.low.is_empty() {
                self.low = vec![0; (LOW / 64) as usize];
            }
            self.low[(cp / 64) as usize] |= 1 << (cp % 64);
        } else {
            self.others.push(c);
        }
    }

    /// The characters of the bitmap (below `LOW`), in code point order.
    fn low_chars(&self) -> impl Iterator<Item = char> + '_ {
        self.low.iter().enumerate().flat_map(|(i, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let cp = i as u32 * 64 + bits.trailing_zeros();
                    bits &= bits - 1;
                    cp
                })
            })
            .filter_map(char::from_u32)
        })
    }

    /// Add, for each Vietnamese vowel in the set, the other five tones of its letter
    /// (a → à á ả ã ạ, ư → ừ ứ ử ữ ự): see [`tone_family`].
    fn add_tone_families(&mut self) {
        let families: Vec<&[char; 6]> = self.low_chars().filter_map(tone_family).collect();
        for family in families {
            family.iter().for_each(|&m| self.insert(m));
        }
    }

    /// The characters in code point order, each once.
    fn into_sorted(mut self) -> Vec<char> {
        let mut out: Vec<char> = self.low_chars().collect();
        self.others.sort_unstable();
        self.others.dedup();
        out.extend(self.others);
        out
    }
}

/// The fonts of one document: each face its text uses, cut down to the characters
/// it draws (rounded up to whole tone families), with its page resource name.
pub(super) struct DocumentFonts {
    faces: BTreeMap<Style, (String, Arc<EmbeddedFont>)>,
}

impl DocumentFonts {
    /// The fonts for the text of `layout`, from `cache` (built there when missing).
    pub fn for_layout(layout: &Layout, cache: &FontCache) -> Result<DocumentFonts, PdfError> {
        let mut used: BTreeMap<Style, CharSet> = BTreeMap::new();
        for page in &layout.pages {
            for item in &page.items {
                if let Item::Text(run) = item {
                    let set = used.entry(run.style).or_default();
                    run.text.chars().for_each(|c| set.insert(c));
                }
            }
        }
        let mut faces = BTreeMap::new();
        for (style, mut set) in used {
            set.add_tone_families();
            let font = cache
                .embedded(style, &set.into_sorted())
                .map_err(PdfError)?;
            faces.insert(style, (format!("F{}", style.index() + 1), font));
        }
        Ok(DocumentFonts { faces })
    }

    /// Add every font to `lo` (the one-byte CMap once for all) and return the `/Font`
    /// resource dictionary naming them.
    pub fn add_to(&self, lo: &mut lopdf::Document) -> Dictionary {
        let mut dict = Dictionary::new();
        let mut one_byte_cmap = None;
        for (resource, font) in self.faces.values() {
            let id = font.add_to(lo, &mut one_byte_cmap);
            dict.set(resource.as_bytes().to_vec(), Object::Reference(id));
        }
        dict
    }

    /// The resource name of `style`'s font, if the text uses that face.
    pub fn resource(&self, style: Style) -> Option<&str> {
        self.faces.get(&style).map(|(r, _)| r.as_str())
    }

    /// `style`'s font as a page's text draws with it. Every style of the text has
    /// one (see [`DocumentFonts::for_layout`]).
    pub fn page_font(&self, style: Style) -> PageFont<'_> {
        let (resource, font) = &self.faces[&style];
        PageFont { resource, font }
    }
}

/// The bytes of finished fonts the cache may hold: three faces × a few dozen
/// character sets (the wards of a district); one font of a notice is 20–40 KB with
/// its tables.
const BUDGET: usize = 4 << 20;

type Key = (Style, Box<[char]>);

/// Finished fonts by face and character set, oldest first out.
#[derive(Default)]
struct Fonts {
    map: HashMap<Key, Arc<EmbeddedFont>, std::hash::BuildHasherDefault<crate::util::digest::Wide>>,
    /// Keys in order of insertion: the oldest goes first when over budget.
    order: VecDeque<Key>,
    bytes: usize,
}

/// What the PDF writer keeps from one notice to the next: each face read for
/// subsetting (once, on first use) and the fonts finished for the character sets
/// used lately (at most `BUDGET` bytes of them).
///
/// A [`crate::render::Renderer`] owns one and passes it to every PDF it writes, from
/// any number of threads (it is `Send + Sync`; the fonts are behind a lock held only
/// to look up or insert, never while a font is built). A hit gives exactly the bytes
/// a miss would compute, so output never depends on what was rendered before, nor on
/// which cache wrote it.
#[derive(Default)]
pub struct FontCache {
    /// The faces, by [`Style::index`], each read at most once.
    faces: [OnceLock<Option<FaceData>>; 4],
    fonts: Mutex<Fonts>,
}

impl std::fmt::Debug for FontCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fonts = self.lock();
        f.debug_struct("FontCache")
            .field("fonts", &fonts.map.len())
            .field("bytes", &fonts.bytes)
            .finish()
    }
}

impl FontCache {
    /// An empty cache: faces are read, and fonts built, on first use.
    pub fn new() -> FontCache {
        FontCache::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Fonts> {
        // Entries are inserted whole, so a lock poisoned by a panic elsewhere still
        // guards a consistent map.
        self.fonts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `style` cut down to `chars` (sorted, without duplicates).
    pub(crate) fn embedded(
        &self,
        style: Style,
        chars: &[char],
    ) -> Result<Arc<EmbeddedFont>, String> {
        debug_assert!(chars.windows(2).all(|w| w[0] < w[1]));
        let key: Key = (style, chars.into());
        if let Some(f) = self.lock().map.get(&key) {
            return Ok(f.clone());
        }
        // Built outside the lock: another thread may build the same font meanwhile,
        // which costs time but never changes a byte.
        let built = Arc::new(build(self.face_data(style)?, style, chars)?);
        let mut c = self.lock();
        if let Some(f) = c.map.get(&key) {
            return Ok(f.clone());
        }
        c.bytes += built.weight();
        c.map.insert(key.clone(), built.clone());
        c.order.push_back(key);
        while c.bytes > BUDGET && c.order.len() > 1 {
            if let Some(old) = c.order.pop_front() {
                if let Some(f) = c.map.remove(&old) {
                    c.bytes -= f.weight();
                }
            }
        }
        Ok(built)
    }

    /// The face `style` read for subsetting (see [`super::subset`]), once per cache:
    /// for every font embedded, the page's and the appearance fonts issuance adds.
    pub(crate) fn prepared(&self, style: Style) -> Result<&Prepared, String> {
        self.face_data(style).map(|f| &f.program)
    }

    fn face_data(&self, style: Style) -> Result<&FaceData, String> {
        let name = style.postscript_name();
        self.faces[style.index()]
            .get_or_init(|| FaceData::read(style))
            .as_ref()
            .ok_or_else(|| crate::messages::compose::font_unreadable(name))
    }
}

/// A face ready to be cut down: its glyph records and tables (see [`super::subset`])
/// and what its font descriptor says.
struct FaceData {
    program: Prepared,
    metrics: Metrics,
    units_per_em: f32,
}

impl FaceData {
    /// The face `style` of the font set, or `None` if it is not plain TrueType.
    fn read(style: Style) -> Option<FaceData> {
        let data = fonts().face(style).data;
        let ttf = ttf_parser::Face::parse(data, 0).ok()?;
        let em = f32::from(ttf.units_per_em());
        let per_mille = |v: f32| v * 1000.0 / em;
        let b = ttf.global_bounding_box();
        Some(FaceData {
            program: Prepared::new(data)?,
            metrics: Metrics {
                bbox: [b.x_min, b.y_min, b.x_max, b.y_max].map(|v| per_mille(f32::from(v))),
                italic_angle: ttf.italic_angle(),
                ascent: per_mille(f32::from(ttf.ascender())),
                descent: per_mille(f32::from(ttf.descender())),
                cap_height: per_mille(f32::from(ttf.capital_height().unwrap_or(ttf.ascender()))),
            },
            units_per_em: em,
        })
    }
}

/// `data`, the face `style`, cut down to `chars` (sorted, without duplicates).
fn build(data: &FaceData, style: Style, chars: &[char]) -> Result<EmbeddedFont, String> {
    let face = fonts().face(style);
    let name = style.postscript_name();
    let full_id = |c: char| face.glyph(c).map_or(0, |g| g.id);

    // The glyphs of the text in face order, `.notdef` first. In the embedded
    // program the glyph id is the CID (see [`super::subset`]): CIDs number the glyphs of
    // the text densely, in that order.
    let mut glyphs: Vec<u16> = std::iter::once(0)
        .chain(chars.iter().map(|&c| full_id(c)))
        .collect();
    glyphs.sort_unstable();
    glyphs.dedup();
    let index = |gid: u16| glyphs.binary_search(&gid).unwrap_or(0) as u16;
    // A notice uses about a hundred glyphs of a face: then each has a one-byte code,
    // and the code is the CID (the embedded CMap is the identity), so that readers
    // which look the text map and the widths up by CID rather than by code
    // (pdfminer) read them right. The CID is the glyph's place in `glyphs`, except
    // that the space is CID 32 (and the glyph at place 32, if any, takes the
    // space's): `Tw` then justifies lines, and poppler, which takes word spacing
    // off the glyph at CID 32 when it extracts text, takes it off the space. Half
    // the bytes of two-byte codes, and no number after every space.
    let one_byte = glyphs.len() <= 256;
    let space = chars.binary_search(&' ').ok().map(|_| index(full_id(' ')));
    let code_of = |at: u16| match space {
        Some(s) if one_byte && at == s => 32,
        Some(s) if one_byte && at == 32 => s,
        _ => at,
    };
    let codes: Vec<(char, u16)> = chars
        .iter()
        .map(|&c| (c, code_of(index(full_id(c)))))
        .collect();
    // CIDs 0..cids: the text's glyphs, and CID 32 when the space took it from a
    // smaller set.
    let cids = if space.is_some() && one_byte {
        glyphs.len().max(33)
    } else {
        glyphs.len()
    };
    // The face's glyph of each CID, and so its width; an unused CID (below 32 in a
    // small set whose space moved to 32) is an empty glyph and is never shown.
    let mut gid_of_cid: Vec<Option<u16>> = vec![None; cids];
    for (at, &gid) in glyphs.iter().enumerate() {
        gid_of_cid[usize::from(code_of(at as u16))] = Some(gid);
    }
    let mut low = vec![0u16; LOW as usize].into_boxed_slice();
    for &(c, code) in &codes {
        if let Some(slot) = low.get_mut(c as usize) {
            *slot = code;
        }
    }

    let program = data.program.subset(&gid_of_cid);
    let deflate =
        |b: &[u8]| crate::util::deflate::compress(b, LEVEL, crate::util::deflate::Framing::Zlib);
    let widths = gid_of_cid
        .iter()
        .map(|gid| {
            f32::from(gid.map_or(0, |g| data.program.advance(g))) * 1000.0 / data.units_per_em
        })
        .collect();
    Ok(EmbeddedFont {
        style,
        base_font: format!("{}+{name}", subset_tag(style, &glyphs)),
        to_unicode: deflate(to_unicode_cmap(&codes, one_byte).as_bytes())?,
        codes,
        one_byte,
        low,
        widths,
        program_len: program.len(),
        program: deflate(&program)?,
        metrics: data.metrics,
    })
}

/// The ToUnicode CMap: each code gives back the first character (in code point
/// order) drawn with it, so text copied from the PDF is the input.
pub(crate) fn to_unicode_cmap(codes: &[(char, u16)], one_byte: bool) -> String {
    // `codes` is sorted by character: the first character of each code is kept.
    let mut seen = vec![
        false;
        codes
            .iter()
            .map(|&(_, c)| usize::from(c) + 1)
            .max()
            .unwrap_or(0)
    ];
    let mut first: Vec<(u16, char)> = Vec::with_capacity(codes.len());
    for &(c, code) in codes {
        if code != 0 && !std::mem::replace(&mut seen[usize::from(code)], true) {
            first.push((code, c));
        }
    }
    first.sort_unstable();
    let mut s = String::with_capacity(300 + 16 * first.len());
    s.push_str(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n",
    );
    s.push_str(codespace(one_byte));
    // At most 100 entries per bfchar block (PostScript CMap limits).
    for block in first.chunks(100) {
        s.push_str(&block.len().to_string());
        s.push_str(" beginbfchar\n");
        for &(code, c) in block {
            s.push('<');
            push_hex(&mut s, code, if one_byte { 2 } else { 4 });
            s.push_str("> <");
            let mut units = [0u16; 2];
            for &mut u in c.encode_utf16(&mut units) {
                push_hex(&mut s, u, 4);
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

/// `v` as `digits` upper-case hexadecimal digits.
fn push_hex(s: &mut String, v: u16, digits: u32) {
    for i in (0..digits).rev() {
        let d = (v >> (4 * i)) & 0xF;
        s.push(char::from_digit(u32::from(d), 16).map_or('0', |c| c.to_ascii_uppercase()));
    }
}

/// The name of the one-byte identity CMap. pdfminer.six, which knows no embedded
/// CMap but by its name, knows this one (as one-byte identity, `IdentityCMapByte`);
/// every other reader reads the stream. The map is the same for every font, so one
/// name is right for all of them.
const ONE_BYTE_CMAP_NAME: &str = "OneByteIdentityH";

/// The embedded CMap of one-byte codes (ISO 32000-1, 9.7.5): code = CID.
const ONE_BYTE_CMAP: &str = "%!PS-Adobe-3.0 Resource-CMap\n\
/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo 3 dict dup begin\n/Registry (Adobe) def\n/Ordering (Identity) def\n\
/Supplement 0 def\nend def\n/CMapName /OneByteIdentityH def\n/CMapType 1 def\n\
/WMode 0 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n\
1 begincidrange\n<00> <FF> 0\nendcidrange\n\
endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

fn codespace(one_byte: bool) -> &'static str {
    if one_byte {
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
    } else {
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
    }
}

/// Six capital letters naming a subset (ISO 32000-1, 9.6.4), from its glyph set.
pub(crate) fn subset_tag(style: Style, glyphs: &[u16]) -> String {
    let mut h = Fnv::new();
    h.write(style.postscript_name().as_bytes());
    for g in glyphs {
        h.write(&g.to_le_bytes());
    }
    let mut v = h.finish();
    (0..6)
        .map(|_| {
            let c = (b'A' + (v % 26) as u8) as char;
            v /= 26;
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn chars(s: &str) -> Vec<char> {
        let mut v: Vec<char> = s.chars().collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    fn inflate(b: &[u8]) -> Vec<u8> {
        let mut back = Vec::new();
        flate2::read::ZlibDecoder::new(b)
            .read_to_end(&mut back)
            .unwrap();
        back
    }

    /// One cache for the tests of this module, as a renderer's.
    fn embedded(style: Style, chars: &[char]) -> Result<Arc<EmbeddedFont>, String> {
        static CACHE: OnceLock<FontCache> = OnceLock::new();
        CACHE.get_or_init(FontCache::new).embedded(style, chars)
    }

    #[test]
    fn a_char_set_lists_each_character_once_in_order() {
        let mut set = CharSet::default();
        for c in "Lợi ích, lợi ích: \u{2116}\u{2013}\u{2116}!".chars() {
            set.insert(c);
        }
        let mut expected: Vec<char> = "Lợi ích, lợi ích: \u{2116}\u{2013}!".chars().collect();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(set.into_sorted(), expected);
        assert!(CharSet::default().into_sorted().is_empty());
    }

    #[test]
    fn a_cached_font_is_the_font_built_afresh() {
        let c = chars("THÔNG BÁO KẾT LUẬN phường Phúc Lợi");
        let cache = FontCache::new();
        let first = cache.embedded(Style::Bold, &c).unwrap();
        let again = cache.embedded(Style::Bold, &c).unwrap();
        assert!(
            Arc::ptr_eq(&first, &again),
            "the second call is a cache hit"
        );
        let other = FontCache::new().embedded(Style::Bold, &c).unwrap();
        assert!(!Arc::ptr_eq(&first, &other), "caches are apart");
        assert_eq!(other.program, first.program);
        let fresh = build(cache.face_data(Style::Bold).unwrap(), Style::Bold, &c).unwrap();
        assert_eq!(fresh.program, first.program);
        assert_eq!(fresh.to_unicode, first.to_unicode);
        assert_eq!(fresh.base_font, first.base_font);
        assert_eq!(fresh.codes, first.codes);
    }

    /// The face's glyph ids of `set`, sorted, `.notdef` first.
    fn face_order(style: Style, set: &[char]) -> Vec<u16> {
        let face = fonts().face(style);
        let mut full: Vec<u16> = std::iter::once(0)
            .chain(set.iter().map(|&c| face.glyph(c).unwrap().id))
            .collect();
        full.sort_unstable();
        full.dedup();
        full
    }

    /// Whether the embedded program's glyph `cid` (CIDToGIDMap Identity) is the
    /// face's glyph `gid`: same advance, same outline box.
    fn draws(f: &EmbeddedFont, cid: u16, gid: u16) -> bool {
        let program = inflate(&f.program);
        let sub = ttf_parser::Face::parse(&program, 0).unwrap();
        let full = ttf_parser::Face::parse(fonts().face(f.style).data, 0).unwrap();
        let (a, b) = (ttf_parser::GlyphId(cid), ttf_parser::GlyphId(gid));
        sub.glyph_hor_advance(a) == full.glyph_hor_advance(b)
            && sub.glyph_bounding_box(a) == full.glyph_bounding_box(b)
    }

    #[test]
    fn one_byte_codes_are_cids_in_face_order_with_the_space_at_32() {
        let set = chars("Lợi ích");
        let f = embedded(Style::Regular, &set).unwrap();
        assert!(f.one_byte());
        let face = fonts().face(Style::Regular);
        let full = face_order(Style::Regular, &set);
        // A small set: CIDs up to 32, where the space went.
        assert_eq!(f.widths.len(), 33);
        for &c in &set {
            let gid = face.glyph(c).unwrap().id;
            let at = full.binary_search(&gid).unwrap() as u16;
            let code = f.code(c);
            assert_eq!(code, if c == ' ' { 32 } else { at }, "{c}");
            assert!(draws(&f, code, gid), "{c}");
            let advance = f32::from(face.glyph(c).unwrap().advance) * 1000.0 / 2048.0;
            assert_eq!(f.widths[usize::from(code)], advance, "{c}");
        }
        assert_eq!(f.code('Z'), 0);
        assert!(f.base_font.ends_with("+LiberationSerif") && f.base_font.len() == 22);
        let other = embedded(Style::Regular, &chars("Lợi ích chung")).unwrap();
        assert_ne!(other.base_font, f.base_font);
    }

    #[test]
    fn the_glyph_at_place_32_takes_the_space_code() {
        let set = chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz");
        let f = embedded(Style::Bold, &set).unwrap();
        let full = face_order(Style::Bold, &set);
        assert_eq!(
            f.widths.len(),
            set.len() + 1,
            "the text's glyphs and .notdef"
        );
        // The space comes early in the face (place 1); the glyph at place 32 takes
        // its CID.
        let space = fonts().face(Style::Bold).glyph(' ').unwrap().id;
        assert_eq!(full[1], space);
        assert_eq!(f.code(' '), 32);
        assert!(draws(&f, 32, space));
        assert!(
            draws(&f, 1, full[32]),
            "CID 32 and the space's place are swapped"
        );
        for (at, &gid) in full
            .iter()
            .enumerate()
            .filter(|&(at, _)| at != 1 && at != 32)
        {
            assert!(draws(&f, at as u16, gid), "place {at}");
        }
    }

    #[test]
    fn tone_families_hold_the_six_tones_of_a_letter() {
        assert_eq!(tone_family('ự'), Some(&['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự']));
        assert_eq!(tone_family('a'), Some(&['a', 'à', 'á', 'ả', 'ã', 'ạ']));
        assert_eq!(tone_family('Ậ'), Some(&['Â', 'Ầ', 'Ấ', 'Ẩ', 'Ẫ', 'Ậ']));
        assert_eq!(tone_family('b'), None);
        assert_eq!(tone_family('đ'), None);
        // Every member is one precomposed character of its own family.
        for v in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY".chars() {
            let f = tone_family(v).unwrap();
            let mut distinct = f.to_vec();
            distinct.dedup();
            assert_eq!(distinct.len(), 6, "{v}");
            assert!(f.iter().all(|&m| tone_family(m) == Some(f)), "{v}");
        }
    }

    #[test]
    fn the_one_byte_cmap_is_the_identity_pdfminer_knows_by_name() {
        assert!(ONE_BYTE_CMAP.contains("/CMapName /OneByteIdentityH def"));
        assert!(ONE_BYTE_CMAP.contains("<00> <FF> 0\nendcidrange"));
        let mut doc = lopdf::Document::with_version("1.7");
        let mut shared = None;
        let a = embedded(Style::Bold, &chars("Lợi ích")).unwrap();
        let b = embedded(Style::Regular, &chars("Lợi ích")).unwrap();
        let fa = a.add_to(&mut doc, &mut shared);
        let fb = b.add_to(&mut doc, &mut shared);
        let enc = |id| {
            doc.get_dictionary(id)
                .unwrap()
                .get(b"Encoding")
                .unwrap()
                .as_reference()
                .unwrap()
        };
        assert_eq!(enc(fa), enc(fb), "one CMap stream for the document");
        assert_eq!(Some(enc(fa)), shared);
    }

    #[test]
    fn more_than_256_glyphs_fall_back_to_two_byte_codes() {
        // Every Latin letter the face draws, far more than a notice uses.
        let face = fonts().face(Style::Regular);
        let set: Vec<char> = ('\u{20}'..='\u{24F}')
            .chain('\u{1E00}'..='\u{1EFF}')
            .filter(|&c| face.glyph(c).is_some())
            .collect();
        let f = embedded(Style::Regular, &set).unwrap();
        assert!(f.widths.len() > 256);
        assert!(!f.one_byte());
        let full = face_order(Style::Regular, &set);
        assert!(
            draws(&f, f.code('ộ'), full[usize::from(f.code('ộ'))]),
            "CID = place"
        );
        let cmap = String::from_utf8(inflate(&f.to_unicode)).unwrap();
        assert!(cmap.contains("<0000> <FFFF>"));
        let line = format!("<{:04X}> <1ED9>", f.code('ộ'));
        assert!(cmap.contains(&line), "{line}");
        assert!(f.code('ộ') > 255);
    }

    #[test]
    fn the_text_map_gives_every_character_back() {
        let f = embedded(Style::Italic, &chars("Hà Nội, ngày 22")).unwrap();
        let cmap = String::from_utf8(inflate(&f.to_unicode)).unwrap();
        assert!(cmap.contains("<00> <FF>"));
        for (c, hex) in [
            ('H', "0048"),
            ('ộ', "1ED9"),
            (',', "002C"),
            ('2', "0032"),
            (' ', "0020"),
        ] {
            let line = format!("<{:02X}> <{hex}>", f.code(c));
            assert!(cmap.contains(&line), "{line} in {cmap}");
        }
        assert!(cmap.contains("endbfchar"));
    }

    #[test]
    fn the_program_is_a_truetype_subset_of_the_stated_length() {
        let f = embedded(Style::Regular, &chars("Phúc Lợi")).unwrap();
        let program = inflate(&f.program);
        assert_eq!(program.len(), f.program_len);
        assert_eq!(&program[..4], &[0, 1, 0, 0]);
        let ttf = ttf_parser::Face::parse(&program, 0).unwrap();
        // The width of each CID is the advance of the program's glyph of that id.
        for (cid, w) in f.widths.iter().enumerate() {
            let advance = ttf
                .glyph_hor_advance(ttf_parser::GlyphId(cid as u16))
                .unwrap_or(0);
            assert_eq!(f32::from(advance) * 1000.0 / 2048.0, *w, "CID {cid}");
        }
        assert!(program.len() < 20_000, "{}", program.len());
    }
}
