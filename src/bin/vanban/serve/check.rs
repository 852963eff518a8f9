//! Reading a notice from a request body: every error at once, and no file named.
//!
//! The first error is exactly the one `vanban render` reports (same message, path,
//! line and column), from [`Notice::from_json`] on the body as sent. The library
//! stops at the first error; to find the next ones the bad value is replaced with
//! the value a valid notice (the bundled fixture of the same profile) has at that
//! path, or removed, and the notice is read again. Every error listed is therefore
//! one the library itself reports; the loop stops at an error it cannot step over
//! (a required field that the fixture lacks) or after [`MAX_ERRORS`].

use super::problem::{FieldError, Problem};
use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;
use vanban::errors::locate;
use vanban::notice::Notice;

/// Most errors listed for one notice: beyond this the input is not a notice at all.
const MAX_ERRORS: usize = 50;

/// The same limit `vanban render` has for one notice.
pub const MAX_NOTICE_BYTES: usize = 1 << 20;

const DONOR_HD36: &str = include_str!("../../../../fixtures/phuc-loi-2018.json");
const DONOR_ND30: &str = include_str!("../../../../fixtures/phuc-loi-2018-nd30.json");

/// Fields that name image files; the service refuses them (a request must never make
/// the server read one of its own files).
const FILE_FIELDS: [(&str, &[&str]); 2] = [
    (
        "signer.signature_image.file",
        &["signer", "signature_image", "file"],
    ),
    ("seal.file", &["seal", "file"]),
];

pub const FILE_REFUSED: &str = "the service reads no file: an image must be sent in the request as `data_base64` (the PNG in base64), not named by `file`";

/// The body as UTF-8 text, or the CLI's error for a byte that is not.
pub fn utf8(body: &[u8]) -> Result<&str, Problem> {
    std::str::from_utf8(body).map_err(|e| {
        let valid = &body[..e.valid_up_to()];
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let at = vanban::position::Position::after(before);
        Problem::malformed(vec![FieldError::new(
            None,
            Some((at.line, at.column)),
            format!(
                "byte 0x{:02X} is not UTF-8 text; save the file as UTF-8 (Unicode)",
                body[valid.len()]
            ),
        )])
    })
}

/// Read and check a notice against the server's `profiles`, and decode its images
/// (base64 only). `assets` is an empty folder: even if a `file` slipped past the
/// check, nothing could be read.
pub fn notice(
    text: &str,
    assets: &Path,
    profiles: &vanban::profile::ProfileSet,
) -> Result<Notice, Problem> {
    let first = match Notice::from_json(text) {
        Ok(mut n) => {
            let mut refused = refused_files(text);
            let profile = match n.check_profile(profiles, Some(text)) {
                Ok(p) => Some(p),
                Err(e) => {
                    refused.insert(0, field_error(&e));
                    None
                }
            };
            let Some(profile) = profile.filter(|_| refused.is_empty()) else {
                return Err(Problem::invalid(refused));
            };
            return match n.load_images(assets, Some(text), profile) {
                Ok(()) => Ok(n),
                Err(e) => Err(Problem::invalid(vec![field_error(&e)])),
            };
        }
        Err(e) => e,
    };
    if serde_json::from_str::<serde::de::IgnoredAny>(text).is_err() {
        return Err(Problem::malformed(vec![field_error(&first)]));
    }
    let mut errors = vec![field_error(&first)];
    if let Ok(mut value) = serde_json::from_str::<Value>(text) {
        more_errors(text, &mut value, &first.path, &first.message, &mut errors);
    }
    for e in refused_files(text) {
        if !errors.iter().any(|x| x.path == e.path) {
            errors.push(e);
        }
    }
    Err(Problem::invalid(errors))
}

fn field_error(e: &vanban::notice::InputError) -> FieldError {
    FieldError::new(
        Some(e.path.clone()),
        (e.line > 0).then_some((e.line, e.column)),
        e.message.clone(),
    )
}

/// The `file` fields of the body, each an error.
fn refused_files(text: &str) -> Vec<FieldError> {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    FILE_FIELDS
        .iter()
        .filter(|(_, keys)| keys.iter().try_fold(&v, |v, k| v.get(k)).is_some())
        .map(|(path, _)| {
            FieldError::new(
                Some(path.to_string()),
                locate(text, path),
                FILE_REFUSED.into(),
            )
        })
        .collect()
}

/// Step over the error at `path` and collect the following ones.
fn more_errors(
    text: &str,
    value: &mut Value,
    path: &str,
    message: &str,
    errors: &mut Vec<FieldError>,
) {
    let donor: Value = match value.get("profile").and_then(Value::as_str) {
        Some("nd30") => serde_json::from_str(DONOR_ND30),
        _ => serde_json::from_str(DONOR_HD36),
    }
    .expect("the bundled fixtures are JSON");
    let mut seen: HashSet<String> = HashSet::from([format!("{path}\u{0}{message}")]);
    let (mut path, mut message) = (path.to_string(), message.to_string());
    while errors.len() < MAX_ERRORS {
        if !step_over(value, &donor, &path, &message) {
            return;
        }
        let Ok(again) = serde_json::to_string(value) else {
            return;
        };
        let e = match Notice::from_json(&again) {
            Ok(_) => return,
            Err(e) => e,
        };
        let key = format!("{}\u{0}{}", e.path, e.message);
        if !seen.insert(key) {
            return;
        }
        errors.push(FieldError::new(
            Some(e.path.clone()),
            locate(text, &e.path),
            e.message.clone(),
        ));
        (path, message) = (e.path, e.message);
    }
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

/// Change `value` so that the error at `path` is gone: fill a missing field, or
/// replace (or remove) the bad value. False when no step is possible.
fn step_over(value: &mut Value, donor: &Value, path: &str, message: &str) -> bool {
    let mut segs = segments(path);
    if let Some(field) = message
        .strip_prefix("the required field `")
        .and_then(|r| r.split_once('`'))
        .map(|(f, _)| f.to_string())
    {
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
    let replacement = if message.starts_with("unknown field") {
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

    fn errors(text: &str) -> Vec<FieldError> {
        let dir = tempfile::tempdir().unwrap();
        notice(text, dir.path(), &vanban::profile::ProfileSet::builtin())
            .unwrap_err()
            .0
            .errors
    }

    #[test]
    fn lists_every_error_the_first_as_the_cli() {
        let good = DONOR_HD36;
        let bad = good
            .replacen("\"summary\"", "\"sumary\"", 1)
            .replacen("2018-01-22", "2018-02-30", 1)
            .replacen("\"Phúc Lợi\"", "\"Phúc Lợi 😀\"", 1);
        let first = Notice::from_json(&bad).unwrap_err();
        let all = errors(&bad);
        assert_eq!(all[0].path.as_deref(), Some(first.path.as_str()));
        assert_eq!(all[0].message, first.message);
        assert_eq!(all[0].line, Some(first.line));
        let paths: Vec<_> = all.iter().filter_map(|e| e.path.as_deref()).collect();
        assert!(paths.contains(&"sumary"), "{paths:?}");
        assert!(paths.contains(&"date"), "{paths:?}");
        assert!(paths.contains(&"ward"), "{paths:?}");
        for e in &all {
            assert!(e.line.is_some() && e.column.is_some(), "{e:?}");
        }
    }

    #[test]
    fn refuses_image_files() {
        let v: Value = serde_json::from_str(DONOR_HD36).unwrap();
        let mut v = v;
        v["seal"] = serde_json::json!({"file": "/etc/passwd", "width_mm": 36});
        let all = errors(&serde_json::to_string_pretty(&v).unwrap());
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].path.as_deref(), Some("seal.file"));
        assert_eq!(all[0].message, FILE_REFUSED);
    }
}
