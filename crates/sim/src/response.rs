//! The response document of a reply: what the AWS API returns, as JSON with botocore's member
//! names and order, built by each service from its reply and the world. Data, not text: the
//! CLI formats it (`--output`, `--query`); later, AWS Config's configuration items and
//! CloudFormation's attributes read the same views.

use serde_json::Value;

use crate::command::{Reply, Scope};
use crate::world::World;

pub fn document(world: &World, scope: &Scope, reply: &Reply) -> Value {
    match reply {
        // A service with its own response types: the document is their serialization.
        Reply::Sts(r) => serde_json::to_value(r).unwrap_or_default(),
        Reply::Iam(r) => serde_json::to_value(r).unwrap_or_default(),
        Reply::Sns(r) => serde_json::to_value(r).unwrap_or_default(),
        Reply::CloudWatch(r) => serde_json::to_value(r).unwrap_or_default(),
        _ => {
            let rs = world.region(scope);
            let volumes = |i: &crate::ec2::Instance| crate::ec2::response::ebs_mappings(rs, i);
            crate::ec2::response::reply(reply, scope.region, &volumes)
        }
    }
}
