//! Prints, as JSON lines, what `scripts/fidelity.py` checks against botocore's models and the
//! AWS CLI's own formatters: every operation and parameter the sandbox accepts, and every
//! successful `aws` call of every transcript (its response document before `--query`, the
//! query, the format, what the sandbox printed, and the document in every other format).
//! A test aid, run by the test command; not part of the app.
//!
//! Usage: `cargo run -p kumo-cli --example fidelity_records -- crates/cli/tests/transcripts`

use std::path::Path;

use kumo_cli::{OutputFormat, render, script, spec};
use serde_json::{Value, json};

const FORMATS: [OutputFormat; 5] =
    [OutputFormat::Json, OutputFormat::Text, OutputFormat::Table, OutputFormat::Yaml, OutputFormat::YamlStream];

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "crates/cli/tests/transcripts".into());
    let mut out = String::new();
    for service in spec::services() {
        for op in service.operations {
            let params: Vec<Value> = op
                .params
                .iter()
                .map(|p| json!({"name": p.name, "kind": format!("{:?}", p.kind), "required": p.required}))
                .collect();
            let record = json!({"kind": "operation", "service": service.name, "name": op.name, "action": op.action,
                "dry_run": op.dry_run, "params": params});
            out.push_str(&format!("{record}\n"));
        }
    }
    let mut files: Vec<_> = std::fs::read_dir(Path::new(&dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut session = script::session_for(&text);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let Some(command) = line.strip_prefix("$ ") else { continue };
            let (outcome, trace) = session.run_aws_line_traced(command);
            let Some(t) = trace else { continue };
            if outcome.exit != 0 {
                continue;
            }
            let formats: serde_json::Map<String, Value> = FORMATS
                .iter()
                .map(|f| (f.name().to_string(), Value::String(render::format(&t.document, *f, t.action))))
                .collect();
            let record = json!({"kind": "call", "file": name, "line": n + 1, "command": command,
                "service": t.service, "action": t.action, "document": t.document, "query": t.query,
                "output": t.output.name(), "printed": outcome.stdout, "formats": formats});
            out.push_str(&format!("{record}\n"));
        }
    }
    print!("{out}");
}
