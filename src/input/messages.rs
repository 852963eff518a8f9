//! Turning input errors into messages a clerk can act on.
//!
//! serde names the problem; this module adds where it is (a JSON path resolved back to
//! line and column), what kind it is (a stable [`ErrorCode`]) and, where the input
//! shows what was meant, the suggestion: the field probably meant, the ISO form of a
//! date typed the Vietnamese way, the authority behind a printed prefix, a number
//! without its quotes, the straight quote for a curly one.
//!
//! Every sentence a user reads is made by one function here (or one table), so that
//! the messages can move into a catalogue of both languages in one step.

/// The kind of an input error: a stable code in `--message-format json` and in the
/// service's problem reports, for a program that reacts to the kind, not the words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The text is not JSON (a missing comma, an unclosed brace…).
    BadJson,
    /// The JSON syntax has a character that looks like a JSON one but is not (a
    /// curly quote from a word processor, a full-width colon, a no-break space).
    LookAlike,
    /// Valid JSON, but not a notice object (a list, text after the end).
    NotANotice,
    /// A field the notice does not have.
    UnknownField,
    /// A required field is absent.
    MissingField,
    /// A value of the wrong JSON type (text for a number, a list for text…).
    WrongType,
    /// A value that is not one of those allowed (the signing authority…).
    UnknownValue,
    /// A date that is not a real calendar day written `YYYY-MM-DD`.
    InvalidDate,
    /// Text that cannot be printed as typed (control, invisible or undrawable
    /// characters, a legacy encoding, empty or too long).
    BadText,
    /// A value the types allow but the notice's rules do not (number 0, a session
    /// after the notice…), or one the profile does not allow.
    InvalidValue,
    /// A signature or seal image that cannot be read or used.
    BadImage,
}

impl ErrorCode {
    /// The code as written in machine-readable messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadJson => "bad-json",
            ErrorCode::LookAlike => "look-alike",
            ErrorCode::NotANotice => "not-a-notice",
            ErrorCode::UnknownField => "unknown-field",
            ErrorCode::MissingField => "missing-field",
            ErrorCode::WrongType => "wrong-type",
            ErrorCode::UnknownValue => "unknown-value",
            ErrorCode::InvalidDate => "invalid-date",
            ErrorCode::BadText => "bad-text",
            ErrorCode::InvalidValue => "invalid-value",
            ErrorCode::BadImage => "bad-image",
        }
    }

    /// Every code, for documentation and its tests.
    pub const ALL: [ErrorCode; 11] = [
        ErrorCode::BadJson,
        ErrorCode::LookAlike,
        ErrorCode::NotANotice,
        ErrorCode::UnknownField,
        ErrorCode::MissingField,
        ErrorCode::WrongType,
        ErrorCode::UnknownValue,
        ErrorCode::InvalidDate,
        ErrorCode::BadText,
        ErrorCode::InvalidValue,
        ErrorCode::BadImage,
    ];

    fn from_str(s: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Marks the start of a tagged message (see [`tagged`]).
const TAG: char = '\u{1}';

/// A custom serde error message that carries its kind: serde has one kind for every
/// message a type's own `Deserialize` gives, so the kind travels in the text, and
/// [`classify_serde`] takes it off again before anyone reads it.
pub(crate) fn tagged(code: ErrorCode, message: &str) -> String {
    format!("{TAG}{}{TAG}{message}", code.as_str())
}

/// The kind and the words of a message made by [`tagged`].
fn untag(message: &str) -> (Option<ErrorCode>, &str) {
    let Some(rest) = message.strip_prefix(TAG) else {
        return (None, message);
    };
    match rest.split_once(TAG) {
        Some((code, words)) => (ErrorCode::from_str(code), words),
        None => (None, message),
    }
}

/// Rewrite a serde_json message into plain words, with a suggestion for unknown fields.
pub fn plain_serde_message(raw: &str) -> String {
    classify_serde(raw).1
}

/// The kind of a serde_json message and its plain words (see [`plain_serde_message`]).
pub fn classify_serde(raw: &str) -> (ErrorCode, String) {
    // serde_json appends " at line L column C"; the caller reports position separately.
    let msg = match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    if let (Some(code), words) = untag(msg) {
        return (code, words.to_string());
    }
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
            return (ErrorCode::UnknownField, out);
        }
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        if let Some((field, _)) = rest.split_once('`') {
            return (ErrorCode::MissingField, missing_field(field, None));
        }
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        return (ErrorCode::WrongType, wrong_type(rest));
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        if let Some((given, expected)) = rest.split_once("`, expected ") {
            let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            return (ErrorCode::UnknownValue, unknown_value(given, &allowed));
        }
    }
    if msg.starts_with("invalid length") || msg.starts_with("invalid value") {
        return (ErrorCode::WrongType, msg.to_string());
    }
    (ErrorCode::InvalidValue, msg.to_string())
}

/// "the required field `archive` is missing: the archive line (Dòng lưu)".
pub fn missing_field(field: &str, holds: Option<&str>) -> String {
    match holds {
        Some(h) => format!("the required field `{field}` is missing: {h}"),
        None => format!("the required field `{field}` is missing"),
    }
}

/// The field that a missing-field message (of [`missing_field`]) names.
pub fn missing_field_name(message: &str) -> Option<&str> {
    message
        .strip_prefix("the required field `")
        .and_then(|r| r.split_once('`'))
        .map(|(f, _)| f)
}

/// What the field `field` of the object at `parent` (a serde path, `.` for the
/// notice) holds, in a few words from `vanban schema`'s description: the English
/// half's first clause, and the Vietnamese name in brackets.
pub fn field_holds(parent: &str, field: &str) -> Option<String> {
    let schema = serde_json::to_value(schemars::schema_for!(crate::input::notice::Notice)).ok()?;
    let defs = schema.get("$defs");
    let mut at = schema_resolve(defs, &schema)?;
    for seg in parse_path(parent) {
        at = match seg {
            Segment::Key(k) => schema_resolve(defs, at.get("properties")?.get(&k)?)?,
            Segment::Index(_) => schema_resolve(defs, at)?,
        };
    }
    let description = at
        .get("properties")?
        .get(field)?
        .get("description")?
        .as_str()?;
    let description = description.replace('\n', " ");
    let (vi, en) = description.split_once(" / ")?;
    let clause = |s: &str, stops: &[char]| -> String {
        let end = s.find(stops).unwrap_or(s.len());
        s[..end].trim().trim_end_matches('.').to_string()
    };
    let mut en = clause(en, &[';', ':', '(']);
    if let Some(first) = en.get(..1) {
        if en
            .get(1..2)
            .is_some_and(|c| c.chars().all(char::is_lowercase))
        {
            en = first.to_lowercase() + &en[1..];
        }
    }
    let vi = clause(vi, &[';', ':', '(', ',', '.']);
    Some(format!("{en} ({vi})"))
}

/// The object schema `v` stands for: through `$ref`s, list items and optional
/// (`anyOf` with null) values.
fn schema_resolve<'a>(
    defs: Option<&'a serde_json::Value>,
    mut v: &'a serde_json::Value,
) -> Option<&'a serde_json::Value> {
    for _ in 0..8 {
        if let Some(r) = v.get("$ref").and_then(|r| r.as_str()) {
            v = defs?.get(r.rsplit('/').next()?)?;
        } else if let Some(items) = v.get("items") {
            v = items;
        } else if let Some(branches) = v
            .get("anyOf")
            .or_else(|| v.get("oneOf"))
            .and_then(|b| b.as_array())
        {
            v = branches
                .iter()
                .find(|b| b.get("type").and_then(|t| t.as_str()) != Some("null"))?;
        } else {
            return Some(v);
        }
    }
    None
}

/// A Rust type name or serde's word for a JSON kind, in plain words.
fn plain_kind(kind: &str) -> String {
    let kind = kind.trim();
    let words = match kind {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            "a whole number"
        }
        "f32" | "f64" => "a number",
        "a string" | "string" => "text in quotes",
        "a sequence" | "sequence" => "a list [ … ]",
        "a map" | "map" => "an object { … }",
        "a boolean" => "true or false",
        "null" => "null",
        _ if kind.starts_with("struct ") => "an object { … }",
        _ if kind.starts_with("enum ") => "one of the allowed words, in quotes",
        _ => return plain_value(kind),
    };
    words.to_string()
}

/// serde's words for a value it was given (`string "12"`, `integer `3``), plainly.
fn plain_value(got: &str) -> String {
    if let Some(s) = got.strip_prefix("string ") {
        return format!("the text {s}");
    }
    for (prefix, word) in [
        ("integer `", "the number "),
        ("floating point `", "the number "),
        ("boolean `", ""),
    ] {
        if let Some(v) = got.strip_prefix(prefix) {
            return format!("{word}{}", v.trim_end_matches('`'));
        }
    }
    match got {
        "map" => "an object { … }".into(),
        "sequence" => "a list [ … ]".into(),
        "null" => "null".into(),
        _ => got.to_string(),
    }
}

/// serde's `string "12", expected u32` in plain words; a number in quotes is told
/// to lose its quotes.
fn wrong_type(rest: &str) -> String {
    let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    let numeric = matches!(
        expected.trim(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" | "f32" | "f64"
    );
    if let Some(quoted) = got.strip_prefix("string ") {
        if let Ok(inner) = serde_json::from_str::<String>(quoted) {
            let t = inner.trim();
            if numeric && !t.is_empty() && t.parse::<f64>().is_ok() {
                return number_in_quotes(t);
            }
        }
    }
    if expected.is_empty() {
        return format!("wrong type: {}", plain_value(got));
    }
    format!(
        "wrong type: {} where {} belongs",
        plain_value(got),
        plain_kind(expected)
    )
}

/// "write dates as YYYY-MM-DD: did you mean 2024-03-15?" for a date typed `15/03/2024`.
pub fn date_meant(typed: &str, meant: &crate::input::date::Date) -> String {
    format!("'{typed}': write dates as YYYY-MM-DD: did you mean {meant}?")
}

/// "write 12 without quotes".
pub fn number_in_quotes(number: &str) -> String {
    format!("write {number} without quotes: this field is a number, not text")
}

/// The signing prefixes as printed (nd30's and hd36's) and their words, with the
/// authority each one stands for (the serde name of [`crate::input::notice::Authority`]).
const AUTHORITY_WORDS: &[(&str, &str)] = &[
    ("TM", "thay_mat"),
    ("THAYMAT", "thay_mat"),
    ("THAYMẶT", "thay_mat"),
    ("KT", "ky_thay"),
    ("KYTHAY", "ky_thay"),
    ("KÝTHAY", "ky_thay"),
    ("TL", "thua_lenh"),
    ("THUALENH", "thua_lenh"),
    ("THỪALỆNH", "thua_lenh"),
    ("TUQ", "thua_uy_quyen"),
    ("TU", "thua_uy_quyen"),
    ("THUAUYQUYEN", "thua_uy_quyen"),
    ("THỪAỦYQUYỀN", "thua_uy_quyen"),
    ("THỪAUỶQUYỀN", "thua_uy_quyen"),
    ("Q", "quyen"),
    ("QUYEN", "quyen"),
    ("QUYỀN", "quyen"),
];

/// The authority a printed prefix (`TM.`, `T/M`, `K/T`, `Thay mặt`…) stands for.
pub fn authority_of_prefix(given: &str) -> Option<&'static str> {
    use unicode_normalization::UnicodeNormalization;
    let key: String = given
        .nfc()
        .filter(|c| !matches!(c, '.' | '/' | ' ' | '_' | '-'))
        .flat_map(char::to_uppercase)
        .collect();
    AUTHORITY_WORDS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, a)| *a)
}

/// A value that is not one of `allowed`: the one meant when the value is a printed
/// signing prefix or a typo of an allowed one, and the list.
fn unknown_value(given: &str, allowed: &[&str]) -> String {
    let list = allowed.join(", ");
    if let Some(a) = authority_of_prefix(given).filter(|a| allowed.contains(a)) {
        return format!(
            "`{given}` is the prefix as printed; write the authority as \"{a}\" (the profile prints its own prefix); allowed: {list}"
        );
    }
    match closest(given, allowed) {
        Some(best) => {
            format!("`{given}` is not allowed here; did you mean \"{best}\"? (allowed: {list})")
        }
        None => format!("`{given}` is not allowed here (allowed: {list})"),
    }
}

/// Characters that look like JSON syntax but are not: what each is called, and the
/// character JSON needs in its place (`None`: nothing, or an ordinary space).
const LOOK_ALIKES: &[(char, &str, Option<char>)] = &[
    (
        '\u{201C}',
        "a curly quote “ from a word processor",
        Some('"'),
    ),
    (
        '\u{201D}',
        "a curly quote ” from a word processor",
        Some('"'),
    ),
    ('\u{201E}', "a low curly quote „", Some('"')),
    ('\u{201F}', "a reversed curly quote ‟", Some('"')),
    ('\u{2033}', "a double prime ″", Some('"')),
    ('\u{FF02}', "a full-width quote ＂", Some('"')),
    (
        '\u{2018}',
        "a curly single quote ‘ from a word processor",
        Some('"'),
    ),
    (
        '\u{2019}',
        "a curly single quote ’ from a word processor",
        Some('"'),
    ),
    ('\'', "a single quote '", Some('"')),
    ('\u{FF1A}', "a full-width colon ：", Some(':')),
    ('\u{FF0C}', "a full-width comma ，", Some(',')),
    ('\u{FF5B}', "a full-width brace ｛", Some('{')),
    ('\u{FF5D}', "a full-width brace ｝", Some('}')),
    ('\u{FF3B}', "a full-width bracket ［", Some('[')),
    ('\u{FF3D}', "a full-width bracket ］", Some(']')),
    ('\u{00A0}', "a no-break space (U+00A0)", None),
    ('\u{202F}', "a narrow no-break space (U+202F)", None),
    ('\u{2007}', "a figure space (U+2007)", None),
    ('\u{3000}', "an ideographic space (U+3000)", None),
    ('\u{200B}', "an invisible zero-width space (U+200B)", None),
    ('\u{FEFF}', "an invisible byte order mark (U+FEFF)", None),
];

/// "the quote at 3:5 is a curly quote “ from a word processor; JSON needs the
/// straight quote \"".
fn look_alike_message(c: char, line: usize, column: usize) -> Option<String> {
    let (_, name, instead) = LOOK_ALIKES.iter().find(|(l, _, _)| *l == c)?;
    let what = match instead {
        Some('"') => "quote",
        Some(':') => "colon",
        Some(',') => "comma",
        Some(_) => "bracket",
        None => "space",
    };
    Some(match instead {
        Some('"') => format!(
            "the {what} at {line}:{column} is {name}; JSON needs the straight quote \" around names and text"
        ),
        Some(i) => format!("the {what} at {line}:{column} is {name}; JSON needs {i}"),
        None => format!(
            "the {what} at {line}:{column} is {name}; JSON needs an ordinary space there (or none)"
        ),
    })
}

/// Broken JSON at `line`:`column` (serde's message `raw`): when the syntax before
/// the break has a look-alike character, that character is the cause and is named,
/// at its own position; otherwise serde's words.
pub fn syntax_error(text: &str, line: usize, column: usize, raw: &str) -> (usize, usize, String) {
    let mut in_string = false;
    let mut escaped = false;
    let (mut l, mut c) = (1usize, 0usize);
    for ch in text.chars() {
        if ch == '\n' {
            (l, c) = (l + 1, 0);
        } else {
            c += 1;
        }
        if (l, c) > (line, column) {
            break;
        }
        if in_string {
            match (escaped, ch) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if ch == '"' {
            in_string = true;
            continue;
        }
        if let Some(m) = look_alike_message(ch, l, c) {
            return (l, c, m);
        }
    }
    (
        line,
        column,
        format!("malformed JSON: {}", plain_serde_message(raw)),
    )
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
    // Positions are counted as an editor shows them: without a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let segments = parse_path(path);
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    for seg in &segments {
        pos = match seg {
            Segment::Key(k) => find_key(bytes, pos, k)?,
            Segment::Index(i) => find_index(bytes, pos, *i)?,
        };
    }
    let at = crate::util::position::Position::after(&text[..pos]);
    Some((at.line, at.column))
}

/// The line and column of the last character of the value at `path` (the closing
/// brace of an object): where serde reports a field missing from it.
pub fn locate_end(text: &str, path: &str) -> Option<(usize, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (line, column) = locate(text, path)?;
    let start = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum::<usize>()
        + text
            .split_inclusive('\n')
            .nth(line - 1)?
            .char_indices()
            .nth(column - 1)?
            .0;
    let end = skip_value(text.as_bytes(), start)?;
    let at = crate::util::position::Position::after(&text[..end - 1]);
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
    fn every_printed_prefix_of_the_builtin_profiles_names_its_authority() {
        for p in crate::profile::ProfileSet::builtin().iter() {
            for (authority, prefix) in &p.signer_prefixes {
                assert_eq!(
                    authority_of_prefix(prefix),
                    Some(authority.key()),
                    "{prefix} of {}",
                    p.id
                );
            }
        }
    }

    #[test]
    fn rust_types_become_plain_words() {
        let m = plain_serde_message("invalid type: sequence, expected a string at line 2 column 3");
        assert_eq!(m, "wrong type: a list [ … ] where text in quotes belongs");
        let m = plain_serde_message("invalid type: integer `3`, expected struct Person");
        assert_eq!(m, "wrong type: the number 3 where an object { … } belongs");
        assert!(!plain_serde_message("invalid type: string \"x\", expected u32").contains("u32"));
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
