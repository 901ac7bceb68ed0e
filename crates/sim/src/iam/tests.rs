use super::api::*;
use super::*;

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

fn run(iam: &mut Iam, rng: &mut Rng, r: Request) -> Result<Response, ApiError> {
    iam.handle(&AccountId::learner(), Timestamp::WORLD_START, rng, r).map(|(r, _)| r)
}

fn create(name: &str) -> Request {
    Request::CreateRole(CreateRole {
        path: None,
        role_name: name.into(),
        assume_role_policy_document: TRUST.into(),
        description: None,
        max_session_duration: None,
        tags: None,
    })
}

fn code(r: Result<Response, ApiError>) -> &'static str {
    r.err().map(|e| e.code()).unwrap_or("ok")
}

#[test]
fn roles_are_unique_regardless_of_case_and_found_by_any_case() {
    let (mut iam, mut rng) = (Iam::default(), Rng::new(1));
    let Ok(Response::Role(created)) = run(&mut iam, &mut rng, create("WebServer")) else { panic!() };
    assert_eq!(created.role.arn, "arn:aws:iam::123456789012:role/WebServer");
    assert!(created.role.role_id.starts_with("AROA") && created.role.role_id.len() == 21);
    assert!(created.role.assume_role_policy_document.starts_with("%7B%22Version%22%3A%222012-10-17%22"));
    let again = run(&mut iam, &mut rng, create("webserver"));
    assert_eq!(again.unwrap_err().to_string(), "Role with name webserver already exists.");
    let Ok(Response::Role(got)) = run(&mut iam, &mut rng, Request::GetRole(RoleName { role_name: "WEBSERVER".into() }))
    else {
        panic!()
    };
    assert_eq!(got.role.max_session_duration, Some(3600));
    let gone = run(&mut iam, &mut rng, Request::GetRole(RoleName { role_name: "db".into() }));
    assert_eq!(gone.unwrap_err().to_string(), "The role with name db cannot be found.");
}

#[test]
fn the_service_checks_what_botocore_does_not() {
    let (mut iam, mut rng) = (Iam::default(), Rng::new(1));
    assert_eq!(code(run(&mut iam, &mut rng, create("has space"))), "ValidationError");
    assert_eq!(code(run(&mut iam, &mut rng, create(&"r".repeat(65)))), "ValidationError");
    let mut bad = create("r");
    if let Request::CreateRole(c) = &mut bad {
        c.assume_role_policy_document = "{not json".into();
    }
    assert_eq!(run(&mut iam, &mut rng, bad).unwrap_err().to_string(), "This policy contains invalid Json");
    let mut resource = create("r");
    if let Request::CreateRole(c) = &mut resource {
        c.assume_role_policy_document = TRUST.replace("\"Action\"", "\"Resource\":\"*\",\"Action\"");
    }
    assert_eq!(run(&mut iam, &mut rng, resource).unwrap_err().to_string(), "Has prohibited field Resource");
    let mut path = create("r");
    if let Request::CreateRole(c) = &mut path {
        c.path = Some("/no-trailing-slash".into());
    }
    assert_eq!(code(run(&mut iam, &mut rng, path)), "ValidationError");
    assert!(iam.roles().next().is_none(), "a refused request creates nothing");
}

#[test]
fn config_service_linked_role_is_created_once_protected_and_deleted_by_a_task() {
    let (mut iam, mut rng) = (Iam::default(), Rng::new(1));
    let slr = || {
        Request::CreateServiceLinkedRole(CreateServiceLinkedRole {
            aws_service_name: "config.amazonaws.com".into(),
            description: None,
            custom_suffix: None,
        })
    };
    let Ok(Response::Role(r)) = run(&mut iam, &mut rng, slr()) else { panic!() };
    assert_eq!(r.role.path, "/aws-service-role/config.amazonaws.com/");
    assert_eq!(
        r.role.arn,
        "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
    );
    assert_eq!(
        run(&mut iam, &mut rng, slr()).unwrap_err().to_string(),
        "Service role name AWSServiceRoleForConfig has been taken in this account, please try a different suffix."
    );
    let name = || RoleName { role_name: "AWSServiceRoleForConfig".into() };
    let Ok(Response::AttachedPolicies(p)) = run(
        &mut iam,
        &mut rng,
        Request::ListAttachedRolePolicies(ListAttachedRolePolicies {
            role_name: "AWSServiceRoleForConfig".into(),
            path_prefix: None,
            marker: None,
            max_items: None,
        }),
    ) else {
        panic!()
    };
    assert_eq!(
        p.attached_policies[0].policy_arn,
        "arn:aws:iam::aws:policy/aws-service-role/AWSConfigServiceRolePolicy"
    );
    assert_eq!(code(run(&mut iam, &mut rng, Request::DeleteRole(name()))), "UnmodifiableEntity");

    let (resp, event) = iam
        .handle(&AccountId::learner(), Timestamp::WORLD_START, &mut rng, Request::DeleteServiceLinkedRole(name()))
        .unwrap();
    let Response::DeletionTask(task) = resp else { panic!() };
    assert!(task.deletion_task_id.starts_with("task/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig/"));
    let (at, event) = event.expect("the deletion runs later");
    assert!(iam.owns(&event, at));
    let status = |iam: &mut Iam, rng: &mut Rng| {
        let r = Request::GetServiceLinkedRoleDeletionStatus(GetServiceLinkedRoleDeletionStatus {
            deletion_task_id: task.deletion_task_id.clone(),
        });
        match run(iam, rng, r) {
            Ok(Response::DeletionStatus(s)) => s.status,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(status(&mut iam, &mut rng), "IN_PROGRESS");
    assert!(iam.role("AWSServiceRoleForConfig").is_some(), "the role stays until the task has run");
    iam.on_event(&event);
    assert_eq!(status(&mut iam, &mut rng), "SUCCEEDED");
    assert!(iam.role("AWSServiceRoleForConfig").is_none());
    assert!(!iam.owns(&event, at));
    iam.check_invariants().unwrap();
}

#[test]
fn managed_policies_attach_by_arn_and_block_deletion() {
    let (mut iam, mut rng) = (Iam::default(), Rng::new(1));
    run(&mut iam, &mut rng, create("ConfigRole")).unwrap();
    let attach =
        |arn: &str| Request::AttachRolePolicy(RolePolicy { role_name: "ConfigRole".into(), policy_arn: arn.into() });
    let cfg = "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole";
    run(&mut iam, &mut rng, attach(cfg)).unwrap();
    run(&mut iam, &mut rng, attach(cfg)).unwrap();
    assert_eq!(iam.role("ConfigRole").unwrap().attached, [cfg]);
    assert_eq!(
        run(&mut iam, &mut rng, attach("arn:aws:iam::aws:policy/NoSuchPolicy")).unwrap_err().to_string(),
        "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable."
    );
    assert_eq!(code(run(&mut iam, &mut rng, attach("not-an-arn"))), "InvalidInput");
    assert_eq!(
        code(run(&mut iam, &mut rng, attach("arn:aws:iam::aws:policy/aws-service-role/AWSConfigServiceRolePolicy"))),
        "PolicyNotAttachable"
    );
    let delete = || Request::DeleteRole(RoleName { role_name: "ConfigRole".into() });
    assert_eq!(code(run(&mut iam, &mut rng, delete())), "DeleteConflict");
    let detach = Request::DetachRolePolicy(RolePolicy { role_name: "ConfigRole".into(), policy_arn: cfg.into() });
    run(&mut iam, &mut rng, detach.clone()).unwrap();
    assert_eq!(code(run(&mut iam, &mut rng, detach)), "NoSuchEntity");
    run(&mut iam, &mut rng, delete()).unwrap();
    assert!(iam.role("ConfigRole").is_none());
}

#[test]
fn list_roles_pages_with_markers() {
    let (mut iam, mut rng) = (Iam::default(), Rng::new(1));
    for name in ["b", "A", "c"] {
        run(&mut iam, &mut rng, create(name)).unwrap();
    }
    let list = |marker: Option<String>| Request::ListRoles(ListRoles { path_prefix: None, marker, max_items: Some(2) });
    let Ok(Response::Roles(first)) = run(&mut iam, &mut rng, list(None)) else { panic!() };
    let names: Vec<_> = first.roles.iter().map(|r| r.role_name.as_str()).collect();
    assert_eq!(names, ["A", "b"]);
    assert!(first.is_truncated);
    let Ok(Response::Roles(second)) = run(&mut iam, &mut rng, list(first.marker)) else { panic!() };
    assert_eq!(second.roles.len(), 1);
    assert!(!second.is_truncated && second.marker.is_none());
    assert_eq!(code(run(&mut iam, &mut rng, list(Some("bogus".into())))), "InvalidInput");
}

#[test]
fn request_members_come_from_the_structs() {
    assert_eq!(Request::members("GetRole"), Some(&["RoleName"][..]));
    assert_eq!(
        Request::members("CreateRole"),
        Some(&["Path", "RoleName", "AssumeRolePolicyDocument", "Description", "MaxSessionDuration", "Tags"][..])
    );
    assert_eq!(Request::members("CreateServiceLinkedRole").map(|m| m[0]), Some("AWSServiceName"));
    assert_eq!(Request::members("Nope"), None);
    assert_eq!(Request::OPERATIONS.len(), 10);
}
