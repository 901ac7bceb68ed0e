//! An instance's EBS bandwidth (STO-04): EBS-optimized types have dedicated bandwidth to
//! EBS, shared by all their volumes. Types marked `*` in EC2UG ebs-optimized reach their
//! maximum "for 30 minutes at least once every 24 hours" and otherwise hold their baseline.
//!
//! The sandbox models that allowance as two buckets, like gp2's: I/Os and bytes above the
//! baseline, each holding 30 minutes at the maximum above the baseline, full at launch, spent
//! at (use − baseline) and earned back at (baseline − use). An empty bucket holds the
//! instance to its baseline; one event marks the instant it empties. The refill rate is the
//! sandbox's choice (AWS documents only the 30 minutes per 24 hours, which this satisfies).
//!
//! When the volumes together ask for more than the instance allows, it is shared max-min
//! fairly: a volume that wants less than an even share gets what it wants, the others split
//! the rest evenly (so a volume held to its own baseline is never pushed below it by the
//! others, and cannot start trading credits back and forth with them).
//!
//! Without dedicated bandwidth (t2, m3.medium, or m3.xlarge with EBS optimization off), EBS
//! traffic shares the instance's network with its other traffic (STO-04): the volumes share
//! what the guest's other traffic (`sim network set`) leaves of the network, the same max-min
//! way, in bytes. AWS names that network only by a label and guarantees nothing; the figure
//! per label is the sandbox's ([`crate::catalog::InstanceType::shared_network_mbps`]).

use serde::{Deserialize, Serialize};

use crate::catalog::{EbsBandwidth, EbsOptimizedSupport};
use crate::ec2::performance::rates;
use crate::ec2::{AttachmentState, Instance, InstanceState};
use crate::event::{Event, EventKey};
use crate::ids::{InstanceId, VolumeId};
use crate::region::Scope;
use crate::sim::Sim;
use crate::time::{Millis, Timestamp};

/// Seconds the allowance lasts at the maximum: 30 minutes (EC2UG ebs-optimized).
pub const BURST_SECS: f64 = 1800.0;

/// An instance's allowance above its baseline: what its volumes move now, and the buckets
/// piece by piece (the balances now are derived from the last segment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EbsBurst {
    /// What its volumes move since the last segment: I/Os and bytes per second.
    pub usage: (f64, f64),
    /// The buckets have been filled (a new instance starts with them full).
    pub filled: bool,
    /// The event at which a bucket empties.
    pub timer: Option<EventKey>,
    /// The buckets piece by piece, for the EBSIOBalance% and EBSByteBalance% metrics.
    #[serde(default)]
    pub history: Vec<EbsSegment>,
}

/// From `start` until the next segment: the buckets change linearly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EbsSegment {
    pub start: Timestamp,
    pub io_credits: f64,
    pub byte_credits: f64,
    /// Per second: + earned, − spent.
    pub io_rate: f64,
    pub byte_rate: f64,
}

impl crate::history::Segmented for EbsSegment {
    fn start(&self) -> Timestamp {
        self.start
    }
}

impl EbsBurst {
    /// Starts a segment at `at` with these balances, changing at the current use.
    fn record(&mut self, bw: &EbsBandwidth, at: Timestamp, io_credits: f64, byte_credits: f64) {
        let seg = EbsSegment {
            start: at,
            io_credits,
            byte_credits,
            io_rate: bw.baseline_iops - self.usage.0,
            byte_rate: EbsBandwidth::bytes_per_sec(bw.baseline_mbps) - self.usage.1,
        };
        crate::history::push(&mut self.history, seg);
    }
}

/// The balance in percent of the (I/O or byte) bucket at `t`, from the segment covering it.
pub fn balance_at(history: &[EbsSegment], bw: &EbsBandwidth, bytes: bool, t: Timestamp) -> Option<(f64, f64)> {
    let s = history.iter().rev().find(|s| s.start <= t)?;
    let (io_cap, byte_cap) = bucket_sizes(bw);
    let (c, r, cap) = if bytes { (s.byte_credits, s.byte_rate, byte_cap) } else { (s.io_credits, s.io_rate, io_cap) };
    if cap <= 0.0 {
        return None;
    }
    let now = (c + r * t.since(s.start).as_secs_f64()).clamp(0.0, cap);
    // Flat at the bottom or the top.
    let slope = if (now <= 0.0 && r < 0.0) || (now >= cap && r > 0.0) { 0.0 } else { r / cap * 100.0 };
    Some((now / cap * 100.0, slope))
}

/// The instance's EBS limits now: (IOPS, bytes per second), and its bandwidth figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EbsLimit {
    pub iops: f64,
    pub bytes_per_sec: f64,
    pub bandwidth: EbsBandwidth,
    pub io_credits: f64,
    pub byte_credits: f64,
}

/// The bucket sizes: 30 minutes of (maximum − baseline).
pub fn bucket_sizes(b: &EbsBandwidth) -> (f64, f64) {
    let bytes = EbsBandwidth::bytes_per_sec(b.max_mbps) - EbsBandwidth::bytes_per_sec(b.baseline_mbps);
    ((b.max_iops - b.baseline_iops).max(0.0) * BURST_SECS, bytes.max(0.0) * BURST_SECS)
}

/// The dedicated bandwidth that applies to a running instance: types optimized by default
/// always have it (disabling it has no effect), the others when the attribute is on.
pub fn dedicated(i: &Instance) -> Option<EbsBandwidth> {
    let t = crate::catalog::instance_type(&i.instance_type)?;
    let on = t.ebs_optimized == EbsOptimizedSupport::Default || i.ebs_optimized;
    (on && i.state == InstanceState::Running).then_some(t.ebs_bandwidth).flatten()
}

/// What a running instance without dedicated EBS bandwidth leaves its EBS traffic of its
/// network (STO-04).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NetworkShare {
    /// The network, in Mbps: the sandbox's figure for the type's label.
    pub network_mbps: f64,
    pub network_performance: &'static str,
    /// The guest's other traffic, in Mbps, as asked (it cannot use more than the network).
    pub other_mbps: f64,
    /// What is left for EBS, in bytes per second.
    pub ebs_bytes_per_sec: f64,
}

/// The network share that applies to a running instance whose EBS traffic is not dedicated.
pub fn shared_network(i: &Instance) -> Option<NetworkShare> {
    if i.state != InstanceState::Running || dedicated(i).is_some() {
        return None;
    }
    let t = crate::catalog::instance_type(&i.instance_type)?;
    let network_mbps = t.shared_network_mbps()?;
    let other_mbps = i.network_load_mbps.unwrap_or(0.0).max(0.0);
    Some(NetworkShare {
        network_mbps,
        network_performance: t.network_performance,
        other_mbps,
        ebs_bytes_per_sec: EbsBandwidth::bytes_per_sec((network_mbps - other_mbps).max(0.0)),
    })
}

/// The buckets at `now`, from the last segment (full before the first).
fn credits_at(b: &EbsBurst, bw: &EbsBandwidth, now: Timestamp) -> (f64, f64) {
    let (io_cap, byte_cap) = bucket_sizes(bw);
    match b.history.last().filter(|_| b.filled) {
        None => (io_cap, byte_cap),
        Some(s) => {
            let dt = now.since(s.start).as_secs_f64();
            (
                (s.io_credits + s.io_rate * dt).clamp(0.0, io_cap),
                (s.byte_credits + s.byte_rate * dt).clamp(0.0, byte_cap),
            )
        }
    }
}

/// The level L at which Σ min(wanted, L) = limit (water-filling); infinite when everything
/// fits.
fn fill_level(mut wanted: Vec<f64>, limit: f64) -> f64 {
    crate::sort::by(&mut wanted, f64::total_cmp);
    let mut remaining = limit;
    let n = wanted.len();
    for (k, w) in wanted.iter().enumerate() {
        let even = remaining / (n - k) as f64;
        if *w > even {
            return even;
        }
        remaining -= w;
    }
    f64::INFINITY
}

/// The most other traffic `sim network set` takes, in Mbps: 100 Gbps, beyond any network
/// the sandbox's types have.
pub const MAX_NETWORK_LOAD_MBPS: f64 = 100_000.0;

impl Sim {
    /// `sim network set|clear`: the guest's other network traffic. The reconcile after every
    /// request shares what is left among the instance's volumes.
    pub(crate) fn sandbox_set_network(
        &mut self,
        scope: &Scope,
        instance_id: &str,
        mbps: Option<f64>,
    ) -> Result<crate::command::Reply, crate::error::ApiError> {
        let id = self.resolve_instance(scope, instance_id)?;
        if let Some(m) = mbps
            && !(0.0..=MAX_NETWORK_LOAD_MBPS).contains(&m)
        {
            return Err(crate::error::ApiError::InvalidParameterValue(format!(
                "Network load {m} Mbps is out of range (0 to {MAX_NETWORK_LOAD_MBPS})."
            )));
        }
        if let Some(i) = self.world.region_mut(scope).and_then(|rs| rs.instances.get_mut(&id)) {
            i.network_load_mbps = mbps;
        }
        Ok(crate::command::Reply::Empty)
    }

    /// The instance's EBS limits now, if it has dedicated bandwidth.
    pub fn instance_ebs_limit(&self, scope: &Scope, id: &InstanceId) -> Option<EbsLimit> {
        let i = self.world.instance(scope, id)?;
        let bw = dedicated(i)?;
        let (io, bytes) = credits_at(&i.ebs_burst, &bw, self.now);
        Some(EbsLimit {
            iops: if io > 0.0 { bw.max_iops } else { bw.baseline_iops },
            bytes_per_sec: EbsBandwidth::bytes_per_sec(if bytes > 0.0 { bw.max_mbps } else { bw.baseline_mbps }),
            bandwidth: bw,
            io_credits: io,
            byte_credits: bytes,
        })
    }

    /// The volumes whose attachment to an instance has completed, from the Region's index
    /// (crate::index), in id order.
    pub(crate) fn attached_volumes(&self, scope: &Scope, id: &InstanceId) -> Vec<VolumeId> {
        let Some(rs) = self.world.region(scope) else { return Vec::new() };
        rs.index
            .volumes_of(id)
            .filter(|v| {
                rs.volumes
                    .get(v)
                    .and_then(|v| v.attachment.as_ref())
                    .is_some_and(|a| a.state == AttachmentState::Attached)
            })
            .collect()
    }

    /// Shares the instance's EBS bandwidth among its attached `volumes`, settles its buckets
    /// to now and schedules the instant one empties.
    pub(crate) fn reconcile_instance_ebs(&mut self, scope: &Scope, id: &InstanceId, volumes: &[VolumeId]) {
        let now = self.now;
        let limits = self.world.profile.limits();
        let Some(inst) = self.world.instance(scope, id) else { return };
        let bw = dedicated(inst);
        let network = shared_network(inst);
        let mut burst = inst.ebs_burst.clone();
        let Some(rs) = self.world.region(scope) else { return };
        // What each volume could do on its own.
        let mut wanted = Vec::new();
        for vid in volumes {
            let Some(v) = rs.volumes.get(vid) else { continue };
            let mut inputs = self.burst_inputs(scope, v);
            inputs.instance_cap = None;
            let has = self.credits_now(&v.burst) > 0.0;
            let (ops, mibps, _) = rates(limits, &inputs, v.burst.running(), has);
            wanted.push((vid.clone(), ops, mibps * 1024.0 * 1024.0));
        }
        // Each volume's cap in I/Os per second; `None` where the instance does not bind it.
        let mut caps: Vec<Option<f64>> = vec![None; wanted.len()];
        let mut usage = (0.0, 0.0);
        let (io, bytes) = bw.map_or((0.0, 0.0), |bw| credits_at(&burst, &bw, now));
        if let Some(bw) = &bw {
            let lim_iops = if io > 0.0 { bw.max_iops } else { bw.baseline_iops };
            let lim_bytes = EbsBandwidth::bytes_per_sec(if bytes > 0.0 { bw.max_mbps } else { bw.baseline_mbps });
            // Max-min fair shares: volumes that want less than an even share get all of it,
            // the rest split what is left evenly (a level of I/Os, and one of bytes).
            let ops_level = fill_level(wanted.iter().map(|w| w.1).collect(), lim_iops);
            let bytes_level = fill_level(wanted.iter().map(|w| w.2).collect(), lim_bytes);
            for (n, (_, ops, moved)) in wanted.iter().enumerate() {
                let per_op = if *ops > 0.0 { moved / ops } else { 0.0 };
                let by_bytes = if per_op > 0.0 { bytes_level / per_op } else { f64::INFINITY };
                let cap = ops_level.min(by_bytes);
                if cap < *ops {
                    caps[n] = Some(cap);
                }
                let got = ops.min(cap);
                usage.0 += got;
                usage.1 += got * per_op;
            }
        }
        // Sharing the network: only bytes are limited, and no bucket is spent.
        if let Some(net) = &network {
            let bytes_level = fill_level(wanted.iter().map(|w| w.2).collect(), net.ebs_bytes_per_sec);
            for (n, (_, ops, moved)) in wanted.iter().enumerate() {
                let per_op = if *ops > 0.0 { moved / ops } else { 0.0 };
                if per_op > 0.0 && bytes_level < *moved {
                    caps[n] = Some(bytes_level / per_op);
                }
            }
        }
        for (n, (vid, ..)) in wanted.iter().enumerate() {
            let cap = caps[n];
            let current =
                self.world.region(scope).and_then(|rs| rs.volumes.get(vid)).map(|v| v.burst.inputs.instance_cap);
            if current.is_some_and(|c| c != cap) {
                let inputs = self.world.region(scope).and_then(|rs| rs.volumes.get(vid)).map(|v| {
                    let mut i = self.burst_inputs(scope, v);
                    i.instance_cap = cap;
                    i
                });
                self.settle_burst(scope, vid, inputs, None);
            }
        }
        // The buckets move linearly while the use stays the same: nothing to write then, so a
        // request that changes nothing leaves the world as it was.
        let unchanged = usage == burst.usage && (burst.filled || bw.is_none());
        if unchanged {
            return;
        }
        if let Some(k) = burst.timer.take() {
            self.queue.cancel(k);
        }
        match bw {
            Some(bw) => {
                burst = EbsBurst { usage, filled: true, timer: None, history: std::mem::take(&mut burst.history) };
                burst.record(&bw, now, io, bytes);
                // The first bucket to empty at this use, rounded up to the millisecond.
                let io_rate = bw.baseline_iops - usage.0;
                let byte_rate = EbsBandwidth::bytes_per_sec(bw.baseline_mbps) - usage.1;
                let empties = [(io, io_rate), (bytes, byte_rate)]
                    .into_iter()
                    .filter(|&(c, r)| c > 0.0 && r < 0.0)
                    .map(|(c, r)| (c / -r * 1000.0).ceil() as u64)
                    .min();
                if let Some(ms) = empties {
                    burst.timer = Some(self.queue.schedule(
                        now.plus(Millis(ms.max(1))),
                        Event::InstanceEbsCreditsExhausted { scope: scope.clone(), instance_id: id.clone() },
                    ));
                }
            }
            // Stopped, or without dedicated bandwidth: nothing is spent; a stopped instance's
            // allowance refills at its baseline as when idle.
            None => {
                let tbw = self
                    .world
                    .instance(scope, id)
                    .and_then(|i| crate::catalog::instance_type(&i.instance_type))
                    .and_then(|t| t.ebs_bandwidth);
                // Settled under the old use first, then idle from now on.
                let settled = tbw.filter(|_| burst.filled).map(|tbw| (tbw, credits_at(&burst, &tbw, now)));
                burst.usage = (0.0, 0.0);
                if let Some((tbw, (io, bytes))) = settled {
                    burst.record(&tbw, now, io, bytes);
                }
            }
        }
        if let Some(i) = self.world.region_mut(scope).and_then(|rs| rs.instances.get_mut(id)) {
            i.ebs_burst = burst;
        }
    }

    /// A bucket is empty: it is set to exactly zero (the event was rounded up to the
    /// millisecond, so what is left is rounding), and the reconcile that follows every event
    /// holds the instance's volumes to its baseline.
    pub(crate) fn on_instance_ebs_exhausted(&mut self, scope: &Scope, id: &InstanceId, key: EventKey) {
        let now = self.now;
        if let Some(i) = self.world.region_mut(scope).and_then(|rs| rs.instances.get_mut(id))
            && i.ebs_burst.timer == Some(key)
        {
            i.ebs_burst.timer = None;
            if let Some(bw) = dedicated(i) {
                let (io, bytes) = credits_at(&i.ebs_burst, &bw, now);
                let zero = |c: f64| if c < 1.0 { 0.0 } else { c };
                i.ebs_burst.record(&bw, now, zero(io), zero(bytes));
            }
        }
    }
}
