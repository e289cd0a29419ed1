//! `noteseek search`: one query from the arguments, or many from stdin (`--stdin`).

use std::io::{self, BufRead, BufWriter, Write};

use anyhow::{Context, Result};
use noteseek::error;
use noteseek::query;
use noteseek::search::{self, Answer, Notice, Results};

use super::{say_unknown_tag, synced_index, synced_index_trusting, warn, watched, Status};
use crate::args::{Output, SearchConfig, Vault};
use crate::cli::SearchArgs;
use crate::config::Settings;
use crate::printer::{JsonPrinter, Printer};

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
    let answer = answer(vault, text, options)?;
    match &answer.notice {
        Some(Notice::NoSearchableWords) => warn(format_args!(
            "`{text}` has no searchable words (only particles, endings or punctuation)"
        )),
        Some(Notice::Relaxed) if say_relaxed => {
            eprintln!("noteseek: no note has every word; showing notes with some of them")
        }
        Some(Notice::UnknownTag { tag, closest }) => say_unknown_tag(tag, closest),
        Some(Notice::NotInSection { section }) => eprintln!(
            "noteseek: no note's {section} section holds `{text}`; without -s, every section is searched"
        ),
        Some(Notice::CloseTitles(close)) => {
            eprintln!("noteseek: nothing found{}", error::did_you_mean(close))
        }
        Some(Notice::Relaxed) | None => {}
    }
    Ok(answer.results)
}

/// The answer to one query: from the watcher when one keeps the index current and answers,
/// else searched here.
fn answer(vault: &Vault, text: &str, options: &search::Options) -> Result<Answer> {
    let watched = watched(vault);
    #[cfg(unix)]
    if watched {
        use noteseek::watch::serve::{self, Reply};
        let request = serve::Request::new(text, options.clone());
        match serve::ask(&vault.index, &request) {
            Some(Reply::Answered(answer)) => return Ok(answer),
            Some(Reply::Failed(message)) => return Err(anyhow::anyhow!(message)),
            Some(Reply::Unavailable(_)) | None => {}
        }
    }
    // A query that cannot be parsed is an error before any index is built or updated.
    query::parse(text)?;
    let index = synced_index_trusting(vault, vault.trust_index || watched)?;
    Ok(search::answer(&index.snapshot()?, text, options)?)
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
