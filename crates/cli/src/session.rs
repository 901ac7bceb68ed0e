//! A terminal session: one world, the current account, Region and output format, and the
//! dispatch of typed lines to `aws`, `sim` and the few shell built-ins.

use kumo_sim::storage::Disk;
use serde::{Deserialize, Serialize};

use kumo_sim::ec2::Instance;
use kumo_sim::ids::AccountId;
use kumo_sim::save::LoadError;
use kumo_sim::{Command, Profile, Region, Reply, Scope, Sim, Timestamp};

use crate::lexer;
use crate::parse::{self, AwsRequest, CliError, OutputFormat};
use crate::render;
use crate::say;
use crate::words::{Lang, text};

/// Exit statuses of the AWS CLI v2: 252 for command-line errors, 254 when the service
/// returned an error, 255 for other failures (AWS CLI "Return codes").
pub mod exit {
    pub const OK: i32 = 0;
    pub const USAGE: i32 = 252;
    pub const SERVICE: i32 = 254;
    pub const OTHER: i32 = 255;
    pub const NOT_FOUND: i32 = 127;
    pub const SANDBOX: i32 = 2;
}

/// What one line printed, and how it ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub exit: i32,
    /// The terminal should clear its scrollback (`clear`).
    pub clear: bool,
}

impl Outcome {
    pub(crate) fn out(text: String) -> Outcome {
        Outcome { stdout: text, ..Outcome::default() }
    }
    pub(crate) fn err(text: String, exit: i32) -> Outcome {
        Outcome { stderr: text, exit, ..Outcome::default() }
    }
    /// Everything the line printed, stdout first.
    pub fn text(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// One `aws` call as the fidelity check sees it ([`Session::run_aws_line_traced`]).
#[derive(Debug, Clone)]
pub struct Trace {
    pub service: &'static str,
    pub action: &'static str,
    /// The response document, before `--query`.
    pub document: serde_json::Value,
    pub query: Option<String>,
    pub output: OutputFormat,
}

/// How a response is printed: `--output` and `--query`, by `print`: [`print`] for a typed
/// line, [`print_json`] for a form (which neither takes), so that the first load of the page
/// carries neither the other formatters nor JMESPath.
#[derive(Clone, Copy)]
struct Render<'a> {
    print: fn(&serde_json::Value, Render<'_>, &str) -> Outcome,
    output: OutputFormat,
    query: Option<&'a crate::query::Query>,
    /// The terminal's width in columns ([`Session::columns`]).
    columns: usize,
}

/// A learner's session: the world and the terminal's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub sim: Sim,
    pub region: Region,
    pub account: AccountId,
    /// The default output format: JSON, the AWS CLI's own without a config file. No command
    /// sets another (`--output` is per line), and a form's response always prints as JSON.
    pub output: OutputFormat,
    /// The learner's own machine (`file://` reads it, `sim file` writes it).
    pub files: Disk,
    /// The terminal's width in columns, which `--output table` lays out for as the AWS CLI
    /// does for a real terminal (80, the CLI's width off a terminal, until the page measures
    /// its own). Not saved: it is the page's, not the world's.
    #[serde(skip, default = "default_columns")]
    pub columns: usize,
    /// The language of the sandbox's own words (crate::words): the page's. Not saved either.
    #[serde(skip)]
    pub lang: Lang,
}

fn default_columns() -> usize {
    render::table::TERMINAL_WIDTH
}

/// The narrowest and widest terminal the table formatter is given.
pub const COLUMNS: std::ops::RangeInclusive<usize> = 20..=500;

#[derive(Serialize)]
struct SavedSession<'a> {
    format: &'static str,
    version: u32,
    region: Region,
    account: &'a AccountId,
    output: OutputFormat,
    files: &'a Disk,
    world: serde_json::Value,
}

#[derive(Deserialize)]
struct LoadedSession {
    region: Region,
    account: AccountId,
    output: OutputFormat,
    /// Saves from before the learner's machine had files load with an empty home.
    #[serde(default = "crate::files::home")]
    files: Disk,
    world: serde_json::Value,
}

pub const SESSION_FORMAT: &str = "kumo-session";
pub const SESSION_VERSION: u32 = 1;

impl Session {
    pub fn new(seed: u64, profile: Profile) -> Session {
        Session {
            sim: Sim::new(seed, profile),
            region: Region::UsEast1,
            account: AccountId::learner(),
            output: OutputFormat::Json,
            files: crate::files::home(),
            columns: default_columns(),
            lang: Lang::En,
        }
    }

    pub fn scope(&self) -> Scope {
        Scope::new(self.account.clone(), self.region)
    }

    pub fn now(&self) -> Timestamp {
        self.sim.now()
    }

    /// The session as JSON text: the world snapshot plus the terminal's defaults.
    pub fn save(&self) -> String {
        let world = serde_json::from_str(&self.sim.save()).unwrap_or(serde_json::Value::Null);
        let saved = SavedSession {
            format: SESSION_FORMAT,
            version: SESSION_VERSION,
            region: self.region,
            account: &self.account,
            output: self.output,
            files: &self.files,
            world,
        };
        serde_json::to_string(&saved).unwrap_or_default()
    }

    /// Restores a saved session; a broken one gives a clear error and the caller keeps the text.
    pub fn load(text: &str) -> Result<Session, LoadError> {
        let value = kumo_sim::save::check_header(text, SESSION_FORMAT, SESSION_VERSION)?;
        let loaded: LoadedSession = serde_json::from_value(value).map_err(|e| LoadError::Damaged(e.to_string()))?;
        let sim = Sim::load(&loaded.world.to_string())?;
        if !sim.world().accounts.contains_key(&loaded.account) {
            return Err(LoadError::Damaged(format!("unknown account {}", loaded.account)));
        }
        if let Some(bad) = crate::files::damage(&loaded.files) {
            return Err(LoadError::Damaged(format!("the learner's files: {bad}")));
        }
        Ok(Session {
            sim,
            region: loaded.region,
            account: loaded.account,
            output: loaded.output,
            files: loaded.files,
            columns: default_columns(),
            lang: Lang::En,
        })
    }

    /// Runs one typed line.
    pub fn run_line(&mut self, line: &str) -> Outcome {
        let lang = self.lang;
        let words = match lexer::split(line) {
            Ok(w) => w,
            Err(e) => return Outcome::err(format!("kumo: syntax error: {e}\n"), exit::SANDBOX),
        };
        let Some(first) = words.first() else { return Outcome::default() };
        if first.starts_with('#') {
            return Outcome::default();
        }
        match first.as_str() {
            "aws" => self.run_aws(&words[1..], false).0,
            "sim" => match self.expand_placeholders(&words[1..]) {
                Ok(w) => crate::sandbox::run(self, &w),
                Err(msg) => Outcome::err(format!("kumo: {msg}\n"), exit::SANDBOX),
            },
            "clear" => Outcome { clear: true, ..Outcome::default() },
            "help" => Outcome::out(crate::help::overview(lang)),
            other => Outcome::err(
                format!("kumo: {other}: command not found\n{}\n", text(lang, "session.not_found_hint")),
                exit::NOT_FOUND,
            ),
        }
    }

    /// Runs a request built by a form, printing what `aws` would print for it.
    pub fn run_command(&mut self, command: Command) -> Outcome {
        self.run_command_with_reply(command).0
    }

    /// Like [`Session::run_command`], also giving the typed reply, for forms that show more
    /// than the printed text (the private key of a new key pair, for one).
    pub fn run_command_with_reply(&mut self, command: Command) -> (Outcome, Option<Reply>) {
        let scope = self.scope();
        let action = command.action();
        let how = Render { print: print_json, output: self.output, query: None, columns: self.columns };
        self.execute(&scope, command, action, how, false)
    }

    /// Runs one `aws …` line and also gives what the fidelity check compares with the AWS CLI:
    /// the response document before `--query`, the query and the format it was printed in.
    pub fn run_aws_line_traced(&mut self, line: &str) -> (Outcome, Option<Trace>) {
        match lexer::split(line) {
            Ok(words) if words.first().is_some_and(|w| w == "aws") => self.run_aws(&words[1..], true),
            _ => (self.run_line(line), None),
        }
    }

    /// `traced`: also give the [`Trace`] (the document is built a second time for it).
    fn run_aws(&mut self, words: &[String], traced: bool) -> (Outcome, Option<Trace>) {
        let untraced = |o: Outcome| (o, None);
        let words = match self.expand_placeholders(words) {
            Ok(w) => w,
            Err(msg) => return untraced(Outcome::err(format!("kumo: {msg}\n"), exit::USAGE)),
        };
        let (globals, request) = match parse::parse_aws_in(&words, Some(&self.files)) {
            Ok(r) => r,
            Err(e) => {
                let code = match e {
                    CliError::NotInSandbox(_)
                    | CliError::Usage(_)
                    | CliError::Param { .. }
                    | CliError::Validation(_)
                    | CliError::Query(_) => exit::USAGE,
                    CliError::General(_) => exit::OTHER,
                };
                return untraced(Outcome::err(e.in_lang(self.lang), code));
            }
        };
        let region = match &globals.region {
            None => self.region,
            Some(code) => match Region::from_code(code) {
                Some(r) => r,
                None => {
                    return untraced(Outcome::err(
                        format!(
                            "\nCould not connect to the endpoint URL: \"https://ec2.{code}.amazonaws.com/\"\nkumo: {}\n",
                            text(self.lang, "session.regions")
                        ),
                        exit::OTHER,
                    ));
                }
            },
        };
        let account = match &globals.profile {
            None => self.account.clone(),
            Some(p) => match profile_account(p) {
                Some(a) => a,
                None => {
                    return untraced(Outcome::err(
                        format!(
                            "\nThe config profile ({p}) could not be found\nkumo: {}\n",
                            text(self.lang, "session.profiles")
                        ),
                        exit::OTHER,
                    ));
                }
            },
        };
        let output = globals.output.unwrap_or(self.output);
        match request {
            AwsRequest::Help { service, operation } => {
                untraced(Outcome::out(crate::help::aws(self.lang, service.as_deref(), operation)))
            }
            AwsRequest::Call { service, operation, command, dry_run, paging } => {
                let scope = Scope::new(account, region);
                // The expression compiled when the line was parsed; compiling it again is cheap.
                let query = match globals.query.as_deref().map(crate::query::Query::compile).transpose() {
                    Ok(q) => q,
                    Err(e) => return untraced(Outcome::err(format!("\n{e}\n"), exit::USAGE)),
                };
                let how = Render { print, output, query: query.as_ref(), columns: self.columns };
                // The document a trace shows is the one printed: all pages' for a paginated call.
                let (outcome, document) = match paging {
                    Some(paging) if !dry_run => self.execute_pages(&scope, command, operation.action, how, &paging),
                    _ => {
                        let (outcome, reply) = self.execute(&scope, command, operation.action, how, dry_run);
                        (outcome, reply.filter(|_| traced).map(|r| self.document(&r, &scope)))
                    }
                };
                let trace = document.filter(|_| traced).map(|document| Trace {
                    service,
                    action: operation.action,
                    document,
                    query: globals.query.clone(),
                    output,
                });
                (outcome, trace)
            }
        }
    }

    /// A paginated operation, as the AWS CLI runs it: every page, printed as one result.
    fn execute_pages(
        &mut self,
        scope: &Scope,
        command: Command,
        action: &str,
        how: Render<'_>,
        paging: &crate::by_model::Paging,
    ) -> (Outcome, Option<serde_json::Value>) {
        let result = crate::by_model::paginate(&command, paging, |request| {
            let reply = self.sim.apply(scope, request)?;
            Ok::<_, kumo_sim::ApiError>(self.document(&reply, scope))
        });
        let doc = match result {
            Ok(Ok(doc)) => doc,
            Ok(Err(message)) => return (Outcome::err(format!("\n{message}\n"), exit::OTHER), None),
            Err(e) => return (service_error(action, &e), None),
        };
        ((how.print)(&doc, how, action), Some(doc))
    }

    fn execute(
        &mut self,
        scope: &Scope,
        command: Command,
        action: &str,
        how: Render<'_>,
        dry_run: bool,
    ) -> (Outcome, Option<Reply>) {
        if dry_run {
            // DryRun: the request is checked against a copy of the world and never applied.
            let mut trial = self.sim.clone();
            let outcome = match trial.apply(scope, command) {
                Ok(_) => Outcome::err(
                    format!(
                        "\nAn error occurred (DryRunOperation) when calling the {action} operation: Request would have succeeded, but DryRun flag is set.\n"
                    ),
                    exit::SERVICE,
                ),
                Err(e) => service_error(action, &e),
            };
            return (outcome, None);
        }
        match self.sim.apply(scope, command) {
            Ok(reply) => {
                let doc = self.document(&reply, scope);
                ((how.print)(&doc, how, action), Some(reply))
            }
            Err(e) => (service_error(action, &e), None),
        }
    }

    /// The AWS-shaped response document for a reply (built by the services).
    pub fn document(&self, reply: &Reply, scope: &Scope) -> serde_json::Value {
        let mut doc = kumo_sim::response::document(self.sim.world(), scope, reply);
        if let Reply::Iam(_) = reply {
            crate::by_model::after_call("iam", &mut doc);
        }
        doc
    }

    /// `{i:NAME}` → the id of the instance tagged `Name=NAME` (the newest one, preferring
    /// instances that are not terminated); `{vol:NAME}` → the newest volume tagged so;
    /// `{ami:NAME}` → a catalogue image whose name starts with NAME, else the custom image
    /// (own or shared) named NAME; formerly `{ami:PREFIX}` → the catalogue image whose name starts
    /// with PREFIX; `{token:TOPIC}` → the token of the newest confirmation mail for topic TOPIC;
    /// `{sub:TOPIC}` → the ARN of its newest confirmed subscription. Lessons and scripts name
    /// resources, never generated ids.
    pub(crate) fn expand_placeholders(&self, words: &[String]) -> Result<Vec<String>, String> {
        let region = words
            .iter()
            .position(|w| w == "--region")
            .and_then(|i| words.get(i + 1))
            .and_then(|r| Region::from_code(r))
            .unwrap_or(self.region);
        // `--profile partner` names the partner's resources.
        let account = words
            .iter()
            .position(|w| w == "--profile")
            .and_then(|i| words.get(i + 1))
            .and_then(|p| profile_account(p))
            .unwrap_or_else(|| self.account.clone());
        let scope = Scope::new(account.clone(), region);
        // CopyImage and CopySnapshot name their source in --source-region: a name not found in the Region of
        // the call is looked up there.
        let source = words
            .iter()
            .position(|w| w == "--source-region")
            .and_then(|i| words.get(i + 1))
            .and_then(|r| Region::from_code(r))
            .map(|r| Scope::new(account.clone(), r));
        words
            .iter()
            .map(|w| match (self.expand_word(w, &scope), &source) {
                (Err(_), Some(src)) => self.expand_word(w, src),
                (result, _) => result,
            })
            .collect()
    }

    fn expand_word(&self, word: &str, scope: &Scope) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = word;
        while let Some(start) = rest.find('{') {
            let tail = &rest[start..];
            let (kind, after) = if let Some(a) = tail.strip_prefix("{i:") {
                ("i", a)
            } else if let Some(a) = tail.strip_prefix("{ami:") {
                ("ami", a)
            } else if let Some(a) = tail.strip_prefix("{vol:") {
                ("vol", a)
            } else if let Some(a) = tail.strip_prefix("{snap:") {
                ("snap", a)
            } else if let Some(a) = tail.strip_prefix("{token:") {
                ("token", a)
            } else if let Some(a) = tail.strip_prefix("{sub:") {
                ("sub", a)
            } else {
                out.push_str(&rest[..=start]);
                rest = &rest[start + 1..];
                continue;
            };
            let Some(end) = after.find('}') else {
                out.push_str(rest);
                return Ok(out);
            };
            let name = &after[..end];
            out.push_str(&rest[..start]);
            out.push_str(&self.resolve(kind, name, scope)?);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn resolve(&self, kind: &str, name: &str, scope: &Scope) -> Result<String, String> {
        let (lang, region) = (self.lang, scope.region);
        if kind == "ami" {
            // A catalogue image by name prefix, else a custom image (own or visible) by name.
            let catalogue =
                kumo_sim::catalog::public_images(scope.region).into_iter().find(|i| i.name.starts_with(name));
            if let Some(i) = catalogue {
                return Ok(i.id.to_string());
            }
            return self
                .sim
                .world()
                .accounts
                .values()
                .filter_map(|a| a.regions.get(&scope.region))
                .flat_map(|r| r.images.values())
                .find(|i| i.name == name && i.can_launch(&scope.account))
                .map(|i| i.id.to_string())
                .ok_or_else(|| say!(lang, "ref.no_image", name = name, region = region));
        }
        if kind == "snap" {
            // The caller's own snapshot first, else one shared with it; the newest of either.
            return self
                .sim
                .world()
                .accounts
                .values()
                .filter_map(|a| a.regions.get(&scope.region))
                .flat_map(|r| r.snapshots.values())
                .filter(|s| s.name() == Some(name) && s.can_restore(&scope.account))
                .max_by_key(|s| (s.owner == scope.account, s.start_time))
                .map(|s| s.id.to_string())
                .ok_or_else(|| say!(lang, "ref.no_snapshot", name = name, region = region));
        }
        let topic_arn = format!("arn:aws:sns:{}:{}:{name}", scope.region.code(), scope.account.as_str());
        if kind == "token" {
            // The token of the newest confirmation mail for the topic: what its link carries.
            return self
                .sim
                .world()
                .accounts
                .get(&scope.account)
                .and_then(|a| a.mail.iter().rev().find_map(|m| m.confirm.as_ref().filter(|(t, _)| *t == topic_arn)))
                .map(|(_, token)| token.clone())
                .ok_or_else(|| say!(lang, "ref.no_token", name = name));
        }
        let rs = self.sim.world().region(scope).ok_or_else(|| text(lang, "ref.unknown_region").to_string())?;
        if kind == "sub" {
            return rs
                .subscriptions
                .values()
                .filter(|s| s.topic_arn == topic_arn && s.confirmed)
                .max_by_key(|s| s.created)
                .map(|s| s.arn.clone())
                .ok_or_else(|| say!(lang, "ref.no_subscription", name = name, region = region));
        }
        if kind == "vol" {
            return rs
                .volumes
                .values()
                .filter(|v| v.name() == Some(name))
                .max_by_key(|v| v.create_time)
                .map(|v| v.id.to_string())
                .ok_or_else(|| say!(lang, "ref.no_volume", name = name, region = region));
        }
        let mut named: Vec<&Instance> =
            rs.instances_in_launch_order().into_iter().filter(|i| i.name() == Some(name)).collect();
        kumo_sim::sort::by_key(&mut named, |i| (i.state != kumo_sim::ec2::InstanceState::Terminated, i.launch_seq));
        named
            .last()
            .map(|i| i.id.to_string())
            .ok_or_else(|| say!(lang, "ref.no_instance", name = name, region = region))
    }
}

/// Maps `--profile` to an account: the sandbox has two named profiles.
pub fn profile_account(profile: &str) -> Option<AccountId> {
    match profile {
        "default" | "learner" | "123456789012" => Some(AccountId::learner()),
        "partner" | "111122223333" => Some(AccountId::partner()),
        _ => None,
    }
}

/// A response document through `--query` and the output format. The request was made; a
/// query that fails at run time fails only the printing, as on AWS.
fn print(doc: &serde_json::Value, how: Render<'_>, action: &str) -> Outcome {
    let printed = match how.query {
        None => Ok(render::format_for(doc, how.output, action, how.columns)),
        Some(q) => q.search(doc).map(|v| render::format_for(&v, how.output, action, how.columns)),
    };
    match printed {
        Ok(text) => Outcome::out(text),
        Err(e) => Outcome::err(format!("\n{e}\n"), exit::OTHER),
    }
}

/// A form's response, as the AWS CLI prints it without `--output` or `--query`: JSON, the
/// session's format (no command sets another; the AWS CLI's own default).
fn print_json(doc: &serde_json::Value, _how: Render<'_>, _action: &str) -> Outcome {
    Outcome::out(render::format_json(doc))
}

fn service_error(action: &str, e: &kumo_sim::ApiError) -> Outcome {
    Outcome::err(
        format!("\nAn error occurred ({}) when calling the {action} operation: {e}\n", e.code()),
        exit::SERVICE,
    )
}
