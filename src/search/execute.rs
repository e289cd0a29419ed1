//! Running a plan: the strict query first, then, when no note has enough of the words, the
//! relaxed one; then the hits with their sections and snippets.

use std::collections::HashSet;

use super::compile::compile;
use super::hit::{Hit, MatchedSection};
use super::plan::{Logical, Occur, Plan};
use super::snippet;
use super::Options;
use crate::analysis::KoreanAnalyzer;
use crate::bridge::{name_key, Bridge};
use crate::error::Result;
use crate::index::{NoteAddress, Snapshot};
use crate::section::SectionRef;
use crate::text::name_parts;

/// How much a note's kind weighs in ranking (topic, stub, listing): a listing page ranks below the
/// topics it lists. A stub weighs in full — often it is the only note on its topic — and ranks
/// below the complete note on its own topic by [`complete_before_stubs`] (on the foreign vault's
/// development queries, MRR@10 0.942 against 0.925 with a stub's score halved).
const KIND_WEIGHTS: [f32; 3] = [1.0, 1.0, 0.2];

/// The ranked notes of a plan, and whether the relaxed query found them. A plan without words
/// to rank by lists the notes that pass its filters, by path.
pub fn rank(
    snapshot: &Snapshot,
    plan: &Plan,
    limit: usize,
) -> Result<(Vec<(f32, NoteAddress)>, bool)> {
    if !plan.ranked {
        let query = compile(&plan.with_minimum(plan.words.len()), snapshot)?;
        let listed = snapshot.all_by_path(query.as_ref())?;
        return Ok((
            listed
                .into_iter()
                .take(limit)
                .map(|(_, address)| (0.0, address))
                .collect(),
            false,
        ));
    }
    let candidates = limit.max(CANDIDATES);
    let strict = compile(&plan.with_minimum(plan.strict_minimum()), snapshot)?;
    let mut words = snapshot.top_weighted(strict.as_ref(), candidates, KIND_WEIGHTS)?;
    if plan.words.len() >= 2 {
        words = by_coverage(snapshot, plan, words)?;
    }
    let mut relaxed = false;
    if words.is_empty() && plan.words.len() > 1 {
        let query = compile(&plan.with_minimum(1), snapshot)?;
        words = snapshot.top_weighted(query.as_ref(), candidates, KIND_WEIGHTS)?;
        relaxed = !words.is_empty();
    }
    let mut bigrams = match plan.bigram_query() {
        Some(query) => {
            let query = compile(&query, snapshot)?;
            snapshot.top_weighted(query.as_ref(), candidates, KIND_WEIGHTS)?
        }
        None => Vec::new(),
    };
    if plan.bigram_restricted {
        // With `-s` or a field prefix, bigrams only reorder the notes that match there.
        let matched: std::collections::HashSet<NoteAddress> =
            words.iter().map(|(_, a)| *a).collect();
        bigrams.retain(|(_, a)| matched.contains(a));
    }
    let mut fused = fuse(&[(&words, WORDS_WEIGHT), (&bigrams, BIGRAM_WEIGHT)]);
    complete_before_stubs(snapshot, &mut fused)?;
    fused.truncate(limit);
    Ok((fused, relaxed))
}

/// Candidates taken from each ranking before they are fused.
const CANDIDATES: usize = 50;
/// How strongly the share of the query a note covers weighs: score × coverage^power.
const COVERAGE_POWER: f32 = 2.0;
/// Weight of the ranking by the query's words (morphemes, other names, completions).
const WORDS_WEIGHT: f32 = 1.0;
/// Weight of the ranking by Hangul bigrams.
const BIGRAM_WEIGHT: f32 = 0.3;

/// Reorders candidates by how much of the query they cover: each word weighted by its rarity
/// (inverse document frequency), the covered share raised to a power multiplies the score.
fn by_coverage(
    snapshot: &Snapshot,
    plan: &Plan,
    words: Vec<(f32, NoteAddress)>,
) -> Result<Vec<(f32, NoteAddress)>> {
    let queries = plan
        .words
        .iter()
        .map(|w| compile(w, snapshot))
        .collect::<Result<Vec<_>>>()?;
    let notes: Vec<NoteAddress> = words.iter().map(|(_, a)| *a).collect();
    let matches = snapshot.matches(&queries, &notes)?;
    let total = snapshot.note_count();
    let mut idf = Vec::with_capacity(queries.len());
    for (word, query) in plan.words.iter().zip(&queries) {
        let matching = if total <= COUNTED_UP_TO {
            snapshot.count(query.as_ref())?
        } else {
            estimated_matches(word, snapshot)?
        };
        idf.push((1.0 + total as f32 / (matching as f32 + 1.0)).ln());
    }
    let all: f32 = idf.iter().sum::<f32>().max(f32::EPSILON);
    let best = words.first().map_or(1.0, |(s, _)| s.max(f32::EPSILON));
    let mut rescored: Vec<(f32, NoteAddress)> = words
        .iter()
        .enumerate()
        .map(|(i, (score, address))| {
            let covered: f32 = matches
                .iter()
                .zip(&idf)
                .filter(|(m, _)| m[i])
                .map(|(_, w)| w)
                .sum();
            (
                score / best * (covered / all).powf(COVERAGE_POWER),
                *address,
            )
        })
        .collect();
    rescored.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(rescored)
}

/// Up to this many notes, the notes matching each word are counted; above, estimated. Counting
/// walks every note that holds any name of a word in any field: at 100k notes that was most of a
/// search for common words.
const COUNTED_UP_TO: u64 = 20_000;

/// About how many notes match a node, from the document frequencies of its terms: alternatives
/// as if independent, required clauses as their rarest, a phrase as its rarest term. On the
/// foreign vault's development queries, ranking with these estimates instead of counts keeps
/// MRR@10 and P@1 of every kind (taking the most frequent alternative instead lost a query).
fn estimated_matches(node: &Logical, snapshot: &Snapshot) -> Result<u64> {
    Ok(match node {
        Logical::Term { field, text, .. } => snapshot.doc_freq(*field, text)?,
        Logical::Phrase { field, terms } => {
            let mut least = snapshot.note_count();
            for (_, text) in terms {
                least = least.min(snapshot.doc_freq(*field, text)?);
            }
            least
        }
        Logical::Boost(inner, _) => estimated_matches(inner, snapshot)?,
        Logical::Bool { clauses, .. } => {
            let mut required = clauses.iter().filter(|(o, _)| *o == Occur::Must).peekable();
            if required.peek().is_some() {
                let mut least = snapshot.note_count();
                for (_, node) in required {
                    least = least.min(estimated_matches(node, snapshot)?);
                }
                least
            } else {
                let should = clauses.iter().filter(|(o, _)| *o == Occur::Should);
                any_matches(should.map(|(_, node)| node), snapshot)?
            }
        }
        Logical::Best(alternatives) => any_matches(alternatives.iter(), snapshot)?,
        // Paths are filters, never among the words.
        Logical::Regex { .. } | Logical::All => snapshot.note_count(),
        Logical::Empty => 0,
    })
}

/// Notes matching any of `nodes`, were they independent.
fn any_matches<'a>(nodes: impl Iterator<Item = &'a Logical>, snapshot: &Snapshot) -> Result<u64> {
    let total = snapshot.note_count().max(1) as f64;
    let mut in_none = 1.0;
    for node in nodes {
        in_none *= 1.0 - (estimated_matches(node, snapshot)? as f64 / total).min(1.0);
    }
    Ok((total * (1.0 - in_none)).round() as u64)
}

/// A stub never ranks above a complete note on its topic: one that shares a name with it, as
/// written or through the tables of other names (`서버리스` and `Serverless`). The complete
/// note takes the stub's place.
fn complete_before_stubs(snapshot: &Snapshot, ranked: &mut Vec<(f32, NoteAddress)>) -> Result<()> {
    let addresses: Vec<NoteAddress> = ranked.iter().map(|(_, a)| *a).collect();
    let stubs = snapshot.stubs(&addresses);
    // Names are read only from the first stub down: nothing above it moves.
    let Some(first) = stubs.iter().position(|&s| s) else {
        return Ok(());
    };
    let mut topics: Vec<HashSet<String>> = vec![HashSet::new(); first];
    topics.extend(
        snapshot
            .names(&addresses[first..])?
            .iter()
            .map(|names| topic_keys(names)),
    );
    let mut order: Vec<usize> = (0..ranked.len()).collect();
    let mut at = first;
    while at < order.len() {
        let stub = order[at];
        if stubs[stub] {
            let complete = order[at + 1..]
                .iter()
                .position(|&i| !stubs[i] && !topics[i].is_disjoint(&topics[stub]));
            if let Some(offset) = complete {
                let moved = order.remove(at + 1 + offset);
                order.insert(at, moved);
            }
        }
        at += 1;
    }
    let scores: Vec<f32> = ranked.iter().map(|(s, _)| *s).collect();
    *ranked = order
        .iter()
        .zip(scores)
        .map(|(&i, score)| (score, addresses[i]))
        .collect();
    Ok(())
}

/// The keys of a note's names, of the names inside them and of their other names.
fn topic_keys(names: &[String]) -> HashSet<String> {
    let bridge = Bridge::shipped();
    let mut keys = HashSet::new();
    for name in names {
        for part in name_parts(name) {
            keys.insert(name_key(part));
            keys.extend(bridge.others(part).iter().map(|o| name_key(&o.name)));
        }
    }
    keys.remove("");
    keys
}

/// Fusion of several rankings: a note's score is the weighted sum of its scores, each divided
/// by the best score of its ranking (measured against reciprocal rank fusion on the foreign
/// vault's dev queries: MRR@10 0.806 against 0.800 at best).
fn fuse(rankings: &[(&Vec<(f32, NoteAddress)>, f32)]) -> Vec<(f32, NoteAddress)> {
    let mut scores: Vec<(f32, NoteAddress, usize)> = Vec::new();
    let mut at: std::collections::HashMap<NoteAddress, usize> = std::collections::HashMap::new();
    for (ranking, weight) in rankings {
        let best = ranking.first().map_or(1.0, |(s, _)| s.max(f32::EPSILON));
        for (score, address) in ranking.iter() {
            let add = weight * score / best;
            match at.get(address) {
                Some(&i) => scores[i].0 += add,
                None => {
                    at.insert(*address, scores.len());
                    scores.push((add, *address, scores.len()));
                }
            }
        }
    }
    scores.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
    scores.into_iter().map(|(s, a, _)| (s, a)).collect()
}

/// The hits for ranked notes: each note's best section, line and snippet.
pub fn hits(
    snapshot: &Snapshot,
    plan: &Plan,
    options: &Options,
    ranked: Vec<(f32, NoteAddress)>,
    analyzer: &KoreanAnalyzer,
) -> Result<Vec<Hit>> {
    let preferred: Vec<SectionRef> = options
        .section
        .iter()
        .chain(&plan.named_sections)
        .cloned()
        .collect();
    // A heading's text shares the `other` field with the note's other headings: a note counts
    // only when the match shows in the heading asked for.
    let heading_only = matches!(options.section, Some(SectionRef::Heading { .. }));
    let mut hits = Vec::with_capacity(ranked.len());
    for (score, address) in ranked {
        let (path, note) = snapshot.note(address)?;
        let best = snippet::best_match(
            &note,
            analyzer,
            &plan.highlight,
            &plan.typed,
            !plan.inflecting,
            &preferred,
            options.section.as_ref(),
        );
        if heading_only && best.snippet.highlights.is_empty() {
            continue;
        }
        hits.push(Hit {
            rank: hits.len() + 1,
            score,
            section: MatchedSection::of(&note, best.section),
            title: note.title,
            kind: note.kind,
            path,
            tags: note.tags,
            line: best.line,
            snippet: best.snippet,
        });
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::build;
    use crate::query::parse;

    /// A built index of a few notes, in a temporary folder.
    fn fixture() -> (tempfile::TempDir, crate::index::NoteIndex) {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        std::fs::create_dir_all(&notes).unwrap();
        let write = |name: &str, text: &str| std::fs::write(notes.join(name), text).unwrap();
        write(
            "도커.md",
            "#클라우드\n## 정의\n컨테이너 기반 가상화 플랫폼\n## 특징\n- 이미지 레이어\n",
        );
        write(
            "쿠버네티스.md",
            "#클라우드\n## 정의\n컨테이너 오케스트레이션 플랫폼\n",
        );
        write(
            "정규화.md",
            "#데이터베이스\n## 정의\n함수 종속에 따른 릴레이션 분해\n",
        );
        let index = build::rebuild(&notes, &dir.path().join("index")).unwrap();
        (dir, index)
    }

    fn ranked_paths(index: &crate::index::NoteIndex, text: &str) -> (Vec<String>, bool) {
        let snapshot = index.snapshot().unwrap();
        let analyzer = KoreanAnalyzer::shared().unwrap();
        let options = Options::default();
        let plan = super::super::plan::plan(&parse(text).unwrap(), &options, &analyzer, &snapshot)
            .unwrap();
        let (ranked, relaxed) = rank(&snapshot, &plan, 10).unwrap();
        let paths = ranked
            .into_iter()
            .map(|(_, a)| snapshot.path(a).unwrap())
            .collect();
        (paths, relaxed)
    }

    #[test]
    fn every_word_must_match_unless_no_note_has_them_all() {
        let (_dir, index) = fixture();
        let (paths, relaxed) = ranked_paths(&index, "컨테이너 오케스트레이션");
        assert_eq!(paths, ["쿠버네티스.md"]);
        assert!(!relaxed);
        let (paths, relaxed) = ranked_paths(&index, "오케스트레이션 릴레이션");
        assert_eq!(paths.len(), 2, "{paths:?}");
        assert!(relaxed);
    }

    #[test]
    fn a_note_covering_more_of_a_long_query_ranks_first() {
        let (dir, _) = fixture();
        let notes = dir.path().join("notes");
        // One note says `컨테이너` many times; the other covers more of the query.
        std::fs::write(
            notes.join("반복.md"),
            format!("## 정의\n{}\n", "컨테이너 컨테이너 컨테이너 ".repeat(10)),
        )
        .unwrap();
        std::fs::write(
            notes.join("격리.md"),
            "## 정의\n컨테이너는 프로세스를 격리하고 자원 사용량을 제한한다.\n",
        )
        .unwrap();
        let index = build::rebuild(&notes, &dir.path().join("index2")).unwrap();
        let (paths, _) = ranked_paths(&index, "컨테이너 프로세스 격리 자원 제한");
        assert_eq!(paths[0], "격리.md", "{paths:?}");
    }

    #[test]
    fn estimated_counts_of_words_are_near_the_counts() {
        let (_dir, index) = fixture();
        let snapshot = index.snapshot().unwrap();
        let analyzer = KoreanAnalyzer::shared().unwrap();
        let query = parse("컨테이너 플랫폼 데이터베이스 레이어 오케스트레이션").unwrap();
        let plan =
            super::super::plan::plan(&query, &Options::default(), &analyzer, &snapshot).unwrap();
        for word in &plan.words {
            let counted = snapshot
                .count(compile(word, &snapshot).unwrap().as_ref())
                .unwrap();
            let estimated = estimated_matches(word, &snapshot).unwrap();
            assert!(
                estimated.abs_diff(counted) <= 1,
                "{word:?}: {estimated} estimated, {counted} counted"
            );
        }
    }

    #[test]
    fn bigrams_find_a_misspelt_or_spaced_word() {
        let (_dir, index) = fixture();
        let (paths, _) = ranked_paths(&index, "오케스트래이션");
        assert_eq!(paths.first().map(String::as_str), Some("쿠버네티스.md"));
    }

    #[test]
    fn fusion_adds_normalised_scores() {
        let a = |doc| NoteAddress(tantivy::DocAddress::new(0, doc));
        let words = vec![(10.0, a(1)), (5.0, a(2))];
        let bigrams = vec![(4.0, a(2)), (2.0, a(3))];
        let fused = fuse(&[(&words, 1.0), (&bigrams, 0.5)]);
        let order: Vec<NoteAddress> = fused.iter().map(|(_, x)| *x).collect();
        assert_eq!(order, [a(1), a(2), a(3)]);
        assert!((fused[1].0 - 1.0).abs() < 1e-6, "0.5 + 0.5: {fused:?}");
    }

    #[test]
    fn a_filter_alone_lists_by_path() {
        let (_dir, index) = fixture();
        let (paths, _) = ranked_paths(&index, "tag:클라우드");
        assert_eq!(paths, ["도커.md", "쿠버네티스.md"]);
    }

    #[test]
    fn hits_show_the_section_and_line_that_matched() {
        let (_dir, index) = fixture();
        let snapshot = index.snapshot().unwrap();
        let results =
            crate::search::search(&snapshot, &parse("레이어").unwrap(), &Options::default())
                .unwrap();
        let hit = &results.hits[0];
        assert_eq!(hit.title, "도커");
        assert_eq!(hit.section.name, "특징");
        assert_eq!(hit.line, 5);
        let (start, end) = hit.snippet.highlights[0];
        assert_eq!(&hit.snippet.text[start..end], "레이어");
    }
}
