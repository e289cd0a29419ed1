//! Running a plan: the strict query first, then, when no note has enough of the words, the
//! relaxed one; then the hits with their sections and snippets.

use super::compile::compile;
use super::hit::{Hit, MatchedSection};
use super::plan::Plan;
use super::snippet;
use super::Options;
use crate::analysis::KoreanAnalyzer;
use crate::error::Result;
use crate::index::{NoteAddress, Snapshot};
use crate::section::SectionKind;

/// How much a note's kind weighs in ranking (topic, stub, listing): a stub on a topic ranks below
/// the complete note, a listing page below both.
const KIND_WEIGHTS: [f32; 3] = [1.0, 0.5, 0.2];

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
    let strict = compile(&plan.with_minimum(plan.strict_minimum()), snapshot)?;
    let top = snapshot.top_weighted(strict.as_ref(), limit, KIND_WEIGHTS)?;
    if !top.is_empty() || plan.words.len() <= 1 {
        return Ok((top, false));
    }
    let relaxed = compile(&plan.with_minimum(1), snapshot)?;
    let top = snapshot.top_weighted(relaxed.as_ref(), limit, KIND_WEIGHTS)?;
    let relaxed = !top.is_empty();
    Ok((top, relaxed))
}

/// The hits for ranked notes: each note's best section, line and snippet.
pub fn hits(
    snapshot: &Snapshot,
    plan: &Plan,
    options: &Options,
    ranked: Vec<(f32, NoteAddress)>,
    analyzer: &KoreanAnalyzer,
) -> Result<Vec<Hit>> {
    let preferred: Vec<SectionKind> = options
        .section
        .into_iter()
        .chain(plan.named_sections.iter().copied())
        .collect();
    let mut hits = Vec::with_capacity(ranked.len());
    for (i, (score, address)) in ranked.into_iter().enumerate() {
        let (path, note) = snapshot.note(address)?;
        let best = snippet::best_match(
            &note,
            analyzer,
            &plan.highlight,
            &preferred,
            options.section,
        );
        hits.push(Hit {
            rank: i + 1,
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
