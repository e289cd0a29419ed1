//! noteseek: a search engine for Korean exam notes written in Markdown.
//!
//! The pieces, in the order a note travels through them: [`note`] parses a Markdown file into
//! sections, [`analysis`] turns Korean text into terms, [`index`] stores notes in tantivy and keeps
//! the index in step with the notes folder, [`query`] parses what the user typed, [`search`] ranks
//! notes and picks the section and snippet to show, and [`printer`] writes results for people or
//! programs. [`show`] renders a whole note; [`cli`] holds the command-line interface.
//!
//! ```
//! use noteseek::query::{parse, Target};
//! use noteseek::section::SectionKind;
//!
//! let query = parse("정의:컨테이너 -도커 \"서비스 메시\"").unwrap();
//! assert_eq!(query.clauses[0].target, Target::Section(SectionKind::Definition));
//! assert!(query.clauses[1].negated);
//! assert!(query.clauses[2].phrase);
//! ```

pub mod aliases;
pub mod analysis;
pub mod chosung;
pub mod cli;
pub mod commands;
pub mod error;
pub mod eval;
pub mod index;
pub mod note;
pub mod notes_folder;
pub mod printer;
pub mod query;
pub mod search;
pub mod section;
pub mod show;
pub mod snippet;
pub mod titles;

pub use error::{Error, Result};
