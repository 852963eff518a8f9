//! Templates: the structure of a notice, in Handlebars, producing markup.
//!
//! The built-in templates (`templates/*.hbs`) are compiled into the binary and
//! registered once per process; `--templates DIR` overrides any of them by file name.
//! The template sees a [`View`]: the notice plus the strings the profile formats
//! (number line, date line, signing prefix), so templates never compute.
//!
//! Handlebars escapes for HTML by default; here the escape function is XML's, so data
//! can never open a tag in the markup. Strict mode turns a misspelt variable in a
//! user's template into an error instead of an empty string.

use crate::input::notice::{Notice, Person};
use crate::messages::compose as msg;
use crate::profile::Profile;
use handlebars::Handlebars;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Largest template file read: the built-in templates are 2 KB; past this the file
/// is not a template (or a device that reads forever).
pub const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;
/// Deepest chain of partials (`{{> a}}` inside `a` inside …): the built-in ones go
/// two deep. Handlebars renders a partial by recursion, so a cycle (`a` includes `b`,
/// `b` includes `a`) or a very deep chain would overflow the stack and abort.
pub const MAX_PARTIAL_DEPTH: usize = 16;
/// Deepest nesting of blocks (`{{#if}}` inside `{{#each}}` …) in one template, for
/// the same reason.
pub const MAX_BLOCK_DEPTH: usize = 64;

/// Built-in templates: (name, source).
const BUILTIN: [(&str, &str); 4] = [
    ("nd30", include_str!("../../templates/nd30.hbs")),
    ("hd36", include_str!("../../templates/hd36.hbs")),
    ("opening", include_str!("../../templates/opening.hbs")),
    (
        "conclusions",
        include_str!("../../templates/conclusions.hbs"),
    ),
];

/// A message of the catalogue, said in the thread's language when called.
type Words = fn() -> String;

/// What each built-in template is, for the header of its exported copy.
const ROLES: [(&str, Words); 4] = [
    ("nd30", msg::role_nd30),
    ("hd36", msg::role_hd36),
    ("opening", msg::role_opening),
    ("conclusions", msg::role_conclusions),
];

/// The names of the built-in templates and partials, which `--templates DIR` can
/// replace.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(n, _)| *n).collect()
}

/// The built-in templates as `vanban templates export` writes them: (file name,
/// text). Each begins with a comment saying what it is and how to use it; the
/// comment prints nothing, so the exported folder given back with `--templates`
/// renders every notice to the same bytes.
pub fn exported() -> Vec<(String, String)> {
    BUILTIN
        .iter()
        .map(|(name, src)| {
            let role = ROLES
                .iter()
                .find(|(n, _)| n == name)
                .map_or(String::new(), |(_, r)| r());
            // In the thread's language; a comment prints nothing, so the language
            // changes no rendered byte.
            let header = format!(
                "{{{{!-- {} --}}}}\n",
                msg::export_header(format!("{name}.hbs"), env!("CARGO_PKG_VERSION"), role)
            );
            (format!("{name}.hbs"), format!("{header}{src}"))
        })
        .collect()
}

/// A template error with the file, line and column it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The template's file (or name) the error is in.
    pub template: String,
    /// Line in the template, if known.
    pub line: Option<usize>,
    /// Column in the template, if known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match (self.line, self.column) {
            (Some(l), Some(c)) => msg::template_at_line_column(&self.template, l, c, &self.message),
            (Some(l), None) => msg::template_at_line(&self.template, l, &self.message),
            _ => msg::template_at(&self.template, &self.message),
        })
    }
}

impl std::error::Error for TemplateError {}

/// A compiled set of templates.
pub struct Templates {
    registry: Handlebars<'static>,
    /// The file each template of `--templates DIR` came from, for error messages (a
    /// built-in one is named when the message is made, see [`Templates::origin`]).
    origins: std::collections::BTreeMap<String, String>,
    /// The text of every template, by name, to trace markup back to its lines
    /// ([`Templates::locate`]).
    sources: BTreeMap<String, String>,
}

fn from_hbs(name: &str, e: handlebars::TemplateError) -> TemplateError {
    TemplateError {
        template: name.to_string(),
        line: e.pos().map(|p| p.0),
        column: e.pos().map(|p| p.1),
        message: compile_words(e.reason()),
    }
}

/// A Handlebars compile error in plain words.
fn compile_words(reason: &handlebars::TemplateErrorReason) -> String {
    use handlebars::TemplateErrorReason as R;
    match reason {
        R::MismatchingClosedHelper(open, close) | R::MismatchingClosedDecorator(open, close) => {
            msg::hbs_mismatched_block(open, close)
        }
        R::InvalidSyntax(detail) => msg::hbs_syntax(detail.trim()),
        R::InvalidParam(p) => msg::hbs_invalid_param(p),
        R::NestedSubexpression => msg::hbs_nested_subexpression(),
        other => msg::hbs_compile_other(other),
    }
}

/// The helpers a template can call: Handlebars' own, as vanban registers no other.
pub const HELPERS: [&str; 17] = [
    "if", "unless", "each", "with", "lookup", "raw", "log", "eq", "ne", "gt", "gte", "lt", "lte",
    "and", "or", "not", "len",
];

impl Templates {
    /// The built-in templates.
    pub fn builtin() -> Templates {
        let mut registry = Handlebars::new();
        registry.register_escape_fn(crate::util::xmlesc::escape);
        registry.set_strict_mode(true);
        registry.set_prevent_indent(true);
        let origins = BTreeMap::new();
        let mut sources = BTreeMap::new();
        for (name, src) in BUILTIN {
            registry
                .register_template_string(name, src)
                .expect("built-in template compiles");
            sources.insert(name.to_string(), src.to_string());
        }
        Templates {
            registry,
            origins,
            sources,
        }
    }

    /// The built-in templates, with every `*.hbs` in `dir` registered over them.
    pub fn with_overrides(dir: &Path) -> Result<Templates, TemplateError> {
        let mut t = Templates::builtin();
        let entries = std::fs::read_dir(dir).map_err(|e| TemplateError {
            template: dir.display().to_string(),
            line: None,
            column: None,
            message: msg::templates_folder_unreadable(crate::input::files::io_words(&e)),
        })?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "hbs"))
            .collect();
        paths.sort();
        for path in paths {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let fail = |message: String| TemplateError {
                template: path.display().to_string(),
                line: None,
                column: None,
                message,
            };
            let bytes =
                crate::input::files::read_regular(&path, MAX_TEMPLATE_BYTES).map_err(|e| {
                    fail(match e {
                        crate::input::files::ReadError::Io(e) => {
                            msg::template_unreadable(crate::input::files::io_words(&e))
                        }
                        e => msg::template_file_refused(e),
                    })
                })?;
            let src = String::from_utf8(bytes)
                .map_err(|e| fail(msg::template_not_utf8(e.utf8_error().valid_up_to())))?;
            expression_depth(&src).map_err(|(line, column, message)| TemplateError {
                line: Some(line),
                column: Some(column),
                ..fail(message)
            })?;
            t.registry
                .register_template_string(&name, &src)
                .map_err(|e| from_hbs(&path.display().to_string(), e))?;
            t.origins.insert(name.clone(), path.display().to_string());
            t.sources.insert(name, src);
        }
        t.check_partials()?;
        t.check_names()?;
        Ok(t)
    }

    /// A file of the folder that replaces no built-in and that no template includes
    /// would be silently ignored (`conclusion.hbs` for `conclusions.hbs`): an error,
    /// naming the file and the names it could have. (A new partial is fine when a
    /// template includes it: `{{> signature}}` in an overriding `nd30.hbs`.)
    fn check_names(&self) -> Result<(), TemplateError> {
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (name, template) in self.registry.get_templates() {
            // An error here was reported by `check_partials` already.
            let _ = partial_uses(name, template, &mut graph);
        }
        let used: BTreeSet<&String> = graph.values().flatten().collect();
        let builtin = builtin_names();
        for (name, origin) in &self.origins {
            if builtin.contains(&name.as_str()) || used.contains(name) {
                continue;
            }
            let names = builtin
                .iter()
                .map(|n| format!("{n}.hbs"))
                .collect::<Vec<_>>()
                .join(", ");
            let message = match crate::input::messages::closest(name, &builtin) {
                Some(best) => msg::template_name_unknown_did_you_mean(name, best, names),
                None => msg::template_name_unknown(name, names),
            };
            return Err(TemplateError {
                template: origin.clone(),
                line: None,
                column: None,
                message,
            });
        }
        Ok(())
    }

    /// Refuse what would make rendering recurse without end or too deep: partials
    /// named by an expression (`{{> (lookup this "profile")}}`, which cannot be
    /// checked before rendering), a cycle of partials, a chain deeper than
    /// [`MAX_PARTIAL_DEPTH`], or blocks nested deeper than [`MAX_BLOCK_DEPTH`].
    fn check_partials(&self) -> Result<(), TemplateError> {
        let error = |name: &str, message: String| TemplateError {
            template: self.origin(name),
            line: None,
            column: None,
            message,
        };
        // Which partials each template, inline partial and partial block uses.
        // In name order, so that the same folder always gives the same message.
        let templates: BTreeMap<_, _> = self.registry.get_templates().iter().collect();
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (name, template) in &templates {
            partial_uses(name, template, &mut graph).map_err(|m| error(name, m))?;
        }
        let mut depth: BTreeMap<String, usize> = BTreeMap::new();
        let mut path: Vec<String> = Vec::new();
        // Inline partials are named after the template that defines them.
        let mut owners: BTreeMap<String, String> = BTreeMap::new();
        for (name, template) in &templates {
            for e in &template.elements {
                if let Some(inline) = inline_name(e) {
                    owners.entry(inline).or_insert_with(|| name.to_string());
                }
            }
        }
        for name in templates.keys() {
            chain_depth(name, &graph, &mut depth, &mut path)
                .map_err(|(node, m)| error(owners.get(&node).map_or(&node, |o| o), m))?;
        }
        Ok(())
    }

    /// Whether `name` is a template (or partial) of this set.
    pub fn has(&self, name: &str) -> bool {
        self.registry.has_template(name)
    }

    /// Render the profile's template for `notice` into markup.
    pub fn render(&self, notice: &Notice, profile: &Profile) -> Result<String, TemplateError> {
        let view = View::new(notice, profile);
        self.registry
            .render(&profile.template, &view)
            .map_err(|e| TemplateError {
                template: self.origin(e.template_name.as_deref().unwrap_or(&profile.template)),
                line: e.line_no,
                column: e.column_no,
                message: self.render_words(e.reason(), &view),
            })
    }

    /// The file (or built-in name) template `name` came from, in the words of the
    /// moment (a built-in one is named in the thread's language).
    fn origin(&self, name: &str) -> String {
        match self.origins.get(name) {
            Some(path) => path.clone(),
            None if builtin_names().contains(&name) => msg::builtin_template(name),
            None => name.to_string(),
        }
    }

    /// The template file and line that wrote the byte of `markup` before `offset`
    /// (where a markup error was found): `markup` is what [`Templates::render`] gave
    /// for `notice`. Renders the notice again with templates that mark their lines
    /// (see [`super::origin`]), so call it only on an error; `None` if the marked
    /// render does not give `markup` back.
    pub fn locate(
        &self,
        notice: &Notice,
        profile: &Profile,
        markup: &str,
        offset: usize,
    ) -> Option<(String, usize)> {
        let (marked, names) = super::origin::instrumented(&self.registry, &self.sources)?;
        let rendered = marked
            .render(&profile.template, &View::new(notice, profile))
            .ok()?;
        let (stripped, table) = super::origin::strip(&rendered, names);
        if stripped != markup {
            return None;
        }
        let (name, line) = table.at(offset)?;
        Some((self.origin(name), line))
    }

    /// A Handlebars render error in plain words; `view` is what the template saw, to
    /// say which variables there are.
    fn render_words(&self, reason: &handlebars::RenderErrorReason, view: &View<'_>) -> String {
        use handlebars::RenderErrorReason as R;
        match reason {
            R::MissingVariable(Some(path)) => missing_variable(path, view),
            R::MissingVariable(None) => msg::hbs_missing_value(),
            R::TemplateNotFound(name) | R::PartialNotFound(name) => {
                let names: Vec<&str> = self.sources.keys().map(String::as_str).collect();
                msg::hbs_template_not_found(name, names.join(", "))
            }
            R::PartialBlockNotFound => msg::hbs_partial_block_not_found(),
            R::HelperNotFound(name) => msg::hbs_helper_not_found(name, HELPERS.join(", ")),
            R::DecoratorNotFound(name) => msg::hbs_decorator_not_found(name),
            R::ParamNotFoundForIndex(helper, i) => msg::hbs_param_missing(helper, i + 1),
            R::ParamNotFoundForName(helper, name)
            | R::ParamTypeMismatchForName(helper, name, _)
            | R::HashTypeMismatchForName(helper, name, _) => msg::hbs_param_named(helper, name),
            R::InvalidParamType(expected) => msg::hbs_param_type(expected),
            R::BlockContentRequired => msg::hbs_block_required(),
            R::CannotIncludeSelf => msg::hbs_include_self(),
            R::InvalidJsonPath(path) | R::InvalidJsonIndex(path) => msg::hbs_bad_path(path),
            R::TemplateError(e) => compile_words(e.reason()),
            other => msg::hbs_render_other(other),
        }
    }
}

/// `{{path}}` names nothing in the view: say so, with the closest name the view has
/// (at any depth: inside `{{#each tasks}}` a name is one of a task's) and the names at
/// the top level.
fn missing_variable(path: &str, view: &View<'_>) -> String {
    let value = serde_json::to_value(view).unwrap_or_default();
    let top: Vec<&str> = value
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    // Every name of the view, as a template writes it at the place it is used
    // (`meeting.chair.name`; `text` inside `{{#each tasks}}`), with that full path.
    let mut names: Vec<(String, String)> = Vec::new();
    variable_paths(&value, "", &mut names);
    let wanted = path.trim_start_matches("this.").trim_start_matches("./");
    let candidates: Vec<&str> = names.iter().map(|(short, _)| short.as_str()).collect();
    let best = crate::input::messages::closest(wanted, &candidates)
        .or_else(|| {
            // `chiar.name` inside `meeting`: compare the last part.
            let last = wanted.rsplit('.').next().unwrap_or(wanted);
            crate::input::messages::closest(last, &candidates)
        })
        .and_then(|short| names.iter().find(|(s, _)| s == short))
        .map(|(_, full)| full.clone());
    let available = top
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match best {
        Some(best) => msg::hbs_missing_variable_did_you_mean(path, best, available),
        None => msg::hbs_missing_variable(path, available),
    }
}

/// Every variable under `value`: (the name as written where it is in scope, the full
/// path to say where that is, `tasks[].text`). Names of a list's items are written as
/// in `{{#each list}}`.
fn variable_paths(value: &serde_json::Value, prefix: &str, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Object(o) => {
            for (k, v) in o {
                let full = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                // Inside `{{#each list}}` names start again from the item.
                let short = match prefix.rsplit_once("[].") {
                    Some((_, inner)) => format!("{inner}.{k}"),
                    None if prefix.ends_with("[]") => k.clone(),
                    None => full.clone(),
                };
                out.push((short, full.clone()));
                variable_paths(v, &full, out);
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                variable_paths(first, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// Refuse sub-expressions nested more than [`MAX_BLOCK_DEPTH`] deep
/// (`{{lookup (lookup (lookup …`): the Handlebars parser descends into them by
/// recursion, and twenty thousand levels abort the process. Counts the parentheses
/// inside each `{{…}}`, outside string literals; gives the line of the first excess.
fn expression_depth(src: &str) -> Result<(), (usize, usize, String)> {
    let b = src.as_bytes();
    let mut i = 0;
    while let Some(open) = src[i..].find("{{") {
        i += open + 2;
        let (mut depth, mut quote) = (0usize, None);
        while i < b.len() {
            let c = b[i];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    b'"' | b'\'' => quote = Some(c),
                    b'(' => depth += 1,
                    b')' => depth = depth.saturating_sub(1),
                    b'}' if b.get(i + 1) == Some(&b'}') => break,
                    _ => {}
                },
            }
            if depth > MAX_BLOCK_DEPTH {
                let at = crate::util::position::Position::after(&src[..i]);
                return Err((
                    at.line,
                    at.column,
                    msg::expressions_too_deep(MAX_BLOCK_DEPTH),
                ));
            }
            i += 1;
        }
    }
    Ok(())
}

/// The partial a template element names, if it includes one: `Ok(None)` for other
/// elements, an error for a name computed while rendering.
fn included(e: &handlebars::template::TemplateElement) -> Result<Option<String>, String> {
    use handlebars::template::{Parameter, TemplateElement as E};
    let (E::PartialExpression(d) | E::PartialBlock(d)) = e else {
        return Ok(None);
    };
    match &d.name {
        Parameter::Name(_) | Parameter::Path(_) => Ok(d.name.as_name().map(str::to_string)),
        Parameter::Literal(serde_json::Value::String(s)) => Ok(Some(s.clone())),
        Parameter::Literal(v) => Ok(Some(v.to_string())),
        _ => Err(msg::partial_named_by_expression()),
    }
}

/// The name an inline partial definition (`{{#*inline "row"}}`) gives.
fn inline_name(e: &handlebars::template::TemplateElement) -> Option<String> {
    use handlebars::template::{Parameter, TemplateElement as E};
    let E::DecoratorBlock(d) = e else {
        return None;
    };
    match (d.name.as_name(), d.params.first()) {
        (Some("inline"), Some(Parameter::Literal(serde_json::Value::String(s)))) => Some(s.clone()),
        _ => None,
    }
}

/// Add to `graph` the partials used by `template` (registered as `name`), by the
/// inline partials it defines, and by the blocks it passes to partials (which
/// `{{> @partial-block}}` renders). Walks the tree with its own stack: a template
/// nested thousands deep must get an error, not overflow this walk.
fn partial_uses(
    name: &str,
    template: &handlebars::template::Template,
    graph: &mut BTreeMap<String, BTreeSet<String>>,
) -> Result<(), String> {
    use handlebars::template::TemplateElement as E;
    const PARTIAL_BLOCK: &str = "@partial-block";
    // (template, depth, the partial whose uses this is)
    let mut stack = vec![(template, 0usize, name.to_string())];
    while let Some((t, depth, owner)) = stack.pop() {
        if depth > MAX_BLOCK_DEPTH {
            return Err(msg::blocks_too_deep(MAX_BLOCK_DEPTH));
        }
        for e in &t.elements {
            if let Some(p) = included(e)? {
                graph.entry(owner.clone()).or_default().insert(p);
            }
            match e {
                E::PartialBlock(d) => {
                    if let Some(inner) = &d.template {
                        // The block runs both where it stands (when the partial is
                        // missing) and where the partial says `{{> @partial-block}}`.
                        stack.push((inner, depth + 1, owner.clone()));
                        stack.push((inner, depth + 1, PARTIAL_BLOCK.to_string()));
                    }
                }
                E::DecoratorBlock(d) => {
                    if let Some(inner) = &d.template {
                        let inline = inline_name(e).unwrap_or_else(|| owner.clone());
                        stack.push((inner, depth + 1, inline));
                    }
                }
                E::HelperBlock(h) => {
                    for inner in h.template.iter().chain(h.inverse.iter()) {
                        stack.push((inner, depth + 1, owner.clone()));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// The longest chain of partials from `name`, refusing a cycle or a chain deeper
/// than [`MAX_PARTIAL_DEPTH`]. `path` is the chain being followed.
fn chain_depth(
    name: &str,
    graph: &BTreeMap<String, BTreeSet<String>>,
    depth: &mut BTreeMap<String, usize>,
    path: &mut Vec<String>,
) -> Result<usize, (String, String)> {
    if let Some(&d) = depth.get(name) {
        return Ok(d);
    }
    if let Some(i) = path.iter().position(|p| p == name) {
        let cycle: Vec<&str> = path[i..].iter().map(String::as_str).chain([name]).collect();
        return Err((name.to_string(), msg::partials_cycle(cycle.join(" → "))));
    }
    if path.len() >= MAX_PARTIAL_DEPTH {
        return Err((
            name.to_string(),
            msg::partials_too_deep(MAX_PARTIAL_DEPTH, path.join(" → ")),
        ));
    }
    path.push(name.to_string());
    let mut d = 0;
    for next in graph.get(name).into_iter().flatten() {
        d = d.max(1 + chain_depth(next, graph, depth, path)?);
    }
    path.pop();
    if d > MAX_PARTIAL_DEPTH {
        return Err((
            name.to_string(),
            msg::partials_too_deep_from(MAX_PARTIAL_DEPTH, name),
        ));
    }
    depth.insert(name.to_string(), d);
    Ok(d)
}

/// What a template sees. Every optional value is present (as null) so strict mode
/// only fails on names that really do not exist.
#[derive(Debug, Serialize)]
pub struct View<'a> {
    /// The profile's id ("nd30", "hd36", or a loaded one).
    pub profile: &'a str,
    /// The issuing body.
    pub issuer: IssuerView<'a>,
    /// "Số: 05/TB-UBND" or "Số 05-TB/QU".
    pub number_line: String,
    /// "05/TB-UBND": number and symbol without the label.
    pub symbol: String,
    /// The parts of the number line, for a template that sets them apart.
    pub number: NumberView,
    /// "Long Biên, ngày 22 tháng 01 năm 2018".
    pub date_line: String,
    /// The notice's date, raw and in each printed form.
    pub date: DateView,
    /// Where the notice is issued ("Long Biên"), as the date line begins.
    pub place: &'a str,
    /// Tên loại: "THÔNG BÁO".
    pub title: &'a str,
    /// Trích yếu.
    pub summary: &'a str,
    /// The ward (phường) the notice is about, if any.
    pub ward: Option<&'a str>,
    /// The session the notice concludes.
    pub meeting: MeetingView<'a>,
    /// Section headings, numbered.
    pub headings: HeadingsView,
    /// Paragraphs of the assessment section.
    pub assessment: Vec<&'a str>,
    /// Tasks, numbered from 1.
    pub tasks: Vec<TaskView<'a>>,
    /// Proposals and answers, numbered from 1.
    pub proposals: Vec<ProposalView<'a>>,
    /// The closing paragraph.
    pub closing: &'a str,
    /// Nơi nhận, one entry each.
    pub recipients: Vec<&'a str>,
    /// The "Lưu" line.
    pub archive: &'a str,
    /// The signer's block.
    pub signer: SignerView<'a>,
}

/// The parts of the number line ("Số", "05", "TB-UBND").
#[derive(Debug, Serialize)]
pub struct NumberView {
    /// "Số".
    pub label: String,
    /// "05" (a draft's number line shows blanks in its place).
    pub number: String,
    /// The number as given in the input (5), or null in a draft for issuance.
    pub value: Option<u32>,
    /// "TB-UBND".
    pub notation: String,
}

/// A date, raw and printed: what a template needs to write it its own way.
#[derive(Debug, Serialize)]
pub struct DateView {
    /// "2018-01-22", as the input gives it.
    pub iso: String,
    /// "22/01/2018": the short form of running text.
    pub short: String,
    /// "ngày 22 tháng 01 năm 2018": the long form of the date line.
    pub long: String,
    /// 22.
    pub day: u8,
    /// 1.
    pub month: u8,
    /// 2018.
    pub year: u16,
}

impl DateView {
    fn new(d: crate::input::date::Date) -> DateView {
        DateView {
            iso: d.to_string(),
            short: d.short(),
            long: d.long_vietnamese(),
            day: d.day,
            month: d.month,
            year: d.year,
        }
    }
}

#[derive(Debug, Serialize)]
/// The issuing body, as the header prints it.
pub struct IssuerView<'a> {
    /// The superior body, if any.
    pub superior: Option<&'a str>,
    /// The name split at forced line breaks.
    pub name_lines: Vec<&'a str>,
    /// Abbreviation in the symbol ("UBND").
    pub abbreviation: &'a str,
}

#[derive(Debug, Serialize)]
/// The session.
pub struct MeetingView<'a> {
    /// "Chiều ngày 19/01/2018" or "Ngày 19/01/2018": the opening words.
    pub when: String,
    /// The session's date, raw and printed.
    pub date: DateView,
    /// The time of day as given ("Chiều"), or null.
    pub time: Option<&'a str>,
    /// Where it was held.
    pub place: &'a str,
    /// The host (the concluding body).
    pub host: &'a str,
    /// The body the session worked with.
    pub counterpart: &'a str,
    /// What it was about.
    pub topic: &'a str,
    /// Who chaired it.
    pub chair: &'a Person,
    /// Attendees joined with "; ", or null.
    pub host_attendees: Option<String>,
    /// The counterpart's attendees joined with "; ", or null.
    pub counterpart_attendees: Option<String>,
    /// Who reported.
    pub reporter: &'a Person,
    /// What was reported.
    pub report: &'a str,
    /// Who concluded: `concluder`, or the chair's name.
    pub concluder: &'a str,
}

#[derive(Debug, Serialize)]
/// Section headings, each with its numeral ("I. Đánh giá chung").
pub struct HeadingsView {
    /// The assessment section's heading.
    pub assessment: String,
    /// The tasks section's heading, null without tasks.
    pub tasks: Option<String>,
    /// The proposals section's heading, null without proposals.
    pub proposals: Option<String>,
}

#[derive(Debug, Serialize)]
/// One task.
pub struct TaskView<'a> {
    /// Its number, from 1.
    pub n: usize,
    /// What is to be done.
    pub text: &'a str,
    /// Who does it, if given.
    pub owner: Option<&'a str>,
    /// "30/6/2018" style short date, or null.
    pub deadline: Option<String>,
    /// The deadline raw and printed, or null.
    pub deadline_date: Option<DateView>,
}

#[derive(Debug, Serialize)]
/// One proposal and its answer.
pub struct ProposalView<'a> {
    /// Its number, from 1.
    pub n: usize,
    /// What was proposed.
    pub proposal: &'a str,
    /// The answer.
    pub answer: &'a str,
}

#[derive(Debug, Serialize)]
/// The signer's block.
pub struct SignerView<'a> {
    /// "TM. ỦY BAN NHÂN DÂN" or "T/M BAN THƯỜNG VỤ", or null when the head signs.
    pub authority_line: Option<String>,
    /// Chức vụ: the signer's position.
    pub title: &'a str,
    /// The signer's full name.
    pub name: &'a str,
}

fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The number line as printed ("Số: 05/TB-UBND") and the number and symbol without
/// the label ("05/TB-UBND"), for metadata, the manifest and the sidecar: both from
/// the profile's number parts, never cut out of the printed line.
pub fn number_and_symbol(n: &Notice, profile: &Profile) -> (String, String) {
    let parts = number_parts(n, profile);
    (parts.line(), parts.symbol())
}

/// The parts of the notice's number line.
pub fn number_parts(n: &Notice, profile: &Profile) -> crate::profile::NumberParts {
    profile
        .numbering
        .parts(n.number, &n.type_abbreviation, &n.issuer.abbreviation)
}

/// The number and date lines of a draft for issuance: figure spaces (as wide as a
/// digit) where the number, the day, the month and (without a date) the year go;
/// the PDF puts a form field over each run of them (`crate::issue`).
fn draft_lines(n: &Notice, profile: &Profile, d: crate::input::notice::Draft) -> (String, String) {
    use crate::issue::blank;
    let number = profile
        .numbering
        .parts_with(
            blank::number(profile.numbering.pad_digits),
            &n.type_abbreviation,
            &n.issuer.abbreviation,
        )
        .line();
    let year = if d.year_blank {
        blank::YEAR.to_string()
    } else {
        n.date.year.to_string()
    };
    let date = format!(
        "{}, ngày {} tháng {} năm {year}",
        n.place,
        blank::DAY,
        blank::MONTH
    );
    (number, date)
}

impl<'a> View<'a> {
    /// What the template sees of notice `n`, formatted as `profile` prescribes (number parts, date line, headings, signing prefix).
    pub fn new(n: &'a Notice, profile: &Profile) -> View<'a> {
        let parts = number_parts(n, profile);
        let (mut symbol_line, symbol) = (parts.line(), parts.symbol());
        let mut date_line = format!("{}, {}", n.place, n.date.long_vietnamese());
        if let Some(d) = n.draft {
            (symbol_line, date_line) = draft_lines(n, profile, d);
        }
        let m = &n.meeting;
        let when = match &m.time {
            Some(t) => capitalize_first(&format!("{t} ngày {}", m.date.short())),
            None => format!("Ngày {}", m.date.short()),
        };
        let join = |v: &[crate::input::text::Text]| {
            (!v.is_empty()).then(|| v.iter().map(|t| t.as_str()).collect::<Vec<_>>().join("; "))
        };
        // Sections are numbered in the order they appear: I, II, III.
        let mut section = 0;
        let mut next_section = |title: &str| {
            section += 1;
            profile.headings.numbered(section, title)
        };
        let (h, defaults) = (&n.body.headings, &profile.headings);
        let assessment = next_section(
            h.assessment
                .as_deref()
                .unwrap_or(defaults.assessment.as_str()),
        );
        let tasks = (!n.body.tasks.is_empty())
            .then(|| next_section(h.tasks.as_deref().unwrap_or(defaults.tasks.as_str())));
        let proposals = (!n.body.proposals.is_empty()).then(|| {
            next_section(
                h.proposals
                    .as_deref()
                    .unwrap_or(defaults.proposals.as_str()),
            )
        });
        View {
            profile: n.profile.as_str(),
            issuer: IssuerView {
                superior: n.issuer.superior.as_deref(),
                name_lines: n.issuer.name.split('\n').map(str::trim).collect(),
                abbreviation: &n.issuer.abbreviation,
            },
            number_line: symbol_line,
            symbol,
            number: NumberView {
                label: parts.label,
                number: parts.number,
                value: n.draft.is_none().then_some(n.number),
                notation: parts.notation,
            },
            date_line,
            date: DateView::new(n.date),
            place: &n.place,
            title: &n.title,
            summary: &n.summary,
            ward: n.ward.as_deref(),
            meeting: MeetingView {
                when,
                date: DateView::new(m.date),
                time: m.time.as_deref(),
                place: &m.place,
                host: &m.host,
                counterpart: &m.counterpart,
                topic: &m.topic,
                chair: &m.chair,
                host_attendees: join(&m.host_attendees),
                counterpart_attendees: join(&m.counterpart_attendees),
                reporter: &m.reporter,
                report: &m.report,
                concluder: m.concluder.as_deref().unwrap_or(&m.chair.name),
            },
            headings: HeadingsView {
                assessment,
                tasks,
                proposals,
            },
            assessment: n.body.assessment.iter().map(|t| t.as_str()).collect(),
            tasks: n
                .body
                .tasks
                .iter()
                .enumerate()
                .map(|(i, t)| TaskView {
                    n: i + 1,
                    text: &t.text,
                    owner: t.owner.as_deref(),
                    deadline: t.deadline.map(|d| d.short()),
                    deadline_date: t.deadline.map(DateView::new),
                })
                .collect(),
            proposals: n
                .body
                .proposals
                .iter()
                .enumerate()
                .map(|(i, p)| ProposalView {
                    n: i + 1,
                    proposal: &p.proposal,
                    answer: &p.answer,
                })
                .collect(),
            closing: &n.body.closing,
            recipients: n.recipients.iter().map(|t| t.as_str()).collect(),
            archive: &n.archive,
            signer: SignerView {
                authority_line: n.signer.authority.and_then(|a| {
                    let prefix = profile.signer_prefixes.get(&a)?;
                    Some(match &n.signer.on_behalf_of {
                        Some(body) => format!("{prefix} {body}"),
                        None => prefix.clone(),
                    })
                }),
                title: &n.signer.title,
                name: &n.signer.name,
            },
        }
    }
}
