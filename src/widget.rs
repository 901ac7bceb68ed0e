//! Embeddable widgets: `?widget=gp2` renders the gp2 explorer alone, for an iframe in a docs
//! page. A widget never loads or saves the learner's world. Its code comes with the pages'
//! chunk (crate::pages_chunk), which the widget fetches as it opens.

use yew::prelude::*;

use crate::components::gp2_widget::{Gp2Widget, parse_params};
use crate::i18n::{Lang, tr};

/// The URL's query parameters, in order.
fn query_pairs() -> Vec<(String, String)> {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    parse_query(&search)
}

/// Splits a URL's query (`?widget=gp2&size=100`) into decoded pairs, in order. It is pure Rust,
/// so the fuzzer reaches it natively: `+` is a space and `%XX` a byte, as in
/// application/x-www-form-urlencoded; a part whose escapes are not UTF-8 is kept as typed,
/// so the problem report shows the learner what the URL said.
pub fn parse_query(search: &str) -> Vec<(String, String)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(part: &str) -> String {
    let bytes = part.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b'+', ..) => {
                out.push(b' ');
                i += 1;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| part.to_string())
}

#[cfg(test)]
mod tests {
    use super::parse_query;

    #[test]
    fn query_pairs_decode_as_a_form_does() {
        let pairs = parse_query("?widget=gp2&size=1%30%30&lang=ja&note=a+b%E9%9B%B2&bad=%E9&x&=v&%zz=1");
        let want = [
            ("widget", "gp2"),
            ("size", "100"),
            ("lang", "ja"),
            ("note", "a b雲"),
            ("bad", "%E9"),
            ("x", ""),
            ("", "v"),
            ("%zz", "1"),
        ];
        assert_eq!(pairs, want.map(|(k, v)| (k.to_string(), v.to_string())));
    }
}

/// The widget the URL asks for, if any: its name.
pub fn requested() -> Option<String> {
    query_pairs().into_iter().find(|(k, _)| k == "widget").map(|(_, v)| v)
}

#[component(WidgetApp)]
pub fn widget_app() -> Html {
    let pairs = query_pairs();
    let lang = pairs.iter().find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::from_code(v)).unwrap_or(Lang::En);
    // The widget's code is in the pages' chunk (crate::pages_chunk), fetched at once.
    let arrived = use_state(|| crate::pages_chunk::loaded().map(|_| true));
    {
        let arrived = arrived.clone();
        use_effect_with((), move |_| {
            if arrived.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    arrived.set(Some(crate::pages_chunk::load().await.is_ok()));
                });
            }
        });
    }
    match pairs.iter().find(|(k, _)| k == "widget").map(|(_, v)| v.as_str()) {
        Some("gp2") => match (crate::pages_chunk::loaded(), *arrived) {
            (Some(p), _) => (p.gp2_widget)(lang, &pairs),
            (None, Some(false)) => {
                html! { <main class="widget notice error" id="widget-errors">{ tr(lang, "page.load_failed") }</main> }
            }
            (None, _) => {
                html! { <main class="widget" aria-busy="true"><p class="muted">{ tr(lang, "page.loading") }</p></main> }
            }
        },
        other => html! {
            <main class="widget notice error" id="widget-errors">
                { tr(lang, "widget.err.which").replace("{p}", &format!("widget={}", other.unwrap_or(""))) }
            </main>
        },
    }
}

/// The gp2 explorer for the URL's pairs: what the pages' chunk offers for `?widget=gp2`.
pub fn gp2(lang: Lang, pairs: &[(String, String)]) -> Html {
    html! { <Gp2Widget lang={lang} params={parse_params(pairs)} /> }
}
