//! noteseek's engine: a search engine for Korean exam notes written in Markdown. The `noteseek`
//! command-line application (`src/bin/noteseek/`) sits on it.
//!
//! The pieces, in the order a note travels through them: [`notes_folder`] finds and reads the
//! notes, [`note`] parses a Markdown file into sections, [`analysis`] turns Korean text into
//! terms, [`index`] stores notes in tantivy, keeps the index in step with the folder and reads it
//! through one snapshot, [`query`] parses what the user typed, and [`search`] plans, runs and
//! explains a search. [`titles`] finds notes by title, [`catalog`] lists notes, tags and
//! headings, [`concepts`] describes exam topics in a student's words, [`locate`] finds a hit's words in its source file; [`links`] resolves links and
//! holds the topic graph, from which [`related`] ranks the topics to revise together; [`watch`]
//! keeps an index current as notes are saved and answers searches while it runs; [`eval`] measures search quality.
//!
//! ```
//! use noteseek::query::{parse, Target};
//! use noteseek::section::SectionKind;
//!
//! let query = parse("정의:컨테이너 -도커 \"서비스 메시\"").unwrap();
//! assert_eq!(query.clauses[0].target, Target::Section(SectionKind::Definition.into()));
//! assert!(query.clauses[1].negated);
//! assert!(query.clauses[2].phrase);
//! ```

pub mod aliases;
pub mod analysis;
pub mod bridge;
pub mod catalog;
pub mod chosung;
pub mod concepts;
pub mod editor;
pub mod error;
pub mod eval;
pub mod index;
pub mod links;
pub mod locate;
pub mod note;
pub mod notes_folder;
pub mod query;
pub mod related;
pub mod search;
pub mod section;
pub mod suggest;
pub mod tags;
pub mod text;
pub mod titles;
pub mod watch;

pub use error::{Error, Result};
