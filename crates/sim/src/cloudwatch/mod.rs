//! CloudWatch: metric alarms on the metrics the world already has (EC2 status checks so far),
//! evaluated event by event, with EC2 actions (recover, stop, reboot, terminate).
//!
//! Its requests and responses are its own types in botocore's shapes (`api.rs`), so the CLI
//! parses and prints them from the model alone; `serve.rs` turns them into the alarms and
//! queries the service works with.
//!
//! Depends on: ec2 (the metrics come from instances and volumes; alarm actions act on
//! instances), sns (alarm notifications). (It still reaches up to `command`, `event`, `sim`
//! and `world`; `tests/tidy.rs` holds those references to their count.)

pub mod alarms;
pub mod api;
pub mod instance_metrics;
pub mod math;
pub mod metrics;
pub mod notification;
pub mod serve;

pub use alarms::{AlarmHistoryItem, AlarmSpec, AlarmState, Comparison, MetricAlarm};
pub use api::{Request, Response};
pub use metrics::{Datapoint, MetricDataQuery, MetricDataResult, MetricId, MetricQuery};
