//! The vault's tags: whether a tag is used, and the closest ones to one that is not.

use crate::error::Result;
use crate::index::{tag_terms, IndexField, Snapshot};
use crate::suggest;

/// Whether some note has `tag` or a tag nested under it.
pub fn is_used(snapshot: &Snapshot, tag: &str) -> Result<bool> {
    match tag_terms(tag).pop() {
        Some(term) => Ok(snapshot.live_terms(IndexField::Tag)?.contains(&term)),
        None => Ok(false),
    }
}

/// Up to five tags of the vault closest to `tag`.
pub fn closest(snapshot: &Snapshot, tag: &str) -> Result<Vec<String>> {
    let Some(wanted) = tag_terms(tag).pop() else {
        return Ok(Vec::new());
    };
    let tags = snapshot.live_terms(IndexField::Tag)?;
    Ok(suggest::closest(&tags, &wanted, 0.5, 5)
        .into_iter()
        .cloned()
        .collect())
}
