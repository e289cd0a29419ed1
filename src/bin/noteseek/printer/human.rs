//! Output for people: rank and title, `path:line` and section, then a highlighted snippet.
//!
//! ```text
//! 1. 서비스 메시(Service Mesh)
//!    notes/cloud/서비스 메시(Service Mesh).md:5 [정의]
//!    각 서비스 인스턴스 옆에 사이드카 프록시(Sidecar Proxy)를 함께 배치하고, …
//! ```

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anstyle::{AnsiColor, Style};

use noteseek::note::NoteKind;
use noteseek::search::Hit;

use super::{sanitize, Paint};
use crate::wrap;

pub(super) const TITLE: Style = Style::new().bold();
pub(super) const PATH: Style = AnsiColor::Magenta.on_default();
pub(super) const LINE: Style = AnsiColor::Green.on_default();
const SECTION: Style = AnsiColor::Cyan.on_default();
const MATCH: Style = AnsiColor::Red.on_default().bold();
pub(super) const MARK: Style = Style::new().dimmed();

pub struct HumanPrinter<W: Write> {
    out: W,
    root: PathBuf,
    paint: Paint,
    /// Terminal width to wrap snippets to; `None` in pipes.
    width: Option<usize>,
    printed: usize,
}

impl<W: Write> HumanPrinter<W> {
    pub fn new(out: W, root: &Path, color: bool) -> Self {
        HumanPrinter {
            out,
            root: root.to_path_buf(),
            paint: Paint { color },
            width: None,
            printed: 0,
        }
    }

    /// Wraps snippets to `width` columns (a terminal's).
    pub fn wrap(mut self, width: Option<usize>) -> Self {
        self.width = width;
        self
    }

    fn styled(&mut self, style: Style, text: &str) -> io::Result<()> {
        self.paint.write(&mut self.out, style, text)
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    pub fn hit(&mut self, hit: &Hit) -> io::Result<()> {
        if self.printed > 0 {
            writeln!(self.out)?;
        }
        self.printed += 1;
        write!(self.out, "{}. ", hit.rank)?;
        self.styled(TITLE, &hit.title)?;
        match hit.kind {
            NoteKind::Topic => {}
            NoteKind::Stub => self.styled(MARK, " (stub)")?,
            NoteKind::Listing => self.styled(MARK, " (listing)")?,
        }
        write!(self.out, "\n   ")?;
        let path = self.root.join(&hit.path);
        self.styled(PATH, &path.to_string_lossy())?;
        write!(self.out, ":")?;
        self.styled(LINE, &hit.line.to_string())?;
        write!(self.out, " ")?;
        self.styled(SECTION, &format!("[{}]", hit.section.name))?;
        writeln!(self.out)?;

        let text = &hit.snippet.text;
        let mut painted = String::with_capacity(text.len() + 32);
        let mut at = 0;
        for &(start, end) in &hit.snippet.highlights {
            painted.push_str(&sanitize(&text[at..start]));
            painted.push_str(&self.paint.string(MATCH, &text[start..end]));
            at = end;
        }
        painted.push_str(&sanitize(&text[at..]));
        // Each snippet line indented like the first; on a terminal, wrapped with a hanging indent.
        for (line, plain) in painted.split('\n').zip(text.split('\n')) {
            match self.width {
                Some(width) => writeln!(
                    self.out,
                    "{}",
                    wrap::wrap_line(line, INDENT, wrap::hang_of(plain), width)
                )?,
                None => writeln!(self.out, "{INDENT}{line}")?,
            }
        }
        Ok(())
    }
}

/// Where the lines under a hit's title start.
const INDENT: &str = "   ";

#[cfg(test)]
mod tests {
    use super::*;
    use noteseek::search::{MatchedSection, Snippet};

    fn hit() -> Hit {
        Hit {
            rank: 1,
            score: 1.0,
            title: "도커(Docker)".into(),
            kind: NoteKind::Topic,
            path: "cloud/도커(Docker).md".into(),
            tags: vec![],
            section: MatchedSection {
                kind: None,
                heading: "정의".into(),
                name: "정의".into(),
            },
            line: 4,
            snippet: Snippet {
                text: "컨테이너 기반 가상화".into(),
                highlights: vec![(0, 12)],
            },
        }
    }

    #[test]
    fn plain_output_names_path_line_and_section() {
        let mut out = Vec::new();
        HumanPrinter::new(&mut out, Path::new("notes"), false)
            .hit(&hit())
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "1. 도커(Docker)\n   notes/cloud/도커(Docker).md:4 [정의]\n   컨테이너 기반 가상화\n"
        );
    }

    #[test]
    fn snippets_wrap_to_the_terminal_with_a_hanging_indent() {
        let mut wide = hit();
        wide.snippet.text =
            "컨테이너 기반 가상화로 애플리케이션을 이미지로 묶어 어디서나 같은 환경에서 실행한다"
                .into();
        let mut out = Vec::new();
        HumanPrinter::new(&mut out, Path::new("notes"), false)
            .wrap(Some(40))
            .hit(&wide)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        let snippet: Vec<&str> = text.lines().skip(2).collect();
        assert_eq!(
            snippet,
            [
                "   컨테이너 기반 가상화로 애플리케이션을",
                "     이미지로 묶어 어디서나 같은",
                "     환경에서 실행한다"
            ]
        );
    }

    #[test]
    fn colour_marks_the_matched_words() {
        let mut out = Vec::new();
        HumanPrinter::new(&mut out, Path::new("notes"), true)
            .hit(&hit())
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(&format!(
            "{}컨테이너{}",
            MATCH.render(),
            MATCH.render_reset()
        )));
    }
}
