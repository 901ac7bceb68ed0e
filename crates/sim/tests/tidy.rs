//! Tidy test of kumo-sim's module structure (as rust-analyzer's tidy tests read the source):
//! it reads every `crate::…` path outside tests and comments and checks that
//! - the core (clock, ids, RNG, Regions, limits, errors, histories, storage, crypto, the
//!   catalogue) imports no service and nothing above it;
//! - every service's `mod.rs` starts with a `//!` doc that has a `Depends on:` line, and the
//!   services it uses are the ones that line names;
//! - the services import one another without a cycle;
//! - the references from the services up to the top modules (`command`, `event`, `sim`,
//!   `world`), which issue "One way to add a service" is removing, only ever become fewer:
//!   [`UPWARD`] holds today's counts; lower a count when a change removes references.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const CORE: &[&str] = &[
    "catalog", "crypto", "dirty", "error", "history", "ids", "index", "input", "limits", "paging", "region",
    "resource", "rng", "storage", "time",
];
const SERVICES: &[&str] = &["ec2", "cloudwatch", "sns", "sts", "iam"];
const TOP: &[&str] = &["command", "event", "sim", "world", "save", "response", "changes"];

/// Today's references from a service up to a top module (at most; fewer is progress).
/// (Once up by one: CloudWatch's `serve.rs`, the entry point of its own request types, is one
/// more `impl Sim`, in the change that moved `Scope` to the core and so took CloudWatch's four
/// references to `command`, SNS's one and one of EC2's away: 58 references became 53. EC2's
/// `serve.rs` likewise, when EC2's request types and its Tag, Filter and TagSpecification moved
/// into `ec2::api`: 53 became 51.)
const UPWARD: &[(&str, &str, usize)] = &[
    ("cloudwatch", "event", 2),
    ("cloudwatch", "sim", 5),
    ("cloudwatch", "world", 1),
    ("ec2", "command", 14),
    ("ec2", "event", 9),
    ("ec2", "sim", 11),
    ("ec2", "world", 8),
    ("sns", "sim", 1),
];

/// Source without comments and without `#[cfg(test)]` modules (tests may use anything).
fn code(text: &str) -> String {
    let body = text.split("#[cfg(test)]").next().unwrap_or_default();
    body.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable src").flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") && p.file_name().is_some_and(|n| n != "tests.rs") {
            // A module's `tests.rs` is its `#[cfg(test)] mod tests;`: tests may use anything.
            out.push(p);
        }
    }
}

/// (from module, to module) → number of `crate::to` references in `from`.
fn references() -> BTreeMap<(String, String), usize> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut list = Vec::new();
    files(&src, &mut list);
    let mut refs = BTreeMap::new();
    for path in list {
        let rel = path.strip_prefix(&src).expect("under src");
        let from = rel.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or_default();
        let from = from.trim_end_matches(".rs").to_string();
        let text = code(&std::fs::read_to_string(&path).expect("readable file"));
        let mut rest = text.as_str();
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let to: String =
                rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit()).collect();
            if !to.is_empty() && to != from {
                *refs.entry((from.clone(), to)).or_insert(0) += 1;
            }
        }
    }
    refs
}

#[test]
fn the_core_imports_no_service_and_nothing_above_it() {
    let bad: Vec<String> = references()
        .into_iter()
        .filter(|((from, to), _)| CORE.contains(&from.as_str()) && !CORE.contains(&to.as_str()))
        .map(|((from, to), n)| format!("{from} -> {to} ({n})"))
        .collect();
    assert!(bad.is_empty(), "the core reaches out of the core: {bad:?}");
}

#[test]
fn services_depend_on_what_their_docs_name_without_a_cycle() {
    let refs = references();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for service in SERVICES {
        let doc = std::fs::read_to_string(src.join(service).join("mod.rs")).expect("a service is a folder with mod.rs");
        let header: Vec<&str> = doc.lines().take_while(|l| l.starts_with("//!")).collect();
        // The `Depends on:` paragraph: from that line to the next empty `//!` line.
        let start = header.iter().position(|l| l.contains("Depends on:"));
        let start = start.unwrap_or_else(|| panic!("{service}/mod.rs: no `//! Depends on:` line in its doc"));
        let depends: String =
            header[start..].iter().take_while(|l| l.trim() != "//!").copied().collect::<Vec<_>>().join(" ");
        // A closing parenthetical sentence (what it still reaches up to) names no dependency.
        let depends = depends.split(". (").next().unwrap_or_default();
        let words: BTreeSet<&str> = depends.split(|c: char| !c.is_ascii_alphanumeric()).collect();
        let named: BTreeSet<&str> = SERVICES.iter().copied().filter(|s| s != service && words.contains(s)).collect();
        let used: BTreeSet<&str> = SERVICES
            .iter()
            .copied()
            .filter(|s| s != service && refs.contains_key(&(service.to_string(), s.to_string())))
            .collect();
        assert_eq!(used, named, "{service}: the services it uses differ from its `Depends on:` line");
        graph.insert(service, used);
    }
    // Depth-first search for a cycle.
    fn visit<'a>(n: &'a str, g: &BTreeMap<&'a str, BTreeSet<&'a str>>, path: &mut Vec<&'a str>) {
        if let Some(i) = path.iter().position(|p| *p == n) {
            panic!("import cycle between services: {}", path[i..].join(" -> ") + " -> " + n);
        }
        path.push(n);
        for m in g.get(n).into_iter().flatten() {
            visit(m, g, path);
        }
        path.pop();
    }
    for s in SERVICES {
        visit(s, &graph, &mut Vec::new());
    }
}

#[test]
fn references_from_services_up_to_the_top_only_become_fewer() {
    let refs = references();
    let mut grown = Vec::new();
    for ((from, to), n) in &refs {
        if SERVICES.contains(&from.as_str()) && TOP.contains(&to.as_str()) {
            let allowed = UPWARD.iter().find(|(f, t, _)| f == from && t == to).map(|(_, _, n)| *n).unwrap_or(0);
            if *n > allowed {
                grown.push(format!("{from} -> {to}: {n} references, at most {allowed}"));
            }
        }
    }
    assert!(grown.is_empty(), "services reach up to the top modules more than before: {grown:?}");
}
