//! EC2: instances, their network identity and root volumes, and the operations on them.
//!
//! Depends on: no other service. (Like every service today it still reaches up to `command`,
//! `event`, `sim` and `world`; `tests/tidy.rs` holds those references to their count.)

pub mod api;
pub mod cpu;
pub mod faults;
mod filters;
pub mod images;
pub mod instance_ebs;
mod instances;
pub mod key_pairs;
mod lookups;
pub mod performance;
pub mod response;
pub mod snapshots;
mod tags;
pub mod views;
pub mod volumes;
pub(crate) use lookups::{describe_availability_zones, describe_instance_types, describe_regions};
mod network;
mod serve;

pub use api::Request;
pub use instances::InstanceAttributeChange;

pub use filters::glob_match;
pub use network::{DefaultVpc, Subnet};
pub use volumes::{AttachmentState, Volume, VolumeAttachment, VolumeState};

use serde::{Deserialize, Serialize};

use crate::catalog::RootDeviceType;
use crate::ec2::api::Tag;
use crate::event::EventKey;
use crate::ids::{
    AccountId, HostId, ImageId, InstanceId, NetworkInterfaceId, ReservationId, SecurityGroupId, SubnetId, VolumeId,
    VpcId,
};
use crate::storage::Disk;
use crate::time::Timestamp;

/// What an instance does when its OS shuts down (EC2UG ec2-instance-lifecycle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ShutdownBehavior {
    #[serde(rename = "stop")]
    Stop,
    #[serde(rename = "terminate")]
    Terminate,
}

impl ShutdownBehavior {
    pub fn as_str(self) -> &'static str {
        match self {
            ShutdownBehavior::Stop => "stop",
            ShutdownBehavior::Terminate => "terminate",
        }
    }
    pub fn from_name(s: &str) -> Option<ShutdownBehavior> {
        match s {
            "stop" => Some(ShutdownBehavior::Stop),
            "terminate" => Some(ShutdownBehavior::Terminate),
            _ => None,
        }
    }
}

/// `InstanceStateName`: exactly six values; there is no `rebooting` state, a reboot stays in
/// `running` (aws-reference.md §B1, §F row 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InstanceState {
    Pending,
    Running,
    ShuttingDown,
    Terminated,
    Stopping,
    Stopped,
}

impl InstanceState {
    pub const ALL: [InstanceState; 6] = [
        InstanceState::Pending,
        InstanceState::Running,
        InstanceState::ShuttingDown,
        InstanceState::Terminated,
        InstanceState::Stopping,
        InstanceState::Stopped,
    ];

    /// The low byte of `InstanceState.Code` (BC-EC2 InstanceState).
    pub fn code(self) -> u16 {
        match self {
            InstanceState::Pending => 0,
            InstanceState::Running => 16,
            InstanceState::ShuttingDown => 32,
            InstanceState::Terminated => 48,
            InstanceState::Stopping => 64,
            InstanceState::Stopped => 80,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InstanceState::Pending => "pending",
            InstanceState::Running => "running",
            InstanceState::ShuttingDown => "shutting-down",
            InstanceState::Terminated => "terminated",
            InstanceState::Stopping => "stopping",
            InstanceState::Stopped => "stopped",
        }
    }

    pub fn from_name(name: &str) -> Option<InstanceState> {
        InstanceState::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether the instance is on its way somewhere and an event will move it on.
    pub fn is_transitional(self) -> bool {
        matches!(self, InstanceState::Pending | InstanceState::Stopping | InstanceState::ShuttingDown)
    }
}

/// `StateReason` of an instance that stopped or terminated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateReason {
    pub code: String,
    pub message: String,
}

/// Status of one status check as DescribeInstanceStatus reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckStatus {
    /// After boot, until the checks have run.
    Initializing,
    /// Passed.
    Ok,
    /// Not running: nothing to check.
    NotApplicable,
    /// The check failed: for the system check, the host's hardware or network (INS-04/05).
    Impaired,
}

/// Per-instance billing: per second while `running`, with a one-minute minimum each time the
/// instance enters `running`; a reboot does not start a new period (aws-reference.md §B1, §B3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Billing {
    /// Start of the current billing period, while running.
    pub running_since: Option<Timestamp>,
    /// Milliseconds billed for periods already closed.
    pub billed_ms: u64,
    /// Of those, the milliseconds that also paid the EBS-optimized fee.
    #[serde(default)]
    pub ebs_optimized_ms: u64,
}

impl Billing {
    /// One minute: the minimum charge each time an instance enters `running`.
    pub const MINIMUM_MS: u64 = 60_000;

    /// Billable milliseconds up to `now`, counting the open period with its minimum.
    pub fn billable_ms(&self, now: Timestamp) -> u64 {
        let open = self.running_since.map_or(0, |since| now.since(since).0.max(Self::MINIMUM_MS));
        self.billed_ms + open
    }
}

/// An EC2 instance and everything the sandbox tracks about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    pub id: InstanceId,
    pub reservation_id: ReservationId,
    pub owner: AccountId,
    pub image_id: ImageId,
    pub instance_type: String,
    pub state: InstanceState,
    pub state_transition_reason: String,
    pub state_reason: Option<StateReason>,
    /// When the instance last entered `pending` (launch or start), as LaunchTime reports.
    pub launch_time: Timestamp,
    pub ami_launch_index: u32,
    pub availability_zone: String,
    pub vpc_id: VpcId,
    pub subnet_id: SubnetId,
    pub security_group: (SecurityGroupId, String),
    pub network_interface_id: NetworkInterfaceId,
    pub mac_address: String,
    /// Kept through stop/start; released at termination.
    pub private_ip: Option<[u8; 4]>,
    /// New on every start, kept through reboot, gone when stopped (§B3).
    pub public_ip: Option<[u8; 4]>,
    pub key_name: Option<String>,
    /// The launch key's public key as instance metadata serves it (`public-keys/0/openssh-key`:
    /// the key and the key pair's name), taken at launch: deleting the key pair later does
    /// not take it from the instance (EC2UG ec2-key-pairs, aws-reference.md §B7).
    #[serde(default)]
    pub launch_public_key: Option<String>,
    pub tags: Vec<Tag>,
    pub user_data: Option<String>,
    pub root_device_type: RootDeviceType,
    pub root_device_name: String,
    pub root_volume: Option<VolumeId>,
    /// The root file system when the root device is instance store (instance-store-backed
    /// AMIs); EBS roots keep theirs on the root volume.
    pub root_disk: Option<Disk>,
    /// The type's instance-store disks (`ephemeral0`, …): kept through reboot, erased by
    /// stop/start and terminate (STO-01, §B3).
    pub instance_store: Vec<Disk>,
    /// The physical host: new on every start, kept through reboot (§B3).
    pub host_id: Option<HostId>,
    pub disable_api_termination: bool,
    pub disable_api_stop: bool,
    pub shutdown_behavior: ShutdownBehavior,
    pub ebs_optimized: bool,
    pub instance_status: CheckStatus,
    pub system_status: CheckStatus,
    /// Set while an OS reboot is under way (the state stays `running`).
    pub rebooting: bool,
    /// Whether the instance ever reached `running` (StopInstances on a fresh `pending` differs).
    pub has_run: bool,
    /// The pending state-change event (pending→running, stopping→stopped, …, reboot end).
    pub transition_timer: Option<EventKey>,
    /// The pending status-check event.
    pub status_timer: Option<EventKey>,
    /// The host under the instance has failed: the system status check fails until the
    /// instance moves to another host (stop/start, or automatic recovery).
    pub hardware_failed: bool,
    /// Simplified automatic recovery (`MaintenanceOptions.AutoRecovery`: default | disabled).
    pub auto_recovery: bool,
    /// When automatic recoveries happened, for the limit of three a day (§B9).
    pub recoveries: Vec<Timestamp>,
    /// The pending automatic-recovery event.
    pub recovery_timer: Option<EventKey>,
    /// Scheduled events announced for this instance (INS-09).
    pub scheduled_events: Vec<ScheduledEvent>,
    pub billing: Billing,
    /// Order of launch in the Region, for stable listing order.
    pub launch_seq: u64,
    pub terminated_at: Option<Timestamp>,
    /// What CloudWatch sees of the instance, piece by piece: its AWS/EC2 status-check
    /// metrics are derived from these at any period.
    #[serde(default)]
    pub status_history: Vec<StatusSegment>,
    /// The allowance above the type's baseline EBS bandwidth (STO-04).
    #[serde(default)]
    pub ebs_burst: crate::ec2::instance_ebs::EbsBurst,
    /// The guest's CPU load and, on burstable types, CPU credits.
    #[serde(default)]
    pub cpu: crate::ec2::cpu::Cpu,
    /// Not AWS's: the guest's network traffic other than EBS, in Mbps (`sim network set`).
    /// Without dedicated EBS bandwidth, EBS traffic shares what is left of the network.
    #[serde(default)]
    pub network_load_mbps: Option<f64>,
}

impl Instance {
    /// Whether it pays the EBS-optimized fee while it runs: on a type where EBS optimization
    /// is optional, with it turned on (types optimized by default pay nothing for it).
    pub fn pays_ebs_optimized_fee(&self) -> bool {
        self.ebs_optimized
            && crate::catalog::instance_type(&self.instance_type)
                .is_some_and(|t| t.ebs_optimized == crate::catalog::EbsOptimizedSupport::Supported)
    }

    /// What the instance has cost so far in `region`: its usage and, for the periods that
    /// paid it, the EBS-optimized fee.
    pub fn cost_so_far(&self, region: crate::region::Region, now: Timestamp) -> f64 {
        let Some(t) = crate::catalog::instance_type(&self.instance_type) else { return 0.0 };
        let open = self.billing.billable_ms(now) - self.billing.billed_ms;
        let fee_ms = self.billing.ebs_optimized_ms + if self.pays_ebs_optimized_fee() { open } else { 0 };
        (self.billing.billable_ms(now) as f64 * t.price_per_hour(region)
            + fee_ms as f64 * t.ebs_optimized_fee_per_hour(region))
            / 3_600_000.0
    }

    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags.iter().find(|t| t.key == key).map(|t| t.value.as_str())
    }

    pub fn name(&self) -> Option<&str> {
        self.tag("Name")
    }

    /// Every queued event this instance waits for.
    pub fn timers(&self) -> impl Iterator<Item = EventKey> + '_ {
        [
            self.transition_timer,
            self.status_timer,
            self.recovery_timer,
            self.ebs_burst.timer,
            self.cpu.timer,
            self.cpu.pattern_timer,
        ]
        .into_iter()
        .flatten()
        .chain(self.scheduled_events.iter().filter_map(|e| e.timer))
    }
}

/// A scheduled event (BC-EC2 InstanceStatusEvent): codes instance-reboot, system-reboot,
/// system-maintenance, instance-retirement, instance-stop (aws-reference.md §B9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledEvent {
    pub id: String,
    pub code: String,
    pub description: String,
    pub not_before: Timestamp,
    pub not_after: Timestamp,
    /// The latest start a reschedule may ask for.
    pub not_before_deadline: Option<Timestamp>,
    /// When it happened; it is then described, marked [Completed], for a week
    /// (BC-EC2 InstanceStatusEvent.Description).
    #[serde(default)]
    pub completed_at: Option<Timestamp>,
    /// The event that carries it out at `not_before`, while it is pending.
    pub timer: Option<EventKey>,
}

/// Dotted-quad form of an IPv4 address.
pub fn ipv4(ip: [u8; 4]) -> String {
    format!("{}.{}.{}.{}", ip[0], ip[1], ip[2], ip[3])
}

/// The tags of `--tag-specifications` for one resource type; any other type is refused as EC2
/// refuses it.
pub(crate) fn tags_for(
    specs: &[crate::ec2::api::TagSpecification],
    resource_type: &str,
) -> Result<Vec<Tag>, crate::error::ApiError> {
    let mut tags = Vec::new();
    for s in specs {
        if s.resource_type != resource_type {
            return Err(crate::error::ApiError::InvalidParameterValue(format!(
                "'{}' is not a valid taggable resource type for this operation.",
                s.resource_type
            )));
        }
        tags.extend(s.tags.iter().cloned());
    }
    Ok(tags)
}

/// A permission list (launchPermission, createVolumePermission): 12-digit account ids and the
/// group `all`. Returns (whether `all` is named, the accounts), or `invalid(item)`.
pub(crate) fn permission_list(
    items: &[String],
    invalid: fn(String) -> crate::error::ApiError,
) -> Result<(bool, Vec<crate::ids::AccountId>), crate::error::ApiError> {
    let mut all = false;
    let mut users = Vec::new();
    for p in items {
        if p == "all" {
            all = true;
        } else if p.len() == 12 && p.bytes().all(|b| b.is_ascii_digit()) {
            users.push(crate::ids::AccountId::from(p.clone()));
        } else {
            return Err(invalid(p.clone()));
        }
    }
    Ok((all, users))
}

/// Applies parsed Add and Remove lists to a resource's permission (public flag and accounts).
pub(crate) fn apply_permissions(
    public: &mut bool,
    users: &mut std::collections::BTreeSet<crate::ids::AccountId>,
    add: (bool, Vec<crate::ids::AccountId>),
    remove: (bool, Vec<crate::ids::AccountId>),
) {
    if add.0 {
        *public = true;
    }
    if remove.0 {
        *public = false;
    }
    users.extend(add.1);
    for u in remove.1 {
        users.remove(&u);
    }
}

/// From `start` until the next segment: what the status checks said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusSegment {
    pub start: Timestamp,
    /// Running: instances report metrics only then.
    pub running: bool,
    pub system_failed: bool,
    pub instance_failed: bool,
}

impl crate::history::Segmented for StatusSegment {
    fn start(&self) -> Timestamp {
        self.start
    }
}
