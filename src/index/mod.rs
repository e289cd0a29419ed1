//! The tantivy index of a notes folder: opening it, knowing whether it is current, and reading
//! it through one [`Snapshot`]. Building and incremental updates live in [`build`].

pub mod build;
mod directory;
mod presence;
mod schema;
mod snapshot;
mod stored;
pub mod unchanged;

use std::path::{Path, PathBuf};

use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::analysis::bigram::{BigramTokenizer, BIGRAM_TOKENIZER};
use crate::analysis::{KoreanTokenizer, TOKENIZER_NAME};
use crate::error::{Error, Result};
use crate::note::TitleSource;
pub(crate) use schema::Fields;
pub use schema::{tag_terms, IndexField};
pub use snapshot::{FileState, Manifest, NoteAddress, Snapshot};
pub use stored::{LinkAt, NoteLinks, StoredNote, StoredSection};

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
    index: Index,
    fields: Fields,
    dir: PathBuf,
    /// Opened once: the freshness check and the search share it.
    reader: std::sync::OnceLock<IndexReader>,
}

impl NoteIndex {
    /// Looks at `dir` and opens the index there if it is one of ours, current, and made with
    /// titles from `titles`.
    pub fn inspect(dir: &Path, titles: TitleSource) -> Result<IndexState> {
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
                Err(damaged(dir, "the folder holds files but no noteseek index"))
            } else {
                Ok(IndexState::Missing)
            };
        }
        let directory = directory::IndexDirectory::open(dir).map_err(|e| damaged(dir, e))?;
        let index = Index::open(directory).map_err(|e| damaged(dir, e))?;
        let metas = index.load_metas().map_err(|e| damaged(dir, e))?;
        if metas.payload.as_deref() != Some(schema::version_stamp(titles).as_str()) {
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
        let directory = directory::IndexDirectory::open(dir).map_err(|e| damaged(dir, e))?;
        let index = Index::create(directory, fields.schema.clone(), Default::default())?;
        Ok(NoteIndex::with(index, fields, dir))
    }

    fn with(index: Index, fields: Fields, dir: &Path) -> NoteIndex {
        // Tokenizers are not stored in the index, only their names: register on every open.
        index.tokenizers().register(TOKENIZER_NAME, KoreanTokenizer);
        index
            .tokenizers()
            .register(BIGRAM_TOKENIZER, BigramTokenizer);
        NoteIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            reader: std::sync::OnceLock::new(),
        }
    }

    /// The folder the index lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the index holds as of its last commit that this process has seen.
    pub fn snapshot(&self) -> Result<Snapshot> {
        Ok(Snapshot::new(
            self.reader()?.searcher(),
            self.fields.clone(),
            self.dir.clone(),
        ))
    }

    /// The reader of a one-shot command: opened once, no background thread polling for new
    /// commits (after committing, call [`NoteIndex::reload`]).
    fn reader(&self) -> Result<&IndexReader> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader);
        }
        let reader: IndexReader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| damaged(&self.dir, e))?;
        Ok(self.reader.get_or_init(|| reader))
    }

    /// Makes the next snapshot see the last commit.
    pub(crate) fn reload(&self) -> Result<()> {
        if let Some(reader) = self.reader.get() {
            reader.reload().map_err(|e| damaged(&self.dir, e))?;
        }
        Ok(())
    }
}

/// The one error for a failure reading the index's files: damage the user fixes with
/// `--rebuild`.
pub(crate) fn damaged(dir: &Path, reason: impl std::fmt::Display) -> Error {
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
            || name == unchanged::RECORD_FILE
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
