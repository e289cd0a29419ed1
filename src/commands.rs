//! Running each subcommand: the glue between the CLI, the index, search and the printers.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::cli::{Cli, Command, IndexArgs, SearchArgs, ShowArgs};
use crate::error::{Error, Result};
use crate::index::build::{self, Mode, Summary};
use crate::index::NoteIndex;
use crate::printer::files::FilesPrinter;
use crate::printer::human::HumanPrinter;
use crate::printer::json::JsonPrinter;
use crate::printer::Printer;
use crate::section::{self, SectionKind};
use crate::{notes_folder, query, search, show};

/// How a command ended, as grep and ripgrep report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Something was found (exit 0).
    Found,
    /// Nothing was found (exit 1).
    NotFound,
}

impl Outcome {
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Found => 0,
            Outcome::NotFound => 1,
        }
    }
}

pub fn run(cli: Cli) -> Result<Outcome> {
    match &cli.command {
        Command::Index(args) => index(&cli, args),
        Command::Search(args) => search(&cli, args),
        Command::Show(args) => show(&cli, args),
    }
}

fn warn(message: impl std::fmt::Display) {
    eprintln!("noteseek: warning: {message}");
}

fn report_warnings(summary: &Summary) {
    for warning in &summary.warnings {
        warn(warning);
    }
}

fn index(cli: &Cli, args: &IndexArgs) -> Result<Outcome> {
    let mode = if args.rebuild {
        Mode::Rebuild
    } else {
        Mode::Incremental
    };
    let (_, summary) = build::update(&build::Options {
        notes_dir: &cli.notes,
        index_dir: &cli.index,
        mode,
        progress: true,
    })?;
    report_warnings(&summary);
    let skipped = if summary.warnings.is_empty() {
        String::new()
    } else {
        format!(", {} warnings", summary.warnings.len())
    };
    eprintln!(
        "indexed {} notes in {:.2} s: {} added, {} updated, {} removed, {} sections analysed{}",
        summary.notes,
        summary.elapsed.as_secs_f64(),
        summary.added,
        summary.updated,
        summary.removed,
        summary.sections,
        skipped
    );
    Ok(Outcome::Found)
}

/// Opens the index for reading, building or updating it first when the notes changed.
fn synced_index(cli: &Cli) -> Result<NoteIndex> {
    let (index, summary) = build::update(&build::Options {
        notes_dir: &cli.notes,
        index_dir: &cli.index,
        mode: Mode::Incremental,
        progress: true,
    })?;
    report_warnings(&summary);
    if summary.rebuilt {
        eprintln!(
            "noteseek: indexed {} notes from {} in {:.2} s",
            summary.notes,
            cli.notes.display(),
            summary.elapsed.as_secs_f64()
        );
    } else if summary.changed() {
        eprintln!(
            "noteseek: notes changed, index updated ({} added, {} updated, {} removed)",
            summary.added, summary.updated, summary.removed
        );
    }
    Ok(index)
}

fn section_arg(name: Option<&str>) -> Result<Option<SectionKind>> {
    name.map(|name| {
        SectionKind::from_user_name(name).ok_or_else(|| Error::UnknownSection {
            name: name.to_string(),
            valid: section::valid_names(),
        })
    })
    .transpose()
}

fn search(cli: &Cli, args: &SearchArgs) -> Result<Outcome> {
    let section = section_arg(args.section.as_deref())?;
    let text = args.query.join(" ");
    let parsed = query::parse(&text)?;
    let index = synced_index(cli)?;
    let reader = index.reader()?;
    let options = search::Options {
        limit: args.limit,
        section,
        tags: args.tags.clone(),
    };
    let outcome = search::search(&index, &reader, &parsed, &options)?;
    if outcome.empty_query {
        warn(format_args!(
            "`{text}` has no searchable words (only particles, endings or punctuation)"
        ));
        return Ok(Outcome::NotFound);
    }
    let stdout = io::stdout();
    let out = BufWriter::new(stdout.lock());
    let mut printer: Box<dyn Printer> = if args.json {
        Box::new(JsonPrinter::new(out, &cli.notes, false))
    } else if args.files {
        Box::new(FilesPrinter::new(out, &cli.notes))
    } else {
        if outcome.relaxed {
            eprintln!("noteseek: no note has every word; showing notes with some of them");
        }
        Box::new(HumanPrinter::new(out, &cli.notes, args.color.enabled()))
    };
    for hit in &outcome.hits {
        printer
            .hit(&text, hit)
            .map_err(|e| Error::io(Path::new("<stdout>"), e))?;
    }
    printer
        .end_query(&text, outcome.hits.len())
        .and_then(|_| {
            drop(printer);
            io::stdout().flush()
        })
        .map_err(|e| Error::io(Path::new("<stdout>"), e))?;
    Ok(if outcome.hits.is_empty() {
        Outcome::NotFound
    } else {
        Outcome::Found
    })
}

fn show(cli: &Cli, args: &ShowArgs) -> Result<Outcome> {
    let title = args.title.join(" ");
    let index = synced_index(cli)?;
    let reader = index.reader()?;
    let paths = show::resolve_title(&index, &reader, &title)?;
    if paths.len() > 1 {
        warn(format_args!(
            "{} notes are titled `{title}`: {}; showing the first",
            paths.len(),
            paths.join(", ")
        ));
    }
    let rel_path = &paths[0];
    let abs_path = cli.notes.join(rel_path);
    let bytes = std::fs::read(&abs_path).map_err(|e| Error::io(&abs_path, e))?;
    let text = notes_folder::decode(bytes).map_err(|reason| {
        Error::io(
            &abs_path,
            io::Error::new(io::ErrorKind::InvalidData, reason),
        )
    })?;
    let note = crate::note::parse(&notes_folder::title_of(rel_path), &text);
    let sections = show::select_sections(&note, args.section.as_deref())?;
    let rendered = show::render(&note, &sections, args.section.is_none());
    let mut out = io::stdout().lock();
    out.write_all(crate::printer::sanitize(&rendered).as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| Error::io(Path::new("<stdout>"), e))?;
    Ok(Outcome::Found)
}
