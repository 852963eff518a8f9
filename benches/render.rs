//! Criterion benchmarks of one notice, stage by stage (issue 5).
//!
//! The notice is `fixtures/phuc-loi-2018.json` (Party format, hd36, two pages). Each
//! stage is measured on its own, from the output of the stage before it, which is
//! computed once outside the timed loop:
//!
//! | bench            | what is timed                                             |
//! |------------------|-----------------------------------------------------------|
//! | `parse`          | `Notice::from_json` (serde + NFC + checks)                |
//! | `document`       | `Renderer::document`: Handlebars template + markup parser |
//! | `layout`         | `Renderer::layout`: line breaking, flow, pagination       |
//! | `pdf`            | `vanban::pdf::write_pdf` of a ready layout, warm fonts    |
//! | `docx`           | `vanban::docx::write_docx` of a ready Document            |
//! | `end_to_end_pdf` | JSON text → `Notice` → `Renderer::pdf` bytes              |
//! | `end_to_end_all` | JSON text → `Notice` → `Renderer::outputs(_, Format::All)`|
//!
//! The `Renderer` is built once (as a batch or an e-office server would) and the fonts
//! are warmed up before measuring, so the figures are steady-state per-notice costs; the
//! cold start of a process is measured by `bench/compare.sh`.
//!
//! Run: `cargo bench --bench render` (about 35 s on 2 cores), or one stage:
//! `cargo bench --bench render -- layout`. Measurement time is kept short (3 s per
//! bench, 30 samples) so that the whole run fits comfortably in two minutes. Criterion
//! prints the mean; the median of each stage is in
//! `target/criterion/phuc-loi-2018/<stage>/new/estimates.json` (`median.point_estimate`,
//! in ns).

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use std::hint::black_box;
use std::time::Duration;
use vanban::input::notice::Notice;
use vanban::render::{Format, Renderer};

const FIXTURE: &str = include_str!("../fixtures/phuc-loi-2018.json");

fn stages(c: &mut Criterion) {
    let renderer = Renderer::new();
    let notice = Notice::from_json(FIXTURE).expect("fixture is valid");
    let doc = renderer.document(&notice).expect("fixture renders");
    let layout = renderer.layout(&notice, &doc).expect("fixture lays out");
    let profile = renderer.profile(notice.profile.as_str()).expect("built-in");
    let resolved = vanban::layout::resolve(&doc, profile, renderer.fonts());
    // Warm up a font cache, as a renderer's, outside every measurement.
    let fonts = vanban::pdf::FontCache::new();
    vanban::pdf::write_pdf(&layout, &doc.info, &fonts).expect("pdf");
    renderer.pdf(&notice).expect("pdf");
    assert_eq!(layout.pages.len(), 2, "the fixture is a two-page notice");

    let mut g = c.benchmark_group("phuc-loi-2018");
    // Flat sampling: the slow stages (pdf, end to end: ~10 ms) fit 30 samples in 3 s.
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));

    g.bench_function("parse", |b| {
        b.iter(|| Notice::from_json(black_box(FIXTURE)).unwrap())
    });
    g.bench_function("document", |b| {
        b.iter(|| renderer.document(black_box(&notice)).unwrap())
    });
    g.bench_function("layout", |b| {
        b.iter(|| {
            renderer
                .layout(black_box(&notice), black_box(&doc))
                .unwrap()
        })
    });
    g.bench_function("pdf", |b| {
        b.iter(|| vanban::pdf::write_pdf(black_box(&layout), black_box(&doc.info), &fonts).unwrap())
    });
    g.bench_function("resolve", |b| {
        b.iter(|| vanban::layout::resolve(black_box(&doc), profile, renderer.fonts()))
    });
    let parts = vanban::docx::PartsCache::new();
    g.bench_function("docx", |b| {
        b.iter(|| {
            let splits = &[];
            vanban::docx::write_resolved(
                black_box(&doc),
                black_box(&resolved),
                splits,
                profile,
                &parts,
            )
            .unwrap()
        })
    });
    g.bench_function("end_to_end_pdf", |b| {
        b.iter(|| {
            let n = Notice::from_json(black_box(FIXTURE)).unwrap();
            renderer.pdf(&n).unwrap()
        })
    });
    g.bench_function("end_to_end_all", |b| {
        b.iter(|| {
            let n = Notice::from_json(black_box(FIXTURE)).unwrap();
            renderer.outputs(&n, Format::All).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
