//! Which note a link names, vault-wide.
//!
//! - A **wikilink** resolves as Obsidian resolves it: by path when it holds a `/`
//!   (`[[os/교착상태]]`), else by file name (`[[교착상태]]`, `[[교착상태.md]]`; a page bundle's
//!   `slug/index.md` is named `slug`), then by front-matter title, then by alias.
//! - A **Markdown link** is a path: relative to the linking note's folder
//!   (`../os/deadlock.md`), or to its page as a site serves it (`../deadlock/` from
//!   `os/spooling.md`, served at `/os/spooling/`); a site-absolute path (`/docs/os/deadlock`) is
//!   taken from the vault root after the site's base-URL prefix (`/blog`). `P` names `P.md`,
//!   `P/index.md`, `P/_index.md` or `P/README.md`, also in a site folder inside the vault
//!   (`site/content/P.md`). A relative path that names nothing there is tried as site-absolute,
//!   which also finds the bare file names Obsidian writes (`[x](deadlock.md)`).
//!
//! Names compare as [`crate::text::key`]s (case, spacing and Unicode form ignored). When several
//! notes answer, the one nearest the linking note wins (most folders in common, then the
//! shortest path), as in Obsidian.

use std::collections::HashMap;

use relative_path::RelativePath;

use crate::note::{Link, LinkKind};
use crate::text::key;

/// What the resolver knows of a note: where it is and what it is called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteName {
    /// Path relative to the notes folder, `/`-separated.
    pub path: String,
    pub title: String,
    pub aliases: Vec<String>,
}

impl NoteName {
    /// The names of a parsed note found at `path`.
    pub fn of(path: &str, note: &crate::note::Note) -> NoteName {
        NoteName {
            path: path.to_string(),
            title: note.title.clone(),
            aliases: note.aliases.clone(),
        }
    }
}

/// The notes of a vault by name and path, for resolving links. Notes are numbered in the order
/// given.
#[derive(Clone, Debug, Default)]
pub struct Resolver {
    paths: Vec<String>,
    /// Each note's page path from the vault root (`os/deadlock` for `os/deadlock.md` and for
    /// `os/deadlock/index.md`) and its path without `.md`.
    exact: HashMap<String, Vec<usize>>,
    /// Every trailing run of folders of those paths (`deadlock`, `os/deadlock`, …), for sites
    /// inside the vault and partial paths.
    by_suffix: HashMap<String, Vec<usize>>,
    /// The file name without `.md`, and a page bundle's folder name.
    by_name: HashMap<String, Vec<usize>>,
    by_title: HashMap<String, Vec<usize>>,
    by_alias: HashMap<String, Vec<usize>>,
    /// `index.md`, `_index.md` and `README.md` notes, by their folder (`""` at the vault root).
    folder_pages: HashMap<String, Vec<usize>>,
    /// The site's base-URL prefix, without slashes at either end (`blog`).
    base_url: Option<String>,
}

impl Resolver {
    /// A resolver over `notes`. `base_url` is the prefix a site serves its pages under (`/blog`),
    /// removed from site-absolute links before they are looked up.
    pub fn new(notes: impl IntoIterator<Item = NoteName>, base_url: Option<&str>) -> Resolver {
        let mut resolver = Resolver {
            base_url: base_url
                .map(|b| b.trim_matches('/').to_string())
                .filter(|b| !b.is_empty()),
            ..Resolver::default()
        };
        for (id, note) in notes.into_iter().enumerate() {
            resolver.add(id, note);
        }
        resolver
    }

    fn add(&mut self, id: usize, note: NoteName) {
        let without_md = strip_page_extension(&note.path);
        let (folder, stem) = without_md.rsplit_once('/').unwrap_or(("", without_md));
        let page = if is_folder_page(stem) {
            push(&mut self.folder_pages, key(folder), id);
            folder
        } else {
            without_md
        };
        for path in dedup([page, without_md]) {
            push(&mut self.exact, key(path), id);
            for suffix in suffixes(path) {
                push(&mut self.by_suffix, key(suffix), id);
            }
        }
        let page_name = page.rsplit('/').next().unwrap_or(page);
        for name in dedup([stem, page_name]) {
            push(&mut self.by_name, key(name), id);
        }
        push(&mut self.by_title, key(&note.title), id);
        for alias in &note.aliases {
            push(&mut self.by_alias, key(alias), id);
        }
        self.paths.push(note.path);
    }

    /// The number of the note `link`, written in the note at `source` (a path as given to
    /// [`Resolver::new`]), names; `None` when it names no note.
    pub fn resolve(&self, source: &str, link: &Link) -> Option<usize> {
        let candidates = match link.kind {
            LinkKind::Wiki => self.wiki(&link.target),
            LinkKind::Markdown => self.markdown(source, &link.target),
        };
        self.nearest(source, candidates?)
    }

    /// The path of note number `id`.
    pub fn path(&self, id: usize) -> &str {
        &self.paths[id]
    }

    fn wiki(&self, target: &str) -> Option<&[usize]> {
        let target = strip_page_extension(target.trim_matches('/'));
        if target.contains('/') {
            return self.by_suffix.get(&key(target)).map(Vec::as_slice);
        }
        let wanted = key(target);
        [&self.by_name, &self.by_title, &self.by_alias]
            .into_iter()
            .find_map(|names| names.get(&wanted))
            .map(Vec::as_slice)
    }

    fn markdown(&self, source: &str, target: &str) -> Option<&[usize]> {
        if let Some(absolute) = target.strip_prefix('/') {
            return self.site_path(source, absolute);
        }
        let folder = source.rsplit_once('/').map_or("", |(folder, _)| folder);
        let source_page = strip_page_extension(source);
        let names_file = target.ends_with(".md") || target.ends_with(".markdown");
        // A site serves `os/spooling.md` at `/os/spooling/`: its relative links start there.
        let bases = if names_file {
            vec![folder]
        } else {
            vec![folder, source_page]
        };
        bases
            .into_iter()
            .find_map(|base| {
                let joined = RelativePath::new(base).join_normalized(target);
                let joined = joined.as_str();
                (!joined.starts_with("..")).then(|| self.exact_page(joined))?
            })
            .or_else(|| {
                let inside = target.trim_start_matches("./").trim_start_matches("../");
                self.site_path(source, inside)
            })
    }

    /// A path from the site's root: `P.md`, `P/index.md` … at the vault root or in a site
    /// folder inside it.
    fn site_path(&self, source: &str, path: &str) -> Option<&[usize]> {
        let mut path = path.trim_matches('/');
        if let Some(base) = &self.base_url {
            if let Some(rest) = path.strip_prefix(base.as_str()) {
                if rest.is_empty() || rest.starts_with('/') {
                    path = rest.trim_start_matches('/');
                }
            }
        }
        let page = strip_page_extension(path).trim_end_matches('/');
        if page.is_empty() {
            return self.site_root(source);
        }
        self.by_suffix.get(&key(page)).map(Vec::as_slice)
    }

    fn exact_page(&self, path: &str) -> Option<&[usize]> {
        let page = strip_page_extension(path.trim_matches('/'));
        if page.is_empty() {
            return self.folder_pages.get("").map(Vec::as_slice);
        }
        self.exact.get(&key(page)).map(Vec::as_slice)
    }

    /// `/`: the outermost folder page above `source` (its site's `index.md`, Hugo's
    /// `content/_index.md`).
    fn site_root(&self, source: &str) -> Option<&[usize]> {
        std::iter::once("")
            .chain(source.match_indices('/').map(|(i, _)| &source[..i]))
            .find_map(|folder| self.folder_pages.get(&key(folder)))
            .map(Vec::as_slice)
    }

    /// Of several notes a name fits, the one nearest `source`.
    fn nearest(&self, source: &str, candidates: &[usize]) -> Option<usize> {
        let folder: Vec<&str> = source.split('/').collect();
        let folder = &folder[..folder.len().saturating_sub(1)];
        candidates.iter().copied().min_by_key(|&id| {
            let path = self.paths[id].as_str();
            let shared = path
                .split('/')
                .zip(folder)
                .take_while(|(a, b)| a == *b)
                .count();
            (std::cmp::Reverse(shared), depth(path), path)
        })
    }
}

fn push(map: &mut HashMap<String, Vec<usize>>, name: String, id: usize) {
    let ids = map.entry(name).or_default();
    if !ids.contains(&id) {
        ids.push(id);
    }
}

fn dedup<const N: usize>(items: [&str; N]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::with_capacity(N);
    for item in items {
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// `a/b/c`, `b/c`, `c`.
fn suffixes(path: &str) -> impl Iterator<Item = &str> {
    std::iter::once(path).chain(path.match_indices('/').map(move |(i, _)| &path[i + 1..]))
}

fn depth(path: &str) -> usize {
    path.matches('/').count()
}

/// A path without the extension of a page (`.md`, `.markdown`, `.html`, `.htm`).
fn strip_page_extension(path: &str) -> &str {
    for extension in [".md", ".markdown", ".html", ".htm"] {
        let cut = path.len().saturating_sub(extension.len());
        if path.is_char_boundary(cut) && path[cut..].eq_ignore_ascii_case(extension) {
            return &path[..cut];
        }
    }
    path
}

/// A file that stands for its folder's page: Hugo's `index.md` and `_index.md`, `README.md`.
fn is_folder_page(stem: &str) -> bool {
    crate::note::is_index_name(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(path: &str, title: &str, aliases: &[&str]) -> NoteName {
        NoteName {
            path: path.into(),
            title: title.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }

    fn vault(base_url: Option<&str>) -> Resolver {
        Resolver::new(
            [
                name("os/교착상태.md", "교착상태", &["Deadlock", "데드락"]),
                name("os/세마포어.md", "세마포어", &[]),
                name("network/TCP와 UDP.md", "TCP와 UDP", &[]),
                name(
                    "site/docs/os/deadlock.md",
                    "교착상태(Deadlock)",
                    &["deadlock"],
                ),
                name("site/docs/os/spooling.md", "스풀링", &["spooling"]),
                name("site/index.md", "홈", &[]),
                name("hugo/content/cloud/kubernetes/index.md", "쿠버네티스", &[]),
                name("hugo/content/cloud/_index.md", "클라우드", &[]),
                name("hugo/content/_index.md", "전체", &[]),
                name(
                    "obsidian/클라우드/서비스 메시.md",
                    "서비스 메시",
                    &["Service Mesh"],
                ),
                name("obsidian/보안/서비스 메시.md", "서비스 메시", &[]),
            ],
            base_url,
        )
    }

    fn wiki(target: &str) -> Link {
        Link {
            target: target.into(),
            heading: None,
            line: 1,
            kind: LinkKind::Wiki,
        }
    }

    fn markdown(target: &str) -> Link {
        Link {
            kind: LinkKind::Markdown,
            ..wiki(target)
        }
    }

    fn resolved<'r>(resolver: &'r Resolver, source: &str, link: &Link) -> Option<&'r str> {
        resolver.resolve(source, link).map(|id| resolver.path(id))
    }

    #[test]
    fn wikilinks_resolve_by_file_name_path_title_and_alias() {
        let r = vault(None);
        let from = "os/세마포어.md";
        assert_eq!(
            resolved(&r, from, &wiki("교착상태")),
            Some("os/교착상태.md")
        );
        assert_eq!(
            resolved(&r, from, &wiki("교착상태.md")),
            Some("os/교착상태.md")
        );
        assert_eq!(
            resolved(&r, from, &wiki("tcp와udp")),
            Some("network/TCP와 UDP.md")
        );
        assert_eq!(
            resolved(&r, from, &wiki("os/교착상태")),
            Some("os/교착상태.md")
        );
        assert_eq!(resolved(&r, from, &wiki("데드락")), Some("os/교착상태.md"));
        assert_eq!(
            resolved(&r, from, &wiki("교착상태(Deadlock)")),
            Some("site/docs/os/deadlock.md"),
            "by front-matter title"
        );
        assert_eq!(
            resolved(&r, from, &wiki("kubernetes")),
            Some("hugo/content/cloud/kubernetes/index.md"),
            "a page bundle by its folder"
        );
        assert_eq!(resolved(&r, from, &wiki("없는 토픽")), None);
    }

    #[test]
    fn a_file_name_beats_an_alias() {
        let r = vault(None);
        // `deadlock` is the file name of the site page and an alias of nothing else that wins.
        assert_eq!(
            resolved(&r, "os/세마포어.md", &wiki("deadlock")),
            Some("site/docs/os/deadlock.md")
        );
        assert_eq!(
            resolved(&r, "os/세마포어.md", &wiki("Deadlock")),
            Some("site/docs/os/deadlock.md")
        );
    }

    #[test]
    fn the_nearest_of_two_notes_with_one_name_wins() {
        let r = vault(None);
        assert_eq!(
            resolved(&r, "obsidian/보안/제로 트러스트.md", &wiki("서비스 메시")),
            Some("obsidian/보안/서비스 메시.md")
        );
        assert_eq!(
            resolved(&r, "obsidian/클라우드/쿠버네티스.md", &wiki("서비스 메시")),
            Some("obsidian/클라우드/서비스 메시.md")
        );
    }

    #[test]
    fn relative_markdown_paths_resolve_from_the_linking_note() {
        let r = vault(None);
        let from = "os/세마포어.md";
        assert_eq!(
            resolved(&r, from, &markdown("교착상태.md")),
            Some("os/교착상태.md")
        );
        assert_eq!(
            resolved(&r, from, &markdown("../network/TCP와 UDP.md")),
            Some("network/TCP와 UDP.md")
        );
        assert_eq!(
            resolved(&r, from, &markdown("./교착상태")),
            Some("os/교착상태.md")
        );
        // Served at /site/docs/os/spooling/, a page links to its neighbour as `../deadlock/`.
        assert_eq!(
            resolved(&r, "site/docs/os/spooling.md", &markdown("../deadlock/")),
            Some("site/docs/os/deadlock.md")
        );
        assert_eq!(resolved(&r, from, &markdown("../없음.md")), None);
    }

    #[test]
    fn site_absolute_paths_resolve_from_the_site_root() {
        let r = vault(None);
        let from = "site/docs/os/spooling.md";
        assert_eq!(
            resolved(&r, from, &markdown("/docs/os/deadlock")),
            Some("site/docs/os/deadlock.md")
        );
        assert_eq!(
            resolved(&r, from, &markdown("/docs/os/deadlock.html")),
            Some("site/docs/os/deadlock.md")
        );
        assert_eq!(
            resolved(
                &r,
                "hugo/content/ai/rag.md",
                &markdown("/cloud/kubernetes/")
            ),
            Some("hugo/content/cloud/kubernetes/index.md"),
            "slug/index.md"
        );
        assert_eq!(
            resolved(&r, "hugo/content/ai/rag.md", &markdown("/cloud/")),
            Some("hugo/content/cloud/_index.md"),
            "a section's _index.md"
        );
        assert_eq!(resolved(&r, from, &markdown("/")), Some("site/index.md"));
        assert_eq!(
            resolved(&r, "hugo/content/ai/rag.md", &markdown("/")),
            Some("hugo/content/_index.md"),
            "the root of the linking note's site"
        );
        assert_eq!(resolved(&r, from, &markdown("/docs/os/none")), None);
    }

    #[test]
    fn the_base_url_prefix_is_removed_first() {
        let with = vault(Some("/blog"));
        let without = vault(None);
        let from = "site/docs/os/spooling.md";
        let link = markdown("/blog/docs/os/deadlock/");
        assert_eq!(
            resolved(&with, from, &link),
            Some("site/docs/os/deadlock.md")
        );
        assert_eq!(resolved(&without, from, &link), None);
        // Links written without the prefix still resolve; a word that merely starts like it
        // is not the prefix.
        assert_eq!(
            resolved(&with, from, &markdown("/docs/os/deadlock")),
            Some("site/docs/os/deadlock.md")
        );
        let blogger = Resolver::new([name("blogger/x.md", "x", &[])], Some("blog"));
        assert_eq!(
            resolved(&blogger, "a.md", &markdown("/blogger/x")),
            Some("blogger/x.md")
        );
    }
}
