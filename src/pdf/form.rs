//! The PDF's form (ISO 32000-1, 12.7): the empty signature field over the signing
//! place, and a draft's text fields over the blanks of its number and date, for
//! `vanban issue` to fill. Each field is one widget annotation with an empty
//! appearance stream (PDF/A wants one on every widget), listed on its page and in
//! the catalog's `/AcroForm`.

use super::format::text_string;
use crate::fonts::Style;
use crate::layout::{Area, Layout};
use crate::units::Pt;
use lopdf::{Dictionary, Object, ObjectId, Stream};

/// Put `widget` (a widget annotation dictionary with its `Rect` `x1 y1 x2 y2`) on
/// page `page_id`, with an empty appearance (PDF/A wants one on every widget), and
/// list it in the document's form: appended to the page's `Annots` and to the
/// AcroForm's `Fields`, so that fields added one after another all stay.
fn add_widget(
    lo: &mut lopdf::Document,
    page_id: ObjectId,
    mut widget: Dictionary,
    [x1, y1, x2, y2]: [f64; 4],
) -> ObjectId {
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
    if let Some(catalog) = catalog(lo) {
        let mut form = match catalog.get(b"AcroForm") {
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => Dictionary::new(),
        };
        let fields = appended(form.get(b"Fields"));
        form.set("Fields", fields);
        catalog.set("AcroForm", Object::Dictionary(form));
    }
    field
}

/// The document catalog, where the form is listed.
fn catalog(lo: &mut lopdf::Document) -> Option<&mut Dictionary> {
    let root = lo
        .trailer
        .get(b"Root")
        .and_then(|o| o.as_reference())
        .ok()?;
    lo.get_object_mut(root).and_then(|o| o.as_dict_mut()).ok()
}

/// An empty, printable signature field over `area` of page `page_id`, on a page
/// `page_height` tall.
pub(super) fn add_signature_field(
    lo: &mut lopdf::Document,
    page_id: ObjectId,
    area: Area,
    page_height: Pt,
) {
    let (x1, y1) = (area.x.0, page_height.0 - area.y.0 - area.height.0);
    let (x2, y2) = (area.x.0 + area.width.0, page_height.0 - area.y.0);
    let widget = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Widget".to_vec())),
        ("FT", Object::Name(b"Sig".to_vec())),
        ("T", Object::string_literal("Signature")),
        (
            "TU",
            text_string("Chữ ký của người có thẩm quyền / Signature of the signer"),
        ),
        ("F", Object::Integer(4)),
    ]);
    add_widget(lo, page_id, widget, [x1, y1, x2, y2]);
}

/// A text field over each blank of a draft's number and date lines
/// (`crate::issue::blank`), with the line's font and size as its default
/// appearance, for `vanban issue` to fill in. `pages` are the page objects in order,
/// `resource` names the page font of a style (`None` for a style no text uses) and
/// `fonts` is the pages' `/Font` dictionary, which the form lists as its resources.
pub(super) fn add_text_fields<'a>(
    lo: &mut lopdf::Document,
    layout: &Layout,
    pages: &[ObjectId],
    resource: impl Fn(Style) -> Option<&'a str>,
    fonts: &Dictionary,
    date: Option<crate::input::date::Date>,
) {
    let places = crate::issue::blank::places(layout);
    // The year the draft prints (when it has no blank for it), so that issuance
    // cannot give a date in another year.
    let printed_year = date.filter(|_| !places.iter().any(|p| p.name == crate::issue::YEAR_FIELD));
    let height = layout.page_height;
    for place in places {
        let (Some(&page_id), Some(resource)) = (pages.get(place.page), resource(place.style))
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
    if let Some(catalog) = catalog(lo) {
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
