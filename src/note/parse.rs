//! Reading a note's Markdown (pulldown-cmark) into a [`Note`].

use pulldown_cmark::{
    CodeBlockKind, Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd,
};
use yaml_rust2::{Yaml, YamlLoader};

use super::{markup, Block, Line, Link, Note, Row, Section, TitleSource, CELL_SEPARATOR};
use crate::section::SectionKind;

/// Parses a note's text (already NFC, BOM removed) found under `title` (its file name without
/// `.md`). A front-matter `title:` becomes the note's title and the file name one of its aliases.
pub fn parse(title: &str, text: &str) -> Note {
    parse_with(title, text, TitleSource::FrontMatter)
}

/// Parses a note, its title chosen as `titles` says: with [`TitleSource::FileName`] the file
/// name stays the title and a front-matter `title:` is only another name of the note.
pub fn parse_with(title: &str, text: &str, titles: TitleSource) -> Note {
    let text = markup::resolve_site_tags(text);
    let mut parser = NoteParser::new(title, &text);
    parser.titles = titles;
    parser.run()
}

/// How the note's headings divide it into sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// The shallowest heading below `#` makes sections (`##` in most notes, `###` in notes that
    /// use no `##`); a `#` before the first one is an alias of the title.
    Below(HeadingLevel),
    /// Notes made from templates that write every section as `#` (several `#`, no `##`).
    H1,
}

struct NoteParser<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
    note: Note,
    /// The file name without `.md`, under which the note was found.
    file_title: String,
    layout: Layout,
    /// The open section; `None` before the first section heading.
    section: Option<Section>,
    /// Text before the first heading that is not a tag line.
    preamble: Vec<Line>,
    /// Text lines of the current block being collected.
    lines: Vec<Line>,
    /// The source line currently being assembled, and whether it holds a link.
    current: Option<Line>,
    current_links: bool,
    heading: Option<(HeadingLevel, usize)>,
    heading_text: String,
    /// Whether a heading has been seen (the first `#` of an H1 layout may be the title).
    headings_seen: usize,
    table: Option<(Vec<String>, Vec<Row>)>,
    cells: Vec<String>,
    cell: Option<String>,
    row_line: u32,
    row_links: bool,
    code: Option<Vec<Line>>,
    metadata: Option<String>,
    front_title: Option<String>,
    link_depth: usize,
    titles: TitleSource,
    /// The open lists, innermost last: the next number of an ordered one, `None` for bullets.
    lists: Vec<Option<u64>>,
    /// `3. ` for the item just opened in an ordered list: its first line starts with it, as
    /// the note shows it (steps keep their order in `show`, snippets and the preview).
    item_number: Option<String>,
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
            file_title: title.to_string(),
            layout: Layout::Below(HeadingLevel::H2),
            section: None,
            preamble: Vec::new(),
            lines: Vec::new(),
            current: None,
            current_links: false,
            heading: None,
            heading_text: String::new(),
            headings_seen: 0,
            table: None,
            cells: Vec::new(),
            cell: None,
            row_line: 0,
            row_links: false,
            code: None,
            metadata: None,
            front_title: None,
            link_depth: 0,
            titles: TitleSource::FrontMatter,
            lists: Vec::new(),
            item_number: None,
        }
    }

    fn line_of(&self, offset: usize) -> u32 {
        self.line_starts.partition_point(|&start| start <= offset) as u32
    }

    fn run(mut self) -> Note {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_WIKILINKS
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
            | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS;
        let text = self.text;
        let events: Vec<(Event<'t>, std::ops::Range<usize>)> =
            Parser::new_ext(text, options).into_offset_iter().collect();
        self.layout = layout_of(&events);
        for (event, range) in events {
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
        match (self.front_title.take(), self.titles) {
            // A site's front-matter title is what readers see; the file name (a slug such as
            // `message-queue`, or `index`) stays findable as an alias.
            (Some(title), TitleSource::FrontMatter) => {
                self.note.title = title;
                if !is_index_name(&self.file_title) {
                    self.note.aliases.push(self.file_title.clone());
                }
            }
            (Some(title), TitleSource::FileName) => self.note.aliases.push(title),
            (None, _) => {}
        }
        dedup_in_order(&mut self.note.tags);
        let title = crate::text::key(&self.note.title);
        self.note
            .aliases
            .retain(|a| !a.is_empty() && crate::text::key(a) != title);
        dedup_in_order(&mut self.note.aliases);
        self.note.kind = super::kind::classify(&self.note, &self.file_title);
        self.note
    }

    fn event(&mut self, event: Event<'t>, offset: usize) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => self.metadata = Some(String::new()),
            Event::End(TagEnd::MetadataBlock(kind)) => {
                if let Some(front) = self.metadata.take() {
                    match kind {
                        MetadataBlockKind::YamlStyle => self.yaml_front_matter(&front),
                        MetadataBlockKind::PlusesStyle => self.toml_front_matter(&front),
                    }
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
                self.row_links = false;
            }
            Event::Start(Tag::TableCell) => self.cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let cell = self.cell.take().unwrap_or_default();
                self.cells
                    .push(markup::clean_line(&cell).trim().to_string());
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
                if row.cells.iter().any(|c| !c.is_empty()) {
                    self.note.stats.lines += 1;
                    self.note.stats.link_lines += self.row_links as usize;
                }
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
                if self.table.is_some() {
                    self.row_links = true;
                } else {
                    self.current_links = true;
                }
                let line = self.line_of(offset);
                if let Some(link) = Link::from_destination(link_type, &dest_url, line) {
                    self.note.links.push(link);
                }
            }
            Event::End(TagEnd::Link) => self.link_depth = self.link_depth.saturating_sub(1),
            Event::Text(text) | Event::Code(text) => self.text(&text, offset),
            // The text of HTML (`<details>`, `<div class="note">`) is note text; its tags are not.
            Event::Html(html) | Event::InlineHtml(html) => self.html(&html, offset),
            Event::SoftBreak | Event::HardBreak => self.flush_line(),
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => self.flush_line(),
            Event::Start(Tag::List(first)) => {
                self.flush_line();
                self.lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                self.flush_line();
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                self.flush_line();
                self.item_number = match self.lists.last_mut() {
                    Some(Some(next)) => {
                        *next += 1;
                        Some(format!("{}. ", *next - 1))
                    }
                    _ => None,
                };
            }
            _ => {}
        }
    }

    fn html(&mut self, html: &str, offset: usize) {
        if self.metadata.is_some() || self.code.is_some() {
            return self.text(html, offset);
        }
        let mut at = offset;
        for (i, piece) in html.split('\n').enumerate() {
            if i > 0 {
                self.flush_line();
            }
            let text = markup::html_text(piece);
            if !text.trim().is_empty() {
                self.text(&text, at);
            }
            at += piece.len() + 1;
        }
    }

    fn text(&mut self, text: &str, offset: usize) {
        if let Some(front) = self.metadata.as_mut() {
            front.push_str(text);
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
            let number = &mut self.item_number;
            self.current
                .get_or_insert_with(|| Line {
                    line,
                    text: number.take().unwrap_or_default(),
                })
                .text
                .push_str(text);
        }
    }

    fn flush_line(&mut self) {
        let has_link = std::mem::take(&mut self.current_links);
        let Some(mut line) = self.current.take() else {
            return;
        };
        let cleaned = markup::clean_line(&line.text);
        let trimmed = cleaned.trim();
        if trimmed.is_empty() {
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
        self.note.stats.lines += 1;
        self.note.stats.link_lines += has_link as usize;
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
        let heading = markup::clean_line(&self.heading_text).trim().to_string();
        let line = self.line_of(offset);
        let first = self.headings_seen == 0;
        self.headings_seen += 1;
        let kind = SectionKind::from_heading(&heading);
        let section_level = match self.layout {
            Layout::Below(level) => level,
            Layout::H1 => HeadingLevel::H1,
        };
        let opens_section = match level {
            // The title written again as the first heading (`# 교착상태`), or a `#` before the
            // `##` sections of a site page: another name of the topic.
            HeadingLevel::H1
                if self.section.is_none()
                    && (self.layout != Layout::H1 || first && self.repeats_title(&heading)) =>
            {
                self.note.aliases.push(heading);
                return;
            }
            HeadingLevel::H1 => true,
            level if level == section_level => true,
            // `###` and deeper belong to the enclosing section, unless they name a known one.
            _ => kind.is_some(),
        };
        if opens_section {
            self.end_text_block();
            self.close_section();
            self.section = Some(Section {
                kind,
                heading,
                line,
                blocks: Vec::new(),
            });
        } else if !heading.is_empty() {
            self.current = Some(Line {
                line,
                text: heading,
            });
            self.flush_line();
        }
    }

    /// Whether a heading is the note's title written again (`# 스풀링` in `스풀링(Spooling).md`).
    fn repeats_title(&self, heading: &str) -> bool {
        let heading = crate::text::key(heading);
        !heading.is_empty()
            && [self.front_title.as_deref(), Some(self.file_title.as_str())]
                .into_iter()
                .flatten()
                .map(crate::text::key)
                .any(|title| title.contains(&heading) || heading.contains(&title))
    }

    fn close_section(&mut self) {
        self.end_text_block();
        if let Some(section) = self.section.take() {
            self.note.sections.push(section);
        }
    }

    fn yaml_front_matter(&mut self, yaml: &str) {
        let Ok(docs) = YamlLoader::load_from_str(yaml) else {
            return;
        };
        let Some(doc) = docs.first() else { return };
        for key in ["tags", "tag", "categories"] {
            self.note.tags.extend(
                yaml_strings(&doc[key])
                    .into_iter()
                    .flat_map(|t| split_tags(&t)),
            );
        }
        for key in ["aliases", "alias"] {
            self.note.aliases.extend(yaml_strings(&doc[key]));
        }
        self.front_title = yaml_strings(&doc["title"])
            .into_iter()
            .find(|t| !t.is_empty());
        self.note.stats.has_children = doc["has_children"].as_bool() == Some(true);
    }

    /// Hugo's TOML front matter (`+++`).
    fn toml_front_matter(&mut self, text: &str) {
        let Ok(table) = text.parse::<toml::Table>() else {
            return;
        };
        let strings = |key: &str| -> Vec<String> {
            match table.get(key) {
                Some(toml::Value::String(s)) => vec![s.trim().to_string()],
                Some(toml::Value::Array(items)) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(|s| s.trim().to_string()))
                    .collect(),
                _ => Vec::new(),
            }
        };
        for key in ["tags", "categories"] {
            self.note
                .tags
                .extend(strings(key).into_iter().flat_map(|t| split_tags(&t)));
        }
        self.note.aliases.extend(strings("aliases"));
        self.front_title = strings("title").into_iter().find(|t| !t.is_empty());
    }
}

/// Whether the headings make sections at `#` (several `#`, no `##`) or at the shallowest level
/// below `#` (`##`, or `###` in a note that has no `##` and at most one `#`).
fn layout_of(events: &[(Event<'_>, std::ops::Range<usize>)]) -> Layout {
    let mut h1 = 0;
    let mut below: Option<HeadingLevel> = None;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => h1 += 1,
            Event::Start(Tag::Heading { level, .. }) => {
                below = Some(below.map_or(*level, |b| b.min(*level)));
            }
            _ => {}
        }
    }
    match below {
        Some(level) if level == HeadingLevel::H2 || h1 < 2 => Layout::Below(level),
        None if h1 < 2 => Layout::Below(HeadingLevel::H2),
        _ => Layout::H1,
    }
}

/// File names that name a folder's page rather than a topic (`index`, `_index`, `README`).
pub(crate) fn is_index_name(stem: &str) -> bool {
    matches!(stem.to_lowercase().as_str(), "index" | "_index" | "readme")
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

fn dedup_in_order(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| seen.insert(item.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_LIKE: &str = "#정보관리기술사 #클라우드 #필수

## 정의
도커(Docker)
- 컨테이너 이미지를 만들고 실행하는 플랫폼이다.
## 키워드
* Image, Container, Registry
## 암기법
* 이컨레 (Image, Container, Registry)
## 특징
- 경량: 커널을 공유한다.
### 세부
- 격리: Namespace와 cgroups를 쓴다.
## 구성요소
| 구성요소 | 핵심기술 | 설명 |
|----------|----------|------|
| Container | Docker, Kubernetes | 컨테이너 기반 경량 가상화 |
| Registry | Harbor | 이미지 저장소 |
## 구성도
```
┌─ Docker Host ──────┐
│  Container  ▶  App │
└────────────────────┘
```
## 연관 토픽
- [[쿠버네티스(Kubernetes)]] - 오케스트레이션
- [[MSA와 Monolithic Architecture|MSA]] - 배포 단위
";

    fn note() -> Note {
        parse("도커(Docker)", SEED_LIKE)
    }

    fn section(note: &Note, kind: SectionKind) -> &Section {
        note.sections
            .iter()
            .find(|s| s.kind == Some(kind))
            .unwrap_or_else(|| panic!("no {kind}"))
    }

    fn texts(section: &Section) -> Vec<String> {
        section.search_lines().into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn tag_line_gives_tags() {
        assert_eq!(note().tags, ["정보관리기술사", "클라우드", "필수"]);
    }

    #[test]
    fn every_known_section_is_found_with_its_heading_line() {
        let note = note();
        let kinds: Vec<Option<SectionKind>> = note.sections.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, SectionKind::ALL.map(Some));
        assert_eq!(section(&note, SectionKind::Definition).line, 3);
        assert_eq!(section(&note, SectionKind::Components).line, 14);
    }

    #[test]
    fn list_items_become_lines_with_their_source_line() {
        let note = note();
        let lines = section(&note, SectionKind::Definition).search_lines();
        assert_eq!(
            lines[0],
            Line {
                line: 4,
                text: "도커(Docker)".into()
            }
        );
        assert_eq!(lines[1].line, 5);
        assert_eq!(
            lines[1].text,
            "컨테이너 이미지를 만들고 실행하는 플랫폼이다."
        );
    }

    #[test]
    fn deeper_headings_belong_to_their_section() {
        let note = note();
        assert_eq!(
            texts(section(&note, SectionKind::Features)),
            [
                "경량: 커널을 공유한다.",
                "세부",
                "격리: Namespace와 cgroups를 쓴다."
            ]
        );
    }

    #[test]
    fn ordered_items_keep_their_numbers_and_bullets_do_not_get_one() {
        let note = parse(
            "x",
            "## 절차\n3. 요청\n4. 저장\n   - 세부\n5. **복귀**한다\n\n- 점\n",
        );
        assert_eq!(
            texts(&note.sections[0]),
            ["3. 요청", "4. 저장", "세부", "5. 복귀한다", "점"]
        );
    }

    #[test]
    fn table_rows_read_as_cells_without_pipes() {
        let note = note();
        assert_eq!(
            texts(section(&note, SectionKind::Components)),
            [
                "Container · Docker, Kubernetes · 컨테이너 기반 경량 가상화",
                "Registry · Harbor · 이미지 저장소"
            ]
        );
        let Block::Table { header, rows } = &section(&note, SectionKind::Components).blocks[0]
        else {
            panic!("not a table")
        };
        assert_eq!(header, &["구성요소", "핵심기술", "설명"]);
        assert_eq!(rows[1].line, 18);
    }

    #[test]
    fn diagrams_keep_words_not_box_drawing() {
        let note = note();
        let lines = section(&note, SectionKind::Diagram).search_lines();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "Docker Host");
        assert_eq!(lines[0].line, 21);
        assert_eq!(lines[1].text, "Container App");
    }

    fn targets(note: &Note) -> Vec<(&str, u32)> {
        note.links
            .iter()
            .map(|l| (l.target.as_str(), l.line))
            .collect()
    }

    #[test]
    fn wikilinks_are_kept_with_their_line() {
        assert_eq!(
            targets(&note()),
            [
                ("쿠버네티스(Kubernetes)", 26),
                ("MSA와 Monolithic Architecture", 27)
            ]
        );
        let related = texts(section(&note(), SectionKind::Related));
        assert_eq!(related[1], "MSA - 배포 단위");
    }

    #[test]
    fn crlf_notes_parse_like_lf_notes() {
        let crlf = SEED_LIKE.replace('\n', "\r\n");
        let a = note();
        let b = parse("도커(Docker)", &crlf);
        assert_eq!(a.tags, b.tags);
        for (x, y) in a.sections.iter().zip(&b.sections) {
            assert_eq!(x.search_lines(), y.search_lines());
        }
    }

    #[test]
    fn front_matter_gives_tags_aliases_and_title() {
        let text = "---\ntitle: 컨테이너 플랫폼\ntags: [cloud, 필수]\naliases:\n  - Docker\n---\n# 도커\n## 개념\n내용\n";
        let note = parse("도커", text);
        assert_eq!(note.tags, ["cloud", "필수"]);
        assert_eq!(note.title, "컨테이너 플랫폼");
        assert_eq!(note.aliases, ["Docker", "도커"]);
        assert_eq!(note.sections[0].kind, Some(SectionKind::Definition));
        assert_eq!(note.sections[0].heading, "개념");
    }

    #[test]
    fn file_name_titles_keep_the_front_matter_title_as_another_name() {
        let text = "---\ntitle: 컨테이너 플랫폼\n---\n## 정의\n내용\n";
        let note = parse_with("docker", text, TitleSource::FileName);
        assert_eq!(note.title, "docker");
        assert_eq!(note.aliases, ["컨테이너 플랫폼"]);
        assert_eq!(parse("docker", text).title, "컨테이너 플랫폼");
    }

    #[test]
    fn notes_without_headings_are_one_body_section() {
        let note = parse("메모", "그냥 적어 둔 메모이다.\n둘째 줄\n");
        assert_eq!(note.sections.len(), 1);
        assert_eq!(note.sections[0].display_name(), "본문");
        assert_eq!(note.sections[0].search_lines().len(), 2);
    }

    #[test]
    fn missing_sections_are_simply_absent() {
        let note = parse("짧은 노트", "## 정의\n정의만 있다\n");
        assert_eq!(note.sections.len(), 1);
        assert!(note.tags.is_empty());
    }

    #[test]
    fn notes_without_level_two_headings_make_sections_of_level_three() {
        let note = parse(
            "SBOM",
            "# SBOM\n### 개념\n구성 목록\n### 표준 포맷\nSPDX, CycloneDX\n#### 세부\n버전\n",
        );
        assert_eq!(note.aliases, Vec::<String>::new());
        let headings: Vec<&str> = note.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["개념", "표준 포맷"]);
        assert_eq!(note.sections[0].kind, Some(SectionKind::Definition));
        assert_eq!(
            texts(&note.sections[1]),
            ["SPDX, CycloneDX", "세부", "버전"]
        );
        // Beside a `##`, a `###` stays inside its section.
        let note = parse("x", "## 개요\n뜻\n### 동작 원리\n해시\n");
        assert_eq!(note.sections.len(), 1);
        assert_eq!(texts(&note.sections[0]), ["뜻", "동작 원리", "해시"]);
    }

    #[test]
    fn other_headings_are_kept_with_their_heading() {
        let note = parse(
            "x",
            "## 📌 정의\n뜻\n## 비교\n| 항목 | A |\n|---|---|\n| 속도 | 빠름 |\n",
        );
        assert_eq!(note.sections[0].kind, Some(SectionKind::Definition));
        assert_eq!(note.sections[0].heading, "📌 정의");
        assert_eq!(note.sections[1].kind, None);
        assert_eq!(note.sections[1].display_name(), "비교");
        assert_eq!(texts(&note.sections[1]), ["속도 · 빠름"]);
    }

    #[test]
    fn kramdown_attributes_and_link_urls_are_not_text() {
        let note = parse(
            "x",
            "## 정의\n{: .fs-8 }\n자세한 내용은 [도커 문서](/docs/cloud/docker/)를 본다.\n",
        );
        assert_eq!(
            texts(&note.sections[0]),
            ["자세한 내용은 도커 문서를 본다."]
        );
        assert_eq!(targets(&note), [("/docs/cloud/docker/", 3)]);
    }

    #[test]
    fn an_unclosed_fence_keeps_the_rest_as_diagram_text() {
        let note = parse("x", "## 구성도\n```\n│ A │\n## 연관 토픽\n");
        assert_eq!(note.sections.len(), 1);
        assert_eq!(texts(&note.sections[0]), ["A", "## 연관 토픽"]);
    }
}
