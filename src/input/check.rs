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

use crate::input::messages::{locate, locate_end, missing_field_name, ErrorCode};
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
    let syntax = matches!(
        first.code,
        ErrorCode::BadJson | ErrorCode::LookAlike | ErrorCode::NotANotice
    );
    let value = if syntax {
        None
    } else {
        serde_json::from_str::<Value>(unmarked).ok()
    };
    let mut errors = vec![first];
    let Some(mut value) = value else {
        return errors;
    };
    let donor: Value = match value.get("profile").and_then(Value::as_str) {
        Some("nd30") => serde_json::from_str(DONOR_ND30),
        _ => serde_json::from_str(DONOR_HD36),
    }
    .expect("the bundled fixtures are JSON");
    let mut seen: HashSet<(String, String)> = errors
        .iter()
        .map(|e| (e.path.clone(), e.message.clone()))
        .collect();
    while errors.len() < MAX_ERRORS {
        let last = errors.last().expect("one error at least");
        if !step_over(&mut value, &donor, last) {
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
        if !seen.insert((e.path.clone(), e.message.clone())) {
            break;
        }
        let pos = if e.code == ErrorCode::MissingField {
            locate_end(text, &e.path)
        } else {
            locate(text, &e.path)
        };
        errors.push(InputError {
            line: pos.map_or(0, |p| p.0),
            column: pos.map_or(0, |p| p.1),
            ..e
        });
    }
    errors
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
