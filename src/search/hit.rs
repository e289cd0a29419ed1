//! What a search returns: ranked hits, each with the section and snippet that show why it
//! matched. Printers and the picker work on these types only.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::bridge::Source;
use crate::index::StoredNote;
use crate::note::NoteKind;
use crate::section::SectionKind;

pub use super::snippet::Snippet;

/// One ranked note.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    pub score: f32,
    pub title: String,
    /// A topic note, a stub or a listing page.
    pub kind: NoteKind,
    /// Path relative to the notes folder.
    pub path: String,
    pub tags: Vec<String>,
    /// The section that holds the best match.
    pub section: MatchedSection,
    /// The source line of the snippet (1-based), for `path:line`.
    pub line: u32,
    pub snippet: Snippet,
}

/// The matched section as shown: its canonical kind if any, and its heading as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedSection {
    pub kind: Option<SectionKind>,
    pub heading: String,
    /// The canonical name (정의, 구성요소 …) or, for other sections, the heading.
    pub name: String,
}

impl MatchedSection {
    /// The section at `index` of a stored note (nothing for a note without sections).
    pub fn of(note: &StoredNote, index: usize) -> MatchedSection {
        match note.sections.get(index) {
            Some(s) => MatchedSection {
                kind: s.kind,
                heading: s.heading.clone(),
                name: s.display_name().to_string(),
            },
            None => MatchedSection {
                kind: None,
                heading: String::new(),
                name: String::new(),
            },
        }
    }
}

/// The result of a search.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// Set when no note had every word and notes with some of them are shown instead.
    pub relaxed: bool,
    /// Set when the query had no searchable word at all (only particles or punctuation).
    pub empty_query: bool,
    /// Entries of the tables of other names that the query used: (table, name looked up).
    pub fired: BTreeSet<(Source, String)>,
    /// Whether the query described an idea, so that the descriptions of topics were searched.
    pub described: bool,
}
