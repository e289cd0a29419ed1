//! The foreign evaluation vault (`tests/eval/foreign/vault`): notes in the styles other
//! candidates publish — Jekyll and Hugo sites, Obsidian vaults — read as their authors meant.

use std::collections::HashMap;
use std::path::Path;

use noteseek::note::{Block, Line, NoteKind};
use noteseek::notes_folder;

fn vault() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/foreign/vault")
}

/// The plan the vault was written from: path → (kind, title).
fn plan() -> HashMap<String, (String, String)> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/foreign/plan.tsv"),
    )
    .unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            (
                cols[2].to_string(),
                (cols[3].to_string(), cols[5].to_string()),
            )
        })
        .collect()
}

#[test]
fn stubs_and_listing_pages_are_told_from_topic_notes() {
    let plan = plan();
    let scan = notes_folder::scan(&vault()).unwrap();
    assert_eq!(scan.files.len(), plan.len());
    let mut wrong = Vec::new();
    for file in &scan.files {
        let note = notes_folder::read(file).unwrap().note;
        let expected = match plan[&file.rel_path].0.as_str() {
            "stub" => NoteKind::Stub,
            "listing" => NoteKind::Listing,
            _ => NoteKind::Topic,
        };
        if note.kind != expected {
            wrong.push(format!(
                "{}: {:?}, planned {expected:?}",
                file.rel_path, note.kind
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} misclassified:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn front_matter_titles_are_the_titles() {
    let plan = plan();
    let scan = notes_folder::scan(&vault()).unwrap();
    for file in &scan.files {
        let note = notes_folder::read(file).unwrap().note;
        assert_eq!(note.title, plan[&file.rel_path].1, "{}", file.rel_path);
    }
}

#[test]
fn no_site_markup_reaches_the_text() {
    let scan = notes_folder::scan(&vault()).unwrap();
    for file in &scan.files {
        let note = notes_folder::read(file).unwrap().note;
        for section in &note.sections {
            // Diagrams are shown verbatim: `<script>` in an attack diagram is content.
            let prose = section.blocks.iter().flat_map(|block| match block {
                Block::Text(lines) => lines.clone(),
                Block::Table { rows, .. } => rows
                    .iter()
                    .map(|r| Line {
                        line: r.line,
                        text: r.cells.join(" "),
                    })
                    .collect(),
                Block::Code(_) => Vec::new(),
            });
            for line in prose {
                for mark in ["{{", "{%", "{:", "**", "<div", "<details", "</"] {
                    assert!(
                        !line.text.contains(mark),
                        "{}:{}: `{mark}` in {:?}",
                        file.rel_path,
                        line.line,
                        line.text
                    );
                }
            }
        }
    }
}
