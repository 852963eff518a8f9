//! A small, lossless XML tree for putting what docx-rs writes in schema order.
//!
//! docx-rs emits several property elements in an order the OOXML schema
//! (ECMA-376 Part 1, transitional) does not allow: `w:rPr` first in `w:pPr`, `w:sz`
//! before `w:rFonts`, `w:pPr` after `w:rPr` in a style, `w:basedOn` last...
//! Word repairs such files silently, strict validators reject them. Rather than
//! patching strings, each element docx-rs builds (`docx_rs`) is parsed into this
//! tree and the children of every element whose content model is a sequence are put
//! back in schema order ([`normalize`]). The order tables cover only the elements
//! docx-rs writes for vanban; everything else vanban writes in order itself.
//!
//! Text and attribute values are kept exactly as escaped in the input and written back
//! verbatim, so a round trip changes nothing but what is asked for.

use quick_xml::events::Event;
use quick_xml::Reader;

/// A node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element and everything inside it.
    Element(Element),
    /// Character data or an entity reference, still escaped.
    Text(String),
    /// Anything else (declaration, comment, processing instruction), verbatim.
    Raw(String),
}

/// An element: its name, its attributes and its children, in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Qualified name, e.g. `w:pPr`.
    pub name: String,
    /// Attributes with their values still escaped, in input order.
    pub attrs: Vec<(String, String)>,
    /// Child nodes in document order.
    pub children: Vec<Node>,
}

impl Element {
    /// An element called `name`, without attributes or children.
    pub fn new(name: &str) -> Element {
        Element {
            name: name.to_string(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    /// The value of the attribute `key`, still escaped.
    #[cfg(test)]
    pub fn get_attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements, in order.
    #[cfg(test)]
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The child elements, in order, to change.
    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The first child element called `name`.
    pub fn child_mut(&mut self, name: &str) -> Option<&mut Element> {
        self.elements_mut().find(|e| e.name == name)
    }

    /// The first child element called `name`, created (at the end) if missing.
    pub fn child_or_insert(&mut self, name: &str) -> &mut Element {
        let pos = self
            .children
            .iter()
            .position(|n| matches!(n, Node::Element(e) if e.name == name));
        let i = match pos {
            Some(i) => i,
            None => {
                self.children.push(Node::Element(Element::new(name)));
                self.children.len() - 1
            }
        };
        match &mut self.children[i] {
            Node::Element(e) => e,
            _ => unreachable!("position found an element"),
        }
    }

    /// Remove every child element called `name`.
    pub fn remove_children(&mut self, name: &str) {
        self.children
            .retain(|n| !matches!(n, Node::Element(e) if e.name == name));
    }

    /// Apply `f` to this element and every element below it, parents first.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Element)) {
        f(self);
        for c in self.elements_mut() {
            c.walk_mut(f);
        }
    }

    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        for (k, v) in &self.attrs {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            out.push_str(v);
            out.push('"');
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for c in &self.children {
            match c {
                Node::Element(e) => e.write(out),
                Node::Text(t) | Node::Raw(t) => out.push_str(t),
            }
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }
}

/// A parsed XML part: what precedes the root (the declaration) and the root.
#[derive(Debug, Clone)]
pub struct Part {
    /// The nodes before the root: the XML declaration, comments.
    pub prolog: Vec<Node>,
    /// The root element.
    pub root: Element,
}

impl Part {
    /// Parse a whole part (or one element), keeping text and attribute values as
    /// escaped in `bytes`.
    pub fn parse(bytes: &[u8]) -> Result<Part, String> {
        let text = std::str::from_utf8(bytes).map_err(|e| format!("part is not UTF-8: {e}"))?;
        let mut reader = Reader::from_str(text);
        let mut prolog = Vec::new();
        let mut stack: Vec<Element> = Vec::new();
        let mut root = None;
        let utf8 = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        loop {
            let event = reader
                .read_event()
                .map_err(|e| format!("XML error at {}: {e}", reader.error_position()))?;
            let node = match event {
                Event::Start(e) | Event::Empty(e) if root.is_some() => {
                    return Err(format!(
                        "content after the root: {}",
                        utf8(e.name().as_ref())
                    ));
                }
                Event::Start(e) => {
                    stack.push(start(&e)?);
                    continue;
                }
                Event::Empty(e) => Node::Element(start(&e)?),
                Event::End(_) => {
                    let done = stack.pop().ok_or("unbalanced end tag")?;
                    Node::Element(done)
                }
                Event::Text(t) => Node::Text(utf8(&t)),
                Event::GeneralRef(r) => Node::Text(format!("&{};", utf8(&r))),
                Event::CData(c) => Node::Raw(format!("<![CDATA[{}]]>", utf8(&c))),
                Event::Decl(d) => Node::Raw(format!("<?{}?>", utf8(&d))),
                Event::PI(p) => Node::Raw(format!("<?{}?>", utf8(&p))),
                Event::Comment(c) => Node::Raw(format!("<!--{}-->", utf8(&c))),
                Event::DocType(d) => Node::Raw(format!("<!DOCTYPE {}>", utf8(&d))),
                Event::Eof => break,
            };
            match (stack.last_mut(), node) {
                (Some(parent), node) => parent.children.push(node),
                (None, Node::Element(e)) => root = Some(e),
                (None, Node::Text(t)) if t.trim().is_empty() => {}
                (None, node) => prolog.push(node),
            }
        }
        if !stack.is_empty() {
            return Err("unclosed element".into());
        }
        Ok(Part {
            prolog,
            root: root.ok_or("no root element")?,
        })
    }

    /// The part written back: its prolog, then its root, empty elements as `<x/>`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = String::new();
        for n in &self.prolog {
            if let Node::Raw(r) | Node::Text(r) = n {
                out.push_str(r);
            }
        }
        self.root.write(&mut out);
        out.into_bytes()
    }
}

fn start(e: &quick_xml::events::BytesStart<'_>) -> Result<Element, String> {
    let mut el = Element::new(&String::from_utf8_lossy(e.name().as_ref()));
    for a in e.attributes() {
        let a = a.map_err(|err| format!("bad attribute: {err}"))?;
        el.attrs.push((
            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
            String::from_utf8_lossy(&a.value).into_owned(),
        ));
    }
    Ok(el)
}

// Child orders from the WordprocessingML schema (wml.xsd, transitional), for the
// elements docx-rs writes (`docx_rs`: styles, headers, section properties); vanban
// writes every other part in order itself. Names not listed keep their relative
// order after the listed ones, which is how a parent that only pins its first child
// (a run's `w:rPr`, a paragraph's `w:pPr`) keeps its content in order.

const PPR: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
];

const RPR: &[&str] = &[
    "w:ins",
    "w:del",
    "w:moveFrom",
    "w:moveTo",
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
    "w:rPrChange",
];

const STYLE: &[&str] = &[
    "w:name",
    "w:aliases",
    "w:basedOn",
    "w:next",
    "w:link",
    "w:autoRedefine",
    "w:hidden",
    "w:uiPriority",
    "w:semiHidden",
    "w:unhideWhenUsed",
    "w:qFormat",
    "w:locked",
    "w:personal",
    "w:personalCompose",
    "w:personalReply",
    "w:rsid",
    "w:pPr",
    "w:rPr",
    "w:tblPr",
    "w:trPr",
    "w:tcPr",
    "w:tblStylePr",
];

const SECTPR: &[&str] = &[
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
];

/// A paragraph's properties come first, then its content in its own order.
const P: &[&str] = &["w:pPr"];
/// A run's properties come first, then its content in its own order.
const R: &[&str] = &["w:rPr"];

/// The schema order of `parent`'s children, for the parents docx-rs writes with more
/// than one child (the test of `docx_rs` checks that none is missing).
pub fn order_of(parent: &str) -> Option<&'static [&'static str]> {
    Some(match parent {
        "w:pPr" => PPR,
        "w:rPr" => RPR,
        "w:style" => STYLE,
        "w:sectPr" => SECTPR,
        "w:p" => P,
        "w:r" => R,
        _ => return None,
    })
}

/// Whether `parent`'s order only pins its first child (its properties), the rest of
/// its children being content that keeps its order.
#[cfg(test)]
pub fn pins_first_only(parent: &str) -> bool {
    matches!(parent, "w:p" | "w:r")
}

/// Put the children of every element below `root` in schema order (a stable sort:
/// children the table does not name keep their order, after the named ones).
pub fn normalize(root: &mut Element) {
    root.walk_mut(&mut |el| {
        fix_content(el);
        let Some(order) = order_of(&el.name) else {
            return;
        };
        let rank = |n: &Node| match n {
            Node::Element(e) => order
                .iter()
                .position(|o| *o == e.name)
                .unwrap_or(order.len()),
            _ => order.len(),
        };
        if el.children.windows(2).any(|w| rank(&w[0]) > rank(&w[1])) {
            el.children.sort_by_key(|n| rank(n));
        }
    });
}

/// Content docx-rs writes that the schema does not allow where it is: the paragraph
/// properties of a style (CT_PPrGeneral) have no run properties, yet docx-rs writes
/// an empty `w:rPr` in every `w:pPr`. Any run properties found there go beside, into
/// the style's own.
fn fix_content(el: &mut Element) {
    if el.name != "w:style" {
        return;
    }
    let mut moved = Vec::new();
    if let Some(ppr) = el.child_mut("w:pPr") {
        for c in ppr.elements_mut().filter(|c| c.name == "w:rPr") {
            moved.append(&mut c.children);
        }
        ppr.remove_children("w:rPr");
    }
    if !moved.is_empty() {
        el.child_or_insert("w:rPr").children.append(&mut moved);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_is_lossless() {
        let src = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:p a="x &amp; y"><w:r><w:t xml:space="preserve">a &lt; b &amp; c</w:t></w:r><w:r /></w:p>"#;
        let part = Part::parse(src.as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(part.to_bytes()).unwrap(),
            src.replace("<w:r />", "<w:r/>")
        );
    }

    #[test]
    fn paragraph_properties_go_in_schema_order() {
        let src = r#"<w:pPr><w:rPr><w:sz w:val="28"/><w:rFonts w:ascii="T"/></w:rPr><w:pStyle w:val="A"/><w:jc w:val="both"/><w:spacing/><w:keepNext/></w:pPr>"#;
        let mut part = Part::parse(src.as_bytes()).unwrap();
        normalize(&mut part.root);
        assert_eq!(
            String::from_utf8(part.to_bytes()).unwrap(),
            r#"<w:pPr><w:pStyle w:val="A"/><w:keepNext/><w:spacing/><w:jc w:val="both"/><w:rPr><w:rFonts w:ascii="T"/><w:sz w:val="28"/></w:rPr></w:pPr>"#
        );
    }

    #[test]
    fn run_content_keeps_its_order() {
        let src = r#"<w:r><w:t>a</w:t><w:br/><w:rPr/><w:t>b</w:t></w:r>"#;
        let mut part = Part::parse(src.as_bytes()).unwrap();
        normalize(&mut part.root);
        assert_eq!(
            String::from_utf8(part.to_bytes()).unwrap(),
            r#"<w:r><w:rPr/><w:t>a</w:t><w:br/><w:t>b</w:t></w:r>"#
        );
    }
}
