//! `noteseek watch` as people use it: editors save in every way, the watcher keeps the index
//! up to date, searches trust it while it is healthy and check every note when it is not.

mod util;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use util::Env;

/// A running watcher whose stderr goes to a file in the environment.
struct Watcher {
    child: Child,
    log: std::path::PathBuf,
}

impl Watcher {
    fn start(env: &Env) -> Watcher {
        let log = env.path().join(format!("watch-{}.log", rand_suffix()));
        let child = Command::new(assert_cmd::cargo::cargo_bin("noteseek"))
            .current_dir(env.path())
            .args(["watch"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let watcher = Watcher { child, log };
        watcher.wait_for_log("watching");
        watcher
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_for_log(&self, text: &str) {
        let started = Instant::now();
        while !self.log().contains(text) {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no `{text}` in the watcher's log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn signal(&self, name: &str) {
        Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status()
            .unwrap();
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

fn note(word: &str) -> String {
    format!(
        "#시험\n\n## 정의\n{word}는 감시 테스트의 단어이다.\n## 특징\n- 저장 방식마다 확인한다.\n"
    )
}

/// Paths (in notes/) of the notes a search finds.
fn found(env: &Env, word: &str) -> Vec<String> {
    let run = env.run(&["search", "-l", word]);
    assert!(
        !run.stderr.contains("index updated") && !run.stderr.contains("indexed"),
        "a search with a healthy watcher checked the notes: {}",
        run.stderr
    );
    run.stdout
        .lines()
        .map(|l| l.trim_start_matches("notes/").to_string())
        .collect()
}

/// Waits until a search for `word` finds exactly `paths`.
fn eventually(env: &Env, word: &str, paths: &[&str]) {
    let started = Instant::now();
    loop {
        let got = found(env, word);
        if got == paths {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "`{word}`: got {got:?}, want {paths:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn every_way_an_editor_saves_is_seen() {
    let env = Env::fixture("basic");
    env.run(&["index"]);
    let watcher = Watcher::start(&env);

    // In place, twice at the same size: the second save may keep the size and the time.
    env.write("a/제자리.md", &note("inplacealfa"));
    eventually(&env, "inplacealfa", &["a/제자리.md"]);
    env.write("a/제자리.md", &note("inplacebeta"));
    eventually(&env, "inplacebeta", &["a/제자리.md"]);
    eventually(&env, "inplacealfa", &[]);

    // Written to a temporary file, then renamed over the note (vim, many editors).
    let notes = env.notes();
    std::fs::write(notes.join("a/.제자리.md.swp"), note("swaprename")).unwrap();
    std::fs::rename(notes.join("a/.제자리.md.swp"), notes.join("a/제자리.md")).unwrap();
    eventually(&env, "swaprename", &["a/제자리.md"]);

    // Deleted and created again.
    env.remove("a/제자리.md");
    eventually(&env, "swaprename", &[]);
    env.write("a/제자리.md", &note("recreated"));
    eventually(&env, "recreated", &["a/제자리.md"]);

    // Moved between folders.
    std::fs::create_dir_all(notes.join("b")).unwrap();
    std::fs::rename(notes.join("a/제자리.md"), notes.join("b/옮김.md")).unwrap();
    eventually(&env, "recreated", &["b/옮김.md"]);

    // A new folder full of notes, moved in at once.
    let outside = env.path().join("새폴더");
    std::fs::create_dir_all(&outside).unwrap();
    for i in 0..20 {
        std::fs::write(
            outside.join(format!("묶음{i}.md")),
            note(&format!("bundleword{i:02}")),
        )
        .unwrap();
    }
    std::fs::rename(&outside, notes.join("새폴더")).unwrap();
    eventually(&env, "bundleword19", &["새폴더/묶음19.md"]);

    // A stop leaves the index committed and the token gone; searches check notes again.
    watcher.signal("TERM");
    watcher.wait_for_log("stopped watching");
    assert!(!env.index().join(".noteseek-watch.json").exists());
    assert!(!env.index().join(".noteseek-watch.sock").exists());
    env.write("c/나중.md", &note("afterstop"));
    let after = env.run(&["search", "-l", "afterstop"]);
    assert_eq!(after.stdout.trim(), "notes/c/나중.md", "{}", after.stderr);
}

#[test]
fn searches_answered_by_the_watcher_say_what_searches_without_it_say() {
    let env = Env::fixture("basic");
    // The user's own other names travel with the search.
    env.write(".noteseek/aliases.tsv", "배처\t쿠버네티스\n");
    env.run(&["index"]);
    let searches: &[&[&str]] = &[
        &["search", "쿠버네티스"],
        &["search", "--json", "컨테이너 오케스트레이션"],
        &["search", "-l", "배처"],
        &["search", "--vimgrep", "도커 이미지"],
        // Only some words found; a section without the words; a tag no note has.
        &["search", "도커 파이썬크롤러"],
        &["search", "-s", "구성요소", "트랜잭션"],
        &["search", "--tag", "nope", "도커"],
        // A section no note has is an error (exit 2), as without a watcher.
        &["search", "-s", "없는섹션", "도커"],
        &["search", "-n", "2", "-s", "정의", "정규화"],
    ];
    let without: Vec<_> = searches.iter().map(|args| env.run(args)).collect();
    let watcher = Watcher::start(&env);
    for (args, before) in searches.iter().zip(&without) {
        let served = env.run(args);
        assert_eq!(
            (&served.stdout, &served.stderr, served.code),
            (&before.stdout, &before.stderr, before.code),
            "{args:?}\n{}",
            watcher.log()
        );
    }
    for told in [
        "some of them",
        "section holds",
        "no note has the tag",
        "unknown section",
    ] {
        assert!(
            without.iter().any(|run| run.stderr.contains(told)),
            "no search here says `{told}`"
        );
    }
    // And the watcher is the one that answered them: with the index's segment files moved away
    // (the watcher has them open), a search that read the index itself would fail.
    let aside = env.path().join("aside");
    std::fs::create_dir(&aside).unwrap();
    let segment_files: Vec<_> = std::fs::read_dir(env.index())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| !name.to_string_lossy().starts_with('.') && name != "meta.json")
        .collect();
    assert!(!segment_files.is_empty());
    for name in &segment_files {
        std::fs::rename(env.index().join(name), aside.join(name)).unwrap();
    }
    let served = env.run(&["search", "-l", "배처"]);
    for name in &segment_files {
        std::fs::rename(aside.join(name), env.index().join(name)).unwrap();
    }
    assert_eq!(
        (served.stdout.as_str(), served.code),
        (without[2].stdout.as_str(), 0),
        "{}\n{}",
        served.stderr,
        watcher.log()
    );
}

#[test]
fn a_killed_watcher_is_noticed_and_searches_stay_right() {
    let env = Env::fixture("basic");
    env.run(&["index"]);
    let mut watcher = Watcher::start(&env);
    watcher.signal("KILL");
    let _ = watcher.child.wait();
    env.write("a/죽은뒤.md", &note("afterkill"));
    let run = env.run(&["search", "-l", "afterkill"]);
    assert_eq!(run.stdout.trim(), "notes/a/죽은뒤.md", "{}", run.stderr);
    assert!(
        run.stderr.contains("no longer running") && run.stderr.contains("checking every note"),
        "{}",
        run.stderr
    );
    // Said once: the next search finds no watcher at all.
    let again = env.run(&["search", "-l", "afterkill"]);
    assert!(
        !again.stderr.contains("no longer running"),
        "{}",
        again.stderr
    );
    // A new watcher can start.
    let second = Watcher::start(&env);
    // A search that takes other files for notes does not trust it, and finds a hidden note.
    env.write(".보관/숨김.md", &note("hiddenword"));
    let hidden = env.run(&["search", "--hidden", "-l", "hiddenword"]);
    assert_eq!(
        hidden.stdout.trim(),
        "notes/.보관/숨김.md",
        "{}",
        hidden.stderr
    );
    assert!(
        hidden.stderr.contains("takes other files for notes"),
        "{}",
        hidden.stderr
    );
    drop(second);
}

#[test]
fn a_second_watcher_refuses_clearly() {
    let env = Env::fixture("basic");
    let _first = Watcher::start(&env);
    let second = env.run(&["watch"]);
    assert_eq!(second.code, 2, "{}", second.stderr);
    assert!(
        second.stderr.contains("already keeps the index"),
        "{}",
        second.stderr
    );
    let index = env.run(&["index"]);
    assert_eq!(index.code, 0);
    assert!(
        index.stderr.contains("keeps this index up to date"),
        "{}",
        index.stderr
    );
}

#[test]
fn watching_a_missing_notes_folder_is_one_clear_error_and_creates_nothing() {
    let env = Env::fixture("basic");
    let run = env.run(&["--notes", "없는폴더", "--index", "새색인", "watch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("notes folder 없는폴더 not found"),
        "{}",
        run.stderr
    );
    assert!(!env.path().join("새색인").exists());
}

#[test]
fn an_overflowed_event_queue_is_followed_by_a_rescan() {
    // A tiny inotify queue for the watcher (needs root; the setting is per queue, taken when the
    // watcher starts, and restored at once).
    const SETTING: &str = "/proc/sys/fs/inotify/max_queued_events";
    let Ok(before) = std::fs::read_to_string(SETTING) else {
        eprintln!("skipped: no inotify here");
        return;
    };
    if std::fs::write(SETTING, "16").is_err() {
        eprintln!("skipped: cannot shrink the inotify queue (needs root)");
        return;
    }
    let env = Env::fixture("basic");
    env.run(&["index"]);
    let watcher = Watcher::start(&env);
    std::fs::write(SETTING, before.trim()).unwrap();
    for i in 0..300 {
        env.write(
            &format!("폭주/노트{i}.md"),
            &note(&format!("burstword{i:03}")),
        );
    }
    watcher.wait_for_log("rescanned");
    eventually(&env, "burstword299", &["폭주/노트299.md"]);
    eventually(&env, "burstword000", &["폭주/노트0.md"]);
}

/// A small deterministic generator, so a failing run can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[test]
fn no_change_is_missed_across_a_thousand_random_edits() {
    let env = Env::empty();
    env.run(&["index"]);
    let watcher = Watcher::start(&env);
    let mut random = Lcg(7);
    // Ground truth: which note holds which word now.
    let mut truth: std::collections::HashMap<String, String> = Default::default();
    let started = Instant::now();
    for edit in 0..1000 {
        let folder = ["가", "나", "다"][random.next(3)];
        let path = format!("{folder}/노트{}.md", random.next(40));
        let word = format!("soakword{edit:04}");
        match random.next(4) {
            0 if truth.contains_key(&path) => {
                env.remove(&path);
                truth.remove(&path);
            }
            1 if truth.contains_key(&path) => {
                let to = format!("{}/옮김{edit}.md", ["가", "나", "다"][random.next(3)]);
                std::fs::create_dir_all(env.notes().join(&to).parent().unwrap()).unwrap();
                std::fs::rename(env.notes().join(&path), env.notes().join(&to)).unwrap();
                let old = truth.remove(&path).unwrap();
                truth.insert(to, old);
            }
            _ => {
                env.write(&path, &note(&word));
                truth.insert(path, word);
            }
        }
        if edit % 100 == 0 {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the edits alone took too long"
    );
    // Every note's last word is found in it, and in no other.
    for (path, word) in &truth {
        eventually(&env, word, &[path.as_str()]);
    }
    let total = env.run(&["search", "-l", "-n", "5000", "tag:시험"]);
    assert_eq!(
        total.stdout.lines().count(),
        truth.len(),
        "{}",
        watcher.log()
    );
}

#[test]
fn the_watcher_honours_the_ignore_rules_of_index() {
    let env = Env::fixture("basic");
    env.write(".noteseekignore", "초안/\n");
    // The vault is in a git repository (its rules are watched from the start).
    std::fs::create_dir_all(env.path().join(".git/info")).unwrap();
    env.run(&["index"]);
    let watcher = Watcher::start(&env);
    env.write("초안/메모.md", &note("draftword"));
    env.write("a/정식.md", &note("keptword"));
    eventually(&env, "keptword", &["a/정식.md"]);
    eventually(&env, "draftword", &[]);
    // A note that becomes ignored leaves the index.
    env.write(".noteseekignore", "초안/\na/\n");
    eventually(&env, "keptword", &[]);
    // Also by a rule file above the notes folder.
    env.write("b/아래.md", &note("belowword"));
    eventually(&env, "belowword", &["b/아래.md"]);
    std::fs::write(env.path().join(".gitignore"), "b/\n").unwrap();
    eventually(&env, "belowword", &[]);
    std::fs::remove_file(env.path().join(".gitignore")).unwrap();
    eventually(&env, "belowword", &["b/아래.md"]);
    std::fs::write(env.path().join(".git/info/exclude"), "아래.md\n").unwrap();
    eventually(&env, "belowword", &[]);
    drop(watcher);
}

#[test]
fn a_watcher_whose_index_folder_was_deleted_still_stops_on_a_signal() {
    let env = Env::fixture("basic");
    env.run(&["index"]);
    let mut watcher = Watcher::start(&env);
    watcher.wait_for_log("watching");
    // Moved away first: the watcher writes its token in the folder while it is being removed.
    let gone = env.path().join("index.gone");
    std::fs::rename(env.index(), &gone).unwrap();
    let _ = std::fs::remove_dir_all(&gone);
    watcher.signal("INT");
    watcher.wait_for_log("stopped watching");
    // Not a speed check: a watcher blocked for good never exits; a stopping one does.
    let started = Instant::now();
    while watcher.child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the watcher did not exit:\n{}",
            watcher.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_note_saved_just_before_a_search_is_found_by_it() {
    let env = Env::fixture("basic");
    env.run(&["index"]);
    let watcher = Watcher::start(&env);
    // Each search starts as soon as its note is written: the watcher answers it only once the
    // save it has already seen is applied.
    let search_at_once = |path: &str, word: &str| {
        env.write(path, &note(word));
        let started = Instant::now();
        let run = env.run(&["search", "-l", word]);
        assert_eq!(
            run.stdout.trim(),
            format!("notes/{path}"),
            "after {:?}; stderr: {}\nlog:\n{}",
            started.elapsed(),
            run.stderr,
            watcher.log()
        );
    };
    for i in 0..10 {
        search_at_once(&format!("a/방금{i}.md"), &format!("justsaved{i:02}"));
    }
    // An edit in place, searched at once, too.
    search_at_once("a/방금0.md", "rewrittenword");
}

#[test]
fn a_problem_with_a_file_is_logged_once_not_before_every_update() {
    let env = Env::fixture("basic");
    std::os::unix::fs::symlink(
        env.path().join("notes/cloud"),
        env.path().join("notes/링크폴더"),
    )
    .unwrap();
    env.run(&["index"]);
    let watcher = Watcher::start(&env);
    for i in 0..3 {
        env.write("a/저장.md", &note(&format!("savedword{i}")));
        eventually(&env, &format!("savedword{i}"), &["a/저장.md"]);
    }
    let log = watcher.log();
    assert_eq!(log.matches("symbolic link").count(), 1, "{log}");
    assert!(log.matches("updated:").count() >= 2, "{log}");
}
