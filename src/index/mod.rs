//! The tantivy index of a notes folder: opening it, knowing whether it is current, and what each
//! note stores for output. Building and incremental updates live in [`build`].

pub mod build;
pub mod directory;
pub mod schema;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::analysis::{KoreanTokenizer, TOKENIZER_NAME};
use crate::error::{Error, Result};
use crate::note::{Line, Note};
use crate::section::SectionKind;
pub use schema::Fields;

/// What a folder holds, seen as an index location.
pub enum IndexState {
    /// Nothing there yet (or only dot-files such as `.gitkeep`).
    Missing,
    /// A noteseek index of this version.
    Current(Box<NoteIndex>),
    /// A noteseek index of another schema or analyzer version.
    Outdated,
}

/// An open noteseek index.
pub struct NoteIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
    /// Opened once: the freshness check and the search share it.
    reader: std::sync::OnceLock<IndexReader>,
}

/// What the index keeps of a note for snippets and output.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredNote {
    pub title: String,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    pub links: Vec<String>,
    pub sections: Vec<StoredSection>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredSection {
    pub heading: String,
    pub kind: Option<SectionKind>,
    pub line: u32,
    /// The searchable lines ([`crate::note::Section::search_lines`]).
    pub lines: Vec<Line>,
}

impl StoredSection {
    /// The name shown for the section: the canonical name, the heading, or 본문.
    pub fn display_name(&self) -> &str {
        crate::section::display_name(self.kind, &self.heading)
    }
}

impl From<&Note> for StoredNote {
    fn from(note: &Note) -> StoredNote {
        StoredNote {
            title: note.title.clone(),
            aliases: note.aliases.clone(),
            tags: note.tags.clone(),
            links: note.links.clone(),
            sections: note
                .sections
                .iter()
                .map(|s| StoredSection {
                    heading: s.heading.clone(),
                    kind: s.kind,
                    line: s.line,
                    lines: s.search_lines(),
                })
                .collect(),
        }
    }
}

/// File state recorded for each note file, by relative path.
pub type Manifest = HashMap<String, FileState>;

/// What the index remembers of a file: enough to tell whether it changed since.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileState {
    pub mtime: u64,
    pub size: u64,
    /// False for a file that was skipped (not UTF-8, too large): it is remembered so that it is
    /// not re-read and re-reported on every run, but it holds no note.
    pub indexed: bool,
}

impl NoteIndex {
    /// Looks at `dir` and opens the index there if it is one of ours and current.
    pub fn inspect(dir: &Path) -> Result<IndexState> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::IndexNotFolder {
                path: dir.to_path_buf(),
            });
        }
        if !dir.join("meta.json").exists() {
            let has_files = dir.is_dir()
                && std::fs::read_dir(dir)
                    .map_err(|e| Error::io(dir, e))?
                    .filter_map(|e| e.ok())
                    .any(|e| !e.file_name().to_string_lossy().starts_with('.'));
            return if has_files {
                Err(corrupt(dir, "the folder holds files but no noteseek index"))
            } else {
                Ok(IndexState::Missing)
            };
        }
        let directory =
            directory::IndexDirectory::open(dir).map_err(|e| corrupt(dir, &e.to_string()))?;
        let index = Index::open(directory).map_err(|e| corrupt(dir, &e.to_string()))?;
        let metas = index
            .load_metas()
            .map_err(|e| corrupt(dir, &e.to_string()))?;
        if metas.payload.as_deref() != Some(schema::version_stamp().as_str()) {
            return Ok(IndexState::Outdated);
        }
        let fields = Fields::new();
        if index.schema() != fields.schema {
            return Ok(IndexState::Outdated);
        }
        Ok(IndexState::Current(Box::new(NoteIndex::with(
            index, fields, dir,
        ))))
    }

    /// Creates an empty index in `dir`, removing any index files already there.
    pub fn create(dir: &Path) -> Result<NoteIndex> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        remove_index_files(dir)?;
        let fields = Fields::new();
        let directory =
            directory::IndexDirectory::open(dir).map_err(|e| corrupt(dir, &e.to_string()))?;
        let index = Index::create(directory, fields.schema.clone(), Default::default())?;
        Ok(NoteIndex::with(index, fields, dir))
    }

    fn with(index: Index, fields: Fields, dir: &Path) -> NoteIndex {
        // Tokenizers are not stored in the index, only their names: register on every open.
        index.tokenizers().register(TOKENIZER_NAME, KoreanTokenizer);
        NoteIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            reader: std::sync::OnceLock::new(),
        }
    }

    /// The reader of a one-shot command: opened once, no background thread polling for new
    /// commits (after committing, call [`NoteIndex::reload`]).
    pub fn reader(&self) -> Result<IndexReader> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader.clone());
        }
        let reader: IndexReader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| corrupt(&self.dir, &e.to_string()))?;
        Ok(self.reader.get_or_init(|| reader).clone())
    }

    /// Makes the reader see the last commit.
    pub fn reload(&self) -> Result<()> {
        if let Some(reader) = self.reader.get() {
            reader.reload().map_err(|e| self.damaged(e))?;
        }
        Ok(())
    }

    /// The error for a failure reading the index's files: damage the user fixes with
    /// `--rebuild`.
    pub fn damaged(&self, err: tantivy::TantivyError) -> Error {
        corrupt(&self.dir, &err.to_string())
    }

    /// The recorded state of every file in the index, from fast fields (no stored documents read).
    pub fn manifest(&self, reader: &IndexReader) -> Result<Manifest> {
        let searcher = reader.searcher();
        let mut manifest = Manifest::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let broken = |e: tantivy::TantivyError| corrupt(&self.dir, &e.to_string());
            let Some(paths) = fast.str("path").map_err(broken)? else {
                continue;
            };
            let mtimes = fast.u64("mtime").map_err(broken)?;
            let sizes = fast.u64("size").map_err(broken)?;
            let indexed = fast.u64("indexed").map_err(broken)?;
            // Terms streamed once in order: looking each document's path up by ordinal would
            // decompress a dictionary block per document (most of the time at 100k notes).
            let mut names = Vec::with_capacity(paths.num_terms());
            let mut stream = paths
                .dictionary()
                .stream()
                .map_err(|e| corrupt(&self.dir, &e.to_string()))?;
            while stream.advance() {
                names.push(String::from_utf8_lossy(stream.key()).into_owned());
            }
            for doc in segment.doc_ids_alive() {
                let Some(name) = paths
                    .term_ords(doc)
                    .next()
                    .and_then(|ord| names.get(ord as usize))
                else {
                    continue;
                };
                let state = FileState {
                    mtime: mtimes.first(doc).unwrap_or(0),
                    size: sizes.first(doc).unwrap_or(0),
                    indexed: indexed.first(doc).unwrap_or(0) == 1,
                };
                manifest.insert(name.clone(), state);
            }
        }
        Ok(manifest)
    }
}

fn corrupt(dir: &Path, reason: &str) -> Error {
    Error::IndexCorrupt {
        path: dir.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// Removes what tantivy (and only tantivy) writes in an index folder, so that `--rebuild` on a
/// wrongly given folder never deletes a user's files. Lock files stay: another process may hold them.
fn remove_index_files(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name == "meta.json"
            || name == ".managed.json"
            || [
                ".idx",
                ".pos",
                ".term",
                ".store",
                ".fast",
                ".fieldnorm",
                ".del",
            ]
            .iter()
            .any(|ext| name.ends_with(ext));
        if ours && entry.path().is_file() {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        }
    }
    Ok(())
}
