//! Reading the index: one snapshot of its last commit, with term lookups, prefix scans, stored
//! notes by address and the recorded state of every file. Every read error maps to one error
//! ([`super::damaged`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::columnar::{BytesColumn, StrColumn};
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::DocSet;
use tantivy::{DocAddress, Searcher, SegmentReader, TantivyDocument, Term};

use super::presence::{InField, Presence, Statistics};
use super::schema::{self, Fields, IndexField};
use super::stored::{NoteLinks, StoredNote};
use crate::error::{Error, Result};
use crate::note::NoteKind;

/// File state recorded for each note file, sorted by relative path.
pub type Manifest = Vec<(String, FileState)>;

/// What the index remembers of a file: enough to tell whether it changed since.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileState {
    pub mtime: u64,
    pub size: u64,
    /// False for a file that was skipped (not UTF-8, too large): it is remembered so that it is
    /// not re-read and re-reported on every run, but it holds no note.
    pub indexed: bool,
}

/// Where a note is in a snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NoteAddress(pub(crate) DocAddress);

/// The index as of one commit. Cheap to clone.
#[derive(Clone)]
pub struct Snapshot {
    searcher: Searcher,
    fields: Fields,
    dir: PathBuf,
    presence: Arc<Presence>,
}

impl Snapshot {
    pub(crate) fn new(searcher: Searcher, fields: Fields, dir: PathBuf) -> Snapshot {
        let presence = Arc::new(Presence::of(&searcher));
        Snapshot {
            searcher,
            fields,
            dir,
            presence,
        }
    }

    /// `query`, on `field` alone, asked only of the segments where the field has terms.
    pub(crate) fn in_field(&self, field: IndexField, query: Box<dyn Query>) -> Box<dyn Query> {
        let field = self.field(field);
        Box::new(InField::new(field, query, Arc::clone(&self.presence)))
    }

    /// The segments where `field` has terms.
    fn segments_with(&self, field: Field) -> impl Iterator<Item = &SegmentReader> {
        self.presence.segments_with(&self.searcher, field)
    }

    fn statistics(&self) -> Statistics<'_> {
        Statistics {
            searcher: &self.searcher,
            presence: &self.presence,
        }
    }

    fn damaged(&self, reason: impl std::fmt::Display) -> Error {
        super::damaged(&self.dir, reason)
    }

    /// The tantivy handle of a field, for building queries.
    pub(crate) fn field(&self, field: IndexField) -> Field {
        self.fields.get(field)
    }

    /// Whether `term` is a term of `field`.
    pub fn contains(&self, field: IndexField, term: &str) -> Result<bool> {
        let field = self.field(field);
        for segment in self.segments_with(field) {
            let inverted = segment.inverted_index(field).map_err(|e| self.damaged(e))?;
            let found = inverted
                .terms()
                .get(term.as_bytes())
                .map_err(|e| self.damaged(e))?;
            if found.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Terms of `field` that start with `prefix`, in term order, at most `limit` per segment
    /// (a term in several segments is listed once per segment).
    pub fn terms_with_prefix(
        &self,
        field: IndexField,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<String>> {
        let field = self.field(field);
        let mut found = Vec::new();
        for segment in self.segments_with(field) {
            let inverted = segment.inverted_index(field).map_err(|e| self.damaged(e))?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(|e| self.damaged(e))?;
            let mut taken = 0;
            while taken < limit && stream.advance() {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                if let Ok(term) = std::str::from_utf8(key) {
                    found.push(term.to_string());
                    taken += 1;
                }
            }
        }
        Ok(found)
    }

    /// Every term of `field`, sorted and distinct.
    pub fn terms(&self, field: IndexField) -> Result<BTreeSet<String>> {
        let field = self.field(field);
        let mut terms = BTreeSet::new();
        for segment in self.segments_with(field) {
            let inverted = segment.inverted_index(field).map_err(|e| self.damaged(e))?;
            let mut stream = inverted.terms().stream().map_err(|e| self.damaged(e))?;
            while stream.advance() {
                terms.insert(String::from_utf8_lossy(stream.key()).into_owned());
            }
        }
        Ok(terms)
    }

    /// The best `limit` notes for a query, with their scores.
    pub(crate) fn top(&self, query: &dyn Query, limit: usize) -> Result<Vec<(f32, NoteAddress)>> {
        let top = self
            .searcher
            .search_with_statistics_provider(
                query,
                &TopDocs::with_limit(limit.max(1)).order_by_score(),
                &self.statistics(),
            )
            .map_err(|e| self.damaged(e))?;
        Ok(top
            .into_iter()
            .map(|(score, address)| (score, NoteAddress(address)))
            .collect())
    }

    /// The best `limit` notes for a query, each score weighted by the note's kind (`weights`
    /// in [`NoteKind`] order: topic, stub, listing).
    pub(crate) fn top_weighted(
        &self,
        query: &dyn Query,
        limit: usize,
        weights: [f32; 3],
    ) -> Result<Vec<(f32, NoteAddress)>> {
        let collector =
            TopDocs::with_limit(limit.max(1)).tweak_score(move |segment: &SegmentReader| {
                let kinds = segment.fast_fields().u64(Fields::KIND).ok();
                move |doc: tantivy::DocId, score: tantivy::Score| {
                    let code = kinds.as_ref().and_then(|k| k.first(doc)).unwrap_or(0);
                    score * weights[(code as usize).min(2)]
                }
            });
        let top = self
            .searcher
            .search_with_statistics_provider(query, &collector, &self.statistics())
            .map_err(|e| self.damaged(e))?;
        Ok(top
            .into_iter()
            .map(|(score, address)| (score, NoteAddress(address)))
            .collect())
    }

    /// Whether each note is a stub.
    pub(crate) fn stubs(&self, notes: &[NoteAddress]) -> Vec<bool> {
        let stub = schema::kind_code(NoteKind::Stub);
        // One column per segment, opened once.
        let kinds: Vec<_> = self
            .searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().u64(Fields::KIND).ok())
            .collect();
        notes
            .iter()
            .map(|address| {
                let column = kinds[address.0.segment_ord as usize].as_ref();
                column.and_then(|k| k.first(address.0.doc_id)) == Some(stub)
            })
            .collect()
    }

    /// The names of each note: the title as written and the keys of the title and aliases.
    pub(crate) fn names(&self, notes: &[NoteAddress]) -> Result<Vec<Vec<String>>> {
        // The two columns of each segment, opened once.
        let columns = self
            .searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                [IndexField::TitleName, IndexField::TitleKey]
                    .iter()
                    .filter_map(|field| segment.fast_fields().str(field.name()).transpose())
                    .collect::<std::result::Result<Vec<StrColumn>, _>>()
                    .map_err(|e| self.damaged(e))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(notes.len());
        for address in notes {
            let mut names = Vec::new();
            for column in &columns[address.0.segment_ord as usize] {
                for ord in column.term_ords(address.0.doc_id) {
                    let mut name = String::new();
                    if column
                        .ord_to_str(ord, &mut name)
                        .map_err(|e| self.damaged(e))?
                    {
                        names.push(name);
                    }
                }
            }
            out.push(names);
        }
        Ok(out)
    }

    /// How many documents (notes and skipped files) the snapshot holds.
    pub fn note_count(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// For each query, whether each of `notes` matches it.
    pub(crate) fn matches(
        &self,
        queries: &[Box<dyn Query>],
        notes: &[NoteAddress],
    ) -> Result<Vec<Vec<bool>>> {
        let mut order: Vec<usize> = (0..notes.len()).collect();
        order.sort_by_key(|&i| notes[i].0);
        let mut out = Vec::with_capacity(queries.len());
        for query in queries {
            let weight = query
                .weight(EnableScoring::disabled_from_searcher(&self.searcher))
                .map_err(|e| self.damaged(e))?;
            let mut matched = vec![false; notes.len()];
            for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
                let mut scorer = weight.scorer(segment, 1.0).map_err(|e| self.damaged(e))?;
                for &i in order
                    .iter()
                    .filter(|&&i| notes[i].0.segment_ord as usize == ord)
                {
                    let doc = notes[i].0.doc_id;
                    if scorer.doc() <= doc && scorer.seek(doc) == doc {
                        matched[i] = true;
                    }
                }
            }
            out.push(matched);
        }
        Ok(out)
    }

    /// How many notes match `query`.
    pub(crate) fn count(&self, query: &dyn Query) -> Result<u64> {
        let count = query.count(&self.searcher).map_err(|e| self.damaged(e))?;
        Ok(count as u64)
    }

    /// How many notes hold `term` in `field`, read from the term dictionary (a note deleted since
    /// the last merge still counts).
    pub(crate) fn doc_freq(&self, field: IndexField, term: &str) -> Result<u64> {
        let term = Term::from_field_text(self.field(field), term);
        self.statistics()
            .doc_freq(&term)
            .map_err(|e| self.damaged(e))
    }

    /// Every note matching a query, by path.
    pub(crate) fn all_by_path(&self, query: &dyn Query) -> Result<Vec<(String, NoteAddress)>> {
        let found = self
            .searcher
            .search(query, &DocSetCollector)
            .map_err(|e| self.damaged(e))?;
        let mut columns = HashMap::new();
        let mut listed = Vec::with_capacity(found.len());
        for address in found {
            let ord = address.segment_ord;
            if let std::collections::hash_map::Entry::Vacant(slot) = columns.entry(ord) {
                let segment = self.searcher.segment_reader(ord);
                slot.insert(self.str_column(segment, Fields::PATH)?);
            }
            let path = columns[&ord]
                .as_ref()
                .and_then(|(column, names)| {
                    column
                        .term_ords(address.doc_id)
                        .next()
                        .and_then(|o| names.get(o as usize))
                })
                .cloned()
                .unwrap_or_default();
            listed.push((path, NoteAddress(address)));
        }
        listed.sort();
        Ok(listed)
    }

    /// The path of the note at `address` (relative to the notes folder).
    pub fn path(&self, address: NoteAddress) -> Result<String> {
        let doc: TantivyDocument = self.searcher.doc(address.0).map_err(|e| self.damaged(e))?;
        Ok(doc
            .get_first(self.fields.path)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string())
    }

    /// The path and stored note at `address`.
    pub fn note(&self, address: NoteAddress) -> Result<(String, StoredNote)> {
        let doc: TantivyDocument = self.searcher.doc(address.0).map_err(|e| self.damaged(e))?;
        let path = doc
            .get_first(self.fields.path)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let data = doc
            .get_first(self.fields.data)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let note = serde_json::from_str(data)
            .map_err(|e| self.damaged(format!("stored note {path} unreadable: {e}")))?;
        Ok((path, note))
    }

    /// What the topic graph needs of every note in the index, with the note's path, in path
    /// order (skipped files are left out). Read from fast fields: no stored note is read.
    pub fn all_note_links(&self) -> Result<Vec<(String, NoteLinks)>> {
        let mut notes = Vec::new();
        for segment in self.searcher.segment_readers() {
            let Some((paths, names)) = self.str_column(segment, Fields::PATH)? else {
                continue;
            };
            let Some(graph) = segment
                .fast_fields()
                .bytes(Fields::GRAPH)
                .map_err(|e| self.damaged(e))?
            else {
                continue;
            };
            let records = self.terms_of(&graph, <[u8]>::to_vec)?;
            for doc in segment.doc_ids_alive() {
                let path = paths
                    .term_ords(doc)
                    .next()
                    .and_then(|o| names.get(o as usize));
                let record = graph
                    .term_ords(doc)
                    .next()
                    .and_then(|o| records.get(o as usize));
                // Skipped files have a path but no record.
                if let (Some(path), Some(record)) = (path, record) {
                    let links = serde_json::from_slice(record)
                        .map_err(|e| self.damaged(format!("links of {path} unreadable: {e}")))?;
                    notes.push((path.clone(), links));
                }
            }
        }
        notes.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(notes)
    }

    /// The notes holding `term` in `field` (at most 100).
    pub fn notes_with(&self, field: IndexField, term: &str) -> Result<Vec<NoteAddress>> {
        let query = TermQuery::new(
            Term::from_field_text(self.field(field), term),
            IndexRecordOption::Basic,
        );
        let query = self.in_field(field, Box::new(query));
        Ok(self
            .top(query.as_ref(), 100)?
            .into_iter()
            .map(|(_, a)| a)
            .collect())
    }

    /// Paths of the notes holding `term` in `field` (at most 100), sorted.
    pub fn paths_with(&self, field: IndexField, term: &str) -> Result<Vec<String>> {
        let mut paths = Vec::new();
        for address in self.notes_with(field, term)? {
            let path = self.path(address)?;
            if !path.is_empty() {
                paths.push(path);
            }
        }
        paths.sort();
        Ok(paths)
    }

    /// Every term of a fast text field held by a live note (not by a deleted one, whose terms
    /// stay in the term dictionary until its segment is merged), sorted and distinct.
    pub fn live_terms(&self, field: IndexField) -> Result<BTreeSet<String>> {
        Ok(self.live_term_counts(field)?.into_keys().collect())
    }

    /// Every term of a fast text field held by a live note, with the number of notes holding
    /// it, sorted by term.
    pub fn live_term_counts(&self, field: IndexField) -> Result<BTreeMap<String, usize>> {
        let mut counts = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            let Some((column, names)) = self.str_column(segment, field.name())? else {
                continue;
            };
            // Per segment by ordinal, then by name: one string per distinct term, not per note.
            let mut by_ordinal = vec![0usize; names.len()];
            let mut seen = Vec::new();
            for doc in segment.doc_ids_alive() {
                seen.clear();
                seen.extend(column.term_ords(doc));
                seen.sort_unstable();
                seen.dedup();
                for &ord in &seen {
                    if let Some(count) = by_ordinal.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
            }
            for (name, count) in names.into_iter().zip(by_ordinal) {
                if count > 0 {
                    *counts.entry(name).or_insert(0) += count;
                }
            }
        }
        Ok(counts)
    }

    /// The recorded state of every file in the index, from fast fields (no stored documents read).
    pub fn manifest(&self) -> Result<Manifest> {
        let segments = self.searcher.segment_readers();
        // Large indexes have several segments: read them on all cores.
        let parts: Vec<Manifest> = if self.note_count() >= crate::notes_folder::PARALLEL_FROM {
            segments
                .par_iter()
                .map(|segment| self.segment_manifest(segment))
                .collect::<Result<_>>()?
        } else {
            segments
                .iter()
                .map(|segment| self.segment_manifest(segment))
                .collect::<Result<_>>()?
        };
        let mut manifest = parts.concat();
        if !manifest.is_sorted_by(|a, b| a.0 < b.0) {
            manifest.sort_by(|a, b| a.0.cmp(&b.0));
            manifest.dedup_by(|a, b| a.0 == b.0);
        }
        Ok(manifest)
    }

    /// Calls `visit` with every file the index records and its state, in no particular order,
    /// until one call says `false`; each thread first makes its own `S` with `init`. Large
    /// indexes are split, inside segments too, into ranges of paths visited on all cores, and no
    /// path is copied. When every call said `true`: how many files were visited, and how many of
    /// them hold a note (the others were skipped: too large, not text).
    pub fn all_files<S>(
        &self,
        init: impl Fn() -> S + Sync,
        visit: impl Fn(&mut S, &str, FileState) -> bool + Sync,
    ) -> Result<Option<(usize, usize)>> {
        let mut segments = Vec::new();
        for segment in self.searcher.segment_readers() {
            if let Some((paths, states)) = self.segment_states(segment)? {
                segments.push((paths, states));
            }
        }
        // Ranges of path ordinals: several per core, so that one large segment is shared.
        let parallel = self.note_count() >= crate::notes_folder::PARALLEL_FROM;
        let per_range = if parallel {
            (self.note_count() as usize).div_ceil(rayon::current_num_threads() * 4)
        } else {
            usize::MAX
        };
        let mut ranges = Vec::new();
        for (i, (_, states)) in segments.iter().enumerate() {
            let mut start = 0;
            while start < states.len() {
                let end = states.len().min(start.saturating_add(per_range));
                ranges.push((i, start, end));
                start = end;
            }
        }
        type Counts = Option<(usize, usize)>;
        let visit_range = |&(i, start, end): &(usize, usize, usize)| -> Result<Counts> {
            let (paths, states) = &segments[i];
            let dictionary = paths.dictionary();
            let mut first = Vec::new();
            if !dictionary
                .ord_to_term(start as u64, &mut first)
                .map_err(|e| self.damaged(e))?
            {
                return Ok(Some((0, 0)));
            }
            let mut stream = dictionary
                .range()
                .ge(&first)
                .into_stream()
                .map_err(|e| self.damaged(e))?;
            let mut own = init();
            let (mut visited, mut notes) = (0, 0);
            for state in &states[start..end] {
                if !stream.advance() {
                    return Err(self.damaged("the path column ends early"));
                }
                let Some(state) = *state else { continue };
                // Paths are written as text: one that is not is a file to walk for.
                let Ok(path) = std::str::from_utf8(stream.key()) else {
                    return Ok(None);
                };
                if !visit(&mut own, path, state) {
                    return Ok(None);
                }
                visited += 1;
                notes += usize::from(state.indexed);
            }
            Ok(Some((visited, notes)))
        };
        let counts: Vec<Counts> = if parallel {
            ranges.par_iter().map(visit_range).collect::<Result<_>>()?
        } else {
            ranges.iter().map(visit_range).collect::<Result<_>>()?
        };
        Ok(counts.into_iter().try_fold((0, 0), |(files, notes), part| {
            part.map(|(f, n)| (files + f, notes + n))
        }))
    }

    /// A segment's path column, and each path's state by its ordinal (`None`: no live note).
    fn segment_states(
        &self,
        segment: &SegmentReader,
    ) -> Result<Option<(StrColumn, Vec<Option<FileState>>)>> {
        let Some(paths) = segment
            .fast_fields()
            .str(Fields::PATH)
            .map_err(|e| self.damaged(e))?
        else {
            return Ok(None);
        };
        let fast = segment.fast_fields();
        let mtimes = fast.u64(Fields::MTIME).map_err(|e| self.damaged(e))?;
        let sizes = fast.u64(Fields::SIZE).map_err(|e| self.damaged(e))?;
        let indexed = fast.u64(Fields::INDEXED).map_err(|e| self.damaged(e))?;
        // By the path's ordinal, which is its rank in the column's sorted dictionary.
        let mut states: Vec<Option<FileState>> = vec![None; paths.num_terms()];
        for doc in segment.doc_ids_alive() {
            let Some(ord) = paths.term_ords(doc).next() else {
                continue;
            };
            if let Some(slot) = states.get_mut(ord as usize) {
                *slot = Some(FileState {
                    mtime: mtimes.first(doc).unwrap_or(0),
                    size: sizes.first(doc).unwrap_or(0),
                    indexed: indexed.first(doc).unwrap_or(0) == 1,
                });
            }
        }
        Ok(Some((paths, states)))
    }

    /// The files one segment records, sorted by path.
    fn segment_manifest(&self, segment: &SegmentReader) -> Result<Manifest> {
        let Some((paths, states)) = self.segment_states(segment)? else {
            return Ok(Manifest::new());
        };
        let names = self.terms_of(&BytesColumn::from(paths), |key| {
            String::from_utf8_lossy(key).into_owned()
        })?;
        Ok(names
            .into_iter()
            .zip(states)
            .filter_map(|(name, state)| Some((name, state?)))
            .collect())
    }

    /// A segment's fast text column and its terms by ordinal.
    fn str_column(
        &self,
        segment: &SegmentReader,
        name: &str,
    ) -> Result<Option<(StrColumn, Vec<String>)>> {
        let Some(column) = segment
            .fast_fields()
            .str(name)
            .map_err(|e| self.damaged(e))?
        else {
            return Ok(None);
        };
        let names = self.terms_of(&BytesColumn::from(column.clone()), |key| {
            String::from_utf8_lossy(key).into_owned()
        })?;
        Ok(Some((column, names)))
    }

    /// A fast column's terms by ordinal, each made a `T` by `convert`. The terms are streamed
    /// once in order: looking each document's term up by ordinal would decompress a dictionary
    /// block per document (most of the time at 100k notes).
    fn terms_of<T>(&self, column: &BytesColumn, convert: impl Fn(&[u8]) -> T) -> Result<Vec<T>> {
        let mut terms = Vec::with_capacity(column.num_terms());
        let mut stream = column.dictionary().stream().map_err(|e| self.damaged(e))?;
        while stream.advance() {
            terms.push(convert(stream.key()));
        }
        Ok(terms)
    }
}
