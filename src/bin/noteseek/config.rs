//! Settings, each from a flag, the environment, a config file or a default, in that order, and
//! where it came from (`noteseek config` prints both).
//!
//! Config files, most specific first: `.noteseek.toml` in the current folder, else in the notes
//! folder; then `$XDG_CONFIG_HOME/noteseek/config.toml`. A key in a more specific file replaces
//! the same key in a less specific one. Relative paths in a file are relative to its folder.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use clap::parser::ValueSource;
use clap::{ArgMatches, ValueEnum};
use etcetera::BaseStrategy;
use serde::Deserialize;
use toml::Spanned;

use noteseek::note::TitleSource;
use noteseek::notes_folder::{self, WalkOptions};

use crate::cli::ColorChoice;

/// The config file of a project or a notes folder.
pub const LOCAL_CONFIG: &str = ".noteseek.toml";

/// Where a setting's value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag (`--notes`).
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// A key of a config file, at a line.
    File { path: PathBuf, line: usize },
    /// noteseek's default, and why it is this one where it depends on the place.
    Default(Option<&'static str>),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(flag) => write!(f, "{flag}"),
            Origin::Env(var) => write!(f, "${var}"),
            Origin::File { path, line } => write!(f, "{}:{line}", path.display()),
            Origin::Default(None) => f.write_str("default"),
            Origin::Default(Some(why)) => write!(f, "default: {why}"),
        }
    }
}

/// A value and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Setting<T> {
    fn new(value: T, origin: Origin) -> Setting<T> {
        Setting { value, origin }
    }

    fn default(value: T) -> Setting<T> {
        Setting::new(value, Origin::Default(None))
    }
}

/// Everything a command is configured with.
#[derive(Clone, Debug)]
pub struct Settings {
    pub notes: Setting<PathBuf>,
    pub index: Setting<PathBuf>,
    /// Globs of files that are not notes (`.gitignore` syntax, relative to the notes folder).
    pub ignore: Setting<Vec<String>>,
    pub limit: Setting<u32>,
    pub color: Setting<ColorChoice>,
    /// See [`editor`].
    pub editor: Option<Setting<String>>,
    pub title_source: Setting<TitleSource>,
    /// Alias files besides the notes folder's own `.noteseek/aliases.tsv`.
    pub alias_files: Setting<Vec<PathBuf>>,
    /// `--hidden`, `--no-ignore`, `-L`: flags only.
    pub hidden: bool,
    pub no_ignore: bool,
    pub follow: bool,
    /// The config files looked for, most specific first, and whether each was read.
    pub files: Vec<(PathBuf, bool)>,
}

impl Settings {
    /// Which files of the notes folder are notes.
    pub fn walk(&self) -> WalkOptions {
        WalkOptions {
            hidden: self.hidden,
            no_ignore: self.no_ignore,
            follow_links: self.follow,
            ignore_globs: self.ignore.value.clone(),
        }
    }
}

/// The editor to open notes in, in git's order: `$NOTESEEK_EDITOR`, the config file's `editor`,
/// `$VISUAL`, `$EDITOR`. `None` when none is set. The command may carry arguments
/// (`code --wait`).
pub fn editor(settings: &Settings) -> Option<String> {
    settings.editor.as_ref().map(|e| e.value.clone())
}

/// What the command line gives, before the environment and config files are consulted.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    pub notes: Option<Setting<PathBuf>>,
    pub index: Option<Setting<PathBuf>>,
    pub limit: Option<u32>,
    pub color: Option<ColorChoice>,
    pub hidden: bool,
    pub no_ignore: bool,
    pub follow: bool,
}

impl Flags {
    /// The flags of parsed (or, for completion, partly parsed) arguments.
    pub fn from_matches(matches: &ArgMatches) -> Flags {
        // Global flags may stand before or after the subcommand: look in both.
        let levels: Vec<&ArgMatches> = std::iter::once(matches)
            .chain(matches.subcommand().map(|(_, sub)| sub))
            .collect();
        let path = |id: &str, flag: &'static str, var: &'static str| {
            levels.iter().rev().find_map(|m| {
                let value = m.try_get_one::<PathBuf>(id).ok().flatten()?;
                let origin = match m.value_source(id) {
                    Some(ValueSource::EnvVariable) => Origin::Env(var),
                    _ => Origin::Flag(flag),
                };
                Some(Setting::new(value.clone(), origin))
            })
        };
        let flag = |id: &str| {
            levels
                .iter()
                .any(|m| m.try_get_one::<bool>(id).ok().flatten() == Some(&true))
        };
        Flags {
            notes: path("notes", "--notes", "NOTESEEK_NOTES"),
            index: path("index", "--index", "NOTESEEK_INDEX"),
            limit: levels
                .iter()
                .find_map(|m| m.try_get_one::<u32>("limit").ok().flatten().copied()),
            color: levels.iter().find_map(|m| {
                m.try_get_one::<ColorChoice>("color")
                    .ok()
                    .flatten()
                    .copied()
            }),
            hidden: flag("hidden"),
            no_ignore: flag("no_ignore"),
            follow: flag("follow"),
        }
    }
}

/// The settings for `flags`, from the current folder's point of view.
pub fn resolve(flags: &Flags) -> Result<Settings> {
    let cwd = std::env::current_dir().context("finding the current folder")?;
    let local_path = cwd.join(LOCAL_CONFIG);
    let local = ConfigFile::load(&local_path)?;
    let user_path = user_config_path();
    let user = match &user_path {
        Some(path) => ConfigFile::load(path)?,
        None => None,
    };

    let notes = flags
        .notes
        .clone()
        .map(Ok)
        .or_else(|| local.as_ref().and_then(|c| c.path(&c.values.notes)))
        .or_else(|| user.as_ref().and_then(|c| c.path(&c.values.notes)))
        .transpose()?
        .unwrap_or_else(|| Setting::default(PathBuf::from("notes")));

    // Without one in the current folder, the notes folder's own config file counts.
    let mut files = vec![(local_path, local.is_some())];
    let project = match local {
        Some(local) => Some(local),
        // The notes folder is the current folder: its file was looked for already.
        None if same_folder(&cwd, &notes.value) => None,
        None => {
            let path = notes.value.join(LOCAL_CONFIG);
            let vault = ConfigFile::load(&path)?;
            if let Some(file) = &vault {
                if let Some(key) = &file.values.notes {
                    return Err(file.error(
                        key.span(),
                        "notes",
                        "cannot be set in the notes folder's own config file",
                    ));
                }
            }
            files.push((path, vault.is_some()));
            vault
        }
    };
    if let Some(path) = user_path {
        files.push((path, user.is_some()));
    }
    // Most specific first: the first file that sets a key gives it.
    let layers: Vec<&ConfigFile> = project.iter().chain(user.iter()).collect();

    let index = match flags.index.clone() {
        Some(index) => index,
        None => match layers.iter().find_map(|c| c.path(&c.values.index)) {
            Some(index) => index?,
            None => default_index(&cwd, &notes.value)?,
        },
    };
    let ignore = layers
        .iter()
        .find_map(|c| c.ignore())
        .transpose()?
        .unwrap_or_else(|| Setting::default(Vec::new()));
    let limit = match flags.limit {
        Some(limit) => Setting::new(limit, Origin::Flag("--limit")),
        None => layers
            .iter()
            .find_map(|c| c.limit())
            .transpose()?
            .unwrap_or_else(|| Setting::default(10)),
    };
    let color = match flags.color {
        Some(color) => Setting::new(color, Origin::Flag("--color")),
        None => layers
            .iter()
            .find_map(|c| c.color())
            .transpose()?
            .unwrap_or_else(|| Setting::default(ColorChoice::Auto)),
    };
    let title_source = layers
        .iter()
        .find_map(|c| c.title_source())
        .transpose()?
        .unwrap_or_else(|| Setting::default(TitleSource::FrontMatter));
    let alias_files = layers
        .iter()
        .find_map(|c| c.alias_files())
        .transpose()?
        .unwrap_or_else(|| Setting::default(Vec::new()));
    let config_editor = layers.iter().find_map(|c| c.editor());
    Ok(Settings {
        notes,
        index,
        ignore,
        limit,
        color,
        editor: resolve_editor(config_editor, |var| std::env::var(var).ok()),
        title_source,
        alias_files,
        hidden: flags.hidden,
        no_ignore: flags.no_ignore,
        follow: flags.follow,
        files,
    })
}

/// git's order for the editor: its own variable, the config file, `$VISUAL`, `$EDITOR`.
fn resolve_editor(
    config: Option<Setting<String>>,
    env: impl Fn(&str) -> Option<String>,
) -> Option<Setting<String>> {
    let from_env = |var: &'static str| {
        env(var)
            .filter(|v| !v.trim().is_empty())
            .map(|v| Setting::new(v, Origin::Env(var)))
    };
    from_env("NOTESEEK_EDITOR")
        .or(config)
        .or_else(|| from_env("VISUAL"))
        .or_else(|| from_env("EDITOR"))
}

/// `$XDG_CONFIG_HOME/noteseek/config.toml` (`~/.config/…` when the variable is not set).
pub fn user_config_path() -> Option<PathBuf> {
    let xdg = etcetera::base_strategy::Xdg::new().ok()?;
    Some(xdg.config_dir().join("noteseek").join("config.toml"))
}

/// Where the index lives when nothing says: beside `notes/` when that is the notes folder of
/// the current folder (a project that holds its notes), else one folder per notes folder in the
/// cache, so that every command finds the same index from anywhere.
fn default_index(cwd: &Path, notes: &Path) -> Result<Setting<PathBuf>> {
    if same_folder(&cwd.join(notes), &cwd.join("notes")) {
        return Ok(Setting::new(
            PathBuf::from("index"),
            Origin::Default(Some("beside notes/ in the current folder")),
        ));
    }
    let xdg = etcetera::base_strategy::Xdg::new().map_err(|e| {
        anyhow!("no folder for the index: {e}; set --index, NOTESEEK_INDEX or XDG_CACHE_HOME")
    })?;
    let vault = cwd.join(notes);
    let vault = vault.canonicalize().unwrap_or(vault);
    Ok(Setting::new(
        xdg.cache_dir().join("noteseek").join(cache_name(&vault)),
        Origin::Default(Some("one index per notes folder, in the cache")),
    ))
}

/// Whether two paths name the same existing folder.
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The cache folder's name for a notes folder: its name, for people, and a hash of its whole
/// path, so that two folders of the same name never share an index.
fn cache_name(vault: &Path) -> String {
    use std::hash::Hasher;
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(vault.as_os_str().as_encoded_bytes());
    let name: String = vault
        .file_name()
        .map(|n| n.to_string_lossy().chars().take(40).collect())
        .unwrap_or_else(|| "root".to_string());
    format!("{name}-{:016x}", hasher.finish())
}

/// `path` with `..` taken out where a name before it can go (`/a/b/../c` → `/a/c`), so that
/// paths printed under a config file's folder read as the user means them. Links are not
/// resolved: the path still names what the user wrote.
fn without_dot_dots(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The keys of a config file, each with the place it stands in the file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Values {
    notes: Option<Spanned<String>>,
    index: Option<Spanned<String>>,
    ignore: Option<Spanned<Vec<String>>>,
    limit: Option<Spanned<i64>>,
    color: Option<Spanned<String>>,
    editor: Option<Spanned<String>>,
    title_source: Option<Spanned<String>>,
    alias_files: Option<Spanned<Vec<String>>>,
}

/// The keys, for the message about an unknown one.
const KEYS: &str = "notes, index, ignore, limit, color, editor, title_source, alias_files";

/// A config file that was read.
struct ConfigFile {
    path: PathBuf,
    text: String,
    values: Values,
}

impl ConfigFile {
    /// Reads and checks the file at `path`; `None` when there is none.
    fn load(path: &Path) -> Result<Option<ConfigFile>> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!("reading {}", path.display())))
            }
        };
        let mut file = ConfigFile {
            path: path.to_path_buf(),
            text,
            values: Values::default(),
        };
        match toml::from_str::<Values>(&file.text) {
            Ok(values) => file.values = values,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let message = e.message().trim();
                return Err(
                    match message
                        .strip_prefix("unknown field `")
                        .and_then(|m| m.split('`').next())
                    {
                        Some(key) => {
                            file.error(span, key, &format!("unknown key; keys are {KEYS}"))
                        }
                        None => {
                            let key = file.key_at(span.start);
                            file.error(span, &key, message)
                        }
                    },
                );
            }
        }
        Ok(Some(file))
    }

    /// `path:line: key `key`: message`, one line.
    fn error(&self, span: std::ops::Range<usize>, key: &str, message: &str) -> anyhow::Error {
        let line = self.line_of(span.start);
        let key = if key.is_empty() {
            String::new()
        } else {
            format!("`{key}` ")
        };
        anyhow!("{}:{line}: {key}{message}", self.path.display())
    }

    fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }

    /// The key written on the line holding `offset` (`limit` in `limit = "ten"`).
    fn key_at(&self, offset: usize) -> String {
        let start = self.text[..offset.min(self.text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line = self.text[start..].lines().next().unwrap_or_default();
        match line.split_once('=') {
            Some((key, _)) => key.trim().trim_matches('"').to_string(),
            None => String::new(),
        }
    }

    fn origin<T>(&self, value: &Spanned<T>) -> Origin {
        Origin::File {
            path: self.path.clone(),
            line: self.line_of(value.span().start),
        }
    }

    /// A path written in the file: `~/` is the home folder, a relative one is relative to the
    /// file's folder.
    fn resolve_path(&self, written: &str) -> PathBuf {
        if let Some(rest) = written.strip_prefix("~/") {
            if let Ok(home) = etcetera::home_dir() {
                return home.join(rest);
            }
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        without_dot_dots(&dir.join(written))
    }

    fn path(&self, value: &Option<Spanned<String>>) -> Option<Result<Setting<PathBuf>>> {
        let value = value.as_ref()?;
        Some(if value.get_ref().trim().is_empty() {
            Err(self.error(value.span(), &self.key_at(value.span().start), "is empty"))
        } else {
            Ok(Setting::new(
                self.resolve_path(value.get_ref()),
                self.origin(value),
            ))
        })
    }

    fn ignore(&self) -> Option<Result<Setting<Vec<String>>>> {
        let globs = self.values.ignore.as_ref()?;
        for glob in globs.get_ref() {
            if let Err(reason) = notes_folder::check_ignore_glob(glob) {
                let message = format!("glob `{glob}`: {reason}");
                return Some(Err(self.error(globs.span(), "ignore", &message)));
            }
        }
        Some(Ok(Setting::new(
            globs.get_ref().clone(),
            self.origin(globs),
        )))
    }

    fn limit(&self) -> Option<Result<Setting<u32>>> {
        let limit = self.values.limit.as_ref()?;
        Some(match u32::try_from(*limit.get_ref()) {
            Ok(n) if n >= 1 => Ok(Setting::new(n, self.origin(limit))),
            _ => Err(self.error(
                limit.span(),
                "limit",
                &format!("{} is not a number of notes (1 or more)", limit.get_ref()),
            )),
        })
    }

    fn color(&self) -> Option<Result<Setting<ColorChoice>>> {
        let color = self.values.color.as_ref()?;
        Some(match ColorChoice::from_str(color.get_ref(), false) {
            Ok(choice) => Ok(Setting::new(choice, self.origin(color))),
            Err(_) => Err(self.error(
                color.span(),
                "color",
                &format!("`{}` is not one of auto, always, never", color.get_ref()),
            )),
        })
    }

    fn title_source(&self) -> Option<Result<Setting<TitleSource>>> {
        let source = self.values.title_source.as_ref()?;
        Some(match TitleSource::from_name(source.get_ref()) {
            Some(titles) => Ok(Setting::new(titles, self.origin(source))),
            None => Err(self.error(
                source.span(),
                "title_source",
                &format!(
                    "`{}` is not one of front-matter, file-name",
                    source.get_ref()
                ),
            )),
        })
    }

    fn alias_files(&self) -> Option<Result<Setting<Vec<PathBuf>>>> {
        let files = self.values.alias_files.as_ref()?;
        let paths = files
            .get_ref()
            .iter()
            .map(|f| self.resolve_path(f))
            .collect();
        Some(Ok(Setting::new(paths, self.origin(files))))
    }

    fn editor(&self) -> Option<Setting<String>> {
        let editor = self.values.editor.as_ref()?;
        Some(Setting::new(editor.get_ref().clone(), self.origin(editor)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Result<Option<ConfigFile>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCAL_CONFIG);
        std::fs::write(&path, text).unwrap();
        ConfigFile::load(&path)
    }

    /// The error a config file's text gives, read and checked.
    fn error(text: &str) -> String {
        let err = match file(text) {
            Err(e) => e,
            Ok(f) => {
                let f = f.unwrap();
                let checks = [
                    f.limit().map(|r| r.map(drop)),
                    f.color().map(|r| r.map(drop)),
                    f.title_source().map(|r| r.map(drop)),
                    f.ignore().map(|r| r.map(drop)),
                ];
                checks
                    .into_iter()
                    .flatten()
                    .find_map(|r| r.err())
                    .unwrap_or_else(|| panic!("no error for {text}"))
            }
        };
        let message = format!("{err:#}");
        // The file's folder is a temporary one: keep the name and what follows.
        message[message.find(LOCAL_CONFIG).unwrap()..].to_string()
    }

    #[test]
    fn an_unknown_key_names_the_file_line_and_key() {
        assert_eq!(
            error("limit = 5\nlmit = 3\n"),
            format!(".noteseek.toml:2: `lmit` unknown key; keys are {KEYS}")
        );
    }

    #[test]
    fn a_bad_value_names_the_file_line_and_key() {
        assert!(
            error("\n\nlimit = \"ten\"\n").starts_with(".noteseek.toml:3: `limit` invalid type")
        );
        assert_eq!(
            error("limit = 0\n"),
            ".noteseek.toml:1: `limit` 0 is not a number of notes (1 or more)"
        );
        assert_eq!(
            error("color = \"blue\"\n"),
            ".noteseek.toml:1: `color` `blue` is not one of auto, always, never"
        );
        assert_eq!(
            error("title_source = \"h1\"\n"),
            ".noteseek.toml:1: `title_source` `h1` is not one of front-matter, file-name"
        );
        // An unclosed `[` is a literal, as in git; a backwards range is an error.
        assert!(error("ignore = [\"a/[z-a].md\"]\n")
            .starts_with(".noteseek.toml:1: `ignore` glob `a/[z-a].md`"));
    }

    #[test]
    fn paths_are_relative_to_the_file_s_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCAL_CONFIG);
        std::fs::write(&path, "notes = \"vault\"\nalias_files = [\"names.tsv\"]\n").unwrap();
        let config = ConfigFile::load(&path).unwrap().unwrap();
        let notes = config.path(&config.values.notes).unwrap().unwrap();
        assert_eq!(notes.value, dir.path().join("vault"));
        assert_eq!(
            notes.origin,
            Origin::File {
                path: path.clone(),
                line: 1
            }
        );
        let aliases = config.alias_files().unwrap().unwrap();
        assert_eq!(aliases.value, [dir.path().join("names.tsv")]);
    }

    #[test]
    fn the_editor_follows_git_s_order() {
        let config = Some(Setting::new("hx".to_string(), Origin::Default(None)));
        let env = |set: &'static [(&'static str, &'static str)]| {
            move |var: &str| {
                set.iter()
                    .find(|(k, _)| *k == var)
                    .map(|(_, v)| v.to_string())
            }
        };
        let all = env(&[
            ("NOTESEEK_EDITOR", "nvim"),
            ("VISUAL", "code --wait"),
            ("EDITOR", "vi"),
        ]);
        assert_eq!(
            resolve_editor(config.clone(), all).unwrap().origin,
            Origin::Env("NOTESEEK_EDITOR")
        );
        let visual = env(&[("VISUAL", "code --wait"), ("EDITOR", "vi")]);
        assert_eq!(resolve_editor(config.clone(), visual).unwrap().value, "hx");
        assert_eq!(resolve_editor(None, visual).unwrap().value, "code --wait");
        assert_eq!(
            resolve_editor(None, env(&[("EDITOR", "vi")]))
                .unwrap()
                .value,
            "vi"
        );
        assert!(resolve_editor(None, env(&[("EDITOR", " ")])).is_none());
    }

    #[test]
    fn dot_dots_are_taken_out_of_config_paths() {
        assert_eq!(
            without_dot_dots(Path::new("/a/b/../../c/./d")),
            Path::new("/c/d")
        );
        assert_eq!(without_dot_dots(Path::new("../x/../y")), Path::new("../y"));
    }

    #[test]
    fn a_cache_folder_is_named_by_the_whole_path() {
        let a = cache_name(Path::new("/home/me/vault"));
        let b = cache_name(Path::new("/srv/vault"));
        assert!(a.starts_with("vault-") && b.starts_with("vault-"));
        assert_ne!(a, b);
        assert_eq!(a, cache_name(Path::new("/home/me/vault")));
    }
}
