//! The index schema: one text field per known section, so a query can be restricted to a
//! section and each section can carry its own weight in ranking.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::analysis::{self, TOKENIZER_NAME};
use crate::section::SectionKind;

/// Bumped whenever the schema or what goes into it changes; an index written with another
/// version is rebuilt instead of being misread.
pub const SCHEMA_VERSION: u32 = 3;

/// The version string stored with every commit: schema and analyzer together.
pub fn version_stamp() -> String {
    format!(
        "noteseek-schema-{SCHEMA_VERSION}-analyzer-{}",
        analysis::ANALYZER_VERSION
    )
}

/// Field handles of the noteseek schema.
#[derive(Clone, Debug)]
pub struct Fields {
    pub schema: Schema,
    /// Path relative to the notes folder, `/`-separated: the key of a note.
    pub path: Field,
    /// Lowercased path, for Obsidian's `path:` (substring) queries.
    pub path_key: Field,
    /// Title and aliases, analysed.
    pub title: Field,
    /// Title and aliases as exact keys ([`title_key`]), for `show`.
    pub title_key: Field,
    /// 초성 of the title's and aliases' words ([`crate::chosung::words`]).
    pub chosung: Field,
    /// Tags, lowercased, with every parent of nested tags (`a/b` also gives `a`).
    pub tag: Field,
    /// One analysed field per known section, in [`SectionKind::ALL`] order.
    pub sections: Vec<Field>,
    /// All other sections (`## 비교`, text before the first heading).
    pub other: Field,
    /// Alias pairs the note states (`쿠버네티스(Kubernetes)`), as `key SEP partner` terms
    /// ([`crate::aliases::index_terms`]).
    pub alias: Field,
    /// The parsed note as JSON, for snippets and output.
    pub data: Field,
    /// Modification time (ns since the epoch) and size of the file when it was indexed.
    pub mtime: Field,
    pub size: Field,
    /// 1 for a note, 0 for a file that was skipped (remembered so it is not re-read each run).
    pub indexed: Field,
}

/// The name of the index field holding "other" sections.
pub const OTHER_FIELD: &str = "other";

impl Fields {
    pub fn new() -> Fields {
        let mut builder = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let path = builder.add_text_field("path", STRING | STORED | FAST);
        let path_key = builder.add_text_field("path_key", STRING);
        let title = builder.add_text_field("title", text.clone());
        let title_key = builder.add_text_field("title_key", STRING);
        let chosung = builder.add_text_field("chosung", STRING);
        let tag = builder.add_text_field("tag", STRING);
        let sections = SectionKind::ALL
            .iter()
            .map(|kind| builder.add_text_field(kind.english(), text.clone()))
            .collect();
        let other = builder.add_text_field(OTHER_FIELD, text);
        let alias = builder.add_text_field("alias", STRING);
        let data = builder.add_text_field("data", STORED);
        let mtime = builder.add_u64_field("mtime", FAST);
        let size = builder.add_u64_field("size", FAST);
        let indexed = builder.add_u64_field("indexed", FAST);
        Fields {
            schema: builder.build(),
            path,
            path_key,
            title,
            title_key,
            chosung,
            tag,
            sections,
            other,
            alias,
            data,
            mtime,
            size,
            indexed,
        }
    }

    pub fn section(&self, kind: SectionKind) -> Field {
        self.sections[kind as usize]
    }

    /// The field a section's text goes to.
    pub fn field_for(&self, kind: Option<SectionKind>) -> Field {
        kind.map_or(self.other, |k| self.section(k))
    }
}

impl Default for Fields {
    fn default() -> Self {
        Fields::new()
    }
}

/// The exact-lookup key of a title or alias: lowercase, without whitespace.
pub fn title_key(title: &str) -> String {
    title
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A tag and all its parents, lowercased: `#Cloud/K8s` → `cloud`, `cloud/k8s`.
pub fn tag_terms(tag: &str) -> Vec<String> {
    let tag = tag.trim_start_matches('#').to_lowercase();
    let mut terms = Vec::new();
    for (i, c) in tag.char_indices() {
        if c == '/' && i > 0 {
            terms.push(tag[..i].to_string());
        }
    }
    if !tag.is_empty() {
        terms.push(tag);
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_tags_index_their_parents() {
        assert_eq!(tag_terms("#Cloud/K8s"), ["cloud", "cloud/k8s"]);
        assert_eq!(tag_terms("필수"), ["필수"]);
    }

    #[test]
    fn title_keys_ignore_case_and_spacing() {
        assert_eq!(title_key("CI, CD"), title_key("ci,cd"));
        assert_eq!(title_key("클라우드 네이티브"), "클라우드네이티브");
    }

    #[test]
    fn every_section_has_its_own_field() {
        let fields = Fields::new();
        for kind in SectionKind::ALL {
            let name = fields.schema.get_field_name(fields.section(kind));
            assert_eq!(name, kind.english());
        }
    }
}
