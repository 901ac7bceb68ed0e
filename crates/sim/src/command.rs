//! The closed set of requests the world accepts, and their typed replies.
//!
//! Variant names are AWS API action names. Ids arrive as the strings a caller typed: checking
//! their shape is the service's job, as it is on AWS (`InvalidInstanceID.Malformed`).

use crate::catalog::{InstanceType, PublicImage};
use crate::ec2::images::Image;
use crate::ec2::key_pairs::KeyPair;
use crate::ec2::snapshots::Snapshot;
use crate::ec2::volumes::VolumeModification;
use crate::ec2::{Instance, InstanceState, ScheduledEvent};
use crate::ec2::{Volume, VolumeAttachment};
use crate::ids::{AccountId, ImageId, InstanceId, ReservationId, SnapshotId, VolumeId};
use crate::region::Region;
pub use crate::region::Scope;

pub use crate::ec2::api::{Filter, Tag, TagSpecification};
pub use crate::ec2::{InstanceAttributeChange, ShutdownBehavior};

/// Every request the world accepts.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// An EC2 request, in EC2's own request types (boxed: RunInstances' input is large).
    Ec2(Box<crate::ec2::Request>),
    /// Not an AWS API: what the guest asks of a volume (`sim workload set|clear`); `None`
    /// clears it.
    SandboxSetWorkload { volume_id: String, workload: Option<crate::ec2::performance::Workload> },
    /// Not an AWS API: what the guest asks of an instance's CPU (`sim cpu set|clear`); `None`
    /// clears it.
    SandboxSetCpuLoad { instance_id: String, load: Option<crate::ec2::cpu::CpuLoad> },
    /// Not an AWS API: the guest's network traffic other than EBS, in Mbps (`sim network
    /// set|clear`); `None` clears it.
    SandboxSetNetworkLoad { instance_id: String, mbps: Option<f64> },
    /// Sandbox fault injection, not an AWS API: the host under a running instance fails.
    SandboxFailHardware { instance_id: String },
    /// Sandbox fault injection, not an AWS API: a type runs out of (or regains) capacity in a zone.
    SandboxSetCapacity { instance_type: String, zone: String, available: bool },
    /// Sandbox fault injection, not an AWS API: AWS announces a scheduled event.
    SandboxScheduleEvent { instance_id: String, code: String, in_hours: u64 },
    /// Not an AWS API: a process inside the instance writes a file (the sandbox's `sim disk
    /// write`, and later the instance shell). `device` is the root device when absent.
    GuestWriteFile { instance_id: String, device: Option<String>, path: String, content: String },
    /// Not an AWS API: a process inside the instance removes a file or directory.
    GuestRemoveFile { instance_id: String, device: Option<String>, path: String },
    /// An STS request, in STS's own request types.
    Sts(crate::sts::Request),
    /// An IAM request, in IAM's own request types.
    Iam(crate::iam::Request),
    /// An SNS request, in SNS's own request types.
    Sns(crate::sns::Request),
    /// A CloudWatch request, in CloudWatch's own request types (boxed: PutMetricAlarm's input
    /// is the largest request of all).
    CloudWatch(Box<crate::cloudwatch::Request>),
}

/// The services whose requests and responses are their own serde types in botocore's shapes
/// (one line each below): the CLI parses and prints them from the models alone.
pub const MODELLED_SERVICES: &[(&str, &[&str])] = &[
    ("ec2", crate::ec2::Request::OPERATIONS),
    ("cloudwatch", crate::cloudwatch::Request::OPERATIONS),
    ("sns", crate::sns::Request::OPERATIONS),
    ("sts", crate::sts::Request::OPERATIONS),
    ("iam", crate::iam::Request::OPERATIONS),
];

/// The input members a modelled service's operation takes, in the shape's order.
pub fn request_members(service: &str, operation: &str) -> Option<&'static [&'static str]> {
    match service {
        "ec2" => crate::ec2::Request::members(operation),
        "sts" => crate::sts::Request::members(operation),
        "iam" => crate::iam::Request::members(operation),
        "sns" => crate::sns::Request::members(operation),
        "cloudwatch" => crate::cloudwatch::Request::members(operation),
        _ => None,
    }
}

/// A modelled service's request from its input document (botocore's input shape as JSON); the
/// message says what does not fit.
pub fn from_input(service: &str, operation: &str, input: serde_json::Value) -> Result<Command, String> {
    match service {
        "ec2" => crate::ec2::Request::from_input(operation, input).map(Command::from),
        "sts" => crate::sts::Request::from_input(operation, input).map(Command::Sts),
        "iam" => crate::iam::Request::from_input(operation, input).map(Command::Iam),
        "sns" => crate::sns::Request::from_input(operation, input).map(Command::Sns),
        "cloudwatch" => {
            crate::cloudwatch::Request::from_input(operation, input).map(|r| Command::CloudWatch(Box::new(r)))
        }
        _ => Err(format!("{service} is not a modelled service")),
    }
}

/// A modelled service's request as (service, operation, input document): the inverse of
/// [`from_input`].
pub fn to_input(command: &Command) -> Option<(&'static str, &'static str, serde_json::Value)> {
    match command {
        Command::Ec2(r) => Some(("ec2", r.operation(), r.to_input())),
        Command::Sts(r) => Some(("sts", r.operation(), r.to_input())),
        Command::Iam(r) => Some(("iam", r.operation(), r.to_input())),
        Command::Sns(r) => Some(("sns", r.operation(), r.to_input())),
        Command::CloudWatch(r) => Some(("cloudwatch", r.operation(), r.to_input())),
        _ => None,
    }
}

impl From<crate::ec2::Request> for Command {
    fn from(r: crate::ec2::Request) -> Command {
        Command::Ec2(Box::new(r))
    }
}

impl Command {
    /// The ids and names of resources the request names (instances, volumes, snapshots, AMIs,
    /// alarms), for the change feed. Every variant is listed, with no catch-all, so that a new
    /// request has to say what it names.
    pub fn named_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        match self {
            Command::Ec2(r) => out.extend(r.named_ids()),
            Command::SandboxSetCpuLoad { instance_id, .. }
            | Command::SandboxSetNetworkLoad { instance_id, .. }
            | Command::SandboxFailHardware { instance_id }
            | Command::SandboxScheduleEvent { instance_id, .. }
            | Command::GuestWriteFile { instance_id, .. }
            | Command::GuestRemoveFile { instance_id, .. } => out.push(instance_id),
            Command::SandboxSetWorkload { volume_id, .. } => out.push(volume_id),
            Command::CloudWatch(r) => out.extend(r.alarm_names()),
            // Requests on resources the feed describes after every change anyway (topics,
            // subscriptions) or on none.
            Command::Sns(_) | Command::SandboxSetCapacity { .. } | Command::Sts(_) => {}
            // IAM's roles are global, not in a Region the feed watches.
            Command::Iam(_) => {}
        }
        out
    }

    /// The AWS API action name, as error messages print it.
    pub fn action(&self) -> &'static str {
        match self {
            Command::Ec2(r) => r.operation(),
            Command::SandboxFailHardware { .. } => "SandboxFailHardware",
            Command::SandboxSetCapacity { .. } => "SandboxSetCapacity",
            Command::SandboxScheduleEvent { .. } => "SandboxScheduleEvent",
            Command::GuestWriteFile { .. } => "GuestWriteFile",
            Command::GuestRemoveFile { .. } => "GuestRemoveFile",
            Command::SandboxSetWorkload { .. } => "SandboxSetWorkload",
            Command::SandboxSetCpuLoad { .. } => "SandboxSetCpuLoad",
            Command::SandboxSetNetworkLoad { .. } => "SandboxSetNetworkLoad",
            Command::Sts(r) => r.operation(),
            Command::Iam(r) => r.operation(),
            Command::Sns(r) => r.operation(),
            Command::CloudWatch(r) => r.operation(),
        }
    }

    /// Whether the request only reads the world. Read-only requests are not recorded.
    pub fn is_read_only(&self) -> bool {
        matches!(self, Command::Ec2(r) if r.is_read_only())
            || matches!(self, Command::Sts(r) if r.is_read_only())
            || matches!(self, Command::Iam(r) if r.is_read_only())
            || matches!(self, Command::Sns(r) if r.is_read_only())
            || matches!(self, Command::CloudWatch(r) if r.is_read_only())
    }
}

/// A reservation with the instances it holds, as DescribeInstances and RunInstances return it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReservationView {
    pub reservation_id: ReservationId,
    pub owner_id: AccountId,
    pub instances: Vec<Instance>,
}

/// `StartingInstances` / `StoppingInstances` / `TerminatingInstances` item.
#[derive(Debug, Clone, PartialEq)]
pub struct StateChange {
    pub instance_id: String,
    pub previous: InstanceState,
    pub current: InstanceState,
}

/// One DescribeInstanceStatus item.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceStatusView {
    pub instance_id: String,
    pub availability_zone: String,
    pub state: InstanceState,
    pub instance_status: &'static str,
    pub instance_reachability: Option<&'static str>,
    pub system_status: &'static str,
    pub system_reachability: Option<&'static str>,
    pub events: Vec<ScheduledEvent>,
}

/// An image a caller may see: from the public catalogue, or a custom one (own or shared).
#[derive(Debug, Clone, PartialEq)]
pub enum ImageView {
    Public(Box<PublicImage>),
    Custom(Box<Image>),
}

/// One DescribeAvailabilityZones item.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneView {
    pub region: Region,
    pub zone_name: &'static str,
    pub zone_id: &'static str,
}

/// The typed result of a successful request.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// An STS response, in STS's own response types.
    Sts(crate::sts::Response),
    /// IAM's response, in IAM's own response types.
    Iam(crate::iam::Response),
    /// SNS's response, in SNS's own response types.
    Sns(crate::sns::Response),
    Reservation(ReservationView),
    Reservations(Vec<ReservationView>),
    InstanceStatuses(Vec<InstanceStatusView>),
    StartingInstances(Vec<StateChange>),
    StoppingInstances(Vec<StateChange>),
    TerminatingInstances(Vec<StateChange>),
    /// Requests whose AWS response has no members (RebootInstances, ModifyInstanceAttribute).
    Empty,
    Images(Vec<ImageView>),
    InstanceTypes(Vec<&'static InstanceType>),
    Regions(Vec<Region>),
    /// CreateKeyPair: the private key is in the reply only, never in the world.
    KeyPairCreated {
        pair: KeyPair,
        material: String,
    },
    KeyPairImported(KeyPair),
    KeyPairs {
        pairs: Vec<KeyPair>,
        include_public_key: bool,
    },
    KeyPairDeleted {
        key_pair_id: Option<String>,
    },
    /// CreateVolume: the new volume.
    Volume(Box<Volume>),
    /// AttachVolume / DetachVolume: the attachment as it now stands.
    VolumeAttachment {
        volume_id: VolumeId,
        attachment: VolumeAttachment,
    },
    VolumeModification {
        volume_id: VolumeId,
        modification: VolumeModification,
    },
    Volumes(Vec<Volume>),
    /// CreateSnapshot: the new snapshot and its progress in percent.
    Snapshot {
        snapshot: Box<Snapshot>,
        progress: u32,
    },
    /// DescribeSnapshots: each snapshot with its progress in percent.
    Snapshots(Vec<(Snapshot, u32)>),
    /// CreateImage, RegisterImage, CopyImage: the new image's id.
    ImageId(ImageId),
    /// DescribeImageAttribute launchPermission: account ids, `all` first when public.
    LaunchPermissions {
        image_id: ImageId,
        permissions: Vec<String>,
    },
    /// CopySnapshot: the new snapshot's id and tags.
    SnapshotCopied {
        snapshot_id: SnapshotId,
        tags: Vec<Tag>,
    },
    /// DescribeSnapshotAttribute: createVolumePermission (account ids, `all` first when
    /// public) or productCodes (none in this sandbox).
    SnapshotAttribute {
        snapshot_id: SnapshotId,
        attribute: String,
        permissions: Vec<String>,
    },
    /// ModifyInstanceMaintenanceOptions: the setting now in force.
    MaintenanceOptions {
        instance_id: InstanceId,
        auto_recovery: bool,
    },
    /// ModifyInstanceEventStartTime: the event as rescheduled.
    ScheduledEvent {
        instance_id: InstanceId,
        event: ScheduledEvent,
    },
    AvailabilityZones(Vec<ZoneView>),
    /// CloudWatch's response, in CloudWatch's own response types.
    CloudWatch(crate::cloudwatch::Response),
}
