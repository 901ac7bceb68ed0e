//! Every UI string comes from the catalogs: both catalogs have the same keys, no text is
//! empty, and every key the code asks for exists in both.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::Path;

use kumo::i18n::{EN_CATALOG, JA_CATALOG, parse_catalog};

fn keys_used_in(dir: &Path, found: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("readable source dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            keys_used_in(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("readable source");
            // tr(lang, "key") — the only way views fetch text. `tr(` must start a word, so
            // that push_str( and the like do not count.
            let mut rest = text.as_str();
            while let Some(at) = rest.find("tr(") {
                let word_start = rest[..at].chars().last().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
                let after = &rest[at + 3..];
                if word_start
                    && let Some(comma) = after.find(',')
                    && let Some(q1) = after[comma..].find('"')
                {
                    let key_start = comma + q1 + 1;
                    if after[comma + 1..comma + q1].trim().is_empty()
                        && let Some(q2) = after[key_start..].find('"')
                    {
                        found.insert(after[key_start..key_start + q2].to_string());
                    }
                }
                rest = after;
            }
        }
    }
}

#[test]
fn catalogs_have_the_same_keys_and_no_empty_text() {
    let en = parse_catalog(EN_CATALOG);
    let ja = parse_catalog(JA_CATALOG);
    assert!(en.len() > 50, "English catalog did not parse");
    let en_keys: BTreeSet<&String> = en.keys().collect();
    let ja_keys: BTreeSet<&String> = ja.keys().collect();
    let only_en: Vec<_> = en_keys.difference(&ja_keys).collect();
    let only_ja: Vec<_> = ja_keys.difference(&en_keys).collect();
    assert!(only_en.is_empty(), "missing in ja.json: {only_en:?}");
    assert!(only_ja.is_empty(), "missing in en.json: {only_ja:?}");
    for (k, v) in en.iter().chain(ja.iter()) {
        assert!(!v.trim().is_empty(), "empty text for {k}");
    }
}

#[test]
fn every_key_the_code_uses_is_in_both_catalogs() {
    let mut used = BTreeSet::new();
    keys_used_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut used);
    assert!(used.len() > 50, "found only {} keys: the scan is broken", used.len());
    let en = parse_catalog(EN_CATALOG);
    let ja = parse_catalog(JA_CATALOG);
    let missing: Vec<_> = used.iter().filter(|k| !en.contains_key(*k) || !ja.contains_key(*k)).collect();
    assert!(missing.is_empty(), "keys used in src but missing from a catalog: {missing:?}");
}

#[test]
fn japanese_is_really_japanese() {
    let ja = parse_catalog(JA_CATALOG);
    let has_kana =
        |s: &str| s.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c));
    let translated = ja.values().filter(|v| has_kana(v)).count();
    assert!(translated * 10 >= ja.len() * 8, "only {translated} of {} Japanese texts contain Japanese", ja.len());
}
