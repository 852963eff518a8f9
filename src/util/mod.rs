//! Small utilities the stages share: atomic output files, XML escaping, positions in a
//! text, deflate with reused compressors, a stable digest.

pub mod deflate;
pub mod digest;
pub mod output;
pub mod position;
pub mod xmlesc;
