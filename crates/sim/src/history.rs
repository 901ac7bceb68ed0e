//! Histories of segments (a volume's I/O, an instance's status checks, CPU and EBS buckets):
//! each segment holds from its start until the next one, and metrics and charts are derived
//! from them at any period. Kept 15 days, as CloudWatch keeps 1-minute datapoints, and at
//! most [`MAX_SEGMENTS`] whatever the workload.

use crate::time::Timestamp;

/// Segments kept per history at most.
pub const MAX_SEGMENTS: usize = 10_000;

const FIFTEEN_DAYS_MS: u64 = 15 * 86_400_000;

/// Something that starts at an instant and holds until the next one.
pub trait Segmented {
    fn start(&self) -> Timestamp;
}

/// Appends `seg` (replacing a segment that starts at the same instant), then drops segments
/// that ended more than 15 days before it, and the oldest beyond [`MAX_SEGMENTS`].
pub fn push<T: Segmented>(history: &mut Vec<T>, seg: T) {
    let at = seg.start();
    if history.last().is_some_and(|l| l.start() == at) {
        history.pop();
    }
    history.push(seg);
    let horizon = Timestamp(at.0.saturating_sub(FIFTEEN_DAYS_MS));
    let old = history.iter().skip(1).take_while(|s| s.start() <= horizon).count();
    let excess = history.len().saturating_sub(MAX_SEGMENTS);
    history.drain(..old.max(excess));
}
