//! Delivery: what a message becomes at an endpoint, as SNS sends it — the confirmation mail
//! of a new email subscription, a notification mail, or the JSON envelope for email-json.
//! Pure functions of the message; `serve.rs` puts the mails in the inbox.

use crate::region::Region;
use crate::sns::{Mail, Subscription};
use crate::time::Timestamp;

const FROM: &str = "AWS Notifications <no-reply@sns.amazonaws.com>";

/// The sender of a topic's mails: its display name if it has one.
pub(crate) fn sender(display_name: &str) -> String {
    if display_name.is_empty() { FROM.to_string() } else { format!("{display_name} <no-reply@sns.amazonaws.com>") }
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

/// The mail a pending email subscription gets, again on each Subscribe; its "Confirm
/// subscription" link carries the topic and the subscription's token.
pub(crate) fn confirmation(sub: &Subscription, display_name: &str, now: Timestamp) -> Mail {
    let topic_arn = &sub.topic_arn;
    Mail {
        at: now,
        to: sub.endpoint.clone(),
        from: sender(display_name),
        subject: "AWS Notification - Subscription Confirmation".into(),
        body: format!(
            "You have chosen to subscribe to the topic: \n{topic_arn}\n\nTo confirm this subscription, click or visit the link below (If this was in error no action is necessary): \nConfirm subscription\n\nPlease do not reply directly to this email. If you wish to remove yourself from receiving all future SNS subscription confirmation requests please send an email to sns-opt-out"
        ),
        confirm: Some((topic_arn.clone(), sub.token.clone())),
    }
}

/// One published message, as it reaches the subscriptions of a topic.
pub(crate) struct Message<'a> {
    pub id: &'a str,
    pub topic_arn: &'a str,
    pub subject: Option<&'a str>,
    pub message: &'a str,
    /// What `email` endpoints get instead of the message (CloudWatch sends people a readable
    /// text and programs JSON).
    pub email_text: Option<&'a str>,
    pub region: Region,
    pub at: Timestamp,
}

/// The mail a confirmed subscription gets: the SNS envelope for email-json, the message with
/// SNS's unsubscribe footer for email.
pub(crate) fn notification(m: &Message<'_>, sub: &Subscription, display_name: &str) -> Mail {
    let (id, topic_arn, region) = (m.id, m.topic_arn, m.region.code());
    let unsubscribe = format!("https://sns.{region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={}", sub.arn);
    let body = if sub.protocol == "email-json" {
        // The SNS message envelope (aws-reference.md §D4).
        let subject_member = m.subject.map(|x| format!("  \"Subject\" : {},\n", json_str(x))).unwrap_or_default();
        format!(
            "{{\n  \"Type\" : \"Notification\",\n  \"MessageId\" : \"{id}\",\n  \"TopicArn\" : \"{topic_arn}\",\n{subject_member}  \"Message\" : {},\n  \"Timestamp\" : \"{}\",\n  \"SignatureVersion\" : \"1\",\n  \"Signature\" : \"(sandbox: not signed)\",\n  \"SigningCertURL\" : \"https://sns.{region}.amazonaws.com/SimpleNotificationService.pem\",\n  \"UnsubscribeURL\" : \"{unsubscribe}\"\n}}",
            json_str(m.message),
            sns_time(m.at)
        )
    } else {
        format!(
            "{}\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n{unsubscribe}\n\nPlease do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support",
            m.email_text.unwrap_or(m.message)
        )
    };
    Mail {
        at: m.at,
        to: sub.endpoint.clone(),
        from: sender(display_name),
        subject: m.subject.unwrap_or("AWS Notification Message").to_string(),
        body,
        confirm: None,
    }
}
