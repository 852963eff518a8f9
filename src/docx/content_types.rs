//! The package's content types, `[Content_Types].xml`.

/// The prefix of the WordprocessingML part types.
const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// The content type of each part this writer ships, by part name (`None` for the
/// parts the defaults cover: relationships and pictures).
fn content_type(name: &str) -> Option<String> {
    Some(match name {
        "word/document.xml" => format!("{WML}.document.main+xml"),
        "word/styles.xml" => format!("{WML}.styles+xml"),
        "word/settings.xml" => format!("{WML}.settings+xml"),
        "word/fontTable.xml" => format!("{WML}.fontTable+xml"),
        "word/theme/theme1.xml" => "application/vnd.openxmlformats-officedocument.theme+xml".into(),
        "docProps/core.xml" => "application/vnd.openxmlformats-package.core-properties+xml".into(),
        "docProps/app.xml" => {
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".into()
        }
        n if n.starts_with("word/header") => format!("{WML}.header+xml"),
        n if n.starts_with("word/footer") => format!("{WML}.footer+xml"),
        _ => return None,
    })
}

/// `[Content_Types].xml` for the parts `names` (in order), with PNG pictures or not.
pub fn content_types<'a>(names: impl Iterator<Item = &'a str>, png: bool) -> Vec<u8> {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#,
    );
    if png {
        s.push_str(r#"<Default Extension="png" ContentType="image/png"/>"#);
    }
    for name in names {
        if let Some(ct) = content_type(name) {
            s.push_str(&format!(
                r#"<Override PartName="/{name}" ContentType="{ct}"/>"#
            ));
        }
    }
    s.push_str("</Types>");
    s.into_bytes()
}
