//! `--vimgrep`: `path:line:column:text`, one line per matched word, as ripgrep writes it for
//! editors' quickfix lists (`:cexpr`, `:cfile`). The column is the 1-based byte column of the
//! word in the note file, which is read to find it.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use noteseek::locate;
use noteseek::search::Hit;

use super::sanitize;

pub struct VimgrepPrinter<W: Write> {
    out: W,
    /// The notes folder as given, prefixed to each note's path.
    root: PathBuf,
}

impl<W: Write> VimgrepPrinter<W> {
    pub fn new(out: W, root: &Path) -> Self {
        VimgrepPrinter {
            out,
            root: root.to_path_buf(),
        }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    pub fn hit(&mut self, hit: &Hit) -> io::Result<()> {
        let path = self.root.join(&hit.path);
        // A note removed since it was indexed still gets its line, without a column to show.
        let source = std::fs::read(&path)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        let found = locate::matches(hit, &source);
        let path = sanitize(&path.to_string_lossy()).into_owned();
        if found.is_empty() {
            return writeln!(self.out, "{path}:{}:1:", hit.line);
        }
        for m in found {
            writeln!(
                self.out,
                "{path}:{}:{}:{}",
                m.line,
                m.column,
                sanitize(&m.text)
            )?;
        }
        Ok(())
    }
}
