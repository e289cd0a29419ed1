//! `noteseek show`: a note, or one section of it, as clean text or as one JSON object.

use std::io::{self, Write};

use anyhow::{Context, Result};
use serde::Serialize;

use noteseek::index::Snapshot;
use noteseek::note::Note;
use noteseek::{notes_folder, Error};

use super::{synced_index, warn, Status};
use crate::args::Vault;
use crate::cli::ShowArgs;
use crate::printer::sanitize;
use crate::{render, wrap};

pub fn show_note(vault: &Vault, args: &ShowArgs) -> Result<Status> {
    let index = synced_index(vault)?;
    let snapshot = index.snapshot()?;
    let paths = notes_named(vault, &snapshot, &args.title)?;
    let width = wrap::terminal_width();
    let mut text = String::new();
    for (i, path) in paths.iter().enumerate() {
        let loaded = notes_folder::load(&vault.notes, path, vault.titles)?;
        if let Some(damage) = &loaded.damage {
            warn(format_args!("{path}: {damage}"));
        }
        let sections = render::select_sections(&loaded.note, args.section.as_deref())?;
        if args.json {
            text.push_str(&serde_json::to_string(&JsonNote::new(
                &loaded.note,
                &sections,
                vault,
                path,
            ))?);
            text.push('\n');
        } else {
            if i > 0 {
                text.push('\n');
            }
            let whole = args.section.is_none();
            text.push_str(&sanitize(&render::render(
                &loaded.note,
                &sections,
                whole,
                width,
            )));
        }
    }
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .context("writing to stdout")?;
    Ok(Status::Found)
}

/// The notes the arguments name: all the words as one name (`show 서비스 메시`), or, when that
/// names no note, each argument as a note of its own (`search -l -0 … | xargs -0 noteseek show`).
fn notes_named(vault: &Vault, snapshot: &Snapshot, words: &[String]) -> Result<Vec<String>> {
    let whole = vault.resolve_note(snapshot, &words.join(" "));
    match whole {
        Err(Error::NoSuchNote { .. }) if words.len() > 1 => {
            let each: noteseek::Result<Vec<String>> = words
                .iter()
                .map(|word| vault.resolve_note(snapshot, word))
                .collect();
            // A failure of each word alone says less than the failure of the whole.
            each.or(whole.map(|path| vec![path]))
                .map_err(anyhow::Error::from)
        }
        whole => Ok(vec![whole?]),
    }
}

/// `show --json`: the note for scripts.
#[derive(Serialize)]
struct JsonNote<'a> {
    title: &'a str,
    path: String,
    tags: &'a [String],
    aliases: &'a [String],
    sections: Vec<JsonSection<'a>>,
}

#[derive(Serialize)]
struct JsonSection<'a> {
    /// As written in the note; empty for the text before the first heading.
    heading: &'a str,
    /// The canonical section (정의, 키워드 …), or null for other headings.
    section: Option<&'static str>,
    /// 1-based line of the heading.
    line: u32,
    /// The section's content as `show` prints it (tables as aligned rows).
    text: String,
}

impl<'a> JsonNote<'a> {
    fn new(
        note: &'a Note,
        sections: &[&'a noteseek::note::Section],
        vault: &Vault,
        path: &str,
    ) -> JsonNote<'a> {
        JsonNote {
            title: &note.title,
            path: vault.display_path(path).to_string_lossy().into_owned(),
            tags: &note.tags,
            aliases: &note.aliases,
            sections: sections
                .iter()
                .map(|s| JsonSection {
                    heading: &s.heading,
                    section: s.kind.map(|k| k.korean()),
                    line: s.line,
                    text: render::render(note, &[s], false, None),
                })
                .collect(),
        }
    }
}
