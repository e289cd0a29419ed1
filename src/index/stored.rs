//! What the index keeps of each note for snippets and output, stored as JSON; and, apart, what
//! the topic graph needs of it ([`NoteLinks`]).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::note::{Line, Link, Note, NoteKind};
use crate::section::SectionKind;

/// A note as stored in the index.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredNote {
    pub title: String,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
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

/// What the topic graph needs of a note ([`crate::links::LinkGraph`]): its names, its links
/// with the text of their lines, its 키워드. Kept in a fast field of its own, so that the
/// graph of a whole vault is read without reading every stored note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoteLinks {
    pub title: String,
    pub aliases: Vec<String>,
    pub kind: NoteKind,
    pub links: Vec<LinkAt>,
    /// The terms of its 키워드 sections ([`Note::keywords`]).
    pub keywords: Vec<String>,
}

/// A link and the text of the line it stands on, as snippets show it (markup removed, table
/// cells joined by ` · `; a heading's text for a link in a heading).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkAt {
    #[serde(flatten)]
    pub link: Link,
    pub text: String,
}

impl From<&Note> for NoteLinks {
    fn from(note: &Note) -> NoteLinks {
        let mut texts: HashMap<u32, String> = HashMap::new();
        if !note.links.is_empty() {
            for section in &note.sections {
                texts.insert(section.line, section.heading.clone());
                texts.extend(section.search_lines().into_iter().map(|l| (l.line, l.text)));
            }
        }
        NoteLinks {
            title: note.title.clone(),
            aliases: note.aliases.clone(),
            kind: note.kind,
            links: note
                .links
                .iter()
                .map(|link| LinkAt {
                    text: texts.get(&link.line).cloned().unwrap_or_default(),
                    link: link.clone(),
                })
                .collect(),
            keywords: note.keywords(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_keeps_the_text_of_its_line_or_heading() {
        let note = crate::note::parse(
            "x",
            "## 정의\n본문\n## [[세마포어]]와 비교\n| A | B |\n|---|---|\n| [[뮤텍스]] | 잠금 |\n",
        );
        let texts: Vec<(String, String)> = NoteLinks::from(&note)
            .links
            .into_iter()
            .map(|l| (l.link.target, l.text))
            .collect();
        assert_eq!(
            texts,
            [
                ("세마포어".to_string(), "세마포어와 비교".to_string()),
                ("뮤텍스".to_string(), "뮤텍스 · 잠금".to_string())
            ]
        );
    }
}
