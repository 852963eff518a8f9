//! JSON text → Notice → PDF bytes: whatever the input, an `Err` or a PDF, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vanban::input::notice::Notice;
use vanban::render::Renderer;

fuzz_target!(|data: &[u8]| {
    static RENDERER: OnceLock<Renderer> = OnceLock::new();
    // The CLI reads UTF-8 text; other bytes are refused before the parser.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(notice) = Notice::from_json(text) {
        let renderer = RENDERER.get_or_init(Renderer::new);
        let _ = renderer.pdf(&notice);
    }
});
