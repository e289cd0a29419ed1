//! `noteseek open`: the best hit, in the user's editor at the matched line.

use std::io::{self, Write};

use anyhow::{Context, Result};
use noteseek::editor::EditorCommand;

use super::search::search_once;
use super::Status;
use crate::args::Vault;
use crate::cli::OpenArgs;

pub fn open_note(vault: &Vault, args: &OpenArgs) -> Result<Status> {
    // Before searching: a missing editor is a setup error whatever the query finds.
    let editor = vault.editor()?;
    let text = args.query.join(" ");
    let options = vault.search_options(1, args.section.as_deref(), &args.tags)?;
    let results = search_once(vault, &text, &options, true)?;
    let Some(hit) = results.hits.first() else {
        return Ok(Status::NotFound);
    };
    let command = EditorCommand::new(&editor, &vault.notes.join(&hit.path), hit.line)?;
    if args.print {
        let mut out = io::stdout().lock();
        writeln!(out, "{}", command.shell_line())
            .and_then(|_| out.flush())
            .context("writing to stdout")?;
        return Ok(Status::Found);
    }
    command.run(None)?;
    Ok(Status::Found)
}
