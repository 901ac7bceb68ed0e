//! CloudWatch: metric alarms on the metrics the world already has (EC2 status checks so far),
//! evaluated event by event, with EC2 actions (recover, stop, reboot, terminate).
//!
//! Depends on: ec2 (the metrics come from instances and volumes; alarm actions act on
//! instances), sns (alarm notifications). (It still reaches up to `command`, `event`, `sim`
//! and `world`; `tests/tidy.rs` holds those references to their count.)

pub mod alarms;
pub mod instance_metrics;
pub mod math;
pub mod metrics;
pub mod notification;
pub mod response;

pub use alarms::{AlarmHistoryItem, AlarmSpec, AlarmState, Comparison, MetricAlarm};
pub use metrics::{Datapoint, MetricDataQuery, MetricDataResult, MetricId, MetricQuery};
