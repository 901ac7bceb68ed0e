//! botocore's service models, trimmed to the operations the sandbox serves and the shapes
//! their inputs reach
//! (`crates/cli/models/*.json`, written by `scripts/botocore-models.py` from the list in
//! `models/operations.txt`; botocore's Apache 2.0 notice is `models/NOTICE`). The help texts
//! are built from them; the fidelity check holds the CLI's parameters against the full models.
//!
//! The page does not carry them in its first load (the budget is for what a learner waits
//! for): Trunk copies `models/` next to the page, the app fetches the files after it starts and
//! [`install`]s them; until then help prints without documentation. Native builds (tests, the
//! `kumo` runner) embed them and parse them on first use.

use std::sync::OnceLock;

use serde_json::Value;

/// One service's trimmed model, read through `serde_json::Value` (typed structs would add
/// their deserializers' code to the page for no gain: the files are read, never written).
#[derive(Debug)]
pub struct Model(Value);

/// A member of a structure shape.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub name: &'a str,
    pub shape: &'a str,
    raw: &'a Value,
}

impl<'a> Member<'a> {
    /// Its documentation, read only when help asks (a shape's members are walked on every
    /// parsed line, their documentation never).
    pub fn documentation(&self) -> &'a str {
        self.raw["documentation"].as_str().unwrap_or_default()
    }
}

/// An operation's paginator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginator<'a> {
    pub input_token: &'a str,
    pub output_token: &'a str,
    pub limit_key: Option<&'a str>,
    pub more_results: Option<&'a str>,
    /// The members whose items the pages add up (botocore's `result_key`: one, or several, as
    /// DescribeAlarms' MetricAlarms and CompositeAlarms).
    pub result_keys: Vec<&'a str>,
}

/// A member of a small object (a shape, a member entry: a handful of keys), found by comparing
/// keys in turn: for so few, cheaper than hashing the key as the object's own lookup does, and
/// the parser reads these on every line.
fn field<'a>(v: &'a Value, key: &str) -> &'a Value {
    static NULL: Value = Value::Null;
    v.as_object().and_then(|m| m.iter().find(|(k, _)| k.as_str() == key)).map_or(&NULL, |(_, v)| v)
}

/// A shape, as the trimmed file has it.
#[derive(Debug, Clone, Copy)]
pub struct Shape<'a>(&'a Value);

impl<'a> Shape<'a> {
    pub fn kind(&self) -> &'a str {
        field(self.0, "type").as_str().unwrap_or("string")
    }
    pub fn members(&self) -> impl Iterator<Item = Member<'a>> + use<'a> {
        field(self.0, "members").as_array().into_iter().flatten().map(|m| Member {
            name: field(m, "name").as_str().unwrap_or_default(),
            shape: field(m, "shape").as_str().unwrap_or_default(),
            raw: m,
        })
    }
    /// The shape of the member named `name`, reading only the members' names on the way.
    pub fn member_shape(&self, name: &str) -> Option<&'a str> {
        let members = field(self.0, "members").as_array()?;
        let m = members.iter().find(|m| field(m, "name").as_str() == Some(name))?;
        field(m, "shape").as_str()
    }
    /// The members botocore's validator requires, in the model's order (validate.py reports
    /// missing ones in that order).
    pub fn required_members(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        field(self.0, "required").as_array().into_iter().flatten().filter_map(Value::as_str)
    }
    pub fn required(&self, member: &str) -> bool {
        field(self.0, "required").as_array().is_some_and(|r| r.iter().any(|n| n == member))
    }
    /// A list's member shape.
    pub fn member(&self) -> Option<&'a str> {
        field(self.0, "member").as_str()
    }
    /// A map's key and value shapes.
    pub fn key(&self) -> Option<&'a str> {
        field(self.0, "key").as_str()
    }
    pub fn value(&self) -> Option<&'a str> {
        field(self.0, "value").as_str()
    }
    /// A string shape's enum values (the trimmed model keeps enums of up to 64 values).
    pub fn enum_values(&self) -> Option<Vec<&'a str>> {
        field(self.0, "enum").as_array().map(|v| v.iter().filter_map(|x| x.as_str()).collect())
    }
    /// The shape's `min` (a length for strings and lists, a value for numbers).
    pub fn min(&self) -> Option<f64> {
        field(self.0, "min").as_f64()
    }
}

/// The AWS CLI's renamed arguments (awscli customizations/argrename.py, ARGUMENT_RENAMES) of
/// the operations the sandbox serves: service, operation and argument as botocore's names
/// make them, and the name the CLI takes instead (`--endpoint` would clash with the global
/// `--endpoint-url`).
const ARGUMENT_RENAMES: &[(&str, &str, &str, &str)] = &[("sns", "subscribe", "endpoint", "notification-endpoint")];

/// The services that have a model, in the order of their files (`models/<name>.json`).
pub const SERVICES: [&str; 5] = ["ec2", "cloudwatch", "sns", "sts", "iam"];

#[cfg(not(target_arch = "wasm32"))]
const BUNDLED: [&str; SERVICES.len()] = [
    include_str!("../models/ec2.json"),
    include_str!("../models/cloudwatch.json"),
    include_str!("../models/sns.json"),
    include_str!("../models/sts.json"),
    include_str!("../models/iam.json"),
];

/// The models the parser itself reads (the services in `kumo_sim::command::MODELLED_SERVICES`),
/// embedded in the page's terminal chunk (the parser's code is there too): a modelled service
/// has no hand-written parser to fall back on. These are the parsing copies build.rs writes,
/// without documentation; the documented models come after the chunk, for help
/// ([`documented`]).
#[cfg(target_arch = "wasm32")]
const PARSING: [(&str, &str); 5] = [
    ("ec2", include_str!(concat!(env!("OUT_DIR"), "/parsing/ec2.json"))),
    ("cloudwatch", include_str!(concat!(env!("OUT_DIR"), "/parsing/cloudwatch.json"))),
    ("sns", include_str!(concat!(env!("OUT_DIR"), "/parsing/sns.json"))),
    ("sts", include_str!(concat!(env!("OUT_DIR"), "/parsing/sts.json"))),
    ("iam", include_str!(concat!(env!("OUT_DIR"), "/parsing/iam.json"))),
];

/// The documented models, once installed.
static SLOTS: [OnceLock<Model>; SERVICES.len()] = [const { OnceLock::new() }; SERVICES.len()];
/// The page's parsing copies, until the documented model of the service is installed.
#[cfg(target_arch = "wasm32")]
static PARSING_SLOTS: [OnceLock<Model>; SERVICES.len()] = [const { OnceLock::new() }; SERVICES.len()];

fn parse(service: &str, text: &str) -> Result<Model, String> {
    let model = Model(serde_json::from_str(text).map_err(|e| format!("models/{service}.json: {e}"))?);
    if model.service() != service {
        return Err(format!("models/{service}.json is the model of {}", model.service()));
    }
    Ok(model)
}

/// Installs a service's documented model from the text of its file; an unknown service or a
/// file that does not parse is refused (and help goes on without it).
pub fn install(service: &str, text: &str) -> Result<(), String> {
    let i = SERVICES.iter().position(|s| *s == service).ok_or_else(|| format!("no model slot for {service}"))?;
    let model = parse(service, text)?;
    if let Some(slot) = SLOTS.get(i) {
        let _ = slot.set(model);
    }
    Ok(())
}

/// The documented model of a service the sandbox serves, for help: natively parsed from the
/// embedded file on first use; in the page, once fetched.
pub fn documented(service: &str) -> Option<&'static Model> {
    let i = SERVICES.iter().position(|s| *s == service)?;
    #[cfg(not(target_arch = "wasm32"))]
    if SLOTS.get(i)?.get().is_none()
        && let Some(text) = BUNDLED.get(i)
    {
        let _ = install(service, text);
    }
    SLOTS.get(i)?.get()
}

/// The model of a service for parsing: the documented one, or in the page the embedded
/// parsing copy until that has come.
pub fn model(service: &str) -> Option<&'static Model> {
    documented(service).or_else(|| parsing_copy(service))
}

#[cfg(target_arch = "wasm32")]
fn parsing_copy(service: &str) -> Option<&'static Model> {
    let i = SERVICES.iter().position(|s| *s == service)?;
    let (_, text) = PARSING.iter().find(|(s, _)| *s == service)?;
    let slot = PARSING_SLOTS.get(i)?;
    if slot.get().is_none()
        && let Ok(m) = parse(service, text)
    {
        let _ = slot.set(m);
    }
    slot.get()
}

/// Natively every documented model is bundled: there is no parsing copy to fall back on.
#[cfg(not(target_arch = "wasm32"))]
fn parsing_copy(_: &str) -> Option<&'static Model> {
    None
}

impl Model {
    pub fn service(&self) -> &str {
        self.0["service"].as_str().unwrap_or_default()
    }
    pub fn botocore(&self) -> &str {
        self.0["botocore"].as_str().unwrap_or_default()
    }
    /// The first sentence of the service's documentation.
    pub fn documentation(&self) -> &str {
        self.0["documentation"].as_str().unwrap_or_default()
    }

    pub fn shape(&self, name: &str) -> Option<Shape<'_>> {
        field(&self.0, "shapes").get(name).map(Shape)
    }

    pub fn has_operation(&self, action: &str) -> bool {
        field(&self.0, "operations").get(action).is_some()
    }

    /// How the AWS CLI pages through an operation's results (botocore's paginators-1.json):
    /// `(input_token, output_token, limit_key, more_results, result_key)`, for operations
    /// with one token and one result key.
    pub fn paginator(&self, action: &str) -> Option<Paginator<'_>> {
        let p = field(field(&self.0, "operations").get(action)?, "paginator");
        Some(Paginator {
            input_token: p["input_token"].as_str()?,
            output_token: p["output_token"].as_str()?,
            limit_key: p["limit_key"].as_str(),
            more_results: p["more_results"].as_str(),
            result_keys: match &p["result_key"] {
                Value::String(k) => vec![k.as_str()],
                Value::Array(keys) => keys.iter().filter_map(Value::as_str).collect(),
                _ => return None,
            },
        })
    }

    /// The first sentence of an operation's documentation.
    pub fn operation_doc(&self, action: &str) -> Option<&str> {
        field(field(&self.0, "operations").get(action)?, "documentation").as_str()
    }

    pub fn input_shape(&self, action: &str) -> Option<Shape<'_>> {
        self.shape(field(field(&self.0, "operations").get(action)?, "input").as_str()?)
    }

    /// The input member whose AWS CLI name is `cli_name` (botocore's `xform_name(name, '-')`),
    /// and whether it is required.
    pub fn input_member(&self, action: &str, cli_name: &str) -> Option<(Member<'_>, bool)> {
        let input = self.input_shape(action)?;
        let m = input.members().find(|m| self.cli_name(action, m.name) == cli_name)?;
        Some((m, input.required(m.name)))
    }

    /// The option an input member is on the command line: its name in the CLI's style, or the
    /// name the AWS CLI renames it to.
    pub fn cli_name(&self, action: &str, member: &str) -> String {
        cli_name(self.service(), action, member)
    }

    /// The AWS CLI's type label for a shape: `string`, `list`, `structure`, …
    pub fn type_label(&self, shape: &str) -> &str {
        self.shape(shape).map(|s| s.kind()).unwrap_or("string")
    }

    /// The shorthand syntax the AWS CLI's help shows for a structure, list or map parameter,
    /// limited to the members the sandbox accepts (`only`; empty: all).
    pub fn shorthand(&self, shape: &str, only: &[&str]) -> Option<String> {
        let s = self.shape(shape)?;
        match s.kind() {
            "structure" => Some(self.struct_shorthand(s, only, 0)),
            "list" => {
                let member = self.shape(s.member()?)?;
                match member.kind() {
                    "structure" => Some(format!("{} ...", self.struct_shorthand(member, only, 0))),
                    "list" | "map" => None,
                    kind => Some(format!("{kind} {kind} ...")),
                }
            }
            "map" => Some("KeyName1=string,KeyName2=string".into()),
            _ => None,
        }
    }

    fn struct_shorthand(&self, s: Shape<'_>, only: &[&str], depth: usize) -> String {
        s.members()
            .filter(|m| only.is_empty() || only.contains(&m.name))
            .map(|m| {
                let sub = self.shape(m.shape);
                let value = match sub.map(|x| x.kind()) {
                    Some("list") => match sub.and_then(|x| x.member()).and_then(|i| self.shape(i)) {
                        Some(inner) if inner.kind() == "structure" && depth < 1 => {
                            let one = self.struct_shorthand(inner, &[], depth + 1);
                            format!("[{{{one}}},{{{one}}}]")
                        }
                        Some(inner) if inner.kind() == "structure" => "[{...},{...}]".to_string(),
                        Some(inner) => format!("{},{}", inner.kind(), inner.kind()),
                        None => "string,string".to_string(),
                    },
                    Some("structure") if depth < 1 => {
                        format!("{{{}}}", sub.map(|x| self.struct_shorthand(x, &[], depth + 1)).unwrap_or_default())
                    }
                    Some("structure") => "{...}".to_string(),
                    Some(kind) => kind.to_string(),
                    None => "string".to_string(),
                };
                format!("{}={value}", m.name)
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// An input member's `--parameter` name: botocore's `xform_name`, with the AWS CLI's renames
/// (ARGUMENT_RENAMES). It needs no model: the echo of a form's request uses it in the first
/// load, where the models are not.
pub fn cli_name(service: &str, action: &str, member: &str) -> String {
    let (op, name) = (xform_name(action), xform_name(member));
    ARGUMENT_RENAMES
        .iter()
        .find(|(s, o, a, _)| *s == service && *o == op && *a == name)
        .map_or(name, |(.., to)| (*to).to_string())
}

/// botocore's `xform_name(name, '-')`: `InstanceIds` → `instance-ids`, `DBInstanceIdentifier`
/// → `db-instance-identifier`, `VolumeIOPS`-like runs of capitals kept together.
pub fn xform_name(name: &str) -> String {
    // botocore's special case: a trailing run of capitals plus `s` (`ARNs`) is one word.
    let bytes = name.as_bytes();
    let run = bytes.iter().rev().skip(1).take_while(|b| b.is_ascii_uppercase()).count();
    if name.ends_with('s') && run >= 2 {
        let head = &name[..name.len() - 1 - run];
        let tail = name[name.len() - 1 - run..].to_ascii_lowercase();
        return if head.is_empty() { tail } else { format!("{}-{tail}", xform_name(head)) };
    }
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            // A new word starts at a capital after a lower-case letter or digit, or at the last
            // capital of a run when a lower-case letter follows (`DBInstance` → `db-instance`).
            if prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_lower) {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

// Natively only: the page fetches the models, the native build embeds them.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    include!("../strip_docs.rs");

    /// The page's parsing copies (build.rs) are the documented models without documentation,
    /// enum values and the shapes only untaken members reach.
    #[test]
    fn parsing_copies_are_the_models_without_documentation() {
        let copies = [
            include_str!(concat!(env!("OUT_DIR"), "/parsing/ec2.json")),
            include_str!(concat!(env!("OUT_DIR"), "/parsing/cloudwatch.json")),
            include_str!(concat!(env!("OUT_DIR"), "/parsing/sns.json")),
            include_str!(concat!(env!("OUT_DIR"), "/parsing/sts.json")),
            include_str!(concat!(env!("OUT_DIR"), "/parsing/iam.json")),
        ];
        for (i, name) in SERVICES.iter().enumerate() {
            let mut full: Value = serde_json::from_str(BUNDLED[i]).unwrap();
            parsing_copy(&mut full, name);
            let copy: Value = serde_json::from_str(copies[i]).unwrap();
            assert_eq!(copy, full, "{name}");
            assert!(copies[i].len() * 10 < BUNDLED[i].len() * 7, "{name}: the copy is not much smaller");
        }
    }

    #[test]
    fn every_model_parses_and_names_the_pinned_botocore() {
        for name in SERVICES {
            let m = model(name).unwrap_or_else(|| panic!("models/{name}.json does not parse"));
            assert_eq!(m.botocore(), "1.44.8");
            for (op, o) in m.0["operations"].as_object().unwrap() {
                if let Some(shape) = o["input"].as_str() {
                    assert!(m.shape(shape).is_some(), "{name} {op}: shape {shape} missing");
                }
            }
        }
    }

    #[test]
    fn a_broken_or_misnamed_model_is_refused() {
        assert!(install("ec2", "{").is_err());
        assert!(install("s3", "{}").is_err());
        assert!(install("sns", BUNDLED[0]).unwrap_err().contains("is the model of ec2"));
    }

    #[test]
    fn every_operation_the_cli_accepts_is_in_its_model() {
        for svc in crate::spec::services() {
            let m = model(svc.name).unwrap();
            for op in svc.operations {
                assert!(m.has_operation(op.action), "{} {} not in the trimmed model", svc.name, op.action);
                assert_eq!(xform_name(op.action), op.name);
            }
        }
    }

    #[test]
    fn names_transform_as_botocore_does() {
        assert_eq!(xform_name("DescribeInstances"), "describe-instances");
        assert_eq!(xform_name("DBInstanceIdentifier"), "db-instance-identifier");
        assert_eq!(xform_name("CreateDBSnapshot"), "create-db-snapshot");
        assert_eq!(xform_name("Ipv6AddressCount"), "ipv6-address-count");
        assert_eq!(xform_name("ListTopicARNs"), "list-topic-arns");
    }
}
