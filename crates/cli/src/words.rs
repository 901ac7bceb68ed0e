//! The sandbox's own words in the learner's language: the terminal's help, the replies and
//! errors of `sim …`, and the notes where the sandbox differs from AWS, from the catalogs
//! `words/en.json` and `words/ja.json`.
//!
//! AWS's own output is never here: the AWS CLI's errors and help, botocore's documentation,
//! the formatted responses stay in English whatever the page's language, as the real CLI
//! prints them. A template names its values in braces (`{id}`); a brace that names no value
//! given stays as written, so the help can show `{i:NAME}`.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::sync::OnceLock;

/// The language the sandbox speaks in (the page's; English for the native runner).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }
}

pub const EN: &str = include_str!("words/en.json");
pub const JA: &str = include_str!("words/ja.json");

fn catalog(lang: Lang) -> &'static BTreeMap<String, String> {
    static EN_MAP: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    static JA_MAP: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    // A malformed catalog reads as empty (keys then show as themselves) and its test fails.
    let parse = |text: &str| serde_json::from_str(text).unwrap_or_default();
    match lang {
        Lang::En => EN_MAP.get_or_init(|| parse(EN)),
        Lang::Ja => JA_MAP.get_or_init(|| parse(JA)),
    }
}

/// The text of `key`, or English's where `lang` lacks it, or the key itself: never a panic.
pub fn text(lang: Lang, key: &str) -> &'static str {
    catalog(lang).get(key).or_else(|| catalog(Lang::En).get(key)).map_or("", String::as_str)
}

/// `key`'s template with each `{name}` of `args` filled in.
pub fn fill(lang: Lang, key: &str, args: &[(&str, &dyn Display)]) -> String {
    let template = text(lang, key);
    if template.is_empty() {
        return key.to_string();
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| Some((close, args.iter().find(|(n, _)| *n == &after[..close])?))) {
            Some((close, (_, value))) => {
                out.push_str(&value.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The columns `text` takes on a terminal: two for a wide (East Asian) character, one for
/// others, as terminals lay out the ranges Unicode's East Asian Width (UAX #11) calls wide.
pub fn columns(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF => 2,
            0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 => 2,
            0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// `say!(lang, "key", id = x, zone = z)`: the key's template in `lang` with `{id}` and
/// `{zone}` filled in.
#[macro_export]
macro_rules! say {
    ($lang:expr, $key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::words::fill($lang, $key, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*])
    };
}

/// A message decided before the language is known (a parse error): its key and values,
/// worded when it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    key: &'static str,
    args: Vec<(&'static str, String)>,
}

impl Said {
    pub fn new(key: &'static str) -> Said {
        Said { key, args: Vec::new() }
    }

    /// Words that are not the sandbox's (an error of the sim's), shown as they are.
    pub fn verbatim(text: impl Into<String>) -> Said {
        Said::new("verbatim").with("text", text.into())
    }

    pub fn with(mut self, name: &'static str, value: impl Display) -> Said {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn key(&self) -> &'static str {
        self.key
    }

    pub fn in_lang(&self, lang: Lang) -> String {
        let args: Vec<(&str, &dyn Display)> = self.args.iter().map(|(n, v)| (*n, v as &dyn Display)).collect();
        fill(lang, self.key, &args)
    }
}

/// In English, as the native runner and `to_string` show it.
impl Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_lang(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(template: &str) -> Vec<String> {
        let mut out: Vec<String> = template
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn catalogs_parse_and_have_the_same_keys_and_values() {
        let en: BTreeMap<String, String> = serde_json::from_str(EN).expect("en.json parses");
        let ja: BTreeMap<String, String> = serde_json::from_str(JA).expect("ja.json parses");
        let missing_ja: Vec<&String> = en.keys().filter(|k| !ja.contains_key(*k)).collect();
        let missing_en: Vec<&String> = ja.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing_ja.is_empty(), "keys missing in ja.json: {missing_ja:?}");
        assert!(missing_en.is_empty(), "keys missing in en.json: {missing_en:?}");
        for (k, v) in &en {
            assert_eq!(names(v), names(&ja[k]), "the values named by {k} differ between en and ja");
            assert!(!ja[k].trim().is_empty(), "{k} is empty in ja.json");
        }
    }

    /// Every key the code asks for, found by reading the sources, is in both catalogs.
    #[test]
    fn every_key_used_is_in_the_catalogs() {
        let sources = [
            include_str!("sandbox.rs"),
            include_str!("session.rs"),
            include_str!("help.rs"),
            include_str!("parse.rs"),
            include_str!("by_model.rs"),
        ];
        let en: BTreeMap<String, String> = serde_json::from_str(EN).unwrap();
        let mut used = 0;
        for src in sources {
            for marker in ["say!(lang, \"", "Said::new(\"", "text(lang, \"", "text(self.lang, \""] {
                for piece in src.split(marker).skip(1) {
                    let key = piece.split('"').next().unwrap_or_default();
                    assert!(en.contains_key(key), "'{key}' is used but not in the catalogs");
                    used += 1;
                }
            }
        }
        assert!(used > 50, "only {used} uses found: has the way keys are written changed?");
    }

    /// Every operation note (`note.ACTION`) is of an operation the sandbox models.
    #[test]
    fn every_operation_note_is_of_a_modelled_operation() {
        let actions: Vec<&str> =
            crate::spec::services().iter().flat_map(|s| s.operations.iter().map(|o| o.action)).collect();
        let notes: Vec<&String> = catalog(Lang::En).keys().filter(|k| k.starts_with("note.")).collect();
        assert!(notes.len() > 20, "{} notes", notes.len());
        for key in notes {
            assert!(actions.contains(&&key["note.".len()..]), "{key} names no modelled operation");
        }
    }

    #[test]
    fn templates_fill_and_keep_other_braces() {
        let lang = Lang::En;
        assert_eq!(say!(lang, "sim.unexpected", arg = "x"), "unexpected argument 'x'");
        assert!(text(Lang::En, "help.overview").contains("{i:NAME}"));
        assert_eq!(fill(Lang::Ja, "no.such.key", &[]), "no.such.key");
        assert_eq!(Said::verbatim("as {is}").in_lang(Lang::Ja), "as {is}");
        assert_ne!(text(Lang::Ja, "help.sim"), text(Lang::En, "help.sim"));
        assert_eq!((columns("total"), columns("合計"), columns("ｱ")), (5, 4, 1));
    }
}
