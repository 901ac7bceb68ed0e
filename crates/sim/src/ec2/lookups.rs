//! Read-only catalogue calls: DescribeImages, DescribeInstanceTypes, DescribeRegions,
//! DescribeAvailabilityZones.

use crate::catalog::{self, INSTANCE_TYPES};
use crate::command::{ImageView, Reply, ZoneView};
use crate::ec2::api::Filter;
use crate::ec2::filters::any_match;
use crate::error::ApiError;
use crate::ids::ImageId;
use crate::region::Region;
use crate::region::Scope;
use crate::sim::Sim;

impl Sim {
    pub(crate) fn describe_images(
        &self,
        scope: &Scope,
        image_ids: &[String],
        owners: &[String],
        executable_users: &[String],
        filters: &[Filter],
    ) -> Result<Reply, ApiError> {
        crate::ec2::filters::check_names(filters, IMAGE_FILTERS, false)?;
        // ExecutableUsers: explicit launch permissions only (BC-EC2 DescribeImages); the
        // catalogue images are public, so only `all` names them.
        let explicit = |public: bool, users: Option<&std::collections::BTreeSet<crate::ids::AccountId>>| {
            executable_users.is_empty()
                || executable_users.iter().any(|u| match u.as_str() {
                    "all" => public,
                    "self" => users.is_some_and(|s| s.contains(&scope.account)),
                    id => users.is_some_and(|s| s.iter().any(|a| a.as_str() == id)),
                })
        };
        if let Some(bad) = image_ids.iter().find(|id| !ImageId::is_well_formed(id)) {
            return Err(ApiError::ImageIdMalformed(bad.clone()));
        }
        let images = catalog::public_images(scope.region);
        let visible = |id: &str| {
            images.iter().any(|i| i.id.as_str() == id)
                || self.find_image(scope, id).is_some_and(|i| i.can_launch(&scope.account))
        };
        if let Some(missing) = image_ids.iter().find(|id| !visible(id)) {
            return Err(ApiError::ImageNotFound(missing.clone()));
        }
        let mut out = Vec::new();
        for image in images {
            if !image_ids.is_empty() && !image_ids.iter().any(|id| id == image.id.as_str()) {
                continue;
            }
            if !explicit(true, None) {
                continue;
            }
            // Owners: an account id, `amazon` (alias), or `self` (the caller's own images).
            if !owners.is_empty() {
                let owned = owners.iter().any(|o| match o.as_str() {
                    "self" => image.owner == scope.account,
                    o => o == image.owner.as_str() || (!image.owner_alias.is_empty() && o == image.owner_alias),
                });
                if !owned {
                    continue;
                }
            }
            let mut keep = true;
            for f in filters {
                keep &= match f.name.as_str() {
                    "name" => any_match(f, [image.name]),
                    "image-id" => any_match(f, [image.id.as_str()]),
                    "owner-id" => any_match(f, [image.owner.as_str()]),
                    "owner-alias" => any_match(f, [image.owner_alias]),
                    "description" => any_match(f, [image.description]),
                    "root-device-type" => any_match(f, [image.root_device_type.as_str()]),
                    "state" => any_match(f, ["available"]),
                    "architecture" => any_match(f, ["x86_64"]),
                    "image-type" => any_match(f, ["machine"]),
                    "is-public" => any_match(f, ["true"]),
                    "virtualization-type" => any_match(f, ["hvm"]),
                    "platform-details" => any_match(f, [image.platform_details]),
                    other => return Err(ApiError::InvalidFilter(other.to_string())),
                };
            }
            if keep {
                out.push(ImageView::Public(Box::new(image)));
            }
        }
        // Custom images: the caller's own, and others' it may launch (shared or public).
        let custom: Vec<crate::ec2::images::Image> = self
            .world
            .accounts
            .values()
            .filter_map(|a| a.regions.get(&scope.region))
            .flat_map(|r| r.images.values())
            .filter(|i| i.can_launch(&scope.account))
            .cloned()
            .collect();
        for image in custom {
            if !image_ids.is_empty() && !image_ids.iter().any(|id| id == image.id.as_str()) {
                continue;
            }
            if !explicit(image.public, Some(&image.launch_users)) {
                continue;
            }
            if !owners.is_empty() {
                let owned = owners.iter().any(|o| match o.as_str() {
                    "self" => image.owner == scope.account,
                    o => o == image.owner.as_str(),
                });
                if !owned {
                    continue;
                }
            }
            let public = image.public.to_string();
            let mut keep = true;
            for f in filters {
                keep &= match f.name.as_str() {
                    "name" => any_match(f, [image.name.as_str()]),
                    "image-id" => any_match(f, [image.id.as_str()]),
                    "owner-id" => any_match(f, [image.owner.as_str()]),
                    "description" => any_match(f, [image.description.as_str()]),
                    "root-device-type" => any_match(f, ["ebs"]),
                    "state" => any_match(f, [image.state.as_str()]),
                    "is-public" => any_match(f, [public.as_str()]),
                    "architecture" => any_match(f, ["x86_64"]),
                    "image-type" => any_match(f, ["machine"]),
                    "virtualization-type" => any_match(f, ["hvm"]),
                    "platform-details" => any_match(f, ["Linux/UNIX"]),
                    _ => false,
                };
            }
            if keep {
                out.push(ImageView::Custom(Box::new(image)));
            }
        }
        Ok(Reply::Images(out))
    }
}

const IMAGE_FILTERS: &[&str] = &[
    "name",
    "image-id",
    "owner-id",
    "owner-alias",
    "description",
    "root-device-type",
    "state",
    "architecture",
    "image-type",
    "is-public",
    "virtualization-type",
    "platform-details",
];

const TYPE_FILTERS: &[&str] = &[
    "instance-type",
    "current-generation",
    "free-tier-eligible",
    "burstable-performance-supported",
    "instance-storage-supported",
    "hypervisor",
    "vcpu-info.default-vcpus",
    "memory-info.size-in-mib",
    "ebs-info.ebs-optimized-support",
];

pub(crate) fn describe_instance_types(names: &[String], filters: &[Filter]) -> Result<Reply, ApiError> {
    crate::ec2::filters::check_names(filters, TYPE_FILTERS, false)?;
    let unknown: Vec<String> = names.iter().filter(|n| catalog::instance_type(n).is_none()).cloned().collect();
    if !unknown.is_empty() {
        return Err(ApiError::UnknownInstanceTypes(unknown));
    }
    let mut out = Vec::new();
    for t in INSTANCE_TYPES {
        if !names.is_empty() && !names.iter().any(|n| n == t.name) {
            continue;
        }
        let vcpus = t.vcpus.to_string();
        let mem = t.memory_mib.to_string();
        let bool_str = |b: bool| if b { "true" } else { "false" };
        let mut keep = true;
        for f in filters {
            keep &= match f.name.as_str() {
                "instance-type" => any_match(f, [t.name]),
                "current-generation" => any_match(f, [bool_str(t.current_generation)]),
                "free-tier-eligible" => any_match(f, [bool_str(t.free_tier)]),
                "burstable-performance-supported" => any_match(f, [bool_str(t.burstable)]),
                "instance-storage-supported" => any_match(f, [bool_str(t.instance_store.is_some())]),
                "hypervisor" => any_match(f, [t.hypervisor]),
                "vcpu-info.default-vcpus" => any_match(f, [vcpus.as_str()]),
                "memory-info.size-in-mib" => any_match(f, [mem.as_str()]),
                "ebs-info.ebs-optimized-support" => any_match(f, [t.ebs_optimized.as_str()]),
                other => return Err(ApiError::InvalidFilter(other.to_string())),
            };
        }
        if keep {
            out.push(t);
        }
    }
    Ok(Reply::InstanceTypes(out))
}

pub(crate) fn describe_regions(names: &[String]) -> Result<Reply, ApiError> {
    if let Some(bad) = names.iter().find(|n| Region::from_code(n).is_none()) {
        return Err(ApiError::InvalidParameterValue(format!("Invalid region: {bad}")));
    }
    Ok(Reply::Regions(
        Region::ALL.into_iter().filter(|r| names.is_empty() || names.iter().any(|n| n == r.code())).collect(),
    ))
}

pub(crate) fn describe_availability_zones(region: Region, names: &[String]) -> Result<Reply, ApiError> {
    if let Some(bad) = names.iter().find(|n| region.zone(n).is_none()) {
        return Err(ApiError::InvalidAvailabilityZone(bad.clone()));
    }
    Ok(Reply::AvailabilityZones(
        region
            .zones()
            .iter()
            .filter(|z| names.is_empty() || names.iter().any(|n| n == z.name))
            .map(|z| ZoneView { region, zone_name: z.name, zone_id: z.zone_id })
            .collect(),
    ))
}
