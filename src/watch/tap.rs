//! Saves seen as they happen, before the debouncer passes them on: since when changes wait to be
//! applied. The debouncer holds events until a burst is over (`--debounce`); meanwhile the token
//! says changes are waiting (so a lagging watcher is seen) and a served search waits for them to
//! be applied instead of answering from the index as it was.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{Config, EventHandler, RecommendedWatcher, RecursiveMode, Watcher, WatcherKind};

/// Changes seen and not yet applied, shared by the file watcher's thread, the watching loop, the
/// heartbeat and the thread answering searches.
///
/// The debouncer passes an event on once its path has been quiet for the debounce time (checked
/// every quarter of it), so a change seen at `t` is taken up by a batch received after
/// `t + debounce`; when the debouncer drops one (a temporary file created and deleted within the
/// debounce), nothing is taken up, and the wait ends a little after the batch would have come.
#[derive(Debug)]
pub(super) struct Unapplied {
    /// Times in nanoseconds since `base`; 0 is never.
    base: Instant,
    last_seen: AtomicU64,
    last_taken: AtomicU64,
    /// The first change seen since changes last settled, for the watcher's token (ms since the
    /// epoch), or 0.
    first_seen_ms: AtomicU64,
    applying: AtomicBool,
    debounce: Duration,
    index_dir: PathBuf,
    notes: PathBuf,
}

/// How late past its debounce a batch may come before the changes it would take up are deemed
/// dropped by the debouncer.
const GRACE: Duration = Duration::from_millis(250);

impl Unapplied {
    pub(super) fn new(index_dir: &Path, notes: &Path, debounce: Duration) -> Arc<Unapplied> {
        Arc::new(Unapplied {
            base: Instant::now(),
            last_seen: AtomicU64::new(0),
            last_taken: AtomicU64::new(0),
            first_seen_ms: AtomicU64::new(0),
            applying: AtomicBool::new(false),
            debounce,
            index_dir: index_dir.to_path_buf(),
            notes: notes.to_path_buf(),
        })
    }

    fn now(&self) -> u64 {
        (self.base.elapsed().as_nanos() as u64).max(1)
    }

    fn saw(&self, event: &notify::Event) {
        if super::relevant(event, &self.index_dir, &self.notes) {
            self.last_seen.fetch_max(self.now(), Ordering::AcqRel);
            let now_ms = super::now_ms().max(1);
            let _ =
                self.first_seen_ms
                    .compare_exchange(0, now_ms, Ordering::AcqRel, Ordering::Acquire);
        }
    }

    /// A batch from the debouncer is being applied: it takes up every change seen at least a
    /// debounce ago. When that is every change seen, nothing waits any more (a change seen
    /// since keeps the wait going from its first: conservative, a search then checks notes).
    pub(super) fn applying(&self) {
        self.applying.store(true, Ordering::Release);
        let now = self.now();
        self.last_taken.store(now, Ordering::Release);
        if self.last_seen.load(Ordering::Acquire) + self.debounce.as_nanos() as u64 <= now {
            self.first_seen_ms.store(0, Ordering::Release);
        }
    }

    pub(super) fn applied(&self) {
        self.applying.store(false, Ordering::Release);
    }

    /// Whether every change seen has been applied.
    fn settled(&self) -> bool {
        if self.applying.load(Ordering::Acquire) {
            return false;
        }
        let seen = self.last_seen.load(Ordering::Acquire);
        if seen == 0 {
            return true;
        }
        let window = self.debounce.as_nanos() as u64;
        let taken = self.last_taken.load(Ordering::Acquire);
        let overdue = seen + window + (window / 4) + GRACE.as_nanos() as u64;
        taken >= seen + window || self.now() >= overdue
    }

    /// Since when changes wait, if any (ms since the epoch).
    pub(super) fn since_ms(&self) -> Option<u64> {
        if self.settled() {
            self.first_seen_ms.store(0, Ordering::Release);
            return None;
        }
        Some(self.first_seen_ms.load(Ordering::Acquire)).filter(|&ms| ms != 0)
    }

    /// Waits, at most `limit`, until every change seen has been applied; whether they were.
    pub(super) fn settle(&self, limit: Duration) -> bool {
        let started = Instant::now();
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
    fn a_save_waits_until_a_batch_after_its_debounce_is_applied() {
        let dir = tempfile::tempdir().unwrap();
        let debounce = Duration::from_millis(200);
        let unapplied = Unapplied::new(&dir.path().join("index"), dir.path(), debounce);
        assert!(unapplied.settle(Duration::ZERO));
        let save = notify::Event::new(EventKind::Create(CreateKind::File))
            .add_path(dir.path().join("노트.md"));
        unapplied.saw(&save);
        assert!(unapplied.since_ms().is_some());
        // A batch taken before the save's debounce is over does not hold it.
        unapplied.applying();
        unapplied.applied();
        assert!(!unapplied.settle(Duration::ZERO));
        std::thread::sleep(debounce);
        unapplied.applying();
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
