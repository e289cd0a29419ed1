//! noteseek: a search engine for Korean exam notes written in Markdown.
//!
//! The pieces, in the order a note travels through them: [`note`] parses a Markdown file into
//! sections, [`analysis`] turns Korean text into terms, [`index`] stores notes in tantivy and keeps
//! the index in step with the notes folder, [`query`] parses what the user typed, [`search`] ranks
//! notes and picks the section and snippet to show, and [`printer`] writes results for people or
//! programs. [`show`] renders a whole note; [`cli`] holds the command-line interface.

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
