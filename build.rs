//! Compiles the shipped tables of names and the descriptions of topics (`src/data/*.tsv`) into
//! static arrays, so that a search looks names up without reading and keying thousands of
//! entries at every start; and, on Linux, links the programs at a fixed address.

#[path = "src/bridge/tables.rs"]
mod tables;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use tables::Form;

fn main() {
    // On Linux the programs are linked at a fixed address: the ~33,000 pointers in the tables of
    // lindera, tantivy and clap are then set at link time instead of being relocated by the loader
    // at every start, which touched ~160 pages per search (see README, Speed).
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    let sources = [
        ("src/data/aliases.tsv", Form::Groups, "Curated"),
        ("src/data/loanwords.tsv", Form::Loanwords, "Loanword"),
        ("src/data/glossary.tsv", Form::Glossary, "Glossary"),
    ];
    let mut names: Vec<String> = Vec::new();
    let mut groups: Vec<(usize, usize, &str)> = Vec::new();
    let mut keys: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut longest = 1;
    for (path, form, source) in sources {
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(path).expect("shipped table");
        for group in tables::groups(&text, form) {
            let id = groups.len();
            groups.push((names.len(), group.len(), source));
            for name in group {
                longest = longest.max(name.split_whitespace().count());
                let ids = keys.entry(tables::name_key(&name)).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
                names.push(name);
            }
        }
    }
    println!("cargo:rerun-if-changed=src/bridge/tables.rs");
    let mut out = String::new();
    let _ = writeln!(out, "pub static LONGEST: usize = {longest};");
    out.push_str(&tables::packed_source(
        "NAMES",
        names.iter().map(String::as_str),
    ));
    let _ = writeln!(out, "pub static GROUPS: &[(u32, u16, Source)] = &[");
    for (first, count, source) in &groups {
        let _ = writeln!(out, "    ({first}, {count}, Source::{source}),");
    }
    let _ = writeln!(out, "];");
    out.push_str(&keys_source(&keys));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out_dir.join("bridge_tables.rs"), out).unwrap();
    // The other names of a topic's name. A name of several glossary entries (`CA`, `TDD`) is
    // no one topic's: it neither joins their names nor is joined as one of them.
    let in_glossary = |key: &str| {
        keys.get(key).map_or(0, |ids| {
            ids.iter().filter(|&&g| groups[g].2 == "Glossary").count()
        })
    };
    let names_of = |key: &str| -> Vec<&str> {
        if in_glossary(key) > 1 {
            return Vec::new();
        }
        let found = keys.get(key).map(Vec::as_slice).unwrap_or_default();
        found
            .iter()
            .flat_map(|&g| {
                let (first, count, _) = groups[g];
                names[first..first + count].iter().map(String::as_str)
            })
            .filter(|name| in_glossary(&tables::name_key(name)) <= 1)
            .collect()
    };
    std::fs::write(
        out_dir.join("concept_tables.rs"),
        concept_tables("src/data/concepts.tsv", names_of),
    )
    .unwrap();
}

/// The descriptions of topics (`data/concepts.tsv`: `name | name<TAB>description | description`),
/// found by the key of any name of the topic: the name written there and, through the tables of
/// names, its acronym, expansion and Korean names.
fn concept_tables<'a>(path: &str, names_of: impl Fn(&str) -> Vec<&'a str>) -> String {
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).expect("shipped table");
    let mut entries: Vec<String> = Vec::new();
    let mut keys: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let Some((topic, descriptions)) = line.split_once('\t') else {
            panic!("{path}: a line without a tab: {line}");
        };
        let id = entries.len();
        entries.push(
            descriptions
                .split('|')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join("\n"),
        );
        let mut all = Vec::new();
        for name in topic.split('|') {
            let own = tables::name_key(tables::without_qualifier(name.trim()));
            all.extend(names_of(&own).into_iter().map(tables::name_key));
            all.push(own);
        }
        for key in all.into_iter().filter(|k| !k.is_empty()) {
            let ids = keys.entry(key).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    let mut out = tables::packed_source("DESCRIPTIONS", entries.iter().map(String::as_str));
    out.push_str(&keys_source(&keys));
    out
}

/// Source code of `KEYS` (sorted keys) and `IDS`: the entries of key `KEYS.get(i)` are
/// `IDS[ID_SPANS[i].0..ID_SPANS[i].1]`.
fn keys_source(keys: &BTreeMap<String, Vec<usize>>) -> String {
    let mut out = tables::packed_source("KEYS", keys.keys().map(String::as_str));
    let mut ids = Vec::new();
    let mut spans = Vec::new();
    for entries in keys.values() {
        let start = ids.len();
        ids.extend(entries.iter().copied());
        spans.push((start, ids.len()));
    }
    let _ = writeln!(out, "pub static IDS: &[u32] = &{ids:?};");
    let _ = writeln!(out, "pub static ID_SPANS: &[(u32, u32)] = &{spans:?};");
    out
}
