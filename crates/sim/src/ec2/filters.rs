//! `Filters` of the Describe calls: names as AWS spells them, values with `*` and `?` wildcards.

use crate::command::InstanceStatusView;
use crate::ec2::api::Filter;
use crate::ec2::{Instance, ipv4};
use crate::error::ApiError;

/// Matches `text` against an AWS filter value, where `*` is any run of characters and `?` any
/// one character (EC2 API "Filtering" rules).
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative matcher with backtracking to the last star: linear in practice, no recursion.
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Whether any of the filter's values matches any of the candidates.
pub(crate) fn any_match<'a>(f: &Filter, candidates: impl IntoIterator<Item = &'a str>) -> bool {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    f.values.iter().any(|v| candidates.iter().any(|c| glob_match(v, c)))
}

/// Filter names DescribeInstances accepts in the sandbox (a subset of BC-EC2's list), besides
/// `tag:<key>`.
pub(crate) const INSTANCE_FILTERS: &[&str] = &[
    "instance-state-name",
    "instance-state-code",
    "instance-id",
    "instance-type",
    "image-id",
    "availability-zone",
    "reservation-id",
    "subnet-id",
    "vpc-id",
    "key-name",
    "private-ip-address",
    "ip-address",
    "root-device-type",
    "owner-id",
    "tag-key",
    "tag-value",
];

pub(crate) const STATUS_FILTERS: &[&str] = &[
    "availability-zone",
    "instance-state-name",
    "instance-state-code",
    "instance-status.status",
    "instance-status.reachability",
    "system-status.status",
    "system-status.reachability",
];

/// Rejects an unknown filter name before anything is matched: AWS refuses the request even
/// when nothing would have been filtered.
pub(crate) fn check_names(filters: &[Filter], known: &[&str], tags: bool) -> Result<(), ApiError> {
    for f in filters {
        let ok = known.contains(&f.name.as_str()) || (tags && f.name.starts_with("tag:") && f.name.len() > 4);
        if !ok {
            return Err(ApiError::InvalidFilter(f.name.clone()));
        }
    }
    Ok(())
}

/// DescribeInstances filters the sandbox supports (a subset of BC-EC2's list).
pub(crate) fn instance_matches(inst: &Instance, f: &Filter) -> Result<bool, ApiError> {
    let code = inst.state.code().to_string();
    let private_ip = inst.private_ip.map(ipv4);
    let public_ip = inst.public_ip.map(ipv4);
    Ok(match f.name.as_str() {
        "instance-state-name" => any_match(f, [inst.state.as_str()]),
        "instance-state-code" => any_match(f, [code.as_str()]),
        "instance-id" => any_match(f, [inst.id.as_str()]),
        "instance-type" => any_match(f, [inst.instance_type.as_str()]),
        "image-id" => any_match(f, [inst.image_id.as_str()]),
        "availability-zone" => any_match(f, [inst.availability_zone.as_str()]),
        "reservation-id" => any_match(f, [inst.reservation_id.as_str()]),
        "subnet-id" => any_match(f, [inst.subnet_id.as_str()]),
        "vpc-id" => any_match(f, [inst.vpc_id.as_str()]),
        "key-name" => any_match(f, inst.key_name.as_deref()),
        "private-ip-address" => any_match(f, private_ip.as_deref()),
        "ip-address" => any_match(f, public_ip.as_deref()),
        "root-device-type" => any_match(f, [inst.root_device_type.as_str()]),
        "owner-id" => any_match(f, [inst.owner.as_str()]),
        "tag-key" => any_match(f, inst.tags.iter().map(|t| t.key.as_str())),
        "tag-value" => any_match(f, inst.tags.iter().map(|t| t.value.as_str())),
        name => match name.strip_prefix("tag:") {
            Some(key) => any_match(f, inst.tags.iter().filter(|t| t.key == key).map(|t| t.value.as_str())),
            None => return Err(ApiError::InvalidFilter(name.to_string())),
        },
    })
}

/// DescribeInstanceStatus filters.
pub(crate) fn status_matches(view: &InstanceStatusView, f: &Filter) -> Result<bool, ApiError> {
    Ok(match f.name.as_str() {
        "availability-zone" => any_match(f, [view.availability_zone.as_str()]),
        "instance-state-name" => any_match(f, [view.state.as_str()]),
        "instance-state-code" => any_match(f, [view.state.code().to_string().as_str()]),
        "instance-status.status" => any_match(f, [view.instance_status]),
        "instance-status.reachability" => any_match(f, view.instance_reachability),
        "system-status.status" => any_match(f, [view.system_status]),
        "system-status.reachability" => any_match(f, view.system_reachability),
        name => return Err(ApiError::InvalidFilter(name.to_string())),
    })
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn wildcards_match_like_aws_filters() {
        assert!(glob_match("web*", "web-1"));
        assert!(glob_match("*", ""));
        assert!(glob_match("w?b", "web"));
        assert!(!glob_match("w?b", "weeb"));
        assert!(glob_match("*-1*", "us-east-1a"));
        assert!(!glob_match("db", "web"));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b*c", "axxbyy"));
    }
}
