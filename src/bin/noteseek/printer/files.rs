//! `-l`: one path per hit, in rank order; with `-0`, each ended by a NUL byte for `xargs -0`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use noteseek::search::Hit;

use super::sanitize;

pub struct FilesPrinter<W: Write> {
    out: W,
    /// The notes folder as given, prefixed to each note's path.
    root: PathBuf,
    /// End paths with NUL instead of a newline (`-0`).
    null: bool,
}

impl<W: Write> FilesPrinter<W> {
    pub fn new(out: W, root: &Path, null: bool) -> Self {
        FilesPrinter {
            out,
            root: root.to_path_buf(),
            null,
        }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    pub fn hit(&mut self, hit: &Hit) -> io::Result<()> {
        let path = self.root.join(&hit.path);
        if self.null {
            // The path as it is: the consumer is a program, and a file name may hold anything.
            self.out.write_all(path.as_os_str().as_encoded_bytes())?;
            self.out.write_all(b"\0")
        } else {
            writeln!(self.out, "{}", sanitize(&path.to_string_lossy()))
        }
    }
}
