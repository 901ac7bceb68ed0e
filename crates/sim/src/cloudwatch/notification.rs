//! What a CloudWatch alarm publishes to an SNS topic when it changes state: a JSON message for
//! programs and a readable text for email subscribers, with the subject
//! `ALARM: "name" in US East (N. Virginia)` (CWUG AlarmThatSendsEmail; the JSON members are
//! those of CloudWatch's alarm notification).

use crate::cloudwatch::{AlarmState, MetricAlarm};
use crate::region::Scope;
use crate::sim::Sim;
use crate::sns::delivery::json_str;
use crate::time::Timestamp;

/// A composed notification: subject, JSON message, email text.
pub struct Notification {
    pub subject: String,
    pub json: String,
    pub email: String,
}

/// `2026-04-01T00:10:00.000+0000`, as alarm notifications write times.
fn alarm_time(t: Timestamp) -> String {
    let (y, mo, d, h, mi, s, ms) = t.civil();
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}+0000")
}

fn json_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| json_str(s)).collect::<Vec<_>>().join(","))
}

/// The notification of `a`'s move from `from` to its current state.
pub fn compose(a: &MetricAlarm, from: AlarmState, scope: &Scope) -> Notification {
    let region = scope.region.long_name();
    let spec = &a.spec;
    let to = a.state.as_str();
    let mut subject = format!("{to}: \"{}\" in {region}", spec.name);
    // SNS subjects are at most 100 characters.
    if subject.chars().count() > 100 {
        subject = subject.chars().take(100).collect();
    }
    let dims = spec
        .dimensions
        .iter()
        .map(|(n, v)| format!("{{\"value\":{},\"name\":{}}}", json_str(v), json_str(n)))
        .collect::<Vec<_>>()
        .join(",");
    let datapoints = spec.datapoints_to_alarm.unwrap_or(spec.evaluation_periods);
    let json = format!(
        "{{\"AlarmName\":{},\"AlarmDescription\":{},\"AWSAccountId\":\"{}\",\"AlarmConfigurationUpdatedTimestamp\":\"{}\",\"NewStateValue\":\"{to}\",\"NewStateReason\":{},\"StateChangeTime\":\"{}\",\"Region\":\"{region}\",\"AlarmArn\":\"{}\",\"OldStateValue\":\"{}\",\"OKActions\":{},\"AlarmActions\":{},\"InsufficientDataActions\":{},\"Trigger\":{{\"MetricName\":{},\"Namespace\":{},\"StatisticType\":\"Statistic\",\"Statistic\":\"{}\",\"Unit\":null,\"Dimensions\":[{dims}],\"Period\":{},\"EvaluationPeriods\":{},\"DatapointsToAlarm\":{datapoints},\"ComparisonOperator\":\"{}\",\"Threshold\":{:?},\"TreatMissingData\":\"missing\",\"EvaluateLowSampleCountPercentile\":\"\"}}}}",
        json_str(&spec.name),
        spec.description.as_deref().map_or_else(|| "null".to_string(), json_str),
        scope.account.as_str(),
        alarm_time(a.config_updated),
        json_str(&a.state_reason),
        alarm_time(a.state_updated),
        a.arn,
        from.as_str(),
        json_list(&spec.ok_actions),
        json_list(&spec.alarm_actions),
        json_list(&spec.insufficient_data_actions),
        json_str(&spec.metric_name),
        json_str(&spec.namespace),
        spec.statistic.to_ascii_uppercase(),
        spec.period_secs,
        spec.evaluation_periods,
        spec.comparison,
        spec.threshold,
    );
    let (y, mo, d, h, mi, s, _) = a.state_updated.civil();
    let when = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC");
    let list = |v: &[String]| format!("[{}]", v.join(", "));
    let dimensions =
        format!("[{}]", spec.dimensions.iter().map(|(n, v)| format!("{n} = {v}")).collect::<Vec<_>>().join(", "));
    let email = format!(
        "You are receiving this email because your Amazon CloudWatch Alarm \"{name}\" in the {region} region has entered the {to} state, because \"{reason}\" at \"{when}\".\n\nAlarm Details:\n- Name:                       {name}\n- Description:                {desc}\n- State Change:               {from} -> {to}\n- Reason for State Change:    {reason}\n- Timestamp:                  {when}\n- AWS Account:                {account}\n- Alarm Arn:                  {arn}\n\nThreshold:\n- The alarm is in the ALARM state when the metric is {cmp} {threshold:?} for at least {datapoints} of the last {evals} period(s) of {period} seconds.\n\nMonitored Metric:\n- MetricNamespace:            {ns}\n- MetricName:                 {metric}\n- Dimensions:                 {dimensions}\n- Period:                     {period} seconds\n- Statistic:                  {stat}\n- Unit:                       not specified\n- TreatMissingData:           missing\n\nState Change Actions:\n- OK: {ok}\n- ALARM: {alarm}\n- INSUFFICIENT_DATA: {insufficient}\n",
        name = spec.name,
        reason = a.state_reason,
        desc = spec.description.as_deref().unwrap_or(""),
        from = from.as_str(),
        account = scope.account.as_str(),
        arn = a.arn,
        cmp = spec.comparison,
        threshold = spec.threshold,
        evals = spec.evaluation_periods,
        period = spec.period_secs,
        ns = spec.namespace,
        metric = spec.metric_name,
        dimensions = dimensions,
        stat = spec.statistic,
        ok = list(&spec.ok_actions),
        alarm = list(&spec.alarm_actions),
        insufficient = list(&spec.insufficient_data_actions),
    );
    Notification { subject, json, email }
}

impl Sim {
    /// Publishes an alarm's notification to a topic of its own account; a topic that does
    /// not exist fails the action (the failure wording is the sandbox's).
    pub(crate) fn notify(&mut self, scope: &Scope, topic_arn: &str, n: &Notification) -> Result<(), String> {
        let exists = crate::sns::parse_topic_arn(topic_arn).is_some_and(|(region, account, name)| {
            region == scope.region.code()
                && account == scope.account.as_str()
                && self.world.region(scope).is_some_and(|rs| rs.topics.contains_key(name))
        });
        if !exists {
            return Err(format!("Topic {topic_arn} does not exist"));
        }
        self.sns_deliver(scope, topic_arn, Some(&n.subject), &n.json, Some(&n.email));
        Ok(())
    }
}
