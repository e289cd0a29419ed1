//! The bundled notes in `notes/`: every one parses into the users' format, titles are unique,
//! links resolve, and no note is a near-copy of another.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use noteseek::note::Note;
use noteseek::notes_folder;
use noteseek::section::SectionKind;

fn bundled() -> Vec<(String, Note, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let scan = notes_folder::scan(&dir).expect("notes/ exists");
    assert!(scan.warnings.is_empty(), "{:?}", scan.warnings);
    scan.files
        .iter()
        .map(|file| {
            let loaded =
                notes_folder::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.rel_path));
            assert!(
                loaded.damage.is_none(),
                "{}: {:?}",
                file.rel_path,
                loaded.damage
            );
            let note = loaded.note;
            let text = std::fs::read_to_string(&file.abs_path).unwrap();
            (file.rel_path.clone(), note, text)
        })
        .collect()
}

#[test]
fn there_are_at_least_120_notes_in_domain_folders() {
    let notes = bundled();
    assert!(notes.len() >= 120, "{} notes", notes.len());
    let mut per_folder: HashMap<&str, usize> = HashMap::new();
    for (path, _, _) in &notes {
        let folder = path.split('/').next().unwrap();
        assert_ne!(folder, path, "{path} is not in a domain folder");
        *per_folder.entry(folder).or_default() += 1;
    }
    assert!(per_folder.len() >= 9, "{per_folder:?}");
    assert!(per_folder.values().all(|&n| n >= 12), "{per_folder:?}");
}

#[test]
fn every_note_has_a_definition_and_three_more_known_sections() {
    for (path, note, text) in bundled() {
        let kinds: HashSet<SectionKind> = note.sections.iter().filter_map(|s| s.kind).collect();
        assert!(kinds.contains(&SectionKind::Definition), "{path}: no 정의");
        assert!(kinds.len() >= 4, "{path}: only {kinds:?}");
        assert!(!note.tags.is_empty(), "{path}: no tag line");
        assert!(
            note.tags[0] == "정보관리기술사",
            "{path}: tags {:?}",
            note.tags
        );
        let lines = text.lines().count();
        assert!((40..=100).contains(&lines), "{path}: {lines} lines");
    }
}

#[test]
fn titles_are_unique() {
    let mut seen = HashMap::new();
    for (path, note, _) in bundled() {
        if let Some(other) = seen.insert(note.title.clone(), path.clone()) {
            panic!("{} is the title of {path} and {other}", note.title);
        }
    }
}

#[test]
fn at_least_85_percent_of_links_resolve_and_the_rest_are_allowed() {
    let notes = bundled();
    let titles: HashSet<&str> = notes.iter().map(|(_, n, _)| n.title.as_str()).collect();
    let allowed_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/notes-unresolved-links.tsv"),
    )
    .unwrap();
    let allowed: HashSet<(&str, &str)> = allowed_text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut parts = l.split('\t');
            Some((parts.next()?, parts.next()?))
        })
        .collect();
    let (mut total, mut resolved) = (0, 0);
    for (path, note, _) in &notes {
        for link in &note.links {
            total += 1;
            if titles.contains(link.as_str()) {
                resolved += 1;
            } else {
                assert!(
                    allowed.contains(&(note.title.as_str(), link.as_str())),
                    "{path}: [[{link}]] resolves to no note and is not in the allow-list"
                );
            }
        }
    }
    assert!(
        resolved * 100 >= total * 85,
        "{resolved}/{total} links resolve"
    );
}

#[test]
fn the_seed_notes_links_resolve() {
    let notes = bundled();
    let titles: HashSet<&str> = notes.iter().map(|(_, n, _)| n.title.as_str()).collect();
    for title in [
        "클라우드 네이티브",
        "도커(Docker)",
        "MSA와 Monolithic Architecture",
        "Auto Scale",
        "DevOps",
        "CI, CD",
    ] {
        assert!(titles.contains(title), "no note titled {title}");
    }
}

/// Lines that carry content: not blank, not table rules, not pure box drawing.
fn content_lines(text: &str) -> HashSet<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.chars().filter(|c| c.is_alphanumeric()).count() >= 8)
        .filter(|l| !l.starts_with('#'))
        .collect()
}

#[test]
fn no_note_is_a_near_copy_of_another() {
    let notes = bundled();
    let lines: Vec<HashSet<&str>> = notes.iter().map(|(_, _, t)| content_lines(t)).collect();
    for i in 0..notes.len() {
        for j in i + 1..notes.len() {
            let shared = lines[i].intersection(&lines[j]).count();
            let smaller = lines[i].len().min(lines[j].len()).max(1);
            assert!(
                shared * 2 <= smaller,
                "{} and {} share {shared} of {smaller} lines",
                notes[i].0,
                notes[j].0
            );
        }
    }
}
