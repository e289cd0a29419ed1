//! `noteseek config`: the effective settings, each with where it came from, in the form of a
//! config file (a line can be copied into one).

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::ValueEnum;

use super::Status;
use crate::config::{self, Setting, Settings};

pub fn print_settings(settings: &Settings) -> Result<Status> {
    let mut text = String::new();
    for (path, read) in &settings.files {
        let state = if *read { "read" } else { "not found" };
        text.push_str(&format!("# config file {}: {state}\n", path.display()));
    }
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let path = |p: &PathBuf| quoted(&p.to_string_lossy());
    let list = |items: Vec<String>| format!("[{}]", items.join(", "));
    let mut lines: Vec<(String, String)> = vec![
        line("notes", path(&settings.notes.value), &settings.notes),
        line("index", path(&settings.index.value), &settings.index),
        line(
            "ignore",
            list(settings.ignore.value.iter().map(|g| quoted(g)).collect()),
            &settings.ignore,
        ),
        line("limit", settings.limit.value.to_string(), &settings.limit),
        line(
            "color",
            quoted(
                &settings
                    .color
                    .value
                    .to_possible_value()
                    .map_or_else(String::new, |v| v.get_name().to_string()),
            ),
            &settings.color,
        ),
    ];
    lines.push(match (config::editor(settings), &settings.editor) {
        (Some(command), Some(editor)) => line("editor", quoted(&command), editor),
        _ => (
            "# editor: none".to_string(),
            "set NOTESEEK_EDITOR, editor here, VISUAL or EDITOR".to_string(),
        ),
    });
    lines.push(line(
        "title_source",
        quoted(settings.title_source.value.name()),
        &settings.title_source,
    ));
    lines.push(line(
        "alias_files",
        list(settings.alias_files.value.iter().map(path).collect()),
        &settings.alias_files,
    ));
    let width = lines
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    for (setting, origin) in lines {
        let pad = width - setting.chars().count();
        text.push_str(&format!("{setting}{}  # {origin}\n", " ".repeat(pad)));
    }
    let walk = settings.walk();
    text.push_str(&format!(
        "# files: hidden {}, ignore files {}, symbolic links {}\n",
        if walk.hidden {
            "included (--hidden)"
        } else {
            "skipped"
        },
        if walk.no_ignore {
            "not read (--no-ignore)"
        } else {
            "honoured"
        },
        if walk.follow_links {
            "followed (-L)"
        } else {
            "not followed"
        },
    ));
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .context("writing to stdout")?;
    Ok(Status::Found)
}

/// `key = value` and where it came from.
fn line<T>(key: &str, value: String, setting: &Setting<T>) -> (String, String) {
    (format!("{key} = {value}"), setting.origin.to_string())
}
