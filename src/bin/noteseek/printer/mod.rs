//! Writing results. Printers know nothing about searching: they receive hits, or the topic
//! graph's findings.
//!
//! - [`human`]: ranked titles, `path:line`, section and a highlighted snippet, for terminals;
//! - [`json`]: one JSON object per hit and line, a stable schema for scripts;
//! - [`files`]: just the paths, in rank order (`-l`, `-0`);
//! - [`vimgrep`]: `path:line:column:text` per matched word, for editors (`--vimgrep`);
//! - [`links`]: a note's links and backlinks, broken links, related topics (`links`, `related`),
//!   for people or as JSON.

mod files;
mod human;
mod json;
mod links;
mod vimgrep;

use std::io::{self, Write};

use anstyle::Style;
use noteseek::search::Hit;

pub use files::FilesPrinter;
pub use human::HumanPrinter;
pub use json::JsonPrinter;
pub use links::GraphPrinter;
pub use vimgrep::VimgrepPrinter;

/// The printers, a closed set: [`crate::args::SearchConfig::printer`] picks one from the flags.
pub enum Printer<W: Write> {
    Human(HumanPrinter<W>),
    Json(JsonPrinter<W>),
    Files(FilesPrinter<W>),
    Vimgrep(VimgrepPrinter<W>),
}

impl<W: Write> Printer<W> {
    /// Writes one hit. `query` is the query it answers (batch output names it).
    pub fn hit(&mut self, query: &str, hit: &Hit) -> io::Result<()> {
        match self {
            Printer::Human(p) => p.hit(hit),
            Printer::Json(p) => p.hit(query, hit),
            Printer::Files(p) => p.hit(hit),
            Printer::Vimgrep(p) => p.hit(hit),
        }
    }

    /// Flushes what is buffered. A write error (a full disk, a closed pipe) surfaces here, not
    /// lost when a buffer is dropped.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Printer::Human(p) => p.into_inner(),
            Printer::Json(p) => p.into_inner(),
            Printer::Files(p) => p.into_inner(),
            Printer::Vimgrep(p) => p.into_inner(),
        }
        .flush()
    }
}

/// Writes note text to a terminal, in a style when colour is on, never with control characters.
#[derive(Clone, Copy, Debug)]
pub struct Paint {
    pub color: bool,
}

impl Paint {
    pub fn write(self, out: &mut impl Write, style: Style, text: &str) -> io::Result<()> {
        out.write_all(self.string(style, text).as_bytes())
    }

    /// `text` made safe for the terminal, in `style` when colours are on.
    pub fn string(self, style: Style, text: &str) -> String {
        let text = sanitize(text);
        if self.color {
            format!("{}{}{}", style.render(), text, style.render_reset())
        } else {
            text.into_owned()
        }
    }
}

/// Replaces control characters from note text with visible escapes (`ESC` → `^[`), so that a
/// note can never drive the terminal. Newlines and tabs are kept.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !is_unsafe(c) => out.push(c),
            '\u{7f}' => out.push_str("^?"),
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
            }
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_made_visible() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a^[[2Jb");
        assert_eq!(sanitize("t\u{1b}]0;x\u{7}"), "t^[]0;x^G");
        assert_eq!(sanitize("plain 한글\n"), "plain 한글\n");
        assert_eq!(sanitize("\u{9b}"), "\\u{9b}");
    }
}
