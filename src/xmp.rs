//! XMP metadata: the document's facts in the form archives read (and PDF/A demands).
//!
//! Every value mirrors an entry of the PDF's info dictionary (title, author, subject,
//! keywords, producer, dates), because PDF/A requires the two to agree.

use crate::document::Info;
use crate::xmlesc::escape;

/// ISO 8601 form of a notice date, midnight Vietnam time.
pub fn iso_date(d: crate::date::Date) -> String {
    format!("{d}T00:00:00+07:00")
}

/// A UUID-shaped string from 16 bytes (the content digest).
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

/// Values shared by the info dictionary and the XMP packet.
pub struct Facts<'a> {
    pub info: &'a Info,
    pub keywords: String,
    pub producer: &'a str,
    pub creator: &'a str,
    pub id: &'a [u8; 16],
    /// Claim PDF/A-2b.
    pub pdfa: bool,
}

/// The XMP packet for `facts`.
pub fn packet(facts: &Facts<'_>) -> String {
    let info = facts.info;
    let mut x = String::with_capacity(2048);
    x.push_str("<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str("  <rdf:Description rdf:about=\"\"\n");
    x.push_str("    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n");
    x.push_str("    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n");
    x.push_str("    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n");
    x.push_str("    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"");
    if facts.pdfa {
        x.push_str("\n    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
    }
    x.push_str(">\n");
    x.push_str("   <dc:format>application/pdf</dc:format>\n");
    x.push_str(&format!(
        "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        escape(&info.title)
    ));
    x.push_str(&format!(
        "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
        escape(&info.author)
    ));
    x.push_str(&format!(
        "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
        escape(&info.subject)
    ));
    if !info.keywords.is_empty() {
        x.push_str("   <dc:subject><rdf:Bag>");
        for k in &info.keywords {
            x.push_str(&format!("<rdf:li>{}</rdf:li>", escape(k)));
        }
        x.push_str("</rdf:Bag></dc:subject>\n");
    }
    x.push_str(&format!(
        "   <pdf:Keywords>{}</pdf:Keywords>\n",
        escape(&facts.keywords)
    ));
    x.push_str(&format!(
        "   <pdf:Producer>{}</pdf:Producer>\n",
        escape(facts.producer)
    ));
    x.push_str(&format!(
        "   <xmp:CreatorTool>{}</xmp:CreatorTool>\n",
        escape(facts.creator)
    ));
    if let Some(d) = info.date {
        let iso = iso_date(d);
        x.push_str(&format!("   <xmp:CreateDate>{iso}</xmp:CreateDate>\n"));
        x.push_str(&format!("   <xmp:ModifyDate>{iso}</xmp:ModifyDate>\n"));
        x.push_str(&format!("   <xmp:MetadataDate>{iso}</xmp:MetadataDate>\n"));
    }
    let id = uuid(facts.id);
    x.push_str(&format!("   <xmpMM:DocumentID>{id}</xmpMM:DocumentID>\n"));
    x.push_str(&format!("   <xmpMM:InstanceID>{id}</xmpMM:InstanceID>\n"));
    if facts.pdfa {
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
