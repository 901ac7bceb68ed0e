//! The CLI of the services that own their request and response types
//! (`kumo_sim::command::MODELLED_SERVICES`), driven by their botocore models alone: the
//! operations and parameters come from the trimmed model and the members the service's
//! request structs take; words become the input document by the members' shapes; botocore's
//! ParamValidator checks it; the service's serde types take it from there. Unparsing walks the
//! same shapes back to words. Nothing here is written per operation.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::OnceLock;

use kumo_sim::Command;

use crate::models::{self, Model, Shape, xform_name};
use crate::parse::{CliError, Raw};
use crate::spec::{Kind, Operation, Param};
use crate::words::Said;

/// Names built once from the models live as long as the program: the operation tables are
/// `'static` like the hand-written ones, so help, completion and the parser read both alike.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// A modelled service's operations, built from its model on first use (the model is embedded
/// in every build, the page's too: parsing needs it).
pub fn operations(service: &str) -> &'static [Operation] {
    static TABLES: OnceLock<Vec<(&'static str, &'static [Operation])>> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        kumo_sim::command::MODELLED_SERVICES
            .iter()
            .map(|(service, actions)| (*service, &*Vec::leak(build_operations(service, actions))))
            .collect()
    });
    tables.iter().find(|(s, _)| *s == service).map(|(_, ops)| *ops).unwrap_or(&[])
}

/// An operation table in the AWS CLI's order: by name, as `aws <service> help` lists them.
fn build_operations(service: &str, actions: &[&'static str]) -> Vec<Operation> {
    let Some(model) = models::model(service) else { return Vec::new() };
    let mut ops: Vec<Operation> = actions
        .iter()
        .filter_map(|action| {
            let input = model.input_shape(action)?;
            let members = kumo_sim::command::request_members(service, action)?;
            // A paginated operation's tokens are the CLI's, not the API's (awscli
            // customizations/paginate.py): `--starting-token`, `--page-size` for the limit and
            // `--max-items` for the total, in place of the API's token and limit members.
            let paginator = model.paginator(action);
            let api_paging =
                |name: &str| paginator.as_ref().is_some_and(|p| p.input_token == name || p.limit_key == Some(name));
            let mut params: Vec<Param> = members
                .iter()
                .filter(|name| !api_paging(name) && !replaced_by_count(service, action, name))
                .filter_map(|name| {
                    let m = input.members().find(|m| m.name == *name)?;
                    Some(Param {
                        name: leak(model.cli_name(action, name)),
                        kind: kind(model, m.shape),
                        required: input.required(name),
                        member: m.name,
                    })
                })
                .collect();
            if has_count(service, action) {
                params.push(Param { name: "count", kind: Kind::Str, required: false, member: "" });
            }
            if let Some(p) = paginator {
                params.push(Param { name: "starting-token", kind: Kind::Str, required: false, member: "" });
                // --page-size sets the API's limit member, where the request type takes one.
                if p.limit_key.is_some_and(|k| members.contains(&k)) {
                    params.push(Param { name: "page-size", kind: Kind::Int, required: false, member: "" });
                }
                params.push(Param { name: "max-items", kind: Kind::Int, required: false, member: "" });
            }
            Some(Operation {
                name: leak(xform_name(action)),
                action,
                params: Vec::leak(params),
                // EC2's DryRun member is the CLI's `--dry-run` / `--no-dry-run`, which the
                // session answers by trying the request on a copy of the world.
                dry_run: input.members().any(|m| m.name == "DryRun"),
            })
        })
        .collect();
    kumo_sim::sort::by_key(&mut ops, |o| o.name);
    ops
}

/// The AWS CLI's `--count` of RunInstances (awscli customizations/ec2/addcount.py): it takes
/// the place of `--min-count` and `--max-count`, as `N` or `MIN:MAX`, and both are 1 when it
/// is absent.
fn has_count(service: &str, action: &str) -> bool {
    service == "ec2" && action == "RunInstances"
}

fn replaced_by_count(service: &str, action: &str, member: &str) -> bool {
    has_count(service, action) && matches!(member, "MinCount" | "MaxCount")
}

/// `--count`'s value as MinCount and MaxCount. Python's `int()` of each side, and the
/// customization's own message for anything else.
fn parse_count(text: Option<&str>) -> Result<(i64, i64), CliError> {
    let Some(text) = text else { return Ok((1, 1)) };
    let int = |s: &str| s.trim().parse::<i64>().ok();
    let parsed = match text.split_once(':') {
        Some((lo, hi)) if !hi.contains(':') => int(lo).zip(int(hi)),
        Some(_) => None,
        None => int(text).map(|n| (n, n)),
    };
    parsed.ok_or_else(|| CliError::General("count parameter should be of form min[:max] (e.g. 1 or 1:10)".into()))
}

/// How the AWS CLI takes a member of this shape on the command line.
fn kind(model: &'static Model, shape: &str) -> Kind {
    let Some(s) = model.shape(shape) else { return Kind::Str };
    let names = |s: Shape<'static>| -> &'static [&'static str] { Vec::leak(s.members().map(|m| m.name).collect()) };
    match s.kind() {
        "integer" | "long" => Kind::Int,
        "float" | "double" => Kind::Float,
        "boolean" => Kind::Bool,
        "blob" => Kind::Blob,
        "structure" => Kind::Struct(names(s)),
        "map" => Kind::Map(&[]),
        "list" => match s.member().and_then(|m| model.shape(m)) {
            Some(item) if item.kind() == "structure" => Kind::StructList(names(item)),
            _ => Kind::StrList,
        },
        _ => Kind::Str,
    }
}

/// A real parameter of the operation that the sandbox's request type does not take: said
/// plainly instead of "Unknown options".
pub fn unmodelled_option(service: &str, op: &Operation, words: &[String]) -> Option<CliError> {
    let model = models::model(service)?;
    let input = model.input_shape(op.action)?;
    for w in words {
        let Some(flag) = w.strip_prefix("--") else { continue };
        let flag = flag.split_once('=').map_or(flag, |(f, _)| f);
        if op.param(flag).is_some() || (op.dry_run && (flag == "dry-run" || flag == "no-dry-run")) {
            continue;
        }
        let real = input
            .members()
            .any(|m| model.cli_name(op.action, m.name) == flag && !replaced_by_count(service, op.action, m.name));
        if real {
            return Some(CliError::NotInSandbox(
                Said::new("notin.parameter").with("flag", flag).with("service", service).with("operation", op.name),
            ));
        }
    }
    None
}

/// The request of a parsed line: the input document by the members' shapes, checked as
/// botocore's ParamValidator checks it, then read by the service's request type.
pub(crate) fn build(
    service: &str,
    op: &Operation,
    mut raw: BTreeMap<&'static str, Raw>,
) -> Result<(Command, Option<Box<Paging>>), CliError> {
    let model = models::model(service)
        .ok_or_else(|| CliError::NotInSandbox(Said::verbatim(format!("no model for {service}"))))?;
    let input = model
        .input_shape(op.action)
        .ok_or_else(|| CliError::NotInSandbox(Said::verbatim(format!("no input for {}", op.action))))?;
    let paging = model.paginator(op.action).map(|_| {
        let int = |r: Option<Raw>| match r {
            Some(Raw::Int(n)) => Some(n),
            _ => None,
        };
        Box::new(Paging {
            starting_token: match raw.remove("starting-token") {
                Some(Raw::Str(s)) => Some(s),
                _ => None,
            },
            page_size: int(raw.remove("page-size")),
            max_items: int(raw.remove("max-items")),
        })
    });
    let count = match (has_count(service, op.action), raw.remove("count")) {
        (true, Some(Raw::Str(s))) => Some(parse_count(Some(&s))?),
        (true, _) => Some(parse_count(None)?),
        (false, _) => None,
    };
    // In the input shape's member order (the request types declare their members in it), as
    // the AWS CLI builds its call parameters from its argument table (the order botocore's
    // validator reports problems in); --count's two members last, as addcount.py adds them.
    let mut doc = Map::new();
    for p in op.params.iter().filter(|p| !p.member.is_empty()) {
        if let Some(value) = raw.remove(p.name) {
            let shape = input.member_shape(p.member).unwrap_or_default();
            doc.insert(p.member.to_string(), from_raw(model, shape, value));
        }
    }
    if let Some((min, max)) = count {
        doc.insert("MinCount".into(), Value::from(min));
        doc.insert("MaxCount".into(), Value::from(max));
    }
    let doc = Value::Object(doc);
    let mut problems = Vec::new();
    validate(model, input, &doc, &mut String::new(), &mut problems);
    if !problems.is_empty() {
        return Err(CliError::Validation(problems));
    }
    // The validator has held the document to the model: what the request type refuses now is a
    // real member the sandbox does not model.
    let command = kumo_sim::command::from_input(service, op.action, doc).map_err(|e| {
        CliError::NotInSandbox(match e.strip_prefix("unknown member ") {
            Some(path) => Said::new("notin.member").with("path", path),
            None => Said::verbatim(e),
        })
    })?;
    Ok((command, paging))
}

/// The AWS CLI's paging options of a paginated operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paging {
    pub starting_token: Option<String>,
    pub page_size: Option<u32>,
    pub max_items: Option<u32>,
}

/// What the AWS CLI does with a paginated operation (botocore's PageIterator and
/// `build_full_result`): it calls the operation page after page, passing each response's
/// output token back as the input token, and prints the result key's items of all pages
/// together, without the tokens. `--max-items` stops after that many items and prints a
/// `NextToken` that `--starting-token` resumes from: base64 of JSON with the service's token
/// of the page it stopped in and how many of that page's items were printed
/// (`boto_truncate_amount`). `call` makes one request and gives its response document.
pub fn paginate<E>(
    command: &Command,
    paging: &Paging,
    mut call: impl FnMut(Command) -> Result<Value, E>,
) -> Result<Result<Value, String>, E> {
    let Some((service, action, mut input)) = kumo_sim::command::to_input(command) else {
        return Ok(Err("not a modelled request".into()));
    };
    let Some(p) = models::model(service).and_then(|m| m.paginator(action)) else {
        return Ok(Err(format!("{action} does not paginate")));
    };
    let (mut token, skip) = match paging.starting_token.as_deref().map(parse_token) {
        None => (None, 0),
        Some(Some(t)) => t,
        Some(None) => {
            return Ok(Err(format!("Bad starting token: {}", paging.starting_token.clone().unwrap_or_default())));
        }
    };
    if let (Some(limit), Some(size)) = (p.limit_key, paging.page_size) {
        input[limit] = Value::from(size);
    }
    let max = paging.max_items.map(|m| m as usize);
    // Each result key's items over the pages, for the keys some page has. The first key is
    // the primary one: --max-items counts its items, and a resumed first page loses the
    // secondary keys' items, which the page before has printed (botocore's PageIterator).
    let mut keys: Vec<Option<Vec<Value>>> = vec![None; p.result_keys.len()];
    let mut printed = 0usize;
    let mut resume: Option<(Option<String>, Option<usize>)> = None;
    let mut first = true;
    loop {
        if let Some(t) = &token {
            input[p.input_token] = Value::String(t.clone());
        }
        let Ok(request) = kumo_sim::command::from_input(service, action, input.clone()) else {
            return Ok(Err("the paging token does not fit the request".into()));
        };
        let mut doc = call(request)?;
        // Each result key's items, moved out of the page (a page of instances is large).
        let present: Vec<bool> = p.result_keys.iter().map(|k| doc.get(*k).is_some()).collect();
        let mut pages: Vec<Option<Vec<Value>>> = p
            .result_keys
            .iter()
            .map(|k| match doc.get_mut(*k).map(Value::take) {
                Some(Value::Array(items)) => Some(items),
                _ => None,
            })
            .collect();
        let mut primary = pages[0].take().unwrap_or_default();
        let left = if first { skip.min(primary.len()) } else { 0 };
        primary.drain(..left);
        let mut cut = false;
        if let Some(max) = max.filter(|m| printed + primary.len() > *m) {
            let keep = max - printed;
            primary.truncate(keep);
            resume = Some((token.clone(), Some(keep + left)));
            cut = true;
        }
        printed += primary.len();
        keys[0].get_or_insert_with(Vec::new).extend(primary);
        for i in 1..p.result_keys.len() {
            let items = pages[i].take().map(|v| if first && paging.starting_token.is_some() { Vec::new() } else { v });
            if let Some(items) = items.filter(|_| present[i]) {
                keys[i].get_or_insert_with(Vec::new).extend(items);
            }
        }
        first = false;
        if cut {
            break;
        }
        let more = p.more_results.is_none_or(|k| doc.get(k).and_then(Value::as_bool).unwrap_or(false));
        let next = doc.get(p.output_token).and_then(Value::as_str).filter(|_| more).map(String::from);
        let Some(next) = next else { break };
        if max == Some(printed) {
            resume = Some((Some(next), None));
            break;
        }
        if token.as_deref() == Some(next.as_str()) {
            return Ok(Err(format!("The same next token was received twice: {next}")));
        }
        token = Some(next);
    }
    let mut out = Map::new();
    for (key, items) in p.result_keys.iter().zip(keys) {
        if let Some(items) = items {
            out.insert(key.to_string(), Value::Array(items));
        }
    }
    if let Some((marker, amount)) = resume {
        out.insert("NextToken".into(), Value::String(encode_token(p.input_token, marker.as_deref(), amount)));
    }
    Ok(Ok(Value::Object(out)))
}

/// botocore's TokenEncoder: `base64(json.dumps(token))`, with Python's separators.
fn encode_token(input_token: &str, marker: Option<&str>, amount: Option<usize>) -> String {
    let marker = marker.map_or("null".to_string(), |m| Value::String(m.into()).to_string());
    let mut json = format!("{{\"{input_token}\": {marker}");
    if let Some(n) = amount {
        json.push_str(&format!(", \"boto_truncate_amount\": {n}"));
    }
    json.push('}');
    kumo_sim::crypto::base64(json.as_bytes())
}

/// A `--starting-token`: the service's token and how many items of its page to skip.
fn parse_token(text: &str) -> Option<(Option<String>, usize)> {
    let json = String::from_utf8(kumo_sim::crypto::unbase64(text)?).ok()?;
    let Value::Object(map) = serde_json::from_str::<Value>(&json).ok()? else { return None };
    let amount = map.get("boto_truncate_amount").and_then(Value::as_u64).unwrap_or(0) as usize;
    let marker = map.iter().find(|(k, _)| *k != "boto_truncate_amount").and_then(|(_, v)| v.as_str()).map(String::from);
    Some((marker, amount))
}

fn from_raw(model: &Model, shape: &str, raw: Raw) -> Value {
    match raw {
        Raw::Str(s) => Value::String(s),
        Raw::Int(n) => Value::from(n),
        Raw::Float(f) => Value::from(f),
        Raw::Bool(b) => Value::Bool(b),
        Raw::Bytes(b) => Value::String(kumo_sim::crypto::base64(&b)),
        Raw::List(items) => {
            let item = model.shape(shape).and_then(|s| s.member()).unwrap_or_default();
            Value::Array(items.into_iter().map(|s| coerce(model, item, Value::String(s))).collect())
        }
        Raw::Json(v) => coerce(model, shape, v),
    }
}

/// Shorthand gives every scalar as text; the AWS CLI's shorthand reader converts it to the
/// member's type (awscli shorthand.py BackCompatVisitor): integers, floats and booleans.
/// Anything that does not convert is left for the validator to report.
fn coerce(model: &Model, shape: &str, v: Value) -> Value {
    let Some(s) = model.shape(shape) else { return v };
    match (s.kind(), v) {
        ("integer" | "long", Value::String(t)) => t.trim().parse::<i64>().map(Value::from).unwrap_or(Value::String(t)),
        ("float" | "double", Value::String(t)) => t.trim().parse::<f64>().map(Value::from).unwrap_or(Value::String(t)),
        ("boolean", Value::String(t)) => match t.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(t),
        },
        ("list", Value::Array(items)) => {
            let item = s.member().unwrap_or_default();
            Value::Array(items.into_iter().map(|i| coerce(model, item, i)).collect())
        }
        ("structure", Value::Object(map)) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let member = s.member_shape(&k).unwrap_or_default();
                    let v = coerce(model, member, v);
                    (k, v)
                })
                .collect(),
        ),
        ("map", Value::Object(map)) => {
            let value = s.value().unwrap_or_default();
            Value::Object(map.into_iter().map(|(k, v)| (k, coerce(model, value, v))).collect())
        }
        (_, v) => v,
    }
}

/// Python's `str()` of a value, as botocore's messages show parameters.
pub(crate) fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

fn py_repr(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => format!("[{}]", items.iter().map(py_repr).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => {
            format!("{{{}}}", map.iter().map(|(k, v)| format!("'{k}': {}", py_repr(v))).collect::<Vec<_>>().join(", "))
        }
    }
}

pub(crate) fn py_type(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::Null => "<class 'NoneType'>",
    }
}

/// botocore's ParamValidator (validate.py): required members, unknown members, types, and the
/// shapes' `min` lengths and values. It checks no maximum: the service does. `name` is the
/// path so far (`Tags[0].Key`); the top level is called `input`.
fn validate(model: &Model, shape: Shape<'_>, v: &Value, path: &mut String, out: &mut Vec<String>) {
    // The path names the parameter in messages; it grows and shrinks in one buffer as the walk
    // goes down and up, rather than one string per member.
    let label =
        |path: &str| if path.is_empty() { "input".to_string() } else { path.trim_start_matches('.').to_string() };
    let wrong = |valid: &str, path: &str, out: &mut Vec<String>| {
        let label = label(path);
        out.push(format!(
            "Invalid type for parameter {label}, value: {}, type: {}, valid types: {valid}",
            py_str(v),
            py_type(v)
        ));
    };
    let min = shape.min();
    match shape.kind() {
        "structure" => {
            let Value::Object(map) = v else { return wrong("<class 'dict'>", path, out) };
            for name in shape.required_members() {
                if !map.contains_key(name) {
                    out.push(format!("Missing required parameter in {}: \"{name}\"", label(path)));
                }
            }
            for (k, item) in map {
                match shape.member_shape(k).and_then(|m| model.shape(m)) {
                    Some(sub) => {
                        let len = path.len();
                        path.push('.');
                        path.push_str(k);
                        validate(model, sub, item, path, out);
                        path.truncate(len);
                    }
                    None => out.push(format!(
                        "Unknown parameter in {}: \"{k}\", must be one of: {}",
                        label(path),
                        shape.members().map(|m| m.name).collect::<Vec<_>>().join(", ")
                    )),
                }
            }
        }
        "list" => {
            let Value::Array(items) = v else { return wrong("<class 'list'>, <class 'tuple'>", path, out) };
            if let Some(min) = min.filter(|m| (items.len() as f64) < *m) {
                out.push(format!(
                    "Invalid length for parameter {}, value: {}, valid min length: {min}",
                    label(path),
                    items.len()
                ));
            }
            if let Some(item) = shape.member().and_then(|m| model.shape(m)) {
                for (i, x) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    validate(model, item, x, path, out);
                    path.truncate(len);
                }
            }
        }
        "map" => {
            let Value::Object(map) = v else { return wrong("<class 'dict'>", path, out) };
            let key = shape.key().and_then(|k| model.shape(k));
            let value = shape.value().and_then(|k| model.shape(k));
            for (k, item) in map {
                let len = path.len();
                if let Some(key) = key {
                    path.push_str(&format!(" (key: {k})"));
                    validate(model, key, &Value::String(k.clone()), path, out);
                    path.truncate(len);
                }
                if let Some(value) = value {
                    path.push('.');
                    path.push_str(k);
                    validate(model, value, item, path, out);
                    path.truncate(len);
                }
            }
        }
        "string" => {
            let Value::String(s) = v else { return wrong("<class 'str'>", path, out) };
            let len = s.chars().count();
            if let Some(min) = min.filter(|m| (len as f64) < *m) {
                out.push(format!(
                    "Invalid length for parameter {}, value: {len}, valid min length: {min}",
                    label(path)
                ));
            }
        }
        "integer" | "long" => {
            let Some(n) = v.as_i64().filter(|_| v.is_i64() || v.is_u64()) else {
                return wrong("<class 'int'>", path, out);
            };
            if let Some(min) = min.filter(|m| (n as f64) < *m) {
                out.push(format!("Invalid value for parameter {}, value: {n}, valid min value: {min}", label(path)));
            }
        }
        "float" | "double" if !v.is_number() => {
            wrong("<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>", path, out);
        }
        "boolean" if !v.is_boolean() => wrong("<class 'bool'>", path, out),
        // A datetime, or a string botocore's parse_timestamp reads (kumo_sim::time::parse).
        "timestamp" => {
            let ok = match v {
                Value::String(s) => kumo_sim::time::parse(s).is_some(),
                Value::Number(_) => true,
                _ => false,
            };
            if !ok {
                wrong("<class 'datetime.datetime'>, timestamp-string", path, out);
            }
        }
        _ => {}
    }
}

/// The input members that are maps (all of SNS's), which the echo writes as JSON, as it
/// writes any member a structure's shorthand cannot say. A test holds this list to the models.
const MAP_MEMBERS: &[(&str, &str, &str)] = &[
    ("sns", "CreateTopic", "Attributes"),
    ("sns", "Subscribe", "Attributes"),
    ("sns", "Publish", "MessageAttributes"),
];

/// The words after `aws <service> <operation>` that mean a modelled request, members in the
/// input shape's order (the request types declare them so: a test holds them to the models):
/// scalars as one word, lists of scalars as several, booleans as the flag or its `--no-` twin,
/// structures, maps and lists of structures as JSON. It reads no model: a form's request is
/// echoed in the first load, which does not carry them.
pub fn words(command: &Command) -> Option<(&'static str, String, Vec<String>)> {
    let (service, action, input) = kumo_sim::command::to_input(command)?;
    let Value::Object(members) = &input else { return None };
    let mut out = Vec::new();
    for (member, v) in members {
        if replaced_by_count(service, action, member) {
            continue;
        }
        let name = models::cli_name(service, action, member);
        let map = MAP_MEMBERS.contains(&(service, action, member.as_str()));
        match v {
            Value::Bool(b) => {
                out.push(if *b { format!("--{name}") } else { format!("--{}", crate::spec::negative_flag(&name)) });
            }
            // A value that starts like an option goes in the same word (`--role-name=--x`), as
            // the AWS CLI's argument parser would otherwise read it as the next option.
            Value::String(s) if s.starts_with('-') => out.push(format!("--{name}={s}")),
            Value::String(s) => out.extend([format!("--{name}"), s.clone()]),
            Value::Number(n) => out.extend([format!("--{name}"), n.to_string()]),
            // A list of strings as words, unless an item would read as an option or as JSON.
            Value::Array(items)
                if !items.is_empty()
                    && items.iter().all(|i| i.as_str().is_some_and(|s| !s.starts_with(['-', '[']))) =>
            {
                out.push(format!("--{name}"));
                out.extend(items.iter().filter_map(|i| i.as_str().map(String::from)));
            }
            // A structure, or a list of them, whose members are plain scalars: in shorthand,
            // as the AWS CLI's documentation writes them (`Name=InstanceId,Value=i-…`, one
            // word per item); anything else as JSON.
            Value::Object(_) if !map && shorthand(v).is_some() => {
                out.extend([format!("--{name}"), shorthand(v).unwrap_or_default()]);
            }
            Value::Array(items)
                if !items.is_empty() && items.iter().all(|i| i.is_object() && shorthand(i).is_some()) =>
            {
                out.push(format!("--{name}"));
                out.extend(items.iter().filter_map(shorthand));
            }
            other => out.extend([format!("--{name}"), other.to_string()]),
        }
    }
    if has_count(service, action) {
        let n = |k: &str| input.get(k).and_then(Value::as_i64).unwrap_or(1);
        match (n("MinCount"), n("MaxCount")) {
            (1, 1) => {}
            (min, max) if min == max => out.extend(["--count".into(), min.to_string()]),
            (min, max) => out.extend(["--count".into(), format!("{min}:{max}")]),
        }
    }
    Some((service, xform_name(action), out))
}

/// A structure in the AWS CLI's shorthand (`Key=a,Value=b`, `ResourceType=volume,Tags=[{Key=a,
/// Value=b}]`, `Name=x,Values=[a,b]`), if every value is a string, number or boolean that
/// shorthand reads back as it is (no separators, brackets, quotes or spaces, not empty), or a
/// structure or a non-empty list of such values. (The reader gives every scalar as text;
/// `coerce` turns it back into the member's type.) Nesting is bounded by the input shapes.
fn shorthand(v: &Value) -> Option<String> {
    let Value::Object(map) = v else { return None };
    if map.is_empty() {
        return None;
    }
    let mut parts = Vec::with_capacity(map.len());
    for (k, v) in map {
        if !plain(k) {
            return None;
        }
        parts.push(format!("{k}={}", shorthand_value(v)?));
    }
    Some(parts.join(","))
}

fn plain(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:/@+*%".contains(c)) && t.trim() == t
}

fn shorthand_value(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if plain(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(_) => shorthand(v).map(|s| format!("{{{s}}}")),
        Value::Array(items) if !items.is_empty() => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(shorthand_value(item)?);
            }
            Some(format!("[{}]", out.join(",")))
        }
        _ => None,
    }
}

/// What botocore does to a response after the call, before the CLI prints it. IAM returns
/// policy documents URL-encoded; botocore's `json_decode_policies` (handlers.py, registered
/// for `after-call.iam`) decodes every string member of shape `policyDocumentType` and parses
/// it as JSON, keeping the document's own key order. These are that shape's members in
/// botocore's IAM model.
pub fn after_call(service: &str, doc: &mut Value) {
    const POLICY_DOCUMENTS: [&str; 5] = [
        "AssumeRolePolicyDocument",
        "AssumeRolePolicyDocumentTemplate",
        "Document",
        "PolicyDocument",
        "ResourcePolicy",
    ];
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for (k, item) in map.iter_mut() {
                    if let (true, Value::String(s)) = (POLICY_DOCUMENTS.contains(&k.as_str()), &*item) {
                        if let Some(parsed) = url_decode(s).and_then(|t| serde_json::from_str::<Value>(&t).ok()) {
                            *item = parsed;
                        }
                    } else {
                        walk(item);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    if service == "iam" {
        walk(doc);
    }
}

/// Python's `urllib.parse.unquote`: `%XX` to bytes, read as UTF-8 (a stray `%` stays).
fn url_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use kumo_sim::Command;
    use kumo_sim::cloudwatch::{AlarmSpec, Request};

    /// A form's alarm echoes as a learner would type it: dimensions in shorthand.
    /// The echo (`words`) reads the members in the request types' order and knows the maps
    /// by its own list: both must be the models'.
    #[test]
    fn the_request_types_follow_the_models_order_and_the_maps_are_known() {
        let mut maps = Vec::new();
        for svc in crate::spec::services() {
            let model = crate::models::model(svc.name).expect("a model");
            for op in svc.operations {
                let Some(shape) = model.input_shape(op.action) else { continue };
                let taken = kumo_sim::command::request_members(svc.name, op.action).unwrap_or_default();
                let in_model: Vec<&str> = shape.members().map(|m| m.name).filter(|m| taken.contains(m)).collect();
                assert_eq!(taken, in_model.as_slice(), "{} {}: members out of the model's order", svc.name, op.action);
                for m in shape.members() {
                    if model.shape(m.shape).is_some_and(|s| s.kind() == "map") {
                        maps.push((svc.name, op.action, m.name));
                    }
                }
            }
        }
        kumo_sim::sort::by(&mut maps, |a, b| a.cmp(b));
        let mut known = super::MAP_MEMBERS.to_vec();
        kumo_sim::sort::by(&mut known, |a, b| a.cmp(b));
        assert_eq!(maps, known);
    }

    #[test]
    fn structures_of_plain_values_unparse_as_shorthand() {
        let spec = AlarmSpec {
            name: "recover-web".into(),
            description: Some("has spaces, commas".into()),
            namespace: "AWS/EC2".into(),
            metric_name: "StatusCheckFailed_System".into(),
            dimensions: vec![("InstanceId".into(), "i-0123".into())],
            statistic: "Maximum".into(),
            period_secs: 60,
            evaluation_periods: 2,
            datapoints_to_alarm: None,
            threshold: 1.0,
            comparison: "GreaterThanOrEqualToThreshold".into(),
            actions_enabled: true,
            alarm_actions: vec!["arn:aws:automate:us-east-1:ec2:recover".into()],
            ok_actions: vec![],
            insufficient_data_actions: vec![],
        };
        let cmd = Command::CloudWatch(Box::new(Request::PutMetricAlarm((&spec).into())));
        let line = crate::unparse::line(&cmd);
        assert!(line.contains("--dimensions Name=InstanceId,Value=i-0123 "), "{line}");
        assert!(line.contains("--alarm-description 'has spaces, commas'"), "{line}");
        let (_, parsed) = crate::parse::parse_aws(&crate::lexer::split(&line).unwrap()[1..]).unwrap();
        let crate::parse::AwsRequest::Call { command, .. } = parsed else { panic!("{line}") };
        assert_eq!(command, cmd, "{line}");
    }
}
