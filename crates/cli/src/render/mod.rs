//! Output: typed replies → AWS-shaped JSON values → `--output json|text|table|yaml|yaml-stream`
//! text, after `--query` (crate::query) when there is one.

pub mod cloudwatch;
pub mod ec2;
pub mod sns;
pub mod table;
pub mod text;
pub mod yaml;

use kumo_sim::Timestamp;
use serde_json::Value;

use crate::parse::OutputFormat;

/// ISO 8601 with an explicit UTC offset and no fraction, as the AWS CLI v2 prints timestamps.
pub fn iso(t: Timestamp) -> String {
    let (y, mo, d, h, mi, s, _) = t.civil();
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+00:00")
}

/// `2026-04-01T00:00:00.000Z`: how DescribeImages prints CreationDate (a string in the API,
/// so the CLI prints it as EC2 sent it).
pub fn iso_z(t: Timestamp) -> String {
    let (y, mo, d, h, mi, s, ms) = t.civil();
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
}

/// Like [`iso`], with milliseconds when there are any (`…:56.384000+00:00`), as the CLI
/// prints timestamps that EC2 returns with a fraction (key pair CreateTime).
pub fn iso_ms(t: Timestamp) -> String {
    let (y, mo, d, h, mi, s, ms) = t.civil();
    if ms == 0 { iso(t) } else { format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}000+00:00") }
}

/// Formats a response document (or what `--query` made of it). An empty response prints
/// nothing, as the AWS CLI's formatters do (`response != {}`); the table formatter also prints
/// nothing for any other false value (`if not current`), and text prints `None` for null.
pub fn format(value: &Value, output: OutputFormat, title: &str) -> String {
    if value.as_object().is_some_and(|o| o.is_empty()) {
        return String::new();
    }
    match output {
        OutputFormat::Json => json(value),
        OutputFormat::Text => text::format(value),
        OutputFormat::Table if is_falsy(value) => String::new(),
        OutputFormat::Table => table::format(value, title).unwrap_or_else(|e| format!("\n{e}\n")),
        OutputFormat::Yaml => yaml::format(value),
        OutputFormat::YamlStream => yaml::stream(value),
    }
}

/// Python's truth value of a JSON value.
fn is_falsy(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

/// `json.dumps(indent=4, ensure_ascii=False)` plus a newline: the AWS CLI's JSON output.
pub fn json(value: &Value) -> String {
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    if serde::Serialize::serialize(value, &mut ser).is_err() {
        return String::new();
    }
    let mut s = String::from_utf8(out).unwrap_or_default();
    s.push('\n');
    s
}

/// Python's `str()` of a JSON scalar, which the text and table formats print.
pub fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}
