//! Property-based fuzzing (proptest) of the note parser, the analyzer and query handling, for a
//! bounded number of cases so that it runs in CI. A crash found here becomes a regression test.

use std::path::Path;
use std::sync::OnceLock;

use noteseek::analysis::KoreanAnalyzer;
use noteseek::index::build;
use noteseek::index::NoteIndex;
use noteseek::{note, query, search};
use proptest::prelude::*;

/// Pieces real notes are made of, so that generated notes reach deep into the parser.
const FRAGMENTS: &[&str] = &[
    "## 정의\n",
    "## 구성요소\n",
    "### 세부\n",
    "# 제목\n",
    "#태그 #필수\n",
    "---\ntags: [a]\n---\n",
    "| a | b |\n",
    "|---|---|\n",
    "| 셀 | 셀 | 셀 |\n",
    "```\n",
    "┌─┐│└┘\n",
    "- 항목\n",
    "* 별\n",
    "[[링크|별칭]]",
    "[[",
    "]]",
    "[텍스트](/docs/x/)",
    "{: .fs-8 }\n",
    "\r\n",
    "\n",
    "\u{feff}",
    "컨테이너를",
    "데이터베이스",
    "K8s",
    "情報",
    "\u{1b}[2J",
    "\0",
    "`코드`",
    "**굵게**",
    "> 인용\n",
    "1. 정의\n",
    "<div>html</div>\n",
    "\t",
    " ",
    "ㅋㄹㅇㄷ",
    "\u{1100}\u{1161}",
];

fn note_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|v| v.concat()),
    ]
}

fn query_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(
            prop::sample::select(
                &[
                    "도커",
                    "\"",
                    "-",
                    ":",
                    "정의:",
                    "\"연관 토픽\":",
                    "tag:",
                    "path:",
                    "title:",
                    "-컨테이너",
                    " ",
                    "은",
                    "?!",
                    "K8s",
                    "데이터 베이스",
                    "(",
                    ")",
                    "*",
                    "\\",
                    "[",
                    "components:",
                ][..]
            ),
            0..12,
        )
        .prop_map(|v| v.concat()),
    ]
}

fn fixture_index() -> &'static (NoteIndex, tempfile::TempDir) {
    static INDEX: OnceLock<(NoteIndex, tempfile::TempDir)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let index = build::rebuild(&notes, &dir.path().join("index")).unwrap();
        (index, dir)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000)))]

    #[test]
    fn any_note_parses_and_its_lines_point_into_the_file(text in note_text()) {
        let parsed = note::parse("제목", &text);
        let lines = text.split('\n').count() as u32;
        for section in &parsed.sections {
            prop_assert!(section.line >= 1 && section.line <= lines.max(1));
            for line in section.search_lines() {
                prop_assert!(line.line >= 1 && line.line <= lines.max(1) + 1, "{line:?}");
            }
        }
    }

    #[test]
    fn analysis_offsets_are_char_boundaries_within_the_text(text in note_text()) {
        let text = noteseek::text::nfc(&text);
        let analyzer = KoreanAnalyzer::shared().unwrap();
        for term in analyzer.analyze(&text) {
            prop_assert!(term.start <= term.end && term.end <= text.len());
            prop_assert!(text.is_char_boundary(term.start) && text.is_char_boundary(term.end));
            prop_assert!(!term.text.is_empty());
        }
    }

    #[test]
    fn any_query_is_parsed_or_refused_and_searching_it_never_fails(text in query_text()) {
        let (index, _) = fixture_index();
        let snapshot = index.snapshot().unwrap();
        if let Ok(parsed) = query::parse(&text) {
            let outcome = search::search(&snapshot, &parsed, &search::Options::default());
            // A field that names no heading of the notes (`도커:-`) is refused, clearly.
            if let Err(noteseek::Error::Query(message)) = &outcome {
                prop_assert!(message.contains("unknown field"), "{text:?}: {message}");
                return Ok(());
            }
            prop_assert!(outcome.is_ok(), "{text:?}: {:?}", outcome.err());
            for hit in outcome.unwrap().hits {
                for &(start, end) in &hit.snippet.highlights {
                    prop_assert!(hit.snippet.text.is_char_boundary(start));
                    prop_assert!(hit.snippet.text.is_char_boundary(end));
                }
            }
        }
    }
}

/// Found by fuzzing: excluding a word of several parts (`-도커"K8s`) tripped a debug assertion in
/// tantivy's phrase scorer.
#[test]
fn regression_excluding_a_word_of_several_parts() {
    let (index, _) = fixture_index();
    let snapshot = index.snapshot().unwrap();
    for text in ["-도커\"K8s", "-데이터베이스", "컨테이너 -\"경량 가상화\""] {
        let parsed = query::parse(text).unwrap();
        let outcome = search::search(&snapshot, &parsed, &search::Options::default());
        assert!(outcome.is_ok(), "{text}");
    }
}
