//! The `noteseek` binary on small fixture notes folders: what a user sees.

mod util;

use util::{titles, Env};

#[test]
fn the_note_that_defines_a_term_ranks_first() {
    let env = Env::fixture("basic");
    let run = env.run(&["search", "컨테이너"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(titles(&run.stdout)[0], "도커(Docker)");
}

#[test]
fn particles_and_endings_do_not_stop_a_match() {
    let env = Env::fixture("basic");
    let run = env.run(&["search", "컨테이너를", "오케스트레이션하는"]);
    assert_eq!(titles(&run.stdout)[0], "쿠버네티스(Kubernetes)");
}

#[test]
fn human_output_names_path_line_and_section() {
    let env = Env::fixture("basic");
    let run = env.run(&["search", "--color", "never", "멱등성"]);
    assert_eq!(
        run.stdout,
        "1. IaC(Infrastructure as Code)\n   notes/cloud/IaC(Infrastructure as Code).md:7 [키워드]\n   Terraform, Ansible, 선언형, 멱등성\n"
    );
}

#[test]
fn colour_is_off_in_pipes_and_on_when_asked() {
    let env = Env::fixture("basic");
    let plain = env.run(&["search", "멱등성"]);
    assert!(!plain.stdout.contains('\u{1b}'));
    let coloured = env.run(&["search", "--color", "always", "멱등성"]);
    assert!(coloured.stdout.contains("\u{1b}["));
}

#[test]
fn section_option_restricts_matching_and_names_the_section() {
    let env = Env::fixture("basic");
    let all = env.run(&["search", "ansible"]);
    assert!(titles(&all.stdout).contains(&"DevOps".to_string()));

    let run = env.run(&["search", "-s", "구성요소", "Ansible", "--json"]);
    assert_eq!(run.code, 0);
    let hits: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(hits.len(), 1, "{}", run.stdout);
    assert_eq!(hits[0]["title"], "IaC(Infrastructure as Code)");
    assert_eq!(hits[0]["section"], "구성요소");

    let english = env.run(&["search", "--section", "components", "Ansible", "-l"]);
    assert_eq!(english.stdout.lines().count(), 1);
}

#[test]
fn unknown_section_is_an_error_listing_valid_names() {
    let env = Env::fixture("basic");
    env.run(&["index"]);
    let run = env.run(&["search", "-s", "요약", "도커"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("요약") && run.stderr.contains("구성요소 (components)"));
}

#[test]
fn tag_option_filters_notes() {
    let env = Env::fixture("basic");
    let run = env.run(&["search", "-t", "데이터베이스", "이상"]);
    assert_eq!(titles(&run.stdout), ["정규화(Normalization)"]);
    let none = env.run(&["search", "-t", "문화", "컨테이너"]);
    assert_eq!(none.code, 1);
    let prefixed = env.run(&["search", "tag:#문화", "자동화", "-l"]);
    assert_eq!(prefixed.stdout.trim(), "notes/cloud/DevOps.md");
}

#[test]
fn json_lines_carry_the_documented_fields() {
    let env = Env::fixture("basic");
    let run = env.run(&["search", "--json", "3NF"]);
    assert_eq!(run.code, 0);
    let hit: serde_json::Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(hit["rank"], 1);
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert_eq!(hit["title"], "정규화(Normalization)");
    assert_eq!(hit["path"], "notes/database/정규화(Normalization).md");
    assert_eq!(hit["line"], 7);
    assert_eq!(hit["section"], "키워드");
    assert_eq!(hit["heading"], "키워드");
    assert_eq!(
        hit["tags"],
        serde_json::json!(["정보관리기술사", "데이터베이스"])
    );
    let snippet = hit["snippet"].as_str().unwrap();
    let h = &hit["highlights"][0];
    let (start, end) = (
        h["start"].as_u64().unwrap() as usize,
        h["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&snippet[start..end], "3NF");
    assert_eq!(h["text"], "3NF");
}

#[test]
fn files_mode_prints_paths_in_rank_order() {
    let env = Env::fixture("basic");
    let run = env.run(&["search", "-l", "컨테이너"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "notes/cloud/도커(Docker).md");
    assert!(lines.iter().all(|l| l.ends_with(".md")));
}

#[test]
fn exit_codes_follow_grep() {
    let env = Env::fixture("basic");
    assert_eq!(env.run(&["search", "컨테이너"]).code, 0);
    let none = env.run(&["search", "블록체인"]);
    assert_eq!(none.code, 1);
    assert!(none.stdout.is_empty());
    let bad = env.run(&["search", "정의:"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.starts_with("noteseek: error:"), "{}", bad.stderr);
    assert!(!bad.stderr.contains("panicked"));
}

#[test]
fn missing_notes_folder_is_one_clear_error() {
    let env = Env::empty();
    let run = env.run(&["search", "--notes", "nowhere", "도커"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1);
    assert!(run.stderr.contains("nowhere"));
}

#[test]
fn first_search_builds_the_index() {
    let env = Env::fixture("basic");
    assert!(!env.index().join("meta.json").exists());
    let run = env.run(&["search", "도커"]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("indexed 5 notes"), "{}", run.stderr);
    assert!(env.index().join("meta.json").exists());
    let again = env.run(&["search", "도커"]);
    assert!(again.stderr.is_empty(), "{}", again.stderr);
}

#[test]
fn index_command_prints_a_summary_and_updates_incrementally() {
    let env = Env::fixture("basic");
    let first = env.run(&["index"]);
    assert_eq!(first.code, 0);
    assert!(first.stderr.contains("indexed 5 notes"), "{}", first.stderr);
    assert!(first.stderr.contains("5 added"));

    let second = env.run(&["index"]);
    assert!(
        second.stderr.contains("0 added, 0 updated, 0 removed"),
        "{}",
        second.stderr
    );

    let rebuilt = env.run(&["index", "--rebuild"]);
    assert!(rebuilt.stderr.contains("5 added"), "{}", rebuilt.stderr);
}

#[test]
fn edited_added_and_deleted_notes_are_picked_up_by_search() {
    let env = Env::fixture("basic");
    assert_eq!(env.run(&["search", "블록체인"]).code, 1);

    env.write(
        "digital/블록체인.md",
        "#디지털\n## 정의\n블록체인은 분산 원장 기술이다.\n",
    );
    let added = env.run(&["search", "블록체인"]);
    assert_eq!(titles(&added.stdout), ["블록체인"]);
    assert!(added.stderr.contains("1 added"), "{}", added.stderr);

    // Same size, different words: a changed mtime is enough to re-read it.
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write(
        "digital/블록체인.md",
        "#디지털\n## 정의\n블록체인은 합의 알고리즘을 쓴다.\n",
    );
    let edited = env.run(&["search", "합의"]);
    assert_eq!(titles(&edited.stdout), ["블록체인"], "{}", edited.stderr);
    assert_eq!(env.run(&["search", "원장"]).code, 1);

    env.remove("digital/블록체인.md");
    let deleted = env.run(&["search", "블록체인"]);
    assert_eq!(deleted.code, 1);
    assert!(deleted.stderr.contains("1 removed"), "{}", deleted.stderr);
}

#[test]
fn a_search_that_trusts_the_folders_record_still_sees_every_change() {
    let env = Env::fixture("basic");
    env.write(".noteseekignore", "초안/\n");
    env.run(&["index"]);
    // Folders changed within the last 3 s are not trusted: wait them out.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let quiet = env.run(&["search", "-l", "멱등성"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert!(env.index().join(".noteseek-folders.json").exists());

    // Written in place (no folder changes): the note's own state tells.
    env.write(
        "cloud/DevOps.md",
        "#클라우드\n## 정의\n제자리편집단어 하나.\n",
    );
    let edited = env.run(&["search", "-l", "제자리편집단어"]);
    assert_eq!(
        edited.stdout.trim(),
        "notes/cloud/DevOps.md",
        "{}",
        edited.stderr
    );
    // That walk found the folders as old as before: the record stands.
    assert!(env.index().join(".noteseek-folders.json").exists());

    // The ignore file written in place: its rules apply at once.
    env.write(".noteseekignore", "초안/\ncloud/\n");
    let ignored = env.run(&["search", "-l", "제자리편집단어"]);
    assert_eq!(ignored.code, 1, "{}{}", ignored.stdout, ignored.stderr);

    // A note added in a new subfolder, and one deleted.
    env.write("database/깊은/새노트.md", "#db\n## 정의\n새폴더단어.\n");
    assert_eq!(
        env.run(&["search", "-l", "새폴더단어"]).stdout.trim(),
        "notes/database/깊은/새노트.md"
    );
    env.remove("database/깊은/새노트.md");
    assert_eq!(env.run(&["search", "-l", "새폴더단어"]).code, 1);
}

#[test]
fn environment_variables_choose_folders() {
    let env = Env::fixture("basic");
    std::fs::rename(env.notes(), env.path().join("mynotes")).unwrap();
    let run = env
        .cmd()
        .env("NOTESEEK_NOTES", "mynotes")
        .env("NOTESEEK_INDEX", "myindex")
        .args(["search", "-l", "멱등성"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        "mynotes/cloud/IaC(Infrastructure as Code).md"
    );
    assert!(env.path().join("myindex/meta.json").exists());
}

#[test]
fn phrases_and_exclusions() {
    let env = Env::fixture("basic");
    let phrase = env.run(&["search", "-l", "\"경량 가상화\""]);
    assert_eq!(phrase.stdout.trim(), "notes/cloud/도커(Docker).md");
    let excluded = env.run(&["search", "-l", "컨테이너 -kubelet"]);
    assert!(
        !excluded.stdout.contains("쿠버네티스"),
        "{}",
        excluded.stdout
    );
    assert!(excluded.stdout.contains("도커(Docker)"));
}

#[test]
fn show_prints_a_note_or_one_section() {
    let env = Env::fixture("basic");
    let run = env.run(&["show", "도커", "-s", "구성요소"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "구성요소  핵심기술   설명\n────────  ─────────  ─────────────────────────────\n이미지    Layer      읽기 전용 실행 템플릿\n컨테이너  R/W Layer  이미지를 실행한 격리 프로세스\n"
    );
    let whole = env.run(&["show", "DevOps"]);
    assert!(whole
        .stdout
        .starts_with("DevOps\n#정보관리기술사 #클라우드 #문화\n\n## 정의\n"));
}

#[test]
fn show_suggests_close_titles() {
    let env = Env::fixture("basic");
    let run = env.run(&["show", "도카"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean:\n  도커(Docker)"),
        "{}",
        run.stderr
    );
}

#[test]
fn chosung_queries_find_titles() {
    let env = Env::fixture("basic");
    let run = env.run(&["search", "ㅋㅂㄴㅌㅅ"]);
    assert_eq!(
        titles(&run.stdout),
        ["쿠버네티스(Kubernetes)"],
        "{}",
        run.stderr
    );
    let prefix = env.run(&["search", "-l", "ㄷㅋ"]);
    assert_eq!(prefix.stdout.trim(), "notes/cloud/도커(Docker).md");
}

#[test]
fn a_word_being_typed_matches_longer_terms() {
    let env = Env::fixture("basic");
    let run = env.run(&["search", "오케스트레"]);
    assert_eq!(
        titles(&run.stdout)[0],
        "쿠버네티스(Kubernetes)",
        "{}",
        run.stderr
    );
    let json = env.run(&["search", "--json", "-n", "1", "오케스트레"]);
    assert!(
        json.stdout.contains("\"text\":\"오케스트레이션\""),
        "{}",
        json.stdout
    );
}

#[test]
fn other_names_of_a_term_find_the_note() {
    let env = Env::fixture("basic");
    // Curated: orchestration = 오케스트레이션 (the notes only write the Korean);
    // stated by the note: 쿠버네티스(Kubernetes, K8s).
    let run = env.run(&["search", "-l", "orchestration"]);
    assert_eq!(
        run.stdout.lines().next(),
        Some("notes/cloud/쿠버네티스(Kubernetes).md"),
        "{}",
        run.stdout
    );
    let k8s = env.run(&["search", "-l", "-n", "1", "k8s"]);
    assert_eq!(k8s.stdout.trim(), "notes/cloud/쿠버네티스(Kubernetes).md");
}

#[test]
fn nothing_found_suggests_a_close_title() {
    let env = Env::fixture("basic");
    // Half its syllable pairs are the title's: a typo still finds the note.
    let typo = env.run(&["search", "-l", "-n", "1", "쿠베네티스"]);
    assert_eq!(typo.stdout.trim(), "notes/cloud/쿠버네티스(Kubernetes).md");
    let run = env.run(&["search", "쿠뻐네띠스"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("did you mean:\n  쿠버네티스(Kubernetes)\n"),
        "{}",
        run.stderr
    );
}

// Regression tests for the defects a user trial found (issue 9).

#[test]
fn a_deleted_or_renamed_note_is_gone_from_show_and_suggestions() {
    let env = Env::fixture("basic");
    env.run(&["index"]);
    env.remove("cloud/도커(Docker).md");
    env.write(
        "cloud/컨테이너 엔진.md",
        "## 정의\n도커는 이제 컨테이너 엔진 노트에 있다.\n",
    );
    for args in [&["show", "도커(Docker)"][..], &["show", "도커"]] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("no note titled") && !run.stderr.contains("internal error"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("  도커(Docker)"),
            "a deleted note is suggested: {}",
            run.stderr
        );
    }
    // An explicit `index` leaves no stale title either.
    env.run(&["index"]);
    let run = env.run(&["show", "도커"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no note titled `도커`"),
        "{}",
        run.stderr
    );
    let renamed = env.run(&["show", "컨테이너"]);
    assert_eq!(renamed.code, 0, "{}", renamed.stderr);
    assert!(renamed.stdout.contains("컨테이너 엔진 노트"));
}

#[test]
fn a_full_disk_is_an_error_not_a_silent_success() {
    if !std::path::Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full on this system");
        return;
    }
    let env = Env::fixture("basic");
    env.run(&["index"]);
    for args in [
        &["search", "컨테이너"][..],
        &["search", "--json", "컨테이너"],
        &["search", "-l", "컨테이너"],
        &["show", "도커"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let run: util::Run = env
            .std_cmd()
            .args(args)
            .stdout(full)
            .output()
            .unwrap()
            .into();
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert_eq!(
            run.stderr.matches("No space left on device").count(),
            1,
            "the cause once: {}",
            run.stderr
        );
    }
}

#[test]
fn a_limit_of_zero_is_refused() {
    let env = Env::fixture("basic");
    let run = env.run(&["search", "-n", "0", "컨테이너"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("--limit"), "{}", run.stderr);
}

#[test]
fn a_tag_alone_lists_its_notes_by_path() {
    let env = Env::fixture("basic");
    let listed = env.run(&["search", "-l", "-t", "클라우드"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let paths: Vec<&str> = listed.stdout.lines().collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(
        paths,
        [
            "notes/cloud/DevOps.md",
            "notes/cloud/IaC(Infrastructure as Code).md",
            "notes/cloud/도커(Docker).md",
            "notes/cloud/쿠버네티스(Kubernetes).md"
        ]
    );
    let prefixed = env.run(&["search", "-l", "tag:클라우드"]);
    assert_eq!(prefixed.stdout, listed.stdout);
}

#[test]
fn an_unknown_tag_is_named_with_the_closest_tags() {
    let env = Env::fixture("basic");
    for args in [
        &["search", "-t", "클라우두", "도커"][..],
        &["list", "-t", "클라우두"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 1, "{args:?}");
        assert!(
            run.stderr.contains("no note has the tag `클라우두`")
                && run.stderr.contains("closest tags: 클라우드"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // A tag that exists but lists nothing under the folder asked for is not called unknown.
    let run = env.run(&["list", "-t", "클라우드", "database"]);
    assert_eq!(run.code, 1);
    assert!(
        !run.stderr.contains("no note has the tag"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_usage_error_is_one_line_with_clap_s_tip() {
    let env = Env::fixture("basic");
    for (args, wanted) in [
        (&["search", "-n", "0", "도커"][..], "invalid value '0'"),
        (
            &["search", "--colr", "never", "도커"],
            "a similar argument exists: '--color'",
        ),
        (&["serch", "도커"], "a similar subcommand exists: 'search'"),
        (&["show"], "not provided: <TITLE>..."),
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("noteseek: error: "),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(wanted), "{args:?}: {}", run.stderr);
    }
    // Help and version are printed as they always were.
    let help = env.run(&["search", "--help"]);
    assert_eq!(help.code, 0);
    assert!(
        help.stdout.contains("Usage: noteseek search"),
        "{}",
        help.stdout
    );
}

#[test]
fn an_excluded_word_outside_quotes_is_explained_in_one_line() {
    let env = Env::fixture("basic");
    let run = env.run(&["search", "도커", "-컨테이너"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`-컨테이너` is read as an option; to exclude `컨테이너`"),
        "{}",
        run.stderr
    );
    let quoted = env.run(&["search", "--", "도커 -컨테이너"]);
    assert!(quoted.code < 2, "{}", quoted.stderr);
}

#[test]
fn index_help_does_not_offer_search_options() {
    let env = Env::fixture("basic");
    let help = env.run(&["index", "--help"]);
    assert!(!help.stdout.contains("--no-update"), "{}", help.stdout);
    let search = env.run(&["search", "--help"]);
    assert!(search.stdout.contains("--no-update"));
}

#[test]
fn suggestions_stand_one_per_line_even_with_commas_in_titles() {
    let env = Env::fixture("basic");
    env.write("cloud/CI, CD.md", "## 정의\n지속적 통합과 배포\n");
    env.write("cloud/CI 도구.md", "## 정의\n빌드 서버\n");
    let run = env.run(&["show", "CI"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("\n  CI, CD\n"), "{}", run.stderr);
}

#[test]
fn an_unbalanced_quote_runs_to_the_end_of_the_query() {
    let env = Env::fixture("basic");
    let run = env.run(&["search", "-l", "\"경량 가상화"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "notes/cloud/도커(Docker).md");
}

#[test]
fn a_stub_never_ranks_above_the_complete_note_on_its_topic_under_another_name() {
    let env = Env::empty();
    // The stub is titled exactly as typed; the complete note names the topic in English.
    env.write(
        "stubs/서버리스.md",
        "# 서버리스\n## 키워드\n- 서버리스, FaaS, 이벤트\n\n작성 예정\n",
    );
    env.write(
        "cloud/serverless.md",
        "---\ntitle: Serverless Computing\n---\n## 정의\n서버 관리 없이 함수 단위로 코드를 올리고 \
         실행된 만큼 비용을 내는 클라우드 실행 모델. 이벤트가 오면 함수가 뜨고 끝나면 내려간다.\n\
         ## 특징\n- 콜드 스타트 지연이 생길 수 있다\n- 자동 확장\n",
    );
    let run = env.run(&["search", "-l", "서버리스"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let paths: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        paths,
        ["notes/cloud/serverless.md", "notes/stubs/서버리스.md"],
        "{}",
        run.stdout
    );
}

#[test]
fn a_note_written_with_level_three_headings_only_is_searched_by_section() {
    let env = Env::empty();
    env.write(
        "security/SBOM.md",
        "# SBOM\n### 개념\n소프트웨어를 이루는 구성 요소와 버전, 라이선스를 적은 목록.\n\
         ### 표준 포맷\n- SPDX\n- CycloneDX\n",
    );
    let run = env.run(&["search", "--json", "-s", "표준 포맷", "CycloneDX"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\"heading\":\"표준 포맷\""),
        "{}",
        run.stdout
    );
    let definition = env.run(&["search", "--json", "-s", "정의", "라이선스"]);
    assert!(
        definition.stdout.contains("\"heading\":\"개념\""),
        "{}",
        definition.stdout
    );
}

#[test]
fn a_stub_ranks_below_the_complete_note_whose_title_has_words_after_its_parentheses() {
    let env = Env::empty();
    env.write(
        "obsidian/서킷 브레이커.md",
        "#MSA\n\n연쇄 장애를 막는 MSA 패턴. 작성 예정\n",
    );
    env.write(
        "_posts/2024-03-05-circuit-breaker.md",
        "---\ntitle: \"서킷 브레이커(Circuit Breaker) 패턴\"\ntags: [MSA]\n---\n## 개념\n원격 서비스 \
         호출이 잇따라 실패하면 한동안 호출 자체를 막고 바로 실패로 돌려, 호출한 쪽 자원이 묶여 \
         장애가 번지는 것을 막는 설계 방식이다.\n### 상태 전이\n| 상태 | 동작 | 넘어가는 조건 |\n\
         |---|---|---|\n| Closed | 호출을 그대로 보내며 실패율을 센다 | 실패율이 임계치를 넘으면 Open |\n\
         | Open | 호출 없이 즉시 실패하거나 대체 응답을 준다 | 대기 시간이 끝나면 Half-Open |\n\
         | Half-Open | 시험 호출 몇 개만 보낸다 | 성공하면 Closed, 실패하면 Open |\n",
    );
    // Other notes, so that the stub's short exact title outscores the complete note's.
    for i in 1..=8 {
        env.write(
            &format!("msa/토픽{i}.md"),
            &format!(
                "# 토픽{i}\n## 정의\n메시지 큐와 이벤트 기반 통신으로 서비스 {i}번을 느슨하게 묶는 \
                 설계 방식.\n## 특징\n- 비동기 처리\n- 재시도와 타임아웃\n"
            ),
        );
    }
    let run = env.run(&["search", "-l", "-n", "2", "서킷 브레이커"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            "notes/_posts/2024-03-05-circuit-breaker.md",
            "notes/obsidian/서킷 브레이커.md"
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn a_description_of_an_idea_finds_the_note_on_it_and_a_name_search_ignores_descriptions() {
    let env = Env::empty();
    // The note never says what the student types: only its title names the topic, whose
    // descriptions come from the shipped table (src/data/concepts.tsv).
    env.write(
        "os/Thrashing.md",
        "# Thrashing\n## 정의\n작업 집합 모델과 PFF로 다루는 현상.\n## 키워드\n- 작업 집합, PFF\n",
    );
    env.write(
        "os/가상 메모리.md",
        "# 가상 메모리\n## 정의\n주기억장치보다 큰 주소 공간을 디스크와 함께 제공하는 기법. \
         페이지 단위로 메모리를 관리한다.\n",
    );
    let run = env.run(&[
        "search",
        "-l",
        "페이지 부재가 너무 자주 나서 CPU가 거의 노는 상태",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().next(),
        Some("notes/os/Thrashing.md"),
        "{}",
        run.stdout
    );
    // Two words name something: the descriptions are not searched, so nothing holds them.
    let named = env.run(&["search", "-l", "부재 디스크"]);
    assert!(!named.stdout.contains("Thrashing"), "{}", named.stdout);
}

#[test]
fn stubs_and_listing_pages_rank_below_the_topic_note_and_say_what_they_are() {
    let env = Env::fixture("basic");
    env.write(
        "stubs/도커.md",
        "# 도커\n## 키워드\n- 도커, 컨테이너, 이미지\n\n작성 예정\n",
    );
    env.write(
        "index.md",
        "# 목차\n- [도커](stubs/도커.md)\n- [도커](cloud/도커(Docker).md)\n- [쿠버네티스](cloud/쿠버네티스(Kubernetes).md)\n",
    );
    let run = env.run(&["search", "도커"]);
    assert_eq!(titles(&run.stdout)[0], "도커(Docker)", "{}", run.stdout);
    assert!(run.stdout.contains("도커 (stub)"), "{}", run.stdout);
    let json = env.run(&["search", "--json", "도커"]);
    let hits: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let stub = hits.iter().find(|h| h["title"] == "도커").unwrap();
    assert_eq!(stub["stub"], true);
    assert_eq!(hits[0]["stub"], false);
    assert_eq!(hits[0]["listing"], false);
    let listing = env.run(&["search", "--json", "목차"]);
    assert!(
        listing.stdout.contains("\"listing\":true"),
        "{}",
        listing.stdout
    );
}

#[test]
fn a_vault_s_own_alias_file_adds_other_names() {
    let env = Env::fixture("basic");
    assert_eq!(env.run(&["search", "-l", "고래"]).code, 1);
    env.write(".noteseek/aliases.tsv", "# 내 별칭\n고래 | 도커\n");
    let run = env.run(&["search", "-l", "고래"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().next(),
        Some("notes/cloud/도커(Docker).md")
    );
}

#[test]
fn other_scripts_and_expansions_find_the_note() {
    let env = Env::fixture("basic");
    // The loanword table: 테라폼 is Terraform; the glossary: Infrastructure as Code is IaC.
    for query in ["테라폼", "코드형 인프라", "도커를"] {
        let run = env.run(&["search", "-l", "-n", "1", query]);
        assert_eq!(run.code, 0, "{query}: {}", run.stderr);
    }
    let run = env.run(&["search", "-l", "-n", "1", "테라폼"]);
    assert_eq!(
        run.stdout.trim(),
        "notes/cloud/IaC(Infrastructure as Code).md"
    );
}

#[test]
fn any_heading_can_be_searched_by_name() {
    let env = Env::fixture("basic");
    env.write(
        "network/TCP.md",
        "## 정의\nTCP는 연결형 전송 프로토콜이다.\n## 해결 방안\n- 혼잡 제어로 재전송 폭주를 막는다.\n## 비교\n| 항목 | TCP | UDP |\n|---|---|---|\n| 연결 | 연결형 | 비연결형 |\n",
    );
    let run = env.run(&["search", "--json", "-s", "해결 방안", "혼잡"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\"section\":\"해결 방안\""),
        "{}",
        run.stdout
    );
    let prefixed = env.run(&["search", "-l", "비교:비연결형"]);
    assert_eq!(
        prefixed.stdout.trim(),
        "notes/network/TCP.md",
        "{}",
        prefixed.stderr
    );
    // The words elsewhere in the note do not count for the heading.
    let elsewhere = env.run(&["search", "-s", "비교", "혼잡"]);
    assert_eq!(elsewhere.code, 1, "{}", elsewhere.stdout);
    let missing = env.run(&["search", "-s", "없는 제목", "TCP"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("없는 제목"), "{}", missing.stderr);
}

#[test]
fn a_section_without_the_words_is_said_so() {
    let env = Env::fixture("basic");
    let run = env.run(&["search", "-s", "정의", "멱등성"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no note's 정의 section holds `멱등성`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}
