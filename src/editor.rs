//! Opening a note in the user's editor at a line: the command line that puts its cursor there.
//! `noteseek open` and the picker's Enter both build their command here; which editor the user
//! chose is settled with the other settings (the application's config, in git's order).
//!
//! ```
//! use std::path::Path;
//! use noteseek::editor::{Editor, EditorCommand};
//!
//! let editor = Editor { command: "code --wait".into(), source: "$EDITOR".into() };
//! let command = EditorCommand::new(&editor, Path::new("notes/도커.md"), 12).unwrap();
//! assert_eq!(command.shell_line(), "code --wait -g notes/도커.md:12");
//! ```

use std::ffi::OsString;
use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// The editor the user chose: a command line, and where it was set (for error messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    /// The command line as written (`vim`, `code --wait`).
    pub command: String,
    /// Where it came from (`$VISUAL`, a config file's line), for error messages.
    pub source: String,
}

/// How an editor is told the line to open a file at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineStyle {
    /// `+LINE PATH`: vi, vim, nvim, nano, emacs, micro, kakoune.
    Plus,
    /// `PATH:LINE`: helix, Sublime Text, Zed.
    Suffix,
    /// `-g PATH:LINE`: VS Code and its builds.
    Goto,
    /// Just the path: an editor we do not know.
    PathOnly,
}

impl LineStyle {
    /// The style of the editor run as `program` (a name or a path, `.exe` or not).
    pub fn of(program: &str) -> LineStyle {
        let name = Path::new(program)
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let name = name.strip_suffix(".exe").unwrap_or(&name);
        match name {
            "vi" | "vim" | "nvim" | "gvim" | "mvim" | "view" | "nano" | "emacs" | "emacsclient"
            | "micro" | "kak" => LineStyle::Plus,
            "hx" | "helix" | "subl" | "zed" => LineStyle::Suffix,
            "code" | "code-insiders" | "codium" => LineStyle::Goto,
            _ => LineStyle::PathOnly,
        }
    }
}

/// A command line that opens a file at a line: the program and its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorCommand {
    pub program: String,
    pub args: Vec<OsString>,
    /// Where the editor was set (`$EDITOR`), for error messages.
    pub source: String,
}

impl EditorCommand {
    /// The command that opens `path` at `line` (1-based; 0 for no line) in `editor`. The
    /// editor's command line is split as a shell would (`code --wait`, quoted paths).
    pub fn new(editor: &Editor, path: &Path, line: u32) -> Result<EditorCommand> {
        let words = shell_words::split(&editor.command).map_err(|e| Error::EditorCommand {
            editor: editor.command.clone(),
            source_name: editor.source.clone(),
            reason: e.to_string(),
        })?;
        let mut words = words.into_iter();
        let program = words.next().ok_or_else(|| Error::EditorCommand {
            editor: editor.command.clone(),
            source_name: editor.source.clone(),
            reason: "it names no program".to_string(),
        })?;
        let mut args: Vec<OsString> = words.map(OsString::from).collect();
        let with_line = || {
            let mut arg = path.as_os_str().to_os_string();
            arg.push(format!(":{line}"));
            arg
        };
        match (LineStyle::of(&program), line) {
            (_, 0) | (LineStyle::PathOnly, _) => args.push(path.into()),
            (LineStyle::Plus, _) => {
                args.push(format!("+{line}").into());
                args.push(path.into());
            }
            (LineStyle::Suffix, _) => args.push(with_line()),
            (LineStyle::Goto, _) => {
                args.push("-g".into());
                args.push(with_line());
            }
        }
        Ok(EditorCommand {
            program,
            args,
            source: editor.source.clone(),
        })
    }

    /// The command as a shell reads it back, quoted where needed (for `--print`).
    pub fn shell_line(&self) -> String {
        let words: Vec<String> = std::iter::once(self.program.clone())
            .chain(self.args.iter().map(|a| a.to_string_lossy().into_owned()))
            .collect();
        shell_words::join(words)
    }

    /// Runs the editor and waits for it to end. `terminal`, when given, is its stdin, stdout
    /// and stderr: the picker runs inside `$(…)`, where its own stdout is a pipe.
    pub fn run(&self, terminal: Option<&File>) -> Result<()> {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        if let Some(tty) = terminal {
            let stdio = |tty: &File| tty.try_clone().map(Stdio::from);
            let io = |e| self.failed(format!("cannot use the terminal: {e}"));
            command
                .stdin(stdio(tty).map_err(io)?)
                .stdout(stdio(tty).map_err(io)?)
                .stderr(stdio(tty).map_err(io)?);
        }
        let status = command
            .status()
            .map_err(|e| self.failed(format!("cannot be started ({e}); check {}", self.source)))?;
        match status.code() {
            Some(0) => Ok(()),
            Some(code) => Err(self.failed(format!("exited with status {code}"))),
            None => Err(self.failed("was ended by a signal".to_string())),
        }
    }

    fn failed(&self, reason: String) -> Error {
        Error::EditorFailed {
            command: self.shell_line(),
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn editor(command: &str) -> Editor {
        Editor {
            command: command.to_string(),
            source: "$EDITOR".to_string(),
        }
    }

    fn line_for(command: &str) -> String {
        EditorCommand::new(&editor(command), Path::new("notes/a b.md"), 7)
            .unwrap()
            .shell_line()
    }

    #[test]
    fn each_editor_family_gets_the_line_its_way() {
        assert_eq!(line_for("vim"), "vim +7 'notes/a b.md'");
        assert_eq!(line_for("/usr/bin/nvim"), "/usr/bin/nvim +7 'notes/a b.md'");
        assert_eq!(line_for("nano"), "nano +7 'notes/a b.md'");
        assert_eq!(line_for("emacs -nw"), "emacs -nw +7 'notes/a b.md'");
        assert_eq!(line_for("micro"), "micro +7 'notes/a b.md'");
        assert_eq!(line_for("hx"), "hx 'notes/a b.md:7'");
        assert_eq!(line_for("code --wait"), "code --wait -g 'notes/a b.md:7'");
        assert_eq!(line_for("gedit"), "gedit 'notes/a b.md'");
    }

    #[test]
    fn a_failed_editor_is_one_error_naming_the_setting() {
        let missing = EditorCommand::new(&editor("no-such-editor-x"), Path::new("n.md"), 1)
            .unwrap()
            .run(None)
            .unwrap_err()
            .to_string();
        assert!(
            missing.contains("cannot be started") && missing.contains("$EDITOR"),
            "{missing}"
        );
        let failing = EditorCommand::new(&editor("false"), Path::new("n.md"), 1)
            .unwrap()
            .run(None)
            .unwrap_err()
            .to_string();
        assert!(failing.contains("exited with status 1"), "{failing}");
    }

    #[test]
    fn the_editor_setting_is_split_as_a_shell_would() {
        let command =
            EditorCommand::new(&editor("'/opt/my editor/ed' -x"), Path::new("n.md"), 3).unwrap();
        assert_eq!(command.program, "/opt/my editor/ed");
        assert_eq!(command.args, vec![OsString::from("-x"), "n.md".into()]);
        let err = EditorCommand::new(&editor("vim 'unclosed"), Path::new("n.md"), 3).unwrap_err();
        assert!(err.to_string().contains("$EDITOR"), "{err}");
    }
}
