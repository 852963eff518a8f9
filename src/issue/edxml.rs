//! The edXML packet (QCVN 102:2016/BTTTT, amended by Thông tư 01/2022/TT-BTTTT) of
//! an issued notice, for the national and provincial document-exchange axes, and a
//! check of a packet against the required-field rules an axis validator publishes.
//!
//! No XSD is public; the shape is the one the public SDK samples and real packets
//! share: a root holding `edXML:edXMLEnvelope` (header and manifest) and, beside
//! it, `AttachmentEncoded` with the PDF zipped then base64-encoded. The packet's
//! XML signature is the exchange client's and is not written here.

use super::IssueError;
use crate::compose::sidecar::Envelope;
use crate::input::notice::Notice;
use crate::messages::issue as m;
use crate::profile::Profile;
use crate::util::xmlesc::escape;

/// The namespace, bound both as the default and to the prefix `edXML`.
pub const NAMESPACE: &str = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

/// What a packet is built from.
pub struct PacketRequest<'a> {
    /// The notice, with the number and date the PDF carries.
    pub notice: &'a Notice,
    /// The profile the notice was rendered with.
    pub profile: &'a Profile,
    /// The issued PDF, attached byte for byte.
    pub pdf: &'a [u8],
    /// File name of the PDF inside the packet.
    pub pdf_name: &'a str,
    /// Pages of the issued PDF.
    pub pages: usize,
    /// The sending body's organ code (mã định danh).
    pub from: &'a str,
    /// The receiving bodies' organ codes.
    pub to: &'a [String],
    /// When the agency signed, "yyyy/MM/dd HH:mm:ss" (Vietnam time), for the trace.
    pub signed_at: Option<&'a str>,
}

fn el(out: &mut String, indent: usize, name: &str, value: &str) {
    out.push_str(&"  ".repeat(indent));
    if value.is_empty() {
        out.push_str(&format!("<{name}/>\n"));
    } else {
        out.push_str(&format!("<{name}>{}</{name}>\n", escape(value)));
    }
}

fn open(out: &mut String, indent: usize, name: &str) {
    out.push_str(&format!("{}<{name}>\n", "  ".repeat(indent)));
}

fn close(out: &mut String, indent: usize, name: &str) {
    out.push_str(&format!("{}</{name}>\n", "  ".repeat(indent)));
}

/// `YYYY/MM/DD`, as the packets write dates.
fn slash_date(d: crate::input::date::Date) -> String {
    format!("{:04}/{:02}/{:02}", d.year, d.month, d.day)
}

/// The packet, as UTF-8 XML.
pub fn packet(req: &PacketRequest) -> Result<String, IssueError> {
    let n = req.notice;
    let env = Envelope::new(n, req.profile, req.pages);
    // The notice of a packet has the number and day of the issued PDF (its `draft`
    // is cleared), so the envelope has both.
    let code_number = env.code.code_number.clone().unwrap_or_default();
    let mut seen = std::collections::BTreeSet::new();
    for to in req.to {
        if !seen.insert(to.as_str()) {
            return Err(IssueError::Input(m::edxml_to_twice(to)));
        }
    }
    if req.to.is_empty() {
        return Err(IssueError::Input(m::edxml_no_to()));
    }
    let date = slash_date(n.date);
    let number_symbol = format!("{code_number}/{}", env.code.code_notation);
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<edXML xmlns=\"{NAMESPACE}\" xmlns:edXML=\"{NAMESPACE}\">\n"
    ));
    open(&mut x, 1, "edXML:edXMLEnvelope");
    open(&mut x, 2, "edXML:edXMLHeader");
    open(&mut x, 3, "edXML:MessageHeader");
    let organ = |x: &mut String, tag: &str, id: &str, name: &str, in_charge: &str| {
        open(x, 4, tag);
        el(x, 5, "OrganId", id);
        el(x, 5, "OrganizationInCharge", in_charge);
        el(x, 5, "OrganName", name);
        for f in ["OrganAdd", "Email", "Telephone", "Fax", "Website"] {
            el(x, 5, f, "");
        }
        close(x, 4, tag);
    };
    organ(
        &mut x,
        "From",
        req.from,
        &env.from.organ_name,
        env.from.organ_in_charge.as_deref().unwrap_or(""),
    );
    for to in req.to {
        organ(&mut x, "To", to, "", "");
    }
    el(
        &mut x,
        4,
        "DocumentId",
        &format!("{},{date},{number_symbol}", req.from),
    );
    open(&mut x, 4, "Code");
    el(&mut x, 5, "CodeNumber", &code_number);
    el(&mut x, 5, "CodeNotation", &env.code.code_notation);
    close(&mut x, 4, "Code");
    open(&mut x, 4, "PromulgationInfo");
    el(&mut x, 5, "Place", &env.promulgation_info.place);
    el(&mut x, 5, "PromulgationDate", &date);
    close(&mut x, 4, "PromulgationInfo");
    open(&mut x, 4, "DocumentType");
    // 1: a văn bản hành chính (the validator accepts 1 or 2).
    el(&mut x, 5, "Type", "1");
    el(&mut x, 5, "TypeDetail", &env.document_type.kind);
    el(&mut x, 5, "TypeName", "Thông báo");
    close(&mut x, 4, "DocumentType");
    el(&mut x, 4, "Subject", &env.subject);
    el(
        &mut x,
        4,
        "Content",
        &format!("{} {}", env.document_type.type_name, env.subject),
    );
    open(&mut x, 4, "SignerInfo");
    el(
        &mut x,
        5,
        "Competence",
        env.signer_info.competence.as_deref().unwrap_or(""),
    );
    el(&mut x, 5, "Position", &env.signer_info.position);
    el(&mut x, 5, "FullName", &env.signer_info.full_name);
    close(&mut x, 4, "SignerInfo");
    el(&mut x, 4, "DueDate", "");
    open(&mut x, 4, "ToPlaces");
    for place in &env.to_places {
        el(&mut x, 5, "Place", place);
    }
    close(&mut x, 4, "ToPlaces");
    open(&mut x, 4, "OtherInfo");
    el(&mut x, 5, "Priority", "0");
    el(&mut x, 5, "SphereOfPromulgation", "");
    el(&mut x, 5, "TyperNotation", "");
    el(&mut x, 5, "PromulgationAmount", "1");
    el(
        &mut x,
        5,
        "PageAmount",
        &env.other_info.page_amount.to_string(),
    );
    el(&mut x, 5, "Direction", "false");
    el(&mut x, 5, "Appendixes", "");
    close(&mut x, 4, "OtherInfo");
    el(&mut x, 4, "SteeringType", "0");
    close(&mut x, 3, "edXML:MessageHeader");
    open(&mut x, 3, "edXML:TraceHeaderList");
    open(&mut x, 4, "TraceHeader");
    el(&mut x, 5, "OrganId", req.from);
    el(
        &mut x,
        5,
        "Timestamp",
        &req.signed_at
            .map_or_else(|| format!("{date} 00:00:00"), str::to_string),
    );
    close(&mut x, 4, "TraceHeader");
    open(&mut x, 4, "Bussiness");
    el(&mut x, 5, "BussinessDocType", "0");
    el(&mut x, 5, "BussinessDocReason", "");
    el(
        &mut x,
        5,
        "DocumentId",
        &format!("{},{date},{number_symbol}", req.from),
    );
    el(&mut x, 5, "Paper", "0");
    close(&mut x, 4, "Bussiness");
    close(&mut x, 3, "edXML:TraceHeaderList");
    close(&mut x, 2, "edXML:edXMLHeader");
    open(&mut x, 2, "edXML:edXMLBody");
    x.push_str("      <edXML:edXMLManifest version=\"1.0\">\n");
    open(&mut x, 4, "edXML:Reference");
    el(&mut x, 5, "ContentId", "cid:1");
    el(&mut x, 5, "ContentType", "application/pdf");
    el(&mut x, 5, "Description", &env.subject);
    el(&mut x, 5, "AttachmentName", req.pdf_name);
    close(&mut x, 4, "edXML:Reference");
    close(&mut x, 3, "edXML:edXMLManifest");
    close(&mut x, 2, "edXML:edXMLBody");
    close(&mut x, 1, "edXML:edXMLEnvelope");
    let entry = crate::docx::archive::Entry::deflated(req.pdf_name, req.pdf, 6)
        .map_err(IssueError::Internal)?;
    let zip = crate::docx::archive::write(&[&entry]).map_err(IssueError::Internal)?;
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(zip);
    open(&mut x, 1, "AttachmentEncoded");
    open(&mut x, 2, "Attachment");
    el(&mut x, 3, "ContentId", "1");
    el(&mut x, 3, "AttachmentName", req.pdf_name);
    el(&mut x, 3, "Description", &env.subject);
    el(&mut x, 3, "ContentType", "application/pdf");
    el(&mut x, 3, "edXML:ContentTransferEncoded", &encoded);
    close(&mut x, 2, "Attachment");
    close(&mut x, 1, "AttachmentEncoded");
    x.push_str("</edXML>\n");
    Ok(x)
}

/// An element of a packet as read for checking: local name, text, children.
#[derive(Debug, Default)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all(&self, name: &str) -> impl Iterator<Item = &Node> {
        let name = name.to_string();
        self.children.iter().filter(move |c| c.name == name)
    }

    fn path(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |n, p| n.child(p))
    }

    fn text_at(&self, path: &[&str]) -> &str {
        self.path(path).map_or("", |n| n.text.trim())
    }
}

/// Read `xml` into a tree, checking that every element is in the edXML namespace.
fn parse(xml: &str) -> Result<Node, String> {
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;
    let mut reader = quick_xml::NsReader::from_str(xml);
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        let (ns, event) = reader.read_resolved_event().map_err(m::check_not_xml)?;
        let in_ns = matches!(ns, ResolveResult::Bound(n) if n.as_ref() == NAMESPACE.as_bytes());
        match event {
            Event::Start(e) | Event::Empty(e) if !in_ns => {
                return Err(m::check_namespace(
                    String::from_utf8_lossy(e.name().as_ref()),
                    NAMESPACE,
                ));
            }
            Event::Start(e) => stack.push(Node {
                name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                ..Node::default()
            }),
            Event::Empty(e) => {
                let node = Node {
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    ..Node::default()
                };
                if let Some(top) = stack.last_mut() {
                    top.children.push(node);
                }
            }
            Event::Text(t) => {
                let s = t.decode().map_err(m::check_bad_text)?;
                let s = quick_xml::escape::unescape(&s).map_err(m::check_bad_text)?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                let c = match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(c);
                }
            }
            Event::End(_) => {
                let node = stack.pop().ok_or_else(m::check_unbalanced)?;
                stack
                    .last_mut()
                    .ok_or_else(m::check_unbalanced)?
                    .children
                    .push(node);
            }
            Event::Eof if stack.len() > 1 => {
                return Err(m::check_cut_short(
                    stack.last().map_or("", |n| n.name.as_str()),
                ));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().ok_or_else(m::check_no_root)?;
    root.children.pop().ok_or_else(m::check_no_root)
}

/// What a check found: errors (the axis refuses the packet) and warnings.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Required fields missing or malformed: the packet would be refused.
    pub errors: Vec<String>,
    /// Values of an unusual shape (organ codes): worth a look, not fatal.
    pub warnings: Vec<String>,
}

/// Whether `id` has the shape of a mã định danh (Quyết định 20/2020/QĐ-TTg):
/// dot-separated blocks, the last a group letter A–K and two digits ("H41"), the
/// ones before it three or two digits ("000.00.00.H41").
pub fn organ_code_shape(id: &str) -> bool {
    let blocks: Vec<&str> = id.split('.').collect();
    let Some((last, lower)) = blocks.split_last() else {
        return false;
    };
    let b = last.as_bytes();
    let level1 =
        b.len() == 3 && (b'A'..=b'K').contains(&b[0]) && b[1..].iter().all(u8::is_ascii_digit);
    level1
        && lower
            .iter()
            .all(|p| (2..=3).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit()))
}

/// Check a packet against the published required-field rules; `today` is the day
/// the promulgation date may not be after.
pub fn check(xml: &str, today: crate::input::date::Date) -> CheckReport {
    let mut r = CheckReport::default();
    let root = match parse(xml) {
        Ok(root) => root,
        Err(e) => {
            r.errors.push(e);
            return r;
        }
    };
    let Some(header) = root.path(&["edXMLEnvelope", "edXMLHeader", "MessageHeader"]) else {
        r.errors.push(m::check_no_header());
        return r;
    };
    let from = header.text_at(&["From", "OrganId"]);
    if from.is_empty() {
        r.errors.push(m::check_no_from());
    }
    let tos: Vec<&str> = header.all("To").map(|t| t.text_at(&["OrganId"])).collect();
    if tos.is_empty() {
        r.errors.push(m::check_no_to());
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, to) in tos.iter().enumerate() {
        if to.is_empty() {
            r.errors.push(m::check_to_no_id(i + 1));
        } else if !seen.insert(*to) {
            r.errors.push(m::check_to_twice(to));
        }
    }
    for id in std::iter::once(from)
        .chain(tos.iter().copied())
        .filter(|s| !s.is_empty())
    {
        if !organ_code_shape(id) {
            r.warnings.push(m::check_organ_shape(id));
        }
    }
    for f in ["CodeNumber", "CodeNotation"] {
        if header.text_at(&["Code", f]).is_empty() {
            r.errors.push(m::check_missing(format!("Code/{f}")));
        }
    }
    if header.text_at(&["Subject"]).is_empty() {
        r.errors.push(m::check_no_subject());
    }
    let date = header.text_at(&["PromulgationInfo", "PromulgationDate"]);
    let parsed = (date.len() == 10 && &date[4..5] == "/" && &date[7..8] == "/")
        .then(|| date.replace('/', "-"))
        .and_then(|d| {
            serde_json::from_value::<crate::input::date::Date>(serde_json::Value::String(d)).ok()
        });
    match parsed {
        None if date.is_empty() => r
            .errors
            .push(m::check_missing("PromulgationInfo/PromulgationDate")),
        None => r.errors.push(m::check_bad_date(date)),
        Some(d) if d > today => r.errors.push(m::check_future_date(date)),
        Some(_) => {}
    }
    match header.text_at(&["DocumentType", "Type"]) {
        "1" | "2" => {}
        "" => r.errors.push(m::check_missing("DocumentType/Type")),
        t => r.errors.push(m::check_bad_type(t)),
    }
    let attachments: Vec<&Node> = root
        .child("AttachmentEncoded")
        .map(|a| a.all("Attachment").collect())
        .unwrap_or_default();
    if attachments.is_empty() {
        r.errors.push(m::check_no_attachment());
    }
    for a in attachments {
        use base64::Engine;
        let data: String = a
            .text_at(&["ContentTransferEncoded"])
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if base64::engine::general_purpose::STANDARD
            .decode(data)
            .is_err()
        {
            r.errors
                .push(m::check_bad_base64(a.text_at(&["AttachmentName"])));
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::organ_code_shape;

    #[test]
    fn organ_codes_have_the_decision_20_shape() {
        assert!(organ_code_shape("000.00.00.H41"));
        assert!(organ_code_shape("H41"));
        assert!(organ_code_shape("000.00.12.H26"));
        assert!(!organ_code_shape("UBND-LB"));
        assert!(!organ_code_shape("000.00.00.Z41"));
        assert!(!organ_code_shape(""));
    }
}
