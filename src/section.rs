//! The sections of an exam note: their canonical Korean names, English aliases, index field
//! names, and how headings written by real candidates map onto them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A section every note in the users' format may have. Headings that map to none of these are
/// kept as "other" sections, searchable under their own heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    Definition,
    Keywords,
    Mnemonic,
    Features,
    Components,
    Diagram,
    Related,
}

impl SectionKind {
    pub const ALL: [SectionKind; 7] = [
        SectionKind::Definition,
        SectionKind::Keywords,
        SectionKind::Mnemonic,
        SectionKind::Features,
        SectionKind::Components,
        SectionKind::Diagram,
        SectionKind::Related,
    ];

    /// The canonical Korean name, as the users write it in `## ` headings.
    pub fn korean(self) -> &'static str {
        match self {
            SectionKind::Definition => "정의",
            SectionKind::Keywords => "키워드",
            SectionKind::Mnemonic => "암기법",
            SectionKind::Features => "특징",
            SectionKind::Components => "구성요소",
            SectionKind::Diagram => "구성도",
            SectionKind::Related => "연관 토픽",
        }
    }

    /// The English alias accepted on the command line and used as the index field name.
    pub fn english(self) -> &'static str {
        match self {
            SectionKind::Definition => "definition",
            SectionKind::Keywords => "keywords",
            SectionKind::Mnemonic => "mnemonic",
            SectionKind::Features => "features",
            SectionKind::Components => "components",
            SectionKind::Diagram => "diagram",
            SectionKind::Related => "related",
        }
    }

    /// Heading variants seen in real notes, compared after [`heading_key`].
    fn variants(self) -> &'static [&'static str] {
        match self {
            SectionKind::Definition => &[
                "정의",
                "개념",
                "정의/개념",
                "개념/정의",
                "정의및개념",
                "개념정의",
                "개요",
            ],
            SectionKind::Keywords => &["키워드", "핵심키워드", "주요키워드"],
            SectionKind::Mnemonic => &["암기법", "암기", "두문자", "두음"],
            SectionKind::Features => &["특징", "특징/장점", "주요특징", "특성"],
            SectionKind::Components => &[
                "구성요소",
                "기술요소",
                "주요구성요소",
                "핵심기술요소",
                "구성및절차",
                "구성",
            ],
            SectionKind::Diagram => &["구성도", "개념도", "아키텍처", "구조도"],
            SectionKind::Related => &["연관토픽", "연계토픽", "관련토픽", "관련개념"],
        }
    }

    /// Maps a `## ` heading as written (`📌 정의`, `1. 핵심 키워드`, `연계 토픽`) to its section.
    pub fn from_heading(heading: &str) -> Option<SectionKind> {
        let key = heading_key(heading);
        SectionKind::ALL
            .into_iter()
            .find(|kind| kind.variants().contains(&key.as_str()))
    }

    /// Parses a section name given by the user: Korean (any variant) or English alias.
    pub fn from_user_name(name: &str) -> Option<SectionKind> {
        let lower = name.trim().to_lowercase();
        SectionKind::ALL
            .into_iter()
            .find(|kind| kind.english() == lower)
            .or_else(|| SectionKind::from_heading(name))
    }

    /// Field boost in ranking: a term in the definition says more about the topic than one in
    /// the related-topics list.
    pub fn boost(self) -> f32 {
        match self {
            SectionKind::Keywords => 3.0,
            SectionKind::Definition => 2.5,
            SectionKind::Mnemonic => 2.0,
            SectionKind::Components => 1.5,
            SectionKind::Features => 1.2,
            SectionKind::Diagram => 1.0,
            SectionKind::Related => 0.6,
        }
    }
}

impl fmt::Display for SectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.korean())
    }
}

/// A section asked for by name: a canonical one, or any other heading (`비교`, `해결 방안`),
/// compared by its [`heading_key`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SectionRef {
    Kind(SectionKind),
    Heading {
        /// The [`heading_key`] of the name.
        key: String,
        /// The name as given.
        name: String,
    },
}

impl SectionRef {
    /// The section a user names: canonical when the name is one of the canonical names or
    /// their variants, else a heading.
    pub fn named(name: &str) -> SectionRef {
        match SectionKind::from_user_name(name) {
            Some(kind) => SectionRef::Kind(kind),
            None => SectionRef::Heading {
                key: heading_key(name),
                name: name.trim().to_string(),
            },
        }
    }

    /// Whether a section of this kind and heading is the one named.
    pub fn matches(&self, kind: Option<SectionKind>, heading: &str) -> bool {
        match self {
            SectionRef::Kind(wanted) => kind == Some(*wanted),
            SectionRef::Heading { key, .. } => kind.is_none() && heading_key(heading) == *key,
        }
    }

    pub fn kind(&self) -> Option<SectionKind> {
        match self {
            SectionRef::Kind(kind) => Some(*kind),
            SectionRef::Heading { .. } => None,
        }
    }
}

impl From<SectionKind> for SectionRef {
    fn from(kind: SectionKind) -> SectionRef {
        SectionRef::Kind(kind)
    }
}

impl fmt::Display for SectionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SectionRef::Kind(kind) => kind.fmt(f),
            SectionRef::Heading { name, .. } => f.write_str(name),
        }
    }
}

/// The name shown for a section: its canonical name, else its heading as written, else 본문
/// for text before the first heading.
pub fn display_name(kind: Option<SectionKind>, heading: &str) -> &str {
    match kind {
        Some(kind) => kind.korean(),
        None if heading.is_empty() => "본문",
        None => heading,
    }
}

/// The comparable core of a heading: leading emoji, symbols and numbering (`📌`, `1.`, `2)`,
/// `Ⅲ.`) removed, whitespace dropped, Latin lowercased.
pub fn heading_key(heading: &str) -> String {
    let trimmed = heading.trim_start_matches(|c: char| {
        !c.is_alphabetic() || is_roman_numeral(c) || c.is_ascii_digit()
    });
    let trimmed = trimmed.trim_start_matches(|c: char| c.is_whitespace());
    trimmed
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_roman_numeral(c: char) -> bool {
    ('\u{2160}'..='\u{217F}').contains(&c)
}

/// One line listing every name `-s` accepts, for error messages.
pub fn valid_names() -> String {
    SectionKind::ALL
        .iter()
        .map(|k| format!("{} ({})", k.korean(), k.english()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_headings_map_to_their_section() {
        for kind in SectionKind::ALL {
            assert_eq!(SectionKind::from_heading(kind.korean()), Some(kind));
        }
    }

    #[test]
    fn heading_variants_map_to_the_canonical_section() {
        let cases = [
            ("정의/개념", SectionKind::Definition),
            ("개념", SectionKind::Definition),
            ("# 개념 정의", SectionKind::Definition),
            ("1. 개요", SectionKind::Definition),
            ("Ⅱ. 구성 및 절차", SectionKind::Components),
            ("핵심 키워드", SectionKind::Keywords),
            ("연계 토픽", SectionKind::Related),
            ("관련 토픽", SectionKind::Related),
            ("관련 개념", SectionKind::Related),
            ("개념도", SectionKind::Diagram),
            ("아키텍처", SectionKind::Diagram),
            ("구성 요소", SectionKind::Components),
            ("기술요소", SectionKind::Components),
            ("특징/장점", SectionKind::Features),
            ("📌 정의", SectionKind::Definition),
            ("1. 정의", SectionKind::Definition),
            ("2) 핵심 키워드", SectionKind::Keywords),
            ("Ⅲ. 구성도", SectionKind::Diagram),
        ];
        for (heading, kind) in cases {
            assert_eq!(SectionKind::from_heading(heading), Some(kind), "{heading}");
        }
    }

    #[test]
    fn unknown_headings_are_not_forced_into_a_section() {
        assert_eq!(SectionKind::from_heading("비교"), None);
        assert_eq!(SectionKind::from_heading("유형"), None);
    }

    #[test]
    fn other_headings_are_named_by_their_key() {
        let named = SectionRef::named("해결 방안");
        assert!(named.matches(None, "3. 해결방안"));
        assert!(!named.matches(None, "비교"));
        assert_eq!(
            SectionRef::named("정의"),
            SectionRef::Kind(SectionKind::Definition)
        );
        assert!(!SectionRef::named("비교").matches(Some(SectionKind::Definition), "비교"));
    }

    #[test]
    fn user_names_accept_korean_and_english() {
        assert_eq!(
            SectionKind::from_user_name("components"),
            Some(SectionKind::Components)
        );
        assert_eq!(
            SectionKind::from_user_name("Definition"),
            Some(SectionKind::Definition)
        );
        assert_eq!(
            SectionKind::from_user_name("연관 토픽"),
            Some(SectionKind::Related)
        );
        assert_eq!(SectionKind::from_user_name("nope"), None);
    }
}
