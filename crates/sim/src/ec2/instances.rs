//! The instance lifecycle: RunInstances, Start/Stop/Reboot/Terminate, and the events that
//! carry each transition through (aws-reference.md §B1–B3).

use crate::catalog::{self, RootDeviceType};
use crate::command::{InstanceStatusView, Reply, ReservationView, StateChange};
use crate::ec2::ShutdownBehavior;
use crate::ec2::api::RunInstances;
use crate::ec2::api::{Filter, Tag};
use crate::ec2::filters::instance_matches;
use crate::region::Scope;
use std::collections::{BTreeMap, BTreeSet};

use crate::ec2::{Billing, CheckStatus, Instance, InstanceState, StateReason, Subnet, Volume, VolumeAttachment};
use crate::error::ApiError;
use crate::event::{Event, EventKey};
use crate::ids::{HostId, ImageId, InstanceId, NetworkInterfaceId, ReservationId, VolumeId};
use crate::sim::Sim;
use crate::storage::Disk;
use crate::time::{Millis, Timestamp};

/// How long transitions take, as `(min, max)` seconds drawn from the world's RNG. AWS
/// publishes no fixed durations; these are the ranges the console typically shows.
pub mod timing {
    /// EBS-backed boot, pending → running.
    pub const BOOT_EBS: (u64, u64) = (10, 25);
    /// Instance-store-backed boot: the image is copied from S3 first, so it is slower.
    pub const BOOT_INSTANCE_STORE: (u64, u64) = (45, 90);
    /// running → stopped (clean OS shutdown).
    pub const STOP: (u64, u64) = (20, 60);
    /// A forced stop skips the OS shutdown.
    pub const STOP_FORCED: (u64, u64) = (2, 6);
    /// running → terminated.
    pub const TERMINATE: (u64, u64) = (15, 45);
    /// stopped → terminated: nothing to shut down.
    pub const TERMINATE_STOPPED: (u64, u64) = (2, 5);
    /// An OS reboot; the state stays `running` throughout.
    pub const REBOOT: (u64, u64) = (30, 75);
    /// From `running` until both status checks pass.
    pub const STATUS_CHECKS: (u64, u64) = (60, 180);
    /// Terminated instances stay visible for about an hour (BC-EC2 TerminateInstances).
    pub const TERMINATED_VISIBLE_SECS: u64 = 3600;
}

/// Largest MaxCount the sandbox accepts in one call, to keep the world small.
pub const MAX_INSTANCES_PER_LAUNCH: u32 = 20;

fn user_initiated(now: Timestamp) -> String {
    let (y, mo, d, h, mi, s, _) = now.civil();
    format!("User initiated ({y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} GMT)")
}

fn user_shutdown_reason() -> StateReason {
    StateReason {
        code: "Client.UserInitiatedShutdown".into(),
        message: "Client.UserInitiatedShutdown: User initiated shutdown".into(),
    }
}

pub(crate) fn validate_tags(tags: &[Tag]) -> Result<(), ApiError> {
    if tags.len() > 50 {
        return Err(ApiError::InvalidParameterValue("The number of tags must not exceed 50.".into()));
    }
    for t in tags {
        if t.key.is_empty() || t.key.chars().count() > 128 {
            return Err(ApiError::InvalidParameterValue(format!(
                "Tag key must be between 1 and 128 characters: '{}'",
                t.key
            )));
        }
        if t.value.chars().count() > 256 {
            return Err(ApiError::InvalidParameterValue(format!(
                "Tag value for key '{}' must be at most 256 characters",
                t.key
            )));
        }
        if t.key.to_ascii_lowercase().starts_with("aws:") {
            return Err(ApiError::InvalidParameterValue(
                "Tag keys starting with 'aws:' are reserved for internal use".into(),
            ));
        }
    }
    Ok(())
}

/// What RunInstances needs of an image, catalogue or custom.
struct LaunchSource {
    id: String,
    root_device_type: RootDeviceType,
    root_device_name: String,
    /// The EBS volumes to create.
    volumes: Vec<LaunchVolume>,
    /// The root file system of an instance-store-backed image.
    instance_store_root: Option<Disk>,
}

struct LaunchVolume {
    device: String,
    snapshot_id: String,
    size_gib: u32,
    volume_type: String,
    /// Provisioned IOPS, when the image's mapping names them.
    iops: Option<u32>,
    delete_on_termination: bool,
    encrypted: bool,
    disk: Disk,
}

/// One ModifyInstanceAttribute change: AWS allows one attribute per call.
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl Sim {
    /// The image to launch from: the catalogue's, or a custom one the caller may launch.
    fn launch_source(&self, scope: &Scope, image_id: &str) -> Result<LaunchSource, ApiError> {
        if let Some(p) = catalog::public_image(scope.region, image_id) {
            let volumes = p
                .root_snapshot
                .iter()
                .map(|(snap, size, vtype)| LaunchVolume {
                    device: p.root_device_name.to_string(),
                    snapshot_id: snap.to_string(),
                    size_gib: *size,
                    volume_type: (*vtype).to_string(),
                    iops: None,
                    delete_on_termination: true,
                    encrypted: false,
                    disk: p.root_disk(),
                })
                .collect();
            return Ok(LaunchSource {
                id: p.id.to_string(),
                root_device_type: p.root_device_type,
                root_device_name: p.root_device_name.to_string(),
                volumes,
                instance_store_root: (p.root_device_type == RootDeviceType::InstanceStore).then(|| p.root_disk()),
            });
        }
        let image = self.visible_image(scope, image_id)?;
        if image.state != crate::ec2::images::ImageState::Available {
            return Err(ApiError::ImageNotAvailable(image_id.to_string()));
        }
        let volumes = self
            .launch_volumes(&image)
            .into_iter()
            .map(|(m, disk)| LaunchVolume {
                device: m.device,
                snapshot_id: m.snapshot_id.to_string(),
                size_gib: m.volume_size_gib,
                volume_type: m.volume_type,
                iops: m.iops,
                delete_on_termination: m.delete_on_termination,
                encrypted: m.encrypted,
                disk,
            })
            .collect();
        Ok(LaunchSource {
            id: image.id.to_string(),
            root_device_type: RootDeviceType::Ebs,
            root_device_name: image.root_device_name.clone(),
            volumes,
            instance_store_root: None,
        })
    }

    fn draw(&mut self, (lo, hi): (u64, u64)) -> Millis {
        // Whole seconds plus a millisecond jitter, so two instances rarely tie exactly.
        Millis::from_secs(self.rng.range(lo, hi)) + Millis(self.rng.range(0, 999))
    }

    fn schedule(&mut self, after: Millis, event: Event) -> EventKey {
        self.queue.schedule(self.now.plus(after), event)
    }

    /// Checks the shape of every id, then that each exists; AWS reports every missing id at once.
    /// One instance id of the caller's, or the error AWS gives for it.
    pub(crate) fn resolve_instance(&self, scope: &Scope, id: &str) -> Result<InstanceId, ApiError> {
        self.resolve_instances(scope, &[id.to_string()])?
            .pop()
            .ok_or_else(|| ApiError::InstanceNotFound(vec![id.to_string()]))
    }

    pub(crate) fn resolve_instances(&self, scope: &Scope, ids: &[String]) -> Result<Vec<InstanceId>, ApiError> {
        if ids.is_empty() {
            return Err(ApiError::MissingParameter("InstanceId".into()));
        }
        if let Some(bad) = ids.iter().find(|id| !InstanceId::is_well_formed(id)) {
            return Err(ApiError::InstanceIdMalformed(bad.clone()));
        }
        let rs = self.world.region(scope).ok_or_else(|| ApiError::InstanceNotFound(ids.to_vec()))?;
        let missing: Vec<String> =
            ids.iter().filter(|id| !rs.instances.contains_key(&InstanceId::from((*id).clone()))).cloned().collect();
        if !missing.is_empty() {
            return Err(ApiError::InstanceNotFound(missing));
        }
        let mut out: Vec<InstanceId> = Vec::new();
        for id in ids {
            let id = InstanceId::from(id.clone());
            if !out.contains(&id) {
                out.push(id);
            }
        }
        Ok(out)
    }

    fn inst_mut(&mut self, scope: &Scope, id: &InstanceId) -> Option<&mut Instance> {
        self.world.region_mut(scope)?.instances.get_mut(id)
    }

    fn inst(&self, scope: &Scope, id: &InstanceId) -> Option<&Instance> {
        self.world.instance(scope, id)
    }

    fn public_ip_taken(&self, ip: [u8; 4]) -> bool {
        self.world.public_ips.contains(&ip)
    }

    /// A public IPv4 from the Region's pools that no instance holds: random draws first, then a
    /// scan, so the search always ends.
    fn fresh_public_ip(&mut self, scope: &Scope) -> [u8; 4] {
        let prefixes = scope.region.public_ip_prefixes();
        for _ in 0..256 {
            let (a, lo, hi) = prefixes[self.rng.range(0, prefixes.len() as u64 - 1) as usize];
            let ip = [
                a,
                self.rng.range(u64::from(lo), u64::from(hi)) as u8,
                self.rng.range(0, 255) as u8,
                self.rng.range(1, 254) as u8,
            ];
            if !self.public_ip_taken(ip) {
                return ip;
            }
        }
        for &(a, lo, hi) in prefixes {
            for b in lo..=hi {
                for c in 0..=255u8 {
                    for d in 1..=254u8 {
                        if !self.public_ip_taken([a, b, c, d]) {
                            return [a, b, c, d];
                        }
                    }
                }
            }
        }
        [prefixes[0].0, prefixes[0].1, 0, 1]
    }

    /// A free private address in `subnet`: random draws first, then a scan. The caller has
    /// checked that the subnet has room.
    fn fresh_private_ip(&mut self, used: &BTreeSet<[u8; 4]>, subnet: &Subnet) -> [u8; 4] {
        for _ in 0..64 {
            let ip = subnet.random_host(&mut self.rng);
            if !used.contains(&ip) {
                return ip;
            }
        }
        subnet.hosts().find(|ip| !used.contains(ip)).unwrap_or_else(|| subnet.random_host(&mut self.rng))
    }

    pub(crate) fn run_instances(&mut self, scope: &Scope, req: RunInstances) -> Result<Reply, ApiError> {
        // Validation first: a failed RunInstances changes nothing.
        let image_id = req.image_id.clone().ok_or_else(|| ApiError::MissingParameter("ImageId".into()))?;
        if !ImageId::is_well_formed(&image_id) {
            return Err(ApiError::ImageIdMalformed(image_id));
        }
        let image = self.launch_source(scope, &image_id)?;
        // RunInstances defaults to m1.small (BC-EC2 RunInstancesRequest.InstanceType), a
        // previous-generation type the sandbox does not offer: say so rather than swap it.
        let Some(type_name) = req.instance_type.clone() else { return Err(ApiError::DefaultInstanceTypeUnavailable) };
        let itype = catalog::offered_instance_type(&type_name, ApiError::InvalidInstanceType)?;
        if image.root_device_type == RootDeviceType::InstanceStore && !itype.instance_store_root {
            return Err(ApiError::RootDeviceTypeUnsupported { instance_type: type_name });
        }
        if let Some(t) = req.placement.as_ref().and_then(|p| p.tenancy.as_deref()).filter(|t| *t != "default") {
            return Err(ApiError::Service {
                code: "Unsupported",
                message: format!(
                    "Tenancy {t} is not available in this sandbox; its instances run on shared hardware (default)."
                ),
            });
        }
        let shutdown_behavior = match req.instance_initiated_shutdown_behavior.as_deref() {
            None => None,
            Some(b) => Some(ShutdownBehavior::from_name(b).ok_or_else(|| {
                ApiError::InvalidParameterValue(format!(
                    "Value ({b}) for parameter instanceInitiatedShutdownBehavior is invalid. Valid values are stop, terminate."
                ))
            })?),
        };
        if req.min_count < 1 {
            return Err(ApiError::InvalidParameterValue(format!(
                "Value ({}) for parameter minCount is invalid. Expected a value greater than or equal to 1.",
                req.min_count
            )));
        }
        if req.max_count < req.min_count {
            return Err(ApiError::InvalidParameterValue(format!(
                "Value ({}) for parameter maxCount is invalid. Expected a value greater than or equal to minCount ({}).",
                req.max_count, req.min_count
            )));
        }
        if req.min_count > MAX_INSTANCES_PER_LAUNCH as i64 {
            return Err(ApiError::InvalidParameterValue(format!(
                "The sandbox launches at most {MAX_INSTANCES_PER_LAUNCH} instances per request."
            )));
        }
        let count = req.max_count.min(MAX_INSTANCES_PER_LAUNCH as i64) as u32;
        let rs = self.world.region(scope).ok_or_else(|| ApiError::InvalidParameterValue("unknown scope".into()))?;
        let launch_public_key = match &req.key_name {
            Some(key) => match rs.key_pairs.get(key) {
                Some(k) => Some(format!("{} {}", k.public_key.trim_end(), k.name)),
                None => return Err(ApiError::KeyPairNotFound(key.clone())),
            },
            None => None,
        };
        let zone = req.placement.as_ref().and_then(|p| p.availability_zone.clone());
        let subnet = match (&req.subnet_id, &zone) {
            (Some(sid), az) => {
                let s = rs.vpc.subnet(sid).ok_or_else(|| ApiError::SubnetNotFound(sid.clone()))?;
                if let Some(az) = az
                    && az != &s.availability_zone
                {
                    if scope.region.zone(az).is_none() {
                        return Err(ApiError::InvalidAvailabilityZone(az.clone()));
                    }
                    return Err(ApiError::SubnetZoneMismatch {
                        az: az.clone(),
                        subnet_az: s.availability_zone.clone(),
                    });
                }
                s.clone()
            }
            (None, Some(az)) => {
                rs.vpc.subnet_in(az).cloned().ok_or_else(|| ApiError::InvalidAvailabilityZone(az.clone()))?
            }
            (None, None) => {
                // Without a placement, EC2 picks a default subnet in a zone that has capacity;
                // the sandbox draws one.
                let open: Vec<&crate::ec2::Subnet> = rs
                    .vpc
                    .subnets
                    .iter()
                    .filter(|s| !rs.capacity_out.contains(&format!("{type_name}/{}", s.availability_zone)))
                    .collect();
                if open.is_empty() {
                    let zone = rs.vpc.subnets[0].availability_zone.clone();
                    return Err(self.capacity_error(scope, &type_name, &zone));
                }
                let i = self.rng.range(0, open.len() as u64 - 1) as usize;
                open[i].clone()
            }
        };
        if self.capacity_out(scope, &type_name, &subnet.availability_zone) {
            return Err(self.capacity_error(scope, &type_name, &subnet.availability_zone));
        }
        let mut instance_tags = Vec::new();
        let mut volume_tags = Vec::new();
        for spec in req.tag_specifications.iter().flatten() {
            validate_tags(&spec.tags)?;
            match spec.resource_type.as_str() {
                "instance" => instance_tags.extend(spec.tags.iter().cloned()),
                "volume" => volume_tags.extend(spec.tags.iter().cloned()),
                other => {
                    return Err(ApiError::InvalidParameterValue(format!(
                        "'{other}' is not a valid taggable resource type for this operation."
                    )));
                }
            }
        }
        let ebs_optimized = match (req.ebs_optimized, itype.ebs_optimized) {
            (Some(true), catalog::EbsOptimizedSupport::Unsupported) => {
                return Err(ApiError::EbsOptimizedUnsupported(type_name));
            }
            (Some(v), catalog::EbsOptimizedSupport::Supported) => v,
            (_, catalog::EbsOptimizedSupport::Default) => true,
            _ => false,
        };

        let in_use = rs.index.private_ips.range(subnet.hosts_range()).count();
        if in_use + count as usize > Subnet::HOSTS {
            return Err(ApiError::InsufficientFreeAddresses(subnet.id.to_string()));
        }

        // All checks passed: create the reservation and its instances.
        let reservation_id = ReservationId::generate(&mut self.rng);
        let vpc = rs.vpc.clone();
        let mut used_private: BTreeSet<[u8; 4]> =
            crate::sort::set_of(rs.index.private_ips.range(subnet.hosts_range()).copied());
        let mut ids = Vec::new();
        for index in 0..count {
            let id = InstanceId::generate(&mut self.rng);
            let private_ip = self.fresh_private_ip(&used_private, &subnet);
            used_private.insert(private_ip);
            let mac = format!(
                "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                0x0e_u8 + (self.rng.range(0, 1) as u8) * 0x10,
                self.rng.range(0, 255),
                self.rng.range(0, 255),
                self.rng.range(0, 255),
                self.rng.range(0, 255),
                self.rng.range(0, 255)
            );
            let eni = NetworkInterfaceId::generate(&mut self.rng);
            let host = HostId::generate(&mut self.rng);
            // One EBS volume per mapping of the image, its content from the mapping's snapshot.
            let mut volumes = Vec::new();
            for m in &image.volumes {
                let gp3 = m.volume_type == "gp3";
                volumes.push(Volume {
                    id: VolumeId::generate(&mut self.rng),
                    size_gib: m.size_gib,
                    volume_type: m.volume_type.clone(),
                    // gp3 includes 3,000 IOPS and 125 MiB/s; gp2 has 3 IOPS per GiB (§A1, §A5).
                    iops: m.iops.or(Some(if gp3 { 3000 } else { (3 * m.size_gib).clamp(100, 16_000) })),
                    throughput_mibps: gp3.then_some(125),
                    encrypted: m.encrypted,
                    disk: m.disk.clone(),
                    availability_zone: subnet.availability_zone.clone(),
                    create_time: self.now,
                    snapshot_id: Some(m.snapshot_id.clone()),
                    state: crate::ec2::VolumeState::InUse,
                    attachment: Some(VolumeAttachment {
                        instance_id: id.clone(),
                        device: m.device.clone(),
                        attach_time: self.now,
                        // The root volume goes with the instance by default (§B4).
                        delete_on_termination: m.delete_on_termination,
                        state: crate::ec2::AttachmentState::Attached,
                    }),
                    tags: volume_tags.clone(),
                    kms_key_id: None,
                    timer: None,
                    modification: None,
                    modified_at: Vec::new(),
                    modification_timer: None,
                    storage_since: self.now,
                    billed_usd: 0.0,
                    burst: crate::ec2::performance::Burst { at: self.now, ..Default::default() },
                });
            }
            let root_volume = volumes
                .iter()
                .find(|v| v.attachment.as_ref().is_some_and(|a| a.device == image.root_device_name))
                .map(|v| v.id.clone());
            let boot = match image.root_device_type {
                RootDeviceType::Ebs => timing::BOOT_EBS,
                RootDeviceType::InstanceStore => timing::BOOT_INSTANCE_STORE,
            };
            let after = self.draw(boot);
            let timer = self.schedule(after, Event::InstanceRunning { scope: scope.clone(), instance_id: id.clone() });
            let Some(rs) = self.world.region_mut(scope) else { break };
            let launch_seq = rs.next_launch_seq;
            rs.next_launch_seq += 1;
            let inst = Instance {
                id: id.clone(),
                reservation_id: reservation_id.clone(),
                owner: scope.account.clone(),
                image_id: ImageId::from(image.id.clone()),
                instance_type: type_name.clone(),
                state: InstanceState::Pending,
                state_transition_reason: String::new(),
                state_reason: None,
                launch_time: self.now,
                ami_launch_index: index,
                availability_zone: subnet.availability_zone.clone(),
                vpc_id: vpc.id.clone(),
                subnet_id: subnet.id.clone(),
                security_group: (vpc.default_security_group.clone(), "default".into()),
                network_interface_id: eni,
                mac_address: mac,
                private_ip: Some(private_ip),
                // The default subnet maps a public IPv4 at boot; it shows once running.
                public_ip: None,
                key_name: req.key_name.clone(),
                launch_public_key: launch_public_key.clone(),
                tags: instance_tags.clone(),
                user_data: req.user_data.clone(),
                root_device_type: image.root_device_type,
                root_device_name: image.root_device_name.clone(),
                root_volume,
                root_disk: image.instance_store_root.clone(),
                instance_store: itype
                    .instance_store
                    .map_or_else(Vec::new, |s| (0..s.disks).map(|_| Disk::empty()).collect()),
                host_id: Some(host),
                disable_api_termination: req.disable_api_termination.unwrap_or(false),
                disable_api_stop: req.disable_api_stop.unwrap_or(false),
                shutdown_behavior: shutdown_behavior.unwrap_or(ShutdownBehavior::Stop),
                ebs_optimized,
                instance_status: CheckStatus::NotApplicable,
                system_status: CheckStatus::NotApplicable,
                rebooting: false,
                has_run: false,
                hardware_failed: false,
                auto_recovery: itype.instance_store.is_none(),
                recoveries: Vec::new(),
                recovery_timer: None,
                scheduled_events: Vec::new(),
                transition_timer: Some(timer),
                status_timer: None,
                billing: Billing::default(),
                launch_seq,
                terminated_at: None,
                status_history: Vec::new(),
                ebs_burst: Default::default(),
                cpu: Default::default(),
                network_load_mbps: None,
            };
            for v in volumes {
                rs.index.move_attachment(&v.id, None, Some(&id));
                rs.volumes.insert(v.id.clone(), v);
            }
            rs.index.private_ips.insert(private_ip);
            rs.instances.insert(id.clone(), inst);
            // New: its volumes, CPU and status are reconciled after the request (crate::dirty).
            self.dirty.instance(scope, &id);
            rs.reservations.entry(reservation_id.clone()).or_default().push(id.clone());
            ids.push(id);
        }
        let instances = ids.iter().filter_map(|id| self.inst(scope, id).cloned()).collect();
        Ok(Reply::Reservation(ReservationView { reservation_id, owner_id: scope.account.clone(), instances }))
    }

    pub(crate) fn describe_instances(
        &self,
        scope: &Scope,
        ids: &[String],
        filters: &[Filter],
    ) -> Result<Reply, ApiError> {
        crate::ec2::filters::check_names(filters, crate::ec2::filters::INSTANCE_FILTERS, true)?;
        let wanted = if ids.is_empty() { None } else { Some(self.resolve_instances(scope, ids)?) };
        let Some(rs) = self.world.region(scope) else { return Ok(Reply::Reservations(Vec::new())) };
        let mut views: Vec<ReservationView> = Vec::new();
        // Where each reservation's view is, so grouping costs per instance described.
        let mut at: BTreeMap<&ReservationId, usize> = BTreeMap::new();
        for inst in rs.listed(wanted.as_deref()) {
            let mut keep = true;
            for f in filters {
                keep &= instance_matches(inst, f)?;
            }
            if !keep {
                continue;
            }
            match at.get(&inst.reservation_id) {
                Some(&n) => views[n].instances.push(inst.clone()),
                None => {
                    at.insert(&inst.reservation_id, views.len());
                    views.push(ReservationView {
                        reservation_id: inst.reservation_id.clone(),
                        owner_id: inst.owner.clone(),
                        instances: vec![inst.clone()],
                    });
                }
            }
        }
        Ok(Reply::Reservations(views))
    }

    pub(crate) fn describe_instance_status(
        &self,
        scope: &Scope,
        ids: &[String],
        filters: &[Filter],
        include_all: bool,
    ) -> Result<Reply, ApiError> {
        crate::ec2::filters::check_names(filters, crate::ec2::filters::STATUS_FILTERS, false)?;
        let wanted = if ids.is_empty() { None } else { Some(self.resolve_instances(scope, ids)?) };
        let Some(rs) = self.world.region(scope) else { return Ok(Reply::InstanceStatuses(Vec::new())) };
        let mut out = Vec::new();
        for inst in rs.listed(wanted.as_deref()) {
            // By default only running instances are described (BC-EC2 IncludeAllInstances).
            if !include_all
                && inst.state != InstanceState::Running
                && inst.scheduled_events.iter().all(|e| e.completed_at.is_some())
            {
                continue;
            }
            let status = |c: CheckStatus| match c {
                CheckStatus::Initializing => ("initializing", Some("initializing")),
                CheckStatus::Ok => ("ok", Some("passed")),
                CheckStatus::NotApplicable => ("not-applicable", None),
                CheckStatus::Impaired => ("impaired", Some("failed")),
            };
            let (is, ir) = status(inst.instance_status);
            let (ss, sr) = status(inst.system_status);
            let view = InstanceStatusView {
                instance_id: inst.id.to_string(),
                availability_zone: inst.availability_zone.clone(),
                state: inst.state,
                instance_status: is,
                instance_reachability: ir,
                system_status: ss,
                system_reachability: sr,
                // Completed events are described for a week after they happen.
                events: inst
                    .scheduled_events
                    .iter()
                    .filter(|e| e.completed_at.is_none_or(|t| self.now.since(t) < Millis::from_hours(7 * 24)))
                    .cloned()
                    .collect(),
            };
            let mut keep = true;
            for f in filters {
                keep &= crate::ec2::filters::status_matches(&view, f)?;
            }
            if keep {
                out.push(view);
            }
        }
        Ok(Reply::InstanceStatuses(out))
    }

    pub(crate) fn start_instances(&mut self, scope: &Scope, ids: &[String]) -> Result<Reply, ApiError> {
        let ids = self.resolve_instances(scope, ids)?;
        for id in &ids {
            let inst = self.inst(scope, id).ok_or_else(|| ApiError::InstanceNotFound(vec![id.to_string()]))?;
            if inst.root_device_type == RootDeviceType::InstanceStore {
                return Err(ApiError::StartInstanceStoreRoot(id.to_string()));
            }
            if !matches!(inst.state, InstanceState::Stopped | InstanceState::Running | InstanceState::Pending) {
                return Err(ApiError::CannotStart(id.to_string()));
            }
            if inst.state == InstanceState::Stopped && inst.root_volume.is_none() {
                return Err(ApiError::NoRootVolume { instance: id.to_string(), device: inst.root_device_name.clone() });
            }
            // A stopped instance holds no capacity: starting it needs capacity in its zone like a
            // launch does (EC2UG troubleshooting-launch; INS-03). A Capacity Reservation would
            // hold it; the sandbox does not model those.
            if inst.state == InstanceState::Stopped
                && self.capacity_out(scope, &inst.instance_type, &inst.availability_zone)
            {
                return Err(self.capacity_error(scope, &inst.instance_type, &inst.availability_zone));
            }
        }
        let mut changes = Vec::new();
        for id in ids {
            let Some(previous) = self.inst(scope, &id).map(|i| i.state) else { continue };
            if previous == InstanceState::Stopped {
                // A start moves the instance to a new host with a new public IPv4 (§B3).
                let after = self.draw(timing::BOOT_EBS);
                let timer =
                    self.schedule(after, Event::InstanceRunning { scope: scope.clone(), instance_id: id.clone() });
                let host = HostId::generate(&mut self.rng);
                let now = self.now;
                if let Some(inst) = self.inst_mut(scope, &id) {
                    inst.state = InstanceState::Pending;
                    inst.transition_timer = Some(timer);
                    inst.host_id = Some(host);
                    inst.launch_time = now;
                    inst.state_transition_reason = String::new();
                    inst.state_reason = None;
                }
            }
            let current = self.inst(scope, &id).map_or(previous, |i| i.state);
            changes.push(StateChange { instance_id: id.to_string(), previous, current });
        }
        Ok(Reply::StartingInstances(changes))
    }

    pub(crate) fn stop_instances(&mut self, scope: &Scope, ids: &[String], force: bool) -> Result<Reply, ApiError> {
        let ids = self.resolve_instances(scope, ids)?;
        for id in &ids {
            let inst = self.inst(scope, id).ok_or_else(|| ApiError::InstanceNotFound(vec![id.to_string()]))?;
            if inst.root_device_type == RootDeviceType::InstanceStore {
                return Err(ApiError::StopInstanceStoreRoot(id.to_string()));
            }
            match inst.state {
                InstanceState::Pending => return Err(ApiError::StopBeforeRunning(id.to_string())),
                InstanceState::ShuttingDown | InstanceState::Terminated => {
                    return Err(ApiError::CannotStop(id.to_string()));
                }
                InstanceState::Running if inst.disable_api_stop => {
                    return Err(ApiError::StopProtected(id.to_string()));
                }
                _ => {}
            }
        }
        let mut changes = Vec::new();
        for id in ids {
            let Some(previous) = self.inst(scope, &id).map(|i| i.state) else { continue };
            let begin = previous == InstanceState::Running;
            let hurry = previous == InstanceState::Stopping && force;
            if begin || hurry {
                let after = self.draw(if force { timing::STOP_FORCED } else { timing::STOP });
                let timer =
                    self.schedule(after, Event::InstanceStopped { scope: scope.clone(), instance_id: id.clone() });
                let now = self.now;
                let mut cancel = Vec::new();
                let mut period = None;
                if let Some(inst) = self.inst_mut(scope, &id) {
                    cancel.extend(inst.transition_timer.replace(timer));
                    cancel.extend(inst.status_timer.take());
                    cancel.extend(inst.recovery_timer.take());
                    if begin {
                        period = close_billing(inst, now);
                        inst.state = InstanceState::Stopping;
                        inst.rebooting = false;
                        inst.instance_status = CheckStatus::NotApplicable;
                        inst.system_status = CheckStatus::NotApplicable;
                        inst.state_transition_reason = user_initiated(now);
                    }
                }
                if let Some(ms) = period {
                    self.book_closed_period(scope, &id, ms);
                }
                for key in cancel {
                    self.queue.cancel(key);
                }
            }
            let current = self.inst(scope, &id).map_or(previous, |i| i.state);
            changes.push(StateChange { instance_id: id.to_string(), previous, current });
        }
        Ok(Reply::StoppingInstances(changes))
    }

    pub(crate) fn reboot_instances(&mut self, scope: &Scope, ids: &[String]) -> Result<Reply, ApiError> {
        let ids = self.resolve_instances(scope, ids)?;
        for id in &ids {
            let inst = self.inst(scope, id).ok_or_else(|| ApiError::InstanceNotFound(vec![id.to_string()]))?;
            if matches!(inst.state, InstanceState::Pending | InstanceState::Stopping | InstanceState::Stopped) {
                return Err(ApiError::CannotReboot(id.to_string()));
            }
        }
        for id in ids {
            // Requests for terminated (or terminating) instances are ignored (BC-EC2 RebootInstances).
            let running = self.inst(scope, &id).is_some_and(|i| i.state == InstanceState::Running && !i.rebooting);
            if !running {
                continue;
            }
            let after = self.draw(timing::REBOOT);
            let timer = self.schedule(after, Event::InstanceRebooted { scope: scope.clone(), instance_id: id.clone() });
            let mut cancel = None;
            if let Some(inst) = self.inst_mut(scope, &id) {
                inst.rebooting = true;
                inst.transition_timer = Some(timer);
                cancel = inst.status_timer.take();
                inst.instance_status = CheckStatus::Initializing;
            }
            if let Some(key) = cancel {
                self.queue.cancel(key);
            }
        }
        Ok(Reply::Empty)
    }

    pub(crate) fn terminate_instances(&mut self, scope: &Scope, ids: &[String]) -> Result<Reply, ApiError> {
        let ids = self.resolve_instances(scope, ids)?;
        // A protected instance fails the call; instances in other Availability Zones are still
        // terminated, those in the protected instance's zone are not (EC2UG terminating-instances).
        let mut refusal: Option<ApiError> = None;
        let mut blocked_zones = Vec::new();
        for id in &ids {
            let Some(inst) = self.inst(scope, id) else { continue };
            if inst.state == InstanceState::Terminated {
                continue;
            }
            let err = if inst.disable_api_termination {
                Some(ApiError::TerminationProtected(id.to_string()))
            } else if inst.disable_api_stop {
                Some(ApiError::TerminationBlockedByStopProtection(id.to_string()))
            } else {
                None
            };
            if let Some(err) = err {
                blocked_zones.push(inst.availability_zone.clone());
                refusal.get_or_insert(err);
            }
        }
        let mut changes = Vec::new();
        for id in ids {
            let Some(inst) = self.inst(scope, &id) else { continue };
            if blocked_zones.contains(&inst.availability_zone) {
                continue;
            }
            let previous = inst.state;
            if !matches!(previous, InstanceState::Terminated | InstanceState::ShuttingDown) {
                let span = if matches!(previous, InstanceState::Stopped) {
                    timing::TERMINATE_STOPPED
                } else {
                    timing::TERMINATE
                };
                let after = self.draw(span);
                let timer =
                    self.schedule(after, Event::InstanceTerminated { scope: scope.clone(), instance_id: id.clone() });
                let now = self.now;
                let mut cancel = Vec::new();
                let mut period = None;
                if let Some(inst) = self.inst_mut(scope, &id) {
                    cancel.extend(inst.transition_timer.replace(timer));
                    cancel.extend(inst.status_timer.take());
                    cancel.extend(inst.recovery_timer.take());
                    for e in &mut inst.scheduled_events {
                        cancel.extend(e.timer.take());
                    }
                    inst.scheduled_events.retain(|e| e.completed_at.is_some());
                    inst.hardware_failed = false;
                    period = close_billing(inst, now);
                    inst.state = InstanceState::ShuttingDown;
                    inst.rebooting = false;
                    inst.instance_status = CheckStatus::NotApplicable;
                    inst.system_status = CheckStatus::NotApplicable;
                    inst.state_transition_reason = user_initiated(now);
                    inst.state_reason = Some(user_shutdown_reason());
                }
                if let Some(ms) = period {
                    self.book_closed_period(scope, &id, ms);
                }
                for key in cancel {
                    self.queue.cancel(key);
                }
            }
            let current = self.inst(scope, &id).map_or(previous, |i| i.state);
            changes.push(StateChange { instance_id: id.to_string(), previous, current });
        }
        match refusal {
            Some(err) => Err(err),
            None => Ok(Reply::TerminatingInstances(changes)),
        }
    }

    pub(crate) fn modify_instance_attribute(
        &mut self,
        scope: &Scope,
        id: &str,
        change: InstanceAttributeChange,
    ) -> Result<Reply, ApiError> {
        let id = self.resolve_instance(scope, id)?;
        let inst = self.inst(scope, &id).ok_or_else(|| ApiError::InstanceNotFound(vec![id.to_string()]))?;
        let (state, root) = (inst.state, inst.root_device_type);
        match &change {
            InstanceAttributeChange::InstanceType(t) => {
                if root == RootDeviceType::InstanceStore {
                    return Err(ApiError::ResizeInstanceStoreRoot(id.to_string()));
                }
                if state != InstanceState::Stopped {
                    return Err(ApiError::NotStopped(id.to_string()));
                }
                catalog::offered_instance_type(t, ApiError::InvalidInstanceAttributeValue)?;
            }
            InstanceAttributeChange::UserData(_) if state != InstanceState::Stopped => {
                return Err(ApiError::NotStopped(id.to_string()));
            }
            InstanceAttributeChange::InstanceInitiatedShutdownBehavior(b)
                if ShutdownBehavior::from_name(b).is_none() =>
            {
                return Err(ApiError::InvalidParameterValue(format!(
                    "Value ({b}) for parameter instanceInitiatedShutdownBehavior is invalid. Valid values are stop, terminate."
                )));
            }
            InstanceAttributeChange::DeleteOnTermination(mappings) => {
                for (device, _) in mappings {
                    let mapped = self.world.region(scope).is_some_and(|rs| {
                        rs.volumes
                            .values()
                            .any(|v| v.attachment.as_ref().is_some_and(|a| a.instance_id == id && &a.device == device))
                    });
                    if !mapped {
                        return Err(ApiError::NoDeviceMapped { device: device.clone(), instance: id.to_string() });
                    }
                }
            }
            InstanceAttributeChange::EbsOptimized(on) => {
                let unsupported = catalog::instance_type(&inst.instance_type)
                    .is_some_and(|t| t.ebs_optimized == catalog::EbsOptimizedSupport::Unsupported);
                if *on && unsupported {
                    return Err(ApiError::EbsOptimizedUnsupported(inst.instance_type.clone()));
                }
                // EBS optimization is changed on a stopped instance (EC2UG ebs-optimized,
                // "Enable EBS optimization for an existing instance": stop it first). Billing
                // relies on it: a running period has one EBS-optimized fee or none.
                if state != InstanceState::Stopped {
                    return Err(ApiError::NotStopped(id.to_string()));
                }
            }
            _ => {}
        }
        if let InstanceAttributeChange::DeleteOnTermination(mappings) = &change {
            for (device, value) in mappings {
                self.set_delete_on_termination(scope, &id, device, *value)?;
            }
            return Ok(Reply::Empty);
        }
        if let Some(inst) = self.inst_mut(scope, &id) {
            match change {
                InstanceAttributeChange::DeleteOnTermination(_) => {}
                InstanceAttributeChange::InstanceType(t) => inst.instance_type = t,
                InstanceAttributeChange::DisableApiTermination(v) => inst.disable_api_termination = v,
                InstanceAttributeChange::DisableApiStop(v) => inst.disable_api_stop = v,
                InstanceAttributeChange::InstanceInitiatedShutdownBehavior(b) => {
                    inst.shutdown_behavior = ShutdownBehavior::from_name(&b).unwrap_or(inst.shutdown_behavior);
                }
                InstanceAttributeChange::EbsOptimized(v) => inst.ebs_optimized = v,
                InstanceAttributeChange::UserData(u) => inst.user_data = Some(u),
            }
        }
        Ok(Reply::Empty)
    }

    /// What cloud-init does on an instance's first boot: SSH host keys and the hostname. Host
    /// keys made here end up in any AMI made from the instance unless removed (AMI-08).
    fn first_boot_setup(&mut self, scope: &Scope, id: &InstanceId) {
        let mut seed = [0u8; 32];
        for chunk in seed.chunks_mut(8) {
            chunk.copy_from_slice(&self.rng.next_u64().to_le_bytes());
        }
        let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().to_bytes();
        let host_name = self
            .inst(scope, id)
            .and_then(|i| i.private_ip)
            .map(|ip| format!("ip-{}-{}-{}-{}.{}", ip[0], ip[1], ip[2], ip[3], scope.region.private_dns_suffix()));
        let private = crate::crypto::openssh::ed25519_private_pem(&seed, &public, "", &mut self.rng);
        let public_line = crate::crypto::openssh::public_line(&crate::crypto::openssh::ed25519_blob(&public));
        // cloud-init puts the launch key into the default user's authorized_keys (EC2UG
        // ec2-key-pairs, §B7); keys already there (an image made from another instance) stay.
        let user = self.inst(scope, id).map(|i| self.image_user(scope, &i.image_id));
        let launch_key = self.inst(scope, id).and_then(|i| i.launch_public_key.clone());
        let Some(disk) = self.root_disk_mut(scope, id) else { return };
        if let (Some(user), Some(key)) = (user, launch_key) {
            let path = format!("/home/{user}/.ssh/authorized_keys");
            let mut keys = disk.read(&path).map(|k| k.to_string()).unwrap_or_default();
            if !keys.lines().any(|l| l == key) {
                keys.push_str(&key);
                keys.push('\n');
                let _ = disk.write(&path, &keys);
            }
        }
        let _ = disk.write("/etc/ssh/ssh_host_ed25519_key", &private);
        let _ = disk.write("/etc/ssh/ssh_host_ed25519_key.pub", &format!("{public_line} root@localhost\n"));
        if let Some(h) = host_name {
            let _ = disk.write("/etc/hostname", &format!("{h}\n"));
        }
    }

    /// A disk of a running instance, for what its OS does to files.
    pub(crate) fn guest_disk(
        &mut self,
        scope: &Scope,
        instance_id: &str,
        device: Option<&str>,
    ) -> Result<&mut Disk, ApiError> {
        let id = self.resolve_instance(scope, instance_id)?;
        let inst = self.inst(scope, &id).ok_or_else(|| ApiError::InstanceNotFound(vec![instance_id.into()]))?;
        if inst.state != InstanceState::Running || inst.rebooting {
            return Err(ApiError::GuestNotRunning(instance_id.to_string()));
        }
        let no_device =
            || ApiError::GuestNoDevice { instance: instance_id.to_string(), device: device.unwrap_or("").into() };
        match device {
            None => self.root_disk_mut(scope, &id).ok_or_else(no_device),
            Some(d) if d == inst.root_device_name => self.root_disk_mut(scope, &id).ok_or_else(no_device),
            Some(d) if d.starts_with("ephemeral") => {
                let index = d.strip_prefix("ephemeral").and_then(|n| n.parse::<usize>().ok()).ok_or_else(no_device)?;
                self.inst_mut(scope, &id).and_then(|i| i.instance_store.get_mut(index)).ok_or_else(no_device)
            }
            Some(d) => {
                // An attached EBS volume: usable once the attachment has completed.
                let rs = self.world.region_mut(scope).ok_or_else(no_device)?;
                rs.volume_at(&id, d)
                    .and_then(|v| rs.volumes.get_mut(&v))
                    .filter(|v| v.attachment.as_ref().is_some_and(|a| a.state == crate::ec2::AttachmentState::Attached))
                    .map(|v| &mut v.disk)
                    .ok_or_else(no_device)
            }
        }
    }

    /// The disk behind an instance's root device: its root volume, or its instance-store root.
    pub(crate) fn root_disk_mut(&mut self, scope: &Scope, id: &InstanceId) -> Option<&mut Disk> {
        let rs = self.world.region_mut(scope)?;
        let inst = rs.instances.get_mut(id)?;
        match inst.root_volume.clone() {
            Some(vol) => rs.volumes.get_mut(&vol).map(|v| &mut v.disk),
            None => inst.root_disk.as_mut(),
        }
    }

    /// Adds an instance's just-closed billing period to its account's ledger, which keeps
    /// totals per (Region, instance type) and outlives the instance.
    fn book_closed_period(&mut self, scope: &Scope, id: &InstanceId, ms: u64) {
        let Some(inst) = self.inst(scope, id) else { return };
        let (ty, fee) = (inst.instance_type.clone(), inst.pays_ebs_optimized_fee());
        if let Some(account) = self.world.accounts.get_mut(&scope.account) {
            *account.billed_ms.entry(format!("{}/{}", scope.region.code(), ty)).or_default() += ms;
            if fee {
                let key = format!("{}/{}{ty}", scope.region.code(), crate::world::EBS_OPTIMIZED_FEE);
                *account.billed_ms.entry(key).or_default() += ms;
            }
        }
    }

    // ----- events -----

    /// Finishes a boot (`update` sets what differs) if `key` is still the instance's pending
    /// transition, and starts its status checks, which pass a few minutes later.
    fn finish_boot(&mut self, scope: &Scope, id: &InstanceId, key: EventKey, update: impl FnOnce(&mut Instance)) {
        let after = self.draw(timing::STATUS_CHECKS);
        let timer =
            self.schedule(after, Event::InstanceStatusChecksPassed { scope: scope.clone(), instance_id: id.clone() });
        let mut stale = None;
        match self.inst_mut(scope, id) {
            Some(inst) if inst.transition_timer == Some(key) => {
                inst.transition_timer = None;
                inst.instance_status = CheckStatus::Initializing;
                update(inst);
                stale = inst.status_timer.replace(timer);
            }
            _ => {
                self.queue.cancel(timer);
            }
        }
        if let Some(k) = stale {
            self.queue.cancel(k);
        }
    }

    pub(crate) fn on_running(&mut self, scope: &Scope, id: &InstanceId, key: EventKey) {
        let first_boot = self.inst(scope, id).is_some_and(|i| !i.has_run && i.transition_timer == Some(key));
        if first_boot {
            self.first_boot_setup(scope, id);
        }
        // Every boot from launch or start gets a new public IPv4 (§B3); a reboot keeps it.
        let public_ip = self.fresh_public_ip(scope);
        let now = self.now;
        self.finish_boot(scope, id, key, |inst| {
            inst.state = InstanceState::Running;
            inst.public_ip = Some(public_ip);
            inst.has_run = true;
            inst.billing.running_since = Some(now);
            inst.system_status = CheckStatus::Initializing;
        });
        if self.inst(scope, id).is_some_and(|i| i.public_ip == Some(public_ip)) {
            self.world.public_ips.insert(public_ip);
        }
    }

    pub(crate) fn on_stopped(&mut self, scope: &Scope, id: &InstanceId, key: EventKey) {
        let mut stale = Vec::new();
        let mut released = None;
        if let Some(inst) = self.inst_mut(scope, id)
            && inst.transition_timer == Some(key)
        {
            // Off its host: a failed host no longer matters, and events for that host are
            // void (stop/start is AWS's advice for retirement and stop events).
            inst.hardware_failed = false;
            stale.extend(inst.recovery_timer.take());
            for e in &mut inst.scheduled_events {
                stale.extend(e.timer.take());
            }
            inst.scheduled_events.retain(|e| e.completed_at.is_some());
            inst.transition_timer = None;
            inst.state = InstanceState::Stopped;
            released = inst.public_ip.take();
            inst.host_id = None;
            // The instance leaves its host: instance-store data is gone (STO-01, §B3).
            for disk in &mut inst.instance_store {
                *disk = Disk::empty();
            }
            inst.state_reason = Some(user_shutdown_reason());
        }
        for k in stale {
            self.queue.cancel(k);
        }
        if let Some(ip) = released {
            self.world.public_ips.remove(&ip);
        }
    }

    pub(crate) fn on_terminated(&mut self, scope: &Scope, id: &InstanceId, key: EventKey) {
        let now = self.now;
        let expire = self.schedule(
            Millis::from_secs(timing::TERMINATED_VISIBLE_SECS),
            Event::InstanceExpired { scope: scope.clone(), instance_id: id.clone() },
        );
        let mut fired = false;
        if let Some(rs) = self.world.region_mut(scope)
            && let Some(inst) = rs.instances.get_mut(id)
            && inst.transition_timer == Some(key)
        {
            fired = true;
            inst.transition_timer = None;
            inst.state = InstanceState::Terminated;
            inst.terminated_at = Some(now);
            let addresses = (inst.public_ip.take(), inst.private_ip.take());
            inst.host_id = None;
            inst.instance_store.clear();
            inst.root_disk = None;
            // Volumes flagged DeleteOnTermination go with the instance; others are detached (§B4).
            inst.root_volume = None;
            let mut gone = Vec::new();
            let mut stale = Vec::new();
            let mut closed: Vec<(String, f64)> = Vec::new();
            if let Some(ip) = addresses.1 {
                rs.index.private_ips.remove(&ip);
            }
            // The instance's volumes, from the index (in id order, as a search of the Region
            // would find them); none is attached to it afterwards.
            let attached: Vec<VolumeId> = rs.index.attached.remove(&id.0).into_iter().flatten().map(VolumeId).collect();
            for vid in &attached {
                let Some(v) = rs.volumes.get_mut(vid) else { continue };
                if v.attachment.as_ref().is_some_and(|a| a.delete_on_termination) {
                    gone.push(vid.clone());
                } else {
                    // Detached as the instance goes; a pending attach/detach ends here too.
                    v.attachment = None;
                    v.state = crate::ec2::VolumeState::Available;
                    if let Some(k) = v.timer.take() {
                        stale.push(k);
                    }
                }
            }
            for vid in gone {
                if let Some(v) = rs.volumes.remove(&vid) {
                    stale.extend(v.timer);
                    stale.extend(v.modification_timer);
                    stale.extend(v.burst.timer);
                    stale.extend(v.burst.pattern_timer);
                    closed.push((
                        v.volume_type.clone(),
                        crate::world::gib_hours(f64::from(v.size_gib), v.storage_since, now),
                    ));
                }
            }
            for k in stale {
                self.queue.cancel(k);
            }
            if let Some(ip) = addresses.0 {
                self.world.public_ips.remove(&ip);
            }
            if let Some(acct) = self.world.accounts.get_mut(&scope.account) {
                for (ty, hours) in closed {
                    *acct.storage_gib_hours.entry(format!("{}/{ty}", scope.region.code())).or_default() += hours;
                }
            }
        }
        if !fired {
            self.queue.cancel(expire);
        }
    }

    pub(crate) fn on_rebooted(&mut self, scope: &Scope, id: &InstanceId, key: EventKey) {
        // A reboot stays on the same host: failed hardware is still failed (INS-05).
        let failed = self.inst(scope, id).is_some_and(|i| i.hardware_failed && i.transition_timer == Some(key));
        if failed {
            if let Some(inst) = self.inst_mut(scope, id) {
                inst.transition_timer = None;
                inst.rebooting = false;
                inst.instance_status = CheckStatus::Impaired;
                inst.system_status = CheckStatus::Impaired;
            }
            return;
        }
        self.finish_boot(scope, id, key, |inst| inst.rebooting = false);
    }

    pub(crate) fn on_status_checks_passed(&mut self, scope: &Scope, id: &InstanceId, key: EventKey) {
        if let Some(inst) = self.inst_mut(scope, id)
            && inst.status_timer == Some(key)
        {
            inst.status_timer = None;
            inst.instance_status = CheckStatus::Ok;
            inst.system_status = CheckStatus::Ok;
        }
    }

    pub(crate) fn on_expired(&mut self, scope: &Scope, id: &InstanceId, _key: EventKey) {
        if let Some(rs) = self.world.region_mut(scope)
            && rs.instances.get(id).is_some_and(|i| i.state == InstanceState::Terminated)
            && let Some(inst) = rs.instances.remove(id)
            && let Some(list) = rs.reservations.get_mut(&inst.reservation_id)
        {
            list.retain(|i| i != id);
            if list.is_empty() {
                rs.reservations.remove(&inst.reservation_id);
            }
        }
    }
}

/// Ends the open billing period, charging at least one minute for it; returns what it billed.
fn close_billing(inst: &mut Instance, now: Timestamp) -> Option<u64> {
    let since = inst.billing.running_since.take()?;
    let ms = now.since(since).0.max(Billing::MINIMUM_MS);
    inst.billing.billed_ms += ms;
    if inst.pays_ebs_optimized_fee() {
        inst.billing.ebs_optimized_ms += ms;
    }
    Some(ms)
}
