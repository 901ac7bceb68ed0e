//! EBS volumes: create, attach, detach, delete, modify and describe, with the states and
//! rules of aws-reference.md §B2, §B4, §B6 and the size/IOPS ranges of §A5 (per profile).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::command::Reply;
use crate::ec2::api::{Filter, Tag, TagSpecification};
use crate::ec2::filters::{any_match, check_names};
use crate::ec2::{InstanceState, glob_match};
use crate::error::ApiError;
use crate::event::{Event, EventKey};
use crate::ids::{InstanceId, VolumeId};
use crate::limits::VolumeTypeLimits;
use crate::region::Scope;
use crate::sim::Sim;
use crate::storage::Disk;
use crate::time::{Millis, Timestamp};

/// `VolumeState` (BC-EC2); `deleted` volumes drop out of the world.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VolumeState {
    Creating,
    Available,
    InUse,
    Deleting,
}

impl VolumeState {
    pub fn as_str(self) -> &'static str {
        match self {
            VolumeState::Creating => "creating",
            VolumeState::Available => "available",
            VolumeState::InUse => "in-use",
            VolumeState::Deleting => "deleting",
        }
    }
}

/// `VolumeAttachmentState` (BC-EC2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttachmentState {
    Attaching,
    Attached,
    Detaching,
}

impl AttachmentState {
    pub fn as_str(self) -> &'static str {
        match self {
            AttachmentState::Attaching => "attaching",
            AttachmentState::Attached => "attached",
            AttachmentState::Detaching => "detaching",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeAttachment {
    pub instance_id: InstanceId,
    pub device: String,
    pub attach_time: Timestamp,
    pub delete_on_termination: bool,
    pub state: AttachmentState,
}

/// `VolumeModificationState`: modifying → optimizing → completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModificationState {
    Modifying,
    Optimizing,
    Completed,
}

impl ModificationState {
    pub fn as_str(self) -> &'static str {
        match self {
            ModificationState::Modifying => "modifying",
            ModificationState::Optimizing => "optimizing",
            ModificationState::Completed => "completed",
        }
    }
}

/// The last ModifyVolume of a volume, as DescribeVolumesModifications reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeModification {
    pub state: ModificationState,
    pub original: (u32, String, Option<u32>, Option<u32>),
    pub target: (u32, String, Option<u32>, Option<u32>),
    pub start_time: Timestamp,
    pub end_time: Option<Timestamp>,
}

/// An EBS volume and what is on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Volume {
    pub id: VolumeId,
    pub size_gib: u32,
    pub volume_type: String,
    pub availability_zone: String,
    pub create_time: Timestamp,
    pub snapshot_id: Option<String>,
    pub state: VolumeState,
    pub attachment: Option<VolumeAttachment>,
    pub tags: Vec<Tag>,
    pub iops: Option<u32>,
    pub throughput_mibps: Option<u32>,
    pub encrypted: bool,
    pub kms_key_id: Option<String>,
    pub disk: Disk,
    /// The pending state event (creating, attaching, detaching, deleting).
    pub timer: Option<EventKey>,
    pub modification: Option<VolumeModification>,
    /// Start times of recent modifications, for the rate limit.
    pub modified_at: Vec<Timestamp>,
    /// The pending modification event.
    pub modification_timer: Option<EventKey>,
    /// Start of the current storage billing period (size and type unchanged since).
    pub storage_since: Timestamp,
    /// Charges of the periods before `storage_since` (earlier sizes and types).
    #[serde(default)]
    pub billed_usd: f64,
    /// gp2 burst bucket and the guest's workload on this volume.
    #[serde(default)]
    pub burst: crate::ec2::performance::Burst,
}

impl Volume {
    /// Storage charges of this volume so far: closed periods plus the open one.
    pub fn cost_so_far(&self, region: crate::region::Region, now: Timestamp) -> f64 {
        self.billed_usd
            + crate::world::gib_hours(f64::from(self.size_gib), self.storage_since, now)
                / crate::catalog::HOURS_PER_MONTH
                * crate::catalog::ebs_price_gib_month(region, &self.volume_type)
    }

    pub fn name(&self) -> Option<&str> {
        self.tags.iter().find(|t| t.key == "Name").map(|t| t.value.as_str())
    }

    /// Whether the volume waits for an event to move on.
    pub fn is_transitional(&self) -> bool {
        matches!(self.state, VolumeState::Creating | VolumeState::Deleting)
            || self.attachment.as_ref().is_some_and(|a| a.state != AttachmentState::Attached)
    }
}

/// How long volume transitions take, `(min, max)` seconds from the world's RNG. AWS publishes
/// no durations; these are typical console timings.
pub mod timing {
    pub const CREATE: (u64, u64) = (2, 8);
    pub const ATTACH: (u64, u64) = (2, 6);
    pub const DETACH: (u64, u64) = (3, 10);
    pub const DELETE: (u64, u64) = (2, 5);
    pub const MODIFY: (u64, u64) = (30, 90);
    /// Optimizing takes longer for bigger volumes: this many seconds per GiB on top.
    pub const OPTIMIZE_BASE: (u64, u64) = (300, 600);
    pub const OPTIMIZE_PER_GIB_MS: u64 = 500;
}

/// What CreateVolume and ModifyVolume ask for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VolumeSpec {
    pub availability_zone: Option<String>,
    pub size_gib: Option<u32>,
    pub volume_type: Option<String>,
    pub iops: Option<u32>,
    pub throughput_mibps: Option<u32>,
    pub encrypted: Option<bool>,
    pub kms_key_id: Option<String>,
    pub snapshot_id: Option<String>,
    pub tag_specifications: Vec<TagSpecification>,
}

/// Device names accepted for EBS attachments on Linux: `/dev/sd[b-z]` and `/dev/xvd[b-z]`,
/// optionally with a partition number 1–15 (EC2UG device_naming).
pub fn valid_device_name(d: &str) -> bool {
    let rest = d.strip_prefix("/dev/sd").or_else(|| d.strip_prefix("/dev/xvd"));
    let Some(rest) = rest else { return false };
    let mut chars = rest.chars();
    let Some(letter) = chars.next() else { return false };
    let tail: String = chars.collect();
    ('b'..='z').contains(&letter) && (tail.is_empty() || tail.parse::<u8>().is_ok_and(|n| (1..=15).contains(&n)))
}

/// Checks size, IOPS and throughput against a type's rules, with AWS-style messages; returns
/// the IOPS and throughput the volume will have.
pub(crate) fn check_spec(
    t: &VolumeTypeLimits,
    size: u32,
    iops: Option<u32>,
    throughput: Option<u32>,
) -> Result<(Option<u32>, Option<u32>), ApiError> {
    let bad = ApiError::InvalidParameterValue;
    if size < t.min_gib {
        return Err(bad(format!("Volume of {size}GiB is too small; minimum is {}GiB.", t.min_gib)));
    }
    if size > t.max_gib {
        return Err(bad(format!(
            "Volume of {size}GiB is too large for volume type {}; maximum is {}GiB.",
            t.name, t.max_gib
        )));
    }
    let iops = match (t.iops, iops) {
        (None, Some(_)) => {
            return Err(ApiError::InvalidParameterCombination(format!(
                "The parameter iops is not supported for {} volumes.",
                t.name
            )));
        }
        (Some(_), None) if t.iops_required => {
            return Err(ApiError::InvalidParameterCombination(format!(
                "The parameter iops must be specified for {} volumes.",
                t.name
            )));
        }
        (Some((lo, hi)), Some(n)) => {
            if n < lo {
                return Err(bad(format!("Volume iops of {n} is too low; minimum is {lo}.")));
            }
            if n > hi {
                return Err(bad(format!("Volume iops of {n} is too high; maximum is {hi}.")));
            }
            if let Some(ratio) = t.max_iops_per_gib
                && n > ratio * size
                && n > t.default_iops.unwrap_or(0)
            {
                return Err(bad(format!(
                    "Iops to volume size ratio of {:.6} is too high; maximum is {:.6}.",
                    f64::from(n) / f64::from(size),
                    f64::from(ratio)
                )));
            }
            Some(n)
        }
        (Some(_), None) => t.default_iops,
        (None, None) if t.name == "gp2" => Some((3 * size).clamp(100, 16_000)),
        (None, None) => None,
    };
    let throughput = match (t.throughput, throughput) {
        (None, Some(_)) => {
            return Err(ApiError::InvalidParameterCombination(format!(
                "The parameter throughput is not supported for {} volumes.",
                t.name
            )));
        }
        (Some((lo, hi)), Some(n)) => {
            if n < lo || n > hi {
                return Err(bad(format!("Throughput of {n}MiB/s is not between {lo} and {hi}MiB/s.")));
            }
            // gp3: at most 0.25 MiB/s per provisioned IOPS (EC2UG general-purpose).
            let per_iops = f64::from(n) / f64::from(iops.unwrap_or(3_000));
            if per_iops > 0.25 {
                return Err(bad(format!(
                    "Throughput (MiBps) to iops ratio of {per_iops:.6} is too high; maximum is 0.250000 MiBps per iops."
                )));
            }
            Some(n)
        }
        (Some(_), None) => t.default_throughput,
        (None, None) => None,
    };
    Ok((iops, throughput))
}

const FILTERS: &[&str] = &[
    "volume-id",
    "volume-type",
    "status",
    "size",
    "availability-zone",
    "encrypted",
    "snapshot-id",
    "attachment.instance-id",
    "attachment.device",
    "attachment.status",
    "attachment.delete-on-termination",
];

impl Sim {
    /// The account's default EBS key (`alias/aws/ebs`) as DescribeVolumes shows it: an ARN.
    pub(crate) fn default_ebs_key(&self, scope: &Scope) -> String {
        let h = crate::rng::stable_hash(&format!("{}/{}/aws/ebs", scope.account, scope.region));
        let hex = format!("{h:016x}{:016x}", h.rotate_left(17) ^ 0x5bd1_e995);
        format!(
            "arn:aws:kms:{}:{}:key/{}-{}-{}-{}-{}",
            scope.region.code(),
            scope.account,
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }

    pub(crate) fn resolve_volume(&self, scope: &Scope, id: &str) -> Result<VolumeId, ApiError> {
        if !VolumeId::is_well_formed(id) {
            return Err(ApiError::VolumeIdMalformed(id.to_string()));
        }
        let vid = VolumeId::from(id.to_string());
        if self.world.region(scope).is_some_and(|r| r.volumes.contains_key(&vid)) {
            Ok(vid)
        } else {
            Err(ApiError::VolumeNotFound(id.to_string()))
        }
    }

    fn vol_mut(&mut self, scope: &Scope, id: &VolumeId) -> Option<&mut Volume> {
        self.world.region_mut(scope)?.volumes.get_mut(id)
    }

    pub(crate) fn vol(&self, scope: &Scope, id: &VolumeId) -> Option<&Volume> {
        self.world.region(scope)?.volumes.get(id)
    }

    fn draw_secs(&mut self, (lo, hi): (u64, u64)) -> Millis {
        Millis::from_secs(self.rng.range(lo, hi)) + Millis(self.rng.range(0, 999))
    }

    pub(crate) fn create_volume(&mut self, scope: &Scope, spec: VolumeSpec) -> Result<Reply, ApiError> {
        let az = spec.availability_zone.clone().ok_or_else(|| ApiError::MissingParameter("AvailabilityZone".into()))?;
        if scope.region.zone(&az).is_none() {
            return Err(ApiError::ZoneNotFound(az));
        }
        // From a snapshot: its content, at least its size, and its encryption (BC-EC2 CreateVolume).
        let restored = match &spec.snapshot_id {
            Some(snap) => Some(self.disk_from_snapshot(scope, snap)?),
            None => None,
        };
        let size = match (&restored, spec.size_gib) {
            (Some((_, snap_size, ..)), Some(size)) if size < *snap_size => {
                return Err(ApiError::InvalidParameterValue(format!(
                    "Volume of {size}GiB is too small; minimum is {snap_size}GiB."
                )));
            }
            (_, Some(size)) => size,
            (Some((_, snap_size, ..)), None) => *snap_size,
            (None, None) => return Err(ApiError::MissingParameter("size or snapshotId".into())),
        };
        let type_name = spec.volume_type.clone().unwrap_or_else(|| "gp2".into());
        let limits = self.world.profile.limits();
        let t = limits.volume_type(&type_name).ok_or_else(|| ApiError::UnknownVolumeType(type_name.clone()))?;
        let (iops, throughput) = check_spec(t, size, spec.iops, spec.throughput_mibps)?;
        if spec.kms_key_id.is_some() && spec.encrypted != Some(true) {
            return Err(ApiError::InvalidParameterDependency(
                "The parameter KmsKeyId requires the parameter Encrypted to be set.".into(),
            ));
        }
        let tags = crate::ec2::tags_for(&spec.tag_specifications, "volume")?;
        let from_encrypted = restored.as_ref().is_some_and(|r| r.3);
        let encrypted = spec.encrypted.unwrap_or(false) || from_encrypted;
        let kms_key_id = encrypted.then(|| {
            spec.kms_key_id
                .clone()
                .or_else(|| restored.as_ref().and_then(|r| r.4.clone()))
                .unwrap_or_else(|| self.default_ebs_key(scope))
        });
        let (snapshot_id, disk) = match restored {
            Some((sid, _, disk, _, _)) => (Some(sid.to_string()), disk),
            None => (None, Disk::empty()),
        };
        let id = VolumeId::generate(&mut self.rng);
        let after = self.draw_secs(timing::CREATE);
        let timer = self
            .queue
            .schedule(self.now.plus(after), Event::VolumeReady { scope: scope.clone(), volume_id: id.clone() });
        let volume = Volume {
            id: id.clone(),
            size_gib: size,
            volume_type: type_name,
            availability_zone: az,
            create_time: self.now,
            snapshot_id,
            state: VolumeState::Creating,
            attachment: None,
            tags,
            iops,
            throughput_mibps: throughput,
            encrypted,
            kms_key_id,
            disk,
            timer: Some(timer),
            modification: None,
            modified_at: Vec::new(),
            modification_timer: None,
            storage_since: self.now,
            billed_usd: 0.0,
            burst: crate::ec2::performance::Burst { at: self.now, ..Default::default() },
        };
        if let Some(rs) = self.world.region_mut(scope) {
            rs.volumes.insert(id.clone(), volume.clone());
        }
        // New: its bucket is settled after the request (crate::dirty).
        self.dirty.volume(scope, &id);
        Ok(Reply::Volume(Box::new(volume)))
    }

    pub(crate) fn attach_volume(
        &mut self,
        scope: &Scope,
        volume_id: &str,
        instance_id: &str,
        device: &str,
    ) -> Result<Reply, ApiError> {
        let vid = self.resolve_volume(scope, volume_id)?;
        let iid = self.resolve_instance(scope, instance_id)?;
        let vol = self.vol(scope, &vid).ok_or_else(|| ApiError::VolumeNotFound(volume_id.into()))?;
        let inst =
            self.world.instance(scope, &iid).ok_or_else(|| ApiError::InstanceNotFound(vec![instance_id.into()]))?;
        if vol.attachment.is_some() {
            return Err(ApiError::VolumeAlreadyAttached(volume_id.to_string()));
        }
        if vol.state != VolumeState::Available {
            return Err(ApiError::VolumeNotAvailable(volume_id.to_string()));
        }
        if !matches!(inst.state, InstanceState::Running | InstanceState::Stopped) {
            return Err(ApiError::InstanceNotReadyForAttach(instance_id.to_string()));
        }
        if vol.availability_zone != inst.availability_zone {
            return Err(ApiError::VolumeZoneMismatch { volume: volume_id.into(), instance: instance_id.into() });
        }
        let is_root = device == inst.root_device_name;
        if !valid_device_name(device) && !is_root {
            return Err(ApiError::InvalidParameterValue(format!(
                "Value ({device}) for parameter device is invalid. {device} is not a valid EBS device name."
            )));
        }
        let taken = self.world.region(scope).is_some_and(|rs| rs.volume_at(&iid, device).is_some());
        if taken {
            return Err(ApiError::InvalidParameterValue(format!("Attachment point {device} is already in use")));
        }
        let limits = self.world.profile.limits();
        if is_root && !limits.volume_type(&vol.volume_type).is_some_and(|t| t.bootable) {
            return Err(ApiError::InvalidParameterValue(format!(
                "Volume type {} cannot be used as a root volume.",
                vol.volume_type
            )));
        }
        let after = self.draw_secs(timing::ATTACH);
        let timer = self
            .queue
            .schedule(self.now.plus(after), Event::VolumeAttached { scope: scope.clone(), volume_id: vid.clone() });
        let now = self.now;
        let attachment = VolumeAttachment {
            instance_id: iid.clone(),
            device: device.to_string(),
            attach_time: now,
            // Volumes attached after launch are kept at termination (aws-reference.md §B4).
            delete_on_termination: false,
            state: AttachmentState::Attaching,
        };
        if let Some(v) = self.vol_mut(scope, &vid) {
            v.state = VolumeState::InUse;
            v.attachment = Some(attachment.clone());
            v.timer = Some(timer);
        }
        if let Some(rs) = self.world.region_mut(scope) {
            rs.index.move_attachment(&vid, None, Some(&iid));
        }
        if is_root && let Some(inst) = self.world.region_mut(scope).and_then(|rs| rs.instances.get_mut(&iid)) {
            inst.root_volume = Some(vid.clone());
        }
        Ok(Reply::VolumeAttachment { volume_id: vid, attachment })
    }

    pub(crate) fn detach_volume(
        &mut self,
        scope: &Scope,
        volume_id: &str,
        instance_id: Option<&str>,
        device: Option<&str>,
        force: bool,
    ) -> Result<Reply, ApiError> {
        let vid = self.resolve_volume(scope, volume_id)?;
        let vol = self.vol(scope, &vid).ok_or_else(|| ApiError::VolumeNotFound(volume_id.into()))?;
        let Some(att) = vol.attachment.clone() else {
            return Err(ApiError::VolumeNotAttached { volume: volume_id.into(), state: vol.state.as_str() });
        };
        if let Some(i) = instance_id
            && i != att.instance_id.as_str()
        {
            return Err(ApiError::AttachmentNotFound { volume: volume_id.into(), instance: i.into() });
        }
        if let Some(d) = device
            && d != att.device
        {
            return Err(ApiError::AttachmentNotFound {
                volume: volume_id.into(),
                instance: att.instance_id.to_string(),
            });
        }
        let inst = self.world.instance(scope, &att.instance_id);
        let is_root = inst.is_some_and(|i| i.root_volume.as_ref() == Some(&vid));
        let running = inst.is_some_and(|i| i.state != InstanceState::Stopped);
        if is_root && running {
            // The root volume of a running instance cannot be detached: stop it first (§B2).
            return Err(ApiError::DetachRootOfRunning {
                volume: volume_id.into(),
                instance: att.instance_id.to_string(),
            });
        }
        if att.state == AttachmentState::Detaching && !force {
            return Err(ApiError::VolumeNotAttached { volume: volume_id.into(), state: "detaching" });
        }
        let after = self.draw_secs(if force { (1, 2) } else { timing::DETACH });
        let timer = self
            .queue
            .schedule(self.now.plus(after), Event::VolumeDetached { scope: scope.clone(), volume_id: vid.clone() });
        let mut cancel = None;
        let mut shown = att.clone();
        if let Some(v) = self.vol_mut(scope, &vid) {
            cancel = v.timer.replace(timer);
            if let Some(a) = v.attachment.as_mut() {
                a.state = AttachmentState::Detaching;
                shown = a.clone();
            }
        }
        if let Some(k) = cancel {
            self.queue.cancel(k);
        }
        if is_root
            && let Some(inst) = self.world.region_mut(scope).and_then(|rs| rs.instances.get_mut(&att.instance_id))
        {
            inst.root_volume = None;
        }
        Ok(Reply::VolumeAttachment { volume_id: vid, attachment: shown })
    }

    pub(crate) fn delete_volume(&mut self, scope: &Scope, volume_id: &str) -> Result<Reply, ApiError> {
        let vid = self.resolve_volume(scope, volume_id)?;
        let vol = self.vol(scope, &vid).ok_or_else(|| ApiError::VolumeNotFound(volume_id.into()))?;
        if let Some(a) = &vol.attachment {
            return Err(ApiError::VolumeInUse { volume: volume_id.into(), instance: a.instance_id.to_string() });
        }
        if vol.state != VolumeState::Available {
            return Err(ApiError::VolumeNotAvailable(volume_id.into()));
        }
        let after = self.draw_secs(timing::DELETE);
        let timer = self
            .queue
            .schedule(self.now.plus(after), Event::VolumeDeleted { scope: scope.clone(), volume_id: vid.clone() });
        let mut cancel = Vec::new();
        if let Some(v) = self.vol_mut(scope, &vid) {
            v.state = VolumeState::Deleting;
            cancel.extend(v.timer.replace(timer));
            // A modification in progress ends with the volume.
            cancel.extend(v.modification_timer.take());
            if v.modification.as_ref().is_some_and(|m| m.state != ModificationState::Completed) {
                v.modification = None;
            }
        }
        for k in cancel {
            self.queue.cancel(k);
        }
        Ok(Reply::Empty)
    }

    pub(crate) fn modify_volume(
        &mut self,
        scope: &Scope,
        volume_id: &str,
        spec: VolumeSpec,
    ) -> Result<Reply, ApiError> {
        let vid = self.resolve_volume(scope, volume_id)?;
        let vol = self.vol(scope, &vid).ok_or_else(|| ApiError::VolumeNotFound(volume_id.into()))?.clone();
        if let Some(m) = &vol.modification
            && m.state != ModificationState::Completed
        {
            return Err(ApiError::IncorrectModificationState {
                volume: volume_id.into(),
                state: m.state.as_str().to_ascii_uppercase(),
            });
        }
        let (max, window_h) = self.world.profile.limits().volume_modifications;
        let window = Millis::from_hours(window_h);
        let recent = vol.modified_at.iter().filter(|t| self.now.since(**t) < window).count();
        if recent >= max as usize {
            return Err(ApiError::VolumeModificationRateExceeded);
        }
        let size = spec.size_gib.unwrap_or(vol.size_gib);
        if size < vol.size_gib {
            return Err(ApiError::InvalidParameterValue(format!(
                "New size cannot be smaller than existing size: {size}GiB < {}GiB.",
                vol.size_gib
            )));
        }
        let type_name = spec.volume_type.clone().unwrap_or_else(|| vol.volume_type.clone());
        let limits = self.world.profile.limits();
        let t = limits.volume_type(&type_name).ok_or_else(|| ApiError::UnknownVolumeType(type_name.clone()))?;
        let same_type = type_name == vol.volume_type;
        let iops_in = spec.iops.or(if same_type && t.iops.is_some() { vol.iops } else { None });
        let tp_in =
            spec.throughput_mibps.or(if same_type && t.throughput.is_some() { vol.throughput_mibps } else { None });
        let (iops, throughput) = check_spec(t, size, iops_in, tp_in)?;
        if (size, type_name.as_str(), iops, throughput)
            == (vol.size_gib, vol.volume_type.as_str(), vol.iops, vol.throughput_mibps)
        {
            return Err(ApiError::InvalidParameterValue("New parameters are the same as the current volume's.".into()));
        }
        let after = self.draw_secs(timing::MODIFY);
        let timer = self
            .queue
            .schedule(self.now.plus(after), Event::VolumeOptimizing { scope: scope.clone(), volume_id: vid.clone() });
        let modification = VolumeModification {
            state: ModificationState::Modifying,
            original: (vol.size_gib, vol.volume_type.clone(), vol.iops, vol.throughput_mibps),
            target: (size, type_name, iops, throughput),
            start_time: self.now,
            end_time: None,
        };
        let now = self.now;
        if let Some(v) = self.vol_mut(scope, &vid) {
            v.modification = Some(modification.clone());
            v.modification_timer = Some(timer);
            v.modified_at.retain(|t| now.since(*t) < window);
            v.modified_at.push(now);
        }
        Ok(Reply::VolumeModification { volume_id: vid, modification })
    }

    pub(crate) fn describe_volumes(
        &self,
        scope: &Scope,
        ids: &[String],
        filters: &[Filter],
    ) -> Result<Reply, ApiError> {
        check_names(filters, FILTERS, true)?;
        for id in ids {
            self.resolve_volume(scope, id)?;
        }
        let Some(rs) = self.world.region(scope) else { return Ok(Reply::Volumes(Vec::new())) };
        let mut out = Vec::new();
        // The named volumes looked up by id (each once, in id order as the whole list is).
        let named: BTreeSet<VolumeId> = crate::sort::set_of(ids.iter().map(|i| VolumeId::from(i.clone())));
        let listed: Box<dyn Iterator<Item = &Volume>> = if ids.is_empty() {
            Box::new(rs.volumes.values())
        } else {
            Box::new(named.iter().filter_map(|i| rs.volumes.get(i)))
        };
        for v in listed {
            let size = v.size_gib.to_string();
            let enc = v.encrypted.to_string();
            let att = v.attachment.as_ref();
            let dot = att.map(|a| a.delete_on_termination.to_string());
            let mut keep = true;
            for f in filters {
                keep &= match f.name.as_str() {
                    "volume-id" => any_match(f, [v.id.as_str()]),
                    "volume-type" => any_match(f, [v.volume_type.as_str()]),
                    "status" => any_match(f, [v.state.as_str()]),
                    "size" => any_match(f, [size.as_str()]),
                    "availability-zone" => any_match(f, [v.availability_zone.as_str()]),
                    "encrypted" => any_match(f, [enc.as_str()]),
                    "snapshot-id" => any_match(f, v.snapshot_id.as_deref()),
                    "attachment.instance-id" => any_match(f, att.map(|a| a.instance_id.as_str())),
                    "attachment.device" => any_match(f, att.map(|a| a.device.as_str())),
                    "attachment.status" => any_match(f, att.map(|a| a.state.as_str())),
                    "attachment.delete-on-termination" => any_match(f, dot.as_deref()),
                    name => {
                        let key = name.strip_prefix("tag:").unwrap_or_default();
                        f.values.iter().any(|p| v.tags.iter().any(|t| t.key == key && glob_match(p, &t.value)))
                    }
                };
            }
            if keep {
                out.push(v.clone());
            }
        }
        Ok(Reply::Volumes(out))
    }

    /// DeleteOnTermination of an attached volume, by device (ModifyInstanceAttribute with
    /// `--block-device-mappings`, aws-reference.md §B4).
    pub(crate) fn set_delete_on_termination(
        &mut self,
        scope: &Scope,
        instance: &InstanceId,
        device: &str,
        value: bool,
    ) -> Result<(), ApiError> {
        let rs = self.world.region_mut(scope).ok_or_else(|| ApiError::InstanceNotFound(vec![instance.to_string()]))?;
        let v = rs
            .volume_at(instance, device)
            .and_then(|id| rs.volumes.get_mut(&id))
            .ok_or_else(|| ApiError::NoDeviceMapped { device: device.into(), instance: instance.to_string() })?;
        if let Some(a) = v.attachment.as_mut() {
            a.delete_on_termination = value;
        }
        Ok(())
    }

    /// Books a volume's storage so far into the account's ledger and starts a new period.
    pub(crate) fn close_volume_storage(&mut self, scope: &Scope, id: &VolumeId) {
        let now = self.now;
        let Some((size, ty, since)) = self.vol(scope, id).map(|v| (v.size_gib, v.volume_type.clone(), v.storage_since))
        else {
            return;
        };
        let hours = crate::world::gib_hours(f64::from(size), since, now);
        if let Some(acct) = self.world.accounts.get_mut(&scope.account) {
            *acct.storage_gib_hours.entry(format!("{}/{ty}", scope.region.code())).or_default() += hours;
        }
        let usd = hours / crate::catalog::HOURS_PER_MONTH * crate::catalog::ebs_price_gib_month(scope.region, &ty);
        if let Some(v) = self.vol_mut(scope, id) {
            v.storage_since = now;
            v.billed_usd += usd;
        }
    }

    // ----- events -----

    pub(crate) fn on_volume_ready(&mut self, scope: &Scope, id: &VolumeId, key: EventKey) {
        if let Some(v) = self.vol_mut(scope, id)
            && v.timer == Some(key)
        {
            v.timer = None;
            v.state = VolumeState::Available;
        }
    }

    pub(crate) fn on_volume_attached(&mut self, scope: &Scope, id: &VolumeId, key: EventKey) {
        if let Some(v) = self.vol_mut(scope, id)
            && v.timer == Some(key)
        {
            v.timer = None;
            if let Some(a) = v.attachment.as_mut() {
                a.state = AttachmentState::Attached;
            }
        }
    }

    pub(crate) fn on_volume_detached(&mut self, scope: &Scope, id: &VolumeId, key: EventKey) {
        if let Some(v) = self.vol_mut(scope, id)
            && v.timer == Some(key)
        {
            v.timer = None;
            let from = v.attachment.take().map(|a| a.instance_id);
            v.state = VolumeState::Available;
            if let Some(rs) = self.world.region_mut(scope) {
                rs.index.move_attachment(id, from.as_ref(), None);
            }
        }
    }

    pub(crate) fn on_volume_deleted(&mut self, scope: &Scope, id: &VolumeId, key: EventKey) {
        let owned = self.vol(scope, id).is_some_and(|v| v.timer == Some(key));
        if owned {
            self.close_volume_storage(scope, id);
        }
        if owned && let Some(rs) = self.world.region_mut(scope) {
            // A deleted volume's blocks are zeroed before reuse: nothing of it reaches any
            // later volume (STO-02); here its content simply ends with it.
            // Its other timers go with it: a modification still optimizing, a draining bucket.
            if let Some(v) = rs.volumes.remove(id) {
                rs.index.move_attachment(id, v.attachment.as_ref().map(|a| &a.instance_id), None);
                for k in [v.modification_timer, v.burst.timer, v.burst.pattern_timer].into_iter().flatten() {
                    self.queue.cancel(k);
                }
            }
        }
    }

    pub(crate) fn on_volume_optimizing(&mut self, scope: &Scope, id: &VolumeId, key: EventKey) {
        let Some(size) = self.vol(scope, id).map(|v| v.size_gib) else { return };
        let base = self.draw_secs(timing::OPTIMIZE_BASE);
        let after = base + Millis(u64::from(size) * timing::OPTIMIZE_PER_GIB_MS);
        let timer = self
            .queue
            .schedule(self.now.plus(after), Event::VolumeModified { scope: scope.clone(), volume_id: id.clone() });
        let mut owned = false;
        // Storage so far is billed at the old size and type.
        if self.vol(scope, id).is_some_and(|v| v.modification_timer == Some(key)) {
            self.close_volume_storage(scope, id);
        }
        if let Some(v) = self.vol_mut(scope, id)
            && v.modification_timer == Some(key)
            && let Some(m) = v.modification.as_mut()
        {
            // The new size and performance apply from here (EC2UG monitoring-volume-modifications).
            m.state = ModificationState::Optimizing;
            owned = true;
            let (size, ty, iops, tp) = m.target.clone();
            v.size_gib = size;
            v.volume_type = ty;
            v.iops = iops;
            v.throughput_mibps = tp;
            v.modification_timer = Some(timer);
        }
        if !owned {
            self.queue.cancel(timer);
        }
    }

    pub(crate) fn on_volume_modified(&mut self, scope: &Scope, id: &VolumeId, key: EventKey) {
        let now = self.now;
        if let Some(v) = self.vol_mut(scope, id)
            && v.modification_timer == Some(key)
            && let Some(m) = v.modification.as_mut()
        {
            m.state = ModificationState::Completed;
            m.end_time = Some(now);
            v.modification_timer = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_names_follow_the_linux_rules() {
        for ok in ["/dev/sdf", "/dev/xvdp", "/dev/sdb1", "/dev/sdz15"] {
            assert!(valid_device_name(ok), "{ok}");
        }
        for bad in ["/dev/sda", "sdf", "/dev/sdf16", "/dev/hda", "/dev/sd", "/dev/sdf0"] {
            assert!(!valid_device_name(bad), "{bad}");
        }
    }

    #[test]
    fn specs_are_checked_per_type() {
        let l = crate::limits::CURRENT.volume_type("io1").unwrap();
        assert!(check_spec(l, 10, Some(600), None).is_err(), "60 IOPS/GiB is over io1's 50");
        assert_eq!(check_spec(l, 10, Some(500), None), Ok((Some(500), None)));
        assert!(check_spec(l, 10, None, None).is_err(), "io1 needs iops");
        let gp2 = crate::limits::CURRENT.volume_type("gp2").unwrap();
        assert_eq!(check_spec(gp2, 100, None, None), Ok((Some(300), None)));
        assert_eq!(check_spec(gp2, 10, None, None), Ok((Some(100), None)));
        assert!(check_spec(gp2, 100, Some(300), None).is_err());
        assert!(check_spec(gp2, 16_385, None, None).is_err());
        let gp3 = crate::limits::CURRENT.volume_type("gp3").unwrap();
        assert_eq!(check_spec(gp3, 100, None, None), Ok((Some(3000), Some(125))));
        assert!(check_spec(gp3, 100, Some(3000), Some(1000)).is_err(), "over 0.25 MiB/s per IOPS");
        assert!(crate::limits::CLASSIC.volume_type("gp3").is_none());
        assert!(check_spec(crate::limits::CLASSIC.volume_type("st1").unwrap(), 125, None, None).is_err());
    }
}
