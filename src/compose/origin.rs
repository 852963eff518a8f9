//! Where each byte of the markup came from: which template (or partial) and which of
//! its lines, so that an error in the generated markup names `FILE:LINE` of the
//! template a person wrote rather than a line of markup they never saw.
//!
//! Handlebars keeps no source map, but its compiled templates keep the line and
//! column of every element (`Template::mapping`). When a markup error is found (never
//! on the way of a valid notice: this costs nothing until then), the templates are
//! copied with a marker written before every element and after every newline of their
//! literal text, each marker naming the template and the source line of what follows;
//! the notice is rendered again with the copies, and the markers are taken out, which
//! leaves the markup and a table of (offset in the markup, template, line). Markers
//! are literal text (private-use characters, which no template or escaped value
//! writes), so they change nothing a template does: no whitespace control, no
//! standalone line and no helper sees them (whitespace control and standalone lines
//! are decided when a template is compiled, before the markers are added). The table
//! is trusted only if the markup without its markers is byte for byte the markup
//! that failed; otherwise the error keeps its markup line.

use handlebars::template::{Template, TemplateElement};
use handlebars::Handlebars;
use std::collections::BTreeMap;

/// Opens a marker; followed by `template index:line` and [`CLOSE`].
const OPEN: char = '\u{F8F0}';
/// Closes a marker.
const CLOSE: char = '\u{F8F1}';

/// The origin of every stretch of a markup text.
#[derive(Debug, Default)]
pub struct OriginTable {
    /// (offset in the markup where the stretch starts, template index, line), in
    /// offset order.
    starts: Vec<(usize, usize, usize)>,
    /// Template names, by index.
    names: Vec<String>,
}

impl OriginTable {
    /// The template and line that wrote the byte before `offset` (an error's position
    /// is just past what was read when it was found), or the byte at 0.
    pub fn at(&self, offset: usize) -> Option<(&str, usize)> {
        let byte = offset.saturating_sub(1);
        let i = self.starts.partition_point(|s| s.0 <= byte);
        let (_, t, line) = *self.starts.get(i.checked_sub(1)?)?;
        Some((self.names.get(t)?.as_str(), line))
    }
}

/// A copy of `registry` whose templates write markers (see the module's comment), and
/// the template names by index. `sources` holds the text of every template, by name,
/// to find the line where a literal text starts after whitespace was trimmed from it.
pub fn instrumented(
    registry: &Handlebars<'static>,
    sources: &BTreeMap<String, String>,
) -> Option<(Handlebars<'static>, Vec<String>)> {
    let mut copy = registry.clone();
    let mut names = Vec::new();
    let mut marked = Vec::new();
    for (name, template) in registry.get_templates() {
        let index = names.len();
        names.push(name.clone());
        let mut t = template.clone();
        mark(&mut t, index, sources.get(name).map(String::as_str), 0)?;
        marked.push((name.clone(), t));
    }
    for (name, t) in marked {
        copy.register_template(&name, t);
    }
    Some((copy, names))
}

/// Take the markers out of `rendered`: the markup and its origin table.
pub fn strip(rendered: &str, names: Vec<String>) -> (String, OriginTable) {
    let mut out = String::with_capacity(rendered.len());
    let mut starts = Vec::new();
    let mut rest = rendered;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len_utf8()..];
        let Some(end) = after.find(CLOSE) else {
            out.push(OPEN);
            rest = after;
            continue;
        };
        let parsed = after[..end]
            .split_once(':')
            .and_then(|(t, l)| Some((t.parse().ok()?, l.parse().ok()?)));
        match parsed {
            Some((t, l)) => {
                if starts
                    .last()
                    .is_some_and(|s: &(usize, usize, usize)| s.0 == out.len())
                {
                    starts.pop();
                }
                starts.push((out.len(), t, l));
            }
            None => out.push_str(&rest[i..i + OPEN.len_utf8() + end + CLOSE.len_utf8()]),
        }
        rest = &after[end + CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    (out, OriginTable { starts, names })
}

fn marker(template: usize, line: usize) -> String {
    format!("{OPEN}{template}:{line}{CLOSE}")
}

/// Write markers into `t` (template number `index`) and the blocks inside it. `None`
/// if the template's positions are not what this expects (then no line is given).
fn mark(t: &mut Template, index: usize, source: Option<&str>, depth: usize) -> Option<()> {
    // Blocks are nested at most `MAX_BLOCK_DEPTH` deep (checked when loaded).
    if depth > super::template::MAX_BLOCK_DEPTH + 1 || t.elements.len() != t.mapping.len() {
        return None;
    }
    let elements = std::mem::take(&mut t.elements);
    let mapping = std::mem::take(&mut t.mapping);
    for (mut e, m) in elements.into_iter().zip(mapping) {
        let (line, column) = (m.0, m.1);
        match &mut e {
            TemplateElement::RawString(s) => {
                let first = exact_line(source, line, column, s);
                let mut text = marker(index, first);
                let mut l = first;
                for piece in s.split_inclusive('\n') {
                    text.push_str(piece);
                    if piece.ends_with('\n') {
                        l += 1;
                        text.push_str(&marker(index, l));
                    }
                }
                *s = text;
                t.elements.push(e);
                t.mapping.push(m);
                continue;
            }
            TemplateElement::HelperBlock(h) => {
                for inner in h.template.iter_mut().chain(h.inverse.iter_mut()) {
                    mark(inner, index, source, depth + 1)?;
                }
            }
            TemplateElement::DecoratorBlock(d) | TemplateElement::PartialBlock(d) => {
                if let Some(inner) = &mut d.template {
                    mark(inner, index, source, depth + 1)?;
                }
            }
            _ => {}
        }
        t.elements
            .push(TemplateElement::RawString(marker(index, line)));
        t.mapping.push(m.clone());
        t.elements.push(e);
        t.mapping.push(m);
    }
    Some(())
}

/// The line where the literal text `s`, compiled from `source` at (`line`, `column`),
/// begins: later than `line` when whitespace control (`~}}`) or a standalone tag
/// trimmed the newlines it started with.
fn exact_line(source: Option<&str>, line: usize, column: usize, s: &str) -> usize {
    let Some(source) = source else {
        return line;
    };
    let Some(start) = offset_of(source, line, column) else {
        return line;
    };
    let from = &source[start..];
    let blank = from.len() - from.trim_start().len();
    let kept = s.len() - s.trim_start().len();
    let trimmed = blank.saturating_sub(kept);
    line + from.as_bytes()[..trimmed]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// The byte offset of (line, column), both from 1, the column counted in characters.
fn offset_of(source: &str, line: usize, column: usize) -> Option<usize> {
    let mut start = 0;
    for _ in 1..line {
        start += source[start..].find('\n')? + 1;
    }
    let mut chars = source[start..].char_indices();
    let at = chars
        .nth(column.checked_sub(1)?)
        .map_or(source.len() - start, |(i, _)| i);
    Some(start + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(
        sources: &[(&str, &str)],
        data: &serde_json::Value,
        root: &str,
    ) -> (String, String, OriginTable) {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.set_prevent_indent(true);
        let mut map = BTreeMap::new();
        for (n, s) in sources {
            hb.register_template_string(n, s).unwrap();
            map.insert(n.to_string(), s.to_string());
        }
        let plain = hb.render(root, data).unwrap();
        let (copy, names) = instrumented(&hb, &map).unwrap();
        let (stripped, t) = strip(&copy.render(root, data).unwrap(), names);
        (plain, stripped, t)
    }

    #[test]
    fn every_byte_is_traced_to_its_template_line() {
        let data = serde_json::json!({"items": ["a", "b"], "x": "X"});
        let (plain, stripped, t) = table(
            &[
                ("main", "{{!-- c --}}\n<d>\n{{#each items}}\n<p>{{this}}</p>\n{{/each}}\n{{> part}}<e>{{x}}</e>\n</d>\n"),
                ("part", "<q>\n  <r/>\n</q>\n"),
            ],
            &data,
            "main",
        );
        assert_eq!(stripped, plain);
        let line_of = |needle: &str| {
            let at = plain.find(needle).unwrap() + needle.len();
            t.at(at).unwrap()
        };
        assert_eq!(line_of("<d>"), ("main", 2));
        assert_eq!(line_of("<p>a"), ("main", 4));
        assert_eq!(line_of("<p>b</p>"), ("main", 4));
        assert_eq!(line_of("<r/>"), ("part", 2));
        assert_eq!(line_of("<e>X"), ("main", 6));
        assert_eq!(line_of("</d>"), ("main", 7));
    }

    #[test]
    fn whitespace_control_keeps_the_output_and_the_lines() {
        let data = serde_json::json!({"a": 1});
        let (plain, stripped, t) = table(
            &[("m", "<x>\n{{~#if a~}}\n\n   <y/>\n{{~/if~}}\n</x>")],
            &data,
            "m",
        );
        assert_eq!(stripped, plain);
        let at = plain.find("<y/>").unwrap() + 4;
        assert_eq!(t.at(at), Some(("m", 4)));
    }
}
