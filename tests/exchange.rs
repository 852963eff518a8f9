//! Readiness for electronic exchange: metadata from the notice, PDF/A-2b
//! identification, and the edXML sidecar agreeing with what the PDF shows.

mod support;

use support::*;
use vanban::pdf::PdfOptions;
use vanban::render::{Format, Renderer};

fn outputs(name: &str, pdfa: bool) -> (Vec<u8>, serde_json::Value) {
    let n = notice(name);
    let r = Renderer::new()
        .with_pdf_options(PdfOptions {
            pdfa,
            ..PdfOptions::default()
        })
        .with_sidecar(true);
    let outs = r.outputs(&n, Format::Pdf).unwrap();
    let pdf = outs
        .iter()
        .find(|o| o.extension == "pdf")
        .unwrap()
        .bytes
        .clone();
    let meta = outs.iter().find(|o| o.extension == "meta.json").unwrap();
    (pdf, serde_json::from_slice(&meta.bytes).unwrap())
}

fn xmp(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = doc.get_dictionary(root).unwrap();
    let meta = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = doc.get_object(meta).unwrap().as_stream().unwrap();
    assert!(
        stream.dict.get(b"Filter").is_err(),
        "XMP is left uncompressed"
    );
    String::from_utf8(stream.content.clone()).unwrap()
}

#[test]
fn metadata_comes_from_the_notice_never_the_clock() {
    if !have_tool("pdfinfo") {
        return;
    }
    for f in ["phuc-loi-2018.json", "phuc-loi-2018-nd30.json"] {
        let n = notice(f);
        let (pdf, meta) = outputs(f, false);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let info = run("pdfinfo", &["-isodates"], &path);
        let field = |k: &str| {
            info.lines()
                .find_map(|l| l.strip_prefix(&format!("{k}:")))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        assert_eq!(field("Title"), n.summary.as_str());
        assert_eq!(field("Author"), n.issuer.name.replace('\n', " "));
        assert_eq!(
            field("Keywords"),
            meta["Code"]["Printed"]
                .as_str()
                .unwrap()
                .trim_start_matches("Số:")
                .trim_start_matches("Số")
                .trim()
        );
        assert!(
            field("CreationDate").starts_with(&format!("{}T00:00:00+07", n.date)),
            "{info}"
        );
        assert_eq!(field("CreationDate"), field("ModDate"));
        assert!(pdf.starts_with(b"%PDF-1.7\n%"));
        let x = xmp(&pdf);
        assert!(x.contains(&format!(">{}<", n.summary.as_str())));
        assert!(!x.contains("pdfaid"), "no PDF/A claim without --pdfa");
    }
}

#[test]
fn pdfa_claims_2b_with_an_srgb_output_intent() {
    let (pdf, _) = outputs("phuc-loi-2018.json", true);
    let x = xmp(&pdf);
    assert!(
        x.contains("<pdfaid:part>2</pdfaid:part>")
            && x.contains("<pdfaid:conformance>B</pdfaid:conformance>")
    );
    assert!(x.contains("<xmp:CreateDate>2018-01-22T00:00:00+07:00</xmp:CreateDate>"));
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
    assert_eq!(id.len(), 2);
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = doc.get_dictionary(root).unwrap();
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    let oi = doc
        .get_dictionary(intents[0].as_reference().unwrap())
        .unwrap();
    assert_eq!(oi.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    let icc = doc
        .get_object(
            oi.get(b"DestOutputProfile")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap()
        .as_stream()
        .unwrap();
    assert_eq!(icc.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
    let data = icc.decompressed_content().unwrap();
    assert_eq!(&data[16..20], b"RGB ");
    assert_eq!(&data[36..40], b"acsp");
    // Every font is embedded (FontFile2 present in each descriptor).
    let mut fonts = 0;
    for obj in doc.objects.values() {
        if let Ok(d) = obj.as_dict() {
            if d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor") {
                assert!(d.get(b"FontFile2").is_ok());
                fonts += 1;
            }
        }
    }
    assert!(fonts >= 3);
    // No encryption, no JavaScript.
    assert!(doc.trailer.get(b"Encrypt").is_err());
    assert!(!pdf.windows(11).any(|w| w == b"/JavaScript"));
}

#[test]
fn sidecar_agrees_with_what_the_pdf_shows() {
    if !have_tool("pdftotext") {
        return;
    }
    for f in [
        "phuc-loi-2018.json",
        "phuc-loi-2018-nd30.json",
        "long-notice.json",
    ] {
        let (pdf, meta) = outputs(f, false);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let text = folded_text(&path);
        for key in [
            ["Code", "Printed"],
            ["PromulgationInfo", "Printed"],
            ["SignerInfo", "Position"],
            ["SignerInfo", "FullName"],
            ["DocumentType", "TypeName"],
        ] {
            let v = meta[key[0]][key[1]].as_str().unwrap();
            assert!(
                text.contains(&fold(v)),
                "{f}: {key:?} = {v:?} is not in the PDF"
            );
        }
        if let Some(c) = meta["SignerInfo"]["Competence"].as_str() {
            assert!(text.contains(c), "{f}: {c}");
        }
        assert!(text.contains(&fold(meta["Subject"].as_str().unwrap())));
        for r in meta["ToPlaces"].as_array().unwrap() {
            assert!(
                text.contains(&fold(r.as_str().unwrap())),
                "{f}: recipient {r}"
            );
        }
        let code = &meta["Code"];
        let printed = code["Printed"].as_str().unwrap();
        assert!(
            printed.contains(code["CodeNumber"].as_str().unwrap())
                && printed.ends_with(code["CodeNotation"].as_str().unwrap())
        );
        let info = run("pdfinfo", &[], &path);
        let pages: u64 = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert_eq!(
            meta["OtherInfo"]["PageAmount"].as_u64().unwrap(),
            pages,
            "{f}"
        );
    }
}
