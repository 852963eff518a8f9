//! Trimming a subset font program for embedding.
//!
//! A PDF viewer rasterises glyph outlines itself and ignores TrueType hinting, so the
//! hinting programs (`fpgm`, `prep`, `cvt `), every glyph's instructions and the glyph
//! names in `post` are dead weight in an embedded subset: about a third of each
//! compressed font. This module rewrites the sfnt without them, as PDF producers
//! commonly do. Outlines, metrics and glyph ids are untouched.

/// Tables dropped from the embedded program.
const DROPPED: [&[u8; 4]; 3] = [b"fpgm", b"prep", b"cvt "];

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

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
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
        // Composite: walk the components; the instructions follow the last one.
        let mut out = g.to_vec();
        let mut i = 10;
        loop {
            let flags = u16_at(g, i)?;
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
                if flags & 0x0100 != 0 {
                    let cleared = flags & !0x0100;
                    out[i..i + 2].copy_from_slice(&cleared.to_be_bytes());
                    out.truncate(i + len);
                }
                return Some(out);
            }
            i += len;
            if i >= g.len() {
                return None;
            }
        }
    }
}

/// Rewrite a TrueType font without hinting and glyph names. Returns `None` when the
/// font is not a plain TrueType sfnt this function understands; callers then embed
/// the program unchanged.
pub fn strip_hinting(font: &[u8]) -> Option<Vec<u8>> {
    if u32_at(font, 0)? != 0x0001_0000 {
        return None;
    }
    let num_tables = usize::from(u16_at(font, 4)?);
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(num_tables);
    for t in 0..num_tables {
        let rec = 12 + 16 * t;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let off = u32_at(font, rec + 8)? as usize;
        let len = u32_at(font, rec + 12)? as usize;
        let data = font.get(off..off.checked_add(len)?)?.to_vec();
        if !DROPPED.contains(&&tag) {
            tables.push((tag, data));
        }
    }
    let find =
        |tables: &[([u8; 4], Vec<u8>)], tag: &[u8; 4]| tables.iter().position(|t| &t.0 == tag);
    let head_i = find(&tables, b"head")?;
    let loca_i = find(&tables, b"loca")?;
    let glyf_i = find(&tables, b"glyf")?;
    let maxp = &tables[find(&tables, b"maxp")?].1;
    let num_glyphs = usize::from(u16_at(maxp, 4)?);
    let long_loca = u16_at(&tables[head_i].1, 50)? == 1;

    // Rebuild glyf and a long-format loca.
    let (glyf, loca) = (&tables[glyf_i].1, &tables[loca_i].1);
    let offset = |i: usize| -> Option<usize> {
        if long_loca {
            u32_at(loca, 4 * i).map(|v| v as usize)
        } else {
            u16_at(loca, 2 * i).map(|v| 2 * v as usize)
        }
    };
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(4 * (num_glyphs + 1));
    for g in 0..num_glyphs {
        let (start, end) = (offset(g)?, offset(g + 1)?);
        let record = glyf.get(start..end)?;
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        new_glyf.extend(strip_glyph(record)?);
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    tables[glyf_i].1 = new_glyf;
    tables[loca_i].1 = new_loca;
    tables[head_i]
        .1
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    tables[head_i].1.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    // post version 3: no glyph names.
    if let Some(p) = find(&tables, b"post") {
        let post = &mut tables[p].1;
        if post.len() >= 32 {
            post.truncate(32);
            post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        }
    }

    // Write the sfnt: directory sorted by tag, tables 4-byte aligned.
    tables.sort_by_key(|t| t.0);
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
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    let mut head_at = 0;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = out.len();
        }
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out.get_mut(head_at + 8..head_at + 12)?
        .copy_from_slice(&adjust.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{fonts, Style};

    #[test]
    fn stripped_font_keeps_outlines_and_metrics() {
        let face = fonts().face(Style::Regular);
        let stripped = strip_hinting(face.data).expect("Liberation Serif is plain TrueType");
        assert!(stripped.len() < face.data.len());
        let before = ttf_parser::Face::parse(face.data, 0).unwrap();
        let after = ttf_parser::Face::parse(&stripped, 0).unwrap();
        assert_eq!(before.number_of_glyphs(), after.number_of_glyphs());
        for c in "ĐẢNG Cộng hòa ữ ặ ỹ 0123456789".chars() {
            let (g0, g1) = (
                before.glyph_index(c).unwrap(),
                after.glyph_index(c).unwrap(),
            );
            assert_eq!(g0, g1);
            assert_eq!(before.glyph_hor_advance(g0), after.glyph_hor_advance(g1));
            assert_eq!(
                before.glyph_bounding_box(g0),
                after.glyph_bounding_box(g1),
                "{c}"
            );
        }
        assert!(after
            .raw_face()
            .table(ttf_parser::Tag::from_bytes(b"fpgm"))
            .is_none());
    }
}
