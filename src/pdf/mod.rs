//! The PDF writer: pages of positioned runs to PDF bytes.
//!
//! Everything typographic happens before, in `layout`; this module only writes. The
//! work is split by what each part is good at:
//!
//! - **printpdf** (without its HTML and text-layout features) builds the document:
//!   catalog, page tree, page sizes, the rules as filled rectangles, the signature and
//!   seal pictures, and serialises it to lopdf objects.
//! - **The text layer** ([`text`]) is one content stream per page written directly:
//!   printpdf's per-glyph text objects were a third of the time of a notice. It comes
//!   first in the page's contents, so pictures lie over text as on paper.
//! - **Fonts** ([`font`]): each face is cut down to the characters the document uses
//!   (`fontprog`), stripped of hinting and embedded as a Type 0 font whose ToUnicode
//!   map gives back the exact input (one character per glyph: Vietnamese in NFC needs
//!   no shaping), with one-byte codes equal to CIDs so that every reader reads them
//!   alike. Finished fonts are kept for the next notice with the same characters.
//! - **The file** ([`serialize`]): the metadata, signature field and trailer are set on
//!   the lopdf tree, which vanban then writes out itself.
//! - **Determinism.** Resource names, subset tags, the trailer ID and the dates are
//!   derived from the content, never from a clock or a counter.

mod font;
pub(crate) use font::{prepared, subset_tag, to_unicode_cmap};
mod serialize;
mod text;

use crate::digest::Fnv;
use crate::document::Info;
use crate::fonts::Style;
use crate::image::{Picture, Signing};
use crate::layout::{place_signing, Area, Item, Layout};
use font::EmbeddedFont;
use printpdf::{Op, PaintMode, PdfDocument, PdfPage, PdfSaveOptions, Rect};
use std::collections::BTreeMap;
use std::hash::Hasher;
use std::sync::Arc;

/// A PDF could not be produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PDF: {}", self.0)
    }
}

impl std::error::Error for PdfError {}

fn pt(v: crate::units::Pt) -> printpdf::Pt {
    printpdf::Pt(v.0 as f32)
}

/// The characters a face draws: a bitmap for the Latin and Vietnamese range (a
/// notice has thousands of characters but about a hundred distinct ones).
#[derive(Default)]
struct CharSet {
    low: Vec<u64>,
    others: Vec<char>,
}

impl CharSet {
    const LOW: u32 = 0x2100;

    fn insert(&mut self, c: char) {
        let cp = c as u32;
        if cp < Self::LOW {
            if self.low.is_empty() {
                self.low = vec![0; (Self::LOW / 64) as usize];
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
    /// (a → à á ả ã ạ, ư → ừ ứ ử ữ ự): see [`font::tone_family`].
    fn add_tone_families(&mut self) {
        let families: Vec<&[char; 6]> = self.low_chars().filter_map(font::tone_family).collect();
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

/// Options of the PDF writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PdfOptions {
    /// Write PDF/A-2b: XMP identification and an sRGB output intent.
    pub pdfa: bool,
    /// Reserve the signing place: an empty signature field over the signature area,
    /// so a token or remote-signing tool signs where the signature belongs. Off by
    /// default: a field is a form element, which viewers may mark (MuPDF labels an
    /// unsigned one), and a notice printed or archived unsigned should show only
    /// itself.
    pub signature_field: bool,
    /// A draft for issuance: a text field over each blank of the number and the
    /// day (`crate::issue::blank`), for `vanban issue` to fill.
    pub draft: bool,
}

/// The sRGB IEC 61966-2.1 profile of the PDF/A output intent (`icc/`, zlib licence).
const SRGB_ICC: &[u8] = include_bytes!("../../icc/sRGB.icc");

/// Write `layout` as PDF bytes, with `info` as document metadata.
pub fn write_pdf(layout: &Layout, info: &Info) -> Result<Vec<u8>, PdfError> {
    write_pdf_with(layout, info, &Signing::default(), PdfOptions::default())
}

/// Write `layout` as PDF bytes, with the signing images and explicit options.
pub fn write_pdf_with(
    layout: &Layout,
    info: &Info,
    signing: &Signing,
    options: PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    // 1. The characters of each face, and each face's font for them (cached per
    // process, see `font`).
    let mut used: BTreeMap<Style, CharSet> = BTreeMap::new();
    for page in &layout.pages {
        for item in &page.items {
            if let Item::Text(run) = item {
                let set = used.entry(run.style).or_default();
                run.text.chars().for_each(|c| set.insert(c));
            }
        }
    }
    let mut faces: BTreeMap<Style, (String, Arc<EmbeddedFont>)> = BTreeMap::new();
    for (style, mut set) in used {
        set.add_tone_families();
        let font = font::embedded(style, &set.into_sorted()).map_err(PdfError)?;
        faces.insert(style, (format!("F{}", style.index() + 1), font));
    }

    // 2. printpdf builds the document: pages, rules, pictures.
    let height = layout.page_height;
    let mut doc = PdfDocument::new(&info.title);
    let pages: Vec<PdfPage> = layout
        .pages
        .iter()
        .map(|page| {
            let mut ops = Vec::new();
            for item in &page.items {
                if let Item::Line(line) = item {
                    let top = height - line.y - line.thickness / 2.0;
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            x: pt(line.x),
                            y: pt(top),
                            width: pt(line.width),
                            height: pt(line.thickness),
                            mode: Some(PaintMode::Fill),
                            winding_order: None,
                        },
                    });
                }
            }
            if let Some(area) = page.signature_area {
                let placed = place_signing(area, signing, layout.signature_width);
                // The seal is stamped over the signature, as on paper.
                for (name, pic, at) in [
                    ("ImSignature", &signing.signature, placed.signature),
                    ("ImSeal", &signing.seal, placed.seal),
                ] {
                    if let (Some(pic), Some(at)) = (pic, at) {
                        ops.push(draw_image(&mut doc, name, pic, at, height));
                    }
                }
            }
            PdfPage::new(
                printpdf::Mm(layout.page_width.to_mm().0 as f32),
                printpdf::Mm(layout.page_height.to_mm().0 as f32),
                ops,
            )
        })
        .collect();
    doc.pages = pages;
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = printpdf::serialize::to_lopdf_doc(&doc, &opts, &mut warnings);

    // 3. The fonts and the text layer of each page (see `text`), under the page's
    // graphics so that pictures lie over text as on paper.
    let mut font_dict = lopdf::Dictionary::new();
    let mut one_byte_cmap = None;
    for (resource, font) in faces.values() {
        let id = font.add_to(&mut lo, &mut one_byte_cmap);
        font_dict.set(resource.as_bytes().to_vec(), lopdf::Object::Reference(id));
    }
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    for (page, page_id) in layout.pages.iter().zip(page_ids) {
        let bytes = text::content(&page.items, height, |style| {
            let (resource, font) = &faces[&style];
            text::PageFont { resource, font }
        });
        if bytes.is_empty() {
            continue;
        }
        // Deflated with the other streams by `compress_streams` below.
        let text_id = lo.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), bytes));
        add_text_layer(&mut lo, page_id, text_id, &font_dict);
    }

    // 4. Metadata, the signing place, the trailer: ours.
    // The file ID is a hash of what the pages show and the metadata: same content,
    // same ID, on any machine (ISO 32000-1, 14.4 asks only for a stable identifier).
    let digest = content_id(layout, info, signing);
    finish_metadata(&mut lo, info, &digest, options);
    if options.signature_field {
        if let Some((index, area)) = layout
            .pages
            .iter()
            .enumerate()
            .find_map(|(i, p)| p.signature_area.map(|a| (i, a)))
        {
            add_signature_field(&mut lo, index, area, height);
        }
    }
    if options.draft {
        add_text_fields(&mut lo, layout, &faces, &font_dict, info.date);
    }
    let id = lopdf::Object::String(digest.to_vec(), lopdf::StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    compress_streams(&mut lo);
    Ok(serialize::to_bytes(&lo))
}

/// Deflate every stream that is not yet filtered (the text layer, printpdf's page
/// graphics, the pictures, the ICC profile). Streams of a few operators are left as they are:
/// deflate saves nothing on them, and each call costs a reset of the compressor.
fn compress_streams(lo: &mut lopdf::Document) {
    for obj in lo.objects.values_mut() {
        let lopdf::Object::Stream(stream) = obj else {
            continue;
        };
        if stream.dict.has(b"Filter")
            || !stream.allows_compression
            || stream.content.len() < MIN_DEFLATE
        {
            continue;
        }
        if let Ok(compressed) = crate::deflate::compress(
            &stream.content,
            COMPRESSION_LEVEL,
            crate::deflate::Framing::Zlib,
        ) {
            if compressed.len() < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(compressed);
            }
        }
    }
}

/// Streams shorter than this are stored as they are.
const MIN_DEFLATE: usize = 256;

/// Put the text stream `text` first in the page's contents and the fonts in its
/// resources. printpdf gives each page a resource dictionary whose `/Font` entry
/// refers to one (empty, without text ops) dictionary shared by all pages; it is
/// filled in place, or set on the page when printpdf wrote none.
fn add_text_layer(
    lo: &mut lopdf::Document,
    page_id: lopdf::ObjectId,
    text: lopdf::ObjectId,
    fonts: &lopdf::Dictionary,
) {
    use lopdf::Object;
    let Ok(page) = lo.get_object(page_id).and_then(Object::as_dict).cloned() else {
        return;
    };
    // Contents: [text, printpdf's graphics], or the text alone when the graphics
    // stream is empty.
    let mut contents = vec![Object::Reference(text)];
    match page.get(b"Contents") {
        Ok(Object::Reference(r)) => {
            let empty = matches!(lo.get_object(*r), Ok(Object::Stream(s)) if s.content.is_empty());
            if empty {
                lo.objects.remove(r);
            } else {
                contents.push(Object::Reference(*r));
            }
        }
        Ok(Object::Array(a)) => contents.extend(a.iter().cloned()),
        _ => {}
    }
    let resources = match page.get(b"Resources") {
        Ok(Object::Reference(r)) => Some(*r),
        _ => None,
    };
    let shared_fonts = resources
        .and_then(|r| lo.get_object(r).and_then(Object::as_dict).ok())
        .and_then(|d| d.get(b"Font").and_then(Object::as_reference).ok());
    match (resources, shared_fonts) {
        (_, Some(f)) => {
            lo.objects.insert(f, Object::Dictionary(fonts.clone()));
        }
        (Some(r), None) => {
            if let Ok(d) = lo.get_object_mut(r).and_then(Object::as_dict_mut) {
                d.set("Font", Object::Dictionary(fonts.clone()));
            }
        }
        (None, None) => {
            let mut res = match page.get(b"Resources") {
                Ok(Object::Dictionary(d)) => d.clone(),
                _ => lopdf::Dictionary::new(),
            };
            res.set("Font", Object::Dictionary(fonts.clone()));
            if let Ok(p) = lo.get_object_mut(page_id).and_then(Object::as_dict_mut) {
                p.set("Resources", Object::Dictionary(res));
            }
        }
    }
    if let Ok(p) = lo.get_object_mut(page_id).and_then(Object::as_dict_mut) {
        p.set("Contents", Object::Array(contents));
    }
}

/// Deflate level of the content streams (fonts: `font::LEVEL`). Measured on the 2-page
/// fixture (callgrind, 100 notices, PDF only): level 3 gives 30.5 KB for 10.4 M
/// instructions a notice, level 1 32.4 KB for 9.3 M. (Before fonts were cached and the
/// text layer written directly, with lopdf's level 9 a notice took 47 KB and 3.4 ms.)
const COMPRESSION_LEVEL: u32 = 1;

/// Register `pic` as an image XObject and return the operation drawing it in `at`.
fn draw_image(
    doc: &mut PdfDocument,
    name: &str,
    pic: &Picture,
    at: Area,
    page_height: crate::units::Pt,
) -> Op {
    let id = printpdf::XObjectId(name.to_string());
    doc.resources.xobjects.map.insert(
        id.clone(),
        printpdf::XObject::Image(printpdf::RawImage {
            pixels: printpdf::RawImageData::U8(pic.rgba.clone()),
            width: pic.width_px as usize,
            height: pic.height_px as usize,
            data_format: printpdf::RawImageFormat::RGBA8,
            tag: Vec::new(),
        }),
    );
    // printpdf sizes an image as pixels at `dpi`; choose the dpi that gives `at.width`,
    // then stretch the height to `at.height` (equal to the aspect ratio's height).
    let dpi = f64::from(pic.width_px) * 72.0 / at.width.0;
    let natural_h = f64::from(pic.height_px) * 72.0 / dpi;
    Op::UseXobject {
        id,
        transform: printpdf::XObjectTransform {
            translate_x: Some(pt(at.x)),
            translate_y: Some(pt(page_height - at.y - at.height)),
            scale_y: Some((at.height.0 / natural_h) as f32),
            dpi: Some(dpi as f32),
            ..Default::default()
        },
    }
}

/// Put `widget` (a widget annotation dictionary with its `Rect` `x1 y1 x2 y2`) on
/// page `page_id`, with an empty appearance (PDF/A wants one on every widget), and
/// list it in the document's form: appended to the page's `Annots` and to the
/// AcroForm's `Fields`, so that fields added one after another all stay.
fn add_widget(
    lo: &mut lopdf::Document,
    page_id: lopdf::ObjectId,
    mut widget: lopdf::Dictionary,
    [x1, y1, x2, y2]: [f64; 4],
) -> lopdf::ObjectId {
    use lopdf::{Dictionary, Object, Stream};
    let real = |v: f64| Object::Real(v as f32);
    let appearance = lo.add_object(Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Form".to_vec())),
            (
                "BBox",
                Object::Array(vec![real(0.0), real(0.0), real(x2 - x1), real(y2 - y1)]),
            ),
        ]),
        Vec::new(),
    ));
    widget.set(
        "Rect",
        Object::Array(vec![real(x1), real(y1), real(x2), real(y2)]),
    );
    widget.set("P", Object::Reference(page_id));
    widget.set(
        "AP",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "N",
            Object::Reference(appearance),
        )])),
    );
    let field = lo.add_object(widget);
    let appended = |list: Result<&Object, lopdf::Error>| {
        let mut list = match list {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        list.push(Object::Reference(field));
        Object::Array(list)
    };
    if let Ok(page) = lo.get_object_mut(page_id).and_then(|o| o.as_dict_mut()) {
        let annots = appended(page.get(b"Annots"));
        page.set("Annots", annots);
    }
    if let Ok(root) = lo.trailer.get(b"Root").and_then(|o| o.as_reference()) {
        if let Ok(catalog) = lo.get_object_mut(root).and_then(|o| o.as_dict_mut()) {
            let mut form = match catalog.get(b"AcroForm") {
                Ok(Object::Dictionary(d)) => d.clone(),
                _ => Dictionary::new(),
            };
            let fields = appended(form.get(b"Fields"));
            form.set("Fields", fields);
            catalog.set("AcroForm", Object::Dictionary(form));
        }
    }
    field
}

/// An empty, printable signature field over the signature area of page `index`.
fn add_signature_field(
    lo: &mut lopdf::Document,
    index: usize,
    area: Area,
    page_height: crate::units::Pt,
) {
    use lopdf::{Dictionary, Object};
    let Some(page_id) = lo.get_pages().get(&(index as u32 + 1)).copied() else {
        return;
    };
    let (x1, y1) = (area.x.0, page_height.0 - area.y.0 - area.height.0);
    let (x2, y2) = (area.x.0 + area.width.0, page_height.0 - area.y.0);
    let widget = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Widget".to_vec())),
        ("FT", Object::Name(b"Sig".to_vec())),
        ("T", Object::string_literal("Signature")),
        (
            "TU",
            utf16_string("Chữ ký của người có thẩm quyền / Signature of the signer"),
        ),
        ("F", Object::Integer(4)),
    ]);
    add_widget(lo, page_id, widget, [x1, y1, x2, y2]);
}

/// A text field over each blank of a draft's number and date lines
/// (`crate::issue::blank`), with the line's font and size as its default
/// appearance, for `vanban issue` to fill in.
fn add_text_fields(
    lo: &mut lopdf::Document,
    layout: &Layout,
    faces: &BTreeMap<Style, (String, Arc<EmbeddedFont>)>,
    fonts: &lopdf::Dictionary,
    date: Option<crate::date::Date>,
) {
    use lopdf::{Dictionary, Object};
    let pages = lo.get_pages();
    let places = crate::issue::blank::places(layout);
    // The year the draft prints (when it has no blank for it), so that issuance
    // cannot give a date in another year.
    let printed_year = date.filter(|_| !places.iter().any(|p| p.name == crate::issue::YEAR_FIELD));
    let height = layout.page_height;
    for place in places {
        let (Some(&page_id), Some((resource, _))) =
            (pages.get(&(place.page as u32 + 1)), faces.get(&place.style))
        else {
            continue;
        };
        let face = crate::fonts::fonts().face(place.style);
        let base = height - place.baseline;
        let (x1, y1) = (place.x.0, (base - face.descent(place.size)).0);
        let (x2, y2) = (
            (place.x + place.width).0,
            (base + face.ascent(place.size)).0,
        );
        let mut field = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Widget".to_vec())),
            ("FT", Object::Name(b"Tx".to_vec())),
            ("T", Object::string_literal(place.name)),
            ("F", Object::Integer(4)),
            (
                "DA",
                Object::string_literal(format!("/{resource} {} Tf 0 g", place.size.0)),
            ),
        ]);
        if let (crate::issue::NUMBER_FIELD, Some(d)) = (place.name, printed_year) {
            field.set(crate::issue::PRINTED_YEAR_KEY, i64::from(d.year));
        }
        add_widget(lo, page_id, field, [x1, y1, x2, y2]);
    }
    let Ok(root) = lo.trailer.get(b"Root").and_then(|o| o.as_reference()) else {
        return;
    };
    if let Ok(catalog) = lo.get_object_mut(root).and_then(|o| o.as_dict_mut()) {
        // The fields' fonts, for a viewer or `vanban issue` filling them in.
        let mut form = match catalog.get(b"AcroForm") {
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => Dictionary::new(),
        };
        if !form.has(b"Fields") {
            // Required, even when the layout left no blank to fill.
            form.set("Fields", Object::Array(Vec::new()));
        }
        form.set(
            "DR",
            Object::Dictionary(Dictionary::from_iter(vec![(
                "Font",
                Object::Dictionary(fonts.clone()),
            )])),
        );
        form.set("DA", Object::string_literal("/F1 13 Tf 0 g"));
        catalog.set("AcroForm", Object::Dictionary(form));
    }
}

/// A 16-byte digest of the laid-out pages, the images and the metadata.
fn content_id(layout: &Layout, info: &Info, signing: &Signing) -> [u8; 16] {
    let mut a = Fnv::new();
    for pic in [&signing.signature, &signing.seal].into_iter().flatten() {
        a.write(&pic.png);
        a.write(&pic.width_mm.to_bits().to_le_bytes());
    }
    for page in &layout.pages {
        a.write(b"page");
        for item in &page.items {
            match item {
                Item::Text(t) => {
                    a.write(t.text.as_bytes());
                    a.write(&[t.style.index() as u8]);
                    for v in [t.x.0, t.baseline.0, t.size.0, t.space_extra.0] {
                        a.write(&v.to_bits().to_le_bytes());
                    }
                }
                Item::Line(l) => {
                    for v in [l.x.0, l.y.0, l.width.0, l.thickness.0] {
                        a.write(&v.to_bits().to_le_bytes());
                    }
                }
            }
        }
    }
    for s in [&info.title, &info.author, &info.subject] {
        a.write(s.as_bytes());
    }
    for k in &info.keywords {
        a.write(k.as_bytes());
    }
    let first = a.finish();
    // A second, differently seeded pass for the other half of the 128 bits.
    let mut b = Fnv::with_seed(first ^ 0x9e37_79b9_7f4a_7c15);
    b.write(&first.to_le_bytes());
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&first.to_be_bytes());
    id[8..].copy_from_slice(&b.finish().to_be_bytes());
    id
}

/// PDF date string for a notice date: midnight, Vietnam time (UTC+7).
fn pdf_date(d: crate::date::Date) -> String {
    format!("D:{:04}{:02}{:02}000000+07'00'", d.year, d.month, d.day)
}

fn utf16_string(s: &str) -> lopdf::Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

const CREATOR: &str = "vanban";
const PRODUCER: &str = concat!("vanban ", env!("CARGO_PKG_VERSION"));

/// Replace printpdf's info dictionary (which carries epoch dates and an empty
/// identifier) with the notice's own facts, add the same facts as XMP, and for
/// PDF/A the sRGB output intent.
fn finish_metadata(lo: &mut lopdf::Document, info: &Info, digest: &[u8; 16], options: PdfOptions) {
    use lopdf::{Dictionary, Object, Stream};
    // PDF 1.7 (ISO 32000-1), the base of PDF/A-2.
    lo.version = "1.7".to_string();
    let keywords = info.keywords.join(", ");
    let mut dict = Dictionary::new();
    dict.set("Title", utf16_string(&info.title));
    dict.set("Author", utf16_string(&info.author));
    dict.set("Subject", utf16_string(&info.subject));
    dict.set("Keywords", utf16_string(&keywords));
    dict.set("Creator", utf16_string(CREATOR));
    dict.set("Producer", utf16_string(PRODUCER));
    if let Some(d) = info.date {
        let date = Object::string_literal(pdf_date(d));
        dict.set("CreationDate", date.clone());
        dict.set("ModDate", date);
    }
    let info_id = lo.add_object(dict);
    if let Ok(old) = lo.trailer.get(b"Info").and_then(|o| o.as_reference()) {
        lo.objects.remove(&old);
    }
    lo.trailer.set("Info", Object::Reference(info_id));

    let xmp = crate::xmp::packet(&crate::xmp::Facts {
        info,
        keywords,
        producer: PRODUCER,
        creator: CREATOR,
        id: digest,
        pdfa: options.pdfa,
    });
    let mut meta = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp.into_bytes(),
    );
    // Left uncompressed so that archive tools can read it without a PDF library.
    meta.allows_compression = false;
    let meta_id = lo.add_object(meta);

    let intent = options.pdfa.then(|| {
        let mut icc = Stream::new(
            Dictionary::from_iter(vec![("N", Object::Integer(3))]),
            SRGB_ICC.to_vec(),
        );
        icc.allows_compression = true;
        let icc_id = lo.add_object(icc);
        lo.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"OutputIntent".to_vec())),
            ("S", Object::Name(b"GTS_PDFA1".to_vec())),
            (
                "OutputConditionIdentifier",
                Object::string_literal("sRGB IEC61966-2.1"),
            ),
            ("Info", Object::string_literal("sRGB IEC61966-2.1")),
            (
                "RegistryName",
                Object::string_literal("http://www.color.org"),
            ),
            ("DestOutputProfile", Object::Reference(icc_id)),
        ]))
    });
    if let Ok(root) = lo.trailer.get(b"Root").and_then(|o| o.as_reference()) {
        if let Ok(catalog) = lo.get_object_mut(root).and_then(|o| o.as_dict_mut()) {
            catalog.set("Metadata", Object::Reference(meta_id));
            if let Some(oi) = intent {
                catalog.set("OutputIntents", Object::Array(vec![Object::Reference(oi)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CharSet;

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
}
