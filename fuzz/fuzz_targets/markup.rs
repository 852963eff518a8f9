//! Markup → Document → layout → PDF (nd30 profile): an `Err` or a PDF, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vanban::document::Info;
use vanban::profile::Profile;

fuzz_target!(|data: &[u8]| {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    static FONTS: OnceLock<vanban::pdf::FontCache> = OnceLock::new();
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let profile = PROFILE.get_or_init(|| Profile::builtin("nd30").expect("built-in profile"));
    if let Ok(doc) = vanban::markup::parse(src, profile, Info::default()) {
        let layout = vanban::layout::layout(&doc, profile, vanban::fonts::fonts());
        let fonts = FONTS.get_or_init(vanban::pdf::FontCache::new);
        let _ = vanban::pdf::write_pdf(&layout, &doc.info, fonts);
    }
});
