//! Settings turned into configured objects, in one place (as ripgrep's `HiArgs`): where the
//! notes and index are, what a search asks for, and which printer writes it.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use noteseek::bridge::Bridge;
use noteseek::editor::Editor;
use noteseek::index::build;
use noteseek::index::Snapshot;
use noteseek::note::TitleSource;
use noteseek::notes_folder::WalkOptions;
use noteseek::section::SectionRef;
use noteseek::{search, titles, Error};

use crate::cli::{ColorChoice, FreshnessArgs, SearchArgs};
use crate::config::Settings;
use crate::printer::{FilesPrinter, HumanPrinter, JsonPrinter, Printer, VimgrepPrinter};
use crate::wrap;

/// Where a command finds the notes and their index, which files are notes, and whether to
/// check the index first.
#[derive(Clone, Debug)]
pub struct Vault {
    pub notes: PathBuf,
    pub index: PathBuf,
    /// Use the index as it is (`--no-update`).
    pub trust_index: bool,
    pub walk: WalkOptions,
    pub titles: TitleSource,
    /// Alias files named by a config file, besides the notes folder's own.
    pub alias_files: Vec<PathBuf>,
    /// The editor to open notes in, when one is set (see [`crate::config::editor`]).
    pub editor: Option<Editor>,
}

/// The user's own groups of other names, in the notes folder (same form as the shipped
/// `src/data/aliases.tsv`, or names separated by ` | `).
pub const USER_ALIASES: &str = ".noteseek/aliases.tsv";

impl Vault {
    pub fn new(settings: &Settings, freshness: Option<&FreshnessArgs>) -> Vault {
        Vault {
            notes: settings.notes.value.clone(),
            index: settings.index.value.clone(),
            trust_index: freshness.is_some_and(|f| f.no_update),
            walk: settings.walk(),
            titles: settings.title_source.value,
            alias_files: settings.alias_files.value.clone(),
            editor: settings.editor.as_ref().map(|e| Editor {
                command: e.value.clone(),
                source: e.origin.to_string(),
            }),
        }
    }

    /// The editor to open notes in, or the error that says how to set one.
    pub fn editor(&self) -> noteseek::Result<Editor> {
        self.editor.clone().ok_or(Error::NoEditor)
    }

    /// An update of this vault's index, as the settings ask for it.
    pub fn build_options(&self) -> build::Options<'_> {
        build::Options {
            walk: &self.walk,
            titles: self.titles,
            ..build::Options::new(&self.notes, &self.index)
        }
    }

    /// The shipped tables of other names with the vault's own alias file and the configured
    /// ones merged in, when there are any.
    pub fn bridge(&self) -> anyhow::Result<Option<Arc<Bridge>>> {
        let own = self.notes.join(USER_ALIASES);
        let mut groups = match std::fs::read_to_string(&own) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && self.alias_files.is_empty() => {
                return Ok(None)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!("reading {}", own.display())))
            }
        };
        for path in &self.alias_files {
            // A file the config names must be there.
            let text = std::fs::read_to_string(path).map_err(|e| {
                anyhow::Error::new(e).context(format!("reading alias file {}", path.display()))
            })?;
            groups.push('\n');
            groups.push_str(&text);
        }
        Ok(Some(Arc::new(Bridge::shipped().with_user_groups(&groups))))
    }

    /// A note's path as printed (`notes/cloud/도커(Docker).md`), relative to the notes folder.
    pub fn display_path(&self, rel_path: &str) -> PathBuf {
        self.notes.join(rel_path)
    }

    /// What the user named, as a path inside the notes folder when it is one: as printed
    /// (`notes/cloud/x.md`), or absolute; otherwise unchanged.
    pub fn relative_path(&self, named: &str) -> String {
        let path = Path::new(named);
        let inside = match path.strip_prefix(&self.notes) {
            Ok(rel) => Some(rel.to_path_buf()),
            // Another spelling of the folder (absolute, through a link): compare real paths.
            Err(_) => match (self.notes.canonicalize(), path.canonicalize()) {
                (Ok(notes), Ok(full)) => full.strip_prefix(notes).ok().map(Path::to_path_buf),
                _ => None,
            },
        };
        match inside {
            Some(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().into_owned(),
            _ => named.to_string(),
        }
    }

    /// The note a user names by title, alias, other name or path, by its relative path.
    /// Several notes answering to the name is an error listing their paths.
    pub fn resolve_note(&self, snapshot: &Snapshot, named: &str) -> noteseek::Result<String> {
        let mut paths = titles::resolve(snapshot, &self.relative_path(named))?;
        if paths.len() > 1 {
            return Err(Error::AmbiguousTitle {
                title: named.to_string(),
                paths: paths
                    .iter()
                    .map(|p| self.display_path(p).to_string_lossy().into_owned())
                    .collect(),
            });
        }
        Ok(paths.remove(0))
    }

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
    /// Ranked titles, `path:line`, section and snippet; wrapped to `width` on a terminal.
    Human { color: bool, width: Option<usize> },
    /// One JSON object per hit.
    Json,
    /// Paths only (`-l`), each ended by a newline or, with `-0`, a NUL byte.
    Files { null: bool },
    /// `path:line:column:text` per matched word (`--vimgrep`).
    Vimgrep,
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
    pub fn new(
        args: &SearchArgs,
        vault: &Vault,
        settings: &Settings,
    ) -> anyhow::Result<SearchConfig> {
        let output = if args.stdin || args.json {
            Output::Json
        } else if args.files {
            Output::Files { null: args.null }
        } else if args.vimgrep {
            Output::Vimgrep
        } else {
            Output::Human {
                color: color_enabled(settings.color.value),
                width: wrap::terminal_width(),
            }
        };
        Ok(SearchConfig {
            text: args.query.join(" "),
            batch: args.stdin,
            options: vault.search_options(
                settings.limit.value as usize,
                args.section.as_deref(),
                &args.tags,
            )?,
            output,
        })
    }

    /// The printer for this search's output, writing to `out` under the notes folder.
    pub fn printer<W: Write>(&self, out: W, vault: &Vault) -> Printer<W> {
        match self.output {
            Output::Human { color, width } => {
                Printer::Human(HumanPrinter::new(out, &vault.notes, color).wrap(width))
            }
            Output::Json => Printer::Json(JsonPrinter::new(out, &vault.notes, self.batch)),
            Output::Files { null } => Printer::Files(FilesPrinter::new(out, &vault.notes, null)),
            Output::Vimgrep => Printer::Vimgrep(VimgrepPrinter::new(out, &vault.notes)),
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
