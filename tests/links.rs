//! The topic graph as a candidate uses it: `noteseek links`, `noteseek links --broken` and
//! `noteseek related`, on small fixtures, on the bundled notes and on the foreign vault (Jekyll
//! and Hugo sites that link with site paths, an Obsidian vault).

mod util;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use noteseek::links::{NoteName, Resolver};
use noteseek::notes_folder;
use util::{Env, Run};

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("notes")
}

fn foreign() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/foreign/vault")
}

/// Runs noteseek on the notes folder `notes` with an index of its own in `env`.
fn run_on(env: &Env, notes: &Path, args: &[&str]) -> Run {
    let notes = notes.to_str().unwrap();
    let index = env.index();
    let mut all = vec!["--notes", notes, "--index", index.to_str().unwrap()];
    all.extend(args);
    env.run(&all)
}

fn json_lines(run: &Run) -> Vec<serde_json::Value> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The path inside `notes` of a path as output prints it.
fn inside<'a>(notes: &Path, printed: &'a serde_json::Value) -> &'a str {
    let printed = printed.as_str().unwrap();
    let root = notes.to_str().unwrap();
    printed
        .strip_prefix(root)
        .unwrap_or_else(|| panic!("{printed} is not under {root}"))
        .trim_start_matches('/')
}

/// A small vault: a wikilink with a heading and an alias, a relative Markdown link, a link to
/// no note, and a note nobody links to.
fn small_vault() -> Env {
    let env = Env::empty();
    env.write(
        "os/교착상태.md",
        "---\naliases: [Deadlock]\n---\n## 정의\n자원을 서로 기다리는 상태\n## 연관 토픽\n- [[세마포어#구현|P/V 연산]] - 동기화\n- [뮤텍스](뮤텍스.md) - 잠금\n- [[은행원 알고리즘]] - 회피\n",
    );
    env.write(
        "os/세마포어.md",
        "## 정의\n정수 변수로 자원 접근을 제어한다\n## 연관 토픽\n- [[교착상태]] - P·V 순서를 바꾸면 생긴다\n",
    );
    env.write(
        "os/뮤텍스.md",
        "## 정의\n한 번에 하나만 들어가는 잠금\n| 비교 | 내용 |\n|---|---|\n| [[교착상태]] | 잠금 순서 |\n",
    );
    env.write(
        "os/페이징.md",
        "## 정의\n고정 크기 페이지로 메모리를 나눈다\n",
    );
    env
}

#[test]
fn links_lists_outgoing_links_and_backlinks_with_path_and_line() {
    let env = small_vault();
    let run = env.run(&["links", "교착상태"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "교착상태
notes/os/교착상태.md

links (3)
  세마포어#구현        notes/os/세마포어.md
  뮤텍스               notes/os/뮤텍스.md
  [[은행원 알고리즘]]  unresolved at notes/os/교착상태.md:9

backlinks (2)
  뮤텍스    notes/os/뮤텍스.md:5
    교착상태 · 잠금 순서
  세마포어  notes/os/세마포어.md:4
    교착상태 - P·V 순서를 바꾸면 생긴다
"
    );
}

#[test]
fn a_title_is_found_by_alias_and_by_unique_beginning() {
    let env = small_vault();
    let full = env.run(&["links", "--json", "교착상태"]);
    for title in ["deadlock", "교착"] {
        let run = env.run(&["links", "--json", title]);
        assert_eq!(run.code, 0, "{title}: {}", run.stderr);
        assert_eq!(run.stdout, full.stdout, "{title}");
    }
    let missing = env.run(&["links", "교착상태야"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .starts_with("noteseek: error: no note titled `교착상태야`; did you mean:\n  교착상태"),
        "{}",
        missing.stderr
    );
}

#[test]
fn links_json_names_each_link_and_the_note_it_resolves_to() {
    let env = small_vault();
    let run = env.run(&["links", "--json", "교착상태"]);
    let records = json_lines(&run);
    assert_eq!(records.len(), 1, "one object per note");
    let record = &records[0];
    assert_eq!(record["title"], "교착상태");
    assert_eq!(record["path"], "notes/os/교착상태.md");
    let links = record["links"].as_array().unwrap();
    assert_eq!(links.len(), 3);
    assert_eq!(links[0]["target"], "세마포어");
    assert_eq!(links[0]["heading"], "구현");
    assert_eq!(links[0]["kind"], "wikilink");
    assert_eq!(links[0]["line"], 7);
    assert_eq!(links[0]["resolved"], true);
    assert_eq!(links[0]["title"], "세마포어");
    assert_eq!(links[0]["path"], "notes/os/세마포어.md");
    assert_eq!(links[1]["kind"], "markdown");
    assert_eq!(links[1]["target"], "뮤텍스.md");
    assert_eq!(links[2]["resolved"], false);
    assert_eq!(links[2]["title"], serde_json::Value::Null);
    let backlinks = record["backlinks"].as_array().unwrap();
    assert_eq!(backlinks[1]["source"], "notes/os/세마포어.md");
    assert_eq!(backlinks[1]["source_title"], "세마포어");
    assert_eq!(backlinks[1]["line"], 4);
    assert_eq!(backlinks[1]["text"], "교착상태 - P·V 순서를 바꾸면 생긴다");
}

#[test]
fn a_note_without_links_or_backlinks_exits_1() {
    let env = small_vault();
    let run = env.run(&["links", "페이징"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("links (0)\n\nbacklinks (0)\n"));
}

#[test]
fn broken_lists_every_unresolved_link_as_path_and_line() {
    let env = small_vault();
    env.write(
        "site/docs/os/spooling.md",
        "---\ntitle: 스풀링\n---\n## 정의\n[교착상태](/blog/docs/os/deadlock) · [없음](/docs/os/none)\n",
    );
    env.write("site/docs/os/deadlock.md", "## 정의\n교착상태 요약\n");
    let run = env.run(&["links", "--broken"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "notes/os/교착상태.md:9: [[은행원 알고리즘]]
notes/site/docs/os/spooling.md:5: (/blog/docs/os/deadlock)
notes/site/docs/os/spooling.md:5: (/docs/os/none)
"
    );
    // With the site's base URL, its absolute links resolve.
    let run = env.run(&["links", "--broken", "--json", "--base-url", "/blog"]);
    let records = json_lines(&run);
    let broken: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (r["source"].as_str().unwrap(), r["target"].as_str().unwrap()))
        .collect();
    assert_eq!(
        broken,
        [
            ("notes/os/교착상태.md", "은행원 알고리즘"),
            ("notes/site/docs/os/spooling.md", "/docs/os/none")
        ]
    );
    assert_eq!(records[1]["line"], 5);
    assert_eq!(records[1]["kind"], "markdown");

    env.write("os/은행원 알고리즘.md", "## 정의\n안전 상태만 허락한다\n");
    env.remove("site/docs/os/spooling.md");
    let none = env.run(&["links", "--broken"]);
    assert_eq!(
        (none.code, none.stdout.as_str()),
        (1, ""),
        "{}",
        none.stderr
    );
}

#[test]
fn links_wants_a_title_or_broken_but_not_both() {
    let env = small_vault();
    for args in [&["links"][..], &["links", "--broken", "교착상태"]] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}");
    }
}

#[test]
fn related_ranks_linked_notes_first_and_says_why() {
    let env = small_vault();
    env.write(
        "os/모니터.md",
        "## 정의\n고수준 동기화 구조\n## 키워드\n- 상호 배제, 조건 변수\n## 연관 토픽\n- [[세마포어]]\n- [[뮤텍스]]\n",
    );
    env.write(
        "os/교착상태.md",
        "## 정의\n자원을 서로 기다리는 상태\n## 키워드\n- 상호 배제, 점유와 대기\n## 연관 토픽\n- [[세마포어]]\n- [[뮤텍스]]\n",
    );
    let run = env.run(&["related", "교착상태"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "1. 뮤텍스 (stub)
   notes/os/뮤텍스.md
   linked both ways

2. 세마포어 (stub)
   notes/os/세마포어.md
   linked both ways

3. 모니터 (stub)
   notes/os/모니터.md
   both link to [[뮤텍스]], [[세마포어]]; shared 키워드: 상호 배제
"
    );
    let json = json_lines(&env.run(&["related", "--json", "-n", "3", "교착상태"]));
    assert_eq!(json.len(), 3);
    assert_eq!(json[0]["rank"], 1);
    assert_eq!(json[0]["reasons"][0]["reason"], "linked-both-ways");
    let monitor = &json[2];
    assert_eq!(monitor["title"], "모니터");
    assert_eq!(monitor["reasons"][0]["reason"], "shared-links");
    assert_eq!(monitor["reasons"][0]["notes"][0]["title"], "뮤텍스");
    assert_eq!(
        monitor["reasons"][0]["notes"][0]["path"],
        "notes/os/뮤텍스.md"
    );
    assert_eq!(monitor["reasons"][1]["reason"], "shared-keywords");
    assert_eq!(monitor["reasons"][1]["keywords"][0], "상호 배제");
    assert!(monitor["score"].as_f64().unwrap() > 0.0);

    let alone = env.run(&["related", "페이징"]);
    assert_eq!((alone.code, alone.stdout.as_str()), (1, ""));
}

/// The bundled notes: 도커(Docker) links to five topics, each of which links back.
#[test]
fn on_the_bundled_notes_links_and_backlinks_point_at_the_linking_lines() {
    let env = Env::empty();
    let notes = bundled();
    let run = run_on(&env, &notes, &["links", "--json", "도커"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let record = &json_lines(&run)[0];
    assert_eq!(record["title"], "도커(Docker)");
    let targets: BTreeSet<&str> = record["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| inside(&notes, &l["path"]))
        .collect();
    assert_eq!(
        targets,
        BTreeSet::from([
            "cloud/가상화(Virtualization).md",
            "cloud/쿠버네티스(Kubernetes).md",
            "cloud/클라우드 네이티브.md",
            "cloud/CI, CD.md",
            "os-arch/프로세스와 스레드.md",
        ])
    );
    let backlinks = record["backlinks"].as_array().unwrap();
    let sources: BTreeSet<&str> = backlinks
        .iter()
        .map(|b| inside(&notes, &b["source"]))
        .collect();
    assert_eq!(sources, targets, "each links back");
    for backlink in backlinks {
        let source = notes.join(inside(&notes, &backlink["source"]));
        let text = std::fs::read_to_string(&source).unwrap();
        let line = backlink["line"].as_u64().unwrap() as usize;
        let written = text.lines().nth(line - 1).unwrap();
        assert!(
            written.contains("[[도커(Docker)"),
            "{source:?}:{line}: {written}"
        );
        assert!(
            backlink["text"].as_str().unwrap().contains("도커(Docker)"),
            "{backlink}"
        );
    }

    let related = run_on(
        &env,
        &notes,
        &["related", "--json", "-n", "5", "도커(Docker)"],
    );
    let related = json_lines(&related);
    let first: BTreeSet<&str> = related.iter().map(|r| inside(&notes, &r["path"])).collect();
    assert_eq!(first, targets, "the five linked both ways come first");
    for r in &related {
        assert_eq!(r["reasons"][0]["reason"], "linked-both-ways", "{r}");
    }
}

#[test]
fn the_bundled_notes_have_no_broken_links() {
    let env = Env::empty();
    let run = run_on(&env, &bundled(), &["links", "--broken"]);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{}", run.stderr);
}

/// The Jekyll site links `{{ site.baseurl }}/docs/os/deadlock` and `/docs/os/deadlock`; its
/// pages live in `site-jtd/` inside the vault.
#[test]
fn on_the_foreign_vault_site_paths_resolve_to_their_pages() {
    let env = Env::empty();
    let vault = foreign();
    let run = run_on(&env, &vault, &["links", "--json", "교착상태 (Deadlock)"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let record = &json_lines(&run)[0];
    assert_eq!(
        inside(&vault, &record["path"]),
        "site-jtd/docs/os/deadlock.md"
    );
    let backlinks: BTreeSet<(&str, u64)> = record["backlinks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (inside(&vault, &b["source"]), b["line"].as_u64().unwrap()))
        .collect();
    for expected in [
        ("site-jtd/docs/os/spooling.md", 65),
        ("site-jtd/docs/os/semaphore.md", 56),
        ("site-jtd/docs/os/interrupt.md", 58),
        ("site-jtd/docs/os/mutex.md", 17),
        ("site-jtd/docs/os/index.md", 20),
    ] {
        assert!(
            backlinks.contains(&expected),
            "{expected:?} in {backlinks:?}"
        );
    }

    // Hugo: `/cloud/kubernetes/` is the page bundle `content/cloud/kubernetes/index.md`.
    let run = run_on(&env, &vault, &["links", "--json", "Kubernetes"]);
    let record = &json_lines(&run)[0];
    assert_eq!(
        inside(&vault, &record["path"]),
        "site-hugo/content/cloud/kubernetes/index.md"
    );
    let sources: BTreeSet<&str> = record["backlinks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| inside(&vault, &b["source"]))
        .collect();
    assert!(
        sources.contains("site-hugo/content/cloud/container.md"),
        "{sources:?}"
    );
    assert!(
        sources.contains("site-hugo/content/cloud/_index.md"),
        "{sources:?}"
    );
}

#[test]
fn on_the_foreign_vault_related_finds_the_obsidian_neighbours() {
    let env = Env::empty();
    let vault = foreign();
    // Two notes are titled SOLID (the Obsidian one and the Jekyll one): named by path.
    let ambiguous = run_on(&env, &vault, &["related", "SOLID"]);
    assert_eq!(ambiguous.code, 2);
    assert!(
        ambiguous.stderr.contains("2 notes answer to `SOLID`"),
        "{}",
        ambiguous.stderr
    );
    let path = "obsidian/소프트웨어공학/SOLID.md";
    let run = run_on(&env, &vault, &["related", "--json", "-n", "3", path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found = json_lines(&run);
    assert_eq!(found[0]["title"], "디자인 패턴", "{}", run.stdout);
    assert!(found
        .iter()
        .all(|r| !r["reasons"].as_array().unwrap().is_empty()));
}

/// `links --broken` on the foreign vault lists nothing and exits 1, as grep, also with a base
/// URL its sites do not use.
#[test]
fn the_foreign_vault_has_no_broken_links() {
    let env = Env::empty();
    for args in [
        &["links", "--broken"][..],
        &["links", "--broken", "--base-url", "/blog"],
    ] {
        let run = run_on(&env, &foreign(), args);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (1, ""),
            "{args:?}: {}",
            run.stderr
        );
    }
}

/// Every link of the foreign vault resolves: the sites' absolute paths
/// (with and without `{{ site.baseurl }}`), Hugo `ref`s and page bundles, Obsidian wikilinks
/// with headings and aliases.
#[test]
fn every_link_of_the_foreign_vault_resolves() {
    let vault = foreign();
    let scan = notes_folder::scan(&vault).unwrap();
    let notes: Vec<(String, noteseek::note::Note)> = scan
        .files
        .iter()
        .map(|f| (f.rel_path.clone(), notes_folder::read(f).unwrap().note))
        .collect();
    let resolver = Resolver::new(notes.iter().map(|(p, n)| NoteName::of(p, n)), None);
    let (mut total, mut unresolved) = (0, Vec::new());
    for (path, note) in &notes {
        for link in &note.links {
            total += 1;
            if resolver.resolve(path, link).is_none() {
                unresolved.push(format!("{path}:{}: {}", link.line, link.written()));
            }
        }
    }
    assert!(total > 500, "{total} links");
    assert!(
        unresolved.is_empty(),
        "{} of {total} links resolve to no note:\n{}",
        unresolved.len(),
        unresolved.join("\n")
    );
}
