//! The SNS operations (BC-SNS 2010-03-31) and delivery to the sandbox's inbox. Error codes are
//! SNS's wire codes (aws-reference.md §E SNS); the messages follow SNS's "Invalid parameter:
//! X" form as seen in its responses.

use crate::command::{Reply, Scope};
use crate::error::ApiError;
use crate::sim::Sim;
use crate::sns::mail::MAX_MAILS;
use crate::sns::{DELIVERED_PROTOCOLS, Mail, PROTOCOLS, Subscription, Topic, parse_topic_arn, valid_topic_name};
use crate::time::Timestamp;

/// SNS messages carry up to 256 KiB of text (aws-reference.md §D4).
pub const MAX_MESSAGE_BYTES: usize = 262_144;
/// Email subjects: up to 100 printable ASCII characters, no line breaks (BC-SNS Publish.Subject).
pub const MAX_SUBJECT_CHARS: usize = 100;

const FROM: &str = "AWS Notifications <no-reply@sns.amazonaws.com>";

fn invalid(what: &str) -> ApiError {
    ApiError::SnsInvalidParameter(format!("Invalid parameter: {what}"))
}

fn topic_missing() -> ApiError {
    ApiError::SnsNotFound("Topic does not exist".into())
}

/// An email address as SNS accepts it: something@domain.tld, no spaces.
fn valid_email(e: &str) -> bool {
    let Some((user, domain)) = e.split_once('@') else { return false };
    !user.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(char::is_whitespace)
}

/// A JSON string literal, for the envelope and alarm messages, whose member order is AWS's.
pub(crate) fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// `2026-04-01T00:00:00.000Z`, as SNS stamps its messages.
pub(crate) fn sns_time(t: Timestamp) -> String {
    let (y, mo, d, h, mi, s, ms) = t.civil();
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
}

impl Sim {
    /// A version-4 UUID from the world's generator (message ids, subscription ARNs).
    fn uuid(&mut self) -> String {
        let h = self.rng.hex(32);
        let variant = ["8", "9", "a", "b"][(self.rng.next_u64() % 4) as usize];
        format!("{}-{}-4{}-{variant}{}-{}", &h[0..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
    }

    /// The name of the topic an ARN names in this account and Region.
    fn own_topic(&self, scope: &Scope, arn: &str) -> Result<String, ApiError> {
        let (region, account, name) = parse_topic_arn(arn).ok_or_else(|| invalid("TopicArn"))?;
        if region != scope.region.code() {
            return Err(invalid("TopicArn"));
        }
        let rs = self.world.region(scope).ok_or_else(topic_missing)?;
        if account != scope.account.as_str() || !rs.topics.contains_key(name) {
            return Err(topic_missing());
        }
        Ok(name.to_string())
    }

    pub(crate) fn create_topic(
        &mut self,
        scope: &Scope,
        name: &str,
        display_name: Option<String>,
    ) -> Result<Reply, ApiError> {
        if !valid_topic_name(name) {
            return Err(invalid("Topic Name"));
        }
        let arn = format!("arn:aws:sns:{}:{}:{name}", scope.region.code(), scope.account.as_str());
        let now = self.now;
        let rs = self.world.region_mut(scope).ok_or_else(topic_missing)?;
        // Idempotent: the same name gives the same topic (BC-SNS CreateTopic).
        rs.topics.entry(name.to_string()).or_insert_with(|| Topic {
            arn: arn.clone(),
            name: name.to_string(),
            display_name: display_name.unwrap_or_default(),
            created: now,
            subscriptions_deleted: 0,
        });
        Ok(Reply::TopicArn(arn))
    }

    /// DeleteTopic is idempotent: a topic that does not exist is not an error; its
    /// subscriptions go with it (BC-SNS DeleteTopic).
    pub(crate) fn delete_topic(&mut self, scope: &Scope, arn: &str) -> Result<Reply, ApiError> {
        let (region, _, _) = parse_topic_arn(arn).ok_or_else(|| invalid("TopicArn"))?;
        if region != scope.region.code() {
            return Err(invalid("TopicArn"));
        }
        if let Ok(name) = self.own_topic(scope, arn)
            && let Some(rs) = self.world.region_mut(scope)
        {
            rs.topics.remove(&name);
            rs.subscriptions.retain(|_, s| s.topic_arn != arn);
        }
        Ok(Reply::Empty)
    }

    pub(crate) fn list_topics(&self, scope: &Scope) -> Result<Reply, ApiError> {
        let rs = self.world.region(scope).ok_or_else(topic_missing)?;
        Ok(Reply::Topics(rs.topics.values().map(|t| t.arn.clone()).collect()))
    }

    pub(crate) fn get_topic_attributes(&self, scope: &Scope, arn: &str) -> Result<Reply, ApiError> {
        let name = self.own_topic(scope, arn)?;
        let rs = self.world.region(scope).ok_or_else(topic_missing)?;
        let t = rs.topics.get(&name).ok_or_else(topic_missing)?;
        let subs = rs.subscriptions.values().filter(|s| s.topic_arn == arn);
        let (confirmed, pending) = subs.fold((0, 0), |(c, p), s| if s.confirmed { (c + 1, p) } else { (c, p + 1) });
        let account = scope.account.as_str();
        // The default access policy SNS gives a new topic: the owner may do everything.
        let policy = format!(
            "{{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{{\"Sid\":\"__default_statement_ID\",\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"*\"}},\"Action\":[\"SNS:GetTopicAttributes\",\"SNS:SetTopicAttributes\",\"SNS:AddPermission\",\"SNS:RemovePermission\",\"SNS:DeleteTopic\",\"SNS:Subscribe\",\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"],\"Resource\":\"{arn}\",\"Condition\":{{\"StringEquals\":{{\"AWS:SourceOwner\":\"{account}\"}}}}}}]}}"
        );
        Ok(Reply::Attributes(vec![
            ("Policy".into(), policy),
            ("Owner".into(), account.into()),
            ("SubscriptionsPending".into(), pending.to_string()),
            ("TopicArn".into(), t.arn.clone()),
            ("EffectiveDeliveryPolicy".into(), "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false,\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}".into()),
            ("SubscriptionsConfirmed".into(), confirmed.to_string()),
            ("DisplayName".into(), t.display_name.clone()),
            ("SubscriptionsDeleted".into(), t.subscriptions_deleted.to_string()),
        ]))
    }

    /// SetTopicAttributes: the sandbox models DisplayName, the name email notifications show.
    pub(crate) fn set_topic_attributes(
        &mut self,
        scope: &Scope,
        arn: &str,
        attribute: &str,
        value: Option<String>,
    ) -> Result<Reply, ApiError> {
        let name = self.own_topic(scope, arn)?;
        match attribute {
            "DisplayName" => {
                if let Some(t) = self.world.region_mut(scope).and_then(|rs| rs.topics.get_mut(&name)) {
                    t.display_name = value.unwrap_or_default();
                }
                Ok(Reply::Empty)
            }
            "Policy"
            | "DeliveryPolicy"
            | "KmsMasterKeyId"
            | "TracingConfig"
            | "SignatureVersion"
            | "DataProtectionPolicy"
            | "ArchivePolicy" => Err(ApiError::SnsNotInSandbox(format!(
                "The topic attribute {attribute} is not modelled in this sandbox; DisplayName is."
            ))),
            _ => Err(invalid("AttributeName")),
        }
    }

    pub(crate) fn subscribe(
        &mut self,
        scope: &Scope,
        topic_arn: &str,
        protocol: &str,
        endpoint: Option<&str>,
        return_arn: bool,
    ) -> Result<Reply, ApiError> {
        let name = self.own_topic(scope, topic_arn)?;
        if !PROTOCOLS.contains(&protocol) {
            return Err(invalid(&format!("Amazon SNS does not support this protocol string: {protocol}")));
        }
        if !DELIVERED_PROTOCOLS.contains(&protocol) {
            return Err(ApiError::SnsNotInSandbox(format!(
                "The {protocol} protocol is not available in this sandbox yet; subscribe an email or email-json endpoint."
            )));
        }
        let endpoint = endpoint.filter(|e| valid_email(e)).ok_or_else(|| invalid("Email address"))?.to_string();
        let existing = self.world.region(scope).and_then(|rs| {
            rs.subscriptions
                .values()
                .find(|s| s.topic_arn == topic_arn && s.protocol == protocol && s.endpoint == endpoint)
                .cloned()
        });
        let sub = match existing {
            Some(s) => s,
            None => {
                let s = Subscription {
                    arn: format!("{topic_arn}:{}", self.uuid()),
                    topic_arn: topic_arn.to_string(),
                    protocol: protocol.to_string(),
                    endpoint: endpoint.clone(),
                    owner: scope.account.as_str().to_string(),
                    confirmed: false,
                    token: self.rng.hex(128),
                    created: self.now,
                };
                if let Some(rs) = self.world.region_mut(scope) {
                    rs.subscriptions.insert(s.arn.clone(), s.clone());
                }
                s
            }
        };
        // A pending email subscription gets a confirmation message, again on each Subscribe.
        if !sub.confirmed {
            let display = self.world.region(scope).and_then(|rs| rs.topics.get(&name)).map(|t| t.display_name.clone());
            let body = format!(
                "You have chosen to subscribe to the topic: \n{topic_arn}\n\nTo confirm this subscription, click or visit the link below (If this was in error no action is necessary): \nConfirm subscription\n\nPlease do not reply directly to this email. If you wish to remove yourself from receiving all future SNS subscription confirmation requests please send an email to sns-opt-out"
            );
            let from = display
                .filter(|d| !d.is_empty())
                .map_or_else(|| FROM.to_string(), |d| format!("{d} <no-reply@sns.amazonaws.com>"));
            self.deliver_mail(
                scope,
                Mail {
                    at: self.now,
                    to: endpoint,
                    from,
                    subject: "AWS Notification - Subscription Confirmation".into(),
                    body,
                    confirm: Some((topic_arn.to_string(), sub.token.clone())),
                },
            );
        }
        // Until confirmed, Subscribe answers "pending confirmation" unless the ARN is asked for.
        let arn = if sub.confirmed || return_arn { sub.arn } else { "pending confirmation".into() };
        Ok(Reply::SubscriptionArn(arn))
    }

    pub(crate) fn confirm_subscription(
        &mut self,
        scope: &Scope,
        topic_arn: &str,
        token: &str,
    ) -> Result<Reply, ApiError> {
        self.own_topic(scope, topic_arn)?;
        let rs = self.world.region_mut(scope).ok_or_else(topic_missing)?;
        let s = rs
            .subscriptions
            .values_mut()
            .find(|s| s.topic_arn == topic_arn && s.token == token)
            .ok_or_else(|| invalid("Token"))?;
        s.confirmed = true;
        Ok(Reply::SubscriptionArn(s.arn.clone()))
    }

    pub(crate) fn unsubscribe(&mut self, scope: &Scope, arn: &str) -> Result<Reply, ApiError> {
        let rs = self.world.region_mut(scope).ok_or_else(topic_missing)?;
        match rs.subscriptions.remove(arn) {
            Some(s) => {
                if let Some(t) = rs.topics.values_mut().find(|t| t.arn == s.topic_arn) {
                    t.subscriptions_deleted = t.subscriptions_deleted.saturating_add(1);
                }
                Ok(Reply::Empty)
            }
            None => Err(ApiError::SnsNotFound("Subscription does not exist".into())),
        }
    }

    pub(crate) fn list_subscriptions(&self, scope: &Scope, topic_arn: Option<&str>) -> Result<Reply, ApiError> {
        if let Some(t) = topic_arn {
            self.own_topic(scope, t)?;
        }
        let rs = self.world.region(scope).ok_or_else(topic_missing)?;
        let mut subs: Vec<Subscription> =
            rs.subscriptions.values().filter(|s| topic_arn.is_none_or(|t| s.topic_arn == t)).cloned().collect();
        subs.sort_by(|a, b| (a.created, &a.arn).cmp(&(b.created, &b.arn)));
        Ok(Reply::Subscriptions(subs))
    }

    pub(crate) fn get_subscription_attributes(&self, scope: &Scope, arn: &str) -> Result<Reply, ApiError> {
        let rs = self.world.region(scope).ok_or_else(topic_missing)?;
        let s = rs.subscriptions.get(arn).ok_or_else(|| ApiError::SnsNotFound("Subscription does not exist".into()))?;
        Ok(Reply::Attributes(vec![
            ("ConfirmationWasAuthenticated".into(), "false".into()),
            ("PendingConfirmation".into(), (!s.confirmed).to_string()),
            ("Owner".into(), s.owner.clone()),
            ("RawMessageDelivery".into(), "false".into()),
            ("TopicArn".into(), s.topic_arn.clone()),
            ("Endpoint".into(), s.endpoint.clone()),
            ("Protocol".into(), s.protocol.clone()),
            ("SubscriptionArn".into(), s.arn.clone()),
        ]))
    }

    pub(crate) fn publish(
        &mut self,
        scope: &Scope,
        topic_arn: &str,
        message: &str,
        subject: Option<&str>,
    ) -> Result<Reply, ApiError> {
        if message.is_empty() {
            return Err(invalid("Empty message"));
        }
        if message.len() > MAX_MESSAGE_BYTES {
            return Err(invalid("Message too long"));
        }
        if let Some(s) = subject
            && (s.is_empty() || s.chars().count() > MAX_SUBJECT_CHARS || s.chars().any(|c| !(' '..='~').contains(&c)))
        {
            return Err(invalid("Subject"));
        }
        self.own_topic(scope, topic_arn)?;
        let id = self.sns_deliver(scope, topic_arn, subject, message, None);
        Ok(Reply::MessageId(id))
    }

    /// Sends a message to every confirmed subscription of a topic that exists in `scope`;
    /// `email_text` replaces the message for `email` endpoints (CloudWatch sends people a
    /// readable text and programs JSON). Returns the message id.
    pub(crate) fn sns_deliver(
        &mut self,
        scope: &Scope,
        topic_arn: &str,
        subject: Option<&str>,
        message: &str,
        email_text: Option<&str>,
    ) -> String {
        let id = self.uuid();
        let Some(rs) = self.world.region(scope) else { return id };
        let subs: Vec<Subscription> =
            rs.subscriptions.values().filter(|s| s.topic_arn == topic_arn && s.confirmed).cloned().collect();
        let display =
            rs.topics.values().find(|t| t.arn == topic_arn).map(|t| t.display_name.clone()).unwrap_or_default();
        let from =
            if display.is_empty() { FROM.to_string() } else { format!("{display} <no-reply@sns.amazonaws.com>") };
        let region = scope.region.code();
        for s in subs {
            let unsubscribe =
                format!("https://sns.{region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={}", s.arn);
            let body = if s.protocol == "email-json" {
                // The SNS message envelope (aws-reference.md §D4).
                let subject_member = subject.map(|x| format!("  \"Subject\" : {},\n", json_str(x))).unwrap_or_default();
                format!(
                    "{{\n  \"Type\" : \"Notification\",\n  \"MessageId\" : \"{id}\",\n  \"TopicArn\" : \"{topic_arn}\",\n{subject_member}  \"Message\" : {},\n  \"Timestamp\" : \"{}\",\n  \"SignatureVersion\" : \"1\",\n  \"Signature\" : \"(sandbox: not signed)\",\n  \"SigningCertURL\" : \"https://sns.{region}.amazonaws.com/SimpleNotificationService.pem\",\n  \"UnsubscribeURL\" : \"{unsubscribe}\"\n}}",
                    json_str(message),
                    sns_time(self.now)
                )
            } else {
                format!(
                    "{}\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n{unsubscribe}\n\nPlease do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support",
                    email_text.unwrap_or(message)
                )
            };
            self.deliver_mail(
                scope,
                Mail {
                    at: self.now,
                    to: s.endpoint.clone(),
                    from: from.clone(),
                    subject: subject.unwrap_or("AWS Notification Message").to_string(),
                    body,
                    confirm: None,
                },
            );
        }
        id
    }

    fn deliver_mail(&mut self, scope: &Scope, mail: Mail) {
        if let Some(a) = self.world.accounts.get_mut(&scope.account) {
            a.mail.push(mail);
            let excess = a.mail.len().saturating_sub(MAX_MAILS);
            a.mail.drain(..excess);
        }
    }
}
