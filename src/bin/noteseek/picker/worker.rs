//! Searching off the input thread: typing never waits for a search. The worker answers only
//! the newest request it has (requests queued behind it are skipped), and the picker drops any
//! answer older than the query on screen, so a slow search lets the list catch up instead of
//! lagging behind the keys.

use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use noteseek::index::build;
use noteseek::index::{NoteIndex, Snapshot};
use noteseek::query;
use noteseek::search;
use noteseek::section::SectionKind;

use super::state::Listing;
use crate::args::Vault;

/// A search to run.
struct Request {
    id: u64,
    text: String,
    filter: Option<SectionKind>,
    /// Bring the index up to date first (the editor may have changed a note).
    refresh: bool,
}

/// A search's answer.
pub struct Reply {
    pub id: u64,
    pub listing: Listing,
    /// How long the search itself took (the timing log reports it beside the whole delay).
    pub searched: Duration,
    /// It answers the same query again after the editor: keep the selected note.
    pub refreshed: bool,
}

/// The search thread, seen from the picker.
pub struct Worker {
    requests: Sender<Request>,
    replies: Receiver<Reply>,
    /// The id of the newest request; answers to older ones are stale.
    latest: u64,
    /// Whether the answer to the newest request is still to come.
    waiting: bool,
}

impl Worker {
    /// Starts the thread on the vault's open index. `options` are the search's; the section
    /// filter is set per request.
    pub fn start(index: NoteIndex, vault: Vault, options: search::Options) -> Result<Worker> {
        let (requests, inbox) = mpsc::channel();
        let (outbox, replies) = mpsc::channel();
        thread::Builder::new()
            .name("noteseek-search".into())
            .spawn(move || serve(index, vault, options, inbox, outbox))
            .context("starting the search thread")?;
        Ok(Worker {
            requests,
            replies,
            latest: 0,
            waiting: false,
        })
    }

    /// Asks for a search; returns its id. Earlier requests become stale.
    pub fn search(&mut self, text: &str, filter: Option<SectionKind>, refresh: bool) -> u64 {
        self.latest += 1;
        self.waiting = true;
        // A send fails only when the thread is gone, and it goes only by panicking, which the
        // panic hook reports; the picker then simply gets no answers.
        let _ = self.requests.send(Request {
            id: self.latest,
            text: text.to_string(),
            filter,
            refresh,
        });
        self.latest
    }

    /// Makes every answer still to come stale (the query was cleared).
    pub fn drop_pending(&mut self) {
        self.latest += 1;
        self.waiting = false;
    }

    /// Whether the answer to the newest request is still to come.
    pub fn waiting(&self) -> bool {
        self.waiting
    }

    /// The answer to the newest request, if it has come; stale answers are dropped.
    pub fn reply(&mut self) -> Option<Reply> {
        loop {
            match self.replies.try_recv() {
                Ok(reply) if reply.id == self.latest => {
                    self.waiting = false;
                    return Some(reply);
                }
                Ok(_stale) => continue,
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return None,
            }
        }
    }
}

fn serve(
    mut index: NoteIndex,
    vault: Vault,
    options: search::Options,
    inbox: Receiver<Request>,
    outbox: Sender<Reply>,
) {
    let mut snapshot = index.snapshot();
    // Load the dictionary now, not on the first key (an error surfaces with the first search).
    let _ = noteseek::analysis::KoreanAnalyzer::shared();
    while let Ok(mut request) = inbox.recv() {
        // Only the newest request matters; a refresh asked for on the way still happens.
        let mut refresh = request.refresh;
        while let Ok(newer) = inbox.try_recv() {
            refresh |= newer.refresh;
            request = newer;
        }
        if refresh {
            // A failed update (another process holds the index) keeps the last snapshot.
            if let Ok((updated, _)) = build::update(&vault.build_options()) {
                index = updated;
                snapshot = index.snapshot();
            }
        }
        let started = Instant::now();
        let listing = match &snapshot {
            Ok(snapshot) => listing(snapshot, &request.text, request.filter, &options),
            Err(err) => Listing::Failed(err.to_string()),
        };
        let reply = Reply {
            id: request.id,
            listing,
            searched: started.elapsed(),
            refreshed: request.refresh,
        };
        if outbox.send(reply).is_err() {
            return;
        }
    }
}

/// The hits for `text` in `filter`'s section, as the list shows them.
pub fn listing(
    snapshot: &Snapshot,
    text: &str,
    filter: Option<SectionKind>,
    options: &search::Options,
) -> Listing {
    let options = search::Options {
        section: filter.map(Into::into),
        ..options.clone()
    };
    match query::parse(text).and_then(|q| search::search(snapshot, &q, &options)) {
        Err(err) => Listing::Failed(err.to_string()),
        Ok(results) if results.empty_query => Listing::NoWords,
        Ok(results) => Listing::Hits {
            hits: results.hits,
            relaxed: results.relaxed,
        },
    }
}
