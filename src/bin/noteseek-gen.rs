//! Writes N synthetic notes for benchmarks at scale, by recombining the sentences, keyword
//! lines, tables and diagrams of the bundled notes. Deterministic for a given seed.
//!
//! ```sh
//! cargo run --release --bin noteseek-gen -- --count 10000 --out /tmp/notes-10k
//! ```

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Parser;
use noteseek::note::{Block, Line, Note, Row};
use noteseek::notes_folder;
use noteseek::section::SectionKind;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Parser)]
#[command(about = "Generate synthetic exam notes for benchmarks")]
struct Args {
    /// How many notes to write.
    #[arg(long, default_value_t = 1000)]
    count: usize,
    /// Folder to write into (created; must be empty or absent).
    #[arg(long)]
    out: PathBuf,
    /// Seed of the generator: the same seed writes the same notes.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Bundled notes to recombine.
    #[arg(long, default_value = "notes")]
    source: PathBuf,
}

/// Material taken from the bundled notes.
#[derive(Default)]
struct Pools {
    titles: Vec<String>,
    tags: Vec<Vec<String>>,
    sentences: Vec<String>,
    keywords: Vec<String>,
    mnemonics: Vec<String>,
    features: Vec<String>,
    tables: Vec<(Vec<String>, Vec<Row>)>,
    diagrams: Vec<Vec<Line>>,
    others: Vec<(String, Vec<String>)>,
}

fn text_lines(note: &Note, kind: SectionKind) -> Vec<String> {
    note.sections
        .iter()
        .filter(|s| s.kind == Some(kind))
        .flat_map(|s| &s.blocks)
        .flat_map(|b| match b {
            Block::Text(lines) => lines.iter().map(|l| l.text.clone()).collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn pools(source: &std::path::Path) -> Result<Pools> {
    if !source.is_dir() {
        bail!(
            "source notes folder {} not found (set --source to a folder of notes to recombine)",
            source.display()
        );
    }
    let scan = notes_folder::scan(source)?;
    let mut pools = Pools::default();
    for file in &scan.files {
        let Ok(notes_folder::Loaded { note, .. }) = notes_folder::read(file) else {
            continue;
        };
        pools.titles.push(note.title.clone());
        pools.tags.push(note.tags.clone());
        let definition = text_lines(&note, SectionKind::Definition);
        pools.sentences.extend(definition.into_iter().skip(1));
        pools
            .keywords
            .extend(text_lines(&note, SectionKind::Keywords));
        pools
            .mnemonics
            .extend(text_lines(&note, SectionKind::Mnemonic));
        pools
            .features
            .extend(text_lines(&note, SectionKind::Features));
        for section in &note.sections {
            for block in &section.blocks {
                match (section.kind, block) {
                    (Some(SectionKind::Components), Block::Table { header, rows }) => {
                        pools.tables.push((header.clone(), rows.clone()))
                    }
                    (Some(SectionKind::Diagram), Block::Code(lines)) => {
                        pools.diagrams.push(lines.clone())
                    }
                    (None, Block::Text(lines)) if !section.heading.is_empty() => {
                        pools.others.push((
                            section.heading.clone(),
                            lines.iter().map(|l| l.text.clone()).collect(),
                        ))
                    }
                    _ => {}
                }
            }
        }
    }
    if pools.titles.is_empty() || pools.sentences.is_empty() || pools.tables.is_empty() {
        bail!("{} holds no notes to recombine", source.display());
    }
    Ok(pools)
}

fn note_text(pools: &Pools, titles: &[String], index: usize, rng: &mut ChaCha8Rng) -> String {
    let mut out = String::new();
    let tags = pools.tags.choose(rng).cloned().unwrap_or_default();
    let tag_line: Vec<String> = tags.iter().map(|t| format!("#{t}")).collect();
    let _ = writeln!(out, "{}\n", tag_line.join(" "));
    let _ = writeln!(out, "## 정의\n{}", titles[index]);
    for _ in 0..rng.random_range(2..=3) {
        let _ = writeln!(out, "- {}", pools.sentences.choose(rng).unwrap());
    }
    if let Some(k) = pools.keywords.choose(rng) {
        let _ = writeln!(out, "## 키워드\n* {k}");
    }
    if rng.random_bool(0.6) {
        if let Some(m) = pools.mnemonics.choose(rng) {
            let _ = writeln!(out, "## 암기법\n* {m}");
        }
    }
    let _ = writeln!(out, "## 특징");
    for _ in 0..rng.random_range(4..=6) {
        let _ = writeln!(out, "- {}", pools.features.choose(rng).unwrap());
    }
    let (header, rows) = pools.tables.choose(rng).unwrap();
    let _ = writeln!(out, "## 구성요소\n| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.cells.join(" | "));
    }
    if let Some(diagram) = pools.diagrams.choose(rng) {
        let _ = writeln!(out, "## 구성도\n```");
        for line in diagram {
            let _ = writeln!(out, "{}", line.text);
        }
        let _ = writeln!(out, "```");
    }
    if rng.random_bool(0.3) {
        if let Some((heading, lines)) = pools.others.choose(rng) {
            let _ = writeln!(out, "## {heading}");
            for line in lines {
                let _ = writeln!(out, "- {line}");
            }
        }
    }
    let _ = writeln!(out, "## 연관 토픽");
    for _ in 0..rng.random_range(3..=5) {
        let target = &titles[rng.random_range(0..titles.len())];
        let _ = writeln!(
            out,
            "- [[{target}]] - {}",
            pools.titles.choose(rng).unwrap()
        );
    }
    out
}

fn main() -> Result<()> {
    let args = Args::parse();
    let pools = pools(&args.source)?;
    if args.out.exists() && std::fs::read_dir(&args.out)?.next().is_some() {
        bail!("{} is not empty", args.out.display());
    }
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let titles: Vec<String> = (0..args.count)
        .map(|i| format!("{} {:06}", pools.titles.choose(&mut rng).unwrap(), i))
        .collect();
    for (i, title) in titles.iter().enumerate() {
        let dir = args.out.join(format!("d{:03}", i / 500));
        std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
        let text = note_text(&pools, &titles, i, &mut rng);
        let path = dir.join(format!("{title}.md"));
        std::fs::write(&path, text).with_context(|| path.display().to_string())?;
    }
    eprintln!("wrote {} notes to {}", args.count, args.out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_source_folder_names_the_source_flag() {
        let err = pools(std::path::Path::new("/nonexistent/notes"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("--source"), "{err}");
        assert!(!err.contains("--notes"), "{err}");
    }
}
