//! Finding notes by what a user calls them: a title, an alias, a path, another name, a unique
//! beginning; or the closest titles to suggest.

use std::collections::BTreeSet;

use crate::aliases::SEPARATOR;
use crate::error::{Error, Result};
use crate::index::{IndexField, Snapshot};
use crate::suggest;
use crate::text::{key, nfc};

/// Finds the notes a name given by the user stands for, by relative path. Tried in order, the
/// first that finds anything wins:
///
/// 1. a title or alias, case and spacing ignored (several notes may share a title);
/// 2. a path in the notes folder, with or without `.md` (`cloud/도커(Docker).md`);
/// 3. the beginning of one title or alias, when only one starts so (`도커` → `도커(Docker)`);
/// 4. a word of one title (`ACID` in `트랜잭션 ACID`, `Kubernetes` in `쿠버네티스(Kubernetes)`);
/// 5. another name one note states for its topic (`K8s` in `쿠버네티스(Kubernetes, K8s)`).
///
/// More than one path means notes share the title or path: the caller lists them. A miss suggests the
/// closest titles.
pub fn resolve(snapshot: &Snapshot, name: &str) -> Result<Vec<String>> {
    let wanted = key(name);
    let exact = snapshot.paths_with(IndexField::TitleKey, &wanted)?;
    if !exact.is_empty() {
        return Ok(exact);
    }
    let path = nfc(name.trim());
    for candidate in [path.clone(), format!("{path}.md")] {
        let found = snapshot.paths_with(IndexField::Path, &candidate)?;
        if !found.is_empty() {
            return Ok(found);
        }
    }
    let keys = snapshot.live_terms(IndexField::TitleKey)?;
    let prefixed: Vec<&String> = keys.iter().filter(|k| k.starts_with(&wanted)).collect();
    if let [only] = prefixed.as_slice() {
        let paths = snapshot.paths_with(IndexField::TitleKey, only)?;
        if !paths.is_empty() {
            return Ok(paths);
        }
    }
    // A word or another name stands for a note only when one note answers to it: `CI` in
    // `CI, CD` and `CI 도구` is a beginning to finish, answered with suggestions.
    if !wanted.is_empty() {
        let by_word = titles_with_word(snapshot, &wanted)?;
        if by_word.len() == 1 {
            return Ok(by_word);
        }
        let stated = stated_other_name(snapshot, &wanted)?;
        if stated.len() == 1 {
            return Ok(stated);
        }
    }
    Err(Error::NoSuchNote {
        title: name.to_string(),
        suggestions: closest(snapshot, name, 0.5)?,
    })
}

/// Paths of the notes whose title holds `word` (a [`key`]) as a word of its own.
fn titles_with_word(snapshot: &Snapshot, word: &str) -> Result<Vec<String>> {
    let mut paths = BTreeSet::new();
    for title in snapshot.live_terms(IndexField::TitleName)? {
        if words(&title).any(|w| key(w) == word) {
            paths.extend(snapshot.paths_with(IndexField::TitleKey, &key(&title))?);
        }
    }
    Ok(paths.into_iter().collect())
}

/// The words of a title: runs of letters and digits with their inner marks (`CI/CD` stays one,
/// `2-Phase` too), split at spaces, brackets and commas.
fn words(title: &str) -> impl Iterator<Item = &str> {
    title
        .split(|c: char| c.is_whitespace() || "()[]{},;·".contains(c))
        .filter(|w| !w.is_empty())
}

/// Paths of the notes that state `name` (a [`key`]) as another name of their topic.
fn stated_other_name(snapshot: &Snapshot, name: &str) -> Result<Vec<String>> {
    let prefix = format!("{name}{SEPARATOR}");
    let mut paths = BTreeSet::new();
    for term in snapshot.terms_with_prefix(IndexField::Alias, &prefix, 50)? {
        for address in snapshot.notes_with(IndexField::Alias, &term)? {
            let path = snapshot.path(address)?;
            if !path.is_empty() {
                paths.insert(path);
            }
        }
    }
    Ok(paths.into_iter().collect())
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

/// Titles of the vault that start with `prefix` (case and spacing ignored), sorted: what a
/// shell completes after `show`.
pub fn starting_with(snapshot: &Snapshot, prefix: &str) -> Result<Vec<String>> {
    let wanted = key(prefix);
    Ok(snapshot
        .live_terms(IndexField::TitleName)?
        .into_iter()
        .filter(|title| key(title).starts_with(&wanted))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_words_split_at_brackets_and_spaces() {
        let split: Vec<&str> = words("쿠버네티스(Kubernetes, K8s)").collect();
        assert_eq!(split, ["쿠버네티스", "Kubernetes", "K8s"]);
        let split: Vec<&str> = words("CI/CD 파이프라인").collect();
        assert_eq!(split, ["CI/CD", "파이프라인"]);
    }
}
