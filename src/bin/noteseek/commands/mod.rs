//! Running each subcommand: the glue between the parsed flags, the engine and the printers.

mod catalog;
mod completions;
mod config;
mod index;
mod links;
mod man;
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
use noteseek::index::{IndexState, NoteIndex};
use noteseek::watch::Health;
use noteseek::Error;

use crate::args::Vault;
use crate::cli::{Cli, Command};
use crate::config::{resolve, Flags};

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

/// Runs the command the flags name. Settings are resolved only for commands that use them, so
/// that a broken config file never stands in the way of `completions` or `man`.
pub fn dispatch(cli: Cli, flags: &Flags) -> Result<Status> {
    let settings = || resolve(flags);
    match &cli.command {
        Command::Index(args) => index::update_index(&Vault::new(&settings()?, None), args),
        Command::Search(args) => {
            let settings = settings()?;
            search::search_notes(
                &Vault::new(&settings, Some(&args.freshness)),
                args,
                &settings,
            )
        }
        Command::Show(args) => {
            show::show_note(&Vault::new(&settings()?, Some(&args.freshness)), args)
        }
        Command::Watch(args) => watch::watch_notes(&Vault::new(&settings()?, None), args),
        Command::Links(args) => {
            links::print_links(&Vault::new(&settings()?, Some(&args.graph.freshness)), args)
        }
        Command::Related(args) => {
            related::print_related(&Vault::new(&settings()?, Some(&args.graph.freshness)), args)
        }
        Command::Pick(args) => pick::pick(&Vault::new(&settings()?, Some(&args.freshness)), args),
        Command::Open(args) => {
            open::open_note(&Vault::new(&settings()?, Some(&args.freshness)), args)
        }
        Command::List(args) => catalog::list_notes(
            &Vault::new(&settings()?, Some(&args.catalog.freshness)),
            args,
        ),
        Command::Tags(args) => {
            catalog::list_tags(&Vault::new(&settings()?, Some(&args.freshness)), args)
        }
        Command::Sections(args) => {
            catalog::list_sections(&Vault::new(&settings()?, Some(&args.freshness)), args)
        }
        Command::Config => config::print_settings(&settings()?),
        Command::Completions(args) => completions::print_script(args),
        Command::Man => man::print_page(),
    }
}

fn warn(message: impl std::fmt::Display) {
    eprintln!("noteseek: warning: {message}");
}

/// Why a search or a listing by tag found nothing: no note has the tag.
fn say_unknown_tag(tag: &str, closest: &[String]) {
    let hint = if closest.is_empty() {
        String::new()
    } else {
        format!("; closest tags: {}", closest.join(" "))
    };
    eprintln!("noteseek: no note has the tag `{tag}`{hint}");
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
    synced_index_trusting(vault, vault.trust_index || watched(vault))
}

/// Whether a healthy watcher keeps the index current, so that no note needs checking; says on
/// stderr why a watcher that runs or ran cannot be trusted (unless no check was asked for).
fn watched(vault: &Vault) -> bool {
    match noteseek::watch::health(&vault.index, &vault.notes, &vault.walk) {
        Health::Healthy(_) => true,
        Health::Absent => false,
        Health::Unhealthy(why) => {
            if !vault.trust_index {
                warn(format_args!("{why}; checking every note"));
            }
            false
        }
    }
}

/// [`synced_index`], with the check of every note skipped when `trusted`.
fn synced_index_trusting(vault: &Vault, trusted: bool) -> noteseek::Result<NoteIndex> {
    if trusted {
        if let IndexState::Current(index) = NoteIndex::inspect(&vault.index, vault.titles)? {
            return Ok(*index);
        }
    }
    let updated = build::update(&build::Options {
        progress: true,
        trust_folders: true,
        ..vault.build_options()
    });
    let (index, summary) = match updated {
        Ok(done) => done,
        Err(err @ (Error::IndexLocked { .. } | Error::Io { .. } | Error::Tantivy(_))) => {
            let IndexState::Current(index) = NoteIndex::inspect(&vault.index, vault.titles)? else {
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
            "noteseek: notes changed, index updated ({})",
            summary.counts()
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
