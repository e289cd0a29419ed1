//! The `noteseek` application: parse the flags, run the command on the engine, turn the result
//! into an exit code.

mod args;
mod cli;
mod commands;
mod complete;
mod config;
mod picker;
mod printer;
mod render;
mod wrap;

use std::process::ExitCode;

fn main() -> ExitCode {
    // A shell asking for completions is answered before anything else is written.
    complete::answer_if_asked();
    // A panic is a bug or a damaged index file that tantivy could not read: one line, exit 2,
    // never a backtrace. Index commits are atomic, so exiting here loses nothing committed.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "noteseek: error: internal error ({}); if the index is damaged, run `noteseek index --rebuild`",
            message.lines().next().unwrap_or_default()
        );
        std::process::exit(2);
    }));
    let (cli, matches) = cli::Cli::from_args();
    match commands::dispatch(cli, &config::Flags::from_matches(&matches)) {
        Ok(status) => ExitCode::from(status.exit_code()),
        // `noteseek search x | head -1`: a closed pipe is a normal end, not an error.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("noteseek: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<noteseek::Error>()
                .is_some_and(noteseek::Error::is_broken_pipe)
    })
}
