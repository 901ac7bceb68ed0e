//! Property tests of the CLI: every command a form can build prints as an `aws` line that
//! parses back to the same command, and no input line, however odd, makes a parser panic.

#![cfg(not(target_arch = "wasm32"))]

use kumo_cli::parse::{AwsRequest, parse_aws};
use kumo_cli::{Session, lexer, shorthand, unparse};
use kumo_sim::command::{
    Filter, InstanceAttributeChange, RegisterMapping, RunInstances, ShutdownBehavior, Tag, TagSpecification,
};
use kumo_sim::ec2::volumes::VolumeSpec;
use kumo_sim::{Command, Profile};
use proptest::prelude::*;

/// Strings a learner might type as names, tags and filter values: spaces, quotes, commas,
/// brackets, markup and Japanese included; never a leading `--` (that would be an option).
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 ,=:'\"\\[\\]{}<>/*?._雲テスト-]{0,12}")
        .expect("valid regex")
        .prop_filter("not an option", |s| !s.starts_with("--"))
}

fn word() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z0-9][a-z0-9.:-]{0,15}").expect("valid regex")
}

fn ids() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(word(), 1..4)
}

fn filters() -> impl Strategy<Value = Vec<Filter>> {
    proptest::collection::vec(
        (word(), proptest::collection::vec(text(), 0..3)).prop_map(|(name, values)| Filter { name, values }),
        0..3,
    )
}

fn tags() -> impl Strategy<Value = Vec<Tag>> {
    proptest::collection::vec((text(), text()).prop_map(|(key, value)| Tag { key, value }), 0..3)
}

fn run_instances() -> impl Strategy<Value = Command> {
    (
        (proptest::option::of(word()), proptest::option::of(word()), 1u32..5, 0u32..3),
        (proptest::option::of(word()), proptest::option::of(word()), proptest::option::of(word())),
        (proptest::collection::vec((word(), tags()), 0..2), proptest::option::of(text())),
        (
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(prop_oneof![Just(ShutdownBehavior::Stop), Just(ShutdownBehavior::Terminate)]),
            proptest::option::of(any::<bool>()),
        ),
    )
        .prop_map(
            |(
                (image_id, instance_type, min, extra),
                (key_name, availability_zone, subnet_id),
                (specs, user_data),
                flags,
            )| {
                Command::RunInstances(RunInstances {
                    image_id,
                    instance_type,
                    min_count: min,
                    max_count: min + extra,
                    key_name,
                    availability_zone,
                    subnet_id,
                    tag_specifications: specs
                        .into_iter()
                        .map(|(resource_type, tags)| TagSpecification { resource_type, tags })
                        .collect(),
                    user_data: user_data.filter(|u| !u.is_empty()),
                    disable_api_termination: flags.0,
                    disable_api_stop: flags.1,
                    instance_initiated_shutdown_behavior: flags.2,
                    ebs_optimized: flags.3,
                })
            },
        )
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        run_instances(),
        (proptest::collection::vec(word(), 0..3), filters())
            .prop_map(|(instance_ids, filters)| Command::DescribeInstances { instance_ids, filters }),
        (proptest::collection::vec(word(), 0..3), filters(), any::<bool>()).prop_map(
            |(instance_ids, filters, include_all_instances)| {
                Command::DescribeInstanceStatus { instance_ids, filters, include_all_instances }
            }
        ),
        ids().prop_map(|instance_ids| Command::StartInstances { instance_ids }),
        (ids(), any::<bool>()).prop_map(|(instance_ids, force)| Command::StopInstances { instance_ids, force }),
        ids().prop_map(|instance_ids| Command::RebootInstances { instance_ids }),
        ids().prop_map(|instance_ids| Command::TerminateInstances { instance_ids }),
        (
            word(),
            prop_oneof![
                text().prop_map(InstanceAttributeChange::InstanceType),
                any::<bool>().prop_map(InstanceAttributeChange::DisableApiTermination),
                any::<bool>().prop_map(InstanceAttributeChange::DisableApiStop),
                text().prop_map(InstanceAttributeChange::InstanceInitiatedShutdownBehavior),
                any::<bool>().prop_map(InstanceAttributeChange::EbsOptimized),
                text().prop_map(InstanceAttributeChange::UserData),
            ]
        )
            .prop_map(|(instance_id, change)| Command::ModifyInstanceAttribute { instance_id, change }),
        (
            proptest::collection::vec(word(), 0..2),
            proptest::collection::vec(word(), 0..2),
            proptest::collection::vec(word(), 0..2),
            filters()
        )
            .prop_map(|(image_ids, owners, executable_users, filters)| Command::DescribeImages {
                image_ids,
                owners,
                executable_users,
                filters
            }),
        (proptest::collection::vec(word(), 0..2), filters())
            .prop_map(|(instance_types, filters)| Command::DescribeInstanceTypes { instance_types, filters }),
        proptest::collection::vec(word(), 0..2).prop_map(|region_names| Command::DescribeRegions { region_names }),
        proptest::collection::vec(word(), 0..2)
            .prop_map(|zone_names| Command::DescribeAvailabilityZones { zone_names }),
        key_pair_command(),
        volume_command(),
    ]
}

fn key_pair_command() -> impl Strategy<Value = Command> {
    prop_oneof![
        (
            word(),
            proptest::option::of(word()),
            proptest::option::of(word()),
            proptest::collection::vec((word(), tags()), 0..2)
        )
            .prop_map(|(key_name, key_type, key_format, specs)| Command::CreateKeyPair {
                key_name,
                key_type,
                key_format,
                tag_specifications: specs
                    .into_iter()
                    .map(|(resource_type, tags)| TagSpecification { resource_type, tags })
                    .collect(),
            }),
        (word(), proptest::collection::vec(any::<u8>(), 1..64)).prop_map(|(key_name, public_key_material)| {
            Command::ImportKeyPair { key_name, public_key_material, tag_specifications: vec![] }
        }),
        (proptest::collection::vec(word(), 0..2), proptest::collection::vec(word(), 0..2), filters(), any::<bool>())
            .prop_map(|(key_names, key_pair_ids, filters, include_public_key)| Command::DescribeKeyPairs {
                key_names,
                key_pair_ids,
                filters,
                include_public_key,
            }),
        (proptest::option::of(word()), proptest::option::of(word()))
            .prop_map(|(key_name, key_pair_id)| Command::DeleteKeyPair { key_name, key_pair_id }),
    ]
}

/// Account ids and the group `all`, as permission attributes take them.
fn permission_list() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(prop_oneof![Just("all".to_string()), "[0-9]{12}"], 0..3)
}

fn image_command() -> impl Strategy<Value = Command> {
    let account = || prop_oneof![Just("all".to_string()), "[0-9]{12}"];
    prop_oneof![
        (word(), word(), proptest::option::of(text()), any::<bool>()).prop_map(
            |(instance_id, name, description, no_reboot)| {
                Command::CreateImage { instance_id, name, description, no_reboot, tag_specifications: vec![] }
            }
        ),
        (
            word(),
            word(),
            proptest::collection::vec(
                (
                    word(),
                    word(),
                    proptest::option::of(1u32..2000),
                    proptest::option::of(word()),
                    proptest::option::of(100u32..64_000),
                    proptest::option::of(any::<bool>())
                ),
                1..3
            )
        )
            .prop_map(|(name, root, maps)| Command::RegisterImage {
                name,
                root_device_name: format!("/dev/{root}"),
                block_device_mappings: maps
                    .into_iter()
                    .map(|(d, snapshot_id, volume_size_gib, volume_type, iops, delete_on_termination)| {
                        RegisterMapping {
                            device: format!("/dev/{d}"),
                            snapshot_id,
                            volume_size_gib,
                            volume_type,
                            iops,
                            delete_on_termination,
                        }
                    })
                    .collect(),
                tag_specifications: vec![],
            }),
        (word(), word(), word(), proptest::option::of(text())).prop_map(
            |(source_image_id, source_region, name, description)| {
                Command::CopyImage { source_image_id, source_region, name, description }
            }
        ),
        word().prop_map(|image_id| Command::DeregisterImage { image_id }),
        (word(), proptest::collection::vec(account(), 0..3), proptest::collection::vec(account(), 0..3))
            .prop_map(|(image_id, add, remove)| Command::ModifyImageAttribute { image_id, add, remove }),
        (word(), word()).prop_map(|(image_id, attribute)| Command::DescribeImageAttribute { image_id, attribute }),
        (word(), word()).prop_map(|(image_id, attribute)| Command::ResetImageAttribute { image_id, attribute }),
    ]
}

fn volume_command() -> impl Strategy<Value = Command> {
    prop_oneof![
        (
            (proptest::option::of(word()), proptest::option::of(0u32..70_000), proptest::option::of(word())),
            (
                proptest::option::of(0u32..90_000),
                proptest::option::of(0u32..3_000),
                proptest::option::of(any::<bool>())
            ),
            (
                proptest::option::of(word()),
                proptest::option::of(word()),
                proptest::collection::vec((word(), tags()), 0..2)
            ),
        )
            .prop_map(
                |(
                    (availability_zone, size_gib, volume_type),
                    (iops, throughput_mibps, encrypted),
                    (kms_key_id, snapshot_id, specs),
                )| {
                    Command::CreateVolume(VolumeSpec {
                        availability_zone,
                        size_gib,
                        volume_type,
                        iops,
                        throughput_mibps,
                        encrypted,
                        kms_key_id,
                        snapshot_id,
                        tag_specifications: specs
                            .into_iter()
                            .map(|(resource_type, tags)| TagSpecification { resource_type, tags })
                            .collect(),
                    })
                }
            ),
        (word(), word(), word()).prop_map(|(volume_id, instance_id, device)| Command::AttachVolume {
            volume_id,
            instance_id,
            device
        }),
        (word(), proptest::option::of(word()), proptest::option::of(word()), any::<bool>()).prop_map(
            |(volume_id, instance_id, device, force)| Command::DetachVolume { volume_id, instance_id, device, force }
        ),
        word().prop_map(|volume_id| Command::DeleteVolume { volume_id }),
        (word(), proptest::option::of(1u32..70_000), proptest::option::of(word()), proptest::option::of(0u32..90_000))
            .prop_map(|(volume_id, size_gib, volume_type, iops)| Command::ModifyVolume {
                volume_id,
                spec: VolumeSpec { size_gib, volume_type, iops, ..VolumeSpec::default() },
            }),
        (proptest::collection::vec(word(), 0..2), filters())
            .prop_map(|(volume_ids, filters)| Command::DescribeVolumes { volume_ids, filters }),
        (word(), proptest::option::of(text()), proptest::collection::vec((word(), tags()), 0..2)).prop_map(
            |(volume_id, description, specs)| Command::CreateSnapshot {
                volume_id,
                description,
                tag_specifications: specs
                    .into_iter()
                    .map(|(resource_type, tags)| TagSpecification { resource_type, tags })
                    .collect(),
            }
        ),
        (
            proptest::collection::vec(word(), 0..2),
            proptest::collection::vec(word(), 0..2),
            proptest::collection::vec(word(), 0..2),
            filters()
        )
            .prop_map(|(snapshot_ids, owner_ids, restorable_by_user_ids, filters)| {
                Command::DescribeSnapshots { snapshot_ids, owner_ids, restorable_by_user_ids, filters }
            }),
        (word(), word(), proptest::option::of(word()), any::<bool>(), proptest::option::of(word())).prop_map(
            |(source_snapshot_id, source_region, description, encrypted, kms_key_id)| Command::CopySnapshot {
                source_snapshot_id,
                source_region,
                description,
                encrypted,
                kms_key_id,
                tag_specifications: vec![],
            }
        ),
        (word(), permission_list(), permission_list())
            .prop_map(|(snapshot_id, add, remove)| Command::ModifySnapshotAttribute { snapshot_id, add, remove }),
        (word(), word())
            .prop_map(|(snapshot_id, attribute)| Command::DescribeSnapshotAttribute { snapshot_id, attribute }),
        (word(), word())
            .prop_map(|(snapshot_id, attribute)| Command::ResetSnapshotAttribute { snapshot_id, attribute }),
        word().prop_map(|snapshot_id| Command::DeleteSnapshot { snapshot_id }),
        image_command(),
        (word(), proptest::collection::vec((word().prop_map(|w| format!("/dev/{w}")), any::<bool>()), 1..3)).prop_map(
            |(instance_id, m)| Command::ModifyInstanceAttribute {
                instance_id,
                change: InstanceAttributeChange::DeleteOnTermination(m),
            }
        ),
        // Whole seconds between 2000 and 2100: the CLI takes ISO 8601 times to the second.
        (word(), word(), 946_684_800u64..4_102_444_800).prop_map(|(instance_id, instance_event_id, secs)| {
            Command::ModifyInstanceEventStartTime {
                instance_id,
                instance_event_id,
                not_before: kumo_sim::time::Timestamp(secs * 1000),
            }
        }),
        (word(), prop_oneof![Just("default".to_string()), Just("disabled".to_string()), word()]).prop_map(
            |(instance_id, auto_recovery)| Command::ModifyInstanceMaintenanceOptions { instance_id, auto_recovery }
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn parse_of_unparse_is_identity(cmd in command()) {
        let line = unparse::line(&cmd);
        let words = lexer::split(&line).map_err(|e| TestCaseError::fail(format!("{line}: {e}")))?;
        prop_assert_eq!(words.first().map(String::as_str), Some("aws"));
        match parse_aws(&words[1..]) {
            Ok((_, AwsRequest::Call { command, .. })) => prop_assert_eq!(command, cmd, "line: {}", line),
            other => prop_assert!(false, "{} parsed as {:?}", line, other),
        }
    }

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
        "double" | "float" => (-1e6f64..1e6).prop_map(|f| serde_json::json!(f)).boxed(),
        // Millisecond instants from 1970 to 2286, as text or as seconds since the epoch.
        "timestamp" => prop_oneof![
            (0u64..10_000_000_000_000).prop_map(|ms| Value::String(kumo_sim::Timestamp(ms).iso8601_z())),
            (0u64..10_000_000_000).prop_map(Value::from),
        ]
        .boxed(),
        "list" if depth < 3 => {
            let item = from_shape(model, s.member().unwrap_or_default(), depth + 1);
            proptest::collection::vec(item, min.max(1)..min.max(1) + 3).prop_map(Value::Array).boxed()
        }
        "structure" if depth < 3 => {
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
                        let doc = serde_json::Value::Object(kv.into_iter().flatten().collect());
                        kumo_sim::command::from_input(service, op, doc).expect("a generated input fits its type")
                    })
                    .boxed(),
            );
        }
    }
    proptest::strategy::Union::new(all).boxed()
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
