//! `noteseek related`: the topics to revise together with a note, ranked, with the reasons.

use anyhow::{Context, Result};
use noteseek::related;

use super::links::{note_graph, printer};
use super::Status;
use crate::args::Vault;
use crate::cli::RelatedArgs;

pub fn print_related(vault: &Vault, args: &RelatedArgs) -> Result<Status> {
    let title = args.title.join(" ");
    let (graph, id) = note_graph(vault, &args.graph, &title)?;
    let found = related::related(&graph, id, args.limit as usize);
    let mut printer = printer(vault, &args.graph);
    for (rank, related) in found.iter().enumerate() {
        printer
            .related(&graph, rank + 1, related)
            .context("writing to stdout")?;
    }
    printer.finish().context("writing to stdout")?;
    Ok(Status::of(!found.is_empty()))
}
