//! kumo-sim: the deterministic simulated AWS world. No text formats, no web, no wall clock.
//!
//! Requests enter through [`Sim::apply`]; time moves only through [`Sim::advance`].

pub mod catalog;
pub mod changes;
pub mod cloudwatch;
pub mod command;
pub mod crypto;
pub mod dirty;
pub mod ec2;
pub mod error;
pub mod event;
pub mod history;
pub mod iam;
pub mod ids;
pub mod index;
pub mod input;
pub mod limits;
pub mod paging;
pub mod region;
pub mod resource;
pub mod response;
pub mod rng;
pub mod save;
pub mod sim;
pub mod sns;
pub mod sort;
pub mod storage;
pub mod sts;
pub mod time;
pub mod world;

pub use command::{Command, Reply, Scope};
pub use error::ApiError;
pub use event::Event;
pub use limits::Profile;
pub use region::Region;
pub use sim::Sim;
pub use time::{Millis, Timestamp};
pub use world::World;
