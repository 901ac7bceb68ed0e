//! The typed-line half of the CLI as a chunk of the page, fetched on first use: the
//! lexer, the model-driven parser, shorthand and validator, the reading of request documents,
//! help, completion and the sandbox's own commands (the formatters and `--query` stay in the
//! first load: a form's output goes through them). The first load carries what opens the
//! sandbox (the world, its tables and forms, the clock); the terminal's code comes when the
//! terminal is first used: its input takes the focus or a line is run
//! (issue "Cost per change", item 5).
//!
//! With the `split` feature (the page's release build, `scripts/split.mjs`), `wasm_split`
//! moves what only [`entry`] reaches into a file of its own, fetched from the page's origin
//! the first time [`load`] is called, and [`Cli`]'s function pointers then call into it
//! synchronously. Without the feature (native tests, the wasm test runner, `trunk serve`) the
//! call is direct and nothing is split.
//!
//! Depends on kumo-cli (what the chunk holds) and on nothing of the app's.

use std::cell::Cell;

use kumo_cli::complete::Completion;
use kumo_cli::{Outcome, Session};

/// What the chunk offers the page, as function pointers into it.
pub struct Cli {
    /// Runs one typed line (`aws …`, `sim …`, `help`, …).
    pub run_line: fn(&mut Session, &str) -> Outcome,
    /// Tab completion of a typed line.
    pub complete: fn(&Session, &str) -> Completion,
    /// Installs a service's documented model from its file's text (crate::models fetches them
    /// once the chunk is here: only the terminal reads them).
    pub install_model: fn(&str, &str) -> Result<(), String>,
}

thread_local! {
    static LOADED: Cell<Option<&'static Cli>> = const { Cell::new(None) };
}

/// The chunk could not be fetched or instantiated (the page is offline, say): nothing is
/// kept, and the next [`load`] tries again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadFailed;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for LoadFailed {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> LoadFailed {
        LoadFailed
    }
}

/// The split point: everything reachable only from here is the chunk. `fallible`: a failed
/// load is an `Err`, where without it the loader would panic and take the page down.
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(cli, fallible))]
fn entry() -> Result<&'static Cli, LoadFailed> {
    static CLI: Cli = Cli {
        run_line: Session::run_line,
        complete: kumo_cli::complete::complete,
        install_model: kumo_cli::models::install,
    };
    Ok(&CLI)
}

/// Loads the chunk and keeps it for [`loaded`].
pub async fn load() -> Result<&'static Cli, LoadFailed> {
    if let Some(cli) = loaded() {
        return Ok(cli);
    }
    #[cfg(feature = "split")]
    let cli = entry().await?;
    #[cfg(not(feature = "split"))]
    let cli = entry()?;
    LOADED.with(|l| l.set(Some(cli)));
    Ok(cli)
}

/// The chunk, once [`load`] has brought it; without the `split` feature there is no chunk
/// to wait for.
pub fn loaded() -> Option<&'static Cli> {
    #[cfg(not(feature = "split"))]
    if let Ok(cli) = entry() {
        return Some(cli);
    }
    LOADED.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without the split the chunk is the CLI itself, there from the start.
    #[test]
    fn the_chunk_runs_lines() {
        assert!(loaded().is_some());
        let cli = ready(load()).expect("loads");
        let mut session = Session::new(1, kumo_sim::Profile::Current);
        let outcome = (cli.run_line)(&mut session, "aws sts get-caller-identity --output text");
        assert_eq!(outcome.exit, 0, "{}", outcome.stderr);
        assert!(outcome.stdout.contains("arn:aws:iam::"), "{}", outcome.stdout);
        assert!(!(cli.complete)(&session, "aws ec2 describe-inst").candidates.is_empty());
    }

    /// `load` never waits natively: its future is ready at the first poll.
    fn ready<F: std::future::Future>(f: F) -> F::Output {
        use std::task::{Context, Poll, Waker};
        let mut f = std::pin::pin!(f);
        match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("the native load waited"),
        }
    }
}
