//! The theme part, `word/theme/theme1.xml`.
//!
//! The schema requires a main document to have a theme. This one is small, and its
//! major and minor fonts are the document's, so Word's theme-font pickers agree with
//! the styles.

/// `theme1.xml` with `family` as the theme's Latin font.
pub fn theme_xml(family: &str) -> Vec<u8> {
    let fill = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let line = format!(r#"<a:ln w="6350">{fill}</a:ln>"#);
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    let font = format!(
        r#"<a:latin typeface="{f}"/><a:ea typeface=""/><a:cs typeface=""/>"#,
        f = crate::util::xmlesc::escape(family)
    );
    let accents: String = ["4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47"]
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                r#"<a:accent{n}><a:srgbClr val="{c}"/></a:accent{n}>"#,
                n = i + 1
            )
        })
        .collect();
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="vanban"><a:themeElements>"#,
            r#"<a:clrScheme name="vanban"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>"#,
            r#"<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2>"#,
            r#"<a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>{accents}<a:hlink><a:srgbClr val="0563C1"/></a:hlink>"#,
            r#"<a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme>"#,
            r#"<a:fontScheme name="vanban"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont></a:fontScheme>"#,
            r#"<a:fmtScheme name="vanban"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst>"#,
            r#"<a:lnStyleLst>{line}{line}{line}</a:lnStyleLst>"#,
            r#"<a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>"#,
            r#"<a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme>"#,
            r#"</a:themeElements></a:theme>"#
        ),
        accents = accents,
        font = font,
        fill = fill,
        line = line,
        effect = effect
    )
    .into_bytes()
}
