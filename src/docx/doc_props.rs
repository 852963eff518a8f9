//! The document properties, `docProps/core.xml` and `docProps/app.xml`.
//!
//! The core properties are the notice's own facts (title, subject, creator, keywords)
//! with its date of issue as their only date, never the clock, so the same notice
//! gives the same bytes. The extended properties name the application.

use crate::document::Info;

/// `docProps/core.xml` for a notice.
pub fn core_xml(info: &Info) -> Vec<u8> {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    );
    let mut el = |name: &str, value: &str| {
        if !value.is_empty() {
            s.push_str(&format!(
                "<{name}>{}</{name}>",
                crate::util::xmlesc::escape(value)
            ));
        }
    };
    el("dc:title", &info.title);
    el("dc:subject", &info.subject);
    el("dc:creator", &info.author);
    el("cp:keywords", &info.keywords.join(", "));
    el("cp:lastModifiedBy", &info.author);
    el("cp:revision", "1");
    if let Some(d) = info.date {
        // Midnight in Vietnam (UTC+7), as in the PDF's dates.
        let when = format!("{:04}-{:02}-{:02}T00:00:00+07:00", d.year, d.month, d.day);
        for name in ["dcterms:created", "dcterms:modified"] {
            s.push_str(&format!(
                r#"<{name} xsi:type="dcterms:W3CDTF">{when}</{name}>"#
            ));
        }
    }
    s.push_str("</cp:coreProperties>");
    s.into_bytes()
}

/// `docProps/app.xml`: vanban and its version.
pub fn app_xml() -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>vanban</Application><AppVersion>{}</AppVersion></Properties>"#,
        app_version()
    )
    .into_bytes()
}

/// AppVersion must look like `XX.YYYY`.
fn app_version() -> String {
    let major: u32 = env!("CARGO_PKG_VERSION_MAJOR").parse().unwrap_or(0);
    let minor: u32 = env!("CARGO_PKG_VERSION_MINOR").parse().unwrap_or(0);
    format!("{major:02}.{minor:04}")
}
