//! Where a hit's highlighted words stand in the note's source file: line and 1-based byte
//! column, as ripgrep's `--vimgrep` gives them to editors' quickfix lists.
//!
//! A snippet is cut from the note's searchable text (markup removed, table cells joined with
//! ` · `), so a highlight's offset in the snippet is not its column in the file: the word is
//! looked for in the source line, after the same words that precede it in the snippet.

use crate::search::Hit;

/// One match in the source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceMatch {
    /// 1-based line.
    pub line: u32,
    /// 1-based byte column of the match's first byte in the line.
    pub column: usize,
    /// The source line as written, without its line ending.
    pub text: String,
}

/// The matches of `hit` in `source` (the note file's text), one per highlighted word, in
/// order. A hit without highlights (listed by a filter) gives its line at column 1.
pub fn matches(hit: &Hit, source: &str) -> Vec<SourceMatch> {
    let Some(text) = source
        .lines()
        .nth(hit.line.saturating_sub(1) as usize)
        .map(|l| l.strip_prefix('\u{feff}').unwrap_or(l))
    else {
        return Vec::new();
    };
    let at = |column: usize| SourceMatch {
        line: hit.line,
        column,
        text: text.to_string(),
    };
    // Highlights are in the snippet's first line, the one `hit.line` names.
    let snippet = hit.snippet.text.split('\n').next().unwrap_or_default();
    let mut found = Vec::new();
    let mut from = 0;
    for &(start, end) in &hit.snippet.highlights {
        if end > snippet.len() {
            break;
        }
        let column =
            find(text, from, &snippet[start..end]).or_else(|| find(text, 0, &snippet[start..end]));
        match column {
            Some(column) => {
                from = column + (end - start);
                found.push(at(column + 1));
            }
            None => found.push(at(1)),
        }
    }
    if found.is_empty() {
        found.push(at(1));
    }
    found.dedup();
    found
}

/// The byte offset of `word` in `line` at or after `from`, case ignored where lowercasing keeps
/// byte lengths (Latin, Hangul).
fn find(line: &str, from: usize, word: &str) -> Option<usize> {
    let rest = line.get(from..)?;
    let lower = rest.to_lowercase();
    let found = if lower.len() == rest.len() {
        lower.find(&word.to_lowercase())
    } else {
        rest.find(word)
    };
    found.map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::NoteKind;
    use crate::search::{MatchedSection, Snippet};

    fn hit(line: u32, snippet: &str, highlights: Vec<(usize, usize)>) -> Hit {
        Hit {
            rank: 1,
            score: 1.0,
            title: "t".into(),
            kind: NoteKind::Topic,
            path: "t.md".into(),
            tags: vec![],
            section: MatchedSection {
                kind: None,
                heading: String::new(),
                name: String::new(),
            },
            line,
            snippet: Snippet {
                text: snippet.into(),
                highlights,
            },
        }
    }

    #[test]
    fn a_table_row_s_word_is_found_at_its_byte_column() {
        let source =
            "## 구성요소\n| 도구 | 설명 |\n|---|---|\n| **Ansible** | 에이전트 없는 도구 |\n";
        let snippet = "Ansible · 에이전트 없는 도구";
        let found = matches(&hit(4, snippet, vec![(0, 7), (11, 23)]), source);
        let columns: Vec<usize> = found.iter().map(|m| m.column).collect();
        assert_eq!(columns, [5, 17]);
        assert_eq!(found[0].text, "| **Ansible** | 에이전트 없는 도구 |");
        assert_eq!(&found[1].text[16..28], "에이전트");
    }

    #[test]
    fn a_repeated_word_is_matched_in_order_and_case_is_ignored() {
        let source = "Docker 위의 docker";
        let found = matches(
            &hit(1, "docker 위의 docker", vec![(0, 6), (14, 20)]),
            source,
        );
        let columns: Vec<usize> = found.iter().map(|m| m.column).collect();
        assert_eq!(columns, [1, 15]);
    }

    #[test]
    fn a_hit_without_highlights_points_at_its_line() {
        let found = matches(&hit(2, "둘째", vec![]), "첫째\n둘째 줄\n");
        assert_eq!(
            found,
            [SourceMatch {
                line: 2,
                column: 1,
                text: "둘째 줄".into()
            }]
        );
    }
}
