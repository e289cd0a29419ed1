//! Runs the relevance evaluation and prints, per query kind, noteseek's MRR@10, P@1, nDCG@10
//! and Recall@5 beside the grep and Hangul-bigram BM25 baselines.
//!
//! ```sh
//! cargo run --release --bin eval                         # the bundled notes, all queries
//! cargo run --release --bin eval -- --set foreign --split dev --misses
//! ```

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Parser, ValueEnum};
use noteseek::eval::{self, Report, Split};
use noteseek::index::build;

#[derive(Parser)]
#[command(about = "Relevance evaluation of noteseek against grep and bigram BM25 baselines")]
struct Args {
    /// Which evaluation: the bundled notes, or the foreign vault in other candidates' styles.
    #[arg(long, value_enum, default_value_t = Set::Bundled)]
    set: Set,
    /// Another notes folder (with --queries).
    #[arg(long, requires = "queries")]
    notes: Option<PathBuf>,
    #[arg(long)]
    queries: Option<PathBuf>,
    /// dev: tuning queries; holdout: every third query, kept aside; all: both.
    #[arg(long, value_enum, default_value_t = SplitArg::All)]
    split: SplitArg,
    /// Also list the queries whose answer was not ranked first.
    #[arg(long)]
    misses: bool,
    /// Where to build the evaluation's index (rebuilt on every run).
    #[arg(long, default_value = "target/eval-index")]
    index: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Set {
    Bundled,
    Foreign,
}

#[derive(Clone, Copy, ValueEnum)]
enum SplitArg {
    Dev,
    Holdout,
    All,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let split = match args.split {
        SplitArg::Dev => Split::Dev,
        SplitArg::Holdout => Split::Holdout,
        SplitArg::All => Split::All,
    };
    let (notes, queries) = match (args.notes, args.queries, args.set) {
        (Some(notes), Some(queries), _) => (notes, queries),
        (None, queries, Set::Bundled) => (
            PathBuf::from("notes"),
            queries.unwrap_or_else(|| "tests/eval/queries.tsv".into()),
        ),
        (None, queries, Set::Foreign) => (
            PathBuf::from("tests/eval/foreign/vault"),
            queries.unwrap_or_else(|| "tests/eval/foreign/queries.tsv".into()),
        ),
        (Some(_), None, _) => unreachable!("clap requires --queries with --notes"),
    };
    let queries: Vec<_> = eval::load(&queries)?
        .into_iter()
        .filter(|q| split.includes(q))
        .collect();
    let index = build::rebuild(&notes, &args.index).context("indexing the notes")?;
    let report = Report::run(&index, &notes, &queries)?;
    print!("{}", report.table());
    let wrong = report.wrong_sections();
    println!("\nsection queries printed with another section: {wrong:?}");
    println!("\nother names and descriptions used:\n{}", report.fired());
    if args.misses {
        println!("\n{}", report.misses());
    }
    Ok(())
}
