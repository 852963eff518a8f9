//! The document's metadata at issuance: the info dictionary and the XMP packet say
//! the issued number and the day, in the same incremental update that fills the
//! fields and adds the agency's signature.
//!
//! A draft's metadata says what the draft knows (`crate::render::info`): the symbol
//! with the number blank ("/TB-UBND") and, without a date, no dates. Left as they
//! are, an archive indexing the issued PDF would read the draft's values. Issuance
//! therefore writes both again: `/Keywords` with the number ("125/TB-UBND"),
//! `/ModDate` the signing time written in the agency signature's `/M`
//! (`/CreationDate` stays: the draft was made when it was made), and the XMP packet
//! from the same values with the packet writer of the render
//! ([`crate::pdf::metadata::packet`]), so the two agree as PDF/A-2 (6.6.2.3.1)
//! asks. The XMP keeps its `xmpMM:DocumentID` and gets a new `xmpMM:InstanceID`,
//! as XMP's media management says of a new version of one document.
//!
//! Both objects are replaced under their own numbers: pyHanko's modification
//! analysis accepts any update of the `/Info` dictionary and of the catalog's XMP
//! stream after a signature (its DocInfo and metadata rules), so the signer's
//! signature stays valid and the analysis still finds only form filling and
//! signing.

use super::decode_text;
use super::incremental::{text_string, Base, Update};
use super::time::SigningTime;
use crate::input::date::Date;
use crate::pdf::metadata::{packet, uuid, xmp_stream, Packet};
use lopdf::{Dictionary, Object, ObjectId};
use sha2::{Digest, Sha256};

/// The keywords of the issued document: the draft's symbol with `number` (as the
/// number field shows it) in front. A draft without a number has the symbol from
/// its separator on ("/TB-UBND", "-TB/QU"); one rendered with a number has it
/// first ("05/TB-UBND"), which the issued number replaces. Anything else (a PDF
/// whose keywords are not a symbol) keeps its words after the number.
pub(super) fn issued_keywords(draft: &str, number: &str) -> String {
    let rest = draft
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit());
    match rest.chars().next() {
        None => number.to_string(),
        Some(c) if c.is_alphanumeric() => format!("{number} {rest}"),
        Some(_) => format!("{number}{rest}"),
    }
}

/// A text entry of `dict`, decoded.
fn text_of(base: &Base, dict: &Dictionary, key: &[u8]) -> Option<String> {
    match dict.get(key).ok().and_then(|o| base.get(o))? {
        Object::String(s, _) => Some(decode_text(s)),
        _ => None,
    }
}

/// The indirect object `key` of `dict` names, if it is one.
fn reference(dict: &Dictionary, key: &[u8]) -> Option<ObjectId> {
    dict.get(key).and_then(Object::as_reference).ok()
}

/// Write into `update` the info dictionary and the XMP packet of `base` as issued
/// with the number `number` (as the field shows it) on `date` at `time`. A PDF without an
/// info dictionary gets one; one without an XMP packet gets none (without it the
/// PDF claims no PDF/A, and there is nothing for the info dictionary to disagree
/// with).
pub(super) fn write_issued(
    base: &Base,
    update: &mut Update,
    number: &str,
    date: Date,
    time: SigningTime,
) {
    let instance_id = uuid(&instance(base, number, date, time));
    let info_ref = reference(&base.doc.trailer, b"Info");
    let mut info = match base.doc.trailer.get(b"Info").ok().and_then(|o| base.get(o)) {
        Some(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    let old_keywords = text_of(base, &info, b"Keywords").unwrap_or_default();
    let keywords = issued_keywords(&old_keywords, number);
    info.set("Keywords", text_string(&keywords));
    info.set("ModDate", Object::string_literal(time.pdf_date()));
    let created = text_of(base, &info, b"CreationDate")
        .and_then(|d| SigningTime::from_pdf_date(&d))
        .map(SigningTime::iso);

    let catalog = base.doc.catalog().ok();
    let xmp = catalog
        .and_then(|c| reference(c, b"Metadata"))
        .and_then(|id| Some((id, base.doc.get_object(id).ok()?.as_stream().ok()?)));
    if let Some((xmp_id, old)) = xmp {
        let old_text = String::from_utf8_lossy(&old.content);
        let pdfa = old_text.contains("<pdfaid:part>2</pdfaid:part>");
        let document_id = between(&old_text, "<xmpMM:DocumentID>", "</xmpMM:DocumentID>")
            .map(str::to_string)
            .or_else(|| first_id(base).map(|id| uuid(&id)))
            .unwrap_or_else(|| instance_id.clone());
        let text = |key: &[u8]| text_of(base, &info, key).unwrap_or_default();
        let (title, author, subject) = (text(b"Title"), text(b"Author"), text(b"Subject"));
        let (producer, creator) = (text(b"Producer"), text(b"Creator"));
        let keywords = [keywords];
        let body = packet(&Packet {
            title: &title,
            author: &author,
            subject: &subject,
            keywords: &keywords,
            producer: &producer,
            creator: &creator,
            document_id,
            instance_id,
            created,
            modified: Some(time.iso()),
            pdfa,
        });
        update.replace(xmp_id, &Object::Stream(xmp_stream(body)));
    }
    match info_ref {
        Some(id) => update.replace(id, &Object::Dictionary(info)),
        None => {
            let id = update.add(&Object::Dictionary(info));
            update.set_info(id);
        }
    }
}

/// The text between `open` and `close` in `s` (a simple XMP property we wrote).
fn between<'s>(s: &'s str, open: &str, close: &str) -> Option<&'s str> {
    let start = s.find(open)? + open.len();
    let len = s[start..].find(close)?;
    Some(s[start..start + len].trim()).filter(|v| !v.is_empty())
}

/// The first file identifier of the trailer's `/ID`, when it has 16 bytes.
fn first_id(base: &Base) -> Option<[u8; 16]> {
    let ids = base.doc.trailer.get(b"ID").ok()?.as_array().ok()?;
    match ids.first()? {
        Object::String(s, _) => s.as_slice().try_into().ok(),
        _ => None,
    }
}

/// The issued version's instance ID: a digest of the document as signed, the
/// number, the day and the signing time, so that the same inputs give the same
/// bytes and another issuance a different ID.
fn instance(base: &Base, number: &str, date: Date, time: SigningTime) -> [u8; 16] {
    let mut h = Sha256::new();
    h.update(base.bytes);
    h.update(number.as_bytes());
    h.update(date.to_string().as_bytes());
    h.update(time.0.to_be_bytes());
    let d = h.finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&d[..16]);
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issued_number_goes_in_front_of_the_symbol() {
        assert_eq!(issued_keywords("/TB-UBND", "125"), "125/TB-UBND");
        assert_eq!(issued_keywords("-TB/QU", "07"), "07-TB/QU");
        assert_eq!(issued_keywords("05/TB-UBND", "125"), "125/TB-UBND");
        assert_eq!(issued_keywords("", "125"), "125");
        assert_eq!(issued_keywords("báo cáo", "125"), "125 báo cáo");
    }

    #[test]
    fn a_property_is_read_between_its_tags() {
        let x = "<a>\n <xmpMM:DocumentID>uuid:1</xmpMM:DocumentID>";
        assert_eq!(
            between(x, "<xmpMM:DocumentID>", "</xmpMM:DocumentID>"),
            Some("uuid:1")
        );
        assert_eq!(between(x, "<b>", "</b>"), None);
    }
}
