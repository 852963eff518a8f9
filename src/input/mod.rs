//! Stage ①, input: a JSON notice (or a batch item, or a spreadsheet row made into one)
//! checked and turned into a [`notice::Notice`]: the serde contract, the text checks
//! (NFC, invisible and bidirectional characters, legacy Vietnamese encodings), calendar
//! dates, the files a notice may name, and the messages that say what is wrong and where.

pub mod check;
pub mod date;
pub mod files;
pub mod image;
pub mod legacy;
pub mod messages;
pub mod notice;
pub mod text;
