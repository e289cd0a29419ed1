//! What the index keeps of each note for snippets and output, stored as JSON.

use serde::{Deserialize, Serialize};

use crate::note::{Line, Link, Note, NoteKind};
use crate::section::SectionKind;

/// A note as stored in the index.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredNote {
    pub title: String,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    pub links: Vec<Link>,
    pub sections: Vec<StoredSection>,
    pub kind: NoteKind,
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
            kind: note.kind,
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
