//! `noteseek links`: a note's outgoing links and backlinks, or (`--broken`) every link in the
//! notes that names no note.

use std::io::{self, BufWriter};

use anyhow::{Context, Result};
use noteseek::links::{LinkGraph, NoteId};

use super::{synced_index, Status};
use crate::args::{color_enabled, Vault};
use crate::cli::{GraphArgs, LinksArgs};
use crate::printer::GraphPrinter;

pub fn print_links(vault: &Vault, args: &LinksArgs) -> Result<Status> {
    if args.broken {
        return print_broken(vault, &args.graph);
    }
    let (graph, id) = note_graph(vault, &args.graph, &args.title.join(" "))?;
    let outgoing = graph.outgoing(id);
    let backlinks = graph.backlinks(id);
    let mut printer = printer(vault, &args.graph);
    printer
        .note_links(&graph, id, &outgoing, &backlinks)
        .and_then(|_| printer.finish())
        .context("writing to stdout")?;
    Ok(Status::of(!outgoing.is_empty() || !backlinks.is_empty()))
}

/// `--broken`: every link that names no note, by path and line.
fn print_broken(vault: &Vault, args: &GraphArgs) -> Result<Status> {
    let index = synced_index(vault)?;
    let graph = LinkGraph::load(&index.snapshot()?, args.base_url.as_deref())?;
    let broken = graph.broken();
    let mut printer = printer(vault, args);
    for edge in &broken {
        printer.broken(&graph, edge).context("writing to stdout")?;
    }
    printer.finish().context("writing to stdout")?;
    Ok(Status::of(!broken.is_empty()))
}

/// The vault's topic graph, and the note `title` names in it (found as `show` finds it).
pub(super) fn note_graph(
    vault: &Vault,
    args: &GraphArgs,
    title: &str,
) -> Result<(LinkGraph, NoteId)> {
    let index = synced_index(vault)?;
    let snapshot = index.snapshot()?;
    let path = vault.resolve_note(&snapshot, title)?;
    let graph = LinkGraph::load(&snapshot, args.base_url.as_deref())?;
    let id = graph
        .id(&path)
        .with_context(|| format!("{path} is in the index but not among its notes"))?;
    Ok((graph, id))
}

/// The printer the flags ask for, on stdout.
pub(super) fn printer(
    vault: &Vault,
    args: &GraphArgs,
) -> GraphPrinter<BufWriter<io::StdoutLock<'static>>> {
    GraphPrinter::new(
        BufWriter::new(io::stdout().lock()),
        &vault.notes,
        args.json,
        color_enabled(args.color),
    )
}
