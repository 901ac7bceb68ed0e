//! EC2's resources as AWS Config records them ([`ResourceView`]): the Describe item as the
//! configuration, with the type name, ARN, zone, creation time, tags and relationships.
//!
//! ARNs as the Service Authorization Reference gives EC2's resource types (`instance/…`,
//! `volume/…`, `key-pair/<name>`; snapshots and images carry no account:
//! `arn:aws:ec2:<region>::snapshot/…`). Relationship names are AWS Config's for instances and
//! volumes (CFGDG resource-config-reference: an instance "Is attached to Volume", "Is
//! contained in Subnet" and "Vpc", "Is associated with SecurityGroup", "Contains
//! NetworkInterface"; a volume "Is attached to Instance"). AWS Config has no resource type
//! for EBS snapshots or AMIs: theirs are the sandbox's own (`Kumo::EC2::…`), and so are the
//! names of their relationships.

use crate::ec2::images::Image;
use crate::ec2::key_pairs::KeyPair;
use crate::ec2::response;
use crate::ec2::snapshots::Snapshot;
use crate::ec2::{Instance, Volume};
use crate::region::Region;
use crate::resource::{Relationship, ResourceView};

pub const INSTANCE: &str = "AWS::EC2::Instance";
pub const VOLUME: &str = "AWS::EC2::Volume";
pub const SNAPSHOT: &str = "Kumo::EC2::Snapshot";
pub const IMAGE: &str = "Kumo::EC2::Image";
pub const KEY_PAIR: &str = "AWS::EC2::KeyPair";

fn arn(region: Region, account: &str, resource: &str) -> String {
    format!("arn:aws:ec2:{}:{account}:{resource}", region.code())
}

fn tags(t: &[crate::ec2::api::Tag]) -> impl Iterator<Item = (&str, &str)> {
    t.iter().map(|t| (t.key.as_str(), t.value.as_str()))
}

/// An instance: its volumes as DescribeInstances shows them (attached, not attaching:
/// `response::ebs_mappings`), its
/// subnet, VPC, security group and network interface. Its creation time is its LaunchTime,
/// which AWS Config reports, and which a stop and start moves.
pub fn instance(i: &Instance, region: Region, mappings: &[response::EbsMapping]) -> ResourceView {
    let configuration = response::instance(i, region, mappings);
    let mut view =
        ResourceView::new(INSTANCE, i.id.to_string(), instance_arn(i, region), &i.owner, Some(region), configuration)
            .in_zone(&i.availability_zone)
            .created(i.launch_time)
            .tagged(tags(&i.tags));
    for m in mappings {
        view = view.related(Relationship::new(VOLUME, &m.volume_id, "Is attached to Volume"));
    }
    view.related(Relationship::new(
        "AWS::EC2::NetworkInterface",
        i.network_interface_id.to_string(),
        "Contains NetworkInterface",
    ))
    .related(Relationship::new(
        "AWS::EC2::SecurityGroup",
        i.security_group.0.to_string(),
        "Is associated with SecurityGroup",
    ))
    .related(Relationship::new("AWS::EC2::Subnet", i.subnet_id.to_string(), "Is contained in Subnet"))
    .related(Relationship::new("AWS::EC2::VPC", i.vpc_id.to_string(), "Is contained in Vpc"))
}

/// An instance's ARN (the detail view shows it).
pub fn instance_arn(i: &Instance, region: Region) -> String {
    arn(region, i.owner.as_str(), &format!("instance/{}", i.id))
}

pub fn volume(v: &Volume, owner: &crate::ids::AccountId, region: Region) -> ResourceView {
    let view = ResourceView::new(
        VOLUME,
        v.id.to_string(),
        arn(region, owner.as_str(), &format!("volume/{}", v.id)),
        owner,
        Some(region),
        response::volume(v, true),
    )
    .in_zone(&v.availability_zone)
    .created(v.create_time)
    .tagged(tags(&v.tags));
    match &v.attachment {
        Some(a) => view.related(Relationship::new(INSTANCE, a.instance_id.to_string(), "Is attached to Instance")),
        None => view,
    }
}

/// A snapshot and the volume it was taken from (the sandbox's relationship name).
pub fn snapshot(s: &Snapshot, region: Region) -> ResourceView {
    ResourceView::new(
        SNAPSHOT,
        s.id.to_string(),
        arn(region, "", &format!("snapshot/{}", s.id)),
        &s.owner,
        Some(region),
        response::snapshot_view(s),
    )
    .created(s.start_time)
    .tagged(tags(&s.tags))
    .related(Relationship::new(VOLUME, s.volume_id.to_string(), "Is created from Volume"))
}

/// An image and the snapshots its block device mappings name (the sandbox's relationship name).
pub fn image(i: &Image, region: Region) -> ResourceView {
    let mut view = ResourceView::new(
        IMAGE,
        i.id.to_string(),
        arn(region, "", &format!("image/{}", i.id)),
        &i.owner,
        Some(region),
        response::custom_image(i),
    )
    .named(&i.name)
    .created(i.creation_time)
    .tagged(tags(&i.tags));
    for m in &i.mappings {
        view = view.related(Relationship::new(SNAPSHOT, m.snapshot_id.to_string(), "Is built from Snapshot"));
    }
    view
}

pub fn key_pair(k: &KeyPair, owner: &crate::ids::AccountId, region: Region) -> ResourceView {
    ResourceView::new(
        KEY_PAIR,
        k.name.clone(),
        arn(region, owner.as_str(), &format!("key-pair/{}", k.name)),
        owner,
        Some(region),
        response::key_pair(k, false),
    )
    .named(&k.name)
    .created(k.create_time)
    .tagged(tags(&k.tags))
}
