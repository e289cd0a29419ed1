//! Messy notes folders, bad queries, closed pipes, interrupted and concurrent indexing, and
//! damaged indexes: noteseek keeps working, says what it skipped, and never loses the index.

mod util;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use util::{titles, Env};

const GOOD: &str = "#정보관리기술사 #클라우드\n\n## 정의\n{word}은 시험에 나오는 개념이다.\n## 특징\n- 특징이 있다.\n";

fn good(word: &str) -> String {
    GOOD.replace("{word}", word)
}

/// A notes folder holding, beside good notes, every kind of damaged file users have.
fn messy() -> Env {
    let env = Env::fixture("basic");
    env.write("bad/깨진인코딩.md", "");
    std::fs::write(
        env.notes().join("bad/깨진인코딩.md"),
        b"## \xc1\xa4\xc0\xc7\n\xff\xfe",
    )
    .unwrap();
    std::fs::write(
        env.notes().join("bad/image.md"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\xff\xd8",
    )
    .unwrap();
    env.write("bad/빈노트.md", "");
    env.write(
        "bad/제목없음.md",
        "헤딩이 없는 노트에도 본문전용어라는 말이 있다.\n",
    );
    env.write(
        "bad/머리말만.md",
        "---\ntags: [필수]\naliases: [프론트매터]\n---\n",
    );
    env.write(
        "bad/윈도우.md",
        "\u{feff}#정보관리기술사\r\n\r\n## 정의\r\n캐리지리턴 줄끝과 BOM이 있는 노트이다.\r\n",
    );
    env.write("a/중복.md", &good("첫째중복"));
    env.write("b/중복.md", &good("둘째중복"));
    env.write(
        "bad/널문자.md",
        "## 정의\n널\0문자 사이에도 검색어 널바이트가 있다.\n",
    );
    env.write(
        "bad/이스케이프.md",
        "## 정의\n화면지움\u{1b}[2J 제목바꿈\u{1b}]0;hacked\u{7} 이스케이프 시퀀스 노트\n",
    );
    env.write(
        "bad/긴줄.md",
        &format!("## 정의\n{} 한줄끝단어\n", "가나다 ".repeat(250_000)),
    );
    env.write(
        "bad/들쭉날쭉.md",
        "## 구성요소\n| 가 | 나 | 다 |\n|---|---|---|\n| 짧은행단어 |\n| 하나 | 둘 | 셋 | 넷 |\n",
    );
    env.write(
        "bad/닫히지않은.md",
        "## 구성도\n```\n│ 미완성펜스 │\n## 연관 토픽\n",
    );
    let huge = format!("## 정의\n{}", "큰 노트의 줄이다.\n".repeat(900_000));
    env.write("bad/거대.md", &huge);
    std::os::unix::fs::symlink("..", env.notes().join("bad/loop")).unwrap();
    std::os::unix::fs::symlink("없는파일.md", env.notes().join("bad/끊긴링크.md")).unwrap();
    env
}

#[test]
fn a_messy_folder_indexes_every_good_note_and_reports_each_bad_file_once() {
    let env = messy();
    let run = env.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("noteseek: warning:"))
        .collect();
    for (file, reason) in [
        ("bad/깨진인코딩.md", "not UTF-8"),
        ("bad/image.md", "not UTF-8"),
        ("bad/널문자.md", "NUL"),
        ("bad/거대.md", "limit"),
        ("bad/loop", "not followed"),
        ("bad/끊긴링크.md", "not followed"),
    ] {
        let hits: Vec<&&str> = warnings.iter().filter(|w| w.contains(file)).collect();
        assert_eq!(hits.len(), 1, "{file}: {warnings:#?}");
        assert!(hits[0].contains(reason), "{file}: {}", hits[0]);
    }
    assert_eq!(warnings.len(), 6, "{warnings:#?}");
    assert!(run.stderr.contains(", 6 warnings"), "{}", run.stderr);

    // Followed (-L), a loop is found and skipped, a broken link cannot be read: once each.
    let followed = env.run(&["-L", "index", "--rebuild"]);
    assert_eq!(followed.code, 0, "{}", followed.stderr);
    for (file, reason) in [("bad/loop", "loop"), ("bad/끊긴링크.md", "cannot read")] {
        let hits: Vec<&str> = followed
            .stderr
            .lines()
            .filter(|w| w.starts_with("noteseek: warning:") && w.contains(file))
            .collect();
        assert_eq!(hits.len(), 1, "{file}: {}", followed.stderr);
        assert!(hits[0].contains(reason), "{file}: {}", hits[0]);
    }
    assert!(
        followed.stderr.contains(", 6 warnings"),
        "{}",
        followed.stderr
    );

    for (word, title) in [
        ("본문전용어", "제목없음"),
        ("프론트매터", "머리말만"),
        ("캐리지리턴", "윈도우"),
        ("검색어", "널문자"),
        ("이스케이프", "이스케이프"),
        ("한줄끝단어", "긴줄"),
        ("짧은행단어", "들쭉날쭉"),
        ("미완성펜스", "닫히지않은"),
        ("빈노트", "빈노트"),
        ("컨테이너", "도커(Docker)"),
    ] {
        let found = env.run(&["search", word]);
        assert_eq!(
            titles(&found.stdout).first().map(String::as_str),
            Some(title),
            "{word}: {}",
            found.stdout
        );
    }
}

#[test]
fn skipped_files_are_remembered_not_re_reported_on_every_search() {
    let env = messy();
    env.run(&["index"]);
    let again = env.run(&["search", "컨테이너"]);
    assert!(!again.stderr.contains("not UTF-8"), "{}", again.stderr);
}

#[test]
fn strict_turns_warnings_into_exit_2() {
    let env = messy();
    let run = env.run(&["index", "--strict"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--strict"), "{}", run.stderr);
    // Skipped files are not counted as added: added and skipped together are the files found.
    let added = |stderr: &str| -> Option<(usize, usize)> {
        let line = stderr.lines().find(|l| l.starts_with("indexed "))?;
        let number = |word: &str| -> Option<usize> {
            let before = line.split(&format!(" {word}")).next()?;
            before.rsplit([' ', ':']).next()?.parse().ok()
        };
        Some((number("added")?, number("skipped")?))
    };
    let (first_added, first_skipped) = added(&run.stderr).expect(&run.stderr);
    let notes: usize = run
        .stderr
        .split("indexed ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(first_added, notes, "{}", run.stderr);
    assert!(first_skipped > 0, "{}", run.stderr);
    // `index` lists every problem with files on every run, not only the first.
    let again = env.run(&["index", "--strict"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.contains("not UTF-8"), "{}", again.stderr);
    assert_eq!(
        added(&again.stderr),
        Some((0, first_skipped)),
        "{}",
        again.stderr
    );
    let clean = Env::fixture("basic");
    assert_eq!(clean.run(&["index", "--strict"]).code, 0);
}

#[test]
fn duplicate_titles_are_both_kept_and_told_apart_by_path() {
    let env = messy();
    let run = env.run(&["search", "-l", "중복"]);
    let paths: Vec<&str> = run.stdout.lines().collect();
    assert!(
        paths.contains(&"notes/a/중복.md") && paths.contains(&"notes/b/중복.md"),
        "{paths:?}"
    );
}

#[test]
fn terminal_escapes_in_notes_are_shown_harmlessly() {
    let env = messy();
    let human = env.run(&["search", "--color", "always", "이스케이프"]);
    assert!(human.stdout.contains("^[[2J"), "{}", human.stdout);
    assert!(!human.stdout.contains("\u{1b}[2J") && !human.stdout.contains("\u{1b}]0"));
    let json = env.run(&["search", "--json", "이스케이프"]);
    assert!(json.stdout.contains("\\u001b[2J"), "{}", json.stdout);
    let shown = env.run(&["show", "이스케이프"]);
    assert!(!shown.stdout.contains('\u{1b}'));
}

#[test]
fn bad_queries_get_one_line_or_an_empty_result_never_a_panic() {
    let env = Env::fixture("basic");
    env.run(&["index"]);
    // 100 KB: as much as one command-line argument can carry.
    let long = "도커 ".repeat(14_000);
    let cases: [(&[&str], i32); 8] = [
        (&["search", "\"경량 가상화"], 0),
        (&["search", "정의:"], 2),
        (&["search", "색깔:빨강"], 2),
        (&["search", long.as_str()], 2),
        (&["search", "은 는 이 가"], 1),
        (&["search", "?!... ,,,"], 1),
        (&["search", "--", "-"], 1),
        (&["search", "-s", "없는섹션", "도커"], 2),
    ];
    for (args, code) in cases {
        let run = env.run(args);
        assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
        if code == 2 {
            assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        }
        if code != 0 {
            assert!(run.stderr.lines().count() <= 1, "{args:?}: {}", run.stderr);
            assert!(run.stdout.is_empty());
        }
    }
}

/// Runs the binary with stdout piped, reads one line and closes the pipe.
fn read_one_line_then_close(env: &Env, args: &[&str]) -> (bool, String) {
    let mut child = env
        .std_cmd()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_is_a_quiet_normal_end() {
    let env = messy();
    env.run(&["index"]);
    // Output far larger than a pipe buffer, so writing really fails once the reader is gone.
    let (ok, stderr) = read_one_line_then_close(&env, &["show", "긴줄"]);
    assert!(ok, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let env = Env::fixture("basic");
    for i in 0..300 {
        env.write(&format!("many/노트{i}.md"), &good("파이프"));
    }
    env.run(&["index"]);
    let (ok, stderr) = read_one_line_then_close(&env, &["search", "-n", "300", "파이프"]);
    assert!(ok, "{stderr}");
    assert!(
        !stderr.contains("Broken pipe") && !stderr.contains("error"),
        "{stderr}"
    );
}

/// A folder big enough that indexing takes a while, with a committed index of its first part.
fn big_env() -> Env {
    let env = Env::fixture("basic");
    env.run(&["index"]);
    for i in 0..4000 {
        env.write(
            &format!("big/d{}/주제{i}.md", i / 500),
            &good(&format!("대량{i}")),
        );
    }
    env
}

fn spawn_index(env: &Env) -> Child {
    env.std_cmd()
        .args(["index"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// After an interrupted run the index still answers from its last commit, and the next
/// `index` completes.
fn assert_previous_index_intact_then_completes(env: &Env) {
    let before = env.run(&["search", "-l", "--", "컨테이너"]);
    assert!(before.stdout.contains("도커(Docker)"), "{}", before.stderr);
    let next = env.run(&["index"]);
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert!(
        next.stderr.contains("indexed 4005 notes"),
        "{}",
        next.stderr
    );
    assert_eq!(
        titles(&env.run(&["search", "대량3999"]).stdout),
        ["주제3999"]
    );
}

#[test]
fn ctrl_c_during_index_ends_promptly_and_keeps_the_index() {
    let env = big_env();
    let mut child = spawn_index(&env);
    std::thread::sleep(Duration::from_millis(300));
    let sent = Instant::now();
    signal(&child, "INT");
    child.wait().unwrap();
    assert!(
        sent.elapsed() < Duration::from_secs(2),
        "{:?}",
        sent.elapsed()
    );
    assert_previous_index_intact_then_completes(&env);
}

#[test]
fn kill_9_during_index_keeps_the_previous_index_usable() {
    let env = big_env();
    let mut child = spawn_index(&env);
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_previous_index_intact_then_completes(&env);
}

#[test]
fn a_second_index_run_waits_for_the_first_and_search_answers_meanwhile() {
    let env = big_env();
    let mut first = spawn_index(&env);
    std::thread::sleep(Duration::from_millis(200));
    let during = env.run(&["search", "-l", "컨테이너"]);
    let finished_early = first.try_wait().unwrap().is_some();
    // While the first run holds the writer lock, the second waits for it, then finds nothing
    // left to do.
    let second = env.run(&["index"]);
    first.wait().unwrap();
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(
        second.stderr.contains("0 added, 0 updated, 0 removed"),
        "{}",
        second.stderr
    );
    if !finished_early {
        assert_eq!(during.code, 0, "{}", during.stderr);
        assert!(during.stdout.contains("도커(Docker)"));
        assert!(
            during.stderr.contains("last committed state"),
            "{}",
            during.stderr
        );
    }
    let after = env.run(&["search", "대량3999"]);
    assert_eq!(titles(&after.stdout), ["주제3999"], "{}", after.stderr);
}

fn segment_files(env: &Env, extension: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(env.index())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect()
}

#[test]
fn damaged_indexes_name_rebuild_and_rebuild_recovers() {
    type Damage = fn(&Env);
    let damages: [(&str, Damage); 4] = [
        ("truncated meta.json", |env| {
            std::fs::write(env.index().join("meta.json"), "{\"segm").unwrap()
        }),
        ("missing segment file", |env| {
            std::fs::remove_file(&segment_files(env, "idx")[0]).unwrap()
        }),
        ("random files instead of an index", |env| {
            std::fs::remove_dir_all(env.index()).unwrap();
            std::fs::create_dir(env.index()).unwrap();
            std::fs::write(env.index().join("장보기.txt"), "우유").unwrap();
        }),
        ("garbage in a segment file", |env| {
            std::fs::write(&segment_files(env, "store")[0], "garbage").unwrap()
        }),
    ];
    for (name, damage) in damages {
        let env = Env::fixture("basic");
        env.run(&["index"]);
        damage(&env);
        let broken = env.run(&["search", "도커"]);
        assert_eq!(broken.code, 2, "{name}: {}", broken.stderr);
        assert_eq!(
            broken.stderr.lines().count(),
            1,
            "{name}: {}",
            broken.stderr
        );
        assert!(
            broken.stderr.contains("--rebuild"),
            "{name}: {}",
            broken.stderr
        );
        let rebuilt = env.run(&["index", "--rebuild"]);
        assert_eq!(rebuilt.code, 0, "{name}: {}", rebuilt.stderr);
        assert_eq!(env.run(&["search", "도커"]).code, 0, "{name}");
    }
    let env = Env::fixture("basic");
    std::fs::write(env.index(), "not a folder").unwrap();
    let run = env.run(&["search", "도커"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is a file"), "{}", run.stderr);
}

#[test]
fn an_index_from_another_schema_version_is_rebuilt() {
    let env = Env::fixture("basic");
    env.run(&["index"]);
    let meta_path = env.index().join("meta.json");
    let meta = std::fs::read_to_string(&meta_path).unwrap();
    assert!(meta.contains("noteseek-schema-"));
    std::fs::write(
        &meta_path,
        meta.replace("noteseek-schema-", "noteseek-schema-0"),
    )
    .unwrap();
    let run = env.run(&["search", "도커"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("indexed 5 notes"), "{}", run.stderr);
}

/// Runs the binary as an unprivileged user (root ignores file permissions).
fn run_unprivileged(env: &Env, args: &[&str]) -> util::Run {
    let bin = assert_cmd::cargo::cargo_bin("noteseek");
    let is_root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut cmd = if is_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        Command::new(&bin)
    };
    util::isolate(&mut cmd, env.path());
    cmd.current_dir(env.path())
        .args(args)
        .output()
        .unwrap()
        .into()
}

fn chmod(path: &std::path::Path, mode: &str) {
    assert!(Command::new("chmod")
        .args(["-R", mode])
        .arg(path)
        .status()
        .unwrap()
        .success());
}

#[test]
fn read_only_notes_and_index_folders_can_be_searched() {
    let env = Env::fixture("basic");
    env.run(&["index"]);
    chmod(env.path(), "a+rX");
    chmod(&env.notes(), "a-w");
    chmod(&env.index(), "a-w");
    let run = run_unprivileged(&env, &["search", "-l", "컨테이너"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("도커(Docker)"));
    assert!(run.stderr.is_empty(), "{}", run.stderr);

    // A changed note cannot be indexed into a read-only index: search says so and goes on.
    chmod(&env.notes(), "u+w");
    env.write("cloud/DevOps.md", &good("변경됨"));
    let stale = run_unprivileged(&env, &["search", "-l", "컨테이너"]);
    assert_eq!(stale.code, 0, "{}", stale.stderr);
    assert!(
        stale.stderr.contains("last committed state"),
        "{}",
        stale.stderr
    );
    chmod(&env.index(), "u+w");
}

#[test]
fn show_reads_a_note_as_the_indexer_does() {
    let env = messy();
    env.run(&["index"]);
    let nul = env.run(&["show", "널문자"]);
    assert_eq!(nul.code, 0, "{}", nul.stderr);
    assert!(nul.stdout.contains("널문자 사이에도"), "{}", nul.stdout);
    assert!(nul.stderr.contains("NUL bytes"), "{}", nul.stderr);
    // A note that grew past the size limit after it was indexed is refused, not read whole.
    env.write(
        "bad/윈도우.md",
        &format!("## 정의\n{}", "커진 노트의 줄이다.\n".repeat(900_000)),
    );
    let big = env.run(&["show", "--no-update", "윈도우"]);
    assert_eq!(big.code, 2, "{}", big.stdout);
    assert!(big.stderr.contains("limit for a note"), "{}", big.stderr);
    assert_eq!(big.stderr.lines().count(), 1, "{}", big.stderr);
}
