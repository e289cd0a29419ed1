//! Expansions of what was typed, from the index's own terms: a word's other names, the
//! completions of a half-typed last word, the titles whose 초성 begin with the typed ones.
//! Each returns data for the plan; none builds a query.

use std::collections::{BTreeSet, HashSet};

use crate::aliases;
use crate::bridge::{Bridge, Source};
use crate::error::Result;
use crate::index::{IndexField, Snapshot};
use crate::text::{key, nfc};

/// Most other names searched for one word.
const MAX_ALIASES: usize = 8;
/// Most completions of the last word searched for.
pub const MAX_COMPLETIONS: usize = 32;

/// The terms of the index an expansion may look up.
pub trait Lexicon {
    /// Whether `term` is a term of `field`.
    fn contains(&self, field: IndexField, term: &str) -> Result<bool>;
    /// Terms of `field` beginning with `prefix`, in term order, at most `limit` per segment.
    fn terms_with_prefix(
        &self,
        field: IndexField,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<String>>;
}

impl Lexicon for Snapshot {
    fn contains(&self, field: IndexField, term: &str) -> Result<bool> {
        Snapshot::contains(self, field, term)
    }

    fn terms_with_prefix(
        &self,
        field: IndexField,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<String>> {
        Snapshot::terms_with_prefix(self, field, prefix, limit)
    }
}

/// Other names of a word, and which tables gave them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Aliases {
    pub names: Vec<String>,
    /// The table entries that fired: (source, the name looked up).
    pub fired: Vec<(Source, String)>,
}

/// The other names of a word, tried in the forms given (the word as typed, then its analysed
/// cores: `카프카를` → `카프카`): from the bridge's tables, its loanwords run together
/// (`로드밸런서` → load balancer), then the pairs the notes state; distinct, at most
/// [`MAX_ALIASES`].
pub fn aliases(lexicon: &dyn Lexicon, bridge: &Bridge, forms: &[String]) -> Result<Aliases> {
    let Some(word) = forms.first() else {
        return Ok(Aliases::default());
    };
    let own = key(word);
    let mut found = Aliases::default();
    for form in forms {
        let others = bridge.others(form);
        if others.is_empty() {
            continue;
        }
        for other in others {
            if !found
                .fired
                .iter()
                .any(|(s, f)| *s == other.source && f == form)
            {
                found.fired.push((other.source, form.clone()));
            }
            found.names.push(other.name);
        }
        break;
    }
    if found.names.is_empty() {
        if let Some(pieces) = forms.iter().find_map(|f| bridge.loanword_pieces(f)) {
            let english: Option<Vec<String>> = pieces
                .iter()
                .map(|piece| {
                    bridge
                        .others(piece)
                        .into_iter()
                        .find(|o| o.source == Source::Loanword && o.name.is_ascii())
                        .map(|o| o.name)
                })
                .collect();
            if let Some(english) = english {
                found.fired.push((Source::Loanword, pieces.join("+")));
                found.names.push(english.join(" "));
            }
        }
    }
    let prefix = format!("{own}{}", aliases::SEPARATOR);
    for term in lexicon.terms_with_prefix(IndexField::Alias, &prefix, MAX_COMPLETIONS)? {
        found.names.push(term[prefix.len()..].to_string());
    }
    let mut seen = HashSet::new();
    found.names.retain(|p| key(p) != own && seen.insert(key(p)));
    found.names.truncate(MAX_ALIASES);
    Ok(found)
}

/// Longer terms of the target fields that begin with the typed word, when the word is not a
/// term itself: a word that is a term was finished, not cut short, and completing it would
/// only add noise (정규화 → 정규화된) and work.
pub fn completions(
    lexicon: &dyn Lexicon,
    typed: &str,
    targets: &[(IndexField, f32)],
) -> Result<Vec<String>> {
    let prefix: String = nfc(typed)
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
        return Ok(Vec::new());
    }
    for (field, _) in targets {
        if lexicon.contains(*field, &prefix)? {
            return Ok(Vec::new());
        }
    }
    let mut completions = BTreeSet::new();
    for (field, _) in targets {
        for term in lexicon.terms_with_prefix(*field, &prefix, MAX_COMPLETIONS)? {
            if term.len() > prefix.len() && completions.len() < MAX_COMPLETIONS {
                completions.insert(term);
            }
        }
    }
    Ok(completions.into_iter().collect())
}

/// Title words whose 초성 begin with the typed ones (`ㅋㅂㄴ` → `ㅋㅂㄴㅌㅅ`).
pub fn chosung_completions(lexicon: &dyn Lexicon, typed: &str) -> Result<Vec<String>> {
    lexicon.terms_with_prefix(IndexField::Chosung, typed, MAX_COMPLETIONS)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// An index's terms, in memory.
    #[derive(Default)]
    pub struct FakeLexicon(pub BTreeMap<IndexField, BTreeSet<String>>);

    impl FakeLexicon {
        pub fn with(field: IndexField, terms: &[&str]) -> FakeLexicon {
            let mut lexicon = FakeLexicon::default();
            lexicon.add(field, terms);
            lexicon
        }

        pub fn add(&mut self, field: IndexField, terms: &[&str]) {
            self.0
                .entry(field)
                .or_default()
                .extend(terms.iter().map(|t| t.to_string()));
        }
    }

    impl Lexicon for FakeLexicon {
        fn contains(&self, field: IndexField, term: &str) -> Result<bool> {
            Ok(self.0.get(&field).is_some_and(|t| t.contains(term)))
        }

        fn terms_with_prefix(
            &self,
            field: IndexField,
            prefix: &str,
            limit: usize,
        ) -> Result<Vec<String>> {
            Ok(self
                .0
                .get(&field)
                .map(|terms| {
                    terms
                        .iter()
                        .filter(|t| t.starts_with(prefix))
                        .take(limit)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default())
        }
    }

    const TITLE: &[(IndexField, f32)] = &[(IndexField::Title, 1.0)];

    #[test]
    fn a_half_typed_word_completes_to_longer_terms() {
        let lexicon =
            FakeLexicon::with(IndexField::Title, &["오케스트레이션", "오케스트라", "도커"]);
        assert_eq!(
            completions(&lexicon, "오케스트", TITLE).unwrap(),
            ["오케스트라", "오케스트레이션"]
        );
    }

    #[test]
    fn a_finished_or_too_short_word_is_not_completed() {
        let lexicon = FakeLexicon::with(IndexField::Title, &["정규화", "정규화된", "kubernetes"]);
        assert!(completions(&lexicon, "정규화", TITLE).unwrap().is_empty());
        assert!(completions(&lexicon, "정", TITLE).unwrap().is_empty());
        assert!(completions(&lexicon, "ku", TITLE).unwrap().is_empty());
        assert_eq!(completions(&lexicon, "Kub", TITLE).unwrap(), ["kubernetes"]);
    }

    #[test]
    fn aliases_come_from_the_tables_and_the_notes() {
        let sep = aliases::SEPARATOR;
        let lexicon = FakeLexicon::with(
            IndexField::Alias,
            &[
                &format!("도커{sep}docker engine"),
                &format!("도커{sep}도커"),
            ],
        );
        let found = aliases(&lexicon, Bridge::shipped(), &["도커".to_string()])
            .unwrap()
            .names;
        assert!(found.contains(&"docker".to_string()), "{found:?}");
        assert!(found.contains(&"docker engine".to_string()), "{found:?}");
        assert!(
            !found.contains(&"도커".to_string()),
            "the word itself: {found:?}"
        );
    }

    #[test]
    fn a_word_with_a_particle_is_looked_up_by_its_core() {
        let forms = ["카프카를".to_string(), "카프카".to_string()];
        let found = aliases(&FakeLexicon::default(), Bridge::shipped(), &forms).unwrap();
        assert!(found.names.contains(&"kafka".to_string()), "{found:?}");
        assert!(found
            .fired
            .contains(&(Source::Loanword, "카프카".to_string())));
    }

    #[test]
    fn loanwords_run_together_find_the_english_name() {
        let forms = ["클러스터노드".to_string()];
        let found = aliases(&FakeLexicon::default(), Bridge::shipped(), &forms).unwrap();
        assert!(
            found.names.contains(&"cluster node".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn chosung_complete_to_title_words() {
        let lexicon = FakeLexicon::with(IndexField::Chosung, &["ㅋㅂㄴㅌㅅ", "ㄷㅋ"]);
        assert_eq!(
            chosung_completions(&lexicon, "ㅋㅂㄴ").unwrap(),
            ["ㅋㅂㄴㅌㅅ"]
        );
    }
}
