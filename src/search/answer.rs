//! A search as a person asks it: the typed text parsed and searched, with a [`Notice`] when the
//! answer needs explaining (no searchable words, only some words matched, a tag no note has, a
//! section that lacks the words, titles close to a query that found nothing). The notice is data
//! so that an answer computed elsewhere (by a watcher, see [`crate::watch::serve`]) is told the
//! same way.

use serde::{Deserialize, Serialize};

use super::{search, Options, Results};
use crate::error::Result;
use crate::index::Snapshot;
use crate::query::{self, Target};
use crate::{tags, titles};

/// How close a title must be to a query that found nothing to be suggested (0 to 1).
pub const DID_YOU_MEAN_SIMILARITY: f64 = 0.6;

/// What a person should know about an answer besides its hits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    /// The query has only particles, endings or punctuation.
    NoSearchableWords,
    /// No note has every word: notes with some of them are shown.
    Relaxed,
    /// Nothing found because no note has this tag; the closest tags there are.
    UnknownTag { tag: String, closest: Vec<String> },
    /// Nothing found in the section asked for (which some note has).
    NotInSection { section: String },
    /// Nothing found; titles close to the query (never empty).
    CloseTitles(Vec<String>),
}

/// A search's hits and what to say about them.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Answer {
    pub results: Results,
    pub notice: Option<Notice>,
}

/// Parses `text` and searches the snapshot for it.
pub fn answer(snapshot: &Snapshot, text: &str, options: &Options) -> Result<Answer> {
    let parsed = query::parse(text)?;
    let results = search(snapshot, &parsed, options)?;
    let notice = if results.empty_query {
        Some(Notice::NoSearchableWords)
    } else if results.hits.is_empty() {
        why_nothing(snapshot, text, options, &parsed)?
    } else if results.relaxed {
        Some(Notice::Relaxed)
    } else {
        None
    };
    Ok(Answer { results, notice })
}

/// Why nothing was found, when it can be told: a tag no note has, a section without the words,
/// or titles close to the query.
fn why_nothing(
    snapshot: &Snapshot,
    text: &str,
    options: &Options,
    parsed: &query::Query,
) -> Result<Option<Notice>> {
    let asked_tags = options.tags.iter().map(String::as_str).chain(
        parsed
            .clauses
            .iter()
            .filter(|c| c.target == Target::Tag && !c.negated)
            .map(|c| c.text.as_str()),
    );
    if let Some((tag, closest)) = tags::first_unused(snapshot, asked_tags)? {
        return Ok(Some(Notice::UnknownTag { tag, closest }));
    }
    if let Some(section) = &options.section {
        // The section exists (a heading no note has is an error earlier): the words are not in it.
        return Ok(Some(Notice::NotInSection {
            section: section.to_string(),
        }));
    }
    let close = titles::closest(snapshot, text, DID_YOU_MEAN_SIMILARITY)?;
    Ok((!close.is_empty()).then_some(Notice::CloseTitles(close)))
}
