//! Subsetting a TrueType font program for embedding.
//!
//! A PDF viewer rasterises glyph outlines itself and ignores TrueType hinting, so the
//! hinting programs (`fpgm`, `prep`, `cvt `), every glyph's instructions and the glyph
//! names in `post` are dead weight in an embedded subset: about a third of each
//! compressed font. [`Prepared`] reads a face once, strips each glyph record of its
//! instructions and keeps the records apart with their metrics and, for composite
//! glyphs (ợ = o + horn + dot below), where their component ids are. A subset is
//! then a copy of the records a document uses, in the order the document numbers
//! them (its CIDs, so the PDF's CIDToGIDMap is the identity), the parts of its
//! composites after them and the composites' component ids rewritten to match:
//! a few copies, not a parse of the face. Every notice whose wards bring letters of
//! their own gets its fonts built afresh, so this is on the path of every such notice.
//! (Callgrind, 100 notices that each bring letters of their own: 42 thousand
//! instructions a face, where Typst's `subsetter` and a second pass to strip
//! hinting took 660 thousand.) The hinting tables (`fpgm`, `prep`, `cvt `) are
//! simply not copied.

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *b.get(i)?,
        *b.get(i + 1)?,
        *b.get(i + 2)?,
        *b.get(i + 3)?,
    ]))
}

/// The sfnt checksum: the sum of big-endian 32-bit words, the last one padded.
fn checksum(data: &[u8]) -> u32 {
    let mut words = data.chunks_exact(4);
    let mut sum = (&mut words).fold(0u32, |sum, w| {
        sum.wrapping_add(u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
    });
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 4];
        w[..rest.len()].copy_from_slice(rest);
        sum = sum.wrapping_add(u32::from_be_bytes(w));
    }
    sum
}

/// The components of a composite glyph record: each one's glyph id with the offset
/// of that id in the record, and where the last component's flags are and its entry
/// ends (the instructions, if any, follow it). `Some` with no components for a
/// simple glyph; `None` for a damaged record. Stripping instructions leaves the
/// offsets as they are.
type Components = (Vec<(usize, u16)>, Option<(usize, usize)>);

fn components(g: &[u8]) -> Option<Components> {
    let mut out = Vec::new();
    if g.is_empty() || (u16_at(g, 0)? as i16) >= 0 {
        return Some((out, None));
    }
    let mut i = 10;
    loop {
        let flags = u16_at(g, i)?;
        out.push((i + 2, u16_at(g, i + 2)?));
        let mut len = 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        len += if flags & 0x0008 != 0 {
            2
        } else if flags & 0x0040 != 0 {
            4
        } else if flags & 0x0080 != 0 {
            8
        } else {
            0
        };
        if flags & 0x0020 == 0 {
            return Some((out, Some((i, i + len))));
        }
        i += len;
    }
}

/// A face read once for subsetting: its glyph records without instructions, their
/// components and metrics, and the tables a subset copies.
pub struct Prepared {
    /// `head`, with a long `loca` and a zero checksum adjustment.
    head: Vec<u8>,
    hhea: Vec<u8>,
    maxp: Vec<u8>,
    /// `post` version 3 (no glyph names).
    post: Vec<u8>,
    /// The stripped records, each padded to four bytes, one after another.
    glyf: Vec<u8>,
    /// Where each glyph's record starts in `glyf`, and where the last one ends.
    offsets: Vec<u32>,
    /// Each glyph's components, with where their ids are in its record (empty for
    /// simple glyphs).
    components: Vec<Vec<(usize, u16)>>,
    /// Each glyph's `hmtx` entry: advance and left side bearing, as in the face.
    metrics: Vec<[u8; 4]>,
}

impl Prepared {
    /// Read `font`; `None` when it is not a plain TrueType sfnt this module
    /// understands.
    pub fn new(font: &[u8]) -> Option<Prepared> {
        if u32_at(font, 0)? != 0x0001_0000 {
            return None;
        }
        let table = |tag: &[u8; 4]| -> Option<&[u8]> {
            let n = usize::from(u16_at(font, 4)?);
            (0..n).find_map(|t| {
                let rec = 12 + 16 * t;
                if font.get(rec..rec + 4)? != tag {
                    return None;
                }
                let off = u32_at(font, rec + 8)? as usize;
                let len = u32_at(font, rec + 12)? as usize;
                font.get(off..off.checked_add(len)?)
            })
        };
        let mut head = table(b"head")?.to_vec();
        let hhea = table(b"hhea")?.to_vec();
        let maxp = table(b"maxp")?.to_vec();
        let (loca, glyf, hmtx) = (table(b"loca")?, table(b"glyf")?, table(b"hmtx")?);
        let num_glyphs = usize::from(u16_at(&maxp, 4)?);
        let long_metrics = usize::from(u16_at(&hhea, 34)?);
        let long_loca = u16_at(&head, 50)? == 1;
        if head.len() < 54 || hhea.len() < 36 || long_metrics == 0 {
            return None;
        }
        let offset = |i: usize| -> Option<usize> {
            if long_loca {
                u32_at(loca, 4 * i).map(|v| v as usize)
            } else {
                u16_at(loca, 2 * i).map(|v| 2 * v as usize)
            }
        };
        let mut out = Prepared {
            head: Vec::new(),
            hhea,
            maxp,
            post: Vec::new(),
            glyf: Vec::with_capacity(glyf.len()),
            offsets: Vec::with_capacity(num_glyphs + 1),
            components: Vec::with_capacity(num_glyphs),
            metrics: Vec::with_capacity(num_glyphs),
        };
        for g in 0..num_glyphs {
            let record = glyf.get(offset(g)?..offset(g + 1)?)?;
            out.offsets.push(out.glyf.len() as u32);
            out.glyf.extend(strip_glyph(record)?);
            while !out.glyf.len().is_multiple_of(4) {
                out.glyf.push(0);
            }
            out.components.push(components(record)?.0);
            // Glyphs past the long metrics repeat the last advance.
            let advance = u16_at(hmtx, 4 * g.min(long_metrics - 1))?;
            let lsb = if g < long_metrics {
                u16_at(hmtx, 4 * g + 2)?
            } else {
                u16_at(hmtx, 4 * long_metrics + 2 * (g - long_metrics))?
            };
            let [a0, a1] = advance.to_be_bytes();
            let [l0, l1] = lsb.to_be_bytes();
            out.metrics.push([a0, a1, l0, l1]);
        }
        out.offsets.push(out.glyf.len() as u32);
        head.truncate(54);
        head[50..52].copy_from_slice(&1u16.to_be_bytes());
        head[8..12].copy_from_slice(&[0; 4]);
        out.head = head;
        let mut post = table(b"post")
            .map(|p| p.get(..32).unwrap_or(p).to_vec())
            .unwrap_or_default();
        if post.len() == 32 {
            post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
            out.post = post;
        }
        Some(out)
    }

    /// Number of glyphs of the face.
    pub fn num_glyphs(&self) -> usize {
        self.metrics.len()
    }

    /// The advance of glyph `gid`, in font units (0 for an id past the face's).
    pub fn advance(&self, gid: u16) -> u16 {
        self.metrics
            .get(usize::from(gid))
            .map_or(0, |m| u16::from_be_bytes([m[0], m[1]]))
    }

    /// The program in which glyph `i` is the face's glyph `order[i]` (`None`: an
    /// empty glyph), followed by the parts of composite glyphs that `order` does not
    /// name, with the composites' component ids renumbered to match. A document's
    /// CIDs are then its glyph ids (CIDToGIDMap Identity).
    pub fn subset(&self, order: &[Option<u16>]) -> Vec<u8> {
        let n = self.num_glyphs();
        let mut new_id: Vec<Option<u16>> = vec![None; n];
        let mut glyphs: Vec<Option<u16>> = order
            .iter()
            .map(|g| g.filter(|&g| usize::from(g) < n))
            .collect();
        for (i, g) in glyphs.iter().enumerate() {
            if let Some(g) = *g {
                new_id[usize::from(g)].get_or_insert(i as u16);
            }
        }
        // Parts of composites (and their parts) get the ids after the text's.
        let mut i = 0;
        while i < glyphs.len() {
            if let Some(g) = glyphs[i] {
                for &(_, part) in &self.components[usize::from(g)] {
                    if usize::from(part) < n && new_id[usize::from(part)].is_none() {
                        new_id[usize::from(part)] = Some(glyphs.len() as u16);
                        glyphs.push(Some(part));
                    }
                }
            }
            i += 1;
        }
        if glyphs.is_empty() {
            glyphs.push(None);
        }
        let count = glyphs.len();
        let mut glyf = Vec::with_capacity(count * 128);
        let mut loca = Vec::with_capacity(4 * (count + 1));
        let mut hmtx = Vec::with_capacity(4 * count);
        for g in &glyphs {
            loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
            match *g {
                Some(g) => {
                    let g = usize::from(g);
                    let (a, b) = (self.offsets[g] as usize, self.offsets[g + 1] as usize);
                    let at = glyf.len();
                    glyf.extend_from_slice(&self.glyf[a..b]);
                    for &(offset, part) in &self.components[g] {
                        let id = new_id
                            .get(usize::from(part))
                            .copied()
                            .flatten()
                            .unwrap_or(0);
                        glyf[at + offset..at + offset + 2].copy_from_slice(&id.to_be_bytes());
                    }
                    hmtx.extend_from_slice(&self.metrics[g]);
                }
                None => hmtx.extend_from_slice(&[0; 4]),
            }
        }
        loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
        let mut maxp = self.maxp.clone();
        maxp[4..6].copy_from_slice(&(count as u16).to_be_bytes());
        let mut hhea = self.hhea.clone();
        hhea[34..36].copy_from_slice(&(count as u16).to_be_bytes());
        let mut tables: Vec<(&[u8; 4], &[u8])> = vec![
            (b"glyf", &glyf),
            (b"head", &self.head),
            (b"hhea", &hhea),
            (b"hmtx", &hmtx),
            (b"loca", &loca),
            (b"maxp", &maxp),
        ];
        if !self.post.is_empty() {
            tables.push((b"post", &self.post));
        }
        write_sfnt(&tables)
    }
}

/// An sfnt of `tables` (sorted by tag): directory, 4-byte aligned tables, checksums
/// and `head`'s checksum adjustment.
fn write_sfnt(tables: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let n = tables.len();
    let mut out =
        Vec::with_capacity(12 + 16 * n + tables.iter().map(|t| t.1.len() + 3).sum::<usize>());
    let entry_selector = (usize::BITS - 1 - n.leading_zeros()) as u16;
    let search_range = (1u16 << entry_selector) * 16;
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&(n as u16).to_be_bytes());
    out.extend_from_slice(&search_range.to_be_bytes());
    out.extend_from_slice(&entry_selector.to_be_bytes());
    out.extend_from_slice(&((n as u16) * 16 - search_range).to_be_bytes());
    let mut offset = 12 + 16 * n;
    for (tag, data) in tables {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    let mut head_at = None;
    for (tag, data) in tables {
        if *tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

/// Remove the instructions from one glyph record.
fn strip_glyph(g: &[u8]) -> Option<Vec<u8>> {
    if g.is_empty() {
        return Some(Vec::new());
    }
    let contours = u16_at(g, 0)? as i16;
    if contours >= 0 {
        let n = contours as usize;
        let ilen_at = 10 + 2 * n;
        let ilen = usize::from(u16_at(g, ilen_at)?);
        let rest = g.get(ilen_at + 2 + ilen..)?;
        let mut out = Vec::with_capacity(g.len() - ilen);
        out.extend_from_slice(&g[..ilen_at]);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(rest);
        Some(out)
    } else {
        // Composite: the instructions follow the last component.
        let (_, last) = components(g)?;
        let (flags_at, end) = last?;
        let mut out = g.to_vec();
        let flags = u16_at(g, flags_at)?;
        if flags & 0x0100 != 0 {
            out[flags_at..flags_at + 2].copy_from_slice(&(flags & !0x0100).to_be_bytes());
            out.truncate(end);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{fonts, Style};

    #[test]
    fn a_subset_numbers_glyphs_as_asked_with_outlines_metrics_and_parts() {
        let face = fonts().face(Style::Regular);
        let prepared = Prepared::new(face.data).expect("Liberation Serif is plain TrueType");
        let full = ttf_parser::Face::parse(face.data, 0).unwrap();
        // ợ and ặ are composites (a base letter and marks): their parts come along.
        let text: Vec<char> = "Phúc Lợi ặ".chars().collect();
        let mut order: Vec<Option<u16>> = vec![Some(0)];
        order.extend(text.iter().map(|&c| Some(full.glyph_index(c).unwrap().0)));
        order.push(None);
        let program = prepared.subset(&order);
        let sub = ttf_parser::Face::parse(&program, 0).expect("the subset parses");
        assert!(
            usize::from(sub.number_of_glyphs()) > order.len(),
            "parts appended"
        );
        for (i, &c) in text.iter().enumerate() {
            let (new, old) = (
                ttf_parser::GlyphId(i as u16 + 1),
                full.glyph_index(c).unwrap(),
            );
            assert_eq!(
                sub.glyph_hor_advance(new),
                full.glyph_hor_advance(old),
                "{c}"
            );
            assert_eq!(
                sub.glyph_bounding_box(new),
                full.glyph_bounding_box(old),
                "{c}"
            );
        }
        // The empty place draws nothing.
        let empty = ttf_parser::GlyphId(order.len() as u16 - 1);
        assert!(sub.glyph_bounding_box(empty).is_none());
        assert!(sub
            .raw_face()
            .table(ttf_parser::Tag::from_bytes(b"fpgm"))
            .is_none());
        assert!(program.len() < 8_000, "{}", program.len());
    }
}
