//! `aws …` words → a typed request, with the AWS CLI's own client-side errors.
//!
//! What the AWS CLI rejects before sending (unknown option, missing argument, bad shorthand,
//! parameter validation) is rejected here; what the service rejects comes from `kumo-sim`.

use serde_json::Value;
use std::collections::BTreeMap;

use kumo_sim::Command;

use crate::shorthand::parse_value;
use crate::spec::{self, Kind, Operation};
use crate::words::{Lang, Said};

/// `--output` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    Json,
    Text,
    Table,
    Yaml,
    #[serde(rename = "yaml-stream")]
    YamlStream,
}

impl OutputFormat {
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Json => "json",
            OutputFormat::Text => "text",
            OutputFormat::Table => "table",
            OutputFormat::Yaml => "yaml",
            OutputFormat::YamlStream => "yaml-stream",
        }
    }
}

/// Global options, which the AWS CLI accepts anywhere on the line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Globals {
    pub region: Option<String>,
    pub output: Option<OutputFormat>,
    pub profile: Option<String>,
    /// `--query`, checked to compile ([`crate::query::Query`]).
    pub query: Option<String>,
}

/// A parsed `aws` line.
#[derive(Debug, Clone, PartialEq)]
pub enum AwsRequest {
    /// A call of one operation of a modelled service.
    Call {
        service: &'static str,
        operation: &'static Operation,
        command: Command,
        dry_run: bool,
        /// The AWS CLI's paging options, for an operation it paginates.
        paging: Option<Box<crate::by_model::Paging>>,
    },
    /// `aws help`, `aws <service> help`, `aws <service> <op> help`.
    Help { service: Option<String>, operation: Option<&'static Operation> },
}

/// A client-side error: printed, exit status 252 like the AWS CLI v2's usage errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliError {
    /// `aws: error: …`, followed by the usage lines.
    Usage(String),
    /// `Error parsing parameter '--x': …`
    Param { name: String, message: String },
    /// `Parameter validation failed:` + details (botocore's validator).
    Validation(Vec<String>),
    /// `Bad value for --query …`: the expression does not compile.
    Query(String),
    /// A real command the sandbox does not model yet: said plainly, never faked.
    NotInSandbox(Said),
    /// An error the AWS CLI raises while building the request (a customization's
    /// `ValueError`): printed as its message alone, exit status 255 (awscli clidriver).
    General(String),
}

pub const USAGE: &str = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Usage(msg) => write!(f, "\naws: error: {msg}\n\n{USAGE}"),
            CliError::Param { name, message } => write!(f, "\nError parsing parameter '--{name}': {message}\n"),
            CliError::Validation(lines) => write!(f, "\nParameter validation failed:\n{}\n", lines.join("\n")),
            CliError::Query(msg) => write!(f, "\n{msg}\n"),
            CliError::NotInSandbox(said) => writeln!(f, "kumo: {said}"),
            CliError::General(msg) => write!(f, "\n{msg}\n"),
        }
    }
}

impl CliError {
    /// As printed: the sandbox's own words in `lang`, AWS's as the AWS CLI prints them.
    pub fn in_lang(&self, lang: Lang) -> String {
        match self {
            CliError::NotInSandbox(said) => format!("kumo: {}\n", said.in_lang(lang)),
            other => other.to_string(),
        }
    }
}

/// A parameter's raw value, before conversion to the request's typed members.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Raw {
    Str(String),
    Bytes(Vec<u8>),
    Int(u32),
    Float(f64),
    List(Vec<String>),
    Bool(bool),
    Json(Value),
}

fn usage(msg: impl Into<String>) -> CliError {
    CliError::Usage(msg.into())
}

/// Pulls the global options out of `words`; what remains is service, operation and parameters.
fn take_globals(words: &[String]) -> Result<(Globals, Vec<String>), CliError> {
    let mut g = Globals::default();
    let mut rest = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        let (name, inline) = match w.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (w.as_str(), None),
        };
        let value = |i: &mut usize| -> Result<String, CliError> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            *i += 1;
            words
                .get(*i)
                .filter(|v| !v.starts_with("--"))
                .cloned()
                .ok_or_else(|| usage(format!("argument {name}: expected one argument")))
        };
        match name {
            "--region" => g.region = Some(value(&mut i)?),
            "--profile" => g.profile = Some(value(&mut i)?),
            "--output" => {
                let v = value(&mut i)?;
                g.output = Some(match v.as_str() {
                    "json" => OutputFormat::Json,
                    "text" => OutputFormat::Text,
                    "table" => OutputFormat::Table,
                    "yaml" => OutputFormat::Yaml,
                    "yaml-stream" => OutputFormat::YamlStream,
                    other => {
                        return Err(usage(format!(
                            "argument --output: Found invalid choice '{other}'\n\nValid choices are: json, text, table, yaml, yaml-stream"
                        )));
                    }
                });
            }
            "--no-cli-pager" | "--no-paginate" | "--no-cli-auto-prompt" => {}
            "--query" => {
                let q = value(&mut i)?;
                crate::query::Query::compile(&q).map_err(CliError::Query)?;
                g.query = Some(q);
            }
            "--endpoint-url" | "--cli-input-json" | "--generate-cli-skeleton" => {
                return Err(CliError::NotInSandbox(Said::new("notin.option").with("option", name)));
            }
            _ => rest.push(w.clone()),
        }
        i += 1;
    }
    Ok((g, rest))
}

/// Parses the words after `aws`, on a machine with no files.
pub fn parse_aws(words: &[String]) -> Result<(Globals, AwsRequest), CliError> {
    parse_aws_in(words, None)
}

/// Parses the words after `aws`; `file://` and `fileb://` values read from `files`, the
/// learner's machine ([`crate::files`]).
pub fn parse_aws_in(
    words: &[String],
    files: Option<&kumo_sim::storage::Disk>,
) -> Result<(Globals, AwsRequest), CliError> {
    let (globals, rest) = take_globals(words)?;
    let Some(service) = rest.first() else {
        return Err(usage("the following arguments are required: command"));
    };
    if service == "help" {
        return Ok((globals, AwsRequest::Help { service: None, operation: None }));
    }
    if service.starts_with("--") {
        return Err(usage(format!("Unknown options: {service}")));
    }
    let modelled = || spec::services().iter().map(|s| s.name);
    let Some(svc) = spec::service(service) else {
        let known = modelled().chain(spec::SERVICES_NOT_YET.iter().copied());
        let close = spec::suggestions(service, known.clone());
        // A near miss of a service name is a typo: answer as the AWS CLI does. Any other word
        // may well be a real AWS service the sandbox lacks, so say that instead.
        if !spec::SERVICES_NOT_YET.contains(&service.as_str()) && !close.is_empty() {
            return Err(invalid_choice("command", service, known));
        }
        return Err(CliError::NotInSandbox(
            Said::new("notin.service")
                .with("service", service)
                .with("services", modelled().collect::<Vec<_>>().join(", ")),
        ));
    };
    let Some(op_name) = rest.get(1) else {
        return Err(usage("the following arguments are required: operation"));
    };
    if op_name == "help" {
        return Ok((globals, AwsRequest::Help { service: Some(svc.name.into()), operation: None }));
    }
    let Some(operation) = svc.operations.iter().find(|o| o.name == op_name) else {
        if svc.not_yet.contains(&op_name.as_str()) {
            return Err(CliError::NotInSandbox(
                Said::new("notin.command").with("service", svc.name).with("operation", op_name),
            ));
        }
        let all = svc.operations.iter().map(|o| o.name).chain(svc.not_yet.iter().copied());
        return Err(invalid_choice("operation", op_name, all));
    };
    if rest.get(2).is_some_and(|w| w == "help") {
        return Ok((globals, AwsRequest::Help { service: Some(svc.name.into()), operation: Some(operation) }));
    }
    if let Some(e) = crate::by_model::unmodelled_option(svc.name, operation, &rest[2..]) {
        return Err(e);
    }
    let (raw, dry_run) = collect_params(operation, &rest[2..], files)?;
    let (command, paging) = crate::by_model::build(svc.name, operation, raw)?;
    Ok((globals, AwsRequest::Call { service: svc.name, operation, command, dry_run, paging }))
}

fn invalid_choice<'a>(what: &str, word: &str, choices: impl IntoIterator<Item = &'a str>) -> CliError {
    let close = spec::suggestions(word, choices);
    let mut msg = format!("argument {what}: Found invalid choice '{word}'\n");
    if !close.is_empty() {
        msg.push_str("\nMaybe you meant:\n\n");
        for c in close {
            msg.push_str(&format!("  * {c}\n"));
        }
    }
    CliError::Usage(msg.trim_end().to_string())
}

/// Reads `--name value…` pairs against the operation's parameter list.
fn collect_params(
    op: &Operation,
    words: &[String],
    files: Option<&kumo_sim::storage::Disk>,
) -> Result<(BTreeMap<&'static str, Raw>, bool), CliError> {
    let mut raw = BTreeMap::new();
    let mut dry_run = false;
    let mut unknown: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        let Some(flag) = w.strip_prefix("--") else {
            unknown.push(w.clone());
            continue;
        };
        let (flag, inline) = match flag.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (flag, None),
        };
        if op.dry_run && (flag == "dry-run" || flag == "no-dry-run") {
            dry_run = flag == "dry-run";
            continue;
        }
        let (param, negated) = match op.param(flag) {
            Some(p) => (p, false),
            None => {
                // `--no-x` negates `--x`, under the AWS CLI's renames (`--enable-api-termination`,
                // `--reboot`); the renamed-away forms are unknown, as in the CLI.
                match op.params.iter().find(|p| p.kind == Kind::Bool && spec::negative_flag(p.name) == flag) {
                    Some(p) => (p, true),
                    None => {
                        unknown.push(w.clone());
                        continue;
                    }
                }
            }
        };
        // Values run until the next `--option`.
        let mut values: Vec<String> = inline.into_iter().collect();
        while i < words.len() && !words[i].starts_with("--") {
            values.push(words[i].clone());
            i += 1;
        }
        let name = param.name;
        // A lone value naming a file is replaced by the file's content (awscli paramfile.py;
        // a list of one value counts as the value); fileb:// of a blob is its bytes as they are.
        let mut file_bytes = None;
        if let [one] = values.as_slice()
            && (one.starts_with("file://") || one.starts_with("fileb://"))
        {
            let empty = crate::files::home();
            match crate::files::load(files.unwrap_or(&empty), one) {
                None => {}
                Some(Err(message)) => return Err(CliError::Param { name: name.into(), message }),
                Some(Ok(crate::files::Loaded::Text(text))) => values = vec![text],
                Some(Ok(crate::files::Loaded::Bytes(bytes))) if param.kind == Kind::Blob => file_bytes = Some(bytes),
                Some(Ok(crate::files::Loaded::Bytes(bytes))) => {
                    values = vec![String::from_utf8_lossy(&bytes).into_owned()];
                }
            }
        }
        if let Some(bytes) = file_bytes {
            raw.insert(name, Raw::Bytes(bytes));
            continue;
        }
        let value = match param.kind {
            Kind::Bool => {
                unknown.extend(values);
                Raw::Bool(!negated)
            }
            Kind::Int => {
                if values.is_empty() {
                    return Err(usage(format!("argument --{name}: expected one argument")));
                }
                let first = values.remove(0);
                unknown.extend(values);
                Raw::Int(
                    first
                        .trim()
                        .parse()
                        .map_err(|_| usage(format!("argument --{name}: invalid int value: '{first}'")))?,
                )
            }
            Kind::Float => {
                if values.is_empty() {
                    return Err(usage(format!("argument --{name}: expected one argument")));
                }
                let first = values.remove(0);
                unknown.extend(values);
                match first.trim().parse::<f64>() {
                    Ok(v) if v.is_finite() => Raw::Float(v),
                    _ => return Err(usage(format!("argument --{name}: invalid float value: '{first}'"))),
                }
            }
            Kind::Str | Kind::Struct(_) | Kind::Map(_) | Kind::Blob => {
                if values.is_empty() {
                    return Err(usage(format!("argument --{name}: expected one argument")));
                }
                let first = values.remove(0);
                unknown.extend(values);
                match param.kind {
                    Kind::Struct(_) | Kind::Map(_) => {
                        Raw::Json(parse_value(&first).map_err(|m| CliError::Param { name: name.into(), message: m })?)
                    }
                    // AWS CLI v2 reads blob parameters as base64 (cli_binary_format base64).
                    Kind::Blob => {
                        Raw::Bytes(kumo_sim::crypto::unbase64(&first).filter(|_| !first.trim().is_empty()).ok_or_else(
                            || CliError::Param { name: name.into(), message: format!("Invalid base64: \"{first}\"") },
                        )?)
                    }
                    _ => Raw::Str(first),
                }
            }
            Kind::StrList => {
                if values.is_empty() {
                    return Err(usage(format!("argument --{name}: expected at least one argument")));
                }
                // One value that starts with `[` is the list as JSON, as the AWS CLI reads it.
                match values.as_slice() {
                    [one] if one.trim_start().starts_with('[') => {
                        Raw::Json(parse_value(one).map_err(|m| CliError::Param { name: name.into(), message: m })?)
                    }
                    _ => Raw::List(values),
                }
            }
            Kind::StructList(_) => {
                if values.is_empty() {
                    return Err(usage(format!("argument --{name}: expected at least one argument")));
                }
                let mut items = Vec::new();
                for v in &values {
                    match parse_value(v).map_err(|m| CliError::Param { name: name.into(), message: m })? {
                        Value::Array(list) => items.extend(list),
                        other => items.push(other),
                    }
                }
                Raw::Json(Value::Array(items))
            }
        };
        raw.insert(name, value);
    }
    if !unknown.is_empty() {
        return Err(usage(format!("Unknown options: {}", unknown.join(", "))));
    }
    let missing: Vec<String> =
        op.params.iter().filter(|p| p.required && !raw.contains_key(p.name)).map(|p| format!("--{}", p.name)).collect();
    if !missing.is_empty() {
        return Err(usage(format!("the following arguments are required: {}", missing.join(", "))));
    }
    Ok((raw, dry_run))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kumo_sim::ec2::Request;
    use kumo_sim::ec2::api::StopInstances;

    fn words(s: &str) -> Vec<String> {
        crate::lexer::split(s).unwrap()
    }

    #[test]
    fn parses_lists_flags_and_shorthand() {
        let (_, req) = parse_aws(&words(
            "ec2 describe-instances --filters Name=instance-state-name,Values=running Name=tag:Name,Values=web",
        ))
        .unwrap();
        let AwsRequest::Call { command: Command::Ec2(r), .. } = req else { panic!() };
        let Request::DescribeInstances(r) = *r else { panic!() };
        let filters = r.filters.unwrap_or_default();
        assert_eq!(filters.len(), 2);
        assert_eq!(filters[1].values, ["web"]);
        let (g, req) =
            parse_aws(&words("--region us-west-2 ec2 stop-instances --instance-ids i-1 i-2 --force --output text"))
                .unwrap();
        assert_eq!(g.region.as_deref(), Some("us-west-2"));
        assert_eq!(g.output, Some(OutputFormat::Text));
        let AwsRequest::Call { command: Command::Ec2(r), .. } = req else { panic!() };
        assert!(matches!(*r, Request::StopInstances(StopInstances { force: Some(true), .. })));
    }

    #[test]
    fn client_side_errors_read_like_the_aws_clis() {
        let e = parse_aws(&words("ec2 stop-instances")).unwrap_err();
        assert!(e.to_string().contains("aws: error: the following arguments are required: --instance-ids"), "{e}");
        let e = parse_aws(&words("ec2 describe-instance")).unwrap_err();
        assert!(e.to_string().contains("Found invalid choice 'describe-instance'"), "{e}");
        assert!(e.to_string().contains("* describe-instances"), "{e}");
        let e = parse_aws(&words("ec2 describe-instances --bogus 1")).unwrap_err();
        assert!(e.to_string().contains("Unknown options: --bogus, 1"), "{e}");
        let e = parse_aws(&words("ec2 run-instances --placement Zone=x")).unwrap_err();
        assert!(e.to_string().contains("Unknown parameter in Placement: \"Zone\""), "{e}");
    }
}
