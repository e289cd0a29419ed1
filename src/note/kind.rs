//! Telling topic notes from stubs and listing pages, which rank below topic notes.
//!
//! - A **listing page** is a folder's page or a map of content: a file named `_index.md`, a
//!   Just the Docs parent page (`has_children: true`), or a note whose non-empty lines are
//!   mostly links — at least 60% of them, and at least three (30% for a file named `index.md` or
//!   `README.md`, which in a Hugo page bundle can also be a topic note).
//! - A **stub** holds little beyond its title and keywords: under 20 words of body text outside
//!   headings and the 키워드 and 연관 토픽 sections, or a placeholder line (`작성 예정`, `TODO`,
//!   `(추후 보완)`) as the whole of its 정의.

use serde::{Deserialize, Serialize};

use super::parse::is_index_name;
use super::{Block, Note};
use crate::section::SectionKind;

/// What kind of page a note is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// A note about a topic.
    #[default]
    Topic,
    /// A note with little content yet.
    Stub,
    /// A page of links to other notes.
    Listing,
}

/// Share of link lines that makes a listing page.
const LISTING_LINK_SHARE: f64 = 0.6;
/// The same for `index.md` and `README.md`.
const INDEX_LINK_SHARE: f64 = 0.3;
/// Fewest link lines of a listing page.
const LISTING_MIN_LINKS: usize = 3;
/// A note with fewer words of body text is a stub.
const STUB_MAX_WORDS: usize = 20;

/// The kind of a note found under `file_stem` (its file name without `.md`).
pub fn classify(note: &Note, file_stem: &str) -> NoteKind {
    if is_listing(note, file_stem) {
        NoteKind::Listing
    } else if is_stub(note) {
        NoteKind::Stub
    } else {
        NoteKind::Topic
    }
}

fn is_listing(note: &Note, file_stem: &str) -> bool {
    let stats = note.stats;
    if file_stem.eq_ignore_ascii_case("_index") || stats.has_children {
        return true;
    }
    let share = if is_index_name(file_stem) {
        INDEX_LINK_SHARE
    } else {
        LISTING_LINK_SHARE
    };
    stats.link_lines >= LISTING_MIN_LINKS
        && stats.link_lines as f64 >= share * stats.lines.max(1) as f64
}

fn is_stub(note: &Note) -> bool {
    let words = body_words(note);
    if words < STUB_MAX_WORDS {
        return true;
    }
    note.sections
        .iter()
        .find(|s| s.kind == Some(SectionKind::Definition))
        .is_some_and(|definition| {
            let lines = definition.search_lines();
            !lines.is_empty() && lines.iter().all(|l| is_placeholder(&l.text))
        })
}

/// Words of body text: outside headings, the 키워드 and 연관 토픽 sections and placeholder lines.
pub fn body_words(note: &Note) -> usize {
    let mut words = 0;
    for section in &note.sections {
        if matches!(
            section.kind,
            Some(SectionKind::Keywords | SectionKind::Related)
        ) {
            continue;
        }
        for block in &section.blocks {
            let lines = match block {
                Block::Text(lines) | Block::Code(lines) => lines.clone(),
                Block::Table { .. } => section.search_lines(),
            };
            for line in lines {
                if !is_placeholder(&line.text) {
                    words += line
                        .text
                        .split_whitespace()
                        .filter(|w| w.chars().any(char::is_alphanumeric))
                        .count();
                }
            }
        }
    }
    words
}

/// A line that stands where content will go (`작성 예정`, `TODO: 정리`, `(추후 보완)`).
pub fn is_placeholder(line: &str) -> bool {
    const MARKS: [&str; 10] = [
        "작성 예정",
        "작성예정",
        "작성 중",
        "추후 보완",
        "추후 작성",
        "내용 추가",
        "정리 필요",
        "준비 중",
        "todo",
        "tbd",
    ];
    let lower = line.to_lowercase();
    lower.chars().count() <= 30 && MARKS.iter().any(|m| lower.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::parse;

    #[test]
    fn a_page_of_link_rows_is_a_listing() {
        let text = "---\ntitle: 운영체제\n---\n# 운영체제\n| 토픽 | 설명 |\n|---|---|\n| [교착상태](/docs/os/deadlock) | 자원 대기 |\n| [스풀링](/docs/os/spooling) | 입출력 |\n| [DMA](/docs/os/dma) | 전송 |\n";
        assert_eq!(classify(&parse("index", text), "index"), NoteKind::Listing);
        let moc = "# MOC\n- [[교착상태]]\n- [[세마포어]]\n- [[뮤텍스]]\n- [[모니터]]\n";
        assert_eq!(
            classify(&parse("MOC 운영체제", moc), "MOC 운영체제"),
            NoteKind::Listing
        );
        assert_eq!(
            classify(&parse("_index", "---\ntitle: 보안\n---\n"), "_index"),
            NoteKind::Listing
        );
    }

    #[test]
    fn a_title_keywords_and_a_placeholder_make_a_stub() {
        let text = "# 반정규화\n#db\n## 키워드\n- 테이블 병합, 중복 칼럼, 파생 칼럼\n\n작성 예정\n";
        assert_eq!(
            classify(&parse("반정규화", text), "반정규화"),
            NoteKind::Stub
        );
        let placeholder = format!(
            "## 정의\n(추후 보완)\n## 특징\n{}\n",
            "특징 설명 문장이다 ".repeat(20)
        );
        assert_eq!(classify(&parse("x", &placeholder), "x"), NoteKind::Stub);
    }

    #[test]
    fn a_note_with_content_and_a_few_links_is_a_topic() {
        let text = format!(
            "## 정의\n{}## 연관 토픽\n- [[세마포어]]\n- [[뮤텍스]]\n- [[모니터]]\n",
            "- 교착상태는 자원을 서로 기다리며 멈춘 상태이다.\n".repeat(8)
        );
        assert_eq!(
            classify(&parse("교착상태", &text), "교착상태"),
            NoteKind::Topic
        );
    }

    #[test]
    fn placeholders_are_short_lines_that_say_so() {
        assert!(is_placeholder("TODO: 정리 필요"));
        assert!(is_placeholder("(추후 보완)"));
        assert!(!is_placeholder(
            "작성 예정인 문서의 버전을 관리하는 것이 형상 관리의 핵심 목적이다"
        ));
    }
}
