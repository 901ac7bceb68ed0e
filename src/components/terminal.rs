//! The terminal: scrollback, an input line with history (↑/↓, and Ctrl-R's reverse search as
//! bash has it) and Tab completion (`kumo_cli::complete`: commands, operations, parameters,
//! resource ids), `clear`. Tab only completes when the line has text, so that an empty prompt
//! still lets Tab move the focus on. Lines are never wrapped: a long one scrolls sideways, as
//! in a terminal, and the page tells the CLI how many columns the scrollback holds so that
//! `--output table` lays out for it. Everything shown is text nodes: nothing a learner types is
//! ever parsed as HTML.

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
    /// The width the CLI lays tables out for (`Session::columns`).
    pub columns: usize,
    /// The terminal is the full-width drawer.
    pub wide: bool,
}

/// The columns the scrollback holds: its inner width over the width of one character of its
/// font (measured on a run of ten in `.measure`).
fn measure_columns(scroll: &NodeRef) -> Option<usize> {
    let el = scroll.cast::<web_sys::Element>()?;
    let probe = el.query_selector(".measure").ok()??;
    let char_width = probe.get_bounding_client_rect().width() / 10.0;
    let style_padding = 8.0;
    (char_width > 0.0).then(|| ((f64::from(el.client_width()) - style_padding) / char_width).floor().max(1.0) as usize)
}

/// The newest history entry at or before `from` that contains `query` (bash's Ctrl-R).
fn search_back(history: &[String], query: &str, from: usize) -> Option<usize> {
    (0..=from.min(history.len().checked_sub(1)?)).rev().find(|&i| history[i].contains(query))
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
    // Ctrl-R: the query typed so far and the history entry it found.
    let search = use_state(|| None::<(String, Option<usize>)>);
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
        let search = search.clone();
        let history = props.history.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            if search.is_some() {
                let found = search_back(&history, &value, usize::MAX);
                search.set(Some((value, found)));
                return;
            }
            input.set(value);
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
        let search = search.clone();
        let scroll = scroll.clone();
        let columns = props.columns;
        Callback::from(move |e: KeyboardEvent| {
            // Ctrl-R searches back; in a search, Ctrl-R again finds the next older match, Enter
            // runs the match, Escape or an arrow takes it into the line, Ctrl-G gives up.
            if let Some((query, found)) = (*search).clone() {
                match e.key().as_str() {
                    "r" | "R" if e.ctrl_key() => {
                        e.prevent_default();
                        let older = found.and_then(|i| i.checked_sub(1)).and_then(|i| search_back(&history, &query, i));
                        search.set(Some((query, older.or(found))));
                    }
                    "g" | "G" if e.ctrl_key() => {
                        e.prevent_default();
                        search.set(None);
                    }
                    "Enter" => {
                        e.prevent_default();
                        search.set(None);
                        if let Some(c) = measure_columns(&scroll).filter(|&c| c != columns) {
                            on.emit(Action::SetColumns(c));
                        }
                        on.emit(Action::RunLine(found.and_then(|i| history.get(i)).cloned().unwrap_or_default()));
                        input.set(String::new());
                        cursor.set(None);
                    }
                    "Escape" | "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Tab" => {
                        e.prevent_default();
                        search.set(None);
                        // The history may have changed under the search (a reset): look again.
                        if let Some((i, line)) = found.and_then(|i| Some((i, history.get(i)?))) {
                            input.set(line.clone());
                            cursor.set(Some(i));
                        }
                    }
                    _ => {}
                }
                return;
            }
            match e.key().as_str() {
                "r" | "R" if e.ctrl_key() => {
                    e.prevent_default();
                    shown.set(Vec::new());
                    search.set(Some((String::new(), None)));
                }
                "Tab" if !input.is_empty() && !e.shift_key() => {
                    e.prevent_default();
                    let c = complete.emit((*input).clone());
                    input.set(c.apply(&input));
                    shown.set(if c.candidates.len() > 1 { c.candidates } else { Vec::new() });
                }
                "Enter" => {
                    shown.set(Vec::new());
                    e.prevent_default();
                    if let Some(c) = measure_columns(&scroll).filter(|&c| c != columns) {
                        on.emit(Action::SetColumns(c));
                    }
                    on.emit(Action::RunLine((*input).clone()));
                    input.set(String::new());
                    cursor.set(None);
                }
                "ArrowUp" => {
                    e.prevent_default();
                    if history.is_empty() {
                        return;
                    }
                    // A cursor past the end (the history shrank under it, a reset) starts again
                    // from the newest line.
                    let at = match *cursor {
                        Some(n) if n < history.len() => n.saturating_sub(1),
                        _ => history.len() - 1,
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
            }
        })
    };
    let lang = props.lang;
    let (value, label) = match &*search {
        Some((query, found)) => (
            query.clone(),
            format!(
                "({})`{query}': {}",
                tr(lang, "terminal.search"),
                found.and_then(|i| props.history.get(i)).map(String::as_str).unwrap_or_default()
            ),
        ),
        None => ((*input).clone(), "$".to_string()),
    };
    let toggle_wide = props.on_action.reform(|_: MouseEvent| Action::ToggleWideTerminal);
    html! {
        <section class="terminal" id="terminal">
            <div class="terminal-head">
                <h2>{ tr(lang, "terminal.title") }</h2>
                <span class="hint">{ tr(lang, "terminal.hint") }</span>
                <button id="terminal-wide" class="terminal-wide" aria-pressed={props.wide.to_string()} onclick={toggle_wide}>
                    { tr(lang, if props.wide { "terminal.dock" } else { "terminal.wide" }) }
                </button>
            </div>
            <div class="scrollback" id="scrollback" ref={scroll} tabindex="0" role="log"
                aria-label={tr(lang, "terminal.scrollback")}>
                <span class="measure" aria-hidden="true">{ "0000000000" }</span>
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
            <div class={classes!("prompt", search.is_some().then_some("searching"))}>
                <span id="terminal-prompt" aria-live="polite">{ label }</span>
                <input id="terminal-input" type="text" autocomplete="off" spellcheck="false"
                    aria-label={tr(lang, "terminal.input")} aria-describedby="terminal-prompt"
                    onfocus={props.on_action.reform(|_: FocusEvent| Action::WantCli)}
                    value={value} placeholder={tr(lang, "terminal.placeholder")}
                    oninput={on_input} onkeydown={on_key} />
            </div>
        </section>
    }
}
