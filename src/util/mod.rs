//! Small utilities the stages share: atomic output files, XML escaping, positions in a
//! text.

pub mod output;
pub mod position;
pub mod xmlesc;
