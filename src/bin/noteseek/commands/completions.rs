//! `noteseek completions SHELL`: the script that registers noteseek's completion with a shell.
//! The shell then calls noteseek back for each Tab (see [`crate::complete`]).

use std::io::{self, Write};

use anyhow::{Context, Result};

use super::Status;
use crate::cli::CompletionsArgs;
use crate::complete;

pub fn print_script(args: &CompletionsArgs) -> Result<Status> {
    let mut script = Vec::new();
    complete::write_registration(args.shell, &mut script)?;
    let mut out = io::stdout().lock();
    out.write_all(&script)
        .and_then(|_| out.flush())
        .context("writing to stdout")?;
    Ok(Status::Found)
}
