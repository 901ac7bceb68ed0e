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
    w.apply(
        kumo_sim::ec2::Request::ModifyInstanceMaintenanceOptions(
            kumo_sim::ec2::api::ModifyInstanceMaintenanceOptions {
                instance_id: id.clone(),
                auto_recovery: Some("disabled".into()),
            },
        )
        .into(),
    )
    .unwrap();
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
