//! The library's typed errors. The binary adds context with `anyhow` and prints one line.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Korean analyzer: {0}")]
    Analyzer(String),

    #[error("notes folder {path} not found (set --notes or NOTESEEK_NOTES)")]
    NotesMissing { path: PathBuf },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("index at {path} cannot be used: {reason}; run `noteseek index --rebuild`")]
    IndexCorrupt { path: PathBuf, reason: String },

    #[error(
        "index at {path} is being written by another noteseek process; try again when it finishes"
    )]
    IndexLocked { path: PathBuf },

    #[error("--index {path} is a file; give the folder the index lives in")]
    IndexNotFolder { path: PathBuf },

    #[error("unknown section `{name}`; valid sections: {valid}")]
    UnknownSection { name: String, valid: String },

    #[error("invalid query: {0}")]
    Query(String),

    #[error("no note titled `{title}`{suggestions}")]
    NoSuchNote { title: String, suggestions: String },

    #[error("{warnings} notes were skipped or damaged (--strict)")]
    Strict { warnings: usize },

    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
