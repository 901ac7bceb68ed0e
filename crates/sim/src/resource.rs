//! A resource as AWS Config records it and CloudFormation reads it: its type name, id, ARN,
//! account, Region, Availability Zone, creation time, tags and relationships around its
//! service's Describe view (the `configuration`). Each service builds the views of its own
//! resources; the change feed records them, and the Describe calls return the same
//! `configuration`. The member names are those of AWS Config's ConfigurationItem (BC-CFG
//! 2014-11-12, aws-reference.md §D2); Config itself will add the item's own members (version,
//! capture time, status, state id) when it records one.

use serde_json::{Map, Value};

use crate::ids::AccountId;
use crate::region::Region;
use crate::time::Timestamp;

/// The members are AWS Config's camelCase names as [`ResourceView::into_value`] writes them.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceView {
    /// `AWS::EC2::Instance`, … (the AWS Config resource schema; `Kumo::…` where AWS Config
    /// names no type, said where it is used).
    pub resource_type: &'static str,
    pub resource_id: String,
    pub resource_name: Option<String>,
    pub arn: String,
    pub account_id: String,
    /// The Region, or `global` for a global resource (IAM), as AWS Config writes it.
    pub aws_region: String,
    pub availability_zone: Option<String>,
    pub resource_creation_time: Option<String>,
    /// Tags as a map of key to value, as AWS Config writes them.
    pub tags: Map<String, Value>,
    pub relationships: Vec<Relationship>,
    /// The service's Describe view of the resource.
    pub configuration: Value,
}

/// A relationship of AWS Config's (`Is attached to Volume`, `Is contained in Vpc`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub resource_type: &'static str,
    pub resource_id: String,
    pub resource_name: Option<String>,
    pub relationship_name: &'static str,
}

impl Relationship {
    fn into_value(self) -> Value {
        let mut map = Map::new();
        map.insert("resourceType".into(), Value::from(self.resource_type));
        map.insert("resourceId".into(), Value::String(self.resource_id));
        if let Some(name) = self.resource_name {
            map.insert("resourceName".into(), Value::String(name));
        }
        map.insert("relationshipName".into(), Value::from(self.relationship_name));
        Value::Object(map)
    }

    pub fn new(resource_type: &'static str, resource_id: impl Into<String>, name: &'static str) -> Relationship {
        Relationship { resource_type, resource_id: resource_id.into(), resource_name: None, relationship_name: name }
    }
}

impl ResourceView {
    /// A view with the members every resource has; the builder fills in the rest.
    pub fn new(
        resource_type: &'static str,
        resource_id: impl Into<String>,
        arn: impl Into<String>,
        account: &AccountId,
        region: Option<Region>,
        configuration: Value,
    ) -> ResourceView {
        ResourceView {
            resource_type,
            resource_id: resource_id.into(),
            resource_name: None,
            arn: arn.into(),
            account_id: account.to_string(),
            aws_region: region.map_or("global", |r| r.code()).to_string(),
            availability_zone: None,
            resource_creation_time: None,
            tags: Map::new(),
            relationships: Vec::new(),
            configuration,
        }
    }

    pub fn named(mut self, name: impl Into<String>) -> ResourceView {
        self.resource_name = Some(name.into());
        self
    }

    pub fn in_zone(mut self, zone: impl Into<String>) -> ResourceView {
        self.availability_zone = Some(zone.into());
        self
    }

    pub fn created(mut self, at: Timestamp) -> ResourceView {
        self.resource_creation_time = Some(at.iso8601_z());
        self
    }

    pub fn tagged<'a>(mut self, tags: impl IntoIterator<Item = (&'a str, &'a str)>) -> ResourceView {
        for (k, v) in tags {
            self.tags.insert(k.to_string(), Value::String(v.to_string()));
        }
        self
    }

    pub fn related(mut self, r: Relationship) -> ResourceView {
        self.relationships.push(r);
        self
    }

    /// As JSON, for the change feed's records: the configuration moved in, not copied (an
    /// instance's is some 3 KB, and the feed describes what every change touched).
    pub fn into_value(self) -> Value {
        let mut map = Map::new();
        let text = |s: String| Value::String(s);
        map.insert("resourceType".into(), Value::from(self.resource_type));
        map.insert("resourceId".into(), text(self.resource_id));
        if let Some(name) = self.resource_name {
            map.insert("resourceName".into(), text(name));
        }
        map.insert("arn".into(), text(self.arn));
        map.insert("accountId".into(), text(self.account_id));
        map.insert("awsRegion".into(), text(self.aws_region));
        if let Some(zone) = self.availability_zone {
            map.insert("availabilityZone".into(), text(zone));
        }
        if let Some(at) = self.resource_creation_time {
            map.insert("resourceCreationTime".into(), text(at));
        }
        map.insert("tags".into(), Value::Object(self.tags));
        let relationships = self.relationships.into_iter().map(Relationship::into_value).collect();
        map.insert("relationships".into(), Value::Array(relationships));
        map.insert("configuration".into(), self.configuration);
        Value::Object(map)
    }
}
