//! `noteseek pick`: search as you type, with a preview of the matched section.
//!
//! - [`state`]: the query, the list, the selection and what each key does (no terminal);
//! - [`view`]: drawing the state with ratatui;
//! - [`preview`]: the selected hit's section as `show` renders it, its matched words marked;
//! - [`worker`]: searching on a thread of its own, so typing never waits;
//! - [`terminal`]: holding `/dev/tty` and always giving it back;
//! - [`template`]: what Ctrl-O prints;
//! - [`timing`]: the per-keystroke timing log (`NOTESEEK_PICK_TIMING`).

pub mod preview;
pub mod state;
pub mod template;
pub mod terminal;
pub mod timing;
pub mod view;
pub mod worker;

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use noteseek::editor::EditorCommand;
use noteseek::index::NoteIndex;
use noteseek::search::{self, Hit};
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::args::Vault;
use preview::Previews;
use state::{Action, Listing, State};
use terminal::Session;
use timing::Timing;
use view::Theme;
use worker::Worker;

/// How the picker ended.
pub enum Outcome {
    /// Ctrl-O on this hit.
    Chosen(Box<Hit>),
    /// Esc or Ctrl-C.
    Cancelled,
    /// A signal (its number) asked it to end.
    Signalled(i32),
}

/// How long to wait for a key while a search is out: its answer is drawn at most this late.
const ANSWER_POLL: Duration = Duration::from_millis(1);
/// How long to wait for a key otherwise: how late a SIGTERM is noticed.
const IDLE_POLL: Duration = Duration::from_millis(100);

/// Runs the picker on the vault's open index, starting from `query`, until a choice, Esc or a
/// signal.
pub fn run(
    vault: &Vault,
    index: NoteIndex,
    options: search::Options,
    query: &str,
) -> Result<Outcome> {
    let mut timing = Timing::from_env()?;
    let theme = Theme::from_env();
    let mut worker = Worker::start(index, vault.clone(), options)?;
    let mut state = State::new(query);
    let mut previews = Previews::new(vault.notes.clone(), vault.titles);
    let mut session = Session::start()?;
    search(&mut state, &mut worker, &mut timing, Instant::now(), false);
    let mut dirty = true;
    loop {
        if let Some(signal) = session.signal() {
            return Ok(Outcome::Signalled(signal));
        }
        if dirty {
            let preview = state.selected_hit().map(|hit| previews.of(hit));
            session
                .terminal
                .draw(|frame| view::draw(frame, &mut state, preview, &vault.notes, theme))
                .context("drawing on the terminal")?;
            timing.drawn()?;
            dirty = false;
        }
        let wait = if worker.waiting() {
            ANSWER_POLL
        } else {
            IDLE_POLL
        };
        if event::poll(wait).context("reading the terminal")? {
            // Everything typed so far, then one search for where it leaves the query.
            let mut typed_at = None;
            loop {
                let at = Instant::now();
                match event::read().context("reading the terminal")? {
                    Event::Key(key) if key.kind != KeyEventKind::Release => match state.key(key) {
                        Action::None => {}
                        Action::Redraw => dirty = true,
                        Action::Search => {
                            typed_at.get_or_insert(at);
                            dirty = true;
                        }
                        Action::Open(hit) => {
                            open(&mut session, &mut state, &hit, vault)?;
                            previews.clear();
                            search(&mut state, &mut worker, &mut timing, at, true);
                            dirty = true;
                        }
                        Action::Print(hit) => return Ok(Outcome::Chosen(hit)),
                        Action::Quit => return Ok(Outcome::Cancelled),
                    },
                    Event::Resize(..) => dirty = true,
                    _ => {}
                }
                if !event::poll(Duration::ZERO).context("reading the terminal")? {
                    break;
                }
            }
            if let Some(at) = typed_at {
                search(&mut state, &mut worker, &mut timing, at, false);
            }
        }
        if let Some(reply) = worker.reply() {
            timing.arrived(reply.id, reply.searched, hits(&reply.listing));
            state.show(reply.listing, reply.refreshed);
            dirty = true;
        }
    }
}

/// Asks for the state's query, or clears the list when there is none. `refresh`: the same
/// query again after the editor, on an index brought up to date.
fn search(state: &mut State, worker: &mut Worker, timing: &mut Timing, at: Instant, refresh: bool) {
    if state.has_query() {
        let id = worker.search(state.query.text(), state.filter(), refresh);
        // The log is of typing; a refresh also updates the index.
        if !refresh {
            timing.typed(id, at, state.query.text());
        }
    } else {
        worker.drop_pending();
        state.show(Listing::Empty, false);
    }
}

fn hits(listing: &Listing) -> usize {
    match listing {
        Listing::Hits { hits, .. } => hits.len(),
        _ => 0,
    }
}

/// Opens `hit` in the editor on the terminal and comes back; a failure is shown in the
/// status line.
fn open(session: &mut Session, state: &mut State, hit: &Hit, vault: &Vault) -> Result<()> {
    let command = vault
        .editor()
        .and_then(|editor| EditorCommand::new(&editor, &vault.notes.join(&hit.path), hit.line));
    let ran = match command {
        Ok(command) => session.lend(|tty| command.run(Some(tty)))?,
        Err(err) => Err(err),
    };
    if let Err(err) = ran {
        state.message = Some(err.to_string());
    }
    Ok(())
}
