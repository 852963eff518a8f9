//! Font programs as embedded in a PDF: subset, stripped of hinting, deflated, and
//! kept for the next document that needs the same glyphs.
//!
//! Cutting a face down to a document's glyphs, rewriting it without hinting and
//! deflating it was about a third of the work of a notice. The result depends only on
//! the face and the set of glyphs, and the notices of one batch (one template, one
//! district) use nearly the same letters, so the finished program is kept in a small
//! process-wide cache keyed by that set. A hit gives exactly the bytes a miss would
//! compute, so output never depends on what was rendered before.
//!
//! Glyphs are numbered in the subset in the order of their ids in the full face, not
//! in order of first use: two notices with the same letters then share one program.

use crate::digest::Fnv;
use crate::fonts::{fonts, Style};
use printpdf::ParsedFont;
use std::collections::{HashMap, VecDeque};
use std::hash::Hasher;
use std::sync::{Arc, Mutex, OnceLock};

/// One face cut down to a set of glyphs, ready to embed.
pub struct Program {
    /// The subset as printpdf describes it (widths, metrics, tagged name); its
    /// `original_bytes` are the program printpdf writes into the font stream.
    pub parsed: ParsedFont,
    /// `parsed.original_bytes` as a zlib stream (FlateDecode), computed once.
    pub deflated: Vec<u8>,
    /// Full-face glyph id → glyph id in this subset.
    remap: HashMap<u16, u16>,
}

impl Program {
    /// The id in this subset of the full face's glyph `gid` (0, `.notdef`, when the
    /// subset does not have it).
    pub fn gid(&self, gid: u16) -> u16 {
        self.remap.get(&gid).copied().unwrap_or(0)
    }

    /// Bytes this entry keeps alive, for the cache's budget.
    fn weight(&self) -> usize {
        self.parsed.original_bytes.len() + self.deflated.len() + 64 * self.remap.len() + 1024
    }
}

/// Deflate level of font programs. They are compressed once per glyph set, so a
/// higher level than the content streams' costs little in a batch.
pub const LEVEL: u32 = 6;

/// The bytes of finished programs the cache may hold. Three faces × a few dozen glyph
/// sets (the wards of a district) fit; a program of a 2-page notice is 20–60 KB.
const BUDGET: usize = 12 << 20;

type Key = (Style, Box<[u16]>);

#[derive(Default)]
struct Cache {
    map: HashMap<Key, Arc<Program>>,
    /// Keys in order of insertion: the oldest goes first when over budget.
    order: VecDeque<Key>,
    bytes: usize,
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// The program of `style` cut down to `glyphs` (ids in the full face, sorted,
/// without duplicates; `.notdef` is always kept).
pub fn program(style: Style, glyphs: &[u16]) -> Result<Arc<Program>, String> {
    debug_assert!(glyphs.windows(2).all(|w| w[0] < w[1]));
    let key: Key = (style, glyphs.into());
    if let Some(p) = lock().map.get(&key) {
        return Ok(p.clone());
    }
    // Built outside the lock: another thread may build the same program meanwhile,
    // which costs time but never changes a byte.
    let built = Arc::new(build(style, glyphs)?);
    let mut c = lock();
    if let Some(p) = c.map.get(&key) {
        return Ok(p.clone());
    }
    c.bytes += built.weight();
    c.map.insert(key.clone(), built.clone());
    c.order.push_back(key);
    while c.bytes > BUDGET && c.order.len() > 1 {
        if let Some(old) = c.order.pop_front() {
            if let Some(p) = c.map.remove(&old) {
                c.bytes -= p.weight();
            }
        }
    }
    Ok(built)
}

fn lock() -> std::sync::MutexGuard<'static, Cache> {
    // A panic while holding the lock leaves a consistent map (entries are inserted
    // whole), so a poisoned lock is still usable.
    cache().lock().unwrap_or_else(|e| e.into_inner())
}

fn build(style: Style, glyphs: &[u16]) -> Result<Program, String> {
    let face = fonts().face(style);
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut remap = HashMap::with_capacity(glyphs.len());
    for &g in glyphs {
        remap.insert(g, remapper.remap(g));
    }
    let name = style.postscript_name();
    let bytes = subsetter::subset(face.data, 0, &remapper)
        .map_err(|e| format!("cannot subset {name}: {e}"))?;
    let bytes = crate::fontprog::strip_hinting(&bytes).unwrap_or(bytes);
    let mut warnings = Vec::new();
    let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| format!("the subset of {name} does not parse"))?;
    parsed.font_name = Some(format!("{}+{name}", subset_tag(style, glyphs)));
    let deflated = crate::deflate::compress(&bytes, LEVEL, crate::deflate::Framing::Zlib)?;
    Ok(Program {
        parsed,
        deflated,
        remap,
    })
}

/// Six capital letters naming a subset (ISO 32000-1, 9.6.4), from its glyph set.
fn subset_tag(style: Style, glyphs: &[u16]) -> String {
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

    fn gids(style: Style, text: &str) -> Vec<u16> {
        let face = fonts().face(style);
        let mut v: Vec<u16> = std::iter::once(0)
            .chain(text.chars().filter_map(|c| face.glyph(c).map(|g| g.id)))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn a_cached_program_is_the_program_built_afresh() {
        let g = gids(Style::Bold, "THÔNG BÁO KẾT LUẬN phường Phúc Lợi");
        let first = program(Style::Bold, &g).unwrap();
        let again = program(Style::Bold, &g).unwrap();
        assert!(
            Arc::ptr_eq(&first, &again),
            "the second call is a cache hit"
        );
        let fresh = build(Style::Bold, &g).unwrap();
        assert_eq!(fresh.parsed.original_bytes, first.parsed.original_bytes);
        assert_eq!(fresh.deflated, first.deflated);
        assert_eq!(fresh.parsed.font_name, first.parsed.font_name);
    }

    #[test]
    fn glyphs_are_numbered_in_face_order_from_one() {
        let g = gids(Style::Regular, "Lợi ích");
        let p = program(Style::Regular, &g).unwrap();
        for (i, &gid) in g.iter().enumerate() {
            assert_eq!(p.gid(gid), i as u16);
        }
        assert_eq!(p.gid(u16::MAX), 0);
        let tag = p.parsed.font_name.clone().unwrap();
        assert!(
            tag.ends_with("+LiberationSerif") && tag.len() == 7 + 15,
            "{tag}"
        );
        // Another glyph set, another tag.
        let other = program(Style::Regular, &gids(Style::Regular, "Lợi ích chung")).unwrap();
        assert_ne!(other.parsed.font_name, p.parsed.font_name);
    }

    #[test]
    fn the_deflated_program_inflates_to_the_program() {
        use std::io::Read;
        let p = program(Style::Italic, &gids(Style::Italic, "Hà Nội, ngày")).unwrap();
        let mut back = Vec::new();
        flate2::read::ZlibDecoder::new(&p.deflated[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, p.parsed.original_bytes);
    }
}
