//! A note's links to other notes as written: `[[wikilinks]]` (`[[Note]]`, `[[Note|alias]]`,
//! `[[Note#heading]]`) and Markdown links to other notes (`[x](../os/deadlock.md)`,
//! `[x](/docs/os/deadlock)`), each with the line it stands on. Which note a link names is
//! decided vault-wide by [`crate::links`].

use pulldown_cmark::LinkType;
use serde::{Deserialize, Serialize};

use crate::text::nfc;

/// A link to another note, where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The note linked to as written, NFC and percent-decoded: a wikilink's page
    /// (`쿠버네티스(Kubernetes)`, `os/교착상태`) or a Markdown link's path without `#` and `?`
    /// parts (`/docs/os/deadlock`, `../os/deadlock.md`).
    pub target: String,
    /// The heading after `#` (`[[TCP와 UDP#비교]]`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// 1-based source line of the link.
    pub line: u32,
    pub kind: LinkKind,
}

/// How a link was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// `[[Note]]`, `[[Note|alias]]`, `[[Note#heading]]`: names a note (Obsidian's rules).
    Wiki,
    /// `[text](path)`: a path, relative to the linking note or, with a leading `/`, to the site.
    Markdown,
}

impl LinkKind {
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Wiki => "wikilink",
            LinkKind::Markdown => "markdown",
        }
    }
}

impl Link {
    /// The link a Markdown link event stands for, or `None` when it names no other note: a
    /// web address, `mailto:`, an anchor in the same note (`#x`, `[[#x]]`), an attachment
    /// (`diagram.png`, `[[slides.pdf]]`).
    pub fn from_destination(link_type: LinkType, destination: &str, line: u32) -> Option<Link> {
        let wiki = matches!(link_type, LinkType::WikiLink { .. });
        let (page, heading) = if wiki {
            let (page, heading) = split_heading(destination);
            (page.trim().to_string(), heading)
        } else {
            if has_scheme(destination) || destination.starts_with('#') {
                return None;
            }
            let (path, heading) = split_heading(destination);
            let path = path.split('?').next().unwrap_or_default();
            (decode(path).trim().to_string(), heading.map(|h| decode(&h)))
        };
        if page.is_empty() || is_attachment(&page, wiki) {
            return None;
        }
        Some(Link {
            target: nfc(&page),
            heading: heading
                .map(|h| nfc(h.trim()))
                .filter(|h: &String| !h.is_empty()),
            line,
            kind: if wiki {
                LinkKind::Wiki
            } else {
                LinkKind::Markdown
            },
        })
    }

    /// The link as the user wrote it, for reports: `[[Note#heading]]` or `(path#heading)`.
    pub fn written(&self) -> String {
        let heading = self
            .heading
            .as_deref()
            .map(|h| format!("#{h}"))
            .unwrap_or_default();
        match self.kind {
            LinkKind::Wiki => format!("[[{}{heading}]]", self.target),
            LinkKind::Markdown => format!("({}{heading})", self.target),
        }
    }
}

fn split_heading(destination: &str) -> (&str, Option<String>) {
    match destination.split_once('#') {
        Some((page, heading)) => (page, Some(heading.to_string())),
        None => (destination, None),
    }
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// `https://…`, `mailto:…`, `obsidian://…`: a link out of the vault. A Windows drive (`C:`)
/// would be one letter; a scheme is at least two.
fn has_scheme(destination: &str) -> bool {
    destination.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() >= 2
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// File types a vault links to that are not notes.
const ATTACHMENTS: [&str; 24] = [
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "pdf", "zip", "gz", "mp3", "mp4",
    "mov", "webm", "wav", "csv", "xlsx", "docx", "pptx", "hwp", "json", "txt", "canvas",
];

/// Whether a link names a file that is not a note. A wikilink's page may end in `.0` or `.js`
/// (`OAuth 2.0`, `Node.js`), so only known attachment types count; a Markdown path names a
/// file, so any extension but a page's (`.md`, `.html`) does.
fn is_attachment(target: &str, wiki: bool) -> bool {
    let name = target
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    let extension = extension.to_ascii_lowercase();
    if ATTACHMENTS.contains(&extension.as_str()) {
        return true;
    }
    !wiki
        && !stem.is_empty()
        && !matches!(extension.as_str(), "md" | "markdown" | "html" | "htm")
        && extension.len() <= 5
        && extension.chars().all(|c| c.is_ascii_alphanumeric())
        && extension.chars().any(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wiki(destination: &str) -> Option<Link> {
        Link::from_destination(LinkType::WikiLink { has_pothole: false }, destination, 7)
    }

    fn markdown(destination: &str) -> Option<Link> {
        Link::from_destination(LinkType::Inline, destination, 7)
    }

    #[test]
    fn a_wikilink_keeps_its_page_and_heading() {
        let link = wiki("TCP와 UDP#비교").unwrap();
        assert_eq!(link.target, "TCP와 UDP");
        assert_eq!(link.heading.as_deref(), Some("비교"));
        assert_eq!(link.kind, LinkKind::Wiki);
        assert_eq!(link.line, 7);
        assert_eq!(link.written(), "[[TCP와 UDP#비교]]");
        assert_eq!(wiki("OAuth 2.0").unwrap().target, "OAuth 2.0");
        assert_eq!(wiki("#정의"), None, "a heading of the same note");
        assert_eq!(wiki("구성도.png"), None);
    }

    #[test]
    fn a_markdown_link_keeps_its_decoded_path() {
        let link = markdown("../os/%EA%B5%90%EC%B0%A9%EC%83%81%ED%83%9C.md?v=1#%EC%9B%90%EC%9D%B8")
            .unwrap();
        assert_eq!(link.target, "../os/교착상태.md");
        assert_eq!(link.heading.as_deref(), Some("원인"));
        assert_eq!(
            markdown("/docs/os/deadlock/?v=2").unwrap().target,
            "/docs/os/deadlock/"
        );
        assert_eq!(markdown("deadlock.html").unwrap().target, "deadlock.html");
    }

    #[test]
    fn links_out_of_the_vault_and_attachments_are_not_note_links() {
        for destination in [
            "https://example.com/docs",
            "mailto:a@b.c",
            "obsidian://open?vault=x",
            "#정의",
            "images/arch.png",
            "slides.PDF",
            "data/table.tsv",
        ] {
            assert_eq!(markdown(destination), None, "{destination}");
        }
    }
}
