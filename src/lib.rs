//! vanban: Vietnamese official conclusion notices from JSON to PDF and DOCX.
//!
//! The pipeline, one module per stage:
//! JSON → [`notice::Notice`] → [`template`] (Handlebars) → markup → [`markup`] parser →
//! [`document::Document`] (the IR) → [`layout`] → [`pdf`]; and IR → [`docx`].

pub mod batch;
pub mod date;
pub mod document;
pub mod docx;
pub mod errors;
pub mod fontprog;
pub mod fonts;
pub mod image;
pub mod layout;
pub mod legacy;
pub mod markup;
pub mod meta;
pub mod notice;
pub mod output;
pub mod pdf;
pub mod profile;
pub mod render;
pub mod template;
pub mod text;
pub mod units;
pub mod xmlesc;
pub mod xmp;
