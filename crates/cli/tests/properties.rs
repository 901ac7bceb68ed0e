//! Property tests of the CLI: every request of every modelled operation, generated from the
//! models, prints as an `aws` line that parses back to the same request, and no input line,
//! however odd, makes a parser panic.

#![cfg(not(target_arch = "wasm32"))]

use kumo_cli::parse::{AwsRequest, parse_aws};
use kumo_cli::{Session, lexer, shorthand, unparse};
use kumo_sim::{Command, Profile};
use proptest::prelude::*;

/// Strings a learner might type as names, tags and filter values: spaces, quotes, commas,
/// brackets, markup and Japanese included; never a leading `--` (that would be an option).
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 ,=:'\"\\[\\]{}<>/*?._雲テスト-]{0,12}")
        .expect("valid regex")
        .prop_filter("not an option", |s| !s.starts_with("--"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn no_line_makes_the_session_panic(line in "(aws|sim|help|clear)?[ a-z0-9=,:'\"\\[\\]{}*-]{0,60}") {
        let mut s = Session::new(1, Profile::Current);
        let _ = s.run_line(&line);
        s.sim.check_invariants().map_err(TestCaseError::fail)?;
    }

    #[test]
    fn aws_lines_built_from_real_words_never_panic(words in proptest::collection::vec(prop_oneof![
        Just("ec2".to_string()), Just("run-instances".to_string()), Just("describe-instances".to_string()),
        Just("stop-instances".to_string()), Just("--instance-ids".to_string()), Just("--filters".to_string()),
        Just("--tag-specifications".to_string()), Just("--count".to_string()), Just("--region".to_string()),
        Just("--output".to_string()), Just("--dry-run".to_string()), Just("--no-force".to_string()),
        Just("--placement".to_string()), Just("--image-id".to_string()), Just("help".to_string()),
        text(),
    ], 0..8)) {
        let _ = parse_aws(&words);
    }

    #[test]
    fn shorthand_and_lexer_never_panic(s in "\\PC{0,80}") {
        let _ = shorthand::parse_value(&s);
        let _ = lexer::split(&s);
    }
}

/// A value of a shape, generated from the model alone: strings of at least the shape's
/// minimum length (an enum's members when it has them), whole numbers from its minimum,
/// booleans, and lists and structures (required members always, optional ones sometimes).
fn from_shape(model: &'static kumo_cli::models::Model, shape: &str, depth: u32) -> BoxedStrategy<serde_json::Value> {
    use serde_json::Value;
    let Some(s) = model.shape(shape) else { return Just(Value::Null).boxed() };
    let min = s.min().unwrap_or(0.0) as usize;
    match s.kind() {
        "string" => match s.enum_values() {
            Some(values) if !values.is_empty() => {
                proptest::sample::select(values).prop_map(|v| Value::String(v.to_string())).boxed()
            }
            _ => (text(), proptest::string::string_regex(&format!("[a-zA-Z0-9_+=,.@-]{{{min},{}}}", min + 8)).unwrap())
                .prop_map(move |(t, pad)| Value::String(if t.chars().count() >= min { t } else { pad }))
                .boxed(),
        },
        "integer" | "long" => {
            let lo = s.min().unwrap_or(0.0) as i64;
            (lo..lo + 50_000).prop_map(Value::from).boxed()
        }
        "boolean" => any::<bool>().prop_map(Value::Bool).boxed(),
        // Bytes, which the input document holds in base64 as the CLI takes them.
        "blob" => proptest::collection::vec(any::<u8>(), 1..48)
            .prop_map(|b| Value::String(kumo_sim::crypto::base64(&b)))
            .boxed(),
        "double" | "float" => (-1e6f64..1e6).prop_map(|f| serde_json::json!(f)).boxed(),
        // Millisecond instants from 1970 to 2286, as text or as seconds since the epoch.
        "timestamp" => prop_oneof![
            (0u64..10_000_000_000_000).prop_map(|ms| Value::String(kumo_sim::Timestamp(ms).iso8601_z())),
            (0u64..10_000_000_000).prop_map(Value::from),
        ]
        .boxed(),
        "list" if depth < 8 => {
            let item = from_shape(model, s.member().unwrap_or_default(), depth + 1);
            proptest::collection::vec(item, min.max(1)..min.max(1) + 3).prop_map(Value::Array).boxed()
        }
        "structure" if depth < 8 => {
            let members: Vec<_> =
                s.members().map(|m| (m.name, s.required(m.name), from_shape(model, m.shape, depth + 1))).collect();
            let parts: Vec<BoxedStrategy<Option<(String, Value)>>> = members
                .into_iter()
                .map(|(name, required, value)| {
                    if required {
                        value.prop_map(move |v| Some((name.to_string(), v))).boxed()
                    } else {
                        proptest::option::of(value.prop_map(move |v| (name.to_string(), v))).boxed()
                    }
                })
                .collect();
            parts.prop_map(|kv| Value::Object(kv.into_iter().flatten().collect())).boxed()
        }
        _ => Just(Value::Null).boxed(),
    }
}

/// Every operation of every modelled service, with an input generated from its model: only
/// the members its request type takes.
fn modelled_command() -> BoxedStrategy<Command> {
    let mut all = Vec::new();
    for (service, operations) in kumo_sim::command::MODELLED_SERVICES {
        let model = kumo_cli::models::model(service).expect("modelled services are embedded");
        for op in operations.iter() {
            let input = model.input_shape(op).expect("input shape");
            let members = kumo_sim::command::request_members(service, op).expect("members");
            // The API's paging members are the CLI's to set (--starting-token, --page-size).
            let paging = model.paginator(op);
            let parts: Vec<BoxedStrategy<Option<(String, serde_json::Value)>>> = members
                .iter()
                .filter(|name| !paging.as_ref().is_some_and(|p| p.input_token == **name || p.limit_key == Some(**name)))
                .map(|name| {
                    let shape = input.members().find(|m| m.name == *name).expect("member in model").shape;
                    let value = from_shape(model, shape, 1).prop_map(move |v| (name.to_string(), v));
                    if input.required(name) {
                        value.prop_map(Some).boxed()
                    } else {
                        proptest::option::of(value).boxed()
                    }
                })
                .collect();
            let (service, op) = (*service, *op);
            all.push(
                parts
                    .prop_map(move |kv| {
                        let mut doc = serde_json::Value::Object(kv.into_iter().flatten().collect());
                        // A nested shape's members the request type does not take (the CLI
                        // refuses them as not modelled) are left out of the generated input.
                        loop {
                            match kumo_sim::command::from_input(service, op, doc.clone()) {
                                Ok(cmd) => return cmd,
                                Err(e) => {
                                    let path = e.strip_prefix("unknown member ").unwrap_or_else(|| panic!("{e}"));
                                    let (parent, key) = path.rsplit_once('.').unwrap_or_else(|| panic!("{e}"));
                                    assert!(prune(&mut doc, parent, key), "{op}: {e}");
                                }
                            }
                        }
                    })
                    .boxed(),
            );
        }
    }
    proptest::strategy::Union::new(all).boxed()
}

/// Removes `key` from every structure under a member named `parent` (an item of a list
/// under it too); whether anything was removed.
fn prune(v: &mut serde_json::Value, parent: &str, key: &str) -> bool {
    use serde_json::Value;
    let mut removed = false;
    match v {
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                if k == parent {
                    match &mut *item {
                        Value::Array(items) => {
                            for t in items.iter_mut() {
                                if let Value::Object(m) = t {
                                    removed |= m.remove(key).is_some();
                                }
                            }
                        }
                        Value::Object(m) => removed |= m.remove(key).is_some(),
                        _ => {}
                    }
                }
                removed |= prune(item, parent, key);
            }
        }
        Value::Array(items) => {
            for item in items {
                removed |= prune(item, parent, key);
            }
        }
        _ => {}
    }
    removed
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// parse(unparse(request)) == request over every modelled operation, requests generated
    /// from the models.
    #[test]
    fn modelled_requests_print_and_parse_back(cmd in modelled_command()) {
        let line = unparse::line(&cmd);
        let words = lexer::split(&line).map_err(|e| TestCaseError::fail(format!("{line}: {e}")))?;
        match parse_aws(&words[1..]) {
            Ok((_, AwsRequest::Call { command, .. })) => prop_assert_eq!(command, cmd, "line: {}", line),
            other => prop_assert!(false, "{} parsed as {:?}", line, other),
        }
    }
}
