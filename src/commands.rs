//! Running each subcommand: the glue between the CLI, the index, search and the printers.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::cli::{Cli, Command, IndexArgs, SearchArgs, ShowArgs};
use crate::error::{Error, Result};
use crate::index::build::{self, Mode, Summary};
use crate::index::{IndexState, NoteIndex};
use crate::printer::files::FilesPrinter;
use crate::printer::human::HumanPrinter;
use crate::printer::json::JsonPrinter;
use crate::printer::Printer;
use crate::section::{self, SectionKind};
use crate::{notes_folder, query, search, show, titles};

/// How close a title must be to a query that found nothing to be suggested (0 to 1).
const DID_YOU_MEAN_SIMILARITY: f64 = 0.6;

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
    let strict_failure = args.strict && !summary.warnings.is_empty();
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
    if strict_failure {
        return Err(Error::Strict {
            warnings: summary.warnings.len(),
        });
    }
    Ok(Outcome::Found)
}

/// Opens the index for reading, building or updating it first when the notes changed.
///
/// When the index cannot be updated now (another `noteseek index` holds it, or its folder is
/// read-only) but a current index exists, searching goes on from its last committed state.
fn synced_index(cli: &Cli) -> Result<NoteIndex> {
    if cli.no_update {
        if let IndexState::Current(index) = NoteIndex::inspect(&cli.index)? {
            return Ok(*index);
        }
    }
    let updated = build::update(&build::Options {
        notes_dir: &cli.notes,
        index_dir: &cli.index,
        mode: Mode::Incremental,
        progress: true,
    });
    let (index, summary) = match updated {
        Ok(done) => done,
        Err(err @ (Error::IndexLocked { .. } | Error::Io { .. } | Error::Tantivy(_))) => {
            let IndexState::Current(index) = NoteIndex::inspect(&cli.index)? else {
                return Err(err);
            };
            warn(format_args!(
                "cannot update the index now ({err}); searching its last committed state"
            ));
            return Ok(*index);
        }
        Err(err) => return Err(err),
    };
    // Problems with files are news only when the index changed; `index` always lists them.
    if summary.changed() {
        report_warnings(&summary);
    }
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
    let options = search::Options {
        limit: args.limit,
        section,
        tags: args.tags.clone(),
    };
    if args.stdin {
        return search_batch(cli, &options);
    }
    let text = args.query.join(" ");
    let parsed = query::parse(&text)?;
    let index = synced_index(cli)?;
    let reader = index.reader()?;
    let outcome = search::search(&index, &reader, &parsed, &options)?;
    if outcome.empty_query {
        warn(format_args!(
            "`{text}` has no searchable words (only particles, endings or punctuation)"
        ));
        return Ok(Outcome::NotFound);
    }
    let out = BufWriter::new(io::stdout().lock());
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
    print_hits(printer.as_mut(), &text, &outcome.hits)?;
    finish(printer)?;
    if outcome.hits.is_empty() {
        let close = titles::closest(&index, &reader, &text, DID_YOU_MEAN_SIMILARITY)?;
        if !close.is_empty() {
            eprintln!(
                "noteseek: nothing found; did you mean: {}?",
                close.join(", ")
            );
        }
    }
    Ok(found(!outcome.hits.is_empty()))
}

/// `--stdin`: one query per line, JSON lines out; the index is opened and the analyzer built once.
/// A line that is not a valid query is reported on stderr and skipped.
fn search_batch(cli: &Cli, options: &search::Options) -> Result<Outcome> {
    use std::io::BufRead;
    let index = synced_index(cli)?;
    let reader = index.reader()?;
    let mut printer = JsonPrinter::new(BufWriter::new(io::stdout().lock()), &cli.notes, true);
    let mut any = false;
    for line in io::stdin().lock().lines() {
        let line = line.map_err(|e| Error::io(Path::new("<stdin>"), e))?;
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let outcome =
            query::parse(text).and_then(|parsed| search::search(&index, &reader, &parsed, options));
        match outcome {
            Ok(outcome) => {
                any |= !outcome.hits.is_empty();
                print_hits(&mut printer, text, &outcome.hits)?;
            }
            Err(err) => warn(format_args!("query `{text}`: {err}")),
        }
    }
    finish(Box::new(printer))?;
    Ok(found(any))
}

fn found(any: bool) -> Outcome {
    if any {
        Outcome::Found
    } else {
        Outcome::NotFound
    }
}

fn stdout_error(err: io::Error) -> Error {
    Error::io(Path::new("<stdout>"), err)
}

fn print_hits(printer: &mut dyn Printer, query: &str, hits: &[search::Hit]) -> Result<()> {
    for hit in hits {
        printer.hit(query, hit).map_err(stdout_error)?;
    }
    Ok(())
}

/// Drops the printer (flushing its buffer) and flushes stdout, so a closed pipe is seen here.
fn finish(printer: Box<dyn Printer + '_>) -> Result<()> {
    drop(printer);
    io::stdout().flush().map_err(stdout_error)
}

fn show(cli: &Cli, args: &ShowArgs) -> Result<Outcome> {
    let title = args.title.join(" ");
    let index = synced_index(cli)?;
    let reader = index.reader()?;
    let paths = titles::resolve(&index, &reader, &title)?;
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
        .map_err(stdout_error)?;
    Ok(Outcome::Found)
}
