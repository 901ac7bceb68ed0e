//! Fetches botocore's trimmed models (`models/<service>.json`, copied next to the page by
//! Trunk) once the terminal's chunk has arrived, and installs them through it for `aws …
//! help` and the parser: they are not part of the first load, and a visit that never uses
//! the terminal never fetches them. A file that fails to load leaves help without
//! documentation (the chunk parses with its own copies); the browser console says why.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Fetches and installs every model, the first time it is called.
pub fn fetch_all(cli: &'static crate::cli_chunk::Cli) {
    thread_local! {
        static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        for service in kumo_cli::models::SERVICES {
            if let Err(e) = fetch_one(cli, service).await {
                web_sys::console::warn_1(&format!("kumo: models/{service}.json: {e}").into());
            }
        }
    });
}

async fn fetch_one(cli: &crate::cli_chunk::Cli, service: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let response =
        JsFuture::from(window.fetch_with_str(&format!("models/{service}.json"))).await.map_err(|e| format!("{e:?}"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| format!("{e:?}"))?).await.map_err(|e| format!("{e:?}"))?;
    (cli.install_model)(service, &text.as_string().unwrap_or_default())
}
