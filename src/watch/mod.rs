//! Keeping an index in step with its notes folder while notes are saved (`noteseek watch`), and
//! the token by which a search knows it can trust the index without checking every note — what
//! git's `core.fsmonitor` does for `git status`.
//!
//! The watcher holds an exclusive lock on `.noteseek-watch.lock` in the index folder for as long
//! as it runs (the operating system releases it when the process dies, however it dies) and
//! rewrites `.noteseek-watch.json` every [`HEARTBEAT`] with its pid, the notes folder, the time
//! and whether changes are waiting. A search trusts the index when the lock is held, the
//! heartbeat is fresh and no change has waited longer than [`LAG_AFTER`]; otherwise it checks every
//! note as it does without a watcher.
//!
//! Any batch of relevant events (a `.md` file or a folder changed, or the event queue
//! overflowed) brings the index up to date with the same incremental update as `noteseek index`,
//! so every way an editor saves, moves between folders and new folders full of notes are seen,
//! and the same files count as notes. The index writer is taken only for each commit.
//!
//! While it runs, the watcher also answers searches sent to it ([`serve`]), from an index it
//! keeps open and reloads after each commit.

use std::collections::HashSet;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, DebouncedEvent, RecommendedCache,
};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::index::build::{self, Summary};
use crate::note::TitleSource;
use crate::notes_folder::{WalkOptions, RULE_FILES};

#[cfg(unix)]
mod answerer;
#[cfg(unix)]
pub mod serve;
mod tap;

/// The token a watcher publishes in the index folder.
pub const TOKEN_FILE: &str = ".noteseek-watch.json";
/// The lock a watcher holds while it runs.
pub const LOCK_FILE: &str = ".noteseek-watch.lock";
/// How often the watcher rewrites its token.
pub const HEARTBEAT: Duration = Duration::from_millis(500);
/// A token older than this belongs to a watcher that hangs.
pub const STALE_AFTER: Duration = Duration::from_secs(3);
/// Changes waiting longer than this make the watcher lagging.
pub const LAG_AFTER: Duration = Duration::from_secs(2);
/// Quiet time that ends a burst of saves (one commit per burst).
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// What the watcher tells searches about itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub pid: u32,
    /// The notes folder watched, as an absolute path.
    pub notes: PathBuf,
    /// When the token was last written, in milliseconds since the epoch.
    pub heartbeat_ms: u64,
    /// Commits made so far.
    pub commits: u64,
    /// Since when changes have been waiting to be applied, if any.
    pub pending_since_ms: Option<u64>,
    /// Which files the watcher takes for notes: a search walking otherwise cannot trust it.
    #[serde(default)]
    pub walk: WalkOptions,
}

/// Whether a watcher keeps an index up to date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Health {
    /// No watcher runs for this index.
    Absent,
    /// A watcher runs and is current: searches may skip the check of every note.
    Healthy(Token),
    /// A watcher ran or runs but cannot be trusted now, and why.
    Unhealthy(String),
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// The notes folder as a watcher records it.
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Looks at the watcher of the index in `index_dir`, expected to watch `notes_dir` and take
/// the files `walk` takes for notes. Costs a file open, a lock probe and a small read. The
/// files a watcher that died left behind are removed when it is found dead, so that it is
/// reported once.
pub fn health(index_dir: &Path, notes_dir: &Path, walk: &WalkOptions) -> Health {
    let Ok(lock) = File::open(index_dir.join(LOCK_FILE)) else {
        return Health::Absent;
    };
    match lock.try_lock_shared() {
        Ok(()) => {
            // Nobody holds it: no watcher runs. A token left behind means one died; while the
            // lock is held here no new watcher can start and write its own.
            let died = std::fs::remove_file(index_dir.join(TOKEN_FILE)).is_ok();
            #[cfg(unix)]
            if died {
                let _ = std::fs::remove_file(index_dir.join(serve::SOCKET_FILE));
            }
            let _ = lock.unlock();
            if died {
                Health::Unhealthy("the watcher is no longer running".into())
            } else {
                Health::Absent
            }
        }
        Err(TryLockError::WouldBlock) => {
            let token: Option<Token> = std::fs::read(index_dir.join(TOKEN_FILE))
                .ok()
                .and_then(|bytes| serde_json::from_slice(&bytes).ok());
            let Some(token) = token else {
                return Health::Unhealthy("the watcher is starting".into());
            };
            let now = now_ms();
            // No watcher keeps a notes folder that is not there: the search fails next, with
            // the one line that says so.
            let Ok(notes) = std::fs::canonicalize(notes_dir) else {
                return Health::Absent;
            };
            if token.notes != notes {
                Health::Unhealthy(format!(
                    "the watcher watches {}, not this notes folder",
                    token.notes.display()
                ))
            } else if token.walk != *walk {
                Health::Unhealthy(format!(
                    "the watcher (pid {}) takes other files for notes (--hidden, --no-ignore, \
                     -L or the config file's ignore differ; restart it with this search's)",
                    token.pid
                ))
            } else if now.saturating_sub(token.heartbeat_ms) > STALE_AFTER.as_millis() as u64 {
                Health::Unhealthy(format!("the watcher (pid {}) does not answer", token.pid))
            } else if token
                .pending_since_ms
                .is_some_and(|since| now.saturating_sub(since) > LAG_AFTER.as_millis() as u64)
            {
                Health::Unhealthy(format!("the watcher (pid {}) is behind", token.pid))
            } else {
                Health::Healthy(token)
            }
        }
        Err(TryLockError::Error(e)) => {
            Health::Unhealthy(format!("cannot read the watcher's lock: {e}"))
        }
    }
}

/// What the watcher did, for its log.
#[derive(Debug)]
pub enum Event {
    /// Watching began; the index was brought up to date first.
    Started(Summary),
    /// Saved notes were applied.
    Updated(Summary),
    /// The event queue overflowed or the notes folder came back: everything was rescanned.
    Rescanned(String, Summary),
    /// The notes folder is gone; waiting for it.
    Waiting(String),
    /// An update failed; it is tried again with the next change.
    Failed(String),
    /// Searches cannot be answered by the watcher (they read the index themselves), and why.
    NotServing(String),
}

/// How to watch.
pub struct Options<'a> {
    pub notes_dir: &'a Path,
    pub index_dir: &'a Path,
    /// Quiet time that ends a burst of saves.
    pub debounce: Duration,
    /// Which files are notes, and where titles come from: as for `index`.
    pub walk: &'a WalkOptions,
    pub titles: TitleSource,
}

/// Shared between the watching loop and the heartbeat thread.
struct Shared {
    token: Token,
    dir: PathBuf,
    /// Saves the debouncer still holds: waiting too, so a long burst shows as lag.
    unapplied: Arc<tap::Unapplied>,
    /// Problems with files already in the log (each walk finds a skipped link again).
    reported: HashSet<(String, String)>,
}

impl Shared {
    fn write(&mut self) -> std::io::Result<()> {
        self.token.heartbeat_ms = now_ms();
        let mut token = self.token.clone();
        if let Some(seen) = self.unapplied.since_ms() {
            token.pending_since_ms = Some(token.pending_since_ms.map_or(seen, |p| p.min(seen)));
        }
        let temp = self.dir.join(format!("{TOKEN_FILE}.tmp"));
        std::fs::write(&temp, serde_json::to_vec(&token).unwrap_or_default())?;
        std::fs::rename(&temp, self.dir.join(TOKEN_FILE))
    }
}

/// Watches the notes folder until `stop` is set, keeping the index up to date and its token
/// fresh; `log` hears of each update. Refuses when another watcher runs for the index.
pub fn run(options: &Options, stop: &AtomicBool, log: &dyn Fn(Event)) -> Result<()> {
    if !options.notes_dir.is_dir() {
        return Err(Error::NotesMissing {
            path: options.notes_dir.to_path_buf(),
        });
    }
    let index_dir = options.index_dir;
    std::fs::create_dir_all(index_dir).map_err(|e| Error::io(index_dir, e))?;
    let lock_path = index_dir.join(LOCK_FILE);
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| Error::io(&lock_path, e))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            return Err(Error::WatcherRunning {
                path: index_dir.to_path_buf(),
            })
        }
        Err(TryLockError::Error(e)) => return Err(Error::io(&lock_path, e)),
    }
    let notes = absolute(options.notes_dir);
    let unapplied = tap::Unapplied::new(&absolute(index_dir), &notes, options.debounce);
    let shared = Arc::new(Mutex::new(Shared {
        token: Token {
            pid: std::process::id(),
            notes: notes.clone(),
            heartbeat_ms: now_ms(),
            commits: 0,
            // Until the first update, searches must not trust the index.
            pending_since_ms: Some(0),
            walk: options.walk.clone(),
        },
        dir: index_dir.to_path_buf(),
        unapplied: Arc::clone(&unapplied),
        reported: HashSet::new(),
    }));
    let result = watch_loop(options, &notes, stop, &shared, &unapplied, log);
    let _ = std::fs::remove_file(index_dir.join(TOKEN_FILE));
    let _ = lock.unlock();
    result
}

fn watch_loop(
    options: &Options,
    notes: &Path,
    stop: &AtomicBool,
    shared: &Arc<Mutex<Shared>>,
    unapplied: &Arc<tap::Unapplied>,
    log: &dyn Fn(Event),
) -> Result<()> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    tap::report_to(unapplied);
    let mut debouncer = new_debouncer_opt::<_, tap::Tapped, _>(
        options.debounce,
        None,
        tx,
        RecommendedCache::new(),
        notify::Config::default(),
    )
    .map_err(|e| Error::Watch(e.to_string()))?;
    // Watch first, then update: a note saved while the watcher starts is seen either way.
    debouncer
        .watch(notes, RecursiveMode::Recursive)
        .map_err(|e| Error::Watch(format!("{}: {e}", notes.display())))?;
    // The index folder too, alone, for the barrier file of served searches (tap::catch_up);
    // inside the notes folder it is watched already.
    let index_dir = absolute(options.index_dir);
    if !index_dir.starts_with(notes) {
        let _ = debouncer.watch(&index_dir, RecursiveMode::NonRecursive);
    }
    if !options.walk.no_ignore {
        for folder in rule_folders_above(notes) {
            // A folder that cannot be watched (no permission) only goes unwatched.
            let _ = debouncer.watch(&folder, RecursiveMode::NonRecursive);
        }
    }
    shared
        .lock()
        .unwrap()
        .write()
        .map_err(|e| Error::io(options.index_dir, e))?;
    let heartbeat_stop = Arc::new(AtomicBool::new(false));
    let heartbeat = {
        let shared = Arc::clone(shared);
        let stop = Arc::clone(&heartbeat_stop);
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let _ = shared.lock().unwrap().write();
                // Parked, not asleep: a stop wakes it at once (a restart finds the lock free).
                std::thread::park_timeout(HEARTBEAT);
            }
        })
    };
    // Serving first: once the first update makes the watcher trusted, searches are answered
    // here, never from an index a save has not reached.
    #[cfg(unix)]
    let _serving = answerer::serve(options.index_dir, options.titles, Arc::clone(unapplied))
        .map_err(|e| log(Event::NotServing(e.to_string())))
        .ok();
    // When the last update began: a note written before that was read by it in its final state.
    let mut last_update = Instant::now();
    update(options, shared, log, &[], Event::Started);
    let mut missing = false;
    while !stop.load(Ordering::Relaxed) {
        let received = rx.recv_timeout(Duration::from_millis(200));
        if let Ok(batch) = &received {
            let events = batch.as_ref().map(Vec::as_slice).unwrap_or_default();
            unapplied.applying(events.iter().flat_map(|e| &e.paths));
        }
        // Without its notes folder an update can only fail: the folder is waited for below.
        let gone = !notes.is_dir();
        match received {
            Ok(Ok(_)) | Ok(Err(_)) if gone => {}
            Ok(Ok(events)) => {
                let rescan = events.iter().any(|e| e.need_rescan());
                if rescan || events.iter().any(|e| relevant(e, &index_dir, notes)) {
                    mark_pending(shared);
                    let changed = changed_notes(&events, notes, last_update);
                    last_update = Instant::now();
                    if rescan {
                        let reason = "the event queue overflowed".to_string();
                        update_rescan(options, shared, log, reason);
                    } else {
                        update(options, shared, log, &changed, Event::Updated);
                    }
                }
            }
            Ok(Err(errors)) => {
                mark_pending(shared);
                let reason = errors
                    .first()
                    .map_or_else(|| "events were lost".to_string(), |e| e.to_string());
                last_update = Instant::now();
                update_rescan(options, shared, log, reason);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Error::Watch("the file watcher stopped".into()))
            }
        }
        unapplied.applied();
        // A deleted or renamed notes folder: wait for it, then watch it anew.
        if !notes.is_dir() {
            if !missing {
                mark_pending(shared);
                log(Event::Waiting(format!("{} is gone", notes.display())));
                missing = true;
            }
        } else if missing && debouncer.watch(notes, RecursiveMode::Recursive).is_ok() {
            missing = false;
            last_update = Instant::now();
            update_rescan(options, shared, log, "the notes folder is back".into());
        }
    }
    heartbeat_stop.store(true, Ordering::Relaxed);
    heartbeat.thread().unpark();
    let _ = heartbeat.join();
    // Not `stop`: it waits for the debouncer's thread, which sleeps a quarter of the debounce
    // (15 s with `--debounce 60000`) between looks; the process ends anyway.
    debouncer.stop_nonblocking();
    Ok(())
}

fn mark_pending(shared: &Arc<Mutex<Shared>>) {
    let mut shared = shared.lock().unwrap();
    if shared.token.pending_since_ms.is_none() {
        shared.token.pending_since_ms = Some(now_ms());
        let _ = shared.write();
    }
}

/// One update, logged; afterwards nothing is pending.
fn update(
    options: &Options,
    shared: &Arc<Mutex<Shared>>,
    log: &dyn Fn(Event),
    changed: &[String],
    event: impl FnOnce(Summary) -> Event,
) {
    match apply(options, changed) {
        Ok(mut summary) => {
            let mut state = shared.lock().unwrap();
            state.token.pending_since_ms = None;
            state.token.commits += summary.changed() as u64;
            let _ = state.write();
            summary
                .warnings
                .retain(|w| state.reported.insert((w.path.clone(), w.reason.clone())));
            drop(state);
            log(event(summary));
        }
        Err(err) => log(Event::Failed(err.to_string())),
    }
}

fn update_rescan(options: &Options, shared: &Arc<Mutex<Shared>>, log: &dyn Fn(Event), why: String) {
    update(options, shared, log, &[], |summary| {
        Event::Rescanned(why, summary)
    });
}

/// Brings the index up to date (one commit), waiting for the writer lock if `index` holds it;
/// `changed` notes are read again whatever their size and time say.
fn apply(options: &Options, changed: &[String]) -> Result<Summary> {
    let started = Instant::now();
    let (_, mut summary) = build::update(&build::Options {
        lock_timeout: Duration::from_secs(60),
        changed,
        walk: options.walk,
        titles: options.titles,
        ..build::Options::new(options.notes_dir, options.index_dir)
    })?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The notes (paths relative to the notes folder) the events name as written since `since`: they are read again even if their size and time look the
/// same. (A note written only before it was read by the update that began then, as while a
/// folder is copied in, holds no news.)
fn changed_notes(events: &[DebouncedEvent], notes: &Path, since: Instant) -> Vec<String> {
    let mut changed = Vec::new();
    let writes = events.iter().filter(|e| writes(e) && e.time >= since);
    for path in writes.flat_map(|e| &e.paths) {
        let markdown = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if let (true, Ok(rel)) = (markdown, path.strip_prefix(notes)) {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let rel = crate::text::nfc(&parts.join("/"));
            if !changed.contains(&rel) {
                changed.push(rel);
            }
        }
    }
    changed
}

/// Whether an event can change which notes there are or what they say: a Markdown file or a
/// folder (not a file the index writes, and not other files such as `.obsidian/workspace.json`).
fn relevant(event: &notify::Event, index_dir: &Path, notes: &Path) -> bool {
    writes(event)
        && event.paths.iter().any(|path| {
            if path.starts_with(index_dir) {
                return false;
            }
            // Rule files, also those above the notes folder (watched for them alone).
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if RULE_FILES.contains(&name) || path.ends_with(".git/info/exclude") {
                return true;
            }
            let markdown = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"));
            path.starts_with(notes) && (markdown || path.is_dir() || path.extension().is_none())
        })
}

/// The folders above the notes folder whose rule files decide which files are notes, to be
/// watched (each alone, not what is under it): every folder up to the root, and `.git/info`
/// where a `.git` folder is.
fn rule_folders_above(notes: &Path) -> Vec<PathBuf> {
    let mut folders = Vec::new();
    for folder in notes.ancestors().skip(1) {
        folders.push(folder.to_path_buf());
        let info = folder.join(".git/info");
        if info.is_dir() {
            folders.push(info);
        }
    }
    folders
}

/// Whether an event may change a file: opening and reading one (by an editor, by `cat`, by the
/// watcher's own update) does not, and reacting to it would update the index in a loop.
fn writes(event: &notify::Event) -> bool {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_a_note_is_not_a_change_and_writing_one_is() {
        let event = |kind| DebouncedEvent::new(notify::Event::new(kind), Instant::now());
        let read = event(EventKind::Access(AccessKind::Open(AccessMode::Any)));
        let read_done = event(EventKind::Access(AccessKind::Close(AccessMode::Read)));
        assert!(!writes(&read) && !writes(&read_done));
        let written = event(EventKind::Access(AccessKind::Close(AccessMode::Write)));
        let modified = event(EventKind::Modify(notify::event::ModifyKind::Any));
        assert!(writes(&written) && writes(&modified));
    }

    #[test]
    fn no_lock_file_is_no_watcher() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            health(dir.path(), dir.path(), &WalkOptions::default()),
            Health::Absent
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_token_without_its_lock_is_a_dead_watcher() {
        let dir = tempfile::tempdir().unwrap();
        File::create(dir.path().join(LOCK_FILE)).unwrap();
        std::fs::write(dir.path().join(TOKEN_FILE), "{}").unwrap();
        std::fs::write(dir.path().join(serve::SOCKET_FILE), "").unwrap();
        assert!(matches!(
            health(dir.path(), dir.path(), &WalkOptions::default()),
            Health::Unhealthy(_)
        ));
        // Reported once: what it left behind is gone.
        assert!(!dir.path().join(serve::SOCKET_FILE).exists());
        assert_eq!(
            health(dir.path(), dir.path(), &WalkOptions::default()),
            Health::Absent
        );
    }

    #[test]
    fn a_held_lock_with_a_fresh_token_is_healthy_and_an_old_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let lock = File::create(dir.path().join(LOCK_FILE)).unwrap();
        lock.try_lock().unwrap();
        let mut token = Token {
            pid: 1,
            notes: absolute(dir.path()),
            heartbeat_ms: now_ms(),
            commits: 0,
            pending_since_ms: None,
            walk: WalkOptions::default(),
        };
        let write = |t: &Token| {
            std::fs::write(dir.path().join(TOKEN_FILE), serde_json::to_vec(t).unwrap()).unwrap()
        };
        write(&token);
        // The lock is held by this process: a second handle's probe sees it taken.
        assert!(matches!(
            health(dir.path(), dir.path(), &WalkOptions::default()),
            Health::Healthy(_)
        ));
        // A search that takes other files for notes cannot trust it.
        let hidden = WalkOptions {
            hidden: true,
            ..WalkOptions::default()
        };
        assert!(matches!(
            health(dir.path(), dir.path(), &hidden),
            Health::Unhealthy(_)
        ));
        token.heartbeat_ms -= 10_000;
        write(&token);
        assert!(matches!(
            health(dir.path(), dir.path(), &WalkOptions::default()),
            Health::Unhealthy(_)
        ));
        token.heartbeat_ms = now_ms();
        token.pending_since_ms = Some(now_ms() - 10_000);
        write(&token);
        assert!(matches!(
            health(dir.path(), dir.path(), &WalkOptions::default()),
            Health::Unhealthy(_)
        ));
    }
}
