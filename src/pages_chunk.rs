//! The console's pages besides Instances (crate::pages) and the instance detail as a chunk of
//! the page, fetched the first time the learner opens one: AMIs, Volumes with their charts,
//! Snapshots, Key pairs, Events, CloudWatch, SNS, an instance's tabs, and the embeddable gp2
//! explorer (issue "Cost per change", item 5). Until it arrives the page says it is loading; a failed fetch says so and offers to
//! try again.
//!
//! With the `split` feature (the page's release build, `scripts/page-wasm.mjs`) `wasm_split`
//! moves what only [`entry`] reaches into a file of its own, as `crate::cli_chunk` does for
//! the terminal; without it the call is direct and nothing is split.

use std::cell::Cell;

use yew::prelude::*;

use crate::cli_chunk::LoadFailed;
use crate::i18n::tr;
use crate::state::{Action, ChunkState, Model};

/// What the chunk offers the page.
pub struct Pages {
    pub view: fn(&UseReducerHandle<Model>, &Callback<Action>) -> Html,
    /// The open instance's detail (components::instance_detail).
    pub detail: fn(&Model, &Callback<Action>) -> Html,
    /// The embeddable gp2 explorer (`?widget=gp2`, crate::widget), for the URL's pairs.
    pub gp2_widget: fn(crate::i18n::Lang, &[(String, String)]) -> Html,
}

thread_local! {
    static LOADED: Cell<Option<&'static Pages>> = const { Cell::new(None) };
}

/// The split point: everything reachable only from here is the chunk.
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(pages, fallible))]
fn entry() -> Result<&'static Pages, LoadFailed> {
    static PAGES: Pages = Pages {
        view: crate::pages::view,
        detail: crate::components::instance_detail::view,
        gp2_widget: crate::widget::gp2,
    };
    Ok(&PAGES)
}

/// Loads the chunk and keeps it for [`loaded`].
pub async fn load() -> Result<&'static Pages, LoadFailed> {
    if let Some(p) = loaded() {
        return Ok(p);
    }
    #[cfg(feature = "split")]
    let pages = entry().await?;
    #[cfg(not(feature = "split"))]
    let pages = entry()?;
    LOADED.with(|l| l.set(Some(pages)));
    Ok(pages)
}

/// The chunk, once [`load`] has brought it (at once without the `split` feature).
pub fn loaded() -> Option<&'static Pages> {
    #[cfg(not(feature = "split"))]
    if let Ok(p) = entry() {
        return Some(p);
    }
    LOADED.with(Cell::get)
}

/// The open page, or while its chunk is on its way a line that says so (and, after a failed
/// fetch, a button that tries again).
pub fn view(model: &UseReducerHandle<Model>, on: &Callback<Action>) -> Html {
    match loaded() {
        Some(p) => (p.view)(model, on),
        None => waiting(model, on),
    }
}

/// The open instance's detail, or the same line while the chunk is on its way.
pub fn detail(model: &UseReducerHandle<Model>, on: &Callback<Action>) -> Html {
    match loaded() {
        Some(p) => (p.detail)(model, on),
        None => waiting(model, on),
    }
}

fn waiting(model: &Model, on: &Callback<Action>) -> Html {
    let lang = model.lang;
    html! {
        <section class="page-loading" id="page-loading" aria-busy={(model.pages != ChunkState::Failed).to_string()}>
            if model.pages == ChunkState::Failed {
                <p class="notice error">{ tr(lang, "page.load_failed") }{ " " }
                    <button id="page-retry" onclick={on.reform(|_: MouseEvent| Action::WantPages)}>{ tr(lang, "page.retry") }</button>
                </p>
            } else {
                <p class="muted">{ tr(lang, "page.loading") }</p>
            }
        </section>
    }
}
