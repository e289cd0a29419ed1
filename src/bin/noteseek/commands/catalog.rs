//! `noteseek list`, `tags` and `sections`: what the vault holds, for people and (`--json`) for
//! scripts. Exit 1 when there is nothing to list, as grep.

use std::io::{self, BufWriter, Write};

use anyhow::{Context, Result};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use noteseek::catalog::{self, Listed};
use noteseek::note::NoteKind;
use noteseek::section::display_name;
use noteseek::tags;

use super::{say_unknown_tag, synced_index, Status};
use crate::args::Vault;
use crate::cli::{CatalogArgs, ListArgs};
use crate::printer::sanitize;

pub fn list_notes(vault: &Vault, args: &ListArgs) -> Result<Status> {
    let index = synced_index(vault)?;
    let prefix = args
        .prefix
        .as_deref()
        .map(|p| vault.relative_path(p))
        .unwrap_or_default();
    let snapshot = index.snapshot()?;
    let notes = catalog::list(&snapshot, &args.tags, &prefix)?;
    if notes.is_empty() {
        let asked = args.tags.iter().map(String::as_str);
        if let Some((tag, closest)) = tags::first_unused(&snapshot, asked)? {
            say_unknown_tag(&tag, &closest);
        }
    }
    let path = |note: &Listed| {
        vault
            .display_path(&note.path)
            .to_string_lossy()
            .into_owned()
    };
    write(
        args.catalog.json,
        &notes,
        |note| {
            let mark = match note.kind {
                NoteKind::Topic => "",
                NoteKind::Stub => " (stub)",
                NoteKind::Listing => " (listing)",
            };
            vec![format!("{}{mark}", note.title), path(note)]
        },
        |note| JsonNote {
            title: note.title.clone(),
            path: path(note),
            tags: note.tags.clone(),
            stub: note.kind == NoteKind::Stub,
            listing: note.kind == NoteKind::Listing,
        },
    )
}

pub fn list_tags(vault: &Vault, args: &CatalogArgs) -> Result<Status> {
    let index = synced_index(vault)?;
    let tags = catalog::tags(&index.snapshot()?)?;
    write(
        args.json,
        &tags,
        |tag| {
            // Nested tags stand under their parent.
            let depth = tag.tag.matches('/').count();
            vec![
                format!("{}#{}", "  ".repeat(depth), tag.tag),
                tag.count.to_string(),
            ]
        },
        |tag| JsonTag {
            tag: tag.tag.clone(),
            count: tag.count,
            nested: tag.nested.clone(),
        },
    )
}

pub fn list_sections(vault: &Vault, args: &CatalogArgs) -> Result<Status> {
    let index = synced_index(vault)?;
    let headings = catalog::sections(&index.snapshot()?)?;
    write(
        args.json,
        &headings,
        |h| {
            // The canonical section, where the heading is another way of writing one.
            let canonical = display_name(h.section, &h.heading);
            let mut row = vec![h.heading.clone(), h.count.to_string()];
            if canonical != h.heading {
                row.push(format!("→ {canonical}"));
            }
            row
        },
        |h| JsonHeading {
            heading: h.heading.clone(),
            section: display_name(h.section, &h.heading).to_string(),
            canonical: h.section.is_some(),
            count: h.count,
        },
    )
}

#[derive(Serialize)]
struct JsonNote {
    title: String,
    path: String,
    tags: Vec<String>,
    stub: bool,
    listing: bool,
}

#[derive(Serialize)]
struct JsonTag {
    /// Lowercased, without `#`.
    tag: String,
    /// Notes with the tag or a tag nested under it.
    count: usize,
    /// The tags directly under it.
    nested: Vec<String>,
}

#[derive(Serialize)]
struct JsonHeading {
    /// As the notes write it.
    heading: String,
    /// The canonical section it stands for, or the heading itself for other sections.
    section: String,
    /// Whether `section` is one of the canonical sections.
    canonical: bool,
    /// Notes with the heading.
    count: usize,
}

/// Writes the rows as JSON lines, or as aligned columns (numbers to the right), and says
/// whether there were any.
fn write<T, J: Serialize>(
    json: bool,
    rows: &[T],
    columns: impl Fn(&T) -> Vec<String>,
    record: impl Fn(&T) -> J,
) -> Result<Status> {
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        for row in rows {
            serde_json::to_writer(&mut out, &record(row))?;
            out.write_all(b"\n").context("writing to stdout")?;
        }
    } else {
        let cells: Vec<Vec<String>> = rows.iter().map(&columns).collect();
        let mut widths: Vec<usize> = Vec::new();
        let mut numeric: Vec<bool> = Vec::new();
        for row in &cells {
            widths.resize(widths.len().max(row.len()), 0);
            numeric.resize(widths.len(), true);
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.width());
                numeric[i] &= cell.chars().all(|c| c.is_ascii_digit());
            }
        }
        for row in &cells {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let pad = " ".repeat(widths[i] - cell.width());
                if i > 0 {
                    line.push_str("  ");
                }
                if numeric[i] {
                    line.push_str(&pad);
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    line.push_str(&pad);
                }
            }
            writeln!(out, "{}", sanitize(line.trim_end())).context("writing to stdout")?;
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(if rows.is_empty() {
        Status::NotFound
    } else {
        Status::Found
    })
}
