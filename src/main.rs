//! The `noteseek` binary: parse arguments, run the command, turn the result into an exit code.

use std::process::ExitCode;

use clap::Parser;
use noteseek::cli::Cli;

fn main() -> ExitCode {
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
