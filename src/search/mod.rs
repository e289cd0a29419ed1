//! Ranking notes for a query, in stages a reader can follow:
//! [`plan`] turns the parsed query into a logical plan (plain data), with [`expand`]ing words
//! into their other names and completions; [`compile`] makes tantivy queries of it;
//! [`execute`] runs them (relaxing when nothing matched) and assembles the [`hit`]s, each with
//! the section and [`snippet`] that show why it matched. [`answer`](mod@answer) is the whole search as a
//! person types it: parsed, searched, and explained when nothing or only part matched.

pub mod answer;
mod at_least;
pub mod compile;
pub mod execute;
pub mod expand;
pub mod hit;
pub mod plan;
pub mod snippet;

use serde::{Deserialize, Serialize};

use crate::analysis::KoreanAnalyzer;
use crate::bridge::Bridge;
use crate::error::Result;
use crate::index::Snapshot;
use crate::query::Query;
use crate::section::SectionRef;

pub use answer::{answer, Answer, Notice};
pub use hit::{Hit, MatchedSection, Results};
pub use snippet::Snippet;

/// How to search.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Options {
    /// At most this many hits.
    pub limit: usize,
    /// Restrict matching (and the printed section) to one section: a canonical one, or any
    /// heading the notes use.
    pub section: Option<SectionRef>,
    /// Keep only notes with all of these tags (or tags nested under them).
    pub tags: Vec<String>,
    /// The tables of other names with the user's own merged in; `None`: the shipped tables.
    #[serde(with = "crate::bridge::as_user_groups")]
    pub bridge: Option<std::sync::Arc<Bridge>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limit: 10,
            section: None,
            tags: Vec::new(),
            bridge: None,
        }
    }
}

/// Searches a snapshot of the index.
pub fn search(snapshot: &Snapshot, query: &Query, options: &Options) -> Result<Results> {
    let analyzer = KoreanAnalyzer::shared()?;
    let plan = plan::plan(query, options, &analyzer, snapshot)?;
    if !plan.has_terms {
        return Ok(Results {
            empty_query: true,
            ..Results::default()
        });
    }
    // A heading's hits are checked one by one (see [`execute::hits`]): rank a few more.
    let wanted = match options.section {
        Some(SectionRef::Heading { .. }) => options.limit * 3,
        _ => options.limit,
    };
    let (ranked, relaxed) = execute::rank(snapshot, &plan, wanted)?;
    let mut hits = execute::hits(snapshot, &plan, options, ranked, &analyzer)?;
    hits.truncate(options.limit);
    Ok(Results {
        hits,
        relaxed,
        empty_query: false,
        fired: plan.fired,
        described: plan.describes,
    })
}
