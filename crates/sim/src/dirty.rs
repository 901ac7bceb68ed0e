//! What a request or an event touched: the resources it names or is about, what is attached
//! to them (an instance's volumes, a volume's instance, before and after), the resources it
//! created, and the alarms that watch any of these. Reconciliation after a request or an
//! event (EBS buckets, instance bandwidth, status segments, CPU, alarms) visits only these,
//! so its cost follows what changed, not the size of the world.
//!
//! Never saved: it is empty between one request or event and the next.

use std::collections::BTreeSet;

use crate::ids::{InstanceId, VolumeId};
use crate::region::Scope;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dirty {
    pub instances: BTreeSet<(Scope, InstanceId)>,
    pub volumes: BTreeSet<(Scope, VolumeId)>,
    /// Alarms by name.
    pub alarms: BTreeSet<(Scope, String)>,
}

impl Dirty {
    pub fn instance(&mut self, scope: &Scope, id: &InstanceId) {
        self.instances.insert((scope.clone(), id.clone()));
    }

    pub fn volume(&mut self, scope: &Scope, id: &VolumeId) {
        self.volumes.insert((scope.clone(), id.clone()));
    }

    pub fn is_empty(&self) -> bool {
        self.instances.is_empty() && self.volumes.is_empty() && self.alarms.is_empty()
    }
}
