//! EC2's response documents: botocore's output shapes, member names, order and casing, built
//! from the reply and the world (DNS names, `BlockDeviceMappings` from the Region's volumes,
//! state codes). The CLI only formats them.

use serde_json::{Map, Value, json};

use crate::catalog::{self, InstanceType, RootDeviceType};
use crate::command::{ImageView, InstanceStatusView, ReservationView, StateChange};
use crate::ec2::{Instance, InstanceState, ipv4};
use crate::{Region, Reply, Timestamp};

/// One EBS mapping of an instance, as `BlockDeviceMappings[]` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct EbsMapping {
    pub device: String,
    pub volume_id: String,
    pub attach_time: Timestamp,
    pub delete_on_termination: bool,
}

/// Finds the EBS mappings of an instance (the world knows its volumes, the reply does not).
pub type Mappings<'a> = &'a dyn Fn(&Instance) -> Vec<EbsMapping>;

/// The EBS mappings `BlockDeviceMappings[]` shows for an instance: its attached volumes (one
/// still attaching is not listed yet), from the Region's volumes.
pub fn ebs_mappings(rs: Option<&crate::world::RegionState>, i: &Instance) -> Vec<EbsMapping> {
    let Some(rs) = rs else { return Vec::new() };
    rs.attached_to(&i.id)
        .filter_map(|v| {
            let a = v.attachment.as_ref()?;
            (a.state != crate::ec2::AttachmentState::Attaching).then(|| EbsMapping {
                device: a.device.clone(),
                volume_id: v.id.to_string(),
                attach_time: a.attach_time,
                delete_on_termination: a.delete_on_termination,
            })
        })
        .collect()
}

fn state(s: InstanceState) -> Value {
    json!({"Code": s.code(), "Name": s.as_str()})
}

fn tags(list: &[crate::ec2::api::Tag]) -> Value {
    Value::Array(list.iter().map(|t| json!({"Key": t.key, "Value": t.value})).collect())
}

/// Private DNS name of an address: `ip-172-31-1-2.ec2.internal` in us-east-1.
pub fn private_dns(region: Region, ip: Option<[u8; 4]>) -> String {
    ip.map_or_else(String::new, |ip| {
        format!("ip-{}-{}-{}-{}.{}", ip[0], ip[1], ip[2], ip[3], region.private_dns_suffix())
    })
}

/// Public DNS name of an address: `ec2-3-80-1-2.compute-1.amazonaws.com` in us-east-1.
pub fn public_dns(region: Region, ip: Option<[u8; 4]>) -> String {
    ip.map_or_else(String::new, |ip| {
        format!("ec2-{}-{}-{}-{}.{}", ip[0], ip[1], ip[2], ip[3], region.public_dns_suffix())
    })
}

/// One `Instances[]` item, in botocore's member order.
pub fn instance(i: &Instance, region: Region, volumes: &[EbsMapping]) -> Value {
    let itype = catalog::instance_type(&i.instance_type);
    let image = catalog::public_image(region, i.image_id.as_str());
    let imds_v2 = image.as_ref().is_some_and(|im| im.name.starts_with("al2023"));
    // UEFI needs the Nitro System: an al2023 (uefi-preferred) on a Xen type boots legacy BIOS.
    let nitro = itype.is_some_and(|t| t.hypervisor == "nitro");
    let terminated = i.state == InstanceState::Terminated;
    let mut m = Map::new();
    m.insert("AmiLaunchIndex".into(), json!(i.ami_launch_index));
    m.insert("ImageId".into(), json!(i.image_id.as_str()));
    m.insert("InstanceId".into(), json!(i.id.as_str()));
    m.insert("InstanceType".into(), json!(i.instance_type));
    if let Some(k) = &i.key_name {
        m.insert("KeyName".into(), json!(k));
    }
    m.insert("LaunchTime".into(), json!(i.launch_time.iso8601()));
    m.insert("Monitoring".into(), json!({"State": "disabled"}));
    m.insert(
        "Placement".into(),
        json!({"AvailabilityZone": i.availability_zone, "GroupName": "", "Tenancy": "default"}),
    );
    m.insert("PrivateDnsName".into(), json!(private_dns(region, i.private_ip)));
    if let Some(ip) = i.private_ip {
        m.insert("PrivateIpAddress".into(), json!(ipv4(ip)));
    }
    m.insert("ProductCodes".into(), json!([]));
    m.insert("PublicDnsName".into(), json!(public_dns(region, i.public_ip)));
    if let Some(ip) = i.public_ip {
        m.insert("PublicIpAddress".into(), json!(ipv4(ip)));
    }
    m.insert("State".into(), state(i.state));
    m.insert("StateTransitionReason".into(), json!(i.state_transition_reason));
    if !terminated {
        m.insert("SubnetId".into(), json!(i.subnet_id.as_str()));
        m.insert("VpcId".into(), json!(i.vpc_id.as_str()));
    }
    m.insert("Architecture".into(), json!("x86_64"));
    let bdm: Vec<Value> = volumes
        .iter()
        .map(|m| {
            json!({"DeviceName": m.device, "Ebs": {"AttachTime": m.attach_time.iso8601(), "DeleteOnTermination": m.delete_on_termination, "Status": "attached", "VolumeId": m.volume_id}})
        })
        .collect();
    m.insert("BlockDeviceMappings".into(), Value::Array(bdm));
    m.insert("ClientToken".into(), json!(""));
    m.insert("EbsOptimized".into(), json!(i.ebs_optimized));
    m.insert("EnaSupport".into(), json!(true));
    // The API's HypervisorType enum is `ovm | xen`: Nitro instances report `xen` too.
    m.insert("Hypervisor".into(), json!("xen"));
    if !terminated {
        let groups = json!([{"GroupName": i.security_group.1, "GroupId": i.security_group.0.as_str()}]);
        let association = i.public_ip.map(
            |ip| json!({"IpOwnerId": "amazon", "PublicDnsName": public_dns(region, Some(ip)), "PublicIp": ipv4(ip)}),
        );
        let mut private = Map::new();
        if let Some(a) = &association {
            private.insert("Association".into(), a.clone());
        }
        private.insert("Primary".into(), json!(true));
        private.insert("PrivateDnsName".into(), json!(private_dns(region, i.private_ip)));
        private.insert("PrivateIpAddress".into(), json!(i.private_ip.map(ipv4).unwrap_or_default()));
        let mut eni = Map::new();
        if let Some(a) = association {
            eni.insert("Association".into(), a);
        }
        let eni_hex = i.network_interface_id.as_str().trim_start_matches("eni-");
        eni.insert(
            "Attachment".into(),
            json!({"AttachTime": i.launch_time.iso8601(), "AttachmentId": format!("eni-attach-{eni_hex}"), "DeleteOnTermination": true, "DeviceIndex": 0, "Status": "attached", "NetworkCardIndex": 0}),
        );
        eni.insert("Description".into(), json!(""));
        eni.insert("Groups".into(), groups.clone());
        eni.insert("Ipv6Addresses".into(), json!([]));
        eni.insert("MacAddress".into(), json!(i.mac_address));
        eni.insert("NetworkInterfaceId".into(), json!(i.network_interface_id.as_str()));
        eni.insert("OwnerId".into(), json!(i.owner.as_str()));
        eni.insert("PrivateDnsName".into(), json!(private_dns(region, i.private_ip)));
        eni.insert("PrivateIpAddress".into(), json!(i.private_ip.map(ipv4).unwrap_or_default()));
        eni.insert("PrivateIpAddresses".into(), json!([Value::Object(private)]));
        eni.insert("SourceDestCheck".into(), json!(true));
        eni.insert("Status".into(), json!("in-use"));
        eni.insert("SubnetId".into(), json!(i.subnet_id.as_str()));
        eni.insert("VpcId".into(), json!(i.vpc_id.as_str()));
        eni.insert("InterfaceType".into(), json!("interface"));
        m.insert("NetworkInterfaces".into(), json!([Value::Object(eni)]));
    } else {
        m.insert("NetworkInterfaces".into(), json!([]));
    }
    m.insert("RootDeviceName".into(), json!(i.root_device_name));
    m.insert("RootDeviceType".into(), json!(i.root_device_type.as_str()));
    m.insert(
        "SecurityGroups".into(),
        if terminated {
            json!([])
        } else {
            json!([{"GroupName": i.security_group.1, "GroupId": i.security_group.0.as_str()}])
        },
    );
    m.insert("SourceDestCheck".into(), json!(true));
    match (&i.state_reason, i.state) {
        (Some(r), _) => {
            m.insert("StateReason".into(), json!({"Code": r.code, "Message": r.message}));
        }
        (None, InstanceState::Pending) => {
            m.insert("StateReason".into(), json!({"Code": "pending", "Message": "pending"}));
        }
        _ => {}
    }
    if !i.tags.is_empty() {
        m.insert("Tags".into(), tags(&i.tags));
    }
    m.insert("VirtualizationType".into(), json!("hvm"));
    if let Some(t) = itype {
        m.insert("CpuOptions".into(), json!({"CoreCount": t.cores, "ThreadsPerCore": t.vcpus / t.cores.max(1)}));
    }
    m.insert("CapacityReservationSpecification".into(), json!({"CapacityReservationPreference": "open"}));
    m.insert("HibernationOptions".into(), json!({"Configured": false}));
    m.insert(
        "MetadataOptions".into(),
        json!({
            "State": if i.state == InstanceState::Pending { "pending" } else { "applied" },
            "HttpTokens": if imds_v2 { "required" } else { "optional" },
            "HttpPutResponseHopLimit": if imds_v2 { 2 } else { 1 },
            "HttpEndpoint": "enabled",
            "HttpProtocolIpv6": "disabled",
            "InstanceMetadataTags": "disabled"
        }),
    );
    m.insert("EnclaveOptions".into(), json!({"Enabled": false}));
    m.insert("PlatformDetails".into(), json!("Linux/UNIX"));
    m.insert("UsageOperation".into(), json!("RunInstances"));
    m.insert("UsageOperationUpdateTime".into(), json!(i.launch_time.iso8601()));
    m.insert(
        "PrivateDnsNameOptions".into(),
        json!({"HostnameType": "ip-name", "EnableResourceNameDnsARecord": false, "EnableResourceNameDnsAAAARecord": false}),
    );
    m.insert(
        "MaintenanceOptions".into(),
        json!({"AutoRecovery": if i.auto_recovery { "default" } else { "disabled" }}),
    );
    m.insert(
        "CurrentInstanceBootMode".into(),
        json!(if imds_v2 && i.root_device_type == RootDeviceType::Ebs && nitro { "uefi" } else { "legacy-bios" }),
    );
    Value::Object(m)
}

fn reservation(r: &ReservationView, region: Region, volumes: Mappings<'_>) -> Value {
    let instances: Vec<Value> = r.instances.iter().map(|i| instance(i, region, &volumes(i))).collect();
    json!({"Groups": [], "Instances": instances, "OwnerId": r.owner_id.as_str(), "ReservationId": r.reservation_id.as_str()})
}

fn state_changes(list: &[StateChange]) -> Value {
    Value::Array(
        list.iter()
            .map(|c| json!({"CurrentState": state(c.current), "InstanceId": c.instance_id, "PreviousState": state(c.previous)}))
            .collect(),
    )
}

fn status(v: &InstanceStatusView) -> Value {
    let check = |status: &str, reach: Option<&str>| {
        let details: Vec<Value> = reach.map(|r| json!({"Name": "reachability", "Status": r})).into_iter().collect();
        if details.is_empty() { json!({"Status": status}) } else { json!({"Details": details, "Status": status}) }
    };
    let mut m = Map::new();
    m.insert("AvailabilityZone".into(), json!(v.availability_zone));
    if !v.events.is_empty() {
        m.insert("Events".into(), Value::Array(v.events.iter().map(event_json).collect()));
    }
    m.insert("InstanceId".into(), json!(v.instance_id));
    m.insert("InstanceState".into(), state(v.state));
    m.insert("InstanceStatus".into(), check(v.instance_status, v.instance_reachability));
    m.insert("SystemStatus".into(), check(v.system_status, v.system_reachability));
    Value::Object(m)
}

/// One InstanceStatusEvent.
fn event_json(e: &crate::ec2::ScheduledEvent) -> Value {
    let mut m = Map::new();
    m.insert("InstanceEventId".into(), json!(e.id));
    m.insert("Code".into(), json!(e.code));
    m.insert("Description".into(), json!(e.description));
    m.insert("NotAfter".into(), json!(e.not_after.iso8601()));
    m.insert("NotBefore".into(), json!(e.not_before.iso8601()));
    if let Some(d) = e.not_before_deadline {
        m.insert("NotBeforeDeadline".into(), json!(d.iso8601()));
    }
    Value::Object(m)
}

fn image(v: &ImageView) -> Value {
    match v {
        ImageView::Public(p) => public_image(p),
        ImageView::Custom(i) => custom_image(i),
    }
}

pub fn custom_image(i: &crate::ec2::images::Image) -> Value {
    let mut m = Map::new();
    m.insert("Architecture".into(), json!("x86_64"));
    m.insert("CreationDate".into(), json!(i.creation_time.iso8601_z()));
    m.insert("ImageId".into(), json!(i.id.as_str()));
    m.insert("ImageLocation".into(), json!(format!("{}/{}", i.owner, i.name)));
    m.insert("ImageType".into(), json!("machine"));
    m.insert("Public".into(), json!(i.public));
    m.insert("OwnerId".into(), json!(i.owner.as_str()));
    m.insert("PlatformDetails".into(), json!("Linux/UNIX"));
    m.insert("UsageOperation".into(), json!("RunInstances"));
    m.insert("State".into(), json!(i.state.as_str()));
    let bdm: Vec<Value> = i
        .mappings
        .iter()
        .map(|b| {
            json!({"DeviceName": b.device, "Ebs": {"DeleteOnTermination": b.delete_on_termination, "SnapshotId": b.snapshot_id.as_str(), "VolumeSize": b.volume_size_gib, "VolumeType": b.volume_type, "Encrypted": b.encrypted}})
        })
        .collect();
    m.insert("BlockDeviceMappings".into(), Value::Array(bdm));
    if !i.description.is_empty() {
        m.insert("Description".into(), json!(i.description));
    }
    m.insert("EnaSupport".into(), json!(true));
    m.insert("Hypervisor".into(), json!("xen"));
    m.insert("Name".into(), json!(i.name));
    m.insert("RootDeviceName".into(), json!(i.root_device_name));
    m.insert("RootDeviceType".into(), json!("ebs"));
    m.insert("SriovNetSupport".into(), json!("simple"));
    if !i.tags.is_empty() {
        m.insert("Tags".into(), tags(&i.tags));
    }
    m.insert("VirtualizationType".into(), json!("hvm"));
    Value::Object(m)
}

fn public_image(im: &crate::catalog::PublicImage) -> Value {
    let mut m = Map::new();
    m.insert("Architecture".into(), json!("x86_64"));
    m.insert("CreationDate".into(), json!(im.creation_date));
    m.insert("ImageId".into(), json!(im.id.as_str()));
    m.insert("ImageLocation".into(), json!(im.image_location));
    m.insert("ImageType".into(), json!("machine"));
    m.insert("Public".into(), json!(true));
    m.insert("OwnerId".into(), json!(im.owner.as_str()));
    m.insert("PlatformDetails".into(), json!(im.platform_details));
    m.insert("UsageOperation".into(), json!("RunInstances"));
    m.insert("State".into(), json!("available"));
    let bdm: Vec<Value> = im
        .root_snapshot
        .iter()
        .map(|(snap, size, vtype)| {
            json!({"DeviceName": im.root_device_name, "Ebs": {"DeleteOnTermination": true, "SnapshotId": snap.as_str(), "VolumeSize": size, "VolumeType": vtype, "Encrypted": false}})
        })
        .collect();
    m.insert("BlockDeviceMappings".into(), Value::Array(bdm));
    m.insert("Description".into(), json!(im.description));
    m.insert("EnaSupport".into(), json!(true));
    m.insert("Hypervisor".into(), json!("xen"));
    if !im.owner_alias.is_empty() {
        m.insert("ImageOwnerAlias".into(), json!(im.owner_alias));
    }
    m.insert("Name".into(), json!(im.name));
    m.insert("RootDeviceName".into(), json!(im.root_device_name));
    m.insert("RootDeviceType".into(), json!(im.root_device_type.as_str()));
    m.insert("SriovNetSupport".into(), json!("simple"));
    m.insert("VirtualizationType".into(), json!("hvm"));
    if im.name.starts_with("al2023") {
        m.insert("BootMode".into(), json!("uefi-preferred"));
        m.insert("ImdsSupport".into(), json!("v2.0"));
    }
    Value::Object(m)
}

fn attachment_json(volume_id: &str, a: &crate::ec2::VolumeAttachment, with_dot: bool) -> Value {
    let mut m = Map::new();
    m.insert("AttachTime".into(), json!(a.attach_time.iso8601_ms()));
    m.insert("Device".into(), json!(a.device));
    m.insert("InstanceId".into(), json!(a.instance_id.as_str()));
    m.insert("State".into(), json!(a.state.as_str()));
    m.insert("VolumeId".into(), json!(volume_id));
    if with_dot {
        m.insert("DeleteOnTermination".into(), json!(a.delete_on_termination));
    }
    Value::Object(m)
}

/// A Volume as CreateVolume (without attachments) and DescribeVolumes return it.
/// One `KeyPairs[]` item of DescribeKeyPairs.
pub fn key_pair(k: &crate::ec2::key_pairs::KeyPair, include_public_key: bool) -> Value {
    let mut m = Map::new();
    m.insert("KeyPairId".into(), json!(k.id.as_str()));
    m.insert("KeyFingerprint".into(), json!(k.fingerprint));
    m.insert("KeyName".into(), json!(k.name));
    m.insert("KeyType".into(), json!(k.key_type.as_str()));
    m.insert("Tags".into(), tags(&k.tags));
    if include_public_key {
        m.insert("PublicKey".into(), json!(k.public_key));
    }
    m.insert("CreateTime".into(), json!(k.create_time.iso8601_ms()));
    Value::Object(m)
}

pub fn volume(v: &crate::ec2::Volume, described: bool) -> Value {
    let mut m = Map::new();
    if described {
        let atts: Vec<Value> = v.attachment.iter().map(|a| attachment_json(v.id.as_str(), a, true)).collect();
        m.insert("Attachments".into(), Value::Array(atts));
    }
    m.insert("AvailabilityZone".into(), json!(v.availability_zone));
    m.insert("CreateTime".into(), json!(v.create_time.iso8601_ms()));
    m.insert("Encrypted".into(), json!(v.encrypted));
    if let Some(k) = &v.kms_key_id {
        m.insert("KmsKeyId".into(), json!(k));
    }
    m.insert("Size".into(), json!(v.size_gib));
    m.insert("SnapshotId".into(), json!(v.snapshot_id.clone().unwrap_or_default()));
    m.insert("State".into(), json!(v.state.as_str()));
    m.insert("VolumeId".into(), json!(v.id.as_str()));
    if let Some(i) = v.iops {
        m.insert("Iops".into(), json!(i));
    }
    if !v.tags.is_empty() {
        m.insert("Tags".into(), tags(&v.tags));
    }
    m.insert("VolumeType".into(), json!(v.volume_type));
    m.insert("MultiAttachEnabled".into(), json!(false));
    if let Some(t) = v.throughput_mibps {
        m.insert("Throughput".into(), json!(t));
    }
    Value::Object(m)
}

fn volume_modification(volume_id: &str, m: &crate::ec2::volumes::VolumeModification) -> Value {
    let mut o = Map::new();
    o.insert("VolumeId".into(), json!(volume_id));
    o.insert("ModificationState".into(), json!(m.state.as_str()));
    o.insert("TargetSize".into(), json!(m.target.0));
    if let Some(i) = m.target.2 {
        o.insert("TargetIops".into(), json!(i));
    }
    o.insert("TargetVolumeType".into(), json!(m.target.1));
    if let Some(t) = m.target.3 {
        o.insert("TargetThroughput".into(), json!(t));
    }
    o.insert("TargetMultiAttachEnabled".into(), json!(false));
    o.insert("OriginalSize".into(), json!(m.original.0));
    if let Some(i) = m.original.2 {
        o.insert("OriginalIops".into(), json!(i));
    }
    o.insert("OriginalVolumeType".into(), json!(m.original.1));
    if let Some(t) = m.original.3 {
        o.insert("OriginalThroughput".into(), json!(t));
    }
    o.insert("OriginalMultiAttachEnabled".into(), json!(false));
    o.insert(
        "Progress".into(),
        json!(match m.state {
            crate::ec2::volumes::ModificationState::Modifying => 0,
            crate::ec2::volumes::ModificationState::Optimizing => 50,
            crate::ec2::volumes::ModificationState::Completed => 100,
        }),
    );
    o.insert("StartTime".into(), json!(m.start_time.iso8601_ms()));
    if let Some(e) = m.end_time {
        o.insert("EndTime".into(), json!(e.iso8601_ms()));
    }
    Value::Object(o)
}

/// A Snapshot as CreateSnapshot (progress not yet reported) and DescribeSnapshots show it.
/// A snapshot's view for the change feed: DescribeSnapshots' item without `Progress`, which
/// moves with the clock alone.
pub fn snapshot_view(s: &crate::ec2::snapshots::Snapshot) -> Value {
    snapshot_json(s, None)
}

fn snapshot_json(s: &crate::ec2::snapshots::Snapshot, progress: Option<u32>) -> Value {
    let mut m = Map::new();
    m.insert("Description".into(), json!(s.description));
    if progress.is_none() && !s.tags.is_empty() {
        m.insert("Tags".into(), tags(&s.tags));
    }
    m.insert("Encrypted".into(), json!(s.encrypted));
    if let Some(k) = &s.kms_key_id {
        m.insert("KmsKeyId".into(), json!(k));
    }
    m.insert("OwnerId".into(), json!(s.owner.as_str()));
    m.insert("Progress".into(), json!(progress.map(|p| format!("{p}%")).unwrap_or_default()));
    m.insert("SnapshotId".into(), json!(s.id.as_str()));
    m.insert("StartTime".into(), json!(s.start_time.iso8601_ms()));
    m.insert("State".into(), json!(s.state.as_str()));
    m.insert("VolumeId".into(), json!(s.volume_id.as_str()));
    m.insert("VolumeSize".into(), json!(s.volume_size_gib));
    if progress.is_some() {
        if !s.tags.is_empty() {
            m.insert("Tags".into(), tags(&s.tags));
        }
        m.insert("StorageTier".into(), json!("standard"));
        if let Some(t) = s.complete_time {
            m.insert("CompletionTime".into(), json!(t.iso8601_ms()));
        }
        m.insert("FullSnapshotSizeInBytes".into(), json!(s.full_blocks * crate::storage::BLOCK_BYTES));
    }
    Value::Object(m)
}

/// One DescribeInstanceTypes item.
pub fn instance_type(t: &InstanceType) -> Value {
    let mut m = Map::new();
    m.insert("InstanceType".into(), json!(t.name));
    m.insert("CurrentGeneration".into(), json!(t.current_generation));
    m.insert("FreeTierEligible".into(), json!(t.free_tier));
    m.insert("SupportedUsageClasses".into(), json!(["on-demand", "spot"]));
    let roots: Vec<&str> = if t.instance_store_root { vec!["ebs", "instance-store"] } else { vec!["ebs"] };
    m.insert("SupportedRootDeviceTypes".into(), json!(roots));
    let virt: Vec<&str> =
        if t.hypervisor == "xen" && !t.current_generation { vec!["hvm", "paravirtual"] } else { vec!["hvm"] };
    m.insert("SupportedVirtualizationTypes".into(), json!(virt));
    m.insert("BareMetal".into(), json!(false));
    m.insert("Hypervisor".into(), json!(t.hypervisor));
    m.insert(
        "ProcessorInfo".into(),
        json!({"SupportedArchitectures": ["x86_64"], "SustainedClockSpeedInGhz": t.clock_ghz}),
    );
    m.insert(
        "VCpuInfo".into(),
        json!({"DefaultVCpus": t.vcpus, "DefaultCores": t.cores, "DefaultThreadsPerCore": t.vcpus / t.cores.max(1)}),
    );
    m.insert("MemoryInfo".into(), json!({"SizeInMiB": t.memory_mib}));
    m.insert("InstanceStorageSupported".into(), json!(t.instance_store.is_some()));
    if let Some(s) = t.instance_store {
        m.insert(
            "InstanceStorageInfo".into(),
            json!({"TotalSizeInGB": s.disks * s.size_gb, "Disks": [{"SizeInGB": s.size_gb, "Count": s.disks, "Type": "ssd"}], "NvmeSupport": s.nvme}),
        );
    }
    m.insert("EbsInfo".into(), {
        // BC-EC2 EbsInfo: EbsOptimizedInfo only for types with dedicated EBS bandwidth.
        let mut ebs = Map::new();
        ebs.insert("EbsOptimizedSupport".into(), json!(t.ebs_optimized.as_str()));
        ebs.insert("EncryptionSupport".into(), json!("supported"));
        if let Some(b) = t.ebs_bandwidth {
            ebs.insert(
                "EbsOptimizedInfo".into(),
                json!({
                    "BaselineBandwidthInMbps": b.baseline_mbps as u64,
                    "BaselineThroughputInMBps": b.baseline_mbps / 8.0,
                    "BaselineIops": b.baseline_iops as u64,
                    "MaximumBandwidthInMbps": b.max_mbps as u64,
                    "MaximumThroughputInMBps": b.max_mbps / 8.0,
                    "MaximumIops": b.max_iops as u64,
                }),
            );
        }
        ebs.insert("NvmeSupport".into(), json!(if t.hypervisor == "nitro" { "required" } else { "unsupported" }));
        Value::Object(ebs)
    });
    m.insert(
        "NetworkInfo".into(),
        json!({"NetworkPerformance": t.network_performance, "MaximumNetworkInterfaces": if t.vcpus > 1 { 3 } else { 2 }, "Ipv6Supported": true, "EnaSupport": if t.hypervisor == "nitro" { "required" } else { "unsupported" }}),
    );
    m.insert("PlacementGroupInfo".into(), json!({"SupportedStrategies": ["partition", "spread"]}));
    m.insert(
        "HibernationSupported".into(),
        json!(t.name.starts_with('t') || t.name.starts_with('m') || t.name.starts_with('c')),
    );
    m.insert("BurstablePerformanceSupported".into(), json!(t.burstable));
    m.insert("AutoRecoverySupported".into(), json!(t.instance_store.is_none()));
    // UEFI needs the Nitro System; Xen-based types boot legacy BIOS only (EC2UG
    // boot-modes, "Instance type requirements for UEFI").
    let modes: &[&str] = if t.hypervisor == "nitro" { &["legacy-bios", "uefi"] } else { &["legacy-bios"] };
    m.insert("SupportedBootModes".into(), json!(modes));
    Value::Object(m)
}

/// The response document of an EC2 reply. `volumes` gives an instance's EBS mappings as
/// `(volume id, attach time, delete on termination, device)`.
pub fn reply(r: &Reply, region: Region, volumes: Mappings<'_>) -> Value {
    match r {
        // CloudWatch's and SNS's replies are theirs (crate::response sends them there).
        Reply::CloudWatch(_) | Reply::Sts(_) | Reply::Iam(_) | Reply::Sns(_) => json!({}),
        Reply::Reservation(res) => reservation(res, region, volumes),
        Reply::Reservations(list) => {
            json!({"Reservations": list.iter().map(|res| reservation(res, region, volumes)).collect::<Vec<_>>()})
        }
        Reply::InstanceStatuses(list) => json!({"InstanceStatuses": list.iter().map(status).collect::<Vec<_>>()}),
        Reply::StartingInstances(l) => json!({"StartingInstances": state_changes(l)}),
        Reply::StoppingInstances(l) => json!({"StoppingInstances": state_changes(l)}),
        Reply::TerminatingInstances(l) => json!({"TerminatingInstances": state_changes(l)}),
        Reply::Empty => json!({}),
        Reply::Volume(v) => volume(v, false),
        Reply::Snapshot { snapshot, .. } => snapshot_json(snapshot, None),
        Reply::ImageId(id) => json!({"ImageId": id.as_str()}),
        Reply::MaintenanceOptions { instance_id, auto_recovery } => json!({
            "InstanceId": instance_id.as_str(),
            "AutoRecovery": if *auto_recovery { "default" } else { "disabled" }
        }),
        Reply::ScheduledEvent { event, .. } => json!({"Event": event_json(event)}),
        Reply::SnapshotCopied { snapshot_id, tags: t } => {
            let mut m = Map::new();
            m.insert("SnapshotId".into(), json!(snapshot_id.as_str()));
            if !t.is_empty() {
                m.insert("Tags".into(), tags(t));
            }
            Value::Object(m)
        }
        // BC-EC2 DescribeSnapshotAttributeResult: CreateVolumePermissions, ProductCodes, SnapshotId.
        Reply::SnapshotAttribute { snapshot_id, attribute, permissions } => {
            let mut m = Map::new();
            if attribute == "productCodes" {
                m.insert("ProductCodes".into(), json!([]));
            } else {
                m.insert(
                    "CreateVolumePermissions".into(),
                    permissions
                        .iter()
                        .map(|p| if p == "all" { json!({"Group": "all"}) } else { json!({"UserId": p}) })
                        .collect(),
                );
            }
            m.insert("SnapshotId".into(), json!(snapshot_id.as_str()));
            Value::Object(m)
        }
        Reply::LaunchPermissions { image_id, permissions } => json!({
            "ImageId": image_id.as_str(),
            "LaunchPermissions": permissions.iter().map(|p| if p == "all" { json!({"Group": "all"}) } else { json!({"UserId": p}) }).collect::<Vec<_>>()
        }),
        Reply::Snapshots(list) => {
            json!({"Snapshots": list.iter().map(|(s, p)| snapshot_json(s, Some(*p))).collect::<Vec<_>>()})
        }
        Reply::Volumes(list) => json!({"Volumes": list.iter().map(|v| volume(v, true)).collect::<Vec<_>>()}),
        Reply::VolumeAttachment { volume_id, attachment } => attachment_json(volume_id.as_str(), attachment, false),
        Reply::VolumeModification { volume_id, modification } => {
            json!({"VolumeModification": volume_modification(volume_id.as_str(), modification)})
        }
        Reply::KeyPairCreated { pair, material } => {
            let mut m = Map::new();
            m.insert("KeyFingerprint".into(), json!(pair.fingerprint));
            m.insert("KeyMaterial".into(), json!(material));
            m.insert("KeyName".into(), json!(pair.name));
            m.insert("KeyPairId".into(), json!(pair.id.as_str()));
            if !pair.tags.is_empty() {
                m.insert("Tags".into(), tags(&pair.tags));
            }
            Value::Object(m)
        }
        Reply::KeyPairImported(pair) => {
            let mut m = Map::new();
            m.insert("KeyFingerprint".into(), json!(pair.fingerprint));
            m.insert("KeyName".into(), json!(pair.name));
            m.insert("KeyPairId".into(), json!(pair.id.as_str()));
            if !pair.tags.is_empty() {
                m.insert("Tags".into(), tags(&pair.tags));
            }
            Value::Object(m)
        }
        Reply::KeyPairs { pairs, include_public_key } => {
            json!({"KeyPairs": pairs.iter().map(|k| key_pair(k, *include_public_key)).collect::<Vec<_>>()})
        }
        Reply::KeyPairDeleted { key_pair_id } => match key_pair_id {
            Some(id) => json!({"Return": true, "KeyPairId": id}),
            None => json!({"Return": true}),
        },
        Reply::Images(list) => json!({"Images": list.iter().map(image).collect::<Vec<_>>()}),
        Reply::InstanceTypes(list) => {
            json!({"InstanceTypes": list.iter().map(|t| instance_type(t)).collect::<Vec<_>>()})
        }
        Reply::Regions(list) => {
            json!({"Regions": list.iter().map(|r| json!({"Endpoint": r.endpoint(), "RegionName": r.code(), "OptInStatus": "opt-in-not-required"})).collect::<Vec<_>>()})
        }
        Reply::AvailabilityZones(list) => json!({"AvailabilityZones": list.iter().map(|z| json!({
            "State": "available",
            "OptInStatus": "opt-in-not-required",
            "Messages": [],
            "RegionName": z.region.code(),
            "ZoneName": z.zone_name,
            "ZoneId": z.zone_id,
            "GroupName": z.region.code(),
            "NetworkBorderGroup": z.region.code(),
            "ZoneType": "availability-zone"
        })).collect::<Vec<_>>()}),
    }
}
