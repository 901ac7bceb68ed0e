//! Help texts of the terminal: what it runs, and a synopsis of each modelled operation.

use crate::models;
use crate::spec::{self, Kind, Operation, Param};

pub fn overview() -> String {
    "This terminal runs:\n\
     \x20 aws ec2 <operation> [parameters]   the AWS CLI, against the simulated world ('aws ec2 help')\n\
     \x20 sim <subcommand>                   sandbox commands: advance time, clock, reset ('sim help')\n\
     \x20 clear                              clear the screen\n\
     Global options: --region, --output json|text|table, --profile learner|partner.\n\
     In aws and sim lines, {i:NAME}, {vol:NAME} and {snap:NAME} stand for the id of the\n\
     instance, volume or snapshot tagged Name=NAME,\n\
     and {ami:PREFIX} for the catalogue image whose name starts with PREFIX.\n"
        .to_string()
}

pub fn sim() -> String {
    "sim advance <duration>      move the virtual clock forward (90s, 5m, 2h, 1d, 1h30m); beyond 40\n\
     \x20                           events the lines are counted per kind (--verbose lists all)\n\
     sim next                    jump to the next scheduled event\n\
     sim clock                   show the virtual time, seed and limit profile\n\
     sim events                  list scheduled events\n\
     sim cost                    charges of the current account so far, per item and per resource\n\
     sim snapshots               each snapshot's own (incremental) and full size\n\
     sim fault hardware INSTANCE the instance's host fails (sandbox only)\n\
     sim fault capacity TYPE ZONE out|back\n\
     \x20                           a type runs out of capacity in a zone, or gets it back\n\
     sim fault event INSTANCE CODE [IN]\n\
     \x20                           AWS schedules an event (instance-reboot, system-reboot, …)\n\
     sim workload set --volume-id V --read-iops N [--write-iops N] [--io-size-kib K] [--sequential]\n\
     \x20                           the guest's I/O on a volume (sim workload clear --volume-id V)\n\
     sim volume VOLUME           the volume's IOPS and throughput limits, burst credits, demand\n\
     sim inbox [N]               mail SNS sent to email subscriptions (N: read one)\n\
     sim cpu set --instance-id I --percent N [--pattern P]\n\
     \x20                           the guest's CPU load (sim cpu clear --instance-id I)\n\
     sim cpu INSTANCE            its CPU utilization and, on T2/T3, CPU credits\n\
     sim network set --instance-id I --mbps N\n\
     \x20                           the guest's other network traffic, which EBS shares on an\n\
     \x20                           instance without dedicated EBS bandwidth (sim network clear …)\n\
     sim disk info|ls|cat INSTANCE [PATH] [--device D]\n\
     \x20                           look at an instance's disks (root, ephemeral0, …)\n\
     sim disk write|rm INSTANCE PATH [TEXT] [--device D]\n\
     \x20                           act as a process inside the running instance\n\
     sim changes on|off|[N]      follow every create, update and delete of a resource (the\n\
     \x20                           feed AWS Config records from) and list the newest N\n\
     sim file ls|cat|write|rm PATH [TEXT]\n\
     \x20                           files on your own machine (home /home/learner), which\n\
     \x20                           file:// and fileb:// parameters read\n\
     sim view RESOURCE           a resource as AWS Config will record it: type, ARN, zone,\n\
     \x20                           creation time, tags, relationships and its Describe view\n\
     sim reset [--seed N] [--profile classic|current]\n\
     \x20                           start a fresh world\n"
        .to_string()
}

/// The AWS CLI's own help for the global options the sandbox takes (awscli/data/cli.json).
const GLOBAL_OPTIONS: &[(&str, &str, &str)] = &[
    ("--output", "string", "The formatting style for command output. json, text, table, yaml, yaml-stream."),
    ("--query", "string", "A JMESPath query to use in filtering the response data."),
    ("--profile", "string", "Use a specific profile from your credential file. (Sandbox: learner or partner.)"),
    ("--region", "string", "The region to use. (Sandbox: us-east-1, us-west-2 or ap-northeast-1.)"),
    ("--no-paginate", "boolean", "Disable automatic pagination."),
    ("--no-cli-pager", "boolean", "Disable cli pager for output."),
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
pub fn aws(service: Option<&str>, operation: Option<&Operation>) -> String {
    match (service, operation) {
        (service, Some(op)) => operation_help(service.unwrap_or("ec2"), op),
        (Some(name), None) => service_help(name),
        (None, None) => top_help(),
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
        if !line.is_empty() && indent + line.len() + 1 + word.len() > 79 {
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

fn top_help() -> String {
    let mut out = title("aws");
    out.push_str("NAME\n       aws -\n\nDESCRIPTION\n");
    out.push_str(&para("The AWS Command Line Interface is a unified tool to manage your AWS services.", 7));
    out.push_str("\nSYNOPSIS\n          aws [options] <command> <subcommand> [parameters]\n\n");
    out.push_str(&para("Use aws command help for information on a specific command.", 7));
    out.push_str("\nOPTIONS\n");
    for (name, kind, doc) in GLOBAL_OPTIONS {
        out.push_str(&format!("       {name} ({kind})\n{}\n", para(doc, 10)));
    }
    out.push_str("AVAILABLE SERVICES\n");
    let mut names: Vec<&str> = spec::services().iter().map(|s| s.name).collect();
    names.sort_unstable();
    for name in names {
        out.push_str(&format!("       o {name}\n\n"));
    }
    out.push_str(&para(
        &format!(
            "In this sandbox: {} are modelled; other services answer that they are not available yet.",
            spec::services().iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
        ),
        7,
    ));
    out
}

fn service_help(name: &str) -> String {
    let Some(svc) = spec::service(name) else { return format!("aws: unknown service {name}\n") };
    let model = models::documented(svc.name);
    let mut out = title(svc.name);
    out.push_str(&format!("NAME\n       {} -\n\nDESCRIPTION\n", svc.name));
    match model {
        Some(m) => out.push_str(&para(m.documentation(), 7)),
        None => out.push_str(&para(NOT_LOADED, 7)),
    }
    out.push_str("\nAVAILABLE COMMANDS\n");
    for op in svc.operations {
        out.push_str(&format!("       o {}\n", op.name));
        if let Some(doc) = model.and_then(|m| m.operation_doc(op.action)) {
            out.push_str(&para(doc, 10));
        }
        out.push('\n');
    }
    out.push_str(&para(
        &format!(
            "In this sandbox: {} of the service's commands are modelled; the others answer that they are not modelled yet.",
            svc.operations.len()
        ),
        7,
    ));
    out
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

/// Said where the model's documentation would be, while the page is still fetching it.
const NOT_LOADED: &str = "(The documentation from botocore's model has not loaded yet; try again in a moment.)";

fn operation_help(service: &str, op: &Operation) -> String {
    let model = models::documented(service);
    let op_doc = model.and_then(|m| m.operation_doc(op.action));
    let mut out = title(op.name);
    out.push_str(&format!("NAME\n       {} -\n\nDESCRIPTION\n", op.name));
    match op_doc {
        Some(doc) => out.push_str(&para(doc, 7)),
        None => out.push_str(&para(NOT_LOADED, 7)),
    }
    out.push('\n');
    // A modelled service's operations have no sandbox note: they are what the model says.
    if !op.summary.is_empty() {
        out.push_str(&para(&format!("In this sandbox: {}", op.summary), 7));
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
