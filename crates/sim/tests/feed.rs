//! The change feed for global resources: IAM roles are recorded with no Region, by the request
//! that changed them or by the event that finished a deletion.

use kumo_sim::changes::{ChangeType, ResourceKind};
use kumo_sim::iam::api::*;
use kumo_sim::ids::AccountId;
use kumo_sim::{Command, Millis, Profile, Region, Scope, Sim};

fn iam(sim: &mut Sim, scope: &Scope, request: Request) {
    sim.apply(scope, Command::Iam(request)).expect("the IAM request succeeds");
}

#[test]
fn roles_are_recorded_with_no_region_by_request_and_by_event() {
    let mut sim = Sim::new(5, Profile::Current);
    sim.follow_changes(true);
    let tokyo = Scope::new(AccountId::learner(), Region::ApNortheast1);
    iam(
        &mut sim,
        &tokyo,
        Request::CreateRole(CreateRole {
            path: None,
            role_name: "web".into(),
            assume_role_policy_document: r#"{"Version":"2012-10-17","Statement":[]}"#.into(),
            description: None,
            max_session_duration: None,
            tags: None,
        }),
    );
    // Reading changes nothing; a read-only request is not even looked at.
    iam(&mut sim, &tokyo, Request::GetRole(RoleName { role_name: "web".into() }));
    let records: Vec<_> = sim.changes().records.iter().cloned().collect();
    assert_eq!(records.len(), 1);
    let created = &records[0];
    assert_eq!(
        (created.resource.kind, created.resource.region, created.change, created.cause.as_str()),
        (ResourceKind::Role, None, ChangeType::Create, "CreateRole")
    );
    assert_eq!(created.resource.kind.type_name(), "AWS::IAM::Role");
    let view = created.after.as_ref().expect("a create carries the view");
    assert_eq!(
        (&view["resourceType"], &view["resourceName"], &view["awsRegion"]),
        (&"AWS::IAM::Role".into(), &"web".into(), &"global".into())
    );
    assert_eq!(view["arn"], "arn:aws:iam::123456789012:role/web");
    assert_eq!(view["configuration"]["RoleName"], "web");
    assert_eq!(view["configuration"]["RoleId"], created.resource.id.as_str());
    assert_eq!(view["configuration"]["AttachedManagedPolicies"], serde_json::json!([]));

    // Attaching a managed policy changes the role's RoleDetail: an update, as AWS Config
    // records it.
    let policy = "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess";
    iam(&mut sim, &tokyo, Request::AttachRolePolicy(RolePolicy { role_name: "web".into(), policy_arn: policy.into() }));
    let attached = sim.changes().records.back().expect("the attachment is recorded").clone();
    assert_eq!((attached.change, attached.cause.as_str()), (ChangeType::Update, "AttachRolePolicy"));
    let policies =
        &attached.after.as_ref().expect("an update carries the view")["configuration"]["AttachedManagedPolicies"];
    assert_eq!(policies, &serde_json::json!([{"PolicyName": "AmazonEC2ReadOnlyAccess", "PolicyArn": policy}]));
    iam(&mut sim, &tokyo, Request::DetachRolePolicy(RolePolicy { role_name: "web".into(), policy_arn: policy.into() }));
    assert_eq!(sim.changes().records.len(), 3, "attach and detach are changes");

    // A service-linked role is created at once and deleted by a task that ends later.
    let us = Scope::new(AccountId::learner(), Region::UsEast1);
    iam(
        &mut sim,
        &us,
        Request::CreateServiceLinkedRole(CreateServiceLinkedRole {
            aws_service_name: "config.amazonaws.com".into(),
            description: None,
            custom_suffix: None,
        }),
    );
    iam(&mut sim, &us, Request::DeleteServiceLinkedRole(RoleName { role_name: "AWSServiceRoleForConfig".into() }));
    let before_event = sim.changes().records.len();
    assert_eq!(before_event, 4, "the deletion has only started");
    sim.advance(Millis::from_secs(3_600));
    let last = sim.changes().records.back().expect("the deletion is recorded");
    assert_eq!(sim.changes().records.len(), 5);
    assert_eq!(
        (last.change, last.cause.as_str(), last.after.is_none()),
        (ChangeType::Delete, "ServiceLinkedRoleDeleted", true)
    );
    iam(&mut sim, &us, Request::DeleteRole(RoleName { role_name: "web".into() }));
    let last = sim.changes().records.back().expect("the delete is recorded");
    assert_eq!((last.change, last.resource.id.as_str()), (ChangeType::Delete, created.resource.id.as_str()));
}
