//! Reading a notice from a request body: every error at once, and no file named.
//!
//! The first error is exactly the one `vanban render` reports (same message, path,
//! line and column), from [`Notice::from_json`] on the body as sent; the following
//! ones are found as the CLI finds them ([`vanban::input::check`]).

use super::problem::{FieldError, Problem};
use serde_json::Value;
use std::path::Path;
use vanban::input::check::{every_error, Reading};
use vanban::input::messages::{locate, ErrorCode};
use vanban::input::notice::Notice;

/// The same limit `vanban render` has for one notice.
pub const MAX_NOTICE_BYTES: usize = 1 << 20;

/// Fields that name image files; the service refuses them (a request must never make
/// the server read one of its own files).
const FILE_FIELDS: [(&str, &[&str]); 2] = [
    (
        "signer.signature_image.file",
        &["signer", "signature_image", "file"],
    ),
    ("seal.file", &["seal", "file"]),
];

/// Why an image `file` is refused, in the thread's language.
pub fn file_refused() -> String {
    vanban::messages::serve::file_refused()
}

/// The body as UTF-8 text, or the CLI's error for a byte that is not.
pub fn utf8(body: &[u8]) -> Result<&str, Problem> {
    std::str::from_utf8(body).map_err(|e| {
        let valid = &body[..e.valid_up_to()];
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let at = vanban::util::position::Position::after(before);
        Problem::malformed(vec![FieldError::new(
            None,
            Some((at.line, at.column)),
            vanban::messages::serve::not_utf8(format!("{:02X}", body[valid.len()])),
            ErrorCode::BadText,
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
    notice_as(text, assets, profiles, Reading::Notice)
}

/// [`notice`], read as `reading` says (a draft may leave out its number and date).
pub fn notice_as(
    text: &str,
    assets: &Path,
    profiles: &vanban::profile::ProfileSet,
    reading: Reading,
) -> Result<Notice, Problem> {
    let read = match reading {
        Reading::Notice => Notice::from_json(text),
        Reading::Draft => Notice::from_json_draft(text),
    };
    let first = match read {
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
    if serde_json::from_str::<serde::de::IgnoredAny>(text.strip_prefix('\u{feff}').unwrap_or(text))
        .is_err()
    {
        return Err(Problem::malformed(vec![field_error(&first)]));
    }
    let mut errors: Vec<FieldError> = every_error(text, first, reading, None)
        .iter()
        .map(field_error)
        .collect();
    for e in refused_files(text) {
        if !errors.iter().any(|x| x.path == e.path) {
            errors.push(e);
        }
    }
    Err(Problem::invalid(errors))
}

pub fn field_error(e: &vanban::input::notice::InputError) -> FieldError {
    FieldError::new(
        Some(e.path.clone()),
        (e.line > 0).then_some((e.line, e.column)),
        e.message.clone(),
        e.code,
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
                file_refused(),
                ErrorCode::InvalidValue,
            )
        })
        .collect()
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
        let good = include_str!("../../../../fixtures/phuc-loi-2018.json");
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
        let v: Value =
            serde_json::from_str(include_str!("../../../../fixtures/phuc-loi-2018.json")).unwrap();
        let mut v = v;
        v["seal"] = serde_json::json!({"file": "/etc/passwd", "width_mm": 36});
        let all = errors(&serde_json::to_string_pretty(&v).unwrap());
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].path.as_deref(), Some("seal.file"));
        assert_eq!(all[0].message, file_refused());
        assert_eq!(all[0].code, "invalid-value");
    }
}
