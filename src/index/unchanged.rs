//! Proving, without walking the notes folder, that no note was added, removed or renamed since
//! the last walk: the cheap half of a search's freshness check.
//!
//! A folder's change time (ctime) moves whenever an entry is created, removed or renamed in it,
//! and cannot be set back by a program (unlike the modification time). After each full walk the
//! index folder keeps a [`RECORD_FILE`]: the change time of every folder walked, and the state
//! of every file whose rules decide which files are notes (`.gitignore`, `.ignore`,
//! `.noteseekignore` in those folders and above them, `.git/info/exclude`, git's global config
//! and excludes file), with the walk's options. While all of these are as recorded, the notes
//! are the files the index lists, and checking them is one `stat` each, by name in its open
//! folder: no directory is read and no ignore rule is built or matched.
//!
//! A folder or rule file changed during the walk could be recorded with a listing older than its
//! change time; git calls such entries "racy". Nothing is recorded when any change time is
//! within [`RACY`] of the walk's start, and the next walk records again.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Snapshot;
use crate::notes_folder::{FileStates, WalkOptions, RULE_FILES};

/// The record of the last full walk, in the index folder.
pub const RECORD_FILE: &str = ".noteseek-folders.json";
/// Change times this close to a walk's start (or after it) are not trusted: the clock that
/// stamps files is coarser than the one read here, and some file systems keep 2-second times.
pub const RACY: Duration = Duration::from_secs(3);

/// What a path was: inode, change time (seconds, nanoseconds), modification time, size.
type Stamp = (u64, i64, i64, i64, u64);

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    /// The notes folder, resolved.
    root: PathBuf,
    walk: WalkOptions,
    /// Files the index listed after the walk.
    files: usize,
    /// Each folder walked and each rule file, with its stamp (`None`: not there).
    paths: Vec<(PathBuf, Option<Stamp>)>,
    /// Paths whose presence alone matters (`.git` above the notes folder).
    present: Vec<(PathBuf, bool)>,
}

#[cfg(unix)]
fn stamp(path: &Path) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(path).ok()?;
    Some((
        meta.ino(),
        meta.ctime(),
        meta.ctime_nsec(),
        meta.mtime(),
        meta.size(),
    ))
}

/// Whether the notes in `notes_dir` are exactly the files the index lists, each with the state
/// recorded there, as the record left in `index_dir` by the last walk proves; if so, how many
/// notes there are.
pub fn holds(
    index_dir: &Path,
    notes_dir: &Path,
    walk: &WalkOptions,
    snapshot: &Snapshot,
) -> Option<usize> {
    #[cfg(unix)]
    {
        let record = read(index_dir)?;
        let rules_hold = record.walk == *walk
            && !walk.follow_links
            && notes_dir
                .canonicalize()
                .is_ok_and(|root| root == record.root)
            && global_rule_files(walk)
                .iter()
                .all(|p| record.paths.iter().any(|(q, _)| q == p))
            && record.paths.iter().all(|(path, was)| stamp(path) == *was)
            && record
                .present
                .iter()
                .all(|(path, was)| path.exists() == *was);
        if !rules_hold {
            return None;
        }
        let counts = snapshot.all_files(
            || FileStates::new(notes_dir),
            |files, rel, recorded| {
                let now = files.state(rel);
                now.is_ok_and(|now| now == (recorded.mtime, recorded.size))
            },
        );
        match counts {
            Ok(Some((files, notes))) if files == record.files => Some(notes),
            _ => None,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (index_dir, notes_dir, walk, snapshot);
        None
    }
}

/// Records what a full walk that started at `started` saw: the `folders` it walked and the
/// rules it applied, with `files` files listed by the index after it. Records nothing (and
/// removes an older record) when a folder or rule changed too close to the walk to be trusted,
/// or when links are followed (a linked folder changes where no recorded folder does).
pub fn record(
    index_dir: &Path,
    notes_dir: &Path,
    walk: &WalkOptions,
    folders: &[PathBuf],
    files: usize,
    started: SystemTime,
) {
    let path = index_dir.join(RECORD_FILE);
    let taken = take(notes_dir, walk, folders, files, started);
    let Some(record) = taken else {
        let _ = std::fs::remove_file(&path);
        return;
    };
    if read(index_dir).is_some_and(|old| old == record) {
        return;
    }
    // Written aside and renamed: a reader sees the old record or the new one, never half.
    let temp = index_dir.join(format!("{RECORD_FILE}.tmp"));
    let written = serde_json::to_vec(&record)
        .map_err(std::io::Error::other)
        .and_then(|bytes| std::fs::write(&temp, bytes))
        .and_then(|()| std::fs::rename(&temp, &path));
    if written.is_err() {
        // A read-only index folder: searches walk the notes, as they did before records.
        let _ = std::fs::remove_file(&temp);
    }
}

/// The record in `index_dir`, if there is a readable one.
fn read(index_dir: &Path) -> Option<Record> {
    let bytes = std::fs::read(index_dir.join(RECORD_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(unix)]
fn take(
    notes_dir: &Path,
    walk: &WalkOptions,
    folders: &[PathBuf],
    files: usize,
    started: SystemTime,
) -> Option<Record> {
    if walk.follow_links {
        return None;
    }
    let root = notes_dir.canonicalize().ok()?;
    let trusted_before = started.checked_sub(RACY)?.duration_since(UNIX_EPOCH).ok()?;
    let trusted_before = (
        trusted_before.as_secs() as i64,
        trusted_before.subsec_nanos() as i64,
    );
    let mut paths: Vec<(PathBuf, Option<Stamp>)> = Vec::new();
    // Keeps a path with its stamp, unless it changed too close to the walk.
    let mut keep = |path: PathBuf, stamp: Option<Stamp>| -> Option<()> {
        if stamp.is_some_and(|(_, secs, nanos, ..)| (secs, nanos) >= trusted_before) {
            return None;
        }
        paths.push((path, stamp));
        Some(())
    };
    for folder in folders {
        let folder = absolute(&root, notes_dir, folder)?;
        let walked = stamp(&folder)?;
        keep(folder.clone(), Some(walked))?;
        if walk.no_ignore {
            continue;
        }
        // A rule file that appears later changes the folder's change time: only present ones
        // are recorded. One in `.git/info/` does not, so its absence is recorded too.
        for name in RULE_FILES {
            let file = folder.join(name);
            if let Some(present) = stamp(&file) {
                keep(file, Some(present))?;
            }
        }
        if stamp(&folder.join(".git")).is_some() {
            let exclude = folder.join(".git/info/exclude");
            let was = stamp(&exclude);
            keep(exclude, was)?;
        }
    }
    // Above the notes folder (where the walk reads rules too) folders change all the time
    // (a home folder's change time moves with every dot-file saved): each rule file is recorded
    // there as present or not, and so is `.git`.
    let mut present = Vec::new();
    if !walk.no_ignore {
        let mut rule_files: Vec<PathBuf> = Vec::new();
        for folder in root.ancestors().skip(1) {
            rule_files.extend(RULE_FILES.iter().map(|name| folder.join(name)));
            let git = folder.join(".git");
            let has_git = git.exists();
            if has_git {
                rule_files.push(git.join("info/exclude"));
            }
            present.push((git, has_git));
        }
        rule_files.extend(global_rule_files(walk));
        // Where `core.excludesFile` points, as the walk read it (a config file change moves it).
        if let Some(excludes) = ignore::gitignore::gitconfig_excludes_path() {
            if !rule_files.contains(&excludes) {
                rule_files.push(excludes);
            }
        }
        for file in rule_files {
            let was = stamp(&file);
            keep(file, was)?;
        }
    }
    Some(Record {
        root,
        walk: walk.clone(),
        files,
        paths,
        present,
    })
}

#[cfg(not(unix))]
fn take(_: &Path, _: &WalkOptions, _: &[PathBuf], _: usize, _: SystemTime) -> Option<Record> {
    None
}

/// A walked folder under the resolved notes folder (the walker names it under the folder as
/// given).
#[cfg(unix)]
fn absolute(root: &Path, notes_dir: &Path, folder: &Path) -> Option<PathBuf> {
    let rel = folder
        .strip_prefix(notes_dir)
        .or_else(|_| folder.strip_prefix(notes_dir.join("")))
        .ok()?;
    Some(if rel.as_os_str().is_empty() {
        root.to_path_buf()
    } else {
        root.join(rel)
    })
}

/// git's global config files and excludes file, whose rules the walk applies to every folder.
/// Where the excludes file is can only change with a config file, which is recorded too.
#[cfg(unix)]
fn global_rule_files(walk: &WalkOptions) -> Vec<PathBuf> {
    if walk.no_ignore {
        return Vec::new();
    }
    let mut files = Vec::new();
    if let Some(global) = std::env::var_os("GIT_CONFIG_GLOBAL") {
        files.push(PathBuf::from(global));
    }
    #[allow(deprecated)] // as the `ignore` crate finds it
    let home = std::env::home_dir();
    if let Some(home) = &home {
        files.push(home.join(".gitconfig"));
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|x| !x.is_empty())
        .map(PathBuf::from)
        .or_else(|| home.map(|h| h.join(".config")));
    if let Some(config) = config {
        files.push(config.join("git/config"));
        files.push(config.join("git/ignore"));
    }
    files
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::index::build;
    use crate::index::NoteIndex;
    use crate::notes_folder::scan_with;

    /// A notes folder inside an outer folder (whose rule files count too), and an index folder.
    struct Vault {
        _dir: tempfile::TempDir,
        outer: PathBuf,
        notes: PathBuf,
        index: PathBuf,
    }

    impl Vault {
        fn new() -> Vault {
            let dir = tempfile::tempdir().unwrap();
            let outer = dir.path().join("outer");
            let notes = outer.join("notes");
            let index = dir.path().join("index");
            for folder in [&notes.join("a/b"), &index] {
                std::fs::create_dir_all(folder).unwrap();
            }
            std::fs::write(notes.join("a/one.md"), "# one").unwrap();
            std::fs::write(notes.join("a/b/two.md"), "# two").unwrap();
            std::fs::write(notes.join(".noteseekignore"), "draft/\n").unwrap();
            Vault {
                _dir: dir,
                outer,
                notes,
                index,
            }
        }

        /// Indexes and records the walk as an update does, with every change time trusted (as
        /// if the walk had started long after them), saying the index lists `files` files.
        fn index_and_record(&self, walk: &WalkOptions, files: Option<usize>) -> NoteIndex {
            let (index, _) = build::update(&build::Options {
                walk,
                ..build::Options::new(&self.notes, &self.index)
            })
            .unwrap();
            let scan = scan_with(&self.notes, walk).unwrap();
            let later = SystemTime::now() + RACY * 2;
            let files = files.unwrap_or(scan.files.len());
            record(&self.index, &self.notes, walk, &scan.folders, files, later);
            // Change times are read from a clock that ticks every few milliseconds.
            std::thread::sleep(Duration::from_millis(30));
            index
        }

        fn holds(&self, index: &NoteIndex) -> bool {
            let snapshot = index.snapshot().unwrap();
            holds(&self.index, &self.notes, &WalkOptions::default(), &snapshot).is_some()
        }
    }

    #[test]
    fn an_unchanged_folder_is_proven_unchanged_without_a_walk() {
        let vault = Vault::new();
        let index = vault.index_and_record(&WalkOptions::default(), None);
        let snapshot = index.snapshot().unwrap();
        let notes = holds(
            &vault.index,
            &vault.notes,
            &WalkOptions::default(),
            &snapshot,
        );
        assert_eq!(notes, Some(2));
        // Reading notes changes nothing.
        std::fs::read(vault.notes.join("a/one.md")).unwrap();
        assert!(vault.holds(&index));
    }

    #[test]
    fn every_change_to_which_files_are_notes_is_seen() {
        type Change = fn(&Vault);
        let changes: [(&str, Change); 8] = [
            ("a note added in a subfolder", |v| {
                std::fs::write(v.notes.join("a/b/new.md"), "x").unwrap()
            }),
            ("a note removed", |v| {
                std::fs::remove_file(v.notes.join("a/b/two.md")).unwrap()
            }),
            ("a note renamed", |v| {
                std::fs::rename(v.notes.join("a/one.md"), v.notes.join("a/uno.md")).unwrap()
            }),
            ("a note written in place", |v| {
                std::fs::write(v.notes.join("a/one.md"), "# one, longer").unwrap()
            }),
            ("a new folder of notes", |v| {
                std::fs::create_dir(v.notes.join("c")).unwrap();
                std::fs::write(v.notes.join("c/three.md"), "x").unwrap();
            }),
            ("an ignore file written in place", |v| {
                std::fs::write(v.notes.join(".noteseekignore"), "a/\n").unwrap()
            }),
            ("an ignore file created in a subfolder", |v| {
                std::fs::write(v.notes.join("a/.gitignore"), "b/\n").unwrap()
            }),
            ("an ignore file created above the notes folder", |v| {
                std::fs::write(v.outer.join(".ignore"), "a/\n").unwrap()
            }),
        ];
        for (what, change) in changes {
            let vault = Vault::new();
            let index = vault.index_and_record(&WalkOptions::default(), None);
            assert!(vault.holds(&index), "{what}: not proven before the change");
            change(&vault);
            assert!(!vault.holds(&index), "{what}: not seen");
        }
    }

    #[test]
    fn other_walk_options_or_another_count_of_files_are_not_proven() {
        let vault = Vault::new();
        let index = vault.index_and_record(&WalkOptions::default(), None);
        let hidden = WalkOptions {
            hidden: true,
            ..WalkOptions::default()
        };
        let snapshot = index.snapshot().unwrap();
        assert!(holds(&vault.index, &vault.notes, &hidden, &snapshot).is_none());
        let index = vault.index_and_record(&WalkOptions::default(), Some(1));
        assert!(!vault.holds(&index));
    }

    #[test]
    fn a_walk_right_after_a_change_records_nothing() {
        let vault = Vault::new();
        let index = vault.index_and_record(&WalkOptions::default(), None);
        let scan = scan_with(&vault.notes, &WalkOptions::default()).unwrap();
        // The folders were made just now: their listing may predate their change time.
        let now = SystemTime::now();
        record(
            &vault.index,
            &vault.notes,
            &WalkOptions::default(),
            &scan.folders,
            2,
            now,
        );
        assert!(!vault.index.join(RECORD_FILE).exists());
        assert!(!vault.holds(&index));
    }

    #[test]
    fn links_followed_are_never_recorded() {
        let vault = Vault::new();
        let follow = WalkOptions {
            follow_links: true,
            ..WalkOptions::default()
        };
        let index = vault.index_and_record(&follow, None);
        assert!(!vault.index.join(RECORD_FILE).exists());
        let snapshot = index.snapshot().unwrap();
        assert!(holds(&vault.index, &vault.notes, &follow, &snapshot).is_none());
    }

    #[test]
    fn every_file_of_a_large_index_is_visited_across_its_ranges() {
        // Above the size where the visit is split into ranges on all cores.
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        let count = crate::notes_folder::PARALLEL_FROM as usize + 500;
        for i in 0..count {
            let folder = notes.join(format!("f{}", i % 7));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join(format!("n{i:05}.md")), format!("# {i}")).unwrap();
        }
        let index = build::rebuild(&notes, &dir.path().join("index")).unwrap();
        let snapshot = index.snapshot().unwrap();
        let seen = std::sync::Mutex::new(Vec::new());
        let counts = snapshot
            .all_files(
                || (),
                |_, path, _| {
                    seen.lock().unwrap().push(path.to_string());
                    true
                },
            )
            .unwrap();
        assert_eq!(counts, Some((count, count)));
        let mut seen = seen.into_inner().unwrap();
        seen.sort();
        let listed: Vec<String> = snapshot
            .manifest()
            .unwrap()
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(seen, listed);
        // One `false` ends the visit with no counts.
        let stopped = snapshot.all_files(|| (), |_, path, _| !path.ends_with("n01234.md"));
        assert_eq!(stopped.unwrap(), None);
    }
}
