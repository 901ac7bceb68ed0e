//! CloudWatch metrics of EBS volumes (namespace AWS/EBS, dimension VolumeId), derived from
//! each volume's history of segments at whatever period is asked: nothing stores a sample
//! per minute (aws-reference.md §A4).

use serde::{Deserialize, Serialize};

use crate::region::Scope;
use std::collections::BTreeMap;

use crate::cloudwatch::math::{self, Series};
use crate::ec2::performance::{Segment, has_bucket, never_spends};
use crate::error::ApiError;
use crate::limits::Limits;
use crate::sim::Sim;
use crate::time::{Millis, Timestamp};

/// The AWS/EBS metrics the sandbox reports, with their units (EC2UG using_cloudwatch_ebs).
pub const EBS_METRICS: [(&str, &str); 6] = [
    ("VolumeReadOps", "Count"),
    ("VolumeWriteOps", "Count"),
    ("VolumeReadBytes", "Bytes"),
    ("VolumeWriteBytes", "Bytes"),
    ("VolumeIdleTime", "Seconds"),
    ("BurstBalance", "Percent"),
];

const STATISTICS: [&str; 5] = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];

/// CloudWatch returns at most this many datapoints per request (BC-CloudWatch
/// GetMetricStatistics).
pub const MAX_DATAPOINTS: u64 = 1440;

/// One datapoint of GetMetricStatistics: all statistics are computed, the front end shows
/// the ones asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Datapoint {
    pub timestamp: Timestamp,
    pub sample_count: f64,
    pub sum: f64,
    pub minimum: f64,
    pub maximum: f64,
    pub unit: String,
}

/// (namespace, metric name, dimensions as (name, value) pairs): one ListMetrics entry.
pub type MetricId = (String, String, Vec<(String, String)>);

/// One query of GetMetricData: a metric, its period and statistic, under an id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricDataQuery {
    pub id: String,
    pub label: Option<String>,
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<(String, String)>,
    pub period_secs: u32,
    pub stat: String,
    pub return_data: bool,
    /// Metric math over the other queries' ids instead of a MetricStat (CWUG using-metric-math).
    #[serde(default)]
    pub expression: Option<String>,
}

impl MetricDataQuery {
    /// A metric math query: an expression over the other queries' ids.
    pub fn expression(id: String, label: Option<String>, expression: String, return_data: bool) -> MetricDataQuery {
        MetricDataQuery {
            id,
            label,
            namespace: String::new(),
            metric_name: String::new(),
            dimensions: Vec::new(),
            period_secs: 0,
            stat: String::new(),
            return_data,
            expression: Some(expression),
        }
    }
}

/// One result of GetMetricData: timestamps newest first, as CloudWatch returns them by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricDataResult {
    pub id: String,
    pub label: String,
    pub timestamps: Vec<Timestamp>,
    pub values: Vec<f64>,
}

/// What GetMetricStatistics asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricQuery {
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<(String, String)>,
    pub start: Timestamp,
    pub end: Timestamp,
    pub period_secs: u32,
    pub statistics: Vec<String>,
}

/// The value of one metric over the sample [a, b) from a volume's segments, or `None` when
/// the volume was not active in it (EBS sends metrics only while attached).
fn sample(
    history: &[Segment],
    metric: &str,
    a: Timestamp,
    b: Timestamp,
    limits: &Limits,
    volume_type: &str,
) -> Option<f64> {
    let mut active_secs = 0.0;
    let (mut read, mut write, mut read_bytes, mut write_bytes, mut idle) = (0.0, 0.0, 0.0, 0.0, 0.0);
    // Segments are in time order: start at the one that covers `a`, stop past `b`, so a
    // query costs O(samples + segments) rather than their product.
    let first = history.partition_point(|s| s.start <= a).saturating_sub(1);
    for (n, s) in history.iter().enumerate().skip(first) {
        if s.start >= b {
            break;
        }
        let end = history.get(n + 1).map_or(b, |next| next.start);
        let (from, to) = (s.start.max(a), end.min(b));
        if to <= from || !s.active {
            continue;
        }
        let dt = to.since(from).as_secs_f64();
        active_secs += dt;
        read += s.read_ops * dt;
        write += s.write_ops * dt;
        read_bytes += s.read_ops * dt * f64::from(s.io_kib) * 1024.0;
        write_bytes += s.write_ops * dt * f64::from(s.io_kib) * 1024.0;
        if s.read_ops + s.write_ops == 0.0 {
            idle += dt;
        }
    }
    if active_secs == 0.0 {
        return None;
    }
    Some(match metric {
        "VolumeReadOps" => read.round(),
        "VolumeWriteOps" => write.round(),
        "VolumeReadBytes" => read_bytes.round(),
        "VolumeWriteBytes" => write_bytes.round(),
        "VolumeIdleTime" => idle,
        "BurstBalance" => {
            // The balance at the end of the sample, from the segment that covers it.
            let s = history.get(history.partition_point(|s| s.start < b).checked_sub(1)?)?;
            (s.balance_at(limits, volume_type, b)? * 100.0).round() / 100.0
        }
        _ => return None,
    })
}

/// Whether the volume was attached to a Nitro instance just before `t`.
pub(crate) fn on_nitro(rs: Option<&crate::world::RegionState>, history: &[Segment], t: Timestamp) -> bool {
    let Some(s) = history.get(history.partition_point(|s| s.start < t).saturating_sub(1)) else { return false };
    s.instance.as_ref().is_some_and(|id| {
        rs.and_then(|rs| rs.instances.get(&crate::ids::InstanceId::from(id.clone())))
            .and_then(|i| crate::catalog::instance_type(&i.instance_type))
            .is_some_and(|t| t.hypervisor == "nitro")
    })
}

/// The checks GetMetricStatistics and each metric of GetMetricData share.
fn validate(q: &MetricQuery) -> Result<(), ApiError> {
    if q.statistics.is_empty() {
        return Err(ApiError::MissingParameter("Statistics".into()));
    }
    if let Some(bad) = q.statistics.iter().find(|s| !STATISTICS.contains(&s.as_str())) {
        return Err(ApiError::InvalidParameterValue(format!(
            "The parameter Statistics contains an invalid value: {bad}. Valid values are SampleCount, Average, Sum, Minimum, Maximum."
        )));
    }
    if q.start >= q.end {
        return Err(ApiError::InvalidParameterValue(
            "The parameter StartTime must be less than the parameter EndTime.".into(),
        ));
    }
    if q.period_secs == 0 || !q.period_secs.is_multiple_of(60) {
        return Err(ApiError::InvalidParameterValue("The parameter Period must be a multiple of 60.".into()));
    }
    Ok(())
}

impl Sim {
    pub fn get_metric_statistics(&self, scope: &Scope, q: &MetricQuery) -> Result<(String, Vec<Datapoint>), ApiError> {
        validate(q)?;
        let points = q.end.since(q.start).0.div_ceil(u64::from(q.period_secs) * 1000);
        if points > MAX_DATAPOINTS {
            return Err(ApiError::CloudWatchCombination(format!(
                "You have requested up to {points} datapoints, which exceeds the limit of {MAX_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range."
            )));
        }
        self.statistics(scope, q)
    }

    /// One metric's datapoints for GetMetricData: the same checks, no datapoint limit.
    fn validated_statistics(&self, scope: &Scope, q: &MetricQuery) -> Result<(String, Vec<Datapoint>), ApiError> {
        validate(q)?;
        self.statistics(scope, q)
    }

    /// The datapoints of one metric, without GetMetricStatistics' 1,440-datapoint limit
    /// (GetMetricData has none per metric; see [`Sim::get_metric_data`]). Validated by the caller.
    fn statistics(&self, scope: &Scope, q: &MetricQuery) -> Result<(String, Vec<Datapoint>), ApiError> {
        let period = u64::from(q.period_secs);
        let label = q.metric_name.clone();
        let dimension = |name: &str| q.dimensions.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        let rs = self.world.region(scope);
        let limits = self.world.profile.limits();
        // The metric's samples: EBS metrics have the profile's granularity (1 minute now, 5
        // minutes before 2021, §A4); instance metrics theirs.
        type Sampler<'a> = Box<dyn Fn(Timestamp, Timestamp) -> Option<f64> + 'a>;
        let source: Option<(&str, u64, Sampler<'_>)> = match q.namespace.as_str() {
            "AWS/EBS" => {
                let unit = EBS_METRICS.iter().find(|(m, _)| *m == q.metric_name).map(|(_, u)| *u);
                let v = rs
                    .zip(dimension("VolumeId"))
                    .and_then(|(rs, id)| rs.volumes.get(&crate::ids::VolumeId::from(id.to_string())));
                unit.zip(v).map(|(unit, v)| {
                    // A volume that never spends credits reports no BurstBalance while attached
                    // to a Nitro instance (100 % on others), aws-reference.md §A4.
                    let silent = q.metric_name == "BurstBalance" && never_spends(limits, &v.volume_type, v.size_gib);
                    let sampler: Sampler<'_> = Box::new(move |a, b| {
                        if silent && on_nitro(rs, &v.burst.history, b) {
                            return None;
                        }
                        sample(&v.burst.history, &q.metric_name, a, b, limits, &v.volume_type)
                    });
                    (unit, u64::from(limits.ebs_metric_period(&v.volume_type)), sampler)
                })
            }
            "AWS/EC2" => {
                use crate::cloudwatch::instance_metrics::{EC2_METRICS, granularity_secs};
                let unit = EC2_METRICS.iter().find(|(m, _)| *m == q.metric_name).map(|(_, u)| *u);
                let i = rs
                    .zip(dimension("InstanceId"))
                    .and_then(|(rs, id)| rs.instances.get(&crate::ids::InstanceId::from(id.to_string())));
                unit.zip(i).map(|(unit, i)| {
                    let sampler: Sampler<'_> = Box::new(move |a, b| self.ec2_sample(scope, i, &q.metric_name, a, b));
                    (unit, granularity_secs(&q.metric_name), sampler)
                })
            }
            _ => None,
        };
        // A metric that does not exist simply has no datapoints, as on CloudWatch.
        let Some((unit, granularity, sampler)) = source else {
            return Ok((label, Vec::new()));
        };
        // Samples cover [k·g, (k+1)·g) on the metric's own grid; a period holds the samples
        // that start in it, so a 60-second period of a 5-minute metric has a datapoint only
        // every fifth minute, as on CloudWatch.
        let step = Millis::from_secs(granularity.max(1));
        let mut datapoints = Vec::new();
        // CloudWatch keeps datapoints of a period under 5 minutes for 15 days, under an hour
        // for 63 days, and hourly ones for 455 days (BC-CloudWatch GetMetricData); the
        // periods before that hold nothing and are skipped, which also bounds the loop.
        let retention_days: u64 = match period {
            0..300 => 15,
            300..3600 => 63,
            _ => 455,
        };
        let horizon = Timestamp(self.now.0.saturating_sub(retention_days * 86_400_000));
        let mut p = q.start;
        if p < horizon {
            let skipped = (horizon.0 - p.0) / (period * 1000);
            p = Timestamp(p.0 + skipped * period * 1000);
        }
        while p < q.end && p < self.now {
            let p_end = p.plus(Millis::from_secs(period)).min(q.end);
            let mut values = Vec::new();
            let mut a = Timestamp(p.0.div_ceil(step.0).saturating_mul(step.0));
            // Only whole samples that have happened.
            while a < p_end && a.plus(step) <= self.now {
                let b = a.plus(step);
                if let Some(x) = sampler(a, b) {
                    values.push(x);
                }
                a = b;
            }
            if !values.is_empty() {
                datapoints.push(Datapoint {
                    timestamp: p,
                    sample_count: values.len() as f64,
                    sum: values.iter().sum(),
                    minimum: values.iter().copied().fold(f64::INFINITY, f64::min),
                    maximum: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    unit: unit.to_string(),
                });
            }
            p = p_end;
        }
        Ok((label, datapoints))
    }

    /// ListMetrics: the EBS metrics of every volume in the Region that has reported, and the
    /// EC2 metrics of every instance that has run. A dimension filter without a value matches
    /// any value of that dimension (BC-CloudWatch DimensionFilter).
    pub fn list_metrics(
        &self,
        scope: &Scope,
        namespace: Option<&str>,
        metric_name: Option<&str>,
        dimensions: &[(String, Option<String>)],
    ) -> Result<Vec<MetricId>, ApiError> {
        let matches = |dims: &[(String, String)]| {
            dimensions.iter().all(|(n, v)| dims.iter().any(|(dn, dv)| dn == n && v.as_ref().is_none_or(|v| v == dv)))
        };
        let mut out = Vec::new();
        if namespace.is_none_or(|n| n == "AWS/EBS")
            && let Some(rs) = self.world.region(scope)
        {
            for v in rs.volumes.values().filter(|v| v.burst.history.iter().any(|s| s.active)) {
                for (m, _) in EBS_METRICS {
                    let silent = never_spends(self.world.profile.limits(), &v.volume_type, v.size_gib)
                        && on_nitro(Some(rs), &v.burst.history, self.now);
                    if m == "BurstBalance" && (!has_bucket(&v.volume_type) || silent) {
                        continue;
                    }
                    let dims = vec![("VolumeId".to_string(), v.id.to_string())];
                    let wanted = matches(&dims);
                    if metric_name.is_none_or(|n| n == m) && wanted {
                        out.push(("AWS/EBS".to_string(), m.to_string(), dims));
                    }
                }
            }
        }
        if namespace.is_none_or(|n| n == "AWS/EC2")
            && let Some(rs) = self.world.region(scope)
        {
            use crate::cloudwatch::instance_metrics::EC2_METRICS;
            for i in rs.instances_in_launch_order().into_iter().filter(|i| i.status_history.iter().any(|s| s.running)) {
                for (m, _) in EC2_METRICS {
                    if !crate::cloudwatch::instance_metrics::reports(&i.instance_type, m) {
                        continue;
                    }
                    let dims = vec![("InstanceId".to_string(), i.id.to_string())];
                    let wanted = matches(&dims);
                    if metric_name.is_none_or(|n| n == m) && wanted {
                        out.push(("AWS/EC2".to_string(), m.to_string(), dims));
                    }
                }
            }
        }
        Ok(out)
    }
}

impl Sim {
    /// GetMetricData: each MetricStat query is a GetMetricStatistics of one statistic; each
    /// Expression is metric math over the others (`math.rs`). Results newest first.
    pub fn get_metric_data(
        &self,
        scope: &Scope,
        queries: &[MetricDataQuery],
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<MetricDataResult>, ApiError> {
        if queries.is_empty() || queries.len() > 500 {
            return Err(ApiError::CloudWatchValidation(
                "The parameter MetricDataQueries must contain between 1 and 500 queries.".into(),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        let mut series: BTreeMap<String, Series> = BTreeMap::new();
        let mut metrics: Vec<Series> = Vec::new();
        for q in queries {
            // Ids start with a lowercase letter and hold letters, digits and underscores.
            let well_formed = q.id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && q.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !well_formed {
                return Err(ApiError::CloudWatchValidation(format!(
                    "Invalid metric data query id '{}': it must start with a lowercase letter and contain only letters, numbers and underscores.",
                    q.id
                )));
            }
            if !seen.insert(q.id.as_str()) {
                return Err(ApiError::CloudWatchValidation(format!(
                    "The metric data query id '{}' is used twice.",
                    q.id
                )));
            }
            if q.expression.is_none() {
                let stats = MetricQuery {
                    namespace: q.namespace.clone(),
                    metric_name: q.metric_name.clone(),
                    dimensions: q.dimensions.clone(),
                    start,
                    end,
                    period_secs: q.period_secs,
                    statistics: vec![q.stat.clone()],
                };
                // GetMetricData pages past MaxDatapoints (100,800 by default) and the AWS CLI
                // fetches every page (botocore paginators-1.json: GetMetricData), so a learner
                // sees every datapoint; GetMetricStatistics' 1,440 limit does not apply
                // (BC-CloudWatch GetMetricData, MaxDatapoints). History is kept 15 days, so
                // each metric holds at most 21,600 one-minute datapoints.
                let (_, datapoints) = self.validated_statistics(scope, &stats)?;
                let value = |d: &Datapoint| match q.stat.as_str() {
                    "Sum" => d.sum,
                    "Minimum" => d.minimum,
                    "Maximum" => d.maximum,
                    "SampleCount" => d.sample_count,
                    _ => d.sum / d.sample_count.max(1.0),
                };
                let points = datapoints.iter().map(|d| (d.timestamp, value(d))).collect();
                let s = Series { points, period_secs: q.period_secs };
                metrics.push(s.clone());
                series.insert(q.id.clone(), s);
            }
        }
        // Expressions next, each after the ones it refers to; a cycle is an error.
        let expressions: BTreeMap<&str, &str> =
            queries.iter().filter_map(|q| q.expression.as_deref().map(|e| (q.id.as_str(), e))).collect();
        let invalid =
            |id: &str, why: String| ApiError::CloudWatchValidation(format!("Error in expression {id}: {why}"));
        let mut pending: Vec<&str> = expressions.keys().copied().collect();
        while !pending.is_empty() {
            let before = pending.len();
            let mut next = Vec::new();
            for id in pending {
                let text = expressions.get(id).copied().unwrap_or_default();
                let refs = math::references(text).map_err(|why| invalid(id, why))?;
                if refs.iter().any(|r| expressions.contains_key(r.as_str()) && !series.contains_key(r)) {
                    next.push(id);
                    continue;
                }
                let s = math::evaluate(text, &series, &metrics).map_err(|why| invalid(id, why))?;
                series.insert(id.to_string(), s);
            }
            if next.len() == before {
                return Err(invalid(
                    next.first().copied().unwrap_or_default(),
                    "the expressions refer to each other in a cycle".into(),
                ));
            }
            pending = next;
        }
        for q in queries.iter().filter(|q| q.return_data) {
            let Some(s) = series.get(&q.id) else { continue };
            let mut points = s.points.clone();
            points.reverse();
            out.push(MetricDataResult {
                id: q.id.clone(),
                label: q.label.clone().unwrap_or_else(|| q.expression.clone().unwrap_or_else(|| q.metric_name.clone())),
                timestamps: points.iter().map(|p| p.0).collect(),
                values: points.iter().map(|p| p.1).collect(),
            });
        }
        Ok(out)
    }
}
