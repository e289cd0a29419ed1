//! Finding notes by title: exactly, by a unique beginning, or the closest titles to suggest.

use crate::error::{Error, Result};
use crate::index::{IndexField, Snapshot};
use crate::suggest;
use crate::text::key;

/// Finds the notes a title given by the user names, by relative path.
///
/// An exact title or alias wins (case and spacing ignored); otherwise a title that starts with
/// what was typed (`도커` → `도커(Docker)`) if only one does. A miss suggests the closest titles.
pub fn resolve(snapshot: &Snapshot, title: &str) -> Result<Vec<String>> {
    let wanted = key(title);
    let exact = snapshot.paths_with(IndexField::TitleKey, &wanted)?;
    if !exact.is_empty() {
        return Ok(exact);
    }
    let keys = snapshot.live_terms(IndexField::TitleKey)?;
    let prefixed: Vec<&String> = keys.iter().filter(|k| k.starts_with(&wanted)).collect();
    if let [only] = prefixed.as_slice() {
        let paths = snapshot.paths_with(IndexField::TitleKey, only)?;
        if !paths.is_empty() {
            return Ok(paths);
        }
    }
    Err(Error::NoSuchNote {
        title: title.to_string(),
        suggestions: closest(snapshot, title, 0.5)?,
    })
}

/// Up to five titles closest to `text` with a similarity of at least `min_score` (0 to 1), as
/// the notes give them.
pub fn closest(snapshot: &Snapshot, text: &str, min_score: f64) -> Result<Vec<String>> {
    let wanted = key(text);
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let keys = snapshot.live_terms(IndexField::TitleKey)?;
    let mut names = Vec::new();
    for key in suggest::closest(&keys, &wanted, min_score, 5) {
        for address in snapshot.notes_with(IndexField::TitleKey, key)? {
            let (_, note) = snapshot.note(address)?;
            if !names.contains(&note.title) {
                names.push(note.title);
            }
        }
    }
    Ok(names)
}
