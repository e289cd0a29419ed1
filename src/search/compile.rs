//! Turning a plan into tantivy queries: the one place that knows tantivy's query types.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, DisjunctionMaxQuery, EmptyQuery, Occur as TantivyOccur,
    PhraseQuery, Query, RegexQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::at_least::AtLeast;
use super::plan::{Logical, Occur};
use crate::error::{Error, Result};
use crate::index::{IndexField, Snapshot};

/// How much the other alternatives of a [`Logical::Best`] add to the best one's score.
const BEST_TIE_BREAKER: f32 = 0.1;

/// The tantivy query of a plan node, with the snapshot's field handles.
pub fn compile(node: &Logical, snapshot: &Snapshot) -> Result<Box<dyn Query>> {
    let term = |field: IndexField, text: &str| Term::from_field_text(snapshot.field(field), text);
    Ok(match node {
        Logical::Term { field, text, freqs } => {
            let option = if *freqs {
                IndexRecordOption::WithFreqs
            } else {
                IndexRecordOption::Basic
            };
            let query = TermQuery::new(term(*field, text), option);
            snapshot.in_field(*field, Box::new(query))
        }
        Logical::Phrase { field, terms } => {
            let query = PhraseQuery::new_with_offset(
                terms
                    .iter()
                    .map(|(offset, text)| (*offset, term(*field, text)))
                    .collect(),
            );
            snapshot.in_field(*field, Box::new(query))
        }
        Logical::Regex { field, pattern } => {
            let query = RegexQuery::from_pattern(pattern, snapshot.field(*field))
                .map_err(|e| Error::Query(format!("{pattern}: {e}")))?;
            snapshot.in_field(*field, Box::new(query))
        }
        Logical::Boost(inner, boost) => {
            Box::new(BoostQuery::new(compile(inner, snapshot)?, *boost))
        }
        Logical::Bool {
            clauses,
            minimum: Some(n),
        } if *n > 1 && *n < clauses.len() && clauses.iter().all(|(o, _)| *o == Occur::Should) => {
            let clauses = clauses
                .iter()
                .map(|(_, node)| compile(node, snapshot))
                .collect::<Result<Vec<_>>>()?;
            Box::new(AtLeast::new(clauses, *n))
        }
        Logical::Bool { clauses, minimum } => {
            let clauses = clauses
                .iter()
                .map(|(occur, node)| Ok((occur_of(*occur), compile(node, snapshot)?)))
                .collect::<Result<Vec<_>>>()?;
            match minimum {
                Some(n) => Box::new(BooleanQuery::with_minimum_required_clauses(clauses, *n)),
                None => Box::new(BooleanQuery::new(clauses)),
            }
        }
        Logical::Best(alternatives) => Box::new(DisjunctionMaxQuery::with_tie_breaker(
            alternatives
                .iter()
                .map(|node| compile(node, snapshot))
                .collect::<Result<Vec<_>>>()?,
            BEST_TIE_BREAKER,
        )),
        Logical::All => Box::new(AllQuery),
        Logical::Empty => Box::new(EmptyQuery),
    })
}

fn occur_of(occur: Occur) -> TantivyOccur {
    match occur {
        Occur::Must => TantivyOccur::Must,
        Occur::Should => TantivyOccur::Should,
        Occur::MustNot => TantivyOccur::MustNot,
    }
}
