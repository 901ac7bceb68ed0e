//! EC2's requests, served: each input shape into the calls of the service's handlers, and the
//! checks EC2 makes of the shape itself (one attribute per ModifyInstanceAttribute, the
//! permission forms, numbers in range).

use super::api::{self, Request};
use crate::command::Reply;
use crate::ec2::images::RegisterMapping;
use crate::ec2::instances::InstanceAttributeChange;
use crate::ec2::volumes::VolumeSpec;
use crate::error::ApiError;
use crate::region::Scope;
use crate::sim::Sim;

/// A list member that may be absent: the empty list.
fn list<T>(v: &Option<Vec<T>>) -> &[T] {
    v.as_deref().unwrap_or_default()
}

/// An integer member EC2 holds as a 32-bit count (sizes in GiB, IOPS, MiB/s): out of range is
/// EC2's InvalidParameterValue, in its wording for a value of a parameter.
fn count(v: Option<i64>, name: &str) -> Result<Option<u32>, ApiError> {
    v.map(|n| {
        u32::try_from(n)
            .map_err(|_| ApiError::InvalidParameterValue(format!("Value ({n}) for parameter {name} is invalid.")))
    })
    .transpose()
}

/// A permission's account id, or its group (`all`).
fn grantee(p: &api::Permission) -> Option<String> {
    p.user_id.clone().or_else(|| p.group.clone())
}

/// A permission attribute's accounts to add and to remove, from its structure
/// (`Add=[{UserId=…},{Group=all}]`) or from `OperationType` with user ids and groups (the
/// older form, EC2 API ModifyImageAttribute/ModifySnapshotAttribute).
fn permission_changes(
    changes: &Option<api::PermissionChanges>,
    attribute: &Option<String>,
    expected: &str,
    operation: &Option<String>,
    users: &Option<Vec<String>>,
    groups: &Option<Vec<String>>,
) -> Result<(Vec<String>, Vec<String>), ApiError> {
    let mut add = Vec::new();
    let mut remove = Vec::new();
    if let Some(c) = changes {
        add.extend(list(&c.add).iter().filter_map(grantee));
        remove.extend(list(&c.remove).iter().filter_map(grantee));
    }
    if let Some(a) = attribute.as_deref().filter(|a| *a != expected) {
        return Err(ApiError::InvalidParameterValue(format!(
            "The sandbox models the {expected} attribute here, not {a}."
        )));
    }
    let named: Vec<String> = list(users).iter().chain(list(groups)).cloned().collect();
    match (operation.as_deref(), named.is_empty()) {
        (Some("add"), _) => add.extend(named),
        (Some("remove"), _) => remove.extend(named),
        // EC2 API: OperationType is "add" or "remove"; user ids and groups need it.
        (Some(other), _) => {
            return Err(ApiError::InvalidParameterValue(format!(
                "Value ({other}) for parameter operationType is invalid. Valid values are add, remove."
            )));
        }
        (None, false) => return Err(ApiError::MissingParameter("OperationType".into())),
        (None, true) => {}
    }
    Ok((add, remove))
}

/// ModifyInstanceAttribute's one change. EC2 refuses a call with none ("No attributes
/// specified.", observed: ansible-collections/amazon.aws#470) or with several (the wording of
/// its attribute calls, observed for ModifyVpcAttribute: aws/aws-sdk-go#415), both
/// InvalidParameterCombination.
fn attribute_change(r: &api::ModifyInstanceAttribute) -> Result<InstanceAttributeChange, ApiError> {
    use InstanceAttributeChange as C;
    let mut changes: Vec<(&str, C)> = Vec::new();
    let flag = |v: &Option<api::BooleanValue>| v.as_ref().and_then(|b| b.value);
    let text = |v: &Option<api::StringValue>| v.as_ref().and_then(|s| s.value.clone());
    if let Some(t) = text(&r.instance_type) {
        changes.push(("instanceType", C::InstanceType(t)));
    }
    if let Some(b) = flag(&r.disable_api_termination) {
        changes.push(("disableApiTermination", C::DisableApiTermination(b)));
    }
    if let Some(b) = flag(&r.disable_api_stop) {
        changes.push(("disableApiStop", C::DisableApiStop(b)));
    }
    if let Some(s) = text(&r.instance_initiated_shutdown_behavior) {
        changes.push(("instanceInitiatedShutdownBehavior", C::InstanceInitiatedShutdownBehavior(s)));
    }
    if let Some(b) = flag(&r.ebs_optimized) {
        changes.push(("ebsOptimized", C::EbsOptimized(b)));
    }
    if let Some(u) = text(&r.user_data) {
        changes.push(("userData", C::UserData(u)));
    }
    if let Some(mappings) = &r.block_device_mappings {
        let mut flags = Vec::new();
        for m in mappings {
            if let Some(dot) = m.ebs.as_ref().and_then(|e| e.delete_on_termination) {
                flags.push((m.device_name.clone().unwrap_or_default(), dot));
            }
        }
        changes.push(("blockDeviceMapping", C::DeleteOnTermination(flags)));
    }
    if let Some(attr) = &r.attribute {
        changes.push((attr.as_str(), by_name(attr, r.value.clone())?));
    }
    match changes.len() {
        1 => Ok(changes.remove(0).1),
        0 => Err(ApiError::InvalidParameterCombination("No attributes specified.".into())),
        _ => Err(ApiError::InvalidParameterCombination(format!(
            "Fields for multiple attribute types specified: {}",
            changes.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
        ))),
    }
}

impl api::ModifyInstanceAttribute {
    /// The request for one change, in the attribute's own member (the app's buttons): the
    /// inverse of what the service reads.
    pub fn change(instance_id: impl Into<String>, change: InstanceAttributeChange) -> Self {
        use InstanceAttributeChange as C;
        let mut r = Self::of(instance_id);
        let flag = |v| Some(api::BooleanValue { value: Some(v) });
        let text = |v| Some(api::StringValue { value: Some(v) });
        match change {
            C::InstanceType(t) => r.instance_type = text(t),
            C::DisableApiTermination(b) => r.disable_api_termination = flag(b),
            C::DisableApiStop(b) => r.disable_api_stop = flag(b),
            C::InstanceInitiatedShutdownBehavior(s) => r.instance_initiated_shutdown_behavior = text(s),
            C::EbsOptimized(b) => r.ebs_optimized = flag(b),
            C::UserData(u) => r.user_data = text(u),
            C::DeleteOnTermination(flags) => {
                let mapping = |(device, dot): (String, bool)| api::InstanceMapping {
                    device_name: Some(device),
                    ebs: Some(api::InstanceEbs { delete_on_termination: Some(dot) }),
                };
                r.block_device_mappings = Some(flags.into_iter().map(mapping).collect());
            }
        }
        r
    }
}

/// The `Attribute` + `Value` form: the attribute by its API name (InstanceAttributeName).
fn by_name(attr: &str, value: Option<String>) -> Result<InstanceAttributeChange, ApiError> {
    use InstanceAttributeChange as C;
    let value = value.ok_or_else(|| ApiError::MissingParameter("Value".into()))?;
    let boolean = || match value.as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(ApiError::InvalidParameterValue(format!("Value ({other}) for parameter {attr} is invalid."))),
    };
    Ok(match attr {
        "instanceType" => C::InstanceType(value),
        "disableApiTermination" => C::DisableApiTermination(boolean()?),
        "disableApiStop" => C::DisableApiStop(boolean()?),
        "instanceInitiatedShutdownBehavior" => C::InstanceInitiatedShutdownBehavior(value),
        "ebsOptimized" => C::EbsOptimized(boolean()?),
        "userData" => C::UserData(value),
        // The other values of InstanceAttributeName (BC-EC2) are real attributes the sandbox
        // has no model of; anything else is no attribute at all.
        "kernel" | "ramdisk" | "rootDeviceName" | "productCodes" | "sourceDestCheck" | "groupSet"
        | "sriovNetSupport" | "enaSupport" | "enclaveOptions" => {
            return Err(unsupported(format!(
                "The instance attribute {attr} is not modelled in this sandbox; it models instanceType, userData, disableApiTermination, disableApiStop, instanceInitiatedShutdownBehavior, ebsOptimized and blockDeviceMapping."
            )));
        }
        other => {
            return Err(ApiError::InvalidParameterValue(format!(
                "Value ({other}) for parameter attribute is invalid."
            )));
        }
    })
}

/// EC2's code for a configuration it does not support (EC2 API error codes: Unsupported), with
/// the sandbox's message.
fn unsupported(message: String) -> ApiError {
    ApiError::Service { code: "Unsupported", message }
}

/// The sandbox's images are x86_64 HVM: RegisterImage of another kind is refused plainly.
fn check_image_kind(r: &api::RegisterImage) -> Result<(), ApiError> {
    if let Some(arch) = r.architecture.as_deref().filter(|a| *a != "x86_64") {
        return Err(unsupported(format!("Architecture {arch} is not available in this sandbox; use x86_64.")));
    }
    if let Some(v) = r.virtualization_type.as_deref().filter(|v| *v != "hvm") {
        return Err(unsupported(format!("VirtualizationType {v} is not available in this sandbox; use hvm.")));
    }
    Ok(())
}

fn register_mappings(r: &api::RegisterImage) -> Result<Vec<RegisterMapping>, ApiError> {
    let mut out = Vec::new();
    for m in list(&r.block_device_mappings) {
        let Some(ebs) = &m.ebs else { continue };
        out.push(RegisterMapping {
            device: m.device_name.clone().unwrap_or_default(),
            snapshot_id: ebs.snapshot_id.clone().unwrap_or_default(),
            volume_size_gib: count(ebs.volume_size, "volumeSize")?,
            volume_type: ebs.volume_type.clone(),
            iops: count(ebs.iops, "iops")?,
            delete_on_termination: ebs.delete_on_termination,
        });
    }
    Ok(out)
}

impl Sim {
    /// The caller's Region's resources that take tags (crate::ec2::tags).
    fn taggable(&mut self, scope: &Scope) -> Result<crate::ec2::tags::Taggable<'_>, ApiError> {
        let rs = self.world.region_mut(scope).ok_or_else(|| ApiError::MissingParameter("Resources".into()))?;
        Ok(crate::ec2::tags::Taggable {
            instances: &mut rs.instances,
            volumes: &mut rs.volumes,
            snapshots: &mut rs.snapshots,
            images: &mut rs.images,
            key_pairs: &mut rs.key_pairs,
        })
    }

    /// Serves one EC2 request.
    pub(crate) fn ec2(&mut self, scope: &Scope, request: Request) -> Result<Reply, ApiError> {
        match request {
            Request::RunInstances(r) => self.run_instances(scope, r),
            Request::DescribeInstances(r) => self.describe_instances(scope, list(&r.instance_ids), list(&r.filters)),
            Request::DescribeInstanceStatus(r) => self.describe_instance_status(
                scope,
                list(&r.instance_ids),
                list(&r.filters),
                r.include_all_instances.unwrap_or(false),
            ),
            Request::StartInstances(r) => self.start_instances(scope, &r.instance_ids),
            Request::StopInstances(r) => self.stop_instances(scope, &r.instance_ids, r.force.unwrap_or(false)),
            Request::RebootInstances(r) => self.reboot_instances(scope, &r.instance_ids),
            Request::TerminateInstances(r) => self.terminate_instances(scope, &r.instance_ids),
            Request::ModifyInstanceAttribute(r) => {
                let change = attribute_change(&r)?;
                self.modify_instance_attribute(scope, &r.instance_id, change)
            }
            Request::DescribeImages(r) => self.describe_images(
                scope,
                list(&r.image_ids),
                list(&r.owners),
                list(&r.executable_users),
                list(&r.filters),
            ),
            Request::DescribeInstanceTypes(r) => {
                crate::ec2::describe_instance_types(list(&r.instance_types), list(&r.filters))
            }
            Request::DescribeRegions(r) => crate::ec2::describe_regions(list(&r.region_names)),
            Request::DescribeAvailabilityZones(r) => {
                crate::ec2::describe_availability_zones(scope.region, list(&r.zone_names))
            }
            Request::CreateKeyPair(r) => self.create_key_pair(
                scope,
                &r.key_name,
                r.key_type.as_deref(),
                r.key_format.as_deref(),
                list(&r.tag_specifications),
            ),
            Request::ImportKeyPair(r) => {
                self.import_key_pair(scope, &r.key_name, &r.public_key_material.0, list(&r.tag_specifications))
            }
            Request::DescribeKeyPairs(r) => self.describe_key_pairs(
                scope,
                list(&r.key_names),
                list(&r.key_pair_ids),
                list(&r.filters),
                r.include_public_key.unwrap_or(false),
            ),
            Request::DeleteKeyPair(r) => self.delete_key_pair(scope, r.key_name.as_deref(), r.key_pair_id.as_deref()),
            Request::CreateTags(r) => self.taggable(scope)?.create(&r.resources, &r.tags).map(|()| Reply::Empty),
            Request::DeleteTags(r) => {
                self.taggable(scope)?.delete(&r.resources, r.tags.as_deref()).map(|()| Reply::Empty)
            }
            Request::CreateVolume(r) => {
                let spec = VolumeSpec {
                    availability_zone: r.availability_zone,
                    size_gib: count(r.size, "size")?,
                    volume_type: r.volume_type,
                    iops: count(r.iops, "iops")?,
                    throughput_mibps: count(r.throughput, "throughput")?,
                    encrypted: r.encrypted,
                    kms_key_id: r.kms_key_id,
                    snapshot_id: r.snapshot_id,
                    tag_specifications: r.tag_specifications.unwrap_or_default(),
                };
                self.create_volume(scope, spec)
            }
            Request::AttachVolume(r) => self.attach_volume(scope, &r.volume_id, &r.instance_id, &r.device),
            Request::DetachVolume(r) => self.detach_volume(
                scope,
                &r.volume_id,
                r.instance_id.as_deref(),
                r.device.as_deref(),
                r.force.unwrap_or(false),
            ),
            Request::DeleteVolume(r) => self.delete_volume(scope, &r.volume_id),
            Request::ModifyVolume(r) => {
                let spec = VolumeSpec {
                    size_gib: count(r.size, "size")?,
                    volume_type: r.volume_type,
                    iops: count(r.iops, "iops")?,
                    throughput_mibps: count(r.throughput, "throughput")?,
                    ..VolumeSpec::default()
                };
                self.modify_volume(scope, &r.volume_id, spec)
            }
            Request::DescribeVolumes(r) => self.describe_volumes(scope, list(&r.volume_ids), list(&r.filters)),
            Request::CreateSnapshot(r) => {
                self.create_snapshot(scope, &r.volume_id, r.description, list(&r.tag_specifications))
            }
            Request::DescribeSnapshots(r) => self.describe_snapshots(
                scope,
                list(&r.snapshot_ids),
                list(&r.owner_ids),
                list(&r.restorable_by_user_ids),
                list(&r.filters),
            ),
            Request::CopySnapshot(r) => self.copy_snapshot(
                scope,
                &r.source_snapshot_id,
                &r.source_region,
                r.description,
                r.encrypted.unwrap_or(false),
                r.kms_key_id,
                list(&r.tag_specifications),
            ),
            Request::ModifySnapshotAttribute(r) => {
                let (add, remove) = permission_changes(
                    &r.create_volume_permission,
                    &r.attribute,
                    "createVolumePermission",
                    &r.operation_type,
                    &r.user_ids,
                    &r.group_names,
                )?;
                self.modify_volume_permission(scope, &r.snapshot_id, add, remove)
            }
            Request::DescribeSnapshotAttribute(r) => {
                self.describe_snapshot_attribute(scope, &r.snapshot_id, &r.attribute)
            }
            Request::ResetSnapshotAttribute(r) => self.reset_snapshot_attribute(scope, &r.snapshot_id, &r.attribute),
            Request::DeleteSnapshot(r) => self.delete_snapshot(scope, &r.snapshot_id),
            Request::CreateImage(r) => self.create_image(
                scope,
                &r.instance_id,
                &r.name,
                r.description,
                r.no_reboot.unwrap_or(false),
                list(&r.tag_specifications),
            ),
            Request::RegisterImage(r) => {
                check_image_kind(&r)?;
                let mappings = register_mappings(&r)?;
                let root = r.root_device_name.as_deref().unwrap_or("/dev/xvda");
                self.register_image(scope, &r.name, root, mappings, list(&r.tag_specifications))
            }
            Request::CopyImage(r) => {
                self.copy_image(scope, &r.source_image_id, &r.source_region, &r.name, r.description)
            }
            Request::DeregisterImage(r) => self.deregister_image(scope, &r.image_id),
            Request::ModifyImageAttribute(r) => {
                let (add, remove) = permission_changes(
                    &r.launch_permission,
                    &r.attribute,
                    "launchPermission",
                    &r.operation_type,
                    &r.user_ids,
                    &r.user_groups,
                )?;
                self.modify_launch_permission(scope, &r.image_id, add, remove)
            }
            Request::DescribeImageAttribute(r) => {
                crate::ec2::images::check_image_attribute(&r.attribute)?;
                self.describe_launch_permission(scope, &r.image_id)
            }
            Request::ResetImageAttribute(r) => {
                crate::ec2::images::check_image_attribute(&r.attribute)?;
                self.reset_launch_permission(scope, &r.image_id)
            }
            Request::ModifyInstanceEventStartTime(r) => {
                self.modify_event_start_time(scope, &r.instance_id, &r.instance_event_id, r.not_before)
            }
            Request::ModifyInstanceMaintenanceOptions(r) => {
                self.modify_maintenance_options(scope, &r.instance_id, r.auto_recovery.as_deref().unwrap_or("default"))
            }
        }
    }
}
