//! Plain-language descriptions of exam topics (`data/concepts.tsv`), the way a student describes
//! an idea whose name escapes them (`돌아가면서 똑같은 시간씩 CPU 주는 방식` for Round Robin).
//!
//! A note whose title or alias names a described topic is indexed with its descriptions in a
//! field of their own ([`crate::index::IndexField::Concept`]), searched only when a query
//! describes (four words or more), so such a description finds the note while a name search is
//! never steered by another topic's description. A topic is found by any of its names: the one
//! written in the table and, through the glossary and the other tables of names, its acronym,
//! expansion and Korean names.

use crate::bridge::{ids_of, name_key, Packed};
use crate::note::{Note, NoteKind};
use crate::text::name_parts;

/// The compiled table, from the build script.
mod shipped {
    use super::Packed;
    include!(concat!(env!("OUT_DIR"), "/concept_tables.rs"));
}

/// The descriptions of the topic a name names, one per line; `None` for a name not in the table.
pub fn of_name(name: &str) -> Option<Vec<&'static str>> {
    let ids = ids_of(
        &shipped::KEYS,
        shipped::IDS,
        shipped::ID_SPANS,
        &name_key(name),
    );
    (!ids.is_empty()).then(|| {
        ids.iter()
            .map(|&id| shipped::DESCRIPTIONS.get(id as usize))
            .collect()
    })
}

/// The descriptions of the topics a note is about, as text to index: its title's and aliases'
/// topics, with the parts of names such as `TLB (변환 색인 버퍼)` and `OLTP vs OLAP`. A listing
/// page is about no topic.
pub fn of_note(note: &Note) -> String {
    if note.kind == NoteKind::Listing {
        return String::new();
    }
    let mut found: Vec<&'static str> = Vec::new();
    for name in std::iter::once(&note.title).chain(&note.aliases) {
        for part in name_parts(name) {
            for description in of_name(part).unwrap_or_default() {
                if !found.contains(&description) {
                    found.push(description);
                }
            }
        }
    }
    found.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_is_found_by_any_of_its_names() {
        let by_acronym = of_name("SSO").expect("SSO is described");
        assert!(!by_acronym.is_empty());
        assert_eq!(of_name("Single Sign-On"), Some(by_acronym.clone()));
        assert_eq!(of_name("통합 인증"), Some(by_acronym));
        assert_eq!(of_name("무작위로 지은 이름"), None);
    }

    #[test]
    fn a_note_gets_its_topics_descriptions_and_a_listing_none() {
        let mut note = Note {
            title: "SSO(Single Sign-On)".to_string(),
            ..Note::default()
        };
        let text = of_note(&note);
        for description in of_name("SSO").unwrap() {
            assert!(text.contains(description), "{description}");
        }
        note.kind = NoteKind::Listing;
        assert_eq!(of_note(&note), "");
    }
}
