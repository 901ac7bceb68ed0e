//! What AWS offers before a learner creates anything: instance types and public AMIs.

use crate::ids::{AccountId, ImageId, SnapshotId};
use crate::region::Region;
use crate::rng::stable_hash;

/// How a type supports EBS optimization (BC-EC2 `EbsOptimizedSupport`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EbsOptimizedSupport {
    /// Always on, at no extra cost (current generation).
    Default,
    /// Can be turned on.
    Supported,
    /// Not available: EBS traffic shares the instance's network (STO-04).
    Unsupported,
}

impl EbsOptimizedSupport {
    pub fn as_str(self) -> &'static str {
        match self {
            EbsOptimizedSupport::Default => "default",
            EbsOptimizedSupport::Supported => "supported",
            EbsOptimizedSupport::Unsupported => "unsupported",
        }
    }
}

/// Local instance-store disks of a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceStore {
    pub disks: u32,
    pub size_gb: u32,
    /// NVMe support of the disks: `required` on Nitro, `unsupported` on older types.
    pub nvme: &'static str,
}

/// The dedicated EBS bandwidth of an EBS-optimized type (EC2UG ebs-optimized, "EBS optimized
/// by default" tables): the maximum, which types marked `*` sustain for 30 minutes at least
/// once every 24 hours, and the baseline they can hold (equal to the maximum for the others).
/// Bandwidth in Mbps; IOPS as the guide states them, at 16 KiB I/O.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct EbsBandwidth {
    pub baseline_mbps: f64,
    pub baseline_iops: f64,
    pub max_mbps: f64,
    pub max_iops: f64,
}

impl EbsBandwidth {
    /// Mbps as bytes per second.
    pub fn bytes_per_sec(mbps: f64) -> f64 {
        mbps * 1_000_000.0 / 8.0
    }
}

/// One instance type. Figures from the EC2 instance-type pages and DescribeInstanceTypes;
/// prices are Linux on-demand USD per hour from the public price list.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceType {
    pub name: &'static str,
    pub vcpus: u32,
    pub cores: u32,
    pub memory_mib: u32,
    pub instance_store: Option<InstanceStore>,
    pub ebs_optimized: EbsOptimizedSupport,
    /// Dedicated EBS bandwidth when EBS-optimized (by default, or turned on where it is
    /// optional); `None` where EBS always shares the network.
    pub ebs_bandwidth: Option<EbsBandwidth>,
    pub network_performance: &'static str,
    /// Largest MTU inside the VPC: 9001 (jumbo frames) for these types; traffic through an
    /// internet gateway is still limited to 1500 (EC2UG network_mtu, aws-reference.md §B9).
    pub mtu: u32,
    pub hypervisor: &'static str,
    pub current_generation: bool,
    pub burstable: bool,
    pub free_tier: bool,
    /// Whether an instance-store-backed AMI can boot on this type (previous-generation Xen
    /// types with local disks only).
    pub instance_store_root: bool,
    pub clock_ghz: f64,
    /// `(region, USD per hour)`.
    pub prices: [(Region, f64); 3],
    /// Where EBS optimization is `Supported` (optional), the extra hourly fee an instance
    /// pays while it runs with it on (EC2UG ebs-optimized: "you pay an additional low, hourly
    /// fee"). [UNVERIFIED] m3.xlarge's $0.05 is from the previous-generation pricing page's
    /// EBS-optimized table as remembered; the search tool could not reach that page.
    pub ebs_optimized_fee: Option<[(Region, f64); 3]>,
}

impl InstanceType {
    pub fn price_per_hour(&self, region: Region) -> f64 {
        self.prices.iter().find(|(r, _)| *r == region).map(|(_, p)| *p).unwrap_or(0.0)
    }

    /// The hourly fee for running with EBS optimization on, where it is optional.
    pub fn ebs_optimized_fee_per_hour(&self, region: Region) -> f64 {
        self.ebs_optimized_fee.and_then(|f| f.iter().find(|(r, _)| *r == region).map(|(_, p)| *p)).unwrap_or(0.0)
    }

    /// The network bandwidth an instance's EBS traffic shares with its other traffic when it
    /// has no dedicated EBS bandwidth (STO-04), in Mbps. AWS publishes only a label for these
    /// types ("Low to Moderate", "Moderate", "High": DescribeInstanceTypes
    /// NetworkInfo.NetworkPerformance) and guarantees them nothing ("EC2 instances that do not
    /// meet this criteria offer no guarantee of network resources", EC2UG ebs-ec2-config); the
    /// figures are the sandbox's, chosen so the labels keep their order, and the volume panel
    /// says so. Types with an "Up to N Gigabit" label are EBS-optimized by default and never
    /// share.
    pub fn shared_network_mbps(&self) -> Option<f64> {
        match self.network_performance {
            "Low to Moderate" => Some(300.0),
            "Moderate" => Some(500.0),
            "High" => Some(1000.0),
            _ => None,
        }
    }
}

const fn prices(use1: f64, usw2: f64, apne1: f64) -> [(Region, f64); 3] {
    [(Region::UsEast1, use1), (Region::UsWest2, usw2), (Region::ApNortheast1, apne1)]
}

pub static INSTANCE_TYPES: &[InstanceType] = &[
    InstanceType {
        name: "t2.micro",
        vcpus: 1,
        cores: 1,
        memory_mib: 1024,
        instance_store: None,
        ebs_optimized: EbsOptimizedSupport::Unsupported,
        ebs_bandwidth: None,
        network_performance: "Low to Moderate",
        mtu: 9001,
        hypervisor: "xen",
        current_generation: true,
        burstable: true,
        free_tier: true,
        instance_store_root: false,
        clock_ghz: 2.5,
        ebs_optimized_fee: None,
        prices: prices(0.0116, 0.0116, 0.0152),
    },
    InstanceType {
        name: "t3.micro",
        vcpus: 2,
        cores: 1,
        memory_mib: 1024,
        instance_store: None,
        ebs_optimized: EbsOptimizedSupport::Default,
        ebs_bandwidth: Some(EbsBandwidth {
            baseline_mbps: 87.0,
            baseline_iops: 500.0,
            max_mbps: 2085.0,
            max_iops: 11_800.0,
        }),
        network_performance: "Up to 5 Gigabit",
        mtu: 9001,
        hypervisor: "nitro",
        current_generation: true,
        burstable: true,
        free_tier: true,
        instance_store_root: false,
        clock_ghz: 2.5,
        ebs_optimized_fee: None,
        prices: prices(0.0104, 0.0104, 0.0136),
    },
    InstanceType {
        name: "t3.small",
        vcpus: 2,
        cores: 1,
        memory_mib: 2048,
        instance_store: None,
        ebs_optimized: EbsOptimizedSupport::Default,
        ebs_bandwidth: Some(EbsBandwidth {
            baseline_mbps: 174.0,
            baseline_iops: 1000.0,
            max_mbps: 2085.0,
            max_iops: 11_800.0,
        }),
        network_performance: "Up to 5 Gigabit",
        mtu: 9001,
        hypervisor: "nitro",
        current_generation: true,
        burstable: true,
        free_tier: false,
        instance_store_root: false,
        clock_ghz: 2.5,
        ebs_optimized_fee: None,
        prices: prices(0.0208, 0.0208, 0.0272),
    },
    InstanceType {
        name: "m5.large",
        vcpus: 2,
        cores: 1,
        memory_mib: 8192,
        instance_store: None,
        ebs_optimized: EbsOptimizedSupport::Default,
        ebs_bandwidth: Some(EbsBandwidth {
            baseline_mbps: 650.0,
            baseline_iops: 3600.0,
            max_mbps: 4750.0,
            max_iops: 18_750.0,
        }),
        network_performance: "Up to 10 Gigabit",
        mtu: 9001,
        hypervisor: "nitro",
        current_generation: true,
        burstable: false,
        free_tier: false,
        instance_store_root: false,
        clock_ghz: 3.1,
        ebs_optimized_fee: None,
        prices: prices(0.096, 0.096, 0.124),
    },
    // A large type whose dedicated EBS bandwidth is sustained, not a 30-minute burst (EC2UG
    // ebs-optimized: 6,800 Mbps, 850 MB/s, 30,000 IOPS; no `*`): room for any one volume.
    InstanceType {
        name: "m5.8xlarge",
        vcpus: 32,
        cores: 16,
        memory_mib: 131_072,
        instance_store: None,
        ebs_optimized: EbsOptimizedSupport::Default,
        ebs_bandwidth: Some(EbsBandwidth {
            baseline_mbps: 6800.0,
            baseline_iops: 30_000.0,
            max_mbps: 6800.0,
            max_iops: 30_000.0,
        }),
        network_performance: "10 Gigabit",
        mtu: 9001,
        hypervisor: "nitro",
        current_generation: true,
        burstable: false,
        free_tier: false,
        instance_store_root: false,
        clock_ghz: 3.1,
        ebs_optimized_fee: None,
        prices: prices(1.536, 1.536, 1.984),
    },
    InstanceType {
        name: "c5.large",
        vcpus: 2,
        cores: 1,
        memory_mib: 4096,
        instance_store: None,
        ebs_optimized: EbsOptimizedSupport::Default,
        ebs_bandwidth: Some(EbsBandwidth {
            baseline_mbps: 650.0,
            baseline_iops: 4000.0,
            max_mbps: 4750.0,
            max_iops: 20_000.0,
        }),
        network_performance: "Up to 10 Gigabit",
        mtu: 9001,
        hypervisor: "nitro",
        current_generation: true,
        burstable: false,
        free_tier: false,
        instance_store_root: false,
        clock_ghz: 3.4,
        ebs_optimized_fee: None,
        prices: prices(0.085, 0.085, 0.107),
    },
    InstanceType {
        name: "c5d.large",
        vcpus: 2,
        cores: 1,
        memory_mib: 4096,
        instance_store: Some(InstanceStore { disks: 1, size_gb: 50, nvme: "required" }),
        ebs_optimized: EbsOptimizedSupport::Default,
        ebs_bandwidth: Some(EbsBandwidth {
            baseline_mbps: 650.0,
            baseline_iops: 4000.0,
            max_mbps: 4750.0,
            max_iops: 20_000.0,
        }),
        network_performance: "Up to 10 Gigabit",
        mtu: 9001,
        hypervisor: "nitro",
        current_generation: true,
        burstable: false,
        free_tier: false,
        instance_store_root: false,
        clock_ghz: 3.4,
        ebs_optimized_fee: None,
        prices: prices(0.096, 0.096, 0.122),
    },
    InstanceType {
        name: "m3.medium",
        vcpus: 1,
        cores: 1,
        memory_mib: 3840,
        instance_store: Some(InstanceStore { disks: 1, size_gb: 4, nvme: "unsupported" }),
        ebs_optimized: EbsOptimizedSupport::Unsupported,
        ebs_bandwidth: None,
        network_performance: "Moderate",
        mtu: 9001,
        hypervisor: "xen",
        current_generation: false,
        burstable: false,
        free_tier: false,
        instance_store_root: true,
        clock_ghz: 2.5,
        ebs_optimized_fee: None,
        prices: prices(0.067, 0.067, 0.096),
    },
    // A previous-generation type on which EBS optimization is optional and charged
    // (EbsOptimizedSupport "supported"): the same type can be compared with it on and off.
    // EBS figures from EC2UG ebs-optimized, "EBS optimization supported" table (500 Mbps,
    // 62.5 MB/s, 4,000 IOPS at 16 KiB; no burst); network "High"; 2 × 40 GB SSD.
    // [UNVERIFIED] the hourly prices, from the public price list as remembered.
    InstanceType {
        name: "m3.xlarge",
        vcpus: 4,
        cores: 2,
        memory_mib: 15_360,
        instance_store: Some(InstanceStore { disks: 2, size_gb: 40, nvme: "unsupported" }),
        ebs_optimized: EbsOptimizedSupport::Supported,
        ebs_bandwidth: Some(EbsBandwidth {
            baseline_mbps: 500.0,
            baseline_iops: 4000.0,
            max_mbps: 500.0,
            max_iops: 4000.0,
        }),
        network_performance: "High",
        mtu: 9001,
        hypervisor: "xen",
        current_generation: false,
        burstable: false,
        free_tier: false,
        instance_store_root: true,
        clock_ghz: 2.5,
        ebs_optimized_fee: Some(prices(0.05, 0.05, 0.05)),
        prices: prices(0.266, 0.266, 0.385),
    },
];

pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    INSTANCE_TYPES.iter().find(|t| t.name == name)
}

/// Every instance type EC2 has, from botocore's model (scripts/botocore-data.py).
const EC2_INSTANCE_TYPES: &str = include_str!("../data/ec2-instance-types.txt");

/// Whether `name` is an instance type of EC2's, offered here or not.
pub fn exists_on_aws(name: &str) -> bool {
    EC2_INSTANCE_TYPES.lines().any(|l| l == name)
}

/// The type of that name, or the error for a name that is not one: a real type the sandbox
/// does not offer is told apart from a name that does not exist (`unknown`).
pub fn offered_instance_type(
    name: &str,
    unknown: impl FnOnce(String) -> crate::error::ApiError,
) -> Result<&'static InstanceType, crate::error::ApiError> {
    match instance_type(name) {
        Some(t) => Ok(t),
        None if exists_on_aws(name) => Err(crate::error::ApiError::InstanceTypeNotInSandbox {
            instance_type: name.to_string(),
            offered: offered_instance_types(),
        }),
        None => Err(unknown(name.to_string())),
    }
}

/// The names of the types the sandbox offers, for messages.
pub fn offered_instance_types() -> String {
    INSTANCE_TYPES.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
}

/// Hours in the month AWS prices storage by (GB-month = 730 hours).
pub const HOURS_PER_MONTH: f64 = 730.0;

/// EBS storage, USD per GiB-month, from the public price list (us-east-1 and us-west-2 share
/// prices; Tokyo is higher). Provisioned IOPS and throughput charges are not modelled.
pub fn ebs_price_gib_month(region: Region, volume_type: &str) -> f64 {
    let tokyo = region == Region::ApNortheast1;
    match (volume_type, tokyo) {
        ("gp2", false) => 0.10,
        ("gp2", true) => 0.12,
        ("gp3", false) => 0.08,
        ("gp3", true) => 0.096,
        ("io1" | "io2", false) => 0.125,
        ("io1" | "io2", true) => 0.142,
        ("st1", false) => 0.045,
        ("st1", true) => 0.054,
        ("sc1", false) => 0.015,
        ("sc1", true) => 0.018,
        ("standard", false) => 0.05,
        ("standard", true) => 0.08,
        _ => 0.0,
    }
}

/// EBS snapshot storage (standard tier), USD per GiB-month of data the snapshot stores.
pub fn snapshot_price_gib_month(_region: Region) -> f64 {
    0.05
}

/// An instance-store root device is limited to 10 GiB (EC2UG RootDeviceStorage).
pub const INSTANCE_STORE_ROOT_GIB: u32 = 10;

/// How an image's root device is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum RootDeviceType {
    #[serde(rename = "ebs")]
    Ebs,
    #[serde(rename = "instance-store")]
    InstanceStore,
}

impl RootDeviceType {
    pub fn as_str(self) -> &'static str {
        match self {
            RootDeviceType::Ebs => "ebs",
            RootDeviceType::InstanceStore => "instance-store",
        }
    }
}

/// A public image of the catalogue, the same in every world.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicImage {
    pub id: ImageId,
    pub region: Region,
    pub name: &'static str,
    pub description: &'static str,
    pub owner: AccountId,
    pub owner_alias: &'static str,
    pub platform_details: &'static str,
    pub root_device_type: RootDeviceType,
    pub root_device_name: &'static str,
    /// Root EBS snapshot and its size, for EBS-backed images.
    pub root_snapshot: Option<(SnapshotId, u32, &'static str)>,
    pub creation_date: &'static str,
    pub default_instance_type: &'static str,
    pub image_location: String,
    /// The default login user, whose home holds the shell history.
    pub default_user: &'static str,
    pub os_release: &'static str,
    /// Bytes the OS occupies on the root file system (the first snapshot's size).
    pub os_bytes: u64,
}

struct ImageSpec {
    name: &'static str,
    description: &'static str,
    owner: &'static str,
    owner_alias: &'static str,
    root_device_type: RootDeviceType,
    root_device_name: &'static str,
    root_size_gib: u32,
    root_volume_type: &'static str,
    creation_date: &'static str,
    default_instance_type: &'static str,
    default_user: &'static str,
    os_release: &'static str,
    os_bytes: u64,
}

/// Amazon's account for Amazon Linux images, Canonical's for Ubuntu.
const AMAZON: &str = "137112412989";
const CANONICAL: &str = "099720109477";

const IMAGE_SPECS: &[ImageSpec] = &[
    ImageSpec {
        name: "al2023-ami-2023.6.20241121.0-kernel-6.1-x86_64",
        description: "Amazon Linux 2023 AMI 2023.6.20241121.0 x86_64 HVM kernel-6.1",
        owner: AMAZON,
        owner_alias: "amazon",
        root_device_type: RootDeviceType::Ebs,
        root_device_name: "/dev/xvda",
        root_size_gib: 8,
        root_volume_type: "gp3",
        creation_date: "2024-11-20T18:26:02.000Z",
        default_instance_type: "t3.micro",
        default_user: "ec2-user",
        os_release: "NAME=\"Amazon Linux\"\nVERSION=\"2023\"\nID=\"amzn\"\nPRETTY_NAME=\"Amazon Linux 2023.6.20241121\"\n",
        os_bytes: 1_610_612_736,
    },
    ImageSpec {
        name: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241119",
        description: "Canonical, Ubuntu, 24.04, amd64 noble image",
        owner: CANONICAL,
        owner_alias: "",
        root_device_type: RootDeviceType::Ebs,
        root_device_name: "/dev/sda1",
        root_size_gib: 8,
        root_volume_type: "gp3",
        creation_date: "2024-11-19T04:09:50.000Z",
        default_instance_type: "t3.micro",
        default_user: "ubuntu",
        os_release: "PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nID=ubuntu\n",
        os_bytes: 2_147_483_648,
    },
    ImageSpec {
        name: "amzn-ami-hvm-2018.03.0.20231218.0-x86_64-s3",
        description: "Amazon Linux AMI 2018.03.0.20231218.0 x86_64 HVM instance-store",
        owner: AMAZON,
        owner_alias: "amazon",
        root_device_type: RootDeviceType::InstanceStore,
        root_device_name: "/dev/sda1",
        root_size_gib: 0,
        root_volume_type: "",
        creation_date: "2023-12-19T01:12:44.000Z",
        default_instance_type: "m3.medium",
        default_user: "ec2-user",
        os_release: "NAME=\"Amazon Linux AMI\"\nVERSION=\"2018.03\"\nID=\"amzn\"\n",
        os_bytes: 1_073_741_824,
    },
];

/// A fixed id derived from the region and a name: the catalogue has different ids in each
/// Region (as AWS does) but the same ids in every world, whatever its seed.
fn fixed_hex(region: Region, name: &str, salt: &str) -> String {
    let a = stable_hash(&format!("{}/{}/{}", region.code(), name, salt));
    let b = stable_hash(&format!("{salt}:{name}:{}", region.code()));
    let hex = format!("{a:016x}{b:016x}");
    // Real catalogue ids start with 0 since the 17-character format.
    format!("0{}", &hex[..16])
}

/// The public images of one Region.
pub fn public_images(region: Region) -> Vec<PublicImage> {
    IMAGE_SPECS
        .iter()
        .map(|s| {
            let id = ImageId::from(format!("ami-{}", fixed_hex(region, s.name, "ami")));
            let root_snapshot = (s.root_device_type == RootDeviceType::Ebs).then(|| {
                (
                    SnapshotId::from(format!("snap-{}", fixed_hex(region, s.name, "snap"))),
                    s.root_size_gib,
                    s.root_volume_type,
                )
            });
            let image_location = match s.root_device_type {
                RootDeviceType::Ebs if s.owner_alias == "amazon" => format!("amazon/{}", s.name),
                RootDeviceType::Ebs => format!("{}/{}", s.owner, s.name),
                RootDeviceType::InstanceStore => {
                    format!("amzn-ami-{}/{}.manifest.xml", region.code(), s.name)
                }
            };
            PublicImage {
                id,
                region,
                name: s.name,
                description: s.description,
                owner: AccountId::from(s.owner),
                owner_alias: s.owner_alias,
                platform_details: "Linux/UNIX",
                root_device_type: s.root_device_type,
                root_device_name: s.root_device_name,
                root_snapshot,
                creation_date: s.creation_date,
                default_instance_type: s.default_instance_type,
                image_location,
                default_user: s.default_user,
                os_release: s.os_release,
                os_bytes: s.os_bytes,
            }
        })
        .collect()
}

impl PublicImage {
    /// The root file system this image puts on every instance launched from it.
    pub fn root_disk(&self) -> crate::storage::Disk {
        crate::storage::Disk::os_root(self.default_user, self.os_release, self.os_bytes)
    }
}

pub fn public_image(region: Region, id: &str) -> Option<PublicImage> {
    public_images(region).into_iter().find(|i| i.id.as_str() == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_ids_differ_per_region_but_not_per_call() {
        let east = public_images(Region::UsEast1);
        let tokyo = public_images(Region::ApNortheast1);
        assert_eq!(east, public_images(Region::UsEast1));
        assert_eq!(east.len(), 3);
        for (a, b) in east.iter().zip(&tokyo) {
            assert_eq!(a.name, b.name);
            assert_ne!(a.id, b.id);
            assert!(ImageId::is_well_formed(a.id.as_str()), "{}", a.id);
        }
        assert!(east.iter().any(|i| i.root_device_type == RootDeviceType::InstanceStore));
    }

    #[test]
    fn required_types_exist() {
        for name in ["t3.micro", "t3.small", "m5.large", "c5.large", "c5d.large", "m3.medium"] {
            assert!(instance_type(name).is_some(), "{name}");
        }
        assert!(instance_type("c5d.large").is_some_and(|t| t.instance_store.is_some()));
        assert!(instance_type("m3.medium").is_some_and(|t| t.instance_store_root));
    }
}
