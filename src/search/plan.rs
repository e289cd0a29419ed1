//! The logical plan of a search: what to look for, in which fields, with which weights — plain
//! data, built from the parsed query, the analyzer and the index's terms, before any tantivy
//! query exists (as tantivy's own `LogicalAst` sits between its parser and its queries).

use std::collections::BTreeSet;

use crate::analysis::{KoreanAnalyzer, Term};
use crate::bridge::{Bridge, Source};
use crate::chosung;
use crate::error::Error;
use crate::error::Result;
use crate::index::{tag_terms, IndexField};
use crate::query::{Clause, Query, Target};
use crate::section::{self, SectionKind, SectionRef};
use crate::text::nfc;

use super::expand::{self, Lexicon};
use super::Options;

/// Title matches weigh most: a note titled with the query is the answer.
pub const TITLE_BOOST: f32 = 8.0;
/// Sections other than the known ones (`## 비교`, `## 유형`).
pub const OTHER_BOOST: f32 = 0.8;
/// Descriptions of the note's topic from the shipped table ([`crate::concepts`]), searched only
/// when the query describes an idea: weighted like the note's main sections (tuned on the
/// foreign vault's development queries).
pub const CONCEPT_BOOST: f32 = 2.0;
/// Words from which a query is taken to describe an idea: names have one to three.
pub const DESCRIPTION_WORDS: usize = 4;
/// Weight of the other fields when `-s` restricts matching to one section.
const RESTRICTED_CONTEXT_BOOST: f32 = 0.3;
/// Weight of a completion of the last word relative to the word itself.
const COMPLETION_BOOST: f32 = 0.5;
/// Weight of a word's other names relative to the word itself.
const ALIAS_BOOST: f32 = 0.7;
/// Extra weight of a written-together whole (`데이터베이스`) over its parts' phrase.
const WHOLE_BOOST: f32 = 0.5;

/// How a clause of a [`Logical::Bool`] takes part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occur {
    Must,
    Should,
    MustNot,
}

/// A node of the plan.
#[derive(Clone, Debug, PartialEq)]
pub enum Logical {
    /// A term in a field; `freqs`: scored by its frequency (else it only has to be there).
    Term {
        field: IndexField,
        text: String,
        freqs: bool,
    },
    /// Terms at the given relative positions, in order.
    Phrase {
        field: IndexField,
        terms: Vec<(usize, String)>,
    },
    /// Terms of a field matching a regular expression.
    Regex {
        field: IndexField,
        pattern: String,
    },
    Boost(Box<Logical>, f32),
    /// Clauses; with `minimum`, at least that many of the `Should` clauses must match.
    Bool {
        clauses: Vec<(Occur, Logical)>,
        minimum: Option<usize>,
    },
    /// Any of the alternatives, scored by the best one (plus a little of the others): the
    /// names of one term, which must not count twice when a note writes two of them.
    Best(Vec<Logical>),
    /// Every note.
    All,
    /// No note.
    Empty,
}

impl Logical {
    fn boost(self, boost: f32) -> Logical {
        Logical::Boost(Box::new(self), boost)
    }

    /// The node weighted by `boost`, or unchanged for a weight of one.
    fn boosted(self, boost: f32) -> Logical {
        if (boost - 1.0).abs() < f32::EPSILON {
            self
        } else {
            self.boost(boost)
        }
    }

    fn any(alternatives: Vec<Logical>) -> Logical {
        Logical::Bool {
            clauses: alternatives
                .into_iter()
                .map(|a| (Occur::Should, a))
                .collect(),
            minimum: None,
        }
    }
}

/// A search, planned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// One node per positive clause (a word, a phrase, `tag:`, `path:`); enough of them must match.
    pub words: Vec<Logical>,
    /// What `-word` leaves out.
    pub excluded: Vec<Logical>,
    /// What `-t` requires.
    pub filters: Vec<Logical>,
    /// Scoring only: with `-s`, the same words in every field, so that among notes matching in
    /// the section the one about the term (title, keywords) ranks first.
    pub context: Vec<Logical>,
    /// Analysed terms of the positive text clauses and their expansions, for snippets.
    pub highlight: BTreeSet<String>,
    /// Of those, the terms of the words as typed: a snippet showing them beats one showing
    /// only other names or completions.
    pub typed: BTreeSet<String>,
    /// Sections named by field prefixes (`정의:`), preferred when choosing the snippet.
    pub named_sections: Vec<SectionRef>,
    /// Whether anything in the query can match (not only particles and punctuation).
    pub has_terms: bool,
    /// Whether the query has words to rank by; without any (`-t 필수`, `tag:필수`, `-도커`) it
    /// is a filter, and the notes that pass it are listed by path.
    pub ranked: bool,
    /// Entries of the bridge's tables that gave other names: (table, name looked up).
    pub fired: BTreeSet<(Source, String)>,
    /// Hangul bigrams of the query's words, for the second ranking.
    pub bigrams: Vec<String>,
    /// Whether matching is restricted to a section or the title (`-s`, `정의:`, `title:`): the
    /// bigram ranking then only reorders notes that match there.
    pub bigram_restricted: bool,
    /// Whether the query describes an idea ([`DESCRIPTION_WORDS`] words or more) rather than
    /// naming it: the descriptions of topics are searched too.
    pub describes: bool,
    /// Whether a term to highlight is a verb or adjective stem, which text writes inflected:
    /// snippets then need analysis to find it.
    pub inflecting: bool,
}

impl Plan {
    /// The query of the bigram ranking: every Latin word and number of the query, and half of its
    /// Hangul pairs or more, in the title or the text, with the plan's filters and exclusions.
    pub fn bigram_query(&self) -> Option<Logical> {
        if self.bigrams.is_empty() || !self.ranked {
            return None;
        }
        let in_note = |bigram: &String| {
            let term = |field| Logical::Term {
                field,
                text: bigram.clone(),
                freqs: true,
            };
            let mut fields = vec![term(IndexField::TitleBigram), term(IndexField::BodyBigram)];
            if self.describes {
                fields.push(term(IndexField::ConceptBigram).boost(CONCEPT_BOOST));
            }
            Logical::any(fields)
        };
        // Latin words and numbers are exact (`105` in `무작위단어105`); Hangul pairs are fuzzy:
        // at least half of them, and two, so a note sharing one pair (`이션`) is not a candidate.
        let (hangul, exact): (Vec<&String>, Vec<&String>) = self
            .bigrams
            .iter()
            .partition(|b| b.chars().any(|c| ('가'..='힣').contains(&c)));
        let mut clauses: Vec<(Occur, Logical)> = exact
            .into_iter()
            .map(|b| (Occur::Must, in_note(b)))
            .collect();
        if !hangul.is_empty() {
            let minimum = hangul.len().div_ceil(2).max(hangul.len().min(2));
            clauses.push((
                Occur::Must,
                Logical::Bool {
                    clauses: hangul
                        .into_iter()
                        .map(|b| (Occur::Should, in_note(b)))
                        .collect(),
                    minimum: Some(minimum),
                },
            ));
        }
        clauses.extend(self.filters.iter().map(|f| (Occur::Must, f.clone())));
        clauses.extend(self.excluded.iter().map(|e| (Occur::MustNot, e.clone())));
        Some(Logical::Bool {
            clauses,
            minimum: None,
        })
    }

    /// Adds a word's terms to those to highlight.
    fn note_highlights(&mut self, terms: &[Term]) {
        self.highlight.extend(highlights(terms));
        self.inflecting |= terms.iter().any(|t| t.inflects);
    }

    fn note_fired(&mut self, source: Source, name: &str) {
        self.fired.insert((source, name.to_string()));
    }

    /// The whole query with at least `minimum` of its words matching.
    pub fn with_minimum(&self, minimum: usize) -> Logical {
        let mut clauses = Vec::new();
        if self.words.is_empty() {
            clauses.push((Occur::Must, Logical::All));
        } else {
            let words = self
                .words
                .iter()
                .map(|w| (Occur::Should, w.clone()))
                .collect();
            clauses.push((
                Occur::Must,
                Logical::Bool {
                    clauses: words,
                    minimum: Some(minimum),
                },
            ));
        }
        clauses.extend(self.filters.iter().map(|f| (Occur::Must, f.clone())));
        clauses.extend(self.excluded.iter().map(|e| (Occur::MustNot, e.clone())));
        if !self.context.is_empty() {
            let context = Logical::any(self.context.clone()).boost(RESTRICTED_CONTEXT_BOOST);
            clauses.push((Occur::Should, context));
        }
        Logical::Bool {
            clauses,
            minimum: None,
        }
    }

    /// How many of the words a note must contain to be a candidate: both of two; of longer
    /// queries, a third — a student's description (`하드디스크 여러 개 묶어서 고장 나도`) shares
    /// only some words with the note, which is then ranked by how much of the query it covers.
    pub fn strict_minimum(&self) -> usize {
        let n = self.words.len();
        if n <= 2 {
            n
        } else {
            n.div_ceil(3)
        }
    }
}

/// Plans a query.
pub fn plan(
    query: &Query,
    options: &Options,
    analyzer: &KoreanAnalyzer,
    lexicon: &dyn Lexicon,
) -> Result<Plan> {
    let mut plan = Plan::default();
    for tag in &options.tags {
        plan.filters.push(tag_node(tag));
    }
    // A heading no note has is a typo, not an empty result.
    let headings =
        options
            .section
            .iter()
            .map(|s| (s, true))
            .chain(query.clauses.iter().filter_map(|c| match &c.target {
                Target::Section(s) => Some((s, false)),
                _ => None,
            }));
    for (section, from_option) in headings {
        let SectionRef::Heading { key, name } = section else {
            continue;
        };
        if !lexicon.contains(IndexField::Heading, key)? {
            return Err(if from_option {
                Error::UnknownSection {
                    name: name.clone(),
                    valid: format!("{}, or a heading of the notes", section::valid_names()),
                }
            } else {
                Error::Query(format!(
                    "unknown field `{name}:`; fields are {}, or a heading of the notes",
                    crate::query::field_names()
                ))
            });
        }
        if from_option {
            plan.filters.push(heading_node(key));
        }
    }
    // The word being typed: the last one, unless it is quoted, excluded, a tag or a path.
    let typing = query
        .clauses
        .iter()
        .rposition(|c| !c.phrase && !c.negated && !matches!(c.target, Target::Tag | Target::Path))
        .filter(|&i| i + 1 == query.clauses.len());
    let bridge = options
        .bridge
        .as_deref()
        .unwrap_or_else(|| Bridge::shipped());
    let clauses = &query.clauses;
    plan.describes = clauses
        .iter()
        .filter(|c| !c.negated && c.target == Target::Anywhere)
        .count()
        >= DESCRIPTION_WORDS;
    let describes = plan.describes;
    let planner = |clause| ClausePlanner {
        clause,
        restrict: options.section.as_ref(),
        analyzer,
        lexicon,
        bridge,
        describes,
    };
    // One clause's node: the word, its other names, and its completions when it is being typed.
    let plan_clause = |i: usize, plan: &mut Plan| -> Result<Option<Logical>> {
        let planner = planner(&clauses[i]);
        let mut node = planner.matches(plan)?;
        node = planner.with_aliases(node, plan)?;
        if typing == Some(i) {
            node = planner.with_completions(node, plan)?;
        }
        Ok(node)
    };
    plan.bigram_restricted = options.section.is_some();
    for clause in clauses.iter().filter(|c| !c.negated) {
        match &clause.target {
            Target::Anywhere => {}
            Target::Title | Target::Section(_) => plan.bigram_restricted = true,
            Target::Tag | Target::Path => continue,
        }
        for bigram in crate::analysis::bigram::tokens(&nfc(&clause.text)) {
            if !plan.bigrams.contains(&bigram) {
                plan.bigrams.push(bigram);
            }
        }
    }
    let mut i = 0;
    while i < clauses.len() {
        let clause = &clauses[i];
        if let Some((end, name)) = span_at(clauses, i, bridge, analyzer) {
            // Words that together name a term (`웹 방화벽`, `Change Data Capture`): the words as
            // written, or any other name of the term, count as one word of the query.
            let mut parts = Vec::new();
            for j in i..end {
                if let Some(node) = plan_clause(j, &mut plan)? {
                    parts.push((Occur::Must, node));
                }
            }
            let mut alternatives = vec![Logical::Bool {
                clauses: parts,
                minimum: None,
            }];
            let targets = planner(clause).targets();
            for other in bridge.others(&name).into_iter().take(MAX_SPAN_NAMES) {
                let terms = analyzer.analyze(&nfc(&other.name));
                if terms.is_empty() {
                    continue;
                }
                plan.note_highlights(&terms);
                alternatives.push(in_fields(&targets, &terms).boost(ALIAS_BOOST));
                plan.note_fired(other.source, &name);
            }
            plan.has_terms = true;
            plan.ranked = true;
            plan.words.push(Logical::Best(alternatives));
            i = end;
            continue;
        }
        let Some(node) = plan_clause(i, &mut plan)? else {
            i += 1;
            continue;
        };
        if clause.negated {
            plan.excluded.push(node);
        } else if matches!(clause.target, Target::Tag | Target::Path) {
            // `tag:` and `path:` filter like `-t`: a note must pass them, whatever it covers.
            plan.has_terms = true;
            plan.filters.push(node);
        } else {
            plan.has_terms = true;
            plan.ranked = true;
            plan.words.push(node);
        }
        i += 1;
    }
    if plan.words.is_empty() && (!plan.excluded.is_empty() || !plan.filters.is_empty()) {
        // `-word` alone or `-t tag` alone: everything but / everything with.
        plan.has_terms = true;
    }
    Ok(plan)
}

/// Most other names searched for a span of words that names a term.
const MAX_SPAN_NAMES: usize = 8;

/// The span of plain words starting at `start` that names a term in the bridge's tables, longest
/// first: its end and the name as looked up (the last word without its particle: `웹 방화벽을`).
fn span_at(
    clauses: &[Clause],
    start: usize,
    bridge: &Bridge,
    analyzer: &KoreanAnalyzer,
) -> Option<(usize, String)> {
    let plain = |c: &Clause| {
        c.target == Target::Anywhere
            && !c.negated
            && !c.phrase
            && !chosung::is_chosung_query(&c.text)
    };
    let longest = bridge.longest_name().min(clauses.len() - start);
    for end in (start + 2..=start + longest).rev() {
        if !clauses[start..end].iter().all(plain) {
            continue;
        }
        let words: Vec<&str> = clauses[start..end]
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        let written = words.join(" ");
        if bridge.knows(&written) {
            return Some((end, written));
        }
        let last = words[words.len() - 1];
        if let Some(core) = forms(last, analyzer).into_iter().nth(1) {
            let name = format!("{} {core}", words[..words.len() - 1].join(" "));
            if bridge.knows(&name) {
                return Some((end, name));
            }
        }
    }
    None
}

/// A word as typed, then its analysed cores longest first (`카프카를` → `카프카`), the forms in
/// which it is looked up in the bridge's tables.
fn forms(word: &str, analyzer: &KoreanAnalyzer) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    let mut cores: Vec<String> = analyzer
        .analyze(&nfc(word))
        .into_iter()
        .map(|t| t.text)
        .filter(|t| t.chars().count() >= 2 && crate::text::key(word).starts_with(t.as_str()))
        .collect();
    cores.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    for core in cores {
        if !forms.iter().any(|f| crate::text::key(f) == core) {
            forms.push(core);
        }
    }
    forms
}

/// Plans one clause of the query.
struct ClausePlanner<'a> {
    clause: &'a Clause,
    restrict: Option<&'a SectionRef>,
    analyzer: &'a KoreanAnalyzer,
    lexicon: &'a dyn Lexicon,
    bridge: &'a Bridge,
    /// Whether the query describes an idea rather than naming it: then the descriptions of
    /// topics ([`crate::concepts`]) are searched too.
    describes: bool,
}

impl ClausePlanner<'_> {
    /// What the clause itself matches; `None` when it has no searchable word.
    fn matches(&self, plan: &mut Plan) -> Result<Option<Logical>> {
        let clause = self.clause;
        let text = nfc(&clause.text);
        Ok(match &clause.target {
            Target::Tag => Some(tag_node(&text)),
            Target::Path => Some(Logical::Regex {
                field: IndexField::PathKey,
                pattern: format!(".*{}.*", regex_escape(&text.to_lowercase())),
            }),
            Target::Anywhere | Target::Title if chosung::is_chosung_query(&text) => {
                // 초성 match title words; the last one may be cut short like any word being typed.
                Some(self.chosung(&text)?)
            }
            Target::Anywhere | Target::Title | Target::Section(_) => {
                let terms = self.analyzer.analyze(&text);
                if terms.is_empty() {
                    return Ok(None);
                }
                if clause.negated {
                    return Ok(Some(self.in_heading(exclusion(&self.targets(), &terms))));
                }
                plan.note_highlights(&terms);
                plan.typed.extend(highlights(&terms));
                match (&clause.target, self.restrict) {
                    (Target::Section(section), _) => plan.named_sections.push(section.clone()),
                    (Target::Anywhere, Some(_)) => {
                        plan.context.push(in_fields(&all_fields(), &terms))
                    }
                    _ => {}
                }
                Some(self.in_heading(in_fields(&self.targets(), &terms)))
            }
        })
    }

    /// 초성 of title words, exactly or as the beginning of one.
    fn chosung(&self, text: &str) -> Result<Logical> {
        let mut initials = vec![text.to_string()];
        initials.extend(expand::chosung_completions(self.lexicon, text)?);
        Ok(Logical::any(
            initials
                .into_iter()
                .map(|text| Logical::Term {
                    field: IndexField::Chosung,
                    text,
                    freqs: false,
                })
                .collect(),
        ))
    }

    /// The section the clause searches: its own prefix, else the `-s` one.
    fn section(&self) -> Option<&SectionRef> {
        match &self.clause.target {
            Target::Section(section) => Some(section),
            Target::Anywhere => self.restrict,
            _ => None,
        }
    }

    /// The fields the clause searches, with their weights. Other headings' text is in the
    /// `other` field, told apart by [`ClausePlanner::in_heading`].
    fn targets(&self) -> Vec<(IndexField, f32)> {
        match (&self.clause.target, self.section()) {
            (Target::Title, _) => vec![(IndexField::Title, 1.0)],
            (_, Some(SectionRef::Kind(kind))) => vec![(IndexField::Section(*kind), 1.0)],
            (_, Some(SectionRef::Heading { .. })) => vec![(IndexField::Other, 1.0)],
            _ => {
                let mut all = all_fields();
                if self.describes {
                    all.push((IndexField::Concept, CONCEPT_BOOST));
                }
                all
            }
        }
    }

    /// A match in the `other` field counts for a heading only in notes that have the heading.
    fn in_heading(&self, node: Logical) -> Logical {
        match self.section() {
            Some(SectionRef::Heading { key, .. }) => Logical::Bool {
                clauses: vec![(Occur::Must, node), (Occur::Must, heading_node(key))],
                minimum: None,
            },
            _ => node,
        }
    }

    /// Lets a word match under its other names (`데드락` → deadlock, 교착상태), at a lower weight
    /// than the word itself.
    fn with_aliases(&self, node: Option<Logical>, plan: &mut Plan) -> Result<Option<Logical>> {
        let clause = self.clause;
        if clause.negated || matches!(clause.target, Target::Tag | Target::Path) {
            return Ok(node);
        }
        let found = expand::aliases(
            self.lexicon,
            self.bridge,
            &forms(&clause.text, self.analyzer),
        )?;
        for (source, name) in &found.fired {
            plan.note_fired(*source, name);
        }
        if found.names.is_empty() {
            return Ok(node);
        }
        let targets = self.targets();
        let mut alternatives: Vec<Logical> = node.into_iter().collect();
        for partner in found.names {
            let terms = self.analyzer.analyze(&nfc(&partner));
            if terms.is_empty() {
                continue;
            }
            plan.note_highlights(&terms);
            alternatives.push(in_fields(&targets, &terms).boost(ALIAS_BOOST));
        }
        Ok(Some(Logical::Best(alternatives)))
    }

    /// Lets the last word match as the beginning of longer terms (`오케스트레` → 오케스트레이션,
    /// `Kuber` → kubernetes): a search box is often left mid-word.
    fn with_completions(&self, node: Option<Logical>, plan: &mut Plan) -> Result<Option<Logical>> {
        let targets = self.targets();
        let completions = expand::completions(self.lexicon, &self.clause.text, &targets)?;
        if completions.is_empty() {
            return Ok(node);
        }
        let mut alternatives: Vec<Logical> = node.into_iter().collect();
        for (field, boost) in &targets {
            for completion in &completions {
                let term = Logical::Term {
                    field: *field,
                    text: completion.clone(),
                    freqs: true,
                };
                alternatives.push(term.boost(boost * COMPLETION_BOOST));
            }
        }
        // A completion that names a term also finds its other names (`서버리` → 서버리스 →
        // Serverless), as a typed word does.
        for completion in &completions {
            for other in self.bridge.others(completion) {
                let terms = self.analyzer.analyze(&nfc(&other.name));
                if terms.is_empty() {
                    continue;
                }
                plan.note_fired(other.source, completion);
                plan.note_highlights(&terms);
                alternatives
                    .push(in_fields(&targets, &terms).boost(ALIAS_BOOST * COMPLETION_BOOST));
            }
        }
        plan.highlight.extend(completions);
        Ok(Some(Logical::any(alternatives)))
    }
}

/// The terms of a word to highlight: all of them, but not the lone syllables of a word that
/// analyses as a whole (`쿠버` → 쿠버, not 버 inside any word that holds it).
fn highlights(terms: &[Term]) -> Vec<String> {
    let has_whole = terms.iter().any(|t| t.is_whole());
    terms
        .iter()
        .filter(|t| !has_whole || t.is_whole() || t.text.chars().count() > 1)
        .map(|t| t.text.clone())
        .collect()
}

/// Every searchable text field with its ranking weight.
pub fn all_fields() -> Vec<(IndexField, f32)> {
    let mut all = vec![(IndexField::Title, TITLE_BOOST)];
    all.extend(
        SectionKind::ALL
            .iter()
            .map(|&k| (IndexField::Section(k), k.boost())),
    );
    all.push((IndexField::Other, OTHER_BOOST));
    all
}

/// The terms of one clause in any of the given fields, each with its weight.
fn in_fields(targets: &[(IndexField, f32)], terms: &[Term]) -> Logical {
    Logical::any(
        targets
            .iter()
            .map(|&(field, boost)| in_field(field, terms).boosted(boost))
            .collect(),
    )
}

/// One word (or quoted phrase) in one field.
///
/// A word that analyses to several parts (`데이터베이스` → 데이터, 베이스) must match its parts in
/// order, which also finds it written apart (`데이터 베이스`); the whole term, where the note
/// writes it together, adds to the score.
fn in_field(field: IndexField, terms: &[Term]) -> Logical {
    let atoms: Vec<&Term> = terms.iter().filter(|t| !t.is_whole()).collect();
    let core = match atoms.as_slice() {
        [] => Logical::Empty,
        [atom] => Logical::Term {
            field,
            text: atom.text.clone(),
            freqs: true,
        },
        // An unquoted clause is one written word, a quoted one a phrase: either way the parts
        // must follow each other.
        _ => Logical::Phrase {
            field,
            terms: atoms
                .iter()
                .map(|t| (t.position - atoms[0].position, t.text.clone()))
                .collect(),
        },
    };
    let wholes: Vec<&Term> = terms.iter().filter(|t| t.is_whole()).collect();
    if wholes.is_empty() {
        return core;
    }
    let mut clauses = vec![(Occur::Must, core)];
    for whole in wholes {
        let term = Logical::Term {
            field,
            text: whole.text.clone(),
            freqs: true,
        };
        clauses.push((Occur::Should, term.boost(WHOLE_BOOST)));
    }
    Logical::Bool {
        clauses,
        minimum: None,
    }
}

/// What `-word` leaves out: notes with all of the word's parts in one field. Not a phrase:
/// tantivy 0.27's phrase scorer trips a debug assertion under exclusion (found by fuzzing).
fn exclusion(targets: &[(IndexField, f32)], terms: &[Term]) -> Logical {
    Logical::any(
        targets
            .iter()
            .map(|&(field, _)| Logical::Bool {
                clauses: terms
                    .iter()
                    .filter(|t| !t.is_whole())
                    .map(|t| {
                        let term = Logical::Term {
                            field,
                            text: t.text.clone(),
                            freqs: false,
                        };
                        (Occur::Must, term)
                    })
                    .collect(),
                minimum: None,
            })
            .collect(),
    )
}

fn heading_node(key: &str) -> Logical {
    Logical::Term {
        field: IndexField::Heading,
        text: key.to_string(),
        freqs: false,
    }
}

fn tag_node(tag: &str) -> Logical {
    match tag_terms(tag).pop() {
        Some(term) => Logical::Term {
            field: IndexField::Tag,
            text: term,
            freqs: false,
        },
        None => Logical::Empty,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;
    use crate::search::expand::tests::FakeLexicon;

    fn plan_of(text: &str, options: &Options, lexicon: &FakeLexicon) -> Plan {
        let analyzer = KoreanAnalyzer::shared().unwrap();
        plan(&parse(text).unwrap(), options, &analyzer, lexicon).unwrap()
    }

    fn term(field: IndexField, text: &str) -> Logical {
        Logical::Term {
            field,
            text: text.to_string(),
            freqs: true,
        }
    }

    #[test]
    fn a_word_is_looked_up_in_every_field_with_its_weight() {
        let plan = plan_of("사과를", &Options::default(), &FakeLexicon::default());
        assert_eq!(plan.words.len(), 1);
        let Logical::Bool { clauses, .. } = &plan.words[0] else {
            panic!("{:?}", plan.words[0])
        };
        assert_eq!(clauses.len(), all_fields().len());
        assert_eq!(
            clauses[0],
            (
                Occur::Should,
                term(IndexField::Title, "사과").boost(TITLE_BOOST)
            )
        );
        assert!(plan.highlight.contains("사과"));
        assert!(plan.ranked && plan.has_terms);
    }

    #[test]
    fn a_verb_or_adjective_stem_marks_the_plan_as_inflecting() {
        let lexicon = FakeLexicon::default();
        assert!(!plan_of("컨테이너 오케스트레이션", &Options::default(), &lexicon).inflecting);
        assert!(plan_of("직접 만든 모델", &Options::default(), &lexicon).inflecting);
    }

    #[test]
    fn a_completion_that_names_a_term_also_finds_its_other_names() {
        let lexicon = FakeLexicon::with(IndexField::Title, &["서버리스"]);
        let plan = plan_of("서버리", &Options::default(), &lexicon);
        assert!(plan.highlight.contains("서버리스"), "{:?}", plan.highlight);
        assert!(
            plan.highlight.contains("serverless"),
            "{:?}",
            plan.highlight
        );
        assert!(plan.fired.iter().any(|(_, name)| name == "서버리스"));
    }

    #[test]
    fn descriptions_are_searched_only_when_the_query_describes() {
        let lexicon = FakeLexicon::default();
        let mentions_concept = |plan: &Plan| format!("{:?}", plan.words).contains("Concept");
        let named = plan_of("블랙 박스 테스트", &Options::default(), &lexicon);
        assert!(!named.describes && !mentions_concept(&named));
        let bigrams = format!("{:?}", named.bigram_query());
        assert!(!bigrams.contains("ConceptBigram"), "{bigrams}");
        let described = plan_of(
            "급한 작업이 자원 뺏겨서 밀리는 현상",
            &Options::default(),
            &lexicon,
        );
        assert!(described.describes && mentions_concept(&described));
        let bigrams = format!("{:?}", described.bigram_query());
        assert!(bigrams.contains("ConceptBigram"), "{bigrams}");
        // A section restricts matching to itself: descriptions are no section.
        let options = Options {
            section: Some(SectionKind::Definition.into()),
            ..Options::default()
        };
        let restricted = plan_of("급한 작업이 자원 뺏겨서 밀리는 현상", &options, &lexicon);
        assert!(!mentions_concept(&restricted));
    }

    #[test]
    fn a_compound_must_match_its_parts_in_order_and_its_whole_adds() {
        let node = in_field(
            IndexField::Title,
            &KoreanAnalyzer::shared().unwrap().analyze("데이터베이스"),
        );
        assert_eq!(
            node,
            Logical::Bool {
                clauses: vec![
                    (
                        Occur::Must,
                        Logical::Phrase {
                            field: IndexField::Title,
                            terms: vec![(0, "데이터".into()), (1, "베이스".into())]
                        }
                    ),
                    (
                        Occur::Should,
                        term(IndexField::Title, "데이터베이스").boost(WHOLE_BOOST)
                    )
                ],
                minimum: None
            }
        );
    }

    #[test]
    fn a_section_option_restricts_matching_and_keeps_the_rest_as_context() {
        let options = Options {
            section: Some(SectionKind::Components.into()),
            ..Options::default()
        };
        let plan = plan_of("사과", &options, &FakeLexicon::default());
        assert_eq!(
            plan.words[0],
            Logical::any(vec![term(
                IndexField::Section(SectionKind::Components),
                "사과"
            )])
        );
        assert_eq!(plan.context.len(), 1);
    }

    #[test]
    fn exclusions_filters_and_field_prefixes_take_their_places() {
        let options = Options {
            tags: vec!["클라우드".into()],
            ..Options::default()
        };
        let plan = plan_of(
            "정의:컨테이너 -도커 path:cloud",
            &options,
            &FakeLexicon::default(),
        );
        assert_eq!(plan.words.len(), 1, "{plan:?}");
        assert_eq!(plan.excluded.len(), 1);
        assert_eq!(plan.filters.len(), 2, "-t and path: must both hold");
        assert_eq!(plan.named_sections, [SectionKind::Definition.into()]);
        assert!(
            !plan.highlight.contains("도커"),
            "an exclusion is not highlighted"
        );
        let Logical::Regex { pattern, .. } = &plan.filters[1] else {
            panic!("{:?}", plan.filters[1])
        };
        assert_eq!(pattern, ".*cloud.*");
    }

    #[test]
    fn filters_without_words_make_a_listing() {
        let plan = plan_of("tag:필수", &Options::default(), &FakeLexicon::default());
        assert!(plan.has_terms && !plan.ranked);
        let plan = plan_of("-도커", &Options::default(), &FakeLexicon::default());
        assert!(plan.has_terms && !plan.ranked);
        assert_eq!(plan.with_minimum(0), {
            let mut expected = vec![(Occur::Must, Logical::All)];
            expected.push((Occur::MustNot, plan.excluded[0].clone()));
            Logical::Bool {
                clauses: expected,
                minimum: None,
            }
        });
    }

    #[test]
    fn only_the_last_word_is_completed() {
        let lexicon = FakeLexicon::with(IndexField::Title, &["오케스트레이션"]);
        let last = plan_of("도커 오케스트레", &Options::default(), &lexicon);
        assert!(
            last.highlight.contains("오케스트레이션"),
            "{:?}",
            last.highlight
        );
        let first = plan_of("오케스트레 도커", &Options::default(), &lexicon);
        assert!(!first.highlight.contains("오케스트레이션"));
    }

    #[test]
    fn long_queries_need_a_third_of_their_words() {
        let lexicon = FakeLexicon::default();
        let count = |text: &str| plan_of(text, &Options::default(), &lexicon).strict_minimum();
        assert_eq!(count("멱등성 선언형"), 2);
        assert_eq!(count("멱등성 선언형 격리 자원"), 2);
        assert_eq!(count("멱등성 선언형 격리 자원 제한 커널 공유 절차"), 3);
    }

    #[test]
    fn words_that_together_name_a_term_are_one_word_with_its_other_names() {
        let plan = plan_of(
            "웹 방화벽을 설정",
            &Options::default(),
            &FakeLexicon::default(),
        );
        assert_eq!(plan.words.len(), 2, "{plan:?}");
        assert!(plan.highlight.contains("waf"), "{:?}", plan.highlight);
        assert!(plan
            .fired
            .contains(&(Source::Glossary, "웹 방화벽".to_string())));
    }

    #[test]
    fn lone_syllables_of_a_whole_word_are_not_highlighted() {
        let plan = plan_of("쿠버", &Options::default(), &FakeLexicon::default());
        assert!(plan.highlight.contains("쿠버"), "{:?}", plan.highlight);
        assert!(!plan.highlight.contains("버"), "{:?}", plan.highlight);
    }

    #[test]
    fn punctuation_alone_plans_nothing() {
        let plan = plan_of("?!... ,,,", &Options::default(), &FakeLexicon::default());
        assert!(!plan.has_terms);
    }
}
