//! Writing search results. Printers know nothing about searching: they receive hits.
//!
//! - [`human`]: ranked titles, `path:line`, section and a highlighted snippet, for terminals;
//! - [`json`]: one JSON object per hit and line, a stable schema for scripts;
//! - [`files`]: just the paths, in rank order (`-l`).

pub mod files;
pub mod human;
pub mod json;

use std::io;

use crate::search::Hit;

/// Something that writes hits.
pub trait Printer {
    /// Writes one hit. `query` is the query it answers (used by batch output).
    fn hit(&mut self, query: &str, hit: &Hit) -> io::Result<()>;
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
