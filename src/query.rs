//! Parsing what the user types into clauses: words, `"phrases"`, `-exclusions` and field
//! prefixes (`정의:컨테이너`, `"연관 토픽":도커`, `title:`, `tag:`, `path:`).

use crate::error::{Error, Result};
use crate::section::{SectionKind, SectionRef};

/// Where a clause looks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Title, aliases and every section (or the `-s` section).
    Anywhere,
    Title,
    /// A canonical section (`정의:`), or any heading of the notes (`비교:`, `"해결 방안":`).
    Section(SectionRef),
    /// Obsidian's `tag:`: the tag or any tag nested under it.
    Tag,
    /// Obsidian's `path:`: text within the note's path.
    Path,
}

/// One clause of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub target: Target,
    pub text: String,
    /// Quoted: the words must appear in this order, next to each other.
    pub phrase: bool,
    /// Prefixed with `-`: notes matching it are left out.
    pub negated: bool,
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

/// The field names accepted before `:`, for error messages.
pub fn field_names() -> String {
    let mut names = vec!["title".to_string(), "tag".to_string(), "path".to_string()];
    names.extend(
        SectionKind::ALL
            .iter()
            .map(|k| format!("{}/{}", k.korean(), k.english())),
    );
    names.join(", ")
}

fn target_of(name: &str) -> Option<Target> {
    match name.to_lowercase().as_str() {
        "title" | "제목" => Some(Target::Title),
        "tag" | "태그" => Some(Target::Tag),
        "path" | "경로" => Some(Target::Path),
        _ => SectionKind::from_user_name(name).map(|k| Target::Section(k.into())),
    }
}

/// Longest query accepted, in bytes: far beyond any real query, short of a pasted document.
pub const MAX_QUERY_BYTES: usize = 2048;

/// Parses a query. Unbalanced quotes close at the end of the query, as most search boxes do.
pub fn parse(input: &str) -> Result<Query> {
    if input.len() > MAX_QUERY_BYTES {
        return Err(Error::Query(format!(
            "the query is {} bytes long; at most {MAX_QUERY_BYTES} are accepted",
            input.len()
        )));
    }
    let chars: Vec<char> = input.chars().collect();
    let mut clauses = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let negated = chars[i] == '-' && i + 1 < chars.len() && !chars[i + 1].is_whitespace();
        if negated {
            i += 1;
        }
        // A field name, quoted (`"연관 토픽":`) or bare (`정의:`), then its value.
        let (first, first_quoted, next) = read_item(&chars, i);
        i = next;
        let (target, text, phrase) = if i < chars.len() && chars[i] == ':' && !first.is_empty() {
            match target_of(&first) {
                Some(target) => {
                    let (value, quoted, next) = read_item(&chars, i + 1);
                    i = next;
                    if value.trim().is_empty() {
                        return Err(Error::Query(format!(
                            "`{first}:` has nothing after the colon; write e.g. `{first}:컨테이너`"
                        )));
                    }
                    (target, value, quoted)
                }
                None if looks_like_field(&first) => {
                    // Any other heading (`비교:TCP`); searching checks the notes have it.
                    let (value, quoted, next) = read_item(&chars, i + 1);
                    i = next;
                    if value.trim().is_empty() {
                        return Err(Error::Query(format!(
                            "`{first}:` has nothing after the colon; write e.g. `{first}:컨테이너`"
                        )));
                    }
                    (Target::Section(SectionRef::named(&first)), value, quoted)
                }
                None => {
                    // `12:30`, `http:` and the like are text.
                    let (rest, _, next) = read_item(&chars, i);
                    i = next;
                    (Target::Anywhere, format!("{first}{rest}"), first_quoted)
                }
            }
        } else {
            (Target::Anywhere, first, first_quoted)
        };
        if text.trim().is_empty() {
            continue;
        }
        clauses.push(Clause {
            target,
            text,
            phrase,
            negated,
        });
    }
    Ok(Query { clauses })
}

/// Reads a quoted string or a bare word (up to whitespace or a `:` ending a field name).
/// Returns the text, whether it was quoted, and the index after it.
fn read_item(chars: &[char], start: usize) -> (String, bool, usize) {
    if start < chars.len() && chars[start] == '"' {
        let end = chars[start + 1..]
            .iter()
            .position(|&c| c == '"')
            .map_or(chars.len(), |p| start + 1 + p);
        let text: String = chars[start + 1..end].iter().collect();
        return (text, true, (end + 1).min(chars.len()));
    }
    let mut end = start;
    while end < chars.len() && !chars[end].is_whitespace() {
        if chars[end] == ':' && end > start {
            break;
        }
        end += 1;
    }
    (chars[start..end].iter().collect(), false, end)
}

/// A prefix made only of letters is meant as a field name; anything else (`12:30`) is text.
fn looks_like_field(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(target: Target, text: &str, phrase: bool, negated: bool) -> Clause {
        Clause {
            target,
            text: text.to_string(),
            phrase,
            negated,
        }
    }

    #[test]
    fn words_phrases_and_exclusions() {
        let q = parse(r#"사이드카 "서비스 메시" -istio"#).unwrap();
        assert_eq!(
            q.clauses,
            [
                clause(Target::Anywhere, "사이드카", false, false),
                clause(Target::Anywhere, "서비스 메시", true, false),
                clause(Target::Anywhere, "istio", false, true),
            ]
        );
    }

    #[test]
    fn field_prefixes_in_korean_and_english() {
        let q = parse(r#"정의:컨테이너 "연관 토픽":도커 components:Ansible tag:#필수 path:cloud title:"CI, CD""#)
            .unwrap();
        assert_eq!(
            q.clauses,
            [
                clause(
                    Target::Section(SectionKind::Definition.into()),
                    "컨테이너",
                    false,
                    false
                ),
                clause(
                    Target::Section(SectionKind::Related.into()),
                    "도커",
                    false,
                    false
                ),
                clause(
                    Target::Section(SectionKind::Components.into()),
                    "Ansible",
                    false,
                    false
                ),
                clause(Target::Tag, "#필수", false, false),
                clause(Target::Path, "cloud", false, false),
                clause(Target::Title, "CI, CD", true, false),
            ]
        );
    }

    #[test]
    fn unbalanced_quote_runs_to_the_end() {
        let q = parse(r#""서비스 메시"#).unwrap();
        assert_eq!(
            q.clauses,
            [clause(Target::Anywhere, "서비스 메시", true, false)]
        );
    }

    #[test]
    fn empty_fields_are_errors_and_other_names_are_headings() {
        assert!(parse("정의:").is_err());
        let q = parse("비교:TCP").unwrap();
        assert_eq!(
            q.clauses[0].target,
            Target::Section(SectionRef::named("비교"))
        );
    }

    #[test]
    fn colons_in_text_are_kept() {
        let q = parse("12:30").unwrap();
        assert_eq!(q.clauses, [clause(Target::Anywhere, "12:30", false, false)]);
    }

    #[test]
    fn a_lone_dash_is_not_an_exclusion() {
        let q = parse("- 도커").unwrap();
        assert_eq!(q.clauses[0], clause(Target::Anywhere, "-", false, false));
        assert_eq!(q.clauses[1], clause(Target::Anywhere, "도커", false, false));
    }
}
