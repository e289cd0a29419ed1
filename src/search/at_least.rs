//! A query for notes matching at least `n` of `m` clauses, scored by the sum of the clauses they
//! match: what tantivy's `BooleanQuery::with_minimum_required_clauses` finds, found with less
//! work. A note matching `n` clauses holds one of the `m − n + 1` rarest, so only the notes
//! holding those are walked, and the commoner clauses are sought to each of them. tantivy walks
//! every note holding any clause: for the Hangul pairs of a query (`이션`, `스트` are in most
//! notes) that was a third of a search at 100k notes.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// At least `minimum` of `clauses`; `1 < minimum < clauses.len()` is where it pays.
#[derive(Debug)]
pub struct AtLeast {
    clauses: Vec<Box<dyn Query>>,
    minimum: usize,
}

impl Clone for AtLeast {
    fn clone(&self) -> AtLeast {
        AtLeast::new(
            self.clauses.iter().map(|c| c.box_clone()).collect(),
            self.minimum,
        )
    }
}

impl AtLeast {
    pub fn new(clauses: Vec<Box<dyn Query>>, minimum: usize) -> AtLeast {
        AtLeast { clauses, minimum }
    }
}

impl Query for AtLeast {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|clause| clause.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AtLeastWeight {
            weights,
            minimum: self.minimum,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

struct AtLeastWeight {
    weights: Vec<Box<dyn Weight>>,
    minimum: usize,
}

impl Weight for AtLeastWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorers = self
            .weights
            .iter()
            .map(|weight| weight.scorer(reader, boost))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AtLeastScorer::new(scorers, self.minimum)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        let mut explanation = Explanation::new("at least n clauses, sum of", scorer.score());
        for weight in &self.weights {
            if let Ok(detail) = weight.explain(reader, doc) {
                explanation.add_detail(detail);
            }
        }
        Ok(explanation)
    }
}

struct AtLeastScorer {
    /// The `m − n + 1` rarest clauses: every match holds one of them.
    leaders: Vec<Box<dyn Scorer>>,
    /// The others, sought to each candidate.
    followers: Vec<Box<dyn Scorer>>,
    minimum: usize,
    doc: DocId,
    score: Score,
}

impl AtLeastScorer {
    fn new(mut scorers: Vec<Box<dyn Scorer>>, minimum: usize) -> AtLeastScorer {
        let minimum = minimum.max(1);
        scorers.sort_by_key(|s| s.cost());
        let leading = (scorers.len() + 1).saturating_sub(minimum);
        let followers = scorers.split_off(leading);
        let mut scorer = AtLeastScorer {
            leaders: scorers,
            followers,
            minimum,
            doc: TERMINATED,
            score: 0.0,
        };
        scorer.settle();
        scorer
    }

    /// Moves to the first candidate, from where the leaders are, that matches enough clauses.
    fn settle(&mut self) -> DocId {
        loop {
            let candidate = self
                .leaders
                .iter()
                .map(|s| s.doc())
                .min()
                .unwrap_or(TERMINATED);
            if candidate == TERMINATED {
                self.doc = TERMINATED;
                return TERMINATED;
            }
            let mut count = 0;
            let mut score = 0.0;
            for leader in &mut self.leaders {
                if leader.doc() == candidate {
                    count += 1;
                    score += leader.score();
                }
            }
            let mut left = self.followers.len();
            for follower in &mut self.followers {
                if count + left < self.minimum {
                    break;
                }
                left -= 1;
                if follower.doc() < candidate {
                    follower.seek(candidate);
                }
                if follower.doc() == candidate {
                    count += 1;
                    score += follower.score();
                }
            }
            if count >= self.minimum {
                self.doc = candidate;
                self.score = score;
                return candidate;
            }
            self.step_leaders_past(candidate);
        }
    }

    fn step_leaders_past(&mut self, doc: DocId) {
        for leader in &mut self.leaders {
            if leader.doc() == doc {
                leader.advance();
            }
        }
    }
}

impl DocSet for AtLeastScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.step_leaders_past(self.doc);
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for leader in &mut self.leaders {
            if leader.doc() < target {
                leader.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.leaders
            .iter()
            .fold(0u32, |n, s| n.saturating_add(s.size_hint()))
    }
}

impl Scorer for AtLeastScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index};

    /// Notes of words drawn from a small vocabulary, so that clauses overlap in every way.
    fn index() -> (Index, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut state = 7u64;
        for _ in 0..600 {
            let mut words = Vec::new();
            for _ in 0..6 {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                // Skewed: w0 is in most notes, w7 in few.
                let n = ((state >> 33) % 64) as u32;
                words.push(format!("w{}", (n as f64).sqrt() as u32));
            }
            writer.add_document(doc!(body => words.join(" "))).unwrap();
        }
        writer.commit().unwrap();
        (index, body)
    }

    fn clauses(field: tantivy::schema::Field, words: &[&str]) -> Vec<Box<dyn Query>> {
        words
            .iter()
            .map(|w| {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, w),
                    IndexRecordOption::WithFreqs,
                )) as Box<dyn Query>
            })
            .collect()
    }

    #[test]
    fn finds_and_scores_what_a_minimum_of_should_clauses_does() {
        let (index, body) = index();
        let searcher = index.reader().unwrap().searcher();
        let words = ["w0", "w1", "w3", "w5", "w7"];
        for minimum in 2..words.len() {
            let ours = AtLeast::new(clauses(body, &words), minimum);
            let theirs = BooleanQuery::with_minimum_required_clauses(
                clauses(body, &words)
                    .into_iter()
                    .map(|q| (Occur::Should, q))
                    .collect(),
                minimum,
            );
            let top = TopDocs::with_limit(1000).order_by_score();
            let mut a = searcher.search(&ours, &top).unwrap();
            let mut b = searcher.search(&theirs, &top).unwrap();
            assert!(!b.is_empty(), "minimum {minimum} matches something");
            a.sort_by_key(|(_, d)| *d);
            b.sort_by_key(|(_, d)| *d);
            assert_eq!(a.len(), b.len(), "minimum {minimum}");
            for ((sa, da), (sb, db)) in a.iter().zip(&b) {
                assert_eq!(da, db);
                assert!((sa - sb).abs() < 1e-4, "{sa} vs {sb}");
            }
            assert_eq!(ours.count(&searcher).unwrap(), b.len());
        }
    }

    #[test]
    fn seeking_lands_on_the_next_match() {
        let (index, body) = index();
        let searcher = index.reader().unwrap().searcher();
        let segment = &searcher.segment_readers()[0];
        let query = AtLeast::new(clauses(body, &["w1", "w2", "w4"]), 2);
        let weight = query
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .unwrap();
        let mut all = Vec::new();
        let mut scorer = weight.scorer(segment, 1.0).unwrap();
        while scorer.doc() != TERMINATED {
            all.push(scorer.doc());
            scorer.advance();
        }
        assert!(all.len() > 10);
        let mut scorer = weight.scorer(segment, 1.0).unwrap();
        let target = all[all.len() / 2] - 1;
        let expected = *all.iter().find(|&&d| d >= target).unwrap();
        assert_eq!(scorer.seek(target), expected);
        assert_eq!(scorer.seek(0), expected, "seeking back stays");
    }
}
