//! Finding notes by title: exactly, by a unique beginning, or the closest titles to suggest.

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{IndexReader, Searcher, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::index::schema::title_key;
use crate::index::NoteIndex;

/// Paths of the notes with this title key (title or alias), sorted.
fn paths_for(index: &NoteIndex, searcher: &Searcher, key: &str) -> Result<Vec<String>> {
    let query = TermQuery::new(
        Term::from_field_text(index.fields.title_key, key),
        IndexRecordOption::Basic,
    );
    let top = searcher
        .search(&query, &TopDocs::with_limit(100).order_by_score())
        .map_err(|e| index.damaged(e))?;
    let mut paths = Vec::new();
    for (_, address) in top {
        let doc: TantivyDocument = searcher.doc(address).map_err(|e| index.damaged(e))?;
        if let Some(path) = doc.get_first(index.fields.path).and_then(|v| v.as_str()) {
            paths.push(path.to_string());
        }
    }
    paths.sort();
    Ok(paths)
}

/// Finds the notes a title given by the user names, by relative path.
///
/// An exact title or alias wins (case and spacing ignored); otherwise a title that starts with
/// what was typed (`도커` → `도커(Docker)`) if only one does. A miss suggests the closest titles.
pub fn resolve(index: &NoteIndex, reader: &IndexReader, title: &str) -> Result<Vec<String>> {
    let searcher = reader.searcher();
    let wanted = title_key(&crate::note::nfc(title));
    let exact = paths_for(index, &searcher, &wanted)?;
    if !exact.is_empty() {
        return Ok(exact);
    }
    let keys = all_title_keys(reader, index)?;
    let prefixed: Vec<&String> = keys.iter().filter(|k| k.starts_with(&wanted)).collect();
    if prefixed.len() == 1 {
        return paths_for(index, &searcher, prefixed[0]);
    }
    let names = closest(index, reader, title, 0.5)?;
    let suggestions = if names.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", names.join(", "))
    };
    Err(Error::NoSuchNote {
        title: title.to_string(),
        suggestions,
    })
}

/// Up to five titles closest to `text` with a similarity of at least `min_score` (0 to 1).
pub fn closest(
    index: &NoteIndex,
    reader: &IndexReader,
    text: &str,
    min_score: f64,
) -> Result<Vec<String>> {
    let searcher = reader.searcher();
    let wanted = title_key(&crate::note::nfc(text));
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let keys = all_title_keys(reader, index)?;
    let mut scored: Vec<(f64, &String)> = keys
        .iter()
        .map(|k| (similarity(k, &wanted), k))
        .filter(|(score, _)| *score >= min_score)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut names = Vec::new();
    for (_, key) in scored.into_iter().take(5) {
        for path in paths_for(index, &searcher, key)? {
            let name = crate::notes_folder::title_of(&path);
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    Ok(names)
}

/// How close a title key is to what was typed, 0 to 1. Titles like `도커(docker)` are compared
/// whole and by each name in them (`도커`, `docker`), so `도카` still finds `도커(Docker)`.
fn similarity(key: &str, wanted: &str) -> f64 {
    if wanted.chars().count() >= 2 && (key.contains(wanted) || wanted.contains(key)) {
        return 1.0;
    }
    key.split(['(', ')', ','])
        .filter(|part| !part.is_empty())
        .chain([key])
        .map(|part| {
            strsim::normalized_levenshtein(part, wanted)
                .max(strsim::jaro_winkler(part, wanted) - 0.1)
        })
        .fold(0.0, f64::max)
}

fn all_title_keys(reader: &IndexReader, index: &NoteIndex) -> Result<Vec<String>> {
    let mut keys = std::collections::BTreeSet::new();
    for segment in reader.searcher().segment_readers() {
        let inverted = segment.inverted_index(index.fields.title_key)?;
        let mut stream = inverted
            .terms()
            .stream()
            .map_err(|e| Error::io(&index.dir, e))?;
        while stream.advance() {
            keys.insert(String::from_utf8_lossy(stream.key()).into_owned());
        }
    }
    Ok(keys.into_iter().collect())
}
