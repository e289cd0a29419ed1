//! The library's typed errors. The binary adds context with `anyhow` and prints one line.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Korean analyzer: {0}")]
    Analyzer(String),

    #[error("notes folder {path} not found (set --notes or NOTESEEK_NOTES)")]
    NotesMissing { path: PathBuf },

    /// The cause is part of the message and not a `source`, so that a chain of causes never
    /// prints it twice.
    #[error("{path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },

    #[error("{path}: {reason}")]
    NoteUnreadable { path: PathBuf, reason: String },

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

    #[error("no note titled `{title}`{}", did_you_mean(suggestions))]
    NoSuchNote {
        title: String,
        suggestions: Vec<String>,
    },

    #[error("a watcher already keeps the index at {path} up to date")]
    WatcherRunning { path: PathBuf },

    #[error("watching the notes folder: {0}")]
    Watch(String),

    #[error(
        "{} notes answer to `{title}`; name one by its path:{}",
        paths.len(),
        paths.iter().map(|p| format!("\n  {p}")).collect::<String>()
    )]
    AmbiguousTitle { title: String, paths: Vec<String> },

    #[error("ignore glob `{glob}`: {reason}")]
    IgnoreGlob { glob: String, reason: String },

    #[error("{warnings} notes were skipped or damaged (--strict)")]
    Strict { warnings: usize },

    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),

    #[error("no editor is set; set NOTESEEK_EDITOR, VISUAL or EDITOR (for example `export EDITOR=vim`), or `editor` in a config file")]
    NoEditor,

    #[error("cannot use the editor `{editor}` from {source_name}: {reason}")]
    EditorCommand {
        editor: String,
        /// The variable it was set in (`$EDITOR`).
        source_name: String,
        reason: String,
    },

    #[error("the editor `{command}` {reason}")]
    EditorFailed { command: String, reason: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            cause,
        }
    }

    /// Whether this is a write to a closed pipe (`noteseek … | head -1`): a normal end.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { cause, .. } if cause.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// `; did you mean:` and one suggestion per line (titles may hold commas), or nothing.
pub fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        return String::new();
    }
    let mut text = String::from("; did you mean:");
    for suggestion in suggestions {
        text.push_str("\n  ");
        text.push_str(suggestion);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_io_error_names_its_cause_once() {
        let err = Error::io(
            "/dev/full",
            std::io::Error::from_raw_os_error(28), // ENOSPC
        );
        let chain = format!("{:#}", anyhow::Error::from(err));
        assert_eq!(chain.matches("No space left").count(), 1, "{chain}");
    }

    #[test]
    fn notes_sharing_a_title_are_listed_one_path_per_line() {
        let err = Error::AmbiguousTitle {
            title: "중복".into(),
            paths: vec!["notes/a/중복.md".into(), "notes/b/중복.md".into()],
        };
        assert_eq!(
            err.to_string(),
            "2 notes answer to `중복`; name one by its path:\n  notes/a/중복.md\n  notes/b/중복.md"
        );
    }

    #[test]
    fn suggestions_stand_one_per_line() {
        let err = Error::NoSuchNote {
            title: "CI CD".into(),
            suggestions: vec!["CI, CD".into(), "RAID".into()],
        };
        assert_eq!(
            err.to_string(),
            "no note titled `CI CD`; did you mean:\n  CI, CD\n  RAID"
        );
    }
}
