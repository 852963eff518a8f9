//! The PDF writer: pages of positioned runs to PDF bytes, through printpdf.
//!
//! printpdf (without its HTML and text-layout features) draws what it is told, so
//! everything typographic happens before, in `layout`. Three things happen here:
//!
//! - **Subsetting.** Each face is cut down to the glyphs the document uses (Typst's
//!   `subsetter`, in `embed`, which keeps finished programs for the next notice) and
//!   handed to printpdf as the font to embed. printpdf's own subsetting needs its
//!   heavy text-layout feature; this keeps the file small (the four full faces weigh
//!   1.5 MB) without it.
//! - **Text that copies back.** Every glyph carries the character it stands for, so
//!   the ToUnicode map gives the exact input back (one character per glyph: Vietnamese
//!   in NFC needs no shaping). Justification adds a TJ offset after each space
//!   instead of dropping spaces, so extracted text keeps its word boundaries.
//! - **Determinism.** Font resource names, the subset tag, the trailer ID and the
//!   dates are derived from the content, never from a clock or a counter.

use crate::digest::Fnv;
use crate::document::Info;
use crate::embed::Program;
use crate::fonts::{fonts, Style};
use crate::image::{Picture, Signing};
use crate::layout::{place_signing, Area, Item, Layout};
use printpdf::{
    Codepoint, FontId, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions,
    Rect, TextItem, TextMatrix,
};
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

/// Options of the PDF writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfOptions {
    /// Write PDF/A-2b: XMP identification and an sRGB output intent.
    pub pdfa: bool,
    /// Reserve the signing place: an empty signature field over the signature area,
    /// so a token or remote-signing tool signs where the signature belongs.
    pub signature_field: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            pdfa: false,
            signature_field: true,
        }
    }
}

/// The sRGB IEC 61966-2.1 profile of the PDF/A output intent (`icc/`, zlib licence).
const SRGB_ICC: &[u8] = include_bytes!("../icc/sRGB.icc");

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
    let set = fonts();

    // 1. Which glyphs each face needs (ids in the full face, in face order).
    let mut used: BTreeMap<Style, Vec<u16>> = BTreeMap::new();
    for page in &layout.pages {
        for item in &page.items {
            if let Item::Text(run) = item {
                let face = set.face(run.style);
                let gids = used.entry(run.style).or_insert_with(|| vec![0]);
                gids.extend(run.text.chars().map(|c| face.glyph(c).map_or(0, |g| g.id)));
            }
        }
    }

    // 2. Each face's program for those glyphs (cached per process, see `embed`),
    // registered under a stable resource name.
    let mut doc = PdfDocument::new(&info.title);
    let mut faces: BTreeMap<Style, (FontId, Arc<Program>)> = BTreeMap::new();
    for (style, gids) in &mut used {
        gids.sort_unstable();
        gids.dedup();
        let program = crate::embed::program(*style, gids).map_err(PdfError)?;
        let id = FontId(format!("F{}", style.index() + 1));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(program.parsed.clone()));
        faces.insert(*style, (id, program));
    }

    // 3. Pages.
    let height = layout.page_height;
    let pages: Vec<PdfPage> = layout
        .pages
        .iter()
        .map(|page| {
            let mut ops = Vec::new();
            let mut in_text = false;
            for item in &page.items {
                match item {
                    Item::Text(run) => {
                        if !in_text {
                            ops.push(Op::StartTextSection);
                            in_text = true;
                        }
                        let (id, program) = &faces[&run.style];
                        let face = set.face(run.style);
                        let extra = -(run.space_extra.0 / run.size.0 * 1000.0) as f32;
                        let glyphs = run
                            .text
                            .chars()
                            .map(|c| Codepoint {
                                gid: program.gid(face.glyph(c).map_or(0, |g| g.id)),
                                offset: if c == ' ' && extra != 0.0 { extra } else { 0.0 },
                                cid: Some(c.to_string()),
                            })
                            .collect();
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(id.clone()),
                            size: pt(run.size),
                        });
                        ops.push(Op::SetTextMatrix {
                            matrix: TextMatrix::Translate(pt(run.x), pt(height - run.baseline)),
                        });
                        ops.push(Op::ShowText {
                            items: vec![TextItem::GlyphIds(glyphs)],
                        });
                    }
                    Item::Line(line) => {
                        if in_text {
                            ops.push(Op::EndTextSection);
                            in_text = false;
                        }
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
            }
            if in_text {
                ops.push(Op::EndTextSection);
            }
            if let Some(area) = page.signature_area {
                let placed = place_signing(area, signing);
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

    // 4. Serialise through lopdf so the trailer and the info dictionary are ours.
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = printpdf::serialize::to_lopdf_doc(&doc, &opts, &mut warnings);
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
    let id = lopdf::Object::String(digest.to_vec(), lopdf::StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    let programs: Vec<&Program> = faces.values().map(|(_, p)| &**p).collect();
    compress_streams(&mut lo, &programs);
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| PdfError(format!("cannot serialise: {e}")))?;
    Ok(out)
}

/// Deflate every stream that is not yet filtered; a font program takes the deflated
/// bytes computed with it (`embed`).
///
/// lopdf's own `compress` uses the slowest level (9), which made compression most of
/// the cost of a notice. Measured on the 2-page fixture (1,000 notices, one core):
/// level 9 gives 47 KB in 3.4 s with hinted fonts; with hinting stripped, level 6
/// gives 27.2 KB in 2.6 s, level 3 28.2 KB in 2.3 s, level 1 34.5 KB in 1.9 s.
fn compress_streams(lo: &mut lopdf::Document, programs: &[&Program]) {
    for obj in lo.objects.values_mut() {
        let lopdf::Object::Stream(stream) = obj else {
            continue;
        };
        if stream.dict.has(b"Filter") || !stream.allows_compression {
            continue;
        }
        let compressed = match programs
            .iter()
            .find(|p| p.parsed.original_bytes == stream.content)
        {
            Some(p) => p.deflated.clone(),
            None => match crate::deflate::compress(
                &stream.content,
                COMPRESSION_LEVEL,
                crate::deflate::Framing::Zlib,
            ) {
                Ok(c) => c,
                Err(_) => continue,
            },
        };
        if compressed.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// Deflate level for content and font streams (see `compress_streams`).
const COMPRESSION_LEVEL: u32 = 3;

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

/// An empty, printable signature field over the signature area of page `index`,
/// with an empty appearance (PDF/A wants one on every widget).
fn add_signature_field(
    lo: &mut lopdf::Document,
    index: usize,
    area: Area,
    page_height: crate::units::Pt,
) {
    use lopdf::{Dictionary, Object, Stream};
    let Some(page_id) = lo.get_pages().get(&(index as u32 + 1)).copied() else {
        return;
    };
    let (x1, y1) = (area.x.0, page_height.0 - area.y.0 - area.height.0);
    let (x2, y2) = (area.x.0 + area.width.0, page_height.0 - area.y.0);
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
    let field = lo.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Widget".to_vec())),
        ("FT", Object::Name(b"Sig".to_vec())),
        ("T", Object::string_literal("Signature")),
        (
            "TU",
            utf16_string("Chữ ký của người có thẩm quyền / Signature of the signer"),
        ),
        ("F", Object::Integer(4)),
        (
            "Rect",
            Object::Array(vec![real(x1), real(y1), real(x2), real(y2)]),
        ),
        ("P", Object::Reference(page_id)),
        (
            "AP",
            Object::Dictionary(Dictionary::from_iter(vec![(
                "N",
                Object::Reference(appearance),
            )])),
        ),
    ]));
    if let Ok(page) = lo.get_object_mut(page_id).and_then(|o| o.as_dict_mut()) {
        page.set("Annots", Object::Array(vec![Object::Reference(field)]));
    }
    if let Ok(root) = lo.trailer.get(b"Root").and_then(|o| o.as_reference()) {
        if let Ok(catalog) = lo.get_object_mut(root).and_then(|o| o.as_dict_mut()) {
            catalog.set(
                "AcroForm",
                Object::Dictionary(Dictionary::from_iter(vec![(
                    "Fields",
                    Object::Array(vec![Object::Reference(field)]),
                )])),
            );
        }
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
