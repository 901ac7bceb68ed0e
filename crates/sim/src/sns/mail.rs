//! The sandbox's inbox: what SNS sends to email endpoints, kept so the learner can read it
//! (and confirm subscriptions from it). Not an AWS API.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// Mails kept per account; the oldest go first.
pub const MAX_MAILS: usize = 200;

/// One email as SNS would send it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mail {
    pub at: Timestamp,
    pub to: String,
    pub from: String,
    pub subject: String,
    pub body: String,
    /// A subscription confirmation: the topic and token its "Confirm subscription" link carries.
    pub confirm: Option<(String, String)>,
}
