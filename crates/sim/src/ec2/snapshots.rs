//! EBS snapshots: point-in-time copies of a volume's content, incremental after the first
//! (only the blocks changed since the previous snapshot of that volume are stored), pending
//! while the data is copied, restorable into new volumes (STO-03, aws-reference.md §B6).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::command::Reply;
use crate::ec2::api::{Filter, Tag, TagSpecification};
use crate::ec2::filters::{any_match, check_names};
use crate::ec2::glob_match;
use crate::error::ApiError;
use crate::event::{Event, EventKey};
use crate::ids::{AccountId, SnapshotId, VolumeId};
use crate::region::Region;
use crate::region::Scope;
use crate::sim::Sim;
use crate::storage::{BLOCK_BYTES, Disk};
use crate::time::{Millis, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SnapshotState {
    Pending,
    Completed,
}

impl SnapshotState {
    pub fn as_str(self) -> &'static str {
        match self {
            SnapshotState::Pending => "pending",
            SnapshotState::Completed => "completed",
        }
    }
}

/// An EBS snapshot and the content it captured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: SnapshotId,
    pub owner: AccountId,
    pub volume_id: VolumeId,
    pub volume_size_gib: u32,
    pub description: String,
    pub state: SnapshotState,
    pub start_time: Timestamp,
    pub complete_time: Option<Timestamp>,
    pub encrypted: bool,
    pub kms_key_id: Option<String>,
    pub tags: Vec<Tag>,
    /// Blocks this snapshot stores itself: all used blocks for a volume's first snapshot,
    /// the blocks changed since the previous one after that.
    pub incremental_blocks: u64,
    /// Blocks of data the volume held: what restoring it gives back.
    pub full_blocks: u64,
    /// The volume's content when the snapshot started: later writes are not in it.
    pub disk: Disk,
    pub timer: Option<EventKey>,
    /// Start of the current storage billing period (stored size unchanged since).
    pub storage_since: Timestamp,
    /// Accounts allowed to create volumes from it besides the owner (createVolumePermission).
    #[serde(default)]
    pub volume_users: BTreeSet<AccountId>,
    /// createVolumePermission for the group `all`: a public snapshot.
    #[serde(default)]
    pub public: bool,
    /// Charges of the periods before `storage_since` (when it stored less).
    #[serde(default)]
    pub billed_usd: f64,
}

impl Snapshot {
    /// Whether `account` may see it and create volumes from it (or copy it).
    pub fn can_restore(&self, account: &AccountId) -> bool {
        &self.owner == account || self.public || self.volume_users.contains(account)
    }

    pub fn name(&self) -> Option<&str> {
        self.tags.iter().find(|t| t.key == "Name").map(|t| t.value.as_str())
    }

    pub fn incremental_bytes(&self) -> u64 {
        self.incremental_blocks * BLOCK_BYTES
    }

    /// Storage charges of this snapshot so far, by what it stores itself.
    pub fn cost_so_far(&self, region: crate::region::Region, now: Timestamp) -> f64 {
        self.billed_usd
            + crate::world::gib_hours(self.stored_gib(), self.storage_since, now) / crate::catalog::HOURS_PER_MONTH
                * crate::catalog::snapshot_price_gib_month(region)
    }

    /// GiB this snapshot stores itself: what it is billed for.
    pub fn stored_gib(&self) -> f64 {
        self.incremental_bytes() as f64 / 1_073_741_824.0
    }

    /// Percent copied at `now`, as DescribeSnapshots shows it (`"42%"`).
    pub fn progress(&self, now: Timestamp, due: Option<Timestamp>) -> u32 {
        match (self.state, due) {
            (SnapshotState::Completed, _) => 100,
            (SnapshotState::Pending, Some(due)) => {
                let total = due.since(self.start_time).0.max(1);
                (now.since(self.start_time).0 * 100 / total).min(99) as u32
            }
            (SnapshotState::Pending, None) => 0,
        }
    }
}

/// Copy speed of snapshot data, and a fixed start-up time: AWS publishes neither; these give
/// minutes for a first snapshot of a root volume and seconds for a small increment.
pub const COPY_MIB_PER_SEC: u64 = 40;
pub const START_SECS: (u64, u64) = (5, 15);

const FILTERS: &[&str] = &["snapshot-id", "volume-id", "status", "owner-id", "description", "encrypted", "volume-size"];

impl Sim {
    /// A snapshot of any account in this Region that the caller may restore, or the error AWS
    /// gives: snapshots one may not use are not visible at all.
    pub(crate) fn visible_snapshot(&self, scope: &Scope, id: &str) -> Result<Snapshot, ApiError> {
        if !SnapshotId::is_well_formed(id) {
            return Err(ApiError::SnapshotIdMalformed(id.to_string()));
        }
        self.world
            .accounts
            .values()
            .filter_map(|a| a.regions.get(&scope.region))
            .find_map(|r| r.snapshots.get(&SnapshotId::from(id.to_string())))
            .filter(|s| s.can_restore(&scope.account))
            .cloned()
            .ok_or_else(|| ApiError::SnapshotNotFound(id.to_string()))
    }

    pub(crate) fn resolve_snapshot(&self, scope: &Scope, id: &str) -> Result<SnapshotId, ApiError> {
        if !SnapshotId::is_well_formed(id) {
            return Err(ApiError::SnapshotIdMalformed(id.to_string()));
        }
        let sid = SnapshotId::from(id.to_string());
        if self.world.region(scope).is_some_and(|r| r.snapshots.contains_key(&sid)) {
            Ok(sid)
        } else {
            Err(ApiError::SnapshotNotFound(id.to_string()))
        }
    }

    pub(crate) fn create_snapshot(
        &mut self,
        scope: &Scope,
        volume_id: &str,
        description: Option<String>,
        specs: &[TagSpecification],
    ) -> Result<Reply, ApiError> {
        let vid = self.resolve_volume(scope, volume_id)?;
        let tags = crate::ec2::tags_for(specs, "snapshot")?;
        let rs = self.world.region(scope).ok_or_else(|| ApiError::VolumeNotFound(volume_id.into()))?;
        let vol = rs.volumes.get(&vid).ok_or_else(|| ApiError::VolumeNotFound(volume_id.into()))?;
        if !matches!(vol.state, crate::ec2::VolumeState::Available | crate::ec2::VolumeState::InUse) {
            return Err(ApiError::VolumeNotAvailable(volume_id.to_string()));
        }
        // Incremental: the first snapshot of a volume holds all its data; a later one only the
        // blocks changed since the previous one (EC2UG EBSSnapshots). A volume restored from
        // one of this account's snapshots continues that chain.
        // A volume made from another account's shared snapshot starts a new, full chain.
        let has_previous =
            vol.snapshot_id.as_ref().is_some_and(|s| rs.snapshots.contains_key(&SnapshotId::from(s.clone())))
                || rs.index.snapshots_of(&vid).next().is_some();
        let incremental = if has_previous { vol.disk.changed_since_snapshot } else { vol.disk.used_blocks };
        let (size, encrypted, kms, disk, used) =
            (vol.size_gib, vol.encrypted, vol.kms_key_id.clone(), vol.disk.clone(), vol.disk.used_blocks);
        let id = SnapshotId::generate(&mut self.rng);
        let copy_secs = (incremental * BLOCK_BYTES / (1024 * 1024)) / COPY_MIB_PER_SEC;
        let after =
            Millis::from_secs(self.rng.range(START_SECS.0, START_SECS.1) + copy_secs) + Millis(self.rng.range(0, 999));
        let timer = self
            .queue
            .schedule(self.now.plus(after), Event::SnapshotCompleted { scope: scope.clone(), snapshot_id: id.clone() });
        let snapshot = Snapshot {
            id: id.clone(),
            owner: scope.account.clone(),
            volume_id: vid.clone(),
            volume_size_gib: size,
            description: description.unwrap_or_default(),
            state: SnapshotState::Pending,
            start_time: self.now,
            complete_time: None,
            encrypted,
            kms_key_id: kms,
            tags,
            incremental_blocks: incremental,
            full_blocks: used,
            disk,
            timer: Some(timer),
            storage_since: self.now,
            volume_users: BTreeSet::new(),
            public: false,
            billed_usd: 0.0,
        };
        if let Some(rs) = self.world.region_mut(scope) {
            // The volume stays usable while the snapshot is pending (BC-EC2 CreateSnapshot);
            // what it writes from now on goes into the next increment.
            if let Some(v) = rs.volumes.get_mut(&vid) {
                v.disk.mark_snapshotted();
            }
            rs.insert_snapshot(snapshot.clone());
        }
        // Just started: nothing copied yet.
        Ok(Reply::Snapshot { snapshot: Box::new(snapshot), progress: 0 })
    }

    /// When a pending snapshot completes, for its progress.
    pub fn snapshot_due(&self, snapshot: &Snapshot) -> Option<Timestamp> {
        snapshot.timer.map(|(at, _)| at)
    }

    pub(crate) fn describe_snapshots(
        &self,
        scope: &Scope,
        ids: &[String],
        owners: &[String],
        restorable_by: &[String],
        filters: &[Filter],
    ) -> Result<Reply, ApiError> {
        check_names(filters, FILTERS, true)?;
        for id in ids {
            self.visible_snapshot(scope, id)?;
        }
        // Every snapshot the caller may restore: its own, those shared with it and public
        // ones, of any account in the Region (BC-EC2 DescribeSnapshots).
        let mut all: Vec<&Snapshot> = self
            .world
            .accounts
            .values()
            .filter_map(|a| a.regions.get(&scope.region))
            .flat_map(|r| r.snapshots.values())
            .filter(|s| s.can_restore(&scope.account))
            .collect();
        crate::sort::by(&mut all, |a, b| (a.start_time, a.id.as_str()).cmp(&(b.start_time, b.id.as_str())));
        let me = scope.account.as_str();
        let mut out = Vec::new();
        for s in all {
            if !ids.is_empty() && !ids.iter().any(|i| i == s.id.as_str()) {
                continue;
            }
            let owner_is = |o: &String| if o == "self" { s.owner.as_str() == me } else { o == s.owner.as_str() };
            if !owners.is_empty() && !owners.iter().any(owner_is) {
                continue;
            }
            // RestorableByUserIds: accounts that may create volumes from it (`self` is the caller).
            let restorable = |r: &String| {
                let acct = AccountId::from(if r == "self" { me.to_string() } else { r.clone() });
                if r == "all" { s.public } else { s.can_restore(&acct) }
            };
            if !restorable_by.is_empty() && !restorable_by.iter().any(restorable) {
                continue;
            }
            let size = s.volume_size_gib.to_string();
            let enc = s.encrypted.to_string();
            let mut keep = true;
            for f in filters {
                keep &= match f.name.as_str() {
                    "snapshot-id" => any_match(f, [s.id.as_str()]),
                    "volume-id" => any_match(f, [s.volume_id.as_str()]),
                    "status" => any_match(f, [s.state.as_str()]),
                    "owner-id" => any_match(f, [s.owner.as_str()]),
                    "description" => any_match(f, [s.description.as_str()]),
                    "encrypted" => any_match(f, [enc.as_str()]),
                    "volume-size" => any_match(f, [size.as_str()]),
                    name => {
                        let key = name.strip_prefix("tag:").unwrap_or_default();
                        f.values.iter().any(|p| s.tags.iter().any(|t| t.key == key && glob_match(p, &t.value)))
                    }
                };
            }
            if keep {
                let progress = s.progress(self.now, self.snapshot_due(s));
                out.push((s.clone(), progress));
            }
        }
        Ok(Reply::Snapshots(out))
    }

    /// Deleting removes only what this snapshot stores alone: the next snapshot of the same
    /// volume takes over its blocks, so every remaining snapshot still restores the full
    /// volume (EC2UG EBSSnapshots, "deleting a snapshot").
    pub(crate) fn delete_snapshot(&mut self, scope: &Scope, id: &str) -> Result<Reply, ApiError> {
        let sid = self.resolve_snapshot(scope, id)?;
        // A snapshot backing a registered AMI stays until the AMI is deregistered (§B5).
        if let Some(image) = self.snapshot_in_use(scope, &sid) {
            return Err(ApiError::SnapshotInUse { snapshot: id.to_string(), image: image.to_string() });
        }
        let rs = self.world.region_mut(scope).ok_or_else(|| ApiError::SnapshotNotFound(id.into()))?;
        let Some(gone) = rs.remove_snapshot(&sid) else { return Err(ApiError::SnapshotNotFound(id.into())) };
        let now = self.now;
        let mut hours = crate::world::gib_hours(gone.stored_gib(), gone.storage_since, now);
        // The next snapshot of the same volume (in id order among equals, as before).
        let heir = rs
            .index
            .snapshots_of(&gone.volume_id)
            .filter_map(|s| rs.snapshots.get(s))
            .filter(|s| s.start_time >= gone.start_time)
            .min_by_key(|s| s.start_time)
            .map(|s| s.id.clone())
            .and_then(|id| rs.snapshots.get_mut(&id));
        if let Some(next) = heir {
            // The heir's stored size grows: bill what it stored so far first.
            let heir_hours = crate::world::gib_hours(next.stored_gib(), next.storage_since, now);
            hours += heir_hours;
            next.billed_usd +=
                heir_hours / crate::catalog::HOURS_PER_MONTH * crate::catalog::snapshot_price_gib_month(scope.region);
            next.storage_since = now;
            next.incremental_blocks =
                (next.incremental_blocks + gone.incremental_blocks).min(next.full_blocks.max(next.incremental_blocks));
        }
        if let Some(k) = gone.timer {
            self.queue.cancel(k);
        }
        if let Some(acct) = self.world.accounts.get_mut(&scope.account) {
            *acct.storage_gib_hours.entry(format!("{}/snapshot", scope.region.code())).or_default() += hours;
        }
        Ok(Reply::Empty)
    }

    /// A volume restored from a completed snapshot: its content, its size at least.
    pub(crate) fn disk_from_snapshot(
        &self,
        scope: &Scope,
        id: &str,
    ) -> Result<(SnapshotId, u32, Disk, bool, Option<String>), ApiError> {
        let s = self.visible_snapshot(scope, id)?;
        let sid = s.id.clone();
        if s.state != SnapshotState::Completed {
            return Err(ApiError::SnapshotNotCompleted(id.to_string()));
        }
        let mut disk = s.disk.clone();
        disk.written_blocks = 0;
        disk.mark_snapshotted();
        Ok((sid, s.volume_size_gib, disk, s.encrypted, s.kms_key_id.clone()))
    }

    pub(crate) fn on_snapshot_completed(&mut self, scope: &Scope, id: &SnapshotId, key: EventKey) {
        let now = self.now;
        if let Some(s) = self.world.region_mut(scope).and_then(|r| r.snapshots.get_mut(id))
            && s.timer == Some(key)
        {
            s.timer = None;
            s.state = SnapshotState::Completed;
            s.complete_time = Some(now);
        }
    }

    /// CopySnapshot into the Region of the request. Copies across Regions, to a new key or
    /// from another account are full copies (aws-reference.md §B6); the sandbox also makes
    /// same-Region copies full, a simplification that only costs storage.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn copy_snapshot(
        &mut self,
        scope: &Scope,
        source_id: &str,
        source_region: &str,
        description: Option<String>,
        encrypted: bool,
        kms_key_id: Option<String>,
        specs: &[TagSpecification],
    ) -> Result<Reply, ApiError> {
        let region =
            Region::from_code(source_region).ok_or_else(|| ApiError::InvalidRegion(source_region.to_string()))?;
        let source_scope = Scope::new(scope.account.clone(), region);
        let src = self.visible_snapshot(&source_scope, source_id)?;
        if src.state != SnapshotState::Completed {
            return Err(ApiError::SnapshotNotCompleted(source_id.to_string()));
        }
        if kms_key_id.is_some() && !encrypted {
            return Err(ApiError::InvalidParameterDependency(
                "The parameter KmsKeyId requires the parameter Encrypted to be set.".into(),
            ));
        }
        let tags = crate::ec2::tags_for(specs, "snapshot")?;
        // An encrypted source stays encrypted; a copy into another Region or account is
        // re-encrypted with a key there (the one asked for, or the default EBS key).
        let is_encrypted = src.encrypted || encrypted;
        let same_key_ok = region == scope.region && src.owner == scope.account;
        let key = is_encrypted.then(|| {
            kms_key_id
                .clone()
                .or_else(|| src.kms_key_id.clone().filter(|_| same_key_ok))
                .unwrap_or_else(|| self.default_ebs_key(scope))
        });
        let id = SnapshotId::generate(&mut self.rng);
        let copy_secs = (src.full_blocks * BLOCK_BYTES / (1024 * 1024)) / COPY_MIB_PER_SEC;
        let after = Millis::from_secs(30 + copy_secs) + Millis(self.rng.range(0, 999));
        let timer = self
            .queue
            .schedule(self.now.plus(after), Event::SnapshotCompleted { scope: scope.clone(), snapshot_id: id.clone() });
        let copy = Snapshot {
            id: id.clone(),
            owner: scope.account.clone(),
            // AWS shows this placeholder as the volume of every copied snapshot.
            volume_id: VolumeId::from("vol-ffffffff"),
            volume_size_gib: src.volume_size_gib,
            description: description.unwrap_or_else(|| format!("[Copied {} from {}]", src.id, region.code())),
            state: SnapshotState::Pending,
            start_time: self.now,
            complete_time: None,
            encrypted: is_encrypted,
            kms_key_id: key,
            tags: tags.clone(),
            incremental_blocks: src.full_blocks,
            full_blocks: src.full_blocks,
            disk: src.disk.clone(),
            timer: Some(timer),
            storage_since: self.now,
            volume_users: BTreeSet::new(),
            public: false,
            billed_usd: 0.0,
        };
        if let Some(rs) = self.world.region_mut(scope) {
            rs.insert_snapshot(copy);
        }
        Ok(Reply::SnapshotCopied { snapshot_id: id, tags })
    }

    /// One of the caller's own snapshots, for changing its attributes.
    fn own_snapshot_mut(&mut self, scope: &Scope, id: &str) -> Result<&mut Snapshot, ApiError> {
        let sid = self.resolve_snapshot(scope, id)?;
        self.world
            .region_mut(scope)
            .and_then(|r| r.snapshots.get_mut(&sid))
            .ok_or_else(|| ApiError::SnapshotNotFound(id.to_string()))
    }

    /// ModifySnapshotAttribute createVolumePermission. Snapshots under the default EBS key
    /// cannot be shared, and no encrypted snapshot can be public
    /// (EC2UG ebs-modifying-snapshot-permissions).
    pub(crate) fn modify_volume_permission(
        &mut self,
        scope: &Scope,
        id: &str,
        add: Vec<String>,
        remove: Vec<String>,
    ) -> Result<Reply, ApiError> {
        let add = crate::ec2::permission_list(&add, ApiError::InvalidSnapshotPermission)?;
        let remove = crate::ec2::permission_list(&remove, ApiError::InvalidSnapshotPermission)?;
        let default_key = self.default_ebs_key(scope);
        let snap = self.own_snapshot_mut(scope, id)?;
        if snap.encrypted && add.0 {
            return Err(ApiError::EncryptedSnapshotPublic(id.to_string()));
        }
        if snap.encrypted && !add.1.is_empty() && snap.kms_key_id.as_deref() == Some(default_key.as_str()) {
            return Err(ApiError::EncryptedSnapshotDefaultKey(id.to_string()));
        }
        crate::ec2::apply_permissions(&mut snap.public, &mut snap.volume_users, add, remove);
        Ok(Reply::Empty)
    }

    pub(crate) fn describe_snapshot_attribute(
        &mut self,
        scope: &Scope,
        id: &str,
        attribute: &str,
    ) -> Result<Reply, ApiError> {
        check_snapshot_attribute(attribute)?;
        let snap = self.own_snapshot_mut(scope, id)?;
        let mut permissions: Vec<String> = Vec::new();
        if attribute == "createVolumePermission" {
            if snap.public {
                permissions.push("all".into());
            }
            permissions.extend(snap.volume_users.iter().map(|a| a.to_string()));
        }
        Ok(Reply::SnapshotAttribute { snapshot_id: snap.id.clone(), attribute: attribute.to_string(), permissions })
    }

    pub(crate) fn reset_snapshot_attribute(
        &mut self,
        scope: &Scope,
        id: &str,
        attribute: &str,
    ) -> Result<Reply, ApiError> {
        check_snapshot_attribute(attribute)?;
        let snap = self.own_snapshot_mut(scope, id)?;
        if attribute == "createVolumePermission" {
            snap.public = false;
            snap.volume_users.clear();
        }
        Ok(Reply::Empty)
    }
}

/// The attributes of a snapshot (BC-EC2 SnapshotAttributeName).
fn check_snapshot_attribute(attribute: &str) -> Result<(), ApiError> {
    match attribute {
        "createVolumePermission" | "productCodes" => Ok(()),
        other => Err(ApiError::InvalidParameterValue(format!(
            "Value ({other}) for parameter attribute is invalid. Valid values are createVolumePermission, productCodes."
        ))),
    }
}
