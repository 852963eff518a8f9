//! The command line in the user's language: `--help` from the catalogue's table
//! (`vanban::messages::cli::HELP`) and clap's usage errors as catalogue sentences.
//!
//! clap writes its help and errors in English. The language is therefore chosen
//! before clap reads the arguments (`--lang X` or `--lang=X` anywhere, else
//! `VANBAN_LANG`, else Vietnamese), the derived command tree is built, and every
//! command and argument is given its text in that language: summary, description,
//! examples, argument help with its default and possible values, and the headings
//! (`help_template`, `subcommand_help_heading`, `help_heading`). A usage error is
//! turned into a sentence from its kind and context, with exit code 2.

use crate::args::{Cli, MessageFormat};
use crate::diagnostic::{Diagnostic, MESSAGE_FORMAT};
use crate::EXIT_BAD_INPUT;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command, CommandFactory, FromArgMatches, Parser};
use std::ffi::OsString;
use vanban::messages::cli::{self as say, arg_help, help, Part};
use vanban::messages::{lang, set_lang, Lang};

/// The value of the global flag `--NAME X` or `--NAME=X` in `args`, if given (the last
/// one wins, as clap takes it); nothing after `--` is a flag.
fn flag_value(args: &[OsString], name: &str) -> Option<String> {
    let long = format!("--{name}");
    let mut found = None;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == long {
            found = words.next().map(|v| v.into_owned());
        } else if let Some(value) = word.strip_prefix(&format!("{long}=")) {
            found = Some(value.to_string());
        }
    }
    found
}

/// The language the arguments ask for: `--lang`, else `VANBAN_LANG`, else Vietnamese.
/// A value vanban does not speak is passed over here (clap then reports it).
pub(crate) fn lang_of(args: &[OsString], env: Option<&str>) -> Lang {
    flag_value(args, "lang")
        .and_then(|tag| Lang::from_tag(&tag))
        .or_else(|| env.and_then(Lang::from_tag))
        .unwrap_or_default()
}

/// Read the command line: set the thread's language, then parse. `Err` is the exit
/// code after help, the version or a usage error has been printed.
pub(crate) fn parse() -> Result<Cli, u8> {
    let args: Vec<OsString> = std::env::args_os().collect();
    set_lang(lang_of(&args, std::env::var("VANBAN_LANG").ok().as_deref()));
    // The texts matter only when clap shows something (help, the version, a usage
    // error): a command line that parses needs no translated tree, which would cost
    // every run its building. The two trees differ in their texts only.
    if let Ok(cli) = Cli::try_parse_from(&args) {
        return Ok(cli);
    }
    let mut cmd = localized();
    let matches = match cmd.try_get_matches_from_mut(&args) {
        Ok(m) => m,
        Err(e) => return Err(report(&args, e)),
    };
    Cli::from_arg_matches(&matches).map_err(|e| report(&args, e))
}

/// The whole command tree with the texts of the thread's language.
pub(crate) fn localized() -> Command {
    let mut cmd = Cli::command();
    // Built first: clap adds `--help`, `--version`, the `help` command and copies of
    // the global flags while building, and they need texts too.
    cmd.build();
    localize(cmd, "")
}

/// The path below `vanban` of the subcommand `name` of the command at `parent`.
fn child(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.into()
    } else {
        format!("{parent} {name}")
    }
}

/// The table's key of the command at `path`: the path itself, but every `help`
/// command shares one entry, and the commands clap lists under a `help` command
/// (`sign help prepare`) are those they stand for (`sign prepare`).
fn key_of(path: &str) -> String {
    let words: Vec<&str> = path.split_whitespace().collect();
    if words.last() == Some(&"help") {
        return "help".into();
    }
    match words.iter().position(|w| *w == "help") {
        Some(i) => [&words[..i], &words[i + 1..]].concat().join(" "),
        None => path.into(),
    }
}

/// The text of the catalogue's message `id` (one without placeholders) in the
/// thread's language, as the `&'static str` clap's headings take.
fn fixed(id: &str) -> &'static str {
    say::ENTRIES
        .iter()
        .find(|e| e.id == id)
        .map_or("", |e| e.text(lang()))
}

fn localize(cmd: Command, path: &str) -> Command {
    let key = &key_of(path);
    let l = lang();
    let text = |part| help(key, part).map(|h| h.text(l));
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        say::usage_heading()
    );
    let mut cmd = cmd
        .help_template(template)
        .subcommand_help_heading(fixed("commands_heading"))
        .subcommand_value_name(fixed("command_placeholder"))
        .long_about(text(Part::LongAbout))
        .after_help(text(Part::AfterHelp))
        .mut_args(|a| localize_arg(a, key));
    if let Some(about) = text(Part::About) {
        cmd = cmd.about(about);
    }
    cmd.mut_subcommands(|sub| {
        let sub_path = child(path, sub.get_name());
        localize(sub, &sub_path)
    })
}

/// The table's help of `a` in the command at `key`: its own line, the shared one, or
/// for a global flag (copied into every subcommand) the line of `vanban` itself.
fn help_of_arg(key: &str, a: &Arg) -> Option<&'static vanban::messages::cli::Help> {
    let id = a.get_id().as_str();
    arg_help(key, id).or_else(|| a.is_global_set().then(|| arg_help("", id)).flatten())
}

fn localize_arg(a: Arg, key: &str) -> Arg {
    let mut help_text = help_of_arg(key, &a)
        .map(|h| h.text(lang()).to_string())
        .or_else(|| a.get_help().map(ToString::to_string))
        .unwrap_or_default();
    // clap would add `[default: …]` and `[possible values: …]` in English.
    if a.get_action().takes_values() {
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() {
            help_text.push(' ');
            help_text.push_str(&say::default_value(defaults.join(", ")));
        }
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            help_text.push(' ');
            help_text.push_str(&say::possible_values(values.join(", ")));
        }
    }
    let heading = fixed(if a.is_positional() {
        "arguments_heading"
    } else {
        "options_heading"
    });
    a.help(help_text)
        .long_help(None::<&'static str>)
        .hide_default_value(true)
        .hide_possible_values(true)
        .help_heading(heading)
}

/// clap's fixed English in a usage line, in the thread's language.
fn localize_usage(text: &str) -> String {
    text.replace("[OPTIONS]", &say::options_placeholder())
}

/// Print what clap stopped at (help, the version, a usage error) and give the exit code.
fn report(args: &[OsString], e: clap::Error) -> u8 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            crate::diagnostic::print_stdout(&localize_usage(&e.render().to_string()))
                .unwrap_or_else(|c| c)
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            say!("{}", localize_usage(&e.render().to_string()).trim_end());
            EXIT_BAD_INPUT
        }
        _ => {
            let format = match flag_value(args, "message-format").as_deref() {
                Some("json") => MessageFormat::Json,
                _ => MessageFormat::Human,
            };
            let _ = MESSAGE_FORMAT.set(format);
            usage_error(args, &e);
            EXIT_BAD_INPUT
        }
    }
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => v.first().cloned(),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn context_list(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// `--format <FORMAT>` → `--format`: the flag as a person types it.
fn flag_name(arg: &str) -> &str {
    if arg.starts_with('-') {
        arg.split([' ', '=']).next().unwrap_or(arg)
    } else {
        arg
    }
}

/// `1..=256` → (1, Some(256)); `1..` → (1, None).
fn range_of(bounds: &str) -> Option<(&str, Option<&str>)> {
    let (min, max) = bounds.split_once("..")?;
    let max = max.strip_prefix('=').unwrap_or(max);
    Some((min, (!max.is_empty()).then_some(max)))
}

/// The sentence of a usage error and its stable code.
fn sentence(e: &clap::Error) -> (String, &'static str) {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let name = flag_name(&arg).to_string();
    let value = context(e, ContextKind::InvalidValue);
    let quoted = |list: &[String]| {
        list.iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match e.kind() {
        ErrorKind::UnknownArgument if !arg.starts_with('-') => {
            (say::too_many_values(&arg), "unexpected-value")
        }
        ErrorKind::UnknownArgument => {
            let message = match context(e, ContextKind::SuggestedArg) {
                Some(s) => say::unknown_argument_suggest(&arg, flag_name(&s)),
                None => say::unknown_argument(&arg),
            };
            (message, "unknown-argument")
        }
        ErrorKind::InvalidSubcommand => {
            let command = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            let message = match context(e, ContextKind::SuggestedSubcommand) {
                Some(s) => say::unknown_command_suggest(&command, s),
                None => say::unknown_command(&command),
            };
            (message, "unknown-command")
        }
        ErrorKind::InvalidValue => match value.filter(|v| !v.is_empty()) {
            None => (say::missing_value(&name), "missing-value"),
            Some(value) => {
                let values = quoted(&context_list(e, ContextKind::ValidValue));
                let message = match context(e, ContextKind::SuggestedValue) {
                    Some(s) => say::invalid_value_suggest(&value, &name, values, s),
                    None => say::invalid_value(&value, &name, values),
                };
                (message, "invalid-value")
            }
        },
        ErrorKind::ValueValidation => {
            let value = value.unwrap_or_default();
            let source = std::error::Error::source(e);
            let reason = source.map(ToString::to_string).unwrap_or_default();
            let out_of_range = reason
                .strip_prefix(&format!("{value} is not in "))
                .and_then(range_of);
            let message = if let Some((min, max)) = out_of_range {
                match max {
                    Some(max) => say::value_out_of_range(&value, &name, min, max),
                    None => say::value_below_minimum(&value, &name, min),
                }
            } else if source.is_some_and(|s| s.is::<std::num::ParseIntError>()) {
                say::value_not_integer(&value, &name)
            } else if source.is_some_and(|s| s.is::<std::num::ParseFloatError>()) {
                say::value_not_number(&value, &name)
            } else {
                say::value_invalid(&value, &name, reason)
            };
            (message, "invalid-value")
        }
        ErrorKind::NoEquals | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            (say::missing_value(&name), "missing-value")
        }
        ErrorKind::TooManyValues => (
            say::too_many_values(value.unwrap_or_default()),
            "unexpected-value",
        ),
        ErrorKind::ArgumentConflict => {
            let other = context(e, ContextKind::PriorArg).unwrap_or_default();
            let message = if flag_name(&other) == name {
                say::given_twice(&name)
            } else {
                say::conflict(&name, flag_name(&other))
            };
            (message, "argument-conflict")
        }
        ErrorKind::MissingRequiredArgument => (
            say::missing_required(quoted(&context_list(e, ContextKind::InvalidArg))),
            "missing-argument",
        ),
        ErrorKind::MissingSubcommand => (
            say::missing_command(context(e, ContextKind::InvalidSubcommand).unwrap_or_default()),
            "missing-command",
        ),
        ErrorKind::InvalidUtf8 => (say::argument_not_utf8(), "not-utf8"),
        kind => (say::usage_other(kind.as_str().unwrap_or("usage")), "usage"),
    }
}

/// Print a usage error: the sentence (as a diagnostic, so `--message-format json`
/// gives a JSON line), then for a person the usage line and where to read more.
fn usage_error(args: &[OsString], e: &clap::Error) {
    let (message, code) = sentence(e);
    let usage = context(e, ContextKind::Usage)
        .map(|u| u.trim().trim_start_matches("Usage:").trim().to_string())
        .unwrap_or_default();
    let command = command_of(args);
    Diagnostic {
        code: Some(code),
        ..Diagnostic::error(&command, message)
    }
    .emit();
    if MESSAGE_FORMAT.get() != Some(&MessageFormat::Json) {
        if !usage.is_empty() {
            say!(
                "\n{} {}",
                say::usage_heading(),
                localize_usage(&usage).replace("\n      ", "\n           ")
            );
        }
        say!("\n{}", say::see_help(&command));
    }
}

/// The command `args` run (`vanban sign prepare`): the words that name a
/// subcommand of the one before, wherever they stand among the flags.
fn command_of(args: &[OsString]) -> String {
    let root = Cli::command();
    let mut path = vec!["vanban".to_string()];
    let mut cmd = &root;
    for word in args.iter().skip(1).map(|a| a.to_string_lossy()) {
        if word == "--" {
            break;
        }
        if let Some(sub) = cmd.find_subcommand(word.as_ref()) {
            path.push(sub.get_name().to_string());
            cmd = sub;
        }
    }
    path.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use vanban::messages::with_lang;

    /// Every command and argument of the tree, with what the table lacks for it.
    fn missing(cmd: &Command, path: &str, problems: &mut Vec<String>) {
        let key = &key_of(path);
        let name = if path.is_empty() { "vanban" } else { path };
        if help(key, Part::About).is_none() {
            problems.push(format!("`{name}`: no summary (Part::About)"));
        }
        if cmd.get_long_about().is_some() && help(key, Part::LongAbout).is_none() {
            problems.push(format!("`{name}`: no description (Part::LongAbout)"));
        }
        if cmd.get_after_help().is_some() && help(key, Part::AfterHelp).is_none() {
            problems.push(format!("`{name}`: no examples (Part::AfterHelp)"));
        }
        for a in cmd.get_arguments() {
            if help_of_arg(key, a).is_none() {
                let id = a.get_id();
                problems.push(format!("`{name}`: no help for the argument `{id}`"));
            }
        }
        for sub in cmd.get_subcommands() {
            missing(sub, &child(path, sub.get_name()), problems);
        }
    }

    #[test]
    fn every_command_and_argument_has_help_in_both_languages() {
        let mut cmd = Cli::command();
        cmd.build();
        let mut problems = Vec::new();
        missing(&cmd, "", &mut problems);
        assert!(
            problems.is_empty(),
            "add these to HELP in src/messages/cli.rs:\n{}",
            problems.join("\n")
        );
    }

    /// Every help line of every command, in `l`.
    fn all_help(l: Lang) -> Vec<(String, String)> {
        fn walk(cmd: &mut Command, path: String, out: &mut Vec<(String, String)>) {
            out.push((path.clone(), localize_usage(&cmd.render_help().to_string())));
            let names: Vec<String> = cmd
                .get_subcommands()
                .map(|s| s.get_name().to_string())
                .collect();
            for n in names {
                let sub = cmd.find_subcommand_mut(&n).expect("listed");
                walk(sub, format!("{path} {n}"), out);
            }
        }
        with_lang(l, || {
            let mut cmd = localized();
            let mut out = Vec::new();
            walk(&mut cmd, "vanban".into(), &mut out);
            out
        })
    }

    #[test]
    fn no_english_of_clap_is_left_in_the_vietnamese_help() {
        let english = [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "[OPTIONS]",
            "[default:",
            "[possible values:",
            "Print help",
            "Print version",
            "Example",
        ];
        for (path, text) in all_help(Lang::Vi) {
            for word in english {
                assert!(
                    !text.contains(word),
                    "`{path} --help` says {word:?}:\n{text}"
                );
            }
            assert!(text.contains("Cách dùng: "), "{path}:\n{text}");
        }
        for (path, text) in all_help(Lang::En) {
            assert!(text.contains("Usage: "), "{path}:\n{text}");
            assert!(!text.contains("Cách dùng"), "{path}:\n{text}");
        }
    }

    #[test]
    fn the_language_comes_from_the_flag_then_the_environment() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_of(&args(&["vanban", "render"]), None), Lang::Vi);
        assert_eq!(
            lang_of(&args(&["vanban", "render"]), Some("en_US")),
            Lang::En
        );
        assert_eq!(
            lang_of(&args(&["vanban", "render", "--lang", "en"]), Some("vi")),
            Lang::En
        );
        assert_eq!(
            lang_of(&args(&["vanban", "--lang=vi", "x"]), Some("en")),
            Lang::Vi
        );
        assert_eq!(
            lang_of(&args(&["vanban", "render", "--", "--lang", "en"]), None),
            Lang::Vi
        );
        assert_eq!(
            lang_of(&args(&["vanban", "--lang", "fr"]), Some("en")),
            Lang::En
        );
    }

    #[test]
    fn defaults_and_values_are_said_in_the_language() {
        let render = |l| {
            with_lang(l, || {
                let mut cmd = localized();
                cmd.find_subcommand_mut("render")
                    .expect("render")
                    .render_help()
                    .to_string()
            })
        };
        let vi = render(Lang::Vi);
        assert!(
            vi.contains("[mặc định: pdf] [giá trị: pdf, docx, all]"),
            "{vi}"
        );
        assert!(vi.contains("Tùy chọn:") && vi.contains("Tham số:"), "{vi}");
        let en = render(Lang::En);
        assert!(
            en.contains("[default: pdf] [possible values: pdf, docx, all]"),
            "{en}"
        );
        assert!(en.contains("Options:") && en.contains("Arguments:"), "{en}");
    }
}
