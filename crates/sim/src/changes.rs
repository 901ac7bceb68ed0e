//! The change feed: one record for every create, update and delete of a resource, by a
//! request or by an event (a state change after boot counts, as on AWS), in order. AWS Config
//! records configuration items from it and EventBridge will route it; each record carries
//! the resource's Describe view after the change (the view before is the previous record's,
//! or its hash when that record has been forgotten).
//!
//! Cost per change: after a request or an event only the resources it can have touched are
//! described again — the ids the request or event names, the instances and volumes attached to
//! them (before and after), the resources created or deleted in its Region (a key-set diff,
//! done only when a count changed), and the Region's few key pairs, alarms, topics and
//! subscriptions. Each is compared by hash with the last view recorded for it. IAM is global:
//! a request or event that may change IAM looks again at the account's roles, which are keyed
//! with no Region (AWS Config's `awsRegion` of a global resource is `global`).
//!
//! The feed is followed only while something asks for it ([`Sim::follow_changes`]: AWS Config's
//! recorder, a test, `sim changes on`): describing what a change touched costs about as much as
//! the request itself, and a world nobody watches should not pay it. Turning it on takes the
//! world as it is as the starting point.
//!
//! Bounded like the histories: the newest [`MAX_RECORDS`] records of the last 15 days are
//! kept; the latest hash of every live resource is kept always, so the feed still tells a
//! change from no change after its records are gone.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::command::{Command, Scope};
use crate::event::{Event, Subject};
use crate::ids::AccountId;
use crate::region::Region;
use crate::resource::ResourceView;
use crate::sim::Sim;
use crate::time::{Millis, Timestamp};

/// A record holds a whole view (an instance's is about 3 KB): 200 keep a followed world's save
/// well inside the browser's storage quota.
pub const MAX_RECORDS: usize = 200;
pub const MAX_AGE: Millis = Millis(15 * 24 * 3_600_000);

/// The kinds of resources the feed follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ResourceKind {
    Instance,
    Volume,
    Snapshot,
    Image,
    KeyPair,
    Alarm,
    Topic,
    Subscription,
    Role,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 9] = [
        ResourceKind::Instance,
        ResourceKind::Volume,
        ResourceKind::Snapshot,
        ResourceKind::Image,
        ResourceKind::KeyPair,
        ResourceKind::Alarm,
        ResourceKind::Topic,
        ResourceKind::Subscription,
        ResourceKind::Role,
    ];

    /// The type name AWS Config and CloudFormation give the resource (aws-reference.md §D2;
    /// the AWS Config resource schema), from the service that builds its view. Neither has
    /// one for EBS snapshots or AMIs: those are in the sandbox's own namespace, `Kumo::`.
    pub fn type_name(self) -> &'static str {
        match self {
            ResourceKind::Instance => crate::ec2::views::INSTANCE,
            ResourceKind::Volume => crate::ec2::views::VOLUME,
            ResourceKind::Snapshot => crate::ec2::views::SNAPSHOT,
            ResourceKind::Image => crate::ec2::views::IMAGE,
            ResourceKind::KeyPair => crate::ec2::views::KEY_PAIR,
            ResourceKind::Alarm => crate::cloudwatch::serve::ALARM,
            ResourceKind::Topic => crate::sns::serve::TOPIC,
            ResourceKind::Subscription => crate::sns::serve::SUBSCRIPTION,
            ResourceKind::Role => crate::iam::ROLE,
        }
    }
}

/// One resource: its owner, Region (none for a global one: an IAM role), kind and id (a key
/// pair's and an alarm's name, a topic's and a subscription's ARN, a role's id, as AWS Config's
/// `resourceId` of a role is).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ResourceKey {
    pub account: AccountId,
    pub region: Option<Region>,
    pub kind: ResourceKind,
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeType {
    Create,
    Update,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeRecord {
    pub seq: u64,
    pub time: Timestamp,
    pub resource: ResourceKey,
    pub change: ChangeType,
    /// The hash of the view before (none for a create).
    pub before_hash: Option<u64>,
    /// The Describe view after (none for a delete).
    pub after: Option<Value>,
    /// The request (`RunInstances`) or the event (`InstanceRunning`) that caused it.
    pub cause: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangeFeed {
    /// Whether changes are being followed.
    pub on: bool,
    pub records: VecDeque<ChangeRecord>,
    /// The hash of the latest view of every live resource (saved as a list of pairs: JSON
    /// object keys are strings).
    #[serde(with = "pairs")]
    pub latest: BTreeMap<ResourceKey, u64>,
    pub next_seq: u64,
}

impl ChangeFeed {
    /// The records after `seq` (all, for 0), oldest first.
    pub fn since(&self, seq: u64) -> impl Iterator<Item = &ChangeRecord> {
        self.records.iter().filter(move |r| r.seq > seq)
    }
}

/// The view's JSON text through [`crate::rng::stable_hash`]: the same on every platform.
pub fn view_hash(view: &Value) -> u64 {
    crate::rng::stable_hash(&serde_json::to_string(view).unwrap_or_default())
}

/// What one request or event may have touched, gathered before and after it: in a Region,
/// or (no Region) the account's global resources.
pub(crate) struct Watch {
    account: AccountId,
    region: Option<Region>,
    keys: BTreeSet<ResourceKey>,
    counts: [usize; 4],
}

impl ChangeFeed {
    /// The live resources the feed knows of an account in a Region (none: its global ones),
    /// from kind `from` on in [`ResourceKind`]'s order.
    fn known(&self, account: &AccountId, region: Option<Region>, from: ResourceKind) -> Vec<ResourceKey> {
        let lo = ResourceKey { account: account.clone(), region, kind: from, id: String::new() };
        self.latest
            .range(lo..)
            .take_while(|(k, _)| k.account == *account && k.region == region)
            .map(|(k, _)| k.clone())
            .collect()
    }
}

impl ResourceKey {
    fn regional(scope: &Scope, kind: ResourceKind, id: String) -> ResourceKey {
        ResourceKey { account: scope.account.clone(), region: Some(scope.region), kind, id }
    }
}

impl Watch {
    fn global(account: &AccountId) -> Watch {
        Watch { account: account.clone(), region: None, keys: BTreeSet::new(), counts: [0; 4] }
    }
}

impl Sim {
    /// A resource as it is now, as its service describes it ([`ResourceView`]: the Describe
    /// item — DescribeInstances' `Instances[]`, DescribeVolumes' `Volumes[]`, …, SNS's
    /// attributes, an IAM role's RoleDetail — with its type name, ARN, zone, creation time, tags
    /// and relationships), or none if it does not exist.
    pub fn resource_view(&self, key: &ResourceKey) -> Option<ResourceView> {
        if key.kind == ResourceKind::Role {
            let role = self.world.accounts.get(&key.account)?.iam.roles().find(|r| r.id == key.id)?;
            return Some(role.resource_view(&key.account));
        }
        let scope = Scope::new(key.account.clone(), key.region?);
        let rs = self.world.region(&scope)?;
        let region = scope.region;
        use crate::ec2::views as ec2;
        // Keyed look-ups: describing what a change touched costs per resource described, not
        // per resource in the Region.
        let id = key.id.clone();
        match key.kind {
            ResourceKind::Instance => rs
                .instances
                .get(&crate::ids::InstanceId::from(id))
                .map(|i| ec2::instance(i, region, &crate::ec2::response::ebs_mappings(Some(rs), i))),
            ResourceKind::Volume => {
                rs.volumes.get(&crate::ids::VolumeId::from(id)).map(|v| ec2::volume(v, &key.account, region))
            }
            ResourceKind::Snapshot => {
                rs.snapshots.get(&crate::ids::SnapshotId::from(id)).map(|s| ec2::snapshot(s, region))
            }
            ResourceKind::Image => rs.images.get(&crate::ids::ImageId::from(id)).map(|i| ec2::image(i, region)),
            ResourceKind::KeyPair => rs.key_pairs.get(&key.id).map(|k| ec2::key_pair(k, &key.account, region)),
            ResourceKind::Alarm => rs.alarms.get(&key.id).map(|a| a.resource_view(&scope)),
            ResourceKind::Topic => self.topic_resource(&scope, &key.id),
            ResourceKind::Subscription => self.subscription_resource(&scope, &key.id),
            ResourceKind::Role => None,
        }
    }

    /// [`Sim::resource_view`] as JSON: what the feed records and hashes.
    pub fn describe_view(&self, key: &ResourceKey) -> Option<Value> {
        self.resource_view(key).map(ResourceView::into_value)
    }

    /// Every global resource of an account: its IAM roles.
    pub fn global_resource_keys(&self, account: &AccountId) -> Vec<ResourceKey> {
        let Some(acc) = self.world.accounts.get(account) else { return Vec::new() };
        acc.iam
            .roles()
            .map(|r| ResourceKey { account: account.clone(), region: None, kind: ResourceKind::Role, id: r.id.clone() })
            .collect()
    }

    /// Every resource of a scope, of every kind.
    pub fn resource_keys(&self, scope: &Scope) -> Vec<ResourceKey> {
        let Some(rs) = self.world.region(scope) else { return Vec::new() };
        let key = |kind, id| ResourceKey::regional(scope, kind, id);
        let mut out = Vec::new();
        out.extend(rs.instances.keys().map(|i| key(ResourceKind::Instance, i.to_string())));
        out.extend(rs.volumes.keys().map(|v| key(ResourceKind::Volume, v.to_string())));
        out.extend(rs.snapshots.keys().map(|s| key(ResourceKind::Snapshot, s.to_string())));
        out.extend(rs.images.keys().map(|i| key(ResourceKind::Image, i.to_string())));
        out.extend(self.small_keys(scope));
        out
    }

    /// The kinds a Region has only a few of, looked at after every change in it.
    fn small_keys(&self, scope: &Scope) -> Vec<ResourceKey> {
        let Some(rs) = self.world.region(scope) else { return Vec::new() };
        let key = |kind, id| ResourceKey::regional(scope, kind, id);
        let mut out = Vec::new();
        out.extend(rs.key_pairs.keys().map(|k| key(ResourceKind::KeyPair, k.clone())));
        out.extend(rs.alarms.keys().map(|a| key(ResourceKind::Alarm, a.clone())));
        out.extend(rs.topics.values().map(|t| key(ResourceKind::Topic, t.arn.clone())));
        out.extend(rs.subscriptions.keys().map(|s| key(ResourceKind::Subscription, s.clone())));
        out
    }

    pub fn changes(&self) -> &ChangeFeed {
        &self.changes
    }

    fn counts(&self, scope: &Scope) -> [usize; 4] {
        self.world
            .region(scope)
            .map(|rs| [rs.instances.len(), rs.volumes.len(), rs.snapshots.len(), rs.images.len()])
            .unwrap_or_default()
    }

    /// Adds a named id and what is attached to it: an instance's volumes, a volume's instance.
    fn add_with_attachments(&self, scope: &Scope, id: &str, keys: &mut BTreeSet<ResourceKey>) {
        let key = |kind, id| ResourceKey::regional(scope, kind, id);
        let Some(rs) = self.world.region(scope) else { return };
        let kind = if id.starts_with("i-") {
            ResourceKind::Instance
        } else if id.starts_with("vol-") {
            ResourceKind::Volume
        } else if id.starts_with("snap-") {
            ResourceKind::Snapshot
        } else if id.starts_with("ami-") {
            ResourceKind::Image
        } else {
            return;
        };
        keys.insert(key(kind, id.to_string()));
        match kind {
            ResourceKind::Instance => {
                for v in rs.index.volumes_of(&crate::ids::InstanceId::from(id.to_string())) {
                    keys.insert(key(ResourceKind::Volume, v.to_string()));
                }
            }
            ResourceKind::Volume => {
                if let Some(a) =
                    rs.volumes.get(&crate::ids::VolumeId::from(id.to_string())).and_then(|v| v.attachment.as_ref())
                {
                    keys.insert(key(ResourceKind::Instance, a.instance_id.to_string()));
                }
            }
            _ => {}
        }
    }

    /// Looks at a request before it runs: what it names, and what is attached to that.
    pub(crate) fn watch_command(&self, scope: &Scope, command: &Command) -> Option<Watch> {
        if !self.changes.on {
            return None;
        }
        if let Command::Iam(r) = command {
            return (!r.is_read_only()).then(|| Watch::global(&scope.account));
        }
        let mut keys = BTreeSet::new();
        let ids = command.named_ids();
        // An alarm the request names may act at once (SetAlarmState): on the instance its
        // dimensions name.
        let rs = self.world.region(scope);
        let alarm_ids: Vec<String> = ids
            .iter()
            .filter_map(|name| rs.and_then(|rs| rs.alarms.get(*name)))
            .flat_map(|a| a.spec.dimensions.iter().map(|(_, v)| v.clone()))
            .collect();
        for id in ids.iter().copied().chain(alarm_ids.iter().map(String::as_str)) {
            self.add_with_attachments(scope, id, &mut keys);
        }
        Some(Watch { account: scope.account.clone(), region: Some(scope.region), keys, counts: self.counts(scope) })
    }

    /// Looks at an event before it fires: its subject, and what is attached to it.
    pub(crate) fn watch_event(&self, event: &Event) -> Option<Watch> {
        if !self.changes.on {
            return None;
        }
        let scope = event.scope().clone();
        if let Event::Iam { .. } = event {
            return Some(Watch::global(&scope.account));
        }
        let mut keys = BTreeSet::new();
        match event.subject() {
            // An alarm's actions act on the instance its dimensions name.
            Subject::Alarm(name) => {
                let alarm = self.world.region(&scope).and_then(|rs| rs.alarms.get(name));
                let ids: Vec<String> =
                    alarm.map(|a| a.spec.dimensions.iter().map(|(_, v)| v.clone()).collect()).unwrap_or_default();
                for id in &ids {
                    self.add_with_attachments(&scope, id, &mut keys);
                }
            }
            subject => self.add_with_attachments(&scope, subject.id(), &mut keys),
        }
        Some(Watch { account: scope.account.clone(), region: Some(scope.region), keys, counts: self.counts(&scope) })
    }

    /// After the request or event: describes what it may have touched again and records what
    /// changed.
    pub(crate) fn record_changes(&mut self, watch: Option<Watch>, cause: &str) {
        let Some(mut watch) = watch else { return };
        let Some(region) = watch.region else {
            // The account's roles now, and the ones the feed knows (a deleted one is gone).
            watch.keys.extend(self.global_resource_keys(&watch.account));
            watch.keys.extend(self.changes.known(&watch.account, None, ResourceKind::Role));
            return self.record_keys(watch.keys, cause);
        };
        let scope = Scope::new(watch.account.clone(), region);
        let before: Vec<ResourceKey> = watch.keys.iter().cloned().collect();
        for k in &before {
            self.add_with_attachments(&scope, &k.id, &mut watch.keys);
        }
        watch.keys.extend(self.small_keys(&scope));
        // Small kinds that are gone: the ones the feed knows in this scope.
        watch.keys.extend(self.changes.known(&scope.account, Some(scope.region), ResourceKind::KeyPair));
        if self.counts(&scope) != watch.counts {
            // Something was created or deleted: the key sets of this scope against the feed's.
            let now: BTreeSet<ResourceKey> = crate::sort::set_of(self.resource_keys(&scope));
            let known = self.changes.known(&scope.account, Some(scope.region), ResourceKind::Instance);
            for k in known.iter().filter(|k| !now.contains(*k)) {
                watch.keys.insert(k.clone());
            }
            for k in now.into_iter().filter(|k| !self.changes.latest.contains_key(k)) {
                watch.keys.insert(k);
            }
        }
        self.record_keys(watch.keys, cause);
    }

    /// Describes each key again and records the ones whose view changed, then forgets what is
    /// past the feed's bounds.
    fn record_keys(&mut self, keys: BTreeSet<ResourceKey>, cause: &str) {
        for key in keys {
            let view = self.describe_view(&key);
            let old = self.changes.latest.get(&key).copied();
            let (change, after, hash) = match (&view, old) {
                (None, None) => continue,
                (None, Some(_)) => (ChangeType::Delete, None, None),
                (Some(v), old) => {
                    let h = view_hash(v);
                    if old == Some(h) {
                        continue;
                    }
                    (if old.is_none() { ChangeType::Create } else { ChangeType::Update }, view, Some(h))
                }
            };
            match hash {
                Some(h) => self.changes.latest.insert(key.clone(), h),
                None => self.changes.latest.remove(&key),
            };
            self.changes.next_seq += 1;
            let record = ChangeRecord {
                seq: self.changes.next_seq,
                time: self.now,
                resource: key,
                change,
                before_hash: old,
                after,
                cause: cause.to_string(),
            };
            self.changes.records.push_back(record);
        }
        let now = self.now;
        while self.changes.records.len() > MAX_RECORDS
            || self.changes.records.front().is_some_and(|r| now.since(r.time) > MAX_AGE)
        {
            self.changes.records.pop_front();
        }
    }

    /// Starts or stops following changes. Starting takes every resource as it is now as the
    /// starting point (no records: nothing has changed yet); stopping forgets the feed.
    pub fn follow_changes(&mut self, on: bool) {
        if on == self.changes.on {
            return;
        }
        self.changes = ChangeFeed { on, ..ChangeFeed::default() };
        if on {
            self.baseline_changes();
        }
    }

    fn baseline_changes(&mut self) {
        let scopes: Vec<Scope> = self
            .world
            .accounts
            .iter()
            .flat_map(|(a, acc)| acc.regions.keys().map(move |r| Scope::new(a.clone(), *r)))
            .collect();
        let accounts: Vec<AccountId> = self.world.accounts.keys().cloned().collect();
        let global = accounts.iter().flat_map(|a| self.global_resource_keys(a));
        let keys: Vec<ResourceKey> = scopes.iter().flat_map(|s| self.resource_keys(s)).chain(global).collect();
        for key in keys {
            if let Some(v) = self.describe_view(&key) {
                self.changes.latest.insert(key, view_hash(&v));
            }
        }
    }
}

mod pairs {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::ResourceKey;

    pub fn serialize<S: Serializer>(map: &BTreeMap<ResourceKey, u64>, s: S) -> Result<S::Ok, S::Error> {
        let list: Vec<(&ResourceKey, &u64)> = map.iter().collect();
        list.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<ResourceKey, u64>, D::Error> {
        let list: Vec<(ResourceKey, u64)> = Vec::deserialize(d)?;
        Ok(list.into_iter().collect())
    }
}
