//! The CloudWatch alarms watching one instance, on its detail view: their state and last
//! action, a button that creates the classic recover alarm, and delete (INS-08).

use kumo_sim::Command;
use kumo_sim::cloudwatch::api::AlarmNames;
use kumo_sim::cloudwatch::{AlarmSpec, AlarmState, Comparison, MetricAlarm, Request};
use kumo_sim::ec2::Instance;
use yew::prelude::*;

use crate::format;
use crate::i18n::{Lang, tr};
use crate::state::Action;

/// The alarm EC2UG ec2-instance-recover describes: system check failed for two minutes →
/// recover.
fn recover_alarm(i: &Instance, region: &str) -> AlarmSpec {
    AlarmSpec {
        name: format!("{}-recover", i.name().unwrap_or(i.id.as_str())),
        description: None,
        namespace: "AWS/EC2".into(),
        metric_name: "StatusCheckFailed_System".into(),
        dimensions: vec![("InstanceId".into(), i.id.to_string())],
        statistic: "Maximum".into(),
        period_secs: 60,
        evaluation_periods: 2,
        datapoints_to_alarm: None,
        threshold: 1.0,
        comparison: "GreaterThanOrEqualToThreshold".into(),
        actions_enabled: true,
        alarm_actions: vec![format!("arn:aws:automate:{region}:ec2:recover")],
        ok_actions: Vec::new(),
        insufficient_data_actions: Vec::new(),
    }
}

fn symbol(c: Comparison) -> &'static str {
    match c {
        Comparison::GreaterThanOrEqualToThreshold => "≥",
        Comparison::GreaterThanThreshold => ">",
        Comparison::LessThanThreshold => "<",
        Comparison::LessThanOrEqualToThreshold => "≤",
    }
}

fn state_class(s: AlarmState) -> &'static str {
    match s {
        AlarmState::Ok => "state running",
        AlarmState::Alarm => "state terminated",
        AlarmState::InsufficientData => "state transit",
    }
}

pub fn view(lang: Lang, i: &Instance, region: &str, alarms: &[MetricAlarm], on: &Callback<Action>) -> Html {
    let create = {
        let spec = recover_alarm(i, region);
        on.reform(move |_: MouseEvent| {
            Action::Form(Command::CloudWatch(Box::new(Request::PutMetricAlarm((&spec).into()))))
        })
    };
    html! {
        <div class="alarms" id="instance-alarms">
            <h3>{ tr(lang, "alarms.title") }</h3>
            if alarms.is_empty() {
                <p class="muted">{ tr(lang, "alarms.none") }</p>
            } else {
                <div class="scroll-x"><table class="storage" id="alarms-table">
                    <thead><tr>
                        <th>{ tr(lang, "alarms.name") }</th>
                        <th>{ tr(lang, "alarms.metric") }</th>
                        <th>{ tr(lang, "alarms.state") }</th>
                        <th>{ tr(lang, "alarms.last_action") }</th>
                        <th></th>
                    </tr></thead>
                    <tbody>
                        { for alarms.iter().map(|a| {
                            let last = a.history.iter().rev().find(|h| h.item_type == "Action");
                            let delete = {
                                let name = a.spec.name.clone();
                                on.reform(move |_: MouseEvent| Action::Form(Command::CloudWatch(Box::new(Request::DeleteAlarms(AlarmNames { alarm_names: vec![name.clone()] })))))
                            };
                            html! { <tr>
                                <td><code>{ &a.spec.name }</code></td>
                                <td>{ format!("{} {} {:?} · {} × {} s", a.spec.metric_name, symbol(a.comparison), a.spec.threshold, a.spec.evaluation_periods, a.spec.period_secs) }</td>
                                <td><span class={state_class(a.state)} title={a.state_reason.clone()}>{ a.state.as_str() }</span></td>
                                <td class="wrap">{ last.map(|h| format!("{} {}", format::short_time(h.timestamp), h.summary)).unwrap_or_else(|| tr(lang, "detail.none")) }</td>
                                <td><button class="link alarm-delete" onclick={delete}>{ tr(lang, "alarms.delete") }</button></td>
                            </tr> }
                        }) }
                    </tbody>
                </table></div>
            }
            <p>
                <button id="alarm-create-recover" class="secondary" onclick={create}>{ tr(lang, "alarms.create_recover") }</button>
                <br /><small class="muted">{ tr(lang, "alarms.hint") }</small>
            </p>
        </div>
    }
}
