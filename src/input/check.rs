//! Every error of a notice in one reading, for `vanban validate`, `vanban render`
//! and the service's `/v1/validate`.
//!
//! The first error is exactly the one [`Notice::from_json`] reports on the text as
//! given. The reader stops at the first error; to find the next ones the bad value
//! is replaced with the value a valid notice (the bundled fixture of the same
//! profile) has at that path, or removed when it should not be there, and the notice
//! is read again. Every error listed is therefore one the reader itself reports, at
//! the position of the value in the text as given; the loop stops at an error it
//! cannot step over (a required field the fixture lacks, broken JSON) or after
//! [`MAX_ERRORS`].

use crate::input::messages::{
    locate, locate_end, look_alike_message, look_alike_replacement, missing_field_name,
    syntax_error, ErrorCode,
};
use crate::input::notice::{InputError, Notice};
use crate::profile::ProfileSet;
use serde_json::Value;
use std::collections::HashSet;

/// Most errors listed for one notice: beyond this the input is not a notice at all.
pub const MAX_ERRORS: usize = 50;

const DONOR_HD36: &str = include_str!("../../fixtures/phuc-loi-2018.json");
const DONOR_ND30: &str = include_str!("../../fixtures/phuc-loi-2018-nd30.json");

/// How a notice is read: a complete notice, or a draft for issuance (number and
/// date may be absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// A complete notice: number and date required.
    Notice,
    /// A draft for issuance: number and date may be left for the văn thư.
    Draft,
}

impl Reading {
    fn read(self, text: &str) -> Result<Notice, InputError> {
        match self {
            Reading::Notice => Notice::from_json(text),
            Reading::Draft => Notice::from_json_draft(text),
        }
    }
}

/// Read `text` as a notice and, when `profiles` are given, check it against them.
/// On failure, every error found (the first as the reader reports it), in the
/// order found.
pub fn read_all(
    text: &str,
    reading: Reading,
    profiles: Option<&ProfileSet>,
) -> Result<Notice, Vec<InputError>> {
    match reading.read(text) {
        Ok(notice) => {
            if let Some(p) = profiles {
                notice.check_profile(p, Some(text)).map_err(|e| vec![e])?;
            }
            Ok(notice)
        }
        Err(first) => Err(every_error(text, first, reading, profiles)),
    }
}

/// `first` (the reader's error on `text`) and the errors after it.
pub fn every_error(
    text: &str,
    first: InputError,
    reading: Reading,
    profiles: Option<&ProfileSet>,
) -> Vec<InputError> {
    let unmarked = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut found = Found::default();
    found.add(first.clone());
    if first.code == ErrorCode::NotANotice {
        return found.errors;
    }
    // The text as JSON, each look-alike character named and replaced by the one JSON
    // needs; a syntax error of another kind ends the list.
    let Some((mut value, repaired)) = repair_look_alikes(unmarked, &mut found) else {
        return found.errors;
    };
    let donor: Value = match value.get("profile").and_then(Value::as_str) {
        Some("nd30") => serde_json::from_str(DONOR_ND30),
        _ => serde_json::from_str(DONOR_HD36),
    }
    .expect("the bundled fixtures are JSON");
    // The error to step over next: the reader's, or, when the reader stopped at a
    // look-alike, its first on the repaired text (at the same place: each
    // replacement is one character for one).
    let mut last = if matches!(first.code, ErrorCode::LookAlike | ErrorCode::BadJson) {
        let e = match reading.read(&repaired) {
            Ok(notice) => match profiles.map(|p| notice.check_profile(p, Some(&repaired))) {
                Some(Err(e)) => e,
                _ => return found.errors,
            },
            Err(e) => e,
        };
        found.add(e.clone());
        e
    } else {
        first
    };
    while found.errors.len() < MAX_ERRORS {
        if !step_over(&mut value, &donor, &last) {
            break;
        }
        let Ok(again) = serde_json::to_string(&value) else {
            break;
        };
        let e = match reading.read(&again) {
            Ok(notice) => {
                // The values read; what the profile allows is the last check.
                match profiles.map(|p| notice.check_profile(p, None)) {
                    Some(Err(e)) => e,
                    _ => break,
                }
            }
            Err(e) => e,
        };
        let pos = if e.code == ErrorCode::MissingField {
            locate_end(&repaired, &e.path)
        } else {
            locate(&repaired, &e.path)
        };
        let e = InputError {
            line: pos.map_or(0, |p| p.0),
            column: pos.map_or(0, |p| p.1),
            ..e
        };
        if !found.add(e.clone()) {
            break;
        }
        last = e;
    }
    // After the reader's own first, in the order of the text, as a clerk corrects
    // them (errors without a place last).
    let mut errors = found.errors;
    errors[1..].sort_by_key(|e| (e.line == 0, e.line, e.column));
    errors
}

/// The errors of a notice found so far, each path and message once (stepping over
/// a value can meet the same error again).
#[derive(Default)]
struct Found {
    errors: Vec<InputError>,
    seen: HashSet<(String, String)>,
}

impl Found {
    /// Add `e`, unless an error of its path and message is there already: then false.
    fn add(&mut self, e: InputError) -> bool {
        let fresh = self.seen.insert((e.path.clone(), e.message.clone()));
        if fresh {
            self.errors.push(e);
        }
        fresh
    }

    /// Add a syntax error of the whole text, at `line`:`column`.
    fn syntax(&mut self, line: usize, column: usize, message: String, code: ErrorCode) {
        self.add(InputError {
            path: ".".into(),
            line,
            column,
            message,
            code,
        });
    }
}

/// `text` read as JSON, with every look-alike character of its syntax (a curly
/// quote from Word, a full-width colon) named in `found` and replaced by the
/// character JSON needs there, so that one run names them all and the errors after
/// them. A syntax error of another kind is named too, and ends the reading (`None`).
fn repair_look_alikes(text: &str, found: &mut Found) -> Option<(Value, String)> {
    let mut repaired = text.to_string();
    while found.errors.len() < MAX_ERRORS {
        let e = match serde_json::from_str::<Value>(&repaired) {
            Ok(value) => return Some((value, repaired)),
            Err(e) => e,
        };
        let (line, column, code, message) =
            syntax_error(&repaired, e.line(), e.column(), &e.to_string());
        found.syntax(line, column, message, code);
        if code != ErrorCode::LookAlike {
            return None;
        }
        let start: usize = repaired
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        let (at, c) = repaired[start..].char_indices().nth(column - 1)?;
        let with = look_alike_replacement(c)?;
        let at = start + at;
        repaired.replace_range(at..at + c.len_utf8(), with.encode_utf8(&mut [0; 4]));
        // A text opened by a curly quote is closed by one too, which the reader would
        // take as part of the text: it is named and replaced with its pair.
        if with == '"' {
            let rest = &repaired[at + 1..];
            let close = rest
                .char_indices()
                .take_while(|&(_, k)| k != '\n' && k != '"')
                .enumerate()
                .find(|&(_, (_, k))| match c {
                    // 'text' closes with the same quote; an apostrophe is no closer
                    // of “text”.
                    '\'' => k == '\'',
                    _ => k != '\'' && look_alike_replacement(k) == Some('"'),
                });
            if let Some((n, (i, k))) = close {
                let column = column + 1 + n;
                if let Some(message) = look_alike_message(k, line, column) {
                    found.syntax(line, column, message, ErrorCode::LookAlike);
                }
                let i = at + 1 + i;
                repaired.replace_range(i..i + k.len_utf8(), "\"");
            }
        }
    }
    None
}

/// Segments of a serde_path_to_error path (`body.tasks[2].text`).
fn segments(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    if path == "." {
        return out;
    }
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Seg::Key(key.to_string()));
        }
        while let Some(s) = rest.strip_prefix('[') {
            let end = s.find(']').unwrap_or(s.len());
            if let Ok(n) = s[..end].parse() {
                out.push(Seg::Index(n));
            }
            rest = s.get(end + 1..).unwrap_or("");
        }
    }
    out
}

#[derive(Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

fn get_mut<'a>(v: &'a mut Value, segs: &[Seg]) -> Option<&'a mut Value> {
    segs.iter().try_fold(v, |v, s| match s {
        Seg::Key(k) => v.get_mut(k),
        Seg::Index(i) => v.get_mut(*i),
    })
}

/// The donor's value at the same place (any array index read as the first).
fn donor_at<'a>(donor: &'a Value, segs: &[Seg]) -> Option<&'a Value> {
    segs.iter().try_fold(donor, |v, s| match s {
        Seg::Key(k) => v.get(k),
        Seg::Index(_) => v.get(0),
    })
}

/// Change `value` so that the error `e` is gone: fill a missing field, or replace
/// (or remove) the bad value. False when no step is possible.
fn step_over(value: &mut Value, donor: &Value, e: &InputError) -> bool {
    let mut segs = segments(&e.path);
    if e.code == ErrorCode::MissingField {
        let Some(field) = missing_field_name(&e.message).map(str::to_string) else {
            return false;
        };
        segs.push(Seg::Key(field.clone()));
        let Some(fill) = donor_at(donor, &segs).cloned() else {
            return false;
        };
        segs.pop();
        return match get_mut(value, &segs).and_then(Value::as_object_mut) {
            Some(obj) => obj.insert(field, fill).is_none(),
            None => false,
        };
    }
    let Some(last) = segs.last().cloned() else {
        return false;
    };
    let replacement = if e.code == ErrorCode::UnknownField {
        None
    } else {
        donor_at(donor, &segs).cloned()
    };
    let parent = &segs[..segs.len() - 1];
    let Some(parent) = get_mut(value, parent) else {
        return false;
    };
    match (last, replacement) {
        (Seg::Key(k), Some(r)) => parent.get_mut(&k).map(|v| *v = r).is_some(),
        (Seg::Key(k), None) => parent.as_object_mut().and_then(|o| o.remove(&k)).is_some(),
        (Seg::Index(i), Some(r)) => parent.get_mut(i).map(|v| *v = r).is_some(),
        (Seg::Index(i), None) => match parent.as_array_mut() {
            Some(a) if i < a.len() => {
                a.remove(i);
                true
            }
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_error_the_first_as_the_reader() {
        let bad = DONOR_HD36
            .replacen("\"summary\"", "\"sumary\"", 1)
            .replacen("2018-01-22", "22/01/2018", 1)
            .replacen("\"Phúc Lợi\"", "\"Phúc Lợi 😀\"", 1);
        let first = Notice::from_json(&bad).unwrap_err();
        let all = read_all(&bad, Reading::Notice, Some(&ProfileSet::builtin())).unwrap_err();
        assert_eq!(all[0], first);
        let got: Vec<_> = all.iter().map(|e| (e.path.as_str(), e.code)).collect();
        assert!(
            got.contains(&("sumary", ErrorCode::UnknownField)),
            "{got:?}"
        );
        assert!(got.contains(&("date", ErrorCode::InvalidDate)), "{got:?}");
        assert!(got.contains(&("ward", ErrorCode::BadText)), "{got:?}");
        for e in &all[1..] {
            let at = if e.code == ErrorCode::MissingField {
                locate_end(&bad, &e.path)
            } else {
                locate(&bad, &e.path)
            };
            assert_eq!(at, Some((e.line, e.column)), "{e:?}");
        }
    }

    #[test]
    fn a_later_missing_field_is_placed_as_the_reader_places_it() {
        let v: Value = serde_json::from_str(DONOR_HD36).unwrap();
        let mut one = v.clone();
        one.as_object_mut().unwrap().remove("archive");
        let mut two = one.clone();
        two["number"] = Value::from("12");
        let (one, two) = (
            serde_json::to_string_pretty(&one).unwrap(),
            serde_json::to_string_pretty(&two).unwrap(),
        );
        let alone = Notice::from_json(&one).unwrap_err();
        let later = read_all(&two, Reading::Notice, None).unwrap_err();
        assert_eq!(later.len(), 2, "{later:?}");
        assert_eq!(later[1].code, ErrorCode::MissingField);
        assert_eq!((later[1].line, later[1].column), (alone.line, alone.column));
    }

    #[test]
    fn look_alikes_are_named_each_and_the_reading_goes_on() {
        let bad = DONOR_HD36
            .replacen("\"summary\"", "“summary”", 1)
            .replacen("\"place\":", "\"place\"：", 1)
            .replacen("\"ward\"", "'ward'", 1)
            .replacen("2018-01-22", "22/01/2018", 1);
        let first = Notice::from_json(&bad).unwrap_err();
        let all = read_all(&bad, Reading::Notice, Some(&ProfileSet::builtin())).unwrap_err();
        assert_eq!(all[0], first);
        let got: Vec<_> = all
            .iter()
            .map(|e| (e.code, e.path.as_str(), e.line, e.column))
            .collect();
        let at = |needle: &str| {
            let before = &bad[..bad.find(needle).unwrap()];
            let line = before.matches('\n').count() + 1;
            (
                line,
                before.rsplit('\n').next().unwrap().chars().count() + 1,
            )
        };
        let (l, c) = at("“summary”");
        let (pl, pc) = at("：");
        let (dl, dc) = at("\"22/01/2018\"");
        let (wl, wc) = at("'ward'");
        let want = [
            (ErrorCode::LookAlike, ".", wl, wc),
            (ErrorCode::LookAlike, ".", wl, wc + 5),
            (ErrorCode::LookAlike, ".", pl, pc),
            (ErrorCode::LookAlike, ".", l, c),
            (ErrorCode::LookAlike, ".", l, c + 8),
            // Where the reader places it: at the end of the value.
            (ErrorCode::InvalidDate, "date", dl, dc + 11),
        ];
        for w in want {
            assert!(got.contains(&w), "{w:?} not in {got:?}");
        }
        assert_eq!(all.len(), 6, "{got:?}");
        // After the reader's first, in the order of the text.
        let places: Vec<_> = all[1..].iter().map(|e| (e.line, e.column)).collect();
        assert!(places.is_sorted(), "{places:?}");
    }

    #[test]
    fn broken_json_is_one_error() {
        let all = read_all("{\"profile\": \"hd36\",", Reading::Notice, None).unwrap_err();
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].code, ErrorCode::BadJson);
    }

    #[test]
    fn a_valid_notice_reads() {
        assert!(read_all(DONOR_ND30, Reading::Notice, Some(&ProfileSet::builtin())).is_ok());
    }
}
