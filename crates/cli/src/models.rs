//! botocore's service models, trimmed to the operations the sandbox serves
//! (`crates/cli/models/*.json`, written by `scripts/botocore-models.py` from the list in
//! `models/operations.txt`; botocore's Apache 2.0 notice is `models/NOTICE`). The help texts
//! are built from them; the fidelity check holds the CLI's parameters against the full models.
//!
//! Each model is parsed on first use and kept for the page's life.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    pub botocore: String,
    pub service: String,
    pub api_version: String,
    pub service_full_name: String,
    pub documentation: String,
    pub operations: BTreeMap<String, OperationModel>,
    pub shapes: BTreeMap<String, Shape>,
}

#[derive(Debug, Deserialize)]
pub struct OperationModel {
    pub documentation: String,
    pub input: Option<String>,
    pub output: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub members: Vec<Member>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default, rename = "enum")]
    pub values: Vec<String>,
    /// A list's member shape.
    pub member: Option<String>,
    pub key: Option<String>,
    pub value: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Debug, Deserialize)]
pub struct Member {
    pub name: String,
    pub shape: String,
    #[serde(default)]
    pub documentation: String,
}

const SOURCES: &[(&str, &str)] = &[
    ("ec2", include_str!("../models/ec2.json")),
    ("cloudwatch", include_str!("../models/cloudwatch.json")),
    ("sns", include_str!("../models/sns.json")),
];

/// The model of a service the sandbox serves (`ec2`, `cloudwatch`, `sns`).
pub fn model(service: &str) -> Option<&'static Model> {
    static PARSED: OnceLock<Vec<Option<Model>>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| SOURCES.iter().map(|(_, text)| serde_json::from_str(text).ok()).collect());
    let i = SOURCES.iter().position(|(name, _)| *name == service)?;
    parsed.get(i)?.as_ref()
}

impl Model {
    pub fn shape(&self, name: &str) -> Option<&Shape> {
        self.shapes.get(name)
    }

    pub fn operation(&self, action: &str) -> Option<&OperationModel> {
        self.operations.get(action)
    }

    /// The input member whose AWS CLI name is `cli_name` (botocore's `xform_name(name, '-')`).
    pub fn input_member(&self, action: &str, cli_name: &str) -> Option<(&Member, bool)> {
        let input = self.shape(self.operation(action)?.input.as_deref()?)?;
        let m = input.members.iter().find(|m| xform_name(&m.name) == cli_name)?;
        Some((m, input.required.contains(&m.name)))
    }

    /// The AWS CLI's type label for a shape: `string`, `list`, `structure`, …
    pub fn type_label(&self, shape: &str) -> &str {
        self.shape(shape).map(|s| s.kind.as_str()).unwrap_or("string")
    }

    /// The shorthand syntax the AWS CLI's help shows for a structure, list or map parameter,
    /// limited to the members the sandbox accepts (`only`; empty: all).
    pub fn shorthand(&self, shape: &str, only: &[&str]) -> Option<String> {
        let s = self.shape(shape)?;
        match s.kind.as_str() {
            "structure" => Some(self.struct_shorthand(s, only, 0)),
            "list" => {
                let member = self.shape(s.member.as_deref()?)?;
                match member.kind.as_str() {
                    "structure" => Some(format!("{} ...", self.struct_shorthand(member, only, 0))),
                    "list" | "map" => None,
                    kind => Some(format!("{kind} {kind} ...")),
                }
            }
            "map" => Some("KeyName1=string,KeyName2=string".into()),
            _ => None,
        }
    }

    fn struct_shorthand(&self, s: &Shape, only: &[&str], depth: usize) -> String {
        s.members
            .iter()
            .filter(|m| only.is_empty() || only.contains(&m.name.as_str()))
            .map(|m| {
                let sub = self.shape(&m.shape);
                let value = match sub.map(|x| x.kind.as_str()) {
                    Some("list") => match sub.and_then(|x| x.member.as_deref()).and_then(|i| self.shape(i)) {
                        Some(inner) if inner.kind == "structure" && depth < 1 => {
                            let one = self.struct_shorthand(inner, &[], depth + 1);
                            format!("[{{{one}}},{{{one}}}]")
                        }
                        Some(inner) if inner.kind == "structure" => "[{...},{...}]".to_string(),
                        Some(inner) => format!("{},{}", inner.kind, inner.kind),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_parses_and_names_the_pinned_botocore() {
        for (name, _) in SOURCES {
            let m = model(name).unwrap_or_else(|| panic!("models/{name}.json does not parse"));
            assert_eq!(m.botocore, "1.44.8");
            for (op, o) in &m.operations {
                for shape in o.input.iter().chain(o.output.iter()) {
                    assert!(m.shape(shape).is_some(), "{name} {op}: shape {shape} missing");
                }
            }
        }
    }

    #[test]
    fn every_operation_the_cli_accepts_is_in_its_model() {
        for svc in crate::spec::SERVICES {
            let m = model(svc.name).unwrap();
            for op in svc.operations {
                assert!(m.operation(op.action).is_some(), "{} {} not in the trimmed model", svc.name, op.action);
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
