//! Tab completion for the terminal: commands, services, operations, parameters (with the
//! global options and `--no-` forms), the choices of `--output`, `--region` and `--profile`,
//! and the ids and names of the resources that exist in the line's Region and account.
//!
//! Only the last word of the line is completed (the terminal completes at the end of the
//! line); quotes are not interpreted, so a quoted word completes like any other.

use kumo_sim::Region;
use kumo_sim::ec2::InstanceState;

use crate::session::{Session, profile_account};
use crate::spec::{self, Kind};

/// What Tab offers: the byte offset where the word being completed starts, and the words that
/// may replace it (sorted, without duplicates).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completion {
    pub start: usize,
    pub candidates: Vec<String>,
}

impl Completion {
    /// The longest prefix every candidate shares: what Tab inserts when there are several.
    pub fn common_prefix(&self) -> String {
        let Some(first) = self.candidates.first() else { return String::new() };
        let mut len = first.len();
        for c in &self.candidates[1..] {
            len = len.min(first.bytes().zip(c.bytes()).take_while(|(a, b)| a == b).count());
        }
        while !first.is_char_boundary(len) {
            len -= 1;
        }
        first[..len].to_string()
    }

    /// The line with the completion applied: the one candidate and a space, or the common
    /// prefix of several.
    pub fn apply(&self, line: &str) -> String {
        let head = &line[..self.start.min(line.len())];
        match self.candidates.as_slice() {
            [] => line.to_string(),
            [one] => format!("{head}{one} "),
            _ => {
                let prefix = self.common_prefix();
                let word = &line[self.start.min(line.len())..];
                if prefix.len() > word.len() { format!("{head}{prefix}") } else { line.to_string() }
            }
        }
    }
}

const GLOBALS: &[&str] = &["--output", "--query", "--region", "--profile", "--no-paginate", "--no-cli-pager"];
const OUTPUTS: &[&str] = &["json", "text", "table", "yaml", "yaml-stream"];
const SIM: &[&str] = &[
    "advance",
    "next",
    "clock",
    "events",
    "cost",
    "snapshots",
    "fault",
    "workload",
    "volume",
    "inbox",
    "cpu",
    "network",
    "disk",
    "reset",
    "help",
];

pub fn complete(session: &Session, line: &str) -> Completion {
    // After the last blank, which may be wider than a byte (a Japanese keyboard's U+3000).
    let start = line.char_indices().rev().find(|(_, c)| c.is_whitespace()).map(|(i, c)| i + c.len_utf8()).unwrap_or(0);
    let word = &line[start..];
    let words: Vec<&str> = line[..start].split_whitespace().collect();
    let mut options: Vec<String> = match words.as_slice() {
        [] => ["aws", "sim", "clear", "help"].map(String::from).to_vec(),
        ["sim"] => SIM.iter().map(|s| s.to_string()).collect(),
        ["aws", rest @ ..] => aws(session, rest),
        _ => Vec::new(),
    };
    options.retain(|o| o.starts_with(word));
    kumo_sim::sort::ord(&mut options);
    options.dedup();
    Completion { start, candidates: options }
}

/// The words after `aws` (global options and their values left out) decide what comes next.
fn aws(session: &Session, words: &[&str]) -> Vec<String> {
    // The value of a global option that was just typed.
    if let Some(last) = words.last() {
        match *last {
            "--output" => return OUTPUTS.iter().map(|s| s.to_string()).collect(),
            "--region" => return Region::ALL.iter().map(|r| r.code().to_string()).collect(),
            "--profile" => return vec!["learner".into(), "partner".into()],
            "--query" => return Vec::new(),
            _ => {}
        }
    }
    let mut plain: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if matches!(words[i], "--output" | "--region" | "--profile" | "--query") {
            i += 2;
        } else {
            plain.push(words[i]);
            i += 1;
        }
    }
    let region = value_of(words, "--region").and_then(Region::from_code).unwrap_or(session.region);
    let account = value_of(words, "--profile").and_then(profile_account).unwrap_or_else(|| session.account.clone());
    match plain.as_slice() {
        [] => spec::services().iter().map(|s| s.name.to_string()).chain(["help".to_string()]).collect(),
        [svc] => match spec::service(svc) {
            Some(s) => s.operations.iter().map(|o| o.name.to_string()).chain(["help".to_string()]).collect(),
            None => Vec::new(),
        },
        [svc, op, rest @ ..] => {
            let Some(operation) = spec::service(svc).and_then(|s| s.operations.iter().find(|o| o.name == *op)) else {
                return Vec::new();
            };
            // After a parameter that takes a value (or more, for lists), offer values; after a
            // flag or a complete value, offer the parameters not given yet.
            let current = rest.iter().rev().find(|w| w.starts_with("--")).and_then(|w| operation.param(&w[2..]));
            let values_since = rest.iter().rev().take_while(|w| !w.starts_with("--")).count();
            let mut out = Vec::new();
            if let Some(p) = current {
                let wants_value = match p.kind {
                    Kind::Bool => false,
                    Kind::StrList | Kind::StructList(_) => true,
                    _ => values_since == 0,
                };
                if wants_value {
                    out.extend(values(session, &kumo_sim::Scope::new(account, region), p.name));
                    if values_since == 0 {
                        return out;
                    }
                }
            }
            for p in operation.params {
                let flag = format!("--{}", p.name);
                if rest.contains(&flag.as_str()) {
                    continue;
                }
                if p.kind == Kind::Bool {
                    out.push(format!("--{}", spec::negative_flag(p.name)));
                }
                out.push(flag);
            }
            if operation.dry_run {
                out.extend(["--dry-run".to_string(), "--no-dry-run".to_string()]);
            }
            out.extend(GLOBALS.iter().filter(|g| !words.contains(g)).map(|g| g.to_string()));
            out.push("help".into());
            out
        }
    }
}

fn value_of<'a>(words: &[&'a str], name: &str) -> Option<&'a str> {
    words.iter().position(|w| *w == name).and_then(|i| words.get(i + 1)).copied()
}

/// The ids or names a parameter can take in this Region and account.
fn values(session: &Session, scope: &kumo_sim::Scope, param: &str) -> Vec<String> {
    let world = session.sim.world();
    let Some(rs) = world.region(scope) else { return Vec::new() };
    let singular = param.strip_suffix('s').unwrap_or(param);
    match singular {
        "instance-id" => {
            rs.instances.values().filter(|i| i.state != InstanceState::Terminated).map(|i| i.id.to_string()).collect()
        }
        "volume-id" => rs.volumes.keys().map(|v| v.to_string()).collect(),
        "snapshot-id" | "source-snapshot-id" => rs.snapshots.keys().map(|s| s.to_string()).collect(),
        "image-id" | "source-image-id" => rs
            .images
            .keys()
            .map(|i| i.to_string())
            .chain(kumo_sim::catalog::public_images(scope.region).into_iter().map(|i| i.id.to_string()))
            .collect(),
        "key-name" => rs.key_pairs.keys().cloned().collect(),
        "alarm-name" => rs.alarms.keys().cloned().collect(),
        "topic-arn" => rs.topics.values().map(|t| t.arn.clone()).collect(),
        "subscription-arn" => rs.subscriptions.keys().cloned().collect(),
        "instance-type" => kumo_sim::catalog::INSTANCE_TYPES.iter().map(|t| t.name.to_string()).collect(),
        "availability-zone" => scope.region.zones().iter().map(|z| z.name.to_string()).collect(),
        "region-name" | "source-region" => Region::ALL.iter().map(|r| r.code().to_string()).collect(),
        // IAM is global: the account's roles, whatever the Region.
        "role-name" => world
            .accounts
            .get(&scope.account)
            .map(|a| a.iam.roles().map(|r| r.name.clone()).collect())
            .unwrap_or_default(),
        "policy-arn" => kumo_sim::iam::catalog::MANAGED_POLICIES
            .iter()
            .filter(|p| !p.service_linked_only())
            .map(|p| p.arn())
            .collect(),
        "aws-service-name" => kumo_sim::iam::catalog::LINKED_ROLES.iter().map(|r| r.service.to_string()).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kumo_sim::Profile;

    fn candidates(s: &Session, line: &str) -> Vec<String> {
        complete(s, line).candidates
    }

    #[test]
    fn completes_commands_services_operations_and_parameters() {
        let s = Session::new(1, Profile::Current);
        assert_eq!(candidates(&s, "a"), ["aws"]);
        assert_eq!(candidates(&s, "aws e"), ["ec2"]);
        assert_eq!(candidates(&s, "aws ec2 describe-vol"), ["describe-volumes"]);
        assert!(candidates(&s, "aws ec2 create-volume --").contains(&"--availability-zone".to_string()));
        assert_eq!(candidates(&s, "aws ec2 create-volume --output t"), ["table", "text"]);
        assert_eq!(candidates(&s, "aws ec2 run-instances --ebs"), ["--ebs-optimized"]);
        assert_eq!(candidates(&s, "aws ec2 run-instances --no-e"), ["--no-ebs-optimized"]);
        assert!(candidates(&s, "aws ec2 create-volume --availability-zone ").contains(&"us-east-1a".to_string()));
        assert!(
            candidates(&s, "aws ec2 create-volume --region ap-northeast-1 --availability-zone ap")
                .contains(&"ap-northeast-1a".to_string())
        );
        assert_eq!(candidates(&s, "sim adv"), ["advance"]);
        assert!(candidates(&s, "aws nosuch ").is_empty());
        // A full-width space ends a word as a space does, and never splits a character.
        assert_eq!(candidates(&s, "aws\u{3000}e"), ["ec2"]);
        assert_eq!(complete(&s, "aws\u{3000}e").apply("aws\u{3000}e"), "aws\u{3000}ec2 ");
    }

    #[test]
    fn completes_the_ids_of_resources_that_exist() {
        let mut s = Session::new(1, Profile::Current);
        let out = s.run_line("aws ec2 run-instances --image-id {ami:al2023} --instance-type t3.micro --query Instances[0].InstanceId --output text");
        let id = out.stdout.trim().to_string();
        assert!(id.starts_with("i-"), "{out:?}");
        assert_eq!(candidates(&s, "aws ec2 stop-instances --instance-ids i-"), vec![id.clone()]);
        assert_eq!(
            candidates(&s, "aws iam create-service-linked-role --aws-service-name con"),
            vec!["config.amazonaws.com".to_string()]
        );
        // A list takes more values, and the other parameters once one is given.
        let after = candidates(&s, &format!("aws ec2 stop-instances --instance-ids {id} "));
        assert!(after.contains(&id) && after.contains(&"--force".to_string()), "{after:?}");
        assert!(candidates(&s, "aws ec2 stop-instances --region us-west-2 --instance-ids i-").is_empty());
        let c = complete(&s, "aws ec2 stop-instances --instance-ids i-");
        assert_eq!(
            c.apply("aws ec2 stop-instances --instance-ids i-"),
            format!("aws ec2 stop-instances --instance-ids {id} ")
        );
    }
}
