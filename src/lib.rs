//! vanban: Vietnamese official conclusion notices from JSON to PDF and DOCX.
//!
//! The pipeline, one module per stage, each reading only what earlier ones made:
//! JSON → [`input`] ([`input::notice::Notice`]) → [`compose`] (Handlebars templates, with
//! the [`profile`]) → markup → [`markup`] → [`document::Document`] (the IR) → [`layout`]
//! ([`layout::resolve()`]: every decision both writers need, made once; then pages) →
//! [`pdf`] and [`docx`]. [`render::Renderer`] is the context that drives them (profiles,
//! templates, fonts, caches); [`batch`] renders many notices, [`issue`] signs and seals a
//! rendered one.
//!
//! An e-office system calls the library directly:
//!
//! ```
//! use vanban::input::notice::Notice;
//! use vanban::render::{Format, Renderer};
//!
//! let json = include_str!("../fixtures/phuc-loi-2018.json");
//! let notice = Notice::from_json(json).expect("a valid notice");
//! let renderer = Renderer::new(); // compile templates once, render many notices
//! let files = renderer.outputs(&notice, Format::All).expect("rendered");
//! assert_eq!(files[0].extension, "pdf");
//! assert!(files[0].bytes.starts_with(b"%PDF-1.7"));
//! assert_eq!(files[0].pages, Some(2));
//! assert_eq!(files[1].extension, "docx");
//!
//! // Errors name the JSON path and position of the bad value, in Vietnamese unless
//! // the thread speaks English (`vanban::messages::set_lang`).
//! let bad = json.replace("2018-01-22", "2018-02-30");
//! let err = Notice::from_json(&bad).unwrap_err();
//! assert_eq!(err.path, "date");
//! assert!(err.message.contains("tháng 2 năm 2018 có 28 ngày"));
//! use vanban::messages::{with_lang, Lang};
//! let err = with_lang(Lang::En, || Notice::from_json(&bad)).unwrap_err();
//! assert!(err.message.contains("month 2 of 2018 has 28 days"));
//! ```

#![deny(missing_docs)]

// The stages are listed in order in the crate documentation above.
pub mod batch;
pub mod compose;
pub mod document;
pub mod docx;
pub mod fonts;
pub mod init;
pub mod input;
pub mod issue;
pub mod layout;
pub mod markup;
pub mod messages;
pub mod pdf;
pub mod profile;
pub mod render;
pub mod units;
pub mod util;
