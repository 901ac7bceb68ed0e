//! What goes wrong, and what AWS does about it: failed host hardware (the system status check
//! fails; reboot does not help; stop/start or automatic recovery moves the instance, INS-04,
//! INS-05, INS-08), capacity that runs out in a zone (INS-03), and scheduled events (INS-09).
//! The sandbox's fault injection enters through `Sandbox…` commands, never through AWS APIs.

use crate::command::Reply;
use crate::ec2::{CheckStatus, InstanceState, ScheduledEvent};
use crate::error::ApiError;
use crate::event::{Event, EventKey};
use crate::ids::{HostId, InstanceId};
use crate::region::Scope;
use crate::sim::Sim;
use crate::time::{Millis, Timestamp};

/// From a host failure to a recovered instance (EC2UG ec2-instance-recover: "typically within
/// minutes"): `(min, max)` seconds.
pub const RECOVERY_SECS: (u64, u64) = (180, 420);
/// Maintenance windows of scheduled events last two hours; instance reboots may be moved up to
/// a week later (EC2UG monitoring-instances-status-check_sched).
pub const EVENT_WINDOW: Millis = Millis::from_hours(2);
pub const RESCHEDULE_DEADLINE: Millis = Millis::from_hours(24 * 7);

/// The event codes (BC-EC2 EventCode) and the descriptions shown with them.
pub const EVENT_CODES: [(&str, &str); 5] = [
    ("instance-reboot", "The instance is scheduled for a reboot"),
    ("system-reboot", "The system is scheduled for a reboot"),
    ("system-maintenance", "The system is scheduled for maintenance"),
    ("instance-retirement", "The instance is running on degraded hardware"),
    ("instance-stop", "The instance is scheduled for a stop"),
];

/// Why a recovery did not start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryRefused {
    NotRunning,
    Healthy,
    InProgress,
    /// Three recoveries in the last 24 hours already.
    LimitReached,
    /// Instances with instance store volumes cannot be recovered (EC2UG ec2-instance-recover).
    Unsupported,
}

impl Sim {
    /// Whether the account has run out of `instance_type` capacity in `zone`.
    pub(crate) fn capacity_out(&self, scope: &Scope, instance_type: &str, zone: &str) -> bool {
        self.world.region(scope).is_some_and(|r| r.capacity_out.contains(&format!("{instance_type}/{zone}")))
    }

    /// InsufficientInstanceCapacity, worded as EC2 words it, naming zones that still have some.
    pub(crate) fn capacity_error(&self, scope: &Scope, instance_type: &str, zone: &str) -> ApiError {
        let others: Vec<&str> = scope
            .region
            .zones()
            .iter()
            .map(|z| z.name)
            .filter(|z| *z != zone && !self.capacity_out(scope, instance_type, z))
            .collect();
        ApiError::InsufficientCapacity {
            instance_type: instance_type.into(),
            zone: zone.into(),
            others: others.join(", "),
        }
    }

    /// Sandbox only: capacity of a type in a zone runs out, or comes back.
    pub(crate) fn sandbox_set_capacity(
        &mut self,
        scope: &Scope,
        instance_type: &str,
        zone: &str,
        available: bool,
    ) -> Result<Reply, ApiError> {
        crate::catalog::offered_instance_type(instance_type, ApiError::InvalidInstanceType)?;
        if scope.region.zone(zone).is_none() {
            return Err(ApiError::InvalidAvailabilityZone(zone.to_string()));
        }
        if let Some(rs) = self.world.region_mut(scope) {
            let key = format!("{instance_type}/{zone}");
            if available {
                rs.capacity_out.remove(&key);
            } else {
                rs.capacity_out.insert(key);
            }
        }
        Ok(Reply::Empty)
    }

    /// Sandbox only: the host under a running instance fails. Both status checks fail; with
    /// simplified automatic recovery (current AWS, on by default for supported types) the
    /// instance is recovered onto new hardware unless it has used its three recoveries of the
    /// last 24 hours (§B9).
    pub(crate) fn sandbox_fail_hardware(&mut self, scope: &Scope, instance_id: &str) -> Result<Reply, ApiError> {
        let id = self.resolve_instance(scope, instance_id)?;
        let simplified = self.world.profile.limits().simplified_auto_recovery;
        let inst =
            self.world.instance(scope, &id).ok_or_else(|| ApiError::InstanceNotFound(vec![instance_id.into()]))?;
        if inst.state != InstanceState::Running {
            return Err(ApiError::GuestNotRunning(instance_id.to_string()));
        }
        let auto = simplified && inst.auto_recovery;
        let mut cancel = None;
        if let Some(inst) = self.world.region_mut(scope).and_then(|r| r.instances.get_mut(&id)) {
            inst.hardware_failed = true;
            inst.system_status = CheckStatus::Impaired;
            inst.instance_status = CheckStatus::Impaired;
            cancel = inst.status_timer.take();
        }
        if let Some(k) = cancel {
            self.queue.cancel(k);
        }
        if auto {
            // Refused recoveries leave the instance impaired: stop and start is the way out.
            let _ = self.start_recovery(scope, &id);
        }
        Ok(Reply::Empty)
    }

    /// Starts moving an instance with failed hardware onto a new host: what simplified
    /// automatic recovery does, and what a CloudWatch alarm's `recover` action asks for.
    /// Refused after three recoveries in 24 hours (aws-reference.md §B9), when one is under
    /// way, or when the hardware is fine.
    pub(crate) fn start_recovery(&mut self, scope: &Scope, id: &InstanceId) -> Result<(), RecoveryRefused> {
        let now = self.now;
        let per_day = self.world.profile.limits().recoveries_per_day as usize;
        let inst = self.world.instance(scope, id).ok_or(RecoveryRefused::NotRunning)?;
        if inst.state != InstanceState::Running {
            return Err(RecoveryRefused::NotRunning);
        }
        if !inst.hardware_failed {
            return Err(RecoveryRefused::Healthy);
        }
        if crate::catalog::instance_type(&inst.instance_type).is_none_or(|t| t.instance_store.is_some()) {
            return Err(RecoveryRefused::Unsupported);
        }
        if inst.recovery_timer.is_some() {
            return Err(RecoveryRefused::InProgress);
        }
        let recent = inst.recoveries.iter().filter(|t| now.since(**t) < Millis::from_hours(24)).count();
        if recent >= per_day {
            return Err(RecoveryRefused::LimitReached);
        }
        let after = Millis::from_secs(self.rng.range(RECOVERY_SECS.0, RECOVERY_SECS.1));
        let timer = self
            .queue
            .schedule(now.plus(after), Event::InstanceRecovered { scope: scope.clone(), instance_id: id.clone() });
        if let Some(inst) = self.world.region_mut(scope).and_then(|r| r.instances.get_mut(id)) {
            inst.recovery_timer = Some(timer);
        }
        Ok(())
    }

    /// Recoveries of this instance in the 24 hours before `now`.
    pub fn recent_recoveries(&self, inst: &crate::ec2::Instance) -> usize {
        inst.recoveries.iter().filter(|t| self.now.since(**t) < Millis::from_hours(24)).count()
    }

    /// Recovered: same instance id, private and public IPs, volumes and metadata, on a new host;
    /// memory is lost as in a reboot (EC2UG ec2-instance-recover).
    pub(crate) fn on_instance_recovered(&mut self, scope: &Scope, id: &InstanceId, key: EventKey) {
        let now = self.now;
        let host = HostId::generate(&mut self.rng);
        let after = Millis::from_secs(self.rng.range(60, 180));
        let status = self.queue.schedule(
            now.plus(after),
            Event::InstanceStatusChecksPassed { scope: scope.clone(), instance_id: id.clone() },
        );
        let mut owned = false;
        let mut stale = None;
        if let Some(inst) = self.world.region_mut(scope).and_then(|r| r.instances.get_mut(id))
            && inst.recovery_timer == Some(key)
        {
            owned = true;
            inst.recovery_timer = None;
            inst.hardware_failed = false;
            inst.host_id = Some(host);
            inst.recoveries.push(now);
            inst.instance_status = CheckStatus::Initializing;
            inst.system_status = CheckStatus::Initializing;
            stale = inst.status_timer.replace(status);
        }
        if !owned {
            self.queue.cancel(status);
        }
        if let Some(k) = stale {
            self.queue.cancel(k);
        }
    }

    /// ModifyInstanceMaintenanceOptions `--auto-recovery default|disabled`.
    pub(crate) fn modify_maintenance_options(
        &mut self,
        scope: &Scope,
        instance_id: &str,
        auto_recovery: &str,
    ) -> Result<Reply, ApiError> {
        let id = self.resolve_instance(scope, instance_id)?;
        let enabled = match auto_recovery {
            "default" => true,
            "disabled" => false,
            other => {
                return Err(ApiError::InvalidParameterValue(format!(
                    "Value ({other}) for parameter autoRecovery is invalid. Valid values are default, disabled."
                )));
            }
        };
        let supported = self
            .world
            .instance(scope, &id)
            .and_then(|i| crate::catalog::instance_type(&i.instance_type))
            .is_some_and(|t| t.instance_store.is_none());
        if enabled && !supported {
            return Err(ApiError::UnsupportedAutoRecovery(instance_id.to_string()));
        }
        if let Some(inst) = self.world.region_mut(scope).and_then(|r| r.instances.get_mut(&id)) {
            inst.auto_recovery = enabled;
        }
        Ok(Reply::MaintenanceOptions { instance_id: id, auto_recovery: enabled })
    }

    /// Sandbox only: AWS announces a scheduled event for an instance, starting in `in_hours`.
    pub(crate) fn sandbox_schedule_event(
        &mut self,
        scope: &Scope,
        instance_id: &str,
        code: &str,
        in_hours: u64,
    ) -> Result<Reply, ApiError> {
        let id = self.resolve_instance(scope, instance_id)?;
        let Some((_, description)) = EVENT_CODES.iter().find(|(c, _)| *c == code) else {
            return Err(ApiError::InvalidParameterValue(format!(
                "Unknown event code '{code}'; the codes are instance-reboot, system-reboot, system-maintenance, instance-retirement, instance-stop."
            )));
        };
        let inst =
            self.world.instance(scope, &id).ok_or_else(|| ApiError::InstanceNotFound(vec![instance_id.into()]))?;
        if matches!(inst.state, InstanceState::Terminated | InstanceState::ShuttingDown) {
            return Err(ApiError::GuestNotRunning(instance_id.to_string()));
        }
        let not_before = self.now.plus(Millis::from_hours(in_hours.max(1)));
        let event_id = format!("instance-event-{}", self.rng.hex(17));
        let timer = self.queue.schedule(
            not_before,
            Event::ScheduledEventDue { scope: scope.clone(), instance_id: id.clone(), event_id: event_id.clone() },
        );
        let event = ScheduledEvent {
            id: event_id,
            code: code.to_string(),
            description: description.to_string(),
            not_before,
            not_after: not_before.plus(EVENT_WINDOW),
            not_before_deadline: (code == "instance-reboot").then(|| not_before.plus(RESCHEDULE_DEADLINE)),
            completed_at: None,
            timer: Some(timer),
        };
        if let Some(inst) = self.world.region_mut(scope).and_then(|r| r.instances.get_mut(&id)) {
            inst.scheduled_events.push(event);
        }
        Ok(Reply::Empty)
    }

    /// ModifyInstanceEventStartTime: instance reboots can be moved (until their deadline);
    /// system reboots and maintenance cannot (INS-09).
    pub(crate) fn modify_event_start_time(
        &mut self,
        scope: &Scope,
        instance_id: &str,
        event_id: &str,
        not_before: Timestamp,
    ) -> Result<Reply, ApiError> {
        let id = self.resolve_instance(scope, instance_id)?;
        let inst =
            self.world.instance(scope, &id).ok_or_else(|| ApiError::InstanceNotFound(vec![instance_id.into()]))?;
        let Some(event) = inst.scheduled_events.iter().find(|e| e.id == event_id && e.completed_at.is_none()).cloned()
        else {
            return Err(ApiError::InstanceEventNotFound(event_id.to_string()));
        };
        let Some(deadline) = event.not_before_deadline else {
            return Err(ApiError::EventNotReschedulable(event.code.clone()));
        };
        if not_before <= self.now || not_before > deadline {
            return Err(ApiError::EventStartOutOfRange);
        }
        let timer = self.queue.schedule(
            not_before,
            Event::ScheduledEventDue { scope: scope.clone(), instance_id: id.clone(), event_id: event_id.to_string() },
        );
        let mut cancel = None;
        let mut shown = event.clone();
        if let Some(e) = self
            .world
            .region_mut(scope)
            .and_then(|r| r.instances.get_mut(&id))
            .and_then(|i| i.scheduled_events.iter_mut().find(|e| e.id == event_id))
        {
            cancel = e.timer.replace(timer);
            e.not_before = not_before;
            e.not_after = not_before.plus(EVENT_WINDOW);
            shown = e.clone();
        }
        if let Some(k) = cancel {
            self.queue.cancel(k);
        }
        Ok(Reply::ScheduledEvent { instance_id: id, event: shown })
    }

    /// A scheduled event's time has come: it happens, and is then shown as completed.
    pub(crate) fn on_scheduled_event_due(&mut self, scope: &Scope, id: &InstanceId, event_id: &str, key: EventKey) {
        let Some(inst) = self.world.instance(scope, id) else { return };
        let Some(event) = inst.scheduled_events.iter().find(|e| e.id == event_id && e.timer == Some(key)).cloned()
        else {
            return;
        };
        let (state, instance_store) =
            (inst.state, inst.root_device_type == crate::catalog::RootDeviceType::InstanceStore);
        if let Some(e) = self
            .world
            .region_mut(scope)
            .and_then(|r| r.instances.get_mut(id))
            .and_then(|i| i.scheduled_events.iter_mut().find(|e| e.id == event_id))
        {
            e.timer = None;
            e.completed_at = Some(self.now);
            e.description = format!("[Completed] {}", e.description);
        }
        let ids = [id.to_string()];
        // What the event does (EC2UG monitoring-instances-status-check_sched): reboots reboot;
        // a stop stops; a retirement stops an EBS-backed instance and terminates an
        // instance-store-backed one; maintenance passes unseen.
        let _ = match (event.code.as_str(), state) {
            ("instance-reboot" | "system-reboot", InstanceState::Running) => {
                self.reboot_instances(scope, &ids).map(|_| ())
            }
            ("instance-stop", InstanceState::Running) if !instance_store => self.forced_stop(scope, id),
            ("instance-retirement", InstanceState::Running | InstanceState::Stopped) if instance_store => {
                self.terminate_instances(scope, &ids).map(|_| ())
            }
            ("instance-retirement", InstanceState::Running) => self.forced_stop(scope, id),
            _ => Ok(()),
        };
    }

    /// A stop AWS makes: like StopInstances, and regardless of stop protection.
    fn forced_stop(&mut self, scope: &Scope, id: &InstanceId) -> Result<(), ApiError> {
        let protected = self.world.instance(scope, id).is_some_and(|i| i.disable_api_stop);
        if protected && let Some(i) = self.world.region_mut(scope).and_then(|r| r.instances.get_mut(id)) {
            i.disable_api_stop = false;
        }
        let r = self.stop_instances(scope, &[id.to_string()], false).map(|_| ());
        if protected && let Some(i) = self.world.region_mut(scope).and_then(|r| r.instances.get_mut(id)) {
            i.disable_api_stop = true;
        }
        r
    }
}
