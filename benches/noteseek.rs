//! Criterion benchmarks of the parts: analysing a note, analysing a query, one search on an
//! open index. Run with `cargo bench`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use noteseek::analysis::KoreanAnalyzer;
use noteseek::index::build;
use noteseek::{note, notes_folder, query, search};

fn bundled_note_text() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes/cloud/쿠버네티스(Kubernetes).md");
    let text = notes_folder::decode(std::fs::read(path).unwrap()).unwrap();
    let parsed = note::parse("쿠버네티스(Kubernetes)", &text);
    parsed
        .sections
        .iter()
        .flat_map(|s| s.search_lines())
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join("\n")
}

fn analysis(c: &mut Criterion) {
    let analyzer = KoreanAnalyzer::shared().unwrap();
    let text = bundled_note_text();
    c.bench_function("analyse a note (쿠버네티스, searchable text)", |b| {
        b.iter(|| analyzer.analyze(std::hint::black_box(&text)))
    });
    c.bench_function(
        "analyse a query (컨테이너를 오케스트레이션하는 도구)",
        |b| b.iter(|| analyzer.analyze(std::hint::black_box("컨테이너를 오케스트레이션하는 도구"))),
    );
    c.bench_function("parse a note (Markdown to sections)", |b| {
        let raw = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("notes/cloud/쿠버네티스(Kubernetes).md"),
        )
        .unwrap();
        b.iter(|| note::parse("쿠버네티스(Kubernetes)", std::hint::black_box(&raw)))
    });
}

fn searching(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let index = build::rebuild(&notes, &dir.path().join("index")).unwrap();
    let snapshot = index.snapshot().unwrap();
    for text in [
        "쿠버네티스",
        "컨테이너를 오케스트레이션하는 도구",
        "오케스트레",
    ] {
        let parsed = query::parse(text).unwrap();
        c.bench_function(&format!("search the bundled notes: {text}"), |b| {
            b.iter(|| search::search(&snapshot, &parsed, &search::Options::default()).unwrap())
        });
    }
}

criterion_group!(benches, analysis, searching);
criterion_main!(benches);
