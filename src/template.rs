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

use crate::notice::{Notice, Person};
use crate::profile::Profile;
use handlebars::Handlebars;
use serde::Serialize;
use std::path::Path;

/// Built-in templates: (name, source).
const BUILTIN: [(&str, &str); 4] = [
    ("nd30", include_str!("../templates/nd30.hbs")),
    ("hd36", include_str!("../templates/hd36.hbs")),
    ("opening", include_str!("../templates/opening.hbs")),
    ("conclusions", include_str!("../templates/conclusions.hbs")),
];

/// A template error with the file, line and column it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub template: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "template {}", self.template)?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, ":{l}:{c}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for TemplateError {}

/// A compiled set of templates.
pub struct Templates {
    registry: Handlebars<'static>,
    /// Where each template came from, for error messages: a user's file path, or the
    /// built-in file's name.
    origins: std::collections::BTreeMap<String, String>,
}

fn from_hbs(name: &str, e: handlebars::TemplateError) -> TemplateError {
    TemplateError {
        template: name.to_string(),
        line: e.pos().map(|p| p.0),
        column: e.pos().map(|p| p.1),
        message: e.reason().to_string(),
    }
}

impl Templates {
    /// The built-in templates.
    pub fn builtin() -> Templates {
        let mut registry = Handlebars::new();
        registry.register_escape_fn(crate::xmlesc::escape);
        registry.set_strict_mode(true);
        registry.set_prevent_indent(true);
        let mut origins = std::collections::BTreeMap::new();
        for (name, src) in BUILTIN {
            registry
                .register_template_string(name, src)
                .expect("built-in template compiles");
            origins.insert(name.to_string(), format!("templates/{name}.hbs (built in)"));
        }
        Templates { registry, origins }
    }

    /// The built-in templates, with every `*.hbs` in `dir` registered over them.
    pub fn with_overrides(dir: &Path) -> Result<Templates, TemplateError> {
        let mut t = Templates::builtin();
        let entries = std::fs::read_dir(dir).map_err(|e| TemplateError {
            template: dir.display().to_string(),
            line: None,
            column: None,
            message: format!("cannot read the templates folder: {e}"),
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
            let src = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                template: path.display().to_string(),
                line: None,
                column: None,
                message: e.to_string(),
            })?;
            t.registry
                .register_template_string(&name, src)
                .map_err(|e| from_hbs(&path.display().to_string(), e))?;
            t.origins.insert(name, path.display().to_string());
        }
        Ok(t)
    }

    /// Render the profile's template for `notice` into markup.
    pub fn render(&self, notice: &Notice, profile: &Profile) -> Result<String, TemplateError> {
        let view = View::new(notice, profile);
        self.registry
            .render(&profile.template, &view)
            .map_err(|e| TemplateError {
                template: {
                    let name = e.template_name.as_deref().unwrap_or(&profile.template);
                    self.origins
                        .get(name)
                        .cloned()
                        .unwrap_or_else(|| name.to_string())
                },
                line: e.line_no,
                column: e.column_no,
                message: e.reason().to_string(),
            })
    }
}

/// What a template sees. Every optional value is present (as null) so strict mode
/// only fails on names that really do not exist.
#[derive(Debug, Serialize)]
pub struct View<'a> {
    pub profile: &'a str,
    pub issuer: IssuerView<'a>,
    /// "Số: 05/TB-UBND" or "Số 05-TB/QU".
    pub number_line: String,
    /// "05/TB-UBND": number and symbol without the label.
    pub symbol: String,
    /// "Long Biên, ngày 22 tháng 01 năm 2018".
    pub date_line: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub ward: Option<&'a str>,
    pub meeting: MeetingView<'a>,
    pub headings: HeadingsView,
    pub assessment: Vec<&'a str>,
    pub tasks: Vec<TaskView<'a>>,
    pub proposals: Vec<ProposalView<'a>>,
    pub closing: &'a str,
    pub recipients: Vec<&'a str>,
    pub archive: &'a str,
    pub signer: SignerView<'a>,
}

#[derive(Debug, Serialize)]
pub struct IssuerView<'a> {
    pub superior: Option<&'a str>,
    /// The name split at forced line breaks.
    pub name_lines: Vec<&'a str>,
    pub abbreviation: &'a str,
}

#[derive(Debug, Serialize)]
pub struct MeetingView<'a> {
    /// "Chiều ngày 19/01/2018" or "Ngày 19/01/2018": the opening words.
    pub when: String,
    pub place: &'a str,
    pub host: &'a str,
    pub counterpart: &'a str,
    pub topic: &'a str,
    pub chair: &'a Person,
    /// Attendees joined with "; ", or null.
    pub host_attendees: Option<String>,
    pub counterpart_attendees: Option<String>,
    pub reporter: &'a Person,
    pub report: &'a str,
    /// Who concluded: `concluder`, or the chair's name.
    pub concluder: &'a str,
}

#[derive(Debug, Serialize)]
pub struct HeadingsView {
    pub assessment: String,
    pub tasks: Option<String>,
    pub proposals: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TaskView<'a> {
    pub n: usize,
    pub text: &'a str,
    pub owner: Option<&'a str>,
    /// "30/6/2018" style short date, or null.
    pub deadline: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ProposalView<'a> {
    pub n: usize,
    pub proposal: &'a str,
    pub answer: &'a str,
}

#[derive(Debug, Serialize)]
pub struct SignerView<'a> {
    /// "TM. ỦY BAN NHÂN DÂN" or "T/M BAN THƯỜNG VỤ", or null when the head signs.
    pub authority_line: Option<String>,
    pub title: &'a str,
    pub name: &'a str,
}

const ROMAN: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The number line as printed ("Số: 05/TB-UBND") and the number and symbol without
/// the label ("05/TB-UBND"), for metadata, the manifest and the sidecar.
pub fn number_and_symbol(n: &Notice, profile: &Profile) -> (String, String) {
    let line = profile
        .numbering
        .format(n.number, &n.type_abbreviation, &n.issuer.abbreviation);
    let symbol = line
        .trim_start_matches("Số:")
        .trim_start_matches("Số")
        .trim()
        .to_string();
    (line, symbol)
}

impl<'a> View<'a> {
    pub fn new(n: &'a Notice, profile: &Profile) -> View<'a> {
        let (symbol_line, symbol) = number_and_symbol(n, profile);
        let m = &n.meeting;
        let when = match &m.time {
            Some(t) => capitalize_first(&format!("{t} ngày {}", m.date.short())),
            None => format!("Ngày {}", m.date.short()),
        };
        let join = |v: &[crate::text::Text]| {
            (!v.is_empty()).then(|| v.iter().map(|t| t.as_str()).collect::<Vec<_>>().join("; "))
        };
        // Sections are numbered in the order they appear: I, II, III.
        let mut section = 0;
        let mut next_section = |title: String| {
            section += 1;
            format!("{}. {}", ROMAN[(section - 1).min(9)], title)
        };
        let h = &n.body.headings;
        let assessment = next_section(
            h.assessment
                .as_deref()
                .unwrap_or("Đánh giá chung")
                .to_string(),
        );
        let tasks = (!n.body.tasks.is_empty()).then(|| {
            next_section(
                h.tasks
                    .as_deref()
                    .unwrap_or("Nhiệm vụ trọng tâm thời gian tới")
                    .to_string(),
            )
        });
        let proposals = (!n.body.proposals.is_empty()).then(|| {
            next_section(
                h.proposals
                    .as_deref()
                    .unwrap_or("Về các kiến nghị, đề xuất")
                    .to_string(),
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
            date_line: format!("{}, {}", n.place, n.date.long_vietnamese()),
            title: &n.title,
            summary: &n.summary,
            ward: n.ward.as_deref(),
            meeting: MeetingView {
                when,
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
                    let prefix = profile.signer_prefixes.get(a.key())?;
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
