//! Limit profiles: the numbers of the seed notes (`classic`) and of today's AWS (`current`), as data.
//!
//! Every number a lesson may depend on lives here, so choosing a profile is choosing data,
//! never a code path (shared/docs/domain.md, "limit profiles").

use serde::{Deserialize, Serialize};

/// Which set of limits a world follows. Chosen when the world is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// The numbers of the seed notes (EC2UG as of early 2018).
    Classic,
    /// Today's AWS documentation and API model.
    Current,
}

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::Classic, Profile::Current];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Classic => "classic",
            Profile::Current => "current",
        }
    }

    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == name)
    }

    pub fn limits(self) -> &'static Limits {
        match self {
            Profile::Classic => &CLASSIC,
            Profile::Current => &CURRENT,
        }
    }
}

/// Size, IOPS and throughput rules of one EBS volume type (BC-EC2 CreateVolume; EC2UG
/// ebs-volume-types; aws-reference.md §A5).
#[derive(Debug, Clone, PartialEq)]
pub struct VolumeTypeLimits {
    pub name: &'static str,
    pub min_gib: u32,
    pub max_gib: u32,
    /// Provisioned IOPS range, when IOPS can be set (gp3, io1, io2).
    pub iops: Option<(u32, u32)>,
    /// Whether IOPS must be given (io1, io2).
    pub iops_required: bool,
    /// Most IOPS per GiB (io1 50, io2 500, gp3 500).
    pub max_iops_per_gib: Option<u32>,
    /// Provisioned throughput range in MiB/s (gp3 only).
    pub throughput: Option<(u32, u32)>,
    /// Defaults when not given (gp3: 3,000 IOPS, 125 MiB/s).
    pub default_iops: Option<u32>,
    pub default_throughput: Option<u32>,
    /// Whether the type can be a boot volume (st1 and sc1 cannot).
    pub bootable: bool,
}

/// One row of the volume-type tables below (a constructor so each row fits one line).
#[allow(clippy::too_many_arguments)]
const fn vt(
    name: &'static str,
    min_gib: u32,
    max_gib: u32,
    iops: Option<(u32, u32)>,
    iops_required: bool,
    max_iops_per_gib: Option<u32>,
    throughput: Option<(u32, u32)>,
    defaults: (Option<u32>, Option<u32>),
    bootable: bool,
) -> VolumeTypeLimits {
    VolumeTypeLimits {
        name,
        min_gib,
        max_gib,
        iops,
        iops_required,
        max_iops_per_gib,
        throughput,
        default_iops: defaults.0,
        default_throughput: defaults.1,
        bootable,
    }
}

/// Today's volume types (BC-EC2 1.44.8 for gp3 and io2 ranges; io2 without Block Express).
pub static CURRENT_VOLUME_TYPES: &[VolumeTypeLimits] = &[
    vt("standard", 1, 1024, None, false, None, None, (None, None), true),
    vt("gp2", 1, 16_384, None, false, None, None, (None, None), true),
    vt("gp3", 1, 65_536, Some((3_000, 80_000)), false, Some(500), Some((125, 2_000)), (Some(3_000), Some(125)), true),
    vt("io1", 4, 16_384, Some((100, 64_000)), true, Some(50), None, (None, None), true),
    vt("io2", 4, 16_384, Some((100, 64_000)), true, Some(500), None, (None, None), true),
    vt("st1", 125, 16_384, None, false, None, None, (None, None), false),
    vt("sc1", 125, 16_384, None, false, None, None, (None, None), false),
];

/// The seed era (EC2UG@2018-02): no gp3 or io2 yet, io1 up to 32,000 IOPS, st1 and sc1 from
/// 500 GiB.
pub static CLASSIC_VOLUME_TYPES: &[VolumeTypeLimits] = &[
    vt("standard", 1, 1024, None, false, None, None, (None, None), true),
    vt("gp2", 1, 16_384, None, false, None, None, (None, None), true),
    vt("io1", 4, 16_384, Some((100, 32_000)), true, Some(50), None, (None, None), true),
    vt("st1", 500, 16_384, None, false, None, None, (None, None), false),
    vt("sc1", 500, 16_384, None, false, None, None, (None, None), false),
];

/// The numbers that differ between eras. Sources: shared/docs/aws-reference.md §A1, §A3, §A4, §B9, §F.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// gp2 baseline IOPS per GiB (both eras: 3).
    pub gp2_iops_per_gib: u32,
    /// gp2 baseline floor (both eras: 100 IOPS).
    pub gp2_min_iops: u32,
    /// gp2 baseline ceiling: 10,000 (classic, reached at 3,334 GiB) or 16,000 (current, 5,334 GiB).
    pub gp2_max_iops: u32,
    /// Burst ceiling for volumes under 1 TiB (both eras: 3,000 IOPS).
    pub gp2_burst_iops: u32,
    /// Initial and maximum I/O credit balance (both eras: 5.4 million).
    pub gp2_credit_cap: u64,
    /// Throughput of volumes up to 170 GiB (both eras: 128 MiB/s).
    pub gp2_small_throughput_mibps: u32,
    /// Maximum gp2 throughput: 160 MiB/s (classic) or 250 MiB/s (current).
    pub gp2_max_throughput_mibps: u32,
    /// gp2 size range, GiB (both eras: 1–16,384).
    pub gp2_max_size_gib: u32,
    /// Period of EBS CloudWatch metrics: 5 minutes (through 2020) or 1 minute (current), §F row 9.
    pub ebs_metric_period_secs: u32,
    /// Automatic recoveries allowed per instance per day (both eras: 3), §B9.
    pub recoveries_per_day: u32,
    /// RDS maximum storage, GiB: 16 TiB (seed) or 64 TiB (current), §F row 17.
    pub rds_max_storage_gib: u32,
    /// RDS read replicas per source: 5 (seed era) or 15 (current, MySQL/MariaDB/PostgreSQL), §F row 16.
    pub rds_max_read_replicas: u32,
    /// EBS volume types and their ranges.
    pub volume_types: &'static [VolumeTypeLimits],
    /// Simplified automatic recovery of instances on failed hardware, on by default since 2022
    /// (§B9); before it, recovery needed a CloudWatch alarm with the recover action.
    pub simplified_auto_recovery: bool,
    /// ModifyVolume cadence: at most `max` modifications in any `window_hours` (current: 4
    /// in 24 h; classic: 1 in 6 h, "wait at least six hours"), §F row 11.
    pub volume_modifications: (u32, u64),
}

impl Limits {
    /// The period of a volume type's EBS metrics: the profile's, except that Provisioned IOPS
    /// volumes always sent 1-minute metrics (aws-reference.md §A4).
    pub fn ebs_metric_period(&self, volume_type: &str) -> u32 {
        if matches!(volume_type, "io1" | "io2") { 60 } else { self.ebs_metric_period_secs }
    }

    pub fn volume_type(&self, name: &str) -> Option<&'static VolumeTypeLimits> {
        self.volume_types.iter().find(|t| t.name == name)
    }
}

pub static CLASSIC: Limits = Limits {
    gp2_iops_per_gib: 3,
    gp2_min_iops: 100,
    gp2_max_iops: 10_000,
    gp2_burst_iops: 3_000,
    gp2_credit_cap: 5_400_000,
    gp2_small_throughput_mibps: 128,
    gp2_max_throughput_mibps: 160,
    gp2_max_size_gib: 16_384,
    ebs_metric_period_secs: 300,
    recoveries_per_day: 3,
    rds_max_storage_gib: 16_384,
    rds_max_read_replicas: 5,
    volume_types: CLASSIC_VOLUME_TYPES,
    simplified_auto_recovery: false,
    volume_modifications: (1, 6),
};

pub static CURRENT: Limits = Limits {
    gp2_iops_per_gib: 3,
    gp2_min_iops: 100,
    gp2_max_iops: 16_000,
    gp2_burst_iops: 3_000,
    gp2_credit_cap: 5_400_000,
    gp2_small_throughput_mibps: 128,
    gp2_max_throughput_mibps: 250,
    gp2_max_size_gib: 16_384,
    ebs_metric_period_secs: 60,
    recoveries_per_day: 3,
    rds_max_storage_gib: 65_536,
    rds_max_read_replicas: 15,
    volume_types: CURRENT_VOLUME_TYPES,
    simplified_auto_recovery: true,
    volume_modifications: (4, 24),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_differ_where_the_eras_differ() {
        let (c, n) = (Profile::Classic.limits(), Profile::Current.limits());
        assert_eq!((c.gp2_max_iops, n.gp2_max_iops), (10_000, 16_000));
        assert_eq!((c.gp2_max_throughput_mibps, n.gp2_max_throughput_mibps), (160, 250));
        assert_eq!(c.gp2_credit_cap, n.gp2_credit_cap);
        // §A4: through 2020, 5-minute EBS metrics except Provisioned IOPS (1 minute).
        assert_eq!((c.ebs_metric_period("gp2"), c.ebs_metric_period("io1")), (300, 60));
        assert_eq!((n.ebs_metric_period("gp2"), n.ebs_metric_period("st1")), (60, 60));
        assert_eq!(Profile::from_name("classic"), Some(Profile::Classic));
        assert_eq!(Profile::from_name("modern"), None);
    }
}
