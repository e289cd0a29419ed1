//! Korean analysis: lindera (ko-dic) morphemes turned into search terms.
//!
//! What goes in the index and what a query looks up come from the same [`KoreanAnalyzer::analyze`],
//! so a word matches however it was inflected or spaced:
//! - particles (J*), endings (E*), copulas and verb-forming suffixes (하) are dropped by part of
//!   speech, deciding on the split parts of joined tags such as `VV+EC`;
//! - prefixes and noun suffixes (XPN, XSN) stay, so 정규화, 비정규화 and 반정규화 stay distinct;
//! - ko-dic `Compound` / `Inflect` tokens are split by their expression (`데이터/NNG/*+베이스/NNG/*`);
//! - a run of nouns written together is indexed as its parts *and* as one whole term spanning
//!   them (nori's "mixed" mode), so 데이터베이스 and 데이터 베이스 find each other;
//! - Hanja is read as Hangul (情報 → 정보), Latin is lowercased, and letters and digits written
//!   together (`K8s`, `2PC`, `3NF`) stay one term.

pub mod bigram;

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use lindera::dictionary::load_dictionary;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera::token::Token as LinderaToken;
use lindera_analysis::token_filter::korean_reading_form::KoreanReadingFormTokenFilter;
use lindera_analysis::token_filter::TokenFilter;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::error::{Error, Result};

/// The name the analyzer is registered under in the index.
pub const TOKENIZER_NAME: &str = "ko";

/// Bumped whenever analysis output changes, so old indexes are rebuilt rather than misread.
pub const ANALYZER_VERSION: u32 = 6;

/// A term produced by analysis, with byte offsets into the analysed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Position among the atomic terms; a whole spanning several parts shares its first part's.
    pub position: usize,
    /// 1 for an atomic term; the number of parts for a whole (`데이터베이스` over 데이터, 베이스).
    pub position_length: usize,
    /// A whole: a compound or written-together run over its parts, or a word as written
    /// (`마이데이터` where only 데이터 is a part). Wholes share their first part's position.
    pub whole: bool,
    /// A verb or adjective stem: text writes it inflected (`만든` for 만들), so only analysis
    /// finds it there.
    pub inflects: bool,
}

impl Term {
    pub fn is_whole(&self) -> bool {
        self.whole
    }
}

/// The Korean analyzer. Cloning is cheap: clones share one lindera segmenter.
#[derive(Clone)]
pub struct KoreanAnalyzer {
    segmenter: Arc<Segmenter>,
    reading_form: KoreanReadingFormTokenFilter,
}

/// What a morpheme is, for deciding whether to keep it and what it may join.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// Nouns, roots, prefixes, noun suffixes, Hanja: may join neighbours into a whole.
    Nominal,
    /// Verb and adjective stems.
    Predicate,
    /// Latin letters and digits: written-together runs merge into one term (`K8s`).
    Alnum,
}

fn class_of(tag: &str) -> Option<Class> {
    match tag {
        "NNG" | "NNP" | "XR" | "XPN" | "XSN" | "SH" => Some(Class::Nominal),
        "VV" | "VA" => Some(Class::Predicate),
        "SL" | "SN" => Some(Class::Alnum),
        // Particles, endings, copulas, 하-suffixes, adverbs, determiners, dependent nouns,
        // pronouns, numerals, punctuation and symbols carry no topic.
        _ => None,
    }
}

/// A kept morpheme before positions are assigned.
struct Atom {
    text: String,
    start: usize,
    end: usize,
    class: Class,
    /// Index of the lindera token it came from: parts of one compound always join.
    source: usize,
}

impl KoreanAnalyzer {
    /// The process-wide analyzer. Building lindera's segmenter is costly (its left-space
    /// penalty table), so it is built once and shared.
    pub fn shared() -> Result<KoreanAnalyzer> {
        static SHARED: OnceLock<std::result::Result<KoreanAnalyzer, String>> = OnceLock::new();
        SHARED
            .get_or_init(|| KoreanAnalyzer::new().map_err(|e| e.to_string()))
            .clone()
            .map_err(Error::Analyzer)
    }

    fn new() -> Result<KoreanAnalyzer> {
        let mut dictionary = load_dictionary("embedded://ko-dic")
            .map_err(|e| Error::Analyzer(format!("cannot load the ko-dic dictionary: {e}")))?;
        // Words are analysed one at a time (see `analyze`), so the left-space penalty never
        // applies: no candidate starts after a space inside a word. Without its rules,
        // `Segmenter::new` skips building the penalty table over all 811,795 entries, which
        // takes ~80 ms and would dominate every search.
        let mut metadata = (*dictionary.metadata).clone();
        metadata.space_penalty = None;
        dictionary.metadata = Arc::new(metadata);
        let segmenter = Segmenter::new(Mode::Normal, dictionary, None);
        Ok(KoreanAnalyzer {
            segmenter: Arc::new(segmenter),
            reading_form: KoreanReadingFormTokenFilter::new(),
        })
    }

    /// Analyses NFC text into terms (see the module docs). Offsets are byte offsets into `text`.
    ///
    /// Each word (a run of letters and digits between spaces and punctuation) is segmented on
    /// its own. A word then analyses
    /// the same wherever it stands — in a note or alone in a query — which is what makes query
    /// analysis identical to index analysis; each word also gets lindera's sentence-start
    /// context, where particles and endings cannot begin, the job the left-space penalty does
    /// on whole sentences.
    pub fn analyze(&self, text: &str) -> Vec<Term> {
        let mut atoms = Vec::new();
        let mut surfaces = Vec::new();
        let mut source = 0;
        let mut previous: Option<&str> = None;
        for (start, word) in words(text) {
            // A particle after a closing bracket (`교착상태(Deadlock)의`, `(MSA)는`) belongs to the
            // word before the bracket: segment it in that context, or `의` alone reads as a noun.
            let context = previous
                .filter(|_| follows_closing_bracket(&text[..start]))
                .unwrap_or("");
            previous = Some(word);
            let input = if context.is_empty() {
                Cow::Borrowed(word)
            } else {
                Cow::Owned(format!("{context}{word}"))
            };
            let Ok(mut tokens) = self.segmenter.segment(input) else {
                continue;
            };
            tokens.retain(|t| t.byte_start >= context.len());
            // Hanja to its Hangul reading; cannot fail.
            let _ = self.reading_form.apply(&mut tokens);
            let before = atoms.len();
            for token in tokens.iter_mut() {
                token.byte_start = token.byte_start - context.len() + start;
                token.byte_end = token.byte_end - context.len() + start;
                atoms_of(token, source, &mut atoms);
                source += 1;
            }
            if let Some(end) = core_end(&mut tokens) {
                if atoms.len() > before {
                    surfaces.push((start, end));
                }
            }
            if atoms.len() == before && is_opaque_word(&mut tokens) {
                // Mnemonics (네씨유 → 네/NP 씨/NNB 유/JX) analyse into pieces that are all
                // dropped; the word itself is what a student will search for.
                push_atom(
                    &mut atoms,
                    word,
                    start,
                    start + word.len(),
                    Class::Nominal,
                    source,
                );
                source += 1;
            }
        }
        let atoms = merge_alnum(atoms);
        let mut terms = terms_from_atoms(&atoms);
        add_surfaces(text, &atoms, &surfaces, &mut terms);
        terms
    }

    /// The distinct term texts of `text`, in order of first appearance.
    pub fn term_texts(&self, text: &str) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        self.analyze(text)
            .into_iter()
            .filter(|t| seen.insert(t.text.clone()))
            .map(|t| t.text)
            .collect()
    }
}

/// Whether `before` ends with a bracket or quote closed right after a word (`…(Deadlock)`), not
/// one opened after a space (`TTL "`).
fn follows_closing_bracket(before: &str) -> bool {
    let mut chars = before.chars().rev();
    let closing = chars
        .next()
        .is_some_and(|c| matches!(c, ')' | ']' | '}' | '"' | '\'' | '’' | '”' | '」' | '』'));
    closing && chars.next().is_some_and(is_word_char)
}

/// The words of `text` with their byte offsets: runs of letters, digits and marks, so that
/// whitespace and punctuation (`도커(Docker)를`, `CI/CD`, `네씨유(Namespace,`) never change how
/// the word next to them is segmented.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// Whether `c` belongs to a word ([`words`]): letters, digits and combining marks.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Whether a morpheme is grammar only: particles, endings, symbols, the copula, 하-suffixes.
fn is_grammatical(tag: &str) -> bool {
    tag.starts_with('J')
        || tag.starts_with('E')
        || tag.starts_with('S')
        || tag.starts_with("VC")
        || tag.starts_with("XSV")
        || tag.starts_with("XSA")
}

/// The end of a word's lexical core: up to its last morpheme that is not grammar
/// (`마이데이터를` → `마이데이터`, `관리하는` → `관리`).
fn core_end(tokens: &mut [LinderaToken<'_>]) -> Option<usize> {
    tokens.iter_mut().rev().find_map(|token| {
        let tag = token.details().first().copied().unwrap_or("*").to_string();
        (!is_grammatical(&tag)).then_some(token.byte_end)
    })
}

/// Adds each word's core as written, as a whole over the word's parts, where it is not already
/// a term: a word ko-dic splits oddly (`마이데이터` → 마이/NP 데이터) stays findable as typed,
/// and by its beginning.
fn add_surfaces(text: &str, atoms: &[Atom], surfaces: &[(usize, usize)], terms: &mut Vec<Term>) {
    let mut extra = Vec::new();
    for &(start, end) in surfaces {
        let first = atoms.partition_point(|a| a.start < start);
        let count = atoms[first..].iter().take_while(|a| a.end <= end).count();
        if count == 0 {
            continue;
        }
        let surface = text[start..end].to_lowercase();
        let at = terms.partition_point(|t| t.position < first);
        let known = terms[at..]
            .iter()
            .take_while(|t| t.position == first)
            .any(|t| t.text == surface);
        if surface.chars().count() < 2 || known {
            continue;
        }
        extra.push(Term {
            text: surface,
            start,
            end,
            position: first,
            position_length: count,
            whole: true,
            inflects: false,
        });
    }
    if !extra.is_empty() {
        terms.extend(extra);
        // Stable: at one position, the surface comes after the terms already there.
        terms.sort_by_key(|t| t.position);
    }
}

/// Whether a word that yielded no term is more than grammar: split into several morphemes of
/// which some are pronouns, dependent nouns, numerals, determiners or adverbs (not only
/// particles, endings and the copula, as in `이다`).
fn is_opaque_word(tokens: &mut [LinderaToken<'_>]) -> bool {
    if tokens.len() < 2 {
        return false;
    }
    tokens.iter_mut().any(|token| {
        let tag = token.details().first().copied().unwrap_or("*").to_string();
        !is_grammatical(&tag) && !tag.starts_with("XSN")
    })
}

/// Appends the atoms of one lindera token.
fn atoms_of(token: &mut LinderaToken<'_>, source: usize, atoms: &mut Vec<Atom>) {
    let (start, end) = (token.byte_start, token.byte_end);
    let surface = token.surface.to_string();
    let details = token.details();
    let tag = details.first().copied().unwrap_or("*");
    let kind = details.get(4).copied().unwrap_or("*");
    let expression = details.get(7).copied().unwrap_or("*");

    let split = matches!(kind, "Compound" | "Inflect" | "Preanalysis") && expression != "*";
    if split {
        // `데이터/NNG/*+베이스/NNG/*`: keep the parts whose own tag is a content tag. Parts are
        // found in the surface to give them exact offsets; inflected parts (`하/XSV/*+았/EP/*`)
        // are not substrings of it and take the whole token's.
        let mut cursor = 0;
        for part in expression.split('+') {
            let mut fields = part.split('/');
            let (Some(text), Some(part_tag)) = (fields.next(), fields.next()) else {
                continue;
            };
            let Some(class) = class_of(part_tag) else {
                continue;
            };
            let (part_start, part_end) = match surface[cursor..].find(text) {
                Some(i) if !text.is_empty() => {
                    let s = cursor + i;
                    cursor = s + text.len();
                    (start + s, start + s + text.len())
                }
                _ => (start, end),
            };
            push_atom(atoms, text, part_start, part_end, class, source);
        }
        return;
    }
    if let Some(class) = class_of(tag) {
        push_atom(atoms, &surface, start, end, class, source);
    } else if token.word_id.is_unknown() && surface.chars().any(char::is_alphanumeric) {
        // A word ko-dic does not know is still a word the user may search for.
        push_atom(atoms, &surface, start, end, Class::Nominal, source);
    }
}

fn push_atom(
    atoms: &mut Vec<Atom>,
    text: &str,
    start: usize,
    end: usize,
    class: Class,
    source: usize,
) {
    // The plural suffix 들 would only add noise.
    if text.is_empty() || (class == Class::Nominal && text == "들") {
        return;
    }
    atoms.push(Atom {
        text: text.to_lowercase(),
        start,
        end,
        class,
        source,
    });
}

/// Joins Latin letters and digits written together (`K`+`8`+`s` → `k8s`, `2`+`PC` → `2pc`).
fn merge_alnum(atoms: Vec<Atom>) -> Vec<Atom> {
    let mut merged: Vec<Atom> = Vec::with_capacity(atoms.len());
    for atom in atoms {
        if let Some(last) = merged.last_mut() {
            if last.class == Class::Alnum && atom.class == Class::Alnum && last.end == atom.start {
                last.text.push_str(&atom.text);
                last.end = atom.end;
                continue;
            }
        }
        merged.push(atom);
    }
    merged
}

/// Numbers the atoms and adds a whole term over each run of nominals written together.
fn terms_from_atoms(atoms: &[Atom]) -> Vec<Term> {
    let mut terms = Vec::with_capacity(atoms.len() + atoms.len() / 2);
    let mut run_start = 0;
    for i in 0..=atoms.len() {
        let continues = i < atoms.len() && i > run_start && joins(&atoms[i - 1], &atoms[i]);
        if continues {
            continue;
        }
        if i > run_start {
            let run = &atoms[run_start..i];
            if run.len() > 1 {
                terms.push(Term {
                    text: run.iter().map(|a| a.text.as_str()).collect(),
                    start: run[0].start,
                    end: run[run.len() - 1].end.max(run[0].end),
                    position: run_start,
                    position_length: run.len(),
                    whole: true,
                    inflects: false,
                });
            }
            for (offset, atom) in run.iter().enumerate() {
                terms.push(Term {
                    text: atom.text.clone(),
                    start: atom.start,
                    end: atom.end,
                    position: run_start + offset,
                    position_length: 1,
                    whole: false,
                    inflects: atom.class == Class::Predicate,
                });
            }
        }
        run_start = i;
    }
    terms
}

/// Whether two neighbouring atoms are one written word of nouns (`클라우드네이티브`, `비정규화`).
fn joins(left: &Atom, right: &Atom) -> bool {
    left.class == Class::Nominal
        && right.class == Class::Nominal
        && (left.source == right.source || left.end == right.start)
}

/// [`KoreanAnalyzer`] as a tantivy tokenizer. It holds no state: the shared analyzer is built on
/// first use, so opening an index for `show` or a no-op update costs nothing.
#[derive(Clone, Default)]
pub struct KoreanTokenizer;

pub struct KoreanTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl Tokenizer for KoreanTokenizer {
    type TokenStream<'a> = KoreanTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> KoreanTokenStream {
        // A failure to build the analyzer is reported by whoever asked for it first
        // (`KoreanAnalyzer::shared`); here it can only mean an empty stream.
        let terms = KoreanAnalyzer::shared()
            .map(|analyzer| analyzer.analyze(text))
            .unwrap_or_default();
        let tokens = terms
            .into_iter()
            .map(|t| Token {
                offset_from: t.start,
                offset_to: t.end,
                position: t.position,
                text: t.text,
                position_length: t.position_length,
            })
            .collect();
        KoreanTokenStream { tokens, index: 0 }
    }
}

impl TokenStream for KoreanTokenStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        KoreanAnalyzer::shared()
            .unwrap()
            .analyze(text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn particles_and_endings_are_dropped() {
        assert_eq!(
            texts("컨테이너를 오케스트레이션하는 도구"),
            ["컨테이너", "오케스트레이션", "도구"]
        );
    }

    #[test]
    fn prefixes_and_suffixes_keep_terms_distinct() {
        let plain = texts("정규화");
        let de = texts("비정규화");
        let anti = texts("반정규화");
        assert!(plain.contains(&"정규화".to_string()), "{plain:?}");
        assert!(de.contains(&"비정규화".to_string()), "{de:?}");
        assert!(anti.contains(&"반정규화".to_string()), "{anti:?}");
        assert!(!plain.contains(&"비정규화".to_string()));
    }

    #[test]
    fn compounds_are_split_and_the_whole_is_kept() {
        let terms = KoreanAnalyzer::shared().unwrap().analyze("데이터베이스");
        let summary: Vec<(&str, usize, usize)> = terms
            .iter()
            .map(|t| (t.text.as_str(), t.position, t.position_length))
            .collect();
        assert_eq!(
            summary,
            [("데이터베이스", 0, 2), ("데이터", 0, 1), ("베이스", 1, 1)]
        );
        // Spaced, the parts come at the same consecutive positions: a phrase finds both.
        assert_eq!(texts("데이터 베이스"), ["데이터", "베이스"]);
    }

    #[test]
    fn nouns_written_together_also_form_a_whole() {
        assert_eq!(
            texts("클라우드네이티브"),
            ["클라우드네이티브", "클라우드", "네이티브"]
        );
        assert_eq!(texts("클라우드 네이티브"), ["클라우드", "네이티브"]);
    }

    #[test]
    fn offsets_are_exact_byte_ranges() {
        let text = "사이드카 프록시를 통해 트래픽을 관리했다";
        for term in KoreanAnalyzer::shared().unwrap().analyze(text) {
            let slice = &text[term.start..term.end];
            if term.text.chars().all(|c| ('가'..='힣').contains(&c)) && term.text != "통하" {
                assert_eq!(slice, term.text, "{term:?}");
            }
        }
    }

    #[test]
    fn latin_is_lowercased_and_alnum_runs_stay_whole() {
        assert_eq!(texts("Kubernetes와 Docker"), ["kubernetes", "docker"]);
        assert_eq!(texts("K8s 2PC 3NF"), ["k8s", "2pc", "3nf"]);
        assert_eq!(texts("CI/CD"), ["ci", "cd"]);
        assert_eq!(texts("12-Factor"), ["12", "factor"]);
    }

    #[test]
    fn hanja_is_read_as_hangul() {
        assert!(texts("情報").contains(&"정보".to_string()));
    }

    #[test]
    fn verb_stems_survive_inflection() {
        assert!(texts("트래픽을 통해").contains(&"통하".to_string()));
    }

    #[test]
    fn tokenizer_stream_matches_analyze() {
        let analyzer = KoreanAnalyzer::shared().unwrap();
        let text = "쿠버네티스는 컨테이너 오케스트레이션 플랫폼이다";
        let mut tokenizer = KoreanTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut streamed = Vec::new();
        while stream.advance() {
            let t = stream.token();
            streamed.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        let direct: Vec<_> = analyzer
            .analyze(text)
            .into_iter()
            .map(|t| (t.text, t.start, t.end, t.position))
            .collect();
        assert_eq!(streamed, direct);
    }
}
