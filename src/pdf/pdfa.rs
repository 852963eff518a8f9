//! PDF/A-2b (ISO 19005-2): what the archive standard adds to a notice's PDF.
//!
//! The rest of PDF/A-2b holds by construction everywhere else: fonts embedded
//! ([`super::font`]), XMP identical to the info dictionary and claiming the part and
//! conformance ([`super::metadata`]), an appearance on every widget ([`super::form`]),
//! a binary mark in the header ([`super::serialize`]). What is left is the colour
//! space of the device-dependent RGB the pages use: an sRGB output intent.

use lopdf::{Dictionary, Object, ObjectId, Stream};

/// The sRGB IEC 61966-2.1 profile of the PDF/A output intent (`icc/`, zlib licence).
const SRGB_ICC: &[u8] = include_bytes!("../../icc/sRGB.icc");

/// Add the sRGB output intent (with its ICC profile stream) to `lo` and return its
/// id, for the catalog's `/OutputIntents`.
pub(super) fn add_output_intent(lo: &mut lopdf::Document) -> ObjectId {
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
}
