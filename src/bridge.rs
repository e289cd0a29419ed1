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
//! Names are compared by [`crate::text::key`] (case, spacing and normal form ignored), so a
//! name typed as several words (`웹 방화벽`, `Change Data Capture`) is found as a span of the query.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::key;

/// Where a group of names comes from (reported by the evaluation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    Curated,
    Loanword,
    Glossary,
    User,
}

/// Names of one term.
#[derive(Clone, Debug)]
struct Group {
    names: Vec<String>,
    source: Source,
}

/// Another name of a term, and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherName {
    pub name: String,
    pub source: Source,
}

/// The tables of names, searchable by the key of any name.
#[derive(Clone, Debug, Default)]
pub struct Bridge {
    groups: Vec<Group>,
    by_key: HashMap<String, Vec<usize>>,
    /// Most words in a name (for matching spans of the query).
    longest: usize,
}

/// Longest span of query words looked up as one name.
pub const MAX_SPAN_WORDS: usize = 6;

impl Bridge {
    /// The tables shipped with noteseek.
    pub fn shipped() -> &'static Bridge {
        static SHIPPED: OnceLock<Bridge> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            let mut bridge = Bridge::default();
            bridge.add_groups(include_str!("data/aliases.tsv"), Source::Curated);
            bridge.add_loanwords(include_str!("data/loanwords.tsv"));
            bridge.add_glossary(include_str!("data/glossary.tsv"));
            bridge
        })
    }

    /// The shipped tables with the groups of a user's alias file added (one group per line,
    /// names separated by tabs, ` | ` or `, `; `#` starts a comment line).
    pub fn with_user_groups(&self, text: &str) -> Bridge {
        let mut bridge = self.clone();
        bridge.add_groups(text, Source::User);
        bridge
    }

    fn add(&mut self, names: Vec<String>, source: Source) {
        let names: Vec<String> = names
            .into_iter()
            .map(|n| n.trim().to_string())
            .filter(|n| !key(n).is_empty())
            .collect();
        if names.len() < 2 {
            return;
        }
        let index = self.groups.len();
        for name in &names {
            self.longest = self.longest.max(name.split_whitespace().count());
            let entry = self.by_key.entry(key(name)).or_default();
            if !entry.contains(&index) {
                entry.push(index);
            }
        }
        self.groups.push(Group { names, source });
    }

    fn add_groups(&mut self, text: &str, source: Source) {
        for line in data_lines(text) {
            let names = line
                .split(['\t', '|'])
                .flat_map(|n| {
                    if n.contains(", ") {
                        n.split(", ").collect()
                    } else {
                        vec![n]
                    }
                })
                .map(str::to_string)
                .collect();
            self.add(names, source);
        }
    }

    fn add_loanwords(&mut self, text: &str) {
        for line in data_lines(text) {
            self.add(
                line.split('\t').map(str::to_string).collect(),
                Source::Loanword,
            );
        }
    }

    fn add_glossary(&mut self, text: &str) {
        for line in data_lines(text) {
            let mut cols = line.split('\t');
            let (acronym, english, korean) = (cols.next(), cols.next(), cols.next());
            let mut names = Vec::new();
            names.extend(acronym.map(str::to_string));
            // `Projection (Relational Algebra)`: the qualifier tells meanings apart; it is not
            // part of the name.
            names.extend(english.map(|e| without_qualifier(e).to_string()));
            names.extend(
                korean
                    .into_iter()
                    .flat_map(|k| k.split('|'))
                    .map(str::to_string),
            );
            self.add(names, Source::Glossary);
        }
    }

    /// Whether `name` is a name in the tables.
    pub fn knows(&self, name: &str) -> bool {
        self.by_key.contains_key(&key(name))
    }

    /// Most words in one name.
    pub fn longest_name(&self) -> usize {
        self.longest.min(MAX_SPAN_WORDS)
    }

    /// The other names of every term `name` names, distinct, in table order (curated, loanword,
    /// glossary, user).
    pub fn others(&self, name: &str) -> Vec<OtherName> {
        let own = key(name);
        let Some(groups) = self.by_key.get(&own) else {
            return Vec::new();
        };
        let mut seen = vec![own];
        let mut others = Vec::new();
        for &g in groups {
            let group = &self.groups[g];
            for other in &group.names {
                let k = key(other);
                if !seen.contains(&k) {
                    seen.push(k);
                    others.push(OtherName {
                        name: other.clone(),
                        source: group.source,
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
            self.by_key.get(piece).is_some_and(|groups| {
                groups
                    .iter()
                    .any(|&g| self.groups[g].source == Source::Loanword)
            })
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

/// The lines of a data file that hold entries.
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

/// `Projection (Relational Algebra)` → `Projection`.
fn without_qualifier(name: &str) -> &str {
    match name.find(" (") {
        Some(i) if name.ends_with(')') => &name[..i],
        _ => name,
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
    fn qualifiers_are_not_part_of_a_name() {
        assert_eq!(
            without_qualifier("Projection (Relational Algebra)"),
            "Projection"
        );
        assert_eq!(without_qualifier("TCP/IP"), "TCP/IP");
    }
}
