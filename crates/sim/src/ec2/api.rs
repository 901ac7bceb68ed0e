//! EC2's requests: botocore's input shapes (BC-EC2 2016-11-15), the members the sandbox
//! takes, declared with `input::shape!`. A member the sandbox does not model is absent from
//! its struct, so the CLI names it as not modelled rather than accepting and ignoring it; a
//! nested shape lists only the members the sandbox acts on, and the CLI refuses the others.
//! The responses are the documents of `response.rs`, built from the reply and the world.
//!
//! The operations that take the same members share one struct (StartInstances,
//! RebootInstances and TerminateInstances take `InstanceIds`): one reading and writing each.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::input::{Blob, Member, read_pair, write_pair};
use crate::time::Timestamp;

crate::input::operations!(
    /// An EC2 request: the operation and its input shape.
    RunInstances,
    DescribeInstances,
    DescribeInstanceStatus,
    StartInstances,
    StopInstances,
    RebootInstances,
    TerminateInstances,
    ModifyInstanceAttribute,
    DescribeImages,
    DescribeInstanceTypes,
    DescribeRegions,
    DescribeAvailabilityZones,
    CreateKeyPair,
    ImportKeyPair,
    DescribeKeyPairs,
    DeleteKeyPair,
    CreateVolume,
    AttachVolume,
    DetachVolume,
    DeleteVolume,
    ModifyVolume,
    DescribeVolumes,
    CreateSnapshot,
    DescribeSnapshots,
    CopySnapshot,
    ModifySnapshotAttribute,
    DescribeSnapshotAttribute,
    ResetSnapshotAttribute,
    DeleteSnapshot,
    CreateImage,
    RegisterImage,
    CopyImage,
    DeregisterImage,
    ModifyImageAttribute,
    DescribeImageAttribute,
    ResetImageAttribute,
    ModifyInstanceEventStartTime,
    ModifyInstanceMaintenanceOptions,
    CreateTags,
    DeleteTags,
);

impl Request {
    /// Whether the request only reads.
    pub fn is_read_only(&self) -> bool {
        matches!(
            self,
            Request::DescribeInstances(_)
                | Request::DescribeInstanceStatus(_)
                | Request::DescribeImages(_)
                | Request::DescribeInstanceTypes(_)
                | Request::DescribeRegions(_)
                | Request::DescribeAvailabilityZones(_)
                | Request::DescribeKeyPairs(_)
                | Request::DescribeVolumes(_)
                | Request::DescribeSnapshots(_)
                | Request::DescribeSnapshotAttribute(_)
                | Request::DescribeImageAttribute(_)
        )
    }

    /// The ids of the resources a request that writes names (instances, volumes, snapshots,
    /// AMIs), for the change feed. Key pairs are few and described after every change anyway.
    pub fn named_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        match self {
            Request::RunInstances(r) => out.extend(r.image_id.as_deref()),
            Request::StartInstances(r) | Request::RebootInstances(r) | Request::TerminateInstances(r) => {
                out.extend(r.instance_ids.iter().map(String::as_str))
            }
            Request::StopInstances(r) => out.extend(r.instance_ids.iter().map(String::as_str)),
            Request::ModifyInstanceAttribute(r) => out.push(&r.instance_id),
            Request::ModifyInstanceEventStartTime(r) => out.push(&r.instance_id),
            Request::ModifyInstanceMaintenanceOptions(r) => out.push(&r.instance_id),
            Request::CreateImage(r) => out.push(&r.instance_id),
            Request::CreateVolume(r) => out.extend(r.snapshot_id.as_deref()),
            Request::AttachVolume(r) => out.extend([r.volume_id.as_str(), &r.instance_id]),
            Request::DetachVolume(r) => {
                out.push(&r.volume_id);
                out.extend(r.instance_id.as_deref());
            }
            Request::DeleteVolume(r) => out.push(&r.volume_id),
            Request::ModifyVolume(r) => out.push(&r.volume_id),
            Request::CreateSnapshot(r) => out.push(&r.volume_id),
            Request::CopySnapshot(r) => out.push(&r.source_snapshot_id),
            Request::ModifySnapshotAttribute(r) => out.push(&r.snapshot_id),
            Request::ResetSnapshotAttribute(r) => out.push(&r.snapshot_id),
            Request::DeleteSnapshot(r) => out.push(&r.snapshot_id),
            Request::RegisterImage(r) => {
                for m in r.block_device_mappings.iter().flatten() {
                    out.extend(m.ebs.as_ref().and_then(|e| e.snapshot_id.as_deref()));
                }
            }
            Request::CopyImage(r) => out.push(&r.source_image_id),
            Request::DeregisterImage(r) => out.push(&r.image_id),
            Request::ModifyImageAttribute(r) => out.push(&r.image_id),
            Request::ResetImageAttribute(r) => out.push(&r.image_id),
            Request::CreateTags(r) => out.extend(r.resources.iter().map(String::as_str)),
            Request::DeleteTags(r) => out.extend(r.resources.iter().map(String::as_str)),
            Request::DescribeInstances(_)
            | Request::DescribeInstanceStatus(_)
            | Request::DescribeImages(_)
            | Request::DescribeInstanceTypes(_)
            | Request::DescribeRegions(_)
            | Request::DescribeAvailabilityZones(_)
            | Request::CreateKeyPair(_)
            | Request::ImportKeyPair(_)
            | Request::DescribeKeyPairs(_)
            | Request::DeleteKeyPair(_)
            | Request::DescribeVolumes(_)
            | Request::DescribeSnapshots(_)
            | Request::DescribeSnapshotAttribute(_)
            | Request::DescribeImageAttribute(_) => {}
        }
        out
    }
}

/// A structure of two members that EC2 leaves optional and the sandbox keeps as plain values
/// (an absent one is empty).
macro_rules! pair_member {
    ($t:ident, $a:ident: $ka:literal, $b:ident: $kb:literal) => {
        impl Member for $t {
            fn read(v: Value, at: &str) -> Result<Self, String> {
                let (a, b): (Option<_>, Option<_>) = read_pair(v, at, [$ka, $kb])?;
                Ok($t { $a: a.unwrap_or_default(), $b: b.unwrap_or_default() })
            }
            fn write(&self) -> Option<Value> {
                write_pair([$ka, $kb], self.$a.write(), self.$b.write())
            }
        }
    };
}

/// A tag as EC2 takes and returns it. botocore's `Tag` leaves both members optional; a tag
/// without a value has the empty one, as EC2 stores it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

pair_member!(Tag, key: "Key", value: "Value");

/// `TagSpecification`: the tags to put on one kind of resource at creation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagSpecification {
    pub resource_type: String,
    pub tags: Vec<Tag>,
}

pair_member!(TagSpecification, resource_type: "ResourceType", tags: "Tags");

/// A `Filters` item of a Describe call: `Name=…,Values=…` (both optional in botocore's
/// shape; a filter without a name is one EC2 does not know).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

pair_member!(Filter, name: "Name", values: "Values");

crate::input::shape! {
    /// Placement (RunInstances): the zone; tenancy only as `default` (the sandbox has no
    /// dedicated hosts or placement groups).
    pub struct Placement {
        "Tenancy" tenancy: Option<String>,
        "AvailabilityZone" availability_zone: Option<String>,
    }
}

crate::input::shape! {
    /// RunInstancesRequest. The AWS CLI takes MinCount and MaxCount as `--count N` or
    /// `--count MIN:MAX`, 1 when absent (awscli customizations/ec2/addcount.py).
    pub struct RunInstances {
        "ImageId" image_id: Option<String>,
        "InstanceType" instance_type: Option<String>,
        "KeyName" key_name: Option<String>,
        "MaxCount" max_count: i64,
        "MinCount" min_count: i64,
        "Placement" placement: Option<Placement>,
        "SubnetId" subnet_id: Option<String>,
        "UserData" user_data: Option<String>,
        "TagSpecifications" tag_specifications: Option<Vec<TagSpecification>>,
        "DisableApiStop" disable_api_stop: Option<bool>,
        "DisableApiTermination" disable_api_termination: Option<bool>,
        "InstanceInitiatedShutdownBehavior" instance_initiated_shutdown_behavior: Option<String>,
        "EbsOptimized" ebs_optimized: Option<bool>,
    }
}

impl RunInstances {
    /// One instance of an image and type: the request a form starts from.
    pub fn one(image_id: impl Into<String>, instance_type: impl Into<String>) -> RunInstances {
        RunInstances {
            image_id: Some(image_id.into()),
            instance_type: Some(instance_type.into()),
            max_count: 1,
            min_count: 1,
            ..RunInstances::default()
        }
    }
}

crate::input::shape! {
    /// DescribeInstancesRequest (one page: the sandbox's worlds are small).
    pub struct DescribeInstances {
        "InstanceIds" instance_ids: Option<Vec<String>>,
        "Filters" filters: Option<Vec<Filter>>,
    }
}

crate::input::shape! {
    /// DescribeInstanceStatusRequest.
    pub struct DescribeInstanceStatus {
        "InstanceIds" instance_ids: Option<Vec<String>>,
        "Filters" filters: Option<Vec<Filter>>,
        "IncludeAllInstances" include_all_instances: Option<bool>,
    }
}

crate::input::shape! {
    /// StartInstancesRequest, RebootInstancesRequest, TerminateInstancesRequest: the ids.
    pub struct InstanceIds {
        "InstanceIds" instance_ids: Vec<String>,
    }
}

pub type StartInstances = InstanceIds;
pub type RebootInstances = InstanceIds;
pub type TerminateInstances = InstanceIds;

crate::input::shape! {
    /// StopInstancesRequest (Hibernate and SkipOsShutdown are not modelled).
    pub struct StopInstances {
        "InstanceIds" instance_ids: Vec<String>,
        "Force" force: Option<bool>,
    }
}

crate::input::shape! {
    /// AttributeBooleanValue: `Value=true`.
    pub struct BooleanValue {
        "Value" value: Option<bool>,
    }
}

crate::input::shape! {
    /// AttributeValue, and SecureBlobAttributeValue (UserData, text as the CLI takes it).
    pub struct StringValue {
        "Value" value: Option<String>,
    }
}

crate::input::shape! {
    /// EbsInstanceBlockDeviceSpecification: whether the volume goes with the instance.
    pub struct InstanceEbs {
        "DeleteOnTermination" delete_on_termination: Option<bool>,
    }
}

crate::input::shape! {
    /// InstanceBlockDeviceMappingSpecification: a device of the instance and its volume's flag.
    pub struct InstanceMapping {
        "DeviceName" device_name: Option<String>,
        "Ebs" ebs: Option<InstanceEbs>,
    }
}

crate::input::shape! {
    /// ModifyInstanceAttributeRequest: one attribute per call (EC2 refuses more or none), as
    /// its own member or as `Attribute` with `Value`.
    pub struct ModifyInstanceAttribute {
        "DisableApiStop" disable_api_stop: Option<BooleanValue>,
        "InstanceId" instance_id: String,
        "Attribute" attribute: Option<String>,
        "Value" value: Option<String>,
        "BlockDeviceMappings" block_device_mappings: Option<Vec<InstanceMapping>>,
        "DisableApiTermination" disable_api_termination: Option<BooleanValue>,
        "InstanceType" instance_type: Option<StringValue>,
        "UserData" user_data: Option<StringValue>,
        "InstanceInitiatedShutdownBehavior" instance_initiated_shutdown_behavior: Option<StringValue>,
        "EbsOptimized" ebs_optimized: Option<BooleanValue>,
    }
}

impl ModifyInstanceAttribute {
    /// A request for one instance with no attribute yet.
    pub fn of(instance_id: impl Into<String>) -> ModifyInstanceAttribute {
        ModifyInstanceAttribute { instance_id: instance_id.into(), ..ModifyInstanceAttribute::default() }
    }
}

crate::input::shape! {
    /// DescribeImagesRequest (IncludeDeprecated and IncludeDisabled are not modelled).
    pub struct DescribeImages {
        "ExecutableUsers" executable_users: Option<Vec<String>>,
        "ImageIds" image_ids: Option<Vec<String>>,
        "Owners" owners: Option<Vec<String>>,
        "Filters" filters: Option<Vec<Filter>>,
    }
}

crate::input::shape! {
    /// DescribeInstanceTypesRequest.
    pub struct DescribeInstanceTypes {
        "InstanceTypes" instance_types: Option<Vec<String>>,
        "Filters" filters: Option<Vec<Filter>>,
    }
}

crate::input::shape! {
    /// DescribeRegionsRequest. Every Region of the sandbox is enabled, so AllRegions lists
    /// the same ones.
    pub struct DescribeRegions {
        "RegionNames" region_names: Option<Vec<String>>,
        "AllRegions" all_regions: Option<bool>,
    }
}

crate::input::shape! {
    /// DescribeAvailabilityZonesRequest. The sandbox's zones are all opted in, so
    /// AllAvailabilityZones lists the same ones.
    pub struct DescribeAvailabilityZones {
        "ZoneNames" zone_names: Option<Vec<String>>,
        "AllAvailabilityZones" all_availability_zones: Option<bool>,
    }
}

crate::input::shape! {
    /// CreateKeyPairRequest.
    pub struct CreateKeyPair {
        "KeyName" key_name: String,
        "KeyType" key_type: Option<String>,
        "TagSpecifications" tag_specifications: Option<Vec<TagSpecification>>,
        "KeyFormat" key_format: Option<String>,
    }
}

crate::input::shape! {
    /// ImportKeyPairRequest: the public key in OpenSSH, PEM or RFC 4716 form.
    pub struct ImportKeyPair {
        "TagSpecifications" tag_specifications: Option<Vec<TagSpecification>>,
        "KeyName" key_name: String,
        "PublicKeyMaterial" public_key_material: Blob,
    }
}

crate::input::shape! {
    /// DescribeKeyPairsRequest.
    pub struct DescribeKeyPairs {
        "KeyNames" key_names: Option<Vec<String>>,
        "KeyPairIds" key_pair_ids: Option<Vec<String>>,
        "IncludePublicKey" include_public_key: Option<bool>,
        "Filters" filters: Option<Vec<Filter>>,
    }
}

crate::input::shape! {
    /// CreateTagsRequest: the tags to add to (or overwrite on) each resource.
    pub struct CreateTags {
        "Resources" resources: Vec<String>,
        "Tags" tags: Vec<Tag>,
    }
}

crate::input::shape! {
    /// DeleteTagsRequest; without `Tags`, every tag but AWS's own (`aws:`) goes.
    pub struct DeleteTags {
        "Resources" resources: Vec<String>,
        "Tags" tags: Option<Vec<TagToDelete>>,
    }
}

crate::input::shape! {
    /// A `Tag` of DeleteTags, where an absent value and the empty one differ: a key alone
    /// deletes the tag whatever its value, `Value=""` only a tag whose value is empty
    /// (BC-EC2 DeleteTags).
    pub struct TagToDelete {
        "Key" key: Option<String>,
        "Value" value: Option<String>,
    }
}

crate::input::shape! {
    /// DeleteKeyPairRequest: by name or by id.
    pub struct DeleteKeyPair {
        "KeyName" key_name: Option<String>,
        "KeyPairId" key_pair_id: Option<String>,
    }
}

crate::input::shape! {
    /// CreateVolumeRequest (AvailabilityZoneId, OutpostArn, MultiAttachEnabled, ClientToken
    /// and VolumeInitializationRate are not modelled).
    pub struct CreateVolume {
        "AvailabilityZone" availability_zone: Option<String>,
        "Encrypted" encrypted: Option<bool>,
        "Iops" iops: Option<i64>,
        "KmsKeyId" kms_key_id: Option<String>,
        "Size" size: Option<i64>,
        "SnapshotId" snapshot_id: Option<String>,
        "VolumeType" volume_type: Option<String>,
        "TagSpecifications" tag_specifications: Option<Vec<TagSpecification>>,
        "Throughput" throughput: Option<i64>,
    }
}

crate::input::shape! {
    /// AttachVolumeRequest.
    pub struct AttachVolume {
        "Device" device: String,
        "InstanceId" instance_id: String,
        "VolumeId" volume_id: String,
    }
}

crate::input::shape! {
    /// DetachVolumeRequest.
    pub struct DetachVolume {
        "Device" device: Option<String>,
        "Force" force: Option<bool>,
        "InstanceId" instance_id: Option<String>,
        "VolumeId" volume_id: String,
    }
}

crate::input::shape! {
    /// DeleteVolumeRequest.
    pub struct DeleteVolume {
        "VolumeId" volume_id: String,
    }
}

crate::input::shape! {
    /// ModifyVolumeRequest (MultiAttachEnabled is not modelled).
    pub struct ModifyVolume {
        "VolumeId" volume_id: String,
        "Size" size: Option<i64>,
        "VolumeType" volume_type: Option<String>,
        "Iops" iops: Option<i64>,
        "Throughput" throughput: Option<i64>,
    }
}

crate::input::shape! {
    /// DescribeVolumesRequest.
    pub struct DescribeVolumes {
        "VolumeIds" volume_ids: Option<Vec<String>>,
        "Filters" filters: Option<Vec<Filter>>,
    }
}

crate::input::shape! {
    /// CreateSnapshotRequest.
    pub struct CreateSnapshot {
        "Description" description: Option<String>,
        "VolumeId" volume_id: String,
        "TagSpecifications" tag_specifications: Option<Vec<TagSpecification>>,
    }
}

crate::input::shape! {
    /// DescribeSnapshotsRequest.
    pub struct DescribeSnapshots {
        "OwnerIds" owner_ids: Option<Vec<String>>,
        "RestorableByUserIds" restorable_by_user_ids: Option<Vec<String>>,
        "SnapshotIds" snapshot_ids: Option<Vec<String>>,
        "Filters" filters: Option<Vec<Filter>>,
    }
}

crate::input::shape! {
    /// CopySnapshotRequest: from SourceRegion into the Region of the request.
    pub struct CopySnapshot {
        "Description" description: Option<String>,
        "Encrypted" encrypted: Option<bool>,
        "KmsKeyId" kms_key_id: Option<String>,
        "SourceRegion" source_region: String,
        "SourceSnapshotId" source_snapshot_id: String,
        "TagSpecifications" tag_specifications: Option<Vec<TagSpecification>>,
    }
}

crate::input::shape! {
    /// CreateVolumePermission and LaunchPermission: an account id, or the group `all`
    /// (organizations are not modelled).
    pub struct Permission {
        "UserId" user_id: Option<String>,
        "Group" group: Option<String>,
    }
}

crate::input::shape! {
    /// CreateVolumePermissionModifications and LaunchPermissionModifications.
    pub struct PermissionChanges {
        "Add" add: Option<Vec<Permission>>,
        "Remove" remove: Option<Vec<Permission>>,
    }
}

crate::input::shape! {
    /// ModifySnapshotAttributeRequest: createVolumePermission, as a structure or as
    /// `Attribute` with `OperationType`, `UserIds` and `GroupNames`.
    pub struct ModifySnapshotAttribute {
        "Attribute" attribute: Option<String>,
        "CreateVolumePermission" create_volume_permission: Option<PermissionChanges>,
        "GroupNames" group_names: Option<Vec<String>>,
        "OperationType" operation_type: Option<String>,
        "SnapshotId" snapshot_id: String,
        "UserIds" user_ids: Option<Vec<String>>,
    }
}

crate::input::shape! {
    /// DescribeSnapshotAttributeRequest, ResetSnapshotAttributeRequest.
    pub struct SnapshotAttribute {
        "Attribute" attribute: String,
        "SnapshotId" snapshot_id: String,
    }
}

pub type DescribeSnapshotAttribute = SnapshotAttribute;
pub type ResetSnapshotAttribute = SnapshotAttribute;

crate::input::shape! {
    /// DeleteSnapshotRequest.
    pub struct DeleteSnapshot {
        "SnapshotId" snapshot_id: String,
    }
}

crate::input::shape! {
    /// CreateImageRequest (BlockDeviceMappings, SnapshotLocation and BootModeOverride are not
    /// modelled).
    pub struct CreateImage {
        "TagSpecifications" tag_specifications: Option<Vec<TagSpecification>>,
        "InstanceId" instance_id: String,
        "Name" name: String,
        "Description" description: Option<String>,
        "NoReboot" no_reboot: Option<bool>,
    }
}

crate::input::shape! {
    /// EbsBlockDevice (RegisterImage): a snapshot and the volume made from it.
    pub struct EbsBlockDevice {
        "DeleteOnTermination" delete_on_termination: Option<bool>,
        "Iops" iops: Option<i64>,
        "SnapshotId" snapshot_id: Option<String>,
        "VolumeSize" volume_size: Option<i64>,
        "VolumeType" volume_type: Option<String>,
    }
}

crate::input::shape! {
    /// BlockDeviceMapping (RegisterImage): a device and its EBS volume.
    pub struct BlockDeviceMapping {
        "Ebs" ebs: Option<EbsBlockDevice>,
        "DeviceName" device_name: Option<String>,
    }
}

crate::input::shape! {
    /// RegisterImageRequest from snapshots. The sandbox's images are x86_64 HVM with ENA:
    /// EC2 here refuses another architecture or virtualization type.
    pub struct RegisterImage {
        "TagSpecifications" tag_specifications: Option<Vec<TagSpecification>>,
        "Name" name: String,
        "Architecture" architecture: Option<String>,
        "RootDeviceName" root_device_name: Option<String>,
        "BlockDeviceMappings" block_device_mappings: Option<Vec<BlockDeviceMapping>>,
        "VirtualizationType" virtualization_type: Option<String>,
        "EnaSupport" ena_support: Option<bool>,
    }
}

crate::input::shape! {
    /// CopyImageRequest: from SourceRegion into the Region of the request.
    pub struct CopyImage {
        "Description" description: Option<String>,
        "Name" name: String,
        "SourceImageId" source_image_id: String,
        "SourceRegion" source_region: String,
    }
}

crate::input::shape! {
    /// DeregisterImageRequest.
    pub struct DeregisterImage {
        "ImageId" image_id: String,
    }
}

crate::input::shape! {
    /// ModifyImageAttributeRequest: launchPermission, as a structure or as `Attribute` with
    /// `OperationType`, `UserIds` and `UserGroups`.
    pub struct ModifyImageAttribute {
        "Attribute" attribute: Option<String>,
        "ImageId" image_id: String,
        "LaunchPermission" launch_permission: Option<PermissionChanges>,
        "OperationType" operation_type: Option<String>,
        "UserGroups" user_groups: Option<Vec<String>>,
        "UserIds" user_ids: Option<Vec<String>>,
    }
}

crate::input::shape! {
    /// DescribeImageAttributeRequest, ResetImageAttributeRequest.
    pub struct ImageAttribute {
        "Attribute" attribute: String,
        "ImageId" image_id: String,
    }
}

pub type DescribeImageAttribute = ImageAttribute;
pub type ResetImageAttribute = ImageAttribute;

crate::input::shape! {
    /// ModifyInstanceEventStartTimeRequest.
    pub struct ModifyInstanceEventStartTime {
        "InstanceId" instance_id: String,
        "InstanceEventId" instance_event_id: String,
        "NotBefore" not_before: Timestamp,
    }
}

crate::input::shape! {
    /// ModifyInstanceMaintenanceOptionsRequest (RebootMigration is not modelled).
    pub struct ModifyInstanceMaintenanceOptions {
        "InstanceId" instance_id: String,
        "AutoRecovery" auto_recovery: Option<String>,
    }
}
