//! Pictures on a page: the signature and the seal, each drawn as an image XObject
//! stretched over its placed rectangle.
//!
//! This file decides how each picture is drawn, in vanban's units; where it goes was
//! decided once by the layout's resolve pass (the DOCX anchors the same rectangles), and
//! [`super::page`] hands the result to printpdf, the one file that speaks printpdf.

use crate::input::image::{Picture, Signing};
use crate::layout::{Area, SigningPlacement};
use crate::units::Pt;

/// A picture with the rectangle it fills on the page.
pub(super) struct Placed<'a> {
    /// The XObject's resource name (`ImSignature`, `ImSeal`).
    pub name: &'static str,
    /// The decoded picture.
    pub picture: &'a Picture,
    /// Where it lies, from the top-left corner of the paper.
    pub at: Area,
}

/// The pictures of a page, placed by the layout (`placed`), in drawing order: the
/// seal is stamped over the signature, as on paper.
pub(super) fn on_page(placed: SigningPlacement, signing: &Signing) -> Vec<Placed<'_>> {
    [
        ("ImSignature", &signing.signature, placed.signature),
        ("ImSeal", &signing.seal, placed.seal),
    ]
    .into_iter()
    .filter_map(|(name, pic, at)| match (pic, at) {
        (Some(picture), Some(at)) => Some(Placed { name, picture, at }),
        _ => None,
    })
    .collect()
}

/// How an image XObject is drawn: its lower-left corner from the page's lower-left
/// corner, the resolution its pixels are read at and a vertical stretch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Transform {
    /// Left edge.
    pub x: Pt,
    /// Bottom edge, from the bottom of the page.
    pub y: Pt,
    /// Pixels per inch that give the rectangle's width.
    pub dpi: f64,
    /// Height of the rectangle over the height at `dpi`.
    pub scale_y: f64,
}

/// The transform drawing `pic` over `at` on a page `page_height` tall. An image is
/// sized as pixels at a resolution: the one that gives `at.width`, then the height
/// stretched to `at.height` (equal to the aspect ratio's height).
pub(super) fn transform(pic: &Picture, at: Area, page_height: Pt) -> Transform {
    let dpi = f64::from(pic.width_px) * 72.0 / at.width.0;
    let natural_h = f64::from(pic.height_px) * 72.0 / dpi;
    Transform {
        x: at.x,
        y: page_height - at.y - at.height,
        dpi,
        scale_y: at.height.0 / natural_h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_fills_its_rectangle() {
        let pic = Picture {
            width_px: 300,
            height_px: 150,
            rgba: vec![0; 300 * 150 * 4],
            png: Vec::new(),
            width_mm: 50.0,
        };
        let at = Area {
            x: Pt(100.0),
            y: Pt(600.0),
            width: Pt(144.0),
            height: Pt(72.0),
        };
        let t = transform(&pic, at, Pt(842.0));
        // 300 px over 2 inches, and the aspect ratio's height: no stretch.
        assert_eq!(t.dpi, 150.0);
        assert_eq!(t.scale_y, 1.0);
        assert_eq!((t.x, t.y), (Pt(100.0), Pt(842.0 - 600.0 - 72.0)));
        let placed = SigningPlacement {
            signature: Some(at),
            seal: None,
        };
        assert!(on_page(SigningPlacement::default(), &Signing::default()).is_empty());
        assert!(on_page(placed, &Signing::default()).is_empty());
    }
}
