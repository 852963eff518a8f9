//! The PDF writer: pages of positioned runs to PDF bytes.
//!
//! Everything typographic happens before, in `layout`; this module only writes, one
//! file per PDF concern (as typst-pdf does), driven by [`write_pdf_with`]:
//!
//! - `page`: the page tree, the rules and the pictures, built by **printpdf**, the
//!   only file that uses it, and the only one that knows how printpdf lays out its
//!   output (the text layer and the info dictionary are fitted into it there, under a
//!   test that fails if that layout changes);
//! - `image`: which picture is drawn over which rectangle, and how;
//! - `content`: the text layer, one content stream per page written directly
//!   (printpdf's per-glyph text objects were a third of the time of a notice), first
//!   in the page's contents so that pictures lie over text as on paper;
//! - `font` and `subset`: each face cut down to the characters the document uses,
//!   stripped of hinting and embedded as a Type 0 font whose ToUnicode map gives back
//!   the exact input (one character per glyph: Vietnamese in NFC needs no shaping),
//!   with one-byte codes equal to CIDs so that every reader reads them alike. Faces
//!   and finished fonts are kept in a [`FontCache`] for the next notice;
//! - [`metadata`] (info dictionary, XMP, the file identifier), `pdfa` (the output
//!   intent of PDF/A-2b) and `form` (the signature field, a draft's text fields);
//! - `serialize` and [`format`]: the lopdf tree compressed and written out by
//!   vanban itself, with one way of writing each token.
//!
//! **Determinism.** Resource names, subset tags, the trailer ID and the dates are
//! derived from the content, never from a clock or a counter.

mod content;
mod font;
mod form;
mod format;
mod image;
pub mod metadata;
mod page;
mod pdfa;
mod serialize;
pub(crate) mod subset;

pub use font::FontCache;
pub(crate) use font::{subset_tag, to_unicode_cmap};

use crate::document::Info;
use crate::input::image::Signing;
use crate::layout::Layout;
use font::DocumentFonts;

/// A PDF could not be produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::messages::compose::pdf_failed(&self.0))
    }
}

impl std::error::Error for PdfError {}

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

/// Write `layout` as PDF bytes, with `info` as document metadata, no pictures and
/// the default options, taking and keeping fonts in `fonts`.
pub fn write_pdf(layout: &Layout, info: &Info, fonts: &FontCache) -> Result<Vec<u8>, PdfError> {
    write_pdf_with(
        layout,
        info,
        &Signing::default(),
        PdfOptions::default(),
        fonts,
    )
}

/// Write `layout` as PDF bytes, with the signing pictures and explicit options,
/// taking and keeping fonts in `fonts` (a [`crate::render::Renderer`] passes its own).
pub fn write_pdf_with(
    layout: &Layout,
    info: &Info,
    signing: &Signing,
    options: PdfOptions,
    fonts: &FontCache,
) -> Result<Vec<u8>, PdfError> {
    // The fonts first: a face the cache cannot read fails before any work.
    let faces = DocumentFonts::for_layout(layout, fonts)?;
    let page::Pages { doc: mut lo, ids } = page::build(layout, &info.title, signing);

    // The text layer of each page, over the fonts of the document.
    let font_dict = faces.add_to(&mut lo);
    for (page, &page_id) in layout.pages.iter().zip(&ids) {
        let bytes = content::content(&page.items, layout.page_height, |s| faces.page_font(s));
        if !bytes.is_empty() {
            // Deflated with the other streams by `compress_streams` below.
            let text_id = lo.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), bytes));
            page::add_text_layer(&mut lo, page_id, text_id, &font_dict)?;
        }
    }

    // Metadata: the info dictionary replaces printpdf's; XMP and, for PDF/A, the
    // output intent go in the catalog.
    let id = metadata::content_id(layout, info, signing);
    let meta = metadata::add(&mut lo, info, &id, options.pdfa);
    page::replace_info(&mut lo, meta.info)?;
    let intent = options.pdfa.then(|| pdfa::add_output_intent(&mut lo));
    set_in_catalog(&mut lo, meta.xmp, intent);

    // The form.
    if options.signature_field {
        let signer = layout.pages.iter().zip(&ids);
        if let Some((area, &page_id)) = signer
            .filter_map(|(p, id)| p.signature_area.map(|a| (a, id)))
            .next()
        {
            form::add_signature_field(&mut lo, page_id, area, layout.page_height);
        }
    }
    if options.draft {
        let resource = |s| faces.resource(s);
        form::add_text_fields(&mut lo, layout, &ids, resource, &font_dict, info.date);
    }

    let id = lopdf::Object::String(id.to_vec(), lopdf::StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    serialize::compress_streams(&mut lo);
    Ok(serialize::to_bytes(&lo))
}

/// List the XMP stream and the output intent, if any, in the document catalog.
fn set_in_catalog(lo: &mut lopdf::Document, xmp: lopdf::ObjectId, intent: Option<lopdf::ObjectId>) {
    use lopdf::Object;
    let Ok(root) = lo.trailer.get(b"Root").and_then(Object::as_reference) else {
        return;
    };
    if let Ok(catalog) = lo.get_object_mut(root).and_then(Object::as_dict_mut) {
        catalog.set("Metadata", Object::Reference(xmp));
        if let Some(oi) = intent {
            catalog.set("OutputIntents", Object::Array(vec![Object::Reference(oi)]));
        }
    }
}
