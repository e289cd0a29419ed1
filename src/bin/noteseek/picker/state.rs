//! What the picker shows and what each key does to it: plain data, no terminal, so that every
//! key can be tested as a function.

use noteseek::search::Hit;
use noteseek::section::SectionKind;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The query line being edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryLine {
    text: String,
    /// Byte offset of the cursor, always on a character boundary.
    cursor: usize,
}

impl QueryLine {
    /// A line holding `text`, the cursor at its end.
    pub fn new(text: &str) -> QueryLine {
        QueryLine {
            text: text.to_string(),
            cursor: text.len(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text before the cursor.
    pub fn before_cursor(&self) -> &str {
        &self.text[..self.cursor]
    }

    fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    fn previous_boundary(&self) -> usize {
        self.before_cursor()
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .chars()
            .next()
            .map_or(self.cursor, |c| self.cursor + c.len_utf8())
    }

    fn backspace(&mut self) -> bool {
        let start = self.previous_boundary();
        self.remove(start, self.cursor)
    }

    fn delete(&mut self) -> bool {
        let end = self.next_boundary();
        self.remove(self.cursor, end)
    }

    /// Deletes the word before the cursor and the spaces after it (readline's Ctrl-W).
    fn delete_word(&mut self) -> bool {
        let before = self.before_cursor().trim_end();
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        self.remove(start, self.cursor)
    }

    fn remove(&mut self, start: usize, end: usize) -> bool {
        if start == end {
            return false;
        }
        self.text.replace_range(start..end, "");
        self.cursor = start;
        true
    }
}

/// The section filters that Tab steps through: every section, then each canonical one.
pub const FILTERS: [Option<SectionKind>; 8] = [
    None,
    Some(SectionKind::Definition),
    Some(SectionKind::Keywords),
    Some(SectionKind::Mnemonic),
    Some(SectionKind::Features),
    Some(SectionKind::Components),
    Some(SectionKind::Diagram),
    Some(SectionKind::Related),
];

/// What the list shows.
#[derive(Clone, Debug)]
pub enum Listing {
    /// Nothing typed yet.
    Empty,
    /// The hits for the query; `relaxed` when no note has every word.
    Hits { hits: Vec<Hit>, relaxed: bool },
    /// The query has no searchable word (only particles or punctuation).
    NoWords,
    /// The query cannot be read (`정의:` with nothing after it yet), or the search failed.
    Failed(String),
}

/// What a key asks of the picker's loop.
#[derive(Clone, Debug)]
pub enum Action {
    /// Nothing changed.
    None,
    /// Something on screen changed.
    Redraw,
    /// The query or the section filter changed: search again.
    Search,
    /// Open this hit in the editor, then come back.
    Open(Box<Hit>),
    /// Print this hit and end.
    Print(Box<Hit>),
    /// End without a choice.
    Quit,
}

/// The picker's whole state.
#[derive(Clone, Debug)]
pub struct State {
    pub query: QueryLine,
    /// Index into [`FILTERS`].
    filter: usize,
    pub listing: Listing,
    /// Index of the selected hit.
    pub selected: usize,
    /// The first hit shown: the list scrolls only when the selection leaves it.
    pub list_offset: usize,
    /// Rows the list has on screen (PgUp/PgDn move by this); the view sets it.
    pub page: usize,
    /// Rows the user scrolled the preview by, from where the match put it.
    pub preview_scroll: isize,
    /// The key help is shown.
    pub help: bool,
    /// A message for the status line (the editor could not be run).
    pub message: Option<String>,
}

impl State {
    pub fn new(query: &str) -> State {
        State {
            query: QueryLine::new(query),
            filter: 0,
            listing: Listing::Empty,
            selected: 0,
            list_offset: 0,
            page: 10,
            preview_scroll: 0,
            help: false,
            message: None,
        }
    }

    /// The section the search is restricted to, if any.
    pub fn filter(&self) -> Option<SectionKind> {
        FILTERS[self.filter]
    }

    pub fn hits(&self) -> &[Hit] {
        match &self.listing {
            Listing::Hits { hits, .. } => hits,
            _ => &[],
        }
    }

    pub fn selected_hit(&self) -> Option<&Hit> {
        self.hits().get(self.selected)
    }

    /// Whether there is anything to search for.
    pub fn has_query(&self) -> bool {
        !self.query.text().trim().is_empty()
    }

    /// Shows new results. With `keep`, the selected note stays selected when it is still
    /// listed (the same query after the editor returned); otherwise the best hit is selected.
    pub fn show(&mut self, listing: Listing, keep: bool) {
        let kept = keep
            .then(|| self.selected_hit().map(|h| h.path.clone()))
            .flatten()
            .and_then(|path| match &listing {
                Listing::Hits { hits, .. } => hits.iter().position(|h| h.path == path),
                _ => None,
            });
        self.listing = listing;
        match kept {
            Some(index) => self.selected = index,
            None if keep => self.selected = self.selected.min(self.hits().len().saturating_sub(1)),
            None => {
                self.selected = 0;
                self.list_offset = 0;
            }
        }
        self.preview_scroll = 0;
    }

    /// What `key` does.
    pub fn key(&mut self, key: KeyEvent) -> Action {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            return Action::Quit;
        }
        if self.help {
            // Any key closes the help; it does nothing else.
            self.help = false;
            return Action::Redraw;
        }
        self.message = None;
        if key.modifiers.contains(KeyModifiers::SHIFT) {
            match key.code {
                KeyCode::Up => return self.scroll_preview(-1),
                KeyCode::Down => return self.scroll_preview(1),
                _ => {}
            }
        }
        match (key.code, ctrl) {
            (KeyCode::Esc, _) => Action::Quit,
            (KeyCode::Enter, _) => self.chosen(Action::Open),
            (KeyCode::Char('o'), true) => self.chosen(Action::Print),
            (KeyCode::Up, false) | (KeyCode::Char('p'), true) => self.move_by(-1),
            (KeyCode::Down, false) | (KeyCode::Char('n'), true) => self.move_by(1),
            (KeyCode::PageUp, _) => self.move_by(-(self.page.max(1) as isize)),
            (KeyCode::PageDown, _) => self.move_by(self.page.max(1) as isize),
            (KeyCode::Tab, _) => self.cycle_filter(1),
            (KeyCode::BackTab, _) => self.cycle_filter(FILTERS.len() - 1),
            (KeyCode::Char('?'), false) => {
                self.help = true;
                Action::Redraw
            }
            (KeyCode::Char(c), false) if !key.modifiers.contains(KeyModifiers::ALT) => {
                self.query.insert(c);
                Action::Search
            }
            (KeyCode::Backspace, _) | (KeyCode::Char('h'), true) => edited(self.query.backspace()),
            (KeyCode::Delete, _) => edited(self.query.delete()),
            (KeyCode::Char('w'), true) => edited(self.query.delete_word()),
            (KeyCode::Char('u'), true) => {
                let end = self.query.cursor;
                edited(self.query.remove(0, end))
            }
            (KeyCode::Left, false) => self.cursor_to(self.query.previous_boundary()),
            (KeyCode::Right, false) => self.cursor_to(self.query.next_boundary()),
            (KeyCode::Home, _) | (KeyCode::Char('a'), true) => self.cursor_to(0),
            (KeyCode::End, _) | (KeyCode::Char('e'), true) => self.cursor_to(self.query.text.len()),
            _ => Action::None,
        }
    }

    fn chosen(&self, action: fn(Box<Hit>) -> Action) -> Action {
        match self.selected_hit() {
            Some(hit) => action(Box::new(hit.clone())),
            None => Action::None,
        }
    }

    fn move_by(&mut self, delta: isize) -> Action {
        let last = self.hits().len().saturating_sub(1);
        let to = self.selected.saturating_add_signed(delta).min(last);
        if to == self.selected {
            return Action::None;
        }
        self.selected = to;
        self.preview_scroll = 0;
        Action::Redraw
    }

    fn cycle_filter(&mut self, step: usize) -> Action {
        self.filter = (self.filter + step) % FILTERS.len();
        Action::Search
    }

    fn cursor_to(&mut self, at: usize) -> Action {
        if at == self.query.cursor {
            return Action::None;
        }
        self.query.cursor = at;
        Action::Redraw
    }

    fn scroll_preview(&mut self, delta: isize) -> Action {
        self.preview_scroll += delta;
        Action::Redraw
    }
}

fn edited(changed: bool) -> Action {
    if changed {
        Action::Search
    } else {
        Action::None
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use noteseek::note::NoteKind;
    use noteseek::search::{MatchedSection, Snippet};

    pub fn hit(rank: usize, title: &str, path: &str) -> Hit {
        Hit {
            rank,
            score: 1.0,
            title: title.into(),
            kind: NoteKind::Topic,
            path: path.into(),
            tags: vec![],
            section: MatchedSection {
                kind: Some(SectionKind::Definition),
                heading: "정의".into(),
                name: "정의".into(),
            },
            line: 4,
            snippet: Snippet {
                text: title.into(),
                highlights: vec![],
            },
        }
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn typed(state: &mut State, text: &str) {
        for c in text.chars() {
            assert!(matches!(state.key(key(KeyCode::Char(c))), Action::Search));
        }
    }

    fn with_hits(n: usize) -> State {
        let mut state = State::new("도커");
        let hits = (1..=n)
            .map(|i| hit(i, &format!("노트{i}"), &format!("cloud/노트{i}.md")))
            .collect();
        state.show(
            Listing::Hits {
                hits,
                relaxed: false,
            },
            false,
        );
        state
    }

    #[test]
    fn hangul_syllables_are_edited_whole() {
        let mut state = State::new("");
        typed(&mut state, "쿠버네티스");
        assert_eq!(state.query.text(), "쿠버네티스");
        assert!(matches!(state.key(key(KeyCode::Backspace)), Action::Search));
        assert_eq!(state.query.text(), "쿠버네티");
        state.key(key(KeyCode::Left));
        state.key(key(KeyCode::Left));
        assert_eq!(state.query.before_cursor(), "쿠버");
        typed(&mut state, "ㄴ");
        assert_eq!(state.query.text(), "쿠버ㄴ네티");
        assert!(matches!(state.key(key(KeyCode::Delete)), Action::Search));
        assert_eq!(state.query.text(), "쿠버ㄴ티");
        state.key(ctrl('a'));
        assert!(matches!(state.key(key(KeyCode::Backspace)), Action::None));
        state.key(ctrl('e'));
        assert_eq!(state.query.before_cursor(), "쿠버ㄴ티");
    }

    #[test]
    fn ctrl_w_deletes_a_word_and_ctrl_u_the_line_before_the_cursor() {
        let mut state = State::new("컨테이너 오케스트레이션  ");
        assert!(matches!(state.key(ctrl('w')), Action::Search));
        assert_eq!(state.query.text(), "컨테이너 ");
        state.key(ctrl('w'));
        assert_eq!(state.query.text(), "");
        assert!(matches!(state.key(ctrl('w')), Action::None));
        let mut state = State::new("정의:도커");
        state.key(key(KeyCode::Left));
        state.key(key(KeyCode::Left));
        state.key(ctrl('u'));
        assert_eq!(state.query.text(), "도커");
    }

    #[test]
    fn selection_moves_within_the_list() {
        let mut state = with_hits(25);
        state.page = 10;
        assert!(matches!(state.key(key(KeyCode::Up)), Action::None));
        state.key(key(KeyCode::Down));
        state.key(ctrl('n'));
        assert_eq!(state.selected, 2);
        state.key(ctrl('p'));
        assert_eq!(state.selected, 1);
        state.key(key(KeyCode::PageDown));
        assert_eq!(state.selected, 11);
        state.key(key(KeyCode::PageDown));
        state.key(key(KeyCode::PageDown));
        assert_eq!(state.selected, 24);
        state.key(key(KeyCode::PageUp));
        assert_eq!(state.selected, 14);
    }

    #[test]
    fn new_results_select_the_best_hit_and_the_same_query_keeps_the_note() {
        let mut state = with_hits(5);
        state.key(key(KeyCode::Down));
        state.key(key(KeyCode::Down));
        let again: Vec<Hit> = state.hits().iter().rev().cloned().collect();
        state.show(
            Listing::Hits {
                hits: again.clone(),
                relaxed: false,
            },
            true,
        );
        assert_eq!(state.selected_hit().unwrap().title, "노트3");
        assert_eq!(state.selected, 2);
        state.key(key(KeyCode::Down));
        state.show(
            Listing::Hits {
                hits: again,
                relaxed: false,
            },
            false,
        );
        assert_eq!(state.selected, 0);
    }

    #[test]
    fn tab_cycles_the_section_filter_and_searches_again() {
        let mut state = State::new("도커");
        assert_eq!(state.filter(), None);
        assert!(matches!(state.key(key(KeyCode::Tab)), Action::Search));
        assert_eq!(state.filter(), Some(SectionKind::Definition));
        for _ in 0..6 {
            state.key(key(KeyCode::Tab));
        }
        assert_eq!(state.filter(), Some(SectionKind::Related));
        state.key(key(KeyCode::Tab));
        assert_eq!(state.filter(), None);
        state.key(key(KeyCode::BackTab));
        assert_eq!(state.filter(), Some(SectionKind::Related));
    }

    #[test]
    fn enter_opens_and_ctrl_o_prints_the_selected_hit() {
        let mut state = with_hits(3);
        state.key(key(KeyCode::Down));
        match state.key(key(KeyCode::Enter)) {
            Action::Open(hit) => assert_eq!(hit.path, "cloud/노트2.md"),
            other => panic!("{other:?}"),
        }
        match state.key(ctrl('o')) {
            Action::Print(hit) => assert_eq!(hit.title, "노트2"),
            other => panic!("{other:?}"),
        }
        let mut empty = State::new("없는말");
        assert!(matches!(empty.key(key(KeyCode::Enter)), Action::None));
        assert!(matches!(empty.key(ctrl('o')), Action::None));
    }

    #[test]
    fn question_mark_shows_the_keys_and_any_key_closes_them() {
        let mut state = State::new("도커");
        assert!(matches!(state.key(key(KeyCode::Char('?'))), Action::Redraw));
        assert!(state.help);
        assert!(matches!(state.key(key(KeyCode::Esc)), Action::Redraw));
        assert!(!state.help);
        assert_eq!(state.query.text(), "도커");
        assert!(matches!(state.key(key(KeyCode::Esc)), Action::Quit));
        assert!(matches!(state.key(ctrl('c')), Action::Quit));
    }
}
