//! Test helpers: a world driven step by step, with the invariants checked after every step.

#![allow(dead_code)]

use kumo_sim::command::{Tag, TagSpecification};
use kumo_sim::ec2::Instance;
use kumo_sim::ec2::Request;
use kumo_sim::ec2::api::{InstanceIds, ModifyInstanceMaintenanceOptions, RunInstances, StopInstances};
use kumo_sim::ids::{AccountId, InstanceId};
use kumo_sim::{ApiError, Command, Millis, Profile, Region, Reply, Scope, Sim, catalog};

pub struct World {
    pub sim: Sim,
    pub scope: Scope,
}

impl World {
    pub fn new(seed: u64) -> World {
        World { sim: Sim::new(seed, Profile::Current), scope: Scope::new(AccountId::learner(), Region::UsEast1) }
    }

    pub fn apply(&mut self, cmd: Command) -> Result<Reply, ApiError> {
        let r = self.sim.apply(&self.scope.clone(), cmd);
        self.sim.check_invariants().expect("invariants after apply");
        self.sim.check_reconciled().expect("reconciled after apply");
        r
    }

    pub fn advance_secs(&mut self, s: u64) {
        self.sim.advance(Millis::from_secs(s));
        self.sim.check_invariants().expect("invariants after advance");
        self.sim.check_reconciled().expect("reconciled after advance");
    }

    pub fn image(&self, prefix: &str) -> String {
        catalog::public_images(self.scope.region)
            .into_iter()
            .find(|i| i.name.starts_with(prefix))
            .expect("catalogue image")
            .id
            .to_string()
    }

    /// Launches `count` instances of `ty` from the image named `image`, tagged Name=`name`.
    pub fn launch(&mut self, image: &str, ty: &str, name: &str, count: u32) -> Vec<String> {
        let req = RunInstances {
            min_count: count.into(),
            max_count: count.into(),
            tag_specifications: Some(vec![TagSpecification {
                resource_type: "instance".into(),
                tags: vec![Tag { key: "Name".into(), value: name.into() }],
            }]),
            ..RunInstances::one(self.image(image), ty)
        };
        match self.apply(Request::RunInstances(req).into()) {
            Ok(Reply::Reservation(r)) => r.instances.iter().map(|i| i.id.to_string()).collect(),
            other => panic!("launch failed: {other:?}"),
        }
    }

    pub fn launch_running(&mut self, image: &str, ty: &str, name: &str) -> String {
        let id = self.launch(image, ty, name, 1).remove(0);
        self.advance_secs(120);
        assert_eq!(self.get(&id).state.as_str(), "running");
        id
    }

    pub fn get(&self, id: &str) -> Instance {
        self.sim.world().instance(&self.scope, &InstanceId::from(id)).expect("instance exists").clone()
    }

    pub fn exists(&self, id: &str) -> bool {
        self.sim.world().instance(&self.scope, &InstanceId::from(id)).is_some()
    }

    pub fn stop(&mut self, id: &str) -> Result<Reply, ApiError> {
        self.apply(Request::StopInstances(StopInstances { instance_ids: vec![id.into()], force: None }).into())
    }
    pub fn start(&mut self, id: &str) -> Result<Reply, ApiError> {
        self.apply(Request::StartInstances(InstanceIds { instance_ids: vec![id.into()] }).into())
    }
    pub fn reboot(&mut self, id: &str) -> Result<Reply, ApiError> {
        self.apply(Request::RebootInstances(InstanceIds { instance_ids: vec![id.into()] }).into())
    }
    /// ModifyInstanceMaintenanceOptions: `default` or `disabled` simplified automatic recovery.
    pub fn set_auto_recovery(&mut self, id: &str, setting: &str) -> Result<Reply, ApiError> {
        let r = ModifyInstanceMaintenanceOptions { instance_id: id.into(), auto_recovery: Some(setting.into()) };
        self.apply(Request::ModifyInstanceMaintenanceOptions(r).into())
    }
    pub fn terminate(&mut self, ids: &[&str]) -> Result<Reply, ApiError> {
        let instance_ids = ids.iter().map(|s| s.to_string()).collect();
        self.apply(Request::TerminateInstances(InstanceIds { instance_ids }).into())
    }
}
