//! Runs the relevance evaluation: `cargo run --release --bin eval [-- --split dev|holdout|all]`.
//! Prints per-kind MRR@10, nDCG@10, Recall@5 and P@1 for noteseek and the grep baseline.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Parser, ValueEnum};
use noteseek::eval::{self, Report, Split};
use noteseek::index::build;

#[derive(Parser)]
#[command(about = "Relevance evaluation of noteseek on the bundled notes")]
struct Args {
    #[arg(long, default_value = "notes")]
    notes: PathBuf,
    #[arg(long, default_value = "tests/eval/queries.tsv")]
    queries: PathBuf,
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
    let queries: Vec<_> = eval::load(&args.queries)?
        .into_iter()
        .filter(|q| split.includes(q))
        .collect();
    let index = build::rebuild(&args.notes, &args.index).context("indexing the notes")?;
    let report = Report::run(&index, &args.notes, &queries)?;
    print!("{}", report.table());
    let wrong = report.wrong_sections();
    println!("\nsection queries printed with another section: {wrong:?}");
    if args.misses {
        println!("\n{}", report.misses());
    }
    Ok(())
}
