//! The bundled notes in `notes/`: every one parses into the users' format, titles are unique,
//! links resolve, and no note is a near-copy of another.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use noteseek::links::{NoteName, Resolver};
use noteseek::note::{Block, Note};
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
    let resolver = Resolver::new(
        notes.iter().map(|(path, note, _)| NoteName::of(path, note)),
        None,
    );
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
            if resolver.resolve(path, link).is_some() {
                resolved += 1;
            } else {
                assert!(
                    allowed.contains(&(note.title.as_str(), link.target.as_str())),
                    "{path}:{}: {} resolves to no note and is not in the allow-list",
                    link.line,
                    link.written()
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

/// The review record of issue 14: every bundled note was read by a reviewer who did not write
/// it, and every error found was fixed.
#[test]
fn every_note_is_listed_in_the_review_record() {
    let record = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/notes-review.tsv"),
    )
    .unwrap();
    let mut reviewed = HashSet::new();
    for line in record.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 6, "{line}");
        let (findings, fixed): (usize, usize) =
            (cols[3].parse().unwrap(), cols[4].parse().unwrap());
        assert!(
            cols[1].len() == 10 && cols[1].starts_with("20"),
            "date: {line}"
        );
        assert_eq!(findings, fixed, "an error found but not fixed: {line}");
        assert!(!cols[5].trim().is_empty(), "{line}");
        reviewed.insert(format!("notes/{}", cols[0].trim_start_matches("notes/")));
    }
    for (path, _, _) in bundled() {
        assert!(
            reviewed.contains(&format!("notes/{path}")),
            "{path} is not in the review record"
        );
    }
}

fn is_hangul(c: char) -> bool {
    ('가'..='힣').contains(&c)
}

/// Mechanical errors a reviewer catches: a word written twice (`같은 같은`) in the prose (diagrams
/// and tables may repeat a cell on purpose).
#[test]
fn no_word_is_written_twice_in_a_row() {
    for (path, note, _) in bundled() {
        for section in &note.sections {
            for block in &section.blocks {
                let Block::Text(lines) = block else { continue };
                for line in lines {
                    let words: Vec<&str> = line.text.split_whitespace().collect();
                    for pair in words.windows(2) {
                        let doubled = pair[0] == pair[1]
                            && pair[0].chars().count() >= 2
                            && pair[0].chars().all(is_hangul);
                        assert!(!doubled, "{path}:{}: `{} {}`", line.line, pair[0], pair[1]);
                    }
                }
            }
        }
    }
}

/// Brackets in a definition open and close: a broken one garbles what a candidate memorises.
#[test]
fn brackets_in_definitions_are_balanced() {
    for (path, note, _) in bundled() {
        for section in note
            .sections
            .iter()
            .filter(|s| s.kind == Some(SectionKind::Definition))
        {
            for line in section.search_lines() {
                for (open, close) in [('(', ')'), ('[', ']'), ('{', '}')] {
                    let depth = line.text.chars().try_fold(0i32, |depth, c| {
                        let depth = depth + (c == open) as i32 - (c == close) as i32;
                        (depth >= 0).then_some(depth)
                    });
                    assert_eq!(depth, Some(0), "{path}:{}: {}", line.line, line.text);
                }
            }
        }
    }
}

/// The items of a mnemonic's list, split at top-level separators.
fn items(list: &str, separators: &[char]) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut depth = 0;
    for c in list.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if depth == 0 && separators.contains(&c) => {
                items.push(String::new());
                continue;
            }
            _ => {}
        }
        items.last_mut().unwrap().push(c);
    }
    items
        .into_iter()
        .map(|i| i.trim().to_string())
        .filter(|i| !i.is_empty())
        .collect()
}

/// A line in the form `* [label  ]암기어 (항목, 항목, …)[ — comment]`: the mnemonic and its list.
fn mnemonic_form(line: &str) -> Option<(String, String)> {
    let text = line.trim_start_matches(['*', '-', ' ']);
    let open = text.find(" (")?;
    let before = &text[..open];
    // A label before the mnemonic ends with `: ` or two spaces (`수행 단계: 환현목이`).
    let start = [": ", "  "]
        .iter()
        .filter_map(|sep| before.rfind(sep).map(|i| i + sep.len()))
        .max()
        .unwrap_or(0);
    let word = before[start..].trim();
    let allowed = |c: char| is_hangul(c) || matches!(c, ' ' | '·' | '+');
    if word.is_empty() || !word.chars().all(allowed) {
        return None;
    }
    let rest = &text[open + 2..];
    let mut depth = 1;
    let close = rest.char_indices().find_map(|(i, c)| {
        depth += (c == '(') as i32 - (c == ')') as i32;
        (depth == 0).then_some(i)
    })?;
    let after = rest[close + 1..].trim();
    if !(after.is_empty() || after.starts_with('—') || after.starts_with('-')) {
        return None;
    }
    Some((word.to_string(), rest[..close].to_string()))
}

/// A mnemonic written `암기어 (항목, 항목, …)` spells the first syllables of its Hangul items, in
/// order (items in Latin letters are skipped); a mnemonic of several groups (`벨기 비무`) may give
/// each item a group.
#[test]
fn mnemonics_spell_the_first_syllables_of_their_items() {
    let mut checked = 0;
    for (path, note, _) in bundled() {
        for section in note
            .sections
            .iter()
            .filter(|s| s.kind == Some(SectionKind::Mnemonic))
        {
            for line in section.search_lines() {
                let Some((word, list)) = mnemonic_form(&line.text) else {
                    continue;
                };
                let syllables: Vec<char> = word.chars().filter(|&c| is_hangul(c)).collect();
                let groups: Vec<&str> = word
                    .split([' ', '·', '+'])
                    .filter(|g| !g.is_empty())
                    .collect();
                let first_hangul = |item: &str| {
                    item.trim_start_matches(['"', '\''])
                        .chars()
                        .next()
                        .filter(|&c| is_hangul(c))
                };
                let mut matched = false;
                for separators in [&[',', '→', '+'][..], &[',', '→', '+', '/', '·']] {
                    let items = items(&list, separators);
                    let heads: Vec<char> = if syllables.len() == items.len() {
                        syllables.clone()
                    } else if groups.len() == items.len() {
                        groups.iter().filter_map(|g| g.chars().next()).collect()
                    } else {
                        continue;
                    };
                    for (head, item) in heads.iter().zip(&items) {
                        if let Some(first) = first_hangul(item) {
                            assert_eq!(
                                first, *head,
                                "{path}:{}: `{head}` of `{word}` does not begin `{item}`",
                                line.line
                            );
                        }
                    }
                    matched = true;
                    break;
                }
                assert!(
                    matched,
                    "{path}:{}: `{word}` does not match the number of its items: {list}",
                    line.line
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 50,
        "only {checked} mnemonics in the checked form"
    );
}
