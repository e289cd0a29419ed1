//! Ranking notes for a query, and choosing for each hit the section and snippet to show.

use std::collections::HashSet;

use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query as TantivyQuery,
    RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{IndexReader, Searcher, TantivyDocument, Term as IndexTerm};

use crate::aliases;
use crate::analysis::{KoreanAnalyzer, Term};
use crate::chosung;
use crate::error::{Error, Result};
use crate::index::schema::{tag_terms, Fields};
use crate::index::{NoteIndex, StoredNote};
use crate::note;
use crate::query::{Clause, Query, Target};
use crate::section::SectionKind;
use crate::snippet::{self, Snippet};

/// Title matches weigh most: a note titled with the query is the answer.
const TITLE_BOOST: f32 = 8.0;
/// Sections other than the known ones (`## 비교`, `## 유형`).
const OTHER_BOOST: f32 = 0.8;
/// Weight of the other fields when `-s` restricts matching to one section.
const RESTRICTED_CONTEXT_BOOST: f32 = 0.3;
/// Weight of a completion of the last word relative to the word itself.
const COMPLETION_BOOST: f32 = 0.5;
/// Weight of a word's other names relative to the word itself.
const ALIAS_BOOST: f32 = 0.7;
/// Most other names searched for one word.
const MAX_ALIASES: usize = 8;
/// Most completions of the last word searched for.
const MAX_COMPLETIONS: usize = 32;
/// Extra weight of a written-together whole (`데이터베이스`) over its parts' phrase.
const WHOLE_BOOST: f32 = 0.5;

/// How to search.
#[derive(Clone, Debug)]
pub struct Options {
    pub limit: usize,
    /// Restrict matching (and the printed section) to one section.
    pub section: Option<SectionKind>,
    /// Keep only notes with all of these tags (or tags nested under them).
    pub tags: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limit: 10,
            section: None,
            tags: Vec::new(),
        }
    }
}

/// One ranked note.
#[derive(Clone, Debug)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    pub score: f32,
    pub title: String,
    /// Path relative to the notes folder.
    pub path: String,
    pub tags: Vec<String>,
    /// The section that holds the best match.
    pub section: MatchedSection,
    /// The source line of the snippet (1-based), for `path:line`.
    pub line: u32,
    pub snippet: Snippet,
}

/// The matched section as shown: its canonical kind if any, and its heading as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchedSection {
    pub kind: Option<SectionKind>,
    pub heading: String,
    /// The canonical name (정의, 구성요소 …) or, for other sections, the heading.
    pub name: String,
}

/// The result of a search.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub hits: Vec<Hit>,
    /// Set when no note had every word and notes with some of them are shown instead.
    pub relaxed: bool,
    /// Set when the query had no searchable word at all (only particles or punctuation).
    pub empty_query: bool,
}

/// A query compiled against the index, with the terms to highlight.
struct Compiled {
    required: Vec<Box<dyn TantivyQuery>>,
    excluded: Vec<Box<dyn TantivyQuery>>,
    filters: Vec<Box<dyn TantivyQuery>>,
    /// Scoring only: with `-s`, the same words in the other fields, so that among notes
    /// matching in the section the one about the term (title, keywords) ranks first.
    boosters: Vec<Box<dyn TantivyQuery>>,
    /// Scoring only: other names of the whole query (`Concurrency Control` → 동시성 제어).
    query_aliases: Vec<Box<dyn TantivyQuery>>,
    /// Analysed terms of the positive text clauses, for choosing and highlighting snippets.
    highlight: HashSet<String>,
    /// Sections named by field prefixes (`정의:`), preferred when choosing the snippet.
    named_sections: Vec<SectionKind>,
    /// Whether any clause can match anything.
    has_terms: bool,
}

/// Searches the index.
pub fn search(
    index: &NoteIndex,
    reader: &IndexReader,
    query: &Query,
    options: &Options,
) -> Result<Outcome> {
    let analyzer = KoreanAnalyzer::shared()?;
    let searcher = reader.searcher();
    let compiled =
        compile(&index.fields, &analyzer, &searcher, query, options).map_err(|e| match e {
            Error::Tantivy(t) => index.damaged(t),
            other => other,
        })?;
    if !compiled.has_terms {
        return Ok(Outcome {
            empty_query: true,
            ..Outcome::default()
        });
    }
    let words = compiled.required.len();
    let strict = combine(&compiled, minimum_should_match(words));
    let mut top = run(&searcher, strict.as_ref(), options.limit).map_err(|e| index.damaged(e))?;
    let mut relaxed = false;
    if top.is_empty() && words > 1 {
        top = run(&searcher, combine(&compiled, 1).as_ref(), options.limit)
            .map_err(|e| index.damaged(e))?;
        relaxed = !top.is_empty();
    }
    let mut hits = Vec::with_capacity(top.len());
    for (rank, (score, address)) in top.into_iter().enumerate() {
        let doc: TantivyDocument = searcher.doc(address).map_err(|e| index.damaged(e))?;
        let path = doc
            .get_first(index.fields.path)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let data = doc
            .get_first(index.fields.data)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let stored: StoredNote = serde_json::from_str(data).map_err(|e| Error::IndexCorrupt {
            path: index.dir.clone(),
            reason: format!("stored note {path} unreadable: {e}"),
        })?;
        hits.push(make_hit(
            rank + 1,
            score,
            path,
            stored,
            &analyzer,
            &compiled,
            options.section,
        ));
    }
    Ok(Outcome {
        hits,
        relaxed,
        empty_query: false,
    })
}

fn run(
    searcher: &Searcher,
    query: &dyn TantivyQuery,
    limit: usize,
) -> tantivy::Result<Vec<(f32, tantivy::DocAddress)>> {
    searcher.search(query, &TopDocs::with_limit(limit.max(1)).order_by_score())
}

/// The words of a query, at least `minimum` of them matching; exclusions and filters apply.
fn combine(compiled: &Compiled, minimum: usize) -> Box<dyn TantivyQuery> {
    let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    if compiled.required.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    } else {
        let words = compiled
            .required
            .iter()
            .map(|q| (Occur::Should, q.box_clone()))
            .collect();
        clauses.push((
            Occur::Must,
            Box::new(BooleanQuery::with_minimum_required_clauses(words, minimum)),
        ));
    }
    for q in &compiled.filters {
        clauses.push((Occur::Must, q.box_clone()));
    }
    for q in &compiled.excluded {
        clauses.push((Occur::MustNot, q.box_clone()));
    }
    for q in &compiled.query_aliases {
        clauses.push((Occur::Should, q.box_clone()));
    }
    if !compiled.boosters.is_empty() {
        let boost = BooleanQuery::new(
            compiled
                .boosters
                .iter()
                .map(|q| (Occur::Should, q.box_clone()))
                .collect(),
        );
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(Box::new(boost), RESTRICTED_CONTEXT_BOOST)),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// How many of `n` query words a note must contain: all of two or three; of longer queries,
/// all but one in four, so that a note missing one incidental word (`방식`, `도구`) still
/// competes on its other words.
fn minimum_should_match(n: usize) -> usize {
    if n <= 3 {
        n
    } else {
        n - n / 4
    }
}

fn compile(
    fields: &Fields,
    analyzer: &KoreanAnalyzer,
    searcher: &Searcher,
    query: &Query,
    options: &Options,
) -> Result<Compiled> {
    let mut compiled = Compiled {
        required: Vec::new(),
        excluded: Vec::new(),
        filters: Vec::new(),
        boosters: Vec::new(),
        query_aliases: Vec::new(),
        highlight: HashSet::new(),
        named_sections: Vec::new(),
        has_terms: false,
    };
    for tag in &options.tags {
        compiled.filters.push(tag_query(fields, tag));
    }
    // The word being typed: the last one, unless it is quoted, excluded, a tag or a path.
    let typing = query
        .clauses
        .iter()
        .rposition(|c| !c.phrase && !c.negated && !matches!(c.target, Target::Tag | Target::Path));
    let typing = typing.filter(|&i| i + 1 == query.clauses.len());
    for (i, clause) in query.clauses.iter().enumerate() {
        let built = clause_query(
            fields,
            analyzer,
            searcher,
            clause,
            options.section,
            &mut compiled,
        )?;
        let built = with_aliases(
            fields,
            analyzer,
            searcher,
            clause,
            options.section,
            built,
            &mut compiled,
        )?;
        let built = if typing == Some(i) {
            with_completions(
                fields,
                searcher,
                clause,
                options.section,
                built,
                &mut compiled,
            )?
        } else {
            built
        };
        let Some(built) = built else { continue };
        if clause.negated {
            compiled.excluded.push(built);
        } else {
            compiled.has_terms = true;
            compiled.required.push(built);
        }
    }
    if compiled.required.is_empty()
        && (!compiled.excluded.is_empty() || !compiled.filters.is_empty())
    {
        // `-word` alone or `-t tag` alone: everything but / everything with.
        compiled.has_terms = true;
    }
    Ok(compiled)
}

/// The tantivy query of one clause; `None` when it has no searchable word.
fn clause_query(
    fields: &Fields,
    analyzer: &KoreanAnalyzer,
    searcher: &Searcher,
    clause: &Clause,
    restrict: Option<SectionKind>,
    compiled: &mut Compiled,
) -> Result<Option<Box<dyn TantivyQuery>>> {
    let text = note::nfc(&clause.text);
    match clause.target {
        Target::Tag => Ok(Some(tag_query(fields, &text))),
        Target::Path => {
            let needle = text.to_lowercase();
            let pattern = format!(".*{}.*", regex_escape(&needle));
            let q = RegexQuery::from_pattern(&pattern, fields.path_key)
                .map_err(|e| Error::Query(format!("path:{text}: {e}")))?;
            Ok(Some(Box::new(q)))
        }
        Target::Anywhere | Target::Title if chosung::is_chosung_query(&text) => {
            // 초성 match title words; the last one may be cut short like any word being typed.
            let mut alternatives: Vec<(Occur, Box<dyn TantivyQuery>)> = vec![(
                Occur::Should,
                Box::new(TermQuery::new(
                    IndexTerm::from_field_text(fields.chosung, &text),
                    IndexRecordOption::Basic,
                )),
            )];
            for term in terms_with_prefix(searcher, fields.chosung, &text)? {
                alternatives.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        IndexTerm::from_field_text(fields.chosung, &term),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
            Ok(Some(Box::new(BooleanQuery::new(alternatives))))
        }
        Target::Anywhere | Target::Title | Target::Section(_) => {
            let terms = analyzer.analyze(&text);
            if terms.is_empty() {
                return Ok(None);
            }
            if !clause.negated {
                compiled
                    .highlight
                    .extend(terms.iter().map(|t| t.text.clone()));
            }
            let targets: Vec<(Field, f32)> = match clause.target {
                Target::Title => vec![(fields.title, 1.0)],
                Target::Section(kind) => {
                    if !clause.negated {
                        compiled.named_sections.push(kind);
                    }
                    vec![(fields.section(kind), 1.0)]
                }
                _ => match restrict {
                    Some(kind) => {
                        if !clause.negated {
                            compiled
                                .boosters
                                .push(fields_query(all_fields(fields), &terms));
                        }
                        vec![(fields.section(kind), 1.0)]
                    }
                    None => all_fields(fields),
                },
            };
            if clause.negated {
                return Ok(Some(exclusion_query(&targets, &terms)));
            }
            Ok(Some(fields_query(targets, &terms)))
        }
    }
}

/// The terms of one clause in any of the given fields, each with its weight.
fn fields_query(targets: Vec<(Field, f32)>, terms: &[Term]) -> Box<dyn TantivyQuery> {
    let per_field: Vec<(Occur, Box<dyn TantivyQuery>)> = targets
        .into_iter()
        .map(|(field, boost)| (Occur::Should, boosted(text_query(field, terms), boost)))
        .collect();
    Box::new(BooleanQuery::new(per_field))
}

/// Lets a word match under its other names (`데드락` → deadlock, 교착상태): the curated list and
/// the pairs the notes state, at a lower weight than the word itself.
fn with_aliases(
    fields: &Fields,
    analyzer: &KoreanAnalyzer,
    searcher: &Searcher,
    clause: &Clause,
    restrict: Option<SectionKind>,
    built: Option<Box<dyn TantivyQuery>>,
    compiled: &mut Compiled,
) -> Result<Option<Box<dyn TantivyQuery>>> {
    if clause.negated || matches!(clause.target, Target::Tag | Target::Path) {
        return Ok(built);
    }
    let partners = alias_partners(searcher, fields, &clause.text)?;
    if partners.is_empty() {
        return Ok(built);
    }
    let targets = targets_of(fields, clause, restrict);
    let mut alternatives: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    if let Some(built) = built {
        alternatives.push((Occur::Should, built));
    }
    for partner in partners {
        let terms = analyzer.analyze(&note::nfc(&partner));
        if terms.is_empty() {
            continue;
        }
        compiled
            .highlight
            .extend(terms.iter().map(|t| t.text.clone()));
        alternatives.push((
            Occur::Should,
            Box::new(BoostQuery::new(
                fields_query(targets.clone(), &terms),
                ALIAS_BOOST,
            )),
        ));
    }
    Ok(Some(Box::new(BooleanQuery::new(alternatives))))
}

/// The other names of `name`: curated, then stated by the notes; distinct, at most
/// [`MAX_ALIASES`].
fn alias_partners(searcher: &Searcher, fields: &Fields, name: &str) -> Result<Vec<String>> {
    let own = aliases::key(name);
    let mut partners: Vec<String> = aliases::curated_aliases(name).to_vec();
    let prefix = format!("{own}{}", aliases::SEPARATOR);
    for term in terms_with_prefix(searcher, fields.alias, &prefix)? {
        partners.push(term[prefix.len()..].to_string());
    }
    let mut seen = std::collections::HashSet::new();
    partners.retain(|p| aliases::key(p) != own && seen.insert(aliases::key(p)));
    partners.truncate(MAX_ALIASES);
    Ok(partners)
}

/// The fields a clause searches, with their weights.
fn targets_of(
    fields: &Fields,
    clause: &Clause,
    restrict: Option<SectionKind>,
) -> Vec<(Field, f32)> {
    match (clause.target, restrict) {
        (Target::Title, _) => vec![(fields.title, 1.0)],
        (Target::Section(kind), _) | (_, Some(kind)) => vec![(fields.section(kind), 1.0)],
        _ => all_fields(fields),
    }
}

/// Lets the last word match as the beginning of longer terms (`오케스트레` → 오케스트레이션,
/// `Kuber` → kubernetes): a search box is often left mid-word. Completions are scored by BM25
/// like any term, at a lower weight than the word itself, and highlighted.
fn with_completions(
    fields: &Fields,
    searcher: &Searcher,
    clause: &Clause,
    restrict: Option<SectionKind>,
    built: Option<Box<dyn TantivyQuery>>,
    compiled: &mut Compiled,
) -> Result<Option<Box<dyn TantivyQuery>>> {
    let prefix: String = note::nfc(&clause.text)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let long_enough = if !prefix.is_ascii() {
        prefix.chars().count() >= 2
    } else {
        prefix.len() >= 3
    };
    if !long_enough {
        return Ok(built);
    }
    let targets = targets_of(fields, clause, restrict);
    // A word that is itself a term was finished, not cut short: completing it would only add
    // noise (정규화 → 정규화된) and work.
    if term_exists(searcher, &targets, &prefix)? {
        return Ok(built);
    }
    let mut completions = std::collections::BTreeSet::new();
    for (field, _) in &targets {
        for term in terms_with_prefix(searcher, *field, &prefix)? {
            if term.len() > prefix.len() && completions.len() < MAX_COMPLETIONS {
                completions.insert(term);
            }
        }
    }
    if completions.is_empty() {
        return Ok(built);
    }
    let mut alternatives: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    if let Some(built) = built {
        alternatives.push((Occur::Should, built));
    }
    for (field, boost) in &targets {
        for completion in &completions {
            let term = TermQuery::new(
                IndexTerm::from_field_text(*field, completion),
                IndexRecordOption::WithFreqs,
            );
            alternatives.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(term), boost * COMPLETION_BOOST)),
            ));
        }
    }
    compiled.highlight.extend(completions);
    Ok(Some(Box::new(BooleanQuery::new(alternatives))))
}

/// Whether `text` is a term of any of the fields.
fn term_exists(searcher: &Searcher, targets: &[(Field, f32)], text: &str) -> Result<bool> {
    for segment in searcher.segment_readers() {
        for (field, _) in targets {
            let inverted = segment.inverted_index(*field)?;
            if inverted
                .terms()
                .get(text.as_bytes())
                .map_err(|e| Error::Tantivy(e.into()))?
                .is_some()
            {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Indexed terms of a field that start with `prefix` (at most [`MAX_COMPLETIONS`] per segment).
fn terms_with_prefix(searcher: &Searcher, field: Field, prefix: &str) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()
            .map_err(|e| Error::Tantivy(e.into()))?;
        let mut taken = 0;
        while stream.advance() && taken < MAX_COMPLETIONS {
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

/// What `-word` leaves out: notes with all of the word's parts in one field. Not a phrase:
/// tantivy 0.27's phrase scorer trips a debug assertion under exclusion (found by fuzzing).
fn exclusion_query(targets: &[(Field, f32)], terms: &[Term]) -> Box<dyn TantivyQuery> {
    let per_field = targets
        .iter()
        .map(|(field, _)| {
            let all = terms
                .iter()
                .filter(|t| !t.is_whole())
                .map(|t| {
                    let term = IndexTerm::from_field_text(*field, &t.text);
                    (
                        Occur::Must,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic))
                            as Box<dyn TantivyQuery>,
                    )
                })
                .collect();
            (
                Occur::Should,
                Box::new(BooleanQuery::new(all)) as Box<dyn TantivyQuery>,
            )
        })
        .collect();
    Box::new(BooleanQuery::new(per_field))
}

/// Every searchable text field with its ranking weight.
fn all_fields(fields: &Fields) -> Vec<(Field, f32)> {
    let mut all = vec![(fields.title, TITLE_BOOST)];
    all.extend(
        SectionKind::ALL
            .iter()
            .map(|&k| (fields.section(k), k.boost())),
    );
    all.push((fields.other, OTHER_BOOST));
    all
}

fn boosted(query: Box<dyn TantivyQuery>, boost: f32) -> Box<dyn TantivyQuery> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

/// The query for one word (or quoted phrase) in one field.
///
/// A word that analyses to several parts (`데이터베이스` → 데이터, 베이스) must match its parts in
/// order, which also finds it written apart (`데이터 베이스`); the whole term, where the note
/// writes it together, adds to the score.
fn text_query(field: Field, terms: &[Term]) -> Box<dyn TantivyQuery> {
    let atoms: Vec<&Term> = terms.iter().filter(|t| !t.is_whole()).collect();
    let term_of = |t: &Term| IndexTerm::from_field_text(field, &t.text);
    let core: Box<dyn TantivyQuery> = match atoms.len() {
        0 => Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(
            term_of(atoms[0]),
            IndexRecordOption::WithFreqs,
        )),
        // An unquoted clause is one written word, a quoted one a phrase: either way the parts
        // must follow each other.
        _ => Box::new(PhraseQuery::new_with_offset(
            atoms
                .iter()
                .map(|t| (t.position - atoms[0].position, term_of(t)))
                .collect(),
        )),
    };
    let wholes: Vec<&Term> = terms.iter().filter(|t| t.is_whole()).collect();
    if wholes.is_empty() {
        return core;
    }
    let mut clauses = vec![(Occur::Must, core)];
    for whole in wholes {
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(term_of(whole), IndexRecordOption::WithFreqs)),
                WHOLE_BOOST,
            )) as Box<dyn TantivyQuery>,
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

fn tag_query(fields: &Fields, tag: &str) -> Box<dyn TantivyQuery> {
    match tag_terms(tag).pop() {
        Some(term) => Box::new(TermQuery::new(
            IndexTerm::from_field_text(fields.tag, &term),
            IndexRecordOption::Basic,
        )),
        None => Box::new(EmptyQuery),
    }
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~\"@<>".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn make_hit(
    rank: usize,
    score: f32,
    path: String,
    stored: StoredNote,
    analyzer: &KoreanAnalyzer,
    compiled: &Compiled,
    restrict: Option<SectionKind>,
) -> Hit {
    let preferred: Vec<SectionKind> = restrict
        .into_iter()
        .chain(compiled.named_sections.iter().copied())
        .collect();
    let best = snippet::best_match(&stored, analyzer, &compiled.highlight, &preferred, restrict);
    let section = &stored.sections.get(best.section).cloned();
    let (kind, heading, name) = match section {
        Some(s) => (s.kind, s.heading.clone(), s.display_name().to_string()),
        None => (None, String::new(), String::new()),
    };
    Hit {
        rank,
        score,
        title: stored.title,
        path,
        tags: stored.tags,
        section: MatchedSection {
            kind,
            heading,
            name,
        },
        line: best.line,
        snippet: best.snippet,
    }
}
