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

/// The first of `asked` that no note has (`#` allowed), with up to five tags closest to it.
pub fn first_unused<'a>(
    snapshot: &Snapshot,
    asked: impl IntoIterator<Item = &'a str>,
) -> Result<Option<(String, Vec<String>)>> {
    for tag in asked {
        if !is_used(snapshot, tag)? {
            let closest = closest(snapshot, tag)?;
            return Ok(Some((tag.trim_start_matches('#').to_string(), closest)));
        }
    }
    Ok(None)
}
