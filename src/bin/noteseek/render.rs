//! Rendering a note, or some of its sections, as clean text (`show`, the picker's preview).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use noteseek::note::{Block, Note, Section};
use noteseek::section::{heading_key, SectionKind};
use noteseek::{Error, Result};

use crate::wrap;

/// Which part of a note to show.
pub fn select_sections<'n>(note: &'n Note, section: Option<&str>) -> Result<Vec<&'n Section>> {
    let Some(name) = section else {
        return Ok(note.sections.iter().collect());
    };
    let chosen: Vec<&Section> = match SectionKind::from_user_name(name) {
        Some(kind) => note
            .sections
            .iter()
            .filter(|s| s.kind == Some(kind))
            .collect(),
        None => {
            let key = heading_key(name);
            note.sections
                .iter()
                .filter(|s| heading_key(&s.heading) == key)
                .collect()
        }
    };
    if chosen.is_empty() {
        let present: Vec<&str> = note.sections.iter().map(|s| s.display_name()).collect();
        return Err(Error::UnknownSection {
            name: name.to_string(),
            valid: format!("`{}` has {}", note.title, present.join(", ")),
        });
    }
    Ok(chosen)
}

/// One line of rendered text and the source line it came from, for the picker's preview (which
/// scrolls to the matched line and wraps prose but not diagrams).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedLine {
    pub text: String,
    /// 1-based line in the note file; `None` for titles, blank lines, table headers and rules.
    pub source: Option<u32>,
    /// A diagram line: its columns matter, so it is never wrapped.
    pub verbatim: bool,
    /// Where a wrapped continuation starts, in columns: a table row's last column.
    pub hang: usize,
}

impl RenderedLine {
    fn new(text: impl Into<String>, source: Option<u32>) -> RenderedLine {
        RenderedLine {
            text: text.into(),
            source,
            verbatim: false,
            hang: 0,
        }
    }
}

/// The note as text: title and tags, then each section under its heading; tables as aligned
/// rows, diagrams verbatim. With one section chosen, only that section's content. With a
/// `width` (a terminal's), text and table rows wrap at spaces with a hanging indent; diagrams
/// never do.
pub fn render(note: &Note, sections: &[&Section], whole: bool, width: Option<usize>) -> String {
    let mut out = String::new();
    for line in render_lines(note, sections, whole) {
        match width {
            Some(width) if !line.verbatim && line.text.width() > width => {
                // A table row goes on under its last column unless that leaves too little room.
                let hang = match line.hang {
                    0 => wrap::hang_of(&line.text),
                    hang if hang <= width / 2 => hang,
                    _ => 2,
                };
                out.push_str(&wrap::wrap_line(&line.text, "", hang, width));
            }
            _ => out.push_str(&line.text),
        }
        out.push('\n');
    }
    out
}

/// [`render`] line by line, each with its source line.
pub fn render_lines(note: &Note, sections: &[&Section], whole: bool) -> Vec<RenderedLine> {
    let mut out = Vec::new();
    if whole {
        out.push(RenderedLine::new(&note.title, None));
        if !note.aliases.is_empty() {
            out.push(RenderedLine {
                hang: 1,
                ..RenderedLine::new(format!("({})", note.aliases.join(", ")), None)
            });
        }
        if !note.tags.is_empty() {
            let tags: Vec<String> = note.tags.iter().map(|t| format!("#{t}")).collect();
            out.push(RenderedLine::new(tags.join(" "), None));
        }
    }
    for (i, section) in sections.iter().enumerate() {
        if whole {
            out.push(RenderedLine::new("", None));
            if !section.heading.is_empty() {
                out.push(RenderedLine::new(
                    format!("## {}", section.heading),
                    Some(section.line),
                ));
            }
        } else if i > 0 {
            out.push(RenderedLine::new("", None));
        }
        for block in &section.blocks {
            render_block(&mut out, block);
        }
    }
    out
}

fn render_block(out: &mut Vec<RenderedLine>, block: &Block) {
    match block {
        Block::Text(lines) => {
            out.extend(
                lines
                    .iter()
                    .map(|l| RenderedLine::new(&l.text, Some(l.line))),
            );
        }
        Block::Code(lines) => out.extend(lines.iter().map(|l| RenderedLine {
            verbatim: true,
            ..RenderedLine::new(&l.text, Some(l.line))
        })),
        Block::Table { header, rows } => {
            let columns = rows
                .iter()
                .map(|r| r.cells.len())
                .chain([header.len()])
                .max()
                .unwrap_or(0);
            let mut widths: BTreeMap<usize, usize> = BTreeMap::new();
            for cells in std::iter::once(header).chain(rows.iter().map(|r| &r.cells)) {
                for (i, cell) in cells.iter().enumerate() {
                    let w = widths.entry(i).or_default();
                    *w = (*w).max(cell.width());
                }
            }
            let line = |cells: &[String]| {
                let mut text = String::new();
                for i in 0..columns {
                    let cell = cells.get(i).map_or("", String::as_str);
                    if i + 1 < columns {
                        let pad = widths.get(&i).copied().unwrap_or(0) - cell.width();
                        let _ = write!(text, "{cell}{}  ", " ".repeat(pad));
                    } else {
                        text.push_str(cell);
                    }
                }
                text.trim_end().to_string()
            };
            // Continuations of a long row stand under its last column.
            let hang = (0..columns.saturating_sub(1))
                .map(|i| widths.get(&i).copied().unwrap_or(0) + 2)
                .sum();
            let row = |cells: &[String], source| RenderedLine {
                hang,
                ..RenderedLine::new(line(cells), source)
            };
            if !header.is_empty() {
                out.push(row(header, None));
                let rule: Vec<String> = (0..columns)
                    .map(|i| "─".repeat(widths.get(&i).copied().unwrap_or(0)))
                    .collect();
                out.push(RenderedLine::new(rule.join("  "), None));
            }
            out.extend(rows.iter().map(|r| row(&r.cells, Some(r.line))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use noteseek::note::parse;

    const NOTE: &str = "#클라우드\n\n## 정의\n컨테이너 기반 가상화\n## 구성요소\n| 구성요소 | 설명 |\n|---|---|\n| Docker Engine | 컨테이너 실행 |\n| 레지스트리 | 이미지 저장소 |\n## 비교\nVM과 다르다\n";

    #[test]
    fn tables_render_as_aligned_rows() {
        let note = parse("도커", NOTE);
        let sections = select_sections(&note, Some("구성요소")).unwrap();
        let text = render(&note, &sections, false, None);
        assert_eq!(
            text,
            "구성요소       설명\n─────────────  ─────────────\nDocker Engine  컨테이너 실행\n레지스트리     이미지 저장소\n"
        );
    }

    #[test]
    fn on_a_terminal_rows_wrap_under_their_second_column_and_diagrams_never() {
        let note = parse(
            "도커",
            "## 구성요소\n| 이름 | 설명 |\n|---|---|\n| 엔진 | 컨테이너를 만들고 실행하며 이미지를 관리하는 데몬 |\n## 구성도\n```\n┌──────────────────────────────┐ 그림\n```\n",
        );
        let sections = select_sections(&note, None).unwrap();
        let text = render(&note, &sections, false, Some(30));
        assert!(
            text.contains(
                "엔진  컨테이너를 만들고\n      실행하며 이미지를\n      관리하는 데몬\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("┌──────────────────────────────┐ 그림\n"),
            "{text}"
        );
    }

    #[test]
    fn other_sections_are_found_by_heading() {
        let note = parse("도커", NOTE);
        let sections = select_sections(&note, Some("비교")).unwrap();
        assert_eq!(render(&note, &sections, false, None), "VM과 다르다\n");
    }

    #[test]
    fn a_missing_section_names_the_ones_there() {
        let note = parse("도커", NOTE);
        let err = select_sections(&note, Some("암기법"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("정의, 구성요소, 비교"), "{err}");
    }

    #[test]
    fn whole_note_has_title_tags_and_headings() {
        let note = parse("도커", NOTE);
        let sections = select_sections(&note, None).unwrap();
        let text = render(&note, &sections, true, None);
        assert!(
            text.starts_with("도커\n#클라우드\n\n## 정의\n컨테이너 기반 가상화\n"),
            "{text}"
        );
    }
}
