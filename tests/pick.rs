//! `noteseek pick` driven in a real terminal: tmux runs the binary, `send-keys` types (Korean
//! with `-l`), `capture-pane` reads the screen. Skipped, with a message, where tmux is missing
//! (CI installs it).

mod util;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use util::Env;

/// How long to wait for the screen or a file to show something before failing: generous,
/// for a loaded machine. A wait, not a measured speed.
const PATIENCE: Duration = Duration::from_secs(30);

fn tmux_available() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("tmux is not installed: skipping the picker's terminal tests");
    }
    found
}

/// A tmux server of its own, running one shell command in an 80×24 window.
struct Tmux {
    socket: String,
    dir: PathBuf,
}

impl Tmux {
    /// Runs `script` (sh) in `env`'s folder with `vars` set; the pane stays after it ends.
    fn start(env: &Env, script: &str, vars: &[(&str, &str)]) -> Tmux {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "noteseek-test-{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::SeqCst)
        );
        let config = env.path().join("tmux.conf");
        std::fs::write(&config, "set -g remain-on-exit on\nset -g status off\n").unwrap();
        let mut exports = String::from("unset NOTESEEK_NOTES NOTESEEK_INDEX NO_COLOR VISUAL; ");
        for (name, value) in vars {
            exports.push_str(&format!("export {name}={}; ", shell_quote(value)));
        }
        let status = Command::new("tmux")
            .args(["-L", &socket, "-f"])
            .arg(&config)
            .args(["new-session", "-d", "-s", "t", "-x", "80", "-y", "24", "-c"])
            .arg(env.path())
            .arg(format!("{exports}{script}"))
            .env("TERM", "xterm-256color")
            .env_remove("TMUX")
            .status()
            .expect("run tmux");
        assert!(status.success(), "tmux new-session failed");
        Tmux {
            socket,
            dir: env.path().to_path_buf(),
        }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Presses keys by tmux name (`Down`, `C-o`, `Enter`).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        self.tmux(&args);
    }

    /// Types text literally, as an IME commits it: whole syllables.
    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", text]);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    /// The screen with its colours and attributes as escape sequences.
    fn screen_with_styles(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-e", "-t", "t"])
    }

    /// Waits until the screen satisfies `ok` and has settled (the same on a second look, so
    /// that no frame is read half drawn); returns it.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                std::thread::sleep(Duration::from_millis(100));
                if self.screen() == screen {
                    return screen;
                }
                continue;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "the screen never showed {what}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the file `name` in the test folder holds a line starting with `marker`;
    /// returns the file.
    fn wait_for_file(&self, name: &str, marker: &str) -> String {
        let started = Instant::now();
        let path = self.dir.join(name);
        loop {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if text.lines().any(|l| l.starts_with(marker)) {
                return text;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "{name} never held `{marker}`: {text:?}\nscreen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn noteseek() -> String {
    shell_quote(env!("CARGO_BIN_EXE_noteseek"))
}

/// A copy of the fixture notes, indexed (so that the picker starts without a message).
fn fixture() -> Env {
    let env = Env::fixture("basic");
    assert_eq!(env.run(&["index"]).code, 0);
    env
}

/// After the picker: its exit status, whether the terminal is back in cooked mode, `end`.
const AFTER: &str = r#"echo "exit=$?" >> out.txt; stty -a | tr ' ' '\n' | grep -x -- '-\{0,1\}icanon' >> out.txt; echo end >> out.txt"#;

#[test]
fn bare_noteseek_in_a_pipe_prints_the_usage_as_before() {
    let env = Env::fixture("basic");
    let run = env.run(&[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("Usage: noteseek"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn without_a_terminal_pick_fails_with_one_line() {
    let env = fixture();
    // `setsid`: a session of its own, without a controlling terminal, so /dev/tty cannot open.
    let output = Command::new("setsid")
        .arg(env!("CARGO_BIN_EXE_noteseek"))
        .args(["pick", "도커"])
        .current_dir(env.path())
        .env_remove("NOTESEEK_NOTES")
        .env_remove("NOTESEEK_INDEX")
        .output();
    let Ok(output) = output else {
        eprintln!("setsid is not installed: skipping");
        return;
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("/dev/tty"), "{stderr}");
}

#[test]
fn typing_korean_lists_and_previews_the_hits_and_ctrl_o_prints_the_choice() {
    if !tmux_available() {
        return;
    }
    let env = fixture();
    let tmux = Tmux::start(
        &env,
        &format!("{} pick > out.txt; {AFTER}", noteseek()),
        &[],
    );
    tmux.wait_for("the prompt", |s| s.starts_with("> "));
    tmux.type_text("쿠버네티스");
    let screen = tmux.wait_for("the hit and its preview", |s| {
        s.contains("> 쿠버네티스(Kubernetes)")
            && s.contains("notes/cloud/쿠버네티스(Kubernetes).md:")
    });
    // The preview shows the matched section as `show` does.
    assert!(screen.contains("여러 서버에 흩어진"), "{screen}");
    assert!(
        screen.lines().next().unwrap().contains("[all] 1/"),
        "{screen}"
    );
    // 초성, as typed.
    tmux.keys(&["C-u"]);
    tmux.type_text("ㅋㅂㄴ");
    tmux.wait_for("the 초성 hit", |s| {
        s.starts_with("> ㅋㅂㄴ") && s.contains("> 쿠버네티스(Kubernetes)")
    });
    // A half-typed word.
    tmux.keys(&["C-u"]);
    tmux.type_text("오케스트레");
    tmux.wait_for("the hit for a half-typed word", |s| {
        s.starts_with("> 오케스트레") && s.contains("쿠버네티스(Kubernetes)")
    });
    tmux.keys(&["C-o"]);
    let out = tmux.wait_for_file("out.txt", "end");
    let mut lines = out.lines();
    let printed = lines.next().unwrap();
    assert!(
        printed.starts_with("notes/cloud/쿠버네티스(Kubernetes).md:"),
        "{out}"
    );
    assert!(
        printed.rsplit(':').next().unwrap().parse::<u32>().is_ok(),
        "{out}"
    );
    assert_eq!(
        lines.collect::<Vec<_>>(),
        ["exit=0", "icanon", "end"],
        "{out}"
    );
}

#[test]
fn inside_command_substitution_the_picker_draws_on_the_terminal_and_prints_the_template() {
    if !tmux_available() {
        return;
    }
    let env = fixture();
    let script = format!(
        r#"x=$({} pick --print '+{{line}} {{qpath}}' 정규화); echo "got=$x" > out.txt; {AFTER}"#,
        noteseek()
    );
    let tmux = Tmux::start(&env, &script, &[]);
    tmux.wait_for("the hit", |s| s.contains("> 정규화(Normalization)"));
    tmux.keys(&["C-o"]);
    let out = tmux.wait_for_file("out.txt", "end");
    let got = out.lines().next().unwrap();
    assert!(
        got.starts_with("got=+") && got.ends_with(" 'notes/database/정규화(Normalization).md'"),
        "{out}"
    );
    assert!(out.ends_with("exit=0\nicanon\nend\n"), "{out}");
}

#[test]
fn enter_opens_the_editor_at_the_line_and_the_picker_comes_back() {
    if !tmux_available() {
        return;
    }
    let env = fixture();
    // An editor that notes its arguments and whether the terminal was given back to it,
    // called vim so that it gets `+LINE PATH`.
    let bin = env.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let editor = bin.join("vim");
    std::fs::write(
        &editor,
        "#!/bin/sh\nstty -a | tr ' ' '\\n' | grep -x -- '-\\{0,1\\}icanon' > editor-tty.txt\nprintf '%s\\n' \"$@\" > editor-args.txt\n",
    )
    .unwrap();
    make_executable(&editor);
    let tmux = Tmux::start(
        &env,
        &format!("{} pick; {AFTER}", noteseek()),
        &[("EDITOR", &editor.to_string_lossy())],
    );
    tmux.wait_for("the prompt", |s| s.starts_with("> "));
    tmux.type_text("도커");
    tmux.wait_for("the hit", |s| s.contains("> 도커(Docker)"));
    tmux.keys(&["Down"]);
    let before = tmux.wait_for("the second hit selected", |s| s.contains("[all] 2/"));
    let selected = selected_title(&before);
    tmux.keys(&["Enter"]);
    let args = tmux.wait_for_file("editor-args.txt", "notes/");
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(args.len(), 2, "{args:?}");
    assert!(
        args[0].starts_with('+') && args[0][1..].parse::<u32>().is_ok(),
        "{args:?}"
    );
    assert!(args[1].contains(&selected), "{args:?} vs {selected}");
    let tty = std::fs::read_to_string(env.path().join("editor-tty.txt")).unwrap();
    assert_eq!(tty, "icanon\n", "the editor got a terminal in raw mode");
    // Back with the same query and selection.
    let after = tmux.wait_for("the picker again", |s| {
        s.starts_with("> 도커") && s.contains("[all] 2/")
    });
    assert_eq!(selected_title(&after), selected);
    tmux.keys(&["Escape"]);
    let out = tmux.wait_for_file("out.txt", "end");
    assert_eq!(out, "exit=130\nicanon\nend\n");
}

/// The title on the selected row (`> title  section  folder`).
fn selected_title(screen: &str) -> String {
    let row = screen
        .lines()
        .skip(1)
        .find(|l| l.starts_with("> "))
        .unwrap_or_else(|| panic!("no selected row:\n{screen}"));
    row[2..].split("  ").next().unwrap().trim().to_string()
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn sigterm_gives_the_terminal_back() {
    if !tmux_available() {
        return;
    }
    let env = fixture();
    // Started in the background so that the shell knows its process id; it reads /dev/tty.
    let script = format!(
        "{} pick 도커 & echo $! > pid.txt; wait $!; {AFTER}",
        noteseek()
    );
    let tmux = Tmux::start(&env, &script, &[]);
    tmux.wait_for("the hit", |s| s.contains("> 도커(Docker)"));
    let pid = std::fs::read_to_string(env.path().join("pid.txt")).unwrap();
    let killed = Command::new("kill")
        .args(["-TERM", pid.trim()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = tmux.wait_for_file("out.txt", "end");
    assert_eq!(out, format!("exit={}\nicanon\nend\n", 128 + 15));
    let screen = tmux.screen();
    assert!(
        !screen.contains("도커(Docker)"),
        "the picker's screen stayed:\n{screen}"
    );
}

#[test]
fn closing_the_terminal_ends_the_picker() {
    if !tmux_available() {
        return;
    }
    let env = fixture();
    let script = format!("{} pick 도커 & echo $! > pid.txt; wait $!", noteseek());
    let tmux = Tmux::start(&env, &script, &[]);
    tmux.wait_for("the hit", |s| s.contains("> 도커(Docker)"));
    let pid = std::fs::read_to_string(env.path().join("pid.txt")).unwrap();
    // The window closes: the terminal is hung up.
    drop(tmux);
    let started = Instant::now();
    while Path::new(&format!("/proc/{}", pid.trim())).exists() {
        assert!(
            started.elapsed() < PATIENCE,
            "the picker outlived its terminal"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn bare_noteseek_at_a_terminal_starts_the_picker_and_the_keys_are_one_question_mark_away() {
    if !tmux_available() {
        return;
    }
    let env = fixture();
    let tmux = Tmux::start(&env, &format!("{}; {AFTER}", noteseek()), &[]);
    let screen = tmux.wait_for("the prompt", |s| s.starts_with("> "));
    assert!(screen.contains("type to search"), "{screen}");
    tmux.keys(&["?"]);
    let help = tmux.wait_for("the keys", |s| s.contains("┌ keys"));
    assert!(help.contains("open in $VISUAL or $EDITOR"), "{help}");
    assert!(help.lines().next().unwrap().starts_with("> "), "{help}");
    // A key closes the help; Esc then quits.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the help closed", |s| !s.contains("┌ keys"));
    tmux.keys(&["Escape"]);
    assert_eq!(
        tmux.wait_for_file("out.txt", "end"),
        "exit=130\nicanon\nend\n"
    );
}

#[test]
fn tab_filters_by_section_and_a_wide_window_puts_the_preview_beside_the_list() {
    if !tmux_available() {
        return;
    }
    let env = fixture();
    let tmux = Tmux::start(&env, &format!("{} pick Ansible; {AFTER}", noteseek()), &[]);
    tmux.wait_for("the hits", |s| s.contains("[all] 1/"));
    tmux.keys(&["Tab", "Tab", "Tab", "Tab", "Tab"]);
    let screen = tmux.wait_for("the 구성요소 filter", |s| s.contains("[구성요소] 1/"));
    assert!(screen.contains("구성요소 · notes/"), "{screen}");
    tmux.tmux(&["resize-window", "-t", "t", "-x", "120", "-y", "30"]);
    // The preview heading stands on the list's first row, right of it. (The pane grows before
    // the picker redraws, so the wait is for the new layout itself.)
    tmux.wait_for("the preview beside the list", |s| {
        s.lines().count() >= 29
            && s.lines()
                .nth(1)
                .is_some_and(|row| row.starts_with("> ") && row.contains("구성요소 · notes/"))
    });
    tmux.keys(&["C-c"]);
    assert_eq!(
        tmux.wait_for_file("out.txt", "end"),
        "exit=130\nicanon\nend\n"
    );
}

#[test]
fn no_color_draws_in_monochrome() {
    if !tmux_available() {
        return;
    }
    let env = fixture();
    let styled = |vars: &[(&str, &str)]| {
        let tmux = Tmux::start(&env, &format!("{} pick 도커", noteseek()), vars);
        tmux.wait_for("the hit", |s| s.contains("> 도커(Docker)"));
        tmux.screen_with_styles()
    };
    // SGR colour parameters: 30–38 and 40–48 (39 and 49 are the defaults), 90–107.
    let has_colour = |screen: &str| {
        screen.split('\u{1b}').any(|seq| {
            let Some(params) = seq.strip_prefix('[').and_then(|s| s.split_once('m')) else {
                return false;
            };
            params
                .0
                .split(';')
                .any(|p| matches!(p.parse::<u32>(), Ok(30..=38 | 40..=48 | 90..=107)))
        })
    };
    assert!(has_colour(&styled(&[])), "no colour without NO_COLOR");
    let mono = styled(&[("NO_COLOR", "1")]);
    assert!(!has_colour(&mono), "{mono:?}");
    // Still marked: bold and reverse video.
    assert!(
        mono.contains("\u{1b}[1m") || mono.contains(";1m"),
        "{mono:?}"
    );
}

#[test]
fn the_picker_reads_a_foreign_vault() {
    if !tmux_available() {
        return;
    }
    let env = Env::empty();
    let vault = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/foreign/vault");
    let script = format!(
        "{} --notes {} pick Debezium > out.txt; {AFTER}",
        noteseek(),
        shell_quote(&vault.to_string_lossy())
    );
    let tmux = Tmux::start(&env, &script, &[]);
    // The front-matter title, not the file name `cdc`.
    let screen = tmux.wait_for("the hit", |s| s.contains("[all] 1/"));
    assert!(screen.lines().nth(1).unwrap().contains("CDC"), "{screen}");
    tmux.keys(&["C-o"]);
    let out = tmux.wait_for_file("out.txt", "end");
    assert!(
        out.starts_with(&format!(
            "{}/site-hugo/content/data/cdc.md:",
            vault.display()
        )),
        "{out}"
    );
}
