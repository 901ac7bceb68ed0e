//! The console's pages besides Instances: AMIs, Volumes, Snapshots, Key pairs, Events,
//! CloudWatch and SNS, rendered from the model. In the page's release build they are a chunk
//! of their own (crate::pages_chunk), fetched the first time the learner opens one of them:
//! the first load carries the Instances page, the clock and the terminal's frame.
//!
//! Depends on the app's model and components; nothing of the app depends on it but the
//! chunk's entry.

use yew::prelude::*;

use crate::components::images::Images;
use crate::components::key_pairs::KeyPairs;
use crate::components::snapshots::Snapshots;
use crate::components::volumes::{self, Volumes};
use crate::state::{Action, Model, Page};

/// The Region's snapshots, oldest first, with their progress.
fn snapshot_rows(model: &Model) -> Vec<(kumo_sim::ec2::snapshots::Snapshot, u32)> {
    let sim = &model.session.sim;
    let scope = model.session.scope();
    // The account's own snapshots and those shared with it, as DescribeSnapshots lists them.
    let mut rows: Vec<_> = sim
        .world()
        .accounts
        .values()
        .filter_map(|a| a.regions.get(&scope.region))
        .flat_map(|rs| rs.snapshots.values())
        .filter(|s| s.can_restore(&scope.account))
        .map(|s| (s.clone(), s.progress(sim.now(), sim.snapshot_due(s))))
        .collect();
    kumo_sim::sort::by_key(&mut rows, |(s, _)| s.start_time);
    rows
}

/// The open page (any but Instances, which the first load draws). The reducer's handle, not
/// the model: the data callbacks keep a cheap clone of it, never a copy of the world.
pub fn view(model: &UseReducerHandle<Model>, on: &Callback<Action>) -> Html {
    let lang = model.lang;
    let scope = model.session.scope();
    let pairs: Vec<kumo_sim::ec2::key_pairs::KeyPair> =
        model.session.sim.world().region(&scope).map(|rs| rs.key_pairs.values().cloned().collect()).unwrap_or_default();
    // The CloudWatch page: the metrics that have reported, the alarms, and datapoints on demand.
    // Computed only while the page shows: other pages need neither.
    let on_cloudwatch = model.page == Page::CloudWatch;
    let metrics: Vec<kumo_sim::cloudwatch::MetricId> = match on_cloudwatch {
        true => model.session.sim.list_metrics(&scope, None, None, &[]).unwrap_or_default(),
        false => Vec::new(),
    };
    let alarms: Vec<kumo_sim::cloudwatch::MetricAlarm> = match model.session.sim.world().region(&scope) {
        Some(rs) if on_cloudwatch => rs.alarms.values().cloned().collect(),
        _ => Vec::new(),
    };
    let query: crate::components::cloudwatch_page::Query = {
        let model = model.clone();
        Callback::from(move |(m, stat, period, window): (kumo_sim::cloudwatch::MetricId, String, u32, u64)| {
            let scope = model.session.scope();
            let end = model.session.now();
            let q = kumo_sim::cloudwatch::MetricQuery {
                namespace: m.0,
                metric_name: m.1,
                dimensions: m.2,
                start: kumo_sim::Timestamp(end.0.saturating_sub(window * 1000)),
                end,
                period_secs: period,
                statistics: vec![stat],
            };
            match model.session.sim.get_metric_statistics(&scope, &q) {
                Ok((_, datapoints)) => datapoints,
                _ => Vec::new(),
            }
        })
    };
    // The Volumes page asks for the selected volume's performance and chart series.
    let performance: crate::components::volume_performance::Source = {
        let model = model.clone();
        Callback::from(move |(id, window): (String, u64)| {
            let scope = model.session.scope();
            let id = kumo_sim::ids::VolumeId::from(id);
            let sim = &model.session.sim;
            sim.volume_performance(&scope, &id).map(|p| {
                (
                    p,
                    sim.volume_series(
                        &scope,
                        &id,
                        kumo_sim::Millis::from_secs(window),
                        crate::components::volume_performance::SERIES_POINTS as usize,
                    ),
                )
            })
        })
    };
    html! {
        <>
        if model.page == Page::Images {
            <Images lang={lang} region={scope.region} account={scope.account.clone()} images={crate::app::visible_images(model)}
                notice={model.notice.clone()} on_action={on.clone()} />
        } else if model.page == Page::Volumes {
            <Volumes lang={lang} zones={scope.region.zones().iter().map(|z| z.name.to_string()).collect::<Vec<_>>()}
                volume_types={volumes::type_names(model.session.sim.profile().limits().volume_types)}
                volumes={model.session.sim.world().region(&scope).map(|rs| rs.volumes.values().cloned().collect::<Vec<_>>()).unwrap_or_default()}
                instances={model.session.sim.world().region(&scope).map(|rs| rs.instances.values().cloned().collect::<Vec<_>>()).unwrap_or_default()}
                region={scope.region} now={model.session.now()} performance={performance}
                topics={model.session.sim.world().region(&scope).map(|rs| rs.topics.values().map(|t| t.arn.clone()).collect::<Vec<_>>()).unwrap_or_default()}
                alarms={model.session.sim.world().region(&scope).map(|rs| rs.alarms.values().cloned().collect::<Vec<_>>()).unwrap_or_default()}
                metric_period={model.session.sim.profile().limits().ebs_metric_period_secs}
                notice={model.notice.clone()} hidden_columns={model.hidden_columns.clone()} on_action={on.clone()} />
        } else if model.page == Page::Snapshots {
            <Snapshots lang={lang} region={scope.region} account={scope.account.clone()} now={model.session.now()} zones={scope.region.zones().iter().map(|z| z.name.to_string()).collect::<Vec<_>>()}
                snapshots={snapshot_rows(model)} notice={model.notice.clone()} on_action={on.clone()} />
        } else if model.page == Page::CloudWatch {
            <crate::components::cloudwatch_page::CloudWatchPage lang={lang} metrics={metrics} alarms={alarms} query={query} now={model.session.now()} />
        } else if model.page == Page::Sns {
            <crate::components::sns_page::SnsPage lang={lang} region={scope.region.code()}
                topics={model.session.sim.world().region(&scope).map(|rs| rs.topics.values().cloned().collect::<Vec<_>>()).unwrap_or_default()}
                subscriptions={model.session.sim.world().region(&scope).map(|rs| rs.subscriptions.values().cloned().collect::<Vec<_>>()).unwrap_or_default()}
                mail={model.session.sim.world().accounts.get(&scope.account).map(|a| a.mail.clone()).unwrap_or_default()}
                notice={model.notice.clone()} on_action={on.clone()} />
        } else if model.page == Page::Events {
            { crate::components::events_page::view(model, on) }
        } else if model.page == Page::KeyPairs {
            <KeyPairs lang={lang} region={scope.region.code()} pairs={pairs} new_key={model.new_key.clone()}
                notice={model.notice.clone()} on_action={on.clone()} />
            }
        </>
    }
}
