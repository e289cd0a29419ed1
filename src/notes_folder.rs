//! Finding the notes in a folder and reading them as text.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::note::{self, Note, TitleSource};
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
    /// The folders walked (the notes folder first among them), as the walker named them.
    pub folders: Vec<PathBuf>,
}

/// Which files of a notes folder are notes, as ripgrep decides which files to search.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WalkOptions {
    /// Also walk hidden files and folders (`--hidden`); `.obsidian`, `.trash` and `.git` are
    /// skipped otherwise.
    pub hidden: bool,
    /// Index every Markdown file: no `.gitignore`, `.ignore`, `.noteseekignore` or configured
    /// ignore globs (`--no-ignore`).
    pub no_ignore: bool,
    /// Follow symbolic links (`-L/--follow`), with a loop check; otherwise each link is skipped
    /// and reported.
    pub follow_links: bool,
    /// Globs in `.gitignore` syntax, relative to the notes folder (a config file's `ignore`).
    pub ignore_globs: Vec<String>,
}

/// The notes folder's own ignore file, read like `.gitignore`.
pub const IGNORE_FILE: &str = ".noteseekignore";

/// Files in a folder whose rules decide which files are notes (with `.git/info/exclude`).
pub const RULE_FILES: [&str; 3] = [".gitignore", ".ignore", IGNORE_FILE];

/// Lists the `.md` files under `dir` with the default walk: ignore files honoured, hidden
/// files and folders skipped, symbolic links not followed.
pub fn scan(dir: &Path) -> Result<Scan> {
    scan_with(dir, &WalkOptions::default())
}

/// Lists the `.md` files under `dir`, sorted by path, with each file's state; files that could
/// not be listed or read, and links not followed, are the scan's warnings (sorted too).
///
/// The folders are walked in parallel by the `ignore` crate (ripgrep's walker), and each file
/// is stat'ed by the thread that found it: that stat is most of the cost of checking a large
/// folder for changes.
pub fn scan_with(dir: &Path, options: &WalkOptions) -> Result<Scan> {
    scan_expecting(dir, options, None)
}

/// Below this many notes one thread walks faster than a pool of them starts.
pub const PARALLEL_FROM: u64 = 2_000;

/// [`scan_with`] for a folder known to hold about `expected` notes (the index says so): under
/// [`PARALLEL_FROM`] it is walked on the calling thread alone.
pub fn scan_expecting(dir: &Path, options: &WalkOptions, expected: Option<u64>) -> Result<Scan> {
    if !dir.is_dir() {
        return Err(Error::NotesMissing {
            path: dir.to_path_buf(),
        });
    }
    // A notes folder that is itself a link (`~/notes` → a synced folder) is walked: the walker
    // would take a link given as its root for a file. A trailing `/` resolves it.
    let root = if dir.is_symlink() {
        dir.join("")
    } else {
        dir.to_path_buf()
    };
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(!options.hidden)
        .follow_links(options.follow_links)
        // A vault is often not a git repository: its `.gitignore` counts all the same.
        .require_git(false)
        .git_ignore(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .git_global(!options.no_ignore)
        .ignore(!options.no_ignore)
        .parents(!options.no_ignore);
    if !options.no_ignore {
        builder.add_custom_ignore_filename(IGNORE_FILE);
        if !options.ignore_globs.is_empty() {
            let globs = ignore_globs(dir, &options.ignore_globs)?;
            builder.filter_entry(move |entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                !globs.matched(entry.path(), is_dir).is_ignore()
            });
        }
    }
    let found = std::sync::Mutex::new(Scan::default());
    let mut visitors = Collector {
        dir,
        follow_links: options.follow_links,
        found: &found,
    };
    let parallel = expected.is_none_or(|n| n >= PARALLEL_FROM);
    if parallel {
        builder.build_parallel().visit(&mut visitors);
    } else {
        let mut visitor = visitors.build();
        for entry in builder.build() {
            visitor.visit(entry);
        }
    }
    let mut scan = found.into_inner().unwrap_or_else(|e| e.into_inner());
    if parallel {
        scan.files
            .par_sort_unstable_by(|a, b| a.rel_path.cmp(&b.rel_path));
    } else {
        scan.files
            .sort_unstable_by(|a, b| a.rel_path.cmp(&b.rel_path));
    }
    scan.warnings.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(scan)
}

/// Checks one ignore glob (`.gitignore` syntax): the reason it is not valid, if it is not.
pub fn check_ignore_glob(glob: &str) -> std::result::Result<(), String> {
    GitignoreBuilder::new("")
        .add_line(None, glob)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn ignore_globs(dir: &Path, globs: &[String]) -> Result<Gitignore> {
    let mut builder = GitignoreBuilder::new(dir);
    for glob in globs {
        builder
            .add_line(None, glob)
            .map_err(|e| Error::IgnoreGlob {
                glob: glob.clone(),
                reason: e.to_string(),
            })?;
    }
    builder.build().map_err(|e| Error::IgnoreGlob {
        glob: globs.join(" "),
        reason: e.to_string(),
    })
}

/// Makes one [`Visitor`] per walker thread; each hands what it found over when it is done.
struct Collector<'a> {
    dir: &'a Path,
    follow_links: bool,
    found: &'a std::sync::Mutex<Scan>,
}

impl<'s> ParallelVisitorBuilder<'s> for Collector<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            dir: self.dir,
            follow_links: self.follow_links,
            found: self.found,
            scan: Scan::default(),
            folder: LastFolder::default(),
        })
    }
}

struct Visitor<'a> {
    dir: &'a Path,
    follow_links: bool,
    found: &'a std::sync::Mutex<Scan>,
    scan: Scan,
    /// The folder whose files are being visited.
    folder: LastFolder,
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        found.files.append(&mut self.scan.files);
        found.warnings.append(&mut self.scan.warnings);
        found.folders.append(&mut self.scan.folders);
    }
}

impl ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: std::result::Result<DirEntry, ignore::Error>) -> WalkState {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                self.warn_walk_error(&err);
                return WalkState::Continue;
            }
        };
        let Some(file_type) = entry.file_type() else {
            return WalkState::Continue;
        };
        if file_type.is_dir() {
            self.scan.folders.push(entry.path().to_path_buf());
        }
        if entry.depth() == 0 {
            return WalkState::Continue;
        }
        if file_type.is_symlink() && !self.follow_links {
            // A link to a note or to a folder may hold notes the user expects: say why they
            // are missing.
            if is_markdown(entry.path()) || entry.path().is_dir() {
                self.scan.warnings.push(Warning {
                    path: relative(self.dir, entry.path()),
                    reason: "symbolic link, not followed (-L/--follow follows links)".to_string(),
                });
            }
            return WalkState::Continue;
        }
        if !file_type.is_file() || !is_markdown(entry.path()) {
            return WalkState::Continue;
        }
        let rel_path = relative(self.dir, entry.path());
        match self.state_of(entry.path()) {
            Ok((mtime, size)) => self.scan.files.push(NoteFile {
                rel_path,
                mtime,
                size,
                abs_path: entry.into_path(),
            }),
            Err(err) => self.scan.warnings.push(Warning {
                path: rel_path,
                reason: format!("cannot read: {err}"),
            }),
        }
        WalkState::Continue
    }
}

impl Visitor<'_> {
    /// A file's modification time and size, read through its open folder.
    fn state_of(&mut self, path: &Path) -> std::io::Result<(u64, u64)> {
        let follow = self.follow_links;
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return state_at(path, follow);
        };
        let key = parent.as_os_str();
        self.folder
            .state_of(key, || parent.to_path_buf(), name, follow)
    }

    fn warn_walk_error(&mut self, err: &ignore::Error) {
        let path = error_path(err)
            .map_or_else(|| self.dir.display().to_string(), |p| relative(self.dir, p));
        let reason = if is_loop(err) {
            "symbolic link loop, skipped".to_string()
        } else {
            format!("cannot read: {}", walk_reason(err))
        };
        self.scan.warnings.push(Warning { path, reason });
    }
}

/// The path a walk error is about, if it names one.
fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

fn is_loop(err: &ignore::Error) -> bool {
    match err {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

/// What went wrong, without the path (the warning names it).
fn walk_reason(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            walk_reason(err)
        }
        other => other.to_string(),
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md"))
}

fn relative(dir: &Path, path: &Path) -> String {
    // The walker's paths are the folder's path joined with names by `/`: cut as text, which is
    // much cheaper than parsing both paths into components.
    #[cfg(unix)]
    if let (Some(dir), Some(path)) = (dir.to_str(), path.to_str()) {
        if let Some(rel) = path.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
            if !rel.starts_with('/') && !rel.contains("/./") && !rel.contains("//") {
                return nfc(rel);
            }
        }
    }
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
        let (mtime, size) = state_at(&abs_path, true).map_err(|e| Error::io(&abs_path, e))?;
        Ok(NoteFile {
            rel_path: rel_path.to_string(),
            mtime,
            size,
            abs_path,
        })
    }
}

/// The state of files of a notes folder, stat'ed by name in their open folder. Links are not
/// followed, as in a walk that does not follow them.
pub(crate) struct FileStates<'a> {
    dir: &'a Path,
    folder: LastFolder,
}

impl<'a> FileStates<'a> {
    pub(crate) fn new(dir: &'a Path) -> FileStates<'a> {
        FileStates {
            dir,
            folder: LastFolder::default(),
        }
    }

    /// The modification time and size of the file at `rel` (`/`-separated, under the folder).
    pub(crate) fn state(&mut self, rel: &str) -> std::io::Result<(u64, u64)> {
        let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let folder = || self.dir.join(parent);
        let name = std::ffi::OsStr::new(name);
        self.folder.state_of(parent.as_ref(), folder, name, false)
    }
}

/// The last folder whose files were stat'ed, kept open: files come folder by folder, and a file
/// stat'ed by its name in an open folder spares the kernel walking the whole path again.
#[derive(Default)]
struct LastFolder {
    open: Option<(std::ffi::OsString, Folder)>,
}

impl LastFolder {
    /// The state of `name` in the folder known as `key` (opened at `path()` when it is not the
    /// open one).
    fn state_of(
        &mut self,
        key: &std::ffi::OsStr,
        path: impl FnOnce() -> PathBuf,
        name: &std::ffi::OsStr,
        follow: bool,
    ) -> std::io::Result<(u64, u64)> {
        // Keys are compared as bytes: comparing `Path`s parses both into components.
        if self.open.as_ref().is_none_or(|(open, _)| open != key) {
            self.open = None;
            self.open = Some((key.to_os_string(), Folder::open(&path())?));
        }
        let (_, folder) = self.open.as_ref().expect("opened above");
        folder.state_of(name, follow)
    }
}

/// An open folder, to stat the files in it by name.
#[cfg(unix)]
struct Folder(std::os::fd::OwnedFd);

#[cfg(unix)]
impl Folder {
    fn open(path: &Path) -> std::io::Result<Folder> {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        Ok(Folder(rustix::fs::open(path, flags, Mode::empty())?))
    }

    /// What [`state_at`] reads, for a file of this folder.
    fn state_of(&self, name: &std::ffi::OsStr, follow: bool) -> std::io::Result<(u64, u64)> {
        use rustix::fs::AtFlags;
        let flags = if follow {
            AtFlags::empty()
        } else {
            AtFlags::SYMLINK_NOFOLLOW
        };
        let stat = rustix::fs::statat(&self.0, name, flags)?;
        // As `Metadata::modified` since the epoch: nothing before it. (The fields' integer types
        // differ between platforms.)
        #[allow(clippy::useless_conversion)]
        let mtime = u64::try_from(stat.st_mtime).map_or(0, |secs| {
            secs * 1_000_000_000 + u64::try_from(stat.st_mtime_nsec).unwrap_or(0)
        });
        Ok((mtime, u64::try_from(stat.st_size).unwrap_or(0)))
    }
}

#[cfg(not(unix))]
struct Folder(PathBuf);

#[cfg(not(unix))]
impl Folder {
    fn open(path: &Path) -> std::io::Result<Folder> {
        Ok(Folder(path.to_path_buf()))
    }

    fn state_of(&self, name: &std::ffi::OsStr, follow: bool) -> std::io::Result<(u64, u64)> {
        state_at(&self.0.join(name), follow)
    }
}

/// A file's modification time (nanoseconds since the epoch) and size; a link is followed only
/// with `follow`.
fn state_at(path: &Path, follow: bool) -> std::io::Result<(u64, u64)> {
    let meta = if follow {
        std::fs::metadata(path)?
    } else {
        std::fs::symlink_metadata(path)?
    };
    Ok((mtime_of(&meta), meta.len()))
}

fn mtime_of(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Reads and parses the note at `rel_path` as the indexer does (size limit, NUL bytes, title
/// source), for commands that show a note.
pub fn load(dir: &Path, rel_path: &str, titles: TitleSource) -> Result<Loaded> {
    let file = NoteFile::at(dir, rel_path)?;
    read_with(&file, titles).map_err(|reason| Error::NoteUnreadable {
        path: file.abs_path.clone(),
        reason,
    })
}

/// A note read from disk, and what was wrong with the file if it was damaged but usable.
pub struct Loaded {
    pub note: Note,
    pub damage: Option<String>,
}

/// Reads and parses a note, its title from the front matter when it has one. `Err` carries the
/// reason the file was skipped.
pub fn read(file: &NoteFile) -> std::result::Result<Loaded, String> {
    read_with(file, TitleSource::default())
}

/// Reads and parses a note, its title chosen as `titles` says.
pub fn read_with(file: &NoteFile, titles: TitleSource) -> std::result::Result<Loaded, String> {
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
    let stem = title_of(&file.rel_path);
    let mut note = note::parse_with(&stem, &text, titles);
    // A folder's page (Hugo's `ebpf/index.md`) is named by its folder when nothing else names it.
    if note.title == stem && note::is_index_name(&stem) {
        if let Some(folder) = file.rel_path.rsplit('/').nth(1) {
            note.title = nfc(folder);
        }
    }
    Ok(Loaded { note, damage })
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

    #[test]
    fn one_thread_and_many_find_the_same_notes() {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in [
            ("a/하나.md", "# 하나"),
            ("a/b/둘.md", "# 둘"),
            ("셋.md", "# 셋"),
            ("무시/넷.md", "# 넷"),
            ("메모.txt", "not a note"),
        ] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        std::fs::write(dir.path().join(IGNORE_FILE), "무시/\n").unwrap();
        let options = WalkOptions::default();
        let listed =
            |scan: Scan| -> Vec<String> { scan.files.into_iter().map(|f| f.rel_path).collect() };
        let parallel = scan_expecting(dir.path(), &options, None).unwrap();
        let alone = scan_expecting(dir.path(), &options, Some(3)).unwrap();
        assert_eq!(listed(alone), ["a/b/둘.md", "a/하나.md", "셋.md"]);
        assert_eq!(listed(parallel), ["a/b/둘.md", "a/하나.md", "셋.md"]);
    }

    #[test]
    fn a_scanned_file_has_the_state_a_single_lookup_reads() {
        // The index records what the scan read and a watcher what `NoteFile::at` reads: were they
        // to differ, every search would take unchanged notes for changed ones.
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("폴더")).unwrap();
        std::fs::write(dir.path().join("폴더/노트.md"), "# 노트\n본문").unwrap();
        std::fs::write(dir.path().join("위.md"), "위").unwrap();
        for expected in [Some(2), None] {
            let scan = scan_expecting(dir.path(), &WalkOptions::default(), expected).unwrap();
            assert_eq!(scan.files.len(), 2);
            for file in scan.files {
                let at = NoteFile::at(dir.path(), &file.rel_path).unwrap();
                assert_eq!(
                    (file.mtime, file.size),
                    (at.mtime, at.size),
                    "{}",
                    file.rel_path
                );
                assert!(file.mtime > 0);
            }
        }
    }
}
