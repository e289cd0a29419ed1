//! `-l`: one path per hit, in rank order.

use std::io::{self, Write};

use noteseek::search::Hit;

use super::sanitize;

pub struct FilesPrinter<W: Write> {
    out: W,
    /// The notes folder as given, prefixed to each note's path.
    root: std::path::PathBuf,
}

impl<W: Write> FilesPrinter<W> {
    pub fn new(out: W, root: &std::path::Path) -> Self {
        FilesPrinter {
            out,
            root: root.to_path_buf(),
        }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    pub fn hit(&mut self, hit: &Hit) -> io::Result<()> {
        let path = self.root.join(&hit.path);
        writeln!(self.out, "{}", sanitize(&path.to_string_lossy()))
    }
}
