//! Resource identifiers: one newtype per kind, in AWS's format (`i-` + 17 hex digits, …).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::rng::Rng;

macro_rules! resource_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            /// A new id from the world's RNG: the prefix and 17 lowercase hex digits, the
            /// format of every resource created since the 2016–2018 id transition
            /// (shared/docs/aws-reference.md §B9, EC2UG resource-ids).
            pub fn generate(rng: &mut Rng) -> $name {
                $name(format!("{}-{}", $prefix, rng.hex(17)))
            }

            /// Whether `text` has this kind's shape: the prefix, then 8 or 17 hex digits.
            pub fn is_well_formed(text: &str) -> bool {
                text.strip_prefix($prefix)
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|hex| {
                        (hex.len() == 8 || hex.len() == 17) && hex.bytes().all(|b| b.is_ascii_hexdigit())
                    })
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

resource_id!(
    /// An EC2 instance, `i-…`.
    InstanceId, "i"
);
resource_id!(
    /// An Amazon Machine Image, `ami-…`.
    ImageId, "ami"
);
resource_id!(
    /// A reservation (one RunInstances call), `r-…`.
    ReservationId, "r"
);
resource_id!(
    /// An EBS volume, `vol-…`.
    VolumeId, "vol"
);
resource_id!(
    /// An EBS snapshot, `snap-…`.
    SnapshotId, "snap"
);
resource_id!(
    /// A VPC, `vpc-…`.
    VpcId, "vpc"
);
resource_id!(
    /// A subnet, `subnet-…`.
    SubnetId, "subnet"
);
resource_id!(
    /// A security group, `sg-…`.
    SecurityGroupId, "sg"
);
resource_id!(
    /// A network interface, `eni-…`.
    NetworkInterfaceId, "eni"
);
resource_id!(
    /// A key pair, `key-…`.
    KeyPairId, "key"
);
resource_id!(
    /// A physical host. AWS shows host ids only for Dedicated Hosts (`h-…`); the sandbox keeps
    /// one for every instance so a learner can see that stop/start moves it and reboot does not.
    HostId, "h"
);

/// A 12-digit AWS account id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountId(pub String);

impl AccountId {
    /// The learner's own account (the example account id of the AWS documentation).
    pub fn learner() -> AccountId {
        AccountId("123456789012".into())
    }
    /// A second account in every world, for lessons on sharing (AMI-04).
    pub fn partner() -> AccountId {
        AccountId("111122223333".into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_well_formed_and_deterministic() {
        let mut a = Rng::new(1);
        let mut b = Rng::new(1);
        let id = InstanceId::generate(&mut a);
        assert_eq!(id, InstanceId::generate(&mut b));
        assert!(InstanceId::is_well_formed(id.as_str()), "{id}");
        assert_eq!(id.as_str().len(), 19);
        assert!(ImageId::is_well_formed("ami-0abcdef1234567890"));
        assert!(InstanceId::is_well_formed("i-1a2b3c4d"));
        assert!(!InstanceId::is_well_formed("i-123"));
        assert!(!InstanceId::is_well_formed("ami-0abcdef1234567890"));
        assert!(!InstanceId::is_well_formed("i-0abcdef123456789z"));
    }
}
