//! CloudWatch metrics of instances (namespace AWS/EC2, dimension InstanceId): the status
//! checks, at 1-minute frequency, and on Nitro instances the EBS I/O of the volumes attached
//! to them, at basic monitoring's 5 minutes (EC2UG viewing_metrics_with_cloudwatch). Status
//! checks are derived from each instance's history of status segments, EBS I/O from its
//! volumes' segments: nothing stores a sample per minute. CPUUtilization needs a model of
//! the guest's CPU, which the sandbox does not have yet, so it is not reported.

use crate::ec2::{CheckStatus, Instance, InstanceState, StatusSegment};
use crate::region::Scope;
use crate::sim::Sim;
use crate::time::Timestamp;

/// The AWS/EC2 metrics the sandbox reports, with their units (EC2UG viewing_metrics_with_cloudwatch).
pub const EC2_METRICS: [(&str, &str); 13] = [
    // The guest's CPU (a sandbox workload) and, on burstable types, its credits.
    ("CPUUtilization", "Percent"),
    ("CPUCreditUsage", "Count"),
    ("CPUCreditBalance", "Count"),
    ("CPUSurplusCreditBalance", "Count"),
    ("StatusCheckFailed", "Count"),
    ("StatusCheckFailed_Instance", "Count"),
    ("StatusCheckFailed_System", "Count"),
    ("EBSReadOps", "Count"),
    ("EBSWriteOps", "Count"),
    ("EBSReadBytes", "Bytes"),
    ("EBSWriteBytes", "Bytes"),
    // The instance's allowance above its baseline EBS bandwidth, in percent (types that have
    // one; basic monitoring only).
    ("EBSIOBalance%", "Percent"),
    ("EBSByteBalance%", "Percent"),
];

/// Whether an instance type reports `metric`: EBS metrics on Nitro only, the balances only
/// where the maximum exceeds the baseline.
pub fn reports(instance_type: &str, metric: &str) -> bool {
    let Some(t) = crate::catalog::instance_type(instance_type) else { return false };
    let credits = crate::ec2::cpu::credits_of(instance_type);
    match metric {
        "CPUCreditUsage" | "CPUCreditBalance" => credits.is_some(),
        "CPUSurplusCreditBalance" => credits.is_some_and(|c| c.unlimited_by_default),
        "EBSIOBalance%" | "EBSByteBalance%" => {
            t.hypervisor == "nitro" && t.ebs_bandwidth.is_some_and(|b| b.max_mbps > b.baseline_mbps)
        }
        m if m.starts_with("EBS") => t.hypervisor == "nitro",
        _ => true,
    }
}

/// Status checks are sent every minute; other instance metrics every 5 minutes under basic
/// monitoring (detailed monitoring is not modelled).
pub fn granularity_secs(metric: &str) -> u64 {
    if metric.starts_with("StatusCheckFailed") { 60 } else { 300 }
}

fn observed(i: &Instance, at: Timestamp) -> StatusSegment {
    StatusSegment {
        start: at,
        running: i.state == InstanceState::Running,
        system_failed: i.system_status == CheckStatus::Impaired,
        instance_failed: i.instance_status == CheckStatus::Impaired,
    }
}

fn record(i: &mut Instance, now: Timestamp) {
    let seg = observed(i, now);
    let same = i.status_history.last().is_some_and(|l| {
        (l.running, l.system_failed, l.instance_failed) == (seg.running, seg.system_failed, seg.instance_failed)
    });
    if same || (i.status_history.is_empty() && !seg.running) {
        return;
    }
    crate::history::push(&mut i.status_history, seg);
}

/// A CPU metric over the sample [a, b) from the instance's CPU segments: utilization
/// averaged over the running part, credits used in it, balances at its end.
fn cpu_sample(h: &[crate::ec2::cpu::CpuSegment], metric: &str, a: Timestamp, b: Timestamp, cap: f64) -> Option<f64> {
    let (mut secs, mut util, mut used) = (0.0, 0.0, 0.0);
    for (n, s) in h.iter().enumerate() {
        let end = h.get(n + 1).map_or(b, |next| next.start);
        let (from, to) = (s.start.max(a), end.min(b));
        if to <= from || !s.running {
            continue;
        }
        let dt = to.since(from).as_secs_f64();
        secs += dt;
        util += s.utilization * dt;
        used += s.usage * dt;
    }
    if secs == 0.0 {
        return None;
    }
    let round = |v: f64| (v * 1e6).round() / 1e6;
    Some(match metric {
        "CPUUtilization" => round(util / secs),
        "CPUCreditUsage" => round(used),
        _ => {
            let s = h.iter().rev().find(|s| s.start < b)?;
            let dt = b.since(s.start).as_secs_f64();
            let v = if metric == "CPUCreditBalance" {
                s.credits + s.credit_rate * dt
            } else {
                s.surplus + s.surplus_rate * dt
            };
            round(v.clamp(0.0, cap.max(s.credits)))
        }
    })
}

impl Sim {
    /// Records a new status segment where what CloudWatch sees of an instance changed, for
    /// the instances a request or event touched (crate::dirty); then their CPU follows their
    /// state (credits stop, T2 loses them when stopped).
    pub(crate) fn reconcile_instance_metrics(&mut self, dirty: &crate::dirty::Dirty) {
        let now = self.now;
        for (scope, id) in &dirty.instances {
            if let Some(i) = self.world.region_mut(scope).and_then(|rs| rs.instances.get_mut(id)) {
                record(i, now);
            }
        }
        for (scope, id) in &dirty.instances {
            self.reconcile_cpu(scope, id, None);
        }
    }

    /// The value of an AWS/EC2 metric of `inst` over the sample [a, b), or `None` when the
    /// instance was not running in it.
    pub(crate) fn ec2_sample(
        &self,
        scope: &Scope,
        inst: &Instance,
        metric: &str,
        a: Timestamp,
        b: Timestamp,
    ) -> Option<f64> {
        let h = &inst.status_history;
        let mut running = false;
        let mut failed = 0.0f64;
        for (n, s) in h.iter().enumerate() {
            let end = h.get(n + 1).map_or(b, |next| next.start);
            if end <= a || s.start >= b || !s.running {
                continue;
            }
            running = true;
            let f = match metric {
                "StatusCheckFailed_System" => s.system_failed,
                "StatusCheckFailed_Instance" => s.instance_failed,
                _ => s.system_failed || s.instance_failed,
            };
            if f {
                failed = 1.0;
            }
        }
        if !running {
            return None;
        }
        if metric.starts_with("StatusCheckFailed") {
            return Some(failed);
        }
        if !reports(&inst.instance_type, metric) {
            return None;
        }
        if metric.starts_with("CPU") {
            let cap = crate::ec2::cpu::credits_of(&inst.instance_type).map_or(0.0, |c| c.max);
            return cpu_sample(&inst.cpu.history, metric, a, b, cap);
        }
        if let Some(bytes) = match metric {
            "EBSIOBalance%" => Some(false),
            "EBSByteBalance%" => Some(true),
            _ => None,
        } {
            // The balance at the end of the sample.
            let bw = crate::catalog::instance_type(&inst.instance_type)?.ebs_bandwidth?;
            let (v, _) = crate::ec2::instance_ebs::balance_at(&inst.ebs_burst.history, &bw, bytes, b)?;
            return Some((v * 100.0).round() / 100.0);
        }
        // EBS I/O of the volumes attached to a Nitro instance, summed (EC2UG: "Nitro-based
        // instances only").
        let rs = self.world.region(scope)?;
        let id = inst.id.as_str();
        let mut total = 0.0;
        for v in rs.volumes.values() {
            let vh = &v.burst.history;
            for (n, s) in vh.iter().enumerate() {
                let end = vh.get(n + 1).map_or(b, |next| next.start);
                let (from, to) = (s.start.max(a), end.min(b));
                if to <= from || !s.active || s.instance.as_deref() != Some(id) {
                    continue;
                }
                let dt = to.since(from).as_secs_f64();
                let bytes = f64::from(s.io_kib) * 1024.0;
                total += match metric {
                    "EBSReadOps" => s.read_ops * dt,
                    "EBSWriteOps" => s.write_ops * dt,
                    "EBSReadBytes" => s.read_ops * dt * bytes,
                    "EBSWriteBytes" => s.write_ops * dt * bytes,
                    _ => return None,
                };
            }
        }
        Some(total.round())
    }
}
