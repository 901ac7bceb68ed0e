//! Amazon SNS: topics, subscriptions and publishing, enough for CloudWatch alarm actions and
//! (later) AWS Config notifications. Email endpoints deliver to the sandbox's inbox, where a
//! learner confirms a subscription as they would from a real confirmation email.
//!
//! Its requests and responses are its own types in botocore's shapes (`api.rs`), so the CLI
//! parses and prints them from the model alone; `serve.rs` answers them, `delivery.rs` turns a
//! published message into mails.
//!
//! Depends on: no other service. (Like every service today it still reaches up to `command`,
//! `event`, `sim` and `world`; `tests/tidy.rs` holds those references to their count.)

pub mod api;
pub mod delivery;
pub mod mail;
pub mod serve;

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

pub use api::{Request, Response};
pub use mail::Mail;

/// A topic: `arn:aws:sns:REGION:ACCOUNT:NAME` (SNSDG sns-create-topic).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub arn: String,
    pub name: String,
    pub display_name: String,
    pub created: Timestamp,
    /// Subscriptions removed by Unsubscribe (GetTopicAttributes SubscriptionsDeleted).
    #[serde(default)]
    pub subscriptions_deleted: u32,
}

/// One subscription of an endpoint to a topic. Email endpoints must be confirmed before
/// they receive anything (SNSDG sns-email-notifications).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    /// The ARN it has once confirmed: `TOPIC-ARN:UUID`.
    pub arn: String,
    pub topic_arn: String,
    pub protocol: String,
    pub endpoint: String,
    pub owner: String,
    pub confirmed: bool,
    /// The token the confirmation message carries; ConfirmSubscription must present it.
    pub token: String,
    pub created: Timestamp,
}

impl Subscription {
    /// What ListSubscriptions shows as its ARN: `PendingConfirmation` until confirmed.
    pub fn listed_arn(&self) -> &str {
        if self.confirmed { &self.arn } else { "PendingConfirmation" }
    }
}

/// The protocols SNS accepts (BC-SNS Subscribe.Protocol); the sandbox delivers to email and
/// email-json endpoints only.
pub const PROTOCOLS: [&str; 9] =
    ["http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"];
pub const DELIVERED_PROTOCOLS: [&str; 2] = ["email", "email-json"];

/// The parts of a topic ARN: (region, account, name).
pub fn parse_topic_arn(arn: &str) -> Option<(&str, &str, &str)> {
    let rest = arn.strip_prefix("arn:aws:sns:")?;
    let mut parts = rest.splitn(3, ':');
    let (region, account, name) = (parts.next()?, parts.next()?, parts.next()?);
    let ok = !region.is_empty() && account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    (ok && valid_topic_name(name)).then_some((region, account, name))
}

/// Topic names: 1 to 256 ASCII letters, digits, hyphens and underscores (BC-SNS CreateTopic.Name).
pub fn valid_topic_name(name: &str) -> bool {
    (1..=256).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests;
