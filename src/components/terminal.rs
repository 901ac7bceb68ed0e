//! The terminal: scrollback, an input line with history (↑/↓), `clear`.
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
}

#[component(Terminal)]
pub fn terminal(props: &Props) -> Html {
    let input = use_state(String::new);
    // Position while browsing history: None = editing a new line.
    let cursor = use_state(|| None::<usize>);
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
        Callback::from(move |e: InputEvent| input.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_key = {
        let input = input.clone();
        let cursor = cursor.clone();
        let history = props.history.clone();
        let on = props.on_action.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
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
            <div class="prompt">
                <span>{ "$" }</span>
                <input id="terminal-input" type="text" autocomplete="off" spellcheck="false"
                    value={(*input).clone()} placeholder={tr(lang, "terminal.placeholder")}
                    oninput={on_input} onkeydown={on_key} />
            </div>
        </section>
    }
}
