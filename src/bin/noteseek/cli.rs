//! The command-line interface: flags as typed data (clap derive). [`crate::config`] resolves
//! them with the environment and config files into settings; [`crate::args`] turns those into
//! configured objects.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

use crate::complete;

#[derive(Debug, Parser)]
#[command(
    name = "noteseek",
    version,
    about = "Search Korean exam notes (Markdown) by topic, section and term",
    long_about = "Search Korean exam notes (Markdown) by topic, section and term.\n\n\
        Exit status: 0 when something was found, 1 when nothing was, 2 on error."
)]
pub struct Cli {
    /// Folder of Markdown notes [default: notes, or `notes` in a config file].
    #[arg(long, global = true, env = "NOTESEEK_NOTES", value_name = "DIR")]
    pub notes: Option<PathBuf>,

    /// Folder of the search index [default: index/ beside notes/ in the current folder, else
    /// one per notes folder under $XDG_CACHE_HOME/noteseek].
    #[arg(long, global = true, env = "NOTESEEK_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    #[command(flatten)]
    pub walk: WalkArgs,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The flags of this process, and the matches that tell which were given. Bare `noteseek`
    /// (global flags only) is `noteseek pick` when stdin and stdout are terminals; in a pipe it
    /// is the usage error it always was.
    pub fn from_args() -> (Cli, ArgMatches) {
        let matches = match Cli::command().try_get_matches() {
            Ok(matches) => matches,
            Err(err)
                if matches!(
                    err.kind(),
                    ErrorKind::MissingSubcommand
                        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                ) && std::io::stdin().is_terminal()
                    && std::io::stdout().is_terminal() =>
            {
                Cli::command().get_matches_from(std::env::args_os().chain([OsString::from("pick")]))
            }
            Err(err) if err.kind() == ErrorKind::UnknownArgument => {
                if let Some(word) = std::env::args().skip(1).find(|a| is_excluded_word(a)) {
                    // clap names only `-작`, a short flag it does not know, and its tip would
                    // search for `-작`: say how to exclude the whole word.
                    eprintln!(
                        "noteseek: error: `{word}` is read as an option; to exclude `{}`, \
                         quote the query or put it after `--`: noteseek search -- '… {word}'",
                        &word[1..]
                    );
                    std::process::exit(2);
                }
                one_line(err)
            }
            Err(err) => one_line(err),
        };
        let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
        (cli, matches)
    }
}

/// Exits on a clap error: help and version as clap prints them, a usage error as one line
/// (`noteseek: error: …`, with clap's tip when it has one) and exit 2, as every other error.
fn one_line(err: clap::Error) -> ! {
    let usage_error = err.use_stderr()
        && !matches!(
            err.kind(),
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand
        );
    if !usage_error {
        err.exit()
    }
    let text = err.render().to_string();
    let mut line = String::from("noteseek:");
    let lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    for part in lines.take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more")) {
        match part.strip_prefix("tip: ") {
            Some(tip) => line.push_str(&format!("; {tip}")),
            // The arguments a "not provided" error lists on lines of their own.
            None => line.push_str(&format!(" {part}")),
        }
    }
    eprintln!("{line} (see --help)");
    std::process::exit(2)
}

/// A word a student meant to exclude from a search (`-작성`): a `-` before a letter no flag
/// starts with.
fn is_excluded_word(arg: &str) -> bool {
    arg.strip_prefix('-')
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c.is_alphabetic() && !c.is_ascii())
}

/// Which files of the notes folder are notes, as in ripgrep.
#[derive(Debug, Args)]
pub struct WalkArgs {
    /// Also index hidden files and folders (.obsidian, .trash and .git are skipped otherwise).
    #[arg(long, global = true)]
    pub hidden: bool,

    /// Index every Markdown file: ignore .gitignore, .ignore, .noteseekignore and the config
    /// file's ignore globs.
    #[arg(long, global = true)]
    pub no_ignore: bool,

    /// Follow symbolic links (loops are detected and skipped).
    #[arg(short = 'L', long, global = true)]
    pub follow: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index (only new and changed notes are analysed).
    Index(IndexArgs),
    /// Search the notes; the index is built or updated first when needed.
    Search(SearchArgs),
    /// Print a note, or one of its sections, as clean text.
    Show(ShowArgs),
    /// Keep the index up to date as notes are saved; searches then skip checking every note.
    Watch(WatchArgs),
    /// A note's links and backlinks; with --broken, every link that names no note.
    Links(LinksArgs),
    /// The topics to revise together with a note, ranked, each with its reasons.
    Related(RelatedArgs),
    /// Search as you type, with a preview; Enter opens the note in your editor.
    Pick(PickArgs),
    /// Open the best hit in your editor (NOTESEEK_EDITOR, config, VISUAL, EDITOR) at its line.
    Open(OpenArgs),
    /// List notes by title and path, all or those with a tag or under a folder.
    List(ListArgs),
    /// List the tags of the notes, with how many notes have each.
    Tags(CatalogArgs),
    /// List the section headings of the notes and the section each stands for.
    Sections(CatalogArgs),
    /// Print the effective settings and where each comes from.
    Config,
    /// Print a shell completion script: `source <(noteseek completions bash)`.
    Completions(CompletionsArgs),
    /// Print the man page (roff): `noteseek man | man -l -`.
    Man,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Quiet time, in milliseconds, that ends a burst of saves (one update per burst).
    #[arg(long, default_value_t = 50, value_name = "MS")]
    pub debounce: u64,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Start from an empty index instead of updating.
    #[arg(long)]
    pub rebuild: bool,

    /// Exit with status 2 when a note was skipped or damaged (warnings become errors).
    #[arg(long)]
    pub strict: bool,
}

/// For commands that read the index: whether to bring it up to date first.
#[derive(Debug, Args)]
pub struct FreshnessArgs {
    /// Use the index as it is, without first checking the notes for changes (the check stats
    /// every note). A missing index is still built.
    #[arg(long, env = "NOTESEEK_NO_UPDATE", value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::SetTrue)]
    pub no_update: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "quoted phrases", -excluded words, and field:word (정의:컨테이너, tag:필수, path:cloud).
    #[arg(required_unless_present_any = ["stdin", "tags"], value_name = "QUERY")]
    pub query: Vec<String>,

    /// Batch mode: read one query per line from stdin, write JSON lines (each with its query).
    #[arg(long, conflicts_with_all = ["query", "files", "vimgrep"])]
    pub stdin: bool,

    /// Match only in this section (정의, 키워드, 암기법, 특징, 구성요소, 구성도, 연관 토픽, or English names).
    #[arg(short, long, value_name = "NAME", add = ArgValueCompleter::new(complete::sections))]
    pub section: Option<String>,

    /// Only notes with this tag (or a tag nested under it); repeat to require several. Without
    /// words, lists the notes that have it.
    #[arg(short, long = "tag", value_name = "TAG", add = ArgValueCompleter::new(complete::tags))]
    pub tags: Vec<String>,

    /// Show at most this many notes [default: 10, or `limit` in a config file].
    #[arg(short = 'n', long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,

    /// One JSON object per hit and line.
    #[arg(long, conflicts_with_all = ["files", "vimgrep"])]
    pub json: bool,

    /// Print only the paths of matching notes, best first.
    #[arg(short = 'l', long = "files", conflicts_with = "vimgrep")]
    pub files: bool,

    /// With -l: end each path with a NUL byte instead of a newline (for `xargs -0`).
    #[arg(short = '0', long, requires = "files")]
    pub null: bool,

    /// One line per matched word, `path:line:column:text` (column in bytes, from 1), for
    /// editors' quickfix lists.
    #[arg(long)]
    pub vimgrep: bool,

    /// When to use colours [default: auto, or `color` in a config file].
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    #[command(flatten)]
    pub freshness: FreshnessArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The note: its title or an alias (a unique beginning is enough), another name it states
    /// (Kubernetes, ACID), or its path.
    #[arg(required = true, value_name = "TITLE", add = ArgValueCompleter::new(complete::titles))]
    pub title: Vec<String>,

    /// Print only this section.
    #[arg(short, long, value_name = "NAME", add = ArgValueCompleter::new(complete::sections))]
    pub section: Option<String>,

    /// Print the note as one JSON object: title, path, tags, aliases and sections.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub freshness: FreshnessArgs,
}

/// For commands that read the topic graph (`links`, `related`).
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The prefix a site serves its pages under (`/blog`): removed from site-absolute links
    /// (`/blog/docs/os/deadlock`) before they are resolved from the notes folder.
    #[arg(long, env = "NOTESEEK_BASE_URL", value_name = "PREFIX")]
    pub base_url: Option<String>,

    /// One JSON object per line.
    #[arg(long)]
    pub json: bool,

    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(flatten)]
    pub freshness: FreshnessArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only notes whose path starts with this (a folder: `cloud`, `notes/cloud`).
    #[arg(value_name = "PATH-PREFIX")]
    pub prefix: Option<String>,

    /// Only notes with this tag (or a tag nested under it); repeat to require several.
    #[arg(short, long = "tag", value_name = "TAG", add = ArgValueCompleter::new(complete::tags))]
    pub tags: Vec<String>,

    #[command(flatten)]
    pub catalog: CatalogArgs,
}

/// Options shared by the listing commands.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// One JSON object per line.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub freshness: FreshnessArgs,
}

#[derive(Debug, Args)]
pub struct PickArgs {
    /// Words to start with; the query line stays editable.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// What Ctrl-O prints: {path}, {line}, {title}, {section}, and {qpath} (the path quoted for a
    /// shell). `vim $(noteseek pick --print '+{line} {path}')` opens the chosen note.
    #[arg(long, default_value = "{path}:{line}", value_name = "TEMPLATE")]
    pub print: String,

    #[command(flatten)]
    pub freshness: FreshnessArgs,
}

#[derive(Debug, Args)]
pub struct LinksArgs {
    /// The note's title or alias; a unique beginning is enough.
    #[arg(
        required_unless_present = "broken",
        conflicts_with = "broken",
        value_name = "TITLE",
        add = ArgValueCompleter::new(complete::titles)
    )]
    pub title: Vec<String>,

    /// List every link in the notes that names no note, as path:line.
    #[arg(long)]
    pub broken: bool,

    #[command(flatten)]
    pub graph: GraphArgs,
}

#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// The note's title or alias; a unique beginning is enough.
    #[arg(required = true, value_name = "TITLE", add = ArgValueCompleter::new(complete::titles))]
    pub title: Vec<String>,

    /// Show at most this many notes.
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,

    #[command(flatten)]
    pub graph: GraphArgs,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Words, "quoted phrases", -excluded words, and field:word, as for `search`.
    #[arg(required_unless_present = "tags", value_name = "QUERY")]
    pub query: Vec<String>,

    /// Match only in this section (정의, 키워드, 암기법, 특징, 구성요소, 구성도, 연관 토픽, or English names).
    #[arg(short, long, value_name = "NAME", add = ArgValueCompleter::new(complete::sections))]
    pub section: Option<String>,

    /// Only notes with this tag (or a tag nested under it); repeat to require several.
    #[arg(short, long = "tag", value_name = "TAG", add = ArgValueCompleter::new(complete::tags))]
    pub tags: Vec<String>,

    /// Print the editor command instead of running it.
    #[arg(long)]
    pub print: bool,

    #[command(flatten)]
    pub freshness: FreshnessArgs,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}
