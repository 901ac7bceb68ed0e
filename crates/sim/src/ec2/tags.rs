//! CreateTags and DeleteTags: the tags of a Region's instances, volumes, snapshots, AMIs and
//! key pairs, named by their ids (BC-EC2 CreateTags, DeleteTags; aws-reference.md §E).
//!
//! A request names every resource first and changes them only if all exist, so a failed
//! request changes nothing. A resource holds at most 50 tags; a key it already has is
//! overwritten and does not count again (EC2UG Using_Tags, "Tag restrictions").

use std::collections::BTreeMap;

use crate::ec2::Instance;
use crate::ec2::api::{Tag, TagToDelete};
use crate::ec2::images::Image;
use crate::ec2::instances::validate_tags;
use crate::ec2::key_pairs::KeyPair;
use crate::ec2::snapshots::Snapshot;
use crate::ec2::volumes::Volume;
use crate::error::ApiError;
use crate::ids::{ImageId, InstanceId, KeyPairId, SnapshotId, VolumeId};

/// Tags a resource may hold (EC2UG Using_Tags, "Tag restrictions").
pub const MAX_TAGS_PER_RESOURCE: usize = 50;

/// Kinds of resource the sandbox has but whose tags it does not model yet, by id prefix.
const NOT_TAGGED_HERE: &[(&str, &str)] =
    &[("vpc", "VPCs"), ("subnet", "subnets"), ("sg", "security groups"), ("eni", "network interfaces")];

/// The resources of a Region that take tags (the caller lends them from the Region's state).
pub(crate) struct Taggable<'a> {
    pub instances: &'a mut BTreeMap<InstanceId, Instance>,
    pub volumes: &'a mut BTreeMap<VolumeId, Volume>,
    pub snapshots: &'a mut BTreeMap<SnapshotId, Snapshot>,
    pub images: &'a mut BTreeMap<ImageId, Image>,
    pub key_pairs: &'a mut BTreeMap<String, KeyPair>,
}

impl Taggable<'_> {
    /// The tags of the resource `id` names, or EC2's error for an id of no resource (its
    /// kind's NotFound) or of no kind (InvalidID).
    fn tags_of(&mut self, id: &str) -> Result<&mut Vec<Tag>, ApiError> {
        let prefix = id.split_once('-').map_or("", |(p, _)| p);
        match prefix {
            "i" if InstanceId::is_well_formed(id) => self
                .instances
                .get_mut(&InstanceId::from(id.to_string()))
                .map(|i| &mut i.tags)
                .ok_or_else(|| ApiError::InstanceNotFound(vec![id.to_string()])),
            "vol" if VolumeId::is_well_formed(id) => self
                .volumes
                .get_mut(&VolumeId::from(id.to_string()))
                .map(|v| &mut v.tags)
                .ok_or_else(|| ApiError::VolumeNotFound(id.to_string())),
            "snap" if SnapshotId::is_well_formed(id) => self
                .snapshots
                .get_mut(&SnapshotId::from(id.to_string()))
                .map(|s| &mut s.tags)
                .ok_or_else(|| ApiError::SnapshotNotFound(id.to_string())),
            // Only an AMI the caller owns: the catalogue's public images are Amazon's.
            "ami" if ImageId::is_well_formed(id) => self
                .images
                .get_mut(&ImageId::from(id.to_string()))
                .map(|i| &mut i.tags)
                .ok_or_else(|| ApiError::ImageNotFound(id.to_string())),
            "key" if KeyPairId::is_well_formed(id) => self
                .key_pairs
                .values_mut()
                .find(|k| k.id.as_str() == id)
                .map(|k| &mut k.tags)
                .ok_or_else(|| ApiError::KeyPairNotFound(id.to_string())),
            _ => match NOT_TAGGED_HERE.iter().find(|(p, _)| *p == prefix) {
                Some((_, kind)) => Err(ApiError::Service {
                    code: "Unsupported",
                    message: format!(
                        "(sandbox) tags on {kind} are not modelled yet; instances, volumes, snapshots, AMIs and key pairs take them"
                    ),
                }),
                None => Err(ApiError::Service { code: "InvalidID", message: format!("The ID '{id}' is not valid") }),
            },
        }
    }

    /// CreateTags: each tag added to each resource, a held key's value overwritten.
    pub(crate) fn create(mut self, resources: &[String], tags: &[Tag]) -> Result<(), ApiError> {
        validate_tags(tags)?;
        // A key given twice in one request is one tag.
        let mut keys: Vec<&str> = tags.iter().map(|t| t.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        // Every resource is checked before any changes.
        for id in resources {
            let held = self.tags_of(id)?;
            let new = keys.iter().filter(|k| !held.iter().any(|h| h.key == **k)).count();
            if held.len() + new > MAX_TAGS_PER_RESOURCE {
                return Err(ApiError::Service {
                    code: "TagLimitExceeded",
                    // EC2 API error codes (client errors): TagLimitExceeded.
                    message:
                        "You've reached the limit on the number of tags that you can assign to the specified resource."
                            .into(),
                });
            }
        }
        for id in resources {
            let held = self.tags_of(id)?;
            for t in tags {
                match held.iter_mut().find(|h| h.key == t.key) {
                    Some(h) => h.value = t.value.clone(),
                    None => held.push(t.clone()),
                }
            }
        }
        Ok(())
    }

    /// DeleteTags: the tags named (by key, or by key and value), or without `tags` every one
    /// but AWS's own.
    pub(crate) fn delete(mut self, resources: &[String], tags: Option<&[TagToDelete]>) -> Result<(), ApiError> {
        if let Some(t) = tags.into_iter().flatten().find(|t| t.key.as_deref().is_some_and(reserved)) {
            return Err(ApiError::InvalidParameterValue(format!(
                "Tag keys starting with 'aws:' are reserved for internal use: '{}'",
                t.key.as_deref().unwrap_or_default()
            )));
        }
        for id in resources {
            self.tags_of(id)?;
        }
        for id in resources {
            let held = self.tags_of(id)?;
            match tags {
                None => held.retain(|h| reserved(&h.key)),
                Some(list) => held.retain(|h| {
                    !list.iter().any(|t| {
                        t.key.as_deref() == Some(h.key.as_str()) && t.value.as_ref().is_none_or(|v| *v == h.value)
                    })
                }),
            }
        }
        Ok(())
    }
}

/// An `aws:` key is AWS's own: a request may not set or delete it (EC2UG Using_Tags).
fn reserved(key: &str) -> bool {
    key.to_ascii_lowercase().starts_with("aws:")
}

#[cfg(test)]
mod tests {
    use crate::command::Command;
    use crate::ec2::Request;
    use crate::ec2::api::{CreateTags, DeleteTags, Tag, TagToDelete};
    use crate::region::Scope;
    use crate::sim::Sim;
    use crate::{Profile, Reply};

    fn tag(k: &str, v: &str) -> Tag {
        Tag { key: k.into(), value: v.into() }
    }

    fn volume(sim: &mut Sim, scope: &Scope) -> String {
        let cmd = Command::from(Request::CreateVolume(crate::ec2::api::CreateVolume {
            availability_zone: Some("us-east-1a".into()),
            size: Some(8),
            ..Default::default()
        }));
        match sim.apply(scope, cmd) {
            Ok(Reply::Volume(v)) => v.id.to_string(),
            other => panic!("{other:?}"),
        }
    }

    fn tags(sim: &Sim, scope: &Scope, id: &str) -> Vec<Tag> {
        let rs = sim.world().region(scope).unwrap();
        rs.volumes.values().find(|v| v.id.as_str() == id).unwrap().tags.clone()
    }

    fn create(sim: &mut Sim, scope: &Scope, ids: &[&str], t: Vec<Tag>) -> Result<Reply, crate::ApiError> {
        let r = CreateTags { resources: ids.iter().map(|s| s.to_string()).collect(), tags: t };
        sim.apply(scope, Command::from(Request::CreateTags(r)))
    }

    #[test]
    fn tags_are_added_overwritten_and_deleted_as_ec2_says() {
        let mut sim = Sim::new(1, Profile::Current);
        let scope = Scope::new(crate::ids::AccountId::learner(), crate::Region::UsEast1);
        let v = volume(&mut sim, &scope);
        create(&mut sim, &scope, &[&v], vec![tag("Name", "data"), tag("env", "")]).unwrap();
        create(&mut sim, &scope, &[&v], vec![tag("Name", "logs")]).unwrap();
        assert_eq!(tags(&sim, &scope, &v), vec![tag("Name", "logs"), tag("env", "")]);
        // A key with a value deletes only a tag of that value; a key alone, whatever the value.
        let del = |key: &str, value: Option<&str>| DeleteTags {
            resources: vec![v.clone()],
            tags: Some(vec![TagToDelete { key: Some(key.into()), value: value.map(str::to_string) }]),
        };
        sim.apply(&scope, Command::from(Request::DeleteTags(del("Name", Some("data"))))).unwrap();
        assert_eq!(tags(&sim, &scope, &v).len(), 2);
        sim.apply(&scope, Command::from(Request::DeleteTags(del("Name", None)))).unwrap();
        assert_eq!(tags(&sim, &scope, &v), vec![tag("env", "")]);
        let all = DeleteTags { resources: vec![v.clone()], tags: None };
        sim.apply(&scope, Command::from(Request::DeleteTags(all))).unwrap();
        assert!(tags(&sim, &scope, &v).is_empty());
    }

    #[test]
    fn a_request_with_one_bad_resource_changes_none_and_the_limit_holds() {
        let mut sim = Sim::new(1, Profile::Current);
        let scope = Scope::new(crate::ids::AccountId::learner(), crate::Region::UsEast1);
        let v = volume(&mut sim, &scope);
        let e = create(&mut sim, &scope, &[&v, "vol-0123456789abcdef0"], vec![tag("a", "1")]).unwrap_err();
        assert_eq!(e.code(), "InvalidVolume.NotFound");
        assert!(tags(&sim, &scope, &v).is_empty(), "nothing was tagged");
        assert_eq!(create(&mut sim, &scope, &["web"], vec![tag("a", "1")]).unwrap_err().code(), "InvalidID");
        assert_eq!(
            create(&mut sim, &scope, &[&v], vec![tag("aws:x", "1")]).unwrap_err().code(),
            "InvalidParameterValue"
        );
        let fifty: Vec<Tag> = (0..50).map(|n| tag(&format!("k{n}"), "v")).collect();
        create(&mut sim, &scope, &[&v], fifty).unwrap();
        // Overwriting a held key still works at the limit; a 51st key does not.
        create(&mut sim, &scope, &[&v], vec![tag("k3", "new")]).unwrap();
        assert_eq!(create(&mut sim, &scope, &[&v], vec![tag("k50", "v")]).unwrap_err().code(), "TagLimitExceeded");
    }
}
