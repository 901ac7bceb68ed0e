//! The CLI's services and their operation tables (built from the models by `by_model`), the
//! real commands the sandbox does not model yet, and what help says of an operation beyond its
//! model ("In this sandbox: …").

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
    /// The input member it sets (botocore's name); empty for the CLI's own parameters
    /// (`--count`, `--starting-token`, …).
    pub member: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    pub name: &'static str,
    pub action: &'static str,
    pub params: &'static [Param],
    /// Whether the operation takes `--dry-run` / `--no-dry-run`.
    pub dry_run: bool,
}

impl Operation {
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

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

/// Every service of the CLI, each driven by its model (crate::by_model).
pub fn services() -> &'static [Service] {
    static ALL: std::sync::OnceLock<Vec<Service>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<Service> = Vec::new();
        for (name, _) in kumo_sim::command::MODELLED_SERVICES {
            let not_yet = match *name {
                "ec2" => EC2_NOT_YET,
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
    kumo_sim::sort::ord(&mut scored);
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
