//! STS's requests and responses: botocore's input and output shapes (BC-STS 2011-06-15), as
//! serde types whose field names and order are the shapes' members.

use serde::Serialize;

crate::input::operations!(
    /// An STS request: the operation and its input shape.
    GetCallerIdentity,
);

impl Request {
    /// Whether the request only reads: every STS operation the sandbox serves does.
    pub fn is_read_only(&self) -> bool {
        true
    }
}

crate::input::shape! {
    /// GetCallerIdentityRequest: no members.
    pub struct GetCallerIdentity {}
}

/// A response, serialized as the operation's output shape (no variant tag).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Response {
    CallerIdentity(GetCallerIdentityResponse),
}

/// GetCallerIdentityResponse, in its member order (UserId, Account, Arn).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCallerIdentityResponse {
    pub user_id: String,
    pub account: String,
    pub arn: String,
}
