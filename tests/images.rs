//! Signature and seal images: placement measured in the PDF, and clear errors for bad
//! images.

mod support;

use serde_json::{json, Value};
use std::process::Command;
use support::*;

const MM: f64 = 72.0 / 25.4;

/// Image draws on each page: (page, x, y_top, width, height) in points from the
/// top-left, read from the `cm` before each `Do` of an image XObject.
fn images(pdf: &[u8]) -> Vec<(usize, f64, f64, f64, f64)> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut out = Vec::new();
    for (i, (_, page_id)) in doc.get_pages().into_iter().enumerate() {
        let content = doc.get_and_decode_page_content(page_id).unwrap();
        // Compose the cm matrices since the last q.
        let mut stack: Vec<[f64; 6]> = Vec::new();
        let mut m = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        for op in content.operations {
            match op.operator.as_str() {
                "q" => stack.push(m),
                "Q" => m = stack.pop().unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]),
                "cm" => {
                    let n: Vec<f64> = op
                        .operands
                        .iter()
                        .map(|o| o.as_float().unwrap() as f64)
                        .collect();
                    // new = n × m
                    m = [
                        n[0] * m[0] + n[1] * m[2],
                        n[0] * m[1] + n[1] * m[3],
                        n[2] * m[0] + n[3] * m[2],
                        n[2] * m[1] + n[3] * m[3],
                        n[4] * m[0] + n[5] * m[2] + m[4],
                        n[4] * m[1] + n[5] * m[3] + m[5],
                    ];
                }
                "Do" => out.push((i + 1, m[4], 841.889_83 - m[5] - m[3], m[0], m[3])),
                _ => {}
            }
        }
    }
    out
}

fn signed() -> (Vec<u8>, usize) {
    let mut n = notice("phuc-loi-2018-nd30-signed.json");
    let profile = vanban::profile::Profile::builtin(n.profile.as_str()).unwrap();
    n.load_images(fixture_path("x").parent().unwrap(), None, &profile)
        .unwrap();
    vanban::render::Renderer::new()
        .with_pdf_options(vanban::pdf::PdfOptions {
            signature_field: true,
            ..Default::default()
        })
        .pdf(&n)
        .unwrap()
}

#[test]
fn signature_and_seal_sit_where_nghi_dinh_30_puts_them() {
    if !have_tool("pdftotext") {
        return;
    }
    let (pdf, pages) = signed();
    let draws = images(&pdf);
    assert_eq!(draws.len(), 2, "signature and seal: {draws:?}");
    let (sig, seal) = (draws[0], draws[1]);
    assert_eq!(sig.0, pages, "on the page of the signature block");
    assert_eq!(seal.0, pages);
    // Sizes: the seal at its real size (36 mm), the signature 38 mm wide unless the
    // gap is too short for its height.
    assert!(
        (seal.3 - 36.0 * MM).abs() < 0.5,
        "seal width {}",
        seal.3 / MM
    );
    assert!(
        (seal.4 - 36.0 * MM).abs() < 0.5,
        "seal is round: {}",
        seal.4 / MM
    );
    assert!(sig.3 <= 38.0 * MM + 0.5);
    assert!(
        (sig.3 / sig.4 - 600.0 / 200.0).abs() < 0.02,
        "aspect ratio kept"
    );
    // Vertically between the title line and the name.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let lines = lines(&path);
    let title = lines
        .iter()
        .find(|l| l.page == pages && l.text() == "CHÁNH VĂN PHÒNG")
        .expect("title");
    let name = lines
        .iter()
        .find(|l| l.page == pages && l.text() == "Nguyễn Thị Thanh Hương")
        .expect("name");
    assert!(
        sig.2 >= title.y_max() - 1.0 && sig.2 + sig.4 <= name.y_min() + 1.0,
        "{sig:?} between {} and {}",
        title.y_max(),
        name.y_min()
    );
    let gap_centre = (title.y_max() + name.y_min()) / 2.0;
    assert!(
        (sig.2 + sig.4 / 2.0 - gap_centre).abs() < 3.0,
        "signature centred in the gap"
    );
    // Horizontally centred on the signer's block (the name is centred there too).
    let name_centre = (name.x_min() + name.x_max()) / 2.0;
    assert!(
        (sig.1 + sig.3 / 2.0 - name_centre).abs() < 1.0,
        "signature centred on the name"
    );
    // The seal covers the left third of the signature: its right edge at one third.
    let seal_right = seal.1 + seal.3;
    assert!(
        (seal_right - (sig.1 + sig.3 / 3.0)).abs() < 0.5,
        "seal right edge {seal_right} vs {}",
        sig.1 + sig.3 / 3.0
    );
    assert!(seal.1 < sig.1, "the seal starts left of the signature");
    assert!(
        (seal.2 + seal.4 / 2.0 - (sig.2 + sig.4 / 2.0)).abs() < 0.5,
        "same centre height"
    );
}

#[test]
fn signature_field_reserves_the_signing_place() {
    let (pdf, pages) = signed();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let page_id = doc.get_pages()[&(pages as u32)];
    let page = doc.get_dictionary(page_id).unwrap();
    let annots = page.get(b"Annots").unwrap().as_array().unwrap();
    let field = doc
        .get_dictionary(annots[0].as_reference().unwrap())
        .unwrap();
    assert_eq!(field.get(b"FT").unwrap().as_name().unwrap(), b"Sig");
    assert_eq!(field.get(b"F").unwrap().as_i64().unwrap(), 4, "printable");
    assert!(field.get(b"AP").is_ok(), "an appearance, as PDF/A wants");
    let rect: Vec<f64> = field
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap() as f64)
        .collect();
    let draws = images(&pdf);
    let sig = draws[0];
    let (top, bottom) = (841.889_83 - rect[3], 841.889_83 - rect[1]);
    assert!(
        rect[0] <= sig.1 && rect[2] >= sig.1 + sig.3,
        "field spans the signature"
    );
    assert!(top <= sig.2 + 0.5 && bottom >= sig.2 + sig.4 - 0.5);
    // And none unless asked.
    let n = notice("phuc-loi-2018.json");
    let plain = vanban::render::Renderer::new().pdf(&n).unwrap().0;
    assert!(!plain.windows(8).any(|w| w == b"AcroForm"));
}

fn render_with(image: Value) -> (i32, String, usize) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("seal.jpg"),
        [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'],
    )
    .unwrap();
    let mut png = std::fs::read(fixture_path("images/seal.png")).unwrap();
    png.truncate(png.len() / 2);
    std::fs::write(dir.path().join("cut.png"), &png).unwrap();
    let mut huge = vanban::input::image::encode_png(1, 1, &[0, 0, 0, 0]);
    huge[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&huge[12..29]);
    huge[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    std::fs::write(dir.path().join("huge.png"), &huge).unwrap();
    let mut v: Value = serde_json::from_str(&fixture_text("phuc-loi-2018-nd30.json")).unwrap();
    v["seal"] = image;
    let input = dir.path().join("n.json");
    std::fs::write(&input, v.to_string()).unwrap();
    let out_dir = dir.path().join("out");
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args([
            "--lang",
            "en",
            "render",
            input.to_str().unwrap(),
            "--out-dir",
            out_dir.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let files = std::fs::read_dir(&out_dir).map(|d| d.count()).unwrap_or(0);
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        files,
    )
}

#[test]
fn bad_images_get_clear_errors() {
    let cases = [
        (
            json!({"file": "seal.jpg", "width_mm": 36}),
            "seal.file",
            "JPEG",
        ),
        (
            json!({"file": "cut.png", "width_mm": 36}),
            "seal.file",
            "damaged",
        ),
        (
            json!({"file": "huge.png", "width_mm": 36}),
            "seal.file",
            "pixels",
        ),
        (
            json!({"file": "missing.png", "width_mm": 36}),
            "seal.file",
            "cannot read",
        ),
        (
            json!({"data_base64": "%%%", "width_mm": 36}),
            "seal.data_base64",
            "base64",
        ),
        (json!({"file": "cut.png"}), "seal", "width_mm"),
        (json!({"width_mm": 36}), "seal", "exactly one"),
    ];
    for (image, path, words) in cases {
        let (code, err, files) = render_with(image.clone());
        assert_eq!(code, 2, "{image}: {err}");
        assert!(
            err.contains(&format!("at `{path}`")) && err.contains(words),
            "{image}: {err}"
        );
        assert_eq!(files, 0, "nothing written for {image}");
    }
    // base64 works like a file.
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD
        .encode(std::fs::read(fixture_path("images/seal.png")).unwrap());
    let (code, err, files) = render_with(json!({"data_base64": b64, "width_mm": 36}));
    assert_eq!(code, 0, "{err}");
    assert_eq!(files, 1);
}
