//! `noteseek index`: build or update the index and say what changed.

use anyhow::Result;
use noteseek::index::build;
use noteseek::watch::{self, Health};
use noteseek::Error;

use super::{mode, report_warnings, say_waiting, Status, INDEX_LOCK_TIMEOUT};
use crate::args::Vault;
use crate::cli::IndexArgs;

pub fn update_index(vault: &Vault, args: &IndexArgs) -> Result<Status> {
    if !args.rebuild {
        if let Health::Healthy(token) = watch::health(&vault.index, &vault.notes, &vault.walk) {
            eprintln!(
                "noteseek: a watcher (pid {}) keeps this index up to date; nothing to do",
                token.pid
            );
            return Ok(Status::Found);
        }
    }
    let (_, summary) = build::update(&build::Options {
        mode: mode(args.rebuild),
        progress: true,
        lock_timeout: INDEX_LOCK_TIMEOUT,
        recheck_skipped: true,
        on_lock_wait: &say_waiting,
        ..vault.build_options()
    })?;
    report_warnings(&summary);
    let warned = if summary.warnings.is_empty() {
        String::new()
    } else {
        format!(", {} warnings", summary.warnings.len())
    };
    eprintln!(
        "indexed {} notes in {:.2} s: {}, {} sections analysed{}",
        summary.notes,
        summary.elapsed.as_secs_f64(),
        summary.counts(),
        summary.sections,
        warned
    );
    if args.strict && !summary.warnings.is_empty() {
        return Err(Error::Strict {
            warnings: summary.warnings.len(),
        }
        .into());
    }
    Ok(Status::Found)
}
