//! Reading vanban's PDFs back from their content streams: every glyph's box and
//! the text of every run, through the embedded fonts' CMaps, widths and ToUnicode
//! maps. Text drawn outside the page, which `pdftotext` does not report, is seen
//! here; and the runs make a readable dump of a PDF for the golden tests.
#![allow(dead_code)]

use std::collections::BTreeMap;

/// One glyph as the content stream draws it, in points from the bottom-left corner.
#[derive(Debug, Clone, Copy)]
pub struct Glyph {
    pub page: usize,
    pub x0: f64,
    pub x1: f64,
    /// The glyph's vertical extent: baseline minus descent to baseline plus ascent.
    pub bottom: f64,
    pub top: f64,
}

/// A font as the content streams use it: bytes per code, code to CID, CID to width.
pub struct FontMetrics {
    pub bytes: usize,
    pub cids: BTreeMap<u32, u32>,
    pub identity: bool,
    pub widths: BTreeMap<u32, f64>,
    pub default_width: f64,
    /// Code to text, from the font's ToUnicode map.
    pub unicode: BTreeMap<u32, String>,
    /// The base font without its subset tag (`LiberationSerif-Bold`).
    pub name: String,
}

impl FontMetrics {
    pub fn width(&self, code: u32) -> f64 {
        let cid = if self.identity {
            code
        } else {
            *self
                .cids
                .get(&code)
                .unwrap_or_else(|| panic!("code {code:#x} is not in the font's CMap"))
        };
        self.widths.get(&cid).copied().unwrap_or(self.default_width) / 1000.0
    }
}

pub fn number(o: &lopdf::Object) -> f64 {
    match o {
        lopdf::Object::Integer(i) => *i as f64,
        lopdf::Object::Real(r) => f64::from(*r),
        other => panic!("not a number: {other:?}"),
    }
}

pub fn hex(s: &str) -> u32 {
    u32::from_str_radix(s.trim_matches(|c| c == '<' || c == '>'), 16).unwrap()
}

/// UTF-16BE hex to text.
pub fn utf16(hex_text: &str) -> String {
    let h = hex_text.trim_matches(|c| c == '<' || c == '>');
    let units: Vec<u16> = (0..h.len() / 4)
        .map(|i| u16::from_str_radix(&h[i * 4..i * 4 + 4], 16).unwrap())
        .collect();
    String::from_utf16(&units).unwrap()
}

/// Parse a ToUnicode map (`bfchar`, and `bfrange` with a start value).
pub fn parse_to_unicode(text: &str) -> BTreeMap<u32, String> {
    let mut map = BTreeMap::new();
    let mut section = "";
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if let Some(last) = words.last() {
            if last.starts_with("begin") || last.starts_with("end") {
                section = if last.starts_with("begin") { last } else { "" };
                continue;
            }
        }
        match (section, words.as_slice()) {
            ("beginbfchar", [code, value]) => {
                map.insert(hex(code), utf16(value));
            }
            ("beginbfrange", [lo, hi, value]) if value.starts_with('<') => {
                let first = utf16(value);
                let base = first.chars().last().unwrap() as u32;
                let prefix: String = first.chars().take(first.chars().count() - 1).collect();
                for (i, code) in (hex(lo)..=hex(hi)).enumerate() {
                    let c = char::from_u32(base + i as u32).unwrap();
                    map.insert(code, format!("{prefix}{c}"));
                }
            }
            ("beginbfrange", _) => panic!("a ToUnicode range this test does not read: {line}"),
            _ => {}
        }
    }
    map
}

/// Parse the code-to-CID map of an embedded CMap (`cidchar` and `cidrange`).
pub fn parse_cmap(text: &str) -> (usize, BTreeMap<u32, u32>) {
    let mut bytes = 1;
    let mut map = BTreeMap::new();
    let mut section = "";
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if let Some(last) = words.last() {
            if last.starts_with("begin") {
                section = last;
                continue;
            }
            if last.starts_with("end") {
                section = "";
                continue;
            }
        }
        match (section, words.as_slice()) {
            ("begincodespacerange", [lo, _hi]) => bytes = (lo.len() - 2) / 2,
            ("begincidchar", [code, cid]) => {
                map.insert(hex(code), cid.parse().unwrap());
            }
            ("begincidrange", [lo, hi, cid]) => {
                let cid: u32 = cid.parse().unwrap();
                for (i, code) in (hex(lo)..=hex(hi)).enumerate() {
                    map.insert(code, cid + i as u32);
                }
            }
            _ => {}
        }
    }
    (bytes, map)
}

pub fn font_metrics(doc: &lopdf::Document, font: &lopdf::Dictionary) -> FontMetrics {
    assert_eq!(
        font.get(b"Subtype").unwrap().as_name().unwrap(),
        b"Type0",
        "vanban's fonts are Type 0"
    );
    let (bytes, cids, identity) = match font.get(b"Encoding").unwrap() {
        lopdf::Object::Name(n) => {
            assert_eq!(n, b"Identity-H", "unknown encoding");
            (2, BTreeMap::new(), true)
        }
        lopdf::Object::Reference(id) => {
            let stream = doc.get_object(*id).unwrap().as_stream().unwrap();
            let content = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            let (bytes, map) = parse_cmap(&String::from_utf8_lossy(&content));
            (bytes, map, false)
        }
        other => panic!("unknown encoding {other:?}"),
    };
    let descendants = doc
        .dereference(font.get(b"DescendantFonts").unwrap())
        .unwrap()
        .1
        .as_array()
        .unwrap()
        .clone();
    let cid_font = doc
        .dereference(&descendants[0])
        .unwrap()
        .1
        .as_dict()
        .unwrap()
        .clone();
    let default_width = cid_font.get(b"DW").map(number).unwrap_or(1000.0);
    let mut widths = BTreeMap::new();
    if let Ok(w) = cid_font.get(b"W") {
        let w = doc.dereference(w).unwrap().1.as_array().unwrap().clone();
        let mut i = 0;
        while i < w.len() {
            let first = number(&w[i]) as u32;
            match doc.dereference(&w[i + 1]).unwrap().1 {
                lopdf::Object::Array(list) => {
                    for (k, v) in list.iter().enumerate() {
                        widths.insert(first + k as u32, number(v));
                    }
                    i += 2;
                }
                _ => {
                    let last = number(&w[i + 1]) as u32;
                    let v = number(&w[i + 2]);
                    for cid in first..=last {
                        widths.insert(cid, v);
                    }
                    i += 3;
                }
            }
        }
    }
    let to_unicode = doc
        .dereference(font.get(b"ToUnicode").expect("a ToUnicode map"))
        .unwrap()
        .1
        .as_stream()
        .unwrap()
        .clone();
    let content = to_unicode
        .decompressed_content()
        .unwrap_or_else(|_| to_unicode.content.clone());
    let base = font.get(b"BaseFont").unwrap().as_name().unwrap();
    let base = String::from_utf8_lossy(base);
    FontMetrics {
        bytes,
        cids,
        identity,
        widths,
        default_width,
        unicode: parse_to_unicode(&String::from_utf8_lossy(&content)),
        name: base.split_once('+').map_or(&*base, |(_, n)| n).to_string(),
    }
}

/// Every glyph of every page, from the content streams, and the text they show in
/// content order (one line per text matrix). Text state operators other than those
/// vanban writes fail the test rather than be misread.
pub fn glyphs(pdf: &[u8]) -> (Vec<Glyph>, usize, String) {
    let (glyphs, pages, text, _) = read(pdf);
    (glyphs, pages, text)
}

/// One run of text as a content stream shows it: where its text matrix puts it (in
/// points from the bottom-left corner), its font's name without the subset tag, its
/// size, the word spacing in force and the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub page: usize,
    pub x: f64,
    pub y: f64,
    pub font: String,
    pub size: f64,
    pub word_spacing: f64,
    pub text: String,
}

/// The runs of every page, in content order.
pub fn runs(pdf: &[u8]) -> Vec<Run> {
    read(pdf).3
}

fn read(pdf: &[u8]) -> (Vec<Glyph>, usize, String, Vec<Run>) {
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf reads the PDF");
    let pages = doc.get_pages();
    let mut out = Vec::new();
    let mut text = String::new();
    let mut runs: Vec<Run> = Vec::new();
    for (index, (_, page_id)) in pages.iter().enumerate() {
        let page = index + 1;
        let fonts: BTreeMap<Vec<u8>, FontMetrics> = doc
            .get_page_fonts(*page_id)
            .unwrap()
            .into_iter()
            .map(|(name, dict)| (name, font_metrics(&doc, dict)))
            .collect();
        let content = doc.get_and_decode_page_content(*page_id).unwrap();
        let (mut font, mut size, mut tw, mut tc) = (None::<&FontMetrics>, 0.0, 0.0, 0.0);
        let mut font_name = String::new();
        let (mut x, mut y) = (0.0, 0.0);
        let mut depth = 0usize;
        let mut transformed = vec![false];
        for op in &content.operations {
            let o = &op.operands;
            match op.operator.as_str() {
                "q" => {
                    let t = *transformed.last().unwrap();
                    transformed.push(t);
                }
                "Q" => {
                    transformed.pop();
                }
                "cm" => *transformed.last_mut().unwrap() = true,
                "BT" => {
                    assert!(
                        !transformed.last().unwrap(),
                        "page {page}: text under a transformation"
                    );
                    depth += 1;
                    (x, y) = (0.0, 0.0);
                }
                "ET" => depth -= 1,
                "Tf" => {
                    let name = o[0].as_name().unwrap();
                    font = Some(&fonts[name]);
                    font_name = font.map_or(String::new(), |f| f.name.clone());
                    size = number(&o[1]);
                }
                "Tw" => tw = number(&o[0]),
                "Tc" => tc = number(&o[0]),
                "Tm" => {
                    let m: Vec<f64> = o.iter().map(number).collect();
                    assert_eq!(
                        (m[0], m[1], m[2], m[3]),
                        (1.0, 0.0, 0.0, 1.0),
                        "page {page}: scaled text"
                    );
                    (x, y) = (m[4], m[5]);
                    text.push('\n');
                    runs.push(Run {
                        page,
                        x,
                        y,
                        font: font_name.clone(),
                        size,
                        word_spacing: tw,
                        text: String::new(),
                    });
                }
                "Td" => {
                    x += number(&o[0]);
                    y += number(&o[1]);
                }
                "Tj" | "TJ" => {
                    let f = font.expect("a font is set");
                    let items: Vec<&lopdf::Object> = match &o[0] {
                        lopdf::Object::Array(a) => a.iter().collect(),
                        s => vec![s],
                    };
                    for item in items {
                        let bytes = match item {
                            lopdf::Object::String(b, _) => b,
                            n => {
                                x -= number(n) / 1000.0 * size;
                                continue;
                            }
                        };
                        for code in bytes.chunks(f.bytes) {
                            let code = code.iter().fold(0u32, |c, b| c << 8 | u32::from(*b));
                            let advance = f.width(code) * size;
                            text.push_str(&f.unicode[&code]);
                            if let Some(run) = runs.last_mut() {
                                run.text.push_str(&f.unicode[&code]);
                                run.word_spacing = tw;
                            }
                            out.push(Glyph {
                                page,
                                x0: x,
                                x1: x + advance,
                                bottom: y - 443.0 / 2048.0 * size,
                                top: y + 1825.0 / 2048.0 * size,
                            });
                            x += advance + tc;
                            if f.bytes == 1 && code == 32 {
                                x += tw;
                            }
                        }
                    }
                }
                "TL" | "T*" | "TD" | "'" | "\"" | "Tz" | "Ts" => {
                    panic!("page {page}: {} is not read by this test", op.operator)
                }
                _ => {}
            }
        }
        assert_eq!(depth, 0, "page {page}: unbalanced BT/ET");
        text.push('\u{c}');
    }
    (out, pages.len(), text, runs)
}
