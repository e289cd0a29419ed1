//! Relevance evaluation: graded queries over a notes folder, scored for noteseek and for two
//! baselines an outsider would reach for: grep (files ranked by how many of the query's words
//! they contain, as `rg -l -F` run once per word would give) and a Hangul-bigram BM25 (every
//! Hangul run cut into overlapping syllable pairs, Latin words lowercased; k1 = 1.2, b = 0.75).
//!
//! Two sets are kept: the bundled notes with `tests/eval/queries.tsv`, and a foreign vault in
//! other candidates' styles with `tests/eval/foreign/queries.tsv` (see its README).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use crate::analysis::bigram;
use crate::bridge::Source;
use crate::concepts;
use crate::error::{Error, Result};
use crate::index::NoteIndex;
use crate::notes_folder;
use crate::query;
use crate::search::{self, Options};
use crate::section::SectionKind;

/// Query kinds, in report order.
pub const KINDS: [&str; 10] = [
    "term",
    "inflected",
    "alias",
    "alias-translit",
    "alias-acronym",
    "spacing",
    "section",
    "mnemonic",
    "concept",
    "partial",
];

/// The systems compared, in report order.
pub const SYSTEMS: [&str; 3] = ["noteseek", "grep", "bigram"];

/// One evaluation query.
#[derive(Clone, Debug)]
pub struct EvalQuery {
    pub id: u32,
    pub kind: String,
    pub query: String,
    pub section: Option<SectionKind>,
    /// Relevant notes, by title or by path in the notes folder, with grades: 2 the answer, 1
    /// also good.
    pub relevant: HashMap<String, u8>,
}

impl EvalQuery {
    /// Every third query is kept aside, to be run only to check the tuning at the end.
    pub fn is_holdout(&self) -> bool {
        self.id.is_multiple_of(3)
    }

    /// The grade of a note, known by its title or path.
    pub fn grade(&self, doc: &Doc) -> u8 {
        self.relevant
            .get(&doc.path)
            .or_else(|| self.relevant.get(&doc.title))
            .copied()
            .unwrap_or(0)
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

/// Reads a queries file (`id kind query section relevant`, relevant as `key=2; key=1`, a key
/// being a title or a path in the notes folder).
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
            let (key, grade) = item
                .rsplit_once('=')
                .ok_or_else(|| bad(number + 1, "relevant items are key=grade"))?;
            let grade = grade.parse().map_err(|_| bad(number + 1, "bad grade"))?;
            relevant.insert(key.trim().to_string(), grade);
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

/// A ranked note: its title and its path in the notes folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Doc {
    pub title: String,
    pub path: String,
}

/// What a system returned for one query: notes in rank order, and the section printed with
/// each hit and the table entries of other names used (noteseek only).
#[derive(Clone, Debug, Default)]
pub struct Ranking {
    pub docs: Vec<Doc>,
    pub sections: Vec<Option<SectionKind>>,
    pub fired: BTreeSet<(Source, String)>,
    /// Whether the descriptions of topics were searched.
    pub described: bool,
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
    pub fn of(ranking: &Ranking, query: &EvalQuery) -> Scores {
        let grade = |doc: &Doc| query.grade(doc);
        let top = &ranking.docs[..ranking.docs.len().min(10)];
        let mrr = top
            .iter()
            .position(|d| grade(d) == 2)
            .map_or(0.0, |i| 1.0 / (i as f64 + 1.0));
        let dcg: f64 = top
            .iter()
            .enumerate()
            .map(|(i, d)| gain(grade(d)) / (i as f64 + 2.0).log2())
            .sum();
        let mut ideal: Vec<u8> = query.relevant.values().copied().collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        let idcg: f64 = ideal
            .iter()
            .take(10)
            .enumerate()
            .map(|(i, &g)| gain(g) / (i as f64 + 2.0).log2())
            .sum();
        let found5 = ranking.docs.iter().take(5).filter(|d| grade(d) > 0).count();
        Scores {
            mrr,
            ndcg: if idcg > 0.0 { dcg / idcg } else { 0.0 },
            recall5: found5 as f64 / query.relevant.len().max(1) as f64,
            p1: if ranking.docs.first().is_some_and(|d| grade(d) == 2) {
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
        section: query.section.map(Into::into),
        ..Options::default()
    };
    let outcome = search::search(&snapshot, &parsed, &options)?;
    Ok(Ranking {
        docs: outcome
            .hits
            .iter()
            .map(|h| Doc {
                title: h.title.clone(),
                path: h.path.clone(),
            })
            .collect(),
        sections: outcome.hits.iter().map(|h| h.section.kind).collect(),
        fired: outcome.fired,
        described: outcome.described,
    })
}

/// The notes as an outsider's tools see them: each note's title and path with its raw text,
/// lowercased.
pub struct Corpus {
    pub docs: Vec<Doc>,
    /// How many of the notes are given descriptions of their topic.
    pub described: usize,
    texts: Vec<String>,
    bigrams: BigramIndex,
}

impl Corpus {
    pub fn load(notes_dir: &Path) -> Result<Corpus> {
        let scan = notes_folder::scan(notes_dir)?;
        let mut docs = Vec::new();
        let mut texts = Vec::new();
        let mut described = 0;
        for file in &scan.files {
            let Ok(loaded) = notes_folder::read(file) else {
                continue;
            };
            if !concepts::of_note(&loaded.note).is_empty() {
                described += 1;
            }
            let text = std::fs::read_to_string(&file.abs_path)
                .map_err(|e| Error::io(&file.abs_path, e))?;
            docs.push(Doc {
                title: loaded.note.title,
                path: file.rel_path.clone(),
            });
            texts.push(text.to_lowercase());
        }
        let bigrams = BigramIndex::new(&texts);
        Ok(Corpus {
            docs,
            described,
            texts,
            bigrams,
        })
    }

    fn ranking(&self, order: impl IntoIterator<Item = usize>) -> Ranking {
        Ranking {
            docs: order
                .into_iter()
                .take(10)
                .map(|i| self.docs[i].clone())
                .collect(),
            ..Ranking::default()
        }
    }

    /// The grep baseline: files ranked by how many of the query's words they contain (fixed
    /// strings, case-insensitive), ties by total occurrences, then by path.
    pub fn grep(&self, query: &str) -> Ranking {
        let words: Vec<String> = query
            .split_whitespace()
            .map(|w| w.trim_matches('"').to_lowercase())
            .filter(|w| !w.is_empty())
            .collect();
        let mut scored: Vec<(usize, usize, usize)> = self
            .texts
            .iter()
            .enumerate()
            .filter_map(|(i, text)| {
                let present = words.iter().filter(|w| text.contains(w.as_str())).count();
                let occurrences: usize =
                    words.iter().map(|w| text.matches(w.as_str()).count()).sum();
                (present > 0).then_some((present, occurrences, i))
            })
            .collect();
        scored.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(b.1.cmp(&a.1))
                .then(self.docs[a.2].path.cmp(&self.docs[b.2].path))
        });
        self.ranking(scored.into_iter().map(|(_, _, i)| i))
    }

    /// The Hangul-bigram BM25 baseline.
    pub fn bigram(&self, query: &str) -> Ranking {
        self.ranking(self.bigrams.rank(query))
    }
}

/// A plain BM25 index over bigram tokens (k1 = 1.2, b = 0.75).
struct BigramIndex {
    postings: HashMap<String, Vec<(usize, u32)>>,
    lengths: Vec<f64>,
    average: f64,
}

impl BigramIndex {
    const K1: f64 = 1.2;
    const B: f64 = 0.75;

    fn new(texts: &[String]) -> BigramIndex {
        let mut postings: HashMap<String, Vec<(usize, u32)>> = HashMap::new();
        let mut lengths = Vec::with_capacity(texts.len());
        for (doc, text) in texts.iter().enumerate() {
            let tokens = bigram::tokens(text);
            lengths.push(tokens.len() as f64);
            let mut counts: HashMap<String, u32> = HashMap::new();
            for token in tokens {
                *counts.entry(token).or_default() += 1;
            }
            for (token, tf) in counts {
                postings.entry(token).or_default().push((doc, tf));
            }
        }
        let average = lengths.iter().sum::<f64>() / lengths.len().max(1) as f64;
        BigramIndex {
            postings,
            lengths,
            average,
        }
    }

    /// Documents with any of the query's tokens, best first (ties by document order).
    fn rank(&self, query: &str) -> Vec<usize> {
        let n = self.lengths.len() as f64;
        let mut tokens = bigram::tokens(query);
        tokens.sort();
        tokens.dedup();
        let mut scores: HashMap<usize, f64> = HashMap::new();
        for token in tokens {
            let Some(list) = self.postings.get(&token) else {
                continue;
            };
            let df = list.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for &(doc, tf) in list {
                let tf = tf as f64;
                let norm = Self::K1 * (1.0 - Self::B + Self::B * self.lengths[doc] / self.average);
                *scores.entry(doc).or_default() += idf * tf * (Self::K1 + 1.0) / (tf + norm);
            }
        }
        let mut ranked: Vec<(usize, f64)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.into_iter().map(|(doc, _)| doc).collect()
    }
}

/// One evaluated query: its scores per system (in [`SYSTEMS`] order) and noteseek's ranking.
pub struct Row {
    pub query: EvalQuery,
    pub scores: [Scores; 3],
    pub ranking: Ranking,
}

/// Per-query results of one evaluation run.
pub struct Report {
    pub rows: Vec<Row>,
    /// Notes given descriptions of their topic ([`crate::concepts`]), and notes in all.
    pub described_notes: (usize, usize),
}

impl Report {
    pub fn run(index: &NoteIndex, notes_dir: &Path, queries: &[EvalQuery]) -> Result<Report> {
        let corpus = Corpus::load(notes_dir)?;
        let mut rows = Vec::new();
        for query in queries {
            let ranking = run_noteseek(index, query)?;
            let scores = [
                Scores::of(&ranking, query),
                Scores::of(&corpus.grep(&query.query), query),
                Scores::of(&corpus.bigram(&query.query), query),
            ];
            rows.push(Row {
                query: query.clone(),
                scores,
                ranking,
            });
        }
        Ok(Report {
            rows,
            described_notes: (corpus.described, corpus.docs.len()),
        })
    }

    /// Mean scores per system over the queries of one kind, or all when `kind` is None.
    pub fn mean(&self, kind: Option<&str>) -> [Scores; 3] {
        let rows: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| kind.is_none_or(|k| r.query.kind == k))
            .collect();
        std::array::from_fn(|s| Scores::mean(rows.iter().map(|r| &r.scores[s])))
    }

    /// Section queries whose hits were printed with another section than the requested one.
    pub fn wrong_sections(&self) -> Vec<u32> {
        self.rows
            .iter()
            .filter(|r| {
                r.query.section.is_some()
                    && r.ranking
                        .sections
                        .iter()
                        .zip(&r.ranking.docs)
                        .any(|(s, doc)| *s != r.query.section && r.query.grade(doc) > 0)
            })
            .map(|r| r.query.id)
            .collect()
    }

    /// A Markdown table: per kind, MRR@10 and P@1 of the three systems, and noteseek's nDCG@10
    /// and Recall@5.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| kind | queries | MRR@10 | P@1 | nDCG@10 | Recall@5 | grep MRR@10 | grep P@1 | bigram MRR@10 | bigram P@1 |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        let kinds = KINDS.iter().map(|k| Some(*k)).chain([None]);
        for kind in kinds {
            let [ours, grep, bigram] = self.mean(kind);
            if ours.count == 0 {
                continue;
            }
            let _ = writeln!(
                out,
                "| {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
                kind.unwrap_or("**all**"),
                ours.count,
                ours.mrr,
                ours.p1,
                ours.ndcg,
                ours.recall5,
                grep.mrr,
                grep.p1,
                bigram.mrr,
                bigram.p1
            );
        }
        out
    }

    /// How often each table of other names was used: per table, the queries it fired on and the
    /// distinct entries that fired.
    pub fn fired(&self) -> String {
        let mut per: BTreeMap<Source, (usize, BTreeSet<&str>)> = BTreeMap::new();
        for row in &self.rows {
            let mut sources = BTreeSet::new();
            for (source, name) in &row.ranking.fired {
                per.entry(*source).or_default().1.insert(name);
                sources.insert(*source);
            }
            for source in sources {
                per.entry(source).or_default().0 += 1;
            }
        }
        let mut out = String::new();
        let described = self.rows.iter().filter(|r| r.ranking.described).count();
        let (notes, all) = self.described_notes;
        let _ = writeln!(
            out,
            "Descriptions: searched on {described} queries, attached to {notes} of {all} notes"
        );
        for (source, (queries, entries)) in per {
            let _ = writeln!(
                out,
                "{source:?}: fired on {queries} queries, {} entries",
                entries.len()
            );
        }
        out
    }

    /// The queries noteseek did not answer first, for tuning.
    pub fn misses(&self) -> String {
        let mut out = String::new();
        for row in &self.rows {
            if row.scores[0].p1 < 1.0 {
                let q = &row.query;
                let answer = q
                    .relevant
                    .iter()
                    .find(|(_, &g)| g == 2)
                    .map_or("", |(t, _)| t.as_str());
                let got: Vec<&str> = row
                    .ranking
                    .docs
                    .iter()
                    .take(3)
                    .map(|d| d.path.as_str())
                    .collect();
                let _ = writeln!(
                    out,
                    "{:>3} {:<14} {:<36} [{}] want {answer} got {got:?}",
                    q.id,
                    q.kind,
                    q.query,
                    q.section.map_or("", |s| s.korean())
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(relevant: &[(&str, u8)]) -> EvalQuery {
        EvalQuery {
            id: 1,
            kind: "term".into(),
            query: String::new(),
            section: None,
            relevant: relevant.iter().map(|(k, g)| (k.to_string(), *g)).collect(),
        }
    }

    fn ranking(paths: &[&str]) -> Ranking {
        Ranking {
            docs: paths
                .iter()
                .map(|p| Doc {
                    title: format!("title of {p}"),
                    path: p.to_string(),
                })
                .collect(),
            ..Ranking::default()
        }
    }

    #[test]
    fn the_answer_first_scores_one() {
        let s = Scores::of(&ranking(&["a", "b", "c"]), &query(&[("a", 2), ("b", 1)]));
        assert_eq!((s.mrr, s.p1, s.recall5), (1.0, 1.0, 1.0));
        assert!((s.ndcg - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_answer_second_halves_mrr() {
        let s = Scores::of(&ranking(&["b", "a"]), &query(&[("a", 2), ("b", 1)]));
        assert_eq!((s.mrr, s.p1), (0.5, 0.0));
        assert!(s.ndcg < 1.0 && s.ndcg > 0.5);
    }

    #[test]
    fn a_note_is_known_by_title_or_path() {
        let s = Scores::of(&ranking(&["x.md"]), &query(&[("title of x.md", 2)]));
        assert_eq!(s.mrr, 1.0);
    }

    #[test]
    fn bm25_ranks_the_note_with_more_of_the_rare_bigrams_first() {
        let texts = vec![
            "서비스 메시 사이드카".to_string(),
            "서비스 서비스 일반".to_string(),
            "무관한 글".to_string(),
        ];
        let index = BigramIndex::new(&texts);
        assert_eq!(index.rank("사이드카 서비스"), [0, 1]);
    }
}
