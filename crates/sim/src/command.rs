//! The closed set of requests the world accepts, and their typed replies.
//!
//! Variant names are AWS API action names. Ids arrive as the strings a caller typed: checking
//! their shape is the service's job, as it is on AWS (`InvalidInstanceID.Malformed`).

use serde::{Deserialize, Serialize};

use crate::catalog::{InstanceType, PublicImage};
use crate::ec2::images::Image;
use crate::ec2::key_pairs::KeyPair;
use crate::ec2::snapshots::Snapshot;
use crate::ec2::volumes::{VolumeModification, VolumeSpec};
use crate::ec2::{Instance, InstanceState, ScheduledEvent};
use crate::ec2::{Volume, VolumeAttachment};
use crate::ids::{AccountId, ImageId, InstanceId, ReservationId, SnapshotId, VolumeId};
use crate::region::Region;
pub use crate::region::Scope;
use crate::time::Timestamp;

/// A tag as AWS APIs take and return it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// `TagSpecifications` item: the tags to put on one kind of resource at creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagSpecification {
    pub resource_type: String,
    pub tags: Vec<Tag>,
}

/// A `Filters` item of a Describe call: `Name=…,Values=…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

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

/// RunInstances request (BC-EC2 RunInstancesRequest, the members the sandbox models).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RunInstances {
    pub image_id: Option<String>,
    pub instance_type: Option<String>,
    pub min_count: u32,
    pub max_count: u32,
    pub key_name: Option<String>,
    pub availability_zone: Option<String>,
    pub subnet_id: Option<String>,
    pub tag_specifications: Vec<TagSpecification>,
    pub user_data: Option<String>,
    pub disable_api_termination: Option<bool>,
    pub disable_api_stop: Option<bool>,
    pub instance_initiated_shutdown_behavior: Option<ShutdownBehavior>,
    pub ebs_optimized: Option<bool>,
}

/// One ModifyInstanceAttribute change: AWS allows one attribute per call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstanceAttributeChange {
    InstanceType(String),
    DisableApiTermination(bool),
    DisableApiStop(bool),
    InstanceInitiatedShutdownBehavior(String),
    EbsOptimized(bool),
    UserData(String),
    /// `--block-device-mappings DeviceName=…,Ebs={DeleteOnTermination=…}`: (device, flag).
    DeleteOnTermination(Vec<(String, bool)>),
}

/// One `--block-device-mappings` item of RegisterImage: `DeviceName=…,Ebs={SnapshotId=…,…}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterMapping {
    pub device: String,
    pub snapshot_id: String,
    pub volume_size_gib: Option<u32>,
    pub volume_type: Option<String>,
    /// Provisioned IOPS (io1, io2, gp3).
    #[serde(default)]
    pub iops: Option<u32>,
    pub delete_on_termination: Option<bool>,
}

/// Every request the world accepts.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    RunInstances(RunInstances),
    DescribeInstances {
        instance_ids: Vec<String>,
        filters: Vec<Filter>,
    },
    DescribeInstanceStatus {
        instance_ids: Vec<String>,
        filters: Vec<Filter>,
        include_all_instances: bool,
    },
    StartInstances {
        instance_ids: Vec<String>,
    },
    StopInstances {
        instance_ids: Vec<String>,
        force: bool,
    },
    RebootInstances {
        instance_ids: Vec<String>,
    },
    TerminateInstances {
        instance_ids: Vec<String>,
    },
    ModifyInstanceAttribute {
        instance_id: String,
        change: InstanceAttributeChange,
    },
    DescribeImages {
        image_ids: Vec<String>,
        owners: Vec<String>,
        /// Images these users have explicit launch permission for: account ids, `self`, `all`.
        executable_users: Vec<String>,
        filters: Vec<Filter>,
    },
    DescribeInstanceTypes {
        instance_types: Vec<String>,
        filters: Vec<Filter>,
    },
    DescribeRegions {
        region_names: Vec<String>,
    },
    CreateKeyPair {
        key_name: String,
        key_type: Option<String>,
        key_format: Option<String>,
        tag_specifications: Vec<TagSpecification>,
    },
    ImportKeyPair {
        key_name: String,
        public_key_material: Vec<u8>,
        tag_specifications: Vec<TagSpecification>,
    },
    DescribeKeyPairs {
        key_names: Vec<String>,
        key_pair_ids: Vec<String>,
        filters: Vec<Filter>,
        include_public_key: bool,
    },
    DeleteKeyPair {
        key_name: Option<String>,
        key_pair_id: Option<String>,
    },
    /// Not an AWS API: what the guest asks of a volume (`sim workload set|clear`); `None`
    /// clears it.
    SandboxSetWorkload {
        volume_id: String,
        workload: Option<crate::ec2::performance::Workload>,
    },
    /// Not an AWS API: what the guest asks of an instance's CPU (`sim cpu set|clear`); `None`
    /// clears it.
    SandboxSetCpuLoad {
        instance_id: String,
        load: Option<crate::ec2::cpu::CpuLoad>,
    },
    /// Not an AWS API: the guest's network traffic other than EBS, in Mbps (`sim network
    /// set|clear`); `None` clears it.
    SandboxSetNetworkLoad {
        instance_id: String,
        mbps: Option<f64>,
    },
    DescribeAvailabilityZones {
        zone_names: Vec<String>,
    },
    CreateVolume(VolumeSpec),
    AttachVolume {
        volume_id: String,
        instance_id: String,
        device: String,
    },
    DetachVolume {
        volume_id: String,
        instance_id: Option<String>,
        device: Option<String>,
        force: bool,
    },
    DeleteVolume {
        volume_id: String,
    },
    ModifyVolume {
        volume_id: String,
        spec: VolumeSpec,
    },
    DescribeVolumes {
        volume_ids: Vec<String>,
        filters: Vec<Filter>,
    },
    CreateSnapshot {
        volume_id: String,
        description: Option<String>,
        tag_specifications: Vec<TagSpecification>,
    },
    DescribeSnapshots {
        snapshot_ids: Vec<String>,
        owner_ids: Vec<String>,
        restorable_by_user_ids: Vec<String>,
        filters: Vec<Filter>,
    },
    /// Copies a completed snapshot the caller may restore, from `source_region` into the
    /// Region of the request.
    CopySnapshot {
        source_snapshot_id: String,
        source_region: String,
        description: Option<String>,
        encrypted: bool,
        kms_key_id: Option<String>,
        tag_specifications: Vec<TagSpecification>,
    },
    /// The createVolumePermission attribute: account ids or `all` to add and to remove.
    ModifySnapshotAttribute {
        snapshot_id: String,
        add: Vec<String>,
        remove: Vec<String>,
    },
    DescribeSnapshotAttribute {
        snapshot_id: String,
        attribute: String,
    },
    ResetSnapshotAttribute {
        snapshot_id: String,
        attribute: String,
    },
    DeleteSnapshot {
        snapshot_id: String,
    },
    CreateImage {
        instance_id: String,
        name: String,
        description: Option<String>,
        no_reboot: bool,
        tag_specifications: Vec<TagSpecification>,
    },
    RegisterImage {
        name: String,
        root_device_name: String,
        block_device_mappings: Vec<RegisterMapping>,
        tag_specifications: Vec<TagSpecification>,
    },
    CopyImage {
        source_image_id: String,
        source_region: String,
        name: String,
        description: Option<String>,
    },
    DeregisterImage {
        image_id: String,
    },
    /// The launchPermission attribute: account ids or `all` to add and to remove.
    ModifyImageAttribute {
        image_id: String,
        add: Vec<String>,
        remove: Vec<String>,
    },
    DescribeImageAttribute {
        image_id: String,
        attribute: String,
    },
    ResetImageAttribute {
        image_id: String,
        attribute: String,
    },
    ModifyInstanceEventStartTime {
        instance_id: String,
        instance_event_id: String,
        not_before: Timestamp,
    },
    ModifyInstanceMaintenanceOptions {
        instance_id: String,
        auto_recovery: String,
    },
    /// Sandbox fault injection, not an AWS API: the host under a running instance fails.
    SandboxFailHardware {
        instance_id: String,
    },
    /// Sandbox fault injection, not an AWS API: a type runs out of (or regains) capacity in a zone.
    SandboxSetCapacity {
        instance_type: String,
        zone: String,
        available: bool,
    },
    /// Sandbox fault injection, not an AWS API: AWS announces a scheduled event.
    SandboxScheduleEvent {
        instance_id: String,
        code: String,
        in_hours: u64,
    },
    /// Not an AWS API: a process inside the instance writes a file (the sandbox's `sim disk
    /// write`, and later the instance shell). `device` is the root device when absent.
    GuestWriteFile {
        instance_id: String,
        device: Option<String>,
        path: String,
        content: String,
    },
    /// Not an AWS API: a process inside the instance removes a file or directory.
    GuestRemoveFile {
        instance_id: String,
        device: Option<String>,
        path: String,
    },
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
    ("cloudwatch", crate::cloudwatch::Request::OPERATIONS),
    ("sns", crate::sns::Request::OPERATIONS),
    ("sts", crate::sts::Request::OPERATIONS),
    ("iam", crate::iam::Request::OPERATIONS),
];

/// The input members a modelled service's operation takes, in the shape's order.
pub fn request_members(service: &str, operation: &str) -> Option<&'static [&'static str]> {
    match service {
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
        Command::Sts(r) => Some(("sts", r.operation(), r.to_input())),
        Command::Iam(r) => Some(("iam", r.operation(), r.to_input())),
        Command::Sns(r) => Some(("sns", r.operation(), r.to_input())),
        Command::CloudWatch(r) => Some(("cloudwatch", r.operation(), r.to_input())),
        _ => None,
    }
}

impl Command {
    /// The ids and names of resources the request names (instances, volumes, snapshots, AMIs,
    /// alarms), for the change feed. Every variant is listed, with no catch-all, so that a new
    /// request has to say what it names.
    pub fn named_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        match self {
            Command::RunInstances(r) => out.extend(r.image_id.as_deref()),
            Command::StartInstances { instance_ids }
            | Command::StopInstances { instance_ids, .. }
            | Command::RebootInstances { instance_ids }
            | Command::TerminateInstances { instance_ids } => out.extend(instance_ids.iter().map(String::as_str)),
            Command::ModifyInstanceAttribute { instance_id, .. }
            | Command::SandboxSetCpuLoad { instance_id, .. }
            | Command::SandboxSetNetworkLoad { instance_id, .. }
            | Command::ModifyInstanceEventStartTime { instance_id, .. }
            | Command::ModifyInstanceMaintenanceOptions { instance_id, .. }
            | Command::SandboxFailHardware { instance_id }
            | Command::SandboxScheduleEvent { instance_id, .. }
            | Command::GuestWriteFile { instance_id, .. }
            | Command::GuestRemoveFile { instance_id, .. }
            | Command::CreateImage { instance_id, .. } => out.push(instance_id),
            Command::SandboxSetWorkload { volume_id, .. }
            | Command::DeleteVolume { volume_id }
            | Command::ModifyVolume { volume_id, .. }
            | Command::CreateSnapshot { volume_id, .. } => out.push(volume_id),
            Command::CreateVolume(spec) => out.extend(spec.snapshot_id.as_deref()),
            Command::AttachVolume { volume_id, instance_id, .. } => out.extend([volume_id.as_str(), instance_id]),
            Command::DetachVolume { volume_id, instance_id, .. } => {
                out.push(volume_id);
                out.extend(instance_id.as_deref());
            }
            Command::CopySnapshot { source_snapshot_id, .. } => out.push(source_snapshot_id),
            Command::ModifySnapshotAttribute { snapshot_id, .. }
            | Command::ResetSnapshotAttribute { snapshot_id, .. }
            | Command::DeleteSnapshot { snapshot_id } => out.push(snapshot_id),
            Command::RegisterImage { block_device_mappings, .. } => {
                out.extend(block_device_mappings.iter().map(|m| m.snapshot_id.as_str()))
            }
            Command::CopyImage { source_image_id, .. } => out.push(source_image_id),
            Command::DeregisterImage { image_id }
            | Command::ModifyImageAttribute { image_id, .. }
            | Command::ResetImageAttribute { image_id, .. } => out.push(image_id),
            Command::CloudWatch(r) => out.extend(r.alarm_names()),
            // Reads, and requests on resources the feed describes after every change anyway
            // (key pairs, topics, subscriptions) or on none.
            Command::DescribeInstances { .. }
            | Command::DescribeInstanceStatus { .. }
            | Command::DescribeImages { .. }
            | Command::DescribeInstanceTypes { .. }
            | Command::DescribeRegions { .. }
            | Command::CreateKeyPair { .. }
            | Command::ImportKeyPair { .. }
            | Command::DescribeKeyPairs { .. }
            | Command::DeleteKeyPair { .. }
            | Command::DescribeAvailabilityZones { .. }
            | Command::Sns(_)
            | Command::DescribeVolumes { .. }
            | Command::DescribeSnapshots { .. }
            | Command::DescribeSnapshotAttribute { .. }
            | Command::DescribeImageAttribute { .. }
            | Command::SandboxSetCapacity { .. }
            | Command::Sts(_) => {}
            // IAM's roles are global, not in a Region the feed watches.
            Command::Iam(_) => {}
        }
        out
    }

    /// The AWS API action name, as error messages print it.
    pub fn action(&self) -> &'static str {
        match self {
            Command::RunInstances(_) => "RunInstances",
            Command::DescribeInstances { .. } => "DescribeInstances",
            Command::DescribeInstanceStatus { .. } => "DescribeInstanceStatus",
            Command::StartInstances { .. } => "StartInstances",
            Command::StopInstances { .. } => "StopInstances",
            Command::RebootInstances { .. } => "RebootInstances",
            Command::TerminateInstances { .. } => "TerminateInstances",
            Command::ModifyInstanceAttribute { .. } => "ModifyInstanceAttribute",
            Command::DescribeImages { .. } => "DescribeImages",
            Command::DescribeInstanceTypes { .. } => "DescribeInstanceTypes",
            Command::DescribeRegions { .. } => "DescribeRegions",
            Command::CreateKeyPair { .. } => "CreateKeyPair",
            Command::ImportKeyPair { .. } => "ImportKeyPair",
            Command::DescribeKeyPairs { .. } => "DescribeKeyPairs",
            Command::DeleteKeyPair { .. } => "DeleteKeyPair",
            Command::CreateVolume(_) => "CreateVolume",
            Command::AttachVolume { .. } => "AttachVolume",
            Command::DetachVolume { .. } => "DetachVolume",
            Command::DeleteVolume { .. } => "DeleteVolume",
            Command::ModifyVolume { .. } => "ModifyVolume",
            Command::DescribeVolumes { .. } => "DescribeVolumes",
            Command::CreateSnapshot { .. } => "CreateSnapshot",
            Command::DescribeSnapshots { .. } => "DescribeSnapshots",
            Command::DeleteSnapshot { .. } => "DeleteSnapshot",
            Command::CreateImage { .. } => "CreateImage",
            Command::RegisterImage { .. } => "RegisterImage",
            Command::CopyImage { .. } => "CopyImage",
            Command::DeregisterImage { .. } => "DeregisterImage",
            Command::ModifyImageAttribute { .. } => "ModifyImageAttribute",
            Command::CopySnapshot { .. } => "CopySnapshot",
            Command::ModifySnapshotAttribute { .. } => "ModifySnapshotAttribute",
            Command::DescribeSnapshotAttribute { .. } => "DescribeSnapshotAttribute",
            Command::ResetSnapshotAttribute { .. } => "ResetSnapshotAttribute",
            Command::DescribeImageAttribute { .. } => "DescribeImageAttribute",
            Command::ResetImageAttribute { .. } => "ResetImageAttribute",
            Command::ModifyInstanceEventStartTime { .. } => "ModifyInstanceEventStartTime",
            Command::ModifyInstanceMaintenanceOptions { .. } => "ModifyInstanceMaintenanceOptions",
            Command::SandboxFailHardware { .. } => "SandboxFailHardware",
            Command::SandboxSetCapacity { .. } => "SandboxSetCapacity",
            Command::SandboxScheduleEvent { .. } => "SandboxScheduleEvent",
            Command::GuestWriteFile { .. } => "GuestWriteFile",
            Command::GuestRemoveFile { .. } => "GuestRemoveFile",
            Command::DescribeAvailabilityZones { .. } => "DescribeAvailabilityZones",
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
        matches!(
            self,
            Command::DescribeInstances { .. }
                | Command::DescribeInstanceStatus { .. }
                | Command::DescribeImages { .. }
                | Command::DescribeInstanceTypes { .. }
                | Command::DescribeRegions { .. }
                | Command::DescribeKeyPairs { .. }
                | Command::DescribeVolumes { .. }
                | Command::DescribeSnapshots { .. }
                | Command::DescribeImageAttribute { .. }
                | Command::DescribeSnapshotAttribute { .. }
                | Command::DescribeAvailabilityZones { .. }
        ) || matches!(self, Command::Sts(r) if r.is_read_only())
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
