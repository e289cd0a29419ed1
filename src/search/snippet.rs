//! Choosing, for a hit, the section and line that best show why it matched, and cutting a
//! snippet from it with the matched words marked.

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use crate::analysis::{is_word_char, words, KoreanAnalyzer};
use crate::index::StoredNote;
use crate::note::Line;
use crate::section::{SectionKind, SectionRef};

/// Longest snippet line, in characters (not bytes: a Hangul syllable is one character).
pub const MAX_LINE_CHARS: usize = 110;
/// Context kept before the first match when a long line is cut.
const LEAD_CHARS: usize = 25;
/// A best line shorter than this is followed by the next line of its section.
const SHORT_LINE_CHARS: usize = 50;

/// A piece of note text with the byte ranges of matched words.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// One or two lines of plain text, separated by `\n`.
    pub text: String,
    /// Byte ranges of `text` to highlight, in order, not overlapping.
    pub highlights: Vec<(usize, usize)>,
}

/// Where a hit is shown.
#[derive(Clone, Debug, Default)]
pub struct BestMatch {
    /// Index into the stored note's sections.
    pub section: usize,
    /// Source line of the snippet's first line.
    pub line: u32,
    pub snippet: Snippet,
}

struct LineMatch {
    index: usize,
    distinct: usize,
    count: usize,
    ranges: Vec<(usize, usize)>,
}

/// Lines of a section analysed to choose among, after the cheap substring pass.
const CANDIDATE_LINES: usize = 3;

/// Picks the section with the strongest match (restricted to `restrict` when given, preferring
/// sections named in the query) and the best line in it.
///
/// Sections and lines are first ranked by which query terms they contain as text, which is
/// cheap; then lines are analysed, best first, to confirm the match and find the exact words to
/// highlight. A section whose lines only contain a term inside other words (`망` in `네트워크망`)
/// gives way to the next, so the printed line shows a highlighted match whenever one exists.
/// Analysing every line of every hit was most of a search's time; at most
/// [`MAX_ANALYSED_LINES`] are analysed.
pub fn best_match(
    note: &StoredNote,
    analyzer: &KoreanAnalyzer,
    terms: &BTreeSet<String>,
    typed: &BTreeSet<String>,
    as_written: bool,
    preferred: &[SectionRef],
    restrict: Option<&SectionRef>,
) -> BestMatch {
    // (score, section index, its matching lines as (line index, distinct terms, occurrences))
    type Candidate = (f32, usize, Vec<(usize, usize, usize)>);
    let mut candidates: Vec<Candidate> = Vec::new();
    for (index, section) in note.sections.iter().enumerate() {
        if restrict.is_some_and(|r| !r.matches(section.kind, &section.heading)) {
            continue;
        }
        let mut section_terms: HashSet<&str> = HashSet::new();
        let mut count = 0;
        let mut lines = Vec::new();
        for (i, line) in section.lines.iter().enumerate() {
            let lower = line.text.to_lowercase();
            let found: Vec<&str> = terms
                .iter()
                .map(String::as_str)
                .filter(|t| lower.contains(t))
                .collect();
            if found.is_empty() {
                continue;
            }
            let occurrences: usize = found.iter().map(|t| lower.matches(t).count()).sum();
            count += occurrences;
            // A term as typed counts twice: the line that shows what was typed comes first.
            let weight = found.len() + found.iter().filter(|t| typed.contains(**t)).count();
            lines.push((i, weight, occurrences));
            section_terms.extend(found);
        }
        if lines.is_empty() {
            continue;
        }
        let named = preferred
            .iter()
            .any(|p| p.matches(section.kind, &section.heading));
        let weight = section.kind.map_or(0.8, SectionKind::boost) * if named { 100.0 } else { 1.0 };
        let as_typed = section_terms.iter().filter(|t| typed.contains(**t)).count();
        let score =
            ((section_terms.len() + as_typed) as f32 * 10.0 + count.min(10) as f32) * weight;
        lines.sort_by_key(|&(i, distinct, count)| (std::cmp::Reverse((distinct, count)), i));
        candidates.push((score, index, lines));
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut analysed = 0;
    for (_, section, lines) in &candidates {
        let stored = &note.sections[*section];
        // The best few lines compete on what analysis confirms; past them, the first that
        // confirms anything will do.
        let head = lines
            .iter()
            .take(CANDIDATE_LINES)
            .filter_map(|&(i, _, _)| {
                analyse_line(&stored.lines[i].text, i, analyzer, terms, as_written)
            })
            .max_by_key(|m| (m.distinct, m.count, std::cmp::Reverse(m.index)));
        analysed += lines.len().min(CANDIDATE_LINES);
        let found = head.or_else(|| {
            lines
                .iter()
                .skip(CANDIDATE_LINES)
                .take(MAX_ANALYSED_LINES.saturating_sub(analysed))
                .find_map(|&(i, _, _)| {
                    analyse_line(&stored.lines[i].text, i, analyzer, terms, as_written)
                })
        });
        if let Some(m) = found {
            return BestMatch {
                section: *section,
                line: stored.lines[m.index].line,
                snippet: cut(&stored.lines, m.index, &m.ranges),
            };
        }
        if analysed >= MAX_ANALYSED_LINES {
            break;
        }
    }
    match candidates.first() {
        // Terms only inside other words: show where they stand, unhighlighted.
        Some((_, section, lines)) => {
            let stored = &note.sections[*section];
            BestMatch {
                section: *section,
                line: stored.lines[lines[0].0].line,
                snippet: cut(&stored.lines, lines[0].0, &[]),
            }
        }
        None => fallback(note, preferred, restrict),
    }
}

/// Most lines of a hit analysed to find one that shows a match.
const MAX_ANALYSED_LINES: usize = 12;

/// No line matched (a title-only or tag-only hit): show the start of the section asked for, a
/// named one, or the definition.
fn fallback(
    note: &StoredNote,
    preferred: &[SectionRef],
    restrict: Option<&SectionRef>,
) -> BestMatch {
    let definition = SectionRef::Kind(SectionKind::Definition);
    let wanted: Vec<&SectionRef> = restrict
        .into_iter()
        .chain(preferred.iter())
        .chain([&definition])
        .collect();
    let section = wanted
        .iter()
        .find_map(|w| {
            note.sections
                .iter()
                .position(|s| w.matches(s.kind, &s.heading) && !s.lines.is_empty())
        })
        .or_else(|| note.sections.iter().position(|s| !s.lines.is_empty()));
    match section {
        Some(index) => {
            let stored = &note.sections[index];
            BestMatch {
                section: index,
                line: stored.lines[0].line,
                snippet: cut(&stored.lines, 0, &[]),
            }
        }
        // An empty note: point at its first line.
        None => BestMatch {
            line: 1,
            ..BestMatch::default()
        },
    }
}

/// The query terms in one line: what to highlight. When the terms are all written as they are
/// (`as_written`: no verb or adjective stem), a line where each occurrence is a whole word is
/// read as written ([`whole_words`]), and otherwise only the words holding a term are analysed
/// (the analyzer segments each word on its own, so a word analyses the same alone); a term to
/// be found inflected needs the whole line analysed.
fn analyse_line(
    text: &str,
    index: usize,
    analyzer: &KoreanAnalyzer,
    terms: &BTreeSet<String>,
    as_written: bool,
) -> Option<LineMatch> {
    if as_written {
        if let Some(found) = whole_words(text, index, terms) {
            return found;
        }
    }
    let pieces: Vec<(usize, &str)> = if as_written {
        words(text)
            .filter(|(_, word)| {
                let word = word.to_lowercase();
                terms.iter().any(|t| word.contains(t.as_str()))
            })
            .collect()
    } else {
        vec![(0, text)]
    };
    let mut ranges = Vec::new();
    let mut distinct = HashSet::new();
    let mut count = 0;
    let found = pieces.into_iter().flat_map(|(offset, piece)| {
        analyzer
            .analyze(piece)
            .into_iter()
            .map(move |t| (offset, t))
    });
    for (offset, term) in found {
        if terms.contains(&term.text) {
            ranges.push((offset + term.start, offset + term.end));
            if !term.is_whole() {
                count += 1;
            }
            distinct.insert(term.text);
        }
    }
    (!ranges.is_empty()).then(|| LineMatch {
        index,
        distinct: distinct.len(),
        count,
        ranges: merge(ranges),
    })
}

/// The query terms in one line without analysing it, when that is sure to agree with analysis:
/// every occurrence of a term is a whole word of two characters or more (`컨테이너`, `(MSA)`).
/// `None` when a term stands inside a longer word (`컨테이너를`, `망` in `네트워크망`) or is one
/// character: analysis decides. Analysing the lines of ten hits was most of a search's time on a
/// small vault (it maps the dictionary's pages for every word of those lines).
fn whole_words(text: &str, index: usize, terms: &BTreeSet<String>) -> Option<Option<LineMatch>> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Offsets into the lowercased line would not be offsets into the line.
        return None;
    }
    let bounded = |c: Option<char>| c.is_none_or(|c| !is_word_char(c));
    let mut ranges = Vec::new();
    let mut distinct = 0;
    for term in terms {
        let mut found = false;
        for (start, _) in lower.match_indices(term.as_str()) {
            let end = start + term.len();
            let before = lower[..start].chars().next_back();
            let after = lower[end..].chars().next();
            if term.chars().count() < 2 || !bounded(before) || !bounded(after) {
                return None;
            }
            ranges.push((start, end));
            found = true;
        }
        distinct += usize::from(found);
    }
    let count = ranges.len();
    Some((!ranges.is_empty()).then(|| LineMatch {
        index,
        distinct,
        count,
        ranges: merge(ranges),
    }))
}

fn merge(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The snippet of `lines[index]` (and the next line when it is short), cut to size on
/// character boundaries.
fn cut(lines: &[Line], index: usize, ranges: &[(usize, usize)]) -> Snippet {
    let mut snippet = cut_line(&lines[index].text, ranges);
    if lines[index].text.chars().count() < SHORT_LINE_CHARS {
        if let Some(next) = lines.get(index + 1) {
            let next = cut_line(&next.text, &[]);
            snippet.text.push('\n');
            snippet.text.push_str(&next.text);
        }
    }
    snippet
}

fn cut_line(text: &str, ranges: &[(usize, usize)]) -> Snippet {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.len() <= MAX_LINE_CHARS {
        return Snippet {
            text: text.to_string(),
            highlights: ranges.to_vec(),
        };
    }
    let first_match_char = ranges
        .first()
        .map_or(0, |&(s, _)| chars.partition_point(|&(i, _)| i < s));
    let start_char = first_match_char
        .saturating_sub(LEAD_CHARS)
        .min(chars.len() - MAX_LINE_CHARS);
    // Start at a word boundary when one is near, rather than mid-word.
    let start_char = if start_char == 0 {
        0
    } else {
        chars[start_char..first_match_char.max(start_char)]
            .iter()
            .take(LEAD_CHARS / 2)
            .position(|&(_, c)| c.is_whitespace())
            .map_or(start_char, |p| start_char + p + 1)
    };
    let end_char = (start_char + MAX_LINE_CHARS).min(chars.len());
    let start = chars[start_char].0;
    let end = chars.get(end_char).map_or(text.len(), |&(i, _)| i);
    let prefix = if start > 0 { "…" } else { "" };
    let suffix = if end < text.len() { "…" } else { "" };
    let shift = prefix.len();
    let highlights = ranges
        .iter()
        .filter(|&&(s, e)| s >= start && e <= end)
        .map(|&(s, e)| (s - start + shift, e - start + shift))
        .collect();
    Snippet {
        text: format!("{prefix}{}{suffix}", &text[start..end]),
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(terms: &[&str]) -> BTreeSet<String> {
        terms.iter().map(|t| t.to_string()).collect()
    }

    fn shown<'a>(text: &'a str, found: &LineMatch) -> Vec<&'a str> {
        found.ranges.iter().map(|&(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn whole_words_are_read_without_analysis_and_anything_else_is_left_to_it() {
        let text = "컨테이너 오케스트레이션 도구 (MSA) 운영";
        let found = whole_words(text, 0, &set(&["컨테이너", "msa"]))
            .unwrap()
            .unwrap();
        assert_eq!(shown(text, &found), ["컨테이너", "MSA"]);
        assert_eq!(found.distinct, 2);
        // A particle, a longer word or a single syllable: analysis decides.
        assert!(whole_words("컨테이너를 띄운다", 0, &set(&["컨테이너"])).is_none());
        assert!(whole_words("도커컨테이너", 0, &set(&["컨테이너"])).is_none());
        assert!(whole_words("네트워크 망", 0, &set(&["망"])).is_none());
    }

    #[test]
    fn only_the_words_holding_a_term_are_analysed_unless_a_term_inflects() {
        let analyzer = KoreanAnalyzer::shared().unwrap();
        let text = "쿠버네티스는 컨테이너를 관리하는 도구이다";
        let found = analyse_line(text, 0, &analyzer, &set(&["컨테이너"]), true).unwrap();
        assert_eq!(shown(text, &found), ["컨테이너"]);
        // `만든` holds no `만들`: a verb stem is found only by analysing the whole line.
        let text = "실험실에서 만든 모델";
        assert!(analyse_line(text, 0, &analyzer, &set(&["만들"]), true).is_none());
        let found = analyse_line(text, 0, &analyzer, &set(&["만들"]), false).unwrap();
        assert_eq!(shown(text, &found), ["만든"]);
    }

    #[test]
    fn long_lines_are_cut_on_characters_around_the_match() {
        let text = "가".repeat(200) + "컨테이너" + &"나".repeat(200);
        let start = 600;
        let snippet = cut_line(&text, &[(start, start + 12)]);
        assert_eq!(snippet.text.chars().count(), MAX_LINE_CHARS + 2);
        let (s, e) = snippet.highlights[0];
        assert_eq!(&snippet.text[s..e], "컨테이너");
        assert!(snippet.text.starts_with('…') && snippet.text.ends_with('…'));
    }

    #[test]
    fn overlapping_ranges_merge() {
        assert_eq!(merge(vec![(4, 8), (0, 8), (10, 12)]), [(0, 8), (10, 12)]);
    }
}
