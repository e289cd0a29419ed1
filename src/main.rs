//! The `noteseek` binary: parse arguments, run the command, turn the result into an exit code.

use std::process::ExitCode;

use clap::Parser;
use noteseek::cli::Cli;

fn main() -> ExitCode {
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
    let cli = Cli::parse();
    match noteseek::commands::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code() as u8),
        Err(err) => {
            let err = anyhow::Error::from(err);
            // `noteseek search x | head -1`: a closed pipe is a normal end, not an error.
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
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
    })
}
