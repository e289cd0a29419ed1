//! `noteseek search`: one query from the arguments, or many from stdin (`--stdin`).

use std::io::{self, BufRead, BufWriter, Write};

use anyhow::{Context, Result};
use noteseek::index::Snapshot;
use noteseek::query::{self, Target};
use noteseek::search::{self, Results};
use noteseek::{error, tags, titles};

use super::{synced_index, warn, Status};
use crate::args::{Output, SearchConfig, Vault};
use crate::cli::SearchArgs;
use crate::config::Settings;
use crate::printer::{JsonPrinter, Printer};

/// How close a title must be to a query that found nothing to be suggested (0 to 1).
const DID_YOU_MEAN_SIMILARITY: f64 = 0.6;

pub fn search_notes(vault: &Vault, args: &SearchArgs, settings: &Settings) -> Result<Status> {
    let config = SearchConfig::new(args, vault, settings)?;
    if config.batch {
        return search_batch(vault, &config);
    }
    let say_relaxed = matches!(config.output, Output::Human { .. });
    let results = search_once(vault, &config.text, &config.options, say_relaxed)?;
    let mut printer = config.printer(BufWriter::new(io::stdout().lock()), vault);
    print(&mut printer, &config.text, &results)?;
    printer.finish().context("writing to stdout")?;
    Ok(Status::of(!results.hits.is_empty()))
}

/// Searches one query given on the command line and says on stderr what a person should know
/// about the answer: that the query has no searchable words, that notes with only some of the
/// words are shown (when `say_relaxed`), or why nothing was found.
pub(super) fn search_once(
    vault: &Vault,
    text: &str,
    options: &search::Options,
    say_relaxed: bool,
) -> Result<Results> {
    let parsed = query::parse(text)?;
    let index = synced_index(vault)?;
    let snapshot = index.snapshot()?;
    let results = search::search(&snapshot, &parsed, options)?;
    if results.empty_query {
        warn(format_args!(
            "`{text}` has no searchable words (only particles, endings or punctuation)"
        ));
    } else if results.hits.is_empty() {
        explain_nothing_found(&snapshot, text, options, &parsed)?;
    } else if results.relaxed && say_relaxed {
        eprintln!("noteseek: no note has every word; showing notes with some of them");
    }
    Ok(results)
}

/// Says why nothing was found when it can: a tag no note has, or titles close to the query.
fn explain_nothing_found(
    snapshot: &Snapshot,
    text: &str,
    options: &search::Options,
    parsed: &query::Query,
) -> Result<()> {
    let asked_tags = options.tags.iter().map(String::as_str).chain(
        parsed
            .clauses
            .iter()
            .filter(|c| c.target == Target::Tag && !c.negated)
            .map(|c| c.text.as_str()),
    );
    for tag in asked_tags {
        if !tags::is_used(snapshot, tag)? {
            let close = tags::closest(snapshot, tag)?;
            let hint = if close.is_empty() {
                String::new()
            } else {
                format!("; closest tags: {}", close.join(" "))
            };
            eprintln!(
                "noteseek: no note has the tag `{}`{hint}",
                tag.trim_start_matches('#')
            );
            return Ok(());
        }
    }
    if let Some(section) = &options.section {
        // The section exists (a heading no note has is an error earlier): the words are not in it.
        eprintln!(
            "noteseek: no note's {section} section holds `{text}`; without -s, every section is searched"
        );
        return Ok(());
    }
    let close = titles::closest(snapshot, text, DID_YOU_MEAN_SIMILARITY)?;
    if !close.is_empty() {
        eprintln!("noteseek: nothing found{}", error::did_you_mean(&close));
    }
    Ok(())
}

/// `--stdin`: one query per line, JSON lines out; the index is opened and the analyzer built once.
/// Every query gets at least one line: its hits, `"hits": 0`, or the `"error"` that made it
/// invalid.
fn search_batch(vault: &Vault, config: &SearchConfig) -> Result<Status> {
    let index = synced_index(vault)?;
    let snapshot = index.snapshot()?;
    let mut json = JsonPrinter::new(BufWriter::new(io::stdout().lock()), &vault.notes, true);
    let mut any = false;
    for line in io::stdin().lock().lines() {
        let line = line.context("reading queries from stdin")?;
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let results = query::parse(text)
            .and_then(|parsed| search::search(&snapshot, &parsed, &config.options));
        match results {
            Ok(results) if results.hits.is_empty() => json.no_hits(text),
            Ok(results) => {
                any = true;
                results.hits.iter().try_for_each(|hit| json.hit(text, hit))
            }
            Err(err) => json.error(text, &err.to_string()),
        }
        .context("writing to stdout")?;
    }
    json.into_inner().flush().context("writing to stdout")?;
    Ok(Status::of(any))
}

fn print<W: Write>(printer: &mut Printer<W>, query: &str, results: &Results) -> Result<()> {
    for hit in &results.hits {
        printer.hit(query, hit).context("writing to stdout")?;
    }
    Ok(())
}
