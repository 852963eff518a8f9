//! The pipeline, end to end: JSON text in, document and output bytes out.
//!
//! This is the library entry point an e-office system calls; the CLI is a thin layer
//! over it. A [`Renderer`] holds what is compiled once (templates, profiles) and the
//! DOCX parts of each profile, built on first use; fonts are parsed once per process
//! on first use.

use crate::document::{Document, Info};
use crate::docx::{write_docx, PartsCache};
use crate::layout::{layout, Layout};
use crate::markup::{self, MarkupError};
use crate::notice::{InputError, Notice};
use crate::pdf::{write_pdf_with, PdfError, PdfOptions};
use crate::profile::Profile;
use crate::template::{number_and_symbol, TemplateError, Templates};
use std::collections::BTreeMap;
use std::path::Path;

/// Anything that can go wrong between the input and the output bytes.
#[derive(Debug)]
pub enum Error {
    /// The input is not a valid notice.
    Input(InputError),
    /// A template failed to compile or render.
    Template(TemplateError),
    /// A template produced invalid markup.
    Markup(MarkupError),
    Pdf(PdfError),
    Docx(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Input(e) => write!(f, "{e}"),
            Error::Template(e) => write!(f, "{e}"),
            Error::Markup(e) => write!(
                f,
                "{e} (the template produced invalid markup; check it with `vanban markup`)"
            ),
            Error::Pdf(e) => write!(f, "{e}"),
            Error::Docx(e) => write!(f, "DOCX: {e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<InputError> for Error {
    fn from(e: InputError) -> Error {
        Error::Input(e)
    }
}
impl From<TemplateError> for Error {
    fn from(e: TemplateError) -> Error {
        Error::Template(e)
    }
}
impl From<MarkupError> for Error {
    fn from(e: MarkupError) -> Error {
        Error::Markup(e)
    }
}
impl From<PdfError> for Error {
    fn from(e: PdfError) -> Error {
        Error::Pdf(e)
    }
}

/// Which files to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
    All,
}

impl Format {
    pub fn pdf(self) -> bool {
        matches!(self, Format::Pdf | Format::All)
    }
    pub fn docx(self) -> bool {
        matches!(self, Format::Docx | Format::All)
    }
}

/// One rendered file, not yet written.
#[derive(Debug, Clone)]
pub struct Output {
    /// "pdf" or "docx".
    pub extension: &'static str,
    pub bytes: Vec<u8>,
    /// Pages after layout (PDF only).
    pub pages: Option<usize>,
}

/// Compiled templates and loaded profiles, shared by every notice rendered.
pub struct Renderer {
    templates: Templates,
    profiles: BTreeMap<String, Profile>,
    pdf_options: PdfOptions,
    sidecar: bool,
    /// The DOCX parts of each profile, built on first use.
    docx_parts: PartsCache,
}

impl Default for Renderer {
    fn default() -> Self {
        Renderer::new()
    }
}

impl Renderer {
    /// Built-in templates and profiles.
    pub fn new() -> Renderer {
        Renderer {
            templates: Templates::builtin(),
            profiles: Profile::builtin_ids()
                .map(|id| (id.to_string(), Profile::builtin(id).expect("built-in")))
                .collect(),
            pdf_options: PdfOptions::default(),
            sidecar: false,
            docx_parts: PartsCache::new(),
        }
    }

    /// Built-in profiles, with templates from `dir` overriding the built-in ones.
    pub fn with_templates(dir: &Path) -> Result<Renderer, Error> {
        Ok(Renderer {
            templates: Templates::with_overrides(dir)?,
            ..Renderer::new()
        })
    }

    /// Write every PDF with `options` (e.g. PDF/A-2b).
    pub fn with_pdf_options(mut self, options: PdfOptions) -> Renderer {
        self.pdf_options = options;
        self
    }

    /// Also write `<stem>.meta.json`, the edXML envelope fields (see `meta`).
    pub fn with_sidecar(mut self, sidecar: bool) -> Renderer {
        self.sidecar = sidecar;
        self
    }

    pub fn profile(&self, id: &str) -> &Profile {
        &self.profiles[id]
    }

    /// Notice → markup (the template's output).
    pub fn markup(&self, notice: &Notice) -> Result<String, Error> {
        let profile = self.profile(notice.profile.as_str());
        Ok(self.templates.render(notice, profile)?)
    }

    /// Notice → Document IR.
    pub fn document(&self, notice: &Notice) -> Result<Document, Error> {
        let profile = self.profile(notice.profile.as_str());
        let src = self.templates.render(notice, profile)?;
        let mut doc = markup::parse(&src, profile, info(notice, profile))?;
        doc.signing = notice.images.clone();
        Ok(doc)
    }

    /// Document → pages.
    pub fn layout(&self, notice: &Notice, doc: &Document) -> Layout {
        layout(doc, self.profile(notice.profile.as_str()))
    }

    /// Notice → PDF bytes and page count.
    pub fn pdf(&self, notice: &Notice) -> Result<(Vec<u8>, usize), Error> {
        let doc = self.document(notice)?;
        let pages = self.layout(notice, &doc);
        Ok((self.write_pdf(&doc, &pages)?, pages.pages.len()))
    }

    fn write_pdf(&self, doc: &Document, pages: &Layout) -> Result<Vec<u8>, Error> {
        Ok(write_pdf_with(
            pages,
            &doc.info,
            &doc.signing,
            self.pdf_options,
        )?)
    }

    /// Notice → DOCX bytes, from the same Document IR and profile as the PDF.
    pub fn docx(&self, notice: &Notice) -> Result<Vec<u8>, Error> {
        let doc = self.document(notice)?;
        write_docx(
            &doc,
            self.profile(notice.profile.as_str()),
            &self.docx_parts,
        )
        .map_err(Error::Docx)
    }

    /// Every file `format` asks for, from one Document IR.
    pub fn outputs(&self, notice: &Notice, format: Format) -> Result<Vec<Output>, Error> {
        let doc = self.document(notice)?;
        let mut out = Vec::with_capacity(3);
        let laid = (format.pdf() || self.sidecar).then(|| self.layout(notice, &doc));
        if let (true, Some(pages)) = (format.pdf(), &laid) {
            out.push(Output {
                extension: "pdf",
                bytes: self.write_pdf(&doc, pages)?,
                pages: Some(pages.pages.len()),
            });
        }
        if let (true, Some(pages)) = (self.sidecar, &laid) {
            let profile = self.profile(notice.profile.as_str());
            out.push(Output {
                extension: "meta.json",
                bytes: crate::meta::Envelope::new(notice, profile, pages.pages.len()).to_json(),
                pages: None,
            });
        }
        if format.docx() {
            let profile = self.profile(notice.profile.as_str());
            out.push(Output {
                extension: "docx",
                bytes: write_docx(&doc, profile, &self.docx_parts).map_err(Error::Docx)?,
                pages: None,
            });
        }
        Ok(out)
    }
}

/// Metadata of the document, from the notice.
pub fn info(notice: &Notice, profile: &Profile) -> Info {
    let (_, symbol) = number_and_symbol(notice, profile);
    Info {
        title: notice.summary.to_string(),
        author: notice.issuer.name.replace('\n', " "),
        subject: format!("{} {}", notice.title, notice.summary),
        keywords: vec![symbol],
        date: Some(notice.date),
    }
}
