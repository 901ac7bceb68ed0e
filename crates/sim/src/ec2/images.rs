//! Custom AMIs: created from an instance (rebooting it by default), registered from a
//! snapshot, copied within or across Regions, shared through launch permissions, and
//! deregistered (their snapshots stay) — aws-reference.md §B5, AMI-01…08.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::command::Reply;
use crate::ec2::InstanceState;
use crate::ec2::api::{Tag, TagSpecification};
use crate::ec2::snapshots::{Snapshot, SnapshotState};
use crate::error::ApiError;
use crate::event::{Event, EventKey};
use crate::ids::{AccountId, ImageId, SnapshotId, VolumeId};
use crate::region::Region;
use crate::region::Scope;
use crate::sim::Sim;
use crate::storage::BLOCK_BYTES;
use crate::time::{Millis, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageState {
    Pending,
    Available,
}

impl ImageState {
    pub fn as_str(self) -> &'static str {
        match self {
            ImageState::Pending => "pending",
            ImageState::Available => "available",
        }
    }
}

/// One EBS block-device mapping of an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageMapping {
    pub device: String,
    pub snapshot_id: SnapshotId,
    pub volume_size_gib: u32,
    pub volume_type: String,
    /// Provisioned IOPS of io1, io2 and gp3 volumes made from this mapping (gp2 derives
    /// them from the size).
    #[serde(default)]
    pub iops: Option<u32>,
    pub delete_on_termination: bool,
    pub encrypted: bool,
}

/// Where an image came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageOrigin {
    /// CreateImage. `crash_consistent` when made with `--no-reboot` from a running instance:
    /// EC2 "can't guarantee file system integrity" (BC-EC2 CreateImageRequest.NoReboot, AMI-07).
    Instance {
        instance_id: String,
        crash_consistent: bool,
    },
    Registered,
    Copied {
        source_region: Region,
        source_image_id: ImageId,
    },
}

/// A custom AMI, owned by one account in one Region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    pub id: ImageId,
    pub owner: AccountId,
    pub name: String,
    pub description: String,
    pub state: ImageState,
    pub creation_time: Timestamp,
    pub root_device_name: String,
    pub mappings: Vec<ImageMapping>,
    /// Accounts allowed to launch it besides the owner (who always may).
    pub launch_users: BTreeSet<AccountId>,
    /// Launch permission for the group `all`: a public image.
    pub public: bool,
    pub origin: ImageOrigin,
    /// The login user of the OS inside (from the image it descends from).
    pub default_user: String,
    pub tags: Vec<Tag>,
    pub timer: Option<EventKey>,
}

impl Image {
    pub fn name_tag(&self) -> Option<&str> {
        self.tags.iter().find(|t| t.key == "Name").map(|t| t.value.as_str())
    }

    /// Whether `account` may launch it: the owner, listed accounts, or anyone when public.
    pub fn can_launch(&self, account: &AccountId) -> bool {
        &self.owner == account || self.public || self.launch_users.contains(account)
    }

    pub fn root_mapping(&self) -> Option<&ImageMapping> {
        self.mappings.iter().find(|m| m.device == self.root_device_name)
    }

    pub fn crash_consistent(&self) -> bool {
        matches!(self.origin, ImageOrigin::Instance { crash_consistent: true, .. })
    }
}

/// AMI names: 3–128 characters of letters, digits and `( ) [ ] . / - ' @ _` (BC-EC2
/// CreateImageRequest.Name).
fn check_image_name(name: &str) -> Result<(), ApiError> {
    let ok_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || "()[]./-'@_ ".contains(c));
    if !(3..=128).contains(&name.chars().count()) || !ok_chars {
        return Err(ApiError::ImageNameMalformed);
    }
    Ok(())
}

/// Seconds after its last snapshot completes until an image shows as available.
const REGISTER_SECS: (u64, u64) = (5, 20);
/// Cross-Region copies move the whole data (they are never incremental): this many MiB/s.
const COPY_MIB_PER_SEC: u64 = 20;

/// The sandbox models the `launchPermission` image attribute.
/// One `--block-device-mappings` item of RegisterImage: `DeviceName=…,Ebs={SnapshotId=…,…}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterMapping {
    pub device: String,
    pub snapshot_id: String,
    pub volume_size_gib: Option<u32>,
    pub volume_type: Option<String>,
    /// Provisioned IOPS (io1, io2, gp3).
    pub iops: Option<u32>,
    pub delete_on_termination: Option<bool>,
}

pub(crate) fn check_image_attribute(attribute: &str) -> Result<(), ApiError> {
    if attribute == "launchPermission" {
        Ok(())
    } else {
        Err(ApiError::InvalidParameterValue(format!(
            "Value ({attribute}) for parameter attribute is invalid. The sandbox models launchPermission."
        )))
    }
}

impl Sim {
    fn own_image_names(&self, scope: &Scope) -> Vec<(String, ImageId)> {
        self.world
            .region(scope)
            .map(|r| r.images.values().map(|i| (i.name.clone(), i.id.clone())).collect())
            .unwrap_or_default()
    }

    fn check_new_image(&self, scope: &Scope, name: &str, specs: &[TagSpecification]) -> Result<Vec<Tag>, ApiError> {
        check_image_name(name)?;
        if let Some((_, id)) = self.own_image_names(scope).into_iter().find(|(n, _)| n == name) {
            return Err(ApiError::ImageNameDuplicate { name: name.to_string(), image: id.to_string() });
        }
        let mut tags = Vec::new();
        for s in specs {
            if s.resource_type != "image" && s.resource_type != "snapshot" {
                return Err(ApiError::InvalidParameterValue(format!(
                    "'{}' is not a valid taggable resource type for this operation.",
                    s.resource_type
                )));
            }
            if s.resource_type == "image" {
                tags.extend(s.tags.iter().cloned());
            }
        }
        Ok(tags)
    }

    /// Files a new pending image and schedules it to become available at `ready`.
    fn file_image(&mut self, scope: &Scope, mut image: Image, ready: Timestamp) -> Image {
        let after =
            Millis::from_secs(self.rng.range(REGISTER_SECS.0, REGISTER_SECS.1)) + Millis(self.rng.range(0, 999));
        let key = self
            .queue
            .schedule(ready.plus(after), Event::ImageAvailable { scope: scope.clone(), image_id: image.id.clone() });
        image.timer = Some(key);
        if let Some(rs) = self.world.region_mut(scope) {
            rs.images.insert(image.id.clone(), image.clone());
        }
        image
    }

    pub(crate) fn create_image(
        &mut self,
        scope: &Scope,
        instance_id: &str,
        name: &str,
        description: Option<String>,
        no_reboot: bool,
        specs: &[TagSpecification],
    ) -> Result<Reply, ApiError> {
        let iid = self.resolve_instance(scope, instance_id)?;
        let inst = self
            .world
            .instance(scope, &iid)
            .cloned()
            .ok_or_else(|| ApiError::InstanceNotFound(vec![instance_id.into()]))?;
        if inst.root_device_type != crate::catalog::RootDeviceType::Ebs {
            return Err(ApiError::CreateImageInstanceStore(instance_id.to_string()));
        }
        let tags = self.check_new_image(scope, name, specs)?;
        if !matches!(inst.state, InstanceState::Running | InstanceState::Stopped) || inst.rebooting {
            return Err(ApiError::CreateImageState(instance_id.to_string()));
        }
        let image_id = ImageId::generate(&mut self.rng);
        let running = inst.state == InstanceState::Running;
        // By default EC2 shuts the instance down for the snapshots and reboots it, so the file
        // systems are at rest; --no-reboot takes them from the running system instead.
        if running && !no_reboot {
            self.reboot_instances(scope, &[instance_id.to_string()])?;
        }
        let attached: Vec<(String, String, bool)> = self
            .world
            .region(scope)
            .map(|rs| {
                rs.volumes
                    .values()
                    .filter_map(|v| {
                        let a = v.attachment.as_ref()?;
                        (a.instance_id == iid).then(|| (v.id.to_string(), a.device.clone(), a.delete_on_termination))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut mappings = Vec::new();
        let mut ready = self.now;
        for (vol, device, dot) in attached {
            let description = format!("Created by CreateImage({instance_id}) for {image_id}");
            let Ok(Reply::Snapshot { snapshot, .. }) = self.create_snapshot(scope, &vol, Some(description), &[]) else {
                continue;
            };
            ready = ready.max(snapshot.timer.map_or(self.now, |(at, _)| at));
            mappings.push(ImageMapping {
                device,
                snapshot_id: snapshot.id.clone(),
                volume_size_gib: snapshot.volume_size_gib,
                volume_type: self.volume_type_of(scope, &vol),
                iops: self
                    .vol(scope, &VolumeId::from(vol.clone()))
                    .filter(|v| v.volume_type != "gp2")
                    .and_then(|v| v.iops),
                delete_on_termination: dot,
                encrypted: snapshot.encrypted,
            });
        }
        let default_user = self.image_user(scope, &inst.image_id);
        let image = Image {
            id: image_id,
            owner: scope.account.clone(),
            name: name.to_string(),
            description: description.unwrap_or_default(),
            state: ImageState::Pending,
            creation_time: self.now,
            root_device_name: inst.root_device_name.clone(),
            mappings,
            launch_users: BTreeSet::new(),
            public: false,
            origin: ImageOrigin::Instance {
                instance_id: instance_id.to_string(),
                crash_consistent: running && no_reboot,
            },
            default_user,
            tags,
            timer: None,
        };
        let image = self.file_image(scope, image, ready);
        Ok(Reply::ImageId(image.id))
    }

    fn volume_type_of(&self, scope: &Scope, vol: &str) -> String {
        self.world
            .region(scope)
            .and_then(|r| r.volumes.get(&crate::ids::VolumeId::from(vol.to_string())))
            .map_or_else(|| "gp2".into(), |v| v.volume_type.clone())
    }

    /// The login user of an image: catalogue images name theirs; custom ones inherit it.
    pub(crate) fn image_user(&self, scope: &Scope, id: &ImageId) -> String {
        if let Some(p) = crate::catalog::public_image(scope.region, id.as_str()) {
            return p.default_user.to_string();
        }
        self.find_image(scope, id.as_str()).map_or_else(|| "ec2-user".into(), |i| i.default_user)
    }

    /// A custom image of any account in this Region, whoever may see it.
    pub(crate) fn find_image(&self, scope: &Scope, id: &str) -> Option<Image> {
        self.world
            .accounts
            .values()
            .filter_map(|a| a.regions.get(&scope.region))
            .find_map(|r| r.images.values().find(|i| i.id.as_str() == id))
            .cloned()
    }

    /// A custom image the caller may see (and so launch or copy), or the AWS error.
    pub(crate) fn visible_image(&self, scope: &Scope, id: &str) -> Result<Image, ApiError> {
        match self.find_image(scope, id) {
            Some(i) if i.can_launch(&scope.account) => Ok(i),
            // Images one may not launch are not visible at all: AWS answers NotFound.
            _ => Err(ApiError::ImageNotFound(id.to_string())),
        }
    }

    pub(crate) fn register_image(
        &mut self,
        scope: &Scope,
        name: &str,
        root_device_name: &str,
        mappings: Vec<RegisterMapping>,
        specs: &[TagSpecification],
    ) -> Result<Reply, ApiError> {
        let tags = self.check_new_image(scope, name, specs)?;
        let mut out = Vec::new();
        if !mappings.iter().any(|m| m.device == root_device_name) {
            return Err(ApiError::InvalidBlockDeviceMapping(format!(
                "The root device name {root_device_name} must have a block device mapping with a snapshot."
            )));
        }
        let limits = self.world.profile.limits();
        for m in mappings {
            let (device, snapshot, size, vtype, dot) =
                (m.device, m.snapshot_id, m.volume_size_gib, m.volume_type, m.delete_on_termination);
            let sid = self.resolve_snapshot(scope, &snapshot)?;
            let snap = self.world.region(scope).and_then(|r| r.snapshots.get(&sid)).cloned();
            let Some(snap) = snap else { return Err(ApiError::SnapshotNotFound(snapshot)) };
            if snap.state != SnapshotState::Completed {
                return Err(ApiError::SnapshotNotCompleted(snapshot));
            }
            // The volumes an image makes obey the rules of CreateVolume: a known type, a
            // size within its range and not below the snapshot's, IOPS where the type needs
            // them (EC2UG ebs-volume-types; RegisterImage's BlockDeviceMapping is an
            // EbsBlockDevice, the same shape RunInstances takes).
            let size = size.unwrap_or(snap.volume_size_gib);
            if size < snap.volume_size_gib {
                // The wording EC2 gives RunInstances and RegisterImage for a mapping smaller
                // than its snapshot (code InvalidBlockDeviceMapping).
                return Err(ApiError::InvalidBlockDeviceMapping(format!(
                    "Volume of size {size}GB is smaller than snapshot '{sid}', expect size >= {}GB",
                    snap.volume_size_gib
                )));
            }
            let vtype = vtype.unwrap_or_else(|| "gp2".into());
            let t = limits.volume_type(&vtype).ok_or_else(|| ApiError::UnknownVolumeType(vtype.clone()))?;
            let (iops, _) = crate::ec2::volumes::check_spec(t, size, m.iops, None)?;
            if device == root_device_name && !t.bootable {
                return Err(ApiError::InvalidBlockDeviceMapping(format!(
                    "Volume type {vtype} cannot be used as a root volume."
                )));
            }
            out.push(ImageMapping {
                device,
                snapshot_id: sid,
                volume_size_gib: size,
                iops: iops.filter(|_| vtype != "gp2"),
                volume_type: vtype,
                delete_on_termination: dot.unwrap_or(true),
                encrypted: snap.encrypted,
            });
        }
        let image = Image {
            id: ImageId::generate(&mut self.rng),
            owner: scope.account.clone(),
            name: name.to_string(),
            description: String::new(),
            state: ImageState::Pending,
            creation_time: self.now,
            root_device_name: root_device_name.to_string(),
            mappings: out,
            launch_users: BTreeSet::new(),
            public: false,
            origin: ImageOrigin::Registered,
            default_user: "ec2-user".into(),
            tags,
            timer: None,
        };
        let now = self.now;
        let image = self.file_image(scope, image, now);
        Ok(Reply::ImageId(image.id))
    }

    /// CopyImage runs in the destination Region (the caller's) and reads the source Region.
    /// The copy has its own id and its own, full snapshots; launch permissions and tags are
    /// not copied (aws-reference.md §B5).
    pub(crate) fn copy_image(
        &mut self,
        scope: &Scope,
        source_image_id: &str,
        source_region: &str,
        name: &str,
        description: Option<String>,
    ) -> Result<Reply, ApiError> {
        let region =
            Region::from_code(source_region).ok_or_else(|| ApiError::InvalidRegion(source_region.to_string()))?;
        if !ImageId::is_well_formed(source_image_id) {
            return Err(ApiError::ImageIdMalformed(source_image_id.to_string()));
        }
        let source_scope = Scope::new(scope.account.clone(), region);
        let source = self.visible_image(&source_scope, source_image_id)?;
        if source.state != ImageState::Available {
            return Err(ApiError::ImageNotAvailable(source_image_id.to_string()));
        }
        check_image_name(name)?;
        let image_id = ImageId::generate(&mut self.rng);
        let mut mappings = Vec::new();
        let mut ready = self.now;
        for m in &source.mappings {
            let owner_scope = Scope::new(source.owner.clone(), region);
            let Some(src) = self.world.region(&owner_scope).and_then(|r| r.snapshots.get(&m.snapshot_id)).cloned()
            else {
                continue;
            };
            let copy_secs = (src.full_blocks * BLOCK_BYTES / (1024 * 1024)) / COPY_MIB_PER_SEC;
            let after = Millis::from_secs(30 + copy_secs) + Millis(self.rng.range(0, 999));
            let id = SnapshotId::generate(&mut self.rng);
            let key = self.queue.schedule(
                self.now.plus(after),
                Event::SnapshotCompleted { scope: scope.clone(), snapshot_id: id.clone() },
            );
            ready = ready.max(self.now.plus(after));
            let copy = Snapshot {
                id: id.clone(),
                owner: scope.account.clone(),
                volume_id: crate::ids::VolumeId::from("vol-ffffffff"),
                volume_size_gib: src.volume_size_gib,
                description: format!(
                    "Copied for DestinationAmi {image_id} from SourceAmi {source_image_id} for SourceSnapshot {} in {source_region}",
                    src.id
                ),
                state: SnapshotState::Pending,
                start_time: self.now,
                complete_time: None,
                encrypted: src.encrypted,
                kms_key_id: src.kms_key_id.clone(),
                tags: Vec::new(),
                // Copies across Regions are full, never incremental (EC2UG CopyingAMIs).
                incremental_blocks: src.full_blocks,
                full_blocks: src.full_blocks,
                disk: src.disk.clone(),
                timer: Some(key),
                storage_since: self.now,
                volume_users: Default::default(),
                public: false,
                billed_usd: 0.0,
            };
            if let Some(rs) = self.world.region_mut(scope) {
                rs.insert_snapshot(copy);
            }
            mappings.push(ImageMapping { snapshot_id: id, ..m.clone() });
        }
        let image = Image {
            id: image_id,
            owner: scope.account.clone(),
            name: name.to_string(),
            description: description.unwrap_or_else(|| source.description.clone()),
            state: ImageState::Pending,
            creation_time: self.now,
            root_device_name: source.root_device_name.clone(),
            mappings,
            launch_users: BTreeSet::new(),
            public: false,
            origin: ImageOrigin::Copied { source_region: region, source_image_id: source.id.clone() },
            default_user: source.default_user.clone(),
            tags: Vec::new(),
            timer: None,
        };
        let image = self.file_image(scope, image, ready);
        Ok(Reply::ImageId(image.id))
    }

    fn own_image_mut(&mut self, scope: &Scope, id: &str) -> Result<&mut Image, ApiError> {
        if !ImageId::is_well_formed(id) {
            return Err(ApiError::ImageIdMalformed(id.to_string()));
        }
        if crate::catalog::public_image(scope.region, id).is_some() {
            return Err(ApiError::NotImageOwner(id.to_string()));
        }
        let visible = self.find_image(scope, id).is_some_and(|i| i.can_launch(&scope.account));
        let rs = self.world.region_mut(scope).ok_or_else(|| ApiError::ImageNotFound(id.into()))?;
        match rs.images.get_mut(&ImageId::from(id.to_string())) {
            Some(i) => Ok(i),
            None if visible => Err(ApiError::NotImageOwner(id.to_string())),
            None => Err(ApiError::ImageNotFound(id.to_string())),
        }
    }

    /// Deregistering stops new launches; running instances and the image's snapshots stay.
    pub(crate) fn deregister_image(&mut self, scope: &Scope, id: &str) -> Result<Reply, ApiError> {
        let image = self.own_image_mut(scope, id)?.clone();
        if let Some(k) = image.timer {
            self.queue.cancel(k);
        }
        if let Some(rs) = self.world.region_mut(scope) {
            rs.images.remove(&image.id);
        }
        Ok(Reply::Empty)
    }

    pub(crate) fn modify_launch_permission(
        &mut self,
        scope: &Scope,
        id: &str,
        add: Vec<String>,
        remove: Vec<String>,
    ) -> Result<Reply, ApiError> {
        let add = crate::ec2::permission_list(&add, ApiError::InvalidAmiAttributeValue)?;
        let remove = crate::ec2::permission_list(&remove, ApiError::InvalidAmiAttributeValue)?;
        let image = self.own_image_mut(scope, id)?.clone();
        if (add.0 || !add.1.is_empty()) && image.mappings.iter().any(|m| m.encrypted) {
            // Encrypted snapshots under the account's default key cannot be shared: the other
            // account cannot use that key.
            return Err(ApiError::EncryptedImageNotShareable(id.to_string()));
        }
        let image = self.own_image_mut(scope, id)?;
        crate::ec2::apply_permissions(&mut image.public, &mut image.launch_users, add, remove);
        Ok(Reply::Empty)
    }

    pub(crate) fn describe_launch_permission(&mut self, scope: &Scope, id: &str) -> Result<Reply, ApiError> {
        let image = self.own_image_mut(scope, id)?.clone();
        let mut list: Vec<String> = image.launch_users.iter().map(|a| a.to_string()).collect();
        if image.public {
            list.insert(0, "all".into());
        }
        Ok(Reply::LaunchPermissions { image_id: image.id, permissions: list })
    }

    pub(crate) fn reset_launch_permission(&mut self, scope: &Scope, id: &str) -> Result<Reply, ApiError> {
        let image = self.own_image_mut(scope, id)?;
        image.public = false;
        image.launch_users.clear();
        Ok(Reply::Empty)
    }

    pub(crate) fn on_image_available(&mut self, scope: &Scope, id: &ImageId, key: EventKey) {
        let Some(rs) = self.world.region_mut(scope) else { return };
        let snaps_done = rs.images.get(id).is_some_and(|i| {
            i.mappings
                .iter()
                .all(|m| rs.snapshots.get(&m.snapshot_id).is_none_or(|s| s.state == SnapshotState::Completed))
        });
        if let Some(image) = rs.images.get_mut(id)
            && image.timer == Some(key)
        {
            image.timer = None;
            if snaps_done {
                image.state = ImageState::Available;
            }
        }
        // If a snapshot is still copying (it should not be), look again a little later.
        let pending = self
            .world
            .region(scope)
            .and_then(|r| r.images.get(id))
            .is_some_and(|i| i.state == ImageState::Pending && i.timer.is_none());
        if pending {
            let k = self.queue.schedule(
                self.now.plus(Millis::from_secs(10)),
                Event::ImageAvailable { scope: scope.clone(), image_id: id.clone() },
            );
            if let Some(image) = self.world.region_mut(scope).and_then(|r| r.images.get_mut(id)) {
                image.timer = Some(k);
            }
        }
    }

    /// Whether a snapshot backs one of this Region's images of the account.
    pub(crate) fn snapshot_in_use(&self, scope: &Scope, id: &SnapshotId) -> Option<ImageId> {
        self.world
            .region(scope)?
            .images
            .values()
            .find(|i| i.mappings.iter().any(|m| &m.snapshot_id == id))
            .map(|i| i.id.clone())
    }

    /// Images launched from this source: volumes created from its snapshots.
    pub(crate) fn launch_volumes(&self, image: &Image) -> Vec<(ImageMapping, crate::storage::Disk)> {
        let Some(account) = self.world.accounts.get(&image.owner) else { return Vec::new() };
        let region = account.regions.values().find(|r| r.images.contains_key(&image.id));
        let Some(rs) = region else { return Vec::new() };
        image
            .mappings
            .iter()
            .filter_map(|m| {
                let s = rs.snapshots.get(&m.snapshot_id)?;
                let mut disk = s.disk.clone();
                disk.written_blocks = 0;
                Some((m.clone(), disk))
            })
            .collect()
    }
}
