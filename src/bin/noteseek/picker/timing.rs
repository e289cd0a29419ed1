//! The per-keystroke timing log, behind `NOTESEEK_PICK_TIMING=FILE`: for each query the keys
//! made, the time from the key to the redrawn list, and the search's share of it. Speed is
//! measured with it (`scripts/pick-timing.sh`), never asserted in a test.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

/// The variable that names the log file.
pub const TIMING_VARIABLE: &str = "NOTESEEK_PICK_TIMING";

/// The log, when asked for. Lines are tab-separated: milliseconds from the key to the redrawn
/// list, milliseconds the search took, hits shown, and the query; a query whose answer was
/// overtaken by the next key is logged as `superseded`.
pub struct Timing {
    file: Option<File>,
    /// Searches asked for and not yet on screen: id, when the key came, the query.
    typed: Vec<(u64, Instant, String)>,
    /// The answer that reached the state since the last draw: id, search time, hits.
    arrived: Option<(u64, Duration, usize)>,
}

impl Timing {
    pub fn from_env() -> Result<Timing> {
        let file = match std::env::var_os(TIMING_VARIABLE) {
            Some(path) if !path.is_empty() => {
                let path = PathBuf::from(path);
                let file = OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .with_context(|| format!("opening {} ({TIMING_VARIABLE})", path.display()))?;
                Some(file)
            }
            _ => None,
        };
        Ok(Timing {
            file,
            typed: Vec::new(),
            arrived: None,
        })
    }

    /// A key at `at` asked for search `id` of `query`.
    pub fn typed(&mut self, id: u64, at: Instant, query: &str) {
        if self.file.is_some() {
            self.typed.push((id, at, query.to_string()));
        }
    }

    /// The answer to search `id` is in the state.
    pub fn arrived(&mut self, id: u64, searched: Duration, hits: usize) {
        self.arrived = Some((id, searched, hits));
    }

    /// The screen was just drawn: log the answer it shows, and the queries it overtook.
    pub fn drawn(&mut self) -> Result<()> {
        let (Some(file), Some((id, searched, hits))) = (&mut self.file, self.arrived.take()) else {
            return Ok(());
        };
        let now = Instant::now();
        let mut lines = String::new();
        for (typed_id, at, query) in self.typed.iter().filter(|t| t.0 <= id) {
            if *typed_id == id {
                let total = now.duration_since(*at).as_secs_f64() * 1000.0;
                let search = searched.as_secs_f64() * 1000.0;
                lines.push_str(&format!("{total:.3}\t{search:.3}\t{hits}\t{query}\n"));
            } else {
                lines.push_str(&format!("superseded\t\t\t{query}\n"));
            }
        }
        self.typed.retain(|t| t.0 > id);
        file.write_all(lines.as_bytes())
            .context("writing the timing log")
    }
}
