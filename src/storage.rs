//! The browser's localStorage: autosave of the session, the language, and a broken save kept
//! aside until the learner downloads or discards it. Nothing is dropped silently.

use kumo_cli::Session;

pub const SESSION_KEY: &str = "kumo.session";
pub const BROKEN_KEY: &str = "kumo.session.broken";
pub const LANG_KEY: &str = "kumo.lang";
/// The page's view beside the world (`crate::view_state`).
pub const VIEW_KEY: &str = "kumo.view";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn available() -> bool {
    storage().is_some()
}

pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn set(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// What was found in storage at start-up.
#[derive(Debug, Default)]
pub struct Startup {
    pub session: Option<Session>,
    /// A saved world that could not be loaded: the error and the saved text.
    pub problem: Option<(String, String)>,
    /// Whether the broken text is safely stored under [`BROKEN_KEY`]; while it is not,
    /// autosave must not overwrite [`SESSION_KEY`], which then holds the only copy.
    pub problem_kept: bool,
}

/// Loads the saved session. A broken one is copied to [`BROKEN_KEY`] before anything may
/// overwrite [`SESSION_KEY`]; a broken copy from an earlier visit is reported again.
pub fn load() -> Startup {
    let mut out = Startup::default();
    if let Some(text) = get(SESSION_KEY) {
        match Session::load(&text) {
            Ok(s) => out.session = Some(s),
            Err(e) => {
                out.problem_kept = set(BROKEN_KEY, &text);
                out.problem = Some((e.to_string(), text));
            }
        }
    }
    if out.problem.is_none()
        && let Some(text) = get(BROKEN_KEY)
    {
        let message = Session::load(&text).err().map_or_else(|| "kept from an earlier visit".into(), |e| e.to_string());
        out.problem = Some((message, text));
        out.problem_kept = true;
    }
    out
}

/// Reads the file chosen in `input` as text and hands it to `done` (FileReader, in the page;
/// nothing leaves the browser). Nothing happens if no file was chosen or it cannot be read.
pub fn read_file(input: &web_sys::HtmlInputElement, done: impl FnOnce(String) + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    let Ok(reader) = web_sys::FileReader::new() else { return };
    let r = reader.clone();
    let on_load = Closure::once(move || {
        if let Some(text) = r.result().ok().and_then(|v| v.as_string()) {
            done(text);
        }
    });
    reader.set_onloadend(Some(on_load.as_ref().unchecked_ref()));
    // The reader calls back once; the closure must outlive this function.
    on_load.forget();
    let _ = reader.read_as_text(&file);
    input.set_value("");
}

/// Listens for another tab saving the session (the `storage` event, which fires in every
/// other tab of the origin, never in the one that wrote). Dropping the listener removes it.
pub struct OtherTabListener {
    closure: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::StorageEvent)>,
}

impl Drop for OtherTabListener {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback("storage", self.closure.as_ref().unchecked_ref());
        }
    }
}

pub fn on_other_tab_save(mut saved: impl FnMut() + 'static) -> Option<OtherTabListener> {
    use wasm_bindgen::JsCast;
    let closure =
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::StorageEvent)>::new(move |e: web_sys::StorageEvent| {
            if e.key().as_deref() == Some(SESSION_KEY) && e.new_value().is_some() {
                saved();
            }
        });
    web_sys::window()?.add_event_listener_with_callback("storage", closure.as_ref().unchecked_ref()).ok()?;
    Some(OtherTabListener { closure })
}

pub fn save(session: &Session) -> bool {
    set(SESSION_KEY, &session.save())
}

/// Offers `text` as a file download (Blob + object URL), entirely in the page.
pub fn download(filename: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let Some(document) = window.document() else { return };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(el) = document.create_element("a")
        && let Ok(a) = el.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
