//! An instance's scheduled events and automatic recovery setting, with the sandbox-only
//! fault box that makes a host fail, announces an event or runs a zone out of capacity.

use kumo_sim::Command;
use kumo_sim::Timestamp;
use kumo_sim::ec2::{Instance, InstanceState, ScheduledEvent};
use kumo_sim::ec2::{Request, api};
use yew::prelude::*;

use crate::format;
use crate::i18n::{Lang, tr};
use crate::state::Action;

/// The event codes AWS schedules (BC-EC2 InstanceStatusEvent.Code).
const EVENT_CODES: [&str; 5] =
    ["instance-reboot", "system-reboot", "system-maintenance", "instance-retirement", "instance-stop"];

/// How far ahead the fault box announces an event, in hours.
const EVENT_LEADS: [u64; 4] = [1, 24, 72, 168];

/// The events DescribeInstanceStatus shows: pending ones, and completed ones for a week.
pub fn visible(i: &Instance, now: Timestamp) -> Vec<ScheduledEvent> {
    i.scheduled_events
        .iter()
        .filter(|e| e.completed_at.is_none_or(|t| now.since(t) < kumo_sim::time::Millis::from_hours(7 * 24)))
        .cloned()
        .collect()
}

/// Scheduled events table and the automatic recovery switch.
/// `per_day` is the profile's limit of recoveries per instance in 24 hours.
pub fn view(lang: Lang, i: &Instance, now: Timestamp, per_day: u32, on: &Callback<Action>) -> Html {
    let recent = i.recoveries.iter().filter(|t| now.since(**t) < kumo_sim::time::Millis::from_hours(24)).count();
    let events = visible(i, now);
    let live = i.state != InstanceState::Terminated;
    let id = i.id.to_string();
    let recovery = {
        let (id, next) = (id.clone(), if i.auto_recovery { "disabled" } else { "default" });
        on.reform(move |_: MouseEvent| {
            Action::Form(Command::from(Request::ModifyInstanceMaintenanceOptions(
                api::ModifyInstanceMaintenanceOptions {
                    instance_id: id.clone(),
                    auto_recovery: Some(next.to_string()),
                },
            )))
        })
    };
    html! {
        <div class="events" id="instance-events">
            <h3>{ tr(lang, "events.title") }</h3>
            if events.is_empty() {
                <p class="muted" id="events-none">{ tr(lang, "events.none") }</p>
            } else {
                <div class="scroll-x"><table class="storage" id="events-table">
                    <thead><tr>
                        <th>{ tr(lang, "events.code") }</th>
                        <th>{ tr(lang, "events.description") }</th>
                        <th>{ tr(lang, "events.not_before") }</th>
                        <th>{ tr(lang, "events.not_after") }</th>
                        <th>{ tr(lang, "events.deadline") }</th>
                    </tr></thead>
                    <tbody>
                        { for events.iter().map(|e| html! { <>
                            <tr>
                                <td><code>{ &e.code }</code></td>
                                <td>{ &e.description }</td>
                                <td>{ format::short_time(e.not_before) }</td>
                                <td>{ format::short_time(e.not_after) }</td>
                                <td>{ e.not_before_deadline.map(format::short_time).unwrap_or_else(|| tr(lang, "detail.none")) }</td>
                            </tr>
                            // Any pending event gets the form; AWS refuses all but instance-reboot
                            // (EC2UG schedevents_actions_reschedule), and the learner sees why.
                            if e.completed_at.is_none() {
                                <tr class="reschedule-row"><td colspan="5">
                                    <RescheduleForm lang={lang} instance_id={id.clone()} event={e.clone()} on_action={on.clone()} />
                                </td></tr>
                            }
                        </> }) }
                    </tbody>
                </table></div>
            }
            <p>
                <strong>{ tr(lang, "events.auto_recovery") }</strong>{ " " }
                <code id="auto-recovery">{ if i.auto_recovery { "default" } else { "disabled" } }</code>{ " " }
                <button class="link" id="toggle-auto-recovery" disabled={!live} onclick={recovery}>
                    { if i.auto_recovery { tr(lang, "detail.disable") } else { tr(lang, "detail.enable") } }
                </button>
                <br /><span id="recoveries">{ tr(lang, "events.recoveries").replace("{n}", &recent.to_string()).replace("{max}", &per_day.to_string()) }</span>
                <br /><small class="muted">{ tr(lang, "events.auto_recovery.hint") }</small>
            </p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct RescheduleProps {
    pub lang: Lang,
    pub instance_id: String,
    pub event: ScheduledEvent,
    pub on_action: Callback<Action>,
}

/// A new start time (UTC) for one pending event: ModifyInstanceEventStartTime.
#[component(RescheduleForm)]
pub fn reschedule_form(props: &RescheduleProps) -> Html {
    let lang = props.lang;
    let value = use_state(|| datetime_local(props.event.not_before));
    let oninput = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| value.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let error = use_state(|| false);
    let submit = {
        let (value, error, on) = (value.clone(), error.clone(), props.on_action.clone());
        let (id, event_id) = (props.instance_id.clone(), props.event.id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match parse_datetime_local(&value) {
                Some(not_before) => {
                    error.set(false);
                    on.emit(Action::Form(Command::from(Request::ModifyInstanceEventStartTime(
                        api::ModifyInstanceEventStartTime {
                            instance_id: id.clone(),
                            instance_event_id: event_id.clone(),
                            not_before,
                        },
                    ))));
                }
                None => error.set(true),
            }
        })
    };
    html! {
        <form class="reschedule" onsubmit={submit}>
            <span>{ tr(lang, "events.reschedule") }</span>
            <input type="datetime-local" class="reschedule-time" value={(*value).clone()} {oninput} />
            <span class="muted">{ " UTC " }</span>
            <button type="submit" class="reschedule-submit">{ tr(lang, "events.reschedule.submit") }</button>
            if *error { <span class="error">{ tr(lang, "events.reschedule.invalid") }</span> }
        </form>
    }
}

/// `2026-04-03T02:48` as an `<input type="datetime-local">` wants it.
fn datetime_local(t: Timestamp) -> String {
    let (y, mo, d, h, mi, _, _) = t.civil();
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}")
}

/// The inverse of [`datetime_local`]; seconds are accepted when the browser adds them.
fn parse_datetime_local(text: &str) -> Option<Timestamp> {
    let (date, time) = text.trim().split_once('T')?;
    let mut d = date.splitn(3, '-').map(str::parse::<u32>);
    let (y, mo, day) = (d.next()?.ok()?, d.next()?.ok()?, d.next()?.ok()?);
    let mut t = time.splitn(3, ':');
    let (h, mi) = (t.next()?.parse::<u32>().ok()?, t.next()?.parse::<u32>().ok()?);
    let s = match t.next() {
        Some(s) => s.split('.').next()?.parse::<u32>().ok()?,
        None => 0,
    };
    Timestamp::from_civil(i64::from(y), mo, day, h, mi, s)
}

#[derive(Properties, PartialEq)]
pub struct FaultBoxProps {
    pub lang: Lang,
    pub instance_id: String,
    pub instance_type: String,
    pub zone: String,
    pub running: bool,
    /// Whether this type has run out of capacity in this zone.
    pub capacity_out: bool,
    pub on_action: Callback<Action>,
}

/// Sandbox-only failures, marked as such: things AWS does to you, on demand.
#[component(FaultBox)]
pub fn fault_box(props: &FaultBoxProps) -> Html {
    let lang = props.lang;
    let code = use_state(|| EVENT_CODES[0].to_string());
    let lead = use_state(|| EVENT_LEADS[1]);
    let on = &props.on_action;
    let fail = {
        let id = props.instance_id.clone();
        on.reform(move |_: MouseEvent| Action::Form(Command::SandboxFailHardware { instance_id: id.clone() }))
    };
    let capacity = {
        let (ty, zone, available) = (props.instance_type.clone(), props.zone.clone(), props.capacity_out);
        on.reform(move |_: MouseEvent| {
            Action::Form(Command::SandboxSetCapacity { instance_type: ty.clone(), zone: zone.clone(), available })
        })
    };
    let on_code = {
        let code = code.clone();
        Callback::from(move |e: Event| code.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
    };
    let on_lead = {
        let lead = lead.clone();
        Callback::from(move |e: Event| {
            if let Ok(h) = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse() {
                lead.set(h);
            }
        })
    };
    let schedule = {
        let (id, code, lead) = (props.instance_id.clone(), code.clone(), lead.clone());
        on.reform(move |_: MouseEvent| {
            Action::Form(Command::SandboxScheduleEvent {
                instance_id: id.clone(),
                code: (*code).clone(),
                in_hours: *lead,
            })
        })
    };
    html! {
        <div class="sandbox-box" id="fault-box">
            <strong>{ tr(lang, "fault.title") }</strong>
            <small class="muted">{ tr(lang, "fault.hint") }</small>
            <div class="row">
                <button id="fault-hardware" class="secondary" disabled={!props.running} onclick={fail}>{ tr(lang, "fault.hardware") }</button>
                <small class="muted">{ tr(lang, "fault.hardware.hint") }</small>
            </div>
            <div class="row">
                <select id="fault-event-code" aria-label={tr(lang, "fault.event.code")} onchange={on_code}>
                    { for EVENT_CODES.iter().map(|c| html! { <option value={*c} selected={*c == *code}>{ *c }</option> }) }
                </select>
                <select id="fault-event-lead" aria-label={tr(lang, "fault.event.lead")} onchange={on_lead}>
                    { for EVENT_LEADS.iter().map(|h| html! {
                        <option value={h.to_string()} selected={*h == *lead}>{ tr(lang, "fault.event.in").replace("{h}", &h.to_string()) }</option>
                    }) }
                </select>
                <button id="fault-event" class="secondary" onclick={schedule}>{ tr(lang, "fault.event") }</button>
            </div>
            <div class="row">
                <button id="fault-capacity" class="secondary" onclick={capacity}>
                    { if props.capacity_out { tr(lang, "fault.capacity.back") } else { tr(lang, "fault.capacity.out") } }
                </button>
                <small class="muted">{ tr(lang, "fault.capacity.hint").replace("{type}", &props.instance_type).replace("{zone}", &props.zone) }</small>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetime_local_round_trips_and_rejects_garbage() {
        let t = Timestamp::from_civil(2026, 4, 3, 2, 48, 0).unwrap();
        assert_eq!(parse_datetime_local(&datetime_local(t)), Some(t));
        assert_eq!(parse_datetime_local("2026-04-03T02:48:30.000"), Timestamp::from_civil(2026, 4, 3, 2, 48, 30));
        for bad in ["", "2026-04-03", "T02:48", "2026-13-03T02:48", "2026-04-03T25:00", "x-y-zT1:2", "2026-04-03T02:ab"]
        {
            assert_eq!(parse_datetime_local(bad), None, "{bad}");
        }
    }
}
