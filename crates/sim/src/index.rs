//! Derived look-ups of a Region, for the questions a request or an event asks of the resources
//! around the one it is about: which volumes are attached to this instance, which alarms
//! watch this resource, which snapshots a volume has, which private addresses are taken.
//! Without them each answer is a search of the Region, and a request costs time in proportion
//! to the world's size.
//!
//! Derived, never saved: a loaded world rebuilds them from its resources, and the world's
//! invariant check compares them with a rebuild, so an index that drifts is found by every
//! property test. Each is a map from an id's text to a set of ids' texts, one type for all
//! (one copy of the B-tree code in the page, not one per pair of id types).

use std::collections::{BTreeMap, BTreeSet};

use crate::ids::{IdText, InstanceId, SnapshotId, VolumeId};

/// From an id to the ids under it.
pub type IdSets = BTreeMap<IdText, BTreeSet<IdText>>;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionIndex {
    /// The volumes attached to each instance, in any attachment state (attaching to
    /// detaching); an instance with none has no entry.
    pub attached: IdSets,
    /// The alarms (by name) whose dimensions name a resource id.
    pub alarms_on: IdSets,
    /// The snapshots taken of each volume (by the volume's id, which outlives the volume).
    pub snapshots_of: IdSets,
    /// The private IPv4 addresses the Region's instances hold.
    pub private_ips: BTreeSet<[u8; 4]>,
}

impl RegionIndex {
    /// A volume's attachment moved from one instance (or none) to another (or none).
    pub fn move_attachment(&mut self, volume: &VolumeId, from: Option<&InstanceId>, to: Option<&InstanceId>) {
        if from == to {
            return;
        }
        if let Some(from) = from {
            set_entry(&mut self.attached, &from.0, &volume.0, false);
        }
        if let Some(to) = to {
            set_entry(&mut self.attached, &to.0, &volume.0, true);
        }
    }

    /// The volumes attached to an instance, in id order.
    pub fn volumes_of(&self, instance: &InstanceId) -> impl Iterator<Item = VolumeId> + '_ {
        self.attached.get(&instance.0).into_iter().flatten().map(|v| VolumeId(v.clone()))
    }

    /// A snapshot of `volume` was added (`on`) or deleted.
    pub fn index_snapshot(&mut self, volume: &VolumeId, snapshot: &SnapshotId, on: bool) {
        set_entry(&mut self.snapshots_of, &volume.0, &snapshot.0, on);
    }

    /// The snapshots taken of a volume, in id order.
    pub fn snapshots_of(&self, volume: &VolumeId) -> impl Iterator<Item = &str> {
        self.snapshots_of.get(&volume.0).into_iter().flatten().map(IdText::as_str)
    }

    /// An alarm's dimension values, added (`on`) or taken away.
    pub fn index_alarm<'a>(&mut self, name: &str, values: impl Iterator<Item = &'a str>, on: bool) {
        let name = IdText::from(name);
        for v in values {
            set_entry(&mut self.alarms_on, &IdText::from(v), &name, on);
        }
    }

    /// The alarms whose dimensions name `id`.
    pub fn alarms_on(&self, id: &str) -> impl Iterator<Item = &str> {
        self.alarms_on.get(&IdText::from(id)).into_iter().flatten().map(IdText::as_str)
    }
}

/// Adds `value` to the set under `key` (`on`), or takes it out, dropping a set left empty (so
/// that an index equals its rebuild).
fn set_entry(map: &mut IdSets, key: &IdText, value: &IdText, on: bool) {
    if on {
        map.entry(key.clone()).or_default().insert(value.clone());
    } else if let Some(set) = map.get_mut(key) {
        set.remove(value);
        if set.is_empty() {
            map.remove(key);
        }
    }
}
