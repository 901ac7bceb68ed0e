//! CloudWatch's requests and responses: botocore's input and output shapes (BC-CloudWatch
//! 2010-08-01). Request structs are declared with `input::shape!` (the members the sandbox
//! takes; the nested shapes whole, and the service refuses the members it does not model);
//! responses are serde types in the output shapes' member order.

use serde::Serialize;

use crate::time::Timestamp;

crate::input::operations!(
    /// A CloudWatch request: the operation and its input shape.
    PutMetricAlarm,
    GetMetricStatistics,
    GetMetricData,
    ListMetrics,
    DescribeAlarms,
    DescribeAlarmHistory,
    SetAlarmState,
    EnableAlarmActions,
    DisableAlarmActions,
    DeleteAlarms,
);

impl Request {
    /// Whether the request only reads.
    pub fn is_read_only(&self) -> bool {
        matches!(
            self,
            Request::GetMetricStatistics(_)
                | Request::GetMetricData(_)
                | Request::ListMetrics(_)
                | Request::DescribeAlarms(_)
                | Request::DescribeAlarmHistory(_)
        )
    }

    /// The alarms a request that writes names (for the change feed: an alarm may act at once
    /// on what its dimensions name).
    pub fn alarm_names(&self) -> Vec<&str> {
        match self {
            Request::PutMetricAlarm(r) => vec![r.alarm_name.as_str()],
            Request::SetAlarmState(r) => vec![r.alarm_name.as_str()],
            Request::EnableAlarmActions(r) | Request::DisableAlarmActions(r) | Request::DeleteAlarms(r) => {
                r.alarm_names.iter().map(String::as_str).collect()
            }
            _ => Vec::new(),
        }
    }
}

crate::input::shape! {
    /// Dimension: Name and Value, both required (and a part of the responses' shapes).
    #[derive(Eq, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Dimension {
        "Name" name: String,
        "Value" value: String,
    }
}

crate::input::shape! {
    /// DimensionFilter (ListMetrics): a name, and optionally the value it must have.
    #[derive(Eq)]
    pub struct DimensionFilter {
        "Name" name: String,
        "Value" value: Option<String>,
    }
}

crate::input::shape! {
    /// PutMetricAlarmInput: a metric alarm on one metric (Metrics, ExtendedStatistic, Unit,
    /// TreatMissingData, Tags and the newer evaluation members are not modelled). The model
    /// leaves all but AlarmName optional; CloudWatch refuses a metric alarm without its metric,
    /// statistic, period, evaluation periods and comparison.
    pub struct PutMetricAlarm {
        "AlarmName" alarm_name: String,
        "AlarmDescription" alarm_description: Option<String>,
        "ActionsEnabled" actions_enabled: Option<bool>,
        "OKActions" ok_actions: Option<Vec<String>>,
        "AlarmActions" alarm_actions: Option<Vec<String>>,
        "InsufficientDataActions" insufficient_data_actions: Option<Vec<String>>,
        "MetricName" metric_name: Option<String>,
        "Namespace" namespace: Option<String>,
        "Statistic" statistic: Option<String>,
        "Dimensions" dimensions: Option<Vec<Dimension>>,
        "Period" period: Option<i64>,
        "EvaluationPeriods" evaluation_periods: Option<i64>,
        "DatapointsToAlarm" datapoints_to_alarm: Option<i64>,
        "Threshold" threshold: Option<f64>,
        "ComparisonOperator" comparison_operator: Option<String>,
    }
}

crate::input::shape! {
    /// GetMetricStatisticsInput (ExtendedStatistics and Unit are not modelled).
    pub struct GetMetricStatistics {
        "Namespace" namespace: String,
        "MetricName" metric_name: String,
        "Dimensions" dimensions: Option<Vec<Dimension>>,
        "StartTime" start_time: Timestamp,
        "EndTime" end_time: Timestamp,
        "Period" period: i64,
        "Statistics" statistics: Option<Vec<String>>,
    }
}

crate::input::shape! {
    /// Metric: a namespace, a name and dimensions.
    pub struct Metric {
        "Namespace" namespace: Option<String>,
        "MetricName" metric_name: Option<String>,
        "Dimensions" dimensions: Option<Vec<Dimension>>,
    }
}

crate::input::shape! {
    /// MetricStat: a metric, a period and a statistic (and a unit, which the sandbox refuses).
    pub struct MetricStat {
        "Metric" metric: Metric,
        "Period" period: i64,
        "Stat" stat: String,
        "Unit" unit: Option<String>,
    }
}

crate::input::shape! {
    /// MetricDataQuery: a MetricStat or a metric math Expression, under an Id (AccountId, for
    /// cross-account observability, is refused by the sandbox).
    pub struct MetricDataQuery {
        "Id" id: String,
        "MetricStat" metric_stat: Option<MetricStat>,
        "Expression" expression: Option<String>,
        "Label" label: Option<String>,
        "ReturnData" return_data: Option<bool>,
        "Period" period: Option<i64>,
        "AccountId" account_id: Option<String>,
    }
}

crate::input::shape! {
    /// GetMetricDataInput (ScanBy and LabelOptions are not modelled; the sandbox answers in
    /// one page).
    pub struct GetMetricData {
        "MetricDataQueries" metric_data_queries: Vec<MetricDataQuery>,
        "StartTime" start_time: Timestamp,
        "EndTime" end_time: Timestamp,
    }
}

crate::input::shape! {
    /// ListMetricsInput (RecentlyActive and the cross-account members are not modelled).
    pub struct ListMetrics {
        "Namespace" namespace: Option<String>,
        "MetricName" metric_name: Option<String>,
        "Dimensions" dimensions: Option<Vec<DimensionFilter>>,
        "NextToken" next_token: Option<String>,
    }
}

crate::input::shape! {
    /// DescribeAlarmsInput (AlarmTypes, the composite-alarm members and ActionPrefix are not
    /// modelled).
    pub struct DescribeAlarms {
        "AlarmNames" alarm_names: Option<Vec<String>>,
        "AlarmNamePrefix" alarm_name_prefix: Option<String>,
        "StateValue" state_value: Option<String>,
        "MaxRecords" max_records: Option<i64>,
        "NextToken" next_token: Option<String>,
    }
}

crate::input::shape! {
    /// DescribeAlarmHistoryInput (dates, types, contributors and ScanBy are not modelled).
    pub struct DescribeAlarmHistory {
        "AlarmName" alarm_name: Option<String>,
        "HistoryItemType" history_item_type: Option<String>,
        "MaxRecords" max_records: Option<i64>,
        "NextToken" next_token: Option<String>,
    }
}

crate::input::shape! {
    /// SetAlarmStateInput (StateReasonData is not modelled).
    pub struct SetAlarmState {
        "AlarmName" alarm_name: String,
        "StateValue" state_value: String,
        "StateReason" state_reason: String,
    }
}

crate::input::shape! {
    /// EnableAlarmActionsInput, DisableAlarmActionsInput, DeleteAlarmsInput.
    pub struct AlarmNames {
        "AlarmNames" alarm_names: Vec<String>,
    }
}

pub type EnableAlarmActions = AlarmNames;
pub type DisableAlarmActions = AlarmNames;
pub type DeleteAlarms = AlarmNames;

/// A response, serialized as the operation's output shape (no variant tag). Operations
/// without an output shape answer [`Response::Empty`], which the CLI prints as nothing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Response {
    Alarms(DescribeAlarmsResponse),
    Statistics(GetMetricStatisticsResponse),
    Data(GetMetricDataResponse),
    Metrics(ListMetricsResponse),
    History(DescribeAlarmHistoryResponse),
    Empty(Empty),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Empty {}

/// DescribeAlarmsOutput: metric alarms, and the composite alarms the sandbox has none of, in
/// the order the AWS CLI's paginator joins them (MetricAlarms, CompositeAlarms).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmsResponse {
    pub metric_alarms: Vec<MetricAlarmView>,
    pub composite_alarms: Vec<Empty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

fn iso8601_ms<S: serde::Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.iso8601_ms())
}

/// The MetricAlarm shape, in its member order: the alarm's Describe view too.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricAlarmView {
    pub alarm_name: String,
    pub alarm_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alarm_description: Option<String>,
    #[serde(serialize_with = "iso8601_ms")]
    pub alarm_configuration_updated_timestamp: Timestamp,
    pub actions_enabled: bool,
    #[serde(rename = "OKActions")]
    pub ok_actions: Vec<String>,
    pub alarm_actions: Vec<String>,
    pub insufficient_data_actions: Vec<String>,
    pub state_value: &'static str,
    pub state_reason: String,
    #[serde(serialize_with = "iso8601_ms")]
    pub state_updated_timestamp: Timestamp,
    pub metric_name: String,
    pub namespace: String,
    pub statistic: String,
    pub dimensions: Vec<Dimension>,
    pub period: u32,
    pub evaluation_periods: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datapoints_to_alarm: Option<u32>,
    pub threshold: f64,
    pub comparison_operator: &'static str,
    #[serde(serialize_with = "iso8601_ms")]
    pub state_transitioned_timestamp: Timestamp,
}

/// GetMetricStatisticsOutput.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMetricStatisticsResponse {
    pub label: String,
    pub datapoints: Vec<DatapointView>,
}

/// The Datapoint shape: only the statistics asked for are present.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DatapointView {
    #[serde(serialize_with = "iso8601_ms")]
    pub timestamp: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_count: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    pub unit: String,
}

/// GetMetricDataOutput.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMetricDataResponse {
    pub metric_data_results: Vec<MetricDataResultView>,
    pub messages: Vec<Empty>,
}

/// The MetricDataResult shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricDataResultView {
    pub id: String,
    pub label: String,
    pub timestamps: Vec<String>,
    pub values: Vec<f64>,
    pub status_code: &'static str,
}

/// ListMetricsOutput.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMetricsResponse {
    pub metrics: Vec<MetricView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The Metric shape as ListMetrics returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricView {
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<Dimension>,
}

/// DescribeAlarmHistoryOutput.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmHistoryResponse {
    pub alarm_history_items: Vec<AlarmHistoryItemView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The AlarmHistoryItem shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlarmHistoryItemView {
    pub alarm_name: String,
    pub alarm_type: &'static str,
    #[serde(serialize_with = "iso8601_ms")]
    pub timestamp: Timestamp,
    pub history_item_type: String,
    pub history_summary: String,
}
