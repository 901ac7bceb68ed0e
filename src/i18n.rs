//! UI strings in English and Japanese, from the catalogs `i18n/en.json` and `i18n/ja.json`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A UI language: the CLI's own (kumo_cli::words), so the page and the terminal's sandbox
/// messages are in one language.
pub use kumo_cli::words::Lang;

pub const EN_CATALOG: &str = include_str!("i18n/en.json");
pub const JA_CATALOG: &str = include_str!("i18n/ja.json");

/// Parses a catalog; a malformed one yields an empty map (and the catalog test fails).
pub fn parse_catalog(text: &str) -> BTreeMap<String, String> {
    serde_json::from_str(text).unwrap_or_default()
}

fn catalog(lang: Lang) -> &'static BTreeMap<String, String> {
    static EN: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    static JA: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| parse_catalog(EN_CATALOG)),
        Lang::Ja => JA.get_or_init(|| parse_catalog(JA_CATALOG)),
    }
}

/// The text of `key` in `lang`. A missing key shows as the key itself, never as a panic;
/// the catalog test makes sure none is missing.
pub fn tr(lang: Lang, key: &str) -> String {
    catalog(lang).get(key).cloned().unwrap_or_else(|| key.to_string())
}
