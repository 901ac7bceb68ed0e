//! STS's response documents (BC-STS GetCallerIdentityResponse member order).

use serde_json::{Value, json};

use super::CallerIdentity;

pub fn caller_identity(c: &CallerIdentity) -> Value {
    json!({"UserId": c.user_id, "Account": c.account.as_str(), "Arn": c.arn})
}
