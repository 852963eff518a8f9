//! Breaking a paragraph into lines and placing them.
//!
//! First fit: each line takes as many words as fit, exactly as Word and LibreOffice
//! do, so with the same advance widths the DOCX breaks where the PDF does. A word
//! longer than the whole line (a long URL, a pasted code) is broken between
//! characters rather than run past the margin.

use super::{Item, LineSeg, TextRun};
use crate::document::Inline;
use crate::fonts::{fonts, Style};
use crate::profile::{Align, ParagraphStyle};
use crate::units::Pt;

/// A piece of text in one face: part of a word, or one space.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    style: Style,
    underline: bool,
    width: Pt,
    is_space: bool,
}

#[derive(Debug, Clone, Default)]
struct Line {
    pieces: Vec<Piece>,
    /// The line ends the paragraph or a forced break: never justified.
    last: bool,
}

impl Line {
    fn has_words(&self) -> bool {
        self.pieces.iter().any(|p| !p.is_space)
    }

    fn drop_trailing_spaces(&mut self) {
        while self.pieces.last().is_some_and(|p| p.is_space) {
            self.pieces.pop();
        }
    }

    fn width(&self) -> Pt {
        self.pieces.iter().fold(Pt::ZERO, |w, p| w + p.width)
    }

    fn spaces(&self) -> usize {
        self.pieces.iter().filter(|p| p.is_space).count()
    }
}

enum Token {
    Word(Vec<Piece>),
    Space(Piece),
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

fn tokenize(content: &[Inline], style: &ParagraphStyle) -> Vec<Token> {
    let set = fonts();
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
        let mut word = String::new();
        let flush = |word: &mut String, tokens: &mut Vec<Token>| {
            if word.is_empty() {
                return;
            }
            let piece = Piece {
                width: face.width(word, size),
                text: std::mem::take(word),
                style: face_style,
                underline,
                is_space: false,
            };
            // A word continues across a change of emphasis ("Số<b>05</b>").
            match tokens.last_mut() {
                Some(Token::Word(pieces)) => pieces.push(piece),
                _ => tokens.push(Token::Word(vec![piece])),
            }
        };
        let chars: Vec<char> = run.text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                flush(&mut word, &mut tokens);
                tokens.push(Token::Space(Piece {
                    text: " ".into(),
                    style: face_style,
                    underline,
                    width: face.advance(' ', size),
                    is_space: true,
                }));
            } else {
                word.push(c);
                let prev = i.checked_sub(1).map(|j| chars[j]);
                if breaks_after_dash(prev, c, chars.get(i + 1).copied()) {
                    flush(&mut word, &mut tokens);
                    tokens.push(Token::Opportunity);
                }
            }
        }
        flush(&mut word, &mut tokens);
    }
    tokens
}

/// Split a word wider than `avail` into pieces that each fit (at least one character).
fn split_long_word(word: Vec<Piece>, first_avail: Pt, avail: Pt, size: Pt) -> Vec<Vec<Piece>> {
    let set = fonts();
    let mut chunks: Vec<Vec<Piece>> = Vec::new();
    let mut cur: Vec<Piece> = Vec::new();
    let mut cur_w = Pt::ZERO;
    let mut limit = first_avail;
    for piece in word {
        let face = set.face(piece.style);
        for c in piece.text.chars() {
            let w = face.advance(c, size);
            if cur_w + w > limit && cur_w > Pt::ZERO {
                chunks.push(std::mem::take(&mut cur));
                cur_w = Pt::ZERO;
                limit = avail;
            }
            match cur.last_mut() {
                Some(p) if p.style == piece.style && p.underline == piece.underline => {
                    p.text.push(c);
                    p.width += w;
                }
                _ => cur.push(Piece {
                    text: c.to_string(),
                    style: piece.style,
                    underline: piece.underline,
                    width: w,
                    is_space: false,
                }),
            }
            cur_w += w;
        }
    }
    if !cur.is_empty() {
        chunks.push(cur);
    }
    chunks
}

fn break_lines(tokens: Vec<Token>, width: Pt, indent: Pt, size: Pt) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut cur = Line::default();
    let avail = |lines: &Vec<Line>| {
        if lines.is_empty() {
            width - indent
        } else {
            width
        }
    };
    for token in tokens {
        match token {
            Token::Space(p) => {
                if cur.has_words() {
                    cur.pieces.push(p);
                }
            }
            Token::Opportunity => {}
            Token::Break => {
                cur.drop_trailing_spaces();
                cur.last = true;
                lines.push(std::mem::take(&mut cur));
            }
            Token::Word(pieces) => {
                let w = pieces.iter().fold(Pt::ZERO, |a, p| a + p.width);
                // Small tolerance so a line measured at exactly the width is kept.
                if cur.has_words() && cur.width() + w > avail(&lines) + Pt(0.001) {
                    cur.drop_trailing_spaces();
                    lines.push(std::mem::take(&mut cur));
                }
                if !cur.has_words() && w > avail(&lines) + Pt(0.001) {
                    let mut chunks = split_long_word(pieces, avail(&lines), width, size);
                    let tail = chunks.pop().unwrap_or_default();
                    for chunk in chunks {
                        lines.push(Line {
                            pieces: chunk,
                            last: false,
                        });
                    }
                    cur.pieces = tail;
                } else {
                    cur.pieces.extend(pieces);
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
pub struct LaidLine {
    pub items: Vec<Item>,
    /// Natural width of the text (without justification).
    pub width: Pt,
}

/// Break and place a paragraph in a column from `x` of `width`.
pub fn layout_paragraph(
    content: &[Inline],
    style: &ParagraphStyle,
    x: Pt,
    width: Pt,
) -> Vec<LaidLine> {
    let size = style.size();
    let indent = style.first_line_indent();
    let lines = break_lines(tokenize(content, style), width, indent, size);
    let line_height = style.line_height();
    let regular = fonts().face(Style::Regular);
    let (ascent, descent) = (regular.ascent(size), regular.descent(size));
    // Centre the font's ascent-descent box in the fixed line box.
    let baseline = (line_height - ascent - descent) / 2.0 + ascent;

    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let indent = if i == 0 { indent } else { Pt::ZERO };
            let avail = width - indent;
            let natural = line.width();
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
                    text: first.text,
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
                    run.text.push_str(&p.text);
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
                        y: baseline + size * 0.11,
                        width: run_w - trailing_space,
                        thickness: size * 0.05,
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
        let lines = layout_paragraph(&text(words), &style, Pt(85.0), Pt(467.7));
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
        let lines = layout_paragraph(&text(t), &style, Pt(0.0), width);
        let texts: Vec<String> = lines.iter().map(line_text).collect();
        assert_eq!(texts, vec!["Theo kế hoạch 12/KH-", "UBND"]);
    }

    #[test]
    fn overlong_word_is_broken_not_overflowed() {
        let long = "https://".to_string() + &"a".repeat(300);
        let style = body();
        let lines = layout_paragraph(&text(&long), &style, Pt(0.0), Pt(200.0));
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= Pt(200.0), "{:?}", l.width);
        }
        let joined: String = lines.iter().map(line_text).collect();
        assert_eq!(joined, long);
    }
}
