//! The analyzer's contract, on the text of every bundled note:
//! - skipping lindera's left-space-penalty table (the start-up cost) changes no segmentation;
//! - a query analyses exactly as the same words do inside a note;
//! - golden output on real sentences catches silent changes (`UPDATE_GOLDEN=1` rewrites it).

use std::borrow::Cow;
use std::path::Path;

use lindera::dictionary::load_dictionary;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use noteseek::analysis::{words, KoreanAnalyzer};
use noteseek::notes_folder;

fn bundled_lines() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let scan = notes_folder::scan(&dir).unwrap();
    let mut lines = Vec::new();
    for file in &scan.files {
        let note = notes_folder::read(file).unwrap().note;
        lines.push(note.title.clone());
        for section in &note.sections {
            lines.extend(section.search_lines().into_iter().map(|l| l.text));
        }
    }
    lines
}

fn segmentation(segmenter: &Segmenter, word: &str) -> Vec<(String, usize, usize, String)> {
    let mut tokens = segmenter.segment(Cow::Borrowed(word)).unwrap();
    tokens
        .iter_mut()
        .map(|t| {
            let (surface, start, end) = (t.surface.to_string(), t.byte_start, t.byte_end);
            (surface, start, end, t.details().join(","))
        })
        .collect()
}

#[test]
fn skipping_the_space_penalty_table_changes_no_word_of_the_bundled_notes() {
    // As lindera builds it by default: with ko-dic's left-space-penalty rules (~80 ms).
    let penalised = Segmenter::new(
        Mode::Normal,
        load_dictionary("embedded://ko-dic").unwrap(),
        None,
    );
    assert!(penalised.space_penalty_config().is_some());
    let fast = penalised.clone().space_penalty(None).unwrap();
    let mut checked = 0;
    for line in bundled_lines() {
        for (_, word) in words(&line) {
            assert_eq!(
                segmentation(&penalised, word),
                segmentation(&fast, word),
                "{word} in {line}"
            );
            checked += 1;
        }
    }
    assert!(checked > 30_000, "{checked} words");
}

#[test]
fn a_query_analyses_as_the_same_words_do_in_a_note() {
    let analyzer = KoreanAnalyzer::shared().unwrap();
    for line in bundled_lines() {
        let indexed: Vec<String> = analyzer
            .analyze(&line)
            .into_iter()
            .map(|t| t.text)
            .collect();
        // What search does: each word of the query on its own.
        let queried: Vec<String> = line
            .split_whitespace()
            .flat_map(|word| analyzer.analyze(word))
            .map(|t| t.text)
            .collect();
        assert_eq!(indexed, queried, "{line}");
    }
}

const SENTENCES: &[&str] = &[
    "컨테이너를 오케스트레이션하는 도구",
    "쿠버네티스는 여러 호스트에 걸쳐 컨테이너화된 애플리케이션을 자동으로 배포한다.",
    "데이터베이스 정규화와 비정규화, 반정규화는 서로 다른 개념이다.",
    "데이터 베이스",
    "마이크로서비스 아키텍처(MSA)는 독립 배포가 가능한 작은 서비스로 나눈다.",
    "CI/CD 파이프라인으로 빌드와 배포를 자동화한다.",
    "12-Factor App, K8s, 2PC, 3NF, BCNF",
    "情報 管理 技術士",
    "클라우드네이티브와 클라우드 네이티브",
    "사이드카 프록시를 통해 트래픽을 관리했다.",
    "트랜잭션이 원자적으로 처리되는 성질",
    "서버를 관리하지 않고 함수 단위로 실행하는 모델",
    "교착상태(Deadlock)의 4가지 필요조건은 상호배제, 점유대기, 비선점, 환형대기이다.",
    "페이지 교체 알고리즘에는 FIFO, LRU, LFU, OPT가 있다.",
    "공개키 기반구조(PKI)는 인증서로 공개키의 소유자를 증명한다.",
    "SQL 인젝션은 입력값 검증이 없을 때 발생한다.",
    "랜섬웨어에 감염되면 파일이 암호화된다.",
    "EVM에서 SPI = EV / PV, CPI = EV / AC 이다.",
    "정보시스템 감리는 요구정의, 설계, 종료 시점에 수행한다.",
    "역색인은 단어별 posting list를 저장하고 BM25로 순위를 매긴다.",
    "트랜스포머의 셀프 어텐션은 모든 토큰 쌍의 관련도를 계산한다.",
    "RAG는 검색한 문서를 프롬프트에 넣어 환각을 줄인다.",
    "과적합을 막으려고 드롭아웃과 정규화(Regularization)를 쓴다.",
    "가상 메모리는 페이징과 세그멘테이션으로 구현된다.",
    "RAID 5는 패리티를 분산 저장하고 RAID 6은 이중 패리티를 쓴다.",
    "세마포어와 뮤텍스의 차이를 설명하시오.",
    "5G 이동통신의 eMBB, URLLC, mMTC",
    "Wi-Fi 6는 OFDMA와 MU-MIMO를 쓴다.",
    "네씨유 (Namespace, cgroups, Union FS)",
    "마컨C데서",
    "블록체인의 합의 알고리즘에는 PoW와 PoS가 있다.",
    "디지털 트윈은 물리 자산을 가상 공간에 복제한다.",
    "애자일 선언문은 개인과 상호작용을 프로세스와 도구보다 중시한다.",
    "결합도는 낮추고 응집도는 높인다.",
    "ㅋㄹㅇㄷ ㄴㅇㅌㅂ",
    "Kubernetes와 Docker를 활용한 경량 가상화",
];

#[test]
fn golden_output_on_real_sentences() {
    let analyzer = KoreanAnalyzer::shared().unwrap();
    let mut actual = String::new();
    for sentence in SENTENCES {
        let terms: Vec<String> = analyzer
            .analyze(sentence)
            .into_iter()
            .map(|t| {
                let mark = if t.is_whole() { "+" } else { "" };
                format!("{mark}{}@{}", t.text, t.position)
            })
            .collect();
        actual.push_str(&format!("{sentence}\n  {}\n", terms.join(" ")));
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/analyzer.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).expect("run with UPDATE_GOLDEN=1 to create");
    assert_eq!(
        actual, expected,
        "analyzer output changed; review, then UPDATE_GOLDEN=1"
    );
}
