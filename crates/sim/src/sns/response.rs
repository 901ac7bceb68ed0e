//! SNS response documents with botocore's member names (BC-SNS CreateTopicResponse,
//! ListTopicsResponse, GetTopicAttributesResponse, SubscribeResponse, ListSubscriptionsResponse,
//! PublishResponse).

use crate::Reply;
use serde_json::{Map, Value, json};

/// The document of an SNS reply; other replies have no SNS form.
pub fn reply(r: &Reply) -> Value {
    match r {
        Reply::TopicArn(arn) => json!({ "TopicArn": arn }),
        Reply::Topics(arns) => json!({ "Topics": arns.iter().map(|a| json!({ "TopicArn": a })).collect::<Vec<_>>() }),
        Reply::Attributes(pairs) => {
            let map: Map<String, Value> = pairs.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
            json!({ "Attributes": map })
        }
        Reply::SubscriptionArn(arn) => json!({ "SubscriptionArn": arn }),
        Reply::Subscriptions(subs) => json!({
            "Subscriptions": subs.iter().map(|s| json!({
                "SubscriptionArn": s.listed_arn(),
                "Owner": s.owner,
                "Protocol": s.protocol,
                "Endpoint": s.endpoint,
                "TopicArn": s.topic_arn,
            })).collect::<Vec<_>>()
        }),
        Reply::MessageId(id) => json!({ "MessageId": id }),
        _ => json!({}),
    }
}
