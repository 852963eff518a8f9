//! The markup: the small XML vocabulary templates write, parsed into the IR.
//!
//! ```text
//! <document>
//!   <row role="header" keep-with-previous="false"><cell>…</cell><cell>…</cell></row>
//!   <p style="body">text <b>bold</b> <i>italic</i> <u>underlined</u><br/>next line</p>
//!   <rule style="summary-rule"/>
//! </document>
//! ```
//!
//! Whitespace inside a paragraph collapses to single spaces, as in HTML, so templates
//! can be indented freely. Data reaches the markup XML-escaped (see `template`), so a
//! `<` or `&` in a ward's name is text, never markup.

use crate::document::{Block, Document, Info, Inline, Paragraph, Row, Rule, Run};
use crate::messages::compose as msg;
use crate::profile::{Profile, RuleId, StyleId};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// A markup error: what is wrong and where in the markup (1-based line and column),
/// and, once the renderer has traced it, the template line that wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    /// Line of the markup, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// Byte offset in the markup where the error was found.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// The template file (or built-in name) and its line that wrote the markup
    /// before `offset`, when known (see `compose::origin`): what a template author
    /// edits, where the markup line is only what `vanban markup` prints.
    pub template: Option<(String, usize)>,
}

impl std::fmt::Display for MarkupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match &self.template {
            Some((file, line)) => msg::template_at_line(
                file,
                line,
                format!(
                    "{} ({})",
                    self.message,
                    msg::markup_line_note(self.line, self.column)
                ),
            ),
            None => msg::markup_at(self.line, self.column, &self.message),
        })
    }
}

impl std::error::Error for MarkupError {}

struct Parser<'a> {
    src: &'a str,
    reader: Reader<&'a [u8]>,
    profile: &'a Profile,
}

/// Parse `src` into a document, checking every style name against `profile`.
pub fn parse(src: &str, profile: &Profile, info: Info) -> Result<Document, MarkupError> {
    let mut reader = Reader::from_str(src);
    reader.config_mut().trim_text(false);
    let mut p = Parser {
        src,
        reader,
        profile,
    };
    // Expect <document> as the root, ignoring the prolog.
    loop {
        match p.next()? {
            Event::Start(e) if e.name().as_ref() == b"document" => break,
            Event::Decl(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Text(t) if is_blank(&t) => {}
            Event::Eof => return Err(p.error(&msg::markup_empty())),
            _ => return Err(p.error(&msg::markup_no_document())),
        }
    }
    let blocks = p.blocks(b"document", true)?;
    loop {
        match p.next()? {
            Event::Eof => break,
            Event::Text(t) if is_blank(&t) => {}
            Event::Comment(_) => {}
            _ => return Err(p.error(&msg::markup_after_document())),
        }
    }
    Ok(Document {
        blocks,
        info,
        signing: Default::default(),
    })
}

fn is_blank(t: &quick_xml::events::BytesText<'_>) -> bool {
    t.iter().all(|b| b.is_ascii_whitespace())
}

impl<'a> Parser<'a> {
    fn next(&mut self) -> Result<Event<'a>, MarkupError> {
        self.reader
            .read_event()
            .map_err(|e| self.error(&xml_words(&e)))
    }

    fn error(&self, message: &str) -> MarkupError {
        let pos = (self.reader.buffer_position() as usize).min(self.src.len());
        let mut end = pos;
        while !self.src.is_char_boundary(end) {
            end -= 1;
        }
        let at = crate::util::position::Position::after(&self.src[..end]);
        MarkupError {
            line: at.line,
            column: at.column,
            offset: end,
            message: message.to_string(),
            template: None,
        }
    }

    fn attr(&self, e: &BytesStart<'_>, name: &str) -> Result<Option<String>, MarkupError> {
        for a in e.attributes() {
            let a = a.map_err(|err| self.error(&msg::xml_bad_attribute(err)))?;
            if a.key.as_ref() == name.as_bytes() {
                // (Not `unescape_value`: calamine turns on quick-xml's `encoding`
                // feature, which takes it away; the markup is UTF-8 either way.)
                let v = a
                    .decode_and_unescape_value(self.reader.decoder())
                    .map_err(|err| self.error(&msg::xml_other(err)))?;
                return Ok(Some(v.into_owned()));
            }
        }
        Ok(None)
    }

    fn style_attr(&self, e: &BytesStart<'_>, known: bool) -> Result<String, MarkupError> {
        let tag = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        let style = self
            .attr(e, "style")?
            .ok_or_else(|| self.error(&msg::markup_needs_style(&tag)))?;
        if !known {
            let id = &self.profile.id;
            return Err(self.error(&if tag == "rule" {
                msg::markup_unknown_rule(&style, id, names(self.profile.rules.keys()))
            } else {
                msg::markup_unknown_style(&tag, &style, id, names(self.profile.styles.keys()))
            }));
        }
        Ok(style)
    }

    /// Block-level content up to the end tag `end`.
    fn blocks(&mut self, end: &[u8], allow_rows: bool) -> Result<Vec<Block>, MarkupError> {
        let mut out = Vec::new();
        loop {
            match self.next()? {
                Event::Start(e) => match e.name().as_ref() {
                    b"p" => {
                        let style = self.paragraph_style(&e)?;
                        let content = self.inlines(Emphasis::default(), b"p")?;
                        out.push(Block::Paragraph(Paragraph { style, content }));
                    }
                    b"row" if allow_rows => out.push(Block::Row(self.row(&e)?)),
                    b"rule" => {
                        let style = self.rule_style(&e)?;
                        self.expect_end(b"rule")?;
                        out.push(Block::Rule(Rule { style }));
                    }
                    other => {
                        return Err(self.error(&msg::markup_not_allowed_here(
                            String::from_utf8_lossy(other),
                        )))
                    }
                },
                Event::Empty(e) => match e.name().as_ref() {
                    b"rule" => out.push(Block::Rule(Rule {
                        style: self.rule_style(&e)?,
                    })),
                    b"p" => out.push(Block::Paragraph(Paragraph {
                        style: self.paragraph_style(&e)?,
                        content: Vec::new(),
                    })),
                    other => {
                        return Err(self.error(&msg::markup_empty_not_allowed_here(
                            String::from_utf8_lossy(other),
                        )))
                    }
                },
                Event::End(e) if e.name().as_ref() == end => return Ok(out),
                Event::Text(t) if is_blank(&t) => {}
                Event::Comment(_) => {}
                Event::Eof => {
                    return Err(self.error(&msg::markup_missing_end(String::from_utf8_lossy(end))))
                }
                Event::Text(_) | Event::GeneralRef(_) | Event::CData(_) => {
                    return Err(self.error(&msg::markup_text_outside_paragraph()))
                }
                _ => return Err(self.error(&msg::markup_unexpected())),
            }
        }
    }

    fn paragraph_style(&self, e: &BytesStart<'_>) -> Result<StyleId, MarkupError> {
        let style = self.attr(e, "style")?.unwrap_or_default();
        let id = self.profile.resolve_style(style);
        self.style_attr(e, id.is_ok())?;
        id.map_err(|e| self.error(&e.to_string()))
    }

    fn rule_style(&self, e: &BytesStart<'_>) -> Result<RuleId, MarkupError> {
        let style = self.attr(e, "style")?.unwrap_or_default();
        let id = self.profile.resolve_rule(style);
        self.style_attr(e, id.is_ok())?;
        id.map_err(|e| self.error(&e.to_string()))
    }

    fn expect_end(&mut self, tag: &[u8]) -> Result<(), MarkupError> {
        match self.next()? {
            Event::End(e) if e.name().as_ref() == tag => Ok(()),
            _ => Err(self.error(&msg::markup_must_be_empty(String::from_utf8_lossy(tag)))),
        }
    }

    fn row(&mut self, e: &BytesStart<'_>) -> Result<Row, MarkupError> {
        let role = self
            .attr(e, "role")?
            .ok_or_else(|| self.error(&msg::markup_row_needs_role()))?;
        let role = self.profile.resolve_row(role).map_err(|e| {
            self.error(&msg::markup_unknown_row(
                &e.name,
                &self.profile.id,
                names(self.profile.rows.keys()),
            ))
        })?;
        let spec = self.profile.row(&role);
        let columns = spec.columns.len();
        let keep_with_previous = self.attr(e, "keep-with-previous")?.as_deref() == Some("true");
        let mut cells = Vec::new();
        loop {
            match self.next()? {
                Event::Start(c) if c.name().as_ref() == b"cell" => {
                    cells.push(self.blocks(b"cell", false)?);
                }
                Event::Empty(c) if c.name().as_ref() == b"cell" => cells.push(Vec::new()),
                Event::End(c) if c.name().as_ref() == b"row" => break,
                Event::Text(t) if is_blank(&t) => {}
                Event::Comment(_) => {}
                _ => return Err(self.error(&msg::markup_row_only_cells())),
            }
        }
        if cells.len() != columns {
            return Err(self.error(&msg::markup_row_cells(&role, cells.len(), columns)));
        }
        Ok(Row {
            role,
            cells,
            keep_with_previous,
        })
    }

    fn inlines(&mut self, em: Emphasis, end: &[u8]) -> Result<Vec<Inline>, MarkupError> {
        let mut out = Vec::new();
        self.collect_inlines(em, end, &mut out)?;
        Ok(collapse_whitespace(out))
    }

    /// Inline content up to the end tag `end`. Open <b>, <i>, <u> elements are kept on
    /// a stack rather than by recursion, so no depth of nesting can overflow the call
    /// stack (a user's template may nest them thousands deep).
    fn collect_inlines(
        &mut self,
        em: Emphasis,
        end: &[u8],
        out: &mut Vec<Inline>,
    ) -> Result<(), MarkupError> {
        // The open elements, innermost last: each tag with the emphasis inside it.
        let mut open: Vec<(Vec<u8>, Emphasis)> = vec![(end.to_vec(), em)];
        loop {
            let em = open.last().map_or(em, |o| o.1);
            match self.next()? {
                Event::Text(t) => {
                    let text = t.decode().map_err(|e| self.error(&msg::xml_other(e)))?;
                    push_text(out, &text, em);
                }
                Event::GeneralRef(r) => {
                    let name = r.decode().map_err(|e| self.error(&msg::xml_other(e)))?;
                    let c = resolve_entity(&name)
                        .ok_or_else(|| self.error(&msg::markup_unknown_entity(&name)))?;
                    push_text(out, c.encode_utf8(&mut [0; 4]), em);
                }
                Event::CData(t) => {
                    let text = String::from_utf8_lossy(&t).into_owned();
                    push_text(out, &text, em);
                }
                Event::Start(e) => {
                    let inner = match e.name().as_ref() {
                        b"b" => Emphasis { bold: true, ..em },
                        b"i" => Emphasis { italic: true, ..em },
                        b"u" => Emphasis {
                            underline: true,
                            ..em
                        },
                        other => {
                            return Err(
                                self.error(&msg::markup_not_inline(String::from_utf8_lossy(other)))
                            )
                        }
                    };
                    open.push((e.name().as_ref().to_vec(), inner));
                }
                Event::Empty(e) if e.name().as_ref() == b"br" => out.push(Inline::LineBreak),
                Event::Empty(e) => {
                    return Err(self.error(&msg::markup_not_inline(String::from_utf8_lossy(
                        e.name().as_ref(),
                    ))))
                }
                Event::End(e) if open.last().is_some_and(|o| o.0 == e.name().as_ref()) => {
                    open.pop();
                    if open.is_empty() {
                        return Ok(());
                    }
                }
                Event::Comment(_) => {}
                Event::Eof => {
                    let end = open.last().map_or(end, |o| o.0.as_slice());
                    return Err(self.error(&msg::markup_missing_end(String::from_utf8_lossy(end))));
                }
                _ => return Err(self.error(&msg::markup_unexpected_inline())),
            }
        }
    }
}

/// An XML reader's error in plain words.
fn xml_words(e: &quick_xml::Error) -> String {
    use quick_xml::errors::{IllFormedError as I, SyntaxError as S};
    match e {
        quick_xml::Error::IllFormed(I::MismatchedEndTag { expected, found }) => {
            msg::xml_mismatched_end(expected, found)
        }
        quick_xml::Error::IllFormed(I::UnmatchedEndTag(tag)) => msg::xml_unmatched_end(tag),
        quick_xml::Error::IllFormed(I::MissingEndTag(tag)) => msg::markup_missing_end(tag),
        quick_xml::Error::Syntax(S::UnclosedTag) => msg::xml_unclosed_tag(),
        quick_xml::Error::Syntax(S::UnclosedComment) => msg::xml_unclosed_comment(),
        quick_xml::Error::InvalidAttr(a) => msg::xml_bad_attribute(a),
        other => msg::xml_other(other),
    }
}

/// Names for a message: `a`, `b`, `c`.
fn names<'n>(list: impl Iterator<Item = &'n String>) -> String {
    list.map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Emphasis {
    bold: bool,
    italic: bool,
    underline: bool,
}

fn resolve_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let cp = match num.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(cp)
        }
    }
}

/// Append text, merging with the previous run when the emphasis is the same.
fn push_text(out: &mut Vec<Inline>, text: &str, em: Emphasis) {
    if let Some(Inline::Text(last)) = out.last_mut() {
        if last.bold == em.bold && last.italic == em.italic && last.underline == em.underline {
            last.text.push_str(text);
            return;
        }
    }
    out.push(Inline::Text(Run {
        text: text.to_string(),
        bold: em.bold,
        italic: em.italic,
        underline: em.underline,
    }));
}

/// Collapse whitespace runs to one space, and drop spaces at the start and end of the
/// paragraph and around line breaks.
fn collapse_whitespace(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    // Whether the last character emitted was a space (or we are at a line start).
    let mut at_space = true;
    for inline in inlines {
        match inline {
            Inline::LineBreak => {
                trim_trailing_space(&mut out);
                out.push(Inline::LineBreak);
                at_space = true;
            }
            Inline::Text(mut run) => {
                let mut s = String::with_capacity(run.text.len());
                for c in run.text.chars() {
                    // The blanks of a draft for issuance keep their width.
                    if c.is_whitespace() && c != crate::issue::blank::CHAR {
                        if !at_space {
                            s.push(' ');
                            at_space = true;
                        }
                    } else {
                        s.push(c);
                        at_space = false;
                    }
                }
                if !s.is_empty() {
                    run.text = s;
                    out.push(Inline::Text(run));
                }
            }
        }
    }
    trim_trailing_space(&mut out);
    out
}

fn trim_trailing_space(out: &mut Vec<Inline>) {
    while let Some(Inline::Text(run)) = out.last_mut() {
        if run.text.ends_with(' ') {
            run.text.pop();
        }
        if run.text.is_empty() {
            out.pop();
        } else {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Profile {
        Profile::builtin("nd30").unwrap()
    }

    fn body(src: &str) -> Vec<Inline> {
        let doc = parse(
            &format!("<document><p style=\"body\">{src}</p></document>"),
            &profile(),
            Info::default(),
        )
        .unwrap();
        match &doc.blocks[0] {
            Block::Paragraph(p) => p.content.clone(),
            _ => panic!("not a paragraph"),
        }
    }

    #[test]
    fn whitespace_collapses_and_emphasis_nests() {
        let content = body("\n   Một  <b>hai <i>ba</i></b>\n  bốn  ");
        let texts: Vec<(String, bool, bool)> = content
            .iter()
            .map(|i| match i {
                Inline::Text(r) => (r.text.clone(), r.bold, r.italic),
                Inline::LineBreak => ("\n".into(), false, false),
            })
            .collect();
        assert_eq!(
            texts,
            vec![
                ("Một ".into(), false, false),
                ("hai ".into(), true, false),
                ("ba".into(), true, true),
                (" bốn".into(), false, false),
            ]
        );
    }

    #[test]
    fn escaped_markup_is_text() {
        let content = body("a &lt;b&gt; &amp; {{x}}");
        assert_eq!(
            content,
            vec![Inline::Text(Run {
                text: "a <b> & {{x}}".into(),
                ..Run::default()
            })]
        );
    }

    #[test]
    fn unknown_style_is_an_error_with_position() {
        crate::messages::set_lang(crate::messages::Lang::En);
        let err = parse(
            "<document>\n<p style=\"nope\">x</p></document>",
            &profile(),
            Info::default(),
        )
        .unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("no such style"), "{}", err.message);
    }

    #[test]
    fn row_cell_count_must_match_profile() {
        crate::messages::set_lang(crate::messages::Lang::En);
        let err = parse(
            "<document><row role=\"header\"><cell/></row></document>",
            &profile(),
            Info::default(),
        )
        .unwrap_err();
        assert!(err.message.contains("2 columns"), "{}", err.message);
    }

    #[test]
    fn errors_are_said_in_vietnamese_by_default_and_in_english_when_asked() {
        use crate::messages::{with_lang, Lang};
        let bad = "<document>\n<p style=\"body\">a <table/></p></document>";
        let vi = with_lang(Lang::Vi, || {
            parse(bad, &profile(), Info::default())
                .unwrap_err()
                .to_string()
        });
        assert_eq!(
            vi,
            "markup, dòng 2, cột 27: không được đặt <table> trong một đoạn (trong đoạn chỉ dùng <b>, <i>, <u>, <br/>)"
        );
        let en = with_lang(Lang::En, || {
            parse(bad, &profile(), Info::default())
                .unwrap_err()
                .to_string()
        });
        assert_eq!(
            en,
            "markup 2:27: <table> is not allowed inside a paragraph (use <b>, <i>, <u>, <br/>)"
        );
        let unclosed = "<document><p style=\"body\">a</b></p></document>";
        let vi = with_lang(Lang::Vi, || {
            parse(unclosed, &profile(), Info::default()).unwrap_err()
        });
        assert!(
            vi.message.contains("thẻ đóng </b> không khớp: cần </p>"),
            "{}",
            vi.message
        );
        let en = with_lang(Lang::En, || {
            parse(unclosed, &profile(), Info::default()).unwrap_err()
        });
        assert!(
            en.message
                .contains("the end tag </b> does not match: </p> expected"),
            "{}",
            en.message
        );
    }
}
