//! kumo-cli: `aws …` text in, AWS-shaped text out, over a `kumo-sim` world.

pub mod by_model;
pub mod complete;
pub mod files;
pub mod help;
pub mod lexer;
pub mod models;
pub mod parse;
pub mod query;
pub mod render;
pub mod sandbox;
pub mod script;
pub mod session;
pub mod shorthand;
pub mod spec;
pub mod unparse;
pub mod words;
pub mod workload;

pub use parse::OutputFormat;
pub use session::{Outcome, Session};
