//! Which fields hold terms in which segment, so that the index is never asked about a field a
//! segment has no terms for. tantivy answers that question with an empty term dictionary that it
//! builds on first use in a process: ~2 ms, a tenth of a search on a vault where, say, no note
//! states an alias pair (the generated benchmark notes). Reads of terms skip such segments,
//! ranking takes its statistics from [`Statistics`], and every query on one field is wrapped in
//! [`InField`].

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::directory::CompositeFile;
use tantivy::index::{SegmentComponent, SegmentId};
use tantivy::query::{
    Bm25StatisticsProvider, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::Field;
use tantivy::{DocId, Score, Searcher, SegmentReader, TantivyError, Term};

/// For each segment, whether each field (by id) has postings there.
#[derive(Debug, Default)]
pub(crate) struct Presence {
    by_segment: HashMap<SegmentId, Vec<bool>>,
}

impl Presence {
    /// Read from each segment's postings file, whose table of contents lists the fields it holds.
    /// A segment whose file cannot be read is taken to hold every field (tantivy then decides).
    pub(crate) fn of(searcher: &Searcher) -> Presence {
        let mut by_segment = HashMap::new();
        for segment in searcher.segment_readers() {
            let Ok(file) = segment.open_read(SegmentComponent::Postings) else {
                continue;
            };
            let Ok(postings) = CompositeFile::open(&file) else {
                continue;
            };
            let fields = segment
                .schema()
                .fields()
                .map(|(field, _)| postings.open_read(field).is_some())
                .collect();
            by_segment.insert(segment.segment_id(), fields);
        }
        Presence { by_segment }
    }

    /// Whether `field` has any term in `segment`.
    pub(crate) fn has(&self, segment: &SegmentReader, field: Field) -> bool {
        self.by_segment
            .get(&segment.segment_id())
            .and_then(|fields| fields.get(field.field_id() as usize))
            .is_none_or(|&present| present)
    }

    /// The segments of `searcher` where `field` has terms.
    pub(crate) fn segments_with<'a>(
        &'a self,
        searcher: &'a Searcher,
        field: Field,
    ) -> impl Iterator<Item = &'a SegmentReader> {
        searcher
            .segment_readers()
            .iter()
            .filter(move |segment| self.has(segment, field))
    }
}

/// BM25's statistics as the searcher computes them, without reading absent fields.
pub(crate) struct Statistics<'a> {
    pub(crate) searcher: &'a Searcher,
    pub(crate) presence: &'a Presence,
}

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let mut tokens = 0;
        for segment in self.presence.segments_with(self.searcher, field) {
            tokens += segment.inverted_index(field)?.total_num_tokens();
        }
        Ok(tokens)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let mut notes = 0;
        for segment in self.presence.segments_with(self.searcher, term.field()) {
            notes += u64::from(segment.inverted_index(term.field())?.doc_freq(term)?);
        }
        Ok(notes)
    }
}

/// A query on one field: nothing in a segment where the field has no terms, else `inner`.
#[derive(Debug)]
pub(crate) struct InField {
    field: Field,
    inner: Box<dyn Query>,
    presence: Arc<Presence>,
}

impl Clone for InField {
    fn clone(&self) -> InField {
        InField::new(
            self.field,
            self.inner.box_clone(),
            Arc::clone(&self.presence),
        )
    }
}

impl InField {
    pub(crate) fn new(field: Field, inner: Box<dyn Query>, presence: Arc<Presence>) -> InField {
        InField {
            field,
            inner,
            presence,
        }
    }
}

impl Query for InField {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(InFieldWeight {
            field: self.field,
            inner: self.inner.weight(scoring)?,
            presence: Arc::clone(&self.presence),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct InFieldWeight {
    field: Field,
    inner: Box<dyn Weight>,
    presence: Arc<Presence>,
}

impl InFieldWeight {
    fn absent(&self, segment: &SegmentReader) -> bool {
        !self.presence.has(segment, self.field)
    }
}

// Each method goes to the inner weight where the field is present: tantivy's term weight has
// its own faster paths for counting and for the best hits.
impl Weight for InFieldWeight {
    fn scorer(&self, segment: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        if self.absent(segment) {
            return Ok(Box::new(EmptyScorer));
        }
        self.inner.scorer(segment, boost)
    }

    fn explain(&self, segment: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.absent(segment) {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        self.inner.explain(segment, doc)
    }

    fn count(&self, segment: &SegmentReader) -> tantivy::Result<u32> {
        if self.absent(segment) {
            return Ok(0);
        }
        self.inner.count(segment)
    }

    fn for_each(
        &self,
        segment: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        if self.absent(segment) {
            return Ok(());
        }
        self.inner.for_each(segment, callback)
    }

    fn for_each_no_score(
        &self,
        segment: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        if self.absent(segment) {
            return Ok(());
        }
        self.inner.for_each_no_score(segment, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        segment: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        if self.absent(segment) {
            return Ok(());
        }
        self.inner.for_each_pruning(threshold, segment, callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index};

    #[test]
    fn a_field_no_note_fills_is_absent_and_matches_nothing() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let alias = schema.add_text_field("alias", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in ["컨테이너 도커", "컨테이너", "정규화"] {
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let presence = Arc::new(Presence::of(&searcher));
        let segment = &searcher.segment_readers()[0];
        assert!(presence.has(segment, body));
        assert!(!presence.has(segment, alias));

        let statistics = Statistics {
            searcher: &searcher,
            presence: &presence,
        };
        let term = Term::from_field_text(body, "컨테이너");
        assert_eq!(statistics.doc_freq(&term).unwrap(), 2);
        assert_eq!(
            statistics.total_num_tokens(body).unwrap(),
            searcher.total_num_tokens(body).unwrap()
        );
        assert_eq!(statistics.total_num_tokens(alias).unwrap(), 0);

        let query = |field, text| {
            let term = TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::WithFreqs,
            );
            InField::new(field, Box::new(term), Arc::clone(&presence))
        };
        let top = TopDocs::with_limit(10).order_by_score();
        let found = searcher
            .search_with_statistics_provider(&query(body, "컨테이너"), &top, &statistics)
            .unwrap();
        let plain = searcher
            .search(
                &TermQuery::new(term.clone(), IndexRecordOption::WithFreqs),
                &top,
            )
            .unwrap();
        assert_eq!(
            found, plain,
            "the same hits and scores where the field is present"
        );
        assert_eq!(query(alias, "컨테이너").count(&searcher).unwrap(), 0);
    }
}
