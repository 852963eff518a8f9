//! The pipeline, end to end: JSON text in, document and output bytes out.
//!
//! This is the library entry point an e-office system calls; the CLI is a thin layer
//! over it. A [`Renderer`] is the context of rendering: what is compiled once
//! (templates, profiles; its [`ProfileSet`] is the only place a notice's `"profile"`
//! is looked up), the font family the layout measures with, what the PDF writer keeps
//! from one notice to the next (its [`FontCache`]) and the DOCX parts of each profile,
//! built on first use. Two renderers in one process may differ in any of them.

use crate::compose::template::{number_parts, TemplateError, Templates};
use crate::document::{Document, Info};
use crate::docx::{write_docx, write_resolved, PartsCache};
use crate::fonts::FontSet;
use crate::input::notice::{InputError, Notice};
use crate::layout::{layout, resolve, Layout};
use crate::markup::{self, MarkupError};
use crate::pdf::{write_pdf_with, FontCache, PdfError, PdfOptions};
use crate::profile::{Profile, ProfileSet};
use std::path::Path;
use std::sync::Arc;

/// Anything that can go wrong between the input and the output bytes.
#[derive(Debug)]
pub enum Error {
    /// The input is not a valid notice.
    Input(InputError),
    /// A template failed to compile or render.
    Template(TemplateError),
    /// A template produced invalid markup.
    Markup(MarkupError),
    /// A profile cannot be used (a document names what it lacks, or it names a
    /// template the renderer does not have).
    Profile(String),
    /// The PDF writer failed on valid input (a font it cannot read, a page tree it
    /// does not know).
    Pdf(PdfError),
    /// Writing the DOCX failed.
    Docx(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Input(e) => write!(f, "{e}"),
            Error::Template(e) => write!(f, "{e}"),
            Error::Markup(e) => write!(f, "{e} ({})", crate::messages::compose::markup_hint()),
            Error::Profile(e) => write!(f, "{e}"),
            Error::Pdf(e) => write!(f, "{e}"),
            Error::Docx(e) => f.write_str(&crate::messages::compose::docx_failed(e)),
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
    /// The PDF only.
    Pdf,
    /// The DOCX only.
    Docx,
    /// Both.
    All,
}

impl Format {
    /// Whether a PDF is asked for.
    pub fn pdf(self) -> bool {
        matches!(self, Format::Pdf | Format::All)
    }
    /// Whether a DOCX is asked for.
    pub fn docx(self) -> bool {
        matches!(self, Format::Docx | Format::All)
    }
}

/// One rendered file, not yet written.
#[derive(Debug, Clone)]
pub struct Output {
    /// "pdf" or "docx".
    pub extension: &'static str,
    /// The file's content.
    pub bytes: Vec<u8>,
    /// Pages after layout (PDF only).
    pub pages: Option<usize>,
}

/// The context of rendering, shared by every notice rendered (from any number of
/// threads: a `Renderer` is `Send + Sync`): compiled templates, loaded profiles, the
/// font family the layout measures with, the PDF writer's font cache, the DOCX parts
/// cache, the writers' options. Nothing a render depends on lives outside it but the
/// bundled data it was built from, so two renderers in one process can differ.
pub struct Renderer {
    templates: Templates,
    /// The faces the layout measures with. Only Liberation Serif is bundled, and the
    /// PDF writer embeds the same faces; a second family would be a second value here.
    fonts: &'static FontSet,
    profiles: ProfileSet,
    pdf_options: PdfOptions,
    sidecar: bool,
    /// Faces read for subsetting and fonts finished for recent character sets; shared
    /// with other renderers by [`Renderer::with_font_cache`].
    font_cache: Arc<FontCache>,
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
            fonts: crate::fonts::fonts(),
            profiles: ProfileSet::builtin(),
            pdf_options: PdfOptions::default(),
            sidecar: false,
            font_cache: Arc::default(),
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

    /// The options every PDF is written with (a batch of drafts reads `draft`).
    pub fn pdf_options(&self) -> PdfOptions {
        self.pdf_options
    }

    /// Take and keep PDF fonts in `fonts`, e.g. one cache for renderers that differ
    /// only in their options (output never depends on which cache wrote it).
    pub fn with_font_cache(mut self, fonts: Arc<FontCache>) -> Renderer {
        self.font_cache = fonts;
        self
    }

    /// The font cache the PDFs are written with, to share with another renderer.
    pub fn font_cache(&self) -> &Arc<FontCache> {
        &self.font_cache
    }

    /// The font family the layout measures with.
    pub fn fonts(&self) -> &FontSet {
        self.fonts
    }

    /// Also write `<stem>.meta.json`, the edXML envelope fields (see `meta`).
    pub fn with_sidecar(mut self, sidecar: bool) -> Renderer {
        self.sidecar = sidecar;
        self
    }

    /// Render with `profiles` (the built-ins and those loaded from files) instead of
    /// the built-in ones. Every profile must name a template the renderer has.
    pub fn with_profiles(mut self, profiles: ProfileSet) -> Result<Renderer, Error> {
        for p in profiles.iter() {
            if !self.templates.has(&p.template) {
                return Err(Error::Profile(
                    crate::messages::compose::profile_template_missing(
                        &p.id,
                        &p.template,
                        Profile::builtin_ids().collect::<Vec<_>>().join(", "),
                    ),
                ));
            }
        }
        self.profiles = profiles;
        Ok(self)
    }

    /// The profile `id`, if the renderer knows it.
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles.get(id)
    }

    /// The profiles the renderer knows.
    pub fn profiles(&self) -> &ProfileSet {
        &self.profiles
    }

    /// The profile `notice` names, checked: an input error if the renderer does not
    /// know it (a notice read with [`Notice::from_json_in`] has been checked already).
    fn profile_of(&self, notice: &Notice) -> Result<&Profile, Error> {
        Ok(notice.check_profile(&self.profiles, None)?)
    }

    /// The profile `doc` is to be laid out with, after checking that it defines
    /// every style, rule and row `doc` names.
    fn checked(&self, notice: &Notice, doc: &Document) -> Result<&Profile, Error> {
        let profile = self.profile_of(notice)?;
        profile
            .check_document(doc)
            .map_err(|e| Error::Profile(crate::messages::compose::document_unrenderable(e)))?;
        Ok(profile)
    }

    /// Notice → markup (the template's output).
    pub fn markup(&self, notice: &Notice) -> Result<String, Error> {
        let profile = self.profile_of(notice)?;
        Ok(self.templates.render(notice, profile)?)
    }

    /// Notice → Document IR.
    pub fn document(&self, notice: &Notice) -> Result<Document, Error> {
        let profile = self.profile_of(notice)?;
        let src = self.templates.render(notice, profile)?;
        let mut doc = markup::parse(&src, profile, info(notice, profile)).map_err(|mut e| {
            // Name the template line that wrote the bad markup (a second render,
            // only now that there is an error).
            e.template = self.templates.locate(notice, profile, &src, e.offset);
            e
        })?;
        doc.signing = notice.images.clone();
        Ok(doc)
    }

    /// Document → pages, with the profile `notice` names. `doc` may be built by the
    /// caller: a style, rule or row the profile lacks is an error, not a panic.
    pub fn layout(&self, notice: &Notice, doc: &Document) -> Result<Layout, Error> {
        Ok(layout(doc, self.checked(notice, doc)?, self.fonts))
    }

    /// Notice → PDF bytes and page count.
    pub fn pdf(&self, notice: &Notice) -> Result<(Vec<u8>, usize), Error> {
        let doc = self.document(notice)?;
        let pages = self.layout(notice, &doc)?;
        Ok((self.write_pdf(&doc, &pages)?, pages.pages.len()))
    }

    fn write_pdf(&self, doc: &Document, pages: &Layout) -> Result<Vec<u8>, Error> {
        Ok(write_pdf_with(
            pages,
            &doc.info,
            &doc.signing,
            self.pdf_options,
            &self.font_cache,
        )?)
    }

    /// Notice → DOCX bytes, from the same Document IR, profile and decisions as the PDF.
    pub fn docx(&self, notice: &Notice) -> Result<Vec<u8>, Error> {
        let doc = self.document(notice)?;
        let profile = self.checked(notice, &doc)?;
        write_docx(&doc, profile, self.fonts, &self.docx_parts).map_err(Error::Docx)
    }

    /// Every file `format` asks for, from one Document IR and one set of layout
    /// decisions ([`resolve()`]), which the PDF's pages and the DOCX both read.
    pub fn outputs(&self, notice: &Notice, format: Format) -> Result<Vec<Output>, Error> {
        let doc = self.document(notice)?;
        self.document_outputs(notice, &doc, format)
    }

    /// Every file `format` asks for, from `doc` (the notice gives the profile and the
    /// sidecar's fields). `doc` may be built or changed by the caller: a style, rule
    /// or row its profile lacks is an error, not a panic.
    pub fn document_outputs(
        &self,
        notice: &Notice,
        doc: &Document,
        format: Format,
    ) -> Result<Vec<Output>, Error> {
        let profile = self.checked(notice, doc)?;
        let mut resolved = resolve(doc, profile, self.fonts);
        // The DOCX splits a row taller than a page where the PDF's pages do.
        let pages = crate::layout::pages(&mut resolved, profile);
        let mut out = Vec::with_capacity(3);
        if format.pdf() {
            out.push(Output {
                extension: "pdf",
                bytes: self.write_pdf(doc, &pages)?,
                pages: Some(pages.pages.len()),
            });
        }
        if self.sidecar {
            out.push(Output {
                extension: "meta.json",
                bytes: crate::compose::sidecar::Envelope::new(notice, profile, pages.pages.len())
                    .to_json(),
                pages: None,
            });
        }
        if format.docx() {
            out.push(Output {
                extension: "docx",
                bytes: write_resolved(doc, &resolved, &pages.splits, profile, &self.docx_parts)
                    .map_err(Error::Docx)?,
                pages: None,
            });
        }
        Ok(out)
    }
}

/// Metadata of the document, from the notice.
///
/// A draft for issuance says only what it knows: the number and the date it leaves
/// blank are placeholders put in for the checks ([`crate::input::notice::draft_blanks`]),
/// and an archive indexing the draft would read them as its number and day. Without
/// a number, the keyword is the symbol as printed with the number left blank
/// ("/TB-UBND", "-TB/QU"): an archive still finds the document by its notation (a
/// search splits at "/" and "-"), nobody reads a number into it, and issuance
/// ([`crate::issue`]) completes it to the issued "125/TB-UBND" by putting the number in
/// front, without needing the profile. Without a date there is no date at all (no
/// `/CreationDate`, `/ModDate`, nor their XMP equivalents, which PDF/A lets go
/// together) rather than the meeting's day: the meeting is not when the document
/// was made, and issuance writes the real day (the signing time) as `/ModDate`.
/// A draft given its number and date keeps them.
pub fn info(notice: &Notice, profile: &Profile) -> Info {
    let parts = number_parts(notice, profile);
    let draft = notice.draft.unwrap_or_default();
    let symbol = if draft.number_blank {
        format!("{}{}", parts.number_separator, parts.notation)
    } else {
        parts.symbol()
    };
    Info {
        title: notice.summary.to_string(),
        author: notice.issuer.name.replace('\n', " "),
        subject: format!("{} {}", notice.title, notice.summary),
        keywords: vec![symbol],
        date: (!draft.year_blank).then_some(notice.date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_renderer_can_be_shared_by_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Renderer>();
    }

    #[test]
    fn the_font_cache_never_changes_a_byte() {
        let notice = Notice::from_json(include_str!("../fixtures/phuc-loi-2018.json")).unwrap();
        let a = Renderer::new();
        let (cold, pages) = a.pdf(&notice).unwrap();
        assert_eq!(pages, 2);
        let (warm, _) = a.pdf(&notice).unwrap();
        assert_eq!(warm, cold, "a warm cache gives the bytes of a cold one");
        let b = Renderer::new().with_font_cache(a.font_cache().clone());
        assert!(
            Arc::ptr_eq(b.font_cache(), a.font_cache()),
            "one cache, shared"
        );
        assert_eq!(b.pdf(&notice).unwrap().0, cold);
        let c = Renderer::new();
        assert!(
            !Arc::ptr_eq(c.font_cache(), a.font_cache()),
            "renderers own their own"
        );
        assert_eq!(c.pdf(&notice).unwrap().0, cold);
    }
}
