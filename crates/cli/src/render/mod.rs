//! Output: the response document (built by the services in `kumo_sim::response`) →
//! `--output json|text|table|yaml|yaml-stream` text, after `--query` (crate::query) when there
//! is one.

pub mod table;
pub mod text;
pub mod yaml;

use kumo_sim::Timestamp;
use serde_json::Value;

use crate::parse::OutputFormat;

/// ISO 8601 as the AWS CLI v2 prints timestamps ([`Timestamp::iso8601`]).
pub fn iso(t: Timestamp) -> String {
    t.iso8601()
}

/// Formats a response document (or what `--query` made of it) as for output that is not a
/// terminal (the table 80 columns wide). An empty response prints nothing, as the AWS CLI's
/// formatters do (`response != {}`); the table formatter also prints nothing for any other
/// false value (`if not current`), and text prints `None` for null.
pub fn format(value: &Value, output: OutputFormat, title: &str) -> String {
    format_for(value, output, title, table::TERMINAL_WIDTH)
}

/// [`format`] for a terminal of `columns` columns (only the table formatter reads the width).
pub fn format_for(value: &Value, output: OutputFormat, title: &str, columns: usize) -> String {
    if value.as_object().is_some_and(|o| o.is_empty()) {
        return String::new();
    }
    match output {
        OutputFormat::Json => format_json(value),
        OutputFormat::Text => text::format(value),
        OutputFormat::Table => table::format(value, title, columns).unwrap_or_else(|e| format!("\n{e}\n")),
        OutputFormat::Yaml => yaml::format(value),
        OutputFormat::YamlStream => yaml::stream(value),
    }
}

/// Python's truth value of a JSON value, false: what the table formatter skips.
pub(crate) fn is_falsy(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

/// [`format_for`] in JSON alone: what a form's output needs, without the other formatters
/// (they come with the terminal's chunk, `src/cli_chunk.rs` in the app).
pub fn format_json(value: &Value) -> String {
    if value.as_object().is_some_and(|o| o.is_empty()) { String::new() } else { json(value) }
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
