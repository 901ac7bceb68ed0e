//! CloudWatch: metric alarms on the metrics the world already has (EC2 status checks so far),
//! evaluated event by event, with EC2 actions (recover, stop, reboot, terminate).

pub mod alarms;
pub mod instance_metrics;
pub mod math;
pub mod metrics;
pub mod notification;
pub mod response;

pub use alarms::{AlarmHistoryItem, AlarmSpec, AlarmState, Comparison, MetricAlarm};
pub use metrics::{Datapoint, MetricDataQuery, MetricDataResult, MetricId, MetricQuery};
