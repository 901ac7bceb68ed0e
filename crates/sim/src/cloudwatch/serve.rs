//! The CloudWatch operations on their own types: each request's shape becomes the alarm,
//! query or filter the service works with (`alarms.rs`, `metrics.rs`), and what they answer
//! becomes the response shapes.

use crate::cloudwatch::api::*;
use crate::cloudwatch::{AlarmHistoryItem, AlarmSpec, Datapoint, MetricAlarm, MetricDataResult, MetricQuery};
use crate::error::ApiError;
use crate::region::Scope;
use crate::sim::Sim;

/// A count or a number of seconds from an integer member: the CLI's validator has refused
/// what is below the shape's minimum; what does not fit in 32 bits is out of every range the
/// service accepts, and is refused there.
fn u32_of(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn pairs(dims: Option<Vec<Dimension>>) -> Vec<(String, String)> {
    dims.unwrap_or_default().into_iter().map(|d| (d.name, d.value)).collect()
}

fn dimensions(pairs: &[(String, String)]) -> Vec<Dimension> {
    pairs.iter().map(|(n, v)| Dimension { name: n.clone(), value: v.clone() }).collect()
}

impl From<PutMetricAlarm> for AlarmSpec {
    fn from(r: PutMetricAlarm) -> AlarmSpec {
        AlarmSpec {
            name: r.alarm_name,
            description: r.alarm_description,
            namespace: r.namespace.unwrap_or_default(),
            metric_name: r.metric_name.unwrap_or_default(),
            dimensions: pairs(r.dimensions),
            statistic: r.statistic.unwrap_or_default(),
            period_secs: r.period.map_or(0, u32_of),
            evaluation_periods: r.evaluation_periods.map_or(0, u32_of),
            datapoints_to_alarm: r.datapoints_to_alarm.map(u32_of),
            threshold: r.threshold.unwrap_or_default(),
            comparison: r.comparison_operator.unwrap_or_default(),
            actions_enabled: r.actions_enabled.unwrap_or(true),
            alarm_actions: r.alarm_actions.unwrap_or_default(),
            ok_actions: r.ok_actions.unwrap_or_default(),
            insufficient_data_actions: r.insufficient_data_actions.unwrap_or_default(),
        }
    }
}

/// The request that creates an alarm as the app's forms describe it.
impl From<&AlarmSpec> for PutMetricAlarm {
    fn from(s: &AlarmSpec) -> PutMetricAlarm {
        let list = |l: &Vec<String>| Some(l.clone()).filter(|l| !l.is_empty());
        PutMetricAlarm {
            alarm_name: s.name.clone(),
            alarm_description: s.description.clone(),
            actions_enabled: Some(s.actions_enabled).filter(|e| !e),
            ok_actions: list(&s.ok_actions),
            alarm_actions: list(&s.alarm_actions),
            insufficient_data_actions: list(&s.insufficient_data_actions),
            metric_name: Some(s.metric_name.clone()),
            namespace: Some(s.namespace.clone()),
            statistic: Some(s.statistic.clone()),
            dimensions: Some(dimensions(&s.dimensions)).filter(|d| !d.is_empty()),
            period: Some(i64::from(s.period_secs)),
            evaluation_periods: Some(i64::from(s.evaluation_periods)),
            datapoints_to_alarm: s.datapoints_to_alarm.map(i64::from),
            threshold: Some(s.threshold),
            comparison_operator: Some(s.comparison.clone()),
        }
    }
}

impl From<GetMetricStatistics> for MetricQuery {
    fn from(r: GetMetricStatistics) -> MetricQuery {
        MetricQuery {
            namespace: r.namespace,
            metric_name: r.metric_name,
            dimensions: pairs(r.dimensions),
            start: r.start_time,
            end: r.end_time,
            period_secs: u32_of(r.period),
            statistics: r.statistics.unwrap_or_default(),
        }
    }
}

impl From<&MetricQuery> for GetMetricStatistics {
    fn from(q: &MetricQuery) -> GetMetricStatistics {
        GetMetricStatistics {
            namespace: q.namespace.clone(),
            metric_name: q.metric_name.clone(),
            dimensions: Some(dimensions(&q.dimensions)).filter(|d| !d.is_empty()),
            start_time: q.start,
            end_time: q.end,
            period: i64::from(q.period_secs),
            statistics: Some(q.statistics.clone()),
        }
    }
}

fn invalid(message: String) -> ApiError {
    ApiError::CloudWatchValidation(message)
}

/// A GetMetricData query as the service evaluates it.
fn metric_data_query(i: usize, q: MetricDataQuery) -> Result<crate::cloudwatch::MetricDataQuery, ApiError> {
    let at = format!("MetricDataQueries[{i}]");
    if q.account_id.is_some() {
        return Err(invalid(format!("{at}.AccountId: cross-account queries are not modelled in this sandbox.")));
    }
    let return_data = q.return_data.unwrap_or(true);
    match (q.metric_stat, q.expression) {
        (Some(_), Some(_)) => Err(invalid(format!("{at}: give either MetricStat or Expression, not both."))),
        (None, None) => Err(invalid(format!("{at}: a query needs a MetricStat or an Expression."))),
        (None, Some(expression)) => {
            Ok(crate::cloudwatch::MetricDataQuery::expression(q.id, q.label, expression, return_data))
        }
        (Some(stat), None) => {
            if stat.unit.is_some() {
                return Err(invalid(format!("{at}.MetricStat.Unit is not modelled in this sandbox; leave it out.")));
            }
            Ok(crate::cloudwatch::MetricDataQuery {
                id: q.id,
                label: q.label,
                namespace: stat.metric.namespace.unwrap_or_default(),
                metric_name: stat.metric.metric_name.unwrap_or_default(),
                dimensions: pairs(stat.metric.dimensions),
                period_secs: u32_of(stat.period),
                stat: stat.stat,
                return_data,
                expression: None,
            })
        }
    }
}

/// The Datapoint shape of a datapoint: the statistics asked for (BC-CloudWatch Datapoint).
fn datapoint(d: &Datapoint, statistics: &[String]) -> DatapointView {
    let asked = |name: &str, v: f64| statistics.iter().any(|s| s == name).then_some(v);
    let average = d.sum / d.sample_count.max(1.0);
    DatapointView {
        timestamp: d.timestamp,
        sample_count: asked("SampleCount", d.sample_count),
        average: asked("Average", (average * 1e6).round() / 1e6),
        sum: asked("Sum", d.sum),
        minimum: asked("Minimum", d.minimum),
        maximum: asked("Maximum", d.maximum),
        unit: d.unit.clone(),
    }
}

fn result(r: MetricDataResult) -> MetricDataResultView {
    MetricDataResultView {
        id: r.id,
        label: r.label,
        timestamps: r.timestamps.iter().map(|t| t.iso8601_ms()).collect(),
        values: r.values,
        status_code: "Complete",
    }
}

fn history_item((alarm_name, h): (String, AlarmHistoryItem)) -> AlarmHistoryItemView {
    AlarmHistoryItemView {
        alarm_name,
        alarm_type: "MetricAlarm",
        timestamp: h.timestamp,
        history_item_type: h.item_type,
        history_summary: h.summary,
    }
}

/// MaxRecords of DescribeAlarms and DescribeAlarmHistory: 1 to 100 (botocore's validator checks
/// the minimum), `default` when absent. Above 100, CloudWatch's own validation error (observed:
/// boto/boto3#3475).
fn records(max: Option<i64>, default: usize) -> Result<usize, ApiError> {
    match max {
        None => Ok(default),
        Some(n) if (1..=100).contains(&n) => Ok(n as usize),
        Some(n) => Err(ApiError::Service {
            code: "ValidationError",
            message: format!(
                "1 validation error detected: Value '{n}' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100"
            ),
        }),
    }
}

/// CloudWatch's InvalidNextToken (BC-CloudWatch: "The next token specified is invalid.").
fn invalid_next_token() -> ApiError {
    ApiError::Service { code: "InvalidNextToken", message: "The next token specified is invalid.".into() }
}

/// AWS Config's type name of a metric alarm.
pub const ALARM: &str = "AWS::CloudWatch::Alarm";

impl MetricAlarm {
    /// The alarm as AWS Config records it: DescribeAlarms' MetricAlarm, under its name (AWS
    /// Config's resourceId of an alarm), with no creation time (the API has none).
    pub fn resource_view(&self, scope: &Scope) -> crate::resource::ResourceView {
        let configuration = serde_json::to_value(self.view()).unwrap_or_default();
        crate::resource::ResourceView::new(
            ALARM,
            self.spec.name.clone(),
            self.arn.clone(),
            &scope.account,
            Some(scope.region),
            configuration,
        )
        .named(&self.spec.name)
    }

    /// The MetricAlarm shape DescribeAlarms returns: the alarm's Describe view (the change
    /// feed's, and AWS Config's `configuration` of an `AWS::CloudWatch::Alarm`).
    pub fn view(&self) -> MetricAlarmView {
        let s = &self.spec;
        MetricAlarmView {
            alarm_name: s.name.clone(),
            alarm_arn: self.arn.clone(),
            alarm_description: s.description.clone(),
            alarm_configuration_updated_timestamp: self.config_updated,
            actions_enabled: s.actions_enabled,
            ok_actions: s.ok_actions.clone(),
            alarm_actions: s.alarm_actions.clone(),
            insufficient_data_actions: s.insufficient_data_actions.clone(),
            state_value: self.state.as_str(),
            state_reason: self.state_reason.clone(),
            state_updated_timestamp: self.state_updated,
            metric_name: s.metric_name.clone(),
            namespace: s.namespace.clone(),
            statistic: s.statistic.clone(),
            dimensions: dimensions(&s.dimensions),
            period: s.period_secs,
            evaluation_periods: s.evaluation_periods,
            datapoints_to_alarm: s.datapoints_to_alarm,
            threshold: s.threshold,
            comparison_operator: self.comparison.as_str(),
            state_transitioned_timestamp: self.state_updated,
        }
    }
}

impl Sim {
    /// Serves a CloudWatch request in a scope.
    pub(crate) fn cloudwatch(&mut self, scope: &Scope, request: Request) -> Result<Response, ApiError> {
        let empty = || Response::Empty(Empty::default());
        match request {
            Request::PutMetricAlarm(r) => self.put_metric_alarm(scope, r.into()).map(|()| empty()),
            Request::GetMetricStatistics(r) => {
                let q = MetricQuery::from(r);
                let (label, points) = self.get_metric_statistics(scope, &q)?;
                let datapoints = points.iter().map(|d| datapoint(d, &q.statistics)).collect();
                Ok(Response::Statistics(GetMetricStatisticsResponse { label, datapoints }))
            }
            Request::GetMetricData(r) => {
                let mut queries = Vec::with_capacity(r.metric_data_queries.len());
                for (i, q) in r.metric_data_queries.into_iter().enumerate() {
                    queries.push(metric_data_query(i, q)?);
                }
                let results = self.get_metric_data(scope, &queries, r.start_time, r.end_time)?;
                Ok(Response::Data(GetMetricDataResponse {
                    metric_data_results: results.into_iter().map(result).collect(),
                    messages: Vec::new(),
                }))
            }
            Request::ListMetrics(r) => {
                let filters: Vec<(String, Option<String>)> =
                    r.dimensions.unwrap_or_default().into_iter().map(|d| (d.name, d.value)).collect();
                let list = self.list_metrics(scope, r.namespace.as_deref(), r.metric_name.as_deref(), &filters)?;
                // In the order the world lists them, each keyed by its place: a listing that
                // changes between pages may repeat or skip a metric, as CloudWatch's may.
                let keyed: Vec<(String, MetricView)> = list
                    .into_iter()
                    .enumerate()
                    .map(|(i, (namespace, metric_name, dims))| {
                        (format!("{i:08}"), MetricView { namespace, metric_name, dimensions: dimensions(&dims) })
                    })
                    .collect();
                // CloudWatch ListMetrics: "Up to 500 results are returned for any one call." Its
                // errors (BC-CloudWatch) have no InvalidNextToken; the code for a token it did not
                // give out is InvalidParameterValue, the wording [UNVERIFIED] the sandbox's.
                let (page, next_token) = crate::paging::page(keyed, |(k, _)| k.clone(), r.next_token.as_deref(), 500)
                    .ok_or_else(|| ApiError::Service {
                    code: "InvalidParameterValue",
                    message: "The value for the parameter NextToken is not valid.".into(),
                })?;
                let metrics = page.into_iter().map(|(_, m)| m).collect();
                Ok(Response::Metrics(ListMetricsResponse { metrics, next_token }))
            }
            Request::DescribeAlarms(r) => {
                let list = self.describe_alarms(
                    scope,
                    &r.alarm_names.unwrap_or_default(),
                    r.alarm_name_prefix.as_deref(),
                    r.state_value.as_deref(),
                )?;
                let size = records(r.max_records, 50)?;
                let (page, next_token) =
                    crate::paging::page(list, |a| a.spec.name.clone(), r.next_token.as_deref(), size)
                        .ok_or_else(invalid_next_token)?;
                Ok(Response::Alarms(DescribeAlarmsResponse {
                    metric_alarms: page.iter().map(|a| a.view()).collect(),
                    composite_alarms: Vec::new(),
                    next_token,
                }))
            }
            Request::DescribeAlarmHistory(r) => {
                let items =
                    self.describe_alarm_history(scope, r.alarm_name.as_deref(), r.history_item_type.as_deref())?;
                // [UNVERIFIED] a page of 100 by default: CloudWatch documents only MaxRecords'
                // range (1-100) for DescribeAlarmHistory; the sandbox answers as many as it may.
                let size = records(r.max_records, 100)?;
                // Newest first: each item keyed by its time counted down, then its place among
                // the items of the same instant.
                let mut keyed = Vec::with_capacity(items.len());
                let mut last = (u64::MAX, 0usize);
                for item in items {
                    let ms = u64::MAX - item.1.timestamp.0;
                    last = if last.0 == ms { (ms, last.1 + 1) } else { (ms, 0) };
                    keyed.push((format!("{ms:020}/{:08}", last.1), item));
                }
                let (page, next_token) = crate::paging::page(keyed, |(k, _)| k.clone(), r.next_token.as_deref(), size)
                    .ok_or_else(invalid_next_token)?;
                Ok(Response::History(DescribeAlarmHistoryResponse {
                    alarm_history_items: page.into_iter().map(|(_, item)| history_item(item)).collect(),
                    next_token,
                }))
            }
            Request::SetAlarmState(r) => {
                self.set_alarm_state(scope, &r.alarm_name, &r.state_value, &r.state_reason).map(|()| empty())
            }
            Request::EnableAlarmActions(r) => self.set_alarm_actions(scope, &r.alarm_names, true).map(|()| empty()),
            Request::DisableAlarmActions(r) => self.set_alarm_actions(scope, &r.alarm_names, false).map(|()| empty()),
            Request::DeleteAlarms(r) => self.delete_alarms(scope, &r.alarm_names).map(|()| empty()),
        }
    }
}
