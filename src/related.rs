//! The topics to revise together with a note (연관 토픽), ranked, each with its reasons:
//! linked both ways, linked one way, sharing links with it (both link to the same notes),
//! sharing 키워드 with it.
//!
//! A note's score adds up its reasons: [`BOTH_WAYS`] or [`ONE_WAY`] for a direct link, and for
//! each note both link to, or each 키워드 both list, a share that is smaller the more notes do
//! (`1 / log2(1 + n)`, so a hub every note links to says little). Listing pages are never
//! suggested: they are not topics.

use std::collections::{HashMap, HashSet};

use crate::links::{LinkGraph, NoteId};
use crate::note::NoteKind;
use crate::text::key;

/// The score of a note linked both ways.
pub const BOTH_WAYS: f64 = 4.0;
/// The score of a note linked one way.
pub const ONE_WAY: f64 = 2.0;
/// How much a shared 키워드 counts against a shared link.
pub const KEYWORD_WEIGHT: f64 = 0.5;

/// A topic to revise with the note asked about.
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    pub note: NoteId,
    pub score: f64,
    /// The reasons, strongest first.
    pub reasons: Vec<Reason>,
}

/// Why a note is related.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Each links to the other.
    LinkedBothWays,
    /// The note asked about links to it.
    LinkedTo,
    /// It links to the note asked about.
    LinksHere,
    /// Both link to these notes.
    SharedLinks(Vec<NoteId>),
    /// Both list these 키워드 (as the note asked about writes them).
    SharedKeywords(Vec<String>),
}

/// The notes most related to note `id`, best first (ties by path), at most `limit`.
pub fn related(graph: &LinkGraph, id: NoteId, limit: usize) -> Vec<Related> {
    let mut found: HashMap<NoteId, Found> = HashMap::new();
    let out = graph.linked_from(id);
    let inc = graph.linking_to(id);
    for &other in out.union(&inc) {
        found.entry(other).or_default().linked = (out.contains(&other), inc.contains(&other));
    }
    // In path order, so that scores add up the same way on every run.
    let mut targets: Vec<NoteId> = out.iter().copied().collect();
    targets.sort_unstable();
    for shared in targets {
        let sources = graph.linking_to(shared);
        let weight = rarity(sources.len());
        for &other in sources.iter().filter(|&&s| s != id) {
            let entry = found.entry(other).or_default();
            entry.shared_links.push(shared);
            entry.score += weight;
        }
    }
    add_shared_keywords(graph, id, &mut found);

    let mut ranked: Vec<Related> = found
        .into_iter()
        .filter(|(other, _)| *other != id && graph.note(*other).kind != NoteKind::Listing)
        .map(|(other, found)| found.into_related(graph, other))
        .collect();
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| graph.note(a.note).path.cmp(&graph.note(b.note).path))
    });
    ranked.truncate(limit);
    ranked
}

/// What was found about one candidate.
#[derive(Default)]
struct Found {
    /// (the note asked about links to it, it links to the note asked about)
    linked: (bool, bool),
    shared_links: Vec<NoteId>,
    shared_keywords: Vec<String>,
    /// The shared links' and 키워드' part of the score.
    score: f64,
}

impl Found {
    fn into_related(mut self, graph: &LinkGraph, note: NoteId) -> Related {
        let mut reasons = Vec::new();
        let mut score = self.score;
        match self.linked {
            (true, true) => {
                reasons.push(Reason::LinkedBothWays);
                score += BOTH_WAYS;
            }
            (true, false) => {
                reasons.push(Reason::LinkedTo);
                score += ONE_WAY;
            }
            (false, true) => {
                reasons.push(Reason::LinksHere);
                score += ONE_WAY;
            }
            (false, false) => {}
        }
        if !self.shared_links.is_empty() {
            self.shared_links
                .sort_by(|a, b| graph.note(*a).title.cmp(&graph.note(*b).title));
            reasons.push(Reason::SharedLinks(self.shared_links));
        }
        if !self.shared_keywords.is_empty() {
            reasons.push(Reason::SharedKeywords(self.shared_keywords));
        }
        Related {
            note,
            score,
            reasons,
        }
    }
}

/// Adds, for every note sharing 키워드 with note `id`, the shared ones and their weight.
fn add_shared_keywords(graph: &LinkGraph, id: NoteId, found: &mut HashMap<NoteId, Found>) {
    // Each 키워드 of the note asked about, by every name it gives (`Union File System(OverlayFS)`
    // is also `OverlayFS`).
    let mut wanted: HashMap<String, usize> = HashMap::new();
    let own = &graph.note(id).keywords;
    for (i, keyword) in own.iter().enumerate() {
        for name in keyword_keys(keyword) {
            wanted.entry(name).or_insert(i);
        }
    }
    if wanted.is_empty() {
        return;
    }
    let mut holders: HashMap<usize, Vec<NoteId>> = HashMap::new();
    for (other, note) in graph.notes().iter().enumerate() {
        let held: HashSet<usize> = note
            .keywords
            .iter()
            .flat_map(|k| keyword_keys(k))
            .filter_map(|name| wanted.get(&name).copied())
            .collect();
        for i in held {
            holders.entry(i).or_default().push(other);
        }
    }
    let mut shared: Vec<(usize, Vec<NoteId>)> = holders.into_iter().collect();
    shared.sort_by_key(|(i, _)| *i);
    for (i, notes) in shared {
        let weight = KEYWORD_WEIGHT * rarity(notes.len());
        for &other in notes.iter().filter(|&&o| o != id) {
            let entry = found.entry(other).or_default();
            entry.shared_keywords.push(own[i].clone());
            entry.score += weight;
        }
    }
}

/// What a link to a note many notes link to, or a 키워드 many notes list, says: less the more
/// share it (`n` counts the note asked about).
fn rarity(n: usize) -> f64 {
    1.0 / (1.0 + n.max(2) as f64).log2()
}

/// The names a 키워드 gives: whole, and each name of `이름(Name)`.
fn keyword_keys(keyword: &str) -> Vec<String> {
    let mut keys = vec![key(keyword)];
    if keyword.contains('(') {
        keys.extend(keyword.split(['(', ')']).map(key).filter(|k| !k.is_empty()));
    }
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::graph::tests::note;

    fn titles(graph: &LinkGraph, found: &[Related]) -> Vec<String> {
        found
            .iter()
            .map(|r| graph.note(r.note).title.clone())
            .collect()
    }

    fn graph() -> LinkGraph {
        LinkGraph::new(
            vec![
                note(
                    "교착상태.md",
                    &[("세마포어", 1), ("뮤텍스", 2), ("자원 할당 그래프", 3)],
                    &[
                        "상호 배제",
                        "환형 대기",
                        "Banker's Algorithm(은행원 알고리즘)",
                    ],
                ),
                note("세마포어.md", &[("교착상태", 1), ("뮤텍스", 2)], &[]),
                note("뮤텍스.md", &[("세마포어", 1)], &["상호 배제"]),
                note("모니터.md", &[("뮤텍스", 1), ("자원 할당 그래프", 2)], &[]),
                note("자원 할당 그래프.md", &[], &[]),
                note("스케줄링.md", &[], &["은행원 알고리즘", "환형 대기"]),
                note("교착상태 예방.md", &[("교착상태", 1)], &[]),
                note("무관.md", &[("스케줄링", 1)], &["캐시"]),
            ],
            None,
        )
    }

    #[test]
    fn links_both_ways_then_one_way_then_shared_links_and_keywords() {
        let graph = graph();
        let id = graph.id("교착상태.md").unwrap();
        let found = related(&graph, id, 10);
        assert_eq!(
            titles(&graph, &found),
            [
                "세마포어",
                "뮤텍스",
                "교착상태 예방",
                "자원 할당 그래프",
                "모니터",
                "스케줄링"
            ]
        );
        let reasons: Vec<&[Reason]> = found.iter().map(|r| r.reasons.as_slice()).collect();
        let semaphore = graph.id("세마포어.md").unwrap();
        let mutex = graph.id("뮤텍스.md").unwrap();
        let graph_note = graph.id("자원 할당 그래프.md").unwrap();
        assert_eq!(
            reasons[0],
            [Reason::LinkedBothWays, Reason::SharedLinks(vec![mutex])]
        );
        assert_eq!(
            reasons[1],
            [
                Reason::LinkedTo,
                Reason::SharedLinks(vec![semaphore]),
                Reason::SharedKeywords(vec!["상호 배제".into()])
            ]
        );
        assert_eq!(reasons[2], [Reason::LinksHere]);
        assert_eq!(reasons[3], [Reason::LinkedTo]);
        assert_eq!(reasons[4], [Reason::SharedLinks(vec![mutex, graph_note])]);
        assert_eq!(
            reasons[5],
            [Reason::SharedKeywords(vec![
                "환형 대기".into(),
                "Banker's Algorithm(은행원 알고리즘)".into()
            ])]
        );
    }

    #[test]
    fn the_limit_keeps_the_best() {
        let graph = graph();
        let found = related(&graph, graph.id("교착상태.md").unwrap(), 2);
        assert_eq!(titles(&graph, &found), ["세마포어", "뮤텍스"]);
    }

    #[test]
    fn a_note_without_links_of_its_own_is_related_to_the_notes_linking_to_it() {
        let graph = graph();
        let found = related(&graph, graph.id("자원 할당 그래프.md").unwrap(), 10);
        assert_eq!(titles(&graph, &found), ["교착상태", "모니터"]);
        assert!(found.iter().all(|r| r.reasons == [Reason::LinksHere]));
        assert!(related(&graph, graph.id("무관.md").unwrap(), 10).len() == 1);
    }

    #[test]
    fn listing_pages_are_not_suggested() {
        let mut notes = vec![
            note("교착상태.md", &[("세마포어", 1)], &[]),
            note("세마포어.md", &[], &[]),
            note("MOC 운영체제.md", &[("교착상태", 1), ("세마포어", 2)], &[]),
        ];
        notes[2].kind = NoteKind::Listing;
        let graph = LinkGraph::new(notes, None);
        let found = related(&graph, graph.id("교착상태.md").unwrap(), 10);
        assert_eq!(titles(&graph, &found), ["세마포어"]);
    }

    #[test]
    fn a_keyword_is_also_each_name_in_it() {
        assert_eq!(
            keyword_keys("Union File System(OverlayFS)"),
            ["unionfilesystem(overlayfs)", "unionfilesystem", "overlayfs"]
        );
    }
}
