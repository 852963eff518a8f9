//! Turning input errors into messages a clerk can act on.
//!
//! serde names the problem; this module adds where it is (a JSON path resolved back to
//! line and column) and, for a misspelt field, the field that was probably meant.

/// Rewrite a serde_json message into plain words, with a suggestion for unknown fields.
pub fn plain_serde_message(raw: &str) -> String {
    // serde_json appends " at line L column C"; the caller reports position separately.
    let msg = match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        // The field name may itself contain a backtick: it ends where serde's list of
        // expected fields begins.
        let split = rest
            .rfind("`, expected")
            .or_else(|| rest.rfind("`, there are no fields"))
            .map(|i| (&rest[..i], &rest[i + 1..]));
        if let Some((field, expected)) = split {
            let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let mut out = format!("unknown field `{field}`");
            if let Some(best) = closest(field, &candidates) {
                out.push_str(&format!("; did you mean `{best}`?"));
            }
            if !candidates.is_empty() {
                out.push_str(&format!(" (allowed here: {})", candidates.join(", ")));
            }
            return out;
        }
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        if let Some((field, _)) = rest.split_once('`') {
            return format!("the required field `{field}` is missing");
        }
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        return format!("wrong type: {rest}");
    }
    msg.to_string()
}

/// The candidate nearest to `word` by edit distance, if it is plausibly a typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.chars().count().max(3) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Find the 1-based line and column of the value at `path` (serde_path_to_error's
/// syntax: `a.b[2].c`) in the JSON `text`. `None` if the text is not valid JSON or the
/// path is absent.
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let segments = parse_path(path);
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    for seg in &segments {
        pos = match seg {
            Segment::Key(k) => find_key(bytes, pos, k)?,
            Segment::Index(i) => find_index(bytes, pos, *i)?,
        };
    }
    let at = crate::position::Position::after(&text[..pos]);
    Some((at.line, at.column))
}

enum Segment {
    Key(String),
    Index(usize),
}

fn parse_path(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    if path == "." {
        return out;
    }
    for part in path.split('.') {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            if i > 0 {
                out.push(Segment::Key(rest[..i].to_string()));
            }
            rest = &rest[i..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let end = stripped.find(']').unwrap_or(stripped.len());
                if let Ok(n) = stripped[..end].parse() {
                    out.push(Segment::Index(n));
                }
                rest = stripped.get(end + 1..).unwrap_or("");
            }
        } else if !rest.is_empty() {
            out.push(Segment::Key(rest.to_string()));
        }
    }
    out
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// End of the JSON string starting at `i` (which is a `"`), just past the closing quote.
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// End of the JSON value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']') && !b[j].is_ascii_whitespace()
            {
                j += 1;
            }
            Some(j)
        }
    }
}

fn find_key(b: &[u8], start: usize, key: &str) -> Option<usize> {
    if b.get(start) != Some(&b'{') {
        return None;
    }
    let mut i = skip_ws(b, start + 1);
    while i < b.len() && b[i] == b'"' {
        let end = skip_string(b, i)?;
        let name: String = serde_json::from_slice(&b[i..end]).ok()?;
        i = skip_ws(b, end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(b, i + 1);
        if name == key {
            return Some(i);
        }
        i = skip_ws(b, skip_value(b, i)?);
        if b.get(i) == Some(&b',') {
            i = skip_ws(b, i + 1);
        }
    }
    None
}

fn find_index(b: &[u8], start: usize, index: usize) -> Option<usize> {
    if b.get(start) != Some(&b'[') {
        return None;
    }
    let mut i = skip_ws(b, start + 1);
    for _ in 0..index {
        i = skip_ws(b, skip_value(b, i)?);
        if b.get(i) != Some(&b',') {
            return None;
        }
        i = skip_ws(b, i + 1);
    }
    (i < b.len() && b[i] != b']').then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_values() {
        let text = "{\n  \"a\": 1,\n  \"b\": {\"c\": [10, {\"d\": \"x\"}]}\n}";
        assert_eq!(locate(text, "a"), Some((2, 8)));
        assert_eq!(locate(text, "b.c[1].d"), Some((3, 25)));
        assert_eq!(locate(text, "b.c[5]"), None);
    }

    #[test]
    fn field_names_with_backticks_stay_whole() {
        let msg = plain_serde_message(
            "unknown field `abb`eviation`, expected one of `name`, `abbreviation`",
        );
        assert!(msg.starts_with("unknown field `abb`eviation`"), "{msg}");
        assert!(msg.contains("allowed here: name, abbreviation"), "{msg}");
    }

    #[test]
    fn suggests_the_closest_field() {
        let msg = plain_serde_message(
            "unknown field `sumary`, expected one of `profile`, `summary`, `title` at line 3 column 10",
        );
        assert!(msg.contains("did you mean `summary`?"), "{msg}");
        assert!(!msg.contains("line 3"), "{msg}");
    }
}
