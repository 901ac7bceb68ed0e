//! SNS's requests and responses: botocore's input and output shapes (BC-SNS 2010-03-31), as
//! serde types whose field names and order are the shapes' members. A member the sandbox
//! does not model is absent from its struct (CreateTopic's Tags, Subscribe's Attributes,
//! Publish's TargetArn, PhoneNumber, MessageStructure, …), so the CLI names it as not
//! modelled rather than accepting and ignoring it.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

crate::input::operations!(
    /// An SNS request: the operation and its input shape.
    CreateTopic,
    DeleteTopic,
    ListTopics,
    GetTopicAttributes,
    SetTopicAttributes,
    Subscribe,
    ConfirmSubscription,
    Unsubscribe,
    ListSubscriptions,
    ListSubscriptionsByTopic,
    GetSubscriptionAttributes,
    Publish,
);

impl Request {
    /// Whether the request only reads.
    pub fn is_read_only(&self) -> bool {
        matches!(
            self,
            Request::ListTopics(_)
                | Request::GetTopicAttributes(_)
                | Request::ListSubscriptions(_)
                | Request::ListSubscriptionsByTopic(_)
                | Request::GetSubscriptionAttributes(_)
        )
    }
}

crate::input::shape! {
    /// CreateTopicInput (Tags and DataProtectionPolicy are not modelled).
    pub struct CreateTopic {
        "Name" name: String,
        /// TopicAttributesMap: attribute name → value.
        "Attributes" attributes: Option<crate::input::StringMap>,
    }
}

crate::input::shape! {
    /// DeleteTopicInput, GetTopicAttributesInput: a topic's ARN.
    pub struct TopicArn {
        "TopicArn" topic_arn: String,
    }
}

pub type DeleteTopic = TopicArn;
pub type GetTopicAttributes = TopicArn;

crate::input::shape! {
    /// ListTopicsInput, ListSubscriptionsInput: a page's token.
    pub struct Page {
        "NextToken" next_token: Option<String>,
    }
}

pub type ListTopics = Page;
pub type ListSubscriptions = Page;

crate::input::shape! {
    /// SetTopicAttributesInput.
    pub struct SetTopicAttributes {
        "TopicArn" topic_arn: String,
        "AttributeName" attribute_name: String,
        "AttributeValue" attribute_value: Option<String>,
    }
}

crate::input::shape! {
    /// SubscribeInput (Attributes is not modelled).
    pub struct Subscribe {
        "TopicArn" topic_arn: String,
        "Protocol" protocol: String,
        "Endpoint" endpoint: Option<String>,
        "ReturnSubscriptionArn" return_subscription_arn: Option<bool>,
    }
}

crate::input::shape! {
    /// ConfirmSubscriptionInput (AuthenticateOnUnsubscribe is not modelled).
    pub struct ConfirmSubscription {
        "TopicArn" topic_arn: String,
        "Token" token: String,
    }
}

crate::input::shape! {
    /// UnsubscribeInput, GetSubscriptionAttributesInput: a subscription's ARN.
    pub struct SubscriptionArn {
        "SubscriptionArn" subscription_arn: String,
    }
}

pub type Unsubscribe = SubscriptionArn;
pub type GetSubscriptionAttributes = SubscriptionArn;

crate::input::shape! {
    /// ListSubscriptionsByTopicInput.
    pub struct ListSubscriptionsByTopic {
        "TopicArn" topic_arn: String,
        "NextToken" next_token: Option<String>,
    }
}

crate::input::shape! {
    /// PublishInput: to a topic (TargetArn, PhoneNumber, MessageStructure, MessageAttributes
    /// and the FIFO members are not modelled). TopicArn is optional in the shape because a
    /// message may go to a target or a phone number instead; SNS itself refuses a Publish that
    /// names none.
    pub struct Publish {
        "TopicArn" topic_arn: Option<String>,
        "Message" message: String,
        "Subject" subject: Option<String>,
    }
}

/// A response, serialized as the operation's output shape (no variant tag). Operations
/// without an output shape (DeleteTopic, SetTopicAttributes, Unsubscribe) answer
/// [`Response::Empty`], which the CLI prints as nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Response {
    TopicArn(TopicArnResponse),
    Topics(ListTopicsResponse),
    Attributes(AttributesResponse),
    SubscriptionArn(SubscriptionArnResponse),
    Subscriptions(ListSubscriptionsResponse),
    Published(PublishResponse),
    Empty(Empty),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Empty {}

/// CreateTopicResponse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TopicArnResponse {
    pub topic_arn: String,
}

/// ListTopicsResponse: Topics (each a Topic: TopicArn) and NextToken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTopicsResponse {
    pub topics: Vec<TopicArnResponse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// GetTopicAttributesResponse and GetSubscriptionAttributesResponse: Attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributesResponse {
    pub attributes: Attributes,
}

/// An attributes map (TopicAttributesMap, SubscriptionAttributesMap) in the order SNS returns
/// its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attributes(pub Vec<(&'static str, String)>);

impl Serialize for Attributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// SubscribeResponse and ConfirmSubscriptionResponse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionArnResponse {
    pub subscription_arn: String,
}

/// ListSubscriptionsResponse and ListSubscriptionsByTopicResponse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListSubscriptionsResponse {
    pub subscriptions: Vec<SubscriptionView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The Subscription shape, in its member order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionView {
    pub subscription_arn: String,
    pub owner: String,
    pub protocol: String,
    pub endpoint: String,
    pub topic_arn: String,
}

/// PublishResponse (SequenceNumber is for FIFO topics, which the sandbox does not model).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublishResponse {
    pub message_id: String,
}
