//! The SNS operations (BC-SNS 2010-03-31) on the world's topics and subscriptions. Error codes
//! are SNS's wire codes (aws-reference.md §E SNS); the messages follow SNS's "Invalid
//! parameter: X" form as seen in its responses.

use crate::error::ApiError;
use crate::region::Scope;
use crate::resource::ResourceView;
use crate::sim::Sim;
use crate::sns::api::{
    Attributes, AttributesResponse, ListSubscriptionsResponse, ListTopicsResponse, PublishResponse, Request, Response,
    SubscriptionArnResponse, SubscriptionView, TopicArnResponse,
};
use crate::sns::delivery::{self, Message};
use crate::sns::mail::MAX_MAILS;
use crate::sns::{DELIVERED_PROTOCOLS, Mail, PROTOCOLS, Subscription, Topic, parse_topic_arn, valid_topic_name};

/// SNS messages carry up to 256 KiB of text (aws-reference.md §D4).
pub const MAX_MESSAGE_BYTES: usize = 262_144;
/// Email subjects: up to 100 printable ASCII characters, no line breaks (BC-SNS Publish.Subject).
pub const MAX_SUBJECT_CHARS: usize = 100;

/// ListTopics, ListSubscriptions and ListSubscriptionsByTopic return up to 100 items a call,
/// with a NextToken for the rest (BC-SNS ListTopics: "Each call returns a limited list of
/// topics, up to 100"; the same for subscriptions).
pub const PAGE_SIZE: usize = 100;

/// The topic attributes SNS knows besides DisplayName (SNS API reference, SetTopicAttributes
/// and CreateTopic "Attributes"): real, but not modelled in the sandbox.
const UNMODELLED_TOPIC_ATTRIBUTES: [&str; 10] = [
    "Policy",
    "DeliveryPolicy",
    "KmsMasterKeyId",
    "TracingConfig",
    "SignatureVersion",
    "DataProtectionPolicy",
    "ArchivePolicy",
    "FifoTopic",
    "ContentBasedDeduplication",
    "FifoThroughputScope",
];

fn error(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::Service { code, message: message.into() }
}

fn invalid(what: &str) -> ApiError {
    error("InvalidParameter", format!("Invalid parameter: {what}"))
}

/// A real SNS feature the sandbox does not model yet (the code is SNS's InvalidParameter).
fn not_in_sandbox(message: String) -> ApiError {
    error("InvalidParameter", message)
}

fn topic_missing() -> ApiError {
    error("NotFound", "Topic does not exist")
}

fn subscription_missing() -> ApiError {
    error("NotFound", "Subscription does not exist")
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

/// A topic attribute CreateTopic or SetTopicAttributes sets: the sandbox models DisplayName,
/// the name email notifications show.
fn check_topic_attribute(name: &str) -> Result<(), ApiError> {
    if name == "DisplayName" {
        Ok(())
    } else if UNMODELLED_TOPIC_ATTRIBUTES.contains(&name) {
        Err(not_in_sandbox(format!("The topic attribute {name} is not modelled in this sandbox; DisplayName is.")))
    } else {
        Err(invalid("AttributeName"))
    }
}

/// One page of a listing sorted by `key`: the items from the token's key on, up to
/// [`PAGE_SIZE`], and the token of the next page. A token is the base64 of the next page's
/// first key; SNS's tokens are as opaque.
fn page<T>(
    items: Vec<T>,
    key: impl Fn(&T) -> String,
    token: Option<&str>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    crate::paging::page(items, key, token, PAGE_SIZE).ok_or_else(|| invalid("NextToken"))
}

/// AWS Config's type names of SNS's resources (it records topics; subscriptions are the
/// sandbox's own kind of record, under AWS CloudFormation's type name).
pub const TOPIC: &str = "AWS::SNS::Topic";
pub const SUBSCRIPTION: &str = "AWS::SNS::Subscription";

impl Sim {
    /// A topic as AWS Config records it: GetTopicAttributes' attributes, under its ARN.
    pub(crate) fn topic_resource(&self, scope: &Scope, arn: &str) -> Option<ResourceView> {
        let name = self.own_topic(scope, arn).ok()?;
        let created = self.world.region(scope)?.topics.get(&name)?.created;
        let attributes = serde_json::to_value(self.get_topic_attributes(scope, arn).ok()?).ok()?;
        Some(
            ResourceView::new(TOPIC, arn, arn, &scope.account, Some(scope.region), attributes)
                .named(name)
                .created(created),
        )
    }

    /// A subscription: GetSubscriptionAttributes' attributes, under its ARN.
    pub(crate) fn subscription_resource(&self, scope: &Scope, arn: &str) -> Option<ResourceView> {
        let created = self.world.region(scope)?.subscriptions.get(arn)?.created;
        let attributes = serde_json::to_value(self.get_subscription_attributes(scope, arn).ok()?).ok()?;
        Some(ResourceView::new(SUBSCRIPTION, arn, arn, &scope.account, Some(scope.region), attributes).created(created))
    }

    /// Serves an SNS request in a scope.
    pub(crate) fn sns(&mut self, scope: &Scope, request: Request) -> Result<Response, ApiError> {
        match request {
            Request::CreateTopic(r) => self.create_topic(scope, &r.name, r.attributes.unwrap_or_default()),
            Request::DeleteTopic(r) => self.delete_topic(scope, &r.topic_arn),
            Request::ListTopics(r) => self.list_topics(scope, r.next_token.as_deref()),
            Request::GetTopicAttributes(r) => self.get_topic_attributes(scope, &r.topic_arn),
            Request::SetTopicAttributes(r) => {
                self.set_topic_attributes(scope, &r.topic_arn, &r.attribute_name, r.attribute_value)
            }
            Request::Subscribe(r) => self.subscribe(
                scope,
                &r.topic_arn,
                &r.protocol,
                r.endpoint.as_deref(),
                r.return_subscription_arn.unwrap_or(false),
            ),
            Request::ConfirmSubscription(r) => self.confirm_subscription(scope, &r.topic_arn, &r.token),
            Request::Unsubscribe(r) => self.unsubscribe(scope, &r.subscription_arn),
            Request::ListSubscriptions(r) => self.list_subscriptions(scope, None, r.next_token.as_deref()),
            Request::ListSubscriptionsByTopic(r) => {
                self.list_subscriptions(scope, Some(&r.topic_arn), r.next_token.as_deref())
            }
            Request::GetSubscriptionAttributes(r) => self.get_subscription_attributes(scope, &r.subscription_arn),
            Request::Publish(r) => {
                // SNS's own check: a message goes to a topic, a target or a phone number.
                let topic = r.topic_arn.ok_or_else(|| {
                    error(
                        "InvalidParameter",
                        "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter",
                    )
                })?;
                self.publish(scope, &topic, &r.message, r.subject.as_deref())
            }
        }
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

    fn create_topic(
        &mut self,
        scope: &Scope,
        name: &str,
        attributes: crate::input::StringMap,
    ) -> Result<Response, ApiError> {
        if !valid_topic_name(name) {
            return Err(invalid("Topic Name"));
        }
        for k in attributes.keys() {
            check_topic_attribute(k)?;
        }
        let display_name = attributes.get("DisplayName").map(String::from);
        let arn = format!("arn:aws:sns:{}:{}:{name}", scope.region.code(), scope.account.as_str());
        let now = self.now;
        let rs = self.world.region_mut(scope).ok_or_else(topic_missing)?;
        // Idempotent: the same name gives the same topic (BC-SNS CreateTopic), unless the
        // request asks for other attributes than it has (SNS answers "Topic already exists
        // with different attributes", as clients that re-create topics meet it).
        if let (Some(t), Some(d)) = (rs.topics.get(name), &display_name)
            && t.display_name != *d
        {
            return Err(invalid("Attributes Reason: Topic already exists with different attributes"));
        }
        rs.topics.entry(name.to_string()).or_insert_with(|| Topic {
            arn: arn.clone(),
            name: name.to_string(),
            display_name: display_name.unwrap_or_default(),
            created: now,
            subscriptions_deleted: 0,
        });
        Ok(Response::TopicArn(TopicArnResponse { topic_arn: arn }))
    }

    /// DeleteTopic is idempotent: a topic that does not exist is not an error; its
    /// subscriptions go with it (BC-SNS DeleteTopic).
    fn delete_topic(&mut self, scope: &Scope, arn: &str) -> Result<Response, ApiError> {
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
        Ok(Response::Empty(Default::default()))
    }

    fn list_topics(&self, scope: &Scope, token: Option<&str>) -> Result<Response, ApiError> {
        let rs = self.world.region(scope).ok_or_else(topic_missing)?;
        let topics: Vec<&Topic> = rs.topics.values().collect();
        let (topics, next_token) = page(topics, |t| t.name.clone(), token)?;
        Ok(Response::Topics(ListTopicsResponse {
            topics: topics.into_iter().map(|t| TopicArnResponse { topic_arn: t.arn.clone() }).collect(),
            next_token,
        }))
    }

    /// GetTopicAttributes: the topic's attributes in SNS's order. Its Describe view too (the
    /// change feed's, and AWS Config's `configuration` of an `AWS::SNS::Topic`).
    pub(crate) fn get_topic_attributes(&self, scope: &Scope, arn: &str) -> Result<Response, ApiError> {
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
        Ok(Response::Attributes(AttributesResponse {
            attributes: Attributes(vec![
                ("Policy", policy),
                ("Owner", account.into()),
                ("SubscriptionsPending", pending.to_string()),
                ("TopicArn", t.arn.clone()),
                ("EffectiveDeliveryPolicy", "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false,\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}".into()),
                ("SubscriptionsConfirmed", confirmed.to_string()),
                ("DisplayName", t.display_name.clone()),
                ("SubscriptionsDeleted", t.subscriptions_deleted.to_string()),
            ]),
        }))
    }

    fn set_topic_attributes(
        &mut self,
        scope: &Scope,
        arn: &str,
        attribute: &str,
        value: Option<String>,
    ) -> Result<Response, ApiError> {
        let name = self.own_topic(scope, arn)?;
        check_topic_attribute(attribute)?;
        if let Some(t) = self.world.region_mut(scope).and_then(|rs| rs.topics.get_mut(&name)) {
            t.display_name = value.unwrap_or_default();
        }
        Ok(Response::Empty(Default::default()))
    }

    fn subscribe(
        &mut self,
        scope: &Scope,
        topic_arn: &str,
        protocol: &str,
        endpoint: Option<&str>,
        return_arn: bool,
    ) -> Result<Response, ApiError> {
        let name = self.own_topic(scope, topic_arn)?;
        if !PROTOCOLS.contains(&protocol) {
            return Err(invalid(&format!("Amazon SNS does not support this protocol string: {protocol}")));
        }
        if !DELIVERED_PROTOCOLS.contains(&protocol) {
            return Err(not_in_sandbox(format!(
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
            let mail = delivery::confirmation(&sub, display.as_deref().unwrap_or_default(), self.now);
            self.deliver_mail(scope, mail);
        }
        // Until confirmed, Subscribe answers "pending confirmation" unless the ARN is asked for.
        let arn = if sub.confirmed || return_arn { sub.arn } else { "pending confirmation".into() };
        Ok(Response::SubscriptionArn(SubscriptionArnResponse { subscription_arn: arn }))
    }

    fn confirm_subscription(&mut self, scope: &Scope, topic_arn: &str, token: &str) -> Result<Response, ApiError> {
        self.own_topic(scope, topic_arn)?;
        let rs = self.world.region_mut(scope).ok_or_else(topic_missing)?;
        let s = rs
            .subscriptions
            .values_mut()
            .find(|s| s.topic_arn == topic_arn && s.token == token)
            .ok_or_else(|| invalid("Token"))?;
        s.confirmed = true;
        Ok(Response::SubscriptionArn(SubscriptionArnResponse { subscription_arn: s.arn.clone() }))
    }

    fn unsubscribe(&mut self, scope: &Scope, arn: &str) -> Result<Response, ApiError> {
        let rs = self.world.region_mut(scope).ok_or_else(topic_missing)?;
        let s = rs.subscriptions.remove(arn).ok_or_else(subscription_missing)?;
        if let Some(t) = rs.topics.values_mut().find(|t| t.arn == s.topic_arn) {
            t.subscriptions_deleted = t.subscriptions_deleted.saturating_add(1);
        }
        Ok(Response::Empty(Default::default()))
    }

    /// ListSubscriptions, or ListSubscriptionsByTopic with a topic: oldest first.
    fn list_subscriptions(
        &self,
        scope: &Scope,
        topic_arn: Option<&str>,
        token: Option<&str>,
    ) -> Result<Response, ApiError> {
        if let Some(t) = topic_arn {
            self.own_topic(scope, t)?;
        }
        let rs = self.world.region(scope).ok_or_else(topic_missing)?;
        let mut subs: Vec<&Subscription> =
            rs.subscriptions.values().filter(|s| topic_arn.is_none_or(|t| s.topic_arn == t)).collect();
        crate::sort::by(&mut subs, |a, b| (a.created, &a.arn).cmp(&(b.created, &b.arn)));
        // Zero-padded times sort as the times do.
        let (subs, next_token) = page(subs, |s| format!("{:020}/{}", s.created.0, s.arn), token)?;
        Ok(Response::Subscriptions(ListSubscriptionsResponse {
            subscriptions: subs
                .into_iter()
                .map(|s| SubscriptionView {
                    subscription_arn: s.listed_arn().to_string(),
                    owner: s.owner.clone(),
                    protocol: s.protocol.clone(),
                    endpoint: s.endpoint.clone(),
                    topic_arn: s.topic_arn.clone(),
                })
                .collect(),
            next_token,
        }))
    }

    /// GetSubscriptionAttributes: the subscription's attributes in SNS's order, and its
    /// Describe view.
    pub(crate) fn get_subscription_attributes(&self, scope: &Scope, arn: &str) -> Result<Response, ApiError> {
        let rs = self.world.region(scope).ok_or_else(topic_missing)?;
        let s = rs.subscriptions.get(arn).ok_or_else(subscription_missing)?;
        Ok(Response::Attributes(AttributesResponse {
            attributes: Attributes(vec![
                ("ConfirmationWasAuthenticated", "false".into()),
                ("PendingConfirmation", (!s.confirmed).to_string()),
                ("Owner", s.owner.clone()),
                ("RawMessageDelivery", "false".into()),
                ("TopicArn", s.topic_arn.clone()),
                ("Endpoint", s.endpoint.clone()),
                ("Protocol", s.protocol.clone()),
                ("SubscriptionArn", s.arn.clone()),
            ]),
        }))
    }

    fn publish(
        &mut self,
        scope: &Scope,
        topic_arn: &str,
        message: &str,
        subject: Option<&str>,
    ) -> Result<Response, ApiError> {
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
        let message_id = self.sns_deliver(scope, topic_arn, subject, message, None);
        Ok(Response::Published(PublishResponse { message_id }))
    }

    /// A version-4 UUID from the world's generator (message ids, subscription ARNs).
    fn uuid(&mut self) -> String {
        let h = self.rng.hex(32);
        let variant = ["8", "9", "a", "b"][(self.rng.next_u64() % 4) as usize];
        format!("{}-{}-4{}-{variant}{}-{}", &h[0..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
    }

    /// Sends a message to every confirmed subscription of a topic that exists in `scope`;
    /// `email_text` replaces the message for `email` endpoints (CloudWatch's alarm actions).
    /// Returns the message id.
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
        let m = Message { id: &id, topic_arn, subject, message, email_text, region: scope.region, at: self.now };
        let display = rs.topics.values().find(|t| t.arn == topic_arn).map(|t| t.display_name.as_str()).unwrap_or("");
        let mails: Vec<Mail> = rs
            .subscriptions
            .values()
            .filter(|s| s.topic_arn == topic_arn && s.confirmed)
            .map(|s| delivery::notification(&m, s, display))
            .collect();
        for mail in mails {
            self.deliver_mail(scope, mail);
        }
        id
    }

    /// Puts a mail in the account's inbox; the oldest go beyond [`MAX_MAILS`].
    fn deliver_mail(&mut self, scope: &Scope, mail: Mail) {
        if let Some(a) = self.world.accounts.get_mut(&scope.account) {
            a.mail.push(mail);
            let excess = a.mail.len().saturating_sub(MAX_MAILS);
            a.mail.drain(..excess);
        }
    }
}
