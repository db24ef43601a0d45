//! The `fastly-tokens` binary: the process's arguments, environment and terminal handed to [`fastly_tokens_cli::run`].

use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("fastly-tokens: cannot start the async runtime: {e}");
            return ExitCode::from(fastly_tokens_cli::exit::OTHER);
        }
    };
    let interactive = std::io::stdin().is_terminal();
    let prompt = |question: &str| rpassword::prompt_password(question);
    let env = |name: &str| std::env::var(name).ok();
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let io = fastly_tokens_cli::Io {
        env: &env,
        stdin: &mut stdin,
        out: &mut stdout,
        err: &mut stderr,
        terminal: std::io::stdout().is_terminal(),
        width: terminal_size::terminal_size_of(std::io::stdout())
            .map(|(terminal_size::Width(w), _)| usize::from(w)),
        prompt: interactive.then_some(&prompt as fastly_tokens_cli::Prompt<'_>),
    };
    ExitCode::from(runtime.block_on(fastly_tokens_cli::run(std::env::args_os(), io)))
}
