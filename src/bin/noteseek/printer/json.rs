//! `--json`: one object per hit and line. The schema is documented in README and kept stable.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use noteseek::note::NoteKind;
use noteseek::search::Hit;

pub struct JsonPrinter<W: Write> {
    out: W,
    root: PathBuf,
    /// Batch mode: each object also carries the query it answers.
    with_query: bool,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    query: Option<&'a str>,
    rank: usize,
    score: f32,
    title: &'a str,
    path: String,
    line: u32,
    section: &'a str,
    heading: &'a str,
    tags: &'a [String],
    /// The note has little content yet (see README, "Stubs and listing pages").
    stub: bool,
    /// The note is a page of links (a folder's index, a map of content).
    listing: bool,
    snippet: &'a str,
    highlights: Vec<JsonHighlight<'a>>,
}

#[derive(Serialize)]
struct JsonHighlight<'a> {
    /// Byte offsets into `snippet` (UTF-8), end exclusive.
    start: usize,
    end: usize,
    text: &'a str,
}

/// A batch query that found nothing, or could not be run: still one line, so that a consumer
/// can pair every answer with its question.
#[derive(Serialize)]
struct JsonOutcome<'a> {
    query: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    hits: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

impl<W: Write> JsonPrinter<W> {
    pub fn new(out: W, root: &Path, with_query: bool) -> Self {
        JsonPrinter {
            out,
            root: root.to_path_buf(),
            with_query,
        }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    pub fn hit(&mut self, query: &str, hit: &Hit) -> io::Result<()> {
        let snippet = &hit.snippet.text;
        let record = JsonHit {
            query: self.with_query.then_some(query),
            rank: hit.rank,
            score: hit.score,
            title: &hit.title,
            path: self.root.join(&hit.path).to_string_lossy().into_owned(),
            line: hit.line,
            section: &hit.section.name,
            heading: &hit.section.heading,
            tags: &hit.tags,
            stub: hit.kind == NoteKind::Stub,
            listing: hit.kind == NoteKind::Listing,
            snippet,
            highlights: hit
                .snippet
                .highlights
                .iter()
                .map(|&(start, end)| JsonHighlight {
                    start,
                    end,
                    text: &snippet[start..end],
                })
                .collect(),
        };
        self.line(&record)
    }

    /// `{"query": …, "hits": 0}` for a batch query without hits.
    pub fn no_hits(&mut self, query: &str) -> io::Result<()> {
        self.line(&JsonOutcome {
            query,
            hits: Some(0),
            error: None,
        })
    }

    /// `{"query": …, "error": "…"}` for a batch query that is not valid.
    pub fn error(&mut self, query: &str, message: &str) -> io::Result<()> {
        self.line(&JsonOutcome {
            query,
            hits: None,
            error: Some(message),
        })
    }

    fn line(&mut self, value: &impl Serialize) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, value)?;
        self.out.write_all(b"\n")
    }
}
