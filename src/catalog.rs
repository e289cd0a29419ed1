//! The vault at a glance: its notes by tag and folder, its tags and its section headings, each
//! with the number of notes that have them. Read from the index's fast fields, not the notes.

use std::collections::HashMap;

use crate::analysis::KoreanAnalyzer;
use crate::error::Result;
use crate::index::{IndexField, Snapshot};
use crate::note::NoteKind;
use crate::query::{Clause, Query, Target};
use crate::search::{self, execute, plan};
use crate::section::SectionKind;

/// A tag and the notes that have it or a tag nested under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagCount {
    /// As the notes write it most often (case differs: `DevOps`, `devops`), without `#`,
    /// nested tags written in full (`클라우드/K8s`).
    pub tag: String,
    pub count: usize,
    /// The tags directly under this one (`클라우드/k8s` under `클라우드`).
    pub nested: Vec<String>,
}

/// Every tag of the vault, the most used first, each followed by the tags nested under it.
pub fn tags(snapshot: &Snapshot) -> Result<Vec<TagCount>> {
    let counts = snapshot.live_term_counts(IndexField::Tag)?;
    // Each tag under its parent (`a/b` under `a`; the index holds every parent of a tag).
    let mut children: HashMap<Option<&str>, Vec<&String>> = HashMap::new();
    for tag in counts.keys() {
        let parent = tag
            .rsplit_once('/')
            .map(|(up, _)| up)
            .filter(|up| counts.contains_key(*up));
        children.entry(parent).or_default().push(tag);
    }
    for siblings in children.values_mut() {
        siblings.sort_by(|a, b| counts[*b].cmp(&counts[*a]).then_with(|| a.cmp(b)));
    }
    let mut ordered = Vec::with_capacity(counts.len());
    let mut stack: Vec<&String> = children
        .get(&None)
        .into_iter()
        .flatten()
        .rev()
        .copied()
        .collect();
    let written = written_forms(snapshot)?;
    let shown = |tag: &String| written.get(tag).cloned().unwrap_or_else(|| tag.clone());
    while let Some(tag) = stack.pop() {
        let nested = children
            .get(&Some(tag.as_str()))
            .cloned()
            .unwrap_or_default();
        stack.extend(nested.iter().rev());
        ordered.push(TagCount {
            tag: shown(tag),
            count: counts[tag],
            nested: nested.into_iter().map(shown).collect(),
        });
    }
    Ok(ordered)
}

/// Each lowercased tag as the notes write it most often (`devops` → `DevOps`).
fn written_forms(snapshot: &Snapshot) -> Result<HashMap<String, String>> {
    let mut best: HashMap<String, (usize, String)> = HashMap::new();
    for (written, count) in snapshot.live_term_counts(IndexField::TagName)? {
        let slot = best
            .entry(written.to_lowercase())
            .or_insert((0, String::new()));
        if count > slot.0 {
            *slot = (count, written);
        }
    }
    Ok(best
        .into_iter()
        .map(|(key, (_, written))| (key, written))
        .collect())
}

/// A section heading as the notes write it, and the canonical section it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadingCount {
    /// As written (`📌 정의`, `핵심 키워드`, `비교`).
    pub heading: String,
    /// The canonical section, or `None` for other headings (searchable by their own name).
    pub section: Option<SectionKind>,
    pub count: usize,
}

/// Every section heading of the vault, the most used first.
pub fn sections(snapshot: &Snapshot) -> Result<Vec<HeadingCount>> {
    let mut headings: Vec<HeadingCount> = snapshot
        .live_term_counts(IndexField::HeadingName)?
        .into_iter()
        .map(|(heading, count)| HeadingCount {
            section: SectionKind::from_heading(&heading),
            heading,
            count,
        })
        .collect();
    headings.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.heading.cmp(&b.heading))
    });
    Ok(headings)
}

/// A note in a listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub title: String,
    /// Relative to the notes folder.
    pub path: String,
    pub kind: NoteKind,
    pub tags: Vec<String>,
}

/// The notes with all of `tags` (or tags nested under them) whose path starts with `prefix`
/// (case ignored), by path. The same filters as `search -t TAG` without words.
pub fn list(snapshot: &Snapshot, tags: &[String], prefix: &str) -> Result<Vec<Listed>> {
    // `path:` matches within the path: the index narrows the notes down, the prefix is
    // checked here. An empty one matches every note (skipped files have no path to match).
    let query = Query {
        clauses: vec![Clause {
            target: Target::Path,
            text: prefix.to_string(),
            phrase: false,
            negated: false,
        }],
    };
    let options = search::Options {
        tags: tags.to_vec(),
        ..search::Options::default()
    };
    let plan = plan::plan(&query, &options, &KoreanAnalyzer::shared()?, snapshot)?;
    let (ranked, _) = execute::rank(snapshot, &plan, usize::MAX)?;
    let prefix = prefix.to_lowercase();
    let mut listed = Vec::with_capacity(ranked.len());
    for (_, address) in ranked {
        let (path, note) = snapshot.note(address)?;
        if path.to_lowercase().starts_with(&prefix) {
            listed.push(Listed {
                title: note.title,
                path,
                kind: note.kind,
                tags: note.tags,
            });
        }
    }
    Ok(listed)
}
