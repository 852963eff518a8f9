//! Relationship parts: the package's (`_rels/.rels`) and the main document's
//! (`word/_rels/document.xml.rels`).

/// The namespace of relationship parts.
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// The prefix of the relationship types of WordprocessingML documents.
pub const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// One relationship: from the part that owns the relationships part to `target`.
#[derive(Debug, Clone, PartialEq)]
pub struct Relationship {
    /// Unique in its relationships part; the owner refers to the target by it.
    pub id: String,
    /// The relationship type, a URI.
    pub kind: String,
    /// The target, relative to the owner's folder.
    pub target: String,
}

impl Relationship {
    /// A relationship of the type `{REL}/{kind}` (`styles`, `header`, `image`...).
    pub fn office(id: &str, kind: &str, target: &str) -> Relationship {
        Relationship {
            id: id.into(),
            kind: format!("{REL}/{kind}"),
            target: target.into(),
        }
    }
}

/// A relationships part holding `rels`, in order.
pub fn relationships(rels: &[Relationship]) -> Vec<u8> {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS_NS}">"#
    );
    for r in rels {
        s.push_str(&format!(
            r#"<Relationship Id="{}" Type="{}" Target="{}"/>"#,
            r.id, r.kind, r.target
        ));
    }
    s.push_str("</Relationships>");
    s.into_bytes()
}
