//! Drawing the picker: the query line, the ranked list (title, section, folder), the preview of
//! the selected hit and a status line; the key help over them on `?`. Side by side from 100
//! columns, stacked below that (80×24 works). Widths are display columns: a Hangul syllable
//! takes two.

use std::path::Path;

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, HighlightSpacing, Paragraph, Row, Table, TableState};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use noteseek::note::NoteKind;
use noteseek::search::Hit;

use super::preview::{self, Preview};
use super::state::{Listing, State};
use crate::printer::sanitize;

/// From this width on, the list and the preview stand side by side.
const WIDE: u16 = 100;
/// Widest section and folder columns; longer names are cut.
const SECTION_COLUMNS: u16 = 12;
const FOLDER_COLUMNS: u16 = 16;

/// Styles, in colour or (with `NO_COLOR`) in bold, underline and reverse only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set (to anything but the empty string).
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn paint(self, color: Color, style: Style) -> Style {
        if self.color {
            style.fg(color)
        } else {
            style
        }
    }

    fn prompt(self) -> Style {
        self.paint(Color::Cyan, Style::new().add_modifier(Modifier::BOLD))
    }

    fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    fn section(self) -> Style {
        self.paint(Color::Cyan, Style::new())
    }

    fn folder(self) -> Style {
        self.paint(Color::Magenta, Style::new())
    }

    fn line_number(self) -> Style {
        self.paint(Color::Green, Style::new())
    }

    fn matched(self) -> Style {
        if self.color {
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    fn selected(self) -> Style {
        if self.color {
            Style::new().bg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    fn error(self) -> Style {
        self.paint(Color::Red, Style::new().add_modifier(Modifier::BOLD))
    }
}

/// Where each part goes on a screen of `area`.
struct Areas {
    query: Rect,
    /// Everything between the query line and the status line.
    body: Rect,
    list: Rect,
    /// The preview's heading row: section, path and line.
    heading: Rect,
    preview: Rect,
    status: Rect,
    /// The column between list and preview, side by side.
    divider: Option<Rect>,
}

fn areas(area: Rect) -> Areas {
    let [query, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (list, heading, preview, divider) = if area.width >= WIDE {
        let [list, gap, right] = Layout::horizontal([
            Constraint::Percentage(45),
            Constraint::Length(3),
            Constraint::Fill(1),
        ])
        .areas(body);
        // A rule in the middle of the gap.
        let divider = Rect {
            x: gap.x + 1,
            width: 1,
            ..gap
        };
        let [heading, preview] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(right);
        (list, heading, preview, Some(divider))
    } else {
        let [list, heading, preview] = Layout::vertical([
            Constraint::Percentage(40),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(body);
        (list, heading, preview, None)
    };
    Areas {
        query,
        body,
        list,
        heading,
        preview,
        status,
        divider,
    }
}

/// Draws the whole screen. `preview` is the selected hit's, when there is one. Also records in
/// `state` what only drawing knows: the list's height and scroll offset, the preview's scroll.
pub fn draw(
    frame: &mut Frame,
    state: &mut State,
    preview: Option<Result<Preview, String>>,
    notes: &Path,
    theme: Theme,
) {
    let areas = areas(frame.area());
    state.page = areas.list.height as usize;
    draw_query(frame, state, areas.query, theme);
    draw_status(frame, state, areas.status, theme);
    if state.help {
        // In place of list and preview: a box over them could cut a Hangul syllable in half.
        draw_help(frame, areas.body, theme);
        return;
    }
    draw_list(frame, state, areas.list, theme);
    if let Some(divider) = areas.divider {
        frame.render_widget(
            Block::new()
                .borders(Borders::LEFT)
                .border_style(theme.dim()),
            divider,
        );
    }
    draw_heading(frame, state.selected_hit(), notes, areas.heading, theme);
    match preview {
        Some(Ok(preview)) => draw_preview(frame, state, &preview, areas.preview, theme),
        Some(Err(reason)) => frame.render_widget(
            Paragraph::new(Span::styled(sanitize(&reason).into_owned(), theme.error())),
            areas.preview,
        ),
        None => {}
    }
}

fn draw_query(frame: &mut Frame, state: &State, area: Rect, theme: Theme) {
    let filter = state.filter().map_or("all", |kind| kind.korean());
    let count = match &state.listing {
        Listing::Hits { hits, .. } if !hits.is_empty() => {
            format!("{}/{}", state.selected + 1, hits.len())
        }
        Listing::Hits { .. } => "0/0".to_string(),
        _ => String::new(),
    };
    let info = format!(" [{filter}] {count}");
    let [left, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(info.width() as u16)])
            .areas(area);
    const PROMPT: &str = "> ";
    // Keep the cursor in view: a query longer than the line loses its beginning.
    let room = (left.width as usize).saturating_sub(PROMPT.len() + 1);
    let before = sanitize(state.query.before_cursor()).into_owned();
    let after = sanitize(&state.query.text()[state.query.before_cursor().len()..]).into_owned();
    let mut skip = 0;
    while before[skip..].width() > room {
        skip += before[skip..].chars().next().map_or(1, char::len_utf8);
    }
    let line = Line::from(vec![
        Span::styled(PROMPT, theme.prompt()),
        Span::raw(format!("{}{after}", &before[skip..])),
    ]);
    frame.render_widget(Paragraph::new(line), left);
    frame.render_widget(Paragraph::new(Span::styled(info, theme.dim())), right);
    if !state.help {
        let x = left.x + (PROMPT.len() + before[skip..].width()) as u16;
        frame.set_cursor_position((x.min(left.right().saturating_sub(1)), left.y));
    }
}

fn draw_list(frame: &mut Frame, state: &mut State, area: Rect, theme: Theme) {
    let note = match &state.listing {
        Listing::Empty => {
            Some("type to search: words, 초성 (ㅋㅂㄴ), half-typed words; ? for keys".to_string())
        }
        Listing::NoWords => {
            Some("no searchable words (only particles, endings or punctuation)".to_string())
        }
        Listing::Failed(reason) => Some(reason.clone()),
        Listing::Hits { hits, .. } if hits.is_empty() => Some(match state.filter() {
            Some(kind) => format!("nothing found in {}; Tab for other sections", kind.korean()),
            None => "nothing found".to_string(),
        }),
        Listing::Hits { .. } => None,
    };
    if let Some(note) = note {
        frame.render_widget(
            Paragraph::new(Span::styled(sanitize(&note).into_owned(), theme.dim())),
            area,
        );
        return;
    }
    let hits = state.hits();
    let section_width = column_width(
        hits.iter().map(|h| h.section.name.as_str()),
        SECTION_COLUMNS,
    );
    let folder_width = column_width(hits.iter().map(folder), FOLDER_COLUMNS);
    let rows: Vec<Row> = hits
        .iter()
        .map(|hit| {
            Row::new(vec![
                Cell::from(title_line(hit, theme)),
                Cell::from(Span::styled(
                    sanitize(&hit.section.name).into_owned(),
                    theme.section(),
                )),
                Cell::from(Span::styled(
                    sanitize(folder(hit)).into_owned(),
                    theme.folder(),
                )),
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(section_width),
            Constraint::Length(folder_width),
        ],
    )
    .column_spacing(2)
    .row_highlight_style(theme.selected())
    .highlight_symbol(Span::styled("> ", theme.prompt()))
    .highlight_spacing(HighlightSpacing::Always);
    let mut table_state = TableState::new()
        .with_offset(state.list_offset)
        .with_selected(Some(state.selected));
    frame.render_stateful_widget(table, area, &mut table_state);
    state.list_offset = table_state.offset();
}

/// The folder a hit's note is in, inside the notes folder.
fn folder(hit: &Hit) -> &str {
    hit.path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn column_width<'a>(names: impl Iterator<Item = &'a str>, most: u16) -> u16 {
    names.map(|n| n.width() as u16).max().unwrap_or(0).min(most)
}

/// A hit's title with the matched words marked, and its stub or listing mark.
fn title_line(hit: &Hit, theme: Theme) -> Line<'static> {
    let title = sanitize(&hit.title).into_owned();
    let marks = preview::marks(&title, &preview::matched_words(hit));
    let mut spans = marked_spans(&title, &marks, theme.title(), theme.matched());
    match hit.kind {
        NoteKind::Topic => {}
        NoteKind::Stub => spans.push(Span::styled(" (stub)", theme.dim())),
        NoteKind::Listing => spans.push(Span::styled(" (listing)", theme.dim())),
    }
    Line::from(spans)
}

/// `text` as spans, the byte ranges `marks` in `marked`, the rest in `plain`.
fn marked_spans(
    text: &str,
    marks: &[(usize, usize)],
    plain: Style,
    marked: Style,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for &(start, end) in marks {
        if start > at {
            spans.push(Span::styled(text[at..start].to_string(), plain));
        }
        spans.push(Span::styled(
            text[start..end].to_string(),
            plain.patch(marked),
        ));
        at = end;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_string(), plain));
    }
    spans
}

/// The preview's heading, a rule with the hit's section, path and line on it.
fn draw_heading(frame: &mut Frame, hit: Option<&Hit>, notes: &Path, area: Rect, theme: Theme) {
    let mut spans = vec![Span::styled("─ ", theme.dim())];
    if let Some(hit) = hit {
        let path = notes.join(&hit.path);
        spans.extend([
            Span::styled(sanitize(&hit.section.name).into_owned(), theme.section()),
            Span::raw(" · "),
            Span::styled(
                sanitize(&path.to_string_lossy()).into_owned(),
                theme.folder(),
            ),
            Span::raw(":"),
            Span::styled(hit.line.to_string(), theme.line_number()),
            Span::raw(" "),
        ]);
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let rest = (area.width as usize).saturating_sub(used);
    spans.push(Span::styled("─".repeat(rest), theme.dim()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_preview(frame: &mut Frame, state: &mut State, preview: &Preview, area: Rect, theme: Theme) {
    let (rows, target) = preview.rows(area.width as usize);
    let height = area.height as usize;
    let last_start = rows.len().saturating_sub(height);
    // The match a third of the way down, with what leads to it above.
    let start = target.saturating_sub(height / 3).min(last_start);
    let scrolled = (start as isize + state.preview_scroll).clamp(0, last_start as isize);
    state.preview_scroll = scrolled - start as isize;
    let lines: Vec<Line> = rows
        .iter()
        .skip(scrolled as usize)
        .take(height)
        .map(|row| {
            Line::from(marked_spans(
                &row.text,
                &row.marks,
                Style::new(),
                theme.matched(),
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_status(frame: &mut Frame, state: &State, area: Rect, theme: Theme) {
    let line = if let Some(message) = &state.message {
        Span::styled(sanitize(message).into_owned(), theme.error())
    } else if matches!(state.listing, Listing::Hits { relaxed: true, .. }) {
        Span::styled(
            "no note has every word; showing notes with some of them",
            theme.dim(),
        )
    } else {
        Span::styled(
            "Enter open · ^O print · Tab section · ? keys · Esc quit",
            theme.dim(),
        )
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The keys, as `?` shows them.
pub const KEYS: [(&str, &str); 11] = [
    (
        "type",
        "search as you type: 초성 (ㅋㅂㄴ), half-typed words",
    ),
    ("↑ ↓  ^P ^N", "move the selection"),
    ("PgUp PgDn", "move a page"),
    ("Shift-↑ ↓", "scroll the preview"),
    ("Tab  Shift-Tab", "section: all, 정의, 키워드, … 연관 토픽"),
    ("Enter", "open in $VISUAL or $EDITOR at the line"),
    ("^O", "print path:line (or --print) and quit"),
    ("← → Home End", "move in the query (^A ^E)"),
    ("^U  ^W", "delete to the start, delete a word"),
    ("Esc  ^C", "quit"),
    ("?", "these keys (any key closes)"),
];

fn draw_help(frame: &mut Frame, area: Rect, theme: Theme) {
    let key_width = KEYS.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let lines: Vec<Line> = KEYS
        .iter()
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(format!(" {key:<key_width$}  "), theme.title()),
                Span::raw(*what),
            ])
        })
        .collect();
    let width = (lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 3).min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    let [box_area] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [box_area] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(box_area);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" keys ")),
        box_area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::picker::preview::preview;
    use crate::picker::state::tests::hit;
    use noteseek::note::parse;
    use noteseek::search::Snippet;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;
    use ratatui::Terminal;

    const DOCKER: &str = "#클라우드\n\n## 정의\n도커(Docker)\n- 컨테이너 이미지를 만들고 실행하는 도커 플랫폼\n## 키워드\n* Container, Image\n";

    fn state() -> (State, Preview) {
        let mut docker = hit(1, "도커(Docker)", "cloud/도커(Docker).md");
        docker.line = 5;
        docker.snippet = Snippet {
            text: "컨테이너 이미지를 만들고 실행하는 도커 플랫폼".into(),
            highlights: vec![(49, 55)],
        };
        let kubernetes = hit(
            2,
            "쿠버네티스(Kubernetes)",
            "cloud/쿠버네티스(Kubernetes).md",
        );
        let mut state = State::new("도커");
        state.show(
            Listing::Hits {
                hits: vec![docker.clone(), kubernetes],
                relaxed: false,
            },
            false,
        );
        let preview = preview(&parse("도커(Docker)", DOCKER), &docker);
        (state, preview)
    }

    fn draw_on(
        width: u16,
        height: u16,
        state: &mut State,
        preview: Option<Preview>,
        theme: Theme,
    ) -> Buffer {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| draw(frame, state, preview.map(Ok), Path::new("notes"), theme))
            .unwrap();
        terminal.backend().buffer().clone()
    }

    /// The text of each row, a wide character once.
    fn rows(buffer: &Buffer) -> Vec<String> {
        let area = buffer.area;
        (area.top()..area.bottom())
            .map(|y| {
                let mut row = String::new();
                let mut x = area.left();
                while x < area.right() {
                    let symbol = buffer[(x, y)].symbol();
                    row.push_str(symbol);
                    x += symbol.width().max(1) as u16;
                }
                row.trim_end().to_string()
            })
            .collect()
    }

    /// A line of styled pieces.
    fn styled(pieces: &[(&str, Style)]) -> Line<'static> {
        Line::from(
            pieces
                .iter()
                .map(|(text, style)| Span::styled(text.to_string(), *style))
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn stacked_at_a_narrow_terminal_in_monochrome() {
        let (mut state, preview) = state();
        let theme = Theme { color: false };
        let buffer = draw_on(48, 9, &mut state, Some(preview), theme);
        let none = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let marked = bold.add_modifier(Modifier::UNDERLINED);
        let dim = Style::new().add_modifier(Modifier::DIM);
        let rev = Style::new().add_modifier(Modifier::REVERSED);
        let expected = Buffer::with_lines([
            // The query, then the filter and the selection's place.
            styled(&[
                ("> ", bold),
                ("도커", none),
                (&" ".repeat(32), none),
                (" [all] 1/2", dim),
            ]),
            // The selected hit in reverse video, its matched word marked; title, section, folder.
            styled(&[
                ("> ", bold.patch(rev)),
                ("도커", marked.patch(rev)),
                ("(Docker)", bold.patch(rev)),
                (&" ".repeat(23), rev),
                ("정의  cloud", rev),
            ]),
            styled(&[
                ("  ", none),
                ("쿠버네티스(Kubernetes)", bold),
                (&" ".repeat(13), none),
                ("정의  cloud", none),
            ]),
            styled(&[]),
            // The preview's heading, then the matched section with its match marked.
            styled(&[
                ("─ ", dim),
                ("정의 · notes/cloud/도커(Docker).md:5 ", none),
                (&"─".repeat(9), dim),
            ]),
            styled(&[("도커", marked), ("(Docker)", none)]),
            styled(&[
                ("컨테이너 이미지를 만들고 실행하는 ", none),
                ("도커", marked),
                (" 플랫폼", none),
            ]),
            styled(&[]),
            styled(&[("Enter open · ^O print · Tab section · ? keys · E", dim)]),
        ]);
        assert_same(&buffer, &expected);
    }

    #[test]
    fn side_by_side_from_a_hundred_columns_in_colour() {
        let (mut state, preview) = state();
        let theme = Theme { color: true };
        let buffer = draw_on(100, 5, &mut state, Some(preview), theme);
        assert_eq!(
            rows(&buffer),
            [
                "> 도커                                                                                     [all] 1/2",
                "> 도커(Docker)                    정의  cloud │ ─ 정의 · notes/cloud/도커(Docker).md:5 ─────────────",
                "  쿠버네티스(Kubernetes)          정의  cloud │ 도커(Docker)",
                "                                              │ 컨테이너 이미지를 만들고 실행하는 도커 플랫폼",
                "Enter open · ^O print · Tab section · ? keys · Esc quit",
            ]
        );
        // Colour: the matched word in red, the selected row on grey.
        assert_eq!(buffer[(2, 1)].fg, Color::Red);
        assert_eq!(buffer[(6, 1)].bg, Color::DarkGray);
        assert_eq!(buffer[(82, 3)].fg, Color::Red);
    }

    #[test]
    fn the_keys_take_the_place_of_list_and_preview() {
        let (mut state, preview) = state();
        state.help = true;
        let buffer = draw_on(80, 16, &mut state, Some(preview), Theme { color: false });
        let rows = rows(&buffer);
        assert!(rows[0].starts_with("> 도커"));
        assert!(
            rows.iter().any(|r| r.trim().starts_with("┌ keys")),
            "{rows:#?}"
        );
        assert!(rows
            .iter()
            .any(|r| r.contains("Enter           open in $VISUAL or $EDITOR")));
        assert!(!rows.iter().any(|r| r.contains("쿠버네티스")), "{rows:#?}");
    }

    #[test]
    fn the_list_says_why_it_is_empty() {
        let mut state = State::new("");
        let buffer = draw_on(60, 6, &mut state, None, Theme { color: false });
        assert!(
            rows(&buffer)[1].starts_with("type to search: words, 초성 (ㅋㅂㄴ), half-typed words")
        );
        state.query = super::super::state::QueryLine::new("정의:");
        state.show(
            Listing::Failed("invalid query: `정의:` has nothing after the colon".into()),
            false,
        );
        let buffer = draw_on(60, 6, &mut state, None, Theme { color: false });
        assert_eq!(
            rows(&buffer)[1],
            "invalid query: `정의:` has nothing after the colon"
        );
    }

    #[test]
    fn a_long_query_keeps_the_cursor_in_view() {
        let mut state = State::new(&"쿠버네티스 ".repeat(8));
        let mut terminal = Terminal::new(TestBackend::new(30, 4)).unwrap();
        terminal
            .draw(|frame| {
                draw(
                    frame,
                    &mut state,
                    None,
                    Path::new("notes"),
                    Theme { color: false },
                )
            })
            .unwrap();
        // The line loses its beginning; the cursor stands after the last space typed.
        assert_eq!(
            rows(terminal.backend().buffer())[0],
            "> 버네티스 쿠버네티스   [all]"
        );
        assert_eq!(terminal.get_cursor_position().unwrap(), (22, 0).into());
    }

    /// Buffers compared with both printed on failure (their Debug shows text and styles).
    fn assert_same(actual: &Buffer, expected: &Buffer) {
        assert!(
            actual == expected,
            "actual:\n{actual:?}\nexpected:\n{expected:?}"
        );
    }
}
