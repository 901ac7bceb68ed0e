//! A resource as AWS Config records it and CloudFormation reads it: its type name, id, ARN,
//! account, Region, Availability Zone, creation time, tags and relationships around its
//! service's Describe view (the `configuration`). Each service builds the views of its own
//! resources; the change feed records them, and the Describe calls return the same
//! `configuration`. The member names are those of AWS Config's ConfigurationItem (BC-CFG
//! 2014-11-12, aws-reference.md §D2); Config itself will add the item's own members (version,
//! capture time, status, state id) when it records one.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::ids::AccountId;
use crate::region::Region;
use crate::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceView {
    /// `AWS::EC2::Instance`, … (the AWS Config resource schema; `Kumo::…` where AWS Config
    /// names no type, said where it is used).
    pub resource_type: &'static str,
    pub resource_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_name: Option<String>,
    pub arn: String,
    pub account_id: String,
    /// The Region, or `global` for a global resource (IAM), as AWS Config writes it.
    pub aws_region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_creation_time: Option<String>,
    /// Tags as a map of key to value, as AWS Config writes them.
    pub tags: Map<String, Value>,
    pub relationships: Vec<Relationship>,
    /// The service's Describe view of the resource.
    pub configuration: Value,
}

/// A relationship of AWS Config's (`Is attached to Volume`, `Is contained in Vpc`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Relationship {
    pub resource_type: &'static str,
    pub resource_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_name: Option<String>,
    pub relationship_name: &'static str,
}

impl Relationship {
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

    /// As JSON, for the change feed's records.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}
