//! Saves seen as they happen, before the debouncer passes them on: since when changes wait to be
//! applied. The debouncer holds events until a burst is over (`--debounce`); meanwhile the token
//! says changes are waiting (so a lagging watcher is seen) and a served search waits for them to
//! be applied instead of answering from the index as it was.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{Config, EventHandler, RecommendedWatcher, RecursiveMode, Watcher, WatcherKind};

/// Changes seen and not yet applied, shared by the file watcher's thread, the watching loop, the
/// heartbeat and the thread answering searches.
///
/// Each path written is waiting from when the file watcher reports it until a batch from the
/// debouncer names it and that batch is applied. A path the debouncer drops (a temporary file
/// created and deleted within the debounce) stops waiting a little after its batch would have
/// come.
#[derive(Debug)]
pub(super) struct Unapplied {
    /// Times in nanoseconds since `base`.
    base: Instant,
    /// Paths waiting, with when each was first seen (ns since `base`, and ms since the epoch).
    waiting: Mutex<HashMap<PathBuf, (u64, u64)>>,
    applying: AtomicBool,
    debounce: Duration,
    index_dir: PathBuf,
    notes: PathBuf,
    /// The number of the last barrier file written, and of the highest one seen (see
    /// [`Unapplied::catch_up`]).
    barrier_written: AtomicU64,
    barrier_seen: AtomicU64,
}

/// How late past its debounce a batch may come before the changes it would take up are deemed
/// dropped by the debouncer.
const GRACE: Duration = Duration::from_millis(250);

impl Unapplied {
    pub(super) fn new(index_dir: &Path, notes: &Path, debounce: Duration) -> Arc<Unapplied> {
        Arc::new(Unapplied {
            base: Instant::now(),
            waiting: Mutex::new(HashMap::new()),
            applying: AtomicBool::new(false),
            debounce,
            index_dir: index_dir.to_path_buf(),
            notes: notes.to_path_buf(),
            barrier_written: AtomicU64::new(0),
            barrier_seen: AtomicU64::new(0),
        })
    }

    fn now(&self) -> u64 {
        self.base.elapsed().as_nanos() as u64
    }

    fn saw(&self, event: &notify::Event) {
        let barrier = event.paths.iter().find_map(|p| {
            let name = p.file_name()?.to_str()?;
            name.strip_prefix(BARRIER_PREFIX)?.parse::<u64>().ok()
        });
        if let Some(number) = barrier {
            self.barrier_seen.fetch_max(number, Ordering::AcqRel);
            return;
        }
        if super::relevant(event, &self.index_dir, &self.notes) {
            let seen = (self.now(), super::now_ms());
            let mut waiting = self.waiting.lock().unwrap();
            for path in &event.paths {
                waiting.entry(path.clone()).or_insert(seen);
            }
        }
    }

    /// A batch from the debouncer is being applied: the paths it names no longer wait.
    pub(super) fn applying<'a>(&self, paths: impl IntoIterator<Item = &'a PathBuf>) {
        self.applying.store(true, Ordering::Release);
        let mut waiting = self.waiting.lock().unwrap();
        for path in paths {
            waiting.remove(path);
        }
    }

    pub(super) fn applied(&self) {
        self.applying.store(false, Ordering::Release);
    }

    /// When the oldest path still waiting was first seen (ns since `base`, ms since the epoch);
    /// paths the debouncer dropped are forgotten.
    fn oldest(&self) -> Option<(u64, u64)> {
        let window = self.debounce.as_nanos() as u64;
        let expired = (window + window / 4 + GRACE.as_nanos() as u64) as i128;
        let now = self.now() as i128;
        let mut waiting = self.waiting.lock().unwrap();
        waiting.retain(|_, (seen, _)| now - (*seen as i128) < expired);
        waiting.values().copied().min()
    }

    /// Whether every change seen has been applied.
    fn settled(&self) -> bool {
        !self.applying.load(Ordering::Acquire) && self.oldest().is_none()
    }

    /// Since when changes wait, if any (ms since the epoch).
    pub(super) fn since_ms(&self) -> Option<u64> {
        self.oldest().map(|(_, ms)| ms)
    }

    /// Waits until the file watcher has passed on every event that happened before now: the
    /// kernel queues a watcher's events in order, so once the barrier file written here is seen,
    /// so was every save before it (a save just before a search may otherwise still be in the
    /// queue when the search arrives). At most `limit`; whether it was seen.
    pub(super) fn catch_up(&self, limit: Duration) -> bool {
        let number = self.barrier_written.fetch_add(1, Ordering::AcqRel) + 1;
        let file = self.index_dir.join(format!("{BARRIER_PREFIX}{number}"));
        if std::fs::write(&file, b"").is_err() {
            return false;
        }
        let started = Instant::now();
        let mut seen = true;
        while self.barrier_seen.load(Ordering::Acquire) < number {
            if started.elapsed() >= limit {
                seen = false;
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let _ = std::fs::remove_file(&file);
        seen
    }

    /// Waits, at most `limit`, until every change seen has been applied; whether they were.
    /// A change a debounce longer than the limit holds is not waited for at all.
    pub(super) fn settle(&self, limit: Duration) -> bool {
        let started = Instant::now();
        if let Some((seen, _)) = self.oldest() {
            let due = seen + self.debounce.as_nanos() as u64 * 5 / 4;
            if due > self.now() + limit.as_nanos() as u64 {
                return false;
            }
        }
        loop {
            if self.settled() {
                return true;
            }
            if started.elapsed() >= limit {
                return false;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

/// Files in the index folder a served search writes before it looks at what is waiting,
/// numbered (`.noteseek-watch.barrier-7`): a late event of an earlier one is not taken for its.
const BARRIER_PREFIX: &str = ".noteseek-watch.barrier-";

/// The [`Unapplied`] the next [`Tapped`] watcher reports to (the debouncer creates its watcher
/// itself, with no way to hand it more than an event handler).
static NEXT: Mutex<Option<Arc<Unapplied>>> = Mutex::new(None);

/// Makes the next [`Tapped`] watcher report to `unapplied`.
pub(super) fn report_to(unapplied: &Arc<Unapplied>) {
    *NEXT.lock().unwrap() = Some(Arc::clone(unapplied));
}

/// The platform's file watcher, telling an [`Unapplied`] of each event before passing it on.
pub(super) struct Tapped(RecommendedWatcher);

impl Watcher for Tapped {
    fn new<F: EventHandler>(mut handler: F, config: Config) -> notify::Result<Self> {
        let tap = NEXT.lock().unwrap().take();
        RecommendedWatcher::new(
            move |event: notify::Result<notify::Event>| {
                if let (Some(tap), Ok(event)) = (&tap, &event) {
                    tap.saw(event);
                }
                handler.handle_event(event)
            },
            config,
        )
        .map(Tapped)
    }

    fn watch(&mut self, path: &Path, recursive_mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, recursive_mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn configure(&mut self, option: Config) -> notify::Result<bool> {
        self.0.configure(option)
    }

    fn kind() -> WatcherKind {
        RecommendedWatcher::kind()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, EventKind};

    #[test]
    fn a_save_waits_until_a_batch_naming_it_is_applied() {
        let dir = tempfile::tempdir().unwrap();
        let unapplied = Unapplied::new(
            &dir.path().join("index"),
            dir.path(),
            Duration::from_secs(1),
        );
        assert!(unapplied.settle(Duration::ZERO));
        let note = dir.path().join("노트.md");
        let save = notify::Event::new(EventKind::Create(CreateKind::File)).add_path(note.clone());
        unapplied.saw(&save);
        assert!(unapplied.since_ms().is_some());
        // A batch of other paths does not take it up.
        unapplied.applying([&dir.path().join("다른.md")]);
        unapplied.applied();
        assert!(!unapplied.settle(Duration::ZERO));
        unapplied.applying([&note]);
        assert!(!unapplied.settle(Duration::ZERO));
        unapplied.applied();
        assert!(unapplied.settle(Duration::ZERO));
        assert_eq!(unapplied.since_ms(), None);
        // What the index writes is not a change of the notes.
        let commit = notify::Event::new(EventKind::Create(CreateKind::File))
            .add_path(dir.path().join("index/meta.json"));
        unapplied.saw(&commit);
        assert!(unapplied.settle(Duration::ZERO));
    }

    #[test]
    fn a_save_held_longer_than_a_search_may_wait_is_not_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let unapplied = Unapplied::new(
            &dir.path().join("index"),
            dir.path(),
            Duration::from_secs(60),
        );
        let save = notify::Event::new(EventKind::Create(CreateKind::File))
            .add_path(dir.path().join("노트.md"));
        unapplied.saw(&save);
        let started = Instant::now();
        assert!(!unapplied.settle(Duration::from_secs(30)));
        assert!(started.elapsed() < Duration::from_secs(30));
    }

    #[test]
    fn a_save_the_debouncer_dropped_is_waited_for_only_a_little() {
        let dir = tempfile::tempdir().unwrap();
        let unapplied = Unapplied::new(
            &dir.path().join("index"),
            dir.path(),
            Duration::from_millis(20),
        );
        let temporary = notify::Event::new(EventKind::Create(CreateKind::File))
            .add_path(dir.path().join("4913"));
        unapplied.saw(&temporary);
        assert!(!unapplied.settle(Duration::ZERO));
        // No batch ever comes: the wait ends after debounce, a tick and the grace.
        assert!(unapplied.settle(Duration::from_secs(5)));
    }
}
