//! CloudWatch alarms on EC2 status checks (INS-08): OK once the checks pass, ALARM after the
//! evaluation periods of a failed system check, the recover action moving the instance, and
//! the fourth recovery in 24 hours refused.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::World;
use kumo_sim::Command;
use kumo_sim::cloudwatch::api::{AlarmNames, SetAlarmState};
use kumo_sim::cloudwatch::{AlarmSpec, AlarmState, Request};
use kumo_sim::ec2::CheckStatus;

fn recover_alarm(instance: &str) -> AlarmSpec {
    AlarmSpec {
        name: "recover-web".into(),
        description: None,
        namespace: "AWS/EC2".into(),
        metric_name: "StatusCheckFailed_System".into(),
        dimensions: vec![("InstanceId".into(), instance.into())],
        statistic: "Maximum".into(),
        period_secs: 60,
        evaluation_periods: 2,
        datapoints_to_alarm: None,
        threshold: 1.0,
        comparison: "GreaterThanOrEqualToThreshold".into(),
        actions_enabled: true,
        alarm_actions: vec!["arn:aws:automate:us-east-1:ec2:recover".into()],
        ok_actions: vec![],
        insufficient_data_actions: vec![],
    }
}

fn alarm(w: &mut World) -> kumo_sim::cloudwatch::MetricAlarm {
    let alarms = &w.sim.world().region(&w.scope).expect("the Region").alarms;
    alarms.values().next().cloned().expect("an alarm")
}

fn put(spec: &AlarmSpec) -> Command {
    Command::CloudWatch(Box::new(Request::PutMetricAlarm(spec.into())))
}

fn set_state(name: &str, state: &str, reason: &str) -> Command {
    Command::CloudWatch(Box::new(Request::SetAlarmState(SetAlarmState {
        alarm_name: name.into(),
        state_value: state.into(),
        state_reason: reason.into(),
    })))
}

#[test]
fn recover_action_moves_the_instance_three_times_a_day_then_refuses() {
    let mut w = World::new(5);
    let id = w.launch_running("al2023", "t3.micro", "web");
    // Only the alarm recovers: simplified automatic recovery is off.
    w.set_auto_recovery(&id, "disabled").unwrap();
    w.apply(put(&recover_alarm(&id))).unwrap();
    assert_eq!(alarm(&mut w).state, AlarmState::InsufficientData);
    w.advance_secs(300);
    assert_eq!(alarm(&mut w).state, AlarmState::Ok, "the checks passed: one good period gives OK");
    for round in 1..=4 {
        let host = w.get(&id).host_id.clone();
        let ip = w.get(&id).public_ip;
        w.apply(Command::SandboxFailHardware { instance_id: id.clone() }).unwrap();
        w.advance_secs(90);
        assert_ne!(alarm(&mut w).state, AlarmState::Alarm, "two periods are needed, not one");
        w.advance_secs(60);
        assert_eq!(alarm(&mut w).state, AlarmState::Alarm, "round {round}");
        w.advance_secs(15 * 60);
        let a = alarm(&mut w);
        let last_action = a.history.iter().rev().find(|h| h.item_type == "Action").unwrap().summary.clone();
        if round <= 3 {
            assert!(last_action.starts_with("Successfully executed action"), "{last_action}");
            assert_ne!(w.get(&id).host_id, host, "recovered onto a new host");
            assert_eq!(w.get(&id).public_ip, ip, "the public IP stays");
            assert_eq!(w.get(&id).system_status, CheckStatus::Ok);
            assert_eq!(a.state, AlarmState::Ok);
        } else {
            assert!(last_action.contains("three times in the last 24 hours"), "{last_action}");
            assert_eq!(w.get(&id).system_status, CheckStatus::Impaired, "the fourth recovery is refused");
            assert_eq!(a.state, AlarmState::Alarm);
        }
    }
    // Stopped, the instance reports no status checks: INSUFFICIENT_DATA after the periods.
    w.stop(&id).unwrap();
    w.advance_secs(600);
    assert_eq!(alarm(&mut w).state, AlarmState::InsufficientData);
}

#[test]
fn invalid_alarms_are_refused_with_cloudwatch_errors() {
    let mut w = World::new(6);
    let id = w.launch_running("al2023", "t3.micro", "web");
    type Change = Box<dyn Fn(&mut AlarmSpec)>;
    let cases: Vec<(Change, &str)> = vec![
        (Box::new(|s| s.statistic = "Median".into()), "statistic"),
        (Box::new(|s| s.period_secs = 45), "Period"),
        (Box::new(|s| s.evaluation_periods = 0), "EvaluationPeriods"),
        (Box::new(|s| s.evaluation_periods = 1441), "86400"),
        (
            Box::new(|s| {
                s.period_secs = 3600;
                s.evaluation_periods = 169;
            }),
            "604800",
        ),
        (Box::new(|s| s.period_secs = u32::MAX - 15), "604800"),
        (Box::new(|s| s.comparison = "Equals".into()), "comparisonOperator"),
        (Box::new(|s| s.metric_name = "CPUUtilization".into()), "StatusCheckFailed_System"),
        (Box::new(|s| s.alarm_actions = vec!["arn:aws:automate:us-west-2:ec2:recover".into()]), "Invalid alarm action"),
        (Box::new(|s| s.dimensions.clear()), "InstanceId"),
    ];
    for (change, words) in cases {
        let mut spec = recover_alarm(&id);
        change(&mut spec);
        let err = w.apply(put(&spec)).unwrap_err();
        assert_eq!(err.code(), "ValidationError");
        assert!(err.to_string().contains(words), "{err}");
    }
    let err = w
        .apply(Command::CloudWatch(Box::new(Request::DeleteAlarms(AlarmNames { alarm_names: vec!["nope".into()] }))))
        .unwrap_err();
    assert_eq!(err.code(), "ResourceNotFound");
    let err = w.apply(set_state("nope", "ALARM", "test")).unwrap_err();
    assert_eq!(err.code(), "ResourceNotFound");
}

#[test]
fn set_alarm_state_runs_actions_then_the_metric_wins() {
    let mut w = World::new(7);
    let id = w.launch_running("al2023", "t3.micro", "web");
    let mut spec = recover_alarm(&id);
    spec.alarm_actions = vec!["arn:aws:automate:us-east-1:ec2:reboot".into()];
    w.apply(put(&spec)).unwrap();
    w.advance_secs(300);
    w.apply(set_state("recover-web", "ALARM", "testing")).unwrap();
    let a = alarm(&mut w);
    assert_eq!((a.state, a.state_reason.as_str()), (AlarmState::Alarm, "testing"));
    assert!(w.get(&id).rebooting, "the reboot action ran");
    w.advance_secs(60);
    assert_eq!(alarm(&mut w).state, AlarmState::Ok, "the next evaluation follows the metric");
}

/// DescribeAlarms answers 50 alarms a page by default and at most 100 (boto/boto#3036,
/// boto/boto3#3475), with a NextToken for the rest; DescribeAlarmHistory likewise, newest first.
#[test]
fn alarms_and_their_history_come_in_pages() {
    use kumo_sim::cloudwatch::Response;
    use kumo_sim::cloudwatch::api::{DescribeAlarmHistory, DescribeAlarms};
    let mut w = World::new(8);
    let id = w.launch_running("al2023", "t3.micro", "web");
    for n in 0..120 {
        w.apply(put(&AlarmSpec { name: format!("a{n:03}"), ..recover_alarm(&id) })).unwrap();
    }
    let describe = |w: &mut World, max: Option<i64>, token: Option<String>| {
        let r = DescribeAlarms { max_records: max, next_token: token, ..Default::default() };
        w.apply(Command::CloudWatch(Box::new(Request::DescribeAlarms(r))))
    };
    let mut names = Vec::new();
    let mut token = None;
    let mut sizes = Vec::new();
    loop {
        let Ok(kumo_sim::Reply::CloudWatch(Response::Alarms(page))) = describe(&mut w, None, token.clone()) else {
            panic!("DescribeAlarms answers")
        };
        sizes.push(page.metric_alarms.len());
        names.extend(page.metric_alarms.into_iter().map(|a| a.alarm_name));
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(sizes, [50, 50, 20]);
    assert_eq!(names.len(), 120);
    assert!(names.windows(2).all(|p| p[0] < p[1]), "by name, each once");
    assert_eq!(describe(&mut w, Some(101), None).unwrap_err().code(), "ValidationError");
    assert_eq!(describe(&mut w, None, Some("bm9wZQ==".into())).map(|_| ()), Ok(()), "a token past the end");
    assert_eq!(describe(&mut w, None, Some("%".into())).unwrap_err().code(), "InvalidNextToken");
    let history = |w: &mut World, token: Option<String>| {
        let r = DescribeAlarmHistory { max_records: Some(100), next_token: token, ..Default::default() };
        match w.apply(Command::CloudWatch(Box::new(Request::DescribeAlarmHistory(r)))) {
            Ok(kumo_sim::Reply::CloudWatch(Response::History(h))) => h,
            other => panic!("{other:?}"),
        }
    };
    let first = history(&mut w, None);
    assert_eq!(first.alarm_history_items.len(), 100);
    let second = history(&mut w, first.next_token.clone());
    assert_eq!(second.alarm_history_items.len(), 20, "one creation item per alarm");
    assert_eq!(second.next_token, None);
    let all: Vec<_> = first.alarm_history_items.iter().chain(&second.alarm_history_items).collect();
    assert!(all.windows(2).all(|p| p[0].timestamp >= p[1].timestamp), "newest first");
}
