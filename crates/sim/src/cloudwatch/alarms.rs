//! Metric alarms (BC-CloudWatch PutMetricAlarm, DescribeAlarms, SetAlarmState): the state
//! machine OK / ALARM / INSUFFICIENT_DATA and the actions that fire on a transition.
//!
//! Evaluation costs per change, not per period: a metric here is piecewise constant (a status
//! check is failing or not), so when the value an alarm watches changes, the alarm schedules
//! one evaluation at the time enough datapoints would agree, and a change back cancels it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::ec2::CheckStatus;
use crate::ec2::InstanceState;
use crate::ec2::faults::RecoveryRefused;
use crate::error::ApiError;
use crate::event::{Event, EventKey};
use crate::ids::InstanceId;
use crate::region::Scope;
use crate::sim::Sim;
use crate::time::{Millis, Timestamp};

/// History items kept per alarm (CloudWatch keeps two weeks; the sandbox keeps the last ones).
const MAX_HISTORY: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AlarmState {
    Ok,
    Alarm,
    InsufficientData,
}

impl AlarmState {
    pub fn as_str(self) -> &'static str {
        match self {
            AlarmState::Ok => "OK",
            AlarmState::Alarm => "ALARM",
            AlarmState::InsufficientData => "INSUFFICIENT_DATA",
        }
    }

    pub fn parse(s: &str) -> Option<AlarmState> {
        match s {
            "OK" => Some(AlarmState::Ok),
            "ALARM" => Some(AlarmState::Alarm),
            "INSUFFICIENT_DATA" => Some(AlarmState::InsufficientData),
            _ => None,
        }
    }
}

/// BC-CloudWatch ComparisonOperator (the threshold forms; anomaly bands need metric math).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparison {
    GreaterThanOrEqualToThreshold,
    GreaterThanThreshold,
    LessThanThreshold,
    LessThanOrEqualToThreshold,
}

impl Comparison {
    pub const ALL: [Comparison; 4] = [
        Comparison::GreaterThanOrEqualToThreshold,
        Comparison::GreaterThanThreshold,
        Comparison::LessThanThreshold,
        Comparison::LessThanOrEqualToThreshold,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::GreaterThanOrEqualToThreshold => "GreaterThanOrEqualToThreshold",
            Comparison::GreaterThanThreshold => "GreaterThanThreshold",
            Comparison::LessThanThreshold => "LessThanThreshold",
            Comparison::LessThanOrEqualToThreshold => "LessThanOrEqualToThreshold",
        }
    }

    /// The words of AWS's state reasons ("greater than or equal to").
    fn words(self) -> &'static str {
        match self {
            Comparison::GreaterThanOrEqualToThreshold => "greater than or equal to",
            Comparison::GreaterThanThreshold => "greater than",
            Comparison::LessThanThreshold => "less than",
            Comparison::LessThanOrEqualToThreshold => "less than or equal to",
        }
    }

    fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::GreaterThanOrEqualToThreshold => value >= threshold,
            Comparison::GreaterThanThreshold => value > threshold,
            Comparison::LessThanThreshold => value < threshold,
            Comparison::LessThanOrEqualToThreshold => value <= threshold,
        }
    }
}

/// ComparisonOperator values that compare with an anomaly detection band (botocore 1.44.8).
const ANOMALY_BAND_OPERATORS: [&str; 3] =
    ["LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"];

/// What PutMetricAlarm asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmSpec {
    pub name: String,
    pub description: Option<String>,
    pub namespace: String,
    pub metric_name: String,
    /// Dimensions as (name, value) pairs.
    pub dimensions: Vec<(String, String)>,
    pub statistic: String,
    pub period_secs: u32,
    pub evaluation_periods: u32,
    pub datapoints_to_alarm: Option<u32>,
    pub threshold: f64,
    pub comparison: String,
    pub actions_enabled: bool,
    pub alarm_actions: Vec<String>,
    pub ok_actions: Vec<String>,
    pub insufficient_data_actions: Vec<String>,
}

/// One entry of DescribeAlarmHistory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmHistoryItem {
    pub timestamp: Timestamp,
    /// ConfigurationUpdate, StateUpdate or Action.
    pub item_type: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricAlarm {
    /// `arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME`.
    pub arn: String,
    pub spec: AlarmSpec,
    pub comparison: Comparison,
    pub state: AlarmState,
    pub state_reason: String,
    pub state_updated: Timestamp,
    pub config_updated: Timestamp,
    pub history: Vec<AlarmHistoryItem>,
    /// The state the pending evaluation will set, and its event.
    pub pending: Option<AlarmState>,
    pub timer: Option<EventKey>,
    /// For a metric that moves continuously (BurstBalance): the instant it crosses the
    /// threshold at its current slope, when the alarm looks again.
    #[serde(default)]
    pub watch: Option<EventKey>,
}

impl MetricAlarm {
    /// The instance its `InstanceId` dimension names, for AWS/EC2 metrics.
    pub fn instance_id(&self) -> Option<InstanceId> {
        (self.spec.namespace == "AWS/EC2")
            .then(|| self.spec.dimensions.iter().find(|(n, _)| n == "InstanceId"))
            .flatten()
            .map(|(_, v)| InstanceId::from(v.clone()))
    }

    fn record(&mut self, at: Timestamp, item_type: &str, summary: String) {
        self.history.push(AlarmHistoryItem { timestamp: at, item_type: item_type.into(), summary });
        if self.history.len() > MAX_HISTORY {
            self.history.remove(0);
        }
    }
}

const STATISTICS: [&str; 5] = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];

/// The EC2 actions an alarm can take (EC2UG UsingAlarmActions): `arn:aws:automate:REGION:ec2:ACTION`.
fn ec2_action(arn: &str, region: &str) -> Option<&'static str> {
    let rest = arn.strip_prefix("arn:aws:automate:")?;
    let (r, action) = rest.split_once(":ec2:")?;
    if r != region {
        return None;
    }
    ["recover", "stop", "terminate", "reboot"].into_iter().find(|a| *a == action)
}

impl Sim {
    pub(crate) fn put_metric_alarm(&mut self, scope: &Scope, spec: AlarmSpec) -> Result<(), ApiError> {
        let invalid = |m: String| Err(ApiError::CloudWatchValidation(m));
        if spec.name.is_empty() || spec.name.chars().count() > 255 {
            return invalid("AlarmName must have length between 1 and 255.".into());
        }
        if spec.statistic.is_empty() {
            return invalid("A metric alarm needs a Statistic (--statistic).".into());
        }
        if !STATISTICS.contains(&spec.statistic.as_str()) {
            return invalid(format!(
                "1 validation error detected: Value '{}' at 'statistic' failed to satisfy constraint: Member must satisfy enum value set: [Maximum, SampleCount, Sum, Minimum, Average]",
                spec.statistic
            ));
        }
        // The model leaves ComparisonOperator and EvaluationPeriods optional (alarms on
        // anomaly bands and Metrics Insights differ); a metric alarm needs both. The wording
        // of these two refusals is the sandbox's; the code is CloudWatch's ValidationError.
        if spec.comparison.is_empty() {
            return invalid("A metric alarm needs a ComparisonOperator (--comparison-operator).".into());
        }
        // 0 is what the CLI sends for none: botocore's minimum of 1 refuses an explicit 0.
        if spec.evaluation_periods == 0 {
            return invalid("A metric alarm needs EvaluationPeriods (--evaluation-periods).".into());
        }
        // The three band operators compare with an anomaly detection band (ThresholdMetricId),
        // which the sandbox does not model (CWUG CloudWatch_Anomaly_Detection).
        if ANOMALY_BAND_OPERATORS.contains(&spec.comparison.as_str()) {
            return invalid(format!(
                "{} compares a metric with an anomaly detection band (ThresholdMetricId); this sandbox does not model anomaly detection yet.",
                spec.comparison
            ));
        }
        let Some(comparison) = Comparison::ALL.into_iter().find(|c| c.as_str() == spec.comparison) else {
            return invalid(format!(
                "1 validation error detected: Value '{}' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold, LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold, GreaterThanUpperThreshold]",
                spec.comparison
            ));
        };
        // Periods are 10, 20, 30 or a multiple of 60 seconds (BC-CloudWatch PutMetricAlarm Period).
        let p = spec.period_secs;
        if !(matches!(p, 10 | 20 | 30) || (p >= 60 && p.is_multiple_of(60))) {
            return invalid("The parameter Period must be 10, 20, 30 or a multiple of 60.".into());
        }
        // Period × EvaluationPeriods: at most 7 days, or 1 day for periods under an hour
        // (BC-CloudWatch PutMetricAlarm Period).
        let total = u64::from(p) * u64::from(spec.evaluation_periods);
        let limit = if p < 3600 { 86_400 } else { 604_800 };
        if total > limit {
            return invalid(format!(
                "Period multiplied by EvaluationPeriods ({total} seconds) can't be more than {limit} seconds."
            ));
        }
        if spec.datapoints_to_alarm.is_some_and(|d| d == 0 || d > spec.evaluation_periods) {
            return invalid("DatapointsToAlarm must be between 1 and EvaluationPeriods.".into());
        }
        let region = scope.region.code();
        for arn in spec.alarm_actions.iter().chain(&spec.ok_actions).chain(&spec.insufficient_data_actions) {
            // An SNS topic notifies whoever subscribed; CloudWatch does not check that it
            // exists until it publishes (a missing topic shows as a failed action).
            if crate::sns::parse_topic_arn(arn).is_some() {
                continue;
            }
            let Some(action) = ec2_action(arn, region) else {
                return invalid(format!("Invalid alarm action: {arn}"));
            };
            let has_instance = spec.namespace == "AWS/EC2" && spec.dimensions.iter().any(|(n, _)| n == "InstanceId");
            // EC2 actions act on the instance the alarm watches; recover only answers a failed
            // system status check (EC2UG UsingAlarmActions).
            if !has_instance {
                return invalid(format!("The EC2 action {arn} needs an AWS/EC2 metric with an InstanceId dimension."));
            }
            if action == "recover" && spec.metric_name != "StatusCheckFailed_System" {
                return invalid(format!("The EC2 action {arn} is valid only for the metric StatusCheckFailed_System."));
            }
        }
        let now = self.now;
        let rs =
            self.world.region_mut(scope).ok_or_else(|| ApiError::InvalidParameterValue("unknown Region".into()))?;
        let name = spec.name.clone();
        // The index of alarms by the resources their dimensions name (crate::index).
        if let Some(old) = rs.alarms.get(&name) {
            rs.index.index_alarm(&name, old.spec.dimensions.iter().map(|(_, v)| v.as_str()), false);
        }
        rs.index.index_alarm(&name, spec.dimensions.iter().map(|(_, v)| v.as_str()), true);
        match rs.alarms.get_mut(&name) {
            // An update overwrites the configuration and keeps the state (BC-CloudWatch PutMetricAlarm).
            Some(a) => {
                a.spec = spec;
                a.comparison = comparison;
                a.config_updated = now;
                a.record(now, "ConfigurationUpdate", format!("Alarm \"{name}\" updated"));
            }
            None => {
                let mut a = MetricAlarm {
                    arn: format!("arn:aws:cloudwatch:{}:{}:alarm:{name}", scope.region.code(), scope.account),
                    spec,
                    comparison,
                    state: AlarmState::InsufficientData,
                    state_reason: "Unchecked: Initial alarm creation".into(),
                    state_updated: now,
                    config_updated: now,
                    history: Vec::new(),
                    pending: None,
                    timer: None,
                    watch: None,
                };
                a.record(now, "ConfigurationUpdate", format!("Alarm \"{name}\" created"));
                rs.alarms.insert(name, a);
            }
        }
        Ok(())
    }

    pub(crate) fn describe_alarms(
        &self,
        scope: &Scope,
        names: &[String],
        prefix: Option<&str>,
        state: Option<&str>,
    ) -> Result<Vec<&MetricAlarm>, ApiError> {
        let wanted_state = match state {
            None => None,
            Some(s) => Some(AlarmState::parse(s).ok_or_else(|| {
                ApiError::CloudWatchValidation(format!(
                    "1 validation error detected: Value '{s}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]"
                ))
            })?),
        };
        let list = self
            .world
            .region(scope)
            .map(|rs| {
                rs.alarms
                    .values()
                    .filter(|a| names.is_empty() || names.contains(&a.spec.name))
                    .filter(|a| prefix.is_none_or(|p| a.spec.name.starts_with(p)))
                    .filter(|a| wanted_state.is_none_or(|s| a.state == s))
                    .collect()
            })
            .unwrap_or_default();
        Ok(list)
    }

    pub(crate) fn delete_alarms(&mut self, scope: &Scope, names: &[String]) -> Result<(), ApiError> {
        let rs =
            self.world.region_mut(scope).ok_or_else(|| ApiError::InvalidParameterValue("unknown Region".into()))?;
        // Nothing is deleted when any name is wrong (BC-CloudWatch DeleteAlarms).
        let missing: Vec<&String> = names.iter().filter(|n| !rs.alarms.contains_key(*n)).collect();
        if !missing.is_empty() {
            return Err(ApiError::AlarmNotFound(missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")));
        }
        let mut timers = Vec::new();
        for n in names {
            if let Some(a) = rs.alarms.remove(n) {
                rs.index.index_alarm(n, a.spec.dimensions.iter().map(|(_, v)| v.as_str()), false);
                timers.extend(a.timer);
                timers.extend(a.watch);
            }
        }
        for k in timers {
            self.queue.cancel(k);
        }
        Ok(())
    }

    /// EnableAlarmActions / DisableAlarmActions: names that do not exist are ignored, as
    /// CloudWatch ignores them (BC-CloudWatch: these calls have no NotFound error).
    pub(crate) fn set_alarm_actions(&mut self, scope: &Scope, names: &[String], enabled: bool) -> Result<(), ApiError> {
        let now = self.now;
        if let Some(rs) = self.world.region_mut(scope) {
            for n in names {
                if let Some(a) = rs.alarms.get_mut(n)
                    && a.spec.actions_enabled != enabled
                {
                    a.spec.actions_enabled = enabled;
                    a.config_updated = now;
                    let what = if enabled { "enabled" } else { "disabled" };
                    a.record(now, "ConfigurationUpdate", format!("Alarm actions {what}"));
                }
            }
        }
        Ok(())
    }

    /// SetAlarmState: the alarm takes the state, its actions run, and the next evaluation
    /// brings it back to what the metric says.
    pub(crate) fn set_alarm_state(
        &mut self,
        scope: &Scope,
        name: &str,
        state: &str,
        reason: &str,
    ) -> Result<(), ApiError> {
        let Some(target) = AlarmState::parse(state) else {
            return Err(ApiError::CloudWatchValidation(format!(
                "1 validation error detected: Value '{state}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]"
            )));
        };
        if self.world.region(scope).is_none_or(|rs| !rs.alarms.contains_key(name)) {
            return Err(ApiError::AlarmNotFound(name.to_string()));
        }
        let stale = self.world.region_mut(scope).and_then(|rs| rs.alarms.get_mut(name)).and_then(|a| {
            a.pending = None;
            a.timer.take()
        });
        if let Some(k) = stale {
            self.queue.cancel(k);
        }
        self.transition(scope, name, target, reason.to_string());
        Ok(())
    }

    pub(crate) fn describe_alarm_history(
        &self,
        scope: &Scope,
        name: Option<&str>,
        item_type: Option<&str>,
    ) -> Result<Vec<(String, AlarmHistoryItem)>, ApiError> {
        let mut items: Vec<(String, AlarmHistoryItem)> = self
            .world
            .region(scope)
            .map(|rs| {
                rs.alarms
                    .values()
                    .filter(|a| name.is_none_or(|n| a.spec.name == n))
                    .flat_map(|a| a.history.iter().rev().map(|h| (a.spec.name.clone(), h.clone())))
                    .filter(|(_, h)| item_type.is_none_or(|t| h.item_type == t))
                    .collect()
            })
            .unwrap_or_default();
        // Newest first, as CloudWatch lists them.
        crate::sort::by_key(&mut items, |(_, h)| std::cmp::Reverse(h.timestamp));
        Ok(items)
    }

    /// The value an alarm's statistic has over one period, now; `None` when the metric has no
    /// data (no such metric, or the instance is not running: status checks report only then).
    /// An AWS/EBS alarm's value now and its slope per second: BurstBalance moves linearly
    /// between events; the I/O counts are constant between them (§A4: only while attached).
    fn ebs_alarm_value(&self, scope: &Scope, alarm: &MetricAlarm) -> Option<(f64, f64)> {
        let id = alarm.spec.dimensions.iter().find(|(n, _)| n == "VolumeId")?;
        let p = self.volume_performance(scope, &crate::ids::VolumeId::from(id.1.clone()))?;
        if !p.active {
            return None;
        }
        let period = f64::from(alarm.spec.period_secs);
        let per_sample = |ops: f64| match alarm.spec.statistic.as_str() {
            "Sum" => ops * period,
            "SampleCount" => (period / 60.0).max(1.0),
            _ => ops * 60.0,
        };
        let v = self.world.region(scope)?.volumes.get(&crate::ids::VolumeId::from(id.1.clone()))?;
        let seg = v.burst.history.last()?;
        match alarm.spec.metric_name.as_str() {
            // Not reported for a volume that never spends credits on a Nitro instance (§A4).
            "BurstBalance"
                if crate::ec2::performance::has_bucket(&p.volume_type)
                    && !(crate::ec2::performance::never_spends(
                        self.world.profile.limits(),
                        &p.volume_type,
                        p.size_gib,
                    ) && crate::cloudwatch::metrics::on_nitro(
                        self.world.region(scope),
                        &v.burst.history,
                        self.now,
                    )) =>
            {
                let secs = |t: Timestamp| t.since(self.now).as_secs_f64().max(1e-9);
                let slope = match (p.credits_run_out_at, p.credits_full_at) {
                    (Some(t), _) => -p.burst_balance_percent / secs(t),
                    (_, Some(t)) => (100.0 - p.burst_balance_percent) / secs(t),
                    _ => 0.0,
                };
                Some((p.burst_balance_percent, slope))
            }
            "VolumeReadOps" => Some((per_sample(seg.read_ops), 0.0)),
            "VolumeWriteOps" => Some((per_sample(seg.write_ops), 0.0)),
            _ => None,
        }
    }

    /// An alarm on an instance's EBSIOBalance% or EBSByteBalance%: the balance now and its
    /// slope per second (it moves linearly between events, like BurstBalance).
    fn instance_balance(&self, scope: &Scope, alarm: &MetricAlarm) -> Option<(f64, f64)> {
        let id = alarm.instance_id()?;
        let inst = self.world.instance(scope, &id)?;
        if inst.state != InstanceState::Running
            || !crate::cloudwatch::instance_metrics::reports(&inst.instance_type, &alarm.spec.metric_name)
        {
            return None;
        }
        let metric = alarm.spec.metric_name.as_str();
        if metric.starts_with("CPU") {
            // CPU credits: the balance now and its slope per second, flat at 0 and at the cap.
            let s = inst.cpu.history.last().filter(|s| s.running)?;
            let cap = crate::ec2::cpu::credits_of(&inst.instance_type)?.max;
            let (c, r) =
                if metric == "CPUCreditBalance" { (s.credits, s.credit_rate) } else { (s.surplus, s.surplus_rate) };
            let v = (c + r * self.now.since(s.start).as_secs_f64()).clamp(0.0, cap.max(c));
            let slope = if (v <= 0.0 && r < 0.0) || (v >= cap && r > 0.0) { 0.0 } else { r };
            return Some((v, slope));
        }
        let bw = crate::catalog::instance_type(&inst.instance_type)?.ebs_bandwidth?;
        let bytes = metric == "EBSByteBalance%";
        crate::ec2::instance_ebs::balance_at(&inst.ebs_burst.history, &bw, bytes, self.now)
    }

    fn alarm_value(&self, scope: &Scope, alarm: &MetricAlarm) -> Option<f64> {
        if alarm.spec.namespace == "AWS/EBS" {
            return self.ebs_alarm_value(scope, alarm).map(|(v, _)| v);
        }
        let id = alarm.instance_id()?;
        let inst = self.world.instance(scope, &id)?;
        if inst.state != InstanceState::Running {
            return None;
        }
        let failed = |c: CheckStatus| -> f64 { if c == CheckStatus::Impaired { 1.0 } else { 0.0 } };
        let metric = alarm.spec.metric_name.as_str();
        let v = match metric {
            "StatusCheckFailed_System" => failed(inst.system_status),
            "StatusCheckFailed_Instance" => failed(inst.instance_status),
            "StatusCheckFailed" => failed(inst.system_status).max(failed(inst.instance_status)),
            "EBSIOBalance%" | "EBSByteBalance%" | "CPUCreditBalance" | "CPUSurplusCreditBalance" => {
                return self.instance_balance(scope, alarm).map(|(v, _)| v);
            }
            // Constant between events: the utilization the instance runs at now.
            "CPUUtilization" => self.cpu_now_of(scope, &id).map_or(0.0, |c| c.0),
            // EBS I/O of a Nitro instance: what its attached volumes do now, per 5-minute sample.
            "EBSReadOps" | "EBSWriteOps" | "EBSReadBytes" | "EBSWriteBytes" => {
                if crate::catalog::instance_type(&inst.instance_type).is_none_or(|t| t.hypervisor != "nitro") {
                    return None;
                }
                // A volume active on the instance now is attached to it (crate::index).
                let rs = self.world.region(scope)?;
                let rate: f64 = rs
                    .index
                    .volumes_of(&id)
                    .filter_map(|v| rs.volumes.get(&v)?.burst.history.last())
                    .filter(|s| s.active && s.instance.as_deref() == Some(id.as_str()))
                    .map(|s| {
                        let bytes = f64::from(s.io_kib) * 1024.0;
                        match metric {
                            "EBSReadOps" => s.read_ops,
                            "EBSWriteOps" => s.write_ops,
                            "EBSReadBytes" => s.read_ops * bytes,
                            _ => s.write_ops * bytes,
                        }
                    })
                    .sum();
                (rate * crate::cloudwatch::instance_metrics::granularity_secs(metric) as f64).round()
            }
            _ => return None,
        };
        // One datapoint a minute for status checks, every 5 minutes for the others.
        let sample = crate::cloudwatch::instance_metrics::granularity_secs(metric) as f64;
        let samples = (f64::from(alarm.spec.period_secs) / sample).max(1.0);
        Some(match alarm.spec.statistic.as_str() {
            "Sum" => v * samples,
            "SampleCount" => samples,
            _ => v,
        })
    }

    /// After every request and event, for the alarms it touched (crate::dirty: the alarms it
    /// names and those on the resources it touched): each alarm whose metric now points to
    /// another state schedules the evaluation that moves it there, after as many periods as
    /// the move needs; one whose metric went back cancels it.
    pub(crate) fn reconcile_alarms(&mut self, alarms: &BTreeSet<(Scope, String)>) {
        let mut plans = Vec::new();
        for (scope, name) in alarms {
            let Some(a) = self.world.region(scope).and_then(|rs| rs.alarms.get(name)) else { continue };
            let value = self.alarm_value(scope, a);
            let target = match value {
                Some(v) if a.comparison.holds(v, a.spec.threshold) => AlarmState::Alarm,
                Some(_) => AlarmState::Ok,
                None => AlarmState::InsufficientData,
            };
            let goal = a.pending.unwrap_or(a.state);
            if goal != target {
                plans.push((scope.clone(), a.spec.name.clone(), target, a.timer));
            }
        }
        self.watch_crossings(alarms);
        for (scope, name, target, stale) in plans {
            if let Some(k) = stale {
                self.queue.cancel(k);
            }
            let Some(a) = self.world.region(&scope).and_then(|rs| rs.alarms.get(&name)) else { continue };
            let period = Millis::from_secs(u64::from(a.spec.period_secs));
            let periods = match target {
                AlarmState::Alarm => a.spec.datapoints_to_alarm.unwrap_or(a.spec.evaluation_periods),
                AlarmState::Ok => 1,
                AlarmState::InsufficientData => a.spec.evaluation_periods,
            };
            let same = a.state == target;
            let timer = (!same).then(|| {
                self.queue.schedule(
                    self.now.plus(Millis(period.0.saturating_mul(u64::from(periods)))),
                    Event::AlarmEvaluated { scope: scope.clone(), alarm_name: name.clone() },
                )
            });
            if let Some(a) = self.world.region_mut(&scope).and_then(|rs| rs.alarms.get_mut(&name)) {
                a.pending = (!same).then_some(target);
                a.timer = timer;
            }
        }
    }

    /// Schedules, for each alarm on a continuously moving metric, a look at the instant the
    /// metric crosses its threshold (and drops a look that is no longer right).
    fn watch_crossings(&mut self, alarms: &BTreeSet<(Scope, String)>) {
        let mut plans = Vec::new();
        for (scope, name) in alarms {
            let Some(a) = self.world.region(scope).and_then(|rs| rs.alarms.get(name)) else { continue };
            let moving_metric = a.spec.namespace == "AWS/EBS"
                || a.spec.metric_name.ends_with("Balance%")
                || a.spec.metric_name.ends_with("CreditBalance");
            if !moving_metric {
                continue;
            }
            let moving = if a.spec.namespace == "AWS/EBS" {
                self.ebs_alarm_value(scope, a)
            } else {
                self.instance_balance(scope, a)
            };
            let at = moving.and_then(|(v, slope)| {
                let secs = (a.spec.threshold - v) / slope;
                (slope != 0.0 && secs.is_finite() && secs > 0.0)
                    .then(|| self.now.plus(Millis((secs * 1000.0).ceil() as u64 + 1)))
            });
            if a.watch.map(|k| k.0) != at {
                plans.push((scope.clone(), a.spec.name.clone(), a.watch, at));
            }
        }
        for (scope, name, stale, at) in plans {
            if let Some(k) = stale {
                self.queue.cancel(k);
            }
            let key = at.map(|t| {
                self.queue.schedule(t, Event::AlarmThresholdCrossed { scope: scope.clone(), alarm_name: name.clone() })
            });
            if let Some(a) = self.world.region_mut(&scope).and_then(|rs| rs.alarms.get_mut(&name)) {
                a.watch = key;
            }
        }
    }

    /// The metric reached the threshold: the alarm looks again (reconcile runs after events).
    pub(crate) fn on_alarm_threshold_crossed(&mut self, scope: &Scope, name: &str, key: EventKey) {
        if let Some(a) = self.world.region_mut(scope).and_then(|rs| rs.alarms.get_mut(name))
            && a.watch == Some(key)
        {
            a.watch = None;
        }
    }

    /// The evaluation the alarm scheduled: the metric has said the same for long enough.
    pub(crate) fn on_alarm_evaluated(&mut self, scope: &Scope, name: &str, key: EventKey) {
        let Some(a) = self.world.region(scope).and_then(|rs| rs.alarms.get(name)) else { return };
        if a.timer != Some(key) {
            return;
        }
        let Some(target) = a.pending else { return };
        let value = self.alarm_value(scope, a);
        let n = match target {
            AlarmState::Alarm => a.spec.datapoints_to_alarm.unwrap_or(a.spec.evaluation_periods),
            AlarmState::Ok => 1,
            AlarmState::InsufficientData => a.spec.evaluation_periods,
        };
        let reason = match (target, value) {
            (AlarmState::InsufficientData, _) | (_, None) => {
                format!(
                    "Insufficient Data: {n} datapoint{} {} unknown.",
                    plural(n),
                    if n == 1 { "was" } else { "were" }
                )
            }
            (_, Some(v)) => {
                let period = Millis::from_secs(u64::from(a.spec.period_secs));
                let points: Vec<String> = (1..=u64::from(n))
                    .map(|k| {
                        let t = Timestamp(self.now.0.saturating_sub(period.0.saturating_mul(k)));
                        let (y, mo, d, h, mi, s, _) = t.civil();
                        format!("{v:?} ({d:02}/{mo:02}/{:02} {h:02}:{mi:02}:{s:02})", y % 100)
                    })
                    .collect();
                let verb = if target == AlarmState::Alarm { "" } else { "not " };
                format!(
                    "Threshold Crossed: {n} out of the last {n} datapoints [{}] {} {verb}{} the threshold ({:?}) (minimum {n} datapoint{} for {} -> {} transition).",
                    points.join(", "),
                    if n == 1 { "was" } else { "were" },
                    a.comparison.words(),
                    a.spec.threshold,
                    plural(n),
                    a.state.as_str(),
                    target.as_str()
                )
            }
        };
        if let Some(a) = self.world.region_mut(scope).and_then(|rs| rs.alarms.get_mut(name)) {
            a.pending = None;
            a.timer = None;
        }
        self.transition(scope, name, target, reason);
    }

    /// Moves an alarm to `target`, records it, and runs the actions of the new state.
    fn transition(&mut self, scope: &Scope, name: &str, target: AlarmState, reason: String) {
        let now = self.now;
        let Some(a) = self.world.region_mut(scope).and_then(|rs| rs.alarms.get_mut(name)) else { return };
        let from = a.state;
        a.state = target;
        a.state_reason = reason;
        a.state_updated = now;
        // Only a change of state is history.
        if from != target {
            a.record(now, "StateUpdate", format!("Alarm updated from {} to {}", from.as_str(), target.as_str()));
        }
        if from == target || !a.spec.actions_enabled {
            return;
        }
        let actions = match target {
            AlarmState::Alarm => a.spec.alarm_actions.clone(),
            AlarmState::Ok => a.spec.ok_actions.clone(),
            AlarmState::InsufficientData => a.spec.insufficient_data_actions.clone(),
        };
        let instance = a.instance_id();
        let notification = actions
            .iter()
            .any(|arn| crate::sns::parse_topic_arn(arn).is_some())
            .then(|| crate::cloudwatch::notification::compose(a, from, scope));
        for arn in actions {
            let outcome = match (&notification, &instance) {
                (Some(n), _) if crate::sns::parse_topic_arn(&arn).is_some() => self.notify(scope, &arn, n),
                (_, Some(i)) => self.run_ec2_action(scope, i, &arn),
                (_, None) => Err(format!("Unknown action {arn}")),
            };
            if let Some(a) = self.world.region_mut(scope).and_then(|rs| rs.alarms.get_mut(name)) {
                let summary = match outcome {
                    Ok(()) => format!("Successfully executed action {arn}"),
                    Err(why) => format!("Failed to execute action {arn}. Received error: \"{why}\""),
                };
                a.record(now, "Action", summary);
            }
        }
    }

    fn run_ec2_action(&mut self, scope: &Scope, instance: &InstanceId, arn: &str) -> Result<(), String> {
        let ids = [instance.to_string()];
        match ec2_action(arn, scope.region.code()) {
            Some("recover") => self.start_recovery(scope, instance).map_err(|r| match r {
                RecoveryRefused::LimitReached => {
                    "The instance has been recovered three times in the last 24 hours; no more recoveries until the oldest is 24 hours old. Stop and start it instead.".into()
                }
                RecoveryRefused::InProgress => "A recovery of this instance is already in progress.".into(),
                RecoveryRefused::Healthy => "The instance's hardware is healthy; nothing to recover.".into(),
                RecoveryRefused::NotRunning => "The instance is not running.".into(),
                RecoveryRefused::Unsupported => {
                    "Instances with instance store volumes cannot be recovered; stop and start it, or replace it.".into()
                }
            }),
            Some("stop") => self.stop_instances(scope, &ids, false).map(|_| ()).map_err(|e| e.to_string()),
            Some("reboot") => self.reboot_instances(scope, &ids).map(|_| ()).map_err(|e| e.to_string()),
            Some("terminate") => self.terminate_instances(scope, &ids).map(|_| ()).map_err(|e| e.to_string()),
            _ => Err(format!("Unknown action {arn}")),
        }
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}
