//! Compiles the shipped tables of names (`src/data/*.tsv`) into static arrays, so that a search
//! looks names up without reading and keying thousands of entries at every start.

#[path = "src/bridge/tables.rs"]
mod tables;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use tables::Form;

fn main() {
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
    let _ = writeln!(out, "pub static NAMES: &[&str] = &[");
    for name in &names {
        let _ = writeln!(out, "    {name:?},");
    }
    let _ = writeln!(out, "];\npub static GROUPS: &[(u32, u16, Source)] = &[");
    for (first, count, source) in &groups {
        let _ = writeln!(out, "    ({first}, {count}, Source::{source}),");
    }
    let _ = writeln!(out, "];\npub static KEYS: &[(&str, &[u32])] = &[");
    for (key, ids) in &keys {
        let _ = writeln!(out, "    ({key:?}, &{ids:?}),");
    }
    let _ = writeln!(out, "];");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("bridge_tables.rs");
    std::fs::write(dest, out).unwrap();
}
