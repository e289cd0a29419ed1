//! noteseek: a search engine for Korean exam notes written in Markdown.
//!
//! The pieces, in the order a note travels through them: [`note`] parses a Markdown file into
//! sections, [`analysis`] turns Korean text into terms, [`index`] stores notes in tantivy and keeps
//! the index in step with the notes folder, [`query`] parses what the user typed, [`search`] ranks
//! notes and picks the section and snippet to show, and [`printer`] writes results for people or
//! programs. [`show`] renders a whole note; [`cli`] holds the command-line interface.

pub mod analysis;
pub mod error;
pub mod note;
pub mod section;

pub use error::{Error, Result};
