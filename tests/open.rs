//! `noteseek open`: the best hit in `$VISUAL` or `$EDITOR`, at its line.

mod util;

use std::path::Path;

use util::{Env, Run};

/// `noteseek ARGS` with only the given editor variables set.
fn open(env: &Env, editors: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = env.cmd();
    cmd.env_remove("VISUAL")
        .env_remove("EDITOR")
        .env_remove("NOTESEEK_EDITOR");
    for (name, value) in editors {
        cmd.env(name, value);
    }
    cmd.args(args).output().expect("run noteseek").into()
}

/// The line number in `+N` or `path:N`.
fn line_of(word: &str) -> u32 {
    word.trim_start_matches('+')
        .rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches('\'')
        .parse()
        .unwrap_or_else(|_| panic!("no line in {word}"))
}

#[test]
fn the_editor_is_chosen_in_git_s_order() {
    let env = Env::fixture("basic");
    let first = |editors: &[(&str, &str)]| {
        let run = open(&env, editors, &["open", "--print", "쿠버네티스"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout.split(' ').next().unwrap().to_string()
    };
    assert_eq!(first(&[("EDITOR", "vim")]), "vim");
    assert_eq!(first(&[("VISUAL", "nvim"), ("EDITOR", "vim")]), "nvim");
    env.write(".noteseek.toml", "editor = \"nano\"\n");
    assert_eq!(first(&[("VISUAL", "nvim"), ("EDITOR", "vim")]), "nano");
    assert_eq!(
        first(&[("NOTESEEK_EDITOR", "emacs"), ("VISUAL", "nvim")]),
        "emacs"
    );
}

#[test]
fn print_shows_the_command_for_each_kind_of_editor() {
    let env = Env::fixture("basic");
    let run = open(
        &env,
        &[("EDITOR", "vim")],
        &["open", "--print", "쿠버네티스"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let words: Vec<&str> = run.stdout.trim_end().splitn(3, ' ').collect();
    assert_eq!(words[0], "vim");
    assert!(line_of(words[1]) >= 3);
    assert_eq!(words[2], "'notes/cloud/쿠버네티스(Kubernetes).md'");

    let run = open(
        &env,
        &[("VISUAL", "code --wait"), ("EDITOR", "vim")],
        &["open", "--print", "쿠버네티스"],
    );
    assert!(
        run.stdout
            .starts_with("code --wait -g 'notes/cloud/쿠버네티스(Kubernetes).md:"),
        "{}",
        run.stdout
    );
    let run = open(
        &env,
        &[("EDITOR", "hx")],
        &["open", "--print", "쿠버네티스"],
    );
    assert!(run
        .stdout
        .starts_with("hx 'notes/cloud/쿠버네티스(Kubernetes).md:"));
    let run = open(
        &env,
        &[("EDITOR", "gedit")],
        &["open", "--print", "쿠버네티스"],
    );
    assert_eq!(
        run.stdout,
        "gedit 'notes/cloud/쿠버네티스(Kubernetes).md'\n"
    );
}

#[test]
fn the_line_is_the_matched_line() {
    let env = Env::fixture("basic");
    let run = open(
        &env,
        &[("EDITOR", "nvim")],
        &["open", "--print", "-s", "구성요소", "Ansible"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text =
        std::fs::read_to_string(env.notes().join("cloud/IaC(Infrastructure as Code).md")).unwrap();
    let line = line_of(run.stdout.split(' ').nth(1).unwrap());
    let shown = text.lines().nth(line as usize - 1).unwrap();
    assert!(shown.contains("Ansible"), "line {line}: {shown}");
}

#[test]
fn open_runs_the_editor_and_reports_its_failure() {
    let env = Env::fixture("basic");
    let editor = env.path().join("my-editor");
    std::fs::write(&editor, "#!/bin/sh\nprintf '%s\\n' \"$@\" > args.txt\n").unwrap();
    make_executable(&editor);
    let run = open(
        &env,
        &[("EDITOR", &editor.to_string_lossy())],
        &["open", "도커"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // An editor noteseek does not know gets just the path.
    assert_eq!(
        std::fs::read_to_string(env.path().join("args.txt")).unwrap(),
        "notes/cloud/도커(Docker).md\n"
    );

    let run = open(&env, &[("EDITOR", "false")], &["open", "도커"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "noteseek: error: the editor `false 'notes/cloud/도커(Docker).md'` exited with status 1\n"
    );
    let run = open(
        &env,
        &[("EDITOR", "no-such-editor-here")],
        &["open", "도커"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot be started") && run.stderr.contains("$EDITOR"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn no_editor_and_a_broken_setting_are_one_line_each() {
    let env = Env::fixture("basic");
    assert_eq!(env.run(&["index"]).code, 0);
    let run = open(&env, &[], &["open", "도커"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "noteseek: error: no editor is set; set NOTESEEK_EDITOR, VISUAL or EDITOR (for example `export EDITOR=vim`), or `editor` in a config file\n"
    );
    let run = open(&env, &[("EDITOR", "vim 'unclosed")], &["open", "도커"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("from $EDITOR"), "{}", run.stderr);
}

#[test]
fn nothing_found_is_exit_1_with_suggestions() {
    let env = Env::fixture("basic");
    let run = open(
        &env,
        &[("EDITOR", "vim")],
        &["open", "--print", "Kubernetis"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .ends_with("noteseek: nothing found; did you mean:\n  쿠버네티스(Kubernetes)\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn open_works_on_a_foreign_vault() {
    let env = Env::empty();
    let vault = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/foreign/vault");
    let run = open(
        &env,
        &[("EDITOR", "vim")],
        &[
            "--notes",
            &vault.to_string_lossy(),
            "open",
            "--print",
            "사이클 스틸링",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = vault.join("site-jtd/docs/os/dma.md");
    assert!(
        run.stdout
            .trim_end()
            .ends_with(&format!(" {}", path.display())),
        "{}",
        run.stdout
    );
    let line = line_of(run.stdout.split(' ').nth(1).unwrap());
    let text = std::fs::read_to_string(&path).unwrap();
    let shown = text.lines().nth(line as usize - 1).unwrap();
    assert!(
        shown.contains("사이클 스틸링") || shown.contains("Cycle Stealing"),
        "{shown}"
    );
}
