//! AWS STS: who the caller is (GetCallerIdentity). Each of the world's accounts is used
//! through one IAM user named after its profile (`learner`, `partner`), as a learner's
//! `aws configure` user would be.
//!
//! Its requests and responses are its own types in botocore's shapes (`api.rs`), so the CLI
//! parses and prints them from the model alone.
//!
//! Depends on: no other service, and nothing above the core: a request's handler is a pure
//! function of the caller's account, which `Sim::dispatch` calls.

pub mod api;

pub use api::{Request, Response};

use crate::ids::AccountId;
use api::GetCallerIdentityResponse;

/// Serves a request made with an account's profile.
pub fn handle(account: &AccountId, request: &Request) -> Response {
    match request {
        Request::GetCallerIdentity(_) => Response::CallerIdentity(caller_identity(account)),
    }
}

/// The profile's IAM user of an account: `learner` for 123456789012, `partner` for
/// 111122223333.
pub fn user_name(account: &AccountId) -> &'static str {
    if *account == AccountId::partner() { "partner" } else { "learner" }
}

/// GetCallerIdentity for an IAM user: its unique id (`AIDA` and 17 upper-case letters and
/// digits, as IAM's user ids look; IAMUG reference_identifiers "Unique identifiers"), the
/// account and the user's ARN. The same account always gets the same id.
pub fn caller_identity(account: &AccountId) -> GetCallerIdentityResponse {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut h = crate::rng::stable_hash(&format!("iam-user/{}/{}", account.as_str(), user_name(account)));
    let mut id = String::from("AIDA");
    for _ in 0..17 {
        id.push(ALPHABET[(h % 32) as usize] as char);
        h = (h / 32) ^ h.rotate_left(29);
    }
    GetCallerIdentityResponse {
        user_id: id,
        account: account.as_str().to_string(),
        arn: format!("arn:aws:iam::{}:user/{}", account.as_str(), user_name(account)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_account_has_its_own_stable_user() {
        let a = caller_identity(&AccountId::learner());
        let b = caller_identity(&AccountId::partner());
        assert_eq!(a.arn, "arn:aws:iam::123456789012:user/learner");
        assert_eq!(b.arn, "arn:aws:iam::111122223333:user/partner");
        assert_eq!(a, caller_identity(&AccountId::learner()));
        assert_ne!(a.user_id, b.user_id);
        assert!(a.user_id.len() == 21 && a.user_id.starts_with("AIDA"));
        assert!(a.user_id.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
    }
}
