//! Every sentence vanban says to a person, in Vietnamese and in English: one catalogue.
//!
//! The people who read vanban's messages are a ward's văn thư and a province's IT
//! officer, so Vietnamese comes first and English is asked for (`--lang en`, or an
//! `Accept-Language` header in the service). A message is declared once, in the room
//! of the stage that says it ([`input`], [`compose`], [`batch`], [`issue`], [`cli`],
//! [`serve`]), with both languages side by side and its placeholders named:
//!
//! ```
//! mod room {
//!     vanban::catalogue! {
//!         /// A required field is absent.
//!         missing_field(field) {
//!             vi: "thiếu trường bắt buộc `{field}`",
//!             en: "the required field `{field}` is missing",
//!         }
//!     }
//! }
//! use vanban::messages::{with_lang, Lang};
//! assert_eq!(with_lang(Lang::Vi, || room::missing_field("date")), "thiếu trường bắt buộc `date`");
//! assert_eq!(with_lang(Lang::En, || room::missing_field("date")), "the required field `date` is missing");
//! assert_eq!(room::ENTRIES[0].args, ["field"]);
//! ```
//!
//! Each declaration becomes a function (typed: its arguments are the placeholders) and
//! an [`Entry`] of its room's table; [`all`] lists every entry, and the tests below
//! check that every entry has both languages with the same placeholders. No
//! user-facing sentence is written anywhere else.
//!
//! The language is the calling thread's (like a C locale, but per thread): the CLI sets
//! it once from `--lang`, the service per request, and batch workers inherit the
//! language of the thread that started the batch. A message is rendered in that
//! language when it is made, so an error value carries its words and needs no
//! language later.

use std::cell::Cell;
use std::fmt::Display;

/// Declares a room's messages: one function per message and the room's [`Entry`]
/// table, `ENTRIES`.
///
/// ```text
/// catalogue! {
///     /// Why and when it is said.
///     missing_field(field) {
///         vi: "thiếu trường bắt buộc `{field}`",
///         en: "the required field `{field}` is missing",
///     }
/// }
/// ```
///
/// `{name}` in either text is replaced by the argument of that name (anything
/// `Display`); `{{` and `}}` write a brace.
#[macro_export]
#[doc(hidden)]
macro_rules! catalogue {
    ($(
        $(#[$doc:meta])*
        $name:ident ( $($arg:ident),* $(,)? ) { vi: $vi:literal, en: $en:literal $(,)? }
    )*) => {
        $(
            $(#[$doc])*
            #[allow(clippy::too_many_arguments)]
            pub fn $name($($arg: impl ::std::fmt::Display),*) -> String {
                $crate::messages::fill(
                    $crate::messages::pick($vi, $en),
                    &[$((stringify!($arg), &$arg as &dyn ::std::fmt::Display)),*],
                )
            }
        )*
        /// Every message of this room, for the catalogue's tests and documentation.
        pub const ENTRIES: &[$crate::messages::Entry] = &[$(
            $crate::messages::Entry {
                id: stringify!($name),
                args: &[$(stringify!($arg)),*],
                vi: $vi,
                en: $en,
            }
        ),*];
    };
}

pub mod batch;
pub mod cli;
pub mod compose;
pub mod input;
pub mod issue;
pub mod serve;

/// A language vanban speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Vietnamese, the default: the language of the people who use vanban.
    #[default]
    Vi,
    /// English, for whoever asks for it.
    En,
}

impl Lang {
    /// Every language, in order of preference.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The language's BCP 47 tag, as `Content-Language` and `--lang` write it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The language a tag names (`vi`, `vi-VN`, `en`, `en-GB`…; any case), if vanban
    /// speaks it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Lang::ALL
            .into_iter()
            .find(|l| primary.eq_ignore_ascii_case(l.tag()))
    }

    /// The language an HTTP `Accept-Language` header prefers most among those vanban
    /// speaks (RFC 9110 §12.5.4: quality values, `*` for any); Vietnamese when the
    /// header names none of them.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(u16, Lang)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let range = parts.next().unwrap_or_default().trim();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), parse_quality);
            let Some(quality) = quality.filter(|&q| q > 0) else {
                continue;
            };
            let lang = match range {
                "*" => Some(Lang::default()),
                _ => Lang::from_tag(range),
            };
            if let Some(lang) = lang {
                if best.is_none_or(|(q, _)| quality > q) {
                    best = Some((quality, lang));
                }
            }
        }
        best.map_or(Lang::default(), |(_, lang)| lang)
    }
}

/// A quality value `0`…`1` with up to three decimals, in thousandths.
fn parse_quality(q: &str) -> Option<u16> {
    let (whole, frac) = q.trim().split_once('.').unwrap_or((q.trim(), ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u16 = match whole {
        "0" => 0,
        "1" => 1,
        _ => return None,
    };
    let frac: u16 = format!("{frac:0<3}").parse().ok()?;
    let q = whole * 1000 + frac;
    (q <= 1000).then_some(q)
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::Vi) };
}

/// The language of this thread's messages.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// Speak `lang` on this thread from now on (the CLI, once, from `--lang`; a worker
/// thread, from the thread that started it).
pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

/// Run `f` with this thread speaking `lang`, then restore the language it had (a
/// service request; a test).
pub fn with_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    struct Restore(Lang);
    impl Drop for Restore {
        fn drop(&mut self) {
            set_lang(self.0);
        }
    }
    let _restore = Restore(self::lang());
    set_lang(lang);
    f()
}

/// One message of the catalogue, in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The message's name: its function's name in its room.
    pub id: &'static str,
    /// The placeholders both texts may use, in the function's order.
    pub args: &'static [&'static str],
    /// The Vietnamese text.
    pub vi: &'static str,
    /// The English text.
    pub en: &'static str,
}

impl Entry {
    /// The text in `lang`, placeholders unfilled.
    pub fn text(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

/// Every room's table, with the room's name.
pub fn rooms() -> [(&'static str, &'static [Entry]); 6] {
    [
        ("input", input::ENTRIES),
        ("compose", compose::ENTRIES),
        ("batch", batch::ENTRIES),
        ("issue", issue::ENTRIES),
        ("cli", cli::ENTRIES),
        ("serve", serve::ENTRIES),
    ]
}

/// Every message of the catalogue.
pub fn all() -> impl Iterator<Item = (&'static str, &'static Entry)> {
    rooms()
        .into_iter()
        .flat_map(|(room, entries)| entries.iter().map(move |e| (room, e)))
}

/// The text of this thread's language (used by [`catalogue!`]).
#[doc(hidden)]
pub fn pick(vi: &'static str, en: &'static str) -> &'static str {
    match lang() {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// `template` with each `{name}` replaced by the argument of that name; `{{` and `}}`
/// are a literal brace. An unknown name stays as written (the tests keep the catalogue
/// free of them).
#[doc(hidden)]
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let brace = rest.as_bytes()[i];
        let after = &rest[i + 1..];
        if after.as_bytes().first() == Some(&brace) {
            out.push(brace as char);
            rest = &after[1..];
            continue;
        }
        if brace == b'{' {
            if let Some(end) = after.find('}') {
                let name = &after[..end];
                if let Some((_, value)) = args.iter().find(|(n, _)| *n == name) {
                    let _ = write!(out, "{value}");
                    rest = &after[end + 1..];
                    continue;
                }
            }
        }
        out.push(brace as char);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The placeholders a text uses, in order of first use (`{{` and `}}` are not ones).
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        let brace = rest.as_bytes()[i];
        let after = &rest[i + 1..];
        if after.as_bytes().first() == Some(&brace) {
            rest = &after[1..];
            continue;
        }
        if brace == b'{' {
            if let Some(end) = after.find('}') {
                let name = &after[..end];
                if !names.contains(&name) {
                    names.push(name);
                }
                rest = &after[end + 1..];
                continue;
            }
        }
        rest = after;
    }
    names
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Letters only Vietnamese writes (a Vietnamese sentence of several words has one);
    /// the CLI's help table is checked with it too.
    pub(crate) fn has_vietnamese_letter(s: &str) -> bool {
        s.chars().any(|c| {
            "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
                .contains(c.to_lowercase().next().unwrap_or(c))
        })
    }

    #[test]
    fn every_message_has_both_languages_with_the_same_placeholders() {
        let mut problems = Vec::new();
        for (room, e) in all() {
            let declared: BTreeSet<&str> = e.args.iter().copied().collect();
            for lang in Lang::ALL {
                let text = e.text(lang);
                if text.trim().is_empty() {
                    problems.push(format!("{room}::{}: no {lang} text", e.id));
                }
                let used: BTreeSet<&str> = placeholders(text).into_iter().collect();
                if used != declared {
                    problems.push(format!(
                        "{room}::{}: the {lang} text uses {used:?}, the message declares {declared:?}",
                        e.id
                    ));
                }
            }
            if e.vi == e.en {
                problems.push(format!("{room}::{}: the two texts are the same", e.id));
            }
            let words = e.vi.split_whitespace().count();
            if words >= 3 && !has_vietnamese_letter(e.vi) {
                problems.push(format!(
                    "{room}::{}: the Vietnamese text has no Vietnamese letter: {:?}",
                    e.id, e.vi
                ));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_message_has_one_name_in_its_room() {
        for (room, entries) in rooms() {
            let mut seen = BTreeSet::new();
            for e in entries {
                assert!(seen.insert(e.id), "{room}::{} is declared twice", e.id);
            }
        }
    }

    #[test]
    fn placeholders_are_filled_and_braces_escaped() {
        let n = 3;
        assert_eq!(
            fill(
                "{{x}} có {n} lỗi ở {where}",
                &[("n", &n), ("where", &"date")]
            ),
            "{x} có 3 lỗi ở date"
        );
        assert_eq!(fill("{unknown}", &[]), "{unknown}");
        assert_eq!(placeholders("{a} {{b}} {c} {a}"), vec!["a", "c"]);
    }

    #[test]
    fn the_thread_language_is_scoped() {
        assert_eq!(lang(), Lang::Vi);
        let inner = with_lang(Lang::En, || {
            assert_eq!(lang(), Lang::En);
            with_lang(Lang::Vi, lang)
        });
        assert_eq!(inner, Lang::Vi);
        assert_eq!(lang(), Lang::Vi);
    }

    #[test]
    fn tags_and_accept_language_headers_choose_a_language() {
        assert_eq!(Lang::from_tag("EN-gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("vi_VN"), Some(Lang::Vi));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(
            Lang::from_accept_language("fr, en;q=0.5, vi;q=0.8"),
            Lang::Vi
        );
        assert_eq!(Lang::from_accept_language("vi;q=0, en;q=0.1"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr-FR"), Lang::Vi);
        assert_eq!(Lang::from_accept_language(""), Lang::Vi);
        assert_eq!(Lang::from_accept_language("en;q=2"), Lang::Vi);
    }
}
