//! The simulator: clock, event queue, RNG and world, and the two ways the world changes.

use serde::{Deserialize, Serialize};

use crate::command::{Command, Reply, Scope};
use crate::dirty::Dirty;
use crate::error::ApiError;
use crate::event::{Event, EventQueue, QueuedEvent, Subject};
use crate::limits::Profile;
use crate::rng::Rng;
use crate::time::{Millis, Timestamp};
use crate::world::World;

/// At most this many events fire in one call to [`Sim::advance`]; the clock then stops at the
/// last event that fired, so a runaway schedule cannot freeze the page.
pub const MAX_EVENTS_PER_ADVANCE: usize = 100_000;

/// AWS's RSA key pairs are 2048-bit. The fuzz build (`--cfg fuzzing`) makes 512-bit ones
/// with the same code: SanitizerCoverage slows big-number arithmetic about fivefold (a
/// 2048-bit key took 1,016–1,203 ms there against 200 ms in the release build), so a line
/// that creates a key would spend the fuzzer's 1 s per line on finding primes, which takes
/// the same time whatever the learner typed, and the fuzzer would report it as a slow input.
const RSA_BITS: usize = if cfg!(fuzzing) { 512 } else { 2048 };

/// 9999-12-31T23:59:59.999Z: the last instant the clock may reach.
pub const LAST_INSTANT: Timestamp = Timestamp(253_402_300_799_999);

/// A deterministic AWS world: same seed and same inputs give the same world, byte for byte.
///
/// The world changes only through [`Sim::apply`] (a request, at `now`) or through an
/// [`Event`] popped from the queue by [`Sim::advance`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sim {
    pub(crate) seed: u64,
    pub(crate) now: Timestamp,
    pub(crate) rng: Rng,
    pub(crate) queue: EventQueue,
    pub(crate) world: World,
    /// Every create, update and delete of a resource (crate::changes).
    #[serde(default)]
    pub(crate) changes: crate::changes::ChangeFeed,
    /// What the request or event being carried out touched (crate::dirty); empty between them.
    #[serde(skip)]
    pub(crate) dirty: Dirty,
    /// RSA key pairs made so far: the number of the next one's key (crypto::rsa::key_seed).
    #[serde(default)]
    pub(crate) rsa_keys_made: u64,
    /// That key, when made ahead of its request ([`Sim::prepare_key`]).
    #[serde(skip)]
    pub(crate) key_ahead: crate::crypto::rsa::KeyAhead,
}

impl Sim {
    pub fn new(seed: u64, profile: Profile) -> Sim {
        let mut rng = Rng::new(seed);
        let world = World::new(profile, &mut rng);
        Sim {
            seed,
            now: Timestamp::WORLD_START,
            rng,
            queue: EventQueue::default(),
            world,
            changes: crate::changes::ChangeFeed::default(),
            dirty: Dirty::default(),
            rsa_keys_made: 0,
            key_ahead: Default::default(),
        }
    }

    /// Makes the next RSA key pair's key ahead of the CreateKeyPair that takes it, when it is
    /// not made yet: the browser calls it while idle. Returns whether it did the work. The
    /// world is the same whether or not it ran (the key is a function of the seed and count).
    pub fn prepare_key(&mut self) -> bool {
        if self.key_ready() {
            return false;
        }
        let key = self.make_rsa_key(self.rsa_keys_made);
        self.key_ahead.0 = Some((self.rsa_keys_made, key));
        true
    }

    /// Whether the next RSA key pair's key is made already.
    pub fn key_ready(&self) -> bool {
        self.key_ahead.0.as_ref().is_some_and(|(n, _)| *n == self.rsa_keys_made)
    }

    fn make_rsa_key(&self, n: u64) -> crate::crypto::rsa::RsaKey {
        let mut rng = Rng::new(crate::crypto::rsa::key_seed(self.seed, n));
        crate::crypto::rsa::generate(&mut rng, RSA_BITS)
    }

    /// The key of the next RSA key pair: the one made ahead, or made now.
    pub(crate) fn next_rsa_key(&mut self) -> crate::crypto::rsa::RsaKey {
        let n = self.rsa_keys_made;
        self.rsa_keys_made += 1;
        match self.key_ahead.0.take() {
            Some((m, key)) if m == n => key,
            _ => self.make_rsa_key(n),
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn now(&self) -> Timestamp {
        self.now
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn profile(&self) -> Profile {
        self.world.profile
    }

    pub fn queue(&self) -> &EventQueue {
        &self.queue
    }

    /// Carries out one request at the current time; what it touched is then reconciled
    /// (buckets, bandwidth, status, CPU, alarms).
    pub fn apply(&mut self, scope: &Scope, command: Command) -> Result<Reply, ApiError> {
        let watch = self.watch_command(scope, &command);
        let action = command.action();
        match &command {
            // A read changes nothing: nothing to reconcile.
            command if command.is_read_only() => {}
            Command::CloudWatch(r) => {
                for name in r.alarm_names() {
                    self.touch_alarm(scope, name);
                }
            }
            command => {
                for id in command.named_ids() {
                    self.touch_id(scope, id);
                }
            }
        }
        let result = self.dispatch(scope, command);
        // Even a refused request may have acted in part, as AWS's do (TerminateInstances still
        // terminates the instances outside a protected instance's zone).
        self.reconcile();
        self.record_changes(watch, action);
        result
    }

    /// Marks a resource a request names or an event is about; an instance with its volumes,
    /// whose performance follows the instance's state. (A volume's instance is not marked:
    /// the volume does not change it; the bandwidth it shares with the instance's other
    /// volumes and the alarms on the instance are looked at from the volume.)
    fn touch_id(&mut self, scope: &Scope, id: &str) {
        let Some(rs) = self.world.region(scope) else { return };
        if id.starts_with("i-") {
            let id = crate::ids::InstanceId::from(id);
            for v in rs.index.volumes_of(&id) {
                self.dirty.volume(scope, &v);
            }
            self.dirty.instance(scope, &id);
        } else if id.starts_with("vol-") {
            self.dirty.volume(scope, &crate::ids::VolumeId::from(id));
        }
    }

    /// The instances a volume is attached to now and was attached to when its bucket was
    /// last settled.
    fn instances_of(&self, scope: &Scope, id: &crate::ids::VolumeId) -> Vec<String> {
        let Some(v) = self.world.region(scope).and_then(|rs| rs.volumes.get(id)) else { return Vec::new() };
        let now = v.attachment.as_ref().map(|a| a.instance_id.to_string());
        [now, v.burst.inputs.instance.clone()].into_iter().flatten().collect()
    }

    /// Marks an alarm, and what its actions act on: the resources its dimensions name.
    fn touch_alarm(&mut self, scope: &Scope, name: &str) {
        self.dirty.alarms.insert((scope.clone(), name.to_string()));
        let ids: Vec<String> = self
            .world
            .region(scope)
            .and_then(|rs| rs.alarms.get(name))
            .map(|a| a.spec.dimensions.iter().map(|(_, v)| v.clone()).collect())
            .unwrap_or_default();
        for id in &ids {
            self.touch_id(scope, id);
        }
    }

    /// Reconciles what the request or event touched, and what is attached to that now, then
    /// the alarms on any of it (including what the reconciling itself settled).
    fn reconcile(&mut self) {
        if self.dirty.is_empty() {
            return;
        }
        let marked = std::mem::take(&mut self.dirty);
        for (scope, id) in marked.instances.iter().map(|(s, i)| (s, i.as_str())) {
            self.touch_id(scope, id);
        }
        for (scope, id) in marked.volumes.iter().map(|(s, v)| (s, v.as_str())) {
            self.touch_id(scope, id);
        }
        let mut dirty = std::mem::take(&mut self.dirty);
        dirty.alarms.extend(marked.alarms);
        // The instances of the volumes, before the buckets settle: alarms on their EBS I/O.
        let hosts: Vec<(Scope, String)> = dirty
            .volumes
            .iter()
            .flat_map(|(s, v)| self.instances_of(s, v).into_iter().map(move |i| (s.clone(), i)))
            .collect();
        self.reconcile_bursts(&dirty);
        self.reconcile_instance_metrics(&dirty);
        let settled = std::mem::take(&mut self.dirty);
        let mut alarms = dirty.alarms;
        for (scope, id) in dirty
            .instances
            .iter()
            .map(|(s, i)| (s, i.as_str()))
            .chain(dirty.volumes.iter().map(|(s, v)| (s, v.as_str())))
            .chain(settled.volumes.iter().map(|(s, v)| (s, v.as_str())))
            .chain(settled.instances.iter().map(|(s, i)| (s, i.as_str())))
            .chain(hosts.iter().map(|(s, i)| (s, i.as_str())))
        {
            if let Some(rs) = self.world.region(scope) {
                alarms.extend(rs.index.alarms_on(id).map(|a| (scope.clone(), a.to_string())));
            }
        }
        self.reconcile_alarms(&alarms);
        self.dirty = Dirty::default();
    }

    /// Whether the world is reconciled: reconciling every resource again changes nothing.
    /// The proof that a request or an event marks all it touches (crate::dirty), for tests;
    /// it costs what a full pass over the world costs.
    pub fn check_reconciled(&self) -> Result<(), String> {
        let mut all = self.clone();
        for account in self.world.accounts.values() {
            for (region, rs) in &account.regions {
                let scope = Scope::new(account.id.clone(), *region);
                for id in rs.instances.keys() {
                    all.dirty.instance(&scope, id);
                }
                for id in rs.volumes.keys() {
                    all.dirty.volume(&scope, id);
                }
                for name in rs.alarms.keys() {
                    all.dirty.alarms.insert((scope.clone(), name.clone()));
                }
            }
        }
        all.reconcile();
        if all == *self {
            return Ok(());
        }
        for account in self.world.accounts.values() {
            for (region, rs) in &account.regions {
                let other = &all.world.accounts[&account.id].regions[region];
                for (id, i) in &rs.instances {
                    if other.instances.get(id) != Some(i) {
                        return Err(format!("{id} was not reconciled"));
                    }
                }
                for (id, v) in &rs.volumes {
                    if other.volumes.get(id) != Some(v) {
                        return Err(format!("{id} was not reconciled"));
                    }
                }
                for (name, a) in &rs.alarms {
                    if other.alarms.get(name) != Some(a) {
                        return Err(format!("alarm {name} was not reconciled"));
                    }
                }
            }
        }
        Err("the queue differs after reconciling every resource".into())
    }

    fn dispatch(&mut self, scope: &Scope, command: Command) -> Result<Reply, ApiError> {
        if self.world.region(scope).is_none() {
            // Front ends only offer known accounts and Regions; this guards library callers.
            return Err(ApiError::InvalidParameterValue(format!(
                "Unknown account {} or Region {}",
                scope.account, scope.region
            )));
        }
        match command {
            Command::Ec2(request) => self.ec2(scope, *request),
            Command::SandboxFailHardware { instance_id } => self.sandbox_fail_hardware(scope, &instance_id),
            Command::SandboxSetCapacity { instance_type, zone, available } => {
                self.sandbox_set_capacity(scope, &instance_type, &zone, available)
            }
            Command::SandboxScheduleEvent { instance_id, code, in_hours } => {
                self.sandbox_schedule_event(scope, &instance_id, &code, in_hours)
            }
            Command::GuestWriteFile { instance_id, device, path, content } => {
                self.guest_disk(scope, &instance_id, device.as_deref())?
                    .write(&path, &content)
                    .map_err(|e| ApiError::GuestPath(e.to_string()))?;
                Ok(Reply::Empty)
            }
            Command::GuestRemoveFile { instance_id, device, path } => {
                self.guest_disk(scope, &instance_id, device.as_deref())?
                    .remove(&path)
                    .map_err(|e| ApiError::GuestPath(e.to_string()))?;
                Ok(Reply::Empty)
            }
            Command::CloudWatch(request) => self.cloudwatch(scope, *request).map(Reply::CloudWatch),
            Command::SandboxSetWorkload { volume_id, workload } => {
                self.sandbox_set_workload(scope, &volume_id, workload)
            }
            Command::SandboxSetCpuLoad { instance_id, load } => self.sandbox_set_cpu(scope, &instance_id, load),
            Command::SandboxSetNetworkLoad { instance_id, mbps } => self.sandbox_set_network(scope, &instance_id, mbps),
            Command::Sts(request) => Ok(Reply::Sts(crate::sts::handle(&scope.account, &request))),
            Command::Iam(request) => {
                // The account exists: dispatch checked the scope above.
                let Some(account) = self.world.accounts.get_mut(&scope.account) else { return Ok(Reply::Empty) };
                let (response, event) = account.iam.handle(&scope.account, self.now, &mut self.rng, request)?;
                if let Some((at, event)) = event {
                    self.queue.schedule(at, Event::Iam { scope: scope.clone(), event });
                }
                Ok(Reply::Iam(response))
            }
            Command::Sns(request) => self.sns(scope, request).map(Reply::Sns),
        }
    }

    /// Moves the clock forward by `by`, firing every due event in (time, sequence) order.
    /// Bounded: after [`MAX_EVENTS_PER_ADVANCE`] events the clock stops at the last one.
    pub fn advance(&mut self, by: impl Into<Millis>) -> Vec<QueuedEvent> {
        let deadline = self.deadline(by);
        let mut fired = Vec::new();
        while fired.len() < MAX_EVENTS_PER_ADVANCE {
            let Some(next) = self.queue.pop_due(deadline) else {
                self.now = deadline;
                return fired;
            };
            self.now = next.at;
            self.fire(&next);
            fired.push(next);
        }
        fired
    }

    /// Where an advance by `by` from now ends unless the event bound stops it first: the
    /// clock stops at LAST_INSTANT, so that no advance makes a world that cannot load. (An
    /// advance that ends before it was stopped by [`MAX_EVENTS_PER_ADVANCE`].)
    pub fn deadline(&self, by: impl Into<Millis>) -> Timestamp {
        self.now.plus(by.into()).min(LAST_INSTANT)
    }

    /// When the next event is due, if any.
    pub fn next_event_at(&self) -> Option<Timestamp> {
        self.queue.next_at()
    }

    /// Advances exactly to the next event and fires every event due at that instant.
    pub fn advance_to_next_event(&mut self) -> Vec<QueuedEvent> {
        match self.next_event_at() {
            Some(at) => self.advance(at.since(self.now)),
            None => Vec::new(),
        }
    }

    fn fire(&mut self, queued: &QueuedEvent) {
        let watch = self.watch_event(&queued.event);
        let scope = queued.event.scope();
        match queued.event.subject() {
            Subject::Alarm(name) => self.touch_alarm(scope, name),
            subject => self.touch_id(scope, subject.id()),
        }
        let key = (queued.at, queued.seq);
        match &queued.event {
            Event::InstanceRunning { scope, instance_id } => self.on_running(scope, instance_id, key),
            Event::InstanceStopped { scope, instance_id } => self.on_stopped(scope, instance_id, key),
            Event::InstanceTerminated { scope, instance_id } => self.on_terminated(scope, instance_id, key),
            Event::InstanceRebooted { scope, instance_id } => self.on_rebooted(scope, instance_id, key),
            Event::InstanceStatusChecksPassed { scope, instance_id } => {
                self.on_status_checks_passed(scope, instance_id, key)
            }
            Event::InstanceExpired { scope, instance_id } => self.on_expired(scope, instance_id, key),
            Event::VolumeReady { scope, volume_id } => self.on_volume_ready(scope, volume_id, key),
            Event::VolumeAttached { scope, volume_id } => self.on_volume_attached(scope, volume_id, key),
            Event::VolumeDetached { scope, volume_id } => self.on_volume_detached(scope, volume_id, key),
            Event::VolumeDeleted { scope, volume_id } => self.on_volume_deleted(scope, volume_id, key),
            Event::VolumeOptimizing { scope, volume_id } => self.on_volume_optimizing(scope, volume_id, key),
            Event::VolumeModified { scope, volume_id } => self.on_volume_modified(scope, volume_id, key),
            Event::SnapshotCompleted { scope, snapshot_id } => self.on_snapshot_completed(scope, snapshot_id, key),
            Event::ImageAvailable { scope, image_id } => self.on_image_available(scope, image_id, key),
            Event::InstanceRecovered { scope, instance_id } => self.on_instance_recovered(scope, instance_id, key),
            Event::ScheduledEventDue { scope, instance_id, event_id } => {
                self.on_scheduled_event_due(scope, instance_id, event_id, key)
            }
            Event::AlarmEvaluated { scope, alarm_name } => self.on_alarm_evaluated(scope, alarm_name, key),
            Event::AlarmThresholdCrossed { scope, alarm_name } => {
                self.on_alarm_threshold_crossed(scope, alarm_name, key)
            }
            Event::VolumeCreditsExhausted { scope, volume_id } => self.on_credits_exhausted(scope, volume_id, key),
            Event::VolumeWorkloadSwitched { scope, volume_id } => self.on_workload_switched(scope, volume_id, key),
            Event::InstanceEbsCreditsExhausted { scope, instance_id } => {
                self.on_instance_ebs_exhausted(scope, instance_id, key)
            }
            Event::InstanceCpuCreditsChanged { scope, instance_id }
            | Event::InstanceCpuLoadSwitched { scope, instance_id } => self.on_cpu_event(scope, instance_id, key),
            Event::Iam { scope, event } => {
                if let Some(account) = self.world.accounts.get_mut(&scope.account) {
                    account.iam.on_event(event);
                }
            }
        }
        self.reconcile();
        self.record_changes(watch, queued.event.name());
    }

    /// The world's invariants plus the links between the world and the queue: every timer an
    /// instance holds is in the queue, and every queued event points back at its instance.
    pub fn check_invariants(&self) -> Result<(), String> {
        // The CLI prints times up to year 9999 (ISO 8601); a clock beyond it was not made by
        // advancing (each advance is at most ten years from 2026).
        if self.now > LAST_INSTANT {
            return Err(format!("the clock is past the year 9999 ({} ms)", self.now.0));
        }
        self.world.check_invariants()?;
        for (key, event) in self.queue.iter() {
            if key.0 < self.now {
                return Err(format!("event {} left behind at {:?}", event.name(), key.0));
            }
            let owned = match event.subject() {
                Subject::Instance(id) => {
                    let inst = self
                        .world
                        .instance(event.scope(), id)
                        .ok_or_else(|| format!("event {} for a missing instance {id}", event.name()))?;
                    inst.timers().any(|k| k == *key) || matches!(event, Event::InstanceExpired { .. })
                }
                Subject::Image(id) => {
                    self.world
                        .region(event.scope())
                        .and_then(|r| r.images.get(id))
                        .ok_or_else(|| format!("event {} for a missing image {id}", event.name()))?
                        .timer
                        == Some(*key)
                }
                Subject::Snapshot(id) => {
                    self.world
                        .region(event.scope())
                        .and_then(|r| r.snapshots.get(id))
                        .ok_or_else(|| format!("event {} for a missing snapshot {id}", event.name()))?
                        .timer
                        == Some(*key)
                }
                Subject::Alarm(name) => self
                    .world
                    .region(event.scope())
                    .and_then(|r| r.alarms.get(name))
                    .ok_or_else(|| format!("event {} for a missing alarm {name}", event.name()))
                    .map(|a| a.timer == Some(*key) || a.watch == Some(*key))?,
                Subject::IamTask(_) => match event {
                    Event::Iam { scope, event } => {
                        self.world.accounts.get(&scope.account).is_some_and(|a| a.iam.owns(event, key.0))
                    }
                    _ => false,
                },
                Subject::Volume(id) => {
                    let v = self
                        .world
                        .region(event.scope())
                        .and_then(|r| r.volumes.get(id))
                        .ok_or_else(|| format!("event {} for a missing volume {id}", event.name()))?;
                    v.timer == Some(*key)
                        || v.modification_timer == Some(*key)
                        || v.burst.timer == Some(*key)
                        || v.burst.pattern_timer == Some(*key)
                }
            };
            if !owned {
                return Err(format!("event {} at {:?} is not owned by its subject", event.name(), key));
            }
        }
        for account in self.world.accounts.values() {
            if account.mail.len() > crate::sns::mail::MAX_MAILS {
                return Err(format!("{}: {} mails kept", account.id, account.mail.len()));
            }
            for (region, rs) in &account.regions {
                let scope = Scope::new(account.id.clone(), *region);
                for inst in rs.instances.values() {
                    // CPU credits stay within [0, the type's maximum].
                    if let (Some(c), Some(s)) =
                        (crate::ec2::cpu::credits_of(&inst.instance_type), inst.cpu.history.last())
                    {
                        let cap = c.max.max(c.launch);
                        if !(0.0..=cap).contains(&s.credits) || !(0.0..=c.max).contains(&s.surplus) {
                            return Err(format!("{}: CPU credits {} / surplus {}", inst.id, s.credits, s.surplus));
                        }
                    }
                    for key in inst.timers() {
                        let ok = self
                            .queue
                            .get(key)
                            .is_some_and(|e| e.subject() == Subject::Instance(&inst.id) && e.scope() == &scope);
                        if !ok {
                            return Err(format!("{}: timer {:?} is not in the queue", inst.id, key));
                        }
                    }
                }
                for a in rs.alarms.values() {
                    if a.timer.is_some() != a.pending.is_some() {
                        return Err(format!("alarm {}: a pending state needs exactly one timer", a.spec.name));
                    }
                    for key in [a.timer, a.watch].into_iter().flatten() {
                        let ok = self
                            .queue
                            .get(key)
                            .is_some_and(|e| e.subject() == Subject::Alarm(&a.spec.name) && e.scope() == &scope);
                        if !ok {
                            return Err(format!("alarm {}: timer {:?} is not in the queue", a.spec.name, key));
                        }
                    }
                }
                for i in rs.images.values() {
                    if let Some(key) = i.timer {
                        let ok = self
                            .queue
                            .get(key)
                            .is_some_and(|e| e.subject() == Subject::Image(&i.id) && e.scope() == &scope);
                        if !ok {
                            return Err(format!("{}: timer {:?} is not in the queue", i.id, key));
                        }
                    }
                }
                for s in rs.snapshots.values() {
                    if let Some(key) = s.timer {
                        let ok = self
                            .queue
                            .get(key)
                            .is_some_and(|e| e.subject() == Subject::Snapshot(&s.id) && e.scope() == &scope);
                        if !ok {
                            return Err(format!("{}: timer {:?} is not in the queue", s.id, key));
                        }
                    }
                }
                // Every subscription belongs to a topic that exists; the inbox stays bounded.
                for sub in rs.subscriptions.values() {
                    if !rs.topics.values().any(|t| t.arn == sub.topic_arn) {
                        return Err(format!("{}: subscription to a missing topic", sub.arn));
                    }
                }
                for v in rs.volumes.values() {
                    let limits = self.world.profile.limits();
                    let cap = crate::ec2::performance::bucket_cap(
                        limits,
                        &v.burst.inputs.volume_type,
                        v.burst.inputs.size_gib,
                    );
                    if cap.is_some_and(|cap| !(0.0..=cap).contains(&v.burst.credits)) {
                        return Err(format!("{}: burst credits {} outside [0, {cap:?}]", v.id, v.burst.credits));
                    }
                    for key in
                        [v.timer, v.modification_timer, v.burst.timer, v.burst.pattern_timer].into_iter().flatten()
                    {
                        let ok = self
                            .queue
                            .get(key)
                            .is_some_and(|e| e.subject() == Subject::Volume(&v.id) && e.scope() == &scope);
                        if !ok {
                            return Err(format!("{}: timer {:?} is not in the queue", v.id, key));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}
