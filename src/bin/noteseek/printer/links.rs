//! The topic graph's findings: a note's links and backlinks (`links TITLE`), links that name no
//! note (`links --broken`) and related topics (`related`), for people or as JSON lines. The
//! JSON fields are documented in README and kept stable.
//!
//! ```text
//! 도커(Docker)
//! notes/cloud/도커(Docker).md
//!
//! links (2)
//!   쿠버네티스(Kubernetes)  notes/cloud/쿠버네티스(Kubernetes).md
//!   [[없는 토픽]]           unresolved at notes/cloud/도커(Docker).md:43
//!
//! backlinks (1)
//!   DevOps  notes/cloud/DevOps.md:45
//!     도커(Docker) - 컨테이너 이미지로 배포한다
//! ```

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use noteseek::links::{Edge, GraphNote, LinkGraph, NoteId};
use noteseek::note::NoteKind;
use noteseek::related::{Reason, Related};

use super::human::{LINE, MARK, PATH, TITLE};
use super::Paint;

/// Names are padded to line up their paths, up to this width.
const MAX_NAME_WIDTH: usize = 40;
/// A shared link or 키워드 list longer than this ends in `and N more`.
const MAX_LISTED: usize = 5;

/// Writes the graph's findings for people (`Human`) or as JSON lines.
pub struct GraphPrinter<W: Write> {
    out: W,
    root: PathBuf,
    /// `None` for JSON.
    human: Option<Paint>,
}

impl<W: Write> GraphPrinter<W> {
    /// A printer for people (`json` false, colour as `color` says) or of JSON lines, writing
    /// paths under the notes folder `root`.
    pub fn new(out: W, root: &Path, json: bool, color: bool) -> Self {
        GraphPrinter {
            out,
            root: root.to_path_buf(),
            human: (!json).then_some(Paint { color }),
        }
    }

    /// Flushes what is buffered, so that a write error surfaces here.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn path(&self, note: &GraphNote) -> String {
        self.root.join(&note.path).to_string_lossy().into_owned()
    }

    fn styled(&mut self, style: anstyle::Style, text: &str) -> io::Result<()> {
        let paint = self.human.unwrap_or(Paint { color: false });
        paint.write(&mut self.out, style, text)
    }

    fn json_line(&mut self, value: &impl Serialize) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, value)?;
        self.out.write_all(b"\n")
    }

    /// `path:line` of a link, styled.
    fn location(&mut self, note: &GraphNote, line: u32) -> io::Result<()> {
        let path = self.path(note);
        self.styled(PATH, &path)?;
        write!(self.out, ":")?;
        self.styled(LINE, &line.to_string())
    }

    /// `links TITLE`: the note, its outgoing links and its backlinks.
    pub fn note_links(
        &mut self,
        graph: &LinkGraph,
        id: NoteId,
        outgoing: &[Edge<'_>],
        backlinks: &[Edge<'_>],
    ) -> io::Result<()> {
        let note = graph.note(id);
        if self.human.is_none() {
            let record = JsonNoteLinks {
                title: &note.title,
                path: self.path(note),
                links: outgoing
                    .iter()
                    .map(|edge| JsonLink::new(self, graph, edge))
                    .collect(),
                backlinks: backlinks
                    .iter()
                    .map(|edge| JsonLink::new(self, graph, edge))
                    .collect(),
            };
            return self.json_line(&record);
        }
        self.styled(TITLE, &note.title)?;
        writeln!(self.out)?;
        let path = self.path(note);
        self.styled(PATH, &path)?;
        writeln!(self.out)?;

        writeln!(self.out, "\nlinks ({})", outgoing.len())?;
        let names: Vec<String> = outgoing.iter().map(|e| link_name(graph, e)).collect();
        let width = column_width(&names);
        for (edge, name) in outgoing.iter().zip(&names) {
            write!(self.out, "  ")?;
            self.styled(TITLE, name)?;
            write!(self.out, "{}  ", padding(name, width))?;
            match edge.target {
                Some(target) => {
                    let path = self.path(graph.note(target));
                    self.styled(PATH, &path)?;
                }
                None => {
                    self.styled(MARK, "unresolved at ")?;
                    self.location(note, edge.link.link.line)?;
                }
            }
            writeln!(self.out)?;
        }

        writeln!(self.out, "\nbacklinks ({})", backlinks.len())?;
        let titles: Vec<&str> = backlinks
            .iter()
            .map(|e| graph.note(e.source).title.as_str())
            .collect();
        let width = column_width(&titles);
        for (edge, title) in backlinks.iter().zip(titles) {
            write!(self.out, "  ")?;
            self.styled(TITLE, title)?;
            write!(self.out, "{}  ", padding(title, width))?;
            self.location(graph.note(edge.source), edge.link.link.line)?;
            write!(self.out, "\n    ")?;
            self.styled(anstyle::Style::new(), &edge.link.text)?;
            writeln!(self.out)?;
        }
        Ok(())
    }

    /// `links --broken`: one link that names no note, as `path:line: [[target]]`.
    pub fn broken(&mut self, graph: &LinkGraph, edge: &Edge<'_>) -> io::Result<()> {
        if self.human.is_none() {
            let record = JsonLink::new(self, graph, edge);
            return self.json_line(&record);
        }
        self.location(graph.note(edge.source), edge.link.link.line)?;
        write!(self.out, ": ")?;
        self.styled(TITLE, &edge.link.link.written())?;
        writeln!(self.out)
    }

    /// `related`: one related topic with its rank and reasons.
    pub fn related(&mut self, graph: &LinkGraph, rank: usize, found: &Related) -> io::Result<()> {
        let note = graph.note(found.note);
        if self.human.is_none() {
            let record = JsonRelated {
                rank,
                score: found.score,
                title: &note.title,
                path: self.path(note),
                stub: note.kind == NoteKind::Stub,
                reasons: found
                    .reasons
                    .iter()
                    .map(|reason| JsonReason::new(self, graph, reason))
                    .collect(),
            };
            return self.json_line(&record);
        }
        if rank > 1 {
            writeln!(self.out)?;
        }
        write!(self.out, "{rank}. ")?;
        self.styled(TITLE, &note.title)?;
        if note.kind == NoteKind::Stub {
            self.styled(MARK, " (stub)")?;
        }
        write!(self.out, "\n   ")?;
        let path = self.path(note);
        self.styled(PATH, &path)?;
        let reasons: Vec<String> = found.reasons.iter().map(|r| describe(graph, r)).collect();
        write!(self.out, "\n   ")?;
        self.styled(anstyle::Style::new(), &reasons.join("; "))?;
        writeln!(self.out)
    }
}

/// What a link is shown as: the note it names (with its heading), or the link as written.
fn link_name(graph: &LinkGraph, edge: &Edge<'_>) -> String {
    match edge.target {
        Some(target) => {
            let title = &graph.note(target).title;
            match &edge.link.link.heading {
                Some(heading) => format!("{title}#{heading}"),
                None => title.clone(),
            }
        }
        None => edge.link.link.written(),
    }
}

fn column_width(names: &[impl AsRef<str>]) -> usize {
    names
        .iter()
        .map(|n| n.as_ref().width())
        .max()
        .unwrap_or(0)
        .min(MAX_NAME_WIDTH)
}

fn padding(name: &str, width: usize) -> String {
    " ".repeat(width.saturating_sub(name.width()))
}

/// A reason in words.
fn describe(graph: &LinkGraph, reason: &Reason) -> String {
    match reason {
        Reason::LinkedBothWays => "linked both ways".to_string(),
        Reason::LinkedTo => "this note links to it".to_string(),
        Reason::LinksHere => "it links to this note".to_string(),
        // In brackets: titles may hold commas (`CI, CD`).
        Reason::SharedLinks(notes) => {
            let titles: Vec<String> = notes
                .iter()
                .map(|&n| format!("[[{}]]", graph.note(n).title))
                .collect();
            format!("both link to {}", listed(&titles))
        }
        Reason::SharedKeywords(keywords) => format!("shared 키워드: {}", listed(keywords)),
    }
}

/// `a, b, c`, or the first few and `and N more`.
fn listed(items: &[impl AsRef<str>]) -> String {
    let shown: Vec<&str> = items.iter().take(MAX_LISTED).map(|i| i.as_ref()).collect();
    let mut text = shown.join(", ");
    if items.len() > MAX_LISTED {
        text.push_str(&format!(" and {} more", items.len() - MAX_LISTED));
    }
    text
}

#[derive(Serialize)]
struct JsonNoteLinks<'a> {
    title: &'a str,
    path: String,
    links: Vec<JsonLink<'a>>,
    backlinks: Vec<JsonLink<'a>>,
}

/// A link: where it stands (`source`, `line`, `text`), what it says (`target`, `heading`,
/// `kind`) and the note it names (`title`, `path`; both null when unresolved).
#[derive(Serialize)]
struct JsonLink<'a> {
    source: String,
    source_title: &'a str,
    line: u32,
    text: &'a str,
    target: &'a str,
    heading: Option<&'a str>,
    kind: &'static str,
    resolved: bool,
    title: Option<&'a str>,
    path: Option<String>,
}

impl<'a> JsonLink<'a> {
    fn new<W: Write>(printer: &GraphPrinter<W>, graph: &'a LinkGraph, edge: &Edge<'a>) -> Self {
        let source = graph.note(edge.source);
        let target = edge.target.map(|t| graph.note(t));
        let link = &edge.link.link;
        JsonLink {
            source: printer.path(source),
            source_title: &source.title,
            line: link.line,
            text: &edge.link.text,
            target: &link.target,
            heading: link.heading.as_deref(),
            kind: link.kind.name(),
            resolved: target.is_some(),
            title: target.map(|t| t.title.as_str()),
            path: target.map(|t| printer.path(t)),
        }
    }
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    rank: usize,
    score: f64,
    title: &'a str,
    path: String,
    stub: bool,
    reasons: Vec<JsonReason<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
enum JsonReason<'a> {
    LinkedBothWays,
    LinkedTo,
    LinksHere,
    SharedLinks { notes: Vec<JsonNote<'a>> },
    SharedKeywords { keywords: &'a [String] },
}

#[derive(Serialize)]
struct JsonNote<'a> {
    title: &'a str,
    path: String,
}

impl<'a> JsonReason<'a> {
    fn new<W: Write>(printer: &GraphPrinter<W>, graph: &'a LinkGraph, reason: &'a Reason) -> Self {
        match reason {
            Reason::LinkedBothWays => JsonReason::LinkedBothWays,
            Reason::LinkedTo => JsonReason::LinkedTo,
            Reason::LinksHere => JsonReason::LinksHere,
            Reason::SharedLinks(notes) => JsonReason::SharedLinks {
                notes: notes
                    .iter()
                    .map(|&n| {
                        let note = graph.note(n);
                        JsonNote {
                            title: &note.title,
                            path: printer.path(note),
                        }
                    })
                    .collect(),
            },
            Reason::SharedKeywords(keywords) => JsonReason::SharedKeywords { keywords },
        }
    }
}
