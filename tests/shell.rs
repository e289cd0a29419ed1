//! noteseek in the shell and in a vault: which files are notes (ignore rules, hidden folders,
//! links), completions, the man page, config files, the index's place, pipelines.

mod util;

use std::process::Command;

use util::{titles, Env};

fn listed(env: &Env, args: &[&str]) -> Vec<String> {
    let run = env.run(args);
    assert!(run.code < 2, "{}", run.stderr);
    run.stdout.lines().map(String::from).collect()
}

// ---- Which files are notes ----

#[test]
fn gitignore_ignore_and_noteseekignore_are_honoured_without_git() {
    let env = Env::fixture("basic");
    env.write("drafts/초안.md", "## 정의\nquokka 문서\n");
    env.write("private/일기.md", "## 정의\nnarwhal 문서\n");
    env.write("tmp/임시.md", "## 정의\naxolotl 문서\n");
    std::fs::write(env.notes().join(".gitignore"), "drafts/\n").unwrap();
    std::fs::write(env.notes().join(".ignore"), "private/\n").unwrap();
    std::fs::write(env.notes().join(".noteseekignore"), "tmp/\n").unwrap();
    for word in ["quokka", "narwhal", "axolotl"] {
        let run = env.run(&["search", "-l", word]);
        assert_eq!(run.code, 1, "{word}: {}", run.stdout);
    }
    let all = env.run(&["--no-ignore", "search", "-l", "quokka"]);
    assert_eq!(all.stdout.trim(), "notes/drafts/초안.md", "{}", all.stderr);
}

#[test]
fn hidden_folders_are_skipped_unless_asked() {
    let env = Env::fixture("basic");
    env.write(".obsidian/템플릿.md", "## 정의\n숨은전용어 문서\n");
    env.write(".trash/지운것.md", "## 정의\n숨은전용어 문서\n");
    assert_eq!(env.run(&["search", "-l", "숨은전용어"]).code, 1);
    let hidden = listed(&env, &["search", "--hidden", "-l", "숨은전용어"]);
    assert_eq!(hidden.len(), 2, "{hidden:?}");
}

#[test]
fn a_note_that_becomes_ignored_leaves_the_index() {
    let env = Env::fixture("basic");
    assert_eq!(env.run(&["search", "-l", "블록체인"]).code, 1);
    env.write(
        "digital/블록체인.md",
        "## 정의\n블록체인은 분산 원장이다.\n",
    );
    assert_eq!(env.run(&["search", "-l", "블록체인"]).code, 0);
    std::fs::write(env.notes().join(".noteseekignore"), "digital/\n").unwrap();
    let run = env.run(&["search", "-l", "블록체인"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("1 removed"), "{}", run.stderr);
}

#[test]
fn config_ignore_globs_leave_files_out() {
    let env = Env::fixture("basic");
    std::fs::write(
        env.path().join(".noteseek.toml"),
        "ignore = [\"cloud/Dev*\"]\n",
    )
    .unwrap();
    let run = env.run(&["search", "-l", "DevOps"]);
    assert!(!run.stdout.contains("DevOps.md"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn links_are_followed_only_with_follow() {
    let env = Env::fixture("basic");
    let outside = env.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("링크노트.md"), "## 정의\n링크전용어 문서\n").unwrap();
    std::os::unix::fs::symlink(&outside, env.notes().join("linked")).unwrap();
    let run = env.run(&["search", "-l", "링크전용어"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("linked: symbolic link, not followed"),
        "{}",
        run.stderr
    );
    let followed = env.run(&["-L", "search", "-l", "링크전용어"]);
    assert_eq!(
        followed.stdout.trim(),
        "notes/linked/링크노트.md",
        "{}",
        followed.stderr
    );
}

// ---- Completions and man page ----

#[test]
fn completion_scripts_are_printed_and_bash_loads_one() {
    let env = Env::fixture("basic");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = env.run(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("noteseek"), "{shell}: {}", run.stdout);
    }
    let script = env.path().join("noteseek.bash");
    std::fs::write(&script, env.run(&["completions", "bash"]).stdout).unwrap();
    let loaded = bash(
        &env,
        &format!("source {} && complete -p noteseek", script.display()),
    );
    assert!(
        loaded.contains("-F _clap_complete_noteseek noteseek"),
        "{loaded}"
    );
}

/// What bash offers on Tab after `words` (the last one being typed), through the registered
/// completion function.
fn tab(env: &Env, words: &[&str]) -> Vec<String> {
    let script = env.path().join("noteseek.bash");
    std::fs::write(&script, env.run(&["completions", "bash"]).stdout).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let current = words.last().unwrap();
    let out = bash(
        env,
        &format!(
            "source {}; COMP_WORDS=(noteseek {}); COMP_CWORD={}; COMP_TYPE=9; \
             _clap_complete_noteseek noteseek '{current}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display(),
            quoted.join(" "),
            words.len()
        ),
    );
    out.lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

fn bash(env: &Env, script: &str) -> String {
    let mut cmd = Command::new("bash");
    util::isolate(&mut cmd, env.path());
    let out = cmd
        .current_dir(env.path())
        .args(["-c", script])
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn tab_completes_titles_sections_and_tags_from_the_index() {
    let env = Env::fixture("basic");
    // Without an index nothing is offered, and none is built for a Tab.
    assert!(tab(&env, &["show", "도"]).is_empty());
    assert!(!env.index().exists());
    assert_eq!(env.run(&["index"]).code, 0);
    assert_eq!(tab(&env, &["show", "도"]), ["도커\\(Docker\\)"]);
    assert_eq!(
        tab(&env, &["show", "I"]),
        ["IaC\\(Infrastructure\\ as\\ Code\\)"]
    );
    assert_eq!(tab(&env, &["search", "-s", "구성"]), ["구성요소", "구성도"]);
    assert_eq!(tab(&env, &["search", "-t", "클"]), ["클라우드"]);
    let subcommands = tab(&env, &["se"]);
    assert!(
        subcommands.contains(&"search".to_string()),
        "{subcommands:?}"
    );
}

#[test]
fn man_page_has_the_query_syntax_exit_codes_and_environment() {
    let env = Env::empty();
    let run = env.run(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with(".ie"), "{}", &run.stdout[..80]);
    for part in [
        "QUERY SYNTAX",
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
        "NOTESEEK_NOTES",
        "\\-\\-no\\-ignore",
    ] {
        assert!(run.stdout.contains(part), "{part}");
    }
}

// ---- Configuration ----

#[test]
fn flags_beat_environment_beat_config_files_beat_defaults() {
    let env = Env::fixture("basic");
    std::fs::rename(env.notes(), env.path().join("vault")).unwrap();
    std::fs::create_dir_all(env.path().join("xdg/config/noteseek")).unwrap();
    std::fs::write(
        env.path().join("xdg/config/noteseek/config.toml"),
        "notes = \"../../../vault\"\nlimit = 1\n",
    )
    .unwrap();
    // The user's config file names the notes folder, relative to its own folder.
    let from_user = listed(&env, &["search", "-l", "컨테이너"]);
    let expected = env.path().join("vault/cloud/도커(Docker).md");
    assert_eq!(from_user, [expected.to_str().unwrap()]);
    // A project file beats it; a flag beats both.
    std::fs::write(env.path().join(".noteseek.toml"), "limit = 2\n").unwrap();
    assert_eq!(listed(&env, &["search", "-l", "컨테이너"]).len(), 2);
    assert_eq!(
        listed(&env, &["search", "-n", "1", "-l", "컨테이너"]).len(),
        1
    );
    // The environment beats config files.
    std::fs::rename(env.path().join("vault"), env.path().join("other")).unwrap();
    let run = env
        .cmd()
        .env("NOTESEEK_NOTES", "other")
        .args(["search", "-l", "멱등성"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        "other/cloud/IaC(Infrastructure as Code).md"
    );
}

#[test]
fn config_prints_each_setting_and_where_it_came_from() {
    let env = Env::fixture("basic");
    std::fs::write(
        env.path().join(".noteseek.toml"),
        "limit = 3\neditor = \"hx\"\n",
    )
    .unwrap();
    let run = env
        .cmd()
        .env("EDITOR", "vi")
        .args(["--hidden", "config"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let line = |key: &str| {
        out.lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("{key}: {out}"))
            .to_string()
    };
    assert!(line("notes").contains("notes"), "{out}");
    assert!(line("index").contains("beside notes/"), "{out}");
    assert!(line("limit").contains(".noteseek.toml:1"), "{out}");
    assert!(line("editor").contains("hx"), "{out}");
    assert!(out.contains("hidden included (--hidden)"), "{out}");
}

#[test]
fn a_bad_config_file_is_one_line_naming_file_line_and_key() {
    let env = Env::fixture("basic");
    std::fs::write(
        env.path().join(".noteseek.toml"),
        "limit = 5\ncolour = \"never\"\n",
    )
    .unwrap();
    let run = env.run(&["search", "도커"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(".noteseek.toml:2: `colour` unknown key"),
        "{}",
        run.stderr
    );
    // Completions and the man page never depend on it.
    assert_eq!(env.run(&["completions", "bash"]).code, 0);
}

#[test]
fn title_source_file_name_ignores_front_matter_titles() {
    let env = Env::empty();
    env.write(
        "posts/2024-01-01-docker.md",
        "---\ntitle: 도커 정리\n---\n## 정의\n도커는 컨테이너 플랫폼이다.\n",
    );
    assert_eq!(
        titles(&env.run(&["search", "컨테이너"]).stdout),
        ["도커 정리"]
    );
    std::fs::write(
        env.path().join(".noteseek.toml"),
        "title_source = \"file-name\"\n",
    )
    .unwrap();
    assert_eq!(
        titles(&env.run(&["search", "컨테이너"]).stdout),
        ["2024-01-01-docker"]
    );
}

#[test]
fn another_notes_folder_gets_one_index_in_the_cache_from_anywhere() {
    let env = Env::fixture("basic");
    std::fs::rename(env.notes(), env.path().join("vault")).unwrap();
    let vault = env.path().join("vault");
    let elsewhere = env.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    for dir in [env.path(), elsewhere.as_path()] {
        let run = env
            .cmd()
            .current_dir(dir)
            .args(["--notes", vault.to_str().unwrap(), "search", "-l", "멱등성"])
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let cache: Vec<_> = std::fs::read_dir(env.path().join("xdg/cache/noteseek"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(cache.len(), 1, "{cache:?}");
    assert!(cache[0].starts_with("vault-"), "{cache:?}");
    assert!(!env.path().join("index").exists());
    assert!(!elsewhere.join("index").exists());
}

// ---- Pipelines ----

#[test]
fn null_separated_paths_feed_xargs_and_show() {
    let env = Env::fixture("basic");
    let run = env
        .cmd()
        .args(["search", "-l", "-0", "컨테이너"])
        .output()
        .unwrap();
    let paths: Vec<&[u8]> = run
        .stdout
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .collect();
    assert!(
        paths.len() >= 2,
        "{:?}",
        String::from_utf8_lossy(&run.stdout)
    );
    assert!(!run.stdout.contains(&b'\n'));
    assert_eq!(run.stdout.last(), Some(&0));
    // Every path, spaces and parentheses included, names a note `show` prints.
    let xargs = Command::new("sh")
        .current_dir(env.path())
        .env("NOTESEEK", assert_cmd::cargo::cargo_bin("noteseek"))
        .env("XDG_CACHE_HOME", env.path().join("xdg/cache"))
        .env("XDG_CONFIG_HOME", env.path().join("xdg/config"))
        .args([
            "-c",
            "\"$NOTESEEK\" search -l -0 컨테이너 | xargs -0 \"$NOTESEEK\" show",
        ])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&xargs.stdout);
    assert!(
        xargs.status.success(),
        "{}",
        String::from_utf8_lossy(&xargs.stderr)
    );
    assert!(shown.starts_with("도커(Docker)\n"), "{shown}");
    assert!(shown.contains("\n쿠버네티스(Kubernetes)\n"), "{shown}");
}

#[test]
fn show_takes_a_path_an_other_name_and_lists_duplicates() {
    let env = Env::fixture("basic");
    let by_path = env.run(&["show", "notes/cloud/도커(Docker).md", "-s", "키워드"]);
    assert_eq!(by_path.code, 0, "{}", by_path.stderr);
    assert!(by_path.stdout.contains("Dockerfile"), "{}", by_path.stdout);
    let english = env.run(&["show", "Kubernetes", "-s", "정의"]);
    assert_eq!(english.code, 0, "{}", english.stderr);
    env.write("other/도커(Docker).md", "## 정의\n또 다른 도커 노트\n");
    let twice = env.run(&["show", "도커(Docker)"]);
    assert_eq!(twice.code, 2);
    assert!(
        twice.stderr.contains(
            "2 notes answer to `도커(Docker)`; name one by its path:\n  notes/cloud/도커(Docker).md\n  notes/other/도커(Docker).md"
        ),
        "{}",
        twice.stderr
    );
}

#[test]
fn show_json_has_title_path_tags_and_sections() {
    let env = Env::fixture("basic");
    let run = env.run(&["show", "--json", "도커"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let note: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(note["title"], "도커(Docker)");
    assert_eq!(note["path"], "notes/cloud/도커(Docker).md");
    assert_eq!(note["tags"][1], "클라우드");
    let keywords = note["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["section"] == "키워드")
        .unwrap();
    assert_eq!(keywords["line"], 7);
    assert!(keywords["text"].as_str().unwrap().contains("Dockerfile"));
}

#[test]
fn stdin_answers_every_query_with_at_least_one_line() {
    let env = Env::fixture("basic");
    let run = env
        .cmd()
        .args(["search", "--stdin", "-n", "1"])
        .write_stdin("멱등성\n없는말없는말\n정의:\n")
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["query"], "멱등성");
    assert_eq!(lines[0]["rank"], 1);
    assert_eq!(
        lines[1],
        serde_json::json!({"query": "없는말없는말", "hits": 0})
    );
    assert_eq!(lines[2]["query"], "정의:");
    assert!(lines[2]["error"].is_string(), "{lines:?}");
}

#[test]
fn vimgrep_prints_path_line_column_and_text() {
    let env = Env::fixture("basic");
    let run = env.run(&["search", "--vimgrep", "멱등성"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text =
        std::fs::read_to_string(env.notes().join("cloud/IaC(Infrastructure as Code).md")).unwrap();
    let (line_no, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("멱등성"))
        .unwrap();
    let column = line.find("멱등성").unwrap() + 1;
    assert_eq!(
        run.stdout,
        format!(
            "notes/cloud/IaC(Infrastructure as Code).md:{}:{column}:{line}\n",
            line_no + 1
        )
    );
}

#[test]
fn tags_sections_and_list_catalogue_the_notes() {
    let env = Env::fixture("basic");
    let tags = env.run(&["tags"]);
    assert_eq!(tags.code, 0, "{}", tags.stderr);
    assert!(
        tags.stdout
            .lines()
            .any(|l| l.starts_with("#클라우드") && l.ends_with(" 4")),
        "{}",
        tags.stdout
    );
    let sections = env.run(&["sections", "--json"]);
    let first: serde_json::Value =
        serde_json::from_str(sections.stdout.lines().next().unwrap()).unwrap();
    assert!(
        first["heading"].is_string() && first["count"].is_number(),
        "{first}"
    );
    let listed = env.run(&["list", "-t", "데이터베이스"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(
        listed.stdout.contains("정규화(Normalization)"),
        "{}",
        listed.stdout
    );
    assert!(!listed.stdout.contains("도커"), "{}", listed.stdout);
    let under = env.run(&["list", "--json", "cloud"]);
    assert_eq!(under.stdout.lines().count(), 4, "{}", under.stdout);
}

#[test]
fn tags_are_listed_as_the_notes_write_them_most_often() {
    let env = Env::empty();
    for (name, tag) in [
        ("가", "DevOps"),
        ("나", "DevOps"),
        ("다", "devops"),
        ("라", "CI/CD"),
    ] {
        env.write(
            &format!("{name}.md"),
            &format!("#{tag}\n## 정의\n{name} 노트\n"),
        );
    }
    let tags = env.run(&["tags"]);
    assert_eq!(tags.code, 0, "{}", tags.stderr);
    let lines: Vec<String> = tags
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(lines, ["#DevOps 3", "#CI 1", "#CI/CD 1"], "{}", tags.stdout);
    // Any case finds them.
    assert_eq!(env.run(&["list", "-t", "devops"]).stdout.lines().count(), 3);
}
