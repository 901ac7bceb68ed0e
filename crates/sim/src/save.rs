//! Saving and restoring a whole world: a versioned snapshot of the simulator.
//!
//! A snapshot (not a replay of inputs) is saved because it stays loadable when later versions
//! change how a command plays out; the format version says when it no longer is.

use serde::{Deserialize, Serialize};

use crate::sim::Sim;

/// The `format` field of every saved world.
pub const FORMAT: &str = "kumo-world";
/// Bumped whenever the saved shape changes incompatibly.
pub const VERSION: u32 = 1;

/// Why a saved world could not be loaded. The caller keeps the text; nothing is dropped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("the saved world is not valid JSON: {0}")]
    NotJson(String),
    #[error("the saved data is not a Kumo world (format {0:?})")]
    WrongFormat(String),
    #[error("the saved data has format version {found}, which this version of Kumo cannot read")]
    UnsupportedVersion { found: u64 },
    #[error("the saved world is damaged: {0}")]
    Damaged(String),
    #[error("the saved world breaks a rule of the simulation: {0}")]
    Inconsistent(String),
}

#[derive(Serialize)]
struct SavedRef<'a> {
    format: &'static str,
    version: u32,
    sim: &'a Sim,
}

#[derive(Deserialize)]
struct Saved {
    sim: Sim,
}

/// Parses saved text and checks its `format` and `version` fields; shared by every saved
/// format, so that all of them fail the same clear way.
pub fn check_header(text: &str, format: &str, version: u32) -> Result<serde_json::Value, LoadError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| LoadError::NotJson(e.to_string()))?;
    let found = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
    if found != format {
        return Err(LoadError::WrongFormat(found.to_string()));
    }
    let found = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
    if found != u64::from(version) {
        return Err(LoadError::UnsupportedVersion { found });
    }
    Ok(value)
}

impl Sim {
    /// The world as JSON text, with its format and version.
    pub fn save(&self) -> String {
        serde_json::to_string(&SavedRef { format: FORMAT, version: VERSION, sim: self })
            .unwrap_or_else(|e| format!("{{\"format\":\"{FORMAT}\",\"error\":\"{e}\"}}"))
    }

    /// Restores a world saved by [`Sim::save`], checking its format, version and invariants.
    pub fn load(text: &str) -> Result<Sim, LoadError> {
        let value = check_header(text, FORMAT, VERSION)?;
        let mut saved: Saved = serde_json::from_value(value).map_err(|e| LoadError::Damaged(e.to_string()))?;
        saved.sim.upgrade();
        saved.sim.world.rebuild_indexes();
        saved.sim.check_invariants().map_err(LoadError::Inconsistent)?;
        Ok(saved.sim)
    }

    /// Brings a world saved by an earlier build of the same version up to what this one
    /// expects, where the model grew without changing the format: st1 and sc1 volumes saved
    /// before they had throughput credits held gp2's 5.4 million; their bucket is full.
    fn upgrade(&mut self) {
        let limits = self.world.profile.limits();
        for account in self.world.accounts.values_mut() {
            for rs in account.regions.values_mut() {
                for v in rs.volumes.values_mut() {
                    let b = &mut v.burst;
                    if let Some(cap) =
                        crate::ec2::performance::bucket_cap(limits, &b.inputs.volume_type, b.inputs.size_gib)
                    {
                        b.credits = b.credits.min(cap);
                    }
                }
            }
        }
    }
}
