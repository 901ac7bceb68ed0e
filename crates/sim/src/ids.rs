//! Resource identifiers: one newtype per kind, in AWS's format (`i-` + 17 hex digits, …).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use crate::rng::Rng;

/// The text of an id, kept inline when it fits (every id the sandbox makes does: at most 24
/// bytes, `subnet-` and 17 hex digits), so that a map keyed by ids holds its keys in its
/// nodes: a look-up in a Region of 100,000 resources then reads a few cache lines per node
/// instead of following a pointer per key compared. Longer text (an id a learner typed) is
/// kept on the heap. Ordered, compared and hashed as its text.
#[derive(Clone)]
pub enum IdText {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

const INLINE: usize = 30;

impl IdText {
    pub fn as_str(&self) -> &str {
        match self {
            // Made from a whole `&str` of `len` bytes (From below): valid UTF-8.
            IdText::Inline { len, bytes } => std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default(),
            IdText::Heap(s) => s,
        }
    }

    /// The text's bytes, without checking them again: what comparisons use (UTF-8's byte
    /// order is its characters' order, so this orders as the text does).
    fn bytes(&self) -> &[u8] {
        match self {
            IdText::Inline { len, bytes } => &bytes[..usize::from(*len)],
            IdText::Heap(s) => s.as_bytes(),
        }
    }
}

impl From<&str> for IdText {
    fn from(s: &str) -> IdText {
        if s.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            IdText::Inline { len: s.len() as u8, bytes }
        } else {
            IdText::Heap(s.into())
        }
    }
}

impl From<String> for IdText {
    fn from(s: String) -> IdText {
        IdText::from(s.as_str())
    }
}

impl PartialEq for IdText {
    fn eq(&self, other: &IdText) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for IdText {}

impl PartialOrd for IdText {
    fn partial_cmp(&self, other: &IdText) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IdText {
    fn cmp(&self, other: &IdText) -> Ordering {
        self.bytes().cmp(other.bytes())
    }
}

impl Hash for IdText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for IdText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for IdText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for IdText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<IdText, D::Error> {
        String::deserialize(d).map(IdText::from)
    }
}

macro_rules! resource_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub IdText);

        impl From<String> for $name {
            fn from(s: String) -> $name {
                $name(IdText::from(s))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> $name {
                $name(IdText::from(s))
            }
        }

        // Ordered as its text, so a map keyed by ids can be searched with a `&str`.
        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                self.0.as_str()
            }
        }

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            /// A new id from the world's RNG: the prefix and 17 lowercase hex digits, the
            /// format of every resource created since the 2016–2018 id transition
            /// (shared/docs/aws-reference.md §B9, EC2UG resource-ids).
            pub fn generate(rng: &mut Rng) -> $name {
                $name::from(format!("{}-{}", $prefix, rng.hex(17)))
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
                self.0.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0.as_str())
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
pub struct AccountId(pub IdText);

impl AccountId {
    /// The learner's own account (the example account id of the AWS documentation).
    pub fn learner() -> AccountId {
        AccountId::from("123456789012")
    }
    /// A second account in every world, for lessons on sharing (AMI-04).
    pub fn partner() -> AccountId {
        AccountId::from("111122223333")
    }
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl From<String> for AccountId {
    fn from(s: String) -> AccountId {
        AccountId(IdText::from(s))
    }
}

impl From<&str> for AccountId {
    fn from(s: &str) -> AccountId {
        AccountId(IdText::from(s))
    }
}

impl Borrow<str> for AccountId {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
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

    /// Inline and heap text order, compare and serialize as their text, so maps keep the
    /// order they had with String keys and saves do not change.
    #[test]
    fn id_text_behaves_as_its_text() {
        let long = "i-".to_string() + &"f".repeat(40);
        let texts = ["", "i-0", "i-0abc", "i-1", "subnet-0123456789abcdef0", long.as_str(), "i-\u{e9}t\u{e9}"];
        for a in texts {
            let ia = IdText::from(a);
            assert_eq!(ia.as_str(), a);
            assert_eq!(serde_json::to_string(&ia).unwrap(), serde_json::to_string(a).unwrap());
            assert_eq!(serde_json::from_str::<IdText>(&serde_json::to_string(a).unwrap()).unwrap(), ia);
            for b in texts {
                assert_eq!(ia.cmp(&IdText::from(b)), a.cmp(b), "{a:?} vs {b:?}");
            }
        }
        assert!(matches!(IdText::from("subnet-0123456789abcdef0"), IdText::Inline { .. }));
        assert!(matches!(IdText::from(long.as_str()), IdText::Heap(_)));
        let map: std::collections::BTreeMap<InstanceId, u8> = [(InstanceId::from("i-2"), 2)].into();
        assert_eq!(map.get("i-2"), Some(&2), "looked up by &str");
    }
}
