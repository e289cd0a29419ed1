//! A fixture notes folder in a temporary directory, and the real `noteseek` binary run on it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
}

/// What a run printed and how it ended.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            code: output.status.code().unwrap_or(-1),
        }
    }
}

impl Env {
    /// A temporary working directory whose `notes/` is a copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Env {
        let env = Env::empty();
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&source, &env.notes());
        env
    }

    /// A temporary working directory with an empty `notes/`.
    pub fn empty() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("notes")).unwrap();
        Env { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn notes(&self) -> PathBuf {
        self.dir.path().join("notes")
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// The binary, in the working directory, with no noteseek, editor or colour settings
    /// inherited, and its own config and cache folders (`xdg/config`, `xdg/cache`).
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// [`Env::cmd`] as a `std::process::Command`, for spawning and piping.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("noteseek"));
        cmd.current_dir(self.path());
        isolate(&mut cmd, self.path());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.cmd().args(args).output().expect("run noteseek").into()
    }

    /// Writes a note (relative to `notes/`), making its folders.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.notes().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.notes().join(rel)).unwrap();
    }
}

/// Keeps a run of the binary from the user's settings: no noteseek, editor or colour variables,
/// config and cache folders of its own under `dir/xdg`.
pub fn isolate(cmd: &mut std::process::Command, dir: &Path) {
    for var in [
        "NOTESEEK_NOTES",
        "NOTESEEK_INDEX",
        "NOTESEEK_NO_UPDATE",
        "NOTESEEK_EDITOR",
        "VISUAL",
        "EDITOR",
        "NO_COLOR",
        "COMPLETE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("XDG_CONFIG_HOME", dir.join("xdg/config"))
        .env("XDG_CACHE_HOME", dir.join("xdg/cache"));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The titles of human output, in rank order (`1. 도커(Docker)` lines), without the stub and
/// listing marks.
pub fn titles(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| {
            let (rank, title) = line.split_once(". ")?;
            rank.parse::<usize>().ok()?;
            let title = title
                .trim_end_matches(" (stub)")
                .trim_end_matches(" (listing)");
            Some(title.to_string())
        })
        .collect()
}
