//! From the parts to the bytes of the file.
//!
//! A package is a dozen parts, most of them the same for every notice of a profile:
//! - **Once per profile.** The styles, the headers and the section properties depend
//!   on the profile alone (docx-rs builds them, `docx_rs`); with the static parts
//!   (settings, font table, theme, app properties, relationships, content types)
//!   they are written, compressed and kept in a [`PartsCache`] that the
//!   [`crate::render::Renderer`] owns, keyed by the whole profile.
//! - **Per notice.** `document.xml` (its root and body written by vanban, its section
//!   properties from the cache), the pictures it refers to and the core properties;
//!   with pictures, the content types and the document's relationships also name
//!   them.
//! - **Determinism.** The zip is written here, not by docx-rs: a fixed entry order, a
//!   fixed DOS time stamp, fixed compression, no directory entries; the only dates
//!   inside are the notice's date of issue.

use super::archive::{self, Entry};
use super::body::Media;
use super::content_types::content_types;
use super::rels::{relationships, Relationship};
use super::{doc_props, docx_rs, styles, theme};
use crate::document::Info;
use crate::fonts::DOCX_FAMILY;
use crate::profile::Profile;
use std::sync::{Arc, RwLock};

/// `document.xml` up to and including `<w:body>`: the namespaces the body and the
/// section properties use (`w`, `r`, `w14` for paragraph ids, `wp` for pictures...).
const DOCUMENT_START: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:document xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 wp14">"#,
    "<w:body>",
);

/// Settings that depend on no profile: zoom, tab stops, and the compatibility options
/// of Word 2013+ (`compatibilityMode` 15) without the East Asian option
/// `balanceSingleByteDoubleByteWidth`, which changes the width of spaces in
/// LibreOffice.
const SETTINGS: &[u8] = include_bytes!("parts/settings.xml");

/// The font table: the document's font, with the two a Word document names by
/// default.
const FONT_TABLE: &[u8] = include_bytes!("parts/fontTable.xml");

/// Deflate level of the one part compressed for every notice, `document.xml`.
/// Measured with zlib-rs on the 2-page fixture's 14 KB of XML: level 6 gives 3.4 KB
/// for about 1.0 M instructions, level 2 3.7 KB for 0.6 M, level 1 4.6 KB for 0.3 M.
/// Level 1 made a 1,000-notice batch (PDF+DOCX) 11% faster for 0.9 KB more a file.
const DOCUMENT_LEVEL: u32 = 1;

/// What every notice of one profile shares, ready to be zipped.
pub struct ProfileParts {
    /// `w14:paraId` of the body's first paragraph (the headers take those before).
    pub first_paragraph_id: u32,
    /// `document.xml` up to and including `<w:body>`.
    pub document_start: String,
    /// `document.xml` from the section properties to the end.
    pub document_end: String,
    /// The parts after `document.xml`: styles, settings, fonts, theme, headers.
    word: Vec<Entry>,
    package_rels: Entry,
    app: Entry,
    /// `document.xml.rels` and `[Content_Types].xml` of a notice without pictures.
    document_rels: Entry,
    content_types: Entry,
    /// The relationships of `document.xml` before any picture's.
    rels: Vec<Relationship>,
}

/// The parts of every profile a renderer has written a DOCX for, each built on first
/// use and kept.
///
/// An entry is found by the whole profile, compared field by field, so a profile
/// loaded from a file, or changed by a test, under a built-in id never gets the
/// built-in one's parts, whatever field it changed. Lookups share a read lock; two
/// threads missing at once may both build the same parts (the same bytes), and
/// neither waits for the other.
#[derive(Default)]
pub struct PartsCache {
    entries: RwLock<Vec<(Profile, Arc<ProfileParts>)>>,
}

impl PartsCache {
    /// Profiles kept; more than this (only a long-running process loading profiles
    /// over and over could have them) evicts the oldest.
    const KEEP: usize = 16;

    /// An empty cache.
    pub fn new() -> PartsCache {
        PartsCache::default()
    }

    /// The parts of `profile`, built on first use.
    pub(crate) fn get(&self, profile: &Profile) -> Result<Arc<ProfileParts>, String> {
        let find = |entries: &[(Profile, Arc<ProfileParts>)]| {
            entries
                .iter()
                .find(|(p, _)| p == profile)
                .map(|(_, parts)| parts.clone())
        };
        if let Some(parts) = find(&self.entries.read().unwrap_or_else(|e| e.into_inner())) {
            return Ok(parts);
        }
        let parts = Arc::new(build(profile)?);
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if let Some(theirs) = find(&entries) {
            return Ok(theirs);
        }
        if entries.len() >= Self::KEEP {
            entries.remove(0);
        }
        entries.push((profile.clone(), parts.clone()));
        Ok(parts)
    }

    /// How many profiles' parts are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.read().map_or(0, |e| e.len())
    }
}

/// Build and compress the parts of `profile`.
fn build(profile: &Profile) -> Result<ProfileParts, String> {
    let built = docx_rs::build(profile, DOCX_FAMILY)?;
    let mut word: Vec<(String, Vec<u8>)> = vec![
        (
            "word/styles.xml".into(),
            styles::styles_xml(profile, DOCX_FAMILY, &built.styles),
        ),
        ("word/settings.xml".into(), SETTINGS.to_vec()),
        ("word/fontTable.xml".into(), FONT_TABLE.to_vec()),
        (
            "word/theme/theme1.xml".into(),
            theme::theme_xml(DOCX_FAMILY),
        ),
    ];
    let mut rels = vec![
        Relationship::office("rId1", "styles", "styles.xml"),
        Relationship::office("rId2", "settings", "settings.xml"),
        Relationship::office("rId3", "fontTable", "fontTable.xml"),
        Relationship::office("rId4", "theme", "theme/theme1.xml"),
    ];
    for h in built.headers {
        word.push((format!("word/{}", h.name), h.xml));
        rels.push(Relationship::office(h.rel_id, "header", h.name));
    }
    let package_rels = [
        Relationship::office("rId1", "officeDocument", "word/document.xml"),
        Relationship {
            id: "rId2".into(),
            kind: "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .into(),
            target: "docProps/core.xml".into(),
        },
        Relationship::office("rId3", "extended-properties", "docProps/app.xml"),
    ];

    let level = archive::LEVEL_ONCE;
    let names: Vec<String> = word.iter().map(|(n, _)| n.clone()).collect();
    let types = content_types(part_names(&names), false);
    Ok(ProfileParts {
        first_paragraph_id: built.first_paragraph_id,
        document_start: DOCUMENT_START.to_string(),
        document_end: format!("{}</w:body></w:document>", built.section),
        word: word
            .iter()
            .map(|(name, bytes)| Entry::deflated(name.as_str(), bytes, level))
            .collect::<Result<_, _>>()?,
        package_rels: Entry::deflated("_rels/.rels", &relationships(&package_rels), level)?,
        app: Entry::deflated("docProps/app.xml", &doc_props::app_xml(), level)?,
        document_rels: Entry::deflated(
            "word/_rels/document.xml.rels",
            &relationships(&rels),
            level,
        )?,
        content_types: Entry::deflated("[Content_Types].xml", &types, level)?,
        rels,
    })
}

/// The parts of a package in order, after the content types and the package
/// relationships.
fn part_names(word: &[String]) -> impl Iterator<Item = &str> {
    [
        "docProps/core.xml",
        "docProps/app.xml",
        "word/_rels/document.xml.rels",
        "word/document.xml",
    ]
    .into_iter()
    .chain(word.iter().map(String::as_str))
}

/// Zip one notice: its `document.xml`, the pictures it refers to and its core
/// properties, with the profile's parts; content types and relationships match what
/// is shipped (no empty comments, numbering or footnotes).
pub fn package(
    parts: &ProfileParts,
    document: &str,
    media: &[Media],
    info: &Info,
) -> Result<Vec<u8>, String> {
    let document = Entry::deflated("word/document.xml", document.as_bytes(), DOCUMENT_LEVEL)?;
    // The core properties differ for every notice and take about a kilobyte:
    // stored, they cost nothing to write.
    let core = Entry::stored("docProps/core.xml", doc_props::core_xml(info))?;
    // Pictures are PNG, compressed already: stored.
    let pictures: Vec<Entry> = media
        .iter()
        .map(|m| Entry::stored(format!("word/{}", m.target), m.png.to_vec()))
        .collect::<Result<_, _>>()?;
    let (own_types, own_rels);
    let (types, rels) = if media.is_empty() {
        (&parts.content_types, &parts.document_rels)
    } else {
        let word: Vec<String> = parts.word.iter().map(|e| e.name.clone()).collect();
        let names = part_names(&word).chain(pictures.iter().map(|e| e.name.as_str()));
        own_types = Entry::stored("[Content_Types].xml", content_types(names, true))?;
        let mut all = parts.rels.clone();
        all.extend(
            media
                .iter()
                .map(|m| Relationship::office(m.rel_id, "image", m.target)),
        );
        own_rels = Entry::stored("word/_rels/document.xml.rels", relationships(&all))?;
        (&own_types, &own_rels)
    };
    let mut entries: Vec<&Entry> = vec![
        types,
        &parts.package_rels,
        &core,
        &parts.app,
        rels,
        &document,
    ];
    entries.extend(&parts.word);
    entries.extend(&pictures);
    archive::write(&entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn _send_sync<T: Send + Sync>() {}
    /// A renderer shares its cache between batch threads and service requests.
    const _: fn() = _send_sync::<PartsCache>;

    /// The first parts of a profile stay cached; an equal profile (a clone) finds
    /// them again.
    #[test]
    fn an_equal_profile_finds_its_parts() {
        let cache = PartsCache::new();
        let profile = Profile::builtin("nd30").unwrap();
        let a = cache.get(&profile).unwrap();
        let b = cache.get(&profile.clone()).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(cache.len(), 1);
    }

    /// Every field counts, even those no part depends on today (rows, signature,
    /// signing prefixes, numbering): a profile changed in any of them under the same
    /// id gets parts of its own, so a part made to depend on one of them later can
    /// never be served stale.
    #[test]
    fn a_profile_changed_in_any_field_gets_its_own_parts() {
        let cache = PartsCache::new();
        let builtin = Profile::builtin("hd36").unwrap();
        let first = cache.get(&builtin).unwrap();
        let mut changes: Vec<Profile> = Vec::new();
        let mut p = builtin.clone();
        p.rows.values_mut().next().unwrap().space_before += crate::units::Pt(1.0);
        changes.push(p);
        let mut p = builtin.clone();
        p.signature.anchor_style = "body".into();
        changes.push(p);
        let mut p = builtin.clone();
        p.signer_prefixes.values_mut().next().unwrap().push('X');
        changes.push(p);
        let mut p = builtin.clone();
        p.numbering.pad_digits += 1;
        changes.push(p);
        let mut p = builtin.clone();
        p.name.push('X');
        changes.push(p);
        for (i, changed) in changes.iter().enumerate() {
            let parts = cache.get(changed).unwrap();
            assert!(!Arc::ptr_eq(&first, &parts), "change {i} hit the built-in");
            assert_eq!(cache.len(), i + 2);
        }
        assert!(Arc::ptr_eq(&first, &cache.get(&builtin).unwrap()));
    }

    /// The static parts say what their docs say: the font table names the family the
    /// styles and the theme use (a family taken from elsewhere would need a new
    /// table), the settings are Word 2013+ ones without the East Asian option that
    /// widens spaces in LibreOffice, their children in schema order.
    #[test]
    fn static_parts_agree_with_the_package() {
        use crate::docx::xml::Part;
        let fonts = Part::parse(FONT_TABLE).unwrap().root;
        assert_eq!(fonts.name, "w:fonts");
        let first = fonts.elements().next().unwrap();
        assert_eq!(first.get_attr("w:name"), Some(DOCX_FAMILY));

        let settings = Part::parse(SETTINGS).unwrap();
        assert_eq!(settings.root.name, "w:settings");
        let children: Vec<&str> = settings.root.elements().map(|e| e.name.as_str()).collect();
        assert_eq!(children, ["w:zoom", "w:defaultTabStop", "w:compat"]);
        let text = std::str::from_utf8(SETTINGS).unwrap();
        assert!(!text.contains("balanceSingleByteDoubleByteWidth"), "{text}");
        assert!(
            text.contains(r#"w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15""#),
            "{text}"
        );
    }

    /// Every part the package ships is in the content types and, but for the
    /// document properties and the document itself, related from the document.
    #[test]
    fn every_part_is_typed_and_related() {
        let parts = build(&Profile::builtin("hd36").unwrap()).unwrap();
        let targets: Vec<String> = parts
            .rels
            .iter()
            .map(|r| format!("word/{}", r.target))
            .collect();
        let word: Vec<&str> = parts.word.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(targets, word);
        let names: Vec<String> = parts.word.iter().map(|e| e.name.clone()).collect();
        let types = String::from_utf8(content_types(part_names(&names), false)).unwrap();
        for name in part_names(&names) {
            if name != "word/_rels/document.xml.rels" {
                assert!(
                    types.contains(&format!(r#"PartName="/{name}""#)),
                    "{name}: {types}"
                );
            }
        }
    }

    /// A long-running process that loads profile after profile keeps a bounded cache.
    #[test]
    fn the_cache_is_bounded() {
        let cache = PartsCache::new();
        let mut p = Profile::builtin("nd30").unwrap();
        for i in 0..PartsCache::KEEP + 3 {
            p.name = format!("profile {i}");
            cache.get(&p).unwrap();
        }
        assert_eq!(cache.len(), PartsCache::KEEP);
    }
}
