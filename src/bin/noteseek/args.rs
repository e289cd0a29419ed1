//! Flags turned into configured objects, in one place (as ripgrep's `HiArgs`): where the notes
//! and index are, what a search asks for, and which printer writes it.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use std::sync::Arc;

use noteseek::bridge::Bridge;
use noteseek::search;
use noteseek::section::SectionRef;

use crate::cli::{Cli, ColorChoice, FreshnessArgs, SearchArgs};
use crate::printer::{FilesPrinter, HumanPrinter, JsonPrinter, Printer};

/// Where a command finds the notes and their index, and whether to check the index first.
#[derive(Clone, Debug)]
pub struct Vault {
    pub notes: PathBuf,
    pub index: PathBuf,
    /// Use the index as it is (`--no-update`).
    pub trust_index: bool,
}

/// The user's own groups of other names, in the notes folder (same form as the shipped
/// `src/data/aliases.tsv`, or names separated by ` | `).
pub const USER_ALIASES: &str = ".noteseek/aliases.tsv";

impl Vault {
    pub fn new(cli: &Cli, freshness: Option<&FreshnessArgs>) -> Vault {
        Vault {
            notes: cli.notes.clone(),
            index: cli.index.clone(),
            trust_index: freshness.is_some_and(|f| f.no_update),
        }
    }

    /// The shipped tables of other names with the vault's own alias file merged in, when it
    /// has one.
    pub fn bridge(&self) -> anyhow::Result<Option<Arc<Bridge>>> {
        let path = self.notes.join(USER_ALIASES);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(Arc::new(Bridge::shipped().with_user_groups(&text)))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(anyhow::Error::new(e).context(format!("reading {}", path.display()))),
        }
    }
}

impl Vault {
    /// How to search this vault: at most `limit` hits, in the section and with the tags asked for.
    pub fn search_options(
        &self,
        limit: usize,
        section: Option<&str>,
        tags: &[String],
    ) -> anyhow::Result<search::Options> {
        Ok(search::Options {
            limit,
            section: section.map(SectionRef::named),
            tags: tags.to_vec(),
            bridge: self.bridge()?,
        })
    }
}

/// What `search` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// Ranked titles, `path:line`, section and snippet.
    Human { color: bool },
    /// One JSON object per hit.
    Json,
    /// Paths only (`-l`).
    Files,
}

/// A search as the flags ask for it.
#[derive(Clone, Debug)]
pub struct SearchConfig {
    /// The words of all arguments, as one query.
    pub text: String,
    /// Queries come from stdin, one per line (`--stdin`).
    pub batch: bool,
    pub options: search::Options,
    pub output: Output,
}

impl SearchConfig {
    pub fn new(args: &SearchArgs, vault: &Vault) -> anyhow::Result<SearchConfig> {
        let output = if args.stdin || args.json {
            Output::Json
        } else if args.files {
            Output::Files
        } else {
            Output::Human {
                color: color_enabled(args.color),
            }
        };
        Ok(SearchConfig {
            text: args.query.join(" "),
            batch: args.stdin,
            options: vault.search_options(
                args.limit as usize,
                args.section.as_deref(),
                &args.tags,
            )?,
            output,
        })
    }

    /// The printer for this search's output, writing to `out` under the notes folder `notes`.
    pub fn printer<W: Write>(&self, out: W, vault: &Vault) -> Printer<W> {
        match self.output {
            Output::Human { color } => Printer::Human(HumanPrinter::new(out, &vault.notes, color)),
            Output::Json => Printer::Json(JsonPrinter::new(out, &vault.notes, self.batch)),
            Output::Files => Printer::Files(FilesPrinter::new(out, &vault.notes)),
        }
    }
}

/// Whether to colour output written to stdout.
pub fn color_enabled(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}
