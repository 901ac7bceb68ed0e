//! The Events page: every scheduled event of the Region's instances in one table, as the
//! EC2 console lists them, with the reschedule form for pending ones (INS-09).

use kumo_sim::ec2::InstanceState;
use yew::prelude::*;

use crate::components::instance_events::{RescheduleForm, visible};
use crate::format;
use crate::i18n::tr;
use crate::state::{Action, Model};

pub fn view(model: &Model, on: &Callback<Action>) -> Html {
    let lang = model.lang;
    let now = model.session.now();
    let scope = model.session.scope();
    let instances = model.session.sim.world().region(&scope).map(|r| r.instances_in_launch_order()).unwrap_or_default();
    let mut rows: Vec<_> = instances
        .into_iter()
        .filter(|i| i.state != InstanceState::Terminated)
        .flat_map(|i| visible(i, now).into_iter().map(move |e| (i.clone(), e)))
        .collect();
    // Pending events first, soonest first; then completed ones, latest first.
    kumo_sim::sort::by_key(&mut rows, |(_, e)| {
        (e.completed_at.is_some(), e.completed_at.map(|t| u64::MAX - t.0), e.not_before)
    });
    html! {
        <section class="events-page">
            <div class="toolbar"><h2>{ tr(lang, "events.page.title") }{ format!(" ({})", rows.len()) }</h2></div>
            <p class="hint">{ tr(lang, "events.page.hint") }</p>
            { crate::components::notice(&model.notice) }
            if rows.is_empty() {
                <p class="empty" id="events-page-empty">{ tr(lang, "events.page.empty") }</p>
            } else {
                <div class="scroll-x"><table id="events-page-table">
                    <thead><tr>
                        <th>{ tr(lang, "col.name") }</th>
                        <th>{ tr(lang, "col.id") }</th>
                        <th>{ tr(lang, "events.code") }</th>
                        <th>{ tr(lang, "events.not_before") }</th>
                        <th>{ tr(lang, "events.not_after") }</th>
                        <th>{ tr(lang, "events.deadline") }</th>
                    </tr></thead>
                    <tbody>
                        { for rows.iter().map(|(i, e)| {
                            let id = i.id.to_string();
                            let open = { let id = id.clone(); on.reform(move |_: MouseEvent| Action::ShowInstance(id.clone())) };
                            html! { <>
                                <tr data-id={id.clone()}>
                                    <td class="name">{ i.name().unwrap_or("–") }</td>
                                    <td><button class="link instance-link" onclick={open}><code>{ &id }</code></button></td>
                                    <td><code>{ &e.code }</code><br /><small class="muted">{ &e.description }</small></td>
                                    <td class="when">{ format::short_time(e.not_before) }</td>
                                    <td class="when">{ format::short_time(e.not_after) }</td>
                                    <td class="when">{ e.not_before_deadline.map(format::short_time).unwrap_or_else(|| tr(lang, "detail.none")) }</td>
                                </tr>
                                if e.completed_at.is_none() {
                                    <tr class="reschedule-row"><td colspan="6">
                                        <RescheduleForm lang={lang} instance_id={id.clone()} event={e.clone()} on_action={on.clone()} />
                                    </td></tr>
                                }
                            </> }
                        }) }
                    </tbody>
                </table></div>
            }
        </section>
    }
}
