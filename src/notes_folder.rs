//! Finding the notes in a folder and reading them as text.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Error, Result};
use crate::note::{self, Note};
use crate::text::nfc;

/// Notes larger than this are skipped: no exam note is, and analysing one would stall indexing.
pub const MAX_NOTE_BYTES: u64 = 8 * 1024 * 1024;

/// A Markdown file found in the notes folder.
#[derive(Clone, Debug)]
pub struct NoteFile {
    /// Path relative to the notes folder, `/`-separated, NFC: the note's key in the index.
    pub rel_path: String,
    pub abs_path: PathBuf,
    /// Modification time in nanoseconds since the epoch.
    pub mtime: u64,
    pub size: u64,
}

/// A file that was skipped or read with damage, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub path: String,
    pub reason: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// The Markdown files of a notes folder.
#[derive(Debug, Default)]
pub struct Scan {
    pub files: Vec<NoteFile>,
    pub warnings: Vec<Warning>,
}

/// Lists the `.md` files under `dir` in walk order, skipping hidden folders (`.obsidian`,
/// `.git`, `.trash`).
pub fn scan(dir: &Path) -> Result<Scan> {
    if !dir.is_dir() {
        return Err(Error::NotesMissing {
            path: dir.to_path_buf(),
        });
    }
    let mut scan = Scan::default();
    let mut found = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(dir, p))
                    .unwrap_or_else(|| dir.display().to_string());
                let reason = if err.loop_ancestor().is_some() {
                    "symbolic link loop, skipped".to_string()
                } else {
                    match err.io_error() {
                        Some(io) => format!("cannot read: {io}"),
                        None => err.to_string(),
                    }
                };
                scan.warnings.push(Warning { path, reason });
                continue;
            }
        };
        if entry.file_type().is_file() && is_markdown(entry.path()) {
            found.push(entry.into_path());
        }
    }
    // One stat per note is most of the cost of checking a large folder: spread it over cores.
    let stats: Vec<(PathBuf, std::io::Result<std::fs::Metadata>)> = found
        .into_par_iter()
        .map(|path| {
            let meta = std::fs::metadata(&path);
            (path, meta)
        })
        .collect();
    for (abs_path, meta) in stats {
        let rel_path = relative(dir, &abs_path);
        match meta {
            Ok(meta) => scan.files.push(NoteFile {
                rel_path,
                abs_path,
                mtime: mtime_of(&meta),
                size: meta.len(),
            }),
            Err(err) => scan.warnings.push(Warning {
                path: rel_path,
                reason: format!("cannot read: {err}"),
            }),
        }
    }
    Ok(scan)
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md"))
}

fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    nfc(&parts.join("/"))
}

/// The title of a note: its file name without `.md`, NFC.
pub fn title_of(rel_path: &str) -> String {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let stem = name
        .len()
        .checked_sub(3)
        .filter(|&i| name.is_char_boundary(i) && name[i..].eq_ignore_ascii_case(".md"))
        .map_or(name, |i| &name[..i]);
    nfc(stem)
}

impl NoteFile {
    /// The note file at `rel_path` in the notes folder `dir`, with its current state.
    pub fn at(dir: &Path, rel_path: &str) -> Result<NoteFile> {
        let abs_path = dir.join(rel_path);
        let meta = std::fs::metadata(&abs_path).map_err(|e| Error::io(&abs_path, e))?;
        Ok(NoteFile {
            rel_path: rel_path.to_string(),
            mtime: mtime_of(&meta),
            size: meta.len(),
            abs_path,
        })
    }
}

fn mtime_of(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Reads and parses the note at `rel_path` as the indexer does (size limit, NUL bytes), for
/// commands that show a note.
pub fn load(dir: &Path, rel_path: &str) -> Result<Loaded> {
    let file = NoteFile::at(dir, rel_path)?;
    read(&file).map_err(|reason| Error::NoteUnreadable {
        path: file.abs_path.clone(),
        reason,
    })
}

/// A note read from disk, and what was wrong with the file if it was damaged but usable.
pub struct Loaded {
    pub note: Note,
    pub damage: Option<String>,
}

/// Reads and parses a note. `Err` carries the reason the file was skipped.
pub fn read(file: &NoteFile) -> std::result::Result<Loaded, String> {
    if file.size > MAX_NOTE_BYTES {
        return Err(format!(
            "{} MB is larger than the {} MB limit for a note, skipped",
            file.size / (1024 * 1024),
            MAX_NOTE_BYTES / (1024 * 1024)
        ));
    }
    let bytes = std::fs::read(&file.abs_path).map_err(|e| format!("cannot read: {e}"))?;
    let mut text = decode(bytes)?;
    let mut damage = None;
    if text.contains('\0') {
        text.retain(|c| c != '\0');
        damage = Some("contains NUL bytes (removed; the rest is indexed)".to_string());
    }
    Ok(Loaded {
        note: note::parse(&title_of(&file.rel_path), &text),
        damage,
    })
}

/// UTF-8 text without BOM, in NFC. Binary files and other encodings are refused.
pub fn decode(bytes: Vec<u8>) -> std::result::Result<String, String> {
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {}), skipped",
            e.utf8_error().valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(nfc(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_the_file_name_without_extension() {
        assert_eq!(title_of("cloud/CI, CD.md"), "CI, CD");
        assert_eq!(title_of("도커(Docker).MD"), "도커(Docker)");
    }

    #[test]
    fn decomposed_hangul_is_normalised() {
        let nfd = "\u{1112}\u{1161}\u{11ab}"; // 한 in NFD
        assert_eq!(title_of(&format!("{nfd}.md")), "한");
        assert_eq!(decode(nfd.as_bytes().to_vec()).unwrap(), "한");
    }

    #[test]
    fn bom_is_removed_and_binary_is_refused() {
        assert_eq!(decode(b"\xef\xbb\xbf## x".to_vec()).unwrap(), "## x");
        assert!(decode(vec![0xff, 0xfe, 0x00]).is_err());
    }
}
