//! Huge inputs: a 500-task notice renders with its pages numbered right, and 10 MB of
//! input (one giant paragraph, deeply nested arrays, garbage bytes) fails cleanly and
//! quickly, in bounded memory, leaving no file behind.

mod support;

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Output};
use support::*;

/// Ten megabytes, the size of the hostile inputs.
const TEN_MB: usize = 10_000_000;

/// A small deterministic generator (64-bit LCG), so the notice is the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

const VERBS: [&str; 10] = [
    "Tiếp tục rà soát",
    "Chỉ đạo quyết liệt",
    "Tăng cường kiểm tra, giám sát",
    "Xây dựng kế hoạch và tổ chức thực hiện",
    "Đẩy nhanh tiến độ",
    "Phối hợp chặt chẽ với các phòng, ban của quận để giải quyết dứt điểm",
    "Tổng hợp, báo cáo kết quả",
    "Nâng cao chất lượng",
    "Kiện toàn bộ máy và bố trí cán bộ phụ trách",
    "Tuyên truyền, vận động nhân dân thực hiện",
];

const OBJECTS: [&str; 12] = [
    "công tác quản lý trật tự xây dựng, trật tự đô thị trên địa bàn",
    "các nguồn thu ngân sách nhà nước",
    "công tác giải phóng mặt bằng các dự án hạ tầng kỹ thuật",
    "dịch vụ công trực tuyến mức độ 3, mức độ 4",
    "việc cấp giấy chứng nhận quyền sử dụng đất lần đầu",
    "phong trào toàn dân bảo vệ an ninh Tổ quốc",
    "công tác vệ sinh môi trường, thu gom rác thải sinh hoạt",
    "mạng lưới trường lớp, cơ sở y tế đáp ứng yêu cầu tăng dân số",
    "các tuyến phố văn minh đô thị",
    "công tác đào tạo nghề, giải quyết việc làm, giảm nghèo",
    "hồ sơ tồn đọng về đất đai, khiếu nại, tố cáo",
    "an toàn thực phẩm tại các bếp ăn tập thể và bữa cỗ đông người",
];

const QUALIFIERS: [&str; 8] = [
    "bảo đảm đúng quy định của pháp luật",
    "gắn với trách nhiệm của người đứng đầu",
    "không để phát sinh điểm nóng",
    "có sơ kết, rút kinh nghiệm hằng quý",
    "công khai kết quả tại trụ sở Ủy ban nhân dân phường",
    "huy động sự tham gia của Mặt trận Tổ quốc và các đoàn thể",
    "đạt và vượt chỉ tiêu kế hoạch quận giao năm 2018",
    "trình Ủy ban nhân dân quận xem xét, quyết định",
];

const OWNERS: [&str; 4] = [
    "Ủy ban nhân dân phường",
    "Phòng Quản lý đô thị quận",
    "Phòng Tài chính - Kế hoạch quận, Chi cục Thuế quận",
    "Công an phường",
];

/// 500 tasks of one to six sentences each, some with an owner and a deadline.
fn tasks(n: usize) -> Vec<Value> {
    let mut rng = Lcg(2018);
    (0..n)
        .map(|i| {
            let sentences = 1 + rng.next(6);
            let text = (0..sentences)
                .map(|_| {
                    format!(
                        "{} {}, {}.",
                        VERBS[rng.next(VERBS.len())],
                        OBJECTS[rng.next(OBJECTS.len())],
                        QUALIFIERS[rng.next(QUALIFIERS.len())]
                    )
                })
                .collect::<Vec<_>>()
                .join(" ");
            let mut task = json!({ "text": text });
            if i % 3 != 0 {
                task["owner"] = json!(OWNERS[rng.next(OWNERS.len())]);
            }
            if i % 4 == 1 {
                task["deadline"] = json!(format!(
                    "2018-{:02}-{:02}",
                    3 + rng.next(10),
                    1 + rng.next(28)
                ));
            }
            task
        })
        .collect()
}

fn nd30() -> Value {
    serde_json::from_str(&fixture_text("phuc-loi-2018-nd30.json")).unwrap()
}

/// Run vanban in English (the messages asserted here are the English ones).
fn vanban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["--lang", "en"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("vanban runs")
}

fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Run `validate` and `render` on `input` (rendering into `out` next to it): each must
/// exit with code 0 or 2, print a message on stderr, and leave no file
/// when it fails. Returns the two exit codes and stderr texts.
fn run_both(input: &Path) -> Vec<(i32, String)> {
    let out_path = input.with_file_name("out");
    let input = input.to_str().unwrap();
    let mut results = Vec::new();
    for args in [
        vec!["validate", input],
        vec!["render", input, "--out-dir", out_path.to_str().unwrap()],
    ] {
        let out = vanban(&args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let code = out
            .status
            .code()
            .unwrap_or_else(|| panic!("{args:?}: killed by a signal ({:?}): {stderr}", out.status));
        assert!(
            code == 0 || code == 2,
            "{args:?}: exit code {code}: {stderr}"
        );
        assert!(!stderr.trim().is_empty(), "{args:?}: nothing on stderr");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        if code != 0 {
            assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
            assert_eq!(
                files_in(&out_path),
                Vec::<String>::new(),
                "{args:?}: files left behind"
            );
        }
        results.push((code, stderr));
    }
    results
}

#[test]
fn five_hundred_tasks_render_with_numbered_pages() {
    let mut v = nd30();
    v["body"]["tasks"] = Value::Array(tasks(500));
    let text = serde_json::to_string_pretty(&v).unwrap();
    let n = vanban::input::notice::Notice::from_json(&text).expect("the 500-task notice is valid");
    assert_eq!(n.body.tasks.len(), 500);
    let (bytes, pages) = vanban::render::Renderer::new().pdf(&n).expect("renders");
    assert!(pages > 20, "500 tasks on only {pages} pages");
    eprintln!("500 tasks: {} bytes of JSON, {pages} pages", text.len());

    let dir = tempfile::tempdir().unwrap();
    // The CLI takes it too: well under the input size limit.
    let input = dir.path().join("tasks-500.json");
    std::fs::write(&input, &text).unwrap();
    let out = vanban(&["validate", input.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    if !have_tool("pdftotext") {
        return;
    }
    let pdf = dir.path().join("tasks-500.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let info = run("pdfinfo", &[], &pdf);
    let reported: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("pdfinfo reports pages");
    assert_eq!(reported, pages);
    let lines = lines(&pdf);
    assert_page_numbers(&lines, pages, "500 tasks");
    let label = lines
        .iter()
        .find(|l| l.text().starts_with("Nơi nhận:"))
        .expect("Nơi nhận:");
    assert_eq!(
        label.page, pages,
        "Nơi nhận: is on page {} of {pages}",
        label.page
    );
    // The last task is there, numbered.
    assert!(
        lines.iter().any(|l| l.text().starts_with("500. ")),
        "task 500 is missing"
    );
}

/// The 10 MB files, written once per test into a temporary folder.
fn big_file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A notice whose one assessment paragraph is `size` bytes of Vietnamese words.
fn giant_paragraph(size: usize) -> Vec<u8> {
    giant_paragraph_chars(size, usize::MAX)
}

/// A notice with one assessment paragraph of at least `size` bytes, cut to at most
/// `max_chars` characters.
fn giant_paragraph_chars(size: usize, max_chars: usize) -> Vec<u8> {
    let mut v = nd30();
    let mut rng = Lcg(7);
    let mut para = String::with_capacity(size.min(1 << 22) + 100);
    let mut chars = 0;
    while para.len() < size && chars < max_chars {
        for piece in [
            OBJECTS[rng.next(OBJECTS.len())],
            if rng.next(5) == 0 { ". " } else { ", " },
        ] {
            para.push_str(piece);
            chars += piece.chars().count();
        }
    }
    let para: String = para
        .chars()
        .take(max_chars)
        .collect::<String>()
        .trim()
        .to_string();
    v["body"]["assessment"] = json!([para]);
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn ten_megabyte_paragraph_is_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = big_file(dir.path(), "paragraph.json", &giant_paragraph(TEN_MB));
    for (code, stderr) in run_both(&path) {
        // Decided: one notice is at most 1 MiB of input; past that the CLI refuses it
        // unread, naming the limit (rendering 10 MB would need about 1 GB of memory).
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("larger than 1 MiB"), "{stderr}");
    }
}

#[test]
fn paragraph_at_the_field_limit_renders() {
    let dir = tempfile::tempdir().unwrap();
    let max = vanban::input::text::MAX_CHARS;
    let path = big_file(
        dir.path(),
        "paragraph.json",
        &giant_paragraph_chars(usize::MAX, max),
    );
    assert!(std::fs::metadata(&path).unwrap().len() <= 1 << 20);
    let results = run_both(&path);
    assert!(results.iter().all(|(code, _)| *code == 0), "{results:?}");
    let pdf = dir.path().join("out").join("paragraph.pdf");
    // 100,000 characters at about 3,000 a page of 14 pt body text.
    let pages = lopdf::Document::load(&pdf)
        .expect("lopdf loads the PDF")
        .get_pages()
        .len();
    assert!((28..=40).contains(&pages), "{pages} pages");
}

#[test]
fn paragraph_over_the_field_limit_names_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = big_file(dir.path(), "paragraph.json", &giant_paragraph(900_000));
    assert!(std::fs::metadata(&path).unwrap().len() <= 1 << 20);
    for (code, stderr) in run_both(&path) {
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("at `body.assessment[0]`")
                && stderr.contains("the limit for one field"),
            "{stderr}"
        );
    }
    assert!(!dir.path().join("out").join("paragraph.pdf").exists());
}

#[test]
fn ten_megabytes_of_nested_arrays_is_a_clean_error() {
    let dir = tempfile::tempdir().unwrap();
    let nested = vec![b'['; TEN_MB];
    let path = big_file(dir.path(), "nested.json", &nested);
    for (code, stderr) in run_both(&path) {
        assert_eq!(code, 2, "{stderr}");
    }
    // Under the size limit the parser sees it: malformed JSON or a wrong type, never
    // a stack overflow (serde_json stops at 128 levels; the typed reader sooner).
    let small = big_file(dir.path(), "nested-small.json", &nested[..1 << 19]);
    for (code, stderr) in run_both(&small) {
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("malformed JSON")
                || stderr.contains("wrong type")
                || stderr.contains("a notice is a JSON object"),
            "{stderr}"
        );
    }
    // The library has no size limit: give it the whole 10 MB, bare and inside fields.
    let text = String::from_utf8(nested).unwrap();
    let err = vanban::messages::with_lang(vanban::messages::Lang::En, || {
        vanban::input::notice::Notice::from_json(&text)
    })
    .unwrap_err();
    assert!(err.message.contains("a notice is a JSON object"), "{err}");
    let err = vanban::input::notice::Notice::from_json(&text).unwrap_err();
    assert!(err.message.contains("đây là một danh sách"), "{err}");
    let mut v = nd30();
    v["meeting"] = json!("MEETING");
    let doc = serde_json::to_string(&v).unwrap();
    for wrapped in [
        doc.replace("\"MEETING\"", &text),
        format!("{{\"profile\": {text}"),
        format!("{{\"body\": {{\"assessment\": {text}"),
        format!("{{\"extra\": {text}"),
    ] {
        let err = vanban::input::notice::Notice::from_json(&wrapped).unwrap_err();
        assert!(!err.message.is_empty());
    }
}

#[test]
fn ten_megabytes_of_garbage_is_a_clean_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Lcg(99);
    let garbage: Vec<u8> = (0..TEN_MB).map(|_| rng.next(256) as u8).collect();
    let path = big_file(dir.path(), "garbage.json", &garbage);
    for (code, stderr) in run_both(&path) {
        assert_eq!(code, 2, "{stderr}");
    }
    // Under the size limit: invalid UTF-8 is named, with where it is.
    let mut small = b"{\n  \"profile\": \"nd30\",\n  \"place\": \"H".to_vec();
    small.extend_from_slice(&[0xE0, 0x80, b'"']);
    small.extend_from_slice(&garbage[..1 << 19]);
    let path = big_file(dir.path(), "latin1.json", &small);
    for (code, stderr) in run_both(&path) {
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("3:14") && stderr.contains("UTF-8"),
            "{stderr}"
        );
    }
    // Valid UTF-8 that is not JSON.
    let text: String = (0..1 << 18)
        .map(|_| char::from_u32(0x20 + rng.next(0x2000) as u32).unwrap_or('?'))
        .collect();
    let path = big_file(dir.path(), "noise.json", text.as_bytes());
    for (code, stderr) in run_both(&path) {
        assert_eq!(code, 2, "{stderr}");
    }
}
