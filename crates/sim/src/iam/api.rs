//! IAM's requests and responses: botocore's input and output shapes (BC-IAM 2010-05-08), as
//! serde types whose field names and order are the shapes' members. A member the sandbox
//! does not model is absent from its struct, so the CLI names it as not modelled rather than
//! accepting and ignoring it.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

crate::input::operations!(
    /// An IAM request: the operation and its input shape.
    CreateRole,
    GetRole,
    ListRoles,
    DeleteRole,
    CreateServiceLinkedRole,
    DeleteServiceLinkedRole,
    GetServiceLinkedRoleDeletionStatus,
    AttachRolePolicy,
    DetachRolePolicy,
    ListAttachedRolePolicies,
);

impl Request {
    /// Whether the request only reads.
    pub fn is_read_only(&self) -> bool {
        matches!(
            self,
            Request::GetRole(_)
                | Request::ListRoles(_)
                | Request::GetServiceLinkedRoleDeletionStatus(_)
                | Request::ListAttachedRolePolicies(_)
        )
    }
}

crate::input::shape! {
    /// Tag (BC-IAM Tag: Key, Value, both required). A role keeps its tags and GetRole
    /// returns them, hence serde too.
    #[derive(Eq, Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Tag {
        "Key" key: String,
        "Value" value: String,
    }
}

crate::input::shape! {
    /// CreateRoleRequest (PermissionsBoundary and MaxSigninSessionDuration are not modelled).
    pub struct CreateRole {
        "Path" path: Option<String>,
        "RoleName" role_name: String,
        "AssumeRolePolicyDocument" assume_role_policy_document: String,
        "Description" description: Option<String>,
        "MaxSessionDuration" max_session_duration: Option<i64>,
        "Tags" tags: Option<Vec<Tag>>,
    }
}

crate::input::shape! {
    /// GetRoleRequest, DeleteRoleRequest, DeleteServiceLinkedRoleRequest: a role's name.
    pub struct RoleName {
        "RoleName" role_name: String,
    }
}

pub type GetRole = RoleName;
pub type DeleteRole = RoleName;
pub type DeleteServiceLinkedRole = RoleName;

crate::input::shape! {
    /// ListRolesRequest.
    pub struct ListRoles {
        "PathPrefix" path_prefix: Option<String>,
        "Marker" marker: Option<String>,
        "MaxItems" max_items: Option<i64>,
    }
}

crate::input::shape! {
    /// CreateServiceLinkedRoleRequest.
    pub struct CreateServiceLinkedRole {
        "AWSServiceName" aws_service_name: String,
        "Description" description: Option<String>,
        "CustomSuffix" custom_suffix: Option<String>,
    }
}

crate::input::shape! {
    /// GetServiceLinkedRoleDeletionStatusRequest.
    pub struct GetServiceLinkedRoleDeletionStatus {
        "DeletionTaskId" deletion_task_id: String,
    }
}

crate::input::shape! {
    /// AttachRolePolicyRequest and DetachRolePolicyRequest.
    pub struct RolePolicy {
        "RoleName" role_name: String,
        "PolicyArn" policy_arn: String,
    }
}

pub type AttachRolePolicy = RolePolicy;
pub type DetachRolePolicy = RolePolicy;

crate::input::shape! {
    /// ListAttachedRolePoliciesRequest.
    pub struct ListAttachedRolePolicies {
        "RoleName" role_name: String,
        "PathPrefix" path_prefix: Option<String>,
        "Marker" marker: Option<String>,
        "MaxItems" max_items: Option<i64>,
    }
}

/// A response, serialized as the operation's output shape (no variant tag). Operations
/// without an output shape (DeleteRole, AttachRolePolicy, DetachRolePolicy) answer
/// [`Response::Empty`], which the CLI prints as nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Response {
    Role(RoleResponse),
    Roles(ListRolesResponse),
    DeletionTask(DeletionTaskResponse),
    DeletionStatus(DeletionStatusResponse),
    AttachedPolicies(AttachedPoliciesResponse),
    Empty(Empty),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Empty {}

/// CreateRoleResponse, GetRoleResponse, CreateServiceLinkedRoleResponse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleResponse {
    pub role: RoleView,
}

/// The Role shape, in its member order. Which optional members appear depends on the call:
/// GetRole fills MaxSessionDuration and RoleLastUsed; CreateRole and ListRoles leave them out
/// (BC-IAM ListRoles: "PermissionsBoundary, RoleLastUsed, Tags" are not returned by it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleView {
    pub path: String,
    pub role_name: String,
    pub role_id: String,
    pub arn: String,
    #[serde(serialize_with = "crate::time::serialize_iso8601")]
    pub create_date: Timestamp,
    /// URL-encoded, as IAM returns policy documents; the AWS CLI decodes it (botocore's
    /// `json_decode_policies`) and AWS Config records it encoded.
    pub assume_role_policy_document: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_session_duration: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_last_used: Option<RoleLastUsed>,
}

/// RoleLastUsed: empty until the role is used (nothing in the sandbox assumes roles yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleLastUsed {}

/// ListRolesResponse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListRolesResponse {
    pub roles: Vec<RoleView>,
    pub is_truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// DeleteServiceLinkedRoleResponse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeletionTaskResponse {
    pub deletion_task_id: String,
}

/// GetServiceLinkedRoleDeletionStatusResponse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeletionStatusResponse {
    pub status: String,
}

/// ListAttachedRolePoliciesResponse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachedPoliciesResponse {
    pub attached_policies: Vec<AttachedPolicy>,
    pub is_truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// RoleDetail (BC-IAM GetAccountAuthorizationDetails): a role with its attached managed
/// policies, the role's Describe view as AWS Config records an `AWS::IAM::Role` (attaching a
/// policy is a change of it). The sandbox's roles have no instance profiles, inline policies or
/// permissions boundary: those lists are empty and the boundary absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleDetail {
    pub path: String,
    pub role_name: String,
    pub role_id: String,
    pub arn: String,
    #[serde(serialize_with = "crate::time::serialize_iso8601")]
    pub create_date: Timestamp,
    pub assume_role_policy_document: String,
    pub instance_profile_list: Vec<serde_json::Value>,
    pub role_policy_list: Vec<serde_json::Value>,
    pub attached_managed_policies: Vec<AttachedPolicy>,
    pub tags: Vec<Tag>,
    pub role_last_used: RoleLastUsed,
}

/// AttachedPolicy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachedPolicy {
    pub policy_name: String,
    pub policy_arn: String,
}
