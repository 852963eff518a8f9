//! The sidecar `<stem>.meta.json`: the fields of the national document-exchange
//! envelope (edXML, QCVN 102:2016/BTTTT) for this notice.
//!
//! An e-office system that sends the PDF to other bodies fills its envelope from
//! these values instead of retyping them. Every value is taken from the same sources
//! as the page (the profile's number pattern, the date line, the signer lines), and
//! the page count from the same layout, so the envelope cannot disagree with the PDF.

use crate::compose::template::View;
use crate::input::notice::Notice;
use crate::profile::Profile;
use serde::Serialize;

/// The envelope fields, named as in edXML.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct Envelope {
    /// What this file is.
    #[serde(rename = "schema")]
    pub schema: &'static str,
    /// The issuing body.
    pub from: From,
    /// Number and notation.
    pub code: Code,
    /// Place and date of issue.
    pub promulgation_info: PromulgationInfo,
    /// Type of document.
    pub document_type: DocumentType,
    /// Trích yếu.
    pub subject: String,
    /// Who signs.
    pub signer_info: SignerInfo,
    /// Nơi nhận, one entry per recipient.
    pub to_places: Vec<String>,
    /// Page count, profile and archive line.
    pub other_info: OtherInfo,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
/// The issuing body (edXML `From`).
pub struct From {
    /// Identifier code of the issuing body, when the input gives one.
    pub organ_id: Option<String>,
    /// Name of the issuing body, on one line.
    pub organ_name: String,
    /// The superior body (cơ quan chủ quản / cấp trên), if any.
    pub organ_in_charge: Option<String>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
/// The number and symbol (edXML `Code`), from the profile's number parts.
pub struct Code {
    /// The number as printed ("05"); `null` in a draft for issuance whose number the
    /// văn thư gives at issuance (the placeholder that stands in for the checks is
    /// not a number anyone gave).
    pub code_number: Option<String>,
    /// The symbol after the number ("TB-UBND", "TB/QU").
    pub code_notation: String,
    /// The whole line as printed ("Số: 05/TB-UBND").
    pub printed: String,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
/// Where and when the notice is issued.
pub struct PromulgationInfo {
    /// Địa danh: the place in the date line.
    pub place: String,
    /// ISO 8601; `null` in a draft whose day is given at issuance.
    pub promulgation_date: Option<String>,
    /// As printed: "Long Biên, ngày 22 tháng 01 năm 2018".
    pub printed: String,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
/// The type of document.
pub struct DocumentType {
    /// Abbreviation ("TB").
    #[serde(rename = "Type")]
    pub kind: String,
    /// Its name ("THÔNG BÁO").
    pub type_name: String,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
/// The signer.
pub struct SignerInfo {
    /// Signing authority line ("T/M BAN THƯỜNG VỤ"), if any.
    pub competence: Option<String>,
    /// Chức vụ: the signer's position.
    pub position: String,
    /// The signer's full name.
    pub full_name: String,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
/// What the envelope carries besides the fields above.
pub struct OtherInfo {
    /// Pages after layout.
    pub page_amount: usize,
    /// Formatting standard ("nd30", "hd36").
    pub profile: String,
    /// Where the original is kept (the "Lưu" line).
    pub archive: String,
}

impl Envelope {
    /// The envelope of `notice` rendered with `profile` on `pages` pages.
    pub fn new(notice: &Notice, profile: &Profile, pages: usize) -> Envelope {
        let view = View::new(notice, profile);
        // "05" and "TB-UBND" (or "TB/QU"), from the parts the line is printed from.
        let parts = crate::compose::template::number_parts(notice, profile);
        let to_places = notice.recipients.iter().map(|r| r.to_string()).collect();
        let blank = notice.draft.unwrap_or_default();
        Envelope {
            schema: "vanban sidecar 1: edXML envelope fields (QCVN 102:2016/BTTTT)",
            from: From {
                organ_id: notice.issuer.code.as_ref().map(|c| c.to_string()),
                organ_name: notice.issuer.name.replace('\n', " "),
                organ_in_charge: notice.issuer.superior.as_ref().map(|s| s.to_string()),
            },
            code: Code {
                code_number: (!blank.number_blank).then_some(parts.number),
                code_notation: parts.notation,
                printed: view.number_line.clone(),
            },
            promulgation_info: PromulgationInfo {
                place: notice.place.to_string(),
                promulgation_date: (!blank.year_blank).then(|| notice.date.to_string()),
                printed: view.date_line.clone(),
            },
            document_type: DocumentType {
                kind: notice.type_abbreviation.to_string(),
                type_name: notice.title.to_string(),
            },
            subject: notice.summary.to_string(),
            signer_info: SignerInfo {
                competence: view.signer.authority_line.clone(),
                position: notice.signer.title.to_string(),
                full_name: notice.signer.name.to_string(),
            },
            to_places,
            other_info: OtherInfo {
                page_amount: pages,
                profile: notice.profile.as_str().to_string(),
                archive: notice.archive.to_string(),
            },
        }
    }

    /// Pretty JSON with a final newline, as written to `<stem>.meta.json`.
    pub fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("envelope serialises");
        v.push(b'\n');
        v
    }
}
