//! `--query` and the output formats: a JMESPath expression (the input's first line) over a
//! response document (a fixed one, or the rest of the input when it is JSON), then every
//! `--output` format of the result. Nothing may panic or overflow the stack.
#![no_main]

use kumo_cli::{OutputFormat, query::Query, render};
use libfuzzer_sys::fuzz_target;

const DOC: &str = r#"{"Reservations":[{"Instances":[{"InstanceId":"i-1","State":{"Code":16,"Name":"running"},
"Tags":[{"Key":"Name","Value":"web"}],"BlockDeviceMappings":[{"DeviceName":"/dev/xvda","Ebs":{"VolumeId":"vol-1"}}]},
{"InstanceId":"i-2","State":{"Code":80,"Name":"stopped"},"Tags":[]}]}],"Volumes":[{"Size":8,"Iops":null},{"Size":1.5}]}"#;

const FORMATS: [OutputFormat; 5] =
    [OutputFormat::Json, OutputFormat::Text, OutputFormat::Table, OutputFormat::Yaml, OutputFormat::YamlStream];

fuzz_target!(|data: &[u8]| {
    let text = kumo_fuzz::text(data);
    let (expr, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let doc: serde_json::Value =
        serde_json::from_str(rest).unwrap_or_else(|_| serde_json::from_str(DOC).unwrap_or_default());
    let Ok(q) = Query::compile(expr) else { return };
    if let Ok(result) = q.search(&doc) {
        for f in FORMATS {
            let _ = render::format(&result, f, "Fuzz");
        }
    }
});
