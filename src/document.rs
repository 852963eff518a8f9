//! The Document IR: the hub between the template and the writers.
//!
//! Like pandoc's AST, it is the one representation both the PDF and the DOCX writers
//! read; they never talk to each other. It knows structure (paragraphs with named
//! styles, rules, side-by-side rows) and inline emphasis, but no geometry: sizes come
//! from the profile, positions from layout.

use crate::input::date::Date;
use crate::profile::{RowRole, RuleId, StyleId};

/// A whole notice, ready for layout or DOCX writing.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The content, in reading order.
    pub blocks: Vec<Block>,
    /// Metadata.
    pub info: Info,
    /// Signature and seal images, placed by each writer in the signature area (the
    /// gap above the profile's `signature.anchor_style` paragraph).
    pub signing: crate::input::image::Signing,
}

/// Facts about the document that writers put in metadata, not on the page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Info {
    /// Document title for metadata: the trích yếu.
    pub title: String,
    /// The issuing body.
    pub author: String,
    /// The type line and trích yếu.
    pub subject: String,
    /// Number and symbol, e.g. "05/TB-UBND".
    pub keywords: Vec<String>,
    /// Date of issue: the only date written into outputs (never the wall clock).
    pub date: Option<Date>,
}

/// A block of the flow.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Paragraph),
    /// A short horizontal rule.
    Rule(Rule),
    /// Blocks side by side.
    Row(Row),
}

/// A paragraph in a named profile style.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The profile style (an id only a profile can make, so it names one of its styles).
    pub style: StyleId,
    /// Text and line breaks.
    pub content: Vec<Inline>,
}

impl Paragraph {
    /// The paragraph's text with line breaks as '\n'.
    pub fn plain_text(&self) -> String {
        let mut s = String::new();
        for i in &self.content {
            match i {
                Inline::Text(r) => s.push_str(&r.text),
                Inline::LineBreak => s.push('\n'),
            }
        }
        s
    }
}

/// Inline content of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// A run of text.
    Text(Run),
    /// A forced line break.
    LineBreak,
}

/// Text with emphasis added on top of the paragraph style.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Bold on top of the style.
    pub bold: bool,
    /// Italic on top of the style.
    pub italic: bool,
    /// Underlined on top of the style.
    pub underline: bool,
}

/// A horizontal rule, sized from the paragraph just above it in the same flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The profile rule.
    pub style: RuleId,
}

/// Blocks side by side (the header; Nơi nhận beside the signature), never split
/// across pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Key of the profile's `rows` table giving the column widths.
    pub role: RowRole,
    /// The columns' contents, one per column of the role.
    pub cells: Vec<Vec<Block>>,
    /// Stay on the page of the last lines of the preceding paragraph.
    pub keep_with_previous: bool,
}

impl Document {
    /// All text of the document in reading order, one paragraph per line.
    pub fn plain_text(&self) -> String {
        fn walk(blocks: &[Block], out: &mut String) {
            for b in blocks {
                match b {
                    Block::Paragraph(p) => {
                        out.push_str(&p.plain_text());
                        out.push('\n');
                    }
                    Block::Rule(_) => {}
                    Block::Row(r) => {
                        for c in &r.cells {
                            walk(c, out);
                        }
                    }
                }
            }
        }
        let mut s = String::new();
        walk(&self.blocks, &mut s);
        s
    }
}
