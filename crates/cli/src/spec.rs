//! The `aws ec2` operations the sandbox models: names and parameters exactly as the AWS CLI
//! has them (botocore names in kebab-case, shared/docs/aws-reference.md §E).

/// How a parameter takes its value on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One word.
    Str,
    /// One or more words (`--instance-ids i-1 i-2`).
    StrList,
    /// A flag with a `--no-` twin (`--force` / `--no-force`).
    Bool,
    /// One structure, in shorthand or JSON, with the members the sandbox accepts.
    Struct(&'static [&'static str]),
    /// A map of strings, in shorthand or JSON (`--attributes DisplayName=x`): any key, as
    /// botocore validates none; the keys listed are the ones the service documents.
    Map(&'static [&'static str]),
    /// One or more structures (`--filters Name=a,Values=b Name=c,Values=d`).
    StructList(&'static [&'static str]),
    /// Binary data: AWS CLI v2 takes it base64-encoded on the command line.
    Blob,
    /// A number with a fraction (`--threshold 1.5`).
    Float,
    /// A whole number.
    Int,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    pub name: &'static str,
    pub action: &'static str,
    pub params: &'static [Param],
    /// Whether the operation takes `--dry-run` / `--no-dry-run`.
    pub dry_run: bool,
    /// One line for `aws ec2 help`.
    pub summary: &'static str,
}

impl Operation {
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

const fn p(name: &'static str, kind: Kind) -> Param {
    Param { name, kind, required: false }
}
const fn req(name: &'static str, kind: Kind) -> Param {
    Param { name, kind, required: true }
}

pub const FILTER: &[&str] = &["Name", "Values"];
pub const TAG_SPEC: &[&str] = &["ResourceType", "Tags"];
pub const PLACEMENT: &[&str] = &["AvailabilityZone", "Tenancy", "GroupName"];
pub const VALUE: &[&str] = &["Value"];
pub const BLOCK_DEVICE_MAPPING: &[&str] = &["DeviceName", "Ebs", "NoDevice", "VirtualName"];
pub const LAUNCH_PERMISSION: &[&str] = &["Add", "Remove"];

pub static EC2: &[Operation] = &[
    Operation {
        name: "run-instances",
        action: "RunInstances",
        dry_run: true,
        summary: "Launches instances from an AMI.",
        params: &[
            p("image-id", Kind::Str),
            p("instance-type", Kind::Str),
            p("count", Kind::Str),
            p("key-name", Kind::Str),
            p("placement", Kind::Struct(PLACEMENT)),
            p("subnet-id", Kind::Str),
            p("tag-specifications", Kind::StructList(TAG_SPEC)),
            p("user-data", Kind::Str),
            p("disable-api-termination", Kind::Bool),
            p("disable-api-stop", Kind::Bool),
            p("instance-initiated-shutdown-behavior", Kind::Str),
            p("ebs-optimized", Kind::Bool),
        ],
    },
    Operation {
        name: "describe-instances",
        action: "DescribeInstances",
        dry_run: true,
        summary: "Describes instances, grouped by reservation.",
        params: &[p("instance-ids", Kind::StrList), p("filters", Kind::StructList(FILTER))],
    },
    Operation {
        name: "describe-instance-status",
        action: "DescribeInstanceStatus",
        dry_run: true,
        summary: "Describes the status checks of instances.",
        params: &[
            p("instance-ids", Kind::StrList),
            p("filters", Kind::StructList(FILTER)),
            p("include-all-instances", Kind::Bool),
        ],
    },
    Operation {
        name: "start-instances",
        action: "StartInstances",
        dry_run: true,
        summary: "Starts stopped EBS-backed instances.",
        params: &[req("instance-ids", Kind::StrList)],
    },
    Operation {
        name: "stop-instances",
        action: "StopInstances",
        dry_run: true,
        summary: "Stops EBS-backed instances.",
        params: &[req("instance-ids", Kind::StrList), p("force", Kind::Bool)],
    },
    Operation {
        name: "reboot-instances",
        action: "RebootInstances",
        dry_run: true,
        summary: "Reboots instances (the state stays running).",
        params: &[req("instance-ids", Kind::StrList)],
    },
    Operation {
        name: "terminate-instances",
        action: "TerminateInstances",
        dry_run: true,
        summary: "Terminates instances.",
        params: &[req("instance-ids", Kind::StrList)],
    },
    Operation {
        name: "modify-instance-attribute",
        action: "ModifyInstanceAttribute",
        dry_run: true,
        summary: "Changes one attribute of an instance.",
        params: &[
            req("instance-id", Kind::Str),
            p("attribute", Kind::Str),
            p("value", Kind::Str),
            p("instance-type", Kind::Struct(VALUE)),
            p("disable-api-termination", Kind::Struct(VALUE)),
            p("disable-api-stop", Kind::Struct(VALUE)),
            p("instance-initiated-shutdown-behavior", Kind::Struct(VALUE)),
            p("ebs-optimized", Kind::Struct(VALUE)),
            p("user-data", Kind::Struct(VALUE)),
            p("block-device-mappings", Kind::StructList(BLOCK_DEVICE_MAPPING)),
        ],
    },
    Operation {
        name: "describe-images",
        action: "DescribeImages",
        dry_run: true,
        summary: "Describes the images you can launch.",
        params: &[
            p("image-ids", Kind::StrList),
            p("owners", Kind::StrList),
            p("executable-users", Kind::StrList),
            p("filters", Kind::StructList(FILTER)),
        ],
    },
    Operation {
        name: "describe-instance-types",
        action: "DescribeInstanceTypes",
        dry_run: true,
        summary: "Describes instance types: vCPUs, memory, storage, network.",
        params: &[p("instance-types", Kind::StrList), p("filters", Kind::StructList(FILTER))],
    },
    Operation {
        name: "describe-regions",
        action: "DescribeRegions",
        dry_run: true,
        summary: "Describes the Regions.",
        params: &[p("region-names", Kind::StrList), p("all-regions", Kind::Bool)],
    },
    Operation {
        name: "describe-availability-zones",
        action: "DescribeAvailabilityZones",
        dry_run: true,
        summary: "Describes the Availability Zones of the Region.",
        params: &[p("zone-names", Kind::StrList), p("all-availability-zones", Kind::Bool)],
    },
    Operation {
        name: "create-key-pair",
        action: "CreateKeyPair",
        dry_run: true,
        summary: "Creates a key pair and returns its private key, this once only.",
        params: &[
            req("key-name", Kind::Str),
            p("key-type", Kind::Str),
            p("key-format", Kind::Str),
            p("tag-specifications", Kind::StructList(TAG_SPEC)),
        ],
    },
    Operation {
        name: "import-key-pair",
        action: "ImportKeyPair",
        dry_run: true,
        summary: "Imports the public key of a key pair made elsewhere.",
        params: &[
            req("key-name", Kind::Str),
            req("public-key-material", Kind::Blob),
            p("tag-specifications", Kind::StructList(TAG_SPEC)),
        ],
    },
    Operation {
        name: "describe-key-pairs",
        action: "DescribeKeyPairs",
        dry_run: true,
        summary: "Describes the key pairs of the Region.",
        params: &[
            p("key-names", Kind::StrList),
            p("key-pair-ids", Kind::StrList),
            p("filters", Kind::StructList(FILTER)),
            p("include-public-key", Kind::Bool),
        ],
    },
    Operation {
        name: "delete-key-pair",
        action: "DeleteKeyPair",
        dry_run: true,
        summary: "Deletes a key pair (its public key) from the Region.",
        params: &[p("key-name", Kind::Str), p("key-pair-id", Kind::Str)],
    },
    Operation {
        name: "create-volume",
        action: "CreateVolume",
        dry_run: true,
        summary: "Creates an EBS volume in an Availability Zone.",
        params: &[
            p("availability-zone", Kind::Str),
            p("size", Kind::Int),
            p("volume-type", Kind::Str),
            p("iops", Kind::Int),
            p("throughput", Kind::Int),
            p("encrypted", Kind::Bool),
            p("kms-key-id", Kind::Str),
            p("snapshot-id", Kind::Str),
            p("tag-specifications", Kind::StructList(TAG_SPEC)),
        ],
    },
    Operation {
        name: "attach-volume",
        action: "AttachVolume",
        dry_run: true,
        summary: "Attaches a volume to a running or stopped instance in the same zone.",
        params: &[req("device", Kind::Str), req("instance-id", Kind::Str), req("volume-id", Kind::Str)],
    },
    Operation {
        name: "detach-volume",
        action: "DetachVolume",
        dry_run: true,
        summary: "Detaches a volume from its instance.",
        params: &[
            req("volume-id", Kind::Str),
            p("instance-id", Kind::Str),
            p("device", Kind::Str),
            p("force", Kind::Bool),
        ],
    },
    Operation {
        name: "delete-volume",
        action: "DeleteVolume",
        dry_run: true,
        summary: "Deletes an available (detached) volume.",
        params: &[req("volume-id", Kind::Str)],
    },
    Operation {
        name: "modify-volume",
        action: "ModifyVolume",
        dry_run: true,
        summary: "Grows a volume or changes its type, IOPS or throughput, online.",
        params: &[
            req("volume-id", Kind::Str),
            p("size", Kind::Int),
            p("volume-type", Kind::Str),
            p("iops", Kind::Int),
            p("throughput", Kind::Int),
        ],
    },
    Operation {
        name: "describe-volumes",
        action: "DescribeVolumes",
        dry_run: true,
        summary: "Describes EBS volumes.",
        params: &[p("volume-ids", Kind::StrList), p("filters", Kind::StructList(FILTER))],
    },
    Operation {
        name: "create-snapshot",
        action: "CreateSnapshot",
        dry_run: true,
        summary: "Starts a snapshot of a volume (incremental after the first).",
        params: &[
            req("volume-id", Kind::Str),
            p("description", Kind::Str),
            p("tag-specifications", Kind::StructList(TAG_SPEC)),
        ],
    },
    Operation {
        name: "describe-snapshots",
        action: "DescribeSnapshots",
        dry_run: true,
        summary: "Describes EBS snapshots.",
        params: &[
            p("snapshot-ids", Kind::StrList),
            p("owner-ids", Kind::StrList),
            p("restorable-by-user-ids", Kind::StrList),
            p("filters", Kind::StructList(FILTER)),
        ],
    },
    Operation {
        name: "copy-snapshot",
        action: "CopySnapshot",
        dry_run: true,
        summary: "Copies a snapshot into this Region (run it in the destination Region).",
        params: &[
            req("source-snapshot-id", Kind::Str),
            req("source-region", Kind::Str),
            p("description", Kind::Str),
            p("encrypted", Kind::Bool),
            p("kms-key-id", Kind::Str),
            p("tag-specifications", Kind::StructList(TAG_SPEC)),
        ],
    },
    Operation {
        name: "modify-snapshot-attribute",
        action: "ModifySnapshotAttribute",
        dry_run: true,
        summary: "Shares a snapshot with accounts, or publicly (create volume permissions).",
        params: &[
            req("snapshot-id", Kind::Str),
            p("create-volume-permission", Kind::Struct(LAUNCH_PERMISSION)),
            p("attribute", Kind::Str),
            p("operation-type", Kind::Str),
            p("user-ids", Kind::StrList),
            p("group-names", Kind::StrList),
        ],
    },
    Operation {
        name: "describe-snapshot-attribute",
        action: "DescribeSnapshotAttribute",
        dry_run: true,
        summary: "Describes an attribute of a snapshot (createVolumePermission, productCodes).",
        params: &[req("snapshot-id", Kind::Str), req("attribute", Kind::Str)],
    },
    Operation {
        name: "reset-snapshot-attribute",
        action: "ResetSnapshotAttribute",
        dry_run: true,
        summary: "Resets a snapshot's createVolumePermission: owner only.",
        params: &[req("snapshot-id", Kind::Str), req("attribute", Kind::Str)],
    },
    Operation {
        name: "delete-snapshot",
        action: "DeleteSnapshot",
        dry_run: true,
        summary: "Deletes a snapshot; data other snapshots need is kept.",
        params: &[req("snapshot-id", Kind::Str)],
    },
    Operation {
        name: "create-image",
        action: "CreateImage",
        dry_run: true,
        summary: "Creates an AMI from an EBS-backed instance (rebooting it unless --no-reboot).",
        params: &[
            req("instance-id", Kind::Str),
            req("name", Kind::Str),
            p("description", Kind::Str),
            p("no-reboot", Kind::Bool),
            p("tag-specifications", Kind::StructList(TAG_SPEC)),
        ],
    },
    Operation {
        name: "register-image",
        action: "RegisterImage",
        dry_run: true,
        summary: "Registers an AMI from EBS snapshots.",
        params: &[
            req("name", Kind::Str),
            p("root-device-name", Kind::Str),
            p("block-device-mappings", Kind::StructList(BLOCK_DEVICE_MAPPING)),
            p("architecture", Kind::Str),
            p("virtualization-type", Kind::Str),
            p("ena-support", Kind::Bool),
            p("tag-specifications", Kind::StructList(TAG_SPEC)),
        ],
    },
    Operation {
        name: "copy-image",
        action: "CopyImage",
        dry_run: true,
        summary: "Copies an AMI into this Region (run it in the destination Region).",
        params: &[
            req("source-image-id", Kind::Str),
            req("source-region", Kind::Str),
            req("name", Kind::Str),
            p("description", Kind::Str),
        ],
    },
    Operation {
        name: "deregister-image",
        action: "DeregisterImage",
        dry_run: true,
        summary: "Deregisters an AMI; its snapshots stay.",
        params: &[req("image-id", Kind::Str)],
    },
    Operation {
        name: "modify-image-attribute",
        action: "ModifyImageAttribute",
        dry_run: true,
        summary: "Shares an AMI with accounts, or publicly (launch permissions).",
        params: &[
            req("image-id", Kind::Str),
            p("launch-permission", Kind::Struct(LAUNCH_PERMISSION)),
            p("attribute", Kind::Str),
            p("operation-type", Kind::Str),
            p("user-ids", Kind::StrList),
            p("user-groups", Kind::StrList),
        ],
    },
    Operation {
        name: "describe-image-attribute",
        action: "DescribeImageAttribute",
        dry_run: true,
        summary: "Describes an attribute of an AMI (launchPermission).",
        params: &[req("image-id", Kind::Str), req("attribute", Kind::Str)],
    },
    Operation {
        name: "reset-image-attribute",
        action: "ResetImageAttribute",
        dry_run: true,
        summary: "Resets an attribute of an AMI (launchPermission: owner only).",
        params: &[req("image-id", Kind::Str), req("attribute", Kind::Str)],
    },
    Operation {
        name: "modify-instance-event-start-time",
        action: "ModifyInstanceEventStartTime",
        dry_run: true,
        summary: "Moves a scheduled instance-reboot event (system events cannot move).",
        params: &[req("instance-id", Kind::Str), req("instance-event-id", Kind::Str), req("not-before", Kind::Str)],
    },
    Operation {
        name: "modify-instance-maintenance-options",
        action: "ModifyInstanceMaintenanceOptions",
        dry_run: true,
        summary: "Turns simplified automatic recovery on (default) or off (disabled).",
        params: &[req("instance-id", Kind::Str), p("auto-recovery", Kind::Str)],
    },
];

/// Real `aws cloudwatch` operations the sandbox will model later.
pub static CLOUDWATCH_NOT_YET: &[&str] = &["put-composite-alarm", "put-metric-data"];

/// Real `aws sns` operations the sandbox will model later.
pub static SNS_NOT_YET: &[&str] = &[
    "add-permission",
    "create-platform-application",
    "create-platform-endpoint",
    "list-tags-for-resource",
    "publish-batch",
    "remove-permission",
    "set-subscription-attributes",
    "tag-resource",
    "untag-resource",
];

/// A service the sandbox models: its CLI name, operations and the ones still to come.
pub struct Service {
    pub name: &'static str,
    pub operations: &'static [Operation],
    pub not_yet: &'static [&'static str],
}

/// What a modelled operation does in the sandbox beyond its model's documentation (help prints
/// it as "In this sandbox: …"), by botocore operation name.
static MODELLED_NOTES: &[(&str, &str)] = &[
    ("GetCallerIdentity", "Says which account and IAM user the profile is (learner or partner)."),
    (
        "CreateTopic",
        "Creates a topic, or returns the one that already has this name; DisplayName is the attribute modelled.",
    ),
    ("SetTopicAttributes", "DisplayName is the attribute modelled."),
    (
        "Subscribe",
        "Email and email-json endpoints, delivered to the sandbox's inbox (sim inbox); email must be confirmed.",
    ),
    ("Publish", "To a topic: SMS and mobile push are not modelled."),
    ("PutMetricAlarm", "Alarms on the AWS/EBS and AWS/EC2 metrics the world has, with EC2 and SNS actions."),
    ("GetMetricStatistics", "AWS/EBS volume and AWS/EC2 instance metrics, from the world's history (15 days)."),
    ("GetMetricData", "MetricStat queries and metric math expressions, newest first, in one page."),
    ("ListMetrics", "The AWS/EBS metrics of volumes and the AWS/EC2 metrics of instances that have reported."),
    ("SetAlarmState", "The alarm's actions run; its next evaluation brings it back to what the metric says."),
];

pub fn modelled_note(action: &str) -> &'static str {
    MODELLED_NOTES.iter().find(|(a, _)| *a == action).map_or("", |(_, note)| note)
}

/// Other real `aws sts` operations.
pub static STS_NOT_YET: &[&str] = &[
    "assume-role",
    "assume-role-with-saml",
    "assume-role-with-web-identity",
    "decode-authorization-message",
    "get-access-key-info",
    "get-federation-token",
    "get-session-token",
];

static HAND_WRITTEN: &[Service] = &[Service { name: "ec2", operations: EC2, not_yet: EC2_NOT_YET }];

/// Every service of the CLI: the hand-written tables above, then the services driven by
/// their models alone (crate::by_model).
pub fn services() -> &'static [Service] {
    static ALL: std::sync::OnceLock<Vec<Service>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<Service> = HAND_WRITTEN
            .iter()
            .map(|s| Service { name: s.name, operations: s.operations, not_yet: s.not_yet })
            .collect();
        for (name, _) in kumo_sim::command::MODELLED_SERVICES {
            let not_yet = match *name {
                "iam" => IAM_NOT_YET,
                "sts" => STS_NOT_YET,
                "sns" => SNS_NOT_YET,
                "cloudwatch" => CLOUDWATCH_NOT_YET,
                _ => &[],
            };
            all.push(Service { name, operations: crate::by_model::operations(name), not_yet });
        }
        all
    })
}

pub fn service(name: &str) -> Option<&'static Service> {
    services().iter().find(|s| s.name == name)
}

/// Other real `aws iam` operations a learner is likely to try.
pub static IAM_NOT_YET: &[&str] = &[
    "add-role-to-instance-profile",
    "create-access-key",
    "create-group",
    "create-instance-profile",
    "create-policy",
    "create-user",
    "delete-role-policy",
    "get-policy",
    "get-role-policy",
    "list-instance-profiles",
    "list-policies",
    "list-role-policies",
    "list-role-tags",
    "list-users",
    "put-role-policy",
    "tag-role",
    "untag-role",
    "update-assume-role-policy",
    "update-role",
];

/// Other real `aws ec2` operations: recognised so the sandbox can say they are not modelled
/// yet, instead of pretending they do not exist.
pub static EC2_NOT_YET: &[&str] = &[
    "allocate-address",
    "associate-address",
    "authorize-security-group-ingress",
    "create-security-group",
    "create-tags",
    "delete-tags",
    "describe-addresses",
    "describe-instance-attribute",
    "describe-security-groups",
    "describe-subnets",
    "describe-tags",
    "describe-volume-status",
    "describe-volumes-modifications",
    "describe-vpcs",
    "disassociate-address",
    "enable-ebs-encryption-by-default",
    "get-ebs-encryption-by-default",
    "modify-instance-metadata-options",
    "release-address",
];

/// Real AWS CLI service commands the sandbox will model later.
pub static SERVICES_NOT_YET: &[&str] = &["cloudformation", "configservice", "events", "rds", "s3", "s3api", "sqs"];

/// Levenshtein distance, for "maybe you meant" suggestions.
/// The option that sets a boolean parameter to false: `--no-NAME`, except where the AWS CLI
/// renames it (awscli/customizations/argrename.py: `ec2.*.no-disable-api-termination` is
/// `--enable-api-termination`, `ec2.create-image.no-no-reboot` is `--reboot`).
pub fn negative_flag(name: &str) -> String {
    match name {
        "disable-api-termination" => "enable-api-termination".into(),
        "no-reboot" => "reboot".into(),
        _ => format!("no-{name}"),
    }
}

pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Close matches among `choices`, best first, as the AWS CLI suggests them.
pub fn suggestions<'a>(word: &str, choices: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &str)> = choices
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(2) || c.starts_with(word))
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_modelled_operation_is_listed_as_not_yet() {
        for s in services() {
            for op in s.operations {
                assert!(!s.not_yet.contains(&op.name), "{} {} is modelled but listed as not yet", s.name, op.name);
            }
            assert!(!SERVICES_NOT_YET.contains(&s.name), "{} is modelled but listed as not yet", s.name);
        }
    }
}
