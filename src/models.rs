//! Fetches botocore's trimmed models (`models/<service>.json`, copied next to the page by
//! Trunk) after the page has started, and installs them for `aws … help`: they are not part
//! of the first load. A file that fails to load leaves help without documentation; the
//! browser console says why.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub fn fetch_all() {
    wasm_bindgen_futures::spawn_local(async {
        for service in kumo_cli::models::SERVICES {
            if let Err(e) = fetch_one(service).await {
                web_sys::console::warn_1(&format!("kumo: models/{service}.json: {e}").into());
            }
        }
    });
}

async fn fetch_one(service: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let response =
        JsFuture::from(window.fetch_with_str(&format!("models/{service}.json"))).await.map_err(|e| format!("{e:?}"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| format!("{e:?}"))?).await.map_err(|e| format!("{e:?}"))?;
    kumo_cli::models::install(service, &text.as_string().unwrap_or_default())
}
