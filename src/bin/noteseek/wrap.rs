//! Fitting text to the terminal: long lines wrapped at spaces with a hanging indent, when
//! stdout is a terminal. Output to pipes and files is never wrapped.

use std::io::IsTerminal;

use textwrap::{Options, WordSeparator, WrapAlgorithm};

/// Narrower than this, wrapping would hurt more than it helps.
const MIN_WIDTH: usize = 20;

/// The width of the terminal stdout writes to; `None` when stdout is not a terminal.
pub fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size()
        .map(|(width, _)| usize::from(width.0))
        .filter(|&w| w >= MIN_WIDTH)
}

/// `line` fitted to `width` columns (Hangul counts two): broken at spaces, a word longer than a
/// line broken where it must. The first line stands after `indent` and the line's own leading
/// spaces; the following ones `hang` columns further in. ANSI colours take no width.
pub fn wrap_line(line: &str, indent: &str, hang: usize, width: usize) -> String {
    let body = line.trim_start_matches(' ');
    let first = format!("{indent}{}", &line[..line.len() - body.len()]);
    let rest = format!("{first}{}", " ".repeat(hang));
    let options = Options::new(width)
        .initial_indent(&first)
        .subsequent_indent(&rest)
        .word_separator(WordSeparator::AsciiSpace)
        .wrap_algorithm(WrapAlgorithm::FirstFit)
        .break_words(true);
    textwrap::wrap(body, options).join("\n")
}

/// The hanging indent of a line: past its list marker (`- `, `* `, `1. `) so that wrapped text
/// lines up under the item's text, else two columns.
pub fn hang_of(line: &str) -> usize {
    let body = line.trim_start_matches(' ');
    let marker = ["- ", "* ", "+ ", "· "]
        .iter()
        .find(|m| body.starts_with(**m))
        .map(|m| textwrap::core::display_width(m))
        .or_else(|| {
            let digits = body.chars().take_while(char::is_ascii_digit).count();
            let rest = &body[digits..];
            (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
        });
    marker.unwrap_or(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn hangul_wraps_at_spaces_within_the_width() {
        let line =
            "컨테이너 오케스트레이션은 여러 호스트에 걸쳐 컨테이너의 배포와 확장을 자동화한다";
        let wrapped = wrap_line(line, "   ", 2, 30);
        for (i, l) in wrapped.lines().enumerate() {
            assert!(l.width() <= 30, "{l:?} is {} wide", l.width());
            assert!(
                l.starts_with(if i == 0 { "   컨" } else { "     " }),
                "{l:?}"
            );
            assert!(!l.ends_with(' '), "{l:?}");
        }
        let words: Vec<&str> = wrapped.split_whitespace().collect();
        assert_eq!(words, line.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn list_items_hang_under_their_text() {
        assert_eq!(hang_of("- 항목"), 2);
        assert_eq!(hang_of("12. 항목"), 4);
        assert_eq!(hang_of("본문"), 2);
        let wrapped = wrap_line("  - 하나 둘 셋 넷 다섯 여섯", "", hang_of("- x"), 16);
        assert_eq!(wrapped, "  - 하나 둘 셋\n    넷 다섯 여섯");
    }

    #[test]
    fn colours_take_no_width() {
        let red = "\u{1b}[31m도커\u{1b}[0m";
        let wrapped = wrap_line(&format!("{red} 컨테이너 {red}"), "", 2, 14);
        assert_eq!(wrapped, format!("{red} 컨테이너\n  {red}"));
    }
}
