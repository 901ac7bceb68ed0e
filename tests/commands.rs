//! The README's two commands are the ones that exist: a newcomer runs what the README's first
//! code block says, and CI runs the README's test command. This fails when they drift apart.

#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The commands of the README's first code block, with what its comment says each is.
fn readme_commands() -> Vec<(String, String)> {
    let readme = read("README.md");
    let block = readme.split("```sh\n").nth(1).expect("a ```sh block").split("```").next().unwrap_or_default();
    block
        .lines()
        .filter_map(|l| l.split_once('#'))
        .map(|(cmd, what)| (cmd.trim().to_string(), what.trim().to_string()))
        .collect()
}

fn command(kind: &str) -> String {
    readme_commands()
        .into_iter()
        .find(|(_, what)| what.starts_with(&format!("{kind}:")))
        .unwrap_or_else(|| panic!("the README's first code block names no {kind} command"))
        .0
}

#[test]
fn the_readme_opens_with_the_run_and_the_test_command() {
    let readme = read("README.md");
    let first_block = readme.find("```sh").expect("a code block");
    assert!(first_block < 200, "the two commands come first in the README");
    for kind in ["run", "test"] {
        let cmd = command(kind);
        let script = cmd.trim_start_matches("./");
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(script);
        assert!(path.is_file(), "the README's {kind} command {cmd} does not exist");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert!(mode & 0o111 != 0, "{cmd} is not executable");
        }
    }
}

#[test]
fn ci_runs_the_readmes_test_command() {
    let ci = read(".ci/run");
    let test = command("test");
    let runs: Vec<&str> =
        ci.lines().map(str::trim).filter(|l| !l.starts_with('#') && !l.is_empty() && !l.starts_with("set ")).collect();
    assert!(
        runs.iter().any(|l| l.trim_start_matches("exec ") == test),
        ".ci/run must run the README's test command `{test}`; it runs {runs:?}"
    );
}

#[test]
fn the_readme_says_what_the_scripts_install_and_serve() {
    let readme = read("README.md");
    let setup = read("scripts/setup.sh");
    let trunk = setup
        .lines()
        .find_map(|l| l.strip_prefix("TRUNK_VERSION="))
        .expect("scripts/setup.sh pins TRUNK_VERSION")
        .trim();
    assert!(readme.contains(&format!("Trunk {trunk}")), "the README names Trunk {trunk}, as setup.sh installs");
    let lock = read("Cargo.lock");
    let wbg = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"wasm-bindgen\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .expect("wasm-bindgen in Cargo.lock")
        .trim_matches('"');
    assert!(readme.contains(&format!("({wbg})")), "the README names wasm-bindgen-cli {wbg}, as Cargo.lock has it");
    let run = read("scripts/run");
    let port = run.split("PORT:-").nth(1).and_then(|r| r.split('}').next()).expect("scripts/run's default port");
    assert!(readme.contains(&format!("http://127.0.0.1:{port}")), "the README names the port scripts/run serves on");
    assert!(run.contains("build_page") && read("scripts/test").contains("build_page"), "both build the page one way");
}
