//! The clock bar: virtual time, play/pause, speeds, and "skip to next event".

use yew::prelude::*;

use crate::format;
use crate::i18n::tr;
use crate::state::{Action, Model, SPEEDS};

pub fn view(model: &Model, on: &Callback<Action>) -> Html {
    let lang = model.lang;
    let now = model.session.now();
    let next = model.session.sim.next_event_at();
    let play_label = if model.playing { tr(lang, "clock.pause") } else { tr(lang, "clock.play") };
    let next_title = match next {
        Some(at) => format!("{} {} (+{}s)", tr(lang, "clock.next.at"), format::time(at), at.since(now).0 / 1000),
        None => tr(lang, "clock.next.none"),
    };
    html! {
        <div class="clock-bar" role="region" aria-label={tr(lang, "clock.region")}>
            <span class="label">{ tr(lang, "clock.time") }</span>
            <span id="clock" class="clock">{ format::time(now) }</span>
            <button id="play" class={classes!("play", model.playing.then_some("on"))} onclick={on.reform(|_: MouseEvent| Action::TogglePlay)}>
                { play_label }
            </button>
            <span class="label">{ tr(lang, "clock.speed") }</span>
            <span class="speeds">
                { for SPEEDS.iter().map(|&s| html! {
                    <button id={format!("speed-{s}")} class={classes!((model.speed == s).then_some("active"))}
                        onclick={on.reform(move |_: MouseEvent| Action::SetSpeed(s))}>{ format!("{s}×") }</button>
                }) }
            </span>
            <button id="next-event" title={next_title.clone()} disabled={next.is_none()} onclick={on.reform(|_: MouseEvent| Action::SkipToNextEvent)}>
                { tr(lang, "clock.next") }
            </button>
            <span class="next-info">{ next_title }</span>
        </div>
    }
}
