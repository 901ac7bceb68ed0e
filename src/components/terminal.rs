//! The terminal: scrollback, an input line with history (↑/↓) and Tab completion
//! (`kumo_cli::complete`: commands, operations, parameters, resource ids), `clear`. Tab only
//! completes when the line has text, so that an empty prompt still lets Tab move the focus on.
//! Everything shown is text nodes: nothing a learner types is ever parsed as HTML.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{Lang, tr};
use crate::state::{Action, LineKind, TermLine};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub lines: Rc<Vec<TermLine>>,
    pub history: Rc<Vec<String>>,
    pub on_action: Callback<Action>,
    pub on_complete: Callback<String, kumo_cli::complete::Completion>,
}

/// The most completions listed under the prompt.
const MAX_SHOWN: usize = 40;

#[component(Terminal)]
pub fn terminal(props: &Props) -> Html {
    let input = use_state(String::new);
    // Position while browsing history: None = editing a new line.
    let cursor = use_state(|| None::<usize>);
    // The candidates of the last Tab that had several.
    let shown = use_state(Vec::<String>::new);
    let scroll = use_node_ref();
    {
        let scroll = scroll.clone();
        use_effect_with(props.lines.len(), move |_| {
            if let Some(el) = scroll.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let on_input = {
        let input = input.clone();
        let shown = shown.clone();
        Callback::from(move |e: InputEvent| {
            input.set(e.target_unchecked_into::<HtmlInputElement>().value());
            shown.set(Vec::new());
        })
    };
    let on_key = {
        let input = input.clone();
        let cursor = cursor.clone();
        let history = props.history.clone();
        let on = props.on_action.clone();
        let complete = props.on_complete.clone();
        let shown = shown.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Tab" if !input.is_empty() && !e.shift_key() => {
                e.prevent_default();
                let c = complete.emit((*input).clone());
                input.set(c.apply(&input));
                shown.set(if c.candidates.len() > 1 { c.candidates } else { Vec::new() });
            }
            "Enter" => {
                shown.set(Vec::new());
                e.prevent_default();
                on.emit(Action::RunLine((*input).clone()));
                input.set(String::new());
                cursor.set(None);
            }
            "ArrowUp" => {
                e.prevent_default();
                if history.is_empty() {
                    return;
                }
                let at = match *cursor {
                    None => history.len() - 1,
                    Some(0) => 0,
                    Some(n) => n - 1,
                };
                cursor.set(Some(at));
                input.set(history[at].clone());
            }
            "ArrowDown" => {
                e.prevent_default();
                match *cursor {
                    Some(n) if n + 1 < history.len() => {
                        cursor.set(Some(n + 1));
                        input.set(history[n + 1].clone());
                    }
                    _ => {
                        cursor.set(None);
                        input.set(String::new());
                    }
                }
            }
            _ => {}
        })
    };
    let lang = props.lang;
    html! {
        <section class="terminal" id="terminal">
            <div class="terminal-head">
                <h2>{ tr(lang, "terminal.title") }</h2>
                <span class="hint">{ tr(lang, "terminal.hint") }</span>
            </div>
            <div class="scrollback" id="scrollback" ref={scroll}>
                <div class="line output">{ tr(lang, "terminal.welcome") }</div>
                { for props.lines.iter().map(|l| {
                    let class = match l.kind {
                        LineKind::Input => "line input",
                        LineKind::Output => "line output",
                        LineKind::Error => "line error",
                    };
                    html! { <div class={class}>{ &l.text }</div> }
                }) }
            </div>
            if !shown.is_empty() {
                <div class="completions" id="terminal-completions" role="status" aria-live="polite"
                    aria-label={tr(lang, "terminal.completions")}>
                    { for shown.iter().take(MAX_SHOWN).map(|c| html! { <span>{ c }</span> }) }
                    if shown.len() > MAX_SHOWN { <span>{ format!("… +{}", shown.len() - MAX_SHOWN) }</span> }
                </div>
            }
            <div class="prompt">
                <span>{ "$" }</span>
                <input id="terminal-input" type="text" autocomplete="off" spellcheck="false"
                    value={(*input).clone()} placeholder={tr(lang, "terminal.placeholder")}
                    oninput={on_input} onkeydown={on_key} />
            </div>
        </section>
    }
}
