//! What IAM brings of its own: the AWS managed policies a role can attach by ARN, and the
//! service-linked roles the sandbox's services create (IAMUG
//! using-service-linked-roles, "AWS services that work with IAM"; CFGDG
//! using-service-linked-roles; RDSUG UsingWithRDS.IAM.ServiceLinkedRoles).

/// An AWS managed policy (`arn:aws:iam::aws:policy` + path + name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ManagedPolicy {
    pub name: &'static str,
    pub path: &'static str,
}

impl ManagedPolicy {
    pub fn arn(&self) -> String {
        format!("arn:aws:iam::aws:policy{}{}", self.path, self.name)
    }

    /// Policies under `/aws-service-role/` belong to service-linked roles only (IAMUG
    /// access_policies_managed-vs-inline: "you cannot attach" them to your own roles).
    pub fn service_linked_only(&self) -> bool {
        self.path == "/aws-service-role/"
    }
}

const fn policy(name: &'static str, path: &'static str) -> ManagedPolicy {
    ManagedPolicy { name, path }
}

/// The AWS managed policies the sandbox knows, by name (a real account has about 1,300;
/// these are the ones its lessons and services use).
pub const MANAGED_POLICIES: &[ManagedPolicy] = &[
    policy("AdministratorAccess", "/"),
    policy("AmazonEC2FullAccess", "/"),
    policy("AmazonEC2ReadOnlyAccess", "/"),
    policy("AmazonRDSFullAccess", "/"),
    policy("AmazonRDSReadOnlyAccess", "/"),
    policy("AmazonRDSEnhancedMonitoringRole", "/service-role/"),
    policy("AmazonS3FullAccess", "/"),
    policy("AmazonS3ReadOnlyAccess", "/"),
    policy("AmazonSNSFullAccess", "/"),
    policy("AmazonSQSFullAccess", "/"),
    policy("AmazonSSMManagedInstanceCore", "/"),
    policy("AWSCloudFormationReadOnlyAccess", "/"),
    policy("AWS_ConfigRole", "/service-role/"),
    policy("AWSConfigUserAccess", "/"),
    policy("CloudWatchAgentServerPolicy", "/"),
    policy("CloudWatchReadOnlyAccess", "/"),
    policy("IAMReadOnlyAccess", "/"),
    policy("ReadOnlyAccess", "/"),
    policy("AWSConfigServiceRolePolicy", "/aws-service-role/"),
    policy("AWSConfigRemediationServiceRolePolicy", "/aws-service-role/"),
    policy("AmazonRDSServiceRolePolicy", "/aws-service-role/"),
];

pub fn managed_policy(arn: &str) -> Option<&'static ManagedPolicy> {
    MANAGED_POLICIES.iter().find(|p| p.arn() == arn)
}

/// A service-linked role a service defines: its principal, the role's name and the managed
/// policy the service attaches to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkedRole {
    pub service: &'static str,
    pub role_name: &'static str,
    pub policy: &'static str,
}

pub const LINKED_ROLES: &[LinkedRole] = &[
    LinkedRole {
        service: "config.amazonaws.com",
        role_name: "AWSServiceRoleForConfig",
        policy: "AWSConfigServiceRolePolicy",
    },
    LinkedRole {
        service: "remediation.config.amazonaws.com",
        role_name: "AWSServiceRoleForConfigRemediation",
        policy: "AWSConfigRemediationServiceRolePolicy",
    },
    LinkedRole {
        service: "rds.amazonaws.com",
        role_name: "AWSServiceRoleForRDS",
        policy: "AmazonRDSServiceRolePolicy",
    },
];

pub fn linked_role(service: &str) -> Option<&'static LinkedRole> {
    LINKED_ROLES.iter().find(|r| r.service == service)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_linked_role_has_its_service_policy() {
        for r in LINKED_ROLES {
            let p = MANAGED_POLICIES.iter().find(|p| p.name == r.policy).expect(r.policy);
            assert!(p.service_linked_only(), "{}", r.policy);
        }
        assert_eq!(
            managed_policy("arn:aws:iam::aws:policy/service-role/AWS_ConfigRole").map(|p| p.name),
            Some("AWS_ConfigRole")
        );
    }
}
