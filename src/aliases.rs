//! Other names of a topic that a note states itself, in its `한글(English)` /
//! `ACRONYM(Expansion)` patterns, mined at index time. (The shipped tables of names are in
//! [`crate::bridge`].)

use crate::note::Note;
use crate::section::SectionKind;
use crate::text::key;

/// Separates a key from its partner in the index's alias terms.
pub const SEPARATOR: char = '\u{1f}';

/// `(name, other name)` pairs a note states for its topic: `쿠버네티스(Kubernetes, K8s)`,
/// `MSA(Microservice Architecture)`, `동시성 제어(Concurrency Control)`, in the title, the
/// aliases and the first line of 정의 — where candidates name the topic. Pairs in the body
/// (`병행 투명성(Concurrency)`) name side concepts and would lead queries astray.
pub fn mine(note: &Note) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let definition = note
        .sections
        .iter()
        .find(|s| s.kind == Some(SectionKind::Definition))
        .and_then(|s| s.search_lines().into_iter().next())
        .map(|l| l.text);
    let lines = std::iter::once(note.title.clone())
        .chain(note.aliases.iter().cloned())
        .chain(definition);
    for line in lines {
        mine_line(&line, &mut pairs);
    }
    for alias in &note.aliases {
        if differs_in_kind(&note.title, alias) {
            pairs.push((note.title.clone(), alias.clone()));
        }
    }
    pairs.sort();
    pairs.dedup();
    pairs
}

fn mine_line(line: &str, pairs: &mut Vec<(String, String)>) {
    let mut rest = line;
    let mut consumed = 0;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        let before = &line[..consumed + open];
        let inside = &rest[open + 1..close];
        let names: Vec<&str> = inside
            .split([',', '/', ';'])
            .map(str::trim)
            .filter(|n| (2..=40).contains(&n.chars().count()))
            .collect();
        // Three or more names in parentheses are a list (`(IaaS, PaaS, SaaS)`), not aliases.
        if let Some(first) = names.first().filter(|_| names.len() <= 2) {
            let words = first.split_whitespace().count().clamp(1, 3);
            let outer: Vec<&str> = before.split_whitespace().rev().take(words).collect();
            let outer: Vec<&str> = outer.into_iter().rev().collect();
            let outer = outer.join(" ");
            let outer = outer.trim_matches(|c: char| !c.is_alphanumeric());
            if outer.chars().count() >= 2 && !outer.contains(['(', ')']) {
                for name in &names {
                    if differs_in_kind(outer, name) {
                        pairs.push((outer.to_string(), name.to_string()));
                    }
                }
            }
        }
        consumed += close + 1;
        rest = &line[consumed..];
    }
}

/// Worth an alias: one name Hangul and the other Latin, or one an acronym of the other.
fn differs_in_kind(a: &str, b: &str) -> bool {
    let hangul = |s: &str| s.chars().any(|c| ('가'..='힣').contains(&c));
    let acronym = |s: &str| {
        (2..=8).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    let latin = |s: &str| s.chars().any(|c| c.is_ascii_alphabetic());
    (hangul(a) != hangul(b) && (latin(a) || latin(b)))
        || (acronym(a) != acronym(b) && latin(a) && latin(b))
}

/// The index terms recording a pair, both ways: `key(a) SEP b` and `key(b) SEP a`.
pub fn index_terms(pairs: &[(String, String)]) -> Vec<String> {
    pairs
        .iter()
        .flat_map(|(a, b)| {
            [
                format!("{}{SEPARATOR}{}", key(a), b.to_lowercase()),
                format!("{}{SEPARATOR}{}", key(b), a.to_lowercase()),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::parse;

    #[test]
    fn pairs_come_from_parentheses() {
        let note = parse(
            "쿠버네티스(Kubernetes)",
            "## 정의\nMSA(Microservice Architecture), 데이터 마트(Data Mart), 만드는 하향식(Top-down), 설명(괄호 안 한글)\n## 특징\n- 병행 투명성(Concurrency)\n",
        );
        let pairs = mine(&note);
        let has = |a: &str, b: &str| pairs.contains(&(a.to_string(), b.to_string()));
        assert!(has("쿠버네티스", "Kubernetes"), "{pairs:?}");
        assert!(has("데이터 마트", "Data Mart"), "{pairs:?}");
        assert!(has("MSA", "Microservice Architecture"), "{pairs:?}");
        assert!(has("하향식", "Top-down"), "{pairs:?}");
        assert!(!pairs.iter().any(|(a, _)| a == "설명"), "{pairs:?}");
        assert!(!pairs.iter().any(|(a, _)| a == "투명성"), "{pairs:?}");
    }

    #[test]
    fn lists_in_parentheses_are_not_aliases() {
        let note = parse("클라우드 서비스 모델(IaaS, PaaS, SaaS)", "");
        assert!(mine(&note).is_empty(), "{:?}", mine(&note));
    }

    #[test]
    fn index_terms_record_both_directions() {
        let terms = index_terms(&[("도커".into(), "Docker".into())]);
        assert_eq!(
            terms,
            [
                format!("도커{SEPARATOR}docker"),
                format!("docker{SEPARATOR}도커")
            ]
        );
    }
}
