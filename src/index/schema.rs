//! The index schema: one text field per known section, so a query can be restricted to a
//! section and each section can carry its own weight in ranking.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::analysis::bigram::BIGRAM_TOKENIZER;
use crate::analysis::{self, TOKENIZER_NAME};
use crate::note::{NoteKind, TitleSource};
use crate::section::SectionKind;

/// Bumped whenever the schema or what goes into it changes; an index written with another
/// version is rebuilt instead of being misread.
pub const SCHEMA_VERSION: u32 = 14;

/// The version string stored with every commit: schema, analyzer and where titles come from
/// together, so that an index made another way is rebuilt.
pub fn version_stamp(titles: TitleSource) -> String {
    let stamp = format!(
        "noteseek-schema-{SCHEMA_VERSION}-analyzer-{}",
        analysis::ANALYZER_VERSION
    );
    match titles {
        TitleSource::FrontMatter => stamp,
        TitleSource::FileName => format!("{stamp}-titles-{}", titles.name()),
    }
}

/// A field of the index, by what it holds. Search plans name fields this way; only the index
/// turns them into tantivy's handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IndexField {
    /// Path relative to the notes folder, `/`-separated: the key of a note.
    Path,
    /// Lowercased path, for Obsidian's `path:` (substring) queries.
    PathKey,
    /// Title and aliases, analysed.
    Title,
    /// Title and aliases as exact keys ([`crate::text::key`]), for `show`; a fast field, so
    /// that the keys of live notes can be listed.
    TitleKey,
    /// The title as written, one per note: completing and listing titles. A fast field only.
    TitleName,
    /// 초성 of the title's and aliases' words ([`crate::chosung::words`]).
    Chosung,
    /// Tags, lowercased, with every parent of nested tags (`a/b` also gives `a`).
    Tag,
    /// The same tags as written (`DevOps`, `CI/CD`): listing them. A fast field only.
    TagName,
    /// One analysed field per known section.
    Section(SectionKind),
    /// All other sections (`## 비교`, text before the first heading).
    Other,
    /// Alias pairs the note states (`쿠버네티스(Kubernetes)`), as `key SEP partner` terms
    /// ([`crate::aliases::index_terms`]).
    Alias,
    /// The [`crate::section::heading_key`] of each section heading that is not a canonical
    /// section (`비교`, `해결방안`), so `-s 비교` finds the notes that have one.
    Heading,
    /// Each section heading as written (`📌 정의`, `비교`), once per note: listing and
    /// completing section names. A fast field only.
    HeadingName,
    /// Title and aliases as Hangul bigrams ([`crate::analysis::bigram`]).
    TitleBigram,
    /// The text of every section as Hangul bigrams.
    BodyBigram,
    /// Plain-language descriptions of the note's topic ([`crate::concepts`]), analysed.
    Concept,
    /// The same descriptions as Hangul bigrams.
    ConceptBigram,
}

impl IndexField {
    /// The field's name in the schema: written here once.
    pub fn name(self) -> &'static str {
        match self {
            IndexField::Path => "path",
            IndexField::PathKey => "path_key",
            IndexField::Title => "title",
            IndexField::TitleKey => "title_key",
            IndexField::TitleName => "title_name",
            IndexField::Chosung => "chosung",
            IndexField::Tag => "tag",
            IndexField::TagName => "tag_name",
            IndexField::Section(kind) => kind.english(),
            IndexField::Other => "other",
            IndexField::Alias => "alias",
            IndexField::Heading => "heading",
            IndexField::HeadingName => "heading_name",
            IndexField::TitleBigram => "title_bigram",
            IndexField::BodyBigram => "body_bigram",
            IndexField::Concept => "concept",
            IndexField::ConceptBigram => "concept_bigram",
        }
    }
}

/// Names of the fields that are not searched as text.
const DATA: &str = "data";
const MTIME: &str = "mtime";
const SIZE: &str = "size";
const INDEXED: &str = "indexed";
const KIND: &str = "kind";
const GRAPH: &str = "graph";

/// Field handles of the noteseek schema.
#[derive(Clone, Debug)]
pub(crate) struct Fields {
    pub schema: Schema,
    pub path: Field,
    pub path_key: Field,
    pub title: Field,
    pub title_key: Field,
    pub title_name: Field,
    pub chosung: Field,
    pub tag: Field,
    pub tag_name: Field,
    /// One analysed field per known section, in [`SectionKind::ALL`] order.
    pub sections: Vec<Field>,
    pub other: Field,
    pub alias: Field,
    pub heading: Field,
    pub heading_name: Field,
    pub title_bigram: Field,
    pub body_bigram: Field,
    pub concept: Field,
    pub concept_bigram: Field,
    /// The parsed note as JSON, for snippets and output.
    pub data: Field,
    /// Modification time (ns since the epoch) and size of the file when it was indexed.
    pub mtime: Field,
    pub size: Field,
    /// 1 for a note, 0 for a file that was skipped (remembered so it is not re-read each run).
    pub indexed: Field,
    /// The note's [`crate::note::NoteKind`] as a number ([`kind_code`]), for ranking.
    pub kind: Field,
    /// What the topic graph needs of the note ([`super::NoteLinks`]) as JSON: a fast field,
    /// read for every note at once.
    pub graph: Field,
}

impl Fields {
    pub fn new() -> Fields {
        let mut builder = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let path = builder.add_text_field(IndexField::Path.name(), STRING | STORED | FAST);
        let path_key = builder.add_text_field(IndexField::PathKey.name(), STRING);
        let title = builder.add_text_field(IndexField::Title.name(), text.clone());
        let title_key = builder.add_text_field(IndexField::TitleKey.name(), STRING | FAST);
        let title_name = builder.add_text_field(IndexField::TitleName.name(), FAST);
        let chosung = builder.add_text_field(IndexField::Chosung.name(), STRING);
        let tag = builder.add_text_field(IndexField::Tag.name(), STRING | FAST);
        let tag_name = builder.add_text_field(IndexField::TagName.name(), FAST);
        let sections = SectionKind::ALL
            .iter()
            .map(|&kind| builder.add_text_field(IndexField::Section(kind).name(), text.clone()))
            .collect();
        let other = builder.add_text_field(IndexField::Other.name(), text.clone());
        let concept = builder.add_text_field(IndexField::Concept.name(), text);
        let alias = builder.add_text_field(IndexField::Alias.name(), STRING);
        let heading = builder.add_text_field(IndexField::Heading.name(), STRING);
        let heading_name = builder.add_text_field(IndexField::HeadingName.name(), FAST);
        // Bigrams are scored by frequency only: positions would double their size for nothing.
        let bigram = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(BIGRAM_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let title_bigram = builder.add_text_field(IndexField::TitleBigram.name(), bigram.clone());
        let body_bigram = builder.add_text_field(IndexField::BodyBigram.name(), bigram.clone());
        let concept_bigram = builder.add_text_field(IndexField::ConceptBigram.name(), bigram);
        let data = builder.add_text_field(DATA, STORED);
        let mtime = builder.add_u64_field(MTIME, FAST);
        let size = builder.add_u64_field(SIZE, FAST);
        let indexed = builder.add_u64_field(INDEXED, FAST);
        let kind = builder.add_u64_field(KIND, FAST);
        let graph = builder.add_bytes_field(GRAPH, FAST);
        Fields {
            schema: builder.build(),
            path,
            path_key,
            title,
            title_key,
            title_name,
            chosung,
            tag,
            tag_name,
            sections,
            other,
            alias,
            heading,
            heading_name,
            title_bigram,
            body_bigram,
            concept,
            concept_bigram,
            data,
            mtime,
            size,
            indexed,
            kind,
            graph,
        }
    }

    /// The tantivy handle of a field.
    pub fn get(&self, field: IndexField) -> Field {
        match field {
            IndexField::Path => self.path,
            IndexField::PathKey => self.path_key,
            IndexField::Title => self.title,
            IndexField::TitleKey => self.title_key,
            IndexField::TitleName => self.title_name,
            IndexField::Chosung => self.chosung,
            IndexField::Tag => self.tag,
            IndexField::TagName => self.tag_name,
            IndexField::Section(kind) => self.sections[kind as usize],
            IndexField::Other => self.other,
            IndexField::Alias => self.alias,
            IndexField::Heading => self.heading,
            IndexField::HeadingName => self.heading_name,
            IndexField::TitleBigram => self.title_bigram,
            IndexField::BodyBigram => self.body_bigram,
            IndexField::Concept => self.concept,
            IndexField::ConceptBigram => self.concept_bigram,
        }
    }

    /// The field a section's text goes to.
    pub fn field_for(&self, kind: Option<SectionKind>) -> Field {
        self.get(kind.map_or(IndexField::Other, IndexField::Section))
    }

    /// Names of the fast fields the freshness check reads.
    pub const PATH: &'static str = "path";
    pub const MTIME: &'static str = MTIME;
    pub const SIZE: &'static str = SIZE;
    pub const INDEXED: &'static str = INDEXED;
    pub const KIND: &'static str = KIND;
    pub const GRAPH: &'static str = GRAPH;
}

/// The number stored for a note's kind.
pub fn kind_code(kind: NoteKind) -> u64 {
    match kind {
        NoteKind::Topic => 0,
        NoteKind::Stub => 1,
        NoteKind::Listing => 2,
    }
}

/// A tag and all its parents, lowercased: `#Cloud/K8s` → `cloud`, `cloud/k8s`.
pub fn tag_terms(tag: &str) -> Vec<String> {
    tag_paths(&tag.to_lowercase())
}

/// A tag and all its parents as written: `#Cloud/K8s` → `Cloud`, `Cloud/K8s`.
pub fn tag_paths(tag: &str) -> Vec<String> {
    let tag = tag.trim_start_matches('#').to_string();
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
        assert_eq!(tag_paths("#Cloud/K8s"), ["Cloud", "Cloud/K8s"]);
        assert_eq!(tag_terms("필수"), ["필수"]);
    }

    #[test]
    fn every_section_has_its_own_field() {
        let fields = Fields::new();
        for kind in SectionKind::ALL {
            let name = fields
                .schema
                .get_field_name(fields.get(IndexField::Section(kind)));
            assert_eq!(name, kind.english());
        }
    }

    #[test]
    fn field_names_are_the_schema_names() {
        let fields = Fields::new();
        for field in [
            IndexField::Path,
            IndexField::TitleKey,
            IndexField::TitleName,
            IndexField::HeadingName,
            IndexField::Alias,
        ] {
            assert_eq!(
                fields.schema.get_field_name(fields.get(field)),
                field.name()
            );
        }
        assert_eq!(Fields::PATH, IndexField::Path.name());
    }
}
