//! The command-line interface: flags as typed data (clap derive). [`crate::args`] turns them
//! into configured objects.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "noteseek",
    version,
    about = "Search Korean exam notes (Markdown) by topic, section and term",
    long_about = "Search Korean exam notes (Markdown) by topic, section and term.\n\n\
        Exit status: 0 when something was found, 1 when nothing was, 2 on error."
)]
pub struct Cli {
    /// Folder of Markdown notes.
    #[arg(
        long,
        global = true,
        env = "NOTESEEK_NOTES",
        default_value = "notes",
        value_name = "DIR"
    )]
    pub notes: PathBuf,

    /// Folder of the search index.
    #[arg(
        long,
        global = true,
        env = "NOTESEEK_INDEX",
        default_value = "index",
        value_name = "DIR"
    )]
    pub index: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The flags of this process. Bare `noteseek` (global flags only) is `noteseek pick` when
    /// stdin and stdout are terminals; in a pipe it is the usage error it always was.
    pub fn from_args() -> Cli {
        match Cli::try_parse() {
            Ok(cli) => cli,
            Err(err)
                if matches!(
                    err.kind(),
                    ErrorKind::MissingSubcommand
                        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                ) && std::io::stdin().is_terminal()
                    && std::io::stdout().is_terminal() =>
            {
                Cli::parse_from(std::env::args_os().chain([OsString::from("pick")]))
            }
            Err(err) => err.exit(),
        }
    }
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
    /// Open the best hit in $VISUAL or $EDITOR at the matched line.
    Open(OpenArgs),
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
    /// every note: ~2.5 ms per 1,000 notes). A missing index is still built.
    #[arg(long, env = "NOTESEEK_NO_UPDATE", value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::SetTrue)]
    pub no_update: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "quoted phrases", -excluded words, and field:word (정의:컨테이너, tag:필수, path:cloud).
    #[arg(required_unless_present_any = ["stdin", "tags"], value_name = "QUERY")]
    pub query: Vec<String>,

    /// Batch mode: read one query per line from stdin, write JSON lines (each with its query).
    #[arg(long, conflicts_with_all = ["query", "files"])]
    pub stdin: bool,

    /// Match only in this section (정의, 키워드, 암기법, 특징, 구성요소, 구성도, 연관 토픽, or English names).
    #[arg(short, long, value_name = "NAME")]
    pub section: Option<String>,

    /// Only notes with this tag (or a tag nested under it); repeat to require several. Without
    /// words, lists the notes that have it.
    #[arg(short, long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Show at most this many notes.
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,

    /// One JSON object per hit and line.
    #[arg(long, conflicts_with = "files")]
    pub json: bool,

    /// Print only the paths of matching notes, best first.
    #[arg(short = 'l', long = "files")]
    pub files: bool,

    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(flatten)]
    pub freshness: FreshnessArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The note's title (file name without .md) or alias; a unique beginning is enough.
    #[arg(required = true, value_name = "TITLE")]
    pub title: Vec<String>,

    /// Print only this section.
    #[arg(short, long, value_name = "NAME")]
    pub section: Option<String>,

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
        value_name = "TITLE"
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
    #[arg(required = true, value_name = "TITLE")]
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
    #[arg(short, long, value_name = "NAME")]
    pub section: Option<String>,

    /// Only notes with this tag (or a tag nested under it); repeat to require several.
    #[arg(short, long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Print the editor command instead of running it.
    #[arg(long)]
    pub print: bool,

    #[command(flatten)]
    pub freshness: FreshnessArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}
