//! The links of a whole vault, resolved once: each note's outgoing links, its backlinks (the
//! notes that link to it, with the linking line), and the links that name no note.

use std::collections::HashSet;

use super::resolve::{NoteName, Resolver};
use crate::error::Result;
pub use crate::index::LinkAt;
use crate::index::{NoteLinks, Snapshot};
use crate::note::NoteKind;
use crate::text::key;

/// A note's number in a [`LinkGraph`]: its place in path order.
pub type NoteId = usize;

/// What the graph keeps of a note.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphNote {
    /// Path relative to the notes folder.
    pub path: String,
    pub title: String,
    pub aliases: Vec<String>,
    pub kind: NoteKind,
    /// Its links, each with the text of its line.
    pub links: Vec<LinkAt>,
    /// The terms of its 키워드 sections.
    pub keywords: Vec<String>,
}

impl GraphNote {
    /// The note at `path`, from what the index keeps of it for the graph.
    pub fn new(path: String, note: NoteLinks) -> GraphNote {
        GraphNote {
            path,
            title: note.title,
            aliases: note.aliases,
            kind: note.kind,
            links: note.links,
            keywords: note.keywords,
        }
    }
}

/// A link between two notes of the graph, or from a note to a name no note has.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge<'g> {
    pub source: NoteId,
    pub link: &'g LinkAt,
    /// The note the link names; `None` when it names none.
    pub target: Option<NoteId>,
}

/// Every note of a vault and where each link goes.
#[derive(Clone, Debug)]
pub struct LinkGraph {
    notes: Vec<GraphNote>,
    /// For each note, where each of its links goes.
    targets: Vec<Vec<Option<NoteId>>>,
    /// For each note, the links that name it: (source, the link's place in the source).
    incoming: Vec<Vec<(NoteId, usize)>>,
}

impl LinkGraph {
    /// The graph of every note in the index. `base_url` is the site's base-URL prefix
    /// ([`Resolver::new`]).
    pub fn load(snapshot: &Snapshot, base_url: Option<&str>) -> Result<LinkGraph> {
        let notes = snapshot
            .all_note_links()?
            .into_iter()
            .map(|(path, note)| GraphNote::new(path, note))
            .collect();
        Ok(LinkGraph::new(notes, base_url))
    }

    /// The graph of `notes`, which are numbered in path order.
    pub fn new(mut notes: Vec<GraphNote>, base_url: Option<&str>) -> LinkGraph {
        notes.sort_by(|a, b| a.path.cmp(&b.path));
        let resolver = Resolver::new(
            notes.iter().map(|n| NoteName {
                path: n.path.clone(),
                title: n.title.clone(),
                aliases: n.aliases.clone(),
            }),
            base_url,
        );
        let targets: Vec<Vec<Option<NoteId>>> = notes
            .iter()
            .map(|n| {
                n.links
                    .iter()
                    .map(|l| resolver.resolve(&n.path, &l.link))
                    .collect()
            })
            .collect();
        let mut incoming = vec![Vec::new(); notes.len()];
        for (source, links) in targets.iter().enumerate() {
            for (at, target) in links.iter().enumerate() {
                if let Some(target) = target {
                    incoming[*target].push((source, at));
                }
            }
        }
        LinkGraph {
            notes,
            targets,
            incoming,
        }
    }

    pub fn notes(&self) -> &[GraphNote] {
        &self.notes
    }

    pub fn note(&self, id: NoteId) -> &GraphNote {
        &self.notes[id]
    }

    /// The note at `path` (relative to the notes folder).
    pub fn id(&self, path: &str) -> Option<NoteId> {
        self.notes
            .binary_search_by(|n| n.path.as_str().cmp(path))
            .ok()
    }

    fn edge(&self, source: NoteId, at: usize) -> Edge<'_> {
        Edge {
            source,
            link: &self.notes[source].links[at],
            target: self.targets[source][at],
        }
    }

    /// The links of note `id` in the order written, each destination (note and heading, or the
    /// name of a missing note) once, at its first line.
    pub fn outgoing(&self, id: NoteId) -> Vec<Edge<'_>> {
        let mut seen = HashSet::new();
        (0..self.notes[id].links.len())
            .map(|at| self.edge(id, at))
            .filter(|edge| {
                let destination = match edge.target {
                    Some(target) => Ok(target),
                    None => Err(key(&edge.link.link.target)),
                };
                seen.insert((destination, edge.link.link.heading.clone()))
            })
            .collect()
    }

    /// The links to note `id` from other notes, by source path and line; a line holding two
    /// links to it is listed once.
    pub fn backlinks(&self, id: NoteId) -> Vec<Edge<'_>> {
        let mut seen = HashSet::new();
        self.incoming[id]
            .iter()
            .map(|&(source, at)| self.edge(source, at))
            .filter(|edge| edge.source != id && seen.insert((edge.source, edge.link.link.line)))
            .collect()
    }

    /// Every link in the vault that names no note, by path and line.
    pub fn broken(&self) -> Vec<Edge<'_>> {
        self.targets
            .iter()
            .enumerate()
            .flat_map(|(source, links)| {
                links
                    .iter()
                    .enumerate()
                    .filter(|(_, target)| target.is_none())
                    .map(move |(at, _)| self.edge(source, at))
            })
            .collect()
    }

    /// The other notes note `id` links to, each once.
    pub fn linked_from(&self, id: NoteId) -> HashSet<NoteId> {
        self.targets[id]
            .iter()
            .flatten()
            .copied()
            .filter(|&t| t != id)
            .collect()
    }

    /// The other notes that link to note `id`, each once.
    pub fn linking_to(&self, id: NoteId) -> HashSet<NoteId> {
        self.incoming[id]
            .iter()
            .map(|&(source, _)| source)
            .filter(|&s| s != id)
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::note::{Link, LinkKind};

    pub(crate) fn note(path: &str, links: &[(&str, u32)], keywords: &[&str]) -> GraphNote {
        let title = path.rsplit('/').next().unwrap().trim_end_matches(".md");
        GraphNote {
            path: path.into(),
            title: title.into(),
            aliases: Vec::new(),
            kind: NoteKind::Topic,
            links: links
                .iter()
                .map(|&(target, line)| LinkAt {
                    link: Link {
                        target: target.into(),
                        heading: None,
                        line,
                        kind: LinkKind::Wiki,
                    },
                    text: format!("- [[{target}]]"),
                })
                .collect(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
        }
    }

    fn graph() -> LinkGraph {
        LinkGraph::new(
            vec![
                note("os/세마포어.md", &[("교착상태", 9), ("뮤텍스", 10)], &[]),
                note(
                    "os/교착상태.md",
                    &[("세마포어", 20), ("없는 토픽", 21), ("세마포어", 22)],
                    &[],
                ),
                note("os/뮤텍스.md", &[("교착상태", 5), ("교착상태", 5)], &[]),
            ],
            None,
        )
    }

    fn paths<'g>(graph: &'g LinkGraph, edges: &[Edge<'_>]) -> Vec<(&'g str, u32)> {
        edges
            .iter()
            .map(|e| (graph.note(e.source).path.as_str(), e.link.link.line))
            .collect()
    }

    #[test]
    fn notes_are_numbered_in_path_order() {
        let graph = graph();
        assert_eq!(graph.id("os/교착상태.md"), Some(0));
        assert_eq!(graph.id("os/없음.md"), None);
    }

    #[test]
    fn outgoing_links_list_each_destination_once() {
        let graph = graph();
        let outgoing = graph.outgoing(graph.id("os/교착상태.md").unwrap());
        let shown: Vec<(&str, Option<&str>)> = outgoing
            .iter()
            .map(|e| {
                (
                    e.link.link.target.as_str(),
                    e.target.map(|t| graph.note(t).path.as_str()),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [("세마포어", Some("os/세마포어.md")), ("없는 토픽", None)]
        );
    }

    #[test]
    fn backlinks_name_the_source_and_line_once_per_line() {
        let graph = graph();
        let backlinks = graph.backlinks(graph.id("os/교착상태.md").unwrap());
        assert_eq!(
            paths(&graph, &backlinks),
            [("os/뮤텍스.md", 5), ("os/세마포어.md", 9)]
        );
        assert_eq!(backlinks[1].link.text, "- [[교착상태]]");
    }

    #[test]
    fn broken_links_are_every_link_to_no_note() {
        let graph = graph();
        assert_eq!(paths(&graph, &graph.broken()), [("os/교착상태.md", 21)]);
    }
}
