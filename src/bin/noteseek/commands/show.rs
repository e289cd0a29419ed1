//! `noteseek show`: a note, or one section of it, as clean text.

use std::io::{self, Write};

use anyhow::{Context, Result};
use noteseek::{notes_folder, titles};

use super::{synced_index, warn, Status};
use crate::args::Vault;
use crate::cli::ShowArgs;
use crate::printer::sanitize;
use crate::render;

pub fn show_note(vault: &Vault, args: &ShowArgs) -> Result<Status> {
    let title = args.title.join(" ");
    let index = synced_index(vault)?;
    let paths = titles::resolve(&index.snapshot()?, &title)?;
    if paths.len() > 1 {
        warn(format_args!(
            "{} notes are titled `{title}`: {}; showing the first",
            paths.len(),
            paths.join(", ")
        ));
    }
    let loaded = notes_folder::load(&vault.notes, &paths[0])?;
    if let Some(damage) = &loaded.damage {
        warn(format_args!("{}: {damage}", paths[0]));
    }
    let sections = render::select_sections(&loaded.note, args.section.as_deref())?;
    let rendered = render::render(&loaded.note, &sections, args.section.is_none());
    let mut out = io::stdout().lock();
    out.write_all(sanitize(&rendered).as_bytes())
        .and_then(|_| out.flush())
        .context("writing to stdout")?;
    Ok(Status::Found)
}
