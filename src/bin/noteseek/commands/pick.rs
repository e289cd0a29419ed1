//! `noteseek pick` (and bare `noteseek` at a terminal): the interactive picker; Ctrl-O prints
//! the choice on stdout.

use std::io::{self, Write};

use anyhow::{Context, Result};

use super::{synced_index, Status};
use crate::args::Vault;
use crate::cli::PickArgs;
use crate::picker::template::Template;
use crate::picker::{self, Outcome};

/// Hits the list holds: several pages, while a search per keystroke stays fast.
const LIST_LIMIT: usize = 50;

/// The exit status of a picker left with Esc or Ctrl-C (fzf's).
const CANCELLED: u8 = 130;

pub fn pick(vault: &Vault, args: &PickArgs) -> Result<Status> {
    // A wrong template is found before the picker takes the screen.
    let template = Template::parse(&args.print)?;
    let options = vault.search_options(LIST_LIMIT, None, &[])?;
    let index = synced_index(vault)?;
    match picker::run(vault, index, options, &args.query.join(" "))? {
        Outcome::Chosen(hit) => {
            let mut out = io::stdout().lock();
            writeln!(out, "{}", template.fill(&hit, &vault.notes))
                .and_then(|_| out.flush())
                .context("writing to stdout")?;
            Ok(Status::Found)
        }
        Outcome::Cancelled => Ok(Status::Interrupted(CANCELLED)),
        Outcome::Signalled(signal) => Ok(Status::Interrupted(128 + signal as u8)),
    }
}
