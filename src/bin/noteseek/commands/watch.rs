//! `noteseek watch`: keep the index up to date as notes are saved, until Ctrl-C or SIGTERM.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use noteseek::index::build::Summary;
use noteseek::watch::{self, Event};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use super::{report_warnings, Status};
use crate::args::Vault;
use crate::cli::WatchArgs;

pub fn watch_notes(vault: &Vault, args: &WatchArgs) -> Result<Status> {
    let stop = Arc::new(AtomicBool::new(false));
    // SIGINT, SIGTERM and SIGHUP end the watch after the update under way is committed.
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("installing the signal handler")?;
    }
    let options = watch::Options {
        notes_dir: &vault.notes,
        index_dir: &vault.index,
        debounce: Duration::from_millis(args.debounce),
        walk: &vault.walk,
        titles: vault.titles,
    };
    watch::run(&options, &stop, &log)?;
    eprintln!("noteseek: stopped watching; the index is committed");
    Ok(Status::Found)
}

/// One line on stderr per update.
fn log(event: Event) {
    match event {
        Event::Started(summary) => {
            report_warnings(&summary);
            eprintln!(
                "noteseek: watching {} notes{}; searches skip checking them (Ctrl-C stops)",
                summary.notes,
                changes(&summary)
            );
        }
        Event::Updated(summary) => {
            if summary.changed() {
                report_warnings(&summary);
                eprintln!("noteseek: updated{}", changes(&summary));
            }
        }
        Event::Rescanned(why, summary) => {
            report_warnings(&summary);
            eprintln!("noteseek: rescanned ({why}){}", changes(&summary));
        }
        Event::Waiting(why) => eprintln!("noteseek: {why}; waiting for it"),
        Event::Failed(why) => {
            eprintln!("noteseek: warning: update failed ({why}); trying again on the next change")
        }
        Event::NotServing(why) => eprintln!(
            "noteseek: warning: cannot answer searches ({why}); they will read the index themselves"
        ),
    }
}

fn changes(summary: &Summary) -> String {
    if !summary.changed() {
        return String::new();
    }
    format!(
        ": {} in {:.0} ms",
        summary.counts(),
        summary.elapsed.as_secs_f64() * 1000.0
    )
}
