//! Running each subcommand: the glue between the parsed flags, the engine and the printers.

mod index;
mod links;
mod open;
mod pick;
mod related;
mod search;
mod show;
mod watch;

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::Result;
use noteseek::index::build::{self, Mode, Summary};
use noteseek::index::{IndexState, NoteIndex, Snapshot};
use noteseek::watch::Health;
use noteseek::{titles, Error};

use crate::args::Vault;
use crate::cli::{Cli, Command};

/// How a command ended, as grep and ripgrep report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Something was found (exit 0).
    Found,
    /// Nothing was found (exit 1).
    NotFound,
    /// The picker was left without a choice (Esc, Ctrl-C: 130, as fzf) or ended by a signal
    /// (128 + its number, as a shell reports it).
    Interrupted(u8),
}

impl Status {
    pub fn exit_code(self) -> u8 {
        match self {
            Status::Found => 0,
            Status::NotFound => 1,
            Status::Interrupted(code) => code,
        }
    }

    fn of(found: bool) -> Status {
        if found {
            Status::Found
        } else {
            Status::NotFound
        }
    }
}

/// Runs the command the flags name.
pub fn dispatch(cli: Cli) -> Result<Status> {
    match &cli.command {
        Command::Index(args) => index::update_index(&Vault::new(&cli, None), args),
        Command::Search(args) => {
            search::search_notes(&Vault::new(&cli, Some(&args.freshness)), args)
        }
        Command::Show(args) => show::show_note(&Vault::new(&cli, Some(&args.freshness)), args),
        Command::Watch(args) => watch::watch_notes(&Vault::new(&cli, None), args),
        Command::Links(args) => {
            links::print_links(&Vault::new(&cli, Some(&args.graph.freshness)), args)
        }
        Command::Related(args) => {
            related::print_related(&Vault::new(&cli, Some(&args.graph.freshness)), args)
        }
        Command::Pick(args) => pick::pick(&Vault::new(&cli, Some(&args.freshness)), args),
        Command::Open(args) => open::open_note(&Vault::new(&cli, Some(&args.freshness)), args),
    }
}

/// The path of the note a title given by the user names (as [`titles::resolve`]); when several
/// notes share it, the first, with a warning.
fn note_titled(snapshot: &Snapshot, title: &str, doing: &str) -> noteseek::Result<String> {
    let mut paths = titles::resolve(snapshot, title)?;
    if paths.len() > 1 {
        warn(format_args!(
            "{} notes are titled `{title}`: {}; {doing} the first",
            paths.len(),
            paths.join(", ")
        ));
    }
    Ok(paths.swap_remove(0))
}

fn warn(message: impl std::fmt::Display) {
    eprintln!("noteseek: warning: {message}");
}

fn report_warnings(summary: &Summary) {
    for warning in &summary.warnings {
        warn(warning);
    }
}

/// How long `index` waits for another process's writer lock.
const INDEX_LOCK_TIMEOUT: Duration = Duration::from_secs(30);

/// Tells a person at a terminal why `index` pauses.
fn say_waiting() {
    if std::io::stderr().is_terminal() {
        eprintln!("noteseek: another noteseek process is writing the index; waiting for it…");
    }
}

/// Opens the index for reading, building or updating it first when the notes changed.
///
/// When the index cannot be updated now (another process holds it, or its folder is read-only)
/// but a current index exists, reading goes on from its last committed state.
fn synced_index(vault: &Vault) -> noteseek::Result<NoteIndex> {
    let trusted = vault.trust_index
        || match noteseek::watch::health(&vault.index, &vault.notes) {
            Health::Healthy(_) => true,
            Health::Absent => false,
            Health::Unhealthy(why) => {
                warn(format_args!("{why}; checking every note"));
                false
            }
        };
    if trusted {
        if let IndexState::Current(index) = NoteIndex::inspect(&vault.index)? {
            return Ok(*index);
        }
    }
    let updated = build::update(&build::Options {
        progress: true,
        ..build::Options::new(&vault.notes, &vault.index)
    });
    let (index, summary) = match updated {
        Ok(done) => done,
        Err(err @ (Error::IndexLocked { .. } | Error::Io { .. } | Error::Tantivy(_))) => {
            let IndexState::Current(index) = NoteIndex::inspect(&vault.index)? else {
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
            vault.notes.display(),
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

/// The mode of an `index` run.
fn mode(rebuild: bool) -> Mode {
    if rebuild {
        Mode::Rebuild
    } else {
        Mode::Incremental
    }
}
