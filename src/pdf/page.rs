//! The pages, built by printpdf: the one file of vanban that uses printpdf, and the
//! one that knows how printpdf lays out what it writes.
//!
//! printpdf (without its HTML and text-layout features) makes the catalog, the page
//! tree, the page sizes, the rules as filled rectangles and the pictures as image
//! XObjects, through its public API ([`build`]). Its output is then a lopdf tree that
//! the other files of `pdf` add to. Two things vanban does to that tree depend on how
//! printpdf writes it, and both are done here, where a printpdf upgrade that changes it
//! fails loudly (an error, and the unit test below) instead of losing the text:
//!
//! - the text layer ([`add_text_layer`]): printpdf gives each page a resource
//!   dictionary (an indirect object) whose `/Font` refers to one dictionary shared by
//!   all pages, empty since no page has text operators, and `/Contents` refers to one
//!   stream. The fonts fill that shared dictionary, and the text stream goes first in
//!   the contents, so that pictures lie over text as on paper;
//! - the info dictionary ([`replace_info`]): printpdf writes one with epoch dates and
//!   an empty identifier, referred to from the trailer; it is replaced.

use super::image;
use super::PdfError;
use crate::input::image::Signing;
use crate::layout::{Item, Layout};
use lopdf::{Dictionary, Object, ObjectId};
use printpdf::{Op, PaintMode, PdfDocument, PdfPage, PdfSaveOptions, Rect};

fn pt(v: crate::units::Pt) -> printpdf::Pt {
    printpdf::Pt(v.0 as f32)
}

/// The document printpdf built, as a lopdf tree.
pub(super) struct Pages {
    /// The whole tree, for the other files to add to.
    pub doc: lopdf::Document,
    /// Each page's object, in page order.
    pub ids: Vec<ObjectId>,
}

/// The pages of `layout` with their rules and the `signing` pictures, titled `title`.
pub(super) fn build(layout: &Layout, title: &str, signing: &Signing) -> Pages {
    let height = layout.page_height;
    let mut doc = PdfDocument::new(title);
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
            for placed in image::on_page(page.signing, signing) {
                ops.push(draw_image(&mut doc, &placed, height));
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
    let doc = printpdf::serialize::to_lopdf_doc(&doc, &opts, &mut warnings);
    let ids = doc.get_pages().into_values().collect();
    Pages { doc, ids }
}

/// Register `placed`'s picture as an image XObject of `doc` and return the operation
/// drawing it over its rectangle (see [`image::transform`]).
fn draw_image(
    doc: &mut PdfDocument,
    placed: &image::Placed<'_>,
    page_height: crate::units::Pt,
) -> Op {
    let pic = placed.picture;
    let id = printpdf::XObjectId(placed.name.to_string());
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
    let t = image::transform(pic, placed.at, page_height);
    Op::UseXobject {
        id,
        transform: printpdf::XObjectTransform {
            translate_x: Some(pt(t.x)),
            translate_y: Some(pt(t.y)),
            scale_y: Some(t.scale_y as f32),
            dpi: Some(t.dpi as f32),
            ..Default::default()
        },
    }
}

/// printpdf's output is not laid out as this file expects.
fn changed(what: &str) -> PdfError {
    PdfError(crate::messages::compose::pdf_page_tree_changed(what))
}

/// Put the text stream `text` first in the contents of page `page_id` and `fonts` in
/// its resources: printpdf's shared `/Font` dictionary is filled in place (so every
/// page gets the same fonts, as each page's text layer is added). The contents become
/// `[text, printpdf's graphics]`, or the text alone when the graphics stream is empty
/// (a page without rules or pictures), which is then dropped.
pub(super) fn add_text_layer(
    lo: &mut lopdf::Document,
    page_id: ObjectId,
    text: ObjectId,
    fonts: &Dictionary,
) -> Result<(), PdfError> {
    let page = lo
        .get_object(page_id)
        .and_then(Object::as_dict)
        .map_err(|_| changed("a page is not a dictionary"))?;
    let graphics = page
        .get(b"Contents")
        .and_then(Object::as_reference)
        .map_err(|_| changed("a page's contents are not one stream"))?;
    let resources = page
        .get(b"Resources")
        .and_then(Object::as_reference)
        .map_err(|_| changed("a page's resources are not an indirect dictionary"))?;
    let shared_fonts = lo
        .get_object(resources)
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"Font"))
        .and_then(Object::as_reference)
        .map_err(|_| changed("a page's fonts are not one shared dictionary"))?;
    let empty = match lo.get_object(graphics) {
        Ok(Object::Stream(s)) => s.content.is_empty(),
        _ => return Err(changed("a page's contents are not a stream")),
    };
    let mut contents = vec![Object::Reference(text)];
    if empty {
        lo.objects.remove(&graphics);
    } else {
        contents.push(Object::Reference(graphics));
    }
    lo.objects
        .insert(shared_fonts, Object::Dictionary(fonts.clone()));
    if let Ok(p) = lo.get_object_mut(page_id).and_then(Object::as_dict_mut) {
        p.set("Contents", Object::Array(contents));
    }
    Ok(())
}

/// Replace printpdf's info dictionary (epoch dates, an empty identifier) with
/// `info`, an object already in `lo`.
pub(super) fn replace_info(lo: &mut lopdf::Document, info: ObjectId) -> Result<(), PdfError> {
    let old = lo
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|_| changed("the trailer has no info dictionary"))?;
    lo.objects.remove(&old);
    lo.trailer.set("Info", Object::Reference(info));
    Ok(())
}

#[cfg(test)]
mod tests {
    //! What vanban relies on in printpdf's output. If one of these fails after a
    //! printpdf upgrade, `add_text_layer` or `replace_info` must follow the new layout.
    use super::*;
    use crate::input::image::Picture;
    use crate::layout::{Area, LineSeg, Page, SigningPlacement};
    use crate::units::Pt;
    use std::sync::Arc;

    fn two_pages() -> (Layout, Signing) {
        let rule = Item::Line(LineSeg {
            x: Pt(100.0),
            y: Pt(200.0),
            width: Pt(50.0),
            thickness: Pt(0.5),
        });
        let area = Area {
            x: Pt(300.0),
            y: Pt(600.0),
            width: Pt(100.0),
            height: Pt(80.0),
        };
        let layout = Layout {
            page_width: Pt(595.276),
            page_height: Pt(841.89),
            // A page with a rule; a page with nothing but the signature picture.
            pages: vec![
                Page {
                    items: vec![rule],
                    signature_area: None,
                    signing: SigningPlacement::default(),
                },
                Page {
                    items: Vec::new(),
                    signature_area: Some(area),
                    signing: SigningPlacement {
                        signature: Some(area),
                        seal: None,
                    },
                },
            ],
            splits: Vec::new(),
        };
        let picture = Arc::new(Picture {
            width_px: 2,
            height_px: 2,
            rgba: vec![0, 0, 255, 255, 0, 0, 255, 0, 0, 0, 255, 128, 0, 0, 255, 255],
            png: Vec::new(),
            width_mm: 30.0,
        });
        let signing = Signing {
            signature: Some(picture),
            seal: None,
        };
        (layout, signing)
    }

    #[test]
    fn printpdf_gives_each_page_one_contents_stream_and_a_shared_font_dictionary() {
        let (layout, signing) = two_pages();
        let Pages { doc, ids } = build(&layout, "T", &signing);
        assert_eq!(ids.len(), 2, "one page object a page");
        let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
        let tree = doc.get_dictionary(root).unwrap().get(b"Pages").unwrap();
        let tree = doc.get_dictionary(tree.as_reference().unwrap()).unwrap();
        let kids: Vec<ObjectId> = tree
            .get(b"Kids")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_reference().unwrap())
            .collect();
        assert_eq!(kids, ids, "in page order");
        let mut font_dicts = Vec::new();
        for &id in &ids {
            let page = doc.get_dictionary(id).expect("a page is a dictionary");
            let contents = page.get(b"Contents").unwrap().as_reference();
            let contents = contents.expect("/Contents refers to one stream");
            assert!(doc.get_object(contents).unwrap().as_stream().is_ok());
            let res = page.get(b"Resources").unwrap().as_reference();
            let res = res.expect("/Resources is an indirect dictionary");
            let res = doc.get_dictionary(res).unwrap();
            let fonts = res.get(b"Font").unwrap().as_reference();
            font_dicts.push(fonts.expect("/Font refers to a dictionary"));
            assert!(
                page.get(b"Annots").unwrap().as_array().is_ok(),
                "an /Annots array the form appends to"
            );
        }
        assert_eq!(
            font_dicts[0], font_dicts[1],
            "one /Font shared by the pages"
        );
        let shared = doc.get_dictionary(font_dicts[0]).unwrap();
        assert!(shared.is_empty(), "no fonts of printpdf's own");
        let info = doc.trailer.get(b"Info").unwrap().as_reference();
        assert!(doc.get_dictionary(info.expect("/Info is indirect")).is_ok());
        // The picture is an image XObject of the second page, drawn by its contents.
        let page2 = doc.get_dictionary(ids[1]).unwrap();
        let res = doc
            .get_dictionary(page2.get(b"Resources").unwrap().as_reference().unwrap())
            .unwrap();
        let xobjects = res.get(b"XObject").unwrap().as_reference().unwrap();
        let xobjects = doc.get_dictionary(xobjects).unwrap();
        assert!(xobjects.has(b"ImSignature"), "{xobjects:?}");
    }

    #[test]
    fn the_text_layer_goes_under_the_graphics_and_fonts_fill_the_shared_dictionary() {
        let (layout, signing) = two_pages();
        let Pages { mut doc, ids } = build(&layout, "T", &signing);
        let fonts = Dictionary::from_iter([("F1", Object::Integer(7))]);
        for &id in &ids {
            let text = doc.add_object(lopdf::Stream::new(Dictionary::new(), b"BT ET".to_vec()));
            add_text_layer(&mut doc, id, text, &fonts).expect("printpdf's layout holds");
            let page = doc.get_dictionary(id).unwrap();
            let contents = page.get(b"Contents").unwrap().as_array().unwrap();
            assert_eq!(contents.len(), 2, "text, then the rule or the picture");
            assert_eq!(contents[0].as_reference().unwrap(), text);
            let res = doc
                .get_dictionary(page.get(b"Resources").unwrap().as_reference().unwrap())
                .unwrap();
            let shared = res.get(b"Font").unwrap().as_reference().unwrap();
            assert_eq!(doc.get_dictionary(shared).unwrap(), &fonts);
        }
        let info = doc.add_object(Dictionary::new());
        let old = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        replace_info(&mut doc, info).unwrap();
        assert!(doc.get_object(old).is_err(), "printpdf's info is gone");
        assert_eq!(
            doc.trailer.get(b"Info").unwrap().as_reference().unwrap(),
            info
        );
    }

    #[test]
    fn another_page_layout_is_an_error_not_a_page_without_text() {
        let mut doc = lopdf::Document::with_version("1.7");
        let page = doc.add_object(Dictionary::from_iter([(
            "Type",
            Object::Name(b"Page".to_vec()),
        )]));
        let text = doc.add_object(lopdf::Stream::new(Dictionary::new(), Vec::new()));
        let err = add_text_layer(&mut doc, page, text, &Dictionary::new()).unwrap_err();
        assert!(err.0.contains("printpdf"), "{err}");
        assert!(replace_info(&mut doc, text).is_err());
    }
}
