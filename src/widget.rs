//! Embeddable widgets: `?widget=gp2` renders the gp2 explorer alone, for an iframe in a docs
//! page. A widget never loads or saves the learner's world.

use yew::prelude::*;

use crate::components::gp2_widget::{Gp2Widget, parse_params};
use crate::i18n::{Lang, tr};

/// The URL's query parameters, in order.
fn query_pairs() -> Vec<(String, String)> {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            let decode = |s: &str| {
                js_sys::decode_uri_component(&s.replace('+', " ")).ok().and_then(|v| v.as_string()).unwrap_or_default()
            };
            (decode(k), decode(v))
        })
        .collect()
}

/// The widget the URL asks for, if any: its name.
pub fn requested() -> Option<String> {
    query_pairs().into_iter().find(|(k, _)| k == "widget").map(|(_, v)| v)
}

#[component(WidgetApp)]
pub fn widget_app() -> Html {
    let pairs = query_pairs();
    let lang = pairs.iter().find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::from_code(v)).unwrap_or(Lang::En);
    match pairs.iter().find(|(k, _)| k == "widget").map(|(_, v)| v.as_str()) {
        Some("gp2") => html! { <Gp2Widget lang={lang} params={parse_params(&pairs)} /> },
        other => html! {
            <div class="widget notice error" id="widget-errors">
                { tr(lang, "widget.err.which").replace("{p}", &format!("widget={}", other.unwrap_or(""))) }
            </div>
        },
    }
}
