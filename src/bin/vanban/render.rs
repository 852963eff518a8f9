//! `vanban render` and the renderer every command builds from its flags.

use crate::args::{Extras, Format};
use crate::diagnostic::{fail_input, fail_with, reason};
use crate::input::{load_profiles, read_notice_as};
use crate::{EXIT_BAD_INPUT, EXIT_OK, EXIT_RENDER_FAILED};
use std::path::Path;
use vanban::messages::cli;
use vanban::render::{Error, Renderer};

pub(crate) fn renderer(extras: &Extras) -> Result<Renderer, u8> {
    let r = match &extras.templates {
        Some(dir) => Renderer::with_templates(dir)
            .map_err(|e| fail_with(&dir.display().to_string(), "template", &e, EXIT_BAD_INPUT))?,
        None => Renderer::new(),
    };
    let r = if extras.profiles.is_empty() {
        r
    } else {
        let set = load_profiles(&extras.profiles)?;
        r.with_profiles(set).map_err(|e| {
            fail_with(
                &extras.profiles[0].display().to_string(),
                "profile",
                &e,
                EXIT_BAD_INPUT,
            )
        })?
    };
    Ok(r.with_pdf_options(vanban::pdf::PdfOptions {
        pdfa: extras.pdfa,
        signature_field: extras.signature_field,
        draft: false,
    })
    .with_sidecar(extras.meta))
}

pub(crate) fn stem(input: &str) -> String {
    if input == "-" {
        return "notice".into();
    }
    Path::new(input)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "notice".into())
}

pub(crate) fn render(
    input: &str,
    out_dir: &Path,
    format: Format,
    (draft, tasks): (bool, bool),
    extras: &Extras,
) -> Result<u8, u8> {
    let mut renderer = renderer(extras)?;
    let notice = read_notice_as(input, extras.assets.as_deref(), draft, renderer.profiles())?;
    if draft {
        renderer = renderer.with_pdf_options(vanban::pdf::PdfOptions {
            pdfa: extras.pdfa,
            signature_field: true,
            draft: true,
        });
    }
    let outputs = renderer
        .outputs(&notice, format.into())
        .map_err(|e| match &e {
            Error::Input(error) => fail_input(input, error),
            Error::Template(_) => fail_with(input, "template", &e, EXIT_BAD_INPUT),
            Error::Markup(_) => fail_with(input, "markup", &e, EXIT_BAD_INPUT),
            Error::Profile(_) => fail_with(input, "profile", &e, EXIT_RENDER_FAILED),
            _ => fail_with(input, "render-failed", &e, EXIT_RENDER_FAILED),
        })?;
    std::fs::create_dir_all(out_dir).map_err(|e| {
        fail_with(
            input,
            "cannot-create",
            &cli::cannot_create(out_dir.display(), reason(&e)),
            EXIT_RENDER_FAILED,
        )
    })?;
    let stem = stem(input);
    let mut outputs: Vec<(String, Vec<u8>)> = outputs
        .into_iter()
        .map(|o| (o.extension.to_string(), o.bytes))
        .collect();
    if tasks {
        let profile = renderer.profile(notice.profile.as_str()).ok_or_else(|| {
            fail_with(
                input,
                "unknown-profile",
                &cli::unknown_profile(),
                EXIT_BAD_INPUT,
            )
        })?;
        outputs.push((
            "tasks.json".into(),
            vanban::issue::tasks::json(&notice, profile),
        ));
        outputs.push((
            "tasks.ics".into(),
            vanban::issue::tasks::icalendar(&notice, profile),
        ));
    }
    for (extension, bytes) in outputs {
        let path = out_dir.join(format!("{stem}.{}", extension));
        vanban::util::output::write_atomic(&path, &bytes).map_err(|e| {
            fail_with(
                input,
                "cannot-write",
                &cli::cannot_write(path.display(), reason(&e)),
                EXIT_RENDER_FAILED,
            )
        })?;
        say!("{}", cli::wrote(path.display()));
    }
    Ok(EXIT_OK)
}

impl From<Format> for vanban::render::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Pdf => vanban::render::Format::Pdf,
            Format::Docx => vanban::render::Format::Docx,
            Format::All => vanban::render::Format::All,
        }
    }
}
