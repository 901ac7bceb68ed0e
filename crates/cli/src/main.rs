//! `kumo`: runs a script of terminal lines (a file, or standard input) through one session
//! and prints the transcript.

use std::io::Read;
use std::process::ExitCode;

use kumo_cli::Session;
use kumo_sim::Profile;

const USAGE: &str = "usage: kumo [--seed N] [--profile classic|current] [--quiet] [SCRIPT]\n\
Runs SCRIPT (or standard input) line by line and prints the transcript.\n";

fn main() -> ExitCode {
    let mut seed = 1u64;
    let mut profile = Profile::Current;
    let mut quiet = false;
    let mut path = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => match args.next().and_then(|v| v.parse().ok()) {
                Some(s) => seed = s,
                None => return usage_error("--seed needs a number"),
            },
            "--profile" => match args.next().and_then(|v| Profile::from_name(&v)) {
                Some(p) => profile = p,
                None => return usage_error("--profile needs classic or current"),
            },
            "--quiet" => quiet = true,
            "-h" | "--help" => {
                print!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other if path.is_none() && !other.starts_with("--") => path = Some(other.to_string()),
            other => return usage_error(&format!("unexpected argument '{other}'")),
        }
    }
    let script = match &path {
        Some(p) => match std::fs::read_to_string(p) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("kumo: cannot read {p}: {e}");
                return ExitCode::from(2);
            }
        },
        None => {
            let mut s = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                eprintln!("kumo: cannot read standard input: {e}");
                return ExitCode::from(2);
            }
            s
        }
    };
    let mut session = Session::new(seed, profile);
    let transcript =
        kumo_cli::script::transcript(&mut session, &kumo_cli::script::script_of_transcript_or_plain(&script));
    if !quiet {
        print!("{transcript}");
    }
    ExitCode::SUCCESS
}

fn usage_error(msg: &str) -> ExitCode {
    eprint!("kumo: {msg}\n{USAGE}");
    ExitCode::from(2)
}
