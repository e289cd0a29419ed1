//! Parsing one Markdown exam note into title, tags, sections and links.
//!
//! The parser keeps every piece of text with the source line it came from, so that search results
//! can point an editor at `path:line`, and renders tables and diagrams into readable lines.

use pulldown_cmark::{
    CodeBlockKind, Event, HeadingLevel, LinkType, MetadataBlockKind, Options, Parser, Tag, TagEnd,
};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use yaml_rust2::{Yaml, YamlLoader};

use crate::section::SectionKind;

/// A parsed note.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Note {
    /// The file name without `.md`.
    pub title: String,
    /// Other names of the topic: front-matter `aliases` and `title`, a leading `# H1`.
    pub aliases: Vec<String>,
    /// Tags without the leading `#`, in the order written.
    pub tags: Vec<String>,
    pub sections: Vec<Section>,
    /// Targets of `[[wikilinks]]` and of relative Markdown links, by note title.
    pub links: Vec<String>,
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
        match self.kind {
            Some(kind) => kind.korean(),
            None if self.heading.is_empty() => "본문",
            None => &self.heading,
        }
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

/// Normalises text to NFC. Decomposed Hangul (macOS file names, some copied text) would
/// otherwise analyse as unknown characters and never match.
pub fn nfc(text: &str) -> String {
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

/// Parses a note's text (already NFC, BOM removed) under the given title.
pub fn parse(title: &str, text: &str) -> Note {
    NoteParser::new(title, text).run()
}

struct NoteParser<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
    note: Note,
    /// The open section; `None` before the first `## ` heading.
    section: Option<Section>,
    /// Text before the first heading that is not a tag line.
    preamble: Vec<Line>,
    /// Text lines of the current block being collected.
    lines: Vec<Line>,
    /// The source line currently being assembled.
    current: Option<Line>,
    heading: Option<(HeadingLevel, usize)>,
    heading_text: String,
    table: Option<(Vec<String>, Vec<Row>)>,
    cells: Vec<String>,
    cell: Option<String>,
    row_line: u32,
    code: Option<Vec<Line>>,
    metadata: Option<String>,
    link_depth: usize,
}

impl<'t> NoteParser<'t> {
    fn new(title: &str, text: &'t str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        NoteParser {
            text,
            line_starts,
            note: Note {
                title: title.to_string(),
                ..Note::default()
            },
            section: None,
            preamble: Vec::new(),
            lines: Vec::new(),
            current: None,
            heading: None,
            heading_text: String::new(),
            table: None,
            cells: Vec::new(),
            cell: None,
            row_line: 0,
            code: None,
            metadata: None,
            link_depth: 0,
        }
    }

    fn line_of(&self, offset: usize) -> u32 {
        self.line_starts.partition_point(|&start| start <= offset) as u32
    }

    fn run(mut self) -> Note {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_WIKILINKS
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS;
        let text = self.text;
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            self.event(event, range.start);
        }
        self.flush_line();
        self.end_text_block();
        self.close_section();
        if !self.preamble.is_empty() {
            let line = self.preamble[0].line;
            self.note.sections.insert(
                0,
                Section {
                    heading: String::new(),
                    kind: None,
                    line,
                    blocks: vec![Block::Text(std::mem::take(&mut self.preamble))],
                },
            );
        }
        dedup_in_order(&mut self.note.tags);
        dedup_in_order(&mut self.note.links);
        let title = self.note.title.clone();
        self.note.aliases.retain(|a| !a.is_empty() && *a != title);
        dedup_in_order(&mut self.note.aliases);
        self.note
    }

    fn event(&mut self, event: Event<'t>, offset: usize) {
        match event {
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => {
                self.metadata = Some(String::new())
            }
            Event::End(TagEnd::MetadataBlock(_)) => {
                if let Some(yaml) = self.metadata.take() {
                    self.front_matter(&yaml);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush_line();
                self.heading = Some((level, offset));
                self.heading_text.clear();
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::Table(_)) => {
                self.flush_line();
                self.end_text_block();
                self.table = Some((Vec::new(), Vec::new()));
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                self.cells.clear();
                self.row_line = self.line_of(offset);
            }
            Event::Start(Tag::TableCell) => self.cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let cell = self.cell.take().unwrap_or_default();
                self.cells.push(cell.trim().to_string());
            }
            Event::End(TagEnd::TableHead) => {
                if let Some((header, _)) = self.table.as_mut() {
                    *header = std::mem::take(&mut self.cells);
                }
            }
            Event::End(TagEnd::TableRow) => {
                let row = Row {
                    line: self.row_line,
                    cells: std::mem::take(&mut self.cells),
                };
                if let Some((_, rows)) = self.table.as_mut() {
                    rows.push(row);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((header, rows)) = self.table.take() {
                    self.push_block(Block::Table { header, rows });
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.flush_line();
                self.end_text_block();
                let first = match kind {
                    CodeBlockKind::Fenced(_) => self.line_of(offset) + 1,
                    CodeBlockKind::Indented => self.line_of(offset),
                };
                self.code = Some(vec![Line {
                    line: first,
                    text: String::new(),
                }]);
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(mut code) = self.code.take() {
                    if code.last().is_some_and(|l| l.text.is_empty()) {
                        code.pop();
                    }
                    for l in code.iter_mut() {
                        if l.text.ends_with('\r') {
                            l.text.pop();
                        }
                    }
                    self.push_block(Block::Code(code));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                self.link_depth += 1;
                if let Some(target) = link_target(link_type, &dest_url) {
                    self.note.links.push(target);
                }
            }
            Event::End(TagEnd::Link) => self.link_depth = self.link_depth.saturating_sub(1),
            Event::Text(text) | Event::Code(text) => self.text(&text, offset),
            Event::SoftBreak | Event::HardBreak => self.flush_line(),
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => self.flush_line(),
            Event::Start(Tag::Item) => self.flush_line(),
            _ => {}
        }
    }

    fn text(&mut self, text: &str, offset: usize) {
        if let Some(yaml) = self.metadata.as_mut() {
            yaml.push_str(text);
        } else if let Some(code) = self.code.as_mut() {
            for (i, piece) in text.split('\n').enumerate() {
                if i > 0 {
                    let line = code.last().map_or(0, |l| l.line) + 1;
                    code.push(Line {
                        line,
                        text: String::new(),
                    });
                }
                if let Some(last) = code.last_mut() {
                    last.text.push_str(piece);
                }
            }
        } else if let Some(cell) = self.cell.as_mut() {
            cell.push_str(text);
        } else if self.heading.is_some() {
            self.heading_text.push_str(text);
        } else {
            let line = self.line_of(offset);
            if self.current.as_ref().is_some_and(|c| c.line != line) {
                self.flush_line();
            }
            self.current
                .get_or_insert_with(|| Line {
                    line,
                    text: String::new(),
                })
                .text
                .push_str(text);
        }
    }

    fn flush_line(&mut self) {
        let Some(mut line) = self.current.take() else {
            return;
        };
        let trimmed = line.text.trim();
        if trimmed.is_empty() || is_kramdown_attribute(trimmed) {
            return;
        }
        line.text = trimmed.to_string();
        if self.section.is_none() {
            let tags = tag_line(&line.text);
            if !tags.is_empty() {
                self.note.tags.extend(tags);
                return;
            }
            self.preamble.push(line);
        } else {
            self.lines.push(line);
        }
    }

    fn end_text_block(&mut self) {
        if !self.lines.is_empty() {
            let lines = std::mem::take(&mut self.lines);
            self.push_block(Block::Text(lines));
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.section.as_mut() {
            Some(section) => section.blocks.push(block),
            None => match block {
                Block::Text(lines) | Block::Code(lines) => self.preamble.extend(lines),
                Block::Table { rows, .. } => self.preamble.extend(rows.into_iter().map(|r| Line {
                    line: r.line,
                    text: r.cells.join(CELL_SEPARATOR),
                })),
            },
        }
    }

    fn end_heading(&mut self) {
        let Some((level, offset)) = self.heading.take() else {
            return;
        };
        let heading = self.heading_text.trim().to_string();
        let line = self.line_of(offset);
        match level {
            HeadingLevel::H1 if self.section.is_none() => self.note.aliases.push(heading),
            HeadingLevel::H1 | HeadingLevel::H2 => {
                self.end_text_block();
                self.close_section();
                self.section = Some(Section {
                    kind: SectionKind::from_heading(&heading),
                    heading,
                    line,
                    blocks: Vec::new(),
                });
            }
            _ => {
                // `###` and deeper belong to the enclosing `##` section.
                if !heading.is_empty() {
                    self.current = Some(Line {
                        line,
                        text: heading,
                    });
                    self.flush_line();
                }
            }
        }
    }

    fn close_section(&mut self) {
        self.end_text_block();
        if let Some(section) = self.section.take() {
            self.note.sections.push(section);
        }
    }

    fn front_matter(&mut self, yaml: &str) {
        let Ok(docs) = YamlLoader::load_from_str(yaml) else {
            return;
        };
        let Some(doc) = docs.first() else { return };
        for key in ["tags", "tag"] {
            self.note.tags.extend(
                yaml_strings(&doc[key])
                    .into_iter()
                    .flat_map(|t| split_tags(&t)),
            );
        }
        for key in ["aliases", "alias"] {
            self.note.aliases.extend(yaml_strings(&doc[key]));
        }
        self.note.aliases.extend(yaml_strings(&doc["title"]));
    }
}

fn yaml_strings(value: &Yaml) -> Vec<String> {
    match value {
        Yaml::String(s) => vec![s.trim().to_string()],
        Yaml::Integer(i) => vec![i.to_string()],
        Yaml::Real(r) => vec![r.clone()],
        Yaml::Array(items) => items.iter().flat_map(yaml_strings).collect(),
        _ => Vec::new(),
    }
}

fn split_tags(value: &str) -> Vec<String> {
    value
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|t| t.trim_start_matches('#'))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The tags of a line made only of `#tags`; empty for any other line.
fn tag_line(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let all_tags = !words.is_empty()
        && words.iter().all(|w| {
            w.len() > 1
                && w.starts_with('#')
                && !w[1..].starts_with('#')
                && !w[1..].chars().all(|c| c.is_ascii_digit())
        });
    if all_tags {
        words.iter().map(|w| w[1..].to_string()).collect()
    } else {
        Vec::new()
    }
}

/// `{: .fs-8 }` and similar kramdown attribute lists (Just the Docs sites).
fn is_kramdown_attribute(line: &str) -> bool {
    line.starts_with("{:") && line.ends_with('}')
}

/// The note a link points to: a wikilink's page, or a relative `.md` / site path's last segment.
fn link_target(link_type: LinkType, dest: &str) -> Option<String> {
    if let LinkType::WikiLink { .. } = link_type {
        let page = dest.split('#').next().unwrap_or_default().trim();
        return (!page.is_empty()).then(|| nfc(page));
    }
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with('#') {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or_default();
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    let stem = last.strip_suffix(".md").unwrap_or(last);
    let decoded = percent_decode(stem);
    (!decoded.is_empty()).then(|| nfc(&decoded))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn dedup_in_order(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| seen.insert(item.clone()));
}
