//! Shell completion through clap_complete's dynamic engine: the shell calls `noteseek` back
//! (`COMPLETE=bash noteseek -- noteseek show 도`) and the completers here answer with the vault's
//! titles, sections and tags, read from the index as it is (never rebuilt for a Tab).

use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use clap::CommandFactory;
use clap_complete::engine::CompletionCandidate;
use clap_complete::env::{CompleteEnv, Shells};

use noteseek::index::{IndexField, IndexState, NoteIndex, Snapshot};
use noteseek::section::SectionKind;
use noteseek::titles;

use crate::cli::{Cli, Shell};
use crate::config::{self, Flags};

/// The variable that asks for completions, as clap_complete names it.
const VAR: &str = "COMPLETE";

/// The shell asking, remembered before clap_complete clears the variable.
static SHELL: OnceLock<Option<String>> = OnceLock::new();

/// Answers the shell and exits when the process was started to complete a command line;
/// otherwise returns at once. Called first in `main`: nothing may be written before it.
pub fn answer_if_asked() {
    SHELL.get_or_init(|| std::env::var(VAR).ok());
    CompleteEnv::with_factory(Cli::command).var(VAR).complete();
}

/// Writes the script that registers noteseek's completion with `shell`.
pub fn write_registration(shell: Shell, out: &mut dyn Write) -> std::io::Result<()> {
    let name = match shell {
        Shell::Bash => "bash",
        Shell::Zsh => "zsh",
        Shell::Fish => "fish",
        Shell::Powershell => "powershell",
        Shell::Elvish => "elvish",
    };
    let shells = Shells::builtins();
    let Some(completer) = shells.completer(name) else {
        return Err(std::io::Error::other(format!("no completion for {name}")));
    };
    // The program as it was started, made absolute when given by a path (as clap_complete does).
    let program = std::env::args_os()
        .next()
        .map(PathBuf::from)
        .unwrap_or_default();
    let program = if program.components().count() > 1 {
        std::env::current_dir().unwrap_or_default().join(program)
    } else {
        PathBuf::from("noteseek")
    };
    completer.write_registration(VAR, "noteseek", "noteseek", &program.to_string_lossy(), out)
}

/// Completes a note's title (for `show`, and any command that takes one).
pub fn titles(current: &OsStr) -> Vec<CompletionCandidate> {
    complete(current, |snapshot, typed| {
        titles::starting_with(snapshot, typed)
    })
}

/// Completes a section name: the canonical ones (Korean and English) and the headings the
/// notes use.
pub fn sections(current: &OsStr) -> Vec<CompletionCandidate> {
    complete(current, |snapshot, typed| {
        let mut names: Vec<String> = SectionKind::ALL
            .iter()
            .flat_map(|k| [k.korean().to_string(), k.english().to_string()])
            .collect();
        for heading in snapshot.live_terms(IndexField::HeadingName)? {
            if !names.contains(&heading) {
                names.push(heading);
            }
        }
        Ok(starting_with(names, typed))
    })
}

/// Completes a tag (with or without its `#`).
pub fn tags(current: &OsStr) -> Vec<CompletionCandidate> {
    complete(current, |snapshot, typed| {
        let tags = snapshot.live_terms(IndexField::Tag)?;
        Ok(starting_with(tags, typed.trim_start_matches('#')))
    })
}

fn starting_with(names: impl IntoIterator<Item = String>, typed: &str) -> Vec<String> {
    let typed = typed.to_lowercase();
    names
        .into_iter()
        .filter(|n| n.to_lowercase().starts_with(&typed))
        .collect()
}

/// Candidates from the index of the vault the command line names, for the word typed so far.
fn complete(
    current: &OsStr,
    values: impl Fn(&Snapshot, &str) -> noteseek::Result<Vec<String>>,
) -> Vec<CompletionCandidate> {
    let typed = unescape(&current.to_string_lossy());
    let Some(snapshot) = vault_snapshot() else {
        return Vec::new();
    };
    let bash = SHELL.get().and_then(|s| s.as_deref()) == Some("bash");
    values(&snapshot, &typed)
        .unwrap_or_default()
        .into_iter()
        .map(|value| CompletionCandidate::new(if bash { bash_escape(&value) } else { value }))
        .collect()
}

/// The index of the vault that the command line being completed names (its `--notes`,
/// `--index`, config files), if it exists and is current.
fn vault_snapshot() -> Option<Snapshot> {
    // The words of the command line follow `--`; the last is the one being completed.
    let mut words: Vec<std::ffi::OsString> = std::env::args_os()
        .skip_while(|a| a != "--")
        .skip(1)
        .collect();
    words.pop();
    let matches = Cli::command()
        .ignore_errors(true)
        .try_get_matches_from(words)
        .ok()?;
    let settings = config::resolve(&Flags::from_matches(&matches)).ok()?;
    match NoteIndex::inspect(&settings.index.value, settings.title_source.value).ok()? {
        IndexState::Current(index) => index.snapshot().ok(),
        _ => None,
    }
}

/// The word as bash passes it, with the backslashes and opening quote typed on the command
/// line: what it stands for.
fn unescape(word: &str) -> String {
    let word = word.trim_start_matches(['\'', '"']);
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// A value as bash must receive it: bash inserts candidates as typed, so spaces, brackets and
/// other characters special to the shell get a backslash (zsh, fish and the others quote
/// candidates themselves).
fn bash_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        if !(c.is_alphanumeric() || "-_./%+@,".contains(c)) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_escaped_for_bash_and_read_back() {
        let title = "서비스 메시(Service Mesh)";
        let escaped = bash_escape(title);
        assert_eq!(escaped, "서비스\\ 메시\\(Service\\ Mesh\\)");
        assert_eq!(unescape(&escaped), title);
        assert_eq!(unescape("'서비스 메"), "서비스 메");
    }

    #[test]
    fn names_are_completed_ignoring_case() {
        let names = ["Docker", "도커(Docker)", "DevOps"].map(String::from);
        assert_eq!(starting_with(names.clone(), "do"), ["Docker"]);
        assert_eq!(starting_with(names, "도"), ["도커(Docker)"]);
    }
}
