//! The ward's name written once: strings of a batch's `base` may say `{ward}`.
//!
//! A notice names its ward in five or six places (the summary, the meeting's place
//! and counterpart, the closing sentence, a recipient). In a batch those phrases
//! differ between items only by the ward's name, so `base` may hold them once, with
//! `{ward}` where the name goes; each item's `ward` is put in when the item is merged
//! over the base:
//!
//! ```json
//! {"base": {"summary": "kết luận … với Ban Thường vụ Đảng ủy phường {ward}", …},
//!  "items": [{"ward": "Bồ Đề", …}, {"ward": "Cự Khối", …}]}
//! ```
//!
//! The rules, kept few so that a clerk can predict them:
//! - Only strings of `base` are read this way, never an item's own strings (an item
//!   says exactly what it says) and never object keys.
//! - `{ward}` is the only name; `{{` and `}}` write a brace. Any other brace in the
//!   base is an error naming its path, found before any item is rendered (a typo such
//!   as `{phuong}` must not be printed on a hundred notices).
//! - The ward is the item's `ward`, or the base's when the item gives none. An item
//!   whose merged notice would keep a `{ward}` string of the base and that has no ward
//!   fails, naming the path of that string; an item that replaces every such string
//!   with its own needs no ward.
//! - The base's own `ward` cannot say `{ward}`.
//!
//! A base with no brace at all is merged exactly as before (a plain copy).

use serde_json::{Map, Value};

/// A batch's base, its strings checked for `{ward}`.
#[derive(Debug, Clone)]
pub struct Base {
    /// The base; when no string says `{ward}`, with `{{`/`}}` already written as
    /// braces (otherwise every string keeps its escapes until an item's ward is put
    /// in).
    value: Value,
    /// The JSON paths of the strings that say `{ward}` (segments from the base's
    /// root), in key order; empty when no string does.
    uses: Vec<Vec<Seg>>,
}

/// One step of a path inside the base.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// `meeting.place`, `recipients[2]`.
fn written(segs: &[Seg]) -> String {
    let mut out = String::new();
    for s in segs {
        match s {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The placeholder a base string may use.
const WARD: &str = "{ward}";

/// What a string says about substitution.
enum Scan {
    /// No `{ward}`: the string as it reads, escapes written out.
    Literal(String),
    /// Says `{ward}` at least once.
    Ward,
}

/// Read one base string: `Err` is the message for a brace that is neither
/// `{ward}`, `{{` nor `}}`.
fn scan(s: &str) -> Result<Scan, String> {
    if !s.contains(['{', '}']) {
        return Ok(Scan::Literal(s.to_string()));
    }
    let mut out = String::with_capacity(s.len());
    let mut ward = false;
    let mut rest = s;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        if let Some(r) = after.strip_prefix("{{") {
            out.push('{');
            rest = r;
        } else if let Some(r) = after.strip_prefix("}}") {
            out.push('}');
            rest = r;
        } else if let Some(r) = after.strip_prefix(WARD) {
            ward = true;
            rest = r;
        } else if let (Some('{'), Some(end)) = (after.chars().next(), after.find('}')) {
            return Err(crate::messages::batch::unknown_placeholder(&after[..=end]));
        } else {
            return Err(crate::messages::batch::lone_brace(&after[..1]));
        }
    }
    out.push_str(rest);
    Ok(if ward { Scan::Ward } else { Scan::Literal(out) })
}

/// `s` with each `{ward}` replaced by `ward` and `{{`/`}}` written as braces (`s`
/// passed [`scan`]).
fn fill(s: &str, ward: &str) -> String {
    let mut out = String::with_capacity(s.len() + ward.len());
    let mut rest = s;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        if let Some(r) = after.strip_prefix(WARD) {
            out.push_str(ward);
            rest = r;
        } else {
            // `{{` or `}}`.
            out.push_str(&after[..1]);
            rest = &after[2.min(after.len())..];
        }
    }
    out.push_str(rest);
    out
}

impl Base {
    /// Check the base's strings; `Err` is the path of a bad one (from the base's
    /// root, `.` for the base itself) and why.
    pub fn new(value: Value) -> Result<Base, (String, String)> {
        let mut uses = Vec::new();
        let mut at = Vec::new();
        let mut braces = false;
        check(&value, &mut at, &mut uses, &mut braces)?;
        let value = if braces && uses.is_empty() {
            // Only escapes: written out once, and every item is a plain merge.
            filled(&value, "")
        } else {
            value
        };
        if uses
            .iter()
            .any(|p| p.first() == Some(&Seg::Key("ward".into())))
        {
            return Err(("ward".into(), crate::messages::batch::ward_says_ward()));
        }
        Ok(Base { value, uses })
    }

    /// The base as given (escapes of the strings that say `{ward}` unresolved).
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Whether some string says `{ward}`.
    pub fn uses_ward(&self) -> bool {
        !self.uses.is_empty()
    }

    /// `item` merged over the base (RFC 7396), the base's `{ward}` strings filled
    /// with the item's ward. `Err` is the path (inside the base) of a `{ward}` string
    /// the merged notice would keep while the item has no ward, and the item given
    /// back.
    pub fn merge(&self, item: Value) -> Result<Value, (String, Value)> {
        if self.uses.is_empty() {
            let mut m = self.value.clone();
            super::merge_patch(&mut m, item);
            return Ok(m);
        }
        // The item's ward wins; `"ward": null` removes the base's.
        let ward = match item.get("ward") {
            Some(Value::String(w)) => Some(w.clone()),
            Some(_) => None,
            None => self
                .value
                .get("ward")
                .and_then(Value::as_str)
                .map(str::to_string),
        };
        let ward_is_wrong = matches!(item.get("ward"), Some(v) if !v.is_string() && !v.is_null());
        let mut m = match &ward {
            Some(w) => filled(&self.value, w),
            None => {
                if !ward_is_wrong {
                    // The item's own reading reports a ward of the wrong type; here
                    // only a ward that is absent is this item's fault.
                    if let Some(kept) = self.uses.iter().find(|p| !replaced(&item, p)) {
                        return Err((written(kept), item));
                    }
                }
                // Every `{ward}` string is replaced by the item's own.
                filled(&self.value, "")
            }
        };
        super::merge_patch(&mut m, item);
        Ok(m)
    }
}

/// Walk the base: check every brace, note the paths of the strings that say
/// `{ward}` and whether any string has a brace.
fn check(
    v: &Value,
    at: &mut Vec<Seg>,
    uses: &mut Vec<Vec<Seg>>,
    braces: &mut bool,
) -> Result<(), (String, String)> {
    match v {
        Value::String(s) => match scan(s) {
            Ok(Scan::Literal(l)) => *braces |= l.len() != s.len(),
            Ok(Scan::Ward) => uses.push(at.clone()),
            Err(message) => {
                let path = written(at);
                return Err((if path.is_empty() { ".".into() } else { path }, message));
            }
        },
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                at.push(Seg::Index(i));
                check(x, at, uses, braces)?;
                at.pop();
            }
        }
        Value::Object(o) => {
            for (k, x) in o.iter() {
                at.push(Seg::Key(k.clone()));
                check(x, at, uses, braces)?;
                at.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

/// A copy of `v` with `{ward}` filled in every string that says it.
fn filled(v: &Value, ward: &str) -> Value {
    match v {
        Value::String(s) if s.contains('{') || s.contains('}') => Value::String(fill(s, ward)),
        Value::Array(a) => Value::Array(a.iter().map(|x| filled(x, ward)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), filled(x, ward)))
                .collect::<Map<String, Value>>(),
        ),
        other => other.clone(),
    }
}

/// Whether the merge patch `item` replaces (or removes) the base's value at `path`:
/// a patch replaces whatever lies under a key it gives a value that is not an
/// object (an array replaces the whole array).
fn replaced(item: &Value, path: &[Seg]) -> bool {
    let mut patch = item;
    for seg in path {
        let Seg::Key(k) = seg else {
            // The patch gave an object where the base has this array.
            return true;
        };
        match patch.get(k) {
            None => return false,
            Some(Value::Object(_)) => patch = &patch[k.as_str()],
            Some(_) => return true,
        }
    }
    // The path ends at an object of the patch: the base's string is replaced by it.
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ward_is_filled_in_base_strings_only() {
        let base = Base::new(json!({
            "summary": "làm việc với Đảng ủy phường {ward}",
            "recipients": ["Đảng ủy phường {ward} (để thực hiện)", "Lưu {{VP}}"],
            "place": "Long Biên"
        }))
        .unwrap();
        assert!(base.uses_ward());
        let m = base
            .merge(json!({"ward": "Bồ Đề", "place": "trụ sở {ward}"}))
            .unwrap();
        assert_eq!(m["summary"], "làm việc với Đảng ủy phường Bồ Đề");
        assert_eq!(m["recipients"][0], "Đảng ủy phường Bồ Đề (để thực hiện)");
        assert_eq!(m["recipients"][1], "Lưu {VP}");
        assert_eq!(
            m["place"], "trụ sở {ward}",
            "an item's own strings are literal"
        );
    }

    #[test]
    fn a_base_without_ward_is_a_plain_merge_with_escapes_written() {
        let base = Base::new(json!({"a": "x {{y}} z", "b": [1, {"c": "}}"}]})).unwrap();
        assert!(!base.uses_ward());
        let m = base.merge(json!({"d": 1})).unwrap();
        assert_eq!(m, json!({"a": "x {y} z", "b": [1, {"c": "}"}], "d": 1}));
    }

    #[test]
    fn a_missing_ward_names_the_string_that_needs_it() {
        let base = Base::new(json!({
            "meeting": {"place": "trụ sở phường {ward}", "time": "Sáng"},
            "closing": "để phường {ward} thực hiện"
        }))
        .unwrap();
        // The first in key order.
        assert_eq!(base.merge(json!({"number": 3})).unwrap_err().0, "closing");
        assert_eq!(
            base.merge(json!({"closing": "hết"})).unwrap_err().0,
            "meeting.place"
        );
        // Replacing the strings that need it leaves nothing to fill.
        let m = base
            .merge(json!({"meeting": {"place": "hội trường"}, "closing": "hết"}))
            .unwrap();
        assert_eq!(m["meeting"]["time"], "Sáng");
        assert_eq!(
            base.merge(json!({"meeting": {"place": "x"}}))
                .unwrap_err()
                .0,
            "closing"
        );
        // The base's ward serves an item that gives none; `null` removes it.
        let with_ward = Base::new(json!({"ward": "Gia Thụy", "closing": "phường {ward}"})).unwrap();
        assert_eq!(
            with_ward.merge(json!({})).unwrap()["closing"],
            "phường Gia Thụy"
        );
        assert_eq!(
            with_ward.merge(json!({"ward": null})).unwrap_err().0,
            "closing"
        );
    }

    #[test]
    fn other_braces_are_errors_with_their_path() {
        let (path, msg) = Base::new(json!({"meeting": {"place": "phường {phuong}"}})).unwrap_err();
        assert_eq!(path, "meeting.place");
        assert!(msg.contains("{phuong}"), "{msg}");
        let (path, _) = Base::new(json!({"recipients": ["a", "b } c"]})).unwrap_err();
        assert_eq!(path, "recipients[1]");
        let (path, _) = Base::new(json!({"ward": "{ward}"})).unwrap_err();
        assert_eq!(path, "ward");
    }
}
