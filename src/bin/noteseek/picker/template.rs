//! What Ctrl-O prints for the chosen hit: `--print` templates such as `+{line} {path}`.

use std::path::Path;

use anyhow::{bail, Result};
use noteseek::search::Hit;

use crate::printer::sanitize;

/// The placeholders a template may use.
const NAMES: [&str; 5] = ["path", "qpath", "line", "title", "section"];

/// A parsed `--print` template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(&'static str),
}

impl Template {
    /// Reads a template; an unknown `{name}` or an unclosed `{` is an error that lists the
    /// placeholders.
    pub fn parse(text: &str) -> Result<Template> {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                bail!("--print `{text}` has a `{{` without `}}`; {}", valid());
            };
            let name = &rest[open + 1..open + close];
            let Some(&known) = NAMES.iter().find(|&&n| n == name) else {
                bail!(
                    "--print `{text}` has an unknown placeholder `{{{name}}}`; {}",
                    valid()
                );
            };
            pieces.push(Piece::Field(known));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        Ok(Template { pieces })
    }

    /// The template filled in for `hit`, whose path is relative to the notes folder `notes`.
    pub fn fill(&self, hit: &Hit, notes: &Path) -> String {
        let path = notes.join(&hit.path).to_string_lossy().into_owned();
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Field("path") => out.push_str(&path),
                Piece::Field("qpath") => out.push_str(&shell_words::quote(&path)),
                Piece::Field("line") => out.push_str(&hit.line.to_string()),
                Piece::Field("title") => out.push_str(&sanitize(&hit.title)),
                Piece::Field(_) => out.push_str(&sanitize(&hit.section.name)),
            }
        }
        out
    }
}

fn valid() -> String {
    let names: Vec<String> = NAMES.iter().map(|n| format!("{{{n}}}")).collect();
    format!("placeholders are {}", names.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::picker::state::tests::hit;

    #[test]
    fn placeholders_are_filled_from_the_hit() {
        let hit = hit(1, "서비스 메시", "cloud/서비스 메시.md");
        let fill = |t: &str| Template::parse(t).unwrap().fill(&hit, Path::new("notes"));
        assert_eq!(fill("{path}:{line}"), "notes/cloud/서비스 메시.md:4");
        assert_eq!(fill("+{line} {qpath}"), "+4 'notes/cloud/서비스 메시.md'");
        assert_eq!(fill("{title} [{section}]"), "서비스 메시 [정의]");
    }

    #[test]
    fn a_wrong_template_says_which_placeholders_exist() {
        let err = Template::parse("{file}:{line}").unwrap_err().to_string();
        assert!(err.contains("`{file}`") && err.contains("{qpath}"), "{err}");
        let err = Template::parse("+{line").unwrap_err().to_string();
        assert!(err.contains("without"), "{err}");
    }
}
