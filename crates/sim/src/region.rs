//! Regions and Availability Zones of the simulated world, with their real names.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The Regions every world has. Resource ids are tied to their Region (EC2UG resource-ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Region {
    #[serde(rename = "us-east-1")]
    UsEast1,
    #[serde(rename = "us-west-2")]
    UsWest2,
    #[serde(rename = "ap-northeast-1")]
    ApNortheast1,
}

/// One Availability Zone: its name, and the zone id that names the same physical zone in
/// every account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone {
    pub name: &'static str,
    pub zone_id: &'static str,
}

impl Region {
    pub const ALL: [Region; 3] = [Region::UsEast1, Region::UsWest2, Region::ApNortheast1];

    pub fn code(self) -> &'static str {
        match self {
            Region::UsEast1 => "us-east-1",
            Region::UsWest2 => "us-west-2",
            Region::ApNortheast1 => "ap-northeast-1",
        }
    }

    /// The name the console and CloudWatch notifications give the Region.
    pub fn long_name(self) -> &'static str {
        match self {
            Region::UsEast1 => "US East (N. Virginia)",
            Region::UsWest2 => "US West (Oregon)",
            Region::ApNortheast1 => "Asia Pacific (Tokyo)",
        }
    }

    pub fn from_code(code: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The Region's Availability Zones as a new account sees them.
    /// ap-northeast-1b exists only for accounts created before 2013, so new accounts see a, c, d.
    pub fn zones(self) -> &'static [Zone] {
        match self {
            Region::UsEast1 => &[
                Zone { name: "us-east-1a", zone_id: "use1-az6" },
                Zone { name: "us-east-1b", zone_id: "use1-az1" },
                Zone { name: "us-east-1c", zone_id: "use1-az2" },
                Zone { name: "us-east-1d", zone_id: "use1-az4" },
                Zone { name: "us-east-1e", zone_id: "use1-az3" },
                Zone { name: "us-east-1f", zone_id: "use1-az5" },
            ],
            Region::UsWest2 => &[
                Zone { name: "us-west-2a", zone_id: "usw2-az1" },
                Zone { name: "us-west-2b", zone_id: "usw2-az2" },
                Zone { name: "us-west-2c", zone_id: "usw2-az3" },
                Zone { name: "us-west-2d", zone_id: "usw2-az4" },
            ],
            Region::ApNortheast1 => &[
                Zone { name: "ap-northeast-1a", zone_id: "apne1-az4" },
                Zone { name: "ap-northeast-1c", zone_id: "apne1-az1" },
                Zone { name: "ap-northeast-1d", zone_id: "apne1-az2" },
            ],
        }
    }

    pub fn zone(self, name: &str) -> Option<(usize, Zone)> {
        self.zones().iter().copied().enumerate().find(|(_, z)| z.name == name)
    }

    /// The EC2 endpoint, as DescribeRegions reports it.
    pub fn endpoint(self) -> String {
        format!("ec2.{}.amazonaws.com", self.code())
    }

    /// Suffix of private DNS names: us-east-1 alone uses `ec2.internal`.
    pub fn private_dns_suffix(self) -> String {
        match self {
            Region::UsEast1 => "ec2.internal".into(),
            r => format!("{}.compute.internal", r.code()),
        }
    }

    /// Suffix of public DNS names: us-east-1 alone uses `compute-1.amazonaws.com`.
    pub fn public_dns_suffix(self) -> String {
        match self {
            Region::UsEast1 => "compute-1.amazonaws.com".into(),
            r => format!("{}.compute.amazonaws.com", r.code()),
        }
    }

    /// First two octets of the public IPv4 ranges the sandbox hands out in this Region: a few
    /// of the ranges AWS publishes for EC2 there, so addresses look like the learner's own.
    pub fn public_ip_prefixes(self) -> &'static [(u8, u8, u8)] {
        match self {
            Region::UsEast1 => &[(3, 80, 95), (54, 144, 175), (44, 192, 223)],
            Region::UsWest2 => &[(35, 80, 95), (54, 184, 191), (52, 24, 43)],
            Region::ApNortheast1 => &[(13, 112, 115), (18, 176, 183), (54, 64, 65)],
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Who is calling, and where: every request is made by one account in one Region.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Scope {
    pub account: crate::ids::AccountId,
    pub region: Region,
}

impl Scope {
    pub fn new(account: crate::ids::AccountId, region: Region) -> Scope {
        Scope { account, region }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_zones_belong_to_their_region() {
        for r in Region::ALL {
            assert_eq!(Region::from_code(r.code()), Some(r));
            for z in r.zones() {
                assert!(z.name.starts_with(r.code()), "{}", z.name);
            }
        }
        assert_eq!(Region::from_code("eu-west-9"), None);
        assert!(Region::ApNortheast1.zone("ap-northeast-1b").is_none());
    }
}
