//! EBS volume performance: what a workload on a volume gets, and the burst buckets of gp2
//! (I/O credits) and st1/sc1 (throughput credits) (STO-04…07, aws-reference.md §A1, §A3, §A5).
//!
//! Analytic and event-driven: between changes the credit balance is linear in time, so the
//! instant the bucket empties is computed and scheduled as one event; a refill needs no
//! event because nothing a workload gets changes when the bucket becomes full. Advancing
//! time costs per event, never per simulated second.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::command::Reply;
use crate::ec2::InstanceState;
use crate::ec2::volumes::Volume;
use crate::error::ApiError;
use crate::event::{Event, EventKey};
use crate::ids::{InstanceId, VolumeId};
use crate::limits::Limits;
use crate::region::Scope;
use crate::sim::Sim;
use crate::time::{Millis, Timestamp};

/// SSD I/O is counted in units of up to 256 KiB: a larger I/O counts as several
/// (EC2UG ebs-io-characteristics).
pub const SSD_IO_UNIT_KIB: u32 = 256;
/// HDD I/O is counted in units of up to 1,024 KiB; an I/O of 1 MiB or less counts as one
/// unless it is sequential and merged (EC2UG hdd-vols "Inefficiency of small read/writes").
pub const HDD_IO_UNIT_KIB: u32 = 1024;

/// What the guest asks of a volume, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workload {
    pub read_iops: u32,
    pub write_iops: u32,
    pub io_size_kib: u32,
    #[serde(default)]
    pub pattern: Pattern,
    /// Physically sequential I/O: EBS merges small sequential I/Os into units of the maximum
    /// I/O size (256 KiB SSD, 1 MiB HDD) instead of counting each (EC2UG ebs-io-characteristics).
    #[serde(default)]
    pub sequential: bool,
}

/// When a workload runs: always, in office hours every day, once as a batch job, or in
/// regular spikes. Piecewise on/off, so each switch is one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Pattern {
    #[default]
    Steady,
    /// Every day from `from_hour` to `to_hour` (UTC; wraps past midnight when from > to).
    Daily { from_hour: u8, to_hour: u8 },
    /// Once, from `start` for `duration`.
    Batch { start: Timestamp, duration: Millis },
    /// From `start`, for `duration` every `every`.
    Spikes { start: Timestamp, every: Millis, duration: Millis },
}

const HOUR_MS: u64 = 3_600_000;

impl Pattern {
    /// Whether the workload runs at `t`.
    pub fn on_at(&self, t: Timestamp) -> bool {
        match *self {
            Pattern::Steady => true,
            Pattern::Daily { from_hour, to_hour } => {
                let h = (t.0 / HOUR_MS % 24) as u8;
                if from_hour <= to_hour { (from_hour..to_hour).contains(&h) } else { h >= from_hour || h < to_hour }
            }
            Pattern::Batch { start, duration } => t >= start && t.0 < start.0.saturating_add(duration.0),
            Pattern::Spikes { start, every, duration } => {
                t >= start && every.0 > 0 && (t.0 - start.0) % every.0 < duration.0
            }
        }
    }

    /// The first instant after `t` at which `on_at` changes, if it ever does.
    pub fn next_change_after(&self, t: Timestamp) -> Option<Timestamp> {
        match *self {
            Pattern::Steady => None,
            Pattern::Daily { from_hour, to_hour } => {
                if from_hour % 24 == to_hour % 24 {
                    return None;
                }
                let day = t.0 / (24 * HOUR_MS) * (24 * HOUR_MS);
                [0u64, 1]
                    .iter()
                    .flat_map(|d| [from_hour, to_hour].map(|h| day + d * 24 * HOUR_MS + u64::from(h % 24) * HOUR_MS))
                    .filter(|&c| c > t.0)
                    .min()
                    .map(Timestamp)
            }
            Pattern::Batch { start, duration } => {
                let end = Timestamp(start.0.saturating_add(duration.0));
                [start, end].into_iter().find(|&c| c > t)
            }
            Pattern::Spikes { start, every, duration } => {
                if t < start {
                    return Some(start);
                }
                if every.0 == 0 || duration.0 == 0 || duration.0 >= every.0 {
                    return None;
                }
                let phase = (t.0 - start.0) % every.0;
                Some(Timestamp(if phase < duration.0 { t.0 + duration.0 - phase } else { t.0 + every.0 - phase }))
            }
        }
    }
}

impl Workload {
    pub fn iops(&self) -> f64 {
        f64::from(self.read_iops) + f64::from(self.write_iops)
    }
}

/// Whether a volume type has a burst bucket: gp2 counts I/O credits, st1 and sc1 throughput
/// credits in MiB (aws-reference.md §A1; EC2UG hdd-vols).
pub fn has_bucket(volume_type: &str) -> bool {
    matches!(volume_type, "gp2" | "st1" | "sc1")
}

/// Whether a bucket type's volume of this size can never spend credits: its baseline
/// reaches its burst (gp2 from 1,000 GiB; st1 from 12.5 TiB, sc1 never).
pub fn never_spends(limits: &Limits, volume_type: &str, size_gib: u32) -> bool {
    let inputs = BurstInputs { volume_type: volume_type.into(), size_gib, ..BurstInputs::default() };
    let c = ceilings(limits, &inputs, true);
    match c.hdd_mibps {
        Some((base, burst)) => base >= burst,
        None => volume_type == "gp2" && c.burst_iops.is_none(),
    }
}

/// The size of a volume's bucket, which is also what it starts with: 5.4 million I/O credits
/// for gp2; for st1 and sc1 "1 TiB-worth of credits" per TiB of size, counted here in MiB
/// (EC2UG hdd-vols: "For a 1-TiB st1 volume … it can hold up to 1 TiB-worth of credits").
pub fn bucket_cap(limits: &Limits, volume_type: &str, size_gib: u32) -> Option<f64> {
    match volume_type {
        "gp2" => Some(limits.gp2_credit_cap as f64),
        "st1" | "sc1" => Some(f64::from(size_gib) * 1024.0),
        _ => None,
    }
}

/// What the rate of I/O depends on, remembered so a change can be noticed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BurstInputs {
    /// The I/Os per second its instance's EBS bandwidth lets through, when the instance's
    /// volumes together ask for more than it has (STO-04); `None`: not limited by the
    /// instance. A cap, not a factor: a volume below it is limited by itself alone.
    #[serde(default)]
    pub instance_cap: Option<f64>,
    /// Attached to a running instance: only then does the workload run.
    pub active: bool,
    /// The instance it is attached to (its AWS/EC2 EBS metrics sum its volumes').
    #[serde(default)]
    pub instance: Option<String>,
    pub size_gib: u32,
    pub volume_type: String,
    pub iops: Option<u32>,
    pub throughput: Option<u32>,
}

impl BurstInputs {
    /// A gp2 volume of `size_gib` attached to a running instance with no EBS limit of its own.
    pub(crate) fn active_gp2(size_gib: u32) -> BurstInputs {
        BurstInputs {
            instance_cap: None,
            active: true,
            instance: None,
            size_gib,
            volume_type: "gp2".into(),
            iops: None,
            throughput: None,
        }
    }
}

/// A volume's gp2 credit bucket as of `at`, and the workload on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Burst {
    pub credits: f64,
    pub at: Timestamp,
    pub workload: Option<Workload>,
    pub inputs: BurstInputs,
    /// The event at which the bucket empties, while it is draining.
    pub timer: Option<EventKey>,
    /// Whether the workload's pattern has it running now, and the event of its next switch.
    #[serde(default = "running")]
    pub on: bool,
    #[serde(default)]
    pub pattern_timer: Option<EventKey>,
    /// What the volume did, piece by piece: metrics are derived from these at any period.
    #[serde(default)]
    pub history: Vec<Segment>,
}

/// From `start` until the next segment: the bucket changes linearly, I/O is constant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// The bucket's size in this segment (0: no bucket). Saves from before st1/sc1 buckets
    /// have none recorded; their buckets were all gp2's (see `Segment::cap`).
    #[serde(default)]
    pub bucket: Option<f64>,
    pub start: Timestamp,
    /// Credits at `start`, and their rate per second (+ earn, − spend; clamped to [0, cap]).
    pub credits: f64,
    pub credit_rate: f64,
    pub read_ops: f64,
    pub write_ops: f64,
    pub io_kib: u32,
    /// Attached to a running instance: EBS reports metrics only then.
    pub active: bool,
    /// The IOPS the guest asked for (delivered may be less).
    #[serde(default)]
    pub demand: f64,
    /// The instance the volume was attached to.
    #[serde(default)]
    pub instance: Option<String>,
}

impl crate::history::Segmented for Segment {
    fn start(&self) -> Timestamp {
        self.start
    }
}

impl Segment {
    /// The bucket's size, reading a segment saved before it was recorded as gp2's.
    pub fn cap(&self, limits: &Limits, volume_type: &str) -> Option<f64> {
        match self.bucket {
            Some(cap) => Some(cap).filter(|&c| c > 0.0),
            None => bucket_cap(limits, volume_type, 0).filter(|_| volume_type == "gp2"),
        }
    }

    /// BurstBalance at `t` (within or after this segment): percent of the bucket left.
    pub fn balance_at(&self, limits: &Limits, volume_type: &str, t: Timestamp) -> Option<f64> {
        let cap = self.cap(limits, volume_type)?;
        let credits = (self.credits + self.credit_rate * t.since(self.start).as_secs_f64()).clamp(0.0, cap);
        Some(credits / cap * 100.0)
    }
}

/// One point of a volume's chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesPoint {
    pub at: Timestamp,
    /// BurstBalance in percent (gp2, st1 and sc1).
    pub balance: Option<f64>,
    pub delivered_iops: f64,
    pub demand_iops: f64,
    pub delivered_mibps: f64,
}

fn running() -> bool {
    true
}

impl Default for Burst {
    /// A new gp2 volume starts with a full bucket (EC2UG general-purpose: 5.4 million
    /// credits, the same in both profiles).
    fn default() -> Burst {
        Burst {
            credits: 5_400_000.0,
            at: Timestamp(0),
            workload: None,
            inputs: BurstInputs::default(),
            timer: None,
            on: true,
            pattern_timer: None,
            history: Vec::new(),
        }
    }
}

impl Burst {
    /// The workload while its pattern has it running.
    pub fn running(&self) -> Option<&Workload> {
        self.workload.as_ref().filter(|_| self.on)
    }

    /// Whether the bucket held credits when it was last settled: the rates from then until
    /// the next settlement are computed with it.
    pub(crate) fn settled_with_credits(&self) -> bool {
        self.credits > 0.0
    }

    /// Records what the volume does from `now` on.
    fn record(&mut self, limits: &Limits, now: Timestamp) {
        let has = self.settled_with_credits();
        let (delivered, _, rate) = rates(limits, &self.inputs, self.running(), has);
        let bucket = bucket_cap(limits, &self.inputs.volume_type, self.inputs.size_gib);
        let (read_share, io_kib) = match self.running().copied() {
            Some(w) if w.iops() > 0.0 => (f64::from(w.read_iops) / w.iops(), w.io_size_kib),
            _ => (0.0, 16),
        };
        let segment = Segment {
            bucket: Some(bucket.unwrap_or(0.0)),
            start: now,
            credits: self.credits,
            credit_rate: if bucket.is_some() { rate } else { 0.0 },
            read_ops: delivered * read_share,
            write_ops: delivered * (1.0 - read_share),
            io_kib,
            active: self.inputs.active,
            instance: self.inputs.instance.clone(),
            demand: if self.inputs.active { self.running().map_or(0.0, |w| w.iops()) } else { 0.0 },
        };
        crate::history::push(&mut self.history, segment);
    }
}

/// The performance of a volume at one instant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Performance {
    pub volume_id: String,
    pub volume_type: String,
    pub size_gib: u32,
    pub baseline_iops: u32,
    /// The IOPS a gp2 volume may burst to while it has credits (none when baseline ≥ burst).
    pub burst_iops: Option<u32>,
    /// st1/sc1: the throughput the bucket earns at, and may be spent at while it has credits.
    pub baseline_mibps: Option<f64>,
    pub burst_mibps: Option<f64>,
    pub iops_limit: f64,
    pub throughput_limit_mibps: f64,
    pub credits: f64,
    pub credit_cap: f64,
    /// BurstBalance: percent of the bucket left. Credits are I/O credits (gp2) or MiB of
    /// throughput (st1, sc1).
    pub burst_balance_percent: f64,
    pub active: bool,
    pub demand_iops: f64,
    pub delivered_iops: f64,
    pub delivered_mibps: f64,
    /// When the bucket runs dry at the current demand, if it is draining.
    pub credits_run_out_at: Option<Timestamp>,
    /// When the bucket is full again at the current demand, if it is filling.
    pub credits_full_at: Option<Timestamp>,
    /// The I/Os per second its instance's EBS bandwidth allows it, when that binds (STO-04).
    pub instance_cap_iops: Option<f64>,
    /// The instance's EBS limits now, when it has dedicated bandwidth.
    pub instance_limit: Option<crate::ec2::instance_ebs::EbsLimit>,
    /// Attached to a running instance without dedicated EBS bandwidth: its EBS traffic
    /// shares the instance's network, and AWS guarantees it nothing (STO-04).
    pub shared_network: bool,
    /// What that network leaves EBS, where the sandbox has a figure for it.
    pub network_share: Option<crate::ec2::instance_ebs::NetworkShare>,
}

/// What a gp2 volume of `size_gib` gives a steady demand, from a full bucket: the numbers
/// of the embeddable gp2 explorer, from the same model as the world's volumes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gp2Explained {
    pub baseline_iops: u32,
    pub burst_iops: Option<u32>,
    /// Delivered IOPS and MiB/s while credits last, and after.
    pub bursting: (f64, f64),
    pub after: (f64, f64),
    /// Seconds a full bucket lasts at this demand (`None`: it never empties).
    pub burst_secs: Option<f64>,
    /// Seconds an empty bucket takes to fill with no demand.
    pub refill_secs: f64,
    pub credit_cap: f64,
}

pub fn explain_gp2(limits: &Limits, size_gib: u32, iops: u32, io_size_kib: u32) -> Gp2Explained {
    let inputs = BurstInputs::active_gp2(size_gib);
    let w = Workload { read_iops: iops, write_iops: 0, io_size_kib, pattern: Pattern::Steady, sequential: false };
    let c = ceilings(limits, &inputs, true);
    let (d1, m1, rate) = rates(limits, &inputs, Some(&w), true);
    let (d2, m2, _) = rates(limits, &inputs, Some(&w), false);
    let cap = limits.gp2_credit_cap as f64;
    Gp2Explained {
        baseline_iops: c.baseline_iops as u32,
        burst_iops: c.burst_iops,
        bursting: (d1, m1),
        after: (d2, m2),
        burst_secs: (rate < 0.0).then(|| cap / -rate),
        refill_secs: cap / c.earn,
        credit_cap: cap,
    }
}

/// gp2 baseline: 3 IOPS per GiB, at least 100, at most the profile's ceiling (§A1, §A3).
pub fn gp2_baseline(limits: &Limits, size_gib: u32) -> u32 {
    (limits.gp2_iops_per_gib * size_gib).clamp(limits.gp2_min_iops, limits.gp2_max_iops)
}

/// What limits a volume at one instant, with or without burst credits.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ceilings {
    baseline_iops: f64,
    /// The IOPS limit, counted in units of the type's maximum I/O size.
    iops: f64,
    mibps: f64,
    burst_iops: Option<u32>,
    /// st1/sc1 baseline and burst throughput.
    hdd_mibps: Option<(f64, f64)>,
    /// Credits earned per second with no I/O (I/O credits for gp2, MiB for st1/sc1).
    earn: f64,
}

/// st1 and sc1: baseline and burst throughput scale with size (per TiB: st1 40 and 250 MiB/s,
/// sc1 12 and 80 MiB/s), capped at 500 (st1) and 250 (sc1) MiB/s (EC2UG hdd-vols tables).
fn hdd_throughput(volume_type: &str, size_gib: u32) -> (f64, f64) {
    let tib = f64::from(size_gib) / 1024.0;
    let (base, burst, max) = if volume_type == "st1" { (40.0, 250.0, 500.0) } else { (12.0, 80.0, 250.0) };
    ((tib * base).min(max), (tib * burst).min(max))
}

fn ceilings(limits: &Limits, inputs: &BurstInputs, has_credits: bool) -> Ceilings {
    let size = inputs.size_gib;
    let flat = |iops: f64, mibps: f64| Ceilings {
        baseline_iops: iops,
        iops,
        mibps,
        burst_iops: None,
        hdd_mibps: None,
        earn: 0.0,
    };
    match inputs.volume_type.as_str() {
        "gp2" => {
            let baseline = gp2_baseline(limits, size);
            let burst = (baseline < limits.gp2_burst_iops).then_some(limits.gp2_burst_iops);
            let iops = if has_credits { burst.unwrap_or(baseline) } else { baseline };
            // Throughput: 128 MiB/s up to 170 GiB; above, 250 (current; between 170 and 334
            // GiB "if burst credits are available") or 160 (classic) (§A1, §A3).
            //
            // An empty bucket holds the volume at its baseline IOPS (§A1): the credits it
            // earns are spent as they come, so credits are available at the baseline rate
            // and the throughput ceiling stays the one with credits. Applying 128 MiB/s
            // there would hold a 200 GiB volume below what its 600 baseline IOPS move at
            // 256 KiB (150 MiB/s): it would earn more than it spends, refill, burst and
            // empty again; its average is exactly the baseline, which this gives directly.
            let small = f64::from(limits.gp2_small_throughput_mibps);
            let max = f64::from(limits.gp2_max_throughput_mibps);
            let tp = if size <= 170 { small } else { max };
            Ceilings {
                baseline_iops: f64::from(baseline),
                iops: f64::from(iops),
                mibps: tp,
                burst_iops: burst,
                hdd_mibps: None,
                earn: f64::from(baseline),
            }
        }
        // Provisioned types: what was provisioned, no credits (§A5).
        "gp3" => flat(f64::from(inputs.iops.unwrap_or(3000)), f64::from(inputs.throughput.unwrap_or(125))),
        "io1" | "io2" => {
            let iops = f64::from(inputs.iops.unwrap_or(100));
            // 256 KiB I/O up to 32,000 IOPS gives 500 MiB/s; the type's maximum is 1,000.
            let tp = (iops * 16.0 / 1024.0).max(iops.min(2000.0) * 256.0 / 1024.0).min(1000.0);
            flat(iops, tp)
        }
        // Throughput credits: the bucket earns at the baseline and may be spent at the burst
        // rate; empty, the volume is held at its baseline throughput. IOPS: 500 (st1) or 250
        // (sc1) of 1 MiB (§A5; EC2UG hdd-vols).
        "st1" | "sc1" => {
            let (base, burst) = hdd_throughput(&inputs.volume_type, size);
            let max_iops = if inputs.volume_type == "st1" { 500.0 } else { 250.0 };
            Ceilings {
                baseline_iops: max_iops,
                iops: max_iops,
                mibps: if has_credits { burst } else { base },
                burst_iops: None,
                hdd_mibps: Some((base, burst)),
                earn: base,
            }
        }
        // Magnetic: about 100 IOPS on average, bursts to hundreds, 40–90 MiB/s (§A5).
        _ => Ceilings { baseline_iops: 100.0, ..flat(200.0, 90.0) },
    }
}

/// (delivered IOPS, delivered MiB/s, credit rate per second: + earn, − spend) for a demand.
pub(crate) fn rates(
    limits: &Limits,
    inputs: &BurstInputs,
    workload: Option<&Workload>,
    has_credits: bool,
) -> (f64, f64, f64) {
    let c = ceilings(limits, inputs, has_credits);
    let (demand, io_kib, sequential) = match workload {
        Some(w) if inputs.active => (w.iops(), w.io_size_kib.max(1), w.sequential),
        _ => (0.0, 16, false),
    };
    let hdd = c.hdd_mibps.is_some();
    let unit = if hdd { HDD_IO_UNIT_KIB } else { SSD_IO_UNIT_KIB };
    // How many of the type's I/O units one guest I/O counts as: a fraction when small
    // sequential I/Os are merged, else whole units (a 16 KiB random read on st1 costs 1 MiB).
    let units_per_op = if sequential { f64::from(io_kib) / f64::from(unit) } else { f64::from(io_kib.div_ceil(unit)) };
    let ops_by_iops = c.iops / units_per_op;
    // HDD throughput is spent in units (the inefficiency of small random I/O); SSD
    // throughput in bytes moved.
    let ops_by_tp =
        if hdd { c.mibps / (units_per_op * f64::from(unit) / 1024.0) } else { c.mibps * 1024.0 / f64::from(io_kib) };
    let delivered = demand.min(ops_by_iops).min(ops_by_tp).min(inputs.instance_cap.unwrap_or(f64::INFINITY).max(0.0));
    let credit_rate = match inputs.volume_type.as_str() {
        "gp2" => c.earn - delivered * units_per_op,
        "st1" | "sc1" => c.earn - delivered * units_per_op * f64::from(unit) / 1024.0,
        _ => 0.0,
    };
    // Empty and held at the baseline, a volume spends what it earns: the rate is zero, not
    // a rounding error either side of it (which would refill a sliver and empty it again).
    let credit_rate = if !has_credits && credit_rate.abs() <= c.earn * 1e-12 { 0.0 } else { credit_rate };
    (delivered, delivered * f64::from(io_kib) / 1024.0, credit_rate)
}

impl Sim {
    pub(crate) fn burst_inputs(&self, scope: &Scope, v: &Volume) -> BurstInputs {
        let active = v.attachment.as_ref().is_some_and(|a| {
            a.state == crate::ec2::AttachmentState::Attached
                && self.world.instance(scope, &a.instance_id).is_some_and(|i| i.state == InstanceState::Running)
        });
        BurstInputs {
            // Kept while active; the instance's reconcile sets it (`instance_ebs.rs`).
            instance_cap: if active { v.burst.inputs.instance_cap } else { None },
            active,
            instance: v
                .attachment
                .as_ref()
                .filter(|a| a.state == crate::ec2::AttachmentState::Attached)
                .map(|a| a.instance_id.to_string()),
            size_gib: v.size_gib,
            volume_type: v.volume_type.clone(),
            iops: v.iops,
            throughput: v.throughput_mibps,
        }
    }

    /// The bucket at `now` under the inputs it was last settled with.
    ///
    /// The rates are those the bucket was settled with (credits or none at `b.at`), the same
    /// ones its history segment records, so `sim volume` and CloudWatch read one computation.
    pub(crate) fn credits_now(&self, b: &Burst) -> f64 {
        let limits = self.world.profile.limits();
        let Some(cap) = bucket_cap(limits, &b.inputs.volume_type, b.inputs.size_gib) else { return b.credits };
        let (_, _, rate) = rates(limits, &b.inputs, b.running(), b.settled_with_credits());
        let dt = self.now.since(b.at).as_secs_f64();
        (b.credits + rate * dt).clamp(0.0, cap)
    }

    /// Brings a volume's bucket up to `now` where what drives it has changed (attached,
    /// instance started or stopped, size or type modified), and schedules the instant it
    /// empties; then shares out again the EBS bandwidth of the instances concerned. Only the
    /// volumes and instances a request or event touched are looked at (crate::dirty), so
    /// the cost follows what changed, not the size of the Region.
    pub(crate) fn reconcile_bursts(&mut self, dirty: &crate::dirty::Dirty) {
        let mut changed = Vec::new();
        // Instances whose EBS bandwidth must be shared out again afterwards: the touched
        // ones, and those a touched volume was or is attached to.
        let mut instances: BTreeSet<(Scope, InstanceId)> = dirty.instances.clone();
        for (scope, id) in &dirty.volumes {
            let Some(v) = self.world.region(scope).and_then(|r| r.volumes.get(id)) else { continue };
            let inputs = self.burst_inputs(scope, v);
            for i in [&v.burst.inputs.instance, &inputs.instance].into_iter().flatten() {
                instances.insert((scope.clone(), InstanceId::from(i.clone())));
            }
            if inputs != v.burst.inputs {
                changed.push((scope.clone(), id.clone(), inputs));
            }
        }
        for (scope, id, inputs) in changed {
            self.settle_burst(&scope, &id, Some(inputs), None);
        }
        for (scope, id) in instances {
            let volumes = self.attached_volumes(&scope, &id);
            self.reconcile_instance_ebs(&scope, &id, &volumes);
        }
    }

    /// Settles the bucket to now, then applies new inputs and/or workload and reschedules.
    pub(crate) fn settle_burst(
        &mut self,
        scope: &Scope,
        id: &VolumeId,
        inputs: Option<BurstInputs>,
        workload: Option<Option<Workload>>,
    ) {
        let now = self.now;
        let limits = self.world.profile.limits();
        let Some(v) = self.world.region(scope).and_then(|r| r.volumes.get(id)) else { return };
        let credits = self.credits_now(&v.burst);
        // Taken out and put back, not cloned: the history can hold thousands of segments.
        let Some(mut b) =
            self.world.region_mut(scope).and_then(|r| r.volumes.get_mut(id)).map(|v| std::mem::take(&mut v.burst))
        else {
            return;
        };
        if let Some(k) = b.timer.take() {
            self.queue.cancel(k);
        }
        b.credits = credits;
        b.at = now;
        if let Some(i) = inputs {
            // A new volume, or one modified to another type, starts with a full bucket of its
            // type (gp2: "each volume receives an initial I/O credit balance of 5.4 million";
            // the sandbox does the same for a type change, which AWS does not document).
            if i.volume_type != b.inputs.volume_type {
                b.credits = bucket_cap(limits, &i.volume_type, i.size_gib).unwrap_or(0.0);
            }
            b.inputs = i;
        }
        if let Some(cap) = bucket_cap(limits, &b.inputs.volume_type, b.inputs.size_gib) {
            b.credits = b.credits.min(cap);
        }
        if let Some(w) = workload {
            b.workload = w;
        }
        // The pattern's next switch is an event too; it settles the bucket again.
        if let Some(k) = b.pattern_timer.take() {
            self.queue.cancel(k);
        }
        b.on = b.workload.is_some_and(|w| w.pattern.on_at(now));
        if let Some(next) = b.workload.and_then(|w| w.pattern.next_change_after(now)) {
            b.pattern_timer = Some(
                self.queue
                    .schedule(next, Event::VolumeWorkloadSwitched { scope: scope.clone(), volume_id: id.clone() }),
            );
        }
        if has_bucket(&b.inputs.volume_type) && b.credits > 0.0 {
            let (_, _, rate) = rates(limits, &b.inputs, b.running(), true);
            if rate < 0.0 {
                // Rounded up to the millisecond, so the bucket is empty when the event fires.
                let ms = (b.credits / -rate * 1000.0).ceil() as u64;
                b.timer = Some(self.queue.schedule(
                    now.plus(Millis(ms.max(1))),
                    Event::VolumeCreditsExhausted { scope: scope.clone(), volume_id: id.clone() },
                ));
            }
        }
        b.record(limits, now);
        if let Some(v) = self.world.region_mut(scope).and_then(|r| r.volumes.get_mut(id)) {
            v.burst = b;
        }
        // The alarms on this volume look again (crate::dirty).
        self.dirty.volume(scope, id);
    }

    /// The bucket is empty: the volume falls to its baseline.
    pub(crate) fn on_credits_exhausted(&mut self, scope: &Scope, id: &VolumeId, key: EventKey) {
        let owned =
            self.world.region(scope).and_then(|r| r.volumes.get(id)).is_some_and(|v| v.burst.timer == Some(key));
        if !owned {
            return;
        }
        let (limits, now) = (self.world.profile.limits(), self.now);
        if let Some(v) = self.world.region_mut(scope).and_then(|r| r.volumes.get_mut(id)) {
            v.burst.timer = None;
            v.burst.credits = 0.0;
            v.burst.at = now;
            v.burst.record(limits, now);
        }
    }

    /// The workload's pattern switches it on or off.
    pub(crate) fn on_workload_switched(&mut self, scope: &Scope, id: &VolumeId, key: EventKey) {
        let owned = self
            .world
            .region(scope)
            .and_then(|r| r.volumes.get(id))
            .is_some_and(|v| v.burst.pattern_timer == Some(key));
        if owned {
            if let Some(v) = self.world.region_mut(scope).and_then(|r| r.volumes.get_mut(id)) {
                v.burst.pattern_timer = None;
            }
            self.settle_burst(scope, id, None, None);
        }
    }

    /// `sim workload set|clear`: what the guest asks of a volume (not an AWS API).
    pub(crate) fn sandbox_set_workload(
        &mut self,
        scope: &Scope,
        volume_id: &str,
        workload: Option<Workload>,
    ) -> Result<Reply, ApiError> {
        let id = self.resolve_volume(scope, volume_id)?;
        if let Some(w) = &workload
            && (w.io_size_kib == 0 || w.io_size_kib > 16_384)
        {
            return Err(ApiError::InvalidParameterValue(format!(
                "I/O size {} KiB is out of range (1 to 16384).",
                w.io_size_kib
            )));
        }
        let inputs = self.world.region(scope).and_then(|r| r.volumes.get(&id)).map(|v| self.burst_inputs(scope, v));
        self.settle_burst(scope, &id, inputs, Some(workload));
        Ok(Reply::Empty)
    }

    /// `points` evenly spaced samples of a volume over the `window` that ends now, from its
    /// history: the data of its live chart. Before its first segment there is no point.
    pub fn volume_series(&self, scope: &Scope, id: &VolumeId, window: Millis, points: usize) -> Vec<SeriesPoint> {
        let Some(v) = self.world.region(scope).and_then(|r| r.volumes.get(id)) else { return Vec::new() };
        let limits = self.world.profile.limits();
        let points = points.clamp(2, 2000);
        let start = self.now.0.saturating_sub(window.0);
        let step = window.0 / (points as u64 - 1);
        let h = &v.burst.history;
        let mut out = Vec::with_capacity(points);
        let mut k = 0;
        for n in 0..points {
            let t = Timestamp((start + step * n as u64).min(self.now.0));
            while k + 1 < h.len() && h[k + 1].start <= t {
                k += 1;
            }
            let Some(s) = h.get(k).filter(|s| s.start <= t) else { continue };
            out.push(SeriesPoint {
                at: t,
                balance: s.balance_at(limits, &v.volume_type, t),
                delivered_iops: s.read_ops + s.write_ops,
                demand_iops: s.demand,
                delivered_mibps: (s.read_ops + s.write_ops) * f64::from(s.io_kib) / 1024.0,
            });
        }
        out
    }

    /// A volume's performance now: limits, bucket, demand and what it gets.
    pub fn volume_performance(&self, scope: &Scope, id: &VolumeId) -> Option<Performance> {
        let limits = self.world.profile.limits();
        let v = self.world.region(scope)?.volumes.get(id)?;
        let credits = self.credits_now(&v.burst);
        // The inputs the bucket was settled with: after every request and event they are
        // the volume's own (reconcile_bursts), and the history segment holds the same.
        let inputs = v.burst.inputs.clone();
        let has = v.burst.settled_with_credits();
        // The limits shown are those of the credits held now (a bucket refilling from empty
        // may burst again); what it does is what it was settled to do.
        let c = ceilings(limits, &inputs, credits > 0.0);
        let (delivered, mibps, rate) = rates(limits, &inputs, v.burst.running(), has);
        let bucket = bucket_cap(limits, &inputs.volume_type, inputs.size_gib);
        let (bucketed, cap) = (bucket.is_some(), bucket.unwrap_or(0.0));
        let demand = if inputs.active { v.burst.running().map_or(0.0, |w| w.iops()) } else { 0.0 };
        let at = |secs: f64| self.now.plus(Millis((secs * 1000.0).ceil() as u64));
        let attached_to = inputs
            .instance
            .as_ref()
            .filter(|_| inputs.active)
            .and_then(|i| self.world.instance(scope, &InstanceId::from(i.clone())));
        Some(Performance {
            volume_id: id.to_string(),
            volume_type: inputs.volume_type.clone(),
            size_gib: inputs.size_gib,
            baseline_iops: c.baseline_iops as u32,
            burst_iops: c.burst_iops,
            baseline_mibps: c.hdd_mibps.map(|h| h.0),
            burst_mibps: c.hdd_mibps.map(|h| h.1),
            iops_limit: c.iops,
            throughput_limit_mibps: c.mibps,
            credits: if bucketed { credits } else { 0.0 },
            credit_cap: cap,
            burst_balance_percent: if bucketed { credits / cap * 100.0 } else { 0.0 },
            active: inputs.active,
            demand_iops: demand,
            delivered_iops: delivered,
            delivered_mibps: mibps,
            credits_run_out_at: (bucketed && has && rate < 0.0).then(|| at(credits / -rate)),
            credits_full_at: (bucketed && rate > 0.0 && credits < cap).then(|| at((cap - credits) / rate)),
            instance_cap_iops: inputs.instance_cap,
            instance_limit: inputs
                .instance
                .as_ref()
                .and_then(|i| self.instance_ebs_limit(scope, &InstanceId::from(i.clone()))),
            shared_network: attached_to.is_some_and(|i| crate::ec2::instance_ebs::dedicated(i).is_none()),
            network_share: attached_to.and_then(crate::ec2::instance_ebs::shared_network),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Profile;

    #[test]
    fn patterns_switch_at_their_boundaries() {
        let t = |h: u64, m: u64| Timestamp(1_775_001_600_000 + h * HOUR_MS + m * 60_000); // 2026-04-01
        let office = Pattern::Daily { from_hour: 9, to_hour: 18 };
        assert!(!office.on_at(t(8, 59)) && office.on_at(t(9, 0)) && !office.on_at(t(18, 0)));
        assert_eq!(office.next_change_after(t(3, 0)), Some(t(9, 0)));
        assert_eq!(office.next_change_after(t(9, 0)), Some(t(18, 0)));
        assert_eq!(office.next_change_after(t(20, 0)), Some(t(33, 0)));
        let night = Pattern::Daily { from_hour: 22, to_hour: 6 };
        assert!(night.on_at(t(23, 0)) && night.on_at(t(5, 59)) && !night.on_at(t(12, 0)));
        let batch = Pattern::Batch { start: t(2, 0), duration: Millis::from_mins(30) };
        assert_eq!(batch.next_change_after(t(0, 0)), Some(t(2, 0)));
        assert_eq!(batch.next_change_after(t(2, 0)), Some(t(2, 30)));
        assert_eq!(batch.next_change_after(t(2, 30)), None);
        let spikes = Pattern::Spikes { start: t(0, 0), every: Millis::from_hours(1), duration: Millis::from_mins(5) };
        assert!(spikes.on_at(t(3, 4)) && !spikes.on_at(t(3, 5)));
        assert_eq!(spikes.next_change_after(t(3, 4)), Some(t(3, 5)));
        assert_eq!(spikes.next_change_after(t(3, 5)), Some(t(4, 0)));
        assert_eq!(Pattern::Daily { from_hour: 5, to_hour: 5 }.next_change_after(t(1, 0)), None);
    }

    #[test]
    fn gp2_baselines_follow_each_profile() {
        let (c, n) = (Profile::Classic.limits(), Profile::Current.limits());
        for (size, classic, current) in
            [(1, 100, 100), (33, 100, 100), (34, 102, 102), (100, 300, 300), (1000, 3000, 3000)]
        {
            assert_eq!((gp2_baseline(c, size), gp2_baseline(n, size)), (classic, current), "{size} GiB");
        }
        assert_eq!((gp2_baseline(c, 3334), gp2_baseline(n, 3334)), (10_000, 10_002));
        assert_eq!((gp2_baseline(c, 5334), gp2_baseline(n, 5334)), (10_000, 16_000));
    }

    #[test]
    fn throughput_caps_large_ios_and_units_count_against_iops() {
        let limits = Profile::Current.limits();
        let inputs = BurstInputs::active_gp2;
        let w = |io| Workload {
            read_iops: 3000,
            write_iops: 0,
            io_size_kib: io,
            pattern: Pattern::Steady,
            sequential: false,
        };
        // 100 GiB with credits: 3,000 IOPS at 16 KiB (47 MiB/s) but 128 MiB/s caps 256 KiB I/O at 512 IOPS.
        assert_eq!(rates(limits, &inputs(100), Some(&w(16)), true).0, 3000.0);
        assert_eq!(rates(limits, &inputs(100), Some(&w(256)), true).0, 512.0);
        // A 1 MiB I/O counts as four 256 KiB units against the IOPS limit.
        let (ops, _, rate) = rates(limits, &inputs(1000), Some(&w(1024)), true);
        assert_eq!(ops, 250.0 * 1024.0 / 1024.0);
        assert_eq!(rate, 3000.0 - ops * 4.0);
        // 200 GiB: 250 MiB/s (current), 160 (classic); empty, held at the 600 baseline IOPS.
        assert_eq!(ceilings(limits, &inputs(200), true).mibps, 250.0);
        assert_eq!(ceilings(limits, &inputs(200), false).iops, 600.0);
        assert_eq!(ceilings(Profile::Classic.limits(), &inputs(200), false).mibps, 160.0);
    }

    /// The property of aws-reference.md §A1 for every size, I/O size and profile: with an
    /// empty bucket a gp2 volume delivers min(throughput limit, baseline IOPS × I/O size),
    /// counting an I/O of more than 256 KiB as several, and its bucket neither fills nor
    /// drains while the demand is above that.
    #[test]
    fn an_empty_gp2_bucket_holds_the_volume_at_its_baseline() {
        for profile in [Profile::Current, Profile::Classic] {
            let limits = profile.limits();
            let sizes = (1..=1100).step_by(7).chain([33, 34, 170, 171, 333, 334, 1000]);
            for size in sizes {
                for io in [4, 16, 64, 128, 256, 512, 1024] {
                    for sequential in [false, true] {
                        let inputs = BurstInputs::active_gp2(size);
                        let w = Workload {
                            read_iops: 64_000,
                            write_iops: 0,
                            io_size_kib: io,
                            pattern: Pattern::Steady,
                            sequential,
                        };
                        let (_, mibps, rate) = rates(limits, &inputs, Some(&w), false);
                        let limit = ceilings(limits, &inputs, true).mibps;
                        let units = if sequential { f64::from(io) / 256.0 } else { f64::from(io.div_ceil(256)) };
                        let baseline = f64::from(gp2_baseline(limits, size));
                        let expected = limit.min(baseline / units * f64::from(io) / 1024.0);
                        let at = format!("{profile:?} {size} GiB {io} KiB sequential={sequential}");
                        assert!((mibps - expected).abs() < 1e-9, "{at}: {mibps} MiB/s, expected {expected}");
                        assert!(rate >= 0.0, "{at}: an empty bucket cannot drain ({rate})");
                        if expected < limit {
                            assert_eq!(rate, 0.0, "{at}: held at the baseline, it spends what it earns");
                        }
                    }
                }
            }
        }
    }
}
