//! `kumo`: runs a script of terminal lines (a file, or standard input) through one session
//! and prints the transcript as it goes.

use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use kumo_cli::Session;
use kumo_cli::script::{self, Mode};
use kumo_cli::words::Lang;
use kumo_sim::Profile;

const USAGE: &str = "usage: kumo [--seed N] [--profile classic|current] [--load FILE] [--save FILE]\n\
            [--plain | --transcript] [--lang en|ja] [--quiet] [SCRIPT]\n\
Runs SCRIPT (or standard input) line by line and prints the transcript.\n\
  --load FILE    start from a saved session (the file the page's Export button writes)\n\
  --save FILE    write the session there when the script has run (the page can import it)\n\
  --plain        every line is a command (a leading '$ ' is dropped)\n\
  --transcript   only '$ ' lines are commands; the lines under them are old output\n\
  --lang ja      the sandbox's own words (help, sim replies) in Japanese; AWS's stay English\n\
  --quiet        print nothing (for timing)\n\
Without --plain or --transcript, a script that mixes '$ ' lines with other lines is refused.\n";

/// The exit status of a process that wrote to a closed pipe (128 + SIGPIPE), as a shell
/// reports for `head`'s writers.
const CLOSED_PIPE: u8 = 141;

struct Options {
    seed: u64,
    profile: Profile,
    quiet: bool,
    mode: Option<Mode>,
    path: Option<String>,
    load: Option<String>,
    save: Option<String>,
    lang: Option<Lang>,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        seed: 1,
        profile: Profile::Current,
        quiet: false,
        mode: None,
        path: None,
        load: None,
        save: None,
        lang: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => o.seed = args.next().and_then(|v| v.parse().ok()).ok_or("--seed needs a number")?,
            "--profile" => {
                o.profile =
                    args.next().and_then(|v| Profile::from_name(&v)).ok_or("--profile needs classic or current")?
            }
            "--load" => o.load = Some(args.next().ok_or("--load needs a file")?),
            "--save" => o.save = Some(args.next().ok_or("--save needs a file")?),
            "--plain" | "--transcript" => {
                let mode = if a == "--plain" { Mode::Plain } else { Mode::Transcript };
                if o.mode.is_some_and(|m| m != mode) {
                    return Err("--plain and --transcript exclude each other".into());
                }
                o.mode = Some(mode);
            }
            "--quiet" => o.quiet = true,
            "--lang" => o.lang = Some(args.next().and_then(|v| Lang::from_code(&v)).ok_or("--lang needs en or ja")?),
            other if o.path.is_none() && !other.starts_with("--") => o.path = Some(other.to_string()),
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    if std::env::args().skip(1).any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let o = match parse_args() {
        Ok(o) => o,
        Err(msg) => return usage_error(&msg),
    };
    let text = match &o.path {
        Some(p) => match std::fs::read_to_string(p) {
            Ok(s) => s,
            Err(e) => return failure(&format!("cannot read {p}: {e}")),
        },
        None => {
            let mut s = String::new();
            if let Err(e) = io::stdin().read_to_string(&mut s) {
                return failure(&format!("cannot read standard input: {e}"));
            }
            s
        }
    };
    let mode = match o.mode.map_or_else(|| script::detect_mode(&text), Ok) {
        Ok(m) => m,
        Err(ambiguous) => return failure(&ambiguous.to_string()),
    };
    let mut session = match &o.load {
        None => Session::new(o.seed, o.profile),
        Some(p) => match std::fs::read_to_string(p).map_err(|e| e.to_string()) {
            Ok(saved) => match Session::load(&saved) {
                Ok(s) => s,
                Err(e) => return failure(&format!("cannot load {p}: {e}")),
            },
            Err(e) => return failure(&format!("cannot read {p}: {e}")),
        },
    };

    // The flag, else the transcript's `# lang:` header, else English.
    session.lang = o.lang.unwrap_or_else(|| script::lang_of(&text));

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let quiet = o.quiet;
    let mut emit = |piece: &str| if quiet { Ok(()) } else { out.write_all(piece.as_bytes()) };
    let ran = script::run(&mut session, &text, mode, &mut emit).and_then(|()| out.flush());
    match ran {
        Ok(()) => {}
        // A reader that stopped reading (`kumo script | head`) ends the run quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return ExitCode::from(CLOSED_PIPE),
        Err(e) => return failure(&format!("cannot write the transcript: {e}")),
    }
    if let Some(p) = &o.save
        && let Err(e) = std::fs::write(p, session.save())
    {
        return failure(&format!("cannot write {p}: {e}"));
    }
    ExitCode::SUCCESS
}

fn failure(msg: &str) -> ExitCode {
    eprintln!("kumo: {msg}");
    ExitCode::from(2)
}

fn usage_error(msg: &str) -> ExitCode {
    eprint!("kumo: {msg}\n{USAGE}");
    ExitCode::from(2)
}
