//! AWS IAM, as much as AWS Config and CloudFormation need: roles with trust policies,
//! service-linked roles (created by a service principal, deleted by an asynchronous task),
//! and AWS managed policies attached by ARN. IAM is global: an account has one set of roles
//! whatever Region a request is sent to.
//!
//! Depends on: no other service, and nothing above the core: `Sim::dispatch` hands a
//! [`Request`] to [`Iam::handle`] with the clock and the world's RNG, and queues the
//! [`Event`] it may return; the module owns its requests, responses, errors and events.

pub mod api;
pub mod catalog;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use api::{AttachedPolicy, RoleView, Tag};
pub use api::{Request, Response};

use crate::error::ApiError;
use crate::ids::AccountId;
use crate::rng::Rng;
use crate::time::{Millis, Timestamp};

/// An account's IAM: its roles by lower-cased name (IAM names are unique regardless of case:
/// IAMUG reference_iam-quotas "Names are not distinguished by case") and its service-linked
/// role deletion tasks by id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Iam {
    roles: BTreeMap<String, Role>,
    deletion_tasks: BTreeMap<String, DeletionTask>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub name: String,
    pub path: String,
    pub id: String,
    pub created: Timestamp,
    /// The trust policy as the learner wrote it (IAM keeps the document's text).
    pub trust_policy: String,
    pub description: Option<String>,
    pub max_session_duration: i64,
    pub tags: Vec<Tag>,
    /// Attached managed policies' ARNs, in the order attached.
    pub attached: Vec<String>,
    /// The service principal of a service-linked role.
    pub linked_service: Option<String>,
}

impl Role {
    pub fn arn(&self, account: &AccountId) -> String {
        format!("arn:aws:iam::{}:role{}{}", account.as_str(), self.path, self.name)
    }

    /// The Role shape as ListRoles and CreateRole return it; [`Iam::handle`] adds what only
    /// GetRole returns.
    pub fn view(&self, account: &AccountId) -> RoleView {
        RoleView {
            path: self.path.clone(),
            role_name: self.name.clone(),
            role_id: self.id.clone(),
            arn: self.arn(account),
            create_date: self.created,
            assume_role_policy_document: url_encode(&self.trust_policy),
            description: self.description.clone(),
            max_session_duration: None,
            tags: None,
            role_last_used: None,
        }
    }
}

impl Role {
    /// The Role shape as GetRole returns it: the role's Describe view (the change feed's, and
    /// AWS Config's `configuration` of an `AWS::IAM::Role`).
    pub fn full_view(&self, account: &AccountId) -> RoleView {
        let mut view = self.view(account);
        view.max_session_duration = Some(self.max_session_duration);
        view.tags = Some(self.tags.clone()).filter(|t| !t.is_empty());
        view.role_last_used = Some(api::RoleLastUsed {});
        view
    }
}

impl Role {
    /// The role as AWS Config records it: RoleDetail, with the attached managed policies (AWS
    /// managed ones are part of the configuration, not relationships: AWS Config relates a
    /// role only to customer managed policies, which the sandbox does not have).
    pub fn resource_view(&self, account: &AccountId) -> crate::resource::ResourceView {
        let detail = api::RoleDetail {
            path: self.path.clone(),
            role_name: self.name.clone(),
            role_id: self.id.clone(),
            arn: self.arn(account),
            create_date: self.created,
            assume_role_policy_document: url_encode(&self.trust_policy),
            instance_profile_list: Vec::new(),
            role_policy_list: Vec::new(),
            attached_managed_policies: self
                .attached
                .iter()
                .filter_map(|arn| catalog::managed_policy(arn))
                .map(|p| AttachedPolicy { policy_name: p.name.into(), policy_arn: p.arn() })
                .collect(),
            tags: self.tags.clone(),
            role_last_used: api::RoleLastUsed {},
        };
        let configuration = serde_json::to_value(detail).unwrap_or_default();
        crate::resource::ResourceView::new(ROLE, self.id.clone(), self.arn(account), account, None, configuration)
            .named(&self.name)
            .created(self.created)
            .tagged(self.tags.iter().map(|t| (t.key.as_str(), t.value.as_str())))
    }
}

/// AWS Config's type name of a role.
pub const ROLE: &str = "AWS::IAM::Role";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionTask {
    pub role_key: String,
    pub done_at: Timestamp,
    pub succeeded: bool,
}

/// What happens in IAM by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// A service-linked role's deletion task has run: the role is gone.
    ServiceLinkedRoleDeleted { task_id: String },
}

/// Deleting a service-linked role is a task IAM runs after answering (IAMUG
/// using-service-linked-roles "Deleting a service-linked role": submit, then poll
/// GetServiceLinkedRoleDeletionStatus). AWS publishes no duration; the sandbox's task takes
/// 3–12 s.
const DELETION_SECONDS: (u64, u64) = (3, 12);

/// Managed policies per role (IAMUG reference_iam-quotas: 10 by default).
const POLICIES_PER_ROLE: usize = 10;

/// A role trust policy's length, whitespace not counted (IAMUG reference_iam-quotas: 2,048
/// characters).
const TRUST_POLICY_CHARS: usize = 2048;

/// The default and longest MaxSessionDuration (BC-IAM CreateRole: one hour to 12 hours).
const DEFAULT_SESSION: i64 = 3600;
const MAX_SESSION: i64 = 43_200;

fn error(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::Service { code, message: message.into() }
}

fn no_such_role(name: &str) -> ApiError {
    error("NoSuchEntity", format!("The role with name {name} cannot be found."))
}

fn protected(name: &str) -> ApiError {
    error(
        "UnmodifiableEntity",
        format!("Cannot perform the operation on the protected role '{name}' - this role is only modifiable by AWS"),
    )
}

/// IAM's own constraint check, worded as AWS's query services word one ("1 validation error
/// detected: Value 'x' at 'roleName' failed to satisfy constraint: …"); botocore checks only
/// minimum lengths and values before sending, the service checks the rest.
fn constraint(value: &str, member: &str, rule: &str) -> ApiError {
    error(
        "ValidationError",
        format!("1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {rule}"),
    )
}

fn check_name(name: &str, member: &str) -> Result<(), ApiError> {
    if name.chars().count() > 64 {
        return Err(constraint(name, member, "Member must have length less than or equal to 64"));
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)) {
        return Err(constraint(name, member, "Member must satisfy regular expression pattern: [\\w+=,.@-]+"));
    }
    Ok(())
}

/// pathType: `/` or `/…/` of printable ASCII, at most 512 characters.
fn check_path(path: &str, member: &str) -> Result<(), ApiError> {
    let printable = path.chars().all(|c| ('!'..='~').contains(&c));
    if path.len() > 512 {
        return Err(constraint(path, member, "Member must have length less than or equal to 512"));
    }
    if !(path == "/" || (path.len() >= 2 && path.starts_with('/') && path.ends_with('/') && printable)) {
        return Err(constraint(
            path,
            member,
            "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
        ));
    }
    Ok(())
}

/// A trust policy IAM accepts: JSON, an object with statements, each naming who may assume
/// the role and no Resource (IAMUG reference_policies_elements_principal: a role's trust
/// policy must have a Principal; "Has prohibited field Resource" otherwise).
fn check_trust_policy(text: &str) -> Result<(), ApiError> {
    let malformed = |m: &str| error("MalformedPolicyDocument", m);
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else {
        return Err(malformed("This policy contains invalid Json"));
    };
    if text.chars().filter(|c| !c.is_whitespace()).count() > TRUST_POLICY_CHARS {
        return Err(error("LimitExceeded", format!("Cannot exceed quota for ACLSizePerRole: {TRUST_POLICY_CHARS}")));
    }
    let statements = match doc.get("Statement") {
        Some(serde_json::Value::Array(list)) => list.clone(),
        Some(one @ serde_json::Value::Object(_)) => vec![one.clone()],
        _ => return Err(malformed("Syntax errors in policy.")),
    };
    for s in &statements {
        if s.get("Resource").is_some() || s.get("NotResource").is_some() {
            return Err(malformed("Has prohibited field Resource"));
        }
        if s.get("Principal").is_none() && s.get("NotPrincipal").is_none() {
            return Err(malformed("Missing required field Principal"));
        }
    }
    Ok(())
}

/// RFC 3986 percent-encoding, as IAM returns policy documents ("URL-encoded compliant with
/// RFC 3986", BC-IAM Role AssumeRolePolicyDocument).
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An IAM unique id: a four-letter prefix and 17 upper-case letters and digits (IAMUG
/// reference_identifiers "Unique identifiers": `AROA` for roles).
fn unique_id(prefix: &str, rng: &mut Rng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut id = String::from(prefix);
    let mut bits = rng.next_u64();
    for i in 0..17 {
        if i == 12 {
            bits = rng.next_u64();
        }
        id.push(ALPHABET[(bits % 32) as usize] as char);
        bits /= 32;
    }
    id
}

fn uuid(rng: &mut Rng) -> String {
    let h = rng.hex(32);
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

/// One page of a listing that IAM paginates with Marker and MaxItems (default 100, BC-IAM
/// maxItemsType 1–1000): the items from the marker on, and the marker of the next page.
fn page<T: Clone>(
    items: &[(String, T)],
    marker: Option<&str>,
    max_items: Option<i64>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    if let Some(m) = max_items.filter(|m| *m > 1000) {
        return Err(constraint(&m.to_string(), "maxItems", "Member must have value less than or equal to 1000"));
    }
    let start = match marker {
        None => 0,
        Some(m) => {
            let key = crate::crypto::unbase64(m).and_then(|b| String::from_utf8(b).ok());
            match key.and_then(|k| items.iter().position(|(key, _)| *key == k)) {
                Some(i) => i,
                None => return Err(error("InvalidInput", "Invalid Marker.")),
            }
        }
    };
    let n = usize::try_from(max_items.unwrap_or(100).max(1)).unwrap_or(100);
    let end = (start + n).min(items.len());
    let next = items.get(end).map(|(key, _)| crate::crypto::base64(key.as_bytes()));
    Ok((items[start..end].iter().map(|(_, v)| v.clone()).collect(), next))
}

impl Iam {
    pub fn role(&self, name: &str) -> Option<&Role> {
        self.roles.get(&name.to_ascii_lowercase())
    }

    pub fn roles(&self) -> impl Iterator<Item = &Role> {
        self.roles.values()
    }

    fn role_mut(&mut self, name: &str) -> Result<&mut Role, ApiError> {
        self.roles.get_mut(&name.to_ascii_lowercase()).ok_or_else(|| no_such_role(name))
    }

    /// Whether a queued IAM event has its owner: a deletion task still waiting for its time.
    pub fn owns(&self, event: &Event, at: Timestamp) -> bool {
        match event {
            Event::ServiceLinkedRoleDeleted { task_id } => {
                self.deletion_tasks.get(task_id).is_some_and(|t| !t.succeeded && t.done_at == at)
            }
        }
    }

    /// Serves one request at `now`; an event it returns is queued by the caller at its time.
    pub fn handle(
        &mut self,
        account: &AccountId,
        now: Timestamp,
        rng: &mut Rng,
        request: Request,
    ) -> Result<(Response, Option<(Timestamp, Event)>), ApiError> {
        use api::*;
        let reply = |r: Response| Ok((r, None));
        match request {
            Request::CreateRole(r) => {
                check_name(&r.role_name, "roleName")?;
                let path = r.path.unwrap_or_else(|| "/".into());
                check_path(&path, "path")?;
                if let Some(d) = r.max_session_duration.filter(|d| *d > MAX_SESSION) {
                    return Err(constraint(
                        &d.to_string(),
                        "maxSessionDuration",
                        "Member must have value less than or equal to 43200",
                    ));
                }
                if let Some(d) = r.description.as_ref().filter(|d| d.chars().count() > 1000) {
                    return Err(constraint(d, "description", "Member must have length less than or equal to 1000"));
                }
                let tags = r.tags.unwrap_or_default();
                check_tags(&tags)?;
                check_trust_policy(&r.assume_role_policy_document)?;
                let key = r.role_name.to_ascii_lowercase();
                if self.roles.contains_key(&key) {
                    return Err(error(
                        "EntityAlreadyExists",
                        format!("Role with name {} already exists.", r.role_name),
                    ));
                }
                let role = Role {
                    name: r.role_name,
                    path,
                    id: unique_id("AROA", rng),
                    created: now,
                    trust_policy: r.assume_role_policy_document,
                    description: r.description,
                    max_session_duration: r.max_session_duration.unwrap_or(DEFAULT_SESSION),
                    tags,
                    attached: Vec::new(),
                    linked_service: None,
                };
                let mut view = role.view(account);
                view.tags = Some(role.tags.clone()).filter(|t| !t.is_empty());
                self.roles.insert(key, role);
                reply(Response::Role(RoleResponse { role: view }))
            }
            Request::GetRole(RoleName { role_name }) => {
                let role = self.role(&role_name).ok_or_else(|| no_such_role(&role_name))?;
                reply(Response::Role(RoleResponse { role: role.full_view(account) }))
            }
            Request::ListRoles(r) => {
                let prefix = r.path_prefix.unwrap_or_else(|| "/".into());
                let mut roles: Vec<(String, RoleView)> = self
                    .roles
                    .iter()
                    .filter(|(_, role)| role.path.starts_with(&prefix))
                    .map(|(key, role)| {
                        let mut view = role.view(account);
                        view.max_session_duration = Some(role.max_session_duration);
                        (key.clone(), view)
                    })
                    .collect();
                // IAM lists roles by name as written, upper case first.
                crate::sort::by(&mut roles, |a, b| a.1.role_name.cmp(&b.1.role_name));
                let (roles, marker) = page(&roles, r.marker.as_deref(), r.max_items)?;
                reply(Response::Roles(ListRolesResponse { roles, is_truncated: marker.is_some(), marker }))
            }
            Request::DeleteRole(RoleName { role_name }) => {
                let role = self.role(&role_name).ok_or_else(|| no_such_role(&role_name))?;
                if role.linked_service.is_some() {
                    return Err(protected(&role.name));
                }
                if !role.attached.is_empty() {
                    return Err(error("DeleteConflict", "Cannot delete entity, must detach all policies first."));
                }
                self.roles.remove(&role_name.to_ascii_lowercase());
                reply(Response::Empty(Empty {}))
            }
            Request::CreateServiceLinkedRole(r) => {
                let Some(linked) = catalog::linked_role(&r.aws_service_name) else {
                    // The sandbox's wording: it defines the service-linked roles of its own
                    // services only.
                    return Err(error(
                        "InvalidInput",
                        format!(
                            "This sandbox has no service-linked role for {}; it has them for {}.",
                            r.aws_service_name,
                            catalog::LINKED_ROLES.iter().map(|l| l.service).collect::<Vec<_>>().join(", ")
                        ),
                    ));
                };
                // AWS Config and RDS define one role per account with a fixed name: none of the
                // sandbox's linked roles takes a CustomSuffix.
                if r.custom_suffix.is_some() {
                    return Err(error("InvalidInput", format!("Custom suffix is not allowed for {}", linked.service)));
                }
                let key = linked.role_name.to_ascii_lowercase();
                if self.roles.contains_key(&key) {
                    return Err(error(
                        "InvalidInput",
                        format!(
                            "Service role name {} has been taken in this account, please try a different suffix.",
                            linked.role_name
                        ),
                    ));
                }
                let trust = format!(
                    "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"{}\"}},\"Action\":\"sts:AssumeRole\"}}]}}",
                    linked.service
                );
                let policy = catalog::MANAGED_POLICIES.iter().find(|p| p.name == linked.policy).map(|p| p.arn());
                let role = Role {
                    name: linked.role_name.into(),
                    path: format!("/aws-service-role/{}/", linked.service),
                    id: unique_id("AROA", rng),
                    created: now,
                    trust_policy: trust,
                    description: r.description,
                    max_session_duration: DEFAULT_SESSION,
                    tags: Vec::new(),
                    attached: policy.into_iter().collect(),
                    linked_service: Some(linked.service.into()),
                };
                let view = role.view(account);
                self.roles.insert(key, role);
                reply(Response::Role(RoleResponse { role: view }))
            }
            Request::DeleteServiceLinkedRole(RoleName { role_name }) => {
                let key = role_name.to_ascii_lowercase();
                let role = self.role(&role_name).ok_or_else(|| no_such_role(&role_name))?;
                let Some(service) = role.linked_service.clone() else {
                    // [UNVERIFIED] wording: IAM refuses a role that is not service-linked.
                    return Err(error("InvalidInput", format!("Role {} is not a service-linked role.", role.name)));
                };
                // A second request while a task runs answers that task.
                if let Some((id, _)) = self.deletion_tasks.iter().find(|(_, t)| t.role_key == key && !t.succeeded) {
                    return reply(Response::DeletionTask(DeletionTaskResponse { deletion_task_id: id.clone() }));
                }
                let id = format!("task/aws-service-role/{service}/{}/{}", role.name, uuid(rng));
                let done_at = now.plus(Millis(rng.range(DELETION_SECONDS.0, DELETION_SECONDS.1) * 1000));
                self.deletion_tasks.insert(id.clone(), DeletionTask { role_key: key, done_at, succeeded: false });
                let event = Event::ServiceLinkedRoleDeleted { task_id: id.clone() };
                Ok((Response::DeletionTask(DeletionTaskResponse { deletion_task_id: id }), Some((done_at, event))))
            }
            Request::GetServiceLinkedRoleDeletionStatus(r) => {
                let Some(task) = self.deletion_tasks.get(&r.deletion_task_id) else {
                    // [UNVERIFIED] wording.
                    return Err(error(
                        "NoSuchEntity",
                        format!("Deletion task {} cannot be found.", r.deletion_task_id),
                    ));
                };
                let status = if task.succeeded { "SUCCEEDED" } else { "IN_PROGRESS" };
                reply(Response::DeletionStatus(DeletionStatusResponse { status: status.into() }))
            }
            Request::AttachRolePolicy(r) => {
                let policy = managed_policy(&r.policy_arn)?;
                let role = self.role_mut(&r.role_name)?;
                if role.linked_service.is_some() {
                    return Err(protected(&role.name));
                }
                if policy.service_linked_only() {
                    return Err(error(
                        "PolicyNotAttachable",
                        "Cannot attach a Service Role Policy to a Customer Role.",
                    ));
                }
                if !role.attached.contains(&r.policy_arn) {
                    if role.attached.len() >= POLICIES_PER_ROLE {
                        return Err(error(
                            "LimitExceeded",
                            format!("Cannot exceed quota for PoliciesPerRole: {POLICIES_PER_ROLE}"),
                        ));
                    }
                    role.attached.push(r.policy_arn);
                }
                reply(Response::Empty(Empty {}))
            }
            Request::DetachRolePolicy(r) => {
                check_arn(&r.policy_arn)?;
                let role = self.role_mut(&r.role_name)?;
                if role.linked_service.is_some() {
                    return Err(protected(&role.name));
                }
                let Some(i) = role.attached.iter().position(|a| *a == r.policy_arn) else {
                    return Err(error("NoSuchEntity", format!("Policy {} was not found.", r.policy_arn)));
                };
                role.attached.remove(i);
                reply(Response::Empty(Empty {}))
            }
            Request::ListAttachedRolePolicies(r) => {
                let role = self.role(&r.role_name).ok_or_else(|| no_such_role(&r.role_name))?;
                let prefix = r.path_prefix.unwrap_or_else(|| "/".into());
                let items: Vec<(String, AttachedPolicy)> = role
                    .attached
                    .iter()
                    .filter_map(|arn| catalog::managed_policy(arn))
                    .filter(|p| p.path.starts_with(&prefix))
                    .map(|p| (p.name.to_string(), AttachedPolicy { policy_name: p.name.into(), policy_arn: p.arn() }))
                    .collect();
                let (attached_policies, marker) = page(&items, r.marker.as_deref(), r.max_items)?;
                reply(Response::AttachedPolicies(AttachedPoliciesResponse {
                    attached_policies,
                    is_truncated: marker.is_some(),
                    marker,
                }))
            }
        }
    }

    /// Runs an event at its time.
    pub fn on_event(&mut self, event: &Event) {
        match event {
            Event::ServiceLinkedRoleDeleted { task_id } => {
                if let Some(task) = self.deletion_tasks.get_mut(task_id) {
                    task.succeeded = true;
                    let key = task.role_key.clone();
                    self.roles.remove(&key);
                }
            }
        }
    }

    /// What no request could produce: a role under another key than its name's, a task that
    /// runs for a role that is not there.
    pub fn check_invariants(&self) -> Result<(), String> {
        for (key, role) in &self.roles {
            if *key != role.name.to_ascii_lowercase() {
                return Err(format!("IAM role {} is filed under {key}", role.name));
            }
        }
        for (id, task) in &self.deletion_tasks {
            if !task.succeeded && !self.roles.contains_key(&task.role_key) {
                return Err(format!("deletion task {id} runs for a role that does not exist"));
            }
        }
        Ok(())
    }
}

/// An ARN IAM reads as one (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE).
fn check_arn(arn: &str) -> Result<(), ApiError> {
    if arn.split(':').count() < 6 || !arn.starts_with("arn:") {
        return Err(error("InvalidInput", format!("ARN {arn} is not valid.")));
    }
    Ok(())
}

fn managed_policy(arn: &str) -> Result<&'static catalog::ManagedPolicy, ApiError> {
    check_arn(arn)?;
    catalog::managed_policy(arn)
        .ok_or_else(|| error("NoSuchEntity", format!("Policy {arn} does not exist or is not attachable.")))
}

/// Tag keys are unique regardless of case (IAMUG id_tags "Tag keys are case insensitive").
fn check_tags(tags: &[Tag]) -> Result<(), ApiError> {
    let mut seen = std::collections::BTreeSet::new();
    for t in tags {
        if !seen.insert(t.key.to_lowercase()) {
            return Err(error(
                "InvalidInput",
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
            ));
        }
    }
    if tags.len() > 50 {
        return Err(error("LimitExceeded", "The number of tags has reached the maximum limit."));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
