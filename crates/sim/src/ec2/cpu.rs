//! An instance's CPU: the guest's load (a sandbox workload) and, on burstable types, CPU
//! credits (EC2UG burstable-credits-baseline-concepts). One credit is one vCPU at 100 % for
//! a minute; an instance earns its type's credits per hour and spends vCPUs × utilization.
//!
//! - Standard mode (T2's default): accrued credits are spent to burst; with none left the
//!   instance is held to its baseline. A T2 gets launch credits when it launches or starts
//!   (the 100-a-day account limit is not modelled) and loses its credits when stopped.
//! - Unlimited mode (T3's default): the instance always gets what it asks; with no accrued
//!   credits it spends surplus credits, paid down by what it earns below the baseline. What
//!   surplus costs is not charged in the sandbox yet. T3 credits persist while stopped (the
//!   sandbox keeps them; AWS keeps them seven days).
//!
//! Like the EBS buckets, the balance is linear between changes: one event when it empties
//! or a surplus is repaid, one per switch of the load's pattern; nothing per second.

use serde::{Deserialize, Serialize};

use crate::command::Reply;
use crate::ec2::performance::Pattern;
use crate::ec2::{Instance, InstanceState};
use crate::error::ApiError;
use crate::event::{Event, EventKey};
use crate::ids::InstanceId;
use crate::region::Scope;
use crate::sim::Sim;
use crate::time::{Millis, Timestamp};

/// CPU credit figures of a burstable type (EC2UG burstable-credits-baseline-concepts table).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CpuCredits {
    pub per_hour: f64,
    /// The most earned credits an instance can hold (24 hours' worth).
    pub max: f64,
    /// T2 Standard's launch credits.
    pub launch: f64,
    pub unlimited_by_default: bool,
    /// Whether accrued credits survive a stop (T3: seven days; T2: lost).
    pub kept_when_stopped: bool,
}

/// The figures of the sandbox's burstable types.
pub fn credits_of(instance_type: &str) -> Option<CpuCredits> {
    let t2 = |per_hour: f64, max: f64, launch: f64| CpuCredits {
        per_hour,
        max,
        launch,
        unlimited_by_default: false,
        kept_when_stopped: false,
    };
    let t3 = |per_hour: f64, max: f64| CpuCredits {
        per_hour,
        max,
        launch: 0.0,
        unlimited_by_default: true,
        kept_when_stopped: true,
    };
    match instance_type {
        // t2.micro: 6 credits an hour, 144 at most, 30 launch credits.
        "t2.micro" => Some(t2(6.0, 144.0, 30.0)),
        "t3.micro" => Some(t3(12.0, 288.0)),
        "t3.small" => Some(t3(24.0, 576.0)),
        _ => None,
    }
}

/// What the guest asks of the CPU: a share of the whole instance, in percent, and when.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CpuLoad {
    pub percent: f64,
    #[serde(default)]
    pub pattern: Pattern,
}

/// From `start` until the next segment: what CloudWatch sees of the CPU.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CpuSegment {
    pub start: Timestamp,
    pub running: bool,
    /// CPUUtilization of the whole instance, in percent.
    pub utilization: f64,
    pub credits: f64,
    pub surplus: f64,
    /// Per second: + earned, − spent (credits), and surplus added (+) or repaid (−).
    pub credit_rate: f64,
    pub surplus_rate: f64,
    /// Credits spent per second.
    pub usage: f64,
}

/// An instance's CPU: the load asked for, and what it did piece by piece. The balances now
/// are derived from the last segment (its rates are zero while the instance is not running).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Cpu {
    pub load: Option<CpuLoad>,
    pub timer: Option<EventKey>,
    pub pattern_timer: Option<EventKey>,
    pub history: Vec<CpuSegment>,
}

impl crate::history::Segmented for CpuSegment {
    fn start(&self) -> Timestamp {
        self.start
    }
}

/// (utilization %, credits per second, surplus per second, credits spent per second) for an
/// instance asking `demand` % with `credits` and `surplus` in hand.
fn rates(i: &Instance, c: Option<&CpuCredits>, demand: f64, credits: f64, surplus: f64) -> (f64, f64, f64, f64) {
    let Some(c) = c else { return (demand, 0.0, 0.0, 0.0) };
    let vcpus = f64::from(crate::catalog::instance_type(&i.instance_type).map_or(1, |t| t.vcpus));
    let earn = c.per_hour / 3600.0;
    // Baseline utilization of the whole instance: (credits per hour / vCPUs) / 60 minutes.
    let baseline = c.per_hour / vcpus / 60.0 * 100.0;
    let spend_at = |u: f64| vcpus * u / 100.0 / 60.0;
    if c.unlimited_by_default {
        let spend = spend_at(demand);
        let net = earn - spend;
        // Earnings repay surplus first; spending beyond them draws on credits, then surplus.
        return if net >= 0.0 {
            if surplus > 0.0 { (demand, 0.0, -net, spend) } else { (demand, net, 0.0, spend) }
        } else if credits > 0.0 {
            (demand, net, 0.0, spend)
        } else {
            (demand, 0.0, -net, spend)
        };
    }
    let util = if credits > 0.0 || demand <= baseline { demand } else { baseline };
    let spend = spend_at(util);
    (util, earn - spend, 0.0, spend)
}

impl Sim {
    /// The CPU's balances now, under the rates last recorded.
    fn cpu_now(&self, i: &Instance) -> (f64, f64) {
        let Some(c) = credits_of(&i.instance_type) else { return (0.0, 0.0) };
        let Some(s) = i.cpu.history.last() else { return (0.0, 0.0) };
        let dt = self.now.since(s.start).as_secs_f64();
        (
            (s.credits + s.credit_rate * dt).clamp(0.0, c.max.max(s.credits)),
            (s.surplus + s.surplus_rate * dt).clamp(0.0, c.max),
        )
    }

    /// Settles an instance's CPU to now and records what it does from now on, if that
    /// changed; schedules the instant a balance empties and the load's next switch.
    pub(crate) fn reconcile_cpu(&mut self, scope: &Scope, id: &InstanceId, load: Option<Option<CpuLoad>>) {
        let now = self.now;
        let Some(i) = self.world.instance(scope, id) else { return };
        let c = credits_of(&i.instance_type);
        let running = i.state == InstanceState::Running;
        let was_running = i.cpu.history.last().is_some_and(|l| l.running);
        let (mut credits, mut surplus) = self.cpu_now(i);
        // What rounding leaves when an event fires at the instant a balance empties.
        if credits < 1e-6 {
            credits = 0.0;
        }
        if surplus < 1e-6 {
            surplus = 0.0;
        }
        let new_load = match load {
            Some(l) => l,
            None => i.cpu.load,
        };
        if let Some(c) = &c {
            // A T2 Standard gets its launch credits on each launch or start, and loses what
            // it has when it stops; T3 credits are kept.
            if running && !was_running && c.launch > 0.0 {
                credits = c.launch;
            }
            if !running && !c.kept_when_stopped {
                credits = 0.0;
                surplus = 0.0;
            }
        }
        let on = new_load.is_some_and(|l| l.pattern.on_at(now));
        let demand = if running && on { new_load.map_or(0.0, |l| l.percent.clamp(0.0, 100.0)) } else { 0.0 };
        let (utilization, credit_rate, surplus_rate, usage) =
            if running { rates(i, c.as_ref(), demand, credits, surplus) } else { (0.0, 0.0, 0.0, 0.0) };
        // The instant a balance runs out at these rates (rounded up to the millisecond), and
        // the load's next switch.
        let empties = [(credits, credit_rate), (surplus, surplus_rate)]
            .into_iter()
            .filter(|&(b, r)| running && b > 0.0 && r < 0.0)
            .map(|(b, r)| (b / -r * 1000.0).ceil() as u64)
            .min();
        let next_switch = new_load.and_then(|l| l.pattern.next_change_after(now)).filter(|_| running);
        let same = i.cpu.history.last().is_some_and(|l| {
            (l.running, l.utilization, l.credit_rate, l.surplus_rate)
                == (running, utilization, credit_rate, surplus_rate)
        }) || (!running && !was_running);
        let timers_right =
            i.cpu.timer.is_some() == empties.is_some() && i.cpu.pattern_timer.is_some() == next_switch.is_some();
        if same && load.is_none() && timers_right {
            return;
        }
        // Taken out and put back, not cloned: the history can be long.
        let Some(mut cpu) =
            self.world.region_mut(scope).and_then(|rs| rs.instances.get_mut(id)).map(|i| std::mem::take(&mut i.cpu))
        else {
            return;
        };
        cpu.load = new_load;
        for k in [cpu.timer.take(), cpu.pattern_timer.take()].into_iter().flatten() {
            self.queue.cancel(k);
        }
        if !same {
            crate::history::push(
                &mut cpu.history,
                CpuSegment { start: now, running, utilization, credits, surplus, credit_rate, surplus_rate, usage },
            );
        }
        if let Some(ms) = empties {
            cpu.timer = Some(self.queue.schedule(
                now.plus(Millis(ms.max(1))),
                Event::InstanceCpuCreditsChanged { scope: scope.clone(), instance_id: id.clone() },
            ));
        }
        if let Some(next) = next_switch {
            cpu.pattern_timer = Some(
                self.queue
                    .schedule(next, Event::InstanceCpuLoadSwitched { scope: scope.clone(), instance_id: id.clone() }),
            );
        }
        if let Some(i) = self.world.region_mut(scope).and_then(|rs| rs.instances.get_mut(id)) {
            i.cpu = cpu;
        }
    }

    /// A balance ran out (credits spent, or a surplus repaid), or the load's pattern switched:
    /// the reconcile records the new rates.
    pub(crate) fn on_cpu_event(&mut self, scope: &Scope, id: &InstanceId, key: EventKey) {
        let Some(i) = self.world.region_mut(scope).and_then(|rs| rs.instances.get_mut(id)) else { return };
        if i.cpu.timer == Some(key) {
            i.cpu.timer = None;
        } else if i.cpu.pattern_timer == Some(key) {
            i.cpu.pattern_timer = None;
        } else {
            return;
        }
        self.reconcile_cpu(scope, id, None);
    }

    /// `sim cpu set|clear`: what the guest asks of an instance's CPU (not an AWS API).
    pub(crate) fn sandbox_set_cpu(
        &mut self,
        scope: &Scope,
        instance_id: &str,
        load: Option<CpuLoad>,
    ) -> Result<Reply, ApiError> {
        let id = self.resolve_instance(scope, instance_id)?;
        if let Some(l) = &load
            && !(0.0..=100.0).contains(&l.percent)
        {
            return Err(ApiError::InvalidParameterValue(format!(
                "CPU load {} % is out of range (0 to 100).",
                l.percent
            )));
        }
        self.reconcile_cpu(scope, &id, Some(load));
        Ok(Reply::Empty)
    }

    /// The instance's CPU now: (utilization %, credit balance, surplus balance), and the
    /// load asked for.
    pub fn cpu_now_of(&self, scope: &Scope, id: &InstanceId) -> Option<(f64, f64, f64, Option<CpuLoad>)> {
        let i = self.world.instance(scope, id)?;
        let (credits, surplus) = self.cpu_now(i);
        let util = i.cpu.history.last().filter(|s| s.running).map_or(0.0, |s| s.utilization);
        Some((util, credits, surplus, i.cpu.load))
    }
}
