//! The state of the simulated AWS world: accounts × Regions × resources.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::catalog;
use crate::command::Scope;
use crate::ec2::images::{Image, ImageState};
use crate::ec2::key_pairs::KeyPair;
use crate::ec2::snapshots::{Snapshot, SnapshotState};
use crate::ec2::{CheckStatus, DefaultVpc, Instance, InstanceState, Volume};
use crate::ids::{AccountId, ImageId, InstanceId, ReservationId, SnapshotId, VolumeId};
use crate::limits::Profile;
use crate::region::Region;
use crate::rng::Rng;
use crate::time::Timestamp;

/// Everything one account holds in one Region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionState {
    pub vpc: DefaultVpc,
    pub instances: BTreeMap<InstanceId, Instance>,
    /// Reservation → its instances in launch order.
    pub reservations: BTreeMap<ReservationId, Vec<InstanceId>>,
    pub volumes: BTreeMap<VolumeId, Volume>,
    pub snapshots: BTreeMap<SnapshotId, Snapshot>,
    /// Custom AMIs this account owns in this Region.
    pub images: BTreeMap<ImageId, Image>,
    /// Key pairs of this Region by name (key pairs are regional, INS-06).
    pub key_pairs: BTreeMap<String, KeyPair>,
    pub next_launch_seq: u64,
    /// Sandbox fault plan: `"<instance type>/<zone>"` pairs out of capacity.
    pub capacity_out: BTreeSet<String>,
    /// CloudWatch metric alarms by name (alarms are regional).
    #[serde(default)]
    pub alarms: BTreeMap<String, crate::cloudwatch::MetricAlarm>,
    /// SNS topics by name, and subscriptions by ARN (SNS is regional).
    #[serde(default)]
    pub topics: BTreeMap<String, crate::sns::Topic>,
    #[serde(default)]
    pub subscriptions: BTreeMap<String, crate::sns::Subscription>,
    /// Derived look-ups (attachments by instance, alarms by resource, private addresses):
    /// rebuilt when a world is loaded, never saved.
    #[serde(skip)]
    pub(crate) index: crate::index::RegionIndex,
}

impl RegionState {
    fn new(region: Region, rng: &mut Rng) -> RegionState {
        RegionState {
            vpc: DefaultVpc::create(region, rng),
            instances: BTreeMap::new(),
            reservations: BTreeMap::new(),
            volumes: BTreeMap::new(),
            snapshots: BTreeMap::new(),
            images: BTreeMap::new(),
            key_pairs: BTreeMap::new(),
            next_launch_seq: 0,
            capacity_out: BTreeSet::new(),
            alarms: BTreeMap::new(),
            topics: BTreeMap::new(),
            subscriptions: BTreeMap::new(),
            index: crate::index::RegionIndex::default(),
        }
    }

    /// The volumes attached to an instance (in any attachment state), in id order: a look-up
    /// in the index, not a search of the Region's volumes.
    pub fn attached_to<'a>(&'a self, instance: &InstanceId) -> impl Iterator<Item = &'a Volume> + use<'a> {
        self.index.attached.get(&instance.0).into_iter().flatten().filter_map(|v| self.volumes.get(v.as_str()))
    }

    /// The id of the volume attached to an instance at a device, if any.
    pub fn volume_at(&self, instance: &InstanceId, device: &str) -> Option<VolumeId> {
        self.attached_to(instance)
            .find(|v| v.attachment.as_ref().is_some_and(|a| a.device == device))
            .map(|v| v.id.clone())
    }

    /// Adds a snapshot, and to the index of snapshots by volume.
    pub(crate) fn insert_snapshot(&mut self, snapshot: Snapshot) {
        self.index.index_snapshot(&snapshot.volume_id, &snapshot.id, true);
        self.snapshots.insert(snapshot.id.clone(), snapshot);
    }

    /// Takes a snapshot away, and from the index.
    pub(crate) fn remove_snapshot(&mut self, id: &SnapshotId) -> Option<Snapshot> {
        let gone = self.snapshots.remove(id)?;
        self.index.index_snapshot(&gone.volume_id, id, false);
        Some(gone)
    }

    /// The look-ups [`RegionState::index`] holds, derived from the resources.
    fn derived_index(&self) -> crate::index::RegionIndex {
        let mut index = crate::index::RegionIndex::default();
        for v in self.volumes.values() {
            index.move_attachment(&v.id, None, v.attachment.as_ref().map(|a| &a.instance_id));
        }
        for a in self.alarms.values() {
            index.index_alarm(&a.spec.name, a.spec.dimensions.iter().map(|(_, v)| v.as_str()), true);
        }
        index.private_ips = crate::sort::set_of(self.instances.values().filter_map(|i| i.private_ip));
        for s in self.snapshots.values() {
            index.index_snapshot(&s.volume_id, &s.id, true);
        }
        index
    }

    /// The instances a Describe call lists, in launch order: those named (each once, looked
    /// up by id), or all.
    pub fn listed(&self, named: Option<&[InstanceId]>) -> Vec<&Instance> {
        let Some(ids) = named else { return self.instances_in_launch_order() };
        let mut list: Vec<&Instance> = ids.iter().filter_map(|id| self.instances.get(id)).collect();
        crate::sort::by_key(&mut list, |i| i.launch_seq);
        list.dedup_by_key(|i| i.launch_seq);
        list
    }

    /// Instances in launch order (the order DescribeInstances lists them in).
    pub fn instances_in_launch_order(&self) -> Vec<&Instance> {
        let mut list: Vec<&Instance> = self.instances.values().collect();
        crate::sort::by_key(&mut list, |i| i.launch_seq);
        list
    }
}

/// One AWS account of the world.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub regions: BTreeMap<Region, RegionState>,
    /// Closed billing periods: `"<region>/<instance type>"` → billed milliseconds. Open periods
    /// of running instances are added when the cost is read.
    pub billed_ms: BTreeMap<String, u64>,
    /// Closed storage periods: `"<region>/<volume type>"` or `"<region>/snapshot"` → GiB-hours.
    /// Volumes and snapshots that still exist add theirs when the cost is read.
    pub storage_gib_hours: BTreeMap<String, f64>,
    /// The sandbox's inbox: what SNS sent to this account's email subscriptions.
    #[serde(default)]
    pub mail: Vec<crate::sns::Mail>,
    /// IAM is global: one set of roles per account, whatever the Region.
    #[serde(default)]
    pub iam: crate::iam::Iam,
}

/// The whole simulated world.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct World {
    pub profile: Profile,
    pub accounts: BTreeMap<AccountId, Account>,
    /// Derived: the public IPv4 addresses every instance of the world holds (they are unique
    /// across accounts and Regions). Rebuilt when a world is loaded, never saved.
    #[serde(skip)]
    pub(crate) public_ips: BTreeSet<[u8; 4]>,
}

/// What an account has spent: per-item lines and the total, in USD.
#[derive(Debug, Clone, PartialEq)]
pub struct CostReport {
    pub lines: Vec<CostLine>,
    pub total_usd: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CostLine {
    pub region: Region,
    /// An instance type, `EBS <volume type>`, or `EBS snapshots`.
    pub item: String,
    /// Seconds of instance time, or GiB-hours of storage.
    pub quantity: f64,
    pub unit: &'static str,
    pub usd: f64,
}

/// GiB-hours of `gib` stored from `since` to `now`.
pub fn gib_hours(gib: f64, since: Timestamp, now: Timestamp) -> f64 {
    gib * now.since(since).0 as f64 / 3_600_000.0
}

impl World {
    /// A new world with the learner's account and a partner account, each with a default VPC
    /// in every Region.
    pub fn new(profile: Profile, rng: &mut Rng) -> World {
        let mut accounts = BTreeMap::new();
        for id in [AccountId::learner(), AccountId::partner()] {
            let regions = crate::sort::map_of(Region::ALL.into_iter().map(|r| (r, RegionState::new(r, rng))));
            accounts.insert(
                id.clone(),
                Account {
                    id,
                    regions,
                    billed_ms: BTreeMap::new(),
                    storage_gib_hours: BTreeMap::new(),
                    mail: Vec::new(),
                    iam: crate::iam::Iam::default(),
                },
            );
        }
        World { profile, accounts, public_ips: BTreeSet::new() }
    }

    pub fn region(&self, scope: &Scope) -> Option<&RegionState> {
        self.accounts.get(&scope.account)?.regions.get(&scope.region)
    }

    pub fn region_mut(&mut self, scope: &Scope) -> Option<&mut RegionState> {
        self.accounts.get_mut(&scope.account)?.regions.get_mut(&scope.region)
    }

    pub fn instance(&self, scope: &Scope, id: &InstanceId) -> Option<&Instance> {
        self.region(scope)?.instances.get(id)
    }

    /// The disks an instance sees: `(device, kind, disk)` for its root device, its attached
    /// EBS volumes and its instance-store disks (`ephemeral0`, …).
    pub fn instance_disks(&self, scope: &Scope, id: &InstanceId) -> Vec<(String, &'static str, &crate::storage::Disk)> {
        let Some(rs) = self.region(scope) else { return Vec::new() };
        let Some(inst) = rs.instances.get(id) else { return Vec::new() };
        let mut out = Vec::new();
        if let Some(d) = &inst.root_disk {
            out.push((inst.root_device_name.clone(), "instance-store", d));
        }
        for v in rs.attached_to(id) {
            if let Some(a) = v.attachment.as_ref() {
                out.push((a.device.clone(), "ebs", &v.disk));
            }
        }
        for (n, d) in inst.instance_store.iter().enumerate() {
            out.push((format!("ephemeral{n}"), "instance-store", d));
        }
        out
    }

    /// The account's instance-usage cost up to `now`: closed periods plus open ones, and the
    /// EBS-optimized fee of the periods that paid it.
    pub fn cost(&self, account: &AccountId, now: Timestamp) -> CostReport {
        let mut ms: BTreeMap<(Region, String), u64> = BTreeMap::new();
        if let Some(acct) = self.accounts.get(account) {
            for (key, billed) in &acct.billed_ms {
                if let Some((region, ty)) = key.split_once('/')
                    && let Some(region) = Region::from_code(region)
                {
                    *ms.entry((region, ty.to_string())).or_default() += billed;
                }
            }
            for (region, rs) in &acct.regions {
                for inst in rs.instances.values() {
                    if let Some(since) = inst.billing.running_since {
                        let open = now.since(since).0.max(crate::ec2::Billing::MINIMUM_MS);
                        *ms.entry((*region, inst.instance_type.clone())).or_default() += open;
                        if inst.pays_ebs_optimized_fee() {
                            *ms.entry((*region, format!("{EBS_OPTIMIZED_FEE}{}", inst.instance_type))).or_default() +=
                                open;
                        }
                    }
                }
            }
        }
        let mut lines: Vec<CostLine> = ms
            .into_iter()
            .map(|((region, ty), ms)| {
                let (price, item) = match ty.strip_prefix(EBS_OPTIMIZED_FEE) {
                    Some(t) => (
                        catalog::instance_type(t).map_or(0.0, |t| t.ebs_optimized_fee_per_hour(region)),
                        format!("EBS-optimized {t}"),
                    ),
                    None => (catalog::instance_type(&ty).map_or(0.0, |t| t.price_per_hour(region)), ty),
                };
                CostLine { region, usd: ms as f64 / 3_600_000.0 * price, quantity: ms as f64 / 1000.0, unit: "s", item }
            })
            .collect();
        // Storage: EBS volumes by GiB-month of their size, snapshots by what each stores.
        let mut storage: BTreeMap<(Region, String), f64> = BTreeMap::new();
        if let Some(acct) = self.accounts.get(account) {
            for (key, h) in &acct.storage_gib_hours {
                if let Some((region, kind)) = key.split_once('/')
                    && let Some(region) = Region::from_code(region)
                {
                    *storage.entry((region, kind.to_string())).or_default() += h;
                }
            }
            for (region, rs) in &acct.regions {
                for v in rs.volumes.values() {
                    *storage.entry((*region, v.volume_type.clone())).or_default() +=
                        gib_hours(f64::from(v.size_gib), v.storage_since, now);
                }
                for sn in rs.snapshots.values() {
                    *storage.entry((*region, "snapshot".into())).or_default() +=
                        gib_hours(sn.stored_gib(), sn.storage_since, now);
                }
            }
        }
        for ((region, kind), hours) in storage {
            let per_month = if kind == "snapshot" {
                catalog::snapshot_price_gib_month(region)
            } else {
                catalog::ebs_price_gib_month(region, &kind)
            };
            lines.push(CostLine {
                region,
                item: if kind == "snapshot" { "EBS snapshots".into() } else { format!("EBS {kind}") },
                quantity: hours,
                unit: "GiB-h",
                usd: hours / catalog::HOURS_PER_MONTH * per_month,
            });
        }
        let total_usd = lines.iter().map(|l| l.usd).sum();
        CostReport { lines, total_usd }
    }

    /// Derives the look-ups a loaded world does not carry (crate::index).
    pub(crate) fn rebuild_indexes(&mut self) {
        for account in self.accounts.values_mut() {
            for rs in account.regions.values_mut() {
                rs.index = rs.derived_index();
            }
        }
        self.public_ips = self.derived_public_ips();
    }

    fn derived_public_ips(&self) -> BTreeSet<[u8; 4]> {
        crate::sort::set_of(
            self.accounts
                .values()
                .flat_map(|a| a.regions.values())
                .flat_map(|r| r.instances.values())
                .filter_map(|i| i.public_ip),
        )
    }

    /// Checks the rules that must hold in every reachable world; returns the first broken one.
    pub fn check_invariants(&self) -> Result<(), String> {
        if self.public_ips != self.derived_public_ips() {
            return Err("the index of public addresses differs from the instances'".into());
        }
        for account in self.accounts.values() {
            for (region, rs) in &account.regions {
                if rs.index != rs.derived_index() {
                    return Err(format!("{}/{region}: an index differs from the resources'", account.id));
                }
            }
        }
        let mut public_ips = BTreeSet::new();
        for (account_id, account) in &self.accounts {
            if &account.id != account_id {
                return Err(format!("account {} filed under {}", account.id, account_id));
            }
            account.iam.check_invariants().map_err(|e| format!("{account_id}: {e}"))?;
            for (region, rs) in &account.regions {
                let mut private_ips = BTreeSet::new();
                for (id, inst) in &rs.instances {
                    let here = format!("{account_id}/{region}/{id}");
                    if &inst.id != id {
                        return Err(format!("{here}: filed under the wrong id"));
                    }
                    if region.zone(&inst.availability_zone).is_none() {
                        return Err(format!("{here}: zone {} is not in {region}", inst.availability_zone));
                    }
                    if catalog::instance_type(&inst.instance_type).is_none() {
                        return Err(format!("{here}: unknown instance type {:?}", inst.instance_type));
                    }
                    if let Some(m) = inst.network_load_mbps
                        && !(0.0..=crate::ec2::instance_ebs::MAX_NETWORK_LOAD_MBPS).contains(&m)
                    {
                        return Err(format!("{here}: network load {m} Mbps out of range"));
                    }
                    if inst.billing.ebs_optimized_ms > inst.billing.billed_ms {
                        return Err(format!("{here}: more EBS-optimized time than billed time"));
                    }
                    let subnet = rs
                        .vpc
                        .subnet(inst.subnet_id.as_str())
                        .ok_or_else(|| format!("{here}: unknown subnet {}", inst.subnet_id))?;
                    if subnet.availability_zone != inst.availability_zone {
                        return Err(format!("{here}: subnet and instance zones differ"));
                    }
                    if !rs.reservations.get(&inst.reservation_id).is_some_and(|ids| ids.contains(id)) {
                        return Err(format!("{here}: missing from reservation {}", inst.reservation_id));
                    }
                    match inst.private_ip {
                        Some(ip) => {
                            if !subnet.contains_host(ip) {
                                return Err(format!("{here}: private IP outside its subnet"));
                            }
                            if !private_ips.insert(ip) {
                                return Err(format!("{here}: private IP used twice"));
                            }
                        }
                        None if inst.state != InstanceState::Terminated => {
                            return Err(format!("{here}: no private IP while {}", inst.state.as_str()));
                        }
                        None => {}
                    }
                    if let Some(ip) = inst.public_ip
                        && !public_ips.insert(ip)
                    {
                        return Err(format!("{here}: public IP used twice"));
                    }
                    let running = inst.state == InstanceState::Running;
                    if running != inst.billing.running_since.is_some() {
                        return Err(format!("{here}: billed while {}", inst.state.as_str()));
                    }
                    if inst.state.is_transitional() != (inst.transition_timer.is_some() && !inst.rebooting) {
                        return Err(format!("{here}: {} without exactly one transition event", inst.state.as_str()));
                    }
                    if inst.rebooting && !running {
                        return Err(format!("{here}: rebooting while {}", inst.state.as_str()));
                    }
                    if matches!(inst.state, InstanceState::Stopped | InstanceState::Stopping)
                        && inst.root_device_type == crate::catalog::RootDeviceType::InstanceStore
                    {
                        return Err(format!("{here}: an instance-store-backed instance cannot stop"));
                    }
                    if matches!(inst.state, InstanceState::Stopped | InstanceState::Terminated)
                        && (inst.public_ip.is_some() || inst.host_id.is_some())
                    {
                        return Err(format!("{here}: keeps a public IP or host while {}", inst.state.as_str()));
                    }
                    if !running && inst.instance_status != CheckStatus::NotApplicable {
                        return Err(format!("{here}: status checks while {}", inst.state.as_str()));
                    }
                    if (inst.state == InstanceState::Terminated) != inst.terminated_at.is_some() {
                        return Err(format!("{here}: terminated_at does not match the state"));
                    }
                    if let Some(vol) = &inst.root_volume {
                        let v = rs.volumes.get(vol).ok_or_else(|| format!("{here}: root volume {vol} missing"))?;
                        let at_root = v
                            .attachment
                            .as_ref()
                            .is_some_and(|a| &a.instance_id == id && a.device == inst.root_device_name);
                        if !at_root {
                            return Err(format!("{here}: root volume {vol} not attached at {}", inst.root_device_name));
                        }
                    }
                }
                for (sid, snap) in &rs.snapshots {
                    if &snap.id != sid || (snap.state == SnapshotState::Pending) != snap.timer.is_some() {
                        return Err(format!("{sid}: misfiled, or pending without its event"));
                    }
                    if &snap.owner != account_id {
                        return Err(format!("{sid}: owned by {} but filed under {account_id}", snap.owner));
                    }
                }
                for (iid, image) in &rs.images {
                    if &image.id != iid || &image.owner != account_id {
                        return Err(format!("{iid}: misfiled image"));
                    }
                    for m in &image.mappings {
                        let t = known_volume_type(self.profile, &m.volume_type).map_err(|e| format!("{iid}: {e}"))?;
                        if !(t.min_gib..=t.max_gib).contains(&m.volume_size_gib) {
                            return Err(format!(
                                "{iid}: mapping of {} GiB outside {}'s range",
                                m.volume_size_gib, t.name
                            ));
                        }
                        if !rs.snapshots.contains_key(&m.snapshot_id) {
                            return Err(format!("{iid}: mapping names a missing snapshot {}", m.snapshot_id));
                        }
                    }
                    if image.state == ImageState::Pending && image.timer.is_none() {
                        return Err(format!("{iid}: pending without its event"));
                    }
                    if image.state == ImageState::Available && image.timer.is_some() {
                        return Err(format!("{iid}: available but still waiting"));
                    }
                }
                let mut key_ids = BTreeSet::new();
                for (name, k) in &rs.key_pairs {
                    if &k.name != name || !key_ids.insert(k.id.clone()) {
                        return Err(format!("{account_id}/{region}: key pair {name} misfiled or id reused"));
                    }
                }
                for (rid, ids) in &rs.reservations {
                    if ids.is_empty() || ids.iter().any(|i| !rs.instances.contains_key(i)) {
                        return Err(format!("{account_id}/{region}: reservation {rid} lists missing instances"));
                    }
                }
                let mut devices = BTreeSet::new();
                for (vid, v) in &rs.volumes {
                    if &v.id != vid {
                        return Err(format!("{vid}: filed under the wrong id"));
                    }
                    check_volume(self.profile, *region, v).map_err(|e| format!("{vid}: {e}"))?;
                    if let Some(a) = &v.attachment
                        && !devices.insert((a.instance_id.clone(), a.device.clone()))
                    {
                        return Err(format!("{vid}: a second volume at {} of {}", a.device, a.instance_id));
                    }
                    if v.is_transitional() != v.timer.is_some() {
                        return Err(format!("{vid}: {} without exactly one pending event", v.state.as_str()));
                    }
                    let modifying = v
                        .modification
                        .as_ref()
                        .is_some_and(|m| m.state != crate::ec2::volumes::ModificationState::Completed);
                    if modifying != v.modification_timer.is_some() {
                        return Err(format!("{vid}: modification without its event"));
                    }
                    if (v.state == crate::ec2::VolumeState::InUse) != v.attachment.is_some() {
                        return Err(format!(
                            "{vid}: {} but attachment is {:?}",
                            v.state.as_str(),
                            v.attachment.is_some()
                        ));
                    }
                    if let Some(a) = &v.attachment {
                        let inst = rs
                            .instances
                            .get(&a.instance_id)
                            .ok_or_else(|| format!("{vid}: attached to a missing instance"))?;
                        if inst.state == InstanceState::Terminated && a.delete_on_termination {
                            return Err(format!("{vid}: outlived its terminated instance"));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// What no request can make of a volume: an unknown type or zone, a size or IOPS outside the
/// type's range (EC2UG ebs-volume-types, as `check_spec` enforces), a bucket outside
/// [0, its size] or not a number.
fn check_volume(profile: Profile, region: Region, v: &Volume) -> Result<(), String> {
    let limits = profile.limits();
    let t = known_volume_type(profile, &v.volume_type)?;
    if !(t.min_gib..=t.max_gib).contains(&v.size_gib) {
        return Err(format!("{} GiB is outside {}'s {}–{} GiB", v.size_gib, t.name, t.min_gib, t.max_gib));
    }
    if let (Some((lo, hi)), Some(iops)) = (t.iops, v.iops)
        && !(lo..=hi).contains(&iops)
    {
        return Err(format!("{iops} IOPS is outside {}'s {lo}–{hi}", t.name));
    }
    if t.iops_required && v.iops.is_none() {
        return Err(format!("a {} volume without IOPS", t.name));
    }
    if let (Some((lo, hi)), Some(tp)) = (t.throughput, v.throughput_mibps)
        && !(lo..=hi).contains(&tp)
    {
        return Err(format!("{tp} MiB/s is outside {}'s {lo}–{hi}", t.name));
    }
    if region.zone(&v.availability_zone).is_none() {
        return Err(format!("zone {} is not in {region}", v.availability_zone));
    }
    let credits = v.burst.credits;
    let cap = crate::ec2::performance::bucket_cap(limits, &v.burst.inputs.volume_type, v.burst.inputs.size_gib);
    if !credits.is_finite() || credits < 0.0 || cap.is_some_and(|c| credits > c + 1e-6) {
        return Err(format!("burst bucket holds {credits} credits"));
    }
    Ok(())
}

/// A volume type of the profile, or of the current one: catalogue images of today (gp3
/// roots) launch in the classic profile too.
fn known_volume_type(profile: Profile, name: &str) -> Result<&'static crate::limits::VolumeTypeLimits, String> {
    profile
        .limits()
        .volume_type(name)
        .or_else(|| Profile::Current.limits().volume_type(name))
        .ok_or_else(|| format!("unknown volume type {name:?}"))
}

/// The prefix of a billing-ledger key for the EBS-optimized fee of a type.
pub const EBS_OPTIMIZED_FEE: &str = "ebs-optimized:";
