use super::api::*;
use crate::Profile;
use crate::command::{Command, Reply, Scope};
use crate::error::ApiError;
use crate::ids::AccountId;
use crate::region::Region;
use crate::sim::Sim;

fn scope() -> Scope {
    Scope::new(AccountId::learner(), Region::UsEast1)
}

fn run(sim: &mut Sim, r: Request) -> Result<Response, ApiError> {
    match sim.apply(&scope(), Command::Sns(r)) {
        Ok(Reply::Sns(r)) => Ok(r),
        Ok(other) => panic!("not an SNS reply: {other:?}"),
        Err(e) => Err(e),
    }
}

fn create(sim: &mut Sim, name: &str, display: Option<&str>) -> Result<Response, ApiError> {
    let attributes = display.map(|d| [("DisplayName".to_string(), d.to_string())].into_iter().collect());
    run(sim, Request::CreateTopic(CreateTopic { name: name.into(), attributes }))
}

fn arn(name: &str) -> String {
    format!("arn:aws:sns:us-east-1:123456789012:{name}")
}

#[test]
fn topics_come_in_pages_of_a_hundred_by_name() {
    let mut sim = Sim::new(1, Profile::Current);
    for i in 0..250 {
        create(&mut sim, &format!("t{i:03}"), None).unwrap();
    }
    let (mut token, mut seen, mut pages) = (None, Vec::new(), Vec::new());
    loop {
        let Ok(Response::Topics(page)) = run(&mut sim, Request::ListTopics(Page { next_token: token.clone() })) else {
            panic!()
        };
        pages.push(page.topics.len());
        seen.extend(page.topics.into_iter().map(|t| t.topic_arn));
        match page.next_token {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    assert_eq!(pages, [100, 100, 50]);
    let expected: Vec<String> = (0..250).map(|i| arn(&format!("t{i:03}"))).collect();
    assert_eq!(seen, expected);
    let bad = run(&mut sim, Request::ListTopics(Page { next_token: Some("%%%".into()) }));
    assert_eq!(bad.unwrap_err().to_string(), "Invalid parameter: NextToken");
}

#[test]
fn subscriptions_come_in_pages_oldest_first() {
    let mut sim = Sim::new(2, Profile::Current);
    create(&mut sim, "ops", None).unwrap();
    for i in 0..120 {
        let r = Request::Subscribe(Subscribe {
            topic_arn: arn("ops"),
            protocol: "email".into(),
            endpoint: Some(format!("u{i}@example.com")),
            return_subscription_arn: Some(true),
        });
        run(&mut sim, r).unwrap();
    }
    let by_topic = |token| {
        Request::ListSubscriptionsByTopic(ListSubscriptionsByTopic { topic_arn: arn("ops"), next_token: token })
    };
    let Ok(Response::Subscriptions(first)) = run(&mut sim, by_topic(None)) else { panic!() };
    assert_eq!(first.subscriptions.len(), 100);
    assert!(first.subscriptions.iter().all(|s| s.subscription_arn == "PendingConfirmation"));
    let Ok(Response::Subscriptions(rest)) = run(&mut sim, by_topic(first.next_token.clone())) else { panic!() };
    assert_eq!((rest.subscriptions.len(), rest.next_token), (20, None));
    let endpoints: Vec<&str> =
        first.subscriptions.iter().chain(&rest.subscriptions).map(|s| s.endpoint.as_str()).collect();
    // Created in this order at the same instant: oldest first, then by ARN, with no repeats.
    let mut unique = endpoints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 120);
    let Ok(Response::Subscriptions(all)) = run(&mut sim, Request::ListSubscriptions(Page::default())) else { panic!() };
    assert_eq!(all.subscriptions, first.subscriptions);
}

#[test]
fn create_topic_is_idempotent_only_with_the_same_attributes() {
    let mut sim = Sim::new(3, Profile::Current);
    let Ok(Response::TopicArn(a)) = create(&mut sim, "ops", Some("Ops")) else { panic!() };
    let Ok(Response::TopicArn(b)) = create(&mut sim, "ops", None) else { panic!() };
    let Ok(Response::TopicArn(c)) = create(&mut sim, "ops", Some("Ops")) else { panic!() };
    assert!(a == b && b == c && a.topic_arn == arn("ops"));
    let other = create(&mut sim, "ops", Some("Other")).unwrap_err();
    assert_eq!(other.code(), "InvalidParameter");
    assert_eq!(
        other.to_string(),
        "Invalid parameter: Attributes Reason: Topic already exists with different attributes"
    );
    let attrs = [("Policy".to_string(), "{}".to_string())].into_iter().collect();
    let policy = run(&mut sim, Request::CreateTopic(CreateTopic { name: "x".into(), attributes: Some(attrs) }));
    assert!(policy.unwrap_err().to_string().contains("not modelled in this sandbox"));
}

#[test]
fn publish_needs_a_topic_and_reaches_only_confirmed_subscriptions() {
    let mut sim = Sim::new(4, Profile::Current);
    let none = run(&mut sim, Request::Publish(Publish { topic_arn: None, message: "hi".into(), subject: None }));
    assert_eq!(
        none.unwrap_err().to_string(),
        "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter"
    );
    create(&mut sim, "ops", None).unwrap();
    let subscribe = |endpoint: &str| {
        Request::Subscribe(Subscribe {
            topic_arn: arn("ops"),
            protocol: "email-json".into(),
            endpoint: Some(endpoint.into()),
            return_subscription_arn: None,
        })
    };
    run(&mut sim, subscribe("a@example.com")).unwrap();
    run(&mut sim, subscribe("b@example.com")).unwrap();
    let mail = |sim: &Sim| sim.world().accounts[&AccountId::learner()].mail.clone();
    let (topic_arn, token) = mail(&sim)[0].confirm.clone().unwrap();
    run(&mut sim, Request::ConfirmSubscription(ConfirmSubscription { topic_arn, token })).unwrap();
    let publish = Publish { topic_arn: Some(arn("ops")), message: "deployed".into(), subject: Some("CI".into()) };
    let Ok(Response::Published(p)) = run(&mut sim, Request::Publish(publish)) else { panic!() };
    let after = mail(&sim);
    assert_eq!(after.len(), 3, "two confirmations and one notification");
    let note = &after[2];
    assert_eq!((note.to.as_str(), note.subject.as_str()), ("a@example.com", "CI"));
    assert!(note.body.contains(&format!("\"MessageId\" : \"{}\"", p.message_id)));
    assert!(note.body.contains("\"Message\" : \"deployed\""));
}
