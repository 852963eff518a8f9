//! Turning input errors into messages a clerk can act on.
//!
//! serde names the problem; this module adds where it is (a JSON path resolved back to
//! line and column), what kind it is (a stable [`ErrorCode`]) and, where the input
//! shows what was meant, the suggestion: the field probably meant, the ISO form of a
//! date typed the Vietnamese way, the authority behind a printed prefix, a number
//! without its quotes, the straight quote for a curly one.
//!
//! The sentences themselves are in the catalogue ([`crate::messages::input`]), in
//! the thread's language; this module decides which one is said, and fills it in.

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

/// The names in backticks of a serde message (`expected one of `a`, `b``).
fn backticked(list: &str) -> Vec<&str> {
    list.split('`').skip(1).step_by(2).collect()
}

/// The kind of a serde_json message and its plain words (see [`plain_serde_message`]).
pub fn classify_serde(raw: &str) -> (ErrorCode, String) {
    use crate::messages::input as m;
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
            let candidates = backticked(expected);
            let allowed = candidates.join(", ");
            let out = match closest(field, &candidates) {
                _ if candidates.is_empty() => m::unknown_field_bare(field),
                Some(best) => m::unknown_field_meant(field, best, allowed),
                None => m::unknown_field(field, allowed),
            };
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
        if let Some((given, expected)) = rest
            .rsplit_once("`, expected ")
            .or_else(|| rest.rsplit_once("`, there are no variants"))
        {
            return (
                ErrorCode::UnknownValue,
                unknown_value(given, &backticked(expected)),
            );
        }
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (
            ErrorCode::WrongType,
            m::value_does_not_fit(plain_value(got), plain_kind(expected)),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        let (count, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (
            ErrorCode::WrongType,
            m::wrong_length(count, plain_kind(expected)),
        );
    }
    if let Some(rest) = msg.strip_prefix("duplicate field `") {
        if let Some((field, _)) = rest.split_once('`') {
            return (ErrorCode::InvalidValue, m::duplicate_field(field));
        }
    }
    (ErrorCode::InvalidValue, msg.to_string())
}

/// serde_json's words for broken JSON (its syntax and end-of-file errors), as a
/// clerk reads them: what is missing or extra, and how JSON wants it.
pub fn plain_syntax_message(raw: &str) -> String {
    use crate::messages::input as m;
    let msg = match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    match msg {
        "EOF while parsing a list" => m::json_eof_list(),
        "EOF while parsing an object" => m::json_eof_object(),
        "EOF while parsing a string" => m::json_eof_string(),
        "EOF while parsing a value" => m::json_eof_value(),
        "expected `:`" => m::json_expected_colon(),
        "expected `,` or `]`" => m::json_expected_list_comma(),
        "expected `,` or `}`" => m::json_expected_object_comma(),
        "expected ident" => m::json_expected_ident(),
        "expected value" => m::json_expected_value(),
        "expected `\"`" => m::json_expected_quote(),
        "invalid escape" => m::json_invalid_escape(),
        "invalid number" => m::json_invalid_number(),
        "number out of range" => m::json_number_out_of_range(),
        "invalid unicode code point" => m::json_invalid_code_point(),
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            m::json_control_in_string()
        }
        "key must be a string" => m::json_key_not_string(),
        "lone leading surrogate in hex escape" => m::json_lone_surrogate(),
        "trailing comma" => m::json_trailing_comma(),
        "trailing characters" => m::json_trailing_characters(),
        "unexpected end of hex escape" => m::json_short_hex_escape(),
        "recursion limit exceeded" => m::json_too_deep(),
        other => m::json_other(other),
    }
}

/// "the required field `archive` is missing: the archive line".
pub fn missing_field(field: &str, holds: Option<&str>) -> String {
    match holds {
        Some(h) => crate::messages::input::missing_field_holds(field, h),
        None => crate::messages::input::missing_field(field),
    }
}

/// The field that a missing-field message (of [`missing_field`], in either
/// language) names: the first name in backticks.
pub fn missing_field_name(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    rest.split_once('`').map(|(f, _)| f)
}

/// What the field `field` of the object at `parent` (a serde path, `.` for the
/// notice) holds, in a few words from `vanban schema`'s description, which is
/// written "Vietnamese / English": the first clause of the half in the thread's
/// language.
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
    let words = match crate::messages::lang() {
        crate::messages::Lang::Vi => clause(vi, &[';', ':', '(', ',', '.']),
        crate::messages::Lang::En => clause(en, &[';', ':', '(']),
    };
    // "Họ và tên" and "Full name" start a sentence in the schema, not here; an
    // abbreviation ("UBND") keeps its capitals.
    let mut chars = words.chars();
    let first = chars.next()?;
    Some(match chars.next() {
        Some(second) if second.is_lowercase() => {
            first.to_lowercase().chain(words.chars().skip(1)).collect()
        }
        _ => words,
    })
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
    use crate::messages::input as m;
    let kind = kind.trim();
    match kind {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            m::kind_whole_number()
        }
        "f32" | "f64" => m::kind_number(),
        "a string" | "string" | "a borrowed string" => m::kind_text(),
        "a sequence" | "sequence" => m::kind_list(),
        "a map" | "map" => m::kind_object(),
        "a boolean" | "boolean" => m::kind_boolean(),
        "null" => "null".into(),
        _ if kind.starts_with("struct ") => m::kind_object(),
        _ if kind.starts_with("enum ") || kind.starts_with("variant ") => m::kind_allowed_word(),
        _ => plain_value(kind),
    }
}

/// serde's words for a value it was given (`string "12"`, `integer `3``), plainly.
fn plain_value(got: &str) -> String {
    use crate::messages::input as m;
    if let Some(s) = got.strip_prefix("string ") {
        return m::given_text(s);
    }
    for prefix in ["integer `", "floating point `"] {
        if let Some(v) = got.strip_prefix(prefix) {
            return m::given_number(v.trim_end_matches('`'));
        }
    }
    if let Some(v) = got.strip_prefix("boolean `") {
        return v.trim_end_matches('`').to_string();
    }
    match got {
        "map" => m::kind_object(),
        "sequence" => m::kind_list(),
        "null" | "unit" => "null".into(),
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
        return crate::messages::input::wrong_type_bare(plain_value(got));
    }
    crate::messages::input::wrong_type(plain_value(got), plain_kind(expected))
}

/// "write dates as YYYY-MM-DD: did you mean 2024-03-15?" for a date typed `15/03/2024`.
pub fn date_meant(typed: &str, meant: &crate::input::date::Date) -> String {
    crate::messages::input::date_meant(typed, meant)
}

/// "write 12 without quotes".
pub fn number_in_quotes(number: &str) -> String {
    crate::messages::input::number_in_quotes(number)
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
    use crate::messages::input as m;
    let list = allowed.join(", ");
    if let Some(a) = authority_of_prefix(given).filter(|a| allowed.contains(a)) {
        return m::prefix_as_printed(given, a, list);
    }
    match closest(given, allowed) {
        Some(best) => m::value_meant(given, best, list),
        None => m::value_not_allowed(given, list),
    }
}

/// A look-alike: the character, its name (in the thread's language), and the one
/// JSON needs instead.
type LookAlike = (char, fn() -> String, Option<char>);

/// Characters that look like JSON syntax but are not: what each is called, and the
/// character JSON needs in its place (`None`: nothing, or an ordinary space).
const LOOK_ALIKES: &[LookAlike] = {
    use crate::messages::input as m;
    &[
        ('\u{201C}', m::char_curly_open_quote, Some('"')),
        ('\u{201D}', m::char_curly_close_quote, Some('"')),
        ('\u{201E}', m::char_low_quote, Some('"')),
        ('\u{201F}', m::char_reversed_quote, Some('"')),
        ('\u{2033}', m::char_double_prime, Some('"')),
        ('\u{FF02}', m::char_full_width_quote, Some('"')),
        ('\u{2018}', m::char_curly_open_single, Some('"')),
        ('\u{2019}', m::char_curly_close_single, Some('"')),
        ('\'', m::char_single_quote, Some('"')),
        ('\u{FF1A}', m::char_full_width_colon, Some(':')),
        ('\u{FF0C}', m::char_full_width_comma, Some(',')),
        ('\u{FF5B}', m::char_full_width_open_brace, Some('{')),
        ('\u{FF5D}', m::char_full_width_close_brace, Some('}')),
        ('\u{FF3B}', m::char_full_width_open_bracket, Some('[')),
        ('\u{FF3D}', m::char_full_width_close_bracket, Some(']')),
        ('\u{00A0}', m::char_no_break_space, None),
        ('\u{202F}', m::char_narrow_no_break_space, None),
        ('\u{2007}', m::char_figure_space, None),
        ('\u{3000}', m::char_ideographic_space, None),
        ('\u{200B}', m::char_zero_width_space, None),
        ('\u{FEFF}', m::char_byte_order_mark, None),
    ]
};

/// The character JSON needs in place of the look-alike `c` (an ordinary space
/// for a look-alike space), if `c` is one.
pub(crate) fn look_alike_replacement(c: char) -> Option<char> {
    LOOK_ALIKES
        .iter()
        .find(|(l, _, _)| *l == c)
        .map(|(_, _, instead)| instead.unwrap_or(' '))
}

/// "the quote at 3:5 is a curly quote “ from a word processor; JSON needs the
/// straight quote \"".
pub(crate) fn look_alike_message(c: char, line: usize, column: usize) -> Option<String> {
    use crate::messages::input as m;
    let (_, name, instead) = LOOK_ALIKES.iter().find(|(l, _, _)| *l == c)?;
    let name = name();
    Some(match instead {
        Some('"') => m::look_alike_quote(line, column, name),
        Some(':') => m::look_alike_colon(line, column, name),
        Some(',') => m::look_alike_comma(line, column, name),
        Some(i) => m::look_alike_bracket(line, column, name, i),
        None => m::look_alike_space(line, column, name),
    })
}

/// Broken JSON at `line`:`column` (serde's message `raw`): when the syntax before
/// the break has a look-alike character, that character is the cause and is named,
/// at its own position; otherwise serde's reason in plain words. The code tells
/// the two apart.
pub fn syntax_error(
    text: &str,
    line: usize,
    column: usize,
    raw: &str,
) -> (usize, usize, ErrorCode, String) {
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
            return (l, c, ErrorCode::LookAlike, m);
        }
    }
    let reason = if text.trim().is_empty() {
        crate::messages::input::json_empty()
    } else {
        plain_syntax_message(raw)
    };
    (
        line,
        column,
        ErrorCode::BadJson,
        crate::messages::input::malformed_json(reason),
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
    use crate::messages::{with_lang, Lang};

    #[test]
    fn locates_nested_values() {
        let text = "{\n  \"a\": 1,\n  \"b\": {\"c\": [10, {\"d\": \"x\"}]}\n}";
        assert_eq!(locate(text, "a"), Some((2, 8)));
        assert_eq!(locate(text, "b.c[1].d"), Some((3, 25)));
        assert_eq!(locate(text, "b.c[5]"), None);
    }

    #[test]
    fn field_names_with_backticks_stay_whole() {
        let msg = with_lang(Lang::En, || {
            plain_serde_message(
                "unknown field `abb`eviation`, expected one of `name`, `abbreviation`",
            )
        });
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
        with_lang(Lang::En, || {
            let m =
                plain_serde_message("invalid type: sequence, expected a string at line 2 column 3");
            assert_eq!(m, "wrong type: a list [ … ] where text in quotes belongs");
            let m = plain_serde_message("invalid type: integer `3`, expected struct Person");
            assert_eq!(m, "wrong type: the number 3 where an object { … } belongs");
            assert!(
                !plain_serde_message("invalid type: string \"x\", expected u32").contains("u32")
            );
        });
        let m = plain_serde_message("invalid type: sequence, expected a string");
        assert_eq!(
            m,
            "sai kiểu: một danh sách [ … ] ở chỗ cần văn bản trong dấu ngoặc kép"
        );
        let m = plain_serde_message("invalid value: integer `-1`, expected u32");
        assert_eq!(m, "số -1 không dùng được ở đây: cần một số nguyên");
    }

    #[test]
    fn suggests_the_closest_field() {
        let msg = with_lang(Lang::En, || {
            plain_serde_message(
                "unknown field `sumary`, expected one of `profile`, `summary`, `title` at line 3 column 10",
            )
        });
        assert!(msg.contains("did you mean `summary`?"), "{msg}");
        assert!(!msg.contains("line 3"), "{msg}");
        let msg = plain_serde_message(
            "unknown field `sumary`, expected one of `profile`, `summary`, `title`",
        );
        assert_eq!(
            msg,
            "không có trường `sumary` ở đây; có phải ý bạn là `summary`? (các trường được phép: profile, summary, title)"
        );
    }

    /// serde_json's syntax messages, as its own parser makes them, each become a
    /// sentence of the catalogue in both languages (none passes through in English).
    #[test]
    fn every_syntax_message_met_is_made_plain() {
        let broken = [
            "[1, 2",
            "{\"a\": 1",
            "\"abc",
            "",
            "{\"a\" 1}",
            "[1 2]",
            "{\"a\": 1 \"b\": 2}",
            "{\"a\": nope}",
            "{\"a\": }",
            "\"\\q\"",
            "01",
            "1e999999",
            "\"\\uDC00x\"",
            "\"\\uD800x\"",
            "\"a\u{1}b\"",
            "{1: 2}",
            "[1,]",
            "\"\\u12\"",
            &"[".repeat(200),
        ];
        for text in broken {
            let raw = serde_json::from_str::<serde_json::Value>(text)
                .unwrap_err()
                .to_string();
            for lang in Lang::ALL {
                let m = with_lang(lang, || plain_syntax_message(&raw));
                let bare = raw.rfind(" at line ").map_or(raw.as_str(), |i| &raw[..i]);
                let other = with_lang(lang, || crate::messages::input::json_other(bare));
                assert_ne!(m, other, "{text:?}: {raw} is not classified");
            }
        }
    }
}
