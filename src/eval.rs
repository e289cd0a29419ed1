//! Relevance evaluation: graded queries over the bundled notes, scored for noteseek and for a
//! grep-style baseline (files ranked by how many of the query's words they contain, as
//! `rg -l -F` run once per word would give).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::error::{Error, Result};
use crate::index::NoteIndex;
use crate::notes_folder;
use crate::query;
use crate::search::{self, Options};
use crate::section::SectionKind;

/// Query kinds, in report order.
pub const KINDS: [&str; 8] = [
    "term",
    "inflected",
    "alias",
    "spacing",
    "section",
    "mnemonic",
    "concept",
    "partial",
];

/// One evaluation query.
#[derive(Clone, Debug)]
pub struct EvalQuery {
    pub id: u32,
    pub kind: String,
    pub query: String,
    pub section: Option<SectionKind>,
    /// Relevant titles with grades: 2 the answer, 1 also good.
    pub relevant: HashMap<String, u8>,
}

impl EvalQuery {
    /// Every third query is kept aside, to be run only to check the tuning at the end.
    pub fn is_holdout(&self) -> bool {
        self.id.is_multiple_of(3)
    }
}

/// Which queries to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    Dev,
    Holdout,
    All,
}

impl Split {
    pub fn includes(self, query: &EvalQuery) -> bool {
        match self {
            Split::Dev => !query.is_holdout(),
            Split::Holdout => query.is_holdout(),
            Split::All => true,
        }
    }
}

/// Reads `queries.tsv` (`id kind query section relevant`, relevant as `title=2; title=1`).
pub fn load(path: &Path) -> Result<Vec<EvalQuery>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let bad = |line: usize, why: &str| Error::Query(format!("{}:{line}: {why}", path.display()));
    let mut queries = Vec::new();
    for (number, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 5 {
            return Err(bad(number + 1, "expected 5 tab-separated columns"));
        }
        let id = cols[0].parse().map_err(|_| bad(number + 1, "bad id"))?;
        let section = if cols[3].is_empty() {
            None
        } else {
            Some(
                SectionKind::from_user_name(cols[3])
                    .ok_or_else(|| bad(number + 1, "bad section"))?,
            )
        };
        let mut relevant = HashMap::new();
        for item in cols[4].split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let (title, grade) = item
                .rsplit_once('=')
                .ok_or_else(|| bad(number + 1, "relevant items are title=grade"))?;
            let grade = grade.parse().map_err(|_| bad(number + 1, "bad grade"))?;
            relevant.insert(title.trim().to_string(), grade);
        }
        queries.push(EvalQuery {
            id,
            kind: cols[1].to_string(),
            query: cols[2].to_string(),
            section,
            relevant,
        });
    }
    Ok(queries)
}

/// What a system returned for one query: titles in rank order, and the section printed with
/// each hit (noteseek only).
#[derive(Clone, Debug, Default)]
pub struct Ranking {
    pub titles: Vec<String>,
    pub sections: Vec<Option<SectionKind>>,
}

/// Scores of one query, or averages over several.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub mrr: f64,
    pub ndcg: f64,
    pub recall5: f64,
    pub p1: f64,
    pub count: usize,
}

impl Scores {
    /// MRR@10 and P@1 count the answer (grade 2); nDCG@10 uses gains 2^grade − 1; Recall@5 is
    /// the share of all relevant notes in the first five.
    pub fn of(ranking: &[String], relevant: &HashMap<String, u8>) -> Scores {
        let grade = |title: &String| relevant.get(title).copied().unwrap_or(0);
        let top = &ranking[..ranking.len().min(10)];
        let mrr = top
            .iter()
            .position(|t| grade(t) == 2)
            .map_or(0.0, |i| 1.0 / (i as f64 + 1.0));
        let dcg: f64 = top
            .iter()
            .enumerate()
            .map(|(i, t)| gain(grade(t)) / (i as f64 + 2.0).log2())
            .sum();
        let mut ideal: Vec<u8> = relevant.values().copied().collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        let idcg: f64 = ideal
            .iter()
            .take(10)
            .enumerate()
            .map(|(i, &g)| gain(g) / (i as f64 + 2.0).log2())
            .sum();
        let found5 = ranking.iter().take(5).filter(|t| grade(t) > 0).count();
        Scores {
            mrr,
            ndcg: if idcg > 0.0 { dcg / idcg } else { 0.0 },
            recall5: found5 as f64 / relevant.len().max(1) as f64,
            p1: if ranking.first().is_some_and(|t| grade(t) == 2) {
                1.0
            } else {
                0.0
            },
            count: 1,
        }
    }

    pub fn mean<'a>(all: impl IntoIterator<Item = &'a Scores>) -> Scores {
        let mut sum = Scores::default();
        for s in all {
            sum.mrr += s.mrr;
            sum.ndcg += s.ndcg;
            sum.recall5 += s.recall5;
            sum.p1 += s.p1;
            sum.count += s.count;
        }
        let n = sum.count.max(1) as f64;
        Scores {
            mrr: sum.mrr / n,
            ndcg: sum.ndcg / n,
            recall5: sum.recall5 / n,
            p1: sum.p1 / n,
            count: sum.count,
        }
    }
}

fn gain(grade: u8) -> f64 {
    2f64.powi(grade as i32) - 1.0
}

/// noteseek's top ten for a query.
pub fn run_noteseek(index: &NoteIndex, query: &EvalQuery) -> Result<Ranking> {
    let snapshot = index.snapshot()?;
    let parsed = query::parse(&query.query)?;
    let options = Options {
        limit: 10,
        section: query.section,
        tags: Vec::new(),
    };
    let outcome = search::search(&snapshot, &parsed, &options)?;
    Ok(Ranking {
        titles: outcome.hits.iter().map(|h| h.title.clone()).collect(),
        sections: outcome.hits.iter().map(|h| h.section.kind).collect(),
    })
}

/// The notes as a grep user sees them: title and lowercased text.
pub fn load_texts(notes_dir: &Path) -> Result<Vec<(String, String)>> {
    let scan = notes_folder::scan(notes_dir)?;
    let mut texts = Vec::new();
    for file in &scan.files {
        let text =
            std::fs::read_to_string(&file.abs_path).map_err(|e| Error::io(&file.abs_path, e))?;
        texts.push((notes_folder::title_of(&file.rel_path), text.to_lowercase()));
    }
    Ok(texts)
}

/// The grep baseline: files ranked by how many of the query's words they contain (fixed
/// strings, case-insensitive), ties by total occurrences, then by path.
pub fn run_grep(texts: &[(String, String)], query: &EvalQuery) -> Ranking {
    let words: Vec<String> = query
        .query
        .split_whitespace()
        .map(|w| w.trim_matches('"').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let mut scored: Vec<(usize, usize, usize)> = texts
        .iter()
        .enumerate()
        .filter_map(|(i, (_, text))| {
            let present = words.iter().filter(|w| text.contains(w.as_str())).count();
            let occurrences: usize = words.iter().map(|w| text.matches(w.as_str()).count()).sum();
            (present > 0).then_some((present, occurrences, i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    Ranking {
        titles: scored
            .iter()
            .take(10)
            .map(|&(_, _, i)| texts[i].0.clone())
            .collect(),
        sections: Vec::new(),
    }
}

/// Per-query results of one evaluation run.
pub struct Report {
    pub rows: Vec<(EvalQuery, Scores, Scores, Ranking)>,
}

impl Report {
    pub fn run(index: &NoteIndex, notes_dir: &Path, queries: &[EvalQuery]) -> Result<Report> {
        let texts = load_texts(notes_dir)?;
        let mut rows = Vec::new();
        for query in queries {
            let ranking = run_noteseek(index, query)?;
            let ours = Scores::of(&ranking.titles, &query.relevant);
            let grep = Scores::of(&run_grep(&texts, query).titles, &query.relevant);
            rows.push((query.clone(), ours, grep, ranking));
        }
        Ok(Report { rows })
    }

    /// Mean scores (noteseek, grep) over the queries of one kind, or all when `kind` is None.
    pub fn mean(&self, kind: Option<&str>) -> (Scores, Scores) {
        let rows: Vec<_> = self
            .rows
            .iter()
            .filter(|(q, ..)| kind.is_none_or(|k| q.kind == k))
            .collect();
        (
            Scores::mean(rows.iter().map(|(_, s, _, _)| s)),
            Scores::mean(rows.iter().map(|(_, _, g, _)| g)),
        )
    }

    /// Section queries whose hits were printed with another section than the requested one.
    pub fn wrong_sections(&self) -> Vec<u32> {
        self.rows
            .iter()
            .filter(|(q, _, _, r)| {
                q.section.is_some() && r.sections.iter().any(|s| *s != q.section)
            })
            .map(|(q, ..)| q.id)
            .collect()
    }

    /// A Markdown table: per kind, noteseek's and the grep baseline's scores.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| kind | queries | MRR@10 | nDCG@10 | Recall@5 | P@1 | grep MRR@10 | grep nDCG@10 | grep Recall@5 | grep P@1 |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        let kinds = KINDS.iter().map(|k| Some(*k)).chain([None]);
        for kind in kinds {
            let (ours, grep) = self.mean(kind);
            if ours.count == 0 {
                continue;
            }
            let _ = writeln!(
                out,
                "| {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
                kind.unwrap_or("**all**"),
                ours.count,
                ours.mrr,
                ours.ndcg,
                ours.recall5,
                ours.p1,
                grep.mrr,
                grep.ndcg,
                grep.recall5,
                grep.p1
            );
        }
        out
    }

    /// The queries noteseek did not answer first, for tuning.
    pub fn misses(&self) -> String {
        let mut out = String::new();
        for (q, s, _, r) in &self.rows {
            if s.p1 < 1.0 {
                let answer = q
                    .relevant
                    .iter()
                    .find(|(_, &g)| g == 2)
                    .map_or("", |(t, _)| t.as_str());
                let _ = writeln!(
                    out,
                    "{:>3} {:<9} {:<40} want {answer} got {:?}",
                    q.id,
                    q.kind,
                    q.query,
                    r.titles.iter().take(3).collect::<Vec<_>>()
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relevant() -> HashMap<String, u8> {
        HashMap::from([("a".to_string(), 2), ("b".to_string(), 1)])
    }

    fn titles(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_answer_first_scores_one() {
        let s = Scores::of(&titles(&["a", "b", "c"]), &relevant());
        assert_eq!((s.mrr, s.p1, s.recall5), (1.0, 1.0, 1.0));
        assert!((s.ndcg - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_answer_second_halves_mrr() {
        let s = Scores::of(&titles(&["b", "a"]), &relevant());
        assert_eq!((s.mrr, s.p1), (0.5, 0.0));
        assert!(s.ndcg < 1.0 && s.ndcg > 0.5);
    }

    #[test]
    fn nothing_relevant_scores_zero() {
        let s = Scores::of(&titles(&["x", "y"]), &relevant());
        assert_eq!(
            s,
            Scores {
                count: 1,
                ..Scores::default()
            }
        );
    }
}
