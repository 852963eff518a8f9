//! Breaking a paragraph into lines and placing them.
//!
//! First fit: each line takes as many words as fit, exactly as Word and LibreOffice
//! do, so with the same advance widths the DOCX breaks where the PDF does. A word
//! longer than the whole line (a long URL, a pasted code) is broken between
//! characters rather than run past the margin.

use super::{Item, LineSeg, TextRun};
use crate::document::Inline;
use crate::fonts::{FontSet, Style};
use crate::profile::{Align, ParagraphStyle};
use crate::units::Pt;

/// A piece of text in one face: part of a word, or one space. It borrows the
/// paragraph's text: a page of body text is thousands of pieces.
#[derive(Debug, Clone, Copy)]
struct Piece<'a> {
    text: &'a str,
    style: Style,
    underline: bool,
    width: Pt,
    is_space: bool,
}

#[derive(Debug, Clone, Default)]
struct Line<'a> {
    pieces: Vec<Piece<'a>>,
    /// The sum of the pieces' widths, in order (as a fold would add them).
    width: Pt,
    /// Pieces that are not spaces.
    words: usize,
    /// The line ends the paragraph or a forced break: never justified.
    last: bool,
}

impl<'a> Line<'a> {
    fn has_words(&self) -> bool {
        self.words > 0
    }

    fn push(&mut self, piece: Piece<'a>) {
        self.width += piece.width;
        self.words += usize::from(!piece.is_space);
        self.pieces.push(piece);
    }

    fn drop_trailing_spaces(&mut self) {
        let before = self.pieces.len();
        while self.pieces.last().is_some_and(|p| p.is_space) {
            self.pieces.pop();
        }
        if self.pieces.len() != before {
            // Summed again rather than subtracted, so the width is exactly the
            // sum of what stays.
            self.width = self.pieces.iter().fold(Pt::ZERO, |w, p| w + p.width);
        }
    }

    fn spaces(&self) -> usize {
        self.pieces.len() - self.words
    }
}

enum Token<'a> {
    /// Part of a word; consecutive parts are one word that changes emphasis
    /// ("Số<b>05</b>").
    Part(Piece<'a>),
    Space(Piece<'a>),
    /// A forced line break.
    Break,
    /// A place inside a word where a line may end without a space (after a hyphen).
    Opportunity,
}

/// Whether a line may end after the dash `c` inside a word, as Word and LibreOffice
/// allow (Unicode line breaking, UAX #14): after a hyphen-minus or an en dash that
/// follows a letter and is followed by anything but a digit ("05/TB-UBND" may break
/// after "TB-"; "2017-2018" may not).
fn breaks_after_dash(prev: Option<char>, c: char, next: Option<char>) -> bool {
    matches!(c, '-' | '\u{2013}')
        && prev.is_some_and(|p| !p.is_whitespace() && !matches!(p, '-' | '\u{2013}'))
        && next.is_some_and(|n| {
            !n.is_whitespace() && !n.is_ascii_digit() && !matches!(n, '-' | '\u{2013}')
        })
}

fn tokenize<'a>(set: &FontSet, content: &'a [Inline], style: &ParagraphStyle) -> Vec<Token<'a>> {
    let size = style.size();
    let mut tokens: Vec<Token> = Vec::new();
    for inline in content {
        let run = match inline {
            Inline::LineBreak => {
                tokens.push(Token::Break);
                continue;
            }
            Inline::Text(run) => run,
        };
        let face_style = Style::from_flags(style.bold || run.bold, style.italic || run.italic);
        let face = set.face(face_style);
        let underline = style.underline || run.underline;
        let text = run.text.as_str();
        let part = |range: std::ops::Range<usize>| {
            let text = &text[range];
            Token::Part(Piece {
                width: face.width(text, size),
                text,
                style: face_style,
                underline,
                is_space: false,
            })
        };
        let space = Piece {
            text: " ",
            style: face_style,
            underline,
            width: face.advance(' ', size),
            is_space: true,
        };
        // The word being read starts at byte `start`.
        let mut start = 0;
        let mut prev = None;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == ' ' {
                if start < i {
                    tokens.push(part(start..i));
                }
                tokens.push(Token::Space(space));
                start = i + 1;
            } else {
                let next = chars.peek().map(|&(_, n)| n);
                if breaks_after_dash(prev, c, next) {
                    let end = i + c.len_utf8();
                    tokens.push(part(start..end));
                    tokens.push(Token::Opportunity);
                    start = end;
                }
            }
            prev = Some(c);
        }
        if start < text.len() {
            tokens.push(part(start..text.len()));
        }
    }
    tokens
}

/// Split a word wider than `avail` into pieces that each fit (at least one character).
fn split_long_word<'a>(
    set: &FontSet,
    word: &[Token<'a>],
    first_avail: Pt,
    avail: Pt,
    size: Pt,
) -> Vec<Vec<Piece<'a>>> {
    let mut chunks: Vec<Vec<Piece>> = Vec::new();
    let mut cur: Vec<Piece> = Vec::new();
    let mut cur_w = Pt::ZERO;
    let mut limit = first_avail;
    for token in word {
        let Token::Part(piece) = token else { continue };
        let face = set.face(piece.style);
        // Where the slice of this piece that ends `cur` starts, if one does.
        let mut slice_start: Option<usize> = None;
        for (i, c) in piece.text.char_indices() {
            let w = face.advance(c, size);
            if cur_w + w > limit && cur_w > Pt::ZERO {
                chunks.push(std::mem::take(&mut cur));
                cur_w = Pt::ZERO;
                limit = avail;
                slice_start = None;
            }
            let end = i + c.len_utf8();
            match (slice_start, cur.last_mut()) {
                (Some(from), Some(p)) => {
                    p.text = &piece.text[from..end];
                    p.width += w;
                }
                _ => {
                    cur.push(Piece {
                        text: &piece.text[i..end],
                        width: w,
                        ..*piece
                    });
                    slice_start = Some(i);
                }
            }
            cur_w += w;
        }
    }
    if !cur.is_empty() {
        chunks.push(cur);
    }
    chunks
}

fn break_lines<'a>(
    set: &FontSet,
    tokens: &[Token<'a>],
    width: Pt,
    indent: Pt,
    size: Pt,
) -> Vec<Line<'a>> {
    let mut lines: Vec<Line> = Vec::new();
    let mut cur = Line::default();
    let avail = |lines: &Vec<Line>| {
        if lines.is_empty() {
            width - indent
        } else {
            width
        }
    };
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Space(p) => {
                if cur.has_words() {
                    cur.push(*p);
                }
                i += 1;
            }
            Token::Opportunity => i += 1,
            Token::Break => {
                cur.drop_trailing_spaces();
                cur.last = true;
                lines.push(std::mem::take(&mut cur));
                i += 1;
            }
            Token::Part(_) => {
                let end = tokens[i..]
                    .iter()
                    .position(|t| !matches!(t, Token::Part(_)))
                    .map_or(tokens.len(), |n| i + n);
                let word = &tokens[i..end];
                i = end;
                let parts = word.iter().filter_map(|t| match t {
                    Token::Part(p) => Some(*p),
                    _ => None,
                });
                let w = parts.clone().fold(Pt::ZERO, |a, p| a + p.width);
                // Small tolerance so a line measured at exactly the width is kept.
                if cur.has_words() && cur.width + w > avail(&lines) + Pt(0.001) {
                    cur.drop_trailing_spaces();
                    lines.push(std::mem::take(&mut cur));
                }
                if !cur.has_words() && w > avail(&lines) + Pt(0.001) {
                    let mut chunks = split_long_word(set, word, avail(&lines), width, size);
                    let tail = chunks.pop().unwrap_or_default();
                    for chunk in chunks {
                        let mut line = Line::default();
                        chunk.into_iter().for_each(|p| line.push(p));
                        lines.push(line);
                    }
                    cur = Line::default();
                    tail.into_iter().for_each(|p| cur.push(p));
                } else {
                    parts.for_each(|p| cur.push(p));
                }
            }
        }
    }
    cur.drop_trailing_spaces();
    cur.last = true;
    if cur.has_words() || lines.is_empty() || !cur.pieces.is_empty() {
        lines.push(cur);
    }
    if let Some(l) = lines.last_mut() {
        l.last = true;
    }
    lines
}

/// One laid-out line: its items relative to the top of its line box.
#[derive(Debug)]
pub struct LaidLine {
    pub items: Vec<Item>,
    /// Natural width of the text (without justification).
    pub width: Pt,
}

/// Break and place a paragraph in a column from `x` of `width`, measured with `set`.
pub fn layout_paragraph(
    set: &FontSet,
    content: &[Inline],
    style: &ParagraphStyle,
    x: Pt,
    width: Pt,
) -> Vec<LaidLine> {
    let size = style.size();
    let indent = style.first_line_indent();
    let tokens = tokenize(set, content, style);
    let lines = break_lines(set, &tokens, width, indent, size);
    let line_height = style.line_height();
    let regular = set.face(Style::Regular);
    let (ascent, descent) = (regular.ascent(size), regular.descent(size));
    // Centre the font's ascent-descent box in the fixed line box.
    let baseline = (line_height - ascent - descent) / 2.0 + ascent;

    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let indent = if i == 0 { indent } else { Pt::ZERO };
            let avail = width - indent;
            let natural = line.width;
            let spaces = line.spaces();
            let (mut cx, extra) = match style.align {
                Align::Justify if !line.last && spaces > 0 && natural < avail => {
                    (x + indent, (avail - natural) / spaces as f64)
                }
                Align::Justify | Align::Left => (x + indent, Pt::ZERO),
                Align::Center => (x + indent + (avail - natural) / 2.0, Pt::ZERO),
                Align::Right => (x + indent + avail - natural, Pt::ZERO),
            };
            let mut items = Vec::new();
            let mut pieces = line.pieces.into_iter().peekable();
            while let Some(first) = pieces.next() {
                let mut run = TextRun {
                    x: cx,
                    baseline,
                    style: first.style,
                    size,
                    text: first.text.to_string(),
                    space_extra: extra,
                };
                let underline = first.underline;
                let mut run_w = first.width + if first.is_space { extra } else { Pt::ZERO };
                let mut trailing_space = if first.is_space {
                    first.width + extra
                } else {
                    Pt::ZERO
                };
                while let Some(p) =
                    pieces.next_if(|p| p.style == run.style && p.underline == underline)
                {
                    run.text.push_str(p.text);
                    let w = p.width + if p.is_space { extra } else { Pt::ZERO };
                    run_w += w;
                    trailing_space = if p.is_space {
                        trailing_space + w
                    } else {
                        Pt::ZERO
                    };
                }
                if underline {
                    items.push(Item::Line(LineSeg {
                        x: cx,
                        y: baseline + size * style.underline_geometry.offset_em,
                        width: run_w - trailing_space,
                        thickness: size * style.underline_geometry.thickness_em,
                    }));
                }
                cx += run_w;
                items.push(Item::Text(run));
            }
            LaidLine {
                items,
                width: natural,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Run;
    use crate::fonts::fonts;
    use crate::profile::Profile;

    fn body() -> ParagraphStyle {
        Profile::builtin("nd30").unwrap().styles["body"].clone()
    }

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text(Run {
            text: s.into(),
            ..Run::default()
        })]
    }

    fn line_text(l: &LaidLine) -> String {
        l.items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn justified_lines_reach_the_right_edge() {
        let words = "Đảng ủy, chính quyền phường phải dự báo được tình hình phát triển đô thị của phường năm tới để chủ động triển khai tổ chức thực hiện nhiệm vụ quận giao.";
        let style = body();
        let lines = layout_paragraph(fonts(), &text(words), &style, Pt(85.0), Pt(467.7));
        assert!(lines.len() >= 2);
        let face = fonts().face(Style::Regular);
        for (i, l) in lines.iter().enumerate() {
            let Item::Text(run) = &l.items[0] else {
                panic!()
            };
            let spaces = run.text.matches(' ').count() as f64;
            let drawn = face.width(&run.text, style.size()) + run.space_extra * spaces;
            let right = run.x + drawn;
            if i + 1 < lines.len() {
                assert!(
                    (right.0 - (85.0 + 467.7)).abs() < 0.01,
                    "line {i} ends at {right:?}"
                );
            } else {
                assert_eq!(run.space_extra, Pt::ZERO);
            }
        }
        // First line indented 1.27 cm.
        let Item::Text(first) = &lines[0].items[0] else {
            panic!()
        };
        assert!((first.x.0 - 85.0 - 36.0).abs() < 0.01);
        let joined: Vec<String> = lines.iter().map(line_text).collect();
        assert_eq!(joined.join(" "), words);
    }

    #[test]
    fn lines_may_end_after_a_hyphen_inside_a_word() {
        assert!(breaks_after_dash(Some('B'), '-', Some('U')));
        assert!(
            !breaks_after_dash(Some('7'), '-', Some('2')),
            "2017-2018 stays whole"
        );
        assert!(
            !breaks_after_dash(None, '-', Some('a')),
            "a leading hyphen stays"
        );
        assert!(!breaks_after_dash(Some('a'), '-', Some(' ')));
        // A narrow column: "Kế hoạch số 12/KH-UBND" must break after "KH-".
        let style = body();
        let t = "Theo kế hoạch 12/KH-UBND";
        let face = fonts().face(Style::Regular);
        let width =
            face.width("Theo kế hoạch 12/KH-", style.size()) + style.first_line_indent() + Pt(1.0);
        let lines = layout_paragraph(fonts(), &text(t), &style, Pt(0.0), width);
        let texts: Vec<String> = lines.iter().map(line_text).collect();
        assert_eq!(texts, vec!["Theo kế hoạch 12/KH-", "UBND"]);
    }

    #[test]
    fn overlong_word_is_broken_not_overflowed() {
        let long = "https://".to_string() + &"a".repeat(300);
        let style = body();
        let lines = layout_paragraph(fonts(), &text(&long), &style, Pt(0.0), Pt(200.0));
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= Pt(200.0), "{:?}", l.width);
        }
        let joined: String = lines.iter().map(line_text).collect();
        assert_eq!(joined, long);
    }
}
