//! Building and incrementally updating the index from a notes folder.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use tantivy::directory::error::LockError;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::schema::{self, tag_terms, Fields};
use super::{unchanged, IndexState, NoteIndex, NoteLinks, Snapshot, StoredNote};
use crate::aliases;
use crate::analysis::KoreanAnalyzer;
use crate::chosung;
use crate::concepts;
use crate::error::{Error, Result};
use crate::note::{Note, NoteKind, TitleSource};
use crate::notes_folder::{self, Loaded, NoteFile, Scan, WalkOptions, Warning};
use crate::section::heading_key;
use crate::text::key;

/// Memory for tantivy's indexing threads, per thread (tantivy asks for at least 15 MB).
const WRITER_BUDGET_PER_THREAD: usize = 64 * 1024 * 1024;
/// Notes parsed per batch: bounds memory on very large folders.
const BATCH: usize = 512;

/// How an update was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Re-analyse only new and changed notes, remove deleted ones.
    Incremental,
    /// Start from an empty index.
    Rebuild,
}

/// What an update did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Notes in the index afterwards.
    pub notes: usize,
    /// Sections of the notes analysed in this run.
    pub sections: usize,
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    /// Files found but not indexed in this run (each with a warning); not counted as added or
    /// updated.
    pub skipped: usize,
    /// Whether the index was created from scratch (missing, outdated or `--rebuild`).
    pub rebuilt: bool,
    pub warnings: Vec<Warning>,
    pub elapsed: Duration,
}

impl Summary {
    /// Whether the index changed in this run.
    pub fn changed(&self) -> bool {
        self.rebuilt || self.added + self.updated + self.removed + self.skipped > 0
    }

    /// `1 added, 0 updated, 0 removed` (and `, 1 skipped` when files were).
    pub fn counts(&self) -> String {
        let mut counts = format!(
            "{} added, {} updated, {} removed",
            self.added, self.updated, self.removed
        );
        if self.skipped > 0 {
            counts.push_str(&format!(", {} skipped", self.skipped));
        }
        counts
    }
}

/// Options of an update.
pub struct Options<'a> {
    pub notes_dir: &'a Path,
    pub index_dir: &'a Path,
    pub mode: Mode,
    /// Draw a progress bar on stderr (only when it is a terminal).
    pub progress: bool,
    /// How long to wait while another process holds the index's writer lock; zero fails at once.
    pub lock_timeout: Duration,
    /// Called once when waiting for the lock begins (to tell a person at a terminal).
    pub on_lock_wait: &'a dyn Fn(),
    /// Notes (paths relative to the notes folder) known to have changed, read again even when
    /// their size and modification time look the same (two saves within the file system's
    /// clock tick): the watcher knows from its events.
    pub changed: &'a [String],
    /// Which files are notes.
    pub walk: &'a WalkOptions,
    /// Trust the record of the last walk when it proves that no note was added, removed or
    /// renamed ([`super::unchanged`]): a search's check. `index` always walks, to list every
    /// problem with files.
    pub trust_folders: bool,
    /// Read again the files an earlier run skipped (not UTF-8, too large), so that their
    /// problems are listed again: `index` lists every problem with files, a search only new ones.
    pub recheck_skipped: bool,
    /// Where titles come from (the index is rebuilt when this changes).
    pub titles: TitleSource,
}

impl<'a> Options<'a> {
    /// An incremental update that fails at once when the index is locked, without progress.
    pub fn new(notes_dir: &'a Path, index_dir: &'a Path) -> Options<'a> {
        Options {
            notes_dir,
            index_dir,
            mode: Mode::Incremental,
            progress: false,
            lock_timeout: Duration::ZERO,
            on_lock_wait: &|| {},
            changed: &[],
            walk: &DEFAULT_WALK,
            trust_folders: false,
            recheck_skipped: false,
            titles: TitleSource::FrontMatter,
        }
    }
}

/// The walk of [`Options::new`]: ignore files honoured, hidden files and links skipped.
static DEFAULT_WALK: WalkOptions = WalkOptions {
    hidden: false,
    no_ignore: false,
    follow_links: false,
    ignore_globs: Vec::new(),
};

/// How often a busy writer lock is tried again.
const LOCK_RETRY: Duration = Duration::from_millis(100);

/// Brings the index in `index_dir` in step with `notes_dir` and returns it open.
pub fn update(options: &Options) -> Result<(NoteIndex, Summary)> {
    let started = Instant::now();
    if !options.notes_dir.is_dir() {
        return Err(Error::NotesMissing {
            path: options.notes_dir.to_path_buf(),
        });
    }
    let state = match options.mode {
        Mode::Rebuild => IndexState::Outdated,
        Mode::Incremental => NoteIndex::inspect(options.index_dir, options.titles)?,
    };
    let (index, rebuilt) = match state {
        IndexState::Current(index) => (*index, false),
        IndexState::Missing | IndexState::Outdated => (NoteIndex::create(options.index_dir)?, true),
    };
    // What the index holds says how many notes to expect, and so whether to walk in parallel.
    let snapshot = if rebuilt {
        None
    } else {
        Some(index.snapshot()?)
    };
    let expected = snapshot.as_ref().map(Snapshot::note_count);
    let trusted = options.trust_folders && options.changed.is_empty();
    if let Some(snapshot) = snapshot.as_ref().filter(|_| trusted) {
        let (index_dir, notes_dir) = (options.index_dir, options.notes_dir);
        if let Some(notes) = unchanged::holds(index_dir, notes_dir, options.walk, snapshot) {
            let summary = Summary {
                notes,
                elapsed: started.elapsed(),
                ..Summary::default()
            };
            return Ok((index, summary));
        }
    }
    let manifest = match &snapshot {
        Some(snapshot) => snapshot.manifest()?,
        None => Default::default(),
    };
    let walk_started = SystemTime::now();
    let scan = notes_folder::scan_expecting(options.notes_dir, options.walk, expected)?;

    let mut summary = Summary {
        rebuilt,
        warnings: scan.warnings.clone(),
        ..Summary::default()
    };
    let Scan {
        files,
        folders: scan_folders,
        ..
    } = scan;
    // Both lists are sorted by path: one pass over each finds what was added, changed and
    // deleted.
    // Each changed file, and whether it is new.
    let mut changed: Vec<(&NoteFile, bool)> = Vec::new();
    let mut deleted: Vec<&String> = Vec::new();
    let mut skipped_before = Vec::new();
    let mut recorded = manifest.iter().peekable();
    for file in &files {
        while let Some((path, _)) = recorded.next_if(|(path, _)| *path < file.rel_path) {
            deleted.push(path);
        }
        match recorded.next_if(|(path, _)| *path == file.rel_path) {
            None => {
                summary.added += 1;
                changed.push((file, true));
            }
            Some((_, state))
                if (state.mtime, state.size) != (file.mtime, file.size)
                    || options.changed.contains(&file.rel_path) =>
            {
                summary.updated += 1;
                changed.push((file, false));
            }
            Some((_, state)) if !state.indexed && options.recheck_skipped => {
                skipped_before.push(file);
            }
            Some(_) => {}
        }
    }
    // Unchanged, they fail as before: only their warnings are wanted.
    for file in skipped_before {
        if let Err(reason) = notes_folder::read_with(file, options.titles) {
            summary.skipped += 1;
            summary.warnings.push(Warning {
                path: file.rel_path.clone(),
                reason,
            });
        }
    }
    deleted.extend(recorded.map(|(path, _)| path));
    summary.removed = deleted.len();

    let indexed_before = manifest.iter().filter(|(_, s)| s.indexed).count();
    // What this walk saw, kept for the next search to trust while the folders stay as they are.
    let record = |files: usize| {
        let (index_dir, notes_dir) = (options.index_dir, options.notes_dir);
        unchanged::record(
            index_dir,
            notes_dir,
            options.walk,
            &scan_folders,
            files,
            walk_started,
        )
    };
    if !rebuilt && changed.is_empty() && deleted.is_empty() {
        record(manifest.len());
        summary.notes = indexed_before;
        summary.elapsed = started.elapsed();
        return Ok((index, summary));
    }

    // Fail now, with a clear message, rather than inside tantivy's indexing threads.
    KoreanAnalyzer::shared()?;
    let mut writer = open_writer(&index, options)?;
    for path in stale_paths(&deleted, &changed, rebuilt) {
        writer.delete_term(Term::from_field_text(index.fields.path, path));
    }

    let bar = progress_bar(options.progress, changed.len() as u64);
    let titles = options.titles;
    for batch in changed.chunks(BATCH) {
        let parsed: Vec<(&NoteFile, bool, std::result::Result<Loaded, String>)> = batch
            .par_iter()
            .map(|&(file, new)| (file, new, notes_folder::read_with(file, titles)))
            .collect();
        for (file, new, result) in parsed {
            match result {
                Ok(Loaded { note, damage }) => {
                    summary.sections += note.sections.len();
                    writer.add_document(document(&index.fields, file, &note))?;
                    if let Some(reason) = damage {
                        summary.warnings.push(Warning {
                            path: file.rel_path.clone(),
                            reason,
                        });
                    }
                }
                // Deleted between the scan and the read (an editor saving by delete and
                // create, a note moved away): it is simply gone.
                Err(_) if !file.abs_path.exists() => {}
                Err(reason) => {
                    writer.add_document(skipped_document(&index.fields, file))?;
                    summary.skipped += 1;
                    match new {
                        true => summary.added -= 1,
                        false => summary.updated -= 1,
                    }
                    summary.warnings.push(Warning {
                        path: file.rel_path.clone(),
                        reason,
                    });
                }
            }
            bar.inc(1);
        }
    }
    let mut commit = writer.prepare_commit()?;
    commit.set_payload(&schema::version_stamp(options.titles));
    commit.commit()?;
    if rebuilt && changed.len() < ONE_SEGMENT_BELOW {
        let segments = index.index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
    }
    writer.wait_merging_threads()?;
    bar.finish_and_clear();

    index.reload()?;
    let manifest = index.snapshot()?.manifest()?;
    record(manifest.len());
    summary.notes = manifest.iter().filter(|(_, s)| s.indexed).count();
    summary.elapsed = started.elapsed();
    Ok((index, summary))
}

/// Builds a fresh index of `notes_dir` in `index_dir`, quietly: for tests, benchmarks and the
/// evaluation.
pub fn rebuild(notes_dir: &Path, index_dir: &Path) -> Result<NoteIndex> {
    let (index, _) = update(&Options {
        mode: Mode::Rebuild,
        ..Options::new(notes_dir, index_dir)
    })?;
    Ok(index)
}

/// Paths whose old documents must go: deleted notes and changed notes (re-added fresh).
fn stale_paths<'a>(
    deleted: &'a [&'a String],
    changed: &'a [(&'a NoteFile, bool)],
    rebuilt: bool,
) -> impl Iterator<Item = &'a str> {
    let changed = changed
        .iter()
        .filter(move |_| !rebuilt)
        .map(|(f, _)| f.rel_path.as_str());
    deleted.iter().map(|p| p.as_str()).chain(changed)
}

/// Notes below which a new index is merged into one segment. Each indexing thread writes its own
/// segment with its own term dictionary; for a small vault that doubles the dictionary's share
/// (the bundled notes: index 2.05× the notes in two segments, 1.82× in one; the merge adds
/// about a tenth of a second to building it).
const ONE_SEGMENT_BELOW: usize = 1000;

/// Takes the index's writer lock, waiting up to the options' timeout while another process
/// holds it.
fn open_writer(index: &NoteIndex, options: &Options) -> Result<IndexWriter> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let started = Instant::now();
    let mut told = false;
    loop {
        let opened = index
            .index
            .writer_with_num_threads(threads, threads * WRITER_BUDGET_PER_THREAD);
        match opened {
            Ok(writer) => return Ok(writer),
            Err(tantivy::TantivyError::LockFailure(LockError::LockBusy, _)) => {
                if started.elapsed() >= options.lock_timeout {
                    return Err(Error::IndexLocked {
                        path: index.dir.clone(),
                    });
                }
                if !told {
                    (options.on_lock_wait)();
                    told = true;
                }
                std::thread::sleep(LOCK_RETRY);
            }
            Err(tantivy::TantivyError::LockFailure(LockError::IoError(io), _)) => {
                return Err(Error::io(
                    &index.dir,
                    std::io::Error::new(io.kind(), io.to_string()),
                ))
            }
            Err(other) => return Err(Error::Tantivy(other)),
        }
    }
}

fn progress_bar(enabled: bool, len: u64) -> ProgressBar {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} indexing {pos}/{len} notes [{bar:30}] {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

/// The tantivy document of a note.
fn document(fields: &Fields, file: &NoteFile, note: &Note) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.path, &file.rel_path);
    doc.add_text(fields.path_key, file.rel_path.to_lowercase());
    doc.add_text(fields.title_name, &note.title);
    for name in std::iter::once(&note.title).chain(&note.aliases) {
        doc.add_text(fields.title, name);
        doc.add_text(fields.title_bigram, name);
        doc.add_text(fields.title_key, key(name));
        for initials in chosung::words(name) {
            doc.add_text(fields.chosung, initials);
        }
    }
    for tag in &note.tags {
        for term in tag_terms(tag) {
            doc.add_text(fields.tag, term);
        }
        for path in schema::tag_paths(tag) {
            doc.add_text(fields.tag_name, path);
        }
    }
    let mut headings: Vec<&str> = Vec::new();
    for section in &note.sections {
        if !section.heading.is_empty() && !headings.contains(&section.heading.as_str()) {
            headings.push(&section.heading);
            doc.add_text(fields.heading_name, &section.heading);
        }
        let mut text = String::new();
        if section.kind.is_none() && !section.heading.is_empty() {
            text.push_str(&section.heading);
            text.push('\n');
            doc.add_text(fields.heading, heading_key(&section.heading));
        }
        for line in section.search_lines() {
            text.push_str(&line.text);
            text.push('\n');
        }
        doc.add_text(fields.field_for(section.kind), &text);
        doc.add_text(fields.body_bigram, &text);
    }
    let described = concepts::of_note(note);
    if !described.is_empty() {
        doc.add_text(fields.concept, &described);
        doc.add_text(fields.concept_bigram, &described);
    }
    // A listing page names the topics it links to: it is never a source of their aliases.
    if note.kind != NoteKind::Listing {
        for term in aliases::index_terms(&aliases::mine(note)) {
            doc.add_text(fields.alias, term);
        }
    }
    let stored = serde_json::to_string(&StoredNote::from(note)).unwrap_or_default();
    doc.add_text(fields.data, stored);
    let links = serde_json::to_vec(&NoteLinks::from(note)).unwrap_or_default();
    doc.add_bytes(fields.graph, &links);
    doc.add_u64(fields.mtime, file.mtime);
    doc.add_u64(fields.size, file.size);
    doc.add_u64(fields.indexed, 1);
    doc.add_u64(fields.kind, schema::kind_code(note.kind));
    doc
}

/// The placeholder of a skipped file: its state only, no text.
fn skipped_document(fields: &Fields, file: &NoteFile) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.path, &file.rel_path);
    doc.add_u64(fields.mtime, file.mtime);
    doc.add_u64(fields.size, file.size);
    doc.add_u64(fields.indexed, 0);
    doc
}
