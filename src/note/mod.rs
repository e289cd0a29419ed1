//! One Markdown exam note: title, tags, sections and links, each piece of text with the source
//! line it came from (so results can point an editor at `path:line`); tables and diagrams as
//! readable lines.
//!
//! [`parse`] reads the Markdown, [`markup`] strips site markup the Markdown parser leaves in the
//! text, [`link`] reads what a link names, and [`kind`] tells topic notes from stubs and listing
//! pages.

pub mod kind;
pub mod link;
pub mod markup;
mod parse;

use serde::{Deserialize, Serialize};

use crate::section::SectionKind;
pub use kind::NoteKind;
pub use link::{Link, LinkKind};
pub(crate) use parse::is_index_name;
pub use parse::{parse, parse_with};

/// Where a note's title comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TitleSource {
    /// The front-matter `title:` when the note has one, else the file name (site vaults).
    #[default]
    FrontMatter,
    /// Always the file name without `.md` (a front-matter title is another name of the note).
    FileName,
}

impl TitleSource {
    /// The name used in config files and output: `front-matter`, `file-name`.
    pub fn name(self) -> &'static str {
        match self {
            TitleSource::FrontMatter => "front-matter",
            TitleSource::FileName => "file-name",
        }
    }

    /// The title source a name stands for.
    pub fn from_name(name: &str) -> Option<TitleSource> {
        [TitleSource::FrontMatter, TitleSource::FileName]
            .into_iter()
            .find(|t| t.name() == name)
    }
}

/// A parsed note.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Note {
    /// The front-matter `title:`, else the file name without `.md`.
    pub title: String,
    /// Other names of the topic: front-matter `aliases`, a leading `# H1` that names the topic,
    /// the file name when a front-matter title replaced it.
    pub aliases: Vec<String>,
    /// Tags without the leading `#`, in the order written.
    pub tags: Vec<String>,
    pub sections: Vec<Section>,
    /// `[[wikilinks]]` and Markdown links to other notes, in the order written.
    pub links: Vec<Link>,
    /// What the parser counted, for telling topic notes from listing pages ([`kind`]).
    pub stats: Stats,
    /// A topic note, a stub or a listing page.
    pub kind: NoteKind,
}

impl Note {
    /// The terms of its 키워드 sections: lines split at commas (and at table cells), a label
    /// before `:` left out (`관련: …`); pieces longer than a phrase are prose, not terms.
    pub fn keywords(&self) -> Vec<String> {
        self.sections
            .iter()
            .filter(|s| s.kind == Some(SectionKind::Keywords))
            .flat_map(|s| keyword_terms(&s.search_lines()))
            .collect()
    }
}

fn keyword_terms(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .flat_map(|line| line.text.split([',', '、', ';', '·']))
        .map(|term| {
            term.rsplit_once(": ")
                .map_or(term, |(_, after)| after)
                .trim()
        })
        .filter(|term| !term.is_empty() && term.chars().count() <= 40)
        .map(str::to_string)
        .collect()
}

/// Counts the parser keeps about a note's shape.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Non-empty text lines and table rows.
    pub lines: usize,
    /// Those that hold a link.
    pub link_lines: usize,
    /// Front matter `has_children: true` (a Just the Docs parent page).
    pub has_children: bool,
}

/// One `## ` section, with the `###` sub-sections it contains.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// The heading as written (`📌 정의`, `비교`); empty for text before the first heading.
    pub heading: String,
    /// The canonical section, or `None` for other headings.
    pub kind: Option<SectionKind>,
    /// 1-based line of the heading (of the first text for the untitled body).
    pub line: u32,
    pub blocks: Vec<Block>,
}

/// A piece of section content, kept in its shape for `show`.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// Paragraphs, list items and sub-headings, one entry per source line.
    Text(Vec<Line>),
    /// A table: header cells, then rows.
    Table { header: Vec<String>, rows: Vec<Row> },
    /// A fenced or indented code block (the 구성도 diagrams), verbatim.
    Code(Vec<Line>),
}

/// Text and the 1-based source line it stands on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub line: u32,
    pub text: String,
}

/// A table row with its source line.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<String>,
}

/// The joint between table cells in searchable text and snippets.
pub const CELL_SEPARATOR: &str = " · ";

impl Section {
    /// The name shown to users: the canonical name for known sections, else the heading.
    pub fn display_name(&self) -> &str {
        crate::section::display_name(self.kind, &self.heading)
    }

    /// The section as searchable lines: table rows as `a · b · c`, diagrams without their box
    /// drawing. Snippets are cut from these lines and the index analyses exactly them.
    pub fn search_lines(&self) -> Vec<Line> {
        let mut lines = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Text(text) => lines.extend(text.iter().cloned()),
                Block::Table { rows, .. } => lines.extend(rows.iter().filter_map(|row| {
                    let cells: Vec<&str> = row
                        .cells
                        .iter()
                        .map(|c| c.trim())
                        .filter(|c| !c.is_empty())
                        .collect();
                    (!cells.is_empty()).then(|| Line {
                        line: row.line,
                        text: cells.join(CELL_SEPARATOR),
                    })
                })),
                Block::Code(code) => lines.extend(code.iter().filter_map(|l| {
                    let text = strip_drawing(&l.text);
                    (!text.is_empty()).then_some(Line { line: l.line, text })
                })),
            }
        }
        lines
    }
}

/// Removes box-drawing, block and arrow characters from a diagram line, keeping its words.
/// ASCII drawings (`+----+`, `-->`, `|`) go too; words with inner dashes (`12-Factor`) stay.
pub fn strip_drawing(line: &str) -> String {
    let replaced: String = line
        .chars()
        .map(|c| if is_drawing(c) { ' ' } else { c })
        .collect();
    replaced
        .split_whitespace()
        .filter(|word| !word.chars().all(|c| "-=+<>_*.~^:/\\".contains(c)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_drawing(c: char) -> bool {
    matches!(c,
        '|'
        | '\u{2190}'..='\u{21FF}' // arrows
        | '\u{2500}'..='\u{259F}' // box drawing, block elements
        | '\u{25A0}'..='\u{25FF}' // geometric shapes (▶ ▲ ●)
        | '\u{27F0}'..='\u{27FF}' // supplemental arrows
        | '\u{2B00}'..='\u{2BFF}' // misc arrows
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_lines_split_into_terms() {
        let note = parse(
            "x",
            "## 키워드\n- Container, Image, Union File System(OverlayFS)\n- 관련: 디지털 트윈\n## 특징\n- A, B\n",
        );
        assert_eq!(
            note.keywords(),
            [
                "Container",
                "Image",
                "Union File System(OverlayFS)",
                "디지털 트윈"
            ]
        );
    }
}
