//! The preview of the selected hit: its matched section rendered as `show` renders it, wrapped
//! to the pane, with the matched words marked and the matched line found.

use std::collections::HashMap;
use std::path::PathBuf;

use noteseek::note::{Note, Section, TitleSource};
use noteseek::notes_folder;
use noteseek::search::Hit;

use crate::printer::sanitize;
use crate::render::{self, RenderedLine};

/// Columns a table row's wrapped continuation needs to stand under its last column.
const MIN_HANG_ROOM: usize = 20;

/// A hit's section as text, and where its match is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub lines: Vec<RenderedLine>,
    /// Index into `lines` of the matched line.
    pub target: usize,
    /// The matched words, as the snippet marked them.
    pub words: Vec<String>,
}

/// One screen row of a preview: text and the byte ranges of matched words in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub text: String,
    pub marks: Vec<(usize, usize)>,
}

/// Notes read for previews, by path: moving up and down the list reads each note once.
pub struct Previews {
    notes: PathBuf,
    titles: TitleSource,
    loaded: HashMap<String, Result<Note, String>>,
}

impl Previews {
    pub fn new(notes: PathBuf, titles: TitleSource) -> Previews {
        Previews {
            notes,
            titles,
            loaded: HashMap::new(),
        }
    }

    /// Forgets what was read (the editor may have changed it).
    pub fn clear(&mut self) {
        self.loaded.clear();
    }

    /// The preview of `hit`, or why there is none.
    pub fn of(&mut self, hit: &Hit) -> Result<Preview, String> {
        let (notes, titles) = (&self.notes, self.titles);
        let note = self
            .loaded
            .entry(hit.path.clone())
            .or_insert_with(|| {
                notes_folder::load(notes, &hit.path, titles)
                    .map(|loaded| loaded.note)
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(Clone::clone)?;
        Ok(preview(note, hit))
    }
}

/// The section of `note` that `hit` matched in, rendered, with its match found.
pub fn preview(note: &Note, hit: &Hit) -> Preview {
    let lines = match matched_section(note, hit) {
        Some(section) => render::render_lines(note, &[section], false),
        None => render::render_lines(note, &note.sections.iter().collect::<Vec<_>>(), true),
    };
    let target = lines
        .iter()
        .position(|l| l.source == Some(hit.line))
        .or_else(|| lines.iter().position(|l| l.source > Some(hit.line)))
        .unwrap_or(0);
    Preview {
        lines,
        target,
        words: matched_words(hit),
    }
}

/// The words the search matched in `hit`, as its snippet marks them.
pub fn matched_words(hit: &Hit) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for &(start, end) in &hit.snippet.highlights {
        if let Some(word) = hit.snippet.text.get(start..end) {
            if !words.iter().any(|w| w == word) {
                words.push(word.to_string());
            }
        }
    }
    words
}

/// The section the hit names; of several with that heading, the one holding its line.
fn matched_section<'n>(note: &'n Note, hit: &Hit) -> Option<&'n Section> {
    let named: Vec<&Section> = note
        .sections
        .iter()
        .filter(|s| s.kind == hit.section.kind && s.heading == hit.section.heading)
        .collect();
    named
        .iter()
        .rev()
        .find(|s| s.line <= hit.line)
        .or(named.first())
        .copied()
}

impl Preview {
    /// The preview as screen rows `width` columns wide: prose wrapped at spaces, diagrams
    /// kept as drawn (cut at the edge). Also returns the row the matched line starts on.
    pub fn rows(&self, width: usize) -> (Vec<Row>, usize) {
        let width = width.max(1);
        let mut rows = Vec::new();
        let mut target_row = 0;
        for (i, line) in self.lines.iter().enumerate() {
            if i == self.target {
                target_row = rows.len();
            }
            let text = sanitize(&line.text).replace('\t', "    ");
            if line.verbatim || text.is_empty() {
                rows.push(self.row(text));
                continue;
            }
            // A hanging indent that leaves too little room would stack words one per row.
            let hang = " ".repeat(if line.hang + MIN_HANG_ROOM <= width {
                line.hang
            } else {
                0
            });
            let options = textwrap::Options::new(width)
                .break_words(true)
                .subsequent_indent(&hang);
            for piece in textwrap::wrap(&text, &options) {
                rows.push(self.row(piece.into_owned()));
            }
        }
        (rows, target_row)
    }

    fn row(&self, text: String) -> Row {
        Row {
            marks: marks(&text, &self.words),
            text,
        }
    }
}

/// Byte ranges of `words` in `text` (Latin letters in any case), in order, not overlapping.
pub fn marks(text: &str, words: &[String]) -> Vec<(usize, usize)> {
    // ASCII lowercasing keeps byte offsets, so ranges found in it are ranges of `text`.
    let haystack = text.to_ascii_lowercase();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for word in words {
        let needle = word.to_ascii_lowercase();
        if needle.is_empty() {
            continue;
        }
        found.extend(
            haystack
                .match_indices(&needle)
                .map(|(at, _)| (at, at + needle.len())),
        );
    }
    found.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in found {
        match merged.last_mut() {
            Some(last) if start < last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::picker::state::tests::hit;
    use noteseek::note::parse;
    use noteseek::search::Snippet;
    use noteseek::section::SectionKind;

    const NOTE: &str = "#클라우드\n\n## 정의\n컨테이너 기반 가상화 도구\n\n## 구성요소\n| 구성요소 | 설명 |\n|---|---|\n| Docker Engine | 컨테이너 실행 |\n| 레지스트리 | 이미지 저장소 |\n\n## 구성도\n```\n┌────────┐\n│ Docker │\n└────────┘\n```\n";

    fn components_hit() -> Hit {
        let mut hit = hit(1, "도커", "cloud/도커.md");
        hit.section.kind = Some(SectionKind::Components);
        hit.section.heading = "구성요소".into();
        hit.section.name = "구성요소".into();
        hit.line = 10;
        hit.snippet = Snippet {
            text: "레지스트리 · 이미지 저장소".into(),
            highlights: vec![(0, 15)],
        };
        hit
    }

    #[test]
    fn the_matched_section_is_rendered_as_show_renders_it() {
        let note = parse("도커", NOTE);
        let preview = preview(&note, &components_hit());
        let texts: Vec<&str> = preview.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "구성요소       설명",
                "─────────────  ─────────────",
                "Docker Engine  컨테이너 실행",
                "레지스트리     이미지 저장소",
            ]
        );
        assert_eq!(preview.target, 3);
        assert_eq!(preview.words, ["레지스트리"]);
    }

    #[test]
    fn prose_wraps_at_spaces_by_display_width_and_diagrams_do_not() {
        let note = parse("도커", NOTE);
        let mut hit = components_hit();
        hit.section.kind = Some(SectionKind::Definition);
        hit.section.heading = "정의".into();
        hit.line = 4;
        let (rows, target) = preview(&note, &hit).rows(12);
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        // A Hangul syllable takes two columns.
        assert_eq!(texts, ["컨테이너", "기반 가상화", "도구"]);
        assert_eq!(target, 0);
        hit.section.kind = Some(SectionKind::Diagram);
        hit.section.heading = "구성도".into();
        hit.line = 15;
        let (rows, target) = preview(&note, &hit).rows(4);
        assert_eq!(rows[1].text, "│ Docker │");
        assert_eq!(target, 1);
    }

    #[test]
    fn matched_words_are_marked_in_any_case() {
        let words = vec!["docker".to_string(), "컨테이너".to_string()];
        let text = "Docker는 컨테이너 엔진, DOCKER";
        let found: Vec<&str> = marks(text, &words)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(found, ["Docker", "컨테이너", "DOCKER"]);
        let nested = vec!["k8s".to_string(), "k8".to_string()];
        assert_eq!(marks("K8s", &nested), [(0, 3)]);
    }
}
