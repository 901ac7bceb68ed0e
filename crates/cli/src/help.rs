//! Help texts of the terminal: what it runs, and a synopsis of each modelled operation.

use crate::models;
use crate::say;
use crate::spec::{self, Kind, Operation, Param};
use crate::words::{Lang, columns, text};

/// What the terminal runs (`help`), in the learner's language.
pub fn overview(lang: Lang) -> String {
    text(lang, "help.overview").to_string()
}

/// The sandbox's own commands (`sim help`), in the learner's language.
pub fn sim(lang: Lang) -> String {
    text(lang, "help.sim").to_string()
}

/// The AWS CLI's own help for the global options the sandbox takes (awscli/data/cli.json),
/// with the catalog key of the sandbox's note where it has one.
const GLOBAL_OPTIONS: &[(&str, &str, &str, Option<&str>)] = &[
    ("--output", "string", "The formatting style for command output. json, text, table, yaml, yaml-stream.", None),
    ("--query", "string", "A JMESPath query to use in filtering the response data.", None),
    ("--profile", "string", "Use a specific profile from your credential file.", Some("help.profile_note")),
    ("--region", "string", "The region to use.", Some("help.region_note")),
    ("--no-paginate", "boolean", "Disable automatic pagination.", None),
    ("--no-cli-pager", "boolean", "Disable cli pager for output.", None),
];

/// The AWS CLI's own parameters, not in botocore's model (awscli/customizations/ec2/runinstances
/// and addcount.py), with the first sentence of their help.
const CLI_PARAMETERS: &[(&str, &str)] = &[(
    "count",
    "Number of instances to launch; a range min:max launches at least min and as many as max as capacity allows.",
)];

/// Help at each level, laid out as the AWS CLI's man-page help is (NAME, DESCRIPTION,
/// SYNOPSIS, OPTIONS), from botocore's models: the first sentence of each documentation
/// string, each parameter's type and whether it is required.
/// The man page stays in English as the AWS CLI prints it; the sandbox's notes in it are in
/// the learner's language.
pub fn aws(lang: Lang, service: Option<&str>, operation: Option<&Operation>) -> String {
    match (service, operation) {
        (service, Some(op)) => operation_help(lang, service.unwrap_or("ec2"), op),
        (Some(name), None) => service_help(lang, name),
        (None, None) => top_help(lang),
    }
}

/// A man page's title line: `NAME()` at both ends of 79 columns.
fn title(name: &str) -> String {
    let t = format!("{}()", name.to_uppercase());
    format!("{t}{}{t}\n\n\n\n", " ".repeat(79usize.saturating_sub(2 * t.len()).max(1)))
}

/// Words filled to 79 columns under an indent, as man renders a paragraph.
fn para(text: &str, indent: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent + columns(&line) + 1 + columns(word) > 79 {
            out.push_str(&format!("{}{line}\n", " ".repeat(indent)));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{}{line}\n", " ".repeat(indent)));
    }
    out
}

fn top_help(lang: Lang) -> String {
    let mut out = title("aws");
    out.push_str("NAME\n       aws -\n\nDESCRIPTION\n");
    out.push_str(&para("The AWS Command Line Interface is a unified tool to manage your AWS services.", 7));
    out.push_str("\nSYNOPSIS\n          aws [options] <command> <subcommand> [parameters]\n\n");
    out.push_str(&para("Use aws command help for information on a specific command.", 7));
    out.push_str("\nOPTIONS\n");
    for (name, kind, doc, note) in GLOBAL_OPTIONS {
        let doc = match note {
            Some(key) => format!("{doc} {}", text(lang, key)),
            None => doc.to_string(),
        };
        out.push_str(&format!("       {name} ({kind})\n{}\n", para(&doc, 10)));
    }
    out.push_str("AVAILABLE SERVICES\n");
    let mut names: Vec<&str> = spec::services().iter().map(|s| s.name).collect();
    names.sort_unstable();
    for name in names {
        out.push_str(&format!("       o {name}\n\n"));
    }
    let services = spec::services().iter().map(|s| s.name).collect::<Vec<_>>().join(", ");
    out.push_str(&para(&say!(lang, "help.services_note", services = services), 7));
    out
}

fn service_help(lang: Lang, name: &str) -> String {
    let Some(svc) = spec::service(name) else { return format!("aws: unknown service {name}\n") };
    let model = models::documented(svc.name);
    let mut out = title(svc.name);
    out.push_str(&format!("NAME\n       {} -\n\nDESCRIPTION\n", svc.name));
    match model {
        Some(m) => out.push_str(&para(m.documentation(), 7)),
        None => out.push_str(&para(text(lang, "help.not_loaded"), 7)),
    }
    out.push_str("\nAVAILABLE COMMANDS\n");
    for op in svc.operations {
        out.push_str(&format!("       o {}\n", op.name));
        if let Some(doc) = model.and_then(|m| m.operation_doc(op.action)) {
            out.push_str(&para(doc, 10));
        }
        out.push('\n');
    }
    out.push_str(&para(&say!(lang, "help.commands_note", count = svc.operations.len()), 7));
    out
}

/// What a modelled operation does in the sandbox beyond its model's documentation, by
/// botocore's operation name (`note.RunInstances`); most have none.
pub fn note(lang: Lang, op: &Operation) -> &'static str {
    text(lang, &format!("note.{}", op.action))
}

fn synopsis_line(p: &Param) -> String {
    match p.kind {
        Kind::Bool => format!("--{} | --{}", p.name, spec::negative_flag(p.name)),
        _ => format!("--{} <value>", p.name),
    }
}

fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Str => "string",
        Kind::StrList | Kind::StructList(_) => "list",
        Kind::Bool => "boolean",
        Kind::Struct(_) => "structure",
        Kind::Map(_) => "map",
        Kind::Blob => "blob",
        Kind::Float => "double",
        Kind::Int => "integer",
    }
}

fn operation_help(lang: Lang, service: &str, op: &Operation) -> String {
    let model = models::documented(service);
    let op_doc = model.and_then(|m| m.operation_doc(op.action));
    let mut out = title(op.name);
    out.push_str(&format!("NAME\n       {} -\n\nDESCRIPTION\n", op.name));
    match op_doc {
        Some(doc) => out.push_str(&para(doc, 7)),
        // Said where the model's documentation would be, while the page is still fetching it.
        None => out.push_str(&para(text(lang, "help.not_loaded"), 7)),
    }
    out.push('\n');
    let note = note(lang, op);
    if !note.is_empty() {
        out.push_str(&para(&say!(lang, "help.op_note", summary = note), 7));
    }
    out.push_str(&format!("\nSYNOPSIS\n            {}\n", op.name));
    for p in op.params {
        if p.required {
            out.push_str(&format!("          {}\n", synopsis_line(p)));
        } else {
            out.push_str(&format!("          [{}]\n", synopsis_line(p)));
        }
    }
    if op.dry_run {
        out.push_str("          [--dry-run | --no-dry-run]\n");
    }
    out.push_str("\nOPTIONS\n");
    for p in op.params {
        let member = model.and_then(|m| Some((m, m.input_member(op.action, p.name)?)));
        let (label, doc, shorthand) = match member {
            Some((m, (member, _))) => {
                let only: &[&str] = match p.kind {
                    Kind::Struct(members) | Kind::StructList(members) => members,
                    _ => &[],
                };
                (
                    m.type_label(member.shape).to_string(),
                    member.documentation().to_string(),
                    m.shorthand(member.shape, only),
                )
            }
            // The AWS CLI's own parameters are not members of the input shape; without the
            // model (not loaded yet in the page) the type comes from how the CLI parses it.
            None => {
                let doc = CLI_PARAMETERS.iter().find(|(n, _)| *n == p.name).map(|(_, d)| d.to_string());
                (kind_label(p.kind).to_string(), doc.unwrap_or_default(), None)
            }
        };
        let required = if p.required { " [required]" } else { "" };
        out.push_str(&format!("       --{} ({label}){required}\n", p.name));
        if !doc.is_empty() {
            out.push_str(&para(&doc, 10));
        }
        if let Some(sh) = shorthand {
            out.push_str(&format!("\n          Shorthand Syntax:\n\n              {sh}\n"));
        }
        out.push('\n');
    }
    if op.dry_run {
        out.push_str("       --dry-run | --no-dry-run (boolean)\n");
        out.push_str(&para(
            "Checks whether you have the required permissions for the action, without actually making the request.",
            10,
        ));
        out.push('\n');
    }
    out
}
