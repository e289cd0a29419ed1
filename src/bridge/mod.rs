//! A bridge across scripts and names, applied per word at query time: a word also finds notes
//! that write its term another way.
//!
//! - the loanword table (`data/loanwords.tsv`): an English word and its Hangul spellings
//!   (`pipeline` ↔ `파이프라인`, `message` ↔ `메시지`, `메세지`);
//! - the exam glossary (`data/glossary.tsv`): acronym ↔ English name ↔ Korean names
//!   (`WAF` ↔ `Web Application Firewall` ↔ `웹 방화벽`);
//! - the curated groups of other names (`data/aliases.tsv`: `데드락` ↔ `deadlock` ↔ `교착상태`);
//! - the user's own alias files, in the same form as the curated groups.
//!
//! Names are compared by their letters and digits (case, spacing, punctuation and normal form
//! ignored), so a
//! name typed as several words (`웹 방화벽`, `Change Data Capture`) is found as a span of the query.

mod tables;

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use tables::name_key;
use tables::Form;
pub(crate) use tables::{ids_of, Packed};

/// Where a group of names comes from (reported by the evaluation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Source {
    Curated,
    Loanword,
    Glossary,
    User,
}

/// The shipped tables, compiled by the build script: every name, the groups as runs of names,
/// and the keys sorted with the groups each belongs to.
mod shipped {
    use super::{Packed, Source};
    include!(concat!(env!("OUT_DIR"), "/bridge_tables.rs"));
}

/// Another name of a term, and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherName {
    pub name: String,
    pub source: Source,
}

/// A group of names: shipped (by number) or the user's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GroupRef {
    Shipped(u32),
    User(usize),
}

/// The tables of names, searchable by the key of any name: the shipped ones, and a user's
/// groups on top.
#[derive(Clone, Debug, Default)]
pub struct Bridge {
    user: Vec<Vec<String>>,
    user_keys: HashMap<String, Vec<usize>>,
    user_longest: usize,
    /// The user's groups as given, so that a search can be sent whole to a watcher.
    user_text: String,
}

/// Longest span of query words looked up as one name.
pub const MAX_SPAN_WORDS: usize = 6;

impl Bridge {
    /// The tables shipped with noteseek.
    pub fn shipped() -> &'static Bridge {
        static SHIPPED: std::sync::OnceLock<Bridge> = std::sync::OnceLock::new();
        SHIPPED.get_or_init(Bridge::default)
    }

    /// The shipped tables with the groups of a user's alias file added (one group per line,
    /// names separated by tabs, ` | ` or `, `; `#` starts a comment line).
    pub fn with_user_groups(&self, text: &str) -> Bridge {
        let mut bridge = self.clone();
        bridge.user_text.push_str(text);
        bridge.user_text.push('\n');
        for group in tables::groups(text, Form::Groups) {
            let id = bridge.user.len();
            for name in &group {
                bridge.user_longest = bridge.user_longest.max(name.split_whitespace().count());
                let ids = bridge.user_keys.entry(name_key(name)).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            bridge.user.push(group);
        }
        bridge
    }

    /// The groups a key belongs to.
    fn groups_of(&self, key: &str) -> Vec<GroupRef> {
        let mut found: Vec<GroupRef> = ids_of(&shipped::KEYS, shipped::IDS, shipped::ID_SPANS, key)
            .iter()
            .map(|&g| GroupRef::Shipped(g))
            .collect();
        if let Some(ids) = self.user_keys.get(key) {
            found.extend(ids.iter().map(|&i| GroupRef::User(i)));
        }
        found
    }

    /// The names of a group and their source.
    fn group(&self, group: GroupRef) -> (Vec<&str>, Source) {
        match group {
            GroupRef::Shipped(g) => {
                let (first, count, source) = shipped::GROUPS[g as usize];
                let names = (first as usize..first as usize + count as usize)
                    .map(|i| shipped::NAMES.get(i))
                    .collect();
                (names, source)
            }
            GroupRef::User(i) => (
                self.user[i].iter().map(String::as_str).collect(),
                Source::User,
            ),
        }
    }

    /// Whether `name` is a name in the tables.
    pub fn knows(&self, name: &str) -> bool {
        !self.groups_of(&name_key(name)).is_empty()
    }

    /// Most words in one name.
    pub fn longest_name(&self) -> usize {
        shipped::LONGEST.max(self.user_longest).min(MAX_SPAN_WORDS)
    }

    /// The other names of every term `name` names, distinct, in table order (curated, loanword,
    /// glossary, user).
    pub fn others(&self, name: &str) -> Vec<OtherName> {
        let own = name_key(name);
        let mut seen = vec![own.clone()];
        let mut others = Vec::new();
        for group in self.groups_of(&own) {
            let (names, source) = self.group(group);
            for other in names {
                let key = name_key(other);
                if !seen.contains(&key) {
                    seen.push(key);
                    others.push(OtherName {
                        name: other.to_string(),
                        source,
                    });
                }
            }
        }
        others
    }

    /// A Hangul word written as loanwords run together (`로드밸런서` → `로드`, `밸런서`): its
    /// pieces, each a Hangul spelling in the loanword table of two syllables or more, fewest
    /// pieces first; `None` when it is not one.
    pub fn loanword_pieces(&self, word: &str) -> Option<Vec<String>> {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() < 4 || !chars.iter().all(|c| ('가'..='힣').contains(c)) {
            return None;
        }
        let is_piece = |piece: &str| {
            self.groups_of(piece)
                .into_iter()
                .any(|g| self.group(g).1 == Source::Loanword)
        };
        // best[i]: fewest pieces covering chars[..i], and where the last piece starts.
        let mut best: Vec<Option<(usize, usize)>> = vec![None; chars.len() + 1];
        best[0] = Some((0, 0));
        for end in 2..=chars.len() {
            for start in 0..=end - 2 {
                let Some((count, _)) = best[start] else {
                    continue;
                };
                let piece: String = chars[start..end].iter().collect();
                if is_piece(&piece) && best[end].is_none_or(|(c, _)| count + 1 < c) {
                    best[end] = Some((count + 1, start));
                }
            }
        }
        let (count, _) = best[chars.len()]?;
        if count < 2 {
            return None;
        }
        let mut pieces = Vec::new();
        let mut end = chars.len();
        while end > 0 {
            let (_, start) = best[end]?;
            pieces.push(chars[start..end].iter().collect());
            end = start;
        }
        pieces.reverse();
        Some(pieces)
    }
}

/// A search's tables written as the text of the user's groups (nothing for the shipped tables
/// alone) and read back by merging that text into the shipped tables: how a search's options
/// travel to a watcher that answers it.
pub mod as_user_groups {
    use super::*;

    pub fn serialize<S: Serializer>(
        bridge: &Option<Arc<Bridge>>,
        to: S,
    ) -> Result<S::Ok, S::Error> {
        bridge.as_ref().map(|b| b.user_text.as_str()).serialize(to)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        from: D,
    ) -> Result<Option<Arc<Bridge>>, D::Error> {
        let text = Option::<String>::deserialize(from)?;
        Ok(text.map(|text| Arc::new(Bridge::shipped().with_user_groups(&text))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(bridge: &Bridge, name: &str) -> Vec<String> {
        bridge.others(name).into_iter().map(|o| o.name).collect()
    }

    #[test]
    fn loanwords_bridge_the_two_scripts() {
        let bridge = Bridge::shipped();
        assert!(names(bridge, "파이프라인").contains(&"pipeline".to_string()));
        assert!(names(bridge, "Kafka").contains(&"카프카".to_string()));
        assert!(names(bridge, "message").contains(&"메세지".to_string()));
    }

    #[test]
    fn the_glossary_joins_acronym_expansion_and_korean_names() {
        let bridge = Bridge::shipped();
        let waf = names(bridge, "웹 방화벽");
        assert!(waf.contains(&"WAF".to_string()), "{waf:?}");
        assert!(names(bridge, "waf")
            .iter()
            .any(|n| n == "Web Application Firewall"));
        assert!(names(bridge, "Single Sign-On").contains(&"SSO".to_string()));
        assert!(names(bridge, "온라인분석처리").contains(&"OLAP".to_string()));
    }

    #[test]
    fn curated_groups_and_user_groups_work_both_ways() {
        let bridge = Bridge::shipped();
        assert!(names(bridge, "데드락").contains(&"deadlock".to_string()));
        let user = bridge.with_user_groups("# 내 별칭\n큐잉 | 메시지 큐\n");
        let found = user.others("큐잉");
        assert!(found
            .iter()
            .any(|o| o.name == "메시지 큐" && o.source == Source::User));
        assert!(bridge.others("큐잉").is_empty());
    }

    #[test]
    fn loanwords_run_together_split_into_pieces() {
        let bridge = Bridge::shipped();
        assert_eq!(
            bridge.loanword_pieces("로드밸런서"),
            Some(vec!["로드".to_string(), "밸런서".to_string()])
        );
        assert_eq!(bridge.loanword_pieces("교착상태"), None);
    }

    #[test]
    fn punctuation_does_not_tell_names_apart() {
        let bridge = Bridge::shipped();
        assert!(names(bridge, "Test Driven Development").contains(&"TDD".to_string()));
        assert!(names(bridge, "Quick UDP Internet Connections").contains(&"QUIC".to_string()));
    }

    #[test]
    fn qualifiers_are_not_part_of_a_name() {
        assert_eq!(
            tables::without_qualifier("Projection (Relational Algebra)"),
            "Projection"
        );
        assert_eq!(tables::without_qualifier("TCP/IP"), "TCP/IP");
    }
}
