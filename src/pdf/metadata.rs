//! The document's facts, twice: the info dictionary and the XMP packet (ISO 32000-1,
//! 14.3), with the file identifier they share.
//!
//! Every XMP value mirrors an entry of the info dictionary (title, author, subject,
//! keywords, producer, dates), because PDF/A requires the two to agree; both are made
//! here from one `Facts`. The identifier is a digest of what the pages show, so the
//! same content has the same ID on any machine (14.4 asks only for a stable one).

use super::format::text_string;
use crate::document::Info;
use crate::input::date::Date;
use crate::input::image::Signing;
use crate::layout::{Item, Layout};
use crate::util::digest::Wide;
use crate::util::xmlesc::escape;
use lopdf::{Dictionary, Object, ObjectId, Stream};

/// The moment a notice date stands for in metadata: midnight, Vietnam time (UTC+7).
/// The one definition of it for the PDF's info dictionary ([`Midnight::pdf`]), its
/// XMP and the DOCX core properties ([`Midnight::iso`]), so the three always agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Midnight(pub Date);

impl Midnight {
    /// Hours east of UTC: Indochina Time, the zone of every notice.
    const OFFSET_HOURS: u8 = 7;

    /// ISO 8601 / W3CDTF, as XMP and DOCX `dcterms` want it: `2018-01-22T00:00:00+07:00`.
    pub fn iso(self) -> String {
        format!("{}T00:00:00+{:02}:00", self.0, Self::OFFSET_HOURS)
    }

    /// A PDF date (ISO 32000-1, 7.9.4): `D:20180122000000+07'00'`.
    pub fn pdf(self) -> String {
        let Date { year, month, day } = self.0;
        format!(
            "D:{year:04}{month:02}{day:02}000000+{:02}'00'",
            Self::OFFSET_HOURS
        )
    }
}

/// A UUID-shaped string from 16 bytes (the content digest), as XMP's document and
/// instance IDs take it; issuance makes a new instance ID with it.
pub fn uuid(id: &[u8; 16]) -> String {
    let h: String = id.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The `Creator` of every file.
const CREATOR: &str = "vanban";
/// The `Producer`: the program and its version.
const PRODUCER: &str = concat!("vanban ", env!("CARGO_PKG_VERSION"));

/// What an XMP packet says: every value but the IDs and `pdfaid` mirrors an entry of
/// the info dictionary, so the two agree (ISO 19005-2, 6.6.2.3.1). The one packet
/// writer ([`packet`]) serves the render (from the notice's [`Info`]) and issuance
/// (from the draft's info dictionary with the issued number and the signing time),
/// so a draft and its issued PDF carry packets of one shape.
pub struct Packet<'a> {
    /// `dc:title`, the info dictionary's `/Title`.
    pub title: &'a str,
    /// `dc:creator`, `/Author`.
    pub author: &'a str,
    /// `dc:description`, `/Subject`.
    pub subject: &'a str,
    /// `dc:subject`, one entry each; joined with ", " in `pdf:Keywords` as in
    /// `/Keywords`.
    pub keywords: &'a [String],
    /// `pdf:Producer`, `/Producer`.
    pub producer: &'a str,
    /// `xmp:CreatorTool`, `/Creator`.
    pub creator: &'a str,
    /// `xmpMM:DocumentID`: the same for every version of the document.
    pub document_id: String,
    /// `xmpMM:InstanceID`: new for each version (the render, the issuance).
    pub instance_id: String,
    /// `xmp:CreateDate` (W3CDTF), `/CreationDate`; none when the notice has no date.
    pub created: Option<String>,
    /// `xmp:ModifyDate` and `xmp:MetadataDate`, `/ModDate`.
    pub modified: Option<String>,
    /// Claim PDF/A-2b.
    pub pdfa: bool,
}

/// The stream of an XMP packet, for the catalog's `/Metadata`.
pub fn xmp_stream(packet: String) -> Stream {
    let mut meta = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        packet.into_bytes(),
    );
    // Left uncompressed so that archive tools can read it without a PDF library
    // (and PDF/A-2, 6.6.2.1, wants it unfiltered).
    meta.allows_compression = false;
    meta
}

/// The metadata objects of a document: the info dictionary, which replaces
/// printpdf's, and the XMP stream, for the catalog's `/Metadata`.
pub(super) struct Metadata {
    /// The new info dictionary, for the trailer's `/Info`.
    pub info: ObjectId,
    /// The XMP metadata stream.
    pub xmp: ObjectId,
}

/// Add the notice's facts to `lo` as an info dictionary and an XMP packet (claiming
/// PDF/A-2b when `pdfa`), with `id` as the document identifier; set it PDF 1.7
/// (ISO 32000-1), the base of PDF/A-2. The caller puts them in the trailer and catalog.
pub(super) fn add(lo: &mut lopdf::Document, info: &Info, id: &[u8; 16], pdfa: bool) -> Metadata {
    lo.version = "1.7".to_string();
    let keywords = info.keywords.join(", ");
    let mut dict = Dictionary::new();
    dict.set("Title", text_string(&info.title));
    dict.set("Author", text_string(&info.author));
    dict.set("Subject", text_string(&info.subject));
    dict.set("Keywords", text_string(&keywords));
    dict.set("Creator", text_string(CREATOR));
    dict.set("Producer", text_string(PRODUCER));
    // A notice without a date (a draft whose day is given at issuance) has no
    // dates at all: the info dictionary and the XMP then agree in saying nothing.
    if let Some(d) = info.date {
        let date = Object::string_literal(Midnight(d).pdf());
        dict.set("CreationDate", date.clone());
        dict.set("ModDate", date);
    }
    let info_id = lo.add_object(dict);
    let iso = info.date.map(|d| Midnight(d).iso());
    let xmp = packet(&Packet {
        title: &info.title,
        author: &info.author,
        subject: &info.subject,
        keywords: &info.keywords,
        producer: PRODUCER,
        creator: CREATOR,
        document_id: uuid(id),
        instance_id: uuid(id),
        created: iso.clone(),
        modified: iso,
        pdfa,
    });
    Metadata {
        info: info_id,
        xmp: lo.add_object(xmp_stream(xmp)),
    }
}

/// A 16-byte digest of the laid-out pages, the images and the metadata: the file
/// identifier (the trailer's `/ID` and XMP's document and instance IDs).
pub(super) fn content_id(layout: &Layout, info: &Info, signing: &Signing) -> [u8; 16] {
    let mut a = Wide::new();
    for pic in [&signing.signature, &signing.seal].into_iter().flatten() {
        a.write(&pic.png);
        a.f64(pic.width_mm);
    }
    for page in &layout.pages {
        a.write(b"page");
        for item in &page.items {
            match item {
                Item::Text(t) => {
                    a.write(t.text.as_bytes());
                    a.write(&[t.style.index() as u8]);
                    for v in [t.x.0, t.baseline.0, t.size.0, t.space_extra.0] {
                        a.f64(v);
                    }
                }
                Item::Line(l) => {
                    for v in [l.x.0, l.y.0, l.width.0, l.thickness.0] {
                        a.f64(v);
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
    let mut b = Wide::with_seed(first ^ 0x9e37_79b9_7f4a_7c15);
    b.write(&first.to_le_bytes());
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&first.to_be_bytes());
    id[8..].copy_from_slice(&b.finish().to_be_bytes());
    id
}

/// The XMP packet saying what `p` says.
pub fn packet(p: &Packet<'_>) -> String {
    let mut x = String::with_capacity(2048);
    x.push_str("<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str("  <rdf:Description rdf:about=\"\"\n");
    x.push_str("    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n");
    x.push_str("    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n");
    x.push_str("    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n");
    x.push_str("    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"");
    if p.pdfa {
        x.push_str("\n    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
    }
    x.push_str(">\n");
    x.push_str("   <dc:format>application/pdf</dc:format>\n");
    x.push_str(&format!(
        "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        escape(p.title)
    ));
    x.push_str(&format!(
        "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
        escape(p.author)
    ));
    x.push_str(&format!(
        "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
        escape(p.subject)
    ));
    if !p.keywords.is_empty() {
        x.push_str("   <dc:subject><rdf:Bag>");
        for k in p.keywords {
            x.push_str(&format!("<rdf:li>{}</rdf:li>", escape(k)));
        }
        x.push_str("</rdf:Bag></dc:subject>\n");
    }
    x.push_str(&format!(
        "   <pdf:Keywords>{}</pdf:Keywords>\n",
        escape(&p.keywords.join(", "))
    ));
    x.push_str(&format!(
        "   <pdf:Producer>{}</pdf:Producer>\n",
        escape(p.producer)
    ));
    x.push_str(&format!(
        "   <xmp:CreatorTool>{}</xmp:CreatorTool>\n",
        escape(p.creator)
    ));
    if let Some(created) = &p.created {
        x.push_str(&format!("   <xmp:CreateDate>{created}</xmp:CreateDate>\n"));
    }
    if let Some(modified) = &p.modified {
        x.push_str(&format!("   <xmp:ModifyDate>{modified}</xmp:ModifyDate>\n"));
        x.push_str(&format!(
            "   <xmp:MetadataDate>{modified}</xmp:MetadataDate>\n"
        ));
    }
    x.push_str(&format!(
        "   <xmpMM:DocumentID>{}</xmpMM:DocumentID>\n",
        p.document_id
    ));
    x.push_str(&format!(
        "   <xmpMM:InstanceID>{}</xmpMM:InstanceID>\n",
        p.instance_id
    ));
    if p.pdfa {
        x.push_str("   <pdfaid:part>2</pdfaid:part>\n");
        x.push_str("   <pdfaid:conformance>B</pdfaid:conformance>\n");
    }
    x.push_str("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n");
    // Padding lets a later tool update the packet in place, as XMP recommends.
    for _ in 0..8 {
        x.push_str(&" ".repeat(99));
        x.push('\n');
    }
    x.push_str("<?xpacket end=\"w\"?>");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_date_is_midnight_in_vietnam_in_both_syntaxes() {
        let d = Date::parse("2018-01-02").unwrap();
        assert_eq!(Midnight(d).iso(), "2018-01-02T00:00:00+07:00");
        assert_eq!(Midnight(d).pdf(), "D:20180102000000+07'00'");
    }

    #[test]
    fn the_xmp_packet_repeats_the_info_facts() {
        let info = Info {
            title: "Kết luận <họp>".into(),
            author: "UBND".into(),
            subject: "Thông báo".into(),
            keywords: vec!["12/TB-UBND".into()],
            date: Some(Date::parse("2018-01-22").unwrap()),
        };
        let mut lo = lopdf::Document::with_version("1.5");
        let m = add(&mut lo, &info, &[0xAB; 16], true);
        assert_eq!(lo.version, "1.7");
        let dict = lo.get_dictionary(m.info).unwrap();
        assert_eq!(
            dict.get(b"CreationDate").unwrap().as_str().unwrap(),
            b"D:20180122000000+07'00'"
        );
        let xmp = &lo.get_object(m.xmp).unwrap().as_stream().unwrap().content;
        let xmp = std::str::from_utf8(xmp).unwrap();
        for part in [
            "Kết luận &lt;họp&gt;",
            "<pdf:Keywords>12/TB-UBND</pdf:Keywords>",
            "<xmp:CreateDate>2018-01-22T00:00:00+07:00</xmp:CreateDate>",
            "uuid:abababab-abab-abab-abab-abababababab",
            "<pdfaid:part>2</pdfaid:part>",
        ] {
            assert!(xmp.contains(part), "{part} in {xmp}");
        }
    }

    #[test]
    fn a_notice_without_a_date_has_no_dates_in_either() {
        let info = Info {
            title: "Kết luận".into(),
            author: "UBND".into(),
            subject: "Thông báo".into(),
            keywords: vec!["/TB-UBND".into()],
            date: None,
        };
        let mut lo = lopdf::Document::with_version("1.5");
        let m = add(&mut lo, &info, &[0xAB; 16], true);
        let dict = lo.get_dictionary(m.info).unwrap();
        assert!(!dict.has(b"CreationDate") && !dict.has(b"ModDate"));
        let xmp = &lo.get_object(m.xmp).unwrap().as_stream().unwrap().content;
        let xmp = std::str::from_utf8(xmp).unwrap();
        assert!(!xmp.contains("Date>"), "{xmp}");
        assert!(
            xmp.contains("<pdf:Keywords>/TB-UBND</pdf:Keywords>"),
            "{xmp}"
        );
    }
}
