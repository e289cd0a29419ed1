//! The picker's hold on the terminal. It draws on `/dev/tty`, as fzf does, so that it works
//! inside `$(…)` where stdout is a pipe; and it always gives the terminal back: when it ends,
//! on a panic, on SIGTERM or SIGHUP, and while the editor runs. When the terminal goes away
//! (its window closed), the picker ends.

use std::fs::{File, OpenOptions};
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Once};
use std::time::Duration;

use anyhow::{Context, Result};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::Terminal;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::SigId;

/// Whether the terminal is in raw mode on the alternate screen now: what a panic must undo.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// The terminal, held: raw mode, alternate screen, and the signals that end the picker.
pub struct Session {
    pub terminal: Terminal<CrosstermBackend<File>>,
    tty: File,
    /// The number of the last ending signal that came (0: none).
    signal: Arc<AtomicUsize>,
    handlers: Vec<SigId>,
    /// Cleared when the session ends, to stop the hangup watch.
    watching: Arc<AtomicBool>,
}

impl Session {
    /// Takes the terminal. Fails with one line when there is none (`/dev/tty` cannot be
    /// opened: a cron job, CI).
    pub fn start() -> Result<Session> {
        let tty = OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .context("the picker needs a terminal, and /dev/tty cannot be opened")?;
        restore_on_panic();
        let signal = Arc::new(AtomicUsize::new(0));
        let mut handlers = Vec::new();
        for number in [SIGTERM, SIGHUP, SIGINT] {
            let id = signal_hook::flag::register_usize(number, signal.clone(), number as usize)
                .context("setting up signal handling")?;
            handlers.push(id);
        }
        let watching = Arc::new(AtomicBool::new(true));
        watch_for_hangup(tty.try_clone()?, watching.clone());
        let mut session = Session {
            terminal: Terminal::new(CrosstermBackend::new(tty.try_clone()?))?,
            tty,
            signal,
            handlers,
            watching,
        };
        session.take()?;
        Ok(session)
    }

    /// The signal that asked the picker to end, if one came.
    pub fn signal(&self) -> Option<i32> {
        match self.signal.load(Ordering::SeqCst) {
            0 => None,
            number => Some(number as i32),
        }
    }

    /// Gives the terminal back to run `f` (the editor) and takes it again after.
    ///
    /// Ctrl-C in the editor reaches the picker too (they share the terminal's process group);
    /// like git waiting for its editor, the picker lets it pass.
    pub fn lend<T>(&mut self, f: impl FnOnce(&File) -> T) -> Result<T> {
        give_back(&mut self.tty);
        let result = f(&self.tty);
        let _ =
            self.signal
                .compare_exchange(SIGINT as usize, 0, Ordering::SeqCst, Ordering::SeqCst);
        self.take()?;
        // The editor drew over the screen: draw all of it again.
        self.terminal.clear()?;
        Ok(result)
    }

    fn take(&mut self) -> Result<()> {
        enable_raw_mode().context("switching the terminal to raw mode")?;
        TAKEN.store(true, Ordering::SeqCst);
        execute!(self.tty, EnterAlternateScreen).context("writing to the terminal")?;
        Ok(())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.watching.store(false, Ordering::SeqCst);
        give_back(&mut self.tty);
        for id in self.handlers.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Leaves the alternate screen and raw mode, if the picker holds them. Errors are ignored:
/// this runs on the way out, when the terminal may be gone (SIGHUP).
fn give_back(tty: &mut impl Write) {
    if TAKEN.swap(false, Ordering::SeqCst) {
        let _ = execute!(tty, LeaveAlternateScreen, Show);
        let _ = disable_raw_mode();
    }
}

/// How often the hangup watch looks at the terminal.
const HANGUP_CHECK: Duration = Duration::from_millis(200);

/// Ends the process when the terminal goes away while `watching` holds. crossterm's event loop
/// reads end-of-file from a hung-up terminal forever without returning to the picker
/// (crossterm-rs/crossterm#793), so the picker could neither notice nor quit: it would spin on
/// a core, orphaned. A hung-up terminal stops being one (its `isatty` fails), which a thread can
/// see. There is nothing left to give back, and index commits are atomic, so exiting loses
/// nothing.
fn watch_for_hangup(tty: File, watching: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        while watching.load(Ordering::SeqCst) {
            if !tty.is_terminal() {
                std::process::exit(128 + SIGHUP);
            }
            std::thread::sleep(HANGUP_CHECK);
        }
    });
}

/// Chains a panic hook that gives the terminal back before the application's hook prints the
/// one-line error (and exits), so that the message is readable and the shell usable.
fn restore_on_panic() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if let Ok(mut tty) = OpenOptions::new().write(true).open("/dev/tty") {
                give_back(&mut tty);
            } else {
                give_back(&mut io::stderr());
            }
            previous(info);
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn giving_back_leaves_the_alternate_screen_and_shows_the_cursor_once() {
        TAKEN.store(true, Ordering::SeqCst);
        let mut out = Vec::new();
        give_back(&mut out);
        let written = String::from_utf8(out).unwrap();
        assert_eq!(written, "\u{1b}[?1049l\u{1b}[?25h");
        // The panic hook after a normal end writes nothing more.
        let mut again = Vec::new();
        give_back(&mut again);
        assert!(again.is_empty());
    }
}
