//! Things that happen by themselves at a time: the event queue, ordered by (time, sequence).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::command::Scope;
use crate::ids::{ImageId, InstanceId, SnapshotId, VolumeId};
use crate::time::Timestamp;

/// The position of an event in the queue: its time, then the order it was scheduled in, so
/// that two events at the same millisecond always fire in the same order.
pub type EventKey = (Timestamp, u64);

/// Everything the world does on its own. Named in the past tense: what has just happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// pending → running: the instance has booted.
    InstanceRunning { scope: Scope, instance_id: InstanceId },
    /// stopping → stopped.
    InstanceStopped { scope: Scope, instance_id: InstanceId },
    /// shutting-down → terminated.
    InstanceTerminated { scope: Scope, instance_id: InstanceId },
    /// The OS reboot requested by RebootInstances has finished.
    InstanceRebooted { scope: Scope, instance_id: InstanceId },
    /// The status checks that start after boot have passed.
    InstanceStatusChecksPassed { scope: Scope, instance_id: InstanceId },
    /// A terminated instance has dropped out of Describe results (about an hour, §B1).
    InstanceExpired { scope: Scope, instance_id: InstanceId },
    /// creating → available.
    VolumeReady { scope: Scope, volume_id: VolumeId },
    /// attaching → attached.
    VolumeAttached { scope: Scope, volume_id: VolumeId },
    /// detaching → detached; the volume is available again.
    VolumeDetached { scope: Scope, volume_id: VolumeId },
    /// deleting → gone.
    VolumeDeleted { scope: Scope, volume_id: VolumeId },
    /// A modification moved from modifying to optimizing: the new size applies.
    VolumeOptimizing { scope: Scope, volume_id: VolumeId },
    /// A modification completed.
    VolumeModified { scope: Scope, volume_id: VolumeId },
    /// pending → completed: the snapshot's data is copied.
    SnapshotCompleted { scope: Scope, snapshot_id: SnapshotId },
    /// pending → available: the image's snapshots are complete and it is registered.
    ImageAvailable { scope: Scope, image_id: ImageId },
    /// Automatic recovery moved the instance onto healthy hardware.
    InstanceRecovered { scope: Scope, instance_id: InstanceId },
    /// A scheduled event's start time has come.
    ScheduledEventDue { scope: Scope, instance_id: InstanceId, event_id: String },
    /// A gp2 volume's burst bucket ran dry: it falls to its baseline IOPS.
    VolumeCreditsExhausted { scope: Scope, volume_id: VolumeId },
    /// A workload's pattern switched it on or off.
    VolumeWorkloadSwitched { scope: Scope, volume_id: VolumeId },
    /// An instance used up its allowance above its baseline EBS bandwidth: its volumes are
    /// held to the baseline together.
    InstanceEbsCreditsExhausted { scope: Scope, instance_id: InstanceId },
    /// A burstable instance ran out of CPU credits, or repaid its surplus credits.
    InstanceCpuCreditsChanged { scope: Scope, instance_id: InstanceId },
    /// The guest's CPU load switched on or off with its pattern.
    InstanceCpuLoadSwitched { scope: Scope, instance_id: InstanceId },
    /// A CloudWatch alarm's metric has said the same for enough periods: it changes state.
    AlarmEvaluated { scope: Scope, alarm_name: String },
    /// A continuously moving metric reached an alarm's threshold: the alarm looks again.
    AlarmThresholdCrossed { scope: Scope, alarm_name: String },
    /// Something IAM does by itself, in the account of the scope (IAM has no Region).
    Iam { scope: Scope, event: crate::iam::Event },
}

/// What an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    Instance(&'a InstanceId),
    Volume(&'a VolumeId),
    Snapshot(&'a SnapshotId),
    Image(&'a ImageId),
    Alarm(&'a str),
    /// An IAM task, by id.
    IamTask(&'a str),
}

impl Subject<'_> {
    pub fn id(&self) -> &str {
        match self {
            Subject::Instance(i) => i.as_str(),
            Subject::Volume(v) => v.as_str(),
            Subject::Snapshot(s) => s.as_str(),
            Subject::Image(i) => i.as_str(),
            Subject::Alarm(a) | Subject::IamTask(a) => a,
        }
    }
}

impl Event {
    pub fn subject(&self) -> Subject<'_> {
        match self {
            Event::InstanceRunning { instance_id, .. }
            | Event::InstanceStopped { instance_id, .. }
            | Event::InstanceTerminated { instance_id, .. }
            | Event::InstanceRebooted { instance_id, .. }
            | Event::InstanceStatusChecksPassed { instance_id, .. }
            | Event::InstanceExpired { instance_id, .. }
            | Event::InstanceRecovered { instance_id, .. }
            | Event::ScheduledEventDue { instance_id, .. }
            | Event::InstanceEbsCreditsExhausted { instance_id, .. }
            | Event::InstanceCpuCreditsChanged { instance_id, .. }
            | Event::InstanceCpuLoadSwitched { instance_id, .. } => Subject::Instance(instance_id),
            Event::VolumeReady { volume_id, .. }
            | Event::VolumeAttached { volume_id, .. }
            | Event::VolumeDetached { volume_id, .. }
            | Event::VolumeDeleted { volume_id, .. }
            | Event::VolumeOptimizing { volume_id, .. }
            | Event::VolumeModified { volume_id, .. }
            | Event::VolumeCreditsExhausted { volume_id, .. }
            | Event::VolumeWorkloadSwitched { volume_id, .. } => Subject::Volume(volume_id),
            Event::SnapshotCompleted { snapshot_id, .. } => Subject::Snapshot(snapshot_id),
            Event::ImageAvailable { image_id, .. } => Subject::Image(image_id),
            Event::AlarmEvaluated { alarm_name, .. } | Event::AlarmThresholdCrossed { alarm_name, .. } => {
                Subject::Alarm(alarm_name)
            }
            Event::Iam { event: crate::iam::Event::ServiceLinkedRoleDeleted { task_id }, .. } => {
                Subject::IamTask(task_id)
            }
        }
    }

    pub fn scope(&self) -> &Scope {
        match self {
            Event::InstanceRunning { scope, .. }
            | Event::InstanceStopped { scope, .. }
            | Event::InstanceTerminated { scope, .. }
            | Event::InstanceRebooted { scope, .. }
            | Event::InstanceStatusChecksPassed { scope, .. }
            | Event::InstanceExpired { scope, .. }
            | Event::VolumeReady { scope, .. }
            | Event::VolumeAttached { scope, .. }
            | Event::VolumeDetached { scope, .. }
            | Event::VolumeDeleted { scope, .. }
            | Event::VolumeOptimizing { scope, .. }
            | Event::VolumeModified { scope, .. }
            | Event::SnapshotCompleted { scope, .. }
            | Event::ImageAvailable { scope, .. }
            | Event::InstanceRecovered { scope, .. }
            | Event::ScheduledEventDue { scope, .. }
            | Event::VolumeCreditsExhausted { scope, .. }
            | Event::VolumeWorkloadSwitched { scope, .. }
            | Event::InstanceEbsCreditsExhausted { scope, .. }
            | Event::InstanceCpuCreditsChanged { scope, .. }
            | Event::InstanceCpuLoadSwitched { scope, .. }
            | Event::AlarmEvaluated { scope, .. }
            | Event::AlarmThresholdCrossed { scope, .. }
            | Event::Iam { scope, .. } => scope,
        }
    }

    /// A short name for transcripts and the UI.
    pub fn name(&self) -> &'static str {
        match self {
            Event::InstanceRunning { .. } => "InstanceRunning",
            Event::InstanceStopped { .. } => "InstanceStopped",
            Event::InstanceTerminated { .. } => "InstanceTerminated",
            Event::InstanceRebooted { .. } => "InstanceRebooted",
            Event::InstanceStatusChecksPassed { .. } => "InstanceStatusChecksPassed",
            Event::InstanceExpired { .. } => "InstanceExpired",
            Event::VolumeReady { .. } => "VolumeAvailable",
            Event::VolumeAttached { .. } => "VolumeAttached",
            Event::VolumeDetached { .. } => "VolumeDetached",
            Event::VolumeDeleted { .. } => "VolumeDeleted",
            Event::VolumeOptimizing { .. } => "VolumeModificationOptimizing",
            Event::VolumeModified { .. } => "VolumeModificationCompleted",
            Event::SnapshotCompleted { .. } => "SnapshotCompleted",
            Event::ImageAvailable { .. } => "ImageAvailable",
            Event::InstanceRecovered { .. } => "InstanceRecovered",
            Event::ScheduledEventDue { .. } => "ScheduledEventStarted",
            Event::AlarmEvaluated { .. } => "AlarmStateChanged",
            Event::AlarmThresholdCrossed { .. } => "AlarmThresholdCrossed",
            Event::VolumeCreditsExhausted { .. } => "VolumeBurstCreditsExhausted",
            Event::VolumeWorkloadSwitched { .. } => "VolumeWorkloadSwitched",
            Event::InstanceEbsCreditsExhausted { .. } => "InstanceEbsBurstExhausted",
            Event::InstanceCpuCreditsChanged { .. } => "InstanceCpuCreditsChanged",
            Event::InstanceCpuLoadSwitched { .. } => "InstanceCpuLoadSwitched",
            Event::Iam { event: crate::iam::Event::ServiceLinkedRoleDeleted { .. }, .. } => "ServiceLinkedRoleDeleted",
        }
    }
}

/// An event with the time it fires at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedEvent {
    pub at: Timestamp,
    pub seq: u64,
    pub event: Event,
}

/// Pending events in firing order. Cancelling is O(log n): an instance remembers the key of
/// the event it waits for and removes it when a newer request overrides it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "QueueState", from = "QueueState")]
pub struct EventQueue {
    next_seq: u64,
    entries: BTreeMap<EventKey, Event>,
}

/// The serialized form: JSON maps need string keys, so the queue is saved as a list.
#[derive(Serialize, Deserialize)]
struct QueueState {
    next_seq: u64,
    events: Vec<QueuedEvent>,
}

impl From<EventQueue> for QueueState {
    fn from(q: EventQueue) -> Self {
        QueueState {
            next_seq: q.next_seq,
            events: q.entries.into_iter().map(|((at, seq), event)| QueuedEvent { at, seq, event }).collect(),
        }
    }
}

impl From<QueueState> for EventQueue {
    fn from(s: QueueState) -> Self {
        EventQueue {
            next_seq: s.next_seq,
            entries: crate::sort::map_of(s.events.into_iter().map(|e| ((e.at, e.seq), e.event))),
        }
    }
}

impl EventQueue {
    pub fn schedule(&mut self, at: Timestamp, event: Event) -> EventKey {
        let key = (at, self.next_seq);
        self.next_seq += 1;
        self.entries.insert(key, event);
        key
    }

    pub fn cancel(&mut self, key: EventKey) -> Option<Event> {
        self.entries.remove(&key)
    }

    /// Removes and returns the earliest event due at or before `deadline`.
    pub fn pop_due(&mut self, deadline: Timestamp) -> Option<QueuedEvent> {
        let (&key, _) = self.entries.first_key_value()?;
        if key.0 > deadline {
            return None;
        }
        let event = self.entries.remove(&key)?;
        Some(QueuedEvent { at: key.0, seq: key.1, event })
    }

    pub fn next_at(&self) -> Option<Timestamp> {
        self.entries.first_key_value().map(|((at, _), _)| *at)
    }

    pub fn get(&self, key: EventKey) -> Option<&Event> {
        self.entries.get(&key)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&EventKey, &Event)> {
        self.entries.iter()
    }

    /// The sequence number the next scheduled event will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }
}
