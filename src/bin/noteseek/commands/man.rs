//! `noteseek man`: the man page, in roff, made by clap_mangen from the same command definition
//! as `--help`, with the sections a man page has and `--help` has not: each command's options,
//! the query syntax, configuration, exit status, environment and files.

use std::io::{self, Write};

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_mangen::Man;
use roff::{bold, italic, roman, Roff};

use super::Status;
use crate::cli::Cli;

pub fn print_page() -> Result<Status> {
    let mut page = Vec::new();
    render(&mut page).context("rendering the man page")?;
    let mut out = io::stdout().lock();
    out.write_all(&page)
        .and_then(|_| out.flush())
        .context("writing to stdout")?;
    Ok(Status::Found)
}

fn render(out: &mut dyn Write) -> io::Result<()> {
    let cmd = Cli::command();
    let man = Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    // Each command's own options, under a heading of its name.
    for sub in cmd.get_subcommands() {
        if !has_options(sub) {
            continue;
        }
        let heading = format!("noteseek {}", sub.get_name());
        let sub = sub
            .clone()
            .mut_args(move |arg| arg.help_heading(heading.clone()));
        Man::new(sub).render_options_section(out)?;
    }
    sections().to_writer(out)?;
    man.render_version_section(out)
}

/// Whether a command has arguments to list (positional ones count: they are its operands).
fn has_options(cmd: &clap::Command) -> bool {
    cmd.get_arguments().any(|a| !a.is_hide_set())
}

/// `.TP` items: each term in bold, then its meaning.
fn items(roff: &mut Roff, list: &[(&str, &str)]) {
    for (term, meaning) in list {
        roff.control("TP", []);
        roff.text([bold(*term)]);
        roff.text([roman(*meaning)]);
    }
}

fn sections() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["QUERY SYNTAX"]);
    roff.text([roman(
        "The words of all arguments form one query. Korean words match in any inflection; \
         compounds match spaced or not; Latin is case-insensitive; the last word may be \
         unfinished. Put a query that starts with - after --.",
    )]);
    items(
        &mut roff,
        &[
            (
                "컨테이너 오케스트레이션",
                "notes with both words (if none has all, notes with most of them)",
            ),
            (
                "\"서비스 메시\"",
                "the words next to each other, in this order",
            ),
            ("-istio", "leave out notes with the word"),
            (
                "정의:컨테이너, definition:컨테이너",
                "the word in that section (Korean or English name)",
            ),
            (
                "\"연관 토픽\":도커, 비교:TCP",
                "a section named with a space, quoted; any heading of the notes",
            ),
            ("title:도커", "in the title or an alias"),
            ("tag:필수, tag:#클라우드", "the tag or one nested under it"),
            ("path:cloud", "text within the note's path"),
            (
                "ㅋㄹㅇㄷ ㄴㅇㅌㅂ",
                "초성 (initial consonants) of title words",
            ),
        ],
    );

    roff.control("SH", ["CONFIGURATION"]);
    roff.text([
        roman(
            "Settings come from flags, then environment variables, then config files, then \
         defaults. Config files, the most specific first: ",
        ),
        italic(".noteseek.toml"),
        roman(" in the current folder, else in the notes folder; then "),
        italic("$XDG_CONFIG_HOME/noteseek/config.toml"),
        roman(
            ". Relative paths in a file are relative to its folder; ~/ is the home folder. \
               noteseek config prints the effective settings and where each came from.",
        ),
    ]);
    items(
        &mut roff,
        &[
            (
                "notes = \"DIR\"",
                "the notes folder (not in the notes folder's own file)",
            ),
            ("index = \"DIR\"", "the index folder"),
            (
                "ignore = [\"GLOB\", ...]",
                "files that are not notes, in .gitignore syntax, relative to the notes folder",
            ),
            ("limit = N", "how many notes search shows"),
            (
                "color = \"auto\"|\"always\"|\"never\"",
                "when to use colours",
            ),
            (
                "editor = \"COMMAND\"",
                "the editor to open notes in (after NOTESEEK_EDITOR, before VISUAL and EDITOR)",
            ),
            (
                "title_source = \"front-matter\"|\"file-name\"",
                "a note's title: its front-matter title: when it has one, or always its file name",
            ),
            (
                "alias_files = [\"FILE\", ...]",
                "more files of other names, in the form of .noteseek/aliases.tsv",
            ),
        ],
    );

    roff.control("SH", ["EXIT STATUS"]);
    items(
        &mut roff,
        &[
            (
                "0",
                "something was found (a closed pipe is a normal end, too)",
            ),
            ("1", "nothing was found"),
            ("2", "an error, said in one line on standard error"),
        ],
    );

    roff.control("SH", ["ENVIRONMENT"]);
    items(
        &mut roff,
        &[
            ("NOTESEEK_NOTES", "the notes folder, as --notes"),
            ("NOTESEEK_INDEX", "the index folder, as --index"),
            (
                "NOTESEEK_NO_UPDATE",
                "set to 1: use the index as it is, as --no-update",
            ),
            (
                "NOTESEEK_EDITOR, VISUAL, EDITOR",
                "the editor, in git's order with the config file's editor after NOTESEEK_EDITOR",
            ),
            ("NO_COLOR", "no colours unless --color always"),
            (
                "XDG_CONFIG_HOME",
                "where the user's config file is (default ~/.config)",
            ),
            (
                "XDG_CACHE_HOME",
                "where indexes of notes folders live (default ~/.cache)",
            ),
            (
                "COMPLETE",
                "set by the completion scripts when a shell asks for completions",
            ),
        ],
    );

    roff.control("SH", ["FILES"]);
    items(
        &mut roff,
        &[
        (".noteseek.toml", "config file, in the current folder or the notes folder"),
        ("$XDG_CONFIG_HOME/noteseek/config.toml", "the user's config file"),
        ("index/", "the index of notes/, when noteseek runs in the folder that holds notes/"),
        ("$XDG_CACHE_HOME/noteseek/NAME-HASH/", "the index of any other notes folder, one per folder"),
        (".gitignore, .ignore, .noteseekignore", "files in the notes folder that are not notes (also outside a git repository); --no-ignore reads none"),
        (".noteseek/aliases.tsv", "in the notes folder: groups of other names, one group per line"),
        ],
    );
    roff
}
