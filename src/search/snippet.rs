//! Choosing, for a hit, the section and line that best show why it matched, and cutting a
//! snippet from it with the matched words marked.

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;

use crate::analysis::KoreanAnalyzer;
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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
            .filter_map(|&(i, _, _)| analyse_line(&stored.lines[i].text, i, analyzer, terms))
            .max_by_key(|m| (m.distinct, m.count, std::cmp::Reverse(m.index)));
        analysed += lines.len().min(CANDIDATE_LINES);
        let found = head.or_else(|| {
            lines
                .iter()
                .skip(CANDIDATE_LINES)
                .take(MAX_ANALYSED_LINES.saturating_sub(analysed))
                .find_map(|&(i, _, _)| analyse_line(&stored.lines[i].text, i, analyzer, terms))
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

/// The query terms in one line, by analysis: what to highlight.
fn analyse_line(
    text: &str,
    index: usize,
    analyzer: &KoreanAnalyzer,
    terms: &BTreeSet<String>,
) -> Option<LineMatch> {
    let mut ranges = Vec::new();
    let mut distinct = HashSet::new();
    let mut count = 0;
    for term in analyzer.analyze(text) {
        if terms.contains(&term.text) {
            ranges.push((term.start, term.end));
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
