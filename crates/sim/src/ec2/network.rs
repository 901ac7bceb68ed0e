//! The default VPC every account has in every Region, and address allocation inside it.

use serde::{Deserialize, Serialize};

use crate::ids::{SecurityGroupId, SubnetId, VpcId};
use crate::region::Region;
use crate::rng::Rng;

/// A default subnet: one per Availability Zone, a /20 of 172.31.0.0/16, public IPv4 on launch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subnet {
    pub id: SubnetId,
    pub availability_zone: String,
    /// Third octet of the subnet's first address: the /20 is `172.31.{base}.0`–`172.31.{base+15}.255`.
    pub third_octet_base: u8,
}

impl Subnet {
    pub fn cidr(&self) -> String {
        format!("172.31.{}.0/20", self.third_octet_base)
    }

    /// Whether `ip` is a host address of this subnet. AWS reserves the first four addresses
    /// and the last one of every subnet (VPC user guide, subnet sizing).
    pub fn contains_host(&self, ip: [u8; 4]) -> bool {
        let offset = (u32::from(ip[2]).wrapping_sub(u32::from(self.third_octet_base)) << 8) | u32::from(ip[3]);
        ip[0] == 172 && ip[1] == 31 && ip[2] >= self.third_octet_base && (4..=4094).contains(&offset)
    }

    /// Usable addresses of a /20: 4,096 less the five AWS reserves.
    pub const HOSTS: usize = 4091;

    /// The usable host addresses as a range (addresses order as their offsets do), for
    /// looking up the taken ones in an ordered set.
    pub fn hosts_range(&self) -> std::ops::RangeInclusive<[u8; 4]> {
        [172, 31, self.third_octet_base, 4]..=[172, 31, self.third_octet_base + 15, 254]
    }

    /// Every usable host address, in order.
    pub fn hosts(&self) -> impl Iterator<Item = [u8; 4]> + '_ {
        (4u32..=4094).map(|offset| [172, 31, self.third_octet_base + (offset >> 8) as u8, (offset & 0xff) as u8])
    }

    /// A random host address of the subnet.
    pub fn random_host(&self, rng: &mut Rng) -> [u8; 4] {
        let offset = rng.range(4, 4094) as u32;
        [172, 31, self.third_octet_base + (offset >> 8) as u8, (offset & 0xff) as u8]
    }
}

/// The default VPC (172.31.0.0/16) with its default subnets and default security group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefaultVpc {
    pub id: VpcId,
    pub subnets: Vec<Subnet>,
    pub default_security_group: SecurityGroupId,
}

impl DefaultVpc {
    pub fn create(region: Region, rng: &mut Rng) -> DefaultVpc {
        let id = VpcId::generate(rng);
        let subnets = region
            .zones()
            .iter()
            .enumerate()
            .map(|(i, z)| Subnet {
                id: SubnetId::generate(rng),
                availability_zone: z.name.to_string(),
                third_octet_base: (i as u8) * 16,
            })
            .collect();
        DefaultVpc { id, subnets, default_security_group: SecurityGroupId::generate(rng) }
    }

    pub fn subnet_in(&self, az: &str) -> Option<&Subnet> {
        self.subnets.iter().find(|s| s.availability_zone == az)
    }

    pub fn subnet(&self, id: &str) -> Option<&Subnet> {
        self.subnets.iter().find(|s| s.id.as_str() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_hosts_stay_inside_their_subnet() {
        let mut rng = Rng::new(3);
        let vpc = DefaultVpc::create(Region::UsEast1, &mut rng);
        assert_eq!(vpc.subnets.len(), 6);
        for s in &vpc.subnets {
            for _ in 0..500 {
                let ip = s.random_host(&mut rng);
                assert!(s.contains_host(ip), "{ip:?} in {}", s.cidr());
            }
        }
        assert_eq!(vpc.subnets[1].cidr(), "172.31.16.0/20");
        assert!(!vpc.subnets[0].contains_host([172, 31, 16, 5]));
        assert!(!vpc.subnets[0].contains_host([172, 31, 0, 3]));
        assert_eq!(vpc.subnets[2].hosts().count(), Subnet::HOSTS);
        assert!(vpc.subnets[2].hosts().all(|ip| vpc.subnets[2].contains_host(ip)));
    }
}
