//! The root component: owns the model, the one browser timer, and autosave.

use gloo_timers::callback::Interval;
use kumo_cli::Session;
use kumo_sim::Profile;
use yew::prelude::*;

use crate::components::launch_form::LaunchForm;
use crate::components::terminal::Terminal;
use crate::components::{clock_bar, confirm, header, instances_table, nav, storage_banner};
use crate::format;
use crate::i18n::{Lang, tr};
use crate::state::{Action, DEFAULT_SEED, Model, Page, StorageProblem};
use crate::storage;

/// Real milliseconds between clock ticks while time runs.
pub const TICK_MS: u32 = 100;
/// While time runs, the world is saved every this many ticks (once a second).
pub const SAVE_EVERY_TICKS: u64 = 10;
/// How long after the last change the page makes the next RSA key ahead (Action::PrepareKey).
const KEY_AHEAD_IDLE_MS: u32 = 1500;

/// The language from `?lang=`, else the saved choice, else the browser's.
fn initial_lang() -> Lang {
    let window = web_sys::window();
    let from_url = window
        .as_ref()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|p| p.get("lang"))
        .and_then(|l| Lang::from_code(&l));
    let saved = storage::get(storage::LANG_KEY).and_then(|l| Lang::from_code(&l));
    let browser = window.and_then(|w| w.navigator().language()).filter(|l| l.starts_with("ja")).map(|_| Lang::Ja);
    from_url.or(saved).or(browser).unwrap_or(Lang::En)
}

/// The model at start-up: the saved world if it loads, otherwise a fresh one, with any
/// broken save reported and kept.
pub fn initial_model() -> Model {
    let lang = initial_lang();
    let startup = storage::load();
    let session = startup.session.unwrap_or_else(|| Session::new(DEFAULT_SEED, Profile::Current));
    let mut model = Model::new(session, lang);
    if let Some(text) = storage::get(storage::VIEW_KEY)
        && let Err(e) = crate::view_state::restore(&mut model, &text)
    {
        web_sys::console::warn_1(&format!("kumo: the saved view was not restored ({e}); the world is").into());
    }
    model.storage_available = storage::available();
    model.storage_problem =
        startup.problem.map(|(message, saved_text)| StorageProblem { message, saved_text, kept: startup.problem_kept });
    model
}

/// Custom images of the Region the account owns or may launch, oldest first.
pub(crate) fn visible_images(model: &Model) -> Vec<kumo_sim::ec2::images::Image> {
    let scope = model.session.scope();
    let mut list: Vec<_> = model
        .session
        .sim
        .world()
        .accounts
        .values()
        .filter_map(|a| a.regions.get(&scope.region))
        .flat_map(|r| r.images.values())
        .filter(|i| i.can_launch(&scope.account))
        .cloned()
        .collect();
    kumo_sim::sort::by_key(&mut list, |i| i.creation_time);
    list
}

#[component(App)]
pub fn app() -> Html {
    let model = use_reducer(initial_model);
    let on: Callback<Action> = {
        let d = model.dispatcher();
        Callback::from(move |a: Action| d.dispatch(a))
    };

    // The one place that owns the browser timer.
    {
        let d = model.dispatcher();
        use_effect_with(model.playing, move |&playing| {
            let timer = playing
                .then(|| Interval::new(TICK_MS, move || d.dispatch(Action::Tick { real_ms: u64::from(TICK_MS) })));
            move || drop(timer)
        });
    }

    // The next RSA key pair's key, made while the page is idle, so that creating a key pair
    // does not wait for a 2,048-bit prime search (kumo_sim::Sim::prepare_key). A timeout after
    // each change rather than an interval: the work waits until the learner has paused.
    {
        let d = model.dispatcher();
        use_effect_with(model.revision, move |_| {
            let timer = gloo_timers::callback::Timeout::new(KEY_AHEAD_IDLE_MS, move || d.dispatch(Action::PrepareKey));
            move || drop(timer)
        });
    }

    // Autosave: at once after every change, and once a second while time runs. The view
    // (crate::view_state) changes only with a revision: it is written once per revision.
    {
        let m = model.clone();
        let view_saved = use_mut_ref(|| None::<u64>);
        use_effect_with((model.revision, model.ticks / SAVE_EVERY_TICKS), move |_| {
            let broken_unsafe = m.storage_problem.as_ref().is_some_and(|p| !p.kept);
            if !broken_unsafe && !m.other_tab {
                let ok = storage::save(&m.session);
                // The world first: when storage is full the view gives way to it.
                if !ok {
                    storage::remove(storage::VIEW_KEY);
                    *view_saved.borrow_mut() = None;
                } else if *view_saved.borrow() != Some(m.revision) {
                    storage::set(storage::VIEW_KEY, &crate::view_state::save(&m));
                    *view_saved.borrow_mut() = Some(m.revision);
                }
                if ok == m.save_failed {
                    m.dispatch(Action::SaveResult(ok));
                }
            }
            if m.storage_problem.is_none() {
                storage::remove(storage::BROKEN_KEY);
            }
        });
    }
    // The terminal's chunk of the CLI (crate::cli_chunk): fetched when the terminal is first
    // used, and again after a failure when the learner uses it next.
    {
        let d = model.dispatcher();
        use_effect_with(model.cli, move |&state| {
            if state == crate::state::ChunkState::Loading {
                wasm_bindgen_futures::spawn_local(async move {
                    d.dispatch(Action::CliLoaded(crate::cli_chunk::load().await.is_ok()));
                });
            }
        });
    }
    // The chunk of the pages besides Instances and of the instance detail (crate::pages_chunk):
    // fetched when one opens (a reload may open on one), and again when the learner asks after
    // a failure.
    {
        let d = model.dispatcher();
        let wanted =
            (model.page != Page::Instances || model.detail.is_some()) && crate::pages_chunk::loaded().is_none();
        use_effect_with((wanted, model.pages), move |&(wanted, state)| match state {
            crate::state::ChunkState::Idle if wanted => d.dispatch(Action::WantPages),
            crate::state::ChunkState::Loading => wasm_bindgen_futures::spawn_local(async move {
                d.dispatch(Action::PagesLoaded(crate::pages_chunk::load().await.is_ok()));
            }),
            _ => {}
        });
    }
    // An opened dialog takes the focus (Escape, caught at the page's root below, closes it).
    use_effect_with(model.confirm_terminate.is_some(), |&open| {
        if open
            && let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("confirm-cancel"))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    });
    // botocore's models for `aws … help`: fetched once the terminal's chunk is here (at once
    // where nothing is split), not in the first load.
    use_effect_with(crate::cli_chunk::loaded().is_some(), move |_| {
        if let Some(cli) = crate::cli_chunk::loaded() {
            crate::models::fetch_all(cli);
        }
    });
    // Another tab of the sandbox saving its world: the browser tells the other tabs only.
    {
        let d = model.dispatcher();
        use_effect_with((), move |_| {
            let listener = storage::on_other_tab_save(move || d.dispatch(Action::OtherTabSaved));
            move || drop(listener)
        });
    }
    {
        use_effect_with(model.lang, move |lang| {
            storage::set(storage::LANG_KEY, lang.code());
            if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                let _ = el.set_attribute("lang", lang.code());
            }
        });
    }

    let lang = model.lang;
    let scope = model.session.scope();
    let pairs: Vec<kumo_sim::ec2::key_pairs::KeyPair> =
        model.session.sim.world().region(&scope).map(|rs| rs.key_pairs.values().cloned().collect()).unwrap_or_default();
    let key_pairs: Vec<String> = pairs.iter().map(|k| k.name.clone()).collect();
    let cost = model.session.sim.world().cost(&scope.account, model.session.now());
    html! {
        <div class={classes!("app", model.wide_terminal.then_some("wide-terminal"))}
            onkeydown={{
                let d = model.dispatcher();
                Callback::from(move |e: KeyboardEvent| if e.key() == "Escape" { d.dispatch(Action::CancelTerminate) })
            }}>
            { header::view(&model, &on) }
            { clock_bar::view(&model, &on) }
            { storage_banner::view(&model, &on) }
            { nav::view(&model, &on) }
            <main class="layout">
                <div class="work">
                    if model.page != Page::Instances {
                        { crate::pages_chunk::view(&model, &on) }
                    } else {
                        // The table first and the selected instance's detail under it, as the
                        // console's split view has them.
                        { instances_table::view(&model, &on) }
                        if model.detail.is_some() {
                            { crate::pages_chunk::detail(&model, &on) }
                        }
                        <LaunchForm lang={lang} region={scope.region} key_pairs={key_pairs}
                            custom_images={visible_images(&model).into_iter().filter(|i| i.state == kumo_sim::ec2::images::ImageState::Available).map(|i| (i.id.to_string(), i.name)).collect::<Vec<_>>()}
                            on_action={on.clone()} />
                    }
                    <p class="cost" id="account-cost">{ format!("{}: {}", tr(lang, "cost.total"), format::usd(cost.total_usd)) }</p>
                </div>
                <Terminal lang={lang} lines={model.terminal.clone()} history={model.history.clone()} on_action={on.clone()}
                    columns={model.session.columns} wide={model.wide_terminal}
                    on_complete={{
                        let model = model.clone();
                        Callback::from(move |line: String| match crate::cli_chunk::loaded() {
                            Some(cli) => (cli.complete)(&model.session, &line),
                            None => kumo_cli::complete::Completion { start: line.len(), candidates: Vec::new() },
                        })
                    }} />
            </main>
            { confirm::view(&model, &on) }
            <div class="visually-hidden" role="status" aria-live="polite" id="announcer">{ &model.announcement }</div>
        </div>
    }
}
