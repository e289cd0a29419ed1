//! `show`: finding a note by title and rendering it, or one section, as clean text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{IndexReader, TantivyDocument, Term};
use unicode_width::UnicodeWidthStr;

use crate::error::{Error, Result};
use crate::index::schema::title_key;
use crate::index::NoteIndex;
use crate::note::{Block, Note, Section};
use crate::section::{heading_key, SectionKind};

/// Finds the notes a title given by the user names, by relative path.
///
/// An exact title or alias wins (case and spacing ignored); otherwise a title that starts with
/// what was typed (`도커` → `도커(Docker)`) if only one does. A miss suggests the closest titles.
pub fn resolve_title(index: &NoteIndex, reader: &IndexReader, title: &str) -> Result<Vec<String>> {
    let searcher = reader.searcher();
    let wanted = title_key(&crate::note::nfc(title));
    let paths_for = |key: &str| -> Result<Vec<String>> {
        let query = TermQuery::new(
            Term::from_field_text(index.fields.title_key, key),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(100).order_by_score())?;
        let mut paths = Vec::new();
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| index.damaged(e))?;
            if let Some(path) = doc.get_first(index.fields.path).and_then(|v| v.as_str()) {
                paths.push(path.to_string());
            }
        }
        paths.sort();
        Ok(paths)
    };
    let exact = paths_for(&wanted)?;
    if !exact.is_empty() {
        return Ok(exact);
    }

    let keys = all_title_keys(reader, index)?;
    let prefixed: Vec<&String> = keys.iter().filter(|k| k.starts_with(&wanted)).collect();
    if prefixed.len() == 1 {
        return paths_for(prefixed[0]);
    }
    let mut scored: Vec<(f64, &String)> = keys
        .iter()
        .map(|k| (similarity(k, &wanted), k))
        .filter(|(score, _)| *score >= 0.5)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut names = Vec::new();
    for (_, key) in scored.into_iter().take(5) {
        for path in paths_for(key)? {
            let name = crate::notes_folder::title_of(&path);
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
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

/// How close a title key is to what was typed, 0 to 1. Titles like `도커(docker)` are compared
/// whole and by each name in them (`도커`, `docker`), so `도카` still finds `도커(Docker)`.
fn similarity(key: &str, wanted: &str) -> f64 {
    if key.contains(wanted) || wanted.contains(key) {
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

/// Which part of a note to show.
pub fn select_sections<'n>(note: &'n Note, section: Option<&str>) -> Result<Vec<&'n Section>> {
    let Some(name) = section else {
        return Ok(note.sections.iter().collect());
    };
    let chosen: Vec<&Section> = match SectionKind::from_user_name(name) {
        Some(kind) => note
            .sections
            .iter()
            .filter(|s| s.kind == Some(kind))
            .collect(),
        None => {
            let key = heading_key(name);
            note.sections
                .iter()
                .filter(|s| heading_key(&s.heading) == key)
                .collect()
        }
    };
    if chosen.is_empty() {
        let present: Vec<&str> = note.sections.iter().map(|s| s.display_name()).collect();
        return Err(Error::UnknownSection {
            name: name.to_string(),
            valid: format!("`{}` has {}", note.title, present.join(", ")),
        });
    }
    Ok(chosen)
}

/// The note as text: title and tags, then each section under its heading; tables as aligned
/// rows, diagrams verbatim. With one section chosen, only that section's content.
pub fn render(note: &Note, sections: &[&Section], whole: bool) -> String {
    let mut out = String::new();
    if whole {
        let _ = writeln!(out, "{}", note.title);
        if !note.aliases.is_empty() {
            let _ = writeln!(out, "({})", note.aliases.join(", "));
        }
        if !note.tags.is_empty() {
            let tags: Vec<String> = note.tags.iter().map(|t| format!("#{t}")).collect();
            let _ = writeln!(out, "{}", tags.join(" "));
        }
    }
    for (i, section) in sections.iter().enumerate() {
        if whole {
            out.push('\n');
            if !section.heading.is_empty() {
                let _ = writeln!(out, "## {}", section.heading);
            }
        } else if i > 0 {
            out.push('\n');
        }
        for block in &section.blocks {
            render_block(&mut out, block);
        }
    }
    out
}

fn render_block(out: &mut String, block: &Block) {
    match block {
        Block::Text(lines) | Block::Code(lines) => {
            for line in lines {
                let _ = writeln!(out, "{}", line.text);
            }
        }
        Block::Table { header, rows } => {
            let columns = rows
                .iter()
                .map(|r| r.cells.len())
                .chain([header.len()])
                .max()
                .unwrap_or(0);
            let mut widths: BTreeMap<usize, usize> = BTreeMap::new();
            for cells in std::iter::once(header).chain(rows.iter().map(|r| &r.cells)) {
                for (i, cell) in cells.iter().enumerate() {
                    let w = widths.entry(i).or_default();
                    *w = (*w).max(cell.width());
                }
            }
            let line = |cells: &[String]| {
                let mut text = String::new();
                for i in 0..columns {
                    let cell = cells.get(i).map_or("", String::as_str);
                    if i + 1 < columns {
                        let pad = widths.get(&i).copied().unwrap_or(0) - cell.width();
                        let _ = write!(text, "{cell}{}  ", " ".repeat(pad));
                    } else {
                        text.push_str(cell);
                    }
                }
                text.trim_end().to_string()
            };
            if !header.is_empty() {
                let _ = writeln!(out, "{}", line(header));
                let rule: Vec<String> = (0..columns)
                    .map(|i| "─".repeat(widths.get(&i).copied().unwrap_or(0)))
                    .collect();
                let _ = writeln!(out, "{}", rule.join("  "));
            }
            for row in rows {
                let _ = writeln!(out, "{}", line(&row.cells));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::parse;

    const NOTE: &str = "#클라우드\n\n## 정의\n컨테이너 기반 가상화\n## 구성요소\n| 구성요소 | 설명 |\n|---|---|\n| Docker Engine | 컨테이너 실행 |\n| 레지스트리 | 이미지 저장소 |\n## 비교\nVM과 다르다\n";

    #[test]
    fn tables_render_as_aligned_rows() {
        let note = parse("도커", NOTE);
        let sections = select_sections(&note, Some("구성요소")).unwrap();
        let text = render(&note, &sections, false);
        assert_eq!(
            text,
            "구성요소       설명\n─────────────  ─────────────\nDocker Engine  컨테이너 실행\n레지스트리     이미지 저장소\n"
        );
    }

    #[test]
    fn other_sections_are_found_by_heading() {
        let note = parse("도커", NOTE);
        let sections = select_sections(&note, Some("비교")).unwrap();
        assert_eq!(render(&note, &sections, false), "VM과 다르다\n");
    }

    #[test]
    fn a_missing_section_names_the_ones_there() {
        let note = parse("도커", NOTE);
        let err = select_sections(&note, Some("암기법"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("정의, 구성요소, 비교"), "{err}");
    }

    #[test]
    fn whole_note_has_title_tags_and_headings() {
        let note = parse("도커", NOTE);
        let sections = select_sections(&note, None).unwrap();
        let text = render(&note, &sections, true);
        assert!(
            text.starts_with("도커\n#클라우드\n\n## 정의\n컨테이너 기반 가상화\n"),
            "{text}"
        );
    }
}
