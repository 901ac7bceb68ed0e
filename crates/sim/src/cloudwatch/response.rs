//! CloudWatch response documents with botocore's member names and order (BC-CloudWatch
//! MetricAlarm, AlarmHistoryItem).

use crate::Reply;
use crate::cloudwatch::MetricAlarm;
use serde_json::{Map, Value, json};

/// The document of a CloudWatch reply; other replies have no CloudWatch form.
pub fn reply(r: &Reply) -> Value {
    match r {
        Reply::Alarms(list) => json!({
            "MetricAlarms": list.iter().map(alarm).collect::<Vec<_>>(),
            "CompositeAlarms": []
        }),
        // BC-CloudWatch Datapoint: Timestamp, SampleCount, Average, Sum, Minimum, Maximum, Unit;
        // only the statistics asked for are present, so the request decides (see `statistics`).
        Reply::MetricStatistics { label, datapoints, statistics } => json!({
            "Label": label,
            "Datapoints": datapoints.iter().map(|d| {
                let mut m = Map::new();
                m.insert("Timestamp".into(), json!(d.timestamp.iso8601_ms()));
                let average = d.sum / d.sample_count.max(1.0);
                for (name, value) in [
                    ("SampleCount", d.sample_count),
                    ("Average", (average * 1e6).round() / 1e6),
                    ("Sum", d.sum),
                    ("Minimum", d.minimum),
                    ("Maximum", d.maximum),
                ] {
                    if statistics.iter().any(|s| s == name) {
                        m.insert(name.into(), json!(value));
                    }
                }
                m.insert("Unit".into(), json!(d.unit));
                Value::Object(m)
            }).collect::<Vec<_>>()
        }),
        Reply::MetricData(results) => json!({
            "MetricDataResults": results.iter().map(|r| json!({
                "Id": r.id,
                "Label": r.label,
                "Timestamps": r.timestamps.iter().map(|t| t.iso8601_ms()).collect::<Vec<_>>(),
                "Values": r.values,
                "StatusCode": "Complete",
            })).collect::<Vec<_>>(),
            "Messages": []
        }),
        Reply::Metrics(list) => json!({
            "Metrics": list.iter().map(|(ns, name, dims)| json!({
                "Namespace": ns,
                "MetricName": name,
                "Dimensions": dims.iter().map(|(n, v)| json!({"Name": n, "Value": v})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>()
        }),
        Reply::AlarmHistory(items) => json!({
            "AlarmHistoryItems": items.iter().map(|(name, h)| json!({
                "AlarmName": name,
                "AlarmType": "MetricAlarm",
                "Timestamp": h.timestamp.iso8601_ms(),
                "HistoryItemType": h.item_type,
                "HistorySummary": h.summary,
            })).collect::<Vec<_>>()
        }),
        _ => json!({}),
    }
}

/// One `MetricAlarms[]` item of DescribeAlarms.
pub fn alarm(a: &MetricAlarm) -> Value {
    let s = &a.spec;
    let mut m = Map::new();
    m.insert("AlarmName".into(), json!(s.name));
    m.insert("AlarmArn".into(), json!(a.arn));
    if let Some(d) = &s.description {
        m.insert("AlarmDescription".into(), json!(d));
    }
    m.insert("AlarmConfigurationUpdatedTimestamp".into(), json!(a.config_updated.iso8601_ms()));
    m.insert("ActionsEnabled".into(), json!(s.actions_enabled));
    m.insert("OKActions".into(), json!(s.ok_actions));
    m.insert("AlarmActions".into(), json!(s.alarm_actions));
    m.insert("InsufficientDataActions".into(), json!(s.insufficient_data_actions));
    m.insert("StateValue".into(), json!(a.state.as_str()));
    m.insert("StateReason".into(), json!(a.state_reason));
    m.insert("StateUpdatedTimestamp".into(), json!(a.state_updated.iso8601_ms()));
    m.insert("MetricName".into(), json!(s.metric_name));
    m.insert("Namespace".into(), json!(s.namespace));
    m.insert("Statistic".into(), json!(s.statistic));
    m.insert(
        "Dimensions".into(),
        s.dimensions.iter().map(|(n, v)| json!({"Name": n, "Value": v})).collect::<Vec<_>>().into(),
    );
    m.insert("Period".into(), json!(s.period_secs));
    m.insert("EvaluationPeriods".into(), json!(s.evaluation_periods));
    if let Some(d) = s.datapoints_to_alarm {
        m.insert("DatapointsToAlarm".into(), json!(d));
    }
    m.insert("Threshold".into(), json!(s.threshold));
    m.insert("ComparisonOperator".into(), json!(a.comparison.as_str()));
    m.insert("StateTransitionedTimestamp".into(), json!(a.state_updated.iso8601_ms()));
    Value::Object(m)
}
