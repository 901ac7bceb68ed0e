//! `aws …` words → a typed request, with the AWS CLI's own client-side errors.
//!
//! What the AWS CLI rejects before sending (unknown option, missing argument, bad shorthand,
//! parameter validation) is rejected here; what the service rejects comes from `kumo-sim`.

use serde_json::Value;
use std::collections::BTreeMap;

use kumo_sim::Command;
use kumo_sim::command::{
    Filter, InstanceAttributeChange, RegisterMapping, RunInstances, ShutdownBehavior, Tag, TagSpecification,
};
use kumo_sim::ec2::volumes::VolumeSpec;

use crate::shorthand::parse_value;
use crate::spec::{self, Kind, Operation};

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
    NotInSandbox(String),
}

pub const USAGE: &str = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Usage(msg) => write!(f, "\naws: error: {msg}\n\n{USAGE}"),
            CliError::Param { name, message } => write!(f, "\nError parsing parameter '--{name}': {message}\n"),
            CliError::Validation(lines) => write!(f, "\nParameter validation failed:\n{}\n", lines.join("\n")),
            CliError::Query(msg) => write!(f, "\n{msg}\n"),
            CliError::NotInSandbox(msg) => writeln!(f, "kumo: {msg}"),
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
                return Err(CliError::NotInSandbox(format!("{name} is not available in this sandbox yet.")));
            }
            _ => rest.push(w.clone()),
        }
        i += 1;
    }
    Ok((g, rest))
}

/// Parses the words after `aws`.
pub fn parse_aws(words: &[String]) -> Result<(Globals, AwsRequest), CliError> {
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
        return Err(CliError::NotInSandbox(format!(
            "'aws {service}' is not available in this sandbox yet. Available now: {}.",
            modelled().collect::<Vec<_>>().join(", ")
        )));
    };
    let Some(op_name) = rest.get(1) else {
        return Err(usage("the following arguments are required: operation"));
    };
    if op_name == "help" {
        return Ok((globals, AwsRequest::Help { service: Some(svc.name.into()), operation: None }));
    }
    let Some(operation) = svc.operations.iter().find(|o| o.name == op_name) else {
        if svc.not_yet.contains(&op_name.as_str()) {
            return Err(CliError::NotInSandbox(format!(
                "'aws {} {op_name}' is a real AWS CLI command that this sandbox does not model yet.",
                svc.name
            )));
        }
        let all = svc.operations.iter().map(|o| o.name).chain(svc.not_yet.iter().copied());
        return Err(invalid_choice("operation", op_name, all));
    };
    if rest.get(2).is_some_and(|w| w == "help") {
        return Ok((globals, AwsRequest::Help { service: Some(svc.name.into()), operation: Some(operation) }));
    }
    if crate::by_model::is_modelled(svc.name)
        && let Some(e) = crate::by_model::unmodelled_option(svc.name, operation, &rest[2..])
    {
        return Err(e);
    }
    let (raw, dry_run) = collect_params(operation, &rest[2..])?;
    let (command, paging) = if crate::by_model::is_modelled(svc.name) {
        crate::by_model::build(svc.name, operation, raw)?
    } else {
        (build(operation, raw)?, None)
    };
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
fn collect_params(op: &Operation, words: &[String]) -> Result<(BTreeMap<&'static str, Raw>, bool), CliError> {
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

/// Typed access to raw values, with botocore-style validation messages.
/// A permission attribute as the CLI spells it for one resource kind.
struct Permission {
    /// The structure parameter (`launch-permission`) and its shape name in messages.
    param: &'static str,
    shape: &'static str,
    /// The `--attribute` value and the parameter that lists groups.
    attribute: &'static str,
    groups: &'static str,
}

const IMAGE_PERMISSION: &Permission = &Permission {
    param: "launch-permission",
    shape: "LaunchPermission",
    attribute: "launchPermission",
    groups: "user-groups",
};

const SNAPSHOT_PERMISSION: &Permission = &Permission {
    param: "create-volume-permission",
    shape: "CreateVolumePermission",
    attribute: "createVolumePermission",
    groups: "group-names",
};

struct Args {
    raw: BTreeMap<&'static str, Raw>,
    problems: Vec<String>,
}

impl Args {
    fn str(&mut self, name: &str) -> Option<String> {
        match self.raw.remove(name)? {
            Raw::Str(s) => Some(s),
            _ => None,
        }
    }
    /// A required ISO 8601 time parameter (`--start-time 2026-04-01T10:00:00Z`).
    fn timestamp(&mut self, name: &str) -> Result<kumo_sim::Timestamp, CliError> {
        let text = self.str(name).unwrap_or_default();
        kumo_sim::time::parse(&text).ok_or_else(|| CliError::Param {
            name: name.into(),
            message: format!("Unable to parse timestamp: {text} (use ISO 8601, e.g. 2026-04-01T10:00:00Z)"),
        })
    }

    fn int(&mut self, name: &str) -> Option<u32> {
        match self.raw.remove(name)? {
            Raw::Int(n) => Some(n),
            _ => None,
        }
    }

    /// `--block-device-mappings DeviceName=…,Ebs={DeleteOnTermination=…}`: (device, flag).
    fn delete_on_termination(&mut self) -> Option<Vec<(String, bool)>> {
        let Value::Array(items) = self.json("block-device-mappings")? else { return None };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("BlockDeviceMappings[{i}]");
            if !self.check_members(&path, item, spec::BLOCK_DEVICE_MAPPING) {
                continue;
            }
            let device = self.member_str(&path, item, "DeviceName").unwrap_or_default();
            let Some(ebs) = item.get("Ebs") else { continue };
            let epath = format!("{path}.Ebs");
            if !self.check_members(&epath, ebs, &["DeleteOnTermination", "VolumeId"]) {
                continue;
            }
            match ebs.get("DeleteOnTermination") {
                Some(Value::Bool(b)) => out.push((device, *b)),
                Some(Value::String(s)) if s == "true" || s == "false" => out.push((device, s == "true")),
                Some(other) => self.problems.push(format!(
                    "Invalid type for parameter {epath}.DeleteOnTermination, value: {}, type: {}, valid types: <class 'bool'>",
                    py_repr(other),
                    py_type(other)
                )),
                None => {}
            }
        }
        Some(out)
    }

    /// RegisterImage `--block-device-mappings DeviceName=…,Ebs={SnapshotId=…,VolumeSize=…,…}`.
    fn image_mappings(&mut self) -> Vec<RegisterMapping> {
        let Some(Value::Array(items)) = self.json("block-device-mappings") else { return Vec::new() };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("BlockDeviceMappings[{i}]");
            if !self.check_members(&path, item, spec::BLOCK_DEVICE_MAPPING) {
                continue;
            }
            let device = self.member_str(&path, item, "DeviceName").unwrap_or_default();
            let Some(ebs) = item.get("Ebs") else { continue };
            let epath = format!("{path}.Ebs");
            if !self.check_members(
                &epath,
                ebs,
                &["SnapshotId", "VolumeSize", "VolumeType", "Iops", "DeleteOnTermination", "Encrypted"],
            ) {
                continue;
            }
            let snapshot = self.member_str(&epath, ebs, "SnapshotId").unwrap_or_default();
            let size = self.member_str(&epath, ebs, "VolumeSize").and_then(|v| v.parse().ok());
            let vtype = self.member_str(&epath, ebs, "VolumeType");
            let iops = self.member_str(&epath, ebs, "Iops").and_then(|v| v.parse().ok());
            let dot = self.member_str(&epath, ebs, "DeleteOnTermination").map(|v| v == "true");
            out.push(RegisterMapping {
                device,
                snapshot_id: snapshot,
                volume_size_gib: size,
                volume_type: vtype,
                iops,
                delete_on_termination: dot,
            });
        }
        out
    }

    /// `--launch-permission Add=[{UserId=…},{Group=all}],Remove=[…]`, or the older
    /// `--attribute launchPermission --operation-type add --user-ids … --user-groups all`.
    /// A permission attribute's `Add`/`Remove` lists, from its structure parameter or from
    /// `--attribute … --operation-type add|remove --user-ids … --<groups> …`.
    fn permission(&mut self, kind: &Permission) -> Result<(Vec<String>, Vec<String>), CliError> {
        let mut add = Vec::new();
        let mut remove = Vec::new();
        if let Some(v) = self.json(kind.param) {
            let shape = kind.shape;
            self.check_members(shape, &v, spec::LAUNCH_PERMISSION);
            for (key, out) in [("Add", &mut add), ("Remove", &mut remove)] {
                let Some(list) = v.get(key) else { continue };
                let Some(items) = list.as_array() else {
                    self.problems.push(format!("Invalid type for parameter {shape}.{key}, value: {}, type: {}, valid types: <class 'list'>, <class 'tuple'>", py_repr(list), py_type(list)));
                    continue;
                };
                for (i, item) in items.iter().enumerate() {
                    let path = format!("{shape}.{key}[{i}]");
                    if !self.check_members(&path, item, &["UserId", "Group"]) {
                        continue;
                    }
                    if let Some(u) = self.member_str(&path, item, "UserId") {
                        out.push(u);
                    }
                    if let Some(g) = self.member_str(&path, item, "Group") {
                        out.push(g);
                    }
                }
            }
        }
        let users = self.list("user-ids");
        let groups = self.list(kind.groups);
        let attribute = self.str("attribute");
        let op = self.str("operation-type");
        if !users.is_empty() || !groups.is_empty() || attribute.is_some() || op.is_some() {
            if attribute.as_deref().is_some_and(|a| a != kind.attribute) {
                return Err(CliError::NotInSandbox(format!(
                    "the sandbox models the {} attribute here.",
                    kind.attribute
                )));
            }
            match op.as_deref() {
                Some("add") => add.extend(users.into_iter().chain(groups)),
                Some("remove") => remove.extend(users.into_iter().chain(groups)),
                _ => {
                    return Err(usage(format!(
                        "argument --operation-type: expected add or remove with --user-ids / --{}",
                        kind.groups
                    )));
                }
            }
        }
        Ok((add, remove))
    }

    fn bytes(&mut self, name: &str) -> Vec<u8> {
        match self.raw.remove(name) {
            Some(Raw::Bytes(b)) => b,
            _ => Vec::new(),
        }
    }

    /// `--tag-specifications ResourceType=…,Tags=[…] …`
    fn tag_specifications(&mut self) -> Vec<TagSpecification> {
        let mut out = Vec::new();
        if let Some(Value::Array(items)) = self.json("tag-specifications") {
            for (i, item) in items.iter().enumerate() {
                let path = format!("TagSpecifications[{i}]");
                if !self.check_members(&path, item, spec::TAG_SPEC) {
                    continue;
                }
                let resource_type = self.member_str(&path, item, "ResourceType").unwrap_or_default();
                let tags = self.tags(&path, item);
                out.push(TagSpecification { resource_type, tags });
            }
        }
        out
    }

    fn list(&mut self, name: &str) -> Vec<String> {
        match self.raw.remove(name) {
            Some(Raw::List(l)) => l,
            Some(Raw::Json(Value::Array(items))) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
                .collect(),
            _ => Vec::new(),
        }
    }
    fn flag(&mut self, name: &str) -> Option<bool> {
        match self.raw.remove(name)? {
            Raw::Bool(b) => Some(b),
            _ => None,
        }
    }
    fn json(&mut self, name: &str) -> Option<Value> {
        match self.raw.remove(name)? {
            Raw::Json(v) => Some(v),
            _ => None,
        }
    }

    /// Checks an object's members against the shape's, as botocore's validator does.
    fn check_members(&mut self, path: &str, v: &Value, allowed: &[&str]) -> bool {
        let Some(obj) = v.as_object() else {
            self.problems.push(format!(
                "Invalid type for parameter {path}, value: {}, type: {}, valid types: <class 'dict'>",
                py_repr(v),
                py_type(v)
            ));
            return false;
        };
        for key in obj.keys() {
            if !allowed.contains(&key.as_str()) {
                self.problems
                    .push(format!("Unknown parameter in {path}: \"{key}\", must be one of: {}", allowed.join(", ")));
            }
        }
        true
    }

    fn member_str(&mut self, path: &str, v: &Value, key: &str) -> Option<String> {
        match v.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                self.problems.push(format!(
                    "Invalid type for parameter {path}.{key}, value: {}, type: {}, valid types: <class 'str'>",
                    py_repr(other),
                    py_type(other)
                ));
                None
            }
        }
    }

    /// A list member (shorthand has already made lone words into lists).
    fn member_list(&mut self, path: &str, v: &Value, key: &str) -> Vec<String> {
        match v.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| match item {
                    Value::String(s) => Some(s.clone()),
                    other => {
                        self.problems.push(format!(
                            "Invalid type for parameter {path}.{key}[{i}], value: {}, type: {}, valid types: <class 'str'>",
                            py_repr(other),
                            py_type(other)
                        ));
                        None
                    }
                })
                .collect(),
            Some(other) => {
                self.problems.push(format!(
                    "Invalid type for parameter {path}.{key}, value: {}, type: {}, valid types: <class 'list'>, <class 'tuple'>",
                    py_repr(other),
                    py_type(other)
                ));
                Vec::new()
            }
        }
    }

    fn filters(&mut self) -> Vec<Filter> {
        let Some(Value::Array(items)) = self.json("filters") else { return Vec::new() };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("Filters[{i}]");
            if !self.check_members(&path, item, spec::FILTER) {
                continue;
            }
            let name = self.member_str(&path, item, "Name").unwrap_or_default();
            let values = self.member_list(&path, item, "Values");
            out.push(Filter { name, values });
        }
        out
    }

    fn tags(&mut self, path: &str, v: &Value) -> Vec<Tag> {
        let items = match v.get("Tags") {
            None => return Vec::new(),
            Some(Value::Array(items)) => items.clone(),
            Some(other) => {
                self.problems.push(format!(
                    "Invalid type for parameter {path}.Tags, value: {}, type: {}, valid types: <class 'list'>, <class 'tuple'>",
                    py_repr(other),
                    py_type(other)
                ));
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, t) in items.iter().enumerate() {
            let tpath = format!("{path}.Tags[{i}]");
            if !self.check_members(&tpath, t, &["Key", "Value"]) {
                continue;
            }
            let key = self.member_str(&tpath, t, "Key").unwrap_or_default();
            let value = self.member_str(&tpath, t, "Value").unwrap_or_default();
            out.push(Tag { key, value });
        }
        out
    }

    /// `AttributeBooleanValue` structures of ModifyInstanceAttribute (`Value=true`, or
    /// `{"Value": true}`): shorthand gives the text `true`/`false`, which the AWS CLI turns
    /// into a boolean by the member's type (awscli `BackCompatVisitor`); anything else is left
    /// a string and fails botocore's type check.
    fn value_bool_struct(&mut self, name: &str, shape: &str) -> Option<bool> {
        let v = self.json(name)?;
        if !self.check_members(shape, &v, spec::VALUE) {
            return None;
        }
        match v.get("Value")? {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            other => {
                self.problems.push(format!(
                    "Invalid type for parameter {shape}.Value, value: {}, type: {}, valid types: <class 'bool'>",
                    py_repr(other),
                    py_type(other)
                ));
                None
            }
        }
    }

    /// `Value=…` structures of ModifyInstanceAttribute.
    fn value_struct(&mut self, name: &str, shape: &str) -> Option<String> {
        let v = self.json(name)?;
        if !self.check_members(shape, &v, spec::VALUE) {
            return None;
        }
        self.member_str(shape, &v, "Value")
    }
}

use crate::by_model::{py_str as py_repr, py_type};

fn build(op: &Operation, raw: BTreeMap<&'static str, Raw>) -> Result<Command, CliError> {
    let mut a = Args { raw, problems: Vec::new() };
    let command = match op.action {
        "RunInstances" => {
            // The AWS CLI replaces MinCount/MaxCount with `--count N` or `--count MIN:MAX`.
            let (min_count, max_count) = match a.str("count") {
                None => (1, 1),
                Some(c) => parse_count(&c)
                    .ok_or_else(|| CliError::Param { name: "count".into(), message: format!("invalid count: {c}") })?,
            };
            let availability_zone = match a.json("placement") {
                Some(v) => {
                    a.check_members("Placement", &v, spec::PLACEMENT);
                    a.member_str("Placement", &v, "AvailabilityZone")
                }
                None => None,
            };
            let tag_specifications = a.tag_specifications();
            let shutdown = match a.str("instance-initiated-shutdown-behavior") {
                None => None,
                Some(s) => Some(ShutdownBehavior::from_name(&s).ok_or_else(|| {
                    usage(format!(
                        "argument --instance-initiated-shutdown-behavior: Found invalid choice '{s}'\n\nValid choices are: stop, terminate"
                    ))
                })?),
            };
            Command::RunInstances(RunInstances {
                image_id: a.str("image-id"),
                instance_type: a.str("instance-type"),
                min_count,
                max_count,
                key_name: a.str("key-name"),
                availability_zone,
                subnet_id: a.str("subnet-id"),
                tag_specifications,
                user_data: a.str("user-data"),
                disable_api_termination: a.flag("disable-api-termination"),
                disable_api_stop: a.flag("disable-api-stop"),
                instance_initiated_shutdown_behavior: shutdown,
                ebs_optimized: a.flag("ebs-optimized"),
            })
        }
        "DescribeInstances" => {
            Command::DescribeInstances { instance_ids: a.list("instance-ids"), filters: a.filters() }
        }
        "DescribeInstanceStatus" => Command::DescribeInstanceStatus {
            instance_ids: a.list("instance-ids"),
            filters: a.filters(),
            include_all_instances: a.flag("include-all-instances").unwrap_or(false),
        },
        "StartInstances" => Command::StartInstances { instance_ids: a.list("instance-ids") },
        "StopInstances" => {
            Command::StopInstances { instance_ids: a.list("instance-ids"), force: a.flag("force").unwrap_or(false) }
        }
        "RebootInstances" => Command::RebootInstances { instance_ids: a.list("instance-ids") },
        "TerminateInstances" => Command::TerminateInstances { instance_ids: a.list("instance-ids") },
        "ModifyInstanceAttribute" => {
            let instance_id = a.str("instance-id").unwrap_or_default();
            let mut changes = Vec::new();
            if let Some(t) = a.value_struct("instance-type", "InstanceType") {
                changes.push(InstanceAttributeChange::InstanceType(t));
            }
            if let Some(b) = a.value_bool_struct("disable-api-termination", "DisableApiTermination") {
                changes.push(InstanceAttributeChange::DisableApiTermination(b));
            }
            if let Some(b) = a.value_bool_struct("disable-api-stop", "DisableApiStop") {
                changes.push(InstanceAttributeChange::DisableApiStop(b));
            }
            if let Some(s) = a.value_struct("instance-initiated-shutdown-behavior", "InstanceInitiatedShutdownBehavior")
            {
                changes.push(InstanceAttributeChange::InstanceInitiatedShutdownBehavior(s));
            }
            if let Some(b) = a.value_bool_struct("ebs-optimized", "EbsOptimized") {
                changes.push(InstanceAttributeChange::EbsOptimized(b));
            }
            if let Some(u) = a.value_struct("user-data", "UserData") {
                changes.push(InstanceAttributeChange::UserData(u));
            }
            if let Some(m) = a.delete_on_termination() {
                changes.push(InstanceAttributeChange::DeleteOnTermination(m));
            }
            match (a.str("attribute"), a.str("value")) {
                (Some(attr), value) => changes.push(attribute_change(&attr, value)?),
                (None, Some(_)) => {
                    a.problems.push("--value requires --attribute".into());
                }
                (None, None) => {}
            }
            if changes.len() != 1 && a.problems.is_empty() {
                // EC2 changes exactly one attribute per call (aws-reference.md §B2).
                return Err(CliError::Validation(vec![format!(
                    "Exactly one attribute must be modified per call; {} given.",
                    changes.len()
                )]));
            }
            match changes.pop() {
                Some(change) => Command::ModifyInstanceAttribute { instance_id, change },
                None => return Err(CliError::Validation(a.problems)),
            }
        }
        "DescribeImages" => Command::DescribeImages {
            image_ids: a.list("image-ids"),
            owners: a.list("owners"),
            executable_users: a.list("executable-users"),
            filters: a.filters(),
        },
        "DescribeInstanceTypes" => {
            Command::DescribeInstanceTypes { instance_types: a.list("instance-types"), filters: a.filters() }
        }
        "DescribeRegions" => {
            let _all = a.flag("all-regions");
            Command::DescribeRegions { region_names: a.list("region-names") }
        }
        "DescribeAvailabilityZones" => {
            let _all = a.flag("all-availability-zones");
            Command::DescribeAvailabilityZones { zone_names: a.list("zone-names") }
        }
        "CreateKeyPair" => Command::CreateKeyPair {
            key_name: a.str("key-name").unwrap_or_default(),
            key_type: a.str("key-type"),
            key_format: a.str("key-format"),
            tag_specifications: a.tag_specifications(),
        },
        "ImportKeyPair" => Command::ImportKeyPair {
            key_name: a.str("key-name").unwrap_or_default(),
            public_key_material: a.bytes("public-key-material"),
            tag_specifications: a.tag_specifications(),
        },
        "DescribeKeyPairs" => Command::DescribeKeyPairs {
            key_names: a.list("key-names"),
            key_pair_ids: a.list("key-pair-ids"),
            filters: a.filters(),
            include_public_key: a.flag("include-public-key").unwrap_or(false),
        },
        "DeleteKeyPair" => Command::DeleteKeyPair { key_name: a.str("key-name"), key_pair_id: a.str("key-pair-id") },
        "CreateVolume" => Command::CreateVolume(VolumeSpec {
            availability_zone: a.str("availability-zone"),
            size_gib: a.int("size"),
            volume_type: a.str("volume-type"),
            iops: a.int("iops"),
            throughput_mibps: a.int("throughput"),
            encrypted: a.flag("encrypted"),
            kms_key_id: a.str("kms-key-id"),
            snapshot_id: a.str("snapshot-id"),
            tag_specifications: a.tag_specifications(),
        }),
        "AttachVolume" => Command::AttachVolume {
            volume_id: a.str("volume-id").unwrap_or_default(),
            instance_id: a.str("instance-id").unwrap_or_default(),
            device: a.str("device").unwrap_or_default(),
        },
        "DetachVolume" => Command::DetachVolume {
            volume_id: a.str("volume-id").unwrap_or_default(),
            instance_id: a.str("instance-id"),
            device: a.str("device"),
            force: a.flag("force").unwrap_or(false),
        },
        "DeleteVolume" => Command::DeleteVolume { volume_id: a.str("volume-id").unwrap_or_default() },
        "ModifyVolume" => Command::ModifyVolume {
            volume_id: a.str("volume-id").unwrap_or_default(),
            spec: VolumeSpec {
                size_gib: a.int("size"),
                volume_type: a.str("volume-type"),
                iops: a.int("iops"),
                throughput_mibps: a.int("throughput"),
                ..VolumeSpec::default()
            },
        },
        "DescribeVolumes" => Command::DescribeVolumes { volume_ids: a.list("volume-ids"), filters: a.filters() },
        "CreateSnapshot" => Command::CreateSnapshot {
            volume_id: a.str("volume-id").unwrap_or_default(),
            description: a.str("description"),
            tag_specifications: a.tag_specifications(),
        },
        "DescribeSnapshots" => Command::DescribeSnapshots {
            snapshot_ids: a.list("snapshot-ids"),
            owner_ids: a.list("owner-ids"),
            restorable_by_user_ids: a.list("restorable-by-user-ids"),
            filters: a.filters(),
        },
        "CopySnapshot" => Command::CopySnapshot {
            source_snapshot_id: a.str("source-snapshot-id").unwrap_or_default(),
            source_region: a.str("source-region").unwrap_or_default(),
            description: a.str("description"),
            encrypted: a.flag("encrypted").unwrap_or(false),
            kms_key_id: a.str("kms-key-id"),
            tag_specifications: a.tag_specifications(),
        },
        "ModifySnapshotAttribute" => {
            let snapshot_id = a.str("snapshot-id").unwrap_or_default();
            let (add, remove) = a.permission(SNAPSHOT_PERMISSION)?;
            Command::ModifySnapshotAttribute { snapshot_id, add, remove }
        }
        "DescribeSnapshotAttribute" => Command::DescribeSnapshotAttribute {
            snapshot_id: a.str("snapshot-id").unwrap_or_default(),
            attribute: a.str("attribute").unwrap_or_default(),
        },
        "ResetSnapshotAttribute" => Command::ResetSnapshotAttribute {
            snapshot_id: a.str("snapshot-id").unwrap_or_default(),
            attribute: a.str("attribute").unwrap_or_default(),
        },
        "DeleteSnapshot" => Command::DeleteSnapshot { snapshot_id: a.str("snapshot-id").unwrap_or_default() },
        "CreateImage" => Command::CreateImage {
            instance_id: a.str("instance-id").unwrap_or_default(),
            name: a.str("name").unwrap_or_default(),
            description: a.str("description"),
            no_reboot: a.flag("no-reboot").unwrap_or(false),
            tag_specifications: a.tag_specifications(),
        },
        "RegisterImage" => {
            // The sandbox's images are x86_64 HVM with ENA: say so rather than ignore a request
            // for something else.
            if let Some(arch) = a.str("architecture").filter(|v| v != "x86_64") {
                return Err(CliError::NotInSandbox(format!(
                    "--architecture {arch} is not available in this sandbox; use x86_64."
                )));
            }
            if let Some(v) = a.str("virtualization-type").filter(|v| v != "hvm") {
                return Err(CliError::NotInSandbox(format!(
                    "--virtualization-type {v} is not available in this sandbox; use hvm."
                )));
            }
            let _ = a.flag("ena-support");
            let mappings = a.image_mappings();
            let root = a.str("root-device-name").unwrap_or_else(|| "/dev/xvda".into());
            Command::RegisterImage {
                name: a.str("name").unwrap_or_default(),
                root_device_name: root,
                block_device_mappings: mappings,
                tag_specifications: a.tag_specifications(),
            }
        }
        "CopyImage" => Command::CopyImage {
            source_image_id: a.str("source-image-id").unwrap_or_default(),
            source_region: a.str("source-region").unwrap_or_default(),
            name: a.str("name").unwrap_or_default(),
            description: a.str("description"),
        },
        "DeregisterImage" => Command::DeregisterImage { image_id: a.str("image-id").unwrap_or_default() },
        "ModifyImageAttribute" => {
            let image_id = a.str("image-id").unwrap_or_default();
            let (add, remove) = a.permission(IMAGE_PERMISSION)?;
            Command::ModifyImageAttribute { image_id, add, remove }
        }
        "DescribeImageAttribute" => Command::DescribeImageAttribute {
            image_id: a.str("image-id").unwrap_or_default(),
            attribute: a.str("attribute").unwrap_or_default(),
        },
        "ResetImageAttribute" => Command::ResetImageAttribute {
            image_id: a.str("image-id").unwrap_or_default(),
            attribute: a.str("attribute").unwrap_or_default(),
        },
        "ModifyInstanceEventStartTime" => {
            let not_before = a.timestamp("not-before")?;
            Command::ModifyInstanceEventStartTime {
                instance_id: a.str("instance-id").unwrap_or_default(),
                instance_event_id: a.str("instance-event-id").unwrap_or_default(),
                not_before,
            }
        }
        "ModifyInstanceMaintenanceOptions" => Command::ModifyInstanceMaintenanceOptions {
            instance_id: a.str("instance-id").unwrap_or_default(),
            auto_recovery: a.str("auto-recovery").unwrap_or_else(|| "default".into()),
        },
        other => return Err(CliError::NotInSandbox(format!("{other} is not modelled"))),
    };
    if !a.problems.is_empty() {
        return Err(CliError::Validation(a.problems));
    }
    Ok(command)
}

/// `--attribute NAME --value V` form of ModifyInstanceAttribute.
fn attribute_change(attr: &str, value: Option<String>) -> Result<InstanceAttributeChange, CliError> {
    let need =
        |v: Option<String>| v.ok_or_else(|| CliError::Validation(vec![format!("--attribute {attr} requires --value")]));
    let boolean = |v: Option<String>| -> Result<bool, CliError> {
        match need(v)?.as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(CliError::Validation(vec![format!("Invalid boolean value for {attr}: {other}")])),
        }
    };
    Ok(match attr {
        "instanceType" => InstanceAttributeChange::InstanceType(need(value)?),
        "disableApiTermination" => InstanceAttributeChange::DisableApiTermination(boolean(value)?),
        "disableApiStop" => InstanceAttributeChange::DisableApiStop(boolean(value)?),
        "instanceInitiatedShutdownBehavior" => InstanceAttributeChange::InstanceInitiatedShutdownBehavior(need(value)?),
        "ebsOptimized" => InstanceAttributeChange::EbsOptimized(boolean(value)?),
        "userData" => InstanceAttributeChange::UserData(need(value)?),
        other => {
            return Err(usage(format!(
                "argument --attribute: Found invalid choice '{other}'\n\nValid choices are: instanceType, kernel, ramdisk, userData, disableApiTermination, instanceInitiatedShutdownBehavior, rootDeviceName, blockDeviceMapping, productCodes, sourceDestCheck, groupSet, ebsOptimized, sriovNetSupport, enaSupport, enclaveOptions, disableApiStop"
            )));
        }
    })
}

/// `N` or `MIN:MAX`; a single number sets both (AWS CLI `--count` customization).
fn parse_count(text: &str) -> Option<(u32, u32)> {
    match text.split_once(':') {
        Some((lo, hi)) => Some((lo.trim().parse().ok()?, hi.trim().parse().ok()?)),
        None => {
            let n = text.trim().parse().ok()?;
            Some((n, n))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        crate::lexer::split(s).unwrap()
    }

    #[test]
    fn parses_lists_flags_and_shorthand() {
        let (_, req) = parse_aws(&words(
            "ec2 describe-instances --filters Name=instance-state-name,Values=running Name=tag:Name,Values=web",
        ))
        .unwrap();
        let AwsRequest::Call { command: Command::DescribeInstances { filters, .. }, .. } = req else { panic!() };
        assert_eq!(filters.len(), 2);
        assert_eq!(filters[1].values, ["web"]);
        let (g, req) =
            parse_aws(&words("--region us-west-2 ec2 stop-instances --instance-ids i-1 i-2 --force --output text"))
                .unwrap();
        assert_eq!(g.region.as_deref(), Some("us-west-2"));
        assert_eq!(g.output, Some(OutputFormat::Text));
        assert!(matches!(req, AwsRequest::Call { command: Command::StopInstances { force: true, .. }, .. }));
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
