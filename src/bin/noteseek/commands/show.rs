//! `noteseek show`: a note, or one section of it, as clean text.

use std::io::{self, Write};

use anyhow::{Context, Result};
use noteseek::notes_folder;

use super::{note_titled, synced_index, warn, Status};
use crate::args::Vault;
use crate::cli::ShowArgs;
use crate::printer::sanitize;
use crate::render;

pub fn show_note(vault: &Vault, args: &ShowArgs) -> Result<Status> {
    let title = args.title.join(" ");
    let index = synced_index(vault)?;
    let path = note_titled(&index.snapshot()?, &title, "showing")?;
    let loaded = notes_folder::load(&vault.notes, &path)?;
    if let Some(damage) = &loaded.damage {
        warn(format_args!("{path}: {damage}"));
    }
    let sections = render::select_sections(&loaded.note, args.section.as_deref())?;
    let rendered = render::render(&loaded.note, &sections, args.section.is_none());
    let mut out = io::stdout().lock();
    out.write_all(sanitize(&rendered).as_bytes())
        .and_then(|_| out.flush())
        .context("writing to stdout")?;
    Ok(Status::Found)
}
